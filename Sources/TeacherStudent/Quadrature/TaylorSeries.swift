import CertifiedIntervals

/// Truncated Taylor series with interval coefficients: `[c_0, …, c_n]` stands for the
/// Taylor coefficients `c_k = f^{(k)}(z0)/k!` of a function at a centre `z0`.
///
/// Guarantee: when the centre is an interval `Z0`, every coefficient enclosure contains
/// the exact coefficient `f^{(k)}(ζ)/k!` for every `ζ ∈ Z0` (the recurrences below are
/// the exact ones for the exact functions, evaluated in interval arithmetic, so the
/// inclusion principle of `CertifiedIntervals` carries over). With a point (or a tiny)
/// centre this gives the expansion coefficients; with a whole panel as centre it gives
/// the enclosure of `f^{(K)}(ξ)/K!` needed by the Lagrange remainder.
///
/// Only what the Gaussian integrands need is provided: products, the exponential of a
/// quadratic polynomial in the offset `t = z − z0`, and `erf` of a linear one. The
/// recurrences come from `E' = a' E` (exp) and `B' = (2/√π) e^{−L²} L'` (erf).
struct TaylorArithmetic {
    let precision: Int
    /// `reciprocals[k] = 1/k` for `1 ≤ k ≤ maximumOrder + 1` (index 0 holds 0).
    let reciprocals: [Interval]
    let zero: Interval
    let one: Interval

    init(precision: Int, maximumOrder: Int) {
        self.precision = precision
        zero = Interval(0, precision: precision)
        one = Interval(1, precision: precision)
        var table = [zero]
        if maximumOrder >= 0 {
            for k in 1...(maximumOrder + 1) { table.append(Interval(Rational(1, k), precision: precision)) }
        }
        reciprocals = table
    }

    /// The series of `z0 + t`, to order `n`.
    func affine(_ z0: Interval, order n: Int) -> [Interval] {
        var s = [Interval](repeating: zero, count: n + 1)
        s[0] = z0
        if n >= 1 { s[1] = one }
        return s
    }

    /// `x · a` for a constant `x`.
    func scaled(_ a: [Interval], by x: Interval) -> [Interval] { a.map { x * $0 } }

    /// `a + b` (same order).
    func sum(_ a: [Interval], _ b: [Interval]) -> [Interval] {
        precondition(a.count == b.count)
        return zip(a, b).map { $0 + $1 }
    }

    /// The coefficient of `t^k` in `a · b` (Cauchy product), `k < a.count, b.count`.
    func productCoefficient(_ a: [Interval], _ b: [Interval], _ k: Int) -> Interval {
        let acc = IntervalAccumulator(precision: precision)
        for j in 0...k { acc.addProduct(a[j], b[k - j]) }
        return acc.sum
    }

    /// `a · b` truncated to order `n` (both must have at least `n + 1` coefficients).
    func product(_ a: [Interval], _ b: [Interval], order n: Int) -> [Interval] {
        let acc = IntervalAccumulator(precision: precision)
        var result = [Interval]()
        result.reserveCapacity(n + 1)
        for k in 0...n {
            acc.reset()
            for j in 0...k { acc.addProduct(a[j], b[k - j]) }
            result.append(acc.sum)
        }
        return result
    }

    /// `(z0 + t) · a`: shifts and adds, `O(n)`.
    func timesAffine(_ a: [Interval], center z0: Interval) -> [Interval] {
        var result = [Interval]()
        result.reserveCapacity(a.count)
        for k in 0..<a.count {
            result.append(k == 0 ? z0 * a[0] : z0 * a[k] + a[k - 1])
        }
        return result
    }

    /// The series of `exp(q0 + q1 t + q2 t²)` to order `n`, where `q0, q1, q2` are the
    /// coefficients of the quadratic at the centre. Recurrence from `E' = a'E`:
    /// `k e_k = q1 e_{k−1} + 2 q2 e_{k−2}`.
    func expOfQuadratic(_ q0: Interval, _ q1: Interval, _ q2: Interval, order n: Int) -> [Interval] {
        var e = [Interval]()
        e.reserveCapacity(n + 1)
        e.append(q0.exp())
        if n == 0 { return e }
        let twoQ2 = q2.scaled(byPowerOfTwo: 1)
        let acc = IntervalAccumulator(precision: precision)
        for k in 1...n {
            acc.reset()
            acc.addProduct(q1, e[k - 1])
            if k >= 2 { acc.addProduct(twoQ2, e[k - 2]) }
            e.append(acc.sum * reciprocals[k])
        }
        return e
    }

    /// The series of `erf(L0 + λ t)` to order `n`, given the argument `L0` at the centre
    /// and the slope `λ`. With `w = (2/√π) exp(−(L0 + λt)²)`: `b_0 = erf(L0)`,
    /// `k b_k = λ w_{k−1}`.
    func erfOfLinear(value l0: Interval, slope: Interval, order n: Int,
                     twoOverSqrtPi: Interval) -> [Interval] {
        var b = [Interval]()
        b.reserveCapacity(n + 1)
        b.append(l0.erf())
        if n == 0 { return b }
        if slope.isExactZero {
            return b + [Interval](repeating: zero, count: n)
        }
        let w = expOfQuadratic(-l0.squared, -(slope * l0).scaled(byPowerOfTwo: 1), -slope.squared,
                               order: n - 1)
        let factor = twoOverSqrtPi * slope
        for k in 1...n { b.append(factor * w[k - 1] * reciprocals[k]) }
        return b
    }
}
