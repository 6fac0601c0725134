/// A cheap pass over the text of a theorem file, before the TOML library sees it, for
/// the things that library cannot be trusted with:
///
/// - a NUL byte: the library reads a C string, so the text would silently end there;
/// - keys nested too deeply: a dotted key or a table header with tens of thousands of
///   components (`a.a.a.…`) makes the library (and any recursive walk of the tree)
///   overflow the stack. The library bounds the nesting of arrays and inline tables
///   itself (256), but not the components of keys;
/// - three malformed inputs on which the library (toml++ 3.4.0) fails an internal
///   assertion and aborts the process instead of reporting an error, found by
///   fuzzing (`Sources/fuzz-inputs`): a table header that does not start with a key
///   (`[~]`, `[` at the end of a line, `[` then a carriage return before the key),
///   `}` where an array expects a value (`a = [}`),
///   and a date followed by `T` and no time (`1979-05-27T:`). A leading byte order
///   mark is skipped, as the library does.
///
/// The key depth of a value is the number of key components on its path: those of
/// the current `[table]` header plus those of every key leading to it inside inline
/// tables (`a.b = { c.d = 1 }` puts `1` at depth 4 at the top level). Arrays do not
/// count. Theorem files need depth 4 at most (`claim[1].for.l` is 3).
///
/// The pass follows TOML's lexical structure (strings of the four kinds, comments,
/// arrays and inline tables spanning values) without building anything; it never
/// recurses. Text it does not understand is left for the library to reject: the
/// library cannot parse past the point where this pass stops either.
struct TOMLPrescan {
    /// The deepest key path accepted.
    static let maximumKeyDepth = 64

    /// The UTF-8 bytes of the text (a pointer: this pass must stay cheap even
    /// unoptimised, on files of megabytes).
    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    /// For each array or inline table being read: whether it is a table, and the key
    /// depth of the values directly inside it.
    private var open: [(isTable: Bool, depth: Int)] = []
    private var headerDepth = 0
    /// 3 when the text starts with a UTF-8 byte order mark, which the library skips
    /// (and so must this pass: `\u{FEFF}[;` reaches the library's table-header
    /// assertion), else 0. It takes no column.
    private let byteOrderMarkLength: Int

    private init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        byteOrderMarkLength = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        index = byteOrderMarkLength
    }

    /// Where the text must be refused (1-based line and column), and why.
    struct Problem {
        var line: Int
        var column: Int
        var message: String
    }

    /// The first NUL byte or over-deep key of `text`, or nil.
    static func problem(in text: String) -> Problem? {
        if let found = text.utf8.withContiguousStorageIfAvailable({ problem(inBytes: $0) }) { return found }
        return Array(text.utf8).withUnsafeBufferPointer { problem(inBytes: $0) }
    }

    private static func problem(inBytes bytes: UnsafeBufferPointer<UInt8>) -> Problem? {
        var scan = TOMLPrescan(bytes)
        if let nul = bytes.firstIndex(of: 0) {
            let (line, column) = scan.lineAndColumn(of: nul)
            return Problem(line: line, column: column,
                           message: "NUL byte (\\0) at line \(line) column \(column); theorem files are text")
        }
        return scan.deepKey()
    }

    /// 1-based line and column (in characters) of a UTF-8 offset of the text.
    private func lineAndColumn(of offset: Int) -> (line: Int, column: Int) {
        let before = bytes[..<offset]
        let lineStart = (before.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 }) ?? Swift.min(byteOrderMarkLength, offset)
        let line = before.reduce(1) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
        let column = String(decoding: bytes[lineStart..<offset], as: UTF8.self).count + 1
        return (line, column)
    }

    // MARK: The scan

    private enum Expecting { case statement, key(depth: Int), value(depth: Int), separator }

    private mutating func deepKey() -> Problem? {
        var expecting = Expecting.statement
        while true {
            switch expecting {
            case .statement:
                skipBlankLinesAndComments()
                guard index < bytes.count else { return nil }
                if byte == UInt8(ascii: "[") {
                    let start = index
                    index += 1
                    if byte == UInt8(ascii: "[") { index += 1 }
                    // Only spaces and tabs, as the library skips there: it hands a
                    // carriage return (`[\ra]`) to the key parser, which asserts.
                    while byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") { index += 1 }
                    guard isKeyStart(byte) else {
                        return malformed(at: index, "a table header must start with a key, as in [family.ca] or [[claim]]")
                    }
                    guard let depth = keyComponents(startingAt: start) else { return tooDeep(at: start) }
                    headerDepth = depth
                    skipRestOfLine()
                } else {
                    expecting = .key(depth: headerDepth)
                }
            case .key(let depth):
                let start = index
                guard let components = keyComponents(startingAt: start, limit: Self.maximumKeyDepth - depth) else {
                    return tooDeep(at: start)
                }
                guard components > 0, byte == UInt8(ascii: "=") else { return nil }   // the library reports it
                index += 1
                expecting = .value(depth: depth + components)
            case .value(let depth):
                skipSpaces(acrossLines: open.last.map { !$0.isTable } ?? false)
                if byte == UInt8(ascii: "}"), open.last?.isTable == false {
                    return malformed(at: index, "expected a value or ']' in the array, found '}'")
                }
                let valueStart = index
                expecting = value(depth: depth)
                if let problem = dateWithoutTime(from: valueStart) { return problem }
            case .separator:
                guard let next = separator() else { return nil }
                expecting = next
            }
        }
    }

    /// Reads one value starting at `index` (or opens an array or inline table).
    private mutating func value(depth: Int) -> Expecting {
        guard index < bytes.count else { return .separator }
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "'"):
            skipString()
            return .separator
        case UInt8(ascii: "["):
            index += 1
            open.append((false, depth))
            return .value(depth: depth)
        case UInt8(ascii: "{"):
            index += 1
            open.append((true, depth))
            skipSpaces(acrossLines: false)
            if byte == UInt8(ascii: "}") { index += 1; open.removeLast(); return .separator }
            return .key(depth: depth)
        case UInt8(ascii: "]") where open.last?.isTable == false:
            // An empty array, or a trailing comma.
            index += 1
            open.removeLast()
            return .separator
        default:
            // A number, boolean or date: up to the next separator.
            scalar: while index < bytes.count {
                switch byte {
                case UInt8(ascii: ","), UInt8(ascii: "]"), UInt8(ascii: "}"), UInt8(ascii: "\n"), UInt8(ascii: "#"):
                    break scalar
                default: index += 1
                }
            }
            return .separator
        }
    }

    /// After a value: a comma, the end of an array or inline table, or (at the top
    /// level) the end of the line. Nil when the text is not TOML here.
    private mutating func separator() -> Expecting? {
        guard let current = open.last else {
            skipRestOfLine()
            return .statement
        }
        skipSpaces(acrossLines: !current.isTable)
        guard index < bytes.count else { return nil }
        switch byte {
        case UInt8(ascii: ","):
            index += 1
            if current.isTable {
                skipSpaces(acrossLines: false)
                return .key(depth: current.depth)
            }
            return .value(depth: current.depth)
        case UInt8(ascii: "]") where !current.isTable, UInt8(ascii: "}") where current.isTable:
            index += 1
            open.removeLast()
            return .separator
        default:
            return nil
        }
    }

    /// Counts the components of a dotted key (bare or quoted, `a . "b" . c`), stopping
    /// at the first character that cannot continue it; nil as soon as `limit` is
    /// exceeded (the depth of the headers' key is checked against the whole maximum).
    private mutating func keyComponents(startingAt start: Int, limit: Int = maximumKeyDepth) -> Int? {
        var count = 0
        while true {
            skipSpaces(acrossLines: false)
            guard index < bytes.count else { return count }
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                skipString()
            } else {
                let before = index
                while index < bytes.count, isBareKeyByte(byte) { index += 1 }
                if index == before { return count }
            }
            count += 1
            if count > limit { return nil }
            skipSpaces(acrossLines: false)
            guard index < bytes.count, byte == UInt8(ascii: ".") else { return count }
            index += 1
        }
    }

    /// A local date `YYYY-MM-DD` followed by `T` (or `t`) and no digit, in the scalar
    /// that starts at `start`.
    private func dateWithoutTime(from start: Int) -> Problem? {
        let digitsAt = [0, 1, 2, 3, 5, 6, 8, 9], dashesAt = [4, 7]
        guard start + 11 <= bytes.count,
              digitsAt.allSatisfy({ isDigit(bytes[start + $0]) }),
              dashesAt.allSatisfy({ bytes[start + $0] == UInt8(ascii: "-") }),
              bytes[start + 10] == UInt8(ascii: "T") || bytes[start + 10] == UInt8(ascii: "t") else { return nil }
        guard start + 11 == bytes.count || !isDigit(bytes[start + 11]) else { return nil }
        return malformed(at: start + 11, "a date-time needs a time after 'T' (as in 1979-05-27T07:32:00)")
    }

    private func malformed(at offset: Int, _ message: String) -> Problem {
        let (line, column) = lineAndColumn(of: offset)
        return Problem(line: line, column: column, message: "TOML syntax error: \(message)")
    }

    private func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }

    private func isKeyStart(_ b: UInt8) -> Bool {
        index < bytes.count && (isBareKeyByte(b) || b == UInt8(ascii: "\"") || b == UInt8(ascii: "'"))
    }

    private func tooDeep(at offset: Int) -> Problem {
        let (line, column) = lineAndColumn(of: offset)
        return Problem(line: line, column: column, message: "keys nested more than \(Self.maximumKeyDepth) levels deep (a dotted key or "
                + "table header with too many components, counting the enclosing [table] and inline tables); "
                + "theorem files need at most 4 levels")
    }

    // MARK: Lexical pieces

    private var byte: UInt8 { index < bytes.count ? bytes[index] : 0 }

    private func isBareKeyByte(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
            || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || b == UInt8(ascii: "_") || b == UInt8(ascii: "-")
    }

    /// Skips spaces and tabs; across lines (and comments) too when `acrossLines`.
    private mutating func skipSpaces(acrossLines: Bool) {
        while index < bytes.count {
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"): index += 1
            case UInt8(ascii: "\n") where acrossLines: index += 1
            case UInt8(ascii: "#") where acrossLines: skipComment()
            default: return
            }
        }
    }

    private mutating func skipBlankLinesAndComments() {
        while index < bytes.count {
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: "\n"): index += 1
            case UInt8(ascii: "#"): skipComment()
            default: return
            }
        }
    }

    private mutating func skipComment() {
        while index < bytes.count, byte != UInt8(ascii: "\n") { index += 1 }
    }

    /// Skips to the start of the next line (a top-level statement ends with its line).
    private mutating func skipRestOfLine() {
        while index < bytes.count, byte != UInt8(ascii: "\n") {
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") { skipString() } else { index += 1 }
        }
    }

    /// Skips a basic (`"…"`, with escapes) or literal (`'…'`) string, single- or
    /// multi-line (`"""…"""`, `'''…'''`). A single-line string ends at the end of its
    /// line at the latest.
    private mutating func skipString() {
        let quote = byte
        let isMultiline = index + 2 < bytes.count && bytes[index + 1] == quote && bytes[index + 2] == quote
        index += isMultiline ? 3 : 1
        while index < bytes.count {
            let b = byte
            if b == UInt8(ascii: "\\") && quote == UInt8(ascii: "\"") { index += 2; continue }
            if b == UInt8(ascii: "\n") && !isMultiline { return }
            if b == quote {
                if !isMultiline { index += 1; return }
                if index + 2 < bytes.count && bytes[index + 1] == quote && bytes[index + 2] == quote {
                    index += 3
                    // Up to two more quotes belong to the string: `""""" ` ends with `""`.
                    var extra = 0
                    while extra < 2, index < bytes.count, byte == quote { index += 1; extra += 1 }
                    return
                }
            }
            index += 1
        }
    }
}
