import CertifiedIntervals
import ClosedForms

/// The closed forms of a file, read by the ClosedForms grammar: expressions,
/// comparisons, ranges and partitions. Each is parsed whole (so every column is a
/// column of the string written in the file), then constants are resolved and names
/// validated; errors of either step point at the offending token.
extension TheoremFileParser {
    /// Parses `text` (written at `path`) with one of the grammar's entry points.
    func parsed<Form>(_ text: String, _ path: String, _ parse: (String) throws -> Form) throws -> Form {
        try reader.checkExpressionLength(text, path)
        do {
            return try parse(text)
        } catch let e as ExpressionSyntaxError {
            throw error(path, e.message + " in \"\(TOMLReader.excerpt(text))\"", expressionColumn: e.column)
        }
    }

    /// `e`, a part of `text`, with constant definitions resolved and every name checked.
    func checked(_ e: Expression, in text: String, _ path: String, known: Set<String>,
                 definitions: Definitions) throws -> Expression {
        let resolved = e.resolvingConstants(known: known, definitions: definitions)
        do {
            try resolved.validate(knownVariables: known, definitions: definitions)
        } catch let failure as EvaluationError {
            throw error(path, failure.message + " in \"\(TOMLReader.excerpt(text))\"", expressionColumn: failure.column)
        }
        return resolved
    }

    /// An expression written at `path`.
    func expression(_ text: String, _ path: String, known: Set<String>, definitions: Definitions) throws -> Expression {
        let e = try parsed(text, path, ExpressionParser.parse)
        return try checked(e, in: text, path, known: known, definitions: definitions)
    }

    /// The expression at `t[key]` (a string or a TOML integer); nil when absent and
    /// not `required`.
    func expression(_ t: [String: TOMLNode], _ key: String, _ keyPath: String, known: Set<String>,
                    definitions: Definitions, required: Bool = true) throws -> Expression? {
        guard let node = t[key] else {
            if required { throw reader.missing(key, in: keyPath) }
            return nil
        }
        let path = reader.join(keyPath, key)
        return try expression(try reader.expressionText(node, path), path, known: known, definitions: definitions)
    }

    /// `A < B`: one comparison, both sides checked.
    func comparison(_ text: String, _ path: String, known: Set<String>, definitions: Definitions) throws -> Comparison {
        var form = try parsed(text, path, ExpressionParser.parseComparison)
        form.left = try checked(form.left, in: text, path, known: known, definitions: definitions)
        form.right = try checked(form.right, in: text, path, known: known, definitions: definitions)
        return form
    }

    /// `name = "lower..upper"` (a finite list of integers), `"lower.."` (every integer
    /// from `lower` on) or a real interval `"[a, b]"`, `"(0, 1]"`, `"[1, inf)"`.
    func parameterRange(_ text: String, name: String, path: String, known: Set<String>,
                        definitions: Definitions) throws -> ParameterRange {
        let form = try parsed(text, path, ExpressionParser.parseDomain)
        func check(_ e: Expression) throws -> Expression {
            try checked(e, in: text, path, known: known, definitions: definitions)
        }
        let domain: RangeDomain
        switch form {
        case .integers(let range):
            domain = .integers(lower: try check(range.lower), upper: try check(range.upper))
        case .integersFrom(let lower, _):
            domain = .integersFrom(lower: try check(lower))
        case .interval(let interval):
            func end(_ end: IntervalForm.End, closed: Bool) throws -> RangeEnd {
                switch end {
                case .infinite: return .infinite
                case .finite(let e): return .finite(try check(e), closed: closed)
                }
            }
            domain = .reals(lower: try end(interval.lower, closed: interval.lowerClosed),
                            upper: try end(interval.upper, closed: interval.upperClosed))
        }
        return ParameterRange(name: name, domain: domain, keyPath: path, text: text)
    }

    /// `all` (when `allowingAll`), `[3, 1, 1]` or `(k-n+1, 1^(n-1))`.
    func partition(_ text: String, _ path: String, allowingAll: Bool, known: Set<String>,
                   definitions: Definitions) throws -> PartitionSpecification {
        if allowingAll && text.trimmedOfSpaces == "all" { return .all }
        let form = try parsed(text, path, ExpressionParser.parsePartition)
        guard form.blocks.count <= TOMLReader.maximumListLength else { throw error(path, "too many blocks") }
        return .blocks(try form.blocks.map { block in
            let size = try checked(block.size, in: text, path, known: known, definitions: definitions)
            let count = try block.count.map { try checked($0, in: text, path, known: known, definitions: definitions) }
            return (size, count ?? Expression(.number(Rational(1)), column: block.size.column))
        })
    }
}
