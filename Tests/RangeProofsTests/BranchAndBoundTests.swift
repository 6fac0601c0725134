import XCTest
import CertifiedIntervals
import ClosedForms
@testable import RangeProofs

/// Shorthands shared by the range-proof tests.
func parse(_ text: String) throws -> ClosedForms.Expression { try ExpressionParser.parse(text) }

func rational(_ text: String) -> Rational { Rational(exactly: text)! }

func decide(_ g: String, _ relation: Relation, _ domain: RealInterval, variable: String = "x",
            definitions: Definitions = Definitions(), parameters: [String: Binding] = [:],
            precision: Int = 128, budget: WorkBudget? = nil,
            limits: RangeProverLimits = RangeProverLimits()) throws -> RangeVerdict {
    let problem = RangeProblem(expression: try parse(g), relation: relation, variable: variable, domain: domain,
                               definitions: definitions, parameters: parameters)
    return try RangeProver.decide(problem, precision: precision, budget: budget, limits: limits)
}

final class BranchAndBoundTests: XCTestCase {
    func testSimpleTrueInequalityIsProvedWithAMargin() throws {
        // x^2 - x + 1 = (x - 1/2)^2 + 3/4 ≥ 3/4 on [-3, 5]: the margin is at most 3/4.
        let verdict = try decide("x^2 - x + 1", .greater, .closed(-3, 5))
        guard case .proved(let certificate) = verdict else { return XCTFail(verdict.summary) }
        XCTAssertGreaterThan(certificate.boxes, 0)
        let margin = try XCTUnwrap(certificate.smallestMargin)
        XCTAssertGreaterThan(margin.lowerBoundAsDouble, 0)
        XCTAssertLessThanOrEqual(margin.lowerBoundAsDouble, 0.75)
    }

    func testNarrowWindowIsRefutedNearOneThird() throws {
        // (x - 1/3)^2 + 1e-12 > 2e-12 fails exactly for |x - 1/3| ≤ 1e-6.
        let verdict = try decide("(x - 1/3)^2 + 1e-12 - 2e-12", .greater, .closed(0, 1))
        guard case .refuted(let counterexample) = verdict else { return XCTFail(verdict.summary) }
        let distance = (counterexample.point - Rational(1, 3)).magnitude
        XCTAssertLessThanOrEqual(distance, rational("1e-6"))
        XCTAssertTrue(counterexample.value.isNonPositive)
        // Independent check of the point: exact rational arithmetic.
        let p = counterexample.point - Rational(1, 3)
        XCTAssertTrue(p * p - rational("1e-12") <= Rational(0))
    }

    func testNearTangentTrueInequalityIsProved() throws {
        let verdict = try decide("(x - 1/3)^2 + 1e-30", .greater, .closed(0, 1))
        guard case .proved(let certificate) = verdict else { return XCTFail(verdict.summary) }
        let margin = try XCTUnwrap(certificate.smallestMargin)
        XCTAssertLessThanOrEqual(margin.lowerBoundAsDouble, 1e-30)
        XCTAssertGreaterThan(margin.lowerBoundAsDouble, 0)
    }

    func testLessThanIsRefutedAtAClosedEndAndNeverOutsideAnOpenOne() throws {
        // x < 1 on [0, 1] fails at the closed end 1 only.
        guard case .refuted(let c) = try decide("x - 1", .less, .closed(0, 1)) else { return XCTFail() }
        XCTAssertEqual(c.point, Rational(1))
        // On [0, 1) the statement is true but 1 is approached: closed boxes cannot
        // prove it; it must be neither PROVED nor REFUTED at a point outside the domain.
        let open = RealInterval(lower: .finite(0, closed: true), upper: .finite(1, closed: false))
        let verdict = try decide("x - 1", .less, open, limits: RangeProverLimits(maximumBoxes: 2_000))
        if case .refuted(let c) = verdict { XCTAssertTrue(open.contains(c.point), "\(c.point)") }
        if case .proved = verdict { XCTFail("x < 1 proved on a box containing 1") }
    }

    func testNonStrictRelationsAndTangency() throws {
        // (x - 1/3)^2 ≥ 0: even powers enclose to [0, w²].
        guard case .proved = try decide("(x - 1/3)^2", .greaterOrEqual, .closed(0, 1)) else { return XCTFail() }
        // (x - 1/3)^2 > 0 is false at 1/3, which bisection of [0, 1] never hits
        // exactly: not PROVED (INCONCLUSIVE at the tangency, or REFUTED at 1/3).
        let verdict = try decide("(x - 1/3)^2", .greater, .closed(0, 1))
        if case .proved = verdict { XCTFail("a false strict inequality was proved") }
        if case .refuted(let c) = verdict { XCTAssertEqual(c.point, Rational(1, 3)) }
        // x^2 - 2x + 1 ≥ 0 touches 0 at 1, where the enclosures never decide:
        // INCONCLUSIVE at a tiny interval around 1 — never PROVED or REFUTED.
        let tangent = try decide("x^2 - 2*x + 1", .greaterOrEqual, .closed(0, 2))
        guard case .inconclusive(let around, _) = tangent else { return XCTFail(tangent.summary) }
        XCTAssertTrue(around.contains(1) || (around.upper.value! - around.lower.value!) < rational("1e-20"), "\(around)")
        XCTAssertTrue((around.lower.value! - 1).magnitude < rational("1e-20"), "\(around)")
        // -(x - 1/2)^2 ≥ 0 fails away from 1/2 and is refuted.
        guard case .refuted = try decide("-(x - 1/2)^2", .greaterOrEqual, .closed(0, 1)) else { return XCTFail() }
    }

    func testDomainErrorsSplitAndAreNeverIgnored() throws {
        guard case .proved = try decide("sqrt(x) + 1", .greater, .closed(0, 1)) else { return XCTFail() }
        // sqrt(x - 1/2) ≥ 0 on [0, 1]: undefined on [0, 1/2): not proved, and the
        // undefined point is named.
        let verdict = try decide("sqrt(x - 1/2)", .greaterOrEqual, .closed(0, 1))
        guard case .inconclusive(let unresolved, let reason) = verdict else { return XCTFail(verdict.summary) }
        XCTAssertTrue(reason.contains("not defined") || reason.contains("domain"), reason)
        XCTAssertTrue(unresolved.upper.value! <= Rational(1, 2), "\(unresolved)")
    }

    func testBoxLimitAndBudgetGiveInconclusiveNamingTheSubinterval() throws {
        // x^2 - x + 1/4 + 1e-20 = (x - 1/2)^2 + 1e-20 > 0 needs many boxes near 1/2
        // (the naive enclosure of x^2 - x loses the dependency).
        let limits = RangeProverLimits(maximumBoxes: 5)
        let verdict = try decide("x^2 - x + 1/4 + 1e-20", .greater, .closed(0, 1), limits: limits)
        guard case .inconclusive(let unresolved, let reason) = verdict else { return XCTFail(verdict.summary) }
        XCTAssertTrue(reason.contains("5 boxes"), reason)
        XCTAssertTrue(unresolved.isBounded)
        let budget = WorkBudget(limit: 500)
        let verdict2 = try decide("x^2 - x + 1/4 + 1e-20", .greater, .closed(0, 1), budget: budget)
        guard case .inconclusive(_, let reason2) = verdict2 else { return XCTFail(verdict2.summary) }
        XCTAssertTrue(reason2.contains("work budget"), reason2)
    }

    func testPreconditionErrors() throws {
        XCTAssertThrowsError(try decide("x", .equal, .closed(0, 1)))
        XCTAssertThrowsError(try decide("x", .greater, .closed(2, 1))) { error in
            XCTAssertTrue("\(error)".contains("reversed"), "\(error)")
        }
        let empty = RealInterval(lower: .finite(1, closed: false), upper: .finite(1, closed: true))
        XCTAssertThrowsError(try decide("x", .greater, empty)) { error in
            XCTAssertTrue("\(error)".contains("empty"), "\(error)")
        }
        XCTAssertThrowsError(try decide("x + y", .greater, .closed(0, 1))) { error in
            XCTAssertTrue("\(error)".contains("y"), "\(error)")
        }
    }

    func testIntegerRangesUseInstancesThenTheRelaxation() throws {
        // (x - 5/2)^2 > 1/5 holds at every integer (1/4 at 2 and 3) but fails for reals
        // near 5/2.
        let integers = RealInterval.integers(from: 0, through: 100)
        let verdict = try decide("(x - 5/2)^2 - 1/5", .greater, integers,
                                 limits: RangeProverLimits(integerInstances: 8))
        guard case .proved(let c) = verdict else { return XCTFail(verdict.summary) }
        XCTAssertEqual(c.integerInstances, 8)
        // With 2 instances the relaxation over [2, 100] fails at a non-integer point
        // and the integers around it hold: INCONCLUSIVE, not REFUTED.
        let verdict2 = try decide("(x - 5/2)^2 - 1/5", .greater, integers,
                                  limits: RangeProverLimits(integerInstances: 2))
        guard case .inconclusive = verdict2 else { return XCTFail(verdict2.summary) }
        // A false integer statement is refuted at an integer.
        guard case .refuted(let bad) = try decide("x - 7", .less, integers) else { return XCTFail() }
        XCTAssertTrue(bad.point.isInteger)
        XCTAssertTrue(bad.point >= Rational(7))
    }
}

final class HugeRangeTests: XCTestCase {
    func testFloorIsExactAtAnySize() {
        XCTAssertEqual(Rational.floor(rational("1e30") + Rational(1, 3)), rational("1e30"))
        XCTAssertEqual(Rational.floor(-rational("1e30") - Rational(1, 3)), -rational("1e30") - 1)
        XCTAssertEqual(Rational.floor(Rational(-7, 2)), Rational(-4))
        XCTAssertEqual(Rational.floor(Rational(7)), Rational(7))
    }

    func testRangesBeyondSixtyFourBits() throws {
        // Integers from 10^30 on: instances, then the relaxation with its far end.
        let from = RealInterval(lower: .finite(rational("1e30") + Rational(1, 2), closed: true), upper: .infinite,
                                integersOnly: true)
        let verdict = try decide("l - 1e30", .greater, from, variable: "l")
        guard case .proved = verdict else { return XCTFail(verdict.summary) }
        let bad = try decide("1e30 + 20 - l", .greater, from, variable: "l")
        guard case .refuted(let c) = bad else { return XCTFail(bad.summary) }
        XCTAssertTrue(c.point.isInteger && c.point >= rational("1e30") + 20, "\(c.point)")
    }
}
