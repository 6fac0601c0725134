import ClosedForms

extension ClosedForms.Expression {
    /// The expression with every free occurrence of the variable `name` replaced by
    /// `replacement` (capture-avoiding: a sum variable of the expression that would
    /// capture a free variable of `replacement` is renamed first). Bodies of called
    /// definitions are not touched: they see only their parameters (see
    /// `CopyAverageReduction`'s requirement on the family's closed forms), and the
    /// arguments passed to them are substituted like any other subexpression.
    func substituting(_ name: String, with replacement: ClosedForms.Expression) -> ClosedForms.Expression {
        substituting(name, with: replacement, replacementVariables: replacement.freeVariables)
    }

    private func substituting(_ name: String, with replacement: ClosedForms.Expression,
                              replacementVariables: Set<String>) -> ClosedForms.Expression {
        func recurse(_ e: ClosedForms.Expression) -> ClosedForms.Expression {
            e.substituting(name, with: replacement, replacementVariables: replacementVariables)
        }
        switch node {
        case .number, .constant:
            return self
        case .variable(let variable):
            return variable == name ? replacement : self
        case .negate(let operand):
            return .init(.negate(recurse(operand)), column: column)
        case .binary(let op, let left, let right):
            return .init(.binary(op, recurse(left), recurse(right)), column: column)
        case .function(let f, let arguments):
            return .init(.function(f, arguments.map(recurse)), column: column)
        case .call(let definition, let arguments):
            return .init(.call(definition, arguments.map(recurse)), column: column)
        case .aggregate(let kind, let variable, let lower, let upper, let body):
            let (boundName, newBody) = rebinding(variable, body: body, name: name, replacement: replacement,
                                                 replacementVariables: replacementVariables)
            return .init(.aggregate(kind, variable: boundName, lower: recurse(lower), upper: recurse(upper),
                                    body: newBody), column: column)
        case .comprehension(let kind, let body, let variable, let list):
            let (boundName, newBody) = rebinding(variable, body: body, name: name, replacement: replacement,
                                                 replacementVariables: replacementVariables)
            return .init(.comprehension(kind, body: newBody, variable: boundName, list: recurse(list)),
                         column: column)
        }
    }

    /// Substitutes inside the body of a binder of `variable`: nothing when the binder
    /// shadows `name`; after renaming the binder when it would capture a variable of
    /// the replacement.
    private func rebinding(_ variable: String, body: ClosedForms.Expression, name: String,
                           replacement: ClosedForms.Expression,
                           replacementVariables: Set<String>) -> (String, ClosedForms.Expression) {
        if variable == name { return (variable, body) }
        guard replacementVariables.contains(variable), body.freeVariables.contains(name) else {
            return (variable, body.substituting(name, with: replacement, replacementVariables: replacementVariables))
        }
        var fresh = variable + "_"
        let taken = body.freeVariables.union(replacementVariables).union([name])
        while taken.contains(fresh) { fresh += "_" }
        let renamed = body.substituting(variable, with: .init(.variable(fresh), column: 0))
        return (fresh, renamed.substituting(name, with: replacement, replacementVariables: replacementVariables))
    }
}

extension ClosedForms.Expression {
    /// The expression with every free occurrence of the variable `name` replaced by
    /// `replacement`, capture-avoiding (sum variables that would capture a variable of
    /// the replacement are renamed). Bodies of called definitions are not touched.
    public func substitutingVariable(_ name: String, with replacement: ClosedForms.Expression) -> ClosedForms.Expression {
        substituting(name, with: replacement)
    }
}
