import XCTest
import CertifiedIntervals
import CheckerTestSupport
@testable import TeacherStudent

/// `GroupKernelMemo`: the block-structured copy-average evaluation reuses the kernel
/// values of sizes and pairs it met before — for a partition with the same sizes in
/// another order, nothing is evaluated again; different sizes are evaluated; an entry is
/// used only for identical inputs, so a memo never changes an enclosure (compared with
/// the evaluation without a memo, and with the dense evaluation as an independent
/// reference).
final class GroupKernelMemoTests: XCTestCase {
    let p = 256

    func classes(_ partition: [Int], coefficient: ((Int) -> Interval)? = nil) -> [BlockStructuredEvaluation.GroupClass] {
        BlockStructuredEvaluation.classes(
            partition: partition, precision: p,
            coefficient: coefficient ?? { Configurations.standardCopyAverageCoefficient($0, precision: self.p) },
            outgoingWeight: { Interval($0, precision: self.p) })
    }

    func evaluate(_ partition: [Int], memo: GroupKernelMemo?, activation: Activation = .standardErf,
                  coefficient: ((Int) -> Interval)? = nil) throws -> BlockStructuredEvaluation.Result {
        try BlockStructuredEvaluation.lossAndGradient(classes: classes(partition, coefficient: coefficient),
                                                      activation: activation, precision: p, memo: memo)
    }

    /// Same precision, same endpoints.
    func identical(_ a: Interval, _ b: Interval) -> Bool {
        a.precision == b.precision && a.contains(b) && b.contains(a)
    }

    /// The loss and every class gradient are the same enclosures, endpoint for endpoint.
    func assertIdentical(_ a: BlockStructuredEvaluation.Result, _ b: BlockStructuredEvaluation.Result,
                         _ message: String, line: UInt = #line) {
        XCTAssertTrue(identical(a.loss, b.loss), "loss: \(message)", line: line)
        XCTAssertEqual(a.classes.map(\.size), b.classes.map(\.size), message, line: line)
        for (x, y) in zip(a.classes, b.classes) {
            XCTAssertTrue(identical(x.ownBlock, y.ownBlock), "own block of size \(x.size): \(message)", line: line)
            XCTAssertTrue(identical(x.outputWeight, y.outputWeight), "∂L/∂a of size \(x.size): \(message)", line: line)
            XCTAssertEqual(Set(x.otherBlocks.keys), Set(y.otherBlocks.keys), message, line: line)
            for (size, value) in x.otherBlocks {
                XCTAssertTrue(identical(value, y.otherBlocks[size]!), "block \(size) of size \(x.size): \(message)", line: line)
            }
        }
    }

    func testSameSizesInAnotherOrderShareEveryKernelValue() throws {
        let memo = GroupKernelMemo(activation: .standardErf, precision: p)
        let first = try evaluate([3, 1, 1, 2], memo: memo)
        let afterFirst = memo.statistics
        XCTAssertGreaterThan(afterFirst.evaluated, 0)
        // The same sizes in another order: every kernel value is found, none evaluated.
        let reordered = try evaluate([1, 2, 1, 3], memo: memo)
        XCTAssertEqual(memo.statistics.evaluated, afterFirst.evaluated, "a reordered partition evaluated kernels again")
        XCTAssertGreaterThan(memo.statistics.reused, afterFirst.reused)
        assertIdentical(reordered, first, "reordered partition")
        assertIdentical(reordered, try evaluate([1, 2, 1, 3], memo: nil), "with and without the memo")
    }

    func testDifferentSizesAreEvaluatedAndAgreeWithoutTheMemo() throws {
        let memo = GroupKernelMemo(activation: .standardErf, precision: p)
        _ = try evaluate([3, 1, 1], memo: memo)
        let before = memo.statistics.evaluated
        // Size 2 is new: its own calls and its pairs with 1 and 2 must be evaluated. k
        // changes too (5 → 6): the teacher terms do not depend on it, the sums do.
        let other = try evaluate([2, 2, 1, 1], memo: memo)
        XCTAssertGreaterThan(memo.statistics.evaluated, before, "new sizes were answered from the memo")
        assertIdentical(other, try evaluate([2, 2, 1, 1], memo: nil), "new sizes")
        // Independent reference: the dense evaluation of the same configuration.
        let dense = try DenseEvaluation.lossAndGradient(CopyAverage.problem([2, 2, 1, 1], precision: p), precision: p)
        XCTAssertTrue(other.loss.overlaps(dense.loss), "structured loss with memo misses the dense loss")
        // Same sizes with another multiplicity (k = 7): shares every call, and agrees.
        let evaluated = memo.statistics.evaluated
        let more = try evaluate([2, 2, 2, 1], memo: memo)
        XCTAssertEqual(memo.statistics.evaluated, evaluated)
        assertIdentical(more, try evaluate([2, 2, 2, 1], memo: nil), "other multiplicities")
    }

    /// A memo keyed by sizes alone would give size 3's kernel values of the standard c(3)
    /// to a configuration whose c(3) differs (by 1e-20): the entry is checked against the
    /// inputs, so the result is that of the other configuration.
    func testAnEntryIsUsedOnlyForIdenticalInputs() throws {
        let memo = GroupKernelMemo(activation: .standardErf, precision: p)
        let standard = try evaluate([3, 1], memo: memo)
        let shift = Interval(Rational(exactly: "1e-20")!, precision: p)
        let perturbed: (Int) -> Interval = { l in
            let c = Configurations.standardCopyAverageCoefficient(l, precision: self.p)
            return l == 3 ? c + shift : c
        }
        let withMemo = try evaluate([3, 1], memo: memo, coefficient: perturbed)
        let fresh = try evaluate([3, 1], memo: nil, coefficient: perturbed)
        assertIdentical(withMemo, fresh, "perturbed c(3) with a memo filled with the standard c(3)")
        XCTAssertFalse(withMemo.loss.overlaps(standard.loss), "the perturbation is not visible: the test tests nothing")
    }

    func testAMemoOfAnotherActivationOrPrecisionIsNotUsed() throws {
        for memo in [GroupKernelMemo(activation: .relu, precision: p),
                     GroupKernelMemo(activation: .standardErf, precision: 2 * p)] {
            let result = try evaluate([2, 1], memo: memo)
            XCTAssertEqual(memo.statistics.evaluated, 0)
            XCTAssertEqual(memo.statistics.reused, 0)
            assertIdentical(result, try evaluate([2, 1], memo: nil), "foreign memo")
        }
    }

    /// Several threads on one memo: every result is the evaluation without a memo.
    func testConcurrentUseGivesTheSameEnclosures() throws {
        let memo = GroupKernelMemo(activation: .standardErf, precision: p)
        let partitions: [[Int]] = [[4, 1], [1, 4], [3, 2], [2, 3], [3, 1, 1], [2, 2, 1], [1, 1, 3], [2, 1, 2]]
        var results = [BlockStructuredEvaluation.Result?](repeating: nil, count: partitions.count)
        let lock = NSLock()
        DispatchQueue.concurrentPerform(iterations: partitions.count) { i in
            let result = try? evaluate(partitions[i], memo: memo)
            lock.lock(); results[i] = result; lock.unlock()
        }
        for (i, partition) in partitions.enumerated() {
            assertIdentical(try XCTUnwrap(results[i]), try evaluate(partition, memo: nil), "\(partition) on threads")
        }
    }
}
