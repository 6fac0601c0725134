/// Approximations that guide certified computations and never decide anything.
///
/// Everything under `Approximate` is **not** an enclosure: the results are point values
/// (float64 numbers, or exact point intervals holding MPFR numbers rounded to nearest)
/// that are only as good as the conditioning of the problem allows, with no error
/// bound. They are used where any value is sound and only the quality matters:
///
/// - the preconditioner `C` of the Krawczyk test (`Approximate.inverse`): the Krawczyk
///   theorem holds for every matrix `C`;
/// - Newton steps and quasi-Newton descents (`Approximate.newton`, `Approximate.bfgs`):
///   they propose a candidate point, which a Krawczyk test then certifies or not;
/// - directions of curvature (`Approximate.symmetricEigenDecomposition`): a proposed
///   direction `u` whose curvature `uᵀ H u` is then enclosed in interval arithmetic.
///
/// A caller must therefore never report one of these values as a bound: it passes
/// them to a certified test, and only that test's outcome is a verdict.
///
/// Where a result depends on the scale of the entries, it is computed in MPFR (the
/// inverse, the Newton step), whose exponent range has no practical limit; the float64
/// helpers (BFGS, Jacobi) either scale by exact powers of two first or report
/// non-finite values as failures.
public enum Approximate {}
