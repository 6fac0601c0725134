import CertifiedIntervals
import CMPFR
import ClosedForms

/// A branch and bound over a product of two bounded ranges, for side conditions in
/// two variables: boxes `[a1, b1] × [a2, b2]` with exact ends, the naive interval
/// enclosure on each, the centre (rounded into the domain on integer ranges) as a
/// candidate counterexample, bisection of the relatively wider side.
///
/// Unbounded coordinates: a box with an infinite side is enclosed by extended interval
/// arithmetic (`ExtendedEnclosure`, which proves but never refutes); an undecided
/// infinite side is split at a finite point moving outwards (0, ±4, then ×4) up to
/// 2^64, after which the box is INCONCLUSIVE.
struct TwoVariableProver {
    let expression: Expression
    let orientation: Orientation
    let names: (String, String)
    let domains: (RealInterval, RealInterval)
    let environment: Environment
    let precision: Int
    let limits: RangeProverLimits

    init(expression: Expression, relation: Relation, variables: [(name: String, domain: RealInterval)],
         definitions: Definitions, parameters: [String: Binding], precision: Int, budget: WorkBudget?,
         limits: RangeProverLimits) throws {
        precondition(variables.count == 2)
        guard Interval.userPrecisionRange.contains(precision) else {
            throw RangeProblemError("precision \(precision) is outside \(Interval.userPrecisionRange)")
        }
        guard variables[0].name != variables[1].name else {
            throw RangeProblemError("the two variables have the same name '\(variables[0].name)'")
        }
        for (name, domain) in variables {
            if let a = domain.lower.value, let b = domain.upper.value, b < a {
                throw RangeProblemError("the range \(domain) of \(name) is reversed")
            }
            if domain.isEmpty { throw RangeProblemError("the range \(domain) of \(name) is empty") }
            if parameters[name] != nil {
                throw RangeProblemError("'\(name)' is both a variable of the range and a fixed parameter")
            }
        }
        self.expression = expression
        orientation = try Orientation(relation)
        names = (variables[0].name, variables[1].name)
        domains = (variables[0].domain, variables[1].domain)
        environment = Environment(variables: parameters, definitions: definitions, workBudget: budget)
        self.precision = precision
        self.limits = limits
        var probe = environment
        probe.variables[names.0] = .exact(0)
        probe.variables[names.1] = .exact(0)
        probe.workBudget = nil
        do {
            _ = try expression.evaluate(in: probe, precision: 64)
        } catch let error as EvaluationError where ![.tooManyTerms, .tooMuchWork, .exponentTooLarge,
                                                      .nestedTooDeeply].contains(error.kind) {
            throw RangeProblemError("cannot evaluate \(expression): \(error)")
        } catch {}
    }

    /// The closed hull of a domain (integer ends rounded inwards on integer ranges);
    /// nil for an infinite end.
    static func bounds(_ domain: RealInterval) -> (Rational?, Rational?) {
        var a = domain.lower.value, b = domain.upper.value
        if domain.integersOnly {
            a = a.map { RealInterval.ceilingOf($0, strictlyAbove: !domain.lower.isClosed) }
            b = b.map { RealInterval.floorOf($0, strictlyBelow: !domain.upper.isClosed) }
        }
        return (a, b)
    }

    /// A side of a box: exact ends, nil for ±∞.
    typealias Side = (lower: Rational?, upper: Rational?)

    /// The farthest finite point an infinite side is split at: beyond it an unbounded
    /// box that the extended enclosure does not decide is INCONCLUSIVE.
    static let farthestSplit = ProverRun.power2(64)

    func decide() throws -> RangeVerdict {
        var stack: [(Side, Side)] = [(TwoVariableProver.bounds(domains.0), TwoVariableProver.bounds(domains.1))]
        var boxes = 0
        var examined = 0
        var margin: LowerBound?
        var unbounded = false
        var unresolvedBox: (RealInterval, String)?
        var unresolvedCount = 0
        let extended = ExtendedEnclosure(environment: environment, precision: precision)
        while let (x, y) = stack.popLast() {
            examined += 1
            let here = RealInterval(lower: x.lower.map { .finite($0, closed: true) } ?? .infinite,
                                    upper: x.upper.map { .finite($0, closed: true) } ?? .infinite)
            let where_ = "\(names.1) in \(RealInterval(lower: y.lower.map { .finite($0, closed: true) } ?? .infinite, upper: y.upper.map { .finite($0, closed: true) } ?? .infinite))"
            guard examined <= limits.maximumBoxes else {
                return .inconclusive(unresolved: here, reason: "the limit of \(limits.maximumBoxes) boxes was reached "
                                         + "at \(where_)")
            }
            let finite = x.lower != nil && x.upper != nil && y.lower != nil && y.upper != nil
            if !finite { unbounded = true }
            var domainError: String?
            do {
                let g: Interval
                if finite {
                    g = try enclosure(.enclosure(box(x.lower!, x.upper!)), .enclosure(box(y.lower!, y.upper!)))
                } else {
                    g = try extended.enclosure(of: expression, variables: [names.0: extendedBox(x), names.1: extendedBox(y)])
                }
                if orientation.holds(g) {
                    boxes += 1
                    let bound = orientation.oriented(g).lowerBound
                    if margin.map({ bound.isSmaller(than: $0) }) ?? true { margin = bound }
                    continue
                }
            } catch let error as IntervalDomainError {
                domainError = "domain error: \(error)"
            } catch let failure as ExtendedEnclosure.Failure {
                domainError = failure.reason
            } catch let stop as StopSearch {
                return .inconclusive(unresolved: here, reason: stop.reason + " at \(where_)")
            }
            // A point of the box (its centre, or a finite end of an infinite side),
            // rounded into the integers where needed, as a counterexample.
            if let px = point(in: x, integers: domains.0.integersOnly),
               let py = point(in: y, integers: domains.1.integersOnly),
               domains.0.contains(px), domains.1.contains(py) {
                do {
                    let g = try enclosure(.exact(px), .exact(py))
                    if orientation.fails(g) {
                        return .refuted(RangeCounterexample(point: px, value: g,
                                                            how: "with \(names.1) = \(py) (two-variable branch and bound)"))
                    }
                } catch is IntervalDomainError {
                    return .inconclusive(unresolved: .closed(px, px),
                                         reason: "g is not defined at (\(names.0), \(names.1)) = (\(px), \(py))")
                } catch let stop as StopSearch {
                    return .inconclusive(unresolved: here, reason: stop.reason)
                }
            }
            // Split: an infinite side first (moving its finite split point outwards),
            // else the relatively wider finite side.
            if let (left, right) = splitInfinite(x) {
                stack.append((right, y)); stack.append((left, y)); continue
            }
            if let (left, right) = splitInfinite(y) {
                stack.append((x, right)); stack.append((x, left)); continue
            }
            if x.lower == nil || x.upper == nil || y.lower == nil || y.upper == nil {
                return .inconclusive(unresolved: here, reason: (domainError ?? "the extended enclosure does not decide the sign")
                                         + " on a box reaching beyond 2^64 at \(where_) (unbounded two-variable ranges are "
                                         + "decided only where extended interval arithmetic decides them)")
            }
            let (x0, x1, y0, y1) = (x.lower!, x.upper!, y.lower!, y.upper!)
            let xWide = x1 - x0 >= y1 - y0
            let integersX = domains.0.integersOnly, integersY = domains.1.integersOnly
            let canSplitX = integersX ? x1 - x0 >= Rational(1) : !atResolution(x0, x1)
            let canSplitY = integersY ? y1 - y0 >= Rational(1) : !atResolution(y0, y1)
            if (xWide && canSplitX) || (!canSplitY && canSplitX) {
                let (left, right) = split(x0, x1, integers: integersX)
                stack.append(((right, x1), y)); stack.append(((x0, left), y))
            } else if canSplitY {
                let (left, right) = split(y0, y1, integers: integersY)
                stack.append((x, (right, y1))); stack.append((x, (y0, left)))
            } else {
                // Keep looking for a counterexample elsewhere before giving up.
                let reason = domainError ?? "the enclosure does not decide the sign"
                if unresolvedBox == nil { unresolvedBox = (here, reason + " at \(where_)") }
                unresolvedCount += 1
                if unresolvedCount >= limits.maximumUnresolvedBoxes { break }
            }
        }
        if let (box, reason) = unresolvedBox { return .inconclusive(unresolved: box, reason: reason) }
        let statement = "\(expression) \(orientation.sign > 0 ? ">" : "<")\(orientation.strict ? "" : "=") 0 "
            + "for \(names.0) in \(domains.0), \(names.1) in \(domains.1)"
        let method = "two-variable branch and bound with interval evaluation"
            + (unbounded ? " (extended interval arithmetic on boxes reaching infinity)" : "")
        return .proved(RangeCertificate(statement: statement, boxes: boxes, integerInstances: 0, smallestMargin: margin,
                                        farEnds: [], method: method))
    }

    /// `[a, +∞]`, `[−∞, b]`, `[−∞, +∞]` or the finite box.
    func extendedBox(_ side: Side) -> Interval {
        switch (side.lower, side.upper) {
        case let (a?, b?): return box(a, b)
        case let (a?, nil): return ExtendedEnclosure.ray(from: a, towardsPositive: true, precision: precision)
        case let (nil, b?): return ExtendedEnclosure.ray(from: b, towardsPositive: false, precision: precision)
        case (nil, nil):
            return Interval.fromUnsafeEndpoints(precision: precision) { lo, hi in mpfr_set_inf(lo, -1); mpfr_set_inf(hi, 1) }
        }
    }

    /// Splits a side with an infinite end at a finite point (0, then ±4, then 4× the
    /// finite end), up to `farthestSplit`; nil for a bounded side or beyond that.
    func splitInfinite(_ side: Side) -> (Side, Side)? {
        switch (side.lower, side.upper) {
        case (nil, nil):
            return ((nil, Rational(0)), (Rational(0), nil))
        case let (a?, nil):
            let m = a >= Rational(1) ? a * Rational(4) : max(a + Rational(4), Rational(4))
            guard m <= TwoVariableProver.farthestSplit else { return nil }
            return ((a, m), (m, nil))
        case let (nil, b?):
            let m = b <= Rational(-1) ? b * Rational(4) : min(b - Rational(4), Rational(-4))
            guard -m <= TwoVariableProver.farthestSplit else { return nil }
            return ((nil, m), (m, b))
        default:
            return nil
        }
    }

    /// The centre of a bounded side, the finite end of a ray, 0 for the whole line;
    /// rounded to an integer when needed.
    func point(in side: Side, integers: Bool) -> Rational? {
        let m: Rational
        switch (side.lower, side.upper) {
        case let (a?, b?): m = Rational.midpoint(a, b)
        case let (a?, nil): m = a
        case let (nil, b?): m = b
        case (nil, nil): m = Rational(0)
        }
        guard integers else { return m }
        let n = RealInterval.floorOf(m, strictlyBelow: false)
        if let a = side.lower, n < a { return n + 1 <= (side.upper ?? n + 1) ? n + 1 : nil }
        return n
    }

    func box(_ a: Rational, _ b: Rational) -> Interval {
        Interval.hull(Interval(a, precision: precision), Interval(b, precision: precision))
    }

    func enclosure(_ x: Binding, _ y: Binding) throws -> Interval {
        var env = environment
        env.variables[names.0] = x
        env.variables[names.1] = y
        do {
            return try expression.enclosure(in: env, precision: precision)
        } catch let error as WorkBudgetExceeded {
            throw StopSearch(reason: "\(error) (the range proof was stopped there)")
        } catch let error as EvaluationError {
            throw StopSearch(reason: "evaluation failed: \(error)")
        }
    }

    func split(_ a: Rational, _ b: Rational, integers: Bool) -> (Rational, Rational) {
        if integers {
            let m = RealInterval.floorOf(Rational.midpoint(a, b), strictlyBelow: false)
            return m >= b ? (a, b) : (m, m + 1)
        }
        let m = Rational.midpoint(a, b)
        return (m, m)
    }

    func atResolution(_ a: Rational, _ b: Rational) -> Bool {
        let scale = max(Rational(1), a.magnitude, b.magnitude)
        return (b - a) * ProverRun.power2(limits.resolutionBits) <= scale
    }
}
