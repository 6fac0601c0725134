import XCTest
import Foundation
@testable import ClaimDecisions
import CertifiedIntervals
import ClosedForms
import Reports
import TheoremFiles
import CheckerTestSupport
import TeacherStudent
import RangeProofs

/// The Morse index of the optimal copy-average point (m, 1^(n−1)) of the erf family for
/// EVERY k, with the real sectors: the exactly-zero coefficients of the polynomial blocks
/// are proved 0 (FamilyExactZeros), so the index is PROVED for all k (m = 2: 1 from k = 7;
/// m = 3: 2 from k = 14 — the values the dense Hessian gives at the first k, see
/// CriticalTypesForAllKTests.testPolynomialSectorsAgreeWithTheDenseHessian and the
/// reviewer's table in notes/s17/review-sectors.md), wrong indices are REFUTED, and
/// without the exact zeros the claim is not PROVED.
final class MorseIndexForEveryKTests: XCTestCase {

    func file(_ claims: [String]) -> String {
        CriticalTypesForAllKTests.file(claims: claims.joined(separator: "\n"))
    }

    func claim(_ name: String, _ body: String, k: String, m: Int) -> String {
        "[[claim]]\nname = \"\(name)\"\nkind = \"hessian\"\nfamily = \"optimal\"\n\(body)\n"
            + "for = { k = \"\(k)\", n = \"k-\(m - 1)..k-\(m - 1)\" }\n"
    }

    func testTheIndexForEveryKIsProvedAndWrongIndicesAreRefuted() throws {
        let report = try Theorems.run(file([
            claim("m2-index-1", "morse-index = \"1\"", k: "7..", m: 2),
            claim("m3-index-2", "morse-index = \"2\"", k: "14..", m: 3),
            claim("m2-index-2", "morse-index = \"2\"", k: "7..", m: 2),          // wrong everywhere
            claim("m2-index-formula", "morse-index = \"k - 6\"", k: "7..", m: 2), // wrong from k = 8
            claim("m3-index-1", "morse-index = \"1\"", k: "14..", m: 3),          // wrong everywhere
        ]))
        if ProcessInfo.processInfo.environment["SHOW_REPORT"] != nil { print(report.text) }
        let verdicts = Dictionary(report.claims.map { ($0.name, $0.verdict) }, uniquingKeysWith: { a, _ in a })
        XCTAssertEqual(verdicts, ["m2-index-1": .proved, "m3-index-2": .proved, "m2-index-2": .refuted,
                                  "m2-index-formula": .refuted, "m3-index-1": .refuted], report.text)
        XCTAssertEqual(report.claim("m2-index-1")?.scope, "for all integers k ≥ 7")
        // The proof names how the zeros were proved.
        for name in ["m2-index-1", "m3-index-2"] {
            let summary = try XCTUnwrap(report.claim(name)?.instances.first?.proof?.summary)
            XCTAssertTrue(summary.contains("are proved exactly 0 by Calcium"), summary)
            XCTAssertTrue(summary.contains("no coefficient is set to 0 from an enclosure"), summary)
        }
        func point(_ name: String) -> [String]? {
            guard let c = report.claim(name)?.instances.first?.proof?.counterexample else { return nil }
            return [c.point["k"] ?? "?", c.point["n"] ?? "?"]
        }
        XCTAssertEqual(point("m2-index-2"), ["7", "6"])
        XCTAssertEqual(point("m2-index-formula"), ["8", "7"])
        XCTAssertEqual(point("m3-index-1"), ["14", "12"])
    }

    /// Without the exact zeros (the same real sectors, enclosures only) the index for every k
    /// is not PROVED: the exact route is what closes the gap, and enclosures alone never
    /// turn into zeros.
    func testWithoutExactZerosTheIndexForEveryKIsNotProved() throws {
        let saved = CriticalTypeForAllSizes.source
        var enclosuresOnly = saved
        enclosuresOnly.exactZeros = nil
        CriticalTypeForAllSizes.source = enclosuresOnly
        defer { CriticalTypeForAllSizes.source = saved }
        let report = try Theorems.run(file([claim("m2-index-1", "morse-index = \"1\"", k: "7..", m: 2)]))
        XCTAssertEqual(report.claim("m2-index-1")?.verdict, .inconclusive, report.text)
    }

    /// Kernels without an exact route keep their blocks unchanged, with the reason.
    func testOtherKernelsKeepTheirEnclosures() throws {
        let incoming = try ExpressionParser.parse("1/sqrt(l*(2*l - 1))"), outgoing = try ExpressionParser.parse("l")
        func at(_ l: Int) -> Environment { Environment(variables: ["l": .exact(Rational(l))], definitions: Definitions()) }
        let c: (Int) throws -> Interval = { try incoming.enclosure(in: at($0), precision: 128) }
        let a: (Int) throws -> Interval = { try outgoing.enclosure(in: at($0), precision: 128) }
        let (_, sectors) = try CriticalTypeForAllSizes.SectorSource.symmetryAdaptedHessian.family(2, 0, .quadratic, c, a, 128)
        let outcome = FamilyExactZeros.refine(sectors, averageSize: 2, orthogonalOffset: 0, activation: .quadratic,
                                              incoming: incoming, outgoing: outgoing, definitions: Definitions(),
                                              coefficient: c, outgoingWeight: a, precision: 128)
        XCTAssertNil(outcome.summary)
        XCTAssertNil(outcome.proofStep)
        XCTAssertTrue(outcome.note?.contains("erf kernel only") ?? false, outcome.note ?? "no note")
        for (before, after) in zip(sectors, outcome.sectors) {
            for (rowB, rowA) in zip(before.block, after.block) {
                for (x, y) in zip(rowB, rowA) {
                    XCTAssertEqual(x.coefficients.count, y.coefficients.count)
                    for (u, v) in zip(x.coefficients, y.coefficients) { XCTAssertTrue(u.contains(v) && v.contains(u)) }
                }
            }
        }
    }
}
