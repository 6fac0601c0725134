import Foundation
import CertifiedIntervals
import CertifiedLinearAlgebra
import ClosedForms
import TeacherStudent
import TheoremFiles
import Reports

extension InstanceDecider {

    /// The type of a critical point, from the inertia of its certified Hessian
    /// (Sylvester's law on an interval block LDLᵀ factorisation).
    ///
    /// The Hessian is taken over the Krawczyk box of radius `2^(-p/2)` around the
    /// configuration, after the Krawczyk operator has proved that this box holds exactly
    /// one exact critical point; its inertia is then the type of that critical point.
    /// A configuration whose gradient enclosure excludes 0 is REFUTED outright (it is not
    /// a critical point, so it is neither a minimum nor a saddle); a singular Hessian
    /// (e.g. ReLU's scaling symmetry) leaves the claim INCONCLUSIVE with the reason.
    /// A false type is REFUTED with a certified direction of curvature of the wrong sign.
    func decideHessian(_ claim: TheoremVerifier.PlannedClaim, _ instance: TheoremVerifier.PlannedInstance,
                       type: HessianClaim, precision p: Int, _ outcome: inout InstanceOutcome) throws {
        let problem = try self.problem(claim, instance, partition: instance.partition, precision: p)
        var isNumerical = false
        if let family = claim.family, case .numerical = family.kind { isNumerical = true }
        // Whether the configuration itself is shown critical (within the tolerance); a
        // numerical family's claim is about the critical point found, not the computed point.
        var configurationIsCritical = isNumerical
        if !isNumerical {
            let gradient = try lossAndGradient(claim, instance, partition: instance.partition, precision: p)
            outcome.report.gradientMaxAbs = EnclosureFormatting.upperBound(gradient.gradientMaxAbs)
            configurationIsCritical = gradient.gradientMaxAbs.isWithin(magnitude: claim.claim.tolerance)
            let n = gradient.outputWeightGradient.count, d = gradient.inputWeightGradient.columns
            for (index, component) in gradient.flattenedGradient.enumerated() where !component.containsZero {
                outcome.report.verdict = .refuted
                outcome.report.witness = "not a critical point: \(componentName(index, students: n, dimension: d)) ∈ "
                    + "\(component.description(digits: 12)) excludes 0"
                return
            }
        }
        let certificate = try CriticalPointCertification.certify(problem, precision: p)
        let rows: [[Interval]], symmetry: ScalingSymmetry?
        switch certificate {
        case let .unique(_, _, hessianOverBox, modulo):
            rows = hessianOverBox
            symmetry = modulo
        case .notCertified(let onAllParameters, _):
            outcome.report.verdict = .inconclusive
            var detail = "no isolated critical point certified (Krawczyk at radius 2^-\(p / 2): "
                + "\(certificate.failureDescription ?? "failed"))"
            if let full = onAllParameters.hessianOverBox,
               case .undecided(let step, let pivot, let positive, let negative) = SymmetricInertia.certify(full) {
                detail += "; the Hessian (size \(full.count)) is singular or too wide: at step \(step + 1) "
                    + "no pivot excludes 0 (e.g. \(pivot.description(digits: 6))), \(positive) positive and \(negative) "
                    + "negative eigenvalues certified before"
            }
            outcome.retry = certificate.morePrecisionMayHelp
            if case .singular(_, .some, _) = onAllParameters {
                detail += ". Expected for \(claim.activation): the loss is constant along (a_i, w_i) → (a_i/α^m, α w_i), "
                    + "so the Hessian is singular at critical points with a_i w_i ≠ 0 and they are not isolated"
            }
            outcome.report.detail = detail
            return
        }
        let moduloSymmetry = symmetry != nil
        if let symmetry {
            outcome.report.detail = "modulo the scaling symmetry \(symmetry): "
        }
        outcome.report.krawczykRadius = "2^-\(p / 2)"
        switch SymmetricInertia.certify(rows) {
        case let .undecided(step, pivot, positive, negative):
            outcome.report.verdict = .inconclusive
            outcome.report.detail = "the Hessian over the Krawczyk box is too wide to factorise: at step \(step + 1) no pivot "
                + "excludes 0 (e.g. \(pivot.description(digits: 6))); \(positive) positive and \(negative) negative before"
        case .certified(let inertia):
            outcome.report.morseIndex = inertia.negative
            outcome.worstKey = (Double(inertia.negative), "largest Morse index \(inertia.negative)")
            let summary = moduloSymmetry
                ? "modulo the scaling symmetry: on the slice a = const (fixed outgoing weights) exactly one critical point "
                    + "lies within 2^-\(p / 2) of the configuration; its orbit is a manifold of critical points whose "
                    + "Hessian, restricted to the W directions (transversal to the orbit), has inertia \(inertia.positive) "
                    + "positive, \(inertia.negative) negative, 0 zero (certified LDLᵀ over the Krawczyk box); the n "
                    + "remaining eigenvalues are the zeros of the symmetry"
                : "the exact critical point within 2^-\(p / 2) has Hessian inertia \(inertia.positive) positive, "
                    + "\(inertia.negative) negative, 0 zero (certified LDLᵀ over the Krawczyk box)"
            outcome.report.detail = summary
            /// The type matches. For a closed-form configuration the claim is "this point is a
            /// critical point of this type": the type is proved for the unique critical point
            /// in the box, and the configuration is that point if it is critical at all, which
            /// enclosures can only verify (VERIFIED); a numerical point's claim is about the
            /// critical point found (PROVED). A type that does not match is REFUTED either way:
            /// the configuration is either not critical or the critical point of the box.
            func holds(_ outcome: inout InstanceOutcome) {
                if isNumerical {
                    outcome.report.verdict = .proved
                } else if configurationIsCritical {
                    outcome.report.verdict = .verified
                    outcome.report.detail = summary + "; the configuration is that point if it is critical, which its "
                        + "gradient verifies within the tolerance \(claim.claim.toleranceText)"
                } else {
                    outcome.report.verdict = .inconclusive
                    outcome.report.detail = summary + "; but the configuration's gradient is not within the tolerance "
                        + "\(claim.claim.toleranceText), so it is not shown to be that critical point"
                }
            }
            switch type {
            case .localMinimum:
                if inertia.negative == 0 {
                    holds(&outcome)
                } else {
                    outcome.report.verdict = .refuted
                    outcome.report.witness = curvatureWitness(rows, negative: true, precision: p)
                        .map { moduloSymmetry ? $0 + " (u varies the incoming weights W only, on the slice a = const)" : $0 }
                        ?? summary
                }
            case .saddle:
                if inertia.negative > 0 && inertia.positive > 0 {
                    holds(&outcome)
                } else {
                    outcome.report.verdict = .refuted
                    outcome.report.witness = definiteWitness(minimum: inertia.negative == 0, moduloSymmetry: moduloSymmetry,
                                                             summary: summary)
                }
            case .morseIndex(let expression, let table):
                let listed = instance.partition.flatMap { partition in table.first { $0.partition == partition }?.index }
                let expected = try listed.map { Rational($0) }
                    ?? expression.exactValue(in: environment(instance, partition: instance.partition))
                guard let index = expected?.intValue else {
                    outcome.report.verdict = .inconclusive
                    outcome.report.detail = "the claimed Morse index \(expression) is not an exact integer"
                    outcome.retry = false
                    return
                }
                if index == inertia.negative {
                    holds(&outcome)
                } else {
                    outcome.report.verdict = .refuted
                    outcome.report.witness = "the Morse index is \(inertia.negative), not \(index): \(summary)"
                }
            }
        }
    }

    /// The witness against a `saddle` claim at a critical point whose (certified) Hessian
    /// is definite. Without symmetry the point is a strict local minimum (maximum). Modulo
    /// the scaling symmetry only the `W` block on the slice `a = const` is definite; the
    /// full Hessian is singular along the orbit, on which the loss is constant, so the
    /// point is a local minimum (maximum) modulo the symmetry and not a strict one.
    func definiteWitness(minimum: Bool, moduloSymmetry: Bool, summary: String) -> String {
        let sign = minimum ? "positive" : "negative", kind = minimum ? "minimum" : "maximum"
        if moduloSymmetry {
            return "the Hessian restricted to the slice a = const is \(sign) definite (\(summary)): a local \(kind) "
                + "modulo the scaling symmetry (not strict: its orbit is a manifold of critical points with the same "
                + "loss), not a saddle"
        }
        return "the Hessian is \(sign) definite (\(summary)): a strict local \(kind), not a saddle"
    }

    /// A direction `u` with certified `uᵀ H u < 0` (or `> 0`) for every matrix of the
    /// interval Hessian: the eigenvector of the most negative (positive) eigenvalue of
    /// the midpoint matrix (`Approximate.symmetricEigenDecomposition`, float64 Jacobi after
    /// scaling by a power of two, so Hessians of any scale work), then checked with
    /// interval arithmetic. Nil when the check fails (the inertia still stands).
    func curvatureWitness(_ rows: [[Interval]], negative: Bool, precision p: Int) -> String? {
        guard let direction = Approximate.symmetricEigenDecomposition(rows)?.eigenvector(ofSmallest: negative)
        else { return nil }
        let u = direction.map { Interval($0, precision: p) }
        let form = SymmetricInertia.quadraticForm(rows, u, precision: p)
        guard negative ? form.isNegative : form.isPositive else { return nil }
        return "a unit direction u (eigenvector of the midpoint Hessian) with uᵀ H u ∈ \(form.description(digits: 10)) "
            + (negative ? "< 0 over the whole Krawczyk box: negative curvature, so not a local minimum"
                        : "> 0 over the whole Krawczyk box")
    }

    /// Krawczyk proof that the box of radius `2^(-p/2)` (every student parameter)
    /// around the configuration holds exactly one exact critical point: PROVED when it
    /// succeeds; INCONCLUSIVE with the reason when it does not (a singular Hessian means
    /// the critical point is not isolated, and more precision will not help).
    func proveUniqueCriticalPoint(_ claim: TheoremVerifier.PlannedClaim, _ instance: TheoremVerifier.PlannedInstance,
                                  precision p: Int, _ outcome: inout InstanceOutcome) throws {
        let problem = try self.problem(claim, instance, partition: instance.partition, precision: p)
        let certificate = try CriticalPointCertification.certify(problem, precision: p)
        outcome.report.krawczykRadius = "2^-\(p / 2)"
        switch certificate {
        case let .unique(contraction, _, hessianOverBox, symmetry):
            if case .certified(let inertia) = SymmetricInertia.certify(hessianOverBox) {
                outcome.report.morseIndex = inertia.negative
            }
            outcome.report.verdict = .proved
            outcome.report.detail = symmetry != nil
                ? "Krawczyk modulo the scaling symmetry: on the slice a = const, exactly one exact "
                    + "critical point lies within radius 2^-\(p / 2) (max norm over the n·d incoming weights); the critical "
                    + "points form its orbit under (a_i, w_i) → (a_i/α, α w_i), so they are not isolated; contraction ≤ "
                    + String(format: "%.3g", contraction)
                : "Krawczyk: exactly one exact critical point within radius 2^-\(p / 2) "
                    + "(max norm over all n(d+1) parameters) of the configuration; contraction ≤ "
                    + String(format: "%.3g", contraction)
        case .notCertified(let onAllParameters, _):
            outcome.report.verdict = .inconclusive
            outcome.report.krawczykRadius = nil
            var reason = "Krawczyk test failed at radius 2^-\(p / 2): \(certificate.failureDescription ?? "failed")"
            if case .singular(_, .some, _) = onAllParameters {
                reason += ". Expected for \(claim.activation): the scaling symmetry makes critical points non-isolated"
            }
            outcome.retry = certificate.morePrecisionMayHelp
            outcome.report.detail = reason
        }
    }
}
