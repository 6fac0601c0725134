import CertifiedIntervals
import CertifiedLinearAlgebra

/// Certified population loss `L = E[(f(x) − f*(x))²]` (no factor 1/2) and its gradient
/// with respect to every student weight, evaluated densely from the weight matrices
/// through the Gram entries:
///
///     L = Σ_i a_i² h(q_i) + 2 Σ_{i<i'} a_i a_i' κ(q_i, q_i', Q_ii')
///         − 2 Σ_{i,j} a_i b_j κ(q_i, t_j, R_ij) + (the same for the teacher)
///
///     ∇_{w_i} L = α_i w_i + Σ_{i'≠i} β_ii' w_i' + Σ_j γ_ij v_j, with
///     α_i = 2 a_i² h'(q_i) + 4 a_i Σ_{i'≠i} a_i' ∂1κ(i, i') − 4 a_i Σ_j b_j ∂1κ(i, j)
///     β_ii' = 2 a_i a_i' ∂12κ(i, i'),   γ_ij = −2 a_i b_j ∂12κ(i, j)
///     ∂L/∂a_i = 2 a_i h(q_i) + 2 Σ_{i'≠i} a_i' κ(i, i') − 2 Σ_j b_j κ(i, j)
///
/// where `h(q) = κ(q, q, q)` is the self-interaction.
public struct LossAndGradient {
    /// Encloses `L`.
    public var loss: Interval
    /// Row `i` encloses `∂L/∂w_i`.
    public var inputWeightGradient: IntervalMatrix
    /// Entry `i` encloses `∂L/∂a_i`.
    public var outputWeightGradient: [Interval]

    /// An upper bound on the largest absolute value of any gradient component (NaN,
    /// "nothing known", when a component's enclosure is not well formed).
    public var gradientMaxAbs: MagnitudeBound {
        var bound = MagnitudeBound.zero(precision: loss.precision)
        for g in outputWeightGradient { bound = MagnitudeBound.maximum(bound, g.magnitude) }
        let w = inputWeightGradient
        for i in 0..<w.rows { for j in w.nonzeroColumns(ofRow: i) { bound = MagnitudeBound.maximum(bound, w[i, j].magnitude) } }
        return bound
    }

    /// Every gradient component, `∂L/∂w` row by row then `∂L/∂a`, in the order of the
    /// Hessian's rows.
    public var flattenedGradient: [Interval] {
        var all: [Interval] = []
        for i in 0..<inputWeightGradient.rows { all += inputWeightGradient.row(i) }
        return all + outputWeightGradient
    }
}

/// Dense evaluation of the loss, its gradient and its Hessian for any teacher and
/// student (see `BlockStructuredEvaluation` for the copy-average shortcut).
public enum DenseEvaluation {

    /// Encloses the loss alone.
    public static func loss(_ problem: TeacherStudentProblem, precision: Int) throws -> Interval {
        let kernel = problem.activation.kernel(precision: precision)
        let gram = GramEntries(problem, precision: precision)
        let a = problem.student.outputWeights, b = problem.teacher.outputWeights
        let n = a.count, k = b.count
        let total = IntervalAccumulator(precision: precision)
        for i in 0..<n {
            let h = try onPair(.student(i + 1), .student(i + 1)) { try kernel.diagonal(gram.studentStudent[i][i]) }
            total.add(a[i].squared * h.value)
            for i2 in (i + 1)..<max(n, i + 1) {
                let kappa = try onPair(.student(i + 1), .student(i2 + 1)) {
                    try kernel.value(gram.studentStudent[i][i], gram.studentStudent[i2][i2], gram.studentStudent[i][i2])
                }
                total.addProduct((a[i] * a[i2]).scaled(byPowerOfTwo: 1), kappa)
            }
            for j in 0..<k {
                let kappa = try onPair(.student(i + 1), .teacher(j + 1)) {
                    try kernel.value(gram.studentStudent[i][i], gram.teacherTeacher[j][j], gram.studentTeacher[i][j])
                }
                total.subtract((a[i] * b[j]).scaled(byPowerOfTwo: 1) * kappa)
            }
        }
        try addTeacherSelfInteraction(to: total, kernel: kernel, gram: gram, b: b)
        return total.sum
    }

    static func addTeacherSelfInteraction(to total: IntervalAccumulator, kernel: any GaussianKernel,
                                          gram: GramEntries, b: [Interval]) throws {
        let k = b.count
        for j in 0..<k {
            let h = try onPair(.teacher(j + 1), .teacher(j + 1)) { try kernel.diagonal(gram.teacherTeacher[j][j]) }
            total.add(b[j].squared * h.value)
            for j2 in (j + 1)..<max(k, j + 1) {
                let kappa = try onPair(.teacher(j + 1), .teacher(j2 + 1)) {
                    try kernel.value(gram.teacherTeacher[j][j], gram.teacherTeacher[j2][j2], gram.teacherTeacher[j][j2])
                }
                if kappa.isExactZero { continue }
                total.addProduct((b[j] * b[j2]).scaled(byPowerOfTwo: 1), kappa)
            }
        }
    }

    /// Encloses the loss and every component of its gradient.
    public static func lossAndGradient(_ problem: TeacherStudentProblem, precision: Int) throws -> LossAndGradient {
        let kernel = problem.activation.kernel(precision: precision)
        let gram = GramEntries(problem, precision: precision)
        let w = problem.student.inputWeights, v = problem.teacher.inputWeights
        let a = problem.student.outputWeights, b = problem.teacher.outputWeights
        let n = a.count, k = b.count, d = problem.inputDimension
        let zero = Interval.zero(precision: precision)

        let total = IntervalAccumulator(precision: precision)
        // α_i and ∂L/∂a_i are sums over partners; β, γ are per pair.
        let alpha = (0..<n).map { _ in IntervalAccumulator(precision: precision) }
        let outputGradient = (0..<n).map { _ in IntervalAccumulator(precision: precision) }
        var beta = Array(repeating: Array(repeating: zero, count: n), count: n)
        var gamma = Array(repeating: Array(repeating: zero, count: k), count: n)

        for i in 0..<n {
            let qi = gram.studentStudent[i][i]
            let h = try onPair(.student(i + 1), .student(i + 1)) { try kernel.diagonal(qi) }
            total.add(a[i].squared * h.value)
            alpha[i].add((a[i].squared * h.derivative).scaled(byPowerOfTwo: 1))
            outputGradient[i].add((a[i] * h.value).scaled(byPowerOfTwo: 1))
            for i2 in (i + 1)..<max(n, i + 1) {
                let jet = try onPair(.student(i + 1), .student(i2 + 1)) {
                    try kernel.firstOrder(qi, gram.studentStudent[i2][i2], gram.studentStudent[i][i2])
                }
                let product = a[i] * a[i2]
                total.addProduct(product.scaled(byPowerOfTwo: 1), jet.value)
                alpha[i].addProduct(a[i] * a[i2].scaled(byPowerOfTwo: 2), jet.d1)
                alpha[i2].addProduct(a[i2] * a[i].scaled(byPowerOfTwo: 2), jet.d2)
                outputGradient[i].addProduct(a[i2].scaled(byPowerOfTwo: 1), jet.value)
                outputGradient[i2].addProduct(a[i].scaled(byPowerOfTwo: 1), jet.value)
                let pairBeta = product.scaled(byPowerOfTwo: 1) * jet.d12
                beta[i][i2] = pairBeta; beta[i2][i] = pairBeta
            }
            for j in 0..<k {
                let jet = try onPair(.student(i + 1), .teacher(j + 1)) {
                    try kernel.firstOrder(qi, gram.teacherTeacher[j][j], gram.studentTeacher[i][j])
                }
                // Exact zeros (orthogonal vectors: κ = ∂1κ = 0 for erf) cost nothing.
                let ab = a[i] * b[j]
                if !jet.value.isExactZero {
                    total.subtract(ab.scaled(byPowerOfTwo: 1) * jet.value)
                    outputGradient[i].subtract(b[j].scaled(byPowerOfTwo: 1) * jet.value)
                }
                if !jet.d1.isExactZero { alpha[i].subtract(ab.scaled(byPowerOfTwo: 2) * jet.d1) }
                gamma[i][j] = jet.d12.isExactZero ? zero : -(ab.scaled(byPowerOfTwo: 1) * jet.d12)
            }
        }
        try addTeacherSelfInteraction(to: total, kernel: kernel, gram: gram, b: b)

        // ∇_{w_i} L = α_i w_i + Σ_{i'≠i} β_ii' w_i' + Σ_j γ_ij v_j, accumulated column by column
        // over the non-zero entries of each row.
        var gradient = IntervalMatrix(rows: n, columns: d, precision: precision)
        let columns = (0..<d).map { _ in IntervalAccumulator(precision: precision) }
        var touched = Array(repeating: false, count: d)
        var touchedList: [Int] = []
        func accumulate(_ coefficient: Interval, row r: Int, of matrix: IntervalMatrix) {
            if coefficient.isExactZero { return }
            for c in matrix.nonzeroColumns(ofRow: r) {
                if !touched[c] { touched[c] = true; touchedList.append(c); columns[c].reset() }
                columns[c].addProduct(coefficient, matrix[r, c])
            }
        }
        for i in 0..<n {
            accumulate(alpha[i].sum, row: i, of: w)
            for i2 in 0..<n where i2 != i { accumulate(beta[i][i2], row: i2, of: w) }
            for j in 0..<k { accumulate(gamma[i][j], row: j, of: v) }
            for c in touchedList { gradient[i, c] = columns[c].sum; touched[c] = false }
            touchedList.removeAll(keepingCapacity: true)
        }
        return LossAndGradient(loss: total.sum, inputWeightGradient: gradient,
                               outputWeightGradient: outputGradient.map(\.sum))
    }
}
