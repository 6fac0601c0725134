import XCTest
import CertifiedIntervals
@testable import TeacherStudent

/// From float weights near a degenerate critical point to the exact rational point and its
/// exact decision. The exact points and nullities are hand computations (mathematics.md §8,
/// theorems/overparameterized.toml and theorems/quadratic.toml): an erf split of teacher
/// neuron 3 (k = d = 3, n = 4) has zero loss and nullity d + 1 = 4; the z² minimum
/// M = M* = diag(2, 1) with n = 2 students has nullity n(n+1)/2 = 3, all symmetry tangents.
final class ExactDegeneratePointTests: XCTestCase {
    func r(_ p: Int, _ q: Int = 1) -> Rational { Rational(p, q) }

    func network(_ rows: [[Rational]], _ outputs: [Rational]) -> ExactNetwork {
        ExactNetwork(inputWeights: rows, outputWeights: outputs)
    }

    /// The exact binary number nearest to `x + offset` as float64, or as float32.
    func float(_ x: Rational, offset: Double, float32: Bool) -> Rational {
        let value = x.doubleValue + offset
        return Rational(exactly: float32 ? Double(Float(value)) : value)!
    }

    /// `exact` moved by offsets of size ~1e-12 (alternating signs) and rounded to float64/32.
    func perturbed(_ exact: ExactNetwork, float32: Bool) -> ExactNetwork {
        var k = 0
        func next() -> Double { k += 1; return (k % 2 == 0 ? 1 : -1) * Double(3 + k % 7) * 1e-13 }
        return network(exact.inputWeights.map { $0.map { float($0, offset: next(), float32: float32) } },
                       exact.outputWeights.map { float($0, offset: next(), float32: float32) })
    }

    let identity3 = [[Rational(1), 0, 0], [0, 1, 0], [0, 0, 1]]

    var erfSplit: ExactNetwork {
        network(identity3 + [[0, 0, 1]], [r(1), r(1), r(1, 4), r(3, 4)])
    }
    var erfTeacher: ExactNetwork { network(identity3, [r(1), r(1), r(1)]) }
    var quadraticMinimum: ExactNetwork { network([[r(1, 3), r(-2, 3)], [r(4, 3), r(1, 3)]], [r(2), r(1)]) }
    var quadraticTeacher: ExactNetwork { network([[r(1), r(0)], [r(0), r(1)]], [r(2), r(1)]) }

    let tolerances = [Rational(1, 10_000_000_000), Rational(1, 10_000_000), Rational(1, 100_000)]

    func testSimpleRationals() {
        // 1/3 as float64 and float32 (relative error 2^-53, 2^-24).
        XCTAssertEqual(ExactDegeneratePoint.simpleRational(near: Rational(exactly: 1.0 / 3)!, tolerance: r(1, 10_000_000_000)), r(1, 3))
        XCTAssertEqual(ExactDegeneratePoint.simpleRational(near: Rational(exactly: Double(Float(1.0 / 3)))!, tolerance: r(1, 10_000_000)), r(1, 3))
        // π to 1e-6: 355/113 (|355/113 − π| ≈ 2.7e-7), not 22/7.
        XCTAssertEqual(ExactDegeneratePoint.simpleRational(near: Rational(exactly: Double.pi)!, tolerance: r(1, 1_000_000)), r(355, 113))
        XCTAssertEqual(ExactDegeneratePoint.simpleRational(near: Rational(exactly: -2.5)!, tolerance: r(1, 1000)), r(-5, 2))
    }

    func testErfSplitFromFloat64AndFloat32() throws {
        for float32 in [false, true] {
            let input = perturbed(erfSplit, float32: float32)
            let result = ExactDegeneratePoint.certifyNear(input, teacher: erfTeacher, activation: .standardErf, tolerances: tolerances,
                                                          maximumDistance: r(1, 1000), precision: 128)
            let certificate = try XCTUnwrap(result.certificate, "float32 = \(float32): \(result.reasons)")
            XCTAssertEqual(certificate.point, erfSplit)
            XCTAssertEqual(certificate.loss, r(0))
            XCTAssertNotNil(certificate.zeroLoss)
            XCTAssertEqual(certificate.inertia.nullity, 4)
            XCTAssertEqual(certificate.inertia.negative, 0)
            XCTAssertFalse(certificate.isMorseBottMinimum)  // 3 Gauss–Newton directions are not tangents
            XCTAssertEqual(certificate.typeKey, "global-minimum")
            XCTAssertEqual(result.distance, ExactDegeneratePoint.maxNormDistance(input, erfSplit))
            XCTAssertTrue(result.distance! < r(1, 1_000_000), "\(result.distance!)")
        }
    }

    /// A split at an arbitrary ratio (as descent leaves it): the group's sum is snapped to the
    /// teacher's weight, so zero loss is exact whatever the split.
    func testErfSplitAtAnArbitraryRatio() throws {
        let share = 0.3137482915
        let input = network(identity3 + [[0, 0, 1]], [r(1), r(1), Rational(exactly: share)!, Rational(exactly: 1 - share)!])
        let result = ExactDegeneratePoint.certifyNear(input, teacher: erfTeacher, activation: .standardErf, tolerances: tolerances,
                                                      maximumDistance: r(1, 1000), precision: 128)
        let certificate = try XCTUnwrap(result.certificate, "\(result.reasons)")
        XCTAssertEqual(certificate.point.outputWeights[2] + certificate.point.outputWeights[3], r(1))
        XCTAssertEqual(certificate.inertia.nullity, 4)
    }

    func testQuadraticMinimumFromFloat64AndFloat32() throws {
        for float32 in [false, true] {
            let input = perturbed(quadraticMinimum, float32: float32)
            let result = ExactDegeneratePoint.certifyNear(input, teacher: quadraticTeacher, activation: .quadratic,
                                                          tolerances: tolerances, maximumDistance: r(1, 1000), precision: 128)
            let certificate = try XCTUnwrap(result.certificate, "float32 = \(float32): \(result.reasons)")
            XCTAssertEqual(certificate.point, quadraticMinimum)
            XCTAssertEqual(certificate.loss, r(0))
            XCTAssertEqual(certificate.inertia.nullity, 3)
            XCTAssertEqual(certificate.inertia.negative, 0)
            XCTAssertTrue(certificate.isMorseBottMinimum)
            XCTAssertEqual(certificate.typeKey, "local-minimum-modulo-symmetry")
        }
    }

    /// z² at positive loss: the rational saddle a = 5/3, w = e_2 (L = 32/3, index 1; quadratic.toml)
    /// and the dead-copy point (exactly critical, PSD with a kernel larger than the tangents: undecided).
    func testQuadraticSaddleAndDeadCopy() throws {
        let saddle = network([[r(0), r(1)]], [r(5, 3)])
        guard case .certified(let certificate) = try ExactDegeneratePoint.decide(activation: .quadratic, student: saddle,
                                                                                  teacher: quadraticTeacher, precision: 128) else {
            return XCTFail("the rational saddle is exactly critical")
        }
        XCTAssertEqual(certificate.loss, r(32, 3))
        XCTAssertEqual(certificate.inertia.negative, 1)
        XCTAssertEqual(certificate.typeKey, "saddle")
        let dead = network([[r(1), r(0)], [r(1), r(0)]], [r(7, 3), r(0)])
        guard case .undecided = try ExactDegeneratePoint.decide(activation: .quadratic, student: dead, teacher: quadraticTeacher,
                                                               precision: 128) else {
            return XCTFail("the dead-copy point is not a minimum and must not be certified")
        }
    }

    /// Points near no degenerate critical point: never certified.
    func testRandomPointsAreNotCertified() {
        var state: UInt64 = 0x9E3779B97F4A7C15
        func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53) * 2 - 1
        }
        for (activation, teacher) in [(Activation.standardErf, erfTeacher), (.quadratic, network(identity3, [r(2), r(1), r(1)])),
                                      (.relu, erfTeacher)] {
            for _ in 0..<3 {
                let input = network((0..<4).map { _ in (0..<3).map { _ in Rational(exactly: next())! } },
                                    (0..<4).map { _ in Rational(exactly: next())! })
                let result = ExactDegeneratePoint.certifyNear(input, teacher: teacher, activation: activation,
                                                              tolerances: tolerances, maximumDistance: r(1, 1000), precision: 128)
                XCTAssertNil(result.certificate, "\(activation)")
            }
        }
    }
}
