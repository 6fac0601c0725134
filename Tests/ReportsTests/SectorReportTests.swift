import XCTest
import Foundation
@testable import Reports

/// Where the curvature is: the sector fields of hessian instances in JSON (the names
/// documented in docs/reports.md) and the compact text lines.
final class SectorReportTests: XCTestCase {
    static func report(indices: [Int]) -> TheoremReport {
        let instances = indices.enumerated().map { (position, index) -> InstanceReport in
            var instance = InstanceReport(parameters: ParameterValues([("k", 7), ("n", 6)]), verdict: .proved,
                                          precision: 128, seconds: 0.01)
            instance.partition = [2, 1, 1, 1, 1, 1]
            instance.morseIndex = index
            instance.hessianMethod = "sectors"
            instance.sectors = [
                SectorReport(identifier: "invariant", description: "the invariant sector", groupSize: nil, blockSize: 6,
                             multiplicity: 1, positive: 6, negative: 0, eigenvalues: nil),
                SectorReport(identifier: "within-group(2)", description: "differences inside the group of size 2",
                             groupSize: 2, blockSize: 1, multiplicity: 1, positive: index == 0 ? 1 : 0,
                             negative: index == 0 ? 0 : 1,
                             eigenvalues: [Bounds(lower: "-0.01250000012", upper: "-0.01239999987")]),
            ]
            return instance
        }
        let claim = ClaimReport(name: "type", kind: "hessian", statement: nil, activation: "erf", verdict: .proved,
                                tolerance: "1e-30", seconds: 0.01, precision: 128, worstBound: nil, instances: instances)
        return TheoremReport(file: "f.toml", title: "t", source: "s", verdict: .proved, claims: [claim], seconds: 0.02,
                             startPrecision: 128, maximumPrecision: 4096)
    }

    func testSectorFieldsInJSON() throws {
        let json = try JSONReport.render(Self.report(indices: [1]))
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let claims = try XCTUnwrap(object["claims"] as? [[String: Any]])
        let instance = try XCTUnwrap((claims.first?["instances"] as? [[String: Any]])?.first)
        XCTAssertEqual(instance["hessian_method"] as? String, "sectors")
        let sectors = try XCTUnwrap(instance["sectors"] as? [[String: Any]])
        XCTAssertEqual(sectors.count, 2)
        let within = sectors[1]
        XCTAssertEqual(within["identifier"] as? String, "within-group(2)")
        XCTAssertEqual(within["group_size"] as? Int, 2)
        XCTAssertEqual(within["block_size"] as? Int, 1)
        XCTAssertEqual(within["multiplicity"] as? Int, 1)
        XCTAssertEqual(within["negative"] as? Int, 1)
        XCTAssertEqual(within["positive"] as? Int, 0)
        XCTAssertEqual(within["negative_directions"] as? Int, 1)
        XCTAssertEqual((within["eigenvalues"] as? [[String: Any]])?.first?["upper"] as? String, "-0.01239999987")
        XCTAssertNil(sectors[0]["group_size"], "absent when the sector belongs to no group")
    }

    /// Only instances with a nonzero index get a line, with the sectors that carry the
    /// negative directions; at most five.
    func testTextNamesTheSectorsCarryingNegativeDirectionsCompactly() {
        let text = TextReport.render(Self.report(indices: [0, 1]))
        XCTAssertTrue(text.contains("index 1 at k=7 n=6 partition (2, 1, 1, 1, 1, 1): within-group(2): block 1×1 ×1, "
                                    + "1 negative, 0 positive (eigenvalue ∈ [-0.0125001, -0.0123999])"), text)
        XCTAssertFalse(text.contains("invariant:"), "sectors without negative directions are not listed")
        XCTAssertEqual(text.components(separatedBy: "      index ").count - 1, 1, "the index-0 instance has no line")
        let many = TextReport.render(Self.report(indices: Array(repeating: 1, count: 7)))
        XCTAssertEqual(many.components(separatedBy: "      index ").count - 1, 5)
        XCTAssertTrue(many.contains("… and 2 more with a nonzero index"))
        XCTAssertFalse(TextReport.render(Self.report(indices: [0, 0])).contains("      index "))
    }
}
