import CertifiedIntervals
import TeacherStudent
import TheoremFiles
import Reports

/// Typed claim decisions → a `TheoremReport` (with `DecisionRendering` for instances).
public struct ReportBuilder {
    let file: TheoremFile
    let options: VerificationOptions

    func report(_ claims: [StreamedClaimReport], seconds: Double, workBudget: WorkBudget) -> TheoremReport {
        let claimReports = claims.map(claimReport)
        var report = TheoremReport(file: file.path, title: file.title, source: file.source,
                                   verdict: Verdict.weakest(claimReports.map(\.verdict)), claims: claimReports,
                                   seconds: seconds, startPrecision: options.startPrecision,
                                   maximumPrecision: options.maximumPrecision)
        report.work = "\(WorkBudgetExceeded.format(workBudget.spent)) of " + WorkBudgetExceeded.format(workBudget.limit)
        return report
    }

    /// The report of claims whose decisions are all at hand.
    func report(_ claims: [TheoremVerifier.ClaimDecision], seconds: Double, workBudget: WorkBudget) -> TheoremReport {
        report(claims.map(StreamedClaimReport.init), seconds: seconds, workBudget: workBudget)
    }

    func claimReport(_ claim: StreamedClaimReport) -> ClaimReport {
        let planned = claim.planned
        let instances = claim.rows
        var report = ClaimReport(
            name: planned.claim.name, kind: planned.claim.kind.name.rawValue, statement: planned.claim.statement,
            activation: planned.activation.description, verdict: claim.verdict,
            tolerance: planned.claim.toleranceText, seconds: claim.seconds,
            precision: claim.largestPrecision ?? options.startPrecision,
            worstBound: claim.instanceCount == 0 ? "no instances" : claim.worstBound.map(DecisionRendering.text),
            instances: instances)
        report.worstBound = Self.withExactnessNote(report.worstBound, exact: claim.exactCount, of: claim.instanceCount,
                                                   kind: planned.claim.kind.name.rawValue)
        report.worstBound = Self.withNullityNote(report.worstBound, nullities: instances.compactMap(\.nullity))
        report.formulaLatex = Self.formula(planned.claim.kind)
        report.activationLatex = Self.formula(planned.activation)
        if instances.contains(where: { $0.moduloSymmetry == true }) { report.moduloSymmetry = true }
        if !planned.quantified.isEmpty {
            report.range = Dictionary(planned.quantified.map { ($0.name, $0.notation) }, uniquingKeysWith: { a, _ in a })
            report.scope = Quantifier.scope(planned.quantified.map(\.phrase))
        }
        return report
    }

    /// The claim's worst bound followed by how many instances were decided exactly
    /// ("exact at every instance …"); unchanged when none was. Shared with the merge
    /// of shard reports, which must print the same.
    /// `kind` is the claim kind's name: a loss claim is exact by exact zero loss (rational
    /// arithmetic), every other kind by an exactly zero gradient.
    static func withExactnessNote(_ worstBound: String?, exact: Int, of total: Int, kind: String) -> String? {
        guard exact > 0 else { return worstBound }
        let reason = kind == "loss" ? "loss exactly 0 in rational arithmetic, no tolerance" : "gradient exactly 0, no tolerance"
        let note = exact == total
            ? "exact at every instance (\(reason))"
            : "exact at \(exact) of \(total) instances"
        // A bare "exact" (a loss decided exactly) would only repeat the note.
        guard let bound = worstBound, bound != "exact" else { return note }
        return bound + "; " + note
    }

    /// The claim's worst bound followed by the certified nullities of degenerate minima
    /// ("nullity 4", or "nullity 4–8" over several instances); unchanged when none was
    /// certified. Shared with the merge of shard reports.
    static func withNullityNote(_ worstBound: String?, nullities: [Int]) -> String? {
        guard let low = nullities.min(), let high = nullities.max() else { return worstBound }
        let note = low == high ? "nullity \(low)" : "nullity \(low)–\(high)"
        return worstBound.map { $0 + "; " + note } ?? note
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

    /// The activation as a LaTeX formula in `z`: `\operatorname{erf}(z/\sqrt{2})` for the
    /// project's erf (`s = 1`), `\operatorname{erf}(\beta z),\ \beta = …` for `s = 2β²`
    /// (β exact: a rational when `s/2` is the square of one, else `\sqrt{s/2}`), `\max(0, z)`,
    /// `z^2`, `z`.
    public static func activationLatex(_ activation: Activation) -> String { formula(activation) }

    static func formula(_ activation: Activation) -> String {
        switch activation {
        case .relu: return "\\max(0, z)"
        case .quadratic: return "z^2"
        case .linear: return "z"
        case .erf(let scale):
            if scale == Rational(1) { return "\\operatorname{erf}(z/\\sqrt{2})" }
            guard let half = try? Rational.dividing(scale, by: Rational(2)) else { return "\\operatorname{erf}(\\beta z)" }
            return "\\operatorname{erf}(\\beta z),\\ \\beta = " + squareRootLatex(half)
        }
    }

    /// `√r` exactly, for a positive rational `r = p/q` in lowest terms: `a` or `a/b` when
    /// `p` and `q` are perfect squares, else `\sqrt{p/q}`.
    static func squareRootLatex(_ r: Rational) -> String {
        let parts = r.description.split(separator: "/").map(String.init)
        func root(_ text: String) -> String? {
            guard let n = Int(text), n >= 0 else { return nil }
            var a = Int(Double(n).squareRoot())
            while a * a > n { a -= 1 }
            while (a + 1) * (a + 1) <= n { a += 1 }
            return a * a == n ? String(a) : nil
        }
        if let p = parts.first.flatMap(root), parts.count == 1 || parts.count == 2 && root(parts[1]) != nil {
            return parts.count == 1 ? p : "\\tfrac{\(p)}{\(root(parts[1])!)}"
        }
        return "\\sqrt{\(r.description)}"
    }
}

extension InstanceDecision {
    /// Decided with an exactly critical configuration (copy-average exact zero tests).
    var isExact: Bool {
        switch detail {
        case .exactlyCritical?: return true
        case .inertia(_, .exact)?: return true
        case .exactZeroLoss?: return true
        case .degenerate?: return verdict == .proved  // exactly critical points only
        default: return false
        }
    }
}
