import CertifiedIntervals
import CertifiedLinearAlgebra

/// A two-layer network without biases, `f(x) = Σ_i a_i σ(w_i · x)`, with enclosures for
/// its weights: row `i` of `inputWeights` is `w_i ∈ R^d`, `outputWeights[i]` is `a_i`.
///
/// A note on precision: a network has no precision of its own. Its weights carry the
/// precision they were built with (`Configurations` converts them to the precision it
/// is given; `withPrecision` converts explicitly), and evaluations, which take the
/// working precision for the constants they create, work at the largest precision of
/// their operands (the CertifiedIntervals rule).
public struct Network {
    public var inputWeights: IntervalMatrix
    public var outputWeights: [Interval]

    public init(inputWeights: IntervalMatrix, outputWeights: [Interval]) {
        precondition(inputWeights.rows == outputWeights.count, "one output weight per neuron")
        self.inputWeights = inputWeights
        self.outputWeights = outputWeights
    }

    /// The number of neurons.
    public var width: Int { outputWeights.count }
    /// The input dimension `d`.
    public var inputDimension: Int { inputWeights.columns }

    /// The same weights at another precision.
    public func withPrecision(_ p: Int) -> Network {
        Network(inputWeights: inputWeights.withPrecision(p), outputWeights: outputWeights.map { $0.withPrecision(p) })
    }
}

/// A teacher and a student network on the same input dimension, with the activation
/// they share: everything the population loss `L = E[(f(x) − f*(x))²]` depends on.
/// It has no precision of its own (there used to be one, the smaller of the two
/// networks', against the module's max-of-operands rule, and nothing read it): every
/// evaluation is given its working precision explicitly.
public struct TeacherStudentProblem {
    public var activation: Activation
    public var teacher: Network
    public var student: Network

    public init(activation: Activation, teacher: Network, student: Network) {
        precondition(teacher.inputDimension == student.inputDimension, "teacher and student need the same d")
        self.activation = activation
        self.teacher = teacher
        self.student = student
    }

    public var inputDimension: Int { student.inputDimension }
    /// The number of parameters of the student, `n (d + 1)`: the size of the Hessian.
    public var parameterCount: Int { student.width * (inputDimension + 1) }
}
