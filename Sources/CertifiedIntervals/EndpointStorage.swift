import CMPFR

/// The two MPFR endpoints of one interval and their significand limbs, in a single
/// heap block.
///
/// A note on representation: an MPFR number is a small header plus a separately
/// allocated array of limbs. Allocating both endpoints' limbs in the tail of one
/// `ManagedBuffer` (MPFR's "custom interface") makes an interval cost one allocation
/// instead of three, and frees it with the Swift object: no `mpfr_clear` is needed
/// and nothing can leak.
///
/// The storage is written only while an operation builds its result; once wrapped in
/// an `Interval` it is never mutated (except by in-place operations that first check
/// `isKnownUniquelyReferenced`), so sharing it between values is safe.
@usableFromInline
final class EndpointStorage: ManagedBuffer<(__mpfr_struct, __mpfr_struct), mp_limb_t> {

    /// Creates storage for two endpoints of `precision` bits, both NaN until written.
    @usableFromInline
    static func make(precision: Int) -> EndpointStorage {
        let limbBits = MemoryLayout<mp_limb_t>.size * 8
        let limbsPerEndpoint = (precision + limbBits - 1) / limbBits
        let buffer = EndpointStorage.create(minimumCapacity: 2 * limbsPerEndpoint) { _ in
            (__mpfr_struct(), __mpfr_struct())
        }
        let storage = unsafeDowncast(buffer, to: EndpointStorage.self)
        storage.withUnsafeMutablePointers { header, limbs in
            let endpoints = UnsafeMutableRawPointer(header).assumingMemoryBound(to: __mpfr_struct.self)
            mpfr_custom_init_set(endpoints, Int32(MPFR_NAN_KIND.rawValue), 0, mpfr_prec_t(precision), limbs)
            mpfr_custom_init_set(endpoints + 1, Int32(MPFR_NAN_KIND.rawValue), 0, mpfr_prec_t(precision),
                                 limbs + limbsPerEndpoint)
        }
        return storage
    }

    /// Pointer to the lower endpoint. Valid while `self` is alive: callers keep the
    /// storage alive with `withExtendedLifetime` around every use.
    @inlinable @inline(__always)
    var lower: UnsafeMutablePointer<__mpfr_struct> {
        withUnsafeMutablePointerToHeader {
            UnsafeMutableRawPointer($0).assumingMemoryBound(to: __mpfr_struct.self)
        }
    }

    /// Pointer to the upper endpoint; same validity as `lower`.
    @inlinable @inline(__always)
    var upper: UnsafeMutablePointer<__mpfr_struct> {
        withUnsafeMutablePointerToHeader {
            UnsafeMutableRawPointer($0).assumingMemoryBound(to: __mpfr_struct.self) + 1
        }
    }
}

/// One MPFR number and its limbs in a single heap block: the storage of the one-number
/// types `PointValue`, `MagnitudeBound` and `LowerBound`. Same discipline as
/// `EndpointStorage`: written only while a value is built, immutable afterwards.
@usableFromInline
final class NumberStorage: ManagedBuffer<__mpfr_struct, mp_limb_t> {

    /// Creates storage for one number of `precision` bits, NaN until written.
    @usableFromInline
    static func make(precision: Int) -> NumberStorage {
        precondition(Interval.precisionRange.contains(precision),
                     "precision \(precision) is outside \(Interval.precisionRange)")
        let limbBits = MemoryLayout<mp_limb_t>.size * 8
        let limbs = (precision + limbBits - 1) / limbBits
        let buffer = NumberStorage.create(minimumCapacity: limbs) { _ in __mpfr_struct() }
        let storage = unsafeDowncast(buffer, to: NumberStorage.self)
        storage.withUnsafeMutablePointers { header, limbs in
            mpfr_custom_init_set(header, Int32(MPFR_NAN_KIND.rawValue), 0, mpfr_prec_t(precision), limbs)
        }
        return storage
    }

    /// Builds storage of `precision` bits whose number `body` writes.
    @usableFromInline
    static func build(precision: Int, _ body: (mpfr_ptr) throws -> Void) rethrows -> NumberStorage {
        let storage = make(precision: precision)
        try withExtendedLifetime(storage) { try body(storage.number) }
        return storage
    }

    /// Pointer to the number; valid while `self` is alive (`withExtendedLifetime`).
    @inlinable @inline(__always)
    var number: UnsafeMutablePointer<__mpfr_struct> {
        withUnsafeMutablePointerToHeader { $0 }
    }
}
