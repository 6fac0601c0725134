import Foundation

extension TheoremFileParser {
    /// The largest theorem file read by default, in bytes (4 MiB): shipped files are a
    /// few kilobytes, and reading costs about 20 times the file's size in memory.
    /// `verify --max-file-size BYTES` raises it.
    public static let defaultMaximumFileSize = 4 * 1024 * 1024

    /// Reads and parses the file at `path`. Throws `TheoremFileError` for an unreadable
    /// or invalid file, and for a file larger than `maximumSize` bytes — checked
    /// before the file is read whole: at most `maximumSize + 1` bytes are read.
    public static func load(path: String, maximumSize: Int = defaultMaximumFileSize) throws -> TheoremFile {
        let data = try contents(path: path, maximumSize: maximumSize)
        guard let text = String(data: data, encoding: .utf8) else {
            throw TheoremFileError(file: path, message: "the file is not UTF-8 text")
        }
        return try parse(text: text, file: path)
    }

    /// At most `maximumSize` bytes of the file, or an error naming the limit.
    static func contents(path: String, maximumSize: Int) throws -> Data {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
              let handle = FileHandle(forReadingAtPath: path) else {
            throw TheoremFileError(file: path, message: "cannot read the file")
        }
        defer { try? handle.close() }
        let data: Data
        do {
            data = try handle.read(upToCount: maximumSize < Int.max ? maximumSize + 1 : maximumSize) ?? Data()
        } catch {
            throw TheoremFileError(file: path, message: "cannot read the file: \(error.localizedDescription)")
        }
        guard data.count <= maximumSize else {
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
            throw TheoremFileError(file: path, message: "the file" + (size.map { " (\($0) bytes)" } ?? "")
                                   + " is larger than the limit of \(maximumSize) bytes "
                                   + "(\(describe(bytes: maximumSize))); theorem files are small — if this one is meant "
                                   + "to be this large, raise the limit with --max-file-size BYTES")
        }
        return data
    }

    /// `4194304` → `4 MiB`.
    static func describe(bytes: Int) -> String {
        if bytes >= 1 << 20 && bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
        if bytes >= 1 << 10 && bytes % (1 << 10) == 0 { return "\(bytes >> 10) KiB" }
        return "\(bytes) bytes"
    }
}
