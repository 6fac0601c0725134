extension Expression {
    /// The expression as LaTeX math-mode source (without `$` delimiters).
    ///
    /// Division is `\frac{…}{…}`; `pi` is `\pi` and `e` is `e`; `sqrt` is `\sqrt{…}`,
    /// `abs` is `\left|…\right|`, `asin acos atan` are `\arcsin \arccos \arctan`,
    /// `erf` is `\operatorname{erf}`, the others use their standard commands; powers
    /// are `x^{…}`; sums are `\sum_{j=a}^{b}` and `\sum_{x \in G}`, products `\prod`.
    /// Factors are juxtaposed, with `\cdot` where juxtaposition would merge numbers
    /// (`2 \cdot 3`, `x \cdot 2`, `2 \cdot \frac{1}{3}`). Parentheses
    /// (`\left( … \right)`) appear only where precedence needs them, where a negative
    /// term follows an operator, and around a sum that something follows.
    ///
    /// Names: a single letter prints as itself, a Greek letter's name as the letter
    /// (`alpha` → `\alpha`), other names as `\mathit{…}`; a name with an underscore
    /// prints its tail as a subscript (`x_1` → `x_{1}`). Definitions print as
    /// `\mathrm{Lstar}\left(l\right)`, or with the LaTeX given for their name in
    /// `definitionNames` (`["Lstar": "L^{*}"]`), used verbatim.
    public func latex(definitionNames: [String: String] = [:]) -> String {
        LaTeXPrinter(definitionNames: definitionNames).render(self).text
    }
}

/// A rendered subexpression and what its neighbours need to know about it.
struct RenderedLaTeX {
    var text: String
    var precedence: Precedence
    /// An operator at the end (`\sum …`) takes in whatever follows: a right-hand
    /// neighbour needs parentheses around this.
    var openRight = false
    /// Can be the base of a power without parentheses.
    var isSimpleBase = false

    var startsWithMinus: Bool { text.hasPrefix("-") }
    var startsWithDigit: Bool { text.first.map { $0.isDecimalDigit || $0 == "." } ?? false }
    var endsWithDigit: Bool { text.last?.isDecimalDigit ?? false }

    var parenthesised: RenderedLaTeX {
        RenderedLaTeX(text: "\\left(" + text + "\\right)", precedence: .atom, openRight: false, isSimpleBase: true)
    }
}

struct LaTeXPrinter {
    let definitionNames: [String: String]

    /// The recursion over the tree. It switches on the payload-free tag and each case
    /// delegates, to keep the frames small in unoptimised builds.
    func render(_ e: Expression) -> RenderedLaTeX {
        switch e.tag {
        case .number, .constant, .variable: return renderLeaf(e)
        case .negate, .binary: return renderOperation(e)
        case .function, .call: return renderApplication(e)
        case .aggregate, .comprehension: return renderAggregate(e)
        }
    }

    func renderLeaf(_ e: Expression) -> RenderedLaTeX {
        switch e.node {
        case .number(let r):
            return number(NumberLiteral(r))
        case .constant(let c):
            return RenderedLaTeX(text: c == .pi ? "\\pi" : "e", precedence: .atom, isSimpleBase: true)
        case .variable(let name):
            return RenderedLaTeX(text: LaTeXPrinter.name(name), precedence: .atom, isSimpleBase: true)
        default:
            preconditionFailure("not a leaf")
        }
    }

    func renderOperation(_ e: Expression) -> RenderedLaTeX {
        switch e.node {
        case .negate(let operand): return negation(render(operand))
        case .binary(let op, let left, let right): return binary(op, render(left), render(right))
        default: preconditionFailure("not an operation")
        }
    }

    func renderApplication(_ e: Expression) -> RenderedLaTeX {
        switch e.node {
        case .function(let f, let arguments): return function(f, renderAll(arguments))
        case .call(let name, let arguments): return call(name, renderAll(arguments))
        default: preconditionFailure("not an application")
        }
    }

    func renderAggregate(_ e: Expression) -> RenderedLaTeX {
        switch e.node {
        case .aggregate(let kind, let variable, let lower, let upper, let body):
            return range(kind, variable, render(lower), render(upper), render(body))
        case .comprehension(let kind, let body, let variable, let list):
            return comprehension(kind, variable, render(list), render(body))
        default:
            preconditionFailure("not an aggregate")
        }
    }

    func renderAll(_ arguments: [Expression]) -> [String] {
        var result: [String] = []
        for argument in arguments { result.append(render(argument).text) }
        return result
    }

    func negation(_ operand: RenderedLaTeX) -> RenderedLaTeX {
        var inner = operand
        if inner.precedence < .product || inner.startsWithMinus { inner = inner.parenthesised }
        return RenderedLaTeX(text: "-" + inner.text, precedence: .prefix, openRight: inner.openRight)
    }

    func function(_ f: Expression.Function, _ arguments: [String]) -> RenderedLaTeX {
        // One argument for all but min and max (a hand-built node may have more).
        let list = arguments.joined(separator: ", ")
        let text: String
        switch f {
        case .sqrt: text = "\\sqrt{\(list)}"
        case .abs: text = "\\left|\(list)\\right|"
        case .erf: text = "\\operatorname{erf}\\left(\(list)\\right)"
        case .asin, .acos, .atan:
            text = "\\arc\(f.rawValue.dropFirst())\\left(\(list)\\right)"
        case .exp, .log, .sin, .cos, .min, .max:
            text = "\\\(f.rawValue)\\left(\(list)\\right)"
        case .diff:
            let body = arguments.first ?? ""
            let variable = arguments.count > 1 ? arguments[1] : "x"
            let order = arguments.count > 2 ? arguments[2] : "1"
            text = order == "1"
                ? "\\frac{d}{d\(variable)}\\left(\(body)\\right)"
                : "\\frac{d^{\(order)}}{d\(variable)^{\(order)}}\\left(\(body)\\right)"
        }
        return RenderedLaTeX(text: text, precedence: .atom, isSimpleBase: true)
    }

    func call(_ name: String, _ args: [String]) -> RenderedLaTeX {
        let head = definitionNames[name] ?? "\\mathrm{\(LaTeXPrinter.escaped(name))}"
        return RenderedLaTeX(text: "\(head)\\left(\(args.joined(separator: ", "))\\right)", precedence: .atom,
                             isSimpleBase: true)
    }

    func range(_ kind: Expression.Aggregate, _ variable: String, _ lower: RenderedLaTeX, _ upper: RenderedLaTeX,
               _ body: RenderedLaTeX) -> RenderedLaTeX {
        aggregate("\\\(kind.rawValue)_{\(LaTeXPrinter.name(variable))=\(lower.text)}^{\(upper.text)}", body)
    }

    func comprehension(_ kind: Expression.Aggregate, _ variable: String, _ list: RenderedLaTeX,
                       _ body: RenderedLaTeX) -> RenderedLaTeX {
        aggregate("\\\(kind.rawValue)_{\(LaTeXPrinter.name(variable)) \\in \(list.text)}", body)
    }

    func aggregate(_ head: String, _ body: RenderedLaTeX) -> RenderedLaTeX {
        var body = body
        if body.precedence <= .sum || body.startsWithMinus { body = body.parenthesised }
        return RenderedLaTeX(text: head + " " + body.text, precedence: .product, openRight: true)
    }

    func binary(_ op: Expression.BinaryOperator, _ left: RenderedLaTeX, _ right: RenderedLaTeX) -> RenderedLaTeX {
        var l = left, r = right
        switch op {
        case .add, .subtract:
            if l.openRight { l = l.parenthesised }
            if r.startsWithMinus || (op == .subtract && r.precedence <= .sum) { r = r.parenthesised }
            return RenderedLaTeX(text: "\(l.text) \(op.rawValue) \(r.text)", precedence: .sum,
                                 openRight: r.openRight)
        case .multiply:
            if l.precedence < .product || l.openRight { l = l.parenthesised }
            if r.precedence < .product || r.startsWithMinus { r = r.parenthesised }
            let needsDot = r.startsWithDigit || (l.endsWithDigit && r.text.hasPrefix("\\frac"))
            return RenderedLaTeX(text: l.text + (needsDot ? " \\cdot " : " ") + r.text, precedence: .product,
                                 openRight: r.openRight)
        case .divide:
            return RenderedLaTeX(text: "\\frac{\(l.text)}{\(r.text)}", precedence: .product)
        case .power:
            if !l.isSimpleBase { l = l.parenthesised }
            return RenderedLaTeX(text: "\(l.text)^{\(r.text)}", precedence: .power)
        }
    }

    func number(_ literal: NumberLiteral) -> RenderedLaTeX {
        if literal.isFraction {
            let numerator = literal.fraction.numerator
            let negative = numerator.hasPrefix("-")
            let text = (negative ? "-" : "") + "\\frac{\(numerator.drop(while: { $0 == "-" }))}"
                + "{\(literal.fraction.denominator)}"
            return RenderedLaTeX(text: text, precedence: negative ? .prefix : .product)
        }
        let text = literal.text
        let negative = text.hasPrefix("-")
        guard let e = text.firstIndex(of: "e") else {
            return RenderedLaTeX(text: text, precedence: negative ? .prefix : .atom, isSimpleBase: !negative)
        }
        let mantissa = text[..<e].drop(while: { $0 == "-" })
        let power = "10^{\(text[text.index(after: e)...])}"
        let body = mantissa == "1" ? power : "\(mantissa) \\cdot \(power)"
        return RenderedLaTeX(text: (negative ? "-" : "") + body,
                             precedence: negative ? .prefix : (mantissa == "1" ? .power : .product))
    }

    static let greekLetters: Set<String> = [
        "alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta", "vartheta",
        "iota", "kappa", "lambda", "mu", "nu", "xi", "rho", "varrho", "sigma", "tau", "upsilon", "phi",
        "varphi", "chi", "psi", "omega", "Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma",
        "Upsilon", "Phi", "Psi", "Omega",
    ]

    /// A variable name in math mode.
    static func name(_ name: String) -> String {
        if let underscore = name.firstIndex(of: "_"), underscore != name.startIndex,
           name.index(after: underscore) != name.endIndex {
            let base = String(name[..<underscore]), tail = String(name[name.index(after: underscore)...])
            let subscriptText = tail.count == 1 || tail.allSatisfy(\.isDecimalDigit) || greekLetters.contains(tail)
                ? simpleName(tail) : "\\mathrm{\(escaped(tail))}"
            return "\(simpleName(base))_{\(subscriptText)}"
        }
        return simpleName(name)
    }

    static func simpleName(_ name: String) -> String {
        if name.count == 1 { return name == "_" ? "\\_" : name }
        if greekLetters.contains(name) { return "\\" + name }
        if name.allSatisfy(\.isDecimalDigit) { return name }
        return "\\mathit{\(escaped(name))}"
    }

    static func escaped(_ name: String) -> String {
        name.map { $0 == "_" ? "\\_" : String($0) }.joined()
    }
}
