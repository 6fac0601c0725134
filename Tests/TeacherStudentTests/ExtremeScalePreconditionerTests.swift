import XCTest
import Foundation
import CertifiedIntervals
@testable import TeacherStudent

/// The Krawczyk preconditioner (and Newton's inverse) at extreme scales: the approximate
/// inverse is computed in MPFR after equilibration by powers of two, so matrices of order
/// 1e-310 or 1e+300 (whose float64 inverses underflow or overflow) are inverted as well as
/// matrices of order 1, and singular ones are refused (nil), never turned into inf/NaN.
final class ExtremeScalePreconditionerTests: XCTestCase {
    let p = 256

    func exact(_ decimal: String) -> Interval { Interval(Rational(exactly: decimal)!, precision: p) }

    /// max |(C M − I)_ij| (or max |(M C − I)_ij| when `right`), enclosed. With a row
    /// scaling `M = D M₀` the left residual is free of the scales (`C M − I ≈ E M₀`); with
    /// a column scaling `M = M₀ D` the right one is.
    func residual(_ c: [[Interval]], _ m: [[Interval]], right: Bool = false) -> Interval {
        let n = m.count
        let accumulator = IntervalAccumulator(precision: p)
        var worst = Interval.zero(precision: p)
        for i in 0..<n {
            for j in 0..<n {
                accumulator.reset()
                for t in 0..<n { right ? accumulator.addProduct(m[i][t], c[t][j]) : accumulator.addProduct(c[i][t], m[t][j]) }
                let entry = accumulator.sum - Interval(i == j ? 1 : 0, precision: p)
                worst = Interval.maximum(worst, entry.magnitude)
            }
        }
        return worst
    }

    func assertGoodInverse(_ m: [[Interval]], _ what: String, right: Bool = false,
                           file: StaticString = #filePath, line: UInt = #line) {
        guard let c = ApproximateInverse.of(m, precision: p) else {
            return XCTFail("\(what): no approximate inverse", file: file, line: line)
        }
        XCTAssertTrue(c.joined().allSatisfy { $0.isPoint && $0.isFinite }, "\(what): C must be exact finite points",
                      file: file, line: line)
        let bound = Interval(1, precision: p).scaled(byPowerOfTwo: -(p - 20))
        let error = residual(c, m, right: right)
        XCTAssertTrue(Interval.certainlyLess(error, bound), "\(what): residual ≤ \(error)", file: file, line: line)
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
        XCTAssertNil(ApproximateInverse.of([[one, one], [one, one]].map { $0.map { $0 * tiny } }, precision: p),
                     "exactly singular, at scale 1e-310")
        XCTAssertNil(ApproximateInverse.of([[one, zero], [zero, zero]], precision: p), "a zero row")
        XCTAssertNil(ApproximateInverse.of([], precision: p), "empty")
        XCTAssertNil(ApproximateInverse.of([[one, one]], precision: p), "not square")
        // The pivot test is relative to the equilibrated matrix, at 2^(-p/2): a determinant
        // of relative size 2^(-p/2 - 4) is singular to working precision, 2^(-p/2 + 8) is not.
        let nearlySingular = { (e: Int) in [[one, one], [one, one + one.scaled(byPowerOfTwo: e)]] }
        XCTAssertNil(ApproximateInverse.of(nearlySingular(-(p / 2) - 4), precision: p))
        XCTAssertNotNil(ApproximateInverse.of(nearlySingular(-(p / 2) + 8), precision: p))
        // A diagonal matrix is perfectly conditioned whatever its scales.
        XCTAssertNotNil(ApproximateInverse.of([[one, zero], [zero, exact("1e-600")]], precision: p))
    }

    /// σ(z) = z, d = 1, one student copying one teacher neuron: L = (a w − b v)². With all
    /// weights `scale`, the full Hessian 2[[a², 2aw − bv], [2aw − bv, w²]] = 2 s² [[1, 1], [1, 1]]
    /// is singular (the scaling symmetry); on the slice a = const it is 2a² > 0.
    func linearCopy(_ scale: String, precision q: Int) -> TeacherStudentProblem {
        let s = Interval(Rational(exactly: scale)!, precision: q)
        let network = Configurations.explicit(inputWeights: [[s]], outputWeights: [s], precision: q)
        return TeacherStudentProblem(activation: .linear, teacher: network, student: network)
    }

    func testKrawczykAtExtremeScalesProvesTheSlice() throws {
        // 1e-155: slice Hessian 2a² = 2e-310, whose float64 inverse overflows (this trapped
        // in Interval(Double) before). 1e300: 2e600, beyond float64; the configuration fits
        // in the box 2^(-p/2) only from p = 2048 on. On all parameters the proof must fail
        // (the critical points form the orbit), with a reason, and at 1e300 the midpoint
        // Hessian over the tiny box is singular to working precision.
        for (scale, q) in [("1e-155", 128), ("1e-155", 2048), ("1e300", 4096)] {
            let problem = linearCopy(scale, precision: q)
            let radius = Interval(1, precision: q).scaled(byPowerOfTwo: -(q / 2))
            let full = try KrawczykCertification.certify(problem, radius: radius, precision: q)
            XCTAssertFalse(full.isUnique, "\(scale) at \(q) bits")
            XCTAssertNotNil(full.failureKind, "\(scale) at \(q) bits")
            if scale == "1e300" {
                XCTAssertEqual(full.failureKind, .singularHessian, full.failure ?? "")
                XCTAssertTrue(full.isStructuralFailure)
            }
            let slice = try KrawczykCertification.certify(problem, radius: radius, precision: q, sliceOfDegree: 1)
            XCTAssertTrue(slice.isUnique, "\(scale) at \(q) bits: \(slice.failure ?? "")")
            XCTAssertLessThan(slice.contraction, 1)
        }
    }

    func testNewtonStepsAtScale1e155() throws {
        // erf, d = 1, teacher v = b = 1e-155, start w = 1.5e-155, a = 1e-155: the gradient
        // (about 1e-465) is above the stopping tolerance 2^-(p-8) at p = 2048, and the
        // Hessian entries (about 1e-310) have float64 inverses beyond the double range.
        // Newton's method must take steps (the Hessian is not singular: its determinant is
        // about −4c²(1.75)·1e-620) and reduce the gradient, never trap or call it singular.
        let q = 2048
        let s = Interval(Rational(exactly: "1e-155")!, precision: q).midpoint
        let start = [Interval(Rational(exactly: "1.5e-155")!, precision: q).midpoint, s]
        let teacher = Configurations.explicit(inputWeights: [[s]], outputWeights: [s], precision: q)
        let problem = { (theta: [Interval]) in
            TeacherStudentProblem(activation: .standardErf, teacher: teacher,
                                  student: Configurations.explicit(inputWeights: [[theta[0]]], outputWeights: [theta[1]],
                                                                   precision: q))
        }
        let result = try NumericalRefinement.newtonSteps(from: start, precision: q, problem: problem)
        XCTAssertGreaterThan(result.iterations, 0)
        XCTAssertTrue(result.point.allSatisfy { $0.isFinite && $0.isPoint })
        func largestGradient(_ theta: [Interval]) throws -> Interval {
            try DenseEvaluation.lossAndGradient(problem(theta), precision: q).flattenedGradient.map(\.magnitude)
                .reduce(Interval.zero(precision: q), Interval.maximum)
        }
        let before = try largestGradient(start), after = try largestGradient(result.point)
        XCTAssertTrue(Interval.certainlyLess(after, before.scaled(byPowerOfTwo: -20)), "\(before) → \(after)")
    }

    func testMidpointAsDoubleNeverMakesNaNFromFiniteEnds() {
        // [-1e400, 1e400]: both ends overflow float64; the midpoint is 0, not −∞ + ∞ = NaN.
        let huge = exact("1e400")
        XCTAssertEqual(Interval.hull(-huge, huge).midpointAsDouble, 0)
        XCTAssertEqual(huge.midpointAsDouble, .infinity)
        XCTAssertEqual(exact("1e-400").midpointAsDouble, 0)
        XCTAssertEqual(huge.magnitudeExponent, Int((400 * log2(10.0)).rounded(.up)))
        XCTAssertNil(Interval.zero(precision: p).magnitudeExponent)
        XCTAssertTrue(exact("2e-400").hasLargerMidpointMagnitude(than: exact("-1e-400")))
        XCTAssertFalse(exact("1e-400").hasLargerMidpointMagnitude(than: exact("-2e-400")))
    }
}
