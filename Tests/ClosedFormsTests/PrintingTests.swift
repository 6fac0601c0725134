import XCTest
import CertifiedIntervals
@testable import ClosedForms

final class PrintingTests: XCTestCase {

    // MARK: LaTeX, against strings written by hand

    func testLaTeX() {
        let cases: [(String, String)] = [
            ("l/3 - 2*l^2/pi*asin(1/(2*l))",
             #"\frac{l}{3} - \frac{2 l^{2}}{\pi} \arcsin\left(\frac{1}{2 l}\right)"#),
            ("1/sqrt(l*(2*l - 1))", #"\frac{1}{\sqrt{l \left(2 l - 1\right)}}"#),
            ("2*3", #"2 \cdot 3"#),
            ("x*2", #"x \cdot 2"#),
            ("2*(1/3)", #"2 \cdot \frac{1}{3}"#),
            ("-2^2", #"-2^{2}"#),
            ("(-2)^2", #"\left(-2\right)^{2}"#),
            ("(2^3)^2", #"\left(2^{3}\right)^{2}"#),
            ("2^3^2", #"2^{3^{2}}"#),
            ("(a + b)/(a*b)", #"\frac{a + b}{a b}"#),
            ("(a + b)^(1/2)", #"\left(a + b\right)^{\frac{1}{2}}"#),
            ("a - (b - c)", #"a - \left(b - c\right)"#),
            ("a + (b - c)", #"a + b - c"#),
            ("a*-b", #"a \left(-b\right)"#),
            ("a - -b", #"a - \left(-b\right)"#),
            ("-(a + b)", #"-\left(a + b\right)"#),
            ("abs(x - y)/2", #"\frac{\left|x - y\right|}{2}"#),
            ("exp(-x^2/2)", #"\exp\left(\frac{-x^{2}}{2}\right)"#),
            ("erf(x) + acos(x) + atan(x) + log(x) + sin(x)*cos(x)",
             #"\operatorname{erf}\left(x\right) + \arccos\left(x\right) + \arctan\left(x\right) + \log\left(x\right) + \sin\left(x\right) \cos\left(x\right)"#),
            ("min(a, b, 1)", #"\min\left(a, b, 1\right)"#),
            ("e^x*pi", #"e^{x} \pi"#),
            ("1e-60*x + 6.02e23 + 0.25", #"10^{-60} x + 6.02 \cdot 10^{23} + 0.25"#),
            ("x_1 + alpha*groups + L_star", #"x_{1} + \alpha \mathit{groups} + L_{\mathrm{star}}"#),
            ("sum(j, 1, n, 1/j^2)", #"\sum_{j=1}^{n} \frac{1}{j^{2}}"#),
            ("sum(j, 1, n, 1/j^2) + 1", #"\left(\sum_{j=1}^{n} \frac{1}{j^{2}}\right) + 1"#),
            ("1 + 2*sum(j, 1, n, j)", #"1 + 2 \sum_{j=1}^{n} j"#),
            ("2*sum(j, 1, n, j) - 1", #"\left(2 \sum_{j=1}^{n} j\right) - 1"#),
            ("sum(j, 0, n, j + 1)", #"\sum_{j=0}^{n} \left(j + 1\right)"#),
            ("prod(g^2 for g in groups)", #"\prod_{g \in \mathit{groups}} g^{2}"#),
            ("Lstar(l)^2*e", #"L^{*}\left(l\right)^{2} e"#),
            ("my_fun(l, 2)", #"\mathrm{my\_fun}\left(l, 2\right)"#),
        ]
        for (text, expected) in cases {
            XCTAssertEqual(parse(text).latex(definitionNames: ["Lstar": "L^{*}"]), expected, text)
        }
    }

    // MARK: Canonical text

    func testDescriptionIsCanonical() {
        let cases: [(String, String)] = [
            ("l/3-2*l^2/pi*asin(1/(2*l))", "l/3 - 2*l^2/pi*asin(1/(2*l))"),
            ("2^(3^2)", "2^3^2"),
            ("(2^3)^2", "(2^3)^2"),
            ("(-2)^2", "(-2)^2"),
            ("-(2^2)", "-2^2"),
            ("2^(-1)", "2^-1"),
            ("a - (b - c)", "a - (b - c)"),
            ("(a - b) - c", "a - b - c"),
            ("a + (b + c)", "a + (b + c)"),
            ("a/(b*c)", "a/(b*c)"),
            ("(a*b)/c", "a*b/c"),
            ("-(-a)", "-(-a)"),
            ("+a", "a"),
            ("-(a*b)", "-(a*b)"),
            ("(-a)*b", "-a*b"),
            ("0.10", "0.1"),
            ("1e-60", "1e-60"),
            ("6.02E+23", "6.02e23"),
            ("1000000", "1000000"),
            ("1e7", "1e7"),
            ("0.000001", "0.000001"),
            ("0.0000001", "1e-7"),
            ("12.5e-1", "1.25"),
            ("007", "7"),
            ("sum(j,1,n,j^2)", "sum(j, 1, n, j^2)"),
            ("prod( g+1 for g in groups )", "prod(g + 1 for g in groups)"),
            ("max(a,b)", "max(a, b)"),
        ]
        for (text, expected) in cases {
            XCTAssertEqual(parse(text).description, expected, text)
        }
    }

    func testDescriptionRoundTripsToTheSameTreeAndValue() throws {
        let env = Environment(variables: ["l": .exact(q("5/2")), "n": .exact(7), "groups": .list([1, 4])],
                              definitions: definitions(["F(a, b) = a^b - b"]))
        for text in [
            "l/3 - 2*l^2/pi*asin(1/(2*l))", "-2^-2^-1", "(1 - l)^3/(l - 2)^-2", "--l", "-(-l)^2",
            "sum(j, 1, n, 1/(j*(j + 1))) - F(l, 2)", "prod(g + l for g in groups)/3", "1e-60*0.5 - 6.02e23",
            "abs(l - 3)*min(l, 2, -l)", "2^3^2 - (2^3)^2",
        ] {
            let e = parse(text)
            let again = parse(e.description)
            XCTAssertEqual(again, e, "\(text) → \(e.description)")
            XCTAssertEqual(again.description, e.description)
            if let exact = try e.exactValue(in: env) {
                XCTAssertEqual(try again.exactValue(in: env), exact, text)
            } else {
                let a = try e.enclosure(in: env, precision: 128), b = try again.enclosure(in: env, precision: 128)
                XCTAssertTrue(a.contains(b) && b.contains(a), text)
            }
        }
    }

    func testHandBuiltLiteralsPrintAsTheirValue() throws {
        let third = Expression(.number(q("1/3")), column: 1)
        let minusHalf = Expression(.number(q("-1/2")), column: 1)
        let x = Expression(.variable("x"), column: 1)
        let power = Expression(.binary(.power, x, third), column: 1)
        XCTAssertEqual(power.description, "x^(1/3)")
        XCTAssertEqual(Expression(.binary(.power, minusHalf, third), column: 1).description, "(-0.5)^(1/3)")
        XCTAssertEqual(Expression(.binary(.divide, x, third), column: 1).description, "x/(1/3)")
        XCTAssertEqual(power.latex(), #"x^{\frac{1}{3}}"#)
        let env = Environment(variables: ["x": .exact(9)])
        XCTAssertEqual(try parse(Expression(.binary(.divide, x, third), column: 1).description).exactValue(in: env), 27)
    }
}
