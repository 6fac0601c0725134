import CertifiedIntervals
import CertifiedLinearAlgebra

/// Finds a critical point numerically, for configurations known only approximately:
/// a float64 quasi-Newton descent (`Approximate.bfgs`) from a starting student, then
/// Newton's method at the working precision (`Approximate.newton`, with an MPFR inverse
/// of the Hessian, so it converges quadratically up to that precision).
///
/// Nothing here is certified: the result is a candidate point, a set of representatives
/// (`PointValue`s, entered as exact point intervals), which `CriticalPointCertification` then proves to be within
/// a stated radius of a unique exact critical point, and whose Hessian inertia
/// `SymmetricInertia` certifies.
public enum NumericalRefinement {

    public struct Result {
        /// The refined student, as exact point intervals at the requested precision.
        public let student: Network
        public let descentIterations: Int
        public let newtonIterations: Int
        /// `max_i |mid ∂L/∂θ_i|` at each point Newton's method evaluated, from the descent's
        /// end on (exact magnitudes of representatives: an estimate of the gradient, not a
        /// bound on it). When Newton converged, the last one is at the refined point, at
        /// most `2^-(p-8)`.
        public let newtonResiduals: [MagnitudeBound]
    }

    public enum Failure: Error, CustomStringConvertible {
        case descentDiverged(String)
        case singularHessian
        /// Damped Newton (in the scaling slice) stopped without converging: why.
        case newtonFailed(String)
        /// The outgoing weight of this student (1-based) reached 0: the slice a = const misses its orbit.
        case sliceMissesOrbit(student: Int)
        /// ReLU: the descent ended with two vectors (named) within an angle of 10^-6 of each
        /// other, where the kernel is not twice differentiable: no Hessian, no Krawczyk proof.
        case nonSmoothLimit(String)
        public var description: String {
            switch self {
            case .newtonFailed(let why): return why
            case .nonSmoothLimit(let pair):
                return "the descent approaches a point where \(pair) are parallel; the ReLU loss is not twice differentiable there (no Hessian, no Krawczyk proof)"
            case .sliceMissesOrbit(let i): return "the descent ended with a_\(i) ≈ 0: the slice a = const misses its scaling orbit"
            case .descentDiverged(let why): return "the float64 descent failed: \(why)"
            case .singularHessian: return "Newton's method met a singular Hessian (the critical point may not be isolated)"
            }
        }
    }

    /// A deterministic pseudo-random generator (SplitMix64, Steele, Lea, Flood 2014), so
    /// that a seed in a theorem file always gives the same start. The test suites use
    /// this one generator too (through `CheckerTestSupport`), so every failing case can
    /// be reproduced from its seed.
    public struct SplitMix64: RandomNumberGenerator {
        public var state: UInt64
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

    /// Refines `(weights, outputs)` (`n` students, each `w_i` of the teacher's input
    /// dimension) to a critical point of the loss against `teacher`: BFGS in float64 on the
    /// loss and gradient evaluated at 64 bits (`Approximate.bfgs`, at most
    /// `maximumDescentIterations` iterations, gradient tolerance `1e-12`), then Newton's
    /// method at `p` bits (`newton`); for an activation with a scaling symmetry, damped
    /// Newton on `∇_W L` in the slice `a = const` through the descent's end
    /// (`PointCertification`), where the critical orbits are isolated. Throws `Failure.descentDiverged` when a weight or the
    /// loss of the descent becomes non-finite, `Failure.singularHessian` when Newton meets a
    /// Hessian singular to working precision, and what the evaluation throws.
    public static func refine(activation: Activation, teacher: Network, weights: [[Double]], outputs: [Double],
                              precision p: Int, maximumDescentIterations: Int = 4000) throws -> Result {
        let layout = ParameterLayout(students: outputs.count, inputDimension: teacher.inputDimension)
        let descent = try Approximate.bfgs(from: weights.flatMap { $0 } + outputs,
                                           maximumIterations: maximumDescentIterations) { theta in
            guard theta.allSatisfy(\.isFinite) else { throw Failure.descentDiverged("a weight became infinite or NaN") }
            let q = 64
            let result = try DenseEvaluation.lossAndGradient(
                layout.problem(theta.map { Interval($0, precision: q) }, activation: activation, teacher: teacher, precision: q),
                precision: q)
            return (result.loss.midpointAsDouble, result.flattenedGradient.map(\.midpointAsDouble))
        }
        guard descent.value.isFinite, descent.point.allSatisfy(\.isFinite) else {
            throw Failure.descentDiverged("non-finite loss")
        }
        if let symmetry = activation.scalingSymmetry {
            // Homogeneous activations: the Hessian is singular at every critical point (the
            // scaling orbit), so Newton runs in the slice a = const through the descent's end.
            let descended = layout.problem(descent.point.map { Interval($0, precision: p) }, activation: activation,
                                           teacher: teacher, precision: p)
            if let zero = descended.student.outputWeights.firstIndex(where: { $0.containsZero }) {
                throw Failure.sliceMissesOrbit(student: zero + 1)
            }
            if activation == .relu, let pair = nearlyParallelPair(students: layout.rows(descent.point), teacher: teacher) {
                throw Failure.nonSmoothLimit(pair)
            }
            let refined = try PointCertification.refine(descended, symmetry: symmetry,
                                                        options: .init(precision: p, maximumDistance: 1, maximumSteps: 60))
            if let failure = refined.failure {
                if failure.contains("singular") { throw Failure.singularHessian }
                throw Failure.newtonFailed(failure)
            }
            return Result(student: refined.problem.student, descentIterations: descent.iterations,
                          newtonIterations: refined.steps, newtonResiduals: refined.residuals)
        }
        let polished = try newton(from: descent.point.map { PointValue($0, precision: p) }, precision: p) {
            layout.problem($0, activation: activation, teacher: teacher, precision: p)
        }
        let refined = polished.point.map(Interval.init(exactly:))
        return Result(student: layout.problem(refined, activation: activation, teacher: teacher, precision: p).student,
                      descentIterations: descent.iterations, newtonIterations: polished.steps,
                      newtonResiduals: polished.residuals)
    }

    /// Refines a given point `start` (no descent): damped Newton at `p` bits
    /// (`PointCertification`, in the scaling slice for homogeneous activations), with a
    /// trust radius and an allowed distance from the start of 10^-3 (max-norm). Throws
    /// `Failure.newtonFailed` (or `.singularHessian`, `.sliceMissesOrbit`) when it does not converge.
    public static func refine(activation: Activation, teacher: Network, start: Network, precision p: Int) throws -> Result {
        let problem = TeacherStudentProblem(activation: activation, teacher: teacher.withPrecision(p), student: start)
        let symmetry = activation.scalingSymmetry
        if symmetry != nil, let zero = start.outputWeights.firstIndex(where: { $0.containsZero }) {
            throw Failure.sliceMissesOrbit(student: zero + 1)
        }
        let refined = try PointCertification.refine(problem, symmetry: symmetry, options: .init(precision: p))
        if let failure = refined.failure {
            if failure.contains("singular") { throw Failure.singularHessian }
            throw Failure.newtonFailed(failure)
        }
        return Result(student: refined.problem.student, descentIterations: 0, newtonIterations: refined.steps,
                      newtonResiduals: refined.residuals)
    }

    /// Newton's method on `∇L` at precision `p` from `start` (representatives of the
    /// weights, in the order of `flattenedGradient`): `Approximate.newton` with the dense
    /// gradient and Hessian of `problem(θ)` at the point intervals `Interval(exactly: θ_i)`,
    /// at most 40 steps, stopping when every midpoint gradient component is at most
    /// `2^-(p-8)`. Throws `Failure.singularHessian` when a Hessian has no approximate inverse.
    static func newton(from start: [PointValue], precision p: Int,
                       problem: ([Interval]) -> TeacherStudentProblem) throws -> Approximate.NewtonResult {
        let result = try Approximate.newton(
            from: start, precision: p,
            value: { try DenseEvaluation.lossAndGradient(problem($0.map(Interval.init(exactly:))), precision: p).flattenedGradient },
            jacobian: { try DenseEvaluation.hessian(problem($0.map(Interval.init(exactly:))), precision: p).rows })
        if result.stop == .singularJacobian { throw Failure.singularHessian }
        return result
    }

    /// Two vectors among the students' `w_i` and the teacher's `v_j` whose angle is below
    /// about 10^-6 (float64 estimate, a heuristic that only chooses to stop), named; nil when none.
    static func nearlyParallelPair(students: [[Double]], teacher: Network) -> String? {
        let teacherRows = (0..<teacher.width).map { j in teacher.inputWeights.row(j).map(\.midpointAsDouble) }
        let named = students.enumerated().map { ("w_\($0.offset + 1)", $0.element) }
            + teacherRows.enumerated().map { ("v_\($0.offset + 1)", $0.element) }
        func norm(_ x: [Double]) -> Double { x.reduce(0) { $0 + $1 * $1 }.squareRoot() }
        for i in 0..<students.count {
            for j in (i + 1)..<named.count {
                let x = named[i].1, y = named[j].1
                let product = zip(x, y).reduce(0) { $0 + $1.0 * $1.1 }
                let scale = norm(x) * norm(y)
                if scale > 0, product / scale > 1 - 5e-13 { return "\(named[i].0) and \(named[j].0)" }
            }
        }
        return nil
    }

    /// The order of the student's parameters in a flat vector: `w_1 … w_n` (each `d`
    /// entries), then `a_1 … a_n`, as in `flattenedGradient`.
    struct ParameterLayout {
        let students: Int
        let inputDimension: Int

        /// The rows `w_i` of a flat float64 parameter vector.
        func rows(_ theta: [Double]) -> [[Double]] {
            (0..<students).map { i in Array(theta[(i * inputDimension)..<((i + 1) * inputDimension)]) }
        }

        /// The problem with the student whose parameters are `theta` (`n(d + 1)` entries),
        /// at precision `q`.
        func problem(_ theta: [Interval], activation: Activation, teacher: Network, precision q: Int) -> TeacherStudentProblem {
            let n = students, d = inputDimension
            let rows = (0..<n).map { i in Array(theta[(i * d)..<((i + 1) * d)]) }
            return TeacherStudentProblem(activation: activation, teacher: teacher.withPrecision(q),
                                         student: Configurations.explicit(inputWeights: rows,
                                                                          outputWeights: Array(theta[(n * d)...]),
                                                                          precision: q))
        }
    }
}
