import XCTest
import CertifiedIntervals
@testable import TeacherStudent
import CheckerTestSupport

/// Items 5 and 6: for polynomial activations the population loss has a closed form in
/// the weights that does not go through kernels or Gram entries.
///
/// Quadratic: f(x) − f*(x) = xᵀ Δ x with Δ = Σ a_i w_i w_iᵀ − Σ b_j v_j v_jᵀ, and for
/// x ~ N(0, I) and symmetric Δ, E[(xᵀΔx)²] = (tr Δ)² + 2 ‖Δ‖_F².
/// Linear: f(x) − f*(x) = uᵀx with u = Σ a_i w_i − Σ b_j v_j, so L = |u|².
final class PolynomialActivationLossTests: XCTestCase {

    static let precision = 256

    func weights(_ config: RandomConfiguration, precision p: Int)
        -> (w: [[Interval]], a: [Interval], v: [[Interval]], b: [Interval]) {
        func iv(_ x: Rational) -> Interval { Interval(x, precision: p) }
        return (config.studentWeights.map { $0.map(iv) }, config.studentOutput.map(iv),
                config.teacherWeights.map { $0.map(iv) }, config.teacherOutput.map(iv))
    }

    /// (tr Δ)² + 2 ‖Δ‖_F², Δ = Σ a_i w_i w_iᵀ − Σ b_j v_j v_jᵀ.
    func quadraticLoss(_ config: RandomConfiguration, precision p: Int) -> Interval {
        let (w, a, v, b) = weights(config, precision: p)
        let d = config.d
        var delta = Array(repeating: Array(repeating: Interval.zero(precision: p), count: d), count: d)
        for s in 0..<d {
            for t in 0..<d {
                for i in w.indices { delta[s][t] = delta[s][t] + a[i] * w[i][s] * w[i][t] }
                for j in v.indices { delta[s][t] = delta[s][t] - b[j] * v[j][s] * v[j][t] }
            }
        }
        var trace = Interval.zero(precision: p), frobenius = Interval.zero(precision: p)
        for s in 0..<d {
            trace = trace + delta[s][s]
            for t in 0..<d { frobenius = frobenius + delta[s][t].squared }
        }
        return trace.squared + 2 * frobenius
    }

    /// |Σ a_i w_i − Σ b_j v_j|².
    func linearLoss(_ config: RandomConfiguration, precision p: Int) -> Interval {
        let (w, a, v, b) = weights(config, precision: p)
        var total = Interval.zero(precision: p)
        for t in 0..<config.d {
            var u = Interval.zero(precision: p)
            for i in w.indices { u = u + a[i] * w[i][t] }
            for j in v.indices { u = u - b[j] * v[j][t] }
            total = total + u.squared
        }
        return total
    }

    func check(_ activation: Activation, seed: UInt64, reference: (RandomConfiguration, Int) -> Interval) throws {
        let p = Self.precision
        var rng = SplitMix64(seed: seed)
        for _ in 0..<40 {
            let config = RandomConfiguration.random(&rng, separated: false)
            let problem = config.problem(activation, precision: p)
            let expected = reference(config, p)
            let loss = try DenseEvaluation.loss(problem, precision: p)
            let viaGradient = try DenseEvaluation.lossAndGradient(problem, precision: p).loss
            XCTAssertTrue(loss.overlaps(expected) && loss.isTight(bits: 200),
                          "\(activation), \(config): loss \(loss.short) vs closed form \(expected.short)")
            XCTAssertTrue(viaGradient.overlaps(expected),
                          "\(activation), \(config): lossAndGradient.loss \(viaGradient.short) vs closed form \(expected.short)")
        }
    }

    func testQuadraticLossIsTraceSquaredPlusTwiceFrobenius() throws {
        try check(.quadratic, seed: 0x5EED_0300, reference: quadraticLoss)
    }

    func testLinearLossIsSquaredNormOfEffectiveVector() throws {
        try check(.linear, seed: 0x5EED_0301, reference: linearLoss)
    }

    /// Zero loss exactly when M = M*: a student that splits a teacher neuron's matrix
    /// (w = v/√2 twice, a = 1) and, for the linear case, its effective vector.
    func testZeroLossWhenStudentReproducesTeacher() throws {
        let p = Self.precision
        let half = Rational(1, 2)
        // a_i w_i w_iᵀ with w = (1, 1)/... chosen rational: 2·(1/2,1/2)(1/2,1/2)ᵀ + 2·(1/2,−1/2)(…)ᵀ = diag(1, 1).
        let config = RandomConfiguration(studentWeights: [[half, half], [half, -half]], studentOutput: [2, 2],
                                         teacherWeights: [[1, 0], [0, 1]], teacherOutput: [1, 1])
        let loss = try DenseEvaluation.loss(config.problem(.quadratic, precision: p), precision: p)
        XCTAssertTrue(loss.contains(0) && loss.isWithin(magnitude: Rational(exactly: "1e-70")!), "quadratic: \(loss.short)")
        let linear = RandomConfiguration(studentWeights: [[half, half], [half, -half]], studentOutput: [1, 1],
                                         teacherWeights: [[1, 0]], teacherOutput: [1])
        let linearLoss = try DenseEvaluation.loss(linear.problem(.linear, precision: p), precision: p)
        XCTAssertTrue(linearLoss.contains(0) && linearLoss.isWithin(magnitude: Rational(exactly: "1e-70")!), "linear: \(linearLoss.short)")
    }
}
