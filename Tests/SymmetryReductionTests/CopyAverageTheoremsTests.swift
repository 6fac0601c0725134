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

    func describe(_ verdict: TheoremVerdict) -> String {
        switch verdict {
        case .proved(let steps): return "PROVED\n" + steps.map { "  \($0)" }.joined(separator: "\n")
        case .refuted(let c): return "REFUTED at k=\(c.k) n=\(c.n) \(c.partition): \(c.quantity) ∈ \(c.value)"
        case .inconclusive(let reason, _): return "INCONCLUSIVE: \(reason)"
        }
    }

    func testPrint() throws {
        let t = try theorems(definitions: Self.definitions())
        print(describe(t.criticality()))
        print(describe(t.lossDecomposition(lStar: try ExpressionParser.parse("Lstar(l)"))))
        print(describe(t.minimum(argmin: { k, n in [k - n + 1] + Array(repeating: 1, count: n - 1) },
                                 argminIsCanonical: true, value: try ExpressionParser.parse("Lstar(k-n+1)"))))
        let relu = try theorems(.relu, definitions: Self.definitions())
        print(describe(relu.criticality()))
        print(describe(relu.lossDecomposition(lStar: try ExpressionParser.parse("Lstar(l)"))))
        print(describe(relu.minimum(argmin: { k, n in [k - n + 1] + Array(repeating: 1, count: n - 1) },
                                 argminIsCanonical: true, value: try ExpressionParser.parse("Lstar(k-n+1)"))))
    }
}
