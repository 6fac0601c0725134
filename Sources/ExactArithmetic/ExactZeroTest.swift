import CertifiedIntervals
import ClosedForms

/// The answer of an exact zero test.
public enum ZeroDecision: Equatable, Sendable {
    /// The value is exactly 0 (a theorem of Calcium).
    case zero
    /// The value is exactly not 0 (a theorem of Calcium).
    case nonzero
    /// Not decided, with the reason: Calcium's zero test answered "unknown" within its
    /// limits, or the expression could not be evaluated exactly (a domain error at
    /// the instance, an undecidable sign on the way, an unsupported construct, a limit).
    case undecided(String)
}

/// Exact zero tests of closed forms at one instance (rational values of the variables).
public enum ExactZeroTest {
    /// Decides whether `expression`, with its free variables bound to `bindings` and
    /// its calls expanded from `definitions`, is exactly 0. Everything is evaluated
    /// exactly with Calcium (`ExactEvaluator`); `.zero` and `.nonzero` are theorems.
    ///
    /// A domain error at the instance (division by an exact zero, `sqrt` of a
    /// negative number, …) makes the expression undefined there: `.undecided` with the
    /// error's message (it is neither 0 nor a nonzero number).
    public static func decide(_ expression: Expression, bindings: [String: Rational],
                              definitions: Definitions = Definitions(),
                              context: ExactContext? = nil) -> ZeroDecision {
        let context = context ?? ExactContext()
        let evaluator = ExactEvaluator(context: context, definitions: definitions)
        do {
            let value = try evaluator.evaluate(expression, rationalBindings: bindings)
            switch value.isZero {
            case .yes: return .zero
            case .no: return .nonzero
            case .unknown: return .undecided("Calcium cannot decide whether \(value) is 0 within its limits")
            }
        } catch {
            return .undecided("the expression cannot be evaluated exactly at the instance: \(error)")
        }
    }
}
