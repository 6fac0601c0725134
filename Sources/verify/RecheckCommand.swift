import ArgumentParser
import Foundation
import CertifiedIntervals
import CertifiedLinearAlgebra
import TeacherStudent

/// `verify recheck CERT.json`: re-verifies a certificate written by `verify certify
/// --json` from the stored box alone (no descent).
struct RecheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recheck",
        abstract: "Re-verify a critical-point certificate (from `verify certify --json`) from its stored box alone.",
        discussion: """
        Rebuilds the teacher and the Krawczyk box exactly from the certificate, runs the Krawczyk test on that box,
        encloses the loss and the Hessian over it, and checks the stored claims: the box holds exactly one critical
        point; the stored loss interval contains the recomputed enclosure; the stored Morse index equals the
        certified inertia. The human-readable `report` member is not read.

        A certificate of an exact degenerate point (format "verify exact critical-point certificate", written when the
        Hessian is singular) is decided again exactly: the stored rational point must be exactly critical with the
        stored exact loss, nullity, Morse index and type.

        Exit codes: 0 every claim confirmed, 1 a claim failed (the message says which), 65 a malformed certificate.
        """)

    @Argument(help: "The certificate (JSON).")
    var certificate: String

    func run() throws {
        let stored: StoredCertificate
        do {
            let root = try StoredCertificate.root(path: certificate)
            if root["format"] as? String == ExactPointCertificate.format {
                try recheckExactPoint(ExactPointCertificate.read(root))
                return
            }
            stored = try StoredCertificate.read(root: root)
        } catch let error as StoredCertificate.Malformed {
            fail("malformed certificate \(certificate): \(error.message)", code: ExitCodes.invalidFile)
        }
        var failures: [String] = []
        let p = stored.precision
        let slice = stored.slice ? stored.activation.scalingSymmetry : nil
        if stored.slice && slice == nil {
            fail("malformed certificate \(certificate): a slice is stored but \(stored.activation) has no scaling symmetry",
                 code: ExitCodes.invalidFile)
        }
        do {
            switch try CriticalPointCertification.recheck(stored.problem, radius: stored.radius, precision: p, slice: slice) {
            case .failed(let why):
                failures.append("the Krawczyk test fails on the stored box: \(why)")
            case .proved(let box, let contraction, let hessian):
                let certified = try PointCertification.evaluate(box: box, contraction: contraction, hessianOverBox: hessian,
                                                                input: nil, precision: p)
                if !(stored.lossLower...stored.lossUpper).contains(certified.loss) {
                    failures.append("the stored loss [\(stored.lossLowerText), \(stored.lossUpperText)] does not contain the recomputed enclosure \(certified.loss.description(digits: 20))")
                }
                switch (stored.morseIndex, certified.inertia) {
                case (nil, _): break
                case (let index?, nil):
                    failures.append("the stored Morse index \(index) is not confirmed: the Hessian's inertia over the box could not be certified")
                case (let index?, let inertia?) where inertia.negative != index:
                    failures.append("the stored Morse index \(index) is wrong: the certified Hessian over the box has \(inertia.negative) negative eigenvalues")
                default: break
                }
                if failures.isEmpty {
                    print("recheck \(certificate): CONFIRMED — the stored box holds exactly one critical point"
                          + (slice != nil ? " (in the slice a = const, modulo the scaling symmetry)" : "")
                          + " (Krawczyk, contraction ≤ \(String(format: "%.3g", contraction))); loss ∈ \(certified.loss.description(digits: 20))"
                          + (stored.morseIndex.map { "; Morse index \($0)" } ?? ""))
                    return
                }
            }
        } catch {
            failures.append("the evaluation over the stored box failed: \(error)")
        }
        print("recheck \(certificate): REJECTED")
        for failure in failures { print("  \(failure)") }
        throw ExitCode(ExitCodes.refuted)
    }
}

extension RecheckCommand {
    /// An exact degenerate-point certificate: the stored rational point is decided again
    /// exactly (criticality, loss, structural kernel, certified inertia) and compared with
    /// every stored claim.
    func recheckExactPoint(_ stored: ExactPointCertificate.Stored) throws {
        let (failures, summary) = ExactPointCertificate.recheck(stored)
        if failures.isEmpty, let summary {
            print("recheck \(certificate): CONFIRMED — \(summary)")
            return
        }
        print("recheck \(certificate): REJECTED")
        for failure in failures { print("  \(failure)") }
        throw ExitCode(ExitCodes.refuted)
    }
}

extension ClosedRange where Bound == Rational {
    /// Whether every point of `interval` lies in this range (its exact ends compared exactly).
    func contains(_ interval: Interval) -> Bool {
        guard let ends = Rational.exactEnds(of: interval) else { return false }
        return !(ends.lower < lowerBound) && !(upperBound < ends.upper)
    }
}

/// A certificate read back: every number exact.
struct StoredCertificate {
    struct Malformed: Error { let message: String }

    let activation: Activation
    let precision: Int
    let problem: TeacherStudentProblem
    let radius: Interval
    let slice: Bool
    let lossLower: Rational, lossUpper: Rational
    let lossLowerText: String, lossUpperText: String
    let morseIndex: Int?

    /// The activation of a certificate (`activation`, and `erf-scale` for erf).
    static func activation(_ root: [String: Any]) throws -> Activation {
        guard let name = root["activation"] as? String else { throw Malformed(message: "\"activation\" is missing") }
        switch name {
        case "erf":
            guard let text = root["erf-scale"] as? String, let scale = Rational(exactly: text), scale.signum > 0 else {
                throw Malformed(message: "an erf certificate needs \"erf-scale\", a positive rational")
            }
            return .erf(scale: scale)
        case "relu": return .relu
        case "quadratic": return .quadratic
        case "linear": return .linear
        default: throw Malformed(message: "unknown activation '\(name)'")
        }
    }

    /// The JSON object of a certificate file.
    static func root(path: String) throws -> [String: Any] {
        guard let data = FileManager.default.contents(atPath: path) else { throw Malformed(message: "cannot read the file") }
        guard let root = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw Malformed(message: "not a JSON object")
        }
        return root
    }

    static func read(path: String) throws -> StoredCertificate { try read(root: root(path: path)) }

    static func read(root: [String: Any]) throws -> StoredCertificate {
        guard root["format"] as? String == CertificateFile.format else {
            throw Malformed(message: "\"format\" must be \"\(CertificateFile.format)\" or \"\(ExactPointCertificate.format)\"")
        }
        guard root["version"] as? Int == CertificateFile.version else { throw Malformed(message: "\"version\" must be \(CertificateFile.version)") }
        guard let p = root["precision"] as? Int, (64...4096).contains(p) else { throw Malformed(message: "\"precision\" must be an integer in 64…4096") }
        let activation = try Self.activation(root)
        func number(_ value: Any?, _ what: String, exactAt bits: Int? = nil) throws -> Interval {
            if let text = value as? String, let rational = Rational(exactly: text) {
                let enclosure = Interval(rational, precision: bits ?? p)
                if bits != nil || enclosure.isPoint { return enclosure }
                throw Malformed(message: "\(what) = \(text) is not a \(p)-bit binary number")
            }
            if let pair = value as? [String], pair.count == 2, let lo = Rational(exactly: pair[0]), let hi = Rational(exactly: pair[1]),
               !(hi < lo) {
                return Interval.hull(Interval(lo, precision: p), Interval(hi, precision: p))
            }
            throw Malformed(message: "\(what) must be an exact rational string")
        }
        func matrix(_ value: Any?, _ what: String) throws -> [[Interval]] {
            guard let rows = value as? [[Any]], !rows.isEmpty else { throw Malformed(message: "\(what) must be a non-empty list of rows") }
            let result = try rows.enumerated().map { i, row in try row.enumerated().map { try number($1, "\(what)[\(i)][\($0)]") } }
            guard let d = result.first?.count, d >= 1, result.allSatisfy({ $0.count == d }) else {
                throw Malformed(message: "\(what) must be rectangular")
            }
            return result
        }
        func vector(_ value: Any?, _ what: String, count: Int) throws -> [Interval] {
            guard let items = value as? [Any], items.count == count else { throw Malformed(message: "\(what) must be a list of \(count) numbers") }
            return try items.enumerated().map { try number($1, "\(what)[\($0)]") }
        }
        guard let teacher = root["teacher"] as? [String: Any], let box = root["box"] as? [String: Any],
              let claims = root["claims"] as? [String: Any] else {
            throw Malformed(message: "\"teacher\", \"box\" and \"claims\" are required")
        }
        let v = try matrix(teacher["V"], "teacher.V"), w = try matrix(box["W"], "box.W")
        guard v[0].count == w[0].count else { throw Malformed(message: "teacher.V and box.W have different input dimensions") }
        let b = try vector(teacher["b"], "teacher.b", count: v.count), a = try vector(box["a"], "box.a", count: w.count)
        let radius = try number(box["radius"], "box.radius")
        guard radius.isPositive else { throw Malformed(message: "box.radius must be positive") }
        guard let slice = box["slice"] as? Bool else { throw Malformed(message: "box.slice must be true or false") }
        guard claims["unique-critical-point"] as? Bool == true else {
            throw Malformed(message: "claims.unique-critical-point must be true")
        }
        guard let loss = claims["loss"] as? [String: Any], let lowerText = loss["lower"] as? String, let upperText = loss["upper"] as? String,
              let lower = Rational(exactly: lowerText), let upper = Rational(exactly: upperText), !(upper < lower) else {
            throw Malformed(message: "claims.loss must be {\"lower\": …, \"upper\": …}, exact rationals with lower ≤ upper")
        }
        var morseIndex: Int?
        if let index = claims["morse-index"], !(index is NSNull) {
            guard let value = index as? Int, value >= 0 else { throw Malformed(message: "claims.morse-index must be a non-negative integer or null") }
            morseIndex = value
        }
        let problem = TeacherStudentProblem(
            activation: activation,
            teacher: Configurations.explicit(inputWeights: v, outputWeights: b, precision: p),
            student: Configurations.explicit(inputWeights: w, outputWeights: a, precision: p))
        return StoredCertificate(activation: activation, precision: p, problem: problem, radius: radius, slice: slice,
                                 lossLower: lower, lossUpper: upper, lossLowerText: lowerText, lossUpperText: upperText,
                                 morseIndex: morseIndex)
    }
}
