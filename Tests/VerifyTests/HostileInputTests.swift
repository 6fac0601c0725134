import XCTest
import Foundation
import ClaimDecisions
import Reports
import TheoremFiles
import CheckerTestSupport

/// Hostile and subtly wrong theorem files (issues 8 and 9): inputs built at test time
/// (deep keys, NUL bytes, oversized files and expressions) must end quickly with exit
/// 65 and a located message, in bounded memory; keys that used to be accepted and then
/// ignored must be honoured or refused by name; messages must say what is wrong.
final class HostileInputTests: XCTestCase {
    static let header = TheoremFileFixtures.header
    static let goodClaim = TheoremFileFixtures.goodClaim
    /// A copy-average family over k = 2..4 (with n = 1..k-1).
    static let copyAverage = TheoremFileFixtures.copyAverage

    /// The longest a hostile input may take to be refused, in seconds (debug build,
    /// shared machine).
    static let timeLimit = 30.0

    /// 1-based line and column of the first occurrence of `needle` in `text`.
    func position(of needle: String, in text: String) -> (line: Int, column: Int)? {
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if let range = line.range(of: needle) {
                return (index + 1, line.distance(from: line.startIndex, to: range.lowerBound) + 1)
            }
        }
        return nil
    }

    /// Runs `verify` on `text` written to a temporary file; asserts a clean exit 65 in
    /// time with `expected` in the message and returns standard error.
    @discardableResult
    func assertInvalid(_ text: String, _ expected: [String], arguments: [String] = [], name: String = "case",
                       file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let directory = try TemporaryDirectory()
        let path = try directory.write(text, "\(name).toml")
        let result = try VerifyBinary.run([path, "--max-precision", "256"] + arguments, timeout: 60)
        VerifyBinary.assertClean(result, name, file: file, line: line)
        XCTAssertEqual(result.status, 65, "\(name): \(result.stderr)", file: file, line: line)
        XCTAssertLessThan(result.seconds, Self.timeLimit, name, file: file, line: line)
        for piece in expected {
            XCTAssertTrue(result.stderr.contains(piece), "\(name): '\(piece)' not in \(result.stderr.prefix(600))",
                          file: file, line: line)
        }
        return result.stderr
    }

    // MARK: Issue 9: depth, NUL, sizes

    func testThirtyThousandComponentKeysAreRefusedNotACrash() throws {
        let components = Array(repeating: "a", count: 30_000).joined(separator: ".")
        let cases = [
            ("dotted key", Self.header + Self.goodClaim + "\nx." + components + " = 1\n", "x."),
            ("table header", Self.header + Self.goodClaim + "\n[" + components + "]\n", "[a.a"),
            ("array-of-tables header", Self.header + Self.goodClaim + "\n[[" + components + "]]\n", "[[a.a"),
            ("dotted key in an inline table", Self.header + Self.goodClaim + "\nfor = { " + components + " = \"1..2\" }\n",
             "a.a.a"),
            ("keys nested across inline tables",
             Self.header + "x = " + String(repeating: "{ a.a.a.a.a.a.a.a.a.a = ", count: 20) + "1"
                + String(repeating: " }", count: 20) + "\n" + Self.goodClaim, "a.a.a"),
        ]
        for (name, text, at) in cases {
            let expected = try XCTUnwrap(position(of: at, in: text), name)
            let stderr = try assertInvalid(text, ["nested more than \(64) levels deep"], name: name.replacingOccurrences(of: " ", with: "-"))
            // The location is the key's (for the nested case: the first key past the limit, on that line).
            XCTAssertTrue(stderr.contains(":\(expected.line):"), "\(name): \(stderr)")
            if name != "keys nested across inline tables" {
                XCTAssertTrue(stderr.contains(":\(expected.line):\(expected.column): "), "\(name): \(stderr)")
            }
        }
    }

    func testDeepKeysInsideStringsAndModestKeysAreNotDepthErrors() throws {
        let components = Array(repeating: "a", count: 30_000).joined(separator: ".")
        // In a multi-line string, a literal string and a comment, dots are text.
        let text = Self.header.replacingOccurrences(of: "source = \"tests\"", with: "source = \"tests\"\nstatement = \"\"\"\n"
                                                     + components + "\n\"\"\"")
            + "# " + components + "\n" + Self.goodClaim + "statement = '" + components + "'\n"
        let report = try Theorems.run(text)
        XCTAssertEqual(report.verdict, .proved, report.text)
        // Ten components are fine for the depth check: the key is then unknown, with its line.
        let modest = Self.header + Self.goodClaim + "x.a.a.a.a.a.a.a.a.a = 1\n"
        let error = try XCTUnwrap(Theorems.fileError(modest))
        XCTAssertTrue(error.description.contains("unknown key 'x'"), "\(error)")
    }

    func testNULByteIsReportedWhereItIs() throws {
        let text = Self.header + "[[claim]]\nname  = \"o\u{0}ne\"\nkind  = \"equality\"\nholds = \"1 = 1\"\n"
        let expected = try XCTUnwrap(position(of: "\u{0}", in: text))
        let error = try XCTUnwrap(Theorems.fileError(text, file: "nul.toml"))
        XCTAssertEqual(error.description,
                       "nul.toml:\(expected.line):\(expected.column): NUL byte (\\0) at line \(expected.line) "
                       + "column \(expected.column); theorem files are text")
        // At the end of a valid file the NUL used to be silently dropped with what follows it.
        try assertInvalid(Self.header + Self.goodClaim + "\u{0}\nx = 1\n", ["NUL byte (\\0) at line 12 column 1"], name: "trailing-nul")
    }

    func testFileLargerThanTheLimitIsRefusedBeforeItIsRead() throws {
        let directory = try TemporaryDirectory()
        // 50 MB: one expression of 25 million terms.
        let path = directory.path("huge.toml")
        let prefix = Self.header + "[[claim]]\nname  = \"x\"\nkind  = \"equality\"\nholds = \""
        var data = Data(prefix.utf8)
        data.append(Data(repeating: UInt8(ascii: "1"), count: 50_000_000))
        data.append(Data(" = 1\"\n".utf8))
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: data))
        let (result, peakMB) = try MeasuredRun.run([path])
        VerifyBinary.assertClean(result, "50 MB file")
        XCTAssertEqual(result.status, 65, result.stderr)
        XCTAssertLessThan(result.seconds, Self.timeLimit)
        XCTAssertTrue(result.stderr.contains("huge.toml: the file (\(data.count) bytes) is larger than the limit of "
                                             + "\(TheoremFileParser.defaultMaximumFileSize) bytes (4 MiB)"), result.stderr)
        XCTAssertTrue(result.stderr.contains("--max-file-size"), result.stderr)
        if let peakMB { XCTAssertLessThan(peakMB, 100, "refusing a large file must not read it") }

        // The library refuses it too, reading at most the limit.
        XCTAssertThrowsError(try TheoremFileParser.load(path: path, maximumSize: 1000)) { error in
            XCTAssertTrue("\(error)".contains("limit of 1000 bytes"), "\(error)")
        }
        // A zero or negative limit is a usage error.
        let usage = try VerifyBinary.run([path, "--max-file-size", "0"])
        VerifyBinary.assertClean(usage, "--max-file-size 0")
        XCTAssertEqual(usage.status, 64, usage.stderr)
    }

    func testRaisedLimitStillRefusesAnOverlongExpressionInBoundedMemory() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("long.toml")
        let prefix = Self.header + "[[claim]]\nname  = \"x\"\nkind  = \"equality\"\nholds = \""
        var data = Data(prefix.utf8)
        data.append(Data(repeating: UInt8(ascii: "1"), count: 12_000_000))
        data.append(Data(" = 1\"\n".utf8))
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: data))
        let (result, peakMB) = try MeasuredRun.run([path, "--max-file-size", "20000000"])
        VerifyBinary.assertClean(result, "12 MB expression")
        XCTAssertEqual(result.status, 65, result.stderr)
        XCTAssertLessThan(result.seconds, 2 * Self.timeLimit)
        XCTAssertTrue(result.stderr.contains("long.toml:11:9: claim[1].holds: the expression is longer than 20000 characters"),
                      result.stderr)
        // About 80 MB here; before the length was checked ahead of conversion (and the locator
        // read whole lines), about 490 MB.
        if let peakMB { XCTAssertLessThan(peakMB, 200, "a 12 MB file must cost a few times its size, not 40 times") }
    }

    func testOverlongExpressionsAreRefusedWhereverTheyAre() throws {
        let long = String(repeating: "1+", count: 10_001) + "1"
        let cases: [(String, String)] = [
            ("claim[1].holds", Self.header + "[[claim]]\nname = \"x\"\nkind = \"inequality\"\nholds = \"" + long + " > 0\"\n"),
            ("definitions.f", Self.header + "[definitions]\n\"f\" = \"" + long + "\"\n\n" + Self.goodClaim),
            ("parameters.k", Self.header + "[parameters]\nk = \"1.." + long + "\"\n\n" + Self.goodClaim),
            ("claim[1].for.m", Self.header + "[[claim]]\nname = \"x\"\nkind = \"inequality\"\nfor = { m = \"1.." + long
                + "\" }\nholds = \"m > 0\"\n"),
        ]
        for (keyPath, text) in cases {
            let error = try XCTUnwrap(Theorems.fileError(text), keyPath)
            XCTAssertEqual(error.keyPath, keyPath, "\(error)")
            XCTAssertTrue(error.message.contains("longer than 20000 characters"), "\(error)")
        }
    }

    // MARK: Keys accepted and then ignored

    func testKernelBetaWithoutActivationIsHonoured() throws {
        let text = Self.header + """
        [[claim]]
        name   = "beta-only"
        kind   = "kernel"
        beta   = "sqrt(3)"
        points = [["1", "1", "1/2"]]
        """
        let theorem = try Theorems.parse(text)
        XCTAssertEqual(theorem.claims[0].activation, .erf)
        // The run uses erf(√3 z), i.e. s = 2β² = 6, not the setting's erf(z/√2).
        let report = try Theorems.run(text, maximum: 128)
        XCTAssertEqual(report.claim("beta-only")?.activation, "erf(s=6)", report.text)
        // With a setting that is not erf, beta alone is an error naming it.
        let relu = text.replacingOccurrences(of: "activation = \"erf\"", with: "activation = \"relu\"")
        let error = try XCTUnwrap(Theorems.fileError(relu))
        XCTAssertEqual(error.keyPath, "claim[1].beta", "\(error)")
        XCTAssertTrue(error.message.contains("erf"), "\(error)")
    }

    func testMorseIndexEntryForAPartitionThatNeverOccursIsAnError() throws {
        let text = Self.header.replacingOccurrences(of: "[setting]", with: "[setting]\nteacher = \"orthonormal\"")
            + Self.copyAverage + """
            [[claim]]
            name   = "index"
            kind   = "hessian"
            family = "ca"
            morse-index = "0"
            morse-index-by-partition = { "2,1" = 1, "3,3" = 2 }
            """
        let error = try XCTUnwrap(Theorems.fileError(text))
        XCTAssertEqual(error.keyPath, "claim[1].morse-index-by-partition", "\(error)")
        XCTAssertTrue(error.message.contains("\"3,3\" = 2 names a partition that never occurs"), "\(error)")
        XCTAssertTrue(error.message.contains("(2,1)"), "the partitions that occur are listed: \(error)")
        XCTAssertNotNil(error.line)
    }

    func testKeysThatWereSilentlyIgnoredAreErrors() throws {
        // Each used to be accepted and ignored (or silently changed).
        let explicitTeacher = """
        [setting]
        activation = "erf"
        teacher = "explicit"
        teacher-input-weights = [["1", "0"], ["0", "1"]]
        teacher-output-weights = ["1", "1"]
        dimension = "3"
        """
        let cases: [(name: String, text: String, keyPath: String, message: String)] = [
            ("dimension with an explicit teacher",
             Theorems.file(Self.goodClaim, setting: explicitTeacher), "setting.dimension", "length of its rows"),
            ("groups with explicit blocks",
             Self.header.replacingOccurrences(of: "[setting]", with: "[setting]\nteacher = \"orthonormal\"")
                + Self.copyAverage.replacingOccurrences(of: "outgoing = \"l\"", with: "outgoing = \"l\"\npartitions = \"[2, 1]\"\ngroups = \"3\"")
                + Self.goodClaim, "family.ca.groups", "already fix"),
            ("groups with a block expression",
             Self.header.replacingOccurrences(of: "[setting]", with: "[setting]\nteacher = \"orthonormal\"")
                + Self.copyAverage.replacingOccurrences(of: "outgoing = \"l\"", with: "outgoing = \"l\"\npartitions = \"(k-1, 1)\"\ngroups = \"n\"")
                + Self.goodClaim, "family.ca.groups", "already fix"),
            ("max-precision below precision",
             Self.header + Self.goodClaim + "\n[verify]\nprecision = 512\nmax-precision = 128\n",
             "verify.max-precision", "below precision (512)"),
        ]
        for c in cases {
            let error = try XCTUnwrap(Theorems.fileError(c.text, file: "bad.toml"), c.name)
            XCTAssertEqual(error.keyPath, c.keyPath, "\(c.name): \(error)")
            XCTAssertTrue(error.message.contains(c.message), "\(c.name): \(error)")
            let line = try XCTUnwrap(c.text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex {
                $0.hasPrefix(c.keyPath.split(separator: ".").last!.description + " ")
            }, c.name) + 1
            XCTAssertEqual(error.line, line, "\(c.name): \(error)")
            try assertInvalid(c.text, [c.keyPath], name: "ignored")
        }
    }

    func testTooManyStudentsInANumericalFamilyIsAnInvalidFile() throws {
        let text = Self.header.replacingOccurrences(of: "[setting]", with: "[setting]\nteacher = \"orthonormal\"") + """
        [parameters]
        k = "2..3"

        [family.num]
        kind         = "numerical"
        students     = "k + 1"
        perturbation = "1/100"

        [[claim]]
        name   = "critical"
        kind   = "critical-point"
        family = "num"
        """
        let expected = try XCTUnwrap(position(of: "\"k + 1\"", in: text))
        try assertInvalid(text, ["case.toml:\(expected.line):\(expected.column): family.num.students: ",
                                 "between 1 and k = 2", "found 3 at k=2"])
    }

    func testLatexColumnsOnTheCommandLineAreChecked() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write(Self.header + "[parameters]\nk = \"2..3\"\n\n" + Self.goodClaim
                                       + "\n[[claim]]\nname = \"k-positive\"\nkind = \"inequality\"\nholds = \"k > 0\"\n", "t.toml")
        let unknown = try VerifyBinary.run([path, "--latex", directory.path("tex"), "--latex-columns", "k,verdict,bogus"])
        VerifyBinary.assertClean(unknown, "unknown column")
        XCTAssertEqual(unknown.status, 64, unknown.stderr)
        XCTAssertTrue(unknown.stderr.contains("--latex-columns: unknown column 'bogus'; expected one of: k, partition, loss"),
                      unknown.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory.path("tex/t.tex")), "nothing is written")
        for option in [["--latex-columns", "k"], ["--latex-claims", "one"], ["--latex-digits", "5"]] {
            let result = try VerifyBinary.run([path] + option)
            VerifyBinary.assertClean(result, option[0])
            XCTAssertEqual(result.status, 64, "\(option[0]) without --latex: \(result.stderr)")
            XCTAssertTrue(result.stderr.contains("needs --latex"), result.stderr)
        }
        let good = try VerifyBinary.run([path, "--latex", directory.path("tex"), "--latex-columns", "k,verdict"])
        XCTAssertEqual(good.status, 0, good.stderr)
        // A file's start precision above the command line's maximum is a usage error, not silently raised.
        let inverted = try directory.write(Self.header + Self.goodClaim + "\n[verify]\nprecision = 512\n", "p.toml")
        let result = try VerifyBinary.run([inverted, "--max-precision", "256"])
        XCTAssertEqual(result.status, 64, result.stderr)
        XCTAssertTrue(result.stderr.contains("--max-precision (256) is below [verify] precision (512)"), result.stderr)
    }

    // MARK: Silent behaviours of `for`

    func testUnusedForVariableIsAnErrorWithASuggestion() throws {
        let text = Self.header + "[parameters]\nk = \"2..4\"\n\n[[claim]]\nname = \"x\"\nkind = \"inequality\"\n"
            + "for = { K = \"3..3\" }\nholds = \"k > 0\"\n"
        let error = try XCTUnwrap(Theorems.fileError(text, file: "bad.toml"))
        XCTAssertEqual(error.keyPath, "claim[1].for.K")
        let expected = try XCTUnwrap(position(of: "\"3..3\"", in: text))
        XCTAssertEqual(error.line, expected.line)
        XCTAssertEqual(error.column, expected.column)
        XCTAssertTrue(error.message.contains("'K' is not used by this claim"), "\(error)")
        XCTAssertTrue(error.message.hasSuffix("did you mean 'k'?"), "\(error)")
        // A variable of the claim's own that its expressions use is fine.
        let used = try Theorems.run(text.replacingOccurrences(of: "holds = \"k > 0\"", with: "holds = \"k + K > 0\""))
        XCTAssertEqual(used.claim("x")?.instances.count, 3)
    }

    func testForRestrictsAFileParameterAndCannotExtendIt() throws {
        let base = Self.header + "[parameters]\nk = \"2..4\"\n\n[[claim]]\nname = \"k-positive\"\nkind = \"inequality\"\n"
        let extended = base + "for = { k = \"3..9\" }\nholds = \"k > 0\"\n"
        let error = try XCTUnwrap(Theorems.fileError(extended, file: "bad.toml"))
        XCTAssertEqual(error.keyPath, "claim[1].for.k")
        XCTAssertTrue(error.message.contains("claim 'k-positive' restricts 'k' to 3..9"), "\(error)")
        XCTAssertTrue(error.message.contains("outside the file's range \"2..4\""), "\(error)")
        try assertInvalid(extended, ["claim[1].for.k", "cannot extend"])
        // Within the file's range, it restricts.
        let restricted = try Theorems.run(base + "for = { k = \"3..4\" }\nholds = \"k > 0\"\n")
        XCTAssertEqual(restricted.claim("k-positive")?.instances.map { $0.parameters.values.map(\.value) }, [[3], [4]])
        // A dependent file range is checked at each instance: n = 1..k-1 in the file, n = k..k in the claim.
        let dependent = Self.header.replacingOccurrences(of: "[setting]", with: "[setting]\nteacher = \"orthonormal\"")
            + Self.copyAverage + "[[claim]]\nname = \"c\"\nkind = \"critical-point\"\nfamily = \"ca\"\nfor = { n = \"k..k\" }\n"
        let dependentError = try XCTUnwrap(Theorems.fileError(dependent))
        XCTAssertTrue(dependentError.message.contains("restricts 'n' to 2..2 at k=2"), "\(dependentError)")
    }

    // MARK: Constants and beta

    func testConstantDefinitionsAreUsableWithoutParentheses() throws {
        let text = Self.header + """
        [definitions]
        "s" = "sqrt(2)"
        "twice(x)" = "2*x*s"

        [[claim]]
        name  = "square"
        kind  = "inequality"
        holds = "s^2 < 2 + 1e-20"

        [[claim]]
        name  = "in-a-body"
        kind  = "inequality"
        holds = "twice(s) > 3.99"

        [[claim]]
        name  = "sum-variable-wins"
        kind  = "equality"
        holds = "sum(s, 1, 3, s) = 6"
        """
        let report = try Theorems.run(text)
        XCTAssertEqual(report.claim("square")?.verdict, .proved, report.text)
        XCTAssertEqual(report.claim("in-a-body")?.verdict, .proved, report.text)
        XCTAssertEqual(report.claim("sum-variable-wins")?.verdict, .proved, report.text)
        // A definition named like a parameter would be ambiguous.
        let clash = Self.header + "[parameters]\nk = \"2..3\"\n\n[definitions]\n\"k\" = \"3\"\n\n" + Self.goodClaim
        let error = try XCTUnwrap(Theorems.fileError(clash))
        XCTAssertEqual(error.keyPath, "definitions.k")
        XCTAssertTrue(error.message.contains("both a parameter and a definition"), "\(error)")
    }

    func testBetaWithARationalSquareIsAccepted() throws {
        let cases: [(String, String)] = [("2", "erf(s=8)"), ("sqrt(3)", "erf(s=6)"), ("1/sqrt(2)", "erf"),
                                         ("-sqrt(5)/2", "erf(s=5/2)"), ("3^(1/2)", "erf(s=6)"), ("b", "erf(s=6)")]
        for (beta, description) in cases {
            let text = Self.header + "[definitions]\n\"b\" = \"sqrt(3)\"\n\n[[claim]]\nname = \"kernel\"\nkind = \"kernel\"\n"
                + "activation = \"erf\"\nbeta = \"\(beta)\"\npoints = [[\"1\", \"1\", \"1/2\"]]\n"
            let report = try Theorems.run(text, maximum: 128)
            XCTAssertEqual(report.claim("kernel")?.activation, description, "beta = \(beta)")
        }
        for beta in ["sqrt(sqrt(2))", "sqrt(2) + 1", "pi", "0", "sqrt(-3)"] {
            let text = Self.header.replacingOccurrences(of: "activation = \"erf\"", with: "activation = \"erf\"\nbeta = \"\(beta)\"")
                + Self.goodClaim
            let error = try XCTUnwrap(Theorems.fileError(text), beta)
            XCTAssertEqual(error.keyPath, "setting.beta", "\(error)")
            XCTAssertTrue(error.message.contains("square is rational"), "\(error)")
        }
    }
}

/// Runs `verify` and measures its peak resident memory: with `/usr/bin/time` when
/// present, else nil (the test then checks only the exit and the time).
enum MeasuredRun {
    static func run(_ arguments: [String], timeout: Double = 120) throws -> (CommandResult, peakMB: Double?) {
        let time = "/usr/bin/time"
        guard FileManager.default.isExecutableFile(atPath: time) else {
            return (try VerifyBinary.run(arguments, timeout: timeout), nil)
        }
        let scratch = try TemporaryDirectory()
        let measurement = scratch.path("peak")
        let result = try VerifyBinary.run(arguments, timeout: timeout, wrapper: [time, "-f", "%M", "-o", measurement])
        let kilobytes = (try? String(contentsOfFile: measurement, encoding: .utf8))?
            .split(separator: "\n").last.flatMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        return (result, kilobytes.map { $0 / 1024 })
    }
}
