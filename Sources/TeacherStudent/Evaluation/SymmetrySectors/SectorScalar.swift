import CertifiedIntervals

/// The numbers a symmetry-sector block is made of: `Interval` for one configuration, or a
/// polynomial in the integer variable `n` with `Interval` coefficients for a family whose
/// class multiplicities are affine in `n` (`IntervalPolynomial`). The block entries are
/// sums of products of kernel values (constants) and counts, so a ring with constants
/// and counts is all the evaluation needs. Every operation must enclose the exact result
/// for every value of the variable (outward rounding).
public protocol SectorScalar {
    static func + (x: Self, y: Self) -> Self
    static func - (x: Self, y: Self) -> Self
    static func * (x: Self, y: Self) -> Self
    /// The constant `value`.
    static func constant(_ value: Interval) -> Self
    /// The count `count` (an exact integer polynomial in `n`) at `precision`. A type
    /// without a variable (`Interval`) accepts only constant polynomials and traps
    /// otherwise (a programming error: the family entry points never pass it one).
    static func count(_ count: CountPolynomial, precision: Int) -> Self
}

extension Interval: SectorScalar {
    public static func constant(_ value: Interval) -> Interval { value }
    public static func count(_ count: CountPolynomial, precision: Int) -> Interval {
        guard let value = count.constantValue else {
            preconditionFailure("an Interval count must be constant, got \(count)")
        }
        return Interval(value, precision: precision)
    }
}

extension IntervalPolynomial: SectorScalar {
    // `constant(_:)` and + − × are IntervalPolynomial's own.
    public static func count(_ count: CountPolynomial, precision: Int) -> IntervalPolynomial {
        IntervalPolynomial(integers: count.coefficients, precision: precision)
    }
}
