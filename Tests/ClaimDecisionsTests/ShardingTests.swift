import XCTest
import Foundation
@testable import ClaimDecisions
import TheoremFiles
import CheckerTestSupport

/// SHA-256 against FIPS 180-2 test vectors and the system's `sha256sum`; shard
/// assignment; the order of printed decimals used to merge worst bounds.
final class ShardingTests: XCTestCase {
    func testSHA256OfTheFIPSVectors() {
        // FIPS 180-2, appendix B.1–B.3.
        XCTAssertEqual(SHA256.hexDigest(Array("abc".utf8)),
                       "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(SHA256.hexDigest(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)),
                       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        XCTAssertEqual(SHA256.hexDigest([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)),
                       "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        // The empty message (a well-known digest).
        XCTAssertEqual(SHA256.hexDigest([UInt8]()), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertNotEqual(SHA256.hexDigest(Array("abd".utf8)), SHA256.hexDigest(Array("abc".utf8)))
    }

    /// Lengths around the padding boundaries (55, 56, 63, 64, 65 bytes) against coreutils.
    func testSHA256AgreesWithSha256sum() throws {
        let tool = URL(fileURLWithPath: "/usr/bin/sha256sum")
        guard FileManager.default.isExecutableFile(atPath: tool.path) else { throw XCTSkip("no sha256sum") }
        for length in [1, 55, 56, 57, 63, 64, 65, 127, 128, 1000] {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("sha-\(UUID().uuidString)")
            try Data(bytes).write(to: path)
            defer { try? FileManager.default.removeItem(at: path) }
            let process = Process()
            process.executableURL = tool
            process.arguments = [path.path]
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            XCTAssertEqual(SHA256.hexDigest(bytes), String(output.prefix(64)), "length \(length)")
        }
    }

    func testShardParsing() {
        XCTAssertEqual(Shard("2/3"), Shard(index: 2, count: 3))
        XCTAssertEqual(Shard("1/1"), Shard(index: 1, count: 1))
        for bad in ["0/3", "4/3", "1/0", "0/0", "-1/3", "1/-3", "1", "1/", "/3", "a/3", "1/3/3", " 1/3", "１/3", ""] {
            XCTAssertNil(Shard(bad), bad)
        }
    }

    /// Every instance in exactly one shard; all configurations of a family at the same
    /// parameter values in the same shard; every shard used when there are enough groups.
    func testAssignmentCoversEveryInstanceOnceAndKeepsConfigurationsTogether() throws {
        let text = """
        [theorem]
        title = "t"
        source = "s"
        [setting]
        activation = "erf"
        teacher = "orthonormal"
        [parameters]
        k = "2..6"
        n = "1..k-1"
        [definitions]
        "c(l)" = "1/sqrt(l*(2*l - 1))"
        [family.ca]
        kind = "copy-average"
        partitions = "all"
        groups = "n"
        incoming = "c(l)"
        outgoing = "l"
        [[claim]]
        name = "a"
        kind = "critical-point"
        family = "ca"
        tolerance = "1e-30"
        [[claim]]
        name = "b"
        kind = "loss"
        family = "ca"
        equals = "0"
        tolerance = "1e-30"
        [[claim]]
        name = "c"
        kind = "inequality"
        for = { l = "1..7" }
        holds = "l > 0"
        """
        let theorem = try TheoremFileParser.parse(text: text, file: "t.toml")
        let plan = try TheoremVerifier(file: theorem, options: VerificationOptions()).plan()
        for shards in [1, 2, 3, 7] {
            let owners = ShardAssignment.owners(plan, shards: shards)
            var selectedCounts = Array(repeating: 0, count: plan.claims.count)
            for index in 1...shards {
                var options = VerificationOptions()
                options.shard = Shard(index: index, count: shards)
                let selected = TheoremVerifier(file: theorem, options: options).selectedInstances(plan)
                for c in selected.indices { selectedCounts[c] += selected[c].count }
                XCTAssertFalse(selected.allSatisfy(\.isEmpty), "shard \(index)/\(shards) decides nothing")
            }
            XCTAssertEqual(selectedCounts, plan.claims.map(\.instances.count), "every instance exactly once")
            var shardOf: [String: Int] = [:]
            for (c, claim) in plan.claims.enumerated() where claim.family != nil {
                for (i, instance) in claim.instances.enumerated() {
                    let key = instance.parameters.values.map { "\($0.name)=\($0.value)" }.joined(separator: ",")
                    if let known = shardOf[key] { XCTAssertEqual(owners[c][i], known, key) } else { shardOf[key] = owners[c][i] }
                }
            }
        }
    }

    func testDecimalOrder() {
        let ascending = ["-inf", "-1e3", "-999", "-0.0123", "-1.5e-30", "0", "1.5e-30", "1.51e-30", "0.0123", "0.01230001",
                         "1", "1.0000000001", "999", "1e3", "1.001e3", "inf"]
        for (i, a) in ascending.enumerated() {
            for (j, b) in ascending.enumerated() {
                XCTAssertEqual(DecimalOrder.compare(a, b), i < j ? -1 : i > j ? 1 : 0, "\(a) vs \(b)")
            }
        }
        XCTAssertEqual(DecimalOrder.compare("1200", "1.2e3"), 0)
        XCTAssertEqual(DecimalOrder.compare("0.000", "-0"), 0)
        XCTAssertNil(DecimalOrder.compare("nan", "1"))
        XCTAssertNil(DecimalOrder.compare("1.2.3", "1"))
    }

    func testWorstBoundSummaryOrder() {
        func gradient(_ value: String) -> WorstBoundSummary {
            WorstBoundSummary(kind: .largerIsWorse, quantity: "gradient", value: value, text: "g " + value, key: 0)
        }
        func gap(_ value: String) -> WorstBoundSummary {
            WorstBoundSummary(kind: .smallerIsWorse, quantity: "gap", value: value, text: "m " + value, key: 0)
        }
        XCTAssertTrue(gradient("2e-30").isWorse(than: gradient("1.9e-30")))
        XCTAssertFalse(gradient("1.9e-30").isWorse(than: gradient("2e-30")))
        XCTAssertTrue(gradient("unknown").isWorse(than: gradient("1e300")))
        XCTAssertTrue(gap("0.001").isWorse(than: gap("0.01")))
        XCTAssertTrue(gap("-1").isWorse(than: gap("0")))
        // Ties keep the first.
        XCTAssertEqual(WorstBoundSummary.worse(gap("0.5"), gap("0.50")), gap("0.5"))
        XCTAssertEqual(WorstBoundSummary.worse(nil, gap("1")), gap("1"))
    }
}
