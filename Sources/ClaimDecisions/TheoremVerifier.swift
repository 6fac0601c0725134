import Foundation
import CertifiedIntervals
import ClosedForms
import TeacherStudent
import TheoremFiles
import Reports

/// How far precision may go, and the work and memory a run may use.
public struct VerificationOptions {
    /// The precision, in bits, every instance starts at.
    public var startPrecision: Int
    /// The largest precision tried before an instance is declared INCONCLUSIVE.
    public var maximumPrecision: Int
    /// The work budget and the memory limit (see `ResourceLimits`).
    public var limits: ResourceLimits
    /// The threads that decide the instances of a claim (≥ 1; 1 is a serial run on the
    /// calling thread). The reports do not depend on it, timing aside.
    public var jobs: Int = 1
    /// The part of the instances this run decides (`--shard i/N`); nil for all.
    public var shard: Shard?

    /// The start precision when neither the file nor the command line sets one.
    public static let defaultStartPrecision = Interval.defaultPrecision
    /// The maximum precision when neither the file nor the command line sets one.
    public static let defaultMaximumPrecision = 4096

    public init(startPrecision: Int = defaultStartPrecision, maximumPrecision: Int = defaultMaximumPrecision,
                limits: ResourceLimits = ResourceLimits()) {
        self.startPrecision = startPrecision
        self.maximumPrecision = max(startPrecision, maximumPrecision)
        self.limits = limits
    }
}

/// Decides every claim of a theorem file for every parameter instance.
///
/// Two stages: `plan()` expands parameter ranges and families into instances and
/// reports every semantic problem of the file (`TheoremFileError`, exit code 65)
/// before any arithmetic; `run(_:progress:)` decides each instance with certified
/// enclosures, starting at `startPrecision` bits and doubling up to `maximumPrecision`
/// while the enclosures are too wide to decide.
public struct TheoremVerifier {
    public let file: TheoremFile
    public let options: VerificationOptions

    public init(file: TheoremFile, options: VerificationOptions) {
        self.file = file
        self.options = options
    }

    // MARK: Planning

    public struct Plan {
        var claims: [PlannedClaim]
        /// The total number of instances (for progress).
        public var instanceCount: Int { claims.reduce(0) { $0 + $1.instances.count } }
    }

    struct PlannedClaim {
        var claim: Claim
        var family: Family?
        var activation: Activation
        var instances: [PlannedInstance]
        /// The claim's ranges that are not finite lists (`l = "2.."`, `x = "[0, pi]"`):
        /// each instance decides the claim for every value of them at once.
        var quantified: [ParameterRange] = []
        /// The decider of a claim over such ranges (else the decider of its kind).
        var decider: ClaimDecider? = nil
    }

    struct PlannedInstance {
        var parameters: ParameterInstance
        /// The configuration's partition (copy-average families); the arg-min for
        /// minimum-over-family claims.
        var partition: [Int]?
        /// All members (minimum-over-family).
        var members: [[Int]]?
        /// The point (kernel claims).
        var point: [ClosedForms.Expression]?
        /// The sizes of the networks evaluated (claims about a family).
        var size: NetworkSize?
        /// The quantified ranges at this instance (claims over ranges that are not
        /// finite lists), in the order of `PlannedClaim.quantified`.
        var quantified: [EvaluatedRange] = []
    }

    /// Expands every claim into instances. Throws `TheoremFileError` for semantic
    /// problems found on the way (empty ranges, partitions that do not sum to `k`, …).
    public func plan() throws -> Plan {
        let configurations = FamilyConfigurations(file: file)
        // Planning evaluates range bounds: it has a budget of its own, as large as the run's.
        let planningBudget = WorkBudget(limit: options.limits.workBudget)
        var planned: [PlannedClaim] = []
        for claim in file.claims {
            let family = claim.familyName.flatMap { file.family(named: $0) }
            let ranges = parameterRanges(for: claim, family: family)
            try checkRangeBoundCosts(ranges)
            if ranges.contains(where: { !$0.isFiniteList }) {
                planned.append(try planOverRanges(claim, family, ranges, configurations, planningBudget))
                continue
            }
            let parameterInstances = try ParameterInstances.expand(ranges, file: file, workBudget: planningBudget)
            var instances: [PlannedInstance] = []
            let activation = try self.activation(claim, family, parameterInstances.first, configurations)
            if let family { try checkFamilyAgainstSetting(family) }
            var plannedMembers = 0
            for instance in parameterInstances {
                if let family {
                    plannedMembers = plannedMembers.addingReportingOverflow(
                        try configurations.memberCount(family, instance)).partialValue
                    if plannedMembers > Self.maximumPlannedMembers || plannedMembers < 0 {
                        throw file.error(at: "\(claim.keyPath).name",
                                         "claim '\(claim.name)' would have more than \(Self.maximumPlannedMembers) "
                                         + "configurations (parameter instances × members of family '\(family.name)', "
                                         + "reached at \(configurations.describe(instance))); narrow the ranges")
                    }
                    try checkSizes(claim, family, instance, configurations)
                }
                instances += try plannedInstances(claim, family, instance, configurations)
            }
            if let family {
                for index in instances.indices {
                    instances[index].size = try networkSize(family, instances[index], configurations)
                }
            }
            try checkMorseIndexPartitions(claim, occurring: instances.compactMap(\.partition))
            planned.append(PlannedClaim(claim: claim, family: family, activation: activation, instances: instances))
        }
        let plan = Plan(claims: planned)
        try checkResources(plan)
        return plan
    }

    /// The activation of a claim's instances: its own, its family's, else the setting's.
    func activation(_ claim: Claim, _ family: Family?, _ instance: ParameterInstance?,
                    _ configurations: FamilyConfigurations) throws -> Activation {
        let activationName = claim.activation ?? family?.activation ?? file.setting.activation
        let (beta, betaPath): (ClosedForms.Expression?, String) =
            claim.activation != nil ? (claim.erfBeta, "\(claim.keyPath).beta")
            : family?.activation != nil ? (family?.erfBeta, "\(family!.keyPath).beta")
            : (file.setting.erfBeta, "setting.beta")
        return try configurations.activation(activationName, beta: beta, instance: instance ?? ParameterInstance(values: []),
                                             keyPath: betaPath)
    }

    /// The most configurations one claim may plan (parameter instances × members of
    /// its family), counted before any is built.
    static let maximumPlannedMembers = 1_000_000

    /// The planned instances of `claim` at one parameter instance: one per partition of
    /// a copy-average family, the arg-min with every member, or one per kernel point.
    func plannedInstances(_ claim: Claim, _ family: Family?, _ instance: ParameterInstance,
                          _ configurations: FamilyConfigurations) throws -> [PlannedInstance] {
        var result: [PlannedInstance] = []
        switch claim.kind {
        case .criticalPoint, .loss, .hessian:
            guard let family else { return [] }
            if let partitions = try configurations.partitions(family, instance) {
                for partition in partitions {
                    result.append(PlannedInstance(parameters: instance, partition: partition))
                }
            } else {
                result.append(PlannedInstance(parameters: instance))
            }
        case .minimumOverFamily(let argmin, _):
            guard let family, let members = try configurations.partitions(family, instance),
                  case .blocks(let terms) = argmin else { return [] }
            let k = try configurations.teacherNeurons(instance, keyPath: "\(claim.keyPath).argmin")
            let best = try configurations.blocks(terms, instance, k: k, keyPath: "\(claim.keyPath).argmin")
            if let groups = members.first?.count, best.count != groups {
                throw file.error(at: "\(claim.keyPath).argmin",
                                 "the arg-min (\(best.map(String.init).joined(separator: ", "))) has \(best.count) groups, "
                                 + "but the family's members have \(groups) (at \(configurations.describe(instance)))")
            }
            result.append(PlannedInstance(parameters: instance, partition: best, members: members))
        case .comparison:
            if let family, let partitions = try configurations.partitions(family, instance) {
                for partition in partitions {
                    result.append(PlannedInstance(parameters: instance, partition: partition))
                }
            } else {
                result.append(PlannedInstance(parameters: instance))
            }
        case .kernel(let points):
            for point in points { result.append(PlannedInstance(parameters: instance, point: point)) }
        }
        return result
    }

    /// The largest number of weight entries (neurons × dimension) of one network.
    static let maximumWeightEntries = 4_000_000
    /// The largest number of student parameters for claims that need the Hessian: a
    /// sanity bound on sizes only. What memory allows is decided before anything is built,
    /// by the planning estimate (`ResourceModel.hessianBytes` against the memory limit:
    /// about 3700 parameters at the default 8 GiB and 128 bits).
    static let maximumHessianParameters = 10_000

    /// Copy-average and one-neuron averages are defined against the orthonormal teacher.
    func checkFamilyAgainstSetting(_ family: Family) throws {
        guard case .explicit = file.setting.teacher else { return }
        switch family.kind {
        case .copyAverage, .oneNeuronAverage:
            throw file.error(at: "\(family.keyPath).kind",
                             "copy-average and one-neuron-average configurations average the vectors e_j of the "
                             + "orthonormal teacher; use teacher = \"orthonormal\" (or an explicit family)")
        case .explicit, .numerical:
            return
        }
    }

    /// Refuses sizes whose dense matrices could not be built (exit 65, not a crash).
    func checkSizes(_ claim: Claim, _ family: Family, _ instance: ParameterInstance,
                    _ configurations: FamilyConfigurations) throws {
        let d = try configurations.inputDimension(instance, keyPath: "setting.dimension")
        let k = try configurations.teacherNeurons(instance, keyPath: "setting.teacher")
        let at = configurations.describe(instance)
        guard k.multipliedReportingOverflow(by: d).partialValue <= Self.maximumWeightEntries,
              !k.multipliedReportingOverflow(by: d).overflow else {
            throw file.error(at: "parameters", "the teacher would have k·d = \(k)·\(d) weights at \(at); "
                             + "at most \(Self.maximumWeightEntries) are supported")
        }
        var students: Int
        switch family.kind {
        case .copyAverage:
            // Every member of "all" has n groups; explicit blocks are one partition.
            if case .copyAverage(.all, let groups, _, _) = family.kind {
                students = (try? groups.exactValue(in: instance.environment(file.definitions)))??.intValue ?? 1
            } else {
                students = (try configurations.partitions(family, instance))?.map(\.count).max() ?? 1
            }
        case .oneNeuronAverage: students = 1
        case .explicit(let rows, _):
            students = rows.count
            guard rows.first?.count == d else {
                throw file.error(at: "\(family.keyPath).input-weights",
                                 "the student's rows have \(rows.first?.count ?? 0) entries but d = \(d) (at \(at))")
            }
        case .numerical:
            students = try configurations.numericalStudents(family, instance) ?? 1
        }
        guard students * d <= Self.maximumWeightEntries else {
            throw file.error(at: family.keyPath, "the student would have \(students)·\(d) weights at \(at); "
                             + "at most \(Self.maximumWeightEntries) are supported")
        }
        var needsHessian = false
        switch claim.kind {
        case .hessian: needsHessian = true
        case .criticalPoint(let proof): needsHessian = proof == .krawczyk
        default: needsHessian = false
        }
        if case .numerical = family.kind { needsHessian = true }
        if needsHessian && students * (d + 1) > Self.maximumHessianParameters {
            throw file.error(at: claim.keyPath, "this claim needs the Hessian in n(d+1) = \(students * (d + 1)) parameters "
                             + "at \(at); at most \(Self.maximumHessianParameters) are supported")
        }
    }

    /// The ranges a claim runs over: all of the file's parameters for claims about a
    /// family; for expression claims, only the parameters their expressions use
    /// (directly, through definitions, or through the bounds of other ranges); then the
    /// claim's own ranges.
    func parameterRanges(for claim: Claim, family: Family?) -> [ParameterRange] {
        // A claim's `for` may restrict a file parameter (same name): it replaces it in place.
        let overrides = Dictionary(claim.ranges.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let fileParameters = file.parameters.map { overrides[$0.name] ?? $0 }
        let fileNames = Set(file.parameters.map(\.name))
        let ownRanges = claim.ranges.filter { !fileNames.contains($0.name) }
        if family != nil { return fileParameters + ownRanges }
        var used = Set<String>()
        func use(_ e: ClosedForms.Expression) { used.formUnion(Dependencies.variables(of: e, definitions: file.definitions)) }
        switch claim.kind {
        case .comparison(let left, _, let right): use(left); use(right)
        case .kernel(let points): points.joined().forEach(use)
        default: break
        }
        if let beta = claim.erfBeta { use(beta) }
        for range in ownRanges { range.boundExpressions.forEach(use) }
        // Close over the bounds of the file's parameters.
        var changed = true
        while changed {
            changed = false
            for range in fileParameters where used.contains(range.name) {
                let before = used.count
                range.boundExpressions.forEach(use)
                if used.count != before { changed = true }
            }
        }
        return fileParameters.filter { used.contains($0.name) } + ownRanges
    }

    // MARK: Running

    /// The typed decisions of one claim, in the order of its planned instances.
    struct ClaimDecision {
        var planned: PlannedClaim
        var instances: [InstanceDecision]
        var seconds: Double
        /// The weakest bound over the instances.
        var worstBound: WorstBound? { instances.reduce(nil) { WorstBound.worse($0, $1.worstBound) } }
        var verdict: Verdict { instances.isEmpty ? .inconclusive : Verdict.weakest(instances.map(\.verdict)) }
    }

    /// Decides every planned instance (those of `options.shard` only, when set), on
    /// `options.jobs` threads. `progress` is called after each instance (from any
    /// thread, one call at a time). Each decision is rendered into its report row as soon
    /// as it is final and then dropped (`StreamedClaimReport`): memory holds the rows the
    /// reports print, not the evidence behind them.
    public func run(_ plan: Plan, progress: ((RunProgress) -> Void)? = nil) -> TheoremReport {
        let started = Date()
        let (claims, runner) = streamedReports(plan, progress: progress)
        return ReportBuilder(file: file, options: options).report(claims, seconds: Date().timeIntervalSince(started),
                                                                   workBudget: runner.workBudget)
    }

    /// The report of every claim, each built while its instances are decided, and the
    /// runner that decided them (its budget). With `shardRows`, each claim also keeps the
    /// `ShardInstance` rows of a shard report.
    func streamedReports(_ plan: Plan, shardRows: Bool = false,
                         progress: ((RunProgress) -> Void)? = nil) -> ([StreamedClaimReport], AdaptivePrecision) {
        let selected = selectedInstances(plan)
        var reports: [StreamedClaimReport] = []
        let runner = decide(plan, selected: selected, progress: progress, startClaim: { claim, _ in
            reports.append(StreamedClaimReport(planned: claim, keepsShardRows: shardRows))
        }, consume: { position, decision in
            reports[reports.count - 1].add(decision, position: position)
        }, endClaim: { seconds in
            reports[reports.count - 1].seconds = seconds
        })
        for c in plan.claims.indices where shardRows {
            reports[c].assignPlanIndices(selected[c])
        }
        return (reports, runner)
    }

    /// The typed decisions of every claim, and the runner that made them (its budget).
    /// Claims run one after the other; the instances of a claim on `options.jobs`
    /// threads (`ParallelDecisions`), with decisions and budget charges identical to a
    /// serial run. Keeps every decision whole (for tests and callers that need the
    /// evidence); `run` streams them into report rows instead.
    func decide(_ plan: Plan, progress: ((RunProgress) -> Void)? = nil) -> ([ClaimDecision], AdaptivePrecision) {
        var claims: [ClaimDecision] = []
        let runner = decide(plan, selected: selectedInstances(plan), progress: progress, startClaim: { claim, count in
            claims.append(ClaimDecision(planned: claim, instances: [], seconds: 0))
            claims[claims.count - 1].instances.reserveCapacity(count)
        }, consume: { _, decision in
            claims[claims.count - 1].instances.append(decision)
        }, endClaim: { seconds in
            claims[claims.count - 1].seconds = seconds
        })
        return (claims, runner)
    }

    /// Decides the `selected` instances of every claim, claim after claim, handing each
    /// decision to `consume` (on the calling thread, in instance order, once it is final)
    /// and keeping none: `startClaim` gets the claim with its selected instances before
    /// the first, `endClaim` the claim's seconds after the last.
    func decide(_ plan: Plan, selected: [[Int]], progress: ((RunProgress) -> Void)?,
                startClaim: (PlannedClaim, Int) -> Void, consume: (Int, InstanceDecision) -> Void,
                endClaim: (Double) -> Void) -> AdaptivePrecision {
        let total = selected.reduce(0) { $0 + $1.count }
        let runner = AdaptivePrecision(file: file, options: options)
        let tracker = ProgressTracker(total: total, report: progress)
        for (index, planned) in plan.claims.enumerated() {
            let claimStart = Date()
            var claim = planned
            claim.instances = selected[index].map { planned.instances[$0] }
            tracker.startClaim(name: planned.claim.name, instances: claim.instances.count)
            startClaim(claim, claim.instances.count)
            let family = FamilyIdentity(planned)
            let laterClaimsUseFamily = plan.claims[(index + 1)...].contains { FamilyIdentity($0) == family }
            let cache = runner.cache
            ParallelDecisions(runner: runner, jobs: options.jobs)
                .decide(claim, claim.instances, decided: { instance in
                    // An instance's evaluations that no later claim can use are dropped at once,
                    // so that memory does not grow with the number of instances. No other
                    // instance of the claim reads them (`EvaluationCache`); a serial re-run of
                    // the instance (`ParallelDecisions`) computes them again, identically.
                    if !laterClaimsUseFamily {
                        let partitions = Set([instance.partition, nil] + (instance.members ?? []).map { Optional($0) })
                        cache.drop(family: family, parameters: instance.parameters.values.map {
                            .init(name: $0.name, value: $0.value) }, partitions: partitions)
                    }
                }, done: { tracker.instanceDone() }, consume: consume)
            endClaim(Date().timeIntervalSince(claimStart))
            // Evaluations of families that no later claim uses are dropped.
            runner.cache.retain(only: Set(plan.claims[(index + 1)...].map(FamilyIdentity.init)))
        }
        return runner
    }

    /// The planned indices of the instances this run decides, claim by claim: all of
    /// them, or those `options.shard` owns (`ShardAssignment`).
    public func selectedInstances(_ plan: Plan) -> [[Int]] {
        guard let shard = options.shard else { return plan.claims.map { Array($0.instances.indices) } }
        let owners = ShardAssignment.owners(plan, shards: shard.count)
        return owners.map { claimOwners in claimOwners.indices.filter { claimOwners[$0] == shard.index - 1 } }
    }
}
