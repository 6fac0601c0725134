import CertifiedIntervals
import ClosedForms

/// `[parameters]` (ranges ordered by dependency) and `[definitions]`.
extension TheoremFileParser {
    /// The `[parameters]` table, empty when absent.
    func parametersTable(_ node: TOMLNode?) throws -> [String: TOMLNode] {
        guard let node else { return [:] }
        guard case .table(let t) = node else {
            throw error("parameters", "expected a table of ranges such as k = \"2..12\"")
        }
        return t
    }

    /// Refuses a parameter or `for` variable that is not a plain identifier, is a
    /// reserved word, or is bound by the checker (all `BoundName`s for parameters,
    /// those bound in claims for a claim's own variables).
    func checkVariableName(_ name: String, _ path: String, claimVariable: Bool) throws {
        let what = claimVariable ? "a claim variable" : "a parameter"
        guard ExpressionParser.isPlainIdentifier(name) else {
            let reason = ExpressionParser.reservedWords.contains(name) ? "it is a reserved word" : "it is not an identifier"
            throw error(path, "'\(name)' cannot be \(what) name: \(reason)")
        }
        if let bound = BoundName(rawValue: name), !claimVariable || bound.isBoundInClaims {
            throw error(path, "'\(name)' cannot be \(what) name: it is reserved for \(bound.meaning)")
        }
    }

    /// Ranges ordered so that each refers only to earlier ones (file order where free).
    func parameterRanges(_ t: [String: TOMLNode], definitions: Definitions) throws -> [ParameterRange] {
        var ranges: [ParameterRange] = []
        let names = t.keys.sorted { (reader.line(of: "parameters.\($0)"), $0) < (reader.line(of: "parameters.\($1)"), $1) }
        for name in names {
            let path = "parameters.\(name)"
            try checkVariableName(name, path, claimVariable: false)
            guard case .string(let text) = t[name]! else {
                throw error(path, "expected a range in a string such as \"1..k-1\", \"2..\" or \"[0, pi]\", found \(t[name]!.typeName)")
            }
            ranges.append(try parameterRange(text, name: name, path: path, known: Set(t.keys), definitions: definitions))
        }
        return try orderedByDependency(ranges)
    }

    /// `ranges` reordered so that each uses only earlier ones; self-references and
    /// cycles are errors.
    func orderedByDependency(_ ranges: [ParameterRange]) throws -> [ParameterRange] {
        var pending = ranges, ordered: [ParameterRange] = [], known = Set<String>()
        for range in ranges where range.uses.contains(range.name) {
            throw error(range.keyPath, "the range of '\(range.name)' refers to '\(range.name)' itself")
        }
        while !pending.isEmpty {
            guard let index = pending.firstIndex(where: { $0.uses.isSubset(of: known) }) else {
                let names = pending.map(\.name).joined(separator: ", ")
                throw error("parameters", "the ranges of \(names) depend on each other in a cycle")
            }
            known.insert(pending[index].name)
            ordered.append(pending.remove(at: index))
        }
        return ordered
    }

    /// `[definitions]`: signatures first (bodies may call definitions written later,
    /// and constants are recognised by their empty parameter list), then each body is
    /// parsed and checked against the signatures, then all bodies again against one
    /// another (recursion).
    func definitionsSection(_ node: TOMLNode?, parameterNames: Set<String>) throws -> Definitions {
        guard let node else { return Definitions() }
        let table = try reader.table(node, "definitions")
        var written: [(path: String, signature: Signature, text: String)] = []
        var signatures = Definitions()
        for key in table.keys.sorted() {
            let path = "definitions.\(key)"
            let signature = try definitionSignature(key, path, parameterNames: parameterNames)
            written.append((path, signature, try reader.expressionText(table[key]!, path)))
            try add(Definition(name: signature.name, parameters: signature.parameters,
                               body: Expression(.number(Rational(0)), column: 1)), to: &signatures, path)
        }
        var complete = Definitions()
        for (path, signature, text) in written {
            let body = try expression(text, path, known: parameterNames.union(signature.parameters),
                                      definitions: signatures)
            try add(Definition(name: signature.name, parameters: signature.parameters, body: body), to: &complete, path)
        }
        for (path, signature, text) in written {
            _ = try expression(text, path, known: parameterNames.union(signature.parameters), definitions: complete)
        }
        return complete
    }

    func add(_ definition: Definition, to definitions: inout Definitions, _ path: String) throws {
        do {
            try definitions.add(definition)
        } catch let e as DefinitionError {
            throw error(path, e.message)
        }
    }

    /// `"c(l)"` → `c`, [`l`]; `"K"` → `K`, [].
    func definitionSignature(_ key: String, _ path: String, parameterNames: Set<String>) throws -> Signature {
        let signature: Signature
        do {
            signature = try ExpressionParser.parseSignature(key)
        } catch let e as ExpressionSyntaxError {
            throw error(path, "a definition is named like Lstar, Lstar(l) or f(x, y), not '\(key)': \(e.message) "
                        + "(column \(e.column) of the name)")
        }
        if parameterNames.contains(signature.name) {
            throw error(path, "'\(signature.name)' is both a parameter and a definition; rename one")
        }
        return signature
    }
}

extension ParameterRange {
    /// The variables its bounds use.
    var uses: Set<String> { boundExpressions.reduce(into: Set<String>()) { $0.formUnion($1.freeVariables) } }
}
