import XCTest
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import CertifiedIntervals
import Reports

/// The `verify` executable run as a subprocess: exit codes, the JSON, LaTeX and JUnit
/// reports (their fields, and the correctness of the enclosures they print against
/// independent references), and the verify/eval calculator.
final class CommandLineTests: XCTestCase {

    static func copyAverageFile(k: String = "2..4", extraClaims: String = "", latex: String = "") -> String {
        Theorems.file("""
        [parameters]
        k = "\(k)"
        n = "1..k-1"

        \(Theorems.copyAverageDefinitions)
        [family.ca]
        kind       = "copy-average"
        partitions = "all"
        incoming   = "c(l)"
        outgoing   = "a(l)"

        [[claim]]
        name      = "ca-critical"
        statement = "every copy-average configuration is a critical point"
        kind      = "critical-point"
        family    = "ca"
        tolerance = "1e-30"

        [[claim]]
        name   = "ca-loss"
        kind   = "loss"
        family = "ca"
        equals = "sum(Lstar(l) for l in groups)"

        [[claim]]
        name   = "ca-optimal"
        kind   = "minimum-over-family"
        family = "ca"
        argmin = "(k-n+1, 1^(n-1))"
        value  = "Lstar(k-n+1)"

        \(extraClaims)
        \(latex)
        """)
    }

    // MARK: Exit codes

    func testExitCodes() throws {
        let directory = try TemporaryDirectory()
        let good = try directory.write(Self.copyAverageFile(), "good.toml")
        var result = try VerifyBinary.run([good, "--max-precision", "512"])
        VerifyBinary.assertClean(result, "good")
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains("VERIFIED"), result.stdout)

        let refuted = try directory.write(Self.copyAverageFile(extraClaims: """
        [[claim]]
        name  = "convex"
        kind  = "inequality"
        for   = { m = "2..10" }
        holds = "Lstar(m+1) - 2*Lstar(m) + Lstar(m-1) > 0"
        """), "refuted.toml")
        result = try VerifyBinary.run([refuted, "--max-precision", "512"])
        VerifyBinary.assertClean(result, "refuted")
        XCTAssertEqual(result.status, 1, result.stdout + result.stderr)

        // Tolerance 0: the gradient enclosures contain 0 but are never exactly 0, so the
        // critical-point claim stays INCONCLUSIVE up to --max-precision, and stops there.
        // (The copy-average family would be PROVED exactly critical by the reduction's zero
        // tests; the same point written as explicit weights is decided by enclosures only.)
        let strict = Theorems.file("""
        [parameters]
        k = "2..2"

        [family.ca]
        kind           = "explicit"
        input-weights  = [["1/sqrt(6)", "1/sqrt(6)"]]
        output-weights = ["2"]

        [[claim]]
        name      = "exactly-critical"
        kind      = "critical-point"
        family    = "ca"
        tolerance = "0"
        """)
        let inconclusive = try directory.write(strict, "inconclusive.toml")
        let json = directory.path("inconclusive.json")
        result = try VerifyBinary.run([inconclusive, "--max-precision", "512", "--json", json], timeout: 30)
        VerifyBinary.assertClean(result, "inconclusive")
        XCTAssertEqual(result.status, 2, result.stdout + result.stderr)
        XCTAssertLessThan(result.seconds, 10, "--max-precision 512 bounds the work")
        XCTAssertTrue(result.stdout.contains("INCONCLUSIVE"), result.stdout)
        let report = try loadJSON(json)
        let instances = try XCTUnwrap(claims(report).first?["instances"] as? [[String: Any]])
        XCTAssertFalse(instances.isEmpty)
        for instance in instances {
            XCTAssertEqual(instance["verdict"] as? String, "INCONCLUSIVE")
            XCTAssertEqual(instance["precision"] as? Int, 512, "raised to the maximum, not beyond")
            XCTAssertTrue((instance["detail"] as? String)?.contains("tolerance") == true, "\(instance)")
        }

        // Refuted wins over inconclusive; an invalid file wins over both.
        result = try VerifyBinary.run([inconclusive, refuted, "--max-precision", "512", "--json", directory.path("both")])
        VerifyBinary.assertClean(result, "inconclusive + refuted")
        XCTAssertEqual(result.status, 1, result.stderr)
        let invalid = try directory.write("[theorem]\ntitle = \"x\"\n", "invalid.toml")
        result = try VerifyBinary.run([good, invalid, "--max-precision", "512"])
        VerifyBinary.assertClean(result, "good + invalid")
        XCTAssertEqual(result.status, 65, result.stderr)
        XCTAssertTrue(result.stderr.contains("invalid.toml"), result.stderr)
    }

    func testPrecisionFlagsAndFileSettings() throws {
        // [verify] max-precision in the file bounds the run; --max-precision overrides it.
        let directory = try TemporaryDirectory()
        let text = Theorems.file("""
        [[claim]]
        name      = "needs-precision"
        kind      = "equality"
        holds     = "2/pi*asin(1/2) = 1/3 + 1e-70"
        tolerance = "1e-90"

        [verify]
        precision     = 64
        max-precision = 128
        """, setting: "[setting]\nactivation = \"erf\"\n")
        let path = try directory.write(text, "precision.toml")
        var result = try VerifyBinary.run([path, "--json", directory.path("a.json")])
        VerifyBinary.assertClean(result, "file precision")
        // 1e-70 cannot be resolved by enclosures at 128 bits, the file's maximum: the last
        // attempt (at 128 bits) asks exact arithmetic, which decides the difference is
        // not 0 (before exact equalities this was INCONCLUSIVE, exit 2).
        XCTAssertEqual(result.status, 1, "1e-70 is exactly nonzero: \(result.stdout)")
        var instance = try XCTUnwrap((claims(try loadJSON(directory.path("a.json"))).first?["instances"] as? [[String: Any]])?.first)
        XCTAssertEqual(instance["precision"] as? Int, 128)
        XCTAssertTrue((instance["witness"] as? String)?.contains("exactly nonzero") == true, "\(instance)")
        result = try VerifyBinary.run([path, "--max-precision", "1024", "--json", directory.path("b.json")])
        VerifyBinary.assertClean(result, "command-line precision")
        XCTAssertEqual(result.status, 1, "at 1024 bits the offset 1e-70 is resolved: \(result.stdout)")
        instance = try XCTUnwrap((claims(try loadJSON(directory.path("b.json"))).first?["instances"] as? [[String: Any]])?.first)
        XCTAssertEqual(instance["verdict"] as? String, "REFUTED")
        XCTAssertGreaterThan(instance["precision"] as? Int ?? 0, 128)
    }

    // MARK: Changing a closed form of the shipped copy_average.toml

    /// The shipped file, with smaller ranges (for time), and `original` replaced by `replacement`.
    func mutatedCopyAverage(_ original: String, _ replacement: String) throws -> String {
        var text = try Theorems.shipped("copy_average.toml")
        XCTAssertTrue(text.contains("k = \"2..12\""), "the shipped file's k range changed; update this test")
        text = text.replacingOccurrences(of: "k = \"2..12\"", with: "k = \"2..5\"")
        // The concavity claims range over all l ≥ 2 and all real l ≥ 1; here finite lists.
        XCTAssertTrue(text.contains("l = \"2..\"") && text.contains("l = \"[1, inf)\""),
                      "the shipped file's concavity ranges changed; update this test")
        text = text.replacingOccurrences(of: "l = \"2..\"", with: "l = \"2..40\"")
            .replacingOccurrences(of: "l = \"[1, inf)\"", with: "l = \"1..40\"")
        if !original.isEmpty {
            XCTAssertTrue(text.contains(original), "the shipped file no longer contains \(original)")
            text = text.replacingOccurrences(of: original, with: replacement)
        }
        return text
    }

    /// The lines of the text report about `claim`: its summary line and the indented
    /// detail lines under it.
    func reportBlock(_ stdout: String, claim: String) -> [String] {
        let lines = stdout.split(separator: "\n").map(String.init)
        guard let start = lines.firstIndex(where: { $0.hasPrefix("  ") && !$0.hasPrefix("   ")
                                                     && $0.split(separator: " ").contains(Substring(claim)) }) else { return [] }
        var block = [lines[start]]
        for line in lines[(start + 1)...] {
            if line.hasPrefix("      ") { block.append(line) } else { break }
        }
        return block
    }

    func testChangingAClosedFormOfTheShippedFileIsRefuted() throws {
        let directory = try TemporaryDirectory()
        // The unchanged file (with the smaller ranges) verifies: the control.
        let control = try directory.write(try mutatedCopyAverage("", ""), "copy_average.toml")
        let controlResult = try VerifyBinary.run([control, "--max-precision", "512"])
        VerifyBinary.assertClean(controlResult, "unchanged")
        XCTAssertEqual(controlResult.status, 0, controlResult.stdout + controlResult.stderr)

        let mutations: [(String, String, String, [String])] = [
            ("c(l)", "\"1/sqrt(l*(2*l - 1))\"", "\"1/sqrt(l*(2*l + 1))\"", ["ca-critical", "ca-loss"]),
            ("a(l)", "\"a(l)\"     = \"l\"", "\"a(l)\"     = \"l + 1\"", ["ca-critical", "ca-loss"]),
            ("Lstar", "\"l/3 - 2*l^2/pi*asin(1/(2*l))\"", "\"l/3 - 2*l^2/pi*asin(1/(2*l + 1))\"", ["ca-loss", "ca-optimal"]),
        ]
        for (name, original, replacement, refutedClaims) in mutations {
            let path = try directory.write(try mutatedCopyAverage(original, replacement), "mutated-\(name.filter(\.isLetter)).toml")
            let json = directory.path("mutated-\(name.filter(\.isLetter)).json")
            let result = try VerifyBinary.run([path, "--max-precision", "512", "--json", json])
            VerifyBinary.assertClean(result, name)
            XCTAssertEqual(result.status, 1, "changing \(name): \(result.stdout)\(result.stderr)")
            let report = try loadJSON(json)
            XCTAssertEqual(report["verdict"] as? String, "REFUTED")
            for claim in refutedClaims {
                let block = reportBlock(result.stdout, claim: claim)
                XCTAssertTrue(block.first?.contains("REFUTED") == true, "changing \(name): \(claim)\n\(result.stdout)")
                XCTAssertTrue(block.contains { $0.contains("REFUTED at k=") }, "changing \(name): instance of \(claim)")
                XCTAssertTrue(block.contains { $0.contains("witness:") }, "changing \(name): witness for \(claim)")
                let entry = try XCTUnwrap(claims(report).first { $0["name"] as? String == claim })
                XCTAssertEqual(entry["verdict"] as? String, "REFUTED")
                let witnessed = (entry["instances"] as? [[String: Any]] ?? []).first { $0["verdict"] as? String == "REFUTED" }
                XCTAssertNotNil(witnessed?["witness"] as? String, "\(claim): the JSON names a witness")
                XCTAssertNotNil((witnessed?["parameters"] as? [String: Any])?["k"], "\(claim): the witness instance")
            }
            if refutedClaims.contains("ca-critical") {
                let block = reportBlock(result.stdout, claim: "ca-critical")
                XCTAssertTrue(block.contains { $0.contains("∂L/∂") }, "the witness names a gradient component:\n\(block)")
            }
        }
    }

    // MARK: JSON

    func loadJSON(_ path: String, file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any], file: file, line: line)
    }

    func claims(_ report: [String: Any]) -> [[String: Any]] { report["claims"] as? [[String: Any]] ?? [] }

    func testJSONReportFieldsAndEnclosures() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write(Self.copyAverageFile(k: "2..5"), "ca.toml")
        let json = directory.path("out.json")
        let result = try VerifyBinary.run([path, "--json", json, "--quiet", "--max-precision", "512"])
        VerifyBinary.assertClean(result, "json")
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.isEmpty, "--quiet prints no text report")
        let report = try loadJSON(json)
        XCTAssertEqual(report["file"] as? String, path)
        XCTAssertEqual(report["title"] as? String, "inline test")
        XCTAssertEqual(report["verdict"] as? String, "VERIFIED")
        let all = claims(report)
        XCTAssertEqual(all.map { $0["name"] as? String ?? "" }, ["ca-critical", "ca-loss", "ca-optimal"])
        XCTAssertEqual(all.map { $0["kind"] as? String ?? "" }, ["critical-point", "loss", "minimum-over-family"])
        for claim in all {
            XCTAssertEqual(claim["activation"] as? String, "erf")
            // The critical points are exactly critical (PROVED by the reduction's zero tests);
            // the loss and the minimum are equalities verified to the tolerance.
            XCTAssertEqual(claim["verdict"] as? String, claim["name"] as? String == "ca-critical" ? "PROVED" : "VERIFIED")
            XCTAssertEqual(claim["tolerance"] as? String, "1e-30")
        }
        let critical = try XCTUnwrap(all.first?["instances"] as? [[String: Any]])
        XCTAssertEqual(critical.count, (2...5).reduce(0) { t, k in t + (1..<k).reduce(0) { $0 + Reference.partitionCount(k, $1) } })
        var checkedThreeOne = false
        for instance in critical {
            let parameters = try XCTUnwrap(instance["parameters"] as? [String: Any])
            let k = try XCTUnwrap(parameters["k"] as? Int), n = try XCTUnwrap(parameters["n"] as? Int)
            let partition = try XCTUnwrap(instance["partition"] as? [Int])
            XCTAssertEqual(partition.count, n)
            XCTAssertEqual(partition.reduce(0, +), k)
            XCTAssertEqual(instance["verdict"] as? String, "PROVED")
            XCTAssertTrue((instance["detail"] as? String)?.hasPrefix("exact:") ?? false, "\(instance)")
            XCTAssertEqual(instance["precision"] as? Int, 128)
            XCTAssertGreaterThanOrEqual(instance["seconds"] as? Double ?? -1, 0)
            let loss = try XCTUnwrap(instance["loss"] as? [String: Any])
            let lower = try XCTUnwrap(loss["lower"] as? String), upper = try XCTUnwrap(loss["upper"] as? String)
            // Reference 1: L* straight from the interval core (F2).
            XCTAssertTrue(Reference.bounds(lower: lower, upper: upper, contain: Reference.lStarSum(partition)),
                          "k=\(k) \(partition): [\(lower), \(upper)]")
            XCTAssertTrue(Reference.rational(lower)! <= Reference.rational(upper)!)
            let gradient = try XCTUnwrap((instance["gradient_max_abs"] as? [String: Any])?["upper"] as? String)
            let bound = try XCTUnwrap(Reference.rational(gradient))
            XCTAssertGreaterThanOrEqual(bound.signum, 0)
            XCTAssertTrue(bound <= Rational(exactly: "1e-30")!, "max |grad| ≤ \(gradient)")
            if partition == [3, 1] {
                // Reference 2: `verify eval` at 300 digits of L*(3) + L*(1), contained in the report's bounds.
                let eval = try VerifyBinary.run(["eval", "3/3 - 2*3^2/pi*asin(1/6) + 1/3 - 2*1^2/pi*asin(1/2)", "--digits", "300"])
                XCTAssertEqual(eval.status, 0, eval.stderr)
                let (evalLower, evalUpper) = try XCTUnwrap(Reference.parseInterval(eval.stdout))
                XCTAssertTrue(Reference.rational(lower)! <= Reference.rational(evalLower)!, "\(lower) vs \(evalLower)")
                XCTAssertTrue(Reference.rational(evalUpper)! <= Reference.rational(upper)!, "\(evalUpper) vs \(upper)")
                checkedThreeOne = true
            }
        }
        XCTAssertTrue(checkedThreeOne)
        let optimal = try XCTUnwrap(all.last?["instances"] as? [[String: Any]])
        for instance in optimal {
            let parameters = try XCTUnwrap(instance["parameters"] as? [String: Any])
            let k = parameters["k"] as! Int, n = parameters["n"] as! Int
            XCTAssertEqual(instance["partition"] as? [Int], [k - n + 1] + Array(repeating: 1, count: n - 1))
        }
    }

    func testJSONReportOfMixedActivationsAndHessians() throws {
        let directory = try TemporaryDirectory()
        let text = Theorems.file("""
        [parameters]
        k = "4..4"

        \(Theorems.copyAverageDefinitions)
        [family.ca]
        kind       = "copy-average"
        partitions = "[2, 2]"
        incoming   = "c(l)"
        outgoing   = "a(l)"

        [family.relu-one]
        kind       = "one-neuron-average"
        activation = "relu"
        incoming   = "1/sqrt(k)"
        outgoing   = "k*(sqrt(1 - 1/k) + (pi - acos(1/sqrt(k)))/sqrt(k))/pi"

        [[claim]]
        name        = "ca-index"
        kind        = "hessian"
        family      = "ca"
        morse-index = "2"

        [[claim]]
        name   = "relu-critical"
        kind   = "critical-point"
        family = "relu-one"

        [[claim]]
        name       = "kernel"
        kind       = "kernel"
        activation = "quadratic"
        tolerance  = "1e-9"
        points     = [["1", "1", "1/2"]]
        """)
        let path = try directory.write(text, "mixed.toml")
        let json = directory.path("reports")   // no .json suffix: a directory
        let result = try VerifyBinary.run([path, "--json", json, "--max-precision", "512"])
        VerifyBinary.assertClean(result, "mixed")
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        let report = try loadJSON(directory.path("reports/mixed.json"))
        let byName = Dictionary(uniqueKeysWithValues: claims(report).map { ($0["name"] as? String ?? "", $0) })
        XCTAssertEqual(byName["ca-index"]?["activation"] as? String, "erf")
        XCTAssertEqual(byName["relu-critical"]?["activation"] as? String, "relu")
        XCTAssertEqual(byName["kernel"]?["activation"] as? String, "quadratic")
        XCTAssertEqual(byName["kernel"]?["kind"] as? String, "kernel")
        let hessian = try XCTUnwrap((byName["ca-index"]?["instances"] as? [[String: Any]])?.first)
        XCTAssertEqual(hessian["morse_index"] as? Int, 2)
        // Exactly critical: the index is the inertia of the Hessian at the point (PROVED).
        XCTAssertEqual(hessian["verdict"] as? String, "PROVED")
        XCTAssertEqual(hessian["partition"] as? [Int], [2, 2])
        let kernel = try XCTUnwrap((byName["kernel"]?["instances"] as? [[String: Any]])?.first)
        XCTAssertEqual(kernel["point"] as? [String], ["1", "1", "1/2"])
        // κ_quad(1, 1, 1/2) = 1 + 2/4 = 3/2 inside both the closed form's and the quadrature's bounds.
        for side in ["left", "right"] {
            let bounds = try XCTUnwrap(kernel[side] as? [String: Any])
            XCTAssertTrue(Reference.bounds(lower: bounds["lower"] as! String, upper: bounds["upper"] as! String,
                                           contain: try Interval(3, precision: 256) / 2), "\(side): \(bounds)")
        }
    }

    // MARK: LaTeX

    static let latexRequest = """
    [report.latex]
    claims  = ["ca-optimal", "ca-critical"]
    columns = ["k", "n", "partition", "loss", "max |grad|", "verdict"]
    digits  = 20
    """

    func writeLatex(_ directory: TemporaryDirectory) throws -> String {
        let path = try directory.write(Self.copyAverageFile(k: "2..5", latex: Self.latexRequest), "ca_table.toml")
        let out = directory.path("tex")
        let result = try VerifyBinary.run([path, "--latex", out, "--latex-standalone", "--max-precision", "512"])
        VerifyBinary.assertClean(result, "latex")
        XCTAssertEqual(result.status, 0, result.stderr)
        return try String(contentsOfFile: directory.path("tex/ca_table.tex"), encoding: .utf8)
    }

    func testLatexReportPrintsOnlyCertifiedDigits() throws {
        let directory = try TemporaryDirectory()
        let tex = try writeLatex(directory)
        for required in ["\\documentclass", "\\usepackage{amsmath,amssymb,booktabs,graphicx}", "\\begin{document}", "\\end{document}",
                         "\\toprule", "\\midrule", "\\bottomrule", "ca-optimal", "VERIFIED"] {
            XCTAssertTrue(tex.contains(required), "missing \(required)")
        }
        XCTAssertEqual(tex.components(separatedBy: "\\begin{tabular}").count - 1, 2, "one table per requested claim")
        XCTAssertEqual(tex.components(separatedBy: "\\begin{") .count, tex.components(separatedBy: "\\end{").count)
        // Rows of ca-optimal: k & n & (k−n+1, 1, …) & L*(k−n+1) digits… & max|grad| & verdict.
        let optimalTable = try XCTUnwrap(tex.components(separatedBy: "\\begin{tabular}").dropFirst().first)
        var rows = 0
        for line in optimalTable.split(separator: "\n") where line.hasPrefix("$") && !line.hasPrefix("$k$") {
            let cells = line.replacingOccurrences(of: "\\\\", with: "").split(separator: "&")
                .map { $0.trimmingCharacters(in: .whitespaces) }
            // k, n, partition, the loss split at its decimal point (r@{}l), verdict (the
            // max |grad| column is left out: minimum-over-family instances have none).
            XCTAssertEqual(cells.count, 6, String(line))
            guard cells.count == 6, let k = Int(cells[0].trimmingCharacters(in: ["$"])),
                  let n = Int(cells[1].trimmingCharacters(in: ["$"])) else { continue }
            rows += 1
            let expectedPartition = "$(" + ([k - n + 1] + Array(repeating: 1, count: n - 1)).map(String.init)
                .joined(separator: ", ") + ")$"
            XCTAssertEqual(cells[2], expectedPartition)
            // "$0.0405931773139538555\ldots$": a truncation d of the exact value x:
            // d ≤ x < d + one unit in the last place.
            var loss = cells[3].trimmingCharacters(in: ["$"]) + cells[4].trimmingCharacters(in: ["$"])
            if loss.hasSuffix("\\ldots") { loss.removeLast("\\ldots".count) }
            let digits = try XCTUnwrap(Reference.rational(loss))
            let decimals = loss.split(separator: ".").last.map { $0.count } ?? 0
            let unit = try Rational.dividing(Rational(1), by: try Rational(10).power(decimals))
            let reference = Reference.lStar(k - n + 1)
            let p = reference.precision
            XCTAssertTrue((reference - Interval(digits, precision: p)).isNonNegative, "\(loss) ≤ L*(\(k - n + 1))")
            XCTAssertTrue((Interval(digits + unit, precision: p) - reference).isPositive, "L*(\(k - n + 1)) < \(loss) + ulp")
            let significant = loss.filter(\.isNumber).drop { $0 == "0" }.count
            XCTAssertLessThanOrEqual(significant, 20, "at most the requested 20 significant digits: \(loss)")
            XCTAssertGreaterThanOrEqual(significant, 15, "128-bit enclosures certify many digits: \(loss)")
        }
        XCTAssertEqual(rows, (2...5).reduce(0) { $0 + $1 - 1 })
        // The critical-point table bounds max |grad| from above: "$\le 3.1\times 10^{-38}$".
        let criticalTable = try XCTUnwrap(tex.components(separatedBy: "\\begin{tabular}").dropFirst(2).first)
        let criticalRows = criticalTable.split(separator: "\n").filter { $0.hasPrefix("$") && !$0.hasPrefix("$k$") }
        XCTAssertFalse(criticalRows.isEmpty)
        for row in criticalRows { XCTAssertTrue(row.contains("$\\le "), String(row)) }
    }

    /// Every shipped theorem file's LaTeX compiles with one pdflatex pass, and the log
    /// shows no error, no overfull box and no undefined reference. The copy-average
    /// file keeps its full parameter range (its k × n table is the widest); the others
    /// are cut to small ranges (same tables, captions and statements, with non-ASCII
    /// text such as Ş, π, √, ², κ). pdflatex missing is a failure, not a skip: `make
    /// test` installs it (scripts/ensure-latex.sh).
    func testLatexDocumentsCompile() throws {
        let pdflatex = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
            .map { URL(fileURLWithPath: String($0)).appendingPathComponent("pdflatex") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
        guard let pdflatex else {
            return XCTFail("pdflatex is not on PATH: the LaTeX reports cannot be compiled. `make test` installs it "
                           + "(scripts/ensure-latex.sh: texlive-latex-base, texlive-latex-recommended, texlive-pictures)")
        }
        let directory = try TemporaryDirectory()
        _ = try writeLatex(directory)
        var names = ["ca_table"]
        let cuts: [String: [(String, String)]] = [
            "copy_average": [("l = \"2..\"", "l = \"2..20\""), ("l = \"[1, inf)\"", "l = \"1..20\"")],
            "one_neuron": [("k = \"1..50\"", "k = \"1..4\""), ("k = \"2..50\"", "k = \"2..4\"")],
            "gaussian_kernels": [],
            "copy_average_all_k": [],
            "critical_types_all_k": [],
            // The Morse-index claim names partitions of k = 7: k stays up to 7.
            "critical_types": [("k = \"2..8\"", "k = \"2..7\"")],
            "quadratic": [],
            "relu_copy_average": [],
        ]
        // Every shipped file passes (exit 0).
        let expectedStatus: [String: Int32] = [:]
        let shipped = try FileManager.default.contentsOfDirectory(atPath: Theorems.repository.appendingPathComponent("theorems").path)
            .filter { $0.hasSuffix(".toml") }.map { String($0.dropLast(5)) }.sorted()
        XCTAssertEqual(Set(shipped), Set(cuts.keys), "a new shipped theorem file: add it here")
        var paths: [String] = []
        for name in shipped {
            var text = try Theorems.shipped("\(name).toml")
            for (from, to) in cuts[name] ?? [] {
                XCTAssertTrue(text.contains(from), "\(name).toml no longer contains \(from)")
                text = text.replacingOccurrences(of: from, with: to)
            }
            paths.append(try directory.write(text, "\(name).toml"))
        }
        // The runs are independent: all at once, on every core.
        var results = [CommandResult?](repeating: nil, count: paths.count)
        let lock = NSLock()
        DispatchQueue.concurrentPerform(iterations: paths.count) { i in
            let result = try? VerifyBinary.run([paths[i], "--latex", directory.path("tex"), "--latex-standalone", "--quiet",
                                                "--max-precision", "512", "--no-progress"], timeout: 900)
            lock.lock(); results[i] = result; lock.unlock()
        }
        for (name, result) in zip(shipped, results) {
            guard let result else { XCTFail("\(name): verify did not run"); continue }
            VerifyBinary.assertClean(result, name)
            XCTAssertEqual(result.status, expectedStatus[name] ?? 0, "\(name): \(result.stderr)")
            names.append(name)
        }
        for name in names {
            let process = Process()
            process.executableURL = pdflatex
            process.arguments = ["-interaction=nonstopmode", "-halt-on-error", "\(name).tex"]
            process.currentDirectoryURL = directory.url.appendingPathComponent("tex")
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            process.standardInput = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            let log = (try? String(contentsOfFile: directory.path("tex/\(name).log"), encoding: .utf8)) ?? ""
            let lines = log.split(separator: "\n").map(String.init)
            let firstError = lines.drop { !$0.hasPrefix("!") }.prefix(3).joined(separator: " ")
            XCTAssertEqual(process.terminationStatus, 0, "pdflatex failed on \(name).tex: \(firstError)")
            XCTAssertTrue(FileManager.default.fileExists(atPath: directory.path("tex/\(name).pdf")), name)
            for line in lines {
                XCTAssertFalse(line.hasPrefix("!"), "\(name).log: \(line)")
                XCTAssertFalse(line.contains("Overfull"), "\(name).log: \(line)")
                XCTAssertFalse(line.contains("undefined"), "\(name).log: \(line)")
                // One pass is enough: no longtable whose widths settle only on a second pass.
                XCTAssertFalse(line.contains("Table widths have changed"), "\(name).log: \(line)")
            }
        }
    }

    // MARK: JUnit

    func testJUnitReport() throws {
        let directory = try TemporaryDirectory()
        // Two groups: the minimum over partitions of k into 2 groups is (k−1, 1); the claimed
        // (2, 2) at k = 4 is beaten by (3, 1), a witness with '<' in it (XML escaping).
        let refutedMinimum = """
        [family.two]
        kind       = "copy-average"
        partitions = "all"
        groups     = "2"
        incoming   = "c(l)"
        outgoing   = "a(l)"

        [[claim]]
        name   = "wrong-argmin"
        kind   = "minimum-over-family"
        family = "two"
        argmin = "(max(1, k-2), min(k-1, 2))"

        [[claim]]
        name   = "wrong-value"
        kind   = "minimum-over-family"
        family = "ca"
        argmin = "(k-n+1, 1^(n-1))"
        value  = "Lstar(k-n)"

        [[claim]]
        name  = "undecidable"
        kind  = "inequality"
        holds = "2/pi*asin(1/2) <= 1/3"
        """
        let path = try directory.write(Self.copyAverageFile(k: "2..4", extraClaims: refutedMinimum), "junit.toml")
        let xml = directory.path("junit.xml"), json = directory.path("junit.json")
        let result = try VerifyBinary.run([path, "--junit", xml, "--json", json, "--max-precision", "256", "--quiet"])
        VerifyBinary.assertClean(result, "junit")
        XCTAssertEqual(result.status, 1, result.stderr)
        let report = try loadJSON(json)
        let instances = claims(report).flatMap { $0["instances"] as? [[String: Any]] ?? [] }
        let refuted = instances.filter { $0["verdict"] as? String == "REFUTED" }.count
        let inconclusive = instances.filter { $0["verdict"] as? String == "INCONCLUSIVE" }.count
        XCTAssertGreaterThan(refuted, 0)
        XCTAssertEqual(inconclusive, 1)
        let data = try Data(contentsOf: URL(fileURLWithPath: xml))
        let text = String(decoding: data, as: UTF8.self)
        #if canImport(FoundationXML) || os(macOS)
        let document = try XMLDocument(data: data, options: [])
        let root = try XCTUnwrap(document.rootElement())
        XCTAssertEqual(root.name, "testsuites")
        let suites = root.elements(forName: "testsuite")
        XCTAssertEqual(suites.count, 1)
        let suite = try XCTUnwrap(suites.first)
        let cases = suite.elements(forName: "testcase")
        XCTAssertEqual(cases.count, instances.count, "one test case per instance")
        XCTAssertEqual(suite.attribute(forName: "tests")?.stringValue, String(instances.count))
        XCTAssertEqual(suite.attribute(forName: "failures")?.stringValue, String(refuted))
        XCTAssertEqual(suite.attribute(forName: "errors")?.stringValue, String(inconclusive))
        let failures = cases.filter { !$0.elements(forName: "failure").isEmpty }
        XCTAssertEqual(failures.count, refuted)
        for failure in failures {
            let classname = failure.attribute(forName: "classname")?.stringValue ?? ""
            XCTAssertTrue(classname.hasSuffix(".wrong-argmin") || classname.hasSuffix(".wrong-value"), classname)
            XCTAssertEqual(failure.elements(forName: "failure").first?.attribute(forName: "message")?.stringValue, "REFUTED")
            XCTAssertFalse(failure.elements(forName: "failure").first?.stringValue?.isEmpty ?? true, "the witness is the body")
        }
        XCTAssertEqual(cases.filter { !$0.elements(forName: "error").isEmpty }.count, inconclusive)
        #else
        // No XML parser: structural checks only.
        XCTAssertTrue(text.hasPrefix("<?xml"))
        XCTAssertEqual(text.components(separatedBy: "<testcase ").count - 1, instances.count)
        XCTAssertEqual(text.components(separatedBy: "<failure ").count - 1, refuted)
        #endif
        XCTAssertTrue(text.contains("(3, 1)") && text.contains("&lt;"), "the (3, 1) witness, with '<' escaped")
    }

    // MARK: eval

    func testEvalCalculator() throws {
        // L*(2) = 0.0232216806253367164990… (mathematics.md F2); exact rationals stay exact.
        var result = try VerifyBinary.run(["eval", "l/3 - 2*l^2/pi*asin(1/(2*l))", "--set", "l=2", "--digits", "30", "--json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let lower = try XCTUnwrap(object["lower"] as? String), upper = try XCTUnwrap(object["upper"] as? String)
        XCTAssertTrue(Reference.bounds(lower: lower, upper: upper, contain: Reference.lStar(2)))
        XCTAssertTrue(lower.hasPrefix("0.023221680625336716499"), lower)
        result = try VerifyBinary.run(["eval", "1/3 + 1/6"])
        XCTAssertEqual(result.status, 0)
        XCTAssertTrue(result.stdout.contains("exact: 1/2"), result.stdout)
        result = try VerifyBinary.run(["eval", "sqrt(-1)"])
        VerifyBinary.assertClean(result, "eval domain error")
        XCTAssertEqual(result.status, 1, "a domain error: \(result.stderr)")
        result = try VerifyBinary.run(["eval", "Lstr(2)"])
        VerifyBinary.assertClean(result, "eval unknown name")
        XCTAssertEqual(result.status, 65, result.stderr)
    }
}
