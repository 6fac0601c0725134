import Foundation
import CertifiedIntervals
import ClosedForms
import ExactArithmetic
import SymmetryReduction
import TheoremFiles

/// Exact criticality of a closed-form copy-average configuration (or of a one-neuron
/// average, the configuration with one group of size k) of the orthonormal teacher at
/// one instance: the gradient is exactly 0 when every reduced gradient quantity of
/// `SymmetryReduction` at the instance's group sizes — `A_a(ℓ)`, `A_w(ℓ)` for each size ℓ,
/// `B_a(ℓ, ℓ')`, `B_w(ℓ, ℓ')`, `C_w(ℓ, ℓ')` for each ordered pair of distinct groups — is
/// decided exactly 0 by `ExactZeroTest` (Calcium), after the reduction's assumptions
/// (`c(ℓ) > 0` for erf and ReLU) are certified at those sizes by enclosures. Each
/// component of the gradient is a sum of such quantities (the reduction's guarantee), so
/// it is then exactly 0: a theorem, no tolerance.
///
/// Anything else — a family that is not of that form, closed forms that do not reduce,
/// a quantity decided non-zero or not decided — returns nil, and the claim keeps the
/// verdict the enclosures give (VERIFIED to the tolerance at best).
///
/// Stateless: what it derives is memoised in the run's `ExactCriticalityMemo`
/// (`EvaluationCache.exactCriticality`), shared by every instance and claim of the file —
/// the reduction once per closed forms, each zero test once per quantity and sizes —,
/// so that a claim over many partitions tests each `(ℓ)` and `(ℓ, ℓ')` once, not once per
/// partition.
struct ExactCriticality {
    /// What was decided: the quantities shown exactly 0, as `A_a(3)`, `C_w(3, 1)`.
    struct Proof: Equatable {
        var quantities: [String]
    }

    /// The exact proof of criticality at `context`'s configuration, or nil.
    func prove(_ context: InstanceContext) -> Proof? {
        guard !context.isNumerical, let family = context.claim.family,
              case .orthonormal = context.file.setting.teacher else { return nil }
        let incoming: ClosedForms.Expression, outgoing: ClosedForms.Expression, partition: [Int]
        switch family.kind {
        case let .copyAverage(_, _, c, a):
            guard let groups = context.partition else { return nil }
            (incoming, outgoing, partition) = (c, a, groups)
        case let .oneNeuronAverage(c, a):
            guard let k = context.instance.parameters["k"] else { return nil }
            (incoming, outgoing, partition) = (c, a, [k])
        default:
            return nil
        }
        // The instance's parameters are exact integers: bind them in the closed forms.
        var c = incoming, a = outgoing
        for (name, value) in context.instance.parameters.values where name != CopyAverageReduction.sizeVariable {
            let number = ClosedForms.Expression(.number(Rational(value)), column: 0)
            c = c.substitutingVariable(name, with: number)
            a = a.substitutingVariable(name, with: number)
        }
        let prefix = "\(context.claim.activation)|\(c)|\(a)|"
        let memo = context.cache.exactCriticality
        guard let reduction = memo.reduction(prefix, {
            try? CopyAverageReduction(activation: context.claim.activation, incoming: c, outgoing: a,
                                      definitions: context.file.definitions)
        }) else { return nil }
        var needed: [(CopyAverageReduction.Quantity, Int, Int?)] = []
        for l in Set(partition).sorted(by: >) {
            needed += [(.aGradientOwn, l, nil), (.wGradientOwn, l, nil)]
        }
        var pairs = Set<[Int]>()
        for i in partition.indices { for j in partition.indices where j != i { pairs.insert([partition[i], partition[j]]) } }
        for pair in pairs.sorted(by: { ($0[0], $0[1]) > ($1[0], $1[1]) }) {
            needed += [(.aGradientCross, pair[0], pair[1]), (.wGradientCross, pair[0], pair[1]),
                       (.wGradientOtherGroup, pair[0], pair[1])]
        }
        var names: [String] = []
        for (quantity, l, lp) in needed {
            let name = "\(quantity)(\(l)" + (lp.map { ", \($0)" } ?? "") + ")"
            guard Self.isExactlyZero(reduction, quantity, l: l, lp: lp, key: prefix + name, context.precision,
                                     memo) else {
                return nil
            }
            names.append(name)
        }
        return Proof(quantities: names)
    }

    /// Whether `quantity` at `(l, lp)` is exactly 0: its closed form is the literal 0, or
    /// its enclosure at `precision` (after the reduction's assumptions are certified)
    /// contains 0 and `ExactZeroTest` decides it exactly 0. The enclosure check is
    /// memoised per precision, the zero test (which does not depend on precision) once.
    private static func isExactlyZero(_ reduction: CopyAverageReduction, _ quantity: CopyAverageReduction.Quantity,
                                      l: Int, lp: Int?, key: String, _ precision: Int,
                                      _ memo: ExactCriticalityMemo) -> Bool {
        if case .number(let r) = reduction.expression(quantity).node, r.signum == 0 {
            // The reduced closed form is the literal 0 (an exact kernel fact): nothing to test.
            return true
        }
        // The assumptions are certified (and the enclosure must contain 0) before the exact test.
        let enclosureAdmits = memo.enclosureContainsZero(key, precision: precision) {
            guard let enclosure = try? reduction.enclosure(quantity, l: l, lp: lp, precision: precision) else { return false }
            return enclosure.containsZero
        }
        guard enclosureAdmits else { return false }
        return memo.exactlyZero(key) {
            var bindings: [String: Rational] = [CopyAverageReduction.sizeVariable: Rational(l)]
            if let lp { bindings[CopyAverageReduction.otherSizeVariable] = Rational(lp) }
            return ExactZeroTest.decide(reduction.expression(quantity), bindings: bindings,
                                        definitions: reduction.definitions) == .zero
        }
    }
}

/// What `ExactCriticality` derives, shared by the instances and claims of one file (one
/// per `EvaluationCache`): the copy-average reduction of each family's closed forms, the
/// enclosure check of each quantity at each sizes and precision, the exact zero test of
/// each quantity at each sizes.
///
/// Keys: `activation|c|a|` (the closed forms after the instance's parameters are bound)
/// for reductions; that prefix followed by the quantity and its sizes (`A_a(3, 1)`) for
/// the tests. The definitions are the file's, the same for every key. Each memoised value
/// is a function of its key alone (precision included where it matters), so a run gives
/// the same decisions whichever instance computes a value first — on any number of
/// threads (the lock guards the dictionaries; a computation runs outside it, and two
/// threads may compute the same value: both get the same).
final class ExactCriticalityMemo {
    private var reductions: [String: CopyAverageReduction?] = [:]
    private var enclosureChecks: [String: Bool] = [:]
    private var zeroTests: [String: Bool] = [:]
    private let lock = NSLock()
    private var zeroTestsComputed = 0

    private func locked<T>(_ body: () -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body()
    }

    func reduction(_ key: String, _ derive: () -> CopyAverageReduction?) -> CopyAverageReduction? {
        if let known = locked({ reductions[key] }) { return known }
        let derived = derive()
        locked { reductions[key] = derived }
        return derived
    }

    func enclosureContainsZero(_ key: String, precision: Int, _ check: () -> Bool) -> Bool {
        let fullKey = "\(key)@\(precision)"
        if let known = locked({ enclosureChecks[fullKey] }) { return known }
        let result = check()
        locked { enclosureChecks[fullKey] = result }
        return result
    }

    func exactlyZero(_ key: String, _ test: () -> Bool) -> Bool {
        if let known = locked({ zeroTests[key] }) { return known }
        let result = test()
        locked { zeroTests[key] = result; zeroTestsComputed += 1 }
        return result
    }

    /// The keys of the memoised zero tests (`prefix` + `A_a(3)`), and how many zero tests
    /// were run (a test run twice by two threads at once counts twice): for the tests of
    /// the sharing.
    var zeroTestKeys: Set<String> { locked { Set(zeroTests.keys) } }
    var zeroTestsRun: Int { locked { zeroTestsComputed } }
}
