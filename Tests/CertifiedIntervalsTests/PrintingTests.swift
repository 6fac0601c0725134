import XCTest
import CMPFR
@testable import CertifiedIntervals

/// Printed decimals are read back exactly (`Rational(exactly:)`) and compared with the
/// endpoints: the lower end prints rounded down, the upper end rounded up, to at most
/// the requested number of significant digits and within one unit of the last digit.
final class PrintingTests: XCTestCase {

    /// Significant digits of a printed decimal (sign, point, exponent, leading and
    /// trailing zeros not counted: `1000` has one, `0.0250` two).
    func significantDigits(_ text: String) -> Int {
        let mantissa = text.split(whereSeparator: { $0 == "e" || $0 == "E" }).first.map(String.init) ?? text
        let digits = mantissa.filter(\.isNumber).drop(while: { $0 == "0" })
        return digits.reversed().drop(while: { $0 == "0" }).count
    }

    /// `(-inf, end]` or `[end, +inf)` as an interval, to compare a rational with an end
    /// through `Interval.contains`.
    func ray(below end: mpfr_srcptr, precision: Int) -> Interval {
        Interval.fromUnsafeEndpoints(precision: precision) { lo, hi in mpfr_set_inf(lo, -1); mpfr_set(hi, end, MPFR_RNDN) }
    }
    func ray(above end: mpfr_srcptr, precision: Int) -> Interval {
        Interval.fromUnsafeEndpoints(precision: precision) { lo, hi in mpfr_set(lo, end, MPFR_RNDN); mpfr_set_inf(hi, 1) }
    }

    func testEndsPrintOutward() {
        let failures = Failures("decimal ends")
        var gen = Gen(seed: 0x9217)
        for i in 0..<3000 {
            withScratch { s in
                let p = gen.precision()
                let x = gen.interval(precision: p, exponents: gen.chance(0.8) ? -400...400 : -1100...1100, s)
                let n = gen.int(1...60)
                let (lo, hi) = ends(x, s)
                // Decimal exponents beyond ±100000 cannot be read back by Rational(exactly:).
                guard [lo, hi].allSatisfy({ (v: mpfr_ptr) in mpfr_zero_p(v) != 0 || abs(mpfr_get_exp(v)) < 300_000 }) else { return }
                let lowText = x.lowerDecimal(digits: n), highText = x.upperDecimal(digits: n)
                let label = "case \(i): x = \(show(x)), digits \(n), printed \(lowText) and \(highText)"
                guard let low = Rational(exactly: lowText), let high = Rational(exactly: highText) else {
                    failures.add("unparsable: \(label)"); return
                }
                failures.check(ray(below: lo, precision: p).contains(low), "lower end printed above it: \(label)")
                failures.check(ray(above: hi, precision: p).contains(high), "upper end printed below it: \(label)")
                failures.check(significantDigits(lowText) <= n && significantDigits(highText) <= n,
                               "too many digits: \(label)")
                // Within one unit of the n-th digit (relative 10^(1-n), doubled for safety).
                let unit = try! Rational(10).power(1 - n) * 2
                let lowError = rational(lo) - low, highError = high - rational(hi)
                failures.check(lowError <= rational(lo).magnitude * unit, "lower end printed too low: \(label)")
                failures.check(highError <= rational(hi).magnitude * unit, "upper end printed too high: \(label)")
                // The full description is the two ends.
                failures.check(x.description(digits: n) == "[\(lowText), \(highText)]", "description: \(label)")
                checkCompact(x, digits: n, low: low, high: high, failures, label)
            }
        }
        failures.finish()
    }

    /// `compactDescription` read back: the shared prefix plus each bracketed tail (plus
    /// the exponent) gives exactly the printed ends, the tails start where the ends
    /// first differ, and the shared digits have the same place value in both ends.
    func checkCompact(_ x: Interval, digits n: Int, low: Rational, high: Rational, _ failures: Failures,
                      _ label: String) {
        let text = x.compactDescription(digits: n)
        guard let open = text.firstIndex(of: "[") else {
            let value = Rational(exactly: text)
            failures.check(value != nil && value == low && value == high, "compact form \(text) is one number: \(label)")
            return
        }
        guard let close = text.firstIndex(of: "]"), let comma = text.range(of: ", ") else {
            failures.add("compact form \(text) malformed: \(label)"); return
        }
        let prefix = String(text[..<open])
        let a = String(text[text.index(after: open)..<comma.lowerBound])
        let b = String(text[comma.upperBound..<close])
        let suffix = String(text[text.index(after: close)...])
        let lowBody = prefix + a, highBody = prefix + b
        failures.check(Rational(exactly: lowBody + suffix) == low && Rational(exactly: highBody + suffix) == high,
                       "compact form \(text) does not read back as the ends: \(label)")
        if !prefix.isEmpty {
            failures.check(a.first != b.first, "compact form \(text) does not share all common digits: \(label)")
            let pointA = lowBody.firstIndex(of: ".").map { lowBody.distance(from: lowBody.startIndex, to: $0) } ?? lowBody.count
            let pointB = highBody.firstIndex(of: ".").map { highBody.distance(from: highBody.startIndex, to: $0) } ?? highBody.count
            failures.check(pointA == pointB, "compact form \(text) shares digits of different place value: \(label)")
        }
    }

    func testExactDecimals() {
        let failures = Failures("exact decimals")
        let values = ["0.25", "1", "3", "-1.5", "1024", "0.0009765625", "1000", "9.5367431640625e-7",
                      "1180591620717411303424", "12345.6875", "-0.125", "0.5", "-7.25", "2.384185791015625e-7"]
        for text in values {
            let value = Rational(exactly: text)!
            let x = Interval(value, precision: 128)
            XCTAssertTrue(x.isPoint, text)
            let needed = significantDigits(text)
            for n in 1...60 {
                let lowText = x.lowerDecimal(digits: n), highText = x.upperDecimal(digits: n)
                guard let low = Rational(exactly: lowText), let high = Rational(exactly: highText) else {
                    failures.add("\(text) at \(n) digits: unparsable \(lowText) or \(highText)"); continue
                }
                if n >= needed {
                    failures.check(low == value && high == value && lowText == highText,
                                   "\(text) at \(n) digits: printed \(lowText), \(highText)")
                    failures.check(x.compactDescription(digits: n) == lowText,
                                   "\(text) at \(n) digits: compact \(x.compactDescription(digits: n))")
                } else {
                    failures.check(low < value && value < high, "\(text) at \(n) digits: \(lowText), \(highText)")
                }
            }
        }
        failures.finish()
    }

    func testKnownForms() {
        let x = Interval.hull(Interval(Rational(1, 8), precision: 64), Interval(Rational(3, 16), precision: 64))
        XCTAssertEqual(x.compactDescription(digits: 4), "0.1[250, 875]")
        XCTAssertEqual(x.description(digits: 4), "[0.125, 0.1875]")
        let third = Interval(Rational(1, 3), precision: 64)
        XCTAssertEqual(third.description(digits: 5), "[0.33333, 0.33334]")
        XCTAssertEqual(third.compactDescription(digits: 5), "0.3333[3, 4]")
        XCTAssertEqual((-third).compactDescription(digits: 5), "-0.3333[4, 3]")
        XCTAssertEqual(Interval(Rational(exactly: "1e-60")!, precision: 256).description(digits: 3), "[9.99e-61, 1.01e-60]")
        XCTAssertEqual(Interval(Rational(exactly: "1e30")!, precision: 256).description(digits: 3), "[1e30, 1e30]")
        XCTAssertEqual(Interval(0, precision: 53).description, "[0, 0]")
        XCTAssertEqual(Interval.pi(precision: 64).description(digits: 10), "[3.141592653, 3.141592654]")
        // The precision-dependent default.
        XCTAssertEqual(Interval(1, precision: 53).naturalDigits, 15)
        let wide = Interval.hull(Interval(-1, precision: 53), Interval(2, precision: 53))
        XCTAssertEqual(wide.compactDescription(digits: 3), "[-1, 2]")
    }
}
