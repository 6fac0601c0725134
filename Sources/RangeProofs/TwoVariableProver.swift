import CertifiedIntervals
import ClosedForms

/// A branch and bound over a product of two bounded ranges, for side conditions in
/// two variables: boxes `[a1, b1] × [a2, b2]` with exact ends, the naive interval
/// enclosure on each, the centre (rounded into the domain on integer ranges) as a
/// candidate counterexample, bisection of the relatively wider side.
///
/// Unbounded coordinates: the enclosure of g over a box with an infinite side cannot
/// be formed by interval evaluation, so such domains are INCONCLUSIVE (the reason
/// says so) — a statement over `[1, ∞)²` needs the one-variable prover on each
/// variable or a bounded domain.
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

    /// The finite closed hull of a domain, nil when unbounded.
    static func bounds(_ domain: RealInterval) -> (Rational, Rational)? {
        guard let a = domain.lower.value, let b = domain.upper.value else { return nil }
        if domain.integersOnly {
            return (RealInterval.ceilingOf(a, strictlyAbove: !domain.lower.isClosed),
                    RealInterval.floorOf(b, strictlyBelow: !domain.upper.isClosed))
        }
        return (a, b)
    }

    func decide() throws -> RangeVerdict {
        guard let (a1, b1) = TwoVariableProver.bounds(domains.0), let (a2, b2) = TwoVariableProver.bounds(domains.1)
        else {
            let unbounded = domains.0.isBounded ? domains.1 : domains.0
            return .inconclusive(unresolved: unbounded,
                                 reason: "two-variable statements over unbounded ranges are not decided by this "
                                     + "prover (the interval enclosure of a box with an infinite side is not finite)")
        }
        var stack = [(a1, b1, a2, b2)]
        var boxes = 0
        var examined = 0
        var margin: LowerBound?
        while let (x0, x1, y0, y1) = stack.popLast() {
            examined += 1
            let here = RealInterval.closed(x0, x1)
            guard examined <= limits.maximumBoxes else {
                return .inconclusive(unresolved: here, reason: "the limit of \(limits.maximumBoxes) boxes was reached "
                                         + "at \(names.1) in \(RealInterval.closed(y0, y1))")
            }
            var domainError: IntervalDomainError?
            do {
                let g = try enclosure(.enclosure(box(x0, x1)), .enclosure(box(y0, y1)))
                if orientation.holds(g) {
                    boxes += 1
                    let bound = orientation.oriented(g).lowerBound
                    if margin.map({ bound.isSmaller(than: $0) }) ?? true { margin = bound }
                    continue
                }
            } catch let error as IntervalDomainError {
                domainError = error
            } catch let stop as StopSearch {
                return .inconclusive(unresolved: here, reason: stop.reason + " at \(names.1) in \(RealInterval.closed(y0, y1))")
            }
            // The centre, rounded into the integers where needed, as a counterexample.
            let px = point(in: x0, x1, integers: domains.0.integersOnly)
            let py = point(in: y0, y1, integers: domains.1.integersOnly)
            if let px = px, let py = py, domains.0.contains(px), domains.1.contains(py) {
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
            let xWide = x1 - x0 >= y1 - y0
            let integersX = domains.0.integersOnly, integersY = domains.1.integersOnly
            let canSplitX = integersX ? x1 - x0 >= Rational(1) : !atResolution(x0, x1)
            let canSplitY = integersY ? y1 - y0 >= Rational(1) : !atResolution(y0, y1)
            if (xWide && canSplitX) || (!canSplitY && canSplitX) {
                let (left, right) = split(x0, x1, integers: integersX)
                stack.append((right, x1, y0, y1)); stack.append((x0, left, y0, y1))
            } else if canSplitY {
                let (left, right) = split(y0, y1, integers: integersY)
                stack.append((x0, x1, right, y1)); stack.append((x0, x1, y0, left))
            } else {
                let reason = domainError.map { "domain error: \($0)" } ?? "the enclosure does not decide the sign"
                return .inconclusive(unresolved: here, reason: reason + " at \(names.1) in \(RealInterval.closed(y0, y1))")
            }
        }
        let statement = "\(expression) \(orientation.sign > 0 ? ">" : "<")\(orientation.strict ? "" : "=") 0 "
            + "for \(names.0) in \(domains.0), \(names.1) in \(domains.1)"
        return .proved(RangeCertificate(statement: statement, boxes: boxes, integerInstances: 0, smallestMargin: margin,
                                        farEnds: [], method: "two-variable branch and bound with interval evaluation"))
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

    func point(in a: Rational, _ b: Rational, integers: Bool) -> Rational? {
        let m = Rational.midpoint(a, b)
        guard integers else { return m }
        let n = RealInterval.floorOf(m, strictlyBelow: false)
        return n >= a ? n : (n + 1 <= b ? n + 1 : nil)
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
