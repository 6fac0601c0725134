import CertifiedIntervals

/// The kernel data of one class of students (all at group size `ℓ`, `q = ℓ c²`).
struct ClassKernelData {
    let size: Int
    let coefficient: Interval
    let outgoingWeight: Interval
    /// `h(q), h'(q), h''(q)`: the self-interaction.
    let diagonal: DiagonalJet
    /// `κ` and its derivatives at `(q, 1, c)`: the student against a teacher of its own group.
    let ownTeacher: KernelSecondOrder
    /// At `(q, 1, 0)`: against a teacher outside its group (zeros when there is none).
    let otherTeacher: KernelSecondOrder
}

/// The direction every student's `special` coefficient moves along.
enum SpecialDirection {
    case none
    /// `δ = e_s − e_t` inside the group of the single student of type `ownerType`
    /// (`|δ|² = 2`, `Σ δ = 0`, so `δ ⟂ w_i` for every `i` and `δ ⟂ 1_{S_g}`).
    case withinGroup(ownerType: Int)
    /// A unit vector orthogonal to every teacher vector (so to every `w_i`).
    case orthogonal

    var squaredNorm: Int {
        switch self {
        case .none: return 0
        case .withinGroup: return 2
        case .orthogonal: return 1
        }
    }
}

/// The class-level constants of the Hessian terms in `S`, computed once per configuration
/// and shared by the evaluators of all its sectors.
final class ClassCoefficients<S: SectorScalar> {
    let classes: [ClassKernelData]
    let precision: Int
    let selfAA: [S], selfAQ: [S], selfQQ: [S], selfQ: [S]
    let ownAQ: [S], ownAR: [S], ownQQ: [S], ownQR: [S], ownRR: [S], ownQ: [S]
    let otherAQ: [S], otherAR: [S], otherQQ: [S], otherQR: [S], otherRR: [S], otherQ: [S]
    let pairHessian: [[[[S?]]]]
    let pairGradient: [[[S]]]
    let smallIntegers: [S]

    /// `hasOtherTeacher`: a teacher neuron outside the student's own group exists (else the
    /// `otherTeacher` jets are zeros and enter as exact zeros).
    init(classes: [ClassKernelData], pairJets: [[KernelSecondOrder?]], hasOtherTeacher: Bool, precision p: Int) {
        self.classes = classes
        precision = p
        smallIntegers = (-8...8).map { S.term(SectorTerm(value: Interval($0, precision: p), integer: $0, atoms: [])) }
        /// `integer × Π atoms`, enclosed by `value` (computed exactly as before: the
        /// enclosures are unchanged).
        func t(_ value: Interval, _ integer: Int, _ atoms: [SectorAtom]) -> S {
            S.term(SectorTerm(value: value, integer: integer, atoms: atoms))
        }
        typealias Part = SectorAtom.KernelPart
        // Self: f = a² h(q): f_aa = 2h, f_aq = 2a h', f_qq = a² h'', f_q = a² h'.
        selfAA = classes.map { t($0.diagonal.value.scaled(byPowerOfTwo: 1), 2, [.diagonal(size: $0.size, order: 0)]) }
        selfAQ = classes.map {
            t(($0.outgoingWeight * $0.diagonal.derivative).scaled(byPowerOfTwo: 1), 2,
              [.outgoingWeight(size: $0.size), .diagonal(size: $0.size, order: 1)])
        }
        selfQQ = classes.map {
            t($0.outgoingWeight.squared * $0.diagonal.secondDerivative, 1,
              [.outgoingWeight(size: $0.size), .outgoingWeight(size: $0.size), .diagonal(size: $0.size, order: 2)])
        }
        selfQ = classes.map {
            t($0.outgoingWeight.squared * $0.diagonal.derivative, 1,
              [.outgoingWeight(size: $0.size), .outgoingWeight(size: $0.size), .diagonal(size: $0.size, order: 1)])
        }
        // Teacher: f = −2 a κ(q, 1, R): f_aq = −2κ_1, f_aR = −2κ_12, f_qq = −2a κ_11,
        // f_qR = −2a κ_1,12, f_RR = −2a κ_12,12, f_q = −2a κ_1 (f_aa = 0, D²R = 0).
        func teacher(_ pick: (ClassKernelData) -> KernelSecondOrder, own: Bool) -> ([S], [S], [S], [S], [S], [S]) {
            let minusTwo = Interval(-2, precision: p)
            let factor = own || hasOtherTeacher ? -2 : 0
            func atom(_ k: ClassKernelData, _ part: Part) -> SectorAtom { .teacher(size: k.size, own: own, part: part) }
            func a(_ k: ClassKernelData) -> SectorAtom { .outgoingWeight(size: k.size) }
            return (classes.map { t(minusTwo * pick($0).first.d1, factor, [atom($0, .d1)]) },
                    classes.map { t(minusTwo * pick($0).first.d12, factor, [atom($0, .d12)]) },
                    classes.map { t(minusTwo * $0.outgoingWeight * pick($0).d11, factor, [a($0), atom($0, .d11)]) },
                    classes.map { t(minusTwo * $0.outgoingWeight * pick($0).d1d12, factor, [a($0), atom($0, .d1d12)]) },
                    classes.map { t(minusTwo * $0.outgoingWeight * pick($0).d1212, factor, [a($0), atom($0, .d1212)]) },
                    classes.map { t(minusTwo * $0.outgoingWeight * pick($0).first.d1, factor, [a($0), atom($0, .d1)]) })
        }
        (ownAQ, ownAR, ownQQ, ownQR, ownRR, ownQ) = teacher(\.ownTeacher, own: true)
        (otherAQ, otherAR, otherQQ, otherQR, otherRR, otherQ) = teacher(\.otherTeacher, own: false)
        // Pairs: f = a a' κ(q, q', Q) in (a, a', q, q', Q).
        var hessians: [[[[S?]]]] = []
        var gradients: [[[S]]] = []
        for s in classes.indices {
            var hRow: [[[S?]]] = [], gRow: [[S]] = []
            for t2 in classes.indices {
                guard let jet = pairJets[s][t2] else {
                    hRow.append(Array(repeating: Array(repeating: nil, count: 5), count: 5))
                    gRow.append([])
                    continue
                }
                let a = classes[s].outgoingWeight, a2 = classes[t2].outgoingWeight, aa = a * a2
                let f = jet.first
                let atomA = SectorAtom.outgoingWeight(size: classes[s].size)
                let atomA2 = SectorAtom.outgoingWeight(size: classes[t2].size)
                func k(_ part: Part) -> SectorAtom { .pair(size: classes[s].size, partnerSize: classes[t2].size, part: part) }
                var h: [[S?]] = Array(repeating: Array(repeating: nil, count: 5), count: 5)
                func set(_ i: Int, _ j: Int, _ x: Interval, _ atoms: [SectorAtom]) {
                    let entry = t(x, 1, atoms)
                    h[i][j] = entry; h[j][i] = entry
                }
                set(0, 1, f.value, [k(.value)])
                set(0, 2, a2 * f.d1, [atomA2, k(.d1)]); set(0, 3, a2 * f.d2, [atomA2, k(.d2)])
                set(0, 4, a2 * f.d12, [atomA2, k(.d12)])
                set(1, 2, a * f.d1, [atomA, k(.d1)]); set(1, 3, a * f.d2, [atomA, k(.d2)])
                set(1, 4, a * f.d12, [atomA, k(.d12)])
                set(2, 2, aa * jet.d11, [atomA, atomA2, k(.d11)]); set(2, 3, aa * jet.d1d2, [atomA, atomA2, k(.d1d2)])
                set(2, 4, aa * jet.d1d12, [atomA, atomA2, k(.d1d12)])
                set(3, 3, aa * jet.d22, [atomA, atomA2, k(.d22)]); set(3, 4, aa * jet.d2d12, [atomA, atomA2, k(.d2d12)])
                set(4, 4, aa * jet.d1212, [atomA, atomA2, k(.d1212)])
                hRow.append(h)
                gRow.append([t(aa * f.d1, 1, [atomA, atomA2, k(.d1)]), t(aa * f.d2, 1, [atomA, atomA2, k(.d2)]),
                             t(aa * f.d12, 1, [atomA, atomA2, k(.d12)])])
            }
            hessians.append(hRow)
            gradients.append(gRow)
        }
        pairHessian = hessians
        pairGradient = gradients
    }
}

/// Evaluates the Hessian bilinear form `H(u, v)` and the Euclidean inner product
/// `⟨u, v⟩` of typed vectors at a CA point, by the chain rule through the order
/// parameters, summing over students, student pairs and teachers by types with counts.
///
/// With `L = Σ_i a_i² h(q_i) + Σ_{i≠i'} a_i a_i' κ(q_i, q_i', Q_ii') − 2 Σ_{i,j} a_i κ(q_i, 1, R_ij)
/// + const`, each term `f` of arguments `x` (output weights and Gram entries) contributes
/// `Σ f_xy Dx(u) Dy(v) + Σ f_x D²x(u, v)`, where at the CA point (`Q_ii' = 0`, `R_ij = c_i`
/// inside the own group and 0 outside, `w_i = c_i 1_{S_i}`):
///
///     Dq_i(u) = 2 w_i·δw_i = 2 c_i ℓ_i x_own(i)           D²q_i(u, v) = 2 δw_i·εw_i
///     DQ_ii'(u) = c_i ℓ_i x(i' → S_i) + c_i' ℓ_i' x(i → S_i')   D²Q_ii' = δw_i·εw_i' + εw_i·δw_i'
///     DR_ij(u) = δw_i·e_j  (summed over a group: ℓ_g x(i → S_g); squares: ℓ_g x x' + z z' |δ|²)
///
/// and every inner product of perturbations is a sum over group types with counts.
final class SectorEvaluator<S: SectorScalar> {
    let layout: TypeLayout
    let special: SpecialDirection
    let precision: Int

    // Per type.
    private let count: [S]
    /// `N_σ − j` for j = 0, 1, 2.
    private let countMinus: [[S]]
    private let size: [S]
    private let twoCoefficientSize: [S]
    private let coefficientSize: [S]
    private let classOf: [Int]
    // Per class: self-interaction and teacher coefficients (see `bilinear`).
    private let selfAA: [S], selfAQ: [S], selfQQ: [S], selfQ: [S]
    private let ownAQ: [S], ownAR: [S], ownQQ: [S], ownQR: [S], ownRR: [S], ownQ: [S]
    private let otherAQ: [S], otherAR: [S], otherQQ: [S], otherQR: [S], otherRR: [S], otherQ: [S]
    // Per class pair (s, t): the Hessian of a a' κ(q, q', Q) in (a, a', q, q', Q) and its
    // gradient in (q, q', Q).
    private let pairHessian: [[[[S?]]]]
    private let pairGradient: [[[S]]]
    /// `N_τ (N_τ' − [τ = τ'])`: the ordered pairs of distinct students of types τ, τ'.
    private let pairCount: [[S]]
    /// The integers −8…8 as scalars (coefficients of representatives are small).
    private let smallIntegers: [S]

    init(coefficients k: ClassCoefficients<S>, layout: TypeLayout, special: SpecialDirection) {
        self.layout = layout
        self.special = special
        let p = k.precision
        precision = p
        smallIntegers = k.smallIntegers
        let classes = k.classes
        let types = layout.types
        count = types.map { S.count($0.count, precision: p) }
        countMinus = types.map { t in (0...2).map { S.count(t.count - $0, precision: p) } }
        classOf = types.map(\.classIndex)
        pairCount = types.indices.map { t in
            types.indices.map { t2 in S.count(types[t].count * (types[t2].count - (t == t2 ? 1 : 0)), precision: p) }
        }
        size = types.map {
            let l = classes[$0.classIndex].size
            return S.term(SectorTerm(value: Interval(l, precision: p), integer: l, atoms: []))
        }
        coefficientSize = types.map {
            let k = classes[$0.classIndex]
            return S.term(SectorTerm(value: k.coefficient * Interval(k.size, precision: p), integer: k.size,
                                     atoms: [.coefficient(size: k.size)]))
        }
        twoCoefficientSize = types.map {
            let k = classes[$0.classIndex]
            return S.term(SectorTerm(value: (k.coefficient * Interval(k.size, precision: p)).scaled(byPowerOfTwo: 1),
                                     integer: 2 * k.size, atoms: [.coefficient(size: k.size)]))
        }
        (selfAA, selfAQ, selfQQ, selfQ) = (k.selfAA, k.selfAQ, k.selfQQ, k.selfQ)
        (ownAQ, ownAR, ownQQ, ownQR, ownRR, ownQ) = (k.ownAQ, k.ownAR, k.ownQQ, k.ownQR, k.ownRR, k.ownQ)
        (otherAQ, otherAR, otherQQ, otherQR, otherRR, otherQ) = (k.otherAQ, k.otherAR, k.otherQQ, k.otherQR, k.otherRR, k.otherQ)
        (pairHessian, pairGradient) = (k.pairHessian, k.pairGradient)
    }

    // MARK: sparse scalar helpers (nil is an exact zero)

    private func integer(_ i: Int) -> S {
        (-8...8).contains(i) ? smallIntegers[i + 8]
            : S.term(SectorTerm(value: Interval(i, precision: precision), integer: i, atoms: []))
    }
    private func scaled(_ x: S, _ i: Int) -> S? { i == 0 ? nil : (i == 1 ? x : x * integer(i)) }
    private func add(_ x: S?, _ y: S?) -> S? {
        guard let x else { return y }
        guard let y else { return x }
        return x + y
    }
    private func mul(_ x: S?, _ y: S?) -> S? {
        guard let x, let y else { return nil }
        return x * y
    }
    private func zero() -> S { integer(0) }

    // MARK: the pieces

    /// `δw_i·εw_i` for a student of type `τ` (half of `D²q_i`).
    private func selfInner(_ t: Int, _ u: TypedVector, _ v: TypedVector) -> S? {
        var sum = scaled(size[t], u.ownGroup[t] * v.ownGroup[t])
        for g in layout.types.indices {
            let product = u.otherGroup[t][g] * v.otherGroup[t][g]
            if product == 0 { continue }
            sum = add(sum, scaled(countMinus[g][g == t ? 1 : 0] * size[g], product))
        }
        return add(sum, scaled(integer(special.squaredNorm), u.special[t] * v.special[t]))
    }

    /// `δw_i·εw_i'` for `i` of type `τ`, `i' ≠ i` of type `τ'`.
    private func crossInner(_ t: Int, _ t2: Int, _ u: TypedVector, _ v: TypedVector) -> S? {
        var sum = scaled(size[t], u.ownGroup[t] * v.otherGroup[t2][t])
        sum = add(sum, scaled(size[t2], u.otherGroup[t][t2] * v.ownGroup[t2]))
        for g in layout.types.indices {
            let product = u.otherGroup[t][g] * v.otherGroup[t2][g]
            if product == 0 { continue }
            let excluded = (g == t ? 1 : 0) + (g == t2 ? 1 : 0)
            sum = add(sum, scaled(countMinus[g][excluded] * size[g], product))
        }
        return add(sum, scaled(integer(special.squaredNorm), u.special[t] * v.special[t2]))
    }

    /// `DQ_ii'(u)` for `i` of type `τ`, `i' ≠ i` of type `τ'`.
    private func overlapDerivative(_ t: Int, _ t2: Int, _ u: TypedVector) -> S? {
        add(scaled(coefficientSize[t], u.otherGroup[t2][t]), scaled(coefficientSize[t2], u.otherGroup[t][t2]))
    }

    /// The Euclidean inner product `⟨u, v⟩` in parameter space.
    func inner(_ u: TypedVector, _ v: TypedVector) -> S {
        var total: S? = nil
        for t in layout.types.indices {
            let perStudent = add(scaled(integer(1), u.outputWeight[t] * v.outputWeight[t]), selfInner(t, u, v))
            total = add(total, mul(count[t], perStudent))
        }
        return total ?? zero()
    }

    /// The first derivatives of the order parameters along one vector, per type and per
    /// ordered pair of types: `Da`, `Dq`, `DQ`.
    struct FirstDerivatives {
        let vector: TypedVector
        let outputWeight: [S?]
        let norm: [S?]
        /// Per ordered pair of types `(τ, τ')`: the derivatives of the pair term's arguments
        /// `(a, a', q, q', Q)`, and the pair Hessian applied to them (nil: all zero).
        let pairArguments: [[[S?]?]]
        let pairHessianApplied: [[[S?]?]]
    }

    func firstDerivatives(_ u: TypedVector) -> FirstDerivatives {
        let types = layout.types.indices
        let da = types.map { scaled(integer(1), u.outputWeight[$0]) }
        let dq = types.map { scaled(twoCoefficientSize[$0], u.ownGroup[$0]) }
        var arguments: [[[S?]?]] = [], applied: [[[S?]?]] = []
        for t in types {
            var argumentRow: [[S?]?] = [], appliedRow: [[S?]?] = []
            for t2 in types {
                let d: [S?] = [da[t], da[t2], dq[t], dq[t2], overlapDerivative(t, t2, u)]
                guard d.contains(where: { $0 != nil }) else { argumentRow.append(nil); appliedRow.append(nil); continue }
                let hessian = pairHessian[classOf[t]][classOf[t2]]
                argumentRow.append(d)
                appliedRow.append((0..<5).map { x in
                    var sum: S? = nil
                    for y in 0..<5 where d[y] != nil { sum = add(sum, mul(hessian[x][y], d[y])) }
                    return sum
                })
            }
            arguments.append(argumentRow)
            applied.append(appliedRow)
        }
        return FirstDerivatives(vector: u, outputWeight: da, norm: dq, pairArguments: arguments,
                                pairHessianApplied: applied)
    }

    /// `H(u, v)`, the Hessian of the loss as a bilinear form.
    func bilinear(_ u: TypedVector, _ v: TypedVector) -> S {
        bilinear(firstDerivatives(u), firstDerivatives(v))
    }

    /// `H(u, v)` from the first derivatives along `u` and `v`.
    func bilinear(_ fu: FirstDerivatives, _ fv: FirstDerivatives) -> S {
        let u = fu.vector, v = fv.vector
        let types = layout.types.indices
        var total: S? = nil
        let da = (u: fu.outputWeight, v: fv.outputWeight)
        let dq = (u: fu.norm, v: fv.norm)
        let d2q = types.map { selfInner($0, u, v).map { $0 * integer(2) } }
        let ownerType: Int? = { if case .withinGroup(let o) = special { return o }; return nil }()
        for t in types {
            let s = classOf[t]
            var perStudent: S? = nil
            // Self-interaction.
            perStudent = add(perStudent, mul(selfAA[s], mul(da.u[t], da.v[t])))
            perStudent = add(perStudent, mul(selfAQ[s], add(mul(da.u[t], dq.v[t]), mul(dq.u[t], da.v[t]))))
            perStudent = add(perStudent, mul(selfQQ[s], mul(dq.u[t], dq.v[t])))
            perStudent = add(perStudent, mul(selfQ[s], d2q[t]))
            // Teachers: the terms that do not involve R, for the ℓ own and the k − ℓ other teachers.
            let aq = add(mul(da.u[t], dq.v[t]), mul(dq.u[t], da.v[t]))
            let qq = mul(dq.u[t], dq.v[t])
            func plain(_ fAQ: S, _ fQQ: S, _ fQ: S) -> S? { add(add(mul(fAQ, aq), mul(fQQ, qq)), mul(fQ, d2q[t])) }
            perStudent = add(perStudent, mul(size[t], plain(ownAQ[s], ownQQ[s], ownQ[s])))
            if let otherPlain = plain(otherAQ[s], otherQQ[s], otherQ[s]) {
                var otherTeachers: S? = nil
                for g in types { otherTeachers = add(otherTeachers, mul(countMinus[g][g == t ? 1 : 0], size[g])) }
                perStudent = add(perStudent, mul(otherTeachers, otherPlain))
            }
            // Teachers: the terms in DR. Own group: Σ DR = ℓ x_own.
            let rOwn = (u: scaled(size[t], u.ownGroup[t]), v: scaled(size[t], v.ownGroup[t]))
            perStudent = add(perStudent, mul(ownAR[s], add(mul(da.u[t], rOwn.v), mul(rOwn.u, da.v[t]))))
            perStudent = add(perStudent, mul(ownQR[s], add(mul(dq.u[t], rOwn.v), mul(rOwn.u, dq.v[t]))))
            perStudent = add(perStudent, mul(ownRR[s], scaled(size[t], u.ownGroup[t] * v.ownGroup[t])))
            // Other groups of type σ: N_σ − [σ = τ] groups of ℓ_σ teachers each.
            for g in types {
                let xu = u.otherGroup[t][g], xv = v.otherGroup[t][g]
                if xu == 0 && xv == 0 { continue }
                let groups = countMinus[g][g == t ? 1 : 0] * size[g]
                var term: S? = nil
                term = add(term, mul(otherAR[s], add(mul(da.u[t], scaled(integer(1), xv)), mul(scaled(integer(1), xu), da.v[t]))))
                term = add(term, mul(otherQR[s], add(mul(dq.u[t], scaled(integer(1), xv)), mul(scaled(integer(1), xu), dq.v[t]))))
                term = add(term, scaled(otherRR[s], xu * xv))
                perStudent = add(perStudent, mul(groups, term))
            }
            // The within-group difference δ: Σ_{j ∈ S_g0} DR(u) DR(v) gains z z' |δ|², with the
            // own jet for the owner of g0 and the other jet for everyone else.
            if let owner = ownerType {
                let zz = u.special[t] * v.special[t]
                perStudent = add(perStudent, scaled(t == owner ? ownRR[s] : otherRR[s], zz * special.squaredNorm))
            }
            total = add(total, mul(count[t], perStudent))
        }
        // Ordered pairs of distinct students: du · (F dv) + f_q D²q + f_q' D²q' + f_Q D²Q.
        for t in types {
            for t2 in types {
                let gradient = pairGradient[classOf[t]][classOf[t2]]
                guard !gradient.isEmpty else { continue }   // no such pair exists (count 0)
                let d2Q = add(crossInner(t, t2, u, v), crossInner(t, t2, v, u))
                var term: S? = nil
                if let du = fu.pairArguments[t][t2], let applied = fv.pairHessianApplied[t][t2] {
                    for x in 0..<5 { term = add(term, mul(du[x], applied[x])) }
                }
                term = add(term, mul(gradient[0], d2q[t]))
                term = add(term, mul(gradient[1], d2q[t2]))
                term = add(term, mul(gradient[2], d2Q))
                if let term { total = add(total, pairCount[t][t2] * term) }
            }
        }
        return total ?? zero()
    }
}
