import XCTest
import Foundation
import CertifiedIntervals
import CheckerTestSupport
@testable import CertifiedLinearAlgebra

/// The approximate helpers other than the inverse: the Jacobi eigen-decomposition, BFGS
/// and Newton's method. They certify nothing; these tests check that they are good
/// enough to guide the certified tests.
final class ApproximateSolverTests: XCTestCase {

    /// Q diag(d) Qᵀ at scales 1, 1e-300 and 1e+300: the eigenvalues come back (after
    /// undoing the power-of-two scaling) and the extreme eigenvectors are eigenvectors.
    func testEigenDecompositionOfConstructedMatricesAtAnyScale() throws {
        var random = SplitMix64(seed: 7)
        for (trial, scale) in ["1", "1e-300", "1e300"].enumerated() {
            let d = [-2.0, -0.5, 1.0, 3.0, 0.25]
            let base = symmetricMatrix(eigenvalues: d, random: &random, precision: 128)
            let s = exact(scale, precision: 128)
            let decomposition = try XCTUnwrap(Approximate.symmetricEigenDecomposition(base.map { $0.map { $0 * s } }))
            let unscaled = decomposition.eigenvalues.map { Foundation.scalbn($0, decomposition.scaleExponent) / s.midpointAsDouble }
            for (found, expected) in zip(unscaled.sorted(), d.sorted()) {
                XCTAssertEqual(found, expected, accuracy: 1e-12, "trial \(trial)")
            }
            // The smallest eigenvector u: ‖A u − λ u‖ small relative to ‖A‖ (on the scaled matrix).
            let u = try XCTUnwrap(decomposition.eigenvector(ofSmallest: true))
            let m = base.map { $0.map(\.midpointAsDouble) }
            let au = m.map { row in zip(row, u).reduce(0.0) { $0 + $1.0 * $1.1 } }
            for (x, y) in zip(au, u) { XCTAssertEqual(x, -2 * y, accuracy: 1e-10, "trial \(trial)") }
        }
        XCTAssertNil(Approximate.SymmetricEigenDecomposition(scaleExponent: 0, eigenvalues: [], eigenvectors: [])
            .eigenvector(ofSmallest: true))
    }

    /// Rosenbrock's function from (−1.2, 1): BFGS reaches (1, 1).
    func testBFGSMinimisesRosenbrock() {
        let result = Approximate.bfgs(from: [-1.2, 1], maximumIterations: 500) { x in
            let a = 1 - x[0], b = x[1] - x[0] * x[0]
            return (a * a + 100 * b * b, [-2 * a - 400 * x[0] * b, 200 * b])
        }
        XCTAssertEqual(result.point[0], 1, accuracy: 1e-6)
        XCTAssertEqual(result.point[1], 1, accuracy: 1e-6)
        XCTAssertLessThan(result.value, 1e-12)
        XCTAssertLessThan(result.iterations, 500)
    }

    /// Newton on x² − 2 from 1.5 at 1024 bits: quadratic convergence (each residual about
    /// the square of the previous one, in exponent) down to the tolerance 2^-(p-8).
    func testNewtonConvergesQuadraticallyAtHighPrecision() {
        let p = 1024
        let two = Interval(2, precision: p)
        let result = Approximate.newton(from: [PointValue(nearest: Rational(3, 2), precision: p)], precision: p,
                                        value: { x in let x = Interval(exactly: x[0]); return [x * x - two] },
                                        jacobian: { x in [[two * Interval(exactly: x[0])]] })
        XCTAssertEqual(result.stop, .converged)
        XCTAssertLessThanOrEqual(result.steps, 10)
        let exponents = result.residuals.compactMap(\.exponent)
        for (before, after) in zip(exponents, exponents.dropFirst()) where after > -(p - 40) {
            XCTAssertLessThan(after, 2 * before + 4, "residual exponents \(exponents)")
        }
        XCTAssertTrue(result.point[0].isFinite)
        // A zero Jacobian stops the iteration, reported, never an infinity.
        let flat = Approximate.newton(from: [PointValue(0, precision: p)], precision: p,
                                      value: { x in let x = Interval(exactly: x[0]); return [x * x - two] },
                                      jacobian: { x in [[two * Interval(exactly: x[0])]] })
        XCTAssertEqual(flat.stop, .singularJacobian)
        XCTAssertEqual(flat.steps, 0)
    }
}
