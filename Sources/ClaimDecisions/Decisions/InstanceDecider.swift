import Foundation
import CertifiedIntervals
import ClosedForms
import TeacherStudent
import TheoremFiles
import Reports

/// A claim's premise could not be certified (e.g. no critical point proved near a
/// numerically refined point): the instance is INCONCLUSIVE with this message.
struct UnprovedPrecondition: Error, CustomStringConvertible {
    let message: String
    /// Whether a higher precision may certify the premise (e.g. a Krawczyk proof whose
    /// box was too small), so that the instance is retried.
    var morePrecisionMayHelp = false
    var description: String { message }
}

/// The decision for one instance at one precision.
struct InstanceOutcome {
    var report: InstanceReport
    /// A number ordering instances from best to worst bound (larger is worse), and the
    /// bound in words, for the claim's summary line.
    var worstKey: (key: Double, text: String)?
    /// Whether a higher precision may settle an INCONCLUSIVE verdict.
    var retry = true
}

/// Decides instances, with adaptive precision and a cache of evaluations shared by the
/// claims of one file.
final class InstanceDecider {
    let file: TheoremFile
    let options: VerificationOptions
    let configurations: FamilyConfigurations
    /// The file's work budget: charged with each attempt's estimated network work and
    /// with every expression node the evaluator visits.
    let workBudget: WorkBudget
    private var lossAndGradientCache: [String: LossAndGradient] = [:]
    private var lossCache: [String: Interval] = [:]
    private var refinementCache: [String: NumericalRefinement.Result] = [:]

    init(file: TheoremFile, options: VerificationOptions) {
        self.file = file
        self.options = options
        configurations = FamilyConfigurations(file: file)
        workBudget = WorkBudget(limit: options.limits.workBudget)
    }

    /// Decides at the start precision, doubling it while the verdict is INCONCLUSIVE and
    /// more precision may help, up to the maximum.
    func decideAdaptively(_ claim: TheoremVerifier.PlannedClaim, _ instance: TheoremVerifier.PlannedInstance) -> InstanceOutcome {
        var precision = options.startPrecision
        let start = Date()
        while true {
            if let refusal = refusalForResources(claim, instance, precision: precision) {
                var outcome = refusal
                outcome.report.seconds = Date().timeIntervalSince(start)
                return outcome
            }
            var outcome = decide(claim, instance, precision: precision)
            outcome.report.seconds = Date().timeIntervalSince(start)
            if outcome.report.verdict != .inconclusive || !outcome.retry || precision >= options.maximumPrecision {
                if outcome.report.verdict == .inconclusive && outcome.retry {
                    let note = "undecided at the maximum precision \(options.maximumPrecision) bits"
                    outcome.report.detail = outcome.report.detail.map { "\($0); \(note)" } ?? note
                }
                return outcome
            }
            precision = min(2 * precision, options.maximumPrecision)
        }
    }

    func decide(_ claim: TheoremVerifier.PlannedClaim, _ instance: TheoremVerifier.PlannedInstance,
                precision p: Int) -> InstanceOutcome {
        var report = InstanceReport(parameters: ParameterValues(instance.parameters.values), verdict: .inconclusive,
                                    precision: p, seconds: 0)
        report.partition = instance.partition
        report.point = instance.point?.map(\.description)
        var outcome = InstanceOutcome(report: report)
        do {
            switch claim.claim.kind {
            case .criticalPoint(let proof):
                try decideCriticalPoint(claim, instance, proof: proof, precision: p, &outcome)
            case .loss(let equals):
                try decideLoss(claim, instance, equals: equals, precision: p, &outcome)
            case .minimumOverFamily(_, let value):
                try decideMinimum(claim, instance, value: value, precision: p, &outcome)
            case .comparison(let left, let relation, let right):
                try decideComparison(claim, instance, left, relation, right, precision: p, &outcome)
            case .kernel:
                try decideKernel(claim, instance, precision: p, &outcome)
            case .hessian(let type):
                try decideHessian(claim, instance, type: type, precision: p, &outcome)
            }
        } catch let error as IntervalDomainError {
            outcome.report.verdict = .inconclusive
            outcome.report.detail = "not evaluable: \(error)"
            // An exact zero divisor (or an exact result too large) stays so at any precision.
            if error.operand == "0" || error.operand == "[0, 0]" || error.kind == .tooLarge { outcome.retry = false }
        } catch let error as NetworkEvaluationError {
            outcome.report.verdict = .inconclusive
            outcome.report.detail = "not evaluable: \(error)"
            if case .kernel = error { outcome.retry = false }
        } catch let error as EvaluationError {
            outcome.report.verdict = .inconclusive
            outcome.report.detail = "cannot evaluate: \(error)"
            outcome.retry = false
        } catch let error as TheoremFileError {
            outcome.report.verdict = .inconclusive
            outcome.report.detail = error.description
            outcome.retry = false
        } catch let error as UnprovedPrecondition {
            outcome.report.verdict = .inconclusive
            outcome.report.detail = error.description
            outcome.retry = error.morePrecisionMayHelp
        } catch let error as WorkBudgetExceeded {
            outcome.report.verdict = .inconclusive
            outcome.report.detail = budgetMessage(claim, error)
            outcome.retry = false
        } catch {
            outcome.report.verdict = .inconclusive
            outcome.report.detail = "\(error)"
            outcome.retry = false
        }
        return outcome
    }

    // MARK: Resources

    /// An INCONCLUSIVE outcome when the attempt at `precision` would pass the work
    /// budget or the memory limit; nil (after charging the attempt's estimated network
    /// work) when it may go ahead.
    func refusalForResources(_ claim: TheoremVerifier.PlannedClaim, _ instance: TheoremVerifier.PlannedInstance,
                             precision p: Int) -> InstanceOutcome? {
        let cost = ResourceModel.attemptCost(claim.claim, family: claim.family, size: instance.size,
                                             members: instance.members?.count ?? 1, precision: p)
        var refusal = InstanceOutcome(report: InstanceReport(
            parameters: ParameterValues(instance.parameters.values), verdict: .inconclusive, precision: p, seconds: 0))
        refusal.report.partition = instance.partition
        refusal.report.point = instance.point?.map(\.description)
        refusal.retry = false
        if cost.bytes > options.limits.memoryBytes {
            refusal.report.precision = max(options.startPrecision, p / 2)
            refusal.report.detail = "undecided at \(refusal.report.precision) bits; \(p) bits would need an estimated "
                + "\(ResourceLimits.describe(bytes: cost.bytes)) of memory, more than the limit of "
                + "\(ResourceLimits.describe(bytes: options.limits.memoryBytes)) (raise it with --memory-limit GIB)"
            return refusal
        }
        do {
            if workBudget.isExhausted { throw WorkBudgetExceeded(limit: workBudget.limit, spent: workBudget.spent) }
            try workBudget.charge(cost.workUnits)
        } catch let error as WorkBudgetExceeded {
            refusal.report.detail = budgetMessage(claim, error)
            return refusal
        } catch {
            return nil
        }
        return nil
    }

    /// Why an instance was not decided for lack of work budget.
    func budgetMessage(_ claim: TheoremVerifier.PlannedClaim, _ error: WorkBudgetExceeded) -> String {
        "not decided: \(error) (claim '\(claim.claim.name)' or earlier ones used it up); "
            + "raise it with --work-budget UNITS"
    }

    // MARK: Shared evaluation

    func cacheKey(_ claim: TheoremVerifier.PlannedClaim, _ instance: TheoremVerifier.PlannedInstance,
                  partition: [Int]?, precision: Int) -> String {
        "\(claim.family?.name ?? "")|\(claim.activation)|\(instance.parameters.values.map { "\($0.name)=\($0.value)" })|\(partition ?? [])|\(precision)"
    }

    func problem(_ claim: TheoremVerifier.PlannedClaim, _ instance: TheoremVerifier.PlannedInstance,
                 partition: [Int]?, precision: Int) throws -> TeacherStudentProblem {
        guard let family = claim.family else { throw file.error(at: claim.claim.keyPath, "the claim needs a family") }
        let teacher = try configurations.teacher(instance.parameters, precision: precision)
        if case .numerical = family.kind {
            let refined = try refinement(claim, instance, teacher: teacher, precision: precision)
            return TeacherStudentProblem(activation: claim.activation, teacher: teacher, student: refined.student)
        }
        let student = try configurations.student(family, partition: partition, instance: instance.parameters,
                                                 precision: precision)
        return TeacherStudentProblem(activation: claim.activation, teacher: teacher, student: student)
    }

    /// The refined point of a numerical family at this instance and precision (cached).
    func refinement(_ claim: TheoremVerifier.PlannedClaim, _ instance: TheoremVerifier.PlannedInstance,
                    teacher: Network, precision: Int) throws -> NumericalRefinement.Result {
        guard let family = claim.family, case .numerical(_, let students, let perturbation, let seed) = family.kind else {
            throw file.error(at: claim.claim.keyPath, "the claim needs a numerical family")
        }
        let key = cacheKey(claim, instance, partition: nil, precision: precision)
        if let cached = refinementCache[key] { return cached }
        let environment = instance.parameters.environment(file.definitions)
        guard let n = (try? students.exactValue(in: environment))??.intValue, n >= 1, n <= teacher.width else {
            throw file.error(at: "\(family.keyPath).students",
                             "the number of students must be an exact integer between 1 and k (at \(configurations.describe(instance.parameters)))")
        }
        let start = NumericalRefinement.perturbedCopies(of: teacher, students: n, perturbation: perturbation.doubleValue,
                                                        seed: UInt64(seed))
        let result = try NumericalRefinement.refine(activation: claim.activation, teacher: teacher,
                                                    weights: start.weights, outputs: start.outputs, precision: precision)
        refinementCache[key] = result
        return result
    }

    func lossAndGradient(_ claim: TheoremVerifier.PlannedClaim, _ instance: TheoremVerifier.PlannedInstance,
                         partition: [Int]?, precision: Int) throws -> LossAndGradient {
        let key = cacheKey(claim, instance, partition: partition, precision: precision)
        if let cached = lossAndGradientCache[key] { return cached }
        let result = try DenseEvaluation.lossAndGradient(
            try problem(claim, instance, partition: partition, precision: precision), precision: precision)
        lossAndGradientCache[key] = result
        return result
    }

    func loss(_ claim: TheoremVerifier.PlannedClaim, _ instance: TheoremVerifier.PlannedInstance,
              partition: [Int]?, precision: Int) throws -> Interval {
        let key = cacheKey(claim, instance, partition: partition, precision: precision)
        if let family = claim.family, case .numerical = family.kind {
            if let cached = lossCache[key] { return cached }
            // The loss over the Krawczyk box around the refined point: it encloses the loss at
            // the exact critical point that Krawczyk locates there — so the Krawczyk proof
            // must succeed first, or the loss is about no critical point.
            let point = try problem(claim, instance, partition: nil, precision: precision)
            let certificate = try CriticalPointCertification.certify(point, precision: precision)
            guard case .unique(_, let box, _, _) = certificate else {
                throw UnprovedPrecondition(message: "no critical point was proved near the numerically refined point "
                                           + "(Krawczyk: \(certificate.failureDescription ?? "failed")), so its loss bounds "
                                           + "no critical point",
                                           morePrecisionMayHelp: certificate.morePrecisionMayHelp)
            }
            let result = try DenseEvaluation.loss(box.problem, precision: precision)
            lossCache[key] = result
            return result
        }
        if let cached = lossAndGradientCache[key] { return cached.loss }
        if let cached = lossCache[key] { return cached }
        let result = try DenseEvaluation.loss(try problem(claim, instance, partition: partition, precision: precision),
                                              precision: precision)
        lossCache[key] = result
        return result
    }

    /// The environment of the claim's expressions: parameters, and `groups` (the block
    /// sizes) for copy-average configurations.
    func environment(_ instance: TheoremVerifier.PlannedInstance, partition: [Int]?) -> Environment {
        var environment = instance.parameters.environment(file.definitions)
        environment.workBudget = workBudget
        if let partition { environment.variables["groups"] = .list(partition.map { Rational($0) }) }
        return environment
    }

    /// The name of gradient component `index` in `(w_1 … w_n, a_1 … a_n)` order.
    func componentName(_ index: Int, students n: Int, dimension d: Int) -> String {
        index < n * d ? "∂L/∂w_\(index / d + 1)[\(index % d + 1)]" : "∂L/∂a_\(index - n * d + 1)"
    }

    // MARK: Verdict helpers

    /// Equality within tolerance: REFUTED when `difference` excludes 0, VERIFIED when it
    /// contains 0 and lies within `[-tol, tol]`, else INCONCLUSIVE.
    func equalityVerdict(_ difference: Interval, tolerance: Rational, what: String, _ outcome: inout InstanceOutcome) {
        outcome.report.difference = EnclosureFormatting.bounds(difference)
        outcome.worstKey = (difference.magnitude.upperBoundAsDouble, "max |difference| ≤ \(EnclosureFormatting.short(difference.magnitude))")
        if !difference.containsZero {
            outcome.report.verdict = .refuted
            outcome.report.witness = "\(what) ∈ \(difference.description(digits: 12)) excludes 0"
        } else if difference.isWithin(magnitude: tolerance) {
            outcome.report.verdict = .verified
        } else {
            outcome.report.verdict = .inconclusive
            outcome.report.detail = "\(what) ∈ \(difference.description(digits: 12)) contains 0 but is not within the tolerance"
        }
    }
}
