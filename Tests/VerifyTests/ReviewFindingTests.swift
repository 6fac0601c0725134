import XCTest
import Foundation

/// Findings of the independent soundness review of issue 10's range proofs and exact
/// identities, kept as regression tests: each statement below is false (or true) by
/// an argument written next to it, and must never come out PROVED (or REFUTED).
final class ReviewFindingTests: XCTestCase {
    func verdicts(_ body: String) throws -> [String: String] {
        let directory = try TemporaryDirectory()
        let path = try directory.write(RangeDecisionTests.header + body, "review.toml")
        let jsonPath = directory.path("review.json")
        let result = try VerifyBinary.run([path, "--json", jsonPath], timeout: 240)
        VerifyBinary.assertClean(result, "verify")
        let data = try Data(contentsOf: URL(fileURLWithPath: jsonPath))
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let claims = try XCTUnwrap(json["claims"] as? [[String: Any]])
        var result2: [String: String] = [:]
        for claim in claims { result2[claim["name"] as! String] = claim["verdict"] as? String }
        return result2
    }

    /// sqrt((2l-5)^2) = |2l-5| is 3 ≠ -3 at l = 1: an identity over the integers l ≥ 1
    /// whose side condition (2l-5)^2 > 0 holds at every integer but not on the real
    /// hull, where the principal branch changes at l = 5/2.
    func testSideConditionsOfIntegerRangesAreCertifiedOnTheRealHull() throws {
        let body = RangeDecisionTests.claim("hull-sqrt", "equality", "l = \"1..\"", "sqrt((2*l - 5)^2) = 2*l - 5")
            + RangeDecisionTests.claim("hull-div", "equality", "l = \"1..\"", "(2*l-5)/sqrt((2*l-5)^2) = 1")
            + RangeDecisionTests.claim("beyond-the-kink", "equality", "l = \"3..\"", "sqrt((2*l - 5)^2) = 2*l - 5")
        let v = try verdicts(body)
        XCTAssertNotEqual(v["hull-sqrt"], "PROVED")
        XCTAssertNotEqual(v["hull-div"], "PROVED")
        // On l ≥ 3 the argument 2l-5 ≥ 1 is positive on the real hull: a true identity.
        XCTAssertEqual(v["beyond-the-kink"], "PROVED")
    }

    /// With f(a) = a*x, sum(x, 1, 2, f(1)) is 2x for the parameter x (a definition
    /// body reads the parameter, not the caller's sum variable): 2x < 3/2 is false on
    /// (3/4, 1) and 2x < 5/2 is true on (0, 1).
    func testSumVariablesDoNotCaptureNamesReadByDefinitionBodies() throws {
        let body = "[parameters]\nx = \"(0, 1)\"\n\n[definitions]\n\"f(a)\" = \"a*x\"\n\"g(a)\" = \"diff(a^2, a)\"\n\n"
            + "[[claim]]\nname = \"false\"\nkind = \"inequality\"\nholds = \"sum(x, 1, 2, f(1)) < 3/2\"\n\n"
            + "[[claim]]\nname = \"true\"\nkind = \"inequality\"\nholds = \"sum(x, 1, 2, f(1)) < 5/2\"\n\n"
        let v = try verdicts(body)
        XCTAssertNotEqual(v["false"], "PROVED")
        XCTAssertNotEqual(v["true"], "REFUTED")
    }

    /// x^(log(4)/log(2)) is a non-integer power for the interval evaluator (the
    /// exponent is an enclosure), undefined at negative x: the identity with x^2 must
    /// not be PROVED on [-2, -1] with no side condition on the base.
    func testExponentsAreRationalOnlyByRationalArithmetic() throws {
        let v = try verdicts(RangeDecisionTests.claim("exponent", "equality", "x = \"[-2, -1]\"",
                                                      "x^(log(4)/log(2)) = x^2"))
        XCTAssertNotEqual(v["exponent"], "PROVED")
    }
}
