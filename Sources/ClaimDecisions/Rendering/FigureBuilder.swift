import Foundation
import CertifiedIntervals
import ClosedForms
import TheoremFiles
import Reports

/// `[[report.figure]]` → pgfplots figures. A plot evaluates its closed form at exact,
/// equally spaced points, each to a certified enclosure whose ends are rounded outward
/// to doubles (lower down, upper up) for pgfplots; a point where the expression is not
/// defined is left out and named in the caption. A Morse-index grid is drawn from the
/// report's certified indices.
public enum FigureBuilder {
    /// The precision of a plot's evaluations (far beyond what a drawing shows).
    static let plotPrecision = 128

    public static func figures(_ file: TheoremFile, report: TheoremReport) -> [LatexFigure] {
        var figures: [LatexFigure] = []
        var labels = Set<String>()
        for (index, request) in file.figures.enumerated() {
            var label = request.label ?? "fig:\(index + 1)"
            if request.label == nil, let name = defaultName(request.kind) {
                label = "fig:" + name.map { $0.isLetter || $0.isNumber || $0 == "-" ? $0 : "-" }
            }
            while !labels.insert(label).inserted { label += "-\(index + 1)" }
            switch request.kind {
            case let .plot(expression, _, variable, from, to, points):
                figures.append(plot(expression, variable: variable, from: from, to: to, points: points,
                                    definitions: file.definitions, caption: request.caption, label: label))
            case let .morseGrid(claimName, x, y):
                guard let claim = report.claims.first(where: { $0.name == claimName }) else { continue }
                figures.append(LatexFigure.morseGrid(claim, x: x, y: y, caption: request.caption, label: label))
            }
        }
        return figures
    }

    static func defaultName(_ kind: FigureRequest.Kind) -> String? {
        switch kind {
        case .plot(_, let text, _, _, _, _): return String(text.prefix(while: { $0.isLetter || $0.isNumber }))
        case .morseGrid(let claim, _, _): return claim
        }
    }

    static func plot(_ expression: ClosedForms.Expression, variable: String, from: Rational, to: Rational, points: Int,
                     definitions: Definitions, caption: String?, label: String) -> LatexFigure {
        var plotted: [LatexFigure.PlotPoint] = []
        var undefined: [String] = []
        var widest: Double = 0
        let step = (try? Rational.dividing(to - from, by: Rational(points - 1))) ?? Rational(0)
        for i in 0..<points {
            let x = from + step * Rational(i)
            var environment = Environment(definitions: definitions)
            environment.variables[variable] = .exact(x)
            let xText = String(format: "%.10g", x.doubleValue)
            do {
                let value = try expression.evaluate(in: environment, precision: plotPrecision).asInterval(precision: plotPrecision)
                let lower = value.lowerBoundAsDouble, upper = value.upperBoundAsDouble
                guard lower.isFinite, upper.isFinite else { undefined.append(xText); continue }
                // The drawn band's width, rounded up (interval subtraction).
                widest = max(widest, (Interval(upper, precision: 64) - Interval(lower, precision: 64)).upperBoundAsDouble)
                plotted.append(.init(x: xText, lower: String(format: "%.17g", lower), upper: String(format: "%.17g", upper)))
            } catch {
                undefined.append(xText)
            }
        }
        // The widest drawn (double-rounded) band, rounded up: it contains the certified
        // enclosure, so this bounds the enclosures' widths too; stated in the caption.
        let widestText = widest > 0 ? Interval(widest, precision: 64).magnitude.upperDecimal(digits: 2) : nil
        return LatexFigure.plot(expressionLatex: expression.latex(), variable: variable, points: plotted,
                                undefined: undefined, widest: widestText, caption: caption, label: label)
    }
}
