import Foundation
import CertifiedIntervals
import TeacherStudent
import Reports

/// Typed decisions → reports: the one place where verdicts get their prose (witnesses,
/// details, the worst bound in words) and enclosures their decimals.
enum DecisionRendering {

    static func instanceReport(_ decision: InstanceDecision,
                               _ instance: TheoremVerifier.PlannedInstance) -> InstanceReport {
        var report = InstanceReport(parameters: ParameterValues(instance.parameters.values), verdict: decision.verdict,
                                    precision: decision.precision, seconds: decision.seconds)
        report.partition = instance.partition
        report.point = instance.point?.map(\.description)
        let evidence = decision.evidence
        report.loss = evidence.loss.map(EnclosureFormatting.bounds)
        report.gradientMaxAbs = evidence.gradientMaxAbs.map(EnclosureFormatting.upperBound)
        report.value = evidence.value.map(EnclosureFormatting.bounds)
        report.difference = evidence.difference.map(EnclosureFormatting.bounds)
        report.left = evidence.left.map(EnclosureFormatting.bounds)
        report.right = evidence.right.map(EnclosureFormatting.bounds)
        report.gap = evidence.gap.map(EnclosureFormatting.bounds)
        report.morseIndex = evidence.morseIndex
        report.nullity = evidence.nullity
        report.krawczykRadius = evidence.krawczyk.map { "2^-\($0.radiusExponent)" }
        if evidence.krawczyk?.moduloSymmetry == true { report.moduloSymmetry = true }
        report.hessianMethod = evidence.hessianMethod?.rawValue
        report.sectors = evidence.sectors?.map(sectorReport)
        report.witness = decision.witness.map(text)
        report.detail = decision.detail.map(text)
        report.proof = decision.universal.map(proofReport)
        if let maximum = decision.undecidedAtMaximumPrecision {
            let note = "undecided at the maximum precision \(maximum) bits"
            report.detail = report.detail.map { "\($0); \(note)" } ?? note
        }
        return report
    }

    /// The claim's weakest bound in words.
    static func text(_ bound: WorstBound) -> String {
        switch bound {
        case .gradientMaxAbs(let x): return "max |grad| ≤ \(EnclosureFormatting.short(x))"
        case .differenceMagnitude(let x): return "max |difference| ≤ \(EnclosureFormatting.short(x))"
        case .smallestGap(let x): return "min gap ≥ \(x.lowerDecimal(digits: 3))"
        case .margin(let x): return "min margin ≥ \(x.lowerDecimal(digits: 3))"
        case .morseIndex(let index): return "largest Morse index \(index)"
        case .exact: return "exact"
        case .marginAtLeast(let x): return "min margin ≥ \(x.lowerDecimal(digits: 3))"
        }
    }

    /// `∂L/∂w_2[3]` or `∂L/∂a_1`.
    static func text(_ component: GradientComponent) -> String {
        if let coordinate = component.coordinate { return "∂L/∂w_\(component.student + 1)[\(coordinate + 1)]" }
        return "∂L/∂a_\(component.student + 1)"
    }

    static func text(_ quantity: DifferenceQuantity) -> String {
        switch quantity {
        case .lossMinus(let equals): return "L − (\(equals))"
        case .argminLossMinus(let value): return "L(arg-min) − (\(value))"
        case .leftMinusRight: return "left − right"
        case .closedFormMinusQuadrature: return "closed form − quadrature"
        }
    }

    static func text(_ partition: [Int]) -> String { "(" + partition.map(String.init).joined(separator: ", ") + ")" }
}

// MARK: Witnesses

extension DecisionRendering {
    static func text(_ witness: Witness) -> String {
        switch witness {
        case let .gradientComponent(component, enclosure, asNotCritical):
            return (asNotCritical ? "not a critical point: " : "")
                + "\(text(component)) ∈ \(enclosure.description(digits: 12)) excludes 0"
        case let .differenceExcludesZero(quantity, difference):
            return "\(text(quantity)) ∈ \(difference.description(digits: 12)) excludes 0"
        case let .memberBelowArgmin(member, memberLoss, argminLoss):
            return "partition \(text(member)) has loss \(memberLoss.description(digits: 15)) < "
                + "\(argminLoss.description(digits: 15)), the loss of the claimed arg-min"
        case .argminNotMember:
            return "the claimed arg-min is not a member of the family"
        case let .exactComparison(left, right):
            return "left = \(left) and right = \(right) exactly"
        case .exactlyNonzero(let difference):
            return "left − right is exactly nonzero (exact arithmetic); its enclosure "
                + "\(difference.description(digits: 12)) was too wide to show it"
        case let .comparison(left, right, difference):
            return "left ∈ \(left.description(digits: 15)), right ∈ \(right.description(digits: 15)): "
                + "left − right ∈ \(difference.description(digits: 12))"
        case let .negativeCurvature(form, moduloSymmetry):
            return "a unit direction u (eigenvector of the midpoint Hessian) with uᵀ H u ∈ \(form.description(digits: 10)) "
                + "< 0 over the whole Krawczyk box (or at the exactly critical point itself): negative curvature, so "
                + "not a local minimum"
                + (moduloSymmetry ? " (u varies the incoming weights W only, on the slice a = const)" : "")
        case .notAMinimum(let summary):
            return text(summary)
        case let .definiteHessian(minimum, summary):
            return definiteWitness(minimum: minimum, summary)
        case let .morseIndex(actual, claimed, summary):
            return "the Morse index is \(actual), not \(claimed): \(text(summary))"
        case .degenerate(let text):
            return text
        case let .sectorMorseIndex(actual, claimed, summary, carriers):
            return "the Morse index is \(actual), not \(claimed): " + carrierText(carriers) + "; \(text(summary))"
        case let .negativeSectors(summary, carriers):
            return "negative curvature, so not a local minimum: " + carrierText(carriers) + "; \(text(summary))"
        }
    }

    /// Where the negative directions are, sector by sector.
    static func carrierText(_ carriers: [SectorInertia]) -> String {
        guard !carriers.isEmpty else { return "no sector has a negative direction" }
        return "the negative directions lie in " + carriers.map { sector in
            let description = sector.description.hasSuffix(".") ? String(sector.description.dropLast()) : sector.description
            return "sector \(sectorReport(sector).compactText) — \(description)"
        }.joined(separator: "; ")
    }

    static func sectorReport(_ sector: SectorInertia) -> SectorReport {
        SectorReport(identifier: sector.identifier, description: sector.description, groupSize: sector.groupSize,
                     blockSize: sector.blockSize, multiplicity: sector.multiplicity, positive: sector.positive,
                     negative: sector.negative, eigenvalues: sector.eigenvalues?.map(EnclosureFormatting.bounds))
    }

    /// The witness against a `saddle` claim at a critical point whose (certified) Hessian
    /// is definite. Without symmetry the point is a strict local minimum (maximum). Modulo
    /// the scaling symmetry only the `W` block on the slice `a = const` is definite; the
    /// full Hessian is singular along the orbit, on which the loss is constant, so the
    /// point is a local minimum (maximum) modulo the symmetry and not a strict one.
    static func definiteWitness(minimum: Bool, _ summary: InertiaSummary) -> String {
        let sign = minimum ? "positive" : "negative", kind = minimum ? "minimum" : "maximum"
        if summary.moduloSymmetry {
            return "the Hessian restricted to the slice a = const is \(sign) definite (\(text(summary))): a local \(kind) "
                + "modulo the scaling symmetry (not strict: its orbit is a manifold of critical points with the same "
                + "loss), not a saddle"
        }
        return "the Hessian is \(sign) definite (\(text(summary))): a strict local \(kind), not a saddle"
    }

    /// The certified type of the critical point in the Krawczyk box.
    static func text(_ summary: InertiaSummary) -> String {
        let r = summary.radiusExponent, positive = summary.positive, negative = summary.negative
        if let sectors = summary.sectorCount {
            return "exact critical point: the Hessian at the point itself, in the basis adapted to its symmetry, is "
                + "congruent to \(sectors) symmetry-sector blocks, each repeated its multiplicity times; by Sylvester's "
                + "law its inertia is \(positive) positive, \(negative) negative, 0 zero (each block certified; "
                + "the dense Hessian was not formed; no Krawczyk box needed)"
        }
        if summary.atExactPoint {
            return "exact critical point: the Hessian at the point itself has inertia \(positive) positive, "
                + "\(negative) negative, 0 zero (certified LDLᵀ; no Krawczyk box needed)"
        }
        if summary.moduloSymmetry {
            return "modulo the scaling symmetry: on the slice a = const (fixed outgoing weights) exactly one critical point "
                + "lies within 2^-\(r) of the configuration; its orbit is a manifold of critical points whose "
                + "Hessian, restricted to the W directions (transversal to the orbit), has inertia \(positive) "
                + "positive, \(negative) negative, 0 zero (certified LDLᵀ over the Krawczyk box); the n "
                + "remaining eigenvalues are the zeros of the symmetry"
        }
        return "the exact critical point within 2^-\(r) has Hessian inertia \(positive) positive, "
            + "\(negative) negative, 0 zero (certified LDLᵀ over the Krawczyk box)"
    }
}
