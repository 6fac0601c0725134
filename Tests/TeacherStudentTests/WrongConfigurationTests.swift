import XCTest
import CertifiedIntervals
@testable import TeacherStudent

/// Item 9: the checker refutes criticality of configurations that are not copy-average
/// points: some gradient enclosure must exclude 0.
final class WrongConfigurationTests: XCTestCase {

    static let precision = 256

    func problem(coefficient: @escaping (Int) -> Interval, outgoingWeight: @escaping (Int) -> Interval) -> TeacherStudentProblem {
        let p = Self.precision
        return TeacherStudentProblem(
            activation: .standardErf,
            teacher: Configurations.orthonormalTeacher(neurons: 4, inputDimension: 4, precision: p),
            student: Configurations.copyAverageStudent(partition: [3, 1], inputDimension: 4, precision: p,
                                                       coefficient: coefficient, outgoingWeight: outgoingWeight))
    }

    /// c(ℓ) = 1/sqrt(ℓ(2ℓ − 1)), computed here.
    func standardCoefficient(_ l: Int) -> Interval {
        try! Interval(1, precision: Self.precision) / (try! Interval(l * (2 * l - 1), precision: Self.precision).sqrt())
    }

    func assertRefuted(_ problem: TeacherStudentProblem, _ what: String) throws {
        let result = try DenseEvaluation.lossAndGradient(problem, precision: Self.precision)
        let excluding = result.flattenedGradient.enumerated().filter { !$0.element.containsZero }
        XCTAssertFalse(excluding.isEmpty, "\(what): every gradient component contains 0: \(result.flattenedGradient.map(\.short))")
        // The refutation is robust: some component is certainly away from 0 by more than 1e-3.
        XCTAssertTrue(excluding.contains { !$0.element.isWithin(magnitude: Rational(1, 1000)) }, "\(what): only tiny components exclude 0")
    }

    func testStandardCopyAverageIsCritical() throws {
        // Control: with the paper's a(ℓ) = ℓ and c(ℓ) every component contains 0.
        let result = try DenseEvaluation.lossAndGradient(
            problem(coefficient: standardCoefficient, outgoingWeight: { Interval($0, precision: Self.precision) }),
            precision: Self.precision)
        for g in result.flattenedGradient {
            XCTAssertTrue(g.containsZero && g.isWithin(magnitude: Rational(exactly: "1e-60")!), "standard CA (3,1): \(g.short)")
        }
    }

    func testWrongOutgoingWeightIsNotCritical() throws {
        try assertRefuted(problem(coefficient: standardCoefficient, outgoingWeight: { Interval($0 + 1, precision: Self.precision) }),
                          "a(ℓ) = ℓ + 1")
    }

    func testWrongCoefficientIsNotCritical() throws {
        let p = Self.precision
        try assertRefuted(problem(coefficient: { l in
            try! Interval(1, precision: p) / (try! Interval(l * (2 * l + 1), precision: p).sqrt())
        }, outgoingWeight: { Interval($0, precision: p) }), "c(ℓ) = 1/sqrt(ℓ(2ℓ+1))")
    }

    /// The same refutations through the Hessian-independent route of finite differences:
    /// the loss is not stationary — moving along −∇L lowers it.
    func testLossDecreasesAlongNegativeGradientAtWrongConfiguration() throws {
        let p = Self.precision
        let wrong = problem(coefficient: standardCoefficient, outgoingWeight: { Interval($0 + 1, precision: p) })
        let result = try DenseEvaluation.lossAndGradient(wrong, precision: p)
        let gradient = result.flattenedGradient
        let step = Interval(1, precision: p).scaled(byPowerOfTwo: -20)
        var moved = wrong
        for r in 0..<wrong.parameterCount where !gradient[r].isExactZero {
            moved = moved.movingParameter(r, by: -(step * Interval(exactly: gradient[r].midpoint)))
        }
        let lower = try DenseEvaluation.loss(moved, precision: p)
        XCTAssertTrue(Interval.certainlyLess(lower, result.loss), "L after a small step along −∇L: \(lower.short) vs \(result.loss.short)")
    }
}
