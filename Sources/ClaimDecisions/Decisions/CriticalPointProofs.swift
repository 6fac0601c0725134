import CertifiedIntervals
import TeacherStudent

// The only file of ClaimDecisions that calls TeacherStudent's certification of critical
// points (`CriticalPointCertification`: Krawczyk on all parameters, then on the slice
// a = const for homogeneous activations). Everything else sees the typed
// `KrawczykOutcome`.

/// A proof that the box of radius `2^(-radiusExponent)` around a configuration holds
/// exactly one exact critical point.
struct CertifiedCriticalPoint {
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
struct CriticalPointProofFailure {
    struct Attempt {
        var failure: KrawczykFailure
        var reason: String? { failure.description }
    }
    var fullSpace: Attempt
    /// The attempt on the slice `a = const`, when it was tried.
    var slice: Attempt?
    /// The certified Hessian over the box of the attempt on all parameters (empty when
    /// that attempt did not get as far as the Hessian).
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
    case proved(CertifiedCriticalPoint, box: KrawczykBox)
    case failed(CriticalPointProofFailure)
}

enum CriticalPointProofs {
    /// The radius of the boxes of Krawczyk proofs at precision `p` is `2^(-p/2)`
    /// (`CriticalPointCertification.radius`).
    static func radiusExponent(_ p: Int) -> Int { p / 2 }

    /// The one certification path of TeacherStudent (Krawczyk on all parameters, then on
    /// the slice `a = const` for homogeneous activations), as a typed outcome.
    static func certify(_ problem: TeacherStudentProblem, precision p: Int) throws -> KrawczykOutcome {
        switch try CriticalPointCertification.certify(problem, precision: p) {
        case let .unique(contraction, box, hessianOverBox, modulo):
            return .proved(CertifiedCriticalPoint(radiusExponent: radiusExponent(p), moduloSymmetry: modulo != nil,
                                                  contraction: contraction, hessianOverBox: hessianOverBox), box: box)
        case let .notCertified(onAllParameters, onSlice):
            var symmetric = false
            if case .singular(_, .some, _) = onAllParameters { symmetric = true }
            return .failed(CriticalPointProofFailure(
                fullSpace: .init(failure: onAllParameters),
                slice: onSlice.map { .init(failure: $0) },
                fullSpaceHessian: onAllParameters.hessianOverBox ?? [],
                symmetricActivation: symmetric ? problem.activation : nil,
                morePrecisionMayHelp: onAllParameters.morePrecisionMayHelp || onSlice?.morePrecisionMayHelp == true))
        }
    }

    /// The loss over the whole Krawczyk box around `point`: it encloses the loss at the
    /// exact critical point the box holds — so the proof must succeed first, or the loss
    /// is about no critical point (then `CriticalPointNotProved`).
    static func lossAtCertifiedCriticalPoint(_ point: TeacherStudentProblem, precision p: Int) throws -> Interval {
        switch try certify(point, precision: p) {
        case .failed(let failure): throw CriticalPointNotProved(failure: failure)
        case .proved(_, let box): return try DenseEvaluation.loss(box.problem, precision: p)
        }
    }
}

/// No critical point was proved near a numerically refined point, so its loss bounds
/// no critical point: the instance is INCONCLUSIVE.
struct CriticalPointNotProved: Error {
    var failure: CriticalPointProofFailure
}
