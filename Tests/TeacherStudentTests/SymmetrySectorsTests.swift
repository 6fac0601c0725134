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

    func testDimensionsAddUpAndSpectrumMatchesDenseAtSmallPartitions() throws {
        for (partition, d) in [([1], 1), ([2], 2), ([1, 1], 2), ([2, 1], 3), ([2, 1], 5), ([3, 2, 1], 7), ([2, 2, 2], 6),
                               ([1, 1, 1, 1], 5), ([2, 1, 1, 1, 1, 1], 7), ([2, 2, 1, 1, 1], 8)] {
            let sectors = try standardSectors(partition, d: d)
            let n = partition.count
            XCTAssertEqual(sectors.reduce(0) { $0 + $1.multiplicity * $1.blockSize }, n * (d + 1), "\(partition)")
            let dense = try DenseEvaluation.hessian(denseProblem(partition, d: d,
                coefficient: { Configurations.standardCopyAverageCoefficient($0, precision: self.precision) },
                outgoingWeight: { Interval($0, precision: self.precision) }), precision: precision)
            let denseEigenvalues = symmetricEigenvalues(dense.rows.map { $0.map(\.midpointAsDouble) })
            var reduced: [Double] = []
            for s in sectors {
                guard let values = pencilEigenvalues(s.block, s.representativeGram) else {
                    XCTFail("\(partition) \(s.identifier): dependent representatives"); continue
                }
                for _ in 0..<s.multiplicity { reduced += values }
            }
            reduced.sort()
            XCTAssertEqual(reduced.count, denseEigenvalues.count)
            let scale = denseEigenvalues.map(abs).max() ?? 1
            for (x, y) in zip(reduced, denseEigenvalues) where abs(x - y) > 1e-9 * scale {
                XCTFail("\(partition), d = \(d): \(reduced) vs \(denseEigenvalues)"); break
            }
        }
    }
}

extension SymmetrySectorsTests {
    func testDebugPrint() throws {
        for (partition, d) in [([2, 1, 1, 1, 1, 1], 7), ([3, 3, 2, 2, 1, 1, 1, 1], 16)] {
            let sectors = try standardSectors(partition, d: d)
            let m = SymmetryAdaptedHessian.morseIndex(sectors)
            for s in m.sectors { print(s.sector.identifier, s.sector.multiplicity, s.sector.blockSize, s.inertia.map { "\($0.positive)/\($0.negative)" } ?? "undecided") }
            print(partition, m.total as Any)
        }
    }
}
