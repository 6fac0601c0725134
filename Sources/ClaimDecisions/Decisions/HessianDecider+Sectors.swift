import CertifiedIntervals
import CertifiedLinearAlgebra
import ClosedForms
import TeacherStudent
import TheoremFiles

/// The sector path of hessian claims: the type of an exactly critical copy-average point
/// of the orthonormal teacher from the inertia of its symmetry-adapted Hessian blocks.
///
/// Soundness (also in the module README): `SymmetryAdaptedHessian` encloses, block by
/// block, the Hessian at the exactly symmetric point written in a basis adapted to its
/// symmetry group; the blocks decouple (Schur's lemma) only because the point is exactly
/// symmetric, so the path is taken only when (a) `ExactCriticality` proved the gradient
/// exactly 0, (b) the configuration is a closed-form copy-average (or one-neuron average)
/// configuration of the orthonormal teacher (`CopyAverageStructure`: decided from the file,
/// not from numbers), and (c) the reduction accepted its closed forms (part of (a)). Then
/// the Hessian is congruent to the direct sum of the blocks, each `multiplicity` times,
/// and Sylvester's law gives its inertia as Σ multiplicity × inertia(block); a certified
/// inertia without zero eigenvalue makes the point a non-degenerate critical point of
/// that Morse index. Anything else returns false and goes the dense / Krawczyk way.
extension HessianDecider {
    /// Decides the claim from the sectors; false (nothing recorded) when the configuration
    /// has no copy-average structure or some block's inertia is not certified (a singular
    /// block — a Morse–Bott point — or enclosures too wide), which leaves the dense paths
    /// to decide.
    func decideBySectors(_ proof: ExactCriticality.Proof, _ context: InstanceContext,
                         _ decision: inout InstanceDecision) throws -> Bool {
        guard let structure = try CopyAverageStructure(context, partition: context.partition) else { return false }
        guard let sectors = try SectorHessian.certifiedSectors(structure, precision: context.precision) else {
            return false
        }
        let negative = sectors.reduce(0) { $0 + $1.negativeDirections }
        let positive = sectors.reduce(0) { $0 + $1.positiveDirections }
        let summary = InertiaSummary(positive: positive, negative: negative, radiusExponent: 0, moduloSymmetry: false,
                                     atExactPoint: true, sectorCount: sectors.count)
        decision.evidence.hessianMethod = .sectors
        decision.evidence.sectors = sectors
        decision.evidence.morseIndex = negative
        decision.worstBound = .morseIndex(negative)
        decision.detail = .inertia(summary, configuration: .exact(proof))
        let carriers = sectors.filter { $0.negative > 0 }
        switch type {
        case .localMinimum:
            guard negative == 0 else {
                decision.verdict = .refuted
                decision.witness = .negativeSectors(summary, carriers: carriers)
                return true
            }
        case .saddle:
            guard negative > 0 && positive > 0 else {
                decision.verdict = .refuted
                decision.witness = .definiteHessian(minimum: negative == 0, summary)
                return true
            }
        case .reportIndex:
            break
        case .localMinimumModuloSymmetry, .globalMinimum:
            // Degenerate-minimum claims are decided by DegenerateMinimumDecider before the
            // sector path is reached; never decided here.
            return false
        case .morseIndex(let expression, let table):
            guard let index = try claimedMorseIndex(expression, table, context) else {
                decision.verdict = .inconclusive
                decision.detail = .morseIndexNotInteger(expression)
                decision.retry = .final
                return true
            }
            guard index == negative else {
                decision.verdict = .refuted
                decision.witness = .sectorMorseIndex(actual: negative, claimed: index, summary, carriers: carriers)
                return true
            }
        }
        holds(summary, criticality: .exact(proof), &decision)
        return true
    }

    /// Charges the work of the dense way (a Krawczyk test and a certified inertia) when
    /// the attempt was estimated for the sector path only (`ResourceModel.sectorPathMayApply`):
    /// the dense fallback then passes the budget like any other attempt. Throws
    /// `WorkBudgetExceeded` (INCONCLUSIVE, final) when it does not fit.
    func chargeDenseHessian(_ context: InstanceContext) throws {
        guard ResourceModel.sectorPathMayApply(context.claim.family), let size = context.instance.size else { return }
        try context.workBudget.charge(ResourceModel.denseHessianClaimUnits(size)
                                      * WorkBudget.operationCost(precision: context.precision))
    }

    /// The Morse index a `morse-index` claim states at the context's instance: the
    /// partition's entry of the table, else the expression's exact value; nil when that
    /// is not an integer.
    func claimedMorseIndex(_ expression: ClosedForms.Expression, _ table: [(partition: [Int], index: Int)],
                           _ context: InstanceContext) throws -> Int? {
        let listed = context.partition.flatMap { partition in table.first { $0.partition == partition }?.index }
        let expected = try listed.map { Rational($0) }
            ?? expression.exactValue(in: context.environment(partition: context.partition))
        return expected?.intValue
    }
}

/// The symmetry-adapted Hessian of a copy-average configuration, with each block's
/// certified inertia.
enum SectorHessian {
    /// The sectors of `structure`'s configuration with their certified inertia, or nil
    /// when they cannot be computed or some block's inertia is not certified (the caller
    /// then takes the dense way). Throws an exhausted work budget, and `SectorCountMismatch`
    /// (an internal error, reported as such, never a verdict).
    /// Checks that the blocks account for every parameter (Σ multiplicity × block size
    /// = n(d + 1)); a mismatch is an internal error (thrown), never a verdict.
    static func certifiedSectors(_ structure: CopyAverageStructure, precision: Int) throws -> [SectorInertia]? {
        let sectors: [SymmetryAdaptedHessian.Sector]
        do {
            sectors = try SymmetryAdaptedHessian.sectors(
                partition: structure.partition, inputDimension: structure.inputDimension,
                activation: structure.activation, coefficient: structure.coefficient,
                outgoingWeight: structure.outgoingWeight, precision: precision)
        } catch let error as WorkBudgetExceeded {
            throw error
        } catch {
            // Not decomposed (a `SectorError`: an inconsistent decomposition, a configuration
            // it does not cover) or not evaluable by the sectors (a kernel or domain error):
            // the dense way decides, as it does for every other configuration.
            return nil
        }
        let parameters = structure.partition.count * (structure.inputDimension + 1)
        let covered = sectors.reduce(0) { $0 + $1.multiplicity * $1.block.count }
        guard covered == parameters else {
            throw SectorCountMismatch(parameters: parameters, covered: covered)
        }
        var result: [SectorInertia] = []
        for sector in sectors {
            guard case .certified(let inertia) = SymmetricInertia.certify(sector.block) else { return nil }
            result.append(SectorInertia(identifier: sector.identifier, description: sector.description,
                                        groupSize: sector.groupSize, multiplicity: sector.multiplicity,
                                        blockSize: sector.block.count, positive: inertia.positive,
                                        negative: inertia.negative,
                                        eigenvalues: BlockEigenvalues.enclose(sector.block, gram: sector.representativeGram,
                                                                              precision: precision)))
        }
        return result
    }
}

/// The symmetry sectors did not account for every parameter (an internal error).
struct SectorCountMismatch: Error, CustomStringConvertible {
    var parameters: Int
    var covered: Int
    var description: String {
        "internal error: the symmetry sectors cover \(covered) of the \(parameters) parameters"
    }
}
