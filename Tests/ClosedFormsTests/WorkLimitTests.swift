import XCTest
import CertifiedIntervals
@testable import ClosedForms

/// The work an evaluation does: the static estimate against the evaluator's own
/// count (two independent computations of the same number), the per-evaluation node
/// limit, and the work budget an environment carries.
final class WorkLimitTests: XCTestCase {

    /// Nodes actually visited, read from an unlimited budget at 64 bits
    /// (`unitsPerNodeVisit` units a visit).
    func visits(_ text: String, _ environment: Environment) throws -> Double {
        var charged = environment
        charged.workBudget = WorkBudget(limit: .infinity)
        _ = try parse(text).evaluate(in: charged, precision: 64)
        return charged.workBudget!.spent / Expression.unitsPerNodeVisit
    }

    /// Without data-dependent sums the estimate is exact: definitions, calls, sums with
    /// bounds from the environment, lists the environment binds.
    func testEstimateEqualsTheEvaluatorsCount() throws {
        let defs = definitions(["f(x) = x^2 + sin(x)", "g(x, y) = f(x) * f(y) - f(x + y)",
                                "h(m) = sum(j, 1, 7, g(j, m))"])
        let environment = Environment(variables: ["k": .exact(5), "groups": .list([3, 1, 1])], definitions: defs)
        for text in ["1 + 2*k", "g(1, k)", "h(k) + h(2)", "sum(j, 1, k, f(j)/j)", "prod(j, 2, k + 3, 1 - 1/j^2)",
                     "sum(f(l) for l in groups)", "sqrt(g(k, k)^2 + 1) - asin(1/k)", "sum(i, 1, 3, sum(j, 1, k, i*j))"] {
            let estimate = try parse(text).estimatedNodeVisits(in: environment)
            XCTAssertEqual(estimate, try visits(text, environment), text)
        }
    }

    /// Sums whose bounds depend on an enclosing sum or a parameter are unknown before
    /// evaluation: the estimate is then a lower bound, never more than the real count.
    func testEstimateIsALowerBoundForDataDependentSums() throws {
        let defs = definitions(["t(m) = sum(j, 1, m, j)"])
        let environment = Environment(variables: ["k": .exact(20)], definitions: defs)
        for text in ["sum(i, 1, k, sum(j, 1, i, 1))", "t(k) + t(2*k)"] {
            let estimate = try parse(text).estimatedNodeVisits(in: environment)
            let actual = try visits(text, environment)
            XCTAssertLessThan(estimate, actual, text)
        }
    }

    /// Definitions calling the previous one twice: the estimate sees 2^depth without
    /// evaluating (instantly, even at depth 60 where evaluation would never end).
    func testExponentialDefinitionsAreEstimatedWithoutEvaluating() throws {
        var lines = ["f0(x) = x"]
        for i in 1...60 { lines.append("f\(i)(x) = f\(i - 1)(x) + f\(i - 1)(x)") }
        let environment = Environment(definitions: definitions(lines))
        let started = Date()
        let estimate = try parse("f60(1)").estimatedNodeVisits(in: environment)
        XCTAssertLessThan(Date().timeIntervalSince(started), 1)
        XCTAssertGreaterThan(estimate, pow(2, 60))
        // Small enough to count: f10 doubles ten times.
        let f10 = try parse("f10(1)").estimatedNodeVisits(in: environment)
        XCTAssertEqual(f10, try visits("f10(1)", environment))
        XCTAssertGreaterThan(f10, 1024)
    }

    /// The per-evaluation limit stops an evaluation, also one that only asks whether a
    /// value is exact (range bounds while planning). Lowered here to keep it fast.
    func testNodeLimitStopsOneEvaluation() throws {
        var lines = ["f0(x) = x"]
        for i in 1...20 { lines.append("f\(i)(x) = f\(i - 1)(x) + f\(i - 1)(x)") }
        let environment = Environment(definitions: definitions(lines))
        var limits = EvaluationLimits()
        limits.maximumNodeVisits = 100_000
        XCTAssertThrowsError(try parse("f20(1)").evaluate(in: environment, precision: 64, limits: limits)) {
            XCTAssertEqual(($0 as? EvaluationError)?.kind, .tooMuchWork, "\($0)")
        }
        XCTAssertNoThrow(try parse("f10(1)").evaluate(in: environment, precision: 64, limits: limits))
        // With the real limit, f16 (about 3·10⁵ visits) is allowed and exact.
        XCTAssertEqual(try parse("f16(1)").exactValue(in: environment), Rational(1 << 16))
    }

    /// A budget in the environment is charged and, once passed, stops the evaluation
    /// with `WorkBudgetExceeded` — exact-only evaluations too.
    func testWorkBudgetStopsEvaluation() throws {
        let budget = WorkBudget(limit: 50_000 * Expression.unitsPerNodeVisit)
        let environment = Environment(variables: ["k": .exact(3)], workBudget: budget)
        XCTAssertNoThrow(try parse("sum(j, 1, 100, j/k)").evaluate(in: environment, precision: 64))
        XCTAssertFalse(budget.isExhausted)
        XCTAssertThrowsError(try parse("sum(j, 1, 100000, j/k)").exactValue(in: environment)) {
            XCTAssertTrue($0 is WorkBudgetExceeded, "\($0)")
        }
        XCTAssertTrue(budget.isExhausted)
        // Precision raises the cost of a visit: (p/128)^1.5 units above 128 bits.
        XCTAssertEqual(WorkBudget.operationCost(precision: 64), 1)
        XCTAssertEqual(WorkBudget.operationCost(precision: 512), 8)
        let wide = WorkBudget(limit: .infinity)
        _ = try parse("sqrt(2) + 1").evaluate(in: Environment(workBudget: wide), precision: 512)
        XCTAssertEqual(wide.spent, 4 * 8 * Expression.unitsPerNodeVisit)
    }
}
