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
/// One instance per claim decider (the decider lives for the whole claim); the zero
/// tests are cached across instances, as the same sizes recur. Thread-safe.
final class ExactCriticality {
    /// What was decided: the quantities shown exactly 0, as `A_a(3)`, `C_w(3, 1)`.
    struct Proof: Equatable {
        var quantities: [String]
    }

    private var decisions: [String: Bool] = [:]
    private let lock = NSLock()

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
        guard let reduction = try? CopyAverageReduction(activation: context.claim.activation, incoming: c,
                                                        outgoing: a, definitions: context.file.definitions)
        else { return nil }
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
        let prefix = "\(context.claim.activation)|\(c)|\(a)|"
        var names: [String] = []
        for (quantity, l, lp) in needed {
            let name = "\(quantity)(\(l)" + (lp.map { ", \($0)" } ?? "") + ")"
            guard isExactlyZero(reduction, quantity, l: l, lp: lp, key: prefix + name, context.precision) else {
                return nil
            }
            names.append(name)
        }
        return Proof(quantities: names)
    }

    private func isExactlyZero(_ reduction: CopyAverageReduction, _ quantity: CopyAverageReduction.Quantity,
                               l: Int, lp: Int?, key: String, _ precision: Int) -> Bool {
        lock.lock()
        if let known = decisions[key] { lock.unlock(); return known }
        lock.unlock()
        var result = false
        if case .number(let r) = reduction.expression(quantity).node, r.signum == 0 {
            // The reduced closed form is the literal 0 (an exact kernel fact): nothing to test.
            return true
        }
        // The assumptions are certified (and the enclosure must contain 0) before the exact test.
        if let enclosure = try? reduction.enclosure(quantity, l: l, lp: lp, precision: precision),
           enclosure.containsZero {
            var bindings: [String: Rational] = [CopyAverageReduction.sizeVariable: Rational(l)]
            if let lp { bindings[CopyAverageReduction.otherSizeVariable] = Rational(lp) }
            result = ExactZeroTest.decide(reduction.expression(quantity), bindings: bindings,
                                          definitions: reduction.definitions) == .zero
        }
        lock.lock()
        decisions[key] = result
        lock.unlock()
        return result
    }
}
