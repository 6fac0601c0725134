import XCTest
import CertifiedIntervals
import ClosedForms
import Reports
import TheoremFiles
@testable import ClaimDecisions

/// Inequalities, equalities and kernels as typed decisions: exact, enclosure-based,
/// true and false.
final class ExpressionDecisionTests: XCTestCase {

    static let definitions = """
    [definitions]
    "Lstar(l)" = "l/3 - 2*l^2/pi*asin(1/(2*l))"

    """

    func testExactInequalityTrueAndFalse() throws {
        let claims = try Decide.claims(Decide.file(Self.definitions + """
        [[claim]]
        name  = "holds"
        kind  = "inequality"
        for   = { m = "-3..5" }
        holds = "m^2 >= 2*m - 1"

        [[claim]]
        name  = "fails-at-1"
        kind  = "inequality"
        for   = { m = "1..1" }
        holds = "m^2 > 2*m - 1"

        [[claim]]
        name  = "identity"
        kind  = "equality"
        for   = { m = "1..5" }
        holds = "(m+1)^2 = m^2 + 2*m + 1"
        """))
        for decision in try Decide.claim("holds", in: claims).instances {
            XCTAssertEqual(decision.verdict, .proved)
            guard case .decidedExactly? = decision.detail else { return XCTFail("decided exactly") }
        }
        let fails = try XCTUnwrap(Decide.claim("fails-at-1", in: claims).instances.first)
        XCTAssertEqual(fails.verdict, .refuted)
        guard case let .exactComparison(left, right)? = fails.witness else { return XCTFail("exact witness") }
        XCTAssertTrue(left == Rational(1) && right == Rational(1))
        guard case .margin(let margin)? = fails.worstBound else { return XCTFail("margin") }
        XCTAssertTrue(margin.isExactZero)
        for decision in try Decide.claim("identity", in: claims).instances {
            XCTAssertEqual(decision.verdict, .proved, "an exact equality is PROVED, not VERIFIED")
            guard case .differenceMagnitude(let difference)? = decision.worstBound else { return XCTFail("difference") }
            XCTAssertTrue(difference.isZero)
        }
    }

    func testEnclosureInequalityTrueAndFalse() throws {
        let claims = try Decide.claims(Decide.file(Self.definitions + """
        [[claim]]
        name  = "concave"
        kind  = "inequality"
        for   = { m = "2..12" }
        holds = "Lstar(m+1) - 2*Lstar(m) + Lstar(m-1) < 0"

        [[claim]]
        name  = "convex"
        kind  = "inequality"
        for   = { m = "2..4" }
        holds = "Lstar(m+1) - 2*Lstar(m) + Lstar(m-1) > 0"
        """))
        for decision in try Decide.claim("concave", in: claims).instances {
            XCTAssertEqual(decision.verdict, .proved)
            guard case .margin(let margin)? = decision.worstBound else { return XCTFail("margin") }
            XCTAssertTrue(margin.isPositive)
            XCTAssertTrue(try XCTUnwrap(decision.evidence.difference).isNegative)
        }
        for decision in try Decide.claim("convex", in: claims).instances {
            XCTAssertEqual(decision.verdict, .refuted)
            guard case let .comparison(left, right, difference)? = decision.witness else { return XCTFail("witness") }
            XCTAssertTrue(difference.isNegative)
            XCTAssertTrue(left.isNegative)
            XCTAssertTrue(right.isExactZero)
        }
    }

    func testEqualityWithinAndOutsideTheTolerance() throws {
        let claims = try Decide.claims(Decide.file("""
        [[claim]]
        name      = "asin-half"
        kind      = "equality"
        holds     = "2/pi*asin(1/2) = 1/3"
        tolerance = "1e-60"

        [[claim]]
        name      = "asin-half-off"
        kind      = "equality"
        holds     = "2/pi*asin(1/2) = 1/3 + 1e-40"
        tolerance = "1e-60"
        """), maximum: 1024)
        // The enclosure contains 0 within the tolerance, and exact arithmetic then
        // proves the identity (2/π) asin(1/2) = 1/3.
        let right = try XCTUnwrap(Decide.claim("asin-half", in: claims).instances.first)
        XCTAssertEqual(right.verdict, .proved)
        XCTAssertTrue(try XCTUnwrap(right.evidence.difference).containsZero)
        guard case .exactlyZero? = right.detail else { return XCTFail("decided exactly: \(String(describing: right.detail))") }
        let off = try XCTUnwrap(Decide.claim("asin-half-off", in: claims).instances.first)
        XCTAssertEqual(off.verdict, .refuted)
        XCTAssertGreaterThan(off.precision, 128, "1e-40 is below ulp(1/3) at 128 bits: the precision was raised")
        guard case let .differenceExcludesZero(.leftMinusRight, difference)? = off.witness else { return XCTFail("witness") }
        XCTAssertTrue(difference.isNegative)
    }

    func testKernelAgreesWithQuadratureAndANonGramPointIsFinal() throws {
        let claims = try Decide.claims(Decide.file("""
        [[claim]]
        name       = "erf-kernel"
        kind       = "kernel"
        activation = "erf"
        tolerance  = "1e-9"
        points     = [["1", "1", "1"], ["2", "1/2", "-3/4"]]

        [[claim]]
        name       = "bad-point"
        kind       = "kernel"
        activation = "relu"
        tolerance  = "1e-9"
        points     = [["1", "1", "2"]]
        """, setting: "[setting]\nactivation = \"erf\"\n"))
        for decision in try Decide.claim("erf-kernel", in: claims).instances {
            XCTAssertEqual(decision.verdict, .verified)
            let closedForm = try XCTUnwrap(decision.evidence.left), quadrature = try XCTUnwrap(decision.evidence.right)
            XCTAssertTrue(closedForm.overlaps(quadrature))
            guard case .kernelSides? = decision.detail else { return XCTFail("the sides are named") }
        }
        // κ_erf(1, 1, 1) = (2/π) asin(1/2) = 1/3.
        let first = try XCTUnwrap(Decide.claim("erf-kernel", in: claims).instances.first?.evidence.left)
        XCTAssertTrue(first.overlaps(try Interval(1, precision: 256) / Interval(3, precision: 256)))
        let bad = try XCTUnwrap(Decide.claim("bad-point", in: claims).instances.first)
        XCTAssertEqual(bad.verdict, .inconclusive)
        guard case .notAGramPoint? = bad.detail else { return XCTFail("not a Gram point") }
        XCTAssertEqual(bad.retry, .final, "q12² > q1 q2 exactly: no precision helps")
        XCTAssertEqual(bad.precision, 128)
        XCTAssertNil(bad.undecidedAtMaximumPrecision)
    }

    func testDisjointKernelSidesAreRefuted() {
        // A closed form and a quadrature whose enclosures are disjoint refute the kernel.
        var decision = InstanceDecision(precision: 128)
        let closedForm = Decide.interval("0.5"), quadrature = Decide.interval("0.25")
        decideEquality(closedForm - quadrature, tolerance: Rational(exactly: "1e-9")!, .closedFormMinusQuadrature,
                       &decision)
        XCTAssertEqual(decision.verdict, .refuted)
        guard case let .differenceExcludesZero(.closedFormMinusQuadrature, difference)? = decision.witness else {
            return XCTFail("witness")
        }
        XCTAssertTrue(difference.isPositive)
    }

    /// The LaTeX caption formula of a claim is its own expressions, printed by the
    /// expression language's LaTeX printer: the relation, and the loss's closed form.
    func testClaimFormulaForCaptions() throws {
        let file = try TheoremFileParser.parse(text: Decide.file(Self.definitions + """
        [[claim]]
        name  = "concave"
        kind  = "inequality"
        for   = { l = "2..3" }
        holds = "Lstar(l+1) - 2*Lstar(l) + Lstar(l-1) <= 0"
        """), file: "formula.toml")
        let formula = ReportBuilder.formula(file.claims[0].kind)
        XCTAssertEqual(formula, #"\mathrm{Lstar}\left(l + 1\right) - 2 \mathrm{Lstar}\left(l\right) + "#
                       + #"\mathrm{Lstar}\left(l - 1\right) \le 0"#)
    }
}
