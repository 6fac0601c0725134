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

/// Certified enclosures of the eigenvalues of a small symmetric interval matrix.
enum BlockEigenvalues {
    /// The largest block whose eigenvalues are enclosed for reports.
    static let largestBlock = 3

    /// Enclosures, in increasing order, of the eigenvalues of every symmetric matrix in
    /// `block` (at most `largestBlock` rows): a 1×1 block is its own eigenvalue; for a
    /// larger block, approximate eigenvalues `μ_1 ≤ … ≤ μ_m` of the midpoint (float64
    /// Jacobi) are each given a window `(t⁻, t⁺) = (μ_i − δ, μ_i + δ)` (δ at most 2^-40 of
    /// the matrix's scale and less than half the gaps to the neighbours), and the window
    /// is certified to hold the i-th eigenvalue by Sylvester's law: `B − t⁻ I` has exactly
    /// i − 1 and `B − t⁺ I` exactly i negative eigenvalues for every matrix in the block
    /// (`SymmetricInertia.certify`, which also certifies that no eigenvalue equals t).
    /// Nil when a window cannot be certified (clustered or too wide eigenvalues), when the
    /// block is larger, or empty.
    static func enclose(_ block: [[Interval]], precision p: Int) -> [Interval]? {
        let m = block.count
        guard m >= 1, m <= largestBlock, block.allSatisfy({ $0.count == m }) else { return nil }
        if m == 1 { return [block[0][0]] }
        guard let decomposition = Approximate.symmetricEigenDecomposition(block) else { return nil }
        let scale = decomposition.scaleExponent
        let mu = decomposition.eigenvalues.sorted()
        guard mu.allSatisfy(\.isFinite) else { return nil }
        var enclosures: [Interval] = []
        for (i, value) in mu.enumerated() {
            var delta = 0x1p-40
            if i > 0 { delta = min(delta, (value - mu[i - 1]) / 2) }
            if i < m - 1 { delta = min(delta, (mu[i + 1] - value) / 2) }
            let below = value - delta, above = value + delta
            guard delta > 0, below < above,
                  negatives(block, shift: below, scale: scale, precision: p) == i,
                  negatives(block, shift: above, scale: scale, precision: p) == i + 1 else { return nil }
            enclosures.append(Interval(lower: below, upper: above, precision: p).scaled(byPowerOfTwo: scale))
        }
        return enclosures
    }

    /// The certified number of negative eigenvalues of `B − 2^scale · shift · I`, or nil.
    private static func negatives(_ block: [[Interval]], shift: Double, scale: Int, precision p: Int) -> Int? {
        let t = Interval(shift, precision: max(p, 64)).scaled(byPowerOfTwo: scale)
        var shifted = block
        for i in shifted.indices { shifted[i][i] = shifted[i][i] - t }
        guard case .certified(let inertia) = SymmetricInertia.certify(shifted) else { return nil }
        return inertia.negative
    }
}
