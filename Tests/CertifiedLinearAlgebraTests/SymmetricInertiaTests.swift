import XCTest
import CertifiedIntervals
import CheckerTestSupport
@testable import CertifiedLinearAlgebra

/// The certified inertia on matrices of known inertia, and its refusals.
final class SymmetricInertiaTests: XCTestCase {
    let p = 128

    /// Inertia of matrices Q D Qᵀ with known D.
    func testInertiaOfConstructedMatrices() {
        var random = SplitMix64(seed: 42)
        for trial in 0..<40 {
            let n = 2 + trial % 6
            let signs = (0..<n).map { _ in random.symmetricUnit() < 0 ? -1.0 : 1.0 }
            let d = signs.map { $0 * (0.5 + abs(random.symmetricUnit())) }
            let matrix = symmetricMatrix(eigenvalues: d, random: &random, precision: p)
            guard case .certified(let inertia) = SymmetricInertia.certify(matrix) else {
                XCTFail("trial \(trial): not certified"); continue
            }
            XCTAssertEqual(inertia.negative, signs.filter { $0 < 0 }.count, "trial \(trial): D = \(d)")
            XCTAssertEqual(inertia.positive + inertia.negative, n)
        }
    }

    func testSingularIndefiniteAndEmptyMatrices() {
        let one = Interval(1, precision: p), zero = Interval.zero(precision: p)
        // A singular matrix: [[1, 1], [1, 1]] — no certificate.
        if case .certified = SymmetricInertia.certify([[one, one], [one, one]]) {
            XCTFail("a singular matrix was certified")
        }
        // A hand-made saddle: diag(2, -3) has index 1; uᵀHu < 0 for u = e_2.
        let saddle = [[Interval(2, precision: p), zero], [zero, Interval(-3, precision: p)]]
        guard case .certified(let inertia) = SymmetricInertia.certify(saddle) else { return XCTFail("saddle") }
        XCTAssertEqual(inertia, SymmetricInertia.Inertia(positive: 1, negative: 1))
        XCTAssertTrue(SymmetricInertia.quadraticForm(saddle, [zero, one], precision: p).isNegative)
        // Zero diagonal: only a 2×2 pivot works ([[0, 1], [1, 0]] has one eigenvalue of each sign).
        guard case .certified(let swap) = SymmetricInertia.certify([[zero, one], [one, zero]]) else {
            return XCTFail("2×2 pivot")
        }
        XCTAssertEqual(swap, SymmetricInertia.Inertia(positive: 1, negative: 1))
        // The empty matrix has inertia (0, 0).
        guard case .certified(let empty) = SymmetricInertia.certify([]) else { return XCTFail("empty") }
        XCTAssertEqual(empty, SymmetricInertia.Inertia(positive: 0, negative: 0))
    }

    /// A diagonal entry straddling 0 is never a pivot; the report names the step.
    func testUndecidedReportsTheStep() {
        let one = Interval(1, precision: p), wide = Interval.hull(-one, one)
        guard case let .undecided(step, _, positive, negative) = SymmetricInertia.certify(
            [[Interval(4, precision: p), .zero(precision: p)], [.zero(precision: p), wide]]) else {
            return XCTFail("a straddling diagonal was certified")
        }
        XCTAssertEqual(step, 1)
        XCTAssertEqual(positive, 1)
        XCTAssertEqual(negative, 0)
    }
}
