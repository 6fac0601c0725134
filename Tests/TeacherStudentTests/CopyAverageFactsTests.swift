import XCTest
import CertifiedIntervals
@testable import TeacherStudent
import CheckerTestSupport

/// Facts F1, F2 and F4 of the mathematics document, on every partition with k ≤ 8:
/// copy-average configurations are critical points and their loss is Σ L*(ℓ_i).
final class CopyAverageFactsTests: XCTestCase {

    func testAcceptanceCaseThreeOne() throws {
        let p = 256
        let result = try DenseEvaluation.lossAndGradient(CopyAverage.problem([3, 1], precision: p), precision: p)
        XCTAssertTrue(result.loss.overlaps(CopyAverage.lStar(3, precision: p)), "\(result.loss)")
        // 0.04059317731395385555614722… lies in the enclosure.
        let reference = Rational(exactly: "0.04059317731395385555614722")!
        XCTAssertTrue(result.loss.overlaps(Interval(reference, precision: p) + Interval(lower: -1e-26, upper: 1e-26, precision: p)))
        let tolerance = Rational(exactly: "1e-60")!
        for g in result.flattenedGradient {
            XCTAssertTrue(g.containsZero, "gradient component \(g) excludes 0")
            XCTAssertTrue(g.width.isAtMost(tolerance), "gradient component \(g) too wide")
        }
    }

    func testEveryPartitionUpToEightIsCriticalWithLossSumOfLStar() throws {
        let p = 128
        let widthBound = Interval(1, precision: p).scaled(byPowerOfTwo: 16 - p)
        for k in 2...8 {
            for n in 1...k {
                for partition in Configurations.partitions(of: k, into: n) {
                    let result = try DenseEvaluation.lossAndGradient(CopyAverage.problem(partition, precision: p), precision: p)
                    var expected = Interval.zero(precision: p)
                    for l in partition { expected = expected + (CopyAverage.lStar(l, precision: p)) }
                    XCTAssertTrue(result.loss.overlaps(expected), "k=\(k) \(partition): loss \(result.loss) vs Σ L* \(expected)")
                    for g in result.flattenedGradient {
                        XCTAssertTrue(g.containsZero, "k=\(k) \(partition): gradient \(g)")
                        XCTAssertTrue(g.width.isCertainlyBelow(widthBound) || g.isExactZero,
                                      "k=\(k) \(partition): gradient width \(g.width)")
                    }
                }
            }
        }
    }
}

/// The block-structured evaluation means the same as the dense one: on every partition
/// with k ≤ 7 (and d = k + 2, so that coordinates outside every block exist), each
/// structured enclosure overlaps the dense enclosures of the components it stands for.
final class StructuredAgainstDenseTests: XCTestCase {
    func testStructuredMatchesDenseComponentByComponent() throws {
        let p = 160
        for activation in [Activation.standardErf, .relu, .quadratic, .linear] {
            for k in 1...7 {
                for n in 1...k {
                    for partition in Configurations.partitions(of: k, into: n) {
                        // A coefficient that is not the critical one, so that gradients are not all ~0.
                        let coefficient: (Int) -> Interval = { l in
                            try! Interval(1, precision: p) / Interval(l * (2 * l + 1), precision: p).sqrt()
                        }
                        let outgoing: (Int) -> Interval = { l in Interval(l + 1, precision: p) }
                        let d = k + 2
                        let dense = try DenseEvaluation.lossAndGradient(
                            TeacherStudentProblem(
                                activation: activation,
                                teacher: Configurations.orthonormalTeacher(neurons: k, inputDimension: d, precision: p),
                                student: Configurations.copyAverageStudent(partition: partition, inputDimension: d, precision: p,
                                                                           coefficient: coefficient, outgoingWeight: outgoing)),
                            precision: p)
                        let classes = BlockStructuredEvaluation.classes(partition: partition, precision: p,
                                                                        coefficient: coefficient, outgoingWeight: outgoing)
                        let structured = try BlockStructuredEvaluation.lossAndGradient(classes: classes, activation: activation, precision: p)
                        let context = "\(activation) \(partition)"
                        XCTAssertTrue(structured.loss.overlaps(dense.loss), "\(context): loss \(structured.loss) vs \(dense.loss)")
                        // Component by component: block starts of the contiguous partition.
                        var starts: [Int] = []
                        var s = 0
                        for l in partition { starts.append(s); s += l }
                        for (i, l) in partition.enumerated() {
                            let cls = structured.classes.first { $0.size == l }!
                            XCTAssertTrue(cls.outputWeight.overlaps(dense.outputWeightGradient[i]), "\(context): ∂a_\(i)")
                            for (i2, l2) in partition.enumerated() {
                                for j in starts[i2]..<(starts[i2] + l2) {
                                    let expected = i2 == i ? cls.ownBlock : cls.otherBlocks[l2]!
                                    XCTAssertTrue(expected.overlaps(dense.inputWeightGradient[i, j]),
                                                  "\(context): ∂w_\(i)[\(j)] \(expected) vs \(dense.inputWeightGradient[i, j])")
                                }
                            }
                            for j in k..<d { XCTAssertTrue(dense.inputWeightGradient[i, j].isExactZero) }
                        }
                    }
                }
            }
        }
    }
}
