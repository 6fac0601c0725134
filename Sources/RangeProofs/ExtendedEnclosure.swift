import CertifiedIntervals
import CMPFR
import ClosedForms

/// Interval evaluation that allows infinite ends (`[X, +∞]`), for boxes reaching to
/// infinity: the extended interval arithmetic of MPFR (directed rounding, `1/∞ = 0`,
/// `∞·x = ∞` for x > 0, `atan(∞) = π/2`, `exp(−∞) = 0`). Every intermediate result
/// must be a well-formed interval (no NaN end: `∞ − ∞` and `0·∞` from MPFR make the
/// evaluation fail); `sin` and `cos` of an unbounded argument fail; divisions by an
/// interval containing 0 and other domain errors fail as in `ClosedForms`. The result
/// contains g(x) for every finite x of the box (MPFR's operations are monotone limits
/// at the infinite ends, and every operation used is continuous and monotone on the
/// pieces `Interval` splits it into), so a result on the right side of 0 proves the
/// claim on the box; it is never used to refute.
struct ExtendedEnclosure {
    let environment: Environment
    let precision: Int
    /// The variables of the box (seen by definition bodies too, like environment
    /// variables).
    var ranges: [String: Interval] = [:]

    init(environment: Environment, precision: Int) {
        self.environment = environment
        self.precision = precision
    }

    struct Failure: Error { let reason: String }

    /// `[x, +∞]` (`towardsPositive`) or `[−∞, x]`.
    static func ray(from x: Rational, towardsPositive: Bool, precision: Int) -> Interval {
        let point = Interval(x, precision: precision)
        return Interval.fromUnsafeEndpoints(precision: precision) { lo, hi in
            point.withUnsafeEndpoints { a, b in
                if towardsPositive {
                    mpfr_set(lo, a, MPFR_RNDD); mpfr_set_inf(hi, 1)
                } else {
                    mpfr_set_inf(lo, -1); mpfr_set(hi, b, MPFR_RNDU)
                }
            }
        }
    }

    func enclosure(of e: Expression, variables: [String: Interval]) throws -> Interval {
        var visits = 0
        var evaluator = self
        evaluator.ranges = variables
        return try evaluator.value(e, locals: [:], depth: 0, visits: &visits)
    }

    func ok(_ x: Interval, _ what: String) throws -> Interval {
        guard x.isWellFormed else { throw Failure(reason: "\(what) has no extended enclosure (∞ − ∞ or 0·∞)") }
        return x
    }

    func value(_ e: Expression, locals: [String: Interval], depth: Int, visits: inout Int) throws -> Interval {
        visits += 1
        guard visits < 1_000_000, depth < Expression.maximumEvaluationDepth else {
            throw Failure(reason: "the expression is too large for the extended evaluation")
        }
        switch e.node {
        case .number(let r):
            return Interval(r, precision: precision)
        case .constant(let c):
            return c == .pi ? Interval.pi(precision: precision) : Interval.e(precision: precision)
        case .variable(let name):
            if let x = locals[name] { return x }
            if let x = ranges[name] { return x }
            switch environment.variables[name] {
            case .exact(let r)?: return Interval(r, precision: precision)
            case .enclosure(let x)?: return x
            default: throw Failure(reason: "'\(name)' is not a number here")
            }
        case .negate(let a):
            return -(try value(a, locals: locals, depth: depth + 1, visits: &visits))
        case .binary(let op, let a, let b):
            let x = try value(a, locals: locals, depth: depth + 1, visits: &visits)
            if op == .power, case .number(let n) = b.node, let k = n.intValue, n.isInteger {
                return try ok(try x.power(k), "a power")
            }
            let y = try value(b, locals: locals, depth: depth + 1, visits: &visits)
            switch op {
            case .add: return try ok(x + y, "a sum")
            case .subtract: return try ok(x - y, "a difference")
            case .multiply: return try ok(x * y, "a product")
            case .divide: return try ok(try x / y, "a quotient")
            case .power: return try ok(try x.power(y), "a power")
            }
        case .function(let function, let arguments):
            let xs = try arguments.map { try value($0, locals: locals, depth: depth + 1, visits: &visits) }
            let x = xs[0]
            switch function {
            case .sqrt: return try ok(try x.sqrt(), "sqrt")
            case .exp: return try ok(x.exp(), "exp")
            case .log: return try ok(try x.log(), "log")
            case .asin: return try ok(try x.asin(), "asin")
            case .acos: return try ok(try x.acos(), "acos")
            case .atan: return try ok(x.atan(), "atan")
            case .erf: return try ok(x.erf(), "erf")
            case .abs: return try ok(x.abs(), "abs")
            case .min: return try ok(xs.dropFirst().reduce(x, Interval.minimum), "min")
            case .max: return try ok(xs.dropFirst().reduce(x, Interval.maximum), "max")
            case .sin, .cos:
                guard x.isFinite else { throw Failure(reason: "\(function.rawValue) of an unbounded argument") }
                return function == .sin ? x.sin() : x.cos()
            case .diff:
                throw Failure(reason: "diff(…) must be expanded first")
            }
        case .call(let name, let arguments):
            guard let definition = environment.definitions[name], definition.parameters.count == arguments.count,
                  depth < Expression.maximumEvaluationDepth else {
                throw Failure(reason: "the call of '\(name)' cannot be evaluated")
            }
            var inner: [String: Interval] = [:]
            for (parameter, argument) in zip(definition.parameters, arguments) {
                inner[parameter] = try value(argument, locals: locals, depth: depth + 1, visits: &visits)
            }
            return try value(definition.body, locals: inner, depth: depth + 1, visits: &visits)
        case .aggregate, .comprehension:
            throw Failure(reason: "sums are not evaluated over unbounded boxes")
        }
    }
}
