import Foundation
import CertifiedIntervals
import CertifiedLinearAlgebra
import TeacherStudent
import Reports
import ClaimDecisions

/// What `verify certify` reports about a certified point, in words and as JSON.
struct CertificateSummary {
    let certified: PointCertification.Certified
    let activation: Activation

    init(_ certified: PointCertification.Certified, activation: Activation) {
        self.certified = certified
        self.activation = activation
    }

    var onSlice: Bool { certified.box.slice != nil }

    /// Where the Morse index is counted.
    var indexDomain: String {
        onSlice ? "on the complement of the scaling directions (the W block in the slice a = const)" : "on all parameters"
    }

    var type: String {
        guard let inertia = certified.inertia else {
            return "type undecided (the Hessian's inertia over the box could not be certified)"
        }
        let modulo = onSlice ? " modulo the scaling symmetry" : ""
        if inertia.negative == 0 {
            let kind = onSlice ? "local minimum modulo the scaling symmetry (not strict: its orbit is a curve of minima; strict transversally)"
                : "strict local minimum"
            return "\(kind) (Morse index 0 of \(certified.hessianDimension), Hessian positive definite \(indexDomain))"
        }
        if inertia.positive == 0 { return "strict local maximum\(modulo) (Morse index \(inertia.negative) of \(certified.hessianDimension) \(indexDomain))" }
        return "saddle\(modulo), Morse index \(inertia.negative) of \(certified.hessianDimension) \(indexDomain)"
    }

    var statement: String {
        if let symmetry = certified.box.slice {
            return "the box (in the slice a = const) holds exactly one zero of ∇_W L; it is a critical point of L (Euler's identity), "
                + "and its orbit under \(symmetry) is a curve of critical points"
        }
        return "the box holds exactly one critical point of L"
    }

    /// Coordinates `name = centre` with the box radius once.
    func coordinates(digits: Int) -> [(String, String)] {
        let student = certified.box.centre.student
        var lines: [(String, String)] = []
        for i in 0..<student.width {
            let row = student.inputWeights.row(i).map { $0.midpoint.decimal(digits: digits) }
            lines.append(("w_\(i + 1)", "[" + row.joined(separator: ", ") + "]"))
        }
        for i in 0..<student.width {
            lines.append(("a_\(i + 1)", student.outputWeights[i].midpoint.decimal(digits: digits)
                          + (onSlice ? " (fixed: the slice)" : "")))
        }
        return lines
    }

    func text(digits: Int, newtonSteps: Int, seconds: Double) -> String {
        let r = certified.box.radius
        var lines = [
            "  PROVED        \(statement) (Krawczyk, contraction ≤ \(String(format: "%.3g", certified.contraction)))",
            "  type          \(type)",
            "  loss          L ∈ \(certified.loss.description(digits: 20))  (L = E[(f − f*)²], no factor 1/2)",
            "  gradient      max |∂L/∂θ| over the box ≤ \(certified.gradientBound.upperDecimal(digits: 3))",
            "  distance      from the input weights: max-norm ≤ \(certified.distanceMaxNorm.upperDecimal(digits: 3)), "
                + "Euclidean ≤ \(certified.distanceEuclidean.upperDecimal(digits: 3))",
            "  point         centre ± r per coordinate, r = 2^\(r.magnitudeExponent.map { String($0 - 1) } ?? "?") ≈ \(r.midpoint.description(digits: 3)):",
        ]
        for (name, value) in coordinates(digits: digits) { lines.append("      \(name) = \(value)") }
        lines.append("  (Newton steps: \(newtonSteps); \(String(format: "%.2f", seconds)) s)")
        return lines.joined(separator: "\n")
    }

    func json(digits: Int, newtonSteps: Int, input: String) -> [String: Any] {
        var report: [String: Any] = [
            "verdict": "PROVED",
            "statement": statement,
            "type": type,
            "contraction": certified.contraction,
            "gradient-bound": certified.gradientBound.upperDecimal(digits: 6),
            "distance-max-norm": certified.distanceMaxNorm.upperDecimal(digits: 6),
            "distance-euclidean": certified.distanceEuclidean.upperDecimal(digits: 6),
            "loss": ["lower": certified.loss.lowerDecimal(digits: 25), "upper": certified.loss.upperDecimal(digits: 25)],
            "morse-index-on": indexDomain,
            "newton-steps": newtonSteps,
            "input": input,
            "radius": certified.box.radius.description(digits: 6),
        ]
        let student = certified.box.centre.student
        let rows: [[String]] = (0..<student.width).map { i in student.inputWeights.row(i).map { $0.midpoint.decimal(digits: digits) } }
        let outputs: [String] = student.outputWeights.map { $0.midpoint.decimal(digits: digits) }
        report["point"] = ["W": rows, "a": outputs] as [String: Any]
        if let inertia = certified.inertia { report["morse-index"] = inertia.negative }
        return report
    }
}

extension CertificateSummary {
    /// The LaTeX page of the certificate: every coordinate of the critical point enclosed
    /// (centre ± r on the box's free coordinates, the exact centre on fixed ones).
    func latexPage(weightsFile: String, teacher: String, precision p: Int, digits: Int) -> CertificateLatex.Page {
        let box = certified.box
        let student = box.centre.student
        let radius = box.radius
        // c = the centre rounded to `digits` significant digits; δ ≥ |centre − c| + r (free
        // coordinates) or |centre − c| (fixed ones), certified and rounded up.
        func enclosed(_ centre: Interval, free: Bool) -> CertificateLatex.Value {
            let text = centre.midpoint.decimal(digits: digits)
            guard let rounded = Rational(exactly: text) else {
                return .init(decimal: text, halfWidth: (centre.magnitude + radius.magnitude).upperDecimal(digits: 2))
            }
            var gap = (centre.withPrecision(p) - Interval(rounded, precision: p)).magnitude
            if free { gap = gap + radius.magnitude }
            if !free && Interval(rounded, precision: p).contains(centre) && Interval(rounded, precision: p).isPoint {
                return .init(decimal: text, halfWidth: nil)
            }
            return .init(decimal: text, halfWidth: gap.upperDecimal(digits: 2))
        }
        var point: [CertificateLatex.Coordinates] = []
        for i in 0..<student.width {
            point.append(.init(name: "w_\(i + 1)", values: student.inputWeights.row(i).map { enclosed($0, free: true) }))
        }
        for i in 0..<student.width {
            point.append(.init(name: "a_\(i + 1)", values: [enclosed(student.outputWeights[i], free: !onSlice)]))
        }
        let exponent = radius.magnitudeExponent.map { "2^{\($0 - 1)}" } ?? radius.description(digits: 3)
        return CertificateLatex.Page(
            weightsFile: weightsFile, activationLatex: ReportBuilder.activationLatex(activation), teacher: teacher,
            students: student.width, inputDimension: student.inputDimension, precision: p, verdict: "PROVED",
            statement: statement, contraction: certified.contraction.isFinite
                ? Interval(certified.contraction, precision: 64).magnitude.upperDecimal(digits: 3) : "\(certified.contraction)", type: type,
            morseIndex: certified.inertia?.negative, hessianDimension: certified.hessianDimension, moduloScaling: onSlice,
            loss: EnclosureFormatting.bounds(certified.loss), gradientBound: certified.gradientBound.upperDecimal(digits: 3),
            distanceMaxNorm: certified.distanceMaxNorm.upperDecimal(digits: 3),
            distanceEuclidean: certified.distanceEuclidean.upperDecimal(digits: 3), radius: exponent, point: point)
    }
}

extension PointValue {
    /// Rounded to nearest with `digits` significant digits (a display, not an enclosure).
    func decimal(digits: Int) -> String { description(digits: digits) }
}

/// The JSON certificate: the teacher, the box and the claims, every number an exact
/// rational string ("p/q", q a power of two for binary numbers), so that `verify
/// recheck` rebuilds exactly the same box and teacher. The `report` member is for
/// people and is not read back.
enum CertificateFile {
    static let format = "verify critical-point certificate"
    static let version = 1

    static func exact(_ value: Interval) -> String {
        guard value.isPoint, let ends = Rational.exactEnds(of: value) else {
            preconditionFailure("a certificate stores point values only")
        }
        return ends.lower.description
    }

    static func encode(_ certified: PointCertification.Certified, activation: Activation, teacher: Network,
                       precision p: Int) -> [String: Any] {
        let box = certified.box
        let student = box.centre.student
        let exactTeacher = box.centre.teacher
        var document: [String: Any] = [
            "format": format, "version": version,
            "activation": activationName(activation),
            "precision": p,
            "teacher": [
                "V": (0..<exactTeacher.width).map { j in exactTeacher.inputWeights.row(j).map { exactOrEnds($0) } },
                "b": exactTeacher.outputWeights.map { exactOrEnds($0) },
            ],
            "box": [
                "W": (0..<student.width).map { i in student.inputWeights.row(i).map(exact) },
                "a": student.outputWeights.map(exact),
                "radius": exact(box.radius),
                "slice": box.slice != nil,
            ] as [String: Any],
        ]
        if case .erf(let scale) = activation { document["erf-scale"] = scale.description }
        let loss = Rational.exactEnds(of: certified.loss)
        var claims: [String: Any] = [
            "unique-critical-point": true,
            "loss": ["lower": loss?.lower.description ?? "-inf", "upper": loss?.upper.description ?? "inf"],
        ]
        claims["morse-index"] = certified.inertia.map { $0.negative } ?? NSNull()
        document["claims"] = claims
        return document
    }

    /// A teacher entry: exact when it is a point; a teacher given by decimals that are
    /// not binary at `p` bits is stored as its two exact ends `[lo, hi]`.
    static func exactOrEnds(_ value: Interval) -> Any {
        if value.isPoint { return exact(value) }
        guard let ends = Rational.exactEnds(of: value) else { return "nan" }
        return [ends.lower.description, ends.upper.description]
    }

    static func activationName(_ activation: Activation) -> String {
        switch activation {
        case .erf: return "erf"
        default: return activation.description
        }
    }
}
