import Foundation
import CertifiedIntervals
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
        var proof = try KrawczykCertification.certify(problem, radius: krawczykRadius(p), precision: p)
        var moduloSymmetry = false
        if !proof.isUnique, let degree = SymmetryQuotient.homogeneityDegree(claim.activation),
           SymmetryQuotient.sliceIsTransversal(problem) {
            // Quotient the scaling symmetry: the slice a = const.
            let slice = try KrawczykCertification.certify(problem, radius: krawczykRadius(p), precision: p,
                                                          sliceOfDegree: degree)
            if slice.isUnique {
                proof = slice
                moduloSymmetry = true
                outcome.report.detail = "modulo the scaling symmetry (a_i, w_i) → (a_i/α^\(degree), α w_i): "
            }
        }
        guard proof.isUnique else {
            outcome.report.verdict = .inconclusive
            var detail = "no isolated critical point certified (Krawczyk at radius 2^-\(p / 2): \(proof.failure ?? "failed"))"
            if case .undecided(let step, let pivot, let positive, let negative) = SymmetricInertia.certify(proof.hessianOverBox) {
                detail += "; the Hessian (size \(proof.hessianOverBox.count)) is singular or too wide: at step \(step + 1) "
                    + "no pivot excludes 0 (e.g. \(pivot.description(digits: 6))), \(positive) positive and \(negative) "
                    + "negative eigenvalues certified before"
            }
            if proof.contraction == .infinity {
                outcome.retry = false
                if claim.activation.isPositivelyHomogeneous || claim.activation == .quadratic {
                    detail += ". Expected for \(claim.activation): the loss is constant along (a_i, w_i) → (a_i/α^m, α w_i), "
                        + "so the Hessian is singular at critical points with a_i w_i ≠ 0 and they are not isolated"
                }
            }
            outcome.report.detail = detail
            return
        }
        outcome.report.krawczykRadius = "2^-\(p / 2)"
        let rows = proof.hessianOverBox
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
                    outcome.report.witness = curvatureWitness(rows, negative: true, precision: p) ?? summary
                }
            case .saddle:
                if inertia.negative > 0 && inertia.positive > 0 {
                    holds(&outcome)
                } else {
                    outcome.report.verdict = .refuted
                    outcome.report.witness = inertia.negative == 0
                        ? "the Hessian is positive definite (\(summary)): a strict local minimum, not a saddle"
                        : "the Hessian is negative definite (\(summary)): a strict local maximum, not a saddle"
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

    /// A direction `u` with certified `uᵀ H u < 0` (or `> 0`) for every matrix of the
    /// interval Hessian: the eigenvector of the most negative (positive) eigenvalue of
    /// the midpoint matrix, computed in float64 by Jacobi's method, then checked with
    /// interval arithmetic. Nil when the check fails (the inertia still stands).
    func curvatureWitness(_ rows: [[Interval]], negative: Bool, precision p: Int) -> String? {
        let n = rows.count
        var a = rows.map { $0.map(\.midpointAsDouble) }
        for i in 0..<n { for j in 0..<i { let m = (a[i][j] + a[j][i]) / 2; a[i][j] = m; a[j][i] = m } }
        var v = (0..<n).map { i in (0..<n).map { $0 == i ? 1.0 : 0.0 } }
        for _ in 0..<60 {
            var off = 0.0
            for i in 0..<n { for j in 0..<n where i != j { off += a[i][j] * a[i][j] } }
            if off < 1e-24 { break }
            for p in 0..<n {
                for q in (p + 1)..<max(n, p + 1) where Swift.abs(a[p][q]) > 1e-300 {
                    let theta = (a[q][q] - a[p][p]) / (2 * a[p][q])
                    let t = (theta >= 0 ? 1.0 : -1.0) / (Swift.abs(theta) + (theta * theta + 1).squareRoot())
                    let c = 1 / (t * t + 1).squareRoot(), s = t * c
                    for k in 0..<n {
                        let akp = a[k][p], akq = a[k][q]
                        a[k][p] = c * akp - s * akq; a[k][q] = s * akp + c * akq
                    }
                    for k in 0..<n {
                        let apk = a[p][k], aqk = a[q][k]
                        a[p][k] = c * apk - s * aqk; a[q][k] = s * apk + c * aqk
                    }
                    for k in 0..<n {
                        let vkp = v[k][p], vkq = v[k][q]
                        v[k][p] = c * vkp - s * vkq; v[k][q] = s * vkp + c * vkq
                    }
                }
            }
        }
        let eigenvalues = (0..<n).map { a[$0][$0] }
        guard let column = eigenvalues.indices.min(by: { negative ? eigenvalues[$0] < eigenvalues[$1] : eigenvalues[$0] > eigenvalues[$1] })
        else { return nil }
        let u = (0..<n).map { Interval(v[$0][column].isFinite ? v[$0][column] : 0, precision: p) }
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
        let radius = krawczykRadius(p)
        var result = try KrawczykCertification.certify(problem, radius: radius, precision: p)
        var moduloSymmetry = false
        if !result.isUnique, let degree = SymmetryQuotient.homogeneityDegree(claim.activation),
           SymmetryQuotient.sliceIsTransversal(problem) {
            let slice = try KrawczykCertification.certify(problem, radius: radius, precision: p, sliceOfDegree: degree)
            if slice.isUnique { result = slice; moduloSymmetry = true }
        }
        outcome.report.krawczykRadius = "2^-\(p / 2)"
        if result.isUnique, case .certified(let inertia) = SymmetricInertia.certify(result.hessianOverBox) {
            outcome.report.morseIndex = inertia.negative
        }
        if result.isUnique && moduloSymmetry {
            outcome.report.verdict = .proved
            outcome.report.detail = "Krawczyk modulo the scaling symmetry: on the slice a = const, exactly one exact "
                + "critical point lies within radius 2^-\(p / 2) (max norm over the n·d incoming weights); the critical "
                + "points form its orbit under (a_i, w_i) → (a_i/α, α w_i), so they are not isolated; contraction ≤ "
                + String(format: "%.3g", result.contraction)
        } else if result.isUnique {
            outcome.report.verdict = .proved
            outcome.report.detail = "Krawczyk: exactly one exact critical point within radius 2^-\(p / 2) "
                + "(max norm over all n(d+1) parameters) of the configuration; contraction ≤ "
                + String(format: "%.3g", result.contraction)
        } else {
            outcome.report.verdict = .inconclusive
            outcome.report.krawczykRadius = nil
            var reason = "Krawczyk test failed at radius 2^-\(p / 2): \(result.failure ?? "")"
            if claim.activation.isPositivelyHomogeneous || claim.activation == .quadratic {
                reason += ". Expected for \(claim.activation): the scaling symmetry makes critical points non-isolated"
                outcome.retry = false
            }
            if result.contraction == .infinity { outcome.retry = false }
            outcome.report.detail = reason
        }
    }
}
