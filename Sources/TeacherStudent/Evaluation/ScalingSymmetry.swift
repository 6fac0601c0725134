import CertifiedIntervals

/// The scaling symmetry of a positively homogeneous activation, and the slice that
/// quotients it.
///
/// For `σ(αz) = α^m σ(z)` (ReLU and `z`: m = 1; `z²`: m = 2; `Activation.homogeneityDegree`)
/// the loss is unchanged by `(a_i, w_i) → (a_i/α^m, α w_i)` for every `α > 0`, so no
/// critical point with `a_i ≠ 0` is isolated and the Hessian is singular there. Euler's
/// identity for this invariance, `m a_i ∂L/∂a_i = w_i · ∂L/∂w_i`, shows that on the slice
/// `a = const` (all `a_i ≠ 0`) every zero of `∇_W L` is a critical point of `L`; the slice
/// meets each orbit transversally, and the Hessian of `L` at a critical point, restricted
/// to the `W` directions, has the inertia of the full Hessian on the complement of the
/// orbit's tangent space. So a Krawczyk proof and an inertia certificate for the `W`
/// block on the slice give: one orbit of critical points through the box, and its type
/// modulo the symmetry.
public struct ScalingSymmetry: Equatable, CustomStringConvertible {
    /// The degree `m ≥ 1` of homogeneity of the activation.
    public let degree: Int

    /// `(a_i, w_i) → (a_i/α^m, α w_i)`, with the degree written out.
    public var description: String { "(a_i, w_i) → (a_i/α^\(degree), α w_i)" }

    /// True when the slice `a = const` through the student is transversal to its orbit:
    /// every outgoing weight is certified non-zero (then `a_i/a°_i > 0` for the midpoints
    /// `a°_i`, and the orbit meets the slice `a = a°`).
    public func sliceIsTransversal(at student: Network) -> Bool {
        student.outputWeights.allSatisfy { !$0.containsZero }
    }

    /// The incoming weights of the point where the orbit of `student` meets the slice
    /// `a = sliceOutputs`: `w_i (a_i / a°_i)^(1/m)`, enclosed at precision `p`. Nil when some
    /// ratio `a_i / a°_i` is not certified positive (the slice may miss the orbit).
    func incomingWeightsOnSlice(of student: Network, sliceOutputs: [Interval], precision p: Int) throws -> [[Interval]]? {
        var weights: [[Interval]] = []
        for i in 0..<student.width {
            guard !sliceOutputs[i].containsZero else { return nil }
            var scale = try student.outputWeights[i].withPrecision(p) / sliceOutputs[i]
            guard scale.isPositive else { return nil }
            if degree == 2 { scale = try scale.sqrt() } else if degree != 1 {
                scale = (try scale.log() / Interval(degree, precision: p)).exp()
            }
            weights.append(student.inputWeights.row(i).map { $0.withPrecision(p) * scale })
        }
        return weights
    }
}
