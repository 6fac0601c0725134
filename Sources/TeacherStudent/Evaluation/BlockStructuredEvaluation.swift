import CertifiedIntervals

/// Loss and gradient of a copy-average configuration against the orthonormal teacher,
/// computed from its block structure instead of from weight matrices.
///
/// Structure used (all exact facts of the configuration, not approximations):
/// - the teacher is `v_j = e_j`, `b_j = 1`, so `t_j = 1` and `T_jj' = 0`;
/// - student `i` is `c_i Σ_{j∈S_i} e_j` on its own block `S_i` of size `ℓ_i`, so
///   `q_i = ℓ_i c_i²`, `R_ij = c_i` for `j ∈ S_i` and 0 otherwise, and `Q_ii' = 0`;
/// - students with the same `ℓ` (same `c(ℓ)`, `a(ℓ)`) are interchangeable: all of them
///   have the same gradient, up to the permutation of blocks.
///
/// So the gradient of student `i` takes one value on its own block, one value on the
/// block of each other student (depending only on that student's class), and is 0
/// on coordinates outside every block (`d > k`). The evaluation works per class and
/// per pair of classes: its cost depends on the number of distinct group sizes, not
/// on `k`, `n` or `d`. Each enclosure means the same as the dense evaluation's
/// enclosure of the corresponding component (the test suite compares the two).
public enum BlockStructuredEvaluation {

    /// The students of one group size.
    public struct GroupClass {
        /// `ℓ`, the size of the group of teacher neurons each of these students averages.
        public let size: Int
        /// How many students have this group size.
        public let multiplicity: Int
        /// `c(ℓ)`.
        public let coefficient: Interval
        /// `a(ℓ)`.
        public let outgoingWeight: Interval
    }

    /// The gradient of every student of one class.
    public struct ClassGradient {
        public let size: Int
        public let multiplicity: Int
        /// `∂L/∂w_i` at each coordinate of the student's own block.
        public let ownBlock: Interval
        /// `∂L/∂w_i` at each coordinate of the block of another student, keyed by that
        /// student's group size (present only when such a student exists).
        public let otherBlocks: [Int: Interval]
        /// `∂L/∂a_i`.
        public let outputWeight: Interval
    }

    public struct Result {
        public let loss: Interval
        public let classes: [ClassGradient]
        /// An upper bound on the absolute value of every gradient component.
        public let gradientMaxAbs: MagnitudeBound
    }

    /// The classes of a partition, in order of decreasing group size.
    public static func classes(partition: [Int], precision: Int,
                               coefficient: (Int) throws -> Interval,
                               outgoingWeight: (Int) throws -> Interval) rethrows -> [GroupClass] {
        var counts: [Int: Int] = [:]
        for l in partition { counts[l, default: 0] += 1 }
        return try counts.keys.sorted(by: >).map { l in
            GroupClass(size: l, multiplicity: counts[l]!,
                       coefficient: try coefficient(l).withPrecision(precision),
                       outgoingWeight: try outgoingWeight(l).withPrecision(precision))
        }
    }

    /// Encloses the loss and the gradient of the copy-average configuration given by
    /// `classes` against the orthonormal teacher with `k = Σ m ℓ` neurons.
    /// Domain: `k ≤ d` (the value of `d` does not otherwise matter: coordinates beyond
    /// `k` have exactly zero gradient). With a `memo` made for `activation` at `p`, kernel
    /// values met before (same sizes, same enclosures) are reused: the result is the same,
    /// bit for bit (`GroupKernelMemo`); a memo made for another activation or precision
    /// is not used.
    public static func lossAndGradient(classes: [GroupClass], activation: Activation,
                                       precision p: Int, memo: GroupKernelMemo? = nil) throws -> Result {
        let usable = memo.flatMap { $0.activation == activation && $0.precision == p ? $0 : nil }
        let kernel = MemoisedKernelCalls(kernel: activation.kernel(precision: p), memo: usable)
        let k = classes.reduce(0) { $0 + $1.size * $1.multiplicity }
        let one = Interval(1, precision: p)
        let zero = Interval.zero(precision: p)
        let teacherNorm = one
        let norms = classes.map { $0.size * $0.coefficient.squared }

        // Teacher self-interaction: k h(1) + k(k−1) κ(1, 1, 0).
        let total = IntervalAccumulator(precision: p)
        let teacherDiagonal = try onPair(.teacher(1), .teacher(1)) { try kernel.diagonal(teacherNorm, .teacherDiagonal) }
        total.add(Interval(k, precision: p) * teacherDiagonal.value)
        if k > 1 {
            let cross = try onPair(.teacher(1), .teacher(2)) { try kernel.value(one, one, zero, .teacherCross) }
            total.add(Interval(k, precision: p) * Interval(k - 1, precision: p) * cross)
        }

        var gradients: [ClassGradient] = []
        var bound = MagnitudeBound.zero(precision: p)
        for (c, group) in classes.enumerated() {
            let q = norms[c], a = group.outgoingWeight, l = group.size
            let representative = Neuron.student(1 + classes[..<c].reduce(0) { $0 + $1.multiplicity })
            let h = try onPair(representative, representative) { try kernel.diagonal(q, .diagonal(size: l)) }
            let own = try onPair(representative, .teacher(1)) {
                try kernel.firstOrder(q, teacherNorm, group.coefficient, .own(size: l))
            }
            let outside: KernelFirstOrder? = k > l
                ? try onPair(representative, .teacher(k)) {
                    try kernel.firstOrder(q, teacherNorm, zero, .outside(size: l))
                } : nil

            let alpha = IntervalAccumulator(precision: p)
            let outputGradient = IntervalAccumulator(precision: p)
            let studentLoss = IntervalAccumulator(precision: p)   // the terms of one student of this class
            alpha.add((a.squared * h.derivative).scaled(byPowerOfTwo: 1))
            outputGradient.add((a * h.value).scaled(byPowerOfTwo: 1))
            studentLoss.add(a.squared * h.value)
            // Teacher neurons in the own block (R = c) and outside it (R = 0).
            let lInterval = Interval(l, precision: p)
            alpha.subtract(lInterval * a.scaled(byPowerOfTwo: 2) * own.d1)
            outputGradient.subtract(lInterval.scaled(byPowerOfTwo: 1) * own.value)
            studentLoss.subtract(lInterval * a.scaled(byPowerOfTwo: 1) * own.value)
            if let outside {
                let rest = Interval(k - l, precision: p)
                alpha.subtract(rest * a.scaled(byPowerOfTwo: 2) * outside.d1)
                outputGradient.subtract(rest.scaled(byPowerOfTwo: 1) * outside.value)
                studentLoss.subtract(rest * a.scaled(byPowerOfTwo: 1) * outside.value)
            }
            // Other students (Q = 0), by class.
            var otherBlocks: [Int: Interval] = [:]
            let gammaOutside = outside.map { -(a.scaled(byPowerOfTwo: 1) * $0.d12) }
            for (c2, partner) in classes.enumerated() {
                let partners = partner.multiplicity - (c2 == c ? 1 : 0)
                if partners == 0 { continue }
                let count = Interval(partners, precision: p)
                let pairNeuron = Neuron.student(1 + classes[..<c2].reduce(0) { $0 + $1.multiplicity } + (c2 == c ? 1 : 0))
                let jet = try onPair(representative, pairNeuron) {
                    try kernel.firstOrder(q, norms[c2], zero, .pair(size: l, partnerSize: partner.size))
                }
                let aa = a * partner.outgoingWeight
                alpha.add(count * aa.scaled(byPowerOfTwo: 2) * jet.d1)
                outputGradient.add(count * partner.outgoingWeight.scaled(byPowerOfTwo: 1) * jet.value)
                studentLoss.add(count * aa * jet.value)
                // Component on the partner's block: β c' + γ(R = 0).
                let beta = aa.scaled(byPowerOfTwo: 1) * jet.d12
                otherBlocks[partner.size] = beta * partner.coefficient + (gammaOutside ?? zero)
            }
            let ownComponent = alpha.sum * group.coefficient - a.scaled(byPowerOfTwo: 1) * own.d12
            let gradient = ClassGradient(size: l, multiplicity: group.multiplicity, ownBlock: ownComponent,
                                         otherBlocks: otherBlocks, outputWeight: outputGradient.sum)
            gradients.append(gradient)
            total.add(Interval(group.multiplicity, precision: p) * studentLoss.sum)
            bound = MagnitudeBound.maximum(bound, ownComponent.magnitude)
            bound = MagnitudeBound.maximum(bound, gradient.outputWeight.magnitude)
            for value in otherBlocks.values { bound = MagnitudeBound.maximum(bound, value.magnitude) }
        }
        return Result(loss: total.sum, classes: gradients, gradientMaxAbs: bound)
    }
}
