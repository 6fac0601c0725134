import CertifiedIntervals
import TeacherStudent

/// The copy-average fixtures of the mathematics document (§3): the erf problem of a
/// partition, L*(l) straight from the interval core, and the theorem-file definitions.
public enum CopyAverage {
    /// The standard erf teacher–student problem at the copy-average point of `partition`
    /// (orthonormal teacher, d = k, c(l) = 1/sqrt(l(2l−1)), a(l) = l).
    public static func problem(_ partition: [Int], precision p: Int) -> TeacherStudentProblem {
        let k = partition.reduce(0, +)
        return TeacherStudentProblem(
            activation: .standardErf,
            teacher: Configurations.orthonormalTeacher(neurons: k, inputDimension: k, precision: p),
            student: Configurations.copyAverageStudent(partition: partition, inputDimension: k, precision: p))
    }

    /// L*(l) = l/3 − (2 l²/π) asin(1/(2l)) (mathematics.md F2), straight from the
    /// interval core (not through the expression language).
    public static func lStar(_ l: Int, precision p: Int) -> Interval {
        let third = try! Interval(l, precision: p) / Interval(3, precision: p)
        let angle = try! (try! Interval(1, precision: p) / Interval(2 * l, precision: p)).asin()
        return third - (try! Interval(2 * l * l, precision: p) / Interval.pi(precision: p)) * angle
    }

    /// Σ L*(ℓ) over the blocks of `partition`: the loss of its copy-average point.
    public static func lStarSum(_ partition: [Int], precision p: Int) -> Interval {
        partition.reduce(Interval(0, precision: p)) { $0 + lStar($1, precision: p) }
    }

    /// The copy-average definitions of a theorem file: `c(l)`, `a(l)`, `Lstar(l)`.
    public static let theoremDefinitions = """
    [definitions]
    "c(l)"     = "1/sqrt(l*(2*l - 1))"
    "a(l)"     = "l"
    "Lstar(l)" = "l/3 - 2*l^2/pi*asin(1/(2*l))"

    """
}
