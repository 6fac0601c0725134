import CertifiedIntervals

/// The box `X = m + [−r, r]^N` of a Krawczyk proof around a configuration: the one place
/// where the box is built, both for the proof and for what is evaluated over it later
/// (the Hessian whose inertia types the critical point, the loss that bounds its value).
///
/// On all parameters (`slice == nil`) every `w_i` entry and every `a_i` varies, `N =
/// n(d + 1)`. On the slice `a = a°` of a scaling symmetry only the incoming weights vary,
/// `N = n·d`, and the outgoing weights are the centre's `a°` exactly.
public struct KrawczykBox {
    /// The centre `m`: the midpoints of the configuration's weight enclosures at the
    /// working precision (representatives, entered as the point intervals
    /// `Interval(exactly:)`), with the teacher at that precision.
    public let centre: TeacherStudentProblem
    /// The box itself: the centre's weights plus `[−r, r]` (on the slice, the outgoing
    /// weights are the centre's, exactly).
    public let problem: TeacherStudentProblem
    /// The radius `r` (a point interval).
    public let radius: Interval
    /// The symmetry whose slice `a = a°` the box lies in; nil on all parameters.
    public let slice: ScalingSymmetry?
    public let precision: Int

    /// The number `N` of parameters that vary: `n(d + 1)`, or `n·d` on the slice. The
    /// gradient and Hessian restricted to the box are their first `N` components (the
    /// order of `flattenedGradient`: `w_1 … w_n, a_1 … a_n`).
    public var dimension: Int {
        let student = centre.student
        return student.width * student.inputDimension + (slice == nil ? student.width : 0)
    }

    /// The box of `radius` around the midpoints of `problem`'s student weights at
    /// precision `p`, on all parameters or on the slice of `slice`.
    public init(around problem: TeacherStudentProblem, radius: Interval, precision p: Int, slice: ScalingSymmetry?) {
        let student = problem.student
        let centreRows = (0..<student.width).map { i in
            student.inputWeights.row(i).map { Interval(exactly: $0.withPrecision(p).midpoint) }
        }
        let centreOutputs = student.outputWeights.map { Interval(exactly: $0.withPrecision(p).midpoint) }
        let teacher = problem.teacher.withPrecision(p)
        let spread = Interval.hull(-radius, radius)
        centre = TeacherStudentProblem(
            activation: problem.activation, teacher: teacher,
            student: Configurations.explicit(inputWeights: centreRows, outputWeights: centreOutputs, precision: p))
        self.problem = TeacherStudentProblem(
            activation: problem.activation, teacher: teacher,
            student: Configurations.explicit(inputWeights: centreRows.map { $0.map { $0 + spread } },
                                             outputWeights: slice == nil ? centreOutputs.map { $0 + spread } : centreOutputs,
                                             precision: p))
        self.radius = radius
        self.slice = slice
        precision = p
    }

    /// Why the configuration `student` does not certainly lie in the interior
    /// `m + (−r, r)^N` of the box, or nil when it does. On the slice the point that must
    /// lie inside is where the configuration's orbit meets the slice, `w_i (a_i/a°_i)^(1/m)`
    /// (`.sliceMissesOrbit` when some `a_i/a°_i` is not certified positive). The proof is
    /// about the configuration only when this returns nil.
    public func failureToContain(_ student: Network) throws -> KrawczykFailure? {
        let p = precision
        var incoming = (0..<student.width).map { i in student.inputWeights.row(i).map { $0.withPrecision(p) } }
        if let slice {
            guard let onSlice = try slice.incomingWeightsOnSlice(of: student, sliceOutputs: centre.student.outputWeights,
                                                                precision: p) else { return .sliceMissesOrbit }
            incoming = onSlice
        }
        let centreStudent = centre.student
        let configuration = incoming.joined() + (slice == nil ? student.outputWeights.map { $0.withPrecision(p) } : [])
        let centres = (0..<centreStudent.width).flatMap { centreStudent.inputWeights.row($0) }
            + (slice == nil ? centreStudent.outputWeights : [])
        for (x, m) in zip(configuration, centres) where !(x - m).magnitude.isCertainlyBelow(radius) {
            return .boxTooSmall
        }
        return nil
    }
}
