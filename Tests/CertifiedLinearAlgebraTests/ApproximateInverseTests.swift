import XCTest
import CertifiedIntervals
@testable import CertifiedLinearAlgebra

/// The approximate inverse at extreme scales: it is computed in MPFR after equilibration
/// by powers of two, so matrices of order 1e-310 or 1e+300 (whose float64 inverses
/// underflow or overflow) are inverted as well as matrices of order 1, and singular ones
/// are refused (nil), never turned into inf/NaN.
final class ApproximateInverseTests: XCTestCase {
    let p = 256

    func exact(_ decimal: String) -> Interval { CertifiedLinearAlgebraTests.exact(decimal, precision: p) }

    /// max |(C M − I)_ij| (or max |(M C − I)_ij| when `right`), enclosed. With a row
    /// scaling `M = D M₀` the left residual is free of the scales (`C M − I ≈ E M₀`); with
    /// a column scaling `M = M₀ D` the right one is.
    func residual(_ c: [[Interval]], _ m: [[Interval]], right: Bool = false) -> MagnitudeBound {
        let n = m.count
        let accumulator = IntervalAccumulator(precision: p)
        var worst = MagnitudeBound.zero(precision: p)
        for i in 0..<n {
            for j in 0..<n {
                accumulator.reset()
                for t in 0..<n { right ? accumulator.addProduct(m[i][t], c[t][j]) : accumulator.addProduct(c[i][t], m[t][j]) }
                let entry = accumulator.sum - Interval(i == j ? 1 : 0, precision: p)
                worst = MagnitudeBound.maximum(worst, entry.magnitude)
            }
        }
        return worst
    }

    func assertGoodInverse(_ m: [[Interval]], _ what: String, right: Bool = false,
                           file: StaticString = #filePath, line: UInt = #line) {
        guard let c = Approximate.inverse(of: m, precision: p) else {
            return XCTFail("\(what): no approximate inverse", file: file, line: line)
        }
        XCTAssertTrue(c.joined().allSatisfy { $0.isPoint && $0.isFinite }, "\(what): C must be exact finite points",
                      file: file, line: line)
        let bound = Interval(1, precision: p).scaled(byPowerOfTwo: -(p - 20))
        let error = residual(c, m, right: right)
        XCTAssertTrue(error.isCertainlyBelow(bound), "\(what): residual ≤ \(error)", file: file, line: line)
    }

    func testApproximateInverseAtTinyHugeAndMixedScales() {
        let base = [[2, 1, 0], [1, 3, 1], [0, 1, 4]].map { $0.map { Interval($0, precision: p) } }
        for scale in ["1e-310", "1e-400", "1e300", "1e400", "1"] {
            let s = exact(scale)
            assertGoodInverse(base.map { $0.map { $0 * s } }, "scale \(scale)")
        }
        // Rows of very different scales (as in a Hessian with weights 1e-200 next to 1):
        // D M with D = diag(1e-200, 1, 1e300) is as well conditioned as M after equilibration.
        let rowScales = [exact("1e-200"), exact("1"), exact("1e300")]
        assertGoodInverse((0..<3).map { i in base[i].map { $0 * rowScales[i] } }, "mixed rows")
        // The same for columns.
        let wide = (0..<3).map { i in (0..<3).map { j in base[i][j] * rowScales[j] } }
        assertGoodInverse(wide, "mixed columns", right: true)
    }

    func testSingularAndMalformedMatricesHaveNoApproximateInverse() {
        let one = Interval(1, precision: p), zero = Interval.zero(precision: p), tiny = exact("1e-310")
        XCTAssertNil(Approximate.inverse(of: [[one, one], [one, one]].map { $0.map { $0 * tiny } }, precision: p),
                     "exactly singular, at scale 1e-310")
        XCTAssertNil(Approximate.inverse(of: [[one, zero], [zero, zero]], precision: p), "a zero row")
        XCTAssertNil(Approximate.inverse(of: [], precision: p), "empty")
        XCTAssertNil(Approximate.inverse(of: [[one, one]], precision: p), "not square")
        // The pivot test is relative to the equilibrated matrix, at 2^(-p/2): a determinant
        // of relative size 2^(-p/2 - 4) is singular to working precision, 2^(-p/2 + 8) is not.
        XCTAssertEqual(Approximate.singularityCancellationBits(precision: p), p / 2)
        let nearlySingular = { (e: Int) in [[one, one], [one, one + one.scaled(byPowerOfTwo: e)]] }
        XCTAssertNil(Approximate.inverse(of: nearlySingular(-(p / 2) - 4), precision: p))
        XCTAssertNotNil(Approximate.inverse(of: nearlySingular(-(p / 2) + 8), precision: p))
        // A diagonal matrix is perfectly conditioned whatever its scales.
        XCTAssertNotNil(Approximate.inverse(of: [[one, zero], [zero, exact("1e-600")]], precision: p))
    }
}
