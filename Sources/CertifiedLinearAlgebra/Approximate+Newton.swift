import CertifiedIntervals

extension Approximate {

    /// Why Newton's method stopped.
    public enum NewtonStop: Equatable {
        /// Every midpoint component of `F` at the last point is at most the tolerance.
        case converged
        /// Some midpoint component of `F` at the last point is NaN: there is nothing to
        /// steer by (the last point was evaluated; its residual is the NaN bound).
        case residualNotANumber
        /// The step limit was reached (the last point was not evaluated).
        case stepLimit
        /// The Jacobian at the last point has no approximate inverse: it is singular to
        /// working precision (see `inverse(of:precision:)`).
        case singularJacobian
    }

    /// The points Newton's method visited, as far as it got.
    public struct NewtonResult {
        /// The last point: representatives at the working precision (the start's own
        /// precision when no step was taken).
        public let point: [PointValue]
        /// The number of steps taken.
        public let steps: Int
        /// `max_i |mid F_i|` at each evaluated point, in order: the first is at the start;
        /// with `stop == .stepLimit` the last point is not among them. Each is exact (the
        /// magnitude of representatives, kept as a bound); it bounds nothing about `F`
        /// itself, whose enclosures were only used through their midpoints.
        public let residuals: [MagnitudeBound]
        public let stop: NewtonStop
    }

    /// One Newton step `x − C mid F(x)` for a zero of `F`, with `C` the approximate inverse
    /// of the midpoint of `jacobian` at `precision` bits (`inverse(of:precision:)`, in MPFR,
    /// so entries of any scale give finite steps). The product is summed in interval
    /// arithmetic and its midpoint taken, so the result is representatives at (at least)
    /// `precision` bits. Nil when the Jacobian is singular to working precision.
    public static func newtonStep(from point: [PointValue], value: [Interval], jacobian: [[Interval]],
                                  precision: Int) -> [PointValue]? {
        guard let inverse = inverse(of: jacobian, precision: precision) else { return nil }
        let accumulator = IntervalAccumulator(precision: precision)
        let centre = value.map { Interval(exactly: $0.midpoint) }
        return (0..<point.count).map { i in
            accumulator.reset()
            for j in 0..<point.count { accumulator.addProduct(inverse[i][j], centre[j]) }
            return (Interval(exactly: point[i]) - accumulator.sum).midpoint
        }
    }

    /// Newton's method for a zero of `F: ℝᴺ → ℝᴺ` at `precision` bits from `start`:
    /// `x ← newtonStep(x)` while some midpoint component of `F(x)` exceeds
    /// `2^(−(precision − 8))` in magnitude, for at most `maximumSteps` steps; it stops
    /// (`.residualNotANumber`) when a midpoint component is NaN.
    ///
    /// `value(x)` encloses `F(x)` and `jacobian(x)` its Jacobian at the representative `x`
    /// (evaluate them at `Interval(exactly:)` of each component); only their midpoints
    /// are used. With an MPFR inverse at the working precision the
    /// iteration converges quadratically near a regular zero, until the residual reaches
    /// the rounding level of `precision` bits. Errors thrown by the closures are passed on.
    public static func newton(from start: [PointValue], precision: Int, maximumSteps: Int = 40,
                              value: ([PointValue]) throws -> [Interval],
                              jacobian: ([PointValue]) throws -> [[Interval]]) rethrows -> NewtonResult {
        var point = start
        var residuals: [MagnitudeBound] = []
        for steps in 0..<maximumSteps {
            let residual = try value(point).map(\.midpoint)
            let largest = residual.map(\.magnitude).reduce(MagnitudeBound.zero(precision: precision), MagnitudeBound.maximum)
            residuals.append(largest)
            if !largest.isKnown {
                return NewtonResult(point: point, steps: steps, residuals: residuals, stop: .residualNotANumber)
            }
            if largest.isAtMost(powerOfTwo: -(precision - 8)) {
                return NewtonResult(point: point, steps: steps, residuals: residuals, stop: .converged)
            }
            guard let next = newtonStep(from: point, value: residual.map(Interval.init(exactly:)), jacobian: try jacobian(point),
                                        precision: precision)
            else { return NewtonResult(point: point, steps: steps, residuals: residuals, stop: .singularJacobian) }
            point = next
        }
        return NewtonResult(point: point, steps: maximumSteps, residuals: residuals, stop: .stepLimit)
    }
}
