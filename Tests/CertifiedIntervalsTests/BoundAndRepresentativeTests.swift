import XCTest
import CMPFR
@testable import CertifiedIntervals

/// The non-enclosure types: `MagnitudeBound` and `LowerBound` (one-sided bounds) and
/// `PointValue` (representatives). Bounds are checked against the exact values (GMP
/// rationals of the MPFR ends) and against MPFR at 4× the precision rounded the same
/// way: a `p`-bit number is ≥ `v` exactly when it is ≥ the 4p-bit rounding up of `v`.
final class BoundAndRepresentativeTests: XCTestCase {

    // MARK: Helpers

    /// `max(|lo|, |hi|)` and `hi − lo`, exactly.
    func exactMagnitude(_ x: Interval) -> Rational {
        x.withUnsafeEndpoints { lo, hi in
            let a = rational(lo).magnitude, b = rational(hi).magnitude
            return a < b ? b : a
        }
    }

    func exactWidth(_ x: Interval) -> Rational {
        x.withUnsafeEndpoints { lo, hi in rational(hi) - rational(lo) }
    }

    /// The bound's exact value (finite bounds only).
    func value(_ b: MagnitudeBound) -> Rational { b.withUnsafeNumber { rational($0) } }

    /// True when `b` is a number `>= r`.
    func bounds(_ b: MagnitudeBound, _ r: Rational) -> Bool {
        b.isKnown && b.withUnsafeNumber { mpfr_number_p($0) == 0 || !(rational($0) < r) }
    }

    /// True when `b` is the smallest `b.precision`-bit number `>= r` (one rounding up).
    func isTightest(_ b: MagnitudeBound, _ r: Rational, _ s: Scratch) -> Bool {
        b.withUnsafeNumber { n in
            guard mpfr_regular_p(n) != 0 else { return true }
            let below = s.copy(n)
            mpfr_nextbelow(below)
            return rational(below) < r
        }
    }

    /// A random interval whose non-zero ends have exponents within ±2000 (the generator
    /// also makes `[0, next above 0]`, whose exact width is a rational of a billion bits).
    func finiteInterval(_ gen: inout Gen, precision p: Int, _ s: Scratch,
                        domain: Domain = .all, exponents: ClosedRange<Int> = -300...300) -> Interval {
        while true {
            let x = gen.interval(precision: p, domain: domain, exponents: exponents, s)
            let moderate = x.withUnsafeEndpoints { lo, hi in
                [lo, hi].allSatisfy { mpfr_zero_p($0) != 0 || (mpfr_number_p($0) != 0 && abs(Int(mpfr_get_exp($0))) <= 2000) }
            }
            if moderate { return x }
        }
    }

    // MARK: magnitude and width

    func testMagnitudeAndWidthAreTightUpperBounds() {
        let failures = Failures("magnitude/width")
        var gen = Gen(seed: 0xB0D1)
        for i in 0..<4000 {
            withScratch { s in
                let p = gen.precision()
                let x = finiteInterval(&gen, precision: p, s, exponents: -1100...1100)
                let (lo, hi) = ends(x, s)
                let label = "case \(i): x = \(show(x))"
                let m = x.magnitude, w = x.width
                failures.check(m.precision == p && w.precision == p, "precision: \(label)")
                failures.check(bounds(m, exactMagnitude(x)), "magnitude \(m) below max |x|: \(label)")
                failures.check(bounds(w, exactWidth(x)), "width \(w) below hi - lo: \(label)")
                failures.check(isTightest(w, exactWidth(x), s), "width not rounded up once: \(label)")
                // The same through MPFR at 4× the precision, rounded up.
                let t = s.make(4 * p + 64)
                mpfr_sub(t, hi, lo, MPFR_RNDU)
                failures.check(w.withUnsafeNumber { le(t, $0) }, "width below the 4×-precision width: \(label)")
                mpfr_abs(t, mpfr_cmpabs(lo, hi) >= 0 ? lo : hi, MPFR_RNDU)
                failures.check(m.withUnsafeNumber { mpfr_equal_p(t, $0) != 0 }, "magnitude not exact: \(label)")
            }
        }
        failures.finish()
    }

    // MARK: arithmetic of bounds

    func testSumsProductsMaximaAndQuotientsStayUpperBounds() {
        let failures = Failures("bound arithmetic")
        var gen = Gen(seed: 0xB0D2)
        for i in 0..<3000 {
            withScratch { s in
                let x = finiteInterval(&gen, precision: gen.precision(), s)
                let y = finiteInterval(&gen, precision: gen.precision(), s)
                let r = finiteInterval(&gen, precision: gen.precision(), s, domain: .positive)
                let label = "case \(i): x = \(show(x)), y = \(show(y)), r = \(show(r))"
                let a = x.magnitude, b = y.magnitude
                let A = exactMagnitude(x), B = exactMagnitude(y)
                let q = max(x.precision, y.precision)
                let sum = a + b, product = a * b
                failures.check(sum.precision == q && product.precision == q, "precision: \(label)")
                failures.check(bounds(sum, A + B) && isTightest(sum, value(a) + value(b), s), "sum: \(label)")
                failures.check(bounds(product, A * B) && isTightest(product, value(a) * value(b), s), "product: \(label)")
                failures.check(bounds(a * y, A * B) && bounds(y * a, A * B), "bound · enclosure: \(label)")
                failures.check(bounds(MagnitudeBound.maximum(a, b), A < B ? B : A), "maximum: \(label)")
                let k = gen.int(-40...40)
                let scale = k >= 0 ? Rational(1 << k) : try! Rational.dividing(Rational(1), by: Rational(1 << -k))
                failures.check(bounds(a.scaled(byPowerOfTwo: k), A * scale), "scaled by 2^\(k): \(label)")
                // |q / t| ≤ A / lower(r) for every t in r.
                let lower = r.withUnsafeEndpoints { lo, _ in rational(lo) }
                let quotient = a.divided(byPositive: r)
                failures.check(bounds(quotient, try! Rational.dividing(A, by: lower)), "quotient: \(label)")
                failures.check(quotient.precision == max(x.precision, r.precision), "quotient precision: \(label)")
                // The same sum through MPFR at 4× the precision, rounded up.
                let t = s.make(4 * q + 64)
                a.withUnsafeNumber { an in b.withUnsafeNumber { bn in _ = mpfr_add(t, an, bn, MPFR_RNDU) } }
                failures.check(sum.withUnsafeNumber { le(t, $0) }, "sum below the 4×-precision sum: \(label)")
            }
        }
        failures.finish()
    }

    /// The Krawczyk row bound `|y| + r · Σ_j |M_j|`, in bounds, against the exact value.
    func testKrawczykRowBoundIsAnUpperBound() {
        let failures = Failures("Krawczyk row bound")
        var gen = Gen(seed: 0xB0D3)
        for i in 0..<500 {
            withScratch { s in
                let p = gen.pick([24, 53, 128, 256])
                let y = finiteInterval(&gen, precision: p, s, exponents: -60...60)
                let row = (0..<gen.int(1...6)).map { _ in finiteInterval(&gen, precision: p, s, exponents: -60...60) }
                let radius = finiteInterval(&gen, precision: p, s, domain: .positive, exponents: -60...0)
                var sum = MagnitudeBound.zero(precision: p)
                for entry in row { sum = sum + entry.magnitude }
                let reach = y.magnitude + radius * sum
                var exact = Rational(0)
                for entry in row { exact = exact + exactMagnitude(entry) }
                exact = exactMagnitude(y) + exactMagnitude(radius) * exact
                failures.check(bounds(reach, exact), "case \(i): reach \(reach) below the exact \(exact)")
                // Certainly below r means: below every point of r.
                let rLower = radius.withUnsafeEndpoints { lo, _ in rational(lo) }
                failures.check(reach.isCertainlyBelow(radius) == (value(reach) < rLower), "case \(i): isCertainlyBelow")
            }
        }
        failures.finish()
    }

    // MARK: comparisons, printing, enclosures from bounds

    func testComparisonsAreExactAndNaNCertifiesNothing() {
        let failures = Failures("bound comparisons")
        var gen = Gen(seed: 0xB0D4)
        for i in 0..<2000 {
            withScratch { s in
                let x = finiteInterval(&gen, precision: gen.precision(), s)
                let b = x.width, v = value(b)
                let nearby = [v, v + Rational(1, 1 << 40), v - Rational(1, 1 << 40), Rational(0), Rational(1)]
                for r in nearby {
                    failures.check(b.isCertainlyBelow(r) == (v < r), "case \(i): \(b) < \(r)")
                    failures.check(b.isAtMost(r) == !(r < v), "case \(i): \(b) ≤ \(r)")
                }
                let e = gen.int(-40...40)
                let power = e >= 0 ? Rational(1 << e) : try! Rational.dividing(Rational(1), by: Rational(1 << -e))
                failures.check(b.isAtMost(powerOfTwo: e) == !(power < v), "case \(i): \(b) ≤ 2^\(e)")
                let y = finiteInterval(&gen, precision: gen.precision(), s)
                failures.check(x.lowerBound.isSmaller(than: y.lowerBound)
                               == x.withUnsafeEndpoints { a, _ in y.withUnsafeEndpoints { c, _ in lt(a, c) } },
                               "case \(i): lowerBound comparison")
            }
        }
        let unknown = MagnitudeBound.zero(precision: 53) + Interval.fromUnsafeEndpoints(precision: 53) { lo, hi in
            mpfr_set_si(lo, 1, MPFR_RNDD); mpfr_set_nan(hi)
        }.magnitude
        XCTAssertFalse(unknown.isKnown)
        XCTAssertFalse(unknown.isAtMost(Rational(1_000_000)) || unknown.isCertainlyBelow(Rational(1_000_000)))
        XCTAssertFalse(unknown.isAtMost(powerOfTwo: 100) || unknown.isSmaller(than: MagnitudeBound.zero(precision: 53)))
        XCTAssertFalse((unknown * MagnitudeBound.zero(precision: 53)).isKnown)
        failures.finish()
    }

    func testPrintedBoundsStayBounds() {
        let failures = Failures("printed bounds")
        var gen = Gen(seed: 0xB0D5)
        for i in 0..<2000 {
            withScratch { s in
                let x = finiteInterval(&gen, precision: gen.precision(), s)
                let digits = gen.int(1...25)
                let upper = x.width.upperDecimal(digits: digits)
                let lower = x.lowerBound.lowerDecimal(digits: digits)
                let exactLower = x.withUnsafeEndpoints { lo, _ in rational(lo) }
                guard let u = Rational(exactly: upper), let l = Rational(exactly: lower) else {
                    return failures.add("case \(i): unreadable \(upper) or \(lower)")
                }
                failures.check(!(u < exactWidth(x)), "case \(i): width printed as \(upper), below \(exactWidth(x))")
                failures.check(!(exactLower < l), "case \(i): lower end printed as \(lower), above it")
            }
        }
        failures.finish()
    }

    func testEnclosuresFromBoundsEncloseTheBoundedQuantities() {
        let failures = Failures("enclosures from bounds")
        var gen = Gen(seed: 0xB0D6)
        for i in 0..<2000 {
            withScratch { s in
                let x = finiteInterval(&gen, precision: gen.precision(), s)
                let label = "case \(i): x = \(show(x))"
                // Every point t of x has |t| ≤ magnitude, so x ⊂ [−m, m]; its width lies in [0, w].
                failures.check(Interval(plusMinus: x.magnitude).contains(x), "plusMinus: \(label)")
                failures.check(Interval(upTo: x.width).contains(exactWidth(x)), "upTo: \(label)")
                // An error bound computed in interval arithmetic: its upper end bounds it.
                let error = x.abs()
                failures.check(Interval(upTo: error.nonNegativeUpperBound).contains(error), "nonNegativeUpperBound: \(label)")
                failures.check(x.isNegative != x.nonNegativeUpperBound.isKnown, "negative upper end: \(label)")
            }
        }
        failures.finish()
    }

    // MARK: representatives

    func testMidpointLiesInItsInterval() {
        let failures = Failures("midpoint")
        var gen = Gen(seed: 0xB0D7)
        for i in 0..<4000 {
            withScratch { s in
                let p = gen.precision()
                let x = finiteInterval(&gen, precision: p, s, exponents: -1100...1100)
                let m = x.midpoint
                let point = Interval(exactly: m)
                let label = "case \(i): x = \(show(x)), midpoint \(show(point))"
                failures.check(m.precision == p && m.isFinite, "precision or finiteness: \(label)")
                failures.check(point.isPoint && x.contains(point), "outside: \(label)")
                // Rounded to nearest: no p-bit number is closer to the exact midpoint.
                let exact = x.withUnsafeEndpoints { lo, hi in
                    try! Rational.dividing(rational(lo) + rational(hi), by: Rational(2))
                }
                let t = s.make(p)
                withExtendedLifetime(exact.storage) { _ = mpfr_set_q(t, exact.storage.pointer, MPFR_RNDN) }
                let distance = (rational(t) - exact).magnitude
                let ours = m.withUnsafeNumber { (rational($0) - exact).magnitude }
                failures.check(!(distance < ours), "not a nearest rounding: \(label)")
            }
        }
        failures.finish()
    }

    func testPointIntervalConversionIsExact() {
        let failures = Failures("Interval(exactly:)")
        var gen = Gen(seed: 0xB0D8)
        for i in 0..<3000 {
            withScratch { s in
                let p = gen.precision()
                let v = s.make(p)
                gen.value(v, exponents: -1100...1100, s)
                let r = rational(v)
                let point = PointValue(nearest: r, precision: p)      // exact: r is a p-bit number
                let x = Interval(exactly: point)
                let label = "case \(i): \(exactText(v)) at \(p) bits"
                failures.check(x.precision == p && x.isPoint, "not a point: \(label)")
                failures.check(x.withUnsafeEndpoints { lo, hi in mpfr_equal_p(lo, v) != 0 && mpfr_equal_p(hi, v) != 0 },
                               "ends differ from the value: \(label)")
                failures.check(x.contains(r), "misses the value: \(label)")
                failures.check(point.magnitude.withUnsafeNumber { rational($0) == r.magnitude }, "magnitude: \(label)")
                if p >= 53 {
                    let d = mpfr_get_d(v, MPFR_RNDN)
                    if d.isFinite && d != 0 {
                        let fromDouble = Interval(exactly: PointValue(d, precision: p))
                        failures.check(fromDouble.isPoint && fromDouble.contains(Interval(d, precision: p)),
                                       "PointValue(Double) not exact: \(label)")
                    }
                }
                if p >= 64 {
                    let n = gen.int(Int.min...Int.max)
                    failures.check(Interval(exactly: PointValue(n, precision: p)).contains(Rational(n))
                                   && Interval(exactly: PointValue(n, precision: p)).isPoint, "PointValue(\(n)): \(label)")
                }
            }
        }
        failures.finish()
    }

    /// MPFR's min and max return the other operand for a NaN: `minimum`, `maximum` and
    /// `hull` of an unknown interval must stay unknown, not become the other operand
    /// (found by review: `min(loss, 5) >= 5` would otherwise be provable for a NaN loss).
    func testMinimumMaximumAndHullOfAnUnknownIntervalStayUnknown() {
        let unknown = Interval.fromUnsafeEndpoints(precision: 53) { lo, hi in mpfr_set_nan(lo); mpfr_set_nan(hi) }
        let five = Interval(5, precision: 53)
        for result in [Interval.minimum(unknown, five), Interval.maximum(five, unknown), Interval.hull(unknown, five),
                       Interval.hull(five, unknown)] {
            XCTAssertFalse(result.isWellFormed, "\(result)")
            XCTAssertFalse(result.isPositive || result.isNegative, "\(result)")
        }
        XCTAssertTrue(Interval.minimum(five, Interval(7, precision: 53)).isWellFormed)
    }
}
