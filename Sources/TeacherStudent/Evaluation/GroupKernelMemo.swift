import Foundation
import CertifiedIntervals

/// The kernel values of copy-average classes, kept across configurations: every kernel
/// call of `BlockStructuredEvaluation.lossAndGradient(classes:…)` depends only on the
/// group size ℓ of a class (`h(q)`, `κ(q, 1, c)`, `κ(q, 1, 0)` with `q = ℓ c(ℓ)²`), on a
/// pair of sizes (`κ(q, q', 0)`), or on nothing (`h(1)`, `κ(1, 1, 0)`), never on the
/// partition around them. A claim over all partitions of k meets the same sizes and pairs
/// over and over; with a memo each is evaluated once.
///
/// Sound whatever the caller passes: an entry is used only when the call's inputs are
/// the very enclosures it was computed from (same precision, same endpoints bit for
/// bit); anything else is computed afresh. So an evaluation with a memo returns the same
/// enclosures, bit for bit, as one without — a wrong key can only cost a miss. Errors
/// are not kept (the call is repeated, and throws again, naming its neurons).
///
/// One memo serves one activation at one precision (`lossAndGradient` ignores a memo made
/// for another). Thread-safe: the lock guards the dictionary; a kernel call runs outside
/// it (two threads may compute the same entry; both get the same values). Memory grows
/// with the distinct sizes and pairs met: at most k + k² entries for partitions of k.
public final class GroupKernelMemo {
    public let activation: Activation
    public let precision: Int

    /// Which kernel call: the teacher terms, or a class's call by its size(s).
    enum Call: Hashable {
        case teacherDiagonal
        case teacherCross
        case diagonal(size: Int)
        case own(size: Int)
        case outside(size: Int)
        case pair(size: Int, partnerSize: Int)
    }

    private struct Entry {
        var inputs: [Interval]
        var value: Any
    }

    private var entries: [Call: Entry] = [:]
    private let lock = NSLock()
    private var computed = 0
    private var reused = 0

    public init(activation: Activation, precision: Int) {
        self.activation = activation
        self.precision = precision
    }

    /// How many kernel calls were evaluated and how many were answered from the memo.
    public var statistics: (evaluated: Int, reused: Int) {
        lock.lock()
        defer { lock.unlock() }
        return (computed, reused)
    }

    /// The value of `call` at `inputs`: the memoised one when it was computed from
    /// identical inputs, else `evaluate()` (kept when the call has no entry yet).
    func value<T>(_ call: Call, inputs: [Interval], _ evaluate: () throws -> T) throws -> T {
        lock.lock()
        if let entry = entries[call], Self.identical(entry.inputs, inputs), let value = entry.value as? T {
            reused += 1
            lock.unlock()
            return value
        }
        lock.unlock()
        let value = try evaluate()
        lock.lock()
        computed += 1
        if entries[call] == nil { entries[call] = Entry(inputs: inputs, value: value) }
        lock.unlock()
        return value
    }

    /// Same precision and the same endpoints (each contains the other).
    static func identical(_ a: [Interval], _ b: [Interval]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { x, y in
            x.precision == y.precision && x.contains(y) && y.contains(x)
        }
    }
}

/// The kernel calls of one block-structured evaluation, through a memo when there is one.
struct MemoisedKernelCalls {
    let kernel: any GaussianKernel
    let memo: GroupKernelMemo?

    func diagonal(_ q: Interval, _ call: GroupKernelMemo.Call) throws -> DiagonalJet {
        guard let memo else { return try kernel.diagonal(q) }
        return try memo.value(call, inputs: [q]) { try kernel.diagonal(q) }
    }

    func firstOrder(_ q1: Interval, _ q2: Interval, _ q12: Interval,
                    _ call: GroupKernelMemo.Call) throws -> KernelFirstOrder {
        guard let memo else { return try kernel.firstOrder(q1, q2, q12) }
        return try memo.value(call, inputs: [q1, q2, q12]) { try kernel.firstOrder(q1, q2, q12) }
    }

    func value(_ q1: Interval, _ q2: Interval, _ q12: Interval, _ call: GroupKernelMemo.Call) throws -> Interval {
        guard let memo else { return try kernel.value(q1, q2, q12) }
        return try memo.value(call, inputs: [q1, q2, q12]) { try kernel.value(q1, q2, q12) }
    }
}
