import CMPFR

/// Field operations and integer powers. Each result carries the larger precision of
/// its operands; ends are rounded outward by MPFR's directed rounding, so each
/// endpoint computation is exact or moves outward.
extension Interval {

    public static func + (x: Interval, y: Interval) -> Interval {
        withExtendedLifetime((x.storage, y.storage)) {
            build(precision: max(x.precision, y.precision)) { lo, hi in
                mpfr_add(lo, x.storage.lower, y.storage.lower, MPFR_RNDD)
                mpfr_add(hi, x.storage.upper, y.storage.upper, MPFR_RNDU)
            }
        }
    }

    public static func - (x: Interval, y: Interval) -> Interval {
        withExtendedLifetime((x.storage, y.storage)) {
            build(precision: max(x.precision, y.precision)) { lo, hi in
                mpfr_sub(lo, x.storage.lower, y.storage.upper, MPFR_RNDD)
                mpfr_sub(hi, x.storage.upper, y.storage.lower, MPFR_RNDU)
            }
        }
    }

    /// `-x`; exact.
    public static prefix func - (x: Interval) -> Interval {
        withExtendedLifetime(x.storage) {
            build(precision: x.precision) { lo, hi in
                mpfr_neg(lo, x.storage.upper, MPFR_RNDD)
                mpfr_neg(hi, x.storage.lower, MPFR_RNDU)
            }
        }
    }

    /// `x * y`, by the nine sign cases of the two operands, so that the result is the
    /// exact range of the product rounded outward (including operands that straddle 0).
    public static func * (x: Interval, y: Interval) -> Interval {
        withExtendedLifetime((x.storage, y.storage)) {
            build(precision: max(x.precision, y.precision)) { lo, hi in
                multiplyEndpoints(lo, hi, x.storage.lower, x.storage.upper, y.storage.lower, y.storage.upper)
            }
        }
    }

    /// Writes the outward-rounded range of `[a, b] * [c, d]` to `lo`, `hi`.
    /// `lo`/`hi` must not alias the operands.
    @usableFromInline
    static func multiplyEndpoints(_ lo: mpfr_ptr, _ hi: mpfr_ptr,
                                  _ a: mpfr_srcptr, _ b: mpfr_srcptr,
                                  _ c: mpfr_srcptr, _ d: mpfr_srcptr) {
        // An operand [0, 0] makes the product exactly 0, even when the other one has an
        // infinite end after overflow (MPFR would give 0 · ∞ = NaN below).
        if (mpfr_zero_p(a) != 0 && mpfr_zero_p(b) != 0) || (mpfr_zero_p(c) != 0 && mpfr_zero_p(d) != 0) {
            mpfr_set_zero(lo, 1); mpfr_set_zero(hi, 1); return
        }
        let sa = cmpfr_sgn(a), sb = cmpfr_sgn(b), sc = cmpfr_sgn(c), sd = cmpfr_sgn(d)
        if sa >= 0 {                       // x >= 0
            if sc >= 0 { mpfr_mul(lo, a, c, MPFR_RNDD); mpfr_mul(hi, b, d, MPFR_RNDU) }
            else if sd <= 0 { mpfr_mul(lo, b, c, MPFR_RNDD); mpfr_mul(hi, a, d, MPFR_RNDU) }
            else { mpfr_mul(lo, b, c, MPFR_RNDD); mpfr_mul(hi, b, d, MPFR_RNDU) }
        } else if sb <= 0 {                // x <= 0
            if sc >= 0 { mpfr_mul(lo, a, d, MPFR_RNDD); mpfr_mul(hi, b, c, MPFR_RNDU) }
            else if sd <= 0 { mpfr_mul(lo, b, d, MPFR_RNDD); mpfr_mul(hi, a, c, MPFR_RNDU) }
            else { mpfr_mul(lo, a, d, MPFR_RNDD); mpfr_mul(hi, a, c, MPFR_RNDU) }
        } else {                           // x straddles 0
            if sc >= 0 { mpfr_mul(lo, a, d, MPFR_RNDD); mpfr_mul(hi, b, d, MPFR_RNDU) }
            else if sd <= 0 { mpfr_mul(lo, b, c, MPFR_RNDD); mpfr_mul(hi, a, c, MPFR_RNDU) }
            else {
                // Both straddle: lo = min(a*d, b*c), hi = max(a*c, b*d).
                withScratchNumbers(count: 1, precision: Int(mpfr_get_prec(lo))) { t in
                    mpfr_mul(lo, a, d, MPFR_RNDD); mpfr_mul(t, b, c, MPFR_RNDD)
                    if mpfr_less_p(t, lo) != 0 { mpfr_set(lo, t, MPFR_RNDD) }
                    mpfr_mul(hi, a, c, MPFR_RNDU); mpfr_mul(t, b, d, MPFR_RNDU)
                    if mpfr_greater_p(t, hi) != 0 { mpfr_set(hi, t, MPFR_RNDU) }
                }
            }
        }
    }

    /// `x / y`. Throws `.divisionByZero` when `y` contains 0.
    public static func / (x: Interval, y: Interval) throws -> Interval {
        guard !y.containsZero else {
            throw IntervalDomainError(operation: "/", kind: .divisionByZero, operand: y.description,
                                      operandIsExactZero: y.isExactZero)
        }
        return withExtendedLifetime((x.storage, y.storage)) {
            build(precision: max(x.precision, y.precision)) { lo, hi in
                let a = x.storage.lower, b = x.storage.upper, c = y.storage.lower, d = y.storage.upper
                let sa = cmpfr_sgn(a), sb = cmpfr_sgn(b)
                if cmpfr_sgn(c) > 0 {              // y > 0
                    if sa >= 0 { mpfr_div(lo, a, d, MPFR_RNDD); mpfr_div(hi, b, c, MPFR_RNDU) }
                    else if sb <= 0 { mpfr_div(lo, a, c, MPFR_RNDD); mpfr_div(hi, b, d, MPFR_RNDU) }
                    else { mpfr_div(lo, a, c, MPFR_RNDD); mpfr_div(hi, b, c, MPFR_RNDU) }
                } else {                           // y < 0
                    if sa >= 0 { mpfr_div(lo, b, d, MPFR_RNDD); mpfr_div(hi, a, c, MPFR_RNDU) }
                    else if sb <= 0 { mpfr_div(lo, b, c, MPFR_RNDD); mpfr_div(hi, a, d, MPFR_RNDU) }
                    else { mpfr_div(lo, b, d, MPFR_RNDD); mpfr_div(hi, a, d, MPFR_RNDU) }
                }
            }
        }
    }

    /// `x²`: the exact range `[0, max(a², b²)]` when `x = [a, b]` straddles 0 (tighter
    /// than `x * x`, which would give `[a·b, …]` with `a·b < 0`).
    public var squared: Interval { powerUnchecked(2) }

    /// `x^n` for an integer `n`. Even powers are taken of `|x|` (so a straddling `x`
    /// gives `[0, …]`); odd powers are monotone. Negative `n` requires `0 ∉ x`:
    /// throws `.zeroToNegativePower` otherwise. `x^0 = 1` (including `0^0`).
    public func power(_ n: Int) throws -> Interval {
        if n == 0 { return Interval(1, precision: precision) }
        if n < 0, containsZero {
            throw IntervalDomainError(operation: "^", kind: .zeroToNegativePower, operand: description,
                                      operandIsExactZero: isExactZero)
        }
        return powerUnchecked(n)
    }

    /// `power(_:)` for `n >= 0`, and for `n < 0` when the caller has checked `0 ∉ x`
    /// (traps otherwise).
    @usableFromInline
    func powerUnchecked(_ n: Int) -> Interval {
        if n == 0 { return Interval(1, precision: precision) }
        precondition(n > 0 || !containsZero, "negative power of an interval containing 0")
        return withExtendedLifetime(storage) {
            Interval.build(precision: precision) { lo, hi in
                let a = storage.lower, b = storage.upper
                let powD: (mpfr_ptr, mpfr_srcptr) -> Void = { r, x in _ = mpfr_pow_si(r, x, n, MPFR_RNDD) }
                let powU: (mpfr_ptr, mpfr_srcptr) -> Void = { r, x in _ = mpfr_pow_si(r, x, n, MPFR_RNDU) }
                if n % 2 != 0 {
                    if n > 0 { powD(lo, a); powU(hi, b) }           // increasing on R
                    else { powD(lo, b); powU(hi, a) }               // decreasing on each side of 0
                } else if cmpfr_sgn(a) >= 0 {                      // x >= 0
                    if n > 0 { powD(lo, a); powU(hi, b) } else { powD(lo, b); powU(hi, a) }
                } else if cmpfr_sgn(b) <= 0 {                      // x <= 0
                    if n > 0 { powD(lo, b); powU(hi, a) } else { powD(lo, a); powU(hi, b) }
                } else {                                           // straddles 0, n > 0 even
                    mpfr_set_zero(lo, 1)
                    let larger = mpfr_cmpabs(a, b) >= 0 ? a : b
                    powU(hi, larger)
                }
            }
        }
    }

    /// `x^y = exp(y · log x)` for a real exponent. Domain: `x > 0` (throws
    /// `.nonPositivePowerBase` otherwise). Use `power(_: Int)` for integer exponents.
    public func power(_ y: Interval) throws -> Interval {
        guard isPositive else {
            throw IntervalDomainError(operation: "^", kind: .nonPositivePowerBase, operand: description,
                                      operandIsExactZero: isExactZero)
        }
        return try (y * log()).exp()
    }

    // MARK: Mixed operations with exact numbers

    public static func + (x: Interval, n: Int) -> Interval { x + Interval(n, precision: x.precision) }
    public static func - (x: Interval, n: Int) -> Interval { x - Interval(n, precision: x.precision) }
    public static func * (x: Interval, n: Int) -> Interval { x * Interval(n, precision: x.precision) }
    public static func * (n: Int, x: Interval) -> Interval { Interval(n, precision: x.precision) * x }
    public static func + (n: Int, x: Interval) -> Interval { Interval(n, precision: x.precision) + x }
    public static func - (n: Int, x: Interval) -> Interval { Interval(n, precision: x.precision) - x }

    /// `x · 2^e`; exact (barring overflow of MPFR's exponent range).
    public func scaled(byPowerOfTwo e: Int) -> Interval {
        withExtendedLifetime(storage) {
            Interval.build(precision: precision) { lo, hi in
                mpfr_mul_2si(lo, storage.lower, e, MPFR_RNDD)
                mpfr_mul_2si(hi, storage.upper, e, MPFR_RNDU)
            }
        }
    }

    /// `x / n` for a non-zero integer `n`. Throws `.divisionByZero` when `n == 0`.
    public static func / (x: Interval, n: Int) throws -> Interval {
        try x / Interval(n, precision: x.precision)
    }
}
