import XCTest
import Foundation
import ClaimDecisions
import Reports
import TheoremFiles

/// Malformed and hostile theorem files: a `TheoremFileError` with the location
/// (`file:line:column:` for TOML syntax errors; key path, line and column for semantic
/// ones, the column pointing inside the expression at the offending token), exit code
/// 65 from the command line, usage errors 64, and never a crash or a hang.
final class MalformedFileTests: XCTestCase {

    /// 1-based line and column of the first occurrence of `needle` (after `after`, when
    /// given, on the same or a later line).
    func position(of needle: String, in text: String, after: String? = nil) -> (line: Int, column: Int)? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var started = after == nil
        for (index, line) in lines.enumerated() {
            if !started, let after, line.contains(after) { started = true }
            guard started, let range = line.range(of: needle) else { continue }
            return (index + 1, line.distance(from: line.startIndex, to: range.lowerBound) + 1)
        }
        return nil
    }

    static let header = "[theorem]\ntitle = \"bad\"\nsource = \"tests\"\n\n[setting]\nactivation = \"erf\"\n\n"

    static let goodClaim = """
    [[claim]]
    name  = "one"
    kind  = "equality"
    holds = "1 = 1"
    """

    struct Case {
        var name: String
        var text: String
        var keyPath: String?
        /// Text whose position is the expected line:column (nil: no location expected).
        var at: String?
        var after: String? = nil
        var message: String
    }

    static var cases: [Case] {
        let ca = """
        [family.ca]
        kind       = "copy-average"
        incoming   = "1/sqrt(l*(2*l - 1))"
        outgoing   = "l"

        """
        return [
            Case(name: "integer range", text: header + "[parameters]\nk = 3\n\n" + goodClaim,
                 keyPath: "parameters.k", at: "3", after: "k = 3", message: "range"),
            Case(name: "float tolerance", text: header + goodClaim + "\ntolerance = 1e-30\n",
                 keyPath: "claim[1].tolerance", at: "1e-30", after: "tolerance", message: "exact"),
            Case(name: "claims not an array", text: "claim = \"everything\"\n" + header,
                 keyPath: "claim", at: nil, message: "array"),
            Case(name: "unknown activation", text: header.replacingOccurrences(of: "\"erf\"", with: "\"tanh\"") + goodClaim,
                 keyPath: "setting.activation", at: "\"tanh\"", message: "tanh"),
            Case(name: "unknown claim kind", text: header + "[[claim]]\nname = \"x\"\nkind = \"lemma\"\nholds = \"1 = 1\"\n",
                 keyPath: "claim[1].kind", at: "\"lemma\"", message: "lemma"),
            Case(name: "misspelt key", text: header + goodClaim + "\ntolerence = \"1e-30\"\n",
                 keyPath: "claim[1].tolerence", at: "\"1e-30\"", message: "tolerence"),
            Case(name: "unknown function", text: header + "[[claim]]\nname = \"x\"\nkind = \"inequality\"\nholds = \"Lstr(2) < 0\"\n",
                 keyPath: "claim[1].holds", at: "Lstr", message: "Lstr"),
            Case(name: "unknown function on the right", text: header
                    + "[definitions]\n\"Lstar(l)\" = \"l/3 - 2*l^2/pi*asin(1/(2*l))\"\n\n"
                    + "[[claim]]\nname = \"x\"\nkind = \"inequality\"\nholds = \"Lstar(2) < 1 + Lstr(2)\"\n",
                 keyPath: "claim[1].holds", at: "Lstr(2)\"", message: "Lstr"),
            Case(name: "unknown name in a definition", text: header
                    + "[definitions]\n\"f(l)\" = \"l + sqrt(2) * qq\"\n\n" + goodClaim,
                 keyPath: "definitions.f(l)", at: "qq", message: "qq"),
            Case(name: "unknown variable in an equals", text: header.replacingOccurrences(of: "[setting]", with: "[setting]\nteacher = \"orthonormal\"")
                    + "[parameters]\nk = \"2..3\"\nn = \"1..k-1\"\n\n" + ca
                    + "[[claim]]\nname = \"x\"\nkind = \"loss\"\nfamily = \"ca\"\nequals = \"sum(l for l in groups) + zz\"\n",
                 keyPath: "claim[1].equals", at: "zz", message: "zz"),
            Case(name: "unknown name in a claim's range", text: header
                    + "[[claim]]\nname = \"x\"\nkind = \"inequality\"\nfor = { m = \"1..qq\" }\nholds = \"m > 0\"\n",
                 keyPath: "claim[1].for.m", at: "qq", message: "qq"),
            Case(name: "unknown name in an upper bound", text: header + "[parameters]\nk = \"2..3\"\nn = \"1..kk\"\n\n"
                    + "[[claim]]\nname = \"x\"\nkind = \"inequality\"\nholds = \"n > 0\"\n",
                 keyPath: "parameters.n", at: "kk", message: "kk"),
            Case(name: "non-ASCII character", text: header + "[[claim]]\nname = \"x\"\nkind = \"inequality\"\nholds = \"2² < 5\"\n",
                 keyPath: "claim[1].holds", at: "²", message: "²"),
            Case(name: "negative tolerance", text: header + goodClaim + "\ntolerance = \"-1\"\n",
                 keyPath: "claim[1].tolerance", at: "\"-1\"", message: "-1"),
            Case(name: "tolerance not a number", text: header + goodClaim + "\ntolerance = \"small\"\n",
                 keyPath: "claim[1].tolerance", at: "\"small\"", message: "small"),
            Case(name: "undefined family", text: header + "[[claim]]\nname = \"x\"\nkind = \"critical-point\"\nfamily = \"nope\"\n",
                 keyPath: "claim[1].family", at: "\"nope\"", message: "nope"),
            Case(name: "empty range", text: header + "[parameters]\nk = \"2..3\"\nn = \"5..2\"\n\n"
                    + "[[claim]]\nname = \"x\"\nkind = \"inequality\"\nholds = \"n > 0\"\n",
                 keyPath: "parameters.n", at: "\"5..2\"", message: "empty"),
            Case(name: "more groups than teachers", text: header + "[parameters]\nk = \"2..4\"\nn = \"1..k+1\"\n\n" + ca
                    + "[[claim]]\nname = \"x\"\nkind = \"critical-point\"\nfamily = \"ca\"\n",
                 keyPath: nil, at: nil, message: "n = "),
            Case(name: "partition not summing to k", text: header + "[parameters]\nk = \"5..5\"\n\n"
                    + ca.replacingOccurrences(of: "kind       = \"copy-average\"", with: "kind       = \"copy-average\"\npartitions = \"[3, 1]\"")
                    + "[[claim]]\nname = \"x\"\nkind = \"critical-point\"\nfamily = \"ca\"\n",
                 keyPath: "family.ca.partitions", at: "\"[3, 1]\"", message: "sums to 4"),
            Case(name: "argmin not summing to k", text: header + "[parameters]\nk = \"4..4\"\nn = \"2..2\"\n\n" + ca
                    + "[[claim]]\nname = \"x\"\nkind = \"minimum-over-family\"\nfamily = \"ca\"\nargmin = \"(2, 1)\"\n",
                 keyPath: "claim[1].argmin", at: nil, message: "sums to 3"),
            Case(name: "huge range", text: header + "[parameters]\nk = \"1..100000000000\"\n\n"
                    + "[[claim]]\nname = \"x\"\nkind = \"inequality\"\nholds = \"k > 0\"\n",
                 keyPath: "parameters.k", at: "\"1..100000000000\"", message: "instances"),
            Case(name: "huge product of ranges", text: header + "[parameters]\nk = \"1..3000\"\nn = \"1..3000\"\n\n"
                    + "[[claim]]\nname = \"x\"\nkind = \"inequality\"\nholds = \"k + n > 0\"\n",
                 keyPath: nil, at: nil, message: "instances"),
            Case(name: "astronomical range bound", text: header + "[parameters]\nk = \"1..10^40\"\n\n"
                    + "[[claim]]\nname = \"x\"\nkind = \"inequality\"\nholds = \"k > 0\"\n",
                 keyPath: "parameters.k", at: nil, message: "integer"),
            Case(name: "astronomical number of partitions", text: header.replacingOccurrences(of: "[setting]", with: "[setting]\nteacher = \"orthonormal\"")
                    + "[parameters]\nk = \"200..200\"\nn = \"50..50\"\n\n" + ca
                    + "[[claim]]\nname = \"x\"\nkind = \"critical-point\"\nfamily = \"ca\"\n",
                 keyPath: nil, at: nil, message: "partitions"),
            Case(name: "division by zero in a range bound", text: header + "[parameters]\nk = \"1/0..3\"\n\n"
                    + "[[claim]]\nname = \"x\"\nkind = \"inequality\"\nholds = \"k > 0\"\n",
                 keyPath: "parameters.k", at: "\"1/0..3\"", message: "1/0"),
            Case(name: "non-integer range bound", text: header + "[parameters]\nk = \"1..7/2\"\n\n"
                    + "[[claim]]\nname = \"x\"\nkind = \"inequality\"\nholds = \"k > 0\"\n",
                 keyPath: "parameters.k", at: nil, message: "integer"),
            Case(name: "nested 10000 deep", text: header + "[[claim]]\nname = \"x\"\nkind = \"equality\"\nholds = \""
                    + String(repeating: "(", count: 10000) + "1" + String(repeating: ")", count: 10000) + " = 1\"\n",
                 keyPath: "claim[1].holds", at: nil, message: ""),
            Case(name: "nested 300 deep", text: header + "[[claim]]\nname = \"x\"\nkind = \"equality\"\nholds = \""
                    + String(repeating: "(", count: 300) + "1" + String(repeating: ")", count: 300) + " = 1\"\n",
                 keyPath: "claim[1].holds", at: nil, message: ""),
            Case(name: "nested TOML arrays", text: header + "[[claim]]\nname = \"x\"\nkind = \"kernel\"\npoints = "
                    + String(repeating: "[", count: 10000) + String(repeating: "]", count: 10000) + "\n",
                 keyPath: nil, at: nil, message: "TOML syntax error"),
            Case(name: "recursive definitions", text: header + "[definitions]\n\"f(x)\" = \"g(x) + 1\"\n\"g(x)\" = \"f(x) - 1\"\n\n" + goodClaim,
                 keyPath: nil, at: nil, message: ""),
            Case(name: "duplicate claim names", text: header + goodClaim + "\n\n" + goodClaim + "\n",
                 keyPath: "claim[2].name", at: nil, message: "already"),
            Case(name: "no claims", text: header, keyPath: nil, at: nil, message: "claim"),
            Case(name: "equality with <", text: header + "[[claim]]\nname = \"x\"\nkind = \"equality\"\nholds = \"1 < 2\"\n",
                 keyPath: "claim[1].holds", at: nil, message: "="),
            Case(name: "empty file", text: "", keyPath: nil, at: nil, message: "theorem"),
        ]
    }

    func testSemanticErrorsCarryKeyPathLineAndColumn() throws {
        for c in Self.cases {
            let start = Date()
            guard let error = Theorems.fileError(c.text, file: "bad.toml", c.name) else { continue }
            XCTAssertLessThan(Date().timeIntervalSince(start), 5, "\(c.name): rejecting the file must be quick")
            XCTAssertEqual(error.file, "bad.toml", c.name)
            if let keyPath = c.keyPath { XCTAssertEqual(error.keyPath, keyPath, "\(c.name): \(error)") }
            XCTAssertTrue(c.message.isEmpty || error.description.contains(c.message),
                          "\(c.name): '\(c.message)' not in \(error)")
            if let at = c.at {
                let expected = try XCTUnwrap(position(of: at, in: c.text, after: c.after), c.name)
                XCTAssertEqual(error.line, expected.line, "\(c.name): \(error)")
                XCTAssertEqual(error.column, expected.column, "\(c.name): \(error)")
                XCTAssertTrue(error.description.hasPrefix("bad.toml:\(expected.line):\(expected.column): "),
                              "\(c.name): \(error)")
            }
        }
    }

    func testTOMLSyntaxErrorHasLineAndColumn() throws {
        let text = Self.header + "[[claim]]\nname = \"x\nkind = \"equality\"\n"
        let error = try XCTUnwrap(Theorems.fileError(text, file: "syntax.toml"))
        XCTAssertEqual(error.line, 9, "\(error)")   // the unterminated string on line 9
        XCTAssertNotNil(error.column)
        XCTAssertTrue(error.description.hasPrefix("syntax.toml:9:\(error.column ?? 0): TOML syntax error"), "\(error)")
        let duplicate = Self.header + "[setting]\nactivation = \"relu\"\n" + Self.goodClaim
        let second = try XCTUnwrap(Theorems.fileError(duplicate, file: "dup.toml"))
        XCTAssertTrue(second.description.contains("TOML syntax error"), "\(second)")
        XCTAssertEqual(second.line, 8, "\(second)")   // the second [setting] header
    }

    func testDivisionByZeroInsideAClaimIsInconclusiveWithTheReason() throws {
        // Documented: a quantity that is not evaluable makes the instance INCONCLUSIVE with the reason.
        let report = try Theorems.run(Self.header + """
        [[claim]]
        name  = "divide"
        kind  = "equality"
        holds = "1/0 = 1"

        [[claim]]
        name  = "root"
        kind  = "inequality"
        holds = "sqrt(-1) < 1"
        """, maximum: 256)
        for name in ["divide", "root"] {
            let instance = try XCTUnwrap(report.claim(name)?.instances.first)
            XCTAssertEqual(instance.verdict, .inconclusive, report.text)
            XCTAssertTrue(instance.detail?.contains("domain error") == true, instance.detail ?? "no reason")
        }
    }

    func testDivisionByZeroInALossClaimExitsWith2() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write(Self.header.replacingOccurrences(of: "[setting]", with: "[setting]\nteacher = \"orthonormal\"") + """
        [parameters]
        k = "2..3"
        n = "1..k-1"

        [family.ca]
        kind     = "copy-average"
        incoming = "1/sqrt(l*(2*l - 1))"
        outgoing = "l"

        [[claim]]
        name   = "loss"
        kind   = "loss"
        family = "ca"
        equals = "sum(l/3 - 2*l^2/pi*asin(1/(2*l)) for l in groups) + 1/(k-k)"
        """, "divide.toml")
        let json = directory.path("divide.json")
        let result = try VerifyBinary.run([path, "--max-precision", "256", "--json", json])
        VerifyBinary.assertClean(result, "1/0 in equals")
        XCTAssertEqual(result.status, 2, result.stdout + result.stderr)
        let data = try Data(contentsOf: URL(fileURLWithPath: json))
        let report = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let instances = ((report["claims"] as? [[String: Any]])?.first?["instances"] as? [[String: Any]]) ?? []
        XCTAssertEqual(instances.count, 3)
        for instance in instances {
            XCTAssertEqual(instance["verdict"] as? String, "INCONCLUSIVE")
            XCTAssertTrue((instance["detail"] as? String)?.contains("domain error") == true, "\(instance)")
        }
    }

    // MARK: The command line

    func testInvalidFilesExitWith65AndNeverCrash() throws {
        let directory = try TemporaryDirectory()
        for (index, c) in Self.cases.enumerated() {
            let path = try directory.write(c.text, "case\(index).toml")
            let result = try VerifyBinary.run([path, "--max-precision", "256"], timeout: 30)
            VerifyBinary.assertClean(result, c.name)
            XCTAssertEqual(result.status, 65, "\(c.name): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains("case\(index).toml"), "\(c.name): the error names the file: \(result.stderr)")
            if let at = c.at, let expected = position(of: at, in: c.text, after: c.after) {
                XCTAssertTrue(result.stderr.contains("case\(index).toml:\(expected.line):\(expected.column): "),
                              "\(c.name): \(result.stderr)")
            }
        }
    }

    func testUnreadableAndNonUTF8Files() throws {
        let directory = try TemporaryDirectory()
        let bytes: [UInt8] = Array("[theorem]\ntitle = \"t".utf8) + [0xFF, 0xFE, 0xC3] + Array("\"\nsource = \"s\"\n".utf8)
        let nonUTF8 = directory.path("latin.toml")
        _ = FileManager.default.createFile(atPath: nonUTF8, contents: Data(bytes))
        XCTAssertThrowsError(try TheoremFileParser.load(path: nonUTF8)) { error in
            XCTAssertTrue(error is TheoremFileError, "\(error)")
            XCTAssertTrue("\(error)".contains("UTF-8"), "\(error)")
        }
        var result = try VerifyBinary.run([nonUTF8])
        VerifyBinary.assertClean(result, "non-UTF-8")
        XCTAssertEqual(result.status, 65, result.stderr)
        XCTAssertTrue(result.stderr.contains("UTF-8"), result.stderr)

        let empty = try directory.write("", "empty.toml")
        result = try VerifyBinary.run([empty])
        VerifyBinary.assertClean(result, "empty file")
        XCTAssertEqual(result.status, 65, result.stderr)

        let binary = directory.path("binary.toml")
        _ = FileManager.default.createFile(atPath: binary, contents: Data((0..<4096).map { UInt8(($0 * 7919) % 256) }))
        result = try VerifyBinary.run([binary])
        VerifyBinary.assertClean(result, "binary garbage")
        XCTAssertEqual(result.status, 65, result.stderr)

        // A directory where a file is expected.
        result = try VerifyBinary.run([directory.url.path])
        VerifyBinary.assertClean(result, "a directory")
        XCTAssertTrue([64, 65].contains(result.status), "a directory: \(result.status) \(result.stderr)")
    }

    func testUsageErrorsExitWith64() throws {
        let directory = try TemporaryDirectory()
        let good = try directory.write(Self.header + Self.goodClaim, "good.toml")
        let cases: [(String, [String])] = [
            ("no arguments", []),
            ("missing file", [directory.path("missing.toml")]),
            ("missing second file", [good, directory.path("missing.toml")]),
            ("max below start precision", [good, "--precision", "512", "--max-precision", "128"]),
            ("precision out of range", [good, "--precision", "3"]),
            ("standalone without --latex", [good, "--latex-standalone"]),
            ("latex digits out of range", [good, "--latex", directory.path("tex"), "--latex-digits", "0"]),
            ("unknown option", [good, "--tolerance", "1e-3"]),
            ("unknown latex claim", [good, "--latex", directory.path("tex2"), "--latex-claims", "nope"]),
            ("eval digits and precision", ["eval", "1/3", "--digits", "10", "--precision", "100"]),
            ("eval bad binding", ["eval", "x", "--set", "x"]),
        ]
        for (name, arguments) in cases {
            let result = try VerifyBinary.run(arguments)
            VerifyBinary.assertClean(result, name)
            XCTAssertEqual(result.status, 64, "\(name): \(result.stderr)")
        }
        // The valid file itself is fine.
        let ok = try VerifyBinary.run([good])
        XCTAssertEqual(ok.status, 0, ok.stdout + ok.stderr)
    }

    func testReportsOfFilesWithTheSameNameDoNotOverwriteEachOther() throws {
        // `--json DIR` writes one NAME.json per theorem file: two files called t.toml in
        // different folders must not silently lose one report (distinct names, or a usage error).
        let directory = try TemporaryDirectory()
        try FileManager.default.createDirectory(at: directory.url.appendingPathComponent("a"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: directory.url.appendingPathComponent("b"), withIntermediateDirectories: true)
        let first = try directory.write(Self.header.replacingOccurrences(of: "\"bad\"", with: "\"first\"") + Self.goodClaim, "a/t.toml")
        let second = try directory.write(Self.header.replacingOccurrences(of: "\"bad\"", with: "\"second\"") + Self.goodClaim, "b/t.toml")
        let out = directory.path("json")
        let result = try VerifyBinary.run([first, second, "--json", out, "--quiet"])
        VerifyBinary.assertClean(result, "same base names")
        if result.status == 64 { return }
        XCTAssertEqual(result.status, 0, result.stderr)
        let titles = ((try? FileManager.default.contentsOfDirectory(atPath: out)) ?? []).compactMap { name -> String? in
            guard let data = FileManager.default.contents(atPath: out + "/" + name),
                  let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return nil }
            return object["title"] as? String
        }
        XCTAssertEqual(Set(titles), ["first", "second"], "both reports are written; found \(titles)")
    }

    func testHostileSizesFailCleanly() throws {
        // Sizes whose dense matrices cannot exist must be refused as invalid files (65),
        // not crash the process or exhaust memory.
        let directory = try TemporaryDirectory()
        let hostile: [(String, String)] = [
            ("a million teacher neurons", Self.header + "teacher = \"orthonormal\"\n[parameters]\nk = \"1000000..1000000\"\n\n"
                + "[family.one]\nkind = \"one-neuron-average\"\nincoming = \"1\"\noutgoing = \"1\"\n\n"
                + "[[claim]]\nname = \"c\"\nkind = \"critical-point\"\nfamily = \"one\"\n"),
            ("copy-average wider than the dimension", Self.header.replacingOccurrences(of: "[setting]\nactivation = \"erf\"\n", with: """
                [setting]
                activation = "erf"
                teacher = "explicit"
                teacher-input-weights = [["1", "0"], ["0", "1"], ["1", "1"]]
                teacher-output-weights = ["1", "1", "1"]

                """) + "[parameters]\nk = \"3..3\"\n\n"
                + "[family.ca]\nkind = \"copy-average\"\npartitions = \"[3]\"\nincoming = \"1\"\noutgoing = \"1\"\n\n"
                + "[[claim]]\nname = \"c\"\nkind = \"critical-point\"\nfamily = \"ca\"\n"),
        ]
        for (index, (name, text)) in hostile.enumerated() {
            let path = try directory.write(text, "hostile\(index).toml")
            let result = try VerifyBinary.run([path, "--max-precision", "256"], timeout: 30, memoryLimitKB: 4_000_000)
            VerifyBinary.assertClean(result, name)
            XCTAssertEqual(result.status, 65, "\(name): exit \(result.status); stderr: \(result.stderr.prefix(300))")
        }
    }
}
