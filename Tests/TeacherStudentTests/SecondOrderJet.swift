import CertifiedIntervals
@testable import TeacherStudent

/// Forward-mode automatic differentiation to second order over intervals: a value with
/// its gradient and Hessian in `dimension` independent variables. Every operation
/// applies the exact chain/product rule to enclosures, so the result encloses the exact
/// derivatives of the expression it evaluates (independently of any hand-derived formula).
struct Jet {
    let value: Interval
    let gradient: [Interval]
    let hessian: [[Interval]]

    var dimension: Int { gradient.count }
    var precision: Int { value.precision }

    static func constant(_ c: Interval, dimension n: Int) -> Jet {
        let zero = Interval.zero(precision: c.precision)
        return Jet(value: c, gradient: Array(repeating: zero, count: n),
                   hessian: Array(repeating: Array(repeating: zero, count: n), count: n))
    }

    /// The independent variable number `index` at the point `x`.
    static func variable(_ x: Interval, index: Int, dimension n: Int) -> Jet {
        let base = constant(x, dimension: n)
        var gradient = base.gradient
        gradient[index] = Interval(1, precision: x.precision)
        return Jet(value: x, gradient: gradient, hessian: base.hessian)
    }

    /// `f ∘ self` for a scalar function with `f(x) = f0`, `f'(x) = f1`, `f''(x) = f2`:
    /// gradient `f1 g`, Hessian `f1 H + f2 g gᵀ`.
    func composed(f0: Interval, f1: Interval, f2: Interval) -> Jet {
        let n = dimension
        let g = gradient.map { f1 * $0 }
        var h = hessian
        for r in 0..<n { for c in 0..<n { h[r][c] = f1 * hessian[r][c] + f2 * (gradient[r] * gradient[c]) } }
        return Jet(value: f0, gradient: g, hessian: h)
    }

    static func + (x: Jet, y: Jet) -> Jet {
        Jet(value: x.value + y.value, gradient: zip(x.gradient, y.gradient).map { $0 + $1 },
            hessian: zip(x.hessian, y.hessian).map { zip($0, $1).map { $0 + $1 } })
    }

    static prefix func - (x: Jet) -> Jet {
        Jet(value: -x.value, gradient: x.gradient.map { -$0 }, hessian: x.hessian.map { $0.map { -$0 } })
    }

    static func - (x: Jet, y: Jet) -> Jet { x + (-y) }

    /// `(uv)'' = u'' v + u' v'ᵀ + v' u'ᵀ + u v''`.
    static func * (x: Jet, y: Jet) -> Jet {
        let n = x.dimension
        let g = (0..<n).map { x.gradient[$0] * y.value + x.value * y.gradient[$0] }
        var h = x.hessian
        for r in 0..<n {
            for c in 0..<n {
                h[r][c] = x.hessian[r][c] * y.value + x.gradient[r] * y.gradient[c]
                    + y.gradient[r] * x.gradient[c] + x.value * y.hessian[r][c]
            }
        }
        return Jet(value: x.value * y.value, gradient: g, hessian: h)
    }

    static func * (c: Interval, x: Jet) -> Jet {
        Jet(value: c * x.value, gradient: x.gradient.map { c * $0 }, hessian: x.hessian.map { $0.map { c * $0 } })
    }

    static func + (c: Interval, x: Jet) -> Jet {
        Jet(value: c + x.value, gradient: x.gradient, hessian: x.hessian)
    }

    /// `1/x`: f' = −1/x², f'' = 2/x³.
    func reciprocal() throws -> Jet {
        let inverse = try Interval(1, precision: precision) / value
        return composed(f0: inverse, f1: -inverse.squared, f2: 2 * (inverse * inverse.squared))
    }

    static func / (x: Jet, y: Jet) throws -> Jet { x * (try y.reciprocal()) }

    /// `√x`: f' = 1/(2√x), f'' = −1/(4 x √x).
    func sqrt() throws -> Jet {
        let root = try value.sqrt()
        let f1 = try Interval(1, precision: precision) / (2 * root)
        let f2 = try -(Interval(1, precision: precision) / (4 * (value * root)))
        return composed(f0: root, f1: f1, f2: f2)
    }

    /// `asin x`: f' = (1 − x²)^{-1/2}, f'' = x (1 − x²)^{-3/2}.
    func asin() throws -> Jet {
        let f1 = try Interval(1, precision: precision) / (1 - value.squared).sqrt()
        return composed(f0: try value.asin(), f1: f1, f2: value * (f1 * f1.squared))
    }

    /// `acos x`: f' = −(1 − x²)^{-1/2}, f'' = −x (1 − x²)^{-3/2}.
    func acos() throws -> Jet {
        let f1 = try Interval(1, precision: precision) / (1 - value.squared).sqrt()
        return composed(f0: try value.acos(), f1: -f1, f2: -(value * (f1 * f1.squared)))
    }
}

/// The defining closed forms of the kernels (mathematics.md §2), evaluated on jets: an
/// independent differentiation of each kernel's formula.
enum KernelFormula {
    static func evaluate(_ activation: Activation, _ q1: Jet, _ q2: Jet, _ q12: Jet) throws -> Jet {
        let p = q1.precision, n = q1.dimension
        let pi = Interval.pi(precision: p)
        switch activation {
        case .erf(let scale):
            // (2/π) asin( s q12 / sqrt((1 + s q1)(1 + s q2)) )
            let s = Interval(scale, precision: p), one = Interval(1, precision: p)
            let denominator = try ((one + s * q1) * (one + s * q2)).sqrt()
            let argument = try (s * q12) / denominator
            return (try Interval(2, precision: p) / pi) * (try argument.asin())
        case .relu:
            // (S + (π − acos ρ) q12) / (2π), ρ = q12/sqrt(q1 q2), S = sqrt(q1 q2 − q12²)
            let s = try (q1 * q2 - q12 * q12).sqrt()
            let rho = try q12 / (try (q1 * q2).sqrt())
            let angle = pi + (-(try rho.acos()))
            return (try Interval(1, precision: p) / (2 * pi)) * (s + angle * q12)
        case .quadratic:
            return q1 * q2 + Interval(2, precision: p) * (q12 * q12)
        case .linear:
            return q12 + Jet.constant(Interval.zero(precision: p), dimension: n)
        }
    }

    /// The jet of κ in its three arguments at a point.
    static func jet(_ activation: Activation, _ q1: Interval, _ q2: Interval, _ q12: Interval) throws -> Jet {
        try evaluate(activation, .variable(q1, index: 0, dimension: 3), .variable(q2, index: 1, dimension: 3),
                     .variable(q12, index: 2, dimension: 3))
    }

    /// The jet of `h(q) = κ(q, q, q)` in one variable.
    static func diagonalJet(_ activation: Activation, _ q: Interval) throws -> Jet {
        let x = Jet.variable(q, index: 0, dimension: 1)
        return try evaluate(activation, x, x, x)
    }
}
