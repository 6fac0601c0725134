import Foundation
import XCTest
import CertifiedIntervals
@testable import TeacherStudent
import CheckerTestSupport

// Shared helpers of the teacher–student cross-checks: deterministic randomness, random
// Gram points and configurations, and small interval utilities.


/// One activation under test, with its pointwise definition in Double (used only by the
/// independent quadrature of the kernel, never by the certified code).
struct ActivationCase {
    let label: String
    let activation: Activation
    let sigma: (Double) -> Double

    static let erfUnitScale = ActivationCase(label: "erf(z/√2), s=1", activation: .standardErf,
                                             sigma: { Foundation.erf($0 / 2.0.squareRoot()) })
    /// `σ(z) = erf(β z)` with β = 1, i.e. `s = 2β² = 2`.
    static let erfScaleTwo = ActivationCase(label: "erf(z), s=2", activation: .erf(scale: Rational(2)),
                                            sigma: { Foundation.erf($0) })
    static let relu = ActivationCase(label: "relu", activation: .relu, sigma: { max(0, $0) })
    static let quadratic = ActivationCase(label: "quadratic", activation: .quadratic, sigma: { $0 * $0 })
    static let linear = ActivationCase(label: "linear", activation: .linear, sigma: { $0 })

    static let all: [ActivationCase] = [erfUnitScale, erfScaleTwo, relu, quadratic, linear]

    var isReLU: Bool { activation == .relu }
}

/// A Gram triple `(q1, q2, q12)` of doubles (taken as exact inputs) with its correlation.
struct GramPoint: CustomStringConvertible {
    let q1: Double, q2: Double, q12: Double
    var rho: Double { q12 / (q1 * q2).squareRoot() }

    var description: String {
        "(q1, q2, q12) = (\(q1), \(q2), \(q12)), ρ = \(rho)"
    }

    func intervals(precision p: Int) -> (Interval, Interval, Interval) {
        (Interval(q1, precision: p), Interval(q2, precision: p), Interval(q12, precision: p))
    }

    /// `q1, q2` uniform in [0.1, 5], `q12 = ρ sqrt(q1 q2)`.
    static func random(_ rng: inout SplitMix64, rho: Double) -> GramPoint {
        let q1 = rng.uniform(0.1, 5), q2 = rng.uniform(0.1, 5)
        return GramPoint(q1: q1, q2: q2, q12: rho * (q1 * q2).squareRoot())
    }

    /// `count` points with ρ uniform in (−maxRho, maxRho), then ρ = 0 exactly and, when
    /// `extremeRhos` is not empty, one point for each of those correlations.
    static func samples(seed: UInt64, count: Int, maxRho: Double = 0.95,
                        extremeRhos: [Double] = [0.99, -0.99, 0.995, -0.995]) -> [GramPoint] {
        var rng = SplitMix64(seed: seed)
        var points: [GramPoint] = []
        for _ in 0..<count { points.append(random(&rng, rho: rng.uniform(-maxRho, maxRho))) }
        points.append(random(&rng, rho: 0))
        for r in extremeRhos { points.append(random(&rng, rho: r)) }
        return points
    }
}

extension Interval {
    /// `self + [−e, e]` (outward rounded): room for a mathematical error bound `e`.
    func widened(by e: Rational) -> Interval {
        let bound = Interval.hull(Interval(-e, precision: precision), Interval(e, precision: precision))
        return self + bound
    }

    /// True when the width is at most `2^-bits · max(1, |x|)`: the enclosure is tight
    /// enough that an overlap test with it is a meaningful check.
    func isTight(bits: Int) -> Bool {
        let width = self.width.upperBoundAsDouble
        let size = Swift.max(1, magnitude.upperBoundAsDouble)
        return width <= Foundation.pow(2, Double(-bits)) * size
    }

    var short: String { description(digits: 25) }
}

/// Random explicit teacher–student problems with rational weights.
struct RandomConfiguration: CustomStringConvertible {
    let studentWeights: [[Rational]]
    let studentOutput: [Rational]
    let teacherWeights: [[Rational]]
    let teacherOutput: [Rational]

    var n: Int { studentOutput.count }
    var k: Int { teacherOutput.count }
    var d: Int { studentWeights.first?.count ?? teacherWeights[0].count }

    var description: String {
        func matrix(_ m: [[Rational]]) -> String { "[" + m.map { "[" + $0.map(\.description).joined(separator: ", ") + "]" }.joined(separator: ", ") + "]" }
        func vector(_ v: [Rational]) -> String { "[" + v.map(\.description).joined(separator: ", ") + "]" }
        return "W = \(matrix(studentWeights)), a = \(vector(studentOutput)), V = \(matrix(teacherWeights)), b = \(vector(teacherOutput))"
    }

    /// n, k ∈ {1, 2, 3}, d ∈ {2, 3, 4}; weights p/q with q ≤ 6 and |p/q| ≤ 2, outgoing
    /// weights with |p/q| ≤ 2 (non-zero). With `separated`, every student and teacher
    /// vector has squared norm ≥ 1/4 and no student vector has |ρ| > 0.95 with another
    /// student or a teacher vector (the ReLU loss is then smooth near the point, with
    /// derivatives bounded as the finite-difference tests assume).
    static func random(_ rng: inout SplitMix64, separated: Bool) -> RandomConfiguration {
        while true {
            let n = rng.integer(in: 1...3), k = rng.integer(in: 1...3), d = rng.integer(in: 2...4)
            func vector() -> [Rational] { (0..<d).map { _ in rng.rational(bound: 2, maxDenominator: 6) } }
            func scalar() -> Rational {
                var x = Rational(0)
                while x == Rational(0) { x = rng.rational(bound: 2, maxDenominator: 6) }
                return x
            }
            let w = (0..<n).map { _ in vector() }, v = (0..<k).map { _ in vector() }
            let config = RandomConfiguration(studentWeights: w, studentOutput: (0..<n).map { _ in scalar() },
                                             teacherWeights: v, teacherOutput: (0..<k).map { _ in scalar() })
            if !separated || config.isSeparated(maxRho: 0.95) { return config }
        }
    }

    func isSeparated(maxRho: Double) -> Bool {
        func dot(_ x: [Rational], _ y: [Rational]) -> Double { zip(x, y).reduce(0) { $0 + $1.0.doubleValue * $1.1.doubleValue } }
        for t in teacherWeights where dot(t, t) < 0.25 { return false }
        for (i, w) in studentWeights.enumerated() {
            let qw = dot(w, w)
            if qw < 0.25 { return false }
            for other in studentWeights[(i + 1)...] + teacherWeights {
                if abs(dot(w, other)) > maxRho * (qw * dot(other, other)).squareRoot() { return false }
            }
        }
        return true
    }

    func problem(_ activation: Activation, precision p: Int) -> TeacherStudentProblem {
        func net(_ w: [[Rational]], _ a: [Rational]) -> Network {
            Configurations.explicit(inputWeights: w.map { $0.map { Interval($0, precision: p) } },
                                    outputWeights: a.map { Interval($0, precision: p) }, precision: p)
        }
        return TeacherStudentProblem(activation: activation, teacher: net(teacherWeights, teacherOutput),
                                     student: net(studentWeights, studentOutput))
    }
}

extension TeacherStudentProblem {
    /// The same problem with student parameter `index` (in the Hessian's order:
    /// `w_1, …, w_n` component by component, then `a_1, …, a_n`) moved by `step`.
    func movingParameter(_ index: Int, by step: Interval) -> TeacherStudentProblem {
        var copy = self
        let n = student.width, d = inputDimension
        if index < n * d {
            let i = index / d, t = index % d
            copy.student.inputWeights[i, t] = student.inputWeights[i, t] + step
        } else {
            copy.student.outputWeights[index - n * d] = student.outputWeights[index - n * d] + step
        }
        return copy
    }

    func parameterName(_ index: Int) -> String {
        let n = student.width, d = inputDimension
        return index < n * d ? "w_\(index / d + 1)[\(index % d + 1)]" : "a_\(index - n * d + 1)"
    }
}
