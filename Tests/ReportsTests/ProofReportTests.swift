import XCTest
import Foundation
@testable import Reports

/// Claims over ranges that are not finite lists in every report: the JSON fields
/// (`range`, `scope`, `proof` with its snake_case keys), the text lines that say what
/// holds over what, JUnit messages and LaTeX captions (escaped).
final class ProofReportTests: XCTestCase {
    static func report() -> TheoremReport {
        var proved = ProofReport(over: ["l": "[2, ∞)"], scope: "for all real l ≥ 2", method: "branch-and-bound",
                                 summary: "certified branch and bound over 37 boxes, smallest certified margin ≥ 2.6e-11")
        proved.boxes = 37
        proved.smallestMargin = "2.6e-11"
        var first = InstanceReport(parameters: ParameterValues([]), verdict: .proved, precision: 128, seconds: 0.1)
        first.proof = proved
        var refuted = ProofReport(over: ["x": "[0, π]"], scope: "for all real x in [0, π]", method: "branch-and-bound",
                                  summary: "a certified counterexample (a point of the branch and bound)")
        refuted.provedOver = ["x": "[0, 3.14159265358979323846264338328]"]
        refuted.counterexample = CounterexampleReport(point: ["x": "3/2"], quantity: "left − right",
                                                      value: Bounds(lower: "-0.25", upper: "-0.24"))
        var second = InstanceReport(parameters: ParameterValues([("k", 3)]), verdict: .refuted, precision: 128, seconds: 0.1)
        second.proof = refuted
        var undecided = ProofReport(over: ["x": "(0, 1]"], scope: "for all real x in (0, 1]", method: "none",
                                    summary: "not decided")
        undecided.unresolved = ["x": "[0, 7.9e-31]"]
        undecided.reason = "the work budget of 1e5 units is exhausted"
        var third = InstanceReport(parameters: ParameterValues([]), verdict: .inconclusive, precision: 128, seconds: 0.1)
        third.proof = undecided
        func claim(_ name: String, _ verdict: Verdict, _ instance: InstanceReport) -> ClaimReport {
            var claim = ClaimReport(name: name, kind: "inequality", statement: nil, activation: "erf", verdict: verdict,
                                    tolerance: "1e-30", seconds: 0.1, precision: 128, worstBound: nil, instances: [instance])
            claim.range = instance.proof!.over
            claim.scope = instance.proof!.scope
            return claim
        }
        return TheoremReport(file: "r.toml", title: "ranges", source: "tests", verdict: .refuted,
                             claims: [claim("proved", .proved, first), claim("refuted", .refuted, second),
                                      claim("undecided", .inconclusive, third)],
                             seconds: 0.3, startPrecision: 128, maximumPrecision: 4096)
    }

    func testJSONFields() throws {
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(try JSONReport.render(Self.report()).utf8))
            as? [String: Any])
        let claims = try XCTUnwrap(json["claims"] as? [[String: Any]])
        XCTAssertEqual(claims[0]["range"] as? [String: String], ["l": "[2, ∞)"])
        XCTAssertEqual(claims[0]["scope"] as? String, "for all real l ≥ 2")
        let proof = try XCTUnwrap((claims[0]["instances"] as? [[String: Any]])?.first?["proof"] as? [String: Any])
        XCTAssertEqual(proof["boxes"] as? Int, 37)
        XCTAssertEqual(proof["smallest_margin"] as? String, "2.6e-11")
        XCTAssertEqual(proof["method"] as? String, "branch-and-bound")
        let refuted = try XCTUnwrap((claims[1]["instances"] as? [[String: Any]])?.first?["proof"] as? [String: Any])
        XCTAssertEqual(refuted["proved_over"] as? [String: String], ["x": "[0, 3.14159265358979323846264338328]"])
        let counterexample = try XCTUnwrap(refuted["counterexample"] as? [String: Any])
        XCTAssertEqual(counterexample["point"] as? [String: String], ["x": "3/2"])
        XCTAssertEqual((counterexample["value"] as? [String: String])?["upper"], "-0.24")
        // A claim over finite lists has none of these fields (existing reports unchanged).
        let plain = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(try JSONReport.render(ReportsTests.sample()).utf8))
            as? [String: Any])
        let plainClaim = try XCTUnwrap((plain["claims"] as? [[String: Any]])?.first)
        XCTAssertNil(plainClaim["range"]); XCTAssertNil(plainClaim["scope"])
        XCTAssertNil((plainClaim["instances"] as? [[String: Any]])?.first?["proof"])
    }

    func testTextSaysWhatHoldsOverWhat() {
        let text = TextReport.render(Self.report())
        XCTAssertTrue(text.contains("1 range proof"), text)
        XCTAssertTrue(text.contains("PROVED for all real l ≥ 2 — certified branch and bound over 37 boxes"), text)
        XCTAssertTrue(text.contains("at k=3: REFUTED: the statement for all real x in [0, π] is false — "), text)
        XCTAssertTrue(text.contains("INCONCLUSIVE: the statement for all real x in (0, 1] is not decided — "), text)
        XCTAssertTrue(text.contains("counterexample: x = 3/2: left − right ∈ [-0.25, -0.24]"), text)
        XCTAssertTrue(text.contains("decided over the slightly larger range x ∈ [0, 3.14159265358979323846264338328]"), text)
        XCTAssertTrue(text.contains("unresolved: x ∈ [0, 7.9e-31]"), text)
        XCTAssertTrue(text.contains("the work budget of 1e5 units is exhausted"), text)
        XCTAssertFalse(text.contains("instances"), "a range proof is not a list of instances:\n\(text)")
    }

    func testJUnitAndLatex() {
        let junit = JUnitReport.render([Self.report()])
        XCTAssertTrue(junit.contains("name=\"k=3 for all real x in [0, π]\""), junit)
        XCTAssertTrue(junit.contains("counterexample x = 3/2"), junit)
        XCTAssertTrue(junit.contains("unresolved x ∈ [0, 7.9e-31]"), junit)
        let latex = LatexReport.render(Self.report(), request: .init(claims: ["proved"]), standalone: false)
        XCTAssertTrue(latex.contains("for all real l $\\ge$ 2"), latex)
        XCTAssertTrue(latex.contains("[2, $\\infty$)") || latex.contains("37 boxes"), latex)
        XCTAssertFalse(latex.contains("≥"), "no raw Unicode in LaTeX: \(latex)")
    }
}
