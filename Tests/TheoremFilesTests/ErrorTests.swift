import XCTest
import CertifiedIntervals
import ClosedForms
@testable import TheoremFiles

/// `TheoremFileError`s of parsing: key path, line, column (inside an expression: of the
/// offending token of the whole string) and message.
final class ErrorTests: XCTestCase {
    struct Case {
        var name: String
        var text: String
        var keyPath: String?
        /// Text whose position is the expected line:column (nil: no column checked).
        var at: String?
        var after: String? = nil
        /// Added to the column of `at` (a column just past it: the end of a string).
        var offset = 0
        var message: String
    }

    static func claim(_ kind: String, _ lines: String) -> String {
        "[[claim]]\nname = \"x\"\nkind = \"\(kind)\"\n" + lines + "\n"
    }

    static var cases: [Case] {
        let h = Files.header, ca = Files.copyAverage
        let orthonormal = h.replacingOccurrences(of: "[setting]", with: "[setting]\nteacher = \"orthonormal\"")
        return [
            // Ranges, by the grammar.
            Case(name: "range without dots", text: h + "[parameters]\nk = \"3\"\n\n" + Files.goodClaim,
                 keyPath: "parameters.k", at: "3\"", offset: 1,
                 message: "expected '..' and an upper bound (a range such as 2..12, 1..k-1 or 2..) or a real interval such as "
                    + "[0, 1] but found end of expression in \"3\""),
            Case(name: "range without a lower bound", text: h + "[parameters]\nk = \"..3\"\n\n" + Files.goodClaim,
                 keyPath: "parameters.k", at: "..3", message: "the range has no lower bound in \"..3\""),
            Case(name: "interval without its closing bracket", text: h + "[parameters]\nk = \"[2, 3\"\n\n" + Files.goodClaim,
                 keyPath: "parameters.k", at: "3\"", offset: 1,
                 message: "the interval is not closed: end it with ']' (end included) or ')' (end excluded)"),
            Case(name: "unknown name in an upper bound", text: h + "[parameters]\nk = \"2..3\"\nn = \"1..kk\"\n\n" + Files.goodClaim,
                 keyPath: "parameters.n", at: "kk", message: "unknown variable 'kk' in \"1..kk\""),
            Case(name: "self-referring range", text: h + "[parameters]\nk = \"1..k\"\n\n" + Files.goodClaim,
                 keyPath: "parameters.k", at: "\"1..k\"", message: "refers to 'k' itself"),
            Case(name: "cycle", text: h + "[parameters]\nk = \"1..n\"\nn = \"1..k\"\n\n" + Files.goodClaim,
                 keyPath: "parameters", at: nil, message: "the ranges of k, n depend on each other in a cycle"),
            // Reserved names.
            Case(name: "l as a parameter", text: h + "[parameters]\nl = \"1..3\"\n\n" + Files.goodClaim,
                 keyPath: "parameters.l", at: "\"1..3\"",
                 message: "'l' cannot be a parameter name: it is reserved for the size of a group"),
            Case(name: "loss as a parameter", text: h + "[parameters]\nloss = \"1..3\"\n\n" + Files.goodClaim,
                 keyPath: "parameters.loss", at: "\"1..3\"", message: "'loss' cannot be a parameter name"),
            Case(name: "pi as a parameter", text: h + "[parameters]\npi = \"1..3\"\n\n" + Files.goodClaim,
                 keyPath: "parameters.pi", at: "\"1..3\"", message: "'pi' cannot be a parameter name: it is a reserved word"),
            Case(name: "groups as a for variable", text: h + claim("inequality", "for = { groups = \"1..2\" }\nholds = \"1 < 2\""),
                 keyPath: "claim[1].for.groups", at: "\"1..2\"", message: "'groups' cannot be a claim variable name"),
            // Comparisons, by the grammar.
            Case(name: "equality with <", text: h + claim("equality", "holds = \"1 + 1 < 3\""),
                 keyPath: "claim[1].holds", at: "< 3", message: "an equality claim needs '='"),
            Case(name: "inequality with =", text: h + claim("inequality", "holds = \"1 = 1\""),
                 keyPath: "claim[1].holds", at: "= 1\"", message: "an inequality claim needs <, <=, > or >="),
            Case(name: "two relations", text: h + claim("inequality", "holds = \"1 < 2 < 3\""),
                 keyPath: "claim[1].holds", at: "< 3", message: "more than one comparison; write a single A < B"),
            Case(name: "no relation", text: h + claim("inequality", "holds = \"1 + 2\""),
                 keyPath: "claim[1].holds", at: "2\"", offset: 1, message: "expected a comparison"),
            Case(name: "unknown name on the right", text: h + "[definitions]\n\"Lstar(l)\" = \"l/3\"\n\n"
                    + claim("inequality", "holds = \"Lstar(2) < 1 + Lstr(2)\""),
                 keyPath: "claim[1].holds", at: "Lstr(2)\"", message: "'Lstr'; did you mean 'Lstar'?"),
            // Partitions, by the grammar.
            Case(name: "partition with an empty block", text: orthonormal + ca.replacingOccurrences(
                    of: "outgoing = \"l\"", with: "outgoing = \"l\"\npartitions = \"[3, , 1]\"") + Files.goodClaim,
                 keyPath: "family.ca.partitions", at: ", 1]", message: "empty block size in the partition"),
            Case(name: "partition neither all nor a list", text: orthonormal + ca.replacingOccurrences(
                    of: "outgoing = \"l\"", with: "outgoing = \"l\"\npartitions = \"every\"") + Files.goodClaim,
                 keyPath: "family.ca.partitions", at: "every", message: "expected a partition"),
            Case(name: "unknown name in a block count", text: orthonormal + ca.replacingOccurrences(
                    of: "outgoing = \"l\"", with: "outgoing = \"l\"\npartitions = \"(k-n+1, 1^(m-1))\"") + Files.goodClaim,
                 keyPath: "family.ca.partitions", at: "m-1", message: "unknown variable 'm'"),
            Case(name: "argmin all", text: orthonormal + ca + claim("minimum-over-family", "family = \"ca\"\nargmin = \"all\""),
                 keyPath: "claim[1].argmin", at: "\"all\"", message: "argmin must name one partition"),
            // Vocabulary messages.
            Case(name: "unknown family kind", text: orthonormal + ca.replacingOccurrences(of: "\"copy-average\"",
                    with: "\"copy-averge\"") + Files.goodClaim,
                 keyPath: "family.ca.kind", at: "\"copy-averge\"",
                 message: "unknown family kind 'copy-averge'; expected one of: copy-average, one-neuron-average, "
                    + "explicit, numerical; did you mean 'copy-average'?"),
            Case(name: "unknown claim kind", text: h + claim("lemma", "holds = \"1 = 1\""),
                 keyPath: "claim[1].kind", at: "\"lemma\"", message: "unknown claim kind 'lemma'; expected one of: critical-point"),
            Case(name: "unknown teacher", text: h.replacingOccurrences(of: "[setting]", with: "[setting]\nteacher = \"identity\"")
                    + Files.goodClaim,
                 keyPath: "setting.teacher", at: "\"identity\"", message: "unknown teacher 'identity'; expected one of: orthonormal, explicit"),
            Case(name: "unknown hessian type", text: orthonormal + ca + claim("hessian", "family = \"ca\"\ntype = \"minimum\""),
                 keyPath: "claim[1].type", at: "\"minimum\"", message: "unknown type 'minimum'; expected one of: local-minimum"),
            // Definitions.
            Case(name: "definition named like a function", text: h + "[definitions]\n\"sqrt(x)\" = \"x\"\n\n" + Files.goodClaim,
                 keyPath: "definitions.sqrt(x)", at: "\"x\"", message: "'sqrt' is a reserved word"),
            Case(name: "definition with a repeated parameter", text: h + "[definitions]\n\"f(x, x)\" = \"x\"\n\n" + Files.goodClaim,
                 keyPath: "definitions.f(x, x)", at: "\"x\"", message: "the parameter 'x' is listed twice"),
            Case(name: "recursive definitions", text: h + "[definitions]\n\"f(x)\" = \"g(x) + 1\"\n\"g(x)\" = \"f(x) - 1\"\n\n"
                    + Files.goodClaim,
                 keyPath: "definitions.f(x)", at: "g(x) + 1", message: "recursive"),
            // Precisions and report.
            Case(name: "precision below the user range", text: h + Files.goodClaim + "\n[verify]\nprecision = 8\n",
                 keyPath: "verify.precision", at: "8", message: "expected an integer number of bits between 16 and 1048576"),
            Case(name: "precision above the user range", text: h + Files.goodClaim + "\n[verify]\nmax-precision = 2000000\n",
                 keyPath: "verify.max-precision", at: "2000000", message: "between 16 and 1048576"),
            Case(name: "unknown LaTeX column", text: h + Files.goodClaim + "\n[report.latex]\ncolumns = [\"bogus\"]\n",
                 keyPath: "report.latex.columns", at: "[\"bogus\"]",
                 message: "unknown column 'bogus'; expected a parameter or one of: partition, loss, max |grad|"),
            Case(name: "unknown pivot axis", text: h + Files.goodClaim
                    + "\n[report.latex]\npivot = { rows = \"zz\", columns = \"partition\", cell = \"loss\" }\n",
                 keyPath: "report.latex.pivot.rows", at: "\"zz\"", message: "unknown pivot axis 'zz'; expected one of: partition, claim"),
            Case(name: "unknown pivot cell", text: h + Files.goodClaim
                    + "\n[report.latex]\npivot = { rows = \"claim\", columns = \"partition\", cell = \"los\" }\n",
                 keyPath: "report.latex.pivot.cell", at: "\"los\"", message: "unknown cell quantity 'los'; expected one of: loss"),
            Case(name: "pivot with columns", text: h + Files.goodClaim
                    + "\n[report.latex]\ncolumns = [\"loss\"]\npivot = { rows = \"claim\", columns = \"partition\", cell = \"loss\" }\n",
                 keyPath: "report.latex.pivot", at: "{", message: "either 'columns' (one row per instance) or 'pivot', not both"),
            Case(name: "tables and top-level claims", text: h + Files.goodClaim
                    + "\n[report.latex]\nclaims = [\"one\"]\n\n[[report.latex.table]]\nclaims = [\"one\"]\n",
                 keyPath: "report.latex.claims", at: "[\"one\"]", message: "with [[report.latex.table]], write 'claims' inside each table"),
            Case(name: "unknown key in a table", text: h + Files.goodClaim
                    + "\n[[report.latex.table]]\nclaims = [\"one\"]\ncolour = \"red\"\n",
                 keyPath: "report.latex.table[1].colour", at: "\"red\"", message: "unknown key 'colour'"),
            Case(name: "table without claims", text: h + Files.goodClaim + "\n[[report.latex.table]]\ncaption = \"c\"\n",
                 keyPath: "report.latex.table[1]", at: nil, message: "missing key 'claims'"),
            Case(name: "unknown claim in a table", text: h + Files.goodClaim + "\n[[report.latex.table]]\nclaims = [\"onr\"]\n",
                 keyPath: "report.latex.table[1].claims", at: "[\"onr\"]", message: "no claim named 'onr'; did you mean 'one'?"),
            Case(name: "label used twice", text: h + Files.goodClaim
                    + "\n[[report.latex.table]]\nclaims = [\"one\"]\nlabel = \"tab:a\"\n\n[[report.latex.table]]\nclaims = [\"one\"]\nlabel = \"tab:a\"\n",
                 keyPath: "report.latex.table[2].label", at: nil, message: "the label 'tab:a' is used by two tables"),
            Case(name: "label with a space", text: h + Files.goodClaim + "\n[report.latex]\nlabel = \"tab a\"\n",
                 keyPath: "report.latex.label", at: "\"tab a\"", message: "a \\label key"),
            Case(name: "LaTeX digits", text: h + Files.goodClaim + "\n[report.latex]\ndigits = 500\n",
                 keyPath: "report.latex.digits", at: "500", message: "expected an integer between 1 and 200"),
        ]
    }

    func testErrorsCarryKeyPathLineColumnAndMessage() throws {
        for c in Self.cases {
            guard let error = Files.error(c.text, c.name) else { continue }
            XCTAssertEqual(error.file, "bad.toml", c.name)
            XCTAssertEqual(error.keyPath, c.keyPath, "\(c.name): \(error)")
            XCTAssertTrue(error.message.contains(c.message), "\(c.name): '\(c.message)' not in \(error)")
            if let at = c.at {
                var expected = try XCTUnwrap(Files.position(of: at, in: c.text, after: c.after), c.name)
                expected.column += c.offset
                XCTAssertEqual(error.line, expected.line, "\(c.name): \(error)")
                XCTAssertEqual(error.column, expected.column, "\(c.name): \(error)")
                XCTAssertTrue(error.description.hasPrefix("bad.toml:\(expected.line):\(expected.column): \(c.keyPath ?? "")"),
                              "\(c.name): \(error)")
            }
        }
    }

    func testExpressionColumnIsNamedWhenTheStringCannotBeLocated() throws {
        // A multi-line string: the line of the key, and the column inside the expression in the message.
        let text = Files.header + "[[claim]]\nname = \"x\"\nkind = \"inequality\"\nholds = \"\"\"1 < qq\"\"\"\n"
        let error = try XCTUnwrap(Files.error(text))
        XCTAssertEqual(error.keyPath, "claim[1].holds")
        XCTAssertTrue(error.message.hasSuffix("(column 5 of the expression)"), "\(error)")
    }

    // MARK: Moved from VerifyTests.HostileInputTests (parsing only)

    func testFloatPerturbationNamesThePerturbation() throws {
        let text = Files.header.replacingOccurrences(of: "[setting]", with: "[setting]\nteacher = \"orthonormal\"")
            + "[parameters]\nk = \"2..2\"\n\n[family.num]\nkind = \"numerical\"\nstudents = \"1\"\nperturbation = 0.01\n\n"
            + Files.goodClaim
        let error = try XCTUnwrap(Files.error(text))
        XCTAssertEqual(error.keyPath, "family.num.perturbation")
        XCTAssertTrue(error.message.contains("perturbation = \"0.01\""), "\(error)")
        XCTAssertFalse(error.message.contains("tolerance"), "\(error)")
    }

    func testUnknownKeysComeFirstWithDidYouMean() throws {
        let loss = Files.header.replacingOccurrences(of: "[setting]", with: "[setting]\nteacher = \"orthonormal\"")
            + Files.copyAverage + "[[claim]]\nname   = \"x\"\nkind   = \"loss\"\nfamily = \"ca\"\nequal  = \"1\"\n"
        let cases: [(text: String, keyPath: String, at: String, suggestion: String)] = [
            (loss, "claim[1].equal", "\"1\"", "did you mean 'equals'?"),
            (loss.replacingOccurrences(of: "kind   = \"loss\"", with: "knd    = \"loss\""), "claim[1].knd", "\"loss\"",
             "did you mean 'kind'?"),
            (loss.replacingOccurrences(of: "incoming =", with: "incomming ="), "family.ca.incomming", "\"1/sqrt",
             "did you mean 'incoming'?"),
            (Files.header.replacingOccurrences(of: "activation =", with: "activaton =") + Files.goodClaim,
             "setting.activaton", "\"erf\"", "did you mean 'activation'?"),
            (Files.header + Files.goodClaim + "\n[verify]\nprecison = 256\n", "verify.precison", "256",
             "did you mean 'precision'?"),
        ]
        for c in cases {
            let error = try XCTUnwrap(Files.error(c.text), c.keyPath)
            XCTAssertEqual(error.keyPath, c.keyPath, "\(error)")
            XCTAssertTrue(error.message.contains("unknown key"), "\(error)")
            XCTAssertTrue(error.message.contains(c.suggestion), "\(error)")
            let key = c.keyPath.split(separator: ".").last!.description
            let expected = try XCTUnwrap(Files.position(of: c.at, in: c.text, after: key + " "))
            XCTAssertEqual(error.line, expected.line, "\(error)")
            XCTAssertEqual(error.column, expected.column, "\(error)")
        }
    }

    func testMissingKeyCarriesTheTablesLine() throws {
        let text = Files.header + Files.goodClaim + "\n[[claim]]\nname = \"second\"\nkind = \"inequality\"\n"
        let error = try XCTUnwrap(Files.error(text))
        let header = try XCTUnwrap(text.split(separator: "\n", omittingEmptySubsequences: false).lastIndex { $0 == "[[claim]]" }) + 1
        XCTAssertEqual(error.description, "bad.toml:\(header):1: claim[2]: missing key 'holds'")
    }

    func testUnknownNamesInExpressionsGetASuggestion() throws {
        let defined = Files.header + "[definitions]\n\"Lstar(l)\" = \"l/3\"\n\"half\" = \"1/2\"\n\n"
        let cases: [(String, String)] = [
            ("holds = \"Lstr(2) < 1\"", "unknown function or definition 'Lstr'; did you mean 'Lstar'?"),
            ("holds = \"sqr(2) < 2\"", "unknown function or definition 'sqr'; did you mean 'sqrt'?"),
            ("holds = \"halff < 1\"", "unknown variable 'halff'; did you mean 'half'?"),
        ]
        for (holds, message) in cases {
            let error = try XCTUnwrap(Files.error(defined + "[[claim]]\nname = \"x\"\nkind = \"inequality\"\n" + holds + "\n"))
            XCTAssertTrue(error.message.contains(message), "\(error)")
        }
    }

    /// Windows line endings: "\r\n" is a single Character in Swift, so a file written
    /// with CRLF once lost every line and column. The same error must be located the
    /// same way with either line ending.
    func testCRLFLineEndingsKeepLocations() throws {
        let text = Files.header.replacingOccurrences(of: "\"erf\"", with: "\"tanh\"") + Files.goodClaim
        let unix = try XCTUnwrap(Files.error(text))
        let windows = try XCTUnwrap(Files.error(text.replacingOccurrences(of: "\n", with: "\r\n")))
        XCTAssertNotNil(unix.line)
        XCTAssertEqual(windows.line, unix.line)
        XCTAssertEqual(windows.column, unix.column)
        XCTAssertEqual(windows.keyPath, "setting.activation")
    }
}
