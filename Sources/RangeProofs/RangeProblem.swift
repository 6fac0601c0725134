import CertifiedIntervals
import ClosedForms

/// A statement "g(x) relation 0 for every x of a range": the input of `RangeProver`.
///
/// `expression` is `g`; it may read `variable`, the fixed `parameters` (exact
/// rationals or enclosures) and call `definitions`. The relation is one of `<`, `<=`,
/// `>`, `>=` (`=` is not an inequality: identities are `ExactArithmetic`'s business).
/// The statement is about the reals of `domain`, or about its integers when
/// `domain.integersOnly`.
public struct RangeProblem {
    public var expression: Expression
    public var relation: Relation
    public var variable: String
    public var domain: RealInterval
    public var definitions: Definitions
    /// Fixed bindings of the other names `expression` reads (not `variable`).
    public var parameters: [String: Binding]

    public init(expression: Expression, relation: Relation, variable: String, domain: RealInterval,
                definitions: Definitions = Definitions(), parameters: [String: Binding] = [:]) {
        self.expression = expression
        self.relation = relation
        self.variable = variable
        self.domain = domain
        self.definitions = definitions
        self.parameters = parameters
    }

    /// `left relation right` as `left − right relation 0` (`=` is refused by
    /// `RangeProver.decide`, not here).
    public init(comparison: Comparison, variable: String, domain: RealInterval,
                definitions: Definitions = Definitions(), parameters: [String: Binding] = [:]) {
        let g = Expression(.binary(.subtract, comparison.left, comparison.right), column: comparison.relationColumn)
        self.init(expression: g, relation: comparison.relation, variable: variable, domain: domain,
                  definitions: definitions, parameters: parameters)
    }

    /// "g(l) < 0 for all real l in [2, ∞)", for reports.
    public var statement: String {
        let range = domain.integersOnly ? "for all integers \(variable) in \(domain)"
                                        : "for all real \(variable) in \(domain)"
        return "\(expression) \(relation.rawValue) 0 \(range)"
    }
}

/// The problem cannot be decided as posed: the relation is `=`, the domain is empty
/// or reversed, the variable is also a parameter, the expression names something
/// unknown, or the precision is outside `Interval.userPrecisionRange`. Not a verdict:
/// the caller reports it as an error in its input.
public struct RangeProblemError: Error, Equatable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// How the prover's work is bounded (besides the run's `WorkBudget`).
public struct RangeProverLimits {
    /// The most boxes one decision may examine (over all pieces of the range).
    public var maximumBoxes: Int
    /// A box is not bisected further once its width is at most
    /// `max(1, |x|) · 2^(−resolutionBits)`; it is then reported INCONCLUSIVE.
    public var resolutionBits: Int
    /// On integer ranges, the integers `a, a+1, …, a + integerInstances − 1` are
    /// checked one by one; the rest of the range by its real relaxation.
    public var integerInstances: Int
    /// The truncation order the Taylor models at infinity start with (raised up to
    /// `maximumTaylorOrder` when every coefficient up to it vanishes exactly).
    public var taylorOrder: Int
    public var maximumTaylorOrder: Int
    /// The far end is tried at the finite end X0 itself, then at `X = 2^k` for the
    /// first k with 2^k > |X0| and this many more (the range beyond X is never split
    /// into boxes).
    public var maximumFarExponent: Int
    /// Boxes that reach the resolution undecided do not stop the search at once: up to
    /// this many are set aside while the rest of the range is searched for a
    /// counterexample (a REFUTED elsewhere beats an INCONCLUSIVE here).
    public var maximumUnresolvedBoxes = 16

    public init(maximumBoxes: Int = 200_000, resolutionBits: Int = 100, integerInstances: Int = 16,
                taylorOrder: Int = 8, maximumTaylorOrder: Int = 16, maximumFarExponent: Int = 80) {
        self.maximumBoxes = maximumBoxes
        self.resolutionBits = resolutionBits
        self.integerInstances = integerInstances
        self.taylorOrder = taylorOrder
        self.maximumTaylorOrder = maximumTaylorOrder
        self.maximumFarExponent = maximumFarExponent
    }
}

/// What a proof covered and how.
public struct RangeCertificate {
    /// The statement proved (`RangeProblem.statement`).
    public let statement: String
    /// Boxes of the branch and bound that were certified (leaves of the bisection).
    public let boxes: Int
    /// Integers checked one at a time (integer ranges), 0 otherwise.
    public let integerInstances: Int
    /// A certified lower bound of `|g|` (strict relations) or of the distance of `g`
    /// from the wrong side (`≥ 0`: of `g` itself) over the part of the domain covered
    /// by boxes and instances; nil when nothing is known beyond the sign (a far end
    /// handled by a Taylor model, where g may tend to 0).
    public let smallestMargin: LowerBound?
    /// The part of the range, if any, proved by a Taylor model in t = 1/x, with its
    /// leading term: "x ≥ 16: g = −0.0265… t^3 (1 + O(t)), t = 1/x, order 7".
    public let farEnds: [String]
    /// One line: how it was proved.
    public let method: String

    /// The margin rounded down to 6 digits (so still a bound), or a dash.
    public var marginDescription: String {
        smallestMargin.map { $0.lowerDecimal(digits: 6) } ?? "none (an unbounded end is proved by the sign of a Taylor model's leading term)"
    }
}

/// A certified point where the statement fails.
public struct RangeCounterexample {
    /// The exact point (an integer on integer ranges).
    public let point: Rational
    /// A certified enclosure of `g(point)`, entirely on the wrong side.
    public let value: Interval
    /// How it was found ("midpoint of a box", "far end: Taylor model sign").
    public let how: String
}

/// The outcome of `RangeProver.decide`.
public enum RangeVerdict {
    /// The statement holds on the whole domain.
    case proved(RangeCertificate)
    /// It fails at a certified point.
    case refuted(RangeCounterexample)
    /// Neither: `unresolved` is the smallest part of the domain the prover could not
    /// decide (one box, an integer, or a far end), `reason` says why.
    case inconclusive(unresolved: RealInterval, reason: String)

    /// "PROVED", "REFUTED" or "INCONCLUSIVE".
    public var word: String {
        switch self {
        case .proved: return "PROVED"
        case .refuted: return "REFUTED"
        case .inconclusive: return "INCONCLUSIVE"
        }
    }

    /// One line for reports.
    public var summary: String {
        switch self {
        case .proved(let c):
            return "PROVED (\(c.method); \(c.boxes) boxes, \(c.integerInstances) integer instances, "
                + "smallest margin \(c.marginDescription))"
        case .refuted(let c):
            return "REFUTED at \(c.point): g = \(c.value.compactDescription(digits: 8)) (\(c.how))"
        case .inconclusive(let unresolved, let reason):
            return "INCONCLUSIVE on \(unresolved): \(reason)"
        }
    }
}
