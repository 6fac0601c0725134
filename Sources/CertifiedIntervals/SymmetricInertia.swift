/// The inertia of a symmetric interval matrix, certified by an interval LDLᵀ
/// factorisation with symmetric (diagonal) pivoting.
///
/// Guarantee: when `certify` returns an `Inertia`, every real symmetric matrix inside
/// the interval matrix has exactly `positive` positive and `negative` negative
/// eigenvalues and is non-singular. The argument (Sylvester's law of inertia): each
/// pivot of the elimination is an interval that excludes 0, so for every point matrix
/// the same elimination (same pivot order) runs to completion with pivots of the same
/// signs, and `P A Pᵀ = L D Lᵀ` has the inertia of `D`.
///
/// When some pivot interval contains 0 the matrix may be singular, or the enclosure
/// too wide; the result says which step failed, and nothing is claimed.
public enum SymmetricInertia {
    public struct Inertia: Equatable {
        public let positive: Int
        public let negative: Int
        /// The pivots, in elimination order (their signs give the inertia).
        public let pivots: [Interval]
        /// The pivot order: row `order[s]` of the input was eliminated at step `s`.
        public let order: [Int]

        public static func == (a: Inertia, b: Inertia) -> Bool {
            a.positive == b.positive && a.negative == b.negative && a.order == b.order
        }
    }

    public enum Outcome {
        case certified(Inertia)
        /// Step `step` found only pivots whose enclosures contain 0; `pivot` is the
        /// best one; `positive`/`negative` count the pivots certified before.
        case undecided(step: Int, pivot: Interval, positive: Int, negative: Int)
    }

    /// Factorises `matrix` (square, symmetric: only entries `[i][j]` with `i ≥ j` are
    /// read after the first elimination step). At each step the remaining diagonal
    /// entry with the largest midpoint magnitude among those excluding 0 is the pivot.
    public static func certify(_ matrix: [[Interval]]) -> Outcome {
        let n = matrix.count
        var a = matrix
        var remaining = Array(0..<n)
        var pivots: [Interval] = []
        var order: [Int] = []
        var positive = 0, negative = 0
        for step in 0..<n {
            // Choose a pivot among the remaining diagonal entries.
            var chosen: Int?
            var chosenSize = -1.0
            var fallback: Interval?
            for (position, r) in remaining.enumerated() {
                let d = a[r][r]
                if d.containsZero {
                    if fallback == nil || abs(d.midpointAsDouble) > abs(fallback!.midpointAsDouble) { fallback = d }
                    continue
                }
                let size = abs(d.midpointAsDouble)
                if size > chosenSize { chosenSize = size; chosen = position }
            }
            guard let position = chosen else {
                return .undecided(step: step, pivot: fallback ?? Interval.zero(precision: 64),
                                  positive: positive, negative: negative)
            }
            let p = remaining.remove(at: position)
            let pivot = a[p][p]
            pivots.append(pivot)
            order.append(p)
            if pivot.isPositive { positive += 1 } else { negative += 1 }
            // Schur complement on the remaining rows: a[i][j] -= a[i][p] a[p][j] / pivot.
            for i in remaining {
                let factor = try! a[i][p] / pivot      // pivot excludes 0
                if factor.isExactZero { continue }
                for j in remaining {
                    let update = factor * a[p][j]
                    if !update.isExactZero { a[i][j] = a[i][j] - update }
                }
            }
        }
        return .certified(Inertia(positive: positive, negative: negative, pivots: pivots, order: order))
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
}
