import XCTest
import CertifiedIntervals
import CertifiedLinearAlgebra
@testable import TeacherStudent

/// The inertia of the Hessian at the critical point `verify certify` finds from
/// `docs/examples/train_and_certify.py 25 20` (erf, orthonormal teacher k = 25, n = 20
/// students): every student `w_i = c e_i + e Σ_{j≤20, j≠i} e_j + f Σ_{j>20} e_j`, `a_i = α`.
/// Its Hessian (N = 520) has eigenvalue clusters of multiplicity 170 and 171 near 0.12 next
/// to eigenvalues near 20, and the float64 QL iteration used to stall on them (a deflation
/// test relative to the small neighbouring diagonal entries only), so the inertia stayed
/// undecided. Reference, independent of this code: numpy, the Hessian by central
/// differences (h = 1e-5) of the closed-form erf gradient of train_and_certify.py at the
/// same point, `eigvalsh`: all 520 eigenvalues positive, the smallest 0.0016148 (19 times),
/// the largest 20.612.
final class SymmetricPointInertiaTests: XCTestCase {
    func testSymmetricCriticalPointAtN20K25IsAStrictLocalMinimum() throws {
        let p = 128, k = 25, n = 20
        let c = 0.890148653496091, e = -0.005340298794740199, f = 0.0391832156596203, alpha = 1.2040186757989118
        let rows = (0..<n).map { i in (0..<k).map { j in Interval(j == i ? c : j < n ? e : f, precision: p) } }
        let problem = TeacherStudentProblem(
            activation: .standardErf,
            teacher: Configurations.orthonormalTeacher(neurons: k, inputDimension: k, precision: p),
            student: Configurations.explicit(inputWeights: rows, outputWeights: Array(repeating: Interval(alpha, precision: p), count: n),
                                             precision: p))
        let hessian = try DenseEvaluation.hessian(problem, precision: p).rows
        XCTAssertEqual(hessian.count, 520)
        let midpoints = hessian.flatMap { $0.map(\.midpointAsDouble) }
        let eigen = try XCTUnwrap(Approximate.symmetricEigenDecomposition(rowMajor: midpoints, size: 520), "QL did not converge")
        XCTAssertEqual(eigen.eigenvalues.min()!, 0.0016148, accuracy: 1e-6)
        XCTAssertEqual(eigen.eigenvalues.max()!, 20.612, accuracy: 1e-3)
        guard case .certified(let inertia) = SymmetricInertia.certifyByApproximateDiagonalisation(hessian) else {
            return XCTFail("the inertia is not certified")
        }
        XCTAssertEqual(inertia.positive, 520)
        XCTAssertEqual(inertia.negative, 0)
    }
}
