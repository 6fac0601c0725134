import CertifiedIntervals

extension Approximate {

    /// An approximate eigen-decomposition `S ≈ V diag(λ) Vᵀ` of the scaled midpoint
    /// matrix `S = 2^(−scaleExponent) · mid(A)`, in float64. Not an enclosure: the
    /// eigenvalues and eigenvectors carry no error bound.
    public struct SymmetricEigenDecomposition {
        /// The exponent `e` of the exact power of two the midpoint matrix was divided by,
        /// so that its largest entry has magnitude in `[1/2, 1)`; the eigenvalues of
        /// `mid(A)` are about `2^e · eigenvalues`.
        public let scaleExponent: Int
        /// The approximate eigenvalues of the scaled matrix, in no particular order.
        public let eigenvalues: [Double]
        /// The approximate orthonormal eigenvectors, as columns: `eigenvectors[k][j]` is
        /// entry `k` of the eigenvector of `eigenvalues[j]`.
        public let eigenvectors: [[Double]]

        /// The eigenvector of the smallest eigenvalue (`smallest: true`) or of the largest,
        /// with non-finite entries replaced by 0; nil for the empty matrix.
        public func eigenvector(ofSmallest smallest: Bool) -> [Double]? {
            let order = { (i: Int, j: Int) in smallest ? eigenvalues[i] < eigenvalues[j] : eigenvalues[i] > eigenvalues[j] }
            guard let column = eigenvalues.indices.min(by: order) else { return nil }
            return eigenvectors.indices.map { eigenvectors[$0][column].isFinite ? eigenvectors[$0][column] : 0 }
        }
    }

    /// The eigen-decomposition of the midpoint of the symmetric interval matrix `matrix`
    /// (square), by the cyclic Jacobi method in float64 (at most 60 sweeps; it stops when
    /// the squared off-diagonal mass is below `1e-24`, rotations skip entries below
    /// `1e-300`). The midpoint is first divided by an exact power of two so that its
    /// largest entry has magnitude in `[1/2, 1)` (eigenvectors do not change), so that
    /// matrices of any scale (`1e-310`, `1e+300`) neither underflow nor overflow as a
    /// whole; entries more than about `2^1074` times smaller than the largest become 0.
    /// The midpoint is symmetrised (`(a_ij + a_ji)/2`). Nil when a scaled entry is not
    /// finite (an end of `matrix` is infinite or NaN).
    public static func symmetricEigenDecomposition(_ matrix: [[Interval]]) -> SymmetricEigenDecomposition? {
        let n = matrix.count
        let exponent = matrix.joined().compactMap(\.magnitudeExponent).max() ?? 0
        var a = matrix.map { $0.map { $0.scaled(byPowerOfTwo: -exponent).midpointAsDouble } }
        guard a.joined().allSatisfy(\.isFinite) else { return nil }
        for i in 0..<n { for j in 0..<i { let m = (a[i][j] + a[j][i]) / 2; a[i][j] = m; a[j][i] = m } }
        var v = (0..<n).map { i in (0..<n).map { $0 == i ? 1.0 : 0.0 } }
        for _ in 0..<60 {
            var off = 0.0
            for i in 0..<n { for j in 0..<n where i != j { off += a[i][j] * a[i][j] } }
            if off < 1e-24 { break }
            for p in 0..<n {
                for q in (p + 1)..<max(n, p + 1) where Swift.abs(a[p][q]) > 1e-300 {
                    jacobiRotation(&a, &v, p, q)
                }
            }
        }
        return SymmetricEigenDecomposition(scaleExponent: exponent, eigenvalues: (0..<n).map { a[$0][$0] },
                                           eigenvectors: v)
    }

    /// One Jacobi rotation in the plane `(p, q)` that annihilates `a[p][q]`: `a ← Jᵀ a J`,
    /// `v ← v J`.
    static func jacobiRotation(_ a: inout [[Double]], _ v: inout [[Double]], _ p: Int, _ q: Int) {
        let n = a.count
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
