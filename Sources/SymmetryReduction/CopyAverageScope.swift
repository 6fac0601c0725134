import TeacherStudent

/// Which copy-average configurations a statement "for every k" is about: every
/// `k ≥ smallestK`, a number of groups `n` in a range that may depend on `k`, every
/// partition of `k` into `n` groups, every input dimension `d ≥ k`.
public struct CopyAverageScope: Equatable, CustomStringConvertible {
    /// The numbers of groups, for each k.
    public enum Groups: Equatable {
        /// Exactly `g` groups (`g = 1`: the one-student average of all k teacher neurons).
        case exactly(Int)
        /// `n` from `lowest` to `k − belowK`.
        case between(lowest: Int, belowK: Int)
        /// `n` from `lowest` to `highest` (constants, `highest ≤ smallestK`).
        case constantRange(lowest: Int, highest: Int)
    }

    /// The least k (the statement is for every integer `k ≥ smallestK`).
    public var smallestK: Int
    public var groups: Groups

    /// Domain: `smallestK ≥ 1`; `g ≥ 1`, `lowest ≥ 1`, `belowK ≥ 0`.
    public init(smallestK: Int, groups: Groups) {
        precondition(smallestK >= 1, "k ≥ 1")
        switch groups {
        case .exactly(let g): precondition(g >= 1, "at least one group")
        case .between(let lowest, let belowK): precondition(lowest >= 1 && belowK >= 0, "1 ≤ n ≤ k")
        case .constantRange(let lowest, let highest):
            precondition(lowest >= 1 && lowest <= highest && highest <= smallestK, "1 ≤ n ≤ k")
        }
        self.smallestK = smallestK
        self.groups = groups
    }

    /// The numbers of groups at `k`, or nil when there is none (no configuration).
    public func groupCounts(k: Int) -> ClosedRange<Int>? {
        switch groups {
        case .exactly(let g): return g <= k ? g...g : nil
        case .between(let lowest, let belowK):
            let highest = k - belowK
            return lowest <= highest ? lowest...highest : nil
        case .constantRange(let lowest, let highest):
            return lowest <= min(highest, k) ? lowest...min(highest, k) : nil
        }
    }

    /// Whether some configuration has two groups or more (then the two-size quantities
    /// matter; otherwise only the one-size ones).
    public var hasSeveralGroups: Bool {
        switch groups {
        case .exactly(let g): return g >= 2
        case .between: return true   // k − belowK grows without bound
        case .constantRange(_, let highest): return highest >= 2
        }
    }

    /// The least group size that occurs: 1 when there may be several groups (for k
    /// large enough every size occurs), else `smallestK` (one group of size k).
    public var smallestGroupSize: Int {
        return hasSeveralGroups ? 1 : smallestK
    }

    /// "every k ≥ 1, every n with 1 ≤ n ≤ k − 1, every partition of k into n groups, every d ≥ k".
    public var description: String {
        let groupsText: String
        switch groups {
        case .exactly(1): groupsText = "one group (n = 1)"
        case .exactly(let g): groupsText = "every partition of k into \(g) groups"
        case .between(let lowest, let belowK):
            groupsText = "every n with \(lowest) ≤ n ≤ k" + (belowK == 0 ? "" : " − \(belowK)")
                + ", every partition of k into n groups"
        case .constantRange(1, 1):
            groupsText = "one group (n = 1)"
        case .constantRange(let lowest, let highest):
            groupsText = "every n with \(lowest) ≤ n ≤ \(highest), every partition of k into n groups"
        }
        return "every k ≥ \(smallestK), \(groupsText), every d ≥ k"
    }

    /// The configurations with `k < smallestK + sizes` (every number of groups of the
    /// scope, every partition, in non-increasing order), at most `limit` of them.
    /// Instances (k, n) with more partitions than the remaining limit are skipped (counted
    /// first, never listed), and so are k above `largestSearchedK`, where the numbers of
    /// partitions explode.
    func smallConfigurations(sizes: Int, limit: Int) -> [(k: Int, n: Int, partition: [Int])] {
        var result: [(k: Int, n: Int, partition: [Int])] = []
        for k in smallestK..<(smallestK + sizes) where k <= Self.largestSearchedK {
            guard let counts = groupCounts(k: k) else { continue }
            for n in counts {
                guard Configurations.partitionCount(of: k, into: n) <= limit - result.count else { continue }
                for partition in Configurations.partitions(of: k, into: n) {
                    if result.count >= limit { return result }
                    result.append((k, n, partition))
                }
            }
        }
        return result
    }

    /// The configurations with one group of size up to `largestSingle` and with two
    /// groups of total size up to `largestPair` that belong to the scope: where a quantity
    /// of one or two sizes that is not identically 0 shows first.
    func oneAndTwoGroupConfigurations(largestSingle: Int, largestPair: Int) -> [[Int]] {
        var result: [[Int]] = []
        // Sizes counted from the least k of the scope (configurations below it are not in it).
        let first = max(1, smallestK - 1)
        for l in first..<(first + largestSingle) where contains(partition: [l]) { result.append([l]) }
        for total in max(2, smallestK)..<(max(2, smallestK) + largestPair) {
            // The most unbalanced splits first, at most 20 of them per total.
            for l in stride(from: total - 1, through: max((total + 1) / 2, total - 20), by: -1)
            where contains(partition: [l, total - l]) {
                result.append([l, total - l])
            }
        }
        return result
    }

    /// The small-k counterexample search lists partitions of k only up to this k.
    static let largestSearchedK = 60

    /// Whether the configuration `partition` belongs to the scope.
    func contains(partition: [Int]) -> Bool {
        let k = partition.reduce(0, +)
        guard k >= smallestK, let counts = groupCounts(k: k) else { return false }
        return counts.contains(partition.count)
    }
}
