import Foundation

extension Approximate {

    /// An approximate eigen-decomposition `A ≈ Σ_j λ_j v_j v_jᵀ` of a symmetric float64
    /// matrix: eigenvalues in no particular order, eigenvectors as rows. Not an
    /// enclosure: the values carry no error bound (`SymmetricInertia.certifyByApproximateDiagonalisation`
    /// bounds what it uses of them).
    public struct DenseSymmetricEigenDecomposition {
        public let size: Int
        public let eigenvalues: [Double]
        /// Row-major `size × size`: `eigenvectorRows[j * size + k]` is component `k` of
        /// the eigenvector of `eigenvalues[j]`.
        public let eigenvectorRows: [Double]
    }

    /// The eigen-decomposition of the symmetric `size × size` float64 matrix `matrix`
    /// (row-major, both triangles stored; only the lower triangle is read), by Householder
    /// reduction to tridiagonal form and the implicit QL method with Wilkinson-type
    /// shifts, in O(size³) operations (about `4 size³` multiply–adds with the
    /// eigenvectors). Every loop runs over contiguous rows.
    ///
    /// Nil when the QL iteration needs more than 30 iterations for one eigenvalue or an
    /// entry is not finite. Off-diagonal entries below `ε·‖T‖_∞` count as 0 (as in
    /// EISPACK's tql2, with the norm of the whole tridiagonal matrix). The caller should scale the matrix so that its largest entry
    /// is about 1 (the reduction scales each Householder vector, but the QL shifts do not
    /// guard against overflow of entries near `1e308`).
    public static func symmetricEigenDecomposition(rowMajor matrix: [Double], size n: Int)
        -> DenseSymmetricEigenDecomposition? {
        precondition(matrix.count == n * n, "a \(n) × \(n) matrix needs \(n * n) entries")
        guard matrix.allSatisfy(\.isFinite) else { return nil }
        if n == 0 { return DenseSymmetricEigenDecomposition(size: 0, eigenvalues: [], eigenvectorRows: []) }
        var a = matrix
        // Symmetrise from the lower triangle.
        for i in 0..<n { for j in 0..<i { a[j * n + i] = a[i * n + j] } }
        var diagonal = [Double](repeating: 0, count: n)
        var offDiagonal = [Double](repeating: 0, count: n)   // offDiagonal[i] = T[i][i−1]
        var betas = [Double](repeating: 0, count: n)
        var vectors = [Double](repeating: 0, count: n * n)   // row-major: eigenvectors as rows (Qᵀ, then rotated)
        a.withUnsafeMutableBufferPointer { a in
            householderTridiagonalisation(a, n, &diagonal, &offDiagonal, &betas)
            vectors.withUnsafeMutableBufferPointer { qt in
                accumulateTransposedReflections(a, n, betas, qt)
            }
        }
        let converged = vectors.withUnsafeMutableBufferPointer { zt in
            implicitQL(&diagonal, &offDiagonal, n, zt)
        }
        guard converged, diagonal.allSatisfy(\.isFinite), vectors.allSatisfy(\.isFinite) else { return nil }
        return DenseSymmetricEigenDecomposition(size: n, eigenvalues: diagonal, eigenvectorRows: vectors)
    }

    /// Reduces the symmetric `a` to tridiagonal `T = Qᵀ A Q` with `Q = P_{n−1} ⋯ P_2` and
    /// reflections `P_i = I − β_i v_i v_iᵀ` (`v_i` supported on `0..<i`), processing rows
    /// from the last: `P_i` maps row `i`'s entries `0..<i` onto a multiple of `e_{i−1}`.
    /// Leaves `v_i` in row `i`, columns `0..<i`, and `β_i` in `betas[i]`.
    static func householderTridiagonalisation(_ a: UnsafeMutableBufferPointer<Double>, _ n: Int,
                                              _ diagonal: inout [Double], _ offDiagonal: inout [Double],
                                              _ betas: inout [Double]) {
        let p = UnsafeMutableBufferPointer<Double>.allocate(capacity: n)
        p.initialize(repeating: 0)
        defer { p.deallocate() }
        var i = n - 1
        while i >= 2 {
            let row = i * n
            diagonal[i] = a[row + i]
            var scale = 0.0
            for k in 0..<i { scale += Swift.abs(a[row + k]) }
            if scale == 0 {
                offDiagonal[i] = 0; betas[i] = 0
                i -= 1; continue
            }
            var sigma = 0.0
            for k in 0..<i { let x = a[row + k] / scale; a[row + k] = x; sigma += x * x }
            let last = a[row + i - 1]
            let norm = sigma.squareRoot()
            let alpha = last >= 0 ? -norm : norm           // scaled: Px = alpha · scale · e_{i−1}
            a[row + i - 1] = last - alpha                   // v = x/scale − alpha e_{i−1}
            let vv = sigma - 2 * last * alpha + alpha * alpha
            let beta = 2 / vv
            offDiagonal[i] = alpha * scale
            betas[i] = beta
            // p = β B v over the leading i × i block B; K = β vᵀp / 2; w = p − K v.
            var vp = 0.0
            for j in 0..<i {
                let bj = j * n
                var s0 = 0.0, s1 = 0.0
                var k = 0
                while k + 1 < i { s0 += a[bj + k] * a[row + k]; s1 += a[bj + k + 1] * a[row + k + 1]; k += 2 }
                if k < i { s0 += a[bj + k] * a[row + k] }
                p[j] = beta * (s0 + s1)
                vp += a[row + j] * p[j]
            }
            let halfK = beta * vp / 2
            for j in 0..<i { p[j] -= halfK * a[row + j] }
            // B ← B − v wᵀ − w vᵀ.
            for j in 0..<i {
                let bj = j * n, vj = a[row + j], wj = p[j]
                for k in 0..<i { a[bj + k] -= vj * p[k] + wj * a[row + k] }
            }
            i -= 1
        }
        if n >= 2 { offDiagonal[1] = a[n]; diagonal[1] = a[n + 1] }
        diagonal[0] = a[0]
        offDiagonal[0] = 0
    }

    /// Writes `Qᵀ = P_2 P_3 ⋯ P_{n−1}` into `qt` (row-major), applying the reflections
    /// stored by `householderTridiagonalisation` to the identity from the left, the last
    /// one first.
    static func accumulateTransposedReflections(_ a: UnsafeMutableBufferPointer<Double>, _ n: Int, _ betas: [Double],
                                                _ qt: UnsafeMutableBufferPointer<Double>) {
        for i in 0..<n { qt[i * n + i] = 1 }
        let r = UnsafeMutableBufferPointer<Double>.allocate(capacity: n)
        r.initialize(repeating: 0)
        defer { r.deallocate() }
        var i = n - 1
        while i >= 2 {
            let beta = betas[i], row = i * n
            if beta != 0 {
                // r = vᵀ M (rows 0..<i), then M_k ← M_k − β v_k r.
                for c in 0..<n { r[c] = 0 }
                for k in 0..<i {
                    let vk = a[row + k]
                    if vk == 0 { continue }
                    let mk = k * n
                    for c in 0..<n { r[c] += vk * qt[mk + c] }
                }
                for k in 0..<i {
                    let f = beta * a[row + k]
                    if f == 0 { continue }
                    let mk = k * n
                    for c in 0..<n { qt[mk + c] -= f * r[c] }
                }
            }
            i -= 1
        }
    }

    /// The implicit QL method on the tridiagonal matrix with `diagonal` and
    /// `offDiagonal[i] = T[i][i−1]`, accumulating the rotations into the rows of `zt`
    /// (which hold eigenvector estimates). On return `diagonal` holds the eigenvalues and
    /// row `j` of `zt` the eigenvector of `diagonal[j]`. False when an eigenvalue needs
    /// more than 30 iterations.
    static func implicitQL(_ d: inout [Double], _ offDiagonal: inout [Double], _ n: Int,
                           _ zt: UnsafeMutableBufferPointer<Double>) -> Bool {
        var e = [Double](repeating: 0, count: n)
        for i in 1..<max(n, 1) { e[i - 1] = offDiagonal[i] }
        // The deflation test is relative to the larger of the neighbouring diagonal entries
        // and the norm ‖T‖_∞ (as EISPACK tql2's `tst1`, but over the whole matrix): an off-diagonal entry below
        // ε‖T‖ is at the level of the rounding noise of the reduction and the rotations, and
        // a test relative to small neighbouring diagonal entries alone can stall there
        // forever (a cluster of many equal eigenvalues much smaller than ‖T‖: the symmetric
        // critical points of `verify certify` at n = 20, k = 25 have 170-fold clusters near
        // 0.06 beside eigenvalues near 10). Setting such an entry to 0 perturbs T by at most
        // ε‖T‖, the accuracy of the decomposition anyway; the caller bounds every error.
        var norm = 0.0   // ‖T‖_∞ (before the iteration; rotations keep ‖T‖_2 ≤ ‖T‖_∞)
        for i in 0..<n { norm = Swift.max(norm, Swift.abs(d[i]) + Swift.abs(e[i]) + (i > 0 ? Swift.abs(e[i - 1]) : 0)) }
        for l in 0..<n {
            var iterations = 0
            while true {
                var m = l
                while m < n - 1 {
                    let dd = Swift.max(Swift.abs(d[m]) + Swift.abs(d[m + 1]), norm)
                    if Swift.abs(e[m]) <= Double.ulpOfOne * dd { break }
                    m += 1
                }
                if m == l { break }
                iterations += 1
                if iterations > 30 { return false }
                var g = (d[l + 1] - d[l]) / (2 * e[l])
                var r = hypot(g, 1)
                g = d[m] - d[l] + e[l] / (g + (g >= 0 ? r : -r))
                var s = 1.0, c = 1.0, p = 0.0
                var i = m - 1
                var deflated = false
                while i >= l {
                    let f = s * e[i], b = c * e[i]
                    r = hypot(f, g)
                    e[i + 1] = r
                    if r == 0 {
                        d[i + 1] -= p
                        e[m] = 0
                        deflated = true
                        break
                    }
                    s = f / r; c = g / r
                    g = d[i + 1] - p
                    r = (d[i] - g) * s + 2 * c * b
                    p = s * r
                    d[i + 1] = g + p
                    g = c * r - b
                    // Rotate rows i and i+1 of zt.
                    let ri = i * n, rj = (i + 1) * n
                    for k in 0..<n {
                        let f = zt[rj + k], z = zt[ri + k]
                        zt[rj + k] = s * z + c * f
                        zt[ri + k] = c * z - s * f
                    }
                    i -= 1
                }
                if deflated { continue }
                d[l] -= p
                e[l] = g
                e[m] = 0
            }
        }
        return true
    }
}
