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
}
