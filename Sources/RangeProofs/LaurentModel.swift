import CertifiedIntervals
import CFlint

/// Why a Taylor model could not be formed or could not decide.
struct TaylorModelFailure: Error, CustomStringConvertible {
    let reason: String
    /// True when every coefficient up to the order vanished exactly: a higher order
    /// may help (a smaller ε may not).
    var needsHigherOrder = false
    /// True when no ε or order will help (an unsupported operation).
    var structural = false
    init(_ reason: String, needsHigherOrder: Bool = false) {
        self.reason = reason
        self.needsHigherOrder = needsHigherOrder
    }
    var description: String { reason }
}

/// The setting of a family of Laurent models: t ranges over `(0, ε]`, coefficients
/// are exact in `context`, remainders are balls at `precision` bits, and no model
/// keeps terms beyond `maximumOrder`.
final class TaylorSetting {
    let context = CalciumContext()
    let precision: Int
    let maximumOrder: Int
    /// `ε` and the ball `[0, ε]`.
    let epsilon: Ball
    let range: Ball

    init(epsilon: Rational, precision: Int, maximumOrder: Int) {
        self.precision = precision
        self.maximumOrder = maximumOrder
        self.epsilon = Ball.from(Interval(epsilon, precision: precision), precision: precision)
        range = Ball.fromZero(to: self.epsilon, precision: precision)
    }

    /// `[0, ε^k]`, the range of `t^k` over `[0, ε]` (`k ≥ 0`; `[1, 1]` for k = 0 —
    /// t^0 = 1 on (0, ε]).
    func rangeOfPower(_ k: Int) -> Ball {
        precondition(k >= 0)
        if k == 0 { return Ball.integer(1) }
        return range.power(k, precision)
    }
}

/// A truncated Laurent model of a function g on t ∈ (0, ε]:
///
///     g(t) − Σ_{j=valuation}^{valuation+count−1} c_j t^j  ∈  t^(order+1) · remainder
///
/// for every t in (0, ε], with exact coefficients `c_j` (Calcium numbers, so that
/// cancellations are decided exact zeros) and `remainder` a ball. Invariant:
/// `valuation + coefficients.count − 1 ≤ order`; a model without coefficients has
/// `valuation = order + 1` (it is a pure remainder).
struct LaurentModel {
    var valuation: Int
    var coefficients: [ExactCoefficient]
    var order: Int
    var remainder: Ball
    let setting: TaylorSetting

    var precision: Int { setting.precision }

    /// The exact constant c.
    static func constant(_ c: ExactCoefficient, _ setting: TaylorSetting) -> LaurentModel {
        LaurentModel(valuation: 0, coefficients: [c], order: setting.maximumOrder, remainder: .zero(), setting: setting)
    }

    /// `sign · t^(-1)` (the variable x = ±1/t).
    static func reciprocalOfT(sign: Int, _ setting: TaylorSetting) -> LaurentModel {
        LaurentModel(valuation: -1, coefficients: [.integer(sign, setting.context)], order: setting.maximumOrder,
                     remainder: .zero(), setting: setting)
    }

    /// The coefficient of t^e (exact 0 when outside the stored ones, e ≤ order).
    func coefficient(_ e: Int) -> ExactCoefficient? {
        let i = e - valuation
        guard i >= 0 && i < coefficients.count else { return nil }
        return coefficients[i]
    }

    /// The range over t ∈ [0, ε] of `Σ_{j ≥ from} c_j t^(j − from) + t^(order+1−from)·R`
    /// (requires `from ≤ valuation` or coefficients below `from` absent, and
    /// `from ≤ order + 1`).
    func range(dividedByPower from: Int) -> Ball {
        precondition(from <= order + 1)
        // Horner from the top: S = c_top; S = S·t + c_{j}; then shift.
        var sum = setting.rangeOfPower(order + 1 - from).times(remainder, precision)
        for (i, c) in coefficients.enumerated() {
            let e = valuation + i
            guard e >= from else { return LaurentModel.unboundedBall() }
            guard let cb = c.ball(precision: precision) else {
                return LaurentModel.unboundedBall()
            }
            sum = sum.plus(cb.times(setting.rangeOfPower(e - from), precision), precision)
        }
        return sum
    }

    static func unboundedBall() -> Ball {
        let b = Ball()
        arb_indeterminate(b.pointer)
        return b
    }

    /// The model truncated at `newOrder ≤ order`: coefficients of higher exponents
    /// move into the remainder, `t^e c = t^(newOrder+1) · t^(e−newOrder−1) c`.
    func truncated(to newOrder: Int) -> LaurentModel {
        guard newOrder < order else { return self }
        var kept: [ExactCoefficient] = []
        var rem = setting.rangeOfPower(order - newOrder).times(remainder, precision)
        for (i, c) in coefficients.enumerated() {
            let e = valuation + i
            if e <= newOrder {
                kept.append(c)
            } else {
                let cb = c.ball(precision: precision) ?? LaurentModel.unboundedBall()
                rem = rem.plus(cb.times(setting.rangeOfPower(e - newOrder - 1), precision), precision)
            }
        }
        let v = kept.isEmpty ? newOrder + 1 : valuation
        return LaurentModel(valuation: v, coefficients: kept, order: newOrder, remainder: rem, setting: setting)
    }

    /// Multiplies by t^k (any integer k).
    func shifted(by k: Int) -> LaurentModel {
        LaurentModel(valuation: valuation + k, coefficients: coefficients, order: order + k, remainder: remainder,
                     setting: setting)
    }

    /// Drops leading coefficients decided exactly 0. Stops at the first one Calcium
    /// cannot decide (it stays, and inverting the model then fails).
    func stripped() -> LaurentModel {
        var start = 0
        while start < coefficients.count, coefficients[start].isZero == true { start += 1 }
        if start == 0 { return self }
        let kept = Array(coefficients[start...])
        let v = kept.isEmpty ? order + 1 : valuation + start
        return LaurentModel(valuation: v, coefficients: kept, order: order, remainder: remainder, setting: setting)
    }

    static prefix func - (a: LaurentModel) -> LaurentModel {
        LaurentModel(valuation: a.valuation, coefficients: a.coefficients.map { -$0 }, order: a.order,
                     remainder: a.remainder.negated, setting: a.setting)
    }

    static func + (a: LaurentModel, b: LaurentModel) -> LaurentModel {
        let o = min(a.order, b.order)
        let x = a.truncated(to: o), y = b.truncated(to: o)
        let v = min(x.valuation, y.valuation)
        var coefficients: [ExactCoefficient] = []
        if v <= o {
            for e in v...o {
                switch (x.coefficient(e), y.coefficient(e)) {
                case let (p?, q?): coefficients.append(p + q)
                case let (p?, nil): coefficients.append(p)
                case let (nil, q?): coefficients.append(q)
                case (nil, nil): coefficients.append(.integer(0, a.setting.context))
                }
            }
        }
        // Trailing exact zeros are harmless; drop those beyond the last stored one.
        let last = max(x.valuation + x.coefficients.count, y.valuation + y.coefficients.count) - 1
        if last >= v { coefficients = Array(coefficients.prefix(last - v + 1)) } else { coefficients = [] }
        let p = a.precision
        let model = LaurentModel(valuation: coefficients.isEmpty ? o + 1 : v, coefficients: coefficients, order: o,
                                 remainder: x.remainder.plus(y.remainder, p), setting: a.setting)
        return model
    }

    static func - (a: LaurentModel, b: LaurentModel) -> LaurentModel { a + (-b) }

    static func * (a: LaurentModel, b: LaurentModel) -> LaurentModel {
        let setting = a.setting
        let p = a.precision
        let o = min(a.order + b.valuation, b.order + a.valuation, setting.maximumOrder)
        let v = a.valuation + b.valuation
        var products: [Int: ExactCoefficient] = [:]
        var rem = Ball.zero()
        for (i, ai) in a.coefficients.enumerated() {
            for (j, bj) in b.coefficients.enumerated() {
                let e = a.valuation + i + b.valuation + j
                if e <= o {
                    let term = ai * bj
                    products[e] = products[e].map { $0 + term } ?? term
                } else {
                    let ab = ai.ball(precision: p) ?? unboundedBall()
                    let bb = bj.ball(precision: p) ?? unboundedBall()
                    rem = rem.plus(ab.times(bb, p).times(setting.rangeOfPower(e - o - 1), p), p)
                }
            }
        }
        // t^(oa+1) Ra · Pb = t^(o+1) · t^(oa+vb−o) Ra · (Pb / t^vb), and symmetrically.
        let pb = LaurentModel(valuation: b.valuation, coefficients: b.coefficients, order: b.order,
                              remainder: .zero(), setting: setting).range(dividedByPower: b.valuation)
        let pa = LaurentModel(valuation: a.valuation, coefficients: a.coefficients, order: a.order,
                              remainder: .zero(), setting: setting).range(dividedByPower: a.valuation)
        rem = rem.plus(a.remainder.times(pb, p).times(setting.rangeOfPower(a.order + b.valuation - o), p), p)
        rem = rem.plus(b.remainder.times(pa, p).times(setting.rangeOfPower(b.order + a.valuation - o), p), p)
        rem = rem.plus(a.remainder.times(b.remainder, p)
                        .times(setting.rangeOfPower(a.order + b.order + 1 - o), p), p)
        var coefficients: [ExactCoefficient] = []
        if let top = products.keys.max(), v <= o {
            for e in v...top { coefficients.append(products[e] ?? .integer(0, setting.context)) }
        }
        return LaurentModel(valuation: coefficients.isEmpty ? o + 1 : v, coefficients: coefficients, order: o,
                            remainder: rem, setting: setting)
    }

    /// `self^n`, n ≥ 0, by repeated squaring.
    func power(_ n: Int) -> LaurentModel {
        precondition(n >= 0)
        var result = LaurentModel.constant(.integer(1, setting.context), setting)
        var base = self
        var k = n
        while k > 0 {
            if k & 1 == 1 { result = result * base }
            k >>= 1
            if k > 0 { base = base * base }
        }
        return result
    }

    /// The leading term and the sign of the model on (0, ε], when the model decides
    /// it: `g = t^v (c_v + tail)` with `c_v` decided nonzero and `c_v + tail` (tail
    /// enclosed over [0, ε]) of one sign.
    func sign() throws -> (sign: Int, leading: ExactCoefficient, valuation: Int) {
        let m = stripped()
        guard let c = m.coefficients.first else {
            throw TaylorModelFailure("every coefficient up to t^\(m.order) vanishes exactly", needsHigherOrder: true)
        }
        guard c.isZero == false else {
            throw TaylorModelFailure("Calcium cannot decide whether the coefficient of t^\(m.valuation) is 0")
        }
        let whole = m.range(dividedByPower: m.valuation)
        if whole.isPositive { return (1, c, m.valuation) }
        if whole.isNegative { return (-1, c, m.valuation) }
        throw TaylorModelFailure("on (0, ε] the model's terms beyond t^\(m.valuation) and its remainder "
                                     + "(\(whole.shortDescription) after division by t^\(m.valuation)) do not "
                                     + "leave the leading term's sign certain")
    }
}
