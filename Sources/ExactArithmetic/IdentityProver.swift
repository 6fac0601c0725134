import CertifiedIntervals
import ClosedForms

/// A certified counterexample to an identity: a rational point of the domain where
/// the expression is defined, every side condition holds, and Calcium decides that
/// the exact value is not 0.
public struct CounterexampleWitness: Equatable {
    /// The values of the variables.
    public let point: [String: Rational]
    /// Calcium's printed form of the (nonzero) exact value there.
    public let value: String

    public init(point: [String: Rational], value: String) {
        self.point = point
        self.value = value
    }

    /// `l = 3/2` or `x = 1, y = 2`.
    public var pointDescription: String {
        point.keys.sorted().map { "\($0) = \(point[$0]!)" }.joined(separator: ", ")
    }
}

/// The answer of `IdentityProver.prove`.
public enum IdentityOutcome: Equatable {
    /// The expression is identically 0 on the domain PROVIDED every side condition
    /// holds on the whole domain (the caller must certify them there); `method` says
    /// how it was proved. For an `integersOnly` domain the side conditions must be
    /// certified on its REAL hull (every real number between its ends), not only at
    /// its integers: the proof is an analytic-continuation argument over the real
    /// interval.
    case identicallyZero(sideConditions: [SideCondition], method: String)
    /// The expression is not identically 0: it is defined and exactly nonzero at
    /// the witness, a point of the domain.
    case notIdentical(witness: CounterexampleWitness)
    /// Neither, with the reason.
    case undecided(String)
}

/// Proves identities `expression ≡ 0` for all values of one or two real variables in
/// a box, by the method of the module README ("Identities for all values"):
/// transcendental sub-terms become formal symbols, the expression becomes a (Laurent)
/// polynomial in them with algebraic coefficients, and every coefficient is shown to
/// vanish at a point whose coordinates are algebraically independent (from e and
/// e^√2, Lindemann–Weierstrass), exactly with Calcium.
public enum IdentityProver {
    /// The most symbolic terms one polynomial may have.
    public static let maximumTerms = 400
    /// The largest exponent expanded for a power of a polynomial with several terms.
    public static let maximumExpandedExponent = 32
    /// The most coefficient nodes one proof may build.
    public static let maximumCoefficientNodes = 20_000
    /// The most roots and non-integer powers in the coefficients of one proof, and
    /// the most transcendental symbols (each root is an extension of Calcium's field
    /// at the test point: its zero tests slow down quickly with their number).
    public static let maximumRoots = 64
    public static let maximumSymbols = 32
    /// How deeply arguments of symbols are compared by nested identity proofs.
    public static let maximumNesting = 3
    /// The most rational points tried in the search for a counterexample.
    public static let maximumCounterexampleCandidates = 40

    /// Decides whether `expression ≡ 0` on the box `variables` (each a name and a
    /// connected domain; an `integersOnly` domain is treated as its real hull for the
    /// proof, and a counterexample is then an integer). See `IdentityOutcome`.
    /// At most two variables; the free variables of the expression (after expanding
    /// `definitions`) must be among them. Never throws: every failure is `.undecided`
    /// with the reason.
    public static func prove(_ expression: Expression, variables: [(name: String, domain: RealInterval)],
                             definitions: Definitions = Definitions(),
                             context: ExactContext? = nil) -> IdentityOutcome {
        let context = context ?? ExactContext()
        guard variables.count <= 2 else {
            return .undecided("identities in more than two variables are not handled (\(variables.count) given)")
        }
        guard Set(variables.map(\.name)).count == variables.count else {
            return .undecided("a variable is listed twice")
        }
        for v in variables {
            if v.domain.isEmpty { return .undecided("the domain \(v.domain) of \(v.name) is empty") }
            if let a = v.domain.lower.value, let b = v.domain.upper.value, !(a < b) {
                return .undecided("the domain \(v.domain) of \(v.name) has no interior")
            }
        }
        var inliner = Inliner(definitions: definitions, variables: Set(variables.map(\.name)), context: context)
        let expanded: Expression
        do {
            expanded = try inliner.inline(expression)
        } catch {
            return .undecided("the expression cannot be expanded: \(error)")
        }
        let proof = IdentityProof(context: context, variables: variables)
        let sideConditions: [SideCondition]
        do {
            sideConditions = try proof.sideConditions(of: expanded)
        } catch {
            return .undecided("the side conditions cannot be formed: \(error)")
        }
        let failure: String
        do {
            let polynomial = try proof.polynomial(expanded)
            switch try proof.vanishesAtTestPoint(polynomial) {
            case .yes:
                return .identicallyZero(sideConditions: sideConditions, method: proof.method(polynomial))
            case .no(let reason), .unknown(let reason):
                failure = reason
            }
        } catch {
            failure = "\(error)"
        }
        if let witness = proof.counterexample(expression, definitions: definitions, sideConditions: sideConditions) {
            return .notIdentical(witness: witness)
        }
        return .undecided(failure + "; no counterexample was found among \(proof.candidatesTried) rational points "
                          + "of the domain")
    }
}

/// A reason the symbolic method does not apply.
struct SymbolicFormFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// The state of one proof: the symbols met so far, the test point.
final class IdentityProof {
    enum Symbol {
        /// A built-in function applied to an argument that depends on the variables.
        case function(Expression.Function, Expression)
        /// A variable-free sub-term that Calcium does not show to be algebraic.
        case constant(ExactNumber, Expression)

        var description: String {
            switch self {
            case .function(let f, let argument): return "\(f.rawValue)(\(argument))"
            case .constant(_, let e): return "\(e)"
            }
        }
    }

    enum VanishingResult {
        case yes
        case no(String)
        case unknown(String)
    }

    let context: ExactContext
    let variables: [(name: String, domain: RealInterval)]
    let evaluator: ExactEvaluator
    var symbols: [Symbol] = []
    var coefficientNodes = 0
    var roots = 0
    var nesting = 0
    var candidatesTried = 0
    private var testPointCache: [Int: ([String: ExactNumber], String)] = [:]
    /// The test points at which coefficients were shown to be 0.
    private var decidingPoints: [String] = []
    /// Symbols identified by nested proofs, described.
    private(set) var identifications: [String] = []

    init(context: ExactContext, variables: [(name: String, domain: RealInterval)]) {
        self.context = context
        self.variables = variables
        self.evaluator = ExactEvaluator(context: context)
    }

    // MARK: Test points

    /// The transcendental numbers the test points are made of: e = exp(1),
    /// exp(√2), exp(√3). Any two of them are algebraically independent over the
    /// algebraic numbers (Lindemann–Weierstrass: 1, √2, √3 are linearly independent
    /// over ℚ).
    func base(_ index: Int) throws -> (ExactNumber, String) {
        switch index {
        case 0: return (ExactNumber.e(in: context), "e")
        case 1: return (try ExactNumber(2, in: context).sqrt().exp(), "e^√2")
        default: return (try ExactNumber(3, in: context).sqrt().exp(), "e^√3")
        }
    }

    /// The number of test points `testPoint(_:)` makes.
    static let testPointCount = 6

    /// Test point number `variant` (0 ..< `testPointCount`): (x0, y0) = (r1 + s1·t1,
    /// r2 + s2·t2) strictly inside the box, with t1 ≠ t2 two of e, e^√2, e^√3 and
    /// rationals s1, s2 ≠ 0, and its description. x0 and y0 are algebraically
    /// independent over the algebraic numbers (images of t1, t2 by invertible
    /// rational affine maps). The point is checked to lie strictly inside exactly.
    func testPoint(_ variant: Int) throws -> ([String: ExactNumber], String) {
        if let cached = testPointCache[variant] { return cached }
        let pairs = [(0, 1), (1, 2), (2, 0)]
        let (first, second) = pairs[variant % 3]
        let scale = variant < 3 ? Rational(1) : Rational(1, 2)
        var point: [String: ExactNumber] = [:]
        var texts: [String] = []
        for (index, v) in variables.enumerated() {
            let (t, tName) = try base(index == 0 ? first : second)
            let r: Rational, s: Rational
            switch (v.domain.lower.value, v.domain.upper.value) {
            case let (a?, b?):
                // e/8 ≈ 0.340, e^√2/8 ≈ 0.514, e^√3/8 ≈ 0.707 lie in (0, 1).
                r = a; s = (try Rational.dividing(b - a, by: Rational(8))) * scale
            case let (a?, nil): r = a; s = scale
            case let (nil, b?): r = b; s = -scale
            case (nil, nil): r = 0; s = scale
            }
            let x = try ExactNumber(r, in: context) + ExactNumber(s, in: context) * t
            if let a = v.domain.lower.value, x.compare(to: try ExactNumber(a, in: context)) != .positive {
                throw SymbolicFormFailure("internal: the test point is not inside the domain")
            }
            if let b = v.domain.upper.value, x.compare(to: try ExactNumber(b, in: context)) != .negative {
                throw SymbolicFormFailure("internal: the test point is not inside the domain")
            }
            point[v.name] = x
            texts.append("\(v.name) = \(r) + (\(s))·\(tName)")
        }
        let result = (point, texts.joined(separator: ", "))
        testPointCache[variant] = result
        return result
    }

    // MARK: Side conditions

    /// The conditions, on sub-terms that depend on the variables, under which every
    /// sub-term is real-analytic on the domain: sqrt and log arguments and bases of
    /// non-integer powers > 0, denominators and bases of negative powers ≠ 0,
    /// asin/acos arguments in (-1, 1). In order of appearance, without repetitions.
    func sideConditions(of e: Expression) throws -> [SideCondition] {
        var result: [SideCondition] = []
        var seen = Set<SideCondition>()
        func add(_ x: Expression, _ requirement: SideCondition.Requirement, _ reason: String) {
            // A variable-free sub-term is decided exactly when it is evaluated.
            guard !x.freeVariables.isEmpty else { return }
            let condition = SideCondition(expression: x, requirement: requirement, reason: reason)
            let key = SideCondition(expression: x, requirement: requirement, reason: "")
            if seen.insert(key).inserted { result.append(condition) }
        }
        func walk(_ e: Expression) throws {
            guard !e.freeVariables.isEmpty else { return }
            switch e.node {
            case .number, .constant, .variable:
                break
            case .negate(let operand):
                try walk(operand)
            case .binary(let op, let left, let right):
                if op == .divide { add(right, .nonzero, "denominator") }
                if op == .power, right.freeVariables.isEmpty {
                    // The exponent as the interval evaluator sees it: an integer only when
                    // rational arithmetic makes it one (`log(4)/log(2)` is not), so the
                    // identity is claimed where the evaluator defines the power.
                    if let n = try right.exactValue(in: Environment()), n.isInteger {
                        if n.signum < 0 { add(left, .nonzero, "base of the negative power \(n)") }
                    } else {
                        add(left, .positive, "base of the non-integer power \(right)")
                    }
                }
                try walk(left)
                try walk(right)
            case .function(let f, let arguments):
                switch f {
                case .sqrt: add(arguments[0], .positive, "argument of sqrt")
                case .log: add(arguments[0], .positive, "argument of log")
                case .asin, .acos: add(arguments[0], .insideOpenUnitInterval, "argument of \(f.rawValue)")
                default: break
                }
                for argument in arguments { try walk(argument) }
            case .call, .aggregate, .comprehension:
                throw SymbolicFormFailure("internal: calls and sums must be expanded first")
            }
        }
        try walk(e)
        return result
    }

    // MARK: Coefficients

    func coefficient(_ node: Coefficient.Node) throws -> Coefficient {
        coefficientNodes += 1
        if case .rationalPower = node {
            roots += 1
            guard roots <= IdentityProver.maximumRoots else {
                throw SymbolicFormFailure("the symbolic form has more than \(IdentityProver.maximumRoots) roots")
            }
        }
        guard coefficientNodes <= IdentityProver.maximumCoefficientNodes else {
            throw SymbolicFormFailure("the symbolic form needs more than \(IdentityProver.maximumCoefficientNodes) "
                                      + "coefficient nodes")
        }
        return Coefficient(node)
    }

    func constant(_ x: ExactNumber) throws -> Coefficient { try coefficient(.constant(x)) }

    func add(_ a: Coefficient, _ b: Coefficient) throws -> Coefficient {
        if let x = a.constantValue, let y = b.constantValue { return try constant(try x + y) }
        if a.isExactZero { return b }
        if b.isExactZero { return a }
        return try coefficient(.sum(a, b))
    }

    func multiply(_ a: Coefficient, _ b: Coefficient) throws -> Coefficient {
        if let x = a.constantValue, let y = b.constantValue { return try constant(try x * y) }
        if a.isExactZero || b.isExactZero { return try constant(ExactNumber(0, in: context)) }
        if a.isExactOne { return b }
        if b.isExactOne { return a }
        return try coefficient(.product(a, b))
    }

    func negate(_ a: Coefficient) throws -> Coefficient {
        if let x = a.constantValue { return try constant(-x) }
        return try coefficient(.negation(a))
    }

    // MARK: Polynomials

    func polynomial(constant c: Coefficient) -> SymbolicPolynomial {
        c.isExactZero ? SymbolicPolynomial() : SymbolicPolynomial(terms: [.one: c])
    }

    func checkSize(_ p: SymbolicPolynomial) throws -> SymbolicPolynomial {
        guard p.terms.count <= IdentityProver.maximumTerms else {
            throw SymbolicFormFailure("the symbolic form has more than \(IdentityProver.maximumTerms) terms")
        }
        return p
    }

    func sum(_ p: SymbolicPolynomial, _ q: SymbolicPolynomial) throws -> SymbolicPolynomial {
        var r = p
        for (m, c) in q.terms {
            let total = try r.terms[m].map { try add($0, c) } ?? c
            r.terms[m] = total.isExactZero ? nil : total
        }
        return try checkSize(r)
    }

    func negated(_ p: SymbolicPolynomial) throws -> SymbolicPolynomial {
        var r = SymbolicPolynomial()
        for (m, c) in p.terms { r.terms[m] = try negate(c) }
        return r
    }

    func product(_ p: SymbolicPolynomial, _ q: SymbolicPolynomial) throws -> SymbolicPolynomial {
        var r = SymbolicPolynomial()
        for (m, c) in p.terms {
            for (n, d) in q.terms {
                let term = try multiply(c, d)
                let k = m * n
                let total = try r.terms[k].map { try add($0, term) } ?? term
                r.terms[k] = total.isExactZero ? nil : total
            }
        }
        return try checkSize(r)
    }

    /// `p^n` for an integer n; a negative n needs a single-term p.
    func power(_ p: SymbolicPolynomial, _ n: Int) throws -> SymbolicPolynomial {
        if n == 0 { return polynomial(constant: try constant(ExactNumber(1, in: context))) }
        if p.terms.count == 1, let (m, c) = p.terms.first {
            let value: Coefficient
            if let x = c.constantValue { value = try constant(try x.power(n)) }
            else { value = try coefficient(.power(c, n)) }
            return SymbolicPolynomial(terms: [m.raised(to: n): value])
        }
        guard n > 0 else { throw SymbolicFormFailure("a negative power of a sum of several symbolic terms") }
        guard n <= IdentityProver.maximumExpandedExponent else {
            throw SymbolicFormFailure("the power \(n) of a sum of several symbolic terms is too large to expand")
        }
        if p.terms.isEmpty { return p }
        var result = p
        for _ in 1..<n { result = try product(result, p) }
        return result
    }

    /// `1/p` for a single-term p (c·m ↦ (1/c)·m⁻¹).
    func reciprocal(_ p: SymbolicPolynomial) throws -> SymbolicPolynomial {
        guard p.terms.count == 1, let (m, c) = p.terms.first else {
            throw SymbolicFormFailure(p.terms.isEmpty ? "a denominator is exactly 0"
                                      : "a denominator is a sum of several terms in the transcendental symbols")
        }
        let one = try constant(ExactNumber(1, in: context))
        let inverse: Coefficient
        if let x = c.constantValue { inverse = try constant(try ExactNumber(1, in: context) / x) }
        else { inverse = try coefficient(.quotient(one, c)) }
        return SymbolicPolynomial(terms: [m.raised(to: -1): inverse])
    }

    func symbolPolynomial(_ index: Int) throws -> SymbolicPolynomial {
        SymbolicPolynomial(terms: [Monomial(exponents: [index: 1]): try constant(ExactNumber(1, in: context))])
    }

    /// The symbolic form of `e` (calls and sums already expanded).
    func polynomial(_ e: Expression) throws -> SymbolicPolynomial {
        if e.freeVariables.isEmpty {
            let value = try evaluator.evaluate(e, bindings: [:])
            if value.isAlgebraic == .yes { return polynomial(constant: try constant(value)) }
            switch e.node {
            case .binary(.power, _, let exponent)
                where try evaluator.evaluate(exponent, bindings: [:]).rationalValue == nil:
                return try symbolPolynomial(try constantSymbol(value, e))   // 2^pi: one symbol
            case .binary, .negate:
                break   // transcendental: its parts become symbols
            default:
                return try symbolPolynomial(try constantSymbol(value, e))
            }
        }
        switch e.node {
        case .number(let r):
            return polynomial(constant: try constant(try ExactNumber(r, in: context)))
        case .constant:
            throw SymbolicFormFailure("internal: constants are variable-free")
        case .variable(let name):
            return SymbolicPolynomial(terms: [.one: try coefficient(.variable(name))])
        case .negate(let operand):
            return try negated(try polynomial(operand))
        case .binary(let op, let left, let right):
            switch op {
            case .add: return try sum(try polynomial(left), try polynomial(right))
            case .subtract: return try sum(try polynomial(left), try negated(try polynomial(right)))
            case .multiply: return try product(try polynomial(left), try polynomial(right))
            case .divide: return try product(try polynomial(left), try reciprocal(try polynomial(right)))
            case .power: return try powerNode(left, right)
            }
        case .function(let f, let arguments):
            return try functionNode(f, arguments)
        case .call, .aggregate, .comprehension:
            throw SymbolicFormFailure("internal: calls and sums must be expanded first")
        }
    }

    func powerNode(_ base: Expression, _ exponent: Expression) throws -> SymbolicPolynomial {
        guard exponent.freeVariables.isEmpty else {
            throw SymbolicFormFailure("the exponent \(exponent) depends on the variables")
        }
        // Exponents must be rational by rational arithmetic, as for the interval
        // evaluator (which takes `x^(log(4)/log(2))` as a non-integer power).
        guard let q = try exponent.exactValue(in: Environment()) else {
            throw SymbolicFormFailure("the exponent \(exponent) is not an exact rational")
        }
        let p = try polynomial(base)
        if q.isInteger {
            guard let n = q.intValue, n.magnitude <= UInt(context.limits.maximumIntegerExponent) else {
                throw SymbolicFormFailure("the exponent \(q) is too large")
            }
            return try power(n < 0 ? try reciprocal(p) : p, Swift.abs(n))
        }
        return try rationalPower(p, q, of: base)
    }

    func rationalPower(_ p: SymbolicPolynomial, _ q: Rational, of base: Expression) throws -> SymbolicPolynomial {
        guard p.isPureCoefficient else {
            throw SymbolicFormFailure("a root or non-integer power of \(base), which involves transcendental symbols")
        }
        guard let c = p.terms[.one] else {
            throw SymbolicFormFailure("a root or non-integer power of \(base), which is exactly 0")
        }
        if let x = c.constantValue { return polynomial(constant: try constant(try x.power(q))) }
        return SymbolicPolynomial(terms: [.one: try coefficient(.rationalPower(c, q))])
    }

    func functionNode(_ f: Expression.Function, _ arguments: [Expression]) throws -> SymbolicPolynomial {
        switch f {
        case .sqrt:
            return try rationalPower(try polynomial(arguments[0]), Rational(1, 2), of: arguments[0])
        case .abs, .min, .max:
            throw SymbolicFormFailure("\(f.rawValue) of an expression in the variables (no exact sign over a domain)")
        case .diff:
            // Integration of rangeproofs' diff(…) built-in: not handled by the symbolic form.
            throw SymbolicFormFailure("diff(…) is not supported by the exact identity prover")
        case .acos:
            // acos u = π/2 − asin u on [-1, 1].
            let pi = Expression(.constant(.pi), column: 0)
            let halfPi = try product(try polynomial(pi),
                                     polynomial(constant: try constant(try ExactNumber(Rational(1, 2), in: context))))
            return try sum(halfPi, try negated(try symbolPolynomial(try functionSymbol(.asin, arguments[0]))))
        case .exp, .log, .asin, .atan, .erf, .sin, .cos:
            return try symbolPolynomial(try functionSymbol(f, arguments[0]))
        }
    }

    func checkSymbolCount() throws {
        guard symbols.count < IdentityProver.maximumSymbols else {
            throw SymbolicFormFailure("more than \(IdentityProver.maximumSymbols) transcendental symbols")
        }
    }

    /// The index of the symbol for the variable-free, non-algebraic `value`: an
    /// existing one of exactly the same value, or a new one.
    func constantSymbol(_ value: ExactNumber, _ e: Expression) throws -> Int {
        for (index, symbol) in symbols.enumerated() {
            if case .constant(let other, _) = symbol, (try? value - other)?.isZero == .yes { return index }
        }
        try checkSymbolCount()
        symbols.append(.constant(value, e))
        return symbols.count - 1
    }

    /// The index of the symbol `f(argument)`: an existing one whose argument is
    /// proved identical on the domain (same tree, or a nested identity proof of
    /// `argument − other ≡ 0` by this method), or a new one.
    func functionSymbol(_ f: Expression.Function, _ argument: Expression) throws -> Int {
        let existing = symbols
        for (index, symbol) in existing.enumerated() {
            guard case .function(let g, let other) = symbol, g == f else { continue }
            if other == argument { return index }
            if nesting < IdentityProver.maximumNesting {
                nesting += 1
                defer { nesting -= 1 }
                let difference = Expression(.binary(.subtract, argument, other), column: argument.column)
                if let p = try? polynomial(difference), case .yes? = try? vanishesAtTestPoint(p) {
                    identifications.append("\(f.rawValue)(\(argument)) = \(f.rawValue)(\(other)) as the arguments are "
                                           + "identical (nested proof)")
                    return index
                }
            }
        }
        try checkSymbolCount()
        symbols.append(.function(f, argument))
        return symbols.count - 1
    }

    // MARK: The zero test of the coefficients

    /// Whether every coefficient vanishes at the test points (exactly). Each
    /// coefficient is evaluated at the test points in turn (each point with Calcium's
    /// two representations of square roots) until Calcium decides: 0 at one point
    /// proves it ≡ 0, not 0 at one point proves it is not; if no point decides, the
    /// answer is unknown.
    func vanishesAtTestPoint(_ p: SymbolicPolynomial) throws -> VanishingResult {
        var unknown: String?
        coefficients: for (m, c) in p.terms.sorted(by: { $0.key.degree < $1.key.degree }) {
            var problems: [String] = []
            for variant in 0..<IdentityProof.testPointCount {
                let (point, pointText) = try testPoint(variant)
                for unfactored in [false, true] {
                    let value: ExactNumber
                    do {
                        value = try c.value(at: point, mode: 2 * variant + (unfactored ? 1 : 0),
                                            unfactoredRoots: unfactored)
                    } catch {
                        problems.append("at \(pointText): \(error)")
                        continue
                    }
                    switch value.isZero {
                    case .yes:
                        if !decidingPoints.contains(pointText) { decidingPoints.append(pointText) }
                        continue coefficients
                    case .no:
                        return .no("the coefficient of \(describe(m)) in the symbolic form is not 0 at the "
                                   + "algebraically independent point \(pointText) (the expression is not "
                                   + "identically 0 as a polynomial in the symbols; it may still be 0 through "
                                   + "relations between them)")
                    case .unknown:
                        problems.append("at \(pointText): Calcium's zero test answers unknown")
                    }
                }
            }
            unknown = unknown ?? "the coefficient of \(describe(m)) is not decided: "
                + problems.prefix(2).joined(separator: "; ")
        }
        if let unknown { return .unknown(unknown) }
        return .yes
    }

    func describe(_ m: Monomial) -> String {
        if m == .one { return "1" }
        return m.exponents.sorted(by: { $0.key < $1.key }).map { (s, k) in
            symbols[s].description + (k == 1 ? "" : "^\(k)")
        }.joined(separator: "·")
    }

    func method(_ p: SymbolicPolynomial) -> String {
        let used = symbols.map(\.description)
        var text = "exact algebraic identity test (Calcium): "
        text += used.isEmpty ? "no transcendental symbols" : "symbols " + used.joined(separator: ", ")
        if !identifications.isEmpty { text += "; " + identifications.joined(separator: "; ") }
        if p.terms.isEmpty {
            text += "; the symbolic form is the zero polynomial"
        } else {
            text += p.terms.count == 1 ? "; its one coefficient is exactly 0"
                : "; all \(p.terms.count) coefficients are exactly 0"
        }
        if !decidingPoints.isEmpty {
            text += "; zero tests at the algebraically independent point\(decidingPoints.count == 1 ? "" : "s") "
                + decidingPoints.joined(separator: " and ")
        }
        return text + "; valid where the side conditions hold on the whole domain"
    }

    // MARK: Counterexamples

    /// Rational points of the domain, simple ones first.
    func candidates(_ domain: RealInterval) -> [Rational] {
        let offsets: [Rational] = [1, Rational(1, 2), 2, Rational(3, 2), 3, Rational(1, 3), 4, Rational(5, 2), 7,
                                   Rational(2, 3), 10]
        var values: [Rational] = []
        switch (domain.lower.value, domain.upper.value) {
        case let (a?, b?):
            let fractions: [Rational] = [Rational(1, 2), Rational(1, 3), Rational(2, 3), Rational(1, 4), Rational(3, 4),
                                         Rational(1, 5), Rational(2, 5), Rational(3, 5), Rational(1, 7), 0, 1]
            values = fractions.map { a + (b - a) * $0 }
            // Simple integers and halves inside, too.
            for k in -4...8 { values.append(Rational(k)); values.append(Rational(2 * k + 1, 2)) }
        case let (a?, nil):
            values = [a] + offsets.map { a + $0 } + [Rational(1, 2), 1, 2, 4]
        case let (nil, b?):
            values = [b] + offsets.map { b - $0 } + [Rational(-1, 2), -1, -2, -4]
        case (nil, nil):
            values = [0, 1, -1, Rational(1, 2), Rational(-1, 2), 2, -2, 3, Rational(1, 3), -3, 5]
        }
        var seen = Set<Rational>()
        return values.filter { domain.contains($0) && seen.insert($0).inserted }
    }

    func counterexample(_ expression: Expression, definitions: Definitions,
                        sideConditions: [SideCondition]) -> CounterexampleWitness? {
        let lists = variables.map { candidates($0.domain) }
        var points: [[String: Rational]] = []
        if lists.isEmpty {
            points = [[:]]
        } else if lists.count == 1 {
            points = lists[0].map { [variables[0].name: $0] }
        } else {
            for x in lists[0].prefix(7) { for y in lists[1].prefix(6) {
                points.append([variables[0].name: x, variables[1].name: y])
            } }
        }
        let evaluator = ExactEvaluator(context: context, definitions: definitions)
        let plain = ExactEvaluator(context: context)
        for point in points.prefix(IdentityProver.maximumCounterexampleCandidates) {
            candidatesTried += 1
            let value: ExactNumber
            do {
                value = try evaluator.evaluate(expression, rationalBindings: point)
            } catch let error as EvaluationError where [.tooMuchWork, .tooManyTerms, .nestedTooDeeply].contains(error.kind) {
                break   // the same limit would stop every other point
            } catch let error as ExactArithmeticError where error.kind == .limit {
                break
            } catch {
                continue
            }
            guard value.isZero == .no else { continue }
            let conditionsHold = sideConditions.allSatisfy { condition in
                guard let v = try? plain.evaluate(condition.expression, rationalBindings: point) else { return false }
                switch condition.requirement {
                case .positive: return v.sign == .positive
                case .nonzero: return v.isZero == .no
                case .insideOpenUnitInterval:
                    let one = ExactNumber(1, in: context)
                    guard let up = try? v - one, let down = try? v + one else { return false }
                    return up.sign == .negative && down.sign == .positive
                }
            }
            if conditionsHold { return CounterexampleWitness(point: point, value: value.description) }
        }
        return nil
    }
}

extension IdentityOutcome: CustomStringConvertible {
    /// One line: `identically 0 (method …) provided: …`, `not identical: nonzero at …`,
    /// `undecided: …`.
    public var description: String {
        switch self {
        case .identicallyZero(let conditions, let method):
            let provided = conditions.isEmpty ? "no side conditions"
                : "provided " + conditions.map(\.description).joined(separator: "; ")
            return "identically 0 (\(method)), \(provided)"
        case .notIdentical(let witness):
            return "not identical: the value at \(witness.pointDescription) is \(witness.value), not 0"
        case .undecided(let reason):
            return "undecided: \(reason)"
        }
    }
}
