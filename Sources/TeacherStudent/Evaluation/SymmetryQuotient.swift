import CertifiedIntervals

/// The scaling symmetry of positively homogeneous activations, and how to look past it.
///
/// For `σ(αz) = α^m σ(z)` (ReLU and `z`: m = 1; `z²`: m = 2) the loss is unchanged by
/// `(a_i, w_i) → (a_i/α^m, α w_i)` for every `α > 0`, so no critical point with
/// `a_i ≠ 0` is isolated and the Hessian is singular there. Euler's identity for this
/// invariance, `m a_i ∂L/∂a_i = w_i · ∂L/∂w_i`, shows that on the slice `a = const`
/// (all `a_i ≠ 0`) every zero of `∇_W L` is a critical point of `L`; the slice meets
/// each orbit transversally, and the Hessian of `L` at a critical point, restricted to
/// the `W` directions, has the inertia of the full Hessian on the complement of the
/// orbit's tangent space. So a Krawczyk proof and an inertia certificate for the `W`
/// block on the slice give: one orbit of critical points through the box, and its type
/// modulo the symmetry.
public enum SymmetryQuotient {
    /// The degree `m` of homogeneity, or nil when the activation has no scaling symmetry.
    public static func homogeneityDegree(_ activation: Activation) -> Int? {
        switch activation {
        case .relu, .linear: return 1
        case .quadratic: return 2
        case .erf: return nil
        }
    }

    /// True when the slice `a = const` is transversal to every orbit: every outgoing
    /// weight is certified non-zero.
    public static func sliceIsTransversal(_ problem: TeacherStudentProblem) -> Bool {
        problem.student.outputWeights.allSatisfy { !$0.containsZero }
    }
}
