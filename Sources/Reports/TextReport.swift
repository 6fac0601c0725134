/// The human-readable report printed on standard output.
public enum TextReport {
    /// Title and source, one line per claim (verdict, instance count, worst bound,
    /// precision, time), details for every instance that is not PROVED or VERIFIED, the
    /// file's verdict and the legend of verdicts.
    public static func render(_ report: TheoremReport, showLegend: Bool = true) -> String {
        var out = ""
        out += "\(report.title)\n"
        out += "  source: \(report.source)\n"
        out += "  file: \(report.file)\n"
        out += "  loss: \(report.lossConvention)\n\n"
        // Columns line up for names up to 48 characters (longer ones push their line only).
        let nameWidth = min(48, max(8, report.claims.map(\.name.count).max() ?? 8))
        let kindWidth = min(20, max(6, report.claims.map(\.kind.count).max() ?? 6))
        for claim in report.claims {
            let count = claim.instances.count
            let countText = claim.scope == nil ? "\(count) instance" + (count == 1 ? "" : "s")
                : "\(count) range proof" + (count == 1 ? "" : "s")
            var line = "  " + pad(claim.verdict.rawValue, 13) + pad(claim.name, nameWidth + 2)
                + pad(claim.kind, kindWidth + 2) + pad(countText, 15)
                + pad(claim.activation, 10)
            if let worst = claim.worstBound { line += worst + "  " }
            // The tolerance only where it is used: an equality or a vanishing gradient
            // (VERIFIED), or a verdict not yet settled; never for proofs over a range.
            if claim.scope == nil && (claim.verdict != .proved || claim.instances.contains { $0.verdict == .verified }) {
                line += "tol \(claim.tolerance)  "
            }
            line += "\(claim.precision) bits  " + seconds(claim.seconds)
            out += line + "\n"
            if let statement = claim.statement { out += "      \(statement)\n" }
            if claim.moduloSymmetry == true { out += "      " + moduloSymmetryNote + "\n" }
            // A degenerate minimum: what was proved, in the words of its detail's first clause.
            if let first = claim.instances.first(where: { $0.nullity != nil && $0.verdict == .proved }),
               let detail = first.detail, let colon = detail.firstIndex(of: ":") {
                out += "      " + detail[..<colon] + (claim.instances.count > 1 ? " (at \(first.label))" : "") + "\n"
            }
            out += rangeLines(claim)
            out += sectorLines(claim)
            let unsettled = claim.instances.filter {
                ($0.verdict == .refuted || $0.verdict == .inconclusive) && $0.proof == nil
            }
            for instance in unsettled.prefix(5) {
                out += "      \(instance.verdict.rawValue) at \(instance.label) (\(instance.precision) bits)\n"
                if let witness = instance.witness { out += "        witness: \(witness)\n" }
                if let detail = instance.detail { out += "        \(detail)\n" }
            }
            if unsettled.count > 5 { out += "      … and \(unsettled.count - 5) more (see the JSON report)\n" }
        }
        var counts: [String] = []
        for verdict in Verdict.allCases {
            let n = report.claims.filter { $0.verdict == verdict }.count
            if n > 0 { counts.append("\(n) \(verdict.rawValue)") }
        }
        out += "\n  verdict: \(report.verdict.rawValue) (\(report.claims.count) claim"
            + (report.claims.count == 1 ? "" : "s") + ": " + counts.joined(separator: ", ") + ") in "
            + seconds(report.seconds) + (report.work.map { ", \($0) work units" } ?? "") + "\n"
        if showLegend {
            out += "\n  PROVED: \(Verdict.proved.meaning); VERIFIED: \(Verdict.verified.meaning);\n"
            out += "  REFUTED: \(Verdict.refuted.meaning); INCONCLUSIVE: \(Verdict.inconclusive.meaning).\n"
        }
        return out
    }

    /// For a claim over a range that is not a finite list: what was decided over what,
    /// one line per instance of the finite parameters (at most five), with the method,
    /// the counterexample or the unresolved part.
    static func rangeLines(_ claim: ClaimReport) -> String {
        guard claim.scope != nil else { return "" }
        var out = ""
        let withProof = claim.instances.filter { $0.proof != nil }
        // Undecided and refuted ones first: they are what a reader must see.
        let ordered = withProof.filter { $0.verdict == .refuted || $0.verdict == .inconclusive }
            + withProof.filter { $0.verdict == .proved || $0.verdict == .verified }
        for instance in ordered.prefix(5) {
            let proof = instance.proof!
            let at = instance.parameters.values.isEmpty ? "" : "at \(instance.parameters.text): "
            let said: String
            switch instance.verdict {
            case .proved, .verified: said = "\(instance.verdict.rawValue) \(proof.scope)"
            case .refuted: said = "REFUTED: the statement \(proof.scope) is false"
            case .inconclusive: said = "INCONCLUSIVE: the statement \(proof.scope) is not decided"
            }
            out += "      \(at)\(said) — \(proof.summary)\n"
            if let provedOver = proof.provedOver {
                out += "        (an end is irrational: decided over the slightly larger range "
                    + provedOver.keys.sorted().map { "\($0) ∈ \(provedOver[$0]!)" }.joined(separator: ", ") + ")\n"
            }
            if let conditions = proof.sideConditions, !conditions.isEmpty {
                out += "        side conditions: " + conditions.joined(separator: "; ") + "\n"
            }
            if let counterexample = proof.counterexample {
                let point = counterexample.point.keys.sorted().map { "\($0) = \(counterexample.point[$0]!)" }
                    .joined(separator: ", ")
                out += "        counterexample: \(point): \(counterexample.quantity) ∈ "
                    + "[\(counterexample.value.lower), \(counterexample.value.upper)]\n"
            }
            if let unresolved = proof.unresolved {
                out += "        unresolved: " + unresolved.keys.sorted().map { "\($0) ∈ \(unresolved[$0]!)" }
                    .joined(separator: ", ") + "\n"
            }
            if let reason = proof.reason { out += "        \(reason)\n" }
            if let witness = instance.witness, proof.counterexample == nil { out += "        witness: \(witness)\n" }
            if let detail = instance.detail, proof.reason == nil { out += "        \(detail)\n" }
        }
        if ordered.count > 5 { out += "      … and \(ordered.count - 5) more (see the JSON report)\n" }
        return out
    }

    /// For hessian claims decided from the symmetry sectors: where the curvature is, for
    /// the instances with a nonzero Morse index (at most five; the JSON has every sector of
    /// every instance): the sectors that carry negative directions.
    static func sectorLines(_ claim: ClaimReport) -> String {
        let indexed = claim.instances.filter { ($0.morseIndex ?? 0) > 0 && $0.sectors != nil }
        guard !indexed.isEmpty else { return "" }
        var out = ""
        for instance in indexed.prefix(5) {
            let carriers = instance.sectors!.filter { $0.negative > 0 }
            out += "      index \(instance.morseIndex!) at \(instance.label): "
                + carriers.map(\.compactText).joined(separator: "; ") + "\n"
        }
        if indexed.count > 5 {
            out += "      … and \(indexed.count - 5) more with a nonzero index (sectors in the JSON report)\n"
        }
        return out
    }

    /// What "modulo the scaling symmetry" means for a claim's instances.
    public static let moduloSymmetryNote = "holds modulo the scaling symmetry (a_i, w_i) → (a_i/α^m, α w_i): the critical "
        + "points are orbits, certified on the slice a = const"

    static func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s + " " : s + String(repeating: " ", count: width - s.count)
    }

    static func seconds(_ s: Double) -> String { FixedDecimal.format(s, places: 2) + " s" }
}
