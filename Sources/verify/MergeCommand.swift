import ArgumentParser
import Foundation
import ClaimDecisions
import Reports
import TheoremFiles

/// `verify merge SHARD.json...`: the reports of an unsharded run from shard reports.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge the shard reports of `verify --shard i/N` into the reports of the whole run.",
        discussion: """
        Checks that all shard reports come from the same checker version, that the shards of each theorem file
        come from the same file (SHA-256 of its bytes), are shards 1…N each exactly once, and hold every
        instance exactly once; then writes the reports an unsharded run writes (timing and work aside).
        A missing, duplicated or mismatched shard is an error naming the shard report (exit code 65).
        --latex reads the theorem files (their tables and figures) at the paths the reports name, and refuses
        a file whose SHA-256 is not the shards' (exit code 65).
        Exit codes otherwise as for `verify FILE...`: 0, 1 some REFUTED, 2 some INCONCLUSIVE.
        """)

    @Argument(help: "Shard reports (JSON written by `verify FILE... --shard i/N --json PATH`).")
    var shards: [String]

    @Option(help: ArgumentHelp("Write the JSON report: a file for one theorem file, else a directory.", valueName: "path"))
    var json: String?

    @Option(help: ArgumentHelp("Write LaTeX tables (one .tex per theorem file) into this directory.", valueName: "dir"))
    var latex: String?

    @Flag(help: "Wrap the LaTeX tables in a complete document that compiles with pdflatex.")
    var latexStandalone = false

    @Option(help: ArgumentHelp("Write a JUnit XML report (one test case per claim instance).", valueName: "path"))
    var junit: String?

    @Option(help: ArgumentHelp("Write a Markdown summary (verdict tables, every REFUTED or INCONCLUSIVE instance).",
                               valueName: "path"))
    var markdown: String?

    @Flag(help: "Do not print the text report.")
    var quiet = false

    func validate() throws {
        if shards.isEmpty { throw ValidationError("give the shard reports to merge") }
        if latexStandalone && latex == nil { throw ValidationError("--latex-standalone needs --latex DIR") }
        for path in shards where !FileManager.default.fileExists(atPath: path) {
            throw ValidationError("no such file: \(path)")
        }
    }

    func run() throws {
        var loaded: [(path: String, report: ShardReport)] = []
        for path in shards {
            guard let data = FileManager.default.contents(atPath: path) else {
                printError("\(path): cannot read the file")
                throw ExitCode(ExitCodes.invalidFile)
            }
            do {
                loaded.append((path, try JSONDecoder().decode(ShardReport.self, from: data)))
            } catch {
                printError("\(path): not a shard report of `verify --shard` (\(Self.describe(error)))")
                throw ExitCode(ExitCodes.invalidFile)
            }
        }
        let merged: [MergedReport]
        do {
            merged = try ShardMerge.merge(loaded)
        } catch let error as ShardMergeError {
            printError("verify merge: \(error.message)")
            throw ExitCode(ExitCodes.invalidFile)
        }
        let writer = ReportWriter(paths: merged.map(\.report.file), json: json, latex: latex,
                                  latexStandalone: latexStandalone)
        for file in merged {
            if !quiet { print(TextReport.render(file.report)) }
            if let target = writer.jsonTarget(file.report.file) { writeText(try JSONReport.render(file.report), to: target) }
            if latex != nil {
                let theorem = try Self.theoremFile(file)
                try writer.write(file.report, theorem: theorem, columns: nil)
            }
        }
        if let junit { writeText(JUnitReport.render(merged.map(\.report)), to: junit) }
        if let markdown { writeText(MarkdownReport.render(merged.map(\.report)), to: markdown) }
        switch Verdict.weakest(merged.map(\.report.verdict)) {
        case .refuted: throw ExitCode(ExitCodes.refuted)
        case .inconclusive: throw ExitCode(ExitCodes.inconclusive)
        case .proved, .verified: return
        }
    }

    /// The theorem file a merged report was made from (for its LaTeX tables and
    /// figures): read at the path the report names, and refused (exit 65) when missing
    /// or when its SHA-256 is not the shards'.
    static func theoremFile(_ merged: MergedReport) throws -> TheoremFile {
        let path = merged.report.file
        guard let bytes = FileManager.default.contents(atPath: path) else {
            printError("verify merge: --latex needs the theorem file \(path) (its tables and figures), which cannot be read; "
                       + "run the merge where the shards ran, or leave out --latex")
            throw ExitCode(ExitCodes.invalidFile)
        }
        let hash = SHA256.hexDigest(bytes)
        guard hash == merged.fileSHA256 else {
            printError("verify merge: \(path) has SHA-256 \(hash), but the shards were run on \(merged.fileSHA256): "
                       + "not the version of the file the shards decided")
            throw ExitCode(ExitCodes.invalidFile)
        }
        do {
            return try TheoremFileParser.load(path: path)
        } catch let error as TheoremFileError {
            printError("\(error)")
            throw ExitCode(ExitCodes.invalidFile)
        }
    }

    /// A decoding error in a line: the key path and what was wrong.
    static func describe(_ error: Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return keys.isEmpty ? "" : " at \(keys)"
        }
        switch error {
        case .keyNotFound(let key, let context): return "missing key '\(key.stringValue)'\(path(context))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return context.debugDescription + path(context)
        @unknown default: return "\(error)"
        }
    }
}
