import Foundation
import CertifiedIntervals
import CertifiedLinearAlgebra

/// How the Hessian behind a hessian claim's type was obtained.
enum HessianMethod: String {
    /// The symmetry-adapted blocks of an exactly critical copy-average configuration of the
    /// orthonormal teacher (`SymmetryAdaptedHessian`), never the dense Hessian.
    case sectors
    /// The dense Hessian at an exactly critical configuration (no Krawczyk box).
    case denseAtExactPoint = "dense-at-exact-point"
    /// The dense Hessian over the Krawczyk box around the configuration.
    case krawczykBox = "krawczyk-box"
}

/// The certified inertia of one symmetry sector of the Hessian at an exactly symmetric,
/// exactly critical point: the block of the sector occurs `multiplicity` times (Schur's
/// lemma), so it contributes `multiplicity × negative` negative directions.
struct SectorInertia {
    /// Stable name of the sector (`within-group(2)`, `invariant`, …), as `SymmetryAdaptedHessian` gives it.
    var identifier: String
    /// The sector in words.
    var description: String
    /// The group size the sector belongs to, when it belongs to one.
    var groupSize: Int?
    var multiplicity: Int
    var blockSize: Int
    /// The inertia of the block (certified: no eigenvalue of the block is 0).
    var positive: Int
    var negative: Int
    /// Enclosures of the block's eigenvalues, increasing, for blocks of at most
    /// `BlockEigenvalues.largestBlock` rows when they could be certified; nil otherwise.
    var eigenvalues: [Interval]?

    /// The negative directions the sector contributes to the Morse index.
    var negativeDirections: Int { multiplicity * negative }
    var positiveDirections: Int { multiplicity * positive }
}

/// Certified enclosures of the eigenvalues of a small symmetric pencil `(B, G)` — a
/// sector's block `B = H(u_a, u_b)` and the Gram matrix `G = ⟨u_a, u_b⟩` of its
/// representatives (positive definite): the values λ with `det(B − λG) = 0`, which are
/// eigenvalues of the dense Hessian (each `multiplicity` times).
enum BlockEigenvalues {
    /// The largest block whose eigenvalues are enclosed for reports.
    static let largestBlock = 3

    /// Enclosures, increasing, of the eigenvalues of the pencil `(B, G)` for every `B` in
    /// `block` and `G` in `gram` (at most `largestBlock` rows; `G` positive definite, which
    /// is checked). For a 1×1 block, `B/G` (interval division). Otherwise approximate
    /// eigenvalues `μ_1 ≤ … ≤ μ_m` (float64: Cholesky of mid G, Jacobi on `L⁻¹ B L⁻ᵀ`) each
    /// get a window `(μ_i − δ, μ_i + δ)` (δ at most 2^-40 relative to the scale and less than
    /// half the gaps to the neighbours), certified to hold the i-th eigenvalue by Sylvester's
    /// law: with G positive definite, the number of negative eigenvalues of `B − tG` is the
    /// number of pencil eigenvalues below t, so `B − t⁻G` must have exactly i − 1 and
    /// `B − t⁺G` exactly i (`SymmetricInertia.certify`, which also excludes a zero
    /// eigenvalue). Nil when G is not certified positive definite, a window cannot be
    /// certified (clustered or too wide eigenvalues), the block is larger, or empty.
    static func enclose(_ block: [[Interval]], gram: [[Interval]], precision p: Int) -> [Interval]? {
        let m = block.count
        guard m >= 1, m <= largestBlock, block.allSatisfy({ $0.count == m }), gram.count == m,
              gram.allSatisfy({ $0.count == m }),
              case .certified(let gramInertia) = SymmetricInertia.certify(gram), gramInertia.positive == m
        else { return nil }
        if m == 1 {
            return (try? block[0][0] / gram[0][0]).map { [$0] }
        }
        guard let mu = approximateEigenvalues(block, gram) else { return nil }
        let scale = mu.map { abs($0) }.max() ?? 0
        guard scale > 0, scale.isFinite else { return nil }
        var enclosures: [Interval] = []
        for (i, value) in mu.enumerated() {
            var delta = scale * 0x1p-40
            if i > 0 { delta = min(delta, (value - mu[i - 1]) / 2) }
            if i < m - 1 { delta = min(delta, (mu[i + 1] - value) / 2) }
            let below = value - delta, above = value + delta
            guard delta > 0, below < above,
                  negatives(block, gram, shift: below, precision: p) == i,
                  negatives(block, gram, shift: above, precision: p) == i + 1 else { return nil }
            enclosures.append(Interval(lower: below, upper: above, precision: max(p, 64)))
        }
        return enclosures
    }

    /// Approximate pencil eigenvalues, increasing (float64; not an enclosure).
    private static func approximateEigenvalues(_ block: [[Interval]], _ gram: [[Interval]]) -> [Double]? {
        let m = block.count
        let b = block.map { $0.map(\.midpointAsDouble) }, g = gram.map { $0.map(\.midpointAsDouble) }
        // Cholesky G = L Lᵀ.
        var l = [[Double]](repeating: [Double](repeating: 0, count: m), count: m)
        for i in 0..<m {
            for j in 0...i {
                var sum = g[i][j]
                for t in 0..<j { sum -= l[i][t] * l[j][t] }
                if i == j {
                    guard sum > 0 else { return nil }
                    l[i][i] = sum.squareRoot()
                } else {
                    l[i][j] = sum / l[j][j]
                }
            }
        }
        // X = L⁻¹ B (forward substitution, column by column), then S = X L⁻ᵀ = L⁻¹ Xᵀ.
        func solveLower(_ column: [Double]) -> [Double] {
            var x = [Double](repeating: 0, count: m)
            for i in 0..<m {
                var sum = column[i]
                for t in 0..<i { sum -= l[i][t] * x[t] }
                x[i] = sum / l[i][i]
            }
            return x
        }
        let xColumns = (0..<m).map { j in solveLower((0..<m).map { b[$0][j] }) }   // columns of L⁻¹B
        let x = (0..<m).map { i in (0..<m).map { j in xColumns[j][i] } }
        let sColumns = (0..<m).map { i in solveLower(x[i]) }                      // L⁻¹ (row i of X)ᵀ
        var s = (0..<m).map { i in (0..<m).map { j in sColumns[j][i] } }
        for i in 0..<m { for j in 0..<i { let v = (s[i][j] + s[j][i]) / 2; s[i][j] = v; s[j][i] = v } }
        guard s.joined().allSatisfy(\.isFinite),
              let decomposition = Approximate.symmetricEigenDecomposition(s.map { $0.map { Interval($0, precision: 64) } })
        else { return nil }
        let values = decomposition.eigenvalues.map { Foundation.scalbn($0, decomposition.scaleExponent) }.sorted()
        return values.allSatisfy(\.isFinite) ? values : nil
    }

    /// The certified number of negative eigenvalues of `B − t G`, or nil.
    private static func negatives(_ block: [[Interval]], _ gram: [[Interval]], shift: Double, precision p: Int) -> Int? {
        let t = Interval(shift, precision: max(p, 64))
        let shifted = block.indices.map { i in block[i].indices.map { j in block[i][j] - t * gram[i][j] } }
        guard case .certified(let inertia) = SymmetricInertia.certify(shifted) else { return nil }
        return inertia.negative
    }
}
