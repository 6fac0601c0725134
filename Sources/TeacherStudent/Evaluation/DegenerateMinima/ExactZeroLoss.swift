import CertifiedIntervals

/// A network whose weights are known exactly as rationals: row `i` of `inputWeights` is
/// `w_i`, `outputWeights[i]` is `a_i` (the same layout as `Network`).
public struct ExactNetwork: Equatable {
    public var inputWeights: [[Rational]]
    public var outputWeights: [Rational]

    /// Domain: one output weight per row, every row of the same length.
    public init(inputWeights: [[Rational]], outputWeights: [Rational]) {
        precondition(inputWeights.count == outputWeights.count, "one output weight per neuron")
        precondition(Set(inputWeights.map(\.count)).count <= 1, "rows of one length")
        self.inputWeights = inputWeights
        self.outputWeights = outputWeights
    }

    /// The exact rationals of `network`, or nil when some weight is not an exact point
    /// whose value is a (dyadic) rational — a float read from a file, an exact literal.
    public init?(exactly network: Network) {
        var rows: [[Rational]] = []
        for i in 0..<network.width {
            var row: [Rational] = []
            for x in network.inputWeights.row(i) {
                guard x.isPoint, let value = Rational(exactly: x.midpoint) else { return nil }
                row.append(value)
            }
            rows.append(row)
        }
        var outputs: [Rational] = []
        for a in network.outputWeights {
            guard a.isPoint, let value = Rational(exactly: a.midpoint) else { return nil }
            outputs.append(value)
        }
        self.init(inputWeights: rows, outputWeights: outputs)
    }

    public var width: Int { outputWeights.count }
    public var inputDimension: Int { inputWeights.first?.count ?? 0 }

    /// The same network as enclosures (exact where the rationals are dyadic and fit the
    /// precision, else outward rounded) at precision `p`.
    public func enclosures(precision p: Int) -> Network {
        Configurations.explicit(inputWeights: inputWeights.map { $0.map { Interval($0, precision: p) } },
                                outputWeights: outputWeights.map { Interval($0, precision: p) }, precision: p)
    }
}

/// Exact zero loss: the student network is the teacher network as a function, decided in
/// rational arithmetic (no enclosure, no tolerance). Then `L = E[(f − f*)²] = 0` exactly,
/// and since `L ≥ 0` the point is a global minimum, hence a critical point.
///
/// **Rule (sufficient, not necessary).** Both networks are put in a normal form that keeps
/// the function `x ↦ Σ a_i σ(w_i·x)`:
/// - every activation here has `σ(0) = 0`, so a neuron with `w_i = 0` is dropped;
/// - for odd `σ` (erf, `z`) the pair `(w, a)` is the same term as `(−w, −a)`, for even `σ`
///   (`z²`) as `(−w, a)`: each `w` is given a positive first non-zero coordinate;
/// - neurons with equal incoming vectors are merged, adding their outgoing weights;
/// - merged neurons with outgoing weight 0 are dropped.
/// Equal normal forms (as sets of `(w, a)`) give equal functions. For `z²` the function is
/// `x ↦ xᵀ M x` with `M = Σ a_i w_i w_iᵀ`, and for `z` it is `x ↦ (Σ a_i w_i)·x`, so
/// `M = M*` (resp. `Σ a_i w_i = Σ b_j v_j`), compared exactly, is used instead: necessary
/// and sufficient there. For erf and ReLU a `false` answer proves nothing (two different
/// normal forms could still be the same function); callers then fall back to enclosures.
public enum ExactZeroLoss {
    /// What was compared, for the report.
    public struct Proof: Equatable {
        /// "student = teacher after merging …", "M = M* exactly", …
        public var description: String
        /// The neurons of the student grouped by equal incoming vector (0-based), in order
        /// of first appearance; for the report and the structural kernel.
        public var studentGroups: [[Int]]
    }

    /// The proof that student and teacher are the same function, or nil when the rule
    /// above does not show it.
    public static func prove(activation: Activation, student: ExactNetwork, teacher: ExactNetwork) -> Proof? {
        guard student.inputDimension == teacher.inputDimension || student.width == 0 || teacher.width == 0 else { return nil }
        let groups = equalIncomingGroups(student)
        switch activation {
        case .quadratic:
            guard secondMoment(student) == secondMoment(teacher) else { return nil }
            return Proof(description: "M = Σ a_i w_i w_iᵀ equals M* = Σ b_j v_j v_jᵀ exactly (σ(z) = z²: f(x) = xᵀMx)",
                         studentGroups: groups)
        case .linear:
            guard firstMoment(student) == firstMoment(teacher) else { return nil }
            return Proof(description: "Σ a_i w_i equals Σ b_j v_j exactly (σ(z) = z: f(x) = (Σ a_i w_i)·x)",
                         studentGroups: groups)
        case .erf, .relu:
            let parity: Parity = activation == .relu ? .none : .odd
            let s = normalForm(student, parity), t = normalForm(teacher, parity)
            guard s.count == t.count, Set(s.map(Term.init)) == Set(t.map(Term.init)) else { return nil }
            let merged = groups.filter { $0.count > 1 }.count
            let dropped = student.width - s.count
            var text = "the student equals the teacher as a function, exactly: after merging students with equal incoming vectors "
                + "(adding their outgoing weights)"
            if activation != .relu { text += ", identifying (w, a) with (−w, −a) (σ odd)" }
            text += " and dropping zero terms, both are the same \(s.count) neurons"
            if merged > 0 || dropped > 0 { text += " (\(student.width) students → \(s.count) neurons)" }
            return Proof(description: text, studentGroups: groups)
        }
    }

    /// The students grouped by exactly equal incoming vectors, in order of first appearance.
    public static func equalIncomingGroups(_ network: ExactNetwork) -> [[Int]] {
        var groups: [[Int]] = []
        for i in 0..<network.width {
            if let g = groups.firstIndex(where: { network.inputWeights[$0[0]] == network.inputWeights[i] }) {
                groups[g].append(i)
            } else {
                groups.append([i])
            }
        }
        return groups
    }

    enum Parity { case none, odd, even }

    private struct Term: Hashable {
        var w: [String]
        var a: String
        init(_ pair: (w: [Rational], a: Rational)) { w = pair.w.map(\.description); a = pair.a.description }
    }

    static func normalForm(_ network: ExactNetwork, _ parity: Parity) -> [(w: [Rational], a: Rational)] {
        var terms: [(w: [Rational], a: Rational)] = []
        for i in 0..<network.width {
            var w = network.inputWeights[i], a = network.outputWeights[i]
            guard let first = w.first(where: { $0.signum != 0 }) else { continue }  // σ(0) = 0
            if first.signum < 0 && parity != .none {
                w = w.map { -$0 }
                if parity == .odd { a = -a }
            }
            if let j = terms.firstIndex(where: { $0.w == w }) { terms[j].a = terms[j].a + a } else { terms.append((w, a)) }
        }
        return terms.filter { $0.a.signum != 0 }
    }

    /// `Σ a_i w_i w_iᵀ`, row by row.
    static func secondMoment(_ network: ExactNetwork) -> [[Rational]] {
        let d = network.inputDimension
        var m = Array(repeating: Array(repeating: Rational(0), count: d), count: d)
        for i in 0..<network.width {
            let w = network.inputWeights[i], a = network.outputWeights[i]
            for r in 0..<d where w[r].signum != 0 { for c in 0..<d { m[r][c] = m[r][c] + a * w[r] * w[c] } }
        }
        return m
    }

    /// `Σ a_i w_i`.
    static func firstMoment(_ network: ExactNetwork) -> [Rational] {
        var u = Array(repeating: Rational(0), count: network.inputDimension)
        for i in 0..<network.width { for t in u.indices { u[t] = u[t] + network.outputWeights[i] * network.inputWeights[i][t] } }
        return u
    }
}
