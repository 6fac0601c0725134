import XCTest
import CertifiedIntervals
import CertifiedLinearAlgebra
@testable import TeacherStudent
import CheckerTestSupport

/// The verified inertia by approximate diagonalisation against the interval LDLᵀ on the
/// Hessians the suite certifies: every copy-average point with k ≤ 5 (the Hessian at the
/// point) and the Krawczyk boxes around the points with k ≤ 4 (the Hessian over the box).
/// Where both decide they agree; the diagonalisation decides all of them. (Debug builds
/// also cross-check every certificate `SymmetricInertia.certify` issues anywhere.)
final class VerifiedInertiaOnHessiansTests: XCTestCase {
    func testAgreesWithBlockLDLTOnCopyAverageHessians() throws {
        let p = 128
        var compared = 0
        for k in 2...5 {
            for n in 1...k {
                for partition in Configurations.partitions(of: k, into: n) {
                    let problem = CopyAverage.problem(partition, precision: p)
                    var hessians = [try DenseEvaluation.hessian(problem, precision: p).rows]
                    if k <= 4, case .unique(_, _, let overBox, _) = try CriticalPointCertification.certify(problem, precision: 256) {
                        hessians.append(overBox)
                    }
                    for hessian in hessians {
                        guard case .certified(let fast) = SymmetricInertia.certifyByApproximateDiagonalisation(hessian) else {
                            XCTFail("\(partition): the diagonalisation did not decide"); continue
                        }
                        guard case .certified(let reference) = SymmetricInertia.certifyByBlockLDLT(hessian) else {
                            XCTFail("\(partition): the LDLᵀ did not decide"); continue
                        }
                        XCTAssertEqual(fast, reference, "\(partition)")
                        compared += 1
                    }
                }
            }
        }
        XCTAssertGreaterThanOrEqual(compared, 17 + 5)   // 17 point Hessians (all partitions, k ≤ 5) and some boxes
    }
}
