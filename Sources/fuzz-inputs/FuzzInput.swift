import CertifiedIntervals
import ClaimDecisions
import ClosedForms
import TheoremFiles

/// One input of the fuzzer, run through the reader. Two modes, chosen by the first byte:
///
/// - `%` (an expression program): the rest is UTF-8 text, one item per line. Every line
///   but the last that reads `name(a, b) = body` (or `name = body`) is a definition; the
///   last line is an expression. The definitions are added and validated, the
///   expression is parsed, validated, printed (text and LaTeX; the text must re-parse
///   to the same tree) and, when a cost estimate allows, evaluated at 64 bits.
/// - anything else: the whole input is a theorem file. It is parsed with
///   `TheoremFileParser.parse(text:file:)` and, when it parses, planned with
///   `TheoremVerifier.plan()` (no claim is decided).
///
/// Thrown errors are the expected outcome of bad input and are ignored. Crashes, traps,
/// hangs and memory exhaustion are the findings.
enum FuzzInput {
    /// Evaluation is skipped when the estimated number of nodes evaluated (sums
    /// multiplied out, definition bodies expanded at each call) is larger than this.
    /// Not a known issue (one evaluation is bounded by `Expression.maximumNodeVisits`),
    /// a matter of throughput: near that bound, an evaluation under ASan is slow enough
    /// to end in timeouts that are not bugs.
    static let evaluationBudget = 2_000_000

    /// Runs one input; returns what happened, in a few words (for the replay program).
    @discardableResult
    static func run(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        if bytes.first == UInt8(ascii: "%") {
            guard let text = utf8(UnsafeBufferPointer(rebasing: bytes.dropFirst())) else { return "skipped: not UTF-8" }
            return expressionProgram(text)
        } else {
            guard let text = utf8(bytes) else { return "skipped: not UTF-8" }
            return theoremFile(text)
        }
    }

    /// The bytes as a String when they are valid UTF-8 (as `TheoremFileParser.load`
    /// requires), else nil.
    static func utf8(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: break loop
            case .error: return nil
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    // MARK: Theorem files

    static func theoremFile(_ text: String) -> String {
        // An abort inside toml++ must reach libFuzzer (which saves the input), not the
        // guard's `_exit(65)` (which libFuzzer counts as a crash without saving it).
        TOMLLibraryAbortGuard.isEnabled = false
        let file: TheoremFile
        do {
            file = try TheoremFileParser.parse(text: text, file: "fuzz.toml")
        } catch {
            return "theorem file refused: \(error)"
        }
        let options = VerificationOptions(startPrecision: 64, maximumPrecision: 64)
        do {
            let plan = try TheoremVerifier(file: file, options: options).plan()
            return "theorem file planned: \(file.claims.count) claims, \(plan.instanceCount) instances"
        } catch {
            return "theorem file parsed, planning refused: \(error)"
        }
    }

    // MARK: Expressions

    /// The variables every expression program may use.
    static let environmentVariables: [String: Binding] = [
        "x": .exact(Rational(1, 3)),
        "k": .exact(Rational(3)),
        "l": .enclosure(Interval(lower: 1.5, upper: 2, precision: 64)),
        "groups": .list([Rational(1), Rational(2), Rational(3)]),
    ]

    static func expressionProgram(_ text: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let expressionText = lines.popLast() ?? ""
        var definitions = Definitions()
        var parameters: [String: [String]] = [:]
        for line in lines {
            guard let (name, names, body) = definitionLine(line) else { continue }
            guard let definition = try? Definition(name: name, parameters: names, parsing: body) else { continue }
            if (try? definitions.add(definition)) != nil { parameters[name] = names }
        }
        let known = Set(environmentVariables.keys)
        // Validate the bodies as the theorem-file reader does; drop none (an invalid
        // body must then make every expression calling it fail validation).
        for name in definitions.names {
            let definition = definitions[name]!
            _ = try? definition.body.validate(knownVariables: known.union(definition.parameters),
                                              definitions: definitions)
        }
        let expression: Expression
        do {
            expression = try ExpressionParser.parse(expressionText)
        } catch {
            return "expression refused by the parser: \(error)"
        }

        // Printing: the canonical text must re-parse to the same tree.
        let printed = expression.description
        guard let reparsed = try? ExpressionParser.parse(printed) else {
            fatalError("the description of a parsed expression does not parse: \(expressionText.debugDescription) printed as \(printed.debugDescription)")
        }
        guard reparsed == expression else {
            fatalError("the description of a parsed expression re-parses to another tree: \(expressionText.debugDescription) printed as \(printed.debugDescription)")
        }
        _ = expression.latex()
        _ = expression.freeVariables
        _ = expression.calledDefinitions

        do {
            try expression.validate(knownVariables: known, definitions: definitions)
        } catch {
            return "expression refused by validation: \(error)"
        }
        var estimator = CostEstimator(definitions: definitions,
                                      environment: Environment(variables: environmentVariables))
        let cost = estimator.cost(expression)
        guard cost <= evaluationBudget else { return "expression valid, not evaluated (estimated cost \(cost))" }
        let environment = Environment(variables: environmentVariables, definitions: definitions)
        _ = try? expression.exactValue(in: environment)
        do {
            return "expression evaluated: \(try expression.evaluate(in: environment, precision: 64))"
        } catch {
            return "expression valid, evaluation refused: \(error)"
        }
    }

    /// `name(a, b) = body` → (name, [a, b], body); `name = body` → (name, [], body).
    static func definitionLine(_ line: String) -> (String, [String], String)? {
        guard let equals = line.firstIndex(of: "=") else { return nil }
        let head = line[..<equals].filter { $0 != " " }
        let body = String(line[line.index(after: equals)...])
        guard let open = head.firstIndex(of: "(") else { return (String(head), [], body) }
        guard head.last == ")" else { return nil }
        let name = String(head[..<open])
        let inside = head[head.index(after: open)..<head.index(before: head.endIndex)]
        let names = inside.isEmpty ? [] : inside.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        return (name, names, body)
    }
}

/// An upper estimate of the nodes an evaluation visits: sums multiplied out (bounds
/// that cannot be computed up front count as `unknownTerms`), definition bodies
/// counted in full at every call. Saturates instead of overflowing.
struct CostEstimator {
    let definitions: Definitions
    let environment: Environment
    var bodyCost: [String: Int] = [:]
    var visiting: Set<String> = []

    static let unknownTerms = 10_000
    static let saturated = Int.max / 4

    init(definitions: Definitions, environment: Environment) {
        self.definitions = definitions
        self.environment = environment
    }

    static func add(_ a: Int, _ b: Int) -> Int { Swift.min(saturated, a + b) }
    static func multiply(_ a: Int, _ b: Int) -> Int {
        let (product, overflow) = a.multipliedReportingOverflow(by: b)
        return overflow ? saturated : Swift.min(saturated, product)
    }

    mutating func cost(_ e: Expression) -> Int {
        switch e.node {
        case .number, .constant, .variable:
            return 1
        case .negate(let a):
            return Self.add(1, cost(a))
        case .binary(_, let a, let b):
            return Self.add(1, Self.add(cost(a), cost(b)))
        case .function(_, let arguments):
            return arguments.reduce(1) { Self.add($0, cost($1)) }
        case .call(let name, let arguments):
            var total = arguments.reduce(1) { Self.add($0, cost($1)) }
            total = Self.add(total, definitionCost(name))
            return total
        case .aggregate(_, _, let lower, let upper, let body):
            let terms = termCount(lower, upper)
            let bounds = Self.add(cost(lower), cost(upper))
            return Self.add(1, Self.add(bounds, Self.multiply(terms, cost(body))))
        case .comprehension(_, let body, _, _):
            return Self.add(1, Self.multiply(3, cost(body)))
        }
    }

    mutating func definitionCost(_ name: String) -> Int {
        if let known = bodyCost[name] { return known }
        guard let definition = definitions[name], !visiting.contains(name) else { return Self.saturated }
        visiting.insert(name)
        let c = cost(definition.body)
        visiting.remove(name)
        bodyCost[name] = c
        return c
    }

    func termCount(_ lower: Expression, _ upper: Expression) -> Int {
        // Bounds without calls or sums of their own are cheap to compute now (they fail
        // when they use a sum variable: then the count is unknown).
        guard Self.isSimple(lower), Self.isSimple(upper),
              let a = (try? lower.exactValue(in: environment)) ?? nil,
              let b = (try? upper.exactValue(in: environment)) ?? nil,
              let low = a.intValue, let high = b.intValue else {
            return Self.unknownTerms
        }
        guard high >= low else { return 0 }
        let (span, overflow) = high.subtractingReportingOverflow(low)
        return overflow ? Self.saturated : Swift.min(Self.saturated, span + 1)
    }

    /// True when `e` has no call and no sum or product.
    static func isSimple(_ e: Expression) -> Bool {
        switch e.node {
        case .call, .aggregate, .comprehension: return false
        case .number, .constant, .variable: return true
        case .negate(let a): return isSimple(a)
        case .binary(_, let a, let b): return isSimple(a) && isSimple(b)
        case .function(_, let arguments): return arguments.allSatisfy(isSimple)
        }
    }
}
