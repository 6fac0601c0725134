import CertifiedIntervals
import ClosedForms

/// An expression that is a polynomial with rational coefficients in its variables,
/// in canonical form (a map from monomials to non-zero coefficients), so that two
/// polynomial expressions are identical exactly when their forms are equal.
///
/// Used to recognise, for every value of the parameters at once, the shapes of a
/// theorem file that the copy-average theorems need: a block size `k-n+1`, a count
/// `n-1`, a number of groups `n`, an upper bound `k-1`. Only numbers, variables,
/// `+ − ×`, unary minus and powers with a non-negative integer literal exponent are
/// accepted (no division, no functions, no calls): for those the canonical form is an
/// exact decision of identity, with no degree bound or sampling.
public struct PolynomialForm: Equatable {
    /// Exponents by variable name (zero exponents omitted).
    public typealias Monomial = [String: Int]

    /// Non-zero coefficients by monomial.
    public private(set) var terms: [Monomial: Rational]

    public init(constant: Rational) { terms = constant.signum == 0 ? [:] : [[:]: constant] }
    public init(variable: String) { terms = [[variable: 1]: Rational(1)] }

    /// The canonical form of `expression`, or nil when it is not built from the accepted
    /// operations (or an exponent is above `maximumDegree`).
    public init?(_ expression: ClosedForms.Expression, maximumDegree: Int = 64) {
        guard let form = Self.form(expression, maximumDegree: maximumDegree) else { return nil }
        self = form
    }

    public static let zero = PolynomialForm(constant: Rational(0))

    /// The constant value when the polynomial has no variable.
    public var constant: Rational? {
        if terms.isEmpty { return Rational(0) }
        if terms.count == 1, let c = terms[[:]] { return c }
        return nil
    }

    public var variables: Set<String> { Set(terms.keys.flatMap(\.keys)) }

    public static func + (a: PolynomialForm, b: PolynomialForm) -> PolynomialForm {
        var result = a
        for (monomial, coefficient) in b.terms { result.add(monomial, coefficient) }
        return result
    }

    public static prefix func - (a: PolynomialForm) -> PolynomialForm {
        var result = PolynomialForm.zero
        for (monomial, coefficient) in a.terms { result.terms[monomial] = Rational(0) - coefficient }
        return result
    }

    public static func - (a: PolynomialForm, b: PolynomialForm) -> PolynomialForm { a + (-b) }

    public static func * (a: PolynomialForm, b: PolynomialForm) -> PolynomialForm {
        var result = PolynomialForm.zero
        for (m1, c1) in a.terms {
            for (m2, c2) in b.terms {
                result.add(m1.merging(m2, uniquingKeysWith: +), c1 * c2)
            }
        }
        return result
    }

    private mutating func add(_ monomial: Monomial, _ coefficient: Rational) {
        let sum = (terms[monomial] ?? Rational(0)) + coefficient
        terms[monomial] = sum.signum == 0 ? nil : sum
    }

    private static func form(_ e: ClosedForms.Expression, maximumDegree: Int) -> PolynomialForm? {
        switch e.node {
        case .number(let r): return PolynomialForm(constant: r)
        case .variable(let name): return PolynomialForm(variable: name)
        case .negate(let operand): return form(operand, maximumDegree: maximumDegree).map { -$0 }
        case .binary(let op, let left, let right):
            guard let a = form(left, maximumDegree: maximumDegree) else { return nil }
            if op == .power {
                guard case .number(let r) = right.node, let n = r.intValue, n >= 0, n <= maximumDegree else { return nil }
                var result = PolynomialForm(constant: Rational(1))
                for _ in 0..<n { result = result * a }
                return result
            }
            guard let b = form(right, maximumDegree: maximumDegree) else { return nil }
            switch op {
            case .add: return a + b
            case .subtract: return a - b
            case .multiply: return a * b
            case .divide, .power: return nil
            }
        default:
            return nil
        }
    }
}

extension PolynomialForm {
    /// The polynomial as an expression: monomials in a fixed order (by total degree, then
    /// by variable names), each `coefficient*x^i*y^j`.
    public var expression: ClosedForms.Expression {
        let ordered = terms.sorted { a, b in
            let da = a.key.values.reduce(0, +), db = b.key.values.reduce(0, +)
            if da != db { return da > db }
            return a.key.sorted { $0.key < $1.key }.map { "\($0.key)\($0.value)" }.joined()
                < b.key.sorted { $0.key < $1.key }.map { "\($0.key)\($0.value)" }.joined()
        }
        var result: Symbolic?
        for (monomial, coefficient) in ordered {
            var term = Symbolic.number(coefficient.magnitude)
            for (name, exponent) in monomial.sorted(by: { $0.key < $1.key }) {
                term = term * Symbolic.power(Symbolic.variable(name), exponent)
            }
            if let sum = result {
                result = coefficient.signum < 0 ? sum - term : sum + term
            } else {
                result = coefficient.signum < 0 ? -term : term
            }
        }
        return (result ?? Symbolic.number(0)).expression
    }
}

extension ClosedForms.Expression {
    /// The expression with every maximal polynomial subexpression (numbers, variables,
    /// `+ − ×`, integer powers) replaced by its canonical form, when that is smaller:
    /// `m + n - 1 - n + 1` becomes `m`. An exact rewriting (equal values everywhere),
    /// which spares identity provers and range provers variables that cancel.
    public func simplifyingPolynomials() -> ClosedForms.Expression {
        switch node {
        case .number, .variable, .constant: return self
        default: break
        }
        if let form = PolynomialForm(self) {
            let canonical = form.expression
            return canonical.description.count < description.count ? canonical : self
        }
        switch node {
        case .negate(let operand):
            return .init(.negate(operand.simplifyingPolynomials()), column: column)
        case .binary(let op, let left, let right):
            return .init(.binary(op, left.simplifyingPolynomials(), right.simplifyingPolynomials()), column: column)
        case .function(let f, let arguments):
            return .init(.function(f, arguments.map { $0.simplifyingPolynomials() }), column: column)
        case .call(let name, let arguments):
            return .init(.call(name, arguments.map { $0.simplifyingPolynomials() }), column: column)
        default:
            return self
        }
    }
}
