import XCTest
import Foundation
import TheoremFiles

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

    /// A range bound is evaluated again at every instance of the earlier ranges
    /// (`ParameterInstances.expand`), each evaluation up to `Expression.maximumTerms`
    /// (10^7) terms: 10^6 × 10^7 terms for a one-line range. Expected: a budget on
    /// planning (or on the terms of all the bounds together), refused with exit 65.
    func testPlanningARangeBoundWithAHugeSumAtEveryInstanceIsBounded() throws {
        let text = """
        [theorem]
        title = "t"
        source = "s"

        [setting]
        activation = "erf"

        [parameters]
        a = "1..999999"
        b = "1..sum(j, 1, 9999999, 0) + 1"

        [[claim]]
        name = "c"
        kind = "inequality"
        holds = "a + b > 0"

        """
        try assertRejectedCleanly(text, "a range bound summing 10^7 terms at 10^6 instances", timeout: 20)
    }
}
