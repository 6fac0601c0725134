import CMPFR

/// A closed interval `[lower, upper]` of reals whose endpoints are MPFR numbers of
/// `precision` bits.
///
/// The guarantee of this module is stated once, in its README (the inclusion
/// principle): for every point of the input intervals, the exact result of the
/// operation lies in the output interval. Doc comments below only add what differs:
/// domains, exactness, and which precision a result carries.
///
/// An `Interval` is always an enclosure of some exact real. Numbers that enclose nothing
/// have their own types: a midpoint is a `PointValue` (`midpoint`, back with
/// `Interval(exactly:)`), `magnitude` and `width` are `MagnitudeBound`s, the lower end
/// a `LowerBound`.
///
/// A note on precision: every interval carries the precision of its endpoints. Values
/// are created at an explicit precision (`Interval(3, precision: 256)`,
/// `Interval.pi(precision: 256)`); an operation on several intervals produces its
/// result at the largest precision of its operands. There is no global precision.
public struct Interval {
    @usableFromInline var storage: EndpointStorage

    /// The number of bits of each endpoint.
    public let precision: Int

    /// The smallest and largest precision this module accepts, in bits.
    public static let precisionRange: ClosedRange<Int> = 2...(1 << 24)

    @usableFromInline
    init(uninitializedPrecision precision: Int) {
        precondition(Interval.precisionRange.contains(precision),
                     "precision \(precision) is outside \(Interval.precisionRange)")
        self.storage = EndpointStorage.make(precision: precision)
        self.precision = precision
    }

    /// Builds a result: `body` receives the result's lower and upper endpoints to
    /// write (lower rounded down, upper rounded up). Operands must be kept alive by
    /// the caller (`withExtendedLifetime`).
    @inlinable @inline(__always)
    static func build(precision: Int,
                      _ body: (mpfr_ptr, mpfr_ptr) throws -> Void) rethrows -> Interval {
        let result = Interval(uninitializedPrecision: precision)
        try withExtendedLifetime(result.storage) {
            try body(result.storage.lower, result.storage.upper)
        }
        return result
    }

    // MARK: Exact and outward conversions

    /// The integer `value`; exact when `precision >= 64`, otherwise rounded outward.
    public init(_ value: Int, precision: Int) {
        self.init(uninitializedPrecision: precision)
        withExtendedLifetime(storage) {
            mpfr_set_si(storage.lower, value, MPFR_RNDD)
            mpfr_set_si(storage.upper, value, MPFR_RNDU)
        }
    }

    /// The rational `value`, rounded outward (exact when it is a dyadic number that
    /// fits in `precision` bits).
    public init(_ value: Rational, precision: Int) {
        self.init(uninitializedPrecision: precision)
        withExtendedLifetime((storage, value.storage)) {
            mpfr_set_q(storage.lower, value.storage.pointer, MPFR_RNDD)
            mpfr_set_q(storage.upper, value.storage.pointer, MPFR_RNDU)
        }
    }

    /// The double `value`; exact when `precision >= 53`, otherwise rounded outward.
    /// Domain: `value` must be finite.
    public init(_ value: Double, precision: Int) {
        precondition(value.isFinite, "Interval(Double) needs a finite value, got \(value)")
        self.init(uninitializedPrecision: precision)
        withExtendedLifetime(storage) {
            mpfr_set_d(storage.lower, value, MPFR_RNDD)
            mpfr_set_d(storage.upper, value, MPFR_RNDU)
        }
    }

    /// The interval `[lower, upper]` of two doubles (each end rounded outward when
    /// `precision < 53`). Domain: finite ends with `lower <= upper`.
    public init(lower: Double, upper: Double, precision: Int) {
        precondition(lower.isFinite && upper.isFinite && lower <= upper,
                     "Interval(lower:upper:) needs finite ends in order, got [\(lower), \(upper)]")
        self.init(uninitializedPrecision: precision)
        withExtendedLifetime(storage) {
            mpfr_set_d(storage.lower, lower, MPFR_RNDD)
            mpfr_set_d(storage.upper, upper, MPFR_RNDU)
        }
    }

    /// The same enclosure at another precision: rounded outward when narrowing the
    /// precision, exact when widening it.
    public func withPrecision(_ newPrecision: Int) -> Interval {
        if newPrecision == precision { return self }
        return withExtendedLifetime(storage) {
            Interval.build(precision: newPrecision) { lo, hi in
                mpfr_set(lo, storage.lower, MPFR_RNDD)
                mpfr_set(hi, storage.upper, MPFR_RNDU)
            }
        }
    }

    /// The smallest interval containing both `a` and `b` (their convex hull), at the
    /// larger of their precisions; NaN ends when either is not well formed.
    public static func hull(_ a: Interval, _ b: Interval) -> Interval {
        withExtendedLifetime((a.storage, b.storage)) {
            build(precision: max(a.precision, b.precision)) { lo, hi in
                mpfr_min(lo, a.storage.lower, b.storage.lower, MPFR_RNDD)
                mpfr_max(hi, a.storage.upper, b.storage.upper, MPFR_RNDU)
                // MPFR's min/max return the other operand for a NaN: unknown stays unknown.
                if !a.isWellFormed || !b.isWellFormed { mpfr_set_nan(lo); mpfr_set_nan(hi) }
            }
        }
    }

    // MARK: Endpoints as doubles (for float64 solvers and quick displays)

    /// The lower endpoint rounded down to a double (−∞ when it underflows the range).
    public var lowerBoundAsDouble: Double {
        withExtendedLifetime(storage) { mpfr_get_d(storage.lower, MPFR_RNDD) }
    }

    /// The upper endpoint rounded up to a double (+∞ when it overflows the range).
    public var upperBoundAsDouble: Double {
        withExtendedLifetime(storage) { mpfr_get_d(storage.upper, MPFR_RNDU) }
    }

    /// The midpoint rounded to the nearest double (the midpoint is formed in MPFR first):
    /// ±∞ when it overflows the double range, 0 or a subnormal when it underflows; NaN
    /// only when an end is NaN or the ends are infinities of opposite signs. Callers that
    /// build an `Interval` from it, or decide anything with it, must handle those cases.
    public var midpointAsDouble: Double {
        withExtendedLifetime(storage) {
            withScratchNumbers(count: 1, precision: max(precision, 53) + 1) { m in
                mpfr_add(m, storage.lower, storage.upper, MPFR_RNDN)
                mpfr_div_2ui(m, m, 1, MPFR_RNDN)
                return mpfr_get_d(m, MPFR_RNDN)
            }
        }
    }

    /// The exponent `e` with `2^(e−1) ≤ max(|lower|, |upper|) < 2^e` (exact, whatever the
    /// size: for scaling by powers of two before going to float64); nil when both ends
    /// are 0 or an end is not a finite number.
    public var magnitudeExponent: Int? {
        let storage = self.storage
        return withExtendedLifetime(storage) {
            let ends = [storage.lower, storage.upper]
            guard ends.allSatisfy({ mpfr_number_p($0) != 0 }) else { return Int?.none }
            return ends.filter { mpfr_zero_p($0) == 0 }.map { Int(mpfr_get_exp($0)) }.max()
        }
    }

    /// True when the midpoint of `self` is larger in magnitude than that of `other`
    /// (compared in MPFR, so at any scale; false when a midpoint is NaN). For choosing
    /// pivots, not for certifying anything.
    public func hasLargerMidpointMagnitude(than other: Interval) -> Bool {
        withExtendedLifetime((storage, other.storage)) {
            withScratchNumbers(count: 2, precision: max(precision, other.precision) + 1) { m in
                mpfr_add(m, storage.lower, storage.upper, MPFR_RNDN)
                mpfr_add(m + 1, other.storage.lower, other.storage.upper, MPFR_RNDN)
                guard mpfr_nan_p(m) == 0, mpfr_nan_p(m + 1) == 0 else { return false }
                return mpfr_cmpabs(m, m + 1) > 0
            }
        }
    }

    /// Low-level access to the endpoints, for tests that compare with MPFR directly.
    public func withUnsafeEndpoints<R>(_ body: (mpfr_srcptr, mpfr_srcptr) throws -> R) rethrows -> R {
        try withExtendedLifetime(storage) { try body(storage.lower, storage.upper) }
    }

    /// Builds an interval by writing its endpoints directly with MPFR: `body` must set
    /// the first argument to a lower bound and the second to an upper bound of the
    /// quantity meant. For tests and for code that computes bounds itself.
    public static func fromUnsafeEndpoints(precision: Int,
                                           _ body: (mpfr_ptr, mpfr_ptr) throws -> Void) rethrows -> Interval {
        try build(precision: precision, body)
    }
}

// MARK: - Predicates

extension Interval {
    /// True when the lower endpoint is not larger than the upper one and neither is
    /// NaN. Every interval this module returns is well formed.
    public var isWellFormed: Bool {
        withExtendedLifetime(storage) {
            mpfr_nan_p(storage.lower) == 0 && mpfr_nan_p(storage.upper) == 0
                && mpfr_lessequal_p(storage.lower, storage.upper) != 0
        }
    }

    /// True when both endpoints are finite.
    public var isFinite: Bool {
        withExtendedLifetime(storage) {
            mpfr_number_p(storage.lower) != 0 && mpfr_number_p(storage.upper) != 0
        }
    }

    /// True when the interval is a single point.
    public var isPoint: Bool {
        withExtendedLifetime(storage) { mpfr_equal_p(storage.lower, storage.upper) != 0 }
    }

    /// True when 0 lies in the interval. Predicates that may certify something ("every
    /// point …") are false, and those that may refute ("some point may …") are true,
    /// when an end is NaN (an enclosure of nothing known).
    public var containsZero: Bool {
        !isWellFormed || withExtendedLifetime(storage) {
            cmpfr_sgn(storage.lower) <= 0 && cmpfr_sgn(storage.upper) >= 0
        }
    }

    /// True when every point is > 0 (certified positivity).
    public var isPositive: Bool { isWellFormed && withExtendedLifetime(storage) { cmpfr_sgn(storage.lower) > 0 } }

    /// True when every point is < 0 (certified negativity).
    public var isNegative: Bool { isWellFormed && withExtendedLifetime(storage) { cmpfr_sgn(storage.upper) < 0 } }

    /// True when every point is >= 0.
    public var isNonNegative: Bool { isWellFormed && withExtendedLifetime(storage) { cmpfr_sgn(storage.lower) >= 0 } }

    /// True when every point is <= 0.
    public var isNonPositive: Bool { isWellFormed && withExtendedLifetime(storage) { cmpfr_sgn(storage.upper) <= 0 } }

    /// True when `other` lies inside `self` (both ends included).
    public func contains(_ other: Interval) -> Bool {
        withExtendedLifetime((storage, other.storage)) {
            mpfr_lessequal_p(storage.lower, other.storage.lower) != 0
                && mpfr_lessequal_p(other.storage.upper, storage.upper) != 0
        }
    }

    /// True when the integer `value` lies in the interval.
    public func contains(_ value: Int) -> Bool {
        !isWellFormed || withExtendedLifetime(storage) {
            mpfr_cmp_si(storage.lower, value) <= 0 && mpfr_cmp_si(storage.upper, value) >= 0
        }
    }

    /// True when the rational `value` lies in the interval.
    public func contains(_ value: Rational) -> Bool {
        !isWellFormed || withExtendedLifetime((storage, value.storage)) {
            mpfr_cmp_q(storage.lower, value.storage.pointer) <= 0
                && mpfr_cmp_q(storage.upper, value.storage.pointer) >= 0
        }
    }

    /// True when the two intervals share at least one point.
    public func overlaps(_ other: Interval) -> Bool {
        !isWellFormed || !other.isWellFormed || withExtendedLifetime((storage, other.storage)) {
            mpfr_lessequal_p(storage.lower, other.storage.upper) != 0
                && mpfr_lessequal_p(other.storage.lower, storage.upper) != 0
        }
    }

    /// True when every point of `a` is strictly less than every point of `b`.
    public static func certainlyLess(_ a: Interval, _ b: Interval) -> Bool {
        a.isWellFormed && b.isWellFormed && withExtendedLifetime((a.storage, b.storage)) {
            mpfr_less_p(a.storage.upper, b.storage.lower) != 0
        }
    }

    /// True when every point lies in `[-bound, bound]`, with `bound` a non-negative
    /// rational (a tolerance). Decided exactly, without rounding the bound.
    public func isWithin(magnitude bound: Rational) -> Bool {
        isWellFormed && withExtendedLifetime((storage, bound.storage)) {
            // lower >= -bound and upper <= bound, compared exactly against the rational.
            let negated = -bound
            return withExtendedLifetime(negated.storage) {
                mpfr_cmp_q(storage.lower, negated.storage.pointer) >= 0
                    && mpfr_cmp_q(storage.upper, bound.storage.pointer) <= 0
            }
        }
    }

    /// The point interval `[e, e]` at `precision` bits (at least the interval's, so
    /// exact) of its lower end (`upper == false`) or upper end: an enclosure of that
    /// end, for range reductions that treat each end separately.
    func endAsPoint(upper: Bool, precision newPrecision: Int) -> Interval {
        precondition(newPrecision >= precision, "an end is copied exactly only at a precision at least its own")
        return withExtendedLifetime(storage) {
            let end = upper ? storage.upper : storage.lower
            return Interval.build(precision: newPrecision) { lo, hi in
                mpfr_set(lo, end, MPFR_RNDD)
                mpfr_set(hi, end, MPFR_RNDU)
            }
        }
    }
}
