import CertifiedIntervals
import CertifiedLinearAlgebra

extension BlockStructuredEvaluation {
    /// The loss and every gradient component of the copy-average configuration whose
    /// student `i` averages the `partition[i]` teacher neurons of its own block (blocks laid
    /// out in the order of `partition`, from coordinate 0, as
    /// `Configurations.copyAverageStudent` builds them), against the orthonormal teacher
    /// with `k = Σ partition` neurons in dimension `d`, computed by `lossAndGradient(classes:)`
    /// — one evaluation per class and pair of classes — and laid out as the dense
    /// evaluation's `LossAndGradient`.
    ///
    /// Mapping class values back to components: students of one class have equal gradients
    /// up to the permutation of blocks, so component `(i, j)` is the class of `partition[i]`'s
    /// own-block value when `j` lies in student `i`'s block, its value on a block of size
    /// `partition[i']` when `j` lies in the block of another student `i'`, and an exact 0
    /// for `j ≥ k` (no teacher or student weight there); `∂L/∂a_i` is the class's. Every
    /// component therefore encloses the exact component (the same exact value as the dense
    /// evaluation's), and a witness that names a component names a representative of its class.
    ///
    /// With a `memo`, kernel values of sizes and pairs met before are reused (the same
    /// enclosures, `GroupKernelMemo`).
    ///
    /// Domain: every part ≥ 1 and `k ≤ d`; throws what the kernel throws (naming a
    /// representative pair of neurons).
    public static func lossAndGradient(partition: [Int], inputDimension d: Int, activation: Activation,
                                       precision p: Int, coefficient: (Int) throws -> Interval,
                                       outgoingWeight: (Int) throws -> Interval,
                                       memo: GroupKernelMemo? = nil) throws -> LossAndGradient {
        precondition(partition.allSatisfy { $0 >= 1 }, "group sizes must be ≥ 1")
        precondition(partition.reduce(0, +) <= d, "the groups need Σ ℓ ≤ d")
        let classes = try classes(partition: partition, precision: p, coefficient: coefficient,
                                  outgoingWeight: outgoingWeight)
        let result = try lossAndGradient(classes: classes, activation: activation, precision: p, memo: memo)
        var bySize: [Int: ClassGradient] = [:]
        for gradient in result.classes { bySize[gradient.size] = gradient }
        var starts: [Int] = []
        var start = 0
        for size in partition { starts.append(start); start += size }
        var inputGradient = IntervalMatrix(rows: partition.count, columns: d, precision: p)
        var outputGradient: [Interval] = []
        for (i, size) in partition.enumerated() {
            let gradient = bySize[size]!
            for (other, otherSize) in partition.enumerated() {
                let value = other == i ? gradient.ownBlock : gradient.otherBlocks[otherSize]!
                for j in starts[other]..<(starts[other] + otherSize) { inputGradient[i, j] = value }
            }
            outputGradient.append(gradient.outputWeight)
        }
        return LossAndGradient(loss: result.loss, inputWeightGradient: inputGradient,
                               outputWeightGradient: outputGradient)
    }
}
