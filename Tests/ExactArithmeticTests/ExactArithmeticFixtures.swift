import ClosedForms

/// Definitions shared by the exact-arithmetic tests: the copy-average coefficient
/// `c(l) = 1/sqrt(l(2l − 1))`, its square `q(l) = 1/(2l − 1)` up to the factor `1/l`,
/// and a wrong coefficient `cbad(l) = 1/sqrt(l(2l + 1))` for the false instances.
enum ExactArithmeticFixtures {
    static func copyAverageDefinitions() throws -> Definitions {
        var d = Definitions()
        try d.add(Definition(name: "q", parameters: ["l"], parsing: "1/(2*l - 1)"))
        try d.add(Definition(name: "c", parameters: ["l"], parsing: "1/sqrt(l*(2*l - 1))"))
        try d.add(Definition(name: "cbad", parameters: ["l"], parsing: "1/sqrt(l*(2*l + 1))"))
        return d
    }
}
