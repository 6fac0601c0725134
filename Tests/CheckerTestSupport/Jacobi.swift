/// Eigenvalues of a symmetric matrix by cyclic Jacobi rotations (float64), in
/// increasing order: an independent reference for certified inertias.
public func symmetricEigenvalues(_ matrix: [[Double]], offDiagonalTolerance: Double = 1e-30) -> [Double] {
    var a = matrix
    let n = a.count
    for _ in 0..<100 {
        var off = 0.0
        for i in 0..<n { for j in 0..<n where i != j { off += a[i][j] * a[i][j] } }
        if off < offDiagonalTolerance { break }
        for p in 0..<n {
            for q in (p + 1)..<max(n, p + 1) where abs(a[p][q]) > 1e-300 {
                let theta = (a[q][q] - a[p][p]) / (2 * a[p][q])
                let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
                let c = 1 / (t * t + 1).squareRoot(), s = t * c
                for k in 0..<n {
                    let akp = a[k][p], akq = a[k][q]
                    a[k][p] = c * akp - s * akq
                    a[k][q] = s * akp + c * akq
                }
                for k in 0..<n {
                    let apk = a[p][k], aqk = a[q][k]
                    a[p][k] = c * apk - s * aqk
                    a[q][k] = s * apk + c * aqk
                }
            }
        }
    }
    return (0..<n).map { a[$0][$0] }.sorted()
}
