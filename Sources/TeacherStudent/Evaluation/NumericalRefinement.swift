import CertifiedIntervals

/// Finds a critical point numerically, for configurations known only approximately:
/// a float64 quasi-Newton descent (BFGS with a backtracking line search) from a
/// starting student, then Newton's method in high precision.
///
/// Nothing here is certified: the result is a candidate point, a set of exact
/// (point-interval) weights, which `KrawczykCertification` then proves to be within a
/// stated radius of a unique exact critical point, and whose Hessian inertia
/// `SymmetricInertia` certifies.
public enum NumericalRefinement {

    public struct Result {
        /// The refined student, as exact point intervals at the requested precision.
        public let student: Network
        public let descentIterations: Int
        public let newtonIterations: Int
        /// max |∂L| at the refined point (midpoint estimate, for reports).
        public let gradientMaxAbs: Double
    }

    public enum Failure: Error, CustomStringConvertible {
        case descentDiverged(String)
        case singularHessian
        public var description: String {
            switch self {
            case .descentDiverged(let why): return "the float64 descent failed: \(why)"
            case .singularHessian: return "Newton's method met a singular Hessian (the critical point may not be isolated)"
            }
        }
    }

    /// A deterministic pseudo-random generator (SplitMix64), so that a seed in a theorem
    /// file always gives the same start.
    public struct SplitMix64 {
        var state: UInt64
        public init(seed: UInt64) { state = seed }
        public mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        /// Uniform in [-1, 1).
        public mutating func symmetricUnit() -> Double { Double(next() >> 11) / Double(1 << 52) - 1 }
    }

    /// The student that copies the first `n` teacher neurons (`w_i = v_i`, `a_i = b_i`),
    /// every weight moved by `perturbation` times a pseudo-random number in [-1, 1).
    public static func perturbedCopies(of teacher: Network, students n: Int, perturbation: Double,
                                       seed: UInt64) -> (weights: [[Double]], outputs: [Double]) {
        var random = SplitMix64(seed: seed)
        let d = teacher.inputDimension
        var weights: [[Double]] = []
        var outputs: [Double] = []
        for i in 0..<n {
            let source = i % teacher.width
            weights.append((0..<d).map { teacher.inputWeights[source, $0].midpointAsDouble + perturbation * random.symmetricUnit() })
            outputs.append(teacher.outputWeights[source].midpointAsDouble + perturbation * random.symmetricUnit())
        }
        return (weights, outputs)
    }

    /// Refines `(weights, outputs)` to a critical point of the loss against `teacher`.
    public static func refine(activation: Activation, teacher: Network, weights: [[Double]], outputs: [Double],
                              precision p: Int, maximumDescentIterations: Int = 4000) throws -> Result {
        let n = outputs.count, d = teacher.inputDimension
        let size = n * (d + 1)
        func pack(_ w: [[Double]], _ a: [Double]) -> [Double] { w.flatMap { $0 } + a }
        func problem(_ theta: [Interval], precision q: Int) -> TeacherStudentProblem {
            let rows = (0..<n).map { i in Array(theta[(i * d)..<((i + 1) * d)]) }
            return TeacherStudentProblem(activation: activation, teacher: teacher.withPrecision(q),
                                         student: Configurations.explicit(inputWeights: rows,
                                                                          outputWeights: Array(theta[(n * d)...]),
                                                                          precision: q))
        }
        func lossAndGradient(_ theta: [Double]) throws -> (Double, [Double]) {
            guard theta.allSatisfy(\.isFinite) else { throw Failure.descentDiverged("a weight became infinite or NaN") }
            let q = 64
            let result = try DenseEvaluation.lossAndGradient(problem(theta.map { Interval($0, precision: q) }, precision: q),
                                                             precision: q)
            return (result.loss.midpointAsDouble, result.flattenedGradient.map(\.midpointAsDouble))
        }

        // 1. BFGS in float64.
        var theta = pack(weights, outputs)
        var (loss, gradient) = try lossAndGradient(theta)
        var inverseHessian = (0..<size).map { i in (0..<size).map { $0 == i ? 1.0 : 0.0 } }
        var iterations = 0
        while iterations < maximumDescentIterations, (gradient.map(Swift.abs).max() ?? 0) > 1e-12 {
            iterations += 1
            var direction = (0..<size).map { i in -(0..<size).reduce(0.0) { $0 + inverseHessian[i][$1] * gradient[$1] } }
            var slope = zip(direction, gradient).reduce(0.0) { $0 + $1.0 * $1.1 }
            if slope >= 0 {   // not a descent direction: restart from steepest descent
                inverseHessian = (0..<size).map { i in (0..<size).map { $0 == i ? 1.0 : 0.0 } }
                direction = gradient.map { -$0 }
                slope = -gradient.reduce(0.0) { $0 + $1 * $1 }
            }
            var step = 1.0
            var accepted = false
            var next = theta, nextLoss = loss, nextGradient = gradient
            for _ in 0..<60 {
                next = zip(theta, direction).map { $0 + step * $1 }
                guard next.allSatisfy(\.isFinite) else { step *= 0.5; continue }
                (nextLoss, nextGradient) = try lossAndGradient(next)
                if nextLoss.isFinite && nextLoss <= loss + 1e-4 * step * slope { accepted = true; break }
                step *= 0.5
            }
            guard accepted else { break }    // no decrease representable in float64: close enough
            let s = zip(next, theta).map { $0 - $1 }
            let y = zip(nextGradient, gradient).map { $0 - $1 }
            let sy = zip(s, y).reduce(0.0) { $0 + $1.0 * $1.1 }
            if sy > 1e-300 {
                // H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ
                let rho = 1 / sy
                let hy = (0..<size).map { i in (0..<size).reduce(0.0) { $0 + inverseHessian[i][$1] * y[$1] } }
                let yhy = zip(y, hy).reduce(0.0) { $0 + $1.0 * $1.1 }
                for i in 0..<size {
                    for j in 0..<size {
                        inverseHessian[i][j] += -rho * (hy[i] * s[j] + s[i] * hy[j]) + (rho * rho * yhy + rho) * s[i] * s[j]
                    }
                }
            }
            theta = next; loss = nextLoss; gradient = nextGradient
        }
        guard loss.isFinite, theta.allSatisfy(\.isFinite) else { throw Failure.descentDiverged("non-finite loss") }

        // 2. Newton in precision p.
        let newton = try newtonSteps(from: theta.map { Interval($0, precision: p) }, precision: p) {
            problem($0, precision: p)
        }
        let point = newton.point
        let rows = (0..<n).map { i in Array(point[(i * d)..<((i + 1) * d)]) }
        let student = Configurations.explicit(inputWeights: rows, outputWeights: Array(point[(n * d)...]), precision: p)
        return Result(student: student, descentIterations: iterations, newtonIterations: newton.iterations,
                      gradientMaxAbs: newton.smallestGradient)
    }

    /// Newton's method `θ ← θ − H⁻¹ g` at precision `p` from `start` (exact point
    /// intervals, the weights in the order of `flattenedGradient`), with `g` the midpoint
    /// gradient and `H⁻¹` an `ApproximateInverse` of the Hessian in MPFR at precision `p`
    /// (so weights of any scale, `1e-155` or `1e+300`, give finite steps). Stops when
    /// every midpoint gradient component is at most `2^-(p-8)` in magnitude, or after 40
    /// steps. Throws `Failure.singularHessian` when the Hessian has no approximate inverse.
    /// The smallest gradient is reported as an upper bound in float64 (`+∞` on overflow).
    static func newtonSteps(from start: [Interval], precision p: Int,
                            problem: ([Interval]) -> TeacherStudentProblem) throws
        -> (point: [Interval], iterations: Int, smallestGradient: Double) {
        var point = start
        var iterations = 0
        var smallest = Double.infinity
        let tolerance = Interval(1, precision: p).scaled(byPowerOfTwo: -(p - 8))
        let accumulator = IntervalAccumulator(precision: p)
        for _ in 0..<40 {
            let evaluation = try DenseEvaluation.lossAndGradient(problem(point), precision: p)
            let gradient = evaluation.flattenedGradient.map(\.midpoint)
            let largest = gradient.map(\.magnitude).reduce(Interval.zero(precision: p), Interval.maximum)
            smallest = min(smallest, largest.upperBoundAsDouble)
            if !Interval.certainlyLess(tolerance, largest) { break }
            guard let inverse = ApproximateInverse.of(try DenseEvaluation.hessian(problem(point), precision: p).rows,
                                                      precision: p) else { throw Failure.singularHessian }
            point = (0..<point.count).map { i in
                accumulator.reset()
                for j in 0..<point.count { accumulator.addProduct(inverse[i][j], gradient[j]) }
                return (point[i] - accumulator.sum).midpoint
            }
            iterations += 1
        }
        return (point, iterations, smallest)
    }
}
