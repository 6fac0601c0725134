import XCTest
import CertifiedIntervals
import ClosedForms
import TeacherStudent
@testable import SymmetryReduction

/// The theorems for every k: PROVED for the paper's erf family, REFUTED with a
/// configuration of the scope for ReLU, perturbed coefficients and a wrong L*.
final class CopyAverageTheoremsTests: XCTestCase {
    static func definitions(c: String = "1/sqrt(l*(2*l - 1))", a: String = "l",
                            lStar: String = "l/3 - 2*l^2/pi*asin(1/(2*l))") throws -> Definitions {
        var d = Definitions()
        try d.add(Definition(name: "c", parameters: ["l"], parsing: c))
        try d.add(Definition(name: "a", parameters: ["l"], parsing: a))
        try d.add(Definition(name: "Lstar", parameters: ["l"], parsing: lStar))
        return d
    }

    func theorems(_ activation: Activation = .standardErf, definitions: Definitions,
                  scope: CopyAverageScope = CopyAverageScope(smallestK: 1, groups: .between(lowest: 1, belowK: 0)))
        throws -> CopyAverageTheorems {
        let reduction = try CopyAverageReduction(activation: activation, incoming: ExpressionParser.parse("c(l)"),
                                                 outgoing: ExpressionParser.parse("a(l)"), definitions: definitions)
        return CopyAverageTheorems(reduction: reduction, scope: scope)
    }

    static let canonical: (Int, Int) -> [Int]? = { k, n in [k - n + 1] + Array(repeating: 1, count: n - 1) }

    func steps(_ verdict: TheoremVerdict, file: StaticString = #filePath, line: UInt = #line) -> [ProofStep] {
        guard case .proved(let steps) = verdict else {
            XCTFail("not PROVED: \(verdict)", file: file, line: line)
            return []
        }
        return steps
    }

    func counterexample(_ verdict: TheoremVerdict, file: StaticString = #filePath, line: UInt = #line)
        -> TheoremCounterexample? {
        guard case .refuted(let c) = verdict else {
            XCTFail("not REFUTED: \(verdict)", file: file, line: line)
            return nil
        }
        return c
    }

    func testPaperFamilyIsProvedForEveryK() throws {
        let t = try theorems(definitions: Self.definitions())
        let critical = steps(t.criticality())
        XCTAssertEqual(critical.map(\.kind), Array(repeating: .identity, count: 5))
        // Every side condition of every identity was certified (they are listed).
        XCTAssertTrue(critical.contains { !$0.sideConditions.isEmpty })
        let loss = steps(t.lossDecomposition(lStar: try ExpressionParser.parse("Lstar(l)")))
        XCTAssertEqual(loss.count, 2)
        let minimum = steps(t.minimum(argmin: Self.canonical, argminIsCanonical: true,
                                      value: try ExpressionParser.parse("Lstar(k-n+1)")))
        XCTAssertEqual(minimum.map(\.kind), [.identity, .identity, .inequality, .lemma, .identity])
        // One group only (F4): the one-size quantities.
        let one = try theorems(definitions: Self.definitions(), scope: CopyAverageScope(smallestK: 1, groups: .exactly(1)))
        XCTAssertEqual(steps(one.criticality()).count, 2)
    }

    func testReLUAndPerturbedFamiliesAreRefutedInTheScope() throws {
        let relu = try theorems(.relu, definitions: Self.definitions())
        let c = try XCTUnwrap(counterexample(relu.criticality()))
        XCTAssertEqual(c.partition, [2])
        XCTAssertTrue(c.value.isNegative)
        // Later scope: the counterexample respects it (k ≥ 5, n ≤ k − 1).
        let later = try theorems(.relu, definitions: Self.definitions(),
                                 scope: CopyAverageScope(smallestK: 5, groups: .between(lowest: 1, belowK: 1)))
        let d = try XCTUnwrap(counterexample(later.criticality()))
        XCTAssertGreaterThanOrEqual(d.k, 5)
        XCTAssertLessThanOrEqual(d.n, d.k - 1)
        XCTAssertEqual(d.partition.reduce(0, +), d.k)
        // Perturbed a(l): refuted; the wrong minimiser value too.
        let perturbed = try theorems(definitions: Self.definitions(a: "l + 1/100"))
        XCTAssertNotNil(counterexample(perturbed.criticality()))
        let wrongValue = try theorems(definitions: Self.definitions())
        XCTAssertNotNil(counterexample(wrongValue.minimum(argmin: Self.canonical, argminIsCanonical: true,
                                                          value: try ExpressionParser.parse("Lstar(k-n+1) + 1/1000"))))
    }

    /// A non-canonical minimiser cannot be PROVED, and where it is wrong it is refuted by a
    /// certainly lower member: (k−n, 2, 1^(n−2)) at k = 4, n = 2 is (2, 2), above (3, 1).
    func testNonCanonicalMinimiserIsRefutedNeverProved() throws {
        let t = try theorems(definitions: Self.definitions(),
                             scope: CopyAverageScope(smallestK: 3, groups: .between(lowest: 2, belowK: 1)))
        let c = try XCTUnwrap(counterexample(t.minimum(argmin: { k, n in [k - n, 2] + Array(repeating: 1, count: n - 2) },
                                                       argminIsCanonical: false, value: nil)))
        XCTAssertEqual([c.k, c.n], [4, 2])
        XCTAssertEqual(c.partition, [3, 1])
        XCTAssertTrue(c.value.isNegative)
        // Canonical values written differently but not claimed canonical: INCONCLUSIVE, not PROVED.
        guard case .inconclusive = t.minimum(argmin: Self.canonical, argminIsCanonical: false, value: nil) else {
            return XCTFail("a minimiser not shown canonical for every k must not be PROVED")
        }
    }

    /// Side conditions in l and lp split into conditions in one variable (sufficient ones).
    func testSideConditionsSplitIntoOneVariableFactors() throws {
        let t = try theorems(definitions: Self.definitions())
        let product = SideCondition(expression: try ExpressionParser.parse("pi*sqrt(1 + l)*sqrt(2 + lp)"),
                                    requirement: .nonzero, reason: "denominator")
        // Split until each piece reads one variable (those go to the one-variable prover).
        let pieces = t.split(product, variables: ["l", "lp"])
        XCTAssertEqual(pieces.map(\.expression.description).sorted(), ["pi*sqrt(1 + l)", "sqrt(2 + lp)"])
        XCTAssertTrue(pieces.allSatisfy { $0.requirement == .nonzero })
        let nested = SideCondition(expression: try ExpressionParser.parse("sqrt((1 + l)*(2 + lp))"),
                                   requirement: .positive, reason: "")
        XCTAssertEqual(t.split(nested, variables: ["l", "lp"]).map(\.expression.description).sorted(), ["1 + l", "2 + lp"])
        // A sum in both variables is not split (no sufficient condition on parts).
        let sum = SideCondition(expression: try ExpressionParser.parse("l - lp + 3"), requirement: .positive, reason: "")
        XCTAssertEqual(t.split(sum, variables: ["l", "lp"]).count, 1)
        // Certification: true over [1, ∞)², false where a factor vanishes.
        let domain = RealInterval.atLeast(Rational(1))
        XCTAssertNil(t.certify([product], variables: [("l", domain), ("lp", domain)]))
        let bad = SideCondition(expression: try ExpressionParser.parse("(l - 2)*sqrt(lp)"), requirement: .nonzero, reason: "")
        XCTAssertNotNil(t.certify([bad], variables: [("l", domain), ("lp", domain)]))
    }

    /// Polynomial shapes are recognised exactly, and only polynomial ones.
    func testPolynomialFormsDecideShapes() throws {
        func form(_ text: String) throws -> PolynomialForm? { PolynomialForm(try ExpressionParser.parse(text)) }
        XCTAssertEqual(try form("k - n + 1"), try form("(k + 1) - n"))
        XCTAssertEqual(try form("(k-n+1)^2"), try form("k^2 - 2*k*n + n^2 + 2*k - 2*n + 1"))
        XCTAssertNotEqual(try form("k - n"), try form("k - n + 1"))
        XCTAssertNil(try form("k/2"))
        XCTAssertNil(try form("sqrt(k)"))
        XCTAssertEqual(try form("m + n - 1 - n + 1")?.expression.description, "m")
        XCTAssertEqual(try ExpressionParser.parse("Lstar(m + n - 1 - n + 1)").simplifyingPolynomials().description,
                       "Lstar(m)")
    }
}
