import XCTest
import CheckerTestSupport
import Foundation
import CertifiedIntervals
@testable import ClaimDecisions
import Reports
import TheoremFiles

/// `--jobs`: the instances of a claim decided on several threads give the report of a
/// serial run (timing aside), also when the work budget runs out in the middle of a
/// claim; `--shard i/N` and `verify merge`: three shards run as processes and merged
/// give the report of the unsharded run; bad shard sets are refused naming the shard.
final class ParallelRunTests: XCTestCase {
    /// A small file with every kind of decision the shards must carry: copy-average
    /// critical points, losses, a minimum over the family (its members compared within
    /// one instance), Morse indices, a claim over an unbounded range, kernel values, and
    /// a claim refuted at one instance (L*(1) = 1/3 − (2/π)·asin(1/2) = 0 exactly, so
    /// `Lstar(l) > 1/100` is false at l = 1 and true at l = 2, 3, 4: L*(2) ≈ 0.0230,
    /// L*(3) ≈ 0.0411, L*(4) ≈ 0.0547 by the closed form).
    static let fixture = TheoremFileFixtures.copyAverageEveryClaimKind(title: "parallel and sharded runs", source: "ParallelRunTests") + """

    [[claim]]
    name        = "ca-morse-index"
    kind        = "hessian"
    family      = "ca"
    for         = { k = "2..4" }
    morse-index = "0"
    morse-index-by-partition = { "2,2" = 2 }

    [[claim]]
    name  = "Lstar-concave"
    kind  = "inequality"
    for   = { l = "2.." }
    holds = "Lstar(l+1) - 2*Lstar(l) + Lstar(l-1) < 0"

    [[claim]]
    name      = "exact-third"
    kind      = "equality"
    holds     = "2/pi*asin(1/2) = 1/3"
    tolerance = "1e-60"

    [[claim]]
    name  = "Lstar-above-one-hundredth"
    kind  = "inequality"
    for   = { l = "1..4" }
    holds = "Lstar(l) > 1/100"

    [report.latex]
    claims  = ["ca-optimal", "ca-loss"]
    columns = ["k", "n", "partition", "loss", "verdict"]
    digits  = 12
    """

    // MARK: --jobs

    /// The JSON of a run with `jobs` threads and the given budget.
    func report(_ text: String, jobs: Int, budget: Double = ResourceLimits.defaultWorkBudget,
                start: Int = 128) throws -> TheoremReport {
        let theorem = try TheoremFileParser.parse(text: text, file: "fixture.toml")
        var options = VerificationOptions(startPrecision: start, maximumPrecision: 512,
                                          limits: ResourceLimits(workBudget: budget))
        options.jobs = jobs
        let verifier = TheoremVerifier(file: theorem, options: options)
        return verifier.run(try verifier.plan())
    }

    func testJobsGiveTheSerialReport() throws {
        for text in [Self.fixture, try Theorems.shipped("gaussian_kernels.toml")] {
            let serial = try Self.withoutTiming(JSONReport.render(try report(text, jobs: 1)))
            XCTAssertTrue(serial.contains("REFUTED") || !text.contains("one-hundredth"), "the fixture has a refutation")
            for jobs in [2, 4] {
                let parallel = try Self.withoutTiming(JSONReport.render(try report(text, jobs: jobs)))
                XCTAssertEqual(parallel, serial, "--jobs \(jobs) differs from --jobs 1")
            }
        }
    }

    /// A budget that runs out in the middle of a claim: the same instances are refused,
    /// and the same work is reported (`work` is compared too), with 1, 2 and 4 threads.
    ///
    /// The planner refuses a file whose work estimated at the start precision passes the
    /// budget; starting at 32 bits, most instances retry at 64 and 128 bits (tolerance
    /// 1e-30), so the run spends more than the estimate, and a budget between the two
    /// runs out during the run.
    func testBudgetRunningOutMidClaimIsDeterministic() throws {
        let text = Self.fixture.replacingOccurrences(of: "for   = { l = \"2..\" }", with: "for   = { l = \"2..5\" }")
        let theorem = try TheoremFileParser.parse(text: text, file: "fixture.toml")
        let verifier = TheoremVerifier(file: theorem, options: VerificationOptions(startPrecision: 32, maximumPrecision: 512))
        let plan = try verifier.plan()
        let estimate = try plan.claims.reduce(0.0) { $0 + (try verifier.estimatedWork($1)) }
        let full = try report(text, jobs: 1, start: 32)
        let spent = try XCTUnwrap(full.work?.split(separator: " ").first.flatMap { Self.units(String($0)) })
        XCTAssertGreaterThan(spent, estimate * 1.2, "the run does not spend more than estimated: the test tests nothing")
        var sawPartialRefusal = false
        for fraction in [0.1, 0.3, 0.5, 0.8] {
            let budget = estimate * 1.01 + (spent - estimate * 1.01) * fraction
            let serial = try report(text, jobs: 1, budget: budget, start: 32)
            let instances = serial.claims.flatMap(\.instances)
            let refused = instances.filter { $0.detail?.contains("work budget") == true }.count
            if refused > 0 && refused < instances.count { sawPartialRefusal = true }
            let serialText = try Self.withoutTiming(JSONReport.render(serial))
            for jobs in [2, 4] {
                let parallel = try Self.withoutTiming(JSONReport.render(try report(text, jobs: jobs, budget: budget, start: 32)))
                XCTAssertEqual(parallel, serialText, "budget \(budget): --jobs \(jobs) differs from --jobs 1")
            }
        }
        XCTAssertTrue(sawPartialRefusal, "no budget refused some instances but not all: the test tests nothing")
    }

    // MARK: --shard and verify merge

    func testThreeShardsMergeToTheUnshardedRun() throws {
        let directory = try TemporaryDirectory()
        let file = try directory.write(Self.fixture, "fixture.toml")
        let base = directory.url.path
        let whole = try VerifyBinary.run([file, "--jobs", "1", "--quiet", "--json", base + "/whole.json",
                                          "--latex", base + "/whole-tex", "--junit", base + "/whole.xml"], timeout: 600)
        VerifyBinary.assertClean(whole, "unsharded run")
        XCTAssertEqual(whole.status, 1, "the fixture has a REFUTED instance")
        for i in 1...3 {
            let shard = try VerifyBinary.run([file, "--shard", "\(i)/3", "--quiet", "--json", base + "/shard\(i).json"],
                                             timeout: 600)
            VerifyBinary.assertClean(shard, "shard \(i)/3")
            XCTAssertTrue([0, 1].contains(shard.status), "shard \(i): \(shard.stderr)")
        }
        // Every shard decides something (the split is not degenerate).
        for i in 1...3 {
            let shard = try JSONDecoder().decode(ShardReport.self, from: Data(contentsOf: URL(fileURLWithPath: base + "/shard\(i).json")))
            XCTAssertGreaterThan(shard.claims.reduce(0) { $0 + $1.instances.count }, 3, "shard \(i)")
            XCTAssertEqual(shard.fileSHA256, SHA256.hexDigest(Array(Self.fixture.utf8)))
            XCTAssertEqual(shard.checkerVersion, CheckerVersion.current)
        }
        let merged = try VerifyBinary.run(["merge", base + "/shard3.json", base + "/shard1.json", base + "/shard2.json",
                                           "--quiet", "--json", base + "/merged.json", "--latex", base + "/merged-tex",
                                           "--junit", base + "/merged.xml"])
        VerifyBinary.assertClean(merged, "merge")
        XCTAssertEqual(merged.status, 1, "merge exits as the run: REFUTED")
        let wholeJSON = try String(contentsOfFile: base + "/whole.json", encoding: .utf8)
        let mergedJSON = try String(contentsOfFile: base + "/merged.json", encoding: .utf8)
        XCTAssertEqual(try Self.withoutTiming(mergedJSON, dropWork: true), try Self.withoutTiming(wholeJSON, dropWork: true))
        XCTAssertTrue(wholeJSON.contains("\"morse_index\" : 2") && wholeJSON.contains("REFUTED"))
        XCTAssertEqual(try String(contentsOfFile: base + "/merged-tex/fixture.tex", encoding: .utf8),
                       try String(contentsOfFile: base + "/whole-tex/fixture.tex", encoding: .utf8))
        func junit(_ name: String) throws -> String {
            try String(contentsOfFile: base + "/" + name, encoding: .utf8)
                .replacingOccurrences(of: #"time="[0-9.]*""#, with: "", options: .regularExpression)
        }
        XCTAssertEqual(try junit("merged.xml"), try junit("whole.xml"))

        // A missing shard: exit 65, the missing shard and the given ones named.
        let missing = try VerifyBinary.run(["merge", base + "/shard1.json", base + "/shard3.json", "--quiet"])
        XCTAssertEqual(missing.status, 65)
        XCTAssertTrue(missing.stderr.contains("shard 2/3 missing") && missing.stderr.contains("shard1.json"), missing.stderr)
        // A duplicated shard.
        let duplicated = try VerifyBinary.run(["merge", base + "/shard1.json", base + "/shard2.json", base + "/shard2.json",
                                               base + "/shard3.json", "--quiet"])
        XCTAssertEqual(duplicated.status, 65)
        XCTAssertTrue(duplicated.stderr.contains("shard2.json: duplicate shard"), duplicated.stderr)
        // A shard of another version of the file (one comment added).
        let changed = try directory.write(Self.fixture + "\n# edited\n", "fixture.toml")
        let other = try VerifyBinary.run([changed, "--shard", "2/3", "--quiet", "--json", base + "/other2.json"], timeout: 600)
        VerifyBinary.assertClean(other, "shard of the edited file")
        let mismatched = try VerifyBinary.run(["merge", base + "/shard1.json", base + "/other2.json", base + "/shard3.json",
                                               "--quiet"])
        XCTAssertEqual(mismatched.status, 65)
        XCTAssertTrue(mismatched.stderr.contains("other2.json") && mismatched.stderr.contains("SHA-256"), mismatched.stderr)
        // A shard of another checker version.
        let foreign = try String(contentsOfFile: base + "/shard2.json", encoding: .utf8)
            .replacingOccurrences(of: "\"checker_version\" : \"\(CheckerVersion.current)\"", with: "\"checker_version\" : \"0.0.1\"")
        try directory.write(foreign, "foreign2.json")
        let version = try VerifyBinary.run(["merge", base + "/shard1.json", base + "/foreign2.json", base + "/shard3.json",
                                            "--quiet"])
        XCTAssertEqual(version.status, 65)
        XCTAssertTrue(version.stderr.contains("foreign2.json") && version.stderr.contains("0.0.1"), version.stderr)
        // A damaged shard report: an impossible shard, a negative instance count.
        let shard1 = try String(contentsOfFile: base + "/shard1.json", encoding: .utf8)
        for (name, damaged) in [("zero-count.json", shard1.replacingOccurrences(of: "\"count\" : 3", with: "\"count\" : 0")),
                                ("negative.json", shard1.replacingOccurrences(
                                    of: #""planned_instances" : [0-9]+"#, with: "\"planned_instances\" : -5",
                                    options: .regularExpression))] {
            XCTAssertNotEqual(damaged, shard1, name)
            try directory.write(damaged, name)
            let result = try VerifyBinary.run(["merge", base + "/" + name, base + "/shard2.json", base + "/shard3.json",
                                               "--quiet"])
            VerifyBinary.assertClean(result, name)
            XCTAssertEqual(result.status, 65, name)
            XCTAssertTrue(result.stderr.contains(name), result.stderr)
        }
        // Not a shard report (an ordinary report).
        let plain = try VerifyBinary.run(["merge", base + "/whole.json", "--quiet"])
        XCTAssertEqual(plain.status, 65)
        XCTAssertTrue(plain.stderr.contains("whole.json: not a shard report"), plain.stderr)
    }

    func testShardAndJobsUsageErrors() throws {
        let directory = try TemporaryDirectory()
        let file = try directory.write(Self.fixture, "fixture.toml")
        let json = directory.url.path + "/out.json"
        for shard in ["0/3", "4/3", "1/0", "a/b", "1/3/2", "-1/3", "1", ""] {
            let result = try VerifyBinary.run([file, "--shard", shard, "--json", json, "--quiet"])
            XCTAssertEqual(result.status, 64, "--shard '\(shard)': \(result.stderr)")
        }
        for jobs in ["0", "-2", "100000"] {
            let result = try VerifyBinary.run([file, "--jobs", jobs, "--quiet"])
            XCTAssertEqual(result.status, 64, "--jobs \(jobs): \(result.stderr)")
        }
        let noJSON = try VerifyBinary.run([file, "--shard", "1/2", "--quiet"])
        XCTAssertEqual(noJSON.status, 64, noJSON.stderr)
        let withLatex = try VerifyBinary.run([file, "--shard", "1/2", "--json", json, "--latex", directory.url.path, "--quiet"])
        XCTAssertEqual(withLatex.status, 64, withLatex.stderr)
    }

    // MARK: Helpers

    /// The JSON with every `seconds` field removed (and `work`, for merged shards whose
    /// work is the sum of the shards'), re-serialised with sorted keys.
    static func withoutTiming(_ json: String, dropWork: Bool = false) throws -> String {
        func strip(_ value: Any) -> Any {
            if let object = value as? [String: Any] {
                var result: [String: Any] = [:]
                for (key, item) in object where key != "seconds" && !(dropWork && key == "work") { result[key] = strip(item) }
                return result
            }
            if let array = value as? [Any] { return array.map(strip) }
            return value
        }
        let object = strip(try JSONSerialization.jsonObject(with: Data(json.utf8)))
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted])
        return String(decoding: data, as: UTF8.self)
    }

    /// `3.1e8` or `4521` as a number of units.
    static func units(_ text: String) -> Double? {
        if let e = text.firstIndex(of: "e") {
            guard let mantissa = Double(text[..<e]), let exponent = Double(text[text.index(after: e)...]) else { return nil }
            return mantissa * pow(10, exponent)
        }
        return Double(text)
    }
}
