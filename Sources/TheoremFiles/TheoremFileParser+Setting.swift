import CertifiedIntervals
import ClosedForms

/// `[setting]`: the activation, the teacher and the dimension; and what families and
/// claims share with it (activations, `beta`, explicit weights).
extension TheoremFileParser {
    static let settingKeys = ["activation", "beta", "teacher", "teacher-input-weights", "teacher-output-weights",
                              "dimension"]

    func settingSection(_ node: TOMLNode?, _ names: Names) throws -> Setting {
        let t = try reader.table(node, "setting")
        try reader.checkKeys(t, allowed: Self.settingKeys, "setting")
        let activation = try activationName(try reader.string(t, "activation", "setting")!, "setting.activation")
        var beta: Expression?
        if let node = t["beta"] {
            guard activation == .erf else { throw error("setting.beta", "beta only applies to the erf activation") }
            beta = try erfBeta(node, "setting.beta", definitions: names.definitions)
        }
        let teacher = try teacherSpecification(t, names)
        if case .explicit(let rows, _) = teacher, t["dimension"] != nil {
            throw error("setting.dimension", "an explicit teacher's dimension is the length of its rows "
                        + "(d = \(rows.first?.count ?? 0)); remove dimension")
        }
        let dimension = try expression(t, "dimension", "setting", known: names.parameters,
                                       definitions: names.definitions, required: false)
        return Setting(activation: activation, erfBeta: beta, teacher: teacher, dimension: dimension)
    }

    /// `teacher = "orthonormal"` (the default) or `"explicit"` with its weights.
    func teacherSpecification(_ t: [String: TOMLNode], _ names: Names) throws -> TeacherSpecification {
        let text = try reader.string(t, "teacher", "setting", required: false) ?? TeacherName.orthonormal.rawValue
        switch try reader.name(text, "setting.teacher", what: "teacher") as TeacherName {
        case .orthonormal:
            if t["teacher-input-weights"] != nil || t["teacher-output-weights"] != nil {
                throw error("setting.teacher-input-weights", "explicit teacher weights need teacher = \"explicit\"")
            }
            return .orthonormal
        case .explicit:
            let (v, b) = try weights(t, input: "teacher-input-weights", output: "teacher-output-weights", "setting",
                                     known: names.parameters, definitions: names.definitions)
            return .explicit(inputWeights: v, outputWeights: b)
        }
    }

    func activationName(_ text: String, _ path: String) throws -> ActivationName {
        try reader.name(text, path, what: "activation")
    }

    /// `beta` of `erf(βz)`: a constant expression whose square is rational (the kernel
    /// uses `s = 2β²`, exactly; see `erfScale(beta:definitions:)`).
    func erfBeta(_ node: TOMLNode, _ path: String, definitions: Definitions) throws -> Expression {
        let beta = try expression(try reader.expressionText(node, path), path, known: [], definitions: definitions)
        guard TheoremFileParser.erfScale(beta: beta, definitions: definitions) != nil else {
            throw error(path, "beta must be a non-zero constant whose square is rational, such as \"2\", \"sqrt(3)\" "
                        + "or \"1/sqrt(2)\" (σ(z) = erf(βz); the kernel uses s = 2β² exactly)")
        }
        return beta
    }

    /// Explicit weights at `keyPath.input` (an array of rows of expressions, all as
    /// long) and `keyPath.output` (one expression per row).
    func weights(_ t: [String: TOMLNode], input: String, output: String, _ keyPath: String, known: Set<String>,
                 definitions: Definitions) throws -> ([[Expression]], [Expression]) {
        let inputPath = "\(keyPath).\(input)", outputPath = "\(keyPath).\(output)"
        guard let inputNode = t[input], case .array(let rows) = inputNode, !rows.isEmpty else {
            throw error(inputPath, "expected a non-empty array of rows, e.g. [[\"1\", \"0\"], [\"0\", \"1\"]]")
        }
        guard let outputNode = t[output], case .array(let outputs) = outputNode else {
            throw error(outputPath, "expected an array of outgoing weights, e.g. [\"1\", \"1\"]")
        }
        var matrix: [[Expression]] = []
        for (i, row) in rows.enumerated() {
            guard case .array(let entries) = row, !entries.isEmpty else {
                throw error(inputPath, "row \(i + 1) is not a non-empty array")
            }
            guard entries.count <= TOMLReader.maximumListLength else { throw error(inputPath, "row \(i + 1) is too long") }
            matrix.append(try expressions(entries, "\(inputPath)[\(i + 1)]", known: known, definitions: definitions))
            if matrix[i].count != matrix[0].count {
                throw error(inputPath, "row \(i + 1) has \(matrix[i].count) entries, row 1 has \(matrix[0].count)")
            }
        }
        let out = try expressions(outputs, outputPath, known: known, definitions: definitions)
        guard out.count == matrix.count else {
            throw error(outputPath, "\(out.count) outgoing weights for \(matrix.count) neurons")
        }
        return (matrix, out)
    }

    /// The elements of an array of expressions, the `j`-th at `path[j]`.
    func expressions(_ items: [TOMLNode], _ path: String, known: Set<String>,
                     definitions: Definitions) throws -> [Expression] {
        try items.enumerated().map { j, item in
            let itemPath = "\(path)[\(j + 1)]"
            return try expression(try reader.expressionText(item, itemPath), itemPath, known: known,
                                  definitions: definitions)
        }
    }
}
