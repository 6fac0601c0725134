import XCTest
import Foundation
@testable import ClaimDecisions
import Reports
import TheoremFiles
import CheckerTestSupport

/// Copy-average claims over `k = "k0.."`, decided for every k by the reduction: the
/// paper's erf family PROVED (F1–F4), and the same claims with ReLU, with perturbed
/// coefficients, with a wrong L* (also one wrong only beyond the first nine sizes) and
/// with a wrong minimiser REFUTED with a configuration of the range — never PROVED.
/// Claims the reduction cannot read for every k are errors of the file (exit 65).
/// Expected verdicts come from the mathematics document (§3, §7), not from earlier output.
final class CopyAverageForAllKTests: XCTestCase {

    /// A theorem file over every k with F1–F4 claims, with the given pieces.
    static func file(activation: String = "erf", c: String = "1/sqrt(l*(2*l - 1))",
                     lStar: String = "l/3 - 2*l^2/pi*asin(1/(2*l))", k: String = "1..", n: String = "1..k",
                     argmin: String = "(k-n+1, 1^(n-1))", extra: String = "") -> String {
        Theorems.file("""
        [parameters]
        k = "\(k)"
        n = "\(n)"

        [definitions]
        "c(l)"     = "\(c)"
        "a(l)"     = "l"
        "Lstar(l)" = "\(lStar)"

        [family.ca]
        kind       = "copy-average"
        partitions = "all"
        groups     = "n"
        incoming   = "c(l)"
        outgoing   = "a(l)"

        [family.one]
        kind       = "copy-average"
        partitions = "(k)"
        incoming   = "c(l)"
        outgoing   = "a(l)"

        [[claim]]
        name   = "F1"
        kind   = "critical-point"
        family = "ca"

        [[claim]]
        name   = "F2"
        kind   = "loss"
        family = "ca"
        equals = "sum(Lstar(l) for l in groups)"

        [[claim]]
        name   = "F3"
        kind   = "minimum-over-family"
        family = "ca"
        argmin = "\(argmin)"
        value  = "Lstar(k-n+1)"

        [[claim]]
        name   = "F4"
        kind   = "critical-point"
        family = "one"
        \(extra)
        """, setting: "[setting]\nactivation = \"\(activation)\"\nteacher = \"orthonormal\"\n")
    }

    func verdicts(_ report: TheoremReport) -> [String: Verdict] {
        Dictionary(report.claims.map { ($0.name, $0.verdict) }, uniquingKeysWith: { a, _ in a })
    }

    /// The counterexample of a REFUTED claim over every k: its (k, n) and its text.
    func counterexample(_ report: TheoremReport, _ claim: String) -> (k: Int, n: Int, quantity: String)? {
        guard let proof = report.claim(claim)?.instances.first?.proof, let c = proof.counterexample,
              let k = c.point["k"].flatMap({ Int($0) }), let n = c.point["n"].flatMap({ Int($0) }) else { return nil }
        return (k, n, c.quantity)
    }

    // MARK: True statements

    func testPaperFamilyIsProvedForEveryK() throws {
        let report = try Theorems.run(Self.file())
        for name in ["F1", "F2", "F3", "F4"] {
            let claim = try XCTUnwrap(report.claim(name))
            XCTAssertEqual(claim.verdict, .proved, report.text)
            XCTAssertEqual(claim.scope, "for all integers k ≥ 1")
            XCTAssertEqual(claim.instances.first?.proof?.method, "reduction")
        }
        // What each proof rests on.
        let f1 = try XCTUnwrap(report.claim("F1")?.instances.first?.proof?.summary)
        for quantity in ["A_a(l) ≡ 0", "A_w(l) ≡ 0", "B_a(l, lp) ≡ 0", "B_w(l, lp) ≡ 0", "C_w(l, lp) ≡ 0"] {
            XCTAssertTrue(f1.contains(quantity), f1)
        }
        XCTAssertTrue(f1.contains("every d ≥ k"), f1)
        let f3 = try XCTUnwrap(report.claim("F3")?.instances.first?.proof?.summary)
        XCTAssertTrue(f3.contains("L1(l) − L*(l) ≡ 0"), f3)
        XCTAssertTrue(f3.contains("L*(l+1) − 2 L*(l) + L*(l−1) < 0 for every integer l ≥ 2"), f3)
        XCTAssertTrue(f3.contains("transfer lemma"), f3)
        XCTAssertTrue(f3.contains("value(m+n−1, n) − L*(m) − (n−1)·L*(1) ≡ 0"), f3)
        // F4 needs the one-size quantities only.
        let f4 = try XCTUnwrap(report.claim("F4")?.instances.first?.proof?.summary)
        XCTAssertFalse(f4.contains("C_w"), f4)
    }

    /// A range starting later, fewer students, a non-standard erf scale with the matching
    /// c(l) (s = 2: c(l)² = 1/(s l (2l − 1)), a(l) = l still critical? No: checked below
    /// only for the standard scale) — here: k ≥ 3 and n ≤ k − 1.
    func testLaterRangeAndFewerStudentsAreProved() throws {
        let report = try Theorems.run(Self.file(k: "3..", n: "1..k-1"))
        XCTAssertEqual(verdicts(report), ["F1": .proved, "F2": .proved, "F3": .proved, "F4": .proved], report.text)
        XCTAssertEqual(report.claim("F1")?.scope, "for all integers k ≥ 3")
        XCTAssertTrue(report.claim("F1")?.instances.first?.proof?.summary.contains("n ≤ k − 1") ?? false)
    }

    // MARK: False statements: REFUTED with a configuration of the range

    func testReLUIsRefutedWithAWitnessSize() throws {
        let report = try Theorems.run(Self.file(activation: "relu"))
        XCTAssertEqual(verdicts(report), ["F1": .refuted, "F2": .refuted, "F3": .refuted, "F4": .refuted], report.text)
        // mathematics.md §7: for ReLU the erf coefficients do not give critical points; the
        // first non-critical configuration is the average of two teacher neurons, (2).
        let f1 = try XCTUnwrap(counterexample(report, "F1"))
        XCTAssertEqual([f1.k, f1.n], [2, 1])
        XCTAssertTrue(f1.quantity.contains("A_a(2)"), f1.quantity)
        // The witness enclosure excludes 0.
        let value = try XCTUnwrap(report.claim("F1")?.instances.first?.proof?.counterexample?.value)
        XCTAssertTrue(value.upper.hasPrefix("-"), "\(value)")
    }

    func testPerturbedCoefficientsAreRefuted() throws {
        // c(l) 0.1 % too large: at one teacher neuron the student copies 1.001·v, not v.
        let report = try Theorems.run(Self.file(c: "1.001/sqrt(l*(2*l - 1))"))
        XCTAssertEqual(verdicts(report), ["F1": .refuted, "F2": .refuted, "F3": .refuted, "F4": .refuted], report.text)
        XCTAssertEqual(counterexample(report, "F1").map { [$0.k, $0.n] }, [1, 1])
    }

    func testWrongLStarIsRefutedAndCriticalityStillProved() throws {
        // Equal to L* at l = 1 and 2, different from l = 3 on.
        let report = try Theorems.run(Self.file(lStar: "l/3 - 2*l^2/pi*asin(1/(2*l)) + (l-1)*(l-2)/1000"))
        XCTAssertEqual(verdicts(report), ["F1": .proved, "F2": .refuted, "F3": .refuted, "F4": .proved], report.text)
        XCTAssertEqual(counterexample(report, "F2").map { [$0.k, $0.n] }, [3, 1])
    }

    func testLStarWrongOnlyBeyondNineIsRefutedAtTen() throws {
        // (l−1)…(l−9)·10⁻⁹ vanishes at l = 1…9: the first wrong size is 10, beyond the
        // small configurations searched first.
        let report = try Theorems.run(Self.file(lStar: "l/3 - 2*l^2/pi*asin(1/(2*l)) + prod(j, 1, 9, l - j)*1e-9"))
        XCTAssertEqual(report.claim("F2")?.verdict, .refuted, report.text)
        let witness = try XCTUnwrap(counterexample(report, "F2"))
        XCTAssertGreaterThanOrEqual(witness.k, 10)
        XCTAssertEqual(report.claim("F1")?.verdict, .proved)
    }

    func testWrongMinimiserIsRefutedByALowerMember() throws {
        // (k−n, 2, 1^(n−2)) is the canonical minimiser only for k = n + 1; at k = 4, n = 2
        // the member (3, 1) has a certainly lower loss than (2, 2) (L* strictly concave).
        let report = try Theorems.run(Self.file(k: "3..", n: "2..k-1", argmin: "(k-n, 2, 1^(n-2))"))
        XCTAssertEqual(report.claim("F3")?.verdict, .refuted, report.text)
        let witness = try XCTUnwrap(counterexample(report, "F3"))
        XCTAssertEqual([witness.k, witness.n], [4, 2])
        // Either certified fact refutes it there: a member below (2, 2), or (2, 2)'s loss
        // differing from the claimed value Lstar(3) (which is the loss of (3, 1)).
        XCTAssertTrue(witness.quantity.contains("L([2, 2])"), witness.quantity)
    }

    /// One-neuron averages for every k: the erf average (F4) and the ReLU critical point of
    /// mathematics.md §4 with its loss L*_ReLU(k), PROVED for k ≥ 2 (at k = 1 the ReLU
    /// student is parallel to the teacher and sqrt(1 − 1/k) sits at its branch point: the
    /// side condition 1 − 1/l > 0 fails there, so k = "1.." stays INCONCLUSIVE, not PROVED);
    /// a wrong loss is REFUTED.
    func testOneNeuronAveragesForEveryK() throws {
        func text(_ k: String) -> String {
            Theorems.file("""
            [parameters]
            k = "\(k)"

            [family.relu]
            kind       = "one-neuron-average"
            activation = "relu"
            incoming   = "1/sqrt(k)"
            outgoing   = "k*(sqrt(1 - 1/k) + (pi - acos(1/sqrt(k)))/sqrt(k))/pi"

            [family.erf]
            kind     = "one-neuron-average"
            incoming = "1/sqrt(k*(2*k - 1))"
            outgoing = "k"

            [[claim]]
            name   = "relu-critical"
            kind   = "critical-point"
            family = "relu"

            [[claim]]
            name   = "relu-loss"
            kind   = "loss"
            family = "relu"
            equals = "k/2 + k*(k-1)/(2*pi) - (k*(sqrt(1 - 1/k) + (pi - acos(1/sqrt(k)))/sqrt(k)))^2/(2*pi^2)"

            [[claim]]
            name   = "erf-critical"
            kind   = "critical-point"
            family = "erf"

            [[claim]]
            name   = "erf-wrong-loss"
            kind   = "loss"
            family = "erf"
            equals = "k/3"
            """)
        }
        let report = try Theorems.run(text("2.."))
        XCTAssertEqual(verdicts(report), ["relu-critical": .proved, "relu-loss": .proved, "erf-critical": .proved,
                                          "erf-wrong-loss": .refuted], report.text)
        let fromOne = try Theorems.run(text("1.."))
        XCTAssertEqual(fromOne.claim("relu-critical")?.verdict, .inconclusive, fromOne.text)
        XCTAssertEqual(fromOne.claim("erf-critical")?.verdict, .proved, fromOne.text)
    }

    /// A range starting at a large k: the search never lists the (astronomically many)
    /// partitions there, the proof is the same, and a false claim is still refuted by a
    /// configuration of the range (one group of size ≥ k0).
    func testLargeLeastKIsDecidedWithoutListingPartitions() throws {
        let proved = try Theorems.run(Self.file(k: "1000000.."))
        XCTAssertEqual(verdicts(proved), ["F1": .proved, "F2": .proved, "F3": .proved, "F4": .proved], proved.text)
        let relu = try Theorems.run(Self.file(activation: "relu", k: "1000000.."))
        let witness = try XCTUnwrap(counterexample(relu, "F1"))
        XCTAssertGreaterThanOrEqual(witness.k, 1_000_000)
    }

    // MARK: Through the command line: exit codes

    func testCommandLineExitCodes() throws {
        let scratch = try TemporaryDirectory()
        let good = scratch.url.appendingPathComponent("good.toml"), bad = scratch.url.appendingPathComponent("relu.toml")
        try Self.file().write(to: good, atomically: true, encoding: .utf8)
        try Self.file(activation: "relu").write(to: bad, atomically: true, encoding: .utf8)
        let proved = try VerifyBinary.run([good.path])
        XCTAssertEqual(proved.status, 0, proved.stdout + proved.stderr)
        XCTAssertTrue(proved.stdout.contains("PROVED for all integers k ≥ 1"), proved.stdout)
        let refuted = try VerifyBinary.run([bad.path])
        XCTAssertEqual(refuted.status, 1, refuted.stdout + refuted.stderr)
        XCTAssertTrue(refuted.stdout.contains("counterexample: k = 2, n = 1"), refuted.stdout)
    }

    // MARK: What the reduction cannot read for every k: errors of the file

    func testClaimsItCannotReadAreFileErrors() throws {
        let cases: [(String, String, String)] = [
            // c(l) depending on k: the reduction needs closed forms in l alone.
            (Self.file(c: "1/sqrt(l*(2*l - 1)) + 1/k"), "family.ca.incoming", "unknown variable 'k'"),
            // n ranging beyond k − m.
            (Self.file(n: "1..2*k"), "parameters.n", "n0..k-m"),
            // A Krawczyk proof is about one configuration.
            (Self.file(extra: "\n[[claim]]\nname = \"K\"\nkind = \"critical-point\"\nfamily = \"ca\"\nproof = \"krawczyk\"\n"),
             "proof", "Krawczyk"),
            // Hessian types for every k only for (k-n+1, 1^(n-1)) with n = k-m+1.
            (Self.file(extra: "\n[[claim]]\nname = \"H\"\nkind = \"hessian\"\nfamily = \"ca\"\ntype = \"saddle\"\n"),
             "partitions", "(k-n+1, 1^(n-1))"),
            // The loss must be written group by group.
            (Self.file(extra: "\n[[claim]]\nname = \"L\"\nkind = \"loss\"\nfamily = \"ca\"\nequals = \"k/3\"\n"),
             "equals", "sum over the groups"),
        ]
        for (text, keyPath, message) in cases {
            guard let error = Theorems.fileError(text, message) else { continue }
            XCTAssertTrue(error.description.contains(keyPath), "\(keyPath): \(error)")
            XCTAssertTrue(error.description.contains(message), "\(message): \(error)")
        }
        // The same through the command line: exit code 65.
        let scratch = try TemporaryDirectory()
        let path = scratch.url.appendingPathComponent("bad.toml")
        try cases[0].0.write(to: path, atomically: true, encoding: .utf8)
        XCTAssertEqual(try VerifyBinary.run([path.path]).status, 65)
    }

    // MARK: Exact instances (finite k)

    /// At fixed k the copy-average points are PROVED critical exactly (every reduced
    /// gradient quantity exactly 0), and the report says so; ReLU stays REFUTED.
    func testExactInstancesAreProved() throws {
        let body = """
        [parameters]
        k = "2..5"
        n = "1..k"

        \(Theorems.copyAverageDefinitions)
        [family.ca]
        kind       = "copy-average"
        partitions = "all"
        groups     = "n"
        incoming   = "c(l)"
        outgoing   = "a(l)"

        [[claim]]
        name   = "critical"
        kind   = "critical-point"
        family = "ca"
        """
        let report = try Theorems.run(Theorems.file(body))
        let claim = try XCTUnwrap(report.claim("critical"))
        XCTAssertEqual(claim.verdict, .proved, report.text)
        XCTAssertTrue(claim.worstBound?.contains("exact at every instance") ?? false, claim.worstBound ?? "")
        XCTAssertTrue(claim.instances.allSatisfy { $0.detail?.hasPrefix("exact:") ?? false })
        let relu = try Theorems.run(Theorems.file(body, setting: "[setting]\nactivation = \"relu\"\nteacher = \"orthonormal\"\n"))
        XCTAssertEqual(relu.claim("critical")?.verdict, .refuted, relu.text)
        // For ReLU only the all-copies configurations (1, …, 1) are critical (zero loss),
        // and exactly so; every configuration with an average is REFUTED.
        for instance in try XCTUnwrap(relu.claim("critical")).instances {
            let copies = instance.partition?.allSatisfy { $0 == 1 } ?? false
            XCTAssertEqual(instance.verdict, copies ? .proved : .refuted, instance.label)
            XCTAssertEqual(instance.detail?.hasPrefix("exact:") ?? false, copies, instance.label)
        }
        // Perturbed coefficients: the enclosures refute, nothing is exact.
        let perturbed = try Theorems.run(Theorems.file(body.replacingOccurrences(of: "\"1/sqrt(l*(2*l - 1))\"",
                                                                                 with: "\"1.001/sqrt(l*(2*l - 1))\"")))
        XCTAssertEqual(perturbed.claim("critical")?.verdict, .refuted, perturbed.text)
    }
}
