import Foundation
import CertifiedIntervals
import TeacherStudent
import WeightsFiles
import Reports
import ClaimDecisions

/// `verify certify` at degenerate critical points: the exact rational point proposed near
/// the input (`ExactDegeneratePoint`), its report (text, JSON, LaTeX) and its JSON
/// certificate, which `verify recheck` re-decides exactly.
///
/// Certificate format "verify exact critical-point certificate", version 1: the activation
/// (and `erf-scale`), the precision of the Hessian enclosure, the teacher `V`, `b` and the
/// point `W`, `a` as exact rational strings, and the claims: `loss` (exact rational),
/// `zero-loss` (bool), `nullity`, `morse-index`, `type` ("global-minimum",
/// "local-minimum-modulo-symmetry" or "saddle"). The `report` member is not read back.
enum ExactPointCertificate {
    static let format = "verify exact critical-point certificate"
    static let version = 1

    /// The tolerances of the proposal, smallest first (each is tried in turn): float64 inputs
    /// near simple rationals snap at the first, float32 inputs (relative error 2^-24) at the
    /// later ones.
    static let tolerances: [Rational] = [Rational(1, 10_000_000_000), Rational(1, 10_000_000), Rational(1, 100_000)]

    static func exactValue(_ number: WeightNumber) -> Rational? {
        switch number {
        case .binary(let x): return Rational(exactly: x)
        case .decimal(let text): return Rational(exactly: text)
        }
    }

    /// The exact rationals of a weights file's network (every float is the binary number
    /// it is, every decimal the rational it denotes), or nil for a non-finite entry.
    static func exactNetwork(_ weights: NetworkWeights) -> ExactNetwork? {
        var rows: [[Rational]] = []
        for row in weights.incoming {
            var exactRow: [Rational] = []
            for x in row { guard let value = exactValue(x) else { return nil }; exactRow.append(value) }
            rows.append(exactRow)
        }
        var outputs: [Rational] = []
        for x in weights.outgoing { guard let value = exactValue(x) else { return nil }; outputs.append(value) }
        return ExactNetwork(inputWeights: rows, outputWeights: outputs)
    }

    /// The orthonormal teacher `v_j = e_j`, `b_j = 1`, exactly.
    static func orthonormalTeacher(neurons k: Int, inputDimension d: Int) -> ExactNetwork {
        ExactNetwork(inputWeights: (0..<k).map { j in (0..<d).map { Rational($0 == j ? 1 : 0) } },
                     outputWeights: Array(repeating: Rational(1), count: k))
    }

    /// An upper bound (decimal, rounded up) on `√x` for an exact `x ≥ 0`.
    static func squareRootUpper(_ x: Rational, precision p: Int) -> String {
        guard let root = try? Interval(x, precision: p).sqrt() else { return "?" }
        return root.upperDecimal(digits: 3)
    }

    static func inertiaText(_ certificate: ExactDegeneratePoint.Certificate) -> String {
        let i = certificate.inertia
        return "\(i.positive) positive, \(i.negative) negative, \(i.nullity) zero eigenvalues of \(i.size): the kernel is exactly "
            + "the span of the structural directions (\(certificate.kernel.summary)); inertia certified on an "
            + "exact rational complement (Sylvester)"
    }

    static func coordinates(_ point: ExactNetwork) -> [(String, [String])] {
        (0..<point.width).map { ("w_\($0 + 1)", point.inputWeights[$0].map(\.description)) }
            + (0..<point.width).map { ("a_\($0 + 1)", [point.outputWeights[$0].description]) }
    }

    static func text(_ certificate: ExactDegeneratePoint.Certificate, input: ExactNetwork, distance: Rational,
                     krawczykReason: String, precision p: Int, seconds: Double) -> String {
        let squared = ExactDegeneratePoint.squaredDistance(input, certificate.point)
        var lines = [
            "  PROVED        the exact rational point below is a critical point of L: \(certificate.criticality)",
            "  type          \(certificate.type)",
            "  loss          L = \(certificate.loss) exactly  (L = E[(f − f*)²], no factor 1/2)",
            "  Hessian       \(inertiaText(certificate))",
            "  distance      from the input weights: max-norm = \(Interval(distance, precision: 64).upperDecimal(digits: 6)) (exactly \(distance)), "
                + "Euclidean ≤ \(squareRootUpper(squared, precision: p))",
            "  point         exact rationals:",
        ]
        for (name, values) in coordinates(certificate.point) {
            lines.append("      \(name) = " + (values.count > 1 ? "[" + values.joined(separator: ", ") + "]" : values[0]))
        }
        lines.append("  note          the Krawczyk test did not isolate a critical point (\(krawczykReason)); the input is "
                     + "near the exact point above, decided exactly")
        lines.append("  (\(String(format: "%.2f", seconds)) s)")
        return lines.joined(separator: "\n")
    }

    static func activationName(_ activation: Activation) -> String { CertificateFile.activationName(activation) }

    static func encode(_ certificate: ExactDegeneratePoint.Certificate, input: ExactNetwork, distance: Rational,
                       precision p: Int, inputFile: String, krawczykReason: String) -> [String: Any] {
        let point = certificate.point, teacher = certificate.teacher
        var document: [String: Any] = [
            "format": format, "version": version,
            "activation": activationName(certificate.activation),
            "precision": p,
            "teacher": ["V": teacher.inputWeights.map { $0.map(\.description) }, "b": teacher.outputWeights.map(\.description)],
            "point": ["W": point.inputWeights.map { $0.map(\.description) }, "a": point.outputWeights.map(\.description)],
            "claims": [
                "loss": certificate.loss.description,
                "zero-loss": certificate.zeroLoss != nil,
                "nullity": certificate.inertia.nullity,
                "morse-index": certificate.inertia.negative,
                "type": certificate.typeKey,
            ] as [String: Any],
        ]
        if case .erf(let scale) = certificate.activation { document["erf-scale"] = scale.description }
        document["report"] = [
            "verdict": "PROVED",
            "input": inputFile,
            "type": certificate.type,
            "criticality": certificate.criticality,
            "hessian": inertiaText(certificate),
            "distance-max-norm": distance.description,
            "distance-max-norm-decimal": Interval(distance, precision: 64).upperDecimal(digits: 6),
            "distance-euclidean-upper": squareRootUpper(ExactDegeneratePoint.squaredDistance(input, point), precision: p),
            "krawczyk": krawczykReason,
        ] as [String: Any]
        return document
    }

    static func latex(_ certificate: ExactDegeneratePoint.Certificate, input: ExactNetwork, distance: Rational,
                      weightsFile: String, teacher: String, precision p: Int, standalone: Bool) -> String {
        let page = CertificateLatex.ExactPage(
            weightsFile: weightsFile, activationLatex: ReportBuilder.activationLatex(certificate.activation), teacher: teacher,
            students: certificate.point.width, inputDimension: certificate.point.inputDimension, precision: p,
            criticality: certificate.criticality, type: certificate.type, inertia: inertiaText(certificate),
            loss: certificate.loss.description, distanceMaxNorm: distance.description,
            distanceEuclidean: squareRootUpper(ExactDegeneratePoint.squaredDistance(input, certificate.point), precision: p),
            point: coordinates(certificate.point))
        return CertificateLatex.renderExact(page, standalone: standalone)
    }

    // MARK: Recheck

    struct Stored {
        let activation: Activation
        let precision: Int
        let teacher: ExactNetwork
        let point: ExactNetwork
        let loss: Rational
        let zeroLoss: Bool
        let nullity: Int
        let morseIndex: Int
        let type: String
    }

    /// Reads a certificate of this format; throws `StoredCertificate.Malformed` with what is wrong.
    static func read(_ root: [String: Any]) throws -> Stored {
        typealias Malformed = StoredCertificate.Malformed
        guard root["version"] as? Int == version else { throw Malformed(message: "\"version\" must be \(version)") }
        guard let p = root["precision"] as? Int, (64...4096).contains(p) else { throw Malformed(message: "\"precision\" must be an integer in 64…4096") }
        let activation = try StoredCertificate.activation(root)
        func rational(_ value: Any?, _ what: String) throws -> Rational {
            guard let text = value as? String, let r = Rational(exactly: text) else {
                throw Malformed(message: "\(what) must be an exact rational string")
            }
            return r
        }
        func network(_ object: Any?, _ rowsKey: String, _ outputsKey: String, _ what: String) throws -> ExactNetwork {
            guard let object = object as? [String: Any], let rows = object[rowsKey] as? [[Any]], !rows.isEmpty,
                  let outputs = object[outputsKey] as? [Any], outputs.count == rows.count else {
                throw Malformed(message: "\(what) must hold \"\(rowsKey)\" (a non-empty list of rows) and \"\(outputsKey)\" (one number per row)")
            }
            let exactRows = try rows.enumerated().map { i, row in
                try row.enumerated().map { try rational($1, "\(what).\(rowsKey)[\(i)][\($0)]") }
            }
            guard let d = exactRows.first?.count, d >= 1, exactRows.allSatisfy({ $0.count == d }) else {
                throw Malformed(message: "\(what).\(rowsKey) must be rectangular with d ≥ 1")
            }
            let exactOutputs = try outputs.enumerated().map { try rational($1, "\(what).\(outputsKey)[\($0)]") }
            return ExactNetwork(inputWeights: exactRows, outputWeights: exactOutputs)
        }
        let teacher = try network(root["teacher"], "V", "b", "teacher")
        let point = try network(root["point"], "W", "a", "point")
        guard teacher.inputDimension == point.inputDimension else { throw Malformed(message: "teacher.V and point.W have different input dimensions") }
        guard let claims = root["claims"] as? [String: Any] else { throw Malformed(message: "\"claims\" is required") }
        let loss = try rational(claims["loss"], "claims.loss")
        guard let zeroLoss = claims["zero-loss"] as? Bool else { throw Malformed(message: "claims.zero-loss must be true or false") }
        guard let nullity = claims["nullity"] as? Int, nullity >= 0 else { throw Malformed(message: "claims.nullity must be an integer ≥ 0") }
        guard let index = claims["morse-index"] as? Int, index >= 0 else { throw Malformed(message: "claims.morse-index must be an integer ≥ 0") }
        guard let type = claims["type"] as? String, ["global-minimum", "local-minimum-modulo-symmetry", "saddle"].contains(type) else {
            throw Malformed(message: "claims.type must be \"global-minimum\", \"local-minimum-modulo-symmetry\" or \"saddle\"")
        }
        return Stored(activation: activation, precision: p, teacher: teacher, point: point, loss: loss, zeroLoss: zeroLoss,
                      nullity: nullity, morseIndex: index, type: type)
    }

    /// Re-decides the stored point exactly; the list of failed claims (empty: confirmed)
    /// and, when confirmed, a one-line summary.
    static func recheck(_ stored: Stored) -> (failures: [String], summary: String?) {
        let outcome: ExactDegeneratePoint.Outcome
        do {
            outcome = try ExactDegeneratePoint.decide(activation: stored.activation, student: stored.point, teacher: stored.teacher,
                                                      precision: stored.precision)
        } catch {
            return (["the Hessian at the stored point is not evaluable: \(error)"], nil)
        }
        guard case .certified(let certificate) = outcome else {
            if case .undecided(let why) = outcome { return (["the stored point is not certified: \(why)"], nil) }
            return (["the stored point is not certified"], nil)
        }
        var failures: [String] = []
        if certificate.loss != stored.loss {
            failures.append("the stored loss \(stored.loss) is wrong: the exact loss is \(certificate.loss)")
        }
        if (certificate.zeroLoss != nil) != stored.zeroLoss {
            failures.append("the stored zero-loss = \(stored.zeroLoss) is wrong")
        }
        if certificate.inertia.nullity != stored.nullity {
            failures.append("the stored nullity \(stored.nullity) is wrong: the certified nullity is \(certificate.inertia.nullity)")
        }
        if certificate.inertia.negative != stored.morseIndex {
            failures.append("the stored Morse index \(stored.morseIndex) is wrong: the certified index is \(certificate.inertia.negative)")
        }
        if certificate.typeKey != stored.type {
            failures.append("the stored type \(stored.type) is wrong: the certified type is \(certificate.typeKey)")
        }
        return (failures, failures.isEmpty ? "the stored exact point is critical (\(certificate.criticality)); L = \(certificate.loss) "
                + "exactly; \(certificate.type)" : nil)
    }
}

