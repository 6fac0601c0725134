import XCTest
import CertifiedIntervals
import CheckerTestSupport
@testable import CertifiedLinearAlgebra

/// The float64 midpoint–radius Krawczyk test against the interval-product one, on
/// systems `F(x) = A x + ε x³ − b` (cubes entrywise) with sparse random `A`: around a
/// Newton root both must contract, away from it neither may; wherever both decide they
/// agree.
final class KrawczykAgreementTests: XCTestCase {
    let p = 256

    struct System {
        let a: [[Interval]]
        let b: [Interval]
        let epsilon: Interval
        let scale: Int          // F is multiplied by 2^scale (extreme scales)

        func value(_ x: [Interval]) -> [Interval] {
            (0..<b.count).map { i in
                var s = epsilon * x[i] * x[i] * x[i] - b[i]
                for j in 0..<b.count where !a[i][j].isExactZero { s = s + a[i][j] * x[j] }
                return s.scaled(byPowerOfTwo: scale)
            }
        }

        func jacobian(_ x: [Interval]) -> [[Interval]] {
            (0..<b.count).map { i in (0..<b.count).map { j in
                let entry = i == j ? a[i][j] + Interval(3, precision: x[i].precision) * epsilon * x[i] * x[i] : a[i][j]
                return entry.scaled(byPowerOfTwo: scale)
            } }
        }
    }

    func randomSystem(size n: Int, scale: Int, random: inout SplitMix64) -> System {
        let a = (0..<n).map { i in (0..<n).map { j -> Interval in
            if i == j { return Interval(Double(n) + random.uniform(-1, 1), precision: p) }
            return random.next() % 4 == 0 ? Interval(random.uniform(-1, 1), precision: p) : .zero(precision: p)
        } }
        return System(a: a, b: (0..<n).map { _ in Interval(random.uniform(-1, 1), precision: p) },
                      epsilon: Interval(Rational(1, 10), precision: p), scale: scale)
    }

    /// Both tests on the box of `radius` around `centre`.
    func outcomes(_ system: System, centre: [PointValue], radius: Interval)
        -> (fast: Krawczyk.Outcome?, reference: Krawczyk.Outcome) {
        let m = centre.map { Interval(exactly: $0) }
        let spread = Interval.hull(-radius, radius)
        let jacobian = system.jacobian(m.map { $0 + spread })
        let value = system.value(m)
        let preconditioner = Approximate.inverse(of: jacobian, precision: p)!
        return (Krawczyk.testInFloat64MidpointRadius(valueAtCentre: value, jacobianOverBox: jacobian, radius: radius,
                                                     preconditioner: preconditioner),
                Krawczyk.testByIntervalProducts(valueAtCentre: value, jacobianOverBox: jacobian, radius: radius,
                                                preconditioner: preconditioner, precision: p))
    }

    func testAgreesWithIntervalProducts() throws {
        var random = SplitMix64(seed: 1414)
        var contractedBoth = 0, refusedBoth = 0
        for trial in 0..<24 {
            let n = 2 + trial % 12
            let scale = [0, -900, 700][trial % 3]
            let system = randomSystem(size: n, scale: scale, random: &random)
            let start = (0..<n).map { _ in PointValue(0, precision: p) }
            // The root of the unscaled system (same zeros; Newton's stopping rule is absolute).
            let unscaled = System(a: system.a, b: system.b, epsilon: system.epsilon, scale: 0)
            let newton = Approximate.newton(from: start, precision: p,
                                            value: { x in unscaled.value(x.map { Interval(exactly: $0) }) },
                                            jacobian: { x in unscaled.jacobian(x.map { Interval(exactly: $0) }) })
            XCTAssertEqual(newton.stop, .converged, "trial \(trial)")
            let radius = Interval(1, precision: p).scaled(byPowerOfTwo: -(p / 2))
            // Around the root: both contract.
            let near = outcomes(system, centre: newton.point, radius: radius)
            guard case .contracting(let fast)? = near.fast, case .contracting(let reference) = near.reference else {
                XCTFail("trial \(trial): around the root fast = \(String(describing: near.fast)), reference = \(near.reference)")
                continue
            }
            XCTAssertLessThan(fast, 1); XCTAssertLessThan(reference, 1)
            contractedBoth += 1
            // Away from it (the first coordinate moved by 10⁻³ ≫ r): neither contracts.
            var away = newton.point
            away[0] = (Interval(exactly: away[0]) + Interval(Rational(1, 1000), precision: p)).midpoint
            let far = outcomes(system, centre: away, radius: radius)
            if case .contracting = far.reference { XCTFail("trial \(trial): the reference contracted away from the root") }
            if case .contracting? = far.fast { XCTFail("trial \(trial): the float64 test contracted away from the root") }
            if case .notContracting? = far.fast, case .notContracting = far.reference { refusedBoth += 1 }
            // The combined test decides like the reference.
            let m = newton.point.map { Interval(exactly: $0) }
            let jacobian = system.jacobian(m.map { $0 + Interval.hull(-radius, radius) })
            let combined = Krawczyk.test(valueAtCentre: system.value(m), jacobianOverBox: jacobian, radius: radius,
                                         preconditioner: Approximate.inverse(of: jacobian, precision: p)!, precision: p)
            guard case .contracting = combined else { XCTFail("trial \(trial): combined \(combined)"); continue }
        }
        XCTAssertEqual(contractedBoth, 24)
        XCTAssertEqual(refusedBoth, 24)
    }

    /// Boxes of radius 1/4 whose centre is 1/2 from the root in one coordinate hold no
    /// zero (`J` is diagonally dominant there, so the root is the only one nearby): neither
    /// test contracts. With `C = 0`, `K(X) = X`: the float64 test reports a bound ≥ 1.
    func testRefusesBoxesWithoutAZeroAndUselessPreconditioners() throws {
        var random = SplitMix64(seed: 77)
        for trial in 0..<12 {
            let n = 3 + trial % 5
            let system = randomSystem(size: n, scale: 0, random: &random)
            let start = (0..<n).map { _ in PointValue(0, precision: p) }
            let newton = Approximate.newton(from: start, precision: p,
                                            value: { x in system.value(x.map { Interval(exactly: $0) }) },
                                            jacobian: { x in system.jacobian(x.map { Interval(exactly: $0) }) })
            var centre = newton.point
            centre[trial % n] = (Interval(exactly: centre[trial % n]) + Interval(Rational(1, 2), precision: p)).midpoint
            let both = outcomes(system, centre: centre, radius: Interval(Rational(1, 4), precision: p))
            if case .contracting? = both.fast { XCTFail("trial \(trial): float64 test contracted on a box without a zero") }
            if case .contracting = both.reference { XCTFail("trial \(trial): reference contracted on a box without a zero") }
            let zero = Interval.zero(precision: p)
            let zeros = Array(repeating: Array(repeating: zero, count: n), count: n)
            let m = newton.point.map { Interval(exactly: $0) }
            let radius = Interval(1, precision: p).scaled(byPowerOfTwo: -(p / 2))
            let outcome = Krawczyk.testInFloat64MidpointRadius(
                valueAtCentre: system.value(m), jacobianOverBox: system.jacobian(m), radius: radius, preconditioner: zeros)
            guard case .notContracting(let bound)? = outcome else { return XCTFail("C = 0 gave \(String(describing: outcome))") }
            XCTAssertGreaterThanOrEqual(bound, 1)
        }
    }
}
