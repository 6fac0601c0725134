import CertifiedIntervals
import ClosedForms
import TheoremFiles

/// `left relation right` for every value of the claim's quantified ranges, at one
/// instance of its finite parameters.
struct RangeComparisonDecider: ClaimDecider {
    var left: ClosedForms.Expression
    var relation: Relation
    var right: ClosedForms.Expression

    func decide(_ context: InstanceContext, _ decision: inout InstanceDecision) throws {
        var evidence = UniversalEvidence(variables: context.instance.quantified, method: .none)
        evidence.reason = "no method for ranges that are not finite lists is available in this build"
        decision.universal = evidence
        decision.verdict = .inconclusive
        decision.retry = .final
    }
}
