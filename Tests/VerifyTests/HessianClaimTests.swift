import XCTest
import TeacherStudent
import Foundation
@testable import ClaimDecisions
import Reports
import TheoremFiles
import CheckerTestSupport

/// `hessian` claims against Hessians derived by hand (small problems) or computed
/// independently in float64 (central differences of the analytic gradient, Jacobi
/// eigenvalues), with true claims PROVED and false ones REFUTED.
final class HessianClaimTests: XCTestCase {

    /// Claims `local-minimum`, `saddle`, `morse-index = index` and
    /// `morse-index = index + 1` about `family`.
    static func typeClaims(family: String, index: Int) -> String {
        """
        [[claim]]
        name   = "local-minimum"
        kind   = "hessian"
        family = "\(family)"
        type   = "local-minimum"

        [[claim]]
        name   = "saddle"
        kind   = "hessian"
        family = "\(family)"
        type   = "saddle"

        [[claim]]
        name        = "index-right"
        kind        = "hessian"
        family      = "\(family)"
        morse-index = "\(index)"

        [[claim]]
        name        = "index-wrong"
        kind        = "hessian"
        family      = "\(family)"
        morse-index = "\(index + 1)"
        """
    }

    /// Checks the verdicts of `typeClaims` for a critical point of Morse index `index`
    /// (non-degenerate).
    /// `exact`: a copy-average point, exactly critical (its reduced gradient quantities are
    /// exactly 0), whose right type is then PROVED from the inertia at the point itself.
    func checkTypeVerdicts(_ report: TheoremReport, index: Int, exact: Bool = false,
                           file: StaticString = #filePath, line: UInt = #line) throws {
        let text = report.text
        let undecided = report.claims.flatMap { $0.instances }.filter { $0.verdict == .inconclusive }
        guard undecided.isEmpty else {
            XCTFail("a non-degenerate critical point of Morse index \(index) was left INCONCLUSIVE: "
                    + (undecided.first?.detail ?? "") + "\n\(text)", file: file, line: line)
            return
        }
        let minimum = try XCTUnwrap(report.claim("local-minimum")), saddle = try XCTUnwrap(report.claim("saddle"))
        // A right type at a closed-form point is VERIFIED: the type is proved for the unique
        // critical point in the Krawczyk box, and the point is that one if it is critical,
        // which its gradient can only verify. A wrong type is REFUTED.
        let right: Verdict = exact ? .proved : .verified
        XCTAssertEqual(minimum.verdict, index == 0 ? right : .refuted, text, file: file, line: line)
        XCTAssertEqual(saddle.verdict, index == 0 ? .refuted : right, text, file: file, line: line)
        let indexRight = try XCTUnwrap(report.claim("index-right"))
        XCTAssertEqual(indexRight.verdict, right, text, file: file, line: line)
        if exact {
            let detail = indexRight.instances.first?.detail ?? ""
            XCTAssertTrue(detail.contains("at the point itself") && detail.contains("no Krawczyk box"), detail,
                          file: file, line: line)
        }
        let wrong = try XCTUnwrap(report.claim("index-wrong"))
        XCTAssertEqual(wrong.verdict, .refuted, text, file: file, line: line)
        for claim in report.claims where claim.kind == "hessian" {
            for instance in claim.instances {
                XCTAssertEqual(instance.morseIndex, index, "\(claim.name) \(instance.label)", file: file, line: line)
                if instance.verdict == .refuted {
                    XCTAssertNotNil(instance.witness, "\(claim.name): a REFUTED hessian claim shows a witness",
                                    file: file, line: line)
                }
            }
        }
        if index > 0, let witness = minimum.instances.first?.witness {
            // A certified direction of negative curvature (or, failing that, the inertia).
            XCTAssertTrue(witness.contains("< 0") || witness.contains("negative"), witness, file: file, line: line)
        }
    }

    // MARK: Hand-derived: one erf student copying one erf teacher

    func testErfCopyOfOneTeacherIsAStrictLocalMinimum() throws {
        // k = d = 1, w = v = 1, a = b = 1: zero loss, so H = 2 E[∇f ∇fᵀ] with
        // ∂f/∂w = x σ'(x), ∂f/∂a = σ(x), σ(z) = erf(z/√2), σ'(z) = sqrt(2/π) e^{−z²/2}:
        //   E[σ²] = κ(1,1,1) = 1/3,
        //   E[x² σ'²] = (2/π) E[x² e^{−x²}] = (2/π) 3^{−3/2},
        //   E[x σ' σ] = ½ d/dw κ(w²,w²,w²)|_{w=1} = 1/(π√3).
        // H = [[4/(3√3π), 2/(√3π)], [2/(√3π), 2/3]]: det = 8/(9√3π) − 4/(3π²) > 0, trace > 0: positive definite.
        let s3 = 3.0.squareRoot(), pi = Double.pi
        let hand = [[4 / (3 * s3 * pi), 2 / (s3 * pi)], [2 / (s3 * pi), 2.0 / 3]]
        XCTAssertGreaterThan(hand[0][0] * hand[1][1] - hand[0][1] * hand[1][0], 0.02)
        // The float64 model reproduces the hand Hessian (a check of the reference itself).
        let (model, theta) = ErfModel.copyAverage([1])
        let numeric = model.hessian(theta)
        for i in 0..<2 { for j in 0..<2 { XCTAssertEqual(numeric[i][j], hand[i][j], accuracy: 1e-7) } }

        let report = try Theorems.run(Theorems.file("""
        [parameters]
        k = "1..1"

        [family.copy]
        kind       = "copy-average"
        partitions = "[1]"
        incoming   = "1"
        outgoing   = "1"

        \(Self.typeClaims(family: "copy", index: 0))
        """))
        try checkTypeVerdicts(report, index: 0, exact: true)
    }

    // MARK: Copy-average points, typed independently in float64

    func checkCopyAverage(_ partition: [Int]) throws {
        let (model, theta) = ErfModel.copyAverage(partition)
        XCTAssertLessThan(model.gradient(theta).map(abs).max()!, 1e-12, "a critical point (F1)")
        let eigenvalues = symmetricEigenvalues(model.hessian(theta))
        let smallest = eigenvalues.map(abs).min()!
        // The expectation is only meaningful for a clearly non-degenerate Hessian.
        XCTAssertGreaterThan(smallest, 1e-4, "\(partition): eigenvalues \(eigenvalues)")
        let index = eigenvalues.filter { $0 < 0 }.count
        let k = partition.reduce(0, +)
        let report = try Theorems.run(Theorems.file("""
        [parameters]
        k = "\(k)..\(k)"

        \(Theorems.copyAverageDefinitions)
        [family.ca]
        kind       = "copy-average"
        partitions = "\(partition)"
        incoming   = "c(l)"
        outgoing   = "a(l)"

        \(Self.typeClaims(family: "ca", index: index))
        """))
        try checkTypeVerdicts(report, index: index, exact: true)
    }

    func testCopyAverageTwoOneIsALocalMinimum() throws {
        try checkCopyAverage([2, 1])
    }

    func testCopyAverageTwoTwoIsASaddle() throws {
        // float64: two negative eigenvalues (≈ −8.5e-3, twice), the rest positive.
        try checkCopyAverage([2, 2])
    }

    func testCopyAverageThreeOneIsALocalMinimum() throws {
        try checkCopyAverage([3, 1])
    }

    // MARK: Linear activation: degenerate manifold

    func testLinearCriticalPointOnADegenerateManifoldIsAMinimumModuloScaling() throws {
        // σ(z) = z, teacher v = (1, 0), b = 1: L = |a w − v|². At w = (1/2, 0), a = 2 the
        // residual vanishes (a critical point with L = 0) and, in the order (w1, w2, a),
        // H = 2 JᵀJ = [[8, 0, 2], [0, 8, 0], [2, 0, 1/2]], singular (8·½ − 2·2 = 0) along the
        // scaling (a, w) → (a/α, α w). On the slice a = 2, L = |2w − v|² has Hessian 8 I:
        // positive definite, so the point is a (non-strict) local minimum — a minimum
        // modulo the symmetry — with Morse index 0; the report must say "modulo".
        let decisions = try Theorems.decide(Theorems.file("""
        [family.point]
        kind           = "explicit"
        input-weights  = [["1/2", "0"]]
        output-weights = ["2"]

        [[claim]]
        name   = "critical"
        kind   = "critical-point"
        family = "point"

        [[claim]]
        name   = "loss"
        kind   = "loss"
        family = "point"
        equals = "0"

        [[claim]]
        name   = "minimum"
        kind   = "hessian"
        family = "point"
        type   = "local-minimum"

        [[claim]]
        name        = "index"
        kind        = "hessian"
        family      = "point"
        morse-index = "0"
        """, setting: """
        [setting]
        activation = "linear"
        teacher = "explicit"
        teacher-input-weights = [["1", "0"]]
        teacher-output-weights = ["1"]

        """))
        XCTAssertEqual(try XCTUnwrap(decisions["critical"]?.first).verdict, .verified)
        // L = 0 exactly: a w = (1, 0) = b v in rational arithmetic (ExactZeroLoss), so PROVED, not VERIFIED.
        XCTAssertEqual(try XCTUnwrap(decisions["loss"]?.first).verdict, .proved)
        for name in ["minimum", "index"] {
            let decision = try XCTUnwrap(decisions[name]?.first)
            XCTAssertEqual(decision.verdict, .verified, "\(name): \(decision)")
            XCTAssertEqual(decision.evidence.morseIndex, 0)
            XCTAssertEqual(decision.evidence.krawczyk?.moduloSymmetry, true, "proved on the slice a = const")
            guard case .inertia(let summary, _)? = decision.detail else { return XCTFail("\(name): \(decision)") }
            XCTAssertTrue(summary.moduloSymmetry, "the type is stated modulo the scaling symmetry")
        }
    }

    // MARK: ReLU: a Hessian that does not exist, and one that is singular

    func testReLUHessiansAtParallelVectorsAndModuloScaling() throws {
        // §4: w = Σ v_j/√k, a = k h(k)/π is a critical point. For k = 1, w ∥ v and the
        // arc-cosine kernel is not twice differentiable: no Hessian exists, INCONCLUSIVE
        // with the reason. For k = 2 the scaling (a, w) → (a/α, α w) makes the Hessian
        // singular; on the slice a = const the W block is positive definite (float64
        // check below), so it is a local minimum modulo the symmetry.
        let decisions = try Theorems.decide(Theorems.file("""
        [parameters]
        k = "1..2"

        [family.one]
        kind     = "one-neuron-average"
        incoming = "1/sqrt(k)"
        outgoing = "k*(sqrt(1 - 1/k) + (pi - acos(1/sqrt(k)))/sqrt(k))/pi"

        [[claim]]
        name   = "critical"
        kind   = "critical-point"
        family = "one"

        [[claim]]
        name   = "minimum"
        kind   = "hessian"
        family = "one"
        type   = "local-minimum"
        """, setting: "[setting]\nactivation = \"relu\"\nteacher = \"orthonormal\"\n"))
        // §4's point is exactly critical: the reduction's zero tests (one group of size k) prove it.
        XCTAssertTrue(try XCTUnwrap(decisions["critical"]).allSatisfy { $0.verdict == .proved })
        let instances = try XCTUnwrap(decisions["minimum"])
        XCTAssertEqual(instances.count, 2)
        XCTAssertEqual(instances[0].verdict, .inconclusive)
        // No Hessian exists where w ∥ v: the kernel's failure, final at any precision.
        guard case .notEvaluable(NetworkEvaluationError.kernel)? = instances[0].detail else {
            return XCTFail("the kernel is not twice differentiable: \(instances[0])")
        }
        XCTAssertEqual(instances[0].retry, .final)
        XCTAssertEqual(instances[1].verdict, .verified)
        guard case .inertia(let summary, _)? = instances[1].detail else { return XCTFail("\(instances[1])") }
        XCTAssertTrue(summary.moduloSymmetry)
        // Independent float64 check of the slice: the 2×2 Hessian in w of the ReLU loss at
        // k = 2 (a fixed), from central differences of the closed-form loss.
        func reluKernel(_ x: [Double], _ y: [Double]) -> Double {
            let q1 = x[0] * x[0] + x[1] * x[1], q2 = y[0] * y[0] + y[1] * y[1], q12 = x[0] * y[0] + x[1] * y[1]
            let rho = max(-1, min(1, q12 / (q1 * q2).squareRoot()))
            return ((max(0, q1 * q2 - q12 * q12)).squareRoot() + (Double.pi - Foundation.acos(rho)) * q12) / (2 * Double.pi)
        }
        let h2 = (1 - 0.5).squareRoot() + (Double.pi - Foundation.acos(1 / 2.0.squareRoot())) / 2.0.squareRoot()
        let a = 2 * h2 / Double.pi
        func loss(_ w: [Double]) -> Double {
            let v = [[1.0, 0.0], [0.0, 1.0]]
            return a * a * reluKernel(w, w) - 2 * a * (reluKernel(w, v[0]) + reluKernel(w, v[1]))
                + reluKernel(v[0], v[0]) + reluKernel(v[1], v[1]) + 2 * reluKernel(v[0], v[1])
        }
        let w0 = [1 / 2.0.squareRoot(), 1 / 2.0.squareRoot()], step = 1e-4
        var hessian = [[0.0, 0.0], [0.0, 0.0]]
        for i in 0..<2 { for j in 0..<2 {
            var pp = w0, pm = w0, mp = w0, mm = w0
            pp[i] += step; pp[j] += step; pm[i] += step; pm[j] -= step
            mp[i] -= step; mp[j] += step; mm[i] -= step; mm[j] -= step
            hessian[i][j] = (loss(pp) - loss(pm) - loss(mp) + loss(mm)) / (4 * step * step)
        } }
        let determinant = hessian[0][0] * hessian[1][1] - hessian[0][1] * hessian[1][0]
        XCTAssertGreaterThan(hessian[0][0], 1e-6, "\(hessian)")
        XCTAssertGreaterThan(determinant, 1e-9, "\(hessian)")
    }

    func testReLUSaddleClaimIsRefutedAsAMinimumModuloScaling() throws {
        // The ReLU one-student point of theorems/one_neuron.toml (k = 2, 3) is a local
        // minimum modulo the scaling symmetry: on the slice a = const the W block is
        // positive definite, but the full Hessian is singular along the orbit, on which the
        // loss is constant. A false `saddle` claim is REFUTED, and the witness must not call
        // the point a strict local minimum.
        let report = try Theorems.run(Theorems.file("""
        [parameters]
        k = "2..3"

        [family.one]
        kind     = "one-neuron-average"
        incoming = "1/sqrt(k)"
        outgoing = "k*(sqrt(1 - 1/k) + (pi - acos(1/sqrt(k)))/sqrt(k))/pi"

        [[claim]]
        name   = "saddle"
        kind   = "hessian"
        family = "one"
        type   = "saddle"
        """, setting: "[setting]\nactivation = \"relu\"\nteacher = \"orthonormal\"\n"))
        let instances = try XCTUnwrap(report.claim("saddle")?.instances)
        XCTAssertEqual(instances.count, 2)
        for instance in instances {
            XCTAssertEqual(instance.verdict, .refuted, report.text)
            let witness = try XCTUnwrap(instance.witness, "a REFUTED claim shows a witness")
            XCTAssertTrue(witness.contains("a local minimum modulo the scaling symmetry"), witness)
            XCTAssertTrue(witness.contains("not strict"), witness)
            XCTAssertFalse(witness.contains("strict local minimum"), witness)
            XCTAssertFalse(witness.contains("the Hessian is positive definite"), witness)
        }
    }

    // MARK: Non-singular Hessians with a zero diagonal

    func testLinearSaddleAtTheOriginIsProved() throws {
        // σ(z) = z, d = 1, teacher v = 1, b = 1, one student at w = 0, a = 0:
        // L = (a w − 1)², ∇L = 0 at the origin, H = [[2a², 4aw − 2], [4aw − 2, 2w²]] =
        // [[0, −2], [−2, 0]]: eigenvalues ±2, a non-degenerate saddle of Morse index 1.
        let report = try Theorems.run(Theorems.file("""
        [family.origin]
        kind           = "explicit"
        input-weights  = [["0"]]
        output-weights = ["0"]

        [[claim]]
        name   = "critical"
        kind   = "critical-point"
        family = "origin"

        \(Self.typeClaims(family: "origin", index: 1))
        """, setting: """
        [setting]
        activation = "linear"
        teacher = "explicit"
        teacher-input-weights = [["1"]]
        teacher-output-weights = ["1"]

        """))
        XCTAssertEqual(try XCTUnwrap(report.claim("critical")).verdict, .verified, report.text)
        try checkTypeVerdicts(report, index: 1)
    }

    func testErfSaddleAtTheOriginIsProved() throws {
        // σ(z) = erf(z/√2), d = k = 1, w = 0, a = 0: κ(q,1,R) ≈ (√2/π) R near 0 and
        // a² κ(q,q,q) is of fourth order, so L ≈ 1/3 − (2√2/π) a w:
        // H = [[0, −2√2/π], [−2√2/π, 0]], a non-degenerate saddle of Morse index 1.
        let model = ErfModel(teacher: [[1]], teacherWeights: [1], students: 1, dimension: 1)
        let h = model.hessian([0, 0], step: 1e-4)
        XCTAssertEqual(h[0][0], 0, accuracy: 1e-6)
        XCTAssertEqual(h[1][1], 0, accuracy: 1e-6)
        XCTAssertEqual(h[0][1], -2 * 2.0.squareRoot() / Double.pi, accuracy: 1e-6)
        let report = try Theorems.run(Theorems.file("""
        [parameters]
        k = "1..1"

        [family.origin]
        kind           = "explicit"
        input-weights  = [["0"]]
        output-weights = ["0"]

        \(Self.typeClaims(family: "origin", index: 1))
        """))
        try checkTypeVerdicts(report, index: 1)
    }

    // MARK: Points that are not critical

    func testNonCriticalPointsAreNeitherMinimaNorSaddles() throws {
        // Linear, d = 1, teacher 1: at w = 1, a = 2 the gradient is ∂L/∂w = 2a(aw − 1) = 4 ≠ 0,
        // with H = [[8, 6], [6, 2]] indefinite. Erf copy of one teacher with a = 1 + 1/100:
        // ∂L/∂a = 2(a − 1)/3 ≠ 0 while H stays positive definite (float64 below). A point
        // with a non-zero gradient is neither a saddle nor a local minimum: such claims must
        // not be PROVED (REFUTED, with the non-zero gradient component as witness, is the
        // honest answer).
        let (model, _) = ErfModel.copyAverage([1])
        let shifted: [Double] = [1, 1.01]
        XCTAssertGreaterThan(abs(model.gradient(shifted)[1]), 1e-3)
        XCTAssertGreaterThan(symmetricEigenvalues(model.hessian(shifted)).min()!, 1e-3)
        let linear = try Theorems.decide(Theorems.file("""
        [family.point]
        kind           = "explicit"
        input-weights  = [["1"]]
        output-weights = ["2"]

        [[claim]]
        name   = "saddle"
        kind   = "hessian"
        family = "point"
        type   = "saddle"
        """, setting: """
        [setting]
        activation = "linear"
        teacher = "explicit"
        teacher-input-weights = [["1"]]
        teacher-output-weights = ["1"]

        """))
        let saddle = try XCTUnwrap(linear["saddle"]?.first)
        XCTAssertEqual(saddle.verdict, .refuted, "a non-critical point is not a saddle")
        // ∂L/∂w = 2a(aw − 1) = 4 and ∂L/∂a = 2w(aw − 1) = 2: both exclude 0.
        let linearComponent = try XCTUnwrap(saddle.gradientWitness)
        let exact = [4.0, 2.0][linearComponent.index]
        XCTAssertTrue(linearComponent.enclosure.lowerBoundAsDouble <= exact && exact <= linearComponent.enclosure.upperBoundAsDouble)
        let erf = try Theorems.decide(Theorems.file("""
        [parameters]
        k = "1..1"

        [family.point]
        kind           = "explicit"
        input-weights  = [["1"]]
        output-weights = ["1 + 1/100"]

        [[claim]]
        name   = "minimum"
        kind   = "hessian"
        family = "point"
        type   = "local-minimum"
        """))
        let minimum = try XCTUnwrap(erf["minimum"]?.first)
        XCTAssertEqual(minimum.verdict, .refuted, "a non-critical point is not a local minimum")
        let component = try XCTUnwrap(minimum.gradientWitness, "a gradient witness")
        let g = model.gradient(shifted)[component.index]
        XCTAssertTrue(component.enclosure.lowerBoundAsDouble - 1e-12 <= g && g <= component.enclosure.upperBoundAsDouble + 1e-12,
                      "float64 \(g) vs \(component.enclosure)")
    }
}
