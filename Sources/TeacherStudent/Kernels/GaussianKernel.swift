import CertifiedIntervals

/// The Gaussian kernel of an activation σ:
/// `κ(q1, q2, q12) = E[σ(u) σ(u')]` for a centred Gaussian pair with variances
/// `q1, q2` and covariance `q12` (so `q12² ≤ q1·q2`).
///
/// Every method returns enclosures of the exact values for every point of the input
/// enclosures (the inclusion principle of `CertifiedIntervals`). A kernel computes at
/// the precision it was made with (`precision`), for its constants; inputs carry
/// their own precision and results take the larger.
///
/// Conforming types hold one activation each (one file per activation), with their
/// partial derivatives written in singularity-free closed forms; the test suite
/// checks those forms against automatic differentiation of `value` and against finite
/// differences.
public protocol GaussianKernel {
    /// The activation's name as theorem files spell it (`erf`, `relu`, …).
    var activationName: String { get }
    /// The precision of the kernel's constants (π and scale factors).
    var precision: Int { get }

    /// `κ(q1, q2, q12)`.
    func value(_ q1: Interval, _ q2: Interval, _ q12: Interval) throws -> Interval

    /// `κ` and its three first partial derivatives.
    func firstOrder(_ q1: Interval, _ q2: Interval, _ q12: Interval) throws -> KernelFirstOrder

    /// `κ`, its first and its six distinct second partial derivatives. Throws
    /// `KernelError.notTwiceDifferentiable` where they do not exist.
    func secondOrder(_ q1: Interval, _ q2: Interval, _ q12: Interval) throws -> KernelSecondOrder

    /// The self-interaction `h(q) = κ(q, q, q)` of one neuron with itself, and its first
    /// two derivatives in `q`. This is smooth even where the three-argument kernel is
    /// not (ReLU at `ρ = 1`), which is why it is separate.
    func diagonal(_ q: Interval) throws -> DiagonalJet
}

/// `κ` and `∂κ/∂q1`, `∂κ/∂q2`, `∂κ/∂q12` at one point.
public struct KernelFirstOrder {
    public var value: Interval
    public var d1: Interval
    public var d2: Interval
    public var d12: Interval

    public init(value: Interval, d1: Interval, d2: Interval, d12: Interval) {
        self.value = value; self.d1 = d1; self.d2 = d2; self.d12 = d12
    }

    /// The gradient in the order `(q1, q2, q12)`.
    public var gradient: [Interval] { [d1, d2, d12] }
}

/// `κ`, its gradient and its Hessian in `(q1, q2, q12)` at one point.
public struct KernelSecondOrder {
    public var first: KernelFirstOrder
    /// `∂²κ/∂q1²`, `∂²κ/∂q2²`, `∂²κ/∂q12²`.
    public var d11: Interval, d22: Interval, d1212: Interval
    /// `∂²κ/∂q1∂q2`, `∂²κ/∂q1∂q12`, `∂²κ/∂q2∂q12`.
    public var d1d2: Interval, d1d12: Interval, d2d12: Interval

    public init(first: KernelFirstOrder, d11: Interval, d22: Interval, d1212: Interval,
                d1d2: Interval, d1d12: Interval, d2d12: Interval) {
        self.first = first
        self.d11 = d11; self.d22 = d22; self.d1212 = d1212
        self.d1d2 = d1d2; self.d1d12 = d1d12; self.d2d12 = d2d12
    }

    /// The 3×3 Hessian in the order `(q1, q2, q12)`.
    public var hessian: [[Interval]] {
        [[d11, d1d2, d1d12], [d1d2, d22, d2d12], [d1d12, d2d12, d1212]]
    }
}

/// `h(q) = κ(q, q, q)`, `h'(q)` and `h''(q)`.
public struct DiagonalJet {
    public var value: Interval
    public var derivative: Interval
    public var secondDerivative: Interval

    public init(value: Interval, derivative: Interval, secondDerivative: Interval) {
        self.value = value; self.derivative = derivative; self.secondDerivative = secondDerivative
    }
}

/// Why a kernel could not be evaluated at a point.
public enum KernelError: Error, Equatable, CustomStringConvertible {
    /// The second derivatives do not exist (or cannot be bounded) at this point, e.g.
    /// ReLU where the two vectors are parallel (`ρ = ±1`) or one is 0.
    case notTwiceDifferentiable(activation: String, reason: String)
    /// The kernel is not differentiable at all there (ReLU with a zero vector).
    case notDifferentiable(activation: String, reason: String)
    /// The inputs violate `q1, q2 ≥ 0`, `q12² ≤ q1 q2` by more than their width.
    case notAGramMatrix(activation: String, reason: String)

    public var description: String {
        switch self {
        case let .notTwiceDifferentiable(a, r): return "the \(a) kernel is not twice differentiable here: \(r)"
        case let .notDifferentiable(a, r): return "the \(a) kernel is not differentiable here: \(r)"
        case let .notAGramMatrix(a, r): return "invalid input to the \(a) kernel: \(r)"
        }
    }
}

/// Constants shared by the kernels at one precision.
struct KernelConstants {
    let pi: Interval
    let inversePi: Interval
    init(precision: Int) {
        pi = Interval.pi(precision: precision)
        inversePi = try! Interval(1, precision: precision) / pi   // π > 3: never divides by 0
    }
}
