/// A polynomial `p(n) = c₀ + c₁·n + … + c_d·n^d` in one variable whose coefficients are
/// enclosures: `p` stands for every exact polynomial whose coefficients lie in the
/// enclosures (in practice one exact polynomial, e.g. a Hessian entry of a copy-average
/// point as a function of the number of copies `n`, whose coefficients are known only
/// as enclosures).
///
/// Guarantee (the inclusion principle, lifted to polynomials): if each coefficient of the
/// exact polynomials `P`, `Q` lies in the corresponding coefficient of `p`, `q`, then each
/// coefficient of `P ± Q`, `P·Q`, `c·P` lies in the corresponding coefficient of `p ± q`,
/// `p·q`, `c·p`, and `P(x)` lies in `p.evaluate(at: X)` for every `x ∈ X`. Missing
/// coefficients (beyond `coefficients.count`) are exactly 0.
///
/// Precision: every coefficient is held at `precision` bits; a result carries the larger
/// precision of its operands. Exact integers enter exactly when `precision >= 64`.
///
/// Degree: trailing coefficients that are exactly 0 (the point `[0, 0]`) are dropped on
/// construction, so `degree` is the *formal* degree: the index of the last coefficient
/// that is not the point 0. The leading coefficient may still be an enclosure that
/// contains 0 (the exact degree may then be lower); callers that need the exact degree
/// must check `leadingCoefficient` excludes 0. The zero polynomial has degree −1 and
/// no coefficients.
public struct IntervalPolynomial {
    /// `coefficients[i]` encloses the coefficient of `n^i`; no trailing point zeros.
    public let coefficients: [Interval]

    /// The number of bits of each coefficient.
    public let precision: Int

    /// The polynomial with the given coefficients (constant term first), each rounded
    /// outward to `precision` bits (exact when widening). Trailing point zeros are dropped.
    public init(coefficients: [Interval], precision: Int) {
        var trimmed = coefficients.map { $0.withPrecision(precision) }
        while let last = trimmed.last, last.isPoint, last.containsZero { trimmed.removeLast() }
        self.coefficients = trimmed
        self.precision = precision
    }

    /// The polynomial with exact integer coefficients (constant term first); exact when
    /// `precision >= 64`, otherwise rounded outward.
    public init(integers: [Int], precision: Int) {
        self.init(coefficients: integers.map { Interval($0, precision: precision) }, precision: precision)
    }

    /// The polynomial with exact rational coefficients (constant term first), each
    /// rounded outward to `precision` bits.
    public init(rationals: [Rational], precision: Int) {
        self.init(coefficients: rationals.map { Interval($0, precision: precision) }, precision: precision)
    }

    /// The constant polynomial `c` (at the precision of `c`).
    public static func constant(_ c: Interval) -> IntervalPolynomial {
        IntervalPolynomial(coefficients: [c], precision: c.precision)
    }

    /// The constant integer polynomial `c`.
    public static func constant(_ c: Int, precision: Int) -> IntervalPolynomial {
        IntervalPolynomial(integers: [c], precision: precision)
    }

    /// The zero polynomial.
    public static func zero(precision: Int) -> IntervalPolynomial {
        IntervalPolynomial(coefficients: [], precision: precision)
    }

    /// The variable `n` itself.
    public static func variable(precision: Int) -> IntervalPolynomial {
        IntervalPolynomial(integers: [0, 1], precision: precision)
    }

    /// The formal degree (see the type's comment); −1 for the zero polynomial.
    public var degree: Int { coefficients.count - 1 }

    /// True when every coefficient is exactly 0 (the polynomial is the zero polynomial).
    public var isZero: Bool { coefficients.isEmpty }

    /// The enclosure of the coefficient of `n^i` (the point 0 beyond the degree).
    /// Domain: `i >= 0`.
    public func coefficient(_ i: Int) -> Interval {
        precondition(i >= 0, "IntervalPolynomial.coefficient needs a non-negative index, got \(i)")
        return i < coefficients.count ? coefficients[i] : Interval(0, precision: precision)
    }

    /// The enclosure of the coefficient of `n^degree`; nil for the zero polynomial.
    public var leadingCoefficient: Interval? { coefficients.last }

    // MARK: Arithmetic

    public static func + (p: IntervalPolynomial, q: IntervalPolynomial) -> IntervalPolynomial {
        let precision = max(p.precision, q.precision)
        let count = max(p.coefficients.count, q.coefficients.count)
        var sum: [Interval] = []
        sum.reserveCapacity(count)
        for i in 0..<count {
            switch (i < p.coefficients.count, i < q.coefficients.count) {
            case (true, true): sum.append(p.coefficients[i] + q.coefficients[i])
            case (true, false): sum.append(p.coefficients[i])
            default: sum.append(q.coefficients[i])
            }
        }
        return IntervalPolynomial(coefficients: sum, precision: precision)
    }

    public static prefix func - (p: IntervalPolynomial) -> IntervalPolynomial {
        IntervalPolynomial(coefficients: p.coefficients.map { -$0 }, precision: p.precision)
    }

    public static func - (p: IntervalPolynomial, q: IntervalPolynomial) -> IntervalPolynomial {
        p + (-q)
    }

    /// The product (schoolbook; each coefficient is an interval sum of interval products).
    public static func * (p: IntervalPolynomial, q: IntervalPolynomial) -> IntervalPolynomial {
        let precision = max(p.precision, q.precision)
        if p.isZero || q.isZero { return .zero(precision: precision) }
        var product: [Interval?] = Array(repeating: nil, count: p.coefficients.count + q.coefficients.count - 1)
        for (i, a) in p.coefficients.enumerated() {
            for (j, b) in q.coefficients.enumerated() {
                let term = a * b
                if let partial = product[i + j] { product[i + j] = partial + term } else { product[i + j] = term }
            }
        }
        return IntervalPolynomial(coefficients: product.map { $0! }, precision: precision)
    }

    /// Every coefficient multiplied by the enclosure `c`.
    public static func * (c: Interval, p: IntervalPolynomial) -> IntervalPolynomial {
        IntervalPolynomial(coefficients: p.coefficients.map { c * $0 }, precision: max(c.precision, p.precision))
    }

    /// Every coefficient multiplied by the enclosure `c`.
    public static func * (p: IntervalPolynomial, c: Interval) -> IntervalPolynomial { c * p }

    /// Every coefficient multiplied by the exact integer `c`.
    public static func * (c: Int, p: IntervalPolynomial) -> IntervalPolynomial {
        Interval(c, precision: p.precision) * p
    }

    /// Every coefficient multiplied by the exact integer `c`.
    public static func * (p: IntervalPolynomial, c: Int) -> IntervalPolynomial { c * p }

    /// `p + c` for an exact integer `c`.
    public static func + (p: IntervalPolynomial, c: Int) -> IntervalPolynomial {
        p + .constant(c, precision: p.precision)
    }

    /// `p − c` for an exact integer `c`.
    public static func - (p: IntervalPolynomial, c: Int) -> IntervalPolynomial {
        p + .constant(-c, precision: p.precision)
    }

    /// Every coefficient divided by the exact non-zero integer `c` (rounded outward).
    /// Throws `IntervalDomainError` when `c == 0`.
    public func divided(byInteger c: Int) throws -> IntervalPolynomial {
        IntervalPolynomial(coefficients: try coefficients.map { try $0 / c }, precision: precision)
    }

    /// `p^e` for `e >= 0` (repeated multiplication; `p^0` is 1).
    public func power(_ e: Int) -> IntervalPolynomial {
        precondition(e >= 0, "IntervalPolynomial.power needs a non-negative exponent, got \(e)")
        var result = IntervalPolynomial.constant(1, precision: precision)
        for _ in 0..<e { result = result * self }
        return result
    }

    /// The polynomial `q(n) = p(n + s)` for an exact integer shift `s` (Taylor shift by
    /// repeated synthetic division; every step an interval operation, so the coefficients
    /// of the exact shifted polynomial lie in the result's).
    public func shifted(by s: Int) -> IntervalPolynomial {
        if s == 0 || coefficients.count <= 1 { return self }
        var a = coefficients
        let shift = Interval(s, precision: precision)
        let d = a.count - 1
        for i in 0..<d {
            for j in stride(from: d - 1, through: i, by: -1) {
                a[j] = a[j] + shift * a[j + 1]
            }
        }
        return IntervalPolynomial(coefficients: a, precision: precision)
    }

    /// The derivative with respect to the variable.
    public var derivative: IntervalPolynomial {
        if coefficients.count <= 1 { return .zero(precision: precision) }
        let derived = (1..<coefficients.count).map { i in coefficients[i] * i }
        return IntervalPolynomial(coefficients: derived, precision: precision)
    }

    // MARK: Evaluation

    /// An enclosure of `{P(x) : x ∈ X, P with coefficients in p's}` by Horner's scheme in
    /// interval arithmetic (sound; may overestimate for a wide `X`). Result precision:
    /// the larger of `p`'s and `X`'s. The zero polynomial gives the point 0.
    public func evaluate(at x: Interval) -> Interval {
        let resultPrecision = max(precision, x.precision)
        guard var value = coefficients.last?.withPrecision(resultPrecision) else {
            return Interval(0, precision: resultPrecision)
        }
        for c in coefficients.dropLast().reversed() { value = value * x + c }
        return value
    }

    /// An enclosure of `P(n)` at the exact integer `n` (Horner's scheme; exact integer
    /// input, so the only width comes from the coefficients and rounding).
    public func evaluate(at n: Int) -> Interval {
        evaluate(at: Interval(n, precision: max(precision, 64)))
    }

    /// The same polynomial at another precision (coefficients rounded outward).
    public func withPrecision(_ newPrecision: Int) -> IntervalPolynomial {
        IntervalPolynomial(coefficients: coefficients, precision: newPrecision)
    }
}

extension IntervalPolynomial: CustomStringConvertible {
    /// `c₀ + c₁·n + …` with each coefficient printed as an enclosure; "0" for the zero
    /// polynomial.
    public var description: String {
        if coefficients.isEmpty { return "0" }
        return coefficients.enumerated().map { i, c in
            let digits = min(c.naturalDigits, 12)
            let text = c.compactDescription(digits: digits)
            switch i {
            case 0: return text
            case 1: return "\(text)·n"
            default: return "\(text)·n^\(i)"
            }
        }.joined(separator: " + ")
    }
}
