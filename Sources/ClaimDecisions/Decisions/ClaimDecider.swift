import CertifiedIntervals
import ClosedForms
import TeacherStudent
import TheoremFiles
import Reports

/// Decides one claim kind at one instance and one precision.
protocol ClaimDecider {
    /// Records evidence and the verdict in `decision`. Evidence recorded before an
    /// error is thrown stays in the decision (the error becomes its detail).
    func decide(_ context: InstanceContext, _ decision: inout InstanceDecision) throws
}

extension ClaimDecider {
    /// The typed decision at `context`'s precision; a failed evaluation is INCONCLUSIVE
    /// with the error, and its retry policy follows from the error's type.
    func decision(_ context: InstanceContext) -> InstanceDecision {
        var decision = InstanceDecision(precision: context.precision)
        do {
            try decide(context, &decision)
        } catch {
            decision.verdict = .inconclusive
            decision.detail = Detail(error: error, claim: context.claim.claim.name)
            decision.retry = RetryPolicy(for: error)
        }
        return decision
    }
}

extension Detail {
    /// The detail of an evaluation that failed with `error`.
    init(error: Error, claim: String) {
        switch error {
        case is IntervalDomainError, is NetworkEvaluationError: self = .notEvaluable(error)
        case let error as EvaluationError: self = .cannotEvaluate(error)
        case let error as TheoremFileError: self = .fileError(error)
        case let error as WorkBudgetExceeded: self = .workBudget(error, claim: claim)
        case let error as CriticalPointNotProved: self = .criticalPointNotProvedForLoss(error.failure)
        default: self = .other(error)
        }
    }
}

/// The decider of a claim kind.
func decider(for kind: ClaimKind) -> ClaimDecider {
    switch kind {
    case .criticalPoint(let proof): return CriticalPointDecider(proof: proof)
    case .loss(let equals): return LossDecider(equals: equals)
    case .minimumOverFamily(_, let value): return MinimumDecider(value: value)
    case let .comparison(left, relation, right): return ComparisonDecider(left: left, relation: relation, right: right)
    case .kernel: return KernelDecider()
    case .hessian(let type): return HessianDecider(type: type)
    }
}

/// Equality within tolerance: REFUTED when `difference` excludes 0, VERIFIED when it
/// contains 0 and lies within `[-tol, tol]`, else INCONCLUSIVE.
func decideEquality(_ difference: Interval, tolerance: Rational, _ quantity: DifferenceQuantity,
                    _ decision: inout InstanceDecision) {
    decision.evidence.difference = difference
    decision.worstBound = .differenceMagnitude(difference.magnitude)
    if !difference.containsZero {
        decision.verdict = .refuted
        decision.witness = .differenceExcludesZero(quantity, difference)
    } else if difference.isWithin(magnitude: tolerance) {
        decision.verdict = .verified
    } else {
        decision.verdict = .inconclusive
        decision.detail = .differenceNotWithinTolerance(quantity, difference)
    }
}

/// The gradient refutation of critical-point and hessian claims: the first component
/// (in `(w_1 … w_n, a_1 … a_n)` order) whose enclosure excludes 0, if any.
func gradientComponentExcludingZero(_ gradient: LossAndGradient) -> (GradientComponent, Interval)? {
    for (index, component) in gradient.flattenedGradient.enumerated() where !component.containsZero {
        return (InstanceContext.component(index, of: gradient), component)
    }
    return nil
}
