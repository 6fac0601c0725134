import XCTest
import CMPFR
@testable import CertifiedIntervals

/// Known exact values and ranges, and intervals with infinite ends (after overflow).
final class ExactIdentityTests: XCTestCase {

    static let precisions = [2, 3, 24, 53, 64, 100, 128, 256, 1000, 4000]

    /// The exact ends of `x` as rationals.
    func exactEnds(_ x: Interval) -> (Rational, Rational) {
        x.withUnsafeEndpoints { lo, hi in (rational(lo), rational(hi)) }
    }

    func assertExactly(_ x: Interval, _ lo: Rational, _ hi: Rational, _ label: String,
                       file: StaticString = #filePath, line: UInt = #line) {
        let (a, b) = exactEnds(x)
        XCTAssertTrue(a == lo && b == hi, "\(label): expected [\(lo), \(hi)], got \(show(x))", file: file, line: line)
    }

    func testIdentitiesWithPi() throws {
        for p in Self.precisions {
            let pi = Interval.pi(precision: p)
            let half = Interval(Rational(1, 2), precision: p)
            let a = try half.asin() - (try pi / 6)
            XCTAssertTrue(a.contains(0), "asin(1/2) - π/6 at \(p): \(show(a))")
            let b = try Interval(0, precision: p).acos() - pi.scaled(byPowerOfTwo: -1)
            XCTAssertTrue(b.contains(0), "acos(0) - π/2 at \(p): \(show(b))")
            let c = Interval(1, precision: p).atan() * 4 - pi
            XCTAssertTrue(c.contains(0), "atan(1)·4 - π at \(p): \(show(c))")
            let d = try Interval(1, precision: p).asin() * 2 - pi
            XCTAssertTrue(d.contains(0), "2 asin(1) - π at \(p): \(show(d))")
            let e = try Interval(-1, precision: p).acos() - pi
            XCTAssertTrue(e.contains(0), "acos(-1) - π at \(p): \(show(e))")
            XCTAssertTrue(pi.sin().contains(0) && pi.cos().contains(-1), "sin π, cos π at \(p)")
            XCTAssertTrue((Interval.e(precision: p) - Interval(1, precision: p).exp()).contains(0), "e at \(p)")
            XCTAssertTrue(try Interval.e(precision: p).log().contains(1), "log e at \(p)")
            // Exact points.
            let zero = Interval(0, precision: p), one = Interval(1, precision: p)
            assertExactly(zero.erf(), 0, 0, "erf(0) at \(p)")
            assertExactly(zero.sin(), 0, 0, "sin(0) at \(p)")
            assertExactly(zero.cos(), 1, 1, "cos(0) at \(p)")
            assertExactly(zero.atan(), 0, 0, "atan(0) at \(p)")
            assertExactly(zero.exp(), 1, 1, "exp(0) at \(p)")
            assertExactly(try one.log(), 0, 0, "log(1) at \(p)")
            assertExactly(try one.acos(), 0, 0, "acos(1) at \(p)")
            assertExactly(try zero.asin(), 0, 0, "asin(0) at \(p)")
            assertExactly(try zero.sqrt(), 0, 0, "sqrt(0) at \(p)")
            assertExactly(try Interval(4, precision: p).sqrt(), 2, 2, "sqrt(4) at \(p)")
        }
    }

    func testRationalThirds() throws {
        for p in Self.precisions {
            let third = Interval(Rational(1, 3), precision: p)
            XCTAssertTrue(third.contains(Rational(1, 3)), "1/3 at \(p): \(show(third))")
            XCTAssertFalse(third.isPoint, "1/3 is not dyadic, at \(p)")
            XCTAssertTrue((third * 3).contains(1), "(1/3)·3 at \(p): \(show(third * 3))")
            XCTAssertTrue((third * Interval(3, precision: p)).contains(1), "(1/3)·[3] at \(p)")
            XCTAssertTrue(try (Interval(1, precision: p) / 3).contains(Rational(1, 3)), "1/3 by division at \(p)")
            XCTAssertTrue((third + third + third).contains(1), "1/3 + 1/3 + 1/3 at \(p)")
            let tiny = Rational(exactly: "1e-60")!
            XCTAssertTrue(Interval(tiny, precision: p).contains(tiny), "1e-60 at \(p)")
            let big = Rational(exactly: "6.02E+23")!
            XCTAssertTrue(Interval(big, precision: p).contains(big), "6.02e23 at \(p)")
            XCTAssertEqual(Interval(big, precision: p).isPoint, p >= 57, "6.02e23 (57 significant bits) exact iff it fits, at \(p)")
        }
    }

    func testExactRangesOfNonMonotoneOperations() throws {
        for p in [7, 8, 24, 53, 256] {       // 81 needs 7 bits
            func iv(_ a: Int, _ b: Int) -> Interval {
                Interval.hull(Interval(a, precision: p), Interval(b, precision: p))
            }
            assertExactly(iv(-2, 3).squared, 0, 9, "[-2,3]² at \(p)")
            assertExactly(try iv(-2, 3).power(2), 0, 9, "[-2,3]^2 at \(p)")
            assertExactly(iv(-2, 3) * iv(-5, 1), -15, 10, "[-2,3]·[-5,1] at \(p)")
            assertExactly(iv(-2, 3) * iv(-2, 3), -6, 9, "[-2,3]·[-2,3] at \(p)")
            assertExactly(iv(2, 3) * iv(-5, -1), -15, -2, "[2,3]·[-5,-1] at \(p)")
            assertExactly(iv(-3, -2) * iv(-5, -1), 2, 15, "[-3,-2]·[-5,-1] at \(p)")
            assertExactly(iv(-3, 2) * iv(1, 5), -15, 10, "[-3,2]·[1,5] at \(p)")
            assertExactly(iv(-3, 2) * iv(-5, -1), -10, 15, "[-3,2]·[-5,-1] at \(p)")
            assertExactly(iv(0, 0) * iv(-5, 7), 0, 0, "[0,0]·[-5,7] at \(p)")
            assertExactly(iv(-3, 2).abs(), 0, 3, "|[-3,2]| at \(p)")
            assertExactly(iv(-3, -2).abs(), 2, 3, "|[-3,-2]| at \(p)")
            assertExactly(try iv(-2, 3).power(3), -8, 27, "[-2,3]³ at \(p)")
            assertExactly(try iv(-3, 2).power(4), 0, 81, "[-3,2]⁴ at \(p)")
            assertExactly(try iv(-3, -2).power(2), 4, 9, "[-3,-2]² at \(p)")
            assertExactly(try iv(-4, -2).power(-1), Rational(-1, 2), Rational(-1, 4), "[-4,-2]^-1 at \(p)")
            assertExactly(try iv(-4, -2).power(-2), Rational(1, 16), Rational(1, 4), "[-4,-2]^-2 at \(p)")
            assertExactly(try iv(2, 4).power(-2), Rational(1, 16), Rational(1, 4), "[2,4]^-2 at \(p)")
            assertExactly(try iv(2, 4).power(-3), Rational(1, 64), Rational(1, 8), "[2,4]^-3 at \(p)")
            assertExactly(try iv(1, 2) / iv(4, 8), Rational(1, 8), Rational(1, 2), "[1,2]/[4,8] at \(p)")
            assertExactly(try iv(-1, 2) / iv(-8, -4), Rational(-1, 2), Rational(1, 4), "[-1,2]/[-8,-4] at \(p)")
            assertExactly(try iv(-2, -1) / iv(4, 8), Rational(-1, 2), Rational(-1, 8), "[-2,-1]/[4,8] at \(p)")
            assertExactly(Interval.minimum(iv(-1, 3), iv(0, 2)), -1, 2, "min at \(p)")
            assertExactly(Interval.maximum(iv(-1, 3), iv(0, 2)), 0, 3, "max at \(p)")
            assertExactly(Interval.hull(iv(-1, 0), iv(2, 3)), -1, 3, "hull at \(p)")
            assertExactly(try iv(0, 0).power(0), 1, 1, "0^0 at \(p)")
        }
    }

    /// Overflow leaves an infinite end (`exp(2^40)` is `[max finite, +inf]`); later
    /// operations on such enclosures must stay well formed (never NaN) and contain the
    /// values at the finite points.
    func testInfiniteEnds() {
        let failures = Failures("infinite ends")
        for p in [2, 53, 200] {
            let big = Interval(1 << 40, precision: p).exp()
            XCTAssertTrue(big.isWellFormed && !big.isFinite && big.isPositive, "exp(2^40) = \(show(big))")
            let tiny = Interval(-(1 << 40), precision: p).exp()
            XCTAssertTrue(tiny.isWellFormed && tiny.isFinite && tiny.isNonNegative, "exp(-2^40) = \(show(tiny))")
            func iv(_ a: Int, _ b: Int) -> Interval { Interval.hull(Interval(a, precision: p), Interval(b, precision: p)) }
            let values: [Interval] = [iv(0, 0), iv(0, 1), iv(-1, 0), iv(-1, 1), iv(2, 3), iv(-3, -2),
                                      big, -big, Interval.hull(-big, big), Interval.hull(iv(0, 0), big), tiny]
            let binary: [(String, (Interval, Interval) throws -> Interval, BinaryReference)] = [
                ("+", { $0 + $1 }, { r, a, b, d in mpfr_add(r, a, b, d) }),
                ("-", { $0 - $1 }, { r, a, b, d in mpfr_sub(r, a, b, d) }),
                ("*", { $0 * $1 }, { r, a, b, d in mpfr_mul(r, a, b, d) }),
                ("/", { try $0 / $1 }, { r, a, b, d in mpfr_div(r, a, b, d) }),
                ("minimum", { Interval.minimum($0, $1) }, { r, a, b, d in mpfr_min(r, a, b, d) }),
                ("maximum", { Interval.maximum($0, $1) }, { r, a, b, d in mpfr_max(r, a, b, d) }),
                ("power", { try $0.power($1) }, { r, a, b, d in mpfr_pow(r, a, b, d) }),
            ]
            for x in values {
                for y in values {
                    for (name, f, g) in binary {
                        guard let r = try? f(x, y) else { continue }
                        let label = "\(show(x)) \(name) \(show(y)) = \(show(r))"
                        guard r.isWellFormed else { failures.add("malformed: \(label)"); continue }
                        withScratch { s in
                            let (xlo, xhi) = ends(x, s), (ylo, yhi) = ends(y, s), (rlo, rhi) = ends(r, s)
                            for a in [xlo, xhi] where mpfr_number_p(a) != 0 {
                                for b in [ylo, yhi] where mpfr_number_p(b) != 0 {
                                    let (d, u) = reference(g, a, b, precision: 1000, s)
                                    failures.check(encloses(rlo, rhi, d, u), "misses \(describe(d, u)): \(label)")
                                }
                            }
                        }
                    }
                }
                let unary: [(String, (Interval) throws -> Interval)] = [
                    ("sin", { $0.sin() }), ("cos", { $0.cos() }), ("exp", { $0.exp() }), ("atan", { $0.atan() }),
                    ("erf", { $0.erf() }), ("abs", { $0.abs() }), ("squared", { $0.squared }),
                    ("sqrt", { try $0.sqrt() }), ("log", { try $0.log() }), ("power(3)", { try $0.power(3) }),
                    ("power(-2)", { try $0.power(-2) }),
                ]
                for (name, f) in unary {
                    guard let r = try? f(x) else { continue }
                    failures.check(r.isWellFormed, "\(name) \(show(x)) = \(show(r))")
                }
                // Bounds of well-formed enclosures are numbers (+∞ allowed), never negative.
                if x.isWellFormed {
                    for (name, bound) in [("magnitude", x.magnitude), ("width", x.width)] where !(x.isPoint && !x.isFinite) {
                        failures.check(bound.isKnown && bound.withUnsafeNumber { cmpfr_sgn($0) >= 0 },
                                       "\(name) \(show(x)) = \(bound)")
                    }
                }
            }
            // 0 · (anything) is exactly 0, even when the other factor overflowed.
            for y in [big, -big, Interval.hull(-big, big), Interval.hull(iv(0, 0), big)] {
                let r = iv(0, 0) * y
                failures.check(r.isWellFormed && r.contains(0), "[0,0] · \(show(y)) = \(show(r))")
                let q = y * iv(0, 0)
                failures.check(q.isWellFormed && q.contains(0), "\(show(y)) · [0,0] = \(show(q))")
            }
            // x^y with y = [0, +inf] and x = 1: y·log x = [0,inf]·[0,0].
            let oneToInf = try? Interval(1, precision: p).power(Interval.hull(iv(0, 0), big))
            failures.check(oneToInf?.contains(1) ?? true, "1^[0, inf] = \(oneToInf.map(show) ?? "error")")
            failures.check(oneToInf?.isWellFormed ?? true, "1^[0, inf] = \(oneToInf.map(show) ?? "error") malformed")
        }
        failures.finish()
    }

    /// Enclosures with a NaN end can be reached through the public API (an infinite
    /// end made a point: the midpoint of `exp(2^40)` is +inf, and
    /// [+inf, +inf] - [+inf, +inf] is [NaN, NaN]). They stand for nothing known, so no
    /// "every point" predicate may hold for them and every "some point may" predicate
    /// must: otherwise a decision `margin.isNonNegative` or `difference.isWithin(tol)`
    /// would certify a NaN.
    func testEnclosuresWithNaNEndsCertifyNothing() {
        let big = Interval(1 << 40, precision: 53).exp()
        let top = Interval(exactly: big.midpoint)
        let nan = top - top
        let halfNaN = Interval.hull(Interval(1, precision: 53), Interval(2, precision: 53)) + nan.scaled(byPowerOfTwo: 0)
        let lowNaN = Interval.fromUnsafeEndpoints(precision: 53) { lo, hi in mpfr_set_nan(lo); mpfr_set_si(hi, -1, MPFR_RNDU) }
        let highNaN = Interval.fromUnsafeEndpoints(precision: 53) { lo, hi in mpfr_set_si(lo, 1, MPFR_RNDD); mpfr_set_nan(hi) }
        let wide = big - big
        for x in [nan, halfNaN, lowNaN, highNaN, Interval(exactly: wide.midpoint), Interval(exactly: big.midpoint) - top] {
            let (lo, hi) = x.withUnsafeEndpoints { (mpfr_nan_p($0) != 0, mpfr_nan_p($1) != 0) }
            guard lo || hi else { continue }      // not a NaN case after all
            let label = show(x)
            XCTAssertFalse(x.isWellFormed, label)
            XCTAssertFalse(x.isPositive, "isPositive \(label)")
            XCTAssertFalse(x.isNegative, "isNegative \(label)")
            XCTAssertFalse(x.isNonNegative, "isNonNegative \(label)")
            XCTAssertFalse(x.isNonPositive, "isNonPositive \(label)")
            XCTAssertFalse(x.isWithin(magnitude: Rational(1)), "isWithin \(label)")
            XCTAssertFalse(x.isWithin(magnitude: Rational(0)), "isWithin 0 \(label)")
            // Their bounds are NaN ("nothing known") and certify nothing either.
            for bound in [x.magnitude, x.width, x.nonNegativeUpperBound] {
                XCTAssertFalse(bound.isKnown, "bound known \(label)")
                XCTAssertFalse(bound.isAtMost(Rational(1)) || bound.isCertainlyBelow(Rational(1)), "bound \(label)")
                XCTAssertFalse(bound.isCertainlyBelow(big), "bound below \(label)")
                XCTAssertFalse(MagnitudeBound.maximum(MagnitudeBound.zero(precision: 53), bound).isKnown, "max \(label)")
            }
            XCTAssertFalse(x.lowerBound.isKnown || x.lowerBound.isSmaller(than: big.lowerBound), "lowerBound \(label)")
            XCTAssertFalse(Interval.certainlyLess(x, big) || Interval.certainlyLess(-big, x), "certainlyLess \(label)")
            XCTAssertFalse(Interval.hull(-big, big).contains(x), "contains(interval) \(label)")
            XCTAssertTrue(x.containsZero, "containsZero \(label)")
            XCTAssertTrue(x.overlaps(Interval(5, precision: 53)), "overlaps \(label)")
            XCTAssertTrue(x.contains(0) && x.contains(Rational(1, 3)), "contains(value) \(label)")
            XCTAssertThrowsError(try Interval(1, precision: 53) / x, "division by \(label)")
            XCTAssertThrowsError(try x.sqrt(), "sqrt \(label)")
            XCTAssertThrowsError(try x.log(), "log \(label)")
            XCTAssertThrowsError(try x.power(-1), "x^-1 \(label)")
        }
        XCTAssertTrue(nan.withUnsafeEndpoints { lo, _ in mpfr_nan_p(lo) != 0 }, "the public-API route to NaN: \(show(nan))")
    }
}
