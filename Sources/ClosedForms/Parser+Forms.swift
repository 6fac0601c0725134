/// The entry points for the forms of `Forms.swift`. Each reads the whole text with
/// the expression lexer (allowing only the tokens its form needs) and the expression
/// grammar for every operand, and throws `ExpressionSyntaxError` with a column of the
/// whole text, like `parse(_:)`, under the same limits of length and depth.
///
/// ```ebnf
/// comparison = expression , relation , expression ;
/// relation   = "<" | "<=" | ">" | ">=" | "=" | "==" ;
/// range      = expression , ".." , expression ;
/// partition  = "[" , blocks , "]" | "(" , blocks , ")" ;
/// blocks     = expression , { "," , expression } ;     (* s^m: m blocks of size s *)
/// signature  = name , [ "(" , [ name , { "," , name } ] , ")" ] ;
/// ```
extension ExpressionParser {
    /// `A < B`, `A <= B`, `A > B`, `A >= B`, `A = B` (also `A == B`): exactly one
    /// relation, outside parentheses.
    public static func parseComparison(_ text: String) throws -> Comparison {
        var parser = try Parser(text, extras: .relations)
        return try parser.parseComparison()
    }

    /// `lower..upper`, such as `2..12` or `1..k-1`.
    public static func parseRange(_ text: String) throws -> RangeForm {
        var parser = try Parser(text, extras: .dots)
        return try parser.parseRange()
    }

    /// `[3, 1, 1]` or `(k-n+1, 1^(n-1))`: block sizes, where an element `s^m` means
    /// `m` blocks of size `s`.
    public static func parsePartition(_ text: String) throws -> PartitionForm {
        var parser = try Parser(text, extras: .brackets)
        return try parser.parsePartition()
    }

    /// `Lstar`, `Lstar(l)`, `f(x, y)` or `K()`: the name of a definition and its
    /// parameters, each a plain identifier (not a reserved word), the parameters
    /// distinct.
    public static func parseSignature(_ text: String) throws -> Signature {
        var parser = try Parser(text, extras: [])
        return try parser.parseSignature()
    }
}

extension Parser {
    mutating func parseComparison() throws -> Comparison {
        if let relation = current.relation {
            throw failure("nothing before '\(relation.rawValue)'", at: current.column)
        }
        let left = try parseSum()
        guard let relation = current.relation else {
            if current.kind == .end {
                throw failure("expected a comparison such as A < B, A >= B or A = B, but found end of expression",
                              at: current.column)
            }
            throw expected("an operator or a comparison (<, <=, >, >=, =)", afterOperand: true)
        }
        let relationColumn = current.column
        advance()
        if current.kind == .end {
            throw failure("nothing after '\(relation.rawValue)'", at: current.column)
        }
        let right = try parseSum()
        if current.relation != nil {
            throw failure("more than one comparison; write a single A < B", at: current.column)
        }
        guard current.kind == .end else { throw expected("an operator or end of expression", afterOperand: true) }
        return Comparison(left: left, relation: relation, right: right, relationColumn: relationColumn)
    }

    mutating func parseRange() throws -> RangeForm {
        if current.kind == .dots { throw failure("the range has no lower bound", at: current.column) }
        let lower = try parseSum()
        guard current.kind == .dots else {
            throw expected("'..' and an upper bound (a range such as 2..12 or 1..k-1)", afterOperand: true)
        }
        let dotsColumn = current.column
        advance()
        if current.kind == .end { throw failure("the range has no upper bound", at: current.column) }
        let upper = try parseSum()
        if current.kind == .dots { throw failure("more than one '..' in the range", at: current.column) }
        guard current.kind == .end else { throw expected("an operator or end of expression", afterOperand: true) }
        return RangeForm(lower: lower, upper: upper, dotsColumn: dotsColumn)
    }

    mutating func parsePartition() throws -> PartitionForm {
        let column = current.column
        let close: Character
        if take("[") != nil { close = "]" } else if take("(") != nil { close = ")" } else {
            throw failure("expected a partition: a list such as [3, 1, 1] or a block expression such as "
                          + "(k-n+1, 1^(n-1)), but found \(current.quoted)", at: column)
        }
        var blocks: [PartitionForm.Block] = []
        while true {
            if current.isSymbol(",") || current.isSymbol(close) {
                throw failure("empty block size in the partition", at: current.column)
            }
            blocks.append(Self.block(try parseSum()))
            if take(",") != nil { continue }
            if take(close) != nil { break }
            throw expected("',' or '\(close)'", afterOperand: true)
        }
        guard current.kind == .end else { throw expected("end of the partition") }
        return PartitionForm(blocks: blocks, column: column)
    }

    /// `s^m` is `m` blocks of size `s`; anything else one block.
    static func block(_ element: Expression) -> PartitionForm.Block {
        if case .binary(.power, let size, let count) = element.node {
            return PartitionForm.Block(size: size, count: count)
        }
        return PartitionForm.Block(size: element, count: nil)
    }

    mutating func parseSignature() throws -> Signature {
        let name = try takeDefinableName("the name of the definition")
        var parameters: [String] = []
        if take("(") != nil, take(")") == nil {
            while true {
                let column = current.column
                let parameter = try takeDefinableName("the name of a parameter")
                if parameters.contains(parameter) {
                    throw failure("the parameter '\(parameter)' is listed twice", at: column)
                }
                parameters.append(parameter)
                if take(",") != nil { continue }
                if take(")") != nil { break }
                throw expected("',' or ')'")
            }
        }
        guard current.kind == .end else { throw expected("'(' or end of the name") }
        return Signature(name: name, parameters: parameters)
    }

    /// A plain identifier (not a reserved word), consumed.
    mutating func takeDefinableName(_ what: String) throws -> String {
        guard let name = current.identifier else { throw expected(what) }
        guard ExpressionParser.isPlainIdentifier(name) else {
            throw failure("'\(name)' is a reserved word and cannot be \(what)", at: current.column)
        }
        advance()
        return name
    }
}
