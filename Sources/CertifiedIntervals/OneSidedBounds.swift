import CMPFR

/// A certified upper bound `b` on a non-negative real quantity `q` (an absolute value,
/// a width, a residual, a radius): `0 ≤ q ≤ b`. Not an enclosure of `q` — it says
/// nothing about how small `q` is — and not an enclosure of `b` either: it is the one
/// number `b`, kept as a bound.
///
/// What it guarantees: every operation returns an upper bound on the corresponding
/// quantity, rounded up (`MPFR_RNDU`) at the larger precision of its operands. NaN
/// stands for "nothing known": operations propagate it, and every predicate that could
/// certify something (`isCertainlyBelow`, `isAtMost`) is false for it. A bound is never
/// negative (it is built from `|x|`, a width, or the upper end of an enclosure of a
/// quantity known to be non-negative, and is NaN when that end is negative).
///
/// Products are sound because both factors bound non-negative quantities; there is no
/// subtraction, no negation and no conversion to an `Interval` except the two that say
/// what they enclose: `Interval(upTo:)` (`[0, b]`, for the quantity itself) and
/// `Interval(plusMinus:)` (`[−b, b]`, for a signed quantity whose absolute value is
/// bounded by `b`).
public struct MagnitudeBound {
    @usableFromInline let storage: NumberStorage

    /// The number of bits of the bound.
    public let precision: Int

    @usableFromInline
    init(precision: Int, _ body: (mpfr_ptr) throws -> Void) rethrows {
        storage = try NumberStorage.build(precision: precision, body)
        self.precision = precision
    }

    /// The bound 0 (of a quantity that is exactly 0, or the start of a sum or maximum).
    public static func zero(precision: Int) -> MagnitudeBound {
        MagnitudeBound(precision: precision) { mpfr_set_zero($0, 1) }
    }

    /// A bound on `q₁ + q₂` from bounds on `q₁` and `q₂` (rounded up).
    public static func + (a: MagnitudeBound, b: MagnitudeBound) -> MagnitudeBound {
        withExtendedLifetime((a.storage, b.storage)) {
            MagnitudeBound(precision: Swift.max(a.precision, b.precision)) {
                mpfr_add($0, a.storage.number, b.storage.number, MPFR_RNDU)
            }
        }
    }

    /// A bound on `q₁ · q₂` from bounds on the non-negative `q₁` and `q₂` (rounded up).
    public static func * (a: MagnitudeBound, b: MagnitudeBound) -> MagnitudeBound {
        withExtendedLifetime((a.storage, b.storage)) {
            MagnitudeBound(precision: Swift.max(a.precision, b.precision)) {
                mpfr_mul($0, a.storage.number, b.storage.number, MPFR_RNDU)
            }
        }
    }

    /// A bound on `|q · x|` for every `x` in the enclosure `x`: `b · x.magnitude`.
    public static func * (a: MagnitudeBound, x: Interval) -> MagnitudeBound { a * x.magnitude }

    /// A bound on `|x · q|` for every `x` in the enclosure `x`: `x.magnitude · b`.
    public static func * (x: Interval, a: MagnitudeBound) -> MagnitudeBound { x.magnitude * a }

    /// A bound on `max(q₁, q₂)`; NaN when either bound is NaN (an unknown quantity may be
    /// the larger one; MPFR's own `max` would drop it).
    public static func maximum(_ a: MagnitudeBound, _ b: MagnitudeBound) -> MagnitudeBound {
        withExtendedLifetime((a.storage, b.storage)) {
            MagnitudeBound(precision: Swift.max(a.precision, b.precision)) { r in
                if mpfr_nan_p(a.storage.number) != 0 || mpfr_nan_p(b.storage.number) != 0 {
                    mpfr_set_nan(r)
                } else {
                    mpfr_max(r, a.storage.number, b.storage.number, MPFR_RNDU)
                }
            }
        }
    }

    /// A bound on `q / x` for every `x` in the positive enclosure `x`: `b / lower(x)`,
    /// rounded up. Domain: `x.isPositive` (traps otherwise).
    public func divided(byPositive x: Interval) -> MagnitudeBound {
        precondition(x.isPositive, "a magnitude bound can only be divided by a positive enclosure, got \(x)")
        return withExtendedLifetime(storage) {
            x.withUnsafeEndpoints { lower, _ in
                MagnitudeBound(precision: Swift.max(precision, x.precision)) {
                    mpfr_div($0, storage.number, lower, MPFR_RNDU)
                }
            }
        }
    }

    /// A bound on `q · 2^n` (exact).
    public func scaled(byPowerOfTwo n: Int) -> MagnitudeBound {
        withExtendedLifetime(storage) {
            MagnitudeBound(precision: precision) { mpfr_mul_2si($0, storage.number, n, MPFR_RNDU) }
        }
    }

    // MARK: Predicates (false when the bound is NaN)

    /// True when the bound is a number (not NaN). A bound may be `+∞`.
    public var isKnown: Bool { withExtendedLifetime(storage) { mpfr_nan_p(storage.number) == 0 } }

    /// True when the bound is 0, so the quantity is exactly 0.
    public var isZero: Bool { withExtendedLifetime(storage) { mpfr_zero_p(storage.number) != 0 } }

    /// True when `q < every point of x`: the bound is below the lower end of `x`.
    public func isCertainlyBelow(_ x: Interval) -> Bool {
        isKnown && x.isWellFormed && withExtendedLifetime(storage) {
            x.withUnsafeEndpoints { lower, _ in mpfr_less_p(storage.number, lower) != 0 }
        }
    }

    /// True when `q < value` (the bound compared exactly with the rational).
    public func isCertainlyBelow(_ value: Rational) -> Bool {
        isKnown && withExtendedLifetime((storage, value.storage)) {
            mpfr_cmp_q(storage.number, value.storage.pointer) < 0
        }
    }

    /// True when `q ≤ value` (a tolerance; the bound compared exactly with the rational).
    public func isAtMost(_ value: Rational) -> Bool {
        isKnown && withExtendedLifetime((storage, value.storage)) {
            mpfr_cmp_q(storage.number, value.storage.pointer) <= 0
        }
    }

    /// True when `q ≤ 2^n` (compared exactly).
    public func isAtMost(powerOfTwo n: Int) -> Bool {
        isKnown && withExtendedLifetime(storage) { mpfr_cmp_ui_2exp(storage.number, 1, n) <= 0 }
    }

    /// True when this bound is a smaller number than `other`. It compares the two bounds,
    /// not the quantities: for choosing the tighter of two bounds, never for certifying.
    public func isSmaller(than other: MagnitudeBound) -> Bool {
        isKnown && other.isKnown && withExtendedLifetime((storage, other.storage)) {
            mpfr_less_p(storage.number, other.storage.number) != 0
        }
    }

    // MARK: Leaving the type (rounded up)

    /// The bound rounded up to a double (`+∞` beyond the double range, NaN when NaN).
    public var upperBoundAsDouble: Double { withExtendedLifetime(storage) { mpfr_get_d(storage.number, MPFR_RNDU) } }

    /// The exponent `e` with `2^(e−1) ≤ b < 2^e` (exact); nil when the bound is 0 or not
    /// a finite number.
    public var exponent: Int? {
        withExtendedLifetime(storage) {
            mpfr_regular_p(storage.number) != 0 ? Int(mpfr_get_exp(storage.number)) : nil
        }
    }

    /// The bound rounded up to `digits` significant decimal digits (so still a bound).
    public func upperDecimal(digits: Int) -> String {
        withExtendedLifetime(storage) { Interval.decimal(storage.number, digits: digits, rounding: MPFR_RNDU).text }
    }

    /// Low-level access to the number, for tests that compare with MPFR directly.
    public func withUnsafeNumber<R>(_ body: (mpfr_srcptr) throws -> R) rethrows -> R {
        try withExtendedLifetime(storage) { try body(storage.number) }
    }
}

extension MagnitudeBound: CustomStringConvertible {
    /// `≤ b`, rounded up at the precision's natural number of digits.
    public var description: String { "≤ " + upperDecimal(digits: Interval.decimalDigits(forBits: precision)) }
}

/// A certified lower bound `b` on a real quantity `q` of any sign: `b ≤ q`. Like
/// `MagnitudeBound`, a bound and not an enclosure; NaN stands for "nothing known" and
/// makes every comparison false. It has no arithmetic: the checker only compares lower
/// bounds and prints them.
public struct LowerBound {
    @usableFromInline let storage: NumberStorage

    /// The number of bits of the bound.
    public let precision: Int

    @usableFromInline
    init(precision: Int, _ body: (mpfr_ptr) throws -> Void) rethrows {
        storage = try NumberStorage.build(precision: precision, body)
        self.precision = precision
    }

    /// True when the bound is a number (not NaN). A bound may be `−∞`.
    public var isKnown: Bool { withExtendedLifetime(storage) { mpfr_nan_p(storage.number) == 0 } }

    /// True when this bound is a smaller number than `other`. It compares the two bounds,
    /// not the quantities: for choosing between bounds, never for certifying.
    public func isSmaller(than other: LowerBound) -> Bool {
        isKnown && other.isKnown && withExtendedLifetime((storage, other.storage)) {
            mpfr_less_p(storage.number, other.storage.number) != 0
        }
    }

    /// The bound rounded down to a double (`−∞` beyond the double range).
    public var lowerBoundAsDouble: Double { withExtendedLifetime(storage) { mpfr_get_d(storage.number, MPFR_RNDD) } }

    /// The bound rounded down to `digits` significant decimal digits (so still a bound).
    public func lowerDecimal(digits: Int) -> String {
        withExtendedLifetime(storage) { Interval.decimal(storage.number, digits: digits, rounding: MPFR_RNDD).text }
    }

    /// Low-level access to the number, for tests that compare with MPFR directly.
    public func withUnsafeNumber<R>(_ body: (mpfr_srcptr) throws -> R) rethrows -> R {
        try withExtendedLifetime(storage) { try body(storage.number) }
    }
}

extension LowerBound: CustomStringConvertible {
    /// `≥ b`, rounded down at the precision's natural number of digits.
    public var description: String { "≥ " + lowerDecimal(digits: Interval.decimalDigits(forBits: precision)) }
}

// MARK: - Bounds from enclosures, and enclosures from bounds

extension Interval {
    /// An upper bound on `|x|` for every `x` in the interval: the larger absolute value
    /// of the ends (exact). NaN when the interval is not well formed.
    public var magnitude: MagnitudeBound {
        withExtendedLifetime(storage) {
            let wellFormed = isWellFormed
            return MagnitudeBound(precision: precision) { r in
                guard wellFormed else { mpfr_set_nan(r); return }
                let larger = mpfr_cmpabs(storage.lower, storage.upper) >= 0 ? storage.lower : storage.upper
                mpfr_abs(r, larger, MPFR_RNDU)
            }
        }
    }

    /// An upper bound on `upper − lower` (rounded up), hence on `|x − y|` for any two
    /// points of the interval. NaN when the interval is not well formed (and for
    /// `[+∞, +∞]`, whose width is not a number).
    public var width: MagnitudeBound {
        withExtendedLifetime(storage) {
            let wellFormed = isWellFormed
            return MagnitudeBound(precision: precision) { r in
                guard wellFormed else { mpfr_set_nan(r); return }
                mpfr_sub(r, storage.upper, storage.lower, MPFR_RNDU)
            }
        }
    }

    /// The upper end, as an upper bound on the enclosed quantity, which the caller knows
    /// to be non-negative (an error bound computed in interval arithmetic). NaN when the
    /// upper end is negative (the premise is false for this enclosure) or the interval
    /// is not well formed.
    public var nonNegativeUpperBound: MagnitudeBound {
        withExtendedLifetime(storage) {
            let known = isWellFormed && cmpfr_sgn(storage.upper) >= 0
            return MagnitudeBound(precision: precision) { r in
                if known { mpfr_set(r, storage.upper, MPFR_RNDU) } else { mpfr_set_nan(r) }
            }
        }
    }

    /// The lower end, as a lower bound on every point (exact). NaN when the interval is
    /// not well formed.
    public var lowerBound: LowerBound {
        withExtendedLifetime(storage) {
            let wellFormed = isWellFormed
            return LowerBound(precision: precision) { r in
                if wellFormed { mpfr_set(r, storage.lower, MPFR_RNDD) } else { mpfr_set_nan(r) }
            }
        }
    }

    /// `[0, b]`: an enclosure of any quantity `q` with `0 ≤ q ≤ b`, at the bound's precision.
    public init(upTo bound: MagnitudeBound) {
        self = withExtendedLifetime(bound.storage) {
            Interval.build(precision: bound.precision) { lo, hi in
                mpfr_set_zero(lo, 1)
                mpfr_set(hi, bound.storage.number, MPFR_RNDU)
            }
        }
    }

    /// `[−b, b]`: an enclosure of any quantity `x` with `|x| ≤ b`, at the bound's precision.
    public init(plusMinus bound: MagnitudeBound) {
        self = withExtendedLifetime(bound.storage) {
            Interval.build(precision: bound.precision) { lo, hi in
                mpfr_neg(lo, bound.storage.number, MPFR_RNDD)
                mpfr_set(hi, bound.storage.number, MPFR_RNDU)
            }
        }
    }
}
