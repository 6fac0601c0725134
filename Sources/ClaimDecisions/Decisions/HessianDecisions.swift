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
        let attempt = try certifyCriticalPoint(problem, precision: p)
        let proof = attempt.proof, moduloSymmetry = attempt.moduloSymmetry
        guard proof.isUnique else {
            outcome.report.verdict = .inconclusive
            var detail = "no isolated critical point certified (Krawczyk at radius 2^-\(p / 2): \(attempt.failure))"
            let full = attempt.fullSpace
            if case .undecided(let step, let pivot, let positive, let negative) = SymmetricInertia.certify(full.hessianOverBox) {
                detail += "; the Hessian (size \(full.hessianOverBox.count)) is singular or too wide: at step \(step + 1) "
                    + "no pivot excludes 0 (e.g. \(pivot.description(digits: 6))), \(positive) positive and \(negative) "
                    + "negative eigenvalues certified before"
            }
            outcome.retry = attempt.morePrecisionMayHelp
            if full.failureKind == .singularHessian && SymmetryQuotient.homogeneityDegree(claim.activation) != nil {
                detail += ". Expected for \(claim.activation): the loss is constant along (a_i, w_i) → (a_i/α^m, α w_i), "
                    + "so the Hessian is singular at critical points with a_i w_i ≠ 0 and they are not isolated"
            }
            outcome.report.detail = detail
            return
        }
        if moduloSymmetry, let degree = SymmetryQuotient.homogeneityDegree(claim.activation) {
            outcome.report.detail = "modulo the scaling symmetry (a_i, w_i) → (a_i/α^\(degree), α w_i): "
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
    /// the midpoint matrix, computed in float64 by Jacobi's method, then checked with
    /// interval arithmetic. Nil when the check fails (the inertia still stands).
    /// The matrix is first scaled by an exact power of two so that its largest entry has
    /// magnitude in `[1/2, 1)` (eigenvectors do not change), so that Hessians of any
    /// scale (`1e-310`, `1e+300`) neither underflow nor overflow in float64.
    func curvatureWitness(_ rows: [[Interval]], negative: Bool, precision p: Int) -> String? {
        let n = rows.count
        let exponent = rows.joined().compactMap(\.magnitudeExponent).max() ?? 0
        var a = rows.map { $0.map { $0.scaled(byPowerOfTwo: -exponent).midpointAsDouble } }
        guard a.joined().allSatisfy(\.isFinite) else { return nil }
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
        let attempt = try certifyCriticalPoint(problem, precision: p)
        let result = attempt.proof, moduloSymmetry = attempt.moduloSymmetry
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
            var reason = "Krawczyk test failed at radius 2^-\(p / 2): \(attempt.failure)"
            if attempt.fullSpace.failureKind == .singularHessian && SymmetryQuotient.homogeneityDegree(claim.activation) != nil {
                reason += ". Expected for \(claim.activation): the scaling symmetry makes critical points non-isolated"
            }
            outcome.retry = attempt.morePrecisionMayHelp
            outcome.report.detail = reason
        }
    }

    /// The Krawczyk proofs tried for one configuration.
    struct KrawczykAttempt {
        /// The proof on all parameters.
        let fullSpace: KrawczykCertification.Result
        /// The proof on the slice `a = const`, when it was tried: the activation has a
        /// scaling symmetry, the slice is transversal, and the proof on all parameters failed.
        let slice: KrawczykCertification.Result?

        /// True when the proof that succeeded is the one on the slice.
        var moduloSymmetry: Bool { slice?.isUnique == true }
        /// The proof that succeeded, or the one on all parameters.
        var proof: KrawczykCertification.Result { moduloSymmetry ? slice! : fullSpace }
        /// Why no proof succeeded, naming both attempts when the slice was tried.
        var failure: String {
            guard let slice else { return fullSpace.failure ?? "failed" }
            return "on all parameters, \(fullSpace.failure ?? "failed"); on the slice a = const, \(slice.failure ?? "failed")"
        }
        /// False when every attempt failed structurally (a Hessian singular to working
        /// precision, or a slice that misses the orbit): doubling the precision is not
        /// expected to help. True when some attempt may succeed with more precision (a
        /// configuration wider than the box, or a Krawczyk image not yet contracting).
        var morePrecisionMayHelp: Bool { !fullSpace.isStructuralFailure || slice.map { !$0.isStructuralFailure } == true }
    }

    /// Krawczyk proofs for `problem` at radius `2^(-p/2)`: first on all parameters; when
    /// that fails and the activation has the scaling symmetry of degree `m` with every
    /// outgoing weight certified non-zero, on the slice `a = const` (see `SymmetryQuotient`).
    func certifyCriticalPoint(_ problem: TeacherStudentProblem, precision p: Int) throws -> KrawczykAttempt {
        let radius = krawczykRadius(p)
        let full = try KrawczykCertification.certify(problem, radius: radius, precision: p)
        guard !full.isUnique, let degree = SymmetryQuotient.homogeneityDegree(problem.activation),
              SymmetryQuotient.sliceIsTransversal(problem) else { return KrawczykAttempt(fullSpace: full, slice: nil) }
        let slice = try KrawczykCertification.certify(problem, radius: radius, precision: p, sliceOfDegree: degree)
        return KrawczykAttempt(fullSpace: full, slice: slice)
    }
}
