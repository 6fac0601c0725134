import Foundation

/// The weights of one two-layer network as a file gives them: `incoming[i]` is `w_i`
/// (all of length `d ≥ 1`), `outgoing[i]` is `a_i`, `n ≥ 1` neurons.
public struct NetworkWeights: Equatable {
    public let incoming: [[WeightNumber]]
    public let outgoing: [WeightNumber]
    public var width: Int { outgoing.count }
    public var inputDimension: Int { incoming.first?.count ?? 0 }

    public init(incoming: [[WeightNumber]], outgoing: [WeightNumber]) {
        precondition(incoming.count == outgoing.count && !incoming.isEmpty, "one outgoing weight per neuron, n ≥ 1")
        self.incoming = incoming
        self.outgoing = outgoing
    }
}

/// What a weights file holds: the student, and the teacher when the file names one.
public struct WeightsFileContents: Equatable {
    public let student: NetworkWeights
    public let teacher: NetworkWeights?
}

/// Reads weights files. The format is chosen by the extension:
///
/// | extension | content |
/// | --- | --- |
/// | `.npy` | one float64/float32 matrix `n × (d+1)`: row `i` is `w_i` then `a_i` |
/// | `.npz` | arrays `W` (`n × d`) and `a` (`n`), optionally `V` (`k × d`) and `b` (`k`) for the teacher |
/// | `.json` | `{"W": [[…]], "a": […]}` (optionally `"V"`, `"b"`), or one list of rows `[w_i…, a_i]` |
/// | `.csv` | one line per neuron: `w_i1, …, w_id, a_i` |
///
/// `a` (and `b`) may have shape `(n,)`, `(n, 1)` or `(1, n)` (PyTorch stores an output
/// layer as `1 × n`). A file holding other arrays than these is refused (a name accepted
/// then ignored would hide a typo). Errors are `WeightsFileError`s naming the file.
public enum WeightsFile {

    /// The largest weights file read (256 MiB); text formats (JSON, CSV), which take
    /// several bytes of memory per character while parsed, at most 32 MiB.
    public static let maximumFileSize = 1 << 28
    public static let maximumTextFileSize = 1 << 25

    /// Reads the file at `path` (see the type's table).
    public static func read(path: String) throws -> WeightsFileContents {
        let bytes = try load(path)
        return try contents(bytes: bytes, path: path)
    }

    /// Reads a teacher file: the pair `V`, `b` when present, else the file's network as
    /// for a student.
    public static func readTeacher(path: String) throws -> NetworkWeights {
        let bytes = try load(path)
        let lowered = path.lowercased()
        var arrays: [String: WeightArray]?
        if lowered.hasSuffix(".npz") { arrays = try NumpyArchive.parse(bytes, name: path) }
        if lowered.hasSuffix(".json") {
            guard let text = String(bytes: bytes, encoding: .utf8) else { throw WeightsFileError(file: path, "is not UTF-8 text") }
            let parsed = try TextWeights.parseJSON(text, name: path)
            if parsed[""] == nil { arrays = parsed }
        }
        if let arrays, arrays["W"] == nil, arrays["a"] == nil {
            if let unknown = arrays.keys.sorted().first(where: { $0 != "V" && $0 != "b" }) {
                throw WeightsFileError(file: path, "unknown array '\(unknown)'; expected V (k × d) and b (k) for the teacher")
            }
            guard let v = arrays["V"], let b = arrays["b"] else {
                throw WeightsFileError(file: path, "expected arrays V (k × d) and b (k) for the teacher")
            }
            return try pair(v, b, names: ("V", "b"), file: path)
        }
        let contents = try contents(bytes: bytes, path: path)
        return contents.teacher ?? contents.student
    }

    static func load(_ path: String) throws -> [UInt8] {
        guard FileManager.default.fileExists(atPath: path) else { throw WeightsFileError(file: path, "no such file") }
        if let attributes = try? FileManager.default.attributesOfItem(atPath: path),
           let size = attributes[.size] as? Int, size > maximumFileSize {
            throw WeightsFileError(file: path, "the file has \(size) bytes, more than the limit of \(maximumFileSize)")
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw WeightsFileError(file: path, "cannot be read") }
        return [UInt8](data)
    }

    /// Interprets `bytes` as the file `path` (the extension chooses the format).
    public static func contents(bytes: [UInt8], path: String) throws -> WeightsFileContents {
        let lowered = path.lowercased()
        func text() throws -> String {
            guard bytes.count <= maximumTextFileSize else {
                throw WeightsFileError(file: path, "the text file has \(bytes.count) bytes, more than the limit of \(maximumTextFileSize) for JSON and CSV; save large students with np.save")
            }
            guard let string = String(bytes: bytes, encoding: .utf8) else { throw WeightsFileError(file: path, "is not UTF-8 text") }
            return string
        }
        if lowered.hasSuffix(".npy") {
            return WeightsFileContents(student: try combined(try NumpyArrayFile.parse(bytes, name: path), name: path), teacher: nil)
        } else if lowered.hasSuffix(".npz") {
            return try named(try NumpyArchive.parse(bytes, name: path), name: path)
        } else if lowered.hasSuffix(".json") {
            let arrays = try TextWeights.parseJSON(try text(), name: path)
            if let only = arrays[""], arrays.count == 1 {
                return WeightsFileContents(student: try combined(only, name: path), teacher: nil)
            }
            return try named(arrays, name: path)
        } else if lowered.hasSuffix(".csv") {
            return WeightsFileContents(student: try combined(try TextWeights.parseCSV(try text(), name: path), name: path), teacher: nil)
        }
        throw WeightsFileError(file: path, "unknown weights format; expected a file ending in .npy, .npz, .json or .csv")
    }

    /// A matrix `n × (d+1)`, row `i` = (`w_i`, `a_i`).
    static func combined(_ array: WeightArray, name: String) throws -> NetworkWeights {
        guard array.shape.count == 2, array.shape[1] >= 2 else {
            throw WeightsFileError(file: name, "the array has shape \(array.shapeDescription); expected a matrix n × (d+1) whose row i is w_i followed by a_i (d ≥ 1)")
        }
        let columns = array.shape[1]
        let rows = (0..<array.shape[0]).map { Array(array.values[($0 * columns)..<(($0 + 1) * columns)]) }
        return NetworkWeights(incoming: rows.map { Array($0.dropLast()) }, outgoing: rows.map { $0[columns - 1] })
    }

    /// The arrays `W`, `a` and optionally `V`, `b`.
    static func named(_ arrays: [String: WeightArray], name: String) throws -> WeightsFileContents {
        let known: Set<String> = ["W", "a", "V", "b"]
        if let unknown = arrays.keys.sorted().first(where: { !known.contains($0) }) {
            throw WeightsFileError(file: name, "unknown array '\(unknown)'; expected W (n × d) and a (n), optionally V (k × d) and b (k) for the teacher")
        }
        guard let w = arrays["W"], let a = arrays["a"] else {
            throw WeightsFileError(file: name, "expected arrays W (n × d) and a (n); found \(arrays.keys.sorted().joined(separator: ", "))")
        }
        let student = try pair(w, a, names: ("W", "a"), file: name)
        var teacher: NetworkWeights?
        switch (arrays["V"], arrays["b"]) {
        case (nil, nil): teacher = nil
        case (let v?, let b?):
            teacher = try pair(v, b, names: ("V", "b"), file: name)
            guard teacher!.inputDimension == student.inputDimension else {
                throw WeightsFileError(file: name, "V has \(teacher!.inputDimension) columns and W has \(student.inputDimension); expected the same input dimension d")
            }
        default:
            throw WeightsFileError(file: name, "the teacher needs both V (k × d) and b (k)")
        }
        return WeightsFileContents(student: student, teacher: teacher)
    }

    static func pair(_ w: WeightArray, _ a: WeightArray, names: (String, String), file: String) throws -> NetworkWeights {
        guard w.shape.count == 2 else {
            throw WeightsFileError(file: file, "\(names.0) has shape \(w.shapeDescription); expected a matrix (neurons × input dimension)")
        }
        let n = w.shape[0], d = w.shape[1]
        let vectorShapes = [[n], [n, 1], [1, n]]
        guard vectorShapes.contains(a.shape) else {
            throw WeightsFileError(file: file, "\(names.1) has shape \(a.shapeDescription) but \(names.0) has shape \(w.shapeDescription); expected \(names.1) of shape (\(n),) — one outgoing weight per row of \(names.0)")
        }
        return NetworkWeights(incoming: (0..<n).map { Array(w.values[($0 * d)..<(($0 + 1) * d)]) }, outgoing: a.values)
    }
}
