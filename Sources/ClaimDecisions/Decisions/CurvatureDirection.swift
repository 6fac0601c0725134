import CertifiedIntervals
import CertifiedLinearAlgebra

/// A certified direction of negative curvature, the witness against a local-minimum claim.
enum CurvatureDirection {
    /// `uᵀ H u` for a direction `u` with a certified `uᵀ H u < 0` for every matrix of the
    /// interval Hessian `rows`: the eigenvector of the most negative eigenvalue of the
    /// midpoint matrix (`Approximate.symmetricEigenDecomposition`: float64 Jacobi after
    /// scaling by a power of two, so Hessians of any scale work), then checked with
    /// interval arithmetic. Nil when the check fails (the inertia still stands).
    static func negativeCurvature(_ rows: [[Interval]], precision p: Int) -> Interval? {
        guard let direction = Approximate.symmetricEigenDecomposition(rows)?.eigenvector(ofSmallest: true) else {
            return nil
        }
        let u = direction.map { Interval($0.isFinite ? $0 : 0, precision: p) }
        let form = SymmetricInertia.quadraticForm(rows, u, precision: p)
        return form.isNegative ? form : nil
    }
}
