import CertifiedIntervals
import ClosedForms
import TeacherStudent
import TheoremFiles
import Reports

extension InstanceDecider {

    /// `left relation right`: decided exactly when both sides are rational (PROVED or
    /// REFUTED, equality included); otherwise from the enclosure of `left − right`.
    func decideComparison(_ claim: TheoremVerifier.PlannedClaim, _ instance: TheoremVerifier.PlannedInstance,
                          _ left: Expression, _ relation: Relation, _ right: Expression,
                          precision p: Int, _ outcome: inout InstanceOutcome) throws {
        var environment = self.environment(instance, partition: instance.partition)
        if claim.family != nil {
            let loss = try self.loss(claim, instance, partition: instance.partition, precision: p)
            environment.variables["loss"] = .enclosure(loss)
            outcome.report.loss = EnclosureFormatting.bounds(loss)
        }
        let leftValue = try left.evaluate(in: environment, precision: p)
        let rightValue = try right.evaluate(in: environment, precision: p)
        if let a = leftValue.exact, let b = rightValue.exact {
            let holds: Bool
            switch relation {
            case .less: holds = a < b
            case .lessOrEqual: holds = a <= b
            case .greater: holds = a > b
            case .greaterOrEqual: holds = a >= b
            case .equal: holds = a == b
            }
            let exactLeft = Interval(a, precision: p), exactRight = Interval(b, precision: p)
            outcome.report.left = EnclosureFormatting.bounds(exactLeft)
            outcome.report.right = EnclosureFormatting.bounds(exactRight)
            outcome.report.verdict = holds ? .proved : .refuted
            outcome.report.detail = "decided exactly: left = \(a), right = \(b)"
            if !holds { outcome.report.witness = "left = \(a) and right = \(b) exactly" }
            // The same summary quantities as for enclosures, computed exactly.
            let difference = Interval(a - b, precision: p)
            if relation == .equal {
                outcome.worstKey = (difference.magnitude.upperBoundAsDouble,
                                    "max |difference| ≤ \(EnclosureFormatting.short(difference.magnitude))")
            } else {
                let margin = (relation == .less || relation == .lessOrEqual) ? -difference : difference
                outcome.worstKey = (-margin.lowerBoundAsDouble, "min margin ≥ \(margin.lowerDecimal(digits: 3))")
            }
            return
        }
        let l = leftValue.asInterval(precision: p), r = rightValue.asInterval(precision: p)
        let difference = l - r
        outcome.report.left = EnclosureFormatting.bounds(l)
        outcome.report.right = EnclosureFormatting.bounds(r)
        if relation == .equal {
            equalityVerdict(difference, tolerance: claim.claim.tolerance, what: "left − right", &outcome)
            return
        }
        outcome.report.difference = EnclosureFormatting.bounds(difference)
        // margin > 0 means the relation holds with room; its enclosure decides.
        let margin = (relation == .less || relation == .lessOrEqual) ? -difference : difference
        let strict = relation == .less || relation == .greater
        outcome.worstKey = (-margin.lowerBoundAsDouble, "min margin ≥ \(margin.lowerDecimal(digits: 3))")
        if strict ? margin.isPositive : margin.isNonNegative {
            outcome.report.verdict = .proved
        } else if strict ? margin.isNonPositive : margin.isNegative {
            outcome.report.verdict = .refuted
            outcome.report.witness = "left ∈ \(l.description(digits: 15)), right ∈ \(r.description(digits: 15)): "
                + "left − right ∈ \(difference.description(digits: 12))"
        } else {
            outcome.report.verdict = .inconclusive
            outcome.report.detail = "left − right ∈ \(difference.description(digits: 12)) straddles the bound"
        }
    }

    /// A closed-form kernel against the independent quadrature: REFUTED when their
    /// enclosures are disjoint, VERIFIED when the difference is within the tolerance.
    func decideKernel(_ claim: TheoremVerifier.PlannedClaim, _ instance: TheoremVerifier.PlannedInstance,
                      precision p: Int, _ outcome: inout InstanceOutcome) throws {
        guard let point = instance.point else { return }
        let environment = self.environment(instance, partition: nil)
        let q = try point.map { try $0.enclosure(in: environment, precision: p) }
        let gramDefect = q[0] * q[1] - q[2].squared
        guard q[0].isPositive, q[1].isPositive, gramDefect.isNonNegative else {
            outcome.report.verdict = .inconclusive
            outcome.report.detail = "(q1, q2, q12) is not certified to be a Gram point with q1, q2 > 0 and q12² ≤ q1 q2"
            outcome.retry = !(q[0].isNonPositive || q[1].isNonPositive || gramDefect.isNegative)
            return
        }
        let closedForm = try claim.activation.kernel(precision: p).value(q[0], q[1], q[2])
        let quadrature = try GaussianQuadrature.kernel(claim.activation, q1: q[0], q2: q[1], q12: q[2], precision: p,
                                                       targetWidth: kernelQuadratureTarget(claim.claim.tolerance))
        outcome.report.left = EnclosureFormatting.bounds(closedForm)
        outcome.report.right = EnclosureFormatting.bounds(quadrature)
        outcome.report.detail = "left: closed form; right: independent quadrature"
        equalityVerdict(closedForm - quadrature, tolerance: claim.claim.tolerance,
                        what: "closed form − quadrature", &outcome)
        if outcome.report.verdict == .inconclusive { outcome.retry = false }
    }
}
