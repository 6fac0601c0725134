import CertifiedIntervals

/// Verified inertia by approximate diagonalisation: approximate eigenvectors `X` of the
/// midpoint matrix in float64, then Gershgorin discs of `XᵀAX` with every rounding
/// error bounded (argument in the module README, "Verified inertia by approximate
/// diagonalisation").
extension SymmetricInertia {

    /// The outcome of `certifyByApproximateDiagonalisation`.
    public enum DiagonalisationOutcome: Equatable {
        /// Every symmetric matrix in the interval matrix has this inertia (and is
        /// non-singular).
        case certified(Inertia)
        /// The Gershgorin disc of row `index` of `XᵀAX` (centre `centre`, radius at most
        /// `radius`, both divided by `2^scaleExponent`) reaches 0: an eigenvalue is not
        /// separated from 0 by the bound. Nothing is claimed.
        case discReachesZero(index: Int, centre: Double, radius: Double, scaleExponent: Int)
        /// The method does not apply: an entry is infinite or NaN, the entries span more
        /// than the double range, or the float64 eigen-solver did not converge. Nothing is
        /// claimed.
        case notApplicable
    }

    /// How a combined `certify` reached its outcome (for reports and tests).
    public enum Method: Equatable {
        case approximateDiagonalisation
        case blockLDLT
    }

    /// The inertia of every symmetric matrix in `matrix` (square): first by approximate
    /// diagonalisation in float64 (`certifyByApproximateDiagonalisation`), and when that
    /// cannot separate the eigenvalues from 0, by the interval block LDLᵀ at the
    /// entries' own precision (`certifyByBlockLDLT`), whose outcome is returned then
    /// (`undecided` when it fails too). Also returns which method decided.
    ///
    /// The fallback runs only up to `blockLDLTFallbackLimit` rows (its `n³` MPFR products
    /// would take minutes beyond); a larger matrix the diagonalisation cannot decide is
    /// `undecided` at step 0, with the Gershgorin disc that reaches 0 (scaled back) as
    /// the reported pivot.
    public static func certifyReportingMethod(_ matrix: [[Interval]]) -> (outcome: Outcome, method: Method) {
        let diagonalisation = certifyByApproximateDiagonalisation(matrix)
        if case .certified(let inertia) = diagonalisation {
            // Debug builds (the test suite) cross-check every certificate against the
            // interval LDLᵀ: where both decide they must agree.
            assert(matrix.count > blockLDLTFallbackLimit || agreesWithBlockLDLT(inertia, matrix),
                   "verified inertia \(inertia) disagrees with the interval LDLᵀ")
            return (.certified(inertia), .approximateDiagonalisation)
        }
        guard matrix.count <= blockLDLTFallbackLimit else {
            var pivot = Interval.zero(precision: 64)
            if case let .discReachesZero(_, centre, radius, scale) = diagonalisation,
               (centre - radius).isFinite, (centre + radius).isFinite {
                pivot = Interval(lower: (centre - radius).nextDown, upper: (centre + radius).nextUp, precision: 64)
                    .scaled(byPowerOfTwo: scale)
            }
            return (.undecided(step: 0, pivot: pivot, positive: 0, negative: 0), .approximateDiagonalisation)
        }
        return (certifyByBlockLDLT(matrix), .blockLDLT)
    }

    /// The largest order for which `certify` falls back to the interval block LDLᵀ.
    public static let blockLDLTFallbackLimit = 400

    /// True unless the interval LDLᵀ certifies an inertia other than `inertia`.
    static func agreesWithBlockLDLT(_ inertia: Inertia, _ matrix: [[Interval]]) -> Bool {
        guard case .certified(let other) = certifyByBlockLDLT(matrix) else { return true }
        return other == inertia
    }

    /// Certifies the inertia of every real symmetric matrix `S` in the interval matrix
    /// `matrix` (square; only the upper triangle `i ≤ j` is read, since `s_ij = s_ji` lies
    /// in the entry `(min(i, j), max(i, j))`):
    ///
    /// 1. the entries, divided by an exact power of two `2^e` so that the largest end has
    ///    magnitude in `[1/2, 1)`, are converted outward to float64 midpoint–radius form
    ///    `[M ± R]` (Sylvester's law: scaling by `2^(−e) > 0` keeps the inertia);
    /// 2. `X` = approximate eigenvectors of `M` (`Approximate.symmetricEigenDecomposition`);
    /// 3. `G = fl(Xᵀ fl(M X))`, and a bound `E` with `|XᵀSX − G| ≤ E` entrywise for
    ///    every `S ∈ [M ± R]`, from Higham's `γ_n` bounds, the underflow spacing `η` and
    ///    `|X|ᵀ R |X|`; row sums of `E` cost O(n²), not O(n³);
    /// 4. each Gershgorin disc `[G_ii ± (Σ_{j≠i} |G_ij| + Σ_j E_ij)]` must exclude 0. Then
    ///    the discs of `XᵀSX` exclude 0 for all `S`, so `XᵀSX` has as many positive
    ///    eigenvalues as positive `G_ii` and is non-singular; hence `X` is non-singular,
    ///    and by Sylvester's law `S` has the same inertia.
    ///
    /// Costs about `5n³` float64 multiply–adds and `n²` conversions from MPFR; the empty
    /// matrix has inertia (0, 0).
    public static func certifyByApproximateDiagonalisation(_ matrix: [[Interval]]) -> DiagonalisationOutcome {
        let n = matrix.count
        precondition(matrix.allSatisfy { $0.count == n }, "the matrix must be square")
        if n == 0 { return .certified(Inertia(positive: 0, negative: 0)) }
        guard let scale = Float64Bounds.largestExponent(matrix.indices.lazy.flatMap { i in matrix[i][i...] })
        else {
            // All zero (singular) or not finite: nothing to certify.
            return .notApplicable
        }
        // 1. Midpoints and radii of the upper triangle, mirrored.
        var mid = [Double](repeating: 0, count: n * n), rad = [Double](repeating: 0, count: n * n)
        let converter = Float64Converter()
        defer { converter.release() }
        for i in 0..<n {
            for j in i..<n {
                guard let (m, r) = converter.convert(matrix[i][j], scale: scale) else { return .notApplicable }
                mid[i * n + j] = m; mid[j * n + i] = m
                rad[i * n + j] = r; rad[j * n + i] = r
            }
        }
        // 2. Approximate eigenvectors (rows of xt).
        guard let eigen = Approximate.symmetricEigenDecomposition(rowMajor: mid, size: n) else { return .notApplicable }
        let gershgorin = GershgorinBound(midpoints: mid, radii: rad, eigenvectorRows: eigen.eigenvectorRows, size: n)
        return gershgorin.inertia(scaleExponent: scale)
    }
}

/// Step 3 and 4 of `certifyByApproximateDiagonalisation`: `G = fl(Xᵀ fl(M X))` and the
/// rigorous radii of its Gershgorin discs, in preallocated flat storage.
struct GershgorinBound {
    let n: Int
    /// `fl(M X)`, stored transposed: `yt[j * n + k] = fl(Σ_l M_kl X_lj)`.
    var yt: [Double]
    /// `G` (upper triangle filled, `g[i * n + j]` for `j ≥ i`).
    var g: [Double]
    /// Upper bounds of the row sums `Σ_j E_ij` of the error bound.
    var errorRowSums: [Double]

    init(midpoints m: [Double], radii r: [Double], eigenvectorRows xt: [Double], size n: Int) {
        self.n = n
        yt = [Double](repeating: 0, count: n * n)
        g = [Double](repeating: 0, count: n * n)
        errorRowSums = [Double](repeating: 0, count: n)
        // The non-zero columns of each row of M and of R (exact zeros are common).
        var midColumns: [[Int]] = [], radColumns: [[Int]] = []
        midColumns.reserveCapacity(n); radColumns.reserveCapacity(n)
        for k in 0..<n {
            midColumns.append((0..<n).filter { m[k * n + $0] != 0 })
            radColumns.append((0..<n).filter { r[k * n + $0] != 0 })
        }
        m.withUnsafeBufferPointer { m in
            xt.withUnsafeBufferPointer { xt in
                yt.withUnsafeMutableBufferPointer { yt in
                    // yt[j][k] = Σ_{l ∈ nz(M_k)} M_kl · xt[j][l]
                    for k in 0..<n {
                        let mk = k * n
                        if midColumns[k].count * 2 > n {
                            // A dense row: a contiguous dot product.
                            var j = 0
                            while j + 3 < n {
                                let x0 = j * n, x1 = x0 + n, x2 = x1 + n, x3 = x2 + n
                                var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
                                for l in 0..<n {
                                    let v = m[mk + l]
                                    s0 += v * xt[x0 + l]; s1 += v * xt[x1 + l]; s2 += v * xt[x2 + l]; s3 += v * xt[x3 + l]
                                }
                                yt[x0 + k] = s0; yt[x1 + k] = s1; yt[x2 + k] = s2; yt[x3 + k] = s3
                                j += 4
                            }
                            while j < n {
                                let xj = j * n
                                var s = 0.0
                                for l in 0..<n { s += m[mk + l] * xt[xj + l] }
                                yt[xj + k] = s
                                j += 1
                            }
                        } else {
                            midColumns[k].withUnsafeBufferPointer { columns in
                                for j in 0..<n {
                                    let xj = j * n
                                    var s = 0.0
                                    for l in columns { s += m[mk + l] * xt[xj + l] }
                                    yt[xj + k] = s
                                }
                            }
                        }
                    }
                }
            }
        }
        xt.withUnsafeBufferPointer { xt in
            yt.withUnsafeBufferPointer { yt in
                g.withUnsafeMutableBufferPointer { g in
                    // g[i][j] = Σ_k xt[i][k] · yt[j][k] for j ≥ i, four rows i at a time.
                    var i = 0
                    while i < n {
                        let rows = Swift.min(4, n - i)
                        for j in i..<n {
                            let yj = j * n
                            var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
                            let x0 = i * n, x1 = (i + Swift.min(1, rows - 1)) * n
                            let x2 = (i + Swift.min(2, rows - 1)) * n, x3 = (i + Swift.min(3, rows - 1)) * n
                            for k in 0..<n {
                                let y = yt[yj + k]
                                s0 += xt[x0 + k] * y; s1 += xt[x1 + k] * y; s2 += xt[x2 + k] * y; s3 += xt[x3 + k] * y
                            }
                            g[i * n + j] = s0
                            if rows > 1 && i + 1 <= j { g[(i + 1) * n + j] = s1 }
                            if rows > 2 && i + 2 <= j { g[(i + 2) * n + j] = s2 }
                            if rows > 3 && i + 3 <= j { g[(i + 3) * n + j] = s3 }
                        }
                        i += rows
                    }
                }
            }
        }
        errorRowSums = GershgorinBound.errorRowSums(m: m, r: r, xt: xt, n: n,
                                                    midColumns: midColumns, radColumns: radColumns)
    }

    /// Upper bounds of `Σ_j E_ij`, with (for `γ = γ_n`, `η` the subnormal spacing,
    /// `c = max_i ‖x_i‖₁`)
    ///
    ///     E = γ(2 + γ) |X|ᵀ|M||X| + |X|ᵀ R |X| + n η (1 + c (1 + γ)) J,
    ///
    /// which bounds `|XᵀSX − G|` for every `S ∈ [M ± R]` (README). With `s = |X| 𝟙`:
    /// `Σ_j (|X|ᵀ|M||X|)_ij = Σ_k |X_ki| (|M| s)_k`, and likewise for `R`.
    static func errorRowSums(m: [Double], r: [Double], xt: [Double], n: Int,
                             midColumns: [[Int]], radColumns: [[Int]]) -> [Double] {
        typealias B = Float64Bounds
        let gamma = B.gamma(n)
        let factor = B.productUp(gamma, B.sumUp(2, gamma))
        var s = [Double](repeating: 0, count: n)          // s_k = Σ_j |X_kj| = Σ_j |xt[j][k]|
        var columnNorms = [Double](repeating: 0, count: n) // ‖x_i‖₁
        for j in 0..<n {
            var norm = 0.0
            for k in 0..<n {
                let x = Swift.abs(xt[j * n + k])
                s[k] = B.sumUp(s[k], x)
                norm = B.sumUp(norm, x)
            }
            columnNorms[j] = norm
        }
        let c = columnNorms.max() ?? 0
        var hs = [Double](repeating: 0, count: n), rs = [Double](repeating: 0, count: n)
        for k in 0..<n {
            var a = 0.0
            for l in midColumns[k] { a = B.sumUp(a, B.productUp(Swift.abs(m[k * n + l]), s[l])) }
            var b = 0.0
            for l in radColumns[k] { b = B.sumUp(b, B.productUp(r[k * n + l], s[l])) }
            hs[k] = a; rs[k] = b
        }
        // n · n η (1 + c (1 + γ)): the underflow part of a row sum.
        let nn = Double(n) * Double(n)                     // exact below 2^53
        let underflow = B.productUp(B.productUp(nn, B.subnormalSpacing),
                                    B.sumUp(1, B.productUp(c, B.sumUp(1, gamma))))
        var result = [Double](repeating: 0, count: n)
        for i in 0..<n {
            var a = 0.0, b = 0.0
            for k in 0..<n {
                let x = Swift.abs(xt[i * n + k])
                if x == 0 { continue }
                a = B.sumUp(a, B.productUp(x, hs[k]))
                b = B.sumUp(b, B.productUp(x, rs[k]))
            }
            result[i] = B.sumUp(B.sumUp(B.productUp(factor, a), b), underflow)
        }
        return result
    }

    /// Step 4: the signs of the diagonal of `G` when every Gershgorin disc excludes 0.
    func inertia(scaleExponent: Int) -> SymmetricInertia.DiagonalisationOutcome {
        typealias B = Float64Bounds
        var positive = 0, negative = 0
        for i in 0..<n {
            var offDiagonal = 0.0
            for j in 0..<n where j != i {
                offDiagonal = B.sumUp(offDiagonal, Swift.abs(i < j ? g[i * n + j] : g[j * n + i]))
            }
            let radius = B.sumUp(offDiagonal, errorRowSums[i])
            let centre = g[i * n + i]
            // Compared exactly: centre and radius are doubles, radius an upper bound.
            if radius.isFinite && centre > radius {
                positive += 1
            } else if radius.isFinite && -centre > radius {
                negative += 1
            } else {
                return .discReachesZero(index: i, centre: centre, radius: radius, scaleExponent: scaleExponent)
            }
        }
        return .certified(SymmetricInertia.Inertia(positive: positive, negative: negative))
    }
}
