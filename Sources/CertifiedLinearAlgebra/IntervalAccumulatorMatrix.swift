import CMPFR
import CertifiedIntervals

/// A matrix of running interval sums, updated in place: `rows × columns` pairs of MPFR
/// endpoints at one precision in a single preallocated block, so that adding a term or a
/// product allocates nothing (the hot loops of the Hessian assembly and the interval
/// LDLᵀ). Only `interval(_:_:)` allocates, once per entry read out.
///
/// Guarantee: after any sequence of `add`, `addProduct` and `subtractProduct`, each entry
/// encloses the exact sum of the exact values of its terms (products are enclosed with
/// the sign cases of interval multiplication, each end rounded outward, and sums round
/// the lower end down and the upper end up). Terms with an exactly-zero factor are
/// skipped. A NaN end (from an unknown operand) stays NaN and reads out as an interval
/// that is not well formed.
public final class IntervalAccumulatorMatrix {
    public let rows: Int
    public let columns: Int
    public let precision: Int
    /// `2 · rows · columns` endpoint headers (lower, upper per entry), then 4 scratch numbers.
    let numbers: UnsafeMutablePointer<__mpfr_struct>
    private let limbs: UnsafeMutablePointer<mp_limb_t>
    private let count: Int
    private let limbsPerNumber: Int
    private var vectorNumbers: UnsafeMutablePointer<__mpfr_struct>?
    private var vectorLimbs: UnsafeMutablePointer<mp_limb_t>?
    private var vectorCapacity = 0

    /// A zero matrix at `precision` bits.
    public init(rows: Int, columns: Int, precision: Int) {
        precondition(rows >= 0 && columns >= 0 && Interval.precisionRange.contains(precision), "bad size or precision")
        self.rows = rows
        self.columns = columns
        self.precision = precision
        count = 2 * rows * columns + 4
        let limbBits = MemoryLayout<mp_limb_t>.size * 8
        let perNumber = (precision + limbBits - 1) / limbBits
        limbsPerNumber = perNumber
        numbers = .allocate(capacity: count)
        limbs = .allocate(capacity: count * perNumber)
        limbs.initialize(repeating: 0, count: count * perNumber)
        for k in 0..<count {
            mpfr_custom_init_set(numbers + k, Int32(MPFR_ZERO_KIND.rawValue), 0, mpfr_prec_t(precision), limbs + k * perNumber)
        }
    }

    deinit {
        numbers.deallocate()
        limbs.deallocate()
        vectorNumbers?.deallocate()
        vectorLimbs?.deallocate()
    }

    @inline(__always) func lower(_ i: Int, _ j: Int) -> mpfr_ptr { numbers + 2 * (i * columns + j) }
    @inline(__always) func upper(_ i: Int, _ j: Int) -> mpfr_ptr { numbers + 2 * (i * columns + j) + 1 }
    @inline(__always) var scratch: mpfr_ptr { numbers + (count - 4) }

    /// entry(i, j) += x.
    public func add(_ x: Interval, _ i: Int, _ j: Int) {
        x.withUnsafeEndpoints { lo, hi in
            mpfr_add(lower(i, j), lower(i, j), lo, MPFR_RNDD)
            mpfr_add(upper(i, j), upper(i, j), hi, MPFR_RNDU)
        }
    }

    /// entry(i, j) += x · y (skipped when a factor is exactly 0).
    public func addProduct(_ x: Interval, _ y: Interval, _ i: Int, _ j: Int) {
        x.withUnsafeEndpoints { a, b in
            y.withUnsafeEndpoints { c, d in
                guard IntervalAccumulatorMatrix.multiply(scratch, scratch + 1, a, b, c, d) else { return }
                mpfr_add(lower(i, j), lower(i, j), scratch, MPFR_RNDD)
                mpfr_add(upper(i, j), upper(i, j), scratch + 1, MPFR_RNDU)
            }
        }
    }

    /// entry(i, j) −= entry(k, l) · x (skipped when a factor is exactly 0); `(k, l)` may
    /// not be `(i, j)`.
    func subtractProduct(of k: Int, _ l: Int, times xLower: mpfr_srcptr, _ xUpper: mpfr_srcptr, from i: Int, _ j: Int) {
        guard IntervalAccumulatorMatrix.multiply(scratch, scratch + 1, lower(k, l), upper(k, l), xLower, xUpper) else { return }
        mpfr_sub(lower(i, j), lower(i, j), scratch + 1, MPFR_RNDD)
        mpfr_sub(upper(i, j), upper(i, j), scratch, MPFR_RNDU)
    }

    /// The entry `(i, j)` as an interval at the matrix's precision (one allocation).
    public func interval(_ i: Int, _ j: Int) -> Interval {
        Interval.fromUnsafeEndpoints(precision: precision) { lo, hi in
            mpfr_set(lo, lower(i, j), MPFR_RNDD)
            mpfr_set(hi, upper(i, j), MPFR_RNDU)
        }
    }

    /// True when the entry is exactly the point 0.
    public func isExactZero(_ i: Int, _ j: Int) -> Bool {
        mpfr_zero_p(lower(i, j)) != 0 && mpfr_zero_p(upper(i, j)) != 0
    }

    /// Adds `coefficient · u vᵀ` (sparse vectors: `(index, value)` pairs) to a square
    /// matrix kept as its upper triangle, placed at `(rowStart + s, columnStart + t)`:
    /// with `mirror`, the term and its transpose (`coefficient · v uᵀ` at the mirrored
    /// place) are both added, which for storage in the upper triangle means once at
    /// `(min, max)` and twice on the diagonal; without `mirror` the term must be symmetric
    /// by itself (`u` is `v`, `rowStart == columnStart`) and only its upper triangle
    /// (`r ≤ c`) is added. The operands' ends are copied once into preallocated scratch
    /// (rounded outward to the matrix's precision); the inner loop allocates nothing.
    public func addOuterProductToUpperTriangle(_ coefficient: Interval, _ u: [(Int, Interval)], _ v: [(Int, Interval)],
                                               rowStart: Int, columnStart: Int, mirror: Bool) {
        precondition(rows == columns, "upper-triangle storage needs a square matrix")
        if coefficient.isExactZero || u.isEmpty || v.isEmpty { return }
        let vEnds = vectorScratch(count: 2 * v.count + 3)   // v's ends, then c·u_s and the spare number `multiply` uses
        for (k, (_, value)) in v.enumerated() {
            value.withUnsafeEndpoints { lo, hi in
                mpfr_set(vEnds + 2 * k, lo, MPFR_RNDD)
                mpfr_set(vEnds + 2 * k + 1, hi, MPFR_RNDU)
            }
        }
        let cu = vEnds + 2 * v.count
        let product = scratch
        for (s, us) in u {
            let known: Bool = coefficient.withUnsafeEndpoints { a, b in
                us.withUnsafeEndpoints { c, d in IntervalAccumulatorMatrix.multiply(cu, cu + 1, a, b, c, d) }
            }
            if !known { continue }   // us is exactly 0
            let r = rowStart + s
            for (k, (t, _)) in v.enumerated() {
                let c = columnStart + t
                if !mirror && r > c { continue }
                guard IntervalAccumulatorMatrix.multiply(product, product + 1, cu, cu + 1, vEnds + 2 * k, vEnds + 2 * k + 1)
                else { continue }
                let i = Swift.min(r, c), j = Swift.max(r, c)
                let times = mirror && r == c ? 2 : 1
                for _ in 0..<times {
                    mpfr_add(lower(i, j), lower(i, j), product, MPFR_RNDD)
                    mpfr_add(upper(i, j), upper(i, j), product + 1, MPFR_RNDU)
                }
            }
        }
    }

    /// At least `count` scratch numbers at the matrix's precision, kept between calls.
    private func vectorScratch(count needed: Int) -> UnsafeMutablePointer<__mpfr_struct> {
        if needed > vectorCapacity {
            if let vectorNumbers { vectorNumbers.deallocate(); vectorLimbs!.deallocate() }
            let capacity = Swift.max(needed, 2 * vectorCapacity)
            let numbers = UnsafeMutablePointer<__mpfr_struct>.allocate(capacity: capacity)
            let limbs = UnsafeMutablePointer<mp_limb_t>.allocate(capacity: capacity * limbsPerNumber)
            limbs.initialize(repeating: 0, count: capacity * limbsPerNumber)
            for k in 0..<capacity {
                mpfr_custom_init_set(numbers + k, Int32(MPFR_ZERO_KIND.rawValue), 0, mpfr_prec_t(precision),
                                     limbs + k * limbsPerNumber)
            }
            vectorNumbers = numbers; vectorLimbs = limbs; vectorCapacity = capacity
        }
        return vectorNumbers!
    }

    /// `[lo, hi] ⊇ [a, b] · [c, d]`, each end rounded outward. False (nothing written) when
    /// either factor is exactly `[0, 0]`: the product is exactly 0. NaN ends give NaN.
    /// Requires `hi == lo + 1` and `lo + 2` a free scratch number (used when both factors
    /// straddle 0); none of them may alias an operand.
    @inline(__always)
    static func multiply(_ lo: mpfr_ptr, _ hi: mpfr_ptr, _ a: mpfr_srcptr, _ b: mpfr_srcptr,
                         _ c: mpfr_srcptr, _ d: mpfr_srcptr) -> Bool {
        if (mpfr_zero_p(a) != 0 && mpfr_zero_p(b) != 0) || (mpfr_zero_p(c) != 0 && mpfr_zero_p(d) != 0) { return false }
        if mpfr_nan_p(a) != 0 || mpfr_nan_p(b) != 0 || mpfr_nan_p(c) != 0 || mpfr_nan_p(d) != 0 {
            mpfr_set_nan(lo); mpfr_set_nan(hi); return true
        }
        let aSign = cmpfr_sgn(a), bSign = cmpfr_sgn(b), cSign = cmpfr_sgn(c), dSign = cmpfr_sgn(d)
        if aSign >= 0 {                       // x ≥ 0
            if cSign >= 0 { mpfr_mul(lo, a, c, MPFR_RNDD); mpfr_mul(hi, b, d, MPFR_RNDU) }
            else if dSign <= 0 { mpfr_mul(lo, b, c, MPFR_RNDD); mpfr_mul(hi, a, d, MPFR_RNDU) }
            else { mpfr_mul(lo, b, c, MPFR_RNDD); mpfr_mul(hi, b, d, MPFR_RNDU) }
        } else if bSign <= 0 {                // x ≤ 0
            if cSign >= 0 { mpfr_mul(lo, a, d, MPFR_RNDD); mpfr_mul(hi, b, c, MPFR_RNDU) }
            else if dSign <= 0 { mpfr_mul(lo, b, d, MPFR_RNDD); mpfr_mul(hi, a, c, MPFR_RNDU) }
            else { mpfr_mul(lo, a, d, MPFR_RNDD); mpfr_mul(hi, a, c, MPFR_RNDU) }
        } else {                              // x straddles 0
            if cSign >= 0 { mpfr_mul(lo, a, d, MPFR_RNDD); mpfr_mul(hi, b, d, MPFR_RNDU) }
            else if dSign <= 0 { mpfr_mul(lo, b, c, MPFR_RNDD); mpfr_mul(hi, a, c, MPFR_RNDU) }
            else {
                // Both straddle: [min(ad, bc), max(ac, bd)], using the two free scratch numbers.
                mpfr_mul(lo, a, d, MPFR_RNDD)
                mpfr_mul(hi, b, c, MPFR_RNDD)
                mpfr_min(lo, lo, hi, MPFR_RNDD)
                mpfr_mul(hi, a, c, MPFR_RNDU)
                mpfr_mul(scratchExtra(lo), b, d, MPFR_RNDU)
                mpfr_max(hi, hi, scratchExtra(lo), MPFR_RNDU)
            }
        }
        return true
    }

    /// The scratch number after `lo`'s pair (callers pass the first two of the four
    /// scratch numbers as `lo, hi`, so `lo + 2` is free).
    @inline(__always) static func scratchExtra(_ lo: mpfr_ptr) -> mpfr_ptr { lo + 2 }
}
