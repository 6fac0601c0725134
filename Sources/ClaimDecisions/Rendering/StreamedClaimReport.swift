import CertifiedIntervals
import Reports

/// What the report of one claim needs from its decided instances, gathered one decision
/// at a time (`TheoremVerifier.run` streams the decisions here as they become final).
///
/// Kept: each instance's report row (`InstanceReport`: the decimals, witness and detail
/// texts that text, JSON, LaTeX, JUnit and Markdown print — JSON lists every instance, so
/// every row stays), and the claim's running aggregates — the weakest verdict, the
/// largest precision, the worst bound (one `WorstBound`, folded in instance order exactly
/// as `ClaimDecision.worstBound` folds the whole list), how many instances were decided
/// exactly — and, for a shard report, each instance's `ShardInstance` row.
/// Dropped: the `InstanceDecision` itself, with its heavy evidence (Hessians over
/// Krawczyk boxes, certificates, enclosures at full precision).
///
/// The rows and aggregates are those `ReportBuilder` derived from the whole list of
/// decisions before streaming, so the reports are the same byte for byte (timing aside).
struct StreamedClaimReport {
    /// The claim, with the instances this run decides (in the order they are added).
    let planned: TheoremVerifier.PlannedClaim
    private(set) var rows: [InstanceReport] = []
    /// Every instance's verdict folded: nil before the first.
    private(set) var weakestVerdict: Verdict?
    private(set) var largestPrecision: Int?
    private(set) var worstBound: WorstBound?
    private(set) var exactCount = 0
    private(set) var shardRows: [ShardInstance]?
    var seconds: Double = 0

    init(planned: TheoremVerifier.PlannedClaim, keepsShardRows: Bool = false) {
        self.planned = planned
        if keepsShardRows { shardRows = [] }
        rows.reserveCapacity(planned.instances.count)
    }

    /// The report of a claim whose decisions are all at hand (the same as adding them one by one).
    init(_ claim: TheoremVerifier.ClaimDecision) {
        self.init(planned: claim.planned)
        for (position, decision) in claim.instances.enumerated() { add(decision, position: position) }
        seconds = claim.seconds
    }

    var instanceCount: Int { rows.count }

    /// The claim's verdict: the weakest over its instances, INCONCLUSIVE with none.
    var verdict: Verdict { weakestVerdict ?? .inconclusive }

    /// Adds the decision of the instance at `position` in `planned.instances` (positions
    /// come in order: 0, 1, …), keeping only what the reports print.
    mutating func add(_ decision: InstanceDecision, position: Int) {
        precondition(position == rows.count, "decisions are added in instance order")
        rows.append(DecisionRendering.instanceReport(decision, planned.instances[position]))
        weakestVerdict = weakestVerdict.map { Verdict.weakest([$0, decision.verdict]) } ?? decision.verdict
        largestPrecision = max(largestPrecision ?? decision.precision, decision.precision)
        worstBound = WorstBound.worse(worstBound, decision.worstBound)
        if decision.isExact { exactCount += 1 }
        if shardRows != nil {
            let row = ShardInstance(index: position,
                                    parameterOrder: planned.instances[position].parameters.values.map(\.name),
                                    worstBound: decision.worstBound?.summary, exact: decision.isExact ? true : nil)
            shardRows!.append(row)
        }
    }

    /// Replaces the positions of the shard rows by the instances' indices in the claim's
    /// plan (`selected[position]`).
    mutating func assignPlanIndices(_ selected: [Int]) {
        guard var shardRows else { return }
        for position in shardRows.indices { shardRows[position].index = selected[position] }
        self.shardRows = shardRows
    }
}
