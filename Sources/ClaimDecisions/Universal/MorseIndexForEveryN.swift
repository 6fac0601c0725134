import CertifiedIntervals
import RangeProofs

/// One symmetry sector of a family of critical points indexed by an integer n: a
/// symmetric block whose entries are polynomials in n (enclosed coefficients), occurring
/// `multiplicityNumerator(n) / multiplicityDenominator` times (an integer for every n of
/// the family's range).
struct PolynomialSector {
    var identifier: String
    var description: String
    /// Integer coefficients, constant term first.
    var multiplicityNumerator: [Int]
    var multiplicityDenominator: Int
    var block: [[IntervalPolynomial]]

    /// The multiplicity at n, exactly (any n: no machine-integer overflow).
    func exactMultiplicity(at n: Int) -> Rational {
        let numerator = multiplicityNumerator.reversed().reduce(Rational(0)) { $0 * Rational(n) + Rational($1) }
        return (try? Rational.dividing(numerator, by: Rational(multiplicityDenominator))) ?? numerator
    }

    /// The multiplicity at a moderate n (|n| ≤ 2^20, so that it fits a machine integer).
    func multiplicity(at n: Int) -> Int {
        precondition(abs(n) <= 1 << 20, "PolynomialSector.multiplicity(at:) is for moderate n; use exactMultiplicity")
        return multiplicityNumerator.reversed().reduce(0) { $0 * n + $1 } / multiplicityDenominator
    }
}

/// The inertia of one sector at one instance (numeric blocks), for the finitely many n
/// below the range where the polynomial blocks are valid.
struct SectorInstanceInertia {
    var identifier: String
    var multiplicity: Int
    var blockSize: Int
    /// nil when the block's inertia is not certified (singular or too wide).
    var positive: Int?
    var negative: Int?
}

/// The Morse index of a family of non-degenerate critical points for every n ≥ n0, from
/// its sectors (Sylvester's law: the Hessian in the symmetry-adapted basis is block
/// diagonal, so its inertia is Σ multiplicity × inertia of the block).
///
/// For each sector, `PolynomialMatrixInertia` gives pieces of n with constant inertia; the
/// common refinement of all sectors' pieces has, on each piece, an index that is the
/// polynomial Σ_s negative_s · multiplicity_s(n) with rational coefficients (exact).
enum MorseIndexForEveryN {

    struct SectorOnPiece {
        var sector: PolynomialSector
        var inertia: PolynomialMatrixInertia.Inertia
    }

    /// One stretch of n: the inertia of every sector (decided), or the reason it is not.
    struct Piece {
        var lower: Int
        var upper: Int?
        var sectors: [SectorOnPiece]?
        var reason: String?
        /// The sectors whose inertia is certified on the piece (all of them when `sectors`
        /// is not nil): enough for a direction of negative or positive curvature.
        var partial: [SectorOnPiece] = []

        func contains(_ n: Int) -> Bool { n >= lower && (upper.map { n <= $0 } ?? true) }

        var rangeText: String {
            guard let upper else { return "n ≥ \(lower)" }
            return upper == lower ? "n = \(lower)" : "\(lower) ≤ n ≤ \(upper)"
        }

        /// Σ weight(sector) · multiplicity_s(n), exact rational coefficients (constant first).
        func polynomial(_ weight: (PolynomialMatrixInertia.Inertia) -> Int) -> [Rational] {
            var total: [Rational] = []
            for entry in sectors ?? [] {
                let w = weight(entry.inertia)
                guard w != 0 else { continue }
                let numerator = entry.sector.multiplicityNumerator
                if total.count < numerator.count { total += Array(repeating: Rational(0), count: numerator.count - total.count) }
                for (i, c) in numerator.enumerated() {
                    total[i] = total[i] + Rational(w * c, entry.sector.multiplicityDenominator)
                }
            }
            while let last = total.last, last.signum == 0 { total.removeLast() }
            return total
        }

        /// The Morse index Σ negative_s · multiplicity_s(n).
        var indexPolynomial: [Rational] { polynomial { $0.negative } }
        /// The number of positive eigenvalues.
        var positivePolynomial: [Rational] { polynomial { $0.positive } }
        /// The number of zero eigenvalues (0 for a non-degenerate critical point).
        var zeroPolynomial: [Rational] { polynomial { $0.zero } }
    }

    /// Pieces covering every integer n ≥ `from` (in order). Throws `InputError` for a block
    /// that is not square or not symmetric.
    static func pieces(_ sectors: [PolynomialSector], from: Int, precision: Int) throws -> [Piece] {
        let perSector = try sectors.map { sector in
            try PolynomialMatrixInertia.inertia(of: sector.block, from: from, precision: precision).pieces
        }
        var starts = Set<Int>([from])
        for pieces in perSector { for piece in pieces { starts.insert(piece.lower) } }
        let ordered = starts.sorted()
        var result: [Piece] = []
        for (index, start) in ordered.enumerated() {
            let end: Int? = index + 1 < ordered.count ? ordered[index + 1] - 1 : nil
            var entries: [SectorOnPiece] = []
            var reason: String? = nil
            for (sector, pieces) in zip(sectors, perSector) {
                guard let piece = pieces.first(where: { $0.contains(start) }), let inertia = piece.inertia else {
                    let why = pieces.first(where: { $0.contains(start) })?.reason ?? "no piece"
                    if reason == nil { reason = "the inertia of sector \(sector.identifier) is not certified: \(why)" }
                    continue
                }
                entries.append(SectorOnPiece(sector: sector, inertia: inertia))
            }
            let piece = Piece(lower: start, upper: end, sectors: reason == nil ? entries : nil, reason: reason,
                              partial: entries)
            func signature(_ p: Piece) -> [String] { p.partial.map { "\($0.sector.identifier)\($0.inertia)" } }
            // Merge with the previous piece when every sector's inertia is the same.
            if let last = result.last, let lastSectors = last.sectors, let sectorsHere = piece.sectors,
               lastSectors.map(\.inertia) == sectorsHere.map(\.inertia) {
                result[result.count - 1].upper = end
            } else if let last = result.last, last.sectors == nil, piece.sectors == nil, last.reason == piece.reason,
                      signature(last) == signature(piece) {
                result[result.count - 1].upper = end
            } else {
                result.append(piece)
            }
        }
        return result
    }

    /// Evaluates exact rational coefficients (constant first) at n.
    static func evaluate(_ coefficients: [Rational], at n: Int) -> Rational {
        coefficients.reversed().reduce(Rational(0)) { $0 * Rational(n) + $1 }
    }
}
