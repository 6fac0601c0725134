import CertifiedIntervals
import TeacherStudent

/// The one SplitMix64 generator of the project (`NumericalRefinement.SplitMix64`), with
/// the draws the tests need.
public typealias SplitMix64 = NumericalRefinement.SplitMix64

extension NumericalRefinement.SplitMix64 {
    public init(state: UInt64) { self.init(seed: state) }

    /// Uniform in [0, 1), 53 random bits.
    public mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// Uniform in [lower, upper).
    public mutating func uniform(_ lower: Double, _ upper: Double) -> Double { lower + (upper - lower) * unit() }

    /// Uniform integer in the range (the modulo bias is irrelevant here).
    public mutating func integer(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.count))
    }

    /// A random rational `p/q` with `q ∈ 1…maxDenominator` and `|p/q| ≤ bound`.
    public mutating func rational(bound: Int, maxDenominator: Int) -> Rational {
        let q = integer(in: 1...maxDenominator)
        let p = integer(in: (-bound * q)...(bound * q))
        return Rational(p, q)
    }
}
