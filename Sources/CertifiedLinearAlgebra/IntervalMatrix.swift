import CertifiedIntervals

/// A dense `rows × columns` matrix of enclosures, stored row by row, that remembers
/// which entries are exact zeros.
///
/// A note on representation: entries that are exactly 0 share one immutable zero
/// interval, and each row keeps the list of its other entries' columns. Dot products
/// then visit only those columns. This is an optimisation with the same meaning as the
/// full loop (an exact zero contributes an exact zero), not an assumption on the
/// matrix.
public struct IntervalMatrix {
    public let rows: Int
    public let columns: Int
    public let precision: Int
    private(set) var entries: [Interval]
    /// For each row, the columns whose entry is not an exact zero, increasing.
    private(set) var nonzeroColumns: [[Int]]

    /// The zero matrix.
    public init(rows: Int, columns: Int, precision: Int) {
        precondition(rows >= 0 && columns >= 0)
        self.rows = rows
        self.columns = columns
        self.precision = precision
        let zero = Interval.zero(precision: precision)
        entries = Array(repeating: zero, count: rows * columns)
        nonzeroColumns = Array(repeating: [], count: rows)
    }

    /// A matrix from rows of enclosures (all rows of equal length).
    public init(_ rowValues: [[Interval]], precision: Int) {
        let columns = rowValues.first?.count ?? 0
        precondition(rowValues.allSatisfy { $0.count == columns }, "ragged matrix")
        self.init(rows: rowValues.count, columns: columns, precision: precision)
        for (i, row) in rowValues.enumerated() {
            for (j, x) in row.enumerated() where !x.isExactZero { self[i, j] = x }
        }
    }

    public subscript(row: Int, column: Int) -> Interval {
        get { entries[row * columns + column] }
        set {
            entries[row * columns + column] = newValue
            var list = nonzeroColumns[row]
            let position = list.firstIndex { $0 >= column }
            let present = position.map { list[$0] == column } ?? false
            if newValue.isExactZero {
                if present, let position { list.remove(at: position) }
            } else if !present {
                list.insert(column, at: position ?? list.count)
            }
            nonzeroColumns[row] = list
        }
    }

    /// Row `i` as an array.
    public func row(_ i: Int) -> [Interval] { Array(entries[(i * columns)..<((i + 1) * columns)]) }

    /// The columns of row `i` that are not exact zeros.
    public func nonzeroColumns(ofRow i: Int) -> [Int] { nonzeroColumns[i] }

    /// Encloses `row_i(self) · row_j(other)` (same column count), visiting only the
    /// columns where both entries may be non-zero.
    public func rowDot(_ i: Int, _ other: IntervalMatrix, _ j: Int, accumulator: IntervalAccumulator) -> Interval {
        precondition(columns == other.columns, "dot product of rows of different lengths")
        accumulator.reset()
        let a = nonzeroColumns[i], b = other.nonzeroColumns[j]
        var x = 0, y = 0
        let baseA = i * columns, baseB = j * other.columns
        while x < a.count && y < b.count {
            if a[x] == b[y] {
                accumulator.addProduct(entries[baseA + a[x]], other.entries[baseB + b[y]])
                x += 1; y += 1
            } else if a[x] < b[y] { x += 1 } else { y += 1 }
        }
        return accumulator.sum
    }

    /// Encloses `|row_i|²`, squaring each entry (so an entry straddling 0 contributes
    /// `[0, …]`, never a negative lower end).
    public func rowSquaredNorm(_ i: Int, accumulator: IntervalAccumulator) -> Interval {
        accumulator.reset()
        for j in nonzeroColumns[i] { accumulator.add(entries[i * columns + j].squared) }
        return accumulator.sum
    }

    /// Every entry at another precision (rounded outward when narrowing).
    public func withPrecision(_ p: Int) -> IntervalMatrix {
        var m = IntervalMatrix(rows: rows, columns: columns, precision: p)
        for i in 0..<rows { for j in nonzeroColumns[i] { m[i, j] = self[i, j].withPrecision(p) } }
        return m
    }
}
