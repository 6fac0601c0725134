import XCTest
import ClaimDecisions
import Reports
import TheoremFiles

/// The theorem files shipped in theorems/ parse and verify with their expected
/// verdicts (checked against the mathematics document, not against earlier output).
final class ShippedTheoremsTests: XCTestCase {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    func report(_ name: String) throws -> TheoremReport {
        let path = Self.repository.appendingPathComponent("theorems/\(name)").path
        let file = try TheoremFileParser.load(path: path)
        let verifier = TheoremVerifier(file: file, options: VerificationOptions(startPrecision: 128, maximumPrecision: 1024))
        return verifier.run(try verifier.plan())
    }

    func testCopyAverageFileIsVerified() throws {
        let report = try report("copy_average.toml")
        XCTAssertEqual(report.verdict, .verified, TextReport.render(report))
        // The critical points are exactly critical at every instance (PROVED, "exact").
        let critical = try XCTUnwrap(report.claims.first { $0.name == "ca-critical" })
        XCTAssertEqual(critical.verdict, .proved)
        XCTAssertTrue(critical.worstBound?.contains("exact at every instance") ?? false, critical.worstBound ?? "")
        // 2 ≤ k ≤ 12, 1 ≤ n < k: 66 (k, n) instances for the optimum claim.
        XCTAssertEqual(report.claims.first { $0.name == "ca-optimal" }?.instances.count, 66)
        // The concavity of L* is one statement over all integers l ≥ 2 (one range proof),
        // and one over all real l ≥ 1: PROVED, and the reports say over what.
        let concave = try XCTUnwrap(report.claims.first { $0.name == "Lstar-concave" })
        XCTAssertEqual(concave.instances.count, 1)
        XCTAssertEqual(concave.verdict, .proved, TextReport.render(report))
        XCTAssertEqual(concave.scope, "for all integers l ≥ 2")
        let real = try XCTUnwrap(report.claims.first { $0.name == "Lstar-concave-real" })
        XCTAssertEqual(real.verdict, .proved, TextReport.render(report))
        XCTAssertEqual(real.scope, "for all real l ≥ 1")
        XCTAssertTrue(TextReport.render(report).contains("PROVED for all integers l ≥ 2 — "))
    }

    /// F1–F4 and the concavity of L*, for every k: every claim PROVED, each over "for all
    /// integers k ≥ 1" (or over l), the family claims by the copy-average reduction.
    func testCopyAverageAllKFileIsProved() throws {
        let report = try report("copy_average_all_k.toml")
        XCTAssertEqual(report.verdict, .proved, TextReport.render(report))
        XCTAssertEqual(Set(report.claims.map(\.name)),
                       ["F1-critical", "F2-loss", "F3-optimal", "F4-one-student", "F4-loss", "Lstar-concave-integers",
                        "Lstar-concave-reals"])
        for claim in report.claims {
            XCTAssertEqual(claim.verdict, .proved, claim.name)
            XCTAssertEqual(claim.instances.count, 1, claim.name)
            if claim.name.hasPrefix("F") {
                XCTAssertEqual(claim.scope, "for all integers k ≥ 1", claim.name)
                XCTAssertEqual(claim.instances.first?.proof?.method, "reduction", claim.name)
            }
        }
        XCTAssertEqual(report.claims.first { $0.name == "Lstar-concave-reals" }?.scope, "for all real l ≥ 1")
    }

    /// The type of (m, 1, ..., 1) for every k (issue 11, item 5): local minima at small k
    /// (instances), saddles for every k ≥ 7 (m = 2) and k ≥ 14 (m = 3), and their Morse
    /// indices (1 and 2) for every k, each PROVED — the index thanks to the exact zeros of
    /// the polynomial blocks, which the proof names.
    func testCriticalTypesAllKFileIsProved() throws {
        let main = try report("critical_types_all_k.toml")
        XCTAssertEqual(main.verdict, .proved, TextReport.render(main))
        XCTAssertEqual(main.claims.map(\.name), ["m2-minimum-small-k", "m2-saddle-every-k", "m3-minimum-small-k",
                                                   "m3-saddle-every-k", "m2-index-every-k", "m3-index-every-k"])
        XCTAssertEqual(main.claims.first { $0.name == "m2-minimum-small-k" }?.instances.count, 4)
        XCTAssertEqual(main.claims.first { $0.name == "m3-minimum-small-k" }?.instances.count, 10)
        for (name, k, sector) in [("m2-saddle-every-k", 7, "within-group(2)"), ("m3-saddle-every-k", 14, "within-group(3)")] {
            let claim = try XCTUnwrap(main.claims.first { $0.name == name })
            XCTAssertEqual(claim.scope, "for all integers k ≥ \(k)")
            let summary = try XCTUnwrap(claim.instances.first?.proof?.summary)
            XCTAssertTrue(summary.contains("exactly critical for every k"), summary)
        }
        for (name, k, index, sector) in [("m2-index-every-k", 7, 1, "within-group(2) ×(1): (+1, −1, 0×0)"),
                                         ("m3-index-every-k", 14, 2, "within-group(3) ×(2): (+1, −1, 0×0)")] {
            let claim = try XCTUnwrap(main.claims.first { $0.name == name })
            XCTAssertEqual(claim.scope, "for all integers k ≥ \(k)")
            let summary = try XCTUnwrap(claim.instances.first?.proof?.summary)
            XCTAssertTrue(summary.contains("k ≥ \(k): Morse index \(index) [sectors:"), summary)
            XCTAssertTrue(summary.contains(sector), summary)
            XCTAssertTrue(summary.contains("are proved exactly 0 by Calcium"), summary)
        }
    }

    func testOneNeuronFileIsVerified() throws {
        let report = try report("one_neuron.toml")
        XCTAssertEqual(report.verdict, .verified, TextReport.render(report))
    }

    func testGaussianKernelsFileIsVerified() throws {
        let report = try report("gaussian_kernels.toml")
        XCTAssertEqual(report.verdict, .verified, TextReport.render(report))
    }

    /// z²: the closed form (tr Δ)² + 2‖Δ‖² at an explicit point (16, computed by hand in the
    /// file), the one-student minimum (L = 8/3) and saddle (L = 32/3, index 1) against diag(2, 1).
    func testQuadraticFileIsVerified() throws {
        let report = try report("quadratic.toml")
        XCTAssertEqual(report.verdict, .verified, TextReport.render(report))
        XCTAssertEqual(report.claims.first { $0.name == "minimum-critical" }?.verdict, .proved)
    }

    /// ReLU: the points descent finds from copies are PROVED local minima modulo the
    /// scaling; the erf copy-average points are refuted as ReLU critical points (a witness
    /// at every instance: docs/examples/relu_copy_average_not_critical.toml).
    func testReLUCopyAverageFiles() throws {
        let descent = try report("relu_copy_average.toml")
        XCTAssertEqual(descent.verdict, .proved, TextReport.render(descent))
        for name in ["descent-unique", "descent-type"] {
            let claim = try XCTUnwrap(descent.claims.first { $0.name == name })
            XCTAssertEqual(claim.verdict, .proved, TextReport.render(descent))
            XCTAssertEqual(claim.instances.count, 10)
        }
        let example = try report("../docs/examples/relu_copy_average_not_critical.toml")
        let refuted = try XCTUnwrap(example.claims.first { $0.name == "erf-ca-critical-for-relu" })
        XCTAssertEqual(refuted.verdict, .refuted, TextReport.render(example))
        XCTAssertEqual(refuted.instances.count, 10)
        XCTAssertTrue(refuted.instances.allSatisfy { $0.verdict == .refuted })
    }
}
