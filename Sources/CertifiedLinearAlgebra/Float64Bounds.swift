import CMPFR
import CertifiedIntervals

/// Rigorous upper bounds in float64 arithmetic that rounds to nearest (the only mode
/// Swift gives), and the outward conversion of MPFR intervals to float64
/// midpoint–radius form. The soundness argument is in the module README
/// ("Float64 with rigorous error bounds").
///
/// The one rule: for any real `z` whose rounding to nearest `fl(z)` is finite,
/// `fl(z).nextUp ≥ z` (if `fl(z) ≥ z` this is clear; otherwise `z` lies between `fl(z)`
/// and the next double above it, since `fl(z)` is the nearest). This holds in the
/// subnormal range too, so every `up(a ∘ b)` below is an upper bound of the exact
/// `a ∘ b` without any case for underflow. An overflow gives `+∞`, which fails every
/// test that could certify something.
enum Float64Bounds {
    /// The unit roundoff `u = 2^−53` of float64 rounding to nearest.
    static let unitRoundoff = 0x1p-53
    /// The spacing `η = 2^−1074` of the subnormal doubles: a product that underflows is
    /// off by at most `η/2`; sums are exact in that range.
    static let subnormalSpacing = Double.leastNonzeroMagnitude

    /// An upper bound of the exact sum `a + b`.
    @inline(__always) static func sumUp(_ a: Double, _ b: Double) -> Double { (a + b).nextUp }
    /// An upper bound of the exact product `a · b`.
    @inline(__always) static func productUp(_ a: Double, _ b: Double) -> Double { (a * b).nextUp }
    /// An upper bound of the exact quotient `a / b`.
    @inline(__always) static func quotientUp(_ a: Double, _ b: Double) -> Double { (a / b).nextUp }

    /// An upper bound of `γ_n = n u / (1 − n u)` (Higham's constant): a dot product of
    /// `n` terms summed in any order in float64, rounding to nearest, with or without
    /// fused multiply–adds, is off from the exact one by at most
    /// `γ_n Σ|a_k b_k| + n η` (the `n η` for products that underflow). Needs `n u < 1/2`.
    static func gamma(_ n: Int) -> Double {
        precondition(n >= 0 && n < 1 << 40, "γ_n needs n u < 1/2")
        let nu = Double(n) * unitRoundoff          // exact: an integer below 2^53 times a power of two
        return quotientUp(nu, 1 - nu)              // 1 − n u is exact (a multiple of 2^−53 in [1/2, 1])
    }

    /// The exponent `e` with `2^(e−1) ≤ max |end| < 2^e` over the ends of `intervals`
    /// (exact, in MPFR); nil when every end is 0, or an end is infinite or NaN.
    static func largestExponent<S: Sequence>(_ intervals: S) -> Int? where S.Element == Interval {
        var largest: Int?
        for x in intervals {
            let finite: Bool = x.withUnsafeEndpoints { lo, hi in
                guard mpfr_number_p(lo) != 0, mpfr_number_p(hi) != 0 else { return false }
                if mpfr_zero_p(lo) == 0 { largest = Swift.max(largest ?? Int.min, Int(mpfr_get_exp(lo))) }
                if mpfr_zero_p(hi) == 0 { largest = Swift.max(largest ?? Int.min, Int(mpfr_get_exp(hi))) }
                return true
            }
            if !finite { return nil }
        }
        return largest
    }
}

/// An interval `2^(−scale) · x` in float64 midpoint–radius form: the real interval
/// `[mid − rad, mid + rad]` contains `2^(−scale) · x` (outward conversion: the ends are
/// rounded outward to doubles, then the radius is rounded up from the midpoint).
struct Float64Converter {
    /// A 64-bit MPFR scratch number (more than a double's 53 bits, so converting twice in
    /// the same direction stays a bound).
    private let scratch: UnsafeMutablePointer<__mpfr_struct>

    init() {
        scratch = .allocate(capacity: 1)
        mpfr_init2(scratch, 64)
    }

    func release() {
        mpfr_clear(scratch)
        scratch.deallocate()
    }

    /// The midpoint and radius of `2^(−scale) · x`; nil when an end is NaN or infinite, or
    /// overflows the double range after scaling. Ends that underflow become 0 or
    /// subnormal bounds on the correct side (still an enclosure).
    func convert(_ x: Interval, scale: Int) -> (mid: Double, rad: Double)? {
        let (lower, upper): (Double, Double) = x.withUnsafeEndpoints { lo, hi in
            mpfr_mul_2si(scratch, lo, -scale, MPFR_RNDD)
            let l = mpfr_get_d(scratch, MPFR_RNDD)
            mpfr_mul_2si(scratch, hi, -scale, MPFR_RNDU)
            return (l, mpfr_get_d(scratch, MPFR_RNDU))
        }
        guard lower.isFinite, upper.isFinite, lower <= upper else { return nil }
        if lower == upper { return (lower, 0) }
        let mid = 0.5 * lower + 0.5 * upper
        let rad = Swift.max((upper - mid).nextUp, (mid - lower).nextUp)
        guard mid.isFinite, rad.isFinite else { return nil }
        return (mid, rad)
    }

    /// A lower bound of the lower end of `2^(−scale) · x` in float64 (nil when it is not
    /// finite or NaN).
    func lowerBound(_ x: Interval, scale: Int) -> Double? {
        let value: Double = x.withUnsafeEndpoints { lo, _ in
            mpfr_mul_2si(scratch, lo, -scale, MPFR_RNDD)
            return mpfr_get_d(scratch, MPFR_RNDD)
        }
        return value.isFinite ? value : nil
    }

    /// A double `c` near `2^(−scale) · mid(x)` (rounded to nearest): not an enclosure, a
    /// representative (for preconditioners, where any real matrix is sound); nil when it
    /// is not finite.
    func nearest(_ x: Interval, scale: Int) -> Double? {
        let value: Double = x.withUnsafeEndpoints { lo, hi in
            mpfr_add(scratch, lo, hi, MPFR_RNDN)
            mpfr_mul_2si(scratch, scratch, -scale - 1, MPFR_RNDN)
            return mpfr_get_d(scratch, MPFR_RNDN)
        }
        return value.isFinite ? value : nil
    }
}
