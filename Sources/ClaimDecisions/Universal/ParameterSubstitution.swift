import CertifiedIntervals
import ClosedForms

/// Replaces the finite parameters of an instance by their exact values, in an
/// expression and in the bodies of the definitions (which see the parameters), so that
/// an exact method about the quantified variables alone (`IdentityProver`) reads no
/// other name.
///
/// Scoping is respected: a definition's own argument, the variable of a sum or
/// comprehension, and the variable of `diff(body, x, n)` shadow a parameter of the same
/// name inside their scope. Replacements are numbers, so nothing can be captured.
enum ParameterSubstitution {
    static func apply(_ expression: ClosedForms.Expression, _ values: [String: Rational]) -> ClosedForms.Expression {
        guard !values.isEmpty else { return expression }
        let column = expression.column
        switch expression.node {
        case .number, .constant:
            return expression
        case .variable(let name):
            return values[name].map { ClosedForms.Expression(.number($0), column: column) } ?? expression
        case .negate(let operand):
            return ClosedForms.Expression(.negate(apply(operand, values)), column: column)
        case .binary(let op, let left, let right):
            return ClosedForms.Expression(.binary(op, apply(left, values), apply(right, values)), column: column)
        case .function(let function, let arguments):
            if function == .diff, arguments.count >= 2, case .variable(let bound) = arguments[1].node {
                var inner = values
                inner[bound] = nil
                var rewritten = arguments
                rewritten[0] = apply(arguments[0], inner)
                if arguments.count > 2 { rewritten[2] = apply(arguments[2], values) }
                return ClosedForms.Expression(.function(function, rewritten), column: column)
            }
            return ClosedForms.Expression(.function(function, arguments.map { apply($0, values) }), column: column)
        case .call(let name, let arguments):
            return ClosedForms.Expression(.call(name, arguments.map { apply($0, values) }), column: column)
        case .aggregate(let aggregate, let variable, let lower, let upper, let body):
            var inner = values
            inner[variable] = nil
            return ClosedForms.Expression(.aggregate(aggregate, variable: variable, lower: apply(lower, values),
                                                     upper: apply(upper, values), body: apply(body, inner)),
                                          column: column)
        case .comprehension(let aggregate, let body, let variable, let list):
            var inner = values
            inner[variable] = nil
            return ClosedForms.Expression(.comprehension(aggregate, body: apply(body, inner), variable: variable,
                                                         list: apply(list, values)), column: column)
        }
    }

    /// The definitions with the parameters replaced in their bodies (a definition's
    /// arguments shadow parameters of the same name).
    static func apply(_ definitions: Definitions, _ values: [String: Rational]) -> Definitions {
        guard !values.isEmpty else { return definitions }
        var result = Definitions()
        for name in definitions.names {
            guard let definition = definitions[name] else { continue }
            var inner = values
            for argument in definition.parameters { inner[argument] = nil }
            // Same names as the definitions already accepted: adding cannot fail.
            try? result.add(Definition(name: definition.name, parameters: definition.parameters,
                                       body: apply(definition.body, inner)))
        }
        return result
    }
}
