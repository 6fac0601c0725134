import XCTest
import CertifiedIntervals
@testable import RangeProofs
import CheckerTestSupport

/// Signs of polynomials on integer ranges and inertia of polynomial matrices for every n,
/// against independent references: exact rational evaluation (GMP) integer by integer, and
/// Sylvester's law for matrices built as Qᵀ D(n) Q with an invertible integer Q (the
/// inertia of D(n) is read off its diagonal, evaluated exactly).
final class PolynomialMatrixInertiaTests: XCTestCase {
    private let precision = 128

    private func exact(_ coefficients: [Rational], at n: Int) -> Rational {
        var value: Rational = 0
        for c in coefficients.reversed() { value = value * Rational(n) + c }
        return value
    }

    private func exactSign(_ r: Rational) -> CertifiedSign { CertifiedSign(rawValue: r.signum)! }

    /// Every certified piece agrees with exact evaluation at every integer checked.
    private func assertPiecesAgree(_ pieces: [PolynomialSignOnIntegers.Piece], _ coefficients: [Rational],
                                   checking integers: [Int], file: StaticString = #filePath, line: UInt = #line) {
        for n in integers {
            guard let piece = pieces.first(where: { $0.contains(n) }) else {
                XCTFail("no piece holds \(n)", file: file, line: line); continue
            }
            if let sign = piece.sign {
                XCTAssertEqual(sign, exactSign(exact(coefficients, at: n)), "n = \(n), piece \(piece)", file: file, line: line)
            }
        }
    }

    // MARK: Signs on integers

    func testSignChangesAreFoundExactly() {
        // −(n − 1000)(n + 3) = −n² + 997 n + 3000: positive for n < 1000, 0 at 1000, negative after.
        let c: [Rational] = [3000, 997, -1]
        let p = IntervalPolynomial(rationals: c, precision: precision)
        let pieces = PolynomialSignOnIntegers.pieces(of: p, from: 0)
        XCTAssertEqual(pieces, [
            .init(lower: 0, upper: 999, sign: .positive),
            .init(lower: 1000, upper: 1000, sign: .zero),
            .init(lower: 1001, upper: nil, sign: .negative),
        ])
        assertPiecesAgree(pieces, c, checking: Array(0...1100) + [1 << 20, 1 << 40])
        // A bounded range and a range starting past the root.
        XCTAssertEqual(PolynomialSignOnIntegers.pieces(of: p, from: 5, through: 20), [.init(lower: 5, upper: 20, sign: .positive)])
        XCTAssertEqual(PolynomialSignOnIntegers.pieces(of: p, from: 2000), [.init(lower: 2000, upper: nil, sign: .negative)])
    }

    func testRandomPolynomialsAgreeWithExactEvaluation() {
        var rng = SplitMix64(seed: 0x1E27)
        for trial in 0..<40 {
            // Roots spread over [0, 300] (some at integers, some not), times a rational scale.
            let degree = rng.integer(in: 1...4)
            var c: [Rational] = [Rational(rng.integer(in: 1...5), rng.integer(in: 1...7)) * (rng.integer(in: 0...1) == 0 ? 1 : -1)]
            for _ in 0..<degree {
                let root = Rational(rng.integer(in: 0...600), rng.integer(in: 1...2))
                // c · (n − root)
                var next = [Rational](repeating: 0, count: c.count + 1)
                for (i, a) in c.enumerated() { next[i + 1] = next[i + 1] + a; next[i] = next[i] - a * root }
                c = next
            }
            let p = IntervalPolynomial(rationals: c, precision: precision)
            let pieces = PolynomialSignOnIntegers.pieces(of: p, from: 0)
            // Exact rational coefficients with dyadic-unfriendly denominators: interval
            // coefficients, so an integer root may stay undecided; everything else decided.
            assertPiecesAgree(pieces, c, checking: Array(0...700) + [10_000, 1 << 30])
            let undecided = pieces.filter { $0.sign == nil }
            XCTAssertTrue(undecided.allSatisfy { $0.upper == $0.lower && exact(c, at: $0.lower).signum == 0 },
                          "trial \(trial): undecided pieces away from exact roots: \(undecided)")
            XCTAssertNil(pieces.last!.upper, "trial \(trial): the far end must be covered")
            XCTAssertNotNil(pieces.last!.sign, "trial \(trial): the far end must be decided")
        }
    }

    func testUndecidableLeadingCoefficientIsReported() {
        // Leading coefficient [−1e−30, 1e−30]: the sign at infinity is unknowable.
        let p = IntervalPolynomial(coefficients: [Interval(5, precision: precision), Interval(1, precision: precision),
                                                  Interval(lower: -1e-30, upper: 1e-30, precision: precision)],
                                   precision: precision)
        let pieces = PolynomialSignOnIntegers.pieces(of: p, from: 1)
        XCTAssertEqual(pieces.first?.sign, .positive)
        XCTAssertNil(pieces.last!.sign)
        XCTAssertNil(pieces.last!.upper)
        XCTAssertTrue(pieces.last!.reason!.contains("leading coefficient"))
        // A constant enclosure of 0 that is not the point 0: undecided everywhere.
        let fuzzyZero = IntervalPolynomial.constant(Interval(lower: -1e-30, upper: 1e-30, precision: precision))
        XCTAssertTrue(PolynomialSignOnIntegers.pieces(of: fuzzyZero, from: 1, through: 50).allSatisfy { $0.sign == nil })
        // The exact zero polynomial: zero everywhere.
        XCTAssertEqual(PolynomialSignOnIntegers.pieces(of: .zero(precision: precision), from: 3),
                       [.init(lower: 3, upper: nil, sign: .zero)])
    }

    func testTinyEnclosuresOfZeroAtTheTopLimitTheDecidedRangeOnly() {
        // p(n) = (n − 300)(n + 2) + [−ε, ε]·(n⁵ + n⁶), ε = 2^-100: the exact member with zero
        // noise changes sign once, at n = 300. The far end is undecidable (the top
        // coefficients may be ±ε), but the stretch where ε·n⁶ stays below |(n − 300)(n + 2)|
        // is certified — dyadic blocks up to n ≈ 2^25 — and must agree with the noise-free
        // member; beyond, undecided with the reason.
        let p = precision
        let epsilon = Interval(lower: -0x1p-100, upper: 0x1p-100, precision: p)
        let polynomial = IntervalPolynomial(coefficients: [Interval(-600, precision: p), Interval(-298, precision: p),
                                                           Interval(1, precision: p), Interval(0, precision: p),
                                                           Interval(0, precision: p), epsilon, epsilon], precision: p)
        let pieces = PolynomialSignOnIntegers.pieces(of: polynomial, from: 0)
        let exactCoefficients: [Rational] = [-600, -298, 1]
        assertPiecesAgree(pieces, exactCoefficients, checking: Array(0...400) + [1 << 10, 1 << 15, 1 << 20])
        // p(300) encloses 0 without being the point 0: undecided there, never guessed.
        XCTAssertNil(pieces.first { $0.contains(300) }?.sign)
        let last = pieces.last!
        XCTAssertNil(last.sign)
        XCTAssertNil(last.upper)
        XCTAssertTrue(last.reason?.contains("leading coefficient") ?? false, "\(last)")
        // Decided at least to 2^16 (ε·n⁶ = 2^-4 there), never beyond 2^51 (where ε·n⁶ > n²).
        XCTAssertGreaterThan(last.lower, 1 << 16)
        XCTAssertLessThan(last.lower, 1 << 51)
    }

    // MARK: Characteristic polynomial

    func testCharacteristicPolynomialMatchesExactDeterminants() throws {
        var rng = SplitMix64(seed: 0xBE2C)
        for trial in 0..<10 {
            let s = rng.integer(in: 1...5)
            // Entries a + b n + c n² with small integers (symmetric).
            var exactEntries = [[[Rational]]](repeating: [[Rational]](repeating: [], count: s), count: s)
            for i in 0..<s {
                for j in i..<s {
                    let e: [Rational] = (0..<3).map { _ in Rational(rng.integer(in: -6...6), rng.integer(in: 1...3)) }
                    exactEntries[i][j] = e
                    exactEntries[j][i] = e
                }
            }
            let matrix = exactEntries.map { $0.map { IntervalPolynomial(rationals: $0, precision: precision) } }
            let chi = try PolynomialMatrixInertia.characteristicCoefficients(matrix, precision: precision)
            XCTAssertEqual(chi.count, s + 1)
            for (n, lambda) in [(0, Rational(3)), (4, Rational(-7, 2)), (11, Rational(1, 5))] {
                // Reference: det(λI − B(n)) by exact Gaussian elimination over the rationals.
                var m = (0..<s).map { i in (0..<s).map { j in (i == j ? lambda : 0) - exact(exactEntries[i][j], at: n) } }
                let det = gaussianDeterminant(&m)
                var value = Interval(0, precision: precision)
                for c in chi.reversed() { value = value * Interval(lambda, precision: precision) + c.evaluate(at: n) }
                XCTAssertTrue(value.contains(det), "trial \(trial): χ(\(lambda)) at n = \(n): \(value) vs \(det)")
                let nudged = det + (det.magnitude + 1) * Rational(1, 1 << 50)
                XCTAssertFalse(value.contains(nudged), "trial \(trial): enclosure too wide")
            }
        }
    }

    private func gaussianDeterminant(_ m: inout [[Rational]]) -> Rational {
        let s = m.count
        var det: Rational = 1
        for col in 0..<s {
            guard let pivot = (col..<s).first(where: { m[$0][col].signum != 0 }) else { return 0 }
            if pivot != col { m.swapAt(pivot, col); det = -det }
            det = det * m[col][col]
            for r in (col + 1)..<max(s, col + 1) {
                let factor = try! Rational.dividing(m[r][col], by: m[col][col])
                for c in col..<s { m[r][c] = m[r][c] - factor * m[col][c] }
            }
        }
        return det
    }

    // MARK: Inertia for every n

    /// Qᵀ D(n) Q as polynomial entries, `scale` multiplying every entry.
    private func congruent(_ diagonal: [[Rational]], _ q: [[Int]], scale: Interval? = nil) -> [[IntervalPolynomial]] {
        let s = diagonal.count
        let d = diagonal.map { IntervalPolynomial(rationals: $0, precision: precision) }
        return (0..<s).map { i in
            (0..<s).map { j in
                var entry = IntervalPolynomial.zero(precision: precision)
                for r in 0..<s { entry = entry + (q[r][i] * q[r][j]) * d[r] }
                return scale.map { $0 * entry } ?? entry
            }
        }
    }

    func testCongruenceToADiagonalGivesItsInertiaAtEveryN() throws {
        // D(n) = diag(n − 5, 2n + 1, −(n + 3), n² − 10n + 20, 7): signs change at n = 5 (exact
        // zero), and n² − 10n + 20 < 0 exactly for 3 ≤ n ≤ 7 (roots 5 ± √5).
        let diagonal: [[Rational]] = [[-5, 1], [1, 2], [-3, -1], [20, -10, 1], [7]]
        let q = [[1, 2, 0, -1, 3], [0, 1, 1, 2, -1], [2, 0, 1, 0, 1], [1, 1, 1, 1, 1], [0, -3, 2, 1, 0]]
        for scale in [nil, Interval.pi(precision: precision)] {
            let matrix = congruent(diagonal, q, scale: scale)
            let result = try PolynomialMatrixInertia.inertia(of: matrix, from: 0, precision: precision)
            XCTAssertNil(result.pieces.last!.upper)
            for n in Array(0...40) + [1000, 1 << 30] {
                let signs = diagonal.map { exact($0, at: n).signum }
                let expected = PolynomialMatrixInertia.Inertia(positive: signs.filter { $0 > 0 }.count,
                                                               negative: signs.filter { $0 < 0 }.count,
                                                               zero: signs.filter { $0 == 0 }.count)
                let piece = result.piece(containing: n)!
                if scale != nil && n == 5 {
                    // With π in every entry, det(B(5)) = 0 is only enclosed: undecided, never guessed.
                    XCTAssertNil(piece.inertia, "n = 5 with interval entries must stay undecided")
                    continue
                }
                if scale != nil && n > 40 {
                    // With π in every entry, the top-degree terms of χ's coefficients cancel
                    // exactly (Q mixes the n² entry into every entry) but only as enclosures of
                    // 0, and no diagonal scaling separates them: the far end may stay undecided
                    // — but what is decided must be right.
                    if let inertia = piece.inertia { XCTAssertEqual(inertia, expected, "n = \(n)") }
                    continue
                }
                XCTAssertEqual(piece.inertia, expected, "n = \(n), scale \(String(describing: scale))")
            }
        }
    }

    func testIntervalEntriesWithGrowingRowsAreDecidedForEveryN() throws {
        // B(n) = S(n) Qᵀ D(n) Q S(n), S = diag(1, n, n²): for n ≥ 1, S is invertible, so by
        // Sylvester B(n) has the inertia of D(n). Interval entries (π, √2, √3) throughout.
        // (a) D = diag(π, −√2, √3): (+2, −1) for every n ≥ 1; decided at every n, the far
        //     end included (χ's top coefficients do not cancel; the scaled enclosure
        //     diag(n^(−γ/2)) B diag(n^(−γ/2)) → Qᵀ D Q is non-singular as well).
        // (b) D = diag(π, −√2, √3·(2n − 15)): (+1, −2) for n ≤ 7, (+2, −1) for n ≥ 8. The
        //     n-dependent term makes the top-degree terms of det cancel exactly, which
        //     enclosures cannot see: the far end may stay undecided; what is decided must be
        //     right, and the switch at n = 8 must be found.
        let p = precision
        let q = [[1, 1, 0], [0, 1, 2], [1, 0, 1]]
        let n = IntervalPolynomial.variable(precision: p)
        let scale = [IntervalPolynomial.constant(1, precision: p), n, n * n]
        let root3 = try Interval(3, precision: p).sqrt()
        for growing in [false, true] {
            let d: [IntervalPolynomial] = [.constant(Interval.pi(precision: p)),
                                           .constant(-(try Interval(2, precision: p).sqrt())),
                                           growing ? root3 * IntervalPolynomial(integers: [-15, 2], precision: p)
                                                   : .constant(root3)]
            let matrix = (0..<3).map { i in
                (0..<3).map { j in
                    var entry = IntervalPolynomial.zero(precision: p)
                    for r in 0..<3 { entry = entry + (q[r][i] * q[r][j]) * d[r] }
                    return scale[i] * entry * scale[j]
                }
            }
            let result = try PolynomialMatrixInertia.inertia(of: matrix, from: 1, precision: p)
            XCTAssertNil(result.pieces.last!.upper)
            for value in Array(1...30) + [1 << 20, 1 << 40, Int(1) << 60] {
                let expected = growing && value <= 7 ? PolynomialMatrixInertia.Inertia(positive: 1, negative: 2, zero: 0)
                                                     : PolynomialMatrixInertia.Inertia(positive: 2, negative: 1, zero: 0)
                let found = result.piece(containing: value)?.inertia
                if growing && value > 30 {
                    if let found { XCTAssertEqual(found, expected, "n = \(value)") }
                } else {
                    XCTAssertEqual(found, expected, "n = \(value), growing \(growing): \(result.pieces)")
                }
            }
        }
    }

    func testSingularForAllNIsUndecidedWithIntervalEntries() throws {
        // B(n) = π vvᵀ with v = (1, n, 2): rank one for every n, det ≡ 0.
        let v = [IntervalPolynomial.constant(1, precision: precision), .variable(precision: precision),
                 .constant(2, precision: precision)]
        let pi = Interval.pi(precision: precision)
        let fuzzy = (0..<3).map { i in (0..<3).map { j in pi * (v[i] * v[j]) } }
        let result = try PolynomialMatrixInertia.inertia(of: fuzzy, from: 1, precision: precision)
        XCTAssertTrue(result.pieces.allSatisfy { $0.inertia == nil }, "\(result.pieces)")
        // The same with exact entries: the zero eigenvalues are exact and decided.
        let exactMatrix = (0..<3).map { i in (0..<3).map { j in v[i] * v[j] } }
        let exactResult = try PolynomialMatrixInertia.inertia(of: exactMatrix, from: 1, precision: precision)
        XCTAssertEqual(exactResult.pieces, [.init(lower: 1, upper: nil,
                                                  inertia: .init(positive: 1, negative: 0, zero: 2), reason: nil)])
    }

    func testNonSymmetricInputIsAnError() {
        let a = IntervalPolynomial(integers: [1, 1], precision: precision)
        let b = IntervalPolynomial(integers: [2], precision: precision)
        XCTAssertThrowsError(try PolynomialMatrixInertia.inertia(of: [[a, b], [a, a]], from: 0, precision: precision))
        XCTAssertThrowsError(try PolynomialMatrixInertia.inertia(of: [[a, b]], from: 0, precision: precision))
    }

    func testDescartesOnKnownSpectra() {
        // (λ − 1)(λ + 2)(λ − 3) = λ³ − 2λ² − 5λ + 6: two positive, one negative.
        XCTAssertEqual(PolynomialMatrixInertia.descartesInertia([.positive, .negative, .negative, .positive]),
                       .init(positive: 2, negative: 1, zero: 0))
        // λ²(λ + 1) = λ³ + λ²: one negative, a double zero.
        XCTAssertEqual(PolynomialMatrixInertia.descartesInertia([.zero, .zero, .positive, .positive]),
                       .init(positive: 0, negative: 1, zero: 2))
        // λ² − 4: one each (a zero coefficient in the middle).
        XCTAssertEqual(PolynomialMatrixInertia.descartesInertia([.negative, .zero, .positive]),
                       .init(positive: 1, negative: 1, zero: 0))
    }
}
