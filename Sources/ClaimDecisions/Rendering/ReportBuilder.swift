import CertifiedIntervals
import TheoremFiles
import Reports

/// Typed claim decisions → a `TheoremReport` (with `DecisionRendering` for instances).
struct ReportBuilder {
    let file: TheoremFile
    let options: VerificationOptions

    func report(_ claims: [TheoremVerifier.ClaimDecision], seconds: Double, workBudget: WorkBudget) -> TheoremReport {
        let claimReports = claims.map(claimReport)
        var report = TheoremReport(file: file.path, title: file.title, source: file.source,
                                   verdict: Verdict.weakest(claimReports.map(\.verdict)), claims: claimReports,
                                   seconds: seconds, startPrecision: options.startPrecision,
                                   maximumPrecision: options.maximumPrecision)
        report.work = "\(WorkBudgetExceeded.format(workBudget.spent)) of " + WorkBudgetExceeded.format(workBudget.limit)
        return report
    }

    func claimReport(_ claim: TheoremVerifier.ClaimDecision) -> ClaimReport {
        let planned = claim.planned
        let instances = zip(claim.instances, planned.instances).map(DecisionRendering.instanceReport)
        return ClaimReport(
            name: planned.claim.name, kind: Self.kindName(planned.claim.kind), statement: planned.claim.statement,
            activation: planned.activation.description, verdict: claim.verdict,
            tolerance: planned.claim.toleranceText, seconds: claim.seconds,
            precision: claim.instances.map(\.precision).max() ?? options.startPrecision,
            worstBound: claim.instances.isEmpty ? "no instances" : claim.worstBound.map(DecisionRendering.text),
            instances: instances)
    }

    static func kindName(_ kind: ClaimKind) -> String {
        switch kind {
        case .criticalPoint: return "critical-point"
        case .loss: return "loss"
        case .minimumOverFamily: return "minimum-over-family"
        case .comparison(_, let relation, _): return relation == .equal ? "equality" : "inequality"
        case .kernel: return "kernel"
        case .hessian: return "hessian"
        }
    }
}
