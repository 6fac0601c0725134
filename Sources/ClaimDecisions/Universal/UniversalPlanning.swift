import CertifiedIntervals
import ClosedForms
import TheoremFiles

/// Planning a claim whose ranges include some that are not finite lists (`l = "2.."`,
/// `x = "[1, inf)"`): which claims may range over them, and the instances of the
/// finite parameters at which each is decided for every value of them at once.
///
/// - `inequality` and `equality` claims without a family: one or two quantified
///   variables; the finite parameters are expanded into instances as usual (their
///   ranges may not use a quantified variable), and the ends of each quantified range
///   are evaluated at every instance (they may use the finite parameters).
/// - Claims about a family: only when `FamilyClaimsForAllSizes` takes them over;
///   otherwise an error of the file naming the claim and the range.
/// - Other claims (kernel): an error of the file.
extension TheoremVerifier {
    /// The most quantified variables of one claim.
    static let maximumQuantifiedVariables = 2

    func planOverRanges(_ claim: Claim, _ family: Family?, _ ranges: [ParameterRange],
                        _ configurations: FamilyConfigurations, _ budget: WorkBudget) throws -> PlannedClaim {
        let quantified = ranges.filter { !$0.isFiniteList }
        let first = quantified[0]
        if let family {
            if let plan = try FamilyClaimsForAllSizes.plan(claim: claim, family: family, ranges: ranges, file: file) {
                let activation = try self.activation(claim, family, plan.instances.first, configurations)
                return PlannedClaim(claim: claim, family: family, activation: activation,
                                    instances: plan.instances.map { PlannedInstance(parameters: $0) },
                                    quantified: quantified, decider: plan.decider)
            }
            throw file.error(at: first.keyPath, "claim '\(claim.name)' is about family '\(family.name)', whose "
                             + "configurations would range over \(first.name) = \"\(first.text)\", which is not a finite "
                             + "list; claims about a family are checked at finitely many instances (write a finite range "
                             + "such as \"2..12\")")
        }
        guard case .comparison(let left, let relation, let right) = claim.kind else {
            throw file.error(at: first.keyPath, "claim '\(claim.name)' (\(claim.kind.name.rawValue)) would range over "
                             + "\(first.name) = \"\(first.text)\", which is not a finite list; only inequality and "
                             + "equality claims can be decided for every value of such a range (write a finite range "
                             + "such as \"2..12\")")
        }
        if relation != .equal && quantified.count > 1 {
            throw file.error(at: quantified[1].keyPath,
                             "claim '\(claim.name)' ranges over \(quantified.count) variables that are not finite lists ("
                             + quantified.map(\.name).joined(separator: ", ") + "); an inequality is decided over one "
                             + "variable whose range is not a finite list (make the others finite lists lower..upper)")
        }
        guard quantified.count <= Self.maximumQuantifiedVariables else {
            throw file.error(at: quantified[Self.maximumQuantifiedVariables].keyPath,
                             "claim '\(claim.name)' ranges over \(quantified.count) variables that are not finite lists ("
                             + quantified.map(\.name).joined(separator: ", ") + "); at most "
                             + "\(Self.maximumQuantifiedVariables) are supported")
        }
        let names = Set(quantified.map(\.name))
        for range in ranges {
            let uses = range.boundExpressions.reduce(into: Set<String>()) {
                $0.formUnion(Dependencies.variables(of: $1, definitions: file.definitions))
            }
            if let used = uses.intersection(names).sorted().first {
                throw file.error(at: range.keyPath, "the range \"\(range.text)\" of '\(range.name)' uses '\(used)', whose "
                                 + "range is not a finite list; a range may use only parameters with finite ranges "
                                 + "(lower..upper)")
            }
        }
        let finite = ranges.filter(\.isFiniteList)
        let parameterInstances = try ParameterInstances.expand(finite, file: file, workBudget: budget)
        var instances: [PlannedInstance] = []
        for instance in parameterInstances {
            var environment = instance.environment(file.definitions)
            environment.workBudget = budget
            var evaluated: [EvaluatedRange] = []
            for range in quantified {
                let values = try RangeEvaluation.evaluate(range, in: environment, file: file, at: instance)
                try checkRestriction(range, values, environment: environment, at: instance)
                evaluated.append(values)
            }
            instances.append(PlannedInstance(parameters: instance, quantified: evaluated))
        }
        let activation = try self.activation(claim, nil, parameterInstances.first, configurations)
        return PlannedClaim(claim: claim, family: nil, activation: activation, instances: instances,
                            quantified: quantified,
                            decider: RangeComparisonDecider(left: left, relation: relation, right: right))
    }

    /// A claim's `for` range of a file parameter restricts the file's range: it must lie
    /// within it at every instance.
    func checkRestriction(_ range: ParameterRange, _ values: EvaluatedRange, environment: Environment,
                          at instance: ParameterInstance) throws {
        guard let fileRange = file.parameters.first(where: { $0.name == range.name && $0.keyPath != range.keyPath })
        else { return }
        let claimName = file.claims.first { range.keyPath.hasPrefix($0.keyPath + ".") }.map { "claim '\($0.name)'" }
            ?? "this claim"
        let fileValues: EvaluatedRange
        do {
            fileValues = try RangeEvaluation.evaluate(fileRange, in: environment, file: file, at: instance)
        } catch {
            throw file.error(at: range.keyPath, "\(claimName) restricts '\(range.name)', but the file's range "
                             + "\"\(fileRange.text)\" of '\(range.name)' cannot be evaluated with the parameters this "
                             + "claim runs over; restrict those it depends on in the same for = { … }")
        }
        guard !RangeEvaluation.isWithin(values, fileValues) else { return }
        throw file.error(at: range.keyPath, "\(claimName) restricts '\(range.name)' to \(values.notation), which is not "
                         + "certainly within the file's range \"\(fileRange.text)\" (\(fileValues.notation)); a claim's "
                         + "for restricts a parameter of the file, it cannot extend it")
    }
}
