import XCTest
import CertifiedIntervals
import ClosedForms
@testable import RangeProofs

func lstarDefinitions() throws -> Definitions {
    var definitions = Definitions()
    try definitions.add(Definition(name: "Lstar", parameters: ["l"], parsing: "l/3 - 2*l^2/pi*asin(1/(2*l))"))
    return definitions
}

final class FarEndTests: XCTestCase {
    func testSecondDifferenceOfLstarIsNegativeForAllRealLAtLeastTwo() throws {
        let verdict = try decide("Lstar(l+1) - 2*Lstar(l) + Lstar(l-1)", .less, .atLeast(2), variable: "l",
                                 definitions: try lstarDefinitions())
        print(verdict.summary)
        guard case .proved(let c) = verdict else { return XCTFail(verdict.summary) }
        print(c.farEnds)
    }
}

final class FarEndMoreTests: XCTestCase {
    func testPerturbedSecondDifferenceIsRefutedFarOut() throws {
        let verdict = try decide("Lstar(l+1) - 2*Lstar(l) + Lstar(l-1) + 1e-20", .less, .atLeast(2), variable: "l",
                                 definitions: try lstarDefinitions())
        print(verdict.summary)
    }
    func testSecondDerivative() throws {
        let verdict = try decide("diff(Lstar(l), l, 2)", .less, .atLeast(1), variable: "l",
                                 definitions: try lstarDefinitions())
        print(verdict.summary)
        if case .proved(let c) = verdict { print(c.farEnds) }
    }
    func testHostile() throws {
        for (g, r, d) in [("l - 2000000", Relation.less, RealInterval.atLeast(1)),
                          ("x^2 + 1", .greater, RealInterval(lower: .infinite, upper: .infinite)),
                          ("x", .greater, RealInterval(lower: .infinite, upper: .infinite))] {
            let verdict = try decide(g, r, d, variable: g.hasPrefix("l") ? "l" : "x")
            print(g, verdict.summary)
        }
    }
}
