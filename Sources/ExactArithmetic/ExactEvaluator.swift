import CertifiedIntervals
import ClosedForms

/// Evaluates a `ClosedForms.Expression` exactly, with Calcium: the result is an
/// `ExactNumber` equal to the value of the expression, or an error.
///
/// - Calls of definitions expand the definition's body with its parameters bound to
///   the (exact) arguments; the body sees its parameters and the bindings, not the
///   sum variables of the caller (as in `Expression.evaluate`).
/// - `sum(j, a, b, body)` and `prod(…)` need bounds that evaluate to exact integers;
///   all sums and products of one evaluation together may have at most
///   `maximumTerms` terms. Comprehensions over lists (`sum(… for x in list)`) are
///   not supported (there are no list bindings here).
/// - `abs`, `min`, `max` need exact sign decisions; domains (`sqrt` of a negative,
///   `log` of a non-positive, `asin`/`acos` outside [-1, 1], division by zero,
///   negative powers of zero, non-integer powers of negative numbers) are decided
///   exactly by `ExactNumber`.
///
/// Errors: `ClosedForms.EvaluationError` (with the column) for unknown names, wrong
/// argument counts, recursive definitions, non-integer sum bounds, too many terms,
/// nesting beyond `Expression.maximumEvaluationDepth`, calls deeper than
/// `Expression.maximumCallDepth`, more than `maximumNodeVisits` nodes; and
/// `ExactArithmeticError` (with the column) for domain errors, undecided signs,
/// special values, size limits and unsupported constructs.
public final class ExactEvaluator {
    public let context: ExactContext
    public let definitions: Definitions
    /// The most terms all sums and products of one evaluation may have together.
    public var maximumTerms = 10_000
    /// The most nodes one evaluation may visit (through definition bodies and sum terms).
    public var maximumNodeVisits = 1_000_000
    /// The most irrational operations one evaluation may perform: applications of
    /// sqrt, exp, log, asin, acos, atan, sin, cos, erf, non-integer powers, π and e.
    /// Each may add an extension to Calcium's field, and the cost of Calcium's zero
    /// tests grows quickly with their number (measured: a sum of 50 distinct square
    /// roots takes about 0.5 s, of 100 about 8 s), so this bounds the time.
    public var maximumIrrationalOperations = 64

    public init(context: ExactContext, definitions: Definitions = Definitions()) {
        self.context = context
        self.definitions = definitions
    }

    /// The exact value of `expression` with its free variables bound by `bindings`.
    public func evaluate(_ expression: Expression, bindings: [String: ExactNumber]) throws -> ExactNumber {
        for (name, value) in bindings {
            precondition(value.context === context, "binding '\(name)' belongs to another ExactContext")
        }
        let run = Run(evaluator: self, bindings: bindings)
        return try run.value(of: expression, locals: [])
    }

    /// The exact value of `expression` with its free variables bound to rationals.
    public func evaluate(_ expression: Expression, rationalBindings: [String: Rational]) throws -> ExactNumber {
        var bindings: [String: ExactNumber] = [:]
        for (name, value) in rationalBindings { bindings[name] = try ExactNumber(value, in: context) }
        return try evaluate(expression, bindings: bindings)
    }
}

/// One evaluation.
private final class Run {
    let evaluator: ExactEvaluator
    let bindings: [String: ExactNumber]
    var context: ExactContext { evaluator.context }
    var callStack: [String] = []
    var depth = 0
    var visits = 0
    var terms = 0
    var irrationalOperations = 0

    func countIrrational(at column: Int) throws {
        irrationalOperations += 1
        guard irrationalOperations <= evaluator.maximumIrrationalOperations else {
            throw ExactArithmeticError(.limit, "the exact evaluation needs more than "
                                       + "\(evaluator.maximumIrrationalOperations) irrational operations (roots, "
                                       + "transcendental functions, constants)", column: column)
        }
    }

    init(evaluator: ExactEvaluator, bindings: [String: ExactNumber]) {
        self.evaluator = evaluator
        self.bindings = bindings
    }

    func value(of e: Expression, locals: [(String, ExactNumber)]) throws -> ExactNumber {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Expression.maximumEvaluationDepth else {
            throw EvaluationError(column: e.column, kind: .nestedTooDeeply,
                                  message: "expression and definitions nested more than "
                                      + "\(Expression.maximumEvaluationDepth) levels deep")
        }
        visits += 1
        guard visits <= evaluator.maximumNodeVisits else {
            throw EvaluationError(column: e.column, kind: .tooMuchWork,
                                  message: "the exact evaluation visits more than \(evaluator.maximumNodeVisits) nodes")
        }
        do {
            return try node(e, locals)
        } catch let error as ExactArithmeticError {
            throw error.at(column: e.column)
        }
    }

    func node(_ e: Expression, _ locals: [(String, ExactNumber)]) throws -> ExactNumber {
        switch e.node {
        case .number(let r):
            return try ExactNumber(r, in: context)
        case .constant(.pi):
            try countIrrational(at: e.column)
            return ExactNumber.pi(in: context)
        case .constant(.e):
            try countIrrational(at: e.column)
            return ExactNumber.e(in: context)
        case .variable(let name):
            if let local = locals.last(where: { $0.0 == name }) { return local.1 }
            if let bound = bindings[name] { return bound }
            throw EvaluationError(column: e.column, kind: .unknownVariable, message: "unknown variable '\(name)'")
        case .negate(let operand):
            return -(try value(of: operand, locals: locals))
        case .binary(let op, let left, let right):
            let a = try value(of: left, locals: locals)
            let b = try value(of: right, locals: locals)
            switch op {
            case .add: return try a + b
            case .subtract: return try a - b
            case .multiply: return try a * b
            case .divide: return try a / b
            case .power:
                if !(b.rationalValue?.isInteger ?? false) { try countIrrational(at: e.column) }
                return try a.power(b)
            }
        case .function(let function, let arguments):
            guard function.arity.contains(arguments.count) else {
                throw EvaluationError(column: e.column, kind: .wrongArgumentCount,
                                      message: "\(function.rawValue) cannot take \(arguments.count) arguments")
            }
            let values = try arguments.map { try value(of: $0, locals: locals) }
            if ![.abs, .min, .max].contains(function) { try countIrrational(at: e.column) }
            return try apply(function, values)
        case .call(let name, let arguments):
            return try call(name, arguments, at: e.column, locals: locals)
        case .aggregate(let aggregate, let variable, let lower, let upper, let body):
            let a = try integerBound(lower, locals: locals, aggregate: aggregate)
            let b = try integerBound(upper, locals: locals, aggregate: aggregate)
            var total = ExactNumber(aggregate == .sum ? 0 : 1, in: context)
            guard a <= b else { return total }
            let (span, overflow) = b.subtractingReportingOverflow(a)
            guard !overflow, span < evaluator.maximumTerms - terms else {
                throw EvaluationError(column: e.column, kind: .tooManyTerms,
                                      message: "\(aggregate.rawValue) from \(a) to \(b): more than "
                                          + "\(evaluator.maximumTerms) terms in one exact evaluation")
            }
            terms += span + 1
            for k in a...b {
                let term = try value(of: body, locals: locals + [(variable, ExactNumber(k, in: context))])
                total = aggregate == .sum ? try total + term : try total * term
            }
            return total
        case .comprehension(let aggregate, _, _, _):
            throw ExactArithmeticError(.unsupported, "\(aggregate.rawValue)(… for x in list) is not supported "
                                       + "by the exact evaluator", column: e.column)
        }
    }

    func apply(_ function: Expression.Function, _ values: [ExactNumber]) throws -> ExactNumber {
        let x = values[0]
        switch function {
        case .sqrt: return try x.sqrt()
        case .exp: return try x.exp()
        case .log: return try x.log()
        case .asin: return try x.asin()
        case .acos: return try x.acos()
        case .atan: return try x.atan()
        case .erf: return try x.erf()
        case .sin: return try x.sin()
        case .cos: return try x.cos()
        case .abs: return try x.abs()
        case .diff:
            // Integration of rangeproofs' diff(…) built-in: not evaluated exactly here.
            throw ExactArithmeticError(.unsupported, "diff(…) is not supported by the exact evaluator")
        case .min, .max:
            var best = x
            for candidate in values.dropFirst() {
                guard let order = candidate.compare(to: best) else {
                    throw ExactArithmeticError(.undecided, "\(function.rawValue): cannot decide the order of "
                                               + "\(candidate) and \(best)")
                }
                if (function == .min && order == .negative) || (function == .max && order == .positive) {
                    best = candidate
                }
            }
            return best
        }
    }

    func call(_ name: String, _ arguments: [Expression], at column: Int,
              locals: [(String, ExactNumber)]) throws -> ExactNumber {
        guard let definition = evaluator.definitions[name] else {
            throw EvaluationError(column: column, kind: .unknownFunction,
                                  message: "unknown function or definition '\(name)'")
        }
        guard definition.parameters.count == arguments.count else {
            throw EvaluationError(column: column, kind: .wrongArgumentCount,
                                  message: "'\(name)' takes \(definition.parameters.count) arguments but was "
                                      + "given \(arguments.count)")
        }
        if callStack.contains(name) {
            let cycle = (callStack.drop(while: { $0 != name }) + [name]).joined(separator: " → ")
            throw EvaluationError(column: column, kind: .recursiveDefinition,
                                  message: "definition '\(name)' is recursive: \(cycle)")
        }
        guard callStack.count < Expression.maximumCallDepth else {
            throw EvaluationError(column: column, kind: .nestedTooDeeply,
                                  message: "definitions call each other more than \(Expression.maximumCallDepth) "
                                      + "levels deep")
        }
        let values = try arguments.map { try value(of: $0, locals: locals) }
        callStack.append(name)
        defer { callStack.removeLast() }
        do {
            return try value(of: definition.body, locals: Array(zip(definition.parameters, values)))
        } catch let error as EvaluationError {
            throw EvaluationError(column: column, kind: error.kind,
                                  message: "in definition '\(name)' (column \(error.column) of its body): "
                                      + error.message)
        } catch let error as ExactArithmeticError {
            throw ExactArithmeticError(error.kind, "in definition '\(name)' (column \(error.column ?? 0) of its "
                                       + "body): \(error.message)", column: column)
        }
    }

    func integerBound(_ bound: Expression, locals: [(String, ExactNumber)],
                      aggregate: Expression.Aggregate) throws -> Int {
        let v = try value(of: bound, locals: locals)
        guard let r = v.rationalValue, r.isInteger, let k = r.intValue else {
            throw EvaluationError(column: bound.startColumn, kind: .nonIntegerBound,
                                  message: "a bound of \(aggregate.rawValue) must be an exact integer, but it is \(v)")
        }
        return k
    }
}
