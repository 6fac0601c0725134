import CertifiedIntervals
import ClosedForms
import ExactArithmetic
import TeacherStudent

/// The exact values (Calcium numbers) of the atoms of a CA point's sector blocks
/// (`SectorAtom`), for the erf kernel with the family's closed forms `c(l)`, `a(l)`, and
/// exact zero tests of `SectorForm` coefficients.
///
/// Where the values come from: `c(ℓ)`, `a(ℓ)` are the closed forms evaluated exactly at
/// `l = ℓ`; `q = ℓ c(ℓ)²`. The kernel's partials are SymbolicKernel's closed forms of
/// `κ`, `∂1κ`, `∂12κ` (erf: `κ = (2/π) asin(s q12 / sqrt((1 + s q1)(1 + s q2)))`, `∂1κ`
/// and `∂12κ` by hand) in the variables `q1, q2, q12`, differentiated once more
/// symbolically (`Expression.derivative`) for the second order (`∂2κ(q1, q2, q12) =
/// ∂1κ(q2, q1, q12)` by symmetry), and evaluated exactly at the fixed arguments; `h`,
/// `h'` are SymbolicKernel's diagonal forms and `h''` the symbolic derivative of `h'`.
/// Every value is an exact real (Calcium); nothing is read from an enclosure.
///
/// Only erf: the other kernels' second derivatives are singular at a copy (ReLU) or are
/// not needed here; `init` throws `unsupported` for them, and callers keep the
/// enclosures (no exact zeros).
public final class ExactSectorAtoms {
    public struct Unsupported: Error, CustomStringConvertible {
        public let description: String
    }

    let context: ExactContext
    private let evaluator: ExactEvaluator
    private let kernelEvaluator: ExactEvaluator
    private let incoming: ClosedForms.Expression
    private let outgoing: ClosedForms.Expression
    private let parts: [SectorAtom.KernelPart: ClosedForms.Expression]
    private let diagonalParts: [ClosedForms.Expression]
    private var values: [SectorAtom: ExactNumber] = [:]

    /// `incoming`, `outgoing`: the closed forms `c(l)`, `a(l)` in the variable `l` (may call
    /// `definitions`). Throws `Unsupported` for an activation other than erf, and a
    /// `DerivativeError` if a kernel form cannot be differentiated.
    public init(activation: Activation, incoming: ClosedForms.Expression, outgoing: ClosedForms.Expression,
                definitions: Definitions, context: ExactContext = ExactContext()) throws {
        guard case .erf = activation else {
            throw Unsupported(description: "exact sector coefficients are implemented for the erf kernel only, not \(activation)")
        }
        self.context = context
        evaluator = ExactEvaluator(context: context, definitions: definitions)
        kernelEvaluator = ExactEvaluator(context: context)
        self.incoming = incoming
        self.outgoing = outgoing
        let kernel = SymbolicKernel(activation)
        let (q1, q2, q12) = (Symbolic.variable("q1"), Symbolic.variable("q2"), Symbolic.variable("q12"))
        let none = Definitions()
        let value = kernel.value(q1, q2, q12).expression
        let d1 = kernel.d1(q1, q2, q12).expression
        let d2 = kernel.d1(q2, q1, q12).expression
        let d12 = kernel.d12(q1, q2, q12).expression
        parts = [
            .value: value, .d1: d1, .d2: d2, .d12: d12,
            .d11: try d1.derivative(withRespectTo: "q1", definitions: none),
            .d22: try d2.derivative(withRespectTo: "q2", definitions: none),
            .d1212: try d12.derivative(withRespectTo: "q12", definitions: none),
            .d1d2: try d1.derivative(withRespectTo: "q2", definitions: none),
            .d1d12: try d1.derivative(withRespectTo: "q12", definitions: none),
            .d2d12: try d2.derivative(withRespectTo: "q12", definitions: none),
        ]
        let q = Symbolic.variable("q")
        let h1 = kernel.diagonalDerivative(q).expression
        diagonalParts = [kernel.diagonal(q).expression, h1, try h1.derivative(withRespectTo: "q", definitions: none)]
    }

    /// The closed form of a kernel partial in `q1, q2, q12` (for tests and reports).
    public func kernelForm(_ part: SectorAtom.KernelPart) -> ClosedForms.Expression { parts[part]! }

    /// The exact value of `atom`. Throws `ExactArithmeticError` (a domain error, a limit, …).
    public func value(_ atom: SectorAtom) throws -> ExactNumber {
        if let known = values[atom] { return known }
        let result: ExactNumber
        switch atom {
        case .coefficient(let l):
            result = try evaluator.evaluate(incoming, rationalBindings: ["l": Rational(l)])
        case .outgoingWeight(let l):
            result = try evaluator.evaluate(outgoing, rationalBindings: ["l": Rational(l)])
        case .diagonal(let l, let order):
            guard (0...2).contains(order) else {
                throw ExactArithmeticError(.unsupported, "h has derivatives of order 0, 1, 2 here, not \(order)")
            }
            result = try kernelEvaluator.evaluate(diagonalParts[order], bindings: ["q": try norm(l)])
        case .teacher(let l, let own, let part):
            let q12 = own ? try value(.coefficient(size: l)) : ExactNumber(0, in: context)
            result = try kernelEvaluator.evaluate(parts[part]!, bindings: ["q1": try norm(l), "q2": ExactNumber(1, in: context),
                                                                          "q12": q12])
        case .pair(let l, let l2, let part):
            result = try kernelEvaluator.evaluate(parts[part]!, bindings: ["q1": try norm(l), "q2": try norm(l2),
                                                                          "q12": ExactNumber(0, in: context)])
        }
        values[atom] = result
        return result
    }

    /// `q = ℓ c(ℓ)²`.
    private func norm(_ l: Int) throws -> ExactNumber {
        let c = try value(.coefficient(size: l))
        return try ExactNumber(l, in: context) * (c * c)
    }

    /// The exact value of a coefficient `Σ r · Π atoms`.
    public func value(of coefficient: SectorForm.Coefficient) throws -> ExactNumber {
        var sum = ExactNumber(0, in: context)
        for (monomial, r) in coefficient {
            var product = try ExactNumber(r, in: context)
            for atom in monomial { product = try product * value(atom) }
            sum = try sum + product
        }
        return sum
    }

    /// `.zero` / `.nonzero` as theorems of Calcium; `.undecided` otherwise. The empty
    /// coefficient is `.zero` (exactly 0 as a polynomial in the atoms).
    public func decideZero(_ coefficient: SectorForm.Coefficient) -> ZeroDecision {
        if coefficient.isEmpty { return .zero }
        do {
            let v = try value(of: coefficient)
            switch v.isZero {
            case .yes: return .zero
            case .no: return .nonzero
            case .unknown: return .undecided("Calcium cannot decide whether the coefficient is 0 within its limits")
            }
        } catch {
            return .undecided("the coefficient cannot be evaluated exactly: \(error)")
        }
    }
}

/// Exact zeros in the polynomial blocks of a family: a coefficient whose enclosure
/// contains 0 is replaced by the exact 0 **only** when its exact form (`SectorForm`) is
/// the zero polynomial in the atoms (it cancels by the count structure), or Calcium proves
/// its exact value 0 (`ExactSectorAtoms.decideZero`) — e.g. a partial of the erf kernel
/// that vanishes at `q12 = 0`, or a combination that vanishes because the point is
/// critical. Never from an enclosure. A coefficient decided nonzero or undecided keeps its
/// enclosure.
///
/// Consistency (a run-time check that the exact forms and the enclosures describe the same
/// numbers): the Calcium enclosure of every coefficient's exact value must overlap the
/// interval route's enclosure, and a form that is 0 must meet an enclosure containing 0;
/// otherwise `Inconsistency` is thrown and nothing is refined.
public enum ExactSectorZeros {

    /// What the refinement did, for proof steps and reports.
    public struct Summary: Equatable {
        /// Coefficients whose exact form cancels identically (count structure).
        public var structural = 0
        /// Coefficients proved 0 by Calcium.
        public var proved = 0
        /// Coefficients enclosing 0 that Calcium proves nonzero (kept).
        public var nonzero = 0
        /// Coefficients enclosing 0 left undecided (kept), with where and why.
        public var undecided: [String] = []
        /// Where the proved zeros are: "sector (row, column) n^power".
        public var provedAt: [String] = []
        public init() {}
    }

    public struct Inconsistency: Error, CustomStringConvertible {
        public let description: String
    }

    /// The block with every coefficient that encloses 0 and is exactly 0 replaced by the
    /// exact 0. `exact` must have the shape of `block` (the same sector, evaluated with
    /// `SectorForm`). Throws `Inconsistency` when the exact and enclosed forms disagree.
    public static func refine(block: [[IntervalPolynomial]], exact: [[SectorForm]], sector: String,
                              atoms: ExactSectorAtoms, summary: inout Summary) throws -> [[IntervalPolynomial]] {
        guard exact.count == block.count, zip(exact, block).allSatisfy({ $0.count == $1.count }) else {
            throw Inconsistency(description: "the exact block of \(sector) does not have the shape of the enclosed one")
        }
        var result = block
        for row in block.indices {
            for column in block[row].indices {
                let enclosed = block[row][column], form = exact[row][column]
                if form.isOpaque { continue }
                let degree = max(enclosed.coefficients.count, form.coefficients.count)
                var coefficients = (0..<degree).map { enclosed.coefficient($0) }
                var changed = false
                for power in 0..<degree {
                    let where_ = "\(sector) (\(row), \(column)) n^\(power)"
                    let box = coefficients[power]
                    let exactCoefficient = form.coefficient(power)
                    if exactCoefficient.isEmpty {
                        guard box.containsZero else {
                            throw Inconsistency(description: "\(where_): the exact form is 0 but the enclosure \(box) excludes 0")
                        }
                        if !box.isPoint { summary.structural += 1 }
                        coefficients[power] = Interval(0, precision: enclosed.precision)
                        changed = true
                        continue
                    }
                    // Consistency: the exact value's enclosure meets the interval route's.
                    let value = try atoms.value(of: exactCoefficient)
                    if let exactBox = try? value.enclosure(precision: max(64, enclosed.precision / 2)),
                       !exactBox.overlaps(box) {
                        throw Inconsistency(description: "\(where_): the exact value \(exactBox) is outside the enclosure \(box)")
                    }
                    guard box.containsZero else { continue }
                    switch atoms.decideZero(exactCoefficient) {
                    case .zero:
                        summary.proved += 1
                        summary.provedAt.append(where_)
                        coefficients[power] = Interval(0, precision: enclosed.precision)
                        changed = true
                    case .nonzero:
                        summary.nonzero += 1
                    case .undecided(let reason):
                        summary.undecided.append("\(where_): \(reason)")
                    }
                }
                if changed {
                    result[row][column] = IntervalPolynomial(coefficients: coefficients, precision: enclosed.precision)
                }
            }
        }
        return result
    }
}
