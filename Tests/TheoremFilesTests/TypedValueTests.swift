import XCTest
import CertifiedIntervals
import ClosedForms
import Reports
@testable import TheoremFiles

/// A file parsed into the typed `TheoremFile`: every section's values.
final class TypedValueTests: XCTestCase {
    static let complete = """
    [theorem]
    title  = "Copy averages"
    source = "notes, §3"

    [setting]
    activation = "erf"
    beta       = "1/sqrt(2)"
    dimension  = "k + 1"

    [parameters]
    n = "1..k-1"
    k = "2..5"

    [definitions]
    "c(l)"     = "1/sqrt(l*(2*l - 1))"
    "Lstar(l)" = "l/3 - 2*l^2/pi*asin(1/(2*l)) + half - half"
    "half"     = "1/2"

    [family.ca]
    kind       = "copy-average"
    partitions = "(k-n+1, 1^(n-1))"
    incoming   = "c(l)"
    outgoing   = "l"

    [family.num]
    kind         = "numerical"
    activation   = "relu"
    students     = "k"
    perturbation = "1/100"
    seed         = 7

    [[claim]]
    name      = "ca-loss"
    kind      = "loss"
    family    = "ca"
    equals    = "sum(Lstar(g) for g in groups)"
    tolerance = "1e-60"

    [[claim]]
    name  = "concave"
    kind  = "inequality"
    for   = { l = "2..1000", k = "3..3" }
    holds = "Lstar(l) + Lstar(l+2) <= 2*Lstar(l+1) + k - 3"

    [[claim]]
    name   = "optimal"
    kind   = "minimum-over-family"
    family = "ca"
    argmin = "[k-n+1, 1^(n-1)]"

    [[claim]]
    name        = "saddles"
    kind        = "hessian"
    family      = "ca"
    morse-index = "n - 1"
    morse-index-by-partition = { "2,2" = 2, "1,3" = 1 }

    [[claim]]
    name   = "kernel"
    kind   = "kernel"
    beta   = "sqrt(3)"
    points = [["1", "1", "1/2"]]

    [report.latex]
    claims  = ["ca-loss"]
    columns = ["k", "n", "partition", "loss", "l"]
    digits  = 12

    [verify]
    precision     = 64
    max-precision = 1024
    """

    func testEverySectionIsTyped() throws {
        let file = try Files.parse(Self.complete)
        XCTAssertEqual(file.title, "Copy averages")
        XCTAssertEqual(file.source, "notes, §3")
        XCTAssertEqual(file.setting.activation, .erf)
        XCTAssertEqual(file.setting.erfBeta, expr("1/sqrt(2)"))
        XCTAssertEqual(file.setting.dimension, expr("k + 1"))
        guard case .orthonormal = file.setting.teacher else { return XCTFail("orthonormal by default") }
        // Ranges in dependency order (n uses k), whatever the order written.
        XCTAssertEqual(file.parameters.map(\.name), ["k", "n"])
        XCTAssertEqual(file.parameters[1].finiteBounds?.upper, expr("k-1"))
        XCTAssertEqual(file.parameters[1].keyPath, "parameters.n")
        XCTAssertEqual(file.definitions.names.sorted(), ["Lstar", "c", "half"])
        XCTAssertEqual(file.startPrecision, 64)
        XCTAssertEqual(file.maximumPrecision, 1024)
        XCTAssertEqual(file.latex?.claims, ["ca-loss"])
        XCTAssertEqual(file.latex?.columns, [.parameter("k"), .parameter("n"), .quantity(.partition), .quantity(.loss),
                                            .parameter("l")])
        XCTAssertEqual(file.latex?.digits, 12)
    }

    func testLatexTablesPivotsCaptionsAndLabels() throws {
        let file = try Files.parse(Files.header + Files.copyAverage + Files.goodClaim + """
        [[claim]]
        name = "two"
        kind = "equality"
        holds = "2 = 2"

        [report.latex]
        digits = 6

        [[report.latex.table]]
        claims  = ["one", "two"]
        pivot   = { rows = "k", columns = "n", cell = "morse index" }
        caption = 'Indices, $k \\times n$.'  
        label   = "tab:indices"

        [[report.latex.table]]
        claims  = ["two"]
        columns = ["k", "loss"]
        """)
        let latex = try XCTUnwrap(file.latex)
        XCTAssertEqual(latex.digits, 6)
        XCTAssertEqual(latex.tables, [
            LatexReport.Table(claims: ["one", "two"], layout: .pivot(rows: "k", columns: "n", cell: .morseIndex),
                              caption: "Indices, $k \\times n$.", label: "tab:indices"),
            LatexReport.Table(claims: ["two"], layout: .rows([.parameter("k"), .quantity(.loss)])),
        ])
        // The keys of before: one table per claim, unless a caption or label joins them.
        let separate = try Files.parse(Files.header + Files.goodClaim + "\n[report.latex]\nclaims = [\"one\"]\n")
        XCTAssertEqual(separate.latex?.tables, [LatexReport.Table(claims: ["one"], layout: .rows(LatexColumn.defaults))])
    }

    func testFamilies() throws {
        let file = try Files.parse(Self.complete)
        XCTAssertEqual(file.families.map(\.name), ["ca", "num"])
        guard case .copyAverage(let partitions, _, let incoming, let outgoing) = file.families[0].kind,
              case .blocks(let terms) = partitions else { return XCTFail("copy-average with blocks") }
        XCTAssertEqual(terms.map(\.size), [expr("k-n+1"), expr("1")])
        XCTAssertEqual(terms.map(\.count), [expr("1"), expr("n-1")], "s^m is m blocks of size s")
        XCTAssertEqual(incoming, expr("c(l)"))
        XCTAssertEqual(outgoing, expr("l"))
        guard case .numerical(let start, let students, let perturbation, let seed) = file.families[1].kind else {
            return XCTFail("numerical")
        }
        XCTAssertEqual(start, .copies)
        XCTAssertEqual(students, expr("k"))
        XCTAssertEqual(perturbation, Rational(exactly: "1/100"))
        XCTAssertEqual(seed, 7)
        XCTAssertEqual(file.families[1].activation, .relu)
    }

    func testClaims() throws {
        let claims = try Files.parse(Self.complete).claims
        XCTAssertEqual(claims.map(\.name), ["ca-loss", "concave", "optimal", "saddles", "kernel"])
        XCTAssertEqual(claims.map(\.kind.name), [.loss, .inequality, .minimumOverFamily, .hessian, .kernel])
        XCTAssertEqual(claims[0].tolerance, Rational(exactly: "1e-60"))
        XCTAssertEqual(claims[0].familyName, "ca")
        XCTAssertEqual(claims[1].toleranceText, TheoremFileParser.defaultTolerance)
        XCTAssertEqual(claims[1].ranges.map(\.name), ["l", "k"], "for ranges in the order written")
        guard case .comparison(let left, let relation, let right) = claims[1].kind else { return XCTFail("comparison") }
        XCTAssertEqual(relation, .lessOrEqual)
        XCTAssertEqual(left, expr("Lstar(l) + Lstar(l+2)"))
        XCTAssertEqual(right, expr("2*Lstar(l+1) + k - 3"))
        guard case .minimumOverFamily(.blocks(let argmin), nil) = claims[2].kind else { return XCTFail("argmin") }
        XCTAssertEqual(argmin.map(\.count), [expr("1"), expr("n-1")])
        guard case .hessian(.morseIndex(let index, let table)) = claims[3].kind else { return XCTFail("morse index") }
        XCTAssertEqual(index, expr("n - 1"))
        XCTAssertEqual(table.map(\.partition), [[3, 1], [2, 2]])
        guard case .kernel(let points) = claims[4].kind else { return XCTFail("kernel") }
        XCTAssertEqual(points, [[expr("1"), expr("1"), expr("1/2")]])
        XCTAssertEqual(claims[4].activation, .erf, "beta alone means erf(βz)")
    }

    func testConstantsResolveToCallsAndDefaults() throws {
        let file = try Files.parse(Self.complete)
        // `half` is a constant definition: used without parentheses, it becomes a call.
        let body = try XCTUnwrap(file.definitions["Lstar"]?.body)
        XCTAssertTrue(body.calledDefinitions.contains("half"), "\(body)")
        let minimal = try Files.parse(Files.header + Files.goodClaim)
        XCTAssertNil(minimal.latex)
        XCTAssertNil(minimal.startPrecision)
        XCTAssertEqual(minimal.claims[0].tolerance, Rational(exactly: TheoremFileParser.defaultTolerance))
        let latex = try Files.parse(Files.header + Files.goodClaim + "\n[report.latex]\n")
        XCTAssertEqual(latex.latex?.columns, LatexColumn.defaults)
        XCTAssertEqual(latex.latex?.digits, LatexReport.defaultDigits)
        XCTAssertEqual(latex.latex?.claims, ["one"])
    }

    func testVocabularyListsAreTheParsersOwn() throws {
        // Every claim kind and family kind in the vocabulary is accepted by the parser.
        XCTAssertEqual(ClaimKindName.allCases.count, 7)
        XCTAssertEqual(FamilyKindName.allCases.map(\.rawValue),
                       ["copy-average", "one-neuron-average", "explicit", "numerical"])
        XCTAssertEqual(BoundName.allCases.map(\.rawValue), ["l", "groups", "loss"])
    }
}
