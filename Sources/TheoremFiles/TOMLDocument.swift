import TOMLKit
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A TOML document as plain Swift values, so that the rest of the module does not
/// depend on the TOML library's types. Table keys keep no order (TOML tables are
/// unordered); `SourceLocator` knows where each key was written.
indirect enum TOMLNode {
    case string(String)
    case integer(Int)
    case float(Double)
    case boolean(Bool)
    case table([String: TOMLNode])
    case array([TOMLNode])
    /// Dates and times: valid TOML, never meaningful in a theorem file.
    case other(String)

    var typeName: String {
        switch self {
        case .string: return "a string"
        case .integer: return "an integer"
        case .float: return "a floating-point number"
        case .boolean: return "a boolean"
        case .table: return "a table"
        case .array: return "an array"
        case .other(let name): return "a \(name)"
        }
    }

    /// Parses `text`; throws `TheoremFileError` with line and column on a syntax error,
    /// a NUL byte or keys nested deeper than `TOMLPrescan.maximumKeyDepth` (checked
    /// before the TOML library sees the text: it would stop at the NUL, or overflow
    /// the stack). The tree is then at most that deep in keys and 256 in arrays and
    /// inline tables, so the recursive conversion below is safe.
    static func parse(_ text: String, file: String) throws -> [String: TOMLNode] {
        if let problem = TOMLPrescan.problem(in: text) {
            throw TheoremFileError(file: file, line: problem.line, column: problem.column, message: problem.message)
        }
        do {
            let table = try TOMLLibraryAbortGuard.reportingAborts(file: file) { try TOMLTable(string: text) }
            return convert(table)
        } catch let error as TOMLParseError {
            throw TheoremFileError(file: file, line: error.source.begin.line, column: error.source.begin.column,
                                   message: "TOML syntax error: \(error.description)")
        }
    }

    private static func convert(_ table: TOMLTable) -> [String: TOMLNode] {
        var result: [String: TOMLNode] = [:]
        for (key, value) in table { result[key] = convert(value) }
        return result
    }

    private static func convert(_ value: TOMLValueConvertible) -> TOMLNode {
        switch value.type {
        case .string: return .string(value.string ?? "")
        case .int: return .integer(value.int ?? 0)
        case .double: return .float(value.double ?? .nan)
        case .bool: return .boolean(value.bool ?? false)
        case .table: return .table(value.table.map(convert) ?? [:])
        case .array: return .array(value.array.map { $0.map(convert) } ?? [])
        default: return .other(value.type.description)
        }
    }
}

/// Defence in depth around the TOML library: toml++ checks some of its internal
/// invariants with `assert`, and an input that breaks one aborts the process instead
/// of raising a parse error. `TOMLPrescan` refuses the inputs known to do that, with a
/// precise message; for any other, this guard turns the abort into the documented exit
/// of an invalid theorem file (65) with a clear message, instead of a crash report.
///
/// While the library parses, SIGABRT is caught (the previous handler is restored
/// afterwards). Standard error is left alone, so whatever the library printed before
/// aborting (an assertion, or `std::bad_alloc` when memory runs out) stays visible
/// above the guard's message. The handler only writes a prepared message and calls
/// `_exit`, which is async-signal-safe. Single-threaded use only (the command line
/// parses one file at a time on its main thread).
public enum TOMLLibraryAbortGuard {
    /// Off in the fuzzing harness (`Sources/fuzz-inputs`): libFuzzer records an input as
    /// a finding (and saves it) only when the process dies of a signal it handles; an
    /// `_exit(65)` in the middle of an input is counted as a crash but the input is lost.
    /// With the guard off, an unknown toml++ assertion aborts, and libFuzzer saves the
    /// input with the assertion text and the stack.
    public static var isEnabled = true

    /// The message the handler writes, prepared before parsing (C memory: the handler
    /// may not allocate).
    private static var message: UnsafeMutablePointer<CChar>?

    static func reportingAborts<T>(file: String, _ body: () throws -> T) rethrows -> T {
        guard isEnabled else { return try body() }
        let text = "\(file): the TOML library stopped on this file (an internal check failed, or memory ran out: "
            + "see the line above); look for a malformed table header, array, inline table or date near the end "
            + "of what you last changed\n"
        message = strdup(text)
        var action = sigaction()
        var previous = sigaction()
        #if canImport(Glibc)
        action.__sigaction_handler.sa_handler = { _ in TOMLLibraryAbortGuard.reportAndExit() }
        #else
        action.__sigaction_u.__sa_handler = { _ in TOMLLibraryAbortGuard.reportAndExit() }
        #endif
        sigemptyset(&action.sa_mask)
        sigaction(SIGABRT, &action, &previous)
        defer {
            sigaction(SIGABRT, &previous, nil)
            free(message)
            message = nil
        }
        return try body()
    }

    private static func reportAndExit() {
        if let message { _ = write(STDERR_FILENO, message, strlen(message)) }
        _exit(65)
    }
}
