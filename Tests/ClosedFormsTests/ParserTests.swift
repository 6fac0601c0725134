import Foundation
import XCTest
import CertifiedIntervals
@testable import ClosedForms

// Hand-built trees (columns are ignored by `==`).
private func n(_ value: Int) -> Expression { Expression(.number(Rational(value)), column: 0) }
private func v(_ name: String) -> Expression { Expression(.variable(name), column: 0) }
private func neg(_ a: Expression) -> Expression { Expression(.negate(a), column: 0) }
private func op(_ o: Expression.BinaryOperator, _ a: Expression, _ b: Expression) -> Expression {
    Expression(.binary(o, a, b), column: 0)
}

final class ParserTests: XCTestCase {

    // MARK: Precedence and associativity, by tree

    func testTreesFollowThePrecedenceTable() {
        XCTAssertEqual(parse("2^3^2"), op(.power, n(2), op(.power, n(3), n(2))))
        XCTAssertEqual(parse("-2^2"), neg(op(.power, n(2), n(2))))
        XCTAssertEqual(parse("2^-1"), op(.power, n(2), neg(n(1))))
        XCTAssertEqual(parse("2*3+4*5"), op(.add, op(.multiply, n(2), n(3)), op(.multiply, n(4), n(5))))
        XCTAssertEqual(parse("a - b - c"), op(.subtract, op(.subtract, v("a"), v("b")), v("c")))
        XCTAssertEqual(parse("a / b / c"), op(.divide, op(.divide, v("a"), v("b")), v("c")))
        XCTAssertEqual(parse("a / b * c"), op(.multiply, op(.divide, v("a"), v("b")), v("c")))
        XCTAssertEqual(parse("-a * b"), op(.multiply, neg(v("a")), v("b")))
        XCTAssertEqual(parse("a * -b ^ c"), op(.multiply, v("a"), neg(op(.power, v("b"), v("c")))))
        XCTAssertEqual(parse("+-+a"), neg(v("a")), "unary plus is dropped")
        XCTAssertEqual(parse("((a))"), v("a"))
        XCTAssertEqual(parse(" a\t+\nb "), op(.add, v("a"), v("b")))
        XCTAssertEqual(parse("2^3^2"), parse("2^(3^2)"))
        XCTAssertNotEqual(parse("2^3^2"), parse("(2^3)^2"))
    }

    func testPrecedenceByExactValue() {
        XCTAssertEqual(exactValue("2^3^2"), 512)
        XCTAssertEqual(exactValue("(2^3)^2"), 64)
        XCTAssertEqual(exactValue("-2^2"), -4)
        XCTAssertEqual(exactValue("(-2)^2"), 4)
        XCTAssertEqual(exactValue("2^-1"), q("1/2"))
        XCTAssertEqual(exactValue("-2^-2"), q("-1/4"))
        XCTAssertEqual(exactValue("2^-1^2"), q("1/2"), "2^(-(1^2))")
        XCTAssertEqual(exactValue("2*3+4*5"), 26)
        XCTAssertEqual(exactValue("2+3*4^2"), 50)
        XCTAssertEqual(exactValue("10 - 3 - 2"), 5)
        XCTAssertEqual(exactValue("64/4/2"), 8)
        XCTAssertEqual(exactValue("64/4*2"), 32)
        XCTAssertEqual(exactValue("1/3+1/6"), q("1/2"))
        XCTAssertEqual(exactValue("-(1 - 4)*2"), 6)
        XCTAssertEqual(exactValue("--3"), 3)
        XCTAssertEqual(exactValue("+-+2"), -2)
    }

    // MARK: Literals

    func testLiteralsAreExact() {
        XCTAssertEqual(exactValue("1e-60"), try Rational.dividing(1, by: try Rational(10).power(60)))
        XCTAssertEqual(exactValue("0.1*3"), q("3/10"))
        XCTAssertEqual(exactValue("0.1 + 0.2"), q("3/10"))
        XCTAssertEqual(exactValue("6.02E+23"), Rational(602) * (try Rational(10).power(21)))
        XCTAssertEqual(exactValue("2.5e3"), 2500)
        XCTAssertEqual(exactValue("0.25"), q("1/4"))
        XCTAssertEqual(exactValue("007"), 7)
        XCTAssertEqual(exactValue("1E2"), 100)
    }

    func testEAfterADigitIsAnExponentOnlyBeforeADigit() throws {
        // 2*e is two times Euler's number, not 2·10^something.
        XCTAssertEqual(parse("2*e"), op(.multiply, n(2), Expression(.constant(.e), column: 0)))
        assertEncloses(enclosure("2*e"), "5.4365636569180904707205749427053249955144941873999",
                       radius: "1e-48", maximumWidth: "1e-70")
        XCTAssertNil(try parse("2*e").exactValue(in: Environment()))
        XCTAssertEqual(syntaxError("2e")?.column, 2)
        XCTAssertEqual(syntaxError("2e+x")?.column, 2, "2 followed by e: e is not an exponent here")
        XCTAssertEqual(syntaxError("2E-")?.column, 2)
        XCTAssertEqual(exactValue("2e+1"), 20)
        XCTAssertEqual(exactValue("2e-1"), q("1/5"))
    }

    // MARK: Syntax errors and their columns

    func testSyntaxErrorsNameColumnExpectationAndFinding() {
        let cases: [(String, Int, String)] = [
            ("(1 + 2", 7, "expected ')' but found end of expression"),
            ("1 + * 2", 5, "expected an operand but found '*'"),
            ("", 1, "expected an operand but found end of expression"),
            ("sqrt(2", 7, "expected ',' or ')' but found end of expression"),
            ("2 3", 3, "expected an operator or end of expression but found number 3 "
                + "(multiplication needs an explicit '*')"),
            ("2x", 2, "expected an operator or end of expression but found 'x' "
                + "(multiplication needs an explicit '*')"),
            ("1 # 2", 3, "unexpected character '#'"),
            ("5.", 3, "expected a digit after the decimal point but found end of expression"),
            ("1.x", 3, "expected a digit after the decimal point but found 'x'"),
            ("sqrt 2", 6, "expected '(' after 'sqrt' but found number 2"),
            ("sqrt(1, 2)", 1, "sqrt takes 1 argument but was given 2"),
            ("min(1)", 1, "min takes at least 2 arguments but was given 1"),
            ("sum(j, 1, 10)", 13, "expected ',' but found ')'"),
            ("sum(x for x groups)", 13, "expected 'in' but found 'groups'"),
            ("sum(pi, 1, 2, pi)", 5, "'pi' is a reserved word and cannot be the variable of sum"),
            ("sum(2*j, 1, 2, j)", 5, "the first argument of sum(j, a, b, body) must be the name of the "
                + "summation variable"),
            ("f(1,)", 5, "expected an operand but found ')'"),
            ("x + for", 5, "expected an operand but found reserved word 'for'"),
            ("1e999999", 1, "number 1e999999 is out of range (decimal exponents are limited to ±100000)"),
            ("1 + é", 5, "unexpected character 'é'"),
            ("x + e\u{301}", 5, "unexpected character 'e\u{301}'"),   // one character, two scalars
            ("(1))", 4, "expected an operator or end of expression but found ')'"),
            ("pi(2)", 3, "expected an operator or end of expression but found '(' "
                + "(multiplication needs an explicit '*')"),
            ("1 +\u{7}2", 4, "unexpected character U+7"),
        ]
        for (text, column, message) in cases {
            guard let error = syntaxError(text) else { continue }
            XCTAssertEqual(error.column, column, "column for \(text.debugDescription): \(error)")
            XCTAssertEqual(error.message, message, "message for \(text.debugDescription)")
        }
        XCTAssertEqual(syntaxError("(1 + 2")?.description, "column 7: expected ')' but found end of expression")
    }

    // MARK: Limits

    func testNestingDepthIsLimitedWithoutOverflowingTheStack() {
        let depth = ExpressionParser.maximumDepth
        // Just inside: parses, evaluates, prints.
        let inside = String(repeating: "(", count: depth - 2) + "1" + String(repeating: ")", count: depth - 2)
        XCTAssertEqual(exactValue(inside), 1)
        let minusChain = String(repeating: "-", count: depth - 1) + "1"
        XCTAssertEqual(exactValue(minusChain), depth % 2 == 0 ? -1 : 1)
        // Far outside: a syntax error, not a crash.
        for text in [
            String(repeating: "(", count: 9_000) + "1" + String(repeating: ")", count: 9_000),
            String(repeating: "-", count: 19_000) + "1",
            String(repeating: "2^", count: 5_000) + "2",
            String(repeating: "sqrt(", count: 2_000) + "1" + String(repeating: ")", count: 2_000),
            "1" + String(repeating: "+1", count: 5_000),    // a flat chain makes a tall tree too
        ] {
            let error = syntaxError(text)
            XCTAssertEqual(error?.message.hasPrefix("expression nested too deeply"), true, "\(String(describing: error))")
        }
        let long = String(repeating: "1+", count: ExpressionParser.maximumLength) + "1"
        XCTAssertEqual(syntaxError(long)?.message, "expression longer than \(ExpressionParser.maximumLength) characters")
    }

    func testDeepestAcceptedInputStaysWellWithinTheStack() throws {
        // The parser, evaluator, validator and printers recurse over the tree. At the
        // limits they must stay far from a thread's stack limit even in debug builds:
        // run them on a thread with 2 MiB, a quarter of a main thread's stack.
        let depth = ExpressionParser.maximumDepth
        let texts = [
            String(repeating: "(", count: depth - 2) + "x" + String(repeating: ")", count: depth - 2),
            String(repeating: "sqrt(", count: depth - 2) + "x" + String(repeating: ")", count: depth - 2),
            String(repeating: "max(1, ", count: depth - 2) + "x" + String(repeating: ")", count: depth - 2),
            "x" + String(repeating: "+x", count: depth - 1),
            String(repeating: "-", count: depth - 1) + "x",
            String(repeating: "x^", count: depth / 2 - 1) + "x",
            String(repeating: "sum(j, 1, 1, ", count: depth / 2 - 1) + "x" + String(repeating: ")", count: depth / 2 - 1),
            "D1(x)",
        ]
        // Definitions nested up to the evaluation depth limit: D1's body calls D0
        // about 150 levels down, and D0's body is about 150 levels deep.
        let nest = { (inner: String) in
            String(repeating: "abs(", count: 150) + inner + String(repeating: ")", count: 150)
        }
        let defs = definitions(["D0(y) = " + nest("y"), "D1(y) = " + nest("D0(y)"), "D2(y) = " + nest("D1(y)")])
        let env = Environment(variables: ["x": .exact(1)], definitions: defs)
        let failures = Box<[String]>([])
        let done = expectation(description: "thread finished")
        let thread = Thread {
            defer { done.fulfill() }
            for text in texts {
                do {
                    let e = try ExpressionParser.parse(text)
                    _ = try e.evaluate(in: env, precision: 64)
                    _ = try e.exactValue(in: env)
                    _ = e.latex()
                    _ = e == (try ExpressionParser.parse(e.description))
                    _ = e.freeVariables
                    try e.validate(knownVariables: ["x"], definitions: defs)
                } catch {
                    failures.value.append("\(text.prefix(20))…: \(error)")
                }
            }
            // One level of definitions more is refused, statically and when evaluating.
            do {
                let e = try ExpressionParser.parse("D2(x)")
                XCTAssertThrowsError(try e.validate(knownVariables: ["x"], definitions: defs)) {
                    XCTAssertEqual(($0 as? EvaluationError)?.kind, .nestedTooDeeply)
                }
                XCTAssertThrowsError(try e.evaluate(in: env, precision: 64)) {
                    XCTAssertEqual(($0 as? EvaluationError)?.kind, .nestedTooDeeply)
                }
            } catch {
                failures.value.append("D2: \(error)")
            }
        }
        thread.stackSize = 2 << 20
        thread.start()
        wait(for: [done], timeout: 60)
        XCTAssertEqual(failures.value, [])
    }

    // MARK: Sums and calls

    func testSumsCallsAndComprehensionsParse() {
        guard case .aggregate(.sum, "j", let lower, let upper, let body) = parse("sum(j, 1, n, 1/j^2)").node else {
            return XCTFail("not a sum")
        }
        XCTAssertEqual(lower, n(1))
        XCTAssertEqual(upper, v("n"))
        XCTAssertEqual(body, op(.divide, n(1), op(.power, v("j"), n(2))))

        guard case .comprehension(.prod, let summand, "g", let list) = parse("prod(g + 1 for g in groups)").node else {
            return XCTFail("not a comprehension")
        }
        XCTAssertEqual(summand, op(.add, v("g"), n(1)))
        XCTAssertEqual(list, v("groups"))
        XCTAssertEqual(list.column, 21)

        XCTAssertEqual(parse("Lstar(l, 2)"), Expression(.call("Lstar", [v("l"), n(2)]), column: 0))
        XCTAssertEqual(parse("C()"), Expression(.call("C", []), column: 0))
        XCTAssertEqual(parse("max(1, x, 3)"), Expression(.function(.max, [n(1), v("x"), n(3)]), column: 0))
    }

    func testColumnsOfNodes() {
        let e = parse("l/3 - 2*l^2/pi*asin(1/(2*l))")
        XCTAssertEqual(e.column, 5, "a binary node sits at its operator")
        guard case .binary(.subtract, let left, let right) = e.node,
              case .binary(.multiply, _, let asin) = right.node,
              case .function(.asin, let args) = asin.node,
              case .binary(.divide, _, let inner) = args[0].node,
              case .binary(.multiply, let two, let l) = inner.node else { return XCTFail("shape") }
        XCTAssertEqual(left.column, 2)
        XCTAssertEqual(right.column, 15)
        XCTAssertEqual(asin.column, 16)
        XCTAssertEqual(two.column, 24)
        XCTAssertEqual(l.column, 26)
    }

    func testFreeVariablesAndCalledDefinitions() {
        let e = parse("sum(j, 1, n, j*x) + sum(g^2 for g in groups) + F(y, 2) + pi")
        XCTAssertEqual(e.freeVariables, ["n", "x", "groups", "y"])
        XCTAssertEqual(e.calledDefinitions, ["F"])
        XCTAssertEqual(parse("sum(j, j, 3, j)").freeVariables, ["j"], "bounds are outside the binding")
    }
}
