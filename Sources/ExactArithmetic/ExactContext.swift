import CFlint

/// A Calcium context (`ca_ctx_struct`): the fields and extension numbers that the
/// exact numbers created in it share, and the limits Calcium works within.
///
/// Not thread-safe: use one context per thread, and never mix numbers of two
/// contexts (every operation checks this and traps on a mix, a programming error).
///
/// The limits (see `Limits`) bound the work of Calcium's internal algorithms
/// (numerical precision of zero tests, degrees of algebraic numbers, Gröbner bases)
/// so that a hostile expression cannot make it run without end: when a limit is hit,
/// Calcium answers "unknown" rather than working on, which this module reports as
/// an undecided question (never as a decision). Sizes that Calcium does not limit
/// itself (integer exponents, bits of rational inputs) are checked by `ExactNumber`
/// before calling it.
public final class ExactContext {
    /// The limits set on Calcium and on the inputs of `ExactNumber`.
    public struct Limits: Sendable, Equatable {
        /// `CA_OPT_PREC_LIMIT`: the largest working precision (bits) of the numerical
        /// part of Calcium's zero tests. Calcium's default is 4096.
        public var precisionLimit = 4096
        /// `CA_OPT_QQBAR_DEG_LIMIT`: the largest degree of an algebraic number that
        /// Calcium computes (minimal polynomials) during simplification. Default 120.
        public var algebraicDegreeLimit = 64
        /// `CA_OPT_POW_LIMIT`: the largest integer exponent Calcium expands
        /// symbolically in its fields. Default 20.
        public var powerExpansionLimit = 20
        /// `CA_OPT_GROEBNER_LENGTH_LIMIT`: the most ideal generators in a Gröbner
        /// basis computation. Default 100.
        public var groebnerLengthLimit = 50
        /// `CA_OPT_GROEBNER_POLY_LENGTH_LIMIT`: the most terms of a polynomial in a
        /// Gröbner basis computation. Default 1000.
        public var groebnerPolynomialLengthLimit = 500
        /// `CA_OPT_GROEBNER_POLY_BITS_LIMIT`: the largest coefficients (bits) in a
        /// Gröbner basis computation. Default 10000.
        public var groebnerPolynomialBitsLimit = 5000
        /// The largest |n| of an integer power `x^n` (checked before Calcium).
        public var maximumIntegerExponent = 10_000
        /// The largest bit size (numerator plus denominator) of a rational turned into
        /// an exact number, and of a rational exponent.
        public var maximumRationalBits = 100_000

        public init() {}
    }

    /// The limits this context was made with.
    public let limits: Limits
    let pointer: UnsafeMutablePointer<ca_ctx_struct>

    /// A context with the given limits (the defaults above unless changed).
    public init(limits: Limits = Limits()) {
        self.limits = limits
        pointer = .allocate(capacity: 1)
        ca_ctx_init(pointer)
        ca_ctx_set_option(pointer, Int(CA_OPT_PREC_LIMIT), Int(limits.precisionLimit))
        ca_ctx_set_option(pointer, Int(CA_OPT_QQBAR_DEG_LIMIT), Int(limits.algebraicDegreeLimit))
        ca_ctx_set_option(pointer, Int(CA_OPT_POW_LIMIT), Int(limits.powerExpansionLimit))
        ca_ctx_set_option(pointer, Int(CA_OPT_GROEBNER_LENGTH_LIMIT), Int(limits.groebnerLengthLimit))
        ca_ctx_set_option(pointer, Int(CA_OPT_GROEBNER_POLY_LENGTH_LIMIT),
                          Int(limits.groebnerPolynomialLengthLimit))
        ca_ctx_set_option(pointer, Int(CA_OPT_GROEBNER_POLY_BITS_LIMIT),
                          Int(limits.groebnerPolynomialBitsLimit))
    }

    deinit {
        ca_ctx_clear(pointer)
        pointer.deallocate()
    }

    /// The value of a Calcium option (`CA_OPT_…`), for tests and diagnostics.
    public func option(_ index: Int) -> Int {
        Int(ca_ctx_get_option(pointer, Int(index)))
    }
}
