/// LaTeX tables for papers: one `booktabs` table per requested claim, printing only
/// certified digits (digits every number of the enclosure shares, followed by
/// `\ldots`), and upper bounds as `\le` bounds.
public enum LatexReport {
    public struct Request {
        public var claims: [String]
        public var columns: [LatexColumn]
        /// Significant digits, in `LatexReport.digitsRange`.
        public var digits: Int
        public init(claims: [String], columns: [LatexColumn] = LatexColumn.defaults, digits: Int = defaultDigits) {
            self.claims = claims; self.columns = columns; self.digits = digits
        }
    }

    /// The tables (a fragment to `\input`), or a complete document when `standalone`.
    public static func render(_ report: TheoremReport, request: Request, standalone: Bool) -> String {
        var body = ""
        for name in request.claims {
            guard let claim = report.claims.first(where: { $0.name == name }) else { continue }
            body += table(claim, report: report, request: request)
        }
        guard standalone else { return body }
        return """
        \\documentclass{article}
        \\usepackage[T1]{fontenc}
        \\usepackage[utf8]{inputenc}
        \\usepackage{amsmath,amssymb}
        \\usepackage{booktabs}
        \\usepackage{longtable}
        \\usepackage[margin=2cm]{geometry}
        \\begin{document}
        \\section*{\(escape(report.title))}
        Source: \(escape(report.source)). Loss convention: \(LossConvention.latex).
        Every number below is certified: a string of digits followed by \\ldots{} is a truncation
        shared by every point of the enclosure; $\\le b$ is a certified upper bound.

        \(body)
        \\end{document}

        """
    }

    static func table(_ claim: ClaimReport, report: TheoremReport, request: Request) -> String {
        let columns = request.columns
        var out = "\\begin{longtable}{" + String(repeating: "l", count: columns.count) + "}\n"
        out += "\\caption{\(escape(claim.name)): \(escape(claim.statement ?? claim.kind)) "
            + (claim.formulaLatex.map { "$\($0)$ " } ?? "")
            + (claim.scope.map { escape($0) + " " } ?? "")
            + (claim.instances.count == 1 ? claim.instances[0].proof.map { "[" + escape($0.summary) + "] " } ?? "" : "")
            + "(\(claim.verdict.rawValue), tolerance $\(latexNumber(claim.tolerance))$, \(escape(claim.activation)))}\\\\\n"
        out += "\\toprule\n" + columns.map(header).joined(separator: " & ") + " \\\\\n\\midrule\n\\endhead\n"
        for instance in claim.instances {
            out += columns.map { cell($0, instance, digits: request.digits) }.joined(separator: " & ") + " \\\\\n"
        }
        out += "\\bottomrule\n\\end{longtable}\n\n"
        return out
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
            case .seconds: return "s"
            case .morseIndex: return "Morse index"
            case .krawczykRadius: return "Krawczyk radius"
            case .value, .left, .right: return quantity.rawValue
            }
        case .parameter(let name): return "$\(escape(name))$"
        }
    }

    static func cell(_ column: LatexColumn, _ instance: InstanceReport, digits: Int) -> String {
        switch column {
        case .quantity(let quantity): return cell(quantity, instance, digits: digits)
        case .parameter(let name):
            return instance.parameters.values.first { $0.name == name }.map { "$\($0.value)$" } ?? ""
        }
    }

    static func cell(_ quantity: LatexColumn.Quantity, _ instance: InstanceReport, digits: Int) -> String {
        switch quantity {
        case .partition:
            return instance.partition.map { "$(" + $0.map(String.init).joined(separator: ", ") + ")$" } ?? ""
        case .loss: return certified(instance.loss, digits: digits)
        case .value: return certified(instance.value, digits: digits)
        case .left: return certified(instance.left, digits: digits)
        case .right: return certified(instance.right, digits: digits)
        case .maxGradient:
            // The bound as certified (already rounded up); no re-rounding in floating point here.
            return instance.gradientMaxAbs.map { "$\\le \(latexNumber($0.upper))$" } ?? ""
        case .verdict: return instance.verdict.rawValue
        case .precision: return String(instance.precision)
        case .seconds: return FixedDecimal.format(instance.seconds, places: 3)
        case .morseIndex: return instance.morseIndex.map(String.init) ?? ""
        case .krawczykRadius: return instance.krawczykRadius.map { "$\(latexNumber($0))$" } ?? ""
        }
    }

    /// Certified digits, cut to `digits` significant digits (a truncation of a
    /// truncation is still a valid truncation), or the bounds when none are shared.
    static func certified(_ bounds: Bounds?, digits: Int) -> String {
        guard let bounds else { return "" }
        if let shared = bounds.certifiedDigits, !shared.isEmpty {
            let cut = truncate(shared, significantDigits: digits)
            let exact = bounds.lower == bounds.upper && cut == bounds.lower
            return "$" + latexNumber(cut) + (exact ? "" : "\\ldots") + "$"
        }
        return "$[\(latexNumber(bounds.lower)), \(latexNumber(bounds.upper))]$"
    }

    /// Keeps at most `n` significant digits of a positional decimal (no rounding).
    static func truncate(_ text: String, significantDigits n: Int) -> String {
        var result = ""
        var significant = 0
        var started = false
        for c in text {
            if c.isNumber {
                if c != "0" { started = true }
                if started { significant += 1 }
                if significant > n { break }
            }
            result.append(c)
        }
        if result.hasSuffix(".") { result.removeLast() }
        return result
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
        "≤": "$\\le$", "≥": "$\\ge$", "≠": "$\\ne$", "≈": "$\\approx$", "∈": "$\\in$", "→": "$\\to$",
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
