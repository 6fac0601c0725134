import CertifiedIntervals

/// SplitMix64 (Steele, Lea, Flood 2014): a tiny, seedable, deterministic generator, so
/// every failing case can be reproduced from the seed printed with it.
public struct SplitMix64: RandomNumberGenerator {
    public var state: UInt64

    public init(seed: UInt64) { state = seed }
    public init(state: UInt64) { self.state = state }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

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
