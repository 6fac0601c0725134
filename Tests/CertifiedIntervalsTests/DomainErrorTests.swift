import XCTest
import CMPFR
@testable import CertifiedIntervals

/// Every domain violation throws `IntervalDomainError` naming the operation and the
/// kind, however small the offending part of the enclosure; nothing is clamped.
final class DomainErrorTests: XCTestCase {

    func expectError(_ operation: String, _ kind: IntervalDomainError.Kind, _ label: String,
                     file: StaticString = #filePath, line: UInt = #line, _ body: () throws -> Interval) {
        do {
            let r = try body()
            XCTFail("\(label): expected \(kind) from \(operation), got \(show(r))", file: file, line: line)
        } catch let error as IntervalDomainError {
            XCTAssertEqual(error.operation, operation, label, file: file, line: line)
            XCTAssertEqual(error.kind, kind, label, file: file, line: line)
            XCTAssertFalse(error.operand.isEmpty, label, file: file, line: line)
            XCTAssertTrue(error.description.contains(operation) && error.description.contains(kind.rawValue),
                          "\(label): \(error.description)", file: file, line: line)
        } catch {
            XCTFail("\(label): unexpected error type \(error)", file: file, line: line)
        }
    }

    func iv(_ lo: Spec, _ hi: Spec, _ p: Int) -> Interval { awkward(lo, hi, precision: p)! }

    func testDivisionByIntervalsContainingZero() {
        for p in [2, 53, 256, 1000] {
            let x = Interval(1, precision: p)
            for (lo, hi) in [(Spec.int(0), Spec.int(0)), (.dec("-1e-300"), .int(1)), (.int(0), .int(1)),
                             (.int(-1), .int(0)), (.two(-1000, -1), .two(-1000)), (.int(-3), .int(2))] {
                let y = iv(lo, hi, p)
                expectError("/", .divisionByZero, "x / \(show(y))") { try x / y }
                expectError("/", .divisionByZero, "[0, 0] / \(show(y))") { try Interval(0, precision: 53) / y }
            }
            expectError("/", .divisionByZero, "x / 0 (Int)") { try x / 0 }
            // Boundary: tiny divisors that exclude 0 are fine.
            XCTAssertNoThrow(try x / iv(.two(-1000), .int(1), p))
            XCTAssertNoThrow(try x / iv(.int(-1), .two(-1000, -1), p))
        }
        XCTAssertThrowsError(try Rational.dividing(Rational(1), by: Rational(0))) { error in
            XCTAssertEqual((error as? IntervalDomainError)?.kind, .divisionByZero)
            XCTAssertEqual((error as? IntervalDomainError)?.operation, "/")
        }
        XCTAssertThrowsError(try Rational(0).power(-2))
    }

    func testSquareRootAndLogarithm() {
        for p in [2, 53, 256, 1000] {
            for (lo, hi) in [(Spec.two(-1000, -1), Spec.int(4)), (.int(-1), .int(-1)), (.int(-4), .int(0)),
                             (.dec("-1e-300"), .dec("-1e-300"))] {
                let x = iv(lo, hi, p)
                expectError("sqrt", .negativeSquareRoot, "sqrt \(show(x))") { try x.sqrt() }
            }
            for (lo, hi) in [(Spec.int(0), Spec.int(1)), (.int(0), .int(0)), (.int(-1), .int(1)),
                             (.two(-1000, -1), .int(1)), (.int(-2), .int(-1))] {
                let x = iv(lo, hi, p)
                expectError("log", .nonPositiveLogarithm, "log \(show(x))") { try x.log() }
            }
            // Boundaries that are inside the domain.
            XCTAssertEqual(try iv(.int(0), .int(4), p).sqrt().description(digits: 5), "[0, 2]")
            XCTAssertNoThrow(try iv(.two(-1000), .int(1), p).log())
            XCTAssertNoThrow(try iv(.int(0), .int(0), p).sqrt())
        }
    }

    func testInverseSineAndCosine() {
        for p in [2, 53, 256, 1000] {
            let outside: [(Spec, Spec)] = [
                (.plus(.int(-1), .two(-200, -1)), .int(0)), (.dec("0.5"), .plus(.int(1), .two(-200))),
                (.int(-2), .int(2)), (.plus(.int(1), .two(-200)), .int(2)), (.int(-3), .int(-2)),
            ]
            for (lo, hi) in outside {
                let x = iv(lo, hi, p)
                expectError("asin", .outsideUnitInterval, "asin \(show(x))") { try x.asin() }
                expectError("acos", .outsideUnitInterval, "acos \(show(x))") { try x.acos() }
            }
            let inside = [iv(.int(-1), .int(1), p), iv(.int(1), .int(1), p), iv(.int(-1), .int(-1), p)]
            for x in inside {
                XCTAssertNoThrow(try x.asin(), show(x))
                XCTAssertNoThrow(try x.acos(), show(x))
            }
        }
    }

    func testPowers() {
        for p in [2, 53, 256, 1000] {
            for (lo, hi) in [(Spec.int(0), Spec.int(1)), (.int(-1), .int(0)), (.int(0), .int(0)),
                             (.dec("-1e-300"), .int(1)), (.int(-2), .int(3))] {
                let x = iv(lo, hi, p)
                for n in [-1, -2, -3, -10] {
                    expectError("^", .zeroToNegativePower, "\(show(x))^\(n)") { try x.power(n) }
                }
                expectError("^", .nonPositivePowerBase, "\(show(x))^[1/2]") {
                    try x.power(Interval(Rational(1, 2), precision: p))
                }
                XCTAssertTrue((try? x.power(0))?.contains(1) == true, "x^0 ∋ 1 for \(show(x))")
            }
            expectError("^", .nonPositivePowerBase, "[-2,-1]^[2]") {
                try self.iv(.int(-2), .int(-1), p).power(Interval(2, precision: p))
            }
        }
    }

    /// Over random intervals, each operation with a domain throws exactly when an
    /// independent check of the ends says the interval leaves the domain.
    func testThrowsExactlyOutsideTheDomain() {
        let failures = Failures("domain decisions")
        var gen = Gen(seed: 0xD0)
        for i in 0..<4000 {
            withScratch { s in
                let x = gen.interval(precision: gen.precision(), exponents: gen.chance(0.5) ? -1100...1100 : -40...2, s)
                let (lo, hi) = ends(x, s)
                let label = "case \(i): x = \(show(x))"
                let n = -gen.int(1...5)
                let checks: [(String, Bool, IntervalDomainError.Kind, () throws -> Interval)] = [
                    ("sqrt", sgn(lo) >= 0, .negativeSquareRoot, { try x.sqrt() }),
                    ("log", sgn(lo) > 0, .nonPositiveLogarithm, { try x.log() }),
                    ("asin", mpfr_cmp_si(lo, -1) >= 0 && mpfr_cmp_si(hi, 1) <= 0, .outsideUnitInterval, { try x.asin() }),
                    ("acos", mpfr_cmp_si(lo, -1) >= 0 && mpfr_cmp_si(hi, 1) <= 0, .outsideUnitInterval, { try x.acos() }),
                    ("/", sgn(lo) > 0 || sgn(hi) < 0, .divisionByZero, { try Interval(1, precision: 53) / x }),
                    ("^", sgn(lo) > 0 || sgn(hi) < 0, .zeroToNegativePower, { try x.power(n) }),
                    ("^", sgn(lo) > 0, .nonPositivePowerBase, { try x.power(Interval(Rational(1, 3), precision: 64)) }),
                ]
                for (operation, allowed, kind, f) in checks {
                    do {
                        let r = try f()
                        failures.check(allowed, "\(operation) did not throw: \(label), got \(show(r))")
                    } catch let error as IntervalDomainError {
                        failures.check(!allowed, "\(operation) threw \(error) inside the domain: \(label)")
                        failures.check(error.operation == operation && error.kind == kind, "\(operation): wrong error \(error): \(label)")
                    } catch {
                        failures.add("\(operation): unexpected error \(error): \(label)")
                    }
                }
            }
        }
        failures.finish()
    }
}
