import TOMLKit

/// A TOML document as plain Swift values, so that the rest of the module does not
/// depend on the TOML library's types. Table keys keep no order (TOML tables are
/// unordered); `SourceLocator` knows where each key was written.
indirect enum TOMLNode {
    case string(String)
    case integer(Int)
    case float(Double)
    case boolean(Bool)
    case table([String: TOMLNode])
    case array([TOMLNode])
    /// Dates and times: valid TOML, never meaningful in a theorem file.
    case other(String)

    var typeName: String {
        switch self {
        case .string: return "a string"
        case .integer: return "an integer"
        case .float: return "a floating-point number"
        case .boolean: return "a boolean"
        case .table: return "a table"
        case .array: return "an array"
        case .other(let name): return "a \(name)"
        }
    }

    /// Parses `text`; throws `TheoremFileError` with line and column on a syntax error,
    /// a NUL byte or keys nested deeper than `TOMLPrescan.maximumKeyDepth` (checked
    /// before the TOML library sees the text: it would stop at the NUL, or overflow
    /// the stack). The tree is then at most that deep in keys and 256 in arrays and
    /// inline tables, so the recursive conversion below is safe.
    static func parse(_ text: String, file: String) throws -> [String: TOMLNode] {
        if let problem = TOMLPrescan.problem(in: text) {
            throw TheoremFileError(file: file, line: problem.line, column: problem.column, message: problem.message)
        }
        do {
            let table = try TOMLTable(string: text)
            return convert(table)
        } catch let error as TOMLParseError {
            throw TheoremFileError(file: file, line: error.source.begin.line, column: error.source.begin.column,
                                   message: "TOML syntax error: \(error.description)")
        }
    }

    private static func convert(_ table: TOMLTable) -> [String: TOMLNode] {
        var result: [String: TOMLNode] = [:]
        for (key, value) in table { result[key] = convert(value) }
        return result
    }

    private static func convert(_ value: TOMLValueConvertible) -> TOMLNode {
        switch value.type {
        case .string: return .string(value.string ?? "")
        case .int: return .integer(value.int ?? 0)
        case .double: return .float(value.double ?? .nan)
        case .bool: return .boolean(value.bool ?? false)
        case .table: return .table(value.table.map(convert) ?? [:])
        case .array: return .array(value.array.map { $0.map(convert) } ?? [])
        default: return .other(value.type.description)
        }
    }
}
