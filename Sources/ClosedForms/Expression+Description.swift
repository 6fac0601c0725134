import CertifiedIntervals

/// Binding strength of a printed node, shared by the text and LaTeX printers.
enum Precedence: Int, Comparable {
    case sum = 1        // a + b, a - b
    case product = 2    // a * b, a / b, and the fraction literal p/q
    case prefix = 3     // -a, and negative literals
    case power = 4      // a ^ b
    case atom = 5       // numbers, names, calls, parenthesised forms

    static func < (a: Precedence, b: Precedence) -> Bool { a.rawValue < b.rawValue }
}

extension Expression: CustomStringConvertible {
    /// Canonical text, with the fewest parentheses the grammar needs, spaces around
    /// binary `+` and `-` and none around `*`, `/` and `^`: `l/3 - 2*l^2/pi`.
    /// Numbers print as their shortest exact decimal (`0.25`, `1e-60`, `6.02e23`).
    ///
    /// Every tree the parser produces re-parses to an equal tree:
    /// `parse(e.description) == e`. A hand-built literal that is negative or not a
    /// decimal prints as `-2` or `p/q`, which re-parses to a negation or a division
    /// of the same value.
    public var description: String { text }

    var precedence: Precedence {
        switch node {
        case .number(let r):
            let literal = NumberLiteral(r)
            if literal.isFraction { return .product }
            return r.signum < 0 ? .prefix : .atom
        case .negate: return .prefix
        case .binary(let op, _, _):
            switch op {
            case .add, .subtract: return .sum
            case .multiply, .divide: return .product
            case .power: return .power
            }
        default: return .atom
        }
    }

    /// The recursion of `description`. It switches on the payload-free tag and each
    /// case delegates, to keep the frames small in unoptimised builds.
    var text: String {
        switch tag {
        case .number, .constant, .variable: return leafText
        case .negate, .binary: return operationText
        case .function, .call, .aggregate, .comprehension: return applicationText
        }
    }

    var leafText: String {
        switch node {
        case .number(let r): return NumberLiteral(r).text
        case .constant(let c): return c.rawValue
        case .variable(let name): return name
        default: preconditionFailure("not a leaf")
        }
    }

    var operationText: String {
        switch node {
        case .negate(let operand): return Expression.negationText(operand)
        case .binary(let op, let left, let right):
            return op == .power ? Expression.powerText(left, right) : Expression.binaryText(op, left, right)
        default: preconditionFailure("not an operation")
        }
    }

    var applicationText: String {
        switch node {
        case .function(let f, let arguments): return Expression.callText(f.rawValue, arguments)
        case .call(let name, let arguments): return Expression.callText(name, arguments)
        case .aggregate(let kind, let variable, let lower, let upper, let body):
            return Expression.rangeText(kind, variable, lower, upper, body)
        case .comprehension(let kind, let body, let variable, let list):
            return Expression.comprehensionText(kind, body, variable, list)
        default: preconditionFailure("not an application")
        }
    }

    static func negationText(_ operand: Expression) -> String {
        operand.precedence < .prefix || operand.startsWithMinus ? "-(\(operand.text))" : "-" + operand.text
    }

    static func powerText(_ base: Expression, _ exponent: Expression) -> String {
        let b = base.precedence <= .power ? "(\(base.text))" : base.text
        let e = exponent.precedence < .prefix ? "(\(exponent.text))" : exponent.text
        return b + "^" + e
    }

    static func binaryText(_ op: BinaryOperator, _ left: Expression, _ right: Expression) -> String {
        let mine: Precedence = op == .add || op == .subtract ? .sum : .product
        let l = left.precedence < mine ? "(\(left.text))" : left.text
        let r = right.precedence <= mine ? "(\(right.text))" : right.text
        return mine == .sum ? "\(l) \(op.rawValue) \(r)" : "\(l)\(op.rawValue)\(r)"
    }

    static func callText(_ name: String, _ arguments: [Expression]) -> String {
        var parts: [String] = []
        for argument in arguments { parts.append(argument.text) }
        return name + "(" + parts.joined(separator: ", ") + ")"
    }

    static func rangeText(_ kind: Aggregate, _ variable: String, _ lower: Expression, _ upper: Expression,
                          _ body: Expression) -> String {
        "\(kind.rawValue)(\(variable), \(lower.text), \(upper.text), \(body.text))"
    }

    static func comprehensionText(_ kind: Aggregate, _ body: Expression, _ variable: String,
                                  _ list: Expression) -> String {
        "\(kind.rawValue)(\(body.text) for \(variable) in \(list.text))"
    }

    /// True when the printed form begins with a minus sign.
    var startsWithMinus: Bool {
        switch node {
        case .number(let r): return r.signum < 0
        case .negate: return true
        case .binary(let op, let left, _):
            // A base is parenthesised when it starts with a minus; other left operands
            // print bare when they bind at least as tightly as the operator.
            return op != .power && left.precedence >= precedence && left.startsWithMinus
        default: return false
        }
    }
}

/// The printed forms of an exact rational literal.
struct NumberLiteral {
    /// Sign, decimal significand without trailing zeros, and power of ten:
    /// value = sign · digits · 10^exponent. Nil when the value is not a decimal.
    let decimal: (negative: Bool, digits: String, exponent: Int)?
    let fraction: (numerator: String, denominator: String)

    init(_ r: Rational) {
        let parts = r.description.split(separator: "/")
        fraction = (String(parts[0]), parts.count > 1 ? String(parts[1]) : "1")
        decimal = NumberLiteral.decimalForm(of: r, denominatorDigits: fraction.denominator.count)
        text = ""
        text = makeText()
    }

    /// Plain positional notation when it is short, else `d.ddde±x`; a fraction `p/q`
    /// when the value is not a decimal (or its exponent is beyond what
    /// `Rational(exactly:)` reads back).
    private(set) var text: String

    /// True when `text` is a fraction `p/q` (which parses as a division).
    var isFraction: Bool { text.contains("/") }

    /// Finds the least n with r·10^n an integer, if the denominator divides a power
    /// of ten (it then has at most 3.33·digits bits, so n is at most that).
    static func decimalForm(of r: Rational, denominatorDigits: Int) -> (Bool, String, Int)? {
        func scaled(_ n: Int) -> Rational { r * ((try? Rational(10).power(n)) ?? 1) }
        var high = denominatorDigits * 10 / 3 + 2
        if denominatorDigits == 1 && r.isInteger { high = 0 }
        guard scaled(high).isInteger else { return nil }
        var low = -1   // r·10^low is not an integer (or low is -1)
        while high - low > 1 {
            let middle = (low + high) / 2
            if scaled(middle).isInteger { high = middle } else { low = middle }
        }
        let m = scaled(high)
        var digits = m.magnitude.description
        var exponent = -high
        if high == 0 && digits != "0" {
            while digits.hasSuffix("0") { digits.removeLast(); exponent += 1 }
        }
        return (m.signum < 0, digits, exponent)
    }

    private func makeText() -> String {
        guard let (negative, digits, exponent) = decimal else {
            return fraction.numerator + "/" + fraction.denominator
        }
        let sign = negative ? "-" : ""
        if let plain = positional(digits, exponent) { return sign + plain }
        let (mantissa, power) = scientific(digits, exponent)
        let candidate = mantissa + "e" + String(power)
        // Re-parsing must give the same value; `Rational(exactly:)` limits exponents.
        if Rational(exactly: candidate) != nil { return sign + candidate }
        if exponent >= 0 { return sign + digits + String(repeating: "0", count: exponent) }
        return fraction.numerator + "/" + fraction.denominator
    }

    func positional(_ digits: String, _ exponent: Int) -> String? {
        if exponent >= 0 {
            return exponent <= 6 ? digits + String(repeating: "0", count: exponent) : nil
        }
        let places = -exponent
        if places < digits.count {
            let cut = digits.index(digits.endIndex, offsetBy: -places)
            return digits[..<cut] + "." + digits[cut...]
        }
        let zeros = places - digits.count
        return zeros <= 5 ? "0." + String(repeating: "0", count: zeros) + digits : nil
    }

    func scientific(_ digits: String, _ exponent: Int) -> (String, Int) {
        let power = exponent + digits.count - 1
        let mantissa = digits.count == 1 ? digits : digits.prefix(1) + "." + digits.dropFirst()
        return (mantissa, power)
    }
}
