import CertifiedIntervals
import ClosedForms
import TeacherStudent
import TheoremFiles

/// The copy-average structure of an instance's configuration, when it has one: the
/// configuration is a closed-form copy-average configuration (or the one-neuron
/// average, one group of size k) of the orthonormal teacher, so its loss, gradient and
/// Hessian can be computed from its group sizes (`BlockStructuredEvaluation`,
/// `SymmetryAdaptedHessian`) instead of from weight matrices.
///
/// What qualifies is decided from the file alone — the family's kind and the teacher —
/// never from numbers: numerical, explicit and perturbed configurations have no such
/// structure (nil), and go the dense way.
struct CopyAverageStructure {
    /// The group sizes, in the order of the students (`partition[i]` is student i's).
    let partition: [Int]
    let teacherNeurons: Int
    let inputDimension: Int
    let activation: Activation
    /// `c(ℓ)` and `a(ℓ)` at this instance, enclosed at the context's precision.
    let coefficient: (Int) throws -> Interval
    let outgoingWeight: (Int) throws -> Interval
    /// The file's memo of class kernel values for this activation and precision
    /// (`EvaluationCache.groupKernels`): partitions of k share their sizes and pairs.
    let kernelMemo: GroupKernelMemo

    /// The structure of `context`'s configuration at `partition`, or nil when it is not a
    /// closed-form copy-average configuration of the orthonormal teacher.
    init?(_ context: InstanceContext, partition: [Int]?) throws {
        guard !context.isNumerical, let family = context.claim.family,
              case .orthonormal = context.file.setting.teacher else { return nil }
        let configurations = context.configurations
        let instance = context.instance.parameters
        let environment = instance.environment(context.file.definitions)
        let p = context.precision
        let k = try configurations.teacherNeurons(instance, keyPath: family.keyPath)
        let d = try configurations.inputDimension(instance, keyPath: "setting.dimension")
        switch family.kind {
        case let .copyAverage(_, _, incoming, outgoing):
            guard let partition, !partition.isEmpty, partition.allSatisfy({ $0 >= 1 }),
                  partition.reduce(0, +) == k else { return nil }
            func at(_ l: Int) -> Environment {
                var e = environment
                e.variables["l"] = .exact(Rational(l))
                return e
            }
            self.partition = partition
            coefficient = { l in try incoming.enclosure(in: at(l), precision: p) }
            outgoingWeight = { l in try outgoing.enclosure(in: at(l), precision: p) }
        case let .oneNeuronAverage(incoming, outgoing):
            self.partition = [k]
            coefficient = { _ in try incoming.enclosure(in: environment, precision: p) }
            outgoingWeight = { _ in try outgoing.enclosure(in: environment, precision: p) }
        case .numerical, .explicit:
            return nil
        }
        guard k <= d else { return nil }
        teacherNeurons = k
        inputDimension = d
        activation = context.claim.activation
        kernelMemo = context.cache.groupKernels(context.claim.activation, precision: p)
    }

    /// Loss and every gradient component from the group structure (one evaluation per
    /// class and pair of classes, each component its class representative's value; see
    /// `BlockStructuredEvaluation.lossAndGradient(partition:…)`).
    func lossAndGradient(precision: Int) throws -> LossAndGradient {
        try BlockStructuredEvaluation.lossAndGradient(partition: partition, inputDimension: inputDimension,
                                                      activation: activation, precision: precision,
                                                      coefficient: coefficient, outgoingWeight: outgoingWeight,
                                                      memo: kernelMemo)
    }
}
