import XCTest
import CheckerTestSupport
import Foundation
import CertifiedIntervals
@testable import Reports
import TheoremFiles
@testable import ClaimDecisions

/// Reports are built while the instances are decided (`StreamedClaimReport`): each
/// decision becomes its report row and is dropped. The report must be the one built
/// from the whole list of decisions (timing aside), on one thread or several; on several,
/// decisions reach the report in instance order and no more than the window of them wait
/// in memory at once.
final class StreamedReportTests: XCTestCase {
    /// Copy-average claims of every kind that carries per-instance evidence, and a claim
    /// with many instances (40, more than the window of 2 or 3 threads) refuted at one:
    /// L*(1) = 1/3 − (2/π)·asin(1/2) = 0 exactly, so `Lstar(l) > 1/100` fails at l = 1 and
    /// holds from l = 2 on (L*(2) ≈ 0.0230, and L* increases).
    static let fixture = TheoremFileFixtures.copyAverageEveryClaimKind(title: "streamed reports", source: "StreamedReportTests") + """

    [[claim]]
    name        = "ca-morse-index"
    kind        = "hessian"
    family      = "ca"
    for         = { k = "2..3" }
    morse-index = "0"

    [[claim]]
    name  = "Lstar-above-one-hundredth"
    kind  = "inequality"
    for   = { l = "1..40" }
    holds = "Lstar(l) > 1/100"
    """

    func verifier(jobs: Int) throws -> TheoremVerifier {
        var options = VerificationOptions(startPrecision: 128, maximumPrecision: 512)
        options.jobs = jobs
        return TheoremVerifier(file: try TheoremFileParser.parse(text: Self.fixture, file: "streamed.toml"),
                               options: options)
    }

    /// The JSON without its timing fields (`seconds`), keys sorted.
    func withoutTiming(_ report: TheoremReport) throws -> String {
        func strip(_ value: Any) -> Any {
            if let object = value as? [String: Any] {
                return object.filter { $0.key != "seconds" }.mapValues(strip)
            }
            if let array = value as? [Any] { return array.map(strip) }
            return value
        }
        let object = strip(try JSONSerialization.jsonObject(with: Data(try JSONReport.render(report).utf8)))
        return String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }

    func testStreamedReportIsTheReportOfAllDecisions() throws {
        let collected: String = try {
            let verifier = try self.verifier(jobs: 1)
            let (claims, runner) = verifier.decide(try verifier.plan())
            let report = ReportBuilder(file: verifier.file, options: verifier.options)
                .report(claims, seconds: 0, workBudget: runner.workBudget)
            return try withoutTiming(report)
        }()
        XCTAssertTrue(collected.contains("REFUTED") && collected.contains("\"morse_index\":0"),
                      "the fixture lacks a refutation or a Morse index: the test tests less than it says")
        for jobs in [1, 2, 3] {
            let verifier = try self.verifier(jobs: jobs)
            let report = verifier.run(try verifier.plan())
            XCTAssertEqual(try withoutTiming(report), collected, "--jobs \(jobs): the streamed report differs")
            // The JSON written instance by instance is the encoder's text of the whole report.
            XCTAssertEqual(try JSONReport.render(report), try JSONReport.renderInOnePiece(report))
        }
    }

    /// `ParallelDecisions` hands the decisions over in instance order, each the serial
    /// one, and — with a consumer slower than the workers — keeps at most the window
    /// waiting.
    func testDecisionsArriveInOrderWithinTheWindow() throws {
        let serialVerifier = try verifier(jobs: 1)
        let plan = try serialVerifier.plan()
        let claim = try XCTUnwrap(plan.claims.first { $0.claim.name == "Lstar-above-one-hundredth" })
        XCTAssertEqual(claim.instances.count, 40)
        let serial = ParallelDecisions(runner: AdaptivePrecision(file: serialVerifier.file, options: serialVerifier.options),
                                       jobs: 1).decide(claim, claim.instances, done: {})
        for jobs in [2, 3] {
            let runner = AdaptivePrecision(file: serialVerifier.file, options: serialVerifier.options)
            var order: [Int] = []
            var verdicts: [Verdict] = []
            let window = ParallelDecisions.window(jobs: jobs)
            XCTAssertLessThan(window, claim.instances.count, "the window holds every instance: the test tests nothing")
            let mostWaiting = ParallelDecisions(runner: runner, jobs: jobs).decide(claim, claim.instances, done: {}) { i, d in
                order.append(i)
                verdicts.append(d.verdict)
                Thread.sleep(forTimeInterval: 0.005)   // slower than the workers: decisions queue up
            }
            XCTAssertEqual(order, Array(0..<40), "--jobs \(jobs)")
            XCTAssertEqual(verdicts, serial.map(\.verdict), "--jobs \(jobs)")
            XCTAssertEqual(verdicts.filter { $0 == .refuted }.count, 1)
            XCTAssertLessThanOrEqual(mostWaiting, window, "--jobs \(jobs): more decisions waited than the window")
            XCTAssertGreaterThan(mostWaiting, jobs, "--jobs \(jobs): nothing queued up: the test tests nothing")
        }
    }
}
