import CertifiedIntervals

/// The numbers a symmetry-sector block is made of: `Interval` for one configuration, or a
/// polynomial in the integer variable `n` with `Interval` coefficients for a family whose
/// class multiplicities are affine in `n` (`IntervalPolynomial`). The block entries are
/// sums of products of kernel values (constants) and counts, so a ring with constants
/// and counts is all the evaluation needs. Every operation must enclose the exact result
/// for every value of the variable (outward rounding).
public protocol SectorScalar {
    static func + (x: Self, y: Self) -> Self
    static func - (x: Self, y: Self) -> Self
    static func * (x: Self, y: Self) -> Self
    /// The constant `value`.
    static func constant(_ value: Interval) -> Self
    /// The count `count` (an exact integer polynomial in `n`) at `precision`. A type
    /// without a variable (`Interval`) accepts only constant polynomials and traps
    /// otherwise (a programming error: the family entry points never pass it one).
    static func count(_ count: CountPolynomial, precision: Int) -> Self
    /// A constant with its exact structure, `integer × Π atoms`, enclosed by `value`. Every
    /// constant of a block entry enters through this (or `count`), so that a scalar that
    /// keeps exact forms (SymmetryReduction's `SectorForm`) knows what each constant is;
    /// the default is `constant(term.value)`, bit for bit what an enclosure scalar needs.
    static func term(_ term: SectorTerm) -> Self
}

extension SectorScalar {
    public static func term(_ term: SectorTerm) -> Self { constant(term.value) }
}

/// A named exact number a symmetry-sector block is built from at a CA point of the
/// orthonormal teacher, where a student of group size `ℓ` has `q = ℓ c(ℓ)²`:
/// - `coefficient(ℓ)`: `c(ℓ)`; `outgoingWeight(ℓ)`: `a(ℓ)`;
/// - `diagonal(ℓ, order)`: `h(q)`, `h'(q)`, `h''(q)` (`order` 0, 1, 2), `h(q) = κ(q, q, q)`;
/// - `teacher(ℓ, own: true, part)`: a partial of `κ` at `(q, 1, c(ℓ))` (a teacher neuron of
///   the student's own group), `own: false` at `(q, 1, 0)` (any other teacher neuron);
/// - `pair(ℓ, ℓ', part)`: a partial of `κ` at `(q(ℓ), q(ℓ'), 0)` (two distinct students).
public enum SectorAtom: Hashable, Comparable, CustomStringConvertible {
    case coefficient(size: Int)
    case outgoingWeight(size: Int)
    case diagonal(size: Int, order: Int)
    case teacher(size: Int, own: Bool, part: KernelPart)
    case pair(size: Int, partnerSize: Int, part: KernelPart)

    /// A partial derivative of `κ(q1, q2, q12)` of order ≤ 2 (`value` is `κ` itself).
    public enum KernelPart: String, Hashable, CaseIterable {
        case value, d1, d2, d12, d11, d22, d1212, d1d2, d1d12, d2d12
    }

    public var description: String {
        switch self {
        case .coefficient(let l): return "c(\(l))"
        case .outgoingWeight(let l): return "a(\(l))"
        case .diagonal(let l, let order): return "h" + String(repeating: "'", count: order) + "(q\(l))"
        case .teacher(let l, let own, let part): return "κ.\(part.rawValue)(q\(l), 1, \(own ? "c(\(l))" : "0"))"
        case .pair(let l, let l2, let part): return "κ.\(part.rawValue)(q\(l), q\(l2), 0)"
        }
    }

    public static func < (x: SectorAtom, y: SectorAtom) -> Bool { x.description < y.description }
}

/// `integer × Π atoms` (an exact number), with `value` enclosing it. `integer == 0` is an
/// exact zero whatever the atoms (used where a kernel value is absent because no such
/// pair of neurons exists).
public struct SectorTerm {
    public let value: Interval
    public let integer: Int
    public let atoms: [SectorAtom]
    public init(value: Interval, integer: Int, atoms: [SectorAtom]) {
        self.value = value; self.integer = integer; self.atoms = atoms
    }
}

extension Interval: SectorScalar {
    public static func constant(_ value: Interval) -> Interval { value }
    public static func count(_ count: CountPolynomial, precision: Int) -> Interval {
        guard let value = count.constantValue else {
            preconditionFailure("an Interval count must be constant, got \(count)")
        }
        return Interval(value, precision: precision)
    }
}

extension IntervalPolynomial: SectorScalar {
    // `constant(_:)` and + − × are IntervalPolynomial's own.
    public static func count(_ count: CountPolynomial, precision: Int) -> IntervalPolynomial {
        IntervalPolynomial(integers: count.coefficients, precision: precision)
    }
}
