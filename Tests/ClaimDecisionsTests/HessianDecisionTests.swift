import XCTest
import CertifiedIntervals
import Reports
import CheckerTestSupport
@testable import ClaimDecisions

/// Types of critical points as typed decisions: the right type VERIFIED at a closed-form
/// configuration, a wrong type REFUTED with the right kind of witness, and the Morse
/// index against float64 eigenvalues of the independent ErfModel.
final class HessianDecisionTests: XCTestCase {

    static func typeClaims(index: Int) -> String {
        """
        [[claim]]
        name   = "local-minimum"
        kind   = "hessian"
        family = "ca"
        type   = "local-minimum"

        [[claim]]
        name   = "saddle"
        kind   = "hessian"
        family = "ca"
        type   = "saddle"

        [[claim]]
        name        = "index-wrong"
        kind        = "hessian"
        family      = "ca"
        morse-index = "\(index + 1)"
        """
    }

    func decisions(_ partition: [Int]) throws -> (index: Int, [TheoremVerifier.ClaimDecision]) {
        let (model, theta) = ErfModel.copyAverage(partition)
        let eigenvalues = symmetricEigenvalues(model.hessian(theta))
        XCTAssertGreaterThan(eigenvalues.map(abs).min()!, 1e-4, "a non-degenerate reference")
        let index = eigenvalues.filter { $0 < 0 }.count
        let k = partition.reduce(0, +)
        let text = Decide.copyAverageFile(k: "\(k)..\(k)", n: "\(partition.count)..\(partition.count)",
                                          partitions: "\(partition)", claims: Self.typeClaims(index: index))
        return (index, try Decide.claims(text))
    }

    /// A copy-average point is exactly critical (its reduced gradient quantities are
    /// exactly 0), so its type is the certified inertia of the Hessian at the point
    /// itself: PROVED, with no Krawczyk box.
    func testAStrictMinimumIsProvedAtTheExactPointAndItsWrongTypesRefuted() throws {
        let (index, claims) = try decisions([1])
        XCTAssertEqual(index, 0)
        let minimum = try XCTUnwrap(Decide.claim("local-minimum", in: claims).instances.first)
        XCTAssertEqual(minimum.verdict, .proved)
        XCTAssertEqual(minimum.evidence.morseIndex, 0)
        XCTAssertNil(minimum.evidence.krawczyk, "no Krawczyk box at an exactly critical point")
        guard case let .inertia(summary, configuration)? = minimum.detail else { return XCTFail("inertia") }
        XCTAssertEqual(summary.negative, 0)
        XCTAssertFalse(summary.moduloSymmetry)
        XCTAssertTrue(summary.atExactPoint)
        guard case .exact = configuration else { return XCTFail("criticality exact") }

        let saddle = try XCTUnwrap(Decide.claim("saddle", in: claims).instances.first)
        XCTAssertEqual(saddle.verdict, .refuted)
        guard case let .definiteHessian(minimum: isMinimum, _)? = saddle.witness else { return XCTFail("definite") }
        XCTAssertTrue(isMinimum)

        let wrong = try XCTUnwrap(Decide.claim("index-wrong", in: claims).instances.first)
        XCTAssertEqual(wrong.verdict, .refuted)
        // Typed from its symmetry sectors: the witness lists the sectors carrying negative
        // directions (none here).
        XCTAssertEqual(wrong.evidence.hessianMethod, .sectors)
        guard case let .sectorMorseIndex(actual, claimed, _, carriers)? = wrong.witness else {
            return XCTFail("index witness")
        }
        XCTAssertEqual(actual, 0)
        XCTAssertEqual(claimed, 1)
        XCTAssertTrue(carriers.isEmpty)
    }

    func testASaddleIsProvedAndTheMinimumClaimRefutedByNegativeCurvature() throws {
        // The first small copy-average point that the float64 reference types as a saddle.
        let partition = try XCTUnwrap([[2, 1], [3, 1], [2, 2], [3]].first { partition in
            let (model, theta) = ErfModel.copyAverage(partition)
            return symmetricEigenvalues(model.hessian(theta)).contains { $0 < -1e-4 }
        })
        let (index, claims) = try decisions(partition)
        XCTAssertGreaterThan(index, 0)
        let saddle = try XCTUnwrap(Decide.claim("saddle", in: claims).instances.first)
        XCTAssertEqual(saddle.verdict, .proved)   // exactly critical: inertia at the point
        XCTAssertEqual(saddle.evidence.morseIndex, index)
        guard case .morseIndex(let worst)? = saddle.worstBound else { return XCTFail("worst bound") }
        XCTAssertEqual(worst, index)
        let minimum = try XCTUnwrap(Decide.claim("local-minimum", in: claims).instances.first)
        XCTAssertEqual(minimum.verdict, .refuted)
        switch minimum.witness {
        case let .negativeCurvature(form, moduloSymmetry)?:
            XCTAssertTrue(form.isNegative)
            XCTAssertFalse(moduloSymmetry)
        case .notAMinimum(let summary)?:
            XCTAssertEqual(summary.negative, index)
        case let .negativeSectors(summary, carriers)?:
            // Typed from its symmetry sectors: the sectors carrying the negative directions.
            XCTAssertEqual(summary.negative, index)
            XCTAssertEqual(carriers.reduce(0) { $0 + $1.negativeDirections }, index)
        default:
            XCTFail("witness \(String(describing: minimum.witness))")
        }
    }

    func testANonCriticalPointIsRefutedAsNotCritical() throws {
        let text = Decide.copyAverageFile(k: "2..2", n: "1..1", outgoing: "l + 1", claims: Self.typeClaims(index: 0))
        let claims = try Decide.claims(text)
        for claim in claims {
            let decision = try XCTUnwrap(claim.instances.first)
            XCTAssertEqual(decision.verdict, .refuted)
            guard case let .gradientComponent(_, enclosure, asNotCritical)? = decision.witness else {
                return XCTFail("gradient witness")
            }
            XCTAssertTrue(asNotCritical)
            XCTAssertFalse(enclosure.containsZero)
        }
    }
}
