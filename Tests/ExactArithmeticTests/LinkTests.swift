import XCTest
import CFlint

final class CalciumLinkTests: XCTestCase {
    /// Calcium decides sin(π) = 0 exactly and √2·√2 − 2 = 0; √2 − 1.4142 is nonzero.
    func testCalciumDecidesZeroExactly() {
        var ctx = ca_ctx_struct(); ca_ctx_init(&ctx); defer { ca_ctx_clear(&ctx) }
        var x = ca_struct(), y = ca_struct(), z = ca_struct(); ca_init(&x, &ctx); ca_init(&y, &ctx); ca_init(&z, &ctx)
        defer { ca_clear(&x, &ctx); ca_clear(&y, &ctx); ca_clear(&z, &ctx) }
        ca_pi(&x, &ctx); ca_sin_cos(&y, nil, &x, &ctx)
        XCTAssertEqual(ca_check_is_zero(&y, &ctx), T_TRUE)
        ca_set_ui(&x, 2, &ctx); ca_sqrt(&y, &x, &ctx); ca_mul(&z, &y, &y, &ctx); ca_sub_ui(&y, &z, 2, &ctx)
        XCTAssertEqual(ca_check_is_zero(&y, &ctx), T_TRUE)
        ca_sqrt(&y, &x, &ctx); ca_set_d(&x, 1.4142, &ctx); ca_sub(&z, &y, &x, &ctx)
        XCTAssertEqual(ca_check_is_zero(&z, &ctx), T_FALSE)
    }
}
