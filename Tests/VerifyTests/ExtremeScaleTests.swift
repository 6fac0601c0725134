import XCTest
import Foundation
import ClaimDecisions
import Reports

/// Weights of extreme scale (issue 9, "hostile and extreme input: no crash"): all weights
/// about 1e-155 (Hessian entries about 1e-310, below the float64 normal range; their
/// inverses above it), about 1e+300 (squares overflow float64), and mixed scales
/// (1e-200 next to 1). Each file runs through the `verify` binary, which must end by
/// itself, within a liveness bound of 60 s (not a performance target), with a
/// documented exit code and a verdict backed by a reason: PROVED/VERIFIED only where the
/// mathematics says so, REFUTED for false claims, INCONCLUSIVE (with the reason) where
/// nothing can be certified. Before the preconditioner was computed in MPFR, the
/// 1e-155 files trapped in `Interval(Double)` (exit 132).
final class ExtremeScaleTests: XCTestCase {

    static let livenessSeconds = 60.0

    /// One student against one teacher neuron in dimension `weights.count`: the teacher
    /// and the student both have incoming weights `weights` and outgoing weight `output`
    /// (so the student is a copy: a zero-loss critical point), with a `hessian` claim of
    /// `type` and a `critical-point` claim with `proof = "krawczyk"`.
    static func copyFile(activation: String, weights: [String], output: String, type: String = "local-minimum",
                         studentWeights: [String]? = nil) -> String {
        let teacherRow = "[" + weights.map { "\"\($0)\"" }.joined(separator: ", ") + "]"
        let studentRow = "[" + (studentWeights ?? weights).map { "\"\($0)\"" }.joined(separator: ", ") + "]"
        return """
        [theorem]
        title = "extreme scale"
        source = "ExtremeScaleTests"

        [setting]
        activation = "\(activation)"
        teacher = "explicit"
        teacher-input-weights = [\(teacherRow)]
        teacher-output-weights = ["\(output)"]

        [family.point]
        kind           = "explicit"
        input-weights  = [\(studentRow)]
        output-weights = ["\(output)"]

        [[claim]]
        name   = "type"
        kind   = "hessian"
        family = "point"
        type   = "\(type)"

        [[claim]]
        name   = "unique"
        kind   = "critical-point"
        proof  = "krawczyk"
        family = "point"

        """
    }

    struct Run {
        let status: Int32
        let seconds: Double
        /// claim name → (verdict, detail, witness) of its first instance.
        let instances: [String: (verdict: String, detail: String, witness: String)]
    }

    /// Runs `text` through the binary with a JSON report, asserting a clean end within
    /// the liveness bound.
    func run(_ text: String, _ what: String, maximumPrecision: Int = 4096,
             file: StaticString = #filePath, line: UInt = #line) throws -> Run {
        let directory = try TemporaryDirectory()
        let path = try directory.write(text, "extreme.toml")
        let json = directory.path("extreme.json")
        let result = try VerifyBinary.run([path, "--json", json, "--quiet", "--max-precision", "\(maximumPrecision)"],
                                          timeout: Self.livenessSeconds + 30)
        VerifyBinary.assertClean(result, what, file: file, line: line)
        XCTAssertLessThan(result.seconds, Self.livenessSeconds, "\(what): liveness bound", file: file, line: line)
        let data = try Data(contentsOf: URL(fileURLWithPath: json))
        let report = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any], file: file, line: line)
        var instances: [String: (String, String, String)] = [:]
        for claim in report["claims"] as? [[String: Any]] ?? [] {
            guard let name = claim["name"] as? String,
                  let first = (claim["instances"] as? [[String: Any]])?.first else { continue }
            instances[name] = (first["verdict"] as? String ?? "", first["detail"] as? String ?? "",
                               first["witness"] as? String ?? "")
        }
        return Run(status: result.status, seconds: result.seconds, instances: instances)
    }

    /// The first instance of claim `name` (a test failure, and empty strings, when absent).
    func instance(_ run: Run, _ name: String, file: StaticString = #filePath, line: UInt = #line)
        -> (verdict: String, detail: String, witness: String) {
        guard let found = run.instances[name] else {
            XCTFail("no claim \(name) in the report", file: file, line: line)
            return ("", "", "")
        }
        return found
    }

    // MARK: All weights about 1e-155

    func testLinearCopyAtScale1e155IsAMinimumModuloScaling() throws {
        // σ(z) = z, d = 1: L = E[(a w x − b v x)²] = (a w − b v)², zero at a = b, w = v.
        // On the slice a = const the Hessian in w is 2a² = 2e-310 > 0: a local minimum
        // modulo the scaling symmetry, and exactly one critical point on the slice.
        let run = try self.run(Self.copyFile(activation: "linear", weights: ["1e-155"], output: "1e-155"), "linear 1e-155")
        XCTAssertEqual(run.status, 0)
        let type = instance(run, "type"), unique = instance(run, "unique")
        XCTAssertEqual(type.verdict, "VERIFIED", type.detail)
        XCTAssertTrue(type.detail.contains("modulo the scaling symmetry"), type.detail)
        XCTAssertEqual(unique.verdict, "PROVED", unique.detail)
        XCTAssertTrue(unique.detail.contains("modulo the scaling symmetry"), unique.detail)
    }

    func testFalseTypeAtScale1e155IsRefuted() throws {
        // The same point is not a saddle: the claim must be REFUTED, with the wording of a
        // minimum modulo the symmetry (not a strict one).
        let run = try self.run(Self.copyFile(activation: "linear", weights: ["1e-155"], output: "1e-155", type: "saddle"),
                               "linear 1e-155 saddle")
        XCTAssertEqual(run.status, 1)
        let type = instance(run, "type")
        XCTAssertEqual(type.verdict, "REFUTED", type.detail)
        XCTAssertTrue(type.witness.contains("local minimum modulo the scaling symmetry"), type.witness)
        XCTAssertFalse(type.witness.contains("strict local minimum"), type.witness)
    }

    func testErfCopyAtScale1e155IsInconclusiveWithAReason() throws {
        // erf at w ~ 1e-155 is linear up to relative terms of order w²: the Hessian's
        // eigenvalues differ by a factor of about 1e-620, beyond what a box of radius
        // 2^-2048 can resolve. Nothing may be claimed; the reason must be stated.
        let run = try self.run(Self.copyFile(activation: "erf", weights: ["1e-155"], output: "1e-155"), "erf 1e-155")
        XCTAssertEqual(run.status, 2)
        for name in ["type", "unique"] {
            let result = instance(run, name)
            XCTAssertEqual(result.verdict, "INCONCLUSIVE", "\(name): \(result.detail)")
            XCTAssertTrue(result.detail.contains("singular to working precision"), "\(name): \(result.detail)")
        }
    }

    func testTwoNeuronsAtScale1e155EndInAVerdict() throws {
        // Two students copying two teacher neurons e_j · 1e-155 in d = 2. For σ(z) = z the
        // loss depends only on Σ a_i w_i, so the critical points form a 4-dimensional
        // manifold (more than the scaling orbits): singular even on the slice.
        for activation in ["linear", "erf"] {
            let text = Self.copyFile(activation: activation, weights: ["1e-155", "0"], output: "1e-155")
                .replacingOccurrences(of: "teacher-input-weights = [[\"1e-155\", \"0\"]]",
                                      with: "teacher-input-weights = [[\"1e-155\", \"0\"], [\"0\", \"1e-155\"]]")
                .replacingOccurrences(of: "teacher-output-weights = [\"1e-155\"]",
                                      with: "teacher-output-weights = [\"1e-155\", \"1e-155\"]")
                .replacingOccurrences(of: "input-weights  = [[\"1e-155\", \"0\"]]",
                                      with: "input-weights  = [[\"1e-155\", \"0\"], [\"0\", \"1e-155\"]]")
                .replacingOccurrences(of: "output-weights = [\"1e-155\"]", with: "output-weights = [\"1e-155\", \"1e-155\"]")
            let run = try self.run(text, "\(activation) two neurons 1e-155")
            XCTAssertEqual(run.status, 2, activation)
            for name in ["type", "unique"] {
                let result = instance(run, name)
                XCTAssertEqual(result.verdict, "INCONCLUSIVE", "\(activation) \(name): \(result.detail)")
                XCTAssertTrue(result.detail.contains("singular"), "\(activation) \(name): \(result.detail)")
            }
        }
    }

    // MARK: All weights about 1e+300

    func testLinearCopyAtScale1e300IsAMinimumModuloScaling() throws {
        // L = (a w − b v)²: the slice Hessian 2a² = 2e600 overflows float64. The enclosure
        // of 1e300 is narrower than the box of radius 2^(-p/2) only from p = 2048 bits on.
        let run = try self.run(Self.copyFile(activation: "linear", weights: ["1e300"], output: "1e300"), "linear 1e300")
        XCTAssertEqual(run.status, 0)
        XCTAssertEqual(instance(run, "type").verdict, "VERIFIED", instance(run, "type").detail)
        XCTAssertTrue(instance(run, "type").detail.contains("modulo the scaling symmetry"))
        XCTAssertEqual(instance(run, "unique").verdict, "PROVED", instance(run, "unique").detail)
    }

    func testErfCopyAtScale1e300IsInconclusiveWithAReason() throws {
        // erf(1e300 z) is a step function up to exponentially small terms: the Hessian in w
        // is of order e^(-1e600)·…, numerically zero at any precision available.
        let run = try self.run(Self.copyFile(activation: "erf", weights: ["1e300"], output: "1e300"), "erf 1e300")
        XCTAssertEqual(run.status, 2)
        for name in ["type", "unique"] {
            let result = instance(run, name)
            XCTAssertEqual(result.verdict, "INCONCLUSIVE", "\(name): \(result.detail)")
            XCTAssertTrue(result.detail.contains("Krawczyk"), "\(name): \(result.detail)")
        }
    }

    // MARK: Mixed scales

    func testMixedScalesEndInCorrectVerdicts() throws {
        // w = (1e-200, 1), a = 1 copying the teacher: a well-conditioned zero-loss point for
        // erf (strict local minimum, unique critical point) and for σ(z) = z modulo scaling.
        for activation in ["linear", "erf"] {
            let run = try self.run(Self.copyFile(activation: activation, weights: ["1e-200", "1"], output: "1"),
                                   "\(activation) mixed")
            XCTAssertEqual(run.status, 0, activation)
            XCTAssertEqual(instance(run, "type").verdict, "VERIFIED", instance(run, "type").detail)
            XCTAssertEqual(instance(run, "unique").verdict, "PROVED", instance(run, "unique").detail)
        }
        // w = 1, a = 1e-200 (erf): H = 2 E[∇f ∇fᵀ] with ∇f = (a x σ'(x), σ(x)), two linearly
        // independent functions: positive definite after scaling the a-row by 1e200. The
        // box radius must be far below a, so this needs 4096 bits.
        let small = try self.run(Self.copyFile(activation: "erf", weights: ["1"], output: "1e-200"), "erf a = 1e-200")
        XCTAssertEqual(small.status, 0)
        XCTAssertEqual(instance(small, "type").verdict, "VERIFIED", instance(small, "type").detail)
        XCTAssertEqual(instance(small, "unique").verdict, "PROVED", instance(small, "unique").detail)
        // The same point claimed a saddle: REFUTED (a strict minimum; erf has no scaling symmetry).
        let saddle = try self.run(Self.copyFile(activation: "erf", weights: ["1"], output: "1e-200", type: "saddle"),
                                  "erf a = 1e-200 saddle")
        XCTAssertEqual(saddle.status, 1)
        XCTAssertTrue(instance(saddle, "type").witness.contains("strict local minimum"), instance(saddle, "type").witness)
        // w = 1e-200, a = 1 (erf): nearly the linear model, whose scaling symmetry makes the
        // Hessian singular up to terms of relative order w⁴ ~ 1e-800: INCONCLUSIVE.
        let tiny = try self.run(Self.copyFile(activation: "erf", weights: ["1e-200"], output: "1"), "erf w = 1e-200")
        XCTAssertEqual(tiny.status, 2)
        XCTAssertEqual(instance(tiny, "type").verdict, "INCONCLUSIVE", instance(tiny, "type").detail)
    }

    func testNotCriticalAtExtremeScaleIsRefuted() throws {
        // Student (2e-155), a = 1e-155 against teacher (1e-155), b = 1e-155: ∂L/∂w ≠ 0.
        let run = try self.run(Self.copyFile(activation: "linear", weights: ["1e-155"], output: "1e-155",
                                             studentWeights: ["2e-155"]), "linear not critical")
        XCTAssertEqual(run.status, 1)
        XCTAssertEqual(instance(run, "type").verdict, "REFUTED")
        XCTAssertEqual(instance(run, "unique").verdict, "REFUTED")
    }

    // MARK: Numerical families

    func testNumericalFamilyAgainstExtremeTeachersEndsInAVerdict() throws {
        // Descent from perturbed copies of a teacher at 1e-155 or 1e+300: whatever the
        // descent does in float64, the run must end in a verdict with a reason, never trap;
        // nothing may be PROVED that was not certified.
        for scale in ["1e-155", "1e300"] {
            let text = """
            [theorem]
            title = "extreme numerical"
            source = "ExtremeScaleTests"

            [setting]
            activation = "erf"
            teacher = "explicit"
            teacher-input-weights = [["\(scale)", "0"], ["0", "\(scale)"]]
            teacher-output-weights = ["\(scale)", "\(scale)"]

            [parameters]
            k = "2..2"

            [family.descent]
            kind         = "numerical"
            start        = "copies"
            students     = "1"
            perturbation = "1/100"
            seed         = 7

            [[claim]]
            name   = "unique"
            kind   = "critical-point"
            proof  = "krawczyk"
            family = "descent"

            [[claim]]
            name   = "type"
            kind   = "hessian"
            family = "descent"
            type   = "local-minimum"
            """
            let run = try self.run(text, "numerical \(scale)", maximumPrecision: 1024)
            XCTAssertTrue([0, 1, 2].contains(run.status), "\(scale): exit \(run.status) (65 would be an invalid file)")
            for name in ["unique", "type"] {
                let result = instance(run, name)
                if result.verdict == "INCONCLUSIVE" {
                    XCTAssertFalse(result.detail.isEmpty, "\(scale) \(name): an INCONCLUSIVE verdict states its reason")
                }
            }
        }
    }
}
