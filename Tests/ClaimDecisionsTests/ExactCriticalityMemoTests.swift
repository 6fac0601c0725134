import XCTest
import CertifiedIntervals
import Reports
import TheoremFiles
@testable import ClaimDecisions

/// `ExactCriticalityMemo`: the exact zero tests of the reduced gradient quantities are
/// run once per file for each quantity and sizes — partitions with the same sizes in
/// another order share them, different sizes do not — and the key holds the closed forms
/// with the instance's parameters bound, so a family whose a(ℓ) differs from the true
/// one below the resolution of the enclosures is never PROVED exact from another
/// family's (or another instance's) tests.
final class ExactCriticalityMemoTests: XCTestCase {

    /// A file with one critical-point claim per family; `families` maps a family name to
    /// (partition list, outgoing closed form a(ℓ); the incoming one is the true c(ℓ)).
    func file(k: String, _ families: [(name: String, partitions: String, outgoing: String)]) -> String {
        var text = """
        [theorem]
        title  = "exact criticality memo"
        source = "ExactCriticalityMemoTests"

        [setting]
        activation = "erf"
        teacher    = "orthonormal"

        [parameters]
        k = "\(k)"

        [definitions]
        "c(l)" = "1/sqrt(l*(2*l - 1))"

        """
        for family in families {
            text += """

            [family.\(family.name)]
            kind       = "copy-average"
            partitions = "\(family.partitions)"
            incoming   = "c(l)"
            outgoing   = "\(family.outgoing)"

            """
        }
        for family in families {
            text += """

            [[claim]]
            name      = "critical-\(family.name)"
            kind      = "critical-point"
            family    = "\(family.name)"
            tolerance = "1e-30"

            """
        }
        return text
    }

    /// The decisions of every claim and the file's memo after the run (one thread, so
    /// that no zero test is run twice by two threads at once).
    func run(_ text: String) throws -> ([TheoremVerifier.ClaimDecision], ExactCriticalityMemo) {
        let verifier = TheoremVerifier(file: try TheoremFileParser.parse(text: text, file: "memo.toml"),
                                       options: VerificationOptions(startPrecision: 128, maximumPrecision: 512))
        let (claims, runner) = verifier.decide(try verifier.plan())
        return (claims, runner.cache.exactCriticality)
    }

    func isExact(_ decision: InstanceDecision) -> Bool {
        if case .exactlyCritical? = decision.detail { return decision.verdict == .proved }
        return false
    }

    func testSameSizesInAnotherOrderShareTheZeroTests() throws {
        let (alone, memoAlone) = try run(file(k: "4..4", [("a", "[2, 1, 1]", "l")]))
        XCTAssertTrue(alone[0].instances.allSatisfy(isExact))
        XCTAssertGreaterThan(memoAlone.zeroTestsRun, 0)
        // The same sizes in two other orders: the later claims run no zero test of their own.
        let (claims, memo) = try run(file(k: "4..4", [("a", "[2, 1, 1]", "l"), ("b", "[1, 1, 2]", "l"),
                                                      ("c", "[1, 2, 1]", "l")]))
        for claim in claims { XCTAssertTrue(claim.instances.allSatisfy(isExact), claim.planned.claim.name) }
        XCTAssertEqual(memo.zeroTestKeys, memoAlone.zeroTestKeys)
        XCTAssertEqual(memo.zeroTestsRun, memoAlone.zeroTestsRun, "a reordered partition ran its zero tests again")
        // Each zero test ran once for its key.
        XCTAssertEqual(memo.zeroTestsRun, memo.zeroTestKeys.count)
    }

    func testDifferentSizesRunTheirOwnZeroTests() throws {
        let (_, memoAlone) = try run(file(k: "4..4", [("a", "[2, 1, 1]", "l")]))
        let (claims, memo) = try run(file(k: "4..4", [("a", "[2, 1, 1]", "l"), ("b", "[3, 1]", "l")]))
        for claim in claims { XCTAssertTrue(claim.instances.allSatisfy(isExact), claim.planned.claim.name) }
        let added = memo.zeroTestKeys.subtracting(memoAlone.zeroTestKeys)
        XCTAssertFalse(added.isEmpty, "the partition (3, 1) ran no zero test of its own")
        XCTAssertTrue(added.allSatisfy { $0.contains("(3") || $0.contains(", 3)") }, "\(added)")
        XCTAssertTrue(memo.zeroTestKeys.isSuperset(of: memoAlone.zeroTestKeys))
    }

    /// a(ℓ) = ℓ moved by 10⁻⁶⁰ at ℓ = 2 only: the gradient enclosures (128 bits) still
    /// contain 0 and are within the tolerance, so the claim is VERIFIED — but the gradient
    /// is not exactly 0, so it must not be PROVED exact. A memo keyed by the sizes alone
    /// would hand the second family the first one's zero tests at ℓ = 2 and prove it.
    func testAnotherClosedFormDoesNotShareTheZeroTests() throws {
        let perturbed = "l + (l - 1)*(3 - l)/10^60"
        let (claims, _) = try run(file(k: "4..4", [("a", "[2, 1, 1]", "l"), ("b", "[2, 1, 1]", perturbed)]))
        XCTAssertTrue(claims[0].instances.allSatisfy(isExact))
        let decision = try XCTUnwrap(claims[1].instances.first)
        XCTAssertFalse(isExact(decision), "a perturbed a(2) was PROVED exactly critical")
        XCTAssertEqual(decision.verdict, .verified, "the perturbation should be below the enclosures' resolution")
    }

    /// a(ℓ) depends on the parameter k and is the true one (ℓ) only at k = 4: the instance
    /// k = 5 meets the sizes 2 and 1 again, and must not reuse the zero tests of k = 4.
    func testTheParametersAreBoundInTheKey() throws {
        let (claims, _) = try run(file(k: "4..5", [("a", "(2, 1^(k-2))", "l + (k - 4)/10^60")]))
        let instances = zip(claims[0].planned.instances, claims[0].instances)
        for (instance, decision) in instances {
            let k = try XCTUnwrap(instance.parameters["k"])
            XCTAssertEqual(isExact(decision), k == 4, "k = \(k): \(String(describing: decision.detail))")
            XCTAssertNotEqual(decision.verdict, .refuted)
        }
    }
}
