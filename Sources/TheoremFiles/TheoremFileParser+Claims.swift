import CertifiedIntervals
import ClosedForms

/// `[[claim]]` tables: common keys, `for` ranges, and one reader per kind.
extension TheoremFileParser {
    /// Keys every claim may have.
    static let commonClaimKeys = ["name", "statement", "kind", "tolerance", "for"]
    /// The keys of each kind of claim, besides the common ones.
    static let claimKindKeys: [(kind: String, keys: [String])] = [
        ("critical-point", ["family", "proof"]),
        ("loss", ["family", "equals"]),
        ("minimum-over-family", ["family", "argmin", "value"]),
        ("inequality", ["family", "holds"]),
        ("equality", ["family", "holds"]),
        ("kernel", ["activation", "beta", "points"]),
        ("hessian", ["family", "type", "morse-index", "morse-index-by-partition"]),
    ]

    /// What a claim's reader needs from the rest of the file.
    struct ClaimContext {
        var path: String
        var table: [String: TOMLNode]
        var parameters: Set<String>
        var definitions: Definitions
        var families: [Family]
        var setting: Setting
        /// Parameters, then the claim's own ranges.
        var known: Set<String>
        var family: Family?
        /// `known`, with `groups` for a copy-average family.
        var familyKnown: Set<String> {
            if let family, case .copyAverage = family.kind { return known.union(["groups"]) }
            return known
        }
    }

    /// What a claim's kind says: its kind, and the activation of a kernel claim.
    struct ClaimKindReading {
        var kind: ClaimKind
        var activation: ActivationName? = nil
        var beta: Expression? = nil
    }

    func claim(_ node: TOMLNode, index: Int, parameters: Set<String>, definitions: Definitions,
               families: [Family], setting: Setting) throws -> Claim {
        let path = "claim[\(index)]"
        let t = try table(node, path)
        // Unknown keys first: a misspelt key must be named, not reported as a missing one.
        let kindText = try string(t, "kind", path, required: false)
        let kindKeys = Self.claimKindKeys.first { $0.kind == kindText }?.keys
        try checkKeys(t, allowed: Self.commonClaimKeys + (kindKeys ?? Self.claimKindKeys.flatMap(\.keys)), path)
        let name = try string(t, "name", path)!
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }) else {
            throw error("\(path).name", "a claim name uses letters, digits, '-', '_' and '.' only")
        }
        let statement = try string(t, "statement", path, required: false)
        guard let kindText else { throw error(path, "missing key 'kind'") }
        guard kindKeys != nil else {
            throw error("\(path).kind", "unknown claim kind '\(kindText)'; expected one of: "
                        + Self.claimKindKeys.map(\.kind).joined(separator: ", ")
                        + NameSuggestion.phrase(for: kindText, among: Self.claimKindKeys.map(\.kind)))
        }
        let ranges = try claimRanges(t["for"], path, parameters: parameters, definitions: definitions)
        var context = ClaimContext(path: path, table: t, parameters: parameters, definitions: definitions,
                                   families: families, setting: setting,
                                   known: parameters.union(ranges.map(\.name)))
        let reading = try claimKind(kindText, &context)
        try checkRangesAreUsed(ranges, by: reading, context)
        let toleranceText = try toleranceString(t["tolerance"], "\(path).tolerance")
        guard let tolerance = Rational(exactly: toleranceText), tolerance.signum >= 0 else {
            throw error("\(path).tolerance", "expected an exact non-negative number such as \"1e-60\" or \"1/1000\", found \"\(toleranceText)\"")
        }
        return Claim(name: name, statement: statement, kind: reading.kind, familyName: context.family?.name,
                     tolerance: tolerance, toleranceText: toleranceText, ranges: ranges, keyPath: path,
                     activation: reading.activation, erfBeta: reading.beta)
    }

    /// `for = { l = "2..1000", k = "7..7" }`, in the order written. A file parameter
    /// named here is restricted to this range for this claim (planning checks that the
    /// range stays within the file's); another name is a variable of the claim only.
    func claimRanges(_ node: TOMLNode?, _ path: String, parameters: Set<String>,
                     definitions: Definitions) throws -> [ParameterRange] {
        guard let node else { return [] }
        guard case .table(let rangesTable) = node else {
            throw error("\(path).for", "expected an inline table of ranges such as { l = \"2..1000\" }")
        }
        let ordered = rangesTable.keys.sorted {
            (locator.location(of: "\(path).for.\($0)")?.valueColumn ?? 0, $0)
                < (locator.location(of: "\(path).for.\($1)")?.valueColumn ?? 0, $1)
        }
        var ranges: [ParameterRange] = []
        var known = parameters
        for variable in ordered {
            let rangePath = "\(path).for.\(variable)"
            guard ExpressionParser.isPlainIdentifier(variable), !["groups", "loss", "pi", "e"].contains(variable) else {
                throw error(rangePath, "'\(variable)' cannot be a parameter name (reserved or not an identifier)")
            }
            guard case .string(let text) = rangesTable[variable]! else {
                throw error(rangePath, "expected a range in a string such as \"2..1000\"")
            }
            ranges.append(try parameterRange(text, name: variable, path: rangePath, known: known,
                                             definitions: definitions))
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
        for range in ranges { expressions += [range.lower, range.upper] }
        let used = expressions.reduce(into: Set<String>()) { $0.formUnion($1.freeVariables) }
        for range in ranges where !context.parameters.contains(range.name) && !used.contains(range.name) {
            let candidates = context.parameters.sorted() + ranges.map(\.name).filter { $0 != range.name }
            throw error(range.keyPath, "'\(range.name)' is not used by this claim and is not a parameter of the file, "
                        + "so its range would restrict nothing" + NameSuggestion.phrase(for: range.name, among: candidates))
        }
    }

    /// Reads the keys of `kindText` (a known kind), setting `context.family`.
    func claimKind(_ kindText: String, _ context: inout ClaimContext) throws -> ClaimKindReading {
        switch kindText {
        case "critical-point":
            try requireFamily(&context)
            let proofText = try string(context.table, "proof", context.path, required: false) ?? "enclosure"
            guard let proof = CriticalPointProof(rawValue: proofText) else {
                throw error("\(context.path).proof", "unknown proof '\(proofText)'; expected \"enclosure\" or \"krawczyk\"")
            }
            return ClaimKindReading(kind: .criticalPoint(proof: proof))
        case "loss":
            try requireFamily(&context)
            let equals = try expression(context.table["equals"], "\(context.path).equals", known: context.familyKnown,
                                        definitions: context.definitions)!
            return ClaimKindReading(kind: .loss(equals: equals))
        case "minimum-over-family": return try minimumOverFamilyClaim(&context)
        case "inequality", "equality": return try comparisonClaim(kindText, &context)
        case "kernel": return try kernelClaim(context)
        default: return try hessianClaim(&context)
        }
    }

    /// `family = "NAME"`, required, naming a family of the file.
    func requireFamily(_ context: inout ClaimContext) throws {
        let name = try string(context.table, "family", context.path)!
        guard let found = context.families.first(where: { $0.name == name }) else {
            let names = context.families.map(\.name)
            throw error("\(context.path).family", "no family named '\(name)'"
                        + (names.isEmpty ? " (the file defines none)" : "; defined: \(names.joined(separator: ", "))")
                        + NameSuggestion.phrase(for: name, among: names))
        }
        context.family = found
    }

    func minimumOverFamilyClaim(_ context: inout ClaimContext) throws -> ClaimKindReading {
        try requireFamily(&context)
        let path = context.path
        guard let family = context.family, case .copyAverage = family.kind else {
            throw error("\(path).family", "minimum-over-family needs a copy-average family (its members are partitions)")
        }
        let argminText = try string(context.table, "argmin", path)!
        let argmin = try partitionSpecification(argminText, "\(path).argmin", known: context.known,
                                                definitions: context.definitions)
        if case .all = argmin { throw error("\(path).argmin", "argmin must name one partition, not \"all\"") }
        let value = try expression(context.table["value"], "\(path).value", known: context.known,
                                   definitions: context.definitions, required: false)
        return ClaimKindReading(kind: .minimumOverFamily(argmin: argmin, value: value))
    }

    func comparisonClaim(_ kindText: String, _ context: inout ClaimContext) throws -> ClaimKindReading {
        let path = context.path
        if context.table["family"] != nil { try requireFamily(&context) }
        let text = try string(context.table, "holds", path)!
        let comparisonKnown = context.family == nil ? context.known : context.familyKnown.union(["loss"])
        let (left, relation, right) = try comparison(text, "\(path).holds", known: comparisonKnown,
                                                     definitions: context.definitions)
        if kindText == "equality" && relation != .equal {
            throw error("\(path).holds", "an equality claim needs '=' (use kind = \"inequality\" for \(relation.rawValue))")
        }
        if kindText == "inequality" && relation == .equal {
            throw error("\(path).holds", "an inequality claim needs <, <=, > or >= (use kind = \"equality\" for =)")
        }
        return ClaimKindReading(kind: .comparison(left: left, relation: relation, right: right))
    }

    /// A kernel claim's activation: its own, else the setting's. A `beta` alone means
    /// `erf(βz)` and needs an erf setting (it is never ignored).
    func kernelClaim(_ context: ClaimContext) throws -> ClaimKindReading {
        let path = context.path, t = context.table
        var reading = ClaimKindReading(kind: .kernel(points: []))
        if let a = try string(t, "activation", path, required: false) {
            reading.activation = try activationName(a, "\(path).activation")
        }
        if let node = t["beta"] {
            guard (reading.activation ?? context.setting.activation) == .erf else {
                throw error("\(path).beta", "beta only applies to the erf activation: set activation = \"erf\" in this claim")
            }
            reading.activation = .erf
            reading.beta = try erfBeta(node, "\(path).beta", definitions: context.definitions)
        }
        guard let pointsNode = t["points"], case .array(let items) = pointsNode, !items.isEmpty else {
            throw error("\(path).points", "expected a non-empty array of points [\"q1\", \"q2\", \"q12\"]")
        }
        guard items.count <= TheoremFileParser.maximumListLength else { throw error("\(path).points", "too many points") }
        var points: [[Expression]] = []
        for (i, item) in items.enumerated() {
            let pointPath = "\(path).points[\(i + 1)]"
            guard case .array(let coordinates) = item, coordinates.count == 3 else {
                throw error("\(path).points", "point \(i + 1) must be an array of three expressions [q1, q2, q12]")
            }
            points.append(try coordinates.map {
                try expression(try expressionText($0, pointPath), pointPath, known: context.known,
                               definitions: context.definitions)
            })
        }
        reading.kind = .kernel(points: points)
        return reading
    }

    func hessianClaim(_ context: inout ClaimContext) throws -> ClaimKindReading {
        try requireFamily(&context)
        let path = context.path, t = context.table
        let type = try string(t, "type", path, required: false)
        let kind: ClaimKind
        switch (type, t["morse-index"]) {
        case ("local-minimum", nil): kind = .hessian(.localMinimum)
        case ("saddle", nil): kind = .hessian(.saddle)
        case (nil, let node?), ("morse-index", let node?):
            let index = try expression(node, "\(path).morse-index", known: context.familyKnown,
                                       definitions: context.definitions)!
            let table = try morseIndexTable(t["morse-index-by-partition"], "\(path).morse-index-by-partition")
            kind = .hessian(.morseIndex(index, byPartition: table))
        default:
            throw error("\(path).type", "expected type = \"local-minimum\" or \"saddle\", or morse-index = \"N\"")
        }
        if case .hessian(.morseIndex) = kind {} else if t["morse-index-by-partition"] != nil {
            throw error("\(path).morse-index-by-partition", "needs morse-index = \"N\" (the index of the other partitions)")
        }
        return ClaimKindReading(kind: kind)
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

    /// Splits `left REL right` at its one top-level comparison operator.
    func comparison(_ text: String, _ path: String, known: Set<String>,
                    definitions: Definitions) throws -> (Expression, Relation, Expression) {
        try checkExpressionLength(text, path)
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
