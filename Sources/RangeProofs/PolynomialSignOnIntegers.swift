import CertifiedIntervals

/// A certified sign: the exact quantity is < 0, = 0 or > 0.
public enum CertifiedSign: Int, Equatable, CustomStringConvertible {
    case negative = -1, zero = 0, positive = 1

    public var description: String {
        switch self {
        case .negative: return "negative"
        case .zero: return "zero"
        case .positive: return "positive"
        }
    }
}

/// The sign of a polynomial `p(n)` (an `IntervalPolynomial`, standing for every exact
/// polynomial with coefficients in its enclosures) at every integer of a range `[from, through]`
/// or `[from, ∞)`, as a list of consecutive pieces with a certified sign each, or undecided
/// pieces with the reason.
///
/// Guarantee: a piece `[a, b]` with sign s means: for every integer n with a ≤ n ≤ b (b = ∞
/// allowed) and every exact polynomial P with coefficients in p's enclosures, sign(P(n)) = s.
/// It comes from one of four certificates, each sound for every such P:
///
/// 1. *Interval evaluation*: Horner's scheme over the interval [a, b] (inclusion principle).
/// 2. *Shift test at a*: the Taylor shift q(t) = p(a + t) (interval arithmetic, `shifted(by:)`);
///    if every coefficient of q excludes 0 and all have sign s, then Q(t) = Σ q_j t^j has sign s
///    for every real t ≥ 0 (a sum of terms of sign s, the constant one non-zero), i.e. P(n) has
///    sign s for all n ≥ a. This is how unbounded ends are decided: beyond the largest real root
///    of P and of all its derivatives every Taylor coefficient P^(j)(N)/j! has the leading sign,
///    so in exact arithmetic the test succeeds at every N larger than Cauchy's bound
///    1 + max_i |c_i|/|c_d| (all complex roots of P lie in that disc, and by Gauss–Lucas those
///    of its derivatives too); with enclosures the shifted coefficients widen like N^degree,
///    so it may still fail (the bound explains the search, it is never a certificate).
///    The test is tried at a, then at powers of two, up to `limits.farthestShift`.
/// 3. *Reflected shift at b*: q(t) = p(b − t); all coefficients of sign s ⇒ sign s for n ≤ b.
/// 4. *A single integer*: Horner at the exact integer n; a point enclosure [0, 0] (exact
///    coefficients) is the certified sign zero.
/// 5. *Shifted Horner on [a, b]*: q(t) = p(a + t) evaluated by Horner over t ∈ [0, b − a]
///    (inclusion principle; q encloses the exact shifted polynomial).
///
/// Undecided pieces: a single integer whose enclosure contains 0 but is not the point 0
/// ("p(n) encloses 0"); the far end when the leading coefficient's enclosure contains 0 (no
/// shift test can succeed then) or when no shift up to `farthestShift` succeeds; any part
/// left when `maximumEvaluations` is spent. Nothing is guessed: undecided parts are reported.
public enum PolynomialSignOnIntegers {

    /// One piece of the answer.
    public struct Piece: Equatable, CustomStringConvertible {
        /// The first integer of the piece.
        public let lower: Int
        /// The last integer of the piece; nil for "every integer from `lower` on".
        public let upper: Int?
        /// The certified sign on the piece; nil when undecided (then `reason` says why).
        public let sign: CertifiedSign?
        public let reason: String?

        public init(lower: Int, upper: Int?, sign: CertifiedSign?, reason: String? = nil) {
            self.lower = lower
            self.upper = upper
            self.sign = sign
            self.reason = reason
        }

        /// Whether the integer `n` lies in the piece.
        public func contains(_ n: Int) -> Bool { n >= lower && (upper.map { n <= $0 } ?? true) }

        public var rangeText: String {
            guard let upper else { return "n ≥ \(lower)" }
            return upper == lower ? "n = \(lower)" : "\(lower) ≤ n ≤ \(upper)"
        }

        public var description: String {
            "\(rangeText): " + (sign.map(\.description) ?? "undecided (\(reason ?? "no reason"))")
        }
    }

    /// Limits of the search (each a count of work, never a time).
    public struct Limits {
        /// Horner evaluations and shift tests in all (the rest of the range is undecided).
        public var maximumEvaluations = 20_000
        /// The farthest point at which the shift test is tried for an unbounded end.
        public var farthestShift = 1 << 40
        public init() {}
    }

    /// The pieces covering `[from, through]` (`through` nil: every integer from `from` on), in
    /// order, adjacent pieces of equal sign merged. Domain: `through >= from` when given;
    /// `|from|, |through| ≤ 2^50` (integers stay exact at the working precision ≥ 64).
    public static func pieces(of p: IntervalPolynomial, from: Int, through: Int? = nil,
                              limits: Limits = Limits()) -> [Piece] {
        precondition(through.map { $0 >= from } ?? true, "PolynomialSignOnIntegers: empty range")
        if p.isZero { return [Piece(lower: from, upper: through, sign: .zero)] }
        var search = Search(p: p.withPrecision(max(p.precision, 64)), evaluationsLeft: limits.maximumEvaluations)
        var result: [Piece] = []
        var finiteEnd = through
        if through == nil {
            // The unbounded end: the first point from which the shift test certifies the sign.
            if let sign = search.shiftSign(at: from) {
                return [Piece(lower: from, upper: nil, sign: sign)]
            }
            var start: Int? = nil
            var startSign: CertifiedSign? = nil
            if let leading = search.p.leadingCoefficient, !leading.containsZero {
                var candidate = 1
                while candidate <= from { candidate <<= 1 }
                while candidate <= limits.farthestShift, search.evaluationsLeft > 0 {
                    if let sign = search.shiftSign(at: candidate) { start = candidate; startSign = sign; break }
                    candidate <<= 1
                }
            }
            if let start, let startSign {
                finiteEnd = start - 1
                result.append(Piece(lower: start, upper: nil, sign: startSign))
            } else {
                let reason: String
                if search.p.leadingCoefficient!.containsZero {
                    reason = "the leading coefficient's enclosure \(search.p.leadingCoefficient!.compactDescription(digits: 8)) contains 0"
                } else {
                    reason = "no shift test succeeded up to n = \(limits.farthestShift)"
                }
                // Still decide a finite stretch, so that a sign change near `from` is found,
                // then dyadic blocks (from + 2^j … from + 2^(j+1) − 1) for as long as each is
                // certified whole, up to 2^50: the range where the enclosures still decide.
                var end = from + 1023
                var finite = search.decide(from, end)
                do {
                    var length = 1024
                    while length < (1 << 50), search.evaluationsLeft > 0 {
                        var trial = search
                        trial.evaluationsLeft = min(trial.evaluationsLeft, 64)
                        let block = trial.decide(end + 1, from + 2 * length - 1)
                        guard !block.contains(where: { $0.sign == nil }) else { break }
                        search.evaluationsLeft -= 64 - trial.evaluationsLeft
                        finite += block
                        end = from + 2 * length - 1
                        length *= 2
                    }
                }
                finite.append(Piece(lower: end + 1, upper: nil, sign: nil, reason: reason))
                return merged(finite)
            }
        }
        var finite: [Piece] = []
        if let finiteEnd, finiteEnd >= from { finite = search.decide(from, finiteEnd) }
        return merged(finite + result)
    }

    static func merged(_ pieces: [Piece]) -> [Piece] {
        var out: [Piece] = []
        for piece in pieces {
            if let last = out.last, let lastUpper = last.upper, lastUpper + 1 == piece.lower,
               last.sign != nil, last.sign == piece.sign {
                out[out.count - 1] = Piece(lower: last.lower, upper: piece.upper, sign: last.sign)
            } else if let last = out.last, let lastUpper = last.upper, lastUpper + 1 == piece.lower,
                      last.sign == nil, piece.sign == nil, last.reason == piece.reason {
                out[out.count - 1] = Piece(lower: last.lower, upper: piece.upper, sign: nil, reason: last.reason)
            } else {
                out.append(piece)
            }
        }
        return out
    }

    struct Search {
        let p: IntervalPolynomial
        var evaluationsLeft: Int

        static func sign(of x: Interval) -> CertifiedSign? {
            if x.isPositive { return .positive }
            if x.isNegative { return .negative }
            if x.isPoint && x.containsZero { return .zero }
            return nil
        }

        /// The common strict sign of all coefficients, nil if there is none.
        static func commonSign(_ q: IntervalPolynomial) -> CertifiedSign? {
            guard let first = q.coefficients.last, let s = sign(of: first), s != .zero else { return nil }
            for c in q.coefficients where sign(of: c) != s { return nil }
            return s
        }

        /// Shift test at `a`: the sign of p on every integer n ≥ a, or nil.
        mutating func shiftSign(at a: Int) -> CertifiedSign? {
            guard evaluationsLeft > 0 else { return nil }
            evaluationsLeft -= 1
            if p.isZero { return .zero }
            return Search.commonSign(p.shifted(by: a))
        }

        /// Reflected shift test at `b`: the sign of p on every integer n ≤ b, or nil.
        mutating func reflectedShiftSign(at b: Int) -> CertifiedSign? {
            guard evaluationsLeft > 0 else { return nil }
            evaluationsLeft -= 1
            // q(t) = p(b − t) = r(−t) with r(t) = p(b + t): flip the odd coefficients.
            let r = p.shifted(by: b)
            let flipped = r.coefficients.enumerated().map { j, c in j % 2 == 0 ? c : -c }
            return Search.commonSign(IntervalPolynomial(coefficients: flipped, precision: r.precision))
        }

        /// Pieces for the integers of [a, b] (bisection; each piece certified or undecided).
        mutating func decide(_ a: Int, _ b: Int) -> [Piece] {
            if evaluationsLeft <= 0 {
                return [Piece(lower: a, upper: b, sign: nil, reason: "evaluation limit reached")]
            }
            evaluationsLeft -= 1
            if a == b {
                let value = p.evaluate(at: a)
                if let s = Search.sign(of: value) { return [Piece(lower: a, upper: a, sign: s)] }
                return [Piece(lower: a, upper: a, sign: nil,
                              reason: "p(\(a)) encloses 0: \(value.compactDescription(digits: 8))")]
            }
            let box = Interval.hull(Interval(a, precision: p.precision), Interval(b, precision: p.precision))
            if let s = Search.sign(of: p.evaluate(at: box)), s != .zero {
                return [Piece(lower: a, upper: b, sign: s)]
            }
            if let s = shiftSign(at: a), s != .zero { return [Piece(lower: a, upper: b, sign: s)] }
            if let s = reflectedShiftSign(at: b), s != .zero { return [Piece(lower: a, upper: b, sign: s)] }
            // The shifted polynomial q(t) = p(a + t) over t ∈ [0, b − a] (Horner): tight when
            // q's coefficients are mostly of one sign, and tolerant of tiny enclosures of 0
            // among them (their contribution is bounded by their width × (b − a)^j).
            let span = Interval.hull(Interval(0, precision: p.precision), Interval(b - a, precision: p.precision))
            if let s = Search.sign(of: p.shifted(by: a).evaluate(at: span)), s != .zero {
                return [Piece(lower: a, upper: b, sign: s)]
            }
            let middle = a + (b - a) / 2
            return decide(a, middle) + decide(middle + 1, b)
        }
    }
}
