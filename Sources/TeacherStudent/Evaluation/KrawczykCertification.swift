import CertifiedIntervals

/// A proof that a box around a configuration contains exactly one exact critical point
/// of the loss, by the Krawczyk operator on `F = ∇L`.
///
/// With `m` the centre of the box `X = m + [−r, r]^N` (all student parameters, N =
/// n(d + 1)), `C` an approximate inverse of the Hessian at `m` (floating point: any
/// matrix will do for soundness), and `J(X)` the certified interval Hessian over the
/// whole box, the Krawczyk operator is
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
        /// The certified Hessian over the whole box (rows in the order of
        /// `HessianMatrix`): its inertia, when certified, is the type of the critical
        /// point the box holds.
        public let hessianOverBox: [[Interval]]
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
        var represented: [[Interval]] = (0..<n).map { student.inputWeights.row($0).map { $0.withPrecision(p) } }
        if let degree {
            for i in 0..<n {
                var scale = try student.outputWeights[i].withPrecision(p) / centreOutputs[i]
                guard scale.isPositive else {
                    return Result(isUnique: false, radius: radius, contraction: .infinity,
                                  failure: "the slice a = const does not meet the orbit (an outgoing weight may be 0)",
                                  hessianOverBox: [])
                }
                if degree == 2 { scale = try scale.sqrt() } else if degree != 1 {
                    scale = try (try scale.log() / Interval(degree, precision: p)).exp()
                }
                represented[i] = represented[i].map { $0 * scale }
            }
        }
        let representedAll = represented.joined() + (fixingOutputWeights ? [] : student.outputWeights.map { $0.withPrecision(p) })
        let centresAll = centreRows.joined() + (fixingOutputWeights ? [] : centreOutputs)
        for (x, m) in zip(representedAll, centresAll) where !Interval.certainlyLess((x - m).magnitude, radius) {
            return Result(isUnique: false, radius: radius, contraction: 2,
                          failure: "the configuration's enclosure is wider than the box of radius r (more precision may help)",
                          hessianOverBox: [])
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

        // C ≈ (mid J)^{-1} in floating point.
        let midpoint = hessianOverBox.map { $0.map(\.midpointAsDouble) }
        guard let inverse = invert(midpoint) else {
            return Result(isUnique: false, radius: radius, contraction: .infinity,
                          failure: "the Hessian is (numerically) singular at the configuration: the critical point is not isolated",
                          hessianOverBox: hessianOverBox)
        }
        let c = inverse.map { $0.map { Interval($0, precision: p) } }

        // y = −C F(m);  row sums of |I − C J(X)|.
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
            // |K_i − m_i| ≤ |y_i| + r Σ_j |M_ij|, which must be < r.
            let reach = y.magnitude + radius * rowMagnitude
            if !Interval.certainlyLess(reach, radius) { certified = false }
            worst = max(worst, (try reach / radius).upperBoundAsDouble)
        }
        return Result(isUnique: certified, radius: radius, contraction: worst,
                      failure: certified ? nil : "K(X) ⊄ int X: |K(X) − m| reaches \(worst) × r",
                      hessianOverBox: hessianOverBox)
    }

    /// The inverse of a square matrix by Gauss–Jordan elimination with partial pivoting,
    /// in floating point (only used as the preconditioner C); nil when a pivot vanishes.
    static func invert(_ matrix: [[Double]]) -> [[Double]]? {
        let n = matrix.count
        var a = matrix
        var inverse = (0..<n).map { i in (0..<n).map { $0 == i ? 1.0 : 0.0 } }
        let scale = matrix.joined().map(Swift.abs).max() ?? 0
        for column in 0..<n {
            guard let pivot = (column..<n).max(by: { Swift.abs(a[$0][column]) < Swift.abs(a[$1][column]) }),
                  Swift.abs(a[pivot][column]) > 1e-13 * max(scale, 1e-300) else { return nil }
            a.swapAt(column, pivot)
            inverse.swapAt(column, pivot)
            let factor = 1 / a[column][column]
            for j in 0..<n { a[column][j] *= factor; inverse[column][j] *= factor }
            for row in 0..<n where row != column && a[row][column] != 0 {
                let f = a[row][column]
                for j in 0..<n { a[row][j] -= f * a[column][j]; inverse[row][j] -= f * inverse[column][j] }
            }
        }
        return inverse
    }
}
