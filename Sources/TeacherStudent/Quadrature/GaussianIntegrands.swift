import CertifiedIntervals

/// Constants shared by the integrands at one working precision.
struct QuadratureConstants {
    let pi: Interval
    /// `1/√(2π)`, the normal density at 0.
    let inverseSqrtTwoPi: Interval
    /// `2/√π`, the derivative of `erf` at 0.
    let twoOverSqrtPi: Interval
    /// `1/√2`.
    let inverseSqrtTwo: Interval
    let minusHalf: Interval
    let half: Interval

    init(precision p: Int) throws {
        pi = Interval.pi(precision: p)
        let one = Interval(1, precision: p)
        inverseSqrtTwoPi = try one / (pi.scaled(byPowerOfTwo: 1)).sqrt()
        twoOverSqrtPi = try Interval(2, precision: p) / pi.sqrt()
        inverseSqrtTwo = try one.scaled(byPowerOfTwo: -1).sqrt()
        half = one.scaled(byPowerOfTwo: -1)
        minusHalf = -half
    }

    /// The standard normal density `φ(x)`.
    func phi(_ x: Interval) -> Interval { inverseSqrtTwoPi * (-(x.squared.scaled(byPowerOfTwo: -1))).exp() }

    /// `Φ(x) = (1 + erf(x/√2))/2`.
    func normalCDF(_ x: Interval) -> Interval { (1 + (x * inverseSqrtTwo).erf()).scaled(byPowerOfTwo: -1) }
}

/// The series of `φ(z0 + t)`.
func normalDensitySeries(_ arithmetic: TaylorArithmetic, _ constants: QuadratureConstants,
                         at z0: Interval, order n: Int) -> [Interval] {
    let e = arithmetic.expOfQuadratic(-(z0.squared.scaled(byPowerOfTwo: -1)), -z0, constants.minusHalf, order: n)
    return arithmetic.scaled(e, by: constants.inverseSqrtTwoPi)
}

/// `erf(A z) · erf(c z) · φ(z)`: the erf integrand after the inner expectation over `z2`
/// (`A = γ √q1`, `c = γ q12 / sqrt(q1 + s (q1 q2 − q12²))`, `γ² = s/2`).
struct ErfIntegrand: TaylorIntegrand {
    let arithmetic: TaylorArithmetic
    let constants: QuadratureConstants
    let outerSlope: Interval   // A
    let innerSlope: Interval   // c

    private func factors(_ z0: Interval, _ n: Int) -> (erfProduct: [Interval], density: [Interval]) {
        let first = arithmetic.erfOfLinear(value: outerSlope * z0, slope: outerSlope, order: n,
                                           twoOverSqrtPi: constants.twoOverSqrtPi)
        let second = arithmetic.erfOfLinear(value: innerSlope * z0, slope: innerSlope, order: n,
                                            twoOverSqrtPi: constants.twoOverSqrtPi)
        return (arithmetic.product(first, second, order: n), normalDensitySeries(arithmetic, constants, at: z0, order: n))
    }

    func series(at z0: Interval, order n: Int) throws -> [Interval] {
        let (e, d) = factors(z0, n)
        return arithmetic.product(e, d, order: n)
    }

    func topCoefficient(over box: Interval, order n: Int) throws -> Interval {
        let (e, d) = factors(box, n)
        return arithmetic.productCoefficient(e, d, n)
    }
}

/// `p(z) · φ(z)` for a polynomial `p` given by its monomial coefficients `[p_0, p_1, …]`.
struct PolynomialTimesDensityIntegrand: TaylorIntegrand {
    let arithmetic: TaylorArithmetic
    let constants: QuadratureConstants
    let polynomial: [Interval]

    private func factors(_ z0: Interval, _ n: Int) -> ([Interval], [Interval]) {
        // Horner's scheme on series: S ← (z0 + t) S + p_j.
        var s = [Interval](repeating: arithmetic.zero, count: n + 1)
        s[0] = polynomial.last ?? arithmetic.zero
        for j in stride(from: polynomial.count - 2, through: 0, by: -1) {
            s = arithmetic.timesAffine(s, center: z0)
            s[0] = s[0] + polynomial[j]
        }
        return (s, normalDensitySeries(arithmetic, constants, at: z0, order: n))
    }

    func series(at z0: Interval, order n: Int) throws -> [Interval] {
        let (p, d) = factors(z0, n)
        return arithmetic.product(p, d, order: n)
    }

    func topCoefficient(over box: Interval, order n: Int) throws -> Interval {
        let (p, d) = factors(box, n)
        return arithmetic.productCoefficient(p, d, n)
    }
}

/// `√q1 · z · g(z) · φ(z)` on `z ≥ 0` for ReLU, with the inner expectation
/// `g(z) = E[max(0, α z + β Z)] = β G(λ z)`, `G(t) = t Φ(t) + φ(t)`, `λ = α/β`, `β > 0`.
///
/// Taylor coefficients of `g` at `z0` (`t0 = λ z0`): from `G' = Φ`, `G'' = φ`,
///
///     g_0 = α z0 Φ(t0) + β φ(t0),   g_1 = α Φ(t0),   g_k = α λ P_{k−2} / (k (k−1))  (k ≥ 2)
///
/// where `P_j` are the Taylor coefficients of `s ↦ φ(λ (z0 + s))` at `s = 0`.
struct ReLUIntegrand: TaylorIntegrand {
    let arithmetic: TaylorArithmetic
    let constants: QuadratureConstants
    let sqrtQ1: Interval
    let alpha: Interval
    let beta: Interval
    let lambda: Interval

    private func factors(_ z0: Interval, _ n: Int) -> ([Interval], [Interval]) {
        let t0 = lambda * z0
        let inner = arithmetic.scaled(
            arithmetic.expOfQuadratic(-(t0.squared.scaled(byPowerOfTwo: -1)), -(lambda * t0),
                                      -(lambda.squared.scaled(byPowerOfTwo: -1)), order: max(0, n - 2)),
            by: constants.inverseSqrtTwoPi)
        let cdf = constants.normalCDF(t0)
        var g = [Interval]()
        g.reserveCapacity(n + 1)
        g.append(alpha * z0 * cdf + beta * inner[0])
        if n >= 1 { g.append(alpha * cdf) }
        if n >= 2 {
            let curvature = alpha * lambda
            for k in 2...n {
                g.append(curvature * inner[k - 2] * (arithmetic.reciprocals[k] * arithmetic.reciprocals[k - 1]))
            }
        }
        let zg = arithmetic.scaled(arithmetic.timesAffine(g, center: z0), by: sqrtQ1)
        return (zg, normalDensitySeries(arithmetic, constants, at: z0, order: n))
    }

    func series(at z0: Interval, order n: Int) throws -> [Interval] {
        let (h, d) = factors(z0, n)
        return arithmetic.product(h, d, order: n)
    }

    func topCoefficient(over box: Interval, order n: Int) throws -> Interval {
        let (h, d) = factors(box, n)
        return arithmetic.productCoefficient(h, d, n)
    }
}
