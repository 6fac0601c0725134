import XCTest
import Foundation
@testable import Reports

/// LaTeX for papers (pivot tables, several claims per table, digits on every number,
/// `|x| \le b`, captions) and the Markdown summary, from hand-built reports; numbers
/// against independent integer arithmetic and hand-computed expectations.
final class PaperReportTests: XCTestCase {

    // MARK: Decimal rounding

    /// Rounding to n significant digits against exact integer arithmetic: for
    /// x = m·10^e with m a d-digit integer, rounding up keeps ⌈m / 10^(d−n)⌉ and rounding
    /// down ⌊m / 10^(d−n)⌋ (for positive x; mirrored for negative).
    func testRoundingAgainstIntegerArithmetic() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let m = Int.random(in: 1...999_999_999, using: &generator)
            let e = Int.random(in: -40...10, using: &generator)
            let negative = Bool.random(using: &generator)
            let n = Int.random(in: 1...9, using: &generator)
            let text = (negative ? "-" : "") + "\(m)e\(e)"
            let x = try XCTUnwrap(DecimalText(text))
            let d = String(m).count
            for up in [true, false] {
                let rounded = x.rounded(significantDigits: n, up: up)
                var expected: String
                if d <= n {
                    expected = text
                } else {
                    var scale = 1
                    for _ in 0..<(d - n) { scale *= 10 }
                    let awayFromZero = up != negative
                    let q = awayFromZero ? (m + scale - 1) / scale : m / scale
                    expected = (negative ? "-" : "") + "\(q)e\(e + d - n)"
                }
                XCTAssertEqual(rounded, try XCTUnwrap(DecimalText(expected)), "\(text) to \(n) digits, up \(up)")
                XCTAssertLessThanOrEqual(rounded.digits.count, n)
            }
        }
    }

    func testDecimalTextReadsAndPrints() throws {
        XCTAssertEqual(DecimalText("0.000123456")?.rounded(significantDigits: 3, up: true).text, "0.000124")
        XCTAssertEqual(DecimalText("9.995e-30")?.rounded(significantDigits: 3, up: true).text, "1e-29", "carry")
        XCTAssertEqual(DecimalText("-0.12345")?.rounded(significantDigits: 3, up: true).text, "-0.123")
        XCTAssertEqual(DecimalText("-0.12345")?.rounded(significantDigits: 3, up: false).text, "-0.124")
        XCTAssertEqual(DecimalText("1234")?.rounded(significantDigits: 1, up: true).text, "2000")
        XCTAssertEqual(DecimalText("0")?.isZero, true)
        XCTAssertEqual(DecimalText("-0.000")?.text, "0")
        XCTAssertNil(DecimalText("inf"))
        XCTAssertNil(DecimalText("1e"))
        XCTAssertNil(DecimalText("."))
        XCTAssertEqual(LatexReport.truncate("1.2345e-30", significantDigits: 3), "1.23e-30", "the exponent is kept")
        XCTAssertEqual(DecimalText.maxMagnitude(DecimalText("-8.8e-39")!, DecimalText("3e-40")!).text, "8.8e-39")
    }

    // MARK: Cells

    func testEnclosureOfZeroPrintsAnUpperBoundRoundedUp() {
        // max(|−8.816207631e−39|, 3e−40) = 8.816207631e−39, rounded up to 3 digits: 8.82e−39.
        let cell = LatexReport.enclosure(Bounds(lower: "-8.816207631e-39", upper: "3e-40"), symbol: "L", digits: 3)
        XCTAssertEqual(cell, .number(whole: "|L| \\le 8", fraction: ".82\\times 10^{-39}"))
        XCTAssertEqual(cell.latex(.numeric), "$|L| \\le 8$ & $.82\\times 10^{-39}$")
        XCTAssertEqual(LatexReport.enclosure(Bounds(lower: "0", upper: "0"), symbol: "L", digits: 3),
                       .number(whole: "0", fraction: ""))
        // Not containing 0, no shared digits: both ends rounded outward (1.2344 → 1.23, 1.2361 → 1.24).
        XCTAssertEqual(LatexReport.enclosure(Bounds(lower: "1.2344", upper: "1.2361"), symbol: "x", digits: 3),
                       .text("$[1.23, 1.24]$"))
        // Certified digits cut to 4 significant digits, with \ldots, the exponent after it.
        XCTAssertEqual(LatexReport.enclosure(Bounds(lower: "1.23456e-30", upper: "1.23457e-30", certifiedDigits: "1.2345e-30"),
                                             symbol: "x", digits: 4),
                       .number(whole: "1", fraction: ".234\\ldots\\times 10^{-30}"))
        // Certified trailing zeros stay: 0.16400… at 4 digits is 0.1640…, not 0.164….
        XCTAssertEqual(LatexReport.enclosure(Bounds(lower: "0.164001", upper: "0.164009", certifiedDigits: "0.16400"),
                                             symbol: "L", digits: 4),
                       .number(whole: "0", fraction: ".1640\\ldots"))
        // max |grad| rounded up to the digits: 7.5301e-37 → 7.54e-37 at 3 digits.
        var instance = InstanceReport(parameters: ParameterValues([]), verdict: .verified, precision: 128, seconds: 0)
        instance.gradientMaxAbs = UpperBound(upper: "7.5301e-37")
        XCTAssertEqual(LatexReport.cell(.maxGradient, instance, digits: 3), .number(whole: "\\le 7", fraction: ".54\\times 10^{-37}"))
    }

    // MARK: Tables

    static func instance(_ k: Int, _ n: Int, loss: String, morse: Int? = nil, verdict: Verdict = .verified) -> InstanceReport {
        var instance = InstanceReport(parameters: ParameterValues([("k", k), ("n", n)]), verdict: verdict, precision: 128,
                                      seconds: 0.01)
        instance.partition = [k - n + 1] + Array(repeating: 1, count: n - 1)
        instance.loss = Bounds(lower: loss + "1", upper: loss + "2", certifiedDigits: loss)
        instance.morseIndex = morse
        return instance
    }

    static func report() -> TheoremReport {
        var optimal = ClaimReport(name: "ca-optimal", kind: "minimum-over-family", statement: "the optimum is (k-n+1, 1, …, 1)",
                                  activation: "erf", verdict: .verified, tolerance: "1e-30", seconds: 0, precision: 128,
                                  worstBound: nil, instances: [instance(2, 1, loss: "0.0232216806"),
                                                               instance(3, 1, loss: "0.0405931773"),
                                                               instance(3, 2, loss: "0.0232216806")])
        optimal.activationLatex = "\\operatorname{erf}(z/\\sqrt{2})"
        var morse = ClaimReport(name: "ca-morse", kind: "hessian", statement: "Morse indices", activation: "relu",
                                verdict: .verified, tolerance: "1e-30", seconds: 0, precision: 128, worstBound: nil,
                                instances: [instance(3, 2, loss: "0.0232216806", morse: 1)])
        morse.moduloSymmetry = true
        morse.activationLatex = "\\max(0, z)"
        return TheoremReport(file: "f.toml", title: "T", source: "S", verdict: .verified, claims: [optimal, morse],
                             seconds: 0, startPrecision: 128, maximumPrecision: 512)
    }

    func testPivotTableByHand() {
        let table = LatexReport.Table(claims: ["ca-optimal"], layout: .pivot(rows: "k", columns: "n", cell: .loss),
                                      caption: "Optimal loss.", label: "tab:opt")
        let tex = LatexReport.render(Self.report(), request: .init(tables: [table], digits: 4), standalone: false)
        let expected = """
        \\begin{table}[!htbp]
        \\centering
        \\caption{Optimal loss.}\\label{tab:opt}
        \\resizebox{\\ifdim\\width>\\linewidth\\linewidth\\else\\width\\fi}{!}{%
        \\begin{tabular}{rr@{}lr@{}l}
        \\toprule
         & \\multicolumn{4}{c}{$L$ at $n$ =} \\\\
        \\cmidrule(l){2-5}
        $k$ & \\multicolumn{2}{c}{$1$} & \\multicolumn{2}{c}{$2$} \\\\
        \\midrule
        $2$ & $0$ & $.02322\\ldots$ &  &  \\\\
        $3$ & $0$ & $.04059\\ldots$ & $0$ & $.02322\\ldots$ \\\\
        \\bottomrule
        \\end{tabular}}
        \\end{table}


        """
        XCTAssertEqual(tex, expected)
    }

    func testSeveralClaimsShareRowsAndTheCaptionSaysWhatHolds() {
        let table = LatexReport.Table(claims: ["ca-optimal", "ca-morse"],
                                      layout: .rows([.parameter("k"), .parameter("n"), .quantity(.morseIndex), .quantity(.verdict)]))
        let tex = LatexReport.render(Self.report(), request: .init(tables: [table], digits: 4), standalone: false)
        // (3, 2) appears in both claims: one row, with the Morse index of the second.
        XCTAssertTrue(tex.contains("$3$ & $2$ & $1$ & VERIFIED \\\\"), tex)
        XCTAssertEqual(tex.split(separator: "\n").filter { $0.hasPrefix("$") && $0.contains("VERIFIED") }.count, 3, tex)
        XCTAssertTrue(tex.contains("The optimum is (k-n+1, 1, \\ldots{}, 1)."), "statements, not names: \(tex)")
        XCTAssertFalse(tex.contains("ca-optimal:"), tex)
        XCTAssertTrue(tex.contains("All 4 instances VERIFIED (tolerance $10^{-30}$), modulo the scaling symmetry"), tex)
        XCTAssertTrue(tex.contains("$\\sigma(z) = \\max(0, z)$"), tex)
        XCTAssertTrue(tex.contains("\\label{tab:ca-optimal}"), tex)
        XCTAssertFalse(tex.contains("longtable"))
        XCTAssertEqual(LatexReport.sentence("κ_erf = 1/3"), "κ_erf = 1/3", "no capital Kappa (which would print as ?)")
        XCTAssertEqual(LatexReport.sentence("each point"), "Each point")
    }

    func testEmptyColumnsAreLeftOutAndLongTablesBreak() {
        var report = Self.report()
        report.claims[0].instances = (2...60).map { Self.instance($0, 1, loss: "0.0232216806") }
        let tex = LatexReport.render(report, request: .init(claims: ["ca-optimal"]), standalone: true)
        XCTAssertTrue(tex.contains("\\begin{longtable}"), "more than \(LatexReport.longTableRows) rows")
        XCTAssertTrue(tex.contains("\\usepackage{amsmath,amssymb,booktabs,graphicx,longtable}"), tex)
        XCTAssertFalse(tex.contains("max|\\nabla L|"), "no gradient in any row: the default column is left out")
        XCTAssertTrue(tex.contains("\\endfirsthead"))
    }

    // MARK: Markdown

    func testMarkdownSummary() {
        var report = Self.report()
        var refuted = Self.instance(4, 2, loss: "0.05")
        refuted.verdict = .refuted
        refuted.witness = "partition (2, 2) has loss 0.04 < 0.05 | the arg-min"
        report.claims[0].instances.append(refuted)
        report.claims[0].verdict = .refuted
        report.verdict = .refuted
        var range = ClaimReport(name: "Lstar-concave", kind: "inequality", statement: nil, activation: "erf", verdict: .inconclusive,
                                tolerance: "1e-30", seconds: 0, precision: 128, worstBound: nil, instances: [])
        range.scope = "for all real l ≥ 1"
        var undecided = InstanceReport(parameters: ParameterValues([]), verdict: .inconclusive, precision: 128, seconds: 0)
        var proof = ProofReport(over: ["l": "[1, ∞)"], scope: "for all real l ≥ 1", method: "branch-and-bound", summary: "40 boxes")
        proof.unresolved = ["l": "[1, 1.01]"]
        undecided.proof = proof
        range.instances = [undecided]
        report.claims.append(range)
        let md = MarkdownReport.render([report])
        XCTAssertTrue(md.hasPrefix("## Certified verification: REFUTED\n"), md)
        XCTAssertTrue(md.contains("| T (`f.toml`) | **REFUTED** | 1 VERIFIED, 1 INCONCLUSIVE, 1 REFUTED |"), md)
        XCTAssertTrue(md.contains("| `ca-morse` | Morse indices | **VERIFIED** | 1 instance, modulo the scaling symmetry |"), md)
        XCTAssertTrue(md.contains("| `Lstar-concave` | inequality | **INCONCLUSIVE** | for all real l ≥ 1 |"), md)
        XCTAssertTrue(md.contains("#### Not proved or verified (2)"), md)
        XCTAssertTrue(md.contains("- **REFUTED** `ca-optimal` at k=4 n=2 partition (3, 1) (128 bits): witness: "
                                  + "partition (2, 2) has loss 0.04 \\< 0.05 | the arg-min"), md)
        XCTAssertTrue(md.contains("unresolved l ∈ \\[1, 1.01\\]"), md)
        // Only the unsettled instances are listed.
        XCTAssertFalse(md.contains("at k=2 n=1"), md)
    }

    // MARK: Text

    func testTextSaysModuloSymmetryAndNoToleranceForRangeProofs() {
        var report = Self.report()
        var range = ClaimReport(name: "Lstar-concave", kind: "inequality", statement: nil, activation: "erf", verdict: .proved,
                                tolerance: "1e-30", seconds: 0, precision: 128, worstBound: nil, instances: [])
        range.scope = "for all integers l ≥ 2"
        var proved = InstanceReport(parameters: ParameterValues([]), verdict: .proved, precision: 128, seconds: 0)
        proved.proof = ProofReport(over: ["l": "[2, ∞)"], scope: "for all integers l ≥ 2", method: "branch-and-bound",
                                   summary: "16 integers one by one, the rest by its real relaxation")
        range.instances = [proved]
        report.claims.append(range)
        let text = TextReport.render(report, showLegend: false)
        let lines = text.split(separator: "\n").map(String.init)
        let rangeLine = lines.first { $0.contains("Lstar-concave") && $0.contains("range proof") } ?? ""
        XCTAssertFalse(rangeLine.contains("tol"), "no tolerance for a proof over a range: \(rangeLine)")
        let verifiedLine = lines.first { $0.contains("ca-optimal") } ?? ""
        XCTAssertTrue(verifiedLine.contains("tol 1e-30"), "VERIFIED rests on the tolerance: \(verifiedLine)")
        let morseIndex = lines.firstIndex { $0.contains("ca-morse") }!
        XCTAssertTrue(lines[morseIndex + 2].contains("modulo the scaling symmetry"), text)
        XCTAssertFalse(lines[lines.firstIndex { $0.contains("ca-optimal") }! + 2].contains("modulo"), text)
        XCTAssertTrue(text.contains("PROVED for all integers l ≥ 2 — 16 integers"), text)
    }
}
