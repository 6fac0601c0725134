/// An invalid theorem file: where, and what was expected.
///
/// Printed as `file:line:column: key.path: message` with whatever parts are known:
/// TOML syntax errors have a line and column; semantic errors have the key path and,
/// when the key can be found in the text, its line and the column inside the line
/// (for an error inside an expression, the column of the offending token).
public struct TheoremFileError: Error, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var column: Int?
    public var keyPath: String?
    public var message: String

    public init(file: String, line: Int? = nil, column: Int? = nil, keyPath: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.keyPath = keyPath
        self.message = message
    }

    public var description: String {
        var location = file
        if let line { location += ":\(line)"; if let column { location += ":\(column)" } }
        if let keyPath { return "\(location): \(keyPath): \(message)" }
        return "\(location): \(message)"
    }
}
