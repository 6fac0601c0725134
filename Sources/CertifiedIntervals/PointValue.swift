import CMPFR

/// A representative: one exact binary number of `precision` bits, chosen to stand for
/// something — the midpoint of an interval, an iterate of Newton's method, the centre
/// of a Krawczyk box.
///
/// What it guarantees: it *is* a number, exactly (finite, ±∞, or NaN when it was formed
/// from ends that do not give one). What it does not: any relation to the quantity it
/// stands for. "Close to the root" or "near the middle" is a heuristic, never a
/// certificate, which is why a `PointValue` is not an `Interval` and has no arithmetic.
///
/// To compute with it rigorously, convert it explicitly: `Interval(exactly: v)` is the
/// point interval `[v, v]`, a true enclosure of the representative itself (and of
/// nothing else). Reasoning about the represented quantity then needs its own
/// certificate (for example a Krawczyk box around the representative).
public struct PointValue {
    @usableFromInline let storage: NumberStorage

    /// The number of bits of the value.
    public let precision: Int

    @usableFromInline
    init(precision: Int, _ body: (mpfr_ptr) throws -> Void) rethrows {
        storage = try NumberStorage.build(precision: precision, body)
        self.precision = precision
    }

    /// The integer `value`, rounded to nearest when it does not fit in `precision` bits
    /// (exact when `precision >= 64`).
    public init(_ value: Int, precision: Int) {
        self.init(precision: precision) { mpfr_set_si($0, value, MPFR_RNDN) }
    }

    /// The double `value`, rounded to nearest when `precision < 53` (exact otherwise).
    /// Domain: `value` must be finite.
    public init(_ value: Double, precision: Int) {
        precondition(value.isFinite, "PointValue(Double) needs a finite value, got \(value)")
        self.init(precision: precision) { mpfr_set_d($0, value, MPFR_RNDN) }
    }

    /// The `precision`-bit number nearest to `value` (exact when `value` is a dyadic
    /// number that fits).
    public init(nearest value: Rational, precision: Int) {
        self.init(precision: precision) { r in
            withExtendedLifetime(value.storage) { _ = mpfr_set_q(r, value.storage.pointer, MPFR_RNDN) }
        }
    }

    /// `|value|`, exactly, as a bound (it is its own upper bound).
    public var magnitude: MagnitudeBound {
        withExtendedLifetime(storage) {
            MagnitudeBound(precision: precision) { mpfr_abs($0, storage.number, MPFR_RNDU) }
        }
    }

    /// True when the value is a finite number (not ±∞, not NaN).
    public var isFinite: Bool { withExtendedLifetime(storage) { mpfr_number_p(storage.number) != 0 } }

    /// True when the value is 0.
    public var isZero: Bool { withExtendedLifetime(storage) { mpfr_zero_p(storage.number) != 0 } }

    /// The value rounded to the nearest double (±∞ beyond the double range).
    public var doubleValue: Double { withExtendedLifetime(storage) { mpfr_get_d(storage.number, MPFR_RNDN) } }

    /// Low-level access to the number, for tests that compare with MPFR directly.
    public func withUnsafeNumber<R>(_ body: (mpfr_srcptr) throws -> R) rethrows -> R {
        try withExtendedLifetime(storage) { try body(storage.number) }
    }
}

extension PointValue: CustomStringConvertible {
    /// The value at the precision's natural number of decimal digits, rounded to nearest
    /// (a representative needs no rounding direction).
    public var description: String {
        withExtendedLifetime(storage) {
            Interval.decimal(storage.number, digits: Interval.decimalDigits(forBits: precision), rounding: MPFR_RNDN).text
        }
    }
}

extension Interval {
    /// The point interval `[value, value]` at the value's precision: an exact enclosure
    /// of the representative itself. The one way from a `PointValue` to an `Interval`.
    public init(exactly value: PointValue) {
        self = withExtendedLifetime(value.storage) {
            Interval.build(precision: value.precision) { lo, hi in
                mpfr_set(lo, value.storage.number, MPFR_RNDD)   // exact: same precision
                mpfr_set(hi, value.storage.number, MPFR_RNDU)
            }
        }
    }

    /// The midpoint `(lower + upper) / 2` rounded to nearest at the interval's precision:
    /// a representative, not an enclosure. It lies in the interval whenever the interval
    /// is well formed with finite ends (rounding to nearest is monotone and `2·lower`,
    /// `2·upper` are representable, so it cannot leave `[lower, upper]`, short of
    /// leaving MPFR's exponent range).
    public var midpoint: PointValue {
        withExtendedLifetime(storage) {
            PointValue(precision: precision) { m in
                mpfr_add(m, storage.lower, storage.upper, MPFR_RNDN)
                mpfr_div_2ui(m, m, 1, MPFR_RNDN)
            }
        }
    }
}
