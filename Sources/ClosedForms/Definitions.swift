/// A named closed form with parameters, such as `Lstar(l) = 1/sqrt(l*(2*l - 1))`.
///
/// The body sees its parameters and the variables of the environment it is
/// evaluated in; it does not see the sum variables of the expression that calls it.
/// It may call other definitions, but not itself, directly or indirectly.
public struct Definition: Equatable {
    public let name: String
    public let parameters: [String]
    public let body: Expression

    public init(name: String, parameters: [String], body: Expression) {
        self.name = name
        self.parameters = parameters
        self.body = body
    }

    /// Parses `body` with `ExpressionParser.parse(_:)`; throws its
    /// `ExpressionSyntaxError`.
    public init(name: String, parameters: [String], parsing body: String) throws {
        self.init(name: name, parameters: parameters, body: try ExpressionParser.parse(body))
    }
}

/// The definitions a theorem file makes, by name, in the order they were added.
public struct Definitions: Equatable {
    private var byName: [String: Definition] = [:]
    /// The names, in the order they were added.
    public private(set) var names: [String] = []

    public init() {}

    /// Adds `definition`. Throws `DefinitionError` when its name is not a plain
    /// identifier, is reserved (`sqrt`, `pi`, `sum`, …; see
    /// `ExpressionParser.reservedWords`) or is already defined, or when its parameters
    /// are not distinct plain identifiers. References inside the body are not checked
    /// here (a body may call a definition added later); `Expression.validate` checks
    /// them.
    public mutating func add(_ definition: Definition) throws {
        let name = definition.name
        if ExpressionParser.reservedWords.contains(name) {
            throw DefinitionError(name: name, message: "'\(name)' is built in and cannot be redefined")
        }
        guard ExpressionParser.isPlainIdentifier(name) else {
            throw DefinitionError(name: name, message: "'\(name)' is not a valid name ([A-Za-z_][A-Za-z0-9_]*)")
        }
        guard byName[name] == nil else {
            throw DefinitionError(name: name, message: "'\(name)' is already defined")
        }
        var seen = Set<String>()
        for parameter in definition.parameters {
            guard ExpressionParser.isPlainIdentifier(parameter) else {
                throw DefinitionError(name: name,
                                      message: "parameter '\(parameter)' is not a valid variable name")
            }
            guard seen.insert(parameter).inserted else {
                throw DefinitionError(name: name, message: "parameter '\(parameter)' appears twice")
            }
        }
        byName[name] = definition
        names.append(name)
    }

    /// The definition called `name`, or nil.
    public subscript(name: String) -> Definition? { byName[name] }

    public func contains(_ name: String) -> Bool { byName[name] != nil }

    public var count: Int { names.count }
    public var isEmpty: Bool { names.isEmpty }
}
