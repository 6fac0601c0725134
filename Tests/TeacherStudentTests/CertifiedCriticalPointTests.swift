import XCTest
import CertifiedIntervals
import CertifiedLinearAlgebra
@testable import TeacherStudent
import CheckerTestSupport

/// Existence, uniqueness and type of critical points: the certified inertia against a
/// float64 eigenvalue computation of an independently written loss, Krawczyk proofs that
/// succeed and fail where they must, and the numerical refinement.
final class CertifiedCriticalPointTests: XCTestCase {


    // MARK: Inertia

    /// The certified Morse index of every CA point with k ≤ 5 equals the number of
    /// negative eigenvalues of a float64 finite-difference Hessian of an independently
    /// written loss.
    func testMorseIndexMatchesIndependentFiniteDifferenceEigenvalues() throws {
        let p = 128
        for k in 2...5 {
            for n in 1...k {
                for partition in Configurations.partitions(of: k, into: n) {
                    let problem = CopyAverage.problem(partition, precision: p)
                    guard case .certified(let inertia) = SymmetricInertia.certify(try DenseEvaluation.hessian(problem, precision: p).rows) else {
                        XCTFail("\(partition): inertia not certified"); continue
                    }
                    // Independent: flatten (W, a), second differences of the float64 ErfModel loss.
                    let w = (0..<n).map { problem.student.inputWeights.row($0).map(\.midpointAsDouble) }
                    let a = problem.student.outputWeights.map(\.midpointAsDouble)
                    let v = (0..<k).map { j in (0..<k).map { $0 == j ? 1.0 : 0.0 } }
                    var theta = w.flatMap { $0 } + a
                    let size = theta.count
                    let model = ErfModel(teacher: v, teacherWeights: Array(repeating: 1, count: k), students: n, dimension: k)
                    func loss(_ t: [Double]) -> Double { model.loss(t) }
                    let h = 1e-4
                    var hessian = Array(repeating: Array(repeating: 0.0, count: size), count: size)
                    for i in 0..<size {
                        for j in i..<size {
                            var t = theta
                            t[i] += h; t[j] += h; let pp = loss(t)
                            t = theta; t[i] += h; t[j] -= h; let pm = loss(t)
                            t = theta; t[i] -= h; t[j] += h; let mp = loss(t)
                            t = theta; t[i] -= h; t[j] -= h; let mm = loss(t)
                            hessian[i][j] = (pp - pm - mp + mm) / (4 * h * h)
                            hessian[j][i] = hessian[i][j]
                        }
                    }
                    theta.removeAll()
                    let eigen = symmetricEigenvalues(hessian, offDiagonalTolerance: 1e-22)
                    let negative = eigen.filter { $0 < 0 }.count
                    XCTAssertGreaterThan(eigen.map(abs).min()!, 1e-5, "\(partition): an eigenvalue too close to 0 for this check")
                    XCTAssertEqual(inertia.negative, negative, "\(partition): certified Morse index vs float64 eigenvalues \(eigen.sorted())")
                    XCTAssertEqual(inertia.positive + inertia.negative, size)
                }
            }
        }
    }

    // MARK: Krawczyk

    func testKrawczykProvesCopyAveragePointsAndFailsAwayFromCriticalPoints() throws {
        let p = 128
        for partition in [[2], [3, 1], [2, 2], [2, 1, 1]] {
            let certificate = try CriticalPointCertification.certify(CopyAverage.problem(partition, precision: p), precision: p)
            guard case let .unique(contraction, box, hessian, modulo) = certificate else {
                XCTFail("\(partition): \(certificate.failureDescription ?? "")"); continue
            }
            XCTAssertLessThan(contraction, 1)
            XCTAssertNil(modulo, "erf has no scaling symmetry")
            XCTAssertEqual(box.dimension, partition.count * (partition.reduce(0, +) + 1))
            XCTAssertEqual(hessian.count, box.dimension)
            XCTAssertFalse(certificate.morePrecisionMayHelp)
        }
        // Not a critical point: outgoing weight l + 1. The tiny box around it holds no zero
        // of ∇L (|∇L| is of order 1 there), so the proof must fail, with a reason.
        let wrong = TeacherStudentProblem(
            activation: .standardErf,
            teacher: Configurations.orthonormalTeacher(neurons: 4, inputDimension: 4, precision: p),
            student: Configurations.copyAverageStudent(
                partition: [3, 1], inputDimension: 4, precision: p,
                coefficient: { Configurations.standardCopyAverageCoefficient($0, precision: p) },
                outgoingWeight: { Interval($0 + 1, precision: p) }))
        let failed = try CriticalPointCertification.certify(wrong, precision: p)
        guard case .notCertified(.notContracting(let bound, _), nil) = failed else {
            return XCTFail("expected a Krawczyk image that does not contract, got \(failed)")
        }
        XCTAssertGreaterThan(bound, 1)
        XCTAssertNotNil(failed.failureDescription)
        XCTAssertTrue(failed.morePrecisionMayHelp)
    }

    /// ReLU's scaling symmetry makes the Hessian singular at its one-student critical
    /// point: Krawczyk must not certify an isolated point there.
    func testKrawczykDoesNotCertifyNonIsolatedReLUCriticalPoint() throws {
        let p = 128, k = 3
        // w = Σ v_j / √k, a = k h(k)/π with h(k) = sqrt(1 − 1/k) + (π − acos(1/√k))/√k.
        let rootK = try Interval(k, precision: p).sqrt()
        let pi = Interval.pi(precision: p)
        let inverseRoot = try Interval(1, precision: p) / rootK
        let h = try (try (Interval(1, precision: p) - (try Interval(1, precision: p) / Interval(k, precision: p))).sqrt())
            + (pi - (try inverseRoot.acos())) / rootK
        let a = try Interval(k, precision: p) * h / pi
        let problem = TeacherStudentProblem(
            activation: .relu,
            teacher: Configurations.orthonormalTeacher(neurons: k, inputDimension: k, precision: p),
            student: Configurations.oneStudentAverage(teacherNeurons: k, inputDimension: k, precision: p,
                                                      coefficient: inverseRoot, outgoingWeight: a))
        let gradient = try DenseEvaluation.lossAndGradient(problem, precision: p)
        XCTAssertTrue(gradient.flattenedGradient.allSatisfy(\.containsZero), "the ReLU point should be critical")
        let radius = CriticalPointCertification.radius(precision: p)
        guard case .failed = try CriticalPointCertification.attempt(problem, radius: radius, precision: p, slice: nil) else {
            return XCTFail("a non-isolated critical point must not be certified unique")
        }
        // What is certified is one orbit, on the slice a = const.
        guard case .unique(_, let box, _, let modulo) = try CriticalPointCertification.certify(problem, precision: p) else {
            return XCTFail("the slice a = const should isolate the orbit")
        }
        XCTAssertEqual(modulo, ScalingSymmetry(degree: 1))
        XCTAssertEqual(box.slice, modulo)
        XCTAssertEqual(box.dimension, k, "only the incoming weights vary on the slice")
    }

    // MARK: Numerical refinement

    /// From a perturbed copy start, the refinement reaches a point whose gradient is
    /// tiny and which Krawczyk certifies; from the exact CA point it stays there.
    func testRefinementReachesCertifiedCriticalPoint() throws {
        let p = 128
        let teacher = Configurations.orthonormalTeacher(neurons: 3, inputDimension: 3, precision: p)
        let start = NumericalRefinement.perturbedCopies(of: teacher, students: 2, perturbation: 0.01, seed: 3)
        let refined = try NumericalRefinement.refine(activation: .standardErf, teacher: teacher,
                                                     weights: start.weights, outputs: start.outputs, precision: p)
        let problem = TeacherStudentProblem(activation: .standardErf, teacher: teacher, student: refined.student)
        let gradient = try DenseEvaluation.lossAndGradient(problem, precision: p)
        XCTAssertTrue(gradient.gradientMaxAbs.isAtMost(Rational(exactly: "1e-30")!), "\(gradient.gradientMaxAbs)")
        let proof = try CriticalPointCertification.certify(problem, precision: p)
        guard case .unique = proof else { return XCTFail(proof.failureDescription ?? "") }
        XCTAssertEqual(refined.newtonResiduals.count, refined.newtonIterations + 1, "Newton converged")
        // Its loss is at least the global optimum over CA points with n = 2 (L*(2)) minus nothing:
        // a local minimum found from copies is never below 0.
        XCTAssertTrue(gradient.loss.isNonNegative)
    }
}
