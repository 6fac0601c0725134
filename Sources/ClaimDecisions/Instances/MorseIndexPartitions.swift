import TheoremFiles

extension TheoremVerifier {
    /// Every entry of a Hessian claim's `morse-index-by-partition` must name a
    /// partition that occurs in the family at some instance: an entry that never
    /// applies is most likely a mistake (a wrong size, or `k` out of range), and would
    /// otherwise be ignored while the claim reports a result.
    func checkMorseIndexPartitions(_ claim: Claim, occurring partitions: [[Int]]) throws {
        guard case .hessian(.morseIndex(_, let byPartition)) = claim.kind else { return }
        let occurring = Set(partitions)
        for entry in byPartition where !occurring.contains(entry.partition) {
            let written = entry.partition.map(String.init).joined(separator: ",")
            var seen: [[Int]] = []
            for partition in partitions where !seen.contains(partition) && seen.count < 12 { seen.append(partition) }
            let list = seen.map { "(" + $0.map(String.init).joined(separator: ",") + ")" }.joined(separator: ", ")
            throw file.error(at: "\(claim.keyPath).morse-index-by-partition",
                             "the entry \"\(written)\" = \(entry.index) names a partition that never occurs in the family "
                             + (partitions.isEmpty ? "(its members have no partitions: it is not copy-average)"
                                : "at any instance of this claim; the partitions that occur are \(list)"
                                    + (occurring.count > seen.count ? ", …" : "")))
        }
    }
}
