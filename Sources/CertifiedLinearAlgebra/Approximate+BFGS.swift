extension Approximate {

    /// Where a descent stopped: the last accepted point, its value and gradient.
    public struct DescentResult {
        public let point: [Double]
        public let value: Double
        public let gradient: [Double]
        /// The number of iterations taken (each ends with an accepted step, except a
        /// last one whose line search found no decrease).
        public let iterations: Int
    }

    /// Minimises `f` by BFGS (quasi-Newton with the inverse-Hessian update) and a
    /// backtracking Armijo line search, in float64, from `start`.
    ///
    /// Stops when every gradient component is at most `gradientTolerance` in magnitude,
    /// after `maximumIterations` iterations, or when the line search finds no decrease
    /// representable in float64 (60 halvings of the step from 1). A direction that is not
    /// a descent direction resets the inverse Hessian to the identity (steepest descent);
    /// a curvature pair with `sᵀy ≤ 1e-300` is skipped. Trial points with a non-finite
    /// coordinate are not evaluated (the step is halved), and trial values that are not
    /// finite are rejected; `f` itself may throw (the error is passed on). The returned
    /// value is `f` at the returned point, which is `start` when no step was accepted; the
    /// caller checks it is finite.
    public static func bfgs(from start: [Double], maximumIterations: Int, gradientTolerance: Double = 1e-12,
                            _ f: ([Double]) throws -> (value: Double, gradient: [Double])) rethrows -> DescentResult {
        let size = start.count
        var point = start
        var (value, gradient) = try f(point)
        var inverseHessian = identity(size)
        var iterations = 0
        while iterations < maximumIterations, (gradient.map(Swift.abs).max() ?? 0) > gradientTolerance {
            iterations += 1
            var direction = (0..<size).map { i in -(0..<size).reduce(0.0) { $0 + inverseHessian[i][$1] * gradient[$1] } }
            var slope = dot(direction, gradient)
            if slope >= 0 {   // not a descent direction: restart from steepest descent
                inverseHessian = identity(size)
                direction = gradient.map { -$0 }
                slope = -gradient.reduce(0.0) { $0 + $1 * $1 }
            }
            guard let (next, nextValue, nextGradient) = try armijoLineSearch(f, from: point, value: value,
                                                                            direction: direction, slope: slope)
            else { break }    // no decrease representable in float64: close enough
            updateInverseHessian(&inverseHessian, step: zip(next, point).map { $0 - $1 },
                                 gradientChange: zip(nextGradient, gradient).map { $0 - $1 })
            point = next; value = nextValue; gradient = nextGradient
        }
        return DescentResult(point: point, value: value, gradient: gradient, iterations: iterations)
    }

    /// The first of the steps `1, 1/2, 1/4, …` (60 of them) along `direction` whose value
    /// satisfies Armijo's condition `f(x + t d) ≤ f(x) + 10⁻⁴ t slope` and is finite, with
    /// that point, value and gradient; nil when none does.
    static func armijoLineSearch(_ f: ([Double]) throws -> (value: Double, gradient: [Double]),
                                 from point: [Double], value: Double, direction: [Double], slope: Double) rethrows
        -> (point: [Double], value: Double, gradient: [Double])? {
        var step = 1.0
        for _ in 0..<60 {
            let next = zip(point, direction).map { $0 + step * $1 }
            guard next.allSatisfy(\.isFinite) else { step *= 0.5; continue }
            let (nextValue, nextGradient) = try f(next)
            if nextValue.isFinite && nextValue <= value + 1e-4 * step * slope { return (next, nextValue, nextGradient) }
            step *= 0.5
        }
        return nil
    }

    /// The BFGS update `H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ` with `ρ = 1/(sᵀy)`, skipped
    /// when `sᵀy ≤ 1e-300` (no positive curvature along the step).
    static func updateInverseHessian(_ inverseHessian: inout [[Double]], step s: [Double], gradientChange y: [Double]) {
        let size = s.count
        let sy = dot(s, y)
        guard sy > 1e-300 else { return }
        let rho = 1 / sy
        let hy = (0..<size).map { i in (0..<size).reduce(0.0) { $0 + inverseHessian[i][$1] * y[$1] } }
        let yhy = dot(y, hy)
        for i in 0..<size {
            for j in 0..<size {
                inverseHessian[i][j] += -rho * (hy[i] * s[j] + s[i] * hy[j]) + (rho * rho * yhy + rho) * s[i] * s[j]
            }
        }
    }

    static func identity(_ size: Int) -> [[Double]] { (0..<size).map { i in (0..<size).map { $0 == i ? 1.0 : 0.0 } } }

    static func dot(_ x: [Double], _ y: [Double]) -> Double { zip(x, y).reduce(0.0) { $0 + $1.0 * $1.1 } }
}
