import CertifiedIntervals

extension Approximate {

    /// Why Newton's method stopped.
    public enum NewtonStop: Equatable {
        /// Every midpoint component of `F` at the last point is at most the tolerance.
        case converged
        /// The step limit was reached (the last point was not evaluated).
        case stepLimit
        /// The Jacobian at the last point has no approximate inverse: it is singular to
        /// working precision (see `inverse(of:precision:)`).
        case singularJacobian
    }

    /// The points Newton's method visited, as far as it got.
    public struct NewtonResult {
        /// The last point (exact point intervals at the working precision).
        public let point: [Interval]
        /// The number of steps taken.
        public let steps: Int
        /// `max_i |mid F_i|` at each evaluated point, in order (exact point intervals): the
        /// first is at the start; with `stop == .stepLimit` the last point is not among them.
        public let residuals: [Interval]
        public let stop: NewtonStop
    }

    /// One Newton step `x − C mid F(x)` for a zero of `F`, with `C` the approximate inverse
    /// of the midpoint of `jacobian` at `precision` bits (`inverse(of:precision:)`, in MPFR,
    /// so entries of any scale give finite steps). The product is summed in interval
    /// arithmetic and its midpoint taken, so the result is exact point intervals at
    /// `precision` bits. Nil when the Jacobian is singular to working precision.
    public static func newtonStep(from point: [Interval], value: [Interval], jacobian: [[Interval]],
                                  precision: Int) -> [Interval]? {
        guard let inverse = inverse(of: jacobian, precision: precision) else { return nil }
        let accumulator = IntervalAccumulator(precision: precision)
        let centre = value.map(\.midpoint)
        return (0..<point.count).map { i in
            accumulator.reset()
            for j in 0..<point.count { accumulator.addProduct(inverse[i][j], centre[j]) }
            return (point[i] - accumulator.sum).midpoint
        }
    }

    /// Newton's method for a zero of `F: ℝᴺ → ℝᴺ` at `precision` bits from `start` (exact
    /// point intervals): `x ← newtonStep(x)` while some midpoint component of `F(x)` exceeds
    /// `2^(−(precision − 8))` in magnitude, for at most `maximumSteps` steps.
    ///
    /// `value(x)` encloses `F(x)` and `jacobian(x)` its Jacobian at the point `x`; only
    /// their midpoints are used. With an MPFR inverse at the working precision the
    /// iteration converges quadratically near a regular zero, until the residual reaches
    /// the rounding level of `precision` bits. Errors thrown by the closures are passed on.
    public static func newton(from start: [Interval], precision: Int, maximumSteps: Int = 40,
                              value: ([Interval]) throws -> [Interval],
                              jacobian: ([Interval]) throws -> [[Interval]]) rethrows -> NewtonResult {
        var point = start
        var residuals: [Interval] = []
        let tolerance = Interval(1, precision: precision).scaled(byPowerOfTwo: -(precision - 8))
        for steps in 0..<maximumSteps {
            let residual = try value(point).map(\.midpoint)
            let largest = residual.map(\.magnitude).reduce(Interval.zero(precision: precision), Interval.maximum)
            residuals.append(largest)
            if !Interval.certainlyLess(tolerance, largest) {
                return NewtonResult(point: point, steps: steps, residuals: residuals, stop: .converged)
            }
            guard let next = newtonStep(from: point, value: residual, jacobian: try jacobian(point), precision: precision)
            else { return NewtonResult(point: point, steps: steps, residuals: residuals, stop: .singularJacobian) }
            point = next
        }
        return NewtonResult(point: point, steps: maximumSteps, residuals: residuals, stop: .stepLimit)
    }
}
