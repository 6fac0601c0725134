import XCTest
import CMPFR
@testable import CertifiedIntervals

/// Exact rationals: parsing of decimal and fraction literals, rejection of malformed
/// ones, and exact arithmetic identities over random values.
final class RationalTests: XCTestCase {

    func testParsing() {
        let accepted: [(String, Rational)] = [
            ("3", Rational(3)), ("-17", Rational(-17)), ("2/3", Rational(2, 3)), ("0.25", Rational(1, 4)),
            ("1e-60", try! Rational.dividing(Rational(1), by: try! Rational(10).power(60))),
            ("6.02E+23", Rational(602) * (try! Rational(10).power(21))), ("+5", Rational(5)),
            ("-0.5", Rational(-1, 2)), ("4/6", Rational(2, 3)), ("-4/6", Rational(-2, 3)), ("0", Rational(0)),
            ("-0", Rational(0)), ("007", Rational(7)), ("1.", Rational(1)), (".5", Rational(1, 2)),
            ("1.5e3", Rational(1500)), ("1.5e-3", Rational(3, 2000)), ("2.50E+0", Rational(5, 2)),
            ("0/5", Rational(0)), ("10/1", Rational(10)), ("123456789012345678901234567890/10",
                                                             Rational(exactly: "12345678901234567890123456789")!),
        ]
        for (text, value) in accepted {
            let parsed = Rational(exactly: text)
            XCTAssertNotNil(parsed, text)
            XCTAssertEqual(parsed, value, text)
        }
        XCTAssertEqual(Rational(exactly: "1e-60")!.description, "1/1" + String(repeating: "0", count: 60))
        XCTAssertEqual(Rational(exactly: "6.02E+23")!.description, "602" + String(repeating: "0", count: 21))
        XCTAssertEqual(Rational(exactly: "0.25")!.description, "1/4")
        XCTAssertEqual(Rational(exactly: "-4/6")!.description, "-2/3")

        let rejected = ["1e", ".", "1/0", "abc", "", "-", "+", "1/", "/2", "1.2.3", "1e5.5", " 1", "1 ", "0x10",
                        "１", "1e+", "1e-", "++1", "--1", "1/2/3", "1/-2", "-1/-2", "e5", "1e99999999", "1e100001",
                        "1e-100001", "nan", "inf", "1,5", "1_000", "1/0000", "1.5/2", "٣", "1e1e1", "0.5e", "1E+-5"]
        for text in rejected {
            XCTAssertNil(Rational(exactly: text), "'\(text)' should be rejected")
        }
        // The largest accepted decimal exponent.
        XCTAssertNotNil(Rational(exactly: "1e100000"))
        XCTAssertNotNil(Rational(exactly: "1e-100000"))
        XCTAssertEqual(Rational.maximumDecimalExponent, 100_000)
    }

    func testIntegerAndFractionInitialisers() {
        XCTAssertEqual(Rational(1, -2), Rational(-1, 2))
        XCTAssertEqual(Rational(-1, -2), Rational(1, 2))
        XCTAssertEqual(Rational(6, 4).description, "3/2")
        XCTAssertEqual(Rational(Int.min, 1).description, "\(Int.min)")
        XCTAssertEqual(Rational(Int.min, -1).description, "9223372036854775808")
        XCTAssertEqual(Rational(1, Int.min).description, "-1/9223372036854775808")
        XCTAssertEqual(Rational(Int.min, Int.min), Rational(1))
        XCTAssertEqual(Rational(Int.max, Int.min).description, "-9223372036854775807/9223372036854775808")
        XCTAssertEqual(Rational(5).intValue, 5)
        XCTAssertNil(Rational(1, 2).intValue)
        XCTAssertNil((Rational(Int.max) + Rational(1)).intValue)
        XCTAssertEqual(Rational(Int.min).intValue, Int.min)
        XCTAssertTrue(Rational(4, 2).isInteger)
        XCTAssertFalse(Rational(1, 2).isInteger)
        XCTAssertEqual(Rational(-3, 4).signum, -1)
        XCTAssertEqual(Rational(0).signum, 0)
        XCTAssertEqual(Rational(1, 3).doubleValue, 1.0 / 3.0, accuracy: 1e-16)
        XCTAssertEqual(Rational(-5, 3).magnitude, Rational(5, 3))
        let literal: Rational = 42
        XCTAssertEqual(literal, Rational(42))
        XCTAssertEqual(Set([Rational(1, 2), Rational(2, 4), Rational(3, 6)]).count, 1)
        XCTAssertTrue(Rational(1, 3) < Rational(1, 2) && Rational(-1, 2) < Rational(-1, 3))
        XCTAssertEqual(Rational(exactly: "1/3")!.bitSize, 3)
    }

    func testExactArithmeticIdentities() throws {
        var gen = Gen(seed: 0x2A71)
        func random() -> Rational {
            let n = Int(truncatingIfNeeded: gen.next() >> UInt64(gen.int(1...63)))
            var d = Int(truncatingIfNeeded: gen.next() >> UInt64(gen.int(1...63)))
            if d == 0 { d = 1 }
            var r = Rational(gen.chance(0.5) ? n : -n, d)
            if gen.chance(0.1) { r = Rational(0) }
            return r
        }
        for i in 0..<3000 {
            let a = random(), b = random(), c = random()
            let label = "case \(i): a = \(a), b = \(b), c = \(c)"
            XCTAssertEqual((a + b) - b, a, label)
            XCTAssertEqual(a + b, b + a, label)
            XCTAssertEqual(a * b, b * a, label)
            XCTAssertEqual(a * (b + c), a * b + a * c, label)
            XCTAssertEqual((a + b) + c, a + (b + c), label)
            XCTAssertEqual(-(-a), a, label)
            XCTAssertEqual(a - a, Rational(0), label)
            if b.signum != 0 {
                XCTAssertEqual(try Rational.dividing(a * b, by: b), a, label)
                XCTAssertEqual(try Rational.dividing(a, by: b) * b, a, label)
            }
            if a.signum != 0 {
                let n = gen.int(0...6)
                XCTAssertEqual(try a.power(n) * a.power(-n), Rational(1), label)
                XCTAssertEqual(try a.power(n + 1), try a.power(n) * a, label)
            }
            XCTAssertEqual(a.magnitude, a.signum < 0 ? -a : a, label)
            XCTAssertEqual(Rational(exactly: a.description), a, label)
            XCTAssertEqual(a < b, !(b <= a), label)
            // Exact enclosure agrees with exact comparison.
            let x = Interval(a, precision: gen.precision())
            XCTAssertTrue(x.contains(a), label)
            if x.isPoint { XCTAssertEqual(x.withUnsafeEndpoints { lo, _ in rational(lo) }, a, label) }
        }
    }
}
