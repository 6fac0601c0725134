import Foundation
import CertifiedIntervals
import TeacherStudent

/// What identifies one evaluated configuration: the family and activation of the claim,
/// the parameter values, the partition (copy-average families) and the precision.
struct EvaluationKey: Hashable {
    struct Parameter: Hashable {
        var name: String
        var value: Int
    }
    var family: FamilyIdentity
    var parameters: [Parameter]
    var partition: [Int]?
    var precision: Int
}

/// A family as the claims of a file share its evaluations: the family's name and the
/// activation the claim evaluates it with.
struct FamilyIdentity: Hashable {
    var name: String?
    var activation: String

    init(name: String?, activation: String) {
        self.name = name
        self.activation = activation
    }

    init(_ claim: TheoremVerifier.PlannedClaim) {
        name = claim.family?.name
        activation = "\(claim.activation)"
    }
}

/// Losses, gradients and numerical refinements shared by the claims of one file, so
/// that `critical-point`, `loss` and `minimum-over-family` claims on the same family
/// evaluate each configuration once.
///
/// Thread-safe: the instances of one claim are decided on several threads (`--jobs`).
/// The lock guards only the dictionaries; a computation runs outside it, so two
/// threads asking for the same missing key may both compute it (the same deterministic
/// computation, so the same value) and the first stored is kept. What an instance
/// reads is therefore independent of scheduling: the entries stored by earlier claims
/// (claims run one after the other), and those of its own computations — the instances
/// of one claim never share a key (each has its own parameters or partition; a
/// minimum-over-family instance evaluates all its members itself), except for repeated
/// parameter values, which compute the same values.
final class EvaluationCache {
    private var lossAndGradient: [EvaluationKey: LossAndGradient] = [:]
    private var loss: [EvaluationKey: Interval] = [:]
    private var refinement: [EvaluationKey: NumericalRefinement.Result] = [:]
    private let lock = NSLock()
    /// Exact criticality's reductions and zero tests (`ExactCriticality`), kept for the
    /// whole file: they depend on group sizes only, which recur across partitions.
    let exactCriticality = ExactCriticalityMemo()
    private var groupKernelMemos: [GroupKernelMemoKey: GroupKernelMemo] = [:]

    private func locked<T>(_ body: () -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body()
    }

    func lossAndGradient(_ key: EvaluationKey, _ compute: () throws -> LossAndGradient) rethrows -> LossAndGradient {
        if let cached = locked({ lossAndGradient[key] }) { return cached }
        let result = try compute()
        return locked {
            if let first = lossAndGradient[key] { return first }
            lossAndGradient[key] = result
            return result
        }
    }

    /// The loss; from a cached loss-and-gradient evaluation when `sharesGradient`.
    func loss(_ key: EvaluationKey, sharesGradient: Bool, _ compute: () throws -> Interval) rethrows -> Interval {
        let cached: Interval? = locked {
            if sharesGradient, let shared = lossAndGradient[key] { return shared.loss }
            return loss[key]
        }
        if let cached { return cached }
        let result = try compute()
        return locked {
            if let first = loss[key] { return first }
            loss[key] = result
            return result
        }
    }

    func refinement(_ key: EvaluationKey,
                    _ compute: () throws -> NumericalRefinement.Result) rethrows -> NumericalRefinement.Result {
        if let cached = locked({ refinement[key] }) { return cached }
        let result = try compute()
        return locked {
            if let first = refinement[key] { return first }
            refinement[key] = result
            return result
        }
    }

    /// Drops every evaluation of a family not in `families` (no later claim needs it).
    func retain(only families: Set<FamilyIdentity>) {
        locked {
            lossAndGradient = lossAndGradient.filter { families.contains($0.key.family) }
            loss = loss.filter { families.contains($0.key.family) }
            refinement = refinement.filter { families.contains($0.key.family) }
        }
    }

    /// Drops the evaluations of `family` at the parameter values `parameters` (every
    /// partition and precision): once an instance is decided and no later claim uses its
    /// family, nothing will ask for them again (the other instances of the claim differ in
    /// their parameters or partition, and the keys of this one are not looked up again).
    func drop(family: FamilyIdentity, parameters: [EvaluationKey.Parameter], partitions: Set<[Int]?>) {
        let matches = { (key: EvaluationKey) in
            key.family == family && key.parameters == parameters && partitions.contains(key.partition)
        }
        locked {
            lossAndGradient = lossAndGradient.filter { !matches($0.key) }
            loss = loss.filter { !matches($0.key) }
            refinement = refinement.filter { !matches($0.key) }
        }
    }

    /// The memo of the kernel values of copy-average classes (`GroupKernelMemo`) for
    /// `activation` at `precision`, kept for the whole file: the structured evaluation of
    /// every partition of k meets the same group sizes and pairs. Its entries are checked
    /// against their inputs, so sharing it cannot change an enclosure.
    func groupKernels(_ activation: Activation, precision: Int) -> GroupKernelMemo {
        locked {
            let key = GroupKernelMemoKey(activation: activation.description, precision: precision)
            if let memo = groupKernelMemos[key] { return memo }
            let memo = GroupKernelMemo(activation: activation, precision: precision)
            groupKernelMemos[key] = memo
            return memo
        }
    }

    /// The number of cached evaluations.
    var count: Int { locked { lossAndGradient.count + loss.count + refinement.count } }

    var isEmpty: Bool { locked { lossAndGradient.isEmpty && loss.isEmpty && refinement.isEmpty } }
}

private struct GroupKernelMemoKey: Hashable {
    var activation: String
    var precision: Int
}
