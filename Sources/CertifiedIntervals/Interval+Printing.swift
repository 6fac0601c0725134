import CMPFR

/// Decimal printing that stays rigorous: a lower end is printed rounded down and an
/// upper end rounded up, so the printed interval still encloses the exact value.
extension Interval: CustomStringConvertible {

    /// The number of significant decimal digits the precision supports,
    /// `floor(precision · log10 2)`, at least 1.
    public var naturalDigits: Int { Interval.decimalDigits(forBits: precision) }

    /// `[lower, upper]` at `naturalDigits` significant digits.
    public var description: String { description(digits: naturalDigits) }

    /// `[lower, upper]` with each end at `digits` significant digits, rounded outward.
    public func description(digits: Int) -> String {
        "[\(lowerDecimal(digits: digits)), \(upperDecimal(digits: digits))]"
    }

    /// The lower end rounded down to `digits` significant decimal digits.
    public func lowerDecimal(digits: Int) -> String {
        withExtendedLifetime(storage) { Interval.decimal(storage.lower, digits: digits, rounding: MPFR_RNDD).text }
    }

    /// The upper end rounded up to `digits` significant decimal digits.
    public func upperDecimal(digits: Int) -> String {
        withExtendedLifetime(storage) { Interval.decimal(storage.upper, digits: digits, rounding: MPFR_RNDU).text }
    }

    /// The digits both ends share, then the differing rest of each end in brackets:
    /// `0.02322168062533671649906512003[88, 89]` stands for the interval
    /// `[0.0232216806253367164990651200388, 0.0232216806253367164990651200389]`.
    /// Falls back to `[lower, upper]` when the ends differ in sign or decimal exponent.
    /// When both ends print the same, the result is that single decimal.
    public func compactDescription(digits: Int) -> String {
        withExtendedLifetime(storage) {
            let lo = Interval.decimal(storage.lower, digits: digits, rounding: MPFR_RNDD)
            let hi = Interval.decimal(storage.upper, digits: digits, rounding: MPFR_RNDU)
            guard let loParts = lo.fixedLayout, let hiParts = hi.fixedLayout,
                  loParts.exponentSuffix == hiParts.exponentSuffix,
                  loParts.body.count == hiParts.body.count,
                  // Same place value for every shared character: "1[.99, 9.9]" would
                  // share a "1" that stands for 1 in one end and 100 in the other.
                  loParts.body.prefix(while: { $0 != "." }).count
                    == hiParts.body.prefix(while: { $0 != "." }).count else {
                return "[\(lo.text), \(hi.text)]"
            }
            if loParts.body == hiParts.body { return lo.text }
            let a = Array(loParts.body), b = Array(hiParts.body)
            var shared = 0
            while shared < a.count && a[shared] == b[shared] { shared += 1 }
            // Keep a sign or a leading "0." wholly inside the shared prefix.
            let prefix = String(a[..<shared])
            return prefix + "[" + String(a[shared...]) + ", " + String(b[shared...]) + "]" + loParts.exponentSuffix
        }
    }

    /// One end in decimal, rounded in the given direction.
    struct DecimalEnd {
        /// The shortest faithful text (trailing zeros of the fraction removed).
        var text: String
        /// Untrimmed layout for the compact form: body with all digits, plus `e±N` or "".
        var fixedLayout: (body: String, exponentSuffix: String)?
    }

    static func decimal(_ x: mpfr_srcptr, digits: Int, rounding: mpfr_rnd_t) -> DecimalEnd {
        let n = Swift.max(1, digits)
        if mpfr_nan_p(x) != 0 { return DecimalEnd(text: "nan", fixedLayout: nil) }
        if mpfr_inf_p(x) != 0 {
            return DecimalEnd(text: cmpfr_sgn(x) < 0 ? "-inf" : "inf", fixedLayout: nil)
        }
        if mpfr_zero_p(x) != 0 { return DecimalEnd(text: "0", fixedLayout: nil) }
        var exponent: mpfr_exp_t = 0
        guard let raw = mpfr_get_str(nil, &exponent, 10, n, x, rounding) else {
            return DecimalEnd(text: "nan", fixedLayout: nil)
        }
        var mantissa = String(cString: raw)
        mpfr_free_str(raw)
        var sign = ""
        if mantissa.hasPrefix("-") { sign = "-"; mantissa.removeFirst() }
        // value = 0.mantissa × 10^exponent
        let e = Int(exponent)
        let body: String, suffix: String
        if e <= 0 && e > -6 {
            body = "0." + String(repeating: "0", count: -e) + mantissa
            suffix = ""
        } else if e > 0 && e <= 21 {
            if e >= mantissa.count {
                body = mantissa + String(repeating: "0", count: e - mantissa.count)
            } else {
                let cut = mantissa.index(mantissa.startIndex, offsetBy: e)
                body = mantissa[..<cut] + "." + mantissa[cut...]
            }
            suffix = ""
        } else {
            let first = mantissa.prefix(1), rest = mantissa.dropFirst()
            body = rest.isEmpty ? String(first) : first + "." + rest
            suffix = "e" + String(e - 1)
        }
        var trimmed = body
        if trimmed.contains(".") {
            while trimmed.hasSuffix("0") { trimmed.removeLast() }
            if trimmed.hasSuffix(".") { trimmed.removeLast() }
        }
        return DecimalEnd(text: sign + trimmed + suffix, fixedLayout: (sign + body, suffix))
    }
}
