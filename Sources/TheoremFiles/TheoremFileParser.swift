import CertifiedIntervals
import ClosedForms

/// Reads a theorem file (TOML) into a validated `TheoremFile`. The format is
/// documented in `docs/theorem-files.md`.
///
/// Everything that can be checked without evaluating claims is checked here: types of
/// values, unknown keys (a misspelt key is an error, not a silently ignored line),
/// expression syntax, unknown variables, functions and definitions, wrong numbers of
/// arguments, references to undefined families or claims. Errors carry the file, the
/// key path and, when the key is found in the text, the line and the column (inside
/// an expression: the column of the offending token).
///
/// This file is the orchestration; each section has its facet: `+Setting`,
/// `+Parameters` (with `[definitions]`), `+Families`, `+Claims`, `+Report` (with
/// `[verify]`), and `+Expressions` for the closed forms all of them read.
public struct TheoremFileParser {
    let reader: TOMLReader

    init(file: String, locator: SourceLocator) {
        reader = TOMLReader(file: file, locator: locator)
    }

    /// The top-level tables of a file.
    static let sections = ["theorem", "setting", "parameters", "definitions", "family", "claim", "report", "verify"]

    /// Parses theorem-file text; `file` is used in error messages.
    public static func parse(text: String, file: String) throws -> TheoremFile {
        let root = try TOMLNode.parse(text, file: file)
        let parser = TheoremFileParser(file: file, locator: SourceLocator(text: text))
        var theorem = try parser.theoremFile(root)
        theorem.text = text
        return theorem
    }

    func error(_ keyPath: String?, _ message: String, expressionColumn: Int? = nil) -> TheoremFileError {
        reader.error(keyPath, message, expressionColumn: expressionColumn)
    }

    /// The sections in dependency order: parameters and definitions first (everything
    /// may use them), then the setting, families, claims (which name families), the
    /// report (which names claims) and the precisions.
    func theoremFile(_ root: [String: TOMLNode]) throws -> TheoremFile {
        try reader.checkKeys(root, allowed: Self.sections, "")
        let (title, source) = try theoremSection(root["theorem"])
        let parameterTable = try parametersTable(root["parameters"])
        let parameterNames = Set(parameterTable.keys)
        let definitions = try definitionsSection(root["definitions"], parameterNames: parameterNames)
        let parameters = try parameterRanges(parameterTable, definitions: definitions)
        let names = Names(parameters: parameterNames, definitions: definitions)
        let setting = try settingSection(root["setting"], names)
        let families = try familiesSection(root["family"], names)
        let claims = try claimsSection(root["claim"], names, families: families, setting: setting)
        let latex = try reportSection(root["report"], claims: claims, parameters: parameters.map(\.name))
        let figures = try figuresSection(root["report"], claims: claims, parameters: parameters.map(\.name),
                                         definitions: definitions)
        let (start, maximum) = try verifySection(root["verify"])
        var file = TheoremFile(path: reader.file, text: "", title: title, source: source, setting: setting,
                               parameters: parameters, definitions: definitions, families: families, claims: claims,
                               latex: latex, startPrecision: start, maximumPrecision: maximum)
        file.figures = figures
        return file
    }

    /// What every expression of the file may name: the parameters and the definitions.
    struct Names {
        var parameters: Set<String>
        var definitions: Definitions
    }

    /// `[theorem]`: title and source (and an optional statement).
    func theoremSection(_ node: TOMLNode?) throws -> (title: String, source: String) {
        let theorem = try reader.table(node, "theorem")
        try reader.checkKeys(theorem, allowed: ["title", "source", "statement"], "theorem")
        return (try reader.string(theorem, "title", "theorem")!, try reader.string(theorem, "source", "theorem")!)
    }
}

extension TheoremFile {
    /// A semantic error found after parsing (while expanding instances): located in the
    /// file's text like the parser's own errors.
    public func error(at keyPath: String?, _ message: String, expressionColumn: Int? = nil) -> TheoremFileError {
        TOMLReader(file: path, locator: SourceLocator(text: text))
            .error(keyPath, message, expressionColumn: expressionColumn)
    }
}
