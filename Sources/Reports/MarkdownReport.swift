/// A Markdown summary of one or more theorem files, for a CI job summary (GitHub
/// Actions: `verify … --markdown summary.md` then `cat summary.md >> $GITHUB_STEP_SUMMARY`):
/// an overview table, then per file a verdict table of its claims (with the range a
/// claim was proved over, and "modulo the scaling symmetry" where that is what holds),
/// then every REFUTED or INCONCLUSIVE instance with its witness or reason — all of them,
/// not the first few, since this is what a reviewer must see.
public enum MarkdownReport {
    public static func render(_ reports: [TheoremReport]) -> String {
        let verdict = Verdict.weakest(reports.map(\.verdict))
        var out = "## Certified verification: \(verdict.rawValue)\n\n"
        out += "| theorem file | verdict | claims | time |\n| --- | --- | --- | ---: |\n"
        for report in reports {
            out += "| " + cell(report.title) + " (`" + code(report.file) + "`) | **\(report.verdict.rawValue)** | "
                + counts(report.claims.map(\.verdict)) + " | " + FixedDecimal.format(report.seconds, places: 2) + " s |\n"
        }
        for report in reports { out += "\n" + section(report) }
        out += "\nPROVED: \(Verdict.proved.meaning). VERIFIED: \(Verdict.verified.meaning). "
            + "REFUTED: \(Verdict.refuted.meaning). INCONCLUSIVE: \(Verdict.inconclusive.meaning). "
            + "Loss convention: \(LossConvention.text).\n"
        return out
    }

    static func section(_ report: TheoremReport) -> String {
        var out = "### " + cell(report.title) + "\n\n`" + code(report.file) + "`: **\(report.verdict.rawValue)**\n\n"
        out += "| claim | statement | verdict | checked | bound |\n| --- | --- | --- | --- | --- |\n"
        for claim in report.claims {
            let statement = claim.statement ?? claim.kind
            let checked: String
            if let scope = claim.scope {
                checked = scope
            } else {
                checked = "\(claim.instances.count) instance" + (claim.instances.count == 1 ? "" : "s")
                    + (claim.moduloSymmetry == true ? ", modulo the scaling symmetry" : "")
            }
            var bound = claim.worstBound ?? ""
            if claim.instances.contains(where: { $0.verdict == .verified }) {
                bound += (bound.isEmpty ? "" : ", ") + "tolerance \(claim.tolerance)"
            }
            out += "| `" + code(claim.name) + "` | " + cell(statement) + " | **\(claim.verdict.rawValue)** | "
                + cell(checked) + " | " + cell(bound) + " |\n"
        }
        let unsettled = report.claims.flatMap { claim in
            claim.instances.filter { $0.verdict == .refuted || $0.verdict == .inconclusive }.map { (claim, $0) }
        }
        if !unsettled.isEmpty {
            out += "\n#### Not proved or verified (\(unsettled.count))\n\n"
            for (claim, instance) in unsettled {
                out += "- **\(instance.verdict.rawValue)** `" + code(claim.name) + "` at " + line(instance.label)
                    + " (\(instance.precision) bits)"
                var reasons: [String] = []
                if let proof = instance.proof { reasons.append(proof.outcomeText) }
                if let witness = instance.witness, instance.proof?.counterexample == nil { reasons.append("witness: " + witness) }
                if let detail = instance.detail, instance.proof?.reason == nil { reasons.append(detail) }
                out += reasons.isEmpty ? "\n" : ": " + line(reasons.joined(separator: "; ")) + "\n"
            }
        }
        return out
    }

    /// `3 PROVED, 1 VERIFIED`.
    static func counts(_ verdicts: [Verdict]) -> String {
        Verdict.allCases.compactMap { verdict in
            let n = verdicts.filter { $0 == verdict }.count
            return n == 0 ? nil : "\(n) \(verdict.rawValue)"
        }.joined(separator: ", ")
    }

    /// Text safe in a table cell: one line, `|` escaped, Markdown and HTML specials neutralized.
    static func cell(_ text: String) -> String {
        line(text).replacingEach("|", with: "\\|")
    }

    /// Text on one line, with the characters Markdown would interpret escaped.
    static func line(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "\n", "\r", "\t": out.append(" ")
            case "*", "_", "`", "[", "]", "<", ">", "#", "\\": out += "\\" + String(c)
            default: out.append(c)
            }
        }
        return out
    }

    /// Text inside backticks: one line, no backtick.
    static func code(_ text: String) -> String {
        String(text.map { $0 == "`" || $0.isNewline ? "'" : $0 })
    }
}

extension String {
    func replacingEach(_ c: Character, with replacement: String) -> String {
        var out = ""
        for x in self { if x == c { out += replacement } else { out.append(x) } }
        return out
    }
}
