import ClosedForms

/// Typed access to a parsed TOML document, for the parser's facets: tables, strings,
/// expression texts, exact numbers, integers and lists, each read at a key path and
/// refused with a `TheoremFileError` located in the text (`SourceLocator`); unknown
/// keys refused with the allowed ones and a "did you mean".
struct TOMLReader {
    let file: String
    let locator: SourceLocator

    /// The largest number of elements of one list (weights, points, blocks).
    static let maximumListLength = 100_000

    // MARK: Errors

    /// An error at `keyPath` (its line and value column when found in the text). With
    /// `expressionColumn`, the column inside the string value; when the string cannot
    /// be located (not on one line), the message says the column instead.
    func error(_ keyPath: String?, _ message: String, expressionColumn: Int? = nil) -> TheoremFileError {
        let location = keyPath.flatMap(locator.location(of:))
        var column = location?.valueColumn
        var text = message
        if let expressionColumn {
            if let content = location?.stringContentColumn {
                column = content + expressionColumn - 1
            } else {
                text += " (column \(expressionColumn) of the expression)"
            }
        }
        return TheoremFileError(file: file, line: location?.line, column: column, keyPath: keyPath, message: text)
    }

    /// `keyPath.key`, or `key` at the root.
    func join(_ keyPath: String, _ key: String) -> String { keyPath.isEmpty ? key : "\(keyPath).\(key)" }

    /// The line a key was written on (`Int.max` when not found), to order keys as written.
    func line(of keyPath: String) -> Int { locator.location(of: keyPath)?.line ?? Int.max }

    /// The column of a key's value (0 when not found): keys of one inline table in
    /// the order written.
    func valueColumn(of keyPath: String) -> Int { locator.location(of: keyPath)?.valueColumn ?? 0 }

    // MARK: Keys

    /// Refuses a key not in `allowed`, naming it, with the closest allowed key when it
    /// looks like a typo. Callers check keys before reading any, so that a misspelt
    /// key is reported as such rather than as the missing key it was meant to be.
    func checkKeys(_ t: [String: TOMLNode], allowed: [String], _ keyPath: String) throws {
        let unknown = t.keys.filter { !allowed.contains($0) }
        // The first in the text (else by name), so that the report does not depend on hashing.
        let first = unknown.min { (line(of: join(keyPath, $0)), $0) < (line(of: join(keyPath, $1)), $1) }
        if let key = first {
            throw error(join(keyPath, key), "unknown key '\(key)'" + NameSuggestion.phrase(for: key, among: allowed)
                        + " (expected one of: \(allowed.joined(separator: ", ")))")
        }
    }

    /// An error for a missing key, located at its table.
    func missing(_ key: String, in keyPath: String) -> TheoremFileError {
        error(keyPath, "missing key '\(key)'")
    }

    // MARK: Values

    func table(_ node: TOMLNode?, _ keyPath: String) throws -> [String: TOMLNode] {
        guard let node else { throw error(keyPath, "missing table [\(keyPath)]") }
        guard case .table(let t) = node else { throw error(keyPath, "expected a table, found \(node.typeName)") }
        return t
    }

    /// The string at `t[key]`; nil when absent and not `required`.
    func string(_ t: [String: TOMLNode], _ key: String, _ keyPath: String, required: Bool = true) throws -> String? {
        guard let node = t[key] else {
            if required { throw missing(key, in: keyPath) }
            return nil
        }
        guard case .string(let s) = node else {
            throw error(join(keyPath, key), "expected a string, found \(node.typeName)")
        }
        return s
    }

    /// A name from a fixed vocabulary (`T`'s raw values), refused with the list and a
    /// "did you mean": `unknown activation 'tanh'; expected one of: erf, relu, …`.
    func name<T: RawRepresentable & CaseIterable>(_ text: String, _ path: String, what: String) throws -> T
    where T.RawValue == String {
        if let value = T(rawValue: text) { return value }
        let names = T.allCases.map(\.rawValue)
        throw error(path, "unknown \(what) '\(text)'; expected one of: \(names.joined(separator: ", "))"
                    + NameSuggestion.phrase(for: text, among: names))
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

    /// An exact number written as a string (or a TOML integer): a tolerance or a
    /// perturbation. A TOML float is refused, naming the key.
    func exactNumberText(_ node: TOMLNode, _ path: String) throws -> String {
        let key = path.split(separator: ".").last.map(String.init) ?? path
        switch node {
        case .string(let s): return s.trimmedOfSpaces
        case .integer(let i): return String(i)
        case .float(let x):
            throw error(path, "write the \(key) as an exact string, e.g. \(key) = \"\(x)\" (a TOML float is not exact)")
        default: throw error(path, "expected an exact number in a string such as \"1e-60\" or \"1/100\", found \(node.typeName)")
        }
    }

    /// An integer in `range`, or nil when absent.
    func integer(_ node: TOMLNode?, _ path: String, in range: ClosedRange<Int>, _ expected: String) throws -> Int? {
        guard let node else { return nil }
        guard case .integer(let value) = node, range.contains(value) else { throw error(path, expected) }
        return value
    }

    /// An array of strings, or nil when absent.
    func strings(_ node: TOMLNode?, _ path: String) throws -> [String]? {
        guard let node else { return nil }
        guard case .array(let items) = node else { throw error(path, "expected an array of strings") }
        return try items.map {
            guard case .string(let s) = $0 else { throw error(path, "expected an array of strings") }
            return s
        }
    }

    // MARK: Expression texts

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
