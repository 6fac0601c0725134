import XCTest
import CertifiedIntervals
import CertifiedLinearAlgebra
import CheckerTestSupport
@testable import TeacherStudent

/// Exact zero loss, structural kernels and the Morse–Bott certificate, against
/// independent references: kernel dimensions derived by hand (rank of dM for z², the
/// Gauss–Newton argument for split erf students), and the number of near-zero eigenvalues
/// of the float64 midpoint Hessian (Jacobi, CheckerTestSupport).
final class DegenerateMinimaTests: XCTestCase {
    let p = 128

    func r(_ n: Int, _ d: Int = 1) -> Rational { Rational(n, d) }

    func orthonormalTeacher(_ k: Int, _ d: Int) -> ExactNetwork {
        ExactNetwork(inputWeights: (0..<k).map { j in (0..<d).map { r($0 == j ? 1 : 0) } },
                     outputWeights: Array(repeating: r(1), count: k))
    }

    /// Split copies of the orthonormal teacher: student j copies teacher neuron j, and the
    /// neurons in `split` get extra copies with the outgoing weights given.
    func splitStudent(k: Int, d: Int, extra: [(neuron: Int, outputs: [Rational])]) -> ExactNetwork {
        var rows: [[Rational]] = [], outputs: [Rational] = []
        for j in 0..<k {
            let row = (0..<d).map { r($0 == j ? 1 : 0) }
            if let e = extra.first(where: { $0.neuron == j }) {
                for a in e.outputs { rows.append(row); outputs.append(a) }
            } else {
                rows.append(row); outputs.append(r(1))
            }
        }
        return ExactNetwork(inputWeights: rows, outputWeights: outputs)
    }

    func problem(_ activation: Activation, _ student: ExactNetwork, _ teacher: ExactNetwork) -> TeacherStudentProblem {
        TeacherStudentProblem(activation: activation, teacher: teacher.enclosures(precision: p), student: student.enclosures(precision: p))
    }

    /// Eigenvalues of the float64 midpoint Hessian with |λ| below `1e-9` (float64 Jacobi: the zero
    /// eigenvalues come out near 1e-16, the others are above 1e-3 here).
    func nearZeroEigenvalues(_ problem: TeacherStudentProblem) throws -> (zero: Int, negative: Int) {
        let h = try DenseEvaluation.hessian(problem, precision: p).rows.map { $0.map(\.midpointAsDouble) }
        let eigenvalues = symmetricEigenvalues(h)
        return (eigenvalues.filter { abs($0) < 1e-9 }.count, eigenvalues.filter { $0 <= -1e-9 }.count)
    }

    func certify(_ activation: Activation, _ student: ExactNetwork, _ teacher: ExactNetwork)
        throws -> (StructuralKernel, MorseBottCertification.Outcome) {
        let zero = ExactZeroLoss.prove(activation: activation, student: student, teacher: teacher) != nil
        let kernel = StructuralKernel.atCriticalPoint(activation: activation, student: student, zeroLoss: zero)
        let h = try DenseEvaluation.hessian(problem(activation, student, teacher), precision: p).rows
        return (kernel, MorseBottCertification.certify(hessian: h, kernel: kernel.vectors, precision: p))
    }

    // MARK: Exact zero loss

    func testZeroLossTrueInstances() {
        let teacher = orthonormalTeacher(3, 3)
        let split = splitStudent(k: 3, d: 3, extra: [(2, [r(1, 4), r(3, 4)])])
        XCTAssertNotNil(ExactZeroLoss.prove(activation: .standardErf, student: split, teacher: teacher))
        XCTAssertNotNil(ExactZeroLoss.prove(activation: .relu, student: split, teacher: teacher))
        // erf is odd: (−w, −a) is the same neuron; a dead student (a = 0) and a zero row drop out.
        var flipped = split
        flipped.inputWeights[0] = flipped.inputWeights[0].map { -$0 }
        flipped.outputWeights[0] = -flipped.outputWeights[0]
        flipped.inputWeights.append([r(5), r(-7), r(1)]); flipped.outputWeights.append(r(0))
        flipped.inputWeights.append([r(0), r(0), r(0)]); flipped.outputWeights.append(r(9))
        XCTAssertNotNil(ExactZeroLoss.prove(activation: .standardErf, student: flipped, teacher: teacher))
        // z²: M = M* with a rotated student (hand computation: 2·(1/3,−2/3)(…)ᵀ + (4/3,1/3)(…)ᵀ = diag(2, 1)).
        let quadraticTeacher = ExactNetwork(inputWeights: [[r(1), r(0)], [r(0), r(1)]], outputWeights: [r(2), r(1)])
        let rotated = ExactNetwork(inputWeights: [[r(1, 3), r(-2, 3)], [r(4, 3), r(1, 3)]], outputWeights: [r(2), r(1)])
        XCTAssertNotNil(ExactZeroLoss.prove(activation: .quadratic, student: rotated, teacher: quadraticTeacher))
        // z: Σ a_i w_i = Σ b_j v_j.
        let linear = ExactNetwork(inputWeights: [[r(2), r(0)], [r(0), r(1, 2)]], outputWeights: [r(1), r(2)])
        XCTAssertNotNil(ExactZeroLoss.prove(activation: .linear, student: linear, teacher: quadraticTeacher))
    }

    func testZeroLossFalseInstances() throws {
        let teacher = orthonormalTeacher(3, 3)
        // Split weights summing to 1 + 2^-60: not the teacher, and the loss enclosure is positive.
        let off = splitStudent(k: 3, d: 3, extra: [(2, [r(1, 4), r(3, 4) + Rational(1, 1 << 60)])])
        XCTAssertNil(ExactZeroLoss.prove(activation: .standardErf, student: off, teacher: teacher))
        XCTAssertTrue(try DenseEvaluation.lossAndGradient(problem(.standardErf, off, teacher), precision: p).loss.isPositive)
        // ReLU is not odd: (−w, −a) is a different function.
        var flipped = splitStudent(k: 3, d: 3, extra: [])
        flipped.inputWeights[0] = flipped.inputWeights[0].map { -$0 }
        flipped.outputWeights[0] = r(-1)
        XCTAssertNil(ExactZeroLoss.prove(activation: .relu, student: flipped, teacher: teacher))
        XCTAssertTrue(try DenseEvaluation.lossAndGradient(problem(.relu, flipped, teacher), precision: p).loss.isPositive)
        XCTAssertNotNil(ExactZeroLoss.prove(activation: .standardErf, student: flipped, teacher: teacher))
        // z² with M ≠ M* by 1/3 in one entry.
        let quadraticTeacher = ExactNetwork(inputWeights: [[r(1), r(0)], [r(0), r(1)]], outputWeights: [r(2), r(1)])
        let wrong = ExactNetwork(inputWeights: [[r(1, 3), r(-2, 3)], [r(4, 3), r(1, 3)]], outputWeights: [r(2), r(4, 3)])
        XCTAssertNil(ExactZeroLoss.prove(activation: .quadratic, student: wrong, teacher: quadraticTeacher))
    }

    func testExactPolynomialGradientAgreesWithEnclosures() throws {
        let teacher = ExactNetwork(inputWeights: [[r(1), r(0)], [r(0), r(1)]], outputWeights: [r(2), r(1)])
        let student = ExactNetwork(inputWeights: [[r(1, 3), r(-1, 5)], [r(3, 7), r(2)]], outputWeights: [r(3, 2), r(-1, 4)])
        for activation in [Activation.quadratic, .linear] {
            let exact = try XCTUnwrap(ExactPolynomialGradient.gradient(activation: activation, student: student, teacher: teacher))
            let enclosed = try DenseEvaluation.lossAndGradient(problem(activation, student, teacher), precision: p).flattenedGradient
            XCTAssertEqual(exact.count, enclosed.count)
            for (x, e) in zip(exact, enclosed) { XCTAssertTrue(e.contains(x), "\(activation): \(x) ∉ \(e)") }
        }
        XCTAssertNil(ExactPolynomialGradient.gradient(activation: .relu, student: student, teacher: teacher))
    }

    // MARK: Kernels and certificates

    /// erf, k = 3 = d, one teacher neuron split in two: nullity d + 1 = 4 (1 weight transfer
    /// + d Gauss–Newton directions), PSD; Jacobi on the midpoint Hessian finds 4 near-zero
    /// eigenvalues and none negative. A triple split: 2(d + 1).
    func testSplitErfStudentsHaveNullityDPlusOnePerExtraCopy() throws {
        let teacher = orthonormalTeacher(3, 3)
        for (extra, tangent, nullity) in [([(2, [r(1, 4), r(3, 4)])], 1, 4),
                                          ([(2, [r(1, 2), r(1, 4), r(1, 4)])], 2, 8),
                                          ([(0, [r(1, 2), r(1, 2)]), (2, [r(-1), r(2)])], 2, 8)] {
            let student = splitStudent(k: 3, d: 3, extra: extra)
            let (kernel, outcome) = try certify(.standardErf, student, teacher)
            XCTAssertEqual(kernel.tangent.count, tangent)
            XCTAssertEqual(kernel.dimension, nullity)
            guard case .certified(let c) = outcome else { return XCTFail("\(outcome)") }
            XCTAssertEqual(c.nullity, nullity)
            XCTAssertEqual(c.negative, 0)
            let reference = try nearZeroEigenvalues(problem(.standardErf, student, teacher))
            XCTAssertEqual(reference.zero, nullity)
            XCTAssertEqual(reference.negative, 0)
        }
    }

    /// z² at M = M*: the kernel of H is ker dM, of dimension n(d+1) − rank dM =
    /// n(n+1)/2 for n ≤ d with independent w_i and n(d+1) − d(d+1)/2 for n ≥ d (hand
    /// computation): all of it tangent (scalings and rotations), so Morse–Bott.
    func testQuadraticMinimaAreMorseBottWithRotationKernel() throws {
        let teacher = ExactNetwork(inputWeights: [[r(1), r(0)], [r(0), r(1)]], outputWeights: [r(2), r(1)])
        let two = ExactNetwork(inputWeights: [[r(1, 3), r(-2, 3)], [r(4, 3), r(1, 3)]], outputWeights: [r(2), r(1)])
        let three = ExactNetwork(inputWeights: [[r(1), r(0)], [r(3, 5), r(4, 5)], [r(4, 5), r(-3, 5)]],
                                 outputWeights: [r(1), r(1), r(1)])
        for (student, nullity) in [(two, 3), (three, 6)] {
            let (kernel, outcome) = try certify(.quadratic, student, teacher)
            XCTAssertEqual(kernel.tangent.count, nullity)
            XCTAssertTrue(kernel.additional.isEmpty)
            guard case .certified(let c) = outcome else { return XCTFail("\(outcome)") }
            XCTAssertEqual(c.nullity, nullity)
            XCTAssertEqual(c.negative, 0)
            XCTAssertEqual(try nearZeroEigenvalues(problem(.quadratic, student, teacher)).zero, nullity)
        }
    }

    /// A wrong kernel vector is caught by the consistency check; a kernel basis that misses
    /// a direction leaves the complement singular (undecided), never certified.
    func testWrongOrIncompleteKernelsAreNotCertified() throws {
        let teacher = orthonormalTeacher(3, 3)
        let student = splitStudent(k: 3, d: 3, extra: [(2, [r(1, 4), r(3, 4)])])
        let kernel = StructuralKernel.atCriticalPoint(activation: .standardErf, student: student, zeroLoss: true)
        let h = try DenseEvaluation.hessian(problem(.standardErf, student, teacher), precision: p).rows
        var wrong = kernel.vectors
        wrong[0][0] = r(1)  // adds e_{w_1,1}, not in the kernel
        guard case .notInKernel = MorseBottCertification.certify(hessian: h, kernel: wrong, precision: p) else {
            return XCTFail("a vector outside the kernel was accepted")
        }
        let missing = Array(kernel.vectors.dropLast())
        if case .certified = MorseBottCertification.certify(hessian: h, kernel: missing, precision: p) {
            XCTFail("a kernel missing a direction was certified")
        }
        // Without the zero-loss directions (as if the loss were not exactly 0) it is not certified either.
        let tangentOnly = StructuralKernel.atCriticalPoint(activation: .standardErf, student: student, zeroLoss: false)
        XCTAssertEqual(tangentOnly.dimension, 1)
        if case .certified = MorseBottCertification.certify(hessian: h, kernel: tangentOnly.vectors, precision: p) {
            XCTFail("the tangent directions alone were certified as the whole kernel")
        }
    }

    /// z², one student against diag(2, 1) along e_2 (x = a w² = 5/3, hand computation in
    /// theorems/quadratic.toml): an exact critical point of index 1 modulo the scaling.
    func testQuadraticSaddleHasIndexOneModuloScaling() throws {
        let teacher = ExactNetwork(inputWeights: [[r(1), r(0)], [r(0), r(1)]], outputWeights: [r(2), r(1)])
        let saddle = ExactNetwork(inputWeights: [[r(0), r(1)]], outputWeights: [r(5, 3)])
        let gradient = try XCTUnwrap(ExactPolynomialGradient.gradient(activation: .quadratic, student: saddle, teacher: teacher))
        XCTAssertTrue(gradient.allSatisfy { $0.signum == 0 })
        let (kernel, outcome) = try certify(.quadratic, saddle, teacher)
        XCTAssertEqual(kernel.dimension, 1)
        guard case .certified(let c) = outcome else { return XCTFail("\(outcome)") }
        XCTAssertEqual(c.negative, 1)
        XCTAssertEqual(c.nullity, 1)
    }
}
