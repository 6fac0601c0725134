import XCTest
import CertifiedIntervals
@testable import TeacherStudent
import CheckerTestSupport

/// Existence, uniqueness and type of critical points: the certified inertia against an
/// independent float64 eigenvalue computation, Krawczyk proofs that succeed and fail
/// where they must, and the numerical refinement.
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

    /// Inertia of matrices Q D Qᵀ with known D, and failure on a singular matrix.
    func testInertiaOfConstructedMatrices() throws {
        let p = 128
        var random = NumericalRefinement.SplitMix64(seed: 42)
        for trial in 0..<40 {
            let n = 2 + trial % 6
            let signs = (0..<n).map { _ in random.symmetricUnit() < 0 ? -1.0 : 1.0 }
            let d = signs.map { $0 * (0.5 + abs(random.symmetricUnit())) }
            // A random orthogonal Q from Givens rotations.
            var q = (0..<n).map { i in (0..<n).map { $0 == i ? 1.0 : 0.0 } }
            for _ in 0..<(3 * n) {
                let i = Int(random.next() % UInt64(n)), j = Int(random.next() % UInt64(n))
                guard i != j else { continue }
                let angle = Double.pi * random.symmetricUnit(), c = Foundation.cos(angle), s = Foundation.sin(angle)
                for r in 0..<n { let a = q[r][i], b = q[r][j]; q[r][i] = c * a - s * b; q[r][j] = s * a + c * b }
            }
            let matrix = (0..<n).map { i in (0..<n).map { j in
                Interval((0..<n).reduce(0.0) { $0 + q[i][$1] * d[$1] * q[j][$1] }, precision: p) } }
            // Symmetrise exactly (the float products are not symmetric to the bit).
            let symmetric = (0..<n).map { i in (0..<n).map { j in i <= j ? matrix[i][j] : matrix[j][i] } }
            guard case .certified(let inertia) = SymmetricInertia.certify(symmetric) else {
                XCTFail("trial \(trial): not certified"); continue
            }
            XCTAssertEqual(inertia.negative, signs.filter { $0 < 0 }.count, "trial \(trial): D = \(d)")
        }
        // A singular matrix: [[1, 1], [1, 1]] — no certificate.
        let one = Interval(1, precision: p)
        if case .certified = SymmetricInertia.certify([[one, one], [one, one]]) {
            XCTFail("a singular matrix was certified")
        }
        // A hand-made saddle: diag(2, -3) has index 1; uᵀHu < 0 for u = e_2.
        let saddle = [[Interval(2, precision: p), .zero(precision: p)], [.zero(precision: p), Interval(-3, precision: p)]]
        guard case .certified(let inertia) = SymmetricInertia.certify(saddle) else { return XCTFail("saddle") }
        XCTAssertEqual(inertia.negative, 1)
        XCTAssertTrue(SymmetricInertia.quadraticForm(saddle, [.zero(precision: p), one], precision: p).isNegative)
    }

    // MARK: Krawczyk

    func testKrawczykProvesCopyAveragePointsAndFailsAwayFromCriticalPoints() throws {
        let p = 128
        let radius = Interval(1, precision: p).scaled(byPowerOfTwo: -64)
        for partition in [[2], [3, 1], [2, 2], [2, 1, 1]] {
            let result = try KrawczykCertification.certify(CopyAverage.problem(partition, precision: p), radius: radius, precision: p)
            XCTAssertTrue(result.isUnique, "\(partition): \(result.failure ?? "")")
            XCTAssertLessThan(result.contraction, 1)
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
        let failed = try KrawczykCertification.certify(wrong, radius: radius, precision: p)
        XCTAssertFalse(failed.isUnique)
        XCTAssertNotNil(failed.failure)
        XCTAssertGreaterThan(failed.contraction, 1)
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
        let result = try KrawczykCertification.certify(problem, radius: Interval(1, precision: p).scaled(byPowerOfTwo: -64),
                                                       precision: p)
        XCTAssertFalse(result.isUnique, "a non-isolated critical point must not be certified unique")
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
        XCTAssertTrue(gradient.gradientMaxAbs.isWithin(magnitude: Rational(exactly: "1e-30")!), "\(gradient.gradientMaxAbs)")
        let proof = try KrawczykCertification.certify(problem, radius: Interval(1, precision: p).scaled(byPowerOfTwo: -64),
                                                      precision: p)
        XCTAssertTrue(proof.isUnique, proof.failure ?? "")
        // Its loss is at least the global optimum over CA points with n = 2 (L*(2)) minus nothing:
        // a local minimum found from copies is never below 0.
        XCTAssertTrue(gradient.loss.isNonNegative)
    }
}
