import XCTest
import CertifiedIntervals
import ClosedForms
import TeacherStudent
import CheckerTestSupport
@testable import SymmetryReduction

/// The symbolic kernel forms against TeacherStudent's interval kernels (separately
/// written), at random points; the reduction's refusal of closed forms that read other
/// variables; capture-avoiding substitution.
final class KernelFormsTests: XCTestCase {
    let p = 160
    let activations: [Activation] = [.standardErf, .erf(scale: Rational(3, 7)), .relu, .quadratic, .linear]

    func number(_ r: Rational) -> ClosedForms.Expression {
        r.signum < 0 ? .init(.negate(.init(.number(r.magnitude), column: 0)), column: 0) : .init(.number(r), column: 0)
    }

    func value(_ e: ClosedForms.Expression) throws -> Interval { try e.enclosure(in: Environment(), precision: p) }

    func assertClose(_ a: Interval, _ b: Interval, _ what: String) {
        XCTAssertTrue(a.overlaps(b), "\(what): symbolic \(a) vs kernel \(b)")
        XCTAssertTrue(a.width.isAtMost(powerOfTwo: -100), "\(what): too wide \(a)")
    }

    func testGeneralOrthogonalAndDiagonalFormsMatchTheIntervalKernels() throws {
        var random = SplitMix64(state: 42)
        for activation in activations {
            let kernel = activation.kernel(precision: p), symbolic = SymbolicKernel(activation)
            for _ in 0..<8 {
                let q1 = random.rational(bound: 3, maxDenominator: 7).magnitude + Rational(1, 10)
                let q2 = random.rational(bound: 3, maxDenominator: 7).magnitude + Rational(1, 10)
                // |q12| < sqrt(q1 q2): take q12 = t·min(q1, q2) with |t| < 1.
                let t = random.rational(bound: 1, maxDenominator: 9) * Rational(9, 10)
                let q12 = t * (q1 < q2 ? q1 : q2)
                let (x, y, z) = (number(q1), number(q2), number(q12))
                let reference = try kernel.firstOrder(Interval(q1, precision: p), Interval(q2, precision: p),
                                                      Interval(q12, precision: p))
                let label = "\(activation) at (\(q1), \(q2), \(q12))"
                assertClose(try value(symbolic.general(.value, x, y, z)), reference.value, label + " κ")
                assertClose(try value(symbolic.general(.d1, x, y, z)), reference.d1, label + " ∂1")
                assertClose(try value(symbolic.general(.d12, x, y, z)), reference.d12, label + " ∂12")
                let orthogonal = try kernel.firstOrder(Interval(q1, precision: p), Interval(q2, precision: p),
                                                       Interval(0, precision: p))
                assertClose(try value(symbolic.orthogonal(.value, x, y)), orthogonal.value, label + " κ(·,·,0)")
                assertClose(try value(symbolic.orthogonal(.d1, x, y)), orthogonal.d1, label + " ∂1(·,·,0)")
                assertClose(try value(symbolic.orthogonal(.d12, x, y)), orthogonal.d12, label + " ∂12(·,·,0)")
                let diagonal = try kernel.diagonal(Interval(q1, precision: p))
                assertClose(try value(symbolic.diagonal(x, derivative: false)), diagonal.value, label + " h")
                assertClose(try value(symbolic.diagonal(x, derivative: true)), diagonal.derivative, label + " h'")
            }
        }
    }

    /// The aligned point (l c², 1, c) for l = 1…6 and a positive rational c, including
    /// the ReLU point w ∥ v at l = 1.
    func testAlignedFormsMatchTheIntervalKernels() throws {
        for activation in activations {
            let kernel = activation.kernel(precision: p), symbolic = SymbolicKernel(activation)
            for l in 1...6 {
                for c in [Rational(1, 3), Rational(5, 4)] {
                    let q = Rational(l) * c * c
                    let reference = try kernel.firstOrder(Interval(q, precision: p), Interval(1, precision: p),
                                                          Interval(c, precision: p))
                    let (size, coefficient) = (number(Rational(l)), number(c))
                    let label = "\(activation) aligned l=\(l) c=\(c)"
                    assertClose(try value(symbolic.aligned(.value, size: size, coefficient: coefficient)),
                                reference.value, label + " κ")
                    assertClose(try value(symbolic.aligned(.d1, size: size, coefficient: coefficient)),
                                reference.d1, label + " ∂1")
                    assertClose(try value(symbolic.aligned(.d12, size: size, coefficient: coefficient)),
                                reference.d12, label + " ∂12")
                }
            }
        }
    }

    /// A ReLU family whose c(l) is not positive somewhere: the aligned forms' assumption
    /// is refused at that size instead of giving a value.
    func testReLUAssumptionIsCheckedAtEvaluation() throws {
        let reduction = try CopyAverageReduction(activation: .relu, incoming: ExpressionParser.parse("2 - l"),
                                                 outgoing: ExpressionParser.parse("1"), definitions: Definitions())
        XCTAssertEqual(reduction.assumptions.count, 1)
        XCTAssertNoThrow(try reduction.enclosure(.aGradientOwn, l: 1, precision: p))
        XCTAssertThrowsError(try reduction.enclosure(.aGradientOwn, l: 3, precision: p)) { error in
            XCTAssertTrue("\(error)".contains("not certified at l = 3"), "\(error)")
        }
        XCTAssertThrowsError(try reduction.enclosure(.lossOwn, l: 3, precision: p))
        // The two-size quantities use the orthogonal forms only, which assume nothing.
        XCTAssertTrue(reduction.assumptions(for: .wGradientOtherGroup).isEmpty)
        XCTAssertNoThrow(try reduction.enclosure(.wGradientOtherGroup, l: 1, lp: 3, precision: p))
        let erf = try CopyAverageReduction(activation: .standardErf, incoming: ExpressionParser.parse("2 - l"),
                                           outgoing: ExpressionParser.parse("1"), definitions: Definitions())
        XCTAssertEqual(erf.assumptions.count, 1)
        XCTAssertThrowsError(try erf.enclosure(.wGradientOwn, l: 2, precision: p))
        let quadratic = try CopyAverageReduction(activation: .quadratic, incoming: ExpressionParser.parse("2 - l"),
                                                 outgoing: ExpressionParser.parse("1"), definitions: Definitions())
        XCTAssertTrue(quadratic.assumptions.isEmpty)
        XCTAssertNoThrow(try quadratic.enclosure(.wGradientOwn, l: 2, precision: p))
    }

    func testClosedFormsThatReadOtherVariablesAreRefused() throws {
        var definitions = Definitions()
        try definitions.add(Definition(name: "c", parameters: ["x"], parsing: "1/sqrt(x*(2*x - 1))"))
        try definitions.add(Definition(name: "leaky", parameters: ["x"], parsing: "x/k"))
        try definitions.add(Definition(name: "outer", parameters: ["x"], parsing: "leaky(x) + 1"))
        XCTAssertNoThrow(try CopyAverageReduction(activation: .standardErf, incoming: ExpressionParser.parse("c(l)"),
                                                  outgoing: ExpressionParser.parse("l"), definitions: definitions))
        for (incoming, expected) in [("l/k", "unknown variable 'k'"), ("outer(l)", "'leaky'"), ("nope(l)", "group size l alone")] {
            XCTAssertThrowsError(try CopyAverageReduction(activation: .standardErf,
                                                          incoming: ExpressionParser.parse(incoming),
                                                          outgoing: ExpressionParser.parse("l"),
                                                          definitions: definitions), incoming) { error in
                XCTAssertTrue("\(error)".contains(expected), "\(incoming): \(error)")
            }
        }
    }

    /// c(lp) is c(l) with l renamed, also through definitions and sums; a sum variable
    /// named lp is renamed instead of capturing.
    func testSubstitutionIsCaptureAvoiding() throws {
        let e = try ExpressionParser.parse("l + sum(lp, 1, l, lp*l) + sum(l, 1, 3, l)")
        let substituted = e.substituting("l", with: .init(.variable("lp"), column: 0))
        let environment = Environment(variables: ["lp": .exact(Rational(4)), "l": .exact(Rational(100))])
        // 4 + Σ_{j=1..4} 4j + Σ_{l=1..3} l = 4 + 40 + 6.
        XCTAssertEqual(try substituted.exactValue(in: environment), Rational(50))
        XCTAssertFalse(substituted.freeVariables.contains("l"))
    }
}

/// The hand-written partials against the symbolic derivative of the kernel's value
/// (ClosedForms' differentiation, a separate computation), at random interior points.
final class KernelPartialsBySymbolicDerivativeTests: XCTestCase {
    func testPartialsEqualDerivativesOfTheValue() throws {
        let p = 160
        var random = SplitMix64(state: 7)
        let v = { (name: String) in ClosedForms.Expression(.variable(name), column: 0) }
        for activation in [Activation.standardErf, .erf(scale: Rational(5, 2)), .relu, .quadratic, .linear] {
            let kernel = SymbolicKernel(activation)
            let value = kernel.general(.value, v("q1"), v("q2"), v("q12"))
            let byQ1 = try value.derivative(withRespectTo: "q1", definitions: Definitions())
            let byQ12 = try value.derivative(withRespectTo: "q12", definitions: Definitions())
            let d1 = kernel.general(.d1, v("q1"), v("q2"), v("q12"))
            let d12 = kernel.general(.d12, v("q1"), v("q2"), v("q12"))
            for _ in 0..<6 {
                let q1 = random.rational(bound: 2, maxDenominator: 5).magnitude + Rational(1, 5)
                let q2 = random.rational(bound: 2, maxDenominator: 5).magnitude + Rational(1, 5)
                let q12 = random.rational(bound: 1, maxDenominator: 7) * Rational(4, 5) * (q1 < q2 ? q1 : q2)
                let environment = Environment(variables: ["q1": .exact(q1), "q2": .exact(q2), "q12": .exact(q12)])
                let pairs = [(d1, byQ1, "∂1"), (d12, byQ12, "∂12")]
                for (hand, symbolic, name) in pairs {
                    let a = try hand.enclosure(in: environment, precision: p)
                    let b = try symbolic.enclosure(in: environment, precision: p)
                    XCTAssertTrue(a.overlaps(b), "\(activation) \(name) at (\(q1), \(q2), \(q12)): \(a) vs \(b)")
                    XCTAssertTrue(a.width.isAtMost(powerOfTwo: -100))
                }
            }
        }
    }
}
