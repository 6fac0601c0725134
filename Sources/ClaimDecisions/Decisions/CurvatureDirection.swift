import CertifiedIntervals

/// A certified direction of negative curvature, the witness against a local-minimum claim.
enum CurvatureDirection {
    /// `uᵀ H u` for a direction `u` with a certified `uᵀ H u < 0` for every matrix of the
    /// interval Hessian `rows`: the eigenvector of the most negative eigenvalue of the
    /// midpoint matrix, computed in float64 by Jacobi's method, then checked with interval
    /// arithmetic. Nil when the check fails (the inertia still stands).
    /// The matrix is first scaled by an exact power of two so that its largest entry has
    /// magnitude in `[1/2, 1)` (eigenvectors do not change), so that Hessians of any scale
    /// (`1e-310`, `1e+300`) neither underflow nor overflow in float64.
    static func negativeCurvature(_ rows: [[Interval]], precision p: Int) -> Interval? {
        let n = rows.count
        let exponent = rows.joined().compactMap(\.magnitudeExponent).max() ?? 0
        var a = rows.map { $0.map { $0.scaled(byPowerOfTwo: -exponent).midpointAsDouble } }
        guard a.joined().allSatisfy(\.isFinite) else { return nil }
        for i in 0..<n { for j in 0..<i { let m = (a[i][j] + a[j][i]) / 2; a[i][j] = m; a[j][i] = m } }
        let v = jacobiEigenvectors(&a)
        let eigenvalues = (0..<n).map { a[$0][$0] }
        guard let column = eigenvalues.indices.min(by: { eigenvalues[$0] < eigenvalues[$1] }) else { return nil }
        let u = (0..<n).map { Interval(v[$0][column].isFinite ? v[$0][column] : 0, precision: p) }
        let form = SymmetricInertia.quadraticForm(rows, u, precision: p)
        return form.isNegative ? form : nil
    }

    /// Diagonalises the symmetric `a` in place by cyclic Jacobi rotations; returns the
    /// eigenvectors as the columns of the accumulated rotation.
    static func jacobiEigenvectors(_ a: inout [[Double]]) -> [[Double]] {
        let n = a.count
        var v = (0..<n).map { i in (0..<n).map { $0 == i ? 1.0 : 0.0 } }
        for _ in 0..<60 {
            var off = 0.0
            for i in 0..<n { for j in 0..<n where i != j { off += a[i][j] * a[i][j] } }
            if off < 1e-24 { break }
            for p in 0..<n {
                for q in (p + 1)..<max(n, p + 1) where Swift.abs(a[p][q]) > 1e-300 {
                    let theta = (a[q][q] - a[p][p]) / (2 * a[p][q])
                    let t = (theta >= 0 ? 1.0 : -1.0) / (Swift.abs(theta) + (theta * theta + 1).squareRoot())
                    let c = 1 / (t * t + 1).squareRoot(), s = t * c
                    for k in 0..<n {
                        let akp = a[k][p], akq = a[k][q]
                        a[k][p] = c * akp - s * akq; a[k][q] = s * akp + c * akq
                    }
                    for k in 0..<n {
                        let apk = a[p][k], aqk = a[q][k]
                        a[p][k] = c * apk - s * aqk; a[q][k] = s * apk + c * aqk
                    }
                    for k in 0..<n {
                        let vkp = v[k][p], vkq = v[k][q]
                        v[k][p] = c * vkp - s * vkq; v[k][q] = s * vkp + c * vkq
                    }
                }
            }
        }
        return v
    }
}
