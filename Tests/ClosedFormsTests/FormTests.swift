import XCTest
import CertifiedIntervals
@testable import ClosedForms

/// The forms read by the expression grammar: comparisons, ranges, partitions and
/// signatures, with columns of the whole text.
final class FormTests: XCTestCase {

    func formError<T>(_ text: String, _ parse: (String) throws -> T,
                      file: StaticString = #filePath, line: UInt = #line) -> ExpressionSyntaxError? {
        do {
            let value = try parse(text)
            XCTFail("\(text.debugDescription) parsed as \(value)", file: file, line: line)
        } catch let error as ExpressionSyntaxError {
            return error
        } catch {
            XCTFail("unexpected \(error)", file: file, line: line)
        }
        return nil
    }

    // MARK: Comparisons

    func testComparisonsSplitAtTheirRelation() throws {
        let cases: [(String, Relation, Int)] = [
            ("Lstar(l) < Lstar(l+1)", .less, 10), ("a <= b", .lessOrEqual, 3), ("a>b", .greater, 2),
            ("a >= b", .greaterOrEqual, 3), ("1 = 1", .equal, 3), ("1 == 1", .equal, 3),
            ("(1 + 2)*3 <= 9", .lessOrEqual, 11),
        ]
        for (text, relation, column) in cases {
            let form = try ExpressionParser.parseComparison(text)
            XCTAssertEqual(form.relation, relation, text)
            XCTAssertEqual(form.relationColumn, column, text)
        }
        let form = try ExpressionParser.parseComparison("x + 1 < 2*y")
        XCTAssertEqual(form.left, parse("x + 1"))
        XCTAssertEqual(form.right, parse("2*y"))
        XCTAssertEqual(form.right.column, 10, "columns count from the start of the whole text (the '*')")
        XCTAssertEqual(form.left.column, 3)
    }

    func testComparisonErrorsHaveColumnsOfTheWholeText() {
        let cases: [(String, Int, String)] = [
            ("< 2", 1, "nothing before '<'"),
            ("1 <", 4, "nothing after '<'"),
            ("1 < 2 < 3", 7, "more than one comparison; write a single A < B"),
            ("1 + 2", 6, "expected a comparison such as A < B, A >= B or A = B, but found end of expression"),
            ("1 < 2 +", 8, "expected an operand but found end of expression"),
            ("(1 < 2) = 1", 4, "expected ')' but found '<'"),
            ("1 < 2 x", 7, "expected an operator or end of expression but found 'x' (multiplication needs an explicit '*')"),
            ("1 =< 2", 4, "expected an operand but found '<'"),
            ("1 < sqrt(#)", 10, "unexpected character '#'"),
            ("[1] < 2", 1, "unexpected character '['"),
        ]
        for (text, column, message) in cases {
            guard let error = formError(text, ExpressionParser.parseComparison) else { continue }
            XCTAssertEqual(error.column, column, "\(text): \(error)")
            XCTAssertEqual(error.message, message, text)
        }
    }

    // MARK: Ranges

    func testRanges() throws {
        let form = try ExpressionParser.parseRange("1..k-1")
        XCTAssertEqual(form.lower, parse("1"))
        XCTAssertEqual(form.upper, parse("k-1"))
        XCTAssertEqual(form.dotsColumn, 2)
        XCTAssertEqual(form.upper.column, 5, "the '-' of k-1")
        let decimals = try ExpressionParser.parseRange(" 1.5 .. 2e3 ")
        XCTAssertEqual(decimals.lower, parse("1.5"))
        XCTAssertEqual(decimals.upper, parse("2000"))
        XCTAssertEqual(try ExpressionParser.parseRange("2..12").upper, parse("12"))
        XCTAssertEqual(try ExpressionParser.parseRange("-(2)..max(k, 3)").lower, parse("-2"))
    }

    func testRangeErrors() {
        let cases: [(String, Int, String)] = [
            ("..3", 1, "the range has no lower bound"),
            ("2..", 4, "the range has no upper bound"),
            ("3", 2, "expected '..' and an upper bound (a range such as 2..12 or 1..k-1) but found end of expression"),
            ("1..2..3", 5, "more than one '..' in the range"),
            ("1...3", 4, "unexpected character '.'"),
            ("1.x..3", 3, "expected a digit after the decimal point but found 'x'"),
            ("1..k k", 6, "expected an operator or end of expression but found 'k' (multiplication needs an explicit '*')"),
            ("1 < 2", 3, "unexpected character '<'"),
        ]
        for (text, column, message) in cases {
            guard let error = formError(text, ExpressionParser.parseRange) else { continue }
            XCTAssertEqual(error.column, column, "\(text): \(error)")
            XCTAssertEqual(error.message, message, text)
        }
    }

    // MARK: Partitions

    func testPartitionsListsAndBlockExpressions() throws {
        let list = try ExpressionParser.parsePartition("[3, 1, 1]")
        XCTAssertEqual(list.blocks.map(\.size), [parse("3"), parse("1"), parse("1")])
        XCTAssertTrue(list.blocks.allSatisfy { $0.count == nil })
        XCTAssertEqual(list.column, 1)
        // s^m means m blocks of size s.
        let blocks = try ExpressionParser.parsePartition(" (k-n+1, 1^(n-1))")
        XCTAssertEqual(blocks.column, 2)
        XCTAssertEqual(blocks.blocks.count, 2)
        XCTAssertEqual(blocks.blocks[0].size, parse("k-n+1"))
        XCTAssertNil(blocks.blocks[0].count)
        XCTAssertEqual(blocks.blocks[1].size, parse("1"))
        XCTAssertEqual(blocks.blocks[1].count, parse("n-1"))
        XCTAssertEqual(blocks.blocks[1].size.column, 10)
        // A sum of powers is one block; a negated power too.
        let sum = try ExpressionParser.parsePartition("[2^2 + 1, -2^2]")
        XCTAssertNil(sum.blocks[0].count)
        XCTAssertNil(sum.blocks[1].count)
        XCTAssertEqual(try ExpressionParser.parsePartition("(max(1, k-2), min(k-1, 2))").blocks.count, 2)
        XCTAssertEqual(try ExpressionParser.parsePartition("[4]").blocks.count, 1)
    }

    func testPartitionErrors() {
        let cases: [(String, Int, String)] = [
            ("all", 1, "expected a partition: a list such as [3, 1, 1] or a block expression such as (k-n+1, 1^(n-1)), "
                + "but found 'all'"),
            ("3, 1", 1, "expected a partition: a list such as [3, 1, 1] or a block expression such as (k-n+1, 1^(n-1)), "
                + "but found number 3"),
            ("[]", 2, "empty block size in the partition"),
            ("[3, , 1]", 5, "empty block size in the partition"),
            ("[3, 1,]", 7, "empty block size in the partition"),
            ("(3, 1]", 6, "expected ',' or ')' but found ']'"),
            ("[3, 1", 6, "expected ',' or ']' but found end of expression"),
            ("[3, 1] 2", 8, "expected end of the partition but found number 2"),
            ("[3 1]", 4, "expected ',' or ']' but found number 1 (multiplication needs an explicit '*')"),
            ("[3, [1]]", 5, "expected an operand but found '['"),
            ("[1 < 2]", 4, "unexpected character '<'"),
        ]
        for (text, column, message) in cases {
            guard let error = formError(text, ExpressionParser.parsePartition) else { continue }
            XCTAssertEqual(error.column, column, "\(text): \(error)")
            XCTAssertEqual(error.message, message, text)
        }
    }

    // MARK: Signatures

    func testSignatures() throws {
        XCTAssertEqual(try ExpressionParser.parseSignature("Lstar"), Signature(name: "Lstar", parameters: []))
        XCTAssertEqual(try ExpressionParser.parseSignature(" c(l) "), Signature(name: "c", parameters: ["l"]))
        XCTAssertEqual(try ExpressionParser.parseSignature("f(x, y)"), Signature(name: "f", parameters: ["x", "y"]))
        XCTAssertEqual(try ExpressionParser.parseSignature("K()"), Signature(name: "K", parameters: []))
        let cases: [(String, Int, String)] = [
            ("sqrt(x)", 1, "'sqrt' is a reserved word and cannot be the name of the definition"),
            ("f(x, pi)", 6, "'pi' is a reserved word and cannot be the name of a parameter"),
            ("f(x, x)", 6, "the parameter 'x' is listed twice"),
            ("f(x", 4, "expected ',' or ')' but found end of expression"),
            ("f(1)", 3, "expected the name of a parameter but found number 1"),
            ("f x", 3, "expected '(' or end of the name but found 'x'"),
            ("2f", 1, "expected the name of the definition but found number 2"),
            ("f(x)(y)", 5, "expected '(' or end of the name but found '('"),
        ]
        for (text, column, message) in cases {
            guard let error = formError(text, ExpressionParser.parseSignature) else { continue }
            XCTAssertEqual(error.column, column, "\(text): \(error)")
            XCTAssertEqual(error.message, message, text)
        }
    }

    // MARK: Plain expressions are unchanged

    func testFormTokensAreNotExpressionTokens() {
        for (text, column, message) in [("1 < 2", 3, "unexpected character '<'"),
                                        ("2..3", 3, "expected a digit after the decimal point but found '.'"),
                                        ("[1]", 1, "unexpected character '['")] {
            guard let error = formError(text, ExpressionParser.parse) else { continue }
            XCTAssertEqual(error.column, column, text)
            XCTAssertEqual(error.message, message, text)
        }
    }

    func testFormsRespectTheLimits() {
        let long = "[" + Array(repeating: "1", count: 10_001).joined(separator: ",") + "]"
        XCTAssertEqual(formError(long, ExpressionParser.parsePartition)?.column, ExpressionParser.maximumLength + 1)
        let deep = String(repeating: "(", count: 300) + "1" + String(repeating: ")", count: 300)
        XCTAssertNotNil(formError(deep + " < 2", ExpressionParser.parseComparison))
        XCTAssertNotNil(formError("1.." + deep, ExpressionParser.parseRange))
    }
}
