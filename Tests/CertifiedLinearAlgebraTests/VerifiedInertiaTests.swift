import XCTest
import CertifiedIntervals
import CheckerTestSupport
@testable import CertifiedLinearAlgebra

/// The verified inertia by approximate diagonalisation, against matrices of exactly
/// known inertia: `A = Q D Qᵀ` with `Q` a product of two Householder reflections with
/// integer vectors (`I − 2vvᵀ/vᵀv` is exactly orthogonal over the rationals), so the
/// entries are exact rationals and the eigenvalues are exactly `D`.
final class VerifiedInertiaTests: XCTestCase {
    let p = 256

    /// `Q D Qᵀ` in exact rational arithmetic.
    func congruence(_ d: [Rational], _ random: inout SplitMix64) -> [[Rational]] {
        let n = d.count
        func reflection() -> [[Rational]] {
            var v = (0..<n).map { _ in Int(random.next() % 11) - 5 }
            if v.allSatisfy({ $0 == 0 }) { v[0] = 1 }
            let norm = v.reduce(0) { $0 + $1 * $1 }
            return (0..<n).map { i in (0..<n).map { j in
                Rational(i == j ? 1 : 0) - Rational(2 * v[i] * v[j], norm) } }
        }
        func product(_ a: [[Rational]], _ b: [[Rational]]) -> [[Rational]] {
            (0..<n).map { i in (0..<n).map { j in (0..<n).reduce(Rational(0)) { $0 + a[i][$1] * b[$1][j] } } }
        }
        let q = product(reflection(), reflection())
        let qd = (0..<n).map { i in (0..<n).map { j in q[i][j] * d[j] } }
        let qt = (0..<n).map { i in (0..<n).map { j in q[j][i] } }
        return product(qd, qt)
    }

    func intervals(_ a: [[Rational]], widenedBy radius: Rational? = nil) -> [[Interval]] {
        a.map { $0.map { x in
            guard let radius else { return Interval(x, precision: p) }
            return Interval.hull(Interval(x - radius, precision: p), Interval(x + radius, precision: p))
        } }
    }

    /// Known inertia, eigenvalues from 1 down to 10⁻¹² of the norm: the diagonalisation never
    /// gives a wrong inertia; it decides every matrix whose eigenvalues are at least 10⁻⁹ of
    /// the norm; the combined `certify` and the LDLᵀ at 256 bits decide them all.
    func testKnownInertiaDownToTinyEigenvalues() {
        var random = SplitMix64(seed: 14)
        let magnitudes = [Rational(1), Rational(1, 3), Rational(1, 1_000_000), Rational(1, 1_000_000_000),
                          Rational(1, 1_000_000_000_000)]
        var decidedByDiagonalisation = 0, tiny = 0
        for trial in 0..<40 {
            let n = 3 + trial % 10
            var d = (0..<n).map { _ in magnitudes[Int(random.next() % UInt64(magnitudes.count))] }
            d[0] = Rational(1)                                   // the norm is 1
            let negatives = (0..<n).filter { _ in random.next() % 2 == 0 }
            for i in negatives { d[i] = -d[i] }
            let expected = SymmetricInertia.Inertia(positive: n - negatives.count, negative: negatives.count)
            let smallest = d.map(\.magnitude).min()!
            let matrix = intervals(congruence(d, &random))
            switch SymmetricInertia.certifyByApproximateDiagonalisation(matrix) {
            case .certified(let inertia):
                XCTAssertEqual(inertia, expected, "trial \(trial): D = \(d)")
                decidedByDiagonalisation += 1
                if smallest < Rational(1, 1_000_000_000) { tiny += 1 }
            case .discReachesZero, .notApplicable:
                XCTAssertTrue(smallest < Rational(1, 1_000_000_000), "trial \(trial): undecided with min |λ| = \(smallest)")
            }
            guard case .certified(let combined) = SymmetricInertia.certify(matrix),
                  case .certified(let ldlt) = SymmetricInertia.certifyByBlockLDLT(matrix) else {
                XCTFail("trial \(trial): not certified at 256 bits"); continue
            }
            XCTAssertEqual(combined, expected, "trial \(trial)")
            XCTAssertEqual(ldlt, expected, "trial \(trial)")
        }
        XCTAssertGreaterThan(decidedByDiagonalisation, 30)
        XCTAssertGreaterThan(tiny, 0, "no matrix with an eigenvalue of 10⁻¹² was decided in float64")
    }

    /// A singular matrix (an exact zero eigenvalue), and a matrix whose smallest eigenvalue
    /// 10⁻⁴⁰ is smaller than its entries' radii 10⁻³⁰ (so it contains singular matrices):
    /// neither method certifies anything.
    func testMatricesContainingSingularOnesAreUndecided() {
        var random = SplitMix64(seed: 3)
        for n in [2, 5, 9] {
            var d = (0..<n).map { Rational($0 % 2 == 0 ? 1 : -2) }
            d[n - 1] = Rational(0)
            for matrix in [intervals(congruence(d, &random))] + [{ () -> [[Interval]] in
                var e = d; e[n - 1] = try! Rational(1, 1).power(1) * Rational(1, 10).power(40)
                return intervals(congruence(e, &random), widenedBy: try! Rational(1, 10).power(30))
            }()] {
                if case .certified(let inertia) = SymmetricInertia.certifyByApproximateDiagonalisation(matrix) {
                    XCTFail("n = \(n): a matrix containing a singular one was certified as \(inertia)")
                }
                if case .certified(let inertia) = SymmetricInertia.certify(matrix) {
                    XCTFail("n = \(n): a matrix containing a singular one was certified as \(inertia)")
                }
            }
        }
    }

    /// The smallest eigenvalue `2⁻⁶⁰` of the norm is below float64's rounding bound: the
    /// diagonalisation reports that its disc reaches 0 (never a wrong inertia), and the
    /// combined method falls back to the LDLᵀ at 256 bits, which decides it.
    func testEigenvalueWithinTheRoundingBoundFallsBack() throws {
        var random = SplitMix64(seed: 5)
        for n in [4, 8] {
            var d = (0..<n).map { Rational($0 % 3 == 0 ? -1 : 1) }
            d[n - 1] = try Rational(1, 2).power(60)
            let matrix = intervals(congruence(d, &random))
            guard case .discReachesZero = SymmetricInertia.certifyByApproximateDiagonalisation(matrix) else {
                return XCTFail("n = \(n): an eigenvalue of 2^-60 was separated from 0 in float64")
            }
            let (outcome, method) = SymmetricInertia.certifyReportingMethod(matrix)
            XCTAssertEqual(method, .blockLDLT)
            guard case .certified(let inertia) = outcome else { return XCTFail("n = \(n): LDLᵀ at 256 bits failed") }
            XCTAssertEqual(inertia.negative, d.filter { $0 < Rational(0) }.count)
            XCTAssertEqual(inertia.positive + inertia.negative, n)
        }
    }

    /// Scaling by `2^±1100` (beyond the double range) does not change the inertia, and the
    /// diagonalisation still decides (it divides by a power of two first).
    func testExtremeScales() throws {
        var random = SplitMix64(seed: 9)
        let d = [Rational(3), Rational(-1), Rational(1, 7), Rational(-5), Rational(2)]
        let base = congruence(d, &random)
        for exponent in [-1100, 1100] {
            let factor = exponent < 0 ? try Rational(1, 2).power(-exponent) : try Rational(2).power(exponent)
            let matrix = intervals(base.map { $0.map { $0 * factor } })
            XCTAssertEqual(SymmetricInertia.certifyByApproximateDiagonalisation(matrix),
                           .certified(SymmetricInertia.Inertia(positive: 3, negative: 2)), "2^\(exponent)")
        }
    }

    /// Wide entries: `[[1 ± 2, 0], [0, 1]]` contains singular matrices; `[[4, 1 ± ½], [1 ± ½, −3]]`
    /// has one eigenvalue of each sign for every member.
    func testIntervalRadiiAreCounted() {
        let one = Interval(1, precision: p), zero = Interval.zero(precision: p)
        let wide = Interval.hull(Interval(-1, precision: p), Interval(3, precision: p))
        if case .certified = SymmetricInertia.certifyByApproximateDiagonalisation([[wide, zero], [zero, one]]) {
            XCTFail("a diagonal straddling 0 was certified")
        }
        let offDiagonal = Interval.hull(Interval(Rational(1, 2), precision: p), Interval(Rational(3, 2), precision: p))
        XCTAssertEqual(SymmetricInertia.certifyByApproximateDiagonalisation(
            [[Interval(4, precision: p), offDiagonal], [offDiagonal, Interval(-3, precision: p)]]),
            .certified(SymmetricInertia.Inertia(positive: 1, negative: 1)))
        XCTAssertEqual(SymmetricInertia.certifyByApproximateDiagonalisation([]),
                       .certified(SymmetricInertia.Inertia(positive: 0, negative: 0)))
    }

    /// The float64 eigen-solver against exactly known eigenvalues (an independent check
    /// of the approximation the verification starts from).
    func testEigenSolverFindsKnownEigenvalues() {
        var random = SplitMix64(seed: 21)
        let d = (1...12).map { Rational($0 % 2 == 0 ? $0 : -$0) }
        let a = congruence(d, &random)
        let flat = a.flatMap { $0.map(\.doubleValue) }
        guard let eigen = Approximate.symmetricEigenDecomposition(rowMajor: flat, size: 12) else { return XCTFail("no decomposition") }
        for (found, expected) in zip(eigen.eigenvalues.sorted(), d.map(\.doubleValue).sorted()) {
            XCTAssertEqual(found, expected, accuracy: 1e-12)
        }
        // Orthonormal rows.
        for i in 0..<12 {
            for j in 0..<12 {
                let dot = (0..<12).reduce(0.0) { $0 + eigen.eigenvectorRows[i * 12 + $1] * eigen.eigenvectorRows[j * 12 + $1] }
                XCTAssertEqual(dot, i == j ? 1 : 0, accuracy: 1e-13)
            }
        }
    }

    /// Beyond the fallback limit a matrix the diagonalisation cannot decide is undecided at
    /// step 0 (no N³ MPFR elimination), reporting the disc that reaches 0; below it, the
    /// LDLᵀ runs. `diag(1, …, 1, 0)` is singular: never certified either way.
    func testFallbackLimit() {
        for n in [SymmetricInertia.blockLDLTFallbackLimit, SymmetricInertia.blockLDLTFallbackLimit + 1] {
            let matrix = (0..<n).map { i in (0..<n).map { j in Interval(i == j && i < n - 1 ? 1 : 0, precision: 64) } }
            let (outcome, method) = SymmetricInertia.certifyReportingMethod(matrix)
            guard case let .undecided(step, pivot, _, _) = outcome else { return XCTFail("n = \(n): a singular matrix was certified") }
            if n > SymmetricInertia.blockLDLTFallbackLimit {
                XCTAssertEqual(method, .approximateDiagonalisation)
                XCTAssertEqual(step, 0)
                XCTAssertTrue(pivot.containsZero)
            } else {
                XCTAssertEqual(method, .blockLDLT)
                XCTAssertEqual(step, n - 1)
            }
        }
    }
}
