import Foundation

/// The machine-readable report.
public enum JSONReport {
    /// Pretty-printed JSON with the field names of the theorem-format document, keys
    /// sorted alphabetically at every level (so that reports of the same run are
    /// byte-identical and diff well).
    ///
    /// Written instance by instance: `JSONEncoder` builds its whole tree of values before
    /// it writes a byte, which for a claim with tens of thousands of instances costs
    /// several times the text itself. So the report is encoded once with every claim's
    /// instance list empty, and each instance is encoded on its own, indented to its
    /// depth and spliced into its claim's list. The text is the one `JSONEncoder` writes
    /// for the whole report, byte for byte (`JSONReportTests` compares the two); should
    /// the empty lists not be found where they must be, the whole report is encoded at
    /// once instead.
    public static func render(_ report: TheoremReport) throws -> String {
        var skeleton = report
        for c in skeleton.claims.indices { skeleton.claims[c].instances = [] }
        let text = try encode(skeleton)
        // Each claim object is at depth 2 (report → claims → claim): its keys are indented
        // by 6 spaces, its instances by 8. An empty list prints as "[", an empty line, "]".
        let emptyList = "\n      \"instances\" : [\n\n      ]"
        let pieces = text.components(separatedBy: emptyList)
        guard pieces.count == report.claims.count + 1 else { return try renderInOnePiece(report) }
        var result = pieces[0]
        for (c, claim) in report.claims.enumerated() {
            if claim.instances.isEmpty {
                result += emptyList
            } else {
                result += "\n      \"instances\" : [\n"
                for (i, instance) in claim.instances.enumerated() {
                    if i > 0 { result += ",\n" }
                    result += indented(try encode(instance), by: 8)
                }
                result += "\n      ]"
            }
            result += pieces[c + 1]
        }
        return result + "\n"
    }

    /// The report encoded by one `JSONEncoder` call (the reference of `render`).
    static func renderInOnePiece(_ report: TheoremReport) throws -> String {
        try encode(report) + "\n"
    }

    private static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// Every non-empty line of `text` preceded by `spaces` spaces (`JSONEncoder` leaves the
    /// inner line of an empty list or object empty; strings hold no raw newline).
    private static func indented(_ text: String, by spaces: Int) -> String {
        let pad = String(repeating: " ", count: spaces)
        return text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.isEmpty ? "" : pad + $0 }
            .joined(separator: "\n")
    }
}
