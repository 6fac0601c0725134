import XCTest
import CertifiedIntervals
import ClosedForms
@testable import RangeProofs

func lstarDefinitions() throws -> Definitions {
    var definitions = Definitions()
    try definitions.add(Definition(name: "Lstar", parameters: ["l"], parsing: "l/3 - 2*l^2/pi*asin(1/(2*l))"))
    return definitions
}

let wholeLine = RealInterval(lower: .infinite, upper: .infinite)

final class FarEndTests: XCTestCase {
    func testSecondDifferenceOfLstarIsNegativeForAllRealLAtLeastTwo() throws {
        // ≈ −1/(12π l³) (mpmath: −2.6526e-11 at l = 1000).
        let verdict = try decide("Lstar(l+1) - 2*Lstar(l) + Lstar(l-1)", .less, .atLeast(2), variable: "l",
                                 definitions: try lstarDefinitions())
        guard case .proved(let c) = verdict else { return XCTFail(verdict.summary) }
        XCTAssertEqual(c.farEnds.count, 1)
        XCTAssertTrue(c.farEnds[0].contains("t^3"), c.farEnds[0])
        XCTAssertGreaterThan(c.boxes, 0)
    }

    func testPerturbedSecondDifferenceIsRefutedOnlyFarOut() throws {
        // + 1e-20 makes it positive once 1/(12π l³) < 1e-20, i.e. l > 1.38e6 (mpmath:
        // the second difference is −1.41e-17 at l = 123456, still below −1e-20).
        let verdict = try decide("Lstar(l+1) - 2*Lstar(l) + Lstar(l-1) + 1e-20", .less, .atLeast(2), variable: "l",
                                 definitions: try lstarDefinitions())
        guard case .refuted(let c) = verdict else { return XCTFail(verdict.summary) }
        XCTAssertTrue(c.point > Rational(1_380_000), "\(c.point)")
        XCTAssertTrue(c.value.isNonNegative)
        // The point, re-checked by plain interval evaluation at 256 bits.
        var environment = Environment(definitions: try lstarDefinitions())
        environment.variables["l"] = .exact(c.point)
        let g = try parse("Lstar(l+1) - 2*Lstar(l) + Lstar(l-1) + 1e-20").enclosure(in: environment, precision: 256)
        XCTAssertTrue(g.isPositive, "\(g)")
        // The same on the integers l ≥ 2: refuted at an integer.
        let integers = try decide("Lstar(l+1) - 2*Lstar(l) + Lstar(l-1) + 1e-20", .less, .integers(from: 2),
                                  variable: "l", definitions: try lstarDefinitions())
        guard case .refuted(let ci) = integers else { return XCTFail(integers.summary) }
        XCTAssertTrue(ci.point.isInteger && ci.point > Rational(1_380_000))
    }

    func testConcavityOnTheIntegersUsesInstancesAndTheRelaxation() throws {
        let verdict = try decide("Lstar(l+1) - 2*Lstar(l) + Lstar(l-1)", .less, .integers(from: 2), variable: "l",
                                 definitions: try lstarDefinitions())
        guard case .proved(let c) = verdict else { return XCTFail(verdict.summary) }
        XCTAssertEqual(c.integerInstances, RangeProverLimits().integerInstances)
        XCTAssertTrue(c.method.contains("relaxation"), c.method)
    }

    func testSecondDerivativeOfLstarIsNegativeOnOneToInfinity() throws {
        let verdict = try decide("diff(Lstar(l), l, 2)", .less, .atLeast(1), variable: "l",
                                 definitions: try lstarDefinitions())
        guard case .proved(let c) = verdict else { return XCTFail(verdict.summary) }
        XCTAssertTrue(c.farEnds.first?.contains("t^3") ?? false, "\(c.farEnds)")
        // L'' < -1/(12π l^3) + tiny is false far out: L'' + 1e-20 < 0 is refuted.
        let bad = try decide("diff(Lstar(l), l, 2) + 1e-20", .less, .atLeast(1), variable: "l",
                             definitions: try lstarDefinitions())
        guard case .refuted(let b) = bad else { return XCTFail(bad.summary) }
        XCTAssertTrue(b.point > Rational(1_000_000))
        // A wrong sign: L'' > 0 is refuted near 1.
        guard case .refuted = try decide("diff(Lstar(l), l, 2)", .greater, .atLeast(1), variable: "l",
                                         definitions: try lstarDefinitions()) else { return XCTFail() }
    }

    func testFalseOnlyBeyondTwoMillion() throws {
        let verdict = try decide("l - 2000000", .less, .atLeast(1), variable: "l")
        guard case .refuted(let c) = verdict else { return XCTFail(verdict.summary) }
        XCTAssertTrue(c.point > Rational(2_000_000))
        XCTAssertTrue(c.value.isPositive)
        // And true up to 2000000 exactly on a bounded range.
        guard case .proved = try decide("l - 2000001", .less, .closed(1, 2_000_000), variable: "l") else {
            return XCTFail()
        }
    }

    func testWholeLine() throws {
        guard case .proved = try decide("x^2 + 1", .greater, wholeLine) else { return XCTFail() }
        let verdict = try decide("x", .greater, wholeLine)
        guard case .refuted(let c) = verdict else { return XCTFail(verdict.summary) }
        XCTAssertTrue(c.point <= Rational(0))
        // 1/(x^2 + 1) > 0 tends to 0 at both ends: sign of the leading t^2 term.
        let q = try decide("1/(x^2 + 1)", .greater, wholeLine)
        guard case .proved(let p) = q else { return XCTFail(q.summary) }
        XCTAssertEqual(p.farEnds.count, 2)
        // x^3 - 1000 x > 0 fails on the negative side and near 0.
        let cubic = try decide("x^3 - 1000*x", .greater, .atLeast(-100))
        guard case .refuted = cubic else { return XCTFail(cubic.summary) }
        // Lower unbounded end only.
        let lower = RealInterval(lower: .infinite, upper: .finite(-2, closed: true))
        let lowerVerdict = try decide("x^3 + x^2 + 1", .less, lower)
        guard case .proved = lowerVerdict else { return XCTFail(lowerVerdict.summary) }
        // On (-∞, -1] it fails at -1 (g(-1) = 1).
        let atMinusOne = try decide("x^3 + x^2 + 1", .less, RealInterval(lower: .infinite, upper: .finite(-1, closed: true)))
        guard case .refuted(let r) = atMinusOne else { return XCTFail(atMinusOne.summary) }
        XCTAssertEqual(r.point, Rational(-1))
    }

    func testUnsupportedFarBehaviourIsInconclusive() throws {
        // sin has no Taylor model at infinity here: INCONCLUSIVE naming [a, ∞).
        let verdict = try decide("2 + sin(x)", .greater, .atLeast(0))
        guard case .inconclusive(let unresolved, let reason) = verdict else { return XCTFail(verdict.summary) }
        XCTAssertEqual(unresolved.upper, .infinite)
        XCTAssertTrue(reason.contains("sin"), reason)
        XCTAssertEqual(unresolved.lower.value, Rational(1024))   // [0, 1024] was searched and holds
        // An undecided far end does not hide a counterexample before it: sin(x) + 1/2 > 0
        // fails near x = 4 (sin 4 = -0.757).
        let early = try decide("sin(x) + 1/2", .greater, .atLeast(0))
        guard case .refuted(let c) = early else { return XCTFail(early.summary) }
        XCTAssertTrue(c.value.isNonPositive)
        // sqrt(x^2 + c) - x > 0 (≈ c/(2x)): a parameter known only as an enclosure cannot
        // enter exact coefficients, and extended interval arithmetic gives ∞ − ∞.
        let p = try decide("sqrt(x^2 + c) - x", .greater, .atLeast(1),
                           parameters: ["c": .enclosure(Interval(lower: 1, upper: 2, precision: 64))])
        guard case .inconclusive(_, let why) = p else { return XCTFail(p.summary) }
        XCTAssertTrue(why.contains("enclosure"), why)
        // An exact parameter can.
        guard case .proved = try decide("sqrt(x^2 + c) - x", .greater, .atLeast(1),
                                        parameters: ["c": .exact(Rational(1, 2))]) else { return XCTFail() }
        // Where the Taylor model cannot be formed (atan of a growing term), extended
        // interval arithmetic on [X, ∞] may still decide: atan(x) - 1/2 > 0 on [1, ∞).
        let atan = try decide("atan(x) - 1/2", .greater, .atLeast(1))
        guard case .proved(let c) = atan else { return XCTFail(atan.summary) }
        XCTAssertTrue(c.farEnds.first?.contains("extended") ?? false, "\(c.farEnds)")
        // And it never refutes: atan(x) - 3/2 > 0 is false everywhere on [1, ∞), found at 1.
        guard case .refuted(let r) = try decide("atan(x) - 3/2", .greater, .atLeast(1)) else { return XCTFail() }
        XCTAssertEqual(r.point, Rational(1))
    }
}

final class FarEndLimitTests: XCTestCase {
    func testExponentialDefinitionsStopCleanly() throws {
        var definitions = Definitions()
        try definitions.add(Definition(name: "f0", parameters: ["x"], parsing: "1/x"))
        for i in 0..<15 {
            try definitions.add(Definition(name: "f\(i + 1)", parameters: ["x"], parsing: "f\(i)(x) * f\(i)(x)"))
        }
        // f15(x) = x^(-2^15), 32768 nodes through the definitions: the Taylor model stops
        // at its visit limit, and extended interval arithmetic on [X, ∞] proves the
        // far end (f15 ∈ [0, 1/X^32768]).
        let verdict = try decide("f15(x) + 1", .greater, .atLeast(1), definitions: definitions,
                                 limits: RangeProverLimits(maximumBoxes: 50))
        guard case .proved(let c) = verdict else { return XCTFail(verdict.summary) }
        XCTAssertTrue(c.farEnds.first?.contains("extended") ?? false, "\(c.farEnds)")
        // A work budget stops it cleanly with INCONCLUSIVE.
        let stopped = try decide("f15(x) + 1", .greater, .atLeast(1), definitions: definitions,
                                 budget: WorkBudget(limit: 1000))
        guard case .inconclusive(_, let reason) = stopped else { return XCTFail(stopped.summary) }
        XCTAssertTrue(reason.contains("budget"), reason)
    }
}
