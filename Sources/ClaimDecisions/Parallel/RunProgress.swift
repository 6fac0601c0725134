import Foundation

/// Where a run is, for a progress display: the claim being decided and the instances
/// done, of that claim and of the whole file (of this shard's instances, in a sharded
/// run), and the time since the run started.
public struct RunProgress {
    public var claim: String
    public var claimDone: Int
    public var claimTotal: Int
    public var done: Int
    public var total: Int
    public var elapsed: Double

    /// The time left, estimated from the average time per instance so far (nil before
    /// the first instance is done). Instances of one file differ in cost, often growing
    /// with the parameters, so this is an estimate, usually low early in a sweep.
    public var secondsLeft: Double? {
        guard done > 0, total >= done else { return nil }
        return elapsed / Double(done) * Double(total - done)
    }
}

/// Counts instances and calls the report function; callers serialise `instanceDone`.
final class ProgressTracker {
    let total: Int
    let report: ((RunProgress) -> Void)?
    let start = Date()
    private(set) var done = 0
    private var claim = ""
    private var claimDone = 0
    private var claimTotal = 0

    init(total: Int, report: ((RunProgress) -> Void)?) {
        self.total = total
        self.report = report
    }

    func startClaim(name: String, instances: Int) {
        claim = name
        claimDone = 0
        claimTotal = instances
    }

    func instanceDone() {
        done += 1
        claimDone += 1
        report?(RunProgress(claim: claim, claimDone: claimDone, claimTotal: claimTotal, done: done, total: total,
                         elapsed: Date().timeIntervalSince(start)))
    }
}
