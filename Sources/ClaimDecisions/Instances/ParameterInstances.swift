import CertifiedIntervals
import ClosedForms
import TheoremFiles

/// One point of a claim's parameter space: integer values for the parameters, in
/// declaration order.
public struct ParameterInstance {
    public var values: [(name: String, value: Int)]

    public subscript(name: String) -> Int? { values.first { $0.name == name }?.value }

    /// The environment of expressions at this instance: every parameter as an exact
    /// integer, with the file's definitions.
    func environment(_ definitions: Definitions) -> Environment {
        var variables: [String: Binding] = [:]
        for (name, value) in values { variables[name] = .exact(Rational(value)) }
        return Environment(variables: variables, definitions: definitions)
    }
}

/// Expands parameter ranges into instances.
enum ParameterInstances {
    /// The largest number of instances one claim may have.
    static let maximumInstances = 1_000_000

    /// Every combination of values of `ranges` (each range may use the earlier ones),
    /// in lexicographic order. Throws a `TheoremFileError` at the range's key path when
    /// a bound is not an exact integer, a range is empty, or there are too many.
    ///
    /// Bounds are evaluated with `workBudget` (the evaluator charges every node), and a
    /// bound that uses none of the earlier ranges is evaluated once, not at every
    /// combination of them.
    static func expand(_ ranges: [ParameterRange], file: TheoremFile,
                       workBudget: WorkBudget? = nil) throws -> [ParameterInstance] {
        var result: [ParameterInstance] = []
        var current: [(name: String, value: Int)] = []
        var constantBounds: [Int: (Int, Int)] = [:]
        let names = Set(ranges.map(\.name))
        let isConstant = ranges.map { range in
            range.boundExpressions.reduce(into: Set<String>()) {
                $0.formUnion(Dependencies.variables(of: $1, definitions: file.definitions))
            }.isDisjoint(with: names)
        }
        func bounds(_ index: Int) throws -> (Int, Int) {
            if let known = constantBounds[index] { return known }
            let range = ranges[index]
            guard let (lower, upper) = range.finiteBounds else {
                throw file.error(at: range.keyPath, "the range \"\(range.text)\" is not a finite list of integers")
            }
            var environment = ParameterInstance(values: current).environment(file.definitions)
            environment.workBudget = workBudget
            let value = (try integer(lower, in: environment, range: range, file: file, which: "lower"),
                         try integer(upper, in: environment, range: range, file: file, which: "upper"))
            if isConstant[index] { constantBounds[index] = value }
            return value
        }
        func recurse(_ index: Int) throws {
            if index == ranges.count { result.append(ParameterInstance(values: current)); return }
            let range = ranges[index]
            let environment = ParameterInstance(values: current).environment(file.definitions)
            let (lower, upper) = try bounds(index)
            guard lower <= upper else {
                let at = current.isEmpty ? "" : " at " + current.map { "\($0.name)=\($0.value)" }.joined(separator: " ")
                throw file.error(at: range.keyPath, "the range \"\(range.text)\" is empty\(at) (\(lower) > \(upper))")
            }
            if let fileRange = file.parameters.first(where: { $0.name == range.name && $0.keyPath != range.keyPath }) {
                try checkRestriction(range, lower...upper, within: fileRange, environment: environment,
                                     at: current, file: file)
            }
            guard upper - lower < maximumInstances,
                  result.count + (upper - lower + 1) <= maximumInstances else {
                throw file.error(at: range.keyPath, "the range \"\(range.text)\" gives more than \(maximumInstances) instances")
            }
            for value in lower...upper {
                current.append((range.name, value))
                try recurse(index + 1)
                current.removeLast()
                if result.count > maximumInstances {
                    throw file.error(at: range.keyPath, "the parameter ranges give more than \(maximumInstances) instances")
                }
            }
        }
        try recurse(0)
        return result
    }

    /// A claim's `for` range of a file parameter restricts the file's range: at every
    /// instance it must lie within it (else the claim would silently run over values
    /// the file excludes).
    static func checkRestriction(_ range: ParameterRange, _ values: ClosedRange<Int>, within fileRange: ParameterRange,
                                 environment: Environment, at current: [(name: String, value: Int)],
                                 file: TheoremFile) throws {
        let claimName = file.claims.first { range.keyPath.hasPrefix($0.keyPath + ".") }.map { "claim '\($0.name)'" }
            ?? "this claim"
        let at = current.isEmpty ? "" : " at " + current.map { "\($0.name)=\($0.value)" }.joined(separator: " ")
        guard let (fileLower, fileUpper) = fileRange.finiteBounds else {
            // The file's range is not a finite list: the claim's values must lie in it.
            let fileValues: EvaluatedRange
            do {
                fileValues = try RangeEvaluation.evaluate(fileRange, in: environment, file: file,
                                                          at: ParameterInstance(values: current))
            } catch {
                throw file.error(at: range.keyPath, "\(claimName) restricts '\(range.name)', but the file's range "
                                 + "\"\(fileRange.text)\" of '\(range.name)' cannot be evaluated with the parameters this "
                                 + "claim runs over; restrict those it depends on in the same for = { … }")
            }
            let values = RealInterval.integers(from: values.lowerBound, through: values.upperBound)
            let claimValues = EvaluatedRange(name: range.name, range: range, provedOver: values, certainlyInside: values)
            guard !RangeEvaluation.isWithin(claimValues, fileValues) else { return }
            throw file.error(at: range.keyPath, "\(claimName) restricts '\(range.name)' to \(values)\(at), outside the "
                             + "file's range \"\(fileRange.text)\" of '\(range.name)'; a claim's for restricts a parameter "
                             + "of the file, it cannot extend it")
        }
        let bounds: (lower: Int, upper: Int)
        do {
            bounds = (try integer(fileLower, in: environment, range: fileRange, file: file, which: "lower"),
                      try integer(fileUpper, in: environment, range: fileRange, file: file, which: "upper"))
        } catch {
            throw file.error(at: range.keyPath, "\(claimName) restricts '\(range.name)', but the file's range "
                             + "\"\(fileRange.text)\" of '\(range.name)' cannot be evaluated with the parameters this "
                             + "claim runs over; restrict those it depends on in the same for = { … }")
        }
        guard values.lowerBound < bounds.lower || values.upperBound > bounds.upper else { return }
        throw file.error(at: range.keyPath, "\(claimName) restricts '\(range.name)' to \(values.lowerBound)..\(values.upperBound)"
                         + "\(at), outside the file's range \"\(fileRange.text)\" of '\(range.name)' "
                         + "(\(bounds.lower)..\(bounds.upper) there); a claim's for restricts a parameter of the file, "
                         + "it cannot extend it")
    }

    static func integer(_ expression: Expression, in environment: Environment, range: ParameterRange,
                        file: TheoremFile, which: String) throws -> Int {
        let value: Rational?
        do {
            value = try expression.exactValue(in: environment)
        } catch let error as WorkBudgetExceeded {
            throw file.error(at: range.keyPath, "evaluating the bounds of the ranges passes the work budget "
                             + "(\(error)); narrow the ranges, or raise it with --work-budget UNITS")
        } catch {
            throw file.error(at: range.keyPath, "the \(which) bound of \"\(range.text)\" cannot be evaluated: \(error)")
        }
        guard let value, let integer = value.intValue, abs(integer) <= 1 << 40 else {
            throw file.error(at: range.keyPath, "the \(which) bound of \"\(range.text)\" must be an exact integer"
                             + " (of moderate size), found \(value.map { "\($0)" } ?? "an irrational number")")
        }
        return integer
    }
}

/// Which names an expression depends on, looking through the definitions it calls.
enum Dependencies {
    static func variables(of expression: Expression, definitions: Definitions) -> Set<String> {
        var visited = Set<String>()
        return variables(of: expression, definitions: definitions, visited: &visited)
    }

    private static func variables(of expression: Expression, definitions: Definitions,
                                  visited: inout Set<String>) -> Set<String> {
        var result = expression.freeVariables
        for name in calls(in: expression) where !visited.contains(name) {
            visited.insert(name)
            guard let definition = definitions[name] else { continue }
            result.formUnion(variables(of: definition.body, definitions: definitions, visited: &visited)
                .subtracting(definition.parameters))
        }
        return result
    }

    static func calls(in expression: Expression) -> Set<String> {
        var names = Set<String>()
        func walk(_ e: Expression) {
            switch e.node {
            case .number, .constant, .variable: break
            case .negate(let a): walk(a)
            case .binary(_, let a, let b): walk(a); walk(b)
            case .function(_, let args): args.forEach(walk)
            case .call(let name, let args): names.insert(name); args.forEach(walk)
            case .aggregate(_, _, let lower, let upper, let body): walk(lower); walk(upper); walk(body)
            case .comprehension(_, let body, _, let list): walk(body); walk(list)
            }
        }
        walk(expression)
        return names
    }
}
