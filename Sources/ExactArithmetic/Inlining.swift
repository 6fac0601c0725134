import CertifiedIntervals
import ClosedForms

/// Expands an expression into one without calls and sums: calls of definitions are
/// replaced by their bodies with the parameters replaced by the (expanded)
/// arguments, and `sum(j, a, b, body)`/`prod(…)` with bounds that are exact integers
/// independent of the variables are written out (as a balanced tree of `+` or `*`).
/// The result reads only the free variables in `variables`.
///
/// Limits: `Expression.maximumCallDepth` and `Expression.maximumEvaluationDepth` as in
/// evaluation, at most `maximumSumTerms` terms written out in all, at most
/// `maximumNodes` nodes in the result counted as a tree (a parameter used k times
/// counts its argument k times, although the argument's tree is shared: so
/// definitions that use their parameters several times, nested, cannot make the
/// tree exponentially large).
struct Inliner {
    let definitions: Definitions
    let variables: Set<String>
    let context: ExactContext
    var maximumNodes = 50_000
    var maximumSumTerms = 1_000
    private var nodes = 0
    private var sumTerms = 0
    private var callStack: [String] = []
    private var depth = 0

    init(definitions: Definitions, variables: Set<String>, context: ExactContext) {
        self.definitions = definitions
        self.variables = variables
        self.context = context
    }

    mutating func inline(_ e: Expression) throws -> Expression {
        try inline(e, [:])
    }

    /// An expanded argument and its size as a tree.
    struct Bound {
        let expression: Expression
        let size: Int
    }

    private mutating func make(_ node: Expression.Node, _ column: Int) throws -> Expression {
        try count(1, column)
        return Expression(node, column: column)
    }

    private mutating func count(_ size: Int, _ column: Int) throws {
        nodes += size
        guard nodes <= maximumNodes else {
            throw ExactArithmeticError(.limit, "expanding definitions and sums builds more than \(maximumNodes) nodes",
                                       column: column)
        }
    }

    private mutating func inline(_ e: Expression, _ map: [String: Bound]) throws -> Expression {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Expression.maximumEvaluationDepth else {
            throw EvaluationError(column: e.column, kind: .nestedTooDeeply,
                                  message: "expression and definitions nested more than "
                                      + "\(Expression.maximumEvaluationDepth) levels deep")
        }
        switch e.node {
        case .number, .constant:
            return e
        case .variable(let name):
            if let bound = map[name] {
                try count(bound.size, e.column)
                return bound.expression
            }
            if variables.contains(name) { return e }
            throw EvaluationError(column: e.column, kind: .unknownVariable, message: "unknown variable '\(name)'")
        case .negate(let operand):
            return try make(.negate(try inline(operand, map)), e.column)
        case .binary(let op, let left, let right):
            return try make(.binary(op, try inline(left, map), try inline(right, map)), e.column)
        case .function(let function, let arguments):
            var expanded: [Expression] = []
            for argument in arguments { expanded.append(try inline(argument, map)) }
            return try make(.function(function, expanded), e.column)
        case .call(let name, let arguments):
            guard let definition = definitions[name] else {
                throw EvaluationError(column: e.column, kind: .unknownFunction,
                                      message: "unknown function or definition '\(name)'")
            }
            guard definition.parameters.count == arguments.count else {
                throw EvaluationError(column: e.column, kind: .wrongArgumentCount,
                                      message: "'\(name)' takes \(definition.parameters.count) arguments but was "
                                          + "given \(arguments.count)")
            }
            if callStack.contains(name) {
                let cycle = (callStack.drop(while: { $0 != name }) + [name]).joined(separator: " → ")
                throw EvaluationError(column: e.column, kind: .recursiveDefinition,
                                      message: "definition '\(name)' is recursive: \(cycle)")
            }
            guard callStack.count < Expression.maximumCallDepth else {
                throw EvaluationError(column: e.column, kind: .nestedTooDeeply,
                                      message: "definitions call each other more than "
                                          + "\(Expression.maximumCallDepth) levels deep")
            }
            var inner: [String: Bound] = [:]
            for (parameter, argument) in zip(definition.parameters, arguments) {
                let before = nodes
                let expanded = try inline(argument, map)
                inner[parameter] = Bound(expression: expanded, size: nodes - before)
            }
            callStack.append(name)
            defer { callStack.removeLast() }
            do {
                return try inline(definition.body, inner)
            } catch let error as EvaluationError {
                throw EvaluationError(column: e.column, kind: error.kind,
                                      message: "in definition '\(name)' (column \(error.column) of its body): "
                                          + error.message)
            }
        case .aggregate(let aggregate, let variable, let lower, let upper, let body):
            let a = try integerBound(try inline(lower, map), aggregate)
            let b = try integerBound(try inline(upper, map), aggregate)
            guard a <= b else { return try make(.number(Rational(aggregate == .sum ? 0 : 1)), e.column) }
            let (span, overflow) = b.subtractingReportingOverflow(a)
            guard !overflow, span < maximumSumTerms - sumTerms else {
                throw ExactArithmeticError(.limit, "\(aggregate.rawValue) from \(a) to \(b): more than "
                                           + "\(maximumSumTerms) terms written out", column: e.column)
            }
            sumTerms += span + 1
            var terms: [Expression] = []
            for k in a...b {
                var inner = map
                inner[variable] = Bound(expression: Expression(.number(Rational(k)), column: e.column), size: 1)
                terms.append(try inline(body, inner))
            }
            return try balanced(terms, aggregate == .sum ? .add : .multiply, e.column)
        case .comprehension(let aggregate, _, _, _):
            throw ExactArithmeticError(.unsupported, "\(aggregate.rawValue)(… for x in list) is not supported here",
                                       column: e.column)
        }
    }

    private mutating func balanced(_ terms: [Expression], _ op: Expression.BinaryOperator,
                                   _ column: Int) throws -> Expression {
        if terms.count == 1 { return terms[0] }
        let middle = terms.count / 2
        return try make(.binary(op, try balanced(Array(terms[..<middle]), op, column),
                                try balanced(Array(terms[middle...]), op, column)), column)
    }

    private func integerBound(_ bound: Expression, _ aggregate: Expression.Aggregate) throws -> Int {
        guard bound.freeVariables.isEmpty else {
            throw ExactArithmeticError(.unsupported, "a bound of \(aggregate.rawValue) depends on the variables "
                                       + "\(bound.freeVariables.sorted().joined(separator: ", "))", column: bound.column)
        }
        let value = try ExactEvaluator(context: context).evaluate(bound, bindings: [:])
        guard let r = value.rationalValue, let k = r.intValue, r.isInteger else {
            throw EvaluationError(column: bound.startColumn, kind: .nonIntegerBound,
                                  message: "a bound of \(aggregate.rawValue) must be an exact integer, but it is \(value)")
        }
        return k
    }
}
