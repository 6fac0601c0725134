import XCTest
import CertifiedIntervals
import ClosedForms
@testable import RangeProofs

/// Laurent models in t = 1/x against values computed independently with mpmath
/// (Python, mp.dps = 50, e.g. `L(l+1) - 2*L(l) + L(l-1)` with
/// `L = lambda l: l/3 - 2*l**2/pi*asin(1/(2*l))`), printed to 30 digits and pasted here.
final class TaylorModelTests: XCTestCase {
    /// The model of `g` built on t ∈ (0, 1/X], evaluated at t = 1/x (x ≥ X) as
    /// `Σ c_j t^j + t^(order+1) R`: an enclosure of g(x) if the model is sound.
    func modelEnclosure(_ g: String, variable: String = "x", farPoint X: Int, at x: Int, order: Int = 8,
                        definitions: Definitions = Definitions()) throws -> (Interval, LaurentModel) {
        // x < 0: the end −∞, with x = −1/t.
        let sign = x < 0 ? -1 : 1
        let setting = TaylorSetting(epsilon: Rational(1, X), precision: 200, maximumOrder: order)
        let evaluator = TaylorEvaluator(setting: setting, variable: variable, sign: sign,
                                        environment: Environment(definitions: definitions))
        let model = try evaluator.model(of: try parse(g))
        let t = Ball.from(Interval(Rational(1, sign * x), precision: 200), precision: 200)
        var sum = Ball.zero()
        for (i, c) in model.coefficients.enumerated() {
            let e = model.valuation + i
            let power = e >= 0 ? t.power(e, 200) : Ball.integer(1).dividedBy(t.power(-e, 200), 200)
            sum = sum.plus(try XCTUnwrap(c.ball(precision: 200)).times(power, 200), 200)
        }
        sum = sum.plus(t.power(model.order + 1, 200).times(model.remainder, 200), 200)
        return (sum.interval(precision: 200), model)
    }

    /// `value` (a decimal to 30 significant digits) lies in the enclosure, which is
    /// narrower than `relativeWidth·|value|`, and `value·(1 + 2·relativeWidth)` is not in it.
    func check(_ enclosure: Interval, contains value: String, relativeWidth: Double = 1e-3,
               file: StaticString = #filePath, line: UInt = #line) {
        let v = Rational(exactly: value)!
        let slack = v.magnitude * Rational(exactly: "1e-28")!
        let reference = Interval.hull(Interval(v - slack, precision: 200), Interval(v + slack, precision: 200))
        XCTAssertTrue(enclosure.overlaps(reference), "\(enclosure) misses \(value)", file: file, line: line)
        let width = enclosure.upperBoundAsDouble - enclosure.lowerBoundAsDouble
        XCTAssertLessThan(width, relativeWidth * Swift.abs(v.doubleValue), "\(enclosure) is too wide", file: file, line: line)
        let perturbed = v * (Rational(1) + Rational(exactly: String(2 * relativeWidth))!)
        XCTAssertFalse(enclosure.contains(perturbed), "\(enclosure) is not tight", file: file, line: line)
    }

    func testSecondDifferenceOfLstar() throws {
        let definitions = try lstarDefinitions()
        let g = "Lstar(l+1) - 2*Lstar(l) + Lstar(l-1)"
        let references = [(4, "-0.000463232963875649728573479197753"),
                          (10, "-0.000026978072360612997511716275577"),
                          (1000, "-2.65258682794821184711476128141e-11"),
                          (123456, "-1.40971810176424968136162124321e-17")]
        for (l, value) in references {
            let (enclosure, model) = try modelEnclosure(g, variable: "l", farPoint: 4, at: l, order: 12,
                                                        definitions: definitions)
            check(enclosure, contains: value, relativeWidth: l == 4 ? 0.05 : 1e-3)
            // The l-linear, constant and 1/l terms cancel exactly: leading t^3, −1/(12π).
            let stripped = model.stripped()
            XCTAssertEqual(stripped.valuation, 3)
            let leading = try XCTUnwrap(stripped.coefficients.first?.ball(precision: 200)).interval(precision: 200)
            XCTAssertTrue(leading.overlaps(Interval(Rational(exactly: "-0.0265258238486492226281472938954")!,
                                                    precision: 200).withPrecision(200)
                                           + Interval(lower: -1e-28, upper: 1e-28, precision: 200)))
        }
    }

    func testSqrtExpLogErfAcosAtan() throws {
        let (sq3, _) = try modelEnclosure("sqrt(x^2 + x) - x", farPoint: 2, at: 3, order: 12)
        check(sq3, contains: "0.464101615137754587054892683012", relativeWidth: 0.05)
        let (sq100, _) = try modelEnclosure("sqrt(x^2 + x) - x", farPoint: 2, at: 100)
        check(sq100, contains: "0.498756211208902702192649127596")
        let (ex, _) = try modelEnclosure("exp(1/x)*x - x", farPoint: 4, at: 64)
        check(ex, contains: "1.00785334954788783734624461327")
        let (ex5, _) = try modelEnclosure("exp(1/x)*x - x", farPoint: 4, at: 5, order: 12)
        check(ex5, contains: "1.1070137908008491696053599732", relativeWidth: 0.01)
        let (lg, _) = try modelEnclosure("log(1 + 1/x)*x", farPoint: 4, at: 7, order: 12)
        check(lg, contains: "0.934719748371658362024405346519", relativeWidth: 0.01)
        let (er, _) = try modelEnclosure("erf(1/x)*x", farPoint: 2, at: 3, order: 12)
        check(er, contains: "1.08794433529818880022453592044", relativeWidth: 0.01)
        let (ac, _) = try modelEnclosure("acos(1/x)", farPoint: 2, at: 9, order: 12)
        check(ac, contains: "1.45945531245393272690959331963")
        let (at, _) = try modelEnclosure("atan(1/x)*x^3 - x^2", farPoint: 4, at: 4, order: 12)
        check(at, contains: "-0.321365559880694132986721202478", relativeWidth: 0.01)
    }

    func testDivisionWithValuationsAndTheNegativeEnd() throws {
        // 1/(x^2 + 1) at 10 is 1/101; x^2/(x+1)^2 at 7 is 49/64 exactly.
        let (inverse, model) = try modelEnclosure("1/(x^2 + 1)", farPoint: 4, at: 10, order: 12)
        check(inverse, contains: "0.00990099009900990099009900990099")
        XCTAssertEqual(model.stripped().valuation, 2)
        let (ratio, _) = try modelEnclosure("x^2/(x + 1)^2", farPoint: 4, at: 7, order: 12)
        check(ratio, contains: "0.765625", relativeWidth: 0.01)
        // The end −∞: sqrt(x^2 + 1) + x → 0 like −1/(2x); at x = −50 (mpmath):
        let (negative, _) = try modelEnclosure("sqrt(x^2 + 1) + x", farPoint: 4, at: -50, order: 12)
        check(negative, contains: "0.00999900019995001399580131957114")
        // exp(-1/x) x^2 - x^2 at x = -20 (mpmath: 20.508438550409615879…).
        let (exponential, _) = try modelEnclosure("exp(-1/x)*x^2 - x^2", farPoint: 4, at: -20, order: 12)
        check(exponential, contains: "20.5084385504096158790070545343", relativeWidth: 0.01)
    }

    func testUnsupportedShapesFail() throws {
        // atan(x) at infinity (valuation −1), sqrt(x) (odd valuation), log(x), abs.
        for g in ["atan(x)", "sqrt(x)", "log(x)", "abs(x)", "sin(1/x)"] {
            XCTAssertThrowsError(try modelEnclosure(g, farPoint: 4, at: 10), g) { error in
                XCTAssertTrue(error is TaylorModelFailure, "\(error)")
            }
        }
        // asin of something tending to 2 is outside its domain.
        XCTAssertThrowsError(try modelEnclosure("asin(2 + 1/x)", farPoint: 4, at: 10))
    }
}
