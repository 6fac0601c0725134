/// A decimal number as reports print it (`-0.0123`, `1.5e-30`, `1200`, `0`), read
/// exactly — sign, significant digits, decimal exponent — so that it can be rounded to
/// fewer significant digits in a stated direction without any floating point: the
/// printed number of an outward-rounded bound stays a bound.
public struct DecimalText: Equatable {
    /// True for a negative number (never for 0).
    public var negative: Bool
    /// The significant digits, without leading or trailing zeros; empty for 0.
    public var digits: [UInt8]
    /// The value is `±0.d₁d₂… × 10^exponent` (`d₁ ≠ 0`); 0 for the number 0.
    public var exponent: Int

    /// Reads `[-+]ddd[.ddd][e[+-]ddd]`; nil for anything else (infinities, NaN, text).
    public init?(_ text: String) {
        var body = Substring(text.lowercased())
        negative = false
        if body.hasPrefix("-") { negative = true; body.removeFirst() } else if body.hasPrefix("+") { body.removeFirst() }
        var power = 0
        if let e = body.firstIndex(of: "e") {
            guard let value = Int(body[body.index(after: e)...]), abs(value) < 1_000_000 else { return nil }
            power = value
            body = body[..<e]
        }
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, !body.isEmpty, body != ".",
              parts.allSatisfy({ $0.allSatisfy { $0 >= "0" && $0 <= "9" } }) else { return nil }
        var all = (Array(parts[0]) + (parts.count == 2 ? Array(parts[1]) : [])).map { UInt8($0.asciiValue! - 48) }
        var exponent = parts[0].count + power
        while all.first == 0 { all.removeFirst(); exponent -= 1 }
        while all.last == 0 { all.removeLast() }
        if all.isEmpty { negative = false; exponent = 0 }
        digits = all
        self.exponent = exponent
    }

    init(negative: Bool, digits: [UInt8], exponent: Int) {
        self.negative = negative && !digits.isEmpty; self.digits = digits; self.exponent = digits.isEmpty ? 0 : exponent
    }

    public var isZero: Bool { digits.isEmpty }

    /// `|self|`.
    public var magnitude: DecimalText { DecimalText(negative: false, digits: digits, exponent: exponent) }

    /// The number rounded to at most `n ≥ 1` significant digits toward +∞ (`up`) or −∞:
    /// the result is ≥ (resp. ≤) `self`, and exact when `self` has at most `n` digits.
    public func rounded(significantDigits n: Int, up: Bool) -> DecimalText {
        guard digits.count > n else { return self }
        var kept = Array(digits[..<n])
        // Dropping digits moves toward 0: the right direction for a positive number
        // rounded down or a negative one rounded up; otherwise add one unit in the last place.
        let awayFromZero = up != negative
        var exponent = self.exponent
        if awayFromZero {
            var i = kept.count - 1
            while i >= 0 {
                if kept[i] == 9 { kept[i] = 0; i -= 1 } else { kept[i] += 1; break }
            }
            if i < 0 { kept.insert(1, at: 0); kept.removeLast(); exponent += 1 }
        }
        while kept.last == 0 { kept.removeLast() }
        return DecimalText(negative: negative, digits: kept, exponent: exponent)
    }

    /// The larger of two magnitudes.
    public static func maxMagnitude(_ a: DecimalText, _ b: DecimalText) -> DecimalText {
        let x = a.magnitude, y = b.magnitude
        if x.isZero { return y }
        if y.isZero { return x }
        if x.exponent != y.exponent { return x.exponent > y.exponent ? x : y }
        for (p, q) in zip(x.digits, y.digits) where p != q { return p > q ? x : y }
        return x.digits.count >= y.digits.count ? x : y
    }

    /// Printed positionally when the exponent is moderate (`0.000123`, `12.5`, `1200`),
    /// else as `d.ddde-N`.
    public var text: String {
        if digits.isEmpty { return "0" }
        let sign = negative ? "-" : ""
        let d = digits.map { String($0) }.joined()
        let e = exponent
        if e <= 0 && e > -6 { return sign + "0." + String(repeating: "0", count: -e) + d }
        if e > 0 && e <= 21 {
            if d.count <= e { return sign + d + String(repeating: "0", count: e - d.count) }
            let cut = d.index(d.startIndex, offsetBy: e)
            return sign + d[..<cut] + "." + d[cut...]
        }
        let mantissa = d.count == 1 ? d : String(d.first!) + "." + d.dropFirst()
        return sign + mantissa + "e" + String(e - 1)
    }
}

extension DecimalText {
    /// At most `n` significant digits, dropping the others (toward 0): a truncation of a
    /// truncation of `x` is still one.
    public func truncated(significantDigits n: Int) -> DecimalText { rounded(significantDigits: n, up: negative) }
}
