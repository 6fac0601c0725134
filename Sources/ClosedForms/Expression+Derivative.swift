import CertifiedIntervals

/// The expression has no symbolic derivative this module can form soundly: `abs`,
/// `min` or `max` of something depending on the variable, a sum whose bounds depend
/// on it, a definition that cannot be expanded (unknown, recursive, too deep), or a
/// name captured by a sum variable when a definition is expanded.
public struct DerivativeError: Error, Equatable, CustomStringConvertible {
    public let column: Int
    public let message: String

    public init(column: Int, message: String) {
        self.column = column
        self.message = message
    }

    public var description: String { "column \(column): \(message)" }
}

extension Expression {
    /// The largest order `diff(body, x, n)` accepts.
    public static let maximumDerivativeOrder = 4

    /// The most nodes a derivative (or an expansion of definitions) may have.
    public static let maximumDerivativeNodes = 200_000

    /// The derivative of the expression with respect to `variable`, as an expression
    /// without calls of definitions (they are expanded: a call's body with its
    /// parameters replaced by the arguments) and without `diff` nodes (expanded into
    /// their symbolic derivatives).
    ///
    /// Rules: the usual ones for `+ − × ÷`; `u^v` as `v·u^(v−1)·u'` when `v` does not
    /// depend on the variable, `u^v·log(u)·v'` when `u` does not, and
    /// `u^v·(v'·log u + v·u'/u)` otherwise; `sqrt' = 1/(2 sqrt)`, `log' = 1/u`,
    /// `asin' = 1/sqrt(1−u²)`, `acos' = −1/sqrt(1−u²)`, `atan' = 1/(1+u²)`,
    /// `erf' = 2/sqrt(pi)·exp(−u²)`, `exp`, `sin`, `cos`; `sum` termwise, `prod` as
    /// `prod · sum(f'/f)` (bounds must not depend on the variable). `abs`, `min` and
    /// `max` of something that depends on the variable throw `DerivativeError` (they are
    /// not differentiable everywhere). Sums are exact rationals folded, and 0 and 1
    /// folded away, so derivatives stay small.
    ///
    /// Soundness for callers that evaluate the result on an interval (`RangeProofs`):
    /// every non-smooth point of a function that the derivative keeps is a domain
    /// error of the derivative's evaluation (`1/sqrt(u)` at u = 0, `1/u` for `log`,
    /// `1/sqrt(1 − u²)` at ±1, a non-integer power needing a positive base, a
    /// division by an enclosure of 0), so where both the expression and its
    /// derivative evaluate without error, the expression is continuously
    /// differentiable and the derivative's enclosure contains its derivative.
    /// Folding `0·w` to 0 drops only factors `w` that are subexpressions of the
    /// expression (defined wherever it is) or of derivatives that are identically 0.
    public func derivative(withRespectTo variable: String, definitions: Definitions) throws -> Expression {
        var expander = DefinitionExpander(definitions: definitions)
        let expanded = try expander.expand(self, callStack: [])
        var differentiator = Differentiator(variable: variable)
        return try differentiator.derivative(of: expanded, shadowed: false)
    }

    /// The `order`-th derivative (order ≥ 0; order 0 expands definitions only).
    public func derivative(withRespectTo variable: String, order: Int, definitions: Definitions) throws -> Expression {
        var expander = DefinitionExpander(definitions: definitions)
        var result = try expander.expand(self, callStack: [])
        for _ in 0..<Swift.max(0, order) {
            var differentiator = Differentiator(variable: variable)
            result = try differentiator.derivative(of: result, shadowed: false)
        }
        return result
    }

    /// The expression with every call of a definition replaced by the definition's
    /// body (parameters replaced by the arguments), recursively.
    public func expandingDefinitions(_ definitions: Definitions) throws -> Expression {
        var expander = DefinitionExpander(definitions: definitions)
        return try expander.expand(self, callStack: [])
    }

    /// The parts of `diff(body, variable)` or `diff(body, variable, n)`: the body, the
    /// variable's name and the order (1 when omitted). Throws `DerivativeError` when
    /// the second argument is not a variable name or the third not an integer literal
    /// in 1…`maximumDerivativeOrder` (the parser refuses both already).
    public static func diffParts(_ arguments: [Expression], at column: Int) throws -> (Expression, String, Int) {
        guard arguments.count == 2 || arguments.count == 3 else {
            throw DerivativeError(column: column, message: "diff takes 2 or 3 arguments: diff(body, variable[, order])")
        }
        guard case .variable(let name) = arguments[1].node else {
            throw DerivativeError(column: arguments[1].startColumn,
                                  message: "the second argument of diff must be a variable name")
        }
        var order = 1
        if arguments.count == 3 {
            guard case .number(let n) = arguments[2].node, let k = n.intValue,
                  (1...maximumDerivativeOrder).contains(k) else {
                throw DerivativeError(column: arguments[2].startColumn,
                                      message: "the order of diff must be an integer literal from 1 to "
                                          + "\(maximumDerivativeOrder)")
            }
            order = k
        }
        return (arguments[0], name, order)
    }

    /// The number of nodes, counting stopped once it passes `limit`.
    func nodeCount(upTo limit: Int) -> Int {
        var count = 0
        func walk(_ e: Expression) {
            guard count <= limit else { return }
            count += 1
            e.node.forEachChild(walk)
        }
        walk(self)
        return count
    }

    /// Whether the expression reads `name` (free, not bound by one of its own sums).
    func dependsOn(_ name: String) -> Bool { freeVariables.contains(name) }

    /// The expression with the free occurrences of the variables of `substitution`
    /// replaced. Throws when a sum of the expression binds a name that occurs free in
    /// a replacement (it would be captured).
    func substituting(_ substitution: [String: Expression]) throws -> Expression {
        if substitution.isEmpty { return self }
        switch node {
        case .number, .constant:
            return self
        case .variable(let name):
            return substitution[name] ?? self
        case .negate(let operand):
            return Expression(.negate(try operand.substituting(substitution)), column: column)
        case .binary(let op, let left, let right):
            return Expression(.binary(op, try left.substituting(substitution), try right.substituting(substitution)),
                              column: column)
        case .function(let function, let arguments):
            if function == .diff {
                // diff(body, y, n) is the derivative at the current y: substituting
                // inside it would change its meaning. Callers expand diff first.
                throw DerivativeError(column: column, message: "diff(…) must be expanded before substitution")
            }
            return Expression(.function(function, try arguments.map { try $0.substituting(substitution) }),
                              column: column)
        case .call(let name, let arguments):
            return Expression(.call(name, try arguments.map { try $0.substituting(substitution) }), column: column)
        case .aggregate(let aggregate, let variable, let lower, let upper, let body):
            var inner = substitution
            inner[variable] = nil
            try checkCapture(variable, inner)
            return Expression(.aggregate(aggregate, variable: variable, lower: try lower.substituting(substitution),
                                         upper: try upper.substituting(substitution),
                                         body: try body.substituting(inner)), column: column)
        case .comprehension(let aggregate, let body, let variable, let list):
            var inner = substitution
            inner[variable] = nil
            try checkCapture(variable, inner)
            return Expression(.comprehension(aggregate, body: try body.substituting(inner), variable: variable,
                                             list: try list.substituting(substitution)), column: column)
        }
    }

    private func checkCapture(_ variable: String, _ substitution: [String: Expression]) throws {
        for (name, replacement) in substitution where replacement.dependsOn(variable) && dependsOnFree(name) {
            throw DerivativeError(column: column, message: "expanding a definition would capture '\(variable)' "
                                      + "(a sum variable of the same name as a name in its arguments); rename it")
        }
    }

    private func dependsOnFree(_ name: String) -> Bool { freeVariables.contains(name) }
}

/// Replaces calls of definitions by their bodies, and `diff` nodes by derivatives.
struct DefinitionExpander {
    let definitions: Definitions
    var nodes = 0

    init(definitions: Definitions) { self.definitions = definitions }

    /// `bound` holds the variables bound by the sums and products enclosing `e` in
    /// the expression being expanded: a definition body pasted there must not read
    /// any of them (it would see the sum's variable instead of the parameter or range
    /// variable it means — a capture), so that is an error.
    mutating func expand(_ e: Expression, callStack: [String], bound: Set<String> = []) throws -> Expression {
        nodes += 1
        guard nodes <= Expression.maximumDerivativeNodes else {
            throw DerivativeError(column: e.column, message: "the expansion of the definitions has more than "
                                      + "\(Expression.maximumDerivativeNodes) nodes")
        }
        switch e.node {
        case .number, .constant, .variable:
            return e
        case .negate(let operand):
            return Expression(.negate(try expand(operand, callStack: callStack, bound: bound)), column: e.column)
        case .binary(let op, let left, let right):
            return Expression(.binary(op, try expand(left, callStack: callStack, bound: bound),
                                      try expand(right, callStack: callStack, bound: bound)), column: e.column)
        case .function(let function, let arguments):
            if function == .diff {
                let (body, variable, order) = try Expression.diffParts(arguments, at: e.column)
                var result = try expand(body, callStack: callStack, bound: bound)
                var differentiator = Differentiator(variable: variable)
                for _ in 0..<order { result = try differentiator.derivative(of: result, shadowed: false) }
                return result
            }
            return Expression(.function(function, try arguments.map { try expand($0, callStack: callStack, bound: bound) }),
                              column: e.column)
        case .call(let name, let arguments):
            guard let definition = definitions[name] else {
                throw DerivativeError(column: e.column, message: "unknown function or definition '\(name)'")
            }
            guard definition.parameters.count == arguments.count else {
                throw DerivativeError(column: e.column,
                                      message: wrongCount(name, definition.parameters.count, arguments.count))
            }
            guard !callStack.contains(name) else {
                throw DerivativeError(column: e.column, message: "definition '\(name)' is recursive")
            }
            guard callStack.count < Expression.maximumCallDepth else {
                throw DerivativeError(column: e.column, message: "definitions call each other too deeply")
            }
            let expandedArguments = try arguments.map { try expand($0, callStack: callStack, bound: bound) }
            let captured = definition.body.freeVariables.subtracting(definition.parameters).intersection(bound)
            if let name = captured.sorted().first {
                throw DerivativeError(column: e.column, message: "expanding '\(definition.name)' here would let the "
                                          + "sum variable '\(name)' capture the '\(name)' its body reads; rename the "
                                          + "sum variable")
            }
            let body = try expand(definition.body, callStack: callStack + [name])
            var substitution: [String: Expression] = [:]
            for (parameter, argument) in zip(definition.parameters, expandedArguments) {
                substitution[parameter] = argument
            }
            let expanded = try body.substituting(substitution)
            // Substitution copies the arguments once per use of a parameter: bound the
            // size of what comes out, not only the nodes visited.
            guard expanded.nodeCount(upTo: Expression.maximumDerivativeNodes) <= Expression.maximumDerivativeNodes else {
                throw DerivativeError(column: e.column, message: "expanding '\(name)' gives more than "
                                          + "\(Expression.maximumDerivativeNodes) nodes")
            }
            return expanded
        case .aggregate(let aggregate, let variable, let lower, let upper, let body):
            return Expression(.aggregate(aggregate, variable: variable, lower: try expand(lower, callStack: callStack, bound: bound),
                                         upper: try expand(upper, callStack: callStack, bound: bound),
                                         body: try expand(body, callStack: callStack, bound: bound.union([variable]))),
                              column: e.column)
        case .comprehension(let aggregate, let body, let variable, let list):
            return Expression(.comprehension(aggregate, body: try expand(body, callStack: callStack,
                                                                        bound: bound.union([variable])),
                                             variable: variable, list: list), column: e.column)
        }
    }
}

/// Symbolic differentiation of an expression without calls and `diff` nodes.
struct Differentiator {
    let variable: String
    var nodes = 0

    init(variable: String) { self.variable = variable }

    mutating func derivative(of e: Expression, shadowed: Bool) throws -> Expression {
        nodes += 1
        guard nodes <= Expression.maximumDerivativeNodes else {
            throw DerivativeError(column: e.column, message: "the derivative has more than "
                                      + "\(Expression.maximumDerivativeNodes) nodes")
        }
        if shadowed || !e.dependsOn(variable) { return .zero }
        let c = e.column
        switch e.node {
        case .number, .constant:
            return .zero
        case .variable(let name):
            return name == variable ? .one : .zero
        case .negate(let operand):
            return .negated(try derivative(of: operand, shadowed: false))
        case .binary(let op, let u, let v):
            let du = try derivative(of: u, shadowed: false)
            let dv = try derivative(of: v, shadowed: false)
            switch op {
            case .add: return .sum(du, dv)
            case .subtract: return .difference(du, dv)
            case .multiply: return .sum(.product(du, v), .product(u, dv))
            case .divide:
                // (u/v)' = u'/v − u·v'/v².
                return .difference(.quotient(du, v), .quotient(.product(u, dv), .power(v, .number(2))))
            case .power:
                let variesBase = u.dependsOn(variable)
                let variesExponent = v.dependsOn(variable)
                if !variesExponent {
                    // v·u^(v−1)·u'
                    let reduced: Expression
                    if case .number(let n) = v.node { reduced = .number(n - Rational(1)) } else {
                        reduced = .difference(v, .one)
                    }
                    return .product(.product(v, .power(u, reduced)), du)
                }
                let logU = Expression(.function(.log, [u]), column: c)
                if !variesBase {
                    return .product(.product(e, logU), dv)
                }
                return .product(e, .sum(.product(dv, logU), .quotient(.product(v, du), u)))
            }
        case .function(let function, let arguments):
            if function == .diff {
                throw DerivativeError(column: c, message: "diff(…) not expanded before differentiation")
            }
            if function == .abs || function == .min || function == .max {
                throw DerivativeError(column: c, message: "\(function.rawValue) is not differentiable everywhere; "
                                          + "the derivative of an expression using it on '\(variable)' is not formed")
            }
            let u = arguments[0]
            let du = try derivative(of: u, shadowed: false)
            let outer: Expression
            switch function {
            case .sqrt: outer = .quotient(.one, .product(.number(2), e))
            case .exp: outer = e
            case .log: outer = .quotient(.one, u)
            case .asin: outer = .quotient(.one, .call(.sqrt, .difference(.one, .power(u, .number(2)))))
            case .acos: outer = .negated(.quotient(.one, .call(.sqrt, .difference(.one, .power(u, .number(2))))))
            case .atan: outer = .quotient(.one, .sum(.one, .power(u, .number(2))))
            case .erf:
                outer = .product(.quotient(.number(2), .call(.sqrt, Expression(.constant(.pi), column: c))),
                                 .call(.exp, .negated(.power(u, .number(2)))))
            case .sin: outer = .call(.cos, u)
            case .cos: outer = .negated(.call(.sin, u))
            case .abs, .min, .max, .diff: fatalError("handled above")
            }
            return .product(outer, du)
        case .call(let name, _):
            throw DerivativeError(column: c, message: "call of '\(name)' not expanded before differentiation")
        case .aggregate(let aggregate, let index, let lower, let upper, let body):
            if lower.dependsOn(variable) || upper.dependsOn(variable) {
                throw DerivativeError(column: c, message: "the bounds of \(aggregate.rawValue) depend on '\(variable)': "
                                          + "no derivative")
            }
            let dBody = try derivative(of: body, shadowed: index == variable)
            switch aggregate {
            case .sum:
                return Expression(.aggregate(.sum, variable: index, lower: lower, upper: upper, body: dBody), column: c)
            case .prod:
                // (Π f)' = Π f · Σ f'/f, where every f ≠ 0 (a division by 0 otherwise).
                return .product(e, Expression(.aggregate(.sum, variable: index, lower: lower, upper: upper,
                                                         body: .quotient(dBody, body)), column: c))
            }
        case .comprehension(let aggregate, let body, let index, let list):
            let dBody = try derivative(of: body, shadowed: index == variable)
            switch aggregate {
            case .sum:
                return Expression(.comprehension(.sum, body: dBody, variable: index, list: list), column: c)
            case .prod:
                return .product(e, Expression(.comprehension(.sum, body: .quotient(dBody, body), variable: index,
                                                             list: list), column: c))
            }
        }
    }
}

// MARK: - Building with light simplification

extension Expression {
    static var zero: Expression { .number(0) }
    static var one: Expression { .number(1) }

    static func number(_ r: Rational) -> Expression { Expression(.number(r), column: 0) }

    var rationalValue: Rational? {
        if case .number(let r) = node { return r }
        return nil
    }

    static func call(_ function: Function, _ argument: Expression) -> Expression {
        Expression(.function(function, [argument]), column: 0)
    }

    static func negated(_ a: Expression) -> Expression {
        if let r = a.rationalValue { return .number(-r) }
        if case .negate(let inner) = a.node { return inner }
        return Expression(.negate(a), column: 0)
    }

    static func sum(_ a: Expression, _ b: Expression) -> Expression {
        if let x = a.rationalValue, let y = b.rationalValue { return .number(x + y) }
        if a.rationalValue?.signum == 0 { return b }
        if b.rationalValue?.signum == 0 { return a }
        if case .negate(let inner) = b.node { return difference(a, inner) }
        return Expression(.binary(.add, a, b), column: 0)
    }

    static func difference(_ a: Expression, _ b: Expression) -> Expression {
        if let x = a.rationalValue, let y = b.rationalValue { return .number(x - y) }
        if b.rationalValue?.signum == 0 { return a }
        if a.rationalValue?.signum == 0 { return negated(b) }
        if case .negate(let inner) = b.node { return sum(a, inner) }
        return Expression(.binary(.subtract, a, b), column: 0)
    }

    static func product(_ a: Expression, _ b: Expression) -> Expression {
        if let x = a.rationalValue, let y = b.rationalValue { return .number(x * y) }
        if a.rationalValue?.signum == 0 || b.rationalValue?.signum == 0 { return .zero }
        if a.rationalValue == Rational(1) { return b }
        if b.rationalValue == Rational(1) { return a }
        if a.rationalValue == Rational(-1) { return negated(b) }
        if b.rationalValue == Rational(-1) { return negated(a) }
        return Expression(.binary(.multiply, a, b), column: 0)
    }

    static func quotient(_ a: Expression, _ b: Expression) -> Expression {
        if let x = a.rationalValue, let y = b.rationalValue, y.signum != 0,
           let q = try? Rational.dividing(x, by: y) { return .number(q) }
        if a.rationalValue?.signum == 0 { return .zero }
        if b.rationalValue == Rational(1) { return a }
        return Expression(.binary(.divide, a, b), column: 0)
    }

    static func power(_ a: Expression, _ b: Expression) -> Expression {
        if b.rationalValue == Rational(1) { return a }
        if b.rationalValue?.signum == 0 { return .one }
        return Expression(.binary(.power, a, b), column: 0)
    }
}
