import XCTest
import CertifiedIntervals
@testable import ClosedForms

final class EvaluationTests: XCTestCase {
    let theorem = "l/3 - 2*l^2/pi*asin(1/(2*l))"

    // MARK: Enclosures against independent references (mpmath at 50+ digits)

    func testTheoremClosedFormAtTwoAndThree() {
        let at2 = enclosure(theorem, Environment(variables: ["l": .exact(2)]))
        let at3 = enclosure(theorem, Environment(variables: ["l": .exact(3)]))
        // The reference values of the brief (truncated decimals) …
        assertEncloses(at2, "0.0232216806253367164990651200388", radius: "1e-28", maximumWidth: "1e-35")
        assertEncloses(at3, "0.04059317731395385555614722", radius: "1e-25", maximumWidth: "1e-35")
        // … and 50-digit values from mpmath, much tighter.
        assertEncloses(at2, "0.023221680625336716499065120038792621994151216686373",
                       radius: "1e-50", maximumWidth: "1e-70")
        assertEncloses(at3, "0.040593177313953855556147215930090913496123608770437",
                       radius: "1e-50", maximumWidth: "1e-70")
    }

    func testMoreEnclosures() {
        let l2 = Environment(variables: ["l": .exact(2)])
        assertEncloses(enclosure("1/sqrt(l*(2*l - 1))", l2),
                       "0.40824829046386301636621401245098189866099124677611", radius: "1e-49",
                       maximumWidth: "1e-70")
        assertEncloses(enclosure("e^pi - pi^e"), "0.68153491441822353230193416340481235267679110860353",
                       radius: "1e-49", maximumWidth: "1e-70")
        assertEncloses(enclosure("erf(1/2) + atan(3) - sin(2)*cos(1/3) + acos(1/4)"),
                       "2.2284148021190741316554111516980588853243113433407", radius: "1e-49",
                       maximumWidth: "1e-70")
        assertEncloses(enclosure("2^0.5"), "1.4142135623730950488016887242096980785696718753769",
                       radius: "1e-49", maximumWidth: "1e-70")
        assertEncloses(enclosure("(1 - 1e-9)^(10^10)"),
                       "0.0000453999295354852031393332804027046397810687787731", radius: "1e-52",
                       maximumWidth: "1e-60")
        // An exponent beyond 64 bits on a positive base goes through exp(y·log x).
        assertEncloses(enclosure("(1 + 1e-40)^(10^30)"),
                       "1.0000000001000000000050000000001666666666708333333284", radius: "1e-50",
                       maximumWidth: "1e-40")
    }

    func testAsinOfHalfMinusPiOverSixEnclosesZero() throws {
        let x = try XCTUnwrap(enclosure("asin(1/2) - pi/6"))
        XCTAssertTrue(x.contains(0))
        XCTAssertTrue(x.isWithin(magnitude: q("1e-70")))
    }

    func testEnclosureBindingsGiveTheRangeOverTheEnclosure() throws {
        let env = Environment(variables: ["x": .enclosure(Interval(lower: -1, upper: 2, precision: 64))])
        let square = try XCTUnwrap(enclosure("x^2", env))
        XCTAssertTrue(square.contains(0) && square.contains(4))
        XCTAssertTrue(square.isWithin(magnitude: 4), "x^2 of [-1, 2] is [0, 4]: \(square)")
        XCTAssertNil(try parse("x + 1").exactValue(in: env))
    }

    func testPrecisionIsThePrecisionAsked() throws {
        let low = try XCTUnwrap(enclosure("pi", precision: 53))
        let high = try XCTUnwrap(enclosure("pi", precision: 1024))
        XCTAssertEqual(low.precision, 53)
        XCTAssertEqual(high.precision, 1024)
        XCTAssertTrue(low.contains(high))
        XCTAssertTrue(high.width.isAtMost(q("1e-300")))
        do {
            _ = try parse("1").evaluate(in: Environment(), precision: 1)
            XCTFail("precision 1 accepted")
        } catch let error as EvaluationError {
            XCTAssertEqual(error.kind, .invalidPrecision)
        }
    }

    // MARK: Exactness

    func testExactThroughRationalOperations() {
        let env = Environment(variables: ["x": .exact(q("2/3")), "n": .exact(5)])
        XCTAssertEqual(exactValue("x^n - 1/x", env), q("32/243") - q("3/2"))
        XCTAssertEqual(exactValue("abs(-3/4) + min(3, 1/2, 2) + max(-1, -2)"), q("3/4") + q("1/2") - 1)
        XCTAssertEqual(exactValue("(x - 1)^-3", env), -27)
        XCTAssertEqual(exactValue("0^0 + 0^3"), 1)
        XCTAssertEqual(exactValue("1^(10^30) + (-1)^(10^30 + 1)"), 0)
        XCTAssertEqual(exactValue("3^1000 / 3^999"), 3)
    }

    func testIrrationalOperationsHaveNoExactValue() throws {
        for text in ["pi", "e", "sqrt(4)", "exp(0)", "2^(1/2)", "log(1)", "sin(0)", "sum(j, 1, 3, sqrt(j))"] {
            XCTAssertNil(try parse(text).exactValue(in: Environment()), text)
            guard case .enclosure = try parse(text).evaluate(in: Environment(), precision: 64) else {
                return XCTFail("\(text) evaluated exactly")
            }
        }
        // The enclosure of sqrt(4) still contains 2.
        XCTAssertTrue(try XCTUnwrap(enclosure("sqrt(4)")).contains(2))
    }

    func testHugeExactResultsFallBackToEnclosures() throws {
        // 3^70000 has about 111 000 bits, more than `maximumExactBits`.
        let big = try parse("3^70000").evaluate(in: Environment(), precision: 256)
        guard case .enclosure = big else { return XCTFail("3^70000 kept exact") }
        XCTAssertNil(try parse("3^70000").exactValue(in: Environment()))
        XCTAssertTrue(try XCTUnwrap(enclosure("3^70000 / 3^69999")).contains(3))
        // Absurd exponents end in an error, quickly, never in a hang.
        for text in ["10^10^10", "2^(10^30)", "exp(1e9)", "10^10^10 - 10^10^10"] {
            XCTAssertEqual(domainError(text)?.kind, .infinite, text)
        }
        XCTAssertEqual(evaluationError("(-2)^(10^30)")?.kind, .exponentTooLarge)
        XCTAssertEqual(evaluationError("(pi - 4)^(10^30)")?.kind, .exponentTooLarge)
    }

    // MARK: Domain errors propagate unchanged

    func testDomainErrorsPropagate() {
        let cases: [(String, String, IntervalDomainError.Kind)] = [
            ("sqrt(1-2)", "sqrt", .negativeSquareRoot),
            ("1/(pi-pi)", "/", .divisionByZero),
            ("1/0", "/", .divisionByZero),
            ("1/(1 - 3*(1/3))", "/", .divisionByZero),
            ("log(0)", "log", .nonPositiveLogarithm),
            ("log(-pi)", "log", .nonPositiveLogarithm),
            ("asin(2)", "asin", .outsideUnitInterval),
            ("acos(-1.5)", "acos", .outsideUnitInterval),
            ("0^-1", "^", .zeroToNegativePower),
            ("(pi - pi)^-2", "^", .zeroToNegativePower),
            ("(-8)^(1/3)", "^", .nonPositivePowerBase),
            ("0^pi", "^", .nonPositivePowerBase),
            ("sum(j, -2, 2, 1/j)", "/", .divisionByZero),
        ]
        for (text, operation, kind) in cases {
            guard let error = domainError(text) else { continue }
            XCTAssertEqual(error.operation, operation, text)
            XCTAssertEqual(error.kind, kind, text)
        }
        // Exact division by zero is an error in exactValue too, not nil.
        XCTAssertThrowsError(try parse("1/0").exactValue(in: Environment())) {
            XCTAssertEqual(($0 as? IntervalDomainError)?.kind, .divisionByZero)
        }
    }

    // MARK: Variables and definitions

    func testUnknownNamesAtEvaluationCarryTheirColumn() {
        let env = Environment(variables: ["x": .exact(1), "groups": .list([1, 2])])
        let unknown = evaluationError("x + yy", env)
        XCTAssertEqual(unknown?.kind, .unknownVariable)
        XCTAssertEqual(unknown?.column, 5)
        XCTAssertEqual(unknown?.description, "column 5: unknown variable 'yy'")
        let function = evaluationError("2*foo(x)", env)
        XCTAssertEqual(function?.kind, .unknownFunction)
        XCTAssertEqual(function?.column, 3)
        XCTAssertEqual(evaluationError("groups + 1", env)?.kind, .typeMismatch)
        XCTAssertEqual(evaluationError("sum(g for g in x)", env)?.kind, .typeMismatch)
        XCTAssertEqual(evaluationError("sum(j, 1, 2, sum(g for g in j))", env)?.kind, .typeMismatch)
        XCTAssertEqual(evaluationError("sum(g for g in nothing)", env)?.column, 16)
    }

    func testDefinitionsWithArgumentsAndNesting() {
        let defs = definitions([
            "sq(x) = x^2",
            "norm2(a, b) = sq(a) + sq(b)",
            "Lstar(l) = 1/sqrt(l*(2*l - 1))",
            "G(l) = l*Lstar(l)^2",
            "scaled(x) = k*x",
            "C() = 7",
        ])
        let env = Environment(variables: ["k": .exact(3), "x": .exact(100)], definitions: defs)
        XCTAssertEqual(exactValue("norm2(3, 4)", env), 25)
        XCTAssertEqual(exactValue("norm2(x, 1)", env), 10_001, "the argument x is the caller's x")
        XCTAssertEqual(exactValue("scaled(2) + C()", env), 13, "definitions see the environment")
        XCTAssertEqual(exactValue("sum(j, 1, 4, sq(j))", env), 30)
        // G(l) = l / (l (2l - 1)) = 1/(2l - 1): at l = 2, 1/3.
        let g = enclosure("G(2)", env)
        XCTAssertEqual(g?.contains(q("1/3")), true)
        XCTAssertEqual(g?.isWithin(magnitude: q("1/3") + q("1e-70")), true)
        XCTAssertEqual(evaluationError("norm2(1)", env)?.kind, .wrongArgumentCount)
        XCTAssertEqual(evaluationError("norm2(1)", env)?.message, "'norm2' takes 2 arguments but was given 1")
    }

    func testDefinitionsDoNotSeeTheCallersSumVariables() {
        let defs = definitions(["usesJ() = j"])
        let error = evaluationError("1 + sum(j, 1, 3, usesJ())", Environment(definitions: defs))
        XCTAssertEqual(error?.kind, .unknownVariable)
        XCTAssertEqual(error?.column, 18)
        XCTAssertEqual(error?.message, "in definition 'usesJ' (column 1 of its body): unknown variable 'j'")
    }

    func testRecursionIsAnErrorNotAStackOverflow() {
        let defs = definitions(["A(x) = B(x) + 1", "B(x) = 2*A(x)", "F(n) = n*F(n - 1)"])
        let env = Environment(definitions: defs)
        let mutual = evaluationError("A(1)", env)
        XCTAssertEqual(mutual?.kind, .recursiveDefinition)
        XCTAssertEqual(mutual?.column, 1)
        XCTAssertEqual(mutual?.message.hasSuffix("definition 'A' is recursive: A → B → A"), true,
                       mutual?.message ?? "")
        XCTAssertEqual(evaluationError("F(3)", env)?.kind, .recursiveDefinition)
    }

    func testLongChainsOfDefinitionsAreLimited() {
        var lines = ["D0() = 1"]
        for k in 1...40 { lines.append("D\(k)() = D\(k - 1)() + 1") }
        let env = Environment(definitions: definitions(lines))
        XCTAssertEqual(exactValue("D20()", env), 21)
        XCTAssertEqual(evaluationError("D40()", env)?.kind, .nestedTooDeeply)
    }

    // MARK: Sums and products

    func testSums() {
        XCTAssertEqual(exactValue("sum(j,1,100,j)"), 5050)
        XCTAssertEqual(exactValue("sum(j,1,10,1/(j*(j+1)))"), q("10/11"))
        XCTAssertEqual(exactValue("sum(j, 5, 1, j)"), 0, "empty sum")
        XCTAssertEqual(exactValue("prod(j, 1, 5, j)"), 120)
        XCTAssertEqual(exactValue("prod(j, 2, 1, j)"), 1, "empty product")
        XCTAssertEqual(exactValue("sum(i, 1, 3, sum(j, i, 3, i*j))"), Rational(6 + 10 + 9))
        XCTAssertEqual(exactValue("sum(x, 1, 3, x)", Environment(variables: ["x": .exact(100)])), 6,
                       "the sum variable shadows the environment")
        XCTAssertEqual(exactValue("sum(j, -2, 2, j^3)"), 0)
        XCTAssertEqual(exactValue("sum(j, 1, 2^3, 1)"), 8)
        // 1/j^2 to 100, against mpmath.
        assertEncloses(enclosure("sum(j, 1, 100, 1/j^2)"),
                       "1.6349839001848928650771694981803237666833217000313", radius: "1e-49",
                       maximumWidth: "1e-70")
        // A sum of enclosures.
        let sixPi = enclosure("sum(j, 1, 3, j*pi)")
        XCTAssertEqual(sixPi?.overlaps(Interval.pi(precision: 256) * 6), true)
    }

    func testComprehensionsOverLists() {
        let env = Environment(variables: ["groups": .list([2, 3, 5]), "none": .list([]),
                                          "halves": .list([q("1/2"), q("3/2")])])
        XCTAssertEqual(exactValue("sum(g*(g - 1)/2 for g in groups)", env), 14)
        XCTAssertEqual(exactValue("prod(g for g in groups)", env), 30)
        XCTAssertEqual(exactValue("sum(g for g in none) + prod(g for g in none)", env), 1)
        XCTAssertEqual(exactValue("sum(h^2 for h in halves)", env), q("5/2"))
        XCTAssertEqual(exactValue("sum(sum(g*h for h in halves) for g in groups)", env), 20)
    }

    func testSumBoundsMustBeExactIntegersAndTermsAreCapped() throws {
        let half = evaluationError("sum(j, 1, 1/2, j)")
        XCTAssertEqual(half?.kind, .nonIntegerBound)
        XCTAssertEqual(half?.column, 11)
        XCTAssertEqual(half?.message, "the upper bound of sum must be an exact integer, but it is 1/2")
        XCTAssertEqual(evaluationError("sum(j, 1, pi, j)")?.kind, .nonIntegerBound)
        XCTAssertEqual(evaluationError("sum(j, 1, 10^30, j)")?.kind, .nonIntegerBound)
        let tooMany = evaluationError("sum(j, 1, 10^8, j)")
        XCTAssertEqual(tooMany?.kind, .tooManyTerms)
        XCTAssertEqual(tooMany?.column, 1)
        // Nested sums share one budget (lowered here to keep the test fast).
        var limits = EvaluationLimits()
        limits.maximumTerms = 1_000
        XCTAssertThrowsError(try parse("sum(i, 1, 40, sum(j, 1, 40, 1))")
            .evaluate(in: Environment(), precision: 64, limits: limits)) {
            XCTAssertEqual(($0 as? EvaluationError)?.kind, .tooManyTerms)
        }
        XCTAssertNoThrow(try parse("sum(i, 1, 30, sum(j, 1, 30, 1))")
            .evaluate(in: Environment(), precision: 64, limits: limits))
    }

    // MARK: Hand-built trees

    func testHandBuiltTreesWithWrongArityAreErrorsNotTraps() {
        let x = Expression(.variable("x"), column: 1)
        let bad = Expression(.function(.sqrt, [x, x]), column: 1)
        let empty = Expression(.function(.min, []), column: 1)
        let env = Environment(variables: ["x": .exact(4)])
        for e in [bad, empty] {
            XCTAssertThrowsError(try e.evaluate(in: env, precision: 64)) {
                XCTAssertEqual(($0 as? EvaluationError)?.kind, .wrongArgumentCount)
            }
            XCTAssertThrowsError(try e.validate(knownVariables: ["x"], definitions: Definitions())) {
                XCTAssertEqual(($0 as? EvaluationError)?.kind, .wrongArgumentCount)
            }
            _ = e.latex()
            _ = e.description
        }
        XCTAssertEqual(bad.latex(), #"\sqrt{x, x}"#)
    }
}
