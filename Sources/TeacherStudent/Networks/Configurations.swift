import CertifiedIntervals
import CertifiedLinearAlgebra

/// Constructors for the teachers and students that theorem files talk about.
public enum Configurations {

    /// The orthonormal teacher: `v_j = e_j` (the standard basis of `R^d`), `b_j = 1`,
    /// `j = 1…k`. Domain: `1 ≤ k ≤ d`.
    public static func orthonormalTeacher(neurons k: Int, inputDimension d: Int, precision: Int) -> Network {
        precondition(k >= 1 && k <= d, "orthonormal teacher needs 1 ≤ k ≤ d, got k = \(k), d = \(d)")
        var v = IntervalMatrix(rows: k, columns: d, precision: precision)
        let one = Interval(1, precision: precision)
        for j in 0..<k { v[j, j] = one }
        return Network(inputWeights: v, outputWeights: Array(repeating: one, count: k))
    }

    /// The copy-average student of a partition of the teacher indices into contiguous
    /// blocks of sizes `partition` (`Σ ℓ_i = k`): student `i` has
    /// `w_i = c(ℓ_i) Σ_{j ∈ S_i} e_j` and `a_i = a(ℓ_i)`, where `coefficient` and
    /// `outgoingWeight` enclose `c(ℓ)` and `a(ℓ)`. Domain: every `ℓ_i ≥ 1`,
    /// `Σ ℓ_i ≤ d`.
    public static func copyAverageStudent(partition: [Int], inputDimension d: Int, precision: Int,
                                          coefficient: (Int) throws -> Interval,
                                          outgoingWeight: (Int) throws -> Interval) rethrows -> Network {
        precondition(partition.allSatisfy { $0 >= 1 }, "group sizes must be ≥ 1")
        precondition(partition.reduce(0, +) <= d, "the groups need Σ ℓ ≤ d")
        var w = IntervalMatrix(rows: partition.count, columns: d, precision: precision)
        var a: [Interval] = []
        var start = 0
        var cache: [Int: (Interval, Interval)] = [:]
        for (i, size) in partition.enumerated() {
            let (c, out): (Interval, Interval)
            if let cached = cache[size] { (c, out) = cached } else {
                c = try coefficient(size).withPrecision(precision)
                out = try outgoingWeight(size).withPrecision(precision)
                cache[size] = (c, out)
            }
            for j in start..<(start + size) { w[i, j] = c }
            a.append(out)
            start += size
        }
        return Network(inputWeights: w, outputWeights: a)
    }

    /// The paper's copy-average coefficients: `c(ℓ) = 1/sqrt(ℓ(2ℓ − 1))`, `a(ℓ) = ℓ`.
    public static func standardCopyAverageCoefficient(_ size: Int, precision: Int) -> Interval {
        try! (Interval(1, precision: precision) / Interval(size * (2 * size - 1), precision: precision).sqrt())
    }

    /// The copy-average student for the standard coefficients.
    public static func copyAverageStudent(partition: [Int], inputDimension d: Int, precision: Int) -> Network {
        copyAverageStudent(partition: partition, inputDimension: d, precision: precision,
                           coefficient: { standardCopyAverageCoefficient($0, precision: precision) },
                           outgoingWeight: { Interval($0, precision: precision) })
    }

    /// The one-student average: one neuron `w = c · Σ_{j=1..k} e_j`, `a = a₀`.
    public static func oneStudentAverage(teacherNeurons k: Int, inputDimension d: Int, precision: Int,
                                         coefficient: Interval, outgoingWeight: Interval) -> Network {
        copyAverageStudent(partition: [k], inputDimension: d, precision: precision,
                           coefficient: { _ in coefficient }, outgoingWeight: { _ in outgoingWeight })
    }

    /// A network from explicit weight enclosures.
    public static func explicit(inputWeights: [[Interval]], outputWeights: [Interval], precision: Int) -> Network {
        Network(inputWeights: IntervalMatrix(inputWeights.map { $0.map { $0.withPrecision(precision) } },
                                             precision: precision),
                outputWeights: outputWeights.map { $0.withPrecision(precision) })
    }

    /// All partitions of `k` into exactly `n` positive parts, each listed once in
    /// non-increasing order (by permutation symmetry only the multiset of sizes
    /// matters). Ordered lexicographically from the largest first part.
    public static func partitions(of k: Int, into n: Int) -> [[Int]] {
        var result: [[Int]] = []
        var current: [Int] = []
        func extend(remaining: Int, parts: Int, largest: Int) {
            if parts == 0 { if remaining == 0 { result.append(current) }; return }
            // The next part p satisfies ceil(remaining/parts) ≤ p ≤ min(largest, remaining − (parts − 1)).
            let upper = min(largest, remaining - (parts - 1))
            let lower = (remaining + parts - 1) / parts
            guard upper >= lower else { return }
            for p in stride(from: upper, through: lower, by: -1) {
                current.append(p)
                extend(remaining: remaining - p, parts: parts - 1, largest: p)
                current.removeLast()
            }
        }
        if n >= 1 && k >= n { extend(remaining: k, parts: n, largest: k) }
        return result
    }

    /// The number of partitions of `k` into exactly `n` positive parts, without listing
    /// them; saturates at `Int.max` (also when counting would take more than ~10^7 steps,
    /// which only happens when the count is astronomically large).
    public static func partitionCount(of k: Int, into n: Int) -> Int {
        guard n >= 1, k >= n else { return 0 }
        // Removing 1 from each part: partitions of m = k − n into at most n parts, i.e.
        // into parts of size at most n.
        let m = k - n, largest = min(n, m)
        if m == 0 { return 1 }
        guard m.multipliedReportingOverflow(by: largest).partialValue <= 10_000_000,
              !m.multipliedReportingOverflow(by: largest).overflow else { return Int.max }
        var ways = Array(repeating: 0, count: m + 1)
        ways[0] = 1
        for part in 1...largest {
            for total in part...m {
                let (sum, overflow) = ways[total].addingReportingOverflow(ways[total - part])
                ways[total] = overflow ? Int.max : sum
            }
        }
        return ways[m]
    }
}
