import XCTest
import CMPFR
@testable import CertifiedIntervals

/// On exact point inputs each operation is one or two correctly rounded MPFR calls,
/// so its relative width must stay within a few ulps: at most 2^(4-p) (results
/// containing 0 or not finite are left out).
final class WidthTests: XCTestCase {

    static let precisions = [53, 64, 128, 256, 1000]

    /// nil when the width is fine, else a description.
    func widthProblem(_ r: Interval, precision p: Int) -> String? {
        guard r.isWellFormed else { return "malformed result \(show(r))" }
        if r.containsZero || !r.isFinite { return nil }
        return withScratch { s in
            let (lo, hi) = ends(r, s)
            let w = s.make(4 * r.precision + 64)
            mpfr_sub(w, hi, lo, MPFR_RNDU)
            let m = s.make(r.precision)
            if mpfr_cmpabs(lo, hi) <= 0 { mpfr_abs(m, lo, MPFR_RNDN) } else { mpfr_abs(m, hi, MPFR_RNDN) }
            mpfr_mul_2si(m, m, 4 - p, MPFR_RNDN)
            return le(w, m) ? nil : "relative width above 2^(4-\(p)): \(show(r))"
        }
    }

    /// A random point interval of `p` bits with magnitude 2^e, e in `exponents`.
    func point(_ gen: inout Gen, _ p: Int, _ domain: Domain, _ exponents: ClosedRange<Int>) -> Interval {
        withScratch { s in
            let x = s.make(p)
            repeat {
                gen.value(x, exponents: exponents, s)
                switch domain {
                case .positive, .nonNegative: mpfr_abs(x, x, MPFR_RNDN)
                case .unit: if mpfr_cmpabs(x, s.int(1)) > 0 { mpfr_set_zero(x, 1) }
                default: break
                }
            } while mpfr_zero_p(x) != 0 || mpfr_get_exp(x) > exponents.upperBound + 1
            return makeInterval(x, x, precision: p)
        }
    }

    func testUnaryWidths() {
        let unary: [(String, Domain, ClosedRange<Int>, (Interval) throws -> Interval)] = [
            ("sqrt", .positive, -1100...1100, { try $0.sqrt() }),
            ("exp", .all, -40...8, { $0.exp() }),
            ("log", .positive, -1100...1100, { try $0.log() }),
            ("sin", .all, -40...40, { $0.sin() }),
            ("cos", .all, -40...40, { $0.cos() }),
            ("sin huge", .all, 900...1024, { $0.sin() }),
            ("cos huge", .all, 900...1024, { $0.cos() }),
            ("asin", .unit, -40...0, { try $0.asin() }),
            ("acos", .unit, -40...0, { try $0.acos() }),
            ("atan", .all, -1100...1100, { $0.atan() }),
            ("erf", .all, -40...4, { $0.erf() }),
            ("abs", .all, -1100...1100, { $0.abs() }),
            ("squared", .all, -1100...1100, { $0.squared }),
            ("power(3)", .all, -300...300, { try $0.power(3) }),
            ("power(-4)", .all, -300...300, { try $0.power(-4) }),
            ("power(7)", .all, -100...100, { try $0.power(7) }),
            ("negation", .all, -1100...1100, { -$0 }),
        ]
        let failures = Failures("width on points")
        var gen = Gen(seed: 0x3D7)
        for p in Self.precisions {
            for (name, domain, exponents, f) in unary {
                for i in 0..<(p == 1000 ? 60 : 150) {
                    let x = point(&gen, p, domain, exponents)
                    do {
                        let r = try f(x)
                        if let problem = widthProblem(r, precision: p) {
                            failures.add("\(name) case \(i), x = \(show(x)): \(problem)")
                        }
                    } catch { failures.add("\(name) case \(i), x = \(show(x)): unexpected \(error)") }
                }
            }
        }
        failures.finish()
    }

    func testBinaryWidths() {
        let binary: [(String, Domain, ClosedRange<Int>, Domain, ClosedRange<Int>, (Interval, Interval) throws -> Interval)] = [
            ("+", .all, -1100...1100, .all, -1100...1100, { $0 + $1 }),
            ("-", .all, -1100...1100, .all, -1100...1100, { $0 - $1 }),
            ("*", .all, -1100...1100, .all, -1100...1100, { $0 * $1 }),
            ("/", .all, -1100...1100, .nonZero, -1100...1100, { try $0 / $1 }),
            ("minimum", .all, -1100...1100, .all, -1100...1100, { Interval.minimum($0, $1) }),
            ("maximum", .all, -1100...1100, .all, -1100...1100, { Interval.maximum($0, $1) }),
            // |y log x| <= 1.4 keeps exp(y log x) within a few ulps.
            ("power(Interval)", .positive, -2...1, .all, -40...0, { try $0.power($1) }),
        ]
        let failures = Failures("width on points")
        var gen = Gen(seed: 0x3D8)
        for p in Self.precisions {
            for (name, dx, ex, dy, ey, f) in binary {
                for i in 0..<(p == 1000 ? 60 : 150) {
                    let x = point(&gen, p, dx, ex), y = point(&gen, p, dy, ey)
                    do {
                        let r = try f(x, y)
                        if let problem = widthProblem(r, precision: p) {
                            failures.add("\(name) case \(i), x = \(show(x)), y = \(show(y)): \(problem)")
                        }
                    } catch { failures.add("\(name) case \(i), x = \(show(x)), y = \(show(y)): unexpected \(error)") }
                }
            }
        }
        failures.finish()
    }

    func testConstantAndConversionWidths() {
        let failures = Failures("width of constants and conversions")
        var gen = Gen(seed: 0x3D9)
        for p in Self.precisions {
            let fixed: [(String, Interval)] = [
                ("pi", .pi(precision: p)), ("e", .e(precision: p)),
                ("1/3", Interval(Rational(1, 3), precision: p)), ("0.1", Interval(Rational(1, 10), precision: p)),
                ("1e-60", Interval(Rational(exactly: "1e-60")!, precision: p)),
            ]
            for (name, x) in fixed {
                failures.check(x.precision == p, "\(name) at \(p): precision")
                if let problem = widthProblem(x, precision: p) { failures.add("\(name) at \(p): \(problem)") }
            }
            for i in 0..<200 {
                let num = Int(truncatingIfNeeded: gen.next() >> 2) | 1
                let den = Int(truncatingIfNeeded: gen.next() >> UInt64(gen.int(2...62))) | 1
                let r = Rational(num, den)
                let x = Interval(r, precision: p)
                if let problem = widthProblem(x, precision: p) { failures.add("Interval(\(r)) case \(i): \(problem)") }
                let d = Double(bitPattern: gen.next())
                if d.isFinite && d != 0 {
                    failures.check(Interval(d, precision: p).isPoint, "Interval(\(d), precision: \(p)) not exact")
                }
                let n = Int(truncatingIfNeeded: gen.next()) >> (p >= 64 ? 0 : 64 - p)
                failures.check(Interval(n, precision: p).isPoint, "Interval(\(n), precision: \(p)) not exact")
            }
        }
        failures.finish()
    }
}
