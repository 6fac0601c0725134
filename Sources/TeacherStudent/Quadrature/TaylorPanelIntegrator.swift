import CertifiedIntervals

/// A smooth integrand given by its Taylor coefficients.
protocol TaylorIntegrand {
    /// The coefficients `c_0 … c_n` of `f(z0 + t)` at a centre enclosure `z0`.
    func series(at z0: Interval, order n: Int) throws -> [Interval]
    /// An enclosure of `f^{(n)}(ξ)/n!` for every `ξ` in the box `z0`.
    func topCoefficient(over box: Interval, order n: Int) throws -> Interval
}

/// Adaptive composite Taylor quadrature with a rigorous remainder.
///
/// On a panel `[a, b]` with centre `m = (a+b)/2` and radius `r = (b−a)/2`, Taylor's
/// theorem with Lagrange remainder at an even order `K` gives
///
///     f(m + t) = Σ_{k<K} c_k(m) t^k + g(t) t^K,     g(t) = f^{(K)}(ξ_t)/K! ∈ C_K([a, b])
///
/// where `g` is continuous (it equals `(f(m+t) − polynomial)/t^K`) and `C_K([a,b])`
/// encloses `f^{(K)}/K!` over the panel. Integrating over `t ∈ [−r, r]`, odd powers
/// vanish and, `t^K` being non-negative, the mean value theorem for integrals gives
///
///     ∫_a^b f = Σ_{k even, k<K} c_k(m) · 2 r^{k+1}/(k+1)  +  ζ · 2 r^{K+1}/(K+1),  ζ ∈ C_K([a,b]).
///
/// `m` and `r` are computed as enclosures of the exact reals `(a+b)/2`, `(b−a)/2` of
/// the panel's `Double` ends, so no exactness of the bisection points is needed; the
/// panels tile `[lo, hi]` exactly because neighbours share their `Double` end.
///
/// Panels whose enclosure is wider than their share of the allowance are bisected while
/// the remainder dominates and the work budget lasts. Every panel is evaluated at least
/// once, so the result always encloses the integral; only its width depends on the budget.
final class TaylorPanelIntegrator {
    let arithmetic: TaylorArithmetic
    let order: Int
    let precision: Int
    /// Panel evaluations still allowed to be spent on bisection.
    var budget: Int
    /// Statistics for reports and tuning.
    private(set) var panelsEvaluated = 0
    private(set) var panelsAccepted = 0

    init(arithmetic: TaylorArithmetic, order: Int, budget: Int) {
        precondition(order >= 2 && order % 2 == 0, "the Taylor order must be even and >= 2")
        self.arithmetic = arithmetic
        self.order = order
        self.precision = arithmetic.precision
        self.budget = budget
    }

    /// The enclosure of `∫_a^b f` on one panel, with the widths of its point part and of
    /// its remainder part (for the bisection heuristic).
    func panel(_ f: TaylorIntegrand, _ a: Double, _ b: Double) throws
        -> (enclosure: Interval, pointWidth: Double, remainderWidth: Double) {
        panelsEvaluated += 1
        let lower = Interval(a, precision: precision), upper = Interval(b, precision: precision)
        let center = (lower + upper).scaled(byPowerOfTwo: -1)
        let radius = (upper - lower).scaled(byPowerOfTwo: -1)
        let box = Interval.hull(lower, upper)
        let k = order
        let coefficients = try f.series(at: center, order: k - 2)
        let radiusSquared = radius.squared
        let acc = IntervalAccumulator(precision: precision)
        var power = radius.scaled(byPowerOfTwo: 1)          // 2 r^{j+1} for j = 0
        var j = 0
        while j <= k - 2 {
            acc.addProduct(coefficients[j], power * arithmetic.reciprocals[j + 1])
            power = power * radiusSquared
            j += 2
        }
        let pointPart = acc.sum
        // power is now 2 r^{K+1}.
        let remainder = try f.topCoefficient(over: box, order: k) * (power * arithmetic.reciprocals[k + 1])
        let enclosure = pointPart + remainder
        return (enclosure, pointPart.width.upperBoundAsDouble, remainder.width.upperBoundAsDouble)
    }

    /// Encloses `∫_lo^hi f`, starting from `pieces` equal panels and bisecting panels whose
    /// width exceeds `allowanceDensity · (b − a)`.
    func integrate(_ f: TaylorIntegrand, from lo: Double, to hi: Double, pieces: Int,
                   allowanceDensity: Double) throws -> Interval {
        precondition(lo.isFinite && hi.isFinite && lo <= hi)
        let total = IntervalAccumulator(precision: precision)
        if lo == hi { return total.sum }
        let n = max(1, pieces)
        var stack: [(Double, Double)] = []
        var ends = [Double]()
        // Non-decreasing ends from lo to hi exactly: neighbours share their end, so the
        // panels tile [lo, hi] whatever the rounding of the interior ends.
        for i in 0...n {
            let raw = i == n ? hi : lo + (hi - lo) * Double(i) / Double(n)
            ends.append(min(hi, max(raw, ends.last ?? lo)))
        }
        for i in stride(from: n - 1, through: 0, by: -1) where ends[i] < ends[i + 1] {
            stack.append((ends[i], ends[i + 1]))
        }
        while let (a, b) = stack.popLast() {
            let result = try panel(f, a, b)
            let width = result.pointWidth + result.remainderWidth
            let allowance = allowanceDensity * (b - a)
            let mid = 0.5 * a + 0.5 * b
            let worthSplitting = width > allowance
                && result.remainderWidth > 0.5 * allowance
                && result.remainderWidth > 0.125 * result.pointWidth
            if worthSplitting && budget > 0 && a < mid && mid < b {
                budget -= 2
                stack.append((mid, b))
                stack.append((a, mid))
            } else {
                panelsAccepted += 1
                total.add(result.enclosure)
            }
        }
        return total.sum
    }
}
