import XCTest
import CertifiedIntervals
@testable import ClosedForms
import CheckerTestSupport

/// Random inputs must never crash: every outcome is a value or one of the three typed
/// errors, with a column inside the text. Parsed trees must print and re-parse to
/// themselves, and their LaTeX must be balanced.
final class FuzzTests: XCTestCase {
    let tokens = [
        "0", "1", "2", "3", "7", "0.5", "1e-3", "2e", "1e", "2E+1", ".", "10",
        "x", "l", "j", "g", "e", "pi", "groups", "F", "G", "Missing", "for", "in",
        "sqrt", "exp", "log", "asin", "acos", "atan", "erf", "sin", "cos", "abs", "min", "max", "sum", "prod",
        "+", "-", "*", "/", "^", "(", ")", ",", " ", "(", ")", ",",
    ]
    let oddCharacters: [Character] = ["#", "é", "\u{7}", "∑", "\n", "\t", "_", "$", "\\", "e\u{301}", "9"]

    /// Pieces that are valid in many places, to reach deeper into the grammar.
    let phrases = [
        "sum(j, 1, 3, ", "sum(g for g in groups)", "prod(j, 0, 2, ", "F(", "G(x, ", "min(1, ", "2^-", "--",
        "(x)", "1/(", ")", ")",
    ]

    lazy var environment: Environment = {
        let defs = definitions(["F(a) = a^2 + 1", "G(a, b) = F(a)*b - sqrt(abs(b))"])
        return Environment(variables: ["x": .exact(q("1/3")), "l": .enclosure(Interval(lower: 1.5, upper: 2, precision: 64)),
                                       "groups": .list([1, 2, 3])],
                           definitions: defs)
    }()

    func testRandomTokenStrings() {
        var rng = SplitMix64(state: 0x5EED_C105_ED00_0001)
        var parsed = 0, evaluated = 0
        for _ in 0..<8_000 {
            var text = ""
            for _ in 0..<Int.random(in: 1...24, using: &rng) {
                switch Int.random(in: 0..<20, using: &rng) {
                case 0: text.append(oddCharacters.randomElement(using: &rng)!)
                case 1...3: text += phrases.randomElement(using: &rng)!
                default: text += tokens.randomElement(using: &rng)!
                }
            }
            let (p, v) = exercise(text)
            parsed += p ? 1 : 0
            evaluated += v ? 1 : 0
        }
        // The generator must reach past the parser often enough to test the rest.
        XCTAssertGreaterThan(parsed, 250)
        XCTAssertGreaterThan(evaluated, 60)
    }

    func testRandomGrammaticalExpressions() {
        var rng = SplitMix64(state: 0xC105_ED_F0_4515)
        var evaluated = 0
        for _ in 0..<1_500 {
            let text = randomExpression(depth: Int.random(in: 1...6, using: &rng), rng: &rng)
            let (p, v) = exercise(text)
            XCTAssertTrue(p, "generated text did not parse: \(text)")
            evaluated += v ? 1 : 0
        }
        XCTAssertGreaterThan(evaluated, 300)
    }

    func testRandomCharacters() {
        var rng = SplitMix64(state: 42)
        let alphabet = Array("0123456789.eE+-*/^(),_ xjglpisumaqrtfon\t#é") + oddCharacters
        for _ in 0..<2_000 {
            let text = String((0..<Int.random(in: 0...30, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! })
            _ = exercise(text)
        }
    }

    /// A random expression from the grammar (with names the environment mostly knows).
    func randomExpression(depth: Int, rng: inout SplitMix64) -> String {
        if depth <= 0 {
            return ["0", "1", "2", "3", "0.5", "1e-3", "x", "l", "pi", "e", "7"].randomElement(using: &rng)!
        }
        let a = { (rng: inout SplitMix64) in self.randomExpression(depth: depth - 1, rng: &rng) }
        switch Int.random(in: 0..<12, using: &rng) {
        case 0: return "\(a(&rng)) + \(a(&rng))"
        case 1: return "\(a(&rng)) - \(a(&rng))"
        case 2: return "\(a(&rng))*\(a(&rng))"
        case 3: return "\(a(&rng))/(\(a(&rng)))"
        case 4: return "(\(a(&rng)))^\(["2", "-1", "3", "0.5", "x"].randomElement(using: &rng)!)"
        case 5: return "-\(a(&rng))"
        case 6:
            let f = ["sqrt", "exp", "log", "asin", "acos", "atan", "erf", "sin", "cos", "abs"].randomElement(using: &rng)!
            return "\(f)(\(a(&rng)))"
        case 7: return "\(["min", "max"].randomElement(using: &rng)!)(\(a(&rng)), \(a(&rng)))"
        case 8: return "sum(j, 1, \(Int.random(in: 0...4, using: &rng)), \(a(&rng))*j)"
        case 9: return "prod(g + \(a(&rng)) for g in groups)"
        case 10: return "F(\(a(&rng)))"
        default: return "G(\(a(&rng)), \(a(&rng)))"
        }
    }

    /// Runs every entry point on `text`; returns whether it parsed and evaluated.
    func exercise(_ text: String) -> (parsed: Bool, evaluated: Bool) {
        let length = text.count
        let e: Expression
        do {
            e = try ExpressionParser.parse(text)
        } catch let error as ExpressionSyntaxError {
            XCTAssertTrue((1...length + 1).contains(error.column), "column \(error.column) outside \(text.debugDescription)")
            XCTAssertFalse(error.message.isEmpty)
            return (false, false)
        } catch {
            XCTFail("parse(\(text.debugDescription)) threw \(error)")
            return (false, false)
        }
        // Printing round-trips.
        let description = e.description
        do {
            let again = try ExpressionParser.parse(description)
            XCTAssertEqual(again, e, "\(text.debugDescription) printed as \(description.debugDescription)")
            XCTAssertEqual(again.description, description)
        } catch {
            XCTFail("\(text.debugDescription) printed as \(description.debugDescription), which fails: \(error)")
        }
        let latex = e.latex()
        XCTAssertTrue(isBalanced(latex), "unbalanced LaTeX \(latex) for \(text.debugDescription)")
        // Validation and evaluation end in a value or a typed error.
        let known = Set(environment.variables.keys)
        do { try e.validate(knownVariables: known, definitions: environment.definitions) } catch {
            XCTAssertTrue(error is EvaluationError, "validate(\(text.debugDescription)) threw \(error)")
        }
        var evaluated = false
        var limits = EvaluationLimits()
        limits.maximumTerms = 2_000
        for precision in [53, 128] {
            do {
                let value = try e.evaluate(in: environment, precision: precision, limits: limits)
                if case .enclosure(let i) = value {
                    XCTAssertTrue(i.isWellFormed && i.isFinite, "\(text.debugDescription) gave \(i)")
                }
                evaluated = true
            } catch let error as EvaluationError {
                XCTAssertTrue((1...length + 1).contains(error.column) || length == 0,
                              "column \(error.column) outside \(text.debugDescription): \(error)")
            } catch is IntervalDomainError {
            } catch {
                XCTFail("evaluate(\(text.debugDescription)) threw \(error)")
            }
        }
        do {
            if let exact = try e.exactValue(in: environment) {
                // An exact value lies in the enclosure (when the enclosure exists).
                if let i = try? e.enclosure(in: environment, precision: 64) {
                    XCTAssertTrue(i.contains(exact), "\(text.debugDescription): \(exact) outside \(i)")
                }
            }
        } catch is EvaluationError {
        } catch is IntervalDomainError {
        } catch {
            XCTFail("exactValue(\(text.debugDescription)) threw \(error)")
        }
        return (true, evaluated)
    }

    /// Braces balance, and `\left` and `\right` pair up, in order.
    func isBalanced(_ latex: String) -> Bool {
        var braces = 0, delimiters = 0
        var previous: Character = " "
        for c in latex {
            if previous != "\\" {
                if c == "{" { braces += 1 }
                if c == "}" { braces -= 1 }
            }
            if braces < 0 { return false }
            previous = c
        }
        var rest = Substring(latex)
        while let range = rest.range(of: "\\left") ?? rest.range(of: "\\right") {
            let left = rest.range(of: "\\left"), right = rest.range(of: "\\right")
            if let l = left, right == nil || l.lowerBound < right!.lowerBound {
                delimiters += 1
                rest = rest[l.upperBound...]
            } else if let r = right {
                delimiters -= 1
                if delimiters < 0 { return false }
                rest = rest[r.upperBound...]
            }
            _ = range
        }
        return braces == 0 && delimiters == 0
    }
}
