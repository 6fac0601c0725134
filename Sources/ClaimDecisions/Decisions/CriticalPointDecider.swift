import CertifiedIntervals
import CertifiedLinearAlgebra
import TeacherStudent
import TheoremFiles
import Reports

/// Critical point: every gradient component's enclosure contains 0 and the largest is
/// within the tolerance (VERIFIED); some component's enclosure excludes 0 (REFUTED, that
/// component is the witness). A copy-average configuration whose reduced gradient
/// quantities are all decided exactly 0 (`ExactCriticality`) is PROVED ("exact"). With
/// `proof = "krawczyk"`, a Krawczyk proof of an exact critical point nearby (PROVED).
struct CriticalPointDecider: ClaimDecider {
    var proof: CriticalPointProof
    /// Exact zero tests of the reduced gradient quantities (copy-average configurations),
    /// memoised for the whole file (`EvaluationCache.exactCriticality`).
    var exact = ExactCriticality()

    /// The largest number of parameters for which critical-point claims also report the
    /// Morse index (an O(N³) factorisation per instance).
    static let morseIndexReportLimit = 80

    func decide(_ context: InstanceContext, _ decision: inout InstanceDecision) throws {
        let result = try context.lossAndGradient(partition: context.partition)
        let maxAbs = result.gradientMaxAbs
        decision.evidence.loss = result.loss
        decision.evidence.gradientMaxAbs = maxAbs
        decision.worstBound = .gradientMaxAbs(maxAbs)
        // A point known only numerically is not claimed to be exactly critical: its claim is
        // a small gradient (VERIFIED) and, with Krawczyk, an exact critical point nearby.
        if !context.isNumerical, let (component, enclosure) = gradientComponentExcludingZero(result) {
            decision.verdict = .refuted
            decision.witness = .gradientComponent(component, enclosure, asNotCritical: false)
            return
        }
        // A closed-form copy-average configuration whose reduced gradient quantities are
        // all exactly 0 is exactly critical: PROVED, no tolerance.
        if proof == .enclosure, let exactProof = exact.prove(context) {
            decision.verdict = .proved
            decision.detail = .exactlyCritical(exactProof)
            decision.evidence.morseIndex = try morseIndex(context)
            return
        }
        guard maxAbs.isAtMost(context.tolerance) else {
            if context.isNumerical && proof == .krawczyk {
                // The refined point need not have a tiny gradient for Krawczyk to work.
                try proveUniqueCriticalPoint(context, &decision)
                return
            }
            decision.verdict = .inconclusive
            decision.detail = .gradientNotWithinTolerance(maxAbs: maxAbs, tolerance: context.claim.claim.toleranceText)
            return
        }
        decision.verdict = .verified
        if proof == .krawczyk {
            try proveUniqueCriticalPoint(context, &decision)
        } else if !context.isNumerical {
            decision.evidence.morseIndex = try morseIndex(context)
        }
    }

    /// The certified Morse index of the Hessian at the configuration, when the Hessian is
    /// small and its inertia certifiable. Informative only: it does not change the verdict.
    func morseIndex(_ context: InstanceContext) throws -> Int? {
        // The planned sizes are the problem's (n students of dimension d): a network past
        // the limit is not built at all (building one per instance costs O(k d) enclosures).
        if let size = context.instance.size, size.students * (size.inputDimension + 1) > Self.morseIndexReportLimit {
            return nil
        }
        let problem = try context.problem(partition: context.partition)
        guard problem.parameterCount <= Self.morseIndexReportLimit else { return nil }
        guard let hessian = try? DenseEvaluation.hessian(problem, precision: context.precision),
              case .certified(let inertia) = SymmetricInertia.certify(hessian.rows) else { return nil }
        return inertia.negative
    }

    /// Krawczyk proof that the box of radius `2^(-p/2)` (every student parameter) around
    /// the configuration holds exactly one exact critical point: PROVED when it succeeds;
    /// INCONCLUSIVE with the reason when it does not (a singular Hessian means the critical
    /// point is not isolated, and more precision will not help).
    func proveUniqueCriticalPoint(_ context: InstanceContext, _ decision: inout InstanceDecision) throws {
        let problem = try context.problem(partition: context.partition)
        switch try CriticalPointProofs.certify(problem, precision: context.precision) {
        case .proved(let certificate, _):
            if case .certified(let inertia) = SymmetricInertia.certify(certificate.hessianOverBox) {
                decision.evidence.morseIndex = inertia.negative
            }
            decision.evidence.krawczyk = certificate
            decision.verdict = .proved
            decision.detail = .krawczykProved(certificate)
        case .failed(let failure):
            decision.verdict = .inconclusive
            decision.retry = failure.morePrecisionMayHelp ? .morePrecisionMayHelp : .final
            decision.detail = .krawczykFailed(failure, radiusExponent: CriticalPointProofs.radiusExponent(context.precision))
        }
    }
}
