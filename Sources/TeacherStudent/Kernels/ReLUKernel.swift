import CertifiedIntervals

/// The arc-cosine kernel of `σ(z) = max(0, z)`. With `ρ = q12/sqrt(q1 q2)` and
/// `S = sqrt(q1 q2 − q12²)`:
///
///     κ = (S + (π − acos ρ) q12) / (2π)
///     ∂κ/∂q12 = (π − acos ρ)/(2π)          ∂κ/∂q1 = S/(4π q1)
///     ∂²κ/∂q12² = 1/(2π S)                 ∂²κ/∂q1∂q12 = −q12/(4π q1 S)
///     ∂²κ/∂q1² = (2 q12² − q1 q2)/(8π q1² S)   ∂²κ/∂q1∂q2 = 1/(8π S)
///
/// Domain and edge cases:
/// - `q1 = 0` or `q2 = 0` (a zero vector): `κ = 0`; no derivative exists there
///   (`KernelError.notDifferentiable`).
/// - `ρ = ±1` (parallel vectors, `S = 0`): `κ` and its first partials exist, the second
///   partials do not (`KernelError.notTwiceDifferentiable`). The self-interaction
///   `h(q) = κ(q, q, q) = q/2` is smooth and handled by `diagonal`.
/// - `S` and `ρ` are enclosed using `q1 q2 − q12² ≥ 0` and `|ρ| ≤ 1` (Cauchy–Schwarz on
///   Gram inputs), so an enclosure of `S²` reaching slightly below 0 is cut at 0
///   rather than reported: the exact value provably is not below 0.
public struct ReLUKernel: GaussianKernel {
    public let activationName = "relu"
    public let precision: Int
    let constants: KernelConstants
    let inverseTwoPi: Interval
    let inverseFourPi: Interval
    let inverseEightPi: Interval

    public init(precision: Int) {
        self.precision = precision
        constants = KernelConstants(precision: precision)
        inverseTwoPi = constants.inversePi.scaled(byPowerOfTwo: -1)
        inverseFourPi = constants.inversePi.scaled(byPowerOfTwo: -2)
        inverseEightPi = constants.inversePi.scaled(byPowerOfTwo: -3)
    }

    /// `S = sqrt(q1 q2 − q12²)`, cut at 0 from below (Cauchy–Schwarz).
    func gramRoot(_ q1: Interval, _ q2: Interval, _ q12: Interval) throws -> (s: Interval, sSquared: Interval) {
        let raw = q1 * q2 - q12.squared
        guard let squared = raw.intersecting(lower: 0, upper: nil) else {
            throw KernelError.notAGramMatrix(activation: activationName, reason: "q12² > q1·q2 (enclosure \(raw))")
        }
        return (try squared.sqrt(), squared)
    }

    /// `π − acos ρ`, with `ρ` cut to `[-1, 1]` (Cauchy–Schwarz).
    func angleComplement(_ q1: Interval, _ q2: Interval, _ q12: Interval) throws -> Interval {
        if q12.isExactZero { return constants.pi.scaled(byPowerOfTwo: -1) }
        let rawRho = try q12 / (q1 * q2).sqrt()
        guard let rho = rawRho.intersecting(lower: -1, upper: 1) else {
            throw KernelError.notAGramMatrix(activation: activationName, reason: "|ρ| > 1 (enclosure \(rawRho))")
        }
        return constants.pi - (try rho.acos())
    }

    func requirePositiveNorms(_ q1: Interval, _ q2: Interval, needing what: String) throws {
        guard q1.isPositive && q2.isPositive else {
            throw KernelError.notDifferentiable(
                activation: activationName,
                reason: "a zero (or possibly zero) vector: q1 = \(q1), q2 = \(q2); \(what) needs q1, q2 > 0")
        }
    }

    public func value(_ q1: Interval, _ q2: Interval, _ q12: Interval) throws -> Interval {
        if q1.isExactZero || q2.isExactZero {
            return Interval.zero(precision: max(precision, q1.precision, q2.precision))
        }
        try requirePositiveNorms(q1, q2, needing: "the ReLU kernel")
        let (s, _) = try gramRoot(q1, q2, q12)
        let angle = try angleComplement(q1, q2, q12)
        return inverseTwoPi * (s + angle * q12)
    }

    public func firstOrder(_ q1: Interval, _ q2: Interval, _ q12: Interval) throws -> KernelFirstOrder {
        try requirePositiveNorms(q1, q2, needing: "the gradient")
        let (s, _) = try gramRoot(q1, q2, q12)
        let angle = try angleComplement(q1, q2, q12)
        let value = inverseTwoPi * (s + angle * q12)
        let quarterS = inverseFourPi * s
        return KernelFirstOrder(value: value, d1: try quarterS / q1, d2: try quarterS / q2,
                                d12: inverseTwoPi * angle)
    }

    public func secondOrder(_ q1: Interval, _ q2: Interval, _ q12: Interval) throws -> KernelSecondOrder {
        let first = try firstOrder(q1, q2, q12)
        let (s, sSquared) = try gramRoot(q1, q2, q12)
        guard sSquared.isPositive else {
            throw KernelError.notTwiceDifferentiable(
                activation: activationName,
                reason: "the vectors are parallel or nearly so (q1·q2 − q12² = \(sSquared) is not certified > 0, ρ = ±1)")
        }
        let d1212 = try inverseTwoPi / s
        let d1d12 = try -(inverseFourPi * q12) / (q1 * s)
        let d2d12 = try -(inverseFourPi * q12) / (q2 * s)
        let d1d2 = try inverseEightPi / s
        let numerator = 2 * q12.squared - q1 * q2
        let d11 = try inverseEightPi * numerator / (q1.squared * s)
        let d22 = try inverseEightPi * numerator / (q2.squared * s)
        return KernelSecondOrder(first: first, d11: d11, d22: d22, d1212: d1212,
                                 d1d2: d1d2, d1d12: d1d12, d2d12: d2d12)
    }

    /// `h(q) = q/2`: smooth in `q` (the kernel of a neuron with itself).
    public func diagonal(_ q: Interval) throws -> DiagonalJet {
        DiagonalJet(value: q.scaled(byPowerOfTwo: -1),
                    derivative: Interval(1, precision: precision).scaled(byPowerOfTwo: -1),
                    secondDerivative: Interval.zero(precision: precision))
    }
}
