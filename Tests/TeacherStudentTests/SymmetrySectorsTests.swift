import XCTest
import CertifiedIntervals
import CertifiedLinearAlgebra
@testable import TeacherStudent
import CheckerTestSupport

/// The symmetry-adapted sectors against the dense Hessian of the same configuration:
/// dimensions, inertia (certified both ways) and the float64 spectrum.
final class SymmetrySectorsTests: XCTestCase {
    let precision = 128

    func standardSectors(_ partition: [Int], d: Int) throws -> [SymmetryAdaptedHessian.Sector] {
        try SymmetryAdaptedHessian.sectors(
            partition: partition, inputDimension: d, activation: .standardErf,
            coefficient: { Configurations.standardCopyAverageCoefficient($0, precision: self.precision) },
            outgoingWeight: { Interval($0, precision: self.precision) }, precision: precision)
    }

    func denseProblem(_ partition: [Int], d: Int, coefficient: @escaping (Int) -> Interval,
                      outgoingWeight: @escaping (Int) -> Interval) -> TeacherStudentProblem {
        let k = partition.reduce(0, +)
        return TeacherStudentProblem(
            activation: .standardErf,
            teacher: Configurations.orthonormalTeacher(neurons: k, inputDimension: d, precision: precision),
            student: Configurations.copyAverageStudent(partition: partition, inputDimension: d, precision: precision,
                                                       coefficient: coefficient, outgoingWeight: outgoingWeight))
    }

    /// The eigenvalues of the pencil (B, G), G positive definite, in float64: those of
    /// L⁻¹ B L⁻ᵀ with G = L Lᵀ (Cholesky), by the test suite's own Jacobi.
    func pencilEigenvalues(_ b: [[Interval]], _ g: [[Interval]]) -> [Double]? {
        let n = b.count
        let bm = b.map { $0.map(\.midpointAsDouble) }, gm = g.map { $0.map(\.midpointAsDouble) }
        var l = Array(repeating: Array(repeating: 0.0, count: n), count: n)
        for i in 0..<n {
            for j in 0...i {
                var s = gm[i][j]
                for k in 0..<j { s -= l[i][k] * l[j][k] }
                if i == j { guard s > 0 else { return nil }; l[i][i] = s.squareRoot() } else { l[i][j] = s / l[j][j] }
            }
        }
        // X = L⁻¹ B, then M = X L⁻ᵀ = L⁻¹ (L⁻¹ Xᵀ)ᵀ… solve column by column.
        func solveLower(_ rhs: [Double]) -> [Double] {
            var x = rhs
            for i in 0..<n { for k in 0..<i { x[i] -= l[i][k] * x[k] }; x[i] /= l[i][i] }
            return x
        }
        let x = (0..<n).map { c in solveLower((0..<n).map { bm[$0][c] }) }   // columns of L⁻¹B as rows
        // x[c][r] = (L⁻¹B)[r][c]; M = (L⁻¹B) L⁻ᵀ, so Mᵀ = L⁻¹ (L⁻¹B)ᵀ, M symmetric.
        let m = (0..<n).map { r in solveLower((0..<n).map { x[$0][r] }) }
        return symmetricEigenvalues(m)
    }

    /// Asserts that the sectors' pencil eigenvalues, each repeated `multiplicity` times, are
    /// the float64 eigenvalues of the dense Hessian (relative 1e-9), and that the dimensions add up.
    func assertSpectrumMatchesDense(_ partition: [Int], d: Int, activation: Activation,
                                    coefficient: @escaping (Int) -> Interval, outgoingWeight: @escaping (Int) -> Interval,
                                    file: StaticString = #filePath, line: UInt = #line) throws {
        let sectors = try SymmetryAdaptedHessian.sectors(partition: partition, inputDimension: d, activation: activation,
                                                         coefficient: coefficient, outgoingWeight: outgoingWeight,
                                                         precision: precision)
        let n = partition.count
        XCTAssertEqual(sectors.reduce(0) { $0 + $1.multiplicity * $1.blockSize }, n * (d + 1), "\(partition)",
                       file: file, line: line)
        var problem = denseProblem(partition, d: d, coefficient: coefficient, outgoingWeight: outgoingWeight)
        problem.activation = activation
        let dense = try DenseEvaluation.hessian(problem, precision: precision)
        let denseEigenvalues = symmetricEigenvalues(dense.rows.map { $0.map(\.midpointAsDouble) })
        var reduced: [Double] = []
        for s in sectors {
            guard let values = pencilEigenvalues(s.block, s.representativeGram) else {
                XCTFail("\(partition) \(s.identifier): dependent representatives", file: file, line: line); continue
            }
            for _ in 0..<s.multiplicity { reduced += values }
        }
        reduced.sort()
        XCTAssertEqual(reduced.count, denseEigenvalues.count, file: file, line: line)
        let scale = denseEigenvalues.map(abs).max() ?? 1
        for (x, y) in zip(reduced, denseEigenvalues) where abs(x - y) > 1e-9 * scale {
            XCTFail("\(activation) \(partition), d = \(d): \(reduced) vs \(denseEigenvalues)", file: file, line: line)
            break
        }
    }

    /// Every partition with k ≤ 6, d = k and d = k + 1, at the standard (critical) CA
    /// points: the pencil spectra of the blocks are the dense float64 spectrum.
    func testBlockSpectraAreTheDenseSpectrumAtCopyAveragePoints() throws {
        var checked = 0
        for k in 1...6 {
            for n in 1...k {
                for partition in Configurations.partitions(of: k, into: n) {
                    for d in [k, k + 1] {
                        try assertSpectrumMatchesDense(partition, d: d, activation: .standardErf,
                            coefficient: { Configurations.standardCopyAverageCoefficient($0, precision: self.precision) },
                            outgoingWeight: { Interval($0, precision: self.precision) })
                        checked += 1
                    }
                }
            }
        }
        XCTAssertEqual(checked, 2 * (1 + 2 + 3 + 5 + 7 + 11))
    }

    /// Four and five distinct group sizes, with repeated sizes (every kind of sector).
    func testBlockSpectraWithFourAndFiveClasses() throws {
        for (partition, d) in [([4, 3, 2, 1, 1], 12), ([3, 3, 2, 2, 1, 1, 1], 13)] {
            try assertSpectrumMatchesDense(partition, d: d, activation: .standardErf,
                coefficient: { Configurations.standardCopyAverageCoefficient($0, precision: self.precision) },
                outgoingWeight: { Interval($0, precision: self.precision) })
        }
    }

    /// The decomposition uses only the symmetry, not criticality: at symmetric points with
    /// arbitrary c(ℓ), a(ℓ) (gradient ≠ 0, every first-derivative term alive) the spectra
    /// still agree, for erf and for the quadratic activation (another kernel).
    func testBlockSpectraAtNonCriticalSymmetricPointsAndAnotherKernel() throws {
        let c: (Int) -> Interval = { try! Interval(Rational(3 + $0, 5 * $0 + 2), precision: self.precision).sqrt() }
        let a: (Int) -> Interval = { Interval(Rational(7 - 2 * $0, 3), precision: self.precision) }
        for (partition, d) in [([2, 1], 4), ([3, 2, 1], 7), ([2, 2, 2, 1, 1], 9), ([3, 1, 1, 1, 1], 7), ([2, 2, 1, 1, 1, 1], 10)] {
            for activation in [Activation.standardErf, .quadratic, .erf(scale: Rational(3, 2))] {
                try assertSpectrumMatchesDense(partition, d: d, activation: activation, coefficient: c, outgoingWeight: a)
            }
        }
    }

    /// ReLU, whose kernel does not vanish across groups (`κ(q, q', 0) = sqrt(q q')/(2π)`), at
    /// points without copies (a copy is parallel to its teacher: no ReLU Hessian there, and
    /// the sectors refuse it like the dense path).
    func testBlockSpectraForReLUAndItsRefusalAtCopies() throws {
        let c: (Int) -> Interval = { try! Interval(Rational(3 + $0, 5 * $0 + 2), precision: self.precision).sqrt() }
        let a: (Int) -> Interval = { Interval(Rational(7 - 2 * $0, 3), precision: self.precision) }
        for (partition, d) in [([3, 2, 2], 9), ([2, 2, 2, 2], 8)] {
            try assertSpectrumMatchesDense(partition, d: d, activation: .relu, coefficient: c, outgoingWeight: a)
        }
        XCTAssertThrowsError(try SymmetryAdaptedHessian.sectors(partition: [2, 1], inputDimension: 3, activation: .relu,
                                                                coefficient: c, outgoingWeight: a, precision: precision)) {
            XCTAssertTrue($0 is NetworkEvaluationError, "\($0)")
        }
    }

    /// The spectra do not match by accident: the blocks of one point are not the spectrum of
    /// another (a different a(ℓ) changes the dense spectrum and the blocks, not in step).
    func testSpectraOfDifferentPointsDiffer() throws {
        let standardC: (Int) -> Interval = { Configurations.standardCopyAverageCoefficient($0, precision: self.precision) }
        let sectors = try standardSectors([2, 1, 1], d: 4)
        let other = denseProblem([2, 1, 1], d: 4, coefficient: standardC,
                                 outgoingWeight: { Interval($0 + 1, precision: self.precision) })
        let dense = symmetricEigenvalues(try DenseEvaluation.hessian(other, precision: precision).rows.map { $0.map(\.midpointAsDouble) })
        var reduced: [Double] = []
        for s in sectors { for _ in 0..<s.multiplicity { reduced += pencilEigenvalues(s.block, s.representativeGram)! } }
        reduced.sort()
        XCTAssertEqual(reduced.count, dense.count)
        XCTAssertTrue(zip(reduced, dense).contains { abs($0 - $1) > 1e-3 })
    }
}
