import CertifiedIntervals

/// The exact gradient of `L` at a rational point for the polynomial activations, where
/// the loss is a polynomial in the weights (mathematics.md §5):
/// - `σ(z) = z²`: with `Δ = M − M*`, `L = (tr Δ)² + 2‖Δ‖_F²`, so `dL = tr(G dM)` with
///   `G = 2 (tr Δ) I + 4 Δ`, and `∂L/∂a_i = w_iᵀ G w_i`, `∂L/∂w_i = 2 a_i G w_i`;
/// - `σ(z) = z`: with `u = Σ a_i w_i − Σ b_j v_j`, `L = ‖u‖²`, so `∂L/∂a_i = 2 u·w_i`,
///   `∂L/∂w_i = 2 a_i u`.
/// Rational arithmetic only: a zero gradient is exact criticality. Nil for erf and ReLU.
public enum ExactPolynomialGradient {
    /// The gradient in the order `(w_1 … w_n, a_1 … a_n)`, or nil for a non-polynomial
    /// activation. Domain: student and teacher of the same input dimension.
    public static func gradient(activation: Activation, student: ExactNetwork, teacher: ExactNetwork) -> [Rational]? {
        let n = student.width, d = student.inputDimension
        var gradientW = Array(repeating: Rational(0), count: n * d)
        var gradientA = Array(repeating: Rational(0), count: n)
        switch activation {
        case .quadratic:
            let m = ExactZeroLoss.secondMoment(student), mStar = ExactZeroLoss.secondMoment(teacher)
            var delta = m
            var trace = Rational(0)
            for r in 0..<d {
                for c in 0..<d { delta[r][c] = m[r][c] - mStar[r][c] }
                trace = trace + delta[r][r]
            }
            var g = delta.map { $0.map { Rational(4) * $0 } }
            for r in 0..<d { g[r][r] = g[r][r] + Rational(2) * trace }
            for i in 0..<n {
                let w = student.inputWeights[i], a = student.outputWeights[i]
                let gw = (0..<d).map { r in (0..<d).reduce(Rational(0)) { $0 + g[r][$1] * w[$1] } }
                gradientA[i] = (0..<d).reduce(Rational(0)) { $0 + w[$1] * gw[$1] }
                for t in 0..<d { gradientW[i * d + t] = Rational(2) * a * gw[t] }
            }
        case .linear:
            let s = ExactZeroLoss.firstMoment(student), t = ExactZeroLoss.firstMoment(teacher)
            let u = zip(s, t).map { $0 - $1 }
            for i in 0..<n {
                let w = student.inputWeights[i], a = student.outputWeights[i]
                gradientA[i] = Rational(2) * (0..<d).reduce(Rational(0)) { $0 + u[$1] * w[$1] }
                for c in 0..<d { gradientW[i * d + c] = Rational(2) * a * u[c] }
            }
        case .erf, .relu:
            return nil
        }
        return gradientW + gradientA
    }
}
