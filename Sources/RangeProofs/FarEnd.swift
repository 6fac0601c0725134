import CertifiedIntervals
import ClosedForms

/// Builds the Laurent model in t of an expression with its variable set to `±1/t`.
final class TaylorEvaluator {
    let setting: TaylorSetting
    let variable: String
    /// +1 for x = 1/t (the end +∞), −1 for x = −1/t (the end −∞).
    let sign: Int
    let environment: Environment
    /// The most terms all sums of one model may expand.
    static let maximumTerms = 256
    /// The most nodes one model may visit (through definition bodies): definitions
    /// calling each other twice per level would otherwise take exponential time.
    static let maximumVisits = 20_000
    var visits = 0

    init(setting: TaylorSetting, variable: String, sign: Int, environment: Environment) {
        self.setting = setting
        self.variable = variable
        self.sign = sign
        self.environment = environment
    }

    func model(of e: Expression) throws -> LaurentModel {
        var terms = 0
        return try model(e, locals: [:], callDepth: 0, terms: &terms)
    }

    func model(_ e: Expression, locals: [String: LaurentModel], callDepth: Int, terms: inout Int) throws -> LaurentModel {
        visits += 1
        guard visits <= TaylorEvaluator.maximumVisits else {
            throw TaylorModelFailure("the expression visits more than \(TaylorEvaluator.maximumVisits) nodes "
                                         + "(through its definitions) for one Taylor model", structural: true)
        }
        let ctx = setting.context
        switch e.node {
        case .number(let r):
            return .constant(.rational(r, ctx), setting)
        case .constant(let c):
            switch c {
            case .pi: return .constant(.pi(ctx), setting)
            case .e: return .constant(ExactCoefficient.integer(1, ctx).exp, setting)
            }
        case .variable(let name):
            if let local = locals[name] { return local }
            if name == variable { return .reciprocalOfT(sign: sign, setting) }
            switch environment.variables[name] {
            case .exact(let r)?: return .constant(.rational(r, ctx), setting)
            case .enclosure?:
                throw TaylorModelFailure("the parameter '\(name)' is known only through an enclosure, and the "
                                             + "Taylor model needs exact coefficients", structural: true)
            default:
                throw TaylorModelFailure("'\(name)' is not a number here", structural: true)
            }
        case .negate(let a):
            return -(try model(a, locals: locals, callDepth: callDepth, terms: &terms))
        case .binary(let op, let a, let b):
            let x = try model(a, locals: locals, callDepth: callDepth, terms: &terms)
            if op == .power { return try power(x, b, locals: locals) }
            let y = try model(b, locals: locals, callDepth: callDepth, terms: &terms)
            switch op {
            case .add: return x + y
            case .subtract: return x - y
            case .multiply: return x * y
            case .divide: return x * (try y.inverse())
            case .power: fatalError("handled above")
            }
        case .function(let function, let arguments):
            let f: SeriesFunction
            switch function {
            case .exp: f = .exp
            case .log: f = .log
            case .atan: f = .atan
            case .asin: f = .asin
            case .acos: f = .acos
            case .erf: f = .erf
            case .sqrt:
                return try model(arguments[0], locals: locals, callDepth: callDepth, terms: &terms).squareRoot()
            case .sin, .cos, .abs, .min, .max, .diff:
                throw TaylorModelFailure("\(function.rawValue) is not supported by the Taylor models at infinity",
                                         structural: true)
            }
            return try model(arguments[0], locals: locals, callDepth: callDepth, terms: &terms).composed(with: f)
        case .call(let name, let arguments):
            guard let definition = environment.definitions[name], definition.parameters.count == arguments.count,
                  callDepth < Expression.maximumCallDepth else {
                throw TaylorModelFailure("the call of '\(name)' cannot be expanded", structural: true)
            }
            var inner: [String: LaurentModel] = [:]
            for (parameter, argument) in zip(definition.parameters, arguments) {
                inner[parameter] = try model(argument, locals: locals, callDepth: callDepth, terms: &terms)
            }
            return try model(definition.body, locals: inner, callDepth: callDepth + 1, terms: &terms)
        case .aggregate(let aggregate, let index, let lower, let upper, let body):
            let uses = lower.freeVariables.union(upper.freeVariables)
            guard uses.isDisjoint(with: Set(locals.keys).union([variable])),
                  let a = (try? lower.exactValue(in: environment)) ?? nil, let b = (try? upper.exactValue(in: environment)) ?? nil,
                  let low = a.intValue, let high = b.intValue else {
                throw TaylorModelFailure("\(aggregate.rawValue) bounds are not exact integers independent of "
                                             + "'\(variable)'", structural: true)
            }
            var result = LaurentModel.constant(.integer(aggregate == .sum ? 0 : 1, ctx), setting)
            guard low <= high else { return result }
            guard high - low < TaylorEvaluator.maximumTerms - terms else {
                throw TaylorModelFailure("\(aggregate.rawValue) has too many terms for a Taylor model", structural: true)
            }
            for k in low...high {
                terms += 1
                var inner = locals
                inner[index] = .constant(.integer(k, ctx), setting)
                let term = try model(body, locals: inner, callDepth: callDepth, terms: &terms)
                result = aggregate == .sum ? result + term : result * term
            }
            return result
        case .comprehension(let aggregate, let body, let index, let list):
            guard case .variable(let listName) = list.node, case .list(let elements)? = environment.variables[listName],
                  elements.count <= TaylorEvaluator.maximumTerms - terms else {
                throw TaylorModelFailure("the list of \(aggregate.rawValue) is not usable in a Taylor model", structural: true)
            }
            var result = LaurentModel.constant(.integer(aggregate == .sum ? 0 : 1, ctx), setting)
            for element in elements {
                terms += 1
                var inner = locals
                inner[index] = .constant(.rational(element, ctx), setting)
                let term = try model(body, locals: inner, callDepth: callDepth, terms: &terms)
                result = aggregate == .sum ? result + term : result * term
            }
            return result
        }
    }

    /// `x^b` for an exponent that is an exact integer independent of the variable.
    func power(_ x: LaurentModel, _ exponent: Expression, locals: [String: LaurentModel]) throws -> LaurentModel {
        guard exponent.freeVariables.isDisjoint(with: Set(locals.keys).union([variable])),
              let n = (try? exponent.exactValue(in: environment)) ?? nil else {
            throw TaylorModelFailure("a power whose exponent is not an exact number independent of '\(variable)'",
                                     structural: true)
        }
        guard n.isInteger, let k = n.intValue, Swift.abs(k) <= 64 else {
            if n == Rational(1, 2) { return try x.squareRoot() }
            if n == Rational(-1, 2) { return try x.squareRoot().inverse() }
            throw TaylorModelFailure("the power ^\(n) is not supported by the Taylor models (integers up to 64 "
                                         + "and ±1/2 are)", structural: true)
        }
        if k >= 0 { return x.power(k) }
        return try x.inverse().power(-k)
    }
}

/// The unbounded ends of a range: beyond `X = 2^k`, `g(±1/t)` on `t ∈ (0, 1/X]` is
/// enclosed by a Laurent model in t (see `LaurentModel`), whose leading term decides
/// the sign. The smallest k that decides is used, so that the branch and bound
/// covers as little as possible.
struct FarEndAnalysis {
    let run: ProverRun
    let towardsPositive: Bool

    /// `(X, .holds)` when g has the claimed sign for every x with |x| ≥ X on this
    /// side; `.fails` with a certified point beyond X when it has the other sign
    /// there; `.undecided` naming `[start, ∞)` (or `(−∞, start]`) otherwise.
    func settle(beyond start: Rational) throws -> (Rational, Outcome) {
        let limits = run.limits
        let problem = run.problem
        let magnitude = towardsPositive ? start : -start
        var k = 1
        while ProverRun.power2(k) <= magnitude { k += 1 }
        let firstExponent = k   // 2^k > |finite end|: every candidate X lies in the range
        let unresolved = towardsPositive ? RealInterval.atLeast(start)
            : RealInterval(lower: .infinite, upper: .finite(start, closed: true))
        var lastFailure = "no truncation order up to \(limits.maximumTaylorOrder) decided the sign"
        var environment = run.baseEnvironment
        environment.workBudget = nil
        var orders = [limits.taylorOrder]
        if limits.maximumTaylorOrder > limits.taylorOrder {
            orders.append((limits.taylorOrder + limits.maximumTaylorOrder) / 2)
            orders.append(limits.maximumTaylorOrder)
        }
        // Candidate X: the finite end itself when it is at least 1 (no branch and bound
        // needed if the model decides there), then powers of two beyond it.
        var candidates: [Rational] = magnitude >= Rational(1) ? [magnitude] : []
        candidates += (firstExponent...(firstExponent + limits.maximumFarExponent)).map { ProverRun.power2($0) }
        orderLoop: for order in orders {
            for x in candidates {
                let epsilon = (try? Rational.dividing(Rational(1), by: x)) ?? Rational(0)
                do {
                    try run.budget?.charge(Double(order * order) * 400)
                } catch let error as WorkBudgetExceeded {
                    return (x, .undecided(unresolved, "\(error) (while building a Taylor model at infinity)"))
                }
                let setting = TaylorSetting(epsilon: epsilon, precision: run.precision, maximumOrder: order)
                let evaluator = TaylorEvaluator(setting: setting, variable: problem.variable,
                                                sign: towardsPositive ? 1 : -1, environment: environment)
                do {
                    let model = try evaluator.model(of: run.evaluated)
                    let (sign, leading, valuation) = try model.sign()
                    let point = towardsPositive ? x : -x
                    let side = towardsPositive ? "\(problem.variable) ≥ \(x)" : "\(problem.variable) ≤ \(-x)"
                    let leadingText = leading.ball(precision: 64)?.shortDescription ?? "?"
                    if sign == run.orientation.sign {
                        run.farEnds.append("\(side): g = \(leadingText)·t^\(valuation) (1 + O(t)), t = "
                                               + "\(towardsPositive ? "" : "-")1/\(problem.variable), model order "
                                               + "\(model.order)")
                        return (point, .holds)
                    }
                    // The model certifies the wrong sign beyond X: find a point.
                    var candidate = point
                    for _ in 0..<8 {
                        if case .fails(let counterexample) = try run.check(
                            point: candidate, how: "beyond \(side), where the Taylor model in t = 1/x gives g the "
                                + "sign of \(leadingText)·t^\(valuation)") {
                            return (point, .fails(counterexample))
                        }
                        candidate = candidate * Rational(2)
                    }
                    return (point, .undecided(towardsPositive ? .atLeast(x) : RealInterval(lower: .infinite,
                                                                                             upper: .finite(-x, closed: true)),
                                              "the Taylor model gives g the wrong sign beyond \(x) but no "
                                                  + "certified point was found"))
                } catch let failure as TaylorModelFailure {
                    lastFailure = failure.reason
                    if failure.structural {
                        if let proved = extendedEnclosure(candidates: candidates) { return proved }
                        return (start, .undecided(unresolved, "Taylor model at infinity: \(failure.reason); the "
                                                      + "extended interval enclosure on [X, ∞) did not decide either"))
                    }
                    if failure.needsHigherOrder { continue orderLoop }
                }
            }
        }
        if let proved = extendedEnclosure(candidates: candidates) { return proved }
        return (start, .undecided(unresolved, "Taylor model at infinity: \(lastFailure) (X up to "
                                      + "2^\(firstExponent + limits.maximumFarExponent), order up to \(limits.maximumTaylorOrder)); "
                                      + "the extended interval enclosure on [X, ∞) did not decide either"))
    }

    /// The fallback: g enclosed on the whole ray `[X, +∞]` (or `[−∞, −X]`) by extended
    /// interval arithmetic (`ExtendedEnclosure`), for the first candidate X where that
    /// enclosure is on the claimed side. Proves only; never refutes.
    func extendedEnclosure(candidates: [Rational]) -> (Rational, Outcome)? {
        let evaluator = ExtendedEnclosure(environment: run.baseEnvironment, precision: run.precision)
        for x in candidates.prefix(66) {
            let end = towardsPositive ? x : -x
            let ray = ExtendedEnclosure.ray(from: end, towardsPositive: towardsPositive, precision: run.precision)
            guard let g = try? evaluator.enclosure(of: run.evaluated, variables: [run.problem.variable: ray]) else {
                continue
            }
            if run.orientation.holds(g) {
                let side = towardsPositive ? "\(run.problem.variable) ≥ \(x)" : "\(run.problem.variable) ≤ \(-x)"
                run.farEnds.append("\(side): extended interval enclosure g ∈ \(g.compactDescription(digits: 6))")
                return (end, .holds)
            }
        }
        return nil
    }
}
