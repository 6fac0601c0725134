import CertifiedIntervals
import CFlint
import CMPFR

// Thin owners of Calcium `ca` numbers and Arb balls for the Taylor models. They add
// no mathematics: every operation is one Calcium or Arb call. Not thread-safe: one
// context belongs to one far-end analysis.

/// A Calcium context (the field extensions its numbers live in).
final class CalciumContext {
    let pointer: UnsafeMutablePointer<ca_ctx_struct>

    init() {
        pointer = .allocate(capacity: 1)
        ca_ctx_init(pointer)
    }

    deinit {
        ca_ctx_clear(pointer)
        pointer.deallocate()
    }
}

/// An exact real number (a Calcium `ca`), with the zero test that decides it or says
/// it cannot.
final class ExactCoefficient {
    let pointer: UnsafeMutablePointer<ca_struct>
    /// Kept alive as long as the number (cleared after it).
    let context: CalciumContext

    init(_ context: CalciumContext) {
        self.context = context
        pointer = .allocate(capacity: 1)
        ca_init(pointer, context.pointer)
    }

    deinit {
        ca_clear(pointer, context.pointer)
        pointer.deallocate()
    }

    static func integer(_ n: Int, _ context: CalciumContext) -> ExactCoefficient {
        let x = ExactCoefficient(context)
        ca_set_si(x.pointer, n, context.pointer)
        return x
    }

    static func rational(_ r: Rational, _ context: CalciumContext) -> ExactCoefficient {
        let x = ExactCoefficient(context)
        let q = UnsafeMutablePointer<fmpq>.allocate(capacity: 1)
        defer { q.deallocate() }
        fmpq_init(q)
        defer { fmpq_clear(q) }
        let ok = fmpq_set_str(q, r.description, 10)
        precondition(ok == 0, "a Rational prints as p/q")
        ca_set_fmpq(x.pointer, q, context.pointer)
        return x
    }

    static func pi(_ context: CalciumContext) -> ExactCoefficient {
        let x = ExactCoefficient(context)
        ca_pi(x.pointer, context.pointer)
        return x
    }

    private func unary(_ f: (UnsafeMutablePointer<ca_struct>?, UnsafePointer<ca_struct>?,
                             UnsafeMutablePointer<ca_ctx_struct>?) -> Void) -> ExactCoefficient {
        let r = ExactCoefficient(context)
        f(r.pointer, pointer, context.pointer)
        return r
    }

    private func binary(_ other: ExactCoefficient,
                        _ f: (UnsafeMutablePointer<ca_struct>?, UnsafePointer<ca_struct>?, UnsafePointer<ca_struct>?,
                              UnsafeMutablePointer<ca_ctx_struct>?) -> Void) -> ExactCoefficient {
        let r = ExactCoefficient(context)
        f(r.pointer, pointer, other.pointer, context.pointer)
        return r
    }

    static func + (a: ExactCoefficient, b: ExactCoefficient) -> ExactCoefficient { a.binary(b, ca_add) }
    static func - (a: ExactCoefficient, b: ExactCoefficient) -> ExactCoefficient { a.binary(b, ca_sub) }
    static func * (a: ExactCoefficient, b: ExactCoefficient) -> ExactCoefficient { a.binary(b, ca_mul) }
    /// Division; the caller has decided `b ≠ 0`.
    static func / (a: ExactCoefficient, b: ExactCoefficient) -> ExactCoefficient { a.binary(b, ca_div) }
    static prefix func - (a: ExactCoefficient) -> ExactCoefficient { a.unary(ca_neg) }

    func times(_ r: Rational) -> ExactCoefficient { self * .rational(r, context) }

    var sqrt: ExactCoefficient { unary(ca_sqrt) }
    var exp: ExactCoefficient { unary(ca_exp) }
    var log: ExactCoefficient { unary(ca_log) }
    var atan: ExactCoefficient { unary(ca_atan) }
    var asin: ExactCoefficient { unary(ca_asin) }
    var acos: ExactCoefficient { unary(ca_acos) }
    var erf: ExactCoefficient { unary(ca_erf) }

    /// Calcium's zero test: true/false are decisions, nil is "cannot decide".
    var isZero: Bool? {
        let t = ca_check_is_zero(pointer, context.pointer)
        if cflint_truth_is_true(t) != 0 { return true }
        if cflint_truth_is_false(t) != 0 { return false }
        return nil
    }

    /// An enclosure of the (real) number: the real part of Calcium's complex
    /// enclosure at `precision` bits, or nil when the imaginary part is not certainly
    /// 0 (the models only build real numbers; nil is then a failure, not a guess).
    func ball(precision: Int) -> Ball? {
        let z = UnsafeMutablePointer<acb_struct>.allocate(capacity: 1)
        defer { z.deallocate() }
        acb_init(z)
        defer { acb_clear(z) }
        ca_get_acb(z, pointer, precision, context.pointer)
        let result = Ball()
        withUnsafeMutablePointer(to: &z.pointee.real) { arb_set(result.pointer, $0) }
        let imaginaryIsZero = withUnsafeMutablePointer(to: &z.pointee.imag) { arb_is_zero($0) != 0 }
        guard imaginaryIsZero || isReal else { return nil }
        return result
    }

    /// Calcium decides the number is real.
    var isReal: Bool { cflint_truth_is_true(ca_check_is_real(pointer, context.pointer)) != 0 }
}

/// An Arb ball: an enclosure `[m − r, m + r]` of a real number.
final class Ball {
    let pointer: UnsafeMutablePointer<arb_struct>

    init() {
        pointer = .allocate(capacity: 1)
        arb_init(pointer)
    }

    deinit {
        arb_clear(pointer)
        pointer.deallocate()
    }

    static func zero() -> Ball { Ball() }

    static func integer(_ n: Int) -> Ball {
        let b = Ball()
        arb_set_si(b.pointer, n)
        return b
    }

    /// The interval `[0, x]` for `x ≥ 0` (the hull of 0 and x otherwise).
    static func fromZero(to x: Ball, precision: Int) -> Ball {
        let b = Ball()
        let zero = Ball.zero()
        withExtendedLifetime(zero) { arb_union(b.pointer, x.pointer, zero.pointer, precision) }
        return b
    }

    static func hull(_ a: Ball, _ b: Ball, precision: Int) -> Ball {
        let r = Ball()
        arb_union(r.pointer, a.pointer, b.pointer, precision)
        return r
    }

    func plus(_ o: Ball, _ p: Int) -> Ball { let r = Ball(); arb_add(r.pointer, pointer, o.pointer, p); return r }
    func minus(_ o: Ball, _ p: Int) -> Ball { let r = Ball(); arb_sub(r.pointer, pointer, o.pointer, p); return r }
    func times(_ o: Ball, _ p: Int) -> Ball { let r = Ball(); arb_mul(r.pointer, pointer, o.pointer, p); return r }
    func dividedBy(_ o: Ball, _ p: Int) -> Ball { let r = Ball(); arb_div(r.pointer, pointer, o.pointer, p); return r }
    func power(_ n: Int, _ p: Int) -> Ball { let r = Ball(); arb_pow_ui(r.pointer, pointer, UInt(n), p); return r }
    var negated: Ball { let r = Ball(); arb_neg(r.pointer, pointer); return r }

    var isFinite: Bool { arb_is_finite(pointer) != 0 }
    var isPositive: Bool { arb_is_positive(pointer) != 0 }
    var isNegative: Bool { arb_is_negative(pointer) != 0 }
    var containsZero: Bool { arb_contains_zero(pointer) != 0 }

    /// Strictly inside (−1, 1).
    var isInsideOpenUnitInterval: Bool {
        let one = Ball.integer(1)
        let minusOne = Ball.integer(-1)
        return withExtendedLifetime((one, minusOne)) {
            arb_lt(pointer, one.pointer) != 0 && arb_gt(pointer, minusOne.pointer) != 0
        }
    }

    /// As an `Interval` (outward: Arb's interval of the ball, rounded outward by MPFR).
    func interval(precision: Int) -> Interval {
        Interval.fromUnsafeEndpoints(precision: precision) { lo, hi in
            arb_get_interval_mpfr(lo, hi, pointer)
        }
    }

    /// From an `Interval` (exact: the ball contains it).
    static func from(_ x: Interval, precision: Int) -> Ball {
        let b = Ball()
        x.withUnsafeEndpoints { lo, hi in arb_set_interval_mpfr(b.pointer, lo, hi, precision) }
        return b
    }

    /// Six significant digits, for messages.
    var shortDescription: String {
        interval(precision: 64).compactDescription(digits: 6)
    }
}
