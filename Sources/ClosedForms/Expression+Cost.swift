import CertifiedIntervals

extension Expression {
    /// An estimate, made without evaluating anything costly, of the nodes one
    /// evaluation of the expression in `environment` visits (the count that
    /// `maximumNodeVisits` and the work budget limit).
    ///
    /// Exact for expressions without sums and products: every node counts once, and a
    /// call counts its arguments and the body of the definition it calls, so
    /// definitions that call each other twice per level are seen to cost `2^depth`
    /// without evaluating them. A `sum(j, a, b, body)` whose bounds use only the
    /// environment counts `b − a + 1` times its body (the bounds are evaluated exactly
    /// when that is cheap); bounds that depend on an enclosing sum or on a
    /// definition's parameter are unknown before evaluation and count as one term,
    /// as does `sum(… for l in list)` over a list the environment does not bind. The
    /// estimate is therefore a lower bound in those cases; the evaluator's own count
    /// is what enforces the limits. Saturates at `.infinity`, never traps.
    public func estimatedNodeVisits(in environment: Environment) -> Double {
        var estimator = CostEstimator(environment: environment)
        return estimator.cost(of: self, locals: [])
    }
}

/// The recursion behind `estimatedNodeVisits`: the cost of each definition's body is
/// computed once.
private struct CostEstimator {
    let environment: Environment
    var definitionCosts: [String: Double] = [:]
    var visiting: Set<String> = []

    init(environment: Environment) { self.environment = environment }

    mutating func cost(of e: Expression, locals: Set<String>) -> Double {
        switch e.node {
        case .number, .constant, .variable:
            return 1
        case .negate(let a):
            return 1 + cost(of: a, locals: locals)
        case .binary(_, let a, let b):
            return 1 + cost(of: a, locals: locals) + cost(of: b, locals: locals)
        case .function(let function, let arguments):
            if function == .diff, let body = arguments.first {
                // A derivative of order n costs roughly 4^n times its body (product rule).
                let order = arguments.count > 2 ? (arguments[2].rationalValue?.intValue ?? 1) : 1
                return 1 + cost(of: body, locals: locals) * Double(1 << (2 * Swift.min(Swift.max(order, 1), 8)))
            }
            return arguments.reduce(1) { $0 + cost(of: $1, locals: locals) }
        case .call(let name, let arguments):
            let argumentCost = arguments.reduce(1) { $0 + cost(of: $1, locals: locals) }
            return argumentCost + bodyCost(name)
        case .aggregate(_, let variable, let lower, let upper, let body):
            let bounds = cost(of: lower, locals: locals) + cost(of: upper, locals: locals)
            let terms = span(lower, upper, locals: locals)
            return 1 + bounds + terms * cost(of: body, locals: locals.union([variable]))
        case .comprehension(_, let body, let variable, let list):
            var terms = 1.0
            if case .variable(let name) = list.node, !locals.contains(name),
               case .list(let elements)? = environment.variables[name] {
                terms = Double(max(1, elements.count))
            }
            // The list is a name looked up directly, not a node visited.
            return 1 + terms * cost(of: body, locals: locals.union([variable]))
        }
    }

    /// The cost of evaluating definition `name`'s body once (its parameters are
    /// unknown, like locals).
    mutating func bodyCost(_ name: String) -> Double {
        if let known = definitionCosts[name] { return known }
        guard let definition = environment.definitions[name], !visiting.contains(name) else { return 1 }
        visiting.insert(name)
        let value = cost(of: definition.body, locals: Set(definition.parameters))
        visiting.remove(name)
        definitionCosts[name] = value
        return value
    }

    /// The number of terms of `sum(j, lower, upper, …)` when its bounds use only the
    /// environment and are cheap to evaluate exactly; 1 otherwise.
    mutating func span(_ lower: Expression, _ upper: Expression, locals: Set<String>) -> Double {
        let uses = lower.freeVariables.union(upper.freeVariables)
        guard uses.isDisjoint(with: locals),
              cost(of: lower, locals: locals) + cost(of: upper, locals: locals) < 10_000 else { return 1 }
        guard let a = (try? lower.exactValue(in: environment)) ?? nil,
              let b = (try? upper.exactValue(in: environment)) ?? nil,
              let low = a.intValue, let high = b.intValue else { return 1 }
        return high < low ? 0 : Double(high) - Double(low) + 1
    }
}
