import CertifiedIntervals

/// The Krawczyk test: a proof that a box holds exactly one zero of a smooth map
/// `F: ℝᴺ → ℝᴺ`, from enclosures of `F` at the box's centre and of its Jacobian over the
/// whole box.
///
/// With `X = m + [−r, r]ᴺ` (the same radius in every coordinate), `J(X)` an interval
/// matrix containing the Jacobian `F'(x)` for every `x ∈ X`, and any real matrix `C`
/// (the preconditioner), the Krawczyk operator is
///
///     K(X) = m − C F(m) + (I − C J(X)) (X − m).
///
/// Theorem (Krawczyk; Moore): if `K(X)` lies in the interior of `X`, then `F` has
/// exactly one zero in `X`, and `C` and every matrix in `J(X)` are non-singular.
///
/// The test is certified: every quantity is enclosed with outward rounding, so a
/// `contracting` outcome is a proof whatever `C` is. `C` only decides how often the
/// test succeeds; it is usually `Approximate.inverse(of: J(X))`. A `notContracting`
/// outcome claims nothing: `X` may hold no zero, several, or a curve of zeros.
///
/// The test never needs `m` itself: `K(X) − m = −C F(m) + (I − C J(X)) [−r, r]ᴺ`, so the
/// caller passes `F(m)` and is responsible for `m` being the centre of the box over which
/// it enclosed the Jacobian.
public enum Krawczyk {

    public enum Outcome: Equatable {
        /// `K(X) ⊂ int X`: the box holds exactly one zero of `F`. `contraction` is an
        /// upper bound (< 1) on `max_i |K(X)_i − m_i| / r`.
        case contracting(contraction: Double)
        /// `K(X) ⊄ int X` as far as the enclosures show. `contraction` is an upper bound on
        /// `max_i |K(X)_i − m_i| / r` (at least 1 for some row, or not decidable below 1;
        /// `+∞` when it exceeds the double range).
        case notContracting(contraction: Double)

        /// The upper bound on `max_i |K(X)_i − m_i| / r`, in float64 (for reports).
        public var contraction: Double {
            switch self {
            case .contracting(let bound), .notContracting(let bound): return bound
            }
        }
    }

    /// Tests `K(X) ⊂ int X` for the box of `radius` (a positive interval, usually a point)
    /// around the centre `m` at which `valueAtCentre` encloses `F(m)`.
    ///
    /// With `y = C F(m)` and `M = I − C J(X)`: `|K_i − m_i| ≤ |y_i| + r Σ_j |M_ij|`, which
    /// must be certainly `< r` for every row `i` (the right side as a `MagnitudeBound`,
    /// rounded up, compared with the lower end of `radius`). Sums are enclosed at
    /// `precision` bits.
    /// `preconditioner` and `jacobianOverBox` are `N × N`, `valueAtCentre` has `N`
    /// entries; `N = 0` is contracting (the empty box holds the one empty zero).
    ///
    /// Runs `testInFloat64MidpointRadius` first (about `N · nnz(J)` float64 operations)
    /// and, when that does not contract or does not apply, the interval-product test
    /// `testByIntervalProducts` (`N³` MPFR products), whose outcome it then returns — up
    /// to `N = intervalProductFallbackLimit`; beyond, the float64 outcome stands
    /// (`notContracting(+∞)` when it did not apply).
    public static func test(valueAtCentre: [Interval], jacobianOverBox: [[Interval]], radius: Interval,
                            preconditioner: [[Interval]], precision: Int) -> Outcome {
        let fast = testInFloat64MidpointRadius(valueAtCentre: valueAtCentre, jacobianOverBox: jacobianOverBox,
                                               radius: radius, preconditioner: preconditioner)
        if case .contracting(let bound)? = fast { return .contracting(contraction: bound) }
        guard valueAtCentre.count <= intervalProductFallbackLimit else {
            return fast ?? .notContracting(contraction: .infinity)
        }
        return testByIntervalProducts(valueAtCentre: valueAtCentre, jacobianOverBox: jacobianOverBox, radius: radius,
                                      preconditioner: preconditioner, precision: precision)
    }

    /// The largest `N` for which `test` falls back to the interval-product test.
    public static let intervalProductFallbackLimit = 400

    /// The Krawczyk test with every product enclosed in MPFR interval arithmetic at
    /// `precision` bits (`N³` interval products); the same contract as `test`.
    public static func testByIntervalProducts(valueAtCentre: [Interval], jacobianOverBox: [[Interval]], radius: Interval,
                                              preconditioner: [[Interval]], precision: Int) -> Outcome {
        let size = valueAtCentre.count
        precondition(jacobianOverBox.count == size && jacobianOverBox.allSatisfy { $0.count == size },
                     "the Jacobian must be \(size) × \(size)")
        precondition(preconditioner.count == size && preconditioner.allSatisfy { $0.count == size },
                     "the preconditioner must be \(size) × \(size)")
        precondition(radius.isPositive, "the radius of a Krawczyk box must be positive")
        let accumulator = IntervalAccumulator(precision: precision)
        var worst = 0.0
        var contracting = true
        for i in 0..<size {
            accumulator.reset()
            for j in 0..<size { accumulator.addProduct(preconditioner[i][j], valueAtCentre[j]) }
            let y = accumulator.sum
            var rowMagnitude = MagnitudeBound.zero(precision: precision)
            for j in 0..<size {
                accumulator.reset()
                for t in 0..<size { accumulator.addProduct(preconditioner[i][t], jacobianOverBox[t][j]) }
                let entry = (i == j ? Interval(1, precision: precision) : Interval.zero(precision: precision)) - accumulator.sum
                rowMagnitude = rowMagnitude + entry.magnitude
            }
            // Upper-bound arithmetic, rounded up: |y_i| + |r| · Σ_j |M_ij|.
            let reach = y.magnitude + radius * rowMagnitude
            if !reach.isCertainlyBelow(radius) { contracting = false }
            worst = max(worst, reach.divided(byPositive: radius).upperBoundAsDouble)
        }
        return contracting ? .contracting(contraction: worst) : .notContracting(contraction: worst)
    }
}
