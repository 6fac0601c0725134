import CertifiedIntervals
import CertifiedLinearAlgebra
import ClosedForms
import TeacherStudent
import TheoremFiles
import Reports

extension InstanceDecider {

    /// Critical point: every gradient component's enclosure contains 0 and the largest
    /// is within the tolerance (VERIFIED); some component's enclosure excludes 0
    /// (REFUTED, that component is the witness).
    func decideCriticalPoint(_ claim: TheoremVerifier.PlannedClaim, _ instance: TheoremVerifier.PlannedInstance,
                             proof: CriticalPointProof, precision p: Int, _ outcome: inout InstanceOutcome) throws {
        let result = try lossAndGradient(claim, instance, partition: instance.partition, precision: p)
        let maxAbs = result.gradientMaxAbs
        outcome.report.loss = EnclosureFormatting.bounds(result.loss)
        outcome.report.gradientMaxAbs = EnclosureFormatting.upperBound(maxAbs)
        outcome.worstKey = (maxAbs.upperBoundAsDouble, "max |grad| ≤ \(EnclosureFormatting.short(maxAbs))")
        let n = result.outputWeightGradient.count, d = result.inputWeightGradient.columns
        // A point known only numerically is not claimed to be exactly critical: its claim is
        // a small gradient (VERIFIED) and, with Krawczyk, an exact critical point nearby.
        var isNumerical = false
        if let family = claim.family, case .numerical = family.kind { isNumerical = true }
        for (index, component) in result.flattenedGradient.enumerated() where !component.containsZero && !isNumerical {
            outcome.report.verdict = .refuted
            outcome.report.witness = "\(componentName(index, students: n, dimension: d)) ∈ "
                + "\(component.description(digits: 12)) excludes 0"
            return
        }
        guard maxAbs.isWithin(magnitude: claim.claim.tolerance) else {
            if isNumerical && proof == .krawczyk {
                // The refined point need not have a tiny gradient for Krawczyk to work.
                try proveUniqueCriticalPoint(claim, instance, precision: p, &outcome)
                return
            }
            outcome.report.verdict = .inconclusive
            outcome.report.detail = "every gradient enclosure contains 0, but max |grad| ≤ \(EnclosureFormatting.short(maxAbs)) "
                + "is not within the tolerance \(claim.claim.toleranceText)"
            return
        }
        outcome.report.verdict = .verified
        if proof == .krawczyk {
            try proveUniqueCriticalPoint(claim, instance, precision: p, &outcome)
        } else if !isNumerical {
            try reportMorseIndex(claim, instance, precision: p, &outcome)
        }
    }

    /// The largest number of parameters for which critical-point claims also report the
    /// Morse index (an O(N³) factorisation per instance).
    static let morseIndexReportLimit = 80

    /// Adds the certified Morse index of the Hessian at the configuration to a
    /// critical-point report, when the Hessian is small and its inertia certifiable.
    /// Informative only: it does not change the verdict.
    func reportMorseIndex(_ claim: TheoremVerifier.PlannedClaim, _ instance: TheoremVerifier.PlannedInstance,
                          precision p: Int, _ outcome: inout InstanceOutcome) throws {
        let problem = try self.problem(claim, instance, partition: instance.partition, precision: p)
        guard problem.parameterCount <= Self.morseIndexReportLimit else { return }
        guard let hessian = try? DenseEvaluation.hessian(problem, precision: p),
              case .certified(let inertia) = SymmetricInertia.certify(hessian.rows) else { return }
        outcome.report.morseIndex = inertia.negative
    }

    /// Loss equals a closed form: `L − equals` within the tolerance.
    func decideLoss(_ claim: TheoremVerifier.PlannedClaim, _ instance: TheoremVerifier.PlannedInstance,
                    equals: Expression, precision p: Int, _ outcome: inout InstanceOutcome) throws {
        let loss = try self.loss(claim, instance, partition: instance.partition, precision: p)
        let expected = try equals.enclosure(in: environment(instance, partition: instance.partition), precision: p)
        outcome.report.loss = EnclosureFormatting.bounds(loss)
        outcome.report.value = EnclosureFormatting.bounds(expected)
        equalityVerdict(loss - expected, tolerance: claim.claim.tolerance, what: "L − (\(equals))", &outcome)
    }

    /// Minimum over the family: the arg-min's loss is certainly below every other
    /// member's (PROVED), and equals `value` within the tolerance (then VERIFIED).
    func decideMinimum(_ claim: TheoremVerifier.PlannedClaim, _ instance: TheoremVerifier.PlannedInstance,
                       value: Expression?, precision p: Int, _ outcome: inout InstanceOutcome) throws {
        guard let best = instance.partition, let members = instance.members else { return }
        let bestLoss = try loss(claim, instance, partition: best, precision: p)
        outcome.report.loss = EnclosureFormatting.bounds(bestLoss)
        var smallestGap: Interval?
        var undecided: [[Int]] = []
        for member in members where member != best {
            let memberLoss = try loss(claim, instance, partition: member, precision: p)
            if Interval.certainlyLess(memberLoss, bestLoss) {
                outcome.report.verdict = .refuted
                outcome.report.witness = "partition (\(member.map(String.init).joined(separator: ", "))) has loss "
                    + "\(memberLoss.description(digits: 15)) < \(bestLoss.description(digits: 15)), the loss of the claimed arg-min"
                return
            }
            if Interval.certainlyLess(bestLoss, memberLoss) {
                let gap = memberLoss - bestLoss
                if smallestGap == nil || Interval.certainlyLess(gap.lowerEndpoint, smallestGap!.lowerEndpoint) {
                    smallestGap = gap
                }
            } else {
                undecided.append(member)
            }
        }
        if let smallestGap {
            outcome.report.gap = EnclosureFormatting.bounds(smallestGap)
            outcome.worstKey = (-smallestGap.lowerBoundAsDouble, "min gap ≥ \(smallestGap.lowerDecimal(digits: 3))")
        }
        if !members.contains(best) {
            outcome.report.verdict = .refuted
            outcome.report.witness = "the claimed arg-min is not a member of the family"
            return
        }
        guard undecided.isEmpty else {
            outcome.report.verdict = .inconclusive
            outcome.report.detail = "the loss enclosures of (\(undecided[0].map(String.init).joined(separator: ", "))) "
                + "and the arg-min overlap"
            return
        }
        if members.count == 1 { outcome.report.detail = "the family has a single member at this instance" }
        guard let value else { outcome.report.verdict = .proved; return }
        let expected = try value.enclosure(in: environment(instance, partition: best), precision: p)
        outcome.report.value = EnclosureFormatting.bounds(expected)
        let gapKey = outcome.worstKey
        equalityVerdict(bestLoss - expected, tolerance: claim.claim.tolerance, what: "L(arg-min) − (\(value))", &outcome)
        outcome.worstKey = gapKey   // the claim's summary reports the smallest gap
    }
}
