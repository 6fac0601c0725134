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
public struct TheoremFileParser {
    let file: String
    let locator: SourceLocator

    /// The default tolerance of equalities when a claim gives none.
    public static let defaultTolerance = "1e-30"
    /// The largest number of `(size, count)` terms or weight entries accepted.
    static let maximumListLength = 100_000

    /// Parses theorem-file text; `file` is used in error messages.
    public static func parse(text: String, file: String) throws -> TheoremFile {
        let root = try TOMLNode.parse(text, file: file)
        let parser = TheoremFileParser(file: file, locator: SourceLocator(text: text))
        var theorem = try parser.theoremFile(root)
        theorem.text = text
        return theorem
    }

    // MARK: Errors

    func error(_ keyPath: String?, _ message: String, expressionColumn: Int? = nil) -> TheoremFileError {
        var line: Int?, column: Int?
        if let keyPath, let location = locator.location(of: keyPath) {
            line = location.line
            if let expressionColumn, let content = location.stringContentColumn {
                column = content + expressionColumn - 1
            } else {
                column = location.valueColumn
            }
        }
        var text = message
        if let expressionColumn, column == nil || locator.location(of: keyPath ?? "")?.stringContentColumn == nil {
            text += " (column \(expressionColumn) of the expression)"
        }
        return TheoremFileError(file: file, line: line, column: column, keyPath: keyPath, message: text)
    }

    // MARK: Typed access

    func table(_ node: TOMLNode?, _ keyPath: String) throws -> [String: TOMLNode] {
        guard let node else { throw error(keyPath, "missing table [\(keyPath)]") }
        guard case .table(let t) = node else { throw error(keyPath, "expected a table, found \(node.typeName)") }
        return t
    }

    /// Refuses a key not in `allowed`, naming it, with the closest allowed key when it
    /// looks like a typo. Callers check keys before reading any, so that a misspelt
    /// key is reported as such rather than as the missing key it was meant to be.
    func checkKeys(_ t: [String: TOMLNode], allowed: [String], _ keyPath: String) throws {
        let unknown = t.keys.filter { !allowed.contains($0) }
        // The first in the text (else by name), so that the report does not depend on hashing.
        let first = unknown.min {
            (locator.location(of: join(keyPath, $0))?.line ?? Int.max, $0)
                < (locator.location(of: join(keyPath, $1))?.line ?? Int.max, $1)
        }
        if let key = first {
            throw error(join(keyPath, key), "unknown key '\(key)'" + NameSuggestion.phrase(for: key, among: allowed)
                        + " (expected one of: \(allowed.joined(separator: ", ")))")
        }
    }

    func join(_ keyPath: String, _ key: String) -> String { keyPath.isEmpty ? key : "\(keyPath).\(key)" }

    func string(_ t: [String: TOMLNode], _ key: String, _ keyPath: String, required: Bool = true) throws -> String? {
        let path = "\(keyPath).\(key)"
        guard let node = t[key] else {
            if required { throw error(keyPath, "missing key '\(key)'") }
            return nil
        }
        guard case .string(let s) = node else {
            throw error(path, "expected a string, found \(node.typeName)")
        }
        return s
    }

    /// An expression written as a string or as a TOML integer. Floats are refused: they
    /// are not exact.
    func expressionText(_ node: TOMLNode, _ path: String) throws -> String {
        switch node {
        case .string(let s): return s
        case .integer(let i): return String(i)
        case .float(let x):
            throw error(path, "expected an expression in a string; the floating-point number \(x) is not exact (write \"\(x)\" in quotes)")
        default: throw error(path, "expected an expression (a string), found \(node.typeName)")
        }
    }

    /// Parses an expression written at `path`, starting at character `offset` of the
    /// string (for elements of lists), and checks its names.
    func expression(_ text: String, _ path: String, offset: Int = 0, known: Set<String>,
                    definitions: Definitions) throws -> Expression {
        try checkExpressionLength(text, path)
        let parsed: Expression
        do {
            parsed = try ExpressionParser.parse(text).resolvingConstants(known: known, definitions: definitions)
        } catch let e as ExpressionSyntaxError {
            throw error(path, e.message + " in \"\(TheoremFileParser.excerpt(text))\"", expressionColumn: offset + e.column)
        }
        do {
            try parsed.validate(knownVariables: known, definitions: definitions)
        } catch let e as EvaluationError {
            throw error(path, e.message + " in \"\(TheoremFileParser.excerpt(text))\"", expressionColumn: offset + e.column)
        }
        return parsed
    }

    /// Refuses the text of an expression longer than `ExpressionParser.maximumLength`
    /// characters, before anything converts it whole (the check reads at most that
    /// many characters).
    func checkExpressionLength(_ text: String, _ path: String) throws {
        let limit = ExpressionParser.maximumLength
        guard text.utf8.count > limit, text.prefix(limit + 1).count > limit else { return }
        throw error(path, "the expression is longer than \(limit) characters, the limit of one expression "
                    + "(name parts of it in [definitions])")
    }

    /// The text of an expression for a message: at most 80 characters.
    static func excerpt(_ text: String) -> String {
        text.count <= 80 ? text : String(text.prefix(77)) + "..."
    }

    func expression(_ node: TOMLNode?, _ path: String, known: Set<String>, definitions: Definitions,
                    required: Bool = true) throws -> Expression? {
        guard let node else {
            if required {
                let parts = path.split(separator: ".")
                throw error(parts.dropLast().joined(separator: "."), "missing key '\(parts.last ?? "")'")
            }
            return nil
        }
        return try expression(try expressionText(node, path), path, known: known, definitions: definitions)
    }

    // MARK: The file

    func theoremFile(_ root: [String: TOMLNode]) throws -> TheoremFile {
        try checkKeys(root, allowed: ["theorem", "setting", "parameters", "definitions", "family", "claim",
                                      "report", "verify"], "")
        let theorem = try table(root["theorem"], "theorem")
        try checkKeys(theorem, allowed: ["title", "source", "statement"], "theorem")
        let title = try string(theorem, "title", "theorem")!
        let source = try string(theorem, "source", "theorem")!

        // Parameters first: definitions and everything else may use them.
        let parameterTable = root["parameters"].map { try? table($0, "parameters") } ?? [:]
        if let node = root["parameters"], case .table = node {} else if root["parameters"] != nil {
            throw error("parameters", "expected a table of ranges such as k = \"2..12\"")
        }
        let parameterNames = Set((parameterTable ?? [:]).keys)
        let definitions = try definitionsSection(root["definitions"], parameterNames: parameterNames)
        let parameters = try parameterRanges(parameterTable ?? [:], definitions: definitions)
        let setting = try settingSection(root["setting"], parameters: parameterNames, definitions: definitions)

        var families: [Family] = []
        if let node = root["family"] {
            let all = try table(node, "family")
            for name in all.keys.sorted() {
                families.append(try family(name, all[name]!, parameters: parameterNames, definitions: definitions))
            }
        }
        let claims = try claimsSection(root["claim"], parameters: parameterNames, definitions: definitions,
                                       families: families, setting: setting)
        var latex: LatexRequest?
        if let node = root["report"] {
            let report = try table(node, "report")
            try checkKeys(report, allowed: ["latex"], "report")
            if let latexNode = report["latex"] {
                latex = try latexRequest(latexNode, claims: claims, parameters: parameterNames)
            }
        }
        let (start, maximum) = try verifySection(root["verify"])
        return TheoremFile(path: file, text: "", title: title, source: source, setting: setting, parameters: parameters,
                           definitions: definitions, families: families, claims: claims, latex: latex,
                           startPrecision: start, maximumPrecision: maximum)
    }

    /// `[definitions]`: names first (bodies may call definitions written later), then
    /// the bodies, validated with the real bodies of what they call.
    func definitionsSection(_ node: TOMLNode?, parameterNames: Set<String>) throws -> Definitions {
        guard let node else { return Definitions() }
        let defs = try table(node, "definitions")
        var names = Definitions()
        var bodies: [(key: String, name: String, parameters: [String], text: String)] = []
        for key in defs.keys.sorted() {
            let path = "definitions.\(key)"
            let (name, parameters) = try definitionSignature(key, path)
            if parameterNames.contains(name) {
                throw error(path, "'\(name)' is both a parameter and a definition; rename one")
            }
            let text = try expressionText(defs[key]!, path)
            bodies.append((key, name, parameters, text))
            do {
                try names.add(Definition(name: name, parameters: parameters,
                                         body: Expression(.number(Rational(0)), column: 1)))
            } catch let e as DefinitionError {
                throw error(path, e.message)
            }
        }
        var complete = Definitions()
        for (key, name, parameters, text) in bodies {
            let body = try expression(text, "definitions.\(key)", known: parameterNames.union(parameters), definitions: names)
            try complete.add(Definition(name: name, parameters: parameters, body: body))
        }
        // Validate again with the real bodies (recursion, arity inside bodies).
        for (key, _, parameters, text) in bodies {
            _ = try expression(text, "definitions.\(key)", known: parameterNames.union(parameters), definitions: complete)
        }
        return complete
    }

    /// `[[claim]]`: at least one, with distinct names.
    func claimsSection(_ node: TOMLNode?, parameters: Set<String>, definitions: Definitions, families: [Family],
                       setting: Setting) throws -> [Claim] {
        var claims: [Claim] = []
        var names = Set<String>()
        if let node {
            guard case .array(let items) = node else {
                throw error("claim", "expected an array of tables ([[claim]]), found \(node.typeName)")
            }
            for (index, item) in items.enumerated() {
                let claim = try self.claim(item, index: index + 1, parameters: parameters, definitions: definitions,
                                           families: families, setting: setting)
                guard names.insert(claim.name).inserted else {
                    throw error("\(claim.keyPath).name", "a claim named '\(claim.name)' already exists")
                }
                claims.append(claim)
            }
        }
        if claims.isEmpty { throw error(nil, "the file has no [[claim]]: nothing to verify") }
        return claims
    }

    /// `[verify]`: the starting and maximum precisions, the maximum not below the start.
    func verifySection(_ node: TOMLNode?) throws -> (start: Int?, maximum: Int?) {
        guard let node else { return (nil, nil) }
        let v = try table(node, "verify")
        try checkKeys(v, allowed: ["precision", "max-precision"], "verify")
        let start = try precisionValue(v["precision"], "verify.precision")
        let maximum = try precisionValue(v["max-precision"], "verify.max-precision")
        if let start, let maximum, maximum < start {
            throw error("verify.max-precision", "max-precision (\(maximum)) is below precision (\(start)); "
                        + "the precision doubles from the start up to the maximum")
        }
        return (start, maximum)
    }

    /// An exact number written as a string (or a TOML integer): a tolerance or a
    /// perturbation. A TOML float is refused, naming the key.
    func toleranceString(_ node: TOMLNode?, _ path: String) throws -> String {
        guard let node else { return TheoremFileParser.defaultTolerance }
        let key = path.split(separator: ".").last.map(String.init) ?? path
        switch node {
        case .string(let s): return s.trimmedOfSpaces
        case .integer(let i): return String(i)
        case .float(let x):
            throw error(path, "write the \(key) as an exact string, e.g. \(key) = \"\(x)\" (a TOML float is not exact)")
        default: throw error(path, "expected an exact number in a string such as \"1e-60\" or \"1/100\", found \(node.typeName)")
        }
    }

    func precisionValue(_ node: TOMLNode?, _ path: String) throws -> Int? {
        guard let node else { return nil }
        guard case .integer(let bits) = node, (16...1_048_576).contains(bits) else {
            throw error(path, "expected an integer number of bits between 16 and 1048576")
        }
        return bits
    }

    /// `"c(l)"` → (`c`, [`l`]); `"K"` → (`K`, []).
    func definitionSignature(_ key: String, _ path: String) throws -> (String, [String]) {
        let trimmed = key.trimmedOfSpaces
        guard let open = trimmed.firstIndex(of: "(") else {
            guard ExpressionParser.isPlainIdentifier(trimmed) else {
                throw error(path, "a definition is named like Lstar or Lstar(l), not '\(key)'")
            }
            return (trimmed, [])
        }
        guard trimmed.hasSuffix(")") else { throw error(path, "expected ')' at the end of '\(key)'") }
        let name = String(trimmed[..<open]).trimmedOfSpaces
        let inside = trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)]
        let parameters = inside.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmedOfSpaces }
        guard ExpressionParser.isPlainIdentifier(name),
              parameters.allSatisfy(ExpressionParser.isPlainIdentifier) else {
            throw error(path, "a definition is named like Lstar(l) or f(x, y), not '\(key)'")
        }
        return (name, parameters == [""] ? [] : parameters)
    }

    // MARK: Parameters

    /// Ranges ordered so that each refers only to earlier ones (file order where free).
    func parameterRanges(_ t: [String: TOMLNode], definitions: Definitions) throws -> [ParameterRange] {
        var pending: [(name: String, text: String, line: Int)] = []
        for (name, node) in t {
            let path = "parameters.\(name)"
            guard ExpressionParser.isPlainIdentifier(name), !["l", "groups", "pi", "e"].contains(name) else {
                throw error(path, "'\(name)' cannot be a parameter name (reserved or not an identifier)")
            }
            guard case .string(let text) = node else {
                throw error(path, "expected a range in a string such as \"1..k-1\", found \(node.typeName)")
            }
            pending.append((name, text, locator.location(of: path)?.line ?? Int.max))
        }
        pending.sort { ($0.line, $0.name) < ($1.line, $1.name) }
        var ordered: [ParameterRange] = []
        var known = Set<String>()
        let allNames = Set(pending.map(\.name))
        while !pending.isEmpty {
            var progressed = false
            for (index, item) in pending.enumerated() {
                let range = try parameterRange(item.text, name: item.name, path: "parameters.\(item.name)",
                                               known: allNames, definitions: definitions)
                let uses = range.lower.freeVariables.union(range.upper.freeVariables)
                if uses.contains(item.name) {
                    throw error(range.keyPath, "the range of '\(item.name)' refers to '\(item.name)' itself")
                }
                if uses.isSubset(of: known) {
                    ordered.append(range)
                    known.insert(item.name)
                    pending.remove(at: index)
                    progressed = true
                    break
                }
            }
            if !progressed {
                let names = pending.map(\.name).joined(separator: ", ")
                throw error("parameters", "the ranges of \(names) depend on each other in a cycle")
            }
        }
        return ordered
    }

    /// `"lower..upper"`.
    func parameterRange(_ text: String, name: String, path: String, known: Set<String>,
                        definitions: Definitions) throws -> ParameterRange {
        try checkExpressionLength(text, path)
        guard let dots = text.range(of: "..") else {
            throw error(path, "expected a range such as \"2..12\" or \"1..k-1\", found \"\(text)\"")
        }
        let lowerText = String(text[..<dots.lowerBound]), upperText = String(text[dots.upperBound...])
        let upperOffset = text.distance(from: text.startIndex, to: dots.upperBound)
        guard !lowerText.trimmedOfSpaces.isEmpty else {
            throw error(path, "the range \"\(text)\" has no lower bound", expressionColumn: 1)
        }
        guard !upperText.trimmedOfSpaces.isEmpty else {
            throw error(path, "the range \"\(text)\" has no upper bound", expressionColumn: upperOffset + 1)
        }
        let lower = try expression(lowerText, path, known: known, definitions: definitions)
        let upper = try expression(upperText, path, offset: upperOffset, known: known, definitions: definitions)
        return ParameterRange(name: name, lower: lower, upper: upper, keyPath: path, text: text)
    }

    // MARK: Setting

    func settingSection(_ node: TOMLNode?, parameters: Set<String>, definitions: Definitions) throws -> Setting {
        let t = try table(node, "setting")
        try checkKeys(t, allowed: ["activation", "beta", "teacher", "teacher-input-weights",
                                   "teacher-output-weights", "dimension"], "setting")
        let activation = try activationName(try string(t, "activation", "setting")!, "setting.activation")
        var beta: Expression?
        if let node = t["beta"] {
            guard activation == .erf else { throw error("setting.beta", "beta only applies to the erf activation") }
            beta = try erfBeta(node, "setting.beta", definitions: definitions)
        }
        let teacherName = try string(t, "teacher", "setting", required: false) ?? "orthonormal"
        let teacher: TeacherSpecification
        switch teacherName {
        case "orthonormal":
            if t["teacher-input-weights"] != nil || t["teacher-output-weights"] != nil {
                throw error("setting.teacher-input-weights", "explicit teacher weights need teacher = \"explicit\"")
            }
            teacher = .orthonormal
        case "explicit":
            let (v, b) = try weights(t["teacher-input-weights"], t["teacher-output-weights"],
                                     "setting.teacher-input-weights", "setting.teacher-output-weights",
                                     known: parameters, definitions: definitions)
            teacher = .explicit(inputWeights: v, outputWeights: b)
        default:
            throw error("setting.teacher", "unknown teacher '\(teacherName)'; expected \"orthonormal\" or \"explicit\"")
        }
        if case .explicit(let rows, _) = teacher, t["dimension"] != nil {
            throw error("setting.dimension", "an explicit teacher's dimension is the length of its rows "
                        + "(d = \(rows.first?.count ?? 0)); remove dimension")
        }
        let dimension = try expression(t["dimension"], "setting.dimension", known: parameters,
                                       definitions: definitions, required: false)
        return Setting(activation: activation, erfBeta: beta, teacher: teacher, dimension: dimension)
    }

    func activationName(_ text: String, _ path: String) throws -> ActivationName {
        guard let name = ActivationName(rawValue: text) else {
            let names = ActivationName.allCases.map(\.rawValue)
            throw error(path, "unknown activation '\(text)'; expected one of: \(names.joined(separator: ", "))"
                        + NameSuggestion.phrase(for: text, among: names))
        }
        return name
    }

    /// `beta` of `erf(βz)`: a constant expression whose square is rational (the kernel
    /// uses `s = 2β²`, exactly; see `erfScale(beta:definitions:)`).
    func erfBeta(_ node: TOMLNode, _ path: String, definitions: Definitions) throws -> Expression {
        let beta = try expression(node, path, known: [], definitions: definitions)!
        guard TheoremFileParser.erfScale(beta: beta, definitions: definitions) != nil else {
            throw error(path, "beta must be a non-zero constant whose square is rational, such as \"2\", \"sqrt(3)\" "
                        + "or \"1/sqrt(2)\" (σ(z) = erf(βz); the kernel uses s = 2β² exactly)")
        }
        return beta
    }

    /// Explicit weights: an array of rows of expressions and an array of expressions.
    func weights(_ inputNode: TOMLNode?, _ outputNode: TOMLNode?, _ inputPath: String, _ outputPath: String,
                 known: Set<String>, definitions: Definitions) throws -> ([[Expression]], [Expression]) {
        guard let inputNode, case .array(let rows) = inputNode, !rows.isEmpty else {
            throw error(inputPath, "expected a non-empty array of rows, e.g. [[\"1\", \"0\"], [\"0\", \"1\"]]")
        }
        guard let outputNode, case .array(let outputs) = outputNode else {
            throw error(outputPath, "expected an array of outgoing weights, e.g. [\"1\", \"1\"]")
        }
        var matrix: [[Expression]] = []
        for (i, row) in rows.enumerated() {
            guard case .array(let entries) = row, !entries.isEmpty else {
                throw error(inputPath, "row \(i + 1) is not a non-empty array")
            }
            guard entries.count <= TheoremFileParser.maximumListLength else { throw error(inputPath, "row \(i + 1) is too long") }
            matrix.append(try entries.enumerated().map { j, entry in
                try expression(try expressionText(entry, "\(inputPath)[\(i + 1)][\(j + 1)]"),
                               "\(inputPath)[\(i + 1)][\(j + 1)]", known: known, definitions: definitions)
            })
            if matrix[i].count != matrix[0].count {
                throw error(inputPath, "row \(i + 1) has \(matrix[i].count) entries, row 1 has \(matrix[0].count)")
            }
        }
        let out = try outputs.enumerated().map { j, entry in
            try expression(try expressionText(entry, "\(outputPath)[\(j + 1)]"), "\(outputPath)[\(j + 1)]",
                           known: known, definitions: definitions)
        }
        guard out.count == matrix.count else {
            throw error(outputPath, "\(out.count) outgoing weights for \(matrix.count) neurons")
        }
        return (matrix, out)
    }

    // MARK: Families

    /// Keys every family may have.
    static let commonFamilyKeys = ["kind", "activation", "beta"]
    /// The keys of each kind of family, besides the common ones.
    static let familyKindKeys: [(kind: String, keys: [String])] = [
        ("copy-average", ["partitions", "groups", "incoming", "outgoing"]),
        ("one-neuron-average", ["incoming", "outgoing"]),
        ("explicit", ["input-weights", "output-weights"]),
        ("numerical", ["start", "students", "perturbation", "seed"]),
    ]

    func family(_ name: String, _ node: TOMLNode, parameters: Set<String>, definitions: Definitions) throws -> Family {
        let path = "family.\(name)"
        let t = try table(node, path)
        // Unknown keys first, then the family's own activation (a file may mix them).
        let kind = try string(t, "kind", path, required: false)
        let kindKeys = Self.familyKindKeys.first { $0.kind == kind }?.keys
        try checkKeys(t, allowed: Self.commonFamilyKeys + (kindKeys ?? Self.familyKindKeys.flatMap(\.keys)), path)
        var activation: ActivationName?
        var beta: Expression?
        if let a = try string(t, "activation", path, required: false) {
            activation = try activationName(a, "\(path).activation")
        }
        if let b = t["beta"] {
            guard activation == .erf else { throw error("\(path).beta", "beta needs activation = \"erf\" in this family") }
            beta = try erfBeta(b, "\(path).beta", definitions: definitions)
        }
        guard let kind else { throw error(path, "missing key 'kind'") }
        let familyKind: FamilyKind
        switch kind {
        case "copy-average":
            familyKind = try copyAverageFamily(t, path, parameters: parameters, definitions: definitions)
        case "one-neuron-average":
            guard parameters.contains("k") else {
                throw error("\(path).kind", "the one-neuron average needs the parameter k")
            }
            let incoming = try expression(t["incoming"], "\(path).incoming", known: parameters, definitions: definitions)!
            let outgoing = try expression(t["outgoing"], "\(path).outgoing", known: parameters, definitions: definitions)!
            familyKind = .oneNeuronAverage(incoming: incoming, outgoing: outgoing)
        case "explicit":
            let (w, a) = try weights(t["input-weights"], t["output-weights"], "\(path).input-weights",
                                     "\(path).output-weights", known: parameters, definitions: definitions)
            familyKind = .explicit(inputWeights: w, outputWeights: a)
        case "numerical":
            familyKind = try numericalFamily(t, path, parameters: parameters, definitions: definitions)
        default:
            let kinds = Self.familyKindKeys.map(\.kind)
            throw error("\(path).kind", "unknown family kind '\(kind)'; expected \(kinds.joined(separator: ", "))"
                        + NameSuggestion.phrase(for: kind, among: kinds))
        }
        return Family(name: name, kind: familyKind, keyPath: path, activation: activation, erfBeta: beta)
    }

    func copyAverageFamily(_ t: [String: TOMLNode], _ path: String, parameters: Set<String>,
                           definitions: Definitions) throws -> FamilyKind {
        guard parameters.contains("k") else {
            throw error("\(path).kind", "copy-average configurations need the parameter k")
        }
        let withL = parameters.union(["l"])
        let partitionsText = try string(t, "partitions", path, required: false) ?? "all"
        let partitions = try partitionSpecification(partitionsText, "\(path).partitions", known: parameters,
                                                    definitions: definitions)
        let groups: Expression
        if case .blocks = partitions {
            if t["groups"] != nil {
                throw error("\(path).groups", "groups is the number of blocks of partitions = \"all\"; the blocks of "
                            + "\"\(TheoremFileParser.excerpt(partitionsText))\" already fix it: remove groups")
            }
            groups = try ExpressionParser.parse("0")   // unused: explicit blocks fix the count
        } else if let node = t["groups"] {
            groups = try expression(node, "\(path).groups", known: parameters, definitions: definitions)!
        } else {
            guard parameters.contains("n") else {
                throw error(path, "partitions = \"all\" needs the number of groups: a parameter n or groups = \"...\"")
            }
            groups = try ExpressionParser.parse("n")
        }
        let incoming = try expression(t["incoming"], "\(path).incoming", known: withL, definitions: definitions)!
        let outgoing = try expression(t["outgoing"], "\(path).outgoing", known: withL, definitions: definitions)!
        return .copyAverage(partitions: partitions, groups: groups, incoming: incoming, outgoing: outgoing)
    }

    func numericalFamily(_ t: [String: TOMLNode], _ path: String, parameters: Set<String>,
                         definitions: Definitions) throws -> FamilyKind {
        let startText = try string(t, "start", path, required: false) ?? "copies"
        guard let start = NumericalStart(rawValue: startText) else {
            throw error("\(path).start", "unknown start '\(startText)'; expected \"copies\"")
        }
        guard parameters.contains("k") else {
            throw error("\(path).kind", "a numerical family starting from copies needs the parameter k")
        }
        let students = try expression(t["students"], "\(path).students", known: parameters, definitions: definitions)!
        guard t["perturbation"] != nil else { throw error(path, "missing key 'perturbation'") }
        let perturbationText = try toleranceString(t["perturbation"], "\(path).perturbation")
        guard let perturbation = Rational(exactly: perturbationText),
              perturbation.signum >= 0, perturbation < Rational(1) else {
            throw error("\(path).perturbation", "expected an exact number in [0, 1) such as \"1/100\"")
        }
        var seed = 1
        if let node = t["seed"] {
            guard case .integer(let value) = node, value >= 0 else {
                throw error("\(path).seed", "expected a non-negative integer")
            }
            seed = value
        }
        return .numerical(start: start, students: students, perturbation: perturbation, seed: seed)
    }

    /// `all`, `[3, 1, 1]` or `(k-n+1, 1^(n-1))`: a list of block sizes, where `s^m` means
    /// `m` blocks of size `s`.
    func partitionSpecification(_ text: String, _ path: String, known: Set<String>,
                                definitions: Definitions) throws -> PartitionSpecification {
        try checkExpressionLength(text, path)
        let trimmed = text.trimmedOfSpaces
        if trimmed == "all" { return .all }
        let characters = Array(text)
        guard let first = characters.firstIndex(where: { $0 != " " }),
              let last = characters.lastIndex(where: { $0 != " " }),
              (characters[first] == "(" && characters[last] == ")") || (characters[first] == "[" && characters[last] == "]") else {
            throw error(path, "expected \"all\", a list such as \"[3, 1, 1]\" or \"(k-n+1, 1^(n-1))\"", expressionColumn: 1)
        }
        // Split at top-level commas.
        var terms: [(size: Expression, count: Expression)] = []
        var depth = 0
        var start = first + 1
        for index in (first + 1)...last {
            let c = characters[index]
            if c == "(" || c == "[" { depth += 1 }
            if (c == ")" || c == "]") && index != last { depth -= 1 }
            if (c == "," && depth == 0) || index == last {
                let element = String(characters[start..<index])
                guard !element.trimmedOfSpaces.isEmpty else {
                    throw error(path, "empty block size in the partition", expressionColumn: start + 1)
                }
                let parsed = try expression(element, path, offset: start, known: known, definitions: definitions)
                if case .binary(.power, let size, let count) = parsed.node {
                    terms.append((size, count))
                } else {
                    terms.append((parsed, Expression(.number(Rational(1)), column: parsed.column)))
                }
                guard terms.count <= TheoremFileParser.maximumListLength else { throw error(path, "too many blocks") }
                start = index + 1
            }
        }
        return .blocks(terms)
    }

    // MARK: Reports

    /// The columns of LaTeX tables besides parameters.
    public static let latexColumns = ["partition", "loss", "max |grad|", "verdict", "precision", "seconds", "morse index",
                               "krawczyk radius", "value", "left", "right"]

    func latexRequest(_ node: TOMLNode, claims: [Claim], parameters: Set<String>) throws -> LatexRequest {
        let path = "report.latex"
        let t = try table(node, path)
        try checkKeys(t, allowed: ["claims", "columns", "digits"], path)
        func strings(_ key: String) throws -> [String]? {
            guard let node = t[key] else { return nil }
            guard case .array(let items) = node else { throw error("\(path).\(key)", "expected an array of strings") }
            return try items.map {
                guard case .string(let s) = $0 else { throw error("\(path).\(key)", "expected an array of strings") }
                return s
            }
        }
        let names = try strings("claims") ?? claims.map(\.name)
        for name in names where !claims.contains(where: { $0.name == name }) {
            throw error("\(path).claims", "no claim named '\(name)'")
        }
        let columns = try strings("columns") ?? ["partition", "loss", "max |grad|", "verdict"]
        for column in columns {
            let allParameters = parameters.union(claims.flatMap { $0.ranges.map(\.name) })
            guard allParameters.contains(column) || TheoremFileParser.latexColumns.contains(column) else {
                throw error("\(path).columns", "unknown column '\(column)'; expected a parameter or one of: "
                            + TheoremFileParser.latexColumns.joined(separator: ", "))
            }
        }
        var digits = 20
        if let node = t["digits"] {
            guard case .integer(let d) = node, (1...200).contains(d) else {
                throw error("\(path).digits", "expected an integer between 1 and 200")
            }
            digits = d
        }
        return LatexRequest(claims: names, columns: columns, digits: digits)
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs.
    var trimmedOfSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return String(s)
    }
}
