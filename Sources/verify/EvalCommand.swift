import ArgumentParser
import Foundation
import CertifiedIntervals
import ClosedForms

/// `verify eval EXPR`: a certified calculator.
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Evaluate a closed-form expression to a rigorous enclosure.",
        discussion: """
        Literals are exact (1/3, 0.25, 1e-60); pi, e; + - * / ^; sqrt exp log asin acos atan erf sin cos abs min max;
        sum(j, a, b, expr). The printed interval [lower, upper] has its lower end rounded down and its upper end
        rounded up, so it contains the exact value. Put -- before an expression that starts with '-':
        verify eval -- "-2^2".

        Exit codes: 0 printed; 1 the expression cannot be evaluated (domain error); 64 usage error;
        65 the expression is invalid (syntax error or unknown name).
        """)

    @Argument(help: "The expression, e.g. \"l/3 - 2*l^2/pi*asin(1/(2*l))\".")
    var expression: String

    @Option(name: .customLong("set"), parsing: .unconditionalSingleValue,
            help: ArgumentHelp("Bind a variable: name=value (the value is itself an expression).", valueName: "name=value"))
    var bindings: [String] = []

    @Option(help: "Significant decimal digits to print; sets the precision to fit.")
    var digits: Int?

    @Option(help: "Working precision in bits, \(Interval.userPrecisionRange.lowerBound)…\(Interval.userPrecisionRange.upperBound) (default \(Interval.defaultPrecision)).")
    var precision: Int?

    @Flag(help: "Print {\"lower\": ..., \"upper\": ..., \"precision\": ...} instead of text.")
    var json = false

    @Flag(help: "Print the shared digits once, with the differing tails in brackets.")
    var compact = false

    func validate() throws {
        if digits != nil && precision != nil {
            throw ValidationError("--digits and --precision are exclusive: give one of them")
        }
        if let digits, !(1...100_000).contains(digits) { throw ValidationError("--digits must be between 1 and 100000") }
        let range = Interval.userPrecisionRange
        if let precision, !range.contains(precision) {
            throw ValidationError("--precision must be between \(range.lowerBound) and \(range.upperBound) bits")
        }
    }

    func run() throws {
        // --digits: the bits that hold them, and 16 guard bits (within the user range for 1…100000 digits).
        let bits = precision ?? digits.map { Interval.bits(forDecimalDigits: $0) + 16 } ?? Interval.defaultPrecision
        let printedDigits = digits ?? Interval.decimalDigits(forBits: bits)
        var environment = Environment()
        for binding in bindings {
            guard let equals = binding.firstIndex(of: "="), ExpressionParser.isPlainIdentifier(String(binding[..<equals])) else {
                throw ValidationError("--set expects name=value, got '\(binding)'")
            }
            let name = String(binding[..<equals]), valueText = String(binding[binding.index(after: equals)...])
            let value = try parseOrExit(valueText, what: "the value of \(name)")
            do {
                switch try value.evaluate(in: environment, precision: bits) {
                case .exact(let r): environment.variables[name] = .exact(r)
                case .enclosure(let i): environment.variables[name] = .enclosure(i)
                }
            } catch {
                fail("cannot evaluate the value of \(name): \(error)", code: 1)
            }
        }
        let parsed = try parseOrExit(expression, what: "the expression")
        do {
            try parsed.validate(knownVariables: Set(environment.variables.keys), definitions: environment.definitions)
        } catch let error as EvaluationError {
            fail("invalid expression: \(error)\n  \(expression)\n  " + String(repeating: " ", count: max(0, error.column - 1)) + "^",
                 code: ExitCodes.invalidFile)
        }
        let value: Value
        do {
            value = try parsed.evaluate(in: environment, precision: bits)
        } catch let error as IntervalDomainError {
            fail("\(error)", code: 1)
        } catch {
            fail("cannot evaluate: \(error)", code: 1)
        }
        let enclosure = value.asInterval(precision: bits)
        if json {
            var fields = [
                "\"lower\": \"\(enclosure.lowerDecimal(digits: printedDigits))\"",
                "\"upper\": \"\(enclosure.upperDecimal(digits: printedDigits))\"",
                "\"precision\": \(bits)",
            ]
            if let exact = value.exact { fields.append("\"exact\": \"\(exact)\"") }
            print("{" + fields.joined(separator: ", ") + "}")
        } else {
            print(compact ? enclosure.compactDescription(digits: printedDigits) : enclosure.description(digits: printedDigits))
            if let exact = value.exact { print("exact: \(exact)") }
        }
    }

    func parseOrExit(_ text: String, what: String) throws -> ClosedForms.Expression {
        do {
            return try ExpressionParser.parse(text)
        } catch let error as ExpressionSyntaxError {
            fail("syntax error in \(what) at \(error)\n  \(text)\n  " + String(repeating: " ", count: max(0, error.column - 1)) + "^",
                 code: ExitCodes.invalidFile)
        }
    }
}

/// Prints `message` to standard error prefixed with `verify: ` and exits with `code`.
func fail(_ message: String, code: Int32) -> Never {
    FileHandle.standardError.write(Data("verify: \(message)\n".utf8))
    exit(code)
}
