import XCTest
import CertifiedIntervals
import ClosedForms
@testable import TheoremFiles
import CheckerTestSupport

/// Foundation has an `Expression` type too; in this module the name means ours.
typealias Expression = ClosedForms.Expression

enum Files {
    static let header = TheoremFileFixtures.header
    static let goodClaim = TheoremFileFixtures.goodClaim
    /// A copy-average family over k = 2..4 (with n = 1..k-1), with an orthonormal teacher.
    static let copyAverage = TheoremFileFixtures.copyAverage

    static func parse(_ text: String, file: StaticString = #filePath, line: UInt = #line) throws -> TheoremFile {
        try TheoremFileParser.parse(text: text, file: "t.toml")
    }

    /// The `TheoremFileError` parsing `text` throws, or nil (with a test failure).
    static func error(_ text: String, _ name: String = "", file: StaticString = #filePath,
                      line: UInt = #line) -> TheoremFileError? {
        do {
            _ = try TheoremFileParser.parse(text: text, file: "bad.toml")
            XCTFail("the file was accepted \(name)", file: file, line: line)
        } catch let error as TheoremFileError {
            return error
        } catch {
            XCTFail("expected a TheoremFileError, got \(error) \(name)", file: file, line: line)
        }
        return nil
    }

    /// 1-based line and column of the first occurrence of `needle` (on or after the
    /// line containing `after`).
    static func position(of needle: String, in text: String, after: String? = nil) -> (line: Int, column: Int)? {
        var started = after == nil
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if !started, let after, line.contains(after) { started = true }
            guard started, let range = line.range(of: needle) else { continue }
            return (index + 1, line.distance(from: line.startIndex, to: range.lowerBound) + 1)
        }
        return nil
    }
}

func expr(_ text: String) -> Expression { try! ExpressionParser.parse(text) }
