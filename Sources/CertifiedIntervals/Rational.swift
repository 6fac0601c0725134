import CMPFR

/// An exact rational number (GMP `mpq_t`), always in lowest terms.
///
/// Used for the exact parts of the checker: literals such as `1/3` and `1e-60`,
/// tolerances, and expressions that are rational. Value semantics: the storage is
/// never mutated after construction.
public struct Rational {
    @usableFromInline let storage: RationalStorage

    init(storage: RationalStorage) { self.storage = storage }

    /// The integer `value`.
    public init(_ value: Int) {
        storage = RationalStorage()
        cgmp_q_set_si(storage.pointer, value, 1)
    }

    /// `numerator / denominator`. Domain: `denominator != 0`.
    public init(_ numerator: Int, _ denominator: Int) {
        precondition(denominator != 0, "Rational with zero denominator")
        storage = RationalStorage()
        if denominator == Int.min || numerator == Int.min {
            // Avoid negating Int.min: go through the string form.
            _ = cgmp_q_set_str(storage.pointer, "\(numerator)/\(denominator)", 10)
        } else {
            let sign = denominator < 0 ? -1 : 1
            cgmp_q_set_si(storage.pointer, sign * numerator, UInt(abs(denominator)))
        }
    }

    /// Parses an exact decimal or fraction: `3`, `-17`, `2/3`, `0.25`, `1e-60`,
    /// `6.02E+23`. Returns nil for anything else, and for decimal exponents beyond
    /// ±`maximumDecimalExponent` (which would need enormous integers).
    public init?(exactly text: String) {
        guard let normal = Rational.normalisedFraction(text) else { return nil }
        storage = RationalStorage()
        guard cgmp_q_set_str(storage.pointer, normal, 10) == 0 else { return nil }
    }

    /// The largest decimal exponent `Rational(exactly:)` accepts.
    public static let maximumDecimalExponent = 100_000

    /// Turns decimal notation into a GMP fraction string `"num/den"`.
    static func normalisedFraction(_ text: String) -> String? {
        var s = Substring(text)
        guard !s.isEmpty else { return nil }
        var negative = false
        if s.first == "-" || s.first == "+" { negative = s.first == "-"; s = s.dropFirst() }
        if let slash = s.firstIndex(of: "/") {
            let num = s[..<slash], den = s[s.index(after: slash)...]
            guard !num.isEmpty, !den.isEmpty, num.allSatisfy(\.isASCIIDigit), den.allSatisfy(\.isASCIIDigit),
                  den.contains(where: { $0 != "0" }) else { return nil }
            return (negative ? "-" : "") + num + "/" + den
        }
        var mantissa = s
        var exponent = 0
        if let e = s.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = s[..<e]
            var exponentText = s[s.index(after: e)...]
            var exponentNegative = false
            if exponentText.first == "-" || exponentText.first == "+" {
                exponentNegative = exponentText.first == "-"; exponentText = exponentText.dropFirst()
            }
            guard !exponentText.isEmpty, exponentText.count <= 7, exponentText.allSatisfy(\.isASCIIDigit),
                  let magnitude = Int(exponentText) else { return nil }
            exponent = exponentNegative ? -magnitude : magnitude
        }
        var digits = String(mantissa)
        if let dot = mantissa.firstIndex(of: ".") {
            let whole = mantissa[..<dot], fraction = mantissa[mantissa.index(after: dot)...]
            guard !(whole.isEmpty && fraction.isEmpty) else { return nil }
            digits = String(whole) + String(fraction)
            exponent -= fraction.count
        }
        guard !digits.isEmpty, digits.allSatisfy(\.isASCIIDigit),
              abs(exponent) <= maximumDecimalExponent else { return nil }
        let sign = negative ? "-" : ""
        if exponent >= 0 { return sign + digits + String(repeating: "0", count: exponent) + "/1" }
        return sign + digits + "/1" + String(repeating: "0", count: -exponent)
    }

    // MARK: Properties

    /// -1, 0 or 1.
    public var signum: Int { Int(cgmp_q_sgn(storage.pointer)) }

    /// True when the denominator is 1.
    public var isInteger: Bool { cgmp_q_is_integer(storage.pointer) != 0 }

    /// The value as an `Int` when it is an integer that fits, else nil.
    public var intValue: Int? {
        cgmp_q_fits_slong(storage.pointer) != 0 ? cgmp_q_get_si(storage.pointer) : nil
    }

    /// Bits of numerator plus denominator: how expensive further exact arithmetic is.
    public var bitSize: Int { Int(cgmp_q_bits(storage.pointer)) }

    /// The nearest double (for displays and float64 solvers only).
    public var doubleValue: Double {
        withExtendedLifetime(storage) { __gmpq_get_d(storage.pointer) }
    }
}

// MARK: - Exact arithmetic

extension Rational {
    @inline(__always)
    static func binary(_ a: Rational, _ b: Rational,
                       _ op: (mpq_ptr, mpq_srcptr, mpq_srcptr) -> Void) -> Rational {
        let r = RationalStorage()
        withExtendedLifetime((a.storage, b.storage)) { op(r.pointer, a.storage.pointer, b.storage.pointer) }
        return Rational(storage: r)
    }

    public static func + (a: Rational, b: Rational) -> Rational { binary(a, b, cgmp_q_add) }
    public static func - (a: Rational, b: Rational) -> Rational { binary(a, b, cgmp_q_sub) }
    public static func * (a: Rational, b: Rational) -> Rational { binary(a, b, cgmp_q_mul) }

    public static prefix func - (a: Rational) -> Rational {
        let r = RationalStorage()
        withExtendedLifetime(a.storage) { cgmp_q_neg(r.pointer, a.storage.pointer) }
        return Rational(storage: r)
    }

    /// `a / b`. Throws a domain error when `b` is zero.
    public static func dividing(_ a: Rational, by b: Rational) throws -> Rational {
        guard b.signum != 0 else {
            throw IntervalDomainError(operation: "/", kind: .divisionByZero, operand: b.description,
                                      operandIsExactZero: true)
        }
        return binary(a, b, cgmp_q_div)
    }

    /// `self^exponent` for any integer exponent. Throws a domain error for `0^n`
    /// with `n < 0`, and `.tooLarge` when the exact result would exceed about 2^26 bits.
    public func power(_ exponent: Int) throws -> Rational {
        // Refuse results of more than ~2^26 bits before asking GMP for them.
        if exponent.magnitude > 1, bitSize > 2 {
            let (bits, overflow) = UInt(bitSize).multipliedReportingOverflow(by: exponent.magnitude)
            if overflow || bits > 1 << 26 {
                throw IntervalDomainError(operation: "^", kind: .tooLarge, operand: "\(self)^\(exponent)")
            }
        }
        let r = RationalStorage()
        withExtendedLifetime(storage) { cgmp_q_pow_ui(r.pointer, storage.pointer, UInt(exponent.magnitude)) }
        let positive = Rational(storage: r)
        if exponent >= 0 { return positive }
        return try Rational.dividing(Rational(1), by: positive)
    }

    /// `|self|`.
    public var magnitude: Rational {
        let r = RationalStorage()
        withExtendedLifetime(storage) { cgmp_q_abs(r.pointer, storage.pointer) }
        return Rational(storage: r)
    }
}

extension Rational: Equatable, Comparable, Hashable {
    public static func == (a: Rational, b: Rational) -> Bool {
        withExtendedLifetime((a.storage, b.storage)) { cgmp_q_equal(a.storage.pointer, b.storage.pointer) != 0 }
    }
    public static func < (a: Rational, b: Rational) -> Bool {
        withExtendedLifetime((a.storage, b.storage)) { cgmp_q_cmp(a.storage.pointer, b.storage.pointer) < 0 }
    }
    public func hash(into hasher: inout Hasher) { hasher.combine(description) }
}

extension Rational: CustomStringConvertible {
    /// `p/q` in lowest terms, or `p` for an integer.
    public var description: String {
        withExtendedLifetime(storage) {
            guard let c = cgmp_q_get_str(storage.pointer) else { return "?" }
            defer { cgmp_free_str(c) }
            return String(cString: c)
        }
    }
}

extension Rational: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: Int) { self.init(value) }
}

/// Owner of one `mpq_t`; cleared on deinit.
@usableFromInline
final class RationalStorage {
    @usableFromInline let pointer: UnsafeMutablePointer<__mpq_struct>
    init() {
        pointer = .allocate(capacity: 1)
        cgmp_q_init(pointer)
    }
    deinit {
        cgmp_q_clear(pointer)
        pointer.deallocate()
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
