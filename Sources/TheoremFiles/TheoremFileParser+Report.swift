import Foundation
import CertifiedIntervals
import ClosedForms
import Reports

/// `[report.latex]` (columns are Reports' `LatexColumn`s) and `[verify]` (the
/// precisions, in `Interval.userPrecisionRange`).
extension TheoremFileParser {
    func reportSection(_ node: TOMLNode?, claims: [Claim], parameters: [String]) throws -> LatexRequest? {
        guard let node else { return nil }
        let report = try reader.table(node, "report")
        try reader.checkKeys(report, allowed: ["latex", "figure"], "report")
        return try report["latex"].map { try latexRequest($0, claims: claims, parameters: parameters) }
    }

    /// `[report.latex]`: either one table (`claims`, `columns`, `caption`, `label`: the
    /// claims listed, each in its own table when no caption or label says they form
    /// one) or several `[[report.latex.table]]`s; `digits` for all of them.
    func latexRequest(_ node: TOMLNode, claims: [Claim], parameters: [String]) throws -> LatexRequest {
        let path = "report.latex"
        let t = try reader.table(node, path)
        try reader.checkKeys(t, allowed: ["claims", "columns", "digits", "caption", "label", "pivot", "table"], path)
        var columnParameters = parameters
        for name in claims.flatMap({ $0.ranges.map(\.name) }) where !columnParameters.contains(name) {
            columnParameters.append(name)
        }
        let range = LatexReport.digitsRange
        let digits = try reader.integer(t["digits"], "\(path).digits", in: range,
                                        "expected an integer between \(range.lowerBound) and \(range.upperBound)")
        var tables: [LatexReport.Table] = []
        if let tableNode = t["table"] {
            for key in ["claims", "columns", "caption", "label", "pivot"] where t[key] != nil {
                throw error("\(path).\(key)", "with [[report.latex.table]], write '\(key)' inside each table "
                            + "([report.latex] then holds only 'digits')")
            }
            guard case .array(let items) = tableNode, !items.isEmpty else {
                throw error("\(path).table", "expected one or more [[report.latex.table]]")
            }
            for (index, item) in items.enumerated() {
                let itemPath = "\(path).table[\(index + 1)]"
                let table = try reader.table(item, itemPath)
                try reader.checkKeys(table, allowed: ["claims", "columns", "caption", "label", "pivot"], itemPath)
                guard table["claims"] != nil else { throw reader.missing("claims", in: itemPath) }
                tables += try latexTables(table, itemPath, claims: claims, parameters: columnParameters, joined: true)
            }
        } else {
            let joined = t["caption"] != nil || t["label"] != nil || t["pivot"] != nil
            tables = try latexTables(t, path, claims: claims, parameters: columnParameters, joined: joined)
        }
        var labels = Set<String>()
        for (index, table) in tables.enumerated() {
            if let label = table.label, !labels.insert(label).inserted {
                throw error(t["table"] == nil ? "\(path).label" : "\(path).table[\(index + 1)].label",
                            "the label '\(label)' is used by two tables")
            }
        }
        return LatexRequest(tables: tables, digits: digits ?? LatexReport.defaultDigits)
    }

    /// The tables one `[report.latex]` or `[[report.latex.table]]` asks for: its claims in
    /// one table when `joined`, else one table each.
    func latexTables(_ t: [String: TOMLNode], _ path: String, claims: [Claim], parameters: [String],
                     joined: Bool) throws -> [LatexReport.Table] {
        let names = try reader.strings(t["claims"], "\(path).claims") ?? claims.map(\.name)
        if names.isEmpty { throw error("\(path).claims", "expected at least one claim name") }
        for name in names where !claims.contains(where: { $0.name == name }) {
            throw error("\(path).claims", "no claim named '\(name)'" + NameSuggestion.phrase(for: name, among: claims.map(\.name)))
        }
        if t["columns"] != nil && t["pivot"] != nil {
            throw error("\(path).pivot", "a table has either 'columns' (one row per instance) or 'pivot', not both")
        }
        let layout: LatexReport.Table.Layout
        if let pivot = t["pivot"] {
            layout = try pivotLayout(pivot, "\(path).pivot", parameters: parameters)
        } else {
            let columns = try reader.strings(t["columns"], "\(path).columns")?.map { name in
                guard let column = LatexColumn(name: name, parameters: parameters) else {
                    throw error("\(path).columns", "unknown column '\(name)'; expected a parameter or one of: "
                                + LatexColumn.names(parameters: []).joined(separator: ", "))
                }
                return column
            } ?? LatexColumn.defaults
            if columns.isEmpty { throw error("\(path).columns", "expected at least one column") }
            layout = .rows(columns)
        }
        let caption = try reader.string(t, "caption", path, required: false)
        let label = try reader.string(t, "label", path, required: false)
        if let label, label.isEmpty || label.contains(where: { "{}\\%#$&~^ ".contains($0) || $0.isNewline }) {
            throw error("\(path).label", "a \\label key: letters, digits and punctuation other than { } \\ % # $ & ~ ^, no spaces")
        }
        if let caption, caption.trimmingCharacters(in: .whitespaces).isEmpty {
            throw error("\(path).caption", "an empty caption: leave the key out for the composed one")
        }
        if joined { return [LatexReport.Table(claims: names, layout: layout, caption: caption, label: label)] }
        return names.map { LatexReport.Table(claims: [$0], layout: layout) }
    }

    /// `pivot = { rows = "k", columns = "n", cell = "loss" }`: the axes are parameters
    /// (or `partition`, or `claim`: the table's claims side by side), the cell a quantity.
    func pivotLayout(_ node: TOMLNode, _ path: String, parameters: [String]) throws -> LatexReport.Table.Layout {
        let p = try reader.table(node, path)
        try reader.checkKeys(p, allowed: ["rows", "columns", "cell"], path)
        let axes = parameters + ["partition", "claim"]
        var axis: [String] = []
        for key in ["rows", "columns"] {
            guard let name = try reader.string(p, key, path) else { throw reader.missing(key, in: path) }
            guard axes.contains(name) else {
                throw error("\(path).\(key)", "unknown pivot axis '\(name)'; expected one of: " + axes.joined(separator: ", "))
            }
            axis.append(name)
        }
        if axis[0] == axis[1] { throw error("\(path).columns", "rows and columns are both '\(axis[0])'") }
        guard let cellName = try reader.string(p, "cell", path) else { throw reader.missing("cell", in: path) }
        let quantities = LatexColumn.Quantity.allCases.map(\.rawValue).filter { $0 != "partition" }
        guard let cell = LatexColumn.Quantity(rawValue: cellName), cell != .partition else {
            throw error("\(path).cell", "unknown cell quantity '\(cellName)'; expected one of: "
                        + quantities.joined(separator: ", ") + NameSuggestion.phrase(for: cellName, among: quantities))
        }
        return .pivot(rows: axis[0], columns: axis[1], cell: cell)
    }

    /// The largest number of points of a plotted closed form.
    static let maximumPlotPoints = 200

    /// `[[report.figure]]`: `plot = "Lstar(l)"` with `variable`, `from`, `to` (exact
    /// numbers, from < to) and `points` (2…200, default 21); or `morse-index = "claim"`
    /// (a hessian claim) with `x` and `y` (parameters); both with optional `caption`
    /// and `label`.
    func figuresSection(_ node: TOMLNode?, claims: [Claim], parameters: [String],
                        definitions: Definitions) throws -> [FigureRequest] {
        guard let node, case .table(let report) = node, let figureNode = report["figure"] else { return [] }
        guard case .array(let items) = figureNode, !items.isEmpty else {
            throw error("report.figure", "expected one or more [[report.figure]]")
        }
        var figures: [FigureRequest] = []
        for (index, item) in items.enumerated() {
            let path = "report.figure[\(index + 1)]"
            let t = try reader.table(item, path)
            try reader.checkKeys(t, allowed: ["plot", "variable", "from", "to", "points", "morse-index", "x", "y",
                                              "caption", "label"], path)
            let caption = try reader.string(t, "caption", path, required: false)
            let label = try reader.string(t, "label", path, required: false)
            if let label, label.isEmpty || label.contains(where: { "{}\\%#$&~^ ".contains($0) || $0.isNewline }) {
                throw error("\(path).label", "a \\label key: letters, digits and punctuation other than { } \\ % # $ & ~ ^, no spaces")
            }
            let kind: FigureRequest.Kind
            switch (t["plot"] != nil, t["morse-index"] != nil) {
            case (true, false):
                for key in ["x", "y"] where t[key] != nil {
                    throw error("\(path).\(key)", "'\(key)' belongs to a morse-index figure; a plot has variable, from, to, points")
                }
                guard let variable = try reader.string(t, "variable", path) else { throw reader.missing("variable", in: path) }
                guard ExpressionParser.isPlainIdentifier(variable) else {
                    throw error("\(path).variable", "expected a variable name such as \"l\"")
                }
                let text = try reader.expressionText(t["plot"]!, "\(path).plot")
                let expression = try self.expression(text, "\(path).plot", known: [variable], definitions: definitions)
                var ends: [Rational] = []
                for key in ["from", "to"] {
                    guard let node = t[key] else { throw reader.missing(key, in: path) }
                    let numberText = try reader.exactNumberText(node, "\(path).\(key)")
                    guard let value = Rational(exactly: numberText) else {
                        throw error("\(path).\(key)", "expected an exact number such as \"1\" or \"25/2\"")
                    }
                    ends.append(value)
                }
                guard ends[0] < ends[1] else { throw error("\(path).to", "expected 'to' above 'from'") }
                let points = try reader.integer(t["points"], "\(path).points", in: 2...Self.maximumPlotPoints,
                                                "expected an integer number of points between 2 and \(Self.maximumPlotPoints)") ?? 21
                kind = .plot(expression: expression, text: text, variable: variable, from: ends[0], to: ends[1], points: points)
            case (false, true):
                for key in ["variable", "from", "to", "points"] where t[key] != nil {
                    throw error("\(path).\(key)", "'\(key)' belongs to a plot; a morse-index figure has x and y")
                }
                guard let name = try reader.string(t, "morse-index", path) else { throw reader.missing("morse-index", in: path) }
                guard let claim = claims.first(where: { $0.name == name }) else {
                    throw error("\(path).morse-index", "no claim named '\(name)'"
                                + NameSuggestion.phrase(for: name, among: claims.map(\.name)))
                }
                guard case .hessian = claim.kind else {
                    throw error("\(path).morse-index", "'\(name)' is not a hessian claim: it has no Morse indices")
                }
                var axes: [String] = []
                let known = parameters + claim.ranges.map(\.name)
                for key in ["x", "y"] {
                    guard let axis = try reader.string(t, key, path) else { throw reader.missing(key, in: path) }
                    guard known.contains(axis) else {
                        throw error("\(path).\(key)", "unknown parameter '\(axis)'; expected one of: " + known.joined(separator: ", "))
                    }
                    axes.append(axis)
                }
                if axes[0] == axes[1] { throw error("\(path).y", "x and y are both '\(axes[0])'") }
                kind = .morseGrid(claim: name, x: axes[0], y: axes[1])
            default:
                throw error(path, "a figure has either 'plot' (a closed form) or 'morse-index' (a hessian claim)")
            }
            figures.append(FigureRequest(kind: kind, caption: caption, label: label, keyPath: path))
        }
        return figures
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
