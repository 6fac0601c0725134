import CertifiedIntervals
import CertifiedLinearAlgebra
import ClosedForms
import TeacherStudent
import TheoremFiles

/// The type of a critical point, from the inertia of its certified Hessian (Sylvester's
/// law on an interval block LDLᵀ factorisation).
///
/// The Hessian is taken over the Krawczyk box of radius `2^(-p/2)` around the
/// configuration, after the Krawczyk operator has proved that this box holds exactly one
/// exact critical point; its inertia is then the type of that critical point. A
/// configuration whose gradient enclosure excludes 0 is REFUTED outright (it is not a
/// critical point, so it is neither a minimum nor a saddle); a singular Hessian (e.g.
/// ReLU's scaling symmetry) leaves the claim INCONCLUSIVE with the reason. A false type
/// is REFUTED with a certified direction of curvature of the wrong sign.
struct HessianDecider: ClaimDecider {
    var type: HessianClaim
    /// Exact criticality of copy-average configurations, shared by the claim's instances.
    var exact = ExactCriticality()

    func decide(_ context: InstanceContext, _ decision: inout InstanceDecision) throws {
        if let claimed = DegenerateMinimumDecider.claimed(type) {
            try DegenerateMinimumDecider.decide(claimed, exact: exact, context, &decision)
            return
        }
        let problem = try context.problem(partition: context.partition)
        // Whether the configuration itself is shown critical (within the tolerance); a
        // numerical family's claim is about the critical point found, not the computed point.
        var criticality = ConfigurationCriticality.notApplicable
        if !context.isNumerical {
            let gradient = try context.lossAndGradient(partition: context.partition)
            decision.evidence.gradientMaxAbs = gradient.gradientMaxAbs
            let tolerance = context.claim.claim.toleranceText
            criticality = gradient.gradientMaxAbs.isAtMost(context.tolerance)
                ? .gradientWithinTolerance(tolerance) : .gradientNotWithinTolerance(tolerance)
            if let (component, enclosure) = gradientComponentExcludingZero(gradient) {
                decision.verdict = .refuted
                decision.witness = .gradientComponent(component, enclosure, asNotCritical: true)
                return
            }
            if let exactProof = exact.prove(context) {
                // Exactly symmetric and exactly critical: the symmetry sectors (see
                // HessianDecider+Sectors.swift), else the dense Hessian at the point.
                if try decideBySectors(exactProof, context, &decision) { return }
                try chargeDenseHessian(context)
                if try decideAtExactPoint(problem, exactProof, context, &decision) { return }
            } else {
                try chargeDenseHessian(context)
            }
        }
        decision.evidence.hessianMethod = .krawczykBox
        let radiusExponent = CriticalPointProofs.radiusExponent(context.precision)
        switch try CriticalPointProofs.certify(problem, precision: context.precision) {
        case .failed(let failure):
            decision.verdict = .inconclusive
            var singular: UndecidedInertia?
            if case let .undecided(step, pivot, positive, negative) = SymmetricInertia.certify(failure.fullSpaceHessian) {
                singular = UndecidedInertia(size: failure.fullSpaceHessian.count, step: step, pivot: pivot,
                                            positive: positive, negative: negative)
            }
            decision.retry = failure.morePrecisionMayHelp ? .morePrecisionMayHelp : .final
            decision.detail = .noIsolatedCriticalPoint(failure, radiusExponent: radiusExponent, singularHessian: singular)
        case .proved(let certificate, _):
            decision.evidence.krawczyk = certificate
            switch SymmetricInertia.certify(certificate.hessianOverBox) {
            case let .undecided(step, pivot, positive, negative):
                decision.verdict = .inconclusive
                decision.detail = .hessianTooWide(UndecidedInertia(size: certificate.hessianOverBox.count, step: step,
                                                                   pivot: pivot, positive: positive, negative: negative))
            case .certified(let inertia):
                let summary = InertiaSummary(positive: inertia.positive, negative: inertia.negative,
                                             radiusExponent: radiusExponent, moduloSymmetry: certificate.moduloSymmetry)
                decision.evidence.morseIndex = inertia.negative
                decision.worstBound = .morseIndex(inertia.negative)
                decision.detail = .inertia(summary, configuration: .notApplicable)
                try judgeType(summary, hessian: certificate.hessianOverBox, criticality: criticality, context, &decision)
            }
        }
    }

    /// The verdict on the claimed type, given the certified inertia of the critical point.
    func judgeType(_ summary: InertiaSummary, hessian: [[Interval]],
                   criticality: ConfigurationCriticality, _ context: InstanceContext,
                   _ decision: inout InstanceDecision) throws {
        switch type {
        case .localMinimum:
            guard summary.negative == 0 else {
                decision.verdict = .refuted
                decision.witness = CurvatureDirection.negativeCurvature(hessian, precision: context.precision)
                    .map { .negativeCurvature(form: $0, moduloSymmetry: summary.moduloSymmetry) } ?? .notAMinimum(summary)
                return
            }
        case .saddle:
            guard summary.negative > 0 && summary.positive > 0 else {
                decision.verdict = .refuted
                decision.witness = .definiteHessian(minimum: summary.negative == 0, summary)
                return
            }
        case .reportIndex, .localMinimumModuloSymmetry, .globalMinimum:
            break  // nothing claimed about the type here: the index is in the report (degenerate types: DegenerateMinimumDecider)
        case .morseIndex(let expression, let table):
            let listed = context.partition.flatMap { partition in table.first { $0.partition == partition }?.index }
            let expected = try listed.map { Rational($0) }
                ?? expression.exactValue(in: context.environment(partition: context.partition))
            guard let index = expected?.intValue else {
                decision.verdict = .inconclusive
                decision.detail = .morseIndexNotInteger(expression)
                decision.retry = .final
                return
            }
            guard index == summary.negative else {
                decision.verdict = .refuted
                decision.witness = .morseIndex(actual: summary.negative, claimed: index, summary)
                return
            }
        }
        holds(summary, criticality: criticality, &decision)
    }

    /// The type matches. For a closed-form configuration the claim is "this point is a
    /// critical point of this type": the type is proved for the unique critical point in
    /// the box, and the configuration is that point if it is critical at all, which
    /// enclosures can only verify (VERIFIED); a numerical point's claim is about the
    /// critical point found (PROVED).
    func holds(_ summary: InertiaSummary, criticality: ConfigurationCriticality, _ decision: inout InstanceDecision) {
        switch criticality {
        case .notApplicable, .exact: decision.verdict = .proved
        case .gradientWithinTolerance: decision.verdict = .verified
        case .gradientNotWithinTolerance: decision.verdict = .inconclusive
        }
        decision.detail = .inertia(summary, configuration: criticality)
    }

    /// At an exactly critical configuration the type is the inertia of the Hessian at the
    /// point itself (Sylvester's law on a certified interval LDLᵀ; a non-singular Hessian at
    /// a critical point makes it a non-degenerate critical point of that Morse index), so no
    /// Krawczyk box is needed. Returns false — leaving the Krawczyk path to decide — when the
    /// inertia at the point is not certified (a singular Hessian: a symmetry, a Morse–Bott
    /// point, or enclosures too wide).
    func decideAtExactPoint(_ problem: TeacherStudentProblem, _ proof: ExactCriticality.Proof,
                            _ context: InstanceContext, _ decision: inout InstanceDecision) throws -> Bool {
        let hessian = try DenseEvaluation.hessian(problem, precision: context.precision).rows
        guard case .certified(let inertia) = SymmetricInertia.certify(hessian) else { return false }
        decision.evidence.hessianMethod = .denseAtExactPoint
        let summary = InertiaSummary(positive: inertia.positive, negative: inertia.negative, radiusExponent: 0,
                                     moduloSymmetry: false, atExactPoint: true)
        decision.evidence.morseIndex = inertia.negative
        decision.worstBound = .morseIndex(inertia.negative)
        decision.detail = .inertia(summary, configuration: .exact(proof))
        try judgeType(summary, hessian: hessian, criticality: .exact(proof), context, &decision)
        return true
    }
}
