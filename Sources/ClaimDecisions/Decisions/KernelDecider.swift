import CertifiedIntervals
import TeacherStudent

/// A closed-form kernel against the independent quadrature: REFUTED when their
/// enclosures are disjoint, VERIFIED when the difference is within the tolerance.
struct KernelDecider: ClaimDecider {
    func decide(_ context: InstanceContext, _ decision: inout InstanceDecision) throws {
        guard let point = context.instance.point else { return }
        let environment = context.environment(partition: nil)
        let p = context.precision
        let q = try point.map { try $0.enclosure(in: environment, precision: p) }
        let gramDefect = q[0] * q[1] - q[2].squared
        guard q[0].isPositive, q[1].isPositive, gramDefect.isNonNegative else {
            decision.verdict = .inconclusive
            decision.detail = .notAGramPoint
            let certainlyNotGram = q[0].isNonPositive || q[1].isNonPositive || gramDefect.isNegative
            decision.retry = certainlyNotGram ? .final : .morePrecisionMayHelp
            return
        }
        let activation = context.claim.activation
        let closedForm = try activation.kernel(precision: p).value(q[0], q[1], q[2])
        let quadrature = try GaussianQuadrature.kernel(activation, q1: q[0], q2: q[1], q12: q[2], precision: p,
                                                       targetWidth: kernelQuadratureTarget(context.tolerance))
        decision.evidence.left = closedForm
        decision.evidence.right = quadrature
        decision.detail = .kernelSides
        decideEquality(closedForm - quadrature, tolerance: context.tolerance, .closedFormMinusQuadrature, &decision)
        // The quadrature's width is set by the tolerance, not by the precision.
        if decision.verdict == .inconclusive { decision.retry = .final }
    }
}
