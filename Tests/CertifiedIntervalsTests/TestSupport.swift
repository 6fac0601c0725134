import XCTest
import CMPFR
@testable import CertifiedIntervals
import CheckerTestSupport

// Shared machinery of the soundness suite: a seeded generator, scratch MPFR numbers
// that outlive every C call made on them, random and awkward inputs, reference values
// computed directly with MPFR at a much higher precision, and failure collection that
// prints the exact inputs of every failing case (hexadecimal MPFR numbers that can be
// read back with `mpfr_set_str(x, s, 0, MPFR_RNDN)`).

// MARK: - Deterministic random numbers


// MARK: - Scratch MPFR numbers

/// Owner of temporary MPFR numbers. Every number lives until the owner is released;
/// `withScratch` keeps the owner alive across the whole body, so raw pointers handed
/// out here are valid for every C call made inside it.
final class Scratch {
    private var numbers: [mpfr_ptr] = []

    func make(_ precision: Int) -> mpfr_ptr {
        let x = mpfr_ptr.allocate(capacity: 1)
        mpfr_init2(x, mpfr_prec_t(precision))
        numbers.append(x)
        return x
    }

    /// An exact copy (same precision).
    func copy(_ x: mpfr_srcptr) -> mpfr_ptr {
        let r = make(Int(mpfr_get_prec(x)))
        mpfr_set(r, x, MPFR_RNDN)
        return r
    }

    func int(_ v: Int, precision: Int = 64) -> mpfr_ptr {
        let r = make(precision)
        mpfr_set_si(r, v, MPFR_RNDN)
        return r
    }

    deinit {
        for x in numbers { mpfr_clear(x); x.deallocate() }
    }
}

func withScratch<R>(_ body: (Scratch) throws -> R) rethrows -> R {
    let s = Scratch()
    return try withExtendedLifetime(s) { try body(s) }
}

func prec(_ x: mpfr_srcptr) -> Int { Int(mpfr_get_prec(x)) }

/// Exact copies of the two ends of `x`.
func ends(_ x: Interval, _ s: Scratch) -> (lo: mpfr_ptr, hi: mpfr_ptr) {
    x.withUnsafeEndpoints { lo, hi in (s.copy(lo), s.copy(hi)) }
}

/// `[lo, hi]` at `precision` bits, each end rounded outward.
func makeInterval(_ lo: mpfr_srcptr, _ hi: mpfr_srcptr, precision: Int) -> Interval {
    Interval.fromUnsafeEndpoints(precision: precision) { l, h in
        mpfr_set(l, lo, MPFR_RNDD)
        mpfr_set(h, hi, MPFR_RNDU)
    }
}

func le(_ a: mpfr_srcptr, _ b: mpfr_srcptr) -> Bool { mpfr_lessequal_p(a, b) != 0 }
func lt(_ a: mpfr_srcptr, _ b: mpfr_srcptr) -> Bool { mpfr_less_p(a, b) != 0 }
func sgn(_ a: mpfr_srcptr) -> Int { Int(cmpfr_sgn(a)) }

/// The exact value of an MPFR number as a `Rational` (finite numbers only).
func rational(_ x: mpfr_srcptr) -> Rational {
    let r = RationalStorage()
    mpfr_get_q(r.pointer, x)
    return Rational(storage: r)
}

// MARK: - Printing inputs of failing cases

/// Exact hexadecimal form (readable by `mpfr_set_str` with base 0) and a decimal
/// approximation.
func exactText(_ x: mpfr_srcptr) -> String {
    if mpfr_nan_p(x) != 0 { return "nan" }
    if mpfr_inf_p(x) != 0 { return sgn(x) < 0 ? "-inf" : "inf" }
    if mpfr_zero_p(x) != 0 { return mpfr_signbit(x) != 0 ? "-0" : "0" }
    var e: mpfr_exp_t = 0
    guard let raw = mpfr_get_str(nil, &e, 16, 0, x, MPFR_RNDN) else { return "?" }
    var digits = String(cString: raw)
    mpfr_free_str(raw)
    var sign = ""
    if digits.hasPrefix("-") { sign = "-"; digits.removeFirst() }
    while digits.count > 1 && digits.hasSuffix("0") { digits.removeLast() }
    return "\(sign)0x0.\(digits)p\(4 * Int(e)) (~\(approxText(x)))"
}

func approxText(_ x: mpfr_srcptr, digits: Int = 20) -> String {
    if mpfr_number_p(x) == 0 || mpfr_zero_p(x) != 0 { return mpfr_nan_p(x) != 0 ? "nan" : (mpfr_zero_p(x) != 0 ? "0" : (sgn(x) < 0 ? "-inf" : "inf")) }
    var e: mpfr_exp_t = 0
    guard let raw = mpfr_get_str(nil, &e, 10, digits, x, MPFR_RNDN) else { return "?" }
    var m = String(cString: raw)
    mpfr_free_str(raw)
    var sign = ""
    if m.hasPrefix("-") { sign = "-"; m.removeFirst() }
    return "\(sign)0.\(m)e\(e)"
}

func show(_ x: Interval) -> String {
    x.withUnsafeEndpoints { lo, hi in "[\(exactText(lo)), \(exactText(hi))] (precision \(x.precision))" }
}

/// Collects failures of one test, reporting at most `limit` of them in full.
final class Failures {
    let name: String
    let limit: Int
    private(set) var count = 0
    private let file: StaticString
    private let line: UInt

    init(_ name: String, limit: Int = 12, file: StaticString = #filePath, line: UInt = #line) {
        self.name = name; self.limit = limit; self.file = file; self.line = line
    }

    func add(_ message: @autoclosure () -> String) {
        count += 1
        if count <= limit { XCTFail("\(name): \(message())", file: file, line: line) }
    }

    func check(_ condition: Bool, _ message: @autoclosure () -> String) {
        if !condition { add(message()) }
    }

    /// Reports the total when failures were left out.
    func finish() {
        if count > limit { XCTFail("\(name): \(count) failures in all (\(limit) shown)", file: file, line: line) }
    }
}

// MARK: - Input generation

enum Domain {
    case all, nonNegative, positive, unit, nonZero

    /// Independent check of an interval's ends against the domain.
    func admits(_ lo: mpfr_srcptr, _ hi: mpfr_srcptr) -> Bool {
        switch self {
        case .all: return true
        case .nonNegative: return sgn(lo) >= 0
        case .positive: return sgn(lo) > 0
        case .unit: return mpfr_cmp_si(lo, -1) >= 0 && mpfr_cmp_si(hi, 1) <= 0
        case .nonZero: return sgn(lo) > 0 || sgn(hi) < 0
        }
    }
}

struct Gen {
    var rng: SplitMix64
    init(seed: UInt64) { rng = SplitMix64(seed: seed) }

    mutating func next() -> UInt64 { rng.next() }
    mutating func int(_ r: ClosedRange<Int>) -> Int { Int.random(in: r, using: &rng) }
    mutating func chance(_ p: Double) -> Bool { Double(next() >> 11) * 0x1p-53 < p }
    mutating func pick<T>(_ xs: [T]) -> T { xs[int(0...(xs.count - 1))] }

    /// Precisions used for random inputs: mostly small and common ones, sometimes 1000.
    mutating func precision() -> Int {
        if chance(0.03) { return 1000 }
        return pick([2, 3, 5, 11, 24, 30, 53, 53, 53, 64, 64, 65, 100, 113, 128, 128, 192, 256, 256, 333, 512])
    }

    /// A binary exponent, half of the time in the moderate part of `r`.
    mutating func exponent(in r: ClosedRange<Int>) -> Int {
        let lo = Swift.max(r.lowerBound, -12), hi = Swift.min(r.upperBound, 12)
        if lo <= hi && chance(0.5) { return int(lo...hi) }
        return int(r)
    }

    /// `x` = a random number in [1/2, 1] with all of x's bits random.
    mutating func setMantissa(_ x: mpfr_ptr, _ s: Scratch) {
        let chunks = (prec(x) + 63) / 64
        let t = s.make(64 * chunks)
        mpfr_set_ui(t, UInt(next() | (1 << 63)), MPFR_RNDN)
        for _ in 1..<Swift.max(1, chunks) {
            mpfr_mul_2ui(t, t, 64, MPFR_RNDN)
            mpfr_add_ui(t, t, UInt(next()), MPFR_RNDN)
        }
        mpfr_mul_2si(t, t, -64 * chunks, MPFR_RNDN)
        mpfr_set(x, t, MPFR_RNDN)
    }

    /// A random or awkward number at x's precision, magnitude 2^e with e in `exponents`.
    mutating func value(_ x: mpfr_ptr, exponents: ClosedRange<Int>, _ s: Scratch) {
        let e = exponent(in: exponents)
        switch int(0...99) {
        case 0..<6:
            mpfr_set_zero(x, 1)
        case 6..<14:
            mpfr_set_si(x, int(1...10), MPFR_RNDN)
        case 14..<24:
            mpfr_set_si_2exp(x, 1, e, MPFR_RNDN)
        case 24..<34:                                   // few significant bits
            let k = int(1...8)
            mpfr_set_si_2exp(x, int(0...((1 << k) - 1)) | 1, e - k, MPFR_RNDN)
        case 34..<40:                                   // one ulp beside a power of two
            mpfr_set_si_2exp(x, 1, e, MPFR_RNDN)
            if chance(0.5) { mpfr_nextabove(x) } else { mpfr_nextbelow(x) }
        default:
            setMantissa(x, s)
            mpfr_mul_2si(x, x, e, MPFR_RNDN)
        }
        if chance(0.5) { mpfr_neg(x, x, MPFR_RNDN) }
    }

    mutating func nonZeroValue(_ x: mpfr_ptr, exponents: ClosedRange<Int>, _ s: Scratch) {
        repeat { value(x, exponents: exponents, s) } while mpfr_zero_p(x) != 0
    }

    /// A random interval of `precision` bits: points, [0, 0], intervals a few ulps wide,
    /// relatively narrow ones, intervals straddling or touching 0, and wide ones.
    mutating func interval(precision p: Int, domain: Domain = .all,
                           exponents: ClosedRange<Int> = -1100...1100, _ s: Scratch) -> Interval {
        let a = s.make(p), b = s.make(p)
        switch int(0...99) {
        case 0..<12:
            value(a, exponents: exponents, s); mpfr_set(b, a, MPFR_RNDN)
        case 12..<16:
            mpfr_set_zero(a, 1); mpfr_set_zero(b, 1)
        case 16..<30:
            value(a, exponents: exponents, s); mpfr_set(b, a, MPFR_RNDN)
            for _ in 0..<int(1...4) { mpfr_nextabove(b) }
        case 30..<50:
            nonZeroValue(a, exponents: exponents, s)
            let w = s.make(p + 8)
            setMantissa(w, s)
            mpfr_mul(w, w, a, MPFR_RNDN); mpfr_abs(w, w, MPFR_RNDN)
            mpfr_mul_2si(w, w, -int(1...(p + 8)), MPFR_RNDN)
            mpfr_add(b, a, w, MPFR_RNDU)
            mpfr_sub(a, a, w, MPFR_RNDD)
        case 50..<62:
            nonZeroValue(a, exponents: exponents, s); nonZeroValue(b, exponents: exponents, s)
            mpfr_abs(a, a, MPFR_RNDN); mpfr_neg(a, a, MPFR_RNDN); mpfr_abs(b, b, MPFR_RNDN)
        case 62..<70:
            nonZeroValue(a, exponents: exponents, s); mpfr_abs(a, a, MPFR_RNDN); mpfr_set_zero(b, 1)
            if chance(0.5) { mpfr_swap(a, b) } else { mpfr_neg(a, a, MPFR_RNDN) }
        default:
            value(a, exponents: exponents, s); value(b, exponents: exponents, s)
        }
        if lt(b, a) { mpfr_swap(a, b) }
        restrict(a, b, to: domain, exponents: exponents, s)
        return makeInterval(a, b, precision: p)
    }

    /// Moves `[a, b]` into the domain, keeping awkward ends (0, ±1) where they are legal.
    mutating func restrict(_ a: mpfr_ptr, _ b: mpfr_ptr, to domain: Domain,
                           exponents: ClosedRange<Int>, _ s: Scratch) {
        switch domain {
        case .all:
            return
        case .nonNegative, .positive:
            if sgn(b) < 0 { mpfr_neg(a, a, MPFR_RNDN); mpfr_neg(b, b, MPFR_RNDN); mpfr_swap(a, b) }
            if sgn(a) < 0 { mpfr_set_zero(a, 1) }
            if domain == .positive && sgn(a) == 0 {
                if sgn(b) == 0 { nonZeroValue(b, exponents: exponents, s); mpfr_abs(b, b, MPFR_RNDN) }
                mpfr_mul_2si(a, b, -int(0...64), MPFR_RNDD)
                if chance(0.3) || sgn(a) == 0 { mpfr_set(a, b, MPFR_RNDN) }   // 0 after underflow
            }
        case .unit:
            if mpfr_cmp_si(a, -1) < 0 { mpfr_set_si(a, -1, MPFR_RNDN) }
            if mpfr_cmp_si(a, 1) > 0 { mpfr_set_si(a, 1, MPFR_RNDN) }
            if mpfr_cmp_si(b, 1) > 0 { mpfr_set_si(b, 1, MPFR_RNDN) }
            if mpfr_cmp_si(b, -1) < 0 { mpfr_set_si(b, -1, MPFR_RNDN) }
        case .nonZero:
            if sgn(a) > 0 || sgn(b) < 0 { return }
            if sgn(a) == 0 && sgn(b) == 0 {
                nonZeroValue(b, exponents: exponents, s); mpfr_set(a, b, MPFR_RNDN)
                return
            }
            let positiveSide = sgn(a) == 0 || (sgn(b) > 0 && chance(0.5))
            if positiveSide {
                mpfr_mul_2si(a, b, -int(0...64), MPFR_RNDD)
                if sgn(a) == 0 { mpfr_set(a, b, MPFR_RNDN) }                 // underflow
            } else {
                mpfr_mul_2si(b, a, -int(0...64), MPFR_RNDU)
                if sgn(b) == 0 { mpfr_set(b, a, MPFR_RNDN) }
            }
        }
    }

    /// Points of `[lo, hi]` to test at: both ends, `interior` random interior points
    /// (with more bits than the ends), one log-uniformly placed point, and 0 when inside.
    mutating func points(_ lo: mpfr_srcptr, _ hi: mpfr_srcptr, interior: Int, _ s: Scratch) -> [mpfr_ptr] {
        var result = [s.copy(lo)]
        if mpfr_equal_p(lo, hi) != 0 { return result }
        result.append(s.copy(hi))
        let q = Swift.max(prec(lo), prec(hi)) + 40
        for _ in 0..<interior {
            let t = s.make(64), d = s.make(q), x = s.make(q)
            mpfr_set_ui(t, UInt(next()), MPFR_RNDN)
            mpfr_mul_2si(t, t, -64, MPFR_RNDN)
            mpfr_sub(d, hi, lo, MPFR_RNDN)
            mpfr_mul(d, d, t, MPFR_RNDN)
            mpfr_add(x, lo, d, MPFR_RNDN)
            clamp(x, lo, hi)
            result.append(x)
        }
        // Log-uniform: a random exponent between those of the ends.
        if mpfr_number_p(lo) != 0 && mpfr_number_p(hi) != 0 {
            let x = s.make(q)
            let useHigh = sgn(hi) > 0 && (sgn(lo) >= 0 || chance(0.5))
            let end = useHigh ? hi : lo
            let other = useHigh ? lo : hi
            if mpfr_zero_p(end) == 0 {
                let eEnd = Int(mpfr_get_exp(end))
                let eOther = (mpfr_zero_p(other) != 0 || sgn(other) != sgn(end)) ? eEnd - 1100 : Int(mpfr_get_exp(other))
                setMantissa(x, s)
                mpfr_mul_2si(x, x, int(Swift.min(eEnd, eOther)...Swift.max(eEnd, eOther)), MPFR_RNDN)
                if sgn(end) < 0 { mpfr_neg(x, x, MPFR_RNDN) }
                clamp(x, lo, hi)
                result.append(x)
            }
        }
        if sgn(lo) < 0 && sgn(hi) > 0 && chance(0.3) {
            let z = s.make(2); mpfr_set_zero(z, 1); result.append(z)
        }
        return result
    }
}

func clamp(_ x: mpfr_ptr, _ lo: mpfr_srcptr, _ hi: mpfr_srcptr) {
    if lt(x, lo) { mpfr_set(x, lo, MPFR_RNDN) }       // exact: x has at least lo's precision
    if lt(hi, x) { mpfr_set(x, hi, MPFR_RNDN) }
}

// MARK: - Awkward inputs, given exactly

/// How to set one end of an awkward interval: receives the end (at the interval's
/// precision) and the outward direction for that end.
struct Spec {
    let set: (mpfr_ptr, mpfr_rnd_t) -> Void

    static func d(_ v: Double) -> Spec { Spec { x, r in mpfr_set_d(x, v, r) } }
    static func int(_ v: Int) -> Spec { Spec { x, r in mpfr_set_si(x, v, r) } }
    /// `sign · 2^e`.
    static func two(_ e: Int, _ sign: Int = 1) -> Spec { Spec { x, r in mpfr_set_si_2exp(x, sign, e, r) } }
    static func dec(_ text: String) -> Spec { Spec { x, r in mpfr_set_str(x, text, 10, r) } }
    /// `π · num / den`, rounded in the end's outward direction, or in `forced`.
    static func pi(_ num: Int, _ den: Int = 1, rounding forced: mpfr_rnd_t? = nil) -> Spec {
        Spec { x, r in
            let t = mpfr_ptr.allocate(capacity: 1)
            mpfr_init2(t, mpfr_get_prec(x) + 200)
            mpfr_const_pi(t, MPFR_RNDN)
            mpfr_mul_si(t, t, num, MPFR_RNDN)
            mpfr_div_si(t, t, den, MPFR_RNDN)
            mpfr_set(x, t, forced ?? r)
            mpfr_clear(t); t.deallocate()
        }
    }
    /// `base` then moved `steps` ulps up (positive) or down (negative).
    static func ulps(_ base: Spec, _ steps: Int) -> Spec {
        Spec { x, r in
            base.set(x, r)
            for _ in 0..<Swift.abs(steps) { if steps > 0 { mpfr_nextabove(x) } else { mpfr_nextbelow(x) } }
        }
    }
    /// `base + offset` (offset given as a double), rounded in the end's direction.
    static func plus(_ base: Spec, _ offset: Spec) -> Spec {
        Spec { x, r in
            let t = mpfr_ptr.allocate(capacity: 2)
            mpfr_init2(t, mpfr_get_prec(x) + 2300); mpfr_init2(t + 1, mpfr_get_prec(x) + 2300)
            base.set(t, r); offset.set(t + 1, r)
            mpfr_add(x, t, t + 1, r)
            mpfr_clear(t); mpfr_clear(t + 1); t.deallocate()
        }
    }
}

/// The awkward interval `[lo, hi]` at precision `p`, or nil when the ends come out
/// in the wrong order at that precision.
func awkward(_ lo: Spec, _ hi: Spec, precision p: Int) -> Interval? {
    let x = Interval.fromUnsafeEndpoints(precision: p) { l, h in
        lo.set(l, MPFR_RNDD)
        hi.set(h, MPFR_RNDU)
    }
    return x.isWellFormed ? x : nil
}

let awkwardPrecisions = [2, 24, 53, 64, 113, 256, 1000]

/// Inputs every operation is tried on.
let commonAwkward: [(Spec, Spec)] = [
    (.int(0), .int(0)), (.int(1), .int(1)), (.int(-1), .int(-1)), (.int(0), .int(1)), (.int(-1), .int(0)),
    (.int(-1), .int(1)), (.int(-2), .int(3)), (.int(-5), .int(1)), (.int(2), .int(3)), (.int(-3), .int(-2)),
    (.two(-1000), .two(-1000)), (.two(-1000, -1), .two(-1000)), (.two(-1000, -1), .two(-1000, -1)),
    (.two(1000), .two(1000)), (.two(1000, -1), .two(1000, -1)), (.two(1000, -1), .two(1000)),
    (.two(-1000), .two(1000)), (.dec("1e300"), .dec("1e300")), (.dec("-1e300"), .dec("1e-300")),
    (.dec("-1e-300"), .int(1)), (.two(-1000, -1), .int(4)), (.int(0), .two(-1000)), (.two(-1000, -1), .int(0)),
    (.ulps(.int(1), -1), .int(1)), (.int(1), .ulps(.int(1), 1)), (.ulps(.int(-1), -1), .ulps(.int(-1), 1)),
    (.dec("0.1"), .dec("0.1")), (.dec("-0.7"), .dec("0.3")), (.int(3), .dec("3.5")), (.dec("-7.25"), .dec("-7.25")),
]

func awkwardInputs(_ specs: [(Spec, Spec)], domain: Domain, precisions: [Int] = awkwardPrecisions) -> [Interval] {
    var result: [Interval] = []
    for p in precisions {
        for (lo, hi) in specs {
            guard let x = awkward(lo, hi, precision: p) else { continue }
            let ok = x.withUnsafeEndpoints { domain.admits($0, $1) }
            if ok { result.append(x) }
        }
    }
    return result
}

// MARK: - Reference evaluation

typealias UnaryReference = (mpfr_ptr, mpfr_srcptr, mpfr_rnd_t) -> Void
typealias BinaryReference = (mpfr_ptr, mpfr_srcptr, mpfr_srcptr, mpfr_rnd_t) -> Void

/// Working precision of reference values: far above the precision of the inputs.
func referencePrecision(_ ps: Int...) -> Int { 4 * (ps.max() ?? 53) + 64 }

/// `[f(x) rounded down, f(x) rounded up]` at a high precision: encloses the exact f(x).
func reference(_ f: UnaryReference, _ x: mpfr_srcptr, precision P: Int, _ s: Scratch) -> (mpfr_ptr, mpfr_ptr) {
    let d = s.make(P), u = s.make(P)
    f(d, x, MPFR_RNDD); f(u, x, MPFR_RNDU)
    return (d, u)
}

func reference(_ f: BinaryReference, _ x: mpfr_srcptr, _ y: mpfr_srcptr, precision P: Int,
               _ s: Scratch) -> (mpfr_ptr, mpfr_ptr) {
    let d = s.make(P), u = s.make(P)
    f(d, x, y, MPFR_RNDD); f(u, x, y, MPFR_RNDU)
    return (d, u)
}

/// True when `[d, u]` lies inside the interval given by its ends.
func encloses(_ lo: mpfr_srcptr, _ hi: mpfr_srcptr, _ d: mpfr_srcptr, _ u: mpfr_srcptr) -> Bool {
    le(lo, d) && le(u, hi)
}

/// The exact range of a function given the points where it is attained (ends and
/// interior extrema), rounded outward to `precision`: the tightest possible enclosure.
func tightRange(_ f: UnaryReference, candidates: [mpfr_srcptr], precision p: Int,
                _ s: Scratch) -> (mpfr_ptr, mpfr_ptr) {
    let lo = s.make(p), hi = s.make(p), t = s.make(p)
    mpfr_set_inf(lo, 1); mpfr_set_inf(hi, -1)
    for c in candidates {
        f(t, c, MPFR_RNDD); if lt(t, lo) { mpfr_set(lo, t, MPFR_RNDN) }
        f(t, c, MPFR_RNDU); if lt(hi, t) { mpfr_set(hi, t, MPFR_RNDN) }
    }
    return (lo, hi)
}

func describe(_ d: mpfr_srcptr, _ u: mpfr_srcptr) -> String { "[\(exactText(d)), \(exactText(u))]" }

// MARK: - Process memory

/// Resident set size of this process in kB (from /proc/self/status), nil if unknown.
func residentKilobytes() -> Int? {
    guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
    for line in text.split(separator: "\n") where line.hasPrefix("VmRSS:") {
        let digits = line.filter(\.isNumber)
        return Int(digits)
    }
    return nil
}

extension Result {
    var isFailure: Bool { if case .failure = self { return true } else { return false } }
}
