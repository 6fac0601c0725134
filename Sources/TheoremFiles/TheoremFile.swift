import CertifiedIntervals
import ClosedForms
import Reports

/// A theorem file, parsed and validated: the user's mathematical claims as data.
///
/// Every closed form is an `Expression` taken from the file; nothing mathematical is
/// hidden in Swift. Produced by `TheoremFileParser.parse(text:file:)`, which rejects
/// anything it does not understand with a `TheoremFileError`.
public struct TheoremFile {
    /// The path the file was read from (as given on the command line).
    public var path: String
    /// The text of the file (for locating keys in later error messages).
    public var text: String
    public var title: String
    public var source: String
    public var setting: Setting
    /// The parameter ranges, ordered so that each range only refers to earlier ones.
    public var parameters: [ParameterRange]
    public var definitions: Definitions
    /// Configuration families by name, in file order.
    public var families: [Family]
    public var claims: [Claim]
    public var latex: LatexRequest?
    /// `[[report.figure]]`: figures written after the LaTeX tables.
    public var figures: [FigureRequest] = []
    /// `[verify] precision`, the starting precision in bits, when the file sets it.
    public var startPrecision: Int?
    /// `[verify] max-precision`, when the file sets it.
    public var maximumPrecision: Int?

    public func family(named name: String) -> Family? { families.first { $0.name == name } }
}

/// The network setting shared by the file's claims.
public struct Setting {
    /// `erf`, `relu`, `quadratic` or `linear`.
    public var activation: ActivationName
    /// For `erf`: `β` in `σ(z) = erf(β z)`; nil means the project's `erf(z/√2)`.
    public var erfBeta: Expression?
    public var teacher: TeacherSpecification
    /// The input dimension `d`; nil means `d = k`.
    public var dimension: Expression?
}

public enum ActivationName: String, CaseIterable {
    case erf, relu, quadratic, linear
}

public enum TeacherSpecification {
    /// `v_j = e_j`, `b_j = 1`, `j = 1…k` (needs the parameter `k`).
    case orthonormal
    /// Explicit weights: rows `v_j` (expressions) and outgoing weights `b_j`.
    case explicit(inputWeights: [[Expression]], outputWeights: [Expression])
}

/// A range of a parameter or of a claim's `for` variable, as written in the file.
///
/// `"lower..upper"` is a finite list of integers, expanded into instances (as it always
/// was); `"lower.."` (all integers from `lower` on) and real intervals `"[a, b]"`,
/// `"(0, 1]"`, `"[1, inf)"` are not finite lists: a claim over them is one statement
/// "for all …", decided by a proof over the whole range (see `ClaimDecisions`).
public struct ParameterRange {
    public var name: String
    /// Which values the range holds; every bound or end is an expression in earlier
    /// parameters.
    public var domain: RangeDomain
    /// Where it was written, for error messages (`parameters.n`, `claim[3].for.l`).
    public var keyPath: String
    public var text: String

    public init(name: String, domain: RangeDomain, keyPath: String, text: String) {
        self.name = name; self.domain = domain; self.keyPath = keyPath; self.text = text
    }

    /// The bounds of a finite integer range `"lower..upper"`; nil for the ranges that
    /// are not finite lists.
    public var finiteBounds: (lower: Expression, upper: Expression)? {
        if case .integers(let lower, let upper) = domain { return (lower, upper) }
        return nil
    }

    /// Whether the range is a finite list of integers (expanded into instances).
    public var isFiniteList: Bool { finiteBounds != nil }

    /// Every expression among its bounds and ends.
    public var boundExpressions: [Expression] {
        switch domain {
        case .integers(let lower, let upper): return [lower, upper]
        case .integersFrom(let lower): return [lower]
        case .reals(let lower, let upper): return [lower.expression, upper.expression].compactMap { $0 }
        }
    }
}

/// The values of a range.
public enum RangeDomain {
    /// `"lower..upper"`: the integers from `lower` to `upper` inclusive; the bounds must
    /// evaluate to exact integers.
    case integers(lower: Expression, upper: Expression)
    /// `"lower.."` (or `"lower..inf"`): every integer from `lower` on; `lower` must
    /// evaluate to an exact integer.
    case integersFrom(lower: Expression)
    /// A real interval `"[a, b]"`, `"(a, b]"`, `"[a, inf)"`, `"(-inf, inf)"`.
    case reals(lower: RangeEnd, upper: RangeEnd)
}

/// One end of a real interval as written.
public enum RangeEnd {
    /// `-inf` at the lower end, `inf` at the upper end (always open).
    case infinite
    /// A finite end: a constant expression (in earlier parameters), included when
    /// `closed`. It may be irrational (`pi`).
    case finite(Expression, closed: Bool)

    public var expression: Expression? {
        if case .finite(let e, _) = self { return e }
        return nil
    }
}

/// A family of student configurations, evaluated for each parameter instance.
public struct Family {
    public var name: String
    public var kind: FamilyKind
    public var keyPath: String
    /// An activation for this family only (a file may mix activations), else the
    /// setting's.
    public var activation: ActivationName? = nil
    public var erfBeta: Expression? = nil
}

public enum FamilyKind {
    /// Copy-average configurations: `partitions` says which partitions of `k` into
    /// `groups` blocks; `incoming` is `c(l)` and `outgoing` is `a(l)`, expressions in
    /// the group size `l` (and the parameters).
    case copyAverage(partitions: PartitionSpecification, groups: Expression, incoming: Expression, outgoing: Expression)
    /// One student averaging all `k` teacher neurons: `w = incoming · Σ_j e_j`,
    /// `a = outgoing` (expressions in the parameters).
    case oneNeuronAverage(incoming: Expression, outgoing: Expression)
    /// Explicit student weights (expressions in the parameters).
    case explicit(inputWeights: [[Expression]], outputWeights: [Expression])
    /// A critical point known only numerically: `students` students start as copies
    /// (student i = teacher i, outgoing weight 1) perturbed by `perturbation` times a
    /// seeded pseudo-random vector, are refined by a float64 descent and by Newton's
    /// method in high precision; claims then certify what was found.
    case numerical(start: NumericalStart, students: Expression, perturbation: Rational, seed: Int)
}

/// Where a numerical family starts.
public enum NumericalStart: Equatable {
    /// Student i copies teacher i (w_i = v_i, a_i = b_i), perturbed, then a float64 descent.
    case copies
    /// A given point (exact weights: from a weights file, `source` its path as resolved,
    /// or explicit in the theorem file, `source` "explicit"); refined by damped Newton only.
    case point(inputWeights: [[Expression]], outputWeights: [Expression], source: String)
}

/// Which partitions a copy-average family (or an `argmin`) means.
public enum PartitionSpecification {
    /// Every partition of `k` into `groups` parts.
    case all
    /// Blocks given as `(size, repeat)` terms: `(k-n+1, 1^(n-1))` is
    /// `[(k-n+1, 1), (1, n-1)]`; `[3, 1, 1]` is three terms with repeat 1.
    case blocks([(size: Expression, count: Expression)])
}

/// One claim of the file.
public struct Claim {
    public var name: String
    public var statement: String?
    public var kind: ClaimKind
    /// The family the claim is about, for family claims.
    public var familyName: String?
    /// The exact tolerance of equalities (`tolerance = "1e-60"`).
    public var tolerance: Rational
    /// The text of the tolerance as written (for reports).
    public var toleranceText: String
    /// Extra ranges (`for = { l = "2..1000" }`, `{ l = "2.." }`, `{ x = "[0, pi]" }`),
    /// after the file's parameters.
    public var ranges: [ParameterRange]
    /// `claim[i]`, for error messages.
    public var keyPath: String
    /// An activation for this claim only (kernel claims), else the setting's.
    public var activation: ActivationName?
    public var erfBeta: Expression?
}

public enum ClaimKind {
    /// Every configuration of the family is a critical point; `krawczyk` asks for a
    /// proof of existence and uniqueness of an exact zero of ∇L nearby.
    case criticalPoint(proof: CriticalPointProof)
    /// The loss of every configuration equals `equals`.
    case loss(equals: Expression)
    /// Over the family's members, the loss is smallest exactly at `argmin`, with value
    /// `value`, by a certified strict gap to every other member.
    case minimumOverFamily(argmin: PartitionSpecification, value: Expression?)
    /// `left relation right` for every instance.
    case comparison(left: Expression, relation: Relation, right: Expression)
    /// The closed-form kernel equals the Gaussian expectation computed by an
    /// independent quadrature at each point `(q1, q2, q12)`.
    case kernel(points: [[Expression]])
    /// The type of each configuration as a critical point.
    case hessian(HessianClaim)
}

public enum CriticalPointProof: String, CaseIterable {
    case enclosure
    case krawczyk
}

public enum HessianClaim {
    case localMinimum
    case saddle
    /// The Morse index is `default`, except for the partitions listed in `byPartition`
    /// (block sizes, non-increasing), whose index is given there.
    case morseIndex(Expression, byPartition: [(partition: [Int], index: Int)])
    /// `morse-index = "report"`: no type is claimed; the claim is that the point is within
    /// the Krawczyk box of exactly one critical point whose Hessian inertia is certified,
    /// and the report gives the Morse index found.
    case reportIndex
    /// `type = "local-minimum-modulo-symmetry"` (optional `nullity = "N"`): a Morse–Bott
    /// local minimum — the Hessian is positive semidefinite, its kernel is exactly the
    /// tangent space of the known symmetry orbits (of dimension N), and it is positive
    /// definite on a complement.
    case localMinimumModuloSymmetry(nullity: Expression?)
    /// `type = "global-minimum"` (optional `nullity = "N"`): the loss is exactly 0 (a
    /// global minimum since L ≥ 0); with `nullity`, also: the Hessian is positive
    /// semidefinite with a kernel of dimension exactly N.
    case globalMinimum(nullity: Expression?)
}

/// `[report.latex]`: the tables (which claims, in which layout, with which caption and
/// label) and the significant digits of every number.
public struct LatexRequest {
    public var tables: [LatexReport.Table]
    /// Significant digits, in `LatexReport.digitsRange`.
    public var digits: Int

    public init(tables: [LatexReport.Table], digits: Int) { self.tables = tables; self.digits = digits }

    /// Every claim a table shows, in order.
    public var claims: [String] { LatexReport.Request(tables: tables).claims }
    /// The columns of the first row-layout table (`LatexColumn.defaults` when none).
    public var columns: [LatexColumn] { LatexReport.Request(tables: tables).columns }
}

/// `[[report.figure]]`: a plot of a one-variable closed form with its certified
/// enclosures, or a grid of a hessian claim's Morse indices over two parameters.
public struct FigureRequest {
    public enum Kind {
        /// `expression` (as written: `text`) of `variable` at `points` equally spaced
        /// exact values from `from` to `to` (`from < to`, 2…200 points).
        case plot(expression: Expression, text: String, variable: String, from: Rational, to: Rational, points: Int)
        /// The Morse indices of the hessian claim `claim` at each (`x`, `y`).
        case morseGrid(claim: String, x: String, y: String)
    }
    public var kind: Kind
    /// LaTeX, used verbatim; nil: composed.
    public var caption: String?
    /// The `\label` key; nil: `fig:` and a name.
    public var label: String?
    public var keyPath: String
}
