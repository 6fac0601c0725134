import CertifiedIntervals

/// The kernel of `σ(z) = erf(β z)`, with `s = 2β²`:
///
///     κ = (2/π) asin( s q12 / sqrt((1 + s q1)(1 + s q2)) )
///
/// The project's `erf` is `erf(z/√2)`, i.e. `s = 1`. Write `A = 1 + s q1`,
/// `B = 1 + s q2`, `D = sqrt(A B − s² q12²)`; then (for `s = 1`, and in general with a
/// factor `s` per derivative by the chain rule through `(s q1, s q2, s q12)`):
///
///     ∂κ/∂q12 = (2/π)/D               ∂κ/∂q1 = −(1/π) q12/(A D)
///     ∂²κ/∂q12² = (2/π) q12/D³        ∂²κ/∂q1∂q12 = −(1/π) B/D³
///     ∂²κ/∂q1² = (1/π) q12 (1/(A² D) + B/(2 A D³))
///     ∂²κ/∂q1∂q2 = (1/(2π)) q12/D³
///
/// These forms have no `1/sqrt(1 − ρ²)` factor: by Cauchy–Schwarz
/// `D² ≥ 1 + s q1 + s q2 ≥ 1`, so the kernel is smooth everywhere on Gram inputs and no
/// division can come near 0. When `q12` is exactly 0, `κ`, `∂κ/∂q1` and `∂κ/∂q2` are
/// exactly 0 (used by the evaluation to skip work on orthogonal vectors).
public struct ErfKernel: GaussianKernel {
    public let activationName: String
    public let precision: Int
    /// `s = 2β²`.
    public let scale: Interval
    let constants: KernelConstants
    let twoOverPi: Interval
    let halfInversePi: Interval
    /// A shared exact zero (values are immutable, so one instance serves every result).
    let zero: Interval

    /// `erf(β z)` with `s = 2β²` given as an enclosure (exact when β² is rational).
    /// Domain: `s > 0`.
    public init(scale: Interval, precision: Int, name: String = "erf") {
        precondition(scale.isPositive, "erf kernel needs a positive scale s = 2β²")
        self.activationName = name
        self.precision = precision
        self.scale = scale.withPrecision(max(precision, scale.precision))
        constants = KernelConstants(precision: precision)
        twoOverPi = constants.inversePi.scaled(byPowerOfTwo: 1)
        halfInversePi = constants.inversePi.scaled(byPowerOfTwo: -1)
        zero = Interval.zero(precision: precision)
    }

    /// The project's default `erf(z/√2)`, `s = 1`.
    public init(precision: Int) {
        self.init(scale: Interval(1, precision: precision), precision: precision)
    }

    var isUnitScale: Bool { scale.isPoint && scale.contains(1) }

    /// The arguments scaled by `s` (unchanged when `s = 1`).
    @inline(__always)
    func scaled(_ x: Interval) -> Interval { isUnitScale ? x : scale * x }

    public func value(_ q1: Interval, _ q2: Interval, _ q12: Interval) throws -> Interval {
        if q12.isExactZero { return q12.precision <= precision ? zero : Interval.zero(precision: q12.precision) }
        let a = 1 + scaled(q1), b = 1 + scaled(q2)
        let ratio = try scaled(q12) / (a * b).sqrt()
        guard let argument = ratio.intersecting(lower: -1, upper: 1) else {
            throw KernelError.notAGramMatrix(activation: activationName, reason: "q12² > q1·q2 (asin argument \(ratio))")
        }
        return twoOverPi * (try argument.asin())
    }

    public func firstOrder(_ q1: Interval, _ q2: Interval, _ q12: Interval) throws -> KernelFirstOrder {
        let a = 1 + scaled(q1), b = 1 + scaled(q2)
        let p = max(precision, q12.precision)
        if q12.isExactZero {
            let zero = p == precision ? self.zero : Interval.zero(precision: p)
            let d12 = try twoOverPi / (a * b).sqrt()
            return KernelFirstOrder(value: zero, d1: zero, d2: zero, d12: isUnitScale ? d12 : scale * d12)
        }
        let sq12 = scaled(q12)
        let d = try gramDeterminantRoot(a, b, sq12)
        let kappa = try value(q1, q2, q12)
        let d12 = try twoOverPi / d
        let common = try -(constants.inversePi * sq12) / d
        var d1 = try common / a, d2 = try common / b
        var d12Scaled = d12
        if !isUnitScale { d1 = scale * d1; d2 = scale * d2; d12Scaled = scale * d12 }
        return KernelFirstOrder(value: kappa, d1: d1, d2: d2, d12: d12Scaled)
    }

    /// `D = sqrt(A B − (s q12)²)`, which is at least 1 on Gram inputs.
    func gramDeterminantRoot(_ a: Interval, _ b: Interval, _ sq12: Interval) throws -> Interval {
        let squared = a * b - sq12.squared
        guard let positive = squared.intersecting(lower: 1, upper: nil) else {
            throw KernelError.notAGramMatrix(activation: activationName,
                                             reason: "(1+q1)(1+q2) − q12² < 1 (enclosure \(squared))")
        }
        return try positive.sqrt()
    }

    public func secondOrder(_ q1: Interval, _ q2: Interval, _ q12: Interval) throws -> KernelSecondOrder {
        let first = try firstOrder(q1, q2, q12)
        let a = 1 + scaled(q1), b = 1 + scaled(q2), sq12 = scaled(q12)
        let d = try gramDeterminantRoot(a, b, sq12)
        let d3 = d * d.squared
        let invPi = constants.inversePi
        let s2 = isUnitScale ? nil : scale.squared
        func times(_ x: Interval) -> Interval { s2.map { $0 * x } ?? x }
        let d1212 = times(try twoOverPi * sq12 / d3)
        let d1d12 = times(try -(invPi * b) / d3)
        let d2d12 = times(try -(invPi * a) / d3)
        let d1d2 = times(try halfInversePi * sq12 / d3)
        let one = Interval(1, precision: precision)
        let piQ = invPi * sq12
        let d11Bracket: Interval = try one / (a.squared * d) + b / (2 * a * d3)
        let d22Bracket: Interval = try one / (b.squared * d) + a / (2 * b * d3)
        let d11 = times(piQ * d11Bracket)
        let d22 = times(piQ * d22Bracket)
        return KernelSecondOrder(first: first, d11: d11, d22: d22, d1212: d1212,
                                 d1d2: d1d2, d1d12: d1d12, d2d12: d2d12)
    }

    /// `h(q) = (2/π) asin(s q/(1 + s q))`, `h' = (2/π) s/((1+sq) sqrt(1+2sq))`,
    /// `h'' = −(2/π) s² (1/((1+sq)² sqrt(1+2sq)) + 1/((1+sq)(1+2sq)^{3/2}))`.
    /// Domain: `q ≥ 0` (a squared norm).
    public func diagonal(_ q: Interval) throws -> DiagonalJet {
        let sq = scaled(q)
        let onePlus = 1 + sq
        let onePlusTwo = 1 + 2 * sq
        let root = try onePlusTwo.sqrt()
        let value = twoOverPi * (try (try sq / onePlus).asin())
        var derivative = try twoOverPi / (onePlus * root)
        let one = Interval(1, precision: precision)
        let firstTerm: Interval = try one / (onePlus.squared * root)
        let secondTerm: Interval = try one / (onePlus * onePlusTwo * root)
        var second = -(twoOverPi * (firstTerm + secondTerm))
        if !isUnitScale { derivative = scale * derivative; second = scale.squared * second }
        return DiagonalJet(value: value, derivative: derivative, secondDerivative: second)
    }
}
