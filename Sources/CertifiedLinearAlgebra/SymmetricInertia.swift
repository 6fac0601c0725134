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
        var elimination = Elimination(matrix)
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

    /// The state of the block elimination: the working matrix (only the rows and
    /// columns in `remaining` are still meaningful) and the eigenvalues counted so far.
    struct Elimination {
        var a: [[Interval]]
        var remaining: [Int]
        var positive = 0, negative = 0
        var step = 0
        /// The diagonal entry of largest midpoint magnitude among those containing 0, seen
        /// at the last search for a 1×1 pivot (reported when the elimination stops).
        var fallback: Interval?

        init(_ matrix: [[Interval]]) {
            a = matrix
            remaining = Array(0..<matrix.count)
        }

        /// Eliminates the remaining diagonal entry of largest midpoint magnitude among
        /// those that exclude 0; false (recording the best candidate containing 0) when
        /// every remaining diagonal entry contains 0.
        mutating func eliminateOneByOnePivot() -> Bool {
            var chosen: Int?
            fallback = nil
            for (position, r) in remaining.enumerated() {
                let d = a[r][r]
                if d.containsZero {
                    if fallback == nil || d.hasLargerMidpointMagnitude(than: fallback!) { fallback = d }
                    continue
                }
                if chosen == nil || d.hasLargerMidpointMagnitude(than: a[remaining[chosen!]][remaining[chosen!]]) {
                    chosen = position
                }
            }
            guard let position = chosen else { return false }
            let p = remaining.remove(at: position)
            let pivot = a[p][p]
            if pivot.isPositive { positive += 1 } else { negative += 1 }
            for i in remaining {
                let factor = try! a[i][p] / pivot      // the pivot excludes 0
                if factor.isExactZero { continue }
                for j in remaining {
                    let update = factor * a[p][j]
                    if !update.isExactZero { a[i][j] = a[i][j] - update }
                }
            }
            step += 1
            return true
        }

        /// Eliminates a 2×2 pivot `[[a_pp, a_pq], [a_pq, a_qq]]` whose determinant excludes
        /// 0 (the one with the largest off-diagonal midpoint); nil when it did, the
        /// `undecided` outcome when no such block exists or its eigenvalues' common sign
        /// cannot be decided.
        mutating func eliminateTwoByTwoPivot() -> Outcome? {
            var best: (Int, Int, Interval)?
            for x in 0..<remaining.count {
                for y in (x + 1)..<max(remaining.count, x + 1) {
                    let p = remaining[x], q = remaining[y]
                    let determinant = a[p][p] * a[q][q] - a[p][q] * a[q][p]
                    if determinant.containsZero { continue }
                    if best == nil || a[p][q].hasLargerMidpointMagnitude(than: a[best!.0][best!.1]) { best = (p, q, determinant) }
                }
            }
            guard let (p, q, determinant) = best else {
                return .undecided(step: step, pivot: fallback ?? Interval.zero(precision: 64),
                                  positive: positive, negative: negative)
            }
            if determinant.isNegative {
                positive += 1; negative += 1
            } else if a[p][p].isPositive || a[q][q].isPositive {
                positive += 2
            } else if a[p][p].isNegative || a[q][q].isNegative {
                negative += 2
            } else {
                // det > 0 forces a_pp, a_qq of one strict sign; their enclosures cannot show
                // which: use the trace.
                let trace = a[p][p] + a[q][q]
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
        /// from `remaining`), with `P⁻¹ = [[a_qq, −a_pq], [−a_qp, a_pp]] / det`.
        mutating func subtractSchurComplement(_ p: Int, _ q: Int, determinant: Interval) {
            let inverse00 = try! a[q][q] / determinant, inverse11 = try! a[p][p] / determinant  // det excludes 0
            let inverse01 = try! -a[p][q] / determinant, inverse10 = try! -a[q][p] / determinant
            var updates: [(Int, Int, Interval)] = []
            for i in remaining {
                let bip = a[i][p], biq = a[i][q]
                if bip.isExactZero && biq.isExactZero { continue }
                // row i of B P⁻¹
                let u0 = bip * inverse00 + biq * inverse10
                let u1 = bip * inverse01 + biq * inverse11
                for j in remaining {
                    let update = u0 * a[p][j] + u1 * a[q][j]
                    if !update.isExactZero { updates.append((i, j, update)) }
                }
            }
            for (i, j, update) in updates { a[i][j] = a[i][j] - update }
        }
    }
}
