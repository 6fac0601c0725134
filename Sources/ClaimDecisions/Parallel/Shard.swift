/// One of `count` parts of a run (`--shard index/count`, `index` from 1).
public struct Shard: Equatable, Codable, CustomStringConvertible {
    public let index: Int
    public let count: Int

    /// Domain: 1 ≤ index ≤ count.
    public init?(index: Int, count: Int) {
        guard count >= 1, index >= 1, index <= count else { return nil }
        self.index = index
        self.count = count
    }

    /// `"2/3"`; nil for anything else than two decimal integers with 1 ≤ i ≤ N.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let index = Int(parts[0]), let count = Int(parts[1]) else { return nil }
        self.init(index: index, count: count)
    }

    public var description: String { "\(index)/\(count)" }

    enum CodingKeys: String, CodingKey { case index, count }

    /// Refuses shards outside 1 ≤ index ≤ count (a damaged or edited report).
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let index = try container.decode(Int.self, forKey: .index)
        let count = try container.decode(Int.self, forKey: .count)
        guard let shard = Shard(index: index, count: count) else {
            throw DecodingError.dataCorrupted(.init(codingPath: container.codingPath,
                                                    debugDescription: "shard \(index)/\(count) is not i/N with 1 ≤ i ≤ N"))
        }
        self = shard
    }
}

/// Which shard decides which instance.
///
/// The unit of assignment is a *configuration group*: for a claim about a family, all
/// its instances with the same family and parameter values (every partition at those
/// values), across all claims of the file; for any other claim, each instance alone.
/// Groups are numbered in the order they first appear in the plan (claims in file
/// order, instances in plan order), and group g goes to shard g mod N (0-based).
///
/// Why groups, not single instances: the claims of a file share evaluations (a loss
/// claim reuses the loss computed with the gradient by an earlier critical-point
/// claim; a minimum-over-family instance reads the losses of all members), and an
/// enclosure taken from the cache can differ in its last digits from one computed
/// afresh. Keeping every configuration of a family at given parameter values on one
/// shard makes each shard meet the cache exactly as an unsharded run does, so the
/// merged enclosures equal the unsharded ones digit for digit. Round-robin over groups
/// (rather than contiguous blocks) spreads sweeps whose cost grows with the parameters.
///
/// Every instance is decided as a unit (a minimum-over-family instance holds all its
/// members; an instance of a claim over a range that is not a finite list decides the
/// whole range), so no decision needs instances of another shard.
public enum ShardAssignment {
    /// For every claim, for every planned instance, the 0-based shard that decides it.
    public static func owners(_ plan: TheoremVerifier.Plan, shards: Int) -> [[Int]] {
        var groups: [String: Int] = [:]
        return plan.claims.enumerated().map { claimIndex, claim in
            claim.instances.enumerated().map { instanceIndex, instance in
                let key: String
                if let family = claim.family {
                    key = "family " + family.name + ": "
                        + instance.parameters.values.map { "\($0.name)=\($0.value)" }.joined(separator: " ")
                } else {
                    key = "claim \(claimIndex) instance \(instanceIndex)"
                }
                let group: Int
                if let known = groups[key] { group = known } else { group = groups.count; groups[key] = group }
                return group % max(1, shards)
            }
        }
    }
}
