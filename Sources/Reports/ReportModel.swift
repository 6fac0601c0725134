/// The outcome of verifying one theorem file, as plain data: every number is already
/// a decimal string rounded outward (`lower` down, `upper` up), so that this module
/// needs no arithmetic library and printed bounds stay valid enclosures.
///
/// The JSON field names are the ones others rely on (see the theorem-format
/// document): `file`, `title`, `verdict`, `claims[].name/kind/verdict/activation`,
/// `instances[].parameters/partition/verdict/precision/seconds/loss/gradient_max_abs/
/// morse_index`. Fields may be added, never renamed.
public struct TheoremReport: Codable {
    public var file: String
    public var title: String
    public var source: String
    public var verdict: Verdict
    public var claims: [ClaimReport]
    public var seconds: Double
    /// States the loss convention, since papers differ: no factor 1/2.
    public var lossConvention: String = LossConvention.text
    /// The precision range the run was allowed, in bits.
    public var startPrecision: Int
    public var maximumPrecision: Int
    /// The work the run used and its budget, in work units (`3.1e8 of 1e10`).
    public var work: String?

    public init(file: String, title: String, source: String, verdict: Verdict, claims: [ClaimReport],
                seconds: Double, startPrecision: Int, maximumPrecision: Int) {
        self.file = file; self.title = title; self.source = source; self.verdict = verdict
        self.claims = claims; self.seconds = seconds
        self.startPrecision = startPrecision; self.maximumPrecision = maximumPrecision
    }

    enum CodingKeys: String, CodingKey {
        case file, title, source, verdict, claims, seconds
        case lossConvention = "loss_convention"
        case startPrecision = "start_precision"
        case maximumPrecision = "max_precision"
        case work
    }
}

/// A verdict, from strongest to weakest; the verdict of a claim is the weakest of its
/// instances' verdicts, that of a file the weakest of its claims'.
public enum Verdict: String, Codable, CaseIterable, Comparable {
    /// A certified strict inequality or separation.
    case proved = "PROVED"
    /// An equality or a vanishing gradient shown within the stated tolerance by
    /// certified enclosures.
    case verified = "VERIFIED"
    /// The enclosures are too wide to decide, even at the maximum precision (or the
    /// quantity could not be evaluated; the detail says why).
    case inconclusive = "INCONCLUSIVE"
    /// A certified enclosure (or exact arithmetic) excludes the claim; the report shows
    /// the witness.
    case refuted = "REFUTED"

    var rank: Int {
        switch self {
        case .proved: return 0
        case .verified: return 1
        case .inconclusive: return 2
        case .refuted: return 3
        }
    }

    public static func < (a: Verdict, b: Verdict) -> Bool { a.rank < b.rank }

    /// The weakest of `verdicts` (PROVED for none).
    public static func weakest<S: Sequence>(_ verdicts: S) -> Verdict where S.Element == Verdict {
        verdicts.max() ?? .proved
    }

    /// What the verdict means, for the legend of the text report.
    public var meaning: String {
        switch self {
        case .proved: return "certified strict inequality or separation, or an exact identity (for every value of a range where the report says \"for all\")"
        case .verified: return "equality or vanishing gradient (and what rests on it) within the stated tolerance, by certified enclosures"
        case .refuted: return "a certified enclosure or exact arithmetic excludes the claim (witness or counterexample shown)"
        case .inconclusive: return "enclosures too wide to decide even at the maximum precision, or not evaluable (reason shown)"
        }
    }
}

public struct ClaimReport: Codable {
    public var name: String
    public var kind: String
    public var statement: String?
    public var activation: String
    public var verdict: Verdict
    /// The tolerance as written in the file.
    public var tolerance: String
    public var seconds: Double
    /// The largest precision any instance needed.
    public var precision: Int
    /// The weakest bound over the instances, in words (`max |grad| <= 3.1e-38`).
    public var worstBound: String?
    public var instances: [InstanceReport]
    /// What the claim states, as LaTeX math without delimiters (comparisons and loss
    /// claims), for captions.
    public var formulaLatex: String?
    /// For a claim about every value of a range that is not a finite list: each such
    /// variable's range as written (`{"l": "[2, ∞)"}`); nil for claims over finite
    /// lists of instances only.
    public var range: [String: String]?
    /// The quantifier of such a claim in words ("for all integers l ≥ 2"); each
    /// instance's `proof` says how it was decided there.
    public var scope: String?
    /// The activation as a LaTeX formula in `z` (`\operatorname{erf}(z/\sqrt{2})`), for
    /// captions; nil when unknown.
    public var activationLatex: String?
    /// True when the claim's instances hold only modulo the activation's scaling
    /// symmetry (their critical points are orbits, not isolated points); nil otherwise.
    public var moduloSymmetry: Bool?

    public init(name: String, kind: String, statement: String?, activation: String, verdict: Verdict,
                tolerance: String, seconds: Double, precision: Int, worstBound: String?, instances: [InstanceReport]) {
        self.name = name; self.kind = kind; self.statement = statement; self.activation = activation
        self.verdict = verdict; self.tolerance = tolerance; self.seconds = seconds; self.precision = precision
        self.worstBound = worstBound; self.instances = instances
    }

    enum CodingKeys: String, CodingKey {
        case name, kind, statement, activation, verdict, tolerance, seconds, precision, instances
        case worstBound = "worst_bound"
        case formulaLatex = "formula_latex"
        case range, scope
        case activationLatex = "activation_latex"
        case moduloSymmetry = "modulo_symmetry"
    }
}

/// An enclosure `[lower, upper]` printed in decimal, rounded outward.
public struct Bounds: Codable, Equatable {
    public var lower: String
    public var upper: String
    /// The decimal digits shared by every number of the enclosure (truncated, so the
    /// exact value lies in `[digits, digits + one unit of the last place)`), or nil
    /// when the enclosure shares none.
    public var certifiedDigits: String?

    public init(lower: String, upper: String, certifiedDigits: String? = nil) {
        self.lower = lower; self.upper = upper; self.certifiedDigits = certifiedDigits
    }

    enum CodingKeys: String, CodingKey {
        case lower, upper
        case certifiedDigits = "certified_digits"
    }
}

/// An upper bound printed in decimal, rounded up.
public struct UpperBound: Codable, Equatable {
    public var upper: String
    public init(upper: String) { self.upper = upper }
}

/// The parameters of an instance, in the order the file declares them.
public struct ParameterValues: Codable, Equatable {
    public var values: [(name: String, value: Int)]

    public init(_ values: [(name: String, value: Int)]) { self.values = values }

    public static func == (a: ParameterValues, b: ParameterValues) -> Bool {
        a.values.map(\.name) == b.values.map(\.name) && a.values.map(\.value) == b.values.map(\.value)
    }

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        for (name, value) in values { try container.encode(value, forKey: Key(stringValue: name)) }
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        values = try container.allKeys.map { ($0.stringValue, try container.decode(Int.self, forKey: $0)) }
            .sorted { $0.0 < $1.0 }
    }

    /// `k=4 n=2`.
    public var text: String { values.map { "\($0.name)=\($0.value)" }.joined(separator: " ") }
}

public struct InstanceReport: Codable {
    public var parameters: ParameterValues
    /// The block sizes of a copy-average configuration (the arg-min for
    /// minimum-over-family claims).
    public var partition: [Int]?
    /// A kernel claim's point `(q1, q2, q12)`, as written.
    public var point: [String]?
    public var verdict: Verdict
    /// The precision, in bits, at which the verdict was reached.
    public var precision: Int
    public var seconds: Double
    public var loss: Bounds?
    public var gradientMaxAbs: UpperBound?
    /// Claimed value, difference (computed − claimed), sides of a comparison.
    public var value: Bounds?
    public var difference: Bounds?
    public var left: Bounds?
    public var right: Bounds?
    /// Smallest certified gap to another member (minimum-over-family).
    public var gap: Bounds?
    public var morseIndex: Int?
    /// The certified dimension of the Hessian's kernel (degenerate minima), when certified.
    public var nullity: Int?
    public var krawczykRadius: String?
    /// Why the verdict is what it is, when it is not PROVED/VERIFIED; or a note.
    public var detail: String?
    /// For REFUTED: the certified fact that contradicts the claim.
    public var witness: String?
    /// For a claim over a range that is not a finite list: what was decided over it,
    /// how, and the counterexample or the unresolved part.
    public var proof: ProofReport?
    /// True when what was certified at this instance holds modulo the activation's
    /// scaling symmetry (Krawczyk on the slice a = const); nil otherwise.
    public var moduloSymmetry: Bool?
    /// Hessian claims: how the Hessian was obtained — `sectors` (symmetry-adapted blocks at
    /// an exactly critical copy-average point), `dense-at-exact-point`, `krawczyk-box`.
    public var hessianMethod: String?
    /// Hessian claims decided from the symmetry sectors: every sector with its certified
    /// inertia (where the curvature is).
    public var sectors: [SectorReport]?

    public init(parameters: ParameterValues, verdict: Verdict, precision: Int, seconds: Double) {
        self.parameters = parameters; self.verdict = verdict; self.precision = precision; self.seconds = seconds
    }

    enum CodingKeys: String, CodingKey {
        case parameters, partition, point, verdict, precision, seconds, loss, value, difference, left, right, gap
        case detail, witness, proof, nullity
        case gradientMaxAbs = "gradient_max_abs"
        case morseIndex = "morse_index"
        case krawczykRadius = "krawczyk_radius"
        case moduloSymmetry = "modulo_symmetry"
        case hessianMethod = "hessian_method"
        case sectors
    }

    /// `k=4 n=2 partition (3, 1)`.
    public var label: String {
        var parts: [String] = []
        if !parameters.values.isEmpty { parts.append(parameters.text) }
        if let partition { parts.append("partition (" + partition.map(String.init).joined(separator: ", ") + ")") }
        if let point { parts.append("point (" + point.joined(separator: ", ") + ")") }
        if let proof { parts.append(proof.scope) }
        return parts.isEmpty ? "(single instance)" : parts.joined(separator: " ")
    }
}

/// One symmetry sector of the Hessian at an exactly symmetric critical point: a block of
/// `block_size` rows that occurs `multiplicity` times, and its certified inertia. The
/// sector contributes `negative_directions = multiplicity × negative` to the Morse index.
public struct SectorReport: Codable, Equatable {
    /// Stable name (`invariant`, `within-group(2)`, `orthogonal`, …).
    public var identifier: String
    /// The sector in words.
    public var description: String
    /// The group size the sector belongs to, when one.
    public var groupSize: Int?
    public var blockSize: Int
    public var multiplicity: Int
    /// The block's certified numbers of positive and negative eigenvalues (none is 0).
    public var positive: Int
    public var negative: Int
    public var negativeDirections: Int
    /// Enclosures of the block's eigenvalues, increasing (blocks of at most 3 rows, when
    /// certified); nil otherwise.
    public var eigenvalues: [Bounds]?

    public init(identifier: String, description: String, groupSize: Int?, blockSize: Int, multiplicity: Int,
                positive: Int, negative: Int, eigenvalues: [Bounds]?) {
        self.identifier = identifier; self.description = description; self.groupSize = groupSize
        self.blockSize = blockSize; self.multiplicity = multiplicity; self.positive = positive
        self.negative = negative; self.negativeDirections = multiplicity * negative; self.eigenvalues = eigenvalues
    }

    enum CodingKeys: String, CodingKey {
        case identifier, description, multiplicity, positive, negative, eigenvalues
        case groupSize = "group_size"
        case blockSize = "block_size"
        case negativeDirections = "negative_directions"
    }

    /// `within-group(2): block 1×1 ×1, 1 negative, 0 positive (eigenvalue ∈ [-0.0123, -0.0122])`,
    /// the eigenvalue enclosures rounded outward to 6 significant digits (the JSON has them whole).
    public var compactText: String {
        var text = "\(identifier): block \(blockSize)×\(blockSize) ×\(multiplicity), "
            + "\(negative) negative, \(positive) positive"
        if let eigenvalues, !eigenvalues.isEmpty {
            text += " (eigenvalue" + (eigenvalues.count == 1 ? "" : "s") + " ∈ "
                + eigenvalues.map(Self.shortEnclosure).joined(separator: ", ") + ")"
        }
        return text
    }

    /// `[lower, upper]` with both ends rounded outward to 6 significant digits (ends that
    /// are not plain decimals are printed as given).
    static func shortEnclosure(_ bounds: Bounds) -> String {
        let lower = DecimalText(bounds.lower).map { $0.rounded(significantDigits: 6, up: false).text } ?? bounds.lower
        let upper = DecimalText(bounds.upper).map { $0.rounded(significantDigits: 6, up: true).text } ?? bounds.upper
        return "[\(lower), \(upper)]"
    }
}
