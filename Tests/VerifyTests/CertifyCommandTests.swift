import XCTest
import Foundation
import CertifiedIntervals

/// `verify certify` and `verify recheck` as a user runs them: weights files in, a
/// certificate out. The exact critical points are computed here independently (closed
/// forms of mathematics.md §3–§5 in interval arithmetic at 256 bits), and the certified
/// box must contain them.
final class CertifyCommandTests: XCTestCase {

    // MARK: Helpers

    /// An `.npy` file (format 1.0, C order) written byte by byte from the NumPy format
    /// description, float64 or float32.
    static func npy(_ rows: [[Double]], float32: Bool = false) -> Data {
        let shape = "(\(rows.count), \(rows[0].count))"
        var header = "{'descr': '\(float32 ? "<f4" : "<f8")', 'fortran_order': False, 'shape': \(shape), }"
        while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
        header += "\n"
        var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(header.utf8.count & 0xFF), UInt8(header.utf8.count >> 8)]
        bytes += Array(header.utf8)
        for x in rows.joined() {
            if float32 { withUnsafeBytes(of: Float(x).bitPattern.littleEndian) { bytes += $0 } } else {
                withUnsafeBytes(of: x.bitPattern.littleEndian) { bytes += $0 }
            }
        }
        return Data(bytes)
    }

    func certify(_ rows: [[Double]], float32: Bool = false, _ arguments: [String], in scratch: TemporaryDirectory,
                 name: String = "student.npy") throws -> (CommandResult, certificate: [String: Any]?) {
        let path = scratch.url.appendingPathComponent(name).path
        try Self.npy(rows, float32: float32).write(to: URL(fileURLWithPath: path))
        let certificate = scratch.url.appendingPathComponent(name + ".cert.json").path
        let result = try VerifyBinary.run(["certify", path] + arguments + ["--json", certificate])
        let json = (try? Data(contentsOf: URL(fileURLWithPath: certificate)))
            .flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] }
        return (result, json)
    }

    static let p = 256

    /// Asserts that the certificate's box (exact centre ± exact radius) contains the exact
    /// point whose coordinates `exact` encloses (tightly), coordinate by coordinate.
    func assertBoxContains(_ certificate: [String: Any]?, exact: [[Interval]], outputs: [Interval],
                           file: StaticString = #filePath, line: UInt = #line) throws {
        let box = try XCTUnwrap(certificate?["box"] as? [String: Any], file: file, line: line)
        let radius = Interval(try XCTUnwrap(Rational(exactly: try XCTUnwrap(box["radius"] as? String))), precision: Self.p)
        let w = try XCTUnwrap(box["W"] as? [[String]], file: file, line: line)
        let a = try XCTUnwrap(box["a"] as? [String], file: file, line: line)
        func check(_ stored: String, _ truth: Interval, _ what: String) throws {
            let centre = Interval(try XCTUnwrap(Rational(exactly: stored)), precision: Self.p)
            XCTAssertTrue((centre - truth).magnitude.isCertainlyBelow(radius),
                          "\(what): centre \(centre) is not within r of the exact \(truth)", file: file, line: line)
        }
        XCTAssertEqual(w.count, exact.count, file: file, line: line)
        for (i, row) in exact.enumerated() { for (t, x) in row.enumerated() { try check(w[i][t], x, "w_\(i + 1)[\(t)]") } }
        for (i, x) in outputs.enumerated() { try check(a[i], x, "a_\(i + 1)") }
    }

    func storedLoss(_ certificate: [String: Any]?) throws -> (Rational, Rational) {
        let loss = try XCTUnwrap((certificate?["claims"] as? [String: Any])?["loss"] as? [String: String])
        return (try XCTUnwrap(Rational(exactly: loss["lower"]!)), try XCTUnwrap(Rational(exactly: loss["upper"]!)))
    }

    func morseIndex(_ certificate: [String: Any]?) -> Int? { (certificate?["claims"] as? [String: Any])?["morse-index"] as? Int }

    // MARK: erf copy-average (§3)

    func testErfCopyAverageFromFloat64AndFloat32() throws {
        let scratch = try TemporaryDirectory()
        // Partition (2, 1) of k = 3: w_1 = (e1 + e2)/sqrt(6), a_1 = 2; w_2 = e3, a_2 = 1.
        let c = (1.0 / 6.0).squareRoot()
        let exactC = try (Interval(1, precision: Self.p) / Interval(6, precision: Self.p)).sqrt()
        let zero = Interval(0, precision: Self.p), one = Interval(1, precision: Self.p)
        let exactW = [[exactC, exactC, zero], [zero, zero, one]]
        // L*(2) = 2/3 − (8/π) asin(1/4) (mathematics.md §3; 0.0232216806253367164990…), at 512 bits.
        let q = 512
        let lStar2 = try Interval(2, precision: q) / Interval(3, precision: q)
            - Interval(8, precision: q) / Interval.pi(precision: q) * (try (Interval(1, precision: q) / Interval(4, precision: q)).asin())
        XCTAssertEqual(lStar2.midpointAsDouble, 0.0232216806253367164990, accuracy: 1e-17)
        for (float32, offset) in [(false, 0.0), (false, 7e-13), (true, 0.0)] {
            let rows = [[c + offset, c - offset, offset, 2 - offset], [-offset, offset, 1, 1 + offset]]
            let (result, certificate) = try certify(rows, float32: float32, ["--activation", "erf", "--teacher", "orthonormal:3",
                                                                             "--precision", "\(Self.p)"], in: scratch)
            XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
            XCTAssertTrue(result.stdout.contains("PROVED"), result.stdout)
            XCTAssertTrue(result.stdout.contains("strict local minimum (Morse index 0 of 8"), result.stdout)
            try assertBoxContains(certificate, exact: exactW, outputs: [Interval(2, precision: Self.p), one])
            let (lower, upper) = try storedLoss(certificate)
            XCTAssertTrue(lStar2.isWithin(lower: lower, upper: upper), "L*(2) outside the stored loss")
            XCTAssertTrue(upper - lower < Rational(exactly: "1e-30")!, "the loss enclosure is not tight")
            XCTAssertEqual(morseIndex(certificate), 0)
        }
    }

    // MARK: ReLU one student (§4), in the scaling slice

    func testReLUOneStudentOnTheSlice() throws {
        let scratch = try TemporaryDirectory()
        let k = 4
        let kd = Double(k)
        let h = (1 - 1 / kd).squareRoot() + (Double.pi - acos(1 / kd.squareRoot())) / kd.squareRoot()
        let betaStar = kd * h / Double.pi
        // The exact β*(k) at 256 bits, independently of the kernel code.
        let P = Self.p
        let K = Interval(k, precision: P), one = Interval(1, precision: P), pi = Interval.pi(precision: P)
        let rootK = try K.sqrt()
        let exactH = try (try one - one / K).sqrt() + (try pi - (try (one / rootK).acos())) / rootK
        let exactBeta = try K * exactH / pi
        for (scale, float32) in [(1.0, false), (2.0, false), (1.0, true)] {
            // w = scale·Σ e_j/√k, a = β*/scale: on the critical orbit.
            let a = betaStar / scale
            let rows = [Array(repeating: scale / kd.squareRoot() + 3e-13, count: k) + [a]]
            let (result, certificate) = try certify(rows, float32: float32, ["--activation", "relu", "--teacher", "orthonormal:\(k)",
                                                                             "--precision", "\(P)"], in: scratch)
            XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
            XCTAssertTrue(result.stdout.contains("modulo the scaling symmetry"), result.stdout)
            // The exact critical point in the slice a = a_in: w = (β*/a_in) Σ e_j/√k.
            let aIn = Interval(Double(float32 ? Double(Float(a)) : a), precision: P)
            let coordinate = try exactBeta / aIn / rootK
            try assertBoxContains(certificate, exact: [Array(repeating: coordinate, count: k)], outputs: [aIn])
            // L*_ReLU(k) = k/2 + k(k−1)/(2π) − (k h)²/(2π²).
            let lossStar = try K / Interval(2, precision: P) + K * (K - one) / (pi * Interval(2, precision: P))
                - (K * exactH).squared / (pi.squared * Interval(2, precision: P))
            let (lower, upper) = try storedLoss(certificate)
            XCTAssertTrue(lossStar.isWithin(lower: lower, upper: upper), "L*_ReLU(\(k)) \(lossStar) outside the stored loss")
        }
    }

    // MARK: z² (§5): one student against the teacher diag(2, 1)

    func testQuadraticMinimumAndSaddle() throws {
        let scratch = try TemporaryDirectory()
        let teacherPath = scratch.url.appendingPathComponent("teacher.json").path
        try #"{"V": [[1, 0], [0, 1]], "b": [2, 1]}"#.write(toFile: teacherPath, atomically: true, encoding: .utf8)
        // M = a w wᵀ with a w_1² = x: L = (x − 3)² + 2((x − 2)² + 1), minimal at x = 7/3, L = 8/3;
        // along e_2 (x = a w_2²): L = (x − 3)² + 2(4 + (x − 1)²), critical at x = 5/3, a saddle.
        let P = Self.p
        let seven3 = try (Interval(7, precision: P) / Interval(3, precision: P)).sqrt()
        let five3 = try (Interval(5, precision: P) / Interval(3, precision: P)).sqrt()
        let zero = Interval(0, precision: P), one = Interval(1, precision: P)
        for (row, exact, index) in [([(7.0 / 3).squareRoot() + 1e-13, 2e-13, 1.0], [seven3, zero], 0),
                                    ([1e-13, (5.0 / 3).squareRoot(), 1.0], [zero, five3], 1)] {
            let (result, certificate) = try certify([row], ["--activation", "quadratic", "--teacher", teacherPath,
                                                            "--precision", "\(P)"], in: scratch)
            XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
            try assertBoxContains(certificate, exact: [exact], outputs: [one])
            XCTAssertEqual(morseIndex(certificate), index, result.stdout)
        }
        let (lower, upper) = try storedLoss(try certify([[(7.0 / 3).squareRoot(), 0, 1]], ["--activation", "quadratic", "--teacher", teacherPath], in: scratch).1)
        let eight3 = try XCTUnwrap(Rational(exactly: "8/3"))
        XCTAssertTrue(!(eight3 < lower) && !(upper < eight3))
    }

    // MARK: Points near no critical point

    func testRandomPointsAreNeverProved() throws {
        let scratch = try TemporaryDirectory()
        var generator = SeededWeights(seed: 12)
        for activation in ["erf", "relu", "quadratic"] {
            for _ in 0..<3 {
                let rows = (0..<2).map { _ in (0..<4).map { _ in generator.next() } }
                let (result, certificate) = try certify(rows, ["--activation", activation, "--teacher", "orthonormal:3"], in: scratch)
                XCTAssertEqual(result.status, 2, "\(activation) \(rows): \(result.stdout)")
                XCTAssertTrue(result.stdout.contains("INCONCLUSIVE"), result.stdout)
                XCTAssertFalse(result.stdout.contains("PROVED"), result.stdout)
                XCTAssertEqual(certificate?["verdict"] as? String, "INCONCLUSIVE")
            }
        }
    }

    // MARK: recheck

    func testRecheckConfirmsAndRejectsTamperedCertificates() throws {
        let scratch = try TemporaryDirectory()
        let c = (1.0 / 6.0).squareRoot()
        let (result, certificate) = try certify([[c, c, 0, 2], [0, 0, 1, 1]], ["--activation", "erf", "--teacher", "orthonormal:3"], in: scratch)
        XCTAssertEqual(result.status, 0, result.stdout)
        let original = try XCTUnwrap(certificate)
        func recheck(_ document: [String: Any]) throws -> CommandResult {
            let path = scratch.url.appendingPathComponent("tampered-\(UUID().uuidString).json").path
            try JSONSerialization.data(withJSONObject: document).write(to: URL(fileURLWithPath: path))
            return try VerifyBinary.run(["recheck", path])
        }
        let confirmed = try recheck(original)
        XCTAssertEqual(confirmed.status, 0, confirmed.stdout + confirmed.stderr)
        XCTAssertTrue(confirmed.stdout.contains("CONFIRMED"))

        // A moved box: w_1[0] + 2^-20 (still a binary number).
        var moved = original, box = original["box"] as! [String: Any]
        var w = box["W"] as! [[String]]
        w[0][0] = (Rational(exactly: w[0][0])! + Rational(1, 1 << 20)).description
        box["W"] = w; moved["box"] = box
        let movedResult = try recheck(moved)
        XCTAssertEqual(movedResult.status, 1, movedResult.stdout)
        XCTAssertTrue(movedResult.stdout.contains("Krawczyk test fails"), movedResult.stdout)

        // A changed loss: both ends moved up by 1e-12.
        var changed = original, claims = original["claims"] as! [String: Any]
        var loss = claims["loss"] as! [String: String]
        let shift = Rational(exactly: "1e-12")!
        loss["lower"] = (Rational(exactly: loss["lower"]!)! + shift).description
        loss["upper"] = (Rational(exactly: loss["upper"]!)! + shift).description
        claims["loss"] = loss; changed["claims"] = claims
        let changedResult = try recheck(changed)
        XCTAssertEqual(changedResult.status, 1, changedResult.stdout)
        XCTAssertTrue(changedResult.stdout.contains("stored loss"), changedResult.stdout)

        // A wrong Morse index.
        var wrongIndex = original, indexClaims = original["claims"] as! [String: Any]
        indexClaims["morse-index"] = 2; wrongIndex["claims"] = indexClaims
        let indexResult = try recheck(wrongIndex)
        XCTAssertEqual(indexResult.status, 1)
        XCTAssertTrue(indexResult.stdout.contains("Morse index 2 is wrong"), indexResult.stdout)

        // Malformed: no radius; a centre that is not a binary number at the precision.
        var noRadius = original, radiusBox = original["box"] as! [String: Any]
        radiusBox.removeValue(forKey: "radius"); noRadius["box"] = radiusBox
        XCTAssertEqual(try recheck(noRadius).status, 65)
        var decimal = original, decimalBox = original["box"] as! [String: Any]
        var dw = decimalBox["W"] as! [[String]]
        dw[0][0] = "0.1"; decimalBox["W"] = dw; decimal["box"] = decimalBox
        let decimalResult = try recheck(decimal)
        XCTAssertEqual(decimalResult.status, 65)
        XCTAssertTrue(decimalResult.stderr.contains("is not a 128-bit binary number"), decimalResult.stderr)
    }

    // MARK: Bad input

    func testBadWeightsFilesAndUsage() throws {
        let scratch = try TemporaryDirectory()
        let nan = try scratch.write(#"{"W": [[1, NaN, 0]], "a": [1]}"#, "nan.json")
        let ragged = try scratch.write("1, 0, 0, 1\n0, 1, 1\n", "ragged.csv")
        var truncated = Self.npy([[1, 0, 0, 1]])
        truncated.removeLast(5)
        let truncatedPath = scratch.url.appendingPathComponent("truncated.npy").path
        try truncated.write(to: URL(fileURLWithPath: truncatedPath))
        for (path, expected) in [(nan, "NaN is not a finite number"), (ragged, "line 2 has 3 fields; expected 4"),
                                 (truncatedPath, "truncated data")] {
            let result = try VerifyBinary.run(["certify", path, "--activation", "erf", "--teacher", "orthonormal:3"])
            XCTAssertEqual(result.status, 65, result.stderr)
            XCTAssertTrue(result.stderr.contains(path) && result.stderr.contains(expected), result.stderr)
        }
        let good = try scratch.write("0.5, 0.5, 0, 1\n", "good.csv")
        for (arguments, expected) in [(["--activation", "erf"], "give the teacher"),
                                      (["--activation", "tanh", "--teacher", "orthonormal:3"], "--activation must be"),
                                      (["--activation", "erf", "--teacher", "orthonormal:5"], "K ≤ d"),
                                      (["--activation", "relu", "--beta", "2", "--teacher", "orthonormal:3"], "erf only"),
                                      (["--activation", "erf", "--teacher", "orthonormal:3", "--max-parameters", "3"],
                                       "n(d+1) = 4 parameters, more than --max-parameters 3")] {
            let result = try VerifyBinary.run(["certify", good] + arguments)
            XCTAssertEqual(result.status, 64, "\(arguments): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains(expected), result.stderr)
        }
        // A ReLU student parallel to a teacher neuron: the Hessian does not exist there.
        let parallel = try scratch.write("1, 0, 0, 1\n", "parallel.csv")
        let result = try VerifyBinary.run(["certify", parallel, "--activation", "relu", "--teacher", "orthonormal:3"])
        XCTAssertEqual(result.status, 2, result.stdout)
        XCTAssertTrue(result.stdout.contains("INCONCLUSIVE"))
    }
}

/// Uniform numbers in [-1, 1) from SplitMix64 (a fixed seed: the same points every run).
struct SeededWeights {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> Double {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Double((z ^ (z >> 31)) >> 11) / Double(1 << 52) - 1
    }
}

extension Interval {
    /// Whether this enclosure lies within the exact rationals [lower, upper].
    func isWithin(lower: Rational, upper: Rational) -> Bool {
        guard let ends = Rational.exactEnds(of: self) else { return false }
        return !(ends.lower < lower) && !(upper < ends.upper)
    }
}

/// The NumPy example of docs/examples/train_and_certify.py, run as a user would: it trains
/// a student by gradient descent on the closed-form erf loss (its own float64 code),
/// saves it with np.save and runs `verify certify`. Skipped, with a message, when python3
/// with numpy is not installed.
final class NumPyExampleTests: XCTestCase {
    func testTrainSaveCertify() throws {
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        probe.arguments = ["python3", "-c", "import numpy"]
        probe.standardError = FileHandle.nullDevice
        do { try probe.run(); probe.waitUntilExit() } catch {
            throw XCTSkip("python3 is not installed: the NumPy example (docs/examples/train_and_certify.py) is not run")
        }
        guard probe.terminationStatus == 0 else {
            throw XCTSkip("python3 has no numpy: the NumPy example (docs/examples/train_and_certify.py) is not run")
        }
        let binary = try XCTUnwrap(VerifyBinary.url, "the verify binary is not built")
        let scratch = try TemporaryDirectory()
        let script = Theorems.repository.appendingPathComponent("docs/examples/train_and_certify.py").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, "3", "2", binary.path]
        process.currentDirectoryURL = scratch.url
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, text)
        XCTAssertTrue(text.contains("PROVED"), text)
        // The certificate it wrote rechecks.
        let recheck = try VerifyBinary.run(["recheck", scratch.url.appendingPathComponent("certificate.json").path])
        XCTAssertEqual(recheck.status, 0, recheck.stdout + recheck.stderr)
    }
}

/// Theorem files whose `numerical` family starts from a weights file (relative to the
/// theorem file) or from explicit weights.
final class NumericalStartTests: XCTestCase {
    static func file(_ family: String) -> String {
        """
        [theorem]
        title  = "numerical starts"
        source = "test"

        [setting]
        activation = "erf"
        teacher    = "orthonormal"

        [parameters]
        k = "3..3"

        [family.trained]
        kind = "numerical"
        \(family)

        [[claim]]
        name   = "critical"
        kind   = "critical-point"
        proof  = "krawczyk"
        family = "trained"

        [[claim]]
        name   = "minimum"
        kind   = "hessian"
        family = "trained"
        type   = "local-minimum"

        [[claim]]
        name   = "loss"
        kind   = "inequality"
        family = "trained"
        holds  = "loss < 0.02323"
        """
    }

    func testStartFromAWeightsFileAndFromExplicitWeights() throws {
        let scratch = try TemporaryDirectory()
        let c = (1.0 / 6.0).squareRoot()
        try CertifyCommandTests.npy([[c + 1e-13, c, 0, 2], [0, 0, 1, 1]], float32: true)
            .write(to: scratch.url.appendingPathComponent("student.npy"))
        let theoremPath = scratch.url.appendingPathComponent("t.toml").path
        for family in ["start = \"student.npy\"",
                       "start = \"explicit\"\ninput-weights = [[\"0.40824829\", \"0.40824829\", \"0\"], [\"0\", \"0\", \"1\"]]\noutput-weights = [\"2\", \"1\"]"] {
            let report = try Theorems.run(Self.file(family), file: theoremPath)
            for name in ["critical", "minimum", "loss"] {
                XCTAssertEqual(report.claim(name)?.verdict, .proved, "\(family): \(name)")
            }
        }
        // A wrong type is refuted.
        let wrong = try Theorems.run(Self.file("start = \"student.npy\"").replacingOccurrences(of: "type   = \"local-minimum\"",
                                                                                                with: "type   = \"saddle\""),
                                     file: theoremPath)
        XCTAssertEqual(wrong.claim("minimum")?.verdict, .refuted)
        // Bad starts: each an error at the key.
        for (family, keyPath, message) in [
            ("start = \"missing.npy\"", "family.trained.start", "no such file"),
            ("start = \"weights.txt\"", "family.trained.start", "expected \"copies\", \"explicit\" or the path"),
            ("start = \"student.npy\"\nstudents = \"2\"", "family.trained.students", "is for start = \"copies\""),
            ("start = \"student.npy\"\ninput-weights = [[\"1\"]]", "family.trained.input-weights", "is for start = \"explicit\""),
        ] {
            let error = try XCTUnwrap(Theorems.fileError(Self.file(family), file: theoremPath), family)
            XCTAssertEqual(error.keyPath, keyPath, "\(error)")
            XCTAssertTrue(error.message.contains(message), "\(error)")
        }
    }
}

/// `morse-index = "report"`: the index is reported, nothing is claimed about it.
final class ReportedMorseIndexTests: XCTestCase {
    func testReportedIndexOfASaddleAndAMinimum() throws {
        // quadratic.toml: the one-student saddle has index 1 and the minimum index 0
        // (computed by hand there); a claim that only asks is not refuted by either.
        var text = try Theorems.shipped("quadratic.toml")
        text = text.replacingOccurrences(of: "morse-index = \"1\"", with: "morse-index = \"report\"")
            .replacingOccurrences(of: "type   = \"local-minimum\"", with: "morse-index = \"report\"")
        let report = try Theorems.run(text)
        for (name, index) in [("saddle-index", 1), ("minimum-type", 0)] {
            let claim = try XCTUnwrap(report.claim(name))
            XCTAssertEqual(claim.verdict, .verified, name)
            XCTAssertEqual(claim.instances.first?.morseIndex, index, name)
        }
        // A point that is not critical is still refuted (the gradient witness).
        let moved = text.replacingOccurrences(of: "[[\"0\", \"sqrt(5/3)\"]]", with: "[[\"0\", \"sqrt(5/3) + 1/10\"]]")
        XCTAssertEqual(try Theorems.run(moved).claim("saddle-index")?.verdict, .refuted)
    }
}

/// `verify certify --latex FILE`: the certified point as a LaTeX table that compiles, with
/// the loss digits and the Morse index (and where it is counted); an INCONCLUSIVE run
/// writes its reason.
final class CertifyLatexTests: XCTestCase {
    func pdflatex() -> URL? {
        (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
            .map { URL(fileURLWithPath: String($0)).appendingPathComponent("pdflatex") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    func compile(_ name: String, in directory: TemporaryDirectory) throws {
        guard let pdflatex = pdflatex() else {
            return XCTFail("pdflatex is not on PATH: `make test` installs it (scripts/ensure-latex.sh)")
        }
        let process = Process()
        process.executableURL = pdflatex
        process.arguments = ["-interaction=nonstopmode", "-halt-on-error", "\(name).tex"]
        process.currentDirectoryURL = directory.url
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        let log = (try? String(contentsOfFile: directory.path("\(name).log"), encoding: .utf8)) ?? ""
        XCTAssertEqual(process.terminationStatus, 0, "pdflatex failed on \(name).tex")
        for line in log.split(separator: "\n") {
            XCTAssertFalse(line.hasPrefix("!"), "\(name).log: \(line)")
            XCTAssertFalse(line.contains("Overfull"), "\(name).log: \(line)")
            XCTAssertFalse(line.contains("undefined"), "\(name).log: \(line)")
        }
    }

    /// The exact page of a degenerate point (the erf split 1/4 + 3/4 of teacher neuron 3,
    /// input off by 2^-30): exact rationals, L = 0, and it compiles.
    func testExactDegeneratePointCompiles() throws {
        let scratch = try TemporaryDirectory()
        let path = scratch.url.appendingPathComponent("split.npy").path
        try CertifyCommandTests.npy([[1, 0, 0, 1], [0, 1, 0, 1], [0, 0, 1, 0.25], [0, 0, 1, 0.75 + 0x1p-30]])
            .write(to: URL(fileURLWithPath: path))
        let result = try VerifyBinary.run(["certify", path, "--activation", "erf", "--teacher", "orthonormal:3",
                                           "--latex", scratch.path("split.tex"), "--latex-standalone"])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        let text = try String(contentsOfFile: scratch.path("split.tex"), encoding: .utf8)
        XCTAssertTrue(text.contains("$a_{4}$ & \\raggedright $\\tfrac{3}{4}$"), text)
        XCTAssertTrue(text.contains("$\\tfrac{1}{1073741824}$ (exact)"), text)
        XCTAssertTrue(text.contains("$L =$ $0$ exactly"), text)
        try compile("split", in: scratch)
    }

    func testCertifiedPointsCompile() throws {
        let scratch = try TemporaryDirectory()
        // erf partition (2, 1) of k = 3 (mathematics.md §3): L*(2) = 2/3 − (8/π) asin(1/4)
        // = 0.0232216806253367164990… (mpmath, 30 digits), a strict minimum of index 0 of 8.
        let c = (1.0 / 6.0).squareRoot()
        let erf = scratch.url.appendingPathComponent("erf.npy").path
        try CertifyCommandTests.npy([[c, c, 0, 2], [0, 0, 1, 1]]).write(to: URL(fileURLWithPath: erf))
        let erfResult = try VerifyBinary.run(["certify", erf, "--activation", "erf", "--teacher", "orthonormal:3",
                                              "--latex", scratch.path("erf.tex"), "--latex-standalone"])
        XCTAssertEqual(erfResult.status, 0, erfResult.stderr)
        let erfText = try String(contentsOfFile: scratch.path("erf.tex"), encoding: .utf8)
        XCTAssertTrue(erfText.contains("0.023221680625"), erfText)
        XCTAssertTrue(erfText.contains("Morse index & 0 of 8 (on all parameters)"), erfText)
        XCTAssertTrue(erfText.contains("verdict & PROVED"), erfText)
        // a_1 = 2 up to the box radius 2^-64 ≈ 5.4e-20.
        XCTAssertTrue(erfText.contains("$a_{1}$ & \\raggedright $2 \\pm 5.5\\times 10^{-20}$"), erfText)
        try compile("erf", in: scratch)
        // ReLU one student (k = 4, §4): on the slice, so the index is modulo the scaling and
        // the outgoing weight is exact.
        let k = 4.0
        let h = (1 - 1 / k).squareRoot() + (Double.pi - acos(1 / k.squareRoot())) / k.squareRoot()
        let relu = scratch.url.appendingPathComponent("relu.npy").path
        try CertifyCommandTests.npy([Array(repeating: 1 / k.squareRoot(), count: 4) + [k * h / Double.pi]])
            .write(to: URL(fileURLWithPath: relu))
        let reluResult = try VerifyBinary.run(["certify", relu, "--activation", "relu", "--teacher", "orthonormal:4",
                                               "--latex", scratch.path("relu.tex")])
        XCTAssertEqual(reluResult.status, 0, reluResult.stderr)
        let fragment = try String(contentsOfFile: scratch.path("relu.tex"), encoding: .utf8)
        XCTAssertFalse(fragment.contains("documentclass"), "a fragment, not a document")
        XCTAssertTrue(fragment.contains("modulo the scaling symmetry"), fragment)
        let wrapped = "\\documentclass{article}\\usepackage[T1]{fontenc}\\usepackage[utf8]{inputenc}"
            + "\\usepackage{amsmath,amssymb,booktabs}\\usepackage[margin=2cm]{geometry}\\begin{document}\n"
            + fragment + "\\end{document}\n"
        _ = try scratch.write(wrapped, "relu-document.tex")
        try compile("relu-document", in: scratch)
        // Far from any critical point: INCONCLUSIVE, and the page says why.
        let far = scratch.url.appendingPathComponent("far.npy").path
        try CertifyCommandTests.npy([[0.3, -0.7, 0.2, 0.9], [0.5, 0.1, -0.4, -0.3]]).write(to: URL(fileURLWithPath: far))
        let farResult = try VerifyBinary.run(["certify", far, "--activation", "erf", "--teacher", "orthonormal:3",
                                              "--latex", scratch.path("far.tex"), "--latex-standalone"])
        XCTAssertEqual(farResult.status, 2)
        let farText = try String(contentsOfFile: scratch.path("far.tex"), encoding: .utf8)
        XCTAssertTrue(farText.contains("verdict & INCONCLUSIVE"), farText)
        XCTAssertFalse(farText.contains("PROVED"), farText)
        try compile("far", in: scratch)
    }
}

/// `verify certify` at degenerate critical points (singular Hessian): the exact rational
/// point near the input is certified instead (exact zero loss, structural kernel, certified
/// inertia), reported with its exact coordinates and distance, and re-checkable. The exact
/// points and nullities are hand computations: the erf split of teacher neuron 3 (k = d = 3,
/// n = 4, a = 1/4 + 3/4) has nullity d + 1 = 4 (theorems/overparameterized.toml); the z²
/// minimum W = [[1/3, −2/3], [4/3, 1/3]], a = (2, 1) against diag(2, 1) has nullity
/// n(n+1)/2 = 3 (theorems/quadratic.toml).
final class CertifyDegenerateTests: XCTestCase {
    static let split: [[Double]] = [[1, 0, 0, 1], [0, 1, 0, 1], [0, 0, 1, 0.25], [0, 0, 1, 0.75]]

    /// Offsets of size at most 9e-13 with alternating signs.
    static func perturbed(_ rows: [[Double]]) -> [[Double]] {
        var k = 0
        return rows.map { $0.map { x in k += 1; return x + (k % 2 == 0 ? 1 : -1) * Double(2 + k % 5) * 1.5e-13 } }
    }

    func run(_ rows: [[Double]], float32: Bool = false, _ arguments: [String], in scratch: TemporaryDirectory,
             name: String) throws -> (CommandResult, [String: Any]?) {
        let path = scratch.url.appendingPathComponent(name).path
        try CertifyCommandTests.npy(rows, float32: float32).write(to: URL(fileURLWithPath: path))
        let certificate = scratch.url.appendingPathComponent(name + ".cert.json").path
        let result = try VerifyBinary.run(["certify", path] + arguments + ["--json", certificate])
        let json = (try? Data(contentsOf: URL(fileURLWithPath: certificate)))
            .flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] }
        return (result, json)
    }

    func point(_ certificate: [String: Any]?) -> [[String]]? {
        guard let point = certificate?["point"] as? [String: Any], let w = point["W"] as? [[String]], let a = point["a"] as? [String]
        else { return nil }
        return zip(w, a).map { $0 + [$1] }
    }

    func testErfSplitFromFloat64AndFloat32() throws {
        let scratch = try TemporaryDirectory()
        let exact = [["1", "0", "0", "1"], ["0", "1", "0", "1"], ["0", "0", "1", "1/4"], ["0", "0", "1", "3/4"]]
        for float32 in [false, true] {
            let (result, certificate) = try run(Self.perturbed(Self.split), float32: float32,
                                                ["--activation", "erf", "--teacher", "orthonormal:3"], in: scratch,
                                                name: "split\(float32 ? 32 : 64).npy")
            XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
            XCTAssertTrue(result.stdout.contains("PROVED"), result.stdout)
            XCTAssertTrue(result.stdout.contains("global minimum"), result.stdout)
            XCTAssertTrue(result.stdout.contains("L = 0 exactly"), result.stdout)
            XCTAssertEqual(certificate?["format"] as? String, "verify exact critical-point certificate")
            XCTAssertEqual(point(certificate), exact)
            let claims = certificate?["claims"] as? [String: Any]
            XCTAssertEqual(claims?["nullity"] as? Int, 4)
            XCTAssertEqual(claims?["morse-index"] as? Int, 0)
            XCTAssertEqual(claims?["type"] as? String, "global-minimum")
            let distance = try XCTUnwrap(Rational(exactly: (certificate?["report"] as? [String: Any])?["distance-max-norm"] as? String ?? ""))
            XCTAssertTrue(distance < Rational(1, float32 ? 10_000_000 : 1_000_000_000_000), "\(distance)")
        }
    }

    func testQuadraticMinimumFromFloat64AndFloat32() throws {
        let scratch = try TemporaryDirectory()
        let teacherPath = scratch.url.appendingPathComponent("teacher.json").path
        try #"{"W": [[1, 0], [0, 1]], "a": [2, 1]}"#.write(toFile: teacherPath, atomically: true, encoding: .utf8)
        let rows: [[Double]] = [[1.0 / 3, -2.0 / 3, 2], [4.0 / 3, 1.0 / 3, 1]]
        for float32 in [false, true] {
            let (result, certificate) = try run(Self.perturbed(rows), float32: float32,
                                                ["--activation", "quadratic", "--teacher", teacherPath], in: scratch,
                                                name: "quadratic\(float32 ? 32 : 64).npy")
            XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
            XCTAssertTrue(result.stdout.contains("local minimum modulo symmetry (Morse–Bott), nullity 3"), result.stdout)
            XCTAssertEqual(point(certificate), [["1/3", "-2/3", "2"], ["4/3", "1/3", "1"]])
        }
    }

    func testRecheckConfirmsAndRejectsTamperedExactCertificates() throws {
        let scratch = try TemporaryDirectory()
        let (result, certificate) = try run(Self.perturbed(Self.split), ["--activation", "erf", "--teacher", "orthonormal:3"],
                                            in: scratch, name: "split.npy")
        XCTAssertEqual(result.status, 0, result.stdout)
        let original = try XCTUnwrap(certificate)
        func recheck(_ document: [String: Any]) throws -> CommandResult {
            let path = scratch.url.appendingPathComponent("tampered-\(UUID().uuidString).json").path
            try JSONSerialization.data(withJSONObject: document).write(to: URL(fileURLWithPath: path))
            return try VerifyBinary.run(["recheck", path])
        }
        let confirmed = try recheck(original)
        XCTAssertEqual(confirmed.status, 0, confirmed.stdout + confirmed.stderr)
        XCTAssertTrue(confirmed.stdout.contains("CONFIRMED"), confirmed.stdout)

        // A moved point: a_4 = 3/4 + 2^-40 (no longer zero loss, and erf criticality at a
        // positive loss is not decided exactly).
        var moved = original, point = original["point"] as! [String: Any]
        var a = point["a"] as! [String]
        a[3] = (Rational(3, 4) + Rational(1, 1 << 40)).description
        point["a"] = a; moved["point"] = point
        let movedResult = try recheck(moved)
        XCTAssertEqual(movedResult.status, 1, movedResult.stdout)
        XCTAssertTrue(movedResult.stdout.contains("not certified"), movedResult.stdout)

        // A changed loss, a wrong nullity, a wrong type.
        for (key, value, message) in [("loss", "1/1000000000000" as Any, "stored loss"), ("nullity", 3 as Any, "stored nullity 3"),
                                      ("type", "local-minimum-modulo-symmetry" as Any, "stored type")] {
            var changed = original, claims = original["claims"] as! [String: Any]
            claims[key] = value; changed["claims"] = claims
            let changedResult = try recheck(changed)
            XCTAssertEqual(changedResult.status, 1, changedResult.stdout)
            XCTAssertTrue(changedResult.stdout.contains(message), changedResult.stdout)
        }
        // Malformed: a point entry that is not a rational.
        var malformed = original, badPoint = original["point"] as! [String: Any]
        var w = badPoint["W"] as! [[String]]
        w[0][0] = "one"; badPoint["W"] = w; malformed["point"] = badPoint
        XCTAssertEqual(try recheck(malformed).status, 65)
    }

    /// An input off the exact split by 2^-30 is certified at the split (distance exactly
    /// 2^-30) unless --max-distance is below that; random points are never PROVED (also
    /// CertifyCommandTests.testRandomPointsAreNeverProved, which now runs this route too).
    func testDistanceLimit() throws {
        let scratch = try TemporaryDirectory()
        var rows = Self.split
        rows[3][3] += 0x1p-30
        let (near, certificate) = try run(rows, ["--activation", "erf", "--teacher", "orthonormal:3"], in: scratch, name: "off.npy")
        XCTAssertEqual(near.status, 0, near.stdout)
        XCTAssertEqual((certificate?["report"] as? [String: Any])?["distance-max-norm"] as? String, "1/1073741824")
        let (far, _) = try run(rows, ["--activation", "erf", "--teacher", "orthonormal:3", "--max-distance", "1e-10"],
                               in: scratch, name: "off2.npy")
        XCTAssertEqual(far.status, 2, far.stdout)
        XCTAssertFalse(far.stdout.contains("PROVED"), far.stdout)
    }

    /// The exact split itself still gets the certificate (distance 0) and the LaTeX page.
    func testExactSplitAndLatex() throws {
        let scratch = try TemporaryDirectory()
        let latex = scratch.url.appendingPathComponent("split.tex").path
        let (result, certificate) = try run(Self.split, ["--activation", "erf", "--teacher", "orthonormal:3", "--latex", latex],
                                            in: scratch, name: "exact.npy")
        XCTAssertEqual(result.status, 0, result.stdout)
        XCTAssertEqual((certificate?["report"] as? [String: Any])?["distance-max-norm"] as? String, "0")
        let text = try String(contentsOfFile: latex, encoding: .utf8)
        XCTAssertTrue(text.contains("\\tfrac{3}{4}"), text)
        XCTAssertTrue(text.contains("exactly"), text)
    }
}
