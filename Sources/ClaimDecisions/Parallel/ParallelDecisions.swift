import Foundation
import CertifiedIntervals

/// Decides the instances of one claim on several threads, with the result of a serial
/// run: the same decisions in the same order, and the same charges to the file's work
/// budget, whatever the scheduling.
///
/// Why the result cannot depend on scheduling:
/// - An instance's decision depends only on the instance, the evaluation cache and the
///   work budget. The cache holds what earlier claims stored (claims run one after the
///   other) and is transparent within a claim (`EvaluationCache`).
/// - The budget: each instance is decided with a budget of its own that records its
///   charges, with the file budget's remaining units as limit. Then, in instance order,
///   its charges are replayed onto the file's budget if they fit (`WorkBudget.fitsReplay`:
///   the same additions in the same order as a serial run, so the same sums). An
///   instance whose own budget refused a charge, or whose charges do not fit, is
///   decided again, serially, on the file's budget itself — exactly what a serial run
///   does at that point; so are the instances after it while the budget stays
///   exhausted (they are refused at once). An instance whose charges fit saw no
///   refusal, as it would not in a serial run (charges are non-negative), so its
///   decision is the serial one.
///
/// Cost: when the budget runs out, the work done in parallel on the instances from the
/// first that does not fit is thrown away.
struct ParallelDecisions {
    let runner: AdaptivePrecision
    let jobs: Int

    /// Stack of the worker threads: expression evaluation recurses on the depth of the
    /// expression; twice the main thread's default 8 MiB, so that whatever runs in a
    /// serial run runs on a worker (the theorem-file reader bounds nesting).
    static let workerStackBytes = 16 << 20

    /// How many instances past the oldest one not yet consumed the workers may decide:
    /// decisions wait in memory only within this window (a slow instance does not let
    /// the decided ones behind it pile up).
    static func window(jobs: Int) -> Int { max(16, 8 * jobs) }

    /// The decisions of `instances` (in their order). `decided` is called after each
    /// decision, on the thread that made it (it must be thread-safe); `done` after each
    /// instance, one call at a time.
    func decide(_ claim: TheoremVerifier.PlannedClaim, _ instances: [TheoremVerifier.PlannedInstance],
                decided: @escaping (TheoremVerifier.PlannedInstance) -> Void = { _ in },
                done: @escaping () -> Void) -> [InstanceDecision] {
        var decisions: [InstanceDecision] = []
        decisions.reserveCapacity(instances.count)
        decide(claim, instances, decided: decided, done: done) { _, decision in decisions.append(decision) }
        return decisions
    }

    /// Streams the decisions of `instances`: `consume(i, decision)` is called on the
    /// calling thread for i = 0, 1, … in order, each decision final (budget replayed, or
    /// decided again serially), and then forgotten — a caller that keeps only what it
    /// renders holds no decision longer than the window of `window(jobs:)` instances.
    /// `decided` and `done` as above. Returns the largest number of decisions that waited
    /// in memory at once for their turn (at most the window; 0 on one thread).
    @discardableResult
    func decide(_ claim: TheoremVerifier.PlannedClaim, _ instances: [TheoremVerifier.PlannedInstance],
                decided: @escaping (TheoremVerifier.PlannedInstance) -> Void = { _ in },
                done: @escaping () -> Void, consume: (Int, InstanceDecision) -> Void) -> Int {
        let budget = runner.workBudget
        if jobs <= 1 || instances.count <= 1 || budget.isExhausted {
            for (index, instance) in instances.enumerated() {
                let decision = runner.decide(claim, instance)
                decided(instance)
                done()
                consume(index, decision)
            }
            return 0
        }
        let remaining = budget.limit - budget.spent
        let results = ResultSlots(count: instances.count, window: Self.window(jobs: jobs))
        let group = DispatchGroup()
        let threads = min(jobs, instances.count)
        // `done` is called only under `results`' lock, never concurrently.
        for _ in 0..<threads {
            group.enter()
            let thread = Thread {
                while let index = results.take() {
                    let own = WorkBudget(limit: remaining, recordsCharges: true)
                    let decision = runner.decide(claim, instances[index], budget: own)
                    decided(instances[index])
                    results.store(index, (decision, own), then: done)
                }
                group.leave()
            }
            thread.stackSize = Self.workerStackBytes
            thread.start()
        }
        for index in instances.indices {
            let (decision, own) = results.remove(index)
            if !own.isExhausted, let charges = own.recordedCharges, budget.fitsReplay(charges) {
                // Fits: the same additions as a serial run (no refusal: they fit).
                try? budget.replay(charges)
                consume(index, decision)
            } else {
                let again = runner.decide(claim, instances[index])
                decided(instances[index])
                consume(index, again)
            }
        }
        group.wait()
        return results.mostWaiting
    }
}

/// One slot per instance, filled by the workers and emptied in order by the caller.
/// Workers take the next index only while it is less than `window` past the oldest
/// slot not yet removed, so at most `window` decisions wait in memory.
private final class ResultSlots {
    private var slots: [(InstanceDecision, WorkBudget)?]
    private var next = 0
    private var removed = 0
    private var waiting = 0
    private var peak = 0
    private let window: Int
    private let condition = NSCondition()

    init(count: Int, window: Int) {
        slots = Array(repeating: nil, count: count)
        self.window = max(1, window)
    }

    /// The next index to decide, waiting while it is a window ahead of the caller; nil
    /// when every index was taken.
    func take() -> Int? {
        condition.lock()
        defer { condition.unlock() }
        while next < slots.count && next >= removed + window { condition.wait() }
        guard next < slots.count else { return nil }
        next += 1
        return next - 1
    }

    /// The largest number of results stored and not yet removed, so far.
    var mostWaiting: Int {
        condition.lock()
        defer { condition.unlock() }
        return peak
    }

    func store(_ index: Int, _ result: (InstanceDecision, WorkBudget), then: () -> Void) {
        condition.lock()
        defer { condition.unlock() }
        slots[index] = result
        waiting += 1
        peak = max(peak, waiting)
        then()
        condition.broadcast()
    }

    /// The result of `index` (waiting until it is stored), emptying its slot. Called
    /// for 0, 1, … in order.
    func remove(_ index: Int) -> (InstanceDecision, WorkBudget) {
        condition.lock()
        defer { condition.unlock() }
        while slots[index] == nil { condition.wait() }
        let result = slots[index]!
        slots[index] = nil
        waiting -= 1
        removed = index + 1
        condition.broadcast()
        return result
    }
}
