/// Precisions as users ask for them: the one range every user input is checked
/// against (theorem files' `[verify]`, `verify check --precision/--max-precision`,
/// `verify eval --precision`), the default working precision, and the conversion
/// between bits and decimal digits.
extension Interval {
    /// The precisions, in bits, a user may ask for: 16 … 1048576 (2^20). Narrower than
    /// `precisionRange` (the domain of this module, 2 … 2^24): below 16 bits nothing is
    /// decided, and beyond 2^20 one number takes 128 KiB and every product seconds.
    public static let userPrecisionRange: ClosedRange<Int> = 16...(1 << 20)

    /// The working precision when none is asked for: 128 bits.
    public static let defaultPrecision = 128

    /// Decimal digits per bit, log10(2).
    public static let decimalDigitsPerBit = 0.30102999566398120

    /// `floor(bits · log10 2)`, at least 1: the significant decimal digits `bits`
    /// support.
    public static func decimalDigits(forBits bits: Int) -> Int {
        Swift.max(1, Int(Double(bits) * decimalDigitsPerBit))
    }

    /// `ceil(digits / log10 2)`: the bits that hold `digits` significant decimal digits.
    public static func bits(forDecimalDigits digits: Int) -> Int {
        Int((Double(digits) / decimalDigitsPerBit).rounded(.up))
    }
}
