import XCTest
import CertifiedIntervals
import Reports
import TheoremFiles
import CheckerTestSupport
@testable import ClaimDecisions

// Running inline theorem files to typed decisions (not to reports), so that tests
// assert on verdicts, enclosures, witnesses and retry policies as values.

enum Decide {
    static func parse(_ text: String) throws -> TheoremFile {
        try TheoremFileParser.parse(text: text, file: "inline.toml")
    }

    /// The typed decisions of every claim of `text`.
    static func claims(_ text: String, start: Int = 128, maximum: Int = 512) throws -> [TheoremVerifier.ClaimDecision] {
        let verifier = TheoremVerifier(file: try parse(text),
                                       options: VerificationOptions(startPrecision: start, maximumPrecision: maximum))
        return verifier.decide(try verifier.plan()).0
    }

    /// The claim named `name` among `claims`.
    static func claim(_ name: String, in claims: [TheoremVerifier.ClaimDecision], file: StaticString = #filePath,
                      line: UInt = #line) throws -> TheoremVerifier.ClaimDecision {
        try XCTUnwrap(claims.first { $0.planned.claim.name == name }, "no claim \(name)", file: file, line: line)
    }

    /// A complete file: header, erf setting with an orthonormal teacher (unless given), body.
    static func file(_ body: String, setting: String = "[setting]\nactivation = \"erf\"\nteacher = \"orthonormal\"\n") -> String {
        "[theorem]\ntitle = \"decision test\"\nsource = \"ClaimDecisionsTests\"\n\n" + setting + "\n" + body
    }

    /// A copy-average family `ca` over `k` and `n`, with the document's definitions.
    static func copyAverageFile(k: String, n: String = "1..k", partitions: String = "all", incoming: String = "c(l)",
                                outgoing: String = "a(l)", claims: String) -> String {
        file("""
        [parameters]
        k = "\(k)"
        n = "\(n)"

        \(CopyAverage.theoremDefinitions)
        [family.ca]
        kind       = "copy-average"
        partitions = "\(partitions)"
        \(partitions == "all" ? "groups     = \"n\"" : "")
        incoming   = "\(incoming)"
        outgoing   = "\(outgoing)"

        \(claims)
        """)
    }

    /// An exact decimal as a point interval at `precision`.
    static func interval(_ text: String, precision: Int = 256) -> Interval {
        Interval(Rational(exactly: text)!, precision: precision)
    }
}
