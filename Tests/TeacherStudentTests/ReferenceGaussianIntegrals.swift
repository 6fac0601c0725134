import Foundation

// Independent numerical Gaussian integrals in Double, for comparing the closed-form
// kernels with E[σ(u) σ(u')]. Nothing here uses the checker's code.

/// A quadrature rule: nodes and weights.
struct QuadratureRule {
    let nodes: [Double]
    let weights: [Double]

    /// Gauss–Hermite for the standard normal density: `Σ w_i f(z_i) ≈ E[f(Z)]`, Z ~ N(0, 1),
    /// exact for polynomials of degree < 2n. The physicists' rule (weight e^{-x²}) is
    /// computed by Newton's method on the orthonormal Hermite recurrence
    ///     p_0 = π^{-1/4},  p_j = x sqrt(2/j) p_{j-1} − sqrt((j−1)/j) p_{j-2},
    /// with p_n' = sqrt(2n) p_{n-1} and weight 2/p_n'², started from the usual
    /// asymptotic guesses for the largest roots; then z = √2 x, w → w/√π.
    static func gaussHermite(_ n: Int) -> QuadratureRule {
        var x = [Double](repeating: 0, count: n), w = [Double](repeating: 0, count: n)
        let piToMinusQuarter = 1 / Double.pi.squareRoot().squareRoot()
        let m = (n + 1) / 2
        var z = 0.0
        for i in 0..<m {
            switch i {
            case 0: z = (Double(2 * n + 1)).squareRoot() - 1.85575 * pow(Double(2 * n + 1), -0.16667)
            case 1: z -= 1.14 * pow(Double(n), 0.426) / z
            case 2: z = 1.86 * z - 0.86 * x[0]
            case 3: z = 1.91 * z - 0.91 * x[1]
            default: z = 2 * z - x[i - 2]
            }
            var derivative = 0.0
            for iteration in 0..<100 {
                var p1 = piToMinusQuarter, p2 = 0.0
                for j in 1...n {
                    let p3 = p2
                    p2 = p1
                    p1 = z * (2 / Double(j)).squareRoot() * p2 - (Double(j - 1) / Double(j)).squareRoot() * p3
                }
                derivative = (2 * Double(n)).squareRoot() * p2
                let previous = z
                z = previous - p1 / derivative
                if abs(z - previous) <= 1e-15 * max(1, abs(z)) || iteration == 99 { break }
            }
            x[i] = z; x[n - 1 - i] = -z
            w[i] = 2 / (derivative * derivative); w[n - 1 - i] = w[i]
        }
        let scale = 1 / Double.pi.squareRoot()
        return QuadratureRule(nodes: x.map { $0 * 2.0.squareRoot() }, weights: w.map { $0 * scale })
    }

    /// Gauss–Legendre on [lower, upper] (Newton on the Legendre recurrence).
    static func gaussLegendre(_ n: Int, lower: Double, upper: Double) -> QuadratureRule {
        var x = [Double](repeating: 0, count: n), w = [Double](repeating: 0, count: n)
        let half = (upper - lower) / 2, centre = (upper + lower) / 2
        for i in 0..<((n + 1) / 2) {
            var z = cos(Double.pi * (Double(i) + 0.75) / (Double(n) + 0.5))
            var derivative = 0.0
            for iteration in 0..<100 {
                var p1 = 1.0, p2 = 0.0
                for j in 1...n {
                    let p3 = p2
                    p2 = p1
                    p1 = (Double(2 * j - 1) * z * p2 - Double(j - 1) * p3) / Double(j)
                }
                derivative = Double(n) * (z * p1 - p2) / (z * z - 1)
                let previous = z
                z = previous - p1 / derivative
                if abs(z - previous) <= 1e-16 || iteration == 99 { break }
            }
            x[i] = centre - half * z; x[n - 1 - i] = centre + half * z
            w[i] = 2 * half / ((1 - z * z) * derivative * derivative); w[n - 1 - i] = w[i]
        }
        return QuadratureRule(nodes: x, weights: w)
    }

    /// Composite Gauss–Legendre: `panels` equal panels of [lower, upper], `order` nodes each.
    static func compositeGaussLegendre(order: Int, panels: Int, lower: Double, upper: Double) -> QuadratureRule {
        var nodes: [Double] = [], weights: [Double] = []
        let step = (upper - lower) / Double(panels)
        for p in 0..<panels {
            let rule = gaussLegendre(order, lower: lower + Double(p) * step, upper: lower + Double(p + 1) * step)
            nodes += rule.nodes; weights += rule.weights
        }
        return QuadratureRule(nodes: nodes, weights: weights)
    }
}

/// Φ and φ of the standard normal law.
func normalCDF(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }
func normalPDF(_ x: Double) -> Double { exp(-x * x / 2) / (2 * Double.pi).squareRoot() }

/// `E[max(0, m + s Z)]`, Z ~ N(0, 1), s ≥ 0: `m Φ(m/s) + s φ(m/s)` (and `max(0, m)` for s = 0).
func expectedReLU(mean m: Double, standardDeviation s: Double) -> Double {
    if s == 0 { return max(0, m) }
    return m * normalCDF(m / s) + s * normalPDF(m / s)
}

/// Independent estimates of `E[σ(u) σ(u')]` for the centred Gaussian pair with variances
/// q1, q2 and covariance q12, written as `u = √q1 z1`, `u' = (q12/√q1) z1 + sqrt(q2 − q12²/q1) z2`
/// with z1, z2 iid N(0, 1).
enum GaussianPairIntegral {
    /// Tensor-product Gauss–Hermite (for polynomial σ it is exact up to rounding once the
    /// rule has more than (deg σ² + 1)/2 nodes).
    static func tensor(_ sigma: (Double) -> Double, _ q1: Double, _ q2: Double, _ q12: Double,
                       rule: QuadratureRule) -> Double {
        let a = q1.squareRoot(), c = q12 / a, b = max(0, q2 - q12 * q12 / q1).squareRoot()
        var total = 0.0
        for i in rule.nodes.indices {
            let z1 = rule.nodes[i]
            let first = sigma(a * z1)
            var expectation = 0.0
            for j in rule.nodes.indices { expectation += rule.weights[j] * sigma(c * z1 + b * rule.nodes[j]) }
            total += rule.weights[i] * first * expectation
        }
        return total
    }

    /// σ(z) = erf(β z): the outer variable z1 by composite Gauss–Legendre on [−10, 10]
    /// against φ(z1) (robust to the sharp transition of erf(β √q1 z1) for large β² q1,
    /// which makes plain Gauss–Hermite converge slowly near ρ = ±1; φ(10) < 1e-22), the
    /// inner one by Gauss–Hermite. Written with raw buffers: it is the hot loop of the
    /// debug-built test suite.
    static func erf(beta: Double, _ q1: Double, _ q2: Double, _ q12: Double,
                    outer: QuadratureRule, inner: QuadratureRule) -> Double {
        let a = beta * q1.squareRoot(), c = beta * q12 / q1.squareRoot()
        let b = beta * max(0, q2 - q12 * q12 / q1).squareRoot()
        var total = 0.0
        outer.nodes.withUnsafeBufferPointer { x1 in
            outer.weights.withUnsafeBufferPointer { w1 in
                inner.nodes.withUnsafeBufferPointer { x2 in
                    inner.weights.withUnsafeBufferPointer { w2 in
                        var i = 0
                        while i < x1.count {
                            let z1 = x1[i]
                            let m = c * z1
                            var expectation = 0.0
                            var j = 0
                            while j < x2.count { expectation += w2[j] * Foundation.erf(m + b * x2[j]); j += 1 }
                            total += w1[i] * normalPDF(z1) * Foundation.erf(a * z1) * expectation
                            i += 1
                        }
                    }
                }
            }
        }
        return total
    }

    static let erfOuterRule = QuadratureRule.compositeGaussLegendre(order: 20, panels: 20, lower: -10, upper: 10)
    static let erfOuterCoarseRule = QuadratureRule.compositeGaussLegendre(order: 16, panels: 20, lower: -10, upper: 10)

    /// ReLU: the inner expectation in z2 is done in closed form,
    /// `g(z1) = E[max(0, c z1 + b z2)]`, and the outer one over z1 > 0 only (where
    /// relu(√q1 z1) = √q1 z1 is smooth), `∫_0^L √q1 z1 g(z1) φ(z1) dz1`, by composite
    /// Gauss–Legendre on [0, 14] (φ(14) < 1e-42, so the tail is negligible).
    static func relu(_ q1: Double, _ q2: Double, _ q12: Double, rule: QuadratureRule) -> Double {
        let a = q1.squareRoot(), c = q12 / a, b = max(0, q2 - q12 * q12 / q1).squareRoot()
        var total = 0.0
        for (z, w) in zip(rule.nodes, rule.weights) {
            total += w * a * z * expectedReLU(mean: c * z, standardDeviation: b) * normalPDF(z)
        }
        return total
    }

    static let reluRule = QuadratureRule.compositeGaussLegendre(order: 20, panels: 28, lower: 0, upper: 14)
}
