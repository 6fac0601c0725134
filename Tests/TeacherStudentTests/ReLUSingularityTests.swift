import XCTest
import CertifiedIntervals
@testable import TeacherStudent

/// Item 7: where the ReLU loss has no Hessian (a student parallel or anti-parallel to a
/// teacher or to another student) or no gradient (a zero student vector), the
/// evaluation must say so, naming the pair, instead of returning numbers.
final class ReLUSingularityTests: XCTestCase {

    static let precision = 256

    func problem(student: [[Rational]], a: [Rational], teacher: [[Rational]], b: [Rational]) -> TeacherStudentProblem {
        RandomConfiguration(studentWeights: student, studentOutput: a, teacherWeights: teacher, teacherOutput: b)
            .problem(.relu, precision: Self.precision)
    }

    /// Runs `body`, expecting `NetworkEvaluationError.kernel(first, second, error)` with
    /// an error of the kind `matches` accepts.
    func expectKernelError(_ what: String, first: Neuron, second: Neuron,
                           matches: (KernelError) -> Bool, _ body: () throws -> Void,
                           file: StaticString = #filePath, line: UInt = #line) {
        do {
            try body()
            XCTFail("\(what): expected an error naming \(first) and \(second), got a result", file: file, line: line)
        } catch let NetworkEvaluationError.kernel(a, b, error) {
            XCTAssertTrue(a == first && b == second, "\(what): names \(a), \(b); expected \(first), \(second)", file: file, line: line)
            XCTAssertTrue(matches(error), "\(what): wrong kernel error \(error)", file: file, line: line)
        } catch {
            XCTFail("\(what): unexpected error \(error)", file: file, line: line)
        }
    }

    static func isNotTwiceDifferentiable(_ e: KernelError) -> Bool {
        if case .notTwiceDifferentiable(let activation, _) = e { return activation == "relu" }
        return false
    }

    static func isNotDifferentiable(_ e: KernelError) -> Bool {
        if case .notDifferentiable(let activation, _) = e { return activation == "relu" }
        return false
    }

    func testHessianThrowsWhereStudentIsParallelToTeacher() throws {
        let p = Self.precision
        // w_1 = 2 v_1 (parallel), w_1 = −v_1/3 (anti-parallel); student 2 generic.
        for factor in [Rational(2), Rational(-1, 3), Rational(1)] {
            let v1: [Rational] = [1, Rational(1, 2), 0], v2: [Rational] = [0, 1, -1]
            let prob = problem(student: [v1.map { $0 * factor }, [Rational(1, 3), -1, Rational(1, 2)]], a: [1, Rational(1, 2)],
                               teacher: [v1, v2], b: [1, -1])
            expectKernelError("hessian, w_1 = \(factor)·v_1", first: .student(1), second: .teacher(1),
                              matches: Self.isNotTwiceDifferentiable) {
                _ = try DenseEvaluation.hessian(prob, precision: p)
            }
            // The loss and the gradient exist there (κ is C¹ at ρ = ±1) and are returned. Half
            // of the working precision is lost on the way: near ρ = ±1, S = sqrt(q1 q2 − q12²)
            // and acos ρ have a square-root singularity, so Gram entries of width ε (here
            // 2^-256, from the non-dyadic weight 1/3) give ∂κ/∂q12 of width ~sqrt(ε).
            let result = try DenseEvaluation.lossAndGradient(prob, precision: p)
            XCTAssertTrue(result.flattenedGradient.allSatisfy { $0.isTight(bits: 100) },
                          "w_1 = \(factor)·v_1: gradient too wide \(result.flattenedGradient.map(\.short))")
            // And it is the derivative: central differences with h = 2^-60 (κ is C^{1,1/2}
            // at ρ = ±1, and along directions leaving the parallel line 1 − |ρ| = O(h²), so
            // the truncation error stays far below the generous 1e-9 allowed here).
            let h = Interval(1, precision: p).scaled(byPowerOfTwo: -60)
            for r in 0..<prob.parameterCount {
                let plus = try DenseEvaluation.loss(prob.movingParameter(r, by: h), precision: p)
                let minus = try DenseEvaluation.loss(prob.movingParameter(r, by: -h), precision: p)
                let fd = (plus - minus).scaled(byPowerOfTwo: 59).widened(by: Rational(exactly: "1e-9")!)
                XCTAssertTrue(result.flattenedGradient[r].overlaps(fd),
                              "w_1 = \(factor)·v_1: ∂L/∂\(prob.parameterName(r)) = \(result.flattenedGradient[r].short), central difference \(fd.short)")
            }
        }
    }

    func testHessianThrowsWhereTwoStudentsAreParallel() throws {
        let p = Self.precision
        let prob = problem(student: [[1, 2, 0], [Rational(1, 2), 1, 0]], a: [1, 1],
                           teacher: [[0, 1, 1]], b: [1])
        expectKernelError("hessian, w_2 = w_1/2", first: .student(1), second: .student(2),
                          matches: Self.isNotTwiceDifferentiable) {
            _ = try DenseEvaluation.hessian(prob, precision: p)
        }
    }

    func testHessianThrowsForAPairOtherThanTheFirst() throws {
        let p = Self.precision
        // Student 2 parallel to teacher 3 only.
        let prob = problem(student: [[1, 0, 1], [0, 3, 0]], a: [1, 2],
                           teacher: [[1, 1, 0], [0, 1, 1], [0, 1, 0]], b: [1, 1, 1])
        expectKernelError("hessian, w_2 = 3 v_3", first: .student(2), second: .teacher(3),
                          matches: Self.isNotTwiceDifferentiable) {
            _ = try DenseEvaluation.hessian(prob, precision: p)
        }
    }

    func testGradientThrowsAtZeroStudentVector() throws {
        let p = Self.precision
        // One student, w = 0: the loss exists (κ(0, ·, ·) = 0), the gradient does not.
        let single = problem(student: [[0, 0, 0]], a: [1], teacher: [[1, 0, 0], [0, 1, 1]], b: [1, 1])
        expectKernelError("gradient, w_1 = 0 (n = 1)", first: .student(1), second: .teacher(1),
                          matches: Self.isNotDifferentiable) {
            _ = try DenseEvaluation.lossAndGradient(single, precision: p)
        }
        expectKernelError("hessian, w_1 = 0 (n = 1)", first: .student(1), second: .teacher(1),
                          matches: { Self.isNotDifferentiable($0) || Self.isNotTwiceDifferentiable($0) }) {
            _ = try DenseEvaluation.hessian(single, precision: p)
        }
        // With w = 0 the student contributes nothing: L = teacher self-interaction alone,
        // Σ_{j,j'} b_j b_j' κ(v_j, v_j') = 1/2 + 2/2 + 2·(1/(2π))(sqrt(2) + (π/2)·0)… computed
        // here as the loss of the same teacher against a student with a = 0 elsewhere.
        let loss = try DenseEvaluation.loss(single, precision: p)
        let silent = problem(student: [[1, 2, 3]], a: [0], teacher: [[1, 0, 0], [0, 1, 1]], b: [1, 1])
        let reference = try DenseEvaluation.loss(silent, precision: p)
        XCTAssertTrue(loss.overlaps(reference) && loss.isTight(bits: 200), "loss at w = 0: \(loss.short) vs \(reference.short)")
        // Teacher part in closed form: |v_1|²/2 + |v_2|²/2 + 2 κ(1, 2, 0) = 1/2 + 1 + sqrt(2)/π.
        let closed = Interval(Rational(3, 2), precision: p)
            + (try (try Interval(2, precision: p).sqrt()) / Interval.pi(precision: p))
        XCTAssertTrue(loss.overlaps(closed), "loss at w = 0: \(loss.short) vs 3/2 + √2/π = \(closed.short)")

        // Two students, the first zero: the first pair to fail is (student 1, student 2).
        let two = problem(student: [[0, 0, 0], [1, 1, 0]], a: [1, -1], teacher: [[1, 0, 0]], b: [1])
        expectKernelError("gradient, w_1 = 0 (n = 2)", first: .student(1), second: .student(2),
                          matches: Self.isNotDifferentiable) {
            _ = try DenseEvaluation.lossAndGradient(two, precision: p)
        }
        // A zero student that is not the first: student 2.
        let second = problem(student: [[1, 1, 0], [0, 0, 0]], a: [1, -1], teacher: [[1, 0, 0]], b: [1])
        do {
            _ = try DenseEvaluation.lossAndGradient(second, precision: p)
            XCTFail("gradient with w_2 = 0 returned a result")
        } catch let NetworkEvaluationError.kernel(a, b, error) {
            XCTAssertTrue(a == .student(2) || b == .student(2), "w_2 = 0: the error names \(a), \(b)")
            XCTAssertTrue(Self.isNotDifferentiable(error), "w_2 = 0: \(error)")
        }
    }
}
