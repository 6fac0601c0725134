import CertifiedIntervals
import ClosedForms

/// An algebraic expression in the variables over the algebraic numbers: the
/// coefficients of the symbolic form of `IdentityProver`. Built from exact algebraic
/// constants (Calcium numbers decided algebraic), variables, `+ − × ÷`, integer powers
/// and rational powers (of arguments that the side conditions make positive). A class
/// so that shared subtrees are evaluated once (the value at the test point is cached).
final class Coefficient {
    indirect enum Node {
        case constant(ExactNumber)
        case variable(String)
        case sum(Coefficient, Coefficient)
        case difference(Coefficient, Coefficient)
        case product(Coefficient, Coefficient)
        case quotient(Coefficient, Coefficient)
        case negation(Coefficient)
        case power(Coefficient, Int)
        /// A non-integer rational power of a positive quantity (`sqrt` is the power 1/2).
        case rationalPower(Coefficient, Rational)
    }

    let node: Node
    /// Values already computed, by evaluation mode (test point and representation).
    private var cached: [Int: ExactNumber] = [:]

    init(_ node: Node) { self.node = node }

    var constantValue: ExactNumber? {
        if case .constant(let c) = node { return c }
        return nil
    }

    /// True when the coefficient is the constant exact 0.
    var isExactZero: Bool { constantValue?.isZero == .yes }
    var isExactOne: Bool { constantValue.map { (try? $0 - ExactNumber(1, in: $0.context))?.isZero == .yes } ?? false }

    /// The exact value with the variables bound to `point`. `mode` identifies the
    /// point and the representation (the cache key: one point per mode);
    /// `unfactoredRoots` computes square roots with `sqrtWithoutFactoring` (the same
    /// numbers, represented differently). Domain errors are decided exactly by
    /// `ExactNumber`.
    func value(at point: [String: ExactNumber], mode: Int = 0, unfactoredRoots: Bool = false) throws -> ExactNumber {
        if let v = cached[mode] { return v }
        func value(_ c: Coefficient) throws -> ExactNumber {
            try c.value(at: point, mode: mode, unfactoredRoots: unfactoredRoots)
        }
        let v: ExactNumber
        switch node {
        case .constant(let c): v = c
        case .variable(let name):
            guard let x = point[name] else {
                throw ExactArithmeticError(.unsupported, "no value for the variable '\(name)'")
            }
            v = x
        case .sum(let a, let b): v = try value(a) + value(b)
        case .difference(let a, let b): v = try value(a) - value(b)
        case .product(let a, let b): v = try value(a) * value(b)
        case .quotient(let a, let b): v = try value(a) / value(b)
        case .negation(let a): v = -(try value(a))
        case .power(let a, let n): v = try value(a).power(n)
        case .rationalPower(let a, let q):
            if unfactoredRoots && q == Rational(1, 2) { v = try value(a).sqrtWithoutFactoring() }
            else { v = try value(a).power(q) }
        }
        cached[mode] = v
        return v
    }
}

/// A product of powers of symbols (integer exponents, negative allowed); the empty
/// monomial is 1.
struct Monomial: Hashable {
    var exponents: [Int: Int] = [:]

    static let one = Monomial()

    static func * (a: Monomial, b: Monomial) -> Monomial {
        var r = a
        for (s, k) in b.exponents {
            let sum = (r.exponents[s] ?? 0) + k
            r.exponents[s] = sum == 0 ? nil : sum
        }
        return r
    }

    func raised(to n: Int) -> Monomial {
        var r = Monomial()
        if n == 0 { return r }
        for (s, k) in exponents { r.exponents[s] = k * n }
        return r
    }

    var degree: Int { exponents.values.reduce(0) { $0 + Swift.abs($1) } }
}

/// A (Laurent) polynomial in the symbols with `Coefficient`s.
struct SymbolicPolynomial {
    var terms: [Monomial: Coefficient] = [:]
    var isPureCoefficient: Bool { terms.keys.allSatisfy { $0 == .one } }
}
