import CertifiedIntervals

/// One class of a CA point or family, as the sector catalogue sees it.
struct SectorClass {
    let size: Int
    let multiplicity: CountPolynomial
    /// The exact multiplicity, or 4 for a multiplicity that grows with `n` (meaning "at
    /// least 4": the catalogue then contains every sector a class of ≥ 4 students has).
    let structuralMultiplicity: Int
}

/// A sector before it is given its final form (`Sector` or `FamilySector`).
struct CataloguedSector<S: SectorScalar> {
    let identifier: String
    let description: String
    let groupSize: Int?
    let multiplicityNumerator: CountPolynomial
    let multiplicityDenominator: Int
    let block: [[S]]
    let gram: [[S]]
    let representatives: [String]
    /// The representatives are certainly independent (`DecompositionCheck.independent`).
    let independent: Bool
}

/// The list of isotypic components of the parameter space at a CA point, with their
/// representatives (the argument is in the module README, "Symmetry sectors").
enum SectorCatalogue {

    /// The kernel data of every class: `h`, the jets against own and other teachers, and
    /// the jets of every pair of classes that has a pair of distinct students.
    static func kernelData(classes: [SectorClass], activation: Activation,
                           coefficient: (Int) throws -> Interval, outgoingWeight: (Int) throws -> Interval,
                           precision p: Int) throws -> (classes: [ClassKernelData], pairs: [[KernelSecondOrder?]]) {
        let kernel = activation.kernel(precision: p)
        let zero = Interval.zero(precision: p), one = Interval(1, precision: p)
        let zeroFirst = KernelFirstOrder(value: zero, d1: zero, d2: zero, d12: zero)
        let zeroJet = KernelSecondOrder(first: zeroFirst, d11: zero, d22: zero, d1212: zero, d1d2: zero, d1d12: zero, d2d12: zero)
        let totalStudents = classes.reduce(0) { $0 + $1.structuralMultiplicity }
        var firstStudent: [Int] = []
        var running = 1
        for c in classes { firstStudent.append(running); running += c.structuralMultiplicity }
        var data: [ClassKernelData] = []
        var norms: [Interval] = []
        for (s, c) in classes.enumerated() {
            let coeff = try coefficient(c.size).withPrecision(p)
            let out = try outgoingWeight(c.size).withPrecision(p)
            let q = Interval(c.size, precision: p) * coeff.squared
            norms.append(q)
            let me = Neuron.student(firstStudent[s])
            let diagonal = try onPair(me, me) { try kernel.diagonal(q) }
            let own = try onPair(me, .teacher(1)) { try kernel.secondOrder(q, one, coeff) }
            // A teacher outside the own group exists unless the class is one student averaging all.
            let other = totalStudents > 1
                ? try onPair(me, .teacher(c.size + 1)) { try kernel.secondOrder(q, one, zero) } : zeroJet
            data.append(ClassKernelData(size: c.size, coefficient: coeff, outgoingWeight: out, diagonal: diagonal,
                                        ownTeacher: own, otherTeacher: other))
        }
        var pairs: [[KernelSecondOrder?]] = []
        for s in classes.indices {
            var row: [KernelSecondOrder?] = []
            for t in classes.indices {
                if s == t && classes[s].structuralMultiplicity < 2 { row.append(nil); continue }
                let partner = Neuron.student(firstStudent[t] + (s == t ? 1 : 0))
                row.append(try onPair(.student(firstStudent[s]), partner) { try kernel.secondOrder(norms[s], norms[t], zero) })
            }
            pairs.append(row)
        }
        return (data, pairs)
    }

    /// Every sector, with its block and Gram matrix evaluated in `S`, and whether its
    /// representatives are independent at the counts of `n` (ignored when the counts are
    /// constant).
    static func sectors<S: SectorScalar>(classes: [SectorClass], kernels: [ClassKernelData],
                                         pairJets: [[KernelSecondOrder?]], orthogonalDirections: CountPolynomial,
                                         independenceCheckAt n: Int,
                                         precision p: Int, scalar: S.Type) -> [CataloguedSector<S>] {
        let mus = classes.map(\.multiplicity)
        let C = classes.count
        var result: [CataloguedSector<S>] = []
        // As in `kernelData`: a teacher outside a student's group exists unless one student averages all.
        let hasOtherTeacher = classes.reduce(0) { $0 + $1.structuralMultiplicity } > 1
        let coefficients = ClassCoefficients<S>(classes: kernels, pairJets: pairJets, hasOtherTeacher: hasOtherTeacher,
                                                precision: p)

        func add(_ identifier: String, _ description: String, groupSize: Int?, multiplicity: CountPolynomial,
                 denominator: Int = 1, layout: TypeLayout, special: SpecialDirection,
                 _ representatives: [(String, TypedVector)]) {
            let evaluator = SectorEvaluator<S>(coefficients: coefficients, layout: layout, special: special)
            let vectors = representatives.map(\.1)
            precondition(vectors.allSatisfy { !$0.isZero }, "a representative of \(identifier) is zero")
            let derivatives = vectors.map(evaluator.firstDerivatives)
            var block: [[S]] = [], gram: [[S]] = []
            for a in vectors.indices {
                block.append([]); gram.append([])
                for b in vectors.indices {
                    if b < a { block[a].append(block[b][a]); gram[a].append(gram[b][a]); continue }
                    block[a].append(evaluator.bilinear(derivatives[a], derivatives[b]))
                    gram[a].append(evaluator.inner(vectors[a], vectors[b]))
                }
            }
            result.append(CataloguedSector(identifier: identifier, description: description, groupSize: groupSize,
                                           multiplicityNumerator: multiplicity, multiplicityDenominator: denominator,
                                           block: block, gram: gram, representatives: representatives.map(\.0),
                                           independent: DecompositionCheck.independent(vectors, layout: layout, at: n)))
        }
        func size(_ s: Int) -> Int { classes[s].size }
        func many(_ s: Int, _ m: Int) -> Bool { classes[s].structuralMultiplicity >= m }

        // 1. The invariant sector: every student of a class moves alike.
        do {
            let L = TypeLayout(multiplicities: mus)
            var reps: [(String, TypedVector)] = []
            for s in 0..<C { reps.append(("a of the students of size \(size(s))", L.classSum(s, L.outputWeight))) }
            for s in 0..<C { reps.append(("w of size \(size(s)) along its own group", L.classSum(s, L.ownGroup))) }
            for s in 0..<C {
                for t in 0..<C where s != t || many(s, 2) {
                    reps.append(("w of size \(size(s)) towards the groups of size \(size(t))",
                                 L.classSum(s) { L.outgoing($0, toClass: t) }))
                }
            }
            add("invariant", "Directions invariant under the whole symmetry group: all students of one group size move alike (their output weights, along their own group, towards the groups of each size).",
                groupSize: nil, multiplicity: CountPolynomial(1), layout: L, special: .none, reps)
        }
        // 2. One class's standard representation (e_A − e_B over its students).
        for s in 0..<C where many(s, 2) {
            let L = TypeLayout(multiplicities: mus, distinguished: [s: 2])
            let A = L.single(s, 0), B = L.single(s, 1)
            func difference(_ embedding: (Int) -> TypedVector) -> TypedVector { embedding(A) - embedding(B) }
            var reps: [(String, TypedVector)] = [
                ("a", difference(L.outputWeight)),
                ("w along its own group", difference(L.ownGroup)),
                ("w towards the other groups of size \(size(s))", difference { L.outgoing($0, toClass: s) }),
            ]
            if many(s, 3) {
                reps.append(("the other students of size \(size(s)) towards the group", difference { L.incoming($0, fromClass: s) }))
            }
            for t in 0..<C where t != s {
                reps.append(("w towards the groups of size \(size(t))", difference { L.outgoing($0, toClass: t) }))
                reps.append(("the students of size \(size(t)) towards the group", difference { L.incoming($0, fromClass: t) }))
            }
            add("exchange(\(size(s)))", "Contrasts between the \(size(s))-groups (sum zero over the students of size \(size(s))), each with its group's moves: the standard representation of the exchanges of the size-\(size(s)) groups.",
                groupSize: size(s), multiplicity: mus[s] - 1, layout: L, special: .none, reps)
        }
        // 3. Two classes' standard representations together (pair moves across classes).
        for s in 0..<C where many(s, 2) {
            for t in (s + 1)..<max(C, s + 1) where many(t, 2) {
                let L = TypeLayout(multiplicities: mus, distinguished: [s: 2, t: 2])
                let A = L.single(s, 0), B = L.single(s, 1), P = L.single(t, 0), Q = L.single(t, 1)
                let forward = L.pair(A, P) - L.pair(A, Q) - L.pair(B, P) + L.pair(B, Q)
                let backward = L.pair(P, A) - L.pair(Q, A) - L.pair(P, B) + L.pair(Q, B)
                add("exchange(\(size(s)),\(size(t)))", "Double contrasts between students of size \(size(s)) and groups of size \(size(t)) and vice versa: the product of the two classes' standard representations.",
                    groupSize: nil, multiplicity: (mus[s] - 1) * (mus[t] - 1), layout: L, special: .none,
                    [("w of size \(size(s)) towards groups of size \(size(t))", forward),
                     ("w of size \(size(t)) towards groups of size \(size(s))", backward)])
            }
        }
        // 4, 5. Pair moves inside one class: antisymmetric cycles and symmetric four-cycles.
        for s in 0..<C where many(s, 3) {
            let L = TypeLayout(multiplicities: mus, distinguished: [s: 3])
            let A = L.single(s, 0), B = L.single(s, 1), Cc = L.single(s, 2)
            let cycle = L.pair(A, B) + L.pair(B, Cc) + L.pair(Cc, A) - L.pair(B, A) - L.pair(Cc, B) - L.pair(A, Cc)
            add("exchange-antisymmetric(\(size(s)))", "Students of size \(size(s)) moving towards each other's groups around a cycle, antisymmetric and with no net flow at any student: the representation S^(μ−2,1,1) of the exchanges.",
                groupSize: size(s), multiplicity: (mus[s] - 1) * (mus[s] - 2), denominator: 2, layout: L, special: .none,
                [("cyclic moves towards each other's groups", cycle)])
        }
        for s in 0..<C where many(s, 4) {
            let L = TypeLayout(multiplicities: mus, distinguished: [s: 4])
            let A = L.single(s, 0), B = L.single(s, 1), Cc = L.single(s, 2), D = L.single(s, 3)
            let square = L.pair(A, B) + L.pair(B, A) + L.pair(Cc, D) + L.pair(D, Cc)
                - L.pair(A, Cc) - L.pair(Cc, A) - L.pair(B, D) - L.pair(D, B)
            add("exchange-symmetric(\(size(s)))", "Students of size \(size(s)) moving symmetrically towards each other's groups with no net flow at any student: the representation S^(μ−2,2) of the exchanges.",
                groupSize: size(s), multiplicity: mus[s] * (mus[s] - 3), denominator: 2, layout: L, special: .none,
                [("symmetric moves towards each other's groups around a four-cycle", square)])
        }
        // 6. Within-group differences of a group of size ≥ 2.
        for s in 0..<C where size(s) >= 2 {
            let withinCount = mus[s] * CountPolynomial(size(s) - 1)
            do {
                let L = TypeLayout(multiplicities: mus, distinguished: [s: 1])
                let O = L.single(s, 0)
                var reps: [(String, TypedVector)] = [("the owner of the group", L.special(O))]
                if many(s, 2) { reps.append(("the other students of size \(size(s))", L.special(L.rest(s)))) }
                for t in 0..<C where t != s { reps.append(("the students of size \(size(t))", L.classSum(t, L.special))) }
                add("within-group(\(size(s)))", "Every student moving along a difference of two teacher directions inside one group of size \(size(s)) (sum zero over the group), alike within each class; the averaging student splitting lies here.",
                    groupSize: size(s), multiplicity: withinCount, layout: L, special: .withinGroup(ownerType: O), reps)
            }
            for t in 0..<C where many(t, t == s ? 3 : 2) {
                let L = TypeLayout(multiplicities: mus, distinguished: t == s ? [s: 3] : [s: 1, t: 2])
                let O = L.single(s, 0)
                let A = L.single(t, t == s ? 1 : 0), B = L.single(t, t == s ? 2 : 1)
                add("within-group(\(size(s)))/exchange(\(size(t)))", "A within-group difference of a size-\(size(s)) group taken by the students of size \(size(t))\(t == s ? " other than its owner" : "") with opposite signs (sum zero over them).",
                    groupSize: size(s), multiplicity: withinCount * (mus[t] - (t == s ? 2 : 1)), layout: L,
                    special: .withinGroup(ownerType: O), [("contrast of the students of size \(size(t))", L.special(A) - L.special(B))])
            }
        }
        // 7. Directions orthogonal to every teacher vector.
        if orthogonalDirections != CountPolynomial(0) {
            let L = TypeLayout(multiplicities: mus)
            add("orthogonal", "Students moving along an input direction orthogonal to every teacher vector, alike within each class.",
                groupSize: nil, multiplicity: orthogonalDirections, layout: L, special: .orthogonal,
                (0..<C).map { s in ("the students of size \(size(s))", L.classSum(s, L.special)) })
            for s in 0..<C where many(s, 2) {
                let L = TypeLayout(multiplicities: mus, distinguished: [s: 2])
                add("orthogonal/exchange(\(size(s)))", "Students of size \(size(s)) moving along an orthogonal input direction with opposite signs (sum zero over them).",
                    groupSize: size(s), multiplicity: orthogonalDirections * (mus[s] - 1), layout: L, special: .orthogonal,
                    [("contrast of the students of size \(size(s))", L.special(L.single(s, 0)) - L.special(L.single(s, 1)))])
            }
        }
        return result
    }
}
