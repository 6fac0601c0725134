import XCTest
import CMPFR
@testable import CertifiedIntervals

/// Identities that hold for every point, so the interval forms must contain (or
/// overlap) each other: `sin(asin X) ⊇ X`, `sin² + cos² ∋ 1`, `(X / Y)·Y ⊇ X`, …
final class FunctionalEquationTests: XCTestCase {

    /// Runs `body` on `count` random intervals of the domain (mixed precisions),
    /// reporting failures with the inputs.
    func forRandom(_ name: String, count: Int = 1500, seed: UInt64, domain: Domain = .all,
                   exponents: ClosedRange<Int> = -1100...1100,
                   _ body: (Interval, inout Gen) throws -> (Bool, String)) {
        let failures = Failures(name)
        var gen = Gen(seed: seed)
        for i in 0..<count {
            withScratch { s in
                let x = gen.interval(precision: gen.precision(), domain: domain, exponents: exponents, s)
                do {
                    let (ok, detail) = try body(x, &gen)
                    failures.check(ok, "case \(i) of seed \(seed): x = \(show(x)); \(detail)")
                } catch {
                    failures.add("case \(i) of seed \(seed): x = \(show(x)): unexpected \(error)")
                }
            }
        }
        failures.finish()
    }

    func testInverseFunctions() throws {
        forRandom("sin(asin X) ⊇ X", seed: 1, domain: .unit, exponents: -1100...1) { x, _ in
            let r = try x.asin().sin(); return (r.contains(x), "got \(show(r))")
        }
        forRandom("cos(acos X) ⊇ X", seed: 2, domain: .unit, exponents: -1100...1) { x, _ in
            let r = try x.acos().cos(); return (r.contains(x), "got \(show(r))")
        }
        forRandom("sqrt(X)² ⊇ X", seed: 3, domain: .nonNegative) { x, _ in
            let r = try x.sqrt().squared; return (r.contains(x), "got \(show(r))")
        }
        forRandom("sqrt(X²) ⊇ |X|", seed: 4) { x, _ in
            let r = try x.squared.sqrt(); return (r.contains(x.abs()), "got \(show(r))")
        }
        forRandom("exp(log X) ⊇ X", seed: 5, domain: .positive) { x, _ in
            let r = try x.log().exp(); return (r.contains(x), "got \(show(r))")
        }
        forRandom("log(exp X) ⊇ X", seed: 6, exponents: -1100...20) { x, _ in
            let r = try x.exp().log(); return (r.contains(x), "got \(show(r))")
        }
        forRandom("tan(atan X) ⊇ X", seed: 7, exponents: -1100...20) { x, _ in
            guard x.precision >= 8 else { return (true, "") }
            let a = x.atan(), c = a.cos()
            // At low precision the upper end of atan may round past π/2.
            guard !c.containsZero else { return (true, "") }
            let r = try a.sin() / c
            return (r.contains(x), "got \(show(r))")
        }
        forRandom("asin X + acos X ∋ π/2", seed: 8, domain: .unit, exponents: -1100...1) { x, _ in
            let r = try x.asin() + x.acos()
            let halfPi = Interval.pi(precision: x.precision).scaled(byPowerOfTwo: -1)
            return (r.overlaps(halfPi), "got \(show(r))")
        }
        forRandom("atan X + atan(1/X) ∋ π/2", seed: 9, domain: .positive) { x, _ in
            let r = try x.atan() + (Interval(1, precision: x.precision) / x).atan()
            return (r.overlaps(Interval.pi(precision: x.precision).scaled(byPowerOfTwo: -1)), "got \(show(r))")
        }
    }

    func testTrigonometricIdentities() throws {
        forRandom("sin² + cos² ∋ 1", count: 3000, seed: 11) { x, _ in
            let r = x.sin().squared + x.cos().squared; return (r.contains(1), "got \(show(r))")
        }
        forRandom("cos X overlaps sin(X + π/2)", seed: 12, exponents: -1100...60) { x, _ in
            let shifted = x + Interval.pi(precision: x.precision + 80).scaled(byPowerOfTwo: -1)
            let a = x.cos(), b = shifted.sin()
            return (a.overlaps(b), "cos \(show(a)), sin(x + π/2) \(show(b))")
        }
        forRandom("sin 2X overlaps 2 sin X cos X", seed: 13, exponents: -1100...60) { x, _ in
            let a = x.scaled(byPowerOfTwo: 1).sin(), b = (x.sin() * x.cos()).scaled(byPowerOfTwo: 1)
            return (a.overlaps(b), "sin 2x \(show(a)), 2 sin cos \(show(b))")
        }
        forRandom("sin(-X) = -sin X", seed: 14) { x, _ in
            let a = (-x).sin(), b = -x.sin()
            return (a.contains(b) && b.contains(a), "sin(-x) \(show(a)), -sin x \(show(b))")
        }
        forRandom("cos(-X) = cos X", seed: 15) { x, _ in
            let a = (-x).cos(), b = x.cos()
            return (a.contains(b) && b.contains(a), "cos(-x) \(show(a)), cos x \(show(b))")
        }
    }

    func testOddAndEvenFunctions() throws {
        forRandom("erf(-X) = -erf X", seed: 21) { x, _ in
            let a = (-x).erf(), b = -x.erf()
            return (a.overlaps(b) && a.contains(b) && b.contains(a), "erf(-x) \(show(a)), -erf x \(show(b))")
        }
        forRandom("atan(-X) = -atan X", seed: 22) { x, _ in
            let a = (-x).atan(), b = -x.atan(); return (a.contains(b) && b.contains(a), "\(show(a)) vs \(show(b))")
        }
        forRandom("asin(-X) = -asin X", seed: 23, domain: .unit, exponents: -1100...1) { x, _ in
            let a = try (-x).asin(), b = -(try x.asin()); return (a.contains(b) && b.contains(a), "\(show(a)) vs \(show(b))")
        }
        forRandom("acos(-X) + acos X ∋ π", seed: 24, domain: .unit, exponents: -1100...1) { x, _ in
            let r = try (-x).acos() + x.acos()
            return (r.overlaps(Interval.pi(precision: x.precision)), "got \(show(r))")
        }
        forRandom("|X| = |-X|, X² = (-X)²", seed: 25) { x, _ in
            let ok = x.abs().contains((-x).abs()) && (-x).abs().contains(x.abs())
                && x.squared.contains((-x).squared) && (-x).squared.contains(x.squared)
            return (ok, "abs \(show(x.abs())), squared \(show(x.squared))")
        }
    }

    func testArithmeticIdentities() throws {
        forRandom("(X / Y)·Y ⊇ X", count: 3000, seed: 31) { x, gen in
            let y = withScratch { s in gen.interval(precision: gen.precision(), domain: .nonZero, exponents: -500...500, s) }
            let r = try (x / y) * y
            return (r.contains(x) || !r.isFinite, "y = \(show(y)), got \(show(r))")
        }
        forRandom("(X - Y) + Y ⊇ X", count: 3000, seed: 32) { x, gen in
            let y = withScratch { s in gen.interval(precision: gen.precision(), s) }
            let r = (x - y) + y
            return (r.contains(x), "y = \(show(y)), got \(show(r))")
        }
        forRandom("X·(Y + Z) overlaps X·Y + X·Z", seed: 33, exponents: -300...300) { x, gen in
            let (y, z) = withScratch { s in
                (gen.interval(precision: gen.precision(), exponents: -300...300, s),
                 gen.interval(precision: gen.precision(), exponents: -300...300, s))
            }
            let a = x * (y + z), b = x * y + x * z
            return (a.overlaps(b), "y = \(show(y)), z = \(show(z)): \(show(a)) vs \(show(b))")
        }
        forRandom("min + max = X + Y", seed: 34) { x, gen in
            let y = withScratch { s in gen.interval(precision: gen.precision(), s) }
            let a = Interval.minimum(x, y) + Interval.maximum(x, y), b = x + y
            return (a.overlaps(b), "y = \(show(y)): \(show(a)) vs \(show(b))")
        }
        forRandom("exp(X + Y) overlaps exp X · exp Y", seed: 35, exponents: -1100...20) { x, gen in
            let y = withScratch { s in gen.interval(precision: gen.precision(), exponents: -1100...20, s) }
            let a = (x + y).exp(), b = x.exp() * y.exp()
            return (a.overlaps(b), "y = \(show(y)): \(show(a)) vs \(show(b))")
        }
        forRandom("log(X·Y) overlaps log X + log Y", seed: 36, domain: .positive) { x, gen in
            let y = withScratch { s in gen.interval(precision: gen.precision(), domain: .positive, s) }
            guard (x * y).isPositive else { return (true, "") }       // the product underflowed to 0
            let a = try (x * y).log(), b = try x.log() + y.log()
            return (a.overlaps(b), "y = \(show(y)): \(show(a)) vs \(show(b))")
        }
    }

    func testPowers() throws {
        forRandom("X^n overlaps X·X·…·X and 1/X^-n", seed: 41, exponents: -200...200) { x, gen in
            let n = gen.int(1...12)
            var product = x
            for _ in 1..<n { product = product * x }
            let power = try x.power(n)
            guard power.overlaps(product) && product.contains(power) else {
                return (false, "n = \(n): power \(show(power)), product \(show(product))")
            }
            if !x.containsZero {
                let inverse = try Interval(1, precision: x.precision) / x.power(n), negative = try x.power(-n)
                return (inverse.overlaps(negative), "n = \(n): x^-n \(show(negative)), 1/x^n \(show(inverse))")
            }
            return (true, "")
        }
        forRandom("X^y = exp(y log X); X^n (real) overlaps X^n (integer)", seed: 42, domain: .positive,
                  exponents: -60...60) { x, gen in
            let n = gen.int(-9...9)
            let real = try x.power(Interval(n, precision: x.precision)), integer = try x.power(n)
            let y = withScratch { s in gen.interval(precision: gen.precision(), exponents: -20...4, s) }
            let a = try x.power(y), b = try (y * x.log()).exp()
            return (real.overlaps(integer) && a.overlaps(b),
                    "n = \(n): \(show(real)) vs \(show(integer)); y = \(show(y)): \(show(a)) vs \(show(b))")
        }
        forRandom("X² ⊆ X·X, sqrt(X)·sqrt(X) ⊇ X", seed: 43, domain: .nonNegative) { x, _ in
            let r = try x.sqrt() * x.sqrt()
            return ((x * x).contains(x.squared) && r.contains(x), "sqrt·sqrt \(show(r))")
        }
    }
}
