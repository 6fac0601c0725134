import Foundation

extension TheoremFileParser {
    /// Reads and parses the file at `path`. Throws `TheoremFileError` for an unreadable
    /// or invalid file.
    public static func load(path: String) throws -> TheoremFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TheoremFileError(file: path, message: "cannot read the file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw TheoremFileError(file: path, message: "the file is not UTF-8 text")
        }
        return try parse(text: text, file: path)
    }
}
