import CertifiedIntervals
import CertifiedLinearAlgebra

/// Certifies that a configuration is within `2^(−p/2)` of exactly one exact critical
/// point of the loss (or, under a scaling symmetry, of exactly one orbit of critical
/// points), by the Krawczyk test on `F = ∇L`: the one certification path of the checker.
///
/// The retry rules, in one place:
///
/// 1. The Krawczyk test on all parameters, in the box of radius `2^(−p/2)` around the
///    midpoints of the configuration's weights.
/// 2. When it fails and the activation has a scaling symmetry (`Activation.scalingSymmetry`),
///    the test on the slice `a = a°` (the outgoing weights fixed at their midpoints), where
///    the symmetry's orbits are isolated; this needs every outgoing weight certified
///    non-zero, else the slice may miss the orbit (`.sliceMissesOrbit`).
/// 3. Otherwise nothing is certified, and `morePrecisionMayHelp` says whether a caller
///    should try again at a higher precision: yes unless every attempt failed
///    structurally (a Hessian singular to working precision, a slice that misses the orbit).
///
/// Soundness: a `.unique` certificate rests only on the certified Krawczyk test
/// (`CertifiedLinearAlgebra.Krawczyk`) with enclosures of the gradient at the centre and of
/// the Hessian over the whole box; the preconditioner is an approximate inverse (first
/// in float64, `Krawczyk.testInFloat64MidpointRadius`; then `Approximate.inverse` at the
/// working precision), and any preconditioner is sound. The proof is about the configuration because the
/// configuration (on the slice: its orbit's point on the slice) is checked to lie strictly
/// inside the box first.
public enum CriticalPointCertification {

    /// The radius of the Krawczyk box at precision `p`: `2^(−⌊p/2⌋)`, half the working
    /// precision, so that the box is wide against rounding and narrow against the
    /// distance to other critical points.
    public static func radius(precision p: Int) -> Interval { Interval(1, precision: p).scaled(byPowerOfTwo: -(p / 2)) }

    /// Certifies `problem`'s student as within the box of radius `radius(precision: p)` of
    /// exactly one critical point (first on all parameters, then on the slice; see the
    /// type's documentation). Throws what the evaluation of the gradient or the Hessian
    /// throws (`NetworkEvaluationError`, `IntervalDomainError`), e.g. for a ReLU Hessian
    /// at `w ∥ v`.
    public static func certify(_ problem: TeacherStudentProblem, precision p: Int) throws -> CriticalPointCertificate {
        let radius = radius(precision: p)
        let onAllParameters: KrawczykFailure
        switch try attempt(problem, radius: radius, precision: p, slice: nil) {
        case .proved(let proof):
            return .unique(contraction: proof.contraction, box: proof.box, hessianOverBox: proof.hessianOverBox, modulo: nil)
        case .failed(let failure):
            onAllParameters = failure
        }
        guard let symmetry = problem.activation.scalingSymmetry else {
            return .notCertified(onAllParameters: onAllParameters, onSlice: nil)
        }
        guard symmetry.sliceIsTransversal(at: problem.student) else {
            return .notCertified(onAllParameters: onAllParameters, onSlice: .sliceMissesOrbit)
        }
        switch try attempt(problem, radius: radius, precision: p, slice: symmetry) {
        case .proved(let proof):
            return .unique(contraction: proof.contraction, box: proof.box, hessianOverBox: proof.hessianOverBox,
                           modulo: symmetry)
        case .failed(let failure):
            return .notCertified(onAllParameters: onAllParameters, onSlice: failure)
        }
    }

    /// What a successful Krawczyk attempt proved: its box, the contraction bound, and the
    /// certified Hessian over the box (the `N × N` block of the varying parameters).
    struct Proof {
        let contraction: Double
        let box: KrawczykBox
        let hessianOverBox: [[Interval]]
    }

    /// The outcome of one Krawczyk attempt.
    enum Attempt {
        case proved(Proof)
        case failed(KrawczykFailure)
    }

    /// One Krawczyk attempt in the box of `radius` around the student's midpoints, on all
    /// parameters (`slice == nil`) or on the slice of `slice`: the configuration must lie
    /// in the box; `F(m)` is the gradient at the centre, `J(X)` the Hessian over the box,
    /// both restricted to the varying parameters; the preconditioner is the approximate
    /// inverse of the midpoint of `J(X)` at `p` bits.
    static func attempt(_ problem: TeacherStudentProblem, radius: Interval, precision p: Int,
                        slice: ScalingSymmetry?) throws -> Attempt {
        let box = KrawczykBox(around: problem, radius: radius, precision: p, slice: slice)
        if let failure = try box.failureToContain(problem.student) { return .failed(failure) }
        let size = box.dimension
        let gradient = Array(try DenseEvaluation.lossAndGradient(box.centre, precision: p).flattenedGradient.prefix(size))
        let hessianOverBox = try DenseEvaluation.hessian(box.problem, precision: p).rows.prefix(size).map { Array($0.prefix(size)) }
        // First in float64 with a float64 preconditioner (nothing of order N³ in MPFR); then,
        // when that does not contract, with the MPFR inverse at p bits.
        let fast = Krawczyk.testInFloat64MidpointRadius(valueAtCentre: gradient, jacobianOverBox: hessianOverBox, radius: radius)
        if case .contracting(let contraction)? = fast {
            return .proved(Proof(contraction: contraction, box: box, hessianOverBox: hessianOverBox))
        }
        // The MPFR inverse and interval products cost N³ MPFR operations: only up to the limit.
        guard size <= Krawczyk.intervalProductFallbackLimit else {
            return .failed(.notContracting(bound: fast?.contraction ?? .infinity, hessianOverBox: hessianOverBox))
        }
        guard let preconditioner = Approximate.inverse(of: hessianOverBox, precision: p) else {
            return .failed(.singular(hessianOverBox: hessianOverBox, symmetry: slice == nil ? problem.activation.scalingSymmetry : nil,
                                      cancellationBits: Approximate.singularityCancellationBits(precision: p)))
        }
        switch Krawczyk.test(valueAtCentre: gradient, jacobianOverBox: hessianOverBox, radius: radius,
                             preconditioner: preconditioner, precision: p) {
        case .contracting(let contraction):
            return .proved(Proof(contraction: contraction, box: box, hessianOverBox: hessianOverBox))
        case .notContracting(let contraction):
            return .failed(.notContracting(bound: contraction, hessianOverBox: hessianOverBox))
        }
    }
}

/// The outcome of `CriticalPointCertification.certify`.
public enum CriticalPointCertificate {
    /// The box holds exactly one exact critical point of the loss (with `modulo` a
    /// symmetry: the box lies in the slice `a = a°`, holds exactly one zero of `∇_W L`
    /// there, and that zero is a critical point whose orbit is a manifold of critical
    /// points). `contraction < 1` bounds `max |K(X) − m| / r`; `hessianOverBox` is the
    /// certified Hessian over the whole box (on the slice, its `W` block), whose inertia,
    /// when certified, is the type of the critical point (modulo the symmetry).
    /// `modulo == box.slice`.
    case unique(contraction: Double, box: KrawczykBox, hessianOverBox: [[Interval]], modulo: ScalingSymmetry?)
    /// Nothing is certified: why the attempt on all parameters failed, and why the one on
    /// the slice did (nil when the activation has no scaling symmetry).
    case notCertified(onAllParameters: KrawczykFailure, onSlice: KrawczykFailure?)

    /// Whether a higher precision may turn a failure into a certificate: false for a
    /// certificate, and when every attempt failed structurally.
    public var morePrecisionMayHelp: Bool {
        guard case .notCertified(let onAllParameters, let onSlice) = self else { return false }
        return onAllParameters.morePrecisionMayHelp || onSlice?.morePrecisionMayHelp == true
    }

    /// Why no proof succeeded, naming both attempts when the slice was tried; nil for a
    /// certificate.
    public var failureDescription: String? {
        guard case .notCertified(let onAllParameters, let onSlice) = self else { return nil }
        guard let onSlice else { return onAllParameters.description }
        return "on all parameters, \(onAllParameters); on the slice a = const, \(onSlice)"
    }
}

/// Why one Krawczyk attempt proved nothing; none of these claims anything about the loss.
public enum KrawczykFailure: CustomStringConvertible {
    /// The configuration's enclosure (on the slice: its orbit's point on the slice) is not
    /// certainly inside the box: more precision narrows the enclosure.
    case boxTooSmall
    /// The midpoint Hessian over the box has no approximate inverse: it is singular to
    /// working precision (a pivot lost to cancellation of more than `cancellationBits`
    /// bits after equilibration). On all parameters, `symmetry` is the activation's scaling
    /// symmetry when it has one, which makes the Hessian singular at every critical point
    /// with `a_i w_i ≠ 0`; nil on the slice and for activations without one (erf: the
    /// point may be isolated but ill conditioned).
    case singular(hessianOverBox: [[Interval]], symmetry: ScalingSymmetry?, cancellationBits: Int)
    /// The slice `a = const` may not meet the configuration's orbit: an outgoing weight's
    /// enclosure contains 0.
    case sliceMissesOrbit
    /// `K(X) ⊄ int X`: `bound` is the float64 upper bound on `max |K(X) − m| / r` (`+∞` when
    /// beyond the double range).
    case notContracting(bound: Double, hessianOverBox: [[Interval]])

    /// False for the structural failures (`singular`, `sliceMissesOrbit`), which doubling
    /// the precision is not expected to cure.
    public var morePrecisionMayHelp: Bool {
        switch self {
        case .boxTooSmall, .notContracting: return true
        case .singular, .sliceMissesOrbit: return false
        }
    }

    /// The certified Hessian over the box, when the attempt got as far as computing it.
    public var hessianOverBox: [[Interval]]? {
        switch self {
        case .singular(let hessian, _, _), .notContracting(_, let hessian): return hessian
        case .boxTooSmall, .sliceMissesOrbit: return nil
        }
    }

    public var description: String {
        switch self {
        case .boxTooSmall:
            return "the configuration's enclosure is wider than the box of radius r (more precision may help)"
        case .singular(_, _, let bits):
            return "the Hessian is singular to working precision at the configuration (a pivot of its elimination "
                + "is lost to cancellation of more than \(bits) bits): the critical point may not be isolated"
        case .sliceMissesOrbit:
            return "the slice a = const does not meet the orbit (an outgoing weight may be 0)"
        case .notContracting(let bound, _):
            let reached = bound.isFinite ? "\(bound)" : "more than \(Double.greatestFiniteMagnitude)"
            return "K(X) ⊄ int X: |K(X) − m| reaches \(reached) × r"
        }
    }
}
