import XCTest
import Foundation
import CertifiedIntervals
import ClosedForms
@testable import ClaimDecisions
import Reports
import TheoremFiles

/// Claims over ranges that are not finite lists, end to end through the `verify`
/// command on small theorem files: inequalities (branch and bound, far ends, integer
/// ranges), identities for all values (exact, with certified side conditions), exact
/// equalities at instances, the JSON and text fields, and the work budget. Every
/// counterexample is checked against an independent fact (exact arithmetic on the
/// printed point), never against the checker's own output alone.
final class RangeDecisionTests: XCTestCase {
    static let header = "[theorem]\ntitle = \"ranges\"\nsource = \"tests\"\n\n[setting]\nactivation = \"erf\"\n\n"

    static func claim(_ name: String, _ kind: String, _ range: String?, _ holds: String) -> String {
        "[[claim]]\nname = \"\(name)\"\nkind = \"\(kind)\"\n" + (range.map { "for = { \($0) }\n" } ?? "")
            + "holds = \"\(holds)\"\n\n"
    }

    /// Runs `verify FILE --json OUT` and returns the exit status, the text report and the JSON report.
    func verify(_ body: String, _ extra: [String] = [], timeout: Double = 240) throws
        -> (status: Int32, text: String, json: [String: Any]) {
        let directory = try TemporaryDirectory()
        let path = try directory.write(Self.header + body, "ranges.toml")
        let jsonPath = directory.path("ranges.json")
        let result = try VerifyBinary.run([path, "--json", jsonPath] + extra, timeout: timeout)
        VerifyBinary.assertClean(result, "verify")
        let data = try Data(contentsOf: URL(fileURLWithPath: jsonPath))
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return (result.status, result.stdout, json)
    }

    func claim(_ json: [String: Any], _ name: String) throws -> [String: Any] {
        let claims = try XCTUnwrap(json["claims"] as? [[String: Any]])
        return try XCTUnwrap(claims.first { $0["name"] as? String == name }, "no claim \(name)")
    }

    func proof(_ claim: [String: Any], instance: Int = 0) throws -> [String: Any] {
        let instances = try XCTUnwrap(claim["instances"] as? [[String: Any]])
        return try XCTUnwrap(instances[instance]["proof"] as? [String: Any], "no proof")
    }

    func rational(_ text: String?) throws -> Rational {
        try XCTUnwrap(Rational(exactly: try XCTUnwrap(text)), "not an exact number: \(text ?? "nil")")
    }

    // MARK: Inequalities

    func testInequalitiesOverRealRanges() throws {
        let body = Self.claim("reciprocal", "inequality", "l = \"[2, inf)\"", "1/l < 1")
            + Self.claim("window", "inequality", "x = \"[0, 10]\"", "(x - 3.1234567)^2 - 1/10000000000 > 0")
            + Self.claim("tangent", "inequality", "x = \"[0, 10]\"", "x^2 - 2*3.1234567*x + 3.1234567^2 + 1/10^12 > 0")
            + Self.claim("open-end", "inequality", "x = \"(0, 1]\"", "x > 0")
            + Self.claim("open-end-room", "inequality", "x = \"(0, 1]\"", "x^2 - x > -1")
        let (status, text, json) = try verify(body)
        XCTAssertEqual(status, 1, "a REFUTED claim: exit 1\n\(text)")

        let reciprocal = try claim(json, "reciprocal")
        XCTAssertEqual(reciprocal["verdict"] as? String, "PROVED", text)
        XCTAssertEqual(reciprocal["range"] as? [String: String], ["l": "[2, ∞)"])
        XCTAssertEqual(reciprocal["scope"] as? String, "for all real l ≥ 2")
        let reciprocalProof = try proof(reciprocal)
        XCTAssertEqual(reciprocalProof["over"] as? [String: String], ["l": "[2, ∞)"])
        XCTAssertNotNil(reciprocalProof["method"] as? String)
        XCTAssertTrue(text.contains("PROVED for all real l ≥ 2 — "), text)

        // False only in a window of half-width 10^-5 around 3.1234567: the counterexample
        // must lie in that window, and the enclosure of left − right there must be
        // negative (checked here exactly: (x − c)² − 10^-10 < 0 ⇔ |x − c| < 10^-5).
        let window = try claim(json, "window")
        XCTAssertEqual(window["verdict"] as? String, "REFUTED", text)
        let counterexample = try XCTUnwrap(try proof(window)["counterexample"] as? [String: Any])
        let point = try rational((counterexample["point"] as? [String: String])?["x"])
        let c = try rational("3.1234567")
        let offset = point - c
        XCTAssertTrue(offset * offset < Rational(1, 10_000_000_000), "x = \(point) is not in the window")
        let value = try XCTUnwrap(counterexample["value"] as? [String: String])
        XCTAssertTrue(try rational(value["upper"]) < Rational(0), "\(value)")
        XCTAssertTrue(text.contains("counterexample: x = "), text)

        // Near-tangent: (x − 3.1234567)² + 10^-12, written expanded so that interval
        // evaluation alone cannot see the square; its minimum is 10^-12, and the margin
        // printed is a certified lower bound, so it is positive and at most 10^-12.
        let tangent = try claim(json, "tangent")
        XCTAssertEqual(tangent["verdict"] as? String, "PROVED", text)
        let margin = try rational(try proof(tangent)["smallest_margin"] as? String)
        let minimum = try rational("1e-12")
        XCTAssertTrue(margin > Rational(0) && margin <= minimum, "margin \(margin)")

        // x > 0 fails at 0, which (0, 1] excludes: never REFUTED (the infimum 0 is not
        // attained, so a branch and bound cannot prove it either: INCONCLUSIVE, naming a
        // box at 0). With room, the open end is proved.
        let openEnd = try claim(json, "open-end")
        XCTAssertEqual(openEnd["verdict"] as? String, "INCONCLUSIVE", text)
        XCTAssertEqual(openEnd["scope"] as? String, "for all real x in (0, 1]")
        XCTAssertNotNil(try proof(openEnd)["unresolved"], text)
        XCTAssertEqual(try claim(json, "open-end-room")["verdict"] as? String, "PROVED", text)
    }

    func testIntegerRangeRefutedFarOut() throws {
        let (status, text, json) = try verify(Self.claim("far", "inequality", "l = \"1..\"", "l < 2000000"))
        XCTAssertEqual(status, 1, text)
        let far = try claim(json, "far")
        XCTAssertEqual(far["verdict"] as? String, "REFUTED", text)
        XCTAssertEqual(far["scope"] as? String, "for all integers l ≥ 1")
        let counterexample = try XCTUnwrap(try proof(far)["counterexample"] as? [String: Any])
        let point = try rational((counterexample["point"] as? [String: String])?["l"])
        XCTAssertTrue(point.isInteger, "an integer counterexample on an integer range: \(point)")
        XCTAssertTrue(point >= Rational(2_000_000), "l < 2000000 fails exactly from 2000000 on: \(point)")
    }

    func testIrrationalEndIsProvedOverALargerRangeAndSaysSo() throws {
        let body = Self.claim("sine", "inequality", "x = \"[1/10, pi/2]\"", "sin(x) > 0")
            + Self.claim("beyond-pi", "inequality", "x = \"[0, pi]\"", "sin(x) >= 0")
        let (status, text, json) = try verify(body)
        let sine = try claim(json, "sine")
        XCTAssertEqual(sine["verdict"] as? String, "PROVED", text)
        let provedOver = try XCTUnwrap(try proof(sine)["proved_over"] as? [String: String])
        XCTAssertTrue(provedOver["x"]?.hasPrefix("[1/10, 1.5707963") == true, "\(provedOver)")
        XCTAssertTrue(text.contains("decided over the slightly larger range"), text)
        // sin < 0 just beyond π: the enlargement contains a counterexample that is not a
        // point of [0, π], so the claim is not refuted (and not proved).
        XCTAssertEqual(try claim(json, "beyond-pi")["verdict"] as? String, "INCONCLUSIVE", text)
        XCTAssertEqual(status, 2, text)
    }

    func testLstarSecondDifferenceNegativeForAllIntegers() throws {
        let body = "[definitions]\n\"Lstar(l)\" = \"l/3 - 2*l^2/pi*asin(1/(2*l))\"\n\n"
            + Self.claim("concave", "inequality", "l = \"2..\"", "Lstar(l+1) - 2*Lstar(l) + Lstar(l-1) < 0")
            // A wrong L* with the sign of its asin term flipped: l² asin(1/(2l)) = l/2 +
            // 1/(48 l) + O(l⁻³) has a positive second difference (≈ 1/(24 l³)), so this
            // one is convex and the claim fails at every l (a mere change of the factor 2
            // would keep it concave, and must stay PROVED — see `scaled`).
            + Self.claim("wrong", "inequality", "l = \"2..\"", "(l+1)/3 + 2*(l+1)^2/pi*asin(1/(2*(l+1))) - 2*(l/3 + 2*l^2/pi*asin(1/(2*l))) + (l-1)/3 + 2*(l-1)^2/pi*asin(1/(2*(l-1))) < 0")
            + Self.claim("scaled", "inequality", "l = \"2..\"", "(l+1)/3 - 3*(l+1)^2/pi*asin(1/(2*(l+1))) - 2*(l/3 - 3*l^2/pi*asin(1/(2*l))) + (l-1)/3 - 3*(l-1)^2/pi*asin(1/(2*(l-1))) < 0")
        let (_, text, json) = try verify(body)
        let concave = try claim(json, "concave")
        XCTAssertEqual(concave["verdict"] as? String, "PROVED", text)
        XCTAssertEqual(concave["scope"] as? String, "for all integers l ≥ 2")
        let wrong = try claim(json, "wrong")
        XCTAssertEqual(wrong["verdict"] as? String, "REFUTED", text)
        let counterexample = try XCTUnwrap(try proof(wrong)["counterexample"] as? [String: Any])
        let point = try rational((counterexample["point"] as? [String: String])?["l"])
        XCTAssertTrue(point.isInteger && point >= Rational(2), "\(point)")
        let value = try XCTUnwrap(counterexample["value"] as? [String: String])
        XCTAssertTrue(try rational(value["lower"]) > Rational(0), "the second difference is positive there: \(value)")
        XCTAssertEqual(try claim(json, "scaled")["verdict"] as? String, "PROVED", text)
    }

    // MARK: Identities for all values

    func testIdentitiesForAllValues() throws {
        let body = Self.claim("sqrt-square", "equality", "l = \"[0, inf)\"", "sqrt((l+1)^2) = l + 1")
            + Self.claim("cubic", "equality", "l = \"1..\"", "(l-1)*(l-2)*(l-3) = 0")
            + Self.claim("sqrt-negative", "equality", "l = \"[-2, 2]\"", "sqrt(l^2) = l")
        let (status, text, json) = try verify(body)
        XCTAssertEqual(status, 1, text)
        let identity = try claim(json, "sqrt-square")
        XCTAssertEqual(identity["verdict"] as? String, "PROVED", text)
        let identityProof = try proof(identity)
        XCTAssertEqual(identityProof["method"] as? String, "exact-identity")
        XCTAssertFalse((identityProof["side_conditions"] as? [String] ?? []).isEmpty, "the sqrt's argument is a side condition")

        // (l−1)(l−2)(l−3) vanishes at 1, 2, 3 only: the witness is another integer ≥ 1,
        // and the product is exactly nonzero there (checked here).
        let cubic = try claim(json, "cubic")
        XCTAssertEqual(cubic["verdict"] as? String, "REFUTED", text)
        let cubicPoint = try rational(((try proof(cubic)["counterexample"] as? [String: Any])?["point"] as? [String: String])?["l"])
        XCTAssertTrue(cubicPoint.isInteger && cubicPoint >= Rational(1))
        XCTAssertNotEqual((cubicPoint - 1) * (cubicPoint - 2) * (cubicPoint - 3), Rational(0))

        // sqrt(l²) = |l| ≠ l exactly for l < 0: the witness is negative and in [-2, 2].
        let negative = try claim(json, "sqrt-negative")
        XCTAssertEqual(negative["verdict"] as? String, "REFUTED", text)
        let negativePoint = try rational(((try proof(negative)["counterexample"] as? [String: Any])?["point"] as? [String: String])?["l"])
        XCTAssertTrue(negativePoint < Rational(0) && negativePoint >= Rational(-2), "\(negativePoint)")
    }

    func testExactEqualityAtAnInstance() throws {
        let body = Self.claim("asin", "equality", nil, "2/pi*asin(1/2) = 1/3")
            + Self.claim("asin-off", "equality", nil, "2/pi*asin(1/2) = 1/3 + 1/10^50")
            + "[[claim]]\nname = \"loose\"\nkind = \"equality\"\nholds = \"exp(1) = e\"\n"
        let (status, text, json) = try verify(body)
        let asin = try claim(json, "asin")
        XCTAssertEqual(asin["verdict"] as? String, "PROVED", text)
        XCTAssertEqual(asin["worst_bound"] as? String, "exact")
        XCTAssertNil(asin["scope"], "an instance, not a range")
        let instance = try XCTUnwrap((asin["instances"] as? [[String: Any]])?.first)
        XCTAssertTrue((instance["detail"] as? String)?.hasPrefix("exact:") == true, "\(instance)")
        // 10^-50 is below every tolerance an enclosure at 128 bits resolves, but not 0.
        XCTAssertEqual(try claim(json, "asin-off")["verdict"] as? String, "REFUTED", text)
        XCTAssertEqual(try claim(json, "loose")["verdict"] as? String, "PROVED", text)
        XCTAssertEqual(status, 1, text)
    }

    // MARK: The work budget

    /// Planning counts 10^6 units per range proof, so 1.2·10^6 lets the file start; the
    /// branch and bound over [1, 1000] needs more and is stopped by the budget.
    func testARangeProofThatExhaustsTheBudgetIsInconclusiveWithTheBudgetMessage() throws {
        let body = "[definitions]\n\"Lstar(l)\" = \"l/3 - 2*l^2/pi*asin(1/(2*l))\"\n\n"
            + Self.claim("heavy", "inequality", "l = \"[1, 1000]\"", "diff(Lstar(l), l, 2) < 0")
        let (status, text, json) = try verify(body, ["--work-budget", "1.2e6"])
        XCTAssertEqual(status, 2, text)
        let heavy = try claim(json, "heavy")
        XCTAssertEqual(heavy["verdict"] as? String, "INCONCLUSIVE", text)
        let heavyProof = try proof(heavy)
        XCTAssertTrue((heavyProof["reason"] as? String)?.contains("work budget") == true, "\(heavyProof)")
        XCTAssertNotNil(heavyProof["unresolved"], "the part not decided is named")
    }
}

extension RangeDecisionTests {
    func testIdentitiesInTwoVariables() throws {
        let body = Self.claim("commute", "equality", "x = \"[0, 1]\", y = \"[1, 2]\"", "(x + y)^2 = x^2 + 2*x*y + y^2")
            + Self.claim("not-commute", "equality", "x = \"[0, 1]\", y = \"[1, 2]\"", "x*y = x")
        let (status, text, json) = try verify(body)
        XCTAssertEqual(status, 1, text)
        let commute = try claim(json, "commute")
        XCTAssertEqual(commute["verdict"] as? String, "PROVED", text)
        XCTAssertEqual(commute["scope"] as? String, "for all real x in [0, 1] and all real y in [1, 2]")
        // x·y = x exactly when x = 0 or y = 1: the witness must avoid both (checked here).
        let notCommute = try claim(json, "not-commute")
        XCTAssertEqual(notCommute["verdict"] as? String, "REFUTED", text)
        let point = try XCTUnwrap(((try proof(notCommute)["counterexample"] as? [String: Any])?["point"] as? [String: String]))
        let x = try rational(point["x"]), y = try rational(point["y"])
        XCTAssertNotEqual(x * y, x, "\(point)")
        XCTAssertTrue(x >= Rational(0) && x <= Rational(1) && y >= Rational(1) && y <= Rational(2), "\(point)")
    }
}
