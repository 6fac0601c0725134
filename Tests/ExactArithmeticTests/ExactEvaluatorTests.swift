import XCTest
import CertifiedIntervals
import ClosedForms
@testable import ExactArithmetic

final class ExactEvaluatorTests: XCTestCase {
    let context = ExactContext()

    func parse(_ text: String) throws -> ClosedForms.Expression { try ExpressionParser.parse(text) }

    func definitions() throws -> Definitions { try ExactArithmeticFixtures.copyAverageDefinitions() }

    /// The asin identity at l = 5 is exactly 0; with the perturbed c it is nonzero.
    func testAsinIdentityAtFive() throws {
        let evaluator = ExactEvaluator(context: context, definitions: try definitions())
        let good = try evaluator.evaluate(try parse("asin(q(l)/(1+q(l))) - asin(c(l)/sqrt(2*(1+q(l))))"),
                                          rationalBindings: ["l": 5])
        XCTAssertEqual(good.isZero, .yes)
        let bad = try evaluator.evaluate(try parse("asin(q(l)/(1+q(l))) - asin(cbad(l)/sqrt(2*(1+q(l))))"),
                                         rationalBindings: ["l": 5])
        XCTAssertEqual(bad.isZero, .no)
    }

    /// Sums with exact bounds: sum_{j=1}^{10} j^2 = 385 (closed form n(n+1)(2n+1)/6).
    func testSumsAndMinMax() throws {
        let evaluator = ExactEvaluator(context: context)
        XCTAssertEqual(try evaluator.evaluate(try parse("sum(j, 1, n, j^2)"), rationalBindings: ["n": 10])
                        .rationalValue, 385)
        XCTAssertEqual(try evaluator.evaluate(try parse("max(sqrt(2), 7/5, 1.5) - min(pi, 3)"),
                                              rationalBindings: [:]).rationalValue, Rational(-3, 2))
        XCTAssertThrowsError(try evaluator.evaluate(try parse("sum(j, 1, n, j)"), rationalBindings: ["n": 100_000])) {
            XCTAssertEqual(($0 as? EvaluationError)?.kind, .tooManyTerms)
        }
        XCTAssertThrowsError(try evaluator.evaluate(try parse("sum(j, 1, sqrt(2), j)"), rationalBindings: [:])) {
            XCTAssertEqual(($0 as? EvaluationError)?.kind, .nonIntegerBound)
        }
    }

    /// Domain errors carry the column; unknown names are ClosedForms' errors.
    func testErrors() throws {
        let evaluator = ExactEvaluator(context: context, definitions: try definitions())
        XCTAssertThrowsError(try evaluator.evaluate(try parse("1 + 1/(sqrt(2)^2 - 2)"), rationalBindings: [:])) {
            let error = $0 as? ExactArithmeticError
            XCTAssertEqual(error?.kind, .domain)
            XCTAssertEqual(error?.column, 6)
        }
        XCTAssertThrowsError(try evaluator.evaluate(try parse("c(l)"), rationalBindings: ["l": Rational(1, 4)])) {
            XCTAssertEqual(($0 as? ExactArithmeticError)?.kind, .domain)
        }
        XCTAssertThrowsError(try evaluator.evaluate(try parse("y + 1"), rationalBindings: [:])) {
            XCTAssertEqual(($0 as? EvaluationError)?.kind, .unknownVariable)
        }
    }
}

final class ExactZeroTestTests: XCTestCase {
    func parse(_ text: String) throws -> ClosedForms.Expression { try ExpressionParser.parse(text) }

    func definitions() throws -> Definitions { try ExactArithmeticFixtures.copyAverageDefinitions() }

    func testInstances() throws {
        let d = try definitions()
        let identity = try parse("asin(q(l)/(1+q(l))) - asin(c(l)/sqrt(2*(1+q(l))))")
        for l in [1, 5, 12] {
            XCTAssertEqual(ExactZeroTest.decide(identity, bindings: ["l": Rational(l)], definitions: d), .zero)
        }
        let perturbed = try parse("asin(q(l)/(1+q(l))) - asin(cbad(l)/sqrt(2*(1+q(l))))")
        XCTAssertEqual(ExactZeroTest.decide(perturbed, bindings: ["l": 5], definitions: d), .nonzero)
        XCTAssertEqual(ExactZeroTest.decide(try parse("(2/pi)*asin(1/2) - 1/3"), bindings: [:]), .zero)
        XCTAssertEqual(ExactZeroTest.decide(try parse("(2/pi)*asin(1/2) - 333/1000"), bindings: [:]), .nonzero)
        // Known values: cos(pi/3) = 1/2, atan(1) = pi/4, exp(log(7)) = 7, sin(pi*x) at x = 3.
        XCTAssertEqual(ExactZeroTest.decide(try parse("cos(pi/3) - 1/2 + atan(1) - pi/4 + exp(log(7)) - 7"),
                                            bindings: [:]), .zero)
        XCTAssertEqual(ExactZeroTest.decide(try parse("sin(pi*x)"), bindings: ["x": 3]), .zero)
        XCTAssertEqual(ExactZeroTest.decide(try parse("sin(pi*x)"), bindings: ["x": Rational(1, 3)]), .nonzero)
    }

    /// Undefined instances and hostile expressions are undecided, quickly, with a reason.
    func testUndefinedAndHostile() throws {
        guard case .undecided(let reason) = ExactZeroTest.decide(try parse("c(l)"), bindings: ["l": Rational(1, 4)],
                                                                  definitions: try definitions()) else {
            return XCTFail("sqrt of a negative number must not be decided")
        }
        XCTAssertTrue(reason.contains("sqrt"), reason)
        for hostile in ["2^(10^9) - 1", "sum(j, 1, 2000, sqrt(j)) - 1", "sum(j, 1, 10^9, j)"] {
            guard case .undecided = ExactZeroTest.decide(try parse(hostile), bindings: [:]) else {
                return XCTFail("\(hostile) decided")
            }
        }
    }
}

/// The exact evaluator agrees with ClosedForms' interval evaluator (an independent
/// implementation on MPFR): the enclosure of the exact value overlaps the interval
/// value, for expressions covering every construct both support.
final class ExactEvaluatorAgreementTests: XCTestCase {
    func testAgreesWithIntervalEvaluation() throws {
        var d = Definitions()
        try d.add(Definition(name: "c", parameters: ["l"], parsing: "1/sqrt(l*(2*l - 1))"))
        try d.add(Definition(name: "g", parameters: ["a", "b"], parsing: "a^2 - b/3 + c(a)"))
        let texts = ["sum(j, 1, 6, 1/j^2) - pi^2/6", "prod(j, 1, 5, (j + x)/j)", "g(x, 2) * erf(x/3)",
                     "exp(-x^2/2) + log(1 + x) - atan(x) + asin(1/(x + 1)) - acos(x/(x + 2))",
                     "sin(x)^3 - cos(2*x) + abs(1 - x) + max(x, 2, sqrt(5)) - min(x^(3/2), e)",
                     "(x + 1)^(-3) + 2^(1/3) * x^(2/5)"]
        let context = ExactContext()
        let evaluator = ExactEvaluator(context: context, definitions: d)
        for text in texts {
            let e = try ExpressionParser.parse(text)
            for x in [Rational(1), Rational(7, 3), Rational(5)] {
                let exact = try evaluator.evaluate(e, rationalBindings: ["x": x]).enclosure(precision: 128)
                let reference = try e.enclosure(in: Environment(variables: ["x": .exact(x)], definitions: d),
                                                precision: 200)
                XCTAssertTrue(exact.overlaps(reference), "\(text) at x = \(x): \(exact) vs \(reference)")
                // And the exact enclosure is narrow: it does not overlap the reference shifted by 1e-25.
                let shifted = reference + Interval(Rational(exactly: "1e-25")!, precision: 200)
                XCTAssertFalse(exact.overlaps(shifted), "\(text) at x = \(x)")
            }
        }
    }
}
