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

    /// The decisions of `instances` (in their order). `decided` is called after each
    /// decision, on the thread that made it (it must be thread-safe); `done` after each
    /// instance, one call at a time.
    func decide(_ claim: TheoremVerifier.PlannedClaim, _ instances: [TheoremVerifier.PlannedInstance],
                decided: @escaping (TheoremVerifier.PlannedInstance) -> Void = { _ in },
                done: @escaping () -> Void) -> [InstanceDecision] {
        let budget = runner.workBudget
        if jobs <= 1 || instances.count <= 1 || budget.isExhausted {
            return instances.map { instance in
                defer { decided(instance); done() }
                return runner.decide(claim, instance)
            }
        }
        let remaining = budget.limit - budget.spent
        let results = ResultSlots(count: instances.count)
        let next = Counter()
        let group = DispatchGroup()
        let threads = min(jobs, instances.count)
        // `done` is called only under `results`' lock, never concurrently.
        for _ in 0..<threads {
            group.enter()
            let thread = Thread {
                while let index = next.take(below: instances.count) {
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
        group.wait()
        var decisions: [InstanceDecision] = []
        for (index, (decision, own)) in results.all.enumerated() {
            if !own.isExhausted, let charges = own.recordedCharges, budget.fitsReplay(charges) {
                // Fits: the same additions as a serial run (no refusal: they fit).
                try? budget.replay(charges)
                decisions.append(decision)
            } else {
                decisions.append(runner.decide(claim, instances[index]))
                decided(instances[index])
            }
        }
        return decisions
    }
}

/// The next index to take, shared by the workers.
private final class Counter {
    private var value = 0
    private let lock = NSLock()

    func take(below end: Int) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard value < end else { return nil }
        value += 1
        return value - 1
    }
}

/// One slot per instance, filled by the workers.
private final class ResultSlots {
    private var slots: [(InstanceDecision, WorkBudget)?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func store(_ index: Int, _ result: (InstanceDecision, WorkBudget), then: () -> Void) {
        lock.lock()
        defer { lock.unlock() }
        slots[index] = result
        then()
    }

    /// Every slot (all filled once the workers are done).
    var all: [(InstanceDecision, WorkBudget)] {
        lock.lock()
        defer { lock.unlock() }
        return slots.map { $0! }
    }
}
