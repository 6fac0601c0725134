import CMPFR

extension Rational {
    /// The exact value of a binary float: every finite `Double` is a rational `m·2^e`,
    /// converted without rounding (never through decimal). Nil for NaN and ±∞.
    public init?(exactly value: Double) {
        guard value.isFinite else { return nil }
        self.init(exactly: PointValue(value, precision: 64))
    }

    /// The exact value of a representative (a finite MPFR number); nil for NaN and ±∞.
    public init?(exactly value: PointValue) {
        let finite = value.withUnsafeNumber { mpfr_number_p($0) != 0 }
        guard finite else { return nil }
        let storage = RationalStorage()
        value.withUnsafeNumber { mpfr_get_q(storage.pointer, $0) }
        self.init(storage: storage)
    }

    /// The exact ends of an enclosure (nil when an end is not finite).
    public static func exactEnds(of interval: Interval) -> (lower: Rational, upper: Rational)? {
        interval.withUnsafeEndpoints { lo, hi -> (Rational, Rational)? in
            guard mpfr_number_p(lo) != 0, mpfr_number_p(hi) != 0 else { return nil }
            let lower = RationalStorage(), upper = RationalStorage()
            mpfr_get_q(lower.pointer, lo)
            mpfr_get_q(upper.pointer, hi)
            return (Rational(storage: lower), Rational(storage: upper))
        }
    }
}

extension PointValue {
    /// The value rounded to nearest with `digits` significant decimal digits (a display
    /// of a representative, not an enclosure).
    public func description(digits: Int) -> String {
        withUnsafeNumber { Interval.decimal($0, digits: digits, rounding: MPFR_RNDN).text }
    }
}
