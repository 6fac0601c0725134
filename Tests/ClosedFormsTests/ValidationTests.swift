import XCTest
import CertifiedIntervals
@testable import ClosedForms

final class ValidationTests: XCTestCase {
    let defs = definitions([
        "Lstar(l) = 1/sqrt(l*(2*l - 1))",
        "G(l) = l*Lstar(l)^2",
        "Bad(a) = a + q",
        "CallsBad(a) = 1 + Bad(a)",
        "A(x) = B(x) + 1",
        "B(x) = 2*A(x)",
    ])

    func validationError(_ text: String, known: Set<String>,
                         file: StaticString = #filePath, line: UInt = #line) -> EvaluationError? {
        do {
            try parse(text).validate(knownVariables: known, definitions: defs)
            XCTFail("\(text) validated", file: file, line: line)
        } catch let error as EvaluationError {
            return error
        } catch {
            XCTFail("\(text): unexpected \(error)", file: file, line: line)
        }
        return nil
    }

    func testValidExpressionsPass() throws {
        for text in [
            "l/3 - 2*l^2/pi*asin(1/(2*l))",
            "G(l) + Lstar(2*l)",
            "sum(j, 1, n, j*l) + sum(g^2 for g in groups)",
            "sum(j, 1, n, sum(k, j, n, j*k))",
        ] {
            XCTAssertNoThrow(try parse(text).validate(knownVariables: ["l", "n", "groups"], definitions: defs),
                             text)
        }
    }

    func testUnknownVariablesFunctionsAndArgumentCounts() {
        let unknown = validationError("x + y", known: ["x"])
        XCTAssertEqual(unknown?.kind, .unknownVariable)
        XCTAssertEqual(unknown?.column, 5)
        XCTAssertEqual(unknown?.message, "unknown variable 'y'")

        XCTAssertEqual(validationError("sum(j, 1, n, j*k)", known: ["n"])?.column, 16)
        XCTAssertEqual(validationError("sum(j, 1, j, j)", known: ["n"])?.column, 11, "j is unbound in the bounds")
        XCTAssertEqual(validationError("sum(g for g in groups)", known: [])?.column, 16)
        XCTAssertEqual(validationError("sum(j, 1, 2, sum(g for g in j))", known: [])?.kind, .typeMismatch)

        let function = validationError("2*foo(x)", known: ["x"])
        XCTAssertEqual(function?.kind, .unknownFunction)
        XCTAssertEqual(function?.column, 3)
        XCTAssertEqual(function?.message, "unknown function or definition 'foo'")

        let count = validationError("1 + Lstar(1, 2)", known: [])
        XCTAssertEqual(count?.kind, .wrongArgumentCount)
        XCTAssertEqual(count?.column, 5)
        XCTAssertEqual(count?.message, "'Lstar' takes 1 argument but was given 2")
        XCTAssertEqual(validationError("Lstar(y)", known: ["x"])?.column, 7, "arguments are checked")
    }

    func testProblemsInsideDefinitionsAreReportedAtTheCall() {
        let direct = validationError("2*Bad(1)", known: [])
        XCTAssertEqual(direct?.kind, .unknownVariable)
        XCTAssertEqual(direct?.column, 3)
        XCTAssertEqual(direct?.message, "in definition 'Bad' (column 5 of its body): unknown variable 'q'")

        let nested = validationError("CallsBad(1)", known: [])
        XCTAssertEqual(nested?.column, 1)
        XCTAssertEqual(nested?.message, "in definition 'CallsBad' (column 5 of its body): "
                       + "in definition 'Bad' (column 5 of its body): unknown variable 'q'")
        // A global known variable satisfies a definition's body.
        XCTAssertNoThrow(try parse("CallsBad(1)").validate(knownVariables: ["q"], definitions: defs))
    }

    func testRecursionAndDepthAreDetectedStatically() {
        let cycle = validationError("1 + A(1)", known: [])
        XCTAssertEqual(cycle?.kind, .recursiveDefinition)
        XCTAssertEqual(cycle?.column, 5)
        XCTAssertEqual(cycle?.message.hasSuffix("definition 'A' is recursive: A → B → A"), true)

        var lines = ["D0() = 1"]
        for k in 1...40 { lines.append("D\(k)() = D\(k - 1)() + D\(k - 1)()") }
        let chain = definitions(lines)
        // Each definition is checked once, so the doubling calls cost nothing here.
        XCTAssertNoThrow(try parse("D20()").validate(knownVariables: [], definitions: chain))
        XCTAssertThrowsError(try parse("D40()").validate(knownVariables: [], definitions: chain)) {
            XCTAssertEqual(($0 as? EvaluationError)?.kind, .nestedTooDeeply)
        }
        // Reached shallow first, then deep: still refused.
        XCTAssertThrowsError(try parse("D5() + D40()").validate(knownVariables: [], definitions: chain))
    }

    func testDefinitionsRefuseBadNames() throws {
        var d = Definitions()
        let body = parse("x + 1")
        try d.add(Definition(name: "F", parameters: ["x"], body: body))
        XCTAssertEqual(d.names, ["F"])
        XCTAssertEqual(d["F"]?.body, body)
        XCTAssertNil(d["G"])
        let refused: [(String, [String], String)] = [
            ("F", ["x"], "'F' is already defined"),
            ("sqrt", ["x"], "'sqrt' is built in and cannot be redefined"),
            ("pi", [], "'pi' is built in and cannot be redefined"),
            ("sum", [], "'sum' is built in and cannot be redefined"),
            ("2F", [], "'2F' is not a valid name ([A-Za-z_][A-Za-z0-9_]*)"),
            ("H", ["x", "x"], "parameter 'x' appears twice"),
            ("H", ["e"], "parameter 'e' is not a valid variable name"),
            ("H", ["a b"], "parameter 'a b' is not a valid variable name"),
        ]
        for (name, parameters, message) in refused {
            XCTAssertThrowsError(try d.add(Definition(name: name, parameters: parameters, body: body))) {
                XCTAssertEqual(($0 as? DefinitionError)?.message, message)
            }
        }
        XCTAssertEqual(d.count, 1)
    }
}
