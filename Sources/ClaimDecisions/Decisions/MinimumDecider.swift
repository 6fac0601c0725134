import CertifiedIntervals
import ClosedForms
import TheoremFiles

/// Minimum over the family: the arg-min's loss is certainly below every other member's
/// (PROVED), and equals `value` within the tolerance (then VERIFIED). A member with a
/// certainly smaller loss, or an arg-min that is no member, refutes the claim.
struct MinimumDecider: ClaimDecider {
    var value: ClosedForms.Expression?

    func decide(_ context: InstanceContext, _ decision: inout InstanceDecision) throws {
        guard let best = context.instance.partition, let members = context.instance.members else { return }
        let bestLoss = try context.loss(partition: best)
        decision.evidence.loss = bestLoss
        var smallestGap: Interval?
        var undecided: [[Int]] = []
        for member in members where member != best {
            let memberLoss = try context.loss(partition: member)
            if Interval.certainlyLess(memberLoss, bestLoss) {
                decision.verdict = .refuted
                decision.witness = .memberBelowArgmin(member: member, memberLoss: memberLoss, argminLoss: bestLoss)
                return
            }
            if Interval.certainlyLess(bestLoss, memberLoss) {
                let gap = memberLoss - bestLoss
                if smallestGap == nil || gap.lowerBound.isSmaller(than: smallestGap!.lowerBound) {
                    smallestGap = gap
                }
            } else {
                undecided.append(member)
            }
        }
        if let smallestGap {
            decision.evidence.gap = smallestGap
            decision.worstBound = .smallestGap(smallestGap)
        }
        try conclude(context, best: best, bestLoss: bestLoss, members: members, undecided: undecided, &decision)
    }

    /// The verdict once every member's loss has been compared with the arg-min's.
    func conclude(_ context: InstanceContext, best: [Int], bestLoss: Interval, members: [[Int]], undecided: [[Int]],
                  _ decision: inout InstanceDecision) throws {
        if !members.contains(best) {
            decision.verdict = .refuted
            decision.witness = .argminNotMember
            return
        }
        if let first = undecided.first {
            decision.verdict = .inconclusive
            decision.detail = .overlappingMember(first)
            return
        }
        if members.count == 1 { decision.detail = .singleMember }
        guard let value else { decision.verdict = .proved; return }
        let expected = try value.enclosure(in: context.environment(partition: best), precision: context.precision)
        decision.evidence.value = expected
        let gap = decision.worstBound
        decideEquality(bestLoss - expected, tolerance: context.tolerance, .argminLossMinus(value), &decision)
        decision.worstBound = gap   // the claim's summary reports the smallest gap
    }
}
