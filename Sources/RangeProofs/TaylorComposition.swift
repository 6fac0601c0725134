import CertifiedIntervals
import CFlint
import ClosedForms

/// The elementary functions a Laurent model can be composed with.
enum SeriesFunction: String {
    case inverse = "1/y", sqrt, exp, log, atan, asin, acos, erf

    /// Whether the ball lies where the function is analytic (so the Lagrange form of
    /// the remainder applies on it).
    func isAnalytic(on x: Ball) -> Bool {
        guard x.isFinite else { return false }
        switch self {
        case .inverse: return !x.containsZero
        case .sqrt, .log: return x.isPositive
        case .asin, .acos: return x.isInsideOpenUnitInterval
        case .exp, .atan, .erf: return true
        }
    }

    /// The exact Taylor coefficients `f^(k)(c0)/k!`, k = 0…n, with Calcium.
    func exactCoefficients(at c0: ExactCoefficient, count n: Int) -> [ExactCoefficient] {
        let ctx = c0.context
        let one = ExactCoefficient.integer(1, ctx)
        var a: [ExactCoefficient] = []
        switch self {
        case .inverse:
            let r = one / c0
            a.append(r)
            for _ in 0..<n { a.append(-(a.last! * r)) }
        case .sqrt:
            let s = c0.sqrt, r = one / c0
            var binomial = Rational(1)
            var power = one
            a.append(s)
            for k in 1...max(n, 1) where k <= n {
                binomial = binomial * (Rational(1, 2) - Rational(k - 1)) * Rational(1, k)
                power = power * r
                a.append(s * power.times(binomial))
            }
        case .exp:
            let e = c0.exp
            var factorial = Rational(1)
            a.append(e)
            for k in 1...max(n, 1) where k <= n {
                factorial = factorial * Rational(k)
                a.append(e.times((try? Rational.dividing(Rational(1), by: factorial)) ?? Rational(0)))
            }
        case .log:
            let r = one / c0
            var power = one
            a.append(c0.log)
            for k in 1...max(n, 1) where k <= n {
                power = power * r
                a.append(power.times(Rational(k % 2 == 1 ? 1 : -1, k)))
            }
        case .atan:
            // atan' = 1/(1 + y²): integrate the series of 1/(1 + (c0 + x)²).
            let q = [one + c0 * c0, c0.times(Rational(2)), one]
            let r = SeriesFunction.inverseSeries(q, count: n)
            a.append(c0.atan)
            for k in 1...max(n, 1) where k <= n { a.append(r[k - 1].times(Rational(1, k))) }
        case .asin, .acos:
            // asin' = (1 − y²)^(−1/2): the square root of 1 − (c0 + x)², inverted, integrated.
            let p = [one - c0 * c0, c0.times(Rational(-2)), .integer(-1, ctx)]
            let r = SeriesFunction.inverseSeries(SeriesFunction.sqrtSeries(p, count: n), count: n)
            let sign = self == .asin ? Rational(1) : Rational(-1)
            a.append(self == .asin ? c0.asin : c0.acos)
            for k in 1...max(n, 1) where k <= n { a.append(r[k - 1].times(sign * Rational(1, k))) }
        case .erf:
            // erf' = 2/sqrt(pi) exp(−y²): exp of −(c0 + x)² by E' = p' E, integrated.
            let p = [-(c0 * c0), c0.times(Rational(-2)), .integer(-1, ctx)]
            var e: [ExactCoefficient] = [p[0].exp]
            for k in 1...max(n, 1) where k <= n {
                var s = ExactCoefficient.integer(0, ctx)
                for j in 1...min(k, 2) { s = s + p[j].times(Rational(j)) * e[k - j] }
                e.append(s.times(Rational(1, k)))
            }
            let factor = ExactCoefficient.integer(2, ctx) / ExactCoefficient.pi(ctx).sqrt
            a.append(c0.erf)
            for k in 1...max(n, 1) where k <= n { a.append(factor * e[k - 1].times(Rational(1, k))) }
        }
        return Array(a.prefix(n + 1))
    }

    /// `1/q` as a power series, `count + 1` terms (q₀ decided nonzero by the caller).
    static func inverseSeries(_ q: [ExactCoefficient], count n: Int) -> [ExactCoefficient] {
        let ctx = q[0].context
        let r0 = ExactCoefficient.integer(1, ctx) / q[0]
        var r = [r0]
        if n == 0 { return r }
        for k in 1...n {
            var s = ExactCoefficient.integer(0, ctx)
            for j in 1...min(k, q.count - 1) { s = s + q[j] * r[k - j] }
            r.append(-(s * r0))
        }
        return r
    }

    /// `sqrt(p)` as a power series, `count + 1` terms (p₀ > 0).
    static func sqrtSeries(_ p: [ExactCoefficient], count n: Int) -> [ExactCoefficient] {
        let ctx = p[0].context
        let s0 = p[0].sqrt
        let twice = s0.times(Rational(2))
        var s = [s0]
        if n == 0 { return s }
        for k in 1...n {
            var t = k < p.count ? p[k] : ExactCoefficient.integer(0, ctx)
            if k >= 2 { for i in 1...(k - 1) { t = t - s[i] * s[k - i] } }
            s.append(t / twice)
        }
        return s
    }

    /// An enclosure of `f^(k)(ξ)/k!` for every ξ in the ball `x` (Arb's Taylor series
    /// of f at the ball), nil when not finite.
    func derivativeBound(on x: Ball, order k: Int, precision: Int) -> Ball? {
        let input = UnsafeMutablePointer<arb_poly_struct>.allocate(capacity: 1)
        let output = UnsafeMutablePointer<arb_poly_struct>.allocate(capacity: 1)
        defer { input.deallocate(); output.deallocate() }
        arb_poly_init(input); arb_poly_init(output)
        defer { arb_poly_clear(input); arb_poly_clear(output) }
        arb_poly_set_coeff_arb(input, 0, x.pointer)
        arb_poly_set_coeff_si(input, 1, 1)
        let length = k + 1
        switch self {
        case .inverse: arb_poly_inv_series(output, input, length, precision)
        case .sqrt: arb_poly_sqrt_series(output, input, length, precision)
        case .exp: arb_poly_exp_series(output, input, length, precision)
        case .log: arb_poly_log_series(output, input, length, precision)
        case .atan: arb_poly_atan_series(output, input, length, precision)
        case .asin: arb_poly_asin_series(output, input, length, precision)
        case .acos: arb_poly_acos_series(output, input, length, precision)
        case .erf: arb_hypgeom_erf_series(output, input, length, precision)
        }
        let result = Ball()
        arb_poly_get_coeff_arb(result.pointer, output, k)
        return result.isFinite ? result : nil
    }
}

extension LaurentModel {
    /// `f(self)` for a model with no negative powers (after exact zeros are
    /// stripped): with `self = c0 + u`, u of valuation ≥ 1 on (0, ε],
    ///
    ///     f(c0 + u) = Σ_{k ≤ o} f^(k)(c0)/k! u^k + f^(o+1)(ξ)/(o+1)! u^(o+1),
    ///
    /// ξ between c0 and c0 + u (Lagrange), the sum in model arithmetic with exact
    /// coefficients, the last term `t^(o+1) · B · (u/t)^(o+1)` with B Arb's bound of
    /// `f^(o+1)/(o+1)!` on the hull of c0 and c0 + range(u). Requires f analytic on
    /// that hull (checked).
    func composed(with f: SeriesFunction) throws -> LaurentModel {
        let h = stripped()
        guard h.valuation >= 0 else {
            throw TaylorModelFailure("\(f.rawValue) of a term growing like t^\(h.valuation) at t = 0 "
                                         + "is not a Laurent series", structural: true)
        }
        let o = h.order
        guard o >= 0 else { throw TaylorModelFailure("the argument of \(f.rawValue) is known only to order \(o)",
                                                     needsHigherOrder: true) }
        let ctx = setting.context
        let p = precision
        let c0 = h.coefficient(0) ?? .integer(0, ctx)
        var uCoefficients = h.coefficients
        var uValuation = h.valuation
        if h.valuation == 0 { uCoefficients.removeFirst(); uValuation = 1 }
        if uCoefficients.isEmpty { uValuation = o + 1 }
        let u = LaurentModel(valuation: uValuation, coefficients: uCoefficients, order: o, remainder: h.remainder,
                             setting: setting)
        guard let c0Ball = c0.ball(precision: p) else {
            throw TaylorModelFailure("the constant term of the argument of \(f.rawValue) is not certainly real")
        }
        let uRange = u.range(dividedByPower: 0)
        let hull = Ball.hull(c0Ball, c0Ball.plus(uRange, p), precision: p)
        guard f.isAnalytic(on: hull) else {
            throw TaylorModelFailure("\(f.rawValue) is not certainly analytic on the range \(hull.shortDescription) "
                                         + "of its argument over (0, ε]")
        }
        let a = f.exactCoefficients(at: c0, count: o)
        guard let bound = f.derivativeBound(on: hull, order: o + 1, precision: p) else {
            throw TaylorModelFailure("no finite bound of the \(o + 1)-th derivative of \(f.rawValue) on "
                                         + hull.shortDescription)
        }
        var result = LaurentModel.constant(a[o], setting)
        if o > 0 {
            for k in stride(from: o - 1, through: 0, by: -1) {
                result = result * u + LaurentModel.constant(a[k], setting)
            }
        }
        result = result.truncated(to: o)
        let uOverT = u.shifted(by: -1).range(dividedByPower: 0)
        let lagrange = bound.times(uOverT.power(o + 1, p), p)
        result.remainder = result.remainder.plus(lagrange, p)
        return result
    }

    /// `1/self`: `self = t^v (c + …)` with c decided nonzero; `t^(−v) · 1/(c + …)`.
    func inverse() throws -> LaurentModel {
        let h = stripped()
        guard let c = h.coefficients.first else {
            throw TaylorModelFailure("a denominator's coefficients all vanish up to t^\(h.order)",
                                     needsHigherOrder: true)
        }
        guard c.isZero == false else {
            throw TaylorModelFailure("Calcium cannot decide whether a denominator's leading coefficient is 0")
        }
        let v = h.valuation
        return try h.shifted(by: -v).composed(with: .inverse).shifted(by: -v)
    }

    /// `sqrt(self)` for `self = t^v (c + …)` with v even and c > 0:
    /// `t^(v/2) sqrt(c + …)`.
    func squareRoot() throws -> LaurentModel {
        let h = stripped()
        guard let c = h.coefficients.first, c.isZero == false else {
            throw TaylorModelFailure("sqrt of a model whose leading coefficient is not decided nonzero",
                                     needsHigherOrder: h.coefficients.isEmpty)
        }
        let v = h.valuation
        guard v % 2 == 0 else {
            throw TaylorModelFailure("sqrt of a term like t^\(v) is not a Laurent series in t", structural: true)
        }
        return try h.shifted(by: -v).composed(with: .sqrt).shifted(by: v / 2)
    }
}

extension TaylorModelFailure {
    init(_ reason: String, structural: Bool) {
        self.init(reason)
        self.structural = structural
    }
}
