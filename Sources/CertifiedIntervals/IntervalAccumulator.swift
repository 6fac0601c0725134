import CMPFR

/// A running sum of intervals and interval products, updated in place: the hot path of
/// dot products, Gram matrices and matrix–vector products.
///
/// Guarantee: after any sequence of `add` and `addProduct` calls, `sum` encloses the
/// exact sum of the exact values of the terms (each term is enclosed with the sign
/// cases of `Interval.*`, and each addition rounds its lower end down and its upper
/// end up). Terms that are exact zeros are skipped without arithmetic.
///
/// A note on representation: the accumulator owns its MPFR numbers, so adding a term
/// allocates nothing; only `sum` allocates, once.
public final class IntervalAccumulator {
    /// The precision of the running sum (terms of other precisions are accepted).
    public let precision: Int
    private let numbers: UnsafeMutablePointer<__mpfr_struct>   // sumLo, sumHi, termLo, termHi

    /// A zero sum at `precision` bits.
    public init(precision: Int) {
        precondition(Interval.precisionRange.contains(precision), "precision \(precision) out of range")
        self.precision = precision
        numbers = .allocate(capacity: 4)
        for i in 0..<4 { mpfr_init2(numbers + i, mpfr_prec_t(precision)) }
        reset()
    }

    deinit {
        for i in 0..<4 { mpfr_clear(numbers + i) }
        numbers.deallocate()
    }

    /// Sets the sum back to exactly 0.
    public func reset() {
        mpfr_set_zero(numbers, 1)
        mpfr_set_zero(numbers + 1, 1)
    }

    /// sum += x.
    public func add(_ x: Interval) {
        withExtendedLifetime(x.storage) {
            mpfr_add(numbers, numbers, x.storage.lower, MPFR_RNDD)
            mpfr_add(numbers + 1, numbers + 1, x.storage.upper, MPFR_RNDU)
        }
    }

    /// sum -= x.
    public func subtract(_ x: Interval) {
        withExtendedLifetime(x.storage) {
            mpfr_sub(numbers, numbers, x.storage.upper, MPFR_RNDD)
            mpfr_sub(numbers + 1, numbers + 1, x.storage.lower, MPFR_RNDU)
        }
    }

    /// sum += x · y. Skips the term when either factor is exactly 0.
    public func addProduct(_ x: Interval, _ y: Interval) {
        withExtendedLifetime((x.storage, y.storage)) {
            let xs = x.storage, ys = y.storage
            if (mpfr_zero_p(xs.lower) != 0 && mpfr_zero_p(xs.upper) != 0)
                || (mpfr_zero_p(ys.lower) != 0 && mpfr_zero_p(ys.upper) != 0) { return }
            Interval.multiplyEndpoints(numbers + 2, numbers + 3, xs.lower, xs.upper, ys.lower, ys.upper)
            mpfr_add(numbers, numbers, numbers + 2, MPFR_RNDD)
            mpfr_add(numbers + 1, numbers + 1, numbers + 3, MPFR_RNDU)
        }
    }

    /// sum += x · y · z. Skips the term when any factor is exactly 0.
    public func addProduct(_ x: Interval, _ y: Interval, _ z: Interval) {
        if x.isExactZero || y.isExactZero || z.isExactZero { return }
        addProduct(x * y, z)
    }

    /// The current sum as an interval at the accumulator's precision.
    public var sum: Interval {
        Interval.build(precision: precision) { lo, hi in
            mpfr_set(lo, numbers, MPFR_RNDD)
            mpfr_set(hi, numbers + 1, MPFR_RNDU)
        }
    }
}

extension Interval {
    /// True when the interval is the single point 0 (both ends are zero).
    @inlinable
    public var isExactZero: Bool {
        withExtendedLifetime(storage) {
            mpfr_zero_p(storage.lower) != 0 && mpfr_zero_p(storage.upper) != 0
        }
    }

    /// The point interval 0.
    public static func zero(precision: Int) -> Interval { Interval(0, precision: precision) }

    /// The intersection of `self` with `[lower, upper]` (a bound known to hold for the
    /// exact value by a theorem, such as Cauchy–Schwarz for `q1·q2 − q12² ≥ 0`).
    /// Sound only when the exact value is known to satisfy the bound; the caller names
    /// the reason. Returns nil when the intersection is empty, which means the bound
    /// does not hold or the enclosure is wrong: callers report that.
    public func intersecting(lower: Int?, upper: Int?) -> Interval? {
        var result = self
        if let lower, !isWellFormed || withExtendedLifetime(storage, { mpfr_cmp_si(storage.lower, lower) < 0 }) {
            result = withExtendedLifetime(storage) {
                Interval.build(precision: precision) { lo, hi in
                    mpfr_set_si(lo, lower, MPFR_RNDD)
                    mpfr_set(hi, storage.upper, MPFR_RNDU)
                }
            }
        }
        if let upper, withExtendedLifetime(result.storage, { mpfr_cmp_si(result.storage.upper, upper) > 0 }) {
            result = withExtendedLifetime(result.storage) {
                Interval.build(precision: precision) { lo, hi in
                    mpfr_set(lo, result.storage.lower, MPFR_RNDD)
                    mpfr_set_si(hi, upper, MPFR_RNDU)
                }
            }
        }
        return result.isWellFormed ? result : nil
    }
}
