import CertifiedIntervals
import ClosedForms
import TeacherStudent
import TheoremFiles

/// Estimates of work and memory made while planning, before any arithmetic, so that a
/// file asking for more than the limits is refused at once (exit 65) with the claim,
/// the estimate, the limit and the option that raises it — instead of running for
/// hours or failing to allocate.
extension TheoremVerifier {

    /// The sizes of the networks a family claim evaluates at `instance`.
    func networkSize(_ family: Family, _ instance: PlannedInstance,
                     _ configurations: FamilyConfigurations) throws -> NetworkSize {
        let k = try configurations.teacherNeurons(instance.parameters, keyPath: "setting.teacher")
        let d = try configurations.inputDimension(instance.parameters, keyPath: "setting.dimension")
        let students: Int
        switch family.kind {
        case .copyAverage: students = instance.partition?.count ?? 1
        case .oneNeuronAverage: students = 1
        case .explicit(let rows, _): students = rows.count
        case .numerical(_, let count, _, _):
            let value = try? count.exactValue(in: instance.parameters.environment(file.definitions))
            students = max(1, value?.intValue ?? 1)
        }
        return NetworkSize(students: students, teacherNeurons: k, inputDimension: d)
    }

    /// Range bounds are evaluated while planning: one whose evaluation alone would
    /// pass the per-evaluation limit is refused before it is evaluated.
    func checkRangeBoundCosts(_ ranges: [ParameterRange]) throws {
        let environment = Environment(definitions: file.definitions)
        for range in ranges {
            for bound in range.boundExpressions {
                let visits = bound.estimatedNodeVisits(in: environment)
                if visits > Double(ClosedForms.Expression.maximumNodeVisits) {
                    throw file.error(at: range.keyPath, "evaluating the bound \"\(bound)\" would visit about "
                                     + "\(WorkBudgetExceeded.format(visits)) nodes, more than the "
                                     + "\(WorkBudgetExceeded.format(Double(ClosedForms.Expression.maximumNodeVisits))) "
                                     + "one evaluation may visit (definitions that call each other many times?)")
                }
            }
        }
    }

    /// The expressions a claim evaluates at each instance, with where they were written.
    func evaluatedExpressions(_ claim: Claim, _ family: Family?) -> [(ClosedForms.Expression, String)] {
        var result: [(ClosedForms.Expression, String)] = []
        switch claim.kind {
        case .comparison(let left, _, let right): result += [(left, "\(claim.keyPath).holds"), (right, "\(claim.keyPath).holds")]
        case .loss(let equals): result.append((equals, "\(claim.keyPath).equals"))
        case .minimumOverFamily(_, let value): if let value { result.append((value, "\(claim.keyPath).value")) }
        case .hessian(.morseIndex(let index, _)): result.append((index, "\(claim.keyPath).morse-index"))
        case .hessian(.localMinimumModuloSymmetry(let nullity?)), .hessian(.globalMinimum(let nullity?)):
            result.append((nullity, "\(claim.keyPath).nullity"))
        case .kernel(let points): result += points.joined().map { ($0, "\(claim.keyPath).points") }
        case .criticalPoint, .hessian: break
        }
        switch family?.kind {
        case .copyAverage(_, _, let incoming, let outgoing)?, .oneNeuronAverage(let incoming, let outgoing)?:
            result += [(incoming, "\(family!.keyPath).incoming"), (outgoing, "\(family!.keyPath).outgoing")]
        case .explicit(let rows, let outputs)?:
            result += rows.joined().map { ($0, "\(family!.keyPath).input-weights") }
            result += outputs.map { ($0, "\(family!.keyPath).output-weights") }
        case .numerical?, nil: break
        }
        return result
    }

    /// Refuses a plan whose estimated work passes the budget, or one of whose
    /// evaluations would need more memory than the limit at the start precision.
    func checkResources(_ plan: Plan) throws {
        var total = 0.0
        var largest: (units: Double, claim: Claim)?
        for planned in plan.claims {
            let units = try estimatedWork(planned)
            total += units
            if largest == nil || units > largest!.units { largest = (units, planned.claim) }
        }
        let budget = options.limits.workBudget
        if total > budget, let largest {
            throw file.error(at: "\(largest.claim.keyPath).name",
                             "claim '\(largest.claim.name)' needs an estimated \(WorkBudgetExceeded.format(largest.units)) "
                             + "work units (the whole file \(WorkBudgetExceeded.format(total))), more than the work "
                             + "budget of \(WorkBudgetExceeded.format(budget)); narrow the ranges, or raise the "
                             + "budget with --work-budget UNITS")
        }
    }

    /// A claim's estimated work at the start precision; checks each evaluation's
    /// memory and each expression's per-evaluation limit on the way.
    func estimatedWork(_ planned: PlannedClaim) throws -> Double {
        let p = options.startPrecision
        var units = 0.0
        for instance in planned.instances {
            let cost = ResourceModel.attemptCost(planned.claim, family: planned.family, size: instance.size,
                                                 members: instance.members?.count ?? 1, precision: p)
            if cost.bytes > options.limits.memoryBytes {
                throw memoryError(planned.claim, instance, bytes: cost.bytes, precision: p)
            }
            units += cost.workUnits
        }
        // A proof over a range that is not a finite list: its boxes cannot be foreseen;
        // a nominal cost per proof makes a file with very many of them refused here.
        if !planned.quantified.isEmpty {
            units += Double(planned.instances.count) * RangeComparisonDecider.estimatedUnitsPerProof
        }
        // Equalities at instances may each ask exact arithmetic once (ComparisonDecider).
        if case .comparison(_, .equal, _) = planned.claim.kind, planned.family == nil, planned.quantified.isEmpty {
            units += Double(planned.instances.count) * ComparisonDecider.exactZeroTestUnits
        }
        // Expressions: estimated at a sample of instances, scaled to all of them.
        let expressions = evaluatedExpressions(planned.claim, planned.family)
        let sample = TheoremVerifier.sampleIndices(planned.instances.count)
        guard !sample.isEmpty, !expressions.isEmpty else { return units }
        var sampled = 0.0
        for index in sample { sampled += try expressionUnits(expressions, planned.instances[index], precision: p) }
        return units + sampled / Double(sample.count) * Double(planned.instances.count)
    }

    /// The work of evaluating `expressions` once at `instance` (the family's
    /// expressions once per group), refusing one that passes the per-evaluation limit.
    func expressionUnits(_ expressions: [(ClosedForms.Expression, String)], _ instance: PlannedInstance,
                         precision p: Int) throws -> Double {
        var environment = instance.parameters.environment(file.definitions)
        if let partition = instance.partition {
            environment.variables["groups"] = .list(partition.map { Rational($0) })
        }
        let repeats = Double(instance.members?.reduce(0) { $0 + $1.count } ?? instance.partition?.count ?? 1)
        var units = 0.0
        for (expression, keyPath) in expressions {
            let visits = expression.estimatedNodeVisits(in: environment)
            if visits > Double(ClosedForms.Expression.maximumNodeVisits) {
                throw file.error(at: keyPath, "one evaluation of \"\(TheoremVerifier.excerpt(expression))\" would visit about "
                                 + "\(WorkBudgetExceeded.format(visits)) nodes, more than the "
                                 + "\(WorkBudgetExceeded.format(Double(ClosedForms.Expression.maximumNodeVisits))) one "
                                 + "evaluation may visit (definitions that call each other many times, or large sums)")
            }
            units += visits * (keyPath.hasPrefix("family.") ? repeats : 1)
        }
        return units * ClosedForms.Expression.unitsPerNodeVisit * WorkBudget.operationCost(precision: p)
    }

    func memoryError(_ claim: Claim, _ instance: PlannedInstance, bytes: Double, precision p: Int) -> TheoremFileError {
        let size = instance.size.map { "n = \($0.students) students, k = \($0.teacherNeurons), d = \($0.inputDimension)" } ?? ""
        return file.error(at: "\(claim.keyPath).name",
                          "claim '\(claim.name)' would need an estimated \(ResourceLimits.describe(bytes: bytes)) of "
                          + "memory for one evaluation (\(size), \(p) bits, at "
                          + "\(FamilyConfigurations(file: file).describe(instance.parameters))), more than the limit of "
                          + "\(ResourceLimits.describe(bytes: options.limits.memoryBytes)); raise it with --memory-limit GIB")
    }

    /// At most 32 indices spread evenly over `0..<count` (all of them when fewer).
    static func sampleIndices(_ count: Int) -> [Int] {
        guard count > 32 else { return Array(0..<count) }
        return (0..<32).map { $0 * (count - 1) / 31 }
    }

    /// An expression's text for a message: at most 60 characters.
    static func excerpt(_ expression: ClosedForms.Expression) -> String {
        let text = expression.description
        return text.count <= 60 ? text : String(text.prefix(57)) + "..."
    }
}
