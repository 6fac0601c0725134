import XCTest
import CMPFR
@testable import CertifiedIntervals

// The per-function soundness check, in the pattern of Arb's tests: for each input
// interval (awkward ones first, then random ones) evaluate the operation, then
//   (a) containment: for points of the input (both ends, random interior points, 0),
//       the exact f(point), enclosed by MPFR at precision 4p+64 rounded down and up,
//       lies in the result;
//   (tight) when the exact range is attained at known points (monotone functions,
//       corners of products and quotients, 0 for even powers), the result is that
//       range rounded outward to the result's precision, end for end;
//   (b) the enclosure at precision p overlaps the one at 2p.

struct UnaryCheck {
    var name: String
    var domain: Domain = .all
    var exponents: ClosedRange<Int> = -1100...1100
    var apply: (Interval) throws -> Interval
    var reference: UnaryReference
    /// Points at which the exact range over `[lo, hi]` is attained; nil when not known.
    var rangeCandidates: ((mpfr_ptr, mpfr_ptr, Scratch) -> [mpfr_srcptr])? = nil
    var interior = 3
    var extraPoints: ((mpfr_ptr, mpfr_ptr, Scratch, inout Gen) -> [mpfr_ptr])? = nil
    var awkward: [(Spec, Spec)] = commonAwkward
    var awkwardPrecisions: [Int] = CertifiedIntervalsTests.awkwardPrecisions
    /// Replaces the generic random inputs for part of the cases (given the precision).
    var generate: ((inout Gen, Int, Scratch) -> Interval)? = nil
}

/// Range candidates of a monotone function: its two ends.
func monotoneCandidates(_ lo: mpfr_ptr, _ hi: mpfr_ptr, _ s: Scratch) -> [mpfr_srcptr] {
    [UnsafePointer(lo), UnsafePointer(hi)]
}

/// Range candidates of an even function decreasing then increasing around 0.
func evenCandidates(_ lo: mpfr_ptr, _ hi: mpfr_ptr, _ s: Scratch) -> [mpfr_srcptr] {
    var c = [UnsafePointer(lo), UnsafePointer(hi)]
    if sgn(lo) < 0 && sgn(hi) > 0 { let z = s.make(2); mpfr_set_zero(z, 1); c.append(UnsafePointer(z)) }
    return c
}

func runSoundness(_ c: UnaryCheck, cases: Int, seed: UInt64, file: StaticString = #filePath, line: UInt = #line) {
    let failures = Failures(c.name, file: file, line: line)
    var gen = Gen(seed: seed)
    for x in awkwardInputs(c.awkward, domain: c.domain, precisions: c.awkwardPrecisions) {
        checkUnary(c, x, &gen, failures, label: "awkward input")
    }
    for i in 0..<cases {
        withScratch { s in
            let p = gen.precision()
            let x: Interval
            if let generate = c.generate, gen.chance(0.6) { x = generate(&gen, p, s) }
            else { x = gen.interval(precision: p, domain: c.domain, exponents: c.exponents, s) }
            checkUnary(c, x, &gen, failures, label: "random case \(i) of seed \(seed)")
        }
    }
    failures.finish()
}

func checkUnary(_ c: UnaryCheck, _ x: Interval, _ gen: inout Gen, _ failures: Failures, label: String) {
    withScratch { s in
        let result: Interval
        do { result = try c.apply(x) } catch {
            failures.add("\(label): unexpected error \(error) for x = \(show(x))"); return
        }
        failures.check(result.precision == x.precision,
                       "\(label): result precision \(result.precision) for x = \(show(x))")
        guard result.isWellFormed else {
            failures.add("\(label): malformed result \(show(result)) for x = \(show(x))"); return
        }
        let (rlo, rhi) = ends(result, s)
        let (xlo, xhi) = ends(x, s)
        var points = gen.points(xlo, xhi, interior: c.interior, s)
        if let extra = c.extraPoints { points += extra(xlo, xhi, s, &gen) }
        for point in points {
            let (d, u) = reference(c.reference, point, precision: referencePrecision(x.precision, prec(point)), s)
            if !encloses(rlo, rhi, d, u) {
                failures.add("\(label): containment fails: x = \(show(x)), point \(exactText(point)), "
                             + "f(point) in \(describe(d, u)), result \(show(result))")
                break
            }
        }
        if let candidates = c.rangeCandidates {
            let (elo, ehi) = tightRange(c.reference, candidates: candidates(xlo, xhi, s),
                                        precision: result.precision, s)
            if mpfr_equal_p(elo, rlo) == 0 || mpfr_equal_p(ehi, rhi) == 0 {
                failures.add("\(label): not the exact range rounded outward: x = \(show(x)), "
                             + "expected \(describe(elo, ehi)), got \(show(result))")
            }
        }
        let x2 = x.withPrecision(2 * x.precision)
        do {
            let r2 = try c.apply(x2)
            failures.check(r2.precision == 2 * x.precision && r2.overlaps(result),
                           "\(label): precision 2p disagrees: x = \(show(x)), at p \(show(result)), at 2p \(show(r2))")
        } catch {
            failures.add("\(label): error \(error) at precision 2p only, x = \(show(x))")
        }
    }
}

// MARK: - Binary operations

struct BinaryCheck {
    var name: String
    var domainX: Domain = .all
    var domainY: Domain = .all
    var exponentsX: ClosedRange<Int> = -1100...1100
    var exponentsY: ClosedRange<Int> = -1100...1100
    var apply: (Interval, Interval) throws -> Interval
    var reference: BinaryReference
    /// The exact range is attained at the four corners (monotone in each argument
    /// on each sign piece): check the result equals it rounded outward.
    var cornersGiveRange = true
    var interior = 2
    var awkward: [(Spec, Spec)] = commonAwkward
    var awkwardPrecisionPairs: [(Int, Int)] = [(53, 53), (2, 113), (256, 24), (1000, 64)]
}

func runSoundness(_ c: BinaryCheck, cases: Int, seed: UInt64, file: StaticString = #filePath, line: UInt = #line) {
    let failures = Failures(c.name, file: file, line: line)
    var gen = Gen(seed: seed)
    for (p, q) in c.awkwardPrecisionPairs {
        let xs = awkwardInputs(c.awkward, domain: c.domainX, precisions: [p])
        let ys = awkwardInputs(c.awkward, domain: c.domainY, precisions: [q])
        for x in xs { for y in ys { checkBinary(c, x, y, &gen, failures, label: "awkward inputs") } }
    }
    for i in 0..<cases {
        withScratch { s in
            let p = gen.precision()
            let q = gen.chance(0.3) ? p : gen.precision()
            let x = gen.interval(precision: p, domain: c.domainX, exponents: c.exponentsX, s)
            let y = gen.interval(precision: q, domain: c.domainY, exponents: c.exponentsY, s)
            checkBinary(c, x, y, &gen, failures, label: "random case \(i) of seed \(seed)")
        }
    }
    failures.finish()
}

func checkBinary(_ c: BinaryCheck, _ x: Interval, _ y: Interval, _ gen: inout Gen, _ failures: Failures,
                 label: String) {
    withScratch { s in
        let inputs = "x = \(show(x)), y = \(show(y))"
        let result: Interval
        do { result = try c.apply(x, y) } catch {
            failures.add("\(label): unexpected error \(error) for \(inputs)"); return
        }
        let p = max(x.precision, y.precision)
        failures.check(result.precision == p, "\(label): result precision \(result.precision) for \(inputs)")
        guard result.isWellFormed else {
            failures.add("\(label): malformed result \(show(result)) for \(inputs)"); return
        }
        let (rlo, rhi) = ends(result, s)
        let (xlo, xhi) = ends(x, s), (ylo, yhi) = ends(y, s)
        let xs = gen.points(xlo, xhi, interior: c.interior, s)
        let ys = gen.points(ylo, yhi, interior: c.interior, s)
        outer: for a in xs {
            for b in ys {
                let (d, u) = reference(c.reference, a, b, precision: referencePrecision(p, prec(a), prec(b)), s)
                if !encloses(rlo, rhi, d, u) {
                    failures.add("\(label): containment fails: \(inputs), points \(exactText(a)) and "
                                 + "\(exactText(b)), f in \(describe(d, u)), result \(show(result))")
                    break outer
                }
            }
        }
        if c.cornersGiveRange {
            let elo = s.make(p), ehi = s.make(p), t = s.make(p)
            mpfr_set_inf(elo, 1); mpfr_set_inf(ehi, -1)
            for a in [xlo, xhi] {
                for b in [ylo, yhi] {
                    c.reference(t, a, b, MPFR_RNDD); if lt(t, elo) { mpfr_set(elo, t, MPFR_RNDN) }
                    c.reference(t, a, b, MPFR_RNDU); if lt(ehi, t) { mpfr_set(ehi, t, MPFR_RNDN) }
                }
            }
            if mpfr_equal_p(elo, rlo) == 0 || mpfr_equal_p(ehi, rhi) == 0 {
                failures.add("\(label): not the exact range rounded outward: \(inputs), "
                             + "expected \(describe(elo, ehi)), got \(show(result))")
            }
        }
        let x2 = x.withPrecision(2 * x.precision), y2 = y.withPrecision(2 * y.precision)
        do {
            let r2 = try c.apply(x2, y2)
            failures.check(r2.precision == 2 * p && r2.overlaps(result),
                           "\(label): precision 2p disagrees: \(inputs), at p \(show(result)), at 2p \(show(r2))")
        } catch {
            failures.add("\(label): error \(error) at precision 2p only, \(inputs)")
        }
    }
}
