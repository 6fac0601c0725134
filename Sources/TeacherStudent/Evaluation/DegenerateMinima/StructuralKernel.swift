import CertifiedIntervals

/// Directions in the kernel of the Hessian of `L` at an exactly critical rational point
/// that are known from the structure of the loss, not from enclosures (enclosures can
/// never prove that a number is 0). Parameters are ordered `(w_1 … w_n, a_1 … a_n)`, as
/// in `HessianMatrix`.
///
/// **Tangent directions** (`tangent`), at every critical point θ: each is the velocity at
/// θ of a curve `θ(t)` of critical points, so differentiating `∇L(θ(t)) = 0` gives
/// `H θ'(0) = 0`:
/// - *scaling* (activation homogeneous of degree m): `(w_i, a_i) → (α w_i, a_i/α^m)` leaves
///   `L` invariant, so it maps critical points to critical points; velocity `(w_i, −m a_i)`;
/// - *weight transfer* between students with equal incoming vectors (`w_i = w_r`,
///   `a_r ≠ 0`): along `a_r + t, a_i − t` the network function is unchanged, so are `f − f*`
///   and `∂L/∂a`, and `∂L/∂w_j = a_j(t) g` with the same `g` for the whole group; `a_r g = 0`
///   at θ forces `g = 0`, so every point of the line is critical; velocity `e_{a_r} − e_{a_i}`;
/// - *rotations* (`σ = z²`): `L` depends on `M = Σ a_i w_i w_iᵀ = Wᵀ D W` only, and
///   `W → R W` with `Rᵀ D R = D` keeps `M`; the Lie algebra element `A_ij = a_j, A_ji = −a_i`
///   (`AᵀD + DA = 0`) gives the velocity `δw_i = a_j w_j`, `δw_j = −a_i w_i`.
///
/// **At exact zero loss** (`ExactZeroLoss`) the point is a global minimum, every point
/// with the same network function is critical, and the Hessian is the Gauss–Newton matrix
/// `H = 2 E[∇f ∇fᵀ]` (the other term has the factor `f − f* ≡ 0`), so `H v = 0` whenever
/// `∇f·v ≡ 0` as a function of x. Then:
/// - also tangent: moving the incoming vectors of a group of equal students whose outgoing
///   weights sum to 0 (`δw_i = u` for the whole group: the group contributes nothing
///   along the curve), which includes a student with `a_i = 0`; for `σ = z` the fibre
///   `{Σ a_i w_i = u*}` (its tangent space, the kernel of `d(Σ a_i w_i)`, when some `a_i ≠ 0`);
/// - `additional`: the rest of an exact kernel of the coefficient map `v ↦ ∇f·v` — for
///   erf and ReLU, per group of equal incoming vector `u`, the coefficients `Σ_group δa_i`
///   of `σ(u·x)` and `Σ_group a_i δw_i` of `σ'(u·x) x`; for `z²` the differential `dM`; for
///   `z` the differential of `Σ a_i w_i`. These are in the kernel of H but are not known to
///   be tangent to the set of critical points: for split students (`w_i = w_r`) the `d`
///   directions `a_r e_{w_i} − a_i e_{w_r}` move the two incoming vectors apart, which changes
///   the function at second order and the loss at fourth order.
///
/// All vectors are exact rationals, and each list is a basis (independence decided by
/// exact elimination, `tangent` first).
public struct StructuralKernel {
    public enum Origin: Equatable, CustomStringConvertible {
        case scaling(student: Int)
        case weightTransfer(from: Int, to: Int)
        case rotation(Int, Int)
        case cancellingGroupTranslation(students: [Int], coordinate: Int)
        case linearFibre
        case zeroLossCoefficients

        public var description: String {
            switch self {
            case .scaling(let i): return "scaling of student \(i + 1)"
            case let .weightTransfer(from, to): return "outgoing weight moved from student \(from + 1) to student \(to + 1)"
            case let .rotation(i, j): return "rotation of students \(i + 1), \(j + 1) keeping M"
            case let .cancellingGroupTranslation(students, t):
                return "incoming vectors of students \(students.map { "\($0 + 1)" }.joined(separator: ", ")) "
                    + "(outgoing weights summing to 0) moved along e_\(t + 1)"
            case .linearFibre: return "tangent of the fibre Σ a_i w_i = Σ b_j v_j"
            case .zeroLossCoefficients: return "∇f·v ≡ 0 at zero loss (Gauss–Newton kernel)"
            }
        }
    }

    public struct Direction {
        public var vector: [Rational]
        public var origin: Origin
    }

    /// A basis of the span of the tangent directions.
    public var tangent: [Direction]
    /// Directions completing `tangent` to a basis of the exact zero-loss kernel (empty when
    /// the loss is not exactly 0).
    public var additional: [Direction]
    /// The students grouped by equal incoming vectors (0-based).
    public var groups: [[Int]]

    /// The directions in words: "3 tangent to the symmetry orbits (2 scaling, 1 rotation
    /// keeping M)", plus the zero-loss directions that are not known tangent.
    public var summary: String {
        var counts: [String: Int] = [:]
        var order: [String] = []
        for direction in tangent {
            let key: String
            switch direction.origin {
            case .scaling: key = "scaling"
            case .weightTransfer: key = "weight transfer between equal students"
            case .rotation: key = "rotation keeping M"
            case .cancellingGroupTranslation: key = "translation of a group with outgoing weights summing to 0"
            case .linearFibre: key = "fibre of Σ a_i w_i"
            case .zeroLossCoefficients: key = "zero-loss"
            }
            if counts[key] == nil { order.append(key) }
            counts[key, default: 0] += 1
        }
        var parts = order.map { "\(counts[$0]!) \($0)" }
        if parts.isEmpty { parts = ["none"] }
        var text = "\(tangent.count) tangent to the symmetry orbits (" + parts.joined(separator: ", ") + ")"
        if !additional.isEmpty {
            text += " + \(additional.count) Gauss–Newton directions at zero loss (∇f·v ≡ 0, not tangent)"
        }
        return text
    }

    /// `tangent.count + additional.count`: the dimension of the structural kernel.
    public var dimension: Int { tangent.count + additional.count }
    public var vectors: [[Rational]] { (tangent + additional).map(\.vector) }

    /// The structural kernel at `student`, which the caller has proved exactly critical
    /// (`zeroLoss`: proved to have exactly zero loss by `ExactZeroLoss`, which makes it
    /// critical). Domain: a rational student with `d ≥ 1`.
    public static func atCriticalPoint(activation: Activation, student: ExactNetwork, zeroLoss: Bool) -> StructuralKernel {
        let n = student.width, d = student.inputDimension, size = n * (d + 1)
        func w(_ i: Int, _ t: Int) -> Int { i * d + t }
        func a(_ i: Int) -> Int { n * d + i }
        let zero = Rational(0)
        let groups = ExactZeroLoss.equalIncomingGroups(student)
        var generators: [Direction] = []
        if let m = activation.homogeneityDegree {
            for i in 0..<n {
                var v = Array(repeating: zero, count: size)
                for t in 0..<d { v[w(i, t)] = student.inputWeights[i][t] }
                v[a(i)] = -(Rational(m) * student.outputWeights[i])
                generators.append(Direction(vector: v, origin: .scaling(student: i)))
            }
        }
        for group in groups where group.count > 1 {
            guard let r = group.first(where: { student.outputWeights[$0].signum != 0 }) else { continue }
            for i in group where i != r {
                var v = Array(repeating: zero, count: size)
                v[a(r)] = Rational(1)
                v[a(i)] = Rational(-1)
                generators.append(Direction(vector: v, origin: .weightTransfer(from: i, to: r)))
            }
        }
        if activation == .quadratic {
            for i in 0..<n { for j in (i + 1)..<max(i + 1, n) {
                var v = Array(repeating: zero, count: size)
                for t in 0..<d {
                    v[w(i, t)] = student.outputWeights[j] * student.inputWeights[j][t]
                    v[w(j, t)] = -(student.outputWeights[i] * student.inputWeights[i][t])
                }
                generators.append(Direction(vector: v, origin: .rotation(i, j)))
            } }
        }
        var jacobianRows: [[Rational]] = []
        if zeroLoss {
            for group in groups where group.reduce(zero, { $0 + student.outputWeights[$1] }).signum == 0 {
                for t in 0..<d {
                    var v = Array(repeating: zero, count: size)
                    for i in group { v[w(i, t)] = Rational(1) }
                    generators.append(Direction(vector: v, origin: .cancellingGroupTranslation(students: group, coordinate: t)))
                }
            }
            jacobianRows = coefficientMap(activation: activation, student: student, groups: groups)
            if activation == .linear, student.outputWeights.contains(where: { $0.signum != 0 }) {
                for v in RationalSpan.nullSpace(ofRows: jacobianRows, columns: size) {
                    generators.append(Direction(vector: v, origin: .linearFibre))
                }
            }
        }
        var span = RationalSpan(length: size)
        var tangent: [Direction] = []
        for g in generators where span.insert(g.vector) { tangent.append(g) }
        var additional: [Direction] = []
        if zeroLoss {
            for v in RationalSpan.nullSpace(ofRows: jacobianRows, columns: size) where span.insert(v) {
                additional.append(Direction(vector: v, origin: .zeroLossCoefficients))
            }
        }
        return StructuralKernel(tangent: tangent, additional: additional, groups: groups)
    }

    /// The rows of an exact linear map `J` with `J v = 0 ⇒ ∇f·v ≡ 0` (see the type's comment).
    static func coefficientMap(activation: Activation, student: ExactNetwork, groups: [[Int]]) -> [[Rational]] {
        let n = student.width, d = student.inputDimension, size = n * (d + 1)
        let zero = Rational(0)
        var rows: [[Rational]] = []
        switch activation {
        case .erf, .relu:
            for group in groups {
                var sumA = Array(repeating: zero, count: size)
                for i in group { sumA[n * d + i] = Rational(1) }
                rows.append(sumA)
                for t in 0..<d {
                    var row = Array(repeating: zero, count: size)
                    for i in group { row[i * d + t] = student.outputWeights[i] }
                    rows.append(row)
                }
            }
        case .quadratic:
            // dM_rc = Σ_i δa_i w_ir w_ic + a_i (δw_ir w_ic + w_ir δw_ic), r ≤ c.
            for r in 0..<d { for c in r..<d {
                var row = Array(repeating: zero, count: size)
                for i in 0..<n {
                    let wi = student.inputWeights[i], ai = student.outputWeights[i]
                    row[n * d + i] = wi[r] * wi[c]
                    row[i * d + r] = row[i * d + r] + ai * wi[c]
                    row[i * d + c] = row[i * d + c] + ai * wi[r]
                }
                rows.append(row)
            } }
        case .linear:
            // d(Σ a_i w_i)_t = Σ_i δa_i w_it + a_i δw_it.
            for t in 0..<d {
                var row = Array(repeating: zero, count: size)
                for i in 0..<n {
                    row[n * d + i] = student.inputWeights[i][t]
                    row[i * d + t] = student.outputWeights[i]
                }
                rows.append(row)
            }
        }
        return rows
    }
}
