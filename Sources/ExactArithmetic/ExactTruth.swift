import CFlint

/// A decision of Calcium: `.yes` and `.no` are theorems, `.unknown` means Calcium
/// could not decide within its limits (never a guess either way).
public enum ExactTruth: String, Sendable, Equatable {
    case yes
    case no
    case unknown

    init(_ t: truth_t) {
        if t == T_TRUE { self = .yes } else if t == T_FALSE { self = .no } else { self = .unknown }
    }
}

/// The sign of an exact real number, when decided.
public enum ExactSign: Int, Sendable, Equatable {
    case negative = -1
    case zero = 0
    case positive = 1
}

/// Why an exact computation failed. Every failure is an error with a message;
/// nothing is clamped or turned into a number.
public struct ExactArithmeticError: Error, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Equatable {
        /// An operation outside its real domain, decided exactly: division by an
        /// exact zero, `sqrt` of a negative number, `log` of a non-positive number,
        /// `asin` of a number outside [-1, 1], `0^n` with `n < 0`, ….
        case domain
        /// A question the computation depends on (a sign, a zero test, realness) that
        /// Calcium could not decide within its limits.
        case undecided
        /// Calcium produced a special value (undefined, an infinity, unknown): never
        /// used as a number.
        case specialValue
        /// A size limit (exponent, bits of a rational, terms of a sum, work) was hit.
        case limit
        /// A construct the exact evaluator does not handle.
        case unsupported
    }

    public let kind: Kind
    public let message: String
    /// The 1-based column in the expression being evaluated, when known.
    public let column: Int?

    public init(_ kind: Kind, _ message: String, column: Int? = nil) {
        self.kind = kind
        self.message = message
        self.column = column
    }

    public var description: String {
        (column.map { "column \($0): " } ?? "") + message
    }

    func at(column: Int) -> ExactArithmeticError {
        self.column == nil ? ExactArithmeticError(kind, message, column: column) : self
    }
}
