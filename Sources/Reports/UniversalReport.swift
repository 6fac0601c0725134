/// What a claim about every value of a range (not a finite list) reports: the range it
/// was decided over, the quantifier in words, the method and its figures, and for a
/// REFUTED claim the certified counterexample, for an INCONCLUSIVE one the part of the
/// range left unresolved and why.
///
/// Plain data like the rest of the report: bounds are decimal strings rounded outward,
/// ranges are printed with exact ends.
public struct ProofReport: Codable, Equatable {
    /// The range of each quantified variable, in interval notation with exact ends as
    /// written (`{"l": "[2, ∞)"}`, `{"k": "{7, 8, …}"}`, `{"theta": "[0, π]"}`).
    public var over: [String: String]
    /// The quantifier in words: "for all real l ≥ 2", "for all integers k ≥ 7",
    /// "for all real x in [0, π]".
    public var scope: String
    /// The method, one of `ProofMethodName`'s raw values.
    public var method: String
    /// The method and its figures in words, e.g. "branch and bound: 37 boxes, smallest
    /// certified margin ≥ 2.6e-11".
    public var summary: String
    /// Branch and bound: the number of boxes of the certificate.
    public var boxes: Int?
    /// Branch and bound: the smallest certified margin over all boxes (a lower bound,
    /// rounded down).
    public var smallestMargin: String?
    /// Exact identities: the side conditions the identity needs, each certified over
    /// the whole range (else the claim is not PROVED).
    public var sideConditions: [String]?
    /// When an end of the range is irrational (`pi`), the slightly larger range with
    /// rational ends over which the proof actually ran (it contains the range claimed).
    public var provedOver: [String: String]?
    /// REFUTED: a point of the range where the claim certainly fails.
    public var counterexample: CounterexampleReport?
    /// INCONCLUSIVE: the part of the range left undecided.
    public var unresolved: [String: String]?
    /// INCONCLUSIVE (or a note): why.
    public var reason: String?

    public init(over: [String: String], scope: String, method: String, summary: String) {
        self.over = over; self.scope = scope; self.method = method; self.summary = summary
    }

    /// The scope, the method and, when present, the counterexample or the unresolved
    /// part and the reason, in one line (for JUnit messages).
    public var outcomeText: String {
        var parts = ["\(scope): \(summary)"]
        if let counterexample {
            let point = counterexample.point.keys.sorted().map { "\($0) = \(counterexample.point[$0]!)" }
                .joined(separator: ", ")
            parts.append("counterexample \(point): \(counterexample.quantity) ∈ "
                         + "[\(counterexample.value.lower), \(counterexample.value.upper)]")
        }
        if let unresolved {
            parts.append("unresolved " + unresolved.keys.sorted().map { "\($0) ∈ \(unresolved[$0]!)" }
                .joined(separator: ", "))
        }
        if let reason { parts.append(reason) }
        return parts.joined(separator: "; ")
    }

    enum CodingKeys: String, CodingKey {
        case over, scope, method, summary, boxes, counterexample, unresolved, reason
        case smallestMargin = "smallest_margin"
        case sideConditions = "side_conditions"
        case provedOver = "proved_over"
    }
}

/// A certified counterexample: the exact point and an enclosure of what fails there
/// (`left − right`, or the margin of the relation).
public struct CounterexampleReport: Codable, Equatable {
    /// Exact coordinates of the point (`{"l": "2000001"}`).
    public var point: [String: String]
    /// What is enclosed (`"left − right"`).
    public var quantity: String
    /// Its certified enclosure, which excludes what the claim needs.
    public var value: Bounds

    public init(point: [String: String], quantity: String, value: Bounds) {
        self.point = point; self.quantity = quantity; self.value = value
    }
}

/// The methods that decide claims over ranges (the `method` of a `ProofReport`).
public enum ProofMethodName: String, CaseIterable, Codable {
    /// Certified branch and bound over the range (interval evaluation with derivative
    /// enclosures; an unbounded end through `t = 1/x`).
    case branchAndBound = "branch-and-bound"
    /// A Taylor model in `t = 1/x` with a certified remainder near infinity.
    case taylorModelAtInfinity = "taylor-model-at-infinity"
    /// Finitely many instances plus a real-relaxation proof beyond them.
    case instancesAndRelaxation = "instances-and-real-relaxation"
    /// Exact zero-equivalence for all values (with certified side conditions).
    case exactIdentity = "exact-identity"
    /// Exact arithmetic at one instance (algebraic numbers, zero tests).
    case exactZeroTest = "exact"
    /// A claim about a family reduced to finitely many statements in the group sizes.
    case reduction = "reduction"
    /// No method applied to the whole range (the report says why).
    case none = "none"
}
