import CMPFR
import CertifiedIntervals

/// The inertia of a symmetric interval matrix, certified by an interval block LDLᵀ
/// factorisation with symmetric pivoting (1×1 and 2×2 pivots).
///
/// Guarantee: when `certify` returns an `Inertia`, every real symmetric matrix inside
/// the interval matrix has exactly `positive` positive and `negative` negative
/// eigenvalues and is non-singular. The argument (Sylvester's law of inertia): each
/// pivot block is certified non-singular (a 1×1 pivot excludes 0; a 2×2 pivot has a
/// determinant excluding 0), so for every point matrix the same elimination runs to
/// completion, `P A Pᵀ = L D Lᵀ` with `D` block diagonal, and the inertia of `A` is the
/// sum of the inertias of the blocks: a 1×1 pivot counts by its sign; a 2×2 pivot with
/// negative determinant has one eigenvalue of each sign, and one with positive
/// determinant has two of the sign of its (certified) diagonal.
///
/// When no pivot can be certified the matrix may be singular, or the enclosure too
/// wide; the result says at which step, and nothing is claimed. The choice of pivots
/// uses midpoint magnitudes (compared in MPFR, at any scale): it affects only whether
/// the factorisation succeeds, never what a success means.
public enum SymmetricInertia {
    /// The numbers of positive and negative eigenvalues (there is no zero eigenvalue).
    public struct Inertia: Equatable {
        public let positive: Int
        public let negative: Int
    }

    public enum Outcome {
        case certified(Inertia)
        /// Step `step` (0-based, counting eliminated rows) found no certifiable pivot;
        /// `pivot` is the best 1×1 candidate (or the trace of a 2×2 block whose sign it
        /// could not decide); `positive`/`negative` count the eigenvalues certified before.
        case undecided(step: Int, pivot: Interval, positive: Int, negative: Int)
    }

    /// The inertia of every symmetric matrix in `matrix` (square): by approximate
    /// diagonalisation in float64 with rigorous error bounds, falling back to the interval
    /// block LDLᵀ when that cannot separate the eigenvalues from 0 (see
    /// `certifyReportingMethod`). `undecided` (from the LDLᵀ) when both fail.
    public static func certify(_ matrix: [[Interval]]) -> Outcome {
        certifyReportingMethod(matrix).outcome
    }

    /// Factorises `matrix` (square, symmetric; the empty matrix has inertia (0, 0)). At
    /// each step the pivot is the remaining diagonal entry with the largest midpoint
    /// magnitude among those excluding 0; when none excludes 0, a 2×2 block whose
    /// determinant excludes 0 (largest off-diagonal midpoint first).
    public static func certifyByBlockLDLT(_ matrix: [[Interval]]) -> Outcome {
        let elimination = Elimination(matrix)
        while !elimination.remaining.isEmpty {
            if elimination.eliminateOneByOnePivot() { continue }
            if let undecided = elimination.eliminateTwoByTwoPivot() { return undecided }
        }
        return .certified(Inertia(positive: elimination.positive, negative: elimination.negative))
    }

    /// Encloses `uᵀ A u` for a point vector `u` (given as intervals) and an interval
    /// matrix `A`: a certified Rayleigh-quotient numerator, used as the witness of a
    /// direction of negative (or positive) curvature.
    public static func quadraticForm(_ matrix: [[Interval]], _ u: [Interval], precision: Int) -> Interval {
        let accumulator = IntervalAccumulator(precision: precision)
        for i in 0..<matrix.count where !u[i].isExactZero {
            for j in 0..<matrix.count where !u[j].isExactZero {
                accumulator.addProduct(u[i] * u[j], matrix[i][j])
            }
        }
        return accumulator.sum
    }

    /// The state of the block elimination, in place: the upper triangle of the working
    /// matrix as running interval sums in one preallocated MPFR block (only rows and
    /// columns in `remaining` are still meaningful), and the eigenvalues counted so far.
    ///
    /// Only entries `(i, j)` with `i ≤ j` are stored and updated: for a symmetric point
    /// matrix `S` in the input, every Schur complement is symmetric, and its entry
    /// `(min(i,j), max(i,j))` is enclosed by the update of that entry alone. Each update
    /// `a_ij −= f_i a_pj` is a multiply–subtract on endpoints with outward rounding, with
    /// no allocation; the factor `f_i = a_ip / a_pp` is formed once per row.
    final class Elimination {
        let a: IntervalAccumulatorMatrix
        var remaining: [Int]
        var positive = 0, negative = 0
        var step = 0
        /// The diagonal index of largest midpoint magnitude among those containing 0, seen
        /// at the last search for a 1×1 pivot (reported when the elimination stops).
        var fallback: Int?
        /// Scratch: the factor's ends, two numbers for midpoints (one bit more than the
        /// entries, so sums of ends are exact), two for quotients.
        private let scratch: UnsafeMutablePointer<__mpfr_struct>

        init(_ matrix: [[Interval]]) {
            let n = matrix.count
            let precision = matrix.joined().map(\.precision).max() ?? 64
            a = IntervalAccumulatorMatrix(rows: n, columns: n, precision: precision)
            for i in 0..<n { for j in i..<n where !matrix[i][j].isExactZero { a.add(matrix[i][j], i, j) } }
            remaining = Array(0..<n)
            scratch = .allocate(capacity: 6)
            for k in 0..<6 { mpfr_init2(scratch + k, mpfr_prec_t(k == 2 || k == 3 ? precision + 1 : precision)) }
        }

        deinit {
            for k in 0..<6 { mpfr_clear(scratch + k) }
            scratch.deallocate()
        }

        @inline(__always) func lower(_ i: Int, _ j: Int) -> mpfr_ptr { a.lower(Swift.min(i, j), Swift.max(i, j)) }
        @inline(__always) func upper(_ i: Int, _ j: Int) -> mpfr_ptr { a.upper(Swift.min(i, j), Swift.max(i, j)) }
        func entry(_ i: Int, _ j: Int) -> Interval { a.interval(Swift.min(i, j), Swift.max(i, j)) }

        /// True when the diagonal entry `r` contains 0 (or is not well formed).
        func diagonalContainsZero(_ r: Int) -> Bool {
            let lo = a.lower(r, r), hi = a.upper(r, r)
            if mpfr_nan_p(lo) != 0 || mpfr_nan_p(hi) != 0 { return true }
            return cmpfr_sgn(lo) <= 0 && cmpfr_sgn(hi) >= 0
        }

        /// True when `|mid(a_rr)| > |mid(a_ss)|` (compared in MPFR; false on NaN).
        func hasLargerMidpointMagnitude(_ r: Int, than s: Int) -> Bool {
            let m = scratch + 2
            mpfr_add(m, a.lower(r, r), a.upper(r, r), MPFR_RNDN)
            mpfr_add(m + 1, a.lower(s, s), a.upper(s, s), MPFR_RNDN)
            guard mpfr_nan_p(m) == 0, mpfr_nan_p(m + 1) == 0 else { return false }
            return mpfr_cmpabs(m, m + 1) > 0
        }

        /// Eliminates the remaining diagonal entry of largest midpoint magnitude among
        /// those that exclude 0; false (recording the best candidate containing 0) when
        /// every remaining diagonal entry contains 0.
        func eliminateOneByOnePivot() -> Bool {
            var chosen: Int?
            fallback = nil
            for (position, r) in remaining.enumerated() {
                if diagonalContainsZero(r) {
                    if fallback == nil || hasLargerMidpointMagnitude(r, than: fallback!) { fallback = r }
                    continue
                }
                if chosen == nil || hasLargerMidpointMagnitude(r, than: remaining[chosen!]) { chosen = position }
            }
            guard let position = chosen else { return false }
            let p = remaining.remove(at: position)
            if cmpfr_sgn(a.lower(p, p)) > 0 { positive += 1 } else { negative += 1 }
            let factorLower = scratch, factorUpper = scratch + 1
            for (index, i) in remaining.enumerated() {
                if mpfr_zero_p(lower(i, p)) != 0 && mpfr_zero_p(upper(i, p)) != 0 { continue }
                divide(factorLower, factorUpper, lower(i, p), upper(i, p), a.lower(p, p), a.upper(p, p))
                for j in remaining[index...] {
                    a.subtractProduct(of: Swift.min(p, j), Swift.max(p, j), times: factorLower, factorUpper, from: i, j)
                }
            }
            step += 1
            return true
        }

        /// `[lo, hi] ⊇ [a, b] / [c, d]` for `[c, d]` excluding 0, each end rounded outward
        /// (the extremes of the four quotients of ends).
        func divide(_ lo: mpfr_ptr, _ hi: mpfr_ptr, _ x0: mpfr_srcptr, _ x1: mpfr_srcptr, _ y0: mpfr_srcptr, _ y1: mpfr_srcptr) {
            let t = scratch + 4
            // An infinite or NaN end: the factor is unknown, so it becomes the whole line
            // (every entry it touches then reads as unknown, never as a pivot).
            guard mpfr_number_p(x0) != 0, mpfr_number_p(x1) != 0, mpfr_number_p(y0) != 0, mpfr_number_p(y1) != 0 else {
                mpfr_set_inf(lo, -1); mpfr_set_inf(hi, 1); return
            }
            mpfr_div(lo, x0, y0, MPFR_RNDD)
            for (u, v) in [(x0, y1), (x1, y0), (x1, y1)] { mpfr_div(t, u, v, MPFR_RNDD); mpfr_min(lo, lo, t, MPFR_RNDD) }
            mpfr_div(hi, x0, y0, MPFR_RNDU)
            for (u, v) in [(x0, y1), (x1, y0), (x1, y1)] { mpfr_div(t, u, v, MPFR_RNDU); mpfr_max(hi, hi, t, MPFR_RNDU) }
        }

        /// Eliminates a 2×2 pivot `[[a_pp, a_pq], [a_pq, a_qq]]` whose determinant excludes
        /// 0 (the one with the largest off-diagonal midpoint); nil when it did, the
        /// `undecided` outcome when no such block exists or its eigenvalues' common sign
        /// cannot be decided. (Rare: it allocates intervals for the candidate blocks.)
        func eliminateTwoByTwoPivot() -> Outcome? {
            var best: (Int, Int, Interval, Interval)?    // p, q, determinant, a_pq
            for x in 0..<remaining.count {
                for y in (x + 1)..<max(remaining.count, x + 1) {
                    let p = remaining[x], q = remaining[y]
                    let apq = entry(p, q)
                    let determinant = entry(p, p) * entry(q, q) - apq * apq
                    if determinant.containsZero { continue }
                    if best == nil || apq.hasLargerMidpointMagnitude(than: best!.3) { best = (p, q, determinant, apq) }
                }
            }
            guard let (p, q, determinant, _) = best else {
                return .undecided(step: step, pivot: fallback.map { entry($0, $0) } ?? Interval.zero(precision: 64),
                                  positive: positive, negative: negative)
            }
            let app = entry(p, p), aqq = entry(q, q)
            if determinant.isNegative {
                positive += 1; negative += 1
            } else if app.isPositive || aqq.isPositive {
                positive += 2
            } else if app.isNegative || aqq.isNegative {
                negative += 2
            } else {
                // det > 0 forces a_pp, a_qq of one strict sign; their enclosures cannot show
                // which: use the trace.
                let trace = app + aqq
                if trace.isPositive { positive += 2 } else if trace.isNegative { negative += 2 } else {
                    return .undecided(step: step, pivot: trace, positive: positive, negative: negative)
                }
            }
            remaining.removeAll { $0 == p || $0 == q }
            subtractSchurComplement(p, q, determinant: determinant)
            step += 2
            return nil
        }

        /// `A_rest −= B P⁻¹ Bᵀ` for the pivot block `P` on rows `p, q` (already removed
        /// from `remaining`), with `P⁻¹ = [[a_qq, −a_pq], [−a_pq, a_pp]] / det`, upper
        /// triangle only, in place.
        func subtractSchurComplement(_ p: Int, _ q: Int, determinant: Interval) {
            let apq = entry(p, q)
            let inverse00 = try! entry(q, q) / determinant, inverse11 = try! entry(p, p) / determinant  // det excludes 0
            let inverse01 = try! -apq / determinant
            // Rows of B P⁻¹ first (they read columns p, q, which the update does not change).
            let factors: [(Int, Interval, Interval)] = remaining.compactMap { i in
                let bip = entry(i, p), biq = entry(i, q)
                if bip.isExactZero && biq.isExactZero { return nil }
                return (i, bip * inverse00 + biq * inverse01, bip * inverse01 + biq * inverse11)
            }
            for (i, u0, u1) in factors {
                u0.withUnsafeEndpoints { u0Lower, u0Upper in
                    u1.withUnsafeEndpoints { u1Lower, u1Upper in
                        for j in remaining where j >= i {
                            a.subtractProduct(of: Swift.min(p, j), Swift.max(p, j), times: u0Lower, u0Upper, from: i, j)
                            a.subtractProduct(of: Swift.min(q, j), Swift.max(q, j), times: u1Lower, u1Upper, from: i, j)
                        }
                    }
                }
            }
        }
    }
}
