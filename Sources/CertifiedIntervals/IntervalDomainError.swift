/// An operation was applied to an enclosure that reaches outside its domain.
///
/// Raised, never clamped: `sqrt([-1e-30, 2])` is an error even though most of the
/// interval is fine, because the exact value the enclosure stands for may be the
/// negative one. The message names the operation and prints the offending enclosure
/// (ends rounded outward).
public struct IntervalDomainError: Error, Equatable, CustomStringConvertible {
    public enum Kind: String, Equatable {
        case divisionByZero = "the divisor contains 0"
        case negativeSquareRoot = "the argument reaches below 0"
        case nonPositiveLogarithm = "the argument reaches to 0 or below"
        case outsideUnitInterval = "the argument reaches outside [-1, 1]"
        case nonPositivePowerBase = "a non-integer power needs a base > 0"
        case zeroToNegativePower = "0 raised to a negative power"
        case notANumber = "the result is not a number"
        case infinite = "the result is not finite"
        case tooLarge = "the exact result would be too large to compute"
    }

    /// The operation, as spelt in expressions: `/`, `sqrt`, `log`, `asin`, …
    public let operation: String
    public let kind: Kind
    /// The offending operand, printed as a rigorous enclosure.
    public let operand: String
    /// True when the offending operand is exactly 0 (a point, not an enclosure that
    /// merely contains 0): the error then persists at every precision.
    public let operandIsExactZero: Bool

    public init(operation: String, kind: Kind, operand: String, operandIsExactZero: Bool = false) {
        self.operation = operation
        self.kind = kind
        self.operand = operand
        self.operandIsExactZero = operandIsExactZero
    }

    public var description: String {
        "domain error in \(operation): \(kind.rawValue) (operand \(operand))"
    }
}
