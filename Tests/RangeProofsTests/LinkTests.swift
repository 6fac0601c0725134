import XCTest
import RangeProofs

final class RangeProofsLinkTests: XCTestCase {
    func testModuleLinks() { XCTAssertTrue(true) }
}
