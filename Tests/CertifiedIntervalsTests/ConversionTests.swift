import XCTest
import CMPFR
@testable import CertifiedIntervals

/// Conversions from Int, Rational and Double, `withPrecision` and `hull`: each is
/// either exact or the tightest outward rounding, checked independently of MPFR's
/// conversion routines through exact comparisons and the neighbouring numbers.
final class ConversionTests: XCTestCase {

    /// Checks that `[lo, hi]` is the tightest `p`-bit enclosure of a value, given how
    /// the value compares with an MPFR number (`cmp(x) = sign(x - value)`).
    func checkTightest(_ x: Interval, _ cmp: (mpfr_srcptr) -> Int, _ failures: Failures, _ label: String) {
        withScratch { s in
            let (lo, hi) = ends(x, s)
            failures.check(cmp(lo) <= 0 && cmp(hi) >= 0, "\(label): \(show(x)) does not contain the value")
            if cmp(lo) < 0 {
                mpfr_nextabove(lo)
                failures.check(cmp(lo) > 0, "\(label): lower end of \(show(x)) is not the largest below")
            }
            if cmp(hi) > 0 {
                mpfr_nextbelow(hi)
                failures.check(cmp(hi) < 0, "\(label): upper end of \(show(x)) is not the smallest above")
            }
        }
    }

    func testIntConversion() {
        let failures = Failures("Interval(Int)")
        var gen = Gen(seed: 0x1E7)
        var values = [0, 1, -1, 2, 3, 5, 7, 255, 256, 257, Int.max, Int.min, Int.max - 1, Int.min + 1,
                      1 << 53, (1 << 53) + 1, -(1 << 53) - 1, 1 << 62, (1 << 62) + 1]
        for _ in 0..<3000 {
            let bits = gen.int(1...63)
            var v = Int(truncatingIfNeeded: gen.next() >> UInt64(64 - bits))
            if gen.chance(0.5) { v = v == Int.min ? v : -v }
            values.append(v)
        }
        for (i, v) in values.enumerated() {
            let p = i < 19 ? [2, 3, 53, 63, 64, 65, 128][i % 7] : gen.precision()
            let x = Interval(v, precision: p)
            failures.check(x.precision == p, "precision of Interval(\(v), \(p))")
            failures.check(x.contains(v), "Interval(\(v), precision: \(p)) = \(show(x)) misses it")
            checkTightest(x, { Int(mpfr_cmp_si($0, v)) }, failures, "Interval(\(v), precision: \(p))")
            if p >= 64 { failures.check(x.isPoint, "Interval(\(v), precision: \(p)) not exact: \(show(x))") }
        }
        failures.finish()
    }

    func testRationalConversion() {
        let failures = Failures("Interval(Rational)")
        var gen = Gen(seed: 0x2A7)
        var values: [Rational] = [Rational(1, 3), Rational(-1, 3), Rational(0), Rational(1, 2), Rational(-7, 8),
                                  Rational(exactly: "1e-60")!, Rational(exactly: "6.02E+23")!,
                                  Rational(exactly: "1/3000000000000000000000000000000000001")!,
                                  Rational(Int.max, Int.min), Rational(Int.min, 3), Rational(exactly: "1e-1000")!,
                                  Rational(exactly: "-123456789012345678901234567890/7")!]
        for _ in 0..<3000 {
            let num = Int(truncatingIfNeeded: gen.next() >> UInt64(gen.int(1...63)))
            var den = Int(truncatingIfNeeded: gen.next() >> UInt64(gen.int(1...63)))
            if den == 0 { den = 1 }
            var r = Rational(gen.chance(0.5) ? num : -num, den)
            if gen.chance(0.2) { r = r * (try! Rational(10).power(gen.int(-400...400))) }
            values.append(r)
        }
        for (i, r) in values.enumerated() {
            let p = gen.precision()
            let x = Interval(r, precision: p)
            let label = "Interval(\(r), precision: \(p)) [case \(i)]"
            failures.check(x.precision == p, "precision of \(label)")
            failures.check(x.contains(r), "\(label) = \(show(x)) misses it")
            withExtendedLifetime(r) {
                checkTightest(x, { v in Int(mpfr_cmp_q(v, r.storage.pointer)).signum() }, failures, label)
            }
        }
        // Dyadic rationals that fit are exact.
        for (r, p) in [(Rational(3, 4), 2), (Rational(-5, 1024), 3), (Rational(1, 1 << 60), 2)] {
            failures.check(Interval(r, precision: p).isPoint, "Interval(\(r), precision: \(p)) not exact")
        }
        failures.finish()
    }

    func testDoubleConversion() {
        let failures = Failures("Interval(Double)")
        var gen = Gen(seed: 0xD0B)
        var values: [Double] = [0, -0.0, 1, -1, 0.1, -0.1, 1e300, -1e300, .leastNonzeroMagnitude,
                                -.leastNonzeroMagnitude, .leastNormalMagnitude, .greatestFiniteMagnitude,
                                -.greatestFiniteMagnitude, 1 / 3, .pi, 0x1p-1074, 0x1.fffffffffffffp1023]
        while values.count < 3000 {
            let d = Double(bitPattern: gen.next())
            if d.isFinite { values.append(d) }
        }
        for (i, d) in values.enumerated() {
            let p = gen.precision()
            let x = Interval(d, precision: p)
            let label = "Interval(\(d), precision: \(p)) [case \(i)]"
            failures.check(x.precision == p, "precision of \(label)")
            checkTightest(x, { v in Int(mpfr_cmp_d(v, d)).signum() }, failures, label)
            if p >= 53 { failures.check(x.isPoint, "\(label) not exact: \(show(x))") }
            // The two-double form with equal ends agrees with the single double.
            let y = Interval(lower: d, upper: d, precision: p)
            failures.check(y.contains(x) && x.contains(y), "\(label): Interval(lower:upper:) differs")
            // Back to doubles, rounded outward.
            failures.check(x.lowerBoundAsDouble <= d && x.upperBoundAsDouble >= d, "\(label): bounds as doubles")
        }
        // Two different doubles.
        for i in 0..<2000 {
            var a = Double(bitPattern: gen.next()), b = Double(bitPattern: gen.next())
            guard a.isFinite, b.isFinite else { continue }
            if b < a { swap(&a, &b) }
            let p = gen.precision()
            let x = Interval(lower: a, upper: b, precision: p)
            let label = "Interval(lower: \(a), upper: \(b), precision: \(p)) [case \(i)]"
            withScratch { s in
                let (lo, hi) = ends(x, s)
                failures.check(mpfr_cmp_d(lo, a) <= 0 && mpfr_cmp_d(hi, b) >= 0, "\(label) = \(show(x))")
                if mpfr_cmp_d(lo, a) < 0 { mpfr_nextabove(lo); failures.check(mpfr_cmp_d(lo, a) > 0, "\(label) loose") }
                if mpfr_cmp_d(hi, b) > 0 { mpfr_nextbelow(hi); failures.check(mpfr_cmp_d(hi, b) < 0, "\(label) loose") }
            }
        }
        failures.finish()
    }

    func testWithPrecision() {
        let failures = Failures("withPrecision")
        var gen = Gen(seed: 0x3E7)
        for i in 0..<3000 {
            withScratch { s in
                let p = gen.precision(), q = gen.chance(0.2) ? p : gen.precision()
                let x = gen.interval(precision: p, s)
                let y = x.withPrecision(q)
                let label = "case \(i): x = \(show(x)) to \(q) bits, got \(show(y))"
                failures.check(y.precision == q, "precision: \(label)")
                failures.check(y.contains(x), "does not contain the input: \(label)")
                if q >= p {
                    failures.check(x.contains(y), "widening the precision is not exact: \(label)")
                } else {
                    let (xlo, xhi) = ends(x, s), (ylo, yhi) = ends(y, s)
                    mpfr_nextabove(ylo); mpfr_nextbelow(yhi)
                    failures.check(lt(xlo, ylo), "lower end loose: \(label)")
                    failures.check(lt(yhi, xhi), "upper end loose: \(label)")
                }
                // Round trip through a higher precision is the identity.
                let back = x.withPrecision(p + 64).withPrecision(p)
                failures.check(back.contains(x) && x.contains(back), "round trip changed \(show(x)) to \(show(back))")
            }
        }
        failures.finish()
    }

    func testHull() {
        let failures = Failures("hull")
        var gen = Gen(seed: 0x4011)
        for i in 0..<3000 {
            withScratch { s in
                let a = gen.interval(precision: gen.precision(), s)
                let b = gen.interval(precision: gen.precision(), s)
                let h = Interval.hull(a, b)
                let label = "case \(i): a = \(show(a)), b = \(show(b)), hull \(show(h))"
                failures.check(h.precision == max(a.precision, b.precision), "precision: \(label)")
                failures.check(h.contains(a) && h.contains(b), "does not contain both: \(label)")
                // Tight: each end of the hull is an end of a or b (exact at the larger precision).
                let (hlo, hhi) = ends(h, s), (alo, ahi) = ends(a, s), (blo, bhi) = ends(b, s)
                failures.check(mpfr_equal_p(hlo, alo) != 0 || mpfr_equal_p(hlo, blo) != 0, "lower end: \(label)")
                failures.check(mpfr_equal_p(hhi, ahi) != 0 || mpfr_equal_p(hhi, bhi) != 0, "upper end: \(label)")
                failures.check(Interval.hull(a, b).contains(Interval.hull(b, a)), "not symmetric: \(label)")
            }
        }
        failures.finish()
    }

    /// Helpers that report on an interval: predicates, `magnitude`, `width`,
    /// `midpoint`, ends as points, `isWithin(magnitude:)`, `certainlyLess`.
    func testPredicatesAndHelpers() {
        let failures = Failures("predicates")
        var gen = Gen(seed: 0x9E4)
        for i in 0..<3000 {
            withScratch { s in
                let x = gen.interval(precision: gen.precision(), s)
                let y = gen.interval(precision: gen.precision(), s)
                let (lo, hi) = ends(x, s), (ylo, yhi) = ends(y, s)
                let label = "case \(i): x = \(show(x))"
                failures.check(x.isWellFormed && x.isFinite, "generator: \(label)")
                failures.check(x.containsZero == (sgn(lo) <= 0 && sgn(hi) >= 0), "containsZero: \(label)")
                failures.check(x.isPositive == (sgn(lo) > 0), "isPositive: \(label)")
                failures.check(x.isNegative == (sgn(hi) < 0), "isNegative: \(label)")
                failures.check(x.isNonNegative == (sgn(lo) >= 0), "isNonNegative: \(label)")
                failures.check(x.isNonPositive == (sgn(hi) <= 0), "isNonPositive: \(label)")
                failures.check(x.isPoint == (mpfr_equal_p(lo, hi) != 0), "isPoint: \(label)")
                failures.check(x.lowerBound.withUnsafeNumber { mpfr_equal_p($0, lo) != 0 }, "lowerBound: \(label)")
                failures.check(x.nonNegativeUpperBound.withUnsafeNumber { sgn(hi) < 0 ? mpfr_nan_p($0) != 0 : mpfr_equal_p($0, hi) != 0 },
                               "nonNegativeUpperBound: \(label)")
                let mid = Interval(exactly: x.midpoint)
                failures.check(x.contains(mid) && mid.isPoint, "midpoint: \(label)")
                // magnitude >= |lo|, |hi|; width >= hi - lo exactly.
                let m = x.magnitude.withUnsafeNumber { s.copy($0) }, w = x.width.withUnsafeNumber { s.copy($0) }
                let t = s.make(4 * x.precision + 64)
                mpfr_abs(t, lo, MPFR_RNDN); failures.check(le(t, m), "magnitude below |lo|: \(label)")
                mpfr_abs(t, hi, MPFR_RNDN); failures.check(le(t, m), "magnitude below |hi|: \(label)")
                let exact = s.make(3000); mpfr_sub(exact, hi, lo, MPFR_RNDU)
                failures.check(le(exact, w), "width below hi - lo: \(label)")
                // certainlyLess and overlaps against exact comparisons of the ends.
                failures.check(Interval.certainlyLess(x, y) == lt(hi, ylo), "certainlyLess: \(label), y = \(show(y))")
                failures.check(x.overlaps(y) == (le(lo, yhi) && le(ylo, hi)), "overlaps: \(label), y = \(show(y))")
                failures.check(x.contains(y) == (le(lo, ylo) && le(yhi, hi)), "contains: \(label), y = \(show(y))")
                // isWithin(magnitude:) against exact rationals.
                if mpfr_zero_p(m) != 0 || (mpfr_get_exp(m) < 3000 && mpfr_get_exp(m) > -3000) {
                    let bound = rational(m)
                    failures.check(x.isWithin(magnitude: bound), "isWithin(its magnitude): \(label)")
                    if bound.signum > 0 {
                        let smaller = bound * Rational(999_999, 1_000_000), negated = -smaller
                        let expected = withExtendedLifetime((smaller, negated)) {
                            mpfr_cmp_q(lo, negated.storage.pointer) >= 0 && mpfr_cmp_q(hi, smaller.storage.pointer) <= 0
                        }
                        failures.check(x.isWithin(magnitude: smaller) == expected, "isWithin(smaller): \(label)")
                    }
                }
            }
        }
        failures.finish()
    }

    /// An exact decimal at 256 bits.
    func exactValue(_ decimal: String) -> Interval { Interval(Rational(exactly: decimal)!, precision: 256) }

    func testMidpointAsDoubleNeverMakesNaNFromFiniteEnds() {
        // [-1e400, 1e400]: both ends overflow float64; the midpoint is 0, not −∞ + ∞ = NaN.
        let huge = exactValue("1e400")
        XCTAssertEqual(Interval.hull(-huge, huge).midpointAsDouble, 0)
        XCTAssertEqual(huge.midpointAsDouble, .infinity)
        XCTAssertEqual(exactValue("1e-400").midpointAsDouble, 0)
        XCTAssertEqual(huge.magnitudeExponent, Int((400 * log2(10.0)).rounded(.up)))
        XCTAssertNil(Interval.zero(precision: 256).magnitudeExponent)
        XCTAssertTrue(exactValue("2e-400").hasLargerMidpointMagnitude(than: exactValue("-1e-400")))
        XCTAssertFalse(exactValue("1e-400").hasLargerMidpointMagnitude(than: exactValue("-2e-400")))
    }
}
