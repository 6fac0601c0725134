import CertifiedIntervals
import ClosedForms
import TheoremFiles
import Reports

/// Decisions over ranges that are not finite lists → `ProofReport`: the range, the
/// quantifier in words, the method and its figures, the counterexample or the
/// unresolved part. Nothing here says more than the decision: a proof over an enlarged
/// range (an irrational end) says so, an undecided part is named.
extension DecisionRendering {
    static func proofReport(_ evidence: UniversalEvidence) -> ProofReport {
        let variables = evidence.variables
        var report = ProofReport(over: Dictionary(variables.map { ($0.name, $0.notation) }, uniquingKeysWith: { a, _ in a }),
                                 scope: Quantifier.scope(variables.map(\.phrase)),
                                 method: methodName(evidence.method).rawValue, summary: summary(evidence.method))
        switch evidence.method {
        case let .branchAndBound(boxes, margin, _, _, _):
            report.boxes = boxes
            report.smallestMargin = margin.map { $0.lowerDecimal(digits: 3) }
        case let .exactIdentity(_, conditions, _):
            report.sideConditions = conditions.map(\.description)
        default:
            break
        }
        if variables.contains(where: \.isEnlarged) {
            report.provedOver = Dictionary(variables.map { ($0.name, $0.provedOverNotation) },
                                           uniquingKeysWith: { a, _ in a })
        }
        if let counterexample = evidence.counterexample {
            report.counterexample = CounterexampleReport(
                point: Dictionary(counterexample.point.map { ($0.name, pointText($0.value)) }, uniquingKeysWith: { a, _ in a }),
                quantity: counterexample.quantity, value: EnclosureFormatting.bounds(counterexample.value))
        }
        if let unresolved = evidence.unresolved {
            report.unresolved = Dictionary(unresolved.map { ($0.name, intervalText($0.interval)) },
                                           uniquingKeysWith: { a, _ in a })
        }
        report.reason = evidence.reason
        return report
    }

    /// An exact point: the rational itself when short, else a decimal approximation
    /// followed by the exact value (`≈ 3.1415926536 (exactly 3927/1250)`).
    static func pointText(_ x: Rational, equals: Bool = false) -> String {
        let exact = x.description
        if exact.count <= 24 { return equals ? "= \(exact)" : exact }
        let approximation = Interval(x, precision: 128).lowerDecimal(digits: 15)
        return "≈ \(approximation) (exactly \(exact))"
    }

    /// An interval with rational ends, printed in decimal rounded outward (so the
    /// printed interval contains it); `{a, …}` for integer ranges as before.
    static func intervalText(_ interval: RealInterval) -> String {
        guard !interval.integersOnly else { return interval.description }
        func end(_ end: RealInterval.End, lower: Bool) -> String {
            guard case .finite(let value, _) = end else { return lower ? "(-∞" : "∞)" }
            let text = value.description.count <= 24 ? value.description
                : (lower ? Interval(value, precision: 128).lowerDecimal(digits: 15)
                         : Interval(value, precision: 128).upperDecimal(digits: 15))
            return lower ? (end.isClosed ? "[" : "(") + text : text + (end.isClosed ? "]" : ")")
        }
        if let a = interval.lower.value, a == interval.upper.value { return "{\(pointText(a))}" }
        return end(interval.lower, lower: true) + ", " + end(interval.upper, lower: false)
    }

    static func methodName(_ method: UniversalMethod) -> ProofMethodName {
        switch method {
        case let .branchAndBound(_, _, atInfinity, integerInstances, _):
            if integerInstances != nil { return .instancesAndRelaxation }
            return atInfinity ? .taylorModelAtInfinity : .branchAndBound
        case .exactIdentity: return .exactIdentity
        case .exactZeroTest: return .exactZeroTest
        case .counterexample(let method, _): return method
        case .reduction: return .reduction
        case .none: return .none
        }
    }

    /// The method and its figures in words.
    static func summary(_ method: UniversalMethod) -> String {
        switch method {
        case let .branchAndBound(boxes, margin, atInfinity, integerInstances, note):
            var parts: [String] = []
            if let integerInstances {
                parts.append("\(integerInstances) integer" + (integerInstances == 1 ? "" : "s") + " checked one by one, "
                             + "the rest of the range by its real relaxation")
            }
            if boxes > 0 || !atInfinity {
                var text = "certified branch and bound over \(boxes) box" + (boxes == 1 ? "" : "es")
                if let margin {
                    text += ", smallest certified margin ≥ \(margin.lowerDecimal(digits: 3))" + (atInfinity ? " on them" : "")
                }
                parts.append(text)
            }
            if atInfinity {
                parts.append("the unbounded end by a Taylor model in t = 1/x with a certified remainder (the sign is "
                             + "certified there; the margin may tend to 0)")
            }
            return parts.joined(separator: "; ") + (note.map { $0.isEmpty ? "" : " [\($0)]" } ?? "")
        case let .exactIdentity(method, conditions, certified):
            let count = "\(conditions.count) side condition" + (conditions.count == 1 ? "" : "s")
            return "exact identity (\(method)), no tolerance"
                + (conditions.isEmpty ? "" : certified ? ", with \(count) certified over the whole range"
                   : ", valid where its \(count) hold — not all certified over the range")
        case .exactZeroTest:
            return "exact: left − right is exactly 0 (exact arithmetic, no tolerance)"
        case let .counterexample(method, how):
            return method == .exactIdentity
                ? "not an identity: left − right is exactly nonzero at a point of the range (\(how))"
                : "a certified counterexample (\(how))"
        case .reduction(let text):
            return text
        case .none:
            return "not decided"
        }
    }
}
