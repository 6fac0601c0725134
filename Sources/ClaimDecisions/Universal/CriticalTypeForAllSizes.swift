import CertifiedIntervals
import CertifiedLinearAlgebra
import ClosedForms
import RangeProofs
import SymmetryReduction
import TeacherStudent
import TheoremFiles

/// `hessian` claims (type or Morse index) about the copy-average family
/// `partitions = "(k-n+1, 1^(n-1))"` with `n = "k-m+1..k-m+1"` (one average of a fixed
/// number m ≥ 2 of teacher neurons and n − 1 copies) over `k = "k0.."`, decided for every k:
///
/// 1. every such point is exactly critical for every k (F1, `CopyAverageTheorems.criticality`:
///    exact identities in the group sizes);
/// 2. its Hessian, in the symmetry-adapted basis of `SymmetryAdaptedHessian` (an invertible
///    congruence, Sylvester's law), is block diagonal with blocks whose entries are
///    polynomials in n and multiplicities integer polynomials in n (`oneAverageFamily`),
///    valid from `validFrom`; below it each instance's numeric blocks are used;
/// 3. the inertia of every block for every n (`PolynomialMatrixInertia`: Berkowitz's
///    characteristic polynomial, signs of its coefficients on integer ranges, Descartes'
///    rule, exact for the real-rooted χ of a symmetric matrix), and
///    Morse index = Σ multiplicity × negative (`CriticalTypeJudgement`).
enum CriticalTypeForAllSizes {

    /// The plan, or a file error naming what is not supported. `reader` has read the
    /// family (copy-average), `k0` the least k.
    static func plan(claim: Claim, hessian: HessianClaim, family: Family, ranges: [ParameterRange],
                     file: TheoremFile, reader: CopyAverageForAllSizes.Reader,
                     incoming: ClosedForms.Expression, outgoing: ClosedForms.Expression,
                     specification: PartitionSpecification, smallestK k0: Int) throws -> FamilyClaimsForAllSizes.Plan {
        let unsupported = { (message: String) -> TheoremFileError in
            file.error(at: "\(family.keyPath).partitions", "claim '\(claim.name)' (hessian) ranges over k = "
                       + "\"\(reader.kRange.text)\": \(message)")
        }
        guard case .blocks(let blocks) = specification, CopyAverageForAllSizes.Reader.isCanonical(blocks) else {
            throw unsupported("for every k the type is decided for partitions = \"(k-n+1, 1^(n-1))\" with n = "
                              + "\"k-m+1..k-m+1\" (a fixed average size m ≥ 2) only; other families need a finite range of k")
        }
        guard let nRange = ranges.first(where: { $0.name == "n" }), case .integers(let lower, let upper) = nRange.domain,
              let lowerForm = PolynomialForm(lower), let upperForm = PolynomialForm(upper), lowerForm == upperForm,
              let below = (PolynomialForm(variable: "k") - lowerForm).constant?.intValue, below >= 1, below <= 1000 else {
            throw file.error(at: ranges.first(where: { $0.name == "n" })?.keyPath ?? "parameters.n",
                             "claim '\(claim.name)' (hessian) ranges over every k: n must be \"k-m+1..k-m+1\" with a "
                             + "fixed integer m ≥ 2 (the size of the average; e.g. n = \"k-1..k-1\" for (2, 1, …, 1))")
        }
        let m = below + 1
        guard k0 - below >= 1 else {
            throw file.error(at: reader.kRange.keyPath, "claim '\(claim.name)': at the least k = \(k0) there is no "
                             + "configuration (n = k − \(below) < 1); start k at \(below + 1) or more")
        }
        let offset = try dimensionOffset(file: file, claim: claim)
        let requirement: Decider.Claimed
        switch hessian {
        case .localMinimum: requirement = .localMinimum
        case .saddle: requirement = .saddle
        case .morseIndex(let expression, let table):
            guard table.isEmpty else {
                throw file.error(at: "\(claim.keyPath).morse-index-by-partition", "claim '\(claim.name)' ranges over every "
                                 + "k: its family has one partition per k, so write the index as an expression in k and n")
            }
            try reader.requireOnly(["k", "n"], in: expression, at: "\(claim.keyPath).morse-index", what: "the Morse index")
            requirement = .index(try expression.expandingDefinitions(file.definitions))
        default:
            throw file.error(at: "\(claim.keyPath).type", "claim '\(claim.name)' ranges over every k: the type for every "
                             + "k is decided for type = \"local-minimum\", \"saddle\" or morse-index = \"<expression in k, n>\"")
        }
        let decider = Decider(incoming: incoming, outgoing: outgoing, averageSize: m, dimensionOffset: offset,
                              claimed: requirement, kRange: reader.kRange, smallestK: k0)
        return FamilyClaimsForAllSizes.Plan(instances: [ParameterInstance(values: [])], decider: decider)
    }

    /// e in d = k + e (0 when the dimension is unset).
    static func dimensionOffset(file: TheoremFile, claim: Claim) throws -> Int {
        guard let dimension = file.setting.dimension else { return 0 }
        guard let form = PolynomialForm(dimension), let e = (form - PolynomialForm(variable: "k")).constant?.intValue,
              e >= 0, e <= 1000 else {
            throw file.error(at: "setting.dimension", "claim '\(claim.name)' ranges over every k: the dimension must be "
                             + "k + e with an integer 0 ≤ e ≤ 1000")
        }
        return e
    }

    // MARK: The source of the sectors

    /// Where the blocks come from (the symmetry-adapted Hessian of `TeacherStudent`;
    /// replaceable in tests).
    struct SectorSource {
        /// The family's polynomial sectors and the least n where they are valid.
        var family: (_ m: Int, _ e: Int, _ activation: Activation, _ coefficient: @escaping (Int) throws -> Interval,
                     _ outgoing: @escaping (Int) throws -> Interval, _ precision: Int) throws
            -> (validFrom: Int, sectors: [PolynomialSector])
        /// The sectors' certified inertia at one instance.
        var instance: (_ partition: [Int], _ d: Int, _ activation: Activation,
                       _ coefficient: @escaping (Int) throws -> Interval, _ outgoing: @escaping (Int) throws -> Interval,
                       _ precision: Int) throws -> [SectorInstanceInertia]
        /// Exact zeros in the family's blocks (`FamilyExactZeros`): the product's source has
        /// them; a synthetic source in tests has none (nil: the blocks are used as given).
        var exactZeros: ((_ sectors: [PolynomialSector], _ m: Int, _ e: Int, _ activation: Activation,
                          _ incoming: ClosedForms.Expression, _ outgoing: ClosedForms.Expression, _ definitions: Definitions,
                          _ coefficient: @escaping (Int) throws -> Interval, _ outgoingWeight: @escaping (Int) throws -> Interval,
                          _ precision: Int) -> FamilyExactZeros.Outcome)? = nil

        static let symmetryAdaptedHessian = SectorSource(
            family: { m, e, activation, coefficient, outgoing, precision in
                let blocks = try SymmetryAdaptedHessian.oneAverageFamily(
                    averageSize: m, orthogonalOffset: e, activation: activation, coefficient: coefficient,
                    outgoingWeight: outgoing, precision: precision, scalar: PolynomialScalar.self)
                let sectors = blocks.sectors.map { sector in
                    PolynomialSector(identifier: sector.identifier, description: sector.description,
                                     multiplicityNumerator: sector.multiplicityNumerator.coefficients,
                                     multiplicityDenominator: sector.multiplicityDenominator,
                                     block: sector.block.map { $0.map(\.polynomial) })
                }
                return (blocks.validFrom, sectors)
            },
            instance: { partition, d, activation, coefficient, outgoing, precision in
                let sectors = try SymmetryAdaptedHessian.sectors(partition: partition, inputDimension: d,
                                                                 activation: activation, coefficient: coefficient,
                                                                 outgoingWeight: outgoing, precision: precision)
                return sectors.map { sector in
                    let inertia: SymmetricInertia.Inertia?
                    if case .certified(let certified) = SymmetricInertia.certify(sector.block) { inertia = certified } else { inertia = nil }
                    return SectorInstanceInertia(identifier: sector.identifier, multiplicity: sector.multiplicity,
                                                 blockSize: sector.blockSize,
                                                 positive: inertia?.positive, negative: inertia?.negative)
                }
            },
            exactZeros: { sectors, m, e, activation, incoming, outgoing, definitions, coefficient, outgoingWeight, precision in
                FamilyExactZeros.refine(sectors, averageSize: m, orthogonalOffset: e, activation: activation,
                                        incoming: incoming, outgoing: outgoing, definitions: definitions,
                                        coefficient: coefficient, outgoingWeight: outgoingWeight, precision: precision)
            })
    }

    /// `IntervalPolynomial` as the scalar of the sector evaluation.
    struct PolynomialScalar: SectorScalar {
        var polynomial: IntervalPolynomial
        static func + (x: Self, y: Self) -> Self { Self(polynomial: x.polynomial + y.polynomial) }
        static func - (x: Self, y: Self) -> Self { Self(polynomial: x.polynomial - y.polynomial) }
        static func * (x: Self, y: Self) -> Self { Self(polynomial: x.polynomial * y.polynomial) }
        static func constant(_ value: Interval) -> Self { Self(polynomial: .constant(value)) }
        static func count(_ count: CountPolynomial, precision: Int) -> Self {
            Self(polynomial: IntervalPolynomial(integers: count.coefficients, precision: max(precision, 64)))
        }
    }

    /// Replaced in tests; the product uses the symmetry-adapted Hessian.
    static var source = SectorSource.symmetryAdaptedHessian

    // MARK: Deciding

    struct Decider: ClaimDecider {
        enum Claimed {
            case localMinimum, saddle
            /// The Morse index as an expression in k and n (definitions expanded).
            case index(ClosedForms.Expression)
        }

        var incoming: ClosedForms.Expression
        var outgoing: ClosedForms.Expression
        var averageSize: Int
        var dimensionOffset: Int
        var claimed: Claimed
        var kRange: ParameterRange
        var smallestK: Int

        func decide(_ context: InstanceContext, _ decision: inout InstanceDecision) throws {
            decision.retry = .final
            let m = averageSize, offset = m - 1, e = dimensionOffset
            let interval = RealInterval.integers(from: smallestK)
            let range = EvaluatedRange(name: "k", range: kRange, provedOver: interval, certainlyInside: interval,
                                       lowerText: "\(smallestK)", upperText: nil)
            var evidence = UniversalEvidence(variables: [range], method: .none)
            let family = "(\(m), 1^(n−1)), n = k − \(offset), d = k" + (e == 0 ? "" : " + \(e)")
            defer { decision.universal = evidence }

            // 1. Every point is exactly critical, for every k.
            let reduction = try CopyAverageReduction(activation: context.claim.activation, incoming: incoming,
                                                     outgoing: outgoing, definitions: context.file.definitions)
            let n0 = smallestK - offset
            var theorems = CopyAverageTheorems(reduction: reduction,
                                               scope: CopyAverageScope(smallestK: smallestK,
                                                                       groups: .between(lowest: n0, belowK: offset)))
            theorems.precision = context.precision
            theorems.budget = context.workBudget
            let criticalSteps: [ProofStep]
            switch theorems.criticality() {
            case .proved(let steps): criticalSteps = steps
            case .refuted(let counterexample):
                decision.verdict = .refuted
                evidence.method = .reduction("the copy-average configurations of \(family) are not all critical points")
                evidence.counterexample = UniversalCounterexample(
                    point: [("k", Rational(counterexample.k)), ("n", Rational(counterexample.n))],
                    quantity: "not a critical point: \(counterexample.quantity)", value: counterexample.value)
                return
            case .inconclusive(let reason, _):
                decision.verdict = .inconclusive
                evidence.method = .reduction("symmetry-adapted Hessian of \(family)")
                evidence.reason = "criticality for every k is not established: \(reason)"
                return
            }

            // 3. What is claimed.
            let definitions = context.file.definitions
            let requirement: CriticalTypeJudgement.Requirement
            switch claimed {
            case .localMinimum:
                requirement = .index(claimedAt: { _ in Rational(0) }, polynomial: [], text: "0 (local minimum)")
            case .saddle:
                requirement = .saddle
            case .index(let expression):
                requirement = .index(claimedAt: { n in
                    let environment = Environment(variables: ["k": .exact(Rational(n + offset)), "n": .exact(Rational(n))],
                                                  definitions: definitions)
                    return (try? expression.exactValue(in: environment)) ?? nil
                }, polynomial: Self.polynomialInN(expression, offset: offset), text: "\"\(expression)\"")
            }
            // 2. The sectors (polynomial blocks from `validFrom`, numeric ones below) and the
            //    verdict, at the working precision and, while undecided, at twice and four
            //    times it (up to the maximum): exact zeros known only as enclosures limit the
            //    range of n the enclosures decide, and narrower enclosures push that limit.
            var exactZeros: FamilyExactZeros.Outcome? = nil     // of the last attempt
            func attempt(_ precision: Int) throws -> CriticalTypeJudgement.Outcome? {
                // 2. The sectors: polynomial blocks from `validFrom`, numeric ones below.
                func at(_ l: Int) -> Environment {
                    Environment(variables: ["l": .exact(Rational(l))], definitions: definitions)
                }
                let incoming = self.incoming, outgoing = self.outgoing
                let coefficient: (Int) throws -> Interval = { l in try incoming.enclosure(in: at(l), precision: precision) }
                let outgoingWeight: (Int) throws -> Interval = { l in try outgoing.enclosure(in: at(l), precision: precision) }
                let source = CriticalTypeForAllSizes.source
                var (validFrom, sectors) = try source.family(m, e, context.claim.activation, coefficient, outgoingWeight, precision)
                // Coefficients that are exactly 0 made exact (proved, never from enclosures).
                exactZeros = nil
                if let refine = source.exactZeros {
                    let refined = refine(sectors, m, e, context.claim.activation, incoming, outgoing, definitions,
                                         coefficient, outgoingWeight, precision)
                    sectors = refined.sectors
                    exactZeros = refined
                }
                let firstPolynomialN = max(validFrom, n0)
                var instances: [(n: Int, sectors: [SectorInstanceInertia])] = []
                for n in n0..<max(n0, firstPolynomialN) {
                    let partition = [m] + Array(repeating: 1, count: n - 1)
                    let k = n + offset
                    instances.append((n, try source.instance(partition.sorted(by: >), k + e, context.claim.activation,
                                                             coefficient, outgoingWeight, precision)))
                }
                // The sectors must cover the n(d + 1) parameters exactly (a catalogue that misses
                // or repeats a direction would give a wrong index): Σ multiplicity × size =
                // n(n + m − 1 + e + 1) as polynomials in n, and at each instance.
                var covered: [Rational] = []
                for sector in sectors {
                    for (i, c) in sector.multiplicityNumerator.enumerated() {
                        if covered.count <= i { covered += Array(repeating: Rational(0), count: i + 1 - covered.count) }
                        covered[i] = covered[i] + Rational(c * sector.block.count, sector.multiplicityDenominator)
                    }
                }
                let dimension: [Rational] = [0, Rational(m + e), 1]      // n(d + 1) with d = n + m − 1 + e
                var uncovered = CriticalTypeJudgement.subtract(covered, dimension)
                if uncovered.isEmpty {
                    for (n, instance) in instances where instance.reduce(0, { $0 + $1.multiplicity * $1.blockSize })
                        != n * (n + m + e) {
                        uncovered = [Rational(n)]
                    }
                }
                guard uncovered.isEmpty else { return nil }
                let pieces = try MorseIndexForEveryN.pieces(sectors, from: firstPolynomialN, precision: precision)
                return CriticalTypeJudgement.judge(requirement, offset: offset, instances: instances, pieces: pieces)

            }
            var precision = context.precision
            var outcome = try attempt(precision)
            while case .inconclusive = outcome, precision * 2 <= min(context.maximumPrecision, 4 * context.precision) {
                precision *= 2
                outcome = try attempt(precision)
            }
            guard let outcome else {
                decision.verdict = .inconclusive
                evidence.method = .reduction("symmetry-adapted Hessian of \(family)")
                evidence.reason = "the symmetry sectors do not add up to the n(d + 1) parameters (Σ multiplicity × block "
                    + "size ≠ n(d + 1)): the decomposition is not trusted"
                return
            }
            // The criticality steps by name only (their statements and methods are the F1
            // claim's proof): "A_a(l), A_w(l), … ≡ 0".
            let criticalNames = criticalSteps.map { $0.statement.components(separatedBy: " ≡").first ?? $0.statement }
            let criticality = "every (\(m), 1^(n−1)) point is exactly critical for every k (F1: the reduced gradient "
                + "forms " + criticalNames.joined(separator: ", ") + " are ≡ 0, proved exactly)"
            let method = "symmetry-adapted Hessian of \(family): the blocks' characteristic polynomials in n, their "
                + "coefficients' signs for every integer n, Descartes' rule (exact for symmetric matrices), "
                + "Morse index = Σ multiplicity × negative eigenvalues (blocks at \(precision) bits)"
            let exactStep = exactZeros?.proofStep
            let exactNote = exactZeros?.note
            switch outcome {
            case .proved(let steps):
                decision.verdict = .proved
                evidence.method = .reduction(method + ": " + ([criticality] + (exactStep.map { [$0] } ?? []) + steps)
                    .joined(separator: "; "))
            case let .refuted(k, n, actual, claimedText, explanation):
                decision.verdict = .refuted
                evidence.method = .reduction(method)
                evidence.counterexample = UniversalCounterexample(
                    point: [("k", Rational(k)), ("n", Rational(n))],
                    quantity: "at the copy-average point (\(m)\(String(repeating: ", 1", count: n - 1))): "
                        + explanation + " (claimed: \(claimedText)); the Morse index",
                    value: Interval(actual, precision: precision))  // exact for integers below 2^precision
            case let .inconclusive(reason, established):
                decision.verdict = .inconclusive
                evidence.method = .reduction(method + (established.isEmpty ? "" : "; established: "
                                                       + ([criticality] + (exactStep.map { [$0] } ?? []) + established)
                                                        .joined(separator: "; ")))
                evidence.reason = reason + (exactNote.map { " (\($0))" } ?? "")
            }
        }

        /// The claimed index as a polynomial in n with k = n + offset (exact rational
        /// coefficients, constant first), nil when it is not a polynomial in k and n.
        static func polynomialInN(_ expression: ClosedForms.Expression, offset: Int) -> [Rational]? {
            let n = ClosedForms.Expression(.variable("n"), column: 0)
            let k = ClosedForms.Expression(.binary(.add, n, ClosedForms.Expression(.number(Rational(offset)), column: 0)),
                                           column: 0)
            guard let form = PolynomialForm(expression.substitutingVariable("k", with: k)),
                  form.variables.isSubset(of: ["n"]) else { return nil }
            var coefficients: [Rational] = []
            for (monomial, coefficient) in form.terms {
                let power = monomial["n"] ?? 0
                if coefficients.count <= power {
                    coefficients += Array(repeating: Rational(0), count: power + 1 - coefficients.count)
                }
                coefficients[power] = coefficients[power] + coefficient
            }
            while let last = coefficients.last, last.signum == 0 { coefficients.removeLast() }
            return coefficients
        }
    }
}
