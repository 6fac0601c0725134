import XCTest
import CertifiedIntervals
import CertifiedLinearAlgebra
import ClosedForms
import TeacherStudent
import CheckerTestSupport
@testable import SymmetryReduction

/// The reduced quantities, assembled for a partition, against the dense loss and
/// gradient of TeacherStudent (an independent computation from the weight matrices, with
/// its own interval kernels): every component must overlap, and be tight.
final class ReductionAgainstDenseTests: XCTestCase {
    let precision = 128

    /// A family: its activation, its closed forms c(l), a(l) as text, and the same
    /// coefficients computed straight in the interval core for the dense student.
    struct Family {
        let activation: Activation
        let incoming: String
        let outgoing: String
        let coefficient: (Int, Int) -> Interval
        let outgoingWeight: (Int, Int) -> Interval
    }

    static let standard: (Int, Int) -> Interval = { l, p in Configurations.standardCopyAverageCoefficient(l, precision: p) }
    static let sizeWeight: (Int, Int) -> Interval = { l, p in Interval(l, precision: p) }

    static let families: [(String, Family)] = [
        ("erf standard", Family(activation: .standardErf, incoming: "1/sqrt(l*(2*l - 1))", outgoing: "l",
                                coefficient: standard, outgoingWeight: sizeWeight)),
        ("relu standard", Family(activation: .relu, incoming: "1/sqrt(l*(2*l - 1))", outgoing: "l",
                                 coefficient: standard, outgoingWeight: sizeWeight)),
        // A non-standard c(l) (and a(l)), and a non-standard erf scale.
        ("erf perturbed", Family(activation: .erf(scale: Rational(3, 2)), incoming: "1.1/sqrt(l*(2*l - 1))",
                                 outgoing: "l + 1/2",
                                 coefficient: { l, p in try! Interval(Rational(11, 10), precision: p)
                                     / Interval(l * (2 * l - 1), precision: p).sqrt() },
                                 outgoingWeight: { l, p in Interval(Rational(2 * l + 1, 2), precision: p) })),
        ("relu perturbed", Family(activation: .relu, incoming: "(l+1)/(3*l)", outgoing: "2/l",
                                  coefficient: { l, p in Interval(Rational(l + 1, 3 * l), precision: p) },
                                  outgoingWeight: { l, p in Interval(Rational(2, l), precision: p) })),
        ("quadratic", Family(activation: .quadratic, incoming: "1/l", outgoing: "sqrt(l)",
                             coefficient: { l, p in Interval(Rational(1, l), precision: p) },
                             outgoingWeight: { l, p in try! Interval(l, precision: p).sqrt() })),
    ]

    func reduction(_ family: Family) throws -> CopyAverageReduction {
        try CopyAverageReduction(activation: family.activation,
                                 incoming: ExpressionParser.parse(family.incoming),
                                 outgoing: ExpressionParser.parse(family.outgoing),
                                 definitions: Definitions())
    }

    func dense(_ family: Family, partition: [Int], d: Int) throws -> LossAndGradient {
        let k = partition.reduce(0, +)
        let p = precision
        let problem = TeacherStudentProblem(
            activation: family.activation,
            teacher: Configurations.orthonormalTeacher(neurons: k, inputDimension: d, precision: p),
            student: Configurations.copyAverageStudent(partition: partition, inputDimension: d, precision: p,
                                                       coefficient: { family.coefficient($0, p) },
                                                       outgoingWeight: { family.outgoingWeight($0, p) }))
        return try DenseEvaluation.lossAndGradient(problem, precision: p)
    }

    /// Checks that `reduced` and `reference` overlap and that `reduced` is tight.
    func assertAgrees(_ reduced: Interval, _ reference: Interval, _ what: @autoclosure () -> String,
                      file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertTrue(reduced.overlaps(reference), "\(what()): reduced \(reduced) vs dense \(reference)",
                      file: file, line: line)
        XCTAssertTrue(reduced.width.isAtMost(powerOfTwo: -60),
                      "\(what()): reduced enclosure too wide: \(reduced)", file: file, line: line)
    }

    func compare(_ name: String, _ family: Family, _ reduction: CopyAverageReduction, partition: [Int], d: Int) throws {
        let k = partition.reduce(0, +)
        let reference = try dense(family, partition: partition, d: d)
        let assembled = try reduction.assemble(partition: partition, precision: precision)
        let label = "\(name) \(partition) d=\(d)"
        assertAgrees(assembled.loss, reference.loss, "\(label) loss")
        for i in 0..<partition.count {
            assertAgrees(assembled.outputWeightGradient[i], reference.outputWeightGradient[i], "\(label) ∂a_\(i)")
            for m in 0..<d {
                let component = reference.inputWeightGradient[i, m]
                if let value = assembled.inputWeightGradient(student: i, coordinate: m) {
                    assertAgrees(value, component, "\(label) ∂w_\(i)[\(m)]")
                } else {
                    XCTAssertTrue(m >= k && component.contains(0) && component.width.isZero,
                                  "\(label) ∂w_\(i)[\(m)] beyond k should be exactly 0: \(component)")
                }
            }
        }
    }

    /// Random partitions of k ≤ 12 (the shared seeded generator), d = k and d = k + 2,
    /// for each family.
    func testAssembledQuantitiesMatchDenseEvaluationOnRandomPartitions() throws {
        var random = SplitMix64(state: 0x5EED_CA0A)
        for (name, family) in Self.families {
            let reduction = try reduction(family)
            for _ in 0..<6 {
                let k = random.integer(in: 1...12)
                var partition: [Int] = [], remaining = k
                while remaining > 0 {
                    let size = random.integer(in: 1...remaining)
                    partition.append(size); remaining -= size
                }
                for d in [k, k + 2] { try compare(name, family, reduction, partition: partition, d: d) }
            }
            // The two isolating shapes, always: one group, and two groups of different sizes.
            try compare(name, family, reduction, partition: [5], d: 5)
            try compare(name, family, reduction, partition: [3, 1], d: 6)
            try compare(name, family, reduction, partition: [4, 3, 2, 2, 1], d: 14)
        }
    }

    /// The comparison has teeth: the reduction of one activation assembled against the
    /// dense evaluation of another disagrees somewhere.
    func testMismatchedActivationIsDetected() throws {
        let erf = Self.families[0].1, relu = Self.families[1].1
        let reduction = try reduction(relu)
        let reference = try dense(erf, partition: [3, 2, 1], d: 6)
        let assembled = try reduction.assemble(partition: [3, 2, 1], precision: precision)
        var disagreements = 0
        if !assembled.loss.overlaps(reference.loss) { disagreements += 1 }
        for i in 0..<3 where !assembled.outputWeightGradient[i].overlaps(reference.outputWeightGradient[i]) {
            disagreements += 1
        }
        XCTAssertGreaterThan(disagreements, 0)
    }

    /// mathematics.md §3: for erf with the standard c(l), a(l) = l every gradient
    /// quantity encloses 0, L1 = L*(l) (computed by the test support straight in the
    /// interval core) and L2 = 0; for ReLU some gradient quantity excludes 0.
    func testErfQuantitiesVanishAndReLUQuantitiesDoNot() throws {
        let erf = try reduction(Self.families[0].1), relu = try reduction(Self.families[1].1)
        let pairs = [(1, 1), (1, 4), (2, 3), (5, 2), (7, 7)]
        for (l, lp) in pairs {
            for quantity in CopyAverageReduction.Quantity.gradient {
                let value = try erf.enclosure(quantity, l: l, lp: lp, precision: precision)
                XCTAssertTrue(value.contains(0), "erf \(quantity)(\(l), \(lp)) = \(value)")
                XCTAssertTrue(value.width.isAtMost(powerOfTwo: -90))
            }
            let l1 = try erf.enclosure(.lossOwn, l: l, precision: precision)
            XCTAssertTrue(l1.overlaps(CopyAverage.lStar(l, precision: precision)), "L1(\(l)) = \(l1)")
            XCTAssertTrue(try erf.enclosure(.lossCross, l: l, lp: lp, precision: precision).contains(0))
        }
        // ReLU: κ(q1, q2, 0) = sqrt(q1 q2)/(2π) ≠ 0, so B_a(l, lp) ≠ 0, and the copy (l = 1)
        // is still critical on its own (A_a(1) = 0: it is the teacher neuron itself), and so
        // is a pair of copies (B_a(1, 1) = 0).
        var excluded: [String] = []
        for (l, lp) in pairs {
            for quantity in CopyAverageReduction.Quantity.gradient {
                let value = try relu.enclosure(quantity, l: l, lp: lp, precision: precision)
                if !value.contains(0) { excluded.append("\(quantity)(\(l),\(lp))") }
            }
        }
        XCTAssertTrue(excluded.contains("B_a(1,4)"), "\(excluded)")
        XCTAssertTrue(excluded.contains("A_a(2,3)"), "\(excluded)")
        XCTAssertTrue(try relu.enclosure(.aGradientOwn, l: 1, precision: precision).contains(0))
        XCTAssertTrue(try relu.enclosure(.aGradientCross, l: 1, lp: 1, precision: precision).contains(0))
    }
}
