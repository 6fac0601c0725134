import CertifiedIntervals
import ClosedForms
import TeacherStudent
import TheoremFiles

/// Turns a family and a parameter instance into concrete partitions and
/// teacher–student problems.
struct FamilyConfigurations {
    let file: TheoremFile

    /// The largest number of groups (blocks) a partition may have.
    static let maximumGroups = 100_000
    /// The largest number of members of a family at one instance.
    static let maximumMembers = 200_000

    /// `k` at this instance (required by orthonormal teachers and copy-average families).
    func teacherNeurons(_ instance: ParameterInstance, keyPath: String) throws -> Int {
        switch file.setting.teacher {
        case .explicit(let rows, _): return rows.count
        case .orthonormal:
            guard let k = instance["k"] else {
                throw file.error(at: "setting.teacher", "the orthonormal teacher needs a parameter k (its number of neurons)")
            }
            guard k >= 1 else { throw file.error(at: "parameters.k", "k must be at least 1 (at \(describe(instance)))") }
            return k
        }
    }

    /// The input dimension `d` at this instance: `dimension`, or `k` by default.
    func inputDimension(_ instance: ParameterInstance, keyPath: String) throws -> Int {
        if case .explicit(let rows, _) = file.setting.teacher { return rows.first?.count ?? 0 }
        let k = try teacherNeurons(instance, keyPath: keyPath)
        guard k <= 100_000_000 else {
            throw file.error(at: "parameters.k", "k = \(k) is too large (at \(describe(instance)))")
        }
        guard let expression = file.setting.dimension else { return k }
        let value = try? expression.exactValue(in: instance.environment(file.definitions))
        guard let d = value?.intValue, d >= k, d <= 1_000_000 else {
            throw file.error(at: "setting.dimension", "the dimension must be an exact integer with k ≤ d ≤ 10^6 "
                             + "(at \(describe(instance)); the teacher has k = \(k) neurons)")
        }
        return d
    }

    /// How many members a family has at this instance (partitions of a copy-average
    /// family with `partitions = "all"`; 1 otherwise), without listing them:
    /// planning adds these up before it builds anything. Throws the file's error when
    /// the number of groups is not valid or there are more than `maximumMembers`.
    func memberCount(_ family: Family, _ instance: ParameterInstance) throws -> Int {
        guard case .copyAverage(.all, let groups, _, _) = family.kind else { return 1 }
        let k = try teacherNeurons(instance, keyPath: "\(family.keyPath).kind")
        let value = try? groups.exactValue(in: instance.environment(file.definitions))
        guard let n = value?.intValue else {
            throw file.error(at: "\(family.keyPath).groups", "the number of groups must be an exact integer")
        }
        guard n >= 1 && n <= k else {
            throw file.error(at: "\(family.keyPath).groups",
                             "cannot split k = \(k) teacher neurons into n = \(n) non-empty groups (need 1 ≤ n ≤ k; at \(describe(instance)))")
        }
        let count = Configurations.partitionCount(of: k, into: n)
        guard count <= FamilyConfigurations.maximumMembers else {
            throw file.error(at: "\(family.keyPath).partitions",
                             "there are \(count) partitions of k = \(k) into n = \(n) groups; at most \(FamilyConfigurations.maximumMembers) are allowed")
        }
        return count
    }

    /// The partitions a copy-average family means at this instance (each listed in
    /// non-increasing order), or nil for other families.
    func partitions(_ family: Family, _ instance: ParameterInstance) throws -> [[Int]]? {
        guard case .copyAverage(let specification, let groups, _, _) = family.kind else { return nil }
        let k = try teacherNeurons(instance, keyPath: "\(family.keyPath).kind")
        switch specification {
        case .all:
            _ = try memberCount(family, instance)
            let n = (try? groups.exactValue(in: instance.environment(file.definitions)))??.intValue ?? 0
            return Configurations.partitions(of: k, into: n)
        case .blocks(let terms):
            return [try blocks(terms, instance, k: k, keyPath: "\(family.keyPath).partitions")]
        }
    }

    /// A partition given as `(size, count)` terms, checked to sum to `k`.
    func blocks(_ terms: [(size: Expression, count: Expression)], _ instance: ParameterInstance, k: Int,
                keyPath: String) throws -> [Int] {
        let environment = instance.environment(file.definitions)
        var sizes: [Int] = []
        for term in terms {
            let sizeValue = try? term.size.exactValue(in: environment)
            let countValue = try? term.count.exactValue(in: environment)
            guard let size = sizeValue?.intValue, size >= 1 else {
                throw file.error(at: keyPath, "a block size must be an exact integer ≥ 1 (at \(describe(instance)))",
                                 expressionColumn: term.size.column)
            }
            guard let count = countValue?.intValue, count >= 0, sizes.count + count <= FamilyConfigurations.maximumGroups else {
                throw file.error(at: keyPath, "a repeat count must be an exact integer ≥ 0 (at \(describe(instance)))",
                                 expressionColumn: term.count.column)
            }
            sizes += Array(repeating: size, count: count)
        }
        let total = sizes.reduce(0, +)
        guard total == k else {
            throw file.error(at: keyPath, "the partition (\(sizes.map(String.init).joined(separator: ", "))) sums to \(total), not k = \(k) (at \(describe(instance)))")
        }
        return sizes.sorted(by: >)
    }

    /// The number of students of a numerical family at this instance: an exact integer
    /// from 1 to k (each starts as a copy of a teacher neuron). Checked when planning,
    /// so that a wrong count is an invalid file, not an inconclusive instance.
    func numericalStudents(_ family: Family, _ instance: ParameterInstance) throws -> Int? {
        guard case .numerical(let start, let students, _, _) = family.kind else { return nil }
        if case .point(let rows, let outputs, _) = start {
            // A given point: its own number of students (any n), of the dimension d.
            let d = try inputDimension(instance, keyPath: "setting.dimension")
            guard rows.first?.count == d else {
                throw file.error(at: "\(family.keyPath).start",
                                 "the starting point's rows have \(rows.first?.count ?? 0) entries but d = \(d) at \(describe(instance))")
            }
            return outputs.count
        }
        let k = try teacherNeurons(instance, keyPath: "\(family.keyPath).students")
        let value = try? students.exactValue(in: instance.environment(file.definitions))
        guard let n = value?.intValue, n >= 1, n <= k else {
            throw file.error(at: "\(family.keyPath).students",
                             "the number of students must be an exact integer between 1 and k = \(k) (each starts as a "
                             + "copy of a teacher neuron), found \(value.map { "\($0)" } ?? "no exact value") at \(describe(instance))")
        }
        return n
    }

    func describe(_ instance: ParameterInstance) -> String {
        instance.values.isEmpty ? "the only instance" : instance.values.map { "\($0.name)=\($0.value)" }.joined(separator: " ")
    }

    /// The activation of the setting (or of a claim), with `s = 2β²` exact.
    func activation(_ name: ActivationName, beta: Expression?, instance: ParameterInstance,
                    keyPath: String) throws -> Activation {
        switch name {
        case .relu: return .relu
        case .quadratic: return .quadratic
        case .linear: return .linear
        case .erf:
            guard let beta else { return .standardErf }
            guard let s = TheoremFileParser.erfScale(beta: beta, definitions: file.definitions) else {
                throw file.error(at: keyPath, "beta must be non-zero with a rational square (σ(z) = erf(βz), s = 2β²)")
            }
            return .erf(scale: s)
        }
    }

    /// The teacher at `precision`.
    func teacher(_ instance: ParameterInstance, precision: Int) throws -> Network {
        switch file.setting.teacher {
        case .orthonormal:
            let k = try teacherNeurons(instance, keyPath: "setting.teacher")
            let d = try inputDimension(instance, keyPath: "setting.dimension")
            return Configurations.orthonormalTeacher(neurons: k, inputDimension: d, precision: precision)
        case .explicit(let rows, let outputs):
            let environment = instance.environment(file.definitions)
            return Configurations.explicit(
                inputWeights: try rows.map { try $0.map { try $0.enclosure(in: environment, precision: precision) } },
                outputWeights: try outputs.map { try $0.enclosure(in: environment, precision: precision) },
                precision: precision)
        }
    }

    /// The student of `family` (with `partition` for copy-average families) at
    /// `precision`. Throws evaluation errors of the family's expressions.
    func student(_ family: Family, partition: [Int]?, instance: ParameterInstance, precision: Int) throws -> Network {
        let environment = instance.environment(file.definitions)
        let d = try inputDimension(instance, keyPath: "setting.dimension")
        switch family.kind {
        case .copyAverage(_, _, let incoming, let outgoing):
            let blocks = partition ?? []
            func at(_ l: Int) -> Environment {
                var e = environment
                e.variables["l"] = .exact(Rational(l))
                return e
            }
            return try Configurations.copyAverageStudent(
                partition: blocks, inputDimension: d, precision: precision,
                coefficient: { l in try incoming.enclosure(in: at(l), precision: precision) },
                outgoingWeight: { l in try outgoing.enclosure(in: at(l), precision: precision) })
        case .oneNeuronAverage(let incoming, let outgoing):
            let k = try teacherNeurons(instance, keyPath: family.keyPath)
            return Configurations.oneStudentAverage(
                teacherNeurons: k, inputDimension: d, precision: precision,
                coefficient: try incoming.enclosure(in: environment, precision: precision),
                outgoingWeight: try outgoing.enclosure(in: environment, precision: precision))
        case .numerical:
            throw file.error(at: family.keyPath, "internal: numerical families are built by refinement")
        case .explicit(let rows, let outputs):
            guard rows.first?.count == d else {
                throw file.error(at: "\(family.keyPath).input-weights",
                                 "the student's rows have \(rows.first?.count ?? 0) entries but d = \(d)")
            }
            return Configurations.explicit(
                inputWeights: try rows.map { try $0.map { try $0.enclosure(in: environment, precision: precision) } },
                outputWeights: try outputs.map { try $0.enclosure(in: environment, precision: precision) },
                precision: precision)
        }
    }
}
