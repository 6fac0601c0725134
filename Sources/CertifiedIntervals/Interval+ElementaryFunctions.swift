import CMPFR

/// Constants and elementary functions. Results carry the precision of the argument.
/// Monotone functions evaluate MPFR's correctly rounded function at each end with
/// directed rounding; `sin`, `cos` and `abs` also locate the extrema inside the
/// argument, so wide and straddling arguments get their exact range (rounded outward).
extension Interval {

    // MARK: Constants

    /// π, enclosed by MPFR's correctly rounded constant in both directions.
    public static func pi(precision: Int) -> Interval {
        build(precision: precision) { lo, hi in
            mpfr_const_pi(lo, MPFR_RNDD)
            mpfr_const_pi(hi, MPFR_RNDU)
        }
    }

    /// Euler's number e = exp(1).
    public static func e(precision: Int) -> Interval {
        Interval(1, precision: precision).exp()
    }

    // MARK: Monotone functions

    @inline(__always)
    func increasing(_ f: (mpfr_ptr, mpfr_srcptr, mpfr_rnd_t) -> Int32) -> Interval {
        withExtendedLifetime(storage) {
            Interval.build(precision: precision) { lo, hi in
                _ = f(lo, storage.lower, MPFR_RNDD)
                _ = f(hi, storage.upper, MPFR_RNDU)
            }
        }
    }

    /// `exp(x)`. Overflow beyond MPFR's exponent range gives an infinite upper end,
    /// which is still an enclosure.
    public func exp() -> Interval { increasing(mpfr_exp) }

    /// `erf(x)`.
    public func erf() -> Interval { increasing(mpfr_erf) }

    /// `atan(x)`.
    public func atan() -> Interval { increasing(mpfr_atan) }

    /// `sqrt(x)`. Domain `x >= 0`: throws `.negativeSquareRoot` when the lower end is
    /// below 0, however little (never clamped).
    public func sqrt() throws -> Interval {
        guard isNonNegative else {
            throw IntervalDomainError(operation: "sqrt", kind: .negativeSquareRoot, operand: description)
        }
        return increasing(mpfr_sqrt)
    }

    /// `log(x)` (natural). Domain `x > 0`: throws `.nonPositiveLogarithm` otherwise.
    public func log() throws -> Interval {
        guard isPositive else {
            throw IntervalDomainError(operation: "log", kind: .nonPositiveLogarithm, operand: description,
                                      operandIsExactZero: isExactZero)
        }
        return increasing(mpfr_log)
    }

    /// `asin(x)`. Domain `[-1, 1]`: throws `.outsideUnitInterval` when either end is outside.
    public func asin() throws -> Interval {
        guard isInsideUnitInterval else {
            throw IntervalDomainError(operation: "asin", kind: .outsideUnitInterval, operand: description)
        }
        return increasing(mpfr_asin)
    }

    /// `acos(x)` (decreasing). Domain `[-1, 1]`: throws `.outsideUnitInterval` otherwise.
    public func acos() throws -> Interval {
        guard isInsideUnitInterval else {
            throw IntervalDomainError(operation: "acos", kind: .outsideUnitInterval, operand: description)
        }
        return withExtendedLifetime(storage) {
            Interval.build(precision: precision) { lo, hi in
                mpfr_acos(lo, storage.upper, MPFR_RNDD)
                mpfr_acos(hi, storage.lower, MPFR_RNDU)
            }
        }
    }

    var isInsideUnitInterval: Bool {
        withExtendedLifetime(storage) {
            mpfr_cmp_si(storage.lower, -1) >= 0 && mpfr_cmp_si(storage.upper, 1) <= 0
        }
    }

    // MARK: Non-monotone functions

    /// `|x|`: `[0, max(-a, b)]` when `x = [a, b]` straddles 0; exact.
    public func abs() -> Interval {
        if isNonNegative { return self }
        if isNonPositive { return -self }
        return withExtendedLifetime(storage) {
            Interval.build(precision: precision) { lo, hi in
                mpfr_set_zero(lo, 1)
                let larger = mpfr_cmpabs(storage.lower, storage.upper) >= 0 ? storage.lower : storage.upper
                mpfr_abs(hi, larger, MPFR_RNDU)
            }
        }
    }

    /// The pointwise minimum `{min(s, t) : s ∈ x, t ∈ y}`; NaN ends when either operand is
    /// not well formed.
    public static func minimum(_ x: Interval, _ y: Interval) -> Interval {
        withExtendedLifetime((x.storage, y.storage)) {
            build(precision: max(x.precision, y.precision)) { lo, hi in
                mpfr_min(lo, x.storage.lower, y.storage.lower, MPFR_RNDD)
                mpfr_min(hi, x.storage.upper, y.storage.upper, MPFR_RNDU)
                // MPFR's min/max return the other operand for a NaN: unknown stays unknown.
                if !x.isWellFormed || !y.isWellFormed { mpfr_set_nan(lo); mpfr_set_nan(hi) }
            }
        }
    }

    /// The pointwise maximum `{max(s, t) : s ∈ x, t ∈ y}`; NaN ends when either operand is
    /// not well formed.
    public static func maximum(_ x: Interval, _ y: Interval) -> Interval {
        withExtendedLifetime((x.storage, y.storage)) {
            build(precision: max(x.precision, y.precision)) { lo, hi in
                mpfr_max(lo, x.storage.lower, y.storage.lower, MPFR_RNDD)
                mpfr_max(hi, x.storage.upper, y.storage.upper, MPFR_RNDU)
                // MPFR's min/max return the other operand for a NaN: unknown stays unknown.
                if !x.isWellFormed || !y.isWellFormed { mpfr_set_nan(lo); mpfr_set_nan(hi) }
            }
        }
    }

    /// `sin(x)` over the whole interval: `[-1, 1]` when the interval is wider than a
    /// period; otherwise the hull of the end values and of ±1 at every extremum that
    /// may lie inside (an extremum within rounding distance of an end is included,
    /// which is sound because it only widens the result to the true bound ±1).
    public func sin() -> Interval { periodic(mpfr_sin, extremaOffset: Rational(1, 2)) }

    /// `cos(x)`; see `sin()`.
    public func cos() -> Interval { periodic(mpfr_cos, extremaOffset: Rational(0)) }

    /// The range of `f = sin` or `cos` over the interval. The extrema of `f` sit where
    /// `x/π - offset` is an integer `m`: a maximum (+1) for even `m`, a minimum (-1)
    /// for odd `m`.
    private func periodic(_ f: (mpfr_ptr, mpfr_srcptr, mpfr_rnd_t) -> Int32,
                          extremaOffset offset: Rational) -> Interval {
        let full = Interval.build(precision: precision) { lo, hi in
            mpfr_set_si(lo, -1, MPFR_RNDD); mpfr_set_si(hi, 1, MPFR_RNDU)
        }
        guard isFinite else { return full }
        // Width above 7 > 2π: a whole period is inside.
        if !width.isCertainlyBelow(Rational(7)) { return full }
        // Enough bits to resolve x/π near integers for large |x|.
        let magnitudeExponent = withExtendedLifetime(storage) { () -> Int in
            let larger = mpfr_cmpabs(storage.lower, storage.upper) >= 0 ? storage.lower : storage.upper
            return cmpfr_sgn(larger) == 0 ? 0 : Int(mpfr_get_exp(larger))
        }
        if magnitudeExponent > 1_000_000 { return full }
        let workingPrecision = precision + max(0, magnitudeExponent) + 16
        let pi = Interval.pi(precision: workingPrecision)
        let shift = Interval(offset, precision: workingPrecision)
        // t-range of the ends; any integer m with lower ≤ π(m + offset) ≤ upper lies in
        // [ceil(tLower.lower), floor(tUpper.upper)].
        guard let tLower = try? endAsPoint(upper: false, precision: workingPrecision) / pi - shift,
              let tUpper = try? endAsPoint(upper: true, precision: workingPrecision) / pi - shift else { return full }
        var includesMaximum = false, includesMinimum = false
        withExtendedLifetime((tLower.storage, tUpper.storage)) {
            withScratchNumbers(count: 3, precision: workingPrecision) { scratch in
                let m = scratch, last = scratch + 1, half = scratch + 2
                mpfr_rint(m, tLower.storage.lower, MPFR_RNDU)        // ceil: first candidate
                mpfr_rint(last, tUpper.storage.upper, MPFR_RNDD)     // floor: last candidate
                var count = 0
                while mpfr_lessequal_p(m, last) != 0 && count < 2 {
                    mpfr_div_2ui(half, m, 1, MPFR_RNDN)              // exact
                    if mpfr_integer_p(half) != 0 { includesMaximum = true } else { includesMinimum = true }
                    mpfr_add_ui(m, m, 1, MPFR_RNDN)                  // exact: |m| is far below 2^precision
                    count += 1
                }
            }
        }
        if includesMaximum && includesMinimum { return full }
        return withExtendedLifetime(storage) {
            Interval.build(precision: precision) { lo, hi in
                withScratchNumbers(count: 1, precision: precision) { t in
                    _ = f(lo, storage.lower, MPFR_RNDD)
                    _ = f(t, storage.upper, MPFR_RNDD)
                    mpfr_min(lo, lo, t, MPFR_RNDD)
                    _ = f(hi, storage.lower, MPFR_RNDU)
                    _ = f(t, storage.upper, MPFR_RNDU)
                    mpfr_max(hi, hi, t, MPFR_RNDU)
                }
                if includesMaximum { mpfr_set_si(hi, 1, MPFR_RNDU) }
                if includesMinimum { mpfr_set_si(lo, -1, MPFR_RNDD) }
            }
        }
    }
}
