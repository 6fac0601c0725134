import CertifiedIntervals
import CertifiedLinearAlgebra

/// The order parameters of a teacher–student problem: every inner product the loss
/// depends on. `studentStudent[i][i']` is `w_i · w_i'` (so the diagonal holds
/// `q_i = |w_i|²`), `studentTeacher[i][j]` is `R_ij = w_i · v_j`,
/// `teacherTeacher[j][j']` is `v_j · v_j'`.
public struct GramEntries {
    public var studentStudent: [[Interval]]
    public var studentTeacher: [[Interval]]
    public var teacherTeacher: [[Interval]]

    /// Computes every inner product with outward-rounded dot products at `precision`.
    /// Exact zero entries of the weights are skipped (they contribute exact zeros).
    public init(_ problem: TeacherStudentProblem, precision: Int) {
        let w = problem.student.inputWeights, v = problem.teacher.inputWeights
        let n = w.rows, k = v.rows
        let accumulator = IntervalAccumulator(precision: precision)
        let zero = Interval.zero(precision: precision)
        var ss = Array(repeating: Array(repeating: zero, count: n), count: n)
        for i in 0..<n {
            ss[i][i] = w.rowSquaredNorm(i, accumulator: accumulator)
            for i2 in (i + 1)..<max(n, i + 1) {
                let dot = w.rowDot(i, w, i2, accumulator: accumulator)
                ss[i][i2] = dot; ss[i2][i] = dot
            }
        }
        var st = Array(repeating: Array(repeating: zero, count: k), count: n)
        for i in 0..<n { for j in 0..<k { st[i][j] = w.rowDot(i, v, j, accumulator: accumulator) } }
        var tt = Array(repeating: Array(repeating: zero, count: k), count: k)
        for j in 0..<k {
            tt[j][j] = v.rowSquaredNorm(j, accumulator: accumulator)
            for j2 in (j + 1)..<max(k, j + 1) {
                let dot = v.rowDot(j, v, j2, accumulator: accumulator)
                tt[j][j2] = dot; tt[j2][j] = dot
            }
        }
        studentStudent = ss
        studentTeacher = st
        teacherTeacher = tt
    }
}
