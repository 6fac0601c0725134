import XCTest
import Foundation
@testable import Reports

/// Reports rendered from hand-built `TheoremReport`s: JSON field names, text, LaTeX
/// (escapes, certified digits, columns) and JUnit.
final class ReportsTests: XCTestCase {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// A report like the theorem-format document's example: one claim, one instance.
    static func sample(verdict: Verdict = .verified) -> TheoremReport {
        var instance = InstanceReport(parameters: ParameterValues([("k", 4), ("n", 2)]), verdict: verdict,
                                      precision: 128, seconds: 0.01)
        instance.partition = [3, 1]
        instance.loss = Bounds(lower: "0.0405931773139538555561", upper: "0.0405931773139538555562",
                               certifiedDigits: "0.040593177313953855556")
        instance.gradientMaxAbs = UpperBound(upper: "3.1e-38")
        instance.morseIndex = 0
        let claim = ClaimReport(name: "ca-critical", kind: "critical-point", statement: "L* ≤ 1/3 & more_than_50%",
                                activation: "erf", verdict: verdict, tolerance: "1e-30", seconds: 0.01, precision: 128,
                                worstBound: "max |grad| <= 3.1e-38", instances: [instance])
        return TheoremReport(file: "theorems/copy_average.toml", title: "Copy-average #1", source: "Şimşek et al.",
                             verdict: verdict, claims: [claim], seconds: 0.02, startPrecision: 128, maximumPrecision: 4096)
    }

    // MARK: JSON

    /// Every key of `example` (objects recursively, arrays through their first element)
    /// is in `actual`.
    func assertKeys(of example: Any, in actual: Any, at path: String = "") {
        if let object = example as? [String: Any] {
            guard let other = actual as? [String: Any] else { return XCTFail("\(path) is not an object") }
            for (key, value) in object {
                guard let found = other[key] else { XCTFail("missing field \(path).\(key)"); continue }
                assertKeys(of: value, in: found, at: "\(path).\(key)")
            }
        } else if let array = example as? [Any], let first = array.first {
            guard let other = (actual as? [Any])?.first else { return XCTFail("\(path) is not a non-empty array") }
            assertKeys(of: first, in: other, at: "\(path)[]")
        }
    }

    func testJSONKeepsTheFieldNamesOfTheTheoremFormatDocument() throws {
        let rendered = try JSONSerialization.jsonObject(with: Data(try JSONReport.render(Self.sample()).utf8))
        let document = Self.repository.deletingLastPathComponent().appendingPathComponent("shared/design/theorem-format.md")
        let example: Any
        if let text = try? String(contentsOf: document, encoding: .utf8),
           let start = text.range(of: "```json\n"), let end = text.range(of: "```", range: start.upperBound..<text.endIndex) {
            example = try JSONSerialization.jsonObject(with: Data(text[start.upperBound..<end.lowerBound].utf8))
        } else {
            // The document's example, as of this writing (the shared folder is not always present).
            example = try JSONSerialization.jsonObject(with: Data("""
            { "file": "f", "title": "t", "verdict": "VERIFIED",
              "claims": [ { "name": "c", "kind": "critical-point", "verdict": "VERIFIED", "activation": "erf",
                  "instances": [ { "parameters": {"k": 4, "n": 2}, "partition": [3, 1], "verdict": "VERIFIED",
                      "precision": 128, "seconds": 0.01, "loss": {"lower": "0", "upper": "1"},
                      "gradient_max_abs": {"upper": "3.1e-38"}, "morse_index": 0 } ] } ] }
            """.utf8))
        }
        assertKeys(of: example, in: rendered)
        let object = try XCTUnwrap(rendered as? [String: Any])
        XCTAssertEqual(object["loss_convention"] as? String, LossConvention.text)
        XCTAssertEqual(object["start_precision"] as? Int, 128)
        XCTAssertEqual(object["max_precision"] as? Int, 4096)
        let instance = try XCTUnwrap(((object["claims"] as? [[String: Any]])?.first?["instances"] as? [[String: Any]])?.first)
        XCTAssertEqual(instance["parameters"] as? [String: Int], ["k": 4, "n": 2])
        XCTAssertEqual((instance["loss"] as? [String: String])?["certified_digits"], "0.040593177313953855556")
    }

    func testJSONRoundTripsAndSortsKeys() throws {
        let text = try JSONReport.render(Self.sample())
        let decoded = try JSONDecoder().decode(TheoremReport.self, from: Data(text.utf8))
        XCTAssertEqual(decoded.claims.first?.instances.first?.parameters, ParameterValues([("k", 4), ("n", 2)]))
        XCTAssertEqual(decoded.verdict, .verified)
        let keys = text.split(separator: "\n").filter { $0.hasPrefix("  \"") }.map { $0.split(separator: "\"")[1] }
        XCTAssertEqual(keys, keys.sorted(), "top-level keys are sorted")
    }

    // MARK: Text

    func testTextReportLinesAndLegend() {
        var report = Self.sample(verdict: .refuted)
        report.claims[0].instances[0].witness = "∂L/∂a_1 ∈ [1, 2] excludes 0"
        let text = TextReport.render(report)
        XCTAssertTrue(text.hasPrefix("Copy-average #1\n  source: Şimşek et al.\n"), text)
        XCTAssertTrue(text.contains("  loss: \(LossConvention.text)\n"), text)
        XCTAssertTrue(text.contains("REFUTED at k=4 n=2 partition (3, 1) (128 bits)"), text)
        XCTAssertTrue(text.contains("witness: ∂L/∂a_1 ∈ [1, 2] excludes 0"), text)
        XCTAssertTrue(text.contains("verdict: REFUTED (1 claim: 1 REFUTED) in 0.02 s"), text)
        XCTAssertTrue(text.contains("PROVED: \(Verdict.proved.meaning)"), text)
        XCTAssertFalse(TextReport.render(report, showLegend: false).contains("PROVED:"))
    }

    /// Claim lines keep their columns for long claim names (as in one_neuron.toml).
    func testTextReportColumnsLineUpForLongNames() {
        var report = Self.sample()
        var long = report.claims[0]
        long.name = "relu-one-student-minimum-modulo-scaling"
        report.claims.append(long)
        let lines = TextReport.render(report).split(separator: "\n").filter { $0.contains(report.claims[0].kind) }
        let offsets = lines.map { line in line.distance(from: line.startIndex, to: line.range(of: report.claims[0].kind)!.lowerBound) }
        XCTAssertEqual(offsets.count, 2, "\(lines)")
        XCTAssertEqual(Set(offsets).count, 1, "\(lines)")
    }

    // MARK: LaTeX

    func testLatexTablesPrintCertifiedDigitsAndEscapes() {
        let request = LatexReport.Request(claims: ["ca-critical"], columns: [.parameter("k"), .quantity(.partition),
                                          .quantity(.loss), .quantity(.maxGradient), .quantity(.verdict),
                                          .quantity(.seconds), .quantity(.morseIndex)], digits: 5)
        let tex = LatexReport.render(Self.sample(), request: request, standalone: false)
        XCTAssertTrue(tex.contains("$k$ & partition & \\multicolumn{2}{c}{$L$} & \\multicolumn{2}{c}{$\\max|\\nabla L|$} & "
                                  + "verdict & \\multicolumn{2}{c}{time (s)} & Morse index \\\\"), tex)
        // Numbers split at the decimal point (r@{}l columns), 5 significant digits.
        XCTAssertTrue(tex.contains("$4$ & $(3, 1)$ & $0$ & $.040593\\ldots$ & $\\le 3$ & $.1\\times 10^{-38}$ & VERIFIED & "
                                   + "$0$ & $.010$ & $0$ \\\\"), tex)
        // The statement: ≤ becomes math, & % _ are escaped.
        XCTAssertTrue(tex.contains("L* $\\le$ 1/3 \\& more\\_than\\_50\\%"), tex)
        XCTAssertFalse(tex.contains("\\documentclass"))
        let document = LatexReport.render(Self.sample(), request: request, standalone: true)
        XCTAssertTrue(document.contains("Loss convention: \(LossConvention.latex)."), document)
        XCTAssertTrue(document.contains("\\section*{Copy-average \\#1}"), document)
        XCTAssertTrue(document.contains("Source: Şimşek et al."), "Latin Extended-A is kept")
    }

    func testLatexCaptionCarriesTheClaimsFormula() throws {
        var report = Self.sample()
        report.claims[0].formulaLatex = #"x^{2} \ge 0"#
        let tex = LatexReport.render(report, request: LatexReport.Request(claims: [report.claims[0].name]),
                                     standalone: false)
        XCTAssertTrue(tex.contains(#": $x^{2} \ge 0$."#), tex)
        XCTAssertTrue(try JSONReport.render(report).contains(#""formula_latex""#))
    }

    func testLatexDefaultsAndHelpers() {
        let request = LatexReport.Request(claims: ["ca-critical"])
        XCTAssertEqual(request.columns, LatexColumn.defaults)
        XCTAssertEqual(request.digits, LatexReport.defaultDigits)
        XCTAssertEqual(LatexColumn.defaults.map(\.name), ["partition", "point", "loss", "value", "difference", "max |grad|",
                                                            "verdict"])
        XCTAssertEqual(LatexReport.truncate("0.000123456", significantDigits: 3), "0.000123")
        XCTAssertEqual(LatexReport.truncate("12.5", significantDigits: 2), "12")
        XCTAssertEqual(LatexReport.latexNumber("1e-30"), "10^{-30}")
        XCTAssertEqual(LatexReport.latexNumber("2.5E+7"), "2.5\\times 10^{7}")
        XCTAssertEqual(LatexReport.escape("a\\b~c^d{e}$#"), "a\\textbackslash{}b\\textasciitilde{}c\\textasciicircum{}d\\{e\\}\\$\\#")
        XCTAssertEqual(LatexReport.escape("汉"), "?", "outside Latin-1 and Latin Extended-A")
        XCTAssertEqual(LatexReport.escape("3 <= k >= 2, a != b, x < y"), "3 $\\le$ k $\\ge$ 2, a $\\ne$ b, x < y",
                       "ASCII comparisons print as the symbols; a lone < stays")
        XCTAssertEqual(LatexReport.certified(Bounds(lower: "1", upper: "2"), digits: 5), "$[1, 2]$")
        XCTAssertEqual(LatexReport.certified(Bounds(lower: "0.5", upper: "0.5", certifiedDigits: "0.5"), digits: 5), "$0.5$",
                       "an exact value has no \\ldots")
    }

    func testLatexColumnsResolveQuantitiesBeforeParameters() {
        XCTAssertEqual(LatexColumn(name: "loss", parameters: ["k"]), .quantity(.loss))
        XCTAssertEqual(LatexColumn(name: "k", parameters: ["k"]), .parameter("k"))
        XCTAssertEqual(LatexColumn(name: "value", parameters: ["value"]), .quantity(.value))
        XCTAssertNil(LatexColumn(name: "bogus", parameters: ["k"]))
        XCTAssertEqual(LatexColumn.names(parameters: ["k"]).prefix(3), ["k", "partition", "loss"])
        for quantity in LatexColumn.Quantity.allCases {
            XCTAssertEqual(LatexColumn(name: quantity.rawValue, parameters: []), .quantity(quantity))
        }
    }

    // MARK: JUnit and times

    func testJUnitTimesAreDecimals() throws {
        // JUnit's schema (junit-4.xsd) types `time` as xs:decimal: no exponent notation,
        // also for instances decided in microseconds.
        var fast = InstanceReport(parameters: ParameterValues([("k", 2)]), verdict: .proved, precision: 128, seconds: 0.00001)
        fast.partition = [2]
        var slow = InstanceReport(parameters: ParameterValues([("k", 3)]), verdict: .refuted, precision: 128, seconds: 12.5)
        slow.witness = "a < b & c"
        let claim = ClaimReport(name: "c", kind: "loss", statement: nil, activation: "erf", verdict: .refuted,
                                tolerance: "1e-30", seconds: 2e-7, precision: 128, worstBound: nil, instances: [fast, slow])
        let report = TheoremReport(file: "t.toml", title: "t", source: "s", verdict: .refuted, claims: [claim],
                                   seconds: 3e-6, startPrecision: 128, maximumPrecision: 512)
        let text = JUnitReport.render([report])
        let times = text.components(separatedBy: "time=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
        XCTAssertEqual(times, ["0.000003", "0.000010", "12.500000"])
        XCTAssertTrue(text.contains("a &lt; b &amp; c"), text)
        XCTAssertTrue(text.contains("tests=\"2\" failures=\"1\" errors=\"0\""), text)
    }

    func testFixedDecimals() {
        XCTAssertEqual(FixedDecimal.format(12.5, places: 3), "12.500")
        XCTAssertEqual(FixedDecimal.format(0.0049, places: 2), "0.00")
        XCTAssertEqual(FixedDecimal.format(0.005, places: 2), "0.01")
        XCTAssertEqual(FixedDecimal.format(1.0, places: 0), "1")
        XCTAssertEqual(FixedDecimal.format(-1, places: 2), "0.00")
        XCTAssertEqual(FixedDecimal.format(.nan, places: 6), "0.000000")
        XCTAssertEqual(FixedDecimal.format(.infinity, places: 1), "0.0")
        XCTAssertEqual(FixedDecimal.format(1e300, places: 2), "1000000000000.00")
    }
}
