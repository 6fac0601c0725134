import XCTest
import Foundation
@testable import ClaimDecisions
import CertifiedIntervals
import CertifiedLinearAlgebra
import Reports
import TheoremFiles
import CheckerTestSupport
import TeacherStudent
import RangeProofs

/// Hessian claims about (k−n+1, 1^(n−1)) with n = k − m + 1 over k = "k0..", decided for
/// every k. The plumbing (criticality for every k, polynomial blocks, piecewise inertia,
/// the verdicts and their counterexamples) is tested here with *synthetic* sectors whose
/// inertia is known by construction (a diagonal entry 11 − 2n changes sign between n = 5
/// and n = 6: Morse index 0 up to k = m + 4, 1 from k = m + 5 on), so that a true claim
/// must be PROVED and a wrong type or a wrong index formula REFUTED at the right k.
final class CriticalTypesForAllKTests: XCTestCase {

    static func file(k: String = "3..", n: String = "k-1..k-1", claims: String) -> String {
        Theorems.file("""
        [parameters]
        k = "\(k)"
        n = "\(n)"

        [definitions]
        "c(l)" = "1/sqrt(l*(2*l - 1))"

        [family.optimal]
        kind       = "copy-average"
        partitions = "(k-n+1, 1^(n-1))"
        incoming   = "c(l)"
        outgoing   = "l"

        \(claims)
        """, setting: "[setting]\nactivation = \"erf\"\nteacher = \"orthonormal\"\n")
    }

    static func claim(_ name: String, _ body: String, k: String? = nil) -> String {
        "[[claim]]\nname = \"\(name)\"\nkind = \"hessian\"\nfamily = \"optimal\"\n\(body)\n"
            + (k.map { "for = { k = \"\($0)\" }\n" } ?? "")
    }

    /// Synthetic sectors valid from n = 4: "switch" [[1, 0], [0, 11 − 2n]] once, "copies"
    /// [[π, 1], [1, n]] (positive definite for n ≥ 1) n − 2 times, and (with
    /// `negativeCopies`) "down" [[−1]] n − 2 times. Below n = 4 the instances are the same
    /// blocks evaluated at n.
    static func syntheticSource(negativeCopies: Bool = false) -> CriticalTypeForAllSizes.SectorSource {
        let p = 128
        /// `filler` [[1]] makes Σ multiplicity × size = n(d + 1) = n² + (m + e) n.
        func sectors(m: Int, e: Int) -> [PolynomialSector] {
            let n = IntervalPolynomial.variable(precision: p)
            let one = IntervalPolynomial.constant(1, precision: p), zero = IntervalPolynomial.zero(precision: p)
            var list = [
                PolynomialSector(identifier: "switch", description: "", multiplicityNumerator: [1], multiplicityDenominator: 1,
                                 block: [[one, zero], [zero, IntervalPolynomial(integers: [11, -2], precision: p)]]),
                PolynomialSector(identifier: "copies", description: "", multiplicityNumerator: [-2, 1], multiplicityDenominator: 1,
                                 block: [[.constant(Interval.pi(precision: p)), one], [one, n]]),
            ]
            if negativeCopies {
                list.append(PolynomialSector(identifier: "down", description: "", multiplicityNumerator: [-2, 1],
                                             multiplicityDenominator: 1, block: [[.constant(-1, precision: p)]]))
            }
            let filler = negativeCopies ? [4, m + e - 3, 1] : [2, m + e - 2, 1]
            list.append(PolynomialSector(identifier: "filler", description: "", multiplicityNumerator: filler,
                                         multiplicityDenominator: 1, block: [[one]]))
            return list
        }
        return CriticalTypeForAllSizes.SectorSource(
            family: { m, e, _, _, _, _ in (4, sectors(m: m, e: e)) },
            instance: { partition, d, _, _, _, _ in
                let n = partition.count, k = partition.reduce(0, +)
                return sectors(m: partition[0], e: d - k).map { sector in
                    let block = sector.block.map { $0.map { $0.evaluate(at: n) } }
                    guard case .certified(let inertia) = SymmetricInertia.certify(block) else {
                        return SectorInstanceInertia(identifier: sector.identifier, multiplicity: sector.multiplicity(at: n),
                                                     blockSize: sector.block.count, positive: nil, negative: nil)
                    }
                    return SectorInstanceInertia(identifier: sector.identifier, multiplicity: sector.multiplicity(at: n),
                                                 blockSize: sector.block.count, positive: inertia.positive,
                                                 negative: inertia.negative)
                }
            })
    }

    /// A catalogue that misses directions (no filler): not trusted, INCONCLUSIVE — never a
    /// verdict from blocks that do not add up to the parameter space.
    func testSectorsThatDoNotCoverTheParametersAreNotTrusted() throws {
        let saved = CriticalTypeForAllSizes.source
        let full = Self.syntheticSource()
        CriticalTypeForAllSizes.source = CriticalTypeForAllSizes.SectorSource(
            family: { m, e, a, c, o, p in
                let (validFrom, sectors) = try full.family(m, e, a, c, o, p)
                return (validFrom, sectors.filter { $0.identifier != "filler" })
            },
            instance: full.instance)
        defer { CriticalTypeForAllSizes.source = saved }
        let report = try Theorems.run(Self.file(claims: Self.claim("H", "type = \"saddle\"", k: "7..")))
        XCTAssertEqual(report.claim("H")?.verdict, .inconclusive, report.text)
        XCTAssertTrue(report.claim("H")?.instances.first?.proof?.reason?.contains("do not add up") ?? false, report.text)
    }

    func run(_ text: String, negativeCopies: Bool = false) throws -> TheoremReport {
        let saved = CriticalTypeForAllSizes.source
        CriticalTypeForAllSizes.source = Self.syntheticSource(negativeCopies: negativeCopies)
        defer { CriticalTypeForAllSizes.source = saved }
        return try Theorems.run(text)
    }

    func counterexample(_ report: TheoremReport, _ claim: String) -> (k: Int, n: Int, quantity: String)? {
        guard let proof = report.claim(claim)?.instances.first?.proof, let c = proof.counterexample,
              let k = c.point["k"].flatMap({ Int($0) }), let n = c.point["n"].flatMap({ Int($0) }) else { return nil }
        return (k, n, c.quantity)
    }

    func testTrueClaimsAreProvedAndFalseOnesRefutedAtTheFirstK() throws {
        // m = 2 (n = k − 1): index 0 for n ≤ 5 (k ≤ 6), 1 for n ≥ 6 (k ≥ 7).
        let text = Self.file(claims: [
            Self.claim("saddle-from-7", "type = \"saddle\"", k: "7.."),
            Self.claim("index-1-from-7", "morse-index = \"1\"", k: "7.."),
            Self.claim("index-formula", "morse-index = \"k - 6\"", k: "7.."),       // wrong from k = 8 on
            Self.claim("minimum-everywhere", "type = \"local-minimum\""),            // wrong from k = 7 on
            Self.claim("saddle-everywhere", "type = \"saddle\""),                    // wrong at k = 3
            Self.claim("minimum-from-3", "morse-index = \"0\""),                     // wrong at k = 7
        ].joined(separator: "\n"))
        let report = try run(text)
        if ProcessInfo.processInfo.environment["SHOW_REPORT"] != nil { print(report.text) }
        let verdicts = Dictionary(report.claims.map { ($0.name, $0.verdict) }, uniquingKeysWith: { a, _ in a })
        XCTAssertEqual(verdicts, ["saddle-from-7": .proved, "index-1-from-7": .proved, "index-formula": .refuted,
                                  "minimum-everywhere": .refuted, "saddle-everywhere": .refuted, "minimum-from-3": .refuted],
                       report.text)
        XCTAssertEqual(report.claim("saddle-from-7")?.scope, "for all integers k ≥ 7")
        XCTAssertEqual(counterexample(report, "index-formula").map { [$0.k, $0.n] }, [8, 7])
        XCTAssertEqual(counterexample(report, "minimum-everywhere").map { [$0.k, $0.n] }, [7, 6])
        XCTAssertTrue(counterexample(report, "minimum-everywhere")?.quantity.contains("sector switch") ?? false,
                      "\(String(describing: counterexample(report, "minimum-everywhere")))")
        XCTAssertEqual(counterexample(report, "saddle-everywhere").map { [$0.k, $0.n] }, [3, 2])
        XCTAssertEqual(counterexample(report, "minimum-from-3").map { [$0.k, $0.n] }, [7, 6])
        // The proof says what it rests on: criticality for every k, the per-sector inertia.
        let summary = try XCTUnwrap(report.claim("index-1-from-7")?.instances.first?.proof?.summary)
        XCTAssertTrue(summary.contains("exactly critical for every k"), summary)
        XCTAssertTrue(summary.contains("k ≥ 7: Morse index 1"), summary)
        XCTAssertTrue(summary.contains("switch ×(1): (+1, −1, 0×0)"), summary)
    }

    func testIndexGrowingWithNIsProvedAsAFormula() throws {
        // With "down" ×(n − 2): index n − 2 for n ≤ 5, n − 1 for n ≥ 6; with m = 3
        // (n = k − 2) that is k − 3 from k = 8 on.
        let text = Self.file(k: "4..", n: "k-2..k-2", claims: [
            Self.claim("formula", "morse-index = \"k - 3\"", k: "8.."),
            Self.claim("formula-small", "morse-index = \"n - 2\"", k: "4..7"),
            Self.claim("formula-wrong", "morse-index = \"k - 4\""),   // right up to k = 7, wrong from k = 8
        ].joined(separator: "\n"))
        // formula-small ranges over a finite k: it goes down the dense path; only the
        // unbounded claims use the synthetic sectors.
        let report = try run(text.replacingOccurrences(of: Self.claim("formula-small", "morse-index = \"n - 2\"", k: "4..7"),
                                                       with: ""), negativeCopies: true)
        XCTAssertEqual(report.claim("formula")?.verdict, .proved, report.text)
        XCTAssertEqual(report.claim("formula-wrong")?.verdict, .refuted, report.text)
        XCTAssertEqual(counterexample(report, "formula-wrong").map { [$0.k, $0.n] }, [8, 6])
    }

    func testClaimsItCannotDecideAreFileErrors() throws {
        let cases: [(String, String, String)] = [
            // n not tied to k.
            (Self.file(n: "2..3", claims: Self.claim("H", "type = \"saddle\"")), "parameters.n", "k-m+1..k-m+1"),
            // m = 1: all copies, no average.
            (Self.file(n: "k..k", claims: Self.claim("H", "type = \"saddle\"")), "parameters.n", "m ≥ 2"),
            // A table of partitions makes no sense for one partition per k.
            (Self.file(claims: Self.claim("H", "morse-index = \"1\"\nmorse-index-by-partition = { \"2,1\" = 0 }")),
             "morse-index-by-partition", "expression in k and n"),
            // The index may only read k and n.
            (Self.file(claims: Self.claim("H", "morse-index = \"l\"")), "morse-index", "unknown variable"),
        ]
        for (text, keyPath, message) in cases {
            guard let error = Theorems.fileError(text, message) else { XCTFail("no error for \(keyPath)"); continue }
            XCTAssertTrue(error.description.contains(keyPath), "\(keyPath): \(error)")
            XCTAssertTrue(error.description.contains(message), "\(message): \(error)")
        }
    }

    // MARK: The real sectors against the dense Hessian

    /// The Morse index (and dimension count) that the polynomial blocks of (m, 1^(n−1))
    /// give at each n, against the certified inertia of the dense n(d+1) Hessian
    /// (`DenseEvaluation.hessian`, interval LDLᵀ) — an independent path — for every
    /// k ≤ 9 the polynomial blocks cover (n ≥ 5), d = k and d = k + 2.
    func testPolynomialSectorsAgreeWithTheDenseHessian() throws {
        let p = 128
        let coefficient: (Int) throws -> Interval = { Configurations.standardCopyAverageCoefficient($0, precision: p) }
        let outgoing: (Int) throws -> Interval = { Interval($0, precision: p) }
        for m in [2, 3] {
            for e in [0, 2] {
                let (validFrom, sectors) = try CriticalTypeForAllSizes.SectorSource.symmetryAdaptedHessian
                    .family(m, e, .standardErf, coefficient, outgoing, p)
                XCTAssertEqual(validFrom, 5)
                let pieces = try MorseIndexForEveryN.pieces(sectors, from: validFrom, precision: p)
                for n in validFrom...(9 - m + 1) {
                    let k = n + m - 1, d = k + e
                    let piece = try XCTUnwrap(pieces.first { $0.contains(n) })
                    let decided = try XCTUnwrap(piece.sectors, "m = \(m), e = \(e), n = \(n): \(piece.reason ?? "")")
                    let dimension = decided.reduce(0) { total, entry in
                        total + entry.sector.multiplicity(at: n) * entry.sector.block.count
                    }
                    XCTAssertEqual(dimension, n * (d + 1), "m = \(m), e = \(e), n = \(n)")
                    let index = MorseIndexForEveryN.evaluate(piece.indexPolynomial, at: n)
                    let partition = [m] + Array(repeating: 1, count: n - 1)
                    let problem = TeacherStudentProblem(
                        activation: .standardErf,
                        teacher: Configurations.orthonormalTeacher(neurons: k, inputDimension: d, precision: p),
                        student: Configurations.copyAverageStudent(partition: partition, inputDimension: d, precision: p))
                    let dense = try DenseEvaluation.hessian(problem, precision: p)
                    guard case .certified(let inertia) = SymmetricInertia.certify(dense.rows) else {
                        XCTFail("dense inertia not certified at \(partition), d = \(d)"); continue
                    }
                    XCTAssertEqual(index, Rational(inertia.negative), "m = \(m), e = \(e), n = \(n)")
                    XCTAssertEqual(MorseIndexForEveryN.evaluate(piece.positivePolynomial, at: n), Rational(inertia.positive))
                }
            }
        }
    }
}
