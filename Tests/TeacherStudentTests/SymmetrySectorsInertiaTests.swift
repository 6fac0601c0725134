import XCTest
import CertifiedIntervals
import CertifiedLinearAlgebra
@testable import TeacherStudent
import CheckerTestSupport

/// The Morse index from the sectors against the certified inertia of the dense Hessian
/// (`DenseEvaluation.hessian` + `SymmetricInertia.certify`), at the standard erf CA points.
final class SymmetrySectorsInertiaTests: XCTestCase {
    let precision = 128

    func compare(_ partition: [Int], d: Int, file: StaticString = #filePath, line: UInt = #line) throws {
        let p = precision
        let sectors = try SymmetryAdaptedHessian.sectors(
            partition: partition, inputDimension: d, activation: .standardErf,
            coefficient: { Configurations.standardCopyAverageCoefficient($0, precision: p) },
            outgoingWeight: { Interval($0, precision: p) }, precision: p)
        XCTAssertEqual(sectors.reduce(0) { $0 + $1.multiplicity * $1.blockSize }, partition.count * (d + 1),
                       file: file, line: line)
        let reduced = SymmetryAdaptedHessian.morseIndex(sectors)
        let k = partition.reduce(0, +)
        let problem = TeacherStudentProblem(
            activation: .standardErf,
            teacher: Configurations.orthonormalTeacher(neurons: k, inputDimension: d, precision: p),
            student: Configurations.copyAverageStudent(partition: partition, inputDimension: d, precision: p))
        guard case .certified(let dense) = SymmetricInertia.certify(try DenseEvaluation.hessian(problem, precision: p).rows) else {
            XCTFail("\(partition), d = \(d): dense inertia undecided", file: file, line: line); return
        }
        guard let total = reduced.total else {
            XCTFail("\(partition), d = \(d): a sector is undecided", file: file, line: line); return
        }
        XCTAssertEqual(total.positive, dense.positive, "\(partition), d = \(d)", file: file, line: line)
        XCTAssertEqual(total.negative, dense.negative, "\(partition), d = \(d)", file: file, line: line)
    }

    func testEveryPartitionUpToSevenWithDEqualToKAndKPlusTwo() throws {
        var count = 0
        for k in 1...7 {
            for n in 1...k {
                for partition in Configurations.partitions(of: k, into: n) {
                    try compare(partition, d: k)
                    try compare(partition, d: k + 2)
                    count += 1
                }
            }
        }
        XCTAssertEqual(count, 1 + 2 + 3 + 5 + 7 + 11 + 15)
    }

    /// k = 8 and 9: every partition, d = k and d = k + 2.
    func testEveryPartitionOfEightAndNine() throws {
        var count = 0
        for k in 8...9 {
            for n in 1...k {
                for partition in Configurations.partitions(of: k, into: n) {
                    try compare(partition, d: k)
                    try compare(partition, d: k + 2)
                    count += 1
                }
            }
        }
        XCTAssertEqual(count, 22 + 30)
    }

    /// Four and five distinct group sizes (k ≤ 9 has at most three).
    func testPartitionsWithFourAndFiveClasses() throws {
        for (partition, d) in [([4, 3, 2, 1], 10), ([4, 3, 2, 1], 12), ([4, 3, 2, 1, 1], 11), ([4, 3, 2, 2, 1, 1], 15),
                               ([5, 4, 3, 2, 1], 15), ([4, 4, 3, 2, 1, 1, 1], 16)] {
            try compare(partition, d: d)
        }
    }

    /// The index and where it lies at (2, 1, 1, 1, 1, 1) (mathematics.md §7: one negative
    /// direction, in the within-group sector of the size-2 group).
    func testSaddleOfTwoOnesLiesInTheWithinGroupSector() throws {
        let p = precision
        let sectors = try SymmetryAdaptedHessian.sectors(
            partition: [2, 1, 1, 1, 1, 1], inputDimension: 7, activation: .standardErf,
            coefficient: { Configurations.standardCopyAverageCoefficient($0, precision: p) },
            outgoingWeight: { Interval($0, precision: p) }, precision: p)
        let result = SymmetryAdaptedHessian.morseIndex(sectors)
        XCTAssertEqual(result.index, 1)
        let negative = result.sectors.filter { ($0.inertia?.negative ?? 0) > 0 }
        XCTAssertEqual(negative.map(\.sector.identifier), ["within-group(2)"])
        XCTAssertEqual(negative.first?.sector.multiplicity, 1)
    }

    /// `morseIndex` sums multiplicity × inertia, and says nothing when a block is undecided.
    func testMorseIndexSumsAndRefusesAnUndecidedBlock() {
        let p = precision
        func sector(_ block: [[Int]], multiplicity: Int) -> SymmetryAdaptedHessian.Sector {
            let b = block.map { $0.map { Interval($0, precision: p) } }
            return SymmetryAdaptedHessian.Sector(identifier: "test", description: "", groupSize: nil, multiplicity: multiplicity,
                                                 block: b, representativeGram: b, representatives: b.map { _ in "" })
        }
        let decided = SymmetryAdaptedHessian.morseIndex([sector([[-1, 0], [0, 2]], multiplicity: 3),
                                                         sector([[1, 2], [2, 1]], multiplicity: 2)])
        XCTAssertEqual(decided.total, SymmetryAdaptedHessian.Inertia(positive: 5, negative: 5))
        XCTAssertEqual(decided.index, 5)
        let undecided = SymmetryAdaptedHessian.morseIndex([sector([[-1]], multiplicity: 1), sector([[1, 1], [1, 1]], multiplicity: 2)])
        XCTAssertNil(undecided.total)
        XCTAssertNil(undecided.index)
        XCTAssertNotNil(undecided.sectors[0].inertia)
        XCTAssertNil(undecided.sectors[1].inertia)
    }

    /// The run-time independence check: at μ = 2 the "towards the other groups" and "the
    /// others towards the group" representatives of a contrast are opposite (dependent), at
    /// μ = 3 they are independent; and the modular rank on matrices of known rank.
    func testIndependenceCheck() {
        for (mu, expected) in [(2, false), (3, true)] {
            let layout = TypeLayout(multiplicities: [CountPolynomial(mu)], distinguished: [0: 2])
            let a = layout.single(0, 0), b = layout.single(0, 1)
            let outgoing = layout.outgoing(a, toClass: 0) - layout.outgoing(b, toClass: 0)
            let incoming = layout.incoming(a, fromClass: 0) - layout.incoming(b, fromClass: 0)
            XCTAssertEqual(DecompositionCheck.independent([outgoing, incoming], layout: layout, at: 0), expected, "μ = \(mu)")
            XCTAssertTrue(DecompositionCheck.independent([outgoing], layout: layout, at: 0))
        }
        XCTAssertEqual(DecompositionCheck.rankModuloPrime([[1, 2, 3], [2, 4, 6], [0, 1, -1]]), 2)
        XCTAssertEqual(DecompositionCheck.rankModuloPrime([[2, -1, 0], [-1, 2, -1], [0, -1, 2]]), 3)
        XCTAssertEqual(DecompositionCheck.rankModuloPrime([[0, 0], [0, 0]]), 0)
    }

    func testConfigurationsThatAreNotCopyAveragePointsAreRefused() {
        let p = precision
        func attempt(_ partition: [Int], _ d: Int) -> SymmetryAdaptedHessian.SectorError? {
            do {
                _ = try SymmetryAdaptedHessian.sectors(partition: partition, inputDimension: d, activation: .standardErf,
                                                       coefficient: { Configurations.standardCopyAverageCoefficient($0, precision: p) },
                                                       outgoingWeight: { Interval($0, precision: p) }, precision: p)
                return nil
            } catch let e as SymmetryAdaptedHessian.SectorError { return e } catch { return nil }
        }
        for (partition, d) in [([3, 2], 4), ([], 3), ([2, 0, 1], 5), ([1, -1], 3)] {
            guard case .notACopyAveragePoint = attempt(partition, d) else { XCTFail("\(partition), d = \(d) accepted"); continue }
        }
        XCTAssertNil(attempt([3, 2], 5))
    }
}
