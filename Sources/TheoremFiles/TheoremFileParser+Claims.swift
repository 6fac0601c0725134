import CertifiedIntervals
import ClosedForms

/// `[[claim]]` tables: common keys, `for` ranges, and one reader per kind.
extension TheoremFileParser {
    /// `[[claim]]`: at least one, with distinct names.
    func claimsSection(_ node: TOMLNode?, _ names: Names, families: [Family], setting: Setting) throws -> [Claim] {
        var claims: [Claim] = []
        var claimNames = Set<String>()
        if let node {
            guard case .array(let items) = node else {
                throw error("claim", "expected an array of tables ([[claim]]), found \(node.typeName)")
            }
            for (index, item) in items.enumerated() {
                let claim = try self.claim(item, index: index + 1, names, families: families, setting: setting)
                guard claimNames.insert(claim.name).inserted else {
                    throw error("\(claim.keyPath).name", "a claim named '\(claim.name)' already exists")
                }
                claims.append(claim)
            }
        }
        if claims.isEmpty { throw error(nil, "the file has no [[claim]]: nothing to verify") }
        return claims
    }

    /// What a claim's reader needs from the rest of the file.
    struct ClaimContext {
        var path: String
        var table: [String: TOMLNode]
        var names: Names
        var families: [Family]
        var setting: Setting
        /// Parameters, then the claim's own ranges.
        var known: Set<String>
        var family: Family?
        var definitions: Definitions { names.definitions }
        /// `known`, with `groups` for a copy-average family.
        var familyKnown: Set<String> {
            if let family, case .copyAverage = family.kind { return known.union([BoundName.groups.rawValue]) }
            return known
        }
    }

    /// What a claim's kind says: its kind, and the activation of a kernel claim.
    struct ClaimKindReading {
        var kind: ClaimKind
        var activation: ActivationName? = nil
        var beta: Expression? = nil
    }

    func claim(_ node: TOMLNode, index: Int, _ names: Names, families: [Family], setting: Setting) throws -> Claim {
        let path = "claim[\(index)]"
        let t = try reader.table(node, path)
        // Unknown keys first: a misspelt key must be named, not reported as a missing one.
        let kindText = try reader.string(t, "kind", path, required: false)
        let kind = kindText.flatMap(ClaimKindName.init(rawValue:))
        try reader.checkKeys(t, allowed: ClaimKindName.commonKeys + (kind?.keys ?? ClaimKindName.allCases.flatMap(\.keys)),
                             path)
        let name = try claimName(t, path)
        let statement = try reader.string(t, "statement", path, required: false)
        guard let kindText else { throw reader.missing("kind", in: path) }
        let kindName: ClaimKindName = try reader.name(kindText, "\(path).kind", what: "claim kind")
        let ranges = try claimRanges(t["for"], path, names)
        var context = ClaimContext(path: path, table: t, names: names, families: families, setting: setting,
                                   known: names.parameters.union(ranges.map(\.name)))
        let reading = try claimKind(kindName, &context)
        try checkRangesAreUsed(ranges, by: reading, context)
        let (tolerance, toleranceText) = try claimTolerance(t["tolerance"], "\(path).tolerance")
        return Claim(name: name, statement: statement, kind: reading.kind, familyName: context.family?.name,
                     tolerance: tolerance, toleranceText: toleranceText, ranges: ranges, keyPath: path,
                     activation: reading.activation, erfBeta: reading.beta)
    }

    /// `name`: letters, digits, `-`, `_` and `.`.
    func claimName(_ t: [String: TOMLNode], _ path: String) throws -> String {
        let name = try reader.string(t, "name", path)!
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }) else {
            throw error("\(path).name", "a claim name uses letters, digits, '-', '_' and '.' only")
        }
        return name
    }

    /// `tolerance`: an exact non-negative number, `defaultTolerance` when absent.
    func claimTolerance(_ node: TOMLNode?, _ path: String) throws -> (Rational, String) {
        let text = try node.map { try reader.exactNumberText($0, path) } ?? TheoremFileParser.defaultTolerance
        guard let tolerance = Rational(exactly: text), tolerance.signum >= 0 else {
            throw error(path, "expected an exact non-negative number such as \"1e-60\" or \"1/1000\", found \"\(text)\"")
        }
        return (tolerance, text)
    }

    /// `for = { l = "2..1000", k = "7..7" }`, in the order written. A file parameter
    /// named here is restricted to this range for this claim (planning checks that the
    /// range stays within the file's); another name is a variable of the claim only.
    func claimRanges(_ node: TOMLNode?, _ path: String, _ names: Names) throws -> [ParameterRange] {
        guard let node else { return [] }
        guard case .table(let rangesTable) = node else {
            throw error("\(path).for", "expected an inline table of ranges such as { l = \"2..1000\" }")
        }
        let ordered = rangesTable.keys.sorted {
            (reader.valueColumn(of: "\(path).for.\($0)"), $0) < (reader.valueColumn(of: "\(path).for.\($1)"), $1)
        }
        var ranges: [ParameterRange] = []
        var known = names.parameters
        for variable in ordered {
            let rangePath = "\(path).for.\(variable)"
            try checkVariableName(variable, rangePath, claimVariable: true)
            guard case .string(let text) = rangesTable[variable]! else {
                throw error(rangePath, "expected a range in a string such as \"2..1000\", \"2..\" or \"[1, inf)\"")
            }
            ranges.append(try parameterRange(text, name: variable, path: rangePath, known: known,
                                             definitions: names.definitions))
            known.insert(variable)
        }
        return ranges
    }

    /// A `for` variable that is not a file parameter must be used by the claim (its
    /// expressions or the bounds of its other ranges): an unused one is most likely a
    /// misspelt parameter (`K` for `k`), which would otherwise restrict nothing.
    func checkRangesAreUsed(_ ranges: [ParameterRange], by reading: ClaimKindReading,
                            _ context: ClaimContext) throws {
        var expressions = reading.kind.expressions
        for range in ranges { expressions += range.boundExpressions }
        let used = expressions.reduce(into: Set<String>()) { $0.formUnion($1.freeVariables) }
        let parameters = context.names.parameters
        for range in ranges where !parameters.contains(range.name) && !used.contains(range.name) {
            let candidates = parameters.sorted() + ranges.map(\.name).filter { $0 != range.name }
            throw error(range.keyPath, "'\(range.name)' is not used by this claim and is not a parameter of the file, "
                        + "so its range would restrict nothing" + NameSuggestion.phrase(for: range.name, among: candidates))
        }
    }

    /// Reads the keys of `kind`, setting `context.family`.
    func claimKind(_ kind: ClaimKindName, _ context: inout ClaimContext) throws -> ClaimKindReading {
        switch kind {
        case .criticalPoint: return try criticalPointClaim(&context)
        case .loss: return try lossClaim(&context)
        case .minimumOverFamily: return try minimumOverFamilyClaim(&context)
        case .inequality, .equality: return try comparisonClaim(kind, &context)
        case .kernel: return try kernelClaim(context)
        case .hessian: return try hessianClaim(&context)
        }
    }

    /// `family = "NAME"`, required, naming a family of the file.
    func requireFamily(_ context: inout ClaimContext) throws {
        let name = try reader.string(context.table, "family", context.path)!
        guard let found = context.families.first(where: { $0.name == name }) else {
            let names = context.families.map(\.name)
            throw error("\(context.path).family", "no family named '\(name)'"
                        + (names.isEmpty ? " (the file defines none)" : "; defined: \(names.joined(separator: ", "))")
                        + NameSuggestion.phrase(for: name, among: names))
        }
        context.family = found
    }

    func criticalPointClaim(_ context: inout ClaimContext) throws -> ClaimKindReading {
        try requireFamily(&context)
        let proofText = try reader.string(context.table, "proof", context.path, required: false)
            ?? CriticalPointProof.enclosure.rawValue
        let proof: CriticalPointProof = try reader.name(proofText, "\(context.path).proof", what: "proof")
        return ClaimKindReading(kind: .criticalPoint(proof: proof))
    }

    func lossClaim(_ context: inout ClaimContext) throws -> ClaimKindReading {
        try requireFamily(&context)
        let equals = try expression(context.table, "equals", context.path, known: context.familyKnown,
                                    definitions: context.definitions)!
        return ClaimKindReading(kind: .loss(equals: equals))
    }

    func minimumOverFamilyClaim(_ context: inout ClaimContext) throws -> ClaimKindReading {
        try requireFamily(&context)
        let path = context.path
        guard let family = context.family, case .copyAverage = family.kind else {
            throw error("\(path).family", "minimum-over-family needs a copy-average family (its members are partitions)")
        }
        let argminText = try reader.string(context.table, "argmin", path)!
        let argmin = try partition(argminText, "\(path).argmin", allowingAll: true, known: context.known,
                                   definitions: context.definitions)
        if case .all = argmin { throw error("\(path).argmin", "argmin must name one partition, not \"all\"") }
        let value = try expression(context.table, "value", path, known: context.known,
                                   definitions: context.definitions, required: false)
        return ClaimKindReading(kind: .minimumOverFamily(argmin: argmin, value: value))
    }

    func comparisonClaim(_ kind: ClaimKindName, _ context: inout ClaimContext) throws -> ClaimKindReading {
        let path = context.path
        if context.table["family"] != nil { try requireFamily(&context) }
        let text = try reader.string(context.table, "holds", path)!
        let known = context.family == nil ? context.known : context.familyKnown.union([BoundName.loss.rawValue])
        let form = try comparison(text, "\(path).holds", known: known, definitions: context.definitions)
        if kind == .equality && form.relation != .equal {
            throw error("\(path).holds", "an equality claim needs '=' (use kind = \"inequality\" for \(form.relation.rawValue))",
                        expressionColumn: form.relationColumn)
        }
        if kind == .inequality && form.relation == .equal {
            throw error("\(path).holds", "an inequality claim needs <, <=, > or >= (use kind = \"equality\" for =)",
                        expressionColumn: form.relationColumn)
        }
        return ClaimKindReading(kind: .comparison(left: form.left, relation: form.relation, right: form.right))
    }

    /// A kernel claim's activation: its own, else the setting's. A `beta` alone means
    /// `erf(βz)` and needs an erf setting (it is never ignored).
    func kernelClaim(_ context: ClaimContext) throws -> ClaimKindReading {
        let path = context.path, t = context.table
        var reading = ClaimKindReading(kind: .kernel(points: []))
        if let a = try reader.string(t, "activation", path, required: false) {
            reading.activation = try activationName(a, "\(path).activation")
        }
        if let node = t["beta"] {
            guard (reading.activation ?? context.setting.activation) == .erf else {
                throw error("\(path).beta", "beta only applies to the erf activation: set activation = \"erf\" in this claim")
            }
            reading.activation = .erf
            reading.beta = try erfBeta(node, "\(path).beta", definitions: context.definitions)
        }
        reading.kind = .kernel(points: try kernelPoints(t["points"], "\(path).points", context))
        return reading
    }

    /// `points = [["q1", "q2", "q12"], ...]`.
    func kernelPoints(_ node: TOMLNode?, _ path: String, _ context: ClaimContext) throws -> [[Expression]] {
        guard let node, case .array(let items) = node, !items.isEmpty else {
            throw error(path, "expected a non-empty array of points [\"q1\", \"q2\", \"q12\"]")
        }
        guard items.count <= TOMLReader.maximumListLength else { throw error(path, "too many points") }
        return try items.enumerated().map { i, item in
            guard case .array(let coordinates) = item, coordinates.count == 3 else {
                throw error(path, "point \(i + 1) must be an array of three expressions [q1, q2, q12]")
            }
            let pointPath = "\(path)[\(i + 1)]"
            return try coordinates.map {
                try expression(try reader.expressionText($0, pointPath), pointPath, known: context.known,
                               definitions: context.definitions)
            }
        }
    }

    func hessianClaim(_ context: inout ClaimContext) throws -> ClaimKindReading {
        try requireFamily(&context)
        let path = context.path, t = context.table
        let typeText = try reader.string(t, "type", path, required: false)
        let type: HessianTypeName? = try typeText.map { try reader.name($0, "\(path).type", what: "type") }
        let kind: ClaimKind
        let reportsIndex = type == nil && (try? reader.string(t, "morse-index", path, required: false)) == "report"
        switch (type, t["morse-index"]) {
        case (nil, .some) where reportsIndex:
            kind = .hessian(.reportIndex)
        case (.localMinimum, nil): kind = .hessian(.localMinimum)
        case (.saddle, nil): kind = .hessian(.saddle)
        case (.localMinimumModuloSymmetry, nil):
            kind = .hessian(.localMinimumModuloSymmetry(nullity: try nullity(context)))
        case (.globalMinimum, nil):
            kind = .hessian(.globalMinimum(nullity: try nullity(context)))
        case (nil, .some), (.morseIndex, .some):
            let index = try expression(t, "morse-index", path, known: context.familyKnown,
                                       definitions: context.definitions)!
            try requireCount(index, "\(path).morse-index", context.definitions, what: "the Morse index")
            let table = try morseIndexTable(t["morse-index-by-partition"], "\(path).morse-index-by-partition")
            kind = .hessian(.morseIndex(index, byPartition: table))
        default:
            throw error("\(path).type", "expected type = \"local-minimum\", \"saddle\", \"local-minimum-modulo-symmetry\" "
                        + "or \"global-minimum\", or morse-index = \"N\" (or \"report\"); not both type and morse-index")
        }
        switch kind {
        case .hessian(.localMinimumModuloSymmetry), .hessian(.globalMinimum): break
        default:
            if t["nullity"] != nil {
                throw error("\(path).nullity", "nullity (the dimension of the Hessian's kernel) needs "
                            + "type = \"local-minimum-modulo-symmetry\" or \"global-minimum\"")
            }
        }
        if case .hessian(.morseIndex) = kind {} else if t["morse-index-by-partition"] != nil {
            throw error("\(path).morse-index-by-partition", "needs morse-index = \"N\" (the index of the other partitions)")
        }
        return ClaimKindReading(kind: kind)
    }

    /// `nullity = "N"`: an expression in the family's parameters (its value must be an exact
    /// integer ≥ 0 at each instance; decided then).
    func nullity(_ context: ClaimContext) throws -> Expression? {
        guard context.table["nullity"] != nil else { return nil }
        let nullity = try expression(context.table, "nullity", context.path, known: context.familyKnown,
                                     definitions: context.definitions)
        try requireCount(nullity, "\(context.path).nullity", context.definitions,
                         what: "the nullity (the dimension of the Hessian's kernel)")
        return nullity
    }

    /// A Morse index or a nullity that is a constant must be a non-negative integer: said
    /// here, as a file error, rather than at every instance. One that depends on the
    /// parameters (or is not a rational constant, e.g. `sqrt(16)`) is decided per instance.
    func requireCount(_ count: Expression?, _ path: String, _ definitions: Definitions, what: String) throws {
        guard let count, count.freeVariables.isEmpty,
              let value = (try? count.exactValue(in: Environment(definitions: definitions))) ?? nil else { return }
        guard let integer = value.intValue, integer >= 0 else {
            throw error(path, "expected \(what) as a non-negative integer, got \(value)")
        }
    }

    /// `{ "2,2" = 2, "3,3" = 4 }`: Morse indices of particular partitions (keys are
    /// block sizes, integers separated by commas; a multiset).
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
}

extension ClaimKind {
    /// The claim's own expressions (not its family's).
    var expressions: [Expression] {
        switch self {
        case .criticalPoint: return []
        case .loss(let equals): return [equals]
        case .minimumOverFamily(let argmin, let value):
            var result = value.map { [$0] } ?? []
            if case .blocks(let terms) = argmin { result += terms.flatMap { [$0.size, $0.count] } }
            return result
        case .comparison(let left, _, let right): return [left, right]
        case .kernel(let points): return points.flatMap { $0 }
        case .hessian(.morseIndex(let index, _)): return [index]
        case .hessian: return []
        }
    }
}
