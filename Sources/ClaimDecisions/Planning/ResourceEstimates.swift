import Foundation
import CertifiedIntervals
import CertifiedLinearAlgebra
import ClosedForms
import TeacherStudent
import TheoremFiles

/// The sizes of one configuration's networks: `students` (n), `teacherNeurons` (k),
/// `inputDimension` (d).
struct NetworkSize: Equatable {
    var students: Int
    var teacherNeurons: Int
    var inputDimension: Int

    /// Student parameters `N = n(d + 1)`, the order of the Hessian.
    var parameters: Double { Double(students) * Double(inputDimension + 1) }
    /// Kernel evaluations of one loss: student–student, student–teacher, teacher–teacher.
    var kernelPairs: Double {
        let n = Double(students), k = Double(teacherNeurons)
        return n * n + n * k + k * k
    }
}

/// The work (in `WorkBudget` units) and memory one attempt at one precision needs.
struct AttemptCost {
    var workUnits: Double
    var bytes: Double
}

/// How much work and memory the certified evaluations take, as functions of the
/// network sizes and the precision.
///
/// A model, not a measurement: the counts follow the algorithms (a kernel value and
/// its partials per pair of neurons, `N²` Hessian entries, `N³` for the block LDLᵀ and
/// the Krawczyk product, about twenty Newton steps in a numerical refinement), and the
/// constants were fitted to peak memory measured on copy-average families (n = k =
/// 200, 400 at 128 and 2048 bits) and rounded up. It errs on the side of too much,
/// so that a refusal comes before an allocation fails, not after.
enum ResourceModel {
    /// Bytes of one interval at `p` bits: two MPFR endpoints with `⌈p/64⌉` limbs each,
    /// their headers and the object holding them.
    static func bytesPerInterval(precision p: Int) -> Double { 120 + 16 * Double((p + 63) / 64) }

    /// Bytes live during one dense loss-and-gradient evaluation.
    static func denseEvaluationBytes(_ size: NetworkSize, precision p: Int) -> Double {
        size.kernelPairs * (400 + 0.35 * Double(p))
    }

    /// Bytes live while a Hessian is factorised or used in a Krawczyk test: the Hessian
    /// over the box, the preconditioner, a product and the factorisation.
    static func hessianBytes(_ size: NetworkSize, precision p: Int) -> Double {
        4 * size.parameters * size.parameters * bytesPerInterval(precision: p)
    }

    /// Units (at 128 bits) of one loss and gradient: per pair of neurons a dot product
    /// of length d and a kernel with its partials.
    static func lossAndGradientUnits(_ size: NetworkSize) -> Double {
        size.kernelPairs * (2 * Double(size.inputDimension) + 40)
    }

    /// Units of one Hessian: second partials per pair, and every entry.
    static func hessianUnits(_ size: NetworkSize) -> Double {
        lossAndGradientUnits(size) + size.kernelPairs * 80 + 8 * size.parameters * size.parameters
    }

    /// Units of the `N³` float64 work of the verified inertia or Krawczyk test (about `5N³`
    /// float64 operations, a unit being roughly fifty of them).
    static func float64CubicUnits(_ size: NetworkSize) -> Double { pow(size.parameters, 3) / 10 }

    /// Whether the `N³` MPFR fallbacks (interval LDLᵀ, MPFR inverse and interval
    /// products) may run: only up to `SymmetricInertia.blockLDLTFallbackLimit` parameters.
    static func mpfrFallbackMayRun(_ size: NetworkSize) -> Bool {
        size.parameters <= Double(SymmetricInertia.blockLDLTFallbackLimit)
    }

    /// Units of one certified inertia of the Hessian: the float64 diagonalisation, and the
    /// interval LDLᵀ it may fall back to.
    static func inertiaUnits(_ size: NetworkSize) -> Double {
        float64CubicUnits(size) + (mpfrFallbackMayRun(size) ? 2 * pow(size.parameters, 3) : 0)
    }

    /// Units of one Krawczyk test (Hessian over the box, preconditioner, product: in
    /// float64, then in MPFR when that may run); twice when the slice of a homogeneous
    /// activation is tried as well.
    static func krawczykUnits(_ size: NetworkSize) -> Double {
        2 * (hessianUnits(size) + float64CubicUnits(size) + (mpfrFallbackMayRun(size) ? 3 * pow(size.parameters, 3) : 0))
    }

    /// Units of a numerical refinement: about twenty Newton steps.
    static func refinementUnits(_ size: NetworkSize) -> Double {
        20 * (hessianUnits(size) + pow(size.parameters, 3))
    }

    /// Units of the dense way of a hessian claim: a Krawczyk test and a certified inertia.
    static func denseHessianClaimUnits(_ size: NetworkSize) -> Double {
        krawczykUnits(size) + inertiaUnits(size)
    }

    /// Whether a hessian claim on `family` may be decided from the symmetry sectors:
    /// closed-form copy-average families and one-neuron averages (defined against the
    /// orthonormal teacher only).
    static func sectorPathMayApply(_ family: Family?) -> Bool {
        switch family?.kind {
        case .copyAverage?, .oneNeuronAverage?: return true
        default: return false
        }
    }

    /// Units of the sector path: the exact zero tests of the reduced gradient (a few per
    /// pair of group sizes) and the symmetry-adapted blocks with their inertia. Bounded
    /// by a generous polynomial in the number of students n (at most n classes, blocks
    /// of at most n² + 2n rows in the worst case of all-distinct sizes, which needs
    /// n ≤ √(2k)).
    static func sectorUnits(_ size: NetworkSize) -> Double {
        let n = Double(size.students)
        return 20_000 + 400 * n * n + 10 * pow(min(n * n + 2 * n, 4 * Double(size.teacherNeurons)), 2)
    }

    /// Units of one certified quadrature of a kernel value (its panel budget at the
    /// highest Taylor order).
    static let quadratureUnits = 200_000.0

    /// What one attempt of `claim` at one instance costs at precision `p`, apart from
    /// the expressions the claim evaluates (the evaluator charges those itself).
    static func attemptCost(_ claim: Claim, family: Family?, size: NetworkSize?, members: Int,
                            precision p: Int) -> AttemptCost {
        let scale = WorkBudget.operationCost(precision: p)
        guard let size else {
            guard case .kernel = claim.kind else { return AttemptCost(workUnits: 0, bytes: 0) }
            // The quadrature works at the precision its target width needs, the closed form at p.
            let target = GaussianQuadrature.bitsForTarget(kernelQuadratureTarget(claim.tolerance)) + 32
            return AttemptCost(workUnits: quadratureUnits * WorkBudget.operationCost(precision: min(p, target))
                                   + 100 * scale, bytes: 0)
        }
        var units = lossAndGradientUnits(size)
        var bytes = denseEvaluationBytes(size, precision: p)
        var needsHessian = false
        switch claim.kind {
        case .criticalPoint(let proof):
            needsHessian = proof == .krawczyk || size.parameters <= 80
            if proof == .krawczyk { units += krawczykUnits(size) }
            if size.parameters <= 80 { units += hessianUnits(size) + inertiaUnits(size) }
        case .hessian:
            needsHessian = true
            // A copy-average family (orthonormal teacher, closed forms) goes the sector path
            // when its point is exactly critical; the dense fallback charges itself then
            // (`HessianDecider.chargeDenseHessian`). The memory estimate stays the dense one.
            units += sectorPathMayApply(family) ? sectorUnits(size) : denseHessianClaimUnits(size)
        case .minimumOverFamily:
            units *= Double(max(1, members))
        case .loss, .comparison, .kernel:
            break
        }
        if case .numerical? = family?.kind {
            needsHessian = true
            units += refinementUnits(size) + krawczykUnits(size)
        }
        if needsHessian { bytes += hessianBytes(size, precision: p) }
        return AttemptCost(workUnits: units * scale, bytes: bytes)
    }
}

/// The width a kernel claim asks of the quadrature: a quarter of the tolerance, kept
/// within [10⁻¹⁵, 10⁻¹⁰].
func kernelQuadratureTarget(_ tolerance: Rational) -> Double {
    max(1e-15, min(1e-10, tolerance.doubleValue / 4))
}

/// The limits a run is held to, and their defaults.
public struct ResourceLimits {
    /// The default work budget of one theorem file, in `WorkBudget` units (very
    /// roughly ten minutes of one core).
    public static let defaultWorkBudget = 1e10
    /// The default memory one evaluation may be estimated to need: 8 GiB, a third of
    /// the machines this project runs on, which CI shares.
    public static let defaultMemoryBytes = 8.0 * 1024 * 1024 * 1024

    /// Work units one theorem file may use (planning refuses a larger estimate,
    /// evaluation stops when the count passes it).
    public var workBudget: Double
    /// Bytes one evaluation may be estimated to need (planning refuses a larger
    /// estimate at the start precision; evaluation does not raise the precision past it).
    public var memoryBytes: Double

    public init(workBudget: Double = ResourceLimits.defaultWorkBudget,
                memoryBytes: Double = ResourceLimits.defaultMemoryBytes) {
        self.workBudget = workBudget
        self.memoryBytes = memoryBytes
    }

    /// `bytes` as `1.5 GiB` / `320 MiB`.
    static func describe(bytes: Double) -> String {
        let gib = bytes / (1024 * 1024 * 1024)
        if gib >= 1 { return String(format: "%.1f GiB", gib) }
        return String(format: "%.0f MiB", max(1, bytes / (1024 * 1024)))
    }
}
