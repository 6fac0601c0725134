import CertifiedIntervals
import ClosedForms
import ExactArithmetic
import RangeProofs
import TeacherStudent

/// One established fact of a proof: an identity, an inequality or the lemma.
public struct ProofStep: CustomStringConvertible {
    public enum Kind: String, Sendable { case identity, inequality, lemma }
    public var kind: Kind
    /// What was established, e.g. "A_w(l) ≡ 0 for all real l ≥ 1".
    public var statement: String
    /// How: the prover's method, or the lemma's argument.
    public var method: String
    /// The side conditions the identity needed, each certified over its whole domain.
    public var sideConditions: [SideCondition] = []
    /// Inequalities: the branch and bound's figures.
    public var boxes: Int?
    public var integerInstances: Int?
    public var smallestMargin: LowerBound?

    public var description: String {
        var text = "\(statement) — \(method)"
        if !sideConditions.isEmpty {
            text += " (\(sideConditions.count) side condition" + (sideConditions.count == 1 ? "" : "s")
                + " certified over the whole range)"
        }
        return text
    }
}

/// A configuration of the scope that certainly contradicts the claim.
public struct TheoremCounterexample {
    public var k: Int
    public var n: Int
    /// The group sizes, in non-increasing order.
    public var partition: [Int]
    /// What is enclosed, in terms of the reduced quantities ("∂L/∂a_1 = A_a(2) + B_a(2, 1)").
    public var quantity: String
    /// Its certified enclosure, which excludes what the claim needs.
    public var value: Interval
}

/// The decision of a statement about every copy-average configuration of a scope.
public enum TheoremVerdict {
    /// Every step holds: the statement is a theorem for the whole scope.
    case proved([ProofStep])
    /// A configuration of the scope certainly contradicts it.
    case refuted(TheoremCounterexample)
    /// Neither; `established` lists the steps that did hold.
    case inconclusive(reason: String, established: [ProofStep])
}

/// The copy-average theorems for every k (mathematics.md §3 F1–F4, §7), decided from a
/// `CopyAverageReduction`:
///
/// - `criticality()` (F1, F4): every configuration of the scope is a critical point ⇔
///   the gradient quantities vanish identically (one-size ones only when the scope has
///   one group);
/// - `lossDecomposition(lStar:)` (F2): `L = Σ_i L*(ℓ_i)` ⇔ `L1 ≡ L*` and
///   `L2(l, lp) + L2(lp, l) ≡ 0`;
/// - `minimum(…)` (F3): among the configurations with n groups, `(k−n+1, 1, …, 1)` is
///   the unique minimiser (with the claimed value), from F2's identities, the strict
///   concavity of `L1` on the integers (a certified inequality for all l ≥ 2) and the
///   transfer lemma (see the README).
///
/// Every decision first searches the configurations with the smallest k of the scope
/// for a certified counterexample (enclosures of the assembled quantities), then proves
/// the identities exactly (`IdentityProver`, side conditions certified by
/// `SideConditionCertifier`) and the inequality by branch and bound (`RangeProver`).
/// PROVED only when every step is established; REFUTED only with a configuration of the
/// scope; else INCONCLUSIVE with the step that failed and why.
public struct CopyAverageTheorems {
    public let reduction: CopyAverageReduction
    public let scope: CopyAverageScope
    /// Bits of the enclosures (counterexample search, side conditions, inequalities).
    public var precision = 128
    /// Charged by the range proofs.
    public var budget: WorkBudget?
    /// The counterexample search covers `k < smallestK + searchSizes`.
    public var searchSizes = 7
    /// … and at most this many configurations.
    public var maximumSearchedConfigurations = 2000

    public init(reduction: CopyAverageReduction, scope: CopyAverageScope) {
        self.reduction = reduction
        self.scope = scope
    }

    typealias Quantity = CopyAverageReduction.Quantity
    static let l = CopyAverageReduction.sizeVariable, lp = CopyAverageReduction.otherSizeVariable

    // MARK: F1, F4

    /// Every configuration of the scope is a critical point.
    public func criticality() -> TheoremVerdict {
        let search = searchCounterexample { try criticalityCounterexample(configuration: $0) }
        if let counterexample = search.counterexample { return .refuted(counterexample) }
        var steps: [ProofStep] = []
        let quantities: [Quantity] = scope.hasSeveralGroups ? Quantity.gradient : [.aGradientOwn, .wGradientOwn]
        for quantity in quantities {
            switch proveIdentity(reduction.expression(quantity), name: "\(quantity)(\(arguments(quantity)))",
                                 twoSizes: quantity.isTwoSize, conditions: reduction.assumptions(for: quantity),
                                 meaning: quantity.meaning) {
            case .success(let step): steps.append(step)
            case .failure(let failure):
                if let counterexample = counterexample(at: failure.witness, criticality: true)
                    ?? extendedSearch({ try criticalityCounterexample(configuration: $0) }) {
                    return .refuted(counterexample)
                }
                return .inconclusive(reason: failure.reason + search.note + extendedNote, established: steps)
            }
        }
        return .proved(steps)
    }

    // MARK: F2

    /// `L = Σ_i L*(ℓ_i)` for every configuration of the scope; `lStar` is a closed form
    /// in `l` (it may call the reduction's definitions).
    public func lossDecomposition(lStar: ClosedForms.Expression) -> TheoremVerdict {
        let search = searchCounterexample { try lossCounterexample(configuration: $0, lStar: lStar) }
        if let counterexample = search.counterexample { return .refuted(counterexample) }
        var steps: [ProofStep] = []
        for (expression, name, twoSizes, conditions) in lossIdentities(lStar: lStar) {
            switch proveIdentity(expression, name: name, twoSizes: twoSizes, conditions: conditions, meaning: nil) {
            case .success(let step): steps.append(step)
            case .failure(let failure):
                if let witness = failure.witness, let partition = witnessPartition(witness),
                   let counterexample = try? lossCounterexample(configuration: partition, lStar: lStar) {
                    return .refuted(counterexample)
                }
                if let counterexample = extendedSearch({ try lossCounterexample(configuration: $0, lStar: lStar) }) {
                    return .refuted(counterexample)
                }
                return .inconclusive(reason: failure.reason + search.note + extendedNote, established: steps)
            }
        }
        return .proved(steps)
    }

    /// The identities of F2: `L1(l) − L*(l) ≡ 0` and, with several groups,
    /// `L2(l, lp) + L2(lp, l) ≡ 0`.
    func lossIdentities(lStar: ClosedForms.Expression)
        -> [(ClosedForms.Expression, String, Bool, [SideCondition])] {
        var result = [(subtract(reduction.expression(.lossOwn), lStar), "L1(l) − L*(l)", false,
                       reduction.assumptions(for: .lossOwn))]
        if scope.hasSeveralGroups {
            result.append((antisymmetricPart(reduction.expression(.lossCross)), "L2(l, lp) + L2(lp, l)", true,
                           reduction.assumptions(for: .lossCross)))
        }
        return result
    }

    // MARK: F3

    /// Among the configurations with n groups (for every k and n of the scope), the loss
    /// is smallest exactly at `argmin(k, n)`, with value `value` (a closed form in `k`
    /// and `n`, optional). `argminIsCanonical` says that `argmin(k, n)` is
    /// `(k−n+1, 1, …, 1)` for every k and n (the caller has shown it exactly); only
    /// then can the claim be PROVED.
    public func minimum(argmin: (Int, Int) -> [Int]?, argminIsCanonical: Bool,
                        value: ClosedForms.Expression?) -> TheoremVerdict {
        let search = searchMinimumCounterexample(argmin: argmin, value: value)
        if let counterexample = search.counterexample { return .refuted(counterexample) }
        guard argminIsCanonical else {
            return .inconclusive(reason: "the claimed minimiser is not (k−n+1, 1^(n−1)) for every k and n, so the "
                                 + "lemma does not apply" + search.note, established: [])
        }
        var steps: [ProofStep] = []
        // φ: the loss of one group, as L*(l) = value(k = l, n = 1) when a value is claimed.
        var phi = reduction.expression(.lossOwn)
        var phiName = "L1"
        if let value {
            phi = substitute(value, ["k": variable(Self.l), "n": number(1)]).simplifyingPolynomials()
            phiName = "L*"
        }
        var identities = [(ClosedForms.Expression, String, Bool, [SideCondition])]()
        if value != nil { identities += lossIdentities(lStar: phi).prefix(1) }
        if scope.hasSeveralGroups {
            identities.append((antisymmetricPart(reduction.expression(.lossCross)), "L2(l, lp) + L2(lp, l)", true,
                               reduction.assumptions(for: .lossCross)))
        }
        for (expression, name, twoSizes, conditions) in identities {
            switch proveIdentity(expression, name: name, twoSizes: twoSizes, conditions: conditions, meaning: nil) {
            case .success(let step): steps.append(step)
            case .failure(let failure):
                if let counterexample = extendedMinimumSearch(argmin: argmin, value: value) {
                    return .refuted(counterexample)
                }
                return .inconclusive(reason: failure.reason + search.note + extendedNote, established: steps)
            }
        }
        if scope.hasSeveralGroups {
            switch proveConcavity(phi, name: phiName) {
            case .success(let step): steps.append(step)
            case .failure(let failure):
                if let counterexample = extendedMinimumSearch(argmin: argmin, value: value) {
                    return .refuted(counterexample)
                }
                return .inconclusive(reason: failure.reason + search.note + extendedNote, established: steps)
            }
            steps.append(ProofStep(kind: .lemma,
                                   statement: "among the partitions of k into n positive parts, Σ \(phiName)(ℓ_i) is "
                                       + "smallest exactly at (k−n+1, 1^(n−1))",
                                   method: "transfer lemma (Karamata's inequality for strictly concave sequences): "
                                       + "moving one unit from a part a ≥ 2 to a part b ≥ a changes the sum by "
                                       + "Δ(b) − Δ(a−1) < 0, Δ(j) = \(phiName)(j+1) − \(phiName)(j) strictly "
                                       + "decreasing; every other partition reaches (k−n+1, 1^(n−1)) by such moves"))
        }
        if let value {
            // value(m + n − 1, n) − φ(m) − (n − 1)·φ(1) ≡ 0 for m, n ≥ 1.
            let m = "m"
            let atArgmin = substitute(value, ["k": Symbolic.variable(m).expression + "n" - 1])
            let phiOfM = substitute(phi, [Self.l: variable(m)])
            let phiOfOne = substitute(phi, [Self.l: number(1)])
            let expression = (Symbolic(atArgmin) - Symbolic(phiOfM)
                              - (Symbolic.variable("n") - 1) * Symbolic(phiOfOne)).expression.simplifyingPolynomials()
            let domain = RealInterval.atLeast(Rational(1))
            switch proveIdentity(expression, name: "value(m+n−1, n) − \(phiName)(m) − (n−1)·\(phiName)(1)",
                                 variables: [(m, domain), ("n", domain)], conditions: [], meaning: nil) {
            case .success(let step): steps.append(step)
            case .failure(let failure):
                if let counterexample = extendedMinimumSearch(argmin: argmin, value: value) {
                    return .refuted(counterexample)
                }
                return .inconclusive(reason: failure.reason + search.note + extendedNote, established: steps)
            }
        }
        return .proved(steps)
    }

    /// `φ(l+1) − 2φ(l) + φ(l−1) < 0` for every integer `l ≥ 2`, by `RangeProver`.
    func proveConcavity(_ phi: ClosedForms.Expression, name: String) -> Result<ProofStep, StepFailure> {
        let l = Symbolic.variable(Self.l)
        let next = substitute(phi, [Self.l: (l + 1).expression])
        let previous = substitute(phi, [Self.l: (l - 1).expression])
        let difference = (Symbolic(next) - 2 * Symbolic(phi) + Symbolic(previous)).expression
        let statement = "\(name)(l+1) − 2 \(name)(l) + \(name)(l−1) < 0 for every integer l ≥ 2"
        let problem = RangeProblem(expression: difference, relation: .less, variable: Self.l,
                                   domain: .integers(from: 2), definitions: reduction.definitions)
        do {
            switch try RangeProver.decide(problem, precision: precision, budget: budget) {
            case .proved(let certificate):
                var step = ProofStep(kind: .inequality, statement: statement, method: certificate.method)
                step.boxes = certificate.boxes
                step.integerInstances = certificate.integerInstances
                step.smallestMargin = certificate.smallestMargin
                return .success(step)
            case .refuted(let counterexample):
                return .failure(StepFailure(reason: "\(name) is not strictly concave on the integers: the second "
                                            + "difference at l = \(counterexample.point) is "
                                            + "\(counterexample.value.compactDescription(digits: 8)) (\(counterexample.how))",
                                            witness: nil))
            case .inconclusive(let unresolved, let reason):
                return .failure(StepFailure(reason: "the strict concavity of \(name) is not proved on \(unresolved): "
                                            + reason, witness: nil))
            }
        } catch {
            return .failure(StepFailure(reason: "the strict concavity of \(name) cannot be posed: \(error)", witness: nil))
        }
    }

    // MARK: Identities

    struct StepFailure: Error {
        var reason: String
        /// An exact point where the identity's expression is certainly not 0.
        var witness: [String: Rational]?
    }

    func arguments(_ quantity: Quantity) -> String { quantity.isTwoSize ? "l, lp" : "l" }

    func proveIdentity(_ expression: ClosedForms.Expression, name: String, twoSizes: Bool,
                       conditions: [SideCondition], meaning: String?) -> Result<ProofStep, StepFailure> {
        let domain = RealInterval.atLeast(Rational(scope.smallestGroupSize))
        let variables = twoSizes ? [(Self.l, domain), (Self.lp, RealInterval.atLeast(Rational(1)))] : [(Self.l, domain)]
        return proveIdentity(expression, name: name, variables: variables, conditions: conditions, meaning: meaning)
    }

    /// `expression ≡ 0` on the product of the domains, exactly, with every side condition
    /// (the prover's and `conditions`) certified over it.
    func proveIdentity(_ expression: ClosedForms.Expression, name: String,
                       variables: [(name: String, domain: RealInterval)], conditions: [SideCondition],
                       meaning: String?) -> Result<ProofStep, StepFailure> {
        let range = variables.map { "\($0.name) \($0.domain.lower.value.map { "≥ \($0)" } ?? "")" }
            .joined(separator: ", ")
        let statement = "\(name) ≡ 0 for all real \(range)" + (meaning.map { " (\($0))" } ?? "")
        if case .number(let r) = expression.node, r.signum == 0 {
            return .success(ProofStep(kind: .identity, statement: statement,
                                      method: "the reduced closed form is the literal 0 (exact kernel facts, e.g. "
                                          + "κ(x, y, 0) = 0)"))
        }
        switch IdentityProver.prove(expression, variables: variables, definitions: reduction.definitions) {
        case .identicallyZero(let sideConditions, let method):
            let all = conditions + sideConditions
            if let failure = certify(all, variables: variables) {
                return .failure(StepFailure(reason: "\(name) ≡ 0 holds where its side conditions hold, but \(failure)",
                                            witness: nil))
            }
            var step = ProofStep(kind: .identity, statement: statement, method: method)
            step.sideConditions = all
            return .success(step)
        case .notIdentical(let witness):
            return .failure(StepFailure(reason: "\(name) is not identically 0: at \(witness.pointDescription) it is "
                                        + "exactly \(witness.value)", witness: witness.point))
        case .undecided(let reason):
            return .failure(StepFailure(reason: "\(name) ≡ 0 is not decided: \(reason)", witness: nil))
        }
    }

    // MARK: Side conditions

    /// nil when every condition is certified over the domains; else what failed.
    func certify(_ conditions: [SideCondition], variables: [(name: String, domain: RealInterval)]) -> String? {
        let names = Set(variables.map(\.name))
        var seen = Set<SideCondition>()
        for condition in conditions {
            for piece in split(condition, variables: names) where seen.insert(piece).inserted {
                if let failure = certifyPiece(piece, variables: variables, names: names) {
                    // A condition the prover cannot decide as a whole (e.g. `1/sqrt(l) > 0`,
                    // whose Taylor model at infinity does not exist) may still follow from
                    // sufficient conditions on its factors.
                    let factors = split(piece, variables: [], always: true)
                    guard factors != [piece],
                          factors.allSatisfy({ certifyPiece($0, variables: variables, names: names) == nil }) else {
                        return failure
                    }
                }
            }
        }
        return nil
    }

    /// nil when `piece` is certified over the domains of the variables it reads.
    func certifyPiece(_ piece: SideCondition, variables: [(name: String, domain: RealInterval)],
                      names: Set<String>) -> String? {
        let used = dependencies(piece.expression).intersection(names)
        if used.isEmpty {
            return holdsAsConstant(piece) ? nil : "the side condition \(piece) is not certified"
        }
        let domains = variables.filter { used.contains($0.name) }
        do {
            let results = try SideConditionCertifier.certify([piece], variables: domains,
                                                             definitions: reduction.definitions,
                                                             precision: precision, budget: budget)
            if let result = results.first, !result.isCertified {
                return "the side condition \(piece) is not certified: \(result.verdict.summary)"
            }
            return nil
        } catch {
            return "the side condition \(piece) cannot be certified: \(error)"
        }
    }

    /// Sufficient conditions in fewer variables: `A·B > 0` ⇐ `A > 0 ∧ B > 0`, `A/B ≠ 0` ⇐
    /// `A ≠ 0 ∧ B ≠ 0`, `sqrt(A) > 0` (or `≠ 0`) ⇐ `A > 0`, `A^n ≠ 0` ⇐ `A ≠ 0`, `−A ≠ 0` ⇐
    /// `A ≠ 0`. Conditions in at most one of the variables are kept as they are.
    /// With `always`, every product, quotient, square root and negation is split, whatever
    /// the variables (used when a condition could not be certified as a whole).
    func split(_ condition: SideCondition, variables: Set<String>, always: Bool = false) -> [SideCondition] {
        guard always || dependencies(condition.expression).intersection(variables).count >= 2 else { return [condition] }
        func piece(_ e: ClosedForms.Expression, _ requirement: SideCondition.Requirement) -> [SideCondition] {
            split(SideCondition(expression: e, requirement: requirement, reason: condition.reason), variables: variables,
                  always: always)
        }
        switch (condition.requirement, condition.expression.node) {
        case (.positive, .binary(let op, let a, let b)) where op == .multiply || op == .divide:
            return piece(a, .positive) + piece(b, .positive)
        case (.nonzero, .binary(let op, let a, let b)) where op == .multiply || op == .divide:
            return piece(a, .nonzero) + piece(b, .nonzero)
        case (.nonzero, .binary(.power, let a, let n)):
            if case .number(let r) = n.node, r.isInteger { return piece(a, .nonzero) }
            return [condition]
        case (.positive, .function(.sqrt, let arguments)), (.nonzero, .function(.sqrt, let arguments)):
            return piece(arguments[0], .positive)
        case (.nonzero, .negate(let a)):
            return piece(a, .nonzero)
        default:
            return [condition]
        }
    }

    func dependencies(_ e: ClosedForms.Expression) -> Set<String> {
        ((try? e.expandingDefinitions(reduction.definitions)) ?? e).freeVariables
    }

    func holdsAsConstant(_ condition: SideCondition) -> Bool {
        guard let value = try? condition.expression.enclosure(in: Environment(definitions: reduction.definitions),
                                                              precision: precision) else { return false }
        switch condition.requirement {
        case .positive: return value.isPositive
        case .nonzero: return !value.containsZero
        case .insideOpenUnitInterval:
            return Interval.certainlyLess(Interval(-1, precision: precision), value)
                && Interval.certainlyLess(value, Interval(1, precision: precision))
        }
    }

    // MARK: Counterexamples

    /// The first configuration of the search (smallest k first) that `check` finds
    /// contradicting the claim; `note` mentions what was searched, for INCONCLUSIVE reasons.
    func searchCounterexample(_ check: ([Int]) throws -> TheoremCounterexample?)
        -> (counterexample: TheoremCounterexample?, note: String) {
        let configurations = scope.smallConfigurations(sizes: searchSizes, limit: maximumSearchedConfigurations)
        var failures: [String] = []
        for configuration in configurations {
            do {
                if let counterexample = try check(configuration.partition) { return (counterexample, "") }
            } catch {
                if failures.count < 3 { failures.append("\(configuration.partition): \(error)") }
            }
        }
        var note = "; no counterexample among the \(configurations.count) configurations with k < "
            + "\(scope.smallestK + searchSizes)"
        if !failures.isEmpty { note += " (not evaluable: " + failures.joined(separator: "; ") + ")" }
        return (nil, note)
    }

    /// The sizes of the extended search, when a step fails: one group up to this size…
    static let extendedSingle = 64
    /// … and two groups up to this total size.
    static let extendedPair = 40

    var extendedNote: String {
        "; nor among the configurations of the range with one group (\(Self.extendedSingle) sizes from the least k) or "
            + "two groups (\(Self.extendedPair) total sizes from the least k)"
    }

    /// The first configuration of one or two groups of the scope (beyond the small-k
    /// search) that `check` finds contradicting the claim.
    func extendedSearch(_ check: ([Int]) throws -> TheoremCounterexample?) -> TheoremCounterexample? {
        for partition in scope.oneAndTwoGroupConfigurations(largestSingle: Self.extendedSingle,
                                                            largestPair: Self.extendedPair) {
            if let counterexample = try? check(partition) { return counterexample }
        }
        return nil
    }

    /// The minimum claim at (k, n) with n ≤ 2 for the larger k of the extended search.
    func extendedMinimumSearch(argmin: (Int, Int) -> [Int]?, value: ClosedForms.Expression?) -> TheoremCounterexample? {
        var instances: [(Int, Int)] = []
        let first = max(1, scope.smallestK)
        for k in first..<(first + Self.extendedSingle) where scope.contains(partition: [k]) { instances.append((k, 1)) }
        // Two groups: k/2 members each, so only while that stays small.
        for k in max(2, first)..<(max(2, first) + Self.extendedPair) where k <= 400 && scope.contains(partition: [k - 1, 1]) {
            instances.append((k, 2))
        }
        for (k, n) in instances {
            if let counterexample = minimumCounterexample(k: k, n: n, members: Configurations.partitions(of: k, into: n),
                                                          argmin: argmin, value: value) {
                return counterexample
            }
        }
        return nil
    }

    /// The partition of a witness point of the prover, when it is a configuration of the
    /// scope: `(ℓ)` for one size, `(ℓ, ℓ')` for two.
    func witnessPartition(_ witness: [String: Rational]?) -> [Int]? {
        guard let witness, let l = witness[Self.l]?.intValue, l >= 1 else { return nil }
        var partition = [l]
        if let lp = witness[Self.lp] {
            guard let lp = lp.intValue, lp >= 1 else { return nil }
            partition.append(lp)
        }
        partition.sort(by: >)
        return scope.contains(partition: partition) ? partition : nil
    }

    func counterexample(at witness: [String: Rational]?, criticality: Bool) -> TheoremCounterexample? {
        guard let partition = witnessPartition(witness) else { return nil }
        return try? criticalityCounterexample(configuration: partition)
    }

    /// A gradient component of the configuration whose enclosure excludes 0.
    func criticalityCounterexample(configuration partition: [Int]) throws -> TheoremCounterexample? {
        let assembled = try reduction.assemble(partition: partition, precision: precision)
        let n = partition.count
        func others(_ i: Int, _ q: Quantity) -> String {
            (0..<n).filter { $0 != i }.map { " + \(q)(\(partition[i]), \(partition[$0]))" }.joined()
        }
        func make(_ quantity: String, _ value: Interval) -> TheoremCounterexample {
            TheoremCounterexample(k: partition.reduce(0, +), n: n, partition: partition, quantity: quantity, value: value)
        }
        for i in 0..<n {
            let l = partition[i]
            if !assembled.outputWeightGradient[i].containsZero {
                return make("∂L/∂a_\(i + 1) = A_a(\(l))" + others(i, .aGradientCross), assembled.outputWeightGradient[i])
            }
            if !assembled.ownGroupGradient[i].containsZero {
                return make("∂L/∂w_\(i + 1) along its own group = A_w(\(l))" + others(i, .wGradientCross),
                            assembled.ownGroupGradient[i])
            }
            for j in 0..<n where j != i {
                if let value = assembled.otherGroupGradient[i][j], !value.containsZero {
                    return make("∂L/∂w_\(i + 1) along group \(j + 1) = C_w(\(l), \(partition[j]))", value)
                }
            }
        }
        return nil
    }

    /// `L − Σ L*(ℓ_i)` excluding 0.
    func lossCounterexample(configuration partition: [Int], lStar: ClosedForms.Expression) throws
        -> TheoremCounterexample? {
        let assembled = try reduction.assemble(partition: partition, precision: precision)
        var claimed = Interval.zero(precision: precision)
        for l in partition {
            claimed = claimed + (try lStar.enclosure(in: reduction.environment(l: l), precision: precision))
        }
        let difference = assembled.loss - claimed
        guard !difference.containsZero else { return nil }
        return TheoremCounterexample(k: partition.reduce(0, +), n: partition.count, partition: partition,
                                     quantity: "L − Σ L*(ℓ_i)", value: difference)
    }

    /// For each (k, n) of the search: a member certainly below the claimed minimiser, or
    /// the minimiser's loss certainly different from the claimed value.
    func searchMinimumCounterexample(argmin: (Int, Int) -> [Int]?, value: ClosedForms.Expression?)
        -> (counterexample: TheoremCounterexample?, note: String) {
        let configurations = scope.smallConfigurations(sizes: searchSizes, limit: maximumSearchedConfigurations)
        var byInstance: [[Int]: [[Int]]] = [:]
        var order: [[Int]] = []
        for c in configurations {
            let key = [c.k, c.n]
            if byInstance[key] == nil { order.append(key) }
            byInstance[key, default: []].append(c.partition)
        }
        var failures: [String] = []
        for key in order {
            let (k, n) = (key[0], key[1])
            do {
                if let counterexample = try minimumCounterexampleThrowing(k: k, n: n, members: byInstance[key]!,
                                                                           argmin: argmin, value: value) {
                    return (counterexample, "")
                }
            } catch {
                if failures.count < 3 { failures.append("k = \(k), n = \(n): \(error)") }
            }
        }
        var note = "; no counterexample among the \(configurations.count) configurations with k < "
            + "\(scope.smallestK + searchSizes)"
        if !failures.isEmpty { note += " (not evaluable: " + failures.joined(separator: "; ") + ")" }
        return (nil, note)
    }

    func minimumCounterexample(k: Int, n: Int, members: [[Int]], argmin: (Int, Int) -> [Int]?,
                               value: ClosedForms.Expression?) -> TheoremCounterexample? {
        (try? minimumCounterexampleThrowing(k: k, n: n, members: members, argmin: argmin, value: value)) ?? nil
    }

    /// At (k, n): the claimed minimiser's loss certainly different from `value`, or a
    /// member's loss certainly below it.
    func minimumCounterexampleThrowing(k: Int, n: Int, members: [[Int]], argmin: (Int, Int) -> [Int]?,
                                       value: ClosedForms.Expression?) throws -> TheoremCounterexample? {
        guard let claimed = argmin(k, n)?.sorted(by: >), members.contains(claimed) else { return nil }
        let claimedLoss = try reduction.assemble(partition: claimed, precision: precision).loss
        if let value {
            let environment = Environment(variables: ["k": .exact(Rational(k)), "n": .exact(Rational(n))],
                                          definitions: reduction.definitions)
            let difference = claimedLoss - (try value.enclosure(in: environment, precision: precision))
            if !difference.containsZero {
                return TheoremCounterexample(k: k, n: n, partition: claimed,
                                             quantity: "L(\(claimed)) − value(k, n)", value: difference)
            }
        }
        for member in members where member != claimed {
            let gap = try reduction.assemble(partition: member, precision: precision).loss - claimedLoss
            if gap.isNegative {
                return TheoremCounterexample(k: k, n: n, partition: member,
                                             quantity: "L(\(member)) − L(\(claimed))", value: gap)
            }
        }
        return nil
    }

    // MARK: Building expressions

    func variable(_ name: String) -> ClosedForms.Expression { Symbolic.variable(name).expression }
    func number(_ n: Int) -> ClosedForms.Expression { Symbolic.number(n).expression }

    func subtract(_ a: ClosedForms.Expression, _ b: ClosedForms.Expression) -> ClosedForms.Expression {
        (Symbolic(a) - Symbolic(b)).expression
    }

    /// `f(l, lp) + f(lp, l)`.
    func antisymmetricPart(_ f: ClosedForms.Expression) -> ClosedForms.Expression {
        let swapped = substitute(f, [Self.l: variable(Self.lp), Self.lp: variable(Self.l)])
        return (Symbolic(f) + Symbolic(swapped)).expression
    }

    /// Simultaneous substitution of variables (through fresh names, so that swaps work).
    func substitute(_ e: ClosedForms.Expression, _ map: [String: ClosedForms.Expression]) -> ClosedForms.Expression {
        var result = e
        var fresh: [(String, ClosedForms.Expression)] = []
        for (index, (name, replacement)) in map.sorted(by: { $0.key < $1.key }).enumerated() {
            let temporary = "__substitution\(index)"
            result = result.substituting(name, with: variable(temporary))
            fresh.append((temporary, replacement))
        }
        for (temporary, replacement) in fresh { result = result.substituting(temporary, with: replacement) }
        return result
    }
}

private func + (a: ClosedForms.Expression, name: String) -> ClosedForms.Expression {
    (Symbolic(a) + Symbolic.variable(name)).expression
}

private func - (a: ClosedForms.Expression, n: Int) -> ClosedForms.Expression {
    (Symbolic(a) - Symbolic.number(n)).expression
}
