import XCTest
import CertifiedIntervals
@testable import ClosedForms

final class DerivativeTests: XCTestCase {
    func lstar() throws -> Definitions {
        var definitions = Definitions()
        try definitions.add(Definition(name: "Lstar", parameters: ["l"], parsing: "l/3 - 2*l^2/pi*asin(1/(2*l))"))
        return definitions
    }

    func value(_ e: Expression, _ variable: String, _ x: Rational, definitions: Definitions = Definitions(),
               precision: Int = 512) throws -> Interval {
        let environment = Environment(variables: [variable: .exact(x)], definitions: definitions)
        return try e.enclosure(in: environment, precision: precision)
    }

    /// The derivative at x0 against the central difference (f(x0+h) − f(x0−h))/(2h),
    /// h = 1e-40, at 512 bits: the difference is O(h²·f''') ≈ 1e-80, far below 1e-60.
    func checkAgainstFiniteDifference(_ text: String, at x0: Rational, definitions: Definitions = Definitions(),
                                      file: StaticString = #filePath, line: UInt = #line) throws {
        let f = try ExpressionParser.parse(text)
        let derivative = try f.derivative(withRespectTo: "x", definitions: definitions)
        let d = try value(derivative, "x", x0, definitions: definitions)
        let h = q("1e-40")
        let difference = try (value(f, "x", x0 + h, definitions: definitions)
                                - value(f, "x", x0 - h, definitions: definitions)) / Interval(h * Rational(2), precision: 512)
        let gap = (d - difference).abs()
        XCTAssertTrue(gap.isWithin(magnitude: q("1e-60")), "\(text): \(d) vs \(difference)", file: file, line: line)
        // And the derivative is not something else: 1e-20 away is far outside.
        XCTAssertFalse((d + Interval(q("1e-20"), precision: 512) - difference).abs().isWithin(magnitude: q("1e-60")))
    }

    func testAgainstFiniteDifferences() throws {
        let cases: [(String, String)] = [
            ("x^3 - 2*x + 1", "0.7"), ("1/(x^2 + 1)", "-1.3"), ("sqrt(x^2 + x)", "2.5"), ("exp(-x^2)*x", "0.3"),
            ("log(1 + x^2)", "1.7"), ("asin(x/2)", "0.9"), ("acos(x/3)", "-1.1"), ("atan(x^2)", "0.6"),
            ("erf(2*x)", "0.4"), ("sin(x)*cos(2*x)", "1.2"), ("x^x", "1.5"), ("2^x", "0.5"), ("x^(1/3)", "2"),
            ("(x^2 + 1)^(-3)", "0.25"), ("sum(j, 1, 4, x^j/j)", "0.5"), ("prod(j, 1, 3, x + j)", "0.5"),
            ("abs(3)*x + min(2, 5)", "1"),
        ]
        for (text, point) in cases { try checkAgainstFiniteDifference(text, at: q(point)) }
        try checkAgainstFiniteDifference("Lstar(x+1) - 2*Lstar(x) + Lstar(x-1)", at: q("7.5"), definitions: lstar())
    }

    func testKnownDerivatives() throws {
        // d/dx sqrt(x) at 4 is exactly 1/4; asin' at 1/2 is 2/sqrt(3); erf' at 1 is 2 e^-1/sqrt(pi).
        let sqrtDerivative = try ExpressionParser.parse("sqrt(x)").derivative(withRespectTo: "x", definitions: Definitions())
        XCTAssertTrue(try value(sqrtDerivative, "x", 4).contains(q("1/4")))
        let pairs = [("asin(x)", "2/sqrt(3)", "1/2"), ("erf(x)", "2*exp(-1)/sqrt(pi)", "1"),
                     ("atan(x)", "1/2", "1"), ("log(x)", "1/3", "3"), ("x^x", "4*(log(2) + 1)", "2")]
        for (f, reference, point) in pairs {
            let d = try ExpressionParser.parse(f).derivative(withRespectTo: "x", definitions: Definitions())
            let expected = try ExpressionParser.parse(reference).enclosure(in: Environment(), precision: 512)
            XCTAssertTrue(try value(d, "x", q(point)).overlaps(expected), f)
            XCTAssertFalse(try value(d, "x", q(point)).overlaps(expected + Interval(q("1e-50"), precision: 512)), f)
        }
        // A constant in x, a variable shadowed by a sum, another variable: 0.
        for text in ["y^2 + pi", "sum(x, 1, 3, x^2)", "abs(y)"] {
            let d = try ExpressionParser.parse(text).derivative(withRespectTo: "x", definitions: Definitions())
            XCTAssertEqual(d, Expression(.number(0), column: 0), text)
        }
    }

    func testNonDifferentiableShapesAreRefused() throws {
        for text in ["abs(x)", "min(x, 1)", "max(x^2, 2)", "sum(j, 1, x, j)"] {
            XCTAssertThrowsError(try ExpressionParser.parse(text).derivative(withRespectTo: "x", definitions: Definitions()),
                                 text) { error in XCTAssertTrue(error is DerivativeError, "\(error)") }
        }
    }

    func testDerivativesStaySmall() throws {
        // Folding of 0 and 1: d/dx (3x) is 3, d/dx x^2 is 2*x, and the second
        // difference of L* has a derivative of moderate size.
        XCTAssertEqual(try ExpressionParser.parse("3*x").derivative(withRespectTo: "x", definitions: Definitions()).description, "3")
        XCTAssertEqual(try ExpressionParser.parse("x^2").derivative(withRespectTo: "x", definitions: Definitions()).description, "2*x")
        let d = try ExpressionParser.parse("Lstar(x+1) - 2*Lstar(x) + Lstar(x-1)")
            .derivative(withRespectTo: "x", definitions: lstar())
        XCTAssertLessThan(d.description.count, 1500, d.description)
    }

    func testDiffBuiltIn() throws {
        let definitions = try lstar()
        // diff(Lstar(l), l, 2) at l = 3 against the second central difference with h = 1e-30 at
        // 1024 bits (error O(h²) ≈ 1e-60); and L''(l) ≈ −1/(12π l³) − … is negative.
        let e = try ExpressionParser.parse("diff(Lstar(l), l, 2)")
        let d2 = try value(e, "l", 3, definitions: definitions, precision: 1024)
        let f = try ExpressionParser.parse("Lstar(l)")
        let h = q("1e-30")
        let fd = try (value(f, "l", 3 + h, definitions: definitions, precision: 1024)
                        - value(f, "l", 3, definitions: definitions, precision: 1024) * 2
                        + value(f, "l", 3 - h, definitions: definitions, precision: 1024)) / Interval(h * h, precision: 1024)
        XCTAssertTrue((d2 - fd).abs().isWithin(magnitude: q("1e-50")), "\(d2) vs \(fd)")
        XCTAssertTrue(d2.isNegative)
        // Order 1 by default; inside a definition with its parameter.
        var withDerivative = definitions
        try withDerivative.add(Definition(name: "Lprime", parameters: ["m"], parsing: "diff(Lstar(m), m)"))
        let viaDefinition = try value(try ExpressionParser.parse("Lprime(3)"), "l", 0, definitions: withDerivative)
        let direct = try value(try ExpressionParser.parse("diff(Lstar(l), l, 1)"), "l", 3, definitions: definitions)
        XCTAssertTrue(viaDefinition.overlaps(direct))
        // Syntax: the variable must be a name, the order an integer literal 1…4.
        for bad in ["diff(x^2, 2)", "diff(x^2, x, 5)", "diff(x^2, x, 0)", "diff(x^2, x, 1.5)", "diff(x^2)",
                    "diff(x^2, x + 1)"] {
            XCTAssertThrowsError(try ExpressionParser.parse(bad), bad) { error in
                XCTAssertTrue(error is ExpressionSyntaxError, "\(error)")
            }
        }
        // Validation refuses derivatives that cannot be formed.
        XCTAssertThrowsError(try ExpressionParser.parse("diff(abs(x), x)").validate(knownVariables: ["x"],
                                                                                    definitions: Definitions())) { error in
            XCTAssertEqual((error as? EvaluationError)?.kind, .notDifferentiable)
        }
        XCTAssertNoThrow(try e.validate(knownVariables: ["l"], definitions: definitions))
        // Printing.
        XCTAssertEqual(e.description, "diff(Lstar(l), l, 2)")
        XCTAssertEqual(e.latex(definitionNames: ["Lstar": "L^{*}"]),
                       #"\frac{d^{2}}{dl^{2}}\left(L^{*}\left(l\right)\right)"#)
        XCTAssertEqual(try ExpressionParser.parse("diff(x^2, x)").latex(), #"\frac{d}{dx}\left(x^{2}\right)"#)
        // Cost estimate grows with the order.
        let one = try ExpressionParser.parse("diff(Lstar(l), l)").estimatedNodeVisits(in: Environment(definitions: definitions))
        let two = e.estimatedNodeVisits(in: Environment(definitions: definitions))
        XCTAssertGreaterThan(two, one)
    }
}

final class DerivativeLimitTests: XCTestCase {
    func testExpansionThatExplodesIsRefusedNotBuilt() throws {
        // f0(x) = x, f_{i+1}(x) = f_i(x) * f_i(x) + x: expanding f_20 would copy 2^20 trees.
        var definitions = Definitions()
        try definitions.add(Definition(name: "f0", parameters: ["x"], parsing: "x"))
        for i in 0..<20 {
            try definitions.add(Definition(name: "f\(i + 1)", parameters: ["x"], parsing: "f\(i)(x) * f\(i)(x) + x"))
        }
        XCTAssertThrowsError(try ExpressionParser.parse("f20(y)").derivative(withRespectTo: "y", definitions: definitions)) {
            XCTAssertTrue($0 is DerivativeError, "\($0)")
        }
        // f1 is small and its derivative is right: f1 = x^2 + x, f1' = 2x + 1 = 7 at 3.
        let d = try ExpressionParser.parse("f1(y)").derivative(withRespectTo: "y", definitions: definitions)
        XCTAssertEqual(try d.exactValue(in: Environment(variables: ["y": .exact(3)])), Rational(7))
    }
}
