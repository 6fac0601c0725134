import XCTest
@testable import CertifiedIntervals

/// Exact conversion of binary numbers to rationals, against values known by hand:
/// 0.1 as a float64 is 3602879701896397 / 2^55; the least subnormal is 2^-1074.
final class RationalBinaryTests: XCTestCase {
    func testDoublesConvertExactly() throws {
        XCTAssertEqual(Rational(exactly: 0.1), Rational(exactly: "3602879701896397/36028797018963968"))
        XCTAssertNotEqual(Rational(exactly: 0.1), Rational(exactly: "0.1"))
        XCTAssertEqual(Rational(exactly: -2.5), Rational(-5, 2))
        XCTAssertEqual(Rational(exactly: Double.leastNonzeroMagnitude), try Rational.dividing(Rational(1), by: try Rational(2).power(1074)))
        XCTAssertEqual(Rational(exactly: 0.0), Rational(0))
        XCTAssertNil(Rational(exactly: Double.nan))
        XCTAssertNil(Rational(exactly: Double.infinity))
        // float32 0.1 widened: 13421773 / 2^27.
        XCTAssertEqual(Rational(exactly: Double(Float(0.1))), Rational(exactly: "13421773/134217728"))
    }

    func testEndsOfAnEnclosure() throws {
        let third = try Interval(1, precision: 64) / Interval(3, precision: 64)
        let ends = try XCTUnwrap(Rational.exactEnds(of: third))
        let exact = Rational(1, 3)
        XCTAssertTrue(ends.lower < exact && exact < ends.upper)
        XCTAssertTrue(ends.upper - ends.lower < (try Rational.dividing(Rational(1), by: try Rational(2).power(64))))
        XCTAssertEqual(Interval(ends.lower, precision: 64).isPoint, true, "an end is a 64-bit number")
    }
}
