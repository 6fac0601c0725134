import Foundation
import CertifiedIntervals
import Reports

/// A shard report that cannot be merged: which file, and what is wrong (exit code 65).
public struct ShardMergeError: Error, CustomStringConvertible {
    /// The shard report (or reports) at fault.
    public var paths: [String]
    public var message: String

    public var description: String { message }
}

/// One theorem file's report rebuilt from its shards, with the file's SHA-256.
public struct MergedReport {
    public var report: TheoremReport
    public var fileSHA256: String
}

/// Rebuilds the reports of an unsharded run from shard reports (`verify merge`).
///
/// Checks, and names the shard report at fault when one fails: every report is a shard
/// report of the current format; all come from the same checker version; the shards of
/// one theorem file (grouped by the file's path as written in the report) all have the
/// same SHA-256, the same shard count N, the same claims and planned instance counts,
/// and are shards 1…N each exactly once; and every planned instance of every claim is
/// in exactly one shard.
///
/// The merged report is the unsharded one but for timing and work: instances in plan
/// order with their parameters in the file's order; a claim's verdict the weakest of its
/// instances' (INCONCLUSIVE with none), its precision the largest, its worst bound the
/// worst (`WorstBoundSummary`), `modulo_symmetry` set when an instance's is (as
/// `ReportBuilder` does; a field derived from the instances added there must be added
/// here too); the file's verdict the weakest of its claims'. The
/// seconds of claims and files are the sums over the shards (processor time, not the
/// wall time of a run), and the work is the sum of the shards' work (each shard had
/// the whole budget).
public enum ShardMerge {
    /// The merged report of each theorem file, in the order the files first appear.
    public static func merge(_ shards: [(path: String, report: ShardReport)]) throws -> [MergedReport] {
        guard let first = shards.first else { throw ShardMergeError(paths: [], message: "no shard reports given") }
        for shard in shards where shard.report.format != ShardReport.currentFormat {
            throw ShardMergeError(paths: [shard.path], message: "\(shard.path): format '\(shard.report.format)', "
                                  + "but this checker reads '\(ShardReport.currentFormat)'")
        }
        for shard in shards where shard.report.checkerVersion != first.report.checkerVersion {
            throw ShardMergeError(paths: [shard.path, first.path],
                                  message: "\(shard.path): written by checker version \(shard.report.checkerVersion), "
                                  + "but \(first.path) by \(first.report.checkerVersion); run every shard with the same checker")
        }
        for shard in shards { try checkConsistency(shard) }
        var order: [String] = []
        var groups: [String: [(path: String, report: ShardReport)]] = [:]
        for shard in shards {
            let file = shard.report.report.file
            if groups[file] == nil { order.append(file) }
            groups[file, default: []].append(shard)
        }
        return try order.map { try mergeFile($0, groups[$0]!) }
    }

    /// The most instances one claim of a shard report may say it has (a damaged report
    /// must not make the merge allocate without bound).
    static let maximumPlannedInstances = 10_000_000

    /// A shard report's parts agree with each other: one `claims` entry per claim of the
    /// report, with its name and one index per instance reported.
    static func checkConsistency(_ shard: (path: String, report: ShardReport)) throws {
        let claims = shard.report.claims, reported = shard.report.report.claims
        func damaged(_ what: String) -> ShardMergeError {
            ShardMergeError(paths: [shard.path], message: "\(shard.path): the shard report is damaged: \(what)")
        }
        guard claims.count == reported.count else {
            throw damaged("\(claims.count) claim entries for \(reported.count) claims")
        }
        for (claim, report) in zip(claims, reported) {
            guard claim.name == report.name else { throw damaged("claim entry '\(claim.name)' for claim '\(report.name)'") }
            guard claim.instances.count == report.instances.count else {
                throw damaged("claim '\(claim.name)' lists \(claim.instances.count) instance indices for "
                              + "\(report.instances.count) instances")
            }
            guard (0...maximumPlannedInstances).contains(claim.plannedInstances) else {
                throw damaged("claim '\(claim.name)' has \(claim.plannedInstances) planned instances")
            }
        }
    }

    static func mergeFile(_ file: String, _ shards: [(path: String, report: ShardReport)]) throws -> MergedReport {
        let reference = shards[0]
        let count = reference.report.shard.count
        for shard in shards.dropFirst() {
            let r = shard.report, ref = reference.report
            func mismatch(_ what: String) -> ShardMergeError {
                ShardMergeError(paths: [shard.path, reference.path],
                                message: "\(shard.path): \(what) differs from \(reference.path) (theorem file \(file))")
            }
            if r.fileSHA256 != ref.fileSHA256 {
                throw ShardMergeError(paths: [shard.path, reference.path], message:
                    "\(shard.path): theorem file \(file) has SHA-256 \(r.fileSHA256), but in \(reference.path) "
                    + "\(ref.fileSHA256): the shards come from different versions of the file")
            }
            if r.shard.count != count {
                throw ShardMergeError(paths: [shard.path, reference.path], message:
                    "\(shard.path): shard \(r.shard) of \(file), but \(reference.path) is shard \(ref.shard): "
                    + "the shard counts differ")
            }
            if r.claims.map(\.name) != ref.claims.map(\.name)
                || r.claims.map(\.plannedInstances) != ref.claims.map(\.plannedInstances) {
                throw mismatch("the list of claims or of their instances")
            }
            if r.report.startPrecision != ref.report.startPrecision || r.report.maximumPrecision != ref.report.maximumPrecision {
                throw mismatch("the precision range (--precision, --max-precision)")
            }
            if r.workLimit != ref.workLimit { throw mismatch("the work budget (--work-budget)") }
        }
        var byIndex: [Int: String] = [:]
        for shard in shards {
            if let other = byIndex[shard.report.shard.index] {
                throw ShardMergeError(paths: [shard.path, other], message:
                    "\(shard.path): duplicate shard: it is shard \(shard.report.shard) of \(file), as is \(other)")
            }
            byIndex[shard.report.shard.index] = shard.path
        }
        let missing = (1...count).filter { byIndex[$0] == nil }
        if !missing.isEmpty {
            throw ShardMergeError(paths: shards.map(\.path), message:
                "\(file): shard" + (missing.count > 1 ? "s " : " ")
                + missing.map { "\($0)/\(count)" }.joined(separator: ", ") + " missing (given: "
                + shards.map { "\($0.path) = \($0.report.shard)" }.joined(separator: ", ") + ")")
        }
        let template = reference.report.report
        var claims: [ClaimReport] = []
        for (claimIndex, claimTemplate) in template.claims.enumerated() {
            let planned = reference.report.claims[claimIndex].plannedInstances
            var slots: [(InstanceReport, ShardInstance, String)?] = Array(repeating: nil, count: planned)
            var seconds = 0.0
            for shard in shards {
                // Same claims as the reference (checked above), parts consistent (`checkConsistency`).
                let shardClaim = shard.report.claims[claimIndex]
                let reports = shard.report.report.claims[claimIndex].instances
                seconds += shard.report.report.claims[claimIndex].seconds
                for (report, info) in zip(reports, shardClaim.instances) {
                    guard info.index >= 0, info.index < planned else {
                        throw ShardMergeError(paths: [shard.path], message:
                            "\(shard.path): claim '\(shardClaim.name)' has instance \(info.index), "
                            + "but only \(planned) are planned")
                    }
                    if let other = slots[info.index] {
                        throw ShardMergeError(paths: [shard.path, other.2], message:
                            "\(shard.path): instance \(info.index) of claim '\(shardClaim.name)' (\(report.label)) "
                            + "is also in \(other.2)")
                    }
                    slots[info.index] = (report, info, shard.path)
                }
            }
            if let hole = slots.firstIndex(where: { $0 == nil }) {
                throw ShardMergeError(paths: shards.map(\.path), message:
                    "\(file): instance \(hole) of claim '\(claimTemplate.name)' is in none of the shards "
                    + shards.map(\.path).joined(separator: ", "))
            }
            let filled = slots.map { $0! }
            let instances: [InstanceReport] = filled.map { report, info, _ in
                var report = report
                let values = Dictionary(report.parameters.values.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
                if Set(values.keys) == Set(info.parameterOrder) {
                    report.parameters = ParameterValues(info.parameterOrder.map { ($0, values[$0]!) })
                }
                return report
            }
            var claim = claimTemplate
            claim.instances = instances
            claim.seconds = seconds
            claim.verdict = instances.isEmpty ? .inconclusive : Verdict.weakest(instances.map(\.verdict))
            claim.precision = instances.map(\.precision).max() ?? template.startPrecision
            claim.worstBound = instances.isEmpty ? "no instances"
                : ReportBuilder.withNullityNote(ReportBuilder.withExactnessNote(
                    filled.reduce(nil) { WorstBoundSummary.worse($0, $1.1.worstBound) }?.text,
                    exact: filled.filter { $0.1.exact == true }.count, of: filled.count, kind: claimTemplate.kind),
                    nullities: instances.compactMap(\.nullity))
            claim.moduloSymmetry = instances.contains(where: { $0.moduloSymmetry == true }) ? true : nil
            claims.append(claim)
        }
        var report = template
        report.claims = claims
        report.verdict = Verdict.weakest(claims.map(\.verdict))
        report.seconds = shards.reduce(0) { $0 + $1.report.report.seconds }
        let spent = shards.reduce(0) { $0 + $1.report.workSpent }
        report.work = "\(WorkBudgetExceeded.format(spent)) of \(WorkBudgetExceeded.format(reference.report.workLimit))"
        return MergedReport(report: report, fileSHA256: reference.report.fileSHA256)
    }
}
