import ArgumentParser
import Foundation
import ClaimDecisions
import Reports
import TheoremFiles

/// Writes the JSON and LaTeX reports of theorem files (for `verify FILE...` and
/// `verify merge`) and the shard reports of `verify --shard`.
struct ReportWriter {
    /// The theorem files' paths as given (two with the same base name get reports named
    /// after their whole paths).
    let paths: [String]
    let json: String?
    let latex: String?
    var latexStandalone = false
    /// `--latex-claims`, `--latex-digits` (the columns are passed parsed).
    var latexClaims: [String]? = nil
    var latexDigits: Int? = nil

    /// The name of a file's reports: its base name, or its whole path (with `/` as `_`)
    /// when two of `paths` share a base name.
    func reportBaseName(_ path: String) -> String {
        func base(_ p: String) -> String { ((p as NSString).lastPathComponent as NSString).deletingPathExtension }
        let mine = base(path)
        guard paths.filter({ base($0) == mine }).count > 1 else { return mine }
        let standardized = (path as NSString).standardizingPath
        var name = (standardized as NSString).deletingPathExtension
        while name.hasPrefix("/") || name.hasPrefix(".") { name.removeFirst() }
        return name.replacingOccurrences(of: "/", with: "_")
    }

    /// Where the JSON of `path` goes: `json` itself when it names a `.json` file and
    /// one theorem file is reported, else `json/<base>.json`.
    func jsonTarget(_ path: String) -> String? {
        guard let json else { return nil }
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: json, isDirectory: &isDirectory)
        let asDirectory = paths.count > 1 || (exists && isDirectory.boolValue) || !json.hasSuffix(".json")
        if asDirectory { makeDirectory(json) }
        return asDirectory ? (json as NSString).appendingPathComponent(reportBaseName(path) + ".json") : json
    }

    /// The JSON and LaTeX reports of one theorem file; `columns` are the parsed
    /// `--latex-columns`. The LaTeX tables are the file's `[report.latex]` tables (one
    /// row-layout table per claim by default, or as `--latex-claims`/`--latex-columns`
    /// ask), with the file's figures.
    func write(_ report: TheoremReport, theorem: TheoremFile, columns: [LatexColumn]?) throws {
        if let target = jsonTarget(theorem.path) {
            writeText(try JSONReport.render(report), to: target)
        }
        if let latex {
            makeDirectory(latex)
            let fromFile = theorem.latex
            var tables = fromFile?.tables
                ?? report.claims.map { LatexReport.Table(claims: [$0.name], layout: .rows(LatexColumn.defaults)) }
            if latexClaims != nil || columns != nil {
                // The command line asks for one row-layout table per claim.
                let names = latexClaims ?? fromFile?.claims ?? report.claims.map(\.name)
                let chosen = columns ?? LatexReport.Request(tables: fromFile?.tables ?? []).columns
                tables = names.map { LatexReport.Table(claims: [$0], layout: .rows(chosen)) }
            }
            let request = LatexReport.Request(tables: tables, digits: latexDigits ?? fromFile?.digits ?? LatexReport.defaultDigits,
                                              figures: FigureBuilder.figures(theorem, report: report))
            for name in request.claims where !report.claims.contains(where: { $0.name == name }) {
                printError("\(theorem.path): --latex-claims: no claim named '\(name)'")
                throw ExitCode(ExitCodes.usage)
            }
            let target = (latex as NSString).appendingPathComponent(reportBaseName(theorem.path) + ".tex")
            writeText(LatexReport.render(report, request: request, standalone: latexStandalone), to: target)
        }
    }

    /// The shard report of one theorem file (JSON, keys sorted).
    func writeShard(_ report: ShardReport, path: String) {
        guard let target = jsonTarget(path) else { return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            writeText(String(decoding: try encoder.encode(report), as: UTF8.self) + "\n", to: target)
        } catch {
            fail("cannot encode the shard report \(target): \(error)", code: ExitCodes.cannotWrite)
        }
    }
}

func makeDirectory(_ path: String) {
    do {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    } catch {
        fail("cannot create the directory \(path): \(error.localizedDescription)", code: ExitCodes.cannotWrite)
    }
}

func writeText(_ text: String, to path: String) {
    do {
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    } catch {
        fail("cannot write \(path): \(error.localizedDescription)", code: ExitCodes.cannotWrite)
    }
}

func printError(_ message: String) {
    FileHandle.standardError.write(Data("\(message)\n".utf8))
}
