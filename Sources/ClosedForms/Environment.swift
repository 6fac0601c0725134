import CertifiedIntervals

/// What a variable of the environment stands for.
public enum Binding {
    /// An exact rational, kept exact by the evaluator as long as possible.
    case exact(Rational)
    /// A real number known only through an enclosure. The evaluator's guarantee is
    /// relative to it: the result encloses the expression's value for every point of
    /// the enclosure.
    case enclosure(Interval)
    /// A list of exact rationals, usable only as the `list` of
    /// `sum(body for x in list)`.
    case list([Rational])
}

/// The variables and definitions an expression is evaluated with.
public struct Environment {
    public var variables: [String: Binding]
    public var definitions: Definitions
    /// The run's work budget, charged with every node an evaluation visits (in units
    /// of `WorkBudget.operationCost` at the evaluation's precision); nil charges
    /// nothing, and only the per-evaluation limits apply.
    public var workBudget: WorkBudget?

    public init(variables: [String: Binding] = [:], definitions: Definitions = Definitions(),
                workBudget: WorkBudget? = nil) {
        self.variables = variables
        self.definitions = definitions
        self.workBudget = workBudget
    }
}

/// The value of an expression: exact when every operation on the way was rational,
/// else an enclosure.
public enum Value {
    case exact(Rational)
    case enclosure(Interval)

    /// The exact value, or nil for an enclosure.
    public var exact: Rational? {
        if case .exact(let r) = self { return r }
        return nil
    }

    /// The value as an interval: an exact value rounded outward to `precision` bits
    /// (a point when representable), an enclosure unchanged (whatever its
    /// precision). Domain: `precision` in `Interval.precisionRange` (traps otherwise).
    public func asInterval(precision: Int) -> Interval {
        switch self {
        case .exact(let r): return Interval(r, precision: precision)
        case .enclosure(let i): return i
        }
    }
}

extension Value: CustomStringConvertible {
    /// An exact value as `p/q` (or `p`), an enclosure as `[lower, upper]` rounded
    /// outward.
    public var description: String {
        switch self {
        case .exact(let r): return r.description
        case .enclosure(let i): return i.description
        }
    }
}
