import XCTest
import Foundation
@testable import TheoremFiles

/// Inputs found by fuzzing (`Sources/fuzz-inputs`, `make fuzz`), each built here at test
/// time, minimised. Every one must end in a clean error: exit code 65 with a located
/// `TheoremFileError`, never a crash, a hang or a runaway allocation.
///
/// The ones that crash the process (an abort inside the TOML library) run the `verify`
/// binary as a subprocess, so that they fail this test instead of killing the test run.
final class FuzzFindingTests: XCTestCase {

    /// Runs `verify FILE` on `text` and expects the documented rejection (exit 65, no
    /// crash output, a message naming the file).
    func assertRejectedCleanly(_ text: String, _ what: String, timeout: Double = 30,
                               file: StaticString = #filePath, line: UInt = #line) throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write(text, "fuzz.toml")
        let result = try VerifyBinary.run([path], timeout: timeout)
        VerifyBinary.assertClean(result, what, file: file, line: line)
        guard !result.signalled, !result.timedOut else { return }
        XCTAssertEqual(result.status, 65, "\(what): expected exit 65 (invalid file); stderr: \(result.stderr.prefix(300))",
                       file: file, line: line)
        XCTAssertTrue(result.stderr.contains("fuzz.toml"), "\(what): the error names the file; stderr: \(result.stderr.prefix(300))",
                      file: file, line: line)
    }

    /// toml++ 3.4.0 (bundled by TOMLKit 0.6.0): `parser::parse_table_header()` calls
    /// `parse_key()` on a character that is neither a bare-key character nor a quote,
    /// and `parse_key()` only asserts it (`TOML_ASSERT_ASSUME`, toml.hpp:15481): the
    /// process aborts (undefined behaviour where NDEBUG is set). Fix: in
    /// `TOMLDocument.parse`, before TOMLKit sees the text.
    func testTableHeaderStartingWithAnInvalidKeyCharacterIsASyntaxError() throws {
        for (text, what) in [("[~]\n", "[~]"), ("[\r", "'[' then a carriage return"), ("[[#]]\n", "[[#]]"),
                             ("[ é]\n", "[ é]"), ("[[[1]]]\n", "[[[1]]]"), ("[\n", "'[' then a newline")] {
            try assertRejectedCleanly(text, "table header \(what)")
        }
    }

    /// Second run: the same assertion (`parse_key()`, toml.hpp:15481, called from
    /// `parse_table_header()`, toml.hpp:15600) after a carriage return inside the
    /// header. The library skips only spaces and tabs after `[`, while the pre-scan
    /// skipped a carriage return too (`skipSpaces`) and then saw a key. Found as
    /// `\t[\t\r\t\t\te`; minimised to `[\re`.
    func testTableHeaderWithACarriageReturnBeforeTheKeyIsASyntaxError() throws {
        for (text, what) in [("[\re", "[ CR e (minimised)"), ("[\re]\n", "[ CR e]"), ("[\t\r\t\t\te\n", "[ tab CR tabs e"),
                             ("[[\ra]]\n", "[[ CR a]]"), ("[ \r\na]\n", "[ CR LF a]"),
                             ("x = 1\r\n[\rclaim]\r\n", "after CRLF lines")] {
            try assertRejectedCleanly(text, "table header \(what)")
            let directory = try TemporaryDirectory()
            let path = try directory.write(text, "fuzz.toml")
            let result = try VerifyBinary.run([path], timeout: 30)
            XCTAssertTrue(result.stderr.contains("TOML syntax error: a table header must start with a key"),
                          "\(what): the pre-scan refuses it, not the abort guard; stderr: \(result.stderr.prefix(300))")
        }
    }

    /// Second run: the same assertion behind a UTF-8 byte order mark (`\u{FEFF}[;`).
    /// toml++ skips the mark at the start of the document, while the pre-scan read
    /// it as the start of a key and left the line to the library (`deepKey()`).
    /// `verify FILE` does not reach it (Foundation's UTF-8 decoding drops the mark),
    /// but `TheoremFileParser.parse(text:file:)` — the harness, any other caller — does.
    /// Found as `\u{FEFF}[;\t\n`. The pre-scan is checked in process (it never aborts;
    /// `parse(text:file:)` is not called here, since before the fix the library would
    /// end the test process), the command line in a subprocess.
    func testTableHeaderWithoutAKeyAfterAByteOrderMarkIsASyntaxError() throws {
        for (text, column) in [("\u{FEFF}[;", 2), ("\u{FEFF}[;\t\n", 2), ("\u{FEFF}\t[\re]\n", 3),
                               ("\u{FEFF}a = [}\n", 6), ("\u{FEFF}a = 1\n[~]\n", 2)] {
            let problem = TOMLPrescan.problem(in: text)
            XCTAssertNotNil(problem, text.debugDescription)
            XCTAssertTrue(problem?.message.hasPrefix("TOML syntax error: ") ?? false, "\(text.debugDescription): \(String(describing: problem))")
            XCTAssertEqual(problem?.column, column, text.debugDescription)
            try assertRejectedCleanly(text, "byte order mark then \(text.dropFirst().debugDescription)")
        }
        // A mark before a valid file changes nothing.
        XCTAssertNil(TOMLPrescan.problem(in: "\u{FEFF}[theorem]\ntitle = \"t\"\n"))
    }

    /// toml++ 3.4.0: `parser::parse_array()` (toml.hpp:16068) calls `parse_value()` on a
    /// value terminator such as `}` right after `[` or after a comma, and `parse_value()`
    /// asserts it is not one (`!is_value_terminator(*cp)`, toml.hpp:14994): the process
    /// aborts. Found as `columns = ["k", }}}…` in a mutated theorem file.
    func testArrayHoldingAClosingBraceIsASyntaxError() throws {
        for (text, what) in [("a = [}\n", "a = [}"), ("a = [1,}\n", "a = [1,}"), ("a = { b = [}] }\n", "inline table")] {
            try assertRejectedCleanly(text, "array \(what)")
        }
    }

    /// toml++ 3.4.0: a date followed by `T` (or `t`) and a time that does not start with
    /// a digit, when the value goes on to a `:`, makes `parser::parse_date_time()`
    /// (toml.hpp:14891) call `parse_time()`, which asserts a digit
    /// (`is_decimal_digit(*cp)`, toml.hpp:14790): the process aborts. Found as
    /// `5=1979-05-27T"""3z2:239n`.
    func testDateTimeWithoutTimeDigitsIsASyntaxError() throws {
        for (text, what) in [("a = 1979-05-27T:\n", "1979-05-27T:"), ("a = 1979-05-27tx:\n", "1979-05-27tx:")] {
            try assertRejectedCleanly(text, "date-time \(what)")
        }
    }

    /// Planning has no total budget: ranges may give 10^6 instances
    /// (`ParameterInstances.maximumInstances`) and a copy-average family 2·10^5
    /// partitions at each (`FamilyConfigurations.maximumMembers`), built twice per
    /// instance (`TheoremVerifier.plan()` and `checkSizes`). This 250-byte file plans
    /// for minutes (over 60 s in a debug build) before deciding anything. Expected: a
    /// budget on the total work of planning, refused with exit 65.
    func testPlanningManyPartitionsAtManyInstancesIsBounded() throws {
        let text = """
        [theorem]
        title = "t"
        source = "s"

        [setting]
        activation = "erf"

        [parameters]
        k = "1..70"
        n = "1..k"

        [family.f]
        kind = "copy-average"
        incoming = "1"
        outgoing = "1"

        [[claim]]
        name = "c"
        kind = "critical-point"
        family = "f"

        """
        try assertRejectedCleanly(text, "partitions of k = 1…70 into n = 1…k groups", timeout: 20)
    }

    /// A range bound was evaluated again at every instance of the earlier ranges
    /// (`ParameterInstances.expand`), each evaluation up to `Expression.maximumTerms`
    /// (10^7) terms: 10^6 × 10^7 terms for a one-line range. Now a bound that uses no
    /// earlier range is evaluated once, and planning charges every bound it evaluates
    /// to a work budget: one that does depend on an earlier range is stopped by it.
    func testPlanningARangeBoundWithAHugeSumAtEveryInstanceIsBounded() throws {
        func file(_ upper: String, _ outer: String) -> String {
            """
            [theorem]
            title = "t"
            source = "s"

            [setting]
            activation = "erf"

            [parameters]
            a = "\(outer)"
            b = "1..\(upper)"

            [[claim]]
            name = "c"
            kind = "inequality"
            holds = "a + b > 0"

            """
        }
        // Depends on a: evaluated at every a, stopped by the budget (exit 65, the range named).
        let directory = try TemporaryDirectory()
        let dependent = try directory.write(file("sum(j, 1, 999999, 0) + a - a + 1", "1..999999"), "fuzz.toml")
        let stopped = try VerifyBinary.run([dependent, "--work-budget", "1e7"], timeout: 20)
        VerifyBinary.assertClean(stopped, "dependent bound")
        XCTAssertEqual(stopped.status, 65, stopped.stderr)
        XCTAssertTrue(stopped.stderr.contains("parameters.b") && stopped.stderr.contains("--work-budget"), stopped.stderr)
        // Uses no earlier range: evaluated once, so 200 values of a fit a budget that
        // 200 evaluations of the bound would pass (200 × 2.4·10^7 units).
        let constant = try directory.write(file("sum(j, 1, 999999, 0) + 1", "1..200"), "once.toml")
        let once = try VerifyBinary.run([constant, "--work-budget", "1e8"], timeout: 60)
        VerifyBinary.assertClean(once, "constant bound")
        XCTAssertEqual(once.status, 0, once.stderr + once.stdout)
    }

    /// Defence in depth: should the TOML library abort on an input the pre-scan does not
    /// know, the abort becomes exit 65 with a message naming the file (the library's own
    /// text stays visible above it). Checked in a child process (this test binary run
    /// again on this test alone), since the guard ends the process.
    func testAnAbortInsideTheTOMLLibraryBecomesAnInvalidFileError() throws {
        if ProcessInfo.processInfo.environment["VERIFY_TEST_ABORT_INSIDE_TOML_GUARD"] == "1" {
            TOMLLibraryAbortGuard.reportingAborts(file: "guarded.toml") {
                FileHandle.standardError.write("toml.hpp: Assertion `x' failed.\n".data(using: .utf8)!)
                abort()
            }
            XCTFail("the guard returned after an abort")
            return
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        process.arguments = ["VerifyTests.FuzzFindingTests/testAnAbortInsideTheTOMLLibraryBecomesAnInvalidFileError"]
        var environment = ProcessInfo.processInfo.environment
        environment["VERIFY_TEST_ABORT_INSIDE_TOML_GUARD"] = "1"
        process.environment = environment
        let directory = try TemporaryDirectory()
        let errorPath = directory.path("stderr")
        _ = FileManager.default.createFile(atPath: errorPath, contents: nil)
        let errorHandle = try FileHandle(forWritingTo: URL(fileURLWithPath: errorPath))
        process.standardError = errorHandle
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try errorHandle.close()
        let stderr = (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? ""
        XCTAssertEqual(process.terminationReason, .exit, stderr)
        XCTAssertEqual(process.terminationStatus, 65, stderr)
        XCTAssertTrue(stderr.contains("guarded.toml: the TOML library stopped on this file"), stderr)
        // What the library printed before aborting stays visible, above the guard's message.
        XCTAssertTrue(stderr.contains("toml.hpp: Assertion"), stderr)
        // Outside the guard, the process's own handlers and standard error are back.
        var current = sigaction()
        sigaction(SIGABRT, nil, &current)
        XCTAssertNotEqual(fcntl(STDERR_FILENO, F_GETFD), -1)
    }
}
