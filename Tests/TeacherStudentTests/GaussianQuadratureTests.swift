import XCTest
import CertifiedIntervals
@testable import TeacherStudent
import CheckerTestSupport

/// The certified quadrature of `κ = E[σ(u)σ(u')]` against the closed-form kernels, known
/// exact values and a deliberately wrong closed form.
final class GaussianQuadratureTests: XCTestCase {

    static let activations: [Activation] = [
        .standardErf, .erf(scale: Rational(2)), .relu, .quadratic, .linear,
    ]

    /// Gram entries `(|w|², |v|², w·v)` of integer vectors scaled by `1/8`: exact dyadics.
    static func gram(_ w: [Int], _ v: [Int], precision p: Int) -> (Interval, Interval, Interval) {
        func dot(_ a: [Int], _ b: [Int]) -> Interval {
            Interval(Rational(zip(a, b).map { $0 * $1 }.reduce(0, +), 64), precision: p)
        }
        return (dot(w, w), dot(v, v), dot(w, v))
    }

    /// About 20 Gram points: random pairs, orthogonal pairs (ρ = 0), nearly parallel and
    /// nearly antiparallel pairs (|ρ| close to 1), and exactly (anti)parallel ones.
    static func gramPoints(precision p: Int) -> [(Interval, Interval, Interval)] {
        var rng = SplitMix64(state: 20_240_601)
        var points: [(Interval, Interval, Interval)] = []
        for _ in 0..<10 {
            var w = [rng.component(), rng.component(), rng.component()]
            if w == [0, 0, 0] { w[0] = 3 }
            let v = [rng.component(), rng.component(), rng.component(nonZero: true)]
            points.append(gram(w, v, precision: p))
        }
        // ρ = 0.
        points.append(gram([8, 0, 0], [0, 8, 0], precision: p))
        points.append(gram([3, 4, 0], [-4, 3, 5], precision: p))
        // |ρ| near 1: v = ±c w + small perturbation.
        points.append(gram([8, 8, 0], [8, 8, 1], precision: p))          // ρ ≈ 0.996
        points.append(gram([64, 0, 0], [64, 1, 0], precision: p))        // ρ ≈ 0.99988
        points.append(gram([512, 0, 0], [-512, 1, 0], precision: p))     // ρ ≈ −0.999998
        points.append(gram([5, -3, 2], [10, -6, 5], precision: p))
        // Exactly parallel and antiparallel.
        points.append(gram([8, 0, 0], [8, 0, 0], precision: p))
        points.append(gram([4, 4, 4], [-8, -8, -8], precision: p))
        // Very different scales.
        points.append(gram([24, 0, 0], [1, 2, 0], precision: p))
        points.append(gram([1, 1, 0], [20, -4, 3], precision: p))
        return points
    }

    func testEnclosesTheClosedFormAtGramPoints() throws {
        let p = 128
        let points = Self.gramPoints(precision: p)
        for activation in Self.activations {
            let kernel = activation.kernel(precision: p)
            var widest = 0.0
            for (q1, q2, q12) in points {
                let closed = try kernel.value(q1, q2, q12)
                let quadrature = try GaussianQuadrature.kernel(activation, q1: q1, q2: q2, q12: q12, precision: p)
                XCTAssertTrue(quadrature.overlaps(closed),
                              "\(activation) at (\(q1), \(q2), \(q12)): quadrature \(quadrature) misses closed form \(closed)")
                widest = max(widest, quadrature.width.upperBoundAsDouble)
                XCTAssertLessThan(quadrature.width.upperBoundAsDouble, 1e-10, "\(activation) at (\(q1), \(q2), \(q12))")
            }
            print("quadrature \(activation): widest enclosure over \(points.count) Gram points \(widest)")
        }
    }

    func testKnownExactValues() throws {
        let p = 128
        let one = Interval(1, precision: p), zero = Interval.zero(precision: p)
        let pi = Interval.pi(precision: p)
        let cases: [(Activation, Interval, Interval, Interval, Interval)] = [
            (.standardErf, one, one, one, try one / 3),
            (.relu, one, one, one, one.scaled(byPowerOfTwo: -1)),
            (.relu, one, one, zero, try one / pi.scaled(byPowerOfTwo: 1)),
            (.quadratic, one, one, one, Interval(3, precision: p)),
            (.linear, one, one, one, one),
            (.standardErf, one, one, zero, zero),
            (.quadratic, one, one, zero, one),
        ]
        for (activation, q1, q2, q12, exact) in cases {
            let enclosure = try GaussianQuadrature.kernel(activation, q1: q1, q2: q2, q12: q12, precision: p)
            XCTAssertTrue(enclosure.contains(exact), "\(activation): \(enclosure) does not contain \(exact)")
            XCTAssertLessThan(enclosure.width.upperBoundAsDouble, 1e-10, "\(activation): \(enclosure)")
        }
    }

    func testWrongClosedFormIsRefuted() throws {
        let p = 128
        for (q1, q2, q12) in Self.gramPoints(precision: p).prefix(6) {
            // (2/π) asin(q12 / sqrt((1+q1)(1+q2))) + 1e-8: off by 1e-8.
            let ratio = try q12 / ((1 + q1) * (1 + q2)).sqrt()
            let wrong = try Interval(2, precision: p) / Interval.pi(precision: p) * (try ratio.asin())
                + Interval(1e-8, precision: p)
            let quadrature = try GaussianQuadrature.kernel(.standardErf, q1: q1, q2: q2, q12: q12, precision: p)
            XCTAssertFalse(quadrature.overlaps(wrong), "a wrong closed form \(wrong) was not refuted by \(quadrature)")
        }
        // A wrong ReLU form (q12/2 instead of the arc-cosine kernel) at ρ = 0.6.
        let q1 = Interval(1, precision: p), q2 = Interval(1, precision: p), q12 = Interval(Rational(3, 5), precision: p)
        let relu = try GaussianQuadrature.kernel(.relu, q1: q1, q2: q2, q12: q12, precision: p)
        XCTAssertFalse(relu.overlaps(q12.scaled(byPowerOfTwo: -1)))
    }

    func testSoundAtDoublePrecision() throws {
        let p = 53
        let points = Self.gramPoints(precision: p)
        for activation in Self.activations {
            let kernel = activation.kernel(precision: p)
            for (q1, q2, q12) in points.prefix(12) {
                let closed = try kernel.value(q1, q2, q12)
                let quadrature = try GaussianQuadrature.kernel(activation, q1: q1, q2: q2, q12: q12, precision: p)
                XCTAssertTrue(quadrature.overlaps(closed),
                              "\(activation) at 53 bits: quadrature \(quadrature) misses closed form \(closed)")
            }
        }
    }

    /// Loose targets make the Taylor remainder dominate the width (order 10, wide
    /// panels); tight ones at 256 bits leave almost no room. In both regimes the
    /// enclosure must still contain the closed form.
    func testSoundAcrossTargets() throws {
        let p = 128
        let points = Self.gramPoints(precision: p)
        for activation in Self.activations {
            let kernel = activation.kernel(precision: p)
            for target in [1e-2, 1e-5] {
                for (q1, q2, q12) in points {
                    let closed = try kernel.value(q1, q2, q12)
                    let quadrature = try GaussianQuadrature.kernel(activation, q1: q1, q2: q2, q12: q12,
                                                                   precision: p, targetWidth: target)
                    XCTAssertTrue(quadrature.overlaps(closed), "\(activation), target \(target): \(quadrature) vs \(closed)")
                    XCTAssertLessThan(quadrature.width.upperBoundAsDouble, target)
                }
            }
        }
        let high = 256
        for activation in Self.activations {
            let kernel = activation.kernel(precision: high)
            for (q1, q2, q12) in Self.gramPoints(precision: high).suffix(4) {
                let closed = try kernel.value(q1, q2, q12)
                let quadrature = try GaussianQuadrature.kernel(activation, q1: q1, q2: q2, q12: q12,
                                                               precision: high, targetWidth: 1e-35)
                XCTAssertTrue(quadrature.overlaps(closed), "\(activation) at 256 bits: \(quadrature) vs \(closed)")
                XCTAssertLessThan(quadrature.width.upperBoundAsDouble, 1e-35)
            }
        }
    }

    func testIntervalInputsAndEdgeCases() throws {
        let p = 128
        // Interval inputs: the enclosure holds for every Gram point of the box.
        let q1 = Interval(lower: 0.99, upper: 1.01, precision: p)
        let q12 = Interval(lower: 0.49, upper: 0.51, precision: p)
        for activation in Self.activations {
            let quadrature = try GaussianQuadrature.kernel(activation, q1: q1, q2: q1, q12: q12, precision: p)
            let kernel = activation.kernel(precision: p)
            for (a, c) in [(0.99, 0.49), (1.01, 0.51), (1.0, 0.5)] {
                let x = Interval(a, precision: p), y = Interval(c, precision: p)
                XCTAssertTrue(quadrature.contains(try kernel.value(x, x, y)), "\(activation) box \(quadrature)")
            }
        }
        // A zero variance: κ = σ(0) E[σ(u')] = 0.
        let zero = Interval.zero(precision: p), two = Interval(2, precision: p)
        for activation in Self.activations {
            XCTAssertTrue(try GaussianQuadrature.kernel(activation, q1: zero, q2: two, q12: zero, precision: p).isExactZero)
        }
        // q2 possibly zero but q1 positive is fine; both undecidable is an error.
        let tiny = Interval(lower: 0, upper: 1e-30, precision: p)
        let swapped = try GaussianQuadrature.kernel(.relu, q1: tiny, q2: two, q12: zero, precision: p)
        XCTAssertTrue(swapped.contains(zero))
        XCTAssertThrowsError(try GaussianQuadrature.kernel(.relu, q1: tiny, q2: tiny, q12: zero, precision: p))
        // Not a Gram matrix.
        XCTAssertThrowsError(try GaussianQuadrature.kernel(.standardErf, q1: two, q2: two, q12: Interval(3, precision: p),
                                                           precision: p))
    }

    func testTimingAndStatistics() throws {
        let p = 128
        let q1 = Interval(Rational(3, 2), precision: p), q2 = Interval(Rational(5, 4), precision: p)
        let q12 = Interval(Rational(-7, 8), precision: p)
        for activation in Self.activations {
            let start = Date()
            let (value, stats) = try GaussianQuadrature.kernelWithStatistics(activation, q1: q1, q2: q2, q12: q12,
                                                                             precision: p, targetWidth: 1e-12)
            let seconds = Date().timeIntervalSince(start)
            print("quadrature \(activation): \(value.compactDescription(digits: 20)) width \(value.width.upperBoundAsDouble) "
                  + "T=\(stats.truncation) K=\(stats.order) panels=\(stats.panelsAccepted)/\(stats.panelsEvaluated) "
                  + "\(stats.method) time=\(String(format: "%.4f", seconds))s")
        }
    }
}

private extension SplitMix64 {
    /// A dyadic `k/8` with `|k| ≤ 12`, never 0 when `nonZero`.
    mutating func component(nonZero: Bool = false) -> Int {
        while true {
            let k = Int(next() % 25) - 12
            if !nonZero || k != 0 { return k }
        }
    }
}
