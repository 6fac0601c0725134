import CertifiedIntervals

/// A neuron of the teacher or the student, 1-based as reports print it.
public enum Neuron: Equatable, CustomStringConvertible {
    case student(Int)
    case teacher(Int)
    public var description: String {
        switch self {
        case .student(let i): return "student \(i)"
        case .teacher(let j): return "teacher \(j)"
        }
    }
}

/// The loss, a gradient or a Hessian could not be enclosed.
public enum NetworkEvaluationError: Error, CustomStringConvertible {
    /// The kernel failed on the pair of neurons named (e.g. the ReLU Hessian where
    /// `w_i ∥ v_j`).
    case kernel(Neuron, Neuron, KernelError)
    /// A domain error of the interval core on the pair named.
    case domain(Neuron, Neuron, IntervalDomainError)

    public var description: String {
        switch self {
        case let .kernel(a, b, e): return "\(a) and \(b): \(e)"
        case let .domain(a, b, e): return "\(a) and \(b): \(e)"
        }
    }
}

/// Runs `body`, naming the neuron pair in any kernel or domain error it throws.
@inline(__always)
func onPair<R>(_ a: Neuron, _ b: Neuron, _ body: () throws -> R) throws -> R {
    do { return try body() }
    catch let e as KernelError { throw NetworkEvaluationError.kernel(a, b, e) }
    catch let e as IntervalDomainError { throw NetworkEvaluationError.domain(a, b, e) }
}
