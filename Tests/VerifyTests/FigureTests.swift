import XCTest
import Foundation
import CertifiedIntervals
@testable import ClaimDecisions
@testable import Reports
import TheoremFiles
import CheckerTestSupport

/// `[[report.figure]]`: plots of closed forms (each point a certified enclosure, checked
/// against values computed by hand) and Morse-index grids (from the report's indices).
final class FigureTests: XCTestCase {
    static let header = "[theorem]\ntitle = \"t\"\nsource = \"tests\"\n\n[setting]\nactivation = \"erf\"\n\n"
        + "[definitions]\n\"f(l)\" = \"sqrt(l) + l^2/3\"\n\n"
        + "[[claim]]\nname = \"one\"\nkind = \"equality\"\nholds = \"1 = 1\"\n\n"

    /// (x, lower, upper) triples of the band: its first half (lower ends, left to right).
    func bandPoints(_ latex: String) throws -> [(Double, Double)] {
        let line = try XCTUnwrap(latex.split(separator: "\n").first { $0.hasPrefix("\\addplot[fill") })
        let inner = line.drop { $0 != "{" }.dropFirst().prefix { $0 != "}" }
        return inner.split(separator: " ").map { pair in
            let numbers = pair.trimmingCharacters(in: ["(", ")"]).split(separator: ",").map { Double($0)! }
            return (numbers[0], numbers[1])
        }
    }

    func testPlotPointsAreEnclosuresOfTheClosedForm() throws {
        // f(l) = sqrt(l) + l²/3 at l = -1 (undefined), 0, 1, 2, 3: 0, 4/3, √2 + 4/3, √3 + 3.
        let file = try Theorems.parse(Self.header + """
        [[report.figure]]
        plot     = "f(l)"
        variable = "l"
        from     = "-1"
        to       = "3"
        points   = 5
        """)
        let figures = FigureBuilder.figures(file, report: try Theorems.run(Self.header))
        XCTAssertEqual(figures.count, 1)
        let latex = figures[0].latex
        XCTAssertTrue(latex.contains("not defined at $l = -1$"), latex)
        XCTAssertTrue(latex.contains("\\label{fig:f}"), latex)
        let band = try bandPoints(latex)
        // 4 points forward (lower ends) then 4 backward (upper ends).
        XCTAssertEqual(band.count, 8)
        let expected: [Double] = [0, 4.0 / 3, 2.0.squareRoot() + 4.0 / 3, 3.0.squareRoot() + 3]
        for (i, value) in expected.enumerated() {
            let lower = band[i], upper = band[7 - i]
            XCTAssertEqual(lower.0, Double(i)); XCTAssertEqual(upper.0, Double(i))
            XCTAssertLessThanOrEqual(lower.1, upper.1)
            // Within a few ulps of the float64 reference on either side.
            XCTAssertEqual(lower.1, value, accuracy: 1e-14 * max(1, value))
            XCTAssertEqual(upper.1, value, accuracy: 1e-14 * max(1, value))
        }
        // The exactly representable values are enclosed exactly by doubles: 0 and 4/3's ends straddle it.
        XCTAssertEqual(band[0].1, 0); XCTAssertEqual(band[7].1, 0)
        XCTAssertLessThan(band[1].1, 4.0 / 3 + 1e-15); XCTAssertGreaterThanOrEqual(band[6].1, band[1].1)
    }

    func testMorseGridFromTheReport() {
        var claim = ClaimReport(name: "m", kind: "hessian", statement: "indices", activation: "erf", verdict: .verified,
                                tolerance: "1e-30", seconds: 0, precision: 128, worstBound: nil, instances: [])
        for (k, n, index) in [(3, 2, 1), (3, 2, 0), (2, 1, 0), (3, 2, 1)] {
            var instance = InstanceReport(parameters: ParameterValues([("k", k), ("n", n)]), verdict: .verified,
                                          precision: 128, seconds: 0)
            instance.morseIndex = index
            claim.instances.append(instance)
        }
        let latex = LatexFigure.morseGrid(claim, x: "k", y: "n", caption: nil, label: "fig:m").latex
        XCTAssertTrue(latex.contains("coordinates {(2,1) [{0}] (3,2) [{0,1}]};"), latex)
        XCTAssertTrue(latex.contains("xmin=1, xmax=4"), latex)
        XCTAssertTrue(latex.contains("Indices. The Morse index"), latex)
    }

    func testFigureErrors() {
        let cases: [(String, String, String)] = [
            ("[[report.figure]]\nplot = \"f(l)\"\nvariable = \"l\"\nfrom = \"2\"\nto = \"1\"\n", "report.figure[1].to",
             "expected 'to' above 'from'"),
            ("[[report.figure]]\nplot = \"g(l)\"\nvariable = \"l\"\nfrom = \"0\"\nto = \"1\"\n", "report.figure[1].plot", "'g'"),
            ("[[report.figure]]\nplot = \"f(l)\"\nvariable = \"l\"\nfrom = \"0\"\nto = \"1\"\npoints = 1000\n",
             "report.figure[1].points", "between 2 and 200"),
            ("[[report.figure]]\nmorse-index = \"one\"\nx = \"k\"\ny = \"n\"\n", "report.figure[1].morse-index",
             "'one' is not a hessian claim"),
            ("[[report.figure]]\ncaption = \"c\"\n", "report.figure[1]", "either 'plot'"),
            ("[[report.figure]]\nplot = \"f(l)\"\nvariable = \"l\"\nfrom = \"0\"\nto = \"1\"\nx = \"k\"\n",
             "report.figure[1].x", "belongs to a morse-index figure"),
            ("[[report.figure]]\nplot = \"f(l)\"\nvariable = \"l\"\nfrom = \"0\"\nto = \"1\"\ncolour = \"red\"\n",
             "report.figure[1].colour", "unknown key 'colour'"),
        ]
        for (body, keyPath, message) in cases {
            do {
                _ = try Theorems.parse(Self.header + body)
                XCTFail("accepted: \(body)")
            } catch let error as TheoremFileError {
                XCTAssertEqual(error.keyPath, keyPath, "\(error)")
                XCTAssertTrue(error.message.contains(message), "\(error)")
            } catch {
                XCTFail("\(error)")
            }
        }
    }
}
