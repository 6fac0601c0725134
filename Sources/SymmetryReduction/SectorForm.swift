import CertifiedIntervals
import TeacherStudent

/// The exact form of a symmetry-sector block entry of a family: a polynomial in the
/// integer variable `n` whose coefficients are polynomials with rational coefficients in
/// the named exact numbers of the CA point (`SectorAtom`: `c(ℓ)`, `a(ℓ)`, `h(q)` and its
/// derivatives, the kernel's partials at the fixed arguments). A `SectorScalar`: run the
/// sector evaluation with it (`SymmetryAdaptedHessian.familySectors(…, scalar:
/// SectorForm.self)`) and every entry comes out as this exact form, built by the same
/// ring operations that build the enclosures (`SectorTerm` carries, with each constant's
/// enclosure, its exact structure `integer × Π atoms`).
///
/// A constant that enters without structure (`constant(_:)`) makes the form *opaque*:
/// it then claims nothing, and no coefficient of it is ever declared zero.
///
/// The forms are exact: `+`, `−`, `×` are the ring operations of ℚ[atoms][n], with
/// GMP rationals (no overflow).
public struct SectorForm: SectorScalar, CustomStringConvertible {
    /// A product of atoms, sorted (repetitions are powers).
    public typealias Monomial = [SectorAtom]
    /// A coefficient: a polynomial in the atoms, monomial → nonzero rational.
    public typealias Coefficient = [Monomial: Rational]

    /// `coefficients[i]` is the coefficient of `n^i`; no trailing zero coefficients.
    public private(set) var coefficients: [Coefficient]
    /// True when an unstructured constant entered: the form is not exact.
    public private(set) var isOpaque: Bool

    init(coefficients: [Coefficient], opaque: Bool) {
        var c = coefficients
        while let last = c.last, last.isEmpty { c.removeLast() }
        self.coefficients = opaque ? [] : c
        isOpaque = opaque
    }

    /// The coefficient of `n^i` (empty: exactly 0, when the form is not opaque).
    public func coefficient(_ i: Int) -> Coefficient { i < coefficients.count ? coefficients[i] : [:] }

    private static func add(_ x: Coefficient, _ y: Coefficient, sign: Int) -> Coefficient {
        var r = x
        for (monomial, c) in y {
            let sum = (r[monomial] ?? Rational(0)) + (sign < 0 ? Rational(0) - c : c)
            r[monomial] = sum.signum == 0 ? nil : sum
        }
        return r
    }

    private static func combine(_ x: SectorForm, _ y: SectorForm, sign: Int) -> SectorForm {
        if x.isOpaque || y.isOpaque { return SectorForm(coefficients: [], opaque: true) }
        let count = max(x.coefficients.count, y.coefficients.count)
        return SectorForm(coefficients: (0..<count).map { add(x.coefficient($0), y.coefficient($0), sign: sign) },
                          opaque: false)
    }

    public static func + (x: SectorForm, y: SectorForm) -> SectorForm { combine(x, y, sign: 1) }
    public static func - (x: SectorForm, y: SectorForm) -> SectorForm { combine(x, y, sign: -1) }

    public static func * (x: SectorForm, y: SectorForm) -> SectorForm {
        if x.isOpaque || y.isOpaque { return SectorForm(coefficients: [], opaque: true) }
        if x.coefficients.isEmpty || y.coefficients.isEmpty { return SectorForm(coefficients: [], opaque: false) }
        var result = [Coefficient](repeating: [:], count: x.coefficients.count + y.coefficients.count - 1)
        for (i, a) in x.coefficients.enumerated() {
            for (j, b) in y.coefficients.enumerated() {
                var product: Coefficient = [:]
                for (m1, c1) in a {
                    for (m2, c2) in b {
                        let monomial = (m1 + m2).sorted()
                        let sum = (product[monomial] ?? Rational(0)) + c1 * c2
                        product[monomial] = sum.signum == 0 ? nil : sum
                    }
                }
                result[i + j] = add(result[i + j], product, sign: 1)
            }
        }
        return SectorForm(coefficients: result, opaque: false)
    }

    /// An unstructured constant: opaque (no exact form).
    public static func constant(_ value: Interval) -> SectorForm { SectorForm(coefficients: [], opaque: true) }

    public static func count(_ count: CountPolynomial, precision: Int) -> SectorForm {
        SectorForm(coefficients: count.coefficients.map { $0 == 0 ? [:] : [[]: Rational($0)] }, opaque: false)
    }

    public static func term(_ term: SectorTerm) -> SectorForm {
        guard term.integer != 0 else { return SectorForm(coefficients: [], opaque: false) }
        return SectorForm(coefficients: [[term.atoms.sorted(): Rational(term.integer)]], opaque: false)
    }

    public var description: String {
        if isOpaque { return "(opaque)" }
        if coefficients.isEmpty { return "0" }
        return coefficients.enumerated().filter { !$0.element.isEmpty }.map { power, c in
            "(" + c.map { m, r in "\(r)" + m.map { "·\($0)" }.joined() }.sorted().joined(separator: " + ") + ")"
                + (power == 0 ? "" : "·n^\(power)")
        }.joined(separator: " + ")
    }
}
