import CertifiedIntervals
import ClosedForms

/// One side condition and what the prover made of it over the domain.
public struct SideConditionResult {
    public let condition: SideCondition
    /// PROVED: the condition holds on the whole domain. REFUTED: a certified point
    /// where it fails. INCONCLUSIVE: neither (an identity relying on it is not proved).
    public let verdict: RangeVerdict

    public var isCertified: Bool {
        if case .proved = verdict { return true }
        return false
    }
}

/// Certifies the side conditions of an identity (`SideCondition`) over its domain
/// with `RangeProver`: `.positive` as `g > 0`; `.nonzero` as `g > 0` or `g < 0`
/// (the sign tried first is the sign of g at a point of the domain; the domain is
/// connected and g continuous where defined, so one sign is the claim);
/// `.insideOpenUnitInterval` as `1 − g² > 0`.
public enum SideConditionCertifier {
    /// Certifies each condition over the product of the variables' domains.
    ///
    /// One variable: the full prover (branch and bound, far ends, integer ranges).
    /// Two variables: a two-dimensional branch and bound on bounded domains
    /// (`TwoVariableProver`); unbounded two-variable domains are INCONCLUSIVE unless
    /// the interval enclosure decides them (see the README). More variables: every
    /// condition INCONCLUSIVE.
    ///
    /// - Throws: `RangeProblemError` for an empty or reversed domain, or names the
    ///   conditions read that nothing binds.
    public static func certify(_ conditions: [SideCondition], variables: [(name: String, domain: RealInterval)],
                               definitions: Definitions, parameters: [String: Binding] = [:],
                               precision: Int = Interval.defaultPrecision, budget: WorkBudget? = nil,
                               limits: RangeProverLimits = RangeProverLimits()) throws -> [SideConditionResult] {
        var results: [SideConditionResult] = []
        for condition in conditions {
            let verdict = try certify(condition, variables: variables, definitions: definitions,
                                      parameters: parameters, precision: precision, budget: budget, limits: limits)
            results.append(SideConditionResult(condition: condition, verdict: verdict))
        }
        return results
    }

    /// The same with the fixed bindings and definitions of an `Environment` (its
    /// work budget, if any, is the budget).
    public static func certify(_ conditions: [SideCondition], variables: [(name: String, domain: RealInterval)],
                               environment: Environment, precision: Int = Interval.defaultPrecision,
                               limits: RangeProverLimits = RangeProverLimits()) throws -> [SideConditionResult] {
        try certify(conditions, variables: variables, definitions: environment.definitions,
                    parameters: environment.variables, precision: precision, budget: environment.workBudget,
                    limits: limits)
    }

    static func certify(_ condition: SideCondition, variables: [(name: String, domain: RealInterval)],
                        definitions: Definitions, parameters: [String: Binding], precision: Int,
                        budget: WorkBudget?, limits: RangeProverLimits) throws -> RangeVerdict {
        // A side condition is needed on the whole real hull of an integer range: the
        // identity's analytic continuation runs between the integers (the principal
        // branch of sqrt((2l-5)^2) is 2l-5 at l = 3, 4, … but not at l = 1, 2), so
        // certifying it at the integers alone would be unsound.
        let variables = variables.map { variable -> (name: String, domain: RealInterval) in
            var hull = variable.domain
            hull.integersOnly = false
            return (variable.name, hull)
        }
        let g = condition.expression
        let claim: Expression
        var relation = Relation.greater
        switch condition.requirement {
        case .positive:
            claim = g
        case .insideOpenUnitInterval:
            claim = Expression(.binary(.subtract, Expression(.number(1), column: 0),
                                       Expression(.binary(.power, g, Expression(.number(2), column: 0)), column: 0)),
                               column: 0)
        case .nonzero:
            claim = g
            let sign = try signAtAPoint(g, variables: variables, definitions: definitions,
                                        parameters: parameters, precision: precision)
            if let sign, sign < 0 { relation = .less }
            if sign == nil {
                // No certified sign at the representative point: a failure of g > 0
                // found below says only that g is not certainly positive, not that it
                // vanishes, so it is not reported as a failure of g ≠ 0.
                let verdict = try decide(claim, relation, variables: variables, definitions: definitions,
                                         parameters: parameters, precision: precision, budget: budget, limits: limits)
                if case .refuted = verdict {
                    let point = representative(of: variables[0].domain)
                    return .inconclusive(unresolved: variables[0].domain,
                                         reason: "\(g) ≠ 0 is not certified: its sign at \(variables[0].name) = "
                                             + "\(point) is not decided (the enclosure there contains 0), and it is "
                                             + "not positive everywhere")
                }
                return verdict
            }
        }
        return try decide(claim, relation, variables: variables, definitions: definitions, parameters: parameters,
                          precision: precision, budget: budget, limits: limits)
    }

    static func decide(_ claim: Expression, _ relation: Relation, variables: [(name: String, domain: RealInterval)],
                       definitions: Definitions, parameters: [String: Binding], precision: Int,
                       budget: WorkBudget?, limits: RangeProverLimits) throws -> RangeVerdict {
        switch variables.count {
        case 1:
            let problem = RangeProblem(expression: claim, relation: relation, variable: variables[0].name,
                                       domain: variables[0].domain, definitions: definitions, parameters: parameters)
            return try RangeProver.decide(problem, precision: precision, budget: budget, limits: limits)
        case 2:
            let prover = try TwoVariableProver(expression: claim, relation: relation, variables: variables,
                                               definitions: definitions, parameters: parameters,
                                               precision: precision, budget: budget, limits: limits)
            return try prover.decide()
        default:
            let unresolved = variables.first?.domain ?? RealInterval.closed(0, 0)
            return .inconclusive(unresolved: unresolved,
                                 reason: "side conditions in \(variables.count) variables are not supported "
                                     + "(one or two only)")
        }
    }

    /// The sign of g at a representative point of the domain (each variable at a
    /// finite point of its range), nil when it cannot be told.
    static func signAtAPoint(_ g: Expression, variables: [(name: String, domain: RealInterval)],
                             definitions: Definitions, parameters: [String: Binding], precision: Int) throws -> Int? {
        var environment = Environment(variables: parameters, definitions: definitions)
        for (name, domain) in variables {
            environment.variables[name] = .exact(representative(of: domain))
        }
        guard let value = try? g.enclosure(in: environment, precision: precision) else { return nil }
        if value.isPositive { return 1 }
        if value.isNegative { return -1 }
        return nil
    }

    /// A point of a non-empty domain: the midpoint of a bounded one, else a point one
    /// beyond its finite end (an integer on integer ranges), else 0.
    static func representative(of domain: RealInterval) -> Rational {
        switch (domain.lower.value, domain.upper.value) {
        case let (a?, b?):
            if domain.integersOnly { return RealInterval.ceilingOf(a, strictlyAbove: !domain.lower.isClosed) }
            return Rational.midpoint(a, b)
        case let (a?, nil):
            return RealInterval.ceilingOf(a, strictlyAbove: true)
        case let (nil, b?):
            return RealInterval.floorOf(b, strictlyBelow: true)
        case (nil, nil):
            return Rational(0)
        }
    }
}
