import CMPFR

/// Runs `body` with `count` temporary MPFR numbers of `precision` bits, initialised to
/// NaN and cleared afterwards. For the few routines that need intermediates outside
/// an `Interval` (range reduction, case splits, and the MPFR approximations of
/// `CertifiedLinearAlgebra`). The numbers must not escape `body`.
@inline(__always)
public func withScratchNumbers<R>(count: Int, precision: Int,
                           _ body: (UnsafeMutablePointer<__mpfr_struct>) throws -> R) rethrows -> R {
    let numbers = UnsafeMutablePointer<__mpfr_struct>.allocate(capacity: count)
    for i in 0..<count { mpfr_init2(numbers + i, mpfr_prec_t(precision)) }
    defer {
        for i in 0..<count { mpfr_clear(numbers + i) }
        numbers.deallocate()
    }
    return try body(numbers)
}
