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
