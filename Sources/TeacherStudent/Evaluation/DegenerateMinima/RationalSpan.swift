import CertifiedIntervals

/// Exact linear algebra over the rationals for the structural kernels: spans, ranks and
/// null spaces of small rational matrices by Gaussian elimination (no rounding, so a rank
/// or an independence found here is a fact).
struct RationalSpan {
    /// Echelon rows: `rows[r]` has its first non-zero entry, 1, at `pivots[r]`, and every
    /// other row is 0 there.
    private(set) var rows: [[Rational]] = []
    private(set) var pivots: [Int] = []
    let length: Int

    init(length: Int) { self.length = length }

    var dimension: Int { rows.count }

    /// `v` minus its components along the echelon rows (zero iff `v` is in the span).
    func reduced(_ v: [Rational]) -> [Rational] {
        var x = v
        for (row, pivot) in zip(rows, pivots) where x[pivot].signum != 0 {
            let factor = x[pivot]
            for c in 0..<length where row[c].signum != 0 { x[c] = x[c] - factor * row[c] }
        }
        return x
    }

    func contains(_ v: [Rational]) -> Bool { reduced(v).allSatisfy { $0.signum == 0 } }

    /// Adds `v` when it is not in the span; returns whether it was added.
    @discardableResult
    mutating func insert(_ v: [Rational]) -> Bool {
        precondition(v.count == length)
        var x = reduced(v)
        guard let pivot = x.firstIndex(where: { $0.signum != 0 }) else { return false }
        let scale = x[pivot]
        x = x.map { (try? Rational.dividing($0, by: scale)) ?? $0 }
        for r in rows.indices where rows[r][pivot].signum != 0 {
            let factor = rows[r][pivot]
            for c in 0..<length where x[c].signum != 0 { rows[r][c] = rows[r][c] - factor * x[c] }
        }
        rows.append(x)
        pivots.append(pivot)
        return true
    }

    /// A basis of the orthogonal complement `{x : r·x = 0 for every row r}` of the span:
    /// one vector per non-pivot column `f`, `x_f = 1`, `x_{pivot_r} = −rows[r][f]`.
    func orthogonalComplement() -> [[Rational]] {
        let pivotSet = Set(pivots)
        return (0..<length).filter { !pivotSet.contains($0) }.map { free in
            var x = Array(repeating: Rational(0), count: length)
            x[free] = Rational(1)
            for (row, pivot) in zip(rows, pivots) where row[free].signum != 0 { x[pivot] = -row[free] }
            return x
        }
    }

    /// A basis of the null space `{x : A x = 0}` of the matrix with the given rows.
    static func nullSpace(ofRows matrix: [[Rational]], columns: Int) -> [[Rational]] {
        var span = RationalSpan(length: columns)
        for row in matrix { span.insert(row) }
        return span.orthogonalComplement()
    }
}
