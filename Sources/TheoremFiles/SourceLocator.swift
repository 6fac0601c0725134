/// Finds where a key of a TOML document was written, so that semantic errors can
/// point at a line and column even though the TOML library reports positions only for
/// syntax errors.
///
/// Key paths are spelt as in error messages: `setting.activation`, `parameters.n`,
/// `definitions.c(l)`, `family.ca.incoming`, `claim[2].holds` (arrays of tables are
/// numbered from 1), `claim[2].for.l` (a key of an inline table); a table's own path
/// (`setting`, `claim[2]`) locates its header.
struct SourceLocator {
    struct Location {
        var line: Int
        /// 1-based column where the value starts.
        var valueColumn: Int
        /// 1-based column of the first character inside the string, when the value is a
        /// basic string on one line (`"..."`), else nil.
        var stringContentColumn: Int?
    }

    private var locations: [String: Location] = [:]

    /// The characters of a line looked at for keys.
    static let maximumLineLength = 10_000

    init(text: String) {
        var table = ""
        var arrayCounts: [String: Int] = [:]
        // "\r\n" is one Character in Swift: split on it too, or CRLF files lose every location.
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        for (index, rawLine) in lines.enumerated() {
            // Keys and values start near the beginning of a line: a pathological line is
            // read only up to a bound (memory), and keys beyond it are not located.
            let line = Array(rawLine.prefix(SourceLocator.maximumLineLength))
            let number = index + 1
            var i = 0
            while i < line.count, line[i] == " " || line[i] == "\t" { i += 1 }
            guard i < line.count, line[i] != "#" else { continue }
            if line[i] == "[" {
                let isArray = i + 1 < line.count && line[i + 1] == "["
                let start = i + (isArray ? 2 : 1)
                var end = start
                while end < line.count && line[end] != "]" { end += 1 }
                let name = SourceLocator.normalise(String(line[start..<end]))
                if isArray {
                    arrayCounts[name, default: 0] += 1
                    table = "\(name)[\(arrayCounts[name]!)]"
                } else {
                    table = name
                }
                // The header locates the table itself (for a missing key).
                locations[table] = Location(line: number, valueColumn: i + 1, stringContentColumn: nil)
                continue
            }
            guard let (key, valueStart) = SourceLocator.keyAndValue(line, from: i) else { continue }
            let path = table.isEmpty ? key : "\(table).\(key)"
            locations[path] = SourceLocator.location(line, valueStart: valueStart, number: number)
            // Keys of an inline table on the same line: `for = { l = "2..1000" }`.
            if valueStart < line.count && line[valueStart] == "{" {
                var j = valueStart + 1
                while j < line.count {
                    while j < line.count && (line[j] == " " || line[j] == ",") { j += 1 }
                    guard let (innerKey, innerValue) = SourceLocator.keyAndValue(line, from: j) else { break }
                    locations["\(path).\(innerKey)"] = SourceLocator.location(line, valueStart: innerValue, number: number)
                    // Skip the value (a string or a bare token).
                    j = innerValue
                    if j < line.count && line[j] == "\"" {
                        j += 1
                        while j < line.count && line[j] != "\"" { if line[j] == "\\" { j += 1 }; j += 1 }
                        j += 1
                    } else {
                        while j < line.count && line[j] != "," && line[j] != "}" { j += 1 }
                    }
                    if j < line.count && line[j] == "}" { break }
                }
            }
        }
    }

    /// The location of `keyPath`, if the key was found.
    func location(of keyPath: String) -> Location? { locations[keyPath] }

    static func location(_ line: [Character], valueStart: Int, number: Int) -> Location {
        let isString = valueStart < line.count && line[valueStart] == "\""
            && !(valueStart + 2 < line.count && line[valueStart + 1] == "\"" && line[valueStart + 2] == "\"")
        return Location(line: number, valueColumn: valueStart + 1, stringContentColumn: isString ? valueStart + 2 : nil)
    }

    /// Parses `key =` (bare or quoted key) starting at `i`; returns the key and the index
    /// where the value starts.
    static func keyAndValue(_ line: [Character], from start: Int) -> (String, Int)? {
        var i = start
        var key = ""
        if i < line.count && (line[i] == "\"" || line[i] == "'") {
            let quote = line[i]
            i += 1
            while i < line.count && line[i] != quote { key.append(line[i]); i += 1 }
            guard i < line.count else { return nil }
            i += 1
        } else {
            while i < line.count, line[i].isLetter || line[i].isNumber || line[i] == "_" || line[i] == "-" {
                key.append(line[i]); i += 1
            }
        }
        guard !key.isEmpty else { return nil }
        while i < line.count && (line[i] == " " || line[i] == "\t") { i += 1 }
        guard i < line.count && line[i] == "=" else { return nil }
        i += 1
        while i < line.count && (line[i] == " " || line[i] == "\t") { i += 1 }
        return (key, i)
    }

    /// `family . "ca"` → `family.ca`.
    static func normalise(_ header: String) -> String {
        header.split(separator: ".").map {
            $0.trimmingCharacters(in: [" ", "\t", "\"", "'"])
        }.joined(separator: ".")
    }
}

private extension Substring {
    func trimmingCharacters(in set: Set<Character>) -> String {
        var s = self
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return String(s)
    }
}
