import CertifiedIntervals

/// Degenerate critical points near numerical weights: from a float point (trained weights)
/// to a nearby *exact* rational point, decided exactly. The route of `verify certify` when
/// the Krawczyk test cannot succeed because the Hessian is singular (over-parameterized
/// splits, the `z²` minima `M = M*`).
///
/// **Proposal** (`propose`, a guess, never a proof): within a group of students whose
/// incoming vectors agree to the tolerance `τ` (max-norm), the incoming vectors are made
/// equal (the group's first member's); each coordinate of an incoming vector becomes the
/// first continued-fraction convergent of the input within `τ`; per group, the sum of the
/// outgoing weights is rounded the same way, and so is each outgoing weight but the last,
/// which takes the rest (a split `a_r + a_i` of a teacher's weight keeps its exact sum
/// whatever the split). The proposal is at max-norm distance ≤ `|group|·τ` from the
/// input (computed exactly afterwards, never assumed).
///
/// **Decision** (`decide`, exact): the proposed point is a critical point by exact zero
/// loss (`ExactZeroLoss`, any activation) or, for `z²` and `z`, by the exact rational
/// gradient of the polynomial loss (`ExactPolynomialGradient`); the loss is then known
/// exactly (0, or the polynomial loss in rational arithmetic). The Hessian's inertia with
/// the structural kernel (`StructuralKernel`, `MorseBottCertification`) gives the type:
/// PSD with nullity N (and Morse–Bott when every kernel direction is a symmetry tangent), or
/// a Morse index. Anything else (not exactly critical, inertia undecided, erf/ReLU at a
/// positive loss) is `undecided` with the reason — never a certificate.
///
/// Soundness: the certificate is about the exact rational point, and every statement in it
/// is an exact decision (zero loss, zero gradient, ranks, the kernel basis) or a certified
/// inertia of `QᵀHQ` from an enclosure of H; the input only chooses which point is decided.
public enum ExactDegeneratePoint {
    /// What is proved about an exact rational point.
    public struct Certificate {
        public var activation: Activation
        public var point: ExactNetwork
        public var teacher: ExactNetwork
        /// The exact loss `L = E[(f − f*)²]`.
        public var loss: Rational
        /// The zero-loss proof (nil at a positive loss).
        public var zeroLoss: ExactZeroLoss.Proof?
        /// How criticality was decided (for the report).
        public var criticality: String
        public var kernel: StructuralKernel
        public var inertia: MorseBottCertification.Certificate

        /// PSD and every kernel direction a symmetry tangent: a Morse–Bott local minimum.
        public var isMorseBottMinimum: Bool { inertia.negative == 0 && kernel.additional.isEmpty }
        public var isGlobalMinimum: Bool { zeroLoss != nil }

        /// The type in words.
        public var type: String {
            let n = inertia.nullity, size = inertia.size
            if inertia.negative > 0 {
                return "saddle, Morse index \(inertia.negative) of \(size), nullity \(n) (the kernel exactly the span of "
                    + "\(kernel.tangent.count) symmetry tangents)"
            }
            var parts: [String] = []
            if isGlobalMinimum { parts.append("global minimum") }
            if isMorseBottMinimum {
                parts.append("local minimum modulo symmetry (Morse–Bott), nullity \(n)")
            } else {
                let t = kernel.tangent.count, g = kernel.additional.count
                parts.append("Hessian positive semidefinite with nullity \(n) (\(t) symmetry tangent\(t == 1 ? "" : "s"), "
                             + "\(g) zero-loss direction\(g == 1 ? "" : "s") not known tangent to the minima: not a "
                             + "Morse–Bott statement)")
            }
            return parts.joined(separator: ", ")
        }

        /// A short type key: "global-minimum", "local-minimum-modulo-symmetry" or "saddle".
        public var typeKey: String {
            if inertia.negative > 0 { return "saddle" }
            return isMorseBottMinimum ? "local-minimum-modulo-symmetry" : "global-minimum"
        }
    }

    public enum Outcome {
        case certified(Certificate)
        /// Nothing is proved about this point; the reason.
        case undecided(String)
    }

    // MARK: Proposal

    /// The first convergent `p/q` of the continued fraction of `x` with `|p/q − x| ≤ τ`
    /// (checked exactly), or `x` itself when none is found with `q ≤ 2^40`. Domain: `τ > 0`.
    public static func simpleRational(near x: Rational, tolerance τ: Rational) -> Rational {
        let value = x.doubleValue
        guard value.isFinite, abs(value) < 1e12 else { return x }
        var (p0, q0, p1, q1): (Double, Double, Double, Double) = (0, 1, 1, 0)
        var r = value
        for _ in 0..<64 {
            let a = r.rounded(.down)
            let p2 = a * p1 + p0, q2 = a * q1 + q0
            guard q2 <= 1_099_511_627_776, abs(p2) < 9e15 else { break }
            let candidate = Rational(Int(p2), Int(q2))
            if !(τ < (candidate - x).magnitude) { return candidate }
            (p0, q0, p1, q1) = (p1, q1, p2, q2)
            let fraction = r - a
            guard fraction > 0 else { break }
            r = 1 / fraction
        }
        return x
    }

    /// A nearby exact point to decide (see the type's comment). Domain: `τ > 0`.
    public static func propose(_ input: ExactNetwork, tolerance τ: Rational) -> ExactNetwork {
        var groups: [[Int]] = []
        for i in 0..<input.width {
            if let g = groups.firstIndex(where: { maxNormDistance(input.inputWeights[$0[0]], input.inputWeights[i]) <= τ + τ }) {
                groups[g].append(i)
            } else {
                groups.append([i])
            }
        }
        var rows = input.inputWeights, outputs = input.outputWeights
        for group in groups {
            let row = input.inputWeights[group[0]].map { simpleRational(near: $0, tolerance: τ) }
            for i in group { rows[i] = row }
            let sum = simpleRational(near: group.reduce(Rational(0)) { $0 + input.outputWeights[$1] }, tolerance: τ)
            var rest = sum
            for i in group.dropLast() {
                outputs[i] = simpleRational(near: input.outputWeights[i], tolerance: τ)
                rest = rest - outputs[i]
            }
            outputs[group[group.count - 1]] = rest
        }
        return ExactNetwork(inputWeights: rows, outputWeights: outputs)
    }

    /// `max |x_i − y_i|`, exactly. Domain: equal lengths.
    public static func maxNormDistance(_ x: [Rational], _ y: [Rational]) -> Rational {
        zip(x, y).reduce(Rational(0)) { best, pair in
            let gap = (pair.0 - pair.1).magnitude
            return best < gap ? gap : best
        }
    }

    /// `max |θ − θ'|` over all weights of two networks of the same shape, exactly.
    public static func maxNormDistance(_ a: ExactNetwork, _ b: ExactNetwork) -> Rational {
        let rows = zip(a.inputWeights, b.inputWeights).map { maxNormDistance($0, $1) }
        return (rows + [maxNormDistance(a.outputWeights, b.outputWeights)]).reduce(Rational(0)) { $0 < $1 ? $1 : $0 }
    }

    /// `Σ (θ − θ')²` over all weights, exactly (the squared Euclidean distance).
    public static func squaredDistance(_ a: ExactNetwork, _ b: ExactNetwork) -> Rational {
        var sum = Rational(0)
        for (x, y) in zip(a.inputWeights, b.inputWeights) { for (s, t) in zip(x, y) { sum = sum + (s - t) * (s - t) } }
        for (s, t) in zip(a.outputWeights, b.outputWeights) { sum = sum + (s - t) * (s - t) }
        return sum
    }

    // MARK: Exact loss

    /// The exact loss when it is decidable in rational arithmetic: 0 at exact zero loss,
    /// the polynomial loss for `z²` (`(tr Δ)² + 2‖Δ‖_F²`) and `z` (`‖Σ a_i w_i − Σ b_j v_j‖²`);
    /// nil otherwise (erf, ReLU at a point not shown to have zero loss).
    public static func exactLoss(activation: Activation, student: ExactNetwork, teacher: ExactNetwork) -> Rational? {
        if ExactZeroLoss.prove(activation: activation, student: student, teacher: teacher) != nil { return Rational(0) }
        switch activation {
        case .quadratic:
            let m = ExactZeroLoss.secondMoment(student), mStar = ExactZeroLoss.secondMoment(teacher)
            var trace = Rational(0), frobenius = Rational(0)
            for r in m.indices {
                trace = trace + (m[r][r] - mStar[r][r])
                for c in m.indices { let x = m[r][c] - mStar[r][c]; frobenius = frobenius + x * x }
            }
            return trace * trace + Rational(2) * frobenius
        case .linear:
            let u = zip(ExactZeroLoss.firstMoment(student), ExactZeroLoss.firstMoment(teacher)).map { $0 - $1 }
            return u.reduce(Rational(0)) { $0 + $1 * $1 }
        case .erf, .relu:
            return nil
        }
    }

    // MARK: Decision

    /// Decides the exact point `student` against `teacher` at working precision `p` (the
    /// Hessian's enclosure). Throws the evaluation errors of the Hessian (a domain error,
    /// e.g. ReLU where its closed form divides by 0). Domain: equal input dimensions, d ≥ 1.
    public static func decide(activation: Activation, student: ExactNetwork, teacher: ExactNetwork,
                              precision p: Int) throws -> Outcome {
        guard student.inputDimension == teacher.inputDimension, student.inputDimension >= 1, student.width >= 1 else {
            return .undecided("the student and the teacher must have the same input dimension d ≥ 1")
        }
        let zeroLoss = ExactZeroLoss.prove(activation: activation, student: student, teacher: teacher)
        let criticality: String
        let loss: Rational
        if let zeroLoss {
            loss = Rational(0)
            criticality = "exact zero loss: \(zeroLoss.description); a global minimum since L ≥ 0, hence critical"
        } else if let gradient = ExactPolynomialGradient.gradient(activation: activation, student: student, teacher: teacher) {
            if let index = gradient.firstIndex(where: { $0.signum != 0 }) {
                return .undecided("the exact point is not critical: gradient component \(index + 1) is \(gradient[index]) exactly")
            }
            guard let value = exactLoss(activation: activation, student: student, teacher: teacher) else {
                return .undecided("the polynomial loss could not be computed exactly")
            }
            loss = value
            criticality = "exactly critical: every component of the gradient of the polynomial loss is 0 in rational arithmetic"
        } else {
            return .undecided("the exact point does not have exactly zero loss (the student is not the teacher after merging "
                              + "equal students), and for \(activation) criticality at a positive loss is not decided in "
                              + "rational arithmetic")
        }
        let kernel = StructuralKernel.atCriticalPoint(activation: activation, student: student, zeroLoss: zeroLoss != nil)
        let problem = TeacherStudentProblem(activation: activation, teacher: teacher.enclosures(precision: p),
                                            student: student.enclosures(precision: p))
        let hessian = try DenseEvaluation.hessian(problem, precision: p).rows
        switch MorseBottCertification.certify(hessian: hessian, kernel: kernel.vectors, precision: p) {
        case let .notInKernel(direction, component, enclosure):
            return .undecided("\(criticality); but H v has a component ∈ \(enclosure.description(digits: 8)) (index "
                              + "\(component + 1)) excluding 0 for the structural direction \(direction + 1): nothing about "
                              + "the Hessian is certified")
        case let .undecided(size, step, pivot, positive, negative):
            return .undecided("\(criticality); the Hessian on the complement (size \(size)) of the structural kernel "
                              + "(\(kernel.dimension) directions) is not certified non-singular: at step \(step + 1) no pivot "
                              + "excludes 0 (e.g. \(pivot.description(digits: 6))), \(positive) positive and \(negative) "
                              + "negative before — the kernel may be larger than the structural one")
        case .certified(let inertia):
            return .certified(Certificate(activation: activation, point: student, teacher: teacher, loss: loss,
                                          zeroLoss: zeroLoss, criticality: criticality, kernel: kernel, inertia: inertia))
        }
    }

    /// Proposes exact points near `input` for each tolerance in turn (`tolerances`,
    /// increasing) and returns the first certified one within `maximumDistance` (max-norm,
    /// exact) with its distance, or the reasons why none was.
    public static func certifyNear(_ input: ExactNetwork, teacher: ExactNetwork, activation: Activation,
                                   tolerances: [Rational], maximumDistance: Rational,
                                   precision p: Int) -> (certificate: Certificate?, distance: Rational?, reasons: [String]) {
        var reasons: [String] = []
        var tried: [ExactNetwork] = []
        for τ in tolerances {
            let proposal = propose(input, tolerance: τ)
            if tried.contains(proposal) { continue }
            tried.append(proposal)
            let distance = maxNormDistance(input, proposal)
            if maximumDistance < distance {
                reasons.append("τ = \(Interval(τ, precision: 64).upperDecimal(digits: 3)): the proposed exact point is at distance "
                               + "\(Interval(distance, precision: 64).upperDecimal(digits: 3)) > the allowed \(Interval(maximumDistance, precision: 64).upperDecimal(digits: 3))")
                continue
            }
            do {
                switch try decide(activation: activation, student: proposal, teacher: teacher, precision: p) {
                case .certified(let certificate):
                    return (certificate, distance, reasons)
                case .undecided(let why):
                    reasons.append("τ = \(Interval(τ, precision: 64).upperDecimal(digits: 3)): \(why)")
                }
            } catch {
                reasons.append("τ = \(Interval(τ, precision: 64).upperDecimal(digits: 3)): the Hessian is not evaluable at the exact point (\(error))")
            }
        }
        return (nil, nil, reasons)
    }
}
