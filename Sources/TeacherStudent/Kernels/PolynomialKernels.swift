import CertifiedIntervals

/// The kernel of `σ(z) = z²`: `κ = q1 q2 + 2 q12²` (Isserlis). A polynomial, smooth
/// everywhere; exact on exact inputs.
public struct QuadraticKernel: GaussianKernel {
    public let activationName = "quadratic"
    public let precision: Int
    public init(precision: Int) { self.precision = precision }

    public func value(_ q1: Interval, _ q2: Interval, _ q12: Interval) throws -> Interval {
        q1 * q2 + 2 * q12.squared
    }

    public func firstOrder(_ q1: Interval, _ q2: Interval, _ q12: Interval) throws -> KernelFirstOrder {
        KernelFirstOrder(value: try value(q1, q2, q12), d1: q2, d2: q1, d12: 4 * q12)
    }

    public func secondOrder(_ q1: Interval, _ q2: Interval, _ q12: Interval) throws -> KernelSecondOrder {
        let zero = Interval.zero(precision: precision)
        return KernelSecondOrder(first: try firstOrder(q1, q2, q12), d11: zero, d22: zero,
                                 d1212: Interval(4, precision: precision),
                                 d1d2: Interval(1, precision: precision), d1d12: zero, d2d12: zero)
    }

    /// `h(q) = 3q²`.
    public func diagonal(_ q: Interval) throws -> DiagonalJet {
        DiagonalJet(value: 3 * q.squared, derivative: 6 * q, secondDerivative: Interval(6, precision: precision))
    }
}

/// The kernel of `σ(z) = z`: `κ = q12`. Exact.
public struct LinearKernel: GaussianKernel {
    public let activationName = "linear"
    public let precision: Int
    public init(precision: Int) { self.precision = precision }

    public func value(_ q1: Interval, _ q2: Interval, _ q12: Interval) throws -> Interval { q12 }

    public func firstOrder(_ q1: Interval, _ q2: Interval, _ q12: Interval) throws -> KernelFirstOrder {
        let zero = Interval.zero(precision: precision)
        return KernelFirstOrder(value: q12, d1: zero, d2: zero, d12: Interval(1, precision: precision))
    }

    public func secondOrder(_ q1: Interval, _ q2: Interval, _ q12: Interval) throws -> KernelSecondOrder {
        let zero = Interval.zero(precision: precision)
        return KernelSecondOrder(first: try firstOrder(q1, q2, q12), d11: zero, d22: zero, d1212: zero,
                                 d1d2: zero, d1d12: zero, d2d12: zero)
    }

    /// `h(q) = q`.
    public func diagonal(_ q: Interval) throws -> DiagonalJet {
        DiagonalJet(value: q, derivative: Interval(1, precision: precision),
                    secondDerivative: Interval.zero(precision: precision))
    }
}
