// TEMPORARY until H1's SymmetryAdaptedHessian lands: one "sector" holding the dense Hessian.
import CertifiedIntervals
import TeacherStudent

enum SymmetryAdaptedHessian {
    struct Sector {
        let identifier: String
        let description: String
        let groupSize: Int?
        let multiplicity: Int
        let block: [[Interval]]
    }
    static func sectors(partition: [Int], inputDimension d: Int, activation: Activation,
                        coefficient: (Int) throws -> Interval, outgoingWeight: (Int) throws -> Interval,
                        precision: Int) throws -> [Sector] {
        let k = partition.reduce(0, +)
        let teacher = Configurations.orthonormalTeacher(neurons: k, inputDimension: d, precision: precision)
        let student = try Configurations.copyAverageStudent(partition: partition, inputDimension: d, precision: precision,
                                                            coefficient: coefficient, outgoingWeight: outgoingWeight)
        let h = try DenseEvaluation.hessian(TeacherStudentProblem(activation: activation, teacher: teacher, student: student),
                                            precision: precision).rows
        return [Sector(identifier: "all", description: "stub", groupSize: nil, multiplicity: 1, block: h)]
    }
}
