import XCTest
import CertifiedIntervals
import CertifiedLinearAlgebra
import TeacherStudent
import Reports
import CheckerTestSupport
@testable import ClaimDecisions

/// The structured paths of the product: copy-average loss and gradient from the group
/// structure (against the dense evaluation), hessian claims typed by symmetry sectors at
/// exactly critical copy-average points (against the independent float64 `ErfModel`),
/// the sector witnesses, and the configurations that must not take the sector path.
final class SectorDecisionTests: XCTestCase {

    static func partitions(upTo maximum: Int) -> [[Int]] {
        (1...maximum).flatMap { k in (1...k).flatMap { n in Configurations.partitions(of: k, into: n) } }
    }

    // MARK: Loss and gradient

    /// Component by component, the structured layout encloses what the dense evaluation
    /// encloses (the same exact numbers: the enclosures overlap), for every partition with
    /// k ≤ 7, with d = k and d = k + 2 (coordinates beyond k exactly 0 in both).
    func testStructuredComponentsOverlapTheDenseOnesForEveryPartitionUpTo7() throws {
        let p = 128
        for partition in Self.partitions(upTo: 7) {
            let k = partition.reduce(0, +)
            for d in [k, k + 2] {
                let structured = try BlockStructuredEvaluation.lossAndGradient(
                    partition: partition, inputDimension: d, activation: .standardErf, precision: p,
                    coefficient: { Configurations.standardCopyAverageCoefficient($0, precision: p) },
                    outgoingWeight: { Interval($0, precision: p) })
                let problem = TeacherStudentProblem(
                    activation: .standardErf, teacher: Configurations.orthonormalTeacher(neurons: k, inputDimension: d, precision: p),
                    student: Configurations.copyAverageStudent(partition: partition, inputDimension: d, precision: p))
                let dense = try DenseEvaluation.lossAndGradient(problem, precision: p)
                XCTAssertTrue(structured.loss.overlaps(dense.loss), "loss at \(partition), d = \(d)")
                let s = structured.flattenedGradient, g = dense.flattenedGradient
                XCTAssertEqual(s.count, g.count)
                for index in s.indices {
                    XCTAssertTrue(s[index].overlaps(g[index]), "component \(index) at \(partition), d = \(d)")
                    XCTAssertLessThan(s[index].width.upperBoundAsDouble, 1e-30)
                }
                for i in 0..<partition.count {
                    XCTAssertTrue(structured.inputWeightGradient.nonzeroColumns(ofRow: i).allSatisfy { $0 < k })
                }
            }
        }
    }

    /// Through the decision layer: a critical-point claim over every partition with k ≤ 7
    /// is VERIFIED or PROVED with a loss that overlaps the dense loss, and a max |grad|
    /// bound that is tiny.
    func testTheDecisionLayerUsesStructuredLossesThatOverlapTheDenseOnes() throws {
        let text = Decide.copyAverageFile(k: "1..7", claims: """
            [[claim]]
            name      = "critical"
            kind      = "critical-point"
            family    = "ca"
            tolerance = "1e-30"
            """)
        let claim = try Decide.claim("critical", in: try Decide.claims(text))
        XCTAssertEqual(claim.instances.count, Self.partitions(upTo: 7).count)
        for (planned, decision) in zip(claim.planned.instances, claim.instances) {
            let partition = try XCTUnwrap(planned.partition)
            let k = partition.reduce(0, +)
            XCTAssertTrue(decision.verdict == .proved || decision.verdict == .verified, "\(partition)")
            let p = decision.precision
            let problem = TeacherStudentProblem(
                activation: .standardErf, teacher: Configurations.orthonormalTeacher(neurons: k, inputDimension: k, precision: p),
                student: Configurations.copyAverageStudent(partition: partition, inputDimension: k, precision: p))
            let dense = try DenseEvaluation.lossAndGradient(problem, precision: p)
            XCTAssertTrue(try XCTUnwrap(decision.evidence.loss).overlaps(dense.loss), "loss at \(partition)")
            XCTAssertTrue(try XCTUnwrap(decision.evidence.gradientMaxAbs).isAtMost(Rational(exactly: "1e-30")!))
        }
    }

    /// A configuration that is not critical is refuted with a gradient component of the
    /// structured layout: the dense evaluation's same component excludes 0 too and overlaps it.
    func testTheStructuredWitnessNamesAComponentTheDenseEvaluationConfirms() throws {
        let text = Decide.copyAverageFile(k: "3..3", n: "2..2", outgoing: "l + 1", claims: """
            [[claim]]
            name      = "critical"
            kind      = "critical-point"
            family    = "ca"
            tolerance = "1e-30"
            """)
        let decision = try XCTUnwrap(Decide.claim("critical", in: try Decide.claims(text)).instances.first)
        XCTAssertEqual(decision.verdict, .refuted)
        guard case let .gradientComponent(component, enclosure, _)? = decision.witness else { return XCTFail("witness") }
        let p = decision.precision
        let problem = TeacherStudentProblem(
            activation: .standardErf, teacher: Configurations.orthonormalTeacher(neurons: 3, inputDimension: 3, precision: p),
            student: Configurations.copyAverageStudent(partition: [2, 1], inputDimension: 3, precision: p,
                                                       coefficient: { Configurations.standardCopyAverageCoefficient($0, precision: p) },
                                                       outgoingWeight: { Interval($0 + 1, precision: p) }))
        let dense = try DenseEvaluation.lossAndGradient(problem, precision: p).flattenedGradient[component.index]
        XCTAssertFalse(dense.containsZero)
        XCTAssertTrue(dense.overlaps(enclosure))
    }

    // MARK: Types from sectors

    static func morseIndexFile(k: String, table: String, expression: String = "0") -> String {
        Decide.copyAverageFile(k: k, claims: """
            [[claim]]
            name        = "index"
            kind        = "hessian"
            family      = "ca"
            morse-index = "\(expression)"
            morse-index-by-partition = { \(table) }
            """)
    }

    /// The float64 Morse index of the copy-average point of `partition` (ErfModel, Jacobi).
    static func referenceIndex(_ partition: [Int]) -> Int {
        let (model, theta) = ErfModel.copyAverage(partition)
        let eigenvalues = symmetricEigenvalues(model.hessian(theta))
        precondition(eigenvalues.map(abs).min()! > 1e-6, "a non-degenerate reference at \(partition)")
        return eigenvalues.filter { $0 < 0 }.count
    }

    /// Every copy-average point with k ≤ 6 is typed from its sectors (no dense Hessian),
    /// with the Morse index of the float64 reference: the right table PROVED, and a table
    /// wrong at a single partition REFUTED there only, with the sectors as the witness.
    func testMorseIndicesFromSectorsMatchTheReferenceAndASingleWrongEntryIsRefuted() throws {
        let partitions = Self.partitions(upTo: 6).filter { $0.reduce(0, +) >= 2 }
        let reference = Dictionary(uniqueKeysWithValues: partitions.map { ($0, Self.referenceIndex($0)) })
        func table(wrongAt wrong: [Int]?, k: Int? = nil) -> String {
            partitions.filter { k == nil || $0.reduce(0, +) == k }.map { partition in
                "\"\(partition.map(String.init).joined(separator: ","))\" = \(reference[partition]! + (partition == wrong ? 1 : 0))"
            }.joined(separator: ", ")
        }
        let right = try Decide.claim("index", in: try Decide.claims(Self.morseIndexFile(k: "2..6", table: table(wrongAt: nil))))
        for (planned, decision) in zip(right.planned.instances, right.instances) {
            XCTAssertEqual(decision.verdict, .proved, "\(planned.partition!)")
            XCTAssertEqual(decision.evidence.hessianMethod, .sectors, "\(planned.partition!)")
            XCTAssertEqual(decision.evidence.morseIndex, reference[planned.partition!])
            let sectors = try XCTUnwrap(decision.evidence.sectors)
            let n = planned.partition!.count, k = planned.partition!.reduce(0, +)
            XCTAssertEqual(sectors.reduce(0) { $0 + $1.multiplicity * $1.blockSize }, n * (k + 1))
        }
        // (3, 2, 1) has index 1 by the reference; the file claims 2 there.
        let wrongPartition = [3, 2, 1]
        XCTAssertEqual(reference[wrongPartition], 1)
        let wrong = try Decide.claim("index", in: try Decide.claims(Self.morseIndexFile(k: "6..6", table: table(wrongAt: wrongPartition, k: 6))))
        for (planned, decision) in zip(wrong.planned.instances, wrong.instances) {
            guard planned.partition == wrongPartition else {
                XCTAssertEqual(decision.verdict, .proved, "\(planned.partition!)")
                continue
            }
            XCTAssertEqual(decision.verdict, .refuted)
            guard case let .sectorMorseIndex(actual, claimed, _, carriers)? = decision.witness else {
                return XCTFail("sector witness, got \(String(describing: decision.witness))")
            }
            XCTAssertEqual(actual, 1)
            XCTAssertEqual(claimed, 2)
            XCTAssertEqual(carriers.reduce(0) { $0 + $1.negativeDirections }, 1)
            let report = DecisionRendering.instanceReport(decision, planned)
            XCTAssertTrue(try XCTUnwrap(report.witness).contains("the Morse index is 1, not 2: the negative directions lie in sector"))
        }
    }

    /// With d = k + 2 (orthogonal directions: the orthogonal sectors), every copy-average
    /// point with 2 ≤ k ≤ 5 is typed from the sectors with the index of the certified dense
    /// inertia at the same point (another code path).
    func testSectorIndicesWithOrthogonalDirectionsMatchTheDenseInertia() throws {
        let text = Decide.file("""
            [parameters]
            k = "2..5"
            n = "1..k"

            \(CopyAverage.theoremDefinitions)
            [family.ca]
            kind       = "copy-average"
            partitions = "all"
            groups     = "n"
            incoming   = "c(l)"
            outgoing   = "a(l)"

            [[claim]]
            name        = "index"
            kind        = "hessian"
            family      = "ca"
            morse-index = "report"
            """, setting: "[setting]\nactivation = \"erf\"\nteacher = \"orthonormal\"\ndimension = \"k + 2\"\n")
        let claim = try Decide.claim("index", in: try Decide.claims(text))
        XCTAssertEqual(claim.instances.count, Self.partitions(upTo: 5).filter { $0.reduce(0, +) >= 2 }.count)
        for (planned, decision) in zip(claim.planned.instances, claim.instances) {
            let partition = try XCTUnwrap(planned.partition)
            let k = partition.reduce(0, +), p = decision.precision
            XCTAssertEqual(decision.verdict, .proved, "\(partition)")
            XCTAssertEqual(decision.evidence.hessianMethod, .sectors, "\(partition)")
            let sectors = try XCTUnwrap(decision.evidence.sectors)
            XCTAssertEqual(sectors.reduce(0) { $0 + $1.multiplicity * $1.blockSize }, partition.count * (k + 3))
            XCTAssertTrue(sectors.contains { $0.identifier.hasPrefix("orthogonal") }, "\(sectors.map(\.identifier))")
            let problem = TeacherStudentProblem(
                activation: .standardErf,
                teacher: Configurations.orthonormalTeacher(neurons: k, inputDimension: k + 2, precision: p),
                student: Configurations.copyAverageStudent(partition: partition, inputDimension: k + 2, precision: p))
            guard case .certified(let dense) = SymmetricInertia.certify(try DenseEvaluation.hessian(problem, precision: p).rows) else {
                XCTFail("dense reference not certified at \(partition)"); continue
            }
            XCTAssertEqual(decision.evidence.morseIndex, dense.negative, "\(partition)")
        }
    }

    /// At (2, 1, 1, 1, 1, 1), k = 7, the one negative direction lies in the within-group
    /// sector of the size-2 group. Reference: in float64 (ErfModel), the span U of the
    /// within-group differences of the size-2 group (e_1 − e_2 in each student's w) is
    /// invariant under the Hessian, which has exactly one negative eigenvalue on U and
    /// none on its orthogonal complement.
    func testTheNegativeDirectionOf211111LiesInTheWithinGroupSectorOfTheSize2Group() throws {
        let partition = [2, 1, 1, 1, 1, 1]
        let (model, theta) = ErfModel.copyAverage(partition)
        let h = model.hessian(theta)
        let n = partition.count, k = 7, size = h.count
        let u: [[Double]] = (0..<n).map { i in
            var v = [Double](repeating: 0, count: size)
            v[i * k] = 1 / 2.0.squareRoot(); v[i * k + 1] = -1 / 2.0.squareRoot()
            return v
        }
        func apply(_ m: [[Double]], _ v: [Double]) -> [Double] { m.map { row in zip(row, v).reduce(0) { $0 + $1.0 * $1.1 } } }
        func dot(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }
        let restricted = u.map { a in u.map { b in dot(a, apply(h, b)) } }
        XCTAssertEqual(symmetricEigenvalues(restricted).filter { $0 < 0 }.count, 1)
        // Invariance: H u_i lies in span U.
        for v in u {
            var r = apply(h, v)
            for w in u { let c = dot(w, r); r = zip(r, w).map { $0.0 - c * $0.1 } }
            XCTAssertLessThan(r.map(abs).max()!, 1e-9)
        }
        // The complement: P H P with P = I − U Uᵀ has no negative eigenvalue.
        var projector = (0..<size).map { i in (0..<size).map { $0 == i ? 1.0 : 0.0 } }
        for v in u { for i in 0..<size { for j in 0..<size { projector[i][j] -= v[i] * v[j] } } }
        let ph = projector.map { row in (0..<size).map { j in (0..<size).reduce(0) { $0 + row[$1] * h[$1][j] } } }
        let php = ph.map { row in (0..<size).map { j in (0..<size).reduce(0) { $0 + row[$1] * projector[$1][j] } } }
        XCTAssertEqual(symmetricEigenvalues(php).filter { $0 < -1e-9 }.count, 0)

        let text = Decide.copyAverageFile(k: "7..7", n: "6..6", partitions: "(k-n+1, 1^(n-1))", claims: """
            [[claim]]
            name   = "saddle"
            kind   = "hessian"
            family = "ca"
            type   = "saddle"

            [[claim]]
            name   = "minimum"
            kind   = "hessian"
            family = "ca"
            type   = "local-minimum"
            """)
        let claims = try Decide.claims(text)
        let saddle = try XCTUnwrap(Decide.claim("saddle", in: claims).instances.first)
        XCTAssertEqual(saddle.verdict, .proved)
        XCTAssertEqual(saddle.evidence.hessianMethod, .sectors)
        XCTAssertEqual(saddle.evidence.morseIndex, 1)
        let carriers = try XCTUnwrap(saddle.evidence.sectors).filter { $0.negative > 0 }
        XCTAssertEqual(carriers.count, 1)
        XCTAssertEqual(carriers.first?.groupSize, 2)
        XCTAssertEqual(carriers.first?.negativeDirections, 1)
        XCTAssertTrue(carriers.first?.identifier.contains("within") ?? false, "\(carriers)")
        let minimum = try XCTUnwrap(Decide.claim("minimum", in: claims).instances.first)
        XCTAssertEqual(minimum.verdict, .refuted)
        guard case let .negativeSectors(summary, witnessCarriers)? = minimum.witness else { return XCTFail("witness") }
        XCTAssertEqual(summary.negative, 1)
        XCTAssertEqual(witnessCarriers.map(\.identifier), carriers.map(\.identifier))
    }

    /// The optimal point (3, 1^(n−1)) at k = 14 (n = 12, 180 parameters) has index 2 by
    /// the dense reference (the certified inertia of the whole Hessian, another code path);
    /// the sector path proves it, and a claim of index 1 is REFUTED with the sectors that
    /// carry the two negative directions. At k = 50, n = 49 (2499 parameters) the claim is
    /// planned and decided from the sectors: no dense refusal.
    func testTheOptimalPointAtLargerKIsTypedBySectorsAndAWrongIndexRefuted() throws {
        let partition = [3] + Array(repeating: 1, count: 11)
        let problem = TeacherStudentProblem(
            activation: .standardErf, teacher: Configurations.orthonormalTeacher(neurons: 14, inputDimension: 14, precision: 128),
            student: Configurations.copyAverageStudent(partition: partition, inputDimension: 14, precision: 128))
        guard case .certified(let dense) = SymmetricInertia.certify(try DenseEvaluation.hessian(problem, precision: 128).rows) else {
            return XCTFail("the dense reference is not certified")
        }
        XCTAssertEqual(dense.negative, 2)
        func file(k: Int, n: Int, index: String) -> String {
            Decide.copyAverageFile(k: "\(k)..\(k)", n: "\(n)..\(n)", partitions: "(k-n+1, 1^(n-1))", claims: """
                [[claim]]
                name        = "index"
                kind        = "hessian"
                family      = "ca"
                morse-index = "\(index)"
                """)
        }
        let right = try XCTUnwrap(Decide.claim("index", in: try Decide.claims(file(k: 14, n: 12, index: "2"))).instances.first)
        XCTAssertEqual(right.verdict, .proved)
        XCTAssertEqual(right.evidence.hessianMethod, .sectors)
        let wrong = try XCTUnwrap(Decide.claim("index", in: try Decide.claims(file(k: 14, n: 12, index: "1"))).instances.first)
        XCTAssertEqual(wrong.verdict, .refuted)
        guard case let .sectorMorseIndex(actual, claimed, _, carriers)? = wrong.witness else { return XCTFail("witness") }
        XCTAssertEqual(actual, 2)
        XCTAssertEqual(claimed, 1)
        XCTAssertEqual(carriers.reduce(0) { $0 + $1.negativeDirections }, 2)
        XCTAssertTrue(carriers.allSatisfy { $0.groupSize == 3 }, "\(carriers.map(\.identifier))")

        let large = try XCTUnwrap(Decide.claim("index", in: try Decide.claims(file(k: 50, n: 49, index: "1"))).instances.first)
        XCTAssertEqual(large.verdict, .proved)
        XCTAssertEqual(large.evidence.hessianMethod, .sectors)
        XCTAssertEqual(try XCTUnwrap(large.evidence.sectors).reduce(0) { $0 + $1.multiplicity * $1.blockSize }, 49 * 51)
    }

    /// An explicit configuration a hair (10^-45) away from the copy-average point (2) is
    /// not exactly symmetric: its type comes from the Krawczyk box, never from the sectors.
    /// A numerical family's point neither.
    func testPerturbedAndNumericalConfigurationsNeverTakeTheSectorPath() throws {
        let text = Decide.file("""
            [parameters]
            k = "2..2"

            [definitions]
            "c(l)" = "1/sqrt(l*(2*l - 1))"

            [family.near]
            kind           = "explicit"
            input-weights  = [["c(2) + 1/10^45", "c(2)"]]
            output-weights = ["2"]

            [family.ca]
            kind       = "copy-average"
            partitions = "[2]"
            incoming   = "c(l)"
            outgoing   = "l"

            [family.copies]
            kind         = "numerical"
            start        = "copies"
            students     = "1"
            perturbation = "1/100"
            seed         = 7

            [[claim]]
            name      = "near"
            kind      = "hessian"
            family    = "near"
            type      = "local-minimum"
            tolerance = "1e-30"

            [[claim]]
            name   = "ca"
            kind   = "hessian"
            family = "ca"
            type   = "local-minimum"

            [[claim]]
            name   = "copies"
            kind   = "hessian"
            family = "copies"
            morse-index = "report"
            """)
        let claims = try Decide.claims(text)
        let near = try XCTUnwrap(Decide.claim("near", in: claims).instances.first)
        XCTAssertEqual(near.verdict, .verified)
        XCTAssertEqual(near.evidence.hessianMethod, .krawczykBox)
        XCTAssertNil(near.evidence.sectors)
        let ca = try XCTUnwrap(Decide.claim("ca", in: claims).instances.first)
        XCTAssertEqual(ca.verdict, .proved)
        XCTAssertEqual(ca.evidence.hessianMethod, .sectors)
        let copies = try XCTUnwrap(Decide.claim("copies", in: claims).instances.first)
        XCTAssertEqual(copies.evidence.hessianMethod, .krawczykBox)
        XCTAssertNil(copies.evidence.sectors)
    }

    // MARK: Reports

    /// The JSON of a sector-typed instance carries the documented field names.
    func testSectorFieldsInTheJSONReport() throws {
        let text = Decide.copyAverageFile(k: "3..3", n: "2..2", claims: """
            [[claim]]
            name   = "type"
            kind   = "hessian"
            family = "ca"
            morse-index = "report"
            """)
        let claim = try Decide.claim("type", in: try Decide.claims(text))
        let report = DecisionRendering.instanceReport(try XCTUnwrap(claim.instances.first), claim.planned.instances[0])
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(report), as: UTF8.self)
        for key in ["\"hessian_method\":\"sectors\"", "\"sectors\":[", "\"identifier\"", "\"description\"",
                    "\"block_size\"", "\"multiplicity\"", "\"positive\"", "\"negative\"", "\"negative_directions\""] {
            XCTAssertTrue(json.contains(key), "\(key) in \(json)")
        }
    }

    // MARK: Block eigenvalues

    /// Against eigenvalues known in closed form: [[2, 1], [1, 2]] has 1 and 3; the 3×3
    /// tridiagonal [[2, −1, 0], [−1, 2, −1], [0, −1, 2]] has 2 − √2, 2, 2 + √2 (G = I); the
    /// pencil B = [[3, 1], [1, 2]], G = [[2, 1], [1, 1]] has det(B − λG) = λ² − 5λ + 5, so
    /// λ = (5 ∓ √5)/2; a 1×1 block −5 with G = 2 has −5/2.
    func testBlockEigenvalueEnclosuresContainTheKnownEigenvalues() throws {
        let p = 128
        func m(_ rows: [[Int]]) -> [[Interval]] { rows.map { $0.map { Interval($0, precision: p) } } }
        func identity(_ size: Int) -> [[Interval]] { m((0..<size).map { i in (0..<size).map { $0 == i ? 1 : 0 } }) }
        func enclose(_ rows: [[Int]], gram: [[Int]]? = nil) -> [Interval]? {
            BlockEigenvalues.enclose(m(rows), gram: gram.map(m) ?? identity(rows.count), precision: p)
        }
        let two = try XCTUnwrap(enclose([[2, 1], [1, 2]]))
        XCTAssertEqual(two.count, 2)
        XCTAssertTrue(two[0].contains(Interval(1, precision: p)) && !two[0].contains(Interval(3, precision: p)))
        XCTAssertTrue(two[1].contains(Interval(3, precision: p)))
        let three = try XCTUnwrap(enclose([[2, -1, 0], [-1, 2, -1], [0, -1, 2]]))
        let root2 = try Interval(2, precision: p).sqrt()
        let expected = [Interval(2, precision: p) - root2, Interval(2, precision: p), Interval(2, precision: p) + root2]
        for (enclosure, value) in zip(three, expected) {
            XCTAssertTrue(enclosure.overlaps(value))
            XCTAssertLessThan(enclosure.width.upperBoundAsDouble, 1e-9)
        }
        XCTAssertFalse(three[0].overlaps(Interval(2, precision: p)), "a wrong eigenvalue is excluded")
        let pencil = try XCTUnwrap(enclose([[3, 1], [1, 2]], gram: [[2, 1], [1, 1]]))
        let root5 = try Interval(5, precision: p).sqrt()
        XCTAssertTrue(pencil[0].overlaps((Interval(5, precision: p) - root5).scaled(byPowerOfTwo: -1)))
        XCTAssertTrue(pencil[1].overlaps((Interval(5, precision: p) + root5).scaled(byPowerOfTwo: -1)))
        XCTAssertFalse(pencil[0].overlaps(Interval(1, precision: p)), "not the eigenvalues of B alone")
        // A double eigenvalue cannot be given windows of one eigenvalue each; a larger
        // block, or a Gram matrix that is not positive definite, gives none.
        XCTAssertNil(enclose([[1, 0], [0, 1]]))
        XCTAssertNil(enclose([[1, 0, 0, 0], [0, 2, 0, 0], [0, 0, 3, 0], [0, 0, 0, 4]]))
        XCTAssertNil(enclose([[3, 1], [1, 2]], gram: [[1, 2], [2, 1]]))
        let one = try XCTUnwrap(enclose([[-5]], gram: [[2]]))
        XCTAssertTrue(one[0].contains(Interval(Rational(-5, 2), precision: p)))
    }
}
