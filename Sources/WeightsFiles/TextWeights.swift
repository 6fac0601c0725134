/// The text formats: JSON and CSV, whose numbers are exact decimals.
///
/// A number is a decimal literal `-?digits[.digits][(e|E)[+-]digits]` (JSON's grammar;
/// a leading `+` is also accepted in CSV) and means the exact rational it denotes —
/// never a float rounding of it. A float printed by Python's `repr` (or `json.dumps`) is
/// the shortest decimal that rounds back to the same float64, so a student saved as JSON
/// by Python is, as a rational, within half an ulp of the float64 it came from (not
/// equal to it: save with `np.save` to keep the exact binary value). `NaN`, `Infinity`,
/// `-Infinity` (which Python's json module writes for non-finite floats) are refused.
enum DecimalLiteral {
    /// Whether `text` is a decimal literal of the grammar above (with a leading `+` when
    /// `allowPlus`); exponents are limited to 6 digits.
    static func isValid(_ text: Substring, allowPlus: Bool) -> Bool {
        var s = text.unicodeScalars[...]
        if s.first == "-" || (allowPlus && s.first == "+") { s = s.dropFirst() }
        func digits() -> Int {
            var count = 0
            while let c = s.first, ("0"..."9").contains(c) { s = s.dropFirst(); count += 1 }
            return count
        }
        guard digits() > 0 else { return false }
        if s.first == "." { s = s.dropFirst(); guard digits() > 0 else { return false } }
        if s.first == "e" || s.first == "E" {
            s = s.dropFirst()
            if s.first == "+" || s.first == "-" { s = s.dropFirst() }
            let count = digits()
            guard count > 0 && count <= 6 else { return false }
        }
        return s.isEmpty
    }
}

/// A minimal JSON reader: objects, arrays, numbers (kept as their exact decimal text),
/// strings, `true`, `false`, `null`. Depth is limited to 64.
enum JSONValue: Equatable {
    case object([(String, JSONValue)])
    case array([JSONValue])
    case number(String)
    case string(String)
    case other(String)

    static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.array(let x), .array(let y)): return x == y
        case (.number(let x), .number(let y)), (.string(let x), .string(let y)), (.other(let x), .other(let y)): return x == y
        case (.object(let x), .object(let y)): return x.map(\.0) == y.map(\.0) && x.map(\.1) == y.map(\.1)
        default: return false
        }
    }

    var kind: String {
        switch self {
        case .object: return "an object"
        case .array: return "a list"
        case .number: return "a number"
        case .string: return "a string"
        case .other(let word): return word
        }
    }

    static func parse(_ text: String, fail: @escaping (String) -> WeightsFileError) throws -> JSONValue {
        var p = Parser(scalars: Array(text.unicodeScalars), fail: fail)
        let value = try p.value(depth: 0)
        p.skipSpace()
        guard p.position == p.scalars.count else { throw p.error("unexpected text after the JSON value") }
        return value
    }

    struct Parser {
        let scalars: [Unicode.Scalar]
        let fail: (String) -> WeightsFileError
        var position = 0

        init(scalars: [Unicode.Scalar], fail: @escaping (String) -> WeightsFileError) {
            self.scalars = scalars
            self.fail = fail
        }

        func error(_ message: String) -> WeightsFileError {
            var line = 1, column = 1
            for c in scalars[0..<min(position, scalars.count)] { if c == "\n" { line += 1; column = 1 } else { column += 1 } }
            return fail("line \(line), column \(column): \(message)")
        }
        var peek: Unicode.Scalar? { position < scalars.count ? scalars[position] : nil }
        mutating func skipSpace() { while let c = peek, c == " " || c == "\n" || c == "\t" || c == "\r" { position += 1 } }

        mutating func value(depth: Int) throws -> JSONValue {
            guard depth < 64 else { throw error("nesting deeper than 64 levels") }
            skipSpace()
            guard let c = peek else { throw error("unexpected end of the file; expected a JSON value") }
            switch c {
            case "[":
                position += 1
                var items: [JSONValue] = []
                skipSpace()
                if peek == "]" { position += 1; return .array(items) }
                while true {
                    items.append(try value(depth: depth + 1))
                    skipSpace()
                    if peek == "," { position += 1; continue }
                    if peek == "]" { position += 1; return .array(items) }
                    throw error("expected ',' or ']' in a list")
                }
            case "{":
                position += 1
                var members: [(String, JSONValue)] = []
                skipSpace()
                if peek == "}" { position += 1; return .object(members) }
                while true {
                    skipSpace()
                    guard peek == "\"" else { throw error("expected a quoted key") }
                    let key = try string()
                    skipSpace()
                    guard peek == ":" else { throw error("expected ':' after the key \"\(key)\"") }
                    position += 1
                    if members.contains(where: { $0.0 == key }) { throw error("the key \"\(key)\" occurs twice") }
                    members.append((key, try value(depth: depth + 1)))
                    skipSpace()
                    if peek == "," { position += 1; continue }
                    if peek == "}" { position += 1; return .object(members) }
                    throw error("expected ',' or '}' in an object")
                }
            case "\"":
                return .string(try string())
            default:
                var word = ""
                while let c = peek, !" \n\t\r,]}".unicodeScalars.contains(c) { word.unicodeScalars.append(c); position += 1 }
                if ["true", "false", "null"].contains(word) { return .other(word) }
                if ["NaN", "Infinity", "-Infinity", "nan", "inf", "-inf"].contains(word) {
                    throw error("\(word) is not a finite number; weights must be finite")
                }
                guard DecimalLiteral.isValid(Substring(word), allowPlus: false) else {
                    throw error("'\(word)' is not a JSON number")
                }
                return .number(word)
            }
        }

        mutating func string() throws -> String {
            position += 1
            var result = ""
            while let c = peek, c != "\"" {
                if c == "\\" {
                    position += 1
                    guard let escaped = peek else { break }
                    switch escaped {
                    case "n": result += "\n"
                    case "t": result += "\t"
                    case "u":
                        guard position + 4 < scalars.count,
                              let code = UInt32(String(String.UnicodeScalarView(scalars[(position + 1)...(position + 4)])), radix: 16),
                              let scalar = Unicode.Scalar(code) else { throw error("bad \\u escape") }
                        result.unicodeScalars.append(scalar)
                        position += 4
                    default: result.unicodeScalars.append(escaped)
                    }
                } else {
                    result.unicodeScalars.append(c)
                }
                position += 1
            }
            guard peek == "\"" else { throw error("unterminated string") }
            position += 1
            return result
        }
    }
}

enum TextWeights {

    /// The arrays of a JSON weights file: an object whose values are (nested lists of)
    /// numbers, by key; or one nested list, returned under the name `""`.
    static func parseJSON(_ text: String, name: String) throws -> [String: WeightArray] {
        func fail(_ message: String) -> WeightsFileError { WeightsFileError(file: name, message) }
        let root = try JSONValue.parse(text, fail: fail)
        switch root {
        case .object(let members):
            var arrays: [String: WeightArray] = [:]
            for (key, value) in members { arrays[key] = try array(value, name: name, path: key) }
            return arrays
        case .array:
            return ["": try array(root, name: name, path: "the top-level list")]
        default:
            throw fail("expected a list of rows or an object {\"W\": …, \"a\": …}, found \(root.kind)")
        }
    }

    /// A rectangular nested list of numbers as an array.
    static func array(_ value: JSONValue, name: String, path: String) throws -> WeightArray {
        func fail(_ message: String) -> WeightsFileError { WeightsFileError(file: name, "\(path): \(message)") }
        var shape: [Int] = []
        var probe = value
        while case .array(let items) = probe {
            shape.append(items.count)
            guard let first = items.first else { throw fail("an empty list; expected weights") }
            probe = first
        }
        var values: [WeightNumber] = []
        func walk(_ v: JSONValue, depth: Int, location: String) throws {
            if depth == shape.count {
                guard case .number(let text) = v else { throw fail("\(location) is \(v.kind); expected a number") }
                values.append(.decimal(text))
                return
            }
            guard case .array(let items) = v else { throw fail("\(location) is \(v.kind); expected a list of \(shape[depth])") }
            guard items.count == shape[depth] else {
                throw fail("\(location) has \(items.count) entries; expected \(shape[depth]) (the lists must be rectangular)")
            }
            for (i, item) in items.enumerated() { try walk(item, depth: depth + 1, location: "\(location)[\(i)]") }
        }
        try walk(value, depth: 0, location: "entry ")
        return WeightArray(shape: shape, values: values)
    }

    /// The matrix of a CSV weights file: one row a line, numbers separated by commas
    /// (spaces around them allowed); empty lines and lines starting with `#` skipped;
    /// every row of the same length ≥ 1.
    static func parseCSV(_ text: String, name: String) throws -> WeightArray {
        var rows: [[WeightNumber]] = []
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmed(" \t\r")
            if line.isEmpty || line.hasPrefix("#") { continue }
            var row: [WeightNumber] = []
            for (column, field) in line.split(separator: ",", omittingEmptySubsequences: false).enumerated() {
                let entry = field.trimmed(" \t")
                guard DecimalLiteral.isValid(Substring(entry), allowPlus: true) else {
                    let lowered = entry.lowercased()
                    let why = ["nan", "inf", "+inf", "-inf", "infinity", "-infinity"].contains(lowered)
                        ? "is not finite; weights must be finite" : "is not a decimal number"
                    throw WeightsFileError(file: name, "line \(index + 1), field \(column + 1): '\(entry)' \(why)")
                }
                row.append(.decimal(entry.hasPrefix("+") ? String(entry.dropFirst()) : entry))
            }
            if let first = rows.first, first.count != row.count {
                throw WeightsFileError(file: name, "line \(index + 1) has \(row.count) fields; expected \(first.count) like the first row")
            }
            rows.append(row)
        }
        guard let first = rows.first else { throw WeightsFileError(file: name, "no rows; expected one row per neuron: w_i then a_i") }
        return WeightArray(shape: [rows.count, first.count], values: rows.flatMap { $0 })
    }
}

extension Substring {
    func trimmed(_ set: String) -> String {
        let drop = Set(set.unicodeScalars)
        var s = self.unicodeScalars[...]
        while let c = s.first, drop.contains(c) { s = s.dropFirst() }
        while let c = s.last, drop.contains(c) { s = s.dropLast() }
        return String(String.UnicodeScalarView(s))
    }
}

extension String {
    func trimmed(_ set: String) -> String { self[...].trimmed(set) }
}
