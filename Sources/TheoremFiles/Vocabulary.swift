import ClosedForms

// The words of theorem files, each defined once: the kinds of claims, families and
// teachers with their keys, the names the checker binds inside expressions, and the
// default tolerance. Messages list the allowed words from these enums.

/// The kinds of `[[claim]]`, with the keys each kind has besides the common ones.
public enum ClaimKindName: String, CaseIterable {
    case criticalPoint = "critical-point"
    case loss
    case minimumOverFamily = "minimum-over-family"
    case inequality
    case equality
    case kernel
    case hessian

    /// Keys every claim may have.
    static let commonKeys = ["name", "statement", "kind", "tolerance", "for"]

    /// The keys of this kind, besides the common ones.
    var keys: [String] {
        switch self {
        case .criticalPoint: return ["family", "proof"]
        case .loss: return ["family", "equals"]
        case .minimumOverFamily: return ["family", "argmin", "value"]
        case .inequality, .equality: return ["family", "holds"]
        case .kernel: return ["activation", "beta", "points"]
        case .hessian: return ["family", "type", "morse-index", "morse-index-by-partition", "nullity"]
        }
    }
}

/// The kinds of `[family.NAME]`, with the keys each kind has besides the common ones.
public enum FamilyKindName: String, CaseIterable {
    case copyAverage = "copy-average"
    case oneNeuronAverage = "one-neuron-average"
    case explicit
    case numerical

    /// Keys every family may have.
    static let commonKeys = ["kind", "activation", "beta"]

    /// The keys of this kind, besides the common ones.
    var keys: [String] {
        switch self {
        case .copyAverage: return ["partitions", "groups", "incoming", "outgoing"]
        case .oneNeuronAverage: return ["incoming", "outgoing"]
        case .explicit: return ["input-weights", "output-weights"]
        case .numerical: return ["start", "students", "perturbation", "seed", "input-weights", "output-weights"]
        }
    }
}

/// `[setting] teacher`.
public enum TeacherName: String, CaseIterable {
    case orthonormal
    case explicit
}

/// `type` of a hessian claim (`morse-index` may also be given by its key alone).
public enum HessianTypeName: String, CaseIterable {
    case localMinimum = "local-minimum"
    case saddle
    case morseIndex = "morse-index"
    /// Morse–Bott: a local minimum, constant on the manifold of its symmetry orbits and
    /// strict across it; `nullity` (optional) is the dimension of the Hessian's kernel.
    case localMinimumModuloSymmetry = "local-minimum-modulo-symmetry"
    /// A global minimum (exact zero loss); `nullity` (optional) is the dimension of the
    /// Hessian's kernel.
    case globalMinimum = "global-minimum"
}

/// Names the checker binds inside expressions. None can name a parameter; those bound
/// in a claim's own expressions (`groups`, `loss`) cannot name a claim's `for`
/// variable either. (Reserved words — `pi`, `e`, the functions, `sum`, `prod`, `for`,
/// `in` — are the grammar's: `ExpressionParser.reservedWords`.)
public enum BoundName: String, CaseIterable {
    /// The size of a group, in a copy-average family's `incoming` and `outgoing`.
    case groupSize = "l"
    /// The block sizes (a list), in a claim about a copy-average family.
    case groups
    /// The loss of the configuration, in an inequality or equality about a family.
    case loss

    /// Where the checker binds it, for messages.
    public var meaning: String {
        switch self {
        case .groupSize: return "the size of a group in a copy-average family's incoming and outgoing"
        case .groups: return "the block sizes in a claim about a copy-average family"
        case .loss: return "the loss in an inequality or equality about a family"
        }
    }

    /// Bound in a claim's own expressions (so not a claim's `for` variable).
    var isBoundInClaims: Bool { self != .groupSize }
}

extension TheoremFileParser {
    /// The tolerance of equalities when a claim gives none.
    public static let defaultTolerance = "1e-30"
}

extension ClaimKind {
    /// The kind as written in files and reports (`critical-point`, `inequality`, …).
    public var name: ClaimKindName {
        switch self {
        case .criticalPoint: return .criticalPoint
        case .loss: return .loss
        case .minimumOverFamily: return .minimumOverFamily
        case .comparison(_, let relation, _): return relation == .equal ? .equality : .inequality
        case .kernel: return .kernel
        case .hessian: return .hessian
        }
    }
}
