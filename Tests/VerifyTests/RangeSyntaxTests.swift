import XCTest
import Foundation
import CertifiedIntervals
import ClosedForms
@testable import ClaimDecisions
import Reports
import TheoremFiles

/// Ranges that are not finite lists in theorem files: every accepted form, read into the
/// model (`RangeDomain`), and every hostile form refused with its key path, the position
/// of the offending text and what was expected — through the library and through the
/// `verify` command (exit code 65).
final class RangeSyntaxTests: XCTestCase {
    static let header = "[theorem]\ntitle = \"ranges\"\nsource = \"tests\"\n\n[setting]\nactivation = \"erf\"\n\n"

    /// A file whose one inequality claim ranges over `x` given by `range`.
    static func claim(over range: String, holds: String = "x*x >= 0", extra: String = "") -> String {
        header + extra + "[[claim]]\nname = \"c\"\nkind = \"inequality\"\nfor = { x = \"\(range)\" }\nholds = \"\(holds)\"\n"
    }

    func domain(_ range: String) throws -> RangeDomain {
        let file = try Theorems.parse(Self.claim(over: range))
        return try XCTUnwrap(file.claims.first?.ranges.first).domain
    }

    func testEveryAcceptedFormIsReadIntoTheModel() throws {
        // Finite lists stay what they were.
        guard case .integers(let a, let b) = try domain("2..12") else { return XCTFail("2..12 is a finite list") }
        XCTAssertEqual(a.description, "2"); XCTAssertEqual(b.description, "12")
        for text in ["2..", " 2 .. ", "2..inf", "2..+inf"] {
            guard case .integersFrom(let lower) = try domain(text) else { return XCTFail("\(text): every integer from 2 on") }
            XCTAssertEqual(lower.description, "2", text)
        }
        func reals(_ text: String) throws -> (RangeEnd, RangeEnd) {
            guard case .reals(let lower, let upper) = try domain(text) else {
                XCTFail("\(text) is a real interval"); return (.infinite, .infinite)
            }
            return (lower, upper)
        }
        var (lower, upper) = try reals("[0, pi]")
        guard case .finite(let zero, true) = lower, case .finite(let pi, true) = upper else { return XCTFail("[0, pi] closed") }
        XCTAssertEqual(zero.description, "0"); XCTAssertEqual(pi.description, "pi")
        (lower, upper) = try reals("[1, inf)")
        guard case .finite(_, true) = lower, case .infinite = upper else { return XCTFail("[1, inf)") }
        (lower, upper) = try reals("(0, 1]")
        guard case .finite(_, false) = lower, case .finite(_, true) = upper else { return XCTFail("(0, 1]") }
        (lower, upper) = try reals("(-inf, inf)")
        guard case .infinite = lower, case .infinite = upper else { return XCTFail("(-inf, inf)") }
        (lower, upper) = try reals("(-inf, -1/2)")
        guard case .infinite = lower, case .finite(let half, false) = upper else { return XCTFail("(-inf, -1/2)") }
        XCTAssertEqual(half.description, "-1/2")
        // A parenthesised bound is still a finite integer range.
        guard case .integers = try domain("(1)..(3)") else { return XCTFail("(1)..(3) is a finite list") }
        // A single point is a (degenerate) interval, and accepted.
        XCTAssertNoThrow(try TheoremVerifier(file: Theorems.parse(Self.claim(over: "[1, 1]")),
                                             options: VerificationOptions()).plan())
    }

    func testRangesInParametersAndRestrictionsByClaims() throws {
        let text = Self.header + "[parameters]\nx = \"[1, inf)\"\nk = \"2..\"\n\n"
            + "[[claim]]\nname = \"c\"\nkind = \"inequality\"\nfor = { x = \"[2, inf)\" }\nholds = \"x > 1\"\n"
        let file = try Theorems.parse(text)
        guard case .reals = file.parameters[0].domain, case .integersFrom = file.parameters[1].domain else {
            return XCTFail("parameters keep their domains")
        }
        let plan = try TheoremVerifier(file: file, options: VerificationOptions()).plan()
        XCTAssertEqual(plan.claims[0].quantified.map(\.name), ["x"], "the claim's range replaces the file's")
        XCTAssertEqual(plan.claims[0].instances.count, 1, "one statement, not a list")
        XCTAssertEqual(plan.claims[0].instances[0].quantified[0].provedOver, .atLeast(Rational(2)))
        // Extending a parameter's range is an error.
        let extending = text.replacingOccurrences(of: "for = { x = \"[2, inf)\" }", with: "for = { x = \"[0, inf)\" }")
        let error = try XCTUnwrap(Theorems.fileError(extending))
        XCTAssertEqual(error.keyPath, "claim[1].for.x")
        XCTAssertTrue(error.message.contains("cannot extend it"), error.message)
        // An integer range within a real parameter restricts it; a finite list within `2..` too.
        let finite = text.replacingOccurrences(of: "for = { x = \"[2, inf)\" }", with: "for = { x = \"2..\" }")
        XCTAssertNoThrow(try TheoremVerifier(file: Theorems.parse(finite), options: VerificationOptions()).plan())
        let list = Self.header + "[parameters]\nk = \"2..\"\n\n"
            + "[[claim]]\nname = \"c\"\nkind = \"inequality\"\nfor = { k = \"1..3\" }\nholds = \"k > 0\"\n"
        let listError = try XCTUnwrap(Theorems.fileError(list))
        XCTAssertTrue(listError.message.contains("cannot extend it"), listError.message)
    }

    func testIrrationalEndsAreEnclosedFromOutsideAndInside() throws {
        let plan = try TheoremVerifier(file: Theorems.parse(Self.claim(over: "(0, pi]")), options: VerificationOptions()).plan()
        let range = plan.claims[0].instances[0].quantified[0]
        XCTAssertTrue(range.isEnlarged)
        // π = 3.14159265358979323846264338327950288… (a known expansion): the outer end is
        // above it, the inner end below it, both within 10^-28.
        let piBelow = try XCTUnwrap(Rational(exactly: "3.14159265358979323846264338327"))
        let piAbove = try XCTUnwrap(Rational(exactly: "3.14159265358979323846264338328"))
        guard case .finite(let outer, true) = range.provedOver.upper,
              case .finite(let inner, true) = range.certainlyInside.upper else { return XCTFail("finite closed ends") }
        XCTAssertTrue(outer >= piAbove && outer - piAbove < Rational(1, 1_000_000_000), "\(outer)")
        XCTAssertTrue(inner <= piBelow && piBelow - inner < Rational(1, 1_000_000_000), "\(inner)")
        XCTAssertEqual(range.provedOver.lower, .finite(Rational(0), closed: false), "a rational end is kept exactly")
        XCTAssertEqual(range.phrase, "real x in (0, π]")
    }

    /// (range text or whole file, expected key path, text whose position is expected,
    /// message excerpt).
    static var hostile: [(name: String, text: String, keyPath: String, at: String?, message: String)] {
        let path = "claim[1].for.x"
        func range(_ name: String, _ range: String, at: String?, _ message: String) -> (String, String, String, String?, String) {
            (name, claim(over: range), path, at, message)
        }
        return [
            range("empty closed interval", "[2, 1]", at: "\"[2, 1]\"", "the interval \"[2, 1]\" is empty (its lower end 2 is above its upper end 1)"),
            range("empty open interval", "(1, 1)", at: "\"(1, 1)\"", "the interval \"(1, 1)\" is empty (the ends are both 1 and one is excluded)"),
            range("empty half-open interval", "[1, 1)", at: "\"[1, 1)\"", "is empty"),
            range("reversed integer list", "5..3", at: "\"5..3\"", "the range \"5..3\" is empty (5 > 3)"),
            range("+inf as the lower end", "[inf, 3]", at: "inf, 3", "the lower end cannot be +inf"),
            range("closed at -inf", "[-inf, 3]", at: "-inf, 3", "an infinite end is never included: write (-inf instead of [-inf"),
            range("closed at inf", "[0, inf]", at: "inf]", "an infinite end is never included: write inf) instead of inf]"),
            range("-inf as the upper end", "(0, -inf)", at: "-inf)", "the upper end cannot be -inf"),
            range("missing closing bracket", "[0, 1", at: "\" }", "the interval is not closed: end it with ']' (end included) or ')' (end excluded)"),
            range("missing opening bracket", "0, 1]", at: "0, 1]", "a real interval starts with '[' (end included) or '(' (end excluded)"),
            range("missing comma", "[0 1]", at: "1]", "expected ',' between the two ends of the interval"),
            range("three ends", "[0, 1, 2]", at: ", 2]", "an interval has exactly two ends"),
            range("no lower end", "[, 1]", at: ", 1]", "the interval has no lower end before ','"),
            range("no upper end", "[0, ]", at: "]\"", "the interval has no upper end after ','"),
            range("empty text", "", at: nil, "the range is empty text"),
            range("unbounded below integers", "-inf..3", at: "-inf..3", "an integer range needs a finite lower bound"),
            range("irrational integer bound", "pi..", at: "\"pi..\"", "the lower bound of \"pi..\" must be an exact integer"),
            range("division by zero in an end", "[0, 1/0]", at: "\"[0, 1/0]\"", "the upper end of \"[0, 1/0]\" cannot be evaluated"),
            range("square root of a negative end", "[sqrt(-1), 1]", at: "\"[sqrt(-1), 1]\"", "the lower end of \"[sqrt(-1), 1]\" cannot be evaluated"),
            range("unknown name in an end", "[0, y]", at: "y]", "unknown variable 'y'"),
            range("equal irrational ends", "[pi, pi]", at: "\"[pi, pi]\"", "cannot decide whether the interval \"[pi, pi]\" is empty"),
            // (Copy-average families over an unbounded k are decided by the reduction,
            // CopyAverageForAllKTests; a numerical family is not.)
            ("family claim over an unbounded k",
             header.replacingOccurrences(of: "activation = \"erf\"", with: "activation = \"erf\"\nteacher = \"orthonormal\"")
                + "[parameters]\nk = \"2..\"\n\n[family.ca]\nkind = \"numerical\"\nstart = \"copies\"\nstudents = \"1\"\n"
                + "perturbation = \"1/100\"\nseed = 7\n\n[[claim]]\nname = \"crit\"\nkind = \"critical-point\"\nfamily = \"ca\"\n",
             "parameters.k", "\"2..\"",
             "claim 'crit' is about family 'ca', whose configurations would range over k = \"2..\", which is not a finite list"),
            ("kernel claim over a real interval",
             header + "[[claim]]\nname = \"ker\"\nkind = \"kernel\"\nfor = { q = \"[1, 2]\" }\npoints = [[\"q\", \"1\", \"0\"]]\n",
             "claim[1].for.q", "\"[1, 2]\"", "claim 'ker' (kernel) would range over q = \"[1, 2]\", which is not a finite list"),
            ("inequality over two real variables",
             header + "[[claim]]\nname = \"two\"\nkind = \"inequality\"\nfor = { x = \"[0, 1]\", y = \"[0, 2]\" }\nholds = \"x + y >= 0\"\n",
             "claim[1].for.y", "\"[0, 2]\"", "an inequality is decided over one variable whose range is not a finite list"),
            ("too many range proofs",
             header + "[[claim]]\nname = \"many\"\nkind = \"inequality\"\nfor = { k = \"1..100000\", x = \"[0, 1]\" }\nholds = \"x*k >= 0\"\n",
             "claim[1].name", nil, "claim 'many' needs an estimated 1e11 work units"),
            ("range using a quantified variable",
             header + "[[claim]]\nname = \"dep\"\nkind = \"equality\"\nfor = { x = \"[0, 1]\", y = \"[0, x]\" }\nholds = \"x + y = y + x\"\n",
             "claim[1].for.y", "\"[0, x]\"", "uses 'x', whose range is not a finite list"),
        ]
    }

    func testHostileRangesAreFileErrorsWithKeyPathAndPosition() throws {
        for c in Self.hostile {
            guard let error = Theorems.fileError(c.text, c.name) else { continue }
            XCTAssertEqual(error.keyPath, c.keyPath, "\(c.name): \(error)")
            XCTAssertTrue(error.message.contains(c.message), "\(c.name): '\(c.message)' not in \(error)")
            if let at = c.at {
                let expected = try XCTUnwrap(position(of: at, in: c.text), c.name)
                XCTAssertEqual(error.line, expected.line, "\(c.name): \(error)")
                XCTAssertEqual(error.column, expected.column, "\(c.name): \(error)")
            }
        }
    }

    func testHostileRangesExitWith65ThroughTheCommand() throws {
        let directory = try TemporaryDirectory()
        for (index, c) in Self.hostile.enumerated() {
            let path = try directory.write(c.text, "range\(index).toml")
            let result = try VerifyBinary.run([path], timeout: 30)
            VerifyBinary.assertClean(result, c.name)
            XCTAssertEqual(result.status, 65, "\(c.name): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains(c.keyPath), "\(c.name): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains(c.message), "\(c.name): \(result.stderr)")
        }
    }

    /// 1-based line and column of the first occurrence of `needle` after the claim's
    /// `for`/`parameters` lines begin (the header has none of the needles).
    func position(of needle: String, in text: String) -> (line: Int, column: Int)? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for (index, line) in lines.enumerated() {
            guard line.contains("=") && !line.hasPrefix("title") && !line.hasPrefix("source"),
                  let range = line.range(of: needle) else { continue }
            return (index + 1, line.distance(from: line.startIndex, to: range.lowerBound) + 1)
        }
        return nil
    }
}
