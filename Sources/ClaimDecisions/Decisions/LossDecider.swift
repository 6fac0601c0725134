import CertifiedIntervals
import ClosedForms
import TheoremFiles

/// Loss equals a closed form: `L − equals` within the tolerance (VERIFIED), excluding 0
/// (REFUTED).
struct LossDecider: ClaimDecider {
    var equals: ClosedForms.Expression

    func decide(_ context: InstanceContext, _ decision: inout InstanceDecision) throws {
        let loss = try context.loss(partition: context.partition)
        let expected = try equals.enclosure(in: context.environment(partition: context.partition),
                                            precision: context.precision)
        decision.evidence.loss = loss
        decision.evidence.value = expected
        decideEquality(loss - expected, tolerance: context.tolerance, .lossMinus(equals), &decision)
        // L = 0 exactly when the student is the teacher as a function (rational weights only).
        if decision.verdict == .verified,
           (try? equals.exactValue(in: context.environment(partition: context.partition)))??.signum == 0,
           let proof = DegenerateMinimumDecider.exactZeroLoss(context) {
            decision.verdict = .proved
            decision.retry = .final
            decision.detail = .exactZeroLoss(proof.description)
            decision.worstBound = .exact
        }
    }
}
