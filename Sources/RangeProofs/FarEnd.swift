import CertifiedIntervals
import ClosedForms

/// The unbounded ends of a range (a stub until the Taylor models are in).
struct FarEndAnalysis {
    let run: ProverRun
    let towardsPositive: Bool

    func settle(beyond start: Rational) throws -> (Rational, Outcome) {
        let unresolved = towardsPositive ? RealInterval.atLeast(start)
            : RealInterval(lower: .infinite, upper: .finite(start, closed: true))
        return (start, .undecided(unresolved, "unbounded ends are not handled yet"))
    }
}
