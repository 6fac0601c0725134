import CertifiedIntervals

/// The students of a CA point split into *types*: students of one class that a
/// representative vector treats alike (a type is a subset of one class, with a count).
/// Every student owns its group, so the groups are typed by the same types.
struct TypeLayout {
    struct StudentType {
        /// Index into the classes.
        let classIndex: Int
        /// How many students (and groups) the type holds; may be 0 or a polynomial in n.
        let count: CountPolynomial
        /// True for a single distinguished student.
        let isSingle: Bool
    }

    private(set) var types: [StudentType] = []
    /// The single students of each class, in order, and the rest of each class.
    private var singles: [[Int]]
    private var rests: [Int]

    /// `distinguished[s]` single students of class `s`, then the rest of each class.
    init(multiplicities: [CountPolynomial], distinguished: [Int: Int] = [:]) {
        singles = Array(repeating: [], count: multiplicities.count)
        rests = []
        for (s, mu) in multiplicities.enumerated() {
            let r = distinguished[s] ?? 0
            for _ in 0..<r {
                singles[s].append(types.count)
                types.append(StudentType(classIndex: s, count: CountPolynomial(1), isSingle: true))
            }
            rests.append(types.count)
            types.append(StudentType(classIndex: s, count: mu - r, isSingle: false))
        }
    }

    /// The `index`-th distinguished student of class `s`.
    func single(_ s: Int, _ index: Int) -> Int { singles[s][index] }
    /// The type of the undistinguished students of class `s`.
    func rest(_ s: Int) -> Int { rests[s] }
    /// Every type of class `s`.
    func types(ofClass s: Int) -> [Int] { singles[s] + [rests[s]] }
}

/// A direction in parameter space that treats the students of each type alike, in
/// integer coefficients:
/// - `outputWeight[τ]`: `δa_i`;
/// - `ownGroup[τ]`: `δw_i` along the indicator `1_{S_i}` of the student's own group;
/// - `otherGroup[τ][σ]`: `δw_i` along `1_{S_g}` for every group `g ≠ i` of type `σ`;
/// - `special[τ]`: `δw_i` along the layout's special direction (a within-group difference
///   `e_s − e_t` inside the group of one single student, or a unit vector orthogonal to
///   every teacher vector); the same direction for every student.
struct TypedVector {
    var outputWeight: [Int]
    var ownGroup: [Int]
    var otherGroup: [[Int]]
    var special: [Int]

    init(typeCount t: Int) {
        outputWeight = Array(repeating: 0, count: t)
        ownGroup = Array(repeating: 0, count: t)
        otherGroup = Array(repeating: Array(repeating: 0, count: t), count: t)
        special = Array(repeating: 0, count: t)
    }

    static func + (x: TypedVector, y: TypedVector) -> TypedVector {
        var r = x
        for t in 0..<x.outputWeight.count {
            r.outputWeight[t] += y.outputWeight[t]
            r.ownGroup[t] += y.ownGroup[t]
            r.special[t] += y.special[t]
            for s in 0..<x.outputWeight.count { r.otherGroup[t][s] += y.otherGroup[t][s] }
        }
        return r
    }

    static prefix func - (x: TypedVector) -> TypedVector {
        var r = x
        r.outputWeight = x.outputWeight.map { -$0 }
        r.ownGroup = x.ownGroup.map { -$0 }
        r.special = x.special.map { -$0 }
        r.otherGroup = x.otherGroup.map { $0.map { -$0 } }
        return r
    }

    static func - (x: TypedVector, y: TypedVector) -> TypedVector { x + (-y) }

    var isZero: Bool {
        outputWeight.allSatisfy { $0 == 0 } && ownGroup.allSatisfy { $0 == 0 }
            && special.allSatisfy { $0 == 0 } && otherGroup.allSatisfy { $0.allSatisfy { $0 == 0 } }
    }
}

/// The equivariant embeddings of the student index space (and of pairs) used to build
/// representatives: each maps the student(s) of the given types to a `TypedVector`.
extension TypeLayout {
    private func empty() -> TypedVector { TypedVector(typeCount: types.count) }

    /// `e_i ↦ e_{a_i}`.
    func outputWeight(_ t: Int) -> TypedVector { var v = empty(); v.outputWeight[t] = 1; return v }
    /// `e_i ↦ w_i along 1_{S_i}`.
    func ownGroup(_ t: Int) -> TypedVector { var v = empty(); v.ownGroup[t] = 1; return v }
    /// `e_i ↦ Σ_{g ∈ class s, g ≠ i} (w_i along 1_{S_g})`: the student moves towards the
    /// groups of class `s`.
    func outgoing(_ t: Int, toClass s: Int) -> TypedVector {
        var v = empty(); for g in types(ofClass: s) { v.otherGroup[t][g] = 1 }; return v
    }
    /// `e_g ↦ Σ_{i ∈ class s, i ≠ g} (w_i along 1_{S_g})`: the students of class `s` move
    /// towards group `g`.
    func incoming(_ g: Int, fromClass s: Int) -> TypedVector {
        var v = empty(); for i in types(ofClass: s) { v.otherGroup[i][g] = 1 }; return v
    }
    /// `(i, g) ↦ w_i along 1_{S_g}` for single students `i ≠ g`.
    func pair(_ i: Int, _ g: Int) -> TypedVector { var v = empty(); v.otherGroup[i][g] = 1; return v }
    /// `e_i ↦ w_i along the special direction`.
    func special(_ t: Int) -> TypedVector { var v = empty(); v.special[t] = 1; return v }
    /// The sum of an embedding over every type of class `s` (the class-invariant vector).
    func classSum(_ s: Int, _ embedding: (Int) -> TypedVector) -> TypedVector {
        types(ofClass: s).map(embedding).reduce(empty(), +)
    }
}
