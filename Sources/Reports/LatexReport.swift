/// LaTeX tables for papers: `booktabs` tables with a caption and a `\label`, in a row
/// layout (one row per instance, several claims joined on their instances) or a pivot
/// layout (rows from one parameter, columns from another, cells one quantity). Numbers
/// are printed to the requested significant digits, soundly: certified digits (a prefix
/// shared by every number of the enclosure, followed by `\ldots`), an enclosure of 0 as
/// `|x| \le b` with `b` rounded up, upper bounds rounded up, other enclosures rounded
/// outward. Numeric columns are aligned on the decimal point with `r@{}l` column pairs.
public enum LatexReport {
    /// One table of the document.
    public struct Table: Equatable {
        public enum Layout: Equatable {
            /// One row per instance (instances of several claims with the same parameters,
            /// partition and point share a row), with these columns.
            case rows([LatexColumn])
            /// Rows from the values of `rows`, columns from those of `columns` (each a
            /// parameter or `partition`), each cell the quantity `cell` of the instances there.
            case pivot(rows: String, columns: String, cell: LatexColumn.Quantity)
        }
        public var claims: [String]
        public var layout: Layout
        /// The caption as written (LaTeX, used verbatim); nil: the statements, scope,
        /// verdicts and activation, composed from the report.
        public var caption: String?
        /// The `\label` key; nil: `tab:` and the first claim's name.
        public var label: String?

        public init(claims: [String], layout: Layout, caption: String? = nil, label: String? = nil) {
            self.claims = claims; self.layout = layout; self.caption = caption; self.label = label
        }
    }

    public struct Request {
        public var tables: [Table]
        /// Significant digits of every number, in `LatexReport.digitsRange`.
        public var digits: Int
        /// Figures written after the tables.
        public var figures: [LatexFigure] = []

        /// One row-layout table per claim, with the same columns (the layout before
        /// `[[report.latex.table]]`).
        public init(claims: [String], columns: [LatexColumn] = LatexColumn.defaults, digits: Int = defaultDigits) {
            self.tables = claims.map { Table(claims: [$0], layout: .rows(columns)) }
            self.digits = digits
        }

        public init(tables: [Table], digits: Int = defaultDigits, figures: [LatexFigure] = []) {
            self.tables = tables; self.digits = digits; self.figures = figures
        }

        /// Every claim some table shows, in order.
        public var claims: [String] {
            var seen: [String] = []
            for name in tables.flatMap(\.claims) where !seen.contains(name) { seen.append(name) }
            return seen
        }

        /// The columns of the first row-layout table (`LatexColumn.defaults` when none).
        public var columns: [LatexColumn] {
            for table in tables { if case .rows(let columns) = table.layout { return columns } }
            return LatexColumn.defaults
        }
    }

    /// Tables longer than this many rows become `longtable`s (which break across pages
    /// but need a second pdflatex pass to settle their column widths).
    public static let longTableRows = 50

    /// The tables and figures (a fragment to `\input`), or a complete document when
    /// `standalone`.
    public static func render(_ report: TheoremReport, request: Request, standalone: Bool) -> String {
        var body = ""
        var labels: [String] = []
        var usesLongtable = false
        for table in request.tables {
            let claims = table.claims.compactMap { name in report.claims.first { $0.name == name } }
            guard !claims.isEmpty else { continue }
            var label = table.label ?? "tab:" + labelKey(claims[0].name)
            if table.label == nil, labels.contains(label) {
                var i = 2
                while labels.contains("\(label)-\(i)") { i += 1 }
                label += "-\(i)"
            }
            labels.append(label)
            let grid = self.grid(table, claims: claims, digits: request.digits)
            let caption = table.caption ?? self.caption(claims)
            usesLongtable = usesLongtable || grid.rows.count > longTableRows
            body += render(grid, caption: caption, label: label)
        }
        for figure in request.figures { body += figure.latex }
        guard standalone else { return body }
        let packages = ["amsmath", "amssymb", "booktabs", "graphicx"] + (usesLongtable ? ["longtable"] : [])
            + (request.figures.isEmpty ? [] : ["pgfplots"])
        return """
        \\documentclass{article}
        \\usepackage[T1]{fontenc}
        \\usepackage[utf8]{inputenc}
        \\usepackage{\(packages.joined(separator: ","))}
        \(request.figures.isEmpty ? "" : "\\pgfplotsset{compat=1.16}\n")\\usepackage[margin=2cm]{geometry}
        \\makeatletter\\setlength{\\@fptop}{0pt}\\setlength{\\@fpsep}{2\\baselineskip}\\makeatother
        \\begin{document}
        \\section*{\(escape(report.title))}
        Source: \(escape(report.source)). Loss convention: \(LossConvention.latex).
        Every number below is certified: digits followed by \\ldots{} are a truncation of the exact value
        (shared by every point of its enclosure); $\\le b$ and $|x| \\le b$ are certified upper bounds
        (rounded up); $[a, b]$ is an enclosure (rounded outward).

        \(body)
        \\end{document}

        """
    }

    // MARK: Cells

    /// A cell: a number split at its decimal point (for `r@{}l` alignment), text, or nothing.
    enum Cell: Hashable {
        case number(whole: String, fraction: String)
        case text(String)
        case empty

        /// The LaTeX of the cell in a column of `style`.
        func latex(_ style: ColumnStyle) -> String {
            switch (self, style) {
            case (.number(let whole, let fraction), .numeric):
                return "$\(whole)$ & " + (fraction.isEmpty ? "" : "$\(fraction)$")
            case (.number(let whole, let fraction), .plain):
                return "$\(whole)\(fraction)$"
            case (.text(let text), .numeric): return "\\multicolumn{2}{c}{\(text)}"
            case (.text(let text), .plain): return text
            case (.empty, .numeric): return " & "
            case (.empty, .plain): return ""
            }
        }
    }

    enum ColumnStyle: Equatable {
        /// Two columns `r@{}l`, the decimal point between them.
        case numeric
        /// One column with this alignment (`r`, `l`, `c`).
        case plain(Character)

        var spec: String {
            switch self {
            case .numeric: return "r@{}l"
            case .plain(let c): return String(c)
            }
        }
        var width: Int { self == .numeric ? 2 : 1 }
    }

    static func style(_ quantity: LatexColumn.Quantity) -> ColumnStyle {
        switch quantity {
        case .loss, .value, .left, .right, .maxGradient, .seconds: return .numeric
        case .precision, .morseIndex, .nullity: return .plain("r")
        case .difference: return .numeric
        case .partition, .verdict, .krawczykRadius, .point: return .plain("l")
        }
    }

    static func style(_ column: LatexColumn) -> ColumnStyle {
        switch column {
        case .quantity(let quantity): return style(quantity)
        case .parameter: return .plain("r")
        }
    }

    /// A number printed as LaTeX (`d.ddd`, optionally followed by `\ldots`, times a power
    /// of ten when the exponent is large), split at the decimal point, after `prefix`.
    static func number(_ value: DecimalText, ellipsis: Bool, prefix: String = "") -> Cell {
        number(sharedText: value.text, ellipsis: ellipsis, prefix: prefix)
    }

    /// `number` for a decimal already laid out as reports print them (`0.1640`, `1.5e-30`).
    static func number(sharedText: String, ellipsis: Bool, prefix: String = "") -> Cell {
        var text = sharedText
        var exponent: String?
        if let e = text.firstIndex(of: "e") {
            exponent = String(text[text.index(after: e)...])
            text = String(text[..<e])
        }
        let tail = (ellipsis ? "\\ldots" : "") + (exponent.map { "\\times 10^{\($0)}" } ?? "")
        if let point = text.firstIndex(of: ".") {
            return .number(whole: prefix + text[..<point], fraction: String(text[point...]) + tail)
        }
        return .number(whole: prefix + text, fraction: tail)
    }

    /// An enclosure at `digits` significant digits: its certified digits (truncated
    /// further, which keeps them a truncation of the exact value) followed by `\ldots`,
    /// or the exact value; an enclosure of 0 as `|symbol| \le b`, `b` the larger end's
    /// magnitude rounded up; else both ends rounded outward.
    static func enclosure(_ bounds: Bounds?, symbol: String, digits n: Int) -> Cell {
        guard let bounds else { return .empty }
        guard let lower = DecimalText(bounds.lower), let upper = DecimalText(bounds.upper) else {
            return .text("$[\(latexNumber(bounds.lower)), \(latexNumber(bounds.upper))]$")
        }
        if let sharedText = bounds.certifiedDigits, let shared = DecimalText(sharedText), !shared.isZero {
            let cut = shared.truncated(significantDigits: n)
            let exact = lower == upper && cut == lower
            // Printed from the text, so that certified trailing zeros stay (0.1640…, not 0.164…).
            return number(sharedText: truncate(sharedText, significantDigits: n), ellipsis: !exact)
        }
        if lower.isZero && upper.isZero { return .number(whole: "0", fraction: "") }
        if !upper.negative && (lower.negative || lower.isZero) {
            let bound = DecimalText.maxMagnitude(lower, upper).rounded(significantDigits: n, up: true)
            return number(bound, ellipsis: false, prefix: "|\(symbol)| \\le ")
        }
        let low = lower.rounded(significantDigits: n, up: false), high = upper.rounded(significantDigits: n, up: true)
        return .text("$[" + latexNumber(low.text) + ", " + latexNumber(high.text) + "]$")
    }

    /// Certified digits cut to `digits` significant digits (a truncation of a
    /// truncation is still a valid truncation), or the bounds when none are shared.
    static func certified(_ bounds: Bounds?, digits: Int) -> String {
        enclosure(bounds, symbol: "x", digits: digits).latex(.plain("l"))
    }

    static func cell(_ quantity: LatexColumn.Quantity, _ instance: InstanceReport, digits: Int) -> Cell {
        switch quantity {
        case .partition:
            return instance.partition.map { .text("$(" + $0.map(String.init).joined(separator: ", ") + ")$") } ?? .empty
        case .loss: return enclosure(instance.loss, symbol: "L", digits: digits)
        case .value: return enclosure(instance.value, symbol: "x", digits: digits)
        case .left: return enclosure(instance.left, symbol: "x", digits: digits)
        case .right: return enclosure(instance.right, symbol: "x", digits: digits)
        case .difference: return enclosure(instance.difference, symbol: "x", digits: digits)
        case .point:
            return instance.point.map { .text("$(" + $0.map(escape).joined(separator: ", ") + ")$") } ?? .empty
        case .maxGradient:
            // The certified bound, rounded up once more to the requested digits.
            guard let bound = instance.gradientMaxAbs else { return .empty }
            guard let value = DecimalText(bound.upper) else { return .text("$\\le \(latexNumber(bound.upper))$") }
            return number(value.rounded(significantDigits: digits, up: true), ellipsis: false, prefix: "\\le ")
        case .verdict: return .text(instance.verdict.rawValue)
        case .precision: return .number(whole: String(instance.precision), fraction: "")
        case .seconds:
            let text = FixedDecimal.format(instance.seconds, places: 3)
            return DecimalText(text).map { _ in
                let parts = text.split(separator: ".")
                return .number(whole: String(parts[0]), fraction: parts.count > 1 ? "." + parts[1] : "")
            } ?? .text(text)
        case .morseIndex: return instance.morseIndex.map { .number(whole: String($0), fraction: "") } ?? .empty
        case .nullity: return instance.nullity.map { .number(whole: String($0), fraction: "") } ?? .empty
        case .krawczykRadius:
            guard let radius = instance.krawczykRadius else { return .empty }
            if radius.hasPrefix("2^") { return .text("$2^{" + radius.dropFirst(2) + "}$") }
            return .text("$\(latexNumber(radius))$")
        }
    }

    static func cell(_ column: LatexColumn, _ instance: InstanceReport, digits: Int) -> Cell {
        switch column {
        case .quantity(let quantity): return cell(quantity, instance, digits: digits)
        case .parameter(let name):
            return instance.parameters.values.first { $0.name == name }.map { .number(whole: String($0.value), fraction: "") }
                ?? .empty
        }
    }

    /// The cell of `column` over instances of several claims at one row: the verdict is
    /// the weakest; any other quantity the first claim's that has it (identical values
    /// once; different ones listed).
    static func combined(_ column: LatexColumn, _ instances: [InstanceReport], digits: Int) -> Cell {
        if column == .quantity(.verdict) {
            return instances.isEmpty ? .empty : .text(Verdict.weakest(instances.map(\.verdict)).rawValue)
        }
        var cells: [Cell] = []
        for instance in instances {
            let c = cell(column, instance, digits: digits)
            if c != .empty && !cells.contains(c) { cells.append(c) }
        }
        if cells.count <= 1 { return cells.first ?? .empty }
        // Several integers (Morse indices of several partitions): in increasing order.
        let integers = cells.compactMap { cell -> Int? in
            if case .number(let whole, "") = cell { return Int(whole) }
            return nil
        }
        if integers.count == cells.count {
            return .text("$" + integers.sorted().map(String.init).joined(separator: ", ") + "$")
        }
        return .text(cells.map { $0.latex(.plain("l")) }.joined(separator: ", "))
    }

    static func header(_ column: LatexColumn) -> String {
        switch column {
        case .quantity(let quantity):
            switch quantity {
            case .partition: return "partition"
            case .loss: return "$L$"
            case .maxGradient: return "$\\max|\\nabla L|$"
            case .verdict: return "verdict"
            case .precision: return "bits"
            case .seconds: return "time (s)"
            case .morseIndex: return "Morse index"
            case .nullity: return "nullity"
            case .krawczykRadius: return "Krawczyk radius"
            case .value: return "value"
            case .left: return "left side"
            case .right: return "right side"
            case .point: return "$(q_1, q_2, q_{12})$"
            case .difference: return "difference"
            }
        case .parameter(let name): return "$\(mathName(name))$"
        }
    }

    /// A parameter name as math: single letters as they are, longer names upright.
    static func mathName(_ name: String) -> String {
        name.count == 1 ? escape(name) : "\\mathrm{\(escape(name))}"
    }

    // MARK: Grids

    /// A table's content before layout: column headers and styles, and rows of cells.
    struct Grid {
        var headers: [String]
        var styles: [ColumnStyle]
        /// A header row spanning the value columns of a pivot (`n`), or nil.
        var spanHeader: String?
        var rows: [[Cell]]
    }

    /// The key instances of different claims share a row by.
    static func rowKey(_ instance: InstanceReport) -> String {
        instance.parameters.text + "|" + (instance.partition?.map(String.init).joined(separator: ",") ?? "")
            + "|" + (instance.point?.joined(separator: ",") ?? "") + "|" + (instance.proof?.scope ?? "")
    }

    /// A value along a pivot axis: a parameter's value or a partition.
    enum AxisValue: Hashable, Comparable {
        case integer(Int)
        case partition([Int])
        /// The claim at this position of the table's claims, with its header.
        case claim(Int, String)

        static func < (a: AxisValue, b: AxisValue) -> Bool {
            switch (a, b) {
            case let (.integer(x), .integer(y)): return x < y
            case let (.partition(x), .partition(y)):
                // Fewer blocks first, then larger leading blocks first: (3), (2, 1), (1, 1, 1).
                if x.count != y.count { return x.count < y.count }
                return x.lexicographicallyPrecedes(y) == false && x != y
            case let (.claim(x, _), .claim(y, _)): return x < y
            default: return a.rank < b.rank
            }
        }

        var rank: Int {
            switch self {
            case .integer: return 0
            case .partition: return 1
            case .claim: return 2
            }
        }

        var latex: String {
            switch self {
            case .integer(let x): return "$\(x)$"
            case .partition(let p): return "$(" + p.map(String.init).joined(separator: ", ") + ")$"
            case .claim(_, let header): return header
            }
        }
    }

    static func axisValue(_ axis: String, _ instance: InstanceReport, claim: AxisValue) -> AxisValue? {
        if axis == "claim" { return claim }
        if axis == "partition" { return instance.partition.map(AxisValue.partition) }
        return instance.parameters.values.first { $0.name == axis }.map { .integer($0.value) }
    }

    static func grid(_ table: Table, claims: [ClaimReport], digits: Int) -> Grid {
        switch table.layout {
        case .rows(let columns):
            var order: [String] = []
            var byKey: [String: [InstanceReport]] = [:]
            for claim in claims {
                for instance in claim.instances {
                    let key = rowKey(instance)
                    if byKey[key] == nil { order.append(key) }
                    byKey[key, default: []].append(instance)
                }
            }
            var rows = order.map { key in columns.map { combined($0, byKey[key]!, digits: digits) } }
            // A column empty in every row says nothing: left out (unless all are). With the
            // default columns, so is a verdict column that is the same in every row (the
            // composed caption states it).
            let sameVerdict = columns == LatexColumn.defaults && table.caption == nil
                && Set(rows.compactMap { row -> Cell? in
                    columns.firstIndex(of: .quantity(.verdict)).map { row[$0] } }).count <= 1
            let kept = columns.indices.filter { i in
                rows.contains { $0[i] != .empty } && !(sameVerdict && columns[i] == .quantity(.verdict))
            }
            // Nothing left but a uniform verdict (a statement proved over a range is one
            // row): show the columns that have something, the verdict.
            let nonEmpty = columns.indices.filter { i in rows.contains { $0[i] != .empty } }
            let shown = !kept.isEmpty ? kept : (nonEmpty.isEmpty ? Array(columns.indices) : nonEmpty)
            rows = rows.map { row in shown.map { row[$0] } }
            return Grid(headers: shown.map { header(columns[$0]) }, styles: shown.map { style(columns[$0]) },
                        spanHeader: nil, rows: rows)
        case let .pivot(rowAxis, columnAxis, quantity):
            // A claim along an axis is headed by its activation when the claims differ in
            // activation, else by its statement.
            let distinctActivations = Set(claims.map(\.activation)).count == claims.count
            var rowValues = Set<AxisValue>(), columnValues = Set<AxisValue>()
            var byCell: [AxisValue: [AxisValue: [InstanceReport]]] = [:]
            for (index, claim) in claims.enumerated() {
                let header = distinctActivations
                    ? (claim.activationLatex.map { "$\\sigma(z) = \($0)$" } ?? escape(claim.activation))
                    : escape(sentence(claim.statement ?? claim.name))
                for instance in claim.instances {
                guard let r = axisValue(rowAxis, instance, claim: .claim(index, header)),
                      let c = axisValue(columnAxis, instance, claim: .claim(index, header)) else { continue }
                rowValues.insert(r); columnValues.insert(c)
                byCell[r, default: [:]][c, default: []].append(instance)
                }
            }
            let sortedColumns = columnValues.sorted()
            let rows = rowValues.sorted().map { r in
                [Cell.text(r.latex)] + sortedColumns.map { c in
                    combined(.quantity(quantity), byCell[r]?[c] ?? [], digits: digits)
                }
            }
            let valueStyle = style(quantity)
            return Grid(headers: [axisHeader(rowAxis)] + sortedColumns.map(\.latex),
                        styles: [.plain("r")] + Array(repeating: valueStyle, count: sortedColumns.count),
                        spanHeader: columnAxis == "claim" ? header(.quantity(quantity))
                            : header(.quantity(quantity)) + " at " + axisHeader(columnAxis) + " =", rows: rows)
        }
    }

    static func axisHeader(_ axis: String) -> String {
        axis == "partition" || axis == "claim" ? axis : "$\(mathName(axis))$"
    }

    /// The table: `table` + `tabular` for short tables (one pdflatex pass), `longtable`
    /// for long ones; shrunk to the line width only when wider (graphicx `\resizebox`
    /// measuring its natural width), so that no box overflows.
    static func render(_ grid: Grid, caption: String, label: String) -> String {
        let spec = grid.styles.map(\.spec).joined()
        let width = grid.styles.map(\.width).reduce(0, +)
        var head = ""
        if let span = grid.spanHeader {
            let first = grid.styles[0].width
            head += String(repeating: " & ", count: first) + "\\multicolumn{\(width - first)}{c}{\(span)} \\\\\n"
            head += "\\cmidrule(l){\(first + 1)-\(width)}\n"
        }
        head += zip(grid.headers, grid.styles).map { header, style in
            style == .numeric ? "\\multicolumn{2}{c}{\(header)}" : header
        }.joined(separator: " & ") + " \\\\\n\\midrule\n"
        let body = grid.rows.map { row in
            zip(row, grid.styles).map { $0.latex($1) }.joined(separator: " & ") + " \\\\\n"
        }.joined()
        let size = fontSize(grid)
        if grid.rows.count > longTableRows {
            return "\\begin{longtable}{\(spec)}\n\\caption{\(caption)}\\label{\(label)}\\\\\n\\toprule\n" + head
                + "\\endfirsthead\n\\toprule\n" + head + "\\endhead\n\\bottomrule\n\\endlastfoot\n"
                + body + "\\end{longtable}\n\n"
        }
        return "\\begin{table}[!htbp]\n\\centering\n\\caption{\(caption)}\\label{\(label)}\n"
            + size + "\\resizebox{\\ifdim\\width>\\linewidth\\linewidth\\else\\width\\fi}{!}{%\n"
            + "\\begin{tabular}{\(spec)}\n\\toprule\n" + head + body + "\\bottomrule\n\\end{tabular}}\n\\end{table}\n\n"
    }

    /// `\small` or `\footnotesize` (with narrower column gaps) for a table whose
    /// estimated width — the widest cell of each column in characters — would not fit
    /// the text width at normal size, or that is tall; the `\resizebox` remains the
    /// safety net for the width.
    static func fontSize(_ grid: Grid) -> String {
        var total = 0
        for column in grid.headers.indices {
            let widest = grid.rows.map { visibleLength($0[column].latex(grid.styles[column])) }.max() ?? 0
            total += max(widest, grid.styles[column] == .numeric ? 1 : visibleLength(grid.headers[column])) + 2
        }
        // A tall table (more than 35 rows) in \footnotesize too, so that one of up to 50
        // rows fits a page with its caption rather than floating to a page of its own.
        if total > 110 || grid.rows.count > 35 { return "\\footnotesize\\setlength{\\tabcolsep}{3pt}\n" }
        if total > 85 { return "\\small\\setlength{\\tabcolsep}{4pt}\n" }
        return ""
    }

    /// Roughly the printed width of LaTeX in characters: commands count 1 (`\ldots` 2),
    /// braces and `$` nothing.
    static func visibleLength(_ latex: String) -> Int {
        var n = 0
        var inCommand = false
        var command = ""
        for c in latex {
            if inCommand {
                if c.isLetter { command.append(c); continue }
                n += command == "ldots" ? 2 : command == "multicolumn" ? -3 : 1
                inCommand = false
            }
            if c == "\\" { inCommand = true; command = ""; continue }
            if "{}$&".contains(c) { continue }
            n += 1
        }
        if inCommand { n += 1 }
        return max(n, 0)
    }

    // MARK: Captions

    /// What the table shows, composed from the report: each claim's statement (its
    /// formula, its scope), the verdicts, the tolerance when something was VERIFIED,
    /// the activation, and "modulo the scaling symmetry" where that is what holds.
    static func caption(_ claims: [ClaimReport]) -> String {
        var sentences: [String] = []
        for claim in claims {
            var sentence = escape(sentence(claim.statement ?? claim.kind))
            if let formula = claim.formulaLatex { sentence += ": $\(formula)$" }
            if let scope = claim.scope { sentence += ", " + escape(scope) }
            if claim.instances.count == 1, let proof = claim.instances[0].proof {
                sentence += " (" + escape(captionSummary(proof.summary)) + ")"
            }
            sentences.append(sentence + ".")
        }
        let instances = claims.flatMap(\.instances)
        let verdicts = Verdict.allCases.compactMap { verdict -> String? in
            let n = instances.filter { $0.verdict == verdict }.count
            return n == 0 ? nil : "\(n) \(verdict.rawValue)"
        }
        var status: String
        if claims.count == 1, claims[0].scope != nil {
            status = claims[0].verdict.rawValue
        } else if verdicts.count == 1 {
            status = (instances.count == 1 ? "The instance is " : "All \(instances.count) instances ")
                + instances[0].verdict.rawValue
        } else {
            status = "Instances: " + verdicts.joined(separator: ", ")
        }
        if instances.contains(where: { $0.verdict == .verified }) {
            let tolerances = Array(Set(claims.map(\.tolerance))).sorted()
            status += " (tolerance " + tolerances.map { "$\(latexNumber($0))$" }.joined(separator: ", ") + ")"
        }
        if claims.contains(where: { $0.moduloSymmetry == true }) { status += ", modulo the scaling symmetry" }
        let activations = Array(Set(claims.map { $0.activationLatex.map { "$\\sigma(z) = \($0)$" } ?? escape($0.activation) }))
            .sorted()
        status += "; activation " + activations.joined(separator: ", ") + "."
        return (sentences + [status]).joined(separator: " ")
    }

    /// A proof's summary short enough for a caption: a long one (the steps of a proof for
    /// every k) is cut at its first colon, the steps being in the text and JSON reports.
    static func captionSummary(_ summary: String) -> String {
        let limit = 240
        guard summary.count > limit else { return summary }
        if let colon = summary.range(of: ": "), summary.distance(from: summary.startIndex, to: colon.lowerBound) <= limit {
            return String(summary[..<colon.lowerBound]) + "; each step is listed in the text and JSON reports"
        }
        return String(summary.prefix(limit)) + "…"
    }

    /// `text` with its first letter capitalized when it is an ASCII letter (a symbol such
    /// as κ stays as written: κ_erf is not Κ_erf).
    static func sentence(_ text: String) -> String {
        guard let first = text.first, first.isASCII, first.isLowercase else { return text }
        return first.uppercased() + text.dropFirst()
    }

    /// A `\label` key from a name: letters, digits, `-`, `:` and `.` kept, others `-`.
    static func labelKey(_ name: String) -> String {
        String(name.map { $0.isASCII && ($0.isLetter || $0.isNumber || "-:.".contains($0)) ? $0 : "-" })
    }

    // MARK: Text

    /// Keeps at most `n` significant digits of a positional or exponent decimal by
    /// truncation (no rounding), keeping its exponent.
    static func truncate(_ text: String, significantDigits n: Int) -> String {
        var mantissa = Substring(text), exponent = Substring("")
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]; exponent = text[e...]
        }
        var result = ""
        var significant = 0
        var started = false
        for c in mantissa {
            if c.isNumber {
                if c != "0" { started = true }
                if started { significant += 1 }
                if significant > n { break }
            }
            result.append(c)
        }
        if result.hasSuffix(".") { result.removeLast() }
        return result + exponent
    }

    /// A decimal such as `3.1e-38` as LaTeX (`3.1\times 10^{-38}`).
    static func latexNumber(_ text: String) -> String {
        let lower = text.lowercased()
        if let e = lower.firstIndex(of: "e") {
            let mantissa = String(text[..<e]), exponent = String(text[text.index(after: e)...])
            let exp = exponent.hasPrefix("+") ? String(exponent.dropFirst()) : exponent
            return (mantissa == "1" ? "" : mantissa + "\\times ") + "10^{\(exp)}"
        }
        return text
    }

    /// LaTeX for mathematical characters that users write in statements.
    static let unicodeMath: [Character: String] = [
        "≤": "$\\le$", "≥": "$\\ge$", "≡": "$\\equiv$", "Δ": "$\\Delta$", "⁻": "$^{-}$", "¹": "$^1$", "≠": "$\\ne$", "≈": "$\\approx$", "∈": "$\\in$", "→": "$\\to$",
        "⊂": "$\\subset$", "∞": "$\\infty$", "·": "$\\cdot$", "×": "$\\times$", "−": "$-$", "±": "$\\pm$",
        "√": "$\\surd$", "∂": "$\\partial$", "∇": "$\\nabla$", "Σ": "$\\Sigma$", "∑": "$\\sum$", "‖": "$\\|$",
        "α": "$\\alpha$", "β": "$\\beta$", "γ": "$\\gamma$", "δ": "$\\delta$", "ε": "$\\varepsilon$",
        "κ": "$\\kappa$", "λ": "$\\lambda$", "μ": "$\\mu$", "π": "$\\pi$", "ρ": "$\\rho$", "σ": "$\\sigma$",
        "φ": "$\\varphi$", "Φ": "$\\Phi$", "ℓ": "$\\ell$", "²": "$^2$", "³": "$^3$", "ᵀ": "$^{\\top}$",
        "ᵢ": "$_i$", "ⱼ": "$_j$", "…": "\\ldots{}", "–": "--", "—": "---", "‘": "`", "’": "'", "“": "``", "”": "''",
    ]

    /// Escapes text for LaTeX (pdflatex with T1 fonts and UTF-8 input): special
    /// characters are escaped, common mathematical symbols become math-mode commands,
    /// and any other character outside Latin-1 and Latin Extended-A becomes `?` so that
    /// the document always compiles.
    static func escape(_ text: String) -> String {
        var out = ""
        // ASCII comparisons as users type them ("k <= 12") print as the symbols.
        let text = text.replacingOccurrences(of: "<=", with: "≤").replacingOccurrences(of: ">=", with: "≥")
            .replacingOccurrences(of: "!=", with: "≠")
        for c in text {
            if let replacement = unicodeMath[c] { out += replacement; continue }
            if let scalar = c.unicodeScalars.first, c.unicodeScalars.count == 1, scalar.value > 0x17F {
                out += "?"; continue
            }
            switch c {
            case "\\": out += "\\textbackslash{}"
            case "&", "%", "$", "#", "_", "{", "}": out += "\\\(c)"
            case "~": out += "\\textasciitilde{}"
            case "^": out += "\\textasciicircum{}"
            default: out.append(c)
            }
        }
        return out
    }
}

/// A figure written after the tables (pgfplots), a complete `figure` environment.
public struct LatexFigure {
    public var latex: String
    public init(latex: String) { self.latex = latex }

    /// One point of a plotted closed form: the exact abscissa (as LaTeX-free decimal
    /// text) and a certified enclosure `[lower, upper]` of the value there, both ends
    /// already rounded outward to what pgfplots reads (decimal text).
    public struct PlotPoint: Equatable {
        public var x: String
        public var lower: String
        public var upper: String
        public init(x: String, lower: String, upper: String) { self.x = x; self.lower = lower; self.upper = upper }
    }

    /// The plot of `expression` (LaTeX) in `variable`: the certified enclosures as a
    /// filled band between their lower and upper ends (through every point), with a
    /// mark at each point; `undefined` lists the abscissas where the expression could
    /// not be evaluated (domain), said in the caption.
    public static func plot(expressionLatex: String, variable: String, points: [PlotPoint], undefined: [String],
                            widest: String?, caption: String?, label: String) -> LatexFigure {
        let variableMath = LatexReport.mathName(variable)
        let composed = "The closed form $\(expressionLatex)$ at \(points.count) points of $\(variableMath)$: "
            + "each point is a certified enclosure (drawn as a band between its ends"
            + (widest.map { "; the widest has width $\\le \(LatexReport.latexNumber($0))$" } ?? "") + ")"
            + (undefined.isEmpty ? "" : "; not defined at $\(variableMath) = " + undefined.joined(separator: ", ") + "$") + "."
        let band = points.map { "(\($0.x),\($0.lower))" }.joined(separator: " ")
            + " " + points.reversed().map { "(\($0.x),\($0.upper))" }.joined(separator: " ")
        let marks = points.map { "(\($0.x),\($0.upper))" }.joined(separator: " ")
        let latex = """
        \\begin{figure}[!htbp]
        \\centering
        \\begin{tikzpicture}
        \\begin{axis}[width=0.7\\linewidth, height=0.45\\linewidth, xlabel={$\(variableMath)$},
          ylabel={$\(expressionLatex)$}, grid=major, scaled y ticks=false,
          yticklabel style={/pgf/number format/fixed, /pgf/number format/precision=3}]
        \\addplot[fill=blue!25, draw=blue, thin] coordinates {\(band)} -- cycle;
        \\addplot[only marks, mark=*, mark size=1pt, blue] coordinates {\(marks)};
        \\end{axis}
        \\end{tikzpicture}
        \\caption{\(caption ?? composed)}\\label{\(label)}
        \\end{figure}


        """
        return LatexFigure(latex: latex)
    }

    /// The Morse indices of a hessian claim on the grid of two parameters: a mark at
    /// each (x, y) with an instance, labelled with the indices found there (several when
    /// several partitions share the point).
    public static func morseGrid(_ claim: ClaimReport, x: String, y: String, caption: String?, label: String) -> LatexFigure {
        var indices: [[Int]: [Int]] = [:]
        var order: [[Int]] = []
        for instance in claim.instances {
            guard let index = instance.morseIndex,
                  let xv = instance.parameters.values.first(where: { $0.name == x })?.value,
                  let yv = instance.parameters.values.first(where: { $0.name == y })?.value else { continue }
            if indices[[xv, yv]] == nil { order.append([xv, yv]) }
            if !indices[[xv, yv], default: []].contains(index) { indices[[xv, yv], default: []].append(index) }
        }
        let coordinates = order.sorted { ($0[0], $0[1]) < ($1[0], $1[1]) }.map { p in
            "(\(p[0]),\(p[1])) [{\(indices[p]!.sorted().map(String.init).joined(separator: ","))}]"
        }.joined(separator: " ")
        let xs = Set(order.map { $0[0] }), ys = Set(order.map { $0[1] })
        let composed = LatexReport.escape(LatexReport.sentence(claim.statement ?? claim.name))
            + ". The Morse index (number of negative Hessian eigenvalues) at each $(\(LatexReport.mathName(x)), "
            + "\(LatexReport.mathName(y)))$; several indices where several partitions share the point"
            + (claim.moduloSymmetry == true ? "; modulo the scaling symmetry" : "") + ". Verdict: \(claim.verdict.rawValue)."
        let latex = """
        \\begin{figure}[!htbp]
        \\centering
        \\begin{tikzpicture}
        \\begin{axis}[width=0.7\\linewidth, height=0.5\\linewidth, xlabel={$\(LatexReport.mathName(x))$},
          ylabel={$\(LatexReport.mathName(y))$}, xmin=\((xs.min() ?? 0) - 1), xmax=\((xs.max() ?? 1) + 1),
          ymin=\((ys.min() ?? 0) - 1), ymax=\((ys.max() ?? 1) + 1), xtick distance=1, ytick distance=1,
          nodes near coords, point meta=explicit symbolic, nodes near coords align={above},
          every node near coord/.append style={font=\\scriptsize}]
        \\addplot[only marks, mark=square*, mark size=1.5pt, black!60] coordinates {\(coordinates)};
        \\end{axis}
        \\end{tikzpicture}
        \\caption{\(caption ?? composed)}\\label{\(label)}
        \\end{figure}


        """
        return LatexFigure(latex: latex)
    }
}
