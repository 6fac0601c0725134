import Foundation
import Reports

extension TheoremVerifier {
    /// Decides the instances of `options.shard` (which must be set) and returns the
    /// shard report `verify merge` reads. `fileSHA256` is the SHA-256 of the theorem
    /// file's bytes (`SHA256.hexDigest`).
    public func runShard(_ plan: Plan, fileSHA256: String, progress: ((RunProgress) -> Void)? = nil) -> ShardReport {
        precondition(options.shard != nil, "runShard needs options.shard")
        let started = Date()
        let (claims, runner) = streamedReports(plan, shardRows: true, progress: progress)
        let report = ReportBuilder(file: file, options: options).report(
            claims, seconds: Date().timeIntervalSince(started), workBudget: runner.workBudget)
        let shardClaims = plan.claims.indices.map { c in
            ShardClaim(name: plan.claims[c].claim.name, plannedInstances: plan.claims[c].instances.count,
                       instances: claims[c].shardRows ?? [])
        }
        return ShardReport(format: ShardReport.currentFormat, checkerVersion: CheckerVersion.current,
                           fileSHA256: fileSHA256, shard: options.shard!, workSpent: runner.workBudget.spent,
                           workLimit: runner.workBudget.limit, claims: shardClaims, report: report)
    }
}
