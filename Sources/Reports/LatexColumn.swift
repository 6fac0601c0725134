/// A column of a LaTeX table: a quantity of the report, or a parameter of the file.
/// Reports owns the names; theorem files (`[report.latex] columns`) and the command
/// line (`--latex-columns`) are validated against them with `LatexColumn(name:parameters:)`.
public enum LatexColumn: Equatable {
    case quantity(Quantity)
    /// A parameter of the instance (a file parameter or a claim's own `for` variable).
    case parameter(String)

    /// The quantities a table can show, by the names users write.
    public enum Quantity: String, CaseIterable {
        case partition
        case loss
        case maxGradient = "max |grad|"
        case verdict
        case precision
        case seconds
        case morseIndex = "morse index"
        /// The dimension of the Hessian's kernel (degenerate minima).
        case nullity
        case krawczykRadius = "krawczyk radius"
        case value
        case left
        case right
        /// A kernel claim's point `(q1, q2, q12)`.
        case point
        /// Computed minus claimed (loss and kernel claims).
        case difference
    }

    /// The columns of a table when neither the file nor the command line names them
    /// (columns empty in every row are left out).
    public static let defaults: [LatexColumn] = [.quantity(.partition), .quantity(.point), .quantity(.loss),
                                                 .quantity(.value), .quantity(.difference),
                                                 .quantity(.maxGradient), .quantity(.verdict)]

    /// The quantity named `name` (quantities first), else the parameter `name` when it
    /// is one of `parameters`, else nil.
    public init?(name: String, parameters: [String]) {
        if let quantity = Quantity(rawValue: name) {
            self = .quantity(quantity)
        } else if parameters.contains(name) {
            self = .parameter(name)
        } else {
            return nil
        }
    }

    /// The name as written by users.
    public var name: String {
        switch self {
        case .quantity(let quantity): return quantity.rawValue
        case .parameter(let name): return name
        }
    }

    /// The names a column may have, for messages: `parameters`, then the quantities.
    public static func names(parameters: [String]) -> [String] {
        parameters + Quantity.allCases.map(\.rawValue)
    }
}

/// What users may ask of LaTeX tables, and the defaults.
extension LatexReport {
    /// Significant digits printed when the file and the command line say nothing.
    public static let defaultDigits = 20
    /// The significant digits a user may ask for.
    public static let digitsRange: ClosedRange<Int> = 1...200
}
