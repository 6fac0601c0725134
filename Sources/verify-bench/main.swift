// Benchmarks of the certified evaluation (`make bench`). Not a test: it prints one
// line per case,
//
//     bench <case> seconds=<s> cpu_seconds=<c> peak_mib=<m>
//
// where seconds is the wall time of the evaluation alone (after building the
// configuration), cpu_seconds the CPU time of the same section (the figure to compare
// on a loaded machine) and peak_mib the peak resident memory of the process that ran the
// case. Each case runs in a fresh child process so that peaks do not accumulate.
//
// The `theorem-*` cases time what the product runs: the release `verify` (next to
// this binary) on each file of theorems/, start to finish, with its peak memory.
// The `*-structured-*` cases time the block-structured copy-average evaluation of
// the TeacherStudent library, which `verify` uses for the loss and gradient of every
// closed-form copy-average configuration of the orthonormal teacher (laid out as the
// dense gradient, which adds O(n·k) copies to what these cases time).
//
// The `morse-index-N*` and `krawczyk-N*` cases (issue 14) time the dense path on points
// without symmetry: the Hessian and its certified inertia at N ≈ 150, 400, 1000
// parameters, and the Krawczyk proof of an exact critical point with the Morse index from
// the Hessian over its box.
// `reduction-copy-average-all-k` times F1–F3 for every k by the copy-average reduction
// (SymmetryReduction: identities, side conditions, the concavity range proof); the
// `theorem-copy_average_all_k.toml` case times the whole file through `verify`.
//
// The `exact-*` cases time ExactArithmetic (Calcium): the exact zero test of the asin
// identity of the copy-average family at l = 5, and its proof for all real l ≥ 1.
// The `range-*` cases time `RangeProver.decide` on the concavity of
// L*(l) = l/3 − 2l²/π·asin(1/(2l)) over unbounded ranges (branch and bound plus the
// Taylor model in t = 1/l at infinity), and one refutation found only beyond 10^6.
//
// The `verify-critical-types*` cases time what `verify` runs for one claim of
// theorems/critical_types.toml, through the decision layer (plan, instances, exact
// criticality, symmetry sectors, reports): `verify-critical-types` the Morse index of every
// copy-average point with k ≤ 12 (claim `ca-morse-index`), `-optimal-k50` the Morse index of
// the optimal point (k − n + 1, 1^(n−1)) for n = k − 1, k − 2 up to k = 50
// (`optimal-ca-morse-index`). Run from the package root (they read the shipped file).
//
// The `sectors-*` cases time the symmetry-adapted Hessian sectors (Morse indices of
// copy-average points from blocks computed at class level; the dense Hessian is never
// formed): every partition of every k ≤ 20, and the optimal point at k = 100 and 1000.
//
// `critical-point-all-partitions-k40` (issue 14) runs the release `verify` on a critical-point
// claim over all 37338 partitions of k = 40 (erf, orthonormal teacher, d = k): the whole
// product, start to finish — planning, every instance, the reports (JSON written) —
// with the wall time, the CPU time and the peak memory of that child process. The theorem
// file is written to a temporary directory (`criticalPointAllPartitionsFile`).
//
// `verify-bench newton-erf-copies-1024` (or `-4096`) runs only when named: it shows the
// convergence of Newton's method at high precision (steps and residuals).
import Foundation
import CertifiedIntervals
import CertifiedLinearAlgebra
import ClosedForms
import RangeProofs
import TeacherStudent
import ExactArithmetic
import SymmetryReduction
import TheoremFiles
import ClaimDecisions
import Reports

let precision = 256

/// The optimal copy-average partition (k − n + 1, 1, …, 1) with n = k/2.
func optimalPartition(k: Int) -> [Int] {
    let n = k / 2
    return [k - n + 1] + Array(repeating: 1, count: n - 1)
}

func denseProblem(k: Int, n: Int? = nil) -> TeacherStudentProblem {
    let partition = n.map { [k - $0 + 1] + Array(repeating: 1, count: $0 - 1) } ?? optimalPartition(k: k)
    return TeacherStudentProblem(
        activation: .standardErf,
        teacher: Configurations.orthonormalTeacher(neurons: k, inputDimension: k, precision: precision),
        student: Configurations.copyAverageStudent(partition: partition, inputDimension: k, precision: precision))
}

/// The optimal copy-average point for k = d (n = k/2 students) with every weight moved
/// by 0.01 · uniform[-1, 1) (seed 14): dense, without symmetry, near a saddle.
func perturbedCopyAverageProblem(k: Int) -> TeacherStudentProblem {
    let base = denseProblem(k: k)
    var random = NumericalRefinement.SplitMix64(seed: 14)
    let student = base.student
    let rows = (0..<student.width).map { i in
        (0..<student.inputDimension).map { t in
            Interval(student.inputWeights[i, t].midpointAsDouble + 0.01 * random.symmetricUnit(), precision: precision)
        }
    }
    let outputs = student.outputWeights.map { Interval($0.midpointAsDouble + 0.01 * random.symmetricUnit(), precision: precision) }
    return TeacherStudentProblem(activation: .standardErf, teacher: base.teacher,
                                 student: Configurations.explicit(inputWeights: rows, outputWeights: outputs, precision: precision))
}

/// A teacher without symmetry (k = d, v_j = e_j + 0.1 · uniform[-1, 1), b_j = 1 + 0.1 ·
/// uniform, seed 14, as doubles) and the student equal to it: the global minimum, an exact
/// critical point with n(d + 1) = k(k + 1) parameters.
func perturbedTeacherMinimum(k: Int) -> TeacherStudentProblem {
    var random = NumericalRefinement.SplitMix64(seed: 14)
    let rows = (0..<k).map { j in
        (0..<k).map { t in Interval((t == j ? 1.0 : 0.0) + 0.1 * random.symmetricUnit(), precision: precision) }
    }
    let outputs = (0..<k).map { _ in Interval(1 + 0.1 * random.symmetricUnit(), precision: precision) }
    let teacher = Configurations.explicit(inputWeights: rows, outputWeights: outputs, precision: precision)
    return TeacherStudentProblem(activation: .standardErf, teacher: teacher, student: teacher)
}

func peakResidentMiB() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024   // ru_maxrss is in KiB on Linux
}

/// User + system CPU seconds of this process so far.
func processCPUSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
        + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

/// The CPU seconds of the last `timed` section: on a machine shared with other jobs the
/// wall time can be several times the work; the CPU time is what the work costs.
var lastCPUSeconds = 0.0

func timed(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    let cpuStart = processCPUSeconds()
    try body()
    lastCPUSeconds = processCPUSeconds() - cpuStart
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

/// The Morse index of the standard erf copy-average point of `partition` on `R^d` from the
/// symmetry-adapted sectors; nil when a block's inertia is undecided.
/// Exits with status 70 when the sectors' dimensions do not add up to `n(d + 1)`.
func sectorMorseIndex(_ partition: [Int], d: Int) throws -> Int? {
    let sectors = try SymmetryAdaptedHessian.sectors(
        partition: partition, inputDimension: d, activation: .standardErf,
        coefficient: { Configurations.standardCopyAverageCoefficient($0, precision: precision) },
        outgoingWeight: { Interval($0, precision: precision) }, precision: precision)
    if sectors.reduce(0, { $0 + $1.multiplicity * $1.blockSize }) != partition.count * (d + 1) {
        FileHandle.standardError.write("sector dimensions do not add up for \(partition), d = \(d)\n".data(using: .utf8)!)
        exit(70)
    }
    return SymmetryAdaptedHessian.morseIndex(sectors).index
}

/// Runs one case in this process and prints its line. The printed `detail` shows a
/// figure of the result so that the work cannot be optimised away.
func run(_ name: String) throws {
    var seconds = 0.0
    var detail = ""
    switch name {
    case "loss-gradient-dense-k200", "loss-gradient-dense-k800":
        let k = name.hasSuffix("k200") ? 200 : 800
        let problem = denseProblem(k: k)
        var result: LossAndGradient?
        seconds = try timed { result = try DenseEvaluation.lossAndGradient(problem, precision: precision) }
        detail = "max_abs_grad<=\(result!.gradientMaxAbs.upperDecimal(digits: 3))"
    case "loss-gradient-structured-k800", "loss-gradient-structured-k100000":
        let k = name.hasSuffix("k800") ? 800 : 100_000
        var result: BlockStructuredEvaluation.Result?
        seconds = try timed {
            let classes = BlockStructuredEvaluation.classes(
                partition: optimalPartition(k: k), precision: precision,
                coefficient: { Configurations.standardCopyAverageCoefficient($0, precision: precision) },
                outgoingWeight: { Interval($0, precision: precision) })
            result = try BlockStructuredEvaluation.lossAndGradient(classes: classes, activation: .standardErf,
                                                                   precision: precision)
        }
        detail = "max_abs_grad<=\(result!.gradientMaxAbs.upperDecimal(digits: 3))"
    case "reduction-copy-average-all-k":
        // F1, F2, F3 for every k by the copy-average reduction (SymmetryReduction), as
        // theorems/copy_average_all_k.toml states them, without the file reader.
        var definitions = Definitions()
        try definitions.add(Definition(name: "c", parameters: ["l"], parsing: "1/sqrt(l*(2*l - 1))"))
        try definitions.add(Definition(name: "a", parameters: ["l"], parsing: "l"))
        try definitions.add(Definition(name: "Lstar", parameters: ["l"], parsing: "l/3 - 2*l^2/pi*asin(1/(2*l))"))
        let reduction = try CopyAverageReduction(activation: .standardErf, incoming: ExpressionParser.parse("c(l)"),
                                                 outgoing: ExpressionParser.parse("a(l)"), definitions: definitions)
        let theorems = CopyAverageTheorems(reduction: reduction,
                                           scope: CopyAverageScope(smallestK: 1, groups: .between(lowest: 1, belowK: 0)))
        let lStar = try ExpressionParser.parse("Lstar(l)"), value = try ExpressionParser.parse("Lstar(k-n+1)")
        var verdicts: [TheoremVerdict] = []
        seconds = timed {
            verdicts = [theorems.criticality(), theorems.lossDecomposition(lStar: lStar),
                        theorems.minimum(argmin: { k, n in [k - n + 1] + Array(repeating: 1, count: n - 1) },
                                         argminIsCanonical: true, value: value)]
        }
        detail = zip(["F1", "F2", "F3"], verdicts).map { name, verdict in
            switch verdict {
            case .proved(let steps): return "\(name)=PROVED(\(steps.count) steps)"
            case .refuted: return "\(name)=REFUTED"
            case .inconclusive: return "\(name)=INCONCLUSIVE"
            }
        }.joined(separator: " ")
    case "certify-point-erf-k5-n4", "certify-point-erf-k10-n8":
        // `verify certify` without the file: the optimal copy-average point (k−n+1, 1, …, 1)
        // rounded to float64 and moved by 1e-12 per weight (seed 14), refined by damped
        // Newton and certified at 128 bits (Krawczyk, loss, inertia over the box).
        let k = name.hasSuffix("n4") ? 5 : 10, n = k - k / 5
        let base = denseProblem(k: k, n: n)
        var random = NumericalRefinement.SplitMix64(seed: 14)
        let student = base.student
        let rows = (0..<n).map { i in (0..<k).map { t in
            Interval(student.inputWeights[i, t].midpointAsDouble + 1e-12 * random.symmetricUnit(), precision: 128) } }
        let outputs = student.outputWeights.map { Interval($0.midpointAsDouble + 1e-12 * random.symmetricUnit(), precision: 128) }
        let input = TeacherStudentProblem(activation: .standardErf, teacher: base.teacher.withPrecision(128),
                                          student: Configurations.explicit(inputWeights: rows, outputWeights: outputs, precision: 128))
        var verdict = ""
        seconds = timed {
            switch PointCertification.certify(input, options: .init(precision: 128)) {
            case .certified(let certified, let steps):
                verdict = "PROVED newton_steps=\(steps) morse_index=\(certified.inertia.map { "\($0.negative)" } ?? "?")"
            case .inconclusive(let reason, _, _): verdict = "INCONCLUSIVE (\(reason))"
            }
        }
        detail = "parameters=\(n * (k + 1)) \(verdict)"
    case "hessian-k12-n6":
        let problem = denseProblem(k: 12, n: 6)
        var size = 0
        seconds = try timed { size = try DenseEvaluation.hessian(problem, precision: precision).size }
        detail = "size=\(size)"
    case "newton-erf-copies-1024", "newton-erf-copies-4096":
        // Newton's method from the BFGS point of the numerical family of
        // theorems/critical_types.toml (erf, orthonormal teacher, copies perturbed by 1/100,
        // seed 7): Newton steps taken, the final max |∂L| at the returned point (an
        // enclosure's upper end), and max |mid ∂L| before each step (quadratic convergence:
        // the exponent about doubles per step).
        let bits = name.hasSuffix("1024") ? 1024 : 4096
        var lines: [String] = []
        seconds = try timed {
            for (k, n) in [(5, 4), (7, 6)] {
                let teacher = Configurations.orthonormalTeacher(neurons: k, inputDimension: k, precision: bits)
                let start = NumericalRefinement.perturbedCopies(of: teacher, students: n, perturbation: 0.01, seed: 7)
                let refined = try NumericalRefinement.refine(activation: .standardErf, teacher: teacher,
                                                             weights: start.weights, outputs: start.outputs, precision: bits)
                let final = try DenseEvaluation.lossAndGradient(
                    TeacherStudentProblem(activation: .standardErf, teacher: teacher, student: refined.student),
                    precision: bits).gradientMaxAbs
                let history = refined.newtonResiduals.map { $0.upperDecimal(digits: 2) }.joined(separator: ",")
                lines.append("k=\(k),n=\(n): newton_iterations=\(refined.newtonIterations) "
                             + "final_max_abs_grad<=\(final.upperDecimal(digits: 3)) residuals=[\(history)]")
            }
        }
        detail = lines.joined(separator: "; ")
    case _ where name.hasPrefix("morse-index-N"):
        // The Morse index of the Hessian at a perturbed copy-average point (near a saddle; no
        // symmetry: every weight moved by 0.01 · uniform[-1, 1), seed 14): the Hessian and its
        // certified inertia.
        let k = ["morse-index-N144": 17, "morse-index-N406": 28, "morse-index-N990": 44][name] ?? 17
        let problem = perturbedCopyAverageProblem(k: k)
        var inertia = ""
        seconds = try timed {
            let hessian = try DenseEvaluation.hessian(problem, precision: precision)
            switch SymmetricInertia.certify(hessian.rows) {
            case .certified(let result): inertia = "positive=\(result.positive) negative=\(result.negative)"
            case .undecided(let step, _, _, _): inertia = "undecided_at_step=\(step)"
            }
        }
        detail = "N=\(problem.parameterCount) \(inertia)"
    case _ where name.hasPrefix("krawczyk-N"):
        // The Krawczyk proof (all parameters, box radius 2^-128) of the global minimum of a
        // teacher without symmetry: k = d, teacher v_j = e_j + 0.1 · uniform[-1, 1) (seed 14),
        // b_j = 1 + 0.1 · uniform, and the student equal to the teacher (an exact critical
        // point: the loss is 0 there), then its Morse index from the certified Hessian over
        // the box.
        let k = ["krawczyk-N156": 12, "krawczyk-N420": 20, "krawczyk-N992": 31][name] ?? 12
        let problem = perturbedTeacherMinimum(k: k)
        var outcome = ""
        seconds = try timed {
            switch try CriticalPointCertification.certify(problem, precision: precision) {
            case .unique(let contraction, _, let hessian, _):
                var index = "undecided"
                if case .certified(let inertia) = SymmetricInertia.certify(hessian) { index = "\(inertia.negative)" }
                outcome = "proved contraction<=\(String(format: "%.3g", contraction)) morse_index=\(index)"
            case .notCertified:
                outcome = "not_certified"
            }
        }
        detail = "N=\(problem.parameterCount) \(outcome)"
    case "exact-zero-test-asin-l5", "exact-identity-asin-all-l":
        var definitions = Definitions()
        try definitions.add(Definition(name: "q", parameters: ["l"], parsing: "1/(2*l - 1)"))
        try definitions.add(Definition(name: "c", parameters: ["l"], parsing: "1/sqrt(l*(2*l - 1))"))
        let identity = try ExpressionParser.parse("asin(q(l)/(1+q(l))) - asin(c(l)/sqrt(2*(1+q(l))))")
        if name == "exact-zero-test-asin-l5" {
            var decision: ZeroDecision?
            seconds = timed { decision = ExactZeroTest.decide(identity, bindings: ["l": 5], definitions: definitions) }
            detail = "decision=\(decision!)"
        } else {
            var outcome: IdentityOutcome?
            seconds = timed {
                outcome = IdentityProver.prove(identity, variables: [("l", .atLeast(1))], definitions: definitions)
            }
            if case .identicallyZero(let conditions, _)? = outcome {
                detail = "proved side_conditions=\(conditions.count)"
            } else {
                detail = "not-proved \(outcome!)"
            }
        }
    case "range-second-difference-l2-inf", "range-second-derivative-l1-inf", "range-perturbed-refuted-far":
        var definitions = Definitions()
        try definitions.add(Definition(name: "Lstar", parameters: ["l"], parsing: "l/3 - 2*l^2/pi*asin(1/(2*l))"))
        let (text, relation, lower): (String, Relation, Int) = switch name {
        case "range-second-difference-l2-inf": ("Lstar(l+1) - 2*Lstar(l) + Lstar(l-1)", .less, 2)
        case "range-second-derivative-l1-inf": ("diff(Lstar(l), l, 2)", .less, 1)
        default: ("Lstar(l+1) - 2*Lstar(l) + Lstar(l-1) + 1e-20", .less, 2)
        }
        let problem = RangeProblem(expression: try ExpressionParser.parse(text), relation: relation, variable: "l",
                                   domain: .atLeast(Rational(lower)), definitions: definitions)
        var verdict: RangeVerdict?
        seconds = try timed { verdict = try RangeProver.decide(problem, precision: 128) }
        switch verdict! {
        case .proved(let c): detail = "verdict=PROVED boxes=\(c.boxes) far_ends=\(c.farEnds.count)"
        case .refuted(let c): detail = "verdict=REFUTED point=\(c.point)"
        case .inconclusive(let unresolved, _): detail = "verdict=INCONCLUSIVE on=\(unresolved)"
        }
    case "verify-critical-types", "verify-critical-types-optimal-k50":
        let claimName = name == "verify-critical-types" ? "ca-morse-index" : "optimal-ca-morse-index"
        var file = try TheoremFileParser.parse(text: try String(contentsOfFile: "theorems/critical_types.toml"),
                                               file: "theorems/critical_types.toml")
        file.claims = file.claims.filter { $0.name == claimName }
        var report: TheoremReport?
        seconds = try timed {
            let verifier = TheoremVerifier(file: file, options: VerificationOptions())
            report = verifier.run(try verifier.plan())
        }
        let instances = report?.claims.first?.instances ?? []
        detail = "claim=\(claimName) verdict=\(report?.verdict.rawValue ?? "none") instances=\(instances.count) "
            + "largest_index=\(instances.compactMap(\.morseIndex).max() ?? -1) "
            + "by_sectors=\(instances.filter { $0.hessianMethod == "sectors" }.count)"
    case "sectors-morse-index-all-k20":
        // The Morse index of every copy-average partition of every k ≤ 20 (d = k) from the
        // symmetry-adapted sectors (SymmetryAdaptedHessian): blocks at class level, each block's
        // inertia certified; the dense Hessian is never formed.
        var partitions = 0, undecided = 0, saddles = 0
        seconds = try timed {
            for k in 1...20 {
                for n in 1...k {
                    for partition in Configurations.partitions(of: k, into: n) {
                        let index = try sectorMorseIndex(partition, d: k)
                        partitions += 1
                        if let index { if index > 0 { saddles += 1 } } else { undecided += 1 }
                    }
                }
            }
        }
        detail = "partitions=\(partitions) saddles=\(saddles) undecided=\(undecided)"
    case "sectors-optimal-k100", "sectors-optimal-k1000":
        // The optimal copy-average point (k − n + 1, 1, …, 1) for n = k − 1 and n = k/2, d = k,
        // by the sectors.
        let k = name.hasSuffix("k1000") ? 1000 : 100
        var indices: [String] = []
        seconds = try timed {
            for n in [k - 1, k / 2] {
                let partition = [k - n + 1] + Array(repeating: 1, count: n - 1)
                indices.append("n=\(n):index=\(try sectorMorseIndex(partition, d: k).map(String.init) ?? "undecided")")
            }
        }
        detail = indices.joined(separator: " ")
    case "critical-point-all-partitions-k40":
        // Timed in the child `verify` process (its own rusage): wall, CPU and peak are its.
        guard let measured = benchCriticalPointAllPartitions(k: 40) else { return }
        print(String(format: "bench %@ seconds=%.3f cpu_seconds=%.3f peak_mib=%.1f", name, measured.seconds,
                     measured.cpuSeconds, measured.peakMiB) + " " + measured.detail)
        return
    default:
        FileHandle.standardError.write("unknown case \(name)\n".data(using: .utf8)!)
        exit(64)
    }
    print(String(format: "bench %@ seconds=%.3f cpu_seconds=%.3f peak_mib=%.1f", name, seconds, lastCPUSeconds,
                 peakResidentMiB()) + " " + detail)
}

/// Runs `executable arguments…` to completion and returns (wall seconds, peak resident
/// MiB of that child alone, exit status), from wait4's resource usage.
func spawnMeasured(_ executable: String, _ arguments: [String]) -> (Double, Double, Int32) {
    let (seconds, _, peak, status) = spawnMeasuredWithCPU(executable, arguments)
    return (seconds, peak, status)
}

/// As `spawnMeasured`, with the child's user + system CPU seconds.
func spawnMeasuredWithCPU(_ executable: String, _ arguments: [String]) -> (Double, Double, Double, Int32) {
    var pid: pid_t = 0
    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    let start = DispatchTime.now().uptimeNanoseconds
    guard posix_spawn(&pid, executable, nil, nil, argv, environ) == 0 else { return (0, 0, 0, -1) }
    var status: Int32 = 0
    var usage = rusage()
    _ = wait4(pid, &status, 0, &usage)
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    let cpu = Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
        + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    return (seconds, cpu, Double(usage.ru_maxrss) / 1024, (status >> 8) & 0xff)
}

/// The release `verify` next to this binary, or nil (with a line saying so).
func releaseVerify(for name: String) -> String? {
    let here = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
    let verify = here.appendingPathComponent("verify").path
    guard FileManager.default.isExecutableFile(atPath: verify) else {
        print("bench \(name) skipped: no release verify next to \(here.path) (make bench builds it)")
        return nil
    }
    return verify
}

/// A theorem file with one claim: every copy-average configuration of the orthonormal
/// erf teacher with k neurons (d = k), over all partitions of k into n = 1 … k groups, is
/// a critical point (the shipped `copy_average.toml`'s `ca-critical` at one k).
func criticalPointAllPartitionsFile(k: Int) -> String {
    """
    [theorem]
    title  = "Every copy-average configuration of k = \(k) is a critical point"
    source = "verify-bench (issue 14)"

    [setting]
    activation = "erf"
    teacher    = "orthonormal"

    [parameters]
    k = "\(k)..\(k)"
    n = "1..k"

    [definitions]
    "c(l)" = "1/sqrt(l*(2*l - 1))"
    "a(l)" = "l"

    [family.ca]
    kind       = "copy-average"
    partitions = "all"
    groups     = "n"
    incoming   = "c(l)"
    outgoing   = "a(l)"

    [[claim]]
    name      = "ca-critical-k\(k)"
    statement = "every copy-average configuration of k = \(k) teacher neurons is a critical point"
    kind      = "critical-point"
    family    = "ca"
    tolerance = "1e-30"

    """
}

/// `verify` on `criticalPointAllPartitionsFile(k:)` with its JSON report written, as a
/// user runs it (all cores, work budget 1e12: the default 1e10 is sized for the shipped
/// files). The detail gives the claim's verdict, its instance count and how many were
/// decided exactly, read back from the JSON report.
func benchCriticalPointAllPartitions(k: Int) -> (seconds: Double, cpuSeconds: Double, peakMiB: Double, detail: String)? {
    let name = "critical-point-all-partitions-k\(k)"
    guard let verify = releaseVerify(for: name) else { return nil }
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("verify-bench-\(getpid())")
    try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("k\(k).toml"), json = directory.appendingPathComponent("k\(k).json")
    guard (try? criticalPointAllPartitionsFile(k: k).write(to: file, atomically: true, encoding: .utf8)) != nil else {
        print("bench \(name) failed: cannot write \(file.path)")
        return nil
    }
    let (seconds, cpu, peak, status) = spawnMeasuredWithCPU(
        verify, [file.path, "--quiet", "--no-progress", "--work-budget", "1e12", "--json", json.path])
    var detail = "exit=\(status)"
    if let data = try? Data(contentsOf: json),
       let report = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
       let claim = (report["claims"] as? [[String: Any]])?.first,
       let instances = claim["instances"] as? [[String: Any]] {
        let exact = instances.filter { ($0["detail"] as? String)?.hasPrefix("exact:") == true }.count
        detail += " verdict=\(claim["verdict"] ?? "?") instances=\(instances.count) exact=\(exact)"
    }
    return (seconds, cpu, peak, detail)
}

/// `verify` on every shipped theorem file, as `make verify` runs it.
func benchShippedTheorems() {
    guard let verify = releaseVerify(for: "theorem-*") else { return }
    let files = ((try? FileManager.default.contentsOfDirectory(atPath: "theorems")) ?? [])
        .filter { $0.hasSuffix(".toml") }.sorted()
    for file in files {
        let (seconds, peak, status) = spawnMeasured(verify, ["theorems/\(file)", "--quiet", "--no-progress"])
        print(String(format: "bench theorem-%@ seconds=%.3f peak_mib=%.1f exit=%d", file, seconds, peak, status))
    }
}

let cases = ["loss-gradient-dense-k200", "loss-gradient-dense-k800", "loss-gradient-structured-k800",
             "loss-gradient-structured-k100000", "hessian-k12-n6", "exact-zero-test-asin-l5",
             "exact-identity-asin-all-l", "range-second-difference-l2-inf", "range-second-derivative-l1-inf",
             "range-perturbed-refuted-far", "reduction-copy-average-all-k",
             "morse-index-N144", "morse-index-N406", "morse-index-N990",
             "krawczyk-N156", "krawczyk-N420", "krawczyk-N992",
             "certify-point-erf-k5-n4", "certify-point-erf-k10-n8",
             "verify-critical-types", "verify-critical-types-optimal-k50",
             "sectors-morse-index-all-k20", "sectors-optimal-k100", "sectors-optimal-k1000",
             "critical-point-all-partitions-k40"]
let arguments = CommandLine.arguments.dropFirst()
if let only = arguments.first {
    try run(only)
} else {
    for name in cases {
        let child = Process()
        child.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
        if !FileManager.default.isExecutableFile(atPath: child.executableURL!.path) {
            child.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        }
        child.arguments = [name]
        try child.run()
        child.waitUntilExit()
        if child.terminationStatus != 0 { print("bench \(name) failed status=\(child.terminationStatus)") }
    }
    benchShippedTheorems()
}
