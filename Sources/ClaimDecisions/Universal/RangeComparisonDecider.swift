import CertifiedIntervals
import ClosedForms
import RangeProofs
import TheoremFiles

/// `left relation right` for every value of the claim's quantified ranges, at one
/// instance of its finite parameters.
///
/// - Inequalities (one quantified variable): `RangeProver` decides `left − right`
///   against 0 over the range (its `provedOver` when an end is irrational, a superset
///   of the range written, so a proof covers the claim). A counterexample counts only
///   when it lies in the range written (`certainlyInside`); one found in the
///   enlargement leaves the claim INCONCLUSIVE.
/// - Equalities: `IdentityProver` (exact zero-equivalence, see `RangeIdentityDecision`).
///
/// The run's work budget is passed to the prover; a proof that exhausts it is
/// INCONCLUSIVE with the budget's message.
struct RangeComparisonDecider: ClaimDecider {
    var left: ClosedForms.Expression
    var relation: Relation
    var right: ClosedForms.Expression

    /// Precision doubling is allowed for range proofs up to this many bits (a range
    /// proof is a whole branch and bound: retrying it at every precision up to the
    /// maximum would cost far more than an instance).
    static let maximumRetryPrecision = 512

    /// `left − right`.
    var difference: ClosedForms.Expression {
        ClosedForms.Expression(.binary(.subtract, left, right), column: left.column)
    }

    func decide(_ context: InstanceContext, _ decision: inout InstanceDecision) throws {
        var evidence = UniversalEvidence(variables: context.instance.quantified, method: .none)
        defer { decision.universal = evidence }
        decision.retry = context.precision < Self.maximumRetryPrecision ? .morePrecisionMayHelp : .final
        if relation == .equal {
            try RangeIdentityDecision(difference: difference).decide(context, &decision, &evidence)
            return
        }
        guard evidence.variables.count == 1, let variable = evidence.variables.first else {
            decision.verdict = .inconclusive
            decision.retry = .final
            evidence.reason = "an inequality is decided over one variable whose range is not a finite list"
            return
        }
        let problem = RangeProblem(expression: difference, relation: relation, variable: variable.name,
                                   domain: variable.provedOver, definitions: context.file.definitions,
                                   parameters: Self.bindings(context.instance.parameters))
        let verdict: RangeVerdict
        do {
            verdict = try RangeProver.decide(problem, precision: context.precision, budget: context.workBudget)
        } catch let error as WorkBudgetExceeded {
            decision.verdict = .inconclusive
            decision.retry = .final
            evidence.unresolved = [(variable.name, variable.provedOver)]
            evidence.reason = "\(error) (claim '\(context.claim.claim.name)'); raise it with --work-budget UNITS"
            return
        } catch let error as RangeProblemError {
            decision.verdict = .inconclusive
            decision.retry = .final
            evidence.reason = "the range prover cannot take this claim: \(error.message)"
            return
        }
        switch verdict {
        case .proved(let certificate):
            decision.verdict = .proved
            evidence.method = .branchAndBound(
                boxes: certificate.boxes, smallestMargin: certificate.smallestMargin,
                atInfinity: !certificate.farEnds.isEmpty,
                integerInstances: certificate.integerInstances > 0 ? certificate.integerInstances : nil,
                note: ([certificate.method] + certificate.farEnds).joined(separator: "; "))
            // Near an unbounded end the margin may tend to 0: no claim-wide margin then.
            decision.worstBound = certificate.farEnds.isEmpty ? certificate.smallestMargin.map(WorstBound.marginAtLeast) : nil
        case .refuted(let counterexample):
            if variable.certainlyInside.contains(counterexample.point) {
                evidence.method = .counterexample(method: .branchAndBound, how: counterexample.how)
                decision.verdict = .refuted
                decision.retry = .final
                evidence.counterexample = UniversalCounterexample(point: [(variable.name, counterexample.point)],
                                                                  quantity: "left − right", value: counterexample.value)
            } else {
                decision.verdict = .inconclusive
                decision.retry = .final
                evidence.unresolved = [(variable.name, RealInterval.closed(counterexample.point, counterexample.point))]
                evidence.reason = "the claim fails at \(variable.name) \(DecisionRendering.pointText(counterexample.point, equals: true)) (left − right ∈ "
                    + "\(counterexample.value.description(digits: 12))), a point of the slightly larger range with "
                    + "rational ends, not certainly of the range written"
            }
        case .inconclusive(let unresolved, let reason):
            decision.verdict = .inconclusive
            evidence.unresolved = [(variable.name, unresolved)]
            evidence.reason = reason
            if context.workBudget.isExhausted { decision.retry = .final }
        }
    }

    /// The finite parameters of an instance as exact bindings.
    static func bindings(_ instance: ParameterInstance) -> [String: Binding] {
        Dictionary(instance.values.map { ($0.name, Binding.exact(Rational($0.value))) }, uniquingKeysWith: { a, _ in a })
    }
}

/// Equalities over ranges: decided exactly or not at all (an identity cannot be
/// proved by enclosures). Until the exact identity prover is available, INCONCLUSIVE.
struct RangeIdentityDecision {
    var difference: ClosedForms.Expression

    func decide(_ context: InstanceContext, _ decision: inout InstanceDecision,
                _ evidence: inout UniversalEvidence) throws {
        decision.verdict = .inconclusive
        decision.retry = .final
        evidence.reason = "no exact identity prover is available in this build"
    }
}
