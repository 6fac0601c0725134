extension Expression {
    /// Checks, without evaluating, that every name the expression uses is known:
    ///
    /// - every variable is bound by an enclosing sum or is in `knownVariables`
    ///   (which should hold the list variables too);
    /// - the list of every `sum(… for x in list)` is in `knownVariables` and not a
    ///   sum variable;
    /// - every call names a definition and passes as many arguments as it has
    ///   parameters;
    /// - the bodies of the definitions called, directly or through other
    ///   definitions, pass the same checks, with their parameters added to
    ///   `knownVariables`; none of them is recursive, calls nest at most
    ///   `maximumCallDepth` deep, and the expression with the bodies it calls nests
    ///   at most `maximumEvaluationDepth` deep.
    ///
    /// So evaluating a validated expression with the same definitions, in an
    /// environment that binds every known variable, meets no name, arity, recursion
    /// or depth error. What only values reveal is left to evaluation: domain errors,
    /// sum bounds, term counts, and a list used as a number (`knownVariables` does
    /// not say which names are lists).
    ///
    /// Throws the first `EvaluationError` found, with its column (for a problem in a
    /// definition's body: the column of the call, the message naming the definition
    /// and the column in its body). Each definition's body is checked once, however
    /// often it is called.
    public func validate(knownVariables: Set<String>, definitions: Definitions) throws {
        var validator = Validator(knownVariables: knownVariables, definitions: definitions)
        try validator.check(self, bound: [])
    }
}

/// Walks an expression and the definitions it reaches, each definition once.
struct Validator {
    let knownVariables: Set<String>
    let definitions: Definitions
    /// For each definition already checked: the length of the longest chain of calls
    /// starting with it (1 for a definition that calls none).
    var chainLength: [String: Int] = [:]
    /// Definitions being checked, outermost first.
    var visiting: [String] = []
    /// For each definition being checked: the longest chain below it found so far.
    var longestBelow: [Int] = []

    init(knownVariables: Set<String>, definitions: Definitions) {
        self.knownVariables = knownVariables
        self.definitions = definitions
    }

    /// Nodes being checked, across definition bodies (a guard for the stack).
    var depth = 0
    /// For each definition already checked: the height of its body as evaluated,
    /// through the bodies of the definitions it calls.
    var bodyHeight: [String: Int] = [:]

    /// The recursion over the tree. It switches on the payload-free tag and each case
    /// delegates, to keep the frames small in unoptimised builds. Returns the height
    /// of `e` as evaluated (through called definitions).
    @discardableResult
    mutating func check(_ e: Expression, bound: Set<String>) throws -> Int {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Expression.maximumEvaluationDepth else { throw tooDeep(at: e.column) }
        switch e.tag {
        case .number, .constant: return 1
        case .variable: return try checkLeaf(e, bound: bound)
        case .negate, .binary, .function: return try checkOperation(e, bound: bound)
        case .aggregate, .comprehension: return try checkAggregate(e, bound: bound)
        case .call: return try checkCall(e, bound: bound)
        }
    }

    func checkLeaf(_ e: Expression, bound: Set<String>) throws -> Int {
        guard case .variable(let name) = e.node else { return 1 }
        try checkVariable(name, at: e.column, bound: bound)
        return 1
    }

    mutating func checkOperation(_ e: Expression, bound: Set<String>) throws -> Int {
        switch e.node {
        case .negate(let operand): return 1 + (try check(operand, bound: bound))
        case .binary(_, let left, let right): return 1 + (try check([left, right], bound: bound))
        case .function(let function, let arguments):
            try checkArity(function, arguments.count, at: e.column)
            let height = 1 + (try check(arguments, bound: bound))
            if function == .diff {
                // The derivative must be formable (no abs/min/max of the variable, …).
                do {
                    _ = try e.expandingDefinitions(definitions)
                } catch let error as DerivativeError {
                    throw EvaluationError(column: e.column, kind: .notDifferentiable, message: error.message)
                }
            }
            return height
        default: preconditionFailure("not an operation")
        }
    }

    mutating func checkAggregate(_ e: Expression, bound: Set<String>) throws -> Int {
        switch e.node {
        case .aggregate(_, let variable, let lower, let upper, let body):
            let bounds = try check([lower, upper], bound: bound)
            return 1 + Swift.max(bounds, try check(body, bound: bound.union([variable])))
        case .comprehension(_, let body, let variable, let list):
            try checkList(list, bound: bound)
            return 1 + (try check(body, bound: bound.union([variable])))
        default:
            preconditionFailure("not an aggregate")
        }
    }

    mutating func checkCall(_ e: Expression, bound: Set<String>) throws -> Int {
        guard case .call(let name, let arguments) = e.node else { preconditionFailure("not a call") }
        let definition = try callable(name, arguments.count, at: e.column)
        let argumentHeight = try check(arguments, bound: bound)
        let height = try checkDefinition(definition, calledAt: e.column)
        guard depth + height <= Expression.maximumEvaluationDepth else { throw tooDeep(at: e.column) }
        return 1 + Swift.max(argumentHeight, height)
    }

    /// The tallest of `arguments`.
    mutating func check(_ arguments: [Expression], bound: Set<String>) throws -> Int {
        var tallest = 0
        for argument in arguments { tallest = Swift.max(tallest, try check(argument, bound: bound)) }
        return tallest
    }

    func tooDeep(at column: Int) -> EvaluationError {
        EvaluationError(column: column, kind: .nestedTooDeeply,
                        message: "expression and definitions nested more than "
                            + "\(Expression.maximumEvaluationDepth) levels deep")
    }

    func checkVariable(_ name: String, at column: Int, bound: Set<String>) throws {
        guard bound.contains(name) || knownVariables.contains(name) else {
            let constants = definitions.names.filter { definitions[$0]?.parameters.isEmpty == true }
            let candidates = bound.union(knownVariables).sorted() + constants
            throw EvaluationError(column: column, kind: .unknownVariable,
                                  message: "unknown variable '\(name)'" + NameSuggestion.phrase(for: name, among: candidates))
        }
    }

    func checkList(_ list: Expression, bound: Set<String>) throws {
        guard case .variable(let name) = list.node else {
            throw EvaluationError(column: list.column, kind: .typeMismatch,
                                  message: "a comprehension runs over the name of a list")
        }
        if bound.contains(name) {
            throw EvaluationError(column: list.column, kind: .typeMismatch,
                                  message: "'\(name)' is a number, not a list")
        }
        try checkVariable(name, at: list.column, bound: bound)
    }

    func callable(_ name: String, _ argumentCount: Int, at column: Int) throws -> Definition {
        guard let definition = definitions[name] else {
            let candidates = definitions.names + Expression.Function.allCases.map(\.rawValue)
            throw EvaluationError(column: column, kind: .unknownFunction,
                                  message: "unknown function or definition '\(name)'"
                                      + NameSuggestion.phrase(for: name, among: candidates))
        }
        guard argumentCount == definition.parameters.count else {
            throw EvaluationError(column: column, kind: .wrongArgumentCount,
                                  message: wrongCount(name, definition.parameters.count, argumentCount))
        }
        return definition
    }

    /// Checks the body of `definition` (once), and that the chain of calls through it
    /// stays within `maximumCallDepth`. Returns the body's height as evaluated.
    mutating func checkDefinition(_ definition: Definition, calledAt column: Int) throws -> Int {
        let name = definition.name
        if visiting.contains(name) { throw recursion(name, stack: visiting, at: column) }
        if chainLength[name] == nil {
            guard visiting.count < Expression.maximumCallDepth else {
                throw callsTooDeep(Expression.maximumCallDepth, at: column)
            }
            visiting.append(name)
            longestBelow.append(0)
            defer { visiting.removeLast(); longestBelow.removeLast() }
            do {
                bodyHeight[name] = try check(definition.body, bound: Set(definition.parameters))
            } catch let error as EvaluationError {
                throw error.raised(inDefinition: name, calledAt: column)
            }
            chainLength[name] = longestBelow[longestBelow.count - 1] + 1
        }
        let length = chainLength[name]!
        guard visiting.count + length <= Expression.maximumCallDepth else {
            throw callsTooDeep(Expression.maximumCallDepth, at: column)
        }
        if !longestBelow.isEmpty {
            longestBelow[longestBelow.count - 1] = Swift.max(longestBelow[longestBelow.count - 1], length)
        }
        return bodyHeight[name]!
    }
}
