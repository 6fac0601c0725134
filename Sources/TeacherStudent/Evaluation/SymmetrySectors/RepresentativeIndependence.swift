/// Run-time checks that a sector list is a decomposition of the whole parameter space:
/// the representatives of each sector are linearly independent, and the dimensions add
/// up to `n(d + 1)`. A catalogue that fails either is refused (`SectorError.inconsistentDecomposition`)
/// rather than turned into a Morse index.
enum DecompositionCheck {

    /// The prime of the modular rank (`2³¹ − 1`): products of two residues fit in `Int`.
    static let prime = 2_147_483_647

    /// True when the representatives are certainly linearly independent in parameter space
    /// for the layout's counts at `n` (constant counts ignore `n`).
    ///
    /// The argument: a typed vector is a sum over *slots* (`δa` of the students of a type,
    /// `w` along the own group, `w` of type τ along the groups of type σ other than its own,
    /// `w` along the special direction) of its integer coefficient times the indicator of
    /// the slot's set of parameter coordinates; distinct slots have disjoint coordinate
    /// sets. So the vectors are independent exactly when the integer matrix of their
    /// coefficients, restricted to the slots that are not empty (`N_τ > 0`, and
    /// `N_τ (N_σ − [σ = τ]) > 0` for pair slots), has full row rank. Full rank modulo a
    /// prime implies full rank over ℚ (a non-zero minor mod p is a non-zero integer), so a
    /// `true` is a proof; a `false` may in principle be a modular accident, and refuses.
    /// For a family, slots empty at `n` can only become non-empty at larger `n` (counts are
    /// constant or increasing), so full rank at `n = validFrom` holds for every `n ≥ validFrom`.
    static func independent(_ vectors: [TypedVector], layout: TypeLayout, at n: Int) -> Bool {
        let types = layout.types.indices
        let counts = layout.types.map { $0.count.evaluate(at: n) }
        var rows: [[Int]] = vectors.map { _ in [] }
        func column(_ nonEmpty: Bool, _ value: (TypedVector) -> Int) {
            guard nonEmpty else { return }
            for (r, v) in vectors.enumerated() { rows[r].append(value(v)) }
        }
        for t in types {
            column(counts[t] > 0) { $0.outputWeight[t] }
            column(counts[t] > 0) { $0.ownGroup[t] }
            column(counts[t] > 0) { $0.special[t] }
            for g in types { column(counts[t] * (counts[g] - (g == t ? 1 : 0)) > 0) { $0.otherGroup[t][g] } }
        }
        return rankModuloPrime(rows) == vectors.count
    }

    /// The rank of an integer matrix modulo `prime`, by Gaussian elimination.
    static func rankModuloPrime(_ matrix: [[Int]]) -> Int {
        var a = matrix.map { $0.map { (($0 % prime) + prime) % prime } }
        let rows = a.count, columns = a.first?.count ?? 0
        var rank = 0
        for c in 0..<columns where rank < rows {
            guard let pivot = (rank..<rows).first(where: { a[$0][c] != 0 }) else { continue }
            a.swapAt(rank, pivot)
            let inverse = power(a[rank][c], prime - 2)
            for r in 0..<rows where r != rank && a[r][c] != 0 {
                let factor = a[r][c] * inverse % prime
                for j in c..<columns { a[r][j] = ((a[r][j] - factor * a[rank][j]) % prime + prime) % prime }
            }
            rank += 1
        }
        return rank
    }

    private static func power(_ base: Int, _ exponent: Int) -> Int {
        var result = 1, b = base % prime, e = exponent
        while e > 0 {
            if e & 1 == 1 { result = result * b % prime }
            b = b * b % prime
            e >>= 1
        }
        return result
    }
}
