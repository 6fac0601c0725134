import XCTest
import CertifiedIntervals
import ClaimDecisions
import Reports
import TheoremFiles
import CheckerTestSupport

/// Claim options beyond the basic kinds: claim-level restrictions of file parameters,
/// expression claims about a family's `loss`, Morse-index tables by partition,
/// Krawczyk existence-and-uniqueness proofs, and numerical families (checked against an
/// independent float64 descent).
final class ClaimOptionTests: XCTestCase {

    static func copyAverage(_ claims: String, k: String = "2..4") -> String {
        Theorems.file("""
        [parameters]
        k = "\(k)"
        n = "1..k-1"

        \(Theorems.copyAverageDefinitions)
        [family.ca]
        kind     = "copy-average"
        incoming = "c(l)"
        outgoing = "a(l)"

        \(claims)
        """)
    }

    func testForRestrictsFileParameters() throws {
        let report = try Theorems.run(Self.copyAverage("""
        [[claim]]
        name   = "restricted"
        kind   = "critical-point"
        family = "ca"
        for    = { k = "4..4", n = "2..2" }
        """))
        let instances = try XCTUnwrap(report.claim("restricted")?.instances)
        XCTAssertEqual(instances.map { $0.partition ?? [] }.sorted { $0.lexicographicallyPrecedes($1) }, [[2, 2], [3, 1]])
        // Exactly critical (PROVED) at each.
        XCTAssertTrue(instances.allSatisfy { $0.parameters.values.map(\.value) == [4, 2] && $0.verdict == .proved })
    }

    func testExpressionClaimsAboutTheLossOfAFamily() throws {
        // L = Σ L*(l) (F2); L > 0 for every configuration with an averaging group (L*(l) > 0 for l ≥ 2),
        // and k = 2…4, n < k always has one; L < 0 is false everywhere.
        let report = try Theorems.run(Self.copyAverage("""
        [[claim]]
        name   = "loss-equals"
        kind   = "equality"
        family = "ca"
        holds  = "loss = sum(Lstar(l) for l in groups)"

        [[claim]]
        name   = "loss-wrong"
        kind   = "equality"
        family = "ca"
        holds  = "loss = sum(Lstar(l) for l in groups) + 1e-25"

        [[claim]]
        name   = "loss-positive"
        kind   = "inequality"
        family = "ca"
        holds  = "loss > 0"

        [[claim]]
        name   = "loss-negative"
        kind   = "inequality"
        family = "ca"
        holds  = "loss < 0"
        """))
        XCTAssertEqual(try XCTUnwrap(report.claim("loss-equals")).verdict, .verified, report.text)
        XCTAssertEqual(try XCTUnwrap(report.claim("loss-wrong")).verdict, .refuted, report.text)
        XCTAssertEqual(try XCTUnwrap(report.claim("loss-positive")).verdict, .proved, report.text)
        let negative = try XCTUnwrap(report.claim("loss-negative"))
        XCTAssertEqual(negative.verdict, .refuted)
        XCTAssertEqual(negative.instances.count, 7)
        XCTAssertTrue(negative.instances.allSatisfy { $0.verdict == .refuted })
        for instance in try XCTUnwrap(report.claim("loss-positive")?.instances) {
            let left = try XCTUnwrap(instance.left)
            XCTAssertTrue(Reference.bounds(lower: left.lower, upper: left.upper,
                                           contain: Reference.lStarSum(try XCTUnwrap(instance.partition))), instance.label)
        }
    }

    func testMorseIndexByPartition() throws {
        // Float64 types of the k ≤ 4 copy-average points: only (2, 2) is a saddle (index 2).
        var indices: [[Int]: Int] = [:]
        for partition in [[2], [3], [2, 1], [4], [3, 1], [2, 2], [2, 1, 1]] {
            let (model, theta) = ErfModel.copyAverage(partition)
            let eigenvalues = symmetricEigenvalues(model.hessian(theta))
            XCTAssertGreaterThan(eigenvalues.map(abs).min()!, 1e-4)
            indices[partition] = eigenvalues.filter { $0 < 0 }.count
        }
        XCTAssertEqual(indices.filter { $0.value != 0 }.map(\.key), [[2, 2]])
        XCTAssertEqual(indices[[2, 2]], 2)
        let report = try Theorems.run(Self.copyAverage("""
        [[claim]]
        name        = "table"
        kind        = "hessian"
        family      = "ca"
        morse-index = "0"
        morse-index-by-partition = { "2,2" = 2 }

        [[claim]]
        name        = "table-wrong"
        kind        = "hessian"
        family      = "ca"
        morse-index = "0"
        morse-index-by-partition = { "2,2" = 1 }

        [[claim]]
        name        = "no-table"
        kind        = "hessian"
        family      = "ca"
        morse-index = "0"
        """))
        // Exactly critical points: the index is the inertia at the point itself (PROVED).
        XCTAssertEqual(try XCTUnwrap(report.claim("table")).verdict, .proved, report.text)
        for name in ["table-wrong", "no-table"] {
            let claim = try XCTUnwrap(report.claim(name))
            XCTAssertEqual(claim.verdict, .refuted, report.text)
            XCTAssertEqual(claim.instances.filter { $0.verdict == .refuted }.map { $0.partition ?? [] }, [[2, 2]])
        }
        for instance in try XCTUnwrap(report.claim("table")?.instances) {
            XCTAssertEqual(instance.morseIndex, indices[instance.partition ?? []], instance.label)
        }
    }

    func testKrawczykProofs() throws {
        // Proved: the copy-average points of k ≤ 4 (non-degenerate in float64, see
        // testMorseIndexByPartition) and the erf origin (H = [[0, −2√2/π], [−2√2/π, 0]],
        // non-singular), and a point 1e-50 away from the copy w = v, a = 1 (the box of
        // radius 2^-64 around it holds the exact critical point). The linear point on a
        // manifold of critical points is proved only modulo its scaling symmetry.
        let caReport = try Theorems.run(Self.copyAverage("""
        [[claim]]
        name   = "krawczyk"
        kind   = "critical-point"
        family = "ca"
        proof  = "krawczyk"
        """))
        let ca = try XCTUnwrap(caReport.claim("krawczyk"))
        XCTAssertEqual(ca.verdict, .proved, caReport.text)
        XCTAssertTrue(ca.instances.allSatisfy { $0.krawczykRadius != nil }, "the radius is reported")

        let report = try Theorems.run(Theorems.file("""
        [parameters]
        k = "1..1"

        [family.origin]
        kind           = "explicit"
        input-weights  = [["0"]]
        output-weights = ["0"]

        [family.near]
        kind           = "explicit"
        input-weights  = [["1"]]
        output-weights = ["1 + 1e-50"]

        [family.manifold]
        kind           = "explicit"
        activation     = "linear"
        input-weights  = [["1/2"]]
        output-weights = ["2"]

        [family.wrong]
        kind           = "explicit"
        input-weights  = [["1"]]
        output-weights = ["2"]

        [[claim]]
        name   = "origin"
        kind   = "critical-point"
        family = "origin"
        proof  = "krawczyk"

        [[claim]]
        name   = "near"
        kind   = "critical-point"
        family = "near"
        proof  = "krawczyk"

        [[claim]]
        name   = "manifold"
        kind   = "critical-point"
        family = "manifold"
        proof  = "krawczyk"

        [[claim]]
        name   = "wrong"
        kind   = "critical-point"
        family = "wrong"
        proof  = "krawczyk"
        """))
        XCTAssertEqual(try XCTUnwrap(report.claim("origin")).verdict, .proved, report.text)
        XCTAssertEqual(try XCTUnwrap(report.claim("near")).verdict, .proved, report.text)
        // L = (a w − 1)²: at w = 1/2, a = 2 a critical point, but not isolated: the full
        // Krawczyk test cannot succeed (singular Hessian), so the proof is the one modulo the
        // scaling (a, w) → (a/α, αw): on the slice a = 2, L = (2w − 1)² has exactly one zero
        // of its derivative near w = 1/2. The report must say so.
        let manifold = try XCTUnwrap(report.claim("manifold")?.instances.first)
        XCTAssertEqual(manifold.verdict, .proved, report.text)
        XCTAssertTrue(manifold.detail?.contains("modulo the scaling symmetry") == true, manifold.detail ?? "")
        XCTAssertTrue(manifold.detail?.contains("not isolated") == true, manifold.detail ?? "")
        // a = 2 for a copy: ∂L/∂a = 2(a − 1)/3 ≠ 0.
        XCTAssertEqual(try XCTUnwrap(report.claim("wrong")).verdict, .refuted, report.text)
    }

    func testNumericalFamilyAgainstAnIndependentDescent() throws {
        // k = 2, one student started near a copy of teacher 1. Float64 Newton on the
        // analytic gradient from w = (1, 0.01), a = 1 finds the one-student average of F4:
        // w = (1, 1)/sqrt(6), a = 2, loss L*(2). The checker's refined point must be a
        // certified isolated critical point with that loss, and a strict local minimum.
        let model = ErfModel(teacher: [[1, 0], [0, 1]], teacherWeights: [1, 1], students: 1, dimension: 2)
        var theta = [1.0, 0.01, 1.0]
        for _ in 0..<4000 {
            let g = model.gradient(theta)
            for i in theta.indices { theta[i] -= 0.2 * g[i] }
        }
        for _ in 0..<8 {
            let h = model.hessian(theta), g = model.gradient(theta)
            theta = zip(theta, solve(h, g)).map { $0 - $1 }
        }
        XCTAssertLessThan(model.gradient(theta).map(abs).max()!, 1e-12)
        XCTAssertEqual(theta[0], 1 / 6.0.squareRoot(), accuracy: 1e-9)
        XCTAssertEqual(theta[1], 1 / 6.0.squareRoot(), accuracy: 1e-9)
        XCTAssertEqual(theta[2], 2, accuracy: 1e-9)
        XCTAssertEqual(model.loss(theta), Reference.lStarDouble(2), accuracy: 1e-13)
        XCTAssertGreaterThan(symmetricEigenvalues(model.hessian(theta)).min()!, 1e-4)

        let report = try Theorems.run(Theorems.file("""
        [parameters]
        k = "2..2"

        [definitions]
        "Lstar(l)" = "l/3 - 2*l^2/pi*asin(1/(2*l))"

        [family.num]
        kind         = "numerical"
        start        = "copies"
        students     = "1"
        perturbation = "1/100"
        seed         = 7

        [[claim]]
        name   = "critical"
        kind   = "critical-point"
        family = "num"
        proof  = "krawczyk"

        [[claim]]
        name      = "loss"
        kind      = "equality"
        family    = "num"
        holds     = "loss = Lstar(k)"
        tolerance = "1e-12"

        [[claim]]
        name      = "loss-wrong"
        kind      = "equality"
        family    = "num"
        holds     = "loss = Lstar(k) + 1e-6"
        tolerance = "1e-12"

        [[claim]]
        name   = "type"
        kind   = "hessian"
        family = "num"
        type   = "local-minimum"
        """))
        XCTAssertEqual(try XCTUnwrap(report.claim("critical")).verdict, .proved, report.text)
        XCTAssertEqual(try XCTUnwrap(report.claim("loss")).verdict, .verified, report.text)
        XCTAssertEqual(try XCTUnwrap(report.claim("loss-wrong")).verdict, .refuted, report.text)
        XCTAssertEqual(try XCTUnwrap(report.claim("type")).verdict, .proved, report.text)
    }

    /// Solves `a x = b` by Gaussian elimination with partial pivoting (float64).
    func solve(_ a: [[Double]], _ b: [Double]) -> [Double] {
        var m = a, y = b
        let n = b.count
        for k in 0..<n {
            let p = (k..<n).max { abs(m[$0][k]) < abs(m[$1][k]) }!
            m.swapAt(k, p); y.swapAt(k, p)
            for i in (k + 1)..<max(n, k + 1) {
                let f = m[i][k] / m[k][k]
                for j in k..<n { m[i][j] -= f * m[k][j] }
                y[i] -= f * y[k]
            }
        }
        var x = Array(repeating: 0.0, count: n)
        for i in stride(from: n - 1, through: 0, by: -1) {
            x[i] = (y[i] - ((i + 1)..<max(n, i + 1)).reduce(0) { $0 + m[i][$1] * x[$1] }) / m[i][i]
        }
        return x
    }
}
