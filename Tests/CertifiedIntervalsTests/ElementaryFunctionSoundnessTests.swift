import XCTest
import CMPFR
@testable import CertifiedIntervals

/// Containment, tightness and precision-doubling checks of the constants and of
/// `sqrt exp log sin cos asin acos atan erf abs`.
final class ElementaryFunctionSoundnessTests: XCTestCase {

    // MARK: Constants

    func testPiAndE() {
        let failures = Failures("constants")
        let precisions = Array(2...300) + [333, 500, 512, 1000, 4096, 10_000]
        for p in precisions {
            withScratch { s in
                for (name, value, f) in [
                    ("pi", Interval.pi(precision: p), { (r: mpfr_ptr, d: mpfr_rnd_t) in _ = mpfr_const_pi(r, d) }),
                    ("e", Interval.e(precision: p), { (r: mpfr_ptr, d: mpfr_rnd_t) in
                        mpfr_set_ui(r, 1, MPFR_RNDN); mpfr_exp(r, r, d) }),
                ] as [(String, Interval, (mpfr_ptr, mpfr_rnd_t) -> Void)] {
                    failures.check(value.precision == p, "\(name) at \(p): precision \(value.precision)")
                    let d = s.make(4 * p + 64), u = s.make(4 * p + 64)
                    f(d, MPFR_RNDD); f(u, MPFR_RNDU)
                    let (lo, hi) = ends(value, s)
                    failures.check(encloses(lo, hi, d, u), "\(name) at \(p): \(show(value)) misses \(describe(d, u))")
                    // Tight: the next p-bit number beyond each end is on the other side.
                    mpfr_nextabove(lo); mpfr_nextbelow(hi)
                    failures.check(lt(d, lo) && lt(hi, u), "\(name) at \(p): \(show(value)) is not the tightest")
                }
            }
        }
        failures.finish()
    }

    // MARK: Monotone functions

    func testSqrt() {
        runSoundness(UnaryCheck(name: "sqrt", domain: .nonNegative, apply: { try $0.sqrt() },
                       reference: { r, x, d in mpfr_sqrt(r, x, d) }, rangeCandidates: monotoneCandidates),
            cases: 3000, seed: 0x5C47)
    }

    func testExp() {
        let extra: [(Spec, Spec)] = [
            (.int(709), .int(710)), (.int(-745), .int(-744)), (.two(40), .two(40)), (.two(40, -1), .two(40, -1)),
            (.two(31, -1), .int(0)), (.int(0), .two(31)), (.dec("-1e-300"), .dec("1e-300")),
        ]
        runSoundness(UnaryCheck(name: "exp", exponents: -1100...36, apply: { $0.exp() },
                       reference: { r, x, d in mpfr_exp(r, x, d) }, rangeCandidates: monotoneCandidates,
                       awkward: commonAwkward + extra),
            cases: 3000, seed: 0xE4B)
    }

    func testLog() {
        let extra: [(Spec, Spec)] = [
            (.two(-1000), .two(1000)), (.ulps(.int(1), -1), .ulps(.int(1), 1)), (.ulps(.int(0), 1), .int(1)),
            (.dec("1e-300"), .dec("1e300")), (.int(1), .int(1)), (.dec("0.999"), .dec("1.001")),
        ]
        runSoundness(UnaryCheck(name: "log", domain: .positive, apply: { try $0.log() },
                       reference: { r, x, d in mpfr_log(r, x, d) }, rangeCandidates: monotoneCandidates,
                       awkward: commonAwkward + extra),
            cases: 3000, seed: 0x106)
    }

    static let unitAwkward: [(Spec, Spec)] = [
        (.int(-1), .int(-1)), (.int(1), .int(1)), (.int(-1), .int(1)), (.dec("0.5"), .int(1)),
        (.int(-1), .dec("-0.5")), (.int(-1), .ulps(.int(-1), 1)), (.ulps(.int(1), -1), .int(1)),
        (.dec("0.5"), .dec("0.5")), (.dec("-0.5"), .dec("-0.5")), (.two(-1000), .two(-1000)),
        (.two(-1000, -1), .two(-1000)), (.int(0), .int(0)), (.int(0), .int(1)), (.int(-1), .int(0)),
        (.ulps(.int(1), -2), .ulps(.int(1), -1)), (.ulps(.int(-1), 1), .ulps(.int(-1), 2)),
    ]

    func testAsin() {
        runSoundness(UnaryCheck(name: "asin", domain: .unit, exponents: -1100...1, apply: { try $0.asin() },
                       reference: { r, x, d in mpfr_asin(r, x, d) }, rangeCandidates: monotoneCandidates,
                       awkward: commonAwkward + Self.unitAwkward),
            cases: 3000, seed: 0xA51)
    }

    func testAcos() {
        runSoundness(UnaryCheck(name: "acos", domain: .unit, exponents: -1100...1, apply: { try $0.acos() },
                       reference: { r, x, d in mpfr_acos(r, x, d) }, rangeCandidates: monotoneCandidates,
                       awkward: commonAwkward + Self.unitAwkward),
            cases: 3000, seed: 0xAC05)
    }

    func testAtan() {
        runSoundness(UnaryCheck(name: "atan", apply: { $0.atan() },
                       reference: { r, x, d in mpfr_atan(r, x, d) }, rangeCandidates: monotoneCandidates),
            cases: 3000, seed: 0xA7A)
    }

    func testErf() {
        let extra: [(Spec, Spec)] = [(.int(5), .int(6)), (.int(-30), .int(30)), (.dec("27.2"), .dec("27.3"))]
        runSoundness(UnaryCheck(name: "erf", apply: { $0.erf() },
                       reference: { r, x, d in mpfr_erf(r, x, d) }, rangeCandidates: monotoneCandidates,
                       awkward: commonAwkward + extra),
            cases: 3000, seed: 0xE2F)
    }

    func testAbs() {
        runSoundness(UnaryCheck(name: "abs", apply: { $0.abs() },
                       reference: { r, x, d in mpfr_abs(r, x, d) }, rangeCandidates: evenCandidates),
            cases: 3000, seed: 0xAB5)
    }

    // MARK: sin and cos

    /// Ends on and beside the extrema (π/2 + kπ for sin, kπ for cos), widths just
    /// below and above π and 2π, huge arguments.
    static let periodicAwkward: [(Spec, Spec)] = {
        let D = MPFR_RNDD, U = MPFR_RNDU
        return [
            (.int(0), .int(0)), (.pi(1, 2), .pi(1, 2)), (.pi(1, 2, rounding: D), .pi(1, 2, rounding: D)),
            (.pi(1, 2, rounding: U), .pi(1, 2, rounding: U)), (.int(1), .pi(1, 2, rounding: D)),
            (.pi(1, 2, rounding: U), .int(2)), (.ulps(.pi(1, 2, rounding: D), -1), .pi(1, 2, rounding: D)),
            (.pi(1, 2, rounding: U), .ulps(.pi(1, 2, rounding: U), 1)), (.int(0), .pi(1, 2, rounding: D)),
            (.pi(1, 2, rounding: D), .pi(1)), (.pi(-1, 2), .pi(-1, 2)), (.pi(1), .pi(1)),
            (.pi(1, rounding: D), .pi(1, rounding: D)), (.pi(1, rounding: U), .pi(1, rounding: U)),
            (.int(3), .pi(1, rounding: D)), (.pi(1, rounding: U), .int(4)), (.pi(3, 2), .pi(3, 2)),
            (.pi(-3, 2), .pi(-3, 2)), (.pi(2, rounding: D), .pi(2, rounding: D)), (.pi(2), .pi(2)),
            (.int(0), .int(7)), (.dec("-3.2"), .dec("3.2")), (.int(0), .pi(2, rounding: D)),
            (.int(0), .pi(2, rounding: U)), (.dec("0.1"), .plus(.dec("0.1"), .ulps(.pi(2, rounding: D), -2))),
            (.int(1), .plus(.int(1), .ulps(.pi(1, rounding: D), -2))),
            (.plus(.pi(1, 2), .two(-30)), .plus(.pi(3, 2), .two(-30, -1))),
            (.plus(.pi(-1, 2), .two(-30)), .plus(.pi(1, 2), .two(-30, -1))),
            (.plus(.pi(1, 2, rounding: U), .two(-60)), .plus(.pi(3, 2, rounding: D), .two(-60, -1))),
            (.dec("6.28"), .dec("6.29")), (.dec("-0.1"), .dec("0.1")), (.int(3), .dec("3.5")), (.int(710), .int(720)),
            (.dec("1e22"), .dec("1e22")), (.dec("1e300"), .dec("1e300")), (.dec("-1e300"), .dec("-1e300")),
            (.dec("1e300"), .ulps(.dec("1e300"), 3)), (.two(1000), .two(1000)), (.two(1000), .plus(.two(1000), .two(990))),
            (.pi(2_000_000_000_000_001, 2), .pi(2_000_000_000_000_001, 2)),
            (.pi(2_000_000_000_000_001, 2, rounding: D), .pi(2_000_000_000_000_001, 2, rounding: D)),
            (.pi(1_000_000_000_000_000), .pi(1_000_000_000_000_000)),
            (.two(-1000), .two(-1000)), (.two(-1000, -1), .two(-1000)), (.two(-1000, -1), .int(0)),
        ]
    }()

    /// Intervals on, beside or around an extremum of sin (offset 1/2) or cos (offset 0)
    /// at `π(m + offset)`, for small and huge `m`, with widths from 0 to beyond 2π.
    static func periodicInput(offset: Double) -> (inout Gen, Int, Scratch) -> Interval {
        { gen, p, s in
            let q = p + 400
            let m = s.make(q)
            switch gen.int(0...9) {
            case 0..<5: mpfr_set_si(m, gen.int(-20...20), MPFR_RNDN)
            case 5..<8: gen.setMantissa(m, s); mpfr_mul_2si(m, m, gen.int(1...60), MPFR_RNDN)
            default: gen.setMantissa(m, s); mpfr_mul_2si(m, m, gen.int(60...300), MPFR_RNDN)
            }
            mpfr_rint(m, m, MPFR_RNDN)
            if gen.chance(0.5) { mpfr_neg(m, m, MPFR_RNDN) }
            let c = s.make(q + 300)
            mpfr_const_pi(c, MPFR_RNDN)
            mpfr_add_d(m, m, offset, MPFR_RNDN)
            mpfr_mul(c, c, m, MPFR_RNDN)                      // the extremum, to q + 300 bits
            let lo = s.make(p), hi = s.make(p)
            let roundings = [MPFR_RNDN, MPFR_RNDD, MPFR_RNDU]
            switch gen.int(0...9) {
            case 0..<3:                                       // points and ulp-wide intervals beside it
                mpfr_set(lo, c, gen.pick(roundings)); mpfr_set(hi, lo, MPFR_RNDN)
                for _ in 0..<gen.int(0...2) { mpfr_nextbelow(lo) }
                for _ in 0..<gen.int(0...2) { mpfr_nextabove(hi) }
            case 3..<7:                                       // random width below 7 around it
                let w = s.make(64), t = s.make(64), a = s.make(q + 300)
                gen.setMantissa(w, s); mpfr_mul_2si(w, w, gen.int(-(p + 20)...3), MPFR_RNDN)
                gen.setMantissa(t, s); mpfr_sub_d(t, t, 0.5, MPFR_RNDN)        // t in [-0.2, 1.2]
                mpfr_mul_d(t, t, 2.8, MPFR_RNDN); mpfr_sub_d(t, t, 0.2, MPFR_RNDN)
                mpfr_mul(t, t, w, MPFR_RNDN)
                mpfr_sub(a, c, t, MPFR_RNDN); mpfr_set(lo, a, MPFR_RNDD)
                mpfr_add(a, a, w, MPFR_RNDN); mpfr_set(hi, a, MPFR_RNDU)
            default:                                          // width near π or 2π
                let w = s.make(q + 300), a = s.make(q + 300)
                mpfr_const_pi(w, MPFR_RNDN)
                if gen.chance(0.4) { mpfr_mul_2ui(w, w, 1, MPFR_RNDN) }
                let delta = s.make(64)
                mpfr_set_si_2exp(delta, gen.chance(0.5) ? 1 : -1, -gen.int(1...(p + 10)), MPFR_RNDN)
                mpfr_add(w, w, delta, MPFR_RNDN)
                gen.setMantissa(a, s); mpfr_mul(a, a, w, MPFR_RNDN)
                mpfr_sub(a, c, a, MPFR_RNDN); mpfr_set(lo, a, MPFR_RNDD)
                mpfr_add(a, a, w, MPFR_RNDN); mpfr_set(hi, a, MPFR_RNDU)
            }
            if lt(hi, lo) { mpfr_swap(lo, hi) }
            return makeInterval(lo, hi, precision: p)
        }
    }

    /// Points on the extrema inside `[lo, hi]` (rounded to the ends' precision and to
    /// 40 more bits), where the range of sin or cos is attained.
    static func extremaPoints(offset: Double) -> (mpfr_ptr, mpfr_ptr, Scratch, inout Gen) -> [mpfr_ptr] {
        { lo, hi, s, gen in
            guard mpfr_number_p(lo) != 0, mpfr_number_p(hi) != 0 else { return [] }
            let larger = mpfr_cmpabs(lo, hi) >= 0 ? lo : hi
            let e = mpfr_zero_p(larger) != 0 ? 0 : max(0, Int(mpfr_get_exp(larger)))
            guard e < 5000 else { return [] }
            let p = prec(lo), q = p + e + 100
            let pi = s.make(q), m = s.make(q), last = s.make(q)
            mpfr_const_pi(pi, MPFR_RNDN)
            mpfr_div(m, lo, pi, MPFR_RNDN); mpfr_sub_d(m, m, offset, MPFR_RNDN); mpfr_ceil(m, m)
            mpfr_div(last, hi, pi, MPFR_RNDN); mpfr_sub_d(last, last, offset, MPFR_RNDN); mpfr_floor(last, last)
            mpfr_sub_ui(m, m, 1, MPFR_RNDN); mpfr_add_ui(last, last, 1, MPFR_RNDN)
            var points: [mpfr_ptr] = []
            var count = 0
            while le(m, last) && count < 5 {
                let v = s.make(q)
                mpfr_add_d(v, m, offset, MPFR_RNDN); mpfr_mul(v, v, pi, MPFR_RNDN)
                for bits in [p, p + 40] {
                    let x = s.make(bits)
                    mpfr_set(x, v, MPFR_RNDN)
                    clamp(x, lo, hi)
                    points.append(x)
                }
                mpfr_add_ui(m, m, 1, MPFR_RNDN)
                count += 1
            }
            return points
        }
    }

    func testSin() {
        runSoundness(UnaryCheck(name: "sin", apply: { $0.sin() }, reference: { r, x, d in mpfr_sin(r, x, d) },
                       interior: 6, extraPoints: Self.extremaPoints(offset: 0.5),
                       awkward: commonAwkward + Self.periodicAwkward,
                       generate: Self.periodicInput(offset: 0.5)),
            cases: 4000, seed: 0x514)
    }

    func testCos() {
        runSoundness(UnaryCheck(name: "cos", apply: { $0.cos() }, reference: { r, x, d in mpfr_cos(r, x, d) },
                       interior: 6, extraPoints: Self.extremaPoints(offset: 0),
                       awkward: commonAwkward + Self.periodicAwkward,
                       generate: Self.periodicInput(offset: 0)),
            cases: 4000, seed: 0xC05)
    }

    /// Where the range is attained away from any extremum, sin and cos must give the
    /// end values rounded outward; where an extremum is certainly inside, ±1.
    func testSinCosExactRangeOnClearCases() {
        let failures = Failures("sin/cos exact range")
        var gen = Gen(seed: 0x5C)
        for i in 0..<2000 {
            withScratch { s in
                let p = gen.pick([24, 53, 64, 113, 256])
                let useSin = gen.chance(0.5)
                let offset = useSin ? 0.5 : 0.0
                let x = Self.periodicInput(offset: offset)(&gen, p, s)
                let result = useSin ? x.sin() : x.cos()
                let f: UnaryReference = useSin ? { r, a, d in mpfr_sin(r, a, d) } : { r, a, d in mpfr_cos(r, a, d) }
                let (xlo, xhi) = ends(x, s)
                // Exact count of extrema inside, decided at a generous precision with margin.
                let q = p + 2000
                let pi = s.make(q), a = s.make(q), b = s.make(q)
                mpfr_const_pi(pi, MPFR_RNDN)
                mpfr_div(a, xlo, pi, MPFR_RNDN); mpfr_sub_d(a, a, offset, MPFR_RNDN)
                mpfr_div(b, xhi, pi, MPFR_RNDN); mpfr_sub_d(b, b, offset, MPFR_RNDN)
                let ca = s.make(q), fb = s.make(q)
                mpfr_ceil(ca, a); mpfr_floor(fb, b)
                // Skip ends within 2^-(p+8) of an extremum (in units of π), where an
                // extremum may legitimately be included (the module resolves x/π to
                // about 2^-(p+15)).
                let da = s.make(q), db = s.make(q)
                mpfr_sub(da, ca, a, MPFR_RNDN); mpfr_sub(db, b, fb, MPFR_RNDN)
                mpfr_abs(da, da, MPFR_RNDN); mpfr_abs(db, db, MPFR_RNDN)
                let margin = s.make(64); mpfr_set_si_2exp(margin, 1, -(p + 8), MPFR_RNDN)
                if lt(da, margin) || lt(db, margin) { return }
                if lt(fb, ca) {                       // no extremum: monotone piece
                    let (elo, ehi) = tightRange(f, candidates: [xlo, xhi], precision: p, s)
                    let (rlo, rhi) = ends(result, s)
                    failures.check(mpfr_equal_p(elo, rlo) != 0 && mpfr_equal_p(ehi, rhi) != 0,
                                   "case \(i) \(useSin ? "sin" : "cos"): x = \(show(x)) expected "
                                   + "\(describe(elo, ehi)), got \(show(result))")
                } else {
                    // At least one extremum inside: the result reaches ±1 on that side.
                    let half = s.make(q); mpfr_div_2ui(half, ca, 1, MPFR_RNDN)
                    let maximum = mpfr_integer_p(half) != 0
                    let (rlo, rhi) = ends(result, s)
                    let ok = maximum ? mpfr_cmp_si(rhi, 1) == 0 : mpfr_cmp_si(rlo, -1) == 0
                    failures.check(ok, "case \(i) \(useSin ? "sin" : "cos"): x = \(show(x)) contains "
                                   + "\(maximum ? "a maximum" : "a minimum"), got \(show(result))")
                }
            }
        }
        failures.finish()
    }
}
