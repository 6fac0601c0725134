import CertifiedIntervals

/// One token of an expression and the 1-based column of its first character.
struct Token {
    enum Kind: Equatable {
        /// An exact literal and its spelling.
        case number(Rational, text: String)
        case identifier(String)
        /// One of `+ - * / ^ ( ) ,`, and `[ ]` where a form allows lists.
        case symbol(Character)
        /// `<`, `<=`, `>`, `>=`, `=` (or `==`), where a form allows comparisons.
        case relation(Relation)
        /// `..`, where a form allows ranges.
        case dots
        case end
    }

    let kind: Kind
    let column: Int

    /// How the token is named in error messages: `'+'`, `number 0.25`, `'sqrt'`,
    /// `end of expression`.
    var quoted: String {
        switch kind {
        case .number(_, let text): return "number \(text)"
        case .identifier(let name): return "'\(name)'"
        case .symbol(let c): return "'\(c)'"
        case .relation(let relation): return "'\(relation.rawValue)'"
        case .dots: return "'..'"
        case .end: return "end of expression"
        }
    }

    func isSymbol(_ c: Character) -> Bool { kind == .symbol(c) }

    /// The kind without payload, for cheap dispatch in the parser.
    enum Tag { case number, identifier, leftParenthesis, otherSymbol, end }

    var tag: Tag {
        switch kind {
        case .number: return .number
        case .identifier: return .identifier
        case .symbol(let c): return c == "(" ? .leftParenthesis : .otherSymbol
        case .relation, .dots: return .otherSymbol
        case .end: return .end
        }
    }

    var identifier: String? {
        if case .identifier(let name) = kind { return name }
        return nil
    }

    var relation: Relation? {
        if case .relation(let relation) = kind { return relation }
        return nil
    }
}

/// Splits expression text into tokens.
///
/// - Numbers: `digits [ "." digits ] [ ("e" | "E") [ "+" | "-" ] digits ]`, read
///   exactly with `Rational(exactly:)`. An `e` is an exponent only when a digit, or a
///   sign and a digit, follow it: `2e` and `2e+x` are the number 2 followed by the
///   identifier `e`.
/// - Identifiers: `[A-Za-z_][A-Za-z0-9_]*` (ASCII only).
/// - Symbols: `+ - * / ^ ( ) ,`; blanks (space, tab, newlines) separate tokens.
/// - Only in the forms that use them (`Lexer.Extras`): the relations `< <= > >= = ==`,
///   the range dots `..` (a number stops before them: `2..12` is `2`, `..`, `12`) and
///   the brackets `[ ]`. Elsewhere they are unexpected characters, as before.
enum Lexer {
    /// Tokens beyond those of plain expressions, allowed by a form of the grammar.
    struct Extras: OptionSet {
        let rawValue: Int
        static let relations = Extras(rawValue: 1)
        static let dots = Extras(rawValue: 2)
        static let brackets = Extras(rawValue: 4)
    }

    static func tokens(of characters: [Character], extras: Extras = []) throws -> [Token] {
        var tokens: [Token] = []
        var i = 0
        let n = characters.count
        func at(_ k: Int) -> Character? { k < n ? characters[k] : nil }

        while i < n {
            let c = characters[i]
            let column = i + 1
            if c.isASCII && c.isWhitespace {
                i += 1
            } else if c.isDecimalDigit {
                var j = i
                while let d = at(j), d.isDecimalDigit { j += 1 }
                if at(j) == ".", !(extras.contains(.dots) && at(j + 1) == ".") {
                    guard let d = at(j + 1), d.isDecimalDigit else {
                        throw ExpressionSyntaxError(
                            column: j + 2,
                            message: "expected a digit after the decimal point but found \(describe(at(j + 1)))")
                    }
                    j += 1
                    while let d = at(j), d.isDecimalDigit { j += 1 }
                }
                if let marker = at(j), marker == "e" || marker == "E" {
                    var k = j + 1
                    if let sign = at(k), sign == "+" || sign == "-" { k += 1 }
                    if let d = at(k), d.isDecimalDigit {
                        j = k
                        while let d = at(j), d.isDecimalDigit { j += 1 }
                    }
                }
                let text = String(characters[i..<j])
                guard let value = Rational(exactly: text) else {
                    throw ExpressionSyntaxError(
                        column: column,
                        message: "number \(text) is out of range (decimal exponents are limited to "
                            + "±\(Rational.maximumDecimalExponent))")
                }
                tokens.append(Token(kind: .number(value, text: text), column: column))
                i = j
            } else if c.isIdentifierStart {
                var j = i + 1
                while let d = at(j), d.isIdentifierStart || d.isDecimalDigit { j += 1 }
                tokens.append(Token(kind: .identifier(String(characters[i..<j])), column: column))
                i = j
            } else if "+-*/^(),".contains(c) || (extras.contains(.brackets) && (c == "[" || c == "]")) {
                tokens.append(Token(kind: .symbol(c), column: column))
                i += 1
            } else if extras.contains(.relations), let (relation, length) = relation(at: i, in: characters) {
                tokens.append(Token(kind: .relation(relation), column: column))
                i += length
            } else if extras.contains(.dots), c == ".", at(i + 1) == "." {
                tokens.append(Token(kind: .dots, column: column))
                i += 2
            } else {
                throw ExpressionSyntaxError(column: column, message: "unexpected character \(describe(c))")
            }
        }
        tokens.append(Token(kind: .end, column: n + 1))
        return tokens
    }

    /// The relation starting at `i`, and its length in characters.
    static func relation(at i: Int, in characters: [Character]) -> (Relation, Int)? {
        let next: Character? = i + 1 < characters.count ? characters[i + 1] : nil
        switch (characters[i], next) {
        case ("<", "="): return (.lessOrEqual, 2)
        case (">", "="): return (.greaterOrEqual, 2)
        case ("=", "="): return (.equal, 2)
        case ("<", _): return (.less, 1)
        case (">", _): return (.greater, 1)
        case ("=", _): return (.equal, 1)
        default: return nil
        }
    }

    /// A character as named in error messages: `'#'`, or `U+0007` for invisible ones.
    static func describe(_ c: Character?) -> String {
        guard let c else { return "end of expression" }
        if c.unicodeScalars.allSatisfy({ $0.properties.generalCategory.isVisible }) { return "'\(c)'" }
        return c.unicodeScalars.map { "U+" + String($0.value, radix: 16, uppercase: true) }.joined(separator: " ")
    }
}

extension Character {
    var isDecimalDigit: Bool { isASCII && ("0"..."9").contains(self) }
    var isIdentifierStart: Bool { isASCII && (isLetter || self == "_") }
}

extension Unicode.GeneralCategory {
    /// Letters, marks, numbers, punctuation and symbols: characters safe to quote.
    var isVisible: Bool {
        switch self {
        case .control, .format, .surrogate, .privateUse, .unassigned,
             .spaceSeparator, .lineSeparator, .paragraphSeparator:
            return false
        default:
            return true
        }
    }
}
