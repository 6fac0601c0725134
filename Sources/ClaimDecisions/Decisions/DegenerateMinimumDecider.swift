import Foundation
import CertifiedIntervals
import CertifiedLinearAlgebra
import ClosedForms
import TeacherStudent
import TheoremFiles

/// Hessian claims at degenerate critical points: `type = "local-minimum-modulo-symmetry"`
/// (Morse–Bott) and `type = "global-minimum"`, each with an optional `nullity`.
///
/// Only closed-form configurations whose weights (and the teacher's) are exact rationals
/// are decided: the structural kernel (`StructuralKernel`) and the zero-loss test
/// (`ExactZeroLoss`) are rational arithmetic. The point must be *exactly* critical —
/// by exact zero loss, by an exact rational gradient (`z²`, `z`), or by the exact
/// copy-average criticality — because `H v = 0` for the structural directions follows
/// from criticality, not from enclosures.
///
/// - **local-minimum-modulo-symmetry**: PROVED when the kernel of H is certified to be
///   exactly the span of the tangent directions (`MorseBottCertification` with no
///   `additional` directions, `QᵀHQ` positive definite) and the claimed nullity (if any)
///   is its dimension. REFUTED when the Hessian has a certified negative direction, when
///   the point is exactly not critical, or when the kernel's dimension is certified and
///   differs from the claimed nullity. INCONCLUSIVE when the kernel is certified but
///   contains zero-loss directions not known to be tangent to the critical set (split
///   students at zero loss: the nullity is exact, the point is a global minimum, but it
///   is not shown to be Morse–Bott), or when nothing is certified.
/// - **global-minimum**: PROVED by exact zero loss (`L ≥ 0`); with `nullity`, also the
///   exact dimension of the kernel (the structural zero-loss kernel, positive definite on
///   its complement). REFUTED when the loss is certainly positive although the student
///   has at least as many neurons as the teacher (it can copy the teacher, so the global
///   minimum is 0), or when the certified nullity differs.
enum DegenerateMinimumDecider {
    struct Claimed {
        var moduloSymmetry: Bool
        var nullity: ClosedForms.Expression?
    }

    static func claimed(_ claim: HessianClaim) -> Claimed? {
        switch claim {
        case .localMinimumModuloSymmetry(let nullity): return Claimed(moduloSymmetry: true, nullity: nullity)
        case .globalMinimum(let nullity): return Claimed(moduloSymmetry: false, nullity: nullity)
        default: return nil
        }
    }

    static func decide(_ claimed: Claimed, exact: ExactCriticality, _ context: InstanceContext,
                       _ decision: inout InstanceDecision) throws {
        decision.retry = .final
        var expectedNullity: Int?
        if let expression = claimed.nullity {
            guard let value = try expression.exactValue(in: context.environment(partition: context.partition)),
                  let n = value.intValue, n >= 0 else {
                decision.verdict = .inconclusive
                decision.detail = .degenerate("the claimed nullity \(expression) is not an exact integer ≥ 0")
                return
            }
            expectedNullity = n
        }
        let exactPoint = context.isNumerical ? nil : exactStudent(context).flatMap { s in exactTeacher(context).map { (s, $0) } }
        if exactPoint == nil, claimed.moduloSymmetry {
            try decideOnTheScalingSlice(expectedNullity, context, &decision)
            return
        }
        guard context.isNumerical == false else {
            decision.verdict = .inconclusive
            decision.detail = .degenerate("a global minimum needs exact zero loss, decided at closed-form points with exact "
                                          + "rational weights; this family is numerical")
            return
        }
        guard let (student, teacher) = exactPoint else {
            decision.verdict = .inconclusive
            decision.detail = .degenerate("the weights are not all exact rationals: the structural kernel and the zero-loss test "
                                          + "are decided in rational arithmetic (write the point with rational entries)")
            return
        }
        let activation = context.claim.activation
        let problem = try context.problem(partition: context.partition)
        let zeroLoss = ExactZeroLoss.prove(activation: activation, student: student, teacher: teacher)
        var criticality: String
        if let zeroLoss {
            decision.evidence.loss = Interval(0, precision: context.precision)
            criticality = "exact zero loss: \(zeroLoss.description); a global minimum since L ≥ 0, hence critical"
            if !claimed.moduloSymmetry && expectedNullity == nil {
                // The claim is proved by L = 0 and L ≥ 0 alone; the Hessian is not needed (and
                // need not exist: ReLU at a copy of a teacher neuron is not twice differentiable
                // in every direction there).
                decision.verdict = .proved
                decision.detail = .degenerate("global minimum: \(criticality) (no nullity claimed, so the Hessian is not evaluated)")
                return
            }
        } else if !claimed.moduloSymmetry {
            let loss = try context.loss(partition: context.partition)
            decision.evidence.loss = loss
            let canCopyTeacher = student.width >= teacher.width
            if loss.isPositive && canCopyTeacher {
                decision.verdict = .refuted
                decision.witness = .degenerate("L ∈ \(loss.description(digits: 12)) > 0, while the global minimum is 0: the "
                                               + "student has \(student.width) ≥ \(teacher.width) neurons, so copying the "
                                               + "teacher (and outgoing weight 0 for the others) reaches L = 0")
            } else {
                decision.verdict = .inconclusive
                decision.detail = .degenerate("the loss is not shown to be exactly 0 (the student is not the teacher after "
                                              + "merging equal students; L ∈ \(loss.description(digits: 12)))"
                                              + (canCopyTeacher ? "" : ", and with fewer neurons than the teacher the global minimum is not known"))
            }
            return
        } else if let gradient = ExactPolynomialGradient.gradient(activation: activation, student: student, teacher: teacher) {
            if let index = gradient.firstIndex(where: { $0.signum != 0 }) {
                decision.verdict = .refuted
                let component = GradientComponent(index: index, students: student.width, dimension: student.inputDimension)
                decision.witness = .degenerate("not a critical point: \(DecisionRendering.text(component)) = \(gradient[index]) "
                                               + "exactly (rational arithmetic on the polynomial loss)")
                return
            }
            criticality = "exactly critical: every component of the gradient of the polynomial loss is 0 in rational arithmetic"
        } else if let proof = exact.prove(context) {
            criticality = "exactly critical (" + DecisionRendering.exactText(proof) + ")"
        } else {
            decision.verdict = .inconclusive
            decision.detail = .degenerate("the configuration is not proved exactly critical (no exact zero loss, no exact "
                                          + "gradient): the structural kernel needs an exactly critical point")
            return
        }
        let kernel = StructuralKernel.atCriticalPoint(activation: activation, student: student, zeroLoss: zeroLoss != nil)
        let hessian = try DenseEvaluation.hessian(problem, precision: context.precision).rows
        let outcome = MorseBottCertification.certify(hessian: hessian, kernel: kernel.vectors, precision: context.precision)
        let tangentText = describe(kernel)
        switch outcome {
        case let .notInKernel(direction, component, enclosure):
            decision.verdict = zeroLoss != nil && !claimed.moduloSymmetry && expectedNullity == nil ? .proved : .inconclusive
            let which = (kernel.tangent + kernel.additional)[direction].origin
            decision.detail = .degenerate("\(criticality); but H v has a component ∈ \(enclosure.description(digits: 8)) "
                                          + "(index \(component + 1)) excluding 0 for the structural direction v = \(which): the "
                                          + "premises of the structural kernel fail, nothing about the Hessian is certified")
            return
        case let .undecided(size, step, pivot, positive, negative):
            decision.verdict = .inconclusive
            // More precision narrows the enclosures; it cannot help when the complement's
            // matrix is singular — a kernel larger than the structural one, as at the z²
            // dead-copy point. A blocking pivot that encloses 0 with a width below 2^(−p/2)
            // is taken as such a structural zero: no escalation (the verdict stays
            // INCONCLUSIVE either way; only the retry is skipped).
            let pivotWidth = pivot.upperBoundAsDouble - pivot.lowerBoundAsDouble
            let structural = pivotWidth.isFinite && pivotWidth < pow(2.0, -Double(context.precision) / 2)
            decision.retry = structural ? .final : .morePrecisionMayHelp
            decision.detail = .degenerate("\(criticality); structural kernel: \(tangentText). The Hessian on the complement "
                                          + "(size \(size)) is not certified non-singular: at step \(step + 1) no pivot excludes 0 "
                                          + "(e.g. \(pivot.description(digits: 6))), \(positive) positive and \(negative) negative "
                                          + "before — the kernel may be larger than the structural one")
            if zeroLoss != nil && !claimed.moduloSymmetry && expectedNullity == nil {
                decision.verdict = .proved
                decision.retry = .final
                decision.detail = .degenerate("global minimum (exact zero loss, L ≥ 0): \(criticality); the Hessian's nullity is not "
                                              + "certified (its inertia on the complement of the structural kernel, \(tangentText), "
                                              + "is undecided)")
            }
            return
        case .certified(let certificate):
            decision.evidence.morseIndex = certificate.negative
            decision.evidence.nullity = certificate.nullity
            decision.worstBound = .morseIndex(certificate.negative)
            let inertia = "the Hessian (\(certificate.size) parameters) has inertia \(certificate.positive) positive, "
                + "\(certificate.negative) negative, \(certificate.nullity) zero — kernel exactly the span of the structural "
                + "directions (\(tangentText)); PD/inertia certified on an exact rational complement"
            if certificate.negative > 0 {
                decision.verdict = .refuted
                decision.witness = .degenerate("\(criticality); \(inertia): Morse index \(certificate.negative), not a minimum")
                return
            }
            if let expected = expectedNullity, expected != certificate.nullity {
                decision.verdict = .refuted
                decision.witness = .degenerate("the nullity is \(certificate.nullity), not \(expected): \(criticality); \(inertia)")
                return
            }
            if claimed.moduloSymmetry && !kernel.additional.isEmpty {
                decision.verdict = .inconclusive
                decision.detail = .degenerate("\(criticality); \(inertia). Only \(kernel.tangent.count) of the \(certificate.nullity) "
                                              + "kernel directions are known tangent to the set of critical points (the other "
                                              + "\(kernel.additional.count) are in the kernel because the loss is exactly 0): "
                                              + "positive semidefinite with nullity \(certificate.nullity), a global minimum, "
                                              + "but not shown to be a Morse–Bott minimum (claim type = \"global-minimum\")")
                return
            }
            decision.verdict = .proved
            if claimed.moduloSymmetry {
                decision.detail = .degenerate("local minimum modulo symmetry (Morse–Bott), nullity \(certificate.nullity): "
                                              + "\(criticality); \(inertia); the composition of the symmetry flows after the "
                                              + "weight transfers maps a neighbourhood of 0 in ℝ^\(certificate.nullity) to critical "
                                              + "points with differential K (rank \(certificate.nullity)) at 0, so the critical points "
                                              + "near the point contain a manifold of dimension \(certificate.nullity) whose tangent "
                                              + "space is ker H; with H positive definite across it the Morse–Bott lemma gives a local "
                                              + "minimum, constant on that manifold and strict transversally")
            } else {
                decision.detail = .degenerate("global minimum (exact zero loss, L ≥ 0), Hessian positive semidefinite with nullity "
                                              + "\(certificate.nullity): "
                                              + "\(criticality); \(inertia)"
                                              + (kernel.additional.isEmpty ? "" : "; \(kernel.additional.count) of the kernel directions "
                                                 + "are not known tangent to the set of minima, so this is not a Morse–Bott statement"))
            }
        }
    }

    /// Morse–Bott modulo the scaling only, from the Krawczyk proof on the slice `a = const`
    /// (homogeneous activations; numerical families, or closed-form points that are not
    /// rational; for erf, or when the proof on all parameters succeeds, an isolated critical
    /// point: nullity 0): the box holds one zero of `∇_W L` on the slice, a critical point whose
    /// orbit is an n-dimensional manifold of critical points (every `a_i ≠ 0`: the slice is
    /// transversal). In the basis (the `W` directions, the orbit tangents `(w_i, −m a_i)`) the
    /// Hessian is `diag(H_WW, 0)` (the tangents are in the kernel at a critical point), so a
    /// certified non-singular `H_WW` over the box makes the kernel exactly the tangent
    /// space: nullity n; `H_WW` positive definite: Morse–Bott minimum. A proof on all
    /// parameters (an isolated critical point) has nullity 0.
    static func decideOnTheScalingSlice(_ expectedNullity: Int?, _ context: InstanceContext,
                                        _ decision: inout InstanceDecision) throws {
        let problem = try context.problem(partition: context.partition)
        var closedForm = false
        if !context.isNumerical {
            let gradient = try context.lossAndGradient(partition: context.partition)
            decision.evidence.gradientMaxAbs = gradient.gradientMaxAbs
            if let (component, enclosure) = gradientComponentExcludingZero(gradient) {
                decision.verdict = .refuted
                decision.witness = .gradientComponent(component, enclosure, asNotCritical: true)
                return
            }
            closedForm = true
        }
        switch try CriticalPointProofs.certify(problem, precision: context.precision) {
        case .failed(let failure):
            decision.verdict = .inconclusive
            decision.retry = failure.morePrecisionMayHelp ? .morePrecisionMayHelp : .final
            decision.detail = .degenerateOnSlice("no critical orbit certified (Krawczyk: \(DecisionRendering.text(failure))); a point "
                                          + "degenerate beyond the scaling is certified at exact rational weights only")
        case .proved(let certificate, _):
            decision.evidence.krawczyk = certificate
            guard case .certified(let inertia) = SymmetricInertia.certify(certificate.hessianOverBox) else {
                decision.verdict = .inconclusive
                decision.retry = .morePrecisionMayHelp
                decision.detail = .degenerateOnSlice("the critical point is certified, but the inertia of its Hessian over the box is not")
                return
            }
            let nullity = certificate.moduloSymmetry ? problem.student.width : 0
            decision.evidence.morseIndex = inertia.negative
            decision.evidence.nullity = nullity
            decision.worstBound = .morseIndex(inertia.negative)
            let what = certificate.moduloSymmetry
                ? "Krawczyk on the slice a = const: one critical orbit of the scaling (dimension n = \(nullity)) through the box; "
                    + "the Hessian restricted to the W directions has inertia \(inertia.positive) positive, \(inertia.negative) negative, "
                    + "so the full Hessian has nullity exactly \(nullity) (the orbit's tangents)"
                : "Krawczyk on all parameters: an isolated critical point, Hessian inertia \(inertia.positive) positive, "
                    + "\(inertia.negative) negative, nullity 0"
            if inertia.negative > 0 {
                decision.verdict = .refuted
                decision.witness = .degenerate("\(what): Morse index \(inertia.negative), not a minimum")
                return
            }
            if let expected = expectedNullity, expected != nullity {
                decision.verdict = .refuted
                decision.witness = .degenerate("the nullity is \(nullity), not \(expected): \(what)")
                return
            }
            if closedForm && !(decision.evidence.gradientMaxAbs?.isAtMost(context.tolerance) ?? false) {
                decision.verdict = .inconclusive
                decision.detail = .degenerateOnSlice("\(what); but the configuration's gradient is not within the tolerance "
                                              + "\(context.claim.claim.toleranceText), so it is not shown to be that critical point")
                return
            }
            decision.verdict = closedForm ? .verified : .proved
            decision.detail = .degenerateOnSlice("local minimum modulo symmetry (Morse–Bott), nullity \(nullity): \(what)"
                                          + (closedForm ? "; the configuration is that critical point if it is critical, which its "
                                             + "gradient verifies within the tolerance \(context.claim.claim.toleranceText)" : ""))
        }
    }

    static func describe(_ kernel: StructuralKernel) -> String { kernel.summary }

    /// The exact zero-loss proof of a closed-form configuration with rational weights, or nil.
    static func exactZeroLoss(_ context: InstanceContext) -> ExactZeroLoss.Proof? {
        guard !context.isNumerical, let student = exactStudent(context), let teacher = exactTeacher(context) else { return nil }
        return ExactZeroLoss.prove(activation: context.claim.activation, student: student, teacher: teacher)
    }

    // MARK: Exact rationals of closed-form configurations

    static func exactStudent(_ context: InstanceContext) -> ExactNetwork? {
        guard let family = context.claim.family else { return nil }
        let environment = context.environment(partition: context.partition)
        switch family.kind {
        case let .explicit(rows, outputs):
            return exactNetwork(rows, outputs, environment)
        case let .copyAverage(_, _, incoming, outgoing):
            guard let partition = context.partition,
                  let d = try? context.configurations.inputDimension(context.instance.parameters, keyPath: family.keyPath)
            else { return nil }
            var rows: [[Rational]] = [], outputs: [Rational] = []
            var start = 0
            for l in partition {
                var e = environment
                e.variables["l"] = .exact(Rational(l))
                guard let c = (try? incoming.exactValue(in: e)) ?? nil, let a = (try? outgoing.exactValue(in: e)) ?? nil,
                      start + l <= d else { return nil }
                var row = Array(repeating: Rational(0), count: d)
                for j in start..<(start + l) { row[j] = c }
                rows.append(row)
                outputs.append(a)
                start += l
            }
            return ExactNetwork(inputWeights: rows, outputWeights: outputs)
        default:
            return nil
        }
    }

    static func exactTeacher(_ context: InstanceContext) -> ExactNetwork? {
        switch context.file.setting.teacher {
        case .orthonormal:
            guard let k = try? context.configurations.teacherNeurons(context.instance.parameters, keyPath: "setting.teacher"),
                  let d = try? context.configurations.inputDimension(context.instance.parameters, keyPath: "setting.dimension")
            else { return nil }
            let rows = (0..<k).map { j in (0..<d).map { Rational($0 == j ? 1 : 0) } }
            return ExactNetwork(inputWeights: rows, outputWeights: Array(repeating: Rational(1), count: k))
        case let .explicit(rows, outputs):
            return exactNetwork(rows, outputs, context.instance.parameters.environment(context.file.definitions))
        }
    }

    static func exactNetwork(_ rows: [[ClosedForms.Expression]], _ outputs: [ClosedForms.Expression],
                             _ environment: Environment) -> ExactNetwork? {
        var exactRows: [[Rational]] = []
        for row in rows {
            var exactRow: [Rational] = []
            for entry in row {
                guard let value = (try? entry.exactValue(in: environment)) ?? nil else { return nil }
                exactRow.append(value)
            }
            exactRows.append(exactRow)
        }
        var exactOutputs: [Rational] = []
        for entry in outputs {
            guard let value = (try? entry.exactValue(in: environment)) ?? nil else { return nil }
            exactOutputs.append(value)
        }
        guard exactRows.count == exactOutputs.count, Set(exactRows.map(\.count)).count <= 1 else { return nil }
        return ExactNetwork(inputWeights: exactRows, outputWeights: exactOutputs)
    }
}
