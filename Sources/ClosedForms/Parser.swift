import CertifiedIntervals

/// Reads closed forms: `l/3 - 2*l^2/pi*asin(1/(2*l))`, `sum(j, 1, n, 1/j^2)`,
/// `sum(g*(g - 1)/2 for g in groups)`. The grammar and the precedence table are in
/// the module README.
public enum ExpressionParser {
    /// The deepest nesting the parser accepts: both the nesting of parentheses,
    /// calls and prefix/power operators while reading, and the height of the
    /// resulting tree (so a chain of more than this many `+` is refused as well).
    /// Deeper input is a syntax error, never a stack overflow.
    public static let maximumDepth = 200

    /// The longest text the parser accepts, in characters.
    public static let maximumLength = 20_000

    /// Words that cannot name variables, parameters or definitions: the constants,
    /// the built-in functions, `sum`, `prod`, and the `for` and `in` of comprehensions.
    public static let reservedWords: Set<String> = Set(Expression.Constant.allCases.map(\.rawValue))
        .union(Expression.Function.allCases.map(\.rawValue))
        .union(Expression.Aggregate.allCases.map(\.rawValue))
        .union(["for", "in"])

    /// Parses `text`. Throws `ExpressionSyntaxError` (with a 1-based column) for text
    /// outside the grammar, for a built-in function called with the wrong number of
    /// arguments, and beyond `maximumDepth` or `maximumLength`. Never traps.
    public static func parse(_ text: String) throws -> Expression {
        var parser = try Parser(text, extras: [])
        return try parser.parseWhole()
    }

    /// True when `name` can name a variable, a parameter or a definition: an ASCII
    /// identifier `[A-Za-z_][A-Za-z0-9_]*` that is not a reserved word.
    public static func isPlainIdentifier(_ name: String) -> Bool {
        guard let first = name.first, first.isIdentifierStart,
              name.allSatisfy({ $0.isIdentifierStart || $0.isDecimalDigit }) else { return false }
        return !reservedWords.contains(name)
    }
}

/// Recursive descent over the token list.
///
/// A note on stack use: every nesting level of the input costs a few frames of the
/// functions below, and unoptimised builds give each frame room for every local of
/// the function. So the recursive functions are kept small: both binary levels share
/// one frame (`parseSum`), prefix signs are collected in a loop, and error messages
/// are built in separate, non-recursive functions.
struct Parser {
    let tokens: [Token]
    var position = 0
    var depth = 0

    init(tokens: [Token]) { self.tokens = tokens }

    /// A parser of `text`, refusing texts longer than `maximumLength`; `extras` are
    /// the tokens of a form (`Parser+Forms.swift`) beyond those of expressions.
    init(_ text: String, extras: Lexer.Extras) throws {
        let characters = Array(text)
        let limit = ExpressionParser.maximumLength
        guard characters.count <= limit else {
            throw ExpressionSyntaxError(column: limit + 1, message: "expression longer than \(limit) characters")
        }
        self.init(tokens: try Lexer.tokens(of: characters, extras: extras))
    }

    var current: Token { tokens[position] }
    var next: Token { tokens[Swift.min(position + 1, tokens.count - 1)] }

    mutating func advance() {
        if position < tokens.count - 1 { position += 1 }
    }

    /// Consumes the symbol `c` and returns its column, or returns nil.
    mutating func take(_ c: Character) -> Int? {
        guard current.isSymbol(c) else { return nil }
        let column = current.column
        advance()
        return column
    }

    // MARK: Errors (built outside the recursive functions)

    func failure(_ message: String, at column: Int) -> ExpressionSyntaxError {
        ExpressionSyntaxError(column: column, message: message)
    }

    func expected(_ what: String, afterOperand: Bool = false) -> ExpressionSyntaxError {
        var message = "expected \(what) but found \(current.quoted)"
        if afterOperand {
            // Something that could start a factor: a missing '*' is the likely slip.
            switch current.kind {
            case .number, .symbol("("):
                message += " (multiplication needs an explicit '*')"
            case .identifier(let name) where !["for", "in"].contains(name):
                message += " (multiplication needs an explicit '*')"
            default:
                break
            }
        }
        return failure(message, at: current.column)
    }

    func expectedSymbol(_ c: Character) -> ExpressionSyntaxError {
        expected("'\(c)'", afterOperand: true)
    }

    func expectedParenthesis(after name: String) -> ExpressionSyntaxError {
        expected("'(' after '\(name)'")
    }

    mutating func expectSymbol(_ c: Character) throws {
        guard current.isSymbol(c) else { throw expectedSymbol(c) }
        advance()
    }

    /// Builds a node, refusing trees taller than `maximumDepth`.
    func make(_ node: Expression.Node, at column: Int) throws -> Expression {
        let e = Expression(node, column: column)
        guard e.height <= ExpressionParser.maximumDepth else { throw tooDeep(at: column) }
        return e
    }

    func tooDeep(at column: Int) -> ExpressionSyntaxError {
        failure("expression nested too deeply (more than \(ExpressionParser.maximumDepth) levels)", at: column)
    }

    // MARK: Grammar

    mutating func parseWhole() throws -> Expression {
        let e = try parseSum()
        guard current.kind == .end else { throw expected("an operator or end of expression", afterOperand: true) }
        return e
    }

    /// The binary operator at `current`, consumed, with its column.
    mutating func takeBinaryOperator() -> (Expression.BinaryOperator, Int)? {
        guard case .symbol(let c) = current.kind else { return nil }
        let op: Expression.BinaryOperator
        switch c {
        case "+": op = .add
        case "-": op = .subtract
        case "*": op = .multiply
        case "/": op = .divide
        default: return nil
        }
        let column = current.column
        advance()
        return (op, column)
    }

    /// sum     = product { ("+" | "-") product }
    /// product = unary { ("*" | "/") unary }
    /// Both levels, left-associative, in one loop: `sum` holds the terms so far and
    /// the additive operator waiting for the product being read.
    mutating func parseSum() throws -> Expression {
        var sum = PendingSum()
        var product = try parseUnary()
        while let (op, column) = takeBinaryOperator() {
            if op == .multiply || op == .divide {
                let right = try parseUnary()
                product = try combine(op, product, right, at: column)
            } else {
                try sum.add(product, then: op, at: column, parser: self)
                product = try parseUnary()
            }
        }
        return try sum.finish(with: product, parser: self)
    }

    /// The terms of a sum read so far.
    struct PendingSum {
        var left: Expression?
        var op = Expression.BinaryOperator.add
        var column = 0

        mutating func add(_ term: Expression, then next: Expression.BinaryOperator, at nextColumn: Int,
                          parser: Parser) throws {
            left = try finish(with: term, parser: parser)
            op = next
            column = nextColumn
        }

        func finish(with term: Expression, parser: Parser) throws -> Expression {
            guard let left else { return term }
            return try parser.combine(op, left, term, at: column)
        }
    }

    func combine(_ op: Expression.BinaryOperator, _ left: Expression, _ right: Expression,
                 at column: Int) throws -> Expression {
        try make(.binary(op, left, right), at: column)
    }

    /// unary = { "-" | "+" } primary [ "^" unary ]
    /// So `-2^2` is `-(2^2)` and `2^-1` is `2^(-1)`; `^` is right-associative. Unary
    /// `+` is dropped. Every nesting level passes through here once, so the depth of
    /// the recursion is counted here.
    mutating func parseUnary() throws -> Expression {
        depth += 1
        defer { depth -= 1 }
        guard depth <= ExpressionParser.maximumDepth else { throw tooDeep(at: current.column) }
        let minusColumns = takeSigns()
        let base = try parsePrimary()
        guard let column = take("^") else { return try negated(base, minusColumns) }
        let exponent = try parseUnary()
        return try negated(try combine(.power, base, exponent, at: column), minusColumns)
    }

    /// Consumes a run of prefix signs; returns the columns of the minus signs.
    mutating func takeSigns() -> [Int] {
        var columns: [Int] = []
        while case .symbol(let c) = current.kind, c == "-" || c == "+" {
            if c == "-" { columns.append(current.column) }
            advance()
        }
        return columns
    }

    /// Wraps `e` in the negations read before it, the innermost last.
    func negated(_ e: Expression, _ minusColumns: [Int]) throws -> Expression {
        var result = e
        for column in minusColumns.reversed() { result = try make(.negate(result), at: column) }
        return result
    }

    /// primary = number | "(" sum ")" | name-form
    mutating func parsePrimary() throws -> Expression {
        switch current.tag {
        case .number: return try parseNumber()
        case .leftParenthesis: return try parseParenthesised()
        case .identifier: return try parseNamed()
        case .otherSymbol, .end: throw expected("an operand")
        }
    }

    mutating func parseNumber() throws -> Expression {
        guard case .number(let value, _) = current.kind else { preconditionFailure("not a number") }
        let column = current.column
        advance()
        return try make(.number(value), at: column)
    }

    mutating func parseParenthesised() throws -> Expression {
        advance()
        let inner = try parseSum()
        try expectSymbol(")")
        return inner
    }

    /// "pi" | "e" | function "(" args ")" | aggregate | name "(" [ args ] ")" | name
    mutating func parseNamed() throws -> Expression {
        let column = current.column
        let name = current.identifier!
        if let node = try parseLeafName(name) { return try make(node, at: column) }
        if let aggregate = Expression.Aggregate(rawValue: name) {
            return try parseAggregate(aggregate, at: column)
        }
        let arguments = try parseArguments(of: name)
        return try makeCall(name, arguments, at: column)
    }

    /// A call of a built-in function (arity checked) or of a definition.
    func makeCall(_ name: String, _ arguments: [Expression], at column: Int) throws -> Expression {
        if let function = Expression.Function(rawValue: name) {
            try checkBuiltinArity(function, arguments.count, at: column)
            if function == .diff {
                do {
                    _ = try Expression.diffParts(arguments, at: column)
                } catch let error as DerivativeError {
                    throw failure(error.message, at: error.column)
                }
            }
            return try make(.function(function, arguments), at: column)
        }
        return try make(.call(name, arguments), at: column)
    }

    /// A name that is not followed by arguments: a constant or a variable, consumed.
    /// Nil for names that take arguments (functions, aggregates, calls).
    mutating func parseLeafName(_ name: String) throws -> Expression.Node? {
        if let constant = Expression.Constant(rawValue: name) {
            advance()
            return .constant(constant)
        }
        if Expression.Function(rawValue: name) != nil || Expression.Aggregate(rawValue: name) != nil {
            advance()
            return nil
        }
        if name == "for" || name == "in" {
            throw failure("expected an operand but found reserved word '\(name)'", at: current.column)
        }
        advance()
        return current.isSymbol("(") ? nil : .variable(name)
    }

    func checkBuiltinArity(_ function: Expression.Function, _ count: Int, at column: Int) throws {
        let arity = function.arity
        guard !arity.contains(count) else { return }
        let wanted = arity.lowerBound == arity.upperBound
            ? "\(arity.lowerBound) argument\(arity.lowerBound == 1 ? "" : "s")"
            : "at least \(arity.lowerBound) arguments"
        throw failure("\(function.rawValue) takes \(wanted) but was given \(count)", at: column)
    }

    /// "(" [ sum { "," sum } ] ")", the name being consumed already.
    mutating func parseArguments(of name: String) throws -> [Expression] {
        guard current.isSymbol("(") else { throw expectedParenthesis(after: name) }
        advance()
        var arguments: [Expression] = []
        if take(")") != nil { return arguments }
        while true {
            arguments.append(try parseSum())
            if take(",") != nil { continue }
            if take(")") != nil { return arguments }
            throw expected("',' or ')'", afterOperand: true)
        }
    }

    /// aggregate = ("sum" | "prod") "(" name "," sum "," sum "," sum ")"
    ///           | ("sum" | "prod") "(" sum "for" name "in" name ")"
    /// The keyword is consumed already.
    mutating func parseAggregate(_ aggregate: Expression.Aggregate, at column: Int) throws -> Expression {
        guard current.isSymbol("(") else { throw expectedParenthesis(after: aggregate.rawValue) }
        advance()
        // Range form: the first argument is a name followed by a comma.
        if let name = current.identifier, next.isSymbol(",") {
            try checkBoundVariable(name, of: aggregate)
            advance(); advance()
            let lower = try parseSum()
            try expectSymbol(",")
            let upper = try parseSum()
            try expectSymbol(",")
            let body = try parseSum()
            try expectSymbol(")")
            return try make(.aggregate(aggregate, variable: name, lower: lower, upper: upper, body: body),
                            at: column)
        }
        // Comprehension form.
        let body = try parseSum()
        let (variable, list) = try parseComprehensionTail(of: aggregate, body: body)
        return try make(.comprehension(aggregate, body: body, variable: variable, list: list), at: column)
    }

    /// "for" name "in" name ")"
    mutating func parseComprehensionTail(of aggregate: Expression.Aggregate,
                                         body: Expression) throws -> (String, Expression) {
        if current.isSymbol(",") {
            throw failure("the first argument of \(aggregate.rawValue)(j, a, b, body) must be the name of the "
                          + "summation variable", at: body.startColumn)
        }
        guard current.identifier == "for" else { throw expected("'for' or ','", afterOperand: true) }
        advance()
        guard let variable = current.identifier else {
            throw expected("the name of the bound variable after 'for'")
        }
        try checkBoundVariable(variable, of: aggregate)
        advance()
        guard current.identifier == "in" else { throw expected("'in'") }
        advance()
        guard let listName = current.identifier else { throw expected("the name of a list after 'in'") }
        guard ExpressionParser.isPlainIdentifier(listName) else {
            throw failure("'\(listName)' is a reserved word and cannot name a list", at: current.column)
        }
        let list = try make(.variable(listName), at: current.column)
        advance()
        try expectSymbol(")")
        return (variable, list)
    }

    func checkBoundVariable(_ name: String, of aggregate: Expression.Aggregate) throws {
        guard ExpressionParser.isPlainIdentifier(name) else {
            throw failure("'\(name)' is a reserved word and cannot be the variable of \(aggregate.rawValue)",
                          at: current.column)
        }
    }
}
