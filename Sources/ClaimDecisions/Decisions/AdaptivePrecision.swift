import Foundation
import CertifiedIntervals
import TeacherStudent
import TheoremFiles

/// Runs the deciders of one file: each instance starts at the start precision and the
/// precision doubles, up to the maximum, while the decision is INCONCLUSIVE and its
/// retry policy says more precision may help. Before every attempt the attempt's
/// estimated memory is checked against the limit and its estimated work charged to the
/// file's budget; an attempt that would pass either is refused (INCONCLUSIVE, final).
final class AdaptivePrecision {
    let file: TheoremFile
    let options: VerificationOptions
    let configurations: FamilyConfigurations
    /// The file's work budget: charged with each attempt's estimated network work and
    /// with every expression node the evaluator visits.
    let workBudget: WorkBudget
    let cache = EvaluationCache()

    init(file: TheoremFile, options: VerificationOptions) {
        self.file = file
        self.options = options
        configurations = FamilyConfigurations(file: file)
        workBudget = WorkBudget(limit: options.limits.workBudget)
    }

    func context(_ claim: TheoremVerifier.PlannedClaim, _ instance: TheoremVerifier.PlannedInstance,
                 precision: Int, budget: WorkBudget) -> InstanceContext {
        InstanceContext(claim: claim, instance: instance, precision: precision, file: file,
                        configurations: configurations, cache: cache, workBudget: budget,
                        maximumPrecision: options.maximumPrecision)
    }

    /// The decision of `instance`, at the smallest precision that decides it, charging
    /// `budget` (the file's budget unless given: a parallel run gives each instance its
    /// own, see `ParallelDecisions`). Safe to call from several threads at once with
    /// different budgets: the runner's other state is immutable or locked (the cache).
    func decide(_ claim: TheoremVerifier.PlannedClaim, _ instance: TheoremVerifier.PlannedInstance,
                budget: WorkBudget? = nil) -> InstanceDecision {
        let budget = budget ?? workBudget
        let decider = claim.decider ?? ClaimDecisions.decider(for: claim.claim.kind)
        var precision = options.startPrecision
        let start = Date()
        while true {
            var decision = refusalForResources(claim, instance, precision: precision, budget: budget)
                ?? decider.decision(context(claim, instance, precision: precision, budget: budget))
            decision.seconds = Date().timeIntervalSince(start)
            let undecided = decision.verdict == .inconclusive && decision.retry == .morePrecisionMayHelp
            if !undecided { return decision }
            if precision >= options.maximumPrecision {
                decision.undecidedAtMaximumPrecision = options.maximumPrecision
                return decision
            }
            precision = min(2 * precision, options.maximumPrecision)
        }
    }

    /// An INCONCLUSIVE decision when the attempt at `precision` would pass the memory
    /// limit or the work budget; nil (after charging the attempt's estimated network
    /// work) when it may go ahead.
    func refusalForResources(_ claim: TheoremVerifier.PlannedClaim, _ instance: TheoremVerifier.PlannedInstance,
                             precision p: Int, budget workBudget: WorkBudget) -> InstanceDecision? {
        let cost = ResourceModel.attemptCost(claim.claim, family: claim.family, size: instance.size,
                                             members: instance.members?.count ?? 1, precision: p)
        if cost.bytes > options.limits.memoryBytes {
            let decided = max(options.startPrecision, p / 2)
            return .final(.memoryLimit(decidedPrecision: decided, refusedPrecision: p, bytes: cost.bytes,
                                       limit: options.limits.memoryBytes), precision: decided)
        }
        do {
            if workBudget.isExhausted { throw WorkBudgetExceeded(limit: workBudget.limit, spent: workBudget.spent) }
            try workBudget.charge(cost.workUnits)
        } catch let error as WorkBudgetExceeded {
            return .final(.workBudget(error, claim: claim.claim.name), precision: p)
        } catch {
            return nil
        }
        return nil
    }
}
