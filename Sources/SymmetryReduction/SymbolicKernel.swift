import CertifiedIntervals
import ClosedForms
import TeacherStudent

/// The Gaussian kernel `κ(q1, q2, q12) = E[σ(u) σ(u')]` of an activation and the
/// partial derivatives the gradient needs, as closed forms (`ClosedForms.Expression`
/// trees) in arguments that are themselves closed forms.
///
/// Written by hand from mathematics.md §2 in singularity-free forms, one activation a
/// case, for the argument patterns that occur at a copy-average point of an
/// orthonormal teacher (and only those):
///
/// - the general point `(q1, q2, q12)`;
/// - the *diagonal* `(q, q, q)` of a neuron with itself: `h(q) = κ(q, q, q)` and
///   `h'(q) = (∂1 + ∂2 + ∂12)κ(q, q, q)` — smooth even where the general form is not
///   (ReLU at ρ = 1);
/// - the *orthogonal* pair `(q1, q2, 0)` (two vectors with disjoint supports), written
///   with `sqrt(x y) = sqrt(x) sqrt(y)` (x, y ≥ 0 here: squared norms, and `1 + s q`)
///   so that the two sizes of a two-size quantity sit in separate factors — the side
///   conditions of an identity in `l` and `lp` then split into conditions in one
///   variable each;
/// - the *aligned* pair `(l·c², 1, c)`: a student `c·Σ_{j∈S} e_j` of a group of size
///   `l` with one teacher neuron of its own group. For ReLU the general form would
///   take the square root of `l c² − c²`, which is 0 at `l = 1` and, with an
///   irrational `c`, encloses negative numbers; the aligned form uses
///   `sqrt(l c² − c²) = c sqrt(l − 1)` and `ρ = 1 / sqrt(l)`, exact identities for
///   `l ≥ 1` and `c > 0` — the condition `alignedAssumptions` returns, which whoever
///   uses these forms must establish (at a point, or over the whole range).
///
/// ∂2 is never needed separately: the gradient of a student only differentiates the
/// slot holding that student (the kernel is symmetric in its first two arguments), and
/// the diagonal uses `h'`.
///
/// Independence: the test suite compares every form with TeacherStudent's interval
/// kernels (a separate implementation) at sample points, and the whole reduction with
/// the dense loss and gradient.
public struct SymbolicKernel {
    public let activation: Activation

    public init(_ activation: Activation) { self.activation = activation }

    // MARK: General point

    /// `κ(q1, q2, q12)`.
    func value(_ q1: Symbolic, _ q2: Symbolic, _ q12: Symbolic) -> Symbolic {
        switch activation {
        case .erf(let scale):
            let s = Symbolic.number(scale)
            let one: Symbolic = 1, two: Symbolic = 2
            let root = Symbolic.sqrt((one + s * q1) * (one + s * q2))
            let angle = Symbolic.asin(s * q12 / root)
            return two * angle / Symbolic.pi
        case .relu:
            let rho = q12 / .sqrt(q1 * q2)
            let bigS = Symbolic.sqrt(q1 * q2 - .power(q12, 2))
            return (bigS + (Symbolic.pi - .acos(rho)) * q12) / (2 * Symbolic.pi)
        case .quadratic:
            return q1 * q2 + 2 * .power(q12, 2)
        case .linear:
            return q12
        }
    }

    /// `∂κ/∂q1 (q1, q2, q12)`.
    func d1(_ q1: Symbolic, _ q2: Symbolic, _ q12: Symbolic) -> Symbolic {
        switch activation {
        case .erf(let scale):
            // −(1/π) s² q12 / ((1 + s q1) D),  D = sqrt((1 + s q1)(1 + s q2) − s² q12²).
            let s = Symbolic.number(scale)
            let bigD = Symbolic.sqrt((1 + s * q1) * (1 + s * q2) - .power(s * q12, 2))
            return -(Symbolic.power(s, 2) * q12 / (Symbolic.pi * (1 + s * q1) * bigD))
        case .relu:
            // S / (4π q1).
            return .sqrt(q1 * q2 - .power(q12, 2)) / (4 * Symbolic.pi * q1)
        case .quadratic:
            return q2
        case .linear:
            return .number(0)
        }
    }

    /// `∂κ/∂q12 (q1, q2, q12)`.
    func d12(_ q1: Symbolic, _ q2: Symbolic, _ q12: Symbolic) -> Symbolic {
        switch activation {
        case .erf(let scale):
            // (2/π) s / D.
            let s = Symbolic.number(scale)
            let bigD = Symbolic.sqrt((1 + s * q1) * (1 + s * q2) - .power(s * q12, 2))
            return 2 * s / (Symbolic.pi * bigD)
        case .relu:
            // (π − acos ρ) / (2π).
            return (Symbolic.pi - .acos(q12 / .sqrt(q1 * q2))) / (2 * Symbolic.pi)
        case .quadratic:
            return 4 * q12
        case .linear:
            return .number(1)
        }
    }

    // MARK: Diagonal (q, q, q)

    /// `h(q) = κ(q, q, q)`.
    func diagonal(_ q: Symbolic) -> Symbolic {
        switch activation {
        case .erf(let scale):
            let s = Symbolic.number(scale)
            let one: Symbolic = 1, two: Symbolic = 2
            let angle = Symbolic.asin(s * q / (one + s * q))
            return two * angle / Symbolic.pi
        case .relu:
            return q / 2
        case .quadratic:
            return 3 * .power(q, 2)
        case .linear:
            return q
        }
    }

    /// `h'(q) = (∂1 + ∂2 + ∂12)κ(q, q, q)`.
    func diagonalDerivative(_ q: Symbolic) -> Symbolic {
        switch activation {
        case .erf(let scale):
            // d/dq (2/π) asin(sq/(1+sq)) = (2/π) s / ((1 + s q) sqrt(1 + 2 s q)).
            let s = Symbolic.number(scale)
            return 2 * s / (Symbolic.pi * (1 + s * q) * .sqrt(1 + 2 * s * q))
        case .relu:
            return .number(Rational(1, 2))
        case .quadratic:
            return 6 * q
        case .linear:
            return .number(1)
        }
    }

    /// `c · h'(q)`, the diagonal term of a student's own-group gradient. For erf it is
    /// written `(2/π) s/(1 + s q) · sqrt(c² / (1 + 2 s q))` — equal for `c > 0` (see
    /// `diagonalTermAssumptions`) — which keeps `c` and `sqrt(1 + 2 s q)` under one radical: exact
    /// zero tests then meet one radical fewer, and decide identities (A_w of the
    /// paper's family) they otherwise leave open.
    func coefficientTimesDiagonalDerivative(_ c: Symbolic, _ q: Symbolic) -> Symbolic {
        guard case .erf(let scale) = activation else { return c * diagonalDerivative(q) }
        let s = Symbolic.number(scale)
        let one: Symbolic = 1, two: Symbolic = 2
        return two * s / (Symbolic.pi * (one + s * q)) * .sqrt(.power(c, 2) / (one + two * s * q))
    }

    // MARK: Orthogonal (q1, q2, 0)

    /// `κ(q1, q2, 0)`.
    func orthogonalValue(_ q1: Symbolic, _ q2: Symbolic) -> Symbolic {
        switch activation {
        case .erf: return .number(0)                              // asin(0) = 0
        case .relu: return Symbolic.sqrt(q1) * .sqrt(q2) / (2 * Symbolic.pi)   // S = sqrt(q1) sqrt(q2), q12 = 0
        case .quadratic: return q1 * q2
        case .linear: return .number(0)
        }
    }

    /// `∂κ/∂q1 (q1, q2, 0)`.
    func orthogonalD1(_ q1: Symbolic, _ q2: Symbolic) -> Symbolic {
        switch activation {
        case .erf: return .number(0)                              // proportional to q12
        case .relu: return Symbolic.sqrt(q2) / (4 * Symbolic.pi * .sqrt(q1))   // S/(4π q1), S = sqrt(q1) sqrt(q2)
        case .quadratic: return q2
        case .linear: return .number(0)
        }
    }

    /// `∂κ/∂q12 (q1, q2, 0)`.
    func orthogonalD12(_ q1: Symbolic, _ q2: Symbolic) -> Symbolic {
        switch activation {
        case .erf(let scale):
            let s = Symbolic.number(scale)
            let one: Symbolic = 1, two: Symbolic = 2
            return two * s / (Symbolic.pi * .sqrt(one + s * q1) * .sqrt(one + s * q2))
        case .relu: return .number(Rational(1, 4))                // (π − acos 0)/(2π)
        case .quadratic: return .number(0)
        case .linear: return .number(1)
        }
    }

    // MARK: Aligned (l c², 1, c)

    /// `κ(l c², 1, c)`.
    func alignedValue(size l: Symbolic, coefficient c: Symbolic) -> Symbolic {
        guard case .relu = activation else { return value(l * .power(c, 2), .number(1), c) }
        let (rho, bigS) = reluAligned(size: l, coefficient: c)
        return (bigS + (Symbolic.pi - .acos(rho)) * c) / (2 * Symbolic.pi)
    }

    /// `∂κ/∂q1 (l c², 1, c)`.
    func alignedD1(size l: Symbolic, coefficient c: Symbolic) -> Symbolic {
        guard case .relu = activation else { return d1(l * .power(c, 2), .number(1), c) }
        let (_, bigS) = reluAligned(size: l, coefficient: c)
        return bigS / (4 * Symbolic.pi * l * .power(c, 2))
    }

    /// `∂κ/∂q12 (l c², 1, c)`.
    func alignedD12(size l: Symbolic, coefficient c: Symbolic) -> Symbolic {
        guard case .relu = activation else { return d12(l * .power(c, 2), .number(1), c) }
        let (rho, _) = reluAligned(size: l, coefficient: c)
        return (Symbolic.pi - .acos(rho)) / (2 * Symbolic.pi)
    }

    /// For ReLU at `(l c², 1, c)`: `ρ = 1 / sqrt(l)` and `S = c sqrt(l − 1)`, identities
    /// for `l ≥ 1` and `c > 0` (see `alignedAssumptions`).
    private func reluAligned(size l: Symbolic, coefficient c: Symbolic) -> (rho: Symbolic, bigS: Symbolic) {
        let one: Symbolic = 1
        return (one / .sqrt(l), c * .sqrt(l - one))
    }

    /// What the aligned forms assume besides `l ≥ 1`: for ReLU, `c > 0` (the student
    /// points into the positive orthant of its group); nothing for the other kernels,
    /// whose aligned forms are the general ones.
    func alignedAssumptions(coefficient c: Symbolic) -> [SideCondition] {
        guard case .relu = activation else { return [] }
        return [SideCondition(expression: c.expression, requirement: .positive,
                              reason: "incoming coefficient c(l) of the ReLU aligned kernel form")]
    }

    /// What `coefficientTimesDiagonalDerivative` assumes: for erf, `c > 0`.
    func diagonalTermAssumptions(coefficient c: Symbolic) -> [SideCondition] {
        guard case .erf = activation else { return [] }
        return [SideCondition(expression: c.expression, requirement: .positive,
                              reason: "incoming coefficient c(l), written under the square root of the erf diagonal term")]
    }
}

// MARK: - The forms as expressions

extension SymbolicKernel {
    /// The kernel's closed forms with `Expression` arguments (the same forms the
    /// reduction uses). `part` selects `κ`, `∂κ/∂q1` or `∂κ/∂q12`.
    public enum Part: String, CaseIterable, Sendable { case value, d1, d12 }

    /// The closed form of `part` at the general point `(q1, q2, q12)`.
    public func general(_ part: Part, _ q1: ClosedForms.Expression, _ q2: ClosedForms.Expression,
                        _ q12: ClosedForms.Expression) -> ClosedForms.Expression {
        let (x, y, z) = (Symbolic(q1), Symbolic(q2), Symbolic(q12))
        switch part {
        case .value: return value(x, y, z).expression
        case .d1: return d1(x, y, z).expression
        case .d12: return d12(x, y, z).expression
        }
    }

    /// The closed form of `part` at the orthogonal point `(q1, q2, 0)`.
    public func orthogonal(_ part: Part, _ q1: ClosedForms.Expression,
                           _ q2: ClosedForms.Expression) -> ClosedForms.Expression {
        let (x, y) = (Symbolic(q1), Symbolic(q2))
        switch part {
        case .value: return orthogonalValue(x, y).expression
        case .d1: return orthogonalD1(x, y).expression
        case .d12: return orthogonalD12(x, y).expression
        }
    }

    /// The closed form of `part` at the aligned point `(l c², 1, c)` (ReLU: for `c > 0`).
    public func aligned(_ part: Part, size l: ClosedForms.Expression,
                        coefficient c: ClosedForms.Expression) -> ClosedForms.Expression {
        let (x, y) = (Symbolic(l), Symbolic(c))
        switch part {
        case .value: return alignedValue(size: x, coefficient: y).expression
        case .d1: return alignedD1(size: x, coefficient: y).expression
        case .d12: return alignedD12(size: x, coefficient: y).expression
        }
    }

    /// `h(q) = κ(q, q, q)` (`derivative == false`) or `h'(q)`.
    public func diagonal(_ q: ClosedForms.Expression, derivative: Bool) -> ClosedForms.Expression {
        derivative ? diagonalDerivative(Symbolic(q)).expression : diagonal(Symbolic(q)).expression
    }
}
