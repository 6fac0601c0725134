import CertifiedIntervals
import ClosedForms
import ExactArithmetic
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

    /// The work planning expects of one range proof: a nominal figure above what the
    /// shipped concavity proofs are charged (3.5·10⁴ and 6.7·10⁵ units); the run charges
    /// what a proof really does.
    static let estimatedUnitsPerProof = 1e6

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
                note: certificate.farEnds.joined(separator: "; "))
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
/// proved by enclosures).
///
/// `IdentityProver` decides `left − right ≡ 0` over the box of the quantified ranges
/// (their `provedOver`: an identity over a larger range holds on the range written),
/// with the finite parameters replaced by their values. `.identicallyZero` is PROVED
/// only when `SideConditionCertifier` certifies every side condition over the same
/// box; a side condition not certified leaves the claim INCONCLUSIVE, naming it.
/// `.notIdentical` is REFUTED with the witness when the witness lies in the range
/// written. `.undecided` is INCONCLUSIVE with the reason: the range is not a finite
/// list, so there are no instances to fall back to.
struct RangeIdentityDecision {
    var difference: ClosedForms.Expression

    func decide(_ context: InstanceContext, _ decision: inout InstanceDecision,
                _ evidence: inout UniversalEvidence) throws {
        decision.verdict = .inconclusive
        decision.retry = .final
        let values = Dictionary(context.instance.parameters.values.map { ($0.name, Rational($0.value)) },
                                uniquingKeysWith: { a, _ in a })
        let expression = ParameterSubstitution.apply(difference, values)
        let definitions = ParameterSubstitution.apply(context.file.definitions, values)
        let variables = evidence.variables.map { (name: $0.name, domain: $0.provedOver) }
        switch IdentityProver.prove(expression, variables: variables, definitions: definitions) {
        case let .identicallyZero(conditions, method):
            evidence.method = .exactIdentity(method: method, sideConditions: conditions, certified: false)
            guard !conditions.isEmpty else {
                evidence.method = .exactIdentity(method: method, sideConditions: conditions, certified: true)
                decision.verdict = .proved
                decision.worstBound = .exact
                return
            }
            let results: [SideConditionResult]
            do {
                results = try SideConditionCertifier.certify(conditions, variables: variables, definitions: definitions,
                                                             precision: context.precision, budget: context.workBudget)
            } catch let error as WorkBudgetExceeded {
                evidence.reason = "the side conditions could not be certified: \(error); raise it with --work-budget UNITS"
                return
            } catch {
                evidence.reason = "the side conditions could not be certified: \(error)"
                return
            }
            if let failed = results.first(where: { !$0.isCertified }) {
                evidence.reason = "the identity holds where its side conditions do, but the side condition "
                    + "\(failed.condition) is not certified over the range: \(Self.text(failed.verdict))"
                if case .inconclusive(let unresolved, _) = failed.verdict, variables.count == 1 {
                    evidence.unresolved = [(variables[0].name, unresolved)]
                }
                return
            }
            evidence.method = .exactIdentity(method: method, sideConditions: conditions, certified: true)
            decision.verdict = .proved
            decision.worstBound = .exact
        case .notIdentical(let witness):
            let point = evidence.variables.map { variable in (variable.name, witness.point[variable.name]) }
            let inside = zip(point, evidence.variables).allSatisfy { pair, variable in
                pair.1.map(variable.certainlyInside.contains) ?? false
            }
            let exactPoint = point.compactMap { name, value in value.map { (name: name, value: $0) } }
            guard inside, exactPoint.count == point.count else {
                evidence.reason = "left − right is exactly nonzero at \(witness.pointDescription), which is not certainly "
                    + "a point of the range written (an end is irrational)"
                return
            }
            evidence.method = .counterexample(method: .exactIdentity, how: "exact value \(witness.value)")
            // An enclosure of the value for the report (the verdict rests on the exact test).
            var environment = Environment(definitions: context.file.definitions)
            for (name, value) in context.instance.parameters.values { environment.variables[name] = .exact(Rational(value)) }
            for (name, value) in exactPoint { environment.variables[name] = .exact(value) }
            environment.workBudget = context.workBudget
            let value = (try? difference.enclosure(in: environment, precision: context.precision))
                ?? Interval(Rational(0), precision: context.precision)
            evidence.counterexample = UniversalCounterexample(point: exactPoint, quantity: "left − right", value: value)
            decision.verdict = .refuted
        case .undecided(let reason):
            evidence.reason = "exact arithmetic could not decide the identity: \(reason)"
        }
    }

    static func text(_ verdict: RangeVerdict) -> String {
        switch verdict {
        case .proved: return "proved"
        case .refuted(let counterexample):
            return "it fails at \(DecisionRendering.pointText(counterexample.point)) "
                + "(\(counterexample.value.description(digits: 12)), \(counterexample.how))"
        case .inconclusive(let unresolved, let reason):
            return "undecided on \(DecisionRendering.intervalText(unresolved)): \(reason)"
        }
    }
}
