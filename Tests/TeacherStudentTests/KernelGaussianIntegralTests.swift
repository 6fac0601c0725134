import Foundation
import XCTest
import CertifiedIntervals
@testable import TeacherStudent

/// Item 1: every closed-form kernel against an independent numerical evaluation of the
/// two-dimensional Gaussian integral E[σ(u) σ(u')], and the known special values.
final class KernelGaussianIntegralTests: XCTestCase {

    static let hermite160 = QuadratureRule.gaussHermite(160)
    static let hermite120 = QuadratureRule.gaussHermite(120)
    static let hermite100 = QuadratureRule.gaussHermite(100)
    static let hermite40 = QuadratureRule.gaussHermite(40)
    static let hermite20 = QuadratureRule.gaussHermite(20)

    /// The quadrature rules themselves: Gauss–Hermite moments E[Z^{2m}] = (2m−1)!!
    /// (exact for degree < 2n) and Gauss–Legendre on ∫_0^14 z φ(z) dz = φ(0) − φ(14).
    func testQuadratureRulesReproduceKnownMoments() {
        let rule = Self.hermite100
        var doubleFactorial = 1.0
        for m in 0...6 {
            if m > 0 { doubleFactorial *= Double(2 * m - 1) }
            let moment = zip(rule.nodes, rule.weights).reduce(0) { $0 + $1.1 * pow($1.0, Double(2 * m)) }
            XCTAssertEqual(moment, doubleFactorial, accuracy: 1e-12 * doubleFactorial, "E[Z^\(2 * m)]")
            let odd = zip(rule.nodes, rule.weights).reduce(0) { $0 + $1.1 * pow($1.0, Double(2 * m + 1)) }
            XCTAssertEqual(odd, 0, accuracy: 1e-12 * doubleFactorial, "E[Z^\(2 * m + 1)]")
        }
        let legendre = GaussianPairIntegral.reluRule
        let integral = zip(legendre.nodes, legendre.weights).reduce(0) { $0 + $1.1 * $1.0 * normalPDF($1.0) }
        XCTAssertEqual(integral, normalPDF(0), accuracy: 1e-15)
        // E[max(0, m + sZ)] = ∫_{−m/s}^{∞} (m + s z) φ(z) dz, by quadrature of the smooth
        // integrand on the half line where it is positive.
        for (m, s) in [(0.3, 1.2), (-0.7, 0.4), (2.0, 0.05)] {
            let q = QuadratureRule.compositeGaussLegendre(order: 20, panels: 40, lower: -m / s, upper: 20)
            let numeric = zip(q.nodes, q.weights).reduce(0) { $0 + $1.1 * (m + s * $1.0) * normalPDF($1.0) }
            XCTAssertEqual(expectedReLU(mean: m, standardDeviation: s), numeric, accuracy: 1e-14,
                           "E[relu(\(m) + \(s) Z)]")
        }
    }

    /// The independent estimate of κ, and an estimate of its own error.
    func reference(_ c: ActivationCase, _ g: GramPoint) -> (estimate: Double, errorEstimate: Double) {
        if c.isReLU {
            let fine = GaussianPairIntegral.relu(g.q1, g.q2, g.q12, rule: GaussianPairIntegral.reluRule)
            let coarse = GaussianPairIntegral.relu(
                g.q1, g.q2, g.q12,
                rule: QuadratureRule.compositeGaussLegendre(order: 16, panels: 28, lower: 0, upper: 14))
            return (fine, abs(fine - coarse))
        }
        if case .erf(let scale) = c.activation {
            let beta = (scale.doubleValue / 2).squareRoot()
            let fine = GaussianPairIntegral.erf(beta: beta, g.q1, g.q2, g.q12,
                                                outer: GaussianPairIntegral.erfOuterRule, inner: Self.hermite160)
            let coarse = GaussianPairIntegral.erf(beta: beta, g.q1, g.q2, g.q12,
                                                  outer: GaussianPairIntegral.erfOuterCoarseRule, inner: Self.hermite120)
            return (fine, abs(fine - coarse))
        }
        let fine = GaussianPairIntegral.tensor(c.sigma, g.q1, g.q2, g.q12, rule: Self.hermite40)
        let coarse = GaussianPairIntegral.tensor(c.sigma, g.q1, g.q2, g.q12, rule: Self.hermite20)
        return (fine, abs(fine - coarse))
    }

    /// The natural size of κ at the point: sqrt(E[σ(u)²] E[σ(u')²]) ≥ |κ| (Cauchy–Schwarz),
    /// estimated by one-dimensional Gauss–Hermite (only used to scale the tolerance).
    func scale(_ c: ActivationCase, _ g: GramPoint) -> Double {
        func secondMoment(_ q: Double) -> Double {
            zip(Self.hermite100.nodes, Self.hermite100.weights).reduce(0) {
                let s = c.sigma(q.squareRoot() * $1.0); return $0 + $1.1 * s * s
            }
        }
        return (secondMoment(g.q1) * secondMoment(g.q2)).squareRoot()
    }

    func testKernelsMatchNumericalGaussianIntegral() throws {
        let p = 128
        let points = GramPoint.samples(seed: 0x5EED_0001, count: 30)
        let relativeTolerance = 1e-9
        for c in ActivationCase.all {
            let kernel = c.activation.kernel(precision: p)
            var worst = 0.0
            for g in points {
                let (q1, q2, q12) = g.intervals(precision: p)
                let value = try kernel.value(q1, q2, q12)
                let (estimate, errorEstimate) = reference(c, g)
                let size = scale(c, g)
                // The reference must itself be converged well below the tolerance.
                XCTAssertLessThan(errorEstimate, 1e-3 * relativeTolerance * size,
                                  "\(c.label) at \(g): quadrature not converged (Δ = \(errorEstimate))")
                let error = abs(value.midpointAsDouble - estimate)
                worst = max(worst, error / size)
                XCTAssertLessThanOrEqual(error, relativeTolerance * size,
                                         "\(c.label) at \(g): kernel \(value.short) vs quadrature \(estimate)")
                XCTAssertTrue(value.isTight(bits: 100), "\(c.label) at \(g): enclosure too wide \(value.short)")
            }
            print("kernel \(c.label): worst |κ − quadrature| / scale = \(worst) over \(points.count) points")
        }
    }

    func testKnownKernelValues() throws {
        let p = 256
        let one = Interval(1, precision: p), zero = Interval.zero(precision: p)
        let erf = ErfKernel(precision: p)
        let relu = ReLUKernel(precision: p)
        let erfOne = try erf.value(one, one, one)
        XCTAssertTrue(erfOne.contains(Rational(1, 3)), "κ_erf(1,1,1) = \(erfOne.short) should contain 1/3")
        XCTAssertTrue(erfOne.isTight(bits: 200))
        let erfZero = try erf.value(one, one, zero)
        XCTAssertTrue(erfZero.contains(0), "κ_erf(1,1,0) = \(erfZero.short)")
        // A tiny but non-zero covariance must go through the general path and stay near 0.
        let tiny = Interval(1, precision: p).scaled(byPowerOfTwo: -200)
        let erfTiny = try erf.value(one, one, tiny)
        XCTAssertTrue(erfTiny.isPositive && erfTiny.isWithin(magnitude: Rational(1, 1 << 60)), "\(erfTiny.short)")

        let reluOne = try relu.value(one, one, one)
        XCTAssertTrue(reluOne.contains(Rational(1, 2)), "κ_relu(1,1,1) = \(reluOne.short) should contain 1/2")
        XCTAssertTrue(reluOne.isTight(bits: 200))
        let reluZero = try relu.value(one, one, zero)
        let inverseTwoPi = try one / (2 * Interval.pi(precision: p))
        XCTAssertTrue(reluZero.overlaps(inverseTwoPi) && reluZero.isTight(bits: 200),
                      "κ_relu(1,1,0) = \(reluZero.short) vs 1/(2π) = \(inverseTwoPi.short)")
        // Anti-parallel: κ_relu(1,1,−1) = 0 (relu(u) relu(−u) = 0).
        let reluMinus = try relu.value(one, one, -one)
        XCTAssertTrue(reluMinus.contains(0), "κ_relu(1,1,−1) = \(reluMinus.short)")
        // Scale: κ_relu(q,q,q) = q/2 and the erf(z) (s = 2) kernel at (1,1,1): (2/π) asin(2/3).
        let reluFour = try relu.value(Interval(4, precision: p), Interval(4, precision: p), Interval(4, precision: p))
        XCTAssertTrue(reluFour.contains(2), "κ_relu(4,4,4) = \(reluFour.short)")
        let erfTwo = try Activation.erf(scale: Rational(2)).kernel(precision: p).value(one, one, one)
        let expected = (try Interval(2, precision: p) / Interval.pi(precision: p))
            * (try (try Interval(2, precision: p) / Interval(3, precision: p)).asin())
        XCTAssertTrue(erfTwo.overlaps(expected), "κ_erf(s=2)(1,1,1) = \(erfTwo.short) vs \(expected.short)")
    }
}
