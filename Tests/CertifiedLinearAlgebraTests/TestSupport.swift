import Foundation
import CertifiedIntervals
import CheckerTestSupport

/// A random orthogonal `n × n` matrix (a product of `3n` Givens rotations) and the
/// symmetric matrix `Q diag(d) Qᵀ`, exactly symmetrised, as point intervals at `p` bits.
func symmetricMatrix(eigenvalues d: [Double], random: inout SplitMix64, precision p: Int) -> [[Interval]] {
    let n = d.count
    var q = (0..<n).map { i in (0..<n).map { $0 == i ? 1.0 : 0.0 } }
    for _ in 0..<(3 * n) {
        let i = Int(random.next() % UInt64(n)), j = Int(random.next() % UInt64(n))
        guard i != j else { continue }
        let angle = Double.pi * random.symmetricUnit(), c = Foundation.cos(angle), s = Foundation.sin(angle)
        for r in 0..<n { let a = q[r][i], b = q[r][j]; q[r][i] = c * a - s * b; q[r][j] = s * a + c * b }
    }
    let matrix = (0..<n).map { i in (0..<n).map { j in
        Interval((0..<n).reduce(0.0) { $0 + q[i][$1] * d[$1] * q[j][$1] }, precision: p) } }
    // Symmetrise exactly (the float products are not symmetric to the bit).
    return (0..<n).map { i in (0..<n).map { j in i <= j ? matrix[i][j] : matrix[j][i] } }
}

/// An exact decimal as an interval at `p` bits.
func exact(_ decimal: String, precision p: Int) -> Interval { Interval(Rational(exactly: decimal)!, precision: p) }
