import XCTest
import CertifiedIntervals
import CheckerTestSupport
@testable import CertifiedLinearAlgebra

/// The in-place matrix of interval sums against the allocating `Interval` arithmetic
/// (an independent implementation of the sign cases): on every sign combination of the
/// factors, a product accumulated into 0 equals `x * y` exactly, and sums equal `+`.
final class IntervalAccumulatorMatrixTests: XCTestCase {
    let p = 128

    func testProductsAndSumsMatchIntervalArithmetic() {
        var random = SplitMix64(seed: 8)
        let shapes: [(Double, Double)] = [(1, 2), (-2, -1), (-1, 2), (-2, 1), (0, 3), (-3, 0), (0, 0), (2, 2)]
        func interval(_ shape: (Double, Double)) -> Interval {
            let wiggle = random.uniform(0, 0.25)
            let lower = shape.0 == 0 ? 0 : shape.0 - wiggle, upper = shape.1 == 0 ? 0 : shape.1 + wiggle
            return try! Interval(lower: Swift.min(lower, upper), upper: Swift.max(lower, upper), precision: p)
                / Interval(3, precision: p)    // not dyadic: rounded ends
        }
        let matrix = IntervalAccumulatorMatrix(rows: shapes.count, columns: shapes.count, precision: p)
        for (i, a) in shapes.enumerated() {
            for (j, b) in shapes.enumerated() {
                let x = interval(a), y = interval(b), z = interval((1, 2))
                matrix.addProduct(x, y, i, j)
                let product = x * y
                XCTAssertTrue(matrix.interval(i, j).contains(product) && product.contains(matrix.interval(i, j)),
                              "\(a) × \(b): \(matrix.interval(i, j)) vs \(product)")
                matrix.add(z, i, j)
                let sum = product + z
                XCTAssertTrue(matrix.interval(i, j).contains(sum) && sum.contains(matrix.interval(i, j)), "\(a) × \(b) + z")
            }
        }
        XCTAssertTrue(IntervalAccumulatorMatrix(rows: 1, columns: 1, precision: p).isExactZero(0, 0))
    }

    /// `c·u vᵀ` with its mirror, and `c·u uᵀ` alone, accumulated into the upper triangle,
    /// against the full matrix summed entry by entry with `Interval` arithmetic.
    func testOuterProductsIntoTheUpperTriangle() {
        var random = SplitMix64(seed: 12)
        let n = 8
        func sparse() -> [(Int, Interval)] {
            (0..<5).filter { _ in random.next() % 3 != 0 }.map { ($0, try! Interval(random.uniform(-1, 1), precision: p) / Interval(3, precision: p)) }
        }
        for _ in 0..<20 {
            let u = sparse(), v = sparse()
            let c = try! Interval(random.uniform(-2, 2), precision: p) / Interval(7, precision: p)
            let start = Int(random.next() % 2), other = start + 2
            let matrix = IntervalAccumulatorMatrix(rows: n, columns: n, precision: p)
            var full = Array(repeating: Array(repeating: Interval.zero(precision: p), count: n), count: n)
            matrix.addOuterProductToUpperTriangle(c, u, v, rowStart: start, columnStart: other, mirror: true)
            matrix.addOuterProductToUpperTriangle(c, u, u, rowStart: start, columnStart: start, mirror: false)
            for (s, us) in u {
                for (t, vt) in v {
                    let value = (c * us) * vt
                    full[start + s][other + t] = full[start + s][other + t] + value
                    full[other + t][start + s] = full[other + t][start + s] + value
                }
                for (t, ut) in u { full[start + s][start + t] = full[start + s][start + t] + (c * us) * ut }
            }
            for i in 0..<n {
                for j in i..<n {
                    XCTAssertTrue(full[i][j].overlaps(full[j][i]))
                    // Same terms, possibly summed in another order: the enclosures overlap and
                    // both contain the midpoint sum; here each entry gets at most two terms.
                    XCTAssertTrue(matrix.interval(i, j).overlaps(full[i][j]), "(\(i), \(j))")
                    XCTAssertTrue(full[i][j].isExactZero == matrix.isExactZero(i, j), "(\(i), \(j)) zero pattern")
                }
            }
        }
    }
}
