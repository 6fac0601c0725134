import XCTest
@testable import CertifiedIntervals
import CheckerTestSupport

/// `IntervalPolynomial` against an independent reference: exact rational polynomials
/// (coefficient lists of GMP rationals, multiplied and evaluated exactly here). Every
/// operation's result must contain the exact result; widths must stay small; a wrong
/// reference value must be excluded (the test can fail).
final class IntervalPolynomialTests: XCTestCase {
    private let precision = 128

    // MARK: Exact reference

    private func exactAdd(_ p: [Rational], _ q: [Rational]) -> [Rational] {
        (0..<max(p.count, q.count)).map { i in (i < p.count ? p[i] : 0) + (i < q.count ? q[i] : 0) }
    }

    private func exactMultiply(_ p: [Rational], _ q: [Rational]) -> [Rational] {
        if p.isEmpty || q.isEmpty { return [] }
        var r = [Rational](repeating: 0, count: p.count + q.count - 1)
        for i in p.indices { for j in q.indices { r[i + j] = r[i + j] + p[i] * q[j] } }
        return r
    }

    private func exactEvaluate(_ p: [Rational], at x: Rational) -> Rational {
        var value: Rational = 0
        for c in p.reversed() { value = value * x + c }
        return value
    }

    private func randomExact(_ rng: inout SplitMix64, degree: Int) -> [Rational] {
        (0...degree).map { _ in rng.rational(bound: 50, maxDenominator: 30) }
    }

    private func assertEncloses(_ p: IntervalPolynomial, _ exact: [Rational], _ message: String,
                                file: StaticString = #filePath, line: UInt = #line) {
        for i in 0..<max(exact.count, p.coefficients.count) {
            let e: Rational = i < exact.count ? exact[i] : 0
            XCTAssertTrue(p.coefficient(i).contains(e), "\(message): coefficient \(i) \(p.coefficient(i)) misses \(e)",
                          file: file, line: line)
            XCTAssertTrue(p.coefficient(i).width.isAtMost(Rational(1, 1 << 40)), "\(message): coefficient \(i) too wide",
                          file: file, line: line)
        }
    }

    // MARK: Tests

    func testArithmeticEnclosesExactRationalArithmetic() {
        var rng = SplitMix64(seed: 0x5EC7_0125)
        for trial in 0..<60 {
            let a = randomExact(&rng, degree: rng.integer(in: 0...5))
            let b = randomExact(&rng, degree: rng.integer(in: 0...5))
            let p = IntervalPolynomial(rationals: a, precision: precision)
            let q = IntervalPolynomial(rationals: b, precision: precision)
            assertEncloses(p + q, exactAdd(a, b), "sum \(trial)")
            assertEncloses(p - q, exactAdd(a, b.map { -$0 }), "difference \(trial)")
            assertEncloses(p * q, exactMultiply(a, b), "product \(trial)")
            assertEncloses(3 * p, a.map { $0 * 3 }, "scalar \(trial)")
            assertEncloses(p + 7, exactAdd(a, [7]), "plus integer \(trial)")
            assertEncloses(p.power(3), exactMultiply(a, exactMultiply(a, a)), "cube \(trial)")
            // Derivative and Taylor shift against their exact definitions.
            let derived = a.count <= 1 ? [] : (1..<a.count).map { a[$0] * Rational($0) }
            assertEncloses(p.derivative, derived, "derivative \(trial)")
            let s = rng.integer(in: -6...6)
            // p(n + s) = Σ a_i (n + s)^i, expanded exactly.
            var shifted: [Rational] = []
            var power: [Rational] = [1]
            for c in a {
                shifted = exactAdd(shifted, power.map { $0 * c })
                power = exactMultiply(power, [Rational(s), 1])
            }
            assertEncloses(p.shifted(by: s), shifted, "shift by \(s), \(trial)")
        }
    }

    func testEvaluationEnclosesExactValues() {
        var rng = SplitMix64(seed: 0x5EC7_0126)
        for trial in 0..<60 {
            let a = randomExact(&rng, degree: rng.integer(in: 0...7))
            let p = IntervalPolynomial(rationals: a, precision: precision)
            let n = rng.integer(in: -1000...1000)
            let exact = exactEvaluate(a, at: Rational(n))
            let value = p.evaluate(at: n)
            XCTAssertTrue(value.contains(exact), "trial \(trial): p(\(n)) = \(exact) not in \(value)")
            // A wrong value (off by a tiny amount relative to the width) is excluded.
            let nudge = exact + (exact.magnitude + 1) * Rational(1, 1 << 60)
            XCTAssertFalse(value.contains(nudge), "trial \(trial): enclosure too wide to separate \(nudge)")
            // On an interval, every integer inside gives a contained value.
            let box = Interval(lower: Double(n - 3), upper: Double(n + 2), precision: precision)
            let boxValue = p.evaluate(at: box)
            for m in (n - 3)...(n + 2) {
                XCTAssertTrue(boxValue.contains(exactEvaluate(a, at: Rational(m))), "trial \(trial): p(\(m)) not in box value")
            }
        }
    }

    func testDegreeAndTrailingZeros() {
        let p = IntervalPolynomial(integers: [1, 2, 0, 0], precision: precision)
        XCTAssertEqual(p.degree, 1)
        XCTAssertEqual(p.coefficients.count, 2)
        let n = IntervalPolynomial.variable(precision: precision)
        // (n + 1)(n − 1) − n² = −1: the n² terms cancel exactly, the degree drops.
        let q = (n + 1) * (n - 1) - n * n
        XCTAssertEqual(q.degree, 0)
        XCTAssertTrue(q.coefficient(0).contains(-1) && q.coefficient(0).isPoint)
        XCTAssertTrue((n - n).isZero)
        XCTAssertEqual(IntervalPolynomial.zero(precision: precision).degree, -1)
        XCTAssertTrue(IntervalPolynomial.zero(precision: precision).evaluate(at: 5).contains(0))
        // A coefficient that merely contains 0 is kept (formal degree), never dropped.
        let fuzzy = IntervalPolynomial(coefficients: [Interval(1, precision: precision),
                                                      Interval(lower: -1e-30, upper: 1e-30, precision: precision)],
                                       precision: precision)
        XCTAssertEqual(fuzzy.degree, 1)
        XCTAssertTrue(fuzzy.leadingCoefficient!.containsZero)
    }

    func testExactIntegerPolynomialsStayExact() {
        // (n − 2)(n + 5)^2 at n = 10^6: integer arithmetic at 128 bits is exact.
        let n = IntervalPolynomial.variable(precision: precision)
        let p = (n - 2) * (n + 5).power(2)
        let value = p.evaluate(at: 1_000_000)
        let exact = Rational(999_998) * Rational(1_000_005) * Rational(1_000_005)
        XCTAssertTrue(value.isPoint)
        XCTAssertTrue(value.contains(exact))
        XCTAssertFalse(value.contains(exact + 1))
        XCTAssertThrowsError(try p.divided(byInteger: 0))
        let halved = try! p.divided(byInteger: 2)
        XCTAssertTrue(halved.evaluate(at: 1_000_000).contains(try! Rational.dividing(exact, by: 2)))
    }
}
