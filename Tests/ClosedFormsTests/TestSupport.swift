import Foundation
import XCTest
import CertifiedIntervals
@testable import ClosedForms
import CheckerTestSupport

/// Foundation has an `Expression` type too; in this module the name means ours.
typealias Expression = ClosedForms.Expression

/// An exact rational from decimal or fraction text (test input, so it must parse).
func q(_ text: String) -> Rational {
    guard let r = Rational(exactly: text) else { fatalError("bad rational literal \(text)") }
    return r
}

func parse(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> Expression {
    do {
        return try ExpressionParser.parse(text)
    } catch {
        XCTFail("parse(\(text)) failed: \(error)", file: file, line: line)
        return Expression(.number(0), column: 1)
    }
}

/// The exact value of `text`, failing the test when it has none.
func exactValue(_ text: String, _ env: Environment = Environment(),
                file: StaticString = #filePath, line: UInt = #line) -> Rational? {
    do {
        let e = try ExpressionParser.parse(text)
        guard let value = try e.exactValue(in: env) else {
            XCTFail("\(text) has no exact value", file: file, line: line)
            return nil
        }
        // `evaluate` must agree with `exactValue`.
        guard case .exact(let evaluated) = try e.evaluate(in: env, precision: 128) else {
            XCTFail("evaluate(\(text)) is not exact", file: file, line: line)
            return nil
        }
        XCTAssertEqual(evaluated, value, "evaluate and exactValue differ for \(text)", file: file, line: line)
        return value
    } catch {
        XCTFail("\(text): \(error)", file: file, line: line)
        return nil
    }
}

func enclosure(_ text: String, _ env: Environment = Environment(), precision: Int = 256,
               file: StaticString = #filePath, line: UInt = #line) -> Interval? {
    do {
        return try ExpressionParser.parse(text).enclosure(in: env, precision: precision)
    } catch {
        XCTFail("\(text): \(error)", file: file, line: line)
        return nil
    }
}

/// The interval `[value - radius, value + radius]` for decimal texts, at 512 bits.
func ball(_ value: String, radius: String) -> Interval {
    let v = q(value), r = q(radius)
    return Interval.hull(Interval(v - r, precision: 512), Interval(v + r, precision: 512))
}

/// Asserts that `x` overlaps the ball around a reference value (a truncated decimal
/// is not itself inside the enclosure; the exact value is within `radius` of it) and
/// that `x` is narrower than `maximumWidth`.
func assertEncloses(_ x: Interval?, _ reference: String, radius: String, maximumWidth: String,
                    file: StaticString = #filePath, line: UInt = #line) {
    guard let x else { return }
    XCTAssertTrue(x.overlaps(ball(reference, radius: radius)),
                  "\(x) does not overlap \(reference) ± \(radius)", file: file, line: line)
    XCTAssertTrue(x.width.isAtMost(q(maximumWidth)),
                  "\(x) is wider than \(maximumWidth)", file: file, line: line)
}

func syntaxError(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> ExpressionSyntaxError? {
    do {
        let e = try ExpressionParser.parse(text)
        XCTFail("\(text) parsed as \(e)", file: file, line: line)
    } catch let error as ExpressionSyntaxError {
        return error
    } catch {
        XCTFail("\(text): unexpected error \(error)", file: file, line: line)
    }
    return nil
}

func evaluationError(_ text: String, _ env: Environment = Environment(),
                     file: StaticString = #filePath, line: UInt = #line) -> EvaluationError? {
    do {
        let value = try ExpressionParser.parse(text).evaluate(in: env, precision: 128)
        XCTFail("\(text) evaluated to \(value)", file: file, line: line)
    } catch let error as EvaluationError {
        return error
    } catch {
        XCTFail("\(text): unexpected error \(error)", file: file, line: line)
    }
    return nil
}

func domainError(_ text: String, _ env: Environment = Environment(),
                 file: StaticString = #filePath, line: UInt = #line) -> IntervalDomainError? {
    do {
        let value = try ExpressionParser.parse(text).evaluate(in: env, precision: 128)
        XCTFail("\(text) evaluated to \(value)", file: file, line: line)
    } catch let error as IntervalDomainError {
        return error
    } catch {
        XCTFail("\(text): unexpected error \(error)", file: file, line: line)
    }
    return nil
}

/// Builds a `Definitions` from `name(parameters) = body` lines.
func definitions(_ lines: [String], file: StaticString = #filePath, line: UInt = #line) -> Definitions {
    var result = Definitions()
    for text in lines {
        let sides = text.split(separator: "=", maxSplits: 1).map(String.init)
        let head = sides[0].trimmingCharacters(in: .whitespaces)
        let open = head.firstIndex(of: "(")!
        let name = String(head[..<open])
        let parameterText = head[head.index(after: open)..<head.index(before: head.endIndex)]
        let parameters = parameterText.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        do {
            try result.add(Definition(name: name, parameters: parameters,
                                      parsing: sides[1].trimmingCharacters(in: .whitespaces)))
        } catch {
            XCTFail("definition \(text): \(error)", file: file, line: line)
        }
    }
    return result
}


/// A mutable box for results written by another thread (read after it finished).
final class Box<Value>: @unchecked Sendable {
    var value: Value
    init(_ value: Value) { self.value = value }
}
