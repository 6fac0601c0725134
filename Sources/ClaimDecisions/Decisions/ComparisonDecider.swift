import CertifiedIntervals
import ClosedForms
import TheoremFiles
import ExactArithmetic

/// `left relation right`: decided exactly when both sides are rational (PROVED or
/// REFUTED, equality included); otherwise from the enclosure of `left − right`.
struct ComparisonDecider: ClaimDecider {
    var left: ClosedForms.Expression
    var relation: Relation
    var right: ClosedForms.Expression

    var isStrict: Bool { relation == .less || relation == .greater }

    /// `margin > 0` means the relation holds with room.
    func margin(_ difference: Interval) -> Interval {
        (relation == .less || relation == .lessOrEqual) ? -difference : difference
    }

    func decide(_ context: InstanceContext, _ decision: inout InstanceDecision) throws {
        var environment = context.environment(partition: context.partition)
        if context.claim.family != nil {
            let loss = try context.loss(partition: context.partition)
            environment.variables["loss"] = .enclosure(loss)
            decision.evidence.loss = loss
        }
        let p = context.precision
        let leftValue = try left.evaluate(in: environment, precision: p)
        let rightValue = try right.evaluate(in: environment, precision: p)
        if let a = leftValue.exact, let b = rightValue.exact {
            decideExactly(a, b, precision: p, &decision)
            return
        }
        let l = leftValue.asInterval(precision: p), r = rightValue.asInterval(precision: p)
        let difference = l - r
        decision.evidence.left = l
        decision.evidence.right = r
        if relation == .equal {
            decideEquality(difference, tolerance: context.tolerance, .leftMinusRight, &decision)
            // Enclosures cannot prove an equality; exact arithmetic may (not with a
            // family, whose `loss` is only an enclosure). It is asked once the enclosures
            // have said what they can: VERIFIED, or undecided at the last attempt (a
            // difference that more precision would separate from 0 is refuted by
            // enclosures first, as before).
            let lastAttempt = context.precision >= context.maximumPrecision || decision.retry == .final
            if context.claim.family == nil
                && (decision.verdict == .verified || (decision.verdict == .inconclusive && lastAttempt)) {
                decideExactlyAtInstance(context, difference, &decision)
            }
            return
        }
        decision.evidence.difference = difference
        let margin = margin(difference)
        decision.worstBound = .margin(margin)
        if isStrict ? margin.isPositive : margin.isNonNegative {
            decision.verdict = .proved
        } else if isStrict ? margin.isNonPositive : margin.isNegative {
            decision.verdict = .refuted
            decision.witness = .comparison(left: l, right: r, difference: difference)
        } else {
            decision.verdict = .inconclusive
            decision.detail = .straddlesBound(difference: difference)
        }
    }

    /// An equality at an instance whose enclosure contains 0 (VERIFIED, or undecided at
    /// the last attempt): `ExactZeroTest` decides
    /// `left − right` exactly (Calcium). Zero: PROVED, "exact". Nonzero: REFUTED (a
    /// theorem of exact arithmetic, even though the enclosure was too wide to show it).
    /// Undecided: the decision by enclosures stands (VERIFIED to the tolerance or
    /// INCONCLUSIVE), with the reason exactness was not decided as a note when it is
    /// VERIFIED.
    /// What one exact zero test is charged to the work budget (and estimated at
    /// planning): about the time of a small Calcium zero test (a millisecond, in work
    /// units of roughly 10⁹ a minute), so that a file with very many equalities is
    /// refused or stopped by the budget rather than running for hours.
    static let exactZeroTestUnits = 2e4

    func decideExactlyAtInstance(_ context: InstanceContext, _ difference: Interval, _ decision: inout InstanceDecision) {
        do {
            try context.workBudget.charge(Self.exactZeroTestUnits)
        } catch let error as WorkBudgetExceeded {
            decision.verdict = .inconclusive
            decision.retry = .final
            decision.detail = .workBudget(error, claim: context.claim.claim.name)
            return
        } catch {
            return
        }
        let bindings = Dictionary(context.instance.parameters.values.map { ($0.name, Rational($0.value)) },
                                  uniquingKeysWith: { a, _ in a })
        let expression = ClosedForms.Expression(.binary(.subtract, left, right), column: left.column)
        switch ExactZeroTest.decide(expression, bindings: bindings, definitions: context.file.definitions) {
        case .zero:
            decision.verdict = .proved
            decision.retry = .final
            decision.detail = .exactlyZero
            decision.worstBound = .exact
        case .nonzero:
            decision.verdict = .refuted
            decision.retry = .final
            decision.detail = nil
            decision.witness = .exactlyNonzero(difference)
        case .undecided(let reason):
            if decision.verdict == .verified { decision.detail = .notDecidedExactly(reason) }
        }
    }

    /// Both sides rational: the relation is decided exactly, and the summary quantities
    /// are the same as for enclosures, computed exactly.
    func decideExactly(_ a: Rational, _ b: Rational, precision p: Int, _ decision: inout InstanceDecision) {
        let holds: Bool
        switch relation {
        case .less: holds = a < b
        case .lessOrEqual: holds = a <= b
        case .greater: holds = a > b
        case .greaterOrEqual: holds = a >= b
        case .equal: holds = a == b
        }
        decision.evidence.left = Interval(a, precision: p)
        decision.evidence.right = Interval(b, precision: p)
        decision.verdict = holds ? .proved : .refuted
        decision.detail = .decidedExactly(left: a, right: b)
        if !holds { decision.witness = .exactComparison(left: a, right: b) }
        let difference = Interval(a - b, precision: p)
        decision.worstBound = relation == .equal ? .differenceMagnitude(difference.magnitude) : .margin(margin(difference))
    }
}
