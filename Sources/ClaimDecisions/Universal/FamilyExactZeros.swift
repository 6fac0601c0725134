import CertifiedIntervals
import ClosedForms
import SymmetryReduction
import TeacherStudent

/// Exact zeros in the polynomial blocks of the family `(m, 1^(n−1))` for the every-k
/// path: each coefficient (in n) of a block entry is a fixed constant — the kernel and its
/// partials at the fixed arguments `q = ℓ c(ℓ)²`, `R = c(ℓ)`, `Q = 0`, times `c(ℓ)`,
/// `a(ℓ)` and exact rational counts. The family is evaluated a second time with
/// `SectorForm` (exact forms in those atoms, by the same ring operations), and a
/// coefficient whose enclosure contains 0 becomes the exact 0 only when its form cancels
/// identically or Calcium proves its exact value 0 (`ExactSectorZeros.refine`). Without
/// this, coefficients that are exactly 0 stay enclosures of 0 and the signs of the
/// characteristic polynomials' coefficients are decided only up to a finite n.
///
/// Only the erf kernel has an exact route (`ExactSectorAtoms`); for any other kernel, or
/// when the exact and the enclosed blocks disagree (`Inconsistency`, never expected), the
/// blocks are returned unchanged and the note says why — the enclosures then decide what
/// they can, as before.
enum FamilyExactZeros {

    struct Outcome {
        var sectors: [PolynomialSector]
        /// What was refined (nil when the exact route did not run).
        var summary: ExactSectorZeros.Summary?
        /// Why the exact route did not run, or what it left undecided.
        var note: String?

        /// A proof step naming how the zeros were proved (nil when none was replaced).
        var proofStep: String? {
            guard let summary, summary.proved + summary.structural > 0 else { return nil }
            var text = "exact zeros in the polynomial blocks: of the coefficients (in n) whose enclosures contain 0, "
            if summary.structural > 0 {
                text += "\(summary.structural) cancel identically as polynomials in the kernel constants (count structure), "
            }
            text += "\(summary.proved) are proved exactly 0 by Calcium (exact values of c(ℓ), a(ℓ) and of the erf kernel "
                + "and its partials at q = ℓc(ℓ)², R = c(ℓ), Q = 0 — the partials with an even number of q12-derivatives "
                + "vanish at Q = 0, and the combinations that vanish because the point is critical)"
            if summary.nonzero > 0 { text += "; \(summary.nonzero) are proved nonzero and keep their enclosures" }
            if !summary.undecided.isEmpty { text += "; \(summary.undecided.count) stay undecided enclosures" }
            return text + "; no coefficient is set to 0 from an enclosure"
        }
    }

    /// The sectors with exact zeros where proved. `coefficient`, `outgoingWeight` are the
    /// enclosures the blocks were computed with (the exact forms reuse the kernel data).
    static func refine(_ sectors: [PolynomialSector], averageSize m: Int, orthogonalOffset e: Int,
                       activation: Activation, incoming: ClosedForms.Expression, outgoing: ClosedForms.Expression,
                       definitions: Definitions, coefficient: @escaping (Int) throws -> Interval,
                       outgoingWeight: @escaping (Int) throws -> Interval, precision: Int) -> Outcome {
        let atoms: ExactSectorAtoms
        do {
            atoms = try ExactSectorAtoms(activation: activation, incoming: incoming, outgoing: outgoing,
                                         definitions: definitions)
        } catch {
            return Outcome(sectors: sectors, summary: nil, note: "no exact zeros: \(error)")
        }
        do {
            let exact = try SymmetryAdaptedHessian.oneAverageFamily(
                averageSize: m, orthogonalOffset: e, activation: activation, coefficient: coefficient,
                outgoingWeight: outgoingWeight, precision: precision, scalar: SectorForm.self)
            var summary = ExactSectorZeros.Summary()
            var refined: [PolynomialSector] = []
            for sector in sectors {
                guard let form = exact.sectors.first(where: { $0.identifier == sector.identifier }),
                      form.multiplicityNumerator.coefficients == sector.multiplicityNumerator,
                      form.multiplicityDenominator == sector.multiplicityDenominator else {
                    return Outcome(sectors: sectors, summary: nil,
                                   note: "no exact zeros: no exact form of the sector \(sector.identifier)")
                }
                var copy = sector
                copy.block = try ExactSectorZeros.refine(block: sector.block, exact: form.block, sector: sector.identifier,
                                                         atoms: atoms, summary: &summary)
                refined.append(copy)
            }
            let note = summary.undecided.isEmpty ? nil
                : "exact zero tests left undecided: " + summary.undecided.prefix(3).joined(separator: "; ")
            return Outcome(sectors: refined, summary: summary, note: note)
        } catch {
            return Outcome(sectors: sectors, summary: nil, note: "no exact zeros: \(error)")
        }
    }
}
