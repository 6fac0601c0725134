import XCTest
import CertifiedIntervals
@testable import TeacherStudent
import CheckerTestSupport

/// Item 2: the hand-written partial derivatives of every kernel against (a) automatic
/// differentiation of the kernel's defining formula, (b) central finite differences at
/// 512 bits, and (c) the self-interaction `diagonal(q)` against the one-variable jet of
/// κ(q, q, q) (and the closed form q/2 for ReLU).
final class KernelDerivativeTests: XCTestCase {

    static let activations: [ActivationCase] = ActivationCase.all
    static let derivativeNames = ["∂/∂q1", "∂/∂q2", "∂/∂q12"]

    func firstPartials(_ f: KernelFirstOrder) -> [Interval] { [f.d1, f.d2, f.d12] }

    func assertOverlap(_ x: Interval, _ y: Interval, _ what: @autoclosure () -> String,
                       file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertTrue(x.overlaps(y), "\(what()): \(x.short) vs \(y.short)", file: file, line: line)
    }

    // MARK: (a) automatic differentiation

    func testFirstAndSecondOrderMatchAutomaticDifferentiation() throws {
        let p = 256
        let points = GramPoint.samples(seed: 0x5EED_0002, count: 30, maxRho: 0.95, extremeRhos: [0.99, -0.99])
        for c in Self.activations {
            let kernel = c.activation.kernel(precision: p)
            for g in points {
                let (q1, q2, q12) = g.intervals(precision: p)
                let context = "\(c.label) at \(g)"
                let jet = try KernelFormula.jet(c.activation, q1, q2, q12)
                let first = try kernel.firstOrder(q1, q2, q12)
                let second = try kernel.secondOrder(q1, q2, q12)
                assertOverlap(first.value, jet.value, "\(context): value")
                assertOverlap(try kernel.value(q1, q2, q12), jet.value, "\(context): value()")
                for (r, name) in Self.derivativeNames.enumerated() {
                    assertOverlap(firstPartials(first)[r], jet.gradient[r], "\(context): firstOrder \(name)")
                    assertOverlap(firstPartials(second.first)[r], jet.gradient[r], "\(context): secondOrder.first \(name)")
                    XCTAssertTrue(firstPartials(first)[r].isTight(bits: 180) && jet.gradient[r].isTight(bits: 180),
                                  "\(context): \(name) too wide: \(firstPartials(first)[r].short), AD \(jet.gradient[r].short)")
                }
                let hessian = second.hessian
                for r in 0..<3 {
                    for col in 0..<3 {
                        let name = "∂²/\(Self.derivativeNames[r].dropFirst(2))\(Self.derivativeNames[col].dropFirst(2))"
                        assertOverlap(hessian[r][col], jet.hessian[r][col], "\(context): secondOrder \(name)")
                        XCTAssertTrue(hessian[r][col].isTight(bits: 150) && jet.hessian[r][col].isTight(bits: 150),
                                      "\(context): \(name) too wide: \(hessian[r][col].short), AD \(jet.hessian[r][col].short)")
                    }
                }
            }
        }
    }

    /// The jet type itself, on functions with known derivatives (so that a wrong rule in
    /// the test's own AD cannot mask or fake a disagreement).
    func testJetRulesOnKnownFunctions() throws {
        let p = 256
        let x = Jet.variable(Interval(Rational(3, 10), precision: p), index: 0, dimension: 2)
        let y = Jet.variable(Interval(Rational(7, 5), precision: p), index: 1, dimension: 2)
        // f = asin(x) · sqrt(y) / y + acos(x) = asin(x)/sqrt(y) + acos(x)
        let f = try (try x.asin()) * (try y.sqrt()) / y + (try x.acos())
        let xv = Interval(Rational(3, 10), precision: p), yv = Interval(Rational(7, 5), precision: p)
        let oneMinus = 1 - xv.squared, root = try oneMinus.sqrt(), ry = try yv.sqrt()
        // ∂x = 1/(√(1−x²) √y) − 1/√(1−x²); ∂y = −asin(x)/(2 y^{3/2})
        let dx = (try Interval(1, precision: p) / (root * ry)) - (try Interval(1, precision: p) / root)
        let dy = try -(try xv.asin()) / (2 * (yv * ry))
        // ∂xx = x/(1−x²)^{3/2} (1/√y − 1); ∂xy = −1/(2 √(1−x²) y^{3/2}); ∂yy = (3/4) asin(x) y^{-5/2}
        let dxx = try xv / (oneMinus * root) * (try Interval(1, precision: p) / ry - 1)
        let dxy = -(try Interval(1, precision: p) / (2 * root * yv * ry))
        let dyy = try 3 * (try xv.asin()) / (4 * yv.squared * ry)
        for (got, want, name) in [(f.gradient[0], dx, "∂x"), (f.gradient[1], dy, "∂y"), (f.hessian[0][0], dxx, "∂xx"),
                                  (f.hessian[0][1], dxy, "∂xy"), (f.hessian[1][0], dxy, "∂yx"), (f.hessian[1][1], dyy, "∂yy")] {
            assertOverlap(got, want, "jet \(name)")
            XCTAssertTrue(got.isTight(bits: 200), "jet \(name) too wide: \(got.short)")
        }
    }

    // MARK: (b) finite differences

    /// Central differences at 512 bits with h = 2^-133 (≈ 9.2e-41; a power of two, so
    /// that q ± h is exact). For f with bounded third derivative,
    ///     (f(x+h) − f(x−h))/(2h) = f'(x) + (h²/6) f'''(ξ).
    /// On the sample domain (q1, q2 ∈ [0.1, 5], |ρ| ≤ 0.95) the third partials of the four
    /// kernels are of modest size: the largest factors are 1/q ≤ 10 and, for ReLU,
    /// 1/S with S = sqrt(q1 q2 (1 − ρ²)) ≥ 0.1·0.31, so each third partial of κ (and
    /// fourth, for the differences of `firstOrder`) is below 1e9, and (h²/6)·1e9 < 2e-72.
    /// Widening by 1e-70 (absolute) therefore covers the truncation error with room to
    /// spare, while a wrong derivative formula (an error of order 1e-3 or more relative
    /// to derivatives of size ≥ 1e-3) is still caught by a factor ≥ 1e60. Rounding is
    /// not an issue: the difference quotient is itself an enclosure (width ~1e-110).
    static let finiteDifferenceBound = Rational(exactly: "1e-70")!
    static let stepExponent = -133

    func shifted(_ x: (Interval, Interval, Interval), _ r: Int, _ sign: Int, precision p: Int) -> (Interval, Interval, Interval) {
        let h = Interval(sign, precision: p).scaled(byPowerOfTwo: Self.stepExponent)
        switch r {
        case 0: return (x.0 + h, x.1, x.2)
        case 1: return (x.0, x.1 + h, x.2)
        default: return (x.0, x.1, x.2 + h)
        }
    }

    /// Encloses `(f(x + h e_r) − f(x − h e_r)) / (2h)`, widened by the truncation bound.
    func centralDifference(_ f: ((Interval, Interval, Interval)) throws -> Interval,
                           at x: (Interval, Interval, Interval), direction r: Int, precision p: Int) throws -> Interval {
        let plus = try f(shifted(x, r, 1, precision: p)), minus = try f(shifted(x, r, -1, precision: p))
        return (plus - minus).scaled(byPowerOfTwo: -Self.stepExponent - 1).widened(by: Self.finiteDifferenceBound)
    }

    func testDerivativesMatchCentralDifferencesAt512Bits() throws {
        let p = 512
        let points = GramPoint.samples(seed: 0x5EED_0003, count: 12, maxRho: 0.95, extremeRhos: [0.95, -0.95])
        for c in Self.activations {
            let kernel = c.activation.kernel(precision: p)
            for g in points {
                let x = g.intervals(precision: p)
                let context = "\(c.label) at \(g)"
                let first = try kernel.firstOrder(x.0, x.1, x.2)
                let second = try kernel.secondOrder(x.0, x.1, x.2)
                for r in 0..<3 {
                    let fd = try centralDifference({ try kernel.value($0.0, $0.1, $0.2) }, at: x, direction: r, precision: p)
                    assertOverlap(firstPartials(first)[r], fd, "\(context): firstOrder \(Self.derivativeNames[r]) vs FD of value")
                    for col in 0..<3 {
                        let fd2 = try centralDifference({ try self.firstPartials(kernel.firstOrder($0.0, $0.1, $0.2))[col] },
                                                        at: x, direction: r, precision: p)
                        assertOverlap(second.hessian[r][col], fd2,
                                      "\(context): secondOrder [\(r)][\(col)] vs FD in direction \(r) of firstOrder[\(col)]")
                    }
                }
            }
        }
    }

    /// The finite-difference comparison has teeth: a derivative off by 1e-60 is rejected.
    func testFiniteDifferenceCheckRejectsSlightlyWrongDerivatives() throws {
        let p = 512
        let g = GramPoint(q1: 1.25, q2: 0.75, q12: 0.5)
        let x = g.intervals(precision: p)
        let perturbation = Interval(Rational(exactly: "1e-60")!, precision: p)
        for c in Self.activations where c.activation != .linear {
            let kernel = c.activation.kernel(precision: p)
            let first = try kernel.firstOrder(x.0, x.1, x.2)
            for r in 0..<3 {
                let fd = try centralDifference({ try kernel.value($0.0, $0.1, $0.2) }, at: x, direction: r, precision: p)
                XCTAssertTrue(firstPartials(first)[r].overlaps(fd))
                XCTAssertFalse((firstPartials(first)[r] + perturbation).overlaps(fd),
                               "\(c.label): FD check cannot see an error of 1e-60 in \(Self.derivativeNames[r])")
            }
        }
    }

    // MARK: (c) the self-interaction h(q) = κ(q, q, q)

    func testDiagonalMatchesOneVariableJet() throws {
        let p = 256
        var rng = SplitMix64(seed: 0x5EED_0004)
        var qs: [Double] = (0..<20).map { _ in rng.uniform(0.01, 10) }
        qs += [1, 0.5, 4]
        for c in Self.activations {
            let kernel = c.activation.kernel(precision: p)
            for qd in qs {
                let q = Interval(qd, precision: p)
                let context = "\(c.label) at q = \(qd)"
                let h = try kernel.diagonal(q)
                if c.isReLU {
                    // h(q) = κ(q,q,q) = E[relu(u)²] = q/2: h' = 1/2, h'' = 0.
                    let half = q.scaled(byPowerOfTwo: -1)
                    XCTAssertTrue(h.value.contains(half) && h.value.isTight(bits: 250), "\(context): h = \(h.value.short)")
                    XCTAssertTrue(h.derivative.contains(Rational(1, 2)) && h.derivative.isTight(bits: 250), "\(context): h' = \(h.derivative.short)")
                    XCTAssertTrue(h.secondDerivative.contains(0) && h.secondDerivative.isTight(bits: 250), "\(context): h'' = \(h.secondDerivative.short)")
                    // The three-argument kernel at the parallel point agrees with the diagonal,
                    // and by the chain rule h' = ∂1κ + ∂2κ + ∂12κ there (κ is C¹ at ρ = 1).
                    assertOverlap(try kernel.value(q, q, q), h.value, "\(context): value(q,q,q) vs diagonal")
                    let f = try kernel.firstOrder(q, q, q)
                    assertOverlap(f.d1 + f.d2 + f.d12, h.derivative, "\(context): Σ first partials vs h'")
                    continue
                }
                let jet = try KernelFormula.diagonalJet(c.activation, q)
                assertOverlap(h.value, jet.value, "\(context): h")
                assertOverlap(h.derivative, jet.gradient[0], "\(context): h'")
                assertOverlap(h.secondDerivative, jet.hessian[0][0], "\(context): h''")
                for (x, name) in [(h.value, "h"), (h.derivative, "h'"), (h.secondDerivative, "h''")] {
                    XCTAssertTrue(x.isTight(bits: 150), "\(context): \(name) too wide \(x.short)")
                }
                // Consistency with the three-argument kernel on the diagonal (chain rule).
                let second = try kernel.secondOrder(q, q, q)
                assertOverlap(second.first.value, h.value, "\(context): κ(q,q,q) vs h")
                assertOverlap(second.first.d1 + second.first.d2 + second.first.d12, h.derivative, "\(context): Σ ∂κ vs h'")
                var sum = Interval.zero(precision: p)
                for row in second.hessian { for entry in row { sum = sum + entry } }
                assertOverlap(sum, h.secondDerivative, "\(context): Σ ∂²κ vs h''")
            }
        }
    }
}
