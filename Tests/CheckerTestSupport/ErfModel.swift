import Foundation

// MARK: - A float64 model of the erf teacher–student loss (mathematics.md §1–2)

/// Parameters in the order the checker names gradient components:
/// `(w_1[1…d], …, w_n[1…d], a_1, …, a_n)`.
public struct ErfModel {
    public var teacher: [[Double]]
    public var teacherWeights: [Double]
    public var students: Int
    public var dimension: Int

    /// κ(q1, q2, q12) = (2/π) asin(q12 / sqrt((1+q1)(1+q2))) and its partials.
    public static func kappa(_ q1: Double, _ q2: Double, _ q12: Double) -> Double {
        2 / Double.pi * Foundation.asin(q12 / ((1 + q1) * (1 + q2)).squareRoot())
    }
    public static func partials(_ q1: Double, _ q2: Double, _ q12: Double) -> (d1: Double, d2: Double, d12: Double) {
        let D = ((1 + q1) * (1 + q2) - q12 * q12).squareRoot()
        return (-q12 / (Double.pi * (1 + q1) * D), -q12 / (Double.pi * (1 + q2) * D), 2 / (Double.pi * D))
    }

    public init(teacher: [[Double]], teacherWeights: [Double], students: Int, dimension: Int) {
        self.teacher = teacher; self.teacherWeights = teacherWeights; self.students = students; self.dimension = dimension
    }

    public func split(_ theta: [Double]) -> ([[Double]], [Double]) {
        let w = (0..<students).map { i in Array(theta[(i * dimension)..<((i + 1) * dimension)]) }
        return (w, Array(theta[(students * dimension)...]))
    }

    public static func dot(_ x: [Double], _ y: [Double]) -> Double { zip(x, y).reduce(0) { $0 + $1.0 * $1.1 } }

    public func loss(_ theta: [Double]) -> Double {
        let (w, a) = split(theta)
        var total = 0.0
        for i in 0..<students {
            for j in 0..<students {
                total += a[i] * a[j] * Self.kappa(Self.dot(w[i], w[i]), Self.dot(w[j], w[j]), Self.dot(w[i], w[j]))
            }
            for j in teacher.indices {
                total -= 2 * a[i] * teacherWeights[j]
                    * Self.kappa(Self.dot(w[i], w[i]), Self.dot(teacher[j], teacher[j]), Self.dot(w[i], teacher[j]))
            }
        }
        for i in teacher.indices {
            for j in teacher.indices {
                total += teacherWeights[i] * teacherWeights[j]
                    * Self.kappa(Self.dot(teacher[i], teacher[i]), Self.dot(teacher[j], teacher[j]),
                                 Self.dot(teacher[i], teacher[j]))
            }
        }
        return total
    }

    /// The analytic gradient: every term c·κ(|x|², |y|², x·y) contributes
    /// c(2∂1κ x + ∂12κ y) to x and c(2∂2κ y + ∂12κ x) to y (ordered pairs, so the
    /// diagonal term a_i² κ(q_i, q_i, q_i) gets both).
    public func gradient(_ theta: [Double]) -> [Double] {
        let (w, a) = split(theta)
        var gw = Array(repeating: Array(repeating: 0.0, count: dimension), count: students)
        var ga = Array(repeating: 0.0, count: students)
        func add(_ target: inout [Double], _ scale: Double, _ v: [Double]) {
            for index in target.indices { target[index] += scale * v[index] }
        }
        for i in 0..<students {
            for j in 0..<students {
                let q1 = Self.dot(w[i], w[i]), q2 = Self.dot(w[j], w[j]), q12 = Self.dot(w[i], w[j])
                let c = a[i] * a[j], p = Self.partials(q1, q2, q12)
                add(&gw[i], c * 2 * p.d1, w[i]); add(&gw[i], c * p.d12, w[j])
                add(&gw[j], c * 2 * p.d2, w[j]); add(&gw[j], c * p.d12, w[i])
                ga[i] += 2 * a[j] * Self.kappa(q1, q2, q12)
            }
            for j in teacher.indices {
                let v = teacher[j]
                let q1 = Self.dot(w[i], w[i]), q2 = Self.dot(v, v), q12 = Self.dot(w[i], v)
                let c = -2 * a[i] * teacherWeights[j], p = Self.partials(q1, q2, q12)
                add(&gw[i], c * 2 * p.d1, w[i]); add(&gw[i], c * p.d12, v)
                ga[i] -= 2 * teacherWeights[j] * Self.kappa(q1, q2, q12)
            }
        }
        return gw.flatMap { $0 } + ga
    }

    /// The Hessian by central differences of the analytic gradient, symmetrised.
    public func hessian(_ theta: [Double], step h: Double = 1e-6) -> [[Double]] {
        let m = theta.count
        var columns: [[Double]] = []
        for j in 0..<m {
            var plus = theta, minus = theta
            plus[j] += h; minus[j] -= h
            let gp = gradient(plus), gm = gradient(minus)
            columns.append((0..<m).map { (gp[$0] - gm[$0]) / (2 * h) })
        }
        return (0..<m).map { i in (0..<m).map { j in (columns[j][i] + columns[i][j]) / 2 } }
    }

    /// An orthonormal teacher (v_j = e_j in R^k, b_j = 1) and the copy-average point of
    /// `partition` with c(l) = 1/sqrt(l(2l−1)), a(l) = l, contiguous blocks.
    public static func copyAverage(_ partition: [Int], coefficient: (Int) -> Double = { 1 / (Double($0) * Double(2 * $0 - 1)).squareRoot() },
                            outgoing: (Int) -> Double = { Double($0) }) -> (ErfModel, [Double]) {
        let k = partition.reduce(0, +)
        let teacher = (0..<k).map { j in (0..<k).map { $0 == j ? 1.0 : 0.0 } }
        var w: [[Double]] = [], a: [Double] = []
        var start = 0
        for l in partition {
            w.append((0..<k).map { (start..<(start + l)).contains($0) ? coefficient(l) : 0 })
            a.append(outgoing(l))
            start += l
        }
        let model = ErfModel(teacher: teacher, teacherWeights: Array(repeating: 1, count: k),
                             students: partition.count, dimension: k)
        return (model, w.flatMap { $0 } + a)
    }
}
