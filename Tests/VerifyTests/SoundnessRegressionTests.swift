import XCTest
import ClaimDecisions
import Reports
import TheoremFiles

/// Cases found by an independent soundness review: each once led (or could lead) to a
/// verdict without the certified bound behind it.
final class SoundnessRegressionTests: XCTestCase {

    /// The weight is c(2) + 10^-10 · cos(π · 10^40) = c(2) + 10^-10 exactly (not a critical
    /// point), but at 128 bits the cosine's enclosure is [-1, 1], so the weight's enclosure
    /// is centred on the critical c(2) and much wider than the Krawczyk box. A proof about
    /// the box around that centre says nothing about the configuration: no claim may be
    /// PROVED or VERIFIED, and with enough precision the point is REFUTED.
    func testKrawczykBoxMustContainTheConfiguration() throws {
        let text = Theorems.file("""
        [parameters]
        k = "2..2"

        [family.wide]
        kind     = "one-neuron-average"
        incoming = "1/sqrt(k*(2*k-1)) + 10^-10*cos(pi*10^40)"
        outgoing = "k"

        [[claim]]
        name   = "type"
        kind   = "hessian"
        family = "wide"
        type   = "local-minimum"

        [[claim]]
        name      = "unique"
        kind      = "critical-point"
        family    = "wide"
        proof     = "krawczyk"
        tolerance = "1"
        """)
        let atStart = try Theorems.run(text, start: 128, maximum: 128)
        for claim in atStart.claims {
            XCTAssertEqual(claim.verdict, .inconclusive, "\(claim.name) at 128 bits:\n\(atStart.text)")
        }
        let withPrecision = try Theorems.run(text, start: 128, maximum: 512)
        XCTAssertEqual(try XCTUnwrap(withPrecision.claim("type")).verdict, .refuted, withPrecision.text)
    }

    /// The Morse-index table is keyed by multisets of block sizes: "1,2" and "2,1" are the
    /// same partition, and listing it twice with different indices is an invalid file.
    func testDuplicatePartitionsInAMorseIndexTableAreRejected() throws {
        let text = Theorems.file("""
        [parameters]
        k = "3..3"
        n = "2..2"

        \(Theorems.copyAverageDefinitions)
        [family.ca]
        kind     = "copy-average"
        incoming = "c(l)"
        outgoing = "a(l)"

        [[claim]]
        name        = "index"
        kind        = "hessian"
        family      = "ca"
        morse-index = "0"
        morse-index-by-partition = { "1,2" = 0, "2,1" = 5 }
        """)
        let error = try XCTUnwrap(Theorems.fileError(text))
        XCTAssertEqual(error.keyPath, "claim[1].morse-index-by-partition", error.description)
        XCTAssertTrue(error.message.contains("listed twice"), error.description)
    }

    /// A hessian claim at a closed-form point is about the point being a critical point of
    /// that type: with a gradient that encloses 0 but is not within the tolerance, the type
    /// of the nearby critical point is not enough (INCONCLUSIVE, never PROVED).
    func testHessianClaimNeedsTheGradientWithinTolerance() throws {
        let text = Theorems.file("""
        [parameters]
        k = "2..2"

        [family.near]
        kind     = "one-neuron-average"
        incoming = "1/sqrt(k*(2*k-1)) + 10^-45"
        outgoing = "k"

        [[claim]]
        name      = "type"
        kind      = "hessian"
        family    = "near"
        type      = "local-minimum"
        tolerance = "1e-60"
        """)
        let report = try Theorems.run(text, start: 128, maximum: 128)
        let verdict = try XCTUnwrap(report.claim("type")).verdict
        XCTAssertNotEqual(verdict, .proved, report.text)
        XCTAssertNotEqual(verdict, .verified, report.text)
        // With precision the gradient (≈ 1e-45) is resolved and the point is refuted.
        let precise = try Theorems.run(text, start: 128, maximum: 1024)
        XCTAssertEqual(try XCTUnwrap(precise.claim("type")).verdict, .refuted, precise.text)
    }

    /// The activation of a claim is built once, so `beta` may not depend on a parameter
    /// (with `beta = "k"` every instance would silently use the first instance's β).
    func testBetaDependingOnAParameterIsRejected() throws {
        let text = Theorems.file("""
        [parameters]
        k = "1..3"

        [[claim]]
        name   = "kernel"
        kind   = "kernel"
        beta   = "k"
        points = [["1", "1", "1/2"]]
        """)
        let error = try XCTUnwrap(Theorems.fileError(text))
        XCTAssertEqual(error.keyPath, "claim[1].beta", error.description)
    }
}
