import CertifiedIntervals

extension Krawczyk {

    /// The Krawczyk test in float64 midpoint–radius arithmetic with rigorous rounding
    /// bounds, visiting only the entries of `J(X)` that are not exact zeros: about
    /// `N · nnz(J)` float64 multiply–adds and `O(N²)` conversions, against `N³` MPFR
    /// interval products for `testByIntervalProducts`.
    ///
    /// The preconditioner actually used is the real matrix `Ĉ = 2^(−e) C̃`, where `2^e`
    /// scales `J(X)` to entries below 1 and `C̃` is the double nearest to `2^e mid(C)`
    /// entrywise; the theorem holds for any real preconditioner, so rounding `C` changes
    /// how often the test succeeds, never what a success means. With `J(X)/2^e ⊆ [M ± R]`,
    /// `F(m)/2^(e+t) ⊆ [f ± ρ]` (outward conversion; `2^t` the scale of the radius `r`),
    /// `P = fl(C̃ M)`, `γ = γ_N` and `η` the subnormal spacing, every row satisfies
    ///
    ///     Σ_j |I − Ĉ J|_ij ≤ Σ_j |δ_ij − P_ij| + γ (|C̃| |M| 𝟙)_i + N² η + (|C̃| R 𝟙)_i,
    ///     |Ĉ F(m)|_i / r   ≤ (|fl(C̃ f)_i| + γ (|C̃||f|)_i + N η + (|C̃| ρ)_i) / (r / 2^t),
    ///
    /// each side evaluated in float64 rounded up (`Float64Bounds`); the box contracts when
    /// their sum is below 1 in every row. Nil when the method does not apply: `N = 0`, an
    /// entry of `J(X)` is infinite or NaN or all are 0, an entry overflows the double range
    /// after scaling, or a bound is not finite. A `notContracting` outcome claims nothing
    /// (the interval-product test may still contract, e.g. beyond float64's precision).
    public static func testInFloat64MidpointRadius(valueAtCentre: [Interval], jacobianOverBox: [[Interval]],
                                                   radius: Interval, preconditioner: [[Interval]]) -> Outcome? {
        let n = valueAtCentre.count
        precondition(preconditioner.count == n && preconditioner.allSatisfy { $0.count == n },
                     "the preconditioner must be \(n) × \(n)")
        return testInFloat64(valueAtCentre: valueAtCentre, jacobianOverBox: jacobianOverBox, radius: radius) { _, e in
            let converter = Float64Converter()
            defer { converter.release() }
            var c = [Double](repeating: 0, count: n * n)
            for i in 0..<n {
                for j in 0..<n {
                    guard let value = converter.nearest(preconditioner[i][j], scale: -e) else { return nil }
                    c[i * n + j] = value
                }
            }
            return c
        }
    }

    /// `testInFloat64MidpointRadius` with its own preconditioner: the float64 inverse of
    /// the scaled midpoint matrix `M ≈ J(X)/2^e` (`Approximate.inverse(rowMajor:size:)`),
    /// so that nothing of order `N³` runs in MPFR. Nil also when `M` is singular to float64
    /// precision.
    public static func testInFloat64MidpointRadius(valueAtCentre: [Interval], jacobianOverBox: [[Interval]],
                                                   radius: Interval) -> Outcome? {
        testInFloat64(valueAtCentre: valueAtCentre, jacobianOverBox: jacobianOverBox, radius: radius) { m, _ in
            Approximate.inverse(rowMajor: m, size: valueAtCentre.count)
        }
    }

    /// The float64 test; `preconditioner(M, e)` returns `C̃` (row-major) for the scaled
    /// midpoint matrix `M` of `J(X)/2^e`, or nil.
    static func testInFloat64(valueAtCentre: [Interval], jacobianOverBox: [[Interval]], radius: Interval,
                              preconditioner: ([Double], Int) -> [Double]?) -> Outcome? {
        typealias B = Float64Bounds
        let n = valueAtCentre.count
        precondition(jacobianOverBox.count == n && jacobianOverBox.allSatisfy { $0.count == n },
                     "the Jacobian must be \(n) × \(n)")
        precondition(radius.isPositive, "the radius of a Krawczyk box must be positive")
        guard n > 0, let e = Float64Bounds.largestExponent(jacobianOverBox.joined()),
              let t = Float64Bounds.largestExponent([radius]) else { return nil }
        let converter = Float64Converter()
        defer { converter.release() }
        guard let radiusLower = converter.lowerBound(radius, scale: t), radiusLower > 0 else { return nil }

        // Conversions: J/2^e as [M ± R] (rows with their non-zero midpoint columns), C̃, F/2^(e+t).
        var m = [Double](repeating: 0, count: n * n)
        var columns = [[Int]](repeating: [], count: n)
        var radiusRowSums = [Double](repeating: 0, count: n)      // (R 𝟙)_t
        var magnitudeRowSums = [Double](repeating: 0, count: n)   // (|M| 𝟙)_t
        for row in 0..<n {
            var rs = 0.0, ms = 0.0
            for j in 0..<n {
                guard let (mid, rad) = converter.convert(jacobianOverBox[row][j], scale: e) else { return nil }
                if mid != 0 { m[row * n + j] = mid; columns[row].append(j); ms = B.sumUp(ms, Swift.abs(mid)) }
                if rad != 0 { rs = B.sumUp(rs, rad) }
            }
            radiusRowSums[row] = rs; magnitudeRowSums[row] = ms
        }
        guard let c = preconditioner(m, e), c.count == n * n, c.allSatisfy(\.isFinite) else { return nil }
        var f = [Double](repeating: 0, count: n), rho = [Double](repeating: 0, count: n)
        for j in 0..<n {
            guard let (mid, rad) = converter.convert(valueAtCentre[j], scale: e + t) else { return nil }
            f[j] = mid; rho[j] = rad
        }

        let gamma = B.gamma(n)
        let nEta = B.productUp(Double(n), B.subnormalSpacing)
        let nnEta = B.productUp(Double(n), nEta)
        var product = [Double](repeating: 0, count: n)            // row i of P, reused
        var worst = 0.0
        var contracting = true
        for i in 0..<n {
            let ci = i * n
            for j in 0..<n { product[j] = 0 }
            var y = 0.0, yMagnitudes = 0.0, yRadius = 0.0
            var jacobianMagnitudes = 0.0, jacobianRadius = 0.0
            for s in 0..<n {
                let cs = c[ci + s]
                if cs == 0 { continue }
                let magnitude = Swift.abs(cs)
                // P_i += c_is · M_s (non-zero columns only).
                let ms = s * n
                for j in columns[s] { product[j] += cs * m[ms + j] }
                jacobianMagnitudes = B.sumUp(jacobianMagnitudes, B.productUp(magnitude, magnitudeRowSums[s]))
                jacobianRadius = B.sumUp(jacobianRadius, B.productUp(magnitude, radiusRowSums[s]))
                y += cs * f[s]
                yMagnitudes = B.sumUp(yMagnitudes, B.productUp(magnitude, Swift.abs(f[s])))
                yRadius = B.sumUp(yRadius, B.productUp(magnitude, rho[s]))
            }
            var rowSum = 0.0
            for j in 0..<n { rowSum = B.sumUp(rowSum, ((i == j ? 1 : 0) - product[j]).magnitude.nextUp) }
            rowSum = B.sumUp(B.sumUp(B.sumUp(rowSum, B.productUp(gamma, jacobianMagnitudes)), nnEta), jacobianRadius)
            let yBound = B.sumUp(B.sumUp(B.sumUp(Swift.abs(y).nextUp, B.productUp(gamma, yMagnitudes)), nEta), yRadius)
            let ratio = B.sumUp(B.quotientUp(yBound, radiusLower), rowSum)
            guard ratio.isFinite else { return nil }
            if !(ratio < 1) { contracting = false }
            worst = Swift.max(worst, ratio)
        }
        return contracting ? .contracting(contraction: worst) : .notContracting(contraction: worst)
    }
}
