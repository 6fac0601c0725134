import CertifiedIntervals

/// The activations whose Gaussian kernels are known in closed form.
public enum Activation: Equatable, CustomStringConvertible {
    /// `erf(β z)` with `s = 2β²` exact; the project's `erf` is `erf(z/√2)`, `s = 1`.
    case erf(scale: Rational)
    case relu
    case quadratic
    case linear

    /// The project's default erf, `erf(z/√2)`.
    public static let standardErf = Activation.erf(scale: Rational(1))

    /// The kernel of this activation, with constants at `precision` bits.
    public func kernel(precision: Int) -> any GaussianKernel {
        switch self {
        case .erf(let scale):
            return ErfKernel(scale: Interval(scale, precision: precision), precision: precision,
                             name: scale == Rational(1) ? "erf" : "erf(s=\(scale))")
        case .relu: return ReLUKernel(precision: precision)
        case .quadratic: return QuadraticKernel(precision: precision)
        case .linear: return LinearKernel(precision: precision)
        }
    }

    /// The name theorem files and reports use.
    public var description: String {
        switch self {
        case .erf(let scale): return scale == Rational(1) ? "erf" : "erf(s=\(scale))"
        case .relu: return "relu"
        case .quadratic: return "quadratic"
        case .linear: return "linear"
        }
    }

    /// The degree `m` of positive homogeneity, `σ(αz) = α^m σ(z)` for every `α > 0`: 1 for
    /// ReLU and `z`, 2 for `z²`; nil for erf, which is not homogeneous. The one place the
    /// checker records homogeneity (see `ScalingSymmetry`).
    public var homogeneityDegree: Int? {
        switch self {
        case .relu, .linear: return 1
        case .quadratic: return 2
        case .erf: return nil
        }
    }

    /// The scaling symmetry `(a_i, w_i) → (a_i/α^m, α w_i)` of the loss, for an activation
    /// homogeneous of degree `m`; nil when there is none.
    public var scalingSymmetry: ScalingSymmetry? { homogeneityDegree.map(ScalingSymmetry.init(degree:)) }
}
