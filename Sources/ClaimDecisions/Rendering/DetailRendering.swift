import Foundation
import CertifiedIntervals

// MARK: Details (why INCONCLUSIVE, or a note)

extension DecisionRendering {
    static func text(_ detail: Detail) -> String {
        switch detail {
        case let .differenceNotWithinTolerance(quantity, difference):
            return "\(text(quantity)) ∈ \(difference.description(digits: 12)) contains 0 but is not within the tolerance"
        case .straddlesBound(let difference):
            return "left − right ∈ \(difference.description(digits: 12)) straddles the bound"
        case let .decidedExactly(left, right):
            return "decided exactly: left = \(left), right = \(right)"
        case .exactlyZero:
            return "exact: left − right is exactly 0 (exact arithmetic, no tolerance)"
        case .notDecidedExactly(let reason):
            return "verified to the tolerance by enclosures, not exactly (\(reason))"
        case .overlappingMember(let member):
            return "the loss enclosures of \(text(member)) and the arg-min overlap"
        case .singleMember:
            return "the family has a single member at this instance"
        case .notAGramPoint:
            return "(q1, q2, q12) is not certified to be a Gram point with q1, q2 > 0 and q12² ≤ q1 q2"
        case .kernelSides:
            return "left: closed form; right: independent quadrature"
        case let .gradientNotWithinTolerance(maxAbs, tolerance):
            return "every gradient enclosure contains 0, but max |grad| ≤ \(EnclosureFormatting.short(maxAbs)) "
                + "is not within the tolerance \(tolerance)"
        case .krawczykProved(let certificate):
            return text(certificate)
        case .exactlyCritical(let proof):
            return exactText(proof)
        case let .krawczykFailed(failure, radiusExponent):
            var reason = "Krawczyk test failed at radius 2^-\(radiusExponent): \(text(failure))"
            if let activation = failure.symmetricActivation {
                reason += ". Expected for \(activation): the scaling symmetry makes critical points non-isolated"
            }
            return reason
        case .criticalPointNotProvedForLoss(let failure):
            return "no critical point was proved near the numerically refined point "
                + "(Krawczyk: \(text(failure))), so its loss bounds no critical point"
        case let .noIsolatedCriticalPoint(failure, radiusExponent, singular):
            return noIsolatedCriticalPoint(failure, radiusExponent: radiusExponent, singular: singular)
        case .hessianTooWide(let u):
            return "the Hessian over the Krawczyk box is too wide to factorise: at step \(u.step + 1) no pivot "
                + "excludes 0 (e.g. \(u.pivot.description(digits: 6))); \(u.positive) positive and \(u.negative) negative before"
        case let .inertia(summary, configuration):
            return text(summary) + text(configuration)
        case .morseIndexNotInteger(let expression):
            return "the claimed Morse index \(expression) is not an exact integer"
        case .degenerate(let text), .degenerateOnSlice(let text):
            return text
        case .exactZeroLoss(let text):
            return "exact: L = 0, no tolerance — " + text
        default:
            return failureText(detail) ?? ""
        }
    }

    /// The details of evaluations that failed and of attempts refused for resources.
    static func failureText(_ detail: Detail) -> String? {
        switch detail {
        case .notEvaluable(let error): return "not evaluable: \(error)"
        case .cannotEvaluate(let error): return "cannot evaluate: \(error)"
        case .fileError(let error): return error.description
        case let .workBudget(error, claim):
            return "not decided: \(error) (claim '\(claim)' or earlier ones used it up); raise it with --work-budget UNITS"
        case let .memoryLimit(decided, refused, bytes, limit):
            return "undecided at \(decided) bits; \(refused) bits would need an estimated "
                + "\(ResourceLimits.describe(bytes: bytes)) of memory, more than the limit of "
                + "\(ResourceLimits.describe(bytes: limit)) (raise it with --memory-limit GIB)"
        case .other(let error): return "\(error)"
        default: return nil
        }
    }

    static func text(_ configuration: ConfigurationCriticality) -> String {
        switch configuration {
        case .notApplicable:
            return ""
        case .gradientWithinTolerance(let tolerance):
            return "; the configuration is that point if it is critical, which its gradient verifies within the "
                + "tolerance \(tolerance)"
        case .gradientNotWithinTolerance(let tolerance):
            return "; but the configuration's gradient is not within the tolerance \(tolerance), so it is not shown to "
                + "be that critical point"
        case .exact(let proof):
            return "; the configuration is exactly critical (" + exactText(proof) + ")"
        }
    }

    static func text(_ certificate: CertifiedCriticalPoint) -> String {
        let r = certificate.radiusExponent
        // An upper bound, so rounded up (3 digits).
        let contraction = certificate.contraction.isFinite
            ? Interval(certificate.contraction, precision: 64).magnitude.upperDecimal(digits: 3) : "\(certificate.contraction)"
        if certificate.moduloSymmetry {
            return "Krawczyk modulo the scaling symmetry: on the slice a = const, exactly one exact "
                + "critical point lies within radius 2^-\(r) (max norm over the n·d incoming weights); the critical "
                + "points form its orbit under (a_i, w_i) → (a_i/α, α w_i), so they are not isolated; contraction ≤ "
                + contraction
        }
        return "Krawczyk: exactly one exact critical point within radius 2^-\(r) "
            + "(max norm over all n(d+1) parameters) of the configuration; contraction ≤ " + contraction
    }

    /// Why no proof succeeded, naming both attempts when the slice was tried.
    static func text(_ failure: CriticalPointProofFailure) -> String {
        guard let slice = failure.slice else { return failure.fullSpace.reason ?? "failed" }
        return "on all parameters, \(failure.fullSpace.reason ?? "failed"); on the slice a = const, \(slice.reason ?? "failed")"
    }

    static func noIsolatedCriticalPoint(_ failure: CriticalPointProofFailure, radiusExponent: Int, singular: UndecidedInertia?) -> String {
        var detail = "no isolated critical point certified (Krawczyk at radius 2^-\(radiusExponent): \(text(failure)))"
        if let u = singular {
            detail += "; the Hessian (size \(u.size)) is singular or too wide: at step \(u.step + 1) "
                + "no pivot excludes 0 (e.g. \(u.pivot.description(digits: 6))), \(u.positive) positive and \(u.negative) "
                + "negative eigenvalues certified before"
        }
        if let activation = failure.symmetricActivation {
            detail += ". Expected for \(activation): the loss is constant along (a_i, w_i) → (a_i/α^m, α w_i), "
                + "so the Hessian is singular at critical points with a_i w_i ≠ 0 and they are not isolated"
        }
        return detail
    }
}

extension DecisionRendering {
    /// "exact: …" — the quantities decided exactly 0.
    static func exactText(_ proof: ExactCriticality.Proof) -> String {
        let shown = proof.quantities.prefix(6).joined(separator: ", ")
            + (proof.quantities.count > 6 ? ", … (\(proof.quantities.count) in all)" : "")
        return "exact: the gradient is exactly 0, no tolerance — every reduced gradient quantity of the copy-average "
            + "reduction at the group sizes (\(shown)) is exactly 0 (Calcium zero tests)"
    }
}
