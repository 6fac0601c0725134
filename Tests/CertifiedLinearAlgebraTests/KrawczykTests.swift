import XCTest
import CertifiedIntervals
@testable import CertifiedLinearAlgebra

/// The generic Krawczyk test on `F(x, y) = (x² + y² − 1, x − y)`, whose zeros are
/// `±(1/√2, 1/√2)`.
final class KrawczykTests: XCTestCase {
    let p = 256

    /// The outcome for the box of `radius` around `(c, c)`, preconditioned by the
    /// approximate inverse of `J(X)`.
    func outcome(centre c: Interval, radius: Interval) -> Krawczyk.Outcome {
        let box = c + Interval.hull(-radius, radius)
        let value = [c * c + c * c - Interval(1, precision: p), Interval.zero(precision: p)]
        let two = Interval(2, precision: p), one = Interval(1, precision: p)
        let jacobian = [[two * box, two * box], [one, -one]]
        let preconditioner = Approximate.inverse(of: jacobian, precision: p)!
        return Krawczyk.test(valueAtCentre: value, jacobianOverBox: jacobian, radius: radius,
                             preconditioner: preconditioner, precision: p)
    }

    func testContractsAroundTheZeroAndNotAwayFromIt() throws {
        let root = Interval(exactly: try (Interval(1, precision: p) / Interval(2, precision: p)).sqrt().midpoint)
        let radius = Interval(1, precision: p).scaled(byPowerOfTwo: -(p / 2))
        guard case .contracting(let contraction) = outcome(centre: root, radius: radius) else {
            return XCTFail("no proof around the zero")
        }
        XCTAssertLessThan(contraction, 1)
        // 0.6 is 0.107 away from the zero: the tiny box holds no zero, and |C F(m)| ≫ r.
        let away = outcome(centre: Interval(Rational(3, 5), precision: p), radius: radius)
        guard case .notContracting(let bound) = away else { return XCTFail("a box without a zero contracted") }
        XCTAssertGreaterThan(bound, 1)
        XCTAssertEqual(away.contraction, bound)
    }

    /// A useless preconditioner cannot make the test prove anything: with `C = 0`,
    /// `K(X) = m + (X − m) = X`, which is not in the interior of `X` (contraction exactly 1).
    func testAZeroPreconditionerNeverProves() throws {
        let root = Interval(exactly: try (Interval(1, precision: p) / Interval(2, precision: p)).sqrt().midpoint)
        let radius = Interval(1, precision: p).scaled(byPowerOfTwo: -(p / 2))
        let zero = Interval.zero(precision: p), two = Interval(2, precision: p), one = Interval(1, precision: p)
        let outcome = Krawczyk.test(valueAtCentre: [zero, zero], jacobianOverBox: [[two * root, two * root], [one, -one]],
                                    radius: radius, preconditioner: [[zero, zero], [zero, zero]], precision: p)
        XCTAssertEqual(outcome, .notContracting(contraction: 1))
    }
}
