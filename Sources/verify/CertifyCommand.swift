import ArgumentParser
import Foundation
import CertifiedIntervals
import CertifiedLinearAlgebra
import ClosedForms
import TeacherStudent
import TheoremFiles
import WeightsFiles
import Reports
import ClaimDecisions

/// `verify certify WEIGHTS`: refine trained weights to a nearby critical point and
/// certify it (Krawczyk), with its loss, gradient bound and Morse index.
struct CertifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "certify",
        abstract: "Certify the critical point of the population loss near trained weights (a weights file).",
        discussion: """
        WEIGHTS is .npy (an n × (d+1) float64/float32 matrix, row i = w_i then a_i), .npz (arrays W, a, optionally
        the teacher's V, b; save with np.savez, not np.savez_compressed), .json ({"W": …, "a": …} or a list of rows
        [w_i…, a_i]) or .csv (one line per student: w_i1, …, w_id, a_i). A float in a binary file is the exact binary
        number it is; a decimal in a text file is the exact rational it denotes.

        Damped Newton at high precision refines the point (for relu, linear and quadratic, which are positively
        homogeneous, in the slice a = const of the scaling symmetry); the Krawczyk test then proves that a box of
        radius 2^(-p/2) holds exactly one critical point (modulo the scaling), and the loss, the gradient and the
        Hessian's inertia are enclosed over the box. The loss is E[(f - f*)^2] on x ~ N(0, I_d), no factor 1/2.

        When the Krawczyk test cannot isolate a critical point (a singular Hessian: over-parameterized splits, the z²
        minima M = M*), a nearby exact rational point is proposed (continued fractions within 1e-10, 1e-7, 1e-5;
        students with agreeing incoming vectors merged) and decided exactly: exact zero loss or an exact zero gradient
        (z², z), the structural kernel and the certified inertia on its complement. The certificate is then about that
        exact point (printed as rationals, with its exact distance from the input, at most --max-distance).

        Exit codes: 0 PROVED, 2 INCONCLUSIVE, 64 usage error, 65 invalid weights file, 73 the certificate could not
        be written.
        """)

    @Argument(help: "The student's weights file (.npy, .npz, .json, .csv).")
    var weights: String

    @Option(help: "erf, relu, quadratic or linear (erf is erf(z/√2); see --beta).")
    var activation: String

    @Option(help: "For erf: the activation is erf(beta·z); beta's square must be rational (default 1/sqrt(2)).")
    var beta: String?

    @Option(help: "orthonormal:K (v_j = e_j, b_j = 1, j ≤ K ≤ d) or a weights file holding V, b (or W, a). Default: V, b of WEIGHTS.")
    var teacher: String?

    @Option(help: "Write the certificate (re-checkable with `verify recheck`) to this JSON file.")
    var json: String?

    @Option(help: "Write the certified point as a LaTeX table (a fragment to \\input; see --latex-standalone) to this file.")
    var latex: String?

    @Flag(name: .customLong("latex-standalone"), help: "With --latex: a complete document instead of a fragment.")
    var latexStandalone = false

    @Option(name: .customLong("latex-digits"), help: "Significant digits of the numbers in the LaTeX table (default 12).")
    var latexDigits: Int = 12

    @Option(help: "Working precision in bits (default 128); the Krawczyk box has radius 2^(-p/2).")
    var precision: Int = 128

    @Option(name: .customLong("max-distance"),
            help: "The largest max-norm distance from the input to the certified point (default 1e-3).")
    var maxDistance: Double = 1e-3

    @Option(help: "Significant digits of the coordinates printed (default 20).")
    var digits: Int = 20

    @Option(name: .customLong("max-parameters"),
            help: "Refuse students with more than this many parameters n(d+1) (default 1500: the dense Hessian has N² entries).")
    var maxParameters: Int = 1500

    func validate() throws {
        guard (64...4096).contains(precision) else { throw ValidationError("--precision must be between 64 and 4096 bits") }
        guard maxDistance > 0, maxDistance.isFinite else { throw ValidationError("--max-distance must be a positive number") }
        guard (1...1000).contains(digits) else { throw ValidationError("--digits must be between 1 and 1000") }
        guard (1...60).contains(latexDigits) else { throw ValidationError("--latex-digits must be between 1 and 60") }
        if latexStandalone && latex == nil { throw ValidationError("--latex-standalone needs --latex FILE") }
    }

    func run() throws {
        let p = precision
        let activation = try parseActivation(activation, beta: beta)
        let contents: WeightsFileContents
        do { contents = try WeightsFile.read(path: weights) } catch let error as WeightsFileError {
            fail("invalid weights file: \(error)", code: ExitCodes.invalidFile)
        }
        let student = contents.student
        let parameters = student.width * (student.inputDimension + 1)
        guard parameters <= maxParameters else {
            fail("the student has n(d+1) = \(parameters) parameters, more than --max-parameters \(maxParameters) "
                 + "(the dense Hessian has N² = \(parameters * parameters) interval entries); raise the limit to try",
                 code: ExitCodes.usage)
        }
        let teacherNetwork: Network
        let teacherDescription: String
        var exactTeacher: ExactNetwork?
        let exactInput = ExactPointCertificate.exactNetwork(student)
        if let teacher, teacher.hasPrefix("orthonormal:") {
            guard let k = Int(teacher.dropFirst("orthonormal:".count)), k >= 1 else {
                fail("--teacher orthonormal:K needs a positive integer K, got '\(teacher)'", code: ExitCodes.usage)
            }
            guard k <= student.inputDimension else {
                fail("--teacher orthonormal:\(k) needs K ≤ d, but the weights have input dimension d = \(student.inputDimension)",
                     code: ExitCodes.usage)
            }
            teacherNetwork = Configurations.orthonormalTeacher(neurons: k, inputDimension: student.inputDimension, precision: p)
            exactTeacher = ExactPointCertificate.orthonormalTeacher(neurons: k, inputDimension: student.inputDimension)
            teacherDescription = "orthonormal, k = \(k)"
        } else if let teacher {
            let weights: NetworkWeights
            do { weights = try WeightsFile.readTeacher(path: teacher) } catch let error as WeightsFileError {
                fail("invalid teacher file: \(error)", code: ExitCodes.invalidFile)
            }
            guard weights.inputDimension == student.inputDimension else {
                fail("the teacher (\(teacher)) has input dimension \(weights.inputDimension) and the student \(student.inputDimension); expected the same d",
                     code: ExitCodes.invalidFile)
            }
            teacherNetwork = network(weights, precision: p)
            exactTeacher = ExactPointCertificate.exactNetwork(weights)
            teacherDescription = "\(teacher), k = \(weights.width)"
        } else if let fromFile = contents.teacher {
            teacherNetwork = network(fromFile, precision: p)
            exactTeacher = ExactPointCertificate.exactNetwork(fromFile)
            teacherDescription = "V, b of \(weights), k = \(fromFile.width)"
        } else {
            fail("give the teacher: --teacher orthonormal:K or --teacher FILE (or store V and b in the weights file)", code: ExitCodes.usage)
        }
        let input = TeacherStudentProblem(activation: activation, teacher: teacherNetwork, student: network(student, precision: p))
        let started = Date()
        let outcome = PointCertification.certify(input, options: .init(precision: p, maximumDistance: maxDistance))
        let seconds = Date().timeIntervalSince(started)
        let header = "certify \(weights): \(activation), teacher \(teacherDescription), n = \(student.width) students, d = \(student.inputDimension), \(p) bits"
        switch outcome {
        case .inconclusive(let reason, _, let steps):
            if let exact = exactDegeneratePoint(student: student, teacher: exactTeacher, activation: activation, precision: p) {
                let (certificate, distance) = exact
                print(header)
                print(ExactPointCertificate.text(certificate, input: exactInput!, distance: distance, krawczykReason: reason,
                                                 precision: p, seconds: Date().timeIntervalSince(started)))
                if let json {
                    write(ExactPointCertificate.encode(certificate, input: exactInput!, distance: distance, precision: p,
                                                       inputFile: weights, krawczykReason: reason), to: json)
                }
                if let latex {
                    writeText(ExactPointCertificate.latex(certificate, input: exactInput!, distance: distance, weightsFile: weights,
                                                          teacher: teacherDescription, precision: p, standalone: latexStandalone),
                              to: latex)
                }
                return
            }
            print(header)
            print("  INCONCLUSIVE  \(reason)")
            let zeroLossNote = exactZeroLossNote(input, precision: p)
            if let zeroLossNote { print("  note          \(zeroLossNote)") }
            print("  (Newton steps: \(steps); \(String(format: "%.2f", seconds)) s)")
            if let json {
                var document: [String: Any] = ["verdict": "INCONCLUSIVE", "reason": reason, "weights": weights,
                                               "activation": activation.description, "newton-steps": steps]
                if let zeroLossNote { document["exact-zero-loss"] = zeroLossNote }
                write(document, to: json)
            }
            if let latex {
                writeText(CertificateLatex.renderInconclusive(weightsFile: weights, reason: reason, standalone: latexStandalone), to: latex)
            }
            throw ExitCode(ExitCodes.inconclusive)
        case .certified(let certified, let steps):
            let summary = CertificateSummary(certified, activation: activation)
            print(header)
            print(summary.text(digits: digits, newtonSteps: steps, seconds: seconds))
            if let json {
                var document = CertificateFile.encode(certified, activation: activation, teacher: teacherNetwork, precision: p)
                document["report"] = summary.json(digits: digits, newtonSteps: steps, input: weights)
                write(document, to: json)
            }
            if let latex {
                let page = summary.latexPage(weightsFile: weights, teacher: teacherDescription, precision: p, digits: latexDigits)
                writeText(CertificateLatex.render(page, digits: latexDigits, standalone: latexStandalone), to: latex)
            }
        }
    }

    /// The exact degenerate critical point near the input (`ExactDegeneratePoint.certifyNear`):
    /// tried when the Krawczyk test did not isolate a critical point (a singular Hessian), for
    /// every activation; nil when no proposal is certified within `--max-distance`.
    func exactDegeneratePoint(student: NetworkWeights, teacher: ExactNetwork?, activation: Activation,
                              precision p: Int) -> (ExactDegeneratePoint.Certificate, Rational)? {
        guard let teacher, let input = ExactPointCertificate.exactNetwork(student),
              let maximum = Rational(exactly: maxDistance) else { return nil }
        let tolerances = ExactPointCertificate.tolerances.filter { !(maximum < $0) }
        let result = ExactDegeneratePoint.certifyNear(input, teacher: teacher, activation: activation, tolerances: tolerances,
                                                      maximumDistance: maximum, precision: p)
        guard let certificate = result.certificate, let distance = result.distance else { return nil }
        return (certificate, distance)
    }

    /// When the input weights (exact binary numbers) are exactly a zero-loss point — the
    /// student is the teacher after merging equal students (`ExactZeroLoss`) — a note: a
    /// global minimum, with the certified nullity of its Hessian (`StructuralKernel`,
    /// `MorseBottCertification`). Such points are not isolated critical points, so the
    /// Krawczyk certificate of this command does not apply to them.
    func exactZeroLossNote(_ input: TeacherStudentProblem, precision p: Int) -> String? {
        guard let student = ExactNetwork(exactly: input.student), let teacher = ExactNetwork(exactly: input.teacher),
              let proof = ExactZeroLoss.prove(activation: input.activation, student: student, teacher: teacher) else { return nil }
        var note = "the input weights have exactly zero loss (\(proof.description)): a global minimum, since L ≥ 0"
        let kernel = StructuralKernel.atCriticalPoint(activation: input.activation, student: student, zeroLoss: true)
        if let hessian = try? DenseEvaluation.hessian(input, precision: p).rows,
           case .certified(let certificate) = MorseBottCertification.certify(hessian: hessian, kernel: kernel.vectors, precision: p),
           certificate.negative == 0 {
            note += "; its Hessian is positive semidefinite with nullity exactly \(certificate.nullity) "
                + "(\(kernel.tangent.count) directions tangent to the symmetry orbits"
                + (kernel.additional.isEmpty ? ": a Morse–Bott minimum" : ", \(kernel.additional.count) more at zero loss only") + ")"
        }
        return note + ". Not an isolated critical point: state it in a theorem file (type = \"global-minimum\", nullity = \"N\"; "
            + "docs/theorem-files.md)"
    }

    func writeText(_ text: String, to path: String) {
        do { try text.write(toFile: path, atomically: true, encoding: .utf8) } catch {
            fail("cannot write \(path): \(error.localizedDescription)", code: ExitCodes.cannotWrite)
        }
    }

    func write(_ document: [String: Any], to path: String) {
        do {
            let data = try JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys])
            try data.write(to: URL(fileURLWithPath: path))
        } catch {
            fail("cannot write \(path): \(error.localizedDescription)", code: ExitCodes.cannotWrite)
        }
    }
}

/// The activation named on the command line (or in a certificate).
func parseActivation(_ name: String, beta: String?) throws -> Activation {
    switch name {
    case "erf":
        guard let beta else { return .standardErf }
        let expression: ClosedForms.Expression
        do { expression = try ExpressionParser.parse(beta) } catch {
            fail("--beta: cannot read '\(beta)': \(error)", code: ExitCodes.usage)
        }
        guard let scale = TheoremFileParser.erfScale(beta: expression, definitions: Definitions()) else {
            fail("--beta must be a positive constant whose square is rational, e.g. 1/sqrt(2) or 2; got '\(beta)'", code: ExitCodes.usage)
        }
        return .erf(scale: scale)
    case "relu", "quadratic", "linear":
        if beta != nil { fail("--beta applies to erf only", code: ExitCodes.usage) }
        return name == "relu" ? .relu : name == "quadratic" ? .quadratic : .linear
    default:
        fail("--activation must be erf, relu, quadratic or linear; got '\(name)'", code: ExitCodes.usage)
    }
}

/// The network whose weights are the file's exact numbers, enclosed at `p` bits (a
/// float64 or float32 value exactly; a decimal by its tightest enclosure).
func network(_ weights: NetworkWeights, precision p: Int) -> Network {
    Configurations.explicit(inputWeights: weights.incoming.map { $0.map { exactEnclosure($0, precision: p) } },
                            outputWeights: weights.outgoing.map { exactEnclosure($0, precision: p) }, precision: p)
}

func exactEnclosure(_ number: WeightNumber, precision p: Int) -> Interval {
    switch number {
    case .binary(let x): return Interval(x, precision: max(p, 53))
    case .decimal(let text):
        guard let rational = Rational(exactly: text) else { preconditionFailure("the reader validated the decimal \(text)") }
        return Interval(rational, precision: p)
    }
}
