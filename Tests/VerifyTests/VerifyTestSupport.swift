import XCTest
import Foundation
import CertifiedIntervals
@testable import ClaimDecisions
import Reports
import TheoremFiles
import CheckerTestSupport

// Shared helpers of the VerifyTests target: running inline theorem files through the
// library, running the built `verify` binary as a subprocess, and independent
// references (exact decimals, L*(l) from the interval core, a float64 model of the erf
// teacher–student loss with its gradient and Hessian).

// MARK: - Theorem files through the library

enum Theorems {
    /// The repository root (…/Tests/VerifyTests/VerifyTestSupport.swift → …).
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static func parse(_ text: String, file: String = "inline.toml") throws -> TheoremFile {
        try TheoremFileParser.parse(text: text, file: file)
    }

    /// Parses, plans and runs `text`; throws only `TheoremFileError`s of parsing or
    /// planning.
    static func run(_ text: String, file: String = "inline.toml", start: Int = 128,
                    maximum: Int = 512) throws -> TheoremReport {
        let theorem = try parse(text, file: file)
        let verifier = TheoremVerifier(file: theorem,
                                       options: VerificationOptions(startPrecision: start, maximumPrecision: maximum))
        return verifier.run(try verifier.plan())
    }

    /// The `TheoremFileError` that parsing or planning `text` throws, or nil (with a
    /// test failure) when it does not throw one.
    static func fileError(_ text: String, file: String = "bad.toml",
                          _ message: @autoclosure () -> String = "",
                          line: UInt = #line) -> TheoremFileError? {
        do {
            let theorem = try parse(text, file: file)
            let verifier = TheoremVerifier(file: theorem, options: VerificationOptions(startPrecision: 128,
                                                                                      maximumPrecision: 256))
            _ = try verifier.plan()
        } catch let error as TheoremFileError {
            return error
        } catch {
            XCTFail("expected a TheoremFileError, got \(type(of: error)): \(error) \(message())", line: line)
            return nil
        }
        XCTFail("expected a TheoremFileError, the file was accepted \(message())", line: line)
        return nil
    }

    /// The text of a shipped theorem file.
    static func shipped(_ name: String) throws -> String {
        try String(contentsOf: repository.appendingPathComponent("theorems/\(name)"), encoding: .utf8)
    }

    /// A complete file around `body`: a header, an erf setting with an orthonormal
    /// teacher (unless `setting` is given) and `body` (parameters, definitions,
    /// families, claims).
    static func file(_ body: String, setting: String = "[setting]\nactivation = \"erf\"\nteacher = \"orthonormal\"\n") -> String {
        "[theorem]\ntitle = \"inline test\"\nsource = \"VerifyTests\"\n\n" + setting + "\n" + body
    }

    /// The copy-average definitions of the mathematics document (section 3).
    static let copyAverageDefinitions = CopyAverage.theoremDefinitions
}

// MARK: - Typed decisions (assertions on values, not on report prose)

extension Theorems {
    /// The typed decisions of `text`, by claim name (instances in plan order).
    static func decide(_ text: String, start: Int = 128, maximum: Int = 512) throws -> [String: [InstanceDecision]] {
        let verifier = TheoremVerifier(file: try parse(text),
                                       options: VerificationOptions(startPrecision: start, maximumPrecision: maximum))
        let claims = verifier.decide(try verifier.plan()).0
        return Dictionary(claims.map { ($0.planned.claim.name, $0.instances) }, uniquingKeysWith: { a, _ in a })
    }

    /// The typed decisions and the planned partitions of the claim `name` of `text`.
    static func decideWithPartitions(_ text: String, claim name: String) throws -> [(partition: [Int]?, decision: InstanceDecision)] {
        let verifier = TheoremVerifier(file: try parse(text),
                                       options: VerificationOptions(startPrecision: 128, maximumPrecision: 512))
        let claims = verifier.decide(try verifier.plan()).0
        let claim = try XCTUnwrap(claims.first { $0.planned.claim.name == name }, "no claim \(name)")
        return zip(claim.planned.instances, claim.instances).map { ($0.partition, $1) }
    }
}

extension InstanceDecision {
    /// The gradient component a REFUTED critical-point or hessian decision names, and its enclosure.
    var gradientWitness: (index: Int, enclosure: Interval)? {
        guard case let .gradientComponent(component, enclosure, _)? = witness else { return nil }
        return (component.index, enclosure)
    }
}

extension TheoremReport {
    func claim(_ name: String, file: StaticString = #filePath, line: UInt = #line) -> ClaimReport? {
        let found = claims.first { $0.name == name }
        if found == nil { XCTFail("no claim \(name) in the report", file: file, line: line) }
        return found
    }

    var text: String { TextReport.render(self) }
}

// MARK: - The verify binary as a subprocess

struct CommandResult {
    var status: Int32
    var stdout: String
    var stderr: String
    var seconds: Double
    var timedOut: Bool
    /// Ended by a signal (a crash), not by exit.
    var signalled: Bool = false
}

enum VerifyBinary {
    /// The built `verify` executable: next to the running test binary (the build
    /// products directory, whatever the scratch path), else in a build folder of the
    /// repository.
    static let url: URL? = {
        let fm = FileManager.default
        var directories: [URL] = []
        let argument0 = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        directories.append(argument0.deletingLastPathComponent())
        // macOS: …/debug/X.xctest/Contents/MacOS/X
        directories.append(argument0.deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent())
        for bundle in Bundle.allBundles + [Bundle.main] {
            directories.append(bundle.bundleURL.deletingLastPathComponent())
            directories.append(bundle.bundleURL)
        }
        if let products = ProcessInfo.processInfo.environment["VERIFY_PRODUCTS_DIR"] {
            directories.insert(URL(fileURLWithPath: products), at: 0)
        }
        for directory in directories {
            let candidate = directory.appendingPathComponent("verify")
            var isDirectory: ObjCBool = false
            if fm.fileExists(atPath: candidate.path, isDirectory: &isDirectory), !isDirectory.boolValue,
               fm.isExecutableFile(atPath: candidate.path) {
                return candidate
            }
        }
        // Fallback: the newest `…/debug/verify` in any build folder of the repository.
        let root = Theorems.repository
        let entries = (try? fm.contentsOfDirectory(atPath: root.path)) ?? []
        var best: (URL, Date)?
        for entry in entries where entry.hasPrefix(".build") {
            for configuration in ["debug", "release"] {
                let candidate = root.appendingPathComponent(entry).appendingPathComponent(configuration)
                    .appendingPathComponent("verify")
                guard fm.isExecutableFile(atPath: candidate.path),
                      let date = (try? fm.attributesOfItem(atPath: candidate.path))?[.modificationDate] as? Date
                else { continue }
                if best == nil || date > best!.1 { best = (candidate, date) }
            }
        }
        return best?.0
    }()

    static func require() throws -> URL {
        guard let url else {
            throw XCTSkip("the verify executable was not found next to the test binary (\(CommandLine.arguments[0]))")
        }
        return url
    }

    /// Runs `verify arguments…` with stdout/stderr captured through files (no pipe
    /// deadlocks), killing it after `timeout` seconds.
    /// With `memoryLimitKB`, the process runs under `ulimit -v` (through /bin/sh), so that
    /// a hostile input cannot exhaust the machine's memory.
    /// With `wrapper` (a program and its arguments, such as `/usr/bin/time -f %M -o F`),
    /// the wrapper runs `verify arguments…`.
    static func run(_ arguments: [String], timeout: Double = 60, directory: URL? = nil,
                    memoryLimitKB: Int? = nil, wrapper: [String] = []) throws -> CommandResult {
        let executable = try require()
        let scratch = try TemporaryDirectory()
        let outURL = scratch.url.appendingPathComponent("stdout"), errURL = scratch.url.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        let process = Process()
        if let memoryLimitKB {
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "ulimit -v \(memoryLimitKB) && exec \"$0\" \"$@\"", executable.path] + arguments
        } else if let program = wrapper.first {
            process.executableURL = URL(fileURLWithPath: program)
            process.arguments = Array(wrapper.dropFirst()) + [executable.path] + arguments
        } else {
            process.executableURL = executable
            process.arguments = arguments
        }
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        if let directory { process.currentDirectoryURL = directory }
        let start = Date()
        try process.run()
        var timedOut = false
        while process.isRunning {
            if Date().timeIntervalSince(start) > timeout {
                timedOut = true
                process.terminate()
                Thread.sleep(forTimeInterval: 0.2)
                if process.isRunning { kill(process.processIdentifier, SIGKILL) }
                break
            }
            Thread.sleep(forTimeInterval: 0.005)
        }
        process.waitUntilExit()
        try out.close(); try err.close()
        let stdout = (try? String(contentsOf: outURL, encoding: .utf8)) ?? ""
        let stderr = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
        return CommandResult(status: process.terminationStatus, stdout: stdout, stderr: stderr,
                             seconds: Date().timeIntervalSince(start), timedOut: timedOut,
                             signalled: process.terminationReason == .uncaughtSignal)
    }

    /// Asserts the run ended by itself with one of the documented exit codes and
    /// without a crash report.
    static func assertClean(_ result: CommandResult, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        var problems: [String] = []
        if result.timedOut { problems.append("timed out after \(Int(result.seconds)) s") }
        if result.signalled { problems.append("killed by signal \(result.status)") }
        else if ![0, 1, 2, 64, 65].contains(result.status) { problems.append("undocumented exit code \(result.status)") }
        let markers = ["Fatal error", "Stack dump", "Segmentation fault", "Illegal instruction", "Current stack trace",
                       "Trace/breakpoint", "Precondition failed", "Program crashed", "Assertion failed"]
            .filter { result.stderr.contains($0) || result.stdout.contains($0) }
        if !markers.isEmpty { problems.append("crash output (\(markers.joined(separator: ", ")))") }
        XCTAssertTrue(problems.isEmpty, "\(what): \(problems.joined(separator: "; ")); stderr: \(result.stderr.prefix(300))",
                      file: file, line: line)
    }
}

/// A fresh temporary directory, removed when the value is released.
final class TemporaryDirectory {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("verify-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(at: url) }

    /// Writes `text` to `name` and returns the path.
    @discardableResult
    func write(_ text: String, _ name: String) throws -> String {
        let path = url.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
}

// MARK: - Exact decimals and independent enclosures

enum Reference {
    static let bits = 1024

    /// The exact rational a decimal string of a report denotes.
    static func rational(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> Rational? {
        let value = Rational(exactly: text.trimmingCharacters(in: .whitespaces))
        if value == nil { XCTFail("not an exact decimal: '\(text)'", file: file, line: line) }
        return value
    }

    /// L*(l) (mathematics.md F2), straight from the interval core.
    static func lStar(_ l: Int, precision: Int = bits) -> Interval { CopyAverage.lStar(l, precision: precision) }

    static func lStarSum(_ partition: [Int], precision: Int = bits) -> Interval {
        CopyAverage.lStarSum(partition, precision: precision)
    }

    /// Whether the printed bounds `[lower, upper]` certainly contain every point of
    /// `reference` (checked with exact rationals against a tight reference).
    static func bounds(lower: String, upper: String, contain reference: Interval,
                       file: StaticString = #filePath, line: UInt = #line) -> Bool {
        guard let lo = rational(lower, file: file, line: line), let hi = rational(upper, file: file, line: line) else {
            return false
        }
        let p = reference.precision
        // lo ≤ ref and ref ≤ hi, certified: the lower end of (ref − lo) and of (hi − ref),
        // rounded down, is ≥ 0.
        return (reference - Interval(lo, precision: p)).isNonNegative
            && (Interval(hi, precision: p) - reference).isNonNegative
    }

    /// `[lo, hi]` from an interval printed as "[a, b]".
    static func parseInterval(_ text: String) -> (String, String)? {
        guard let open = text.firstIndex(of: "["), let close = text[open...].firstIndex(of: "]") else { return nil }
        let inside = text[text.index(after: open)..<close]
        let parts = inside.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2 else { return nil }
        return (parts[0], parts[1])
    }

    /// Double approximations of L*.
    static func lStarDouble(_ l: Int) -> Double {
        let x = Double(l)
        return x / 3 - 2 * x * x / Double.pi * Foundation.asin(1 / (2 * x))
    }

    /// p(k, n): the number of partitions of k into exactly n positive parts.
    static func partitionCount(_ k: Int, _ n: Int) -> Int {
        if n == 0 { return k == 0 ? 1 : 0 }
        if k < n { return 0 }
        return partitionCount(k - 1, n - 1) + partitionCount(k - n, n)
    }
}

