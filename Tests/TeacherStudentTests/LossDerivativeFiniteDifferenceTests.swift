import XCTest
import CertifiedIntervals
@testable import TeacherStudent
import CheckerTestSupport

/// Items 3 and 4: the certified gradient against central differences of the certified
/// loss, and the certified Hessian against central differences of the certified
/// gradient (plus its symmetry), on random explicit configurations for every activation.
final class LossDerivativeFiniteDifferenceTests: XCTestCase {

    static let precision = 512
    /// h = 2^-60.
    static let stepExponent = -60
    /// Central differences with h = 2^-60 (h² ≈ 7.5e-37) have truncation error
    /// (h²/6)·|F‴(ξ)| along the parameter moved (F = L for the gradient check, F = ∂L/∂θ
    /// for the Hessian check, so third and fourth derivatives of L matter). The weights
    /// are rationals with |entries| ≤ 2, |a|, |b| ≤ 2, n, k ≤ 3, d ≤ 4, so Gram entries
    /// are ≤ 16 and the loss has at most 21 pair terms, each |a b| ≤ 4 times a kernel.
    /// - quadratic/linear: L is a polynomial of degree ≤ 4 in one weight; its third and
    ///   fourth derivatives are ≤ 21·4·24·(4 q_max)² < 1e7;
    /// - erf: every partial of κ of order m is bounded by s^m times a constant ≤ 10 (all
    ///   denominators are powers of D ≥ 1 and of 1 + s q ≥ 1), times powers of 2|w|, |v| ≤ 8:
    ///   < 1e8 in total;
    /// - ReLU: `separated` keeps |w|², |v|² ≥ 1/4 and |ρ| ≤ 0.95, so S ≥ 0.078, S⁻⁵ < 3e5
    ///   and 1/q ≤ 4; the largest fourth partial, ~3 q12²/(2π S⁵), is < 5e7, and with the
    ///   factors v_t⁴ ≤ 16, |a b| ≤ 4 and 21 terms the total stays < 1e11.
    /// Hence the truncation error is < (7.5e-37/6)·1e11 ≈ 1.3e-26, and widening by 1e-24
    /// (absolute) covers it with margin, while an error in a gradient or Hessian formula
    /// (of the size of the terms, ≫ 1e-20) is caught: the test checks that a shift of
    /// 1e-20 is rejected.
    static let truncationBound = Rational(exactly: "1e-24")!
    static let detectableShift = Rational(exactly: "1e-20")!
    static let configurationsPerActivation = 20

    static let activations: [ActivationCase] = [.erfUnitScale, .erfScaleTwo, .relu, .quadratic, .linear]

    func step(precision p: Int) -> Interval { Interval(1, precision: p).scaled(byPowerOfTwo: Self.stepExponent) }

    /// Encloses `(F(θ + h e_r) − F(θ − h e_r)) / (2h)` componentwise, widened by the bound.
    func centralDifference(_ problem: TeacherStudentProblem, parameter r: Int,
                           _ f: (TeacherStudentProblem) throws -> [Interval]) throws -> [Interval] {
        let h = step(precision: Self.precision)
        let plus = try f(problem.movingParameter(r, by: h)), minus = try f(problem.movingParameter(r, by: -h))
        return zip(plus, minus).map {
            ($0 - $1).scaled(byPowerOfTwo: -Self.stepExponent - 1).widened(by: Self.truncationBound)
        }
    }

    func configurations(_ c: ActivationCase, seed: UInt64) -> [RandomConfiguration] {
        var rng = SplitMix64(seed: seed)
        return (0..<Self.configurationsPerActivation).map { _ in RandomConfiguration.random(&rng, separated: c.isReLU) }
    }

    func testGradientMatchesCentralDifferencesOfLoss() throws {
        let p = Self.precision
        for (index, c) in Self.activations.enumerated() {
            for config in configurations(c, seed: 0x5EED_0100 + UInt64(index)) {
                let problem = config.problem(c.activation, precision: p)
                let result = try DenseEvaluation.lossAndGradient(problem, precision: p)
                let loss = try DenseEvaluation.loss(problem, precision: p)
                XCTAssertTrue(loss.overlaps(result.loss) && loss.isTight(bits: 400),
                              "\(c.label), \(config): loss() \(loss.short) vs lossAndGradient \(result.loss.short)")
                let gradient = result.flattenedGradient
                XCTAssertEqual(gradient.count, problem.parameterCount)
                for r in 0..<problem.parameterCount {
                    let fd = try centralDifference(problem, parameter: r) { [try DenseEvaluation.loss($0, precision: p)] }[0]
                    XCTAssertTrue(gradient[r].overlaps(fd) && gradient[r].isTight(bits: 300),
                                  "\(c.label), \(config): ∂L/∂\(problem.parameterName(r)) = \(gradient[r].short), central difference \(fd.short)")
                    // Teeth: the same check rejects the component shifted by 1e-20.
                    let shifted = gradient[r] + Interval(Self.detectableShift, precision: p)
                    XCTAssertFalse(shifted.overlaps(fd), "\(c.label): the check cannot see a 1e-20 error")
                }
            }
        }
    }

    func testHessianMatchesCentralDifferencesOfGradientAndIsSymmetric() throws {
        let p = Self.precision
        for (index, c) in Self.activations.enumerated() {
            // ReLU: `separated` configurations keep every pair away from w ∥ v.
            for config in configurations(c, seed: 0x5EED_0200 + UInt64(index)) {
                let problem = config.problem(c.activation, precision: p)
                let hessian = try DenseEvaluation.hessian(problem, precision: p)
                let size = problem.parameterCount
                XCTAssertEqual(hessian.size, size)
                for r in 0..<size {
                    let fd = try centralDifference(problem, parameter: r) {
                        try DenseEvaluation.lossAndGradient($0, precision: p).flattenedGradient
                    }
                    for col in 0..<size {
                        // Column r of H is ∂(∇L)/∂θ_r.
                        XCTAssertTrue(hessian[col, r].overlaps(fd[col]) && hessian[col, r].isTight(bits: 300),
                                      "\(c.label), \(config): H[\(problem.parameterName(col)), \(problem.parameterName(r))] = \(hessian[col, r].short), central difference of the gradient \(fd[col].short)")
                        XCTAssertTrue(hessian[r, col].overlaps(hessian[col, r]),
                                      "\(c.label), \(config): H not symmetric at (\(r), \(col)): \(hessian[r, col].short) vs \(hessian[col, r].short)")
                    }
                }
            }
        }
    }

    /// Gradient and Hessian at configurations with exact zeros and orthogonal vectors
    /// (the sparse shortcuts and the exact-zero kernel paths of the evaluation).
    func testSparseConfigurationsWithOrthogonalVectors() throws {
        let p = Self.precision
        let config = RandomConfiguration(
            studentWeights: [[1, 0, 0], [0, Rational(1, 2), Rational(-3, 4)]],
            studentOutput: [Rational(3, 2), -1],
            teacherWeights: [[0, 1, 0], [0, 0, 2], [1, 1, 0]],
            teacherOutput: [1, Rational(1, 3), -2])
        for c in Self.activations {
            let problem = config.problem(c.activation, precision: p)
            let gradient = try DenseEvaluation.lossAndGradient(problem, precision: p).flattenedGradient
            let hessian = try DenseEvaluation.hessian(problem, precision: p)
            for r in 0..<problem.parameterCount {
                let fdLoss = try centralDifference(problem, parameter: r) { [try DenseEvaluation.loss($0, precision: p)] }[0]
                XCTAssertTrue(gradient[r].overlaps(fdLoss),
                              "\(c.label), \(config): ∂L/∂\(problem.parameterName(r)) = \(gradient[r].short), central difference \(fdLoss.short)")
                let fd = try centralDifference(problem, parameter: r) {
                    try DenseEvaluation.lossAndGradient($0, precision: p).flattenedGradient
                }
                for col in 0..<problem.parameterCount {
                    XCTAssertTrue(hessian[col, r].overlaps(fd[col]),
                                  "\(c.label), \(config): H[\(problem.parameterName(col)), \(problem.parameterName(r))] = \(hessian[col, r].short), central difference \(fd[col].short)")
                }
            }
        }
    }
}
