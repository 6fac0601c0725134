import XCTest
import CMPFR
@testable import CertifiedIntervals

/// Intervals free their single allocation with the Swift object (no `mpfr_clear`),
/// rationals clear their `mpq_t` on deinit, scratch numbers are cleared after use: a
/// long loop of mixed operations must not make the resident memory grow.
final class MemoryTests: XCTestCase {

    /// `steps` steps of about 2.5 interval operations each (+ · / sin sqrt hull,
    /// conversions, and rational arithmetic now and then).
    @inline(never)
    func work(steps: Int) -> Interval {
        let third = Interval(Rational(1, 3), precision: 128)
        let two = Interval(2, precision: 64)
        var acc = Interval(1, precision: 128)
        for i in 0..<steps {
            switch i % 8 {
            case 0: acc = acc + third
            case 1: acc = acc * third
            case 2: acc = (try? acc / (two + acc.abs())) ?? acc
            case 3: acc = acc.sin()
            case 4: acc = (try? (acc.abs() + third).sqrt()) ?? acc
            case 5: acc = acc - two
            case 6: acc = Interval.hull(Interval(exactly: acc.midpoint), acc).withPrecision(128)
            default:
                let r = Rational(i, 7) + Rational(1, 3)
                acc = (try? acc * Interval(r, precision: 96) / 1_000_000_000) ?? acc
            }
            if i % 4096 == 0 { acc = Interval(exactly: acc.midpoint) }       // keep widths bounded
        }
        return acc
    }

    func testResidentMemoryDoesNotGrow() throws {
        guard residentKilobytes() != nil else { throw XCTSkip("no /proc/self/status") }
        _ = work(steps: 200_000)                          // warm up caches and allocators
        let before = residentKilobytes()!
        let start = Date()
        let result = work(steps: 1_200_000)
        let after = residentKilobytes()!
        XCTAssertTrue(result.isWellFormed)
        XCTAssertLessThan(after - before, 4_096,
                          "resident memory grew from \(before) kB to \(after) kB over 1 200 000 steps (about 3 million operations)")
        print("memory test: \(before) kB -> \(after) kB in \(Date().timeIntervalSince(start)) s")
    }
}
