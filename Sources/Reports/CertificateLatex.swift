/// The LaTeX page of `verify certify --latex FILE`: the certified critical point of a
/// trained student — verdict, type (Morse index, and where it is counted), loss enclosure,
/// gradient bound, distance from the input weights, and the point, coordinate by
/// coordinate, as certified digits. Plain data in, text out: every number arrives as a
/// certified decimal (`Bounds`, or an upper bound already rounded up) from the caller.
public enum CertificateLatex {
    /// A coordinate of the critical point: `decimal ± halfWidth` (the exact coordinate lies in
    /// that interval; `halfWidth` an upper bound, rounded up), or exactly `decimal` when
    /// `halfWidth` is nil.
    public struct Value {
        public var decimal: String
        public var halfWidth: String?
        public init(decimal: String, halfWidth: String?) { self.decimal = decimal; self.halfWidth = halfWidth }

        var latex: String {
            "$" + LatexReport.latexNumber(decimal) + (halfWidth.map { " \\pm " + LatexReport.latexNumber($0) } ?? "") + "$"
        }
    }

    public struct Coordinates {
        /// `w_3` or `a_3`.
        public var name: String
        public var values: [Value]
        public init(name: String, values: [Value]) { self.name = name; self.values = values }
    }

    public struct Page {
        public var weightsFile: String
        /// The activation as LaTeX math (`\operatorname{erf}(z/\sqrt{2})`).
        public var activationLatex: String
        public var teacher: String
        public var students: Int
        public var inputDimension: Int
        public var precision: Int
        /// "PROVED".
        public var verdict: String
        /// What the Krawczyk test proved (plain text).
        public var statement: String
        /// Upper bound on the contraction (decimal).
        public var contraction: String
        /// The type in words (plain text), with the Morse index and where it is counted.
        public var type: String
        public var morseIndex: Int?
        public var hessianDimension: Int
        /// True when the index is counted on the complement of the scaling directions.
        public var moduloScaling: Bool
        public var loss: Bounds
        /// Upper bounds, rounded up (decimals).
        public var gradientBound: String
        public var distanceMaxNorm: String
        public var distanceEuclidean: String
        /// The box radius as LaTeX math (`2^{-64}`).
        public var radius: String
        public var point: [Coordinates]

        public init(weightsFile: String, activationLatex: String, teacher: String, students: Int, inputDimension: Int,
                    precision: Int, verdict: String, statement: String, contraction: String, type: String, morseIndex: Int?,
                    hessianDimension: Int, moduloScaling: Bool, loss: Bounds, gradientBound: String, distanceMaxNorm: String,
                    distanceEuclidean: String, radius: String, point: [Coordinates]) {
            self.weightsFile = weightsFile; self.activationLatex = activationLatex; self.teacher = teacher
            self.students = students; self.inputDimension = inputDimension; self.precision = precision
            self.verdict = verdict; self.statement = statement; self.contraction = contraction; self.type = type
            self.morseIndex = morseIndex; self.hessianDimension = hessianDimension; self.moduloScaling = moduloScaling
            self.loss = loss; self.gradientBound = gradientBound; self.distanceMaxNorm = distanceMaxNorm
            self.distanceEuclidean = distanceEuclidean; self.radius = radius; self.point = point
        }
    }

    /// A fragment to `\input` (needs `amsmath` and `booktabs`), or a complete document when
    /// `standalone`; coordinates and the loss at `digits` significant digits (certified
    /// digits truncated, followed by `\ldots`; exact values without).
    public static func render(_ page: Page, digits: Int, standalone: Bool) -> String {
        let e = LatexReport.escape
        func math(_ decimal: String) -> String { "$" + LatexReport.latexNumber(decimal) + "$" }
        let index: String
        if let morse = page.morseIndex {
            index = "\(morse) of \(page.hessianDimension)"
                + (page.moduloScaling ? " (on the complement of the scaling directions: modulo the scaling symmetry)"
                   : " (on all parameters)")
        } else {
            index = "not certified"
        }
        var body = """
        \\begin{table}[htbp]
        \\centering\\small
        \\begin{tabular}{@{}lp{0.72\\linewidth}@{}}
        \\toprule
        verdict & \(e(page.verdict)):  \(e(page.statement)) (Krawczyk, contraction $\\le$ \(math(page.contraction))) \\\\
        type & \(e(page.type)) \\\\
        Morse index & \(e(index)) \\\\
        loss & $L \\in$ \(LatexReport.certified(page.loss, digits: digits)) \\quad ($L = \\mathbb{E}[(f - f^*)^2]$, no factor $1/2$) \\\\
        gradient & $\\max_i |\\partial L/\\partial \\theta_i| \\le$ \(math(page.gradientBound)) over the box \\\\
        distance & from the input weights: $\\|\\cdot\\|_\\infty \\le$ \(math(page.distanceMaxNorm)), $\\|\\cdot\\|_2 \\le$ \(math(page.distanceEuclidean)) \\\\
        \\midrule

        """
        for coordinates in page.point {
            let values = coordinates.values.map(\.latex).joined(separator: ", ")
            let name = coordinates.name.split(separator: "_").map(String.init)
            let symbol = name.count == 2 ? "$\(name[0])_{\(name[1])}$" : e(coordinates.name)
            body += "\(symbol) & \\raggedright " + (coordinates.values.count > 1 ? "$($" + values + "$)$" : values) + "\\tabularnewline\n"
        }
        body += """
        \\bottomrule
        \\end{tabular}
        \\caption{Certified critical point of the population loss near the weights in \(e(page.weightsFile)): \
        $\\sigma(z) = \(page.activationLatex)$, teacher \(e(page.teacher)), $n = \(page.students)$ students, $d = \(page.inputDimension)$, \
        \(page.precision)-bit interval arithmetic. The box of radius $r = \(page.radius)$ (max-norm\(page.moduloScaling ? ", over the incoming weights; the outgoing weights are fixed: the slice $a = \\mathrm{const}$" : "")) \
        around the centre holds the critical point; each coordinate of the critical point lies in the interval printed as $c \\pm \\delta$ \
        ($\\delta$ rounded up: the radius plus the rounding of the centre to $c$), or is exactly $c$. The exact centre is in the JSON certificate.}
        \\end{table}

        """
        return standalone ? document(body) : body
    }

    /// The page of an exact degenerate critical point (`verify certify` when the Hessian is
    /// singular): every coordinate an exact rational (`p/q` strings), the exact loss, the
    /// type with its nullity, and the exact max-norm distance from the input.
    public struct ExactPage {
        public var weightsFile: String
        public var activationLatex: String
        public var teacher: String
        public var students: Int
        public var inputDimension: Int
        public var precision: Int
        /// How criticality was decided (plain text).
        public var criticality: String
        /// The type in words (plain text).
        public var type: String
        /// The inertia in words (plain text).
        public var inertia: String
        /// The exact loss as a rational string.
        public var loss: String
        /// The exact max-norm distance (rational string) and an upper bound on the
        /// Euclidean distance (decimal, rounded up).
        public var distanceMaxNorm: String
        public var distanceEuclidean: String
        /// `(name, [rational strings])`: `w_i` rows, then `a_i`.
        public var point: [(String, [String])]

        public init(weightsFile: String, activationLatex: String, teacher: String, students: Int, inputDimension: Int,
                    precision: Int, criticality: String, type: String, inertia: String, loss: String,
                    distanceMaxNorm: String, distanceEuclidean: String, point: [(String, [String])]) {
            self.weightsFile = weightsFile; self.activationLatex = activationLatex; self.teacher = teacher
            self.students = students; self.inputDimension = inputDimension; self.precision = precision
            self.criticality = criticality; self.type = type; self.inertia = inertia; self.loss = loss
            self.distanceMaxNorm = distanceMaxNorm; self.distanceEuclidean = distanceEuclidean; self.point = point
        }
    }

    /// A rational string `p/q` (or an integer) as LaTeX math.
    static func latexRational(_ text: String) -> String {
        let parts = text.split(separator: "/").map(String.init)
        guard parts.count == 2 else { return "$" + text + "$" }
        let negative = parts[0].hasPrefix("-")
        let numerator = negative ? String(parts[0].dropFirst()) : parts[0]
        return "$" + (negative ? "-" : "") + "\\tfrac{\(numerator)}{\(parts[1])}$"
    }

    /// The exact page, a fragment or (when `standalone`) a complete document.
    public static func renderExact(_ page: ExactPage, standalone: Bool) -> String {
        let e = LatexReport.escape
        var body = """
        \\begin{table}[htbp]
        \\centering\\small
        \\begin{tabular}{@{}lp{0.72\\linewidth}@{}}
        \\toprule
        verdict & PROVED: the exact rational point below is a critical point of $L$ (\(e(page.criticality))) \\\\
        type & \(e(page.type)) \\\\
        Hessian & \(e(page.inertia)) \\\\
        loss & $L =$ \(latexRational(page.loss)) exactly \\quad ($L = \\mathbb{E}[(f - f^*)^2]$, no factor $1/2$) \\\\
        distance & from the input weights: $\\|\\cdot\\|_\\infty =$ \(latexRational(page.distanceMaxNorm)) (exact), $\\|\\cdot\\|_2 \\le$ $\(LatexReport.latexNumber(page.distanceEuclidean))$ \\\\
        \\midrule

        """
        for (name, values) in page.point {
            let parts = name.split(separator: "_").map(String.init)
            let symbol = parts.count == 2 ? "$\(parts[0])_{\(parts[1])}$" : e(name)
            let list = values.map(latexRational).joined(separator: ", ")
            body += "\(symbol) & \\raggedright " + (values.count > 1 ? "$($" + list + "$)$" : list) + "\\tabularnewline\n"
        }
        body += """
        \\bottomrule
        \\end{tabular}
        \\caption{Exact degenerate critical point of the population loss near the weights in \(e(page.weightsFile)): \
        $\\sigma(z) = \(page.activationLatex)$, teacher \(e(page.teacher)), $n = \(page.students)$ students, $d = \(page.inputDimension)$. \
        The point is exact (rational coordinates); its criticality and loss are decided in rational arithmetic, the Hessian's \
        inertia is certified in \(page.precision)-bit interval arithmetic on an exact complement of its structural kernel.}
        \\end{table}

        """
        return standalone ? document(body) : body
    }

    /// The page of a run that proved nothing: the verdict and the reason.
    public static func renderInconclusive(weightsFile: String, reason: String, standalone: Bool) -> String {
        let e = LatexReport.escape
        let body = """
        \\begin{table}[htbp]
        \\centering\\small
        \\begin{tabular}{@{}lp{0.72\\linewidth}@{}}
        \\toprule
        verdict & INCONCLUSIVE: \(e(reason)) \\\\
        \\bottomrule
        \\end{tabular}
        \\caption{No critical point was certified near the weights in \(e(weightsFile)).}
        \\end{table}

        """
        return standalone ? document(body) : body
    }

    static func document(_ body: String) -> String {
        """
        \\documentclass{article}
        \\usepackage[T1]{fontenc}
        \\usepackage[utf8]{inputenc}
        \\usepackage{amsmath,amssymb,booktabs}
        \\usepackage[margin=2cm]{geometry}
        \\begin{document}
        \\section*{Certified critical point}
        Every number below is certified: digits followed by \\ldots{} are a truncation of the exact value; $\\le b$ is a \
        certified upper bound (rounded up); $[a, b]$ is an enclosure (rounded outward).

        \(body)\\end{document}

        """
    }
}
