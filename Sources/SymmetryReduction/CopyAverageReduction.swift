import CertifiedIntervals
import ClosedForms
import TeacherStudent

/// The loss and the gradient of every copy-average configuration of an orthonormal
/// teacher, reduced to finitely many closed forms in one group size `l` (ℓ) or two
/// (`l`, `lp` = ℓ').
///
/// Setting (mathematics.md §1, §3): teacher `v_j = e_j ∈ R^d`, `b_j = 1`, `j = 1…k`,
/// `d ≥ k`; a partition of the teacher indices into groups `S_1 … S_n` of sizes
/// `ℓ_1 … ℓ_n`; student `i` is `w_i = c(ℓ_i) Σ_{j∈S_i} e_j`, `a_i = a(ℓ_i)`, where
/// `c` (`incoming`) and `a` (`outgoing`) are the family's closed forms in `l`. For
/// every such configuration (every k, n, partition and d ≥ k):
///
///     ∂L/∂a_i                  = A_a(ℓ_i) + Σ_{i'≠i} B_a(ℓ_i, ℓ_i')
///     ∂L/∂w_i at m ∈ S_i       = A_w(ℓ_i) + Σ_{i'≠i} B_w(ℓ_i, ℓ_i')
///     ∂L/∂w_i at m ∈ S_i', i'≠i = C_w(ℓ_i, ℓ_i')
///     ∂L/∂w_i at m > k         = 0
///     L                        = Σ_i L1(ℓ_i) + Σ_{i≠i'} L2(ℓ_i, ℓ_i')
///
/// (the README derives these). Each quantity is an `Expression` in `l` (and `lp`)
/// that may call the file's definitions (those `incoming` and `outgoing` call), valid
/// for integers `l, lp ≥ 1` under `assumptions` (`c(l) > 0` for erf and ReLU,
/// nothing for the polynomial kernels).
///
/// Hence F1 for every configuration ⇔ `A_a ≡ A_w ≡ 0` on `l ≥ 1` and
/// `B_a ≡ B_w ≡ C_w ≡ 0` on `l, lp ≥ 1` (one-group and two-group partitions isolate
/// each one), and `L = Σ_i L*(ℓ_i)` for every configuration ⇔ `L1 ≡ L*` and
/// `L2(l, lp) + L2(lp, l) ≡ 0`.
public struct CopyAverageReduction {

    /// The reduced quantities.
    public enum Quantity: String, CaseIterable, Sendable, CustomStringConvertible {
        /// `A_a(l)`: the a-gradient of a student from its own group and the teacher.
        case aGradientOwn = "A_a"
        /// `B_a(l, lp)`: what another group of size `lp` adds to the a-gradient.
        case aGradientCross = "B_a"
        /// `A_w(l)`: the w-gradient along a coordinate of the student's own group.
        case wGradientOwn = "A_w"
        /// `B_w(l, lp)`: what another group of size `lp` adds to that component.
        case wGradientCross = "B_w"
        /// `C_w(l, lp)`: the w-gradient along a coordinate of another group of size `lp`.
        case wGradientOtherGroup = "C_w"
        /// `L1(l)`: the loss terms of one group (its teacher–teacher terms included).
        case lossOwn = "L1"
        /// `L2(l, lp)`: the loss terms of an ordered pair of groups.
        case lossCross = "L2"

        public var description: String { rawValue }

        /// Whether the quantity depends on `lp` as well as `l`.
        public var isTwoSize: Bool {
            switch self {
            case .aGradientOwn, .wGradientOwn, .lossOwn: return false
            default: return true
            }
        }

        /// The gradient quantities (F1 needs all five to vanish identically).
        public static let gradient: [Quantity] = [.aGradientOwn, .wGradientOwn, .aGradientCross,
                                                  .wGradientCross, .wGradientOtherGroup]

        /// What the quantity is, in words, for reports.
        public var meaning: String {
            switch self {
            case .aGradientOwn: return "a-gradient of a group of size l (own terms)"
            case .aGradientCross: return "a-gradient of a group of size l, contribution of another group of size lp"
            case .wGradientOwn: return "w-gradient along the own group of size l (own terms)"
            case .wGradientCross: return "w-gradient along the own group of size l, contribution of another group of size lp"
            case .wGradientOtherGroup: return "w-gradient of a group of size l along another group of size lp"
            case .lossOwn: return "loss of one group of size l"
            case .lossCross: return "loss cross terms of groups of sizes l and lp"
            }
        }
    }

    /// The variable of the group size.
    public static let sizeVariable = "l"
    /// The variable of the other group's size in two-size quantities.
    public static let otherSizeVariable = "lp"

    public let activation: Activation
    /// `c(l)`, as given.
    public let incoming: ClosedForms.Expression
    /// `a(l)`, as given.
    public let outgoing: ClosedForms.Expression
    /// The definitions `incoming` and `outgoing` (and so the quantities) may call.
    public let definitions: Definitions
    /// What the quantities assume besides `l, lp ≥ 1`, in `l`: the union of
    /// `assumptions(for:)` over the quantities.
    public var assumptions: [SideCondition] {
        var seen = Set<SideCondition>()
        return Quantity.allCases.flatMap { assumptions(for: $0) }.filter { seen.insert($0).inserted }
    }

    private let assumptionsByQuantity: [Quantity: [SideCondition]]

    private let expressions: [Quantity: ClosedForms.Expression]

    /// The quantity as a closed form in `l` (and `lp`).
    public func expression(_ quantity: Quantity) -> ClosedForms.Expression { expressions[quantity]! }

    /// The conditions a quantity's closed form relies on, in its own variables.
    /// (The two-size quantities use only the orthogonal kernel forms, which assume nothing.)
    public func assumptions(for quantity: Quantity) -> [SideCondition] {
        assumptionsByQuantity[quantity] ?? []
    }

    /// Derives the quantities. Throws `ReductionError` when `incoming` or `outgoing`
    /// reads a variable other than `l` (directly, or through the body of a definition
    /// that reads anything but its parameters) or calls an unknown definition.
    public init(activation: Activation, incoming: ClosedForms.Expression, outgoing: ClosedForms.Expression,
                definitions: Definitions) throws {
        try Self.checkDependsOnSizeOnly(incoming, name: "incoming", definitions: definitions)
        try Self.checkDependsOnSizeOnly(outgoing, name: "outgoing", definitions: definitions)
        self.activation = activation
        self.incoming = incoming
        self.outgoing = outgoing
        self.definitions = definitions

        let kernel = SymbolicKernel(activation)
        let l = Symbolic.variable(Self.sizeVariable), lp = Symbolic.variable(Self.otherSizeVariable)
        let c = Symbolic(incoming), a = Symbolic(outgoing)
        let cp = Symbolic(incoming.substituting(Self.sizeVariable, with: lp.expression))
        let ap = Symbolic(outgoing.substituting(Self.sizeVariable, with: lp.expression))
        let one = Symbolic.number(1)
        // Gram entries at the configuration: q = |w|² = l c², t = |v|² = 1.
        let q = l * .power(c, 2), qp = lp * .power(cp, 2)

        var e: [Quantity: ClosedForms.Expression] = [:]
        // ∂L/∂a_i = 2 Σ_{i'} a_i' κ(q_i, q_i', Q_ii') − 2 Σ_j κ(q_i, 1, R_ij):
        // i' = i gives 2 a h(q); the ℓ teacher neurons of S_i give −2 ℓ κ(q, 1, c);
        // another student i' gives 2 a' κ(q, q', 0), its ℓ' teacher neurons −2 ℓ' κ(q, 1, 0).
        e[.aGradientOwn] = (2 * a * kernel.diagonal(q) - 2 * l * kernel.alignedValue(size: l, coefficient: c)).expression
        e[.aGradientCross] = (2 * ap * kernel.orthogonalValue(q, qp) - 2 * lp * kernel.orthogonalValue(q, one)).expression
        // ∂L/∂w_i at a coordinate m of S_i (w_i[m] = c, w_i'[m] = 0, v_j[m] = δ_jm):
        // the diagonal term 2 a² h'(q) c; the ℓ aligned teacher terms −4 a ∂1κ(q,1,c) c
        // each, and −2 a ∂12κ(q,1,c) from j = m; another student i' contributes
        // 4 a a' ∂1κ(q,q',0) c and its ℓ' teacher neurons −4 a ∂1κ(q,1,0) c each.
        e[.wGradientOwn] = (2 * .power(a, 2) * kernel.coefficientTimesDiagonalDerivative(c, q)
                            - 4 * l * a * c * kernel.alignedD1(size: l, coefficient: c)
                            - 2 * a * kernel.alignedD12(size: l, coefficient: c)).expression
        e[.wGradientCross] = (4 * a * ap * c * kernel.orthogonalD1(q, qp)
                              - 4 * lp * a * c * kernel.orthogonalD1(q, one)).expression
        // At a coordinate m of S_i' (w_i[m] = 0, w_i'[m] = c', v_m ⟂ w_i): only the
        // w_i' term 2 a a' ∂12κ(q,q',0) c' and the teacher term −2 a ∂12κ(q,1,0) remain.
        e[.wGradientOtherGroup] = (2 * a * ap * cp * kernel.orthogonalD12(q, qp)
                                   - 2 * a * kernel.orthogonalD12(q, one)).expression
        // L = Σ_i a_i² h(q_i) + Σ_{i≠i'} a_i a_i' κ(q_i, q_i', 0) − 2 Σ_i ℓ_i a_i κ(q_i, 1, c_i)
        //     − 2 Σ_i Σ_{i'≠i} ℓ_i' a_i κ(q_i, 1, 0) + k h(1) + k(k−1) κ(1, 1, 0),
        // with k = Σ ℓ_i and k(k−1) = Σ_i (ℓ_i² − ℓ_i) + Σ_{i≠i'} ℓ_i ℓ_i'.
        e[.lossOwn] = (.power(a, 2) * kernel.diagonal(q) - 2 * l * a * kernel.alignedValue(size: l, coefficient: c)
                       + l * kernel.diagonal(one)
                       + (.power(l, 2) - l) * kernel.orthogonalValue(one, one)).expression
        e[.lossCross] = (a * ap * kernel.orthogonalValue(q, qp) - 2 * lp * a * kernel.orthogonalValue(q, one)
                         + l * lp * kernel.orthogonalValue(one, one)).expression
        self.expressions = e
        let aligned = kernel.alignedAssumptions(coefficient: c)
        self.assumptionsByQuantity = [.aGradientOwn: aligned, .lossOwn: aligned,
                                      .wGradientOwn: aligned + kernel.diagonalTermAssumptions(coefficient: c)]
    }

    // MARK: Evaluation

    /// Encloses a quantity at the group sizes `l` (and `lp` for two-size quantities),
    /// after certifying its assumptions there. Throws `ReductionError` when an
    /// assumption is not certified (its enclosure does not show it), and the
    /// evaluator's errors (a domain error of the closed forms, …) unchanged.
    public func enclosure(_ quantity: Quantity, l: Int, lp: Int? = nil, precision: Int) throws -> Interval {
        precondition(!quantity.isTwoSize || lp != nil, "\(quantity) needs lp")
        let environment = self.environment(l: l, lp: quantity.isTwoSize ? lp : nil)
        for condition in assumptions(for: quantity) {
            let value = try condition.expression.enclosure(in: environment, precision: precision)
            let holds: Bool
            switch condition.requirement {
            case .positive: holds = value.isPositive
            case .nonzero: holds = !value.containsZero
            case .insideOpenUnitInterval:
                holds = Interval.certainlyLess(Interval(-1, precision: precision), value)
                    && Interval.certainlyLess(value, Interval(1, precision: precision))
            }
            guard holds else {
                throw ReductionError("the assumption \(condition) is not certified at l = \(l)"
                                     + (lp.map { ", lp = \($0)" } ?? ""))
            }
        }
        return try expression(quantity).enclosure(in: environment, precision: precision)
    }

    /// The environment binding `l` (and `lp`) exactly, with the definitions.
    public func environment(l: Int, lp: Int? = nil) -> Environment {
        var variables: [String: Binding] = [Self.sizeVariable: .exact(Rational(l))]
        if let lp { variables[Self.otherSizeVariable] = .exact(Rational(lp)) }
        return Environment(variables: variables, definitions: definitions)
    }

    /// The loss and gradient of the copy-average configuration of `partition`
    /// (contiguous groups, in the order given), assembled from the quantities.
    public func assemble(partition: [Int], precision: Int) throws -> AssembledCopyAverage {
        precondition(!partition.isEmpty && partition.allSatisfy { $0 >= 1 }, "group sizes must be ≥ 1")
        var cache: [String: Interval] = [:]
        func value(_ quantity: Quantity, _ l: Int, _ lp: Int? = nil) throws -> Interval {
            let key = "\(quantity.rawValue) \(l) \(lp ?? 0)"
            if let cached = cache[key] { return cached }
            let result = try enclosure(quantity, l: l, lp: lp, precision: precision)
            cache[key] = result
            return result
        }
        let n = partition.count
        var loss = Interval.zero(precision: precision)
        var aGradient: [Interval] = [], ownGroup: [Interval] = [], otherGroups: [[Interval?]] = []
        for i in 0..<n {
            let l = partition[i]
            var a = try value(.aGradientOwn, l), w = try value(.wGradientOwn, l)
            loss = loss + (try value(.lossOwn, l))
            var row: [Interval?] = Array(repeating: nil, count: n)
            for i2 in 0..<n where i2 != i {
                let lp = partition[i2]
                a = a + (try value(.aGradientCross, l, lp))
                w = w + (try value(.wGradientCross, l, lp))
                loss = loss + (try value(.lossCross, l, lp))
                row[i2] = try value(.wGradientOtherGroup, l, lp)
            }
            aGradient.append(a); ownGroup.append(w); otherGroups.append(row)
        }
        return AssembledCopyAverage(partition: partition, loss: loss, outputWeightGradient: aGradient,
                                    ownGroupGradient: ownGroup, otherGroupGradient: otherGroups)
    }

    // MARK: Checks

    private static func checkDependsOnSizeOnly(_ e: ClosedForms.Expression, name: String,
                                               definitions: Definitions) throws {
        do {
            try e.validate(knownVariables: [sizeVariable], definitions: definitions)
        } catch {
            throw ReductionError("the family's \(name) closed form \(e) must be an expression in the group size l alone: \(error)")
        }
        let extra = e.freeVariables.subtracting([sizeVariable])
        guard extra.isEmpty else {
            throw ReductionError("the family's \(name) closed form \(e) reads \(extra.sorted().joined(separator: ", ")); "
                                 + "it must depend on the group size l alone")
        }
        var seen = Set<String>()
        var pending = Array(e.calledDefinitions)
        while let next = pending.popLast() {
            guard seen.insert(next).inserted, let definition = definitions[next] else { continue }
            let reads = definition.body.freeVariables.subtracting(definition.parameters)
            guard reads.isEmpty else {
                throw ReductionError("the definition '\(next)' called by the family's \(name) closed form reads "
                                     + "\(reads.sorted().joined(separator: ", ")) besides its parameters; "
                                     + "the reduction needs closed forms in the group size l alone")
            }
            pending += definition.body.calledDefinitions
        }
    }
}

/// A copy-average configuration's loss and gradient, assembled from the reduced
/// quantities (`CopyAverageReduction.assemble`).
public struct AssembledCopyAverage {
    public let partition: [Int]
    /// Encloses `L`.
    public let loss: Interval
    /// Entry `i` encloses `∂L/∂a_i`.
    public let outputWeightGradient: [Interval]
    /// Entry `i` encloses `∂L/∂w_i` at every coordinate of the student's own group.
    public let ownGroupGradient: [Interval]
    /// Entry `[i][i']` (`i' ≠ i`) encloses `∂L/∂w_i` at every coordinate of group `i'`;
    /// nil on the diagonal. Coordinates beyond `k` have gradient exactly 0.
    public let otherGroupGradient: [[Interval?]]

    /// Encloses `∂L/∂w_i` at coordinate `m` (0-based; groups are contiguous blocks in
    /// the order of `partition`); nil beyond `k`, where the component is exactly 0.
    public func inputWeightGradient(student i: Int, coordinate m: Int) -> Interval? {
        var start = 0
        for (group, size) in partition.enumerated() {
            if m < start + size { return group == i ? ownGroupGradient[i] : otherGroupGradient[i][group] }
            start += size
        }
        return nil
    }
}

/// The reduction cannot be built or evaluated (the message says why).
public struct ReductionError: Error, CustomStringConvertible, Equatable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
