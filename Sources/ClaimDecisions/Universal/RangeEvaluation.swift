import CertifiedIntervals
import ClosedForms
import TheoremFiles

/// Evaluates the ranges that are not finite lists at one instance of the finite
/// parameters: exact rational ends, and for an irrational end (`pi`) a rational
/// enclosure from outside (`provedOver`) and from inside (`certainlyInside`).
///
/// Errors are errors of the file (exit 65) at the range's key path: an end that cannot
/// be evaluated or is not finite, an integer bound that is not an exact integer, an
/// empty range.
enum RangeEvaluation {
    /// The precision, in bits, of the enclosure of an irrational end.
    static let irrationalEndPrecision = 256
    /// The significant digits of the rational ends that enclose an irrational end.
    static let irrationalEndDigits = 30

    static func evaluate(_ range: ParameterRange, in environment: Environment, file: TheoremFile,
                         at instance: ParameterInstance) throws -> EvaluatedRange {
        let at = instance.values.isEmpty ? "" : " at " + instance.values.map { "\($0.name)=\($0.value)" }
            .joined(separator: " ")
        switch range.domain {
        case .integers(let lower, let upper):
            // Not quantified (expanded into instances); evaluated here only for restrictions.
            let a = try ParameterInstances.integer(lower, in: environment, range: range, file: file, which: "lower")
            let b = try ParameterInstances.integer(upper, in: environment, range: range, file: file, which: "upper")
            let interval = RealInterval.integers(from: a, through: b)
            return EvaluatedRange(name: range.name, range: range, provedOver: interval, certainlyInside: interval,
                                  lowerText: "\(a)", upperText: "\(b)")
        case .integersFrom(let lower):
            let a = try ParameterInstances.integer(lower, in: environment, range: range, file: file, which: "lower")
            let interval = RealInterval.integers(from: a)
            return EvaluatedRange(name: range.name, range: range, provedOver: interval, certainlyInside: interval,
                                  lowerText: "\(a)", upperText: nil)
        case .reals(let lower, let upper):
            let a = try end(lower, isLower: true, environment, range, file)
            let b = try end(upper, isLower: false, environment, range, file)
            let outer = RealInterval(lower: a?.outer ?? .infinite, upper: b?.outer ?? .infinite)
            let inner = RealInterval(lower: a?.inner ?? .infinite, upper: b?.inner ?? .infinite)
            if outer.isEmpty {
                throw file.error(at: range.keyPath, "the interval \"\(range.text)\" is empty\(at)"
                                 + emptiness(a?.text, b?.text, lower, upper))
            }
            if inner.isEmpty {
                throw file.error(at: range.keyPath, "cannot decide whether the interval \"\(range.text)\" is empty\(at): "
                                 + "its ends are irrational and too close to separate; write rational ends")
            }
            var evaluated = EvaluatedRange(name: range.name, range: range, provedOver: outer, certainlyInside: inner,
                                           lowerText: a?.text, upperText: b?.text)
            if evaluated.isEnlarged {
                let left = a.map { ($0.outer.isClosed ? "[" : "(") + $0.outerText } ?? "(-∞"
                let right = b.map { $0.outerText + ($0.outer.isClosed ? "]" : ")") } ?? "∞)"
                evaluated.provedOverText = left + ", " + right
            }
            return evaluated
        }
    }

    static func emptiness(_ a: String?, _ b: String?, _ lower: RangeEnd, _ upper: RangeEnd) -> String {
        guard let a, let b else { return "" }
        if a == b { return " (the ends are both \(a) and one is excluded)" }
        return " (its lower end \(a) is above its upper end \(b))"
    }

    /// An evaluated finite end: the exact end when rational; else rational ends from
    /// outside and inside (the irrational value is never one of them).
    struct End {
        var outer: RealInterval.End
        var inner: RealInterval.End
        var text: String
        /// The outer end in decimal (the text of `outer`).
        var outerText: String
    }

    static func end(_ end: RangeEnd, isLower: Bool, _ environment: Environment, _ range: ParameterRange,
                    _ file: TheoremFile) throws -> End? {
        guard case .finite(let expression, let closed) = end else { return nil }
        let which = isLower ? "lower" : "upper"
        do {
            if let exact = try expression.exactValue(in: environment) {
                return End(outer: .finite(exact, closed: closed), inner: .finite(exact, closed: closed),
                           text: exact.description, outerText: exact.description)
            }
            let enclosure = try expression.enclosure(in: environment, precision: irrationalEndPrecision)
            let belowText = enclosure.lowerDecimal(digits: irrationalEndDigits)
            let aboveText = enclosure.upperDecimal(digits: irrationalEndDigits)
            guard enclosure.isFinite, let below = Rational(exactly: belowText), let above = Rational(exactly: aboveText),
                  below < above else {
                throw file.error(at: range.keyPath, "the \(which) end of \"\(range.text)\" is not a finite number "
                                 + "(enclosure \(enclosure.description(digits: 10)))")
            }
            // The irrational value lies strictly between `below` and `above`: outside it,
            // the end moves away from the interval; inside it, towards it.
            let text = symbolText(expression)
            return isLower
                ? End(outer: .finite(below, closed: true), inner: .finite(above, closed: true), text: text,
                      outerText: belowText)
                : End(outer: .finite(above, closed: true), inner: .finite(below, closed: true), text: text,
                      outerText: aboveText)
        } catch let error as TheoremFileError {
            throw error
        } catch let error as WorkBudgetExceeded {
            throw file.error(at: range.keyPath, "evaluating the ends of the ranges passes the work budget "
                             + "(\(error)); raise it with --work-budget UNITS")
        } catch {
            throw file.error(at: range.keyPath, "the \(which) end of \"\(range.text)\" cannot be evaluated: \(error)")
        }
    }

    /// An expression as printed in reports: `pi` as π.
    static func symbolText(_ expression: ClosedForms.Expression) -> String {
        expression.description.replacingOccurrences(of: "pi", with: "π")
    }

    /// Whether the claim's range `inner` certainly lies within the file's range `outer`
    /// (a claim's `for` restricts a parameter of the file, it cannot extend it): the
    /// claim's `provedOver` within the file's `certainlyInside`, and an integer range
    /// only within an integer range or an interval.
    static func isWithin(_ claimRange: EvaluatedRange, _ fileRange: EvaluatedRange) -> Bool {
        if fileRange.integersOnly && !claimRange.integersOnly { return false }
        let inner = claimRange.provedOver, outer = fileRange.certainlyInside
        return endIsWithin(inner.lower, outer.lower, isLower: true, integers: claimRange.integersOnly)
            && endIsWithin(inner.upper, outer.upper, isLower: false, integers: claimRange.integersOnly)
    }

    static func endIsWithin(_ inner: RealInterval.End, _ outer: RealInterval.End, isLower: Bool, integers: Bool) -> Bool {
        guard case .finite(let b, let outerClosed) = outer else { return true }
        guard case .finite(let a, let innerClosed) = inner else { return false }
        if a == b { return outerClosed || !innerClosed || integers && !a.isInteger }
        return isLower ? a > b : a < b
    }
}

extension EvaluatedRange {
    /// The range in interval notation with the ends as at this instance: `[2, ∞)`,
    /// `(0, π]`, `{2, 3, …}`.
    var notation: String {
        if integersOnly {
            let a = lowerText ?? "…"
            if let b = upperText { return "{\(a), …, \(b)}" }
            return "{\(a), \(successor(a)), …}"
        }
        let left = lowerText.map { (range.lowerClosed ? "[" : "(") + $0 } ?? "(-∞"
        let right = upperText.map { $0 + (range.upperClosed ? "]" : ")") } ?? "∞)"
        return left + ", " + right
    }

    /// The interval actually used, when larger than the range written, in decimal.
    var provedOverNotation: String { provedOverText ?? provedOver.description }

    /// "real l ≥ 2", "integers k ≥ 7", "real x in [0, π]", "real x".
    var phrase: String {
        if integersOnly {
            let a = lowerText ?? "?"
            if let b = upperText { return "integers \(name) with \(a) ≤ \(name) ≤ \(b)" }
            return "integers \(name) ≥ \(a)"
        }
        switch (lowerText, upperText) {
        case (nil, nil): return "real \(name)"
        case (let a?, nil): return "real \(name) \(range.lowerClosed ? "≥" : ">") \(a)"
        case (nil, let b?): return "real \(name) \(range.upperClosed ? "≤" : "<") \(b)"
        case (_?, _?): return "real \(name) in \(notation)"
        }
    }

    private func successor(_ a: String) -> String {
        if let value = Int(a) { return String(value + 1) }
        return "\(a) + 1"
    }
}

extension ParameterRange {
    var lowerClosed: Bool {
        if case .reals(.finite(_, let closed), _) = domain { return closed }
        return true
    }

    var upperClosed: Bool {
        if case .reals(_, .finite(_, let closed)) = domain { return closed }
        return true
    }

    /// The range as written, in interval notation (ends not evaluated): `[2, ∞)`,
    /// `[0, π]`, `{2, 3, …}`, `{1, …, k - 1}`.
    var notation: String {
        switch domain {
        case .integers(let lower, let upper):
            return "{\(RangeEvaluation.symbolText(lower)), …, \(RangeEvaluation.symbolText(upper))}"
        case .integersFrom(let lower):
            if let value = lower.literalInteger { return "{\(value), \(value + 1), …}" }
            return "{\(RangeEvaluation.symbolText(lower)), \(RangeEvaluation.symbolText(lower)) + 1, …}"
        case .reals(let lower, let upper):
            let left: String, right: String
            switch lower {
            case .infinite: left = "(-∞"
            case .finite(let e, let closed): left = (closed ? "[" : "(") + RangeEvaluation.symbolText(e)
            }
            switch upper {
            case .infinite: right = "∞)"
            case .finite(let e, let closed): right = RangeEvaluation.symbolText(e) + (closed ? "]" : ")")
            }
            return left + ", " + right
        }
    }

    /// The quantifier phrase as written: "real l ≥ 2", "integers k ≥ 7", "real x in [0, π]".
    var phrase: String {
        switch domain {
        case .integers(let lower, let upper):
            return "integers \(name) with \(RangeEvaluation.symbolText(lower)) ≤ \(name) ≤ \(RangeEvaluation.symbolText(upper))"
        case .integersFrom(let lower):
            return "integers \(name) ≥ \(RangeEvaluation.symbolText(lower))"
        case .reals(let lower, let upper):
            switch (lower, upper) {
            case (.infinite, .infinite): return "real \(name)"
            case (.finite(let a, let closed), .infinite):
                return "real \(name) \(closed ? "≥" : ">") \(RangeEvaluation.symbolText(a))"
            case (.infinite, .finite(let b, let closed)):
                return "real \(name) \(closed ? "≤" : "<") \(RangeEvaluation.symbolText(b))"
            case (.finite, .finite): return "real \(name) in \(notation)"
            }
        }
    }
}

extension ClosedForms.Expression {
    /// The value of an integer literal (`7`), nil for anything else.
    var literalInteger: Int? {
        if case .number(let value) = node { return value.intValue }
        return nil
    }
}

/// "for all real l ≥ 2", "for all real x in [0, π] and all integers l ≥ 2".
enum Quantifier {
    static func scope(_ phrases: [String]) -> String {
        "for all " + phrases.joined(separator: " and all ")
    }
}
