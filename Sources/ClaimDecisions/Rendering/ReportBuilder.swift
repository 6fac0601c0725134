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
        var report = ClaimReport(
            name: planned.claim.name, kind: planned.claim.kind.name.rawValue, statement: planned.claim.statement,
            activation: planned.activation.description, verdict: claim.verdict,
            tolerance: planned.claim.toleranceText, seconds: claim.seconds,
            precision: claim.instances.map(\.precision).max() ?? options.startPrecision,
            worstBound: claim.instances.isEmpty ? "no instances" : claim.worstBound.map(DecisionRendering.text),
            instances: instances)
        let exact = claim.instances.filter(\.isExact).count
        if exact > 0 {
            let note = exact == claim.instances.count
                ? "exact at every instance (gradient exactly 0, no tolerance)"
                : "exact at \(exact) of \(claim.instances.count) instances"
            report.worstBound = report.worstBound.map { $0 + "; " + note } ?? note
        }
        report.formulaLatex = Self.formula(planned.claim.kind)
        if !planned.quantified.isEmpty {
            report.range = Dictionary(planned.quantified.map { ($0.name, $0.notation) }, uniquingKeysWith: { a, _ in a })
            report.scope = Quantifier.scope(planned.quantified.map(\.phrase))
        }
        return report
    }

    /// What the claim states, as LaTeX math (for the caption of its table): the
    /// relation of a comparison, the closed form of a loss claim; nil for the others,
    /// whose statement is the claim kind itself. Definitions print as their names in
    /// roman type (`\mathrm{Lstar}(l)`).
    static func formula(_ kind: ClaimKind) -> String? {
        switch kind {
        case .comparison(let left, let relation, let right):
            let symbol: String
            switch relation {
            case .less: symbol = "<"
            case .lessOrEqual: symbol = "\\le"
            case .greater: symbol = ">"
            case .greaterOrEqual: symbol = "\\ge"
            case .equal: symbol = "="
            }
            return "\(left.latex()) \(symbol) \(right.latex())"
        case .loss(let equals):
            return "L = \(equals.latex())"
        case .criticalPoint, .minimumOverFamily, .kernel, .hessian:
            return nil
        }
    }
}

extension InstanceDecision {
    /// Decided with an exactly critical configuration (copy-average exact zero tests).
    var isExact: Bool {
        switch detail {
        case .exactlyCritical?: return true
        case .inertia(_, .exact)?: return true
        default: return false
        }
    }
}
