/// One number read from a weights file, exactly as the file gives it.
///
/// - `binary(x)`: an IEEE binary float (a float64, or a float32 widened to float64,
///   which is exact). The number meant is the exact binary rational `x`, never a
///   decimal rounding of it.
/// - `decimal(text)`: a decimal literal from a text format (JSON, CSV), validated against
///   the grammar `-?digits[.digits][(e|E)[+-]digits]`; the number meant is the exact
///   rational the text denotes.
///
/// Every number is finite: the readers reject NaN and infinities.
public enum WeightNumber: Equatable, CustomStringConvertible {
    case binary(Double)
    case decimal(String)

    /// A float64 near the number (exact for `binary`), for guidance only.
    public var approximateValue: Double {
        switch self {
        case .binary(let x): return x
        case .decimal(let text): return Double(text) ?? .nan
        }
    }

    public var description: String {
        switch self {
        case .binary(let x): return "\(x)"
        case .decimal(let text): return text
        }
    }
}

/// An n-dimensional array of exact numbers in C (row-major) order.
public struct WeightArray: Equatable {
    /// The extent of each axis (every extent ≥ 1; a 0-dimensional array has `shape == []`).
    public let shape: [Int]
    /// `shape.reduce(1, *)` numbers, the last axis varying fastest.
    public let values: [WeightNumber]

    public init(shape: [Int], values: [WeightNumber]) {
        precondition(shape.reduce(1, *) == values.count, "a WeightArray needs one value per entry of its shape")
        self.shape = shape
        self.values = values
    }

    /// The shape written as NumPy prints it: `(3, 4)`, `(5,)`, `()`.
    public var shapeDescription: String {
        shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
    }
}

/// Why a weights file cannot be read: the file, and what was wrong or expected.
/// The command line reports it with exit code 65 (invalid input file).
public struct WeightsFileError: Error, Equatable, CustomStringConvertible {
    /// The path as given.
    public let file: String
    /// What is wrong, and what was expected.
    public let message: String

    public init(file: String, _ message: String) {
        self.file = file
        self.message = message
    }

    public var description: String { "\(file): \(message)" }
}
