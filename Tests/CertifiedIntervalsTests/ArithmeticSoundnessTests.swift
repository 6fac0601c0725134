import XCTest
import CMPFR
@testable import CertifiedIntervals

/// Containment, tightness and precision-doubling checks of `+ - * /`, integer and real
/// powers, `squared`, `minimum` and `maximum`, over awkward and random inputs with
/// mixed precisions.
final class ArithmeticSoundnessTests: XCTestCase {

    func testAddition() {
        runSoundness(BinaryCheck(name: "+", apply: { $0 + $1 }, reference: { r, a, b, d in mpfr_add(r, a, b, d) }),
            cases: 3000, seed: 0xADD)
    }

    func testSubtraction() {
        runSoundness(BinaryCheck(name: "-", apply: { $0 - $1 }, reference: { r, a, b, d in mpfr_sub(r, a, b, d) }),
            cases: 3000, seed: 0x5B)
    }

    func testMultiplication() {
        runSoundness(BinaryCheck(name: "*", apply: { $0 * $1 }, reference: { r, a, b, d in mpfr_mul(r, a, b, d) }),
            cases: 4000, seed: 0x3A1)
    }

    func testDivision() {
        runSoundness(BinaryCheck(name: "/", domainY: .nonZero, apply: { try $0 / $1 },
                        reference: { r, a, b, d in mpfr_div(r, a, b, d) }),
            cases: 4000, seed: 0xD1F)
    }

    func testMinimumAndMaximum() {
        runSoundness(BinaryCheck(name: "minimum", apply: { Interval.minimum($0, $1) },
                        reference: { r, a, b, d in mpfr_min(r, a, b, d) }),
            cases: 2000, seed: 0x313)
        runSoundness(BinaryCheck(name: "maximum", apply: { Interval.maximum($0, $1) },
                        reference: { r, a, b, d in mpfr_max(r, a, b, d) }),
            cases: 2000, seed: 0x3A3)
    }

    /// `x^y` for real `y` and `x > 0`; an enclosure through `exp(y log x)`, so only
    /// containment and agreement across precisions are required.
    func testRealPower() {
        runSoundness(BinaryCheck(name: "power(Interval)", domainX: .positive, exponentsX: -1100...1100,
                        exponentsY: -40...12, apply: { try $0.power($1) },
                        reference: { r, a, b, d in mpfr_pow(r, a, b, d) }, cornersGiveRange: false,
                        awkwardPrecisionPairs: [(53, 53), (2, 113), (256, 24)]),
            cases: 2500, seed: 0x9077)
    }

    func testSquared() {
        runSoundness(UnaryCheck(name: "squared", apply: { $0.squared }, reference: { r, x, d in mpfr_sqr(r, x, d) },
                       rangeCandidates: evenCandidates),
            cases: 3000, seed: 0x5E2)
    }

    /// `x^n` for integer `n`: negative and positive, odd and even, 0, and large.
    func testIntegerPower() {
        let exponents = [0, 1, 2, 3, 4, 5, 6, 7, 8, 11, 16, 31, 64, 100, 1001,
                         -1, -2, -3, -4, -5, -6, -7, -8, -16, -31, -64, -101]
        var seed: UInt64 = 0x90E0
        for n in exponents {
            seed += 1
            let candidates: (mpfr_ptr, mpfr_ptr, Scratch) -> [mpfr_srcptr] = n % 2 == 0 && n > 0
                ? evenCandidates : monotoneCandidates
            // |x| up to 2^±1100: |x|^n stays inside MPFR's exponent range (±2^30).
            runSoundness(UnaryCheck(name: "power(\(n))", domain: n < 0 ? .nonZero : .all,
                           apply: { try $0.power(n) },
                           reference: { r, x, d in mpfr_pow_si(r, x, n, d) },
                           rangeCandidates: n == 0 ? nil : candidates,
                           awkwardPrecisions: [2, 53, 1000]),
                cases: 250, seed: seed)
        }
    }

    /// Mixed operations with machine integers and scaling by powers of two.
    func testIntegerOperandsAndScaling() {
        let failures = Failures("mixed integer operations")
        var gen = Gen(seed: 0x1A7)
        for i in 0..<2000 {
            withScratch { s in
                let p = gen.precision()
                let x = gen.interval(precision: p, s)
                let n = gen.chance(0.1) ? gen.pick([Int.max, Int.min, Int.min + 1, 0, 1, -1])
                    : gen.int(-1_000_000...1_000_000)
                let (xlo, xhi) = ends(x, s)
                let nn = s.make(64); mpfr_set_si(nn, n, MPFR_RNDN)
                let label = "case \(i): x = \(show(x)), n = \(n)"
                let ops: [(String, Interval, BinaryReference)] = [
                    ("x + n", x + n, { r, a, b, d in mpfr_add(r, a, b, d) }),
                    ("x - n", x - n, { r, a, b, d in mpfr_sub(r, a, b, d) }),
                    ("x * n", x * n, { r, a, b, d in mpfr_mul(r, a, b, d) }),
                    ("n * x", n * x, { r, a, b, d in mpfr_mul(r, b, a, d) }),
                    ("n + x", n + x, { r, a, b, d in mpfr_add(r, b, a, d) }),
                    ("n - x", n - x, { r, a, b, d in mpfr_sub(r, b, a, d) }),
                ]
                for (name, result, f) in ops {
                    failures.check(result.precision == p, "\(name) precision, \(label)")
                    let (rlo, rhi) = ends(result, s)
                    for a in [xlo, xhi] {
                        let (d, u) = reference(f, a, nn, precision: referencePrecision(p, 64), s)
                        failures.check(encloses(rlo, rhi, d, u),
                                       "\(name): \(label), point \(exactText(a)), result \(show(result))")
                    }
                }
                if n != 0 {
                    do {
                        let q = try x / n
                        let (rlo, rhi) = ends(q, s)
                        for a in [xlo, xhi] {
                            let (d, u) = reference({ r, a, b, m in mpfr_div(r, a, b, m) }, a, nn,
                                                   precision: referencePrecision(p, 64), s)
                            failures.check(encloses(rlo, rhi, d, u), "x / n: \(label), result \(show(q))")
                        }
                    } catch { failures.add("x / n threw \(error): \(label)") }
                } else {
                    failures.check(Result { try x / n }.isFailure, "x / 0 did not throw: \(label)")
                }
                // Scaling is exact (away from the ends of MPFR's exponent range).
                let e = gen.int(-2000...2000)
                let inRange = [xlo, xhi].allSatisfy { (v: mpfr_ptr) in mpfr_zero_p(v) != 0 || abs(mpfr_get_exp(v)) < 1_000_000 }
                let scaled = x.scaled(byPowerOfTwo: e)
                let (slo, shi) = ends(scaled, s)
                let tlo = s.make(p), thi = s.make(p)
                mpfr_mul_2si(tlo, xlo, e, MPFR_RNDN); mpfr_mul_2si(thi, xhi, e, MPFR_RNDN)
                failures.check(!inRange || mpfr_equal_p(slo, tlo) != 0 && mpfr_equal_p(shi, thi) != 0,
                               "scaled(byPowerOfTwo: \(e)) not exact: \(label), got \(show(scaled))")
                // Negation is exact.
                let negated = -x
                let (nlo, nhi) = ends(negated, s)
                mpfr_neg(tlo, xhi, MPFR_RNDN); mpfr_neg(thi, xlo, MPFR_RNDN)
                failures.check(mpfr_equal_p(nlo, tlo) != 0 && mpfr_equal_p(nhi, thi) != 0,
                               "negation not exact: \(label), got \(show(negated))")
            }
        }
        failures.finish()
    }

    /// Operands that share storage (`x * x`, `x - x`, `x / x`) must behave like
    /// independent copies: the interval operations never see the aliasing.
    func testSelfOperands() {
        let failures = Failures("self operands")
        var gen = Gen(seed: 0xA11A5)
        for i in 0..<2000 {
            withScratch { s in
                let x = gen.interval(precision: gen.precision(), s)
                let label = "case \(i): x = \(show(x))"
                failures.check((x - x).contains(0), "x - x does not contain 0: \(label)")
                failures.check((x * x).contains(x.squared), "x * x does not contain x²: \(label)")
                failures.check((x + x).contains(x.scaled(byPowerOfTwo: 1)), "x + x ⊉ 2x: \(label)")
                if !x.containsZero {
                    failures.check((try? x / x)?.contains(1) == true, "x / x does not contain 1: \(label)")
                }
            }
        }
        failures.finish()
    }
}
