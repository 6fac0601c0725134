import XCTest
import CertifiedIntervals
import CheckerTestSupport
@testable import ClaimDecisions

/// Certified digits are computed from the two ends of the enclosure; they must agree
/// with the digits the compact form `0.0232[88, 89]` shares (the former implementation,
/// kept here as the reference) and be a truncation both ends agree with.
final class CertifiedDigitsTests: XCTestCase {

    /// The former implementation: the shared prefix of `compactDescription`.
    static func fromCompactDescription(_ x: Interval, digits: Int) -> String? {
        let compact = x.compactDescription(digits: digits)
        guard !compact.hasPrefix("[") else { return nil }
        guard let bracket = compact.firstIndex(of: "[") else { return compact }
        let prefix = String(compact[..<bracket])
        guard prefix.contains("."), prefix.contains(where: { $0.isNumber && $0 != "0" }) || prefix.hasPrefix("0.") else {
            return nil
        }
        var suffix = ""
        if let close = compact.lastIndex(of: "]") { suffix = String(compact[compact.index(after: close)...]) }
        var digitsText = prefix
        if digitsText.hasSuffix(".") { digitsText.removeLast() }
        guard digitsText.contains(where: { $0.isNumber && $0 != "0" }) else { return nil }
        return digitsText + suffix
    }

    func testAgreesWithTheCompactFormOnRandomEnclosures() {
        var rng = SplitMix64(seed: 0xD161_7500)
        var nonNil = 0
        for trial in 0..<4000 {
            let precision = [53, 64, 128, 200, 256][rng.integer(in: 0...4)]
            let exponent = rng.integer(in: -60...60)
            let sign = rng.unit() < 0.3 ? -1.0 : 1.0
            let centre = sign * (1 + 9 * rng.unit()) * pow(10, Double(exponent))
            let relative = pow(10, -Double(rng.integer(in: 0...17)))
            let x = Interval.hull(Interval(centre, precision: precision),
                                  Interval(centre * (1 + relative * rng.unit()), precision: precision))
            for digits in [3, 10, 19, 38] {
                let expected = Self.fromCompactDescription(x, digits: digits)
                let computed = CertifiedDigits(x, digits: digits)?.text
                XCTAssertEqual(computed, expected, "trial \(trial): \(x.description(digits: 25)) at \(digits) digits")
                if computed != nil { nonNil += 1 }
            }
        }
        XCTAssertGreaterThan(nonNil, 4000, "the comparison covers enclosures that share digits")
    }

    func testSpecialEnclosures() {
        let p = 128
        let third = try! Interval(1, precision: p) / Interval(3, precision: p)
        XCTAssertEqual(CertifiedDigits(third, digits: 10)?.text, Self.fromCompactDescription(third, digits: 10))
        XCTAssertEqual(CertifiedDigits(Interval(3, precision: p), digits: 10)?.text, "3")
        XCTAssertNil(CertifiedDigits(Interval(0, precision: p), digits: 10))
        XCTAssertNil(CertifiedDigits(Interval.hull(Interval(-1, precision: p), Interval(1, precision: p)), digits: 10))
        let integers = Interval.hull(Interval(1200, precision: p), Interval(1201, precision: p))
        XCTAssertEqual(CertifiedDigits(integers, digits: 10)?.text, Self.fromCompactDescription(integers, digits: 10))
        for x in [third, integers, Interval(1e-30, precision: p), Interval(-2.5e40, precision: p)] {
            for digits in 1...12 {
                XCTAssertEqual(CertifiedDigits(x, digits: digits)?.text, Self.fromCompactDescription(x, digits: digits),
                               "\(x) at \(digits)")
            }
        }
    }
}
