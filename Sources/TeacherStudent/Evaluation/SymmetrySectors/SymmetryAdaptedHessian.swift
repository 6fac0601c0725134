import CertifiedIntervals
import CertifiedLinearAlgebra

/// The Hessian of the loss at a copy-average (CA) point of the orthonormal teacher
/// (`v_j = e_j`, `b_j = 1`, `k ≤ d`), block by block in a symmetry-adapted basis, computed
/// from the kernel and its derivatives at the level of group-size classes — the dense
/// `n(d + 1)`-square Hessian is never formed, and the cost depends on the number `C` of
/// distinct group sizes only (not on `k`, `n` or `d`).
///
/// The argument (README, "Symmetry sectors"): the loss at a CA point is invariant under
/// a group `G` (permutations inside each group, exchanges of equal-size groups with their
/// students, rotations of the `d − k` orthogonal directions). For each irreducible type
/// `ρ` occurring `m_ρ` times, the `m_ρ` representative vectors `u_1…u_m` are the images of
/// one fixed vector of `ρ` under `m_ρ` independent equivariant embeddings; by Schur's
/// lemma the Hessian restricted to the isotypic component is congruent to
/// `B_ρ ⊗ I_dim ρ` with `B_ρ[a, b] = H(u_a, u_b)`, so by Sylvester's law
/// `inertia(H) = Σ_ρ dim(ρ) · inertia(B_ρ)`. Every irreducible involved is of real type
/// (Specht modules of symmetric groups, the vector representation of `O(r)`, their outer
/// products and the induced representations of the within-group sectors), which is what
/// Schur's lemma needs for `End_G(V_ρ) = ℝ`. Each block size is the full multiplicity
/// `m_ρ` of its type (derivation in the README), and both facts the inertia formula rests
/// on are checked at run time, exactly: the representatives of every sector are linearly
/// independent (`DecompositionCheck`: full rank of their integer coefficients modulo a
/// prime) and `Σ multiplicity × blockSize = n(d + 1)`; a list failing either is refused
/// (`SectorError.inconsistentDecomposition`).
///
/// The only exact zeros in a block are structural (a representative with coefficient 0
/// on a slot); an entry computed from enclosures stays an enclosure even when it contains
/// 0 (some such entries vanish only at critical points, others only for erf). Exact zeros
/// beyond that need an exact proof, which this module does not make: every constant enters
/// the evaluation through `SectorScalar.term` with its exact structure (`SectorTerm`:
/// integer × Π `SectorAtom`), so that a scalar keeping exact forms (SymmetryReduction's
/// `SectorForm`) can decide them exactly downstream.
///
/// **Soundness.** A block is the Hessian *at the exactly symmetric point*: its entries
/// enclose exact values at the given enclosures of `c(ℓ)`, `a(ℓ)` (a block of an interval
/// input holds the blocks of every point input — every such point is again exactly
/// symmetric). The decomposition is exact only there: a caller must use the inertia only
/// at a CA point that is exactly critical (for the Morse index), or bound the coupling
/// between sectors itself. Nothing here checks criticality.
public enum SymmetryAdaptedHessian {

    /// One isotypic block: the Hessian restricted to one isotypic component, as the Gram
    /// matrix `H(u_a, u_b)` of its representatives.
    public struct Sector {
        /// Stable name, e.g. `invariant`, `exchange(2)`, `exchange(2,1)`,
        /// `exchange-antisymmetric(1)`, `exchange-symmetric(1)`, `within-group(2)`,
        /// `within-group(2)/exchange(1)`, `orthogonal`, `orthogonal/exchange(1)`.
        public let identifier: String
        /// A sentence a researcher understands.
        public let description: String
        /// The group size of the class the sector belongs to, when it belongs to one.
        public let groupSize: Int?
        /// How many times the block occurs: the dimension of the irreducible representation.
        public let multiplicity: Int
        /// Symmetric, `blockSize × blockSize`: `H(u_a, u_b)`.
        public let block: [[Interval]]
        /// The Euclidean Gram matrix `⟨u_a, u_b⟩` of the representatives in parameter space
        /// (exact integers): positive definite exactly when they are independent. The
        /// eigenvalues of the pencil `(block, representativeGram)` are eigenvalues of the
        /// dense Hessian, each of multiplicity `multiplicity` (Schur).
        public let representativeGram: [[Interval]]
        /// What each representative is, one short phrase per row of `block`.
        public let representatives: [String]

        public var blockSize: Int { block.count }
    }

    /// Why a configuration cannot be decomposed.
    public enum SectorError: Error, Equatable, CustomStringConvertible {
        /// Not a CA point of the orthonormal teacher (`k > d`, an empty group, no students…).
        case notACopyAveragePoint(String)
        /// A class multiplicity of a family is not a constant or affine with positive slope.
        case unsupportedFamily(String)
        /// The catalogue of sectors is not a decomposition of the whole parameter space
        /// (dependent representatives, or dimensions not adding up): a programming error,
        /// refused rather than turned into a Morse index.
        case inconsistentDecomposition(String)

        public var description: String {
            switch self {
            case .notACopyAveragePoint(let r): return "not a copy-average point of the orthonormal teacher: \(r)"
            case .unsupportedFamily(let r): return "unsupported family: \(r)"
            case .inconsistentDecomposition(let r): return "inconsistent symmetry decomposition: \(r)"
            }
        }
    }

    /// The sectors of the CA point with group sizes `partition` (any order) against the
    /// orthonormal teacher on `R^d`: student `i` is `w_i = c(ℓ_i) Σ_{j∈S_i} e_j`,
    /// `a_i = a(ℓ_i)`. Σ multiplicity × blockSize = `n(d + 1)`.
    ///
    /// Throws `SectorError.notACopyAveragePoint` for `k > d`, a size `< 1` or an empty
    /// partition; `NetworkEvaluationError` where the kernel has no second derivative (ReLU
    /// at a copy, where `w ∥ v`); `SectorError.inconsistentDecomposition` if the run-time
    /// checks of the decomposition fail (never expected: a programming error).
    public static func sectors(partition: [Int], inputDimension d: Int, activation: Activation,
                               coefficient: (Int) throws -> Interval, outgoingWeight: (Int) throws -> Interval,
                               precision: Int) throws -> [Sector] {
        guard !partition.isEmpty else { throw SectorError.notACopyAveragePoint("the partition has no group") }
        guard partition.allSatisfy({ $0 >= 1 }) else {
            throw SectorError.notACopyAveragePoint("every group needs at least one teacher neuron, got \(partition)")
        }
        let k = partition.reduce(0, +)
        guard k <= d else { throw SectorError.notACopyAveragePoint("k = \(k) teacher neurons need d ≥ k, got d = \(d)") }
        var counts: [Int: Int] = [:]
        for l in partition { counts[l, default: 0] += 1 }
        let classes = counts.keys.sorted(by: >).map {
            SectorClass(size: $0, multiplicity: CountPolynomial(counts[$0]!), structuralMultiplicity: counts[$0]!)
        }
        let kernels = try SectorCatalogue.kernelData(classes: classes, activation: activation, coefficient: coefficient,
                                                     outgoingWeight: outgoingWeight, precision: precision)
        let catalogued = SectorCatalogue.sectors(classes: classes, kernels: kernels.classes, pairJets: kernels.pairs,
                                                 orthogonalDirections: CountPolynomial(d - k), independenceCheckAt: 0,
                                                 precision: precision, scalar: Interval.self)
        let sectors = catalogued.compactMap { sector -> Sector? in
            let multiplicity = sector.multiplicityNumerator.evaluate(at: 0) / sector.multiplicityDenominator
            guard multiplicity > 0 else { return nil }
            return Sector(identifier: sector.identifier, description: sector.description, groupSize: sector.groupSize,
                          multiplicity: multiplicity, block: sector.block, representativeGram: sector.gram,
                          representatives: sector.representatives)
        }
        // The decomposition must be one of the whole space: independent representatives, and
        // the dimensions adding up (a catalogue error is refused, never turned into an index).
        if let dependent = catalogued.first(where: { !$0.independent && $0.multiplicityNumerator.evaluate(at: 0) > 0 }) {
            throw SectorError.inconsistentDecomposition("the representatives of \(dependent.identifier) are not certified independent")
        }
        let covered = sectors.reduce(0) { $0 + $1.multiplicity * $1.blockSize }
        guard covered == partition.count * (d + 1) else {
            throw SectorError.inconsistentDecomposition("the sectors cover \(covered) dimensions, not n(d + 1) = \(partition.count * (d + 1))")
        }
        return sectors
    }

    /// The certified inertia of one sector's block (`SymmetricInertia.certify`).
    public struct SectorInertia {
        public let sector: Sector
        public let outcome: SymmetricInertia.Outcome
        /// The block's inertia when certified.
        public var inertia: SymmetricInertia.Inertia? {
            if case .certified(let i) = outcome { return i }
            return nil
        }
    }

    /// Numbers of positive and negative eigenvalues of the whole Hessian (no zero eigenvalue).
    public struct Inertia: Equatable {
        public let positive: Int
        public let negative: Int
        public init(positive: Int, negative: Int) { self.positive = positive; self.negative = negative }
    }

    /// The inertia of the whole Hessian assembled from the sectors.
    public struct MorseIndex {
        /// Per sector, in the order given.
        public let sectors: [SectorInertia]
        /// `Σ multiplicity × inertia(block)`; nil when any block is undecided.
        public let total: Inertia?
        /// The number of negative eigenvalues; nil when any block is undecided.
        public var index: Int? { total?.negative }
    }

    /// Certifies every block and sums the inertias weighted by the multiplicities
    /// (Sylvester's law and Schur's lemma). Meaningful for the Hessian only under the
    /// conditions of the type's soundness note.
    public static func morseIndex(_ sectors: [Sector]) -> MorseIndex {
        let inertias = sectors.map { SectorInertia(sector: $0, outcome: SymmetricInertia.certify($0.block)) }
        var positive = 0, negative = 0
        for s in inertias {
            guard let i = s.inertia else { return MorseIndex(sectors: inertias, total: nil) }
            positive += s.sector.multiplicity * i.positive
            negative += s.sector.multiplicity * i.negative
        }
        return MorseIndex(sectors: inertias, total: Inertia(positive: positive, negative: negative))
    }
}

// MARK: - Families with class multiplicities affine in n

extension SymmetryAdaptedHessian {

    /// One class of a family: students averaging groups of `size` teacher neurons, and how
    /// many there are, `multiplicity(n)` (a constant ≥ 1, or affine `p + q n` with `q > 0`).
    public struct FamilyClass {
        public let size: Int
        public let multiplicity: CountPolynomial
        public init(size: Int, multiplicity: CountPolynomial) { self.size = size; self.multiplicity = multiplicity }
    }

    /// One block of a family: entries are `S` (polynomials in `n`), the multiplicity is the
    /// integer-valued polynomial `multiplicityNumerator(n) / multiplicityDenominator`.
    public struct FamilySector<S: SectorScalar> {
        public let identifier: String
        public let description: String
        public let groupSize: Int?
        public let multiplicityNumerator: CountPolynomial
        /// 1 or 2 (`μ(μ − 3)/2`, `(μ − 1)(μ − 2)/2`).
        public let multiplicityDenominator: Int
        public let block: [[S]]
        public let representatives: [String]
        /// The multiplicity at the integer `n` (of the family's range).
        public func multiplicity(at n: Int) -> Int { multiplicityNumerator.evaluate(at: n) / multiplicityDenominator }
    }

    /// The blocks of a family, valid for every integer `n ≥ validFrom`: there every class
    /// of non-constant multiplicity has at least 4 students, so the list of sectors and
    /// their sizes do not change with `n` (at smaller `n` use `sectors` on the instance).
    public struct FamilyBlocks<S: SectorScalar> {
        public let classes: [FamilyClass]
        /// `d − k`, as a polynomial in `n`.
        public let orthogonalDirections: CountPolynomial
        public let validFrom: Int
        public let sectors: [FamilySector<S>]
    }

    /// The blocks of the family of CA points with the given classes and `d − k =
    /// orthogonalDirections(n)` (constant or affine with positive slope, or 0), with entries
    /// in `S`. Evaluating an entry at an integer `n ≥ validFrom` gives an enclosure of the
    /// corresponding entry of `sectors(...)` for that instance.
    public static func familySectors<S: SectorScalar>(
        classes: [FamilyClass], orthogonalDirections: CountPolynomial, activation: Activation,
        coefficient: (Int) throws -> Interval, outgoingWeight: (Int) throws -> Interval,
        precision: Int, scalar: S.Type
    ) throws -> FamilyBlocks<S> {
        guard !classes.isEmpty else { throw SectorError.unsupportedFamily("a family needs at least one class") }
        guard Set(classes.map(\.size)).count == classes.count, classes.allSatisfy({ $0.size >= 1 }) else {
            throw SectorError.unsupportedFamily("class sizes must be distinct and ≥ 1, got \(classes.map(\.size))")
        }
        /// The smallest n ≥ 1 from which an affine count `p + q n` (q > 0) is ≥ `minimum`.
        func threshold(_ count: CountPolynomial, _ minimum: Int, _ what: String) throws -> Int {
            guard count.degree == 1, count.coefficients[1] > 0 else {
                throw SectorError.unsupportedFamily("\(what) must be a constant or affine in n with positive slope, got \(count)")
            }
            let p = count.coefficients[0], q = count.coefficients[1]
            let needed = minimum - p
            return max(1, needed <= 0 ? 1 : (needed + q - 1) / q)
        }
        var validFrom = 1
        var sectorClasses: [SectorClass] = []
        for c in classes.sorted(by: { $0.size > $1.size }) {
            if let constant = c.multiplicity.constantValue {
                guard constant >= 1 else {
                    throw SectorError.unsupportedFamily("the class of size \(c.size) has multiplicity \(constant) < 1")
                }
                sectorClasses.append(SectorClass(size: c.size, multiplicity: c.multiplicity, structuralMultiplicity: constant))
            } else {
                validFrom = max(validFrom, try threshold(c.multiplicity, 4, "the multiplicity of size \(c.size)"))
                sectorClasses.append(SectorClass(size: c.size, multiplicity: c.multiplicity, structuralMultiplicity: 4))
            }
        }
        if let constant = orthogonalDirections.constantValue {
            guard constant >= 0 else { throw SectorError.unsupportedFamily("d − k = \(constant) < 0") }
        } else {
            validFrom = max(validFrom, try threshold(orthogonalDirections, 1, "d − k"))
        }
        let kernels = try SectorCatalogue.kernelData(classes: sectorClasses, activation: activation,
                                                     coefficient: coefficient, outgoingWeight: outgoingWeight,
                                                     precision: precision)
        let catalogued = SectorCatalogue.sectors(classes: sectorClasses, kernels: kernels.classes,
                                                 pairJets: kernels.pairs, orthogonalDirections: orthogonalDirections,
                                                 independenceCheckAt: validFrom, precision: precision, scalar: scalar)
        // Independent representatives for every n ≥ validFrom (DecompositionCheck), and the
        // dimensions adding up to n(d + 1) as an identity of polynomials in n (times 2, for the
        // halves): Σ (2 / denominator) · multiplicity · blockSize = 2 · N(n) · (K(n) + (d − k)(n) + 1),
        // N = Σ μ, K = Σ ℓ μ.
        if let dependent = catalogued.first(where: { !$0.independent }) {
            throw SectorError.inconsistentDecomposition("the representatives of \(dependent.identifier) are not certified independent")
        }
        let students = sectorClasses.reduce(CountPolynomial(0)) { $0 + $1.multiplicity }
        let teachers = sectorClasses.reduce(CountPolynomial(0)) { $0 + $1.size * $1.multiplicity }
        let covered = catalogued.reduce(CountPolynomial(0)) {
            $0 + (2 / $1.multiplicityDenominator * $1.block.count) * $1.multiplicityNumerator
        }
        guard covered == 2 * (students * (teachers + orthogonalDirections + 1)) else {
            throw SectorError.inconsistentDecomposition("the sectors cover \(covered) / 2 dimensions, not n(d + 1)")
        }
        let sectors = catalogued.compactMap { sector -> FamilySector<S>? in
            if sector.multiplicityNumerator == CountPolynomial(0) { return nil }
            return FamilySector(identifier: sector.identifier, description: sector.description,
                                groupSize: sector.groupSize, multiplicityNumerator: sector.multiplicityNumerator,
                                multiplicityDenominator: sector.multiplicityDenominator, block: sector.block,
                                representatives: sector.representatives)
        }
        return FamilyBlocks(classes: classes, orthogonalDirections: orthogonalDirections, validFrom: validFrom,
                            sectors: sectors)
    }

    /// The family `(m, 1^(n−1))`: one average of `m ≥ 2` teacher neurons and `n − 1` copies,
    /// `k = m + n − 1`, `d = k + e` (`e ≥ 0`).
    public static func oneAverageFamily<S: SectorScalar>(
        averageSize m: Int, orthogonalOffset e: Int, activation: Activation,
        coefficient: (Int) throws -> Interval, outgoingWeight: (Int) throws -> Interval,
        precision: Int, scalar: S.Type
    ) throws -> FamilyBlocks<S> {
        guard m >= 2, e >= 0 else {
            throw SectorError.unsupportedFamily("(m, 1^(n−1)) needs m ≥ 2 and e ≥ 0, got m = \(m), e = \(e)")
        }
        return try familySectors(classes: [FamilyClass(size: m, multiplicity: CountPolynomial(1)),
                                           FamilyClass(size: 1, multiplicity: .affine(constant: -1, slope: 1))],
                                 orthogonalDirections: CountPolynomial(e), activation: activation,
                                 coefficient: coefficient, outgoingWeight: outgoingWeight,
                                 precision: precision, scalar: scalar)
    }
}
