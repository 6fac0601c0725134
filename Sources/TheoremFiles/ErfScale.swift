import CertifiedIntervals
import ClosedForms

extension TheoremFileParser {
    /// `s = 2β²` of the activation `erf(βz)`, exactly: the kernel needs the rational
    /// `s`, while `β` itself may be irrational (`sqrt(3)`, `1/sqrt(2)`). Nil when the
    /// square of `beta` cannot be shown rational this way, or is not positive.
    ///
    /// `beta` must be constant (no variables). Its square is taken symbolically through
    /// products, quotients, integer powers, signs, `abs`, `sqrt` of an exact
    /// non-negative rational, `b^(m/2)` of a positive rational and constant
    /// definitions; any other subexpression must itself be an exact rational.
    public static func erfScale(beta: Expression, definitions: Definitions) -> Rational? {
        guard let square = ExactSquare(definitions: definitions).of(beta, depth: 0), square.signum > 0 else { return nil }
        return Rational(2) * square
    }
}

/// The exact square of a constant expression, when the rules above give one.
private struct ExactSquare {
    let definitions: Definitions
    /// Deeper trees (or chains of definitions) are not squared symbolically.
    static let maximumDepth = 256
    /// The largest integer exponent squared symbolically.
    static let maximumExponent = 1024

    func of(_ e: Expression, depth: Int) -> Rational? {
        guard depth < Self.maximumDepth else { return nil }
        switch e.node {
        case .negate(let operand):
            return of(operand, depth: depth + 1)
        case .function(.abs, let arguments) where arguments.count == 1:
            return of(arguments[0], depth: depth + 1)
        case .function(.sqrt, let arguments) where arguments.count == 1:
            guard let radicand = exact(arguments[0]), radicand.signum >= 0 else { return nil }
            return radicand
        case .binary(.multiply, let left, let right):
            guard let a = of(left, depth: depth + 1), let b = of(right, depth: depth + 1) else { return nil }
            return a * b
        case .binary(.divide, let left, let right):
            guard let a = of(left, depth: depth + 1), let b = of(right, depth: depth + 1) else { return nil }
            return try? Rational.dividing(a, by: b)
        case .binary(.power, let base, let exponent):
            guard let r = exact(exponent) else { return nil }
            if let n = r.intValue, abs(n) <= Self.maximumExponent, let square = of(base, depth: depth + 1) {
                return try? square.power(n)
            }
            // b^(m/2) with b > 0 rational: its square is b^m.
            if let m = (Rational(2) * r).intValue, abs(m) <= Self.maximumExponent,
               let b = exact(base), b.signum > 0 {
                return try? b.power(m)
            }
            return squareOfExactValue(e)
        case .call(let name, let arguments) where arguments.isEmpty:
            guard let definition = definitions[name], definition.parameters.isEmpty else { return nil }
            return of(definition.body, depth: depth + 1)
        default:
            return squareOfExactValue(e)
        }
    }

    func squareOfExactValue(_ e: Expression) -> Rational? {
        exact(e).map { $0 * $0 }
    }

    func exact(_ e: Expression) -> Rational? {
        (try? e.exactValue(in: Environment(definitions: definitions))) ?? nil
    }
}
