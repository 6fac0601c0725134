import CertifiedIntervals

/// A closed form of a theorem file, as a syntax tree.
///
/// Every node carries the 1-based `column` of the text it was parsed from: the
/// operator for `a + b`, `-a` and `a ^ b`, the name for variables, constants, calls
/// and sums, the first character for numbers. Columns are for error messages only:
/// two expressions are equal (`==`) when their trees are equal, wherever they were
/// written.
///
/// Expressions are built by `ExpressionParser.parse(_:)`; building one by hand with
/// `init(_:column:)` is possible (for tests and generated closed forms). Evaluation
/// and validation check what the parser would have (arity of built-ins, nesting
/// depth); printing, `==` and `freeVariables` recurse over the whole tree, so a
/// hand-built tree should stay within `ExpressionParser.maximumDepth` like parsed
/// ones. Foundation also declares an `Expression`: files importing both write
/// `ClosedForms.Expression`.
public struct Expression {
    /// The kind of the node and its children.
    public let node: Node
    /// The 1-based column of the node in the text it was parsed from.
    public let column: Int
    /// Number of nodes on the longest path from this node down to a leaf (a leaf has 1).
    public let height: Int
    /// The case of `node`, without its payload: the recursive walks switch on this
    /// (cheap) and extract the payload of the one case in a helper, which keeps
    /// their stack frames small in unoptimised builds.
    let tag: Tag

    public init(_ node: Node, column: Int) {
        self.node = node
        self.column = column
        var tallest = 0
        node.forEachChild { tallest = Swift.max(tallest, $0.height) }
        self.height = tallest + 1
        self.tag = Tag(node)
    }

    enum Tag: UInt8 {
        case number, constant, variable, negate, binary, function, call, aggregate, comprehension

        init(_ node: Node) {
            switch node {
            case .number: self = .number
            case .constant: self = .constant
            case .variable: self = .variable
            case .negate: self = .negate
            case .binary: self = .binary
            case .function: self = .function
            case .call: self = .call
            case .aggregate: self = .aggregate
            case .comprehension: self = .comprehension
            }
        }
    }

    /// The kinds of nodes.
    public indirect enum Node {
        /// An exact rational literal. The parser only produces non-negative decimals
        /// (`3`, `0.25`, `1e-60`); other rationals may be built by hand.
        case number(Rational)
        /// `pi` or `e`.
        case constant(Constant)
        /// A variable bound by the environment, an enclosing sum or a definition's
        /// parameter.
        case variable(String)
        /// `-operand`. (Unary `+` is dropped by the parser.)
        case negate(Expression)
        /// `left op right`.
        case binary(BinaryOperator, Expression, Expression)
        /// A built-in function. The parser guarantees the arity (`Function.arity`).
        case function(Function, [Expression])
        /// A call of a named definition, `Lstar(l)`.
        case call(String, [Expression])
        /// `sum(variable, lower, upper, body)` or `prod(…)`: `variable` runs over the
        /// integers `lower…upper`.
        case aggregate(Aggregate, variable: String, lower: Expression, upper: Expression, body: Expression)
        /// `sum(body for variable in list)` or `prod(…)`: `variable` runs over the
        /// exact rationals of a list binding; `list` is a `.variable` node naming it.
        case comprehension(Aggregate, body: Expression, variable: String, list: Expression)
    }

    /// The named constants.
    public enum Constant: String, CaseIterable, Sendable {
        case pi
        case e
    }

    /// Binary operators, spelt as in expressions.
    public enum BinaryOperator: String, CaseIterable, Sendable {
        case add = "+"
        case subtract = "-"
        case multiply = "*"
        case divide = "/"
        case power = "^"
    }

    /// Built-in functions, spelt as in expressions.
    public enum Function: String, CaseIterable, Sendable {
        case sqrt, exp, log, asin, acos, atan, erf, sin, cos, abs, min, max
        /// `diff(body, x)` and `diff(body, x, n)`: the n-th derivative of `body` with
        /// respect to the variable `x`, at the current value of `x` (n an integer
        /// literal from 1 to `Expression.maximumDerivativeOrder`; see
        /// `Expression.derivative(withRespectTo:definitions:)`).
        case diff

        /// The accepted numbers of arguments: one, two and more for `min` and `max`,
        /// two or three for `diff`.
        public var arity: ClosedRange<Int> {
            switch self {
            case .min, .max: return 2...Int.max
            case .diff: return 2...3
            default: return 1...1
            }
        }
    }

    /// Finite sums and products.
    public enum Aggregate: String, CaseIterable, Sendable {
        case sum
        case prod
    }
}

extension Expression.Node {
    /// Calls `body` on each direct child, left to right.
    func forEachChild(_ body: (Expression) throws -> Void) rethrows {
        switch self {
        case .number, .constant, .variable:
            break
        case .negate(let operand):
            try body(operand)
        case .binary(_, let left, let right):
            try body(left); try body(right)
        case .function(_, let arguments), .call(_, let arguments):
            for argument in arguments { try body(argument) }
        case .aggregate(_, _, let lower, let upper, let summand):
            try body(lower); try body(upper); try body(summand)
        case .comprehension(_, let summand, _, let list):
            try body(summand); try body(list)
        }
    }
}

// MARK: - Equality ignores columns

extension Expression.Node: Equatable, Hashable {}

extension Expression: Equatable, Hashable {
    /// Structural equality: same tree, columns ignored.
    public static func == (a: Expression, b: Expression) -> Bool { a.node == b.node }
    public func hash(into hasher: inout Hasher) { hasher.combine(node) }
}

// MARK: - Names

extension Expression {
    /// The variables the expression reads from its environment: every variable name
    /// (including the list of a `sum(… for x in list)`) not bound by an enclosing sum
    /// of the expression itself. Bodies of called definitions are not included.
    public var freeVariables: Set<String> {
        var result = Set<String>()
        collectFreeVariables(bound: [], into: &result)
        return result
    }

    /// The column where the text of this subexpression begins (inside any
    /// parentheses around it): the column of its leftmost leaf or prefix operator.
    public var startColumn: Int {
        switch node {
        case .binary(_, let left, _): return left.startColumn
        default: return column
        }
    }

    private func collectFreeVariables(bound: Set<String>, into result: inout Set<String>) {
        switch node {
        case .number, .constant:
            break
        case .variable(let name):
            if !bound.contains(name) { result.insert(name) }
        case .negate(let operand):
            operand.collectFreeVariables(bound: bound, into: &result)
        case .binary(_, let left, let right):
            left.collectFreeVariables(bound: bound, into: &result)
            right.collectFreeVariables(bound: bound, into: &result)
        case .function(_, let arguments), .call(_, let arguments):
            for argument in arguments { argument.collectFreeVariables(bound: bound, into: &result) }
        case .aggregate(_, let variable, let lower, let upper, let body):
            lower.collectFreeVariables(bound: bound, into: &result)
            upper.collectFreeVariables(bound: bound, into: &result)
            body.collectFreeVariables(bound: bound.union([variable]), into: &result)
        case .comprehension(_, let body, let variable, let list):
            list.collectFreeVariables(bound: bound, into: &result)
            body.collectFreeVariables(bound: bound.union([variable]), into: &result)
        }
    }

    /// The names of the definitions the expression calls directly (not those called
    /// by their bodies).
    public var calledDefinitions: Set<String> {
        var result = Set<String>()
        collectCalls(into: &result)
        return result
    }

    private func collectCalls(into result: inout Set<String>) {
        if case .call(let name, _) = node { result.insert(name) }
        node.forEachChild { $0.collectCalls(into: &result) }
    }
}
