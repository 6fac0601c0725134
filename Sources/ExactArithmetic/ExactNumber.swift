import CFlint
import CMPFR
import CertifiedIntervals

/// An exact real number of Calcium (`ca_struct`), owned by this object and cleared
/// when it is released; it keeps its `ExactContext` alive.
///
/// Every `ExactNumber` is a real number: the operations below check their real
/// domains with exact decisions (division by an exact zero, `sqrt` of a negative
/// number and so on are `ExactArithmeticError`s of kind `.domain`; a domain question
/// Calcium cannot decide is an error of kind `.undecided`), and a special value of
/// Calcium (undefined, an infinity, unknown) is never returned as a number (error of
/// kind `.specialValue`). Value semantics: a number is never changed after creation.
///
/// Numbers of different contexts must not be mixed (a trap: a programming error).
public final class ExactNumber {
    public let context: ExactContext
    let pointer: UnsafeMutablePointer<ca_struct>

    /// A fresh number (0) of `context`; the initialisers below set it.
    init(uninitialisedIn context: ExactContext) {
        self.context = context
        pointer = .allocate(capacity: 1)
        ca_init(pointer, context.pointer)
    }

    deinit {
        ca_clear(pointer, context.pointer)
        pointer.deallocate()
    }

    var ctx: UnsafeMutablePointer<ca_ctx_struct> { context.pointer }

    // MARK: Construction

    /// The integer `value`.
    public convenience init(_ value: Int, in context: ExactContext) {
        self.init(uninitialisedIn: context)
        ca_set_si(pointer, Int(value), ctx)
    }

    /// The exact rational `value`. Throws `.limit` when it has more than
    /// `context.limits.maximumRationalBits` bits.
    public convenience init(_ value: Rational, in context: ExactContext) throws {
        guard value.bitSize <= context.limits.maximumRationalBits else {
            throw ExactArithmeticError(.limit, "the rational \(value.bitSize <= 200 ? value.description : "number") has "
                                       + "\(value.bitSize) bits, more than the \(context.limits.maximumRationalBits) accepted")
        }
        self.init(uninitialisedIn: context)
        var q = fmpq()
        fmpq_init(&q)
        defer { fmpq_clear(&q) }
        // Bridge through the exact decimal fraction "p/q" (GMP prints it in lowest terms).
        let status = fmpq_set_str(&q, value.description, 10)
        precondition(status == 0, "FLINT could not read the rational \(value)")
        ca_set_fmpq(pointer, &q, ctx)
    }

    /// π.
    public static func pi(in context: ExactContext) -> ExactNumber {
        let x = ExactNumber(uninitialisedIn: context)
        ca_pi(x.pointer, context.pointer)
        return x
    }

    /// e = exp(1).
    public static func e(in context: ExactContext) -> ExactNumber {
        let one = ExactNumber(1, in: context)
        let x = ExactNumber(uninitialisedIn: context)
        ca_exp(x.pointer, one.pointer, context.pointer)
        return withExtendedLifetime(one) { x }
    }

    // MARK: Results

    /// Runs `body` on a fresh number and refuses special values.
    func result(_ operation: String, _ body: (UnsafeMutablePointer<ca_struct>) -> Void) throws -> ExactNumber {
        let r = ExactNumber(uninitialisedIn: context)
        body(r.pointer)
        try r.checkNotSpecial(operation)
        return r
    }

    func checkNotSpecial(_ operation: String) throws {
        guard ca_is_special(pointer, ctx) != 0 else { return }
        let what: String
        if ca_is_unknown(pointer, ctx) != 0 {
            what = "an unknown value (Calcium could not compute it within its limits)"
        } else if ca_check_is_undefined(pointer, ctx) == T_TRUE {
            what = "an undefined value"
        } else if ca_check_is_infinity(pointer, ctx) == T_TRUE {
            what = "an infinity"
        } else {
            what = "a special value"
        }
        throw ExactArithmeticError(.specialValue, "\(operation) gave \(what), not a number")
    }

    func sameContext(_ other: ExactNumber) {
        precondition(context === other.context, "ExactNumbers of different ExactContexts were mixed")
    }

    // MARK: Arithmetic

    public static func + (a: ExactNumber, b: ExactNumber) throws -> ExactNumber {
        a.sameContext(b)
        return try withExtendedLifetime((a, b)) { try a.result("+") { ca_add($0, a.pointer, b.pointer, a.ctx) } }
    }

    public static func - (a: ExactNumber, b: ExactNumber) throws -> ExactNumber {
        a.sameContext(b)
        return try withExtendedLifetime((a, b)) { try a.result("-") { ca_sub($0, a.pointer, b.pointer, a.ctx) } }
    }

    public static func * (a: ExactNumber, b: ExactNumber) throws -> ExactNumber {
        a.sameContext(b)
        return try withExtendedLifetime((a, b)) { try a.result("*") { ca_mul($0, a.pointer, b.pointer, a.ctx) } }
    }

    /// `a / b`. Throws `.domain` when `b` is exactly zero, `.undecided` when Calcium
    /// cannot decide whether it is.
    public static func / (a: ExactNumber, b: ExactNumber) throws -> ExactNumber {
        a.sameContext(b)
        switch b.isZero {
        case .yes: throw ExactArithmeticError(.domain, "division by zero (the divisor \(b) is exactly 0)")
        case .unknown: throw ExactArithmeticError(.undecided, "division: cannot decide whether the divisor \(b) is 0")
        case .no: break
        }
        return try withExtendedLifetime((a, b)) { try a.result("/") { ca_div($0, a.pointer, b.pointer, a.ctx) } }
    }

    public static prefix func - (a: ExactNumber) -> ExactNumber {
        let r = ExactNumber(uninitialisedIn: a.context)
        withExtendedLifetime(a) { ca_neg(r.pointer, a.pointer, a.ctx) }
        return r
    }

    /// `self^n`. Throws `.domain` for `0^n` with `n < 0`, `.limit` when
    /// `|n| > context.limits.maximumIntegerExponent` or when the base is rational and
    /// the exact result would have more than 8 × `maximumRationalBits` bits.
    public func power(_ n: Int) throws -> ExactNumber {
        guard n.magnitude <= UInt(context.limits.maximumIntegerExponent) else {
            throw ExactArithmeticError(.limit, "the exponent \(n) exceeds the accepted "
                                       + "±\(context.limits.maximumIntegerExponent)")
        }
        if n < 0 { try requireNonzero("^\(n)") }
        if let r = rationalValue, n.magnitude > 1 {
            // The exact result has about bits(r)·|n| bits: refuse it before computing it.
            let (bits, overflow) = UInt(r.bitSize).multipliedReportingOverflow(by: n.magnitude)
            guard !overflow, bits <= UInt(context.limits.maximumRationalBits) * 8 else {
                throw ExactArithmeticError(.limit, "the power ^\(n) of a rational of \(r.bitSize) bits would have "
                                           + "more than \(context.limits.maximumRationalBits * 8) bits")
            }
        }
        return try withExtendedLifetime(self) { try result("^") { ca_pow_si($0, pointer, Int(n), ctx) } }
    }

    /// `self^q` for a rational exponent: an integer exponent as `power(_ n: Int)`;
    /// otherwise the base must be > 0, or 0 with `q > 0` (the real principal power).
    public func power(_ q: Rational) throws -> ExactNumber {
        if q.isInteger, let n = q.intValue { return try power(n) }
        guard q.bitSize <= 256 else {
            throw ExactArithmeticError(.limit, "the exponent \(q.bitSize <= 2000 ? q.description : "given") is too large")
        }
        switch try decidedSign("^\(q)") {
        case .positive: break
        case .zero:
            if q.signum > 0 { return ExactNumber(0, in: context) }
            throw ExactArithmeticError(.domain, "0^\(q): a negative power of zero")
        case .negative:
            throw ExactArithmeticError(.domain, "\(self)^\(q): a non-integer power of a negative number")
        }
        var e = fmpq()
        fmpq_init(&e)
        defer { fmpq_clear(&e) }
        _ = fmpq_set_str(&e, q.description, 10)
        return try withExtendedLifetime(self) { try result("^") { ca_pow_fmpq($0, pointer, &e, ctx) } }
    }

    /// `self^y` for an exact exponent: a rational exponent as `power(_ q: Rational)`;
    /// otherwise the base must be > 0 (`exp(y log self)`), or 0 with `y > 0`.
    public func power(_ y: ExactNumber) throws -> ExactNumber {
        sameContext(y)
        if let q = y.rationalValue { return try power(q) }
        switch try decidedSign("^") {
        case .positive: break
        case .zero:
            if try y.decidedSign("^") == .positive { return ExactNumber(0, in: context) }
            throw ExactArithmeticError(.domain, "0^y with y ≤ 0")
        case .negative:
            throw ExactArithmeticError(.domain, "\(self)^(\(y)): an irrational power of a negative number")
        }
        return try withExtendedLifetime((self, y)) { try result("^") { ca_pow($0, pointer, y.pointer, ctx) } }
    }

    // MARK: Functions

    /// √x (principal). Domain x ≥ 0.
    public func sqrt() throws -> ExactNumber {
        if try decidedSign("sqrt") == .negative {
            throw ExactArithmeticError(.domain, "sqrt of the negative number \(self)")
        }
        return try withExtendedLifetime(self) { try result("sqrt") { ca_sqrt($0, pointer, ctx) } }
    }

    /// √x as `sqrt()`, but without Calcium's factoring of the argument
    /// (`ca_sqrt_nofactor`): the same number, another representation, which Calcium's
    /// zero test sometimes handles better.
    func sqrtWithoutFactoring() throws -> ExactNumber {
        if try decidedSign("sqrt") == .negative {
            throw ExactArithmeticError(.domain, "sqrt of the negative number \(self)")
        }
        return try withExtendedLifetime(self) { try result("sqrt") { ca_sqrt_nofactor($0, pointer, ctx) } }
    }

    public func exp() throws -> ExactNumber {
        try withExtendedLifetime(self) { try result("exp") { ca_exp($0, pointer, ctx) } }
    }

    /// Natural logarithm. Domain x > 0.
    public func log() throws -> ExactNumber {
        if try decidedSign("log") != .positive {
            throw ExactArithmeticError(.domain, "log of the non-positive number \(self)")
        }
        return try withExtendedLifetime(self) { try result("log") { ca_log($0, pointer, ctx) } }
    }

    /// arcsin, values in [-π/2, π/2]. Domain -1 ≤ x ≤ 1.
    public func asin() throws -> ExactNumber {
        try requireInUnitInterval("asin")
        return try withExtendedLifetime(self) { try result("asin") { ca_asin($0, pointer, ctx) } }
    }

    /// arccos, values in [0, π]. Domain -1 ≤ x ≤ 1.
    public func acos() throws -> ExactNumber {
        try requireInUnitInterval("acos")
        return try withExtendedLifetime(self) { try result("acos") { ca_acos($0, pointer, ctx) } }
    }

    public func atan() throws -> ExactNumber {
        try withExtendedLifetime(self) { try result("atan") { ca_atan($0, pointer, ctx) } }
    }

    public func sin() throws -> ExactNumber {
        try withExtendedLifetime(self) { try result("sin") { ca_sin($0, pointer, ctx) } }
    }

    public func cos() throws -> ExactNumber {
        try withExtendedLifetime(self) { try result("cos") { ca_cos($0, pointer, ctx) } }
    }

    public func erf() throws -> ExactNumber {
        try withExtendedLifetime(self) { try result("erf") { ca_erf($0, pointer, ctx) } }
    }

    /// |x|, by an exact sign decision (throws `.undecided` when the sign is unknown).
    public func abs() throws -> ExactNumber {
        try decidedSign("abs") == .negative ? -self : self
    }

    // MARK: Decisions

    /// Whether the number is exactly zero (`ca_check_is_zero`).
    public var isZero: ExactTruth {
        withExtendedLifetime(self) { ExactTruth(ca_check_is_zero(pointer, ctx)) }
    }

    /// Whether the number is algebraic (`ca_check_is_algebraic`).
    public var isAlgebraic: ExactTruth {
        withExtendedLifetime(self) { ExactTruth(ca_check_is_algebraic(pointer, ctx)) }
    }

    /// Whether the number is rational (`ca_check_is_rational`).
    public var isRational: ExactTruth {
        withExtendedLifetime(self) { ExactTruth(ca_check_is_rational(pointer, ctx)) }
    }

    /// The sign when Calcium decides it, else nil.
    public var sign: ExactSign? {
        switch isZero {
        case .yes: return .zero
        case .unknown: return nil
        case .no: break
        }
        let zero = ExactNumber(0, in: context)
        return withExtendedLifetime((self, zero)) {
            if ca_check_gt(pointer, zero.pointer, ctx) == T_TRUE { return .positive }
            if ca_check_lt(pointer, zero.pointer, ctx) == T_TRUE { return .negative }
            return nil
        }
    }

    /// The sign, or an `.undecided` error naming `operation`.
    public func decidedSign(_ operation: String) throws -> ExactSign {
        guard let s = sign else {
            throw ExactArithmeticError(.undecided, "\(operation): cannot decide the sign of \(self)")
        }
        return s
    }

    /// Compares with `other` exactly: the sign of `self - other`, or nil.
    public func compare(to other: ExactNumber) -> ExactSign? {
        sameContext(other)
        return (try? self - other)?.sign
    }

    /// The exact rational value when Calcium represents the number as a rational
    /// (after its simplifications), else nil.
    public var rationalValue: Rational? {
        withExtendedLifetime(self) {
            var q = fmpq()
            fmpq_init(&q)
            defer { fmpq_clear(&q) }
            guard ca_get_fmpq(&q, pointer, ctx) != 0 else { return nil }
            guard let s = fmpq_get_str(nil, 10, &q) else { return nil }
            defer { flint_free(s) }
            return Rational(exactly: String(cString: s))
        }
    }

    func requireNonzero(_ operation: String) throws {
        switch isZero {
        case .yes: throw ExactArithmeticError(.domain, "\(operation): the base is exactly 0")
        case .unknown: throw ExactArithmeticError(.undecided, "\(operation): cannot decide whether \(self) is 0")
        case .no: return
        }
    }

    func requireInUnitInterval(_ operation: String) throws {
        let one = ExactNumber(1, in: context)
        let up = try self - one, down = try self + one
        guard let s1 = up.sign, let s2 = down.sign else {
            throw ExactArithmeticError(.undecided, "\(operation): cannot decide whether \(self) lies in [-1, 1]")
        }
        if s1 == .positive || s2 == .negative {
            throw ExactArithmeticError(.domain, "\(operation) of \(self), outside [-1, 1]")
        }
    }

    // MARK: Enclosures

    /// An interval of `precision` bits containing the number: Calcium's `ca_get_acb`
    /// (Arb ball), its real part, rounded outward to MPFR endpoints. Throws
    /// `.undecided` when Calcium cannot show that the imaginary part is exactly 0.
    /// Domain: `precision` in `Interval.precisionRange`.
    public func enclosure(precision: Int) throws -> Interval {
        precondition(Interval.precisionRange.contains(precision), "precision \(precision) out of range")
        let real = withExtendedLifetime(self) { ExactTruth(ca_check_is_real(pointer, ctx)) }
        guard real == .yes else {
            throw ExactArithmeticError(.undecided, "cannot show that \(self) is real (imaginary part exactly 0)")
        }
        var z = acb_struct()
        acb_init(&z)
        defer { acb_clear(&z) }
        withExtendedLifetime(self) { ca_get_acb(&z, pointer, Int(precision + 10), ctx) }
        let ok = withUnsafeMutablePointer(to: &z.real) { re -> Bool in arb_is_finite(re) != 0 }
        guard ok else {
            throw ExactArithmeticError(.specialValue, "the enclosure of \(self) is not finite")
        }
        let interval = withUnsafeMutablePointer(to: &z.real) { re in
            Interval.fromUnsafeEndpoints(precision: precision) { lo, hi in
                arb_get_interval_mpfr(lo, hi, re)
            }
        }
        // An end beyond MPFR's exponent range comes out infinite: refused.
        guard interval.isWellFormed, interval.isFinite else {
            throw ExactArithmeticError(.specialValue, "the enclosure of \(self) exceeds the range of MPFR numbers")
        }
        return interval
    }
}

extension ExactNumber: CustomStringConvertible {
    /// Calcium's printed form (a decimal approximation with the symbolic form).
    public var description: String {
        withExtendedLifetime(self) {
            guard let s = ca_get_str(pointer, ctx) else { return "?" }
            defer { flint_free(s) }
            let text = String(cString: s)
            return text.count > 300 ? String(text.prefix(300)) + "…" : text
        }
    }
}
