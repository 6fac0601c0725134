import Foundation

/// The machine-readable report.
public enum JSONReport {
    /// Pretty-printed JSON with the field names of the theorem-format document, keys
    /// sorted alphabetically at every level (so that reports of the same run are
    /// byte-identical and diff well).
    public static func render(_ report: TheoremReport) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(report)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
