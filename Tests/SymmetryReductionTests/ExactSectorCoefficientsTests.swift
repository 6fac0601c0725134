import XCTest
import CertifiedIntervals
import ClosedForms
import ExactArithmetic
import TeacherStudent
@testable import SymmetryReduction

/// Exact forms of the (m, 1^(n−1)) sector blocks: the atoms against TeacherStudent's
/// interval kernels (a separate implementation), the forms against the enclosures, and the
/// exact zeros: proved where they hold (erf at the critical point), never declared where
/// they do not (a(ℓ) = 1.1ℓ, off the critical point), no exact route for other kernels.
final class ExactSectorCoefficientsTests: XCTestCase {
    let p = 256

    func parse(_ text: String) throws -> ClosedForms.Expression { try ExpressionParser.parse(text) }

    /// c(l) = 1/sqrt(l(2l − 1)), a(l) = outgoing: the paper's family (critical for a = l).
    func family(m: Int, outgoing: String, activation: Activation = .standardErf)
        throws -> (enclosed: SymmetryAdaptedHessian.FamilyBlocks<IntervalPolynomial>,
                   exact: SymmetryAdaptedHessian.FamilyBlocks<SectorForm>, atoms: ExactSectorAtoms) {
        let incoming = try parse("1/sqrt(l*(2*l - 1))"), out = try parse(outgoing)
        func at(_ l: Int) -> Environment { Environment(variables: ["l": .exact(Rational(l))], definitions: Definitions()) }
        let c: (Int) throws -> Interval = { try incoming.enclosure(in: at($0), precision: self.p) }
        let a: (Int) throws -> Interval = { try out.enclosure(in: at($0), precision: self.p) }
        let enclosed = try SymmetryAdaptedHessian.oneAverageFamily(averageSize: m, orthogonalOffset: 0, activation: activation,
                                                                   coefficient: c, outgoingWeight: a, precision: p,
                                                                   scalar: IntervalPolynomial.self)
        let exact = try SymmetryAdaptedHessian.oneAverageFamily(averageSize: m, orthogonalOffset: 0, activation: activation,
                                                                coefficient: c, outgoingWeight: a, precision: p,
                                                                scalar: SectorForm.self)
        let atoms = try ExactSectorAtoms(activation: .standardErf, incoming: incoming, outgoing: out,
                                         definitions: Definitions())
        return (enclosed, exact, atoms)
    }

    /// Every atom's exact value lies in TeacherStudent's interval kernel value at the same
    /// point (erf of scales 1 and 3/7, sizes 1…3, c(l) = 1/sqrt(l(2l − 1))).
    func testAtomsAgreeWithTheIntervalKernel() throws {
        for activation in [Activation.standardErf, .erf(scale: Rational(3, 7))] {
            try atomsAgreeWithTheIntervalKernel(activation)
        }
    }

    func atomsAgreeWithTheIntervalKernel(_ activation: Activation) throws {
        let atoms = try ExactSectorAtoms(activation: activation, incoming: parse("1/sqrt(l*(2*l - 1))"),
                                         outgoing: parse("l"), definitions: Definitions())
        let kernel = activation.kernel(precision: p)
        func c(_ l: Int) throws -> Interval { try Interval(1, precision: p) / Interval(l * (2 * l - 1), precision: p).sqrt() }
        func q(_ l: Int) throws -> Interval { Interval(l, precision: p) * (try c(l)).squared }
        func parts(_ jet: KernelSecondOrder) -> [SectorAtom.KernelPart: Interval] {
            [.value: jet.first.value, .d1: jet.first.d1, .d2: jet.first.d2, .d12: jet.first.d12, .d11: jet.d11,
             .d22: jet.d22, .d1212: jet.d1212, .d1d2: jet.d1d2, .d1d12: jet.d1d12, .d2d12: jet.d2d12]
        }
        func check(_ atom: SectorAtom, _ reference: Interval) throws {
            let exact = try atoms.value(atom).enclosure(precision: 200)
            XCTAssertTrue(reference.overlaps(exact), "\(atom): exact \(exact) vs interval kernel \(reference)")
            XCTAssertTrue(reference.width.isAtMost(powerOfTwo: -100), "\(atom): reference too wide")
        }
        let one = Interval(1, precision: p), zero = Interval(0, precision: p)
        for l in 1...3 {
            try check(.coefficient(size: l), try c(l))
            try check(.outgoingWeight(size: l), Interval(l, precision: p))
            let diagonal = try kernel.diagonal(try q(l))
            try check(.diagonal(size: l, order: 0), diagonal.value)
            try check(.diagonal(size: l, order: 1), diagonal.derivative)
            try check(.diagonal(size: l, order: 2), diagonal.secondDerivative)
            for (part, reference) in parts(try kernel.secondOrder(try q(l), one, try c(l))) {
                try check(.teacher(size: l, own: true, part: part), reference)
            }
            for (part, reference) in parts(try kernel.secondOrder(try q(l), one, zero)) {
                try check(.teacher(size: l, own: false, part: part), reference)
            }
            for l2 in 1...3 {
                for (part, reference) in parts(try kernel.secondOrder(try q(l), try q(l2), zero)) {
                    try check(.pair(size: l, partnerSize: l2, part: part), reference)
                }
            }
        }
    }

    /// The exact forms evaluate (Calcium) inside the enclosures of the interval route, entry
    /// by entry, coefficient by coefficient (the check `refine` runs, here on its own).
    func testExactFormsLieInTheEnclosures() throws {
        let (enclosed, exact, atoms) = try family(m: 3, outgoing: "l")
        XCTAssertEqual(enclosed.sectors.map(\.identifier), exact.sectors.map(\.identifier))
        var checked = 0
        for (s, x) in zip(enclosed.sectors, exact.sectors) {
            for (rowS, rowX) in zip(s.block, x.block) {
                for (entry, form) in zip(rowS, rowX) {
                    XCTAssertFalse(form.isOpaque, "\(s.identifier): an opaque form")
                    for power in 0..<max(entry.coefficients.count, form.coefficients.count) {
                        let value = try atoms.value(of: form.coefficient(power)).enclosure(precision: 200)
                        XCTAssertTrue(entry.coefficient(power).overlaps(value),
                                      "\(s.identifier) n^\(power): \(value) vs \(entry.coefficient(power))")
                        checked += 1
                    }
                }
            }
        }
        XCTAssertGreaterThan(checked, 50)
    }

    /// At the critical point (a = l) the coefficients enclosing 0 that the review named —
    /// invariant (0,4), (1,5), (2,4) and exchange(1) (0,4), (1,4) — are proved exactly 0.
    func testCriticalPointZerosAreProvedExactly() throws {
        let (enclosed, exact, atoms) = try family(m: 2, outgoing: "l")
        var summary = ExactSectorZeros.Summary()
        var refined: [String: [[IntervalPolynomial]]] = [:]
        for (s, x) in zip(enclosed.sectors, exact.sectors) {
            refined[s.identifier] = try ExactSectorZeros.refine(block: s.block, exact: x.block, sector: s.identifier,
                                                                atoms: atoms, summary: &summary)
        }
        XCTAssertGreaterThan(summary.proved, 0)
        XCTAssertEqual(summary.undecided, [])
        XCTAssertEqual(summary.nonzero, 0, "at the critical point every coefficient enclosing 0 is exactly 0")
        // After the refinement no coefficient of any block encloses 0 unless it is the point 0.
        for (identifier, block) in refined {
            for row in block { for entry in row { for c in entry.coefficients {
                XCTAssertTrue(!c.containsZero || c.isPoint, "\(identifier): \(c) still encloses 0")
            } } }
        }
        for (sector, row, column) in [("invariant", 0, 4), ("invariant", 1, 5), ("invariant", 2, 4),
                                       ("exchange(1)", 0, 4), ("exchange(1)", 1, 4)] {
            let before = enclosed.sectors.first { $0.identifier == sector }!.block[row][column]
            XCTAssertTrue(before.coefficients.contains { $0.containsZero && !$0.isPoint },
                          "\(sector) (\(row), \(column)) had an enclosure of 0")
            let after = refined[sector]![row][column]
            XCTAssertTrue(after.coefficients.allSatisfy { !$0.containsZero || $0.isPoint })
        }
    }

    /// Off the critical point (a(ℓ) = 1.1ℓ) the criticality zeros are not zeros: Calcium
    /// proves them nonzero and they keep their enclosures; the erf kernel zeros (q12 = 0)
    /// are still proved.
    func testNonzeroCoefficientsAreNeverDeclaredZero() throws {
        let (enclosed, exact, atoms) = try family(m: 2, outgoing: "11/10*l")
        var summary = ExactSectorZeros.Summary()
        var refined: [String: [[IntervalPolynomial]]] = [:]
        for (s, x) in zip(enclosed.sectors, exact.sectors) {
            refined[s.identifier] = try ExactSectorZeros.refine(block: s.block, exact: x.block, sector: s.identifier,
                                                                atoms: atoms, summary: &summary)
        }
        // Every coefficient declared zero is one whose exact value is 0: check each against
        // a 1000-bit enclosure of its exact value independently of the zero test.
        for (s, x) in zip(enclosed.sectors, exact.sectors) {
            for (i, row) in refined[s.identifier]!.enumerated() {
                for (j, entry) in row.enumerated() {
                    for power in 0..<s.block[i][j].coefficients.count where entry.coefficient(power).isPoint
                        && entry.coefficient(power).containsZero && !s.block[i][j].coefficient(power).isPoint {
                        let value = try atoms.value(of: x.block[i][j].coefficient(power)).enclosure(precision: 1000)
                        XCTAssertTrue(value.containsZero, "\(s.identifier) (\(i),\(j)) n^\(power) zeroed but \(value)")
                    }
                }
            }
        }
        for (sector, row, column) in [("invariant", 0, 4), ("invariant", 1, 5), ("exchange(1)", 0, 4), ("exchange(1)", 1, 4)] {
            let after = refined[sector]![row][column]
            XCTAssertTrue(after.coefficients.contains { !$0.isPoint },
                          "\(sector) (\(row), \(column)) must keep nonzero coefficients off the critical point")
            XCTAssertTrue(after.coefficients.allSatisfy { !$0.containsZero || $0.isPoint },
                          "\(sector) (\(row), \(column)): off the critical point its coefficients exclude 0: \(after.coefficients)")
        }
        XCTAssertGreaterThan(summary.proved, 0, "the erf kernel zeros hold for any a")
    }

    /// No exact route for other kernels: the atoms refuse them.
    func testOtherKernelsHaveNoExactRoute() throws {
        for activation in [Activation.relu, .quadratic, .linear] {
            XCTAssertThrowsError(try ExactSectorAtoms(activation: activation, incoming: parse("1"), outgoing: parse("1"),
                                                      definitions: Definitions())) { error in
                XCTAssertTrue(error is ExactSectorAtoms.Unsupported, "\(activation): \(error)")
            }
        }
    }

    /// SectorForm arithmetic: exact cancellation, and an opaque constant poisons the result.
    func testSectorFormArithmetic() {
        let x = SectorForm.term(SectorTerm(value: Interval(0, precision: 64), integer: 3,
                                           atoms: [.coefficient(size: 2), .outgoingWeight(size: 1)]))
        let y = SectorForm.term(SectorTerm(value: Interval(0, precision: 64), integer: -3,
                                           atoms: [.outgoingWeight(size: 1), .coefficient(size: 2)]))
        let n = SectorForm.count(CountPolynomial.n, precision: 64)
        XCTAssertTrue((x + y).coefficients.isEmpty)
        XCTAssertTrue((x * n + y * n).coefficients.isEmpty)
        XCTAssertEqual((x * n - y * n).coefficients.count, 2)
        XCTAssertTrue((x * n * n).coefficient(0).isEmpty)
        XCTAssertEqual((x * x).coefficient(0)[[.coefficient(size: 2), .coefficient(size: 2), .outgoingWeight(size: 1),
                                                  .outgoingWeight(size: 1)].sorted()], Rational(9))
        let opaque = SectorForm.constant(Interval(1, precision: 64))
        XCTAssertTrue((x + opaque).isOpaque)
        XCTAssertTrue((opaque * x - x).isOpaque)
        XCTAssertTrue(SectorForm.term(SectorTerm(value: Interval(0, precision: 64), integer: 0,
                                                 atoms: [.coefficient(size: 1)])).coefficients.isEmpty)
    }
}
