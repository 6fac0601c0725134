/// A budget of arithmetic work, shared by everything one verification run computes.
///
/// Work is counted in *work units*: one unit is one interval operation (or one node of
/// an expression visited) at 128 bits or less. An operation at `p > 128` bits costs
/// `(p/128)^1.5` units, a middle ground between the linear cost of additions and the
/// super-linear cost of MPFR's multiplications and elementary functions. On the
/// machines this project runs on, 10⁹ units take very roughly a minute of one core.
///
/// The budget is an accounting device, not a timer: it makes the amount of work a
/// short input can ask for finite and predictable, and it is charged with
/// deterministic counts (nodes visited, sizes of matrices), so a run that fits on one
/// machine fits on every machine.
///
/// Not thread-safe: one budget belongs to one run on one thread (callers that share
/// it across threads must serialise `charge`). A parallel run gives every instance a
/// budget of its own that records its charges (`recordsCharges`), and replays them, in
/// instance order, onto the run's budget (`fitsReplay`, `replay`): the sums, and so the
/// refusals, are then bit for bit those of a serial run.
public final class WorkBudget {
    /// The units this budget allows in all (`.infinity` for no limit).
    public let limit: Double
    /// The units charged so far (it may exceed `limit` by the one charge that was
    /// refused).
    public private(set) var spent: Double = 0
    /// Every charge as given to `charge`, in order, when the budget records them; nil
    /// otherwise.
    public private(set) var recordedCharges: [Double]?

    /// A budget of `limit` units. Domain: `limit > 0` (NaN and non-positive limits
    /// are treated as 0: every charge is refused). With `recordsCharges`, every charge
    /// is also kept in `recordedCharges` (one `Double` a charge).
    public init(limit: Double, recordsCharges: Bool = false) {
        self.limit = limit.isNaN ? 0 : Swift.max(0, limit)
        recordedCharges = recordsCharges ? [] : nil
    }

    /// The charge actually added for `units` (NaN and negative units cost the whole limit and one).
    private func effectiveUnits(_ units: Double) -> Double { (units.isNaN || units < 0) ? limit + 1 : units }

    /// True when charging `charges` one after the other, from what is spent now, would
    /// never pass the limit (and the budget is not exhausted already); nothing is charged.
    public func fitsReplay(_ charges: [Double]) -> Bool {
        if isExhausted { return false }
        var total = spent
        for units in charges {
            total += effectiveUnits(units)
            if total > limit { return false }
        }
        return true
    }

    /// Charges `charges` one after the other, exactly as that many calls of `charge`
    /// would (the same additions in the same order); throws as `charge` does.
    public func replay(_ charges: [Double]) throws {
        for units in charges { try charge(units) }
    }

    /// The cost in units of one interval operation at `precision` bits.
    public static func operationCost(precision: Int) -> Double {
        precision <= 128 ? 1 : pow15(Double(precision) / 128)
    }

    /// Adds `units` to what was spent. Throws `WorkBudgetExceeded` (and keeps the
    /// charge) when the total passes the limit; `units` that are NaN or negative are
    /// charged as the whole limit (a cost that cannot be estimated is not free).
    public func charge(_ units: Double) throws {
        recordedCharges?.append(units)
        spent += effectiveUnits(units)
        if spent > limit { throw WorkBudgetExceeded(limit: limit, spent: spent) }
    }

    /// True once a charge has been refused.
    public var isExhausted: Bool { spent > limit }

    private static func pow15(_ x: Double) -> Double { x * x.squareRoot() }
}

/// A computation would pass the run's work budget.
public struct WorkBudgetExceeded: Error, CustomStringConvertible {
    /// The budget, in work units.
    public let limit: Double
    /// The units the refused charge would have brought the total to.
    public let spent: Double

    public init(limit: Double, spent: Double) {
        self.limit = limit
        self.spent = spent
    }

    public var description: String {
        "the work budget of \(WorkBudgetExceeded.format(limit)) units is exhausted"
    }

    /// A count of units as `1.2e9`.
    public static func format(_ units: Double) -> String {
        guard units.isFinite else { return units > 0 ? "unlimited" : "\(units)" }
        if units < 10_000 { return String(Int(units.rounded())) }
        var exponent = 0
        var mantissa = units
        while mantissa >= 10 { mantissa /= 10; exponent += 1 }
        var tenths = (mantissa * 10).rounded() / 10
        if tenths >= 10 { tenths = 1; exponent += 1 }
        return tenths == tenths.rounded() ? "\(Int(tenths))e\(exponent)" : "\(tenths)e\(exponent)"
    }
}
