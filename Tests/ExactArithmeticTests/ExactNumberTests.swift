import XCTest
import CertifiedIntervals
import ClosedForms
@testable import ExactArithmetic

final class ExactNumberTests: XCTestCase {
    let context = ExactContext()

    func number(_ r: Rational) throws -> ExactNumber { try ExactNumber(r, in: context) }

    /// Limits are actually set on the Calcium context.
    func testLimitsAreSetOnCalcium() {
        var limits = ExactContext.Limits()
        limits.precisionLimit = 1234
        limits.algebraicDegreeLimit = 17
        let c = ExactContext(limits: limits)
        XCTAssertEqual(c.option(Int(CA_OPT_PREC_LIMIT)), 1234)
        XCTAssertEqual(c.option(Int(CA_OPT_QQBAR_DEG_LIMIT)), 17)
    }

    /// Rationals round-trip exactly through FLINT; arithmetic of rationals is exact.
    func testRationalBridgeAndArithmetic() throws {
        let a = try number(Rational(-7, 3)), b = try number(Rational(5, 11))
        XCTAssertEqual(try (a + b).rationalValue, Rational(-62, 33))
        XCTAssertEqual(try (a - b).rationalValue, Rational(-92, 33))
        XCTAssertEqual(try (a * b).rationalValue, Rational(-35, 33))
        XCTAssertEqual(try (a / b).rationalValue, Rational(-77, 15))
        XCTAssertEqual(try a.power(-3).rationalValue, Rational(-27, 343))
        XCTAssertEqual(try number(Rational(4, 9)).power(Rational(3, 2)).rationalValue, Rational(8, 27))
        let big = Rational(exactly: "123456789012345678901234567890/987654321098765432109876543211")!
        XCTAssertEqual(try number(big).rationalValue, big)
        XCTAssertNil(try number(2).sqrt().rationalValue)
    }

    /// Exact zero decisions: sqrt(2)^2 - 2 = 0, (2/pi) asin(1/2) - 1/3 = 0, and nearby false ones.
    func testZeroDecisions() throws {
        let two = try number(2)
        XCTAssertEqual(try (two.sqrt() * two.sqrt() - two).isZero, .yes)
        XCTAssertEqual(try (two.sqrt() - number(Rational(14142, 10000))).isZero, .no)
        let pi = ExactNumber.pi(in: context)
        let v = try two / pi * number(Rational(1, 2)).asin() - number(Rational(1, 3))
        XCTAssertEqual(v.isZero, .yes)
        let w = try two / pi * number(Rational(1, 2)).asin() - number(Rational(333_333, 1_000_000))
        XCTAssertEqual(w.isZero, .no)
        XCTAssertEqual(w.sign, .positive)
        XCTAssertNotEqual(pi.isAlgebraic, .yes)   // Calcium 0.4 answers unknown for pi
        XCTAssertEqual(try (two / pi * number(Rational(1, 2)).asin()).isAlgebraic, .yes)
    }

    /// Domain errors are decided exactly and are errors, not Calcium's special values.
    func testDomainErrors() throws {
        let zero = try number(0), one = try number(1)
        XCTAssertThrowsError(try one / zero) { XCTAssertEqual(($0 as? ExactArithmeticError)?.kind, .domain) }
        XCTAssertThrowsError(try zero.power(-2)) { XCTAssertEqual(($0 as? ExactArithmeticError)?.kind, .domain) }
        XCTAssertThrowsError(try number(-1).sqrt()) { XCTAssertEqual(($0 as? ExactArithmeticError)?.kind, .domain) }
        XCTAssertThrowsError(try zero.log()) { XCTAssertEqual(($0 as? ExactArithmeticError)?.kind, .domain) }
        XCTAssertThrowsError(try number(Rational(1_000_001, 1_000_000)).asin()) {
            XCTAssertEqual(($0 as? ExactArithmeticError)?.kind, .domain)
        }
        XCTAssertThrowsError(try number(-2).power(Rational(1, 3))) {
            XCTAssertEqual(($0 as? ExactArithmeticError)?.kind, .domain)
        }
        XCTAssertThrowsError(try number(Rational(exactly: "1e20000")!).power(9_000)) {
            XCTAssertEqual(($0 as? ExactArithmeticError)?.kind, .limit)
        }
        XCTAssertThrowsError(try number(2).power(100_000)) {
            XCTAssertEqual(($0 as? ExactArithmeticError)?.kind, .limit)
        }
        // sqrt(2)^2 - 2 is exactly zero although it is not written as 0.
        let two = try number(2)
        XCTAssertThrowsError(try one / (two.sqrt() * two.sqrt() - two)) {
            XCTAssertEqual(($0 as? ExactArithmeticError)?.kind, .domain)
        }
        XCTAssertEqual(try number(1).asin().isZero, .no)   // the closed end is in the domain
    }

    /// Enclosures contain reference values computed with mpmath 1.3 at 50 digits
    /// (`mpmath.mp.dps = 50; print(mpmath.nstr(mpmath.sin(1), 48))`, …; the last
    /// digit may be off by one, hence the ±1e-45 allowance) and are narrow: inside
    /// the reference ± 1e-30.
    func testEnclosuresContainMpmathValues() throws {
        let cases: [(ExactNumber, String)] = [
            (try number(1).sin(), "0.841470984807896506652502321630298999622563060798"),
            (try number(1).cos(), "0.540302305868139717400936607442976603732310420618"),
            (try number(Rational(1, 2)).erf(), "0.520499877813046537682746653891964528736451575758"),
            (try number(2).atan(), "1.1071487177940905030170654601785370400700476454"),
            (try number(Rational(1, 3)).acos(), "1.23095941734077468213492917824798737571034000936"),
            (try number(3).log(), "1.09861228866810969139524523692252570464749055782"),
            (ExactNumber.e(in: context), "2.7182818284590452353602874713526624977572470937"),
        ]
        for (x, reference) in cases {
            let i = try x.enclosure(precision: 128)
            let r = Rational(exactly: reference)!
            XCTAssertTrue(i.overlaps(around(r, Rational(exactly: "1e-45")!)), "\(x) vs \(reference): \(i)")
            XCTAssertTrue(around(r, Rational(exactly: "1e-30")!).contains(i), "\(x) too wide: \(i)")
        }
        // The reference shifted by 1e-35 lies outside a 128-bit enclosure of sin(1).
        let shifted = Rational(exactly: "0.841470984807896506652502321630298999622563060798")! + Rational(exactly: "1e-35")!
        XCTAssertFalse(try number(1).sin().enclosure(precision: 128).overlaps(around(shifted, Rational(exactly: "1e-45")!)))
    }

    func around(_ r: Rational, _ radius: Rational) -> Interval {
        Interval.hull(Interval(r - radius, precision: 256), Interval(r + radius, precision: 256))
    }

    /// A value beyond MPFR's exponent range has no finite enclosure: refused.
    func testEnclosureBeyondMPFRRangeIsRefused() throws {
        let huge = try number(Rational(exactly: "1e30")!).exp()
        XCTAssertThrowsError(try huge.enclosure(precision: 128)) {
            XCTAssertEqual(($0 as? ExactArithmeticError)?.kind, .specialValue)
        }
    }

    func testSigns() throws {
        XCTAssertEqual(try (ExactNumber.pi(in: context) - number(Rational(314159, 100000))).sign, .positive)
        XCTAssertEqual(try (ExactNumber.pi(in: context) - number(Rational(314160, 100000))).sign, .negative)
        XCTAssertEqual(try number(-3).abs().rationalValue, 3)
    }
}
