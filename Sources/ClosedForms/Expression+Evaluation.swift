import CertifiedIntervals

extension Expression {
    /// Exact rationals with more bits than this (numerator plus denominator) are
    /// turned into enclosures instead of being carried exactly: exact arithmetic on
    /// them would cost more than it is worth.
    public static let maximumExactBits = 100_000

    /// The most terms a single `sum`/`prod` may have, and the most summands all the
    /// sums of one evaluation may evaluate together.
    public static let maximumTerms = 10_000_000

    /// The most nodes one evaluation may visit (counted through the bodies of called
    /// definitions and every term of every sum): bounds the work of one evaluation,
    /// whatever the environment's work budget.
    public static let maximumNodeVisits = 50_000_000

    /// The work units (`WorkBudget`) one node visit costs at 128 bits: a visit builds
    /// a value and often an exact rational, about eight interval operations' worth.
    public static let unitsPerNodeVisit = 8.0

    /// The deepest chain of definition calls evaluation and validation accept.
    public static let maximumCallDepth = 32

    /// The deepest nesting of nodes evaluation and validation accept, counted through
    /// the bodies of called definitions (an expression alone is at most
    /// `ExpressionParser.maximumDepth` deep). Deeper is an `EvaluationError` of kind
    /// `.nestedTooDeeply`, never a stack overflow.
    public static let maximumEvaluationDepth = 400

    /// The value of the expression in `environment`.
    ///
    /// Exact rationals stay exact through `+ - * /`, integer powers, unary minus,
    /// `abs`, `min`, `max`, `sum` and `prod`, as long as they stay below
    /// `maximumExactBits`; constants, the other functions, non-integer exponents and
    /// enclosure bindings make the result an enclosure at `precision` bits (results
    /// of several enclosures carry the largest of their precisions). An enclosure
    /// contains the exact value of the expression; an exact value is exact.
    ///
    /// - Throws: `IntervalDomainError`, unchanged from the interval core, when an
    ///   operation meets an argument (or enclosure) reaching outside its domain:
    ///   `x / 0` (also exactly), `sqrt` of a negative, `log` of a non-positive,
    ///   `asin`/`acos` outside [-1, 1], a non-integer power of a non-positive base,
    ///   `0^n` with `n < 0`. Results that are not finite (`exp(1e9)` overflowing
    ///   MPFR's range) throw `IntervalDomainError` of kind `.infinite` (or
    ///   `.notANumber`), naming the operation.
    ///   `EvaluationError`, with the column, for unknown variables and definitions,
    ///   wrong argument counts, recursion, non-integer sum bounds, the limits above,
    ///   and a `precision` outside `Interval.precisionRange`.
    public func evaluate(in environment: Environment, precision: Int) throws -> Value {
        try evaluate(in: environment, precision: precision, limits: EvaluationLimits())
    }

    /// `evaluate(in:precision:)` as an interval (an exact value rounded outward to
    /// `precision` bits).
    public func enclosure(in environment: Environment, precision: Int) throws -> Interval {
        try evaluate(in: environment, precision: precision).asInterval(precision: precision)
    }

    /// The exact value when the expression is rational in `environment`; nil when it
    /// needs an irrational operation (a constant, `sqrt`, `exp`, a non-integer
    /// power, …), an enclosure binding, or an exact number beyond `maximumExactBits`.
    /// No enclosure is computed. Throws like `evaluate` (`1/0` is an error, not nil).
    public func exactValue(in environment: Environment) throws -> Rational? {
        let evaluator = Evaluator(environment: environment, precision: 64, exactOnly: true,
                                  limits: EvaluationLimits())
        do {
            let result = try evaluator.value(of: self, locals: []).exact
            try evaluator.chargeWorkBudget()
            return result
        } catch is NotExact {
            try evaluator.chargeWorkBudget()
            return nil
        }
    }

    func evaluate(in environment: Environment, precision: Int, limits: EvaluationLimits) throws -> Value {
        guard Interval.precisionRange.contains(precision) else {
            throw EvaluationError(column: column, kind: .invalidPrecision,
                                  message: "precision \(precision) is outside \(Interval.precisionRange)")
        }
        let evaluator = Evaluator(environment: environment, precision: precision, exactOnly: false,
                                  limits: limits)
        let result = try evaluator.value(of: self, locals: [])
        try evaluator.chargeWorkBudget()
        return result
    }
}

/// Resource limits of one evaluation (the defaults are the public constants; tests
/// lower them).
struct EvaluationLimits {
    var maximumExactBits = Expression.maximumExactBits
    var maximumTerms = Expression.maximumTerms
    var maximumCallDepth = Expression.maximumCallDepth
    var maximumDepth = Expression.maximumEvaluationDepth
    var maximumNodeVisits = Expression.maximumNodeVisits
}

/// Thrown inside `exactValue` when the value would need an enclosure.
struct NotExact: Error {}

/// A variable bound inside the expression: a sum variable or a definition parameter.
struct Local {
    let name: String
    var value: Value
}

/// One evaluation: bottom-up over the tree, exact while possible.
final class Evaluator {
    let environment: Environment
    let precision: Int
    var exactOnly: Bool
    let limits: EvaluationLimits
    /// Definitions being evaluated, outermost first (for recursion detection).
    var callStack: [String] = []
    /// The expansions of the `diff` nodes met so far.
    var derivatives: [Expression: Expression] = [:]
    /// Summands evaluated so far by all sums of this evaluation.
    var termsEvaluated = 0
    /// Nodes being evaluated, across definition calls (a guard for the stack).
    var depth = 0
    /// Nodes visited so far, and those not yet charged to the environment's budget.
    var nodeVisits = 0
    var unchargedVisits = 0
    /// The units one node visit costs at this evaluation's precision.
    let unitsPerVisit: Double

    init(environment: Environment, precision: Int, exactOnly: Bool, limits: EvaluationLimits) {
        self.environment = environment
        self.precision = precision
        self.exactOnly = exactOnly
        self.limits = limits
        unitsPerVisit = Expression.unitsPerNodeVisit * WorkBudget.operationCost(precision: precision)
    }

    /// Charges the visits not yet charged to the environment's work budget (in
    /// batches, so that the budget is not touched at every node).
    func chargeWorkBudget() throws {
        guard unchargedVisits > 0 else { return }
        let visits = unchargedVisits
        unchargedVisits = 0
        try environment.workBudget?.charge(Double(visits) * unitsPerVisit)
    }

    /// Counts one node visit against the per-evaluation limit and the work budget.
    func countVisit(at column: Int) throws {
        nodeVisits += 1
        unchargedVisits += 1
        guard nodeVisits <= limits.maximumNodeVisits else {
            throw EvaluationError(column: column, kind: .tooMuchWork,
                                  message: "the evaluation visits more than \(limits.maximumNodeVisits) nodes "
                                      + "(definitions calling each other many times, or large sums)")
        }
        if unchargedVisits >= 4096 { try chargeWorkBudget() }
    }

    // MARK: Conversions

    /// `v` as an interval; in exact-only mode, signals that the value is not exact.
    func interval(_ v: Value) throws -> Interval {
        switch v {
        case .exact(let r):
            if exactOnly { throw NotExact() }
            return Interval(r, precision: precision)
        case .enclosure(let i):
            return i
        }
    }

    /// An exact result, or its enclosure when it has grown beyond the exact budget.
    func exact(_ r: Rational) throws -> Value {
        guard r.bitSize > limits.maximumExactBits else { return .exact(r) }
        if exactOnly { throw NotExact() }
        return .enclosure(Interval(r, precision: precision))
    }

    /// An enclosure result, refused when it is not a finite, well-formed interval
    /// (MPFR overflows to infinity beyond its exponent range, and ∞ - ∞ is NaN). The
    /// error names the operation and its operands.
    func checked(_ i: Interval, _ operation: String, _ operands: Value...) throws -> Value {
        try checked(i, operation, operands: operands)
    }

    func checked(_ i: Interval, _ operation: String, operands: [Value]) throws -> Value {
        guard i.isWellFormed && i.isFinite else {
            let operand = operands.map(\.description).joined(separator: " \(operation) ")
            throw IntervalDomainError(operation: operation, kind: i.isWellFormed ? .infinite : .notANumber,
                                      operand: operand)
        }
        return .enclosure(i)
    }

    // MARK: Nodes

    /// The recursion over the tree. It switches on the payload-free tag and each case
    /// delegates, because unoptimised builds give a frame room for every local and
    /// temporary of a function: so each level of the tree costs two small frames.
    func value(of e: Expression, locals: [Local]) throws -> Value {
        depth += 1
        defer { depth -= 1 }
        guard depth <= limits.maximumDepth else { throw tooDeep(at: e.column) }
        try countVisit(at: e.column)
        switch e.tag {
        case .number, .constant, .variable: return try leaf(e, locals)
        case .negate: return try negation(e, locals)
        case .binary: return try binary(e, locals)
        case .function: return try function(e, locals)
        case .call: return try call(e, locals)
        case .aggregate: return try range(e, locals)
        case .comprehension: return try comprehension(e, locals)
        }
    }

    func leaf(_ e: Expression, _ locals: [Local]) throws -> Value {
        switch e.node {
        case .number(let r): return .exact(r)
        case .constant(let constant): return try value(of: constant)
        case .variable(let name): return try lookUp(name, at: e.column, locals: locals)
        default: fatalError("not a leaf")
        }
    }

    func negation(_ e: Expression, _ locals: [Local]) throws -> Value {
        guard case .negate(let operand) = e.node else { fatalError("not a negation") }
        return Evaluator.negated(try value(of: operand, locals: locals))
    }

    func binary(_ e: Expression, _ locals: [Local]) throws -> Value {
        guard case .binary(let op, let left, let right) = e.node else { fatalError("not a binary node") }
        let a = try value(of: left, locals: locals)
        let b = try value(of: right, locals: locals)
        return try binary(op, a, b, at: e.column)
    }

    func function(_ e: Expression, _ locals: [Local]) throws -> Value {
        guard case .function(let function, let arguments) = e.node else { fatalError("not a function") }
        try checkArity(function, arguments.count, at: e.column)
        if function == .diff { return try derivativeValue(e, locals) }
        return try apply(function, try values(of: arguments, locals: locals))
    }

    /// `diff(body, x, n)`: its symbolic derivative (definitions expanded; computed
    /// once per evaluation and node), evaluated where the node stands.
    func derivativeValue(_ e: Expression, _ locals: [Local]) throws -> Value {
        let derived: Expression
        if let known = derivatives[e] {
            derived = known
        } else {
            do {
                derived = try e.expandingDefinitions(environment.definitions)
            } catch let error as DerivativeError {
                throw EvaluationError(column: e.column, kind: .notDifferentiable, message: error.message)
            }
            derivatives[e] = derived
        }
        return try value(of: derived, locals: locals)
    }

    func call(_ e: Expression, _ locals: [Local]) throws -> Value {
        guard case .call(let name, let arguments) = e.node else { fatalError("not a call") }
        return try call(name, arguments, at: e.column, locals: locals)
    }

    func range(_ e: Expression, _ locals: [Local]) throws -> Value {
        guard case .aggregate(let aggregate, let variable, let lower, let upper, let body) = e.node else {
            fatalError("not a sum")
        }
        return try range(aggregate, variable, lower, upper, body, at: e.column, locals: locals)
    }

    func comprehension(_ e: Expression, _ locals: [Local]) throws -> Value {
        guard case .comprehension(let aggregate, let body, let variable, let list) = e.node else {
            fatalError("not a comprehension")
        }
        return try comprehension(aggregate, body, variable, list, at: e.column, locals: locals)
    }

    func values(of arguments: [Expression], locals: [Local]) throws -> [Value] {
        var result: [Value] = []
        result.reserveCapacity(arguments.count)
        for argument in arguments { result.append(try value(of: argument, locals: locals)) }
        return result
    }

    func tooDeep(at column: Int) -> EvaluationError {
        EvaluationError(column: column, kind: .nestedTooDeeply,
                        message: "expression and definitions nested more than \(limits.maximumDepth) levels deep")
    }

    func value(of constant: Expression.Constant) throws -> Value {
        if exactOnly { throw NotExact() }
        switch constant {
        case .pi: return .enclosure(Interval.pi(precision: precision))
        case .e: return .enclosure(Interval.e(precision: precision))
        }
    }

    static func negated(_ v: Value) -> Value {
        switch v {
        case .exact(let r): return .exact(-r)
        case .enclosure(let i): return .enclosure(-i)
        }
    }

    // MARK: Variables

    func lookUp(_ name: String, at column: Int, locals: [Local]) throws -> Value {
        if let local = locals.last(where: { $0.name == name }) { return local.value }
        switch environment.variables[name] {
        case .exact(let r)?:
            return .exact(r)
        case .enclosure(let i)?:
            if exactOnly { throw NotExact() }
            return .enclosure(i)
        case .list?:
            throw EvaluationError(column: column, kind: .typeMismatch,
                                  message: "'\(name)' is a list, not a number; use it as "
                                      + "sum(… for x in \(name))")
        case nil:
            throw EvaluationError(column: column, kind: .unknownVariable, message: "unknown variable '\(name)'")
        }
    }

    func listValue(_ list: Expression, locals: [Local]) throws -> [Rational] {
        guard case .variable(let name) = list.node else {
            throw EvaluationError(column: list.column, kind: .typeMismatch,
                                  message: "a comprehension runs over the name of a list")
        }
        if locals.contains(where: { $0.name == name }) {
            throw EvaluationError(column: list.column, kind: .typeMismatch,
                                  message: "'\(name)' is a number, not a list")
        }
        switch environment.variables[name] {
        case .list(let elements)?:
            return elements
        case .exact?, .enclosure?:
            throw EvaluationError(column: list.column, kind: .typeMismatch,
                                  message: "'\(name)' is a number, not a list")
        case nil:
            throw EvaluationError(column: list.column, kind: .unknownVariable,
                                  message: "unknown variable '\(name)'")
        }
    }

    // MARK: Operators

    func binary(_ op: Expression.BinaryOperator, _ a: Value, _ b: Value, at column: Int) throws -> Value {
        if op == .power { return try power(a, b, at: column) }
        if case .exact(let x) = a, case .exact(let y) = b {
            switch op {
            case .add: return try exact(x + y)
            case .subtract: return try exact(x - y)
            case .multiply: return try exact(x * y)
            case .divide: return try exact(try Rational.dividing(x, by: y))
            case .power: break
            }
        }
        let x = try interval(a), y = try interval(b)
        switch op {
        case .add: return try checked(x + y, "+", a, b)
        case .subtract: return try checked(x - y, "-", a, b)
        case .multiply: return try checked(x * y, "*", a, b)
        case .divide: return try checked(try x / y, "/", a, b)
        case .power: fatalError("unreachable")
        }
    }

    /// `base ^ exponent`: exact for an exact base and a moderate integer exponent,
    /// `Interval.power(Int)` for other integer exponents, `Interval.power(Interval)`
    /// (base > 0) for the rest.
    func power(_ base: Value, _ exponent: Value, at column: Int) throws -> Value {
        guard case .exact(let n) = exponent, n.isInteger else {
            return try checked(try interval(base).power(try interval(exponent)), "^", base, exponent)
        }
        if case .exact(let x) = base {
            // Bases whose powers are trivially exact, whatever the exponent.
            if x.signum == 0 {
                if n.signum < 0 {
                    throw IntervalDomainError(operation: "^", kind: .zeroToNegativePower, operand: "0",
                                              operandIsExactZero: true)
                }
                return .exact(Rational(n.signum == 0 ? 1 : 0))
            }
            if x == Rational(1) { return .exact(1) }
            if x == Rational(-1) {
                let even = (try Rational.dividing(n, by: Rational(2))).isInteger
                return .exact(Rational(even ? 1 : -1))
            }
            if let k = n.intValue {
                let (bits, overflow) = x.bitSize.multipliedReportingOverflow(by: k == Int.min ? Int.max : Swift.abs(k))
                if !overflow && bits <= limits.maximumExactBits { return .exact(try x.power(k)) }
                if exactOnly { throw NotExact() }
                return try checked(try Interval(x, precision: precision).power(k), "^", base, exponent)
            }
        }
        let x = try interval(base)
        if let k = n.intValue { return try checked(try x.power(k), "^", base, exponent) }
        guard x.isPositive else {
            throw EvaluationError(column: column, kind: .exponentTooLarge,
                                  message: "the integer exponent \(n) does not fit in 64 bits and the base "
                                      + "is not certainly positive")
        }
        return try checked(try x.power(Interval(n, precision: precision)), "^", base, exponent)
    }

    func apply(_ function: Expression.Function, _ values: [Value]) throws -> Value {
        switch function {
        case .abs:
            switch values[0] {
            case .exact(let r): return .exact(r.magnitude)
            case .enclosure(let i): return .enclosure(i.abs())
            }
        case .min, .max:
            let exacts = values.compactMap(\.exact)
            if exacts.count == values.count {
                return .exact((function == .min ? exacts.min() : exacts.max())!)
            }
            let intervals = try values.map(interval)
            let combine = function == .min ? Interval.minimum : Interval.maximum
            return try checked(intervals.dropFirst().reduce(intervals[0], combine), function.rawValue,
                               operands: values)
        default:
            break
        }
        let x = try interval(values[0])
        let name = function.rawValue
        switch function {
        case .sqrt: return try checked(try x.sqrt(), name, values[0])
        case .exp: return try checked(x.exp(), name, values[0])
        case .log: return try checked(try x.log(), name, values[0])
        case .asin: return try checked(try x.asin(), name, values[0])
        case .acos: return try checked(try x.acos(), name, values[0])
        case .atan: return try checked(x.atan(), name, values[0])
        case .erf: return try checked(x.erf(), name, values[0])
        case .sin: return try checked(x.sin(), name, values[0])
        case .cos: return try checked(x.cos(), name, values[0])
        case .abs, .min, .max, .diff: fatalError("unreachable")
        }
    }

    // MARK: Definitions

    func call(_ name: String, _ arguments: [Expression], at column: Int, locals: [Local]) throws -> Value {
        let definition = try callable(name, arguments.count, at: column)
        let values = try self.values(of: arguments, locals: locals)
        var parameters: [Local] = []
        for (parameter, value) in zip(definition.parameters, values) {
            parameters.append(Local(name: parameter, value: value))
        }
        callStack.append(name)
        defer { callStack.removeLast() }
        do {
            return try value(of: definition.body, locals: parameters)
        } catch let error as EvaluationError {
            throw error.raised(inDefinition: name, calledAt: column)
        }
    }

    /// The definition `name`, after checking the call: known, right argument count,
    /// not recursive, not too deep.
    func callable(_ name: String, _ argumentCount: Int, at column: Int) throws -> Definition {
        guard let definition = environment.definitions[name] else {
            throw EvaluationError(column: column, kind: .unknownFunction,
                                  message: "unknown function or definition '\(name)'")
        }
        guard argumentCount == definition.parameters.count else {
            throw EvaluationError(column: column, kind: .wrongArgumentCount,
                                  message: wrongCount(name, definition.parameters.count, argumentCount))
        }
        if callStack.contains(name) {
            throw recursion(name, stack: callStack, at: column)
        }
        guard callStack.count < limits.maximumCallDepth else {
            throw callsTooDeep(limits.maximumCallDepth, at: column)
        }
        return definition
    }

    // MARK: Sums and products

    /// `sum(variable, lower, upper, body)` and `prod(…)`.
    func range(_ aggregate: Expression.Aggregate, _ variable: String, _ lower: Expression, _ upper: Expression,
               _ body: Expression, at column: Int, locals: [Local]) throws -> Value {
        let a = try integerBound(lower, "lower", of: aggregate, locals: locals)
        let b = try integerBound(upper, "upper", of: aggregate, locals: locals)
        var result = identity(of: aggregate)
        guard a <= b else { return result }
        let (span, overflow) = b.subtractingReportingOverflow(a)
        guard !overflow, span < limits.maximumTerms else {
            throw EvaluationError(column: column, kind: .tooManyTerms,
                                  message: "\(aggregate.rawValue) from \(a) to \(b) has more than "
                                      + "\(limits.maximumTerms) terms")
        }
        var inner = locals
        inner.append(Local(name: variable, value: .exact(Rational(a))))
        let slot = inner.count - 1
        for k in a...b {
            inner[slot].value = .exact(Rational(k))
            try countTerm(at: column)
            result = try accumulate(aggregate, result, try value(of: body, locals: inner))
        }
        return result
    }

    /// `sum(body for variable in list)` and `prod(…)`.
    func comprehension(_ aggregate: Expression.Aggregate, _ body: Expression, _ variable: String,
                       _ list: Expression, at column: Int, locals: [Local]) throws -> Value {
        let elements = try listValue(list, locals: locals)
        guard elements.count <= limits.maximumTerms else {
            throw EvaluationError(column: column, kind: .tooManyTerms,
                                  message: "\(aggregate.rawValue) over a list of \(elements.count) elements "
                                      + "has more than \(limits.maximumTerms) terms")
        }
        var result = identity(of: aggregate)
        var inner = locals
        inner.append(Local(name: variable, value: .exact(0)))
        let slot = inner.count - 1
        for element in elements {
            inner[slot].value = .exact(element)
            try countTerm(at: column)
            result = try accumulate(aggregate, result, try value(of: body, locals: inner))
        }
        return result
    }


    func identity(of aggregate: Expression.Aggregate) -> Value {
        .exact(Rational(aggregate == .sum ? 0 : 1))
    }

    func accumulate(_ aggregate: Expression.Aggregate, _ total: Value, _ term: Value) throws -> Value {
        try binary(aggregate == .sum ? .add : .multiply, total, term, at: 0)
    }

    func countTerm(at column: Int) throws {
        termsEvaluated += 1
        guard termsEvaluated <= limits.maximumTerms else {
            throw EvaluationError(column: column, kind: .tooManyTerms,
                                  message: "sums and products evaluate more than \(limits.maximumTerms) "
                                      + "terms in total")
        }
    }

    /// A bound of `sum(j, a, b, …)`: evaluated exactly, and an integer in `Int`.
    func integerBound(_ bound: Expression, _ which: String, of aggregate: Expression.Aggregate,
                      locals: [Local]) throws -> Int {
        let saved = exactOnly
        exactOnly = true
        defer { exactOnly = saved }
        let problem: String
        do {
            let r = try value(of: bound, locals: locals).exact!
            if let k = r.intValue { return k }
            problem = r.isInteger ? "\(r) does not fit in 64 bits" : "it is \(r)"
        } catch is NotExact {
            problem = "it is not a rational number computable exactly"
        }
        throw EvaluationError(column: bound.startColumn, kind: .nonIntegerBound,
                              message: "the \(which) bound of \(aggregate.rawValue) must be an exact integer, "
                                  + "but \(problem)")
    }
}

/// The parser checks the arity of built-in functions; this catches hand-built trees.
func checkArity(_ function: Expression.Function, _ count: Int, at column: Int) throws {
    guard !function.arity.contains(count) else { return }
    throw EvaluationError(column: column, kind: .wrongArgumentCount,
                          message: "\(function.rawValue) cannot take \(count) argument\(count == 1 ? "" : "s")")
}

func recursion(_ name: String, stack: [String], at column: Int) -> EvaluationError {
    let cycle = (stack.drop(while: { $0 != name }) + [name]).joined(separator: " → ")
    return EvaluationError(column: column, kind: .recursiveDefinition,
                           message: "definition '\(name)' is recursive: \(cycle)")
}

func callsTooDeep(_ limit: Int, at column: Int) -> EvaluationError {
    EvaluationError(column: column, kind: .nestedTooDeeply,
                    message: "definitions call each other more than \(limit) levels deep")
}

func wrongCount(_ name: String, _ expected: Int, _ given: Int) -> String {
    "'\(name)' takes \(expected) argument\(expected == 1 ? "" : "s") but was given \(given)"
}
