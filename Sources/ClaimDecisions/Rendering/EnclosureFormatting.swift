import CertifiedIntervals
import Reports

/// Interval → report decimals: the only place where enclosures (and the bounds taken
/// from them) become numbers in text.
public enum EnclosureFormatting {
    /// Significant digits printed for an enclosure at `precision` bits (at most 60).
    static func digits(_ precision: Int) -> Int { min(60, max(10, Int(Double(precision) * 0.30103))) }

    public static func bounds(_ x: Interval) -> Bounds {
        let n = digits(x.precision)
        return Bounds(lower: x.lowerDecimal(digits: n), upper: x.upperDecimal(digits: n),
                      certifiedDigits: CertifiedDigits(x, digits: n)?.text)
    }

    /// A certified bound as the report's `UpperBound` (rounded up, 6 digits).
    static func upperBound(_ x: MagnitudeBound) -> UpperBound {
        UpperBound(upper: x.upperDecimal(digits: 6))
    }

    /// A short upper-bound text, `3.1e-38` (rounded up).
    static func short(_ x: MagnitudeBound) -> String { x.upperDecimal(digits: 3) }
}

/// One end of an enclosure, rounded outward to `n` significant decimal digits:
/// `(−1)^negative · 0.d₁d₂…dₙ · 10^exponent`, with `d₁ ≠ 0`.
struct DecimalEnd: Equatable {
    var negative: Bool
    var digits: [Character]
    var exponent: Int

    /// Reads an end as `Interval.lowerDecimal`/`upperDecimal` print it (`-0.0123`,
    /// `1.5e-30`, `1200`); nil for 0, infinities and NaN.
    init?(_ text: String, digits n: Int) {
        var body = Substring(text)
        negative = body.hasPrefix("-")
        if negative { body.removeFirst() }
        var power = 0
        if let e = body.firstIndex(of: "e") {
            guard let value = Int(body[body.index(after: e)...]) else { return nil }
            power = value
            body = body[..<e]
        }
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, parts.allSatisfy({ $0.allSatisfy(\.isNumber) }) else { return nil }
        var all = Array(parts[0]) + (parts.count == 2 ? Array(parts[1]) : [])
        var exponent = parts[0].count + power
        while all.first == "0" { all.removeFirst(); exponent -= 1 }
        while all.last == "0" { all.removeLast() }
        guard !all.isEmpty, all.count <= n else { return nil }
        digits = all + Array(repeating: "0", count: n - all.count)
        self.exponent = exponent
    }
}

/// The decimal digits shared by every number of an enclosure (a truncation: the exact
/// value lies in `[digits, digits + one unit of the last place)`), computed from the
/// enclosure's two ends at the report's number of digits, laid out as the ends print:
/// `0.0232216806`, `1.2345e-30`, `3`. None when the ends differ in sign or decimal
/// exponent, or share no significant digit after the integer part.
struct CertifiedDigits {
    var text: String

    init?(_ x: Interval, digits n: Int) {
        let lowerText = x.lowerDecimal(digits: n)
        guard let lower = DecimalEnd(lowerText, digits: n), let upper = DecimalEnd(x.upperDecimal(digits: n), digits: n),
              lower.negative == upper.negative, lower.exponent == upper.exponent else { return nil }
        if lower == upper { text = lowerText; return }
        let shared = zip(lower.digits, upper.digits).prefix { $0 == $1 }.count
        guard let text = Self.layout(lower, shared: shared) else { return nil }
        self.text = (lower.negative ? "-" : "") + text
    }

    /// The first `shared` digits of `end` in its printed layout, when they reach past
    /// the decimal point and include a significant digit.
    static func layout(_ end: DecimalEnd, shared s: Int) -> String? {
        let e = end.exponent, n = end.digits.count, d = end.digits
        guard s >= 1 else { return nil }
        if e <= 0 && e > -6 {                       // 0.000ddd
            return "0." + String(repeating: "0", count: -e) + String(d[..<s])
        }
        if e > 0 && e <= 21 {                       // ddd.ddd (no point when e ≥ n)
            guard e < n, s >= e else { return nil }
            return s == e ? String(d[..<e]) : String(d[..<e]) + "." + String(d[e..<s])
        }
        let mantissa = s == 1 ? String(d[0]) : String(d[0]) + "." + String(d[1..<s])   // d.ddde±N
        return mantissa + "e" + String(e - 1)
    }
}
