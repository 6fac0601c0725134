import XCTest
import Foundation
import CertifiedIntervals
import ClaimDecisions
import Reports
import TheoremFiles

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
    static let copyAverageDefinitions = """
    [definitions]
    "c(l)"     = "1/sqrt(l*(2*l - 1))"
    "a(l)"     = "l"
    "Lstar(l)" = "l/3 - 2*l^2/pi*asin(1/(2*l))"

    """
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

    /// L*(l) = l/3 − (2 l²/π) asin(1/(2l)) (mathematics.md F2), straight from the
    /// interval core (not through the expression language).
    static func lStar(_ l: Int, precision: Int = bits) -> Interval {
        let p = precision
        let third = try! Interval(l, precision: p) / 3
        let argument = try! Interval(1, precision: p) / Interval(2 * l, precision: p)
        let asin = try! argument.asin()
        let coefficient = try! Interval(2 * l * l, precision: p) / Interval.pi(precision: p)
        return third - coefficient * asin
    }

    static func lStarSum(_ partition: [Int], precision: Int = bits) -> Interval {
        partition.reduce(Interval(0, precision: precision)) { $0 + lStar($1, precision: precision) }
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

    /// The gradient component a witness names, and its enclosure.
    static func witnessComponent(_ witness: String, students n: Int, dimension d: Int) -> (index: Int, lower: Double, upper: Double)? {
        guard let range = witness.range(of: "∂L/∂") else { return nil }
        let rest = witness[range.upperBound...]
        let index: Int
        if rest.hasPrefix("a_") {
            let digits = rest.dropFirst(2).prefix { $0.isNumber }
            guard let i = Int(digits) else { return nil }
            index = n * d + i - 1
        } else if rest.hasPrefix("w_") {
            let afterW = rest.dropFirst(2)
            let digits = afterW.prefix { $0.isNumber }
            guard let i = Int(digits), let open = afterW.firstIndex(of: "["), let close = afterW.firstIndex(of: "]"),
                  let j = Int(afterW[afterW.index(after: open)..<close]) else { return nil }
            index = (i - 1) * d + (j - 1)
        } else {
            return nil
        }
        guard let inIndex = witness.range(of: "∈"),
              let (lo, hi) = Reference.parseInterval(String(witness[inIndex.upperBound...])),
              let lower = Double(lo), let upper = Double(hi) else { return nil }
        return (index, lower, upper)
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

    /// `[lo, hi]` from an interval printed as "[a, b]".
    static func parseInterval(_ text: String) -> (String, String)? {
        guard let open = text.firstIndex(of: "["), let close = text[open...].firstIndex(of: "]") else { return nil }
        let inside = text[text.index(after: open)..<close]
        let parts = inside.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2 else { return nil }
        return (parts[0], parts[1])
    }
}

// MARK: - A float64 model of the erf teacher–student loss (mathematics.md §1–2)

/// Parameters in the order the checker names gradient components:
/// `(w_1[1…d], …, w_n[1…d], a_1, …, a_n)`.
struct ErfModel {
    var teacher: [[Double]]
    var teacherWeights: [Double]
    var students: Int
    var dimension: Int

    /// κ(q1, q2, q12) = (2/π) asin(q12 / sqrt((1+q1)(1+q2))) and its partials.
    static func kappa(_ q1: Double, _ q2: Double, _ q12: Double) -> Double {
        2 / Double.pi * Foundation.asin(q12 / ((1 + q1) * (1 + q2)).squareRoot())
    }
    static func partials(_ q1: Double, _ q2: Double, _ q12: Double) -> (d1: Double, d2: Double, d12: Double) {
        let D = ((1 + q1) * (1 + q2) - q12 * q12).squareRoot()
        return (-q12 / (Double.pi * (1 + q1) * D), -q12 / (Double.pi * (1 + q2) * D), 2 / (Double.pi * D))
    }

    func split(_ theta: [Double]) -> ([[Double]], [Double]) {
        let w = (0..<students).map { i in Array(theta[(i * dimension)..<((i + 1) * dimension)]) }
        return (w, Array(theta[(students * dimension)...]))
    }

    static func dot(_ x: [Double], _ y: [Double]) -> Double { zip(x, y).reduce(0) { $0 + $1.0 * $1.1 } }

    func loss(_ theta: [Double]) -> Double {
        let (w, a) = split(theta)
        var total = 0.0
        for i in 0..<students {
            for j in 0..<students {
                total += a[i] * a[j] * Self.kappa(Self.dot(w[i], w[i]), Self.dot(w[j], w[j]), Self.dot(w[i], w[j]))
            }
            for j in teacher.indices {
                total -= 2 * a[i] * teacherWeights[j]
                    * Self.kappa(Self.dot(w[i], w[i]), Self.dot(teacher[j], teacher[j]), Self.dot(w[i], teacher[j]))
            }
        }
        for i in teacher.indices {
            for j in teacher.indices {
                total += teacherWeights[i] * teacherWeights[j]
                    * Self.kappa(Self.dot(teacher[i], teacher[i]), Self.dot(teacher[j], teacher[j]),
                                 Self.dot(teacher[i], teacher[j]))
            }
        }
        return total
    }

    /// The analytic gradient: every term c·κ(|x|², |y|², x·y) contributes
    /// c(2∂1κ x + ∂12κ y) to x and c(2∂2κ y + ∂12κ x) to y (ordered pairs, so the
    /// diagonal term a_i² κ(q_i, q_i, q_i) gets both).
    func gradient(_ theta: [Double]) -> [Double] {
        let (w, a) = split(theta)
        var gw = Array(repeating: Array(repeating: 0.0, count: dimension), count: students)
        var ga = Array(repeating: 0.0, count: students)
        func add(_ target: inout [Double], _ scale: Double, _ v: [Double]) {
            for index in target.indices { target[index] += scale * v[index] }
        }
        for i in 0..<students {
            for j in 0..<students {
                let q1 = Self.dot(w[i], w[i]), q2 = Self.dot(w[j], w[j]), q12 = Self.dot(w[i], w[j])
                let c = a[i] * a[j], p = Self.partials(q1, q2, q12)
                add(&gw[i], c * 2 * p.d1, w[i]); add(&gw[i], c * p.d12, w[j])
                add(&gw[j], c * 2 * p.d2, w[j]); add(&gw[j], c * p.d12, w[i])
                ga[i] += 2 * a[j] * Self.kappa(q1, q2, q12)
            }
            for j in teacher.indices {
                let v = teacher[j]
                let q1 = Self.dot(w[i], w[i]), q2 = Self.dot(v, v), q12 = Self.dot(w[i], v)
                let c = -2 * a[i] * teacherWeights[j], p = Self.partials(q1, q2, q12)
                add(&gw[i], c * 2 * p.d1, w[i]); add(&gw[i], c * p.d12, v)
                ga[i] -= 2 * teacherWeights[j] * Self.kappa(q1, q2, q12)
            }
        }
        return gw.flatMap { $0 } + ga
    }

    /// The Hessian by central differences of the analytic gradient, symmetrised.
    func hessian(_ theta: [Double], step h: Double = 1e-6) -> [[Double]] {
        let m = theta.count
        var columns: [[Double]] = []
        for j in 0..<m {
            var plus = theta, minus = theta
            plus[j] += h; minus[j] -= h
            let gp = gradient(plus), gm = gradient(minus)
            columns.append((0..<m).map { (gp[$0] - gm[$0]) / (2 * h) })
        }
        return (0..<m).map { i in (0..<m).map { j in (columns[j][i] + columns[i][j]) / 2 } }
    }

    /// An orthonormal teacher (v_j = e_j in R^k, b_j = 1) and the copy-average point of
    /// `partition` with c(l) = 1/sqrt(l(2l−1)), a(l) = l, contiguous blocks.
    static func copyAverage(_ partition: [Int], coefficient: (Int) -> Double = { 1 / (Double($0) * Double(2 * $0 - 1)).squareRoot() },
                            outgoing: (Int) -> Double = { Double($0) }) -> (ErfModel, [Double]) {
        let k = partition.reduce(0, +)
        let teacher = (0..<k).map { j in (0..<k).map { $0 == j ? 1.0 : 0.0 } }
        var w: [[Double]] = [], a: [Double] = []
        var start = 0
        for l in partition {
            w.append((0..<k).map { (start..<(start + l)).contains($0) ? coefficient(l) : 0 })
            a.append(outgoing(l))
            start += l
        }
        let model = ErfModel(teacher: teacher, teacherWeights: Array(repeating: 1, count: k),
                             students: partition.count, dimension: k)
        return (model, w.flatMap { $0 } + a)
    }
}

/// Eigenvalues of a symmetric matrix by cyclic Jacobi rotations (float64).
func symmetricEigenvalues(_ matrix: [[Double]]) -> [Double] {
    var a = matrix
    let n = a.count
    for _ in 0..<100 {
        var off = 0.0
        for i in 0..<n { for j in 0..<n where i != j { off += a[i][j] * a[i][j] } }
        if off < 1e-30 { break }
        for p in 0..<n {
            for q in (p + 1)..<max(n, p + 1) where abs(a[p][q]) > 1e-300 {
                let theta = (a[q][q] - a[p][p]) / (2 * a[p][q])
                let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
                let c = 1 / (t * t + 1).squareRoot(), s = t * c
                for k in 0..<n {
                    let akp = a[k][p], akq = a[k][q]
                    a[k][p] = c * akp - s * akq
                    a[k][q] = s * akp + c * akq
                }
                for k in 0..<n {
                    let apk = a[p][k], aqk = a[q][k]
                    a[p][k] = c * apk - s * aqk
                    a[q][k] = s * apk + c * aqk
                }
            }
        }
    }
    return (0..<n).map { a[$0][$0] }.sorted()
}
