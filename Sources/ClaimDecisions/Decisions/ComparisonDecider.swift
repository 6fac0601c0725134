import CertifiedIntervals
import ClosedForms
import TheoremFiles

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
