import XCTest
import CertifiedIntervals
import ClosedForms
@testable import ExactArithmetic

final class ExactEvaluatorTests: XCTestCase {
    let context = ExactContext()

    func parse(_ text: String) throws -> ClosedForms.Expression { try ExpressionParser.parse(text) }

    func definitions() throws -> Definitions {
        var d = Definitions()
        try d.add(Definition(name: "q", parameters: ["l"], parsing: "1/(2*l - 1)"))
        try d.add(Definition(name: "c", parameters: ["l"], parsing: "1/sqrt(l*(2*l - 1))"))
        try d.add(Definition(name: "cbad", parameters: ["l"], parsing: "1/sqrt(l*(2*l + 1))"))
        return d
    }

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
