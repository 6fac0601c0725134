import XCTest
import CertifiedIntervals
import ClosedForms
@testable import RangeProofs

final class SideConditionTests: XCTestCase {
    func condition(_ text: String, _ requirement: SideCondition.Requirement) throws -> SideCondition {
        SideCondition(expression: try parse(text), requirement: requirement, reason: "test")
    }

    func certify(_ text: String, _ requirement: SideCondition.Requirement,
                 _ variables: [(name: String, domain: RealInterval)]) throws -> RangeVerdict {
        let results = try SideConditionCertifier.certify([try condition(text, requirement)], variables: variables,
                                                         definitions: Definitions())
        XCTAssertEqual(results.count, 1)
        return results[0].verdict
    }

    func testOneVariable() throws {
        let l: [(name: String, domain: RealInterval)] = [("l", .atLeast(1))]
        guard case .proved = try certify("l*(2*l - 1)", .positive, l) else { return XCTFail() }
        guard case .refuted = try certify("l*(2*l - 3)", .positive, l) else { return XCTFail() }
        // Nonzero with either sign; l - 5 changes sign at 5.
        guard case .proved = try certify("1 - 2*l", .nonzero, l) else { return XCTFail() }
        guard case .refuted = try certify("l - 5", .nonzero, l) else { return XCTFail() }
        // -1 < g < 1.
        guard case .proved = try certify("1/(2*l)", .insideOpenUnitInterval, l) else { return XCTFail() }
        guard case .proved = try certify("l/(l + 1)", .insideOpenUnitInterval, [("l", .atLeast(0))]) else {
            return XCTFail()
        }
        let bad = try certify("2/l", .insideOpenUnitInterval, l)
        guard case .refuted(let c) = bad else { return XCTFail(bad.summary) }
        XCTAssertTrue(c.point < Rational(2))
    }

    func testTwoVariables() throws {
        let box: [(name: String, domain: RealInterval)] = [("l", .closed(1, 5)), ("m", .closed(1, 5))]
        guard case .proved = try certify("l + m - 1", .positive, box) else { return XCTFail() }
        guard case .proved = try certify("l/(l + m)", .insideOpenUnitInterval, box) else { return XCTFail() }
        let bad = try certify("l - m", .nonzero, box)
        guard case .refuted = bad else { return XCTFail(bad.summary) }
        // On integer ranges the counterexample is a pair of integers.
        let integers: [(name: String, domain: RealInterval)] = [("l", .integers(from: 1, through: 5)),
                                                                 ("m", .integers(from: 1, through: 5))]
        guard case .proved = try certify("l - m + 1/2", .nonzero, [("l", .integers(from: 1, through: 5)),
                                                                   ("m", .integers(from: 1, through: 1))]) else {
            return XCTFail()
        }
        // Side conditions of integer ranges are certified on the real hull (the
        // identity's continuation runs between the integers), where l - m + 1/2
        // vanishes: never certified, although it holds at every pair of integers.
        let mixed = try certify("l - m + 1/2", .nonzero, integers)
        if case .proved = mixed { XCTFail("certified at the integers only: \(mixed.summary)") }
        // Unbounded two-variable domains: extended interval arithmetic on boxes reaching
        // infinity proves what it can see; refutations come from finite points.
        let quadrant: [(name: String, domain: RealInterval)] = [("l", .atLeast(1)), ("m", .atLeast(1))]
        guard case .proved = try certify("l*m + l", .positive, quadrant) else { return XCTFail() }
        guard case .proved = try certify("1/(2*l*m)", .insideOpenUnitInterval, quadrant) else { return XCTFail() }
        guard case .proved = try certify("(2*l - 1)*(2*m - 1)", .nonzero, quadrant) else { return XCTFail() }
        let crossing = try certify("l - 2*m", .nonzero, quadrant)
        guard case .refuted = crossing else { return XCTFail(crossing.summary) }
        let farOnly = try certify("1000 - l*m", .positive, quadrant)
        guard case .refuted(let beyond) = farOnly else { return XCTFail(farOnly.summary) }
        XCTAssertTrue(beyond.point > Rational(1))
        // Oscillation at infinity: never decided there, INCONCLUSIVE, said so.
        let far = try certify("2 + sin(l*m)", .positive, quadrant)
        guard case .inconclusive(_, let reason) = far else { return XCTFail(far.summary) }
        XCTAssertTrue(reason.contains("unbounded") || reason.contains("2^64"), reason)
        // Reversed ranges are errors.
        XCTAssertThrowsError(try certify("l", .positive, [("l", .closed(2, 1)), ("m", .closed(1, 2))]))
    }
}

final class ConvenienceTests: XCTestCase {
    func testComparisonAndEnvironmentEntryPoints() throws {
        let comparison = try ExpressionParser.parseComparison("Lstar(l+1) + Lstar(l-1) < 2*Lstar(l)")
        let problem = RangeProblem(comparison: comparison, variable: "l", domain: .atLeast(2),
                                   definitions: try lstarDefinitions())
        guard case .proved = try RangeProver.decide(problem) else { return XCTFail() }
        let wrong = RangeProblem(comparison: try ExpressionParser.parseComparison("Lstar(l+1) + Lstar(l-1) > 2*Lstar(l)"),
                                 variable: "l", domain: .atLeast(2), definitions: try lstarDefinitions())
        guard case .refuted = try RangeProver.decide(wrong) else { return XCTFail() }
        let environment = Environment(variables: ["c": .exact(3)], definitions: Definitions())
        let results = try SideConditionCertifier.certify(
            [SideCondition(expression: try parse("l - c"), requirement: .positive, reason: "test"),
             SideCondition(expression: try parse("l + c"), requirement: .positive, reason: "test")],
            variables: [("l", .atLeast(1))], environment: environment)
        XCTAssertEqual(results.map(\.isCertified), [false, true])
        guard case .refuted = results[0].verdict else { return XCTFail() }
    }
}
