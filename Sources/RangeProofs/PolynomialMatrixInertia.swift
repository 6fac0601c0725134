import CertifiedIntervals
import CertifiedLinearAlgebra

/// The inertia of a real symmetric matrix `B(n)` whose entries are polynomials in an integer
/// variable n (`IntervalPolynomial`s: enclosed coefficients), for every integer n of a range
/// `[from, through]` or `[from, ∞)`, as consecutive pieces of constant certified inertia.
///
/// Method (README, "Inertia of polynomial matrices for every n"):
/// 1. the characteristic polynomial χ(λ) = det(λI − B(n)) = Σ_j a_j(n) λ^j by Berkowitz's
///    algorithm — ring operations only (+, −, ×; no division), so each a_j is an
///    `IntervalPolynomial` in n enclosing the exact one;
/// 2. the sign of every a_j(n) on the integers of the range (`PolynomialSignOnIntegers`);
/// 3. on each stretch where every sign is certified: Descartes' rule of signs, exact for a
///    real-rooted polynomial (χ of a symmetric matrix): writing χ = λ^z·q(λ) with q(0) ≠ 0,
///    z = number of zero eigenvalues (the lowest index with a_j ≠ 0), #positive eigenvalues =
///    sign changes of (a_z, …, a_s), #negative = sign changes of the coefficients of χ(−λ).
///    Justification: for a real polynomial q of degree D with q(0) ≠ 0, #positive roots ≤ V(q),
///    #negative roots ≤ V(q(−λ)) (Descartes) and V(q) + V(q(−λ)) ≤ D (each coefficient gap
///    contributes at most its length to the two counts together); a real-rooted q has
///    #positive + #negative = D, so both bounds are equalities.
/// A stretch where some coefficient's sign is undecided has undecided inertia (with the
/// coefficient and the reason) — never guessed.
public enum PolynomialMatrixInertia {

    /// Numbers of positive, negative and zero eigenvalues.
    public struct Inertia: Equatable, CustomStringConvertible {
        public let positive: Int
        public let negative: Int
        public let zero: Int

        public init(positive: Int, negative: Int, zero: Int) {
            self.positive = positive
            self.negative = negative
            self.zero = zero
        }

        public var description: String { "(+\(positive), −\(negative), 0×\(zero))" }
    }

    /// One stretch of integers with its inertia (nil when undecided; `reason` says why).
    public struct Piece: Equatable, CustomStringConvertible {
        public let lower: Int
        /// nil: every integer from `lower` on.
        public let upper: Int?
        public let inertia: Inertia?
        public let reason: String?

        public func contains(_ n: Int) -> Bool { n >= lower && (upper.map { n <= $0 } ?? true) }

        public var rangeText: String {
            guard let upper else { return "n ≥ \(lower)" }
            return upper == lower ? "n = \(lower)" : "\(lower) ≤ n ≤ \(upper)"
        }

        public var description: String {
            "\(rangeText): " + (inertia.map(\.description) ?? "undecided (\(reason ?? "no reason"))")
        }
    }

    /// The result: the pieces in order, covering the range, and the characteristic
    /// polynomial's coefficients a_0 … a_s (λ^0 first; a_s = 1) as polynomials in n.
    public struct Result {
        public let pieces: [Piece]
        public let characteristicCoefficients: [IntervalPolynomial]

        /// The piece holding `n`, if any.
        public func piece(containing n: Int) -> Piece? { pieces.first { $0.contains(n) } }
    }

    /// Errors of the input (not of the mathematics): a matrix that is not square, or whose
    /// entries (i, j) and (j, i) have coefficient enclosures that do not overlap (then no
    /// symmetric matrix is enclosed).
    public struct InputError: Error, CustomStringConvertible {
        public let description: String
    }

    /// χ(λ) = det(λI − B) for a square matrix of polynomials: the coefficients a_0 … a_s
    /// (λ^0 first, a_s = 1) by Berkowitz's division-free algorithm. Every coefficient
    /// encloses the exact one for every exact matrix enclosed by `matrix`. The empty
    /// matrix gives [1].
    ///
    /// Berkowitz: with B = [[b₁₁, R], [C, B₁]] (R a row, C a column),
    /// χ_B = T·χ_{B₁} where T is the (s+1)×s lower-triangular Toeplitz matrix whose first
    /// column is (1, −b₁₁, −RC, −RB₁C, …, −RB₁^(s−2)C) and the vectors list coefficients
    /// from the highest power down; χ of the 0×0 matrix is (1).
    public static func characteristicCoefficients(_ matrix: [[IntervalPolynomial]], precision: Int)
        throws -> [IntervalPolynomial] {
        let s = matrix.count
        guard matrix.allSatisfy({ $0.count == s }) else {
            throw InputError(description: "the matrix is not square (\(s) rows of lengths \(matrix.map(\.count)))")
        }
        let one = IntervalPolynomial.constant(1, precision: precision)
        // highestFirst: χ of the trailing principal submatrix B[r..<s, r..<s], λ^size first.
        var highestFirst: [IntervalPolynomial] = [one]
        for r in stride(from: s - 1, through: 0, by: -1) {
            let size = s - r                          // size of B[r..<s, r..<s]
            let sub = (r + 1)..<s                     // indices of B₁
            // t = (1, −b_rr, −R C, −R B₁ C, …): length size + 1.
            var t: [IntervalPolynomial] = [one, -matrix[r][r]]
            var v = sub.map { matrix[$0][r] }         // B₁^j C, starting at j = 0
            for _ in 0..<(size - 1) {
                var rv = IntervalPolynomial.zero(precision: precision)
                for (offset, i) in sub.enumerated() { rv = rv + matrix[r][i] * v[offset] }
                t.append(-rv)
                var next: [IntervalPolynomial] = []
                next.reserveCapacity(v.count)
                for i in sub {
                    var sum = IntervalPolynomial.zero(precision: precision)
                    for (offset, j) in sub.enumerated() { sum = sum + matrix[i][j] * v[offset] }
                    next.append(sum)
                }
                v = next
            }
            // χ_B (length size + 1) = T (size+1 × size) · χ_{B₁} (length size).
            var product: [IntervalPolynomial] = []
            for i in 0...size {
                var sum = IntervalPolynomial.zero(precision: precision)
                for j in 0..<size where i - j >= 0 { sum = sum + t[i - j] * highestFirst[j] }
                product.append(sum)
            }
            highestFirst = product
        }
        return highestFirst.reversed()
    }

    /// The inertia of the symmetric matrix `matrix` (entries polynomials in n) at every
    /// integer of `[from, through]` (`through` nil: every integer from `from` on).
    ///
    /// The matrix is read from its upper triangle (entry (i, j), i ≤ j, stands for both);
    /// throws `InputError` if an entry (j, i) does not overlap entry (i, j) coefficientwise,
    /// or the matrix is not square. Domain of the range as `PolynomialSignOnIntegers`.
    public static func inertia(of matrix: [[IntervalPolynomial]], from: Int, through: Int? = nil,
                               precision: Int, limits: PolynomialSignOnIntegers.Limits = .init()) throws -> Result {
        let s = matrix.count
        guard matrix.allSatisfy({ $0.count == s }) else {
            throw InputError(description: "the matrix is not square (\(s) rows of lengths \(matrix.map(\.count)))")
        }
        var symmetric = matrix
        for i in 0..<s {
            for j in (i + 1)..<max(s, i + 1) {
                let upper = matrix[i][j], lower = matrix[j][i]
                for c in 0...max(upper.degree, lower.degree, 0) where !upper.coefficient(c).overlaps(lower.coefficient(c)) {
                    throw InputError(description: "entries (\(i), \(j)) and (\(j), \(i)) differ in the coefficient of "
                                     + "n^\(c): the matrix is not symmetric")
                }
                symmetric[j][i] = upper
            }
        }
        let coefficients = try characteristicCoefficients(symmetric, precision: precision)
        let signPieces = coefficients.map { PolynomialSignOnIntegers.pieces(of: $0, from: from, through: through,
                                                                             limits: limits) }
        // Common refinement of the coefficients' pieces.
        var breaks = Set<Int>()                        // first integers of pieces
        for pieces in signPieces { for piece in pieces { breaks.insert(piece.lower) } }
        let starts = breaks.sorted()
        var result: [Piece] = []
        for (index, start) in starts.enumerated() {
            let end: Int? = index + 1 < starts.count ? starts[index + 1] - 1 : through
            var signs: [CertifiedSign] = []
            var undecided: String? = nil
            for (j, pieces) in signPieces.enumerated() {
                guard let piece = pieces.first(where: { $0.contains(start) }) else {
                    undecided = "no sign for the coefficient of λ^\(j)"
                    break
                }
                guard let sign = piece.sign else {
                    undecided = "the sign of the coefficient of λ^\(j) of det(λI − B(n)) is undecided: "
                        + (piece.reason ?? "")
                    break
                }
                signs.append(sign)
            }
            let inertia = undecided == nil ? descartesInertia(signs) : nil
            let piece = Piece(lower: start, upper: end, inertia: inertia, reason: undecided)
            if let last = result.last, last.inertia != nil, last.inertia == piece.inertia {
                result[result.count - 1] = Piece(lower: last.lower, upper: piece.upper, inertia: last.inertia, reason: nil)
            } else if let last = result.last, last.inertia == nil, piece.inertia == nil, last.reason == piece.reason {
                result[result.count - 1] = Piece(lower: last.lower, upper: piece.upper, inertia: nil, reason: last.reason)
            } else {
                result.append(piece)
            }
        }
        // Second method on what Descartes left undecided: scaled interval enclosures.
        var refined: [Piece] = []
        var evaluations = limits.maximumEvaluations
        for piece in result {
            guard piece.inertia == nil else { refined.append(piece); continue }
            var scaled = ScaledEnclosures(matrix: symmetric, precision: precision, evaluationsLeft: evaluations,
                                          farthest: limits.farthestShift)
            let pieces = scaled.pieces(from: piece.lower, through: piece.upper)
            evaluations = scaled.evaluationsLeft
            for p in pieces {
                refined.append(p.inertia != nil ? p : Piece(lower: p.lower, upper: p.upper, inertia: nil,
                                                             reason: (piece.reason ?? "") + "; " + (p.reason ?? "")))
            }
        }
        return Result(pieces: mergedPieces(refined), characteristicCoefficients: coefficients)
    }

    static func mergedPieces(_ pieces: [Piece]) -> [Piece] {
        var out: [Piece] = []
        for piece in pieces {
            if let last = out.last, last.inertia != nil, last.inertia == piece.inertia {
                out[out.count - 1] = Piece(lower: last.lower, upper: piece.upper, inertia: last.inertia, reason: nil)
            } else if let last = out.last, last.inertia == nil, piece.inertia == nil, last.reason == piece.reason {
                out[out.count - 1] = Piece(lower: last.lower, upper: piece.upper, inertia: nil, reason: last.reason)
            } else {
                out.append(piece)
            }
        }
        return out
    }

    /// The second method: certified inertia of interval matrices that enclose a positively
    /// scaled B(n) over whole ranges of n (README). For n ≥ 1 and integers γ_i ≥ 0 with
    /// γ_i + γ_j ≥ 2·deg B_ij, M(n) = S B(n) S with S = diag(n^(−γ_i/2)) is congruent to B(n)
    /// (S is invertible), and M_ij = Σ_k c_ijk σ^(γ_i+γ_j−2k) with σ = n^(−1/2) has only
    /// non-negative powers of σ, so it is enclosed over σ ∈ [b^(−1/2), a^(−1/2)] (n ∈ [a, b]),
    /// and over σ ∈ [0, a^(−1/2)] for every n ≥ a. `SymmetricInertia.certify` of that interval
    /// matrix certifies the inertia of every symmetric matrix inside, hence of B(n) for every
    /// n of the range (and that B(n) is non-singular). Two scalings are tried: γ_i = the
    /// largest formal degree in row i, and γ_i = deg B_ii when that satisfies the constraint.
    struct ScaledEnclosures {
        let matrix: [[IntervalPolynomial]]
        let precision: Int
        var evaluationsLeft: Int
        let farthest: Int

        var scalings: [[Int]] {
            let s = matrix.count
            let rowMaximum = (0..<s).map { i in max(0, matrix[i].map(\.degree).max() ?? 0) }
            let diagonal = (0..<s).map { i in max(0, matrix[i][i].degree) }
            var result = [rowMaximum]
            let fits = (0..<s).allSatisfy { i in (0..<s).allSatisfy { j in diagonal[i] + diagonal[j] >= 2 * matrix[i][j].degree } }
            if fits && diagonal != rowMaximum { result.insert(diagonal, at: 0) }
            return result
        }

        /// The inertia certified for every integer of [a, b] (b nil: every n ≥ a), or nil.
        mutating func certify(_ a: Int, _ b: Int?) -> Inertia? {
            guard evaluationsLeft > 0 else { return nil }
            evaluationsLeft -= 1
            let s = matrix.count
            if let b, a == b {
                let point = matrix.map { $0.map { $0.evaluate(at: a) } }
                return Self.inertia(SymmetricInertia.certify(point), size: s)
            }
            if let b {
                // Unscaled range enclosure (works for bounded entries on short ranges, any sign of n).
                let box = Interval.hull(Interval(a, precision: max(precision, 64)), Interval(b, precision: max(precision, 64)))
                let enclosure = matrix.map { $0.map { $0.evaluate(at: box) } }
                if let inertia = Self.inertia(SymmetricInertia.certify(enclosure), size: s) { return inertia }
            }
            guard a >= 1 else { return nil }
            let p = max(precision, 64)
            guard let sigmaHigh = try? Interval(1, precision: p) / (try Interval(a, precision: p).sqrt()) else { return nil }
            let sigmaLow: Interval
            if let b {
                guard let low = try? Interval(1, precision: p) / (try Interval(b, precision: p).sqrt()) else { return nil }
                sigmaLow = low
            } else {
                sigmaLow = Interval(0, precision: p)
            }
            let sigma = Interval.hull(sigmaLow, sigmaHigh)
            for gamma in scalings {
                var enclosure: [[Interval]] = []
                for i in 0..<s {
                    var row: [Interval] = []
                    for j in 0..<s {
                        let total = gamma[i] + gamma[j]
                        var value = Interval(0, precision: p)
                        for (k, c) in matrix[i][j].coefficients.enumerated() {
                            let exponent = total - 2 * k
                            guard exponent >= 0 else { return nil }
                            value = value + c * Self.power(sigma, exponent)
                        }
                        row.append(value)
                    }
                    enclosure.append(row)
                }
                if let inertia = Self.inertia(SymmetricInertia.certify(enclosure), size: s) { return inertia }
            }
            return nil
        }

        static func power(_ x: Interval, _ e: Int) -> Interval {
            // x ⊂ [0, ∞) here, so the repeated product is a sound (monotone) enclosure.
            var result = Interval(1, precision: x.precision)
            for _ in 0..<e { result = result * x }
            return result
        }

        static func inertia(_ outcome: SymmetricInertia.Outcome, size: Int) -> Inertia? {
            guard case .certified(let inertia) = outcome, inertia.positive + inertia.negative == size else { return nil }
            return Inertia(positive: inertia.positive, negative: inertia.negative, zero: 0)
        }

        /// Pieces for [from, through] (through nil: unbounded), by bisection.
        mutating func pieces(from: Int, through: Int?) -> [Piece] {
            if let through { return bisect(from, through) }
            if let inertia = certify(from, nil) { return [Piece(lower: from, upper: nil, inertia: inertia, reason: nil)] }
            var candidate = 1
            while candidate <= from { candidate <<= 1 }
            while candidate <= farthest, evaluationsLeft > 0 {
                if let inertia = certify(candidate, nil) {
                    return bisect(from, candidate - 1) + [Piece(lower: candidate, upper: nil, inertia: inertia, reason: nil)]
                }
                candidate <<= 1
            }
            let stretch = from + 255
            return bisect(from, stretch) + [Piece(lower: stretch + 1, upper: nil, inertia: nil,
                                                  reason: "no scaled enclosure certified the inertia for large n")]
        }

        mutating func bisect(_ a: Int, _ b: Int) -> [Piece] {
            if let inertia = certify(a, b) { return [Piece(lower: a, upper: b, inertia: inertia, reason: nil)] }
            if a == b || evaluationsLeft <= 0 {
                return [Piece(lower: a, upper: b, inertia: nil, reason: evaluationsLeft <= 0
                              ? "evaluation limit reached" : "the interval inertia of B(\(a)) is not certified")]
            }
            let middle = a + (b - a) / 2
            return bisect(a, middle) + bisect(middle + 1, b)
        }
    }

    /// Inertia of a real-rooted polynomial of degree `signs.count − 1` from the signs of its
    /// coefficients (λ^0 first): Descartes' rule, exact for real-rooted polynomials (see the
    /// type's comment). nil when the leading sign is zero (not a characteristic polynomial).
    public static func descartesInertia(_ signs: [CertifiedSign]) -> Inertia? {
        guard let leading = signs.last, leading != .zero else { return nil }
        let zeroCount = signs.firstIndex { $0 != .zero }!
        func variations(_ values: [Int]) -> Int {
            var count = 0
            var previous = 0
            for v in values where v != 0 {
                if previous != 0 && v != previous { count += 1 }
                previous = v
            }
            return count
        }
        let raw = signs.map(\.rawValue)
        let positive = variations(raw)
        let reflected = raw.enumerated().map { j, v in j % 2 == 0 ? v : -v }
        let negative = variations(reflected)
        return Inertia(positive: positive, negative: negative, zero: zeroCount)
    }
}
