import CertifiedIntervals
import ClosedForms
import TheoremFiles
import Reports

/// The typed decision of a claim over ranges that are not finite lists ("for all real
/// l ≥ 2", "for all integers k ≥ 7"): what was decided over which range, by which
/// method, and the counterexample or the unresolved part. Carried by
/// `InstanceDecision.universal`; `DecisionRendering` turns it into a `ProofReport`.
///
/// One such decision is made per instance of the claim's finite parameters (a claim
/// with none has exactly one): the statement is about every value of the quantified
/// ranges at once, never a list of sampled values.
struct UniversalEvidence {
    /// The quantified variables and their ranges at this instance.
    var variables: [EvaluatedRange]
    var method: UniversalMethod
    /// REFUTED: the certified counterexample (a point of the range as written, not
    /// only of an enlarged range).
    var counterexample: UniversalCounterexample?
    /// INCONCLUSIVE: the part of the range left undecided.
    var unresolved: [(name: String, interval: RealInterval)]?
    /// INCONCLUSIVE: why (the prover's reason, the budget, a side condition not certified).
    var reason: String?

    init(variables: [EvaluatedRange], method: UniversalMethod) {
        self.variables = variables
        self.method = method
    }
}

/// How a claim over a range was decided.
enum UniversalMethod {
    /// Certified branch and bound over the range: `boxes` boxes, the smallest certified
    /// margin over them (nil when none was certified, e.g. REFUTED or INCONCLUSIVE);
    /// `atInfinity` when an unbounded end was handled by a Taylor model in t = 1/x;
    /// `integerInstances` when an integer range was decided by that many instances below
    /// a threshold plus a real relaxation above it; `note` is the prover's own
    /// description of its method.
    case branchAndBound(boxes: Int, smallestMargin: LowerBound?, atInfinity: Bool, integerInstances: Int?, note: String?)
    /// Exact zero-equivalence of `left − right` for all values of the range, valid
    /// where the side conditions hold; `certified` when every one of them was certified
    /// over the whole range (else the claim is not PROVED).
    case exactIdentity(method: String, sideConditions: [SideCondition], certified: Bool)
    /// Exact arithmetic at one instance (no quantified variable).
    case exactZeroTest
    /// A certified counterexample, found by `method` (`how`: where and how it was found).
    case counterexample(method: ProofMethodName, how: String)
    /// A family claim reduced to finitely many statements in the group sizes (filled in
    /// by `FamilyClaimsForAllSizes`): the reduction and how its statements were decided,
    /// in words.
    case reduction(String)
    /// No method decided the claim (INCONCLUSIVE; `reason` says why).
    case none
}

/// A point of the range where the claim certainly fails, and the enclosure that shows it.
struct UniversalCounterexample {
    var point: [(name: String, value: Rational)]
    /// What is enclosed: `left − right`.
    var quantity: String
    var value: Interval
}

/// One quantified variable at one instance of the finite parameters: its range as
/// written, and the exact rational intervals the proof uses.
///
/// When an end is irrational (`pi`), the proof runs over `provedOver`, whose ends
/// enclose it from outside (so the statement over the range written follows), and a
/// counterexample only counts when it lies in `certainlyInside`, whose ends enclose it
/// from inside (so it is certainly a point of the range written).
struct EvaluatedRange {
    var name: String
    var range: ParameterRange
    /// Exact ends, containing the range written (equal to it when the ends are rational).
    var provedOver: RealInterval
    /// Exact ends, contained in the range written (equal to it when the ends are rational).
    var certainlyInside: RealInterval
    /// The ends in words, as at this instance (`0`, `π`, `∞`).
    var lowerText: String?
    var upperText: String?
    /// `provedOver` in decimal, when it is larger than the range written.
    var provedOverText: String?

    /// Whether an end is irrational, so that `provedOver` is strictly larger.
    var isEnlarged: Bool { provedOver != certainlyInside }
    var integersOnly: Bool { provedOver.integersOnly }
}
