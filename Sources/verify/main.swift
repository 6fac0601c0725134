import CertifiedIntervals
let p = 128
let l = Interval(2, precision: p)
let pi = Interval.pi(precision: p)
let x = try! l / Interval(3, precision: p) - 2 * l.squared / pi * (try! (try! Interval(1, precision: p) / (2 * l)).asin())
print(x, x.compactDescription(digits: 30))
print(Interval(lower: -1, upper: 2, precision: 64).sin(), Interval(lower: 1, upper: 2, precision: 64).sin(), Interval(lower: -3, upper: 3, precision: 64).cos())
print(Interval(Rational(exactly: "1e-60")!, precision: 64), Rational(exactly: "1.25e-3")!)
do { _ = try Interval(-1, precision: 64).sqrt() } catch { print(error) }
print(Interval(lower: -2, upper: 3, precision: 64) * Interval(lower: -5, upper: 1, precision: 64))
print(Interval(lower: -2, upper: 3, precision: 64).squared, Interval(1e300, precision: 64).sin())
