import CertifiedIntervals
import CertifiedLinearAlgebra

/// From a numerical point (weights a user trained) to a certified critical point nearby:
/// damped Newton's method (not certified, a guide only), then the Krawczyk proof, the
/// certified loss, gradient bound and Hessian inertia over the Krawczyk box.
///
/// **Refinement.** Newton's method on `F = ∇L` (for an activation with a scaling
/// symmetry: on `F = ∇_W L` in the slice `a = a°`, the outgoing weights fixed at the
/// input's, where the orbits are isolated; see `ScalingSymmetry`), first at 64 bits
/// until the residual is below `2^-40`, then at the working precision. Each step is
/// damped: the Newton step is cut to the trust radius (the largest distance allowed from
/// the input) and halved until the largest gradient component decreases (the Newton
/// direction is a descent direction of every component's magnitude, to first order).
/// Newton stops (and the outcome is INCONCLUSIVE) when no halving decreases it, when the
/// iterate leaves the allowed distance from the input, or after the step limit.
///
/// **Certificate.** The Krawczyk test in the box of radius `2^(−⌊p/2⌋)` around the refined
/// point (`CriticalPointCertification.attempt`); on success the box holds exactly one
/// critical point (modulo the symmetry). The loss, the gradient and the Hessian are then
/// enclosed over the whole box (so at that critical point), and the Hessian's inertia
/// (`SymmetricInertia`) gives the Morse index — on the slice, of the `W` block, which is
/// the index on a complement of the scaling directions. The distance from the input
/// weights to the box is enclosed coordinate by coordinate; a certified point farther
/// than `maximumDistance` (max-norm, upper bound) is not PROVED: the input was near no
/// critical point.
///
/// Soundness: only the Krawczyk test (certified, any preconditioner) and interval
/// evaluations over the box decide; the Newton iterates only choose the box.
public enum PointCertification {

    public struct Options {
        /// The working precision in bits (the Krawczyk radius is `2^(−⌊p/2⌋)`).
        public var precision: Int
        /// The largest max-norm distance between the input and the certified point (and the
        /// trust radius of the damped Newton method).
        public var maximumDistance: Double
        public var maximumSteps: Int

        public init(precision: Int = 128, maximumDistance: Double = 1e-3, maximumSteps: Int = 60) {
            self.precision = precision
            self.maximumDistance = maximumDistance
            self.maximumSteps = maximumSteps
        }
    }

    /// A proved critical point.
    public struct Certified {
        /// The Krawczyk box (centre, radius, slice).
        public let box: KrawczykBox
        /// Upper bound (< 1) on `max |K(X) − m| / r`.
        public let contraction: Double
        /// Encloses `L` over the box (so at the critical point).
        public let loss: Interval
        /// Upper bound on `max_i |∂L/∂θ_i|` over the box, every component (on the slice the
        /// `a` components too: they vanish at the critical point by Euler's identity).
        public let gradientBound: MagnitudeBound
        /// The certified inertia of the Hessian over the box (of its `W` block on the
        /// slice), or nil when the factorisation could not certify it.
        public let inertia: SymmetricInertia.Inertia?
        /// The size of the Hessian block whose inertia is given.
        public let hessianDimension: Int
        /// Encloses `max_i |θ_i − θ*_i|` between the input and the critical point (upper
        /// end: over the whole box).
        public let distanceMaxNorm: MagnitudeBound
        /// Upper bound on the Euclidean distance from the input to the critical point.
        public let distanceEuclidean: MagnitudeBound
        /// The certified Hessian over the box (its `W` block on the slice).
        public let hessianOverBox: [[Interval]]
    }

    public enum Outcome {
        case certified(Certified, newtonSteps: Int)
        /// Nothing is proved; `reason` says why, `refined` is the last Newton iterate.
        case inconclusive(reason: String, refined: TeacherStudentProblem?, newtonSteps: Int)
    }

    /// Refines `input` (its student's weights are enclosures of the exact input weights;
    /// their midpoints at `options.precision` start Newton) and certifies the critical
    /// point found. Evaluation errors (a ReLU Hessian at `w ∥ v`, a zero weight vector)
    /// become INCONCLUSIVE with the error as the reason.
    public static func certify(_ input: TeacherStudentProblem, options: Options = Options()) -> Outcome {
        let p = options.precision
        let symmetry = input.activation.scalingSymmetry
        if symmetry != nil, let zero = input.student.outputWeights.firstIndex(where: { $0.containsZero }) {
            return .inconclusive(reason: "the outgoing weight a_\(zero + 1) may be 0: the slice a = const does not meet its scaling orbit "
                                 + "(a student with a = 0 lies on a degenerate set this command does not certify)",
                                 refined: nil, newtonSteps: 0)
        }
        let refinement: Refinement
        do {
            refinement = try refine(input, symmetry: symmetry, options: options)
        } catch {
            return .inconclusive(reason: "evaluation failed during Newton's method: \(error)", refined: nil, newtonSteps: 0)
        }
        guard refinement.failure == nil else {
            return .inconclusive(reason: refinement.failure!, refined: refinement.problem, newtonSteps: refinement.steps)
        }
        do {
            let radius = CriticalPointCertification.radius(precision: p)
            switch try CriticalPointCertification.attempt(refinement.problem, radius: radius, precision: p, slice: symmetry) {
            case .failed(let failure):
                return .inconclusive(reason: "Newton converged (residual \(refinement.residual)) but the Krawczyk test failed: \(failure)",
                                     refined: refinement.problem, newtonSteps: refinement.steps)
            case .proved(let proof):
                let certified = try evaluate(proof: proof, input: input, precision: p)
                guard certified.distanceMaxNorm.isAtMost(maximumDistanceRational(options.maximumDistance)) else {
                    return .inconclusive(reason: "the certified critical point is farther than \(options.maximumDistance) (max-norm) from the input weights "
                                         + "(distance ≤ \(certified.distanceMaxNorm.upperDecimal(digits: 4))): the input is near no critical point",
                                         refined: refinement.problem, newtonSteps: refinement.steps)
                }
                return .certified(certified, newtonSteps: refinement.steps)
            }
        } catch {
            return .inconclusive(reason: "evaluation over the Krawczyk box failed: \(error)", refined: refinement.problem,
                                 newtonSteps: refinement.steps)
        }
    }

    static func maximumDistanceRational(_ x: Double) -> Rational { Rational(exactly: x) ?? Rational(0) }

    /// The certified quantities over the box of a Krawczyk proof, and the distance to the input.
    public static func evaluate(box: KrawczykBox, contraction: Double, hessianOverBox: [[Interval]],
                                input: TeacherStudentProblem?, precision p: Int) throws -> Certified {
        let overBox = try DenseEvaluation.lossAndGradient(box.problem, precision: p)
        let inertia: SymmetricInertia.Inertia?
        if case .certified(let found) = SymmetricInertia.certify(hessianOverBox) { inertia = found } else { inertia = nil }
        var maxNorm = MagnitudeBound.zero(precision: p), sumOfSquares = MagnitudeBound.zero(precision: p)
        if let input {
            let boxValues = flatten(box.problem.student, precision: p)
            let inputValues = flatten(input.student, precision: p)
            for (x, y) in zip(inputValues, boxValues) {
                let difference = (x - y).magnitude
                maxNorm = MagnitudeBound.maximum(maxNorm, difference)
                sumOfSquares = sumOfSquares + difference * difference
            }
        }
        return Certified(box: box, contraction: contraction, loss: overBox.loss, gradientBound: overBox.gradientMaxAbs,
                         inertia: inertia, hessianDimension: hessianOverBox.count, distanceMaxNorm: maxNorm,
                         distanceEuclidean: squareRootBound(sumOfSquares, precision: p), hessianOverBox: hessianOverBox)
    }

    static func evaluate(proof: CriticalPointCertification.Proof, input: TeacherStudentProblem, precision p: Int) throws -> Certified {
        try evaluate(box: proof.box, contraction: proof.contraction, hessianOverBox: proof.hessianOverBox, input: input, precision: p)
    }

    /// An upper bound on `sqrt(x)` for an upper bound `x ≥ 0`.
    static func squareRootBound(_ x: MagnitudeBound, precision p: Int) -> MagnitudeBound {
        let enclosure = Interval(upTo: x)
        guard let root = try? enclosure.sqrt() else { return MagnitudeBound.zero(precision: p) + x.scaled(byPowerOfTwo: 4096) }
        return root.magnitude
    }

    /// `w_1 … w_n, a_1 … a_n` as one list, at precision `p`.
    static func flatten(_ network: Network, precision p: Int) -> [Interval] {
        (0..<network.width).flatMap { network.inputWeights.row($0).map { $0.withPrecision(p) } }
            + network.outputWeights.map { $0.withPrecision(p) }
    }

    // MARK: Damped Newton

    struct Refinement {
        var problem: TeacherStudentProblem
        var steps: Int
        var residual: String
        var failure: String?
        /// The largest midpoint gradient component at each evaluated iterate.
        var residuals: [MagnitudeBound] = []
    }

    /// Damped Newton from the input's midpoints: at 64 bits while the residual exceeds
    /// `2^-40`, then at `p` bits until it is below `2^-(p-8)`.
    static func refine(_ input: TeacherStudentProblem, symmetry: ScalingSymmetry?, options: Options) throws -> Refinement {
        let n = input.student.width, d = input.inputDimension
        let layout = NumericalRefinement.ParameterLayout(students: n, inputDimension: d)
        let free = n * d + (symmetry == nil ? n : 0)
        let p = options.precision
        let start = flatten(input.student, precision: p).map(\.midpoint)
        var point = start
        var steps = 0
        var lastResidual = "not evaluated"
        var residuals: [MagnitudeBound] = []
        stages: for (stage, bits) in [(0, 64), (1, p)] {
            let target = stage == 0 ? -40 : -(p - 8)
            func residual(_ theta: [PointValue]) throws -> (values: [Interval], largest: MagnitudeBound) {
                let problem = layout.problem(theta.map { Interval(exactly: $0).withPrecision(bits) }, activation: input.activation,
                                             teacher: input.teacher, precision: bits)
                let gradient = Array(try DenseEvaluation.lossAndGradient(problem, precision: bits).flattenedGradient.prefix(free))
                let middles = gradient.map { Interval(exactly: $0.midpoint) }
                let largest = middles.map(\.magnitude).reduce(MagnitudeBound.zero(precision: bits), MagnitudeBound.maximum)
                return (middles, largest)
            }
            var current = try residual(point)
            while true {
                lastResidual = current.largest.upperDecimal(digits: 3)
                residuals.append(current.largest)
                guard current.largest.isKnown else {
                    return Refinement(problem: problem(point, layout, input, p), steps: steps, residual: lastResidual,
                                      failure: "the gradient is not a number at a Newton iterate")
                }
                if current.largest.isAtMost(powerOfTwo: target) { break }
                guard steps < options.maximumSteps else {
                    return Refinement(problem: problem(point, layout, input, p), steps: steps, residual: lastResidual,
                                      failure: "damped Newton did not converge in \(options.maximumSteps) steps (largest gradient component ≈ \(lastResidual))")
                }
                let hessian = try DenseEvaluation.hessian(
                    layout.problem(point.map { Interval(exactly: $0).withPrecision(bits) }, activation: input.activation,
                                   teacher: input.teacher, precision: bits), precision: bits)
                    .rows.prefix(free).map { Array($0.prefix(free)) }
                var direction: [Interval]
                if let fast = float64NewtonDirection(hessian: hessian, gradient: current.values, precision: bits) {
                    direction = fast
                } else {
                    guard let inverse = Approximate.inverse(of: hessian, precision: bits) else {
                        let what = symmetry == nil ? "the Hessian" : "the Hessian on the slice a = const"
                        return Refinement(problem: problem(point, layout, input, p), steps: steps, residual: lastResidual,
                                          failure: "Newton's method met a singular Hessian: \(what) is singular to working precision "
                                          + "(the critical point may not be isolated, e.g. a symmetry other than scaling)")
                    }
                    let accumulator = IntervalAccumulator(precision: bits)
                    direction = (0..<free).map { i -> Interval in
                        accumulator.reset()
                        for j in 0..<free { accumulator.addProduct(inverse[i][j], current.values[j]) }
                        return -accumulator.sum
                    }
                }
                // Trust region: no step longer than the allowed distance.
                let length = direction.map(\.magnitude).reduce(MagnitudeBound.zero(precision: bits), MagnitudeBound.maximum)
                let trust = maximumDistanceRational(options.maximumDistance)
                if !length.isAtMost(trust), length.upperBoundAsDouble > 0 {
                    let factor = Interval(options.maximumDistance / length.upperBoundAsDouble, precision: bits)
                    direction = direction.map { $0 * factor }
                }
                var accepted = false
                var t = Interval(1, precision: bits)
                for _ in 0..<30 {
                    let trial = (0..<point.count).map { i -> PointValue in
                        guard i < free else { return point[i] }
                        return (Interval(exactly: point[i]).withPrecision(max(bits, point[i].precision)) + t * direction[i]).withPrecision(p).midpoint
                    }
                    if let next = try? residual(trial), next.largest.isKnown, next.largest.isSmaller(than: current.largest) {
                        point = trial
                        current = next
                        accepted = true
                        break
                    }
                    t = t.scaled(byPowerOfTwo: -1)
                }
                steps += 1
                // At 64 bits rounding may stall the decrease: go on at the working precision.
                if !accepted && stage == 0 { continue stages }
                guard accepted else {
                    return Refinement(problem: problem(point, layout, input, p), steps: steps, residual: lastResidual,
                                      failure: "damped Newton could not decrease the gradient (largest component ≈ \(lastResidual)): "
                                      + "no critical point was found near the input")
                }
                // The iterate must stay near the input.
                let moved = zip(point, start).map { (Interval(exactly: $0) - Interval(exactly: $1)).magnitude }
                    .reduce(MagnitudeBound.zero(precision: p), MagnitudeBound.maximum)
                guard moved.isAtMost(maximumDistanceRational(options.maximumDistance * 2)) else {
                    return Refinement(problem: problem(point, layout, input, p), steps: steps, residual: lastResidual,
                                      failure: "Newton's iterates left the neighbourhood of the input (moved ≈ \(moved.upperDecimal(digits: 3)), "
                                      + "more than twice --max-distance \(options.maximumDistance)): the input is near no critical point")
                }
            }
        }
        return Refinement(problem: problem(point, layout, input, p), steps: steps, residual: lastResidual, failure: nil,
                          residuals: residuals)
    }

    /// The Newton direction `−H⁻¹ g` from a float64 inverse of the midpoint Hessian (after
    /// scaling H and g by exact powers of two, so that nothing overflows or underflows as a
    /// whole): `N³` float64 operations instead of `N³` MPFR operations. A guide only — the
    /// damping accepts a step only when the gradient decreases, and a float64 inverse makes
    /// Newton's method converge linearly with rate about `cond(H)·2^-53` instead of
    /// quadratically, which costs a step or two more at the working precision. Nil (the
    /// caller then uses the MPFR inverse, which also decides singularity) when a pivot is
    /// below `2^-40` of the largest entry or a number is not finite.
    static func float64NewtonDirection(hessian: [[Interval]], gradient: [Interval], precision bits: Int) -> [Interval]? {
        let n = gradient.count
        guard n > 0, hessian.count == n,
              let eH = hessian.lazy.flatMap({ $0 }).compactMap(\.magnitudeExponent).max(),
              let eG = gradient.compactMap(\.magnitudeExponent).max() else { return nil }
        var flat = [Double]()
        flat.reserveCapacity(n * n)
        for row in hessian {
            for x in row {
                let value = x.scaled(byPowerOfTwo: -eH).midpointAsDouble
                guard value.isFinite else { return nil }
                flat.append(value)
            }
        }
        guard let inverse = Approximate.inverse(rowMajor: flat, size: n) else { return nil }
        let g = gradient.map { $0.scaled(byPowerOfTwo: -eG).midpointAsDouble }
        guard g.allSatisfy(\.isFinite) else { return nil }
        var direction = [Interval]()
        direction.reserveCapacity(n)
        for i in 0..<n {
            var sum = 0.0
            for j in 0..<n { sum += inverse[i * n + j] * g[j] }
            guard sum.isFinite else { return nil }
            direction.append(Interval(-sum, precision: bits).scaled(byPowerOfTwo: eG - eH))
        }
        return direction
    }

    static func problem(_ point: [PointValue], _ layout: NumericalRefinement.ParameterLayout,
                        _ input: TeacherStudentProblem, _ p: Int) -> TeacherStudentProblem {
        layout.problem(point.map { Interval(exactly: $0).withPrecision(p) }, activation: input.activation, teacher: input.teacher, precision: p)
    }
}

extension CriticalPointCertification {
    /// The outcome of re-running the Krawczyk test on a stored box.
    public enum Recheck {
        case proved(box: KrawczykBox, contraction: Double, hessianOverBox: [[Interval]])
        case failed(String)
    }

    /// The Krawczyk test on the box of `radius` around `problem`'s student (whose weights
    /// must be exact points: the stored centre), on all parameters or in the slice of
    /// `slice`: no descent, no choice of box. A `.proved` outcome is the same proof as
    /// `certify`'s.
    public static func recheck(_ problem: TeacherStudentProblem, radius: Interval, precision p: Int,
                               slice: ScalingSymmetry?) throws -> Recheck {
        let student = problem.student
        for i in 0..<student.width {
            guard student.outputWeights[i].isPoint, student.inputWeights.row(i).allSatisfy(\.isPoint) else {
                return .failed("the stored centre is not a point")
            }
        }
        switch try attempt(problem, radius: radius, precision: p, slice: slice) {
        case .proved(let proof): return .proved(box: proof.box, contraction: proof.contraction, hessianOverBox: proof.hessianOverBox)
        case .failed(let failure): return .failed(failure.description)
        }
    }
}
