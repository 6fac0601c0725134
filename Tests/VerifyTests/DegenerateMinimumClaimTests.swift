import XCTest
import Reports
import TheoremFiles
@testable import ClaimDecisions

/// `type = "local-minimum-modulo-symmetry"` and `type = "global-minimum"` with `nullity`,
/// and exact zero loss, through theorem files: true instances PROVED, false ones REFUTED
/// or never PROVED, bad keys rejected with the key path. The expected nullities are the
/// hand computations of theorems/overparameterized.toml and theorems/quadratic.toml
/// (d + 1 per split erf copy; n(n+1)/2 and n(d+1) − d(d+1)/2 for z² at M = M*).
final class DegenerateMinimumClaimTests: XCTestCase {
    /// k = 3 = d, teacher neuron 3 split 1/4 + 3/4 (or `outputs`).
    func split(_ claims: String, outputs: String = "\"1\", \"1\", \"1/4\", \"3/4\"") -> String {
        Theorems.file("""
        [parameters]
        k = "3..3"
        [family.split]
        kind = "explicit"
        input-weights  = [["1", "0", "0"], ["0", "1", "0"], ["0", "0", "1"], ["0", "0", "1"]]
        output-weights = [\(outputs)]
        """ + "\n" + claims)
    }

    func claim(_ name: String, _ keys: String) -> String {
        "[[claim]]\nname = \"\(name)\"\nkind = \"hessian\"\nfamily = \"split\"\n\(keys)\n"
    }

    func testSplitErfCopies() throws {
        let report = try Theorems.run(split(
            "[[claim]]\nname = \"zero\"\nkind = \"loss\"\nfamily = \"split\"\nequals = \"0\"\n"
            + claim("global", "type = \"global-minimum\"\nnullity = \"4\"")
            + claim("global-plain", "type = \"global-minimum\"")
            + claim("global-wrong-nullity", "type = \"global-minimum\"\nnullity = \"1\"")
            + claim("morse-bott-tangent-nullity", "type = \"local-minimum-modulo-symmetry\"\nnullity = \"1\"")
            + claim("morse-bott-kernel-nullity", "type = \"local-minimum-modulo-symmetry\"\nnullity = \"4\"")))
        XCTAssertEqual(report.claim("zero")?.verdict, .proved)
        XCTAssertEqual(report.claim("zero")?.instances.first?.detail?.hasPrefix("exact: L = 0"), true)
        XCTAssertEqual(report.claim("global")?.verdict, .proved)
        XCTAssertEqual(report.claim("global")?.instances.first?.nullity, 4)
        XCTAssertEqual(report.claim("global-plain")?.verdict, .proved)
        XCTAssertEqual(report.claim("global-wrong-nullity")?.verdict, .refuted)
        // Morse–Bott with the tangent dimension: the kernel is provably larger (d + 1).
        XCTAssertEqual(report.claim("morse-bott-tangent-nullity")?.verdict, .refuted)
        XCTAssertTrue(report.claim("morse-bott-tangent-nullity")?.instances.first?.witness?.contains("nullity is 4, not 1") ?? false)
        // With the kernel's dimension: right nullity, but not Morse–Bott — never PROVED.
        XCTAssertEqual(report.claim("morse-bott-kernel-nullity")?.verdict, .inconclusive)
    }

    /// Outgoing weights 1/4 + 3/4 + 2^-40: not the teacher; the loss is positive although
    /// the student could copy the teacher, so it is not a global minimum; no Morse–Bott claim
    /// is PROVED (not exactly critical).
    func testSplitThatDoesNotSumToTheTeacher() throws {
        let report = try Theorems.run(split(
            "[[claim]]\nname = \"zero\"\nkind = \"loss\"\nfamily = \"split\"\nequals = \"0\"\n"
            + claim("global", "type = \"global-minimum\"")
            + claim("morse-bott", "type = \"local-minimum-modulo-symmetry\""),
            outputs: "\"1\", \"1\", \"1/4\", \"3/4 + 2^-40\""))
        XCTAssertEqual(report.claim("zero")?.verdict, .refuted)
        XCTAssertEqual(report.claim("global")?.verdict, .refuted)
        XCTAssertEqual(report.claim("morse-bott")?.verdict, .inconclusive)
    }

    /// z² against diag(2, 1): the M = M* minima are Morse–Bott (nullity 3, 6); wrong
    /// nullities, a saddle and a non-critical point are refuted.
    func testQuadraticClaims() throws {
        var text = try Theorems.shipped("quadratic.toml")
        text += """

        [family.rational-saddle]
        kind = "explicit"
        input-weights  = [["0", "1"]]
        output-weights = ["5/3"]

        [family.not-critical]
        kind = "explicit"
        input-weights  = [["1", "0"]]
        output-weights = ["2"]

        [[claim]]
        name = "wrong-nullity"
        kind = "hessian"
        family = "rotated-two"
        type = "local-minimum-modulo-symmetry"
        nullity = "2"

        [[claim]]
        name = "saddle-as-minimum"
        kind = "hessian"
        family = "rational-saddle"
        type = "local-minimum-modulo-symmetry"

        [[claim]]
        name = "not-critical"
        kind = "hessian"
        family = "not-critical"
        type = "local-minimum-modulo-symmetry"
        """
        let report = try Theorems.run(text)
        for (name, nullity) in [("rotated-two-morse-bott", 3), ("three-students-morse-bott", 6), ("minimum-morse-bott", 1)] {
            XCTAssertEqual(report.claim(name)?.verdict, .proved, name)
            XCTAssertEqual(report.claim(name)?.instances.first?.nullity, nullity, name)
        }
        XCTAssertEqual(report.claim("rotated-two-zero-loss")?.verdict, .proved)
        XCTAssertEqual(report.claim("wrong-nullity")?.verdict, .refuted)
        XCTAssertEqual(report.claim("saddle-as-minimum")?.verdict, .refuted)
        XCTAssertEqual(report.claim("saddle-as-minimum")?.instances.first?.morseIndex, 1)
        XCTAssertEqual(report.claim("not-critical")?.verdict, .refuted)
        // ∂L/∂w_1[1] at a = 2, w = e_1: along e_1, L(x) = (x − 3)² + 2((x − 2)² + 1), x = a w²,
        // so ∂L/∂w = L'(x)·2aw = (2(2 − 3) + 4(2 − 2))·4 = −8.
        XCTAssertTrue(report.claim("not-critical")?.instances.first?.witness?.contains("= -8 exactly") ?? false)
    }

    /// The z² "dead copy" point (review M3): teacher diag(2, 1), w_1 = w_2 = e_1, a = (7/3, 0).
    /// Exactly critical (M = (7/3) e_1e_1ᵀ, the one-student minimum along e_1, and the dead
    /// student's gradient a_2·G w_2 = 0, ∂L/∂a_2 = e_1ᵀ G e_1 = 2 tr Δ + 4 Δ_11 = 2(−2/3) + 4(1/3) = 0),
    /// Hessian PSD with nullity 4 of which 3 are symmetry tangents, and NOT a local minimum:
    /// with a_2 = ε, w_2 = e_1 + s e_2, L − L_0 = −(16/3) ε s² + 3ε² + … < 0 at ε = (8/9) s²
    /// (hand expansion of L = (tr Δ)² + 2‖Δ‖_F² with Δ_11 = 1/3 + ε, Δ_12 = ε s,
    /// Δ_22 = −1 + ε s²). No minimum claim may be PROVED; the undecided complement is a
    /// structural singularity, so no precision escalation (review L1).
    func testQuadraticDeadCopyIsNeverAMinimum() throws {
        var text = try Theorems.shipped("quadratic.toml")
        text += """

        [family.dead-copy]
        kind = "explicit"
        input-weights  = [["1", "0"], ["1", "0"]]
        output-weights = ["7/3", "0"]

        [[claim]]
        name = "dead-morse-bott"
        kind = "hessian"
        family = "dead-copy"
        type = "local-minimum-modulo-symmetry"

        [[claim]]
        name = "dead-morse-bott-4"
        kind = "hessian"
        family = "dead-copy"
        type = "local-minimum-modulo-symmetry"
        nullity = "4"

        [[claim]]
        name = "dead-global"
        kind = "hessian"
        family = "dead-copy"
        type = "global-minimum"
        """
        let decisions = try Theorems.decide(text, start: 128, maximum: 1024)
        for name in ["dead-morse-bott", "dead-morse-bott-4", "dead-global"] {
            let decision = try XCTUnwrap(decisions[name]?.first, name)
            XCTAssertNotEqual(decision.verdict, .proved, name)
            XCTAssertNotEqual(decision.verdict, .verified, name)
        }
        // The Morse–Bott claims stop at the start precision: the singular complement is structural.
        XCTAssertEqual(decisions["dead-morse-bott"]?.first?.precision, 128)
        // L = 8/3 > 0 with 2 ≥ 2 students: the global minimum is 0, so "global minimum" is false.
        XCTAssertEqual(decisions["dead-global"]?.first?.verdict, .refuted)
    }

    /// ReLU at exact zero loss (the student is the teacher, copies w_i = v_i): `global-minimum`
    /// without nullity is PROVED by L = 0 alone (review M1), although the checker encloses no
    /// Hessian there; with a nullity it needs the Hessian and is not PROVED.
    func testReLUZeroLossGlobalMinimumWithoutHessian() throws {
        let text = Theorems.file("""
        [parameters]
        k = "2..2"
        [family.copy]
        kind = "explicit"
        input-weights  = [["1", "0"], ["0", "1"]]
        output-weights = ["1", "1"]
        [[claim]]
        name = "global"
        kind = "hessian"
        family = "copy"
        type = "global-minimum"
        [[claim]]
        name = "global-nullity"
        kind = "hessian"
        family = "copy"
        type = "global-minimum"
        nullity = "2"
        [[claim]]
        name = "zero"
        kind = "loss"
        family = "copy"
        equals = "0"
        """, setting: "[setting]\nactivation = \"relu\"\nteacher = \"orthonormal\"\n")
        let report = try Theorems.run(text)
        XCTAssertEqual(report.claim("global")?.verdict, .proved)
        XCTAssertTrue(report.claim("global")?.instances.first?.detail?.contains("exact zero loss") ?? false)
        XCTAssertNotEqual(report.claim("global-nullity")?.verdict, .proved)
        // The loss claim's exactness note names the right reason (review L6).
        XCTAssertEqual(report.claim("zero")?.verdict, .proved)
        let bound = report.claim("zero")?.worstBound ?? ""
        XCTAssertTrue(bound.contains("loss exactly 0"), bound)
        XCTAssertFalse(bound.contains("gradient exactly 0"), bound)
        XCTAssertFalse(bound.hasPrefix("exact;"), "the note does not repeat a bare 'exact': \(bound)")
    }

    /// Irrational weights: the structural kernel needs rationals. An erf split with outgoing
    /// weights 1/√2 and 1 − 1/√2 (truly zero loss) is left INCONCLUSIVE, never PROVED; the z²
    /// one-student minimum at w = (√(7/3), 0) goes by the Krawczyk proof on the scaling slice
    /// (VERIFIED, a closed-form point: nullity 1, the orbit).
    func testIrrationalPoints() throws {
        let erf = try Theorems.run(split(claim("split", "type = \"local-minimum-modulo-symmetry\"")
                                         + claim("global", "type = \"global-minimum\""),
                                         outputs: "\"1\", \"1\", \"1/sqrt(2)\", \"1 - 1/sqrt(2)\""))
        XCTAssertEqual(erf.claim("global")?.verdict, .inconclusive)
        XCTAssertTrue(erf.claim("global")?.instances.first?.detail?.contains("not all exact rationals") ?? false)
        // The Morse–Bott claim falls back to Krawczyk, which cannot isolate a degenerate point.
        XCTAssertEqual(erf.claim("split")?.verdict, .inconclusive)
        XCTAssertTrue(erf.claim("split")?.instances.first?.detail?.contains("exact rational weights only") ?? false,
                      erf.claim("split")?.instances.first?.detail ?? "")
        var text = try Theorems.shipped("quadratic.toml")
        text += "\n[[claim]]\nname = \"irrational\"\nkind = \"hessian\"\nfamily = \"minimum\"\ntype = \"local-minimum-modulo-symmetry\"\nnullity = \"1\"\n"
        text += "\n[[claim]]\nname = \"irrational-saddle\"\nkind = \"hessian\"\nfamily = \"saddle\"\ntype = \"local-minimum-modulo-symmetry\"\n"
        let report = try Theorems.run(text)
        XCTAssertEqual(report.claim("irrational")?.verdict, .verified)
        XCTAssertEqual(report.claim("irrational")?.instances.first?.nullity, 1)
        XCTAssertEqual(report.claim("irrational-saddle")?.verdict, .refuted)
    }

    /// ReLU points found by descent (numerical): Morse–Bott modulo the scaling with
    /// nullity n (one orbit dimension per student); claimed with n + 1, REFUTED.
    func testNumericalReLUPointsOnTheSlice() throws {
        var text = try Theorems.shipped("relu_copy_average.toml")
        text = text.replacingOccurrences(of: "k = \"2..5\"", with: "k = \"2..3\"")
        text += "\n[[claim]]\nname = \"wrong\"\nkind = \"hessian\"\nfamily = \"from-copies\"\ntype = \"local-minimum-modulo-symmetry\"\nnullity = \"n + 1\"\n"
        let report = try Theorems.run(text)
        let claim = try XCTUnwrap(report.claim("descent-morse-bott"))
        XCTAssertEqual(claim.verdict, .proved)
        XCTAssertEqual(claim.instances.map(\.nullity), [1, 1, 2])  // (k, n) = (2, 1), (3, 1), (3, 2)
        XCTAssertEqual(report.claim("wrong")?.verdict, .refuted)
    }

    /// erf points that are isolated critical points (numerical, from copies; closed-form
    /// copy-average, irrational): the Krawczyk proof on all parameters, nullity 0.
    func testIsolatedErfMinimaHaveNullityZero() throws {
        let text = Theorems.file("""
        [parameters]
        k = "3..3"
        n = "2..2"
        [definitions]
        "c(l)" = "1/sqrt(l*(2*l - 1))"
        [family.from-copies]
        kind = "numerical"
        start = "copies"
        students = "n"
        perturbation = "1/100"
        seed = 7
        [family.optimal-ca]
        kind = "copy-average"
        partitions = "(k-n+1, 1^(n-1))"
        incoming = "c(l)"
        outgoing = "l"
        [[claim]]
        name = "numerical"
        kind = "hessian"
        family = "from-copies"
        type = "local-minimum-modulo-symmetry"
        nullity = "0"
        [[claim]]
        name = "numerical-wrong"
        kind = "hessian"
        family = "from-copies"
        type = "local-minimum-modulo-symmetry"
        nullity = "1"
        [[claim]]
        name = "closed-form"
        kind = "hessian"
        family = "optimal-ca"
        type = "local-minimum-modulo-symmetry"
        nullity = "0"
        """)
        let report = try Theorems.run(text)
        XCTAssertEqual(report.claim("numerical")?.verdict, .proved)
        XCTAssertEqual(report.claim("numerical")?.instances.first?.nullity, 0)
        XCTAssertEqual(report.claim("numerical-wrong")?.verdict, .refuted)
        // The CA point (2, 1) of k = 3 is a local minimum (critical_types.toml); closed form: VERIFIED.
        XCTAssertEqual(report.claim("closed-form")?.verdict, .verified)
    }

    func testBadKeys() throws {
        for (keys, keyPath, message) in [
            ("type = \"local-minimum\"\nnullity = \"1\"", "claim[1].nullity", "needs type = \"local-minimum-modulo-symmetry\""),
            ("morse-index = \"0\"\nnullity = \"1\"", "claim[1].nullity", "needs type"),
            ("nullity = \"1\"", "claim[1].type", "expected type ="),
            ("type = \"local-minimum-modulo-symmetry\"\nmorse-index = \"0\"", "claim[1].type", "not both"),
            ("type = \"morse-bott\"", "claim[1].type", "local-minimum-modulo-symmetry"),
            ("type = \"global-minimum\"\nnullity = \"m + 1\"", "claim[1].nullity", "m"),
            // Constants that cannot be a dimension or an index: file errors (review L2).
            ("type = \"global-minimum\"\nnullity = \"-1\"", "claim[1].nullity", "non-negative integer, got -1"),
            ("type = \"local-minimum-modulo-symmetry\"\nnullity = \"3/2\"", "claim[1].nullity", "got 3/2"),
            ("morse-index = \"1 - 2\"", "claim[1].morse-index", "non-negative integer, got -1"),
        ] {
            let error = try XCTUnwrap(Theorems.fileError(split(claim("c", keys))), keys)
            XCTAssertEqual(error.keyPath, keyPath, "\(keys): \(error)")
            XCTAssertTrue(error.message.contains(message), "\(keys): \(error)")
        }
        // A count that depends on the parameters, or a non-rational constant, is decided per
        // instance, not refused: these parse.
        for keys in ["morse-index = \"k - k\"", "type = \"global-minimum\"\nnullity = \"sqrt(16)\"",
                     "morse-index = \"0\"", "type = \"global-minimum\"\nnullity = \"4\""] {
            XCTAssertNoThrow(try Theorems.parse(split(claim("c", keys))), keys)
        }
    }

    func testShippedOverparameterizedFile() throws {
        let report = try Theorems.run(try Theorems.shipped("overparameterized.toml"))
        XCTAssertEqual(report.verdict, .proved, TextReport.render(report))
        for (name, nullity) in [("n4-degenerate-minimum", 4), ("n5-triple-degenerate-minimum", 8),
                                ("n5-two-pairs-degenerate-minimum", 8)] {
            XCTAssertEqual(report.claim(name)?.instances.first?.nullity, nullity, name)
        }
    }
}
