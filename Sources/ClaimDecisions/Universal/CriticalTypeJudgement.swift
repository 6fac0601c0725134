import CertifiedIntervals
import RangeProofs

/// The verdict on a claim about the type of the critical points of a family indexed by n
/// (k = n + m − 1), from the inertia of their sectors: numerically at each instance below
/// the range of the polynomial blocks, and piecewise for every n from there on.
///
/// Soundness (with the premises the caller establishes: every point is exactly critical,
/// and the sectors are the Hessian at that point in an invertible basis): on a piece
/// where every sector's inertia is certified and no sector has a zero eigenvalue, the
/// Hessian is non-singular, so the point is a non-degenerate critical point whose Morse
/// index (number of negative eigenvalues) is Σ multiplicity × negative — a local
/// minimum iff it is 0, a saddle iff it is neither 0 nor the dimension. A claim is
/// PROVED when it holds at every instance and on every piece; REFUTED at the first k
/// where a certified index contradicts it; INCONCLUSIVE otherwise, with the reason.
enum CriticalTypeJudgement {

    /// What is claimed.
    enum Requirement {
        /// The Morse index equals `claimedAt(n)` (exact; nil when the claimed expression
        /// has no integer value there). `polynomial`: the claim as a polynomial in n
        /// (k = n + m − 1 substituted; exact rational coefficients, constant first), nil
        /// when it is not one (then unbounded pieces cannot be compared).
        case index(claimedAt: (Int) -> Rational?, polynomial: [Rational]?, text: String)
        /// Morse index ≥ 1 and at least one positive eigenvalue.
        case saddle
    }

    enum Outcome {
        /// The proof's steps, in words.
        case proved([String])
        case refuted(k: Int, n: Int, actualIndex: Rational, claimed: String, explanation: String)
        case inconclusive(reason: String, established: [String])
    }

    /// `offset` = m − 1 (k = n + offset). `instances`: (n, sectors) for each n below the
    /// pieces, in order. `pieces`: from `MorseIndexForEveryN.pieces`.
    static func judge(_ requirement: Requirement, offset: Int,
                      instances: [(n: Int, sectors: [SectorInstanceInertia])],
                      pieces: [MorseIndexForEveryN.Piece]) -> Outcome {
        var established: [String] = []
        // Instances, one by one.
        for (n, sectors) in instances {
            let k = n + offset
            var index = 0, positive = 0
            for sector in sectors where sector.multiplicity > 0 {
                guard let neg = sector.negative, let pos = sector.positive else {
                    return .inconclusive(reason: "at k = \(k) (n = \(n)) the inertia of sector \(sector.identifier) is "
                                         + "not certified (singular or too wide)", established: established)
                }
                index += sector.multiplicity * neg
                positive += sector.multiplicity * pos
            }
            let negativeSectors = describe(sectors.compactMap { s in
                s.multiplicity > 0 && (s.negative ?? 0) > 0 ? (s.identifier, Rational(s.multiplicity), s.negative!) : nil
            })
            switch requirement {
            case .index(let claimedAt, _, let text):
                guard let claimed = claimedAt(n), claimed.isInteger else {
                    return .inconclusive(reason: "the claimed Morse index \(text) is not an integer at k = \(k)",
                                         established: established)
                }
                if claimed != Rational(index) {
                    return .refuted(k: k, n: n, actualIndex: Rational(index), claimed: "\(claimed)",
                                    explanation: "the Morse index is \(index)" + negativeSectors)
                }
            case .saddle:
                if index == 0 || positive == 0 {
                    return .refuted(k: k, n: n, actualIndex: Rational(index), claimed: "saddle",
                                    explanation: index == 0 ? "the Hessian is positive definite: a strict local minimum, not a saddle"
                                                            : "the Hessian is negative definite: a strict local maximum, not a saddle")
                }
            }
            established.append("k = \(k) (n = \(n)): Morse index \(index)" + negativeSectors
                               + " [numeric sector blocks, certified interval inertia]")
        }
        // Pieces for every n from there on.
        for piece in pieces {
            let kText = kRange(piece, offset: offset)
            guard let sectors = piece.sectors else {
                // Some sectors undecided: the certified ones still give directions of
                // negative and positive curvature (a vector y with yᵀ B_s y < 0 gives the
                // direction P y with the same Hessian value), which decide a saddle (a
                // critical point with both is neither a local minimum nor a local maximum)
                // and refute an index smaller than the negative directions found.
                let negative = witness(piece, \.negative), positive = witness(piece, \.positive)
                switch requirement {
                case .saddle:
                    if let negative, let positive {
                        established.append("\(kText): a saddle, i.e. neither a local minimum nor a local maximum (the "
                                           + "Hessian may be singular there, so not necessarily a non-degenerate one) — "
                                           + "negative curvature in sector \(negative), positive "
                                           + "curvature in sector \(positive) (the inertia of the other sectors is not "
                                           + "certified there: \(piece.reason ?? ""))")
                        continue
                    }
                case .index(let claimedAt, _, _):
                    let n = piece.lower
                    let lowerBound = piece.partial.reduce(Rational(0)) {
                        $0 + $1.sector.exactMultiplicity(at: n) * Rational($1.inertia.negative)
                    }
                    if let claimed = claimedAt(n), lowerBound > claimed {
                        return .refuted(k: n + offset, n: n, actualIndex: lowerBound, claimed: "\(claimed)",
                                        explanation: "the Morse index is at least \(lowerBound)"
                                            + describe(piece.partial.compactMap { s in
                                                s.inertia.negative > 0 && s.sector.exactMultiplicity(at: n).signum > 0
                                                    ? (s.sector.identifier, s.sector.exactMultiplicity(at: n), s.inertia.negative) : nil
                                            }))
                    }
                }
                return .inconclusive(reason: "for \(kText): \(piece.reason ?? "undecided")", established: established)
            }
            if !piece.zeroPolynomial.isEmpty {
                let singular = sectors.filter { $0.inertia.zero > 0 }.map(\.sector.identifier).joined(separator: ", ")
                return .inconclusive(reason: "for \(kText) the block of sector \(singular) is singular: the Hessian does not "
                                     + "decide the type", established: established)
            }
            let index = piece.indexPolynomial
            let perSector = sectors.map { "\($0.sector.identifier) ×\(multiplicityText($0.sector)): \($0.inertia)" }
                .joined(separator: "; ")
            switch requirement {
            case .index(let claimedAt, let polynomial, let text):
                if let polynomial {
                    let difference = subtract(index, polynomial)
                    if !difference.isEmpty {
                        // A non-zero polynomial of degree D has at most D roots: one of the
                        // first D + 1 integers of the piece is a counterexample.
                        let last = piece.upper.map { min($0, piece.lower + difference.count) } ?? piece.lower + difference.count
                        for n in piece.lower...last where MorseIndexForEveryN.evaluate(difference, at: n).signum != 0 {
                            let actual = MorseIndexForEveryN.evaluate(index, at: n)
                            return .refuted(k: n + offset, n: n, actualIndex: actual,
                                            claimed: "\(MorseIndexForEveryN.evaluate(polynomial, at: n))",
                                            explanation: "the Morse index is \(actual)"
                                                + describe(sectors.compactMap { s in
                                                    s.inertia.negative > 0 && s.sector.exactMultiplicity(at: n).signum > 0
                                                        ? (s.sector.identifier, s.sector.exactMultiplicity(at: n), s.inertia.negative) : nil
                                                }))
                        }
                    }
                } else {
                    guard let upper = piece.upper, upper - piece.lower <= 10_000 else {
                        return .inconclusive(reason: "the claimed Morse index \(text) is not a polynomial in k and n, so it "
                                             + "cannot be compared for every \(kText)", established: established)
                    }
                    for n in piece.lower...upper {
                        let actual = MorseIndexForEveryN.evaluate(index, at: n)
                        guard let claimed = claimedAt(n) else {
                            return .inconclusive(reason: "the claimed Morse index \(text) has no value at k = \(n + offset)",
                                                 established: established)
                        }
                        if claimed != actual {
                            return .refuted(k: n + offset, n: n, actualIndex: actual, claimed: "\(claimed)",
                                            explanation: "the Morse index is \(actual)")
                        }
                    }
                }
            case .saddle:
                // Index ≥ 1 and positive count ≥ 1 at every integer of the piece.
                for (name, poly) in [("Morse index", index), ("number of positive eigenvalues", piece.positivePolynomial)] {
                    var shifted = poly
                    if shifted.isEmpty { shifted = [0] }
                    shifted[0] = shifted[0] - 1
                    let p = IntervalPolynomial(rationals: shifted, precision: 128)
                    for signPiece in PolynomialSignOnIntegers.pieces(of: p, from: piece.lower, through: piece.upper) {
                        guard let sign = signPiece.sign else {
                            return .inconclusive(reason: "the sign of the \(name) − 1 is undecided for \(signPiece.rangeText)",
                                                 established: established)
                        }
                        if sign == .negative {
                            let n = signPiece.lower
                            let actual = MorseIndexForEveryN.evaluate(index, at: n)
                            return .refuted(k: n + offset, n: n, actualIndex: actual, claimed: "saddle",
                                            explanation: actual.signum == 0 ? "the Hessian is positive definite: a strict local minimum, not a saddle"
                                                                     : "the Hessian is negative definite: a strict local maximum, not a saddle")
                        }
                    }
                }
            }
            established.append("\(kText): Morse index \(polynomialText(index)) [sectors: \(perSector)]")
        }
        return .proved(established)
    }

    /// A certified sector with at least one eigenvalue of the kind `count` picks and
    /// multiplicity ≥ 1 at every integer of the piece (decided exactly), in words.
    static func witness(_ piece: MorseIndexForEveryN.Piece,
                        _ count: KeyPath<PolynomialMatrixInertia.Inertia, Int>) -> String? {
        for entry in piece.partial where entry.inertia[keyPath: count] > 0 {
            // multiplicity(n) − 1 ≥ 0 on the piece: exact coefficients (denominator 1 or 2).
            var coefficients = entry.sector.multiplicityNumerator.map {
                Rational($0, entry.sector.multiplicityDenominator)
            }
            if coefficients.isEmpty { coefficients = [0] }
            coefficients[0] = coefficients[0] - 1
            let p = IntervalPolynomial(rationals: coefficients, precision: 128)
            let signs = PolynomialSignOnIntegers.pieces(of: p, from: piece.lower, through: piece.upper)
            if signs.allSatisfy({ $0.sign == .positive || $0.sign == .zero }) {
                return "\(entry.sector.identifier) ×\(multiplicityText(entry.sector)): \(entry.inertia)"
            }
        }
        return nil
    }

    static func kRange(_ piece: MorseIndexForEveryN.Piece, offset: Int) -> String {
        guard let upper = piece.upper else { return "k ≥ \(piece.lower + offset)" }
        return upper == piece.lower ? "k = \(upper + offset)" : "\(piece.lower + offset) ≤ k ≤ \(upper + offset)"
    }

    static func describe(_ sectors: [(String, Rational, Int)]) -> String {
        guard !sectors.isEmpty else { return "" }
        return " (negative directions: " + sectors.map { id, multiplicity, negative in
            "\(negative) in sector \(id)" + (multiplicity == Rational(1) ? "" : " ×\(multiplicity)")
        }.joined(separator: ", ") + ")"
    }

    static func multiplicityText(_ sector: PolynomialSector) -> String {
        let numerator = polynomialText(sector.multiplicityNumerator.map { Rational($0) })
        return sector.multiplicityDenominator == 1 ? "(\(numerator))" : "(\(numerator))/\(sector.multiplicityDenominator)"
    }

    static func subtract(_ a: [Rational], _ b: [Rational]) -> [Rational] {
        var result = (0..<max(a.count, b.count)).map { i in
            (i < a.count ? a[i] : Rational(0)) - (i < b.count ? b[i] : Rational(0))
        }
        while let last = result.last, last.signum == 0 { result.removeLast() }
        return result
    }

    /// "2n − 3" style text of a polynomial in n (constant first).
    static func polynomialText(_ coefficients: [Rational]) -> String {
        if coefficients.isEmpty { return "0" }
        var parts: [String] = []
        for (power, c) in coefficients.enumerated().reversed() where c.signum != 0 {
            let magnitude = c.magnitude
            let number = magnitude == Rational(1) && power > 0 ? "" : "\(magnitude)"
            let monomial = power == 0 ? "\(magnitude)" : power == 1 ? "\(number)n" : "\(number)n^\(power)"
            parts.append(parts.isEmpty ? (c.signum < 0 ? "−" + monomial : monomial)
                                       : (c.signum < 0 ? "− " + monomial : "+ " + monomial))
        }
        return parts.joined(separator: " ")
    }
}
