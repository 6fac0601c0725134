import CertifiedIntervals

/// A connected subset of the real line with exact ends: each end is an exact rational
/// (open or closed) or infinite. `[0, pi]` is written with rational ends by the parser
/// only when the end is rational; irrational ends are enclosed by the caller (see
/// `RangeProofs`), never rounded silently.
///
/// Used for the domain of a statement "for all real x in I" (inequalities, identities
/// and the side conditions they need), and, with `integersOnly`, for "for all integers
/// l ≥ 2" (`l = "2.."`). Empty intervals can be represented (`isEmpty`); whoever
/// builds one from user input reports them as errors.
public struct RealInterval: Hashable, CustomStringConvertible {
    /// One end of the interval.
    public enum End: Hashable {
        /// A finite end; `closed` says whether it belongs to the interval.
        case finite(Rational, closed: Bool)
        /// −∞ at the lower end, +∞ at the upper end (never included).
        case infinite

        public var value: Rational? {
            if case .finite(let v, _) = self { return v }
            return nil
        }

        public var isClosed: Bool {
            if case .finite(_, let closed) = self { return closed }
            return false
        }
    }

    public var lower: End
    public var upper: End
    /// The statement is about the integers of the interval only (an integer range
    /// that may be unbounded above, `l = "2.."`).
    public var integersOnly: Bool

    public init(lower: End, upper: End, integersOnly: Bool = false) {
        self.lower = lower
        self.upper = upper
        self.integersOnly = integersOnly
    }

    /// `[a, b]`.
    public static func closed(_ a: Rational, _ b: Rational) -> RealInterval {
        RealInterval(lower: .finite(a, closed: true), upper: .finite(b, closed: true))
    }

    /// `[a, ∞)`.
    public static func atLeast(_ a: Rational) -> RealInterval {
        RealInterval(lower: .finite(a, closed: true), upper: .infinite)
    }

    /// `a..` as integers: the integers `≥ a` (a must be an integer).
    public static func integers(from a: Int, through b: Int? = nil) -> RealInterval {
        RealInterval(lower: .finite(Rational(a), closed: true),
                     upper: b.map { .finite(Rational($0), closed: true) } ?? .infinite,
                     integersOnly: true)
    }

    public var isBounded: Bool { lower != .infinite && upper != .infinite }

    /// No real (or, with `integersOnly`, no integer) number satisfies the bounds.
    public var isEmpty: Bool {
        guard let a = lower.value, let b = upper.value else { return false }
        if integersOnly {
            let first = RealInterval.ceiling(a, strictlyAbove: !lower.isClosed)
            let last = RealInterval.floor(b, strictlyBelow: !upper.isClosed)
            return first > last
        }
        if a < b { return false }
        return !(a == b && lower.isClosed && upper.isClosed)
    }

    /// Whether the exact number `x` lies in the interval (integrality included when
    /// `integersOnly`).
    public func contains(_ x: Rational) -> Bool {
        if integersOnly && !x.isInteger { return false }
        switch lower {
        case .finite(let a, let closed): if closed ? x < a : x <= a { return false }
        case .infinite: break
        }
        switch upper {
        case .finite(let b, let closed): if closed ? x > b : x >= b { return false }
        case .infinite: break
        }
        return true
    }

    /// `[1, ∞)`, `(0, 1]`, `(-∞, ∞)`; integer ranges as `{2, 3, …}` or `{2, …, 10}`.
    public var description: String {
        if integersOnly {
            let a = lower.value.map { RealInterval.ceiling($0, strictlyAbove: !lower.isClosed) }
            let b = upper.value.map { RealInterval.floor($0, strictlyBelow: !upper.isClosed) }
            switch (a, b) {
            case let (a?, b?): return "{\(a), …, \(b)}"
            case let (a?, nil): return "{\(a), \(a + 1), …}"
            case let (nil, b?): return "{…, \(b - 1), \(b)}"
            case (nil, nil): return "ℤ"
            }
        }
        let left: String
        switch lower {
        case .finite(let a, let closed): left = (closed ? "[" : "(") + a.description
        case .infinite: left = "(-∞"
        }
        let right: String
        switch upper {
        case .finite(let b, let closed): right = b.description + (closed ? "]" : ")")
        case .infinite: right = "∞)"
        }
        return left + ", " + right
    }

    /// The least integer ≥ x (> x when `strictlyAbove`).
    static func ceiling(_ x: Rational, strictlyAbove: Bool) -> Rational {
        let f = floor(x, strictlyBelow: false)
        if f == x { return strictlyAbove ? f + 1 : f }
        return f + 1
    }

    /// The greatest integer ≤ x (< x when `strictlyBelow`).
    static func floor(_ x: Rational, strictlyBelow: Bool) -> Rational {
        // Rational has no floor: small values through a double, corrected exactly;
        // large ones (beyond 2^52, where a double is not an integer count) by a binary
        // search on exact integers, which never traps whatever the size.
        var candidate: Rational
        if x.magnitude < Rational(1 << 52) {
            candidate = Rational(Int(x.doubleValue.rounded(.down)))
            while candidate > x { candidate = candidate - 1 }
            while candidate + 1 <= x { candidate = candidate + 1 }
        } else if x.signum < 0 {
            let up = floor(-x, strictlyBelow: false)
            candidate = up == -x ? -up : -up - 1
        } else {
            var low = Rational(1 << 52), high = low + low          // low ≤ x
            while high <= x { low = high; high = high + high }
            while high - low > Rational(1) {                     // low ≤ x < high, high − low a power of 2
                let middle = low + (try! Rational.dividing(high - low, by: Rational(2)))
                if middle <= x { low = middle } else { high = middle }
            }
            candidate = low
        }
        if strictlyBelow && candidate == x { candidate = candidate - 1 }
        return candidate
    }
}

/// A condition an identity proof relies on, to be certified over the identity's whole
/// domain by whoever claims the identity there: for example that the argument of a
/// square root stays strictly positive (so the principal branch is analytic on the
/// domain) or that a denominator never vanishes.
public struct SideCondition: Hashable, CustomStringConvertible {
    public enum Requirement: String, Hashable, Sendable {
        /// `expression > 0` everywhere on the domain.
        case positive
        /// `expression ≠ 0` everywhere on the domain (with one sign, as the domain is
        /// connected and the expression continuous).
        case nonzero
        /// `-1 < expression < 1` everywhere on the domain.
        case insideOpenUnitInterval
    }

    public var expression: Expression
    public var requirement: Requirement
    /// Why the proof needs it ("argument of sqrt", "denominator", "argument of asin").
    public var reason: String

    public init(expression: Expression, requirement: Requirement, reason: String) {
        self.expression = expression
        self.requirement = requirement
        self.reason = reason
    }

    public var description: String {
        switch requirement {
        case .positive: return "\(expression) > 0 (\(reason))"
        case .nonzero: return "\(expression) ≠ 0 (\(reason))"
        case .insideOpenUnitInterval: return "-1 < \(expression) < 1 (\(reason))"
        }
    }
}
