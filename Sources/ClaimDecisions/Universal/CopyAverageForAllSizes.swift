import CertifiedIntervals
import ClosedForms
import SymmetryReduction
import TheoremFiles

/// Claims about a copy-average family (orthonormal teacher) over `k = "k0.."`, decided
/// for every k at once by the reduction of `SymmetryReduction`: critical-point (F1, F4),
/// loss (F2) and minimum-over-family (F3) claims. Planning recognises what the claim and
/// the family say for every k (the number of groups, the claimed minimiser, the claimed
/// loss per group) exactly — by canonical polynomial forms, never by sampling — and
/// refuses, with the reason, what it cannot read for every k.
enum CopyAverageForAllSizes {

    /// The plan of `claim` about `family` over `ranges`, or nil when the family is not a
    /// copy-average family (the caller then reports that family claims need finite ranges).
    static func plan(claim: Claim, family: Family, ranges: [ParameterRange],
                     file: TheoremFile) throws -> FamilyClaimsForAllSizes.Plan? {
        let reader = Reader(claim: claim, family: family, ranges: ranges, file: file)
        guard let (incoming, outgoing, specification, groupsExpression) = try reader.familyForms() else { return nil }
        guard case .orthonormal = file.setting.teacher else {
            throw file.error(at: "setting.teacher", "claim '\(claim.name)' ranges over k = \"\(reader.kRange.text)\": the "
                             + "copy-average reduction for every k needs the orthonormal teacher")
        }
        let k0 = try reader.smallestK()
        try reader.checkDimension()
        if case .hessian(let hessian) = claim.kind {
            // The type of the optimal point (k−n+1, 1, …, 1) for every k: CriticalTypeForAllSizes.
            return try CriticalTypeForAllSizes.plan(claim: claim, hessian: hessian, family: family, ranges: ranges,
                                                    file: file, reader: reader, incoming: incoming, outgoing: outgoing,
                                                    specification: specification, smallestK: k0)
        }
        let (scope, groupVariable) = try reader.scope(specification, groups: groupsExpression, smallestK: k0)
        // Other parameters are not read by the claim or the family (`requireOnly` below
        // and `CopyAverageReduction` check what they read), so the statement is the same
        // for each of their values.
        // The closed forms must be expressions in l alone (checked with any activation).
        do {
            _ = try CopyAverageReduction(activation: .linear, incoming: incoming, outgoing: outgoing,
                                         definitions: file.definitions)
        } catch {
            throw file.error(at: "\(family.keyPath).incoming", "claim '\(claim.name)' ranges over every k: \(error)")
        }
        let statement: Statement
        switch claim.kind {
        case .criticalPoint(let proof):
            guard proof == .enclosure else {
                throw file.error(at: "\(claim.keyPath).proof", "claim '\(claim.name)' ranges over every k: a Krawczyk "
                                 + "proof is about one configuration at a time; for every k the claim is decided by "
                                 + "exact identities (leave proof unset)")
            }
            statement = .critical
        case .loss(let equals):
            statement = .loss(lStar: try reader.lossPerGroup(equals, scope: scope, groupVariable: groupVariable))
        case .minimumOverFamily(let argmin, let value):
            guard groupVariable != nil else {
                throw file.error(at: "\(claim.keyPath).kind", "claim '\(claim.name)': a minimum over the family needs "
                                 + "partitions = \"all\" and groups = a parameter n whose range is \"n0..k\", \"n0..k-m\" or \"n0..n1\"")
            }
            statement = try reader.minimum(argmin, value: value, groupVariable: groupVariable)
        default:
            throw file.error(at: "\(claim.keyPath).kind", "claim '\(claim.name)' (\(claim.kind.name.rawValue)) ranges "
                             + "over k = \"\(reader.kRange.text)\", which is not a finite list; for every k the "
                             + "copy-average reduction decides critical-point, loss and minimum-over-family claims "
                             + "only (write a finite range such as \"2..12\" for this claim)")
        }
        let decider = Decider(incoming: incoming, outgoing: outgoing, scope: scope, statement: statement,
                              kRange: reader.kRange, smallestK: k0)
        return FamilyClaimsForAllSizes.Plan(instances: [ParameterInstance(values: [])], decider: decider)
    }

    /// What is claimed for every configuration of the scope.
    enum Statement {
        case critical
        /// `L = Σ L*(ℓ_i)`, `lStar` in `l`.
        case loss(lStar: ClosedForms.Expression)
        /// `argmin(k, n)` from the claim's blocks; `value` in `k` and `n`.
        case minimum(argmin: [(size: ClosedForms.Expression, count: ClosedForms.Expression)], canonical: Bool,
                     value: ClosedForms.Expression?)
    }

    // MARK: Deciding

    struct Decider: ClaimDecider {
        var incoming: ClosedForms.Expression
        var outgoing: ClosedForms.Expression
        var scope: CopyAverageScope
        var statement: Statement
        var kRange: ParameterRange
        var smallestK: Int

        func decide(_ context: InstanceContext, _ decision: inout InstanceDecision) throws {
            decision.retry = .final
            let reduction = try CopyAverageReduction(activation: context.claim.activation, incoming: incoming,
                                                     outgoing: outgoing, definitions: context.file.definitions)
            var theorems = CopyAverageTheorems(reduction: reduction, scope: scope)
            theorems.precision = context.precision
            theorems.budget = context.workBudget
            let verdict: TheoremVerdict
            switch statement {
            case .critical:
                verdict = theorems.criticality()
            case .loss(let lStar):
                verdict = theorems.lossDecomposition(lStar: lStar)
            case let .minimum(blocks, canonical, value):
                let environment = context.file.definitions
                verdict = theorems.minimum(argmin: { k, n in Self.partition(blocks, k: k, n: n, definitions: environment) },
                                           argminIsCanonical: canonical, value: value)
            }
            let interval = RealInterval.integers(from: smallestK)
            let range = EvaluatedRange(name: "k", range: kRange, provedOver: interval, certainlyInside: interval,
                                       lowerText: "\(smallestK)", upperText: nil)
            var evidence = UniversalEvidence(variables: [range], method: .none)
            switch verdict {
            case .proved(let steps):
                decision.verdict = .proved
                evidence.method = .reduction(Self.summary(steps, scope: scope))
            case .refuted(let counterexample):
                decision.verdict = .refuted
                evidence.method = .reduction("copy-average reduction (\(scope)): a configuration of the range "
                                             + "contradicts the claim")
                let sizes = counterexample.partition.map(String.init).joined(separator: ", ")
                evidence.counterexample = UniversalCounterexample(
                    point: [("k", Rational(counterexample.k)), ("n", Rational(counterexample.n))],
                    quantity: "at the copy-average configuration (\(sizes)): \(counterexample.quantity)",
                    value: counterexample.value)
            case .inconclusive(let reason, let established):
                decision.verdict = .inconclusive
                evidence.method = .reduction("copy-average reduction (\(scope))"
                                             + (established.isEmpty ? "" : "; established: "
                                                + established.map(\.statement).joined(separator: "; ")))
                evidence.reason = reason
            }
            decision.universal = evidence
        }

        /// The steps of a proof in words, for the report.
        static func summary(_ steps: [ProofStep], scope: CopyAverageScope) -> String {
            "copy-average reduction to closed forms in the group sizes l, lp (SymmetryReduction), for \(scope): "
                + steps.map { step in
                    // The prover's method up to its first colon ("exact algebraic identity test
                    // (Calcium)"); the JSON report keeps the side conditions.
                    let method = step.kind == .identity
                        ? String(step.method.prefix { $0 != ":" }) : step.method
                    var text = step.statement + " [" + method
                    if !step.sideConditions.isEmpty {
                        text += "; \(step.sideConditions.count) side condition"
                            + (step.sideConditions.count == 1 ? "" : "s") + " certified"
                    }
                    if let boxes = step.boxes { text += "; \(boxes) boxes" }
                    return text + "]"
                }.joined(separator: "; ")
        }

        /// The claimed minimiser at (k, n), from its blocks (nil when they do not evaluate
        /// to a partition of k into n positive parts).
        static func partition(_ blocks: [(size: ClosedForms.Expression, count: ClosedForms.Expression)], k: Int, n: Int,
                              definitions: Definitions) -> [Int]? {
            let environment = Environment(variables: ["k": .exact(Rational(k)), "n": .exact(Rational(n))],
                                          definitions: definitions)
            var result: [Int] = []
            for block in blocks {
                guard let size = (try? block.size.exactValue(in: environment))??.intValue,
                      let count = (try? block.count.exactValue(in: environment))??.intValue,
                      size >= 1, count >= 0, count <= 100_000 else { return nil }
                result += Array(repeating: size, count: count)
            }
            guard result.count == n, result.reduce(0, +) == k else { return nil }
            return result.sorted(by: >)
        }
    }

    // MARK: Reading the claim for every k

    struct Reader {
        let claim: Claim
        let family: Family
        let ranges: [ParameterRange]
        let file: TheoremFile

        var kRange: ParameterRange { ranges.first { $0.name == "k" } ?? ranges.first { !$0.isFiniteList }! }

        /// `c(l)`, `a(l)`, the partitions and the number of groups; nil for families that
        /// are not copy-average families.
        func familyForms() throws -> (ClosedForms.Expression, ClosedForms.Expression, PartitionSpecification,
                                      ClosedForms.Expression)? {
            switch family.kind {
            case let .copyAverage(partitions, groups, incoming, outgoing):
                return (incoming, outgoing, partitions, groups)
            case let .oneNeuronAverage(incoming, outgoing):
                // w = incoming · Σ_j e_j, a = outgoing: one group of size k, c(l) = incoming(k = l).
                let l = ClosedForms.Expression(.variable(CopyAverageReduction.sizeVariable), column: 0)
                for (expression, key) in [(incoming, "incoming"), (outgoing, "outgoing")] {
                    try requireOnly(["k"], in: expression, at: "\(family.keyPath).\(key)",
                                    what: "the one-neuron average's \(key) weight")
                }
                let one = ClosedForms.Expression(.number(Rational(1)), column: 0)
                return (rename(incoming, "k", l), rename(outgoing, "k", l),
                        .blocks([(size: ClosedForms.Expression(.variable("k"), column: 0), count: one)]), one)
            default:
                return nil
            }
        }

        func smallestK() throws -> Int {
            guard kRange.name == "k", case .integersFrom(let lower) = kRange.domain else {
                throw file.error(at: kRange.keyPath, "claim '\(claim.name)' ranges over \(kRange.name) = "
                                 + "\"\(kRange.text)\"; the copy-average reduction decides claims for every k when k "
                                 + "ranges over \"k0..\" (every integer from k0 on)")
            }
            guard let k0 = (try? lower.exactValue(in: Environment(definitions: file.definitions)))??.intValue,
                  k0 >= 1, k0 <= 1_000_000 else {
                throw file.error(at: kRange.keyPath, "the lower end of k = \"\(kRange.text)\" must be an exact integer "
                                 + "between 1 and 10^6 for the copy-average reduction")
            }
            return k0
        }

        /// The proof covers every d ≥ k: the file's dimension must be k + m with m ≥ 0.
        func checkDimension() throws {
            guard let dimension = file.setting.dimension else { return }
            guard let form = PolynomialForm(dimension),
                  let offset = (form - PolynomialForm(variable: "k")).constant, offset.signum >= 0 else {
                throw file.error(at: "setting.dimension", "claim '\(claim.name)' ranges over every k; the copy-average "
                                 + "reduction covers every input dimension d ≥ k, so the dimension must be k + m with "
                                 + "an integer m ≥ 0 (or unset: d = k)")
            }
        }

        /// The scope of the family, and the parameter naming its number of groups (if any).
        func scope(_ specification: PartitionSpecification, groups: ClosedForms.Expression,
                   smallestK k0: Int) throws -> (CopyAverageScope, String?) {
            switch specification {
            case .blocks(let blocks):
                guard blocks.count == 1, PolynomialForm(blocks[0].size) == PolynomialForm(variable: "k"),
                      PolynomialForm(blocks[0].count) == PolynomialForm(constant: Rational(1)) else {
                    throw file.error(at: "\(family.keyPath).partitions", "claim '\(claim.name)' ranges over every k: "
                                     + "the copy-average reduction handles partitions = \"all\" (every partition into "
                                     + "n groups) and the one-group family (k); other block lists are checked at "
                                     + "finite ranges")
                }
                return (CopyAverageScope(smallestK: k0, groups: .exactly(1)), nil)
            case .all:
                guard let form = PolynomialForm(groups) else {
                    throw groupsError("the number of groups must be an integer or a parameter")
                }
                if let constant = form.constant {
                    guard let g = constant.intValue, g >= 1, g <= k0 else {
                        throw groupsError("the number of groups must be an integer between 1 and the least k (\(k0))")
                    }
                    return (CopyAverageScope(smallestK: k0, groups: .exactly(g)), nil)
                }
                guard form.variables.count == 1, let name = form.variables.first,
                      form == PolynomialForm(variable: name), name != "k",
                      let range = ranges.first(where: { $0.name == name }),
                      case .integers(let lower, let upper) = range.domain else {
                    throw groupsError("the number of groups must be a parameter n with a range \"n0..k\" or "
                                      + "\"n0..k-m\"")
                }
                let rangeError = file.error(at: range.keyPath, "claim '\(claim.name)' ranges over every k: the range "
                                            + "of \(name) must be \"n0..k\", \"n0..k-m\" or \"n0..n1\" with integers "
                                            + "1 ≤ n0 ≤ n1 ≤ \(k0) (the least k) and m ≥ 0 (got \"\(range.text)\")")
                guard let lowest = PolynomialForm(lower)?.constant?.intValue, lowest >= 1,
                      let upperForm = PolynomialForm(upper) else { throw rangeError }
                if let highest = upperForm.constant?.intValue {
                    guard lowest <= highest, highest <= k0 else { throw rangeError }
                    return (CopyAverageScope(smallestK: k0, groups: .constantRange(lowest: lowest, highest: highest)), name)
                }
                guard let belowK = (PolynomialForm(variable: "k") - upperForm).constant?.intValue, belowK >= 0,
                      lowest <= k0 - belowK else { throw rangeError }
                return (CopyAverageScope(smallestK: k0, groups: .between(lowest: lowest, belowK: belowK)), name)
            }
        }

        func groupsError(_ message: String) -> TheoremFileError {
            file.error(at: "\(family.keyPath).groups", "claim '\(claim.name)' ranges over every k: " + message)
        }

        /// `L*(l)` from `equals`: `sum(E(x) for x in groups)` gives `E(l)`; with one group
        /// an expression in `k` gives itself at `k = l`.
        func lossPerGroup(_ equals: ClosedForms.Expression, scope: CopyAverageScope,
                          groupVariable: String?) throws -> ClosedForms.Expression {
            let l = ClosedForms.Expression(.variable(CopyAverageReduction.sizeVariable), column: 0)
            if case .comprehension(.sum, let body, let variable, let list) = equals.node,
               case .variable("groups") = list.node {
                try requireOnly([variable], in: body, at: "\(claim.keyPath).equals", what: "the summand")
                return rename(body, variable, l)
            }
            if case .exactly(1) = scope.groups {
                try requireOnly(["k"], in: equals, at: "\(claim.keyPath).equals", what: "the loss of the one group")
                return rename(equals, "k", l)
            }
            throw file.error(at: "\(claim.keyPath).equals", "claim '\(claim.name)' ranges over every k: write the "
                             + "loss as a sum over the groups, sum(Lstar(l) for l in groups), so that it can be "
                             + "compared group by group")
        }

        func minimum(_ argmin: PartitionSpecification, value: ClosedForms.Expression?,
                     groupVariable: String?) throws -> Statement {
            guard case .blocks(let blocks) = argmin, let n = groupVariable else {
                throw file.error(at: "\(claim.keyPath).argmin", "claim '\(claim.name)': the minimiser must be a "
                                 + "block list such as (k-n+1, 1^(n-1))")
            }
            let nVariable = ClosedForms.Expression(.variable("n"), column: 0)
            let renamed = blocks.map { (size: rename($0.size, n, nVariable), count: rename($0.count, n, nVariable)) }
            for block in renamed {
                try requireOnly(["k", "n"], in: block.size, at: "\(claim.keyPath).argmin", what: "a block size")
                try requireOnly(["k", "n"], in: block.count, at: "\(claim.keyPath).argmin", what: "a block count")
            }
            let renamedValue = value.map { rename($0, n, nVariable) }
            if let renamedValue {
                try requireOnly(["k", "n"], in: renamedValue, at: "\(claim.keyPath).value", what: "the value")
            }
            return .minimum(argmin: renamed, canonical: Self.isCanonical(renamed), value: renamedValue)
        }

        /// Whether the blocks are `(k−n+1, 1^(n−1))` for every k and n (in either order),
        /// decided on canonical polynomial forms.
        static func isCanonical(_ blocks: [(size: ClosedForms.Expression, count: ClosedForms.Expression)]) -> Bool {
            let k = PolynomialForm(variable: "k"), n = PolynomialForm(variable: "n")
            let one = PolynomialForm(constant: Rational(1))
            let forms = blocks.map { (PolynomialForm($0.size), PolynomialForm($0.count)) }
            let big = (k - n + one, one), ones = (one, n - one)
            func matches(_ f: (PolynomialForm?, PolynomialForm?), _ g: (PolynomialForm, PolynomialForm)) -> Bool {
                f.0 == g.0 && f.1 == g.1
            }
            guard forms.count == 2 else { return false }
            return (matches(forms[0], big) && matches(forms[1], ones)) || (matches(forms[0], ones) && matches(forms[1], big))
        }

        /// `expression` (with the definitions it calls) reads only `names`.
        func requireOnly(_ names: Set<String>, in expression: ClosedForms.Expression, at keyPath: String,
                         what: String) throws {
            do {
                try expression.validate(knownVariables: names, definitions: file.definitions)
                let expanded = try expression.expandingDefinitions(file.definitions)
                let extra = expanded.freeVariables.subtracting(names)
                guard extra.isEmpty else {
                    throw ReductionError("it reads " + extra.sorted().joined(separator: ", "))
                }
            } catch {
                throw file.error(at: keyPath, "claim '\(claim.name)' ranges over every k: \(what) must be a closed "
                                 + "form in " + names.sorted().joined(separator: " and ") + " only (\(error))")
            }
        }

        func rename(_ e: ClosedForms.Expression, _ from: String, _ to: ClosedForms.Expression) -> ClosedForms.Expression {
            from == (to.freeVariables.first ?? "") ? e : e.substitutingVariable(from, with: to)
        }
    }
}
