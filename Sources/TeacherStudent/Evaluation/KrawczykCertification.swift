import CertifiedIntervals

/// A proof that a box around a configuration contains exactly one exact critical point
/// of the loss, by the Krawczyk operator on `F = ∇L`.
///
/// With `m` the centre of the box `X = m + [−r, r]^N` (all student parameters, N =
/// n(d + 1)), `C` an approximate inverse of the midpoint of `J(X)` (any matrix will do
/// for soundness; it is computed by `ApproximateInverse` in MPFR at the working
/// precision, so that weights of any scale, `1e-155` or `1e+300`, give a finite
/// preconditioner of exact point intervals), and `J(X)` the certified
/// interval Hessian over the whole box, the Krawczyk operator is
///
///     K(X) = m − C F(m) + (I − C J(X)) (X − m).
///
/// Theorem (Krawczyk; Moore): if `K(X)` lies in the interior of `X`, then `F` has
/// exactly one zero in `X` (and `C` and every matrix in `J(X)` are non-singular).
/// Every quantity in the test is enclosed with outward rounding, so a `true` answer is
/// a proof. A `false` answer claims nothing: the box may contain no zero, several, or
/// the Hessian may be singular (a continuous family of critical points, as under
/// ReLU's scaling symmetry).
public enum KrawczykCertification {

    public struct Result {
        /// True when `K(X) ⊂ int X` was certified: the box holds exactly one critical point.
        public let isUnique: Bool
        /// The box radius `r` (a point interval).
        public let radius: Interval
        /// An upper bound on `max_i |K(X)_i − m_i| / r`; below 1 exactly when certified.
        public let contraction: Double
        /// Why the proof failed, when it did.
        public let failure: String?
        /// Which kind of failure, when it failed.
        public let failureKind: FailureKind?
        /// The certified Hessian over the whole box (rows in the order of
        /// `HessianMatrix`): its inertia, when certified, is the type of the critical
        /// point the box holds.
        public let hessianOverBox: [[Interval]]

        /// True when the failure is structural: the midpoint Hessian is singular to working
        /// precision, or the slice misses the orbit. Callers do not retry at a higher precision.
        public var isStructuralFailure: Bool {
            failureKind == .singularHessian || failureKind == .sliceMissesOrbit
        }

        static func failed(_ kind: FailureKind, _ reason: String, radius: Interval, contraction: Double,
                           hessianOverBox: [[Interval]] = []) -> Result {
            Result(isUnique: false, radius: radius, contraction: contraction, failure: reason, failureKind: kind,
                   hessianOverBox: hessianOverBox)
        }
    }

    /// The kinds of failure of `certify`; none of them claims anything about the loss.
    public enum FailureKind: Equatable {
        /// On the slice: an outgoing weight's enclosure is not certified to have the sign
        /// of its midpoint, so the slice `a = const` may not meet the configuration's orbit.
        case sliceMissesOrbit
        /// The configuration's enclosure is not strictly inside the box (more precision may help).
        case configurationOutsideBox
        /// No approximate inverse of the midpoint Hessian: it is singular to working
        /// precision (a pivot below `2^(-p/2)` after equilibration), as at a critical point
        /// that is not isolated.
        case singularHessian
        /// `K(X) ⊄ int X`.
        case notContracting
    }

    /// Tries to prove that the box of radius `radius` (in every parameter: each entry of
    /// every `w_i` and every `a_i`) around the midpoint of the student's weights contains
    /// exactly one zero of `∇L`.
    ///
    /// The proof is about the configuration only if the configuration lies in the box:
    /// every weight enclosure must lie strictly inside `m + (−r, r)`; otherwise the
    /// result is a failure ("wider than the box") that more precision may cure.
    ///
    /// With `sliceOfDegree: m`, the outgoing weights are held at the midpoints `a°` of
    /// their enclosures and only the incoming weights vary: the test is then on
    /// `F = ∇_W L(·, a°)` over a box in `W` alone, and `hessianOverBox` is the `W` block.
    /// This is the slice that quotients the scaling symmetry of an activation homogeneous
    /// of degree `m` (see `SymmetryQuotient`); the configuration's orbit meets the slice at
    /// `w_i (a_i/a°_i)^(1/m)`, and that point is what must lie in the box.
    public static func certify(_ problem: TeacherStudentProblem, radius: Interval, precision p: Int,
                               sliceOfDegree degree: Int? = nil) throws -> Result {
        let student = problem.student
        let n = student.width, d = problem.inputDimension
        let fixingOutputWeights = degree != nil
        let size = fixingOutputWeights ? n * d : n * (d + 1)

        // The centre m: midpoints of the student's weight enclosures (exact point intervals).
        var centreRows: [[Interval]] = []
        for i in 0..<n { centreRows.append(student.inputWeights.row(i).map { $0.withPrecision(p).midpoint }) }
        let centreOutputs = student.outputWeights.map { $0.withPrecision(p).midpoint }

        // The configuration (or, on a slice, its orbit's point on the slice) must lie in the box.
        if let failure = try configurationOutsideBox(student, centreRows: centreRows, centreOutputs: centreOutputs,
                                                     sliceOfDegree: degree, radius: radius, precision: p) {
            return failure
        }
        let centre = TeacherStudentProblem(
            activation: problem.activation, teacher: problem.teacher.withPrecision(p),
            student: Configurations.explicit(inputWeights: centreRows, outputWeights: centreOutputs, precision: p))
        let gradient = Array(try DenseEvaluation.lossAndGradient(centre, precision: p).flattenedGradient.prefix(size))

        // The box X = m + [−r, r].
        let spread = Interval.hull(-radius, radius)
        let box = TeacherStudentProblem(
            activation: problem.activation, teacher: problem.teacher.withPrecision(p),
            student: Configurations.explicit(inputWeights: centreRows.map { $0.map { $0 + spread } },
                                             outputWeights: fixingOutputWeights ? centreOutputs : centreOutputs.map { $0 + spread },
                                             precision: p))
        let hessianOverBox = try DenseEvaluation.hessian(box, precision: p).rows.prefix(size).map { Array($0.prefix(size)) }

        // C ≈ (mid J)^{-1}: exact point intervals, at any scale of the weights.
        guard let c = ApproximateInverse.of(hessianOverBox, precision: p) else {
            return .failed(.singularHessian,
                           "the Hessian is singular to working precision at the configuration (a pivot of its elimination "
                               + "is lost to cancellation of more than \(p / 2) bits): the critical point may not be isolated",
                           radius: radius, contraction: .infinity, hessianOverBox: hessianOverBox)
        }

        return try krawczykTest(preconditioner: c, gradient: gradient, hessianOverBox: hessianOverBox, radius: radius,
                                precision: p)
    }

    /// The failure to report when the configuration (on a slice: its orbit's point on the
    /// slice, `w_i (a_i/a°_i)^(1/m)`) is not certainly inside the box `m + (−r, r)`, or
    /// when the slice may miss the orbit (`a_i/a°_i` not certified positive); nil when
    /// it is inside.
    static func configurationOutsideBox(_ student: Network, centreRows: [[Interval]], centreOutputs: [Interval],
                                        sliceOfDegree degree: Int?, radius: Interval, precision p: Int) throws -> Result? {
        let n = student.width
        var represented: [[Interval]] = (0..<n).map { student.inputWeights.row($0).map { $0.withPrecision(p) } }
        if let degree {
            for i in 0..<n {
                var scale = try student.outputWeights[i].withPrecision(p) / centreOutputs[i]
                guard scale.isPositive else {
                    return .failed(.sliceMissesOrbit, "the slice a = const does not meet the orbit (an outgoing weight may be 0)",
                                   radius: radius, contraction: .infinity)
                }
                if degree == 2 { scale = try scale.sqrt() } else if degree != 1 {
                    scale = (try scale.log() / Interval(degree, precision: p)).exp()
                }
                represented[i] = represented[i].map { $0 * scale }
            }
        }
        let fixingOutputWeights = degree != nil
        let representedAll = represented.joined() + (fixingOutputWeights ? [] : student.outputWeights.map { $0.withPrecision(p) })
        let centresAll = centreRows.joined() + (fixingOutputWeights ? [] : centreOutputs)
        for (x, m) in zip(representedAll, centresAll) where !Interval.certainlyLess((x - m).magnitude, radius) {
            return .failed(.configurationOutsideBox,
                           "the configuration's enclosure is wider than the box of radius r (more precision may help)",
                           radius: radius, contraction: 2)
        }
        return nil
    }

    /// The Krawczyk test with the point preconditioner `C`: with `y = −C F(m)` and
    /// `M = I − C J(X)`, `|K_i − m_i| ≤ |y_i| + r Σ_j |M_ij|`, which must be `< r` for every
    /// `i`. The contraction is reported as a float64 upper bound (`+∞` when it exceeds
    /// the double range).
    static func krawczykTest(preconditioner c: [[Interval]], gradient: [Interval], hessianOverBox: [[Interval]],
                             radius: Interval, precision p: Int) throws -> Result {
        let size = gradient.count
        let accumulator = IntervalAccumulator(precision: p)
        var worst = 0.0
        var certified = true
        for i in 0..<size {
            accumulator.reset()
            for j in 0..<size { accumulator.addProduct(c[i][j], gradient[j]) }
            let y = accumulator.sum
            var rowMagnitude = Interval.zero(precision: p)
            for j in 0..<size {
                accumulator.reset()
                for t in 0..<size { accumulator.addProduct(c[i][t], hessianOverBox[t][j]) }
                let entry = (i == j ? Interval(1, precision: p) : Interval.zero(precision: p)) - accumulator.sum
                rowMagnitude = rowMagnitude + entry.magnitude
            }
            let reach = y.magnitude + radius * rowMagnitude
            if !Interval.certainlyLess(reach, radius) { certified = false }
            worst = max(worst, (try reach / radius).upperBoundAsDouble)
        }
        let reached = worst.isFinite ? "\(worst)" : "more than \(Double.greatestFiniteMagnitude)"
        return Result(isUnique: certified, radius: radius, contraction: worst,
                      failure: certified ? nil : "K(X) ⊄ int X: |K(X) − m| reaches \(reached) × r",
                      failureKind: certified ? nil : .notContracting, hessianOverBox: hessianOverBox)
    }
}
