import XCTest
import Foundation

/// Short files that ask for enormous work or memory: refused while planning (exit 65)
/// with the claim, the estimate, the limit and the option that raises it, or stopped
/// during evaluation (INCONCLUSIVE, exit 2) when the estimate could not see the work
/// coming — always quickly and in bounded memory. The inputs are generated here.
final class ResourceLimitTests: XCTestCase {

    static let header = "[theorem]\ntitle = \"hostile\"\nsource = \"tests\"\n\n[setting]\nactivation = \"erf\"\n\n"

    /// Runs `verify` on `text` under a 4 GB address-space limit and asserts that it
    /// ended by itself, cleanly, within `seconds`.
    func run(_ text: String, _ arguments: [String] = [], seconds: Double = 60,
             file: StaticString = #filePath, line: UInt = #line) throws -> CommandResult {
        let directory = try TemporaryDirectory()
        let path = try directory.write(text, "hostile.toml")
        let result = try VerifyBinary.run([path, "--no-progress"] + arguments, timeout: seconds + 30,
                                          memoryLimitKB: 4_000_000)
        VerifyBinary.assertClean(result, "verify", file: file, line: line)
        XCTAssertLessThan(result.seconds, seconds, "took \(result.seconds) s", file: file, line: line)
        return result
    }

    /// Thirty definitions, each calling the previous one twice: 2^30 calls from a
    /// ten-line file. Refused before any evaluation, at the claim's line.
    func testExponentialDefinitionsAreRefusedWhilePlanning() throws {
        var definitions = ["\"f0(x)\" = \"x\""]
        for i in 1...30 { definitions.append("\"f\(i)(x)\" = \"f\(i - 1)(x) + f\(i - 1)(x)\"") }
        let text = Self.header + "[definitions]\n" + definitions.joined(separator: "\n")
            + "\n\n[[claim]]\nname = \"boom\"\nkind = \"inequality\"\nholds = \"f30(1) > 0\"\n"
        let result = try run(text, seconds: 10)
        XCTAssertEqual(result.status, 65, result.stderr)
        XCTAssertTrue(result.stderr.contains("claim[1].holds"), result.stderr)
        XCTAssertTrue(result.stderr.contains("nodes"), result.stderr)
        // The claim's line (definitions: 8 header lines + 31 definitions + blank + 3 claim lines).
        let line = text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.hasPrefix("holds") }! + 1
        XCTAssertTrue(result.stderr.contains("hostile.toml:\(line):"), result.stderr)
    }

    /// The same blow-up in a range bound, which planning itself evaluates.
    func testExponentialRangeBoundIsRefusedBeforeItIsEvaluated() throws {
        var definitions = ["\"f0(x)\" = \"x\""]
        for i in 1...30 { definitions.append("\"f\(i)(x)\" = \"f\(i - 1)(x) + f\(i - 1)(x)\"") }
        let text = Self.header + "[parameters]\nm = \"1..f30(1)\"\n\n[definitions]\n"
            + definitions.joined(separator: "\n")
            + "\n\n[[claim]]\nname = \"boom\"\nkind = \"inequality\"\nholds = \"m > 0\"\n"
        let result = try run(text, seconds: 10)
        XCTAssertEqual(result.status, 65, result.stderr)
        XCTAssertTrue(result.stderr.contains("parameters.m"), result.stderr)
        XCTAssertTrue(result.stderr.contains("nodes"), result.stderr)
    }

    /// Per-evaluation limits multiply: 10⁶ instances of a sum of 5·10⁶ terms. The
    /// estimate names the claim, the budget and the option.
    func testInstancesTimesTermsPassTheWorkBudget() throws {
        let text = Self.header + "[parameters]\nm = \"1..1000000\"\n\n[[claim]]\nname = \"many\"\nkind = \"inequality\"\n"
            + "holds = \"sum(j, 1, 5000000, j/(m+j)) > 0\"\n"
        let result = try run(text, seconds: 30)
        XCTAssertEqual(result.status, 65, result.stderr)
        for needle in ["claim 'many'", "work budget of 1e10", "--work-budget", "hostile.toml:12:"] { // the claim's name line
            XCTAssertTrue(result.stderr.contains(needle), "missing \(needle): \(result.stderr)")
        }
    }

    /// Work the plan cannot foresee (sums whose bounds depend on an outer sum): the
    /// evaluator's own count stops it, the instance is INCONCLUSIVE with the reason,
    /// and the remaining instances are not attempted.
    func testRuntimeEnforcementStopsWorkThePlanCouldNotSee() throws {
        let text = Self.header + "[parameters]\nm = \"1..30\"\n\n[definitions]\n"
            + "\"g(m)\" = \"sum(i, 1, m, sum(j, 1, i, 1/(i+j)))\"\n\n"
            + "[[claim]]\nname = \"nested\"\nkind = \"inequality\"\nholds = \"g(100*m) > 0\"\n"
        let result = try run(text, ["--work-budget", "2e6"], seconds: 30)
        XCTAssertEqual(result.status, 2, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains("work budget of 2e6 units is exhausted"), result.stdout)
        XCTAssertTrue(result.stdout.contains("--work-budget"), result.stdout)
        // A larger budget decides the same file (the limit is what stopped it).
        let generous = try run(text.replacingOccurrences(of: "1..30", with: "1..2"), ["--work-budget", "1e9"], seconds: 60)
        XCTAssertEqual(generous.status, 0, generous.stdout + generous.stderr)
    }

    /// The budget is honoured by a file that fits: the shipped kernels file runs with
    /// its default and reports the work it used.
    func testReportsTheWorkUsed() throws {
        let text = Self.header + "[[claim]]\nname = \"k\"\nkind = \"kernel\"\ntolerance = \"1e-9\"\n"
            + "points = [[\"1\", \"2\", \"1/2\"]]\n"
        let result = try run(text, seconds: 60)
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains(" of 1e10 work units"), result.stdout)
        let tooSmall = try run(text, ["--work-budget", "10"], seconds: 30)
        XCTAssertEqual(tooSmall.status, 65, tooSmall.stderr)
        XCTAssertTrue(tooSmall.stderr.contains("--work-budget"), tooSmall.stderr)
    }

    /// A kernel point at 2^20 bits with a 10⁻⁹ tolerance: the quadrature works at the
    /// precision its target needs, so this takes seconds, not minutes — and the
    /// verdict still rests on an enclosure (a wrong closed form stays REFUTED).
    func testKernelQuadratureWorksAtThePrecisionItsTargetNeeds() throws {
        let text = Self.header + "[[claim]]\nname = \"kern\"\nkind = \"kernel\"\ntolerance = \"1e-9\"\n"
            + "points = [[\"1\", \"2\", \"1/2\"]]\n\n[verify]\nprecision = 1048576\nmax-precision = 1048576\n"
        let result = try run(text, seconds: 45)
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains("VERIFIED"), result.stdout)
    }

    /// 1000 students at 8192 bits: the dense evaluation would need about 9 GiB (it
    /// used to pass 6 GB and abort). Refused while
    /// planning with the estimate, the limit and the option; a raised limit lets the
    /// same plan through (checked with --work-budget 1 so that nothing is evaluated).
    func testCopyAverageWithThousandsOfStudentsIsRefusedBeforeAllocating() throws {
        let text = Self.header + "[parameters]\nk = \"1000..1000\"\nn = \"1000..1000\"\n\n[family.ca]\n"
            + "kind = \"copy-average\"\npartitions = \"(1^k)\"\nincoming = \"1/sqrt(l*(2*l - 1))\"\noutgoing = \"l\"\n\n"
            + "[[claim]]\nname = \"crit\"\nkind = \"critical-point\"\nfamily = \"ca\"\n\n"
            + "[verify]\nprecision = 8192\nmax-precision = 8192\n"
        let result = try run(text, seconds: 30)
        XCTAssertEqual(result.status, 65, result.stderr)
        for needle in ["claim 'crit'", "GiB", "limit of 8.0 GiB", "--memory-limit", "n = 1000 students", "8192 bits"] {
            XCTAssertTrue(result.stderr.contains(needle), "missing \(needle): \(result.stderr)")
        }
        let raised = try run(text, ["--memory-limit", "64", "--work-budget", "1"], seconds: 30)
        XCTAssertEqual(raised.status, 65, raised.stderr)
        XCTAssertFalse(raised.stderr.contains("--memory-limit"), raised.stderr)
        XCTAssertTrue(raised.stderr.contains("--work-budget"), raised.stderr)
        // 2000 students at 128 bits (it used 2.2 GB and ran for long): within the memory
        // limit, but refused by the work budget before anything is built.
        let wide = text.replacingOccurrences(of: "1000..1000", with: "2000..2000")
            .replacingOccurrences(of: "8192", with: "128")
        let refused = try run(wide, seconds: 30)
        XCTAssertEqual(refused.status, 65, refused.stderr)
        XCTAssertTrue(refused.stderr.contains("claim 'crit' needs an estimated"), refused.stderr)
        XCTAssertTrue(refused.stderr.contains("--work-budget"), refused.stderr)
    }

    /// Precision doubling stops where the next precision would pass the memory limit:
    /// INCONCLUSIVE with the reason, never an allocation failure.
    func testPrecisionDoublingStopsAtTheMemoryLimit() throws {
        // An equality that no precision can verify within a zero tolerance.
        let text = Self.header + "[parameters]\nk = \"150..150\"\nn = \"150..150\"\n\n[family.ca]\n"
            + "kind = \"copy-average\"\npartitions = \"(1^k)\"\nincoming = \"1/sqrt(l*(2*l - 1))\"\noutgoing = \"l\"\n\n"
            + "[[claim]]\nname = \"loss\"\nkind = \"loss\"\nfamily = \"ca\"\ntolerance = \"0\"\nequals = \"0\"\n"
        let result = try run(text, ["--memory-limit", "0.1", "--max-precision", "1048576"], seconds: 120)
        XCTAssertEqual(result.status, 2, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains("of memory, more than the limit"), result.stdout)
    }

    func testUsageErrorsForTheLimits() throws {
        for arguments in [["--work-budget", "0"], ["--work-budget", "nan"], ["--memory-limit", "-1"]] {
            let result = try run(Self.header + "[[claim]]\nname = \"a\"\nkind = \"equality\"\nholds = \"1 = 1\"\n",
                                 arguments, seconds: 10)
            XCTAssertEqual(result.status, 64, "\(arguments): \(result.stderr)")
        }
    }
}
