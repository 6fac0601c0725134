import CMPFR
import CertifiedIntervals

/// An approximate inverse of a square interval matrix's midpoint matrix, computed in
/// MPFR at a stated precision: for preconditioners (the Krawczyk operator is sound for
/// any preconditioner) and Newton steps, where only the quality of the approximation
/// matters.
///
/// Nothing here is an enclosure: the result is a matrix of exact point intervals, close
/// to the inverse of the midpoint matrix when that matrix is well conditioned after
/// scaling. Three choices make it independent of the scale of the entries:
///
/// - **MPFR, not float64.** Entries keep MPFR's exponent range (about `2^(±2^30)`), so
///   a matrix of order `1e-310` or `1e+300` neither underflows nor overflows, and the
///   working precision bounds the condition number that can be handled.
/// - **Equilibration by exact powers of two.** Rows and columns are scaled (Ruiz's
///   iteration: each by about the square root of its largest entry, repeatedly) until
///   the largest entry of every row and every column has magnitude in `[1/2, 2)`, which
///   guides the choice of pivots; the scalings are undone exactly.
/// - **A scale-invariant singularity test.** A pivot is refused when it is zero or the
///   remainder of a cancellation of more than `precision/2` bits (its magnitude against
///   the magnitudes of the terms summed into it), a test that scaling rows and columns by
///   powers of two does not change: `D₁ M D₂` with diagonal `D₁, D₂` of entries from
///   `1e-200` to `1e300` is treated like `M`.
extension Approximate {

    /// The number of bits of cancellation after which a pivot counts as lost, and the
    /// matrix as singular to working precision: `precision / 2`.
    public static func singularityCancellationBits(precision: Int) -> Int { precision / 2 }

    /// The approximate inverse of the midpoint matrix of `matrix` (square, `N ≥ 1`), by
    /// Gauss–Jordan elimination with partial pivoting at `precision` bits (rounding to
    /// nearest), as point intervals at `precision` bits.
    ///
    /// Nil when the matrix is empty or not square, a midpoint is not a finite number, a
    /// row or column of midpoints is entirely zero, a pivot is zero or what remains of a
    /// cancellation of more than `precision/2` bits (the matrix is singular to working
    /// precision: an inverse would be dominated by rounding), or an entry of the inverse
    /// leaves MPFR's exponent range.
    public static func inverse(of matrix: [[Interval]], precision: Int) -> [[Interval]]? {
        let n = matrix.count
        guard n > 0, matrix.allSatisfy({ $0.count == n }), Interval.precisionRange.contains(precision) else { return nil }
        return withScratchNumbers(count: 2 * n * n + 1, precision: precision) { numbers -> [[Interval]]? in
            let a = PointMatrix(base: numbers, size: n)
            let inverse = PointMatrix(base: numbers + n * n, size: n)
            let scratch = numbers + 2 * n * n
            guard a.loadMidpoints(of: matrix) else { return nil }
            guard let (rowShifts, columnShifts) = a.equilibrate() else { return nil }
            inverse.setIdentity()
            let eliminated = withScratchNumbers(count: n * n + 2, precision: 64) { magnitudeNumbers -> Bool in
                let magnitudes = PointMatrix(base: magnitudeNumbers, size: n)
                for i in 0..<n { for j in 0..<n { mpfr_abs(magnitudes[i, j], a[i, j], MPFR_RNDU) } }
                return gaussJordan(a, inverse, magnitudes: magnitudes, scratch: scratch,
                                   magnitudeScratch: magnitudeNumbers + n * n,
                                   cancellationBits: singularityCancellationBits(precision: precision))
            }
            guard eliminated else { return nil }
            // A = R⁻¹ B S⁻¹ with B the equilibrated matrix, so A⁻¹ = S B⁻¹ R.
            var result: [[Interval]] = []
            for i in 0..<n {
                var row: [Interval] = []
                for j in 0..<n {
                    let entry = inverse[i, j]
                    mpfr_mul_2si(entry, entry, columnShifts[i] + rowShifts[j], MPFR_RNDN)
                    guard mpfr_number_p(entry) != 0 else { return nil }
                    row.append(Interval.fromUnsafeEndpoints(precision: precision) { lo, hi in
                        mpfr_set(lo, entry, MPFR_RNDN)
                        mpfr_set(hi, entry, MPFR_RNDN)
                    })
                }
                result.append(row)
            }
            return result
        }
    }

    /// Reduces `a` to the identity by Gauss–Jordan elimination with partial pivoting,
    /// applying the same row operations to `inverse`. `magnitudes` tracks, for each entry
    /// of `a`, an upper bound on the magnitudes of the terms summed into it (initially
    /// `|a_ij|`). False when a pivot is zero or is what remains after cancelling more than
    /// `cancellationBits` bits (`|pivot| ≤ 2^(−bits) · magnitude`): the matrix is then
    /// singular to working precision. The test is invariant under scaling rows and
    /// columns by powers of two, so it does not depend on the scale of the entries.
    /// `magnitudeScratch` points to two numbers of the magnitudes' precision.
    static func gaussJordan(_ a: PointMatrix, _ inverse: PointMatrix, magnitudes: PointMatrix, scratch: mpfr_ptr,
                            magnitudeScratch: mpfr_ptr, cancellationBits: Int) -> Bool {
        let n = a.size
        for column in 0..<n {
            var pivot = column
            for row in (column + 1)..<max(n, column + 1) where mpfr_cmpabs(a[row, column], a[pivot, column]) > 0 {
                pivot = row
            }
            mpfr_mul_2si(magnitudeScratch, magnitudes[pivot, column], -cancellationBits, MPFR_RNDU)
            guard mpfr_zero_p(a[pivot, column]) == 0, mpfr_cmpabs(a[pivot, column], magnitudeScratch) > 0 else { return false }
            if pivot != column {
                for j in 0..<n {
                    mpfr_swap(a[pivot, j], a[column, j])
                    mpfr_swap(magnitudes[pivot, j], magnitudes[column, j])
                    mpfr_swap(inverse[pivot, j], inverse[column, j])
                }
            }
            mpfr_ui_div(scratch, 1, a[column, column], MPFR_RNDN)
            mpfr_abs(magnitudeScratch, scratch, MPFR_RNDU)
            for j in 0..<n {
                mpfr_mul(a[column, j], a[column, j], scratch, MPFR_RNDN)
                mpfr_mul(magnitudes[column, j], magnitudes[column, j], magnitudeScratch, MPFR_RNDU)
                mpfr_mul(inverse[column, j], inverse[column, j], scratch, MPFR_RNDN)
            }
            for row in 0..<n where row != column && mpfr_zero_p(a[row, column]) == 0 {
                mpfr_neg(scratch, a[row, column], MPFR_RNDN)
                mpfr_abs(magnitudeScratch, scratch, MPFR_RNDU)
                // row −= a[row, column] · (pivot row); columns before `column` are already 0 in the pivot row.
                for j in column..<n {
                    mpfr_fma(a[row, j], scratch, a[column, j], a[row, j], MPFR_RNDN)
                    // magnitude ← max(magnitude, |factor| · magnitude of the pivot row's term), rounded up.
                    mpfr_mul(magnitudeScratch + 1, magnitudeScratch, magnitudes[column, j], MPFR_RNDU)
                    mpfr_max(magnitudes[row, j], magnitudes[row, j], magnitudeScratch + 1, MPFR_RNDU)
                }
                for j in 0..<n { mpfr_fma(inverse[row, j], scratch, inverse[column, j], inverse[row, j], MPFR_RNDN) }
            }
        }
        return true
    }

    /// A row-major square matrix of MPFR numbers in caller-owned storage.
    struct PointMatrix {
        let base: UnsafeMutablePointer<__mpfr_struct>
        let size: Int

        subscript(i: Int, j: Int) -> mpfr_ptr { base + (i * size + j) }

        /// Sets each entry to the midpoint of the corresponding interval (rounded to
        /// nearest); false when a midpoint is not a finite number.
        func loadMidpoints(of matrix: [[Interval]]) -> Bool {
            for i in 0..<size {
                for j in 0..<size {
                    let entry = self[i, j]
                    matrix[i][j].withUnsafeEndpoints { lower, upper in
                        mpfr_add(entry, lower, upper, MPFR_RNDN)
                        mpfr_div_2ui(entry, entry, 1, MPFR_RNDN)
                    }
                    if mpfr_number_p(entry) == 0 { return false }
                }
            }
            return true
        }

        func setIdentity() {
            for i in 0..<size { for j in 0..<size { mpfr_set_si(self[i, j], i == j ? 1 : 0, MPFR_RNDN) } }
        }

        /// The exponent `e` with `2^(e−1) ≤ max |x| < 2^e` over `entries`, or nil when they
        /// are all zero.
        func largestExponent(_ entries: [mpfr_ptr]) -> Int? {
            entries.filter { mpfr_zero_p($0) == 0 }.map { Int(mpfr_get_exp($0)) }.max()
        }

        /// Ruiz's equilibration in powers of two: while some row or column has its largest
        /// entry outside `[1/2, 2)` (exponent outside `{0, 1}`), scales every row and every
        /// column by `2^(−⌊e/2⌋)` for its exponent `e` (computed on the same matrix). Each
        /// round about halves the exponents, so 64 rounds reach any MPFR exponent; the
        /// scaling is exact. Returns the total shifts `(rows, columns)`, with
        /// `matrix = 2^(−rows) · scaled · 2^(−columns)`; nil when a row or column is all zero.
        func equilibrate() -> ([Int], [Int])? {
            var rowShifts = Array(repeating: 0, count: size), columnShifts = Array(repeating: 0, count: size)
            for _ in 0..<64 {
                var rowExponents: [Int] = [], columnExponents: [Int] = []
                for k in 0..<size {
                    guard let row = largestExponent((0..<size).map { self[k, $0] }),
                          let column = largestExponent((0..<size).map { self[$0, k] }) else { return nil }
                    rowExponents.append(row); columnExponents.append(column)
                }
                if (rowExponents + columnExponents).allSatisfy({ $0 == 0 || $0 == 1 }) { break }
                let rowSteps = rowExponents.map { -Int((Double($0) / 2).rounded(.down)) }
                let columnSteps = columnExponents.map { -Int((Double($0) / 2).rounded(.down)) }
                for i in 0..<size {
                    for j in 0..<size { mpfr_mul_2si(self[i, j], self[i, j], rowSteps[i] + columnSteps[j], MPFR_RNDN) }
                }
                for k in 0..<size { rowShifts[k] += rowSteps[k]; columnShifts[k] += columnSteps[k] }
            }
            return (rowShifts, columnShifts)
        }
    }
}

extension Approximate {

    /// The inverse of the `size × size` float64 matrix `matrix` (row-major) by Gauss–Jordan
    /// elimination with partial pivoting, in float64: for preconditioners, which need not
    /// be accurate (any real matrix is a sound Krawczyk preconditioner). The caller scales
    /// the matrix so that its entries are about 1. Nil when a pivot is 0 or below
    /// `2^−40` times the largest entry of the matrix (singular to float64 working
    /// precision, by a crude test), or an entry of the result is not finite.
    public static func inverse(rowMajor matrix: [Double], size n: Int) -> [Double]? {
        precondition(matrix.count == n * n, "a \(n) × \(n) matrix needs \(n * n) entries")
        var a = matrix
        var inverse = [Double](repeating: 0, count: n * n)
        for i in 0..<n { inverse[i * n + i] = 1 }
        let largest = matrix.map(Swift.abs).max() ?? 0
        guard largest > 0, largest.isFinite else { return nil }
        let threshold = largest * 0x1p-40
        var ok = true
        a.withUnsafeMutableBufferPointer { a in
            inverse.withUnsafeMutableBufferPointer { b in
                for column in 0..<n {
                    var pivot = column
                    for row in (column + 1)..<max(n, column + 1) where Swift.abs(a[row * n + column]) > Swift.abs(a[pivot * n + column]) {
                        pivot = row
                    }
                    guard Swift.abs(a[pivot * n + column]) > threshold else { ok = false; return }
                    if pivot != column {
                        for j in 0..<n {
                            a.swapAt(pivot * n + j, column * n + j)
                            b.swapAt(pivot * n + j, column * n + j)
                        }
                    }
                    let scale = 1 / a[column * n + column]
                    let pc = column * n
                    for j in 0..<n { a[pc + j] *= scale; b[pc + j] *= scale }
                    for row in 0..<n where row != column {
                        let factor = a[row * n + column]
                        if factor == 0 { continue }
                        let r = row * n
                        for j in column..<n { a[r + j] -= factor * a[pc + j] }
                        for j in 0..<n { b[r + j] -= factor * b[pc + j] }
                    }
                }
            }
        }
        guard ok, inverse.allSatisfy(\.isFinite) else { return nil }
        return inverse
    }
}
