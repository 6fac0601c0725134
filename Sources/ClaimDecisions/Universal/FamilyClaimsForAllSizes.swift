import CertifiedIntervals
import ClosedForms
import TheoremFiles

/// HOOK for claims about a family whose parameters include a range that is not a
/// finite list (a copy-average family over `k = "2.."`): the one place where such a
/// claim can be taken over by a method that decides it for every value at once (the
/// reduction of copy-average claims to statements in one or two group sizes, branch
/// `reduction`).
///
/// Until a method is filled in, `plan` returns nil ("not handled") and the claim is an
/// error of the file (exit 65) naming the claim and the range.
enum FamilyClaimsForAllSizes {
    /// How a taken-over claim is decided: the finite instances it runs over (one empty
    /// instance when none), and the decider of each (which must set
    /// `InstanceDecision.universal` with the method and what it decided).
    struct Plan {
        var instances: [ParameterInstance]
        var decider: ClaimDecider
    }

    /// A plan for `claim` about `family`, whose `ranges` (the file's parameters as the
    /// claim restricts them, then its own) include at least one that is not a finite
    /// list; nil when no method handles it. Throws `TheoremFileError` for a claim it
    /// recognises but refuses (with the reason).
    static func plan(claim: Claim, family: Family, ranges: [ParameterRange],
                     file: TheoremFile) throws -> Plan? {
        // Copy-average families (and the one-neuron average): the reduction of branch
        // `reduction` (SymmetryReduction), see CopyAverageForAllSizes.
        try CopyAverageForAllSizes.plan(claim: claim, family: family, ranges: ranges, file: file)
    }
}
