import XCTest
import CertifiedIntervals
import Reports
import TeacherStudent
import CheckerTestSupport
@testable import ClaimDecisions

/// Critical-point, loss and minimum-over-family decisions on copy-average families,
/// asserted on typed values against independent references (the float64 ErfModel and
/// L*(ℓ) straight from the interval core).
final class FamilyDecisionTests: XCTestCase {

    static let critical = """
    [[claim]]
    name      = "critical"
    kind      = "critical-point"
    family    = "ca"
    tolerance = "1e-30"
    """

    /// The paper's copy-average points are exactly critical: every reduced gradient
    /// quantity at their group sizes is exactly 0 (ExactZeroTest), so PROVED, and the
    /// enclosures agree (within the tolerance, loss Σ L*).
    func testCopyAverageIsProvedCriticalExactly() throws {
        let claims = try Decide.claims(Decide.copyAverageFile(k: "2..3", n: "1..k-1", claims: Self.critical))
        let claim = try Decide.claim("critical", in: claims)
        XCTAssertEqual(claim.instances.count, 3)   // (2); (3); (2, 1)
        for (decision, instance) in zip(claim.instances, claim.planned.instances) {
            XCTAssertEqual(decision.verdict, .proved, "\(instance.partition!)")
            guard case .exactlyCritical(let proof)? = decision.detail else { return XCTFail("exact detail") }
            // One group: A_a, A_w of its size; (2, 1): both sizes and both ordered pairs.
            XCTAssertEqual(proof.quantities.count, instance.partition! == [2, 1] ? 10 : 2, "\(proof.quantities)")
            XCTAssertNil(decision.witness)
            let maxAbs = try XCTUnwrap(decision.evidence.gradientMaxAbs)
            XCTAssertTrue(maxAbs.isAtMost(Rational(exactly: "1e-30")!))
            let loss = try XCTUnwrap(decision.evidence.loss)
            XCTAssertTrue(loss.overlaps(CopyAverage.lStarSum(instance.partition!, precision: 256)), "F2: \(loss)")
            guard case .gradientMaxAbs(let bound)? = decision.worstBound else { return XCTFail("worst bound") }
            XCTAssertEqual(bound.upperBoundAsDouble, maxAbs.upperBoundAsDouble)
        }
    }

    func testPerturbedOutgoingWeightIsRefutedByTheRightComponent() throws {
        let claims = try Decide.claims(Decide.copyAverageFile(k: "2..3", n: "1..k-1", outgoing: "l + 1",
                                                              claims: Self.critical))
        let claim = try Decide.claim("critical", in: claims)
        XCTAssertEqual(claim.verdict, .refuted)
        for (decision, instance) in zip(claim.instances, claim.planned.instances) {
            let partition = try XCTUnwrap(instance.partition)
            guard case let .gradientComponent(component, enclosure, asNotCritical)? = decision.witness else {
                return XCTFail("\(partition): no gradient witness")
            }
            XCTAssertEqual(decision.verdict, .refuted)
            XCTAssertFalse(asNotCritical)
            XCTAssertFalse(enclosure.containsZero)
            let k = partition.reduce(0, +)
            XCTAssertEqual(component.students, partition.count)
            XCTAssertEqual(component.dimension, k)
            // The float64 gradient of the same configuration, independently: the named
            // component lies in the enclosure, and every earlier one is (numerically) 0.
            let (model, theta) = ErfModel.copyAverage(partition, outgoing: { Double($0) + 1 })
            let g = model.gradient(theta)
            let slack = 1e-9 * max(1, abs(g[component.index]))
            XCTAssertTrue(enclosure.lowerBoundAsDouble - slack <= g[component.index]
                          && g[component.index] <= enclosure.upperBoundAsDouble + slack,
                          "\(partition): float64 \(g[component.index]) vs \(enclosure)")
            for earlier in 0..<component.index { XCTAssertLessThan(abs(g[earlier]), 1e-12, "\(partition) \(earlier)") }
        }
    }

    func testLossEqualsSumOfLstarAndAWrongClosedFormIsRefuted() throws {
        let claims = try Decide.claims(Decide.copyAverageFile(k: "2..4", n: "1..k-1", claims: """
        [[claim]]
        name   = "right"
        kind   = "loss"
        family = "ca"
        equals = "sum(Lstar(l) for l in groups)"

        [[claim]]
        name   = "wrong"
        kind   = "loss"
        family = "ca"
        equals = "sum(l/3 - 2*l^2/pi*asin(1/(2*l+1)) for l in groups)"
        """))
        let right = try Decide.claim("right", in: claims), wrong = try Decide.claim("wrong", in: claims)
        for (decision, instance) in zip(right.instances, right.planned.instances) {
            XCTAssertEqual(decision.verdict, .verified)
            let reference = CopyAverage.lStarSum(instance.partition!, precision: 256)
            XCTAssertTrue(try XCTUnwrap(decision.evidence.loss).overlaps(reference))
            XCTAssertTrue(try XCTUnwrap(decision.evidence.value).overlaps(reference))
            XCTAssertTrue(try XCTUnwrap(decision.evidence.difference).containsZero)
        }
        for decision in wrong.instances {
            XCTAssertEqual(decision.verdict, .refuted)
            guard case let .differenceExcludesZero(.lossMinus, difference)? = decision.witness else {
                return XCTFail("witness \(String(describing: decision.witness))")
            }
            XCTAssertFalse(difference.containsZero)
        }
    }

    func testMinimumOverFamilyProvedAndAWrongArgminRefuted() throws {
        let claims = try Decide.claims(Decide.copyAverageFile(k: "4..4", n: "2..2", claims: """
        [[claim]]
        name   = "min"
        kind   = "minimum-over-family"
        family = "ca"
        argmin = "(k-n+1, 1^(n-1))"
        value  = "Lstar(k-n+1)"

        [[claim]]
        name   = "wrong-argmin"
        kind   = "minimum-over-family"
        family = "ca"
        argmin = "(2, 2)"
        """))
        let right = try XCTUnwrap(Decide.claim("min", in: claims).instances.first)
        XCTAssertEqual(right.verdict, .verified)
        let gap = try XCTUnwrap(right.evidence.gap)
        XCTAssertTrue(gap.isPositive)
        guard case .smallestGap(let reported)? = right.worstBound else { return XCTFail("the worst bound is the gap") }
        XCTAssertEqual(reported.lowerBoundAsDouble, gap.lowerBoundAsDouble)
        let wrong = try XCTUnwrap(Decide.claim("wrong-argmin", in: claims).instances.first)
        XCTAssertEqual(wrong.verdict, .refuted)
        guard case let .memberBelowArgmin(member, memberLoss, argminLoss)? = wrong.witness else {
            return XCTFail("witness \(String(describing: wrong.witness))")
        }
        XCTAssertEqual(member, [3, 1])
        XCTAssertTrue(Interval.certainlyLess(memberLoss, argminLoss))
        XCTAssertTrue(memberLoss.overlaps(CopyAverage.lStarSum([3, 1], precision: 256)))
    }
}
