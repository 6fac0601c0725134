/// Ranges that are not finite lists: `lower..` (every integer from `lower` on) and real
/// intervals `[a, b]`, `(a, b]`, `[1, inf)`, `(-inf, inf)`, next to the finite integer
/// ranges `lower..upper` of `parseRange`.
///
/// ```ebnf
/// domain   = expression , ".." , [ expression | "inf" ]      (* integers *)
///          | ( "[" | "(" ) , end , "," , end , ( "]" | ")" ) ; (* reals *)
/// end      = [ "-" | "+" ] , "inf" | expression ;
/// ```
///
/// `inf` as a whole end means infinity (a parameter cannot be used alone as an end
/// under that name). An infinite end is never included: `[-inf, 0]` and `[0, inf]`
/// are errors, as are `+inf` as a lower end and `-inf` as an upper end. Whether the
/// interval is empty is decided later, once the ends are evaluated.
extension ExpressionParser {
    /// A range in any of its forms; see the grammar above.
    public static func parseDomain(_ text: String) throws -> DomainForm {
        var parser = try Parser(text, extras: [.dots, .brackets])
        let startsInterval = parser.current.isSymbol("[") || (parser.current.isSymbol("(") && parser.containsTopLevelComma())
        if parser.tokens.contains(where: { $0.kind == .dots }) || !startsInterval {
            return try parser.parseIntegerDomain()
        }
        return .interval(try parser.parseInterval())
    }
}

/// A range as written: a finite list of integers, all integers from a bound on, or a
/// real interval.
public enum DomainForm {
    /// `lower..upper`.
    case integers(RangeForm)
    /// `lower..` or `lower..inf`.
    case integersFrom(lower: Expression, dotsColumn: Int)
    /// `[a, b]`, `(a, b)`, `[a, inf)`, …
    case interval(IntervalForm)
}

/// A real interval as written.
public struct IntervalForm {
    public enum End {
        /// `-inf` (lower end) or `inf` (upper end), at a column.
        case infinite(column: Int)
        case finite(Expression)
    }

    public var lower: End
    /// `[` (true) or `(`.
    public var lowerClosed: Bool
    public var upper: End
    /// `]` (true) or `)`.
    public var upperClosed: Bool
    /// The column of the opening bracket.
    public var column: Int
}

extension Parser {
    mutating func parseIntegerDomain() throws -> DomainForm {
        if current.kind == .dots { throw failure("the range has no lower bound", at: current.column) }
        if isInfinity(sign: "-") || isInfinity(sign: nil) {
            throw failure("an integer range needs a finite lower bound (\"2..\" is every integer from 2 on); "
                          + "for real numbers write an interval such as (-inf, 3]", at: current.column)
        }
        if current.isSymbol("[") || (current.isSymbol("(") && containsTopLevelComma()) {
            throw failure("a range is either an integer range lower..upper (or lower.. for every integer from "
                          + "lower on) or a real interval such as [0, 1], not both", at: current.column)
        }
        if current.kind == .end { throw failure("the range is empty text", at: current.column) }
        let lower = try parseSum()
        guard current.kind == .dots else {
            if current.isSymbol(",") {
                throw failure("a real interval starts with '[' (end included) or '(' (end excluded), such as [0, 1] "
                              + "or (0, 1]", at: 1)
            }
            throw expected("'..' and an upper bound (a range such as 2..12, 1..k-1 or 2..) or a real interval such as "
                           + "[0, 1]", afterOperand: true)
        }
        let dotsColumn = current.column
        advance()
        if current.kind == .end { return .integersFrom(lower: lower, dotsColumn: dotsColumn) }
        if isInfinity(sign: nil) || isInfinity(sign: "+") {
            skipInfinity()
            guard current.kind == .end else { throw expected("end of the range after 'inf'") }
            return .integersFrom(lower: lower, dotsColumn: dotsColumn)
        }
        let upper = try parseSum()
        if current.kind == .dots { throw failure("more than one '..' in the range", at: current.column) }
        guard current.kind == .end else { throw expected("an operator or end of expression", afterOperand: true) }
        return .integers(RangeForm(lower: lower, upper: upper, dotsColumn: dotsColumn))
    }

    mutating func parseInterval() throws -> IntervalForm {
        let column = current.column
        let lowerClosed: Bool
        if take("[") != nil { lowerClosed = true } else if take("(") != nil { lowerClosed = false } else {
            if current.kind == .end { throw failure("the range is empty text", at: column) }
            throw failure("expected a range: lower..upper (integers), lower.. (every integer from lower on), "
                          + "or a real interval that starts with '[' (end included) or '(' (end excluded), such as "
                          + "[0, 1], (0, 1] or [1, inf), but found \(current.quoted)", at: column)
        }
        let lower = try parseIntervalEnd(isLower: true, closed: lowerClosed)
        guard take(",") != nil else {
            if current.kind == .end {
                throw failure("the interval has no upper end: write it as [a, b], with a comma between the ends",
                              at: current.column)
            }
            throw expected("',' between the two ends of the interval", afterOperand: true)
        }
        if current.isSymbol("]") || current.isSymbol(")") || current.kind == .end {
            throw failure("the interval has no upper end after ','", at: current.column)
        }
        let upperStart = current.column
        let upperClosed: Bool
        var upper = try parseIntervalEndValue()
        if take("]") != nil { upperClosed = true } else if take(")") != nil { upperClosed = false } else {
            if current.kind == .end {
                throw failure("the interval is not closed: end it with ']' (end included) or ')' (end excluded)",
                              at: current.column)
            }
            if current.isSymbol(",") { throw failure("an interval has exactly two ends", at: current.column) }
            throw expected("']' or ')' to close the interval", afterOperand: true)
        }
        if case .infinite = upper.end {
            if upper.sign == "-" {
                throw failure("the upper end cannot be -inf: an interval (…, -inf) is empty", at: upperStart)
            }
            if upperClosed { throw failure("an infinite end is never included: write inf) instead of inf]", at: upperStart) }
            upper.end = .infinite(column: upperStart)
        }
        guard current.kind == .end else { throw expected("end of the interval") }
        return IntervalForm(lower: lower, lowerClosed: lowerClosed, upper: upper.end, upperClosed: upperClosed,
                            column: column)
    }

    /// The lower end, checked: `-inf` only with `(`, never `+inf`.
    mutating func parseIntervalEnd(isLower: Bool, closed: Bool) throws -> IntervalForm.End {
        let start = current.column
        if current.isSymbol(",") { throw failure("the interval has no lower end before ','", at: start) }
        let value = try parseIntervalEndValue()
        if case .infinite = value.end {
            if value.sign != "-" {
                throw failure("the lower end cannot be +inf: an interval [inf, …] is empty (did you mean -inf?)", at: start)
            }
            if closed { throw failure("an infinite end is never included: write (-inf instead of [-inf", at: start) }
            return .infinite(column: start)
        }
        return value.end
    }

    /// `inf`, `+inf`, `-inf` (as `.infinite` with the sign written), or an expression.
    mutating func parseIntervalEndValue() throws -> (end: IntervalForm.End, sign: Character?) {
        let column = current.column
        for sign: Character? in [nil, "-", "+"] where isInfinity(sign: sign) {
            skipInfinity()
            return (.infinite(column: column), sign)
        }
        return (.finite(try parseSum()), nil)
    }

    /// Whether the tokens at the current position are `inf`, `-inf` or `+inf` (for
    /// `sign` nil, "-", "+") followed by something that ends an end (`,`, `]`, `)`,
    /// `..` or the end of the text).
    func isInfinity(sign: Character?) -> Bool {
        let offset = sign == nil ? 0 : 1
        if let sign, !current.isSymbol(sign) { return false }
        let index = position + offset
        guard index < tokens.count, tokens[index].identifier == "inf" else { return false }
        let after = index + 1 < tokens.count ? tokens[index + 1] : tokens[tokens.count - 1]
        switch after.kind {
        case .end, .dots: return true
        case .symbol(let c): return c == "," || c == "]" || c == ")"
        default: return false
        }
    }

    /// Skips `inf` or a sign and `inf`.
    mutating func skipInfinity() {
        if current.identifier != "inf" { advance() }
        advance()
    }

    /// Whether a `,` occurs outside parentheses and brackets (an interval, not a
    /// parenthesised bound).
    func containsTopLevelComma() -> Bool {
        var depth = 0
        for token in tokens[position...] {
            switch token.kind {
            case .symbol("("), .symbol("["): depth += 1
            case .symbol(")"), .symbol("]"): depth -= 1
            case .symbol(","): if depth == 1 { return true }
            default: break
            }
        }
        return false
    }
}
