import CertifiedIntervals

/// Why the quadrature could not enclose a kernel value.
public enum GaussianQuadratureError: Error, Equatable, CustomStringConvertible {
    /// The inputs violate `q1, q2 ≥ 0`, `q12² ≤ q1 q2` by more than their width.
    case notAGramMatrix(reason: String)
    /// Neither variance is certified positive and neither is exactly 0.
    case undecidableVariance(reason: String)
    /// The activation's parameters are outside their domain (an erf scale `s ≤ 0`).
    case invalidActivation(reason: String)

    public var description: String {
        switch self {
        case .notAGramMatrix(let r): return "Gaussian quadrature: not a Gram matrix: \(r)"
        case .undecidableVariance(let r): return "Gaussian quadrature: \(r)"
        case .invalidActivation(let r): return "Gaussian quadrature: invalid activation: \(r)"
        }
    }
}

/// Certified one-dimensional quadrature for the Gaussian kernels
/// `κ(q1, q2, q12) = E[σ(u) σ(u')]`, independent of the closed forms in `Kernels/`.
///
/// Guarantee: the returned interval contains the exact expectation for every Gram point
/// `(q1, q2, q12)` of the input enclosures (`q1, q2 ≥ 0`, `q12² ≤ q1 q2`). Only the
/// width depends on `targetWidth` and on the work limit. See `Quadrature/README.md` for
/// the method: `u = √q1 z`, `u' = α z + β z2`; the inner expectation over `z2` in closed
/// form; the outer integral over `z` by adaptive composite Taylor quadrature with a
/// Lagrange remainder enclosed by interval Taylor arithmetic; rigorous Gaussian tails.
public enum GaussianQuadrature {

    /// Panel evaluations a single call may spend on bisection (the work limit).
    static let bisectionBudget = 4000

    /// The bits a target width needs: those of `1/targetWidth`, plus 64 for the
    /// cancellation of the Taylor sums and the tails (a non-finite or non-positive
    /// target counts as 10⁻¹²).
    public static func bitsForTarget(_ targetWidth: Double) -> Int {
        let target = (targetWidth.isFinite && targetWidth > 0) ? targetWidth : 1e-12
        return max(0, -target.exponent) + 64
    }

    /// Encloses E[σ(u)σ(u')] for the centred Gaussian pair (q1, q2, q12), independently of the closed-form kernels.
    public static func kernel(_ activation: Activation, q1: Interval, q2: Interval, q12: Interval,
                              precision: Int, targetWidth: Double = 1e-12) throws -> Interval {
        try kernelWithStatistics(activation, q1: q1, q2: q2, q12: q12, precision: precision,
                                 targetWidth: targetWidth).value
    }

    /// What one quadrature did (for tests, tuning and reports).
    struct Statistics {
        var truncation: Double = 0
        var order: Int = 0
        var panelsEvaluated = 0
        var panelsAccepted = 0
        var method = ""
    }

    static func kernelWithStatistics(_ activation: Activation, q1 rawQ1: Interval, q2 rawQ2: Interval,
                                     q12 rawQ12: Interval, precision: Int,
                                     targetWidth: Double) throws -> (value: Interval, statistics: Statistics) {
        let outputPrecision = max(precision, rawQ1.precision, rawQ2.precision, rawQ12.precision)
        // Work at the precision the target width needs (its bits plus a margin for
        // cancellation), not at a much larger requested precision: the enclosure is
        // as valid, and a 10⁻⁹ target at 10⁶ bits would otherwise cost minutes.
        let p = max(64, min(outputPrecision, bitsForTarget(targetWidth)) + 32)
        var q1 = rawQ1.withPrecision(p), q2 = rawQ2.withPrecision(p)
        let q12 = rawQ12.withPrecision(p)
        guard q1.isWellFormed, q2.isWellFormed, q12.isWellFormed, q1.isFinite, q2.isFinite, q12.isFinite else {
            throw GaussianQuadratureError.notAGramMatrix(reason: "non-finite input (\(rawQ1), \(rawQ2), \(rawQ12))")
        }
        if q1.isNegative || q2.isNegative {
            throw GaussianQuadratureError.notAGramMatrix(reason: "negative variance (q1 = \(rawQ1), q2 = \(rawQ2))")
        }
        var statistics = Statistics()
        // σ(0) = 0 for every activation of the enum: a zero variance means u = 0 almost
        // surely, so κ = σ(0) E[σ(u')] = 0.
        if q1.isExactZero || q2.isExactZero {
            statistics.method = "zero variance"
            return (Interval.zero(precision: outputPrecision), statistics)
        }
        // κ is symmetric: condition on the variable whose variance is certified positive.
        if !q1.isPositive {
            guard q2.isPositive else {
                throw GaussianQuadratureError.undecidableVariance(
                    reason: "neither q1 = \(rawQ1) nor q2 = \(rawQ2) is certified positive or exactly 0")
            }
            swap(&q1, &q2)
        }
        // Δ = q1 q2 − q12² ≥ 0 on Gram inputs (Cauchy–Schwarz): cut at 0, report if empty.
        let rawDelta = q1 * q2 - q12.squared
        guard let delta = rawDelta.intersecting(lower: 0, upper: nil) else {
            throw GaussianQuadratureError.notAGramMatrix(reason: "q12² > q1·q2 (q1·q2 − q12² = \(rawDelta))")
        }
        let minimumWidth = Double(sign: .plus, exponent: -(p - 24), significand: 1)
        let target = (targetWidth.isFinite && targetWidth > 0) ? max(targetWidth, minimumWidth) : max(1e-12, minimumWidth)
        let digits = max(1, -(target.exponent) * 3 / 10)               // ≈ −log10(target)
        let order = min(40, max(10, 2 * ((digits * 3 / 5) + 1) + 8))   // even
        let arithmetic = TaylorArithmetic(precision: p, maximumOrder: order)
        let constants = try QuadratureConstants(precision: p)
        let integrator = TaylorPanelIntegrator(arithmetic: arithmetic, order: order, budget: bisectionBudget)
        statistics.order = order

        let value: Interval
        switch activation {
        case .erf(let scale):
            value = try erfKernel(scale: scale, q1: q1, q12: q12, delta: delta, target: target,
                                  arithmetic: arithmetic, constants: constants, integrator: integrator,
                                  statistics: &statistics)
        case .relu:
            value = try reluKernel(q1: q1, q12: q12, delta: delta, target: target,
                                   arithmetic: arithmetic, constants: constants, integrator: integrator,
                                   statistics: &statistics)
        case .quadratic:
            statistics.method = "quadratic: adaptive Taylor quadrature on [0, T], doubled"
            // u = √q1 z, E_{z2}[u'²] = α² z² + β², so σ(u) g(z) = z² (q12² z² + Δ) (even in z).
            let integrand = PolynomialTimesDensityIntegrand(
                arithmetic: arithmetic, constants: constants,
                polynomial: [arithmetic.zero, arithmetic.zero, delta, arithmetic.zero, q12.squared])
            // Tail of the half line: ∫_T^∞ z²(q12² z² + Δ) φ = q12² M4(T) + Δ M2(T) ≥ 0.
            value = try evenIntegral(integrand, target: target, constants: constants, integrator: integrator,
                                     statistics: &statistics,
                                     tail: { m in q12.squared * m.m4 + delta * m.m2 }, signed: false)
        case .linear:
            statistics.method = "linear: adaptive Taylor quadrature on [0, T], doubled"
            // σ(u) g(z) = √q1 z · α z = q12 z² (even in z); half-line tail q12 · [0, M2(T)].
            let integrand = PolynomialTimesDensityIntegrand(
                arithmetic: arithmetic, constants: constants,
                polynomial: [arithmetic.zero, arithmetic.zero, q12])
            value = try evenIntegral(integrand, target: target, constants: constants, integrator: integrator,
                                     statistics: &statistics,
                                     tail: { m in q12.abs() * m.m2 }, signed: true)
        }
        statistics.panelsEvaluated = integrator.panelsEvaluated
        statistics.panelsAccepted = integrator.panelsAccepted
        return (value.withPrecision(outputPrecision), statistics)
    }

    // MARK: Gaussian tail moments

    /// Upper bounds on `M_n(T) = ∫_T^∞ z^n φ(z) dz` for `T > 0`:
    /// `M_0 ≤ φ(T)/T` (Mills), `M_1 = φ(T)`, `M_2 = T φ(T) + M_0`, `M_4 = T³ φ(T) + 3 M_2`
    /// (integration by parts). Each is an enclosure of a valid upper bound.
    struct TailMoments {
        let phiT: Interval
        let m0: Interval, m1: Interval, m2: Interval, m4: Interval
        init(_ t: Interval, _ constants: QuadratureConstants) throws {
            phiT = constants.phi(t)
            m0 = try phiT / t
            m1 = phiT
            m2 = t * phiT + m0
            m4 = t * t.squared * phiT + 3 * m2
        }
    }

    /// The smallest integer `T` in `2…100` whose bound is at most `allowance` (else 100).
    static func truncationPoint(allowance: Double, constants: QuadratureConstants, precision: Int,
                                _ bound: (TailMoments) throws -> Interval) throws -> (Double, Interval) {
        var last: (Double, Interval)? = nil
        for t in 2...100 {
            let moments = try TailMoments(Interval(t, precision: precision), constants)
            let b = try bound(moments)
            last = (Double(t), b)
            if b.upperBoundAsDouble <= allowance { break }
        }
        return last!
    }

    /// `[0, b]` for an enclosure `b` of a non-negative bound (its upper end), or
    /// `[−b, b]` when `symmetric`.
    static func errorInterval(_ bound: Interval, symmetric: Bool) -> Interval {
        let upper = bound.nonNegativeUpperBound
        return symmetric ? Interval(plusMinus: upper) : Interval(upTo: upper)
    }

    /// `2 (∫_0^T f + tail)` for an even integrand `f`, with `|∫_T^∞ f| ≤ bound(M(T))`.
    /// The tail is `[0, bound]` when `f ≥ 0` (`signed == false`), else `[−bound, bound]`.
    static func evenIntegral(_ f: TaylorIntegrand, target: Double, constants: QuadratureConstants,
                             integrator: TaylorPanelIntegrator, statistics: inout Statistics,
                             tail bound: (TailMoments) throws -> Interval, signed: Bool) throws -> Interval {
        let p = integrator.precision
        // Width budget: panels ≤ target/2, tail ≤ target/4 (after doubling).
        let (t, tailBound) = try truncationPoint(allowance: target / 16, constants: constants, precision: p, bound)
        statistics.truncation = t
        let body = try integrator.integrate(f, from: 0, to: t, pieces: Int(t.rounded(.up)),
                                            allowanceDensity: target / (4 * t))
        return (body + errorInterval(tailBound, symmetric: signed)).scaled(byPowerOfTwo: 1)
    }

    // MARK: erf

    /// `σ(z) = erf(γ z)`, `γ² = s/2`. With `u = √q1 z`, `u' = α z + β z2`:
    /// `E_{z2}[erf(γ(m + β z2))] = erf(γ m / sqrt(1 + 2γ²β²))`, so the integrand is
    /// `erf(A z) erf(c z) φ(z)` with `A = sqrt(s q1/2)` and
    /// `c = γ α / sqrt(1 + s β²) = q12 sqrt(s/2) / sqrt(q1 + s Δ)` (`β² = Δ/q1`); it is even.
    /// Tail of the half line: `|erf(A z) erf(c z)| ≤ min(1, (2/√π)|c| z)`, so
    /// `|∫_T^∞ f| ≤ min(M_0(T), (2/√π)|c| M_1(T))`.
    static func erfKernel(scale: Rational, q1: Interval, q12: Interval, delta: Interval, target: Double,
                          arithmetic: TaylorArithmetic, constants: QuadratureConstants,
                          integrator: TaylorPanelIntegrator, statistics: inout Statistics) throws -> Interval {
        let p = integrator.precision
        let s = Interval(scale, precision: p)
        guard s.isPositive else {
            throw GaussianQuadratureError.invalidActivation(reason: "erf scale s = \(scale) must be positive")
        }
        let halfS = s.scaled(byPowerOfTwo: -1)
        let outer = try (halfS * q1).sqrt()
        let inner = try q12 * halfS.sqrt() / (q1 + s * delta).sqrt()
        statistics.method = "erf: adaptive Taylor quadrature on [0, T], doubled"
        let integrand = ErfIntegrand(arithmetic: arithmetic, constants: constants, outerSlope: outer, innerSlope: inner)
        let linearBound = constants.twoOverSqrtPi * inner.abs()
        return try evenIntegral(integrand, target: target, constants: constants, integrator: integrator,
                                statistics: &statistics,
                                tail: { m in Interval.minimum(m.m0, linearBound * m.m1) }, signed: true)
    }

    // MARK: ReLU

    /// `σ(z) = max(0, z)`. `σ(√q1 z) = 0` for `z < 0`, so only `z ≥ 0` contributes, where
    /// the integrand `√q1 z g(z) φ(z)` is smooth, `g(z) = E[max(0, α z + β z2)] = β G(αz/β)`,
    /// `G(t) = t Φ(t) + φ(t)`, `α = q12/√q1`, `β = sqrt(Δ/q1)`.
    ///
    /// Facts used (all elementary): `G(t) = max(0, t) + ψ(t)` with `0 ≤ ψ(t) ≤ φ(t)`
    /// (Jensen below; Mills' ratio `|t| Φ(−|t|) ≤ φ(t)` above), hence
    /// `max(0, αz) ≤ g(z) ≤ max(0, αz) + β φ(αz/β) ≤ max(0, αz) + β/√(2π)` for all `β ≥ 0`.
    ///
    /// - When `β` is not certified positive or `sqrt(Δ)/(2π)` is below the target:
    ///   `κ ∈ max(0, q12)/2 + [0, sqrt(Δ)/(2π)]` (integrating the bounds with
    ///   `∫_0^∞ z² φ = 1/2`, `∫_0^∞ z φ = 1/√(2π)`, and `√q1 β = sqrt(Δ)`).
    /// - Otherwise, quadrature of `√q1 z g(z) φ(z)` on `[0, z*]`, where `z*` is chosen so
    ///   that `|αz/β| ≥ L` for `z ≥ z*`; on `[z*, T]` the integrand is
    ///   `q12 z² φ(z) [α > 0] + √q1 z β ψ(αz/β) φ(z)` and the last term integrates to
    ///   `[0, sqrt(Δ) φ(L) φ(z*)]`. Tail: `0 ≤ ∫_T^∞ ≤ √q1 (|α| M_2(T) + β M_1(T)/√(2π))`.
    static func reluKernel(q1: Interval, q12: Interval, delta: Interval, target: Double,
                           arithmetic: TaylorArithmetic, constants: QuadratureConstants,
                           integrator: TaylorPanelIntegrator, statistics: inout Statistics) throws -> Interval {
        let p = integrator.precision
        let sqrtDelta = try delta.sqrt()
        let inverseTwoPi = constants.inverseSqrtTwoPi.squared
        let degenerateBound = sqrtDelta * inverseTwoPi
        let zero = Interval.zero(precision: p)
        if !sqrtDelta.isPositive || degenerateBound.upperBoundAsDouble <= target / 8 {
            statistics.method = "relu: parallel bound"
            return Interval.maximum(q12, zero).scaled(byPowerOfTwo: -1) + errorInterval(degenerateBound, symmetric: false)
        }
        let sqrtQ1 = try q1.sqrt()
        let alpha = try q12 / sqrtQ1
        let beta = try sqrtDelta / sqrtQ1
        let lambda = try alpha / beta
        let (t, tailBound) = try truncationPoint(allowance: target / 4, constants: constants, precision: p) { m in
            sqrtQ1 * (alpha.abs() * m.m2 + beta * constants.inverseSqrtTwoPi * m.m1)
        }
        statistics.truncation = t
        var total = errorInterval(tailBound, symmetric: false)
        let density = target / (2 * t)

        // The split point z* (a Double rounded up), when α has a certified sign.
        var smoothEnd = t
        let absAlpha = alpha.abs()
        if absAlpha.isPositive {
            // L: smallest half-integer ≥ 1 with sqrt(Δ) φ(L)/√(2π) ≤ target/8.
            var level = Interval(1, precision: p)
            var junction = sqrtDelta * constants.phi(level) * constants.inverseSqrtTwoPi
            while junction.upperBoundAsDouble > target / 8 && level.upperBoundAsDouble < 60 {
                level = level + constants.half
                junction = sqrtDelta * constants.phi(level) * constants.inverseSqrtTwoPi
            }
            let rawSplit = (try level * beta / absAlpha).upperBoundAsDouble
            let split = roundedUp(rawSplit)
            if split.isFinite && split < t {
                smoothEnd = split
                // Junction error on [z*, T]: [0, sqrt(Δ) φ(L) φ(z*)] (φ(z*) ≤ φ(0) would also do).
                let zStar = Interval(split, precision: p)
                total = total + errorInterval(sqrtDelta * constants.phi(level) * constants.phi(zStar), symmetric: false)
                if alpha.isPositive {
                    let main = PolynomialTimesDensityIntegrand(
                        arithmetic: arithmetic, constants: constants,
                        polynomial: [arithmetic.zero, arithmetic.zero, q12])
                    total = total + (try integrator.integrate(main, from: split, to: t,
                                                              pieces: Int((t - split).rounded(.up)),
                                                              allowanceDensity: density))
                }
            }
        }
        let smooth = ReLUIntegrand(arithmetic: arithmetic, constants: constants, sqrtQ1: sqrtQ1,
                                   alpha: alpha, beta: beta, lambda: lambda)
        let lambdaMagnitude = lambda.abs().upperBoundAsDouble
        let pieces = Int(min(256, max(smoothEnd.rounded(.up), (smoothEnd * lambdaMagnitude).rounded(.up))))
        total = total + (try integrator.integrate(smooth, from: 0, to: smoothEnd, pieces: max(1, pieces),
                                                  allowanceDensity: density))
        statistics.method = smoothEnd < t ? "relu: smooth part on [0, z*] and parallel part on [z*, T]"
                                          : "relu: smooth part on [0, T]"
        return total
    }

    /// `x` rounded up to 12 significant bits (so that panel ends stay short dyadics).
    static func roundedUp(_ x: Double) -> Double {
        guard x.isFinite, x > 0 else { return x }
        let e = x.exponent
        let unit = Double(sign: .plus, exponent: e - 11, significand: 1)
        return (x / unit).rounded(.up) * unit
    }
}
