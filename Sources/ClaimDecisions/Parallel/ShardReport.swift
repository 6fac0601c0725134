import Foundation
import Reports
import TheoremFiles

/// What one shard writes (`verify --shard i/N --json PATH`): the report of its
/// instances, and what `verify merge` needs to check and rebuild the whole report —
/// the file's SHA-256, the checker's version, the shard, each instance's index in the
/// plan, the order of its parameters and its contribution to the claim's worst bound.
/// (LaTeX needs the theorem file itself — its tables and figures —, which `verify merge`
/// reads and checks against `fileSHA256`.)
public struct ShardReport: Codable {
    public static let currentFormat = "certified-checker-shard/1"

    public var format: String
    public var checkerVersion: String
    /// SHA-256 of the theorem file's bytes, lowercase hexadecimal.
    public var fileSHA256: String
    public var shard: Shard
    /// The shard's work, and its budget (each shard has the whole budget).
    public var workSpent: Double
    public var workLimit: Double
    public var claims: [ShardClaim]
    /// The report of this shard's instances (claims with none keep an empty list).
    public var report: TheoremReport

    enum CodingKeys: String, CodingKey {
        case format, shard, claims, report
        case checkerVersion = "checker_version"
        case fileSHA256 = "file_sha256"
        case workSpent = "work_spent"
        case workLimit = "work_limit"
    }
}

/// A claim in a shard report: how many instances the whole claim has, and the plan
/// index (and more) of each instance in `report`, in the same order.
public struct ShardClaim: Codable {
    public var name: String
    public var plannedInstances: Int
    public var instances: [ShardInstance]

    enum CodingKeys: String, CodingKey {
        case name, instances
        case plannedInstances = "planned_instances"
    }
}

public struct ShardInstance: Codable {
    /// The index of the instance in the claim's plan (from 0).
    public var index: Int
    /// The parameters' names in the file's order (JSON objects have no order).
    public var parameterOrder: [String]
    /// The instance's contribution to the claim's worst bound.
    public var worstBound: WorstBoundSummary?
    /// The instance was decided in exact arithmetic (for the claim's "exact at every
    /// instance" note); nil when it was not.
    public var exact: Bool? = nil

    enum CodingKeys: String, CodingKey {
        case index, exact
        case parameterOrder = "parameter_order"
        case worstBound = "worst_bound"
    }
}

/// A worst bound as printed, with what is needed to compare it with another.
///
/// The claim's worst bound is the worst over its instances, compared exactly; the
/// merge compares the printed decimals instead. That picks the same text: printing
/// rounds monotonically (upper bounds up, lower bounds down, to 3 digits), so a
/// strictly worse printed value comes from a strictly worse exact one, and equal
/// printed values give the same text whichever is kept.
public struct WorstBoundSummary: Codable, Equatable {
    public enum Kind: String, Codable {
        /// Larger is worse (upper bounds of magnitudes; Morse indices).
        case largerIsWorse = "larger-is-worse"
        /// Smaller is worse (lower bounds of gaps and margins).
        case smallerIsWorse = "smaller-is-worse"
        /// An exact decision: better than any bound.
        case exact
    }
    public var kind: Kind
    /// Which quantity (bounds of different quantities compare by `key`).
    public var quantity: String
    /// The printed number ("unknown" when not known: the worst).
    public var value: String
    /// The text of the report (`max |grad| ≤ 3.1e-38`).
    public var text: String
    /// The comparison key of mixed quantities (larger is worse), as a finite double.
    public var key: Double
}

extension WorstBound {
    var summary: WorstBoundSummary {
        let text = DecisionRendering.text(self)
        func make(_ kind: WorstBoundSummary.Kind, _ quantity: String, _ value: String) -> WorstBoundSummary {
            // JSON has no infinities: ±∞ (exact, unknown) become the largest finite doubles.
            let finite = key.isNaN ? Double.greatestFiniteMagnitude
                : Swift.min(Swift.max(key, -Double.greatestFiniteMagnitude), Double.greatestFiniteMagnitude)
            return WorstBoundSummary(kind: kind, quantity: quantity, value: value, text: text, key: finite)
        }
        switch self {
        case .gradientMaxAbs(let x):
            return make(.largerIsWorse, "gradient", x.isKnown ? EnclosureFormatting.short(x) : "unknown")
        case .differenceMagnitude(let x):
            return make(.largerIsWorse, "difference", x.isKnown ? EnclosureFormatting.short(x) : "unknown")
        case .smallestGap(let x):
            return make(.smallerIsWorse, "gap", x.lowerBound.isKnown ? x.lowerDecimal(digits: 3) : "unknown")
        case .margin(let x):
            return make(.smallerIsWorse, "margin", x.lowerBound.isKnown ? x.lowerDecimal(digits: 3) : "unknown")
        case .marginAtLeast(let x):
            return make(.smallerIsWorse, "margin", x.isKnown ? x.lowerDecimal(digits: 3) : "unknown")
        case .morseIndex(let index):
            return make(.largerIsWorse, "morse", String(index))
        case .exact:
            return make(.exact, "exact", "exact")
        }
    }
}

extension WorstBoundSummary {
    /// Whether `self` is worse than `other`, as `WorstBound.isWorse` decides for the
    /// exact bounds (up to ties of the printed values, which print the same).
    func isWorse(than other: WorstBoundSummary) -> Bool {
        guard quantity == other.quantity, kind == other.kind else { return key > other.key }
        switch kind {
        case .exact: return false
        case .largerIsWorse, .smallerIsWorse:
            let known = value != "unknown", otherKnown = other.value != "unknown"
            if !known || !otherKnown { return !known && otherKnown }
            guard let order = DecimalOrder.compare(value, other.value) else { return key > other.key }
            return kind == .largerIsWorse ? order > 0 : order < 0
        }
    }

    static func worse(_ a: WorstBoundSummary?, _ b: WorstBoundSummary?) -> WorstBoundSummary? {
        guard let b else { return a }
        guard let a else { return b }
        return b.isWorse(than: a) ? b : a
    }
}

/// Exact comparison of decimals as the reports print them (`-0.0123`, `1.5e-30`,
/// `1200`, `inf`, `-inf`).
enum DecimalOrder {
    /// −1, 0 or 1 as a <, =, > b; nil when either is not such a decimal.
    static func compare(_ a: String, _ b: String) -> Int? {
        guard let x = parse(a), let y = parse(b) else { return nil }
        if x.sign != y.sign { return x.sign < y.sign ? -1 : 1 }
        let magnitude = compareMagnitudes(x, y)
        return x.sign >= 0 ? magnitude : -magnitude
    }

    /// sign (−1, 0, 1); digits without leading or trailing zeros; the value is
    /// 0.digits × 10^exponent; `infinite` for ±inf.
    private struct Parsed { var sign: Int; var digits: [UInt8]; var exponent: Int; var infinite: Bool }

    private static func parse(_ text: String) -> Parsed? {
        var body = Substring(text.trimmingCharacters(in: .whitespaces))
        var sign = 1
        if body.hasPrefix("-") { sign = -1; body.removeFirst() } else if body.hasPrefix("+") { body.removeFirst() }
        if body == "inf" || body == "∞" { return Parsed(sign: sign, digits: [], exponent: 0, infinite: true) }
        var power = 0
        if let e = body.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            guard let value = Int(body[body.index(after: e)...]) else { return nil }
            power = value
            body = body[..<e]
        }
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, !body.isEmpty,
              parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }) else { return nil }
        var digits = (Array(parts[0]) + (parts.count == 2 ? Array(parts[1]) : [])).map { UInt8($0.asciiValue! - 48) }
        var exponent = parts[0].count + power
        while let first = digits.first, first == 0 { digits.removeFirst(); exponent -= 1 }
        while let last = digits.last, last == 0 { digits.removeLast() }
        if digits.isEmpty { return Parsed(sign: 0, digits: [], exponent: 0, infinite: false) }
        return Parsed(sign: sign, digits: digits, exponent: exponent, infinite: false)
    }

    private static func compareMagnitudes(_ x: Parsed, _ y: Parsed) -> Int {
        if x.infinite || y.infinite { return x.infinite == y.infinite ? 0 : (x.infinite ? 1 : -1) }
        if x.exponent != y.exponent { return x.exponent < y.exponent ? -1 : 1 }
        for (a, b) in zip(x.digits, y.digits) where a != b { return a < b ? -1 : 1 }
        return x.digits.count == y.digits.count ? 0 : (x.digits.count < y.digits.count ? -1 : 1)
    }
}
