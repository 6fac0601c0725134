import CertifiedIntervals
import CMPFR
import CFlint
import ClosedForms

/// Decides inequalities `g(x) relation 0` over ranges that are not finite lists: a
/// certified branch and bound on the finite part of the range, Taylor models in
/// `t = 1/x` on the unbounded ends, and instance checks on the first integers of an
/// integer range. See the module README for the soundness argument.
public enum RangeProver {
    /// Decides `problem` at `precision` bits (an `Interval.userPrecisionRange` value;
    /// counterexample points are retried at up to 4× that).
    ///
    /// The verdict is sound: PROVED only from certified enclosures (or exact zero
    /// tests) covering the whole domain, REFUTED only with a point of the domain whose
    /// certified enclosure of g lies on the wrong side, INCONCLUSIVE otherwise, naming
    /// the smallest undecided part. Exhausting `budget` or `limits.maximumBoxes` gives
    /// INCONCLUSIVE with the box being examined.
    ///
    /// - Throws: `RangeProblemError` for a problem that is not a question: the relation
    ///   `=`, an empty or reversed domain, a variable that is also a parameter, a name
    ///   the expression reads but nothing binds, an invalid precision.
    public static func decide(_ problem: RangeProblem, precision: Int = Interval.defaultPrecision,
                              budget: WorkBudget? = nil,
                              limits: RangeProverLimits = RangeProverLimits()) throws -> RangeVerdict {
        let run = try ProverRun(problem: problem, precision: precision, budget: budget, limits: limits)
        do {
            return try run.decide()
        } catch let stop as StopSearch {
            // The budget or an evaluation limit, met outside a box (at an end point or
            // a far-end point): the whole range is undecided.
            return .inconclusive(unresolved: problem.domain, reason: stop.reason)
        }
    }
}

/// The sign convention: the claim is `s·g > 0` (strict) or `s·g ≥ 0`.
struct Orientation {
    let sign: Int
    let strict: Bool

    init(_ relation: Relation) throws {
        switch relation {
        case .greater: sign = 1; strict = true
        case .greaterOrEqual: sign = 1; strict = false
        case .less: sign = -1; strict = true
        case .lessOrEqual: sign = -1; strict = false
        case .equal:
            throw RangeProblemError("'=' is not an inequality: identities are decided by exact arithmetic, "
                                    + "not by a range proof")
        }
    }

    /// `s·G`.
    func oriented(_ g: Interval) -> Interval { sign > 0 ? g : -g }

    /// The enclosure proves the claim for every point it encloses.
    func holds(_ g: Interval) -> Bool {
        let h = oriented(g)
        return strict ? h.isPositive : h.isNonNegative
    }

    /// The enclosure proves the claim false at the point it encloses.
    func fails(_ g: Interval) -> Bool {
        let h = oriented(g)
        return strict ? h.isNonPositive : h.isNegative
    }
}

/// What one box, point or far end came to.
enum Outcome {
    case holds
    case fails(RangeCounterexample)
    case undecided(RealInterval, String)
}

/// Evaluation failed in a way that is a verdict (INCONCLUSIVE), not a problem error.
struct StopSearch: Error {
    let reason: String
}

/// One call of `RangeProver.decide`.
final class ProverRun {
    let problem: RangeProblem
    let precision: Int
    let budget: WorkBudget?
    let limits: RangeProverLimits
    let orientation: Orientation
    let baseEnvironment: Environment
    /// The expression evaluated: `problem.expression`, with its `diff(…)` nodes (and
    /// therefore its calls) expanded once when it has any, so that derivatives are
    /// not formed again at every evaluation.
    let evaluated: Expression
    /// g' (nil when the expression has no symbolic derivative: `abs`, `min`, …).
    lazy var derivative: Expression? = try? evaluated.derivative(withRespectTo: problem.variable,
                                                                  definitions: problem.definitions)

    var boxes = 0
    var boxesExamined = 0
    var instances = 0
    var margin: LowerBound?
    var farEnds: [String] = []
    var usedMeanValue = false

    init(problem: RangeProblem, precision: Int, budget: WorkBudget?, limits: RangeProverLimits) throws {
        guard Interval.userPrecisionRange.contains(precision) else {
            throw RangeProblemError("precision \(precision) is outside \(Interval.userPrecisionRange)")
        }
        self.problem = problem
        self.precision = precision
        self.budget = budget
        self.limits = limits
        orientation = try Orientation(problem.relation)
        if problem.parameters[problem.variable] != nil {
            throw RangeProblemError("'\(problem.variable)' is both the variable of the range and a fixed parameter")
        }
        let domain = problem.domain
        if let a = domain.lower.value, let b = domain.upper.value, b < a {
            throw RangeProblemError("the range \(domain) is reversed (its lower end \(a) exceeds its upper end \(b))")
        }
        if domain.isEmpty {
            throw RangeProblemError("the range \(domain) is empty: a statement over it would be vacuous")
        }
        baseEnvironment = Environment(variables: problem.parameters, definitions: problem.definitions,
                                      workBudget: budget)
        let usesDiff = ([problem.expression] + problem.definitions.names.compactMap { problem.definitions[$0]?.body })
            .contains { $0.description.contains("diff(") }
        if usesDiff, let expanded = try? problem.expression.expandingDefinitions(problem.definitions) {
            evaluated = expanded
        } else {
            evaluated = problem.expression
        }
        // Names the expression reads must be bound: evaluate once with the variable
        // bound to 0 and turn every error other than a domain error into a problem error.
        var probe = baseEnvironment
        probe.variables[problem.variable] = .exact(0)
        probe.workBudget = nil
        do {
            _ = try problem.expression.evaluate(in: probe, precision: 64)
        } catch let error as EvaluationError {
            switch error.kind {
            case .unknownVariable, .unknownFunction, .wrongArgumentCount, .recursiveDefinition, .typeMismatch,
                 .nonIntegerBound, .invalidPrecision:
                throw RangeProblemError("cannot evaluate \(problem.expression): \(error)")
            default:
                break
            }
        } catch {
            // Domain errors at 0 say nothing about the range.
        }
    }

    // MARK: Evaluation

    /// An enclosure of g for every x of `binding`. Domain errors propagate
    /// (`IntervalDomainError`); evaluation limits and the work budget become
    /// `StopSearch`.
    func enclosure(of expression: Expression, at binding: Binding, precision: Int? = nil) throws -> Interval {
        var environment = baseEnvironment
        environment.variables[problem.variable] = binding
        do {
            return try expression.enclosure(in: environment, precision: precision ?? self.precision)
        } catch let error as WorkBudgetExceeded {
            throw StopSearch(reason: "\(error) (the range proof was stopped there)")
        } catch let error as EvaluationError {
            throw StopSearch(reason: "evaluation failed: \(error)")
        }
    }

    /// The exact box `[lo, hi]` as an interval.
    func interval(_ lo: Rational, _ hi: Rational) -> Interval {
        Interval.hull(Interval(lo, precision: precision), Interval(hi, precision: precision))
    }

    func record(_ g: Interval) {
        let bound = orientation.oriented(g).lowerBound
        if let current = margin {
            if bound.isSmaller(than: current) { margin = bound }
        } else {
            margin = bound
        }
    }

    /// Checks the exact point `x` (which must lie in the domain): certified on the
    /// right side, on the wrong side (a counterexample), or undecided even at 4× the
    /// precision. A domain error at the point is undecided with the error.
    func check(point x: Rational, how: String) throws -> Outcome {
        var bits = precision
        var last: Interval?
        while bits <= 4 * precision {
            let g: Interval
            do {
                g = try enclosure(of: evaluated, at: .exact(x), precision: bits)
            } catch let error as IntervalDomainError {
                return .undecided(.closed(x, x), "g is not defined at \(problem.variable) = \(x): \(error)")
            }
            if orientation.fails(g) {
                return .fails(RangeCounterexample(point: x, value: g, how: how))
            }
            if orientation.holds(g) {
                instanceMargin = g
                return .holds
            }
            last = g
            bits *= 2
        }
        let shown = last.map { $0.compactDescription(digits: 8) } ?? "?"
        return .undecided(.closed(x, x), "g(\(x)) = \(shown) cannot be told from 0 at \(4 * precision) bits")
    }

    // MARK: Branch and bound

    /// Proves the claim on the closed box `[lo, hi]` (a subset of the domain up to its
    /// open ends, whose points are never used as counterexamples), or finds a
    /// counterexample in its interior, or names an undecided box.
    func branchAndBound(_ lo: Rational, _ hi: Rational) throws -> Outcome {
        var stack: [(Rational, Rational)] = [(lo, hi)]
        var unresolved: (RealInterval, String)?
        var unresolvedCount = 0
        search: while let (a, b) = stack.popLast() {
            boxesExamined += 1
            let here = RealInterval.closed(a, b)
            guard boxesExamined <= limits.maximumBoxes else {
                return .undecided(here, "the limit of \(limits.maximumBoxes) boxes was reached")
            }
            do {
                switch try examine(a, b) {
                case .holds:
                    boxes += 1
                case .fails(let counterexample):
                    return .fails(counterexample)
                case .undecided(_, let reason):
                    if isAtResolution(a, b) {
                        // Keep looking elsewhere: a counterexample in another box is a
                        // better answer than this undecided one.
                        if unresolved == nil { unresolved = (here, reason) }
                        unresolvedCount += 1
                        if unresolvedCount >= limits.maximumUnresolvedBoxes { break search }
                        continue
                    }
                    let m = splitPoint(a, b)
                    stack.append((m, b))
                    stack.append((a, m))
                }
            } catch let stop as StopSearch {
                return .undecided(here, stop.reason)
            }
        }
        if let (box, reason) = unresolved { return .undecided(box, reason) }
        return .holds
    }

    /// One box: the naive enclosure, then the mean-value form, then its midpoint as a
    /// candidate counterexample.
    func examine(_ a: Rational, _ b: Rational) throws -> Outcome {
        let box = interval(a, b)
        var naive: Interval?
        var domainProblem: IntervalDomainError?
        do {
            let g = try enclosure(of: evaluated, at: .enclosure(box))
            if orientation.holds(g) { record(g); return .holds }
            naive = g
        } catch let error as IntervalDomainError {
            domainProblem = error
        }
        let m = a == b ? a : Rational.midpoint(a, b)
        if let naive = naive, let derivative = derivative {
            // Mean-value form: g(X) ⊂ g(m) + g'(X)(X − m), for g differentiable on X,
            // which the successful naive evaluation of g' on X guarantees (README).
            do {
                let gm = try enclosure(of: evaluated, at: .exact(m))
                let slope = try enclosure(of: derivative, at: .enclosure(box))
                let offset = box - Interval(m, precision: precision)
                if let meanValue = (gm + slope * offset).intersection(naive), orientation.holds(meanValue) {
                    usedMeanValue = true
                    record(meanValue)
                    return .holds
                }
            } catch is IntervalDomainError {
                // g' not defined on the whole box: no mean-value form here.
            }
        }
        if a != b {
            switch try check(point: m, how: "a point of the branch and bound") {
            case .fails(let counterexample): return .fails(counterexample)
            default: break
            }
        }
        if let error = domainProblem {
            return .undecided(.closed(a, b), "domain error on \(RealInterval.closed(a, b)): \(error)")
        }
        return .undecided(.closed(a, b), "the enclosures of g on \(RealInterval.closed(a, b)) do not decide "
                              + "the sign at this resolution (a tangency or a very small margin)")
    }

    func isAtResolution(_ a: Rational, _ b: Rational) -> Bool {
        guard a != b else { return true }
        let scale = max(Rational(1), a.magnitude, b.magnitude)
        let width = b - a
        return width * ProverRun.power2(limits.resolutionBits) <= scale
    }

    /// A power of two at least 1024·max(1, x): how far the branch and bound looks for
    /// a counterexample when a far end is undecided.
    static func searchBound(beyond x: Rational) -> Rational {
        var k = 10
        while power2(k) <= x * Rational(1024) { k += 1 }
        return power2(k)
    }

    static func power2(_ n: Int) -> Rational {
        (try? Rational(2).power(n)) ?? Rational(1)
    }

    /// Where to bisect: geometrically on boxes spanning several binary orders of
    /// magnitude (so that `[1, 2^40]` takes 40 levels, not 2^40 boxes), at 0 for wide
    /// boxes around 0, else at the midpoint.
    func splitPoint(_ a: Rational, _ b: Rational) -> Rational {
        if a >= Rational(1) && b > Rational(4) * a {
            let g = (a.doubleValue * b.doubleValue).squareRoot()
            if g.isFinite && g < 1e18, let m = Rational.integerNear(g), a < m, m < b { return m }
            return Rational(2) * a
        }
        if b <= Rational(-1) && a < Rational(4) * b {
            let g = (a.doubleValue * b.doubleValue).squareRoot()
            if g.isFinite && g < 1e18, let m = Rational.integerNear(-g), a < m, m < b { return m }
            return Rational(2) * b
        }
        if a < Rational(0) && b > Rational(0) && b - a > Rational(2) { return Rational(0) }
        return Rational.midpoint(a, b)
    }

    // MARK: The whole range

    func decide() throws -> RangeVerdict {
        let domain = problem.domain
        if domain.integersOnly { return try decideIntegers() }
        var pieces: [Outcome] = []
        // Far ends first: they fix the finite part. An undecided far end does not stop
        // the search: the branch and bound still looks for a counterexample up to
        // 2^10 beyond the finite end, and the verdict is INCONCLUSIVE only if it finds
        // none.
        var lowerFinite: Rational
        var upperFinite: Rational
        var undecidedFarEnds: [(RealInterval, String)] = []
        switch domain.upper {
        case .finite(let b, _):
            upperFinite = b
        case .infinite:
            let start = domain.lower.value ?? Rational(0)
            let (x, outcome) = try farEnd(towardsPositive: true, beyond: start)
            switch outcome {
            case .holds: upperFinite = x
            case .fails: return verdict(outcome)
            case .undecided(_, let reason):
                upperFinite = ProverRun.searchBound(beyond: start)
                undecidedFarEnds.append((.atLeast(upperFinite), reason))
            }
        }
        switch domain.lower {
        case .finite(let a, _):
            lowerFinite = a
        case .infinite:
            let start = domain.upper.value ?? Rational(0)
            let (x, outcome) = try farEnd(towardsPositive: false, beyond: start)
            switch outcome {
            case .holds: lowerFinite = x
            case .fails: return verdict(outcome)
            case .undecided(_, let reason):
                lowerFinite = -ProverRun.searchBound(beyond: -start)
                undecidedFarEnds.append((RealInterval(lower: .infinite, upper: .finite(lowerFinite, closed: true)),
                                         reason))
            }
        }
        // Closed finite ends are points of the domain: check them as such.
        if case .finite(let a, true) = domain.lower {
            let outcome = try check(point: a, how: "the lower end of the range")
            if case .fails = outcome { return verdict(outcome) }
        }
        if case .finite(let b, true) = domain.upper {
            let outcome = try check(point: b, how: "the upper end of the range")
            if case .fails = outcome { return verdict(outcome) }
        }
        // Far ends are chosen inside the range, so lowerFinite ≤ upperFinite; a single
        // point left between far ends is covered by their models (each covers |x| ≥ X,
        // X included).
        precondition(lowerFinite <= upperFinite, "far ends chosen outside the range")
        let coveredByModels = lowerFinite == upperFinite && (domain.lower == .infinite || domain.upper == .infinite)
        if !coveredByModels {
            pieces.append(try branchAndBound(lowerFinite, upperFinite))
        }
        for piece in pieces where !isHolds(piece) { return verdict(piece) }
        if let (far, reason) = undecidedFarEnds.first {
            return .inconclusive(unresolved: far, reason: reason + " (no counterexample up to there; the range "
                                     + "before it holds)")
        }
        return .proved(certificate(method: methodDescription()))
    }

    func isHolds(_ outcome: Outcome) -> Bool {
        if case .holds = outcome { return true }
        return false
    }

    func methodDescription() -> String {
        var parts = ["branch and bound with interval evaluation"]
        if usedMeanValue { parts[0] += " and the mean-value form" }
        if instances > 0 { parts.append("\(instances) integer instances, real relaxation above") }
        if !farEnds.isEmpty { parts.append("Taylor models in t = 1/x at the unbounded ends") }
        return parts.joined(separator: "; ")
    }

    func certificate(method: String) -> RangeCertificate {
        RangeCertificate(statement: problem.statement, boxes: boxes, integerInstances: instances,
                         smallestMargin: farEnds.isEmpty ? margin : nil, farEnds: farEnds, method: method)
    }

    func verdict(_ outcome: Outcome) -> RangeVerdict {
        switch outcome {
        case .holds: return .proved(certificate(method: methodDescription()))
        case .fails(let counterexample): return .refuted(counterexample)
        case .undecided(let where_, let reason): return .inconclusive(unresolved: where_, reason: reason)
        }
    }

    // MARK: Integer ranges

    func decideIntegers() throws -> RangeVerdict {
        let domain = problem.domain
        guard let a = domain.lower.value else {
            // (-∞, b] on the integers: the relaxation alone.
            return try decideRelaxation(from: nil)
        }
        let first = RealInterval.ceilingOf(a, strictlyAbove: !domain.lower.isClosed)
        let last = domain.upper.value.map { RealInterval.floorOf($0, strictlyBelow: !domain.upper.isClosed) }
        var n = first
        var checked = 0
        while checked < limits.integerInstances, last.map({ n <= $0 }) ?? true {
            let outcome = try check(point: n, how: "an integer instance")
            switch outcome {
            case .holds:
                instances += 1
                if let g = instanceMargin { record(g) }
            case .fails(let counterexample): return .refuted(counterexample)
            case .undecided(let where_, let reason): return .inconclusive(unresolved: where_, reason: reason)
            }
            n = n + 1
            checked += 1
        }
        if let last = last, n > last {
            return .proved(certificate(method: "each of the \(instances) integers checked with certified enclosures"))
        }
        return try decideRelaxation(from: n)
    }

    /// The enclosure of the last point that `check` certified (for the margin).
    var instanceMargin: Interval?

    /// The real relaxation over `[from, upper]` of an integer range; a counterexample
    /// at a non-integer point is turned into its neighbouring integers or INCONCLUSIVE.
    func decideRelaxation(from start: Rational?) throws -> RangeVerdict {
        var relaxed = problem.domain
        relaxed.integersOnly = false
        if let start = start { relaxed.lower = .finite(start, closed: true) }
        if let b = relaxed.upper.value {
            relaxed.upper = .finite(RealInterval.floorOf(b, strictlyBelow: !relaxed.upper.isClosed), closed: true)
        }
        let relaxedRun = try ProverRun(problem: RangeProblem(expression: problem.expression,
                                                             relation: problem.relation,
                                                             variable: problem.variable, domain: relaxed,
                                                             definitions: problem.definitions,
                                                             parameters: problem.parameters),
                                       precision: precision, budget: budget, limits: limits)
        let verdict = try relaxedRun.decide()
        switch verdict {
        case .proved(let c):
            let method = instances > 0
                ? "integers \(problem.domain.lower.value.map { RealInterval.ceilingOf($0, strictlyAbove: !problem.domain.lower.isClosed) }?.description ?? "") to \(start.map { ($0 - 1).description } ?? "") checked one by one; "
                    + "real relaxation on \(relaxed): \(c.method)"
                : "real relaxation on \(relaxed): \(c.method)"
            var combined = c.smallestMargin
            if let mine = margin, let theirs = combined, mine.isSmaller(than: theirs) { combined = mine }
            if c.smallestMargin == nil { combined = nil }
            return .proved(RangeCertificate(statement: problem.statement, boxes: c.boxes,
                                            integerInstances: instances, smallestMargin: combined,
                                            farEnds: c.farEnds, method: method))
        case .refuted(let c):
            if c.point.isInteger { return verdict }
            let below = RealInterval.floorOf(c.point, strictlyBelow: false)
            for n in [below, below + 1] where problem.domain.contains(n) {
                if case .fails(let counterexample) = try check(point: n, how: "an integer next to a real "
                                                                   + "counterexample of the relaxation") {
                    return .refuted(counterexample)
                }
            }
            return .inconclusive(unresolved: .closed(below, below + 1),
                                 reason: "the real relaxation fails at \(c.point) but the integers around it "
                                     + "do not; the relaxation cannot prove this integer statement")
        case .inconclusive:
            return verdict
        }
    }

    // MARK: Far ends

    /// Tries to settle `[X, ∞)` (or `(−∞, −X]`) for `X = 2^k > |beyond|`, smallest k
    /// first. Returns the X found (the finite part of the range ends there) with
    /// `.holds`, or a counterexample, or the reason it failed.
    func farEnd(towardsPositive: Bool, beyond start: Rational) throws -> (Rational, Outcome) {
        let far = FarEndAnalysis(run: self, towardsPositive: towardsPositive)
        return try far.settle(beyond: start)
    }
}

extension Interval {
    /// The intersection with `other`, nil when empty (then one of them is not an
    /// enclosure of the same quantity, which the caller treats as a bug).
    func intersection(_ other: Interval) -> Interval? {
        let p = Swift.max(precision, other.precision)
        let result = Interval.fromUnsafeEndpoints(precision: p) { lo, hi in
            withUnsafeEndpoints { a, b in
                other.withUnsafeEndpoints { c, d in
                    mpfr_max(lo, a, c, MPFR_RNDD)
                    mpfr_min(hi, b, d, MPFR_RNDU)
                }
            }
        }
        return result.isWellFormed ? result : nil
    }
}

extension Rational {
    /// ⌊x⌋, exact for every size.
    static func floor(_ x: Rational) -> Rational {
        if x.isInteger { return x }
        let q = UnsafeMutablePointer<fmpq>.allocate(capacity: 1)
        let f = UnsafeMutablePointer<fmpz>.allocate(capacity: 1)
        defer { q.deallocate(); f.deallocate() }
        fmpq_init(q); fmpz_init(f)
        defer { fmpq_clear(q); fmpz_clear(f) }
        _ = fmpq_set_str(q, x.description, 10)
        withUnsafeMutablePointer(to: &q.pointee.num) { num in
            withUnsafeMutablePointer(to: &q.pointee.den) { den in fmpz_fdiv_q(f, num, den) }
        }
        guard let text = fmpz_get_str(nil, 10, f) else { return x }
        defer { flint_free(text) }
        return Rational(exactly: String(cString: text)) ?? x
    }

    static func midpoint(_ a: Rational, _ b: Rational) -> Rational {
        (try? Rational.dividing(a + b, by: Rational(2))) ?? a
    }

    /// The integer nearest to a finite double of magnitude below 2^62.
    static func integerNear(_ x: Double) -> Rational? {
        guard x.isFinite, Swift.abs(x) < 4e18 else { return nil }
        return Rational(Int(x.rounded()))
    }
}

extension RealInterval {
    /// The least integer ≥ x (> x when `strictlyAbove`).
    static func ceilingOf(_ x: Rational, strictlyAbove: Bool) -> Rational {
        let f = floorOf(x, strictlyBelow: false)
        if f == x { return strictlyAbove ? f + 1 : f }
        return f + 1
    }

    /// The greatest integer ≤ x (< x when `strictlyBelow`), exactly, at any size
    /// (FLINT's floor division of numerator by denominator).
    static func floorOf(_ x: Rational, strictlyBelow: Bool) -> Rational {
        var candidate = Rational.floor(x)
        if strictlyBelow && candidate == x { candidate = candidate - 1 }
        return candidate
    }
}
