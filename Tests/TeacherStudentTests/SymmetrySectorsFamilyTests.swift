import XCTest
import CertifiedIntervals
import CertifiedLinearAlgebra
@testable import TeacherStudent
import CheckerTestSupport

/// The blocks of families with class multiplicities affine in n, with `IntervalPolynomial`
/// entries, against the numeric blocks of the instances.
final class SymmetrySectorsFamilyTests: XCTestCase {
    let precision = 128

    var coefficient: (Int) -> Interval { { Configurations.standardCopyAverageCoefficient($0, precision: self.precision) } }
    var outgoingWeight: (Int) -> Interval { { Interval($0, precision: self.precision) } }

    /// Every numeric block of the instance at `n` is matched (same identifier and size,
    /// overlapping entries) by the family's polynomial block evaluated at `n`; from
    /// `validFrom` on the two lists are the same and the multiplicities agree.
    func assertFamilyMatches(_ family: SymmetryAdaptedHessian.FamilyBlocks<IntervalPolynomial>,
                             instance partition: [Int], d: Int, n: Int,
                             file: StaticString = #filePath, line: UInt = #line) throws {
        let numeric = try SymmetryAdaptedHessian.sectors(partition: partition, inputDimension: d, activation: .standardErf,
                                                         coefficient: coefficient, outgoingWeight: outgoingWeight,
                                                         precision: precision)
        var matched = 0
        for sector in numeric {
            guard let symbolic = family.sectors.first(where: { $0.identifier == sector.identifier }),
                  symbolic.block.count == sector.blockSize else {
                if n >= family.validFrom { XCTFail("n = \(n): \(sector.identifier) missing", file: file, line: line) }
                continue
            }
            matched += 1
            if n >= family.validFrom {
                XCTAssertEqual(symbolic.multiplicity(at: n), sector.multiplicity, "n = \(n) \(sector.identifier)",
                               file: file, line: line)
            }
            for r in 0..<sector.blockSize {
                for c in 0..<sector.blockSize {
                    let value = symbolic.block[r][c].evaluate(at: n)
                    XCTAssertTrue(value.overlaps(sector.block[r][c]),
                                  "n = \(n) \(sector.identifier)[\(r)][\(c)]: \(value) vs \(sector.block[r][c])",
                                  file: file, line: line)
                    // Both are narrow enclosures of the same number.
                    XCTAssertLessThan(abs(value.midpointAsDouble - sector.block[r][c].midpointAsDouble),
                                      1e-20 * max(1, abs(value.midpointAsDouble)), file: file, line: line)
                }
            }
        }
        if n >= family.validFrom {
            XCTAssertEqual(matched, numeric.count, file: file, line: line)
            let present = family.sectors.filter { $0.multiplicity(at: n) > 0 }
            XCTAssertEqual(present.count, numeric.count, "n = \(n)", file: file, line: line)
        } else {
            XCTAssertGreaterThan(matched, 0, file: file, line: line)
        }
    }

    func testOneAverageFamiliesAgreeWithTheInstances() throws {
        for (m, e) in [(2, 0), (3, 2), (4, 1)] {
            let family = try SymmetryAdaptedHessian.oneAverageFamily(
                averageSize: m, orthogonalOffset: e, activation: .standardErf, coefficient: coefficient,
                outgoingWeight: outgoingWeight, precision: precision, scalar: IntervalPolynomial.self)
            XCTAssertEqual(family.validFrom, 5)   // n − 1 ≥ 4 copies
            // Fixed block sizes, whatever n is.
            XCTAssertEqual(family.sectors.map(\.block.count).max(), 7)
            for n in 3...9 {
                let partition = [m] + Array(repeating: 1, count: n - 1)
                try assertFamilyMatches(family, instance: partition, d: partition.reduce(0, +) + e, n: n)
            }
            // Entries really depend on n (a block entry of positive degree) at m = 2.
            if m == 2 { XCTAssertTrue(family.sectors.contains { $0.block.joined().contains { $0.degree >= 1 } }) }
        }
    }

    /// Far out in the family the polynomial entries (degree up to 2 in n, large counts)
    /// still enclose the instance's entries: n = 60 and 250 for (2, 1^(n−1)), d = k + 1.
    func testOneAverageFamilyAtLargeN() throws {
        let family = try SymmetryAdaptedHessian.oneAverageFamily(
            averageSize: 2, orthogonalOffset: 1, activation: .standardErf, coefficient: coefficient,
            outgoingWeight: outgoingWeight, precision: precision, scalar: IntervalPolynomial.self)
        for n in [60, 250] {
            let partition = [2] + Array(repeating: 1, count: n - 1)
            try assertFamilyMatches(family, instance: partition, d: n + 2, n: n)
        }
    }

    /// Two classes growing with n and a growing orthogonal complement: (2^n, 1^(2n−1)), d = k + n.
    func testFamilyWithTwoGrowingClasses() throws {
        let family = try SymmetryAdaptedHessian.familySectors(
            classes: [.init(size: 2, multiplicity: .n), .init(size: 1, multiplicity: .affine(constant: -1, slope: 2)),
                      .init(size: 3, multiplicity: CountPolynomial(1))],
            orthogonalDirections: .n, activation: .standardErf, coefficient: coefficient,
            outgoingWeight: outgoingWeight, precision: precision, scalar: IntervalPolynomial.self)
        XCTAssertEqual(family.validFrom, 4)
        for n in 2...5 {
            let partition = [3] + Array(repeating: 2, count: n) + Array(repeating: 1, count: 2 * n - 1)
            try assertFamilyMatches(family, instance: partition, d: partition.reduce(0, +) + n, n: n)
        }
    }

    func testUnsupportedFamiliesAreRefused() {
        func refused(_ body: () throws -> Void) -> Bool {
            do { try body(); return false } catch let e as SymmetryAdaptedHessian.SectorError {
                if case .unsupportedFamily = e { return true }; return false
            } catch { return false }
        }
        let p = precision
        XCTAssertTrue(refused { _ = try SymmetryAdaptedHessian.oneAverageFamily(
            averageSize: 1, orthogonalOffset: 0, activation: .standardErf, coefficient: coefficient,
            outgoingWeight: outgoingWeight, precision: p, scalar: IntervalPolynomial.self) })
        XCTAssertTrue(refused { _ = try SymmetryAdaptedHessian.familySectors(
            classes: [.init(size: 2, multiplicity: .affine(constant: 10, slope: -1))], orthogonalDirections: CountPolynomial(0),
            activation: .standardErf, coefficient: coefficient, outgoingWeight: outgoingWeight, precision: p,
            scalar: IntervalPolynomial.self) })
        XCTAssertTrue(refused { _ = try SymmetryAdaptedHessian.familySectors(
            classes: [.init(size: 2, multiplicity: .n), .init(size: 2, multiplicity: CountPolynomial(1))],
            orthogonalDirections: CountPolynomial(0), activation: .standardErf, coefficient: coefficient,
            outgoingWeight: outgoingWeight, precision: p, scalar: IntervalPolynomial.self) })
        XCTAssertTrue(refused { _ = try SymmetryAdaptedHessian.familySectors(
            classes: [.init(size: 2, multiplicity: .n * .n)], orthogonalDirections: CountPolynomial(0),
            activation: .standardErf, coefficient: coefficient, outgoingWeight: outgoingWeight, precision: p,
            scalar: IntervalPolynomial.self) })
        XCTAssertFalse(refused { _ = try SymmetryAdaptedHessian.familySectors(
            classes: [.init(size: 2, multiplicity: .n)], orthogonalDirections: CountPolynomial(0),
            activation: .standardErf, coefficient: coefficient, outgoingWeight: outgoingWeight, precision: p,
            scalar: IntervalPolynomial.self) })
    }

    func testCountPolynomialArithmetic() {
        let mu = CountPolynomial.affine(constant: -1, slope: 1)   // n − 1
        let product = mu * (mu - 3)                                // (n − 1)(n − 4)
        XCTAssertEqual(product.coefficients, [4, -5, 1])
        for n in -3...12 { XCTAssertEqual(product.evaluate(at: n), (n - 1) * (n - 4)) }
        XCTAssertEqual((mu - mu).coefficients, [])
        XCTAssertEqual((mu - mu).degree, -1)
        XCTAssertEqual(CountPolynomial(7).constantValue, 7)
        XCTAssertNil(mu.constantValue)
        XCTAssertEqual(product.description, "n^2 - 5n + 4")
    }
}
