/// The loss convention every report states, since papers differ.
public enum LossConvention {
    /// As plain text (text and JSON reports).
    public static let text = "L = E_x[(f(x) - f*(x))^2], no factor 1/2"
    /// As LaTeX text (the standalone document).
    public static let latex = "$L = \\mathbb{E}_x[(f(x) - f^*(x))^2]$, no factor $1/2$"
}

/// Times in reports: fixed-point decimals, never exponent notation.
enum FixedDecimal {
    /// `x` rounded to `places` decimals, 0 ≤ `places` ≤ 6 (`12.5`, 3 → `12.500`); 0 for a
    /// negative or non-finite `x` (times are never negative), at most 10^12.
    static func format(_ x: Double, places: Int) -> String {
        var scale = 1
        for _ in 0..<places { scale *= 10 }
        let clamped = x.isFinite && x > 0 ? Swift.min(x, 1e12) : 0
        let units = Int((clamped * Double(scale)).rounded())
        guard places > 0 else { return String(units) }
        let fraction = String(units % scale)
        return "\(units / scale)." + String(repeating: "0", count: places - fraction.count) + fraction
    }
}
