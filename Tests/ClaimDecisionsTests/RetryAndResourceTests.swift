import XCTest
import CertifiedIntervals
import Reports
import TeacherStudent
import TheoremFiles
@testable import ClaimDecisions

/// Whether an undecided instance is retried at a higher precision follows from the
/// types of what stopped it; attempts past the memory limit or the work budget are
/// refused.
final class RetryAndResourceTests: XCTestCase {

    func testAnExactZeroDivisorIsFinalAndAWideOneIsRetried() throws {
        let exact = try XCTUnwrap(domainError { _ = try Interval(1, precision: 64) / Interval(0, precision: 64) })
        XCTAssertTrue(exact.operandIsExactZero)
        XCTAssertEqual(RetryPolicy(for: exact), .final)
        let rational = try XCTUnwrap(domainError { _ = try Rational.dividing(Rational(1), by: Rational(0)) })
        XCTAssertEqual(RetryPolicy(for: rational), .final)
        let tiny = Interval(1, precision: 64).scaled(byPowerOfTwo: -80)
        let wide = try XCTUnwrap(domainError { _ = try Interval(1, precision: 64) / Interval.hull(-tiny, tiny) })
        XCTAssertFalse(wide.operandIsExactZero)
        XCTAssertEqual(RetryPolicy(for: wide), .morePrecisionMayHelp)
        // The same errors inside a NetworkEvaluationError keep their policy.
        XCTAssertEqual(RetryPolicy(for: NetworkEvaluationError.domain(.student(1), .teacher(1), exact)), .final)
        XCTAssertEqual(RetryPolicy(for: NetworkEvaluationError.domain(.student(1), .teacher(1), wide)),
                       .morePrecisionMayHelp)
    }

    func domainError(_ body: () throws -> Void) -> IntervalDomainError? {
        do { try body() } catch let error as IntervalDomainError { return error } catch { XCTFail("\(error)") }
        return nil
    }

    func testUndecidedInstancesEndToEnd() throws {
        let claims = try Decide.claims(Decide.file("""
        [[claim]]
        name  = "exact-zero"
        kind  = "inequality"
        for   = { m = "1..1" }
        holds = "1/(m - m) < 1"

        [[claim]]
        name  = "wide-zero"
        kind  = "inequality"
        holds = "1/(pi - pi) < 1"
        """), start: 128, maximum: 512)
        let exact = try XCTUnwrap(Decide.claim("exact-zero", in: claims).instances.first)
        XCTAssertEqual(exact.verdict, .inconclusive)
        XCTAssertEqual(exact.retry, .final)
        XCTAssertEqual(exact.precision, 128, "not retried")
        XCTAssertNil(exact.undecidedAtMaximumPrecision)
        guard case .notEvaluable(let error as IntervalDomainError)? = exact.detail else { return XCTFail("domain error") }
        XCTAssertEqual(error.kind, .divisionByZero)
        let wide = try XCTUnwrap(Decide.claim("wide-zero", in: claims).instances.first)
        XCTAssertEqual(wide.verdict, .inconclusive)
        XCTAssertEqual(wide.retry, .morePrecisionMayHelp)
        XCTAssertEqual(wide.precision, 512, "retried up to the maximum")
        XCTAssertEqual(wide.undecidedAtMaximumPrecision, 512)
    }

    /// A plan made under the default limits, run by a runner with `limits`.
    func runWithLimits(_ limits: ResourceLimits, start: Int = 128, maximum: Int = 1024) throws -> InstanceDecision {
        let file = try Decide.parse(Decide.copyAverageFile(k: "3..3", n: "2..2", claims: """
        [[claim]]
        name   = "critical"
        kind   = "critical-point"
        family = "ca"
        tolerance = "1e-30"
        """))
        let plan = try TheoremVerifier(file: file, options: VerificationOptions(startPrecision: start,
                                                                                 maximumPrecision: maximum)).plan()
        let runner = AdaptivePrecision(file: file, options: VerificationOptions(startPrecision: start,
                                                                               maximumPrecision: maximum, limits: limits))
        let claim = try XCTUnwrap(plan.claims.first), instance = try XCTUnwrap(claim.instances.first)
        return runner.decide(claim, instance)
    }

    func testAnAttemptPastTheMemoryLimitIsRefused() throws {
        let decision = try runWithLimits(ResourceLimits(memoryBytes: 1))
        XCTAssertEqual(decision.verdict, .inconclusive)
        XCTAssertEqual(decision.retry, .final)
        guard case let .memoryLimit(decided, refused, bytes, limit)? = decision.detail else { return XCTFail("memory") }
        XCTAssertEqual(refused, 128)
        XCTAssertEqual(decided, 128, "never below the start precision")
        XCTAssertGreaterThan(bytes, limit)
    }

    func testAnExhaustedWorkBudgetRefusesTheAttempt() throws {
        let decision = try runWithLimits(ResourceLimits(workBudget: 1))
        XCTAssertEqual(decision.verdict, .inconclusive)
        XCTAssertEqual(decision.retry, .final)
        guard case let .workBudget(error, claim)? = decision.detail else { return XCTFail("work budget") }
        XCTAssertEqual(claim, "critical")
        XCTAssertEqual(error.limit, 1)
    }

    func testGenerousLimitsDecide() throws {
        let decision = try runWithLimits(ResourceLimits())
        XCTAssertNotEqual(decision.verdict, .inconclusive)
    }

    /// The claim's summary bound is chosen by exact comparison: bounds below 2^-1074 do
    /// not tie, and an unknown (NaN) bound is the worst (found by review: doubles made
    /// the summary print the smaller of two tiny bounds).
    func testWorstBoundComparesExactly() {
        func tiny(_ exponent: Int) -> Interval { Interval(1, precision: 2048).scaled(byPowerOfTwo: exponent) }
        let small = WorstBound.gradientMaxAbs(tiny(-1200).magnitude)
        let large = WorstBound.gradientMaxAbs(tiny(-1100).magnitude)
        guard case .gradientMaxAbs(let worst)? = WorstBound.worse(small, large) else { return XCTFail("kind") }
        XCTAssertFalse(worst.isSmaller(than: tiny(-1100).magnitude))
        guard case .gradientMaxAbs(let worst2)? = WorstBound.worse(large, small) else { return XCTFail("kind") }
        XCTAssertFalse(worst2.isSmaller(than: tiny(-1100).magnitude))
        // The smallest gap is the worse one.
        guard case .smallestGap(let gap)? = WorstBound.worse(.smallestGap(tiny(-1100)), .smallestGap(tiny(-1200)))
        else { return XCTFail("kind") }
        XCTAssertTrue(gap.lowerBound.isSmaller(than: tiny(-1100).lowerBound))
        // Unknown is worst, whichever comes first.
        let unknownBound = Interval(-1, precision: 53).nonNegativeUpperBound   // NaN: nothing known
        let unknown = WorstBound.gradientMaxAbs(unknownBound)
        for pair in [(small, unknown), (unknown, small)] {
            guard case .gradientMaxAbs(let b)? = WorstBound.worse(pair.0, pair.1) else { return XCTFail("kind") }
            XCTAssertFalse(b.isKnown)
        }
    }
}

/// The Hessian claims beyond 400 parameters (refused outright before issue 14) are planned
/// when the memory estimate allows them, and refused while planning when it does not.
final class LargeHessianPlanningTests: XCTestCase {
    /// k = 30, n = 15: N = 15 · 31 = 465 parameters, 176 partitions.
    func plan(memoryBytes: Double) throws -> TheoremVerifier.Plan {
        let file = try Decide.parse(Decide.copyAverageFile(k: "30..30", n: "15..15", claims: """
        [[claim]]
        name   = "index"
        kind   = "hessian"
        family = "ca"
        type   = "saddle"
        """))
        return try TheoremVerifier(file: file, options: VerificationOptions(
            startPrecision: 128, maximumPrecision: 256, limits: ResourceLimits(memoryBytes: memoryBytes))).plan()
    }

    func testPlannedUnderTheDefaultMemoryLimitAndRefusedUnderASmallOne() throws {
        let plan = try plan(memoryBytes: ResourceLimits.defaultMemoryBytes)
        XCTAssertEqual(plan.claims.first?.instances.count, 176)
        // 4 N² intervals of 152 bytes at 128 bits ≈ 131 MB: refused under 100 MB, before building anything.
        XCTAssertThrowsError(try self.plan(memoryBytes: 100e6)) { error in
            XCTAssertTrue("\(error)".contains("memory"), "\(error)")
        }
    }
}

/// Dropping a decided instance's evaluations removes exactly those (every precision and
/// partition of that instance), and leaves other instances and families cached.
final class EvaluationCacheDropTests: XCTestCase {
    func testDropRemovesOnlyTheInstance() throws {
        let cache = EvaluationCache()
        let family = FamilyIdentity(name: "ca", activation: "erf"), other = FamilyIdentity(name: "cb", activation: "erf")
        func key(_ f: FamilyIdentity, k: Int, partition: [Int]?, precision: Int) -> EvaluationKey {
            EvaluationKey(family: f, parameters: [.init(name: "k", value: k)], partition: partition, precision: precision)
        }
        let keys = [key(family, k: 3, partition: [2, 1], precision: 128), key(family, k: 3, partition: [2, 1], precision: 256),
                    key(family, k: 3, partition: [1, 1, 1], precision: 128), key(family, k: 4, partition: [2, 1], precision: 128),
                    key(other, k: 3, partition: [2, 1], precision: 128)]
        for (index, key) in keys.enumerated() {
            _ = cache.loss(key, sharesGradient: false) { Interval(index, precision: 64) }
        }
        XCTAssertEqual(cache.count, 5)
        cache.drop(family: family, parameters: [.init(name: "k", value: 3)], partitions: [[2, 1], nil])
        XCTAssertEqual(cache.count, 3)
        // What is left is still served from the cache (the closure is not called).
        for key in keys[2...] {
            _ = cache.loss(key, sharesGradient: false) { XCTFail("recomputed \(key)"); return Interval(0, precision: 64) }
        }
    }
}
