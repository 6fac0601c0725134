/// A polynomial in one integer variable `n` with integer coefficients: the counts of a
/// family of copy-average configurations whose class multiplicities are affine in `n`
/// (numbers of students of a class, multiplicities of symmetry sectors), exact.
///
/// A constant polynomial is an ordinary count; `SymmetryAdaptedHessian.sectors` uses only
/// constants, the family entry point uses the variable. Arithmetic traps on `Int`
/// overflow (counts here are far below it).
public struct CountPolynomial: Equatable, CustomStringConvertible {
    /// Coefficients from the constant term up, without trailing zeros (the zero
    /// polynomial has none).
    public let coefficients: [Int]

    public init(coefficients: [Int]) {
        var c = coefficients
        while let last = c.last, last == 0 { c.removeLast() }
        self.coefficients = c
    }

    /// The constant `value`.
    public init(_ value: Int) { self.init(coefficients: [value]) }

    /// `p + q·n`.
    public static func affine(constant p: Int, slope q: Int) -> CountPolynomial {
        CountPolynomial(coefficients: [p, q])
    }

    /// The variable `n`.
    public static let n = CountPolynomial(coefficients: [0, 1])

    /// The value when the polynomial is constant, else nil.
    public var constantValue: Int? { coefficients.count <= 1 ? (coefficients.first ?? 0) : nil }

    /// The degree (−1 for the zero polynomial).
    public var degree: Int { coefficients.count - 1 }

    /// The value at the integer `n`.
    public func evaluate(at n: Int) -> Int {
        coefficients.reversed().reduce(0) { $0 * n + $1 }
    }

    public static func + (x: CountPolynomial, y: CountPolynomial) -> CountPolynomial {
        let count = max(x.coefficients.count, y.coefficients.count)
        return CountPolynomial(coefficients: (0..<count).map {
            ($0 < x.coefficients.count ? x.coefficients[$0] : 0) + ($0 < y.coefficients.count ? y.coefficients[$0] : 0)
        })
    }

    public static prefix func - (x: CountPolynomial) -> CountPolynomial {
        CountPolynomial(coefficients: x.coefficients.map { -$0 })
    }

    public static func - (x: CountPolynomial, y: CountPolynomial) -> CountPolynomial { x + (-y) }

    public static func * (x: CountPolynomial, y: CountPolynomial) -> CountPolynomial {
        if x.coefficients.isEmpty || y.coefficients.isEmpty { return CountPolynomial(0) }
        var c = [Int](repeating: 0, count: x.coefficients.count + y.coefficients.count - 1)
        for (i, a) in x.coefficients.enumerated() { for (j, b) in y.coefficients.enumerated() { c[i + j] += a * b } }
        return CountPolynomial(coefficients: c)
    }

    public static func + (x: CountPolynomial, y: Int) -> CountPolynomial { x + CountPolynomial(y) }
    public static func - (x: CountPolynomial, y: Int) -> CountPolynomial { x - CountPolynomial(y) }
    public static func * (x: Int, y: CountPolynomial) -> CountPolynomial { CountPolynomial(x) * y }

    public var description: String {
        if coefficients.isEmpty { return "0" }
        var parts: [String] = []
        for (power, c) in coefficients.enumerated().reversed() where c != 0 {
            let magnitude = abs(c)
            let monomial: String
            switch power {
            case 0: monomial = "\(magnitude)"
            case 1: monomial = magnitude == 1 ? "n" : "\(magnitude)n"
            default: monomial = magnitude == 1 ? "n^\(power)" : "\(magnitude)n^\(power)"
            }
            if parts.isEmpty { parts.append(c < 0 ? "-" + monomial : monomial) }
            else { parts.append(c < 0 ? "- " + monomial : "+ " + monomial) }
        }
        return parts.joined(separator: " ")
    }
}
