import Foundation
import CertifiedIntervals
import ClosedForms
import TeacherStudent
import TheoremFiles
import Reports

extension InstanceDecider {

    /// The type of a critical point from the inertia of its certified Hessian
    /// (Sylvester's law on an interval LDLᵀ factorisation): local minimum (no negative
    /// pivot), saddle (pivots of both signs), Morse index (the number of negative
    /// pivots). A false claim is REFUTED with a certified direction of curvature of
    /// the wrong sign as witness.
    func decideHessian(_ claim: TheoremVerifier.PlannedClaim, _ instance: TheoremVerifier.PlannedInstance,
                       type: HessianClaim, precision p: Int, _ outcome: inout InstanceOutcome) throws {
        let problem = try self.problem(claim, instance, partition: instance.partition, precision: p)
        let hessian = try DenseEvaluation.hessian(problem, precision: p)
        let rows = hessian.rows
        switch SymmetricInertia.certify(rows) {
        case let .undecided(step, pivot, positive, negative):
            outcome.report.verdict = .inconclusive
            var detail = "the Hessian (size \(hessian.size)) is singular or too wide to factorise: at step \(step + 1) every "
                + "remaining pivot encloses 0 (e.g. \(pivot.description(digits: 6))); \(positive) positive and "
                + "\(negative) negative pivots certified before"
            if claim.activation.isPositivelyHomogeneous || claim.activation == .quadratic {
                detail += ". Expected: \(claim.activation) is positively homogeneous, so the loss is constant along "
                    + "(a_i, w_i) → (a_i/α^m, α w_i) and the Hessian is singular at every critical point; "
                    + "critical points are not isolated"
                outcome.retry = false
            }
            outcome.report.detail = detail
        case .certified(let inertia):
            outcome.report.morseIndex = inertia.negative
            outcome.worstKey = (Double(inertia.negative), "Morse index \(inertia.negative) of \(hessian.size)")
            let summary = "certified inertia: \(inertia.positive) positive, \(inertia.negative) negative, 0 zero eigenvalues"
            outcome.report.detail = summary
            switch type {
            case .localMinimum:
                if inertia.negative == 0 {
                    outcome.report.verdict = .proved
                } else {
                    outcome.report.verdict = .refuted
                    outcome.report.witness = curvatureWitness(rows, inertia, negative: true, precision: p) ?? summary
                }
            case .saddle:
                if inertia.negative > 0 && inertia.positive > 0 {
                    outcome.report.verdict = .proved
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
                    outcome.report.verdict = .proved
                } else {
                    outcome.report.verdict = .refuted
                    outcome.report.witness = "the Morse index is \(inertia.negative), not \(index) (\(summary))"
                        + (index < inertia.negative ? "" : "")
                }
            }
        }
    }

    /// A direction `u` with certified `uᵀ H u < 0` (or `> 0`), built from the LDLᵀ
    /// factorisation of the midpoint matrix in the certified pivot order: `u` solves
    /// `Lᵀ u = e_s` for a pivot `s` of the wanted sign, so `uᵀ H u ≈ D_s`. Returns nil
    /// when rounding prevents certifying the sign (the inertia still stands).
    func curvatureWitness(_ rows: [[Interval]], _ inertia: SymmetricInertia.Inertia, negative: Bool,
                          precision p: Int) -> String? {
        let n = rows.count
        let order = inertia.order
        guard let s = inertia.pivots.firstIndex(where: { negative ? $0.isNegative : $0.isPositive }) else { return nil }
        // Midpoint matrix in pivot order.
        var m = (0..<n).map { i in (0..<n).map { j in rows[order[i]][order[j]].midpointAsDouble } }
        var l = Array(repeating: Array(repeating: 0.0, count: n), count: n)
        for k in 0..<n {
            l[k][k] = 1
            guard m[k][k] != 0 else { return nil }
            for i in (k + 1)..<max(n, k + 1) {
                l[i][k] = m[i][k] / m[k][k]
                for j in (k + 1)..<n { m[i][j] -= l[i][k] * m[k][j] }
            }
        }
        // Solve Lᵀ v = e_s by back substitution.
        var v = Array(repeating: 0.0, count: n)
        for i in stride(from: n - 1, through: 0, by: -1) {
            var sum = i == s ? 1.0 : 0.0
            for j in (i + 1)..<max(n, i + 1) { sum -= l[j][i] * v[j] }
            v[i] = sum
        }
        var u = Array(repeating: Interval.zero(precision: p), count: n)
        for i in 0..<n where v[i].isFinite { u[order[i]] = Interval(v[i], precision: p) }
        let form = SymmetricInertia.quadraticForm(rows, u, precision: p)
        guard negative ? form.isNegative : form.isPositive else { return nil }
        let support = (0..<n).filter { !u[$0].isExactZero }.count
        return "a direction u (\(support) non-zero coordinates, pivot \(s + 1)) with uᵀ H u ∈ "
            + "\(form.description(digits: 10)) \(negative ? "< 0" : "> 0"): negative curvature, so not a local minimum"
    }

    /// Krawczyk proof that the box of radius `2^(-p/2)` (every student parameter)
    /// around the configuration holds exactly one exact critical point: PROVED when it
    /// succeeds; INCONCLUSIVE with the reason when it does not (a singular Hessian means
    /// the critical point is not isolated, and more precision will not help).
    func proveUniqueCriticalPoint(_ claim: TheoremVerifier.PlannedClaim, _ instance: TheoremVerifier.PlannedInstance,
                                  precision p: Int, _ outcome: inout InstanceOutcome) throws {
        let problem = try self.problem(claim, instance, partition: instance.partition, precision: p)
        let radius = krawczykRadius(p)
        let result = try KrawczykCertification.certify(problem, radius: radius, precision: p)
        outcome.report.krawczykRadius = "2^-\(p / 2)"
        if result.isUnique {
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
