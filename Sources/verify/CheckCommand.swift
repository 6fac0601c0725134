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

    @Flag(help: "Print progress on standard error even when it is not a terminal (one line every few seconds).")
    var progress = false

    @Option(help: ArgumentHelp("Threads deciding the instances of a claim (default: all cores, here "
                               + "\(ProcessInfo.processInfo.activeProcessorCount)); 1 is a serial run. "
                               + "Reports do not depend on it, timing aside.", valueName: "N"))
    var jobs: Int?

    @Option(help: ArgumentHelp("Decide only part i of N of the instances and write a shard report with --json, "
                               + "for `verify merge` (docs/parallel-and-sharded-runs.md).", valueName: "i/N"))
    var shard: String?

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
        if let jobs, !(1...Self.maximumJobs).contains(jobs) {
            throw ValidationError("--jobs must be a number of threads, 1…\(Self.maximumJobs)")
        }
        if let shard {
            guard Shard(shard) != nil else {
                throw ValidationError("--shard must be i/N with 1 ≤ i ≤ N (e.g. --shard 2/3), not '\(shard)'")
            }
            if json == nil { throw ValidationError("--shard needs --json PATH (the shard report, for `verify merge`)") }
            if latex != nil || junit != nil {
                throw ValidationError("--shard writes only the JSON shard report; write LaTeX and JUnit with `verify merge`")
            }
        }
        if let maxFileSize, maxFileSize < 1 { throw ValidationError("--max-file-size must be a positive number of bytes") }
        for file in files where !FileManager.default.fileExists(atPath: file) {
            throw ValidationError("no such file: \(file)")
        }
    }

    /// The most threads `--jobs` accepts.
    static let maximumJobs = 1024

    func run() throws {
        var reports: [TheoremReport] = []
        var invalid = false
        var shardVerdicts: [Verdict] = []
        for path in files {
            let theorem: TheoremFile
            // The bytes hashed are read before the file is parsed; a shard report names
            // the file version it decided.
            let fileHash = shard != nil ? (FileManager.default.contents(atPath: path)).map(SHA256.hexDigest) : nil
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
            let line = ProgressLine(label: (path as NSString).lastPathComponent,
                                    mode: noProgress ? .off : progress ? .always : .terminalOnly)
            if let shard = options.shard {
                guard let fileHash else {
                    printError("\(path): cannot read the file to hash it")
                    invalid = true
                    continue
                }
                let shardReport = verifier.runShard(plan, fileSHA256: fileHash) { line.update($0) }
                line.finish()
                let report = shardReport.report
                let instances = report.claims.flatMap(\.instances)
                shardVerdicts += instances.map(\.verdict)
                if !quiet {
                    print("shard \(shard) of \(path): \(instances.count) of \(plan.instanceCount) instances")
                    print(TextReport.render(report))
                }
                writer.writeShard(shardReport, path: theorem.path)
                continue
            }
            let report = verifier.run(plan) { line.update($0) }
            line.finish()
            reports.append(report)
            if !quiet { print(TextReport.render(report)) }
            try writer.write(report, theorem: theorem, columns: columns)
        }
        if shard != nil {
            if invalid { throw ExitCode(ExitCodes.invalidFile) }
            // A shard's exit code is that of its instances (a claim may have none here).
            switch Verdict.weakest(shardVerdicts) {
            case .refuted: throw ExitCode(ExitCodes.refuted)
            case .inconclusive: throw ExitCode(ExitCodes.inconclusive)
            case .proved, .verified: return
            }
        }
        if let junit {
            writeText(JUnitReport.render(reports), to: junit)
        }
        if let markdown {
            writeText(MarkdownReport.render(reports), to: markdown)
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
        var options = VerificationOptions(startPrecision: start, maximumPrecision: maximum, limits: limits)
        options.jobs = jobs ?? max(1, ProcessInfo.processInfo.activeProcessorCount)
        options.shard = shard.flatMap(Shard.init)
        return options
    }

    var writer: ReportWriter {
        ReportWriter(paths: files, json: json, latex: latex, latexStandalone: latexStandalone,
                     latexClaims: latexClaims.map(split), latexDigits: latexDigits)
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

    func split(_ list: String) -> [String] {
        list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

}

/// Progress on standard error: `critical_types.toml: claim 'index' 12/66 · 120/345
/// instances · 3.2 s · about 5 s left`. On a terminal, one line redrawn at most ten
/// times a second, shown only when a run takes longer than a second; with `--progress`
/// and standard error not a terminal, a new line every five seconds.
final class ProgressLine {
    enum Mode { case off, terminalOnly, always }
    let label: String
    let enabled: Bool
    let terminal: Bool
    var lastDraw = Date.distantPast
    var drawn = false

    init(label: String, mode: Mode) {
        self.label = label
        terminal = isatty(2) != 0
        enabled = mode == .always || (mode == .terminalOnly && terminal)
    }

    func update(_ progress: RunProgress) {
        guard enabled else { return }
        let now = Date()
        let interval = terminal ? 0.1 : 5
        let last = progress.done == progress.total
        guard progress.elapsed > 1, now.timeIntervalSince(lastDraw) > interval || (last && terminal) else { return }
        lastDraw = now
        drawn = true
        var text = "\(label): claim '\(progress.claim)' \(progress.claimDone)/\(progress.claimTotal) · "
            + "\(progress.done)/\(progress.total) instances · \(String(format: "%.1f", progress.elapsed)) s"
        if let left = progress.secondsLeft, !last { text += " · about \(Self.duration(left)) left" }
        if terminal {
            FileHandle.standardError.write(Data(("\r\u{1B}[K" + text).utf8))
        } else {
            FileHandle.standardError.write(Data((text + "\n").utf8))
        }
    }

    func finish() {
        guard drawn, terminal else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }

    /// `42 s`, `3 min`, `1.5 h`.
    static func duration(_ seconds: Double) -> String {
        if seconds < 90 { return "\(Int(seconds.rounded())) s" }
        if seconds < 5400 { return "\(Int((seconds / 60).rounded())) min" }
        return String(format: "%.1f h", seconds / 3600)
    }
}
