import ClosedForms

extension Expression {
    /// The expression with every reference to a constant definition written as a
    /// variable (`s` for `"s" = "sqrt(2)"`) turned into a call of it (`s()`), so that
    /// a constant can be used like a number. A name bound by an enclosing sum or
    /// comprehension, or listed in `known` (parameters, definition arguments, claim
    /// ranges, `l`, `groups`, `loss`), stays a variable: the innermost binding wins.
    ///
    /// Recurses over the tree, which the expression parser keeps at most
    /// `ExpressionParser.maximumDepth` deep.
    func resolvingConstants(known: Set<String>, definitions: Definitions) -> Expression {
        guard definitions.names.contains(where: { definitions[$0]?.parameters.isEmpty == true }) else { return self }
        return resolvingConstants(bound: known, definitions: definitions)
    }

    private func resolvingConstants(bound: Set<String>, definitions: Definitions) -> Expression {
        func resolve(_ e: Expression) -> Expression { e.resolvingConstants(bound: bound, definitions: definitions) }
        let resolved: Node
        switch node {
        case .number, .constant:
            return self
        case .variable(let name):
            guard !bound.contains(name), let definition = definitions[name], definition.parameters.isEmpty else {
                return self
            }
            resolved = .call(name, [])
        case .negate(let operand):
            resolved = .negate(resolve(operand))
        case .binary(let op, let left, let right):
            resolved = .binary(op, resolve(left), resolve(right))
        case .function(let function, let arguments):
            resolved = .function(function, arguments.map(resolve))
        case .call(let name, let arguments):
            resolved = .call(name, arguments.map(resolve))
        case .aggregate(let kind, let variable, let lower, let upper, let body):
            resolved = .aggregate(kind, variable: variable, lower: resolve(lower), upper: resolve(upper),
                                  body: body.resolvingConstants(bound: bound.union([variable]), definitions: definitions))
        case .comprehension(let kind, let body, let variable, let list):
            resolved = .comprehension(kind, body: body.resolvingConstants(bound: bound.union([variable]), definitions: definitions),
                                      variable: variable, list: resolve(list))
        }
        return Expression(resolved, column: column)
    }
}
