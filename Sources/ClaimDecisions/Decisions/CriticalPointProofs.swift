import CertifiedIntervals
import TeacherStudent

// The only file of ClaimDecisions that calls the Krawczyk certification (on all
// parameters, then on the slice a = const for homogeneous activations). Everything else
// sees the typed `KrawczykOutcome`, so that switching to a single certification entry
// point of TeacherStudent changes this file only.

/// A proof that the box of radius `2^(-radiusExponent)` around a configuration holds
/// exactly one exact critical point.
struct CriticalPointCertificate {
    var radiusExponent: Int
    /// True when the proof ran on the slice `a = const` (homogeneous activations): the
    /// critical point is unique modulo the scaling symmetry.
    var moduloSymmetry: Bool
    /// An upper bound on the contraction of the Krawczyk operator (below 1).
    var contraction: Double
    /// The certified Hessian over the box (the `W` block on the slice).
    var hessianOverBox: [[Interval]]
}

/// Why no Krawczyk proof succeeded.
struct KrawczykFailure {
    struct Attempt {
        var kind: KrawczykCertification.FailureKind?
        var reason: String?
    }
    var fullSpace: Attempt
    /// The attempt on the slice `a = const`, when it was tried.
    var slice: Attempt?
    /// The certified Hessian over the box of the attempt on all parameters.
    var fullSpaceHessian: [[Interval]]
    /// The activation, when the proof on all parameters failed on a singular Hessian and
    /// the activation has the scaling symmetry that explains it.
    var symmetricActivation: Activation?
    /// False when every attempt failed structurally (a Hessian singular to working
    /// precision, a slice that misses the orbit): doubling the precision is not expected
    /// to help.
    var morePrecisionMayHelp: Bool
}

enum KrawczykOutcome {
    case proved(CriticalPointCertificate)
    case failed(KrawczykFailure)
}

enum CriticalPointProofs {
    /// The radius of the boxes of Krawczyk proofs at precision `p` is `2^(-p/2)`.
    static func radiusExponent(_ p: Int) -> Int { p / 2 }

    static func radius(_ p: Int) -> Interval { Interval(1, precision: p).scaled(byPowerOfTwo: -radiusExponent(p)) }

    /// Krawczyk proofs for `problem` at radius `2^(-p/2)`: first on all parameters; when
    /// that fails and the activation has the scaling symmetry of degree `m` with every
    /// outgoing weight certified non-zero, on the slice `a = const` (see `SymmetryQuotient`).
    static func certify(_ problem: TeacherStudentProblem, precision p: Int) throws -> KrawczykOutcome {
        let radius = radius(p)
        let full = try KrawczykCertification.certify(problem, radius: radius, precision: p)
        if full.isUnique { return .proved(certificate(full, moduloSymmetry: false, precision: p)) }
        var slice: KrawczykCertification.Result?
        if let degree = SymmetryQuotient.homogeneityDegree(problem.activation), SymmetryQuotient.sliceIsTransversal(problem) {
            slice = try KrawczykCertification.certify(problem, radius: radius, precision: p, sliceOfDegree: degree)
            if let slice, slice.isUnique { return .proved(certificate(slice, moduloSymmetry: true, precision: p)) }
        }
        let symmetric = full.failureKind == .singularHessian && SymmetryQuotient.homogeneityDegree(problem.activation) != nil
        return .failed(KrawczykFailure(
            fullSpace: .init(kind: full.failureKind, reason: full.failure),
            slice: slice.map { .init(kind: $0.failureKind, reason: $0.failure) },
            fullSpaceHessian: full.hessianOverBox,
            symmetricActivation: symmetric ? problem.activation : nil,
            morePrecisionMayHelp: !full.isStructuralFailure || slice.map { !$0.isStructuralFailure } == true))
    }

    static func certificate(_ result: KrawczykCertification.Result, moduloSymmetry: Bool,
                            precision p: Int) -> CriticalPointCertificate {
        CriticalPointCertificate(radiusExponent: radiusExponent(p), moduloSymmetry: moduloSymmetry,
                                 contraction: result.contraction, hessianOverBox: result.hessianOverBox)
    }

    /// The loss over the whole Krawczyk box around `point`: it encloses the loss at the
    /// exact critical point the box holds — so the proof must succeed first, or the loss
    /// is about no critical point (then `CriticalPointNotProved`).
    static func lossAtCertifiedCriticalPoint(_ point: TeacherStudentProblem, precision p: Int) throws -> Interval {
        if case .failed(let failure) = try certify(point, precision: p) { throw CriticalPointNotProved(failure: failure) }
        let spread = Interval.hull(-radius(p), radius(p))
        let w = point.student.inputWeights
        let rows = (0..<w.rows).map { i in w.row(i).map { $0 + spread } }
        let box = TeacherStudentProblem(
            activation: point.activation, teacher: point.teacher,
            student: Configurations.explicit(inputWeights: rows, outputWeights: point.student.outputWeights.map { $0 + spread },
                                             precision: p))
        return try DenseEvaluation.loss(box, precision: p)
    }
}

/// No critical point was proved near a numerically refined point, so its loss bounds
/// no critical point: the instance is INCONCLUSIVE.
struct CriticalPointNotProved: Error {
    var failure: KrawczykFailure
}
