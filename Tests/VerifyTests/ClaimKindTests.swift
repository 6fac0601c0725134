import XCTest
import CertifiedIntervals
@testable import ClaimDecisions
import Reports
import TheoremFiles
import CheckerTestSupport

/// Every claim kind with true and false instances, written inline. Expected verdicts
/// come from the mathematics document (F1–F3, the kernels of §2) and from facts derived
/// by hand in the comments; the enclosures in the reports are checked against
/// references computed here independently (the interval core directly, or float64).
final class ClaimKindTests: XCTestCase {

    // MARK: critical-point

    static func copyAverageFile(k: String, n: String, incoming: String = "c(l)", outgoing: String = "a(l)",
                                claims: String, partitions: String = "all") -> String {
        Theorems.file("""
        [parameters]
        k = "\(k)"
        n = "\(n)"

        \(Theorems.copyAverageDefinitions)
        [family.ca]
        kind       = "copy-average"
        partitions = "\(partitions)"
        incoming   = "\(incoming)"
        outgoing   = "\(outgoing)"

        \(claims)
        """)
    }

    static let criticalClaim = """
    [[claim]]
    name      = "ca-critical"
    kind      = "critical-point"
    family    = "ca"
    tolerance = "1e-30"
    """

    func testCopyAverageIsCriticalPoint() throws {
        // F1: every copy-average configuration with c(l) = 1/sqrt(l(2l−1)), a(l) = l is a
        // critical point; k = 2…5, n = 1…k−1 and every partition of k into n groups.
        let report = try Theorems.run(Self.copyAverageFile(k: "2..5", n: "1..k-1", claims: Self.criticalClaim))
        let claim = try XCTUnwrap(report.claim("ca-critical"))
        // Exactly critical at every instance (the reduced gradient quantities are exactly 0).
        XCTAssertEqual(claim.verdict, .proved, report.text)
        XCTAssertTrue(claim.worstBound?.contains("exact at every instance") ?? false, claim.worstBound ?? "")
        XCTAssertEqual(claim.kind, "critical-point")
        XCTAssertEqual(claim.activation, "erf")
        let expectedCount = (2...5).reduce(0) { total, k in total + (1..<k).reduce(0) { $0 + Reference.partitionCount(k, $1) } }
        XCTAssertEqual(claim.instances.count, expectedCount)
        var seen = Set<[Int]>()
        for instance in claim.instances {
            XCTAssertEqual(instance.verdict, .proved, instance.label)
            XCTAssertTrue(instance.detail?.hasPrefix("exact:") ?? false, instance.label)
            let partition = try XCTUnwrap(instance.partition)
            let k = try XCTUnwrap(instance.parameters.values.first { $0.name == "k" }?.value)
            let n = try XCTUnwrap(instance.parameters.values.first { $0.name == "n" }?.value)
            XCTAssertEqual(partition.reduce(0, +), k)
            XCTAssertEqual(partition.count, n)
            XCTAssertEqual(partition, partition.sorted(by: >), "partitions are listed largest block first")
            XCTAssertTrue(seen.insert(partition).inserted, "each multiset of sizes once: \(partition)")
            let gradient = try XCTUnwrap(instance.gradientMaxAbs)
            let bound = try XCTUnwrap(Reference.rational(gradient.upper))
            XCTAssertTrue(bound.signum >= 0 && bound <= Rational(exactly: "1e-30")!, "max |grad| ≤ \(gradient.upper)")
            // The loss enclosure contains the independent L* sum (F2).
            let loss = try XCTUnwrap(instance.loss)
            XCTAssertTrue(Reference.bounds(lower: loss.lower, upper: loss.upper, contain: Reference.lStarSum(partition)),
                          "\(instance.label): [\(loss.lower), \(loss.upper)]")
        }
    }

    func checkRefutedCriticalPoint(incoming: String, outgoing: String, c: @escaping (Int) -> Double,
                                   a: @escaping (Int) -> Double) throws {
        let text = Self.copyAverageFile(k: "2..4", n: "1..k-1", incoming: incoming, outgoing: outgoing,
                                        claims: Self.criticalClaim)
        let report = try Theorems.run(text)
        XCTAssertEqual(try XCTUnwrap(report.claim("ca-critical")).verdict, .refuted, report.text)
        XCTAssertEqual(report.verdict, .refuted)
        for (partition, decision) in try Theorems.decideWithPartitions(text, claim: "ca-critical") {
            // Every instance has a group whose c or a is wrong, so none is critical.
            let partition = try XCTUnwrap(partition)
            XCTAssertEqual(decision.verdict, .refuted, "\(partition)")
            let (index, enclosure) = try XCTUnwrap(decision.gradientWitness, "the witness is a gradient component")
            XCTAssertFalse(enclosure.containsZero, "the witness excludes 0: \(enclosure)")
            // The float64 gradient of the same configuration agrees with the named component.
            let (model, theta) = ErfModel.copyAverage(partition, coefficient: c, outgoing: a)
            let g = model.gradient(theta)[index]
            let slack = 1e-9 * max(1, abs(g))
            XCTAssertTrue(enclosure.lowerBoundAsDouble - slack <= g && g <= enclosure.upperBoundAsDouble + slack,
                          "\(partition): float64 gradient \(g) vs witness \(enclosure)")
        }
    }

    func testWrongOutgoingWeightIsRefutedWithAGradientWitness() throws {
        try checkRefutedCriticalPoint(incoming: "c(l)", outgoing: "l + 1",
                                      c: { 1 / (Double($0) * Double(2 * $0 - 1)).squareRoot() }, a: { Double($0) + 1 })
    }

    func testWrongIncomingCoefficientIsRefutedWithAGradientWitness() throws {
        try checkRefutedCriticalPoint(incoming: "1/sqrt(l*(2*l + 1))", outgoing: "a(l)",
                                      c: { 1 / (Double($0) * Double(2 * $0 + 1)).squareRoot() }, a: { Double($0) })
    }

    func testFloat64ModelAgreesWithTheMathematicsDocument() {
        // Sanity of the reference used above: the analytic float64 gradient matches
        // finite differences of the loss, vanishes at copy-average points (F1), and the
        // loss there is the sum of L* (F2).
        for partition in [[1], [2], [2, 1], [3, 1], [2, 2], [3, 1, 1]] {
            let (model, theta) = ErfModel.copyAverage(partition)
            XCTAssertEqual(model.loss(theta), partition.map(Reference.lStarDouble).reduce(0, +), accuracy: 1e-13)
            XCTAssertLessThan(model.gradient(theta).map(abs).max()!, 1e-13, "\(partition)")
            var perturbed = theta
            for i in perturbed.indices { perturbed[i] += 0.01 * Double((i * 7) % 5 - 2) }
            let g = model.gradient(perturbed)
            for i in perturbed.indices {
                var plus = perturbed, minus = perturbed
                plus[i] += 1e-5; minus[i] -= 1e-5
                XCTAssertEqual(g[i], (model.loss(plus) - model.loss(minus)) / 2e-5, accuracy: 1e-8)
            }
        }
    }

    // MARK: loss

    func testLossEqualsSumOfLstar() throws {
        let claims = """
        [[claim]]
        name   = "ca-loss"
        kind   = "loss"
        family = "ca"
        equals = "sum(Lstar(l) for l in groups)"
        """
        let report = try Theorems.run(Self.copyAverageFile(k: "2..5", n: "1..k-1", claims: claims))
        let claim = try XCTUnwrap(report.claim("ca-loss"))
        XCTAssertEqual(claim.verdict, .verified, report.text)
        for instance in claim.instances {
            let partition = try XCTUnwrap(instance.partition)
            let loss = try XCTUnwrap(instance.loss), value = try XCTUnwrap(instance.value)
            let reference = Reference.lStarSum(partition)
            XCTAssertTrue(Reference.bounds(lower: loss.lower, upper: loss.upper, contain: reference), instance.label)
            XCTAssertTrue(Reference.bounds(lower: value.lower, upper: value.upper, contain: reference), instance.label)
        }
    }

    func testWrongLstarIsRefuted() throws {
        // asin(1/(2l+1)) instead of asin(1/(2l)): L*_wrong(l) − L*(l) = (2l²/π)(asin(1/(2l)) − asin(1/(2l+1))) > 0
        // for every l ≥ 1, so every instance's loss differs from the claimed sum.
        for equals in ["sum(l/3 - 2*l^2/pi*asin(1/(2*l+1)) for l in groups)",
                       "sum(Lstar(l) for l in groups) + 1e-20",
                       "sum(Lstar(l) + 1e-20 for l in groups)"] {
            let claims = """
            [[claim]]
            name   = "ca-loss"
            kind   = "loss"
            family = "ca"
            equals = "\(equals)"
            """
            let report = try Theorems.run(Self.copyAverageFile(k: "2..4", n: "1..k-1", claims: claims))
            let claim = try XCTUnwrap(report.claim("ca-loss"))
            XCTAssertEqual(claim.verdict, .refuted, "\(equals)\n\(report.text)")
            for instance in claim.instances {
                XCTAssertEqual(instance.verdict, .refuted, "\(equals) at \(instance.label)")
                XCTAssertNotNil(instance.witness)
                // The difference enclosure excludes 0 on the right side: computed − claimed < 0.
                let difference = try XCTUnwrap(instance.difference)
                XCTAssertLessThan(try XCTUnwrap(Reference.rational(difference.upper)), Rational(0), instance.label)
            }
        }
    }

    // MARK: minimum-over-family

    func testOptimalCopyAverageIsTheMinimum() throws {
        // F3: among partitions of k into n groups, (k−n+1, 1, …, 1) has the smallest loss L*(k−n+1).
        let claims = """
        [[claim]]
        name   = "ca-optimal"
        kind   = "minimum-over-family"
        family = "ca"
        argmin = "(k-n+1, 1^(n-1))"
        value  = "Lstar(k-n+1)"

        [[claim]]
        name   = "ca-optimal-no-value"
        kind   = "minimum-over-family"
        family = "ca"
        argmin = "(k-n+1, 1^(n-1))"
        """
        let report = try Theorems.run(Self.copyAverageFile(k: "2..6", n: "1..k-1", claims: claims))
        let withValue = try XCTUnwrap(report.claim("ca-optimal"))
        let withoutValue = try XCTUnwrap(report.claim("ca-optimal-no-value"))
        XCTAssertEqual(withValue.verdict, .verified, report.text)
        XCTAssertEqual(withoutValue.verdict, .proved, report.text)
        XCTAssertEqual(withValue.instances.count, (2...6).reduce(0) { $0 + $1 - 1 })
        for instance in withValue.instances {
            let k = instance.parameters.values.first { $0.name == "k" }!.value
            let n = instance.parameters.values.first { $0.name == "n" }!.value
            XCTAssertEqual(instance.partition, [k - n + 1] + Array(repeating: 1, count: n - 1))
            let loss = try XCTUnwrap(instance.loss)
            XCTAssertTrue(Reference.bounds(lower: loss.lower, upper: loss.upper, contain: Reference.lStar(k - n + 1)),
                          instance.label)
            // A certified gap to the other members exists exactly when there are others.
            if Reference.partitionCount(k, n) > 1 {
                let gap = try XCTUnwrap(instance.gap, instance.label)
                XCTAssertGreaterThan(try XCTUnwrap(Reference.rational(gap.lower)), Rational(0))
            }
        }
    }

    func testWrongArgminIsRefutedWithTheBetterMember() throws {
        // Independent check of the expectation: L*(3) + L*(1) < 2 L*(2) and
        // L*(3) + 2 L*(1) < 2 L*(2) + L*(1) (L* concave, L*(1) = 0).
        XCTAssertLessThan(Reference.lStarDouble(3) + Reference.lStarDouble(1), 2 * Reference.lStarDouble(2))
        for (k, n, argmin, better) in [(4, 2, "(2, 2)", [3, 1]), (5, 3, "(2, 2, 1)", [3, 1, 1]),
                                        (6, 2, "[4, 2]", [5, 1])] {
            let claims = """
            [[claim]]
            name   = "ca-optimal"
            kind   = "minimum-over-family"
            family = "ca"
            argmin = "\(argmin)"
            """
            let decisions = try Theorems.decide(Self.copyAverageFile(k: "\(k)..\(k)", n: "\(n)..\(n)", claims: claims))
            let decision = try XCTUnwrap(decisions["ca-optimal"]?.first)
            XCTAssertEqual(decision.verdict, .refuted)
            guard case let .memberBelowArgmin(member, memberLoss, argminLoss)? = decision.witness else {
                return XCTFail("the witness is a better member: \(String(describing: decision.witness))")
            }
            XCTAssertEqual(member, better)
            XCTAssertTrue(Interval.certainlyLess(memberLoss, argminLoss))
        }
    }

    func testWrongMinimumValueIsRefuted() throws {
        for value in ["Lstar(k-n)", "Lstar(k-n+1) + 1e-25", "Lstar(k-n+1) - 1e-25"] {
            let claims = """
            [[claim]]
            name   = "ca-optimal"
            kind   = "minimum-over-family"
            family = "ca"
            argmin = "(k-n+1, 1^(n-1))"
            value  = "\(value)"
            """
            let report = try Theorems.run(Self.copyAverageFile(k: "3..4", n: "1..k-1", claims: claims))
            let claim = try XCTUnwrap(report.claim("ca-optimal"))
            XCTAssertEqual(claim.verdict, .refuted, "\(value)\n\(report.text)")
            XCTAssertTrue(claim.instances.allSatisfy { $0.verdict == .refuted }, "\(value)\n\(report.text)")
        }
    }

    // MARK: inequality

    static func expressionFile(_ claims: String) -> String {
        Theorems.file("""
        [definitions]
        "Lstar(l)" = "l/3 - 2*l^2/pi*asin(1/(2*l))"

        \(claims)
        """, setting: "[setting]\nactivation = \"erf\"\n")
    }

    func testLstarConcavityIsProvedAndConvexityRefuted() throws {
        // Float64 second differences confirm the direction (F3) before the checker does.
        for l in 2...60 {
            XCTAssertLessThan(Reference.lStarDouble(l + 1) - 2 * Reference.lStarDouble(l) + Reference.lStarDouble(l - 1), 0)
        }
        let report = try Theorems.run(Self.expressionFile("""
        [[claim]]
        name  = "concave"
        kind  = "inequality"
        for   = { m = "2..60" }
        holds = "Lstar(m+1) - 2*Lstar(m) + Lstar(m-1) < 0"

        [[claim]]
        name  = "convex"
        kind  = "inequality"
        for   = { m = "2..60" }
        holds = "Lstar(m+1) - 2*Lstar(m) + Lstar(m-1) > 0"
        """))
        let concave = try XCTUnwrap(report.claim("concave")), convex = try XCTUnwrap(report.claim("convex"))
        XCTAssertEqual(concave.verdict, .proved, report.text)
        XCTAssertEqual(concave.instances.count, 59)
        XCTAssertEqual(convex.verdict, .refuted, report.text)
        XCTAssertEqual(convex.instances.count, 59)
        XCTAssertTrue(convex.instances.allSatisfy { $0.verdict == .refuted && $0.witness != nil })
        XCTAssertEqual(report.verdict, .refuted)
    }

    func testRationalInequalitiesAreDecidedExactly() throws {
        // m² ≥ 2m − 1 is (m−1)² ≥ 0: equality at m = 1, which enclosures alone could never
        // decide; m² > 2m − 1 fails exactly (and only) at m = 1.
        let text = Self.expressionFile("""
        [[claim]]
        name  = "square-ge"
        kind  = "inequality"
        for   = { m = "-5..20" }
        holds = "m^2 >= 2*m - 1"

        [[claim]]
        name  = "square-gt"
        kind  = "inequality"
        for   = { m = "1..5" }
        holds = "m^2 > 2*m - 1"

        [[claim]]
        name  = "thirds"
        kind  = "inequality"
        holds = "1/3 + 1/6 <= 1/2"

        [[claim]]
        name  = "thirds-strict"
        kind  = "inequality"
        holds = "1/3 + 1/6 < 1/2"
        """)
        let report = try Theorems.run(text)
        let ge = try XCTUnwrap(report.claim("square-ge"))
        XCTAssertEqual(ge.verdict, .proved, report.text)
        for decision in try XCTUnwrap(Theorems.decide(text)["square-ge"]) {
            guard case .decidedExactly? = decision.detail else { return XCTFail("decided exactly: \(decision)") }
        }
        let gt = try XCTUnwrap(report.claim("square-gt"))
        XCTAssertEqual(gt.verdict, .refuted)
        XCTAssertEqual(gt.instances.filter { $0.verdict == .refuted }.map { $0.parameters.values[0].value }, [1])
        XCTAssertEqual(try XCTUnwrap(report.claim("thirds")).verdict, .proved)
        XCTAssertEqual(try XCTUnwrap(report.claim("thirds-strict")).verdict, .refuted)
    }

    func testIrrationalNonStrictInequalityAtEqualityIsInconclusive() throws {
        // (2/π) asin(1/2) = 1/3 exactly, but not as rationals: "<=" holds, yet no
        // enclosure can certify it, and none may refute it.
        let report = try Theorems.run(Self.expressionFile("""
        [[claim]]
        name  = "le"
        kind  = "inequality"
        holds = "2/pi*asin(1/2) <= 1/3"
        """), maximum: 256)
        let claim = try XCTUnwrap(report.claim("le"))
        XCTAssertEqual(claim.verdict, .inconclusive, report.text)
        XCTAssertNotNil(claim.instances.first?.detail)
    }

    // MARK: equality

    func testEqualities() throws {
        let report = try Theorems.run(Self.expressionFile("""
        [[claim]]
        name      = "asin-half"
        kind      = "equality"
        holds     = "2/pi*asin(1/2) = 1/3"
        tolerance = "1e-60"

        [[claim]]
        name      = "asin-half-off"
        kind      = "equality"
        holds     = "2/pi*asin(1/2) = 1/3 + 1e-40"
        tolerance = "1e-60"

        [[claim]]
        name      = "within-tolerance"
        kind      = "equality"
        holds     = "2/pi*asin(1/2) = 1/3 + 1e-50"
        tolerance = "1e-30"

        [[claim]]
        name  = "rational"
        kind  = "equality"
        for   = { m = "1..30" }
        holds = "(m+1)^2 = m^2 + 2*m + 1"

        [[claim]]
        name  = "rational-false"
        kind  = "equality"
        holds = "1/3 = 0.3333"

        [[claim]]
        name  = "lstar-one"
        kind  = "equality"
        holds = "Lstar(1) = 0"
        """), start: 128, maximum: 1024)
        // (2/π) asin(1/2) = 1/3 exactly: exact arithmetic proves it (no tolerance).
        let asinHalf = try XCTUnwrap(report.claim("asin-half"))
        XCTAssertEqual(asinHalf.verdict, .proved, report.text)
        XCTAssertEqual(asinHalf.worstBound, "exact", report.text)
        XCTAssertTrue(asinHalf.instances[0].detail?.contains("exactly 0") == true, report.text)
        // 1e-40 cannot be resolved at 128 bits (ulp(1/3) ≈ 7e-40): the run must raise the
        // precision, then refute.
        let off = try XCTUnwrap(report.claim("asin-half-off"))
        XCTAssertEqual(off.verdict, .refuted, report.text)
        XCTAssertGreaterThan(try XCTUnwrap(off.instances.first).precision, 128)
        // 1e-50 < 1e-30: enclosures alone would say VERIFIED (equal within the tolerance),
        // but exact arithmetic decides that the difference is exactly 1e-50 ≠ 0.
        let within = try XCTUnwrap(report.claim("within-tolerance"))
        XCTAssertEqual(within.verdict, .refuted, report.text)
        XCTAssertTrue(within.instances[0].witness?.contains("exactly nonzero") == true, report.text)
        let rational = try XCTUnwrap(report.claim("rational"))
        XCTAssertEqual(rational.verdict, .proved, report.text)
        XCTAssertEqual(rational.instances.count, 30)
        XCTAssertEqual(try XCTUnwrap(report.claim("rational-false")).verdict, .refuted, report.text)
        // L*(1) = 1/3 − (2/π) asin(1/2) = 0, irrational on the way: enclosures could only
        // verify it; exact arithmetic proves it.
        XCTAssertEqual(try XCTUnwrap(report.claim("lstar-one")).verdict, .proved, report.text)
    }

    // MARK: kernel

    func testKernelClosedFormsAgainstQuadrature() throws {
        let report = try Theorems.run(Theorems.file("""
        [[claim]]
        name       = "erf-kernel"
        kind       = "kernel"
        activation = "erf"
        tolerance  = "1e-9"
        points     = [["1", "1", "1"], ["2", "1/2", "-3/4"]]

        [[claim]]
        name       = "relu-kernel"
        kind       = "kernel"
        activation = "relu"
        tolerance  = "1e-9"
        points     = [["1", "1", "0"], ["1", "1", "1"]]

        [[claim]]
        name       = "quadratic-kernel"
        kind       = "kernel"
        activation = "quadratic"
        tolerance  = "1e-9"
        points     = [["2", "1/2", "-3/4"]]
        """, setting: "[setting]\nactivation = \"erf\"\n"))
        XCTAssertEqual(report.verdict, .verified, report.text)
        let p = Reference.bits
        // Hand values: κ_erf(1,1,1) = (2/π) asin(1/2) = 1/3; κ_erf(2,1/2,−3/4) = (2/π) asin(−(3/4)/sqrt(3·3/2));
        // κ_ReLU(1,1,0) = 1/(2π); κ_ReLU(1,1,1) = 1/2; κ_quad(2,1/2,−3/4) = 1 + 2·9/16 = 17/8.
        let erfSecond = try (Interval(2, precision: p) / Interval.pi(precision: p))
            * (try (Interval(-3, precision: p) / 4) / Interval(Rational(9, 2), precision: p).sqrt()).asin()
        let expected: [(String, Int, Interval)] = [
            ("erf-kernel", 0, try Interval(1, precision: p) / 3),
            ("erf-kernel", 1, erfSecond),
            ("relu-kernel", 0, try Interval(1, precision: p) / (2 * Interval.pi(precision: p))),
            ("relu-kernel", 1, try Interval(1, precision: p) / 2),
            ("quadratic-kernel", 0, try Interval(17, precision: p) / 8),
        ]
        for (name, index, value) in expected {
            let instance = try XCTUnwrap(report.claim(name)?.instances[index])
            let closedForm = try XCTUnwrap(instance.left), quadrature = try XCTUnwrap(instance.right)
            XCTAssertTrue(Reference.bounds(lower: closedForm.lower, upper: closedForm.upper, contain: value),
                          "\(name) point \(index + 1): closed form [\(closedForm.lower), \(closedForm.upper)]")
            XCTAssertTrue(Reference.bounds(lower: quadrature.lower, upper: quadrature.upper, contain: value),
                          "\(name) point \(index + 1): quadrature [\(quadrature.lower), \(quadrature.upper)]")
        }
    }

    func testKernelAtANonGramPointIsInconclusiveWithAReason() throws {
        // q12² = 4 > q1 q2 = 1: no Gaussian pair has these moments.
        let text = Theorems.file("""
        [[claim]]
        name       = "relu-bad-point"
        kind       = "kernel"
        activation = "relu"
        tolerance  = "1e-9"
        points     = [["1", "1", "2"]]
        """, setting: "[setting]\nactivation = \"relu\"\n")
        let decision = try XCTUnwrap(Theorems.decide(text)["relu-bad-point"]?.first)
        XCTAssertEqual(decision.verdict, .inconclusive)
        guard case .notAGramPoint? = decision.detail else { return XCTFail("the reason: \(decision)") }
        XCTAssertEqual(decision.retry, .final)
        let report = try Theorems.run(text)
        XCTAssertNotNil(report.claim("relu-bad-point")?.instances.first?.detail, "the report states the reason")
        XCTAssertEqual(report.verdict, .inconclusive)
    }

    func testWrongKernelClosedFormIsRefutedByEquality() throws {
        // κ_ReLU(1,1,0) = (S + (π − acos ρ) q12)/(2π) with S = 1, q12 = 0: 1/(2π); at
        // (1,4,1): ρ = 1/2, S = √3, κ = (√3 + (2π/3))/(2π) = √3/(2π) + 1/3. Dropping
        // the 2 gives 1/π: REFUTED. The erf kernel with s = 2 instead of 1 at (1,1,1):
        // (2/π) asin(2/3) ≠ 1/3: REFUTED.
        let report = try Theorems.run(Theorems.file("""
        [definitions]
        "relu(q1, q2, q12)"  = "(sqrt(q1*q2 - q12^2) + (pi - acos(q12/sqrt(q1*q2)))*q12)/(2*pi)"
        "wrong(q1, q2, q12)" = "(sqrt(q1*q2 - q12^2) + (pi - acos(q12/sqrt(q1*q2)))*q12)/pi"

        [[claim]]
        name  = "relu-right"
        kind  = "equality"
        holds = "relu(1, 1, 0) = 1/(2*pi)"

        [[claim]]
        name  = "relu-right-general"
        kind  = "equality"
        holds = "relu(1, 4, 1) = sqrt(3)/(2*pi) + 1/3"

        [[claim]]
        name  = "relu-wrong"
        kind  = "equality"
        holds = "wrong(1, 1, 0) = 1/(2*pi)"

        [[claim]]
        name  = "erf-wrong-scale"
        kind  = "equality"
        holds = "2/pi*asin(2*1/sqrt((1+2*1)*(1+2*1))) = 1/3"
        """, setting: "[setting]\nactivation = \"relu\"\n"))
        // Right closed forms: exact arithmetic proves them (no tolerance).
        XCTAssertEqual(try XCTUnwrap(report.claim("relu-right")).verdict, .proved, report.text)
        XCTAssertEqual(try XCTUnwrap(report.claim("relu-right-general")).verdict, .proved, report.text)
        XCTAssertEqual(try XCTUnwrap(report.claim("relu-wrong")).verdict, .refuted, report.text)
        XCTAssertEqual(try XCTUnwrap(report.claim("erf-wrong-scale")).verdict, .refuted, report.text)
    }
}
