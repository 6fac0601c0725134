import CertifiedIntervals
import ClosedForms
import WeightsFiles

/// `[family.NAME]`: one reader per kind of family.
extension TheoremFileParser {
    /// The families, by name.
    func familiesSection(_ node: TOMLNode?, _ names: Names) throws -> [Family] {
        guard let node else { return [] }
        let all = try reader.table(node, "family")
        return try all.keys.sorted().map { try family($0, all[$0]!, names) }
    }

    func family(_ name: String, _ node: TOMLNode, _ names: Names) throws -> Family {
        let path = "family.\(name)"
        let t = try reader.table(node, path)
        // Unknown keys first, then the family's own activation (a file may mix them).
        let kindText = try reader.string(t, "kind", path, required: false)
        let kind = kindText.flatMap(FamilyKindName.init(rawValue:))
        try reader.checkKeys(t, allowed: FamilyKindName.commonKeys
                             + (kind?.keys ?? FamilyKindName.allCases.flatMap(\.keys)), path)
        var activation: ActivationName?, beta: Expression?
        if let a = try reader.string(t, "activation", path, required: false) {
            activation = try activationName(a, "\(path).activation")
        }
        if let b = t["beta"] {
            guard activation == .erf else { throw error("\(path).beta", "beta needs activation = \"erf\" in this family") }
            beta = try erfBeta(b, "\(path).beta", definitions: names.definitions)
        }
        guard let kindText else { throw reader.missing("kind", in: path) }
        let reading = FamilyReading(path: path, table: t, names: names)
        let familyKind: FamilyKind
        switch try reader.name(kindText, "\(path).kind", what: "family kind") as FamilyKindName {
        case .copyAverage: familyKind = try copyAverageFamily(reading)
        case .oneNeuronAverage: familyKind = try oneNeuronAverageFamily(reading)
        case .explicit: familyKind = try explicitFamily(reading)
        case .numerical: familyKind = try numericalFamily(reading)
        }
        return Family(name: name, kind: familyKind, keyPath: path, activation: activation, erfBeta: beta)
    }

    /// What a family's reader reads.
    struct FamilyReading {
        var path: String
        var table: [String: TOMLNode]
        var names: Names
        var parameters: Set<String> { names.parameters }
        var definitions: Definitions { names.definitions }
    }

    /// A family whose kind needs the parameter `k` (the teacher's neurons).
    func requireK(_ family: FamilyReading, _ message: String) throws {
        guard family.parameters.contains("k") else { throw error("\(family.path).kind", message) }
    }

    func copyAverageFamily(_ f: FamilyReading) throws -> FamilyKind {
        try requireK(f, "copy-average configurations need the parameter k")
        let partitionsText = try reader.string(f.table, "partitions", f.path, required: false) ?? "all"
        let partitions = try partition(partitionsText, "\(f.path).partitions", allowingAll: true, known: f.parameters,
                                       definitions: f.definitions)
        let groups = try copyAverageGroups(f, partitions: partitions, partitionsText: partitionsText)
        let withGroupSize = f.parameters.union([BoundName.groupSize.rawValue])
        let incoming = try expression(f.table, "incoming", f.path, known: withGroupSize, definitions: f.definitions)!
        let outgoing = try expression(f.table, "outgoing", f.path, known: withGroupSize, definitions: f.definitions)!
        return .copyAverage(partitions: partitions, groups: groups, incoming: incoming, outgoing: outgoing)
    }

    /// The number of blocks of `partitions = "all"`: `groups`, else the parameter `n`.
    /// Explicit blocks fix it themselves, so `groups` with them is an error.
    func copyAverageGroups(_ f: FamilyReading, partitions: PartitionSpecification,
                           partitionsText: String) throws -> Expression {
        if case .blocks = partitions {
            if f.table["groups"] != nil {
                throw error("\(f.path).groups", "groups is the number of blocks of partitions = \"all\"; the blocks of "
                            + "\"\(TOMLReader.excerpt(partitionsText))\" already fix it: remove groups")
            }
            return Expression(.number(Rational(0)), column: 1)   // unused: explicit blocks fix the count
        }
        if let groups = try expression(f.table, "groups", f.path, known: f.parameters, definitions: f.definitions,
                                       required: false) {
            return groups
        }
        guard f.parameters.contains("n") else {
            throw error(f.path, "partitions = \"all\" needs the number of groups: a parameter n or groups = \"...\"")
        }
        return Expression(.variable("n"), column: 1)
    }

    func oneNeuronAverageFamily(_ f: FamilyReading) throws -> FamilyKind {
        try requireK(f, "the one-neuron average needs the parameter k")
        let incoming = try expression(f.table, "incoming", f.path, known: f.parameters, definitions: f.definitions)!
        let outgoing = try expression(f.table, "outgoing", f.path, known: f.parameters, definitions: f.definitions)!
        return .oneNeuronAverage(incoming: incoming, outgoing: outgoing)
    }

    func explicitFamily(_ f: FamilyReading) throws -> FamilyKind {
        let (w, a) = try weights(f.table, input: "input-weights", output: "output-weights", f.path,
                                 known: f.parameters, definitions: f.definitions)
        return .explicit(inputWeights: w, outputWeights: a)
    }

    func numericalFamily(_ f: FamilyReading) throws -> FamilyKind {
        let startText = try reader.string(f.table, "start", f.path, required: false) ?? "copies"
        if startText != "copies" { return try numericalFamilyFromPoint(f, startText) }
        for key in ["input-weights", "output-weights"] where f.table[key] != nil {
            throw error("\(f.path).\(key)", "\(key) is for start = \"explicit\"; this family starts from copies")
        }
        let start = NumericalStart.copies
        try requireK(f, "a numerical family starting from copies needs the parameter k")
        let students = try expression(f.table, "students", f.path, known: f.parameters, definitions: f.definitions)!
        guard let perturbationNode = f.table["perturbation"] else { throw reader.missing("perturbation", in: f.path) }
        let perturbationText = try reader.exactNumberText(perturbationNode, "\(f.path).perturbation")
        guard let perturbation = Rational(exactly: perturbationText),
              perturbation.signum >= 0, perturbation < Rational(1) else {
            throw error("\(f.path).perturbation", "expected an exact number in [0, 1) such as \"1/100\"")
        }
        let seed = try reader.integer(f.table["seed"], "\(f.path).seed", in: 0...Int.max,
                                      "expected a non-negative integer") ?? 1
        return .numerical(start: start, students: students, perturbation: perturbation, seed: seed)
    }

    /// `start = "explicit"` (with `input-weights`, `output-weights`: exact numbers or
    /// expressions) or `start = "PATH"` (a weights file, relative to the theorem file):
    /// the point is refined by damped Newton only (no descent, no perturbation).
    func numericalFamilyFromPoint(_ f: FamilyReading, _ startText: String) throws -> FamilyKind {
        for key in ["students", "perturbation", "seed"] where f.table[key] != nil {
            throw error("\(f.path).\(key)", "\(key) is for start = \"copies\"; a family starting from given weights has their number of students")
        }
        let startPath = "\(f.path).start"
        let rows: [[Expression]], outputs: [Expression], source: String
        if startText == "explicit" {
            (rows, outputs) = try weights(f.table, input: "input-weights", output: "output-weights", f.path,
                                          known: f.parameters, definitions: f.definitions)
            source = "explicit"
        } else {
            for key in ["input-weights", "output-weights"] where f.table[key] != nil {
                throw error("\(f.path).\(key)", "\(key) is for start = \"explicit\"; this family starts from the file \(startText)")
            }
            let lowered = startText.lowercased()
            guard [".npy", ".npz", ".json", ".csv"].contains(where: { lowered.hasSuffix($0) }) else {
                throw error(startPath, "expected \"copies\", \"explicit\" or the path of a weights file (.npy, .npz, .json, .csv), found \"\(startText)\"")
            }
            let directory = reader.file.lastIndex(of: "/").map { String(reader.file[...$0]) } ?? ""
            let resolved = startText.hasPrefix("/") ? startText : directory + startText
            let contents: WeightsFileContents
            do { contents = try WeightsFile.read(path: resolved) } catch let failure as WeightsFileError {
                throw error(startPath, "invalid weights file: \(failure)")
            }
            guard contents.teacher == nil else {
                throw error(startPath, "the weights file \(startText) also holds a teacher (V, b); the teacher of a theorem file is its [setting]")
            }
            func literal(_ number: WeightNumber) throws -> Expression {
                let rational: Rational?
                switch number {
                case .binary(let x): rational = Rational(exactly: x)
                case .decimal(let text): rational = Rational(exactly: text)
                }
                guard let rational else { throw error(startPath, "the number \(number) cannot be read exactly") }
                return try ExpressionParser.parse(rational.description)
            }
            rows = try contents.student.incoming.map { try $0.map(literal) }
            outputs = try contents.student.outgoing.map(literal)
            source = startText
        }
        let count = try ExpressionParser.parse("\(rows.count)")
        return .numerical(start: .point(inputWeights: rows, outputWeights: outputs, source: source), students: count,
                          perturbation: Rational(0), seed: 1)
    }
}
