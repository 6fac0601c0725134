import XCTest
import Foundation
import CertifiedIntervals
import CertifiedLinearAlgebra
@testable import TeacherStudent

/// Critical-point certification and Newton's method at extreme weight scales: the
/// preconditioner and the Newton inverse are MPFR approximate inverses after
/// equilibration by powers of two (`Approximate.inverse`, tested on its own in
/// CertifiedLinearAlgebraTests), so weights of 1e-155 or 1e300 give finite, useful
/// matrices, and a singular Hessian is a reported failure, never inf/NaN.
final class ExtremeScaleCertificationTests: XCTestCase {

    /// σ(z) = z, d = 1, one student copying one teacher neuron: L = (a w − b v)². With all
    /// weights `scale`, the full Hessian 2[[a², 2aw − bv], [2aw − bv, w²]] = 2 s² [[1, 1], [1, 1]]
    /// is singular (the scaling symmetry); on the slice a = const it is 2a² > 0.
    func linearCopy(_ scale: String, precision q: Int) -> TeacherStudentProblem {
        let s = Interval(Rational(exactly: scale)!, precision: q)
        let network = Configurations.explicit(inputWeights: [[s]], outputWeights: [s], precision: q)
        return TeacherStudentProblem(activation: .linear, teacher: network, student: network)
    }

    func testKrawczykAtExtremeScalesProvesTheSlice() throws {
        // 1e-155: slice Hessian 2a² = 2e-310, whose float64 inverse overflows (this trapped
        // in Interval(Double) before). 1e300: 2e600, beyond float64; the configuration fits
        // in the box 2^(-p/2) only from p = 2048 on. On all parameters the proof must fail
        // (the critical points form the orbit), with a reason, and at 1e300 the midpoint
        // Hessian over the tiny box is singular to working precision.
        for (scale, q) in [("1e-155", 128), ("1e-155", 2048), ("1e300", 4096)] {
            let problem = linearCopy(scale, precision: q)
            let radius = CriticalPointCertification.radius(precision: q)
            guard case .failed(let full) = try CriticalPointCertification.attempt(problem, radius: radius, precision: q,
                                                                                  slice: nil) else {
                XCTFail("\(scale) at \(q) bits: proved on all parameters"); continue
            }
            if scale == "1e300" {
                guard case .singular(_, let symmetry, _) = full else { XCTFail(full.description); continue }
                XCTAssertEqual(symmetry, ScalingSymmetry(degree: 1), "the linear activation's symmetry explains it")
                XCTAssertFalse(full.morePrecisionMayHelp)
            }
            let certificate = try CriticalPointCertification.certify(problem, precision: q)
            guard case .unique(let contraction, _, _, let modulo) = certificate else {
                XCTFail("\(scale) at \(q) bits: \(certificate.failureDescription ?? "")"); continue
            }
            XCTAssertEqual(modulo, ScalingSymmetry(degree: 1))
            XCTAssertLessThan(contraction, 1)
        }
    }

    func testNewtonStepsAtScale1e155() throws {
        // erf, d = 1, teacher v = b = 1e-155, start w = 1.5e-155, a = 1e-155: the gradient
        // (about 1e-465) is above the stopping tolerance 2^-(p-8) at p = 2048, and the
        // Hessian entries (about 1e-310) have float64 inverses beyond the double range.
        // Newton's method must take steps (the Hessian is not singular: its determinant is
        // about −4c²(1.75)·1e-620) and reduce the gradient, never trap or call it singular.
        let q = 2048
        let s = Interval(Rational(exactly: "1e-155")!, precision: q).midpoint
        let start = [Interval(Rational(exactly: "1.5e-155")!, precision: q).midpoint, s]
        let teacher = Configurations.explicit(inputWeights: [[Interval(exactly: s)]], outputWeights: [Interval(exactly: s)],
                                              precision: q)
        let problem = { (theta: [Interval]) in
            TeacherStudentProblem(activation: .standardErf, teacher: teacher,
                                  student: Configurations.explicit(inputWeights: [[theta[0]]], outputWeights: [theta[1]],
                                                                   precision: q))
        }
        let result = try NumericalRefinement.newton(from: start, precision: q, problem: problem)
        XCTAssertGreaterThan(result.steps, 0)
        XCTAssertTrue(result.point.allSatisfy(\.isFinite))
        func largestGradient(_ theta: [PointValue]) throws -> MagnitudeBound {
            try DenseEvaluation.lossAndGradient(problem(theta.map(Interval.init(exactly:))), precision: q).flattenedGradient
                .map(\.magnitude).reduce(MagnitudeBound.zero(precision: q), MagnitudeBound.maximum)
        }
        let before = try largestGradient(start), after = try largestGradient(result.point)
        XCTAssertTrue(after.isSmaller(than: before.scaled(byPowerOfTwo: -20)), "\(before) → \(after)")
    }
}
