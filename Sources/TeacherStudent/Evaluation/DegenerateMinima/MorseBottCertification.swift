import CertifiedIntervals
import CertifiedLinearAlgebra

/// The inertia of a Hessian with a known exact kernel: the certificate behind "local
/// minimum modulo symmetry, nullity N" (Morse–Bott) and "positive semidefinite, nullity N".
///
/// **Argument.** Let `K` (N columns) be an exact rational basis of directions with `H K = 0`
/// — not shown by enclosures, which cannot prove a 0, but by the structure of the loss
/// (`StructuralKernel`) — and `Q` an exact rational basis of the orthogonal complement of
/// `span K` (so `[K Q]` is invertible). Then `[K Q]ᵀ H [K Q] = diag(0_N, QᵀHQ)`, and by
/// Sylvester's law of inertia `H` has the inertia of `QᵀHQ` plus N zeros. When
/// `SymmetricInertia` certifies `QᵀHQ` (enclosed from the enclosure of H; exact rationals
/// in Q) as non-singular with `p` positive and `q` negative eigenvalues, the Hessian has
/// exactly `q` negative eigenvalues and its kernel is exactly `span K`, of dimension N.
/// In particular `q = 0` means: positive semidefinite, positive definite on a complement
/// of `span K`, nullity exactly N.
///
/// **Consistency check.** Every component of `H k` for `k` in K must contain 0: a
/// component excluding 0 shows that the premises of the structural argument fail (the
/// point is not critical, a direction is wrong), and nothing is certified.
///
/// Morse–Bott: when every column of K is a `tangent` direction of `StructuralKernel`, the
/// composition of the symmetry flows (scalings, the `z²` rotations `exp(tA) W` with
/// `AᵀD + DA = 0`, all of which preserve L and so map critical points to critical points)
/// after the weight transfers (straight lines of critical points at equal incoming vectors)
/// maps a neighbourhood of 0 in `ℝ^N` to critical points, with differential K (rank N) at 0:
/// an immersion, whose image contains an N-dimensional submanifold of critical points
/// through the point with tangent space `span K = ker H`. With `QᵀHQ` positive definite the
/// Morse–Bott lemma gives a local minimum, constant on that manifold and strict
/// transversally to it ("local minimum modulo symmetry, nullity N"). (That each kernel
/// direction is merely tangent to *some* curve of critical points would not suffice:
/// `x²y²(x + y)` has both axes critical and a zero Hessian at 0, which is no minimum.)
/// With directions that are only in the kernel (`additional`), the nullity
/// is still exact but the point is not shown to be Morse–Bott.
public enum MorseBottCertification {
    public struct Certificate {
        /// The inertia of `QᵀHQ`: `positive + negative` = the number of parameters − N.
        public var positive: Int
        public var negative: Int
        /// `N`: the dimension of the kernel of H (exactly).
        public var nullity: Int
        /// The number of parameters.
        public var size: Int
    }

    public enum Outcome {
        case certified(Certificate)
        /// `H k` has a component whose enclosure excludes 0 for the kernel direction `direction`.
        case notInKernel(direction: Int, component: Int, enclosure: Interval)
        /// `QᵀHQ` could not be certified non-singular (its inertia is undecided: the kernel
        /// may be larger than `span K`, or the enclosures too wide).
        case undecided(complementSize: Int, step: Int, pivot: Interval, positive: Int, negative: Int)
    }

    /// The certificate for `hessian` (an enclosure of the Hessian at the point, symmetric)
    /// with the exact kernel directions `kernel` (independent, length = hessian size), at
    /// precision `p`.
    public static func certify(hessian: [[Interval]], kernel: [[Rational]], precision p: Int) -> Outcome {
        let size = hessian.count
        let accumulator = IntervalAccumulator(precision: p)
        for (index, k) in kernel.enumerated() {
            let kk = k.map { Interval($0, precision: p) }
            for r in 0..<size {
                accumulator.reset()
                for c in 0..<size where k[c].signum != 0 { accumulator.addProduct(hessian[r][c], kk[c]) }
                let component = accumulator.sum
                if !component.containsZero {
                    return .notInKernel(direction: index, component: r, enclosure: component)
                }
            }
        }
        var span = RationalSpan(length: size)
        for k in kernel { span.insert(k) }
        let complement = span.orthogonalComplement()
        let m = complement.count
        let q = complement.map { $0.map { Interval($0, precision: p) } }
        // HQ, column by column (q[j] is column j of Q).
        let hq: [[Interval]] = q.indices.map { j in
            (0..<size).map { r in
                accumulator.reset()
                for c in 0..<size where complement[j][c].signum != 0 { accumulator.addProduct(hessian[r][c], q[j][c]) }
                return accumulator.sum
            }
        }
        var s = Array(repeating: Array(repeating: Interval(0, precision: p), count: m), count: m)
        for i in 0..<m {
            for j in i..<m {
                accumulator.reset()
                for r in 0..<size where complement[i][r].signum != 0 { accumulator.addProduct(q[i][r], hq[j][r]) }
                s[i][j] = accumulator.sum
                s[j][i] = s[i][j]
            }
        }
        if m == 0 { return .certified(Certificate(positive: 0, negative: 0, nullity: kernel.count, size: size)) }
        switch SymmetricInertia.certify(s) {
        case .certified(let inertia):
            return .certified(Certificate(positive: inertia.positive, negative: inertia.negative,
                                          nullity: kernel.count, size: size))
        case let .undecided(step, pivot, positive, negative):
            return .undecided(complementSize: m, step: step, pivot: pivot, positive: positive, negative: negative)
        }
    }
}
