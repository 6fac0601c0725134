/// A closed form could not be read: the text does not follow the grammar (see the
/// module README), or it nests deeper or runs longer than the parser accepts.
///
/// `column` is 1-based and counts characters (extended grapheme clusters) of the
/// expression text; an error at the end of the text has column `count + 1`. The
/// message says what was expected and what was found:
/// `column 7: expected ')' but found end of expression`.
public struct ExpressionSyntaxError: Error, Equatable, CustomStringConvertible {
    public let column: Int
    public let message: String

    public init(column: Int, message: String) {
        self.column = column
        self.message = message
    }

    public var description: String { "column \(column): \(message)" }
}

/// A well-formed expression cannot be evaluated (or fails validation) for a reason
/// that is not a domain error of the interval core: an unknown name, a wrong number
/// of arguments, a recursive definition, a sum bound that is not an exact integer,
/// a resource limit.
///
/// Domain errors (`sqrt` of a negative number, division by 0, …) are never wrapped
/// in this type: they arrive as the interval core's `IntervalDomainError`.
///
/// `column` is 1-based and always refers to the text of the expression on which
/// `evaluate`, `exactValue` or `validate` was called. An error inside the body of a
/// definition is reported at the column of the call, and the message names the
/// definition and the column inside its body:
/// `column 3: in definition 'Lstar' (column 9 of its body): unknown variable 'q'`.
public struct EvaluationError: Error, Equatable, CustomStringConvertible {
    /// What went wrong, for callers that react to some errors differently.
    public enum Kind: String, Equatable, Sendable {
        /// A variable is neither bound by the environment nor by an enclosing sum or
        /// definition parameter.
        case unknownVariable
        /// A call names neither a built-in function nor a definition.
        case unknownFunction
        /// A definition is called with a number of arguments other than its parameters.
        case wrongArgumentCount
        /// A definition calls itself, directly or through other definitions.
        case recursiveDefinition
        /// A list was used as a number, or a number as a list.
        case typeMismatch
        /// A bound of `sum(j, a, b, …)` is not an exact integer that fits in 64 bits.
        case nonIntegerBound
        /// A sum or product has more terms than the evaluator accepts.
        case tooManyTerms
        /// An integer exponent does not fit in 64 bits and the base is not positive.
        case exponentTooLarge
        /// Definitions call each other more deeply than the evaluator accepts.
        case nestedTooDeeply
        /// The requested precision is outside `Interval.precisionRange`.
        case invalidPrecision
        /// One evaluation visits more nodes than `Expression.maximumNodeVisits`.
        case tooMuchWork
        /// `diff(body, x, n)` cannot be formed: `abs`, `min` or `max` of something
        /// depending on `x`, sum bounds depending on it, a malformed `diff`
        /// (`Expression.derivative(withRespectTo:definitions:)`).
        case notDifferentiable
    }

    public let column: Int
    public let kind: Kind
    public let message: String

    public init(column: Int, kind: Kind, message: String) {
        self.column = column
        self.kind = kind
        self.message = message
    }

    public var description: String { "column \(column): \(message)" }

    /// This error, raised in the body of `definition`, as seen from a call at `column`.
    func raised(inDefinition definition: String, calledAt column: Int) -> EvaluationError {
        EvaluationError(column: column, kind: kind,
                        message: "in definition '\(definition)' (column \(self.column) of its body): \(message)")
    }
}

/// A definition cannot be added to a `Definitions` collection: its name is already
/// taken or reserved, or its parameters are not distinct plain identifiers.
public struct DefinitionError: Error, Equatable, CustomStringConvertible {
    /// The name of the definition that was refused.
    public let name: String
    public let message: String

    public init(name: String, message: String) {
        self.name = name
        self.message = message
    }

    public var description: String { "definition '\(name)': \(message)" }
}
