import CertifiedIntervals
import ClosedForms

/// A `ClosedForms.Expression` being built by the reduction, with arithmetic operators.
///
/// A wrapper rather than operators on `Expression` itself, so that the operators stay
/// private to this module and never compete with operators other modules declare.
///
/// Construction folds only what is exact and domain-safe: sums, products, quotients
/// and integer powers of two rational literals (a quotient by a literal 0 is kept, so
/// that evaluation reports it), `x + 0`, `x·1`, `x/1`, `x^1`, `−(−x)`, and `x·0 = 0` —
/// the last one drops `x`, which is sound here because every factor multiplied by a
/// literal 0 in the reduction is a kernel value or partial at a configuration where
/// the kernel is defined (the literal 0 comes from an exact fact of the kernel, such as
/// `κ_erf(q1, q2, 0) = 0`); the family's own closed forms `c(l)`, `a(l)` always remain
/// in some quantity (the one-size quantities), where their domain is checked.
///
/// Generated nodes carry column 0 ("not from any text").
struct Symbolic {
    let expression: ClosedForms.Expression

    init(_ expression: ClosedForms.Expression) { self.expression = expression }

    static func number(_ value: Rational) -> Symbolic {
        if value.signum < 0 { return Symbolic(.init(.negate(.init(.number(value.magnitude), column: 0)), column: 0)) }
        return Symbolic(.init(.number(value), column: 0))
    }
    static func number(_ value: Int) -> Symbolic { number(Rational(value)) }
    static func variable(_ name: String) -> Symbolic { Symbolic(.init(.variable(name), column: 0)) }
    static let pi = Symbolic(.init(.constant(.pi), column: 0))

    static func function(_ f: ClosedForms.Expression.Function, _ x: Symbolic) -> Symbolic {
        Symbolic(.init(.function(f, [x.expression]), column: 0))
    }
    static func sqrt(_ x: Symbolic) -> Symbolic {
        if let r = x.rational, r.signum == 0 || r == Rational(1) { return x }
        return function(.sqrt, x)
    }
    static func asin(_ x: Symbolic) -> Symbolic {
        if let r = x.rational, r.signum == 0 { return x }
        return function(.asin, x)
    }
    static func acos(_ x: Symbolic) -> Symbolic { function(.acos, x) }
    static func abs(_ x: Symbolic) -> Symbolic { function(.abs, x) }

    /// The exact value when the node is a rational literal (or a negated one).
    var rational: Rational? {
        switch expression.node {
        case .number(let r): return r
        case .negate(let inner):
            if case .number(let r) = inner.node { return Rational(0) - r }
            return nil
        default: return nil
        }
    }

    private static func binary(_ op: ClosedForms.Expression.BinaryOperator, _ a: Symbolic, _ b: Symbolic) -> Symbolic {
        Symbolic(.init(.binary(op, a.expression, b.expression), column: 0))
    }

    static func + (a: Symbolic, b: Symbolic) -> Symbolic {
        if let x = a.rational, let y = b.rational { return number(x + y) }
        if a.rational?.signum == 0 { return b }
        if b.rational?.signum == 0 { return a }
        if let y = b.rational, y.signum < 0 { return binary(.subtract, a, number(y.magnitude)) }
        return binary(.add, a, b)
    }

    static func - (a: Symbolic, b: Symbolic) -> Symbolic {
        if let x = a.rational, let y = b.rational { return number(x - y) }
        if b.rational?.signum == 0 { return a }
        if a.rational?.signum == 0 { return -b }
        return binary(.subtract, a, b)
    }

    static prefix func - (a: Symbolic) -> Symbolic {
        if let x = a.rational { return number(Rational(0) - x) }
        if case .negate(let inner) = a.expression.node { return Symbolic(inner) }
        return Symbolic(.init(.negate(a.expression), column: 0))
    }

    static func * (a: Symbolic, b: Symbolic) -> Symbolic {
        if let x = a.rational, let y = b.rational { return number(x * y) }
        if a.rational?.signum == 0 || b.rational?.signum == 0 { return number(0) }
        if a.rational == Rational(1) { return b }
        if b.rational == Rational(1) { return a }
        return binary(.multiply, a, b)
    }

    static func / (a: Symbolic, b: Symbolic) -> Symbolic {
        if let x = a.rational, let y = b.rational, y.signum != 0 { return number(try! Rational.dividing(x, by: y)) }
        if b.rational == Rational(1) { return a }
        return binary(.divide, a, b)
    }

    /// `x^n` for an integer `n`.
    static func power(_ a: Symbolic, _ n: Int) -> Symbolic {
        if n == 1 { return a }
        if let x = a.rational, n >= 0, let value = try? x.power(n) { return number(value) }
        return binary(.power, a, number(n))
    }

}

extension Symbolic: ExpressibleByIntegerLiteral {
    init(integerLiteral value: Int) { self = Symbolic.number(value) }
}
