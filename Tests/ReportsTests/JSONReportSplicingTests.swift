import XCTest
import Foundation
@testable import Reports

/// `JSONReport.render` encodes every instance on its own and splices it into its claim's
/// list: the text must be the one `JSONEncoder` writes for the whole report at once
/// (`renderInOnePiece`), byte for byte, whatever the claims hold.
final class JSONReportSplicingTests: XCTestCase {

    func instance(_ i: Int) -> InstanceReport {
        var instance = InstanceReport(parameters: ParameterValues(i % 3 == 0 ? [] : [("k", i), ("n", 1)]),
                                      verdict: i % 4 == 0 ? .refuted : .proved, precision: 128 << (i % 2),
                                      seconds: Double(i) / 7)
        if i % 2 == 0 { instance.partition = [i + 1, 1] }
        if i % 5 == 1 { instance.partition = [] }
        instance.loss = Bounds(lower: "0.1\(i)", upper: "0.2\(i)", certifiedDigits: i % 2 == 0 ? nil : "0.")
        // Texts that look like the splice points, with newlines, quotes, slashes and
        // non-ASCII characters.
        instance.detail = "line one\nline two \"instances\" : [\n\n      ] / ∂L/∂a_\(i)"
        if i % 3 == 1 { instance.witness = "\n      \"instances\" : [\n\n      ]" }
        return instance
    }

    func claim(_ name: String, instances: [InstanceReport], statement: String? = nil) -> ClaimReport {
        ClaimReport(name: name, kind: "critical-point", statement: statement, activation: "erf", verdict: .proved,
                    tolerance: "1e-30", seconds: 0.5, precision: 128, worstBound: nil, instances: instances)
    }

    func report(_ claims: [ClaimReport]) -> TheoremReport {
        TheoremReport(file: "f.toml", title: "t \"instances\" : [", source: "s", verdict: .proved, claims: claims,
                      seconds: 1, startPrecision: 128, maximumPrecision: 4096)
    }

    func assertSpliced(_ report: TheoremReport, _ message: String, line: UInt = #line) throws {
        XCTAssertEqual(try JSONReport.render(report), try JSONReport.renderInOnePiece(report), message, line: line)
    }

    func testSplicedTextIsTheEncoderText() throws {
        try assertSpliced(report([]), "no claims")
        try assertSpliced(report([claim("empty", instances: [])]), "a claim without instances")
        try assertSpliced(report([claim("one", instances: [instance(1)])]), "one instance")
        try assertSpliced(report([claim("a", instances: (0..<50).map(instance)),
                                  claim("b", instances: []),
                                  claim("c", instances: (50..<53).map(instance),
                                        statement: "\n      \"instances\" : [\n\n      ]")]),
                          "several claims, one empty, statements that look like the splice point")
        try assertSpliced(ReportsTests.sample(), "the sample report")
    }

    /// The shipped theorem-format example report, with its proof and range fields.
    func testRangeAndProofFieldsSplice() throws {
        var sample = ReportsTests.sample()
        sample.claims[0].range = ["l": "[2, inf)"]
        sample.claims[0].scope = "for all integers l ≥ 2"
        sample.claims.append(claim("second", instances: (0..<4).map(instance)))
        try assertSpliced(sample, "range and scope")
    }
}
