import CertifiedIntervals
import ClosedForms
import TeacherStudent
import TheoremFiles
import Reports

/// The decision for one claim instance, as typed values: the verdict, the certified
/// enclosures it rests on, the witness of a refutation, the reason of an undecided (or
/// a note on a decided) instance, and whether more precision may help.
///
/// No text: `DecisionRendering` is the one place that turns a decision into the prose
/// and decimals of an `InstanceReport`.
struct InstanceDecision {
    var verdict: Verdict = .inconclusive
    /// The precision, in bits, of the attempt that gave this decision.
    var precision: Int
    var seconds: Double = 0
    var evidence = Evidence()
    /// For REFUTED: the certified fact that contradicts the claim.
    var witness: Witness?
    /// Why the verdict is INCONCLUSIVE, or a note on a decided verdict.
    var detail: Detail?
    /// Whether a higher precision may settle an INCONCLUSIVE verdict.
    var retry: RetryPolicy = .morePrecisionMayHelp
    /// Set when the instance stayed INCONCLUSIVE at the maximum precision although more
    /// precision might have helped: that maximum, in bits.
    var undecidedAtMaximumPrecision: Int?
    /// The instance's contribution to the claim's worst bound.
    var worstBound: WorstBound?
    /// For a claim over ranges that are not finite lists: what was decided over them.
    var universal: UniversalEvidence?

    init(precision: Int) { self.precision = precision }

    /// An INCONCLUSIVE decision that no later attempt may change.
    static func final(_ detail: Detail, precision: Int) -> InstanceDecision {
        var decision = InstanceDecision(precision: precision)
        decision.detail = detail
        decision.retry = .final
        return decision
    }
}

/// The certified enclosures behind a decision (all optional: each claim kind fills its own).
struct Evidence {
    var loss: Interval?
    var gradientMaxAbs: MagnitudeBound?
    /// The claimed value (loss and minimum claims).
    var value: Interval?
    /// Computed − claimed, or left − right.
    var difference: Interval?
    var left: Interval?
    var right: Interval?
    /// The smallest certified gap to another member (minimum-over-family).
    var gap: Interval?
    var morseIndex: Int?
    /// The certified dimension of the Hessian's kernel (degenerate minima).
    var nullity: Int?
    /// The Krawczyk proof of an exact critical point, when one succeeded.
    var krawczyk: CertifiedCriticalPoint?
    /// How the Hessian of a hessian claim was obtained (which path was taken).
    var hessianMethod: HessianMethod?
    /// The symmetry sectors of the Hessian with their certified inertia (sector path only).
    var sectors: [SectorInertia]?
}

/// Whether a higher precision may turn an INCONCLUSIVE decision into a verdict.
enum RetryPolicy: Equatable {
    case morePrecisionMayHelp
    /// The obstacle persists at every precision (an exact zero divisor, a structural
    /// Krawczyk failure, a file error, an exhausted budget, …).
    case final

    /// The policy for an evaluation that failed with `error`, from its type: a domain
    /// error is final when its operand is exactly 0 (or the exact result too large),
    /// wherever it was raised — wrapped in a `NetworkEvaluationError` too; a kernel
    /// failure, an evaluation or file error, an exhausted budget are final; a Krawczyk
    /// proof that failed for want of precision is retried.
    init(for error: Error) {
        switch error {
        case let error as IntervalDomainError:
            self = error.operandIsExactZero || error.kind == .tooLarge ? .final : .morePrecisionMayHelp
        case NetworkEvaluationError.domain(_, _, let domain):
            self = RetryPolicy(for: domain)
        case is NetworkEvaluationError:
            self = .final
        case let error as CriticalPointNotProved:
            // No critical point proved near a numerical point: retried when a Krawczyk
            // attempt failed for want of precision (a box too small, an image not yet inside).
            self = error.failure.morePrecisionMayHelp ? .morePrecisionMayHelp : .final
        default:
            self = .final
        }
    }
}

/// A gradient component named by its index in `(w_1 … w_n, a_1 … a_n)` order.
struct GradientComponent: Equatable {
    var index: Int
    var students: Int
    var dimension: Int

    /// The student (0-based) and, for an incoming weight, the coordinate (0-based).
    var student: Int { index < students * dimension ? index / dimension : index - students * dimension }
    var coordinate: Int? { index < students * dimension ? index % dimension : nil }
}

/// The quantity whose enclosure decides an equality.
enum DifferenceQuantity {
    /// `L − (equals)` (loss claims).
    case lossMinus(ClosedForms.Expression)
    /// `L(arg-min) − (value)` (minimum-over-family claims).
    case argminLossMinus(ClosedForms.Expression)
    /// `left − right` (equalities).
    case leftMinusRight
    /// `closed form − quadrature` (kernel claims).
    case closedFormMinusQuadrature
}

/// The certified fact that refutes a claim.
enum Witness {
    /// A gradient component whose enclosure excludes 0; `asNotCritical` for hessian
    /// claims (the point is not a critical point at all).
    case gradientComponent(GradientComponent, Interval, asNotCritical: Bool)
    /// An equality whose difference excludes 0.
    case differenceExcludesZero(DifferenceQuantity, Interval)
    /// Another member of the family has a certainly smaller loss than the arg-min.
    case memberBelowArgmin(member: [Int], memberLoss: Interval, argminLoss: Interval)
    case argminNotMember
    /// A comparison of two exact rationals that fails.
    case exactComparison(left: Rational, right: Rational)
    /// An equality whose difference exact arithmetic decides is not 0 (its enclosure,
    /// which contains 0, was too wide to show it).
    case exactlyNonzero(Interval)
    /// A comparison whose enclosures certainly fail it.
    case comparison(left: Interval, right: Interval, difference: Interval)
    /// A direction `u` with `uᵀ H u` certainly negative over the Krawczyk box.
    case negativeCurvature(form: Interval, moduloSymmetry: Bool)
    /// A local-minimum claim at a point with negative eigenvalues, when no direction was certified.
    case notAMinimum(InertiaSummary)
    /// A saddle claim at a point whose Hessian is definite.
    case definiteHessian(minimum: Bool, InertiaSummary)
    case morseIndex(actual: Int, claimed: Int, InertiaSummary)
    /// A degenerate-minimum claim refuted (`DegenerateMinimumDecider`), with its prose.
    case degenerate(String)
    /// A wrong Morse index at a point typed by its symmetry sectors: the sectors that
    /// carry negative directions (`carriers`, possibly none) locate the difference.
    case sectorMorseIndex(actual: Int, claimed: Int, InertiaSummary, carriers: [SectorInertia])
    /// A local-minimum claim at a point typed by its symmetry sectors, some of which
    /// (`carriers`) have negative eigenvalues.
    case negativeSectors(InertiaSummary, carriers: [SectorInertia])
}

/// The certified inertia of the Hessian over a Krawczyk box, for the prose of hessian claims.
struct InertiaSummary: Equatable {
    var positive: Int
    var negative: Int
    /// The box radius is `2^(-radiusExponent)`.
    var radiusExponent: Int
    var moduloSymmetry: Bool
    /// The Hessian at the (exactly critical) configuration itself, not over a Krawczyk box.
    var atExactPoint: Bool = false
    /// The number of symmetry sectors whose blocks gave the inertia (sector path), or nil.
    var sectorCount: Int? = nil
}

/// Why a decision is INCONCLUSIVE, or a note on a decided one.
enum Detail {
    // Equalities, comparisons, minimum-over-family, kernels
    case differenceNotWithinTolerance(DifferenceQuantity, Interval)
    case straddlesBound(difference: Interval)
    case decidedExactly(left: Rational, right: Rational)
    /// Exact arithmetic decided that left − right is 0 at the instance.
    case exactlyZero
    /// VERIFIED by enclosures; exact arithmetic could not decide (the reason).
    case notDecidedExactly(String)
    case overlappingMember([Int])
    case singleMember
    case notAGramPoint
    case kernelSides
    // Critical points
    case gradientNotWithinTolerance(maxAbs: MagnitudeBound, tolerance: String)
    case krawczykProved(CertifiedCriticalPoint)
    /// The gradient is exactly 0: every reduced gradient quantity was decided exactly 0.
    case exactlyCritical(ExactCriticality.Proof)
    case krawczykFailed(CriticalPointProofFailure, radiusExponent: Int)
    case criticalPointNotProvedForLoss(CriticalPointProofFailure)
    // Hessians
    case noIsolatedCriticalPoint(CriticalPointProofFailure, radiusExponent: Int, singularHessian: UndecidedInertia?)
    case hessianTooWide(UndecidedInertia)
    case inertia(InertiaSummary, configuration: ConfigurationCriticality)
    case morseIndexNotInteger(ClosedForms.Expression)
    /// L = 0 exactly: the student network is the teacher network (`ExactZeroLoss`; its prose).
    case exactZeroLoss(String)
    /// What a degenerate-minimum claim rests on, or why it is undecided (`DegenerateMinimumDecider`).
    case degenerate(String)
    /// The same, from a Krawczyk proof on the scaling slice (not an exact criticality).
    case degenerateOnSlice(String)
    // Failures of evaluation and of resources
    case notEvaluable(Error)
    case cannotEvaluate(EvaluationError)
    case fileError(TheoremFileError)
    case workBudget(WorkBudgetExceeded, claim: String)
    case memoryLimit(decidedPrecision: Int, refusedPrecision: Int, bytes: Double, limit: Double)
    case other(Error)
}

/// For a hessian claim of the right type: what is known about the configuration being
/// the certified critical point.
enum ConfigurationCriticality: Equatable {
    /// A numerical family: the claim is about the critical point found.
    case notApplicable
    case gradientWithinTolerance(String)
    case gradientNotWithinTolerance(String)
    /// The configuration is exactly critical (every reduced gradient quantity exactly 0).
    case exact(ExactCriticality.Proof)
}

/// An interval LDLᵀ factorisation that found no certifiable pivot.
struct UndecidedInertia {
    var size: Int
    var step: Int
    var pivot: Interval
    var positive: Int
    var negative: Int
}

/// The contribution of one instance to its claim's worst bound.
enum WorstBound {
    case gradientMaxAbs(MagnitudeBound)
    case differenceMagnitude(MagnitudeBound)
    case smallestGap(Interval)
    case margin(Interval)
    case morseIndex(Int)
    /// An exact decision (no tolerance, no margin to report).
    case exact
    /// A certified lower bound of the margin over a whole range (range proofs).
    case marginAtLeast(LowerBound)

    /// Larger is worse.
    var key: Double {
        switch self {
        case .exact: return -.infinity
        case .marginAtLeast(let x): return -x.lowerBoundAsDouble
        case .gradientMaxAbs(let x), .differenceMagnitude(let x): return x.upperBoundAsDouble
        case .smallestGap(let x), .margin(let x): return -x.lowerBoundAsDouble
        case .morseIndex(let index): return Double(index)
        }
    }

    /// The worse of two bounds (the first on a tie), compared exactly (doubles would tie
    /// below 2^-1074 and above the double range); a bound that is not known (NaN) is
    /// the worst.
    static func worse(_ a: WorstBound?, _ b: WorstBound?) -> WorstBound? {
        guard let b else { return a }
        guard let a else { return b }
        return b.isWorse(than: a) ? b : a
    }

    func isWorse(than other: WorstBound) -> Bool {
        switch (self, other) {
        case let (.gradientMaxAbs(x), .gradientMaxAbs(y)), let (.differenceMagnitude(x), .differenceMagnitude(y)):
            if !x.isKnown || !y.isKnown { return !x.isKnown && y.isKnown }
            return y.isSmaller(than: x)
        case let (.smallestGap(x), .smallestGap(y)), let (.margin(x), .margin(y)):
            let low = x.lowerBound, otherLow = y.lowerBound
            if !low.isKnown || !otherLow.isKnown { return !low.isKnown && otherLow.isKnown }
            return low.isSmaller(than: otherLow)
        case let (.morseIndex(i), .morseIndex(j)):
            return i > j
        case (.margin, .marginAtLeast), (.marginAtLeast, .margin), (.marginAtLeast, .marginAtLeast):
            guard let low = marginLowerBound, let otherLow = other.marginLowerBound else { return key > other.key }
            if !low.isKnown || !otherLow.isKnown { return !low.isKnown && otherLow.isKnown }
            return low.isSmaller(than: otherLow)
        default:
            return key > other.key
        }
    }

    /// The lower bound of a margin, for margins of either kind.
    var marginLowerBound: LowerBound? {
        switch self {
        case .margin(let x): return x.lowerBound
        case .marginAtLeast(let x): return x
        default: return nil
        }
    }
}
