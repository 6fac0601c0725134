/// "Did you mean …?" for a misspelt name: the closest of the names that would have
/// been accepted, by edit distance (insertions, deletions, substitutions, and swaps of
/// neighbours), ignoring case.
public enum NameSuggestion {
    /// The candidate closest to `name` when it is close enough to be a likely typo (a
    /// difference of case for one- and two-letter names, one edit up to five letters,
    /// about a third of the length beyond), else nil. Ties go to the earlier candidate.
    public static func closest(to name: String, among candidates: [String]) -> String? {
        let target = Array(name.lowercased())
        guard !target.isEmpty, target.count <= 64 else { return nil }
        // One- and two-letter names differ from too many others by one edit: only a
        // difference of case (`K` for `k`) suggests a typo there.
        let allowed = target.count <= 2 ? 0 : Swift.max(1, target.count / 3)
        var best: (name: String, distance: Int)?
        for candidate in candidates where candidate != name && candidate.count <= 64 {
            let distance = editDistance(target, Array(candidate.lowercased()))
            if distance <= allowed, best == nil || distance < best!.distance { best = (candidate, distance) }
        }
        return best?.name
    }

    /// `; did you mean 'equals'?`, or the empty string.
    public static func phrase(for name: String, among candidates: [String]) -> String {
        closest(to: name, among: candidates).map { "; did you mean '\($0)'?" } ?? ""
    }

    /// Optimal string alignment distance.
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = Swift.min(current[j], previous2[j - 2] + 1)
                }
            }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[b.count]
    }
}
