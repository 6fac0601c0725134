import CertifiedIntervals
import ClosedForms
import TeacherStudent
import TheoremFiles

/// Everything one attempt at one instance needs, and what is derived from it: whether
/// the family is numerical, the environment of the claim's expressions, the
/// teacher–student problem of a partition, and its (cached) evaluations.
struct InstanceContext {
    let claim: TheoremVerifier.PlannedClaim
    let instance: TheoremVerifier.PlannedInstance
    let precision: Int
    let file: TheoremFile
    let configurations: FamilyConfigurations
    let cache: EvaluationCache
    let workBudget: WorkBudget
    /// The largest precision this instance may be tried at (so a decider knows its last attempt).
    var maximumPrecision: Int = Int.max

    var tolerance: Rational { claim.claim.tolerance }
    var partition: [Int]? { instance.partition }

    /// A point known only numerically (refined, then certified by Krawczyk).
    var isNumerical: Bool {
        if case .numerical? = claim.family?.kind { return true }
        return false
    }

    var familyIdentity: FamilyIdentity { FamilyIdentity(claim) }

    func key(partition: [Int]?) -> EvaluationKey {
        EvaluationKey(family: familyIdentity,
                      parameters: instance.parameters.values.map { .init(name: $0.name, value: $0.value) },
                      partition: partition, precision: precision)
    }

    /// The environment of the claim's expressions: parameters, and `groups` (the block
    /// sizes) for copy-average configurations.
    func environment(partition: [Int]?) -> Environment {
        var environment = instance.parameters.environment(file.definitions)
        environment.workBudget = workBudget
        if let partition { environment.variables["groups"] = .list(partition.map { Rational($0) }) }
        return environment
    }

    /// The teacher–student problem of `partition` (the refined point of a numerical family).
    func problem(partition: [Int]?) throws -> TeacherStudentProblem {
        guard let family = claim.family else { throw file.error(at: claim.claim.keyPath, "the claim needs a family") }
        let teacher = try configurations.teacher(instance.parameters, precision: precision)
        if isNumerical {
            let refined = try refinement(teacher: teacher)
            return TeacherStudentProblem(activation: claim.activation, teacher: teacher, student: refined.student)
        }
        let student = try configurations.student(family, partition: partition, instance: instance.parameters,
                                                 precision: precision)
        return TeacherStudentProblem(activation: claim.activation, teacher: teacher, student: student)
    }

    /// The refined point of a numerical family at this instance and precision (cached).
    func refinement(teacher: Network) throws -> NumericalRefinement.Result {
        guard let family = claim.family, case .numerical(let start, let students, let perturbation, let seed) = family.kind else {
            throw file.error(at: claim.claim.keyPath, "the claim needs a numerical family")
        }
        if case .point(let rows, let outputs, _) = start {
            return try cache.refinement(key(partition: nil)) {
                let environment = instance.parameters.environment(file.definitions)
                let student = Configurations.explicit(
                    inputWeights: try rows.map { try $0.map { try $0.enclosure(in: environment, precision: precision) } },
                    outputWeights: try outputs.map { try $0.enclosure(in: environment, precision: precision) },
                    precision: precision)
                return try NumericalRefinement.refine(activation: claim.activation, teacher: teacher, start: student,
                                                      precision: precision)
            }
        }
        return try cache.refinement(key(partition: nil)) {
            let environment = instance.parameters.environment(file.definitions)
            guard let n = (try? students.exactValue(in: environment))??.intValue, n >= 1, n <= teacher.width else {
                throw file.error(at: "\(family.keyPath).students", "the number of students must be an exact integer "
                                 + "between 1 and k (at \(configurations.describe(instance.parameters)))")
            }
            let start = NumericalRefinement.perturbedCopies(of: teacher, students: n, perturbation: perturbation.doubleValue,
                                                            seed: UInt64(seed))
            return try NumericalRefinement.refine(activation: claim.activation, teacher: teacher,
                                                  weights: start.weights, outputs: start.outputs, precision: precision)
        }
    }

    /// Loss and gradient of `partition`'s configuration (cached): from the group structure
    /// (`BlockStructuredEvaluation`, one evaluation per class and pair of classes) for a
    /// closed-form copy-average configuration of the orthonormal teacher
    /// (`CopyAverageStructure`), densely for everything else.
    func lossAndGradient(partition: [Int]?) throws -> LossAndGradient {
        try cache.lossAndGradient(key(partition: partition)) {
            if let structure = try CopyAverageStructure(self, partition: partition) {
                return try structure.lossAndGradient(precision: precision)
            }
            return try DenseEvaluation.lossAndGradient(try problem(partition: partition), precision: precision)
        }
    }

    /// The loss of `partition`'s configuration (structured for copy-average configurations,
    /// as `lossAndGradient`); for a numerical family, the loss at the
    /// exact critical point that Krawczyk proves near the refined point.
    func loss(partition: [Int]?) throws -> Interval {
        try cache.loss(key(partition: partition), sharesGradient: !isNumerical) {
            if isNumerical {
                return try CriticalPointProofs.lossAtCertifiedCriticalPoint(try problem(partition: nil), precision: precision)
            }
            if let structure = try CopyAverageStructure(self, partition: partition) {
                return try structure.lossAndGradient(precision: precision).loss
            }
            return try DenseEvaluation.loss(try problem(partition: partition), precision: precision)
        }
    }

    /// The gradient component of `index` in `(w_1 … w_n, a_1 … a_n)` order, for `gradient`.
    static func component(_ index: Int, of gradient: LossAndGradient) -> GradientComponent {
        GradientComponent(index: index, students: gradient.outputWeightGradient.count,
                          dimension: gradient.inputWeightGradient.columns)
    }
}
