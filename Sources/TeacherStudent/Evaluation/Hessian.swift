import CertifiedIntervals
import CertifiedLinearAlgebra

/// The certified Hessian `∇²L` of the loss in the student's parameters, ordered as
/// `(w_1, …, w_n, a_1, …, a_n)` (so `w_i`'s component `t` is row `i·d + t` and `a_i` is
/// row `n·d + i`); size `n(d + 1)`.
///
/// With `g(x, y) = κ(|x|², |y|², x·y)` and `κ_a`, `κ_ab` its partials in
/// `(q1, q2, q12)`, the blocks of one pair term are
///
///     ∂²g/∂x² = 2κ_1 I + 4κ_11 x xᵀ + 2κ_1,12 (x yᵀ + y xᵀ) + κ_12,12 y yᵀ
///     ∂²g/∂y² = 2κ_2 I + 4κ_22 y yᵀ + 2κ_2,12 (x yᵀ + y xᵀ) + κ_12,12 x xᵀ
///     ∂²g/∂x∂y = κ_12 I + 4κ_1,2 x yᵀ + 2κ_1,12 x xᵀ + 2κ_2,12 y yᵀ + κ_12,12 y xᵀ
///
/// and the self-interaction `a² h(|w|²)` contributes `a²(2h' I + 4h'' w wᵀ)`,
/// `4 a h' w` (mixed with `a`) and `2h` (in `a`).
public struct HessianMatrix {
    public let size: Int
    public let studentWidth: Int
    public let inputDimension: Int
    /// Row-major entries (an entry and its mirror share one enclosure: the matrix is
    /// assembled symmetric).
    public private(set) var entries: [Interval]
    /// The running sums of the upper triangle while the matrix is assembled (in place, no
    /// allocation per term); nil once `finish()` has read them out into `entries`.
    private var accumulator: IntervalAccumulatorMatrix?
    private let precision: Int

    init(studentWidth n: Int, inputDimension d: Int, precision: Int) {
        studentWidth = n
        inputDimension = d
        size = n * (d + 1)
        self.precision = precision
        entries = []
        accumulator = IntervalAccumulatorMatrix(rows: size, columns: size, precision: precision)
    }

    public subscript(row: Int, column: Int) -> Interval { entries[row * size + column] }

    /// The row of component `t` of `w_i`.
    public func inputWeightIndex(student i: Int, component t: Int) -> Int { i * inputDimension + t }
    /// The row of `a_i`.
    public func outputWeightIndex(student i: Int) -> Int { studentWidth * inputDimension + i }

    /// The rows as arrays.
    public var rows: [[Interval]] { (0..<size).map { Array(entries[($0 * size)..<(($0 + 1) * size)]) } }

    /// Reads the upper triangle out into `entries`, each enclosure shared by the entry and
    /// its mirror (exact zeros share one interval), and frees the running sums.
    mutating func finish() {
        guard let accumulator else { return }
        let zero = Interval.zero(precision: precision)
        var result = [Interval](repeating: zero, count: size * size)
        for r in 0..<size {
            for c in r..<size where !accumulator.isExactZero(r, c) {
                let x = accumulator.interval(r, c)
                result[r * size + c] = x
                result[c * size + r] = x
            }
        }
        entries = result
        self.accumulator = nil
    }

    /// Adds `value` at (r, c) and, when r ≠ c, at (c, r) (stored once, in the upper triangle).
    mutating func add(_ value: Interval, _ r: Int, _ c: Int) {
        if value.isExactZero { return }
        accumulator!.add(value, Swift.min(r, c), Swift.max(r, c))
    }

    /// Adds `coefficient · u vᵀ` to the block (rowStart…, columnStart…) of size d×d; with
    /// `mirror`, also its transpose to the block (columnStart…, rowStart…). Without
    /// `mirror` the term must be symmetric by itself (`u` is `v` and the block is on the
    /// diagonal), and only its upper triangle is added. Only non-zero entries of the
    /// sparse vectors are visited; each term is accumulated in place.
    mutating func addOuter(_ coefficient: Interval, _ u: SparseVector, _ v: SparseVector,
                           rowStart: Int, columnStart: Int, mirror: Bool) {
        if coefficient.isExactZero { return }
        precondition(mirror || rowStart == columnStart, "a term without its mirror must lie on the diagonal")
        accumulator!.addOuterProductToUpperTriangle(coefficient, u.entries, v.entries, rowStart: rowStart,
                                                    columnStart: columnStart, mirror: mirror)
    }

    /// Adds `coefficient · I` to the d×d block at (rowStart, columnStart) (and its mirror).
    mutating func addIdentity(_ coefficient: Interval, rowStart: Int, columnStart: Int, mirror: Bool) {
        if coefficient.isExactZero { return }
        let accumulator = self.accumulator!
        for t in 0..<inputDimension {
            let r = rowStart + t, c = columnStart + t
            if mirror {
                accumulator.add(coefficient, Swift.min(r, c), Swift.max(r, c))
                if r == c { accumulator.add(coefficient, r, c) }
            } else {
                precondition(r == c, "a term without its mirror must lie on the diagonal")
                accumulator.add(coefficient, r, c)
            }
        }
    }

    /// Adds `coefficient · u` to row `row`, columns `columnStart…`, and symmetrically.
    mutating func addVector(_ coefficient: Interval, _ u: SparseVector, row: Int, columnStart: Int) {
        if coefficient.isExactZero { return }
        let accumulator = self.accumulator!
        for (t, ut) in u.entries {
            let c = columnStart + t
            accumulator.addProduct(coefficient, ut, Swift.min(row, c), Swift.max(row, c))
        }
    }
}

/// The non-zero entries of one weight vector.
struct SparseVector {
    var entries: [(Int, Interval)]
    init(_ matrix: IntervalMatrix, row: Int) {
        entries = matrix.nonzeroColumns(ofRow: row).map { ($0, matrix[row, $0]) }
    }
}

extension DenseEvaluation {

    /// Encloses the Hessian of the loss in the student's parameters. Throws
    /// `NetworkEvaluationError.kernel` naming the neuron pair where the kernel has no
    /// second derivative (ReLU with parallel vectors).
    public static func hessian(_ problem: TeacherStudentProblem, precision: Int) throws -> HessianMatrix {
        let kernel = problem.activation.kernel(precision: precision)
        let gram = GramEntries(problem, precision: precision)
        let w = problem.student.inputWeights, v = problem.teacher.inputWeights
        let a = problem.student.outputWeights, b = problem.teacher.outputWeights
        let n = a.count, k = b.count, d = problem.inputDimension
        var hessian = HessianMatrix(studentWidth: n, inputDimension: d, precision: precision)
        let students = (0..<n).map { SparseVector(w, row: $0) }
        let teachers = (0..<k).map { SparseVector(v, row: $0) }

        /// Adds `c · ∂²g/∂x²` (x = students[i], partner y) to the block of w_i.
        func addSelfBlock(_ c: Interval, i: Int, x: SparseVector, y: SparseVector,
                          dSelf: Interval, dSelfSelf: Interval, dSelfCross: Interval, dCrossCross: Interval) {
            let start = i * d
            hessian.addIdentity(c * dSelf.scaled(byPowerOfTwo: 1), rowStart: start, columnStart: start, mirror: false)
            hessian.addOuter(c * dSelfSelf.scaled(byPowerOfTwo: 2), x, x, rowStart: start, columnStart: start, mirror: false)
            hessian.addOuter(c * dSelfCross.scaled(byPowerOfTwo: 1), x, y, rowStart: start, columnStart: start, mirror: true)
            hessian.addOuter(c * dCrossCross, y, y, rowStart: start, columnStart: start, mirror: false)
        }

        for i in 0..<n {
            let qi = gram.studentStudent[i][i]
            let ai = hessian.outputWeightIndex(student: i)
            // Self-interaction a_i² h(q_i).
            let h = try onPair(.student(i + 1), .student(i + 1)) { try kernel.diagonal(qi) }
            hessian.addIdentity(a[i].squared * h.derivative.scaled(byPowerOfTwo: 1),
                                rowStart: i * d, columnStart: i * d, mirror: false)
            hessian.addOuter(a[i].squared * h.secondDerivative.scaled(byPowerOfTwo: 2), students[i], students[i],
                             rowStart: i * d, columnStart: i * d, mirror: false)
            hessian.addVector(a[i] * h.derivative.scaled(byPowerOfTwo: 2), students[i], row: ai, columnStart: i * d)
            hessian.add(h.value.scaled(byPowerOfTwo: 1), ai, ai)

            // Student pairs: 2 a_i a_i' g(w_i, w_i').
            for i2 in (i + 1)..<max(n, i + 1) {
                let jet = try onPair(.student(i + 1), .student(i2 + 1)) {
                    try kernel.secondOrder(qi, gram.studentStudent[i2][i2], gram.studentStudent[i][i2])
                }
                let f = jet.first
                let c = (a[i] * a[i2]).scaled(byPowerOfTwo: 1)
                let x = students[i], y = students[i2]
                addSelfBlock(c, i: i, x: x, y: y, dSelf: f.d1, dSelfSelf: jet.d11, dSelfCross: jet.d1d12,
                             dCrossCross: jet.d1212)
                addSelfBlock(c, i: i2, x: y, y: x, dSelf: f.d2, dSelfSelf: jet.d22, dSelfCross: jet.d2d12,
                             dCrossCross: jet.d1212)
                // Cross block ∂²/∂w_i∂w_i' and its transpose.
                let rs = i * d, cs = i2 * d
                hessian.addIdentity(c * f.d12, rowStart: rs, columnStart: cs, mirror: true)
                hessian.addOuter(c * jet.d1d2.scaled(byPowerOfTwo: 2), x, y, rowStart: rs, columnStart: cs, mirror: true)
                hessian.addOuter(c * jet.d1d12.scaled(byPowerOfTwo: 1), x, x, rowStart: rs, columnStart: cs, mirror: true)
                hessian.addOuter(c * jet.d2d12.scaled(byPowerOfTwo: 1), y, y, rowStart: rs, columnStart: cs, mirror: true)
                hessian.addOuter(c * jet.d1212, y, x, rowStart: rs, columnStart: cs, mirror: true)
                // Mixed with the output weights: ∇_x g = 2κ_1 x + κ_12 y, ∇_y g = 2κ_2 y + κ_12 x.
                let ai2 = hessian.outputWeightIndex(student: i2)
                let twoAi = a[i].scaled(byPowerOfTwo: 1), twoAi2 = a[i2].scaled(byPowerOfTwo: 1)
                for (row, factor) in [(ai, twoAi2), (ai2, twoAi)] {
                    hessian.addVector(factor * f.d1.scaled(byPowerOfTwo: 1), x, row: row, columnStart: rs)
                    hessian.addVector(factor * f.d12, y, row: row, columnStart: rs)
                    hessian.addVector(factor * f.d2.scaled(byPowerOfTwo: 1), y, row: row, columnStart: cs)
                    hessian.addVector(factor * f.d12, x, row: row, columnStart: cs)
                }
                hessian.add(f.value.scaled(byPowerOfTwo: 1), ai, ai2)
            }

            // Teacher terms: −2 a_i b_j g(w_i, v_j).
            for j in 0..<k {
                let jet = try onPair(.student(i + 1), .teacher(j + 1)) {
                    try kernel.secondOrder(qi, gram.teacherTeacher[j][j], gram.studentTeacher[i][j])
                }
                let f = jet.first
                let c = -(a[i] * b[j]).scaled(byPowerOfTwo: 1)
                addSelfBlock(c, i: i, x: students[i], y: teachers[j], dSelf: f.d1, dSelfSelf: jet.d11,
                             dSelfCross: jet.d1d12, dCrossCross: jet.d1212)
                let twoB = -b[j].scaled(byPowerOfTwo: 1)
                hessian.addVector(twoB * f.d1.scaled(byPowerOfTwo: 1), students[i], row: ai, columnStart: i * d)
                hessian.addVector(twoB * f.d12, teachers[j], row: ai, columnStart: i * d)
            }
        }
        hessian.finish()
        return hessian
    }
}
