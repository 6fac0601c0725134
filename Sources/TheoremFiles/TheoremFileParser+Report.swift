import CertifiedIntervals
import Reports

/// `[report.latex]` (columns are Reports' `LatexColumn`s) and `[verify]` (the
/// precisions, in `Interval.userPrecisionRange`).
extension TheoremFileParser {
    func reportSection(_ node: TOMLNode?, claims: [Claim], parameters: [String]) throws -> LatexRequest? {
        guard let node else { return nil }
        let report = try reader.table(node, "report")
        try reader.checkKeys(report, allowed: ["latex"], "report")
        return try report["latex"].map { try latexRequest($0, claims: claims, parameters: parameters) }
    }

    func latexRequest(_ node: TOMLNode, claims: [Claim], parameters: [String]) throws -> LatexRequest {
        let path = "report.latex"
        let t = try reader.table(node, path)
        try reader.checkKeys(t, allowed: ["claims", "columns", "digits"], path)
        let names = try reader.strings(t["claims"], "\(path).claims") ?? claims.map(\.name)
        for name in names where !claims.contains(where: { $0.name == name }) {
            throw error("\(path).claims", "no claim named '\(name)'")
        }
        var columnParameters = parameters
        for name in claims.flatMap({ $0.ranges.map(\.name) }) where !columnParameters.contains(name) {
            columnParameters.append(name)
        }
        let columns = try reader.strings(t["columns"], "\(path).columns")?.map { name in
            guard let column = LatexColumn(name: name, parameters: columnParameters) else {
                throw error("\(path).columns", "unknown column '\(name)'; expected a parameter or one of: "
                            + LatexColumn.names(parameters: []).joined(separator: ", "))
            }
            return column
        } ?? LatexColumn.defaults
        let range = LatexReport.digitsRange
        let digits = try reader.integer(t["digits"], "\(path).digits", in: range,
                                        "expected an integer between \(range.lowerBound) and \(range.upperBound)")
        return LatexRequest(claims: names, columns: columns, digits: digits ?? LatexReport.defaultDigits)
    }

    /// `[verify]`: the starting and maximum precisions, the maximum not below the start.
    func verifySection(_ node: TOMLNode?) throws -> (start: Int?, maximum: Int?) {
        guard let node else { return (nil, nil) }
        let v = try reader.table(node, "verify")
        try reader.checkKeys(v, allowed: ["precision", "max-precision"], "verify")
        let start = try precision(v["precision"], "verify.precision")
        let maximum = try precision(v["max-precision"], "verify.max-precision")
        if let start, let maximum, maximum < start {
            throw error("verify.max-precision", "max-precision (\(maximum)) is below precision (\(start)); "
                        + "the precision doubles from the start up to the maximum")
        }
        return (start, maximum)
    }

    func precision(_ node: TOMLNode?, _ path: String) throws -> Int? {
        let range = Interval.userPrecisionRange
        return try reader.integer(node, path, in: range,
                                  "expected an integer number of bits between \(range.lowerBound) and \(range.upperBound)")
    }
}
