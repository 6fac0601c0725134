import CertifiedIntervals
import Reports

/// Interval → report strings: the only place where enclosures become text.
enum EnclosureFormatting {
    /// Significant digits printed for an enclosure at `precision` bits (at most 60).
    static func digits(_ precision: Int) -> Int { min(60, max(10, Int(Double(precision) * 0.30103))) }

    static func bounds(_ x: Interval) -> Bounds {
        let n = digits(x.precision)
        return Bounds(lower: x.lowerDecimal(digits: n), upper: x.upperDecimal(digits: n),
                      certifiedDigits: certifiedDigits(x, digits: n))
    }

    static func upperBound(_ x: Interval) -> UpperBound {
        UpperBound(upper: x.upperDecimal(digits: 6))
    }

    /// The digits shared by every number of `x` (a truncation), when the integer part
    /// is shared; `1.2345e-30` style for small or large numbers.
    static func certifiedDigits(_ x: Interval, digits: Int) -> String? {
        let compact = x.compactDescription(digits: digits)
        guard !compact.hasPrefix("[") else { return nil }
        guard let bracket = compact.firstIndex(of: "[") else { return compact }   // both ends print the same
        let prefix = String(compact[..<bracket])
        guard prefix.contains("."), prefix.contains(where: { $0.isNumber && $0 != "0" }) || prefix.hasPrefix("0.") else {
            return nil
        }
        var suffix = ""
        if let close = compact.lastIndex(of: "]") {
            suffix = String(compact[compact.index(after: close)...])
        }
        var digitsText = prefix
        if digitsText.hasSuffix(".") { digitsText.removeLast() }
        // Require at least one significant digit.
        guard digitsText.contains(where: { $0.isNumber && $0 != "0" }) else { return nil }
        return digitsText + suffix
    }

    /// A short upper-bound text, `3.1e-38`.
    static func short(_ x: Interval) -> String { x.upperDecimal(digits: 3) }
}
