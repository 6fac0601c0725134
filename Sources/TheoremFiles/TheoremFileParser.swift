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

    func checkKeys(_ t: [String: TOMLNode], allowed: [String], _ keyPath: String) throws {
        for key in t.keys.sorted() where !allowed.contains(key) {
            throw error(keyPath.isEmpty ? key : "\(keyPath).\(key)",
                        "unknown key '\(key)'; expected one of: \(allowed.joined(separator: ", "))")
        }
    }

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
        let parsed: Expression
        do {
            parsed = try ExpressionParser.parse(text)
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
        var definitions = Definitions()
        // Definitions: names first (bodies may call definitions written later).
        var bodies: [(key: String, parameters: [String], text: String)] = []
        if let node = root["definitions"] {
            let defs = try table(node, "definitions")
            for key in defs.keys.sorted() {
                let path = "definitions.\(key)"
                let (name, parameters) = try definitionSignature(key, path)
                let text = try expressionText(defs[key]!, path)
                bodies.append((key, parameters, text))
                do {
                    try definitions.add(Definition(name: name, parameters: parameters,
                                                   body: Expression(.number(Rational(0)), column: 1)))
                } catch let e as DefinitionError {
                    throw error(path, e.message)
                }
            }
            var complete = Definitions()
            for (key, parameters, text) in bodies {
                let path = "definitions.\(key)"
                let (name, _) = try definitionSignature(key, path)
                let body = try expression(text, path, known: parameterNames.union(parameters), definitions: definitions)
                try complete.add(Definition(name: name, parameters: parameters, body: body))
            }
            // Validate again with the real bodies (recursion, arity inside bodies).
            for (key, parameters, text) in bodies {
                _ = try expression(text, "definitions.\(key)", known: parameterNames.union(parameters), definitions: complete)
            }
            definitions = complete
        }
        let parameters = try parameterRanges(parameterTable ?? [:], definitions: definitions)
        let setting = try settingSection(root["setting"], parameters: parameterNames, definitions: definitions)

        var families: [Family] = []
        if let node = root["family"] {
            let all = try table(node, "family")
            for name in all.keys.sorted() {
                families.append(try family(name, all[name]!, parameters: parameterNames, definitions: definitions))
            }
        }

        var claims: [Claim] = []
        if let node = root["claim"] {
            guard case .array(let items) = node else {
                throw error("claim", "expected an array of tables ([[claim]]), found \(node.typeName)")
            }
            for (index, item) in items.enumerated() {
                let claim = try self.claim(item, index: index + 1, parameters: parameterNames, definitions: definitions,
                                           families: families, setting: setting)
                if claims.contains(where: { $0.name == claim.name }) {
                    throw error("\(claim.keyPath).name", "a claim named '\(claim.name)' already exists")
                }
                claims.append(claim)
            }
        }
        if claims.isEmpty { throw error(nil, "the file has no [[claim]]: nothing to verify") }

        var latex: LatexRequest?
        if let node = root["report"] {
            let report = try table(node, "report")
            try checkKeys(report, allowed: ["latex"], "report")
            if let latexNode = report["latex"] {
                latex = try latexRequest(latexNode, claims: claims, parameters: parameterNames)
            }
        }
        var start: Int?, maximum: Int?
        if let node = root["verify"] {
            let v = try table(node, "verify")
            try checkKeys(v, allowed: ["precision", "max-precision"], "verify")
            start = try precisionValue(v["precision"], "verify.precision")
            maximum = try precisionValue(v["max-precision"], "verify.max-precision")
        }
        return TheoremFile(path: file, text: "", title: title, source: source, setting: setting, parameters: parameters,
                           definitions: definitions, families: families, claims: claims, latex: latex,
                           startPrecision: start, maximumPrecision: maximum)
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
            beta = try expression(node, "setting.beta", known: [], definitions: definitions)
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
        let dimension = try expression(t["dimension"], "setting.dimension", known: parameters,
                                       definitions: definitions, required: false)
        return Setting(activation: activation, erfBeta: beta, teacher: teacher, dimension: dimension)
    }

    func activationName(_ text: String, _ path: String) throws -> ActivationName {
        guard let name = ActivationName(rawValue: text) else {
            throw error(path, "unknown activation '\(text)'; expected one of: erf, relu, quadratic, linear")
        }
        return name
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

    func family(_ name: String, _ node: TOMLNode, parameters: Set<String>, definitions: Definitions) throws -> Family {
        let path = "family.\(name)"
        var t = try table(node, path)
        // Keys every family may have: its own activation.
        var activation: ActivationName?
        var beta: Expression?
        if let a = try string(t, "activation", path, required: false) {
            activation = try activationName(a, "\(path).activation")
        }
        if let b = t["beta"] {
            guard activation == .erf else { throw error("\(path).beta", "beta needs activation = \"erf\" in this family") }
            beta = try expression(b, "\(path).beta", known: [], definitions: definitions)
        }
        t["activation"] = nil
        t["beta"] = nil
        var family = try familyKind(name, t, path: path, parameters: parameters, definitions: definitions)
        family.activation = activation
        family.erfBeta = beta
        return family
    }

    func familyKind(_ name: String, _ t: [String: TOMLNode], path: String, parameters: Set<String>,
                    definitions: Definitions) throws -> Family {
        let kind = try string(t, "kind", path)!
        switch kind {
        case "copy-average":
            try checkKeys(t, allowed: ["kind", "activation", "beta", "partitions", "groups", "incoming", "outgoing"], path)
            guard parameters.contains("k") else {
                throw error("\(path).kind", "copy-average configurations need the parameter k")
            }
            let withL = parameters.union(["l"])
            let partitionsText = try string(t, "partitions", path, required: false) ?? "all"
            let partitions = try partitionSpecification(partitionsText, "\(path).partitions", known: parameters,
                                                        definitions: definitions)
            let groups: Expression
            if let node = t["groups"] {
                groups = try expression(node, "\(path).groups", known: parameters, definitions: definitions)!
            } else if case .all = partitions {
                guard parameters.contains("n") else {
                    throw error(path, "partitions = \"all\" needs the number of groups: a parameter n or groups = \"...\"")
                }
                groups = try ExpressionParser.parse("n")
            } else {
                groups = try ExpressionParser.parse("0")   // unused: explicit blocks fix the count
            }
            let incoming = try expression(t["incoming"], "\(path).incoming", known: withL, definitions: definitions)!
            let outgoing = try expression(t["outgoing"], "\(path).outgoing", known: withL, definitions: definitions)!
            return Family(name: name, kind: .copyAverage(partitions: partitions, groups: groups, incoming: incoming,
                                                          outgoing: outgoing), keyPath: path)
        case "one-neuron-average":
            try checkKeys(t, allowed: ["kind", "activation", "beta", "incoming", "outgoing"], path)
            guard parameters.contains("k") else {
                throw error("\(path).kind", "the one-neuron average needs the parameter k")
            }
            let incoming = try expression(t["incoming"], "\(path).incoming", known: parameters, definitions: definitions)!
            let outgoing = try expression(t["outgoing"], "\(path).outgoing", known: parameters, definitions: definitions)!
            return Family(name: name, kind: .oneNeuronAverage(incoming: incoming, outgoing: outgoing), keyPath: path)
        case "explicit":
            try checkKeys(t, allowed: ["kind", "activation", "beta", "input-weights", "output-weights"], path)
            let (w, a) = try weights(t["input-weights"], t["output-weights"], "\(path).input-weights",
                                     "\(path).output-weights", known: parameters, definitions: definitions)
            return Family(name: name, kind: .explicit(inputWeights: w, outputWeights: a), keyPath: path)
        case "numerical":
            try checkKeys(t, allowed: ["kind", "activation", "beta", "start", "students", "perturbation", "seed"], path)
            let startText = try string(t, "start", path, required: false) ?? "copies"
            guard let start = NumericalStart(rawValue: startText) else {
                throw error("\(path).start", "unknown start '\(startText)'; expected \"copies\"")
            }
            guard parameters.contains("k") else {
                throw error("\(path).kind", "a numerical family starting from copies needs the parameter k")
            }
            let students = try expression(t["students"], "\(path).students", known: parameters, definitions: definitions)!
            let perturbationText = try toleranceString(t["perturbation"], "\(path).perturbation")
            guard t["perturbation"] != nil, let perturbation = Rational(exactly: perturbationText),
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
            return Family(name: name, kind: .numerical(start: start, students: students, perturbation: perturbation,
                                                       seed: seed), keyPath: path)
        default:
            throw error("\(path).kind", "unknown family kind '\(kind)'; expected copy-average, one-neuron-average, explicit or numerical")
        }
    }

    /// `all`, `[3, 1, 1]` or `(k-n+1, 1^(n-1))`: a list of block sizes, where `s^m` means
    /// `m` blocks of size `s`.
    func partitionSpecification(_ text: String, _ path: String, known: Set<String>,
                                definitions: Definitions) throws -> PartitionSpecification {
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

    // MARK: Claims

    func claim(_ node: TOMLNode, index: Int, parameters: Set<String>, definitions: Definitions,
               families: [Family], setting: Setting) throws -> Claim {
        let path = "claim[\(index)]"
        let t = try table(node, path)
        let name = try string(t, "name", path)!
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }) else {
            throw error("\(path).name", "a claim name uses letters, digits, '-', '_' and '.' only")
        }
        let statement = try string(t, "statement", path, required: false)
        let kindText = try string(t, "kind", path)!
        var allowed = ["name", "statement", "kind", "tolerance", "for"]

        // Extra ranges.
        var ranges: [ParameterRange] = []
        var known = parameters
        if let forNode = t["for"] {
            guard case .table(let rangesTable) = forNode else {
                throw error("\(path).for", "expected an inline table of ranges such as { l = \"2..1000\" }")
            }
            let ordered = rangesTable.keys.sorted {
                (locator.location(of: "\(path).for.\($0)")?.valueColumn ?? 0, $0)
                    < (locator.location(of: "\(path).for.\($1)")?.valueColumn ?? 0, $1)
            }
            for variable in ordered {
                let rangePath = "\(path).for.\(variable)"
                guard ExpressionParser.isPlainIdentifier(variable), !["groups", "loss", "pi", "e"].contains(variable) else {
                    throw error(rangePath, "'\(variable)' cannot be a parameter name (reserved or not an identifier)")
                }
                // A file parameter named here is restricted to this range for this claim.
                guard case .string(let text) = rangesTable[variable]! else {
                    throw error(rangePath, "expected a range in a string such as \"2..1000\"")
                }
                ranges.append(try parameterRange(text, name: variable, path: rangePath, known: known,
                                                 definitions: definitions))
                known.insert(variable)
            }
        }
        var familyName: String?
        var family: Family?
        func requireFamily() throws {
            allowed.append("family")
            guard let f = try string(t, "family", path) else { return }
            guard let found = families.first(where: { $0.name == f }) else {
                let names = families.map(\.name).joined(separator: ", ")
                throw error("\(path).family", "no family named '\(f)'" + (names.isEmpty ? " (the file defines none)" : "; defined: \(names)"))
            }
            familyName = f
            family = found
        }
        var familyKnown: Set<String> {
            if let family, case .copyAverage = family.kind { return known.union(["groups"]) }
            return known
        }

        let kind: ClaimKind
        var activation: ActivationName?
        var beta: Expression?
        switch kindText {
        case "critical-point":
            try requireFamily()
            allowed.append("proof")
            let proofText = try string(t, "proof", path, required: false) ?? "enclosure"
            guard let proof = CriticalPointProof(rawValue: proofText) else {
                throw error("\(path).proof", "unknown proof '\(proofText)'; expected \"enclosure\" or \"krawczyk\"")
            }
            kind = .criticalPoint(proof: proof)
        case "loss":
            try requireFamily()
            allowed.append("equals")
            kind = .loss(equals: try expression(t["equals"], "\(path).equals", known: familyKnown, definitions: definitions)!)
        case "minimum-over-family":
            try requireFamily()
            allowed += ["argmin", "value"]
            guard let family, case .copyAverage = family.kind else {
                throw error("\(path).family", "minimum-over-family needs a copy-average family (its members are partitions)")
            }
            let argminText = try string(t, "argmin", path)!
            let argmin = try partitionSpecification(argminText, "\(path).argmin", known: known, definitions: definitions)
            if case .all = argmin { throw error("\(path).argmin", "argmin must name one partition, not \"all\"") }
            let value = try expression(t["value"], "\(path).value", known: known, definitions: definitions, required: false)
            kind = .minimumOverFamily(argmin: argmin, value: value)
        case "inequality", "equality":
            allowed.append("holds")
            if t["family"] != nil { try requireFamily() }
            let text = try string(t, "holds", path)!
            let comparisonKnown = family == nil ? known : familyKnown.union(["loss"])
            let (left, relation, right) = try comparison(text, "\(path).holds", known: comparisonKnown,
                                                         definitions: definitions)
            if kindText == "equality" && relation != .equal {
                throw error("\(path).holds", "an equality claim needs '=' (use kind = \"inequality\" for \(relation.rawValue))")
            }
            if kindText == "inequality" && relation == .equal {
                throw error("\(path).holds", "an inequality claim needs <, <=, > or >= (use kind = \"equality\" for =)")
            }
            kind = .comparison(left: left, relation: relation, right: right)
        case "kernel":
            allowed += ["activation", "beta", "points"]
            if let a = try string(t, "activation", path, required: false) {
                activation = try activationName(a, "\(path).activation")
            }
            if let node = t["beta"] {
                guard (activation ?? setting.activation) == .erf else {
                    throw error("\(path).beta", "beta only applies to the erf activation")
                }
                beta = try expression(node, "\(path).beta", known: [], definitions: definitions)
            }
            guard let pointsNode = t["points"], case .array(let items) = pointsNode, !items.isEmpty else {
                throw error("\(path).points", "expected a non-empty array of points [\"q1\", \"q2\", \"q12\"]")
            }
            var points: [[Expression]] = []
            for (i, item) in items.enumerated() {
                let pointPath = "\(path).points[\(i + 1)]"
                guard case .array(let coordinates) = item, coordinates.count == 3 else {
                    throw error("\(path).points", "point \(i + 1) must be an array of three expressions [q1, q2, q12]")
                }
                points.append(try coordinates.map {
                    try expression(try expressionText($0, pointPath), pointPath, known: known, definitions: definitions)
                })
            }
            kind = .kernel(points: points)
        case "hessian":
            try requireFamily()
            allowed += ["type", "morse-index", "morse-index-by-partition"]
            let type = try string(t, "type", path, required: false)
            switch (type, t["morse-index"]) {
            case ("local-minimum", nil): kind = .hessian(.localMinimum)
            case ("saddle", nil): kind = .hessian(.saddle)
            case (nil, let node?), ("morse-index", let node?):
                let index = try expression(node, "\(path).morse-index", known: familyKnown, definitions: definitions)!
                let table = try morseIndexTable(t["morse-index-by-partition"], "\(path).morse-index-by-partition")
                kind = .hessian(.morseIndex(index, byPartition: table))
            default:
                throw error("\(path).type", "expected type = \"local-minimum\" or \"saddle\", or morse-index = \"N\"")
            }
            if case .hessian(.morseIndex) = kind {} else if t["morse-index-by-partition"] != nil {
                throw error("\(path).morse-index-by-partition", "needs morse-index = \"N\" (the index of the other partitions)")
            }
        default:
            throw error("\(path).kind", "unknown claim kind '\(kindText)'; expected one of: critical-point, loss, "
                        + "minimum-over-family, inequality, equality, kernel, hessian")
        }
        try checkKeys(t, allowed: allowed, path)

        let toleranceText = try toleranceString(t["tolerance"], "\(path).tolerance")
        guard let tolerance = Rational(exactly: toleranceText), tolerance.signum >= 0 else {
            throw error("\(path).tolerance", "expected an exact non-negative number such as \"1e-60\" or \"1/1000\", found \"\(toleranceText)\"")
        }
        return Claim(name: name, statement: statement, kind: kind, familyName: familyName, tolerance: tolerance,
                     toleranceText: toleranceText, ranges: ranges, keyPath: path, activation: activation, erfBeta: beta)
    }

    /// `{ "2,2" = 2, "3,3" = 4 }`: Morse indices of particular partitions.
    func morseIndexTable(_ node: TOMLNode?, _ path: String) throws -> [(partition: [Int], index: Int)] {
        guard let node else { return [] }
        guard case .table(let entries) = node else {
            throw error(path, "expected an inline table such as { \"2,2\" = 2, \"3,2,1\" = 1 }")
        }
        var table: [(partition: [Int], index: Int)] = []
        for key in entries.keys.sorted() {
            let sizes = key.split(separator: ",").map { Int($0.trimmedOfSpaces) }
            guard !sizes.isEmpty, sizes.allSatisfy({ ($0 ?? 0) >= 1 }) else {
                throw error(path, "'\(key)' is not a partition written as block sizes separated by commas, e.g. \"3,2,1\"")
            }
            guard case .integer(let index) = entries[key]!, index >= 0 else {
                throw error(path, "the Morse index of (\(key)) must be a non-negative integer")
            }
            let partition = sizes.map { $0! }.sorted(by: >)
            if let earlier = table.first(where: { $0.partition == partition }) {
                throw error(path, "the partition (\(partition.map(String.init).joined(separator: ", "))) is listed twice "
                            + "(Morse indices \(earlier.index) and \(index)); block sizes are a multiset, so '\(key)' repeats it")
            }
            table.append((partition, index))
        }
        return table
    }

    func toleranceString(_ node: TOMLNode?, _ path: String) throws -> String {
        guard let node else { return TheoremFileParser.defaultTolerance }
        switch node {
        case .string(let s): return s.trimmedOfSpaces
        case .integer(let i): return String(i)
        case .float(let x):
            throw error(path, "write the tolerance as an exact string, e.g. tolerance = \"\(x)\" (a TOML float is not exact)")
        default: throw error(path, "expected a tolerance string such as \"1e-60\", found \(node.typeName)")
        }
    }

    /// Splits `left REL right` at its one top-level comparison operator.
    func comparison(_ text: String, _ path: String, known: Set<String>,
                    definitions: Definitions) throws -> (Expression, Relation, Expression) {
        let characters = Array(text)
        var depth = 0
        var found: (index: Int, length: Int, relation: Relation)?
        var i = 0
        while i < characters.count {
            let c = characters[i]
            if c == "(" { depth += 1 } else if c == ")" { depth -= 1 }
            if depth == 0 && (c == "<" || c == ">" || c == "=") {
                let next: Character? = i + 1 < characters.count ? characters[i + 1] : nil
                var relation: Relation
                var length = 1
                switch (c, next) {
                case ("<", "="): relation = .lessOrEqual; length = 2
                case (">", "="): relation = .greaterOrEqual; length = 2
                case ("=", "="): relation = .equal; length = 2
                case ("<", _): relation = .less
                case (">", _): relation = .greater
                default: relation = .equal
                }
                if found != nil {
                    throw error(path, "more than one comparison in \"\(text)\"; write a single A < B", expressionColumn: i + 1)
                }
                found = (i, length, relation)
                i += length
                continue
            }
            i += 1
        }
        guard let found else {
            throw error(path, "expected a comparison such as \"A < B\", \"A >= B\" or \"A = B\" in \"\(text)\"", expressionColumn: 1)
        }
        let leftText = String(characters[..<found.index])
        let rightStart = found.index + found.length
        let rightText = String(characters[rightStart...])
        guard !leftText.trimmedOfSpaces.isEmpty else {
            throw error(path, "nothing before '\(found.relation.rawValue)'", expressionColumn: found.index + 1)
        }
        guard !rightText.trimmedOfSpaces.isEmpty else {
            throw error(path, "nothing after '\(found.relation.rawValue)'", expressionColumn: rightStart + 1)
        }
        let left = try expression(leftText, path, known: known, definitions: definitions)
        let right = try expression(rightText, path, offset: rightStart, known: known, definitions: definitions)
        return (left, found.relation, right)
    }

    // MARK: Reports

    static let latexColumns = ["partition", "loss", "max |grad|", "verdict", "precision", "seconds", "morse index",
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
