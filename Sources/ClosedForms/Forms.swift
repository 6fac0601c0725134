/// The forms built from expressions that theorem files write in one string: a
/// comparison `A < B`, a range `lower..upper`, a partition `[3, 1, 1]` or
/// `(k-n+1, 1^(n-1))`, and a definition's signature `Lstar(l)`. They are read by the
/// same lexer and parser as expressions (`ExpressionParser.parseComparison` and the
/// others), so every column, of the whole form or of an error, counts characters of
/// the one string.

/// The relation of a comparison.
public enum Relation: String, CaseIterable, Sendable {
    case less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">=", equal = "="
}

/// `left relation right`, such as `Lstar(l) < Lstar(l+1)`.
public struct Comparison {
    public var left: Expression
    public var relation: Relation
    public var right: Expression
    /// The column of the relation's first character.
    public var relationColumn: Int
}

/// `lower..upper`: the integers from `lower` to `upper` when both are integers (the
/// grammar does not evaluate; `ClaimDecisions` does).
public struct RangeForm {
    public var lower: Expression
    public var upper: Expression
    /// The column of the first `.` of `..`.
    public var dotsColumn: Int
}

/// A list of block sizes: `[3, 1, 1]` or `(k-n+1, 1^(n-1))`. An element written as a
/// power `s^m` means `m` blocks of size `s`; any other element is one block.
public struct PartitionForm {
    public struct Block {
        /// The size of the block(s).
        public var size: Expression
        /// How many blocks of this size (`m` of `s^m`); nil for one block.
        public var count: Expression?
    }

    public var blocks: [Block]
    /// The column of the opening `[` or `(`.
    public var column: Int
}

/// `name` or `name(a, b)`: the left-hand side of a definition.
public struct Signature: Equatable {
    public var name: String
    public var parameters: [String]
}
