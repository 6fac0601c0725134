import ArgumentParser
import Foundation
import CertifiedIntervals
import ClaimDecisions
import Reports
import TheoremFiles

/// `verify FILE...`: decide every claim of each theorem file and report.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Verify theorem files (the default: `verify FILE...`).",
        discussion: """
        For every claim and every parameter instance, the checker evaluates certified enclosures starting at
        --precision bits and doubling up to --max-precision until the instance is decided. A claim over a
        range that is not a finite list ("2..", "[1, inf)") is decided for every value of it at once (branch
        and bound, exact identities). Verdicts: PROVED (certified strict inequality or separation, or an exact
        identity), VERIFIED (equality or vanishing gradient within the stated tolerance), REFUTED (a certified
        enclosure or exact arithmetic excludes the claim; witness shown), INCONCLUSIVE (too wide even at the
        maximum precision, not evaluable, or not decided over the range; reason shown).
        """)

    @Argument(help: "Theorem files (TOML).")
    var files: [String]

    @Option(help: ArgumentHelp("Write the JSON report: a file for one theorem file, else a directory.", valueName: "path"))
    var json: String?

    @Option(help: ArgumentHelp("Write LaTeX tables (one .tex per theorem file) into this directory.", valueName: "dir"))
    var latex: String?

    @Flag(help: "Wrap the LaTeX tables in a complete document that compiles with pdflatex.")
    var latexStandalone = false

    @Option(help: ArgumentHelp("Claims to tabulate in LaTeX, comma-separated (overrides the file).", valueName: "names"))
    var latexClaims: String?

    @Option(help: ArgumentHelp("LaTeX columns, comma-separated (overrides the file).", valueName: "columns"))
    var latexColumns: String?

    @Option(help: "Significant digits in LaTeX tables, \(LatexReport.digitsRange.lowerBound)…\(LatexReport.digitsRange.upperBound) (default \(LatexReport.defaultDigits); overrides the file).")
    var latexDigits: Int?

    @Option(help: ArgumentHelp("Write a JUnit XML report (one test case per claim instance).", valueName: "path"))
    var junit: String?

    @Option(help: ArgumentHelp("Write a Markdown summary of every theorem file (for a CI job summary, e.g. "
                               + "$GITHUB_STEP_SUMMARY).", valueName: "path"))
    var markdown: String?

    @Option(help: "Starting precision in bits (default \(VerificationOptions.defaultStartPrecision), or the file's [verify] precision).")
    var precision: Int?

    @Option(help: "Maximum precision in bits (default \(VerificationOptions.defaultMaximumPrecision), or the file's [verify] max-precision).")
    var maxPrecision: Int?

    @Option(help: ArgumentHelp("Work budget of each theorem file, in work units (default 1e10, very roughly ten "
                               + "minutes of one core); see docs/theorem-files.md, Limits.", valueName: "units"))
    var workBudget: Double?

    @Option(help: ArgumentHelp("Memory one evaluation may be estimated to need, in GiB (default 8).",
                               valueName: "GiB"))
    var memoryLimit: Double?

    @Option(help: ArgumentHelp("Refuse theorem files larger than this many bytes (default 4194304, 4 MiB).",
                               valueName: "bytes"))
    var maxFileSize: Int?

    @Flag(help: "Do not print the text report.")
    var quiet = false

    @Flag(help: "Never print the progress line.")
    var noProgress = false

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one theorem file (e.g. theorems/copy_average.toml)") }
        let range = Interval.userPrecisionRange
        for bits in [precision, maxPrecision].compactMap({ $0 }) where !range.contains(bits) {
            throw ValidationError("precisions must be between \(range.lowerBound) and \(range.upperBound) bits")
        }
        if let precision, let maxPrecision, maxPrecision < precision {
            throw ValidationError("--max-precision (\(maxPrecision)) is below --precision (\(precision))")
        }
        if let workBudget, !(workBudget.isFinite && workBudget >= 1) {
            throw ValidationError("--work-budget must be a number of work units ≥ 1, e.g. 1e12")
        }
        if let memoryLimit, !(memoryLimit.isFinite && memoryLimit > 0 && memoryLimit <= 1_048_576) {
            throw ValidationError("--memory-limit must be a positive number of GiB, e.g. 16")
        }
        if let latexDigits, !LatexReport.digitsRange.contains(latexDigits) {
            throw ValidationError("--latex-digits must be \(LatexReport.digitsRange.lowerBound)…\(LatexReport.digitsRange.upperBound)")
        }
        if latexStandalone && latex == nil { throw ValidationError("--latex-standalone needs --latex DIR") }
        for (name, value) in [("--latex-claims", latexClaims), ("--latex-columns", latexColumns),
                              ("--latex-digits", latexDigits.map(String.init))] where value != nil && latex == nil {
            throw ValidationError("\(name) needs --latex DIR (without it no LaTeX is written)")
        }
        if let maxFileSize, maxFileSize < 1 { throw ValidationError("--max-file-size must be a positive number of bytes") }
        for file in files where !FileManager.default.fileExists(atPath: file) {
            throw ValidationError("no such file: \(file)")
        }
    }

    func run() throws {
        var reports: [TheoremReport] = []
        var invalid = false
        for path in files {
            let theorem: TheoremFile
            do {
                theorem = try TheoremFileParser.load(
                    path: path, maximumSize: maxFileSize ?? TheoremFileParser.defaultMaximumFileSize)
            } catch let error as TheoremFileError {
                printError("\(error)")
                invalid = true
                continue
            }
            let columns = try latexColumns(theorem)
            let options = try verificationOptions(theorem)
            let verifier = TheoremVerifier(file: theorem, options: options)
            let plan: TheoremVerifier.Plan
            do {
                plan = try verifier.plan()
            } catch let error as TheoremFileError {
                printError("\(error)")
                invalid = true
                continue
            }
            let progress = ProgressLine(label: (path as NSString).lastPathComponent, enabled: !noProgress)
            let report = verifier.run(plan) { done, total in progress.update(done: done, total: total) }
            progress.finish()
            reports.append(report)
            if !quiet { print(TextReport.render(report)) }
            try writeReports(report, theorem: theorem, columns: columns)
        }
        if let junit {
            write(JUnitReport.render(reports), to: junit)
        }
        if let markdown {
            write(MarkdownReport.render(reports), to: markdown)
        }
        if invalid { throw ExitCode(ExitCodes.invalidFile) }
        let verdict = Verdict.weakest(reports.map(\.verdict))
        switch verdict {
        case .refuted: throw ExitCode(ExitCodes.refuted)
        case .inconclusive: throw ExitCode(ExitCodes.inconclusive)
        case .proved, .verified: return
        }
    }

    /// The precisions of a file's run: the command line's, else the file's, else the
    /// defaults. A maximum below the start is a usage error (the file's own pair is
    /// checked by the parser), never silently raised.
    func verificationOptions(_ theorem: TheoremFile) throws -> VerificationOptions {
        let start = precision ?? theorem.startPrecision ?? VerificationOptions.defaultStartPrecision
        let maximum = maxPrecision ?? theorem.maximumPrecision ?? VerificationOptions.defaultMaximumPrecision
        guard maximum >= start else {
            let startSource = precision != nil ? "--precision" : theorem.startPrecision != nil ? "[verify] precision" : "the default precision"
            let maximumSource = maxPrecision != nil ? "--max-precision" : theorem.maximumPrecision != nil
                ? "[verify] max-precision" : "the default maximum precision"
            printError("\(theorem.path): \(maximumSource) (\(maximum)) is below \(startSource) (\(start))")
            throw ExitCode(ExitCodes.usage)
        }
        let limits = ResourceLimits(workBudget: workBudget ?? ResourceLimits.defaultWorkBudget,
                                    memoryBytes: (memoryLimit.map { $0 * 1024 * 1024 * 1024 })
                                        ?? ResourceLimits.defaultMemoryBytes)
        return VerificationOptions(startPrecision: start, maximumPrecision: maximum, limits: limits)
    }

    /// `--latex-columns`: each a known column (`LatexColumn`) — a quantity, or a
    /// parameter of the file (or a claim's own range). An unknown name is a usage error
    /// listing them (it would otherwise print an empty column).
    func latexColumns(_ theorem: TheoremFile) throws -> [LatexColumn]? {
        guard let latexColumns else { return nil }
        var parameters = theorem.parameters.map(\.name)
        for name in theorem.claims.flatMap({ $0.ranges.map(\.name) }) where !parameters.contains(name) {
            parameters.append(name)
        }
        return try split(latexColumns).map { name in
            guard let column = LatexColumn(name: name, parameters: parameters) else {
                printError("\(theorem.path): --latex-columns: unknown column '\(name)'; expected one of: "
                           + LatexColumn.names(parameters: parameters).joined(separator: ", "))
                throw ExitCode(ExitCodes.usage)
            }
            return column
        }
    }

    /// The name of a file's reports: its base name, or its whole path (with `/` as `_`)
    /// when two files given on the command line share a base name.
    func reportBaseName(_ path: String) -> String {
        func base(_ p: String) -> String { ((p as NSString).lastPathComponent as NSString).deletingPathExtension }
        let mine = base(path)
        guard files.filter({ base($0) == mine }).count > 1 else { return mine }
        let standardized = (path as NSString).standardizingPath
        var name = (standardized as NSString).deletingPathExtension
        while name.hasPrefix("/") || name.hasPrefix(".") { name.removeFirst() }
        return name.replacingOccurrences(of: "/", with: "_")
    }

    func writeReports(_ report: TheoremReport, theorem: TheoremFile, columns: [LatexColumn]?) throws {
        let base = reportBaseName(theorem.path)
        if let json {
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: json, isDirectory: &isDirectory)
            let asDirectory = files.count > 1 || (exists && isDirectory.boolValue) || !json.hasSuffix(".json")
            let target = asDirectory ? (json as NSString).appendingPathComponent(base + ".json") : json
            if asDirectory { makeDirectory(json) }
            write(try JSONReport.render(report), to: target)
        }
        if let latex {
            makeDirectory(latex)
            let fromFile = theorem.latex
            var tables = fromFile?.tables
                ?? report.claims.map { LatexReport.Table(claims: [$0.name], layout: .rows(LatexColumn.defaults)) }
            if latexClaims != nil || columns != nil {
                // The command line asks for one row-layout table per claim.
                let names = latexClaims.map(split) ?? fromFile?.claims ?? report.claims.map(\.name)
                let chosen = columns ?? LatexReport.Request(tables: fromFile?.tables ?? []).columns
                tables = names.map { LatexReport.Table(claims: [$0], layout: .rows(chosen)) }
            }
            let request = LatexReport.Request(tables: tables, digits: latexDigits ?? fromFile?.digits ?? LatexReport.defaultDigits,
                                              figures: FigureBuilder.figures(theorem, report: report))
            for name in request.claims where !report.claims.contains(where: { $0.name == name }) {
                printError("\(theorem.path): --latex-claims: no claim named '\(name)'")
                throw ExitCode(ExitCodes.usage)
            }
            let target = (latex as NSString).appendingPathComponent(base + ".tex")
            write(LatexReport.render(report, request: request, standalone: latexStandalone), to: target)
        }
    }

    func split(_ list: String) -> [String] {
        list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    func makeDirectory(_ path: String) {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            fail("cannot create the directory \(path): \(error.localizedDescription)", code: ExitCodes.cannotWrite)
        }
    }

    func write(_ text: String, to path: String) {
        do {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            fail("cannot write \(path): \(error.localizedDescription)", code: ExitCodes.cannotWrite)
        }
    }

    func printError(_ message: String) {
        FileHandle.standardError.write(Data("\(message)\n".utf8))
    }
}

/// A progress line on standard error, shown only when it is a terminal and a run takes
/// longer than a second: `copy_average.toml: 120/345 instances, 3.2 s`.
final class ProgressLine {
    let label: String
    let enabled: Bool
    let start = Date()
    var lastDraw = Date.distantPast
    var drawn = false

    init(label: String, enabled: Bool) {
        self.label = label
        self.enabled = enabled && isatty(2) != 0
    }

    func update(done: Int, total: Int) {
        guard enabled else { return }
        let now = Date()
        let elapsed = now.timeIntervalSince(start)
        guard elapsed > 1, now.timeIntervalSince(lastDraw) > 0.1 || done == total else { return }
        lastDraw = now
        drawn = true
        let line = "\r\(label): \(done)/\(total) instances, \(String(format: "%.1f", elapsed)) s"
        FileHandle.standardError.write(Data(line.utf8))
    }

    func finish() {
        guard drawn else { return }
        FileHandle.standardError.write(Data(("\r" + String(repeating: " ", count: 72) + "\r").utf8))
    }
}
