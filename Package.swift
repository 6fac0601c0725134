// swift-tools-version:5.9
//
// The flow of the checker, one module a stage, arrows pointing downstream only:
//
//   CMPFR (GMP + MPFR, system library); CFlint (FLINT + Arb + Calcium, system library)
//     └─ CertifiedIntervals           enclosures of exact reals, outward rounded; the work budget
//          ├─ CertifiedLinearAlgebra  interval matrices, certified inertia, the Krawczyk test;
//          │    │                     `Approximate`: inverses, eigenvectors, BFGS, Newton (guides only)
//          │    └─ TeacherStudent     kernels; loss, gradient, Hessian; critical-point certificates
//          └─ ClosedForms             the expression language of theorem files; symbolic derivatives
//               ├─ SymmetryReduction  copy-average loss and gradient reduced to one- and two-size closed forms
//               ├─ ExactArithmetic    exact numbers (Calcium, via CFlint); zero tests; identities for all values
//               │    └─ RangeProofs   ranges that are not finite lists; certified inequalities over them
//               │                     (branch and bound, Taylor models at infinity); inertia of
//               │                     polynomial matrices for every n (also uses CertifiedLinearAlgebra)
//               └─ TheoremFiles       parsing and validation of theorem files (column names from Reports)
//                    └─ ClaimDecisions  planning, typed decisions (uses TeacherStudent, Reports)
//                         └─ verify   the command-line tool
//   WeightsFiles (no dependencies)   weights files (.npy, .npz, JSON, CSV) → exact numbers
//   Reports (no dependencies)         text, JSON, LaTeX and JUnit reports; the report vocabulary
//   fuzz-inputs, CLibFuzzer           the libFuzzer harness (`make fuzz`)
import PackageDescription

let package = Package(
    name: "CertifiedChecker",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "verify", targets: ["verify"]),
        .executable(name: "verify-bench", targets: ["verify-bench"]),
        .executable(name: "fuzz-inputs", targets: ["fuzz-inputs"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CMPFR",
            path: "Sources/CMPFR",
            providers: [.apt(["libgmp-dev", "libmpfr-dev"])]
        ),
        .systemLibrary(
            name: "CFlint",
            path: "Sources/CFlint",
            providers: [.apt(["libflint-dev", "libflint-arb-dev", "libcalcium-dev", "libantic-dev"])]
        ),
        .systemLibrary(
            name: "CLibFuzzer",
            path: "Sources/CLibFuzzer"
        ),
        .target(
            name: "CertifiedIntervals",
            dependencies: ["CMPFR"],
            exclude: ["README.md"]
        ),
        .target(
            name: "CertifiedLinearAlgebra",
            dependencies: ["CertifiedIntervals", "CMPFR"],
            exclude: ["README.md"]
        ),
        .target(
            name: "ClosedForms",
            dependencies: ["CertifiedIntervals"],
            exclude: ["README.md"]
        ),
        .target(
            name: "ExactArithmetic",
            dependencies: ["CFlint", "CMPFR", "CertifiedIntervals", "ClosedForms"],
            exclude: ["README.md"]
        ),
        .target(
            name: "RangeProofs",
            dependencies: ["CFlint", "CMPFR", "CertifiedIntervals", "CertifiedLinearAlgebra", "ClosedForms",
                           "ExactArithmetic"],
            exclude: ["README.md"]
        ),
        .target(
            name: "TeacherStudent",
            dependencies: ["CertifiedIntervals", "CertifiedLinearAlgebra"],
            exclude: ["README.md", "Quadrature/README.md"]
        ),
        .target(
            name: "SymmetryReduction",
            dependencies: ["CertifiedIntervals", "ClosedForms", "TeacherStudent", "ExactArithmetic", "RangeProofs"],
            exclude: ["README.md"]
        ),
        .target(
            name: "TheoremFiles",
            dependencies: ["CertifiedIntervals", "ClosedForms", "Reports", "WeightsFiles",
                           .product(name: "TOMLKit", package: "TOMLKit")],
            exclude: ["README.md"]
        ),
        .target(
            name: "Reports",
            exclude: ["README.md"]
        ),
        .target(
            name: "WeightsFiles",
            exclude: ["README.md"]
        ),
        .target(
            name: "ClaimDecisions",
            dependencies: ["CertifiedIntervals", "CertifiedLinearAlgebra", "ClosedForms", "TeacherStudent", "TheoremFiles",
                           "SymmetryReduction",
                           "Reports", "ExactArithmetic", "RangeProofs"],
            exclude: ["README.md"]
        ),
        .executableTarget(
            name: "verify",
            dependencies: [
                "CertifiedIntervals",
                "ClosedForms",
                "TheoremFiles",
                "ClaimDecisions",
                "Reports",
                "WeightsFiles",
                "TeacherStudent",
                "CertifiedLinearAlgebra",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "verify-bench",
            dependencies: ["CertifiedIntervals", "CertifiedLinearAlgebra", "TeacherStudent", "ClosedForms",
                           "ExactArithmetic", "RangeProofs", "SymmetryReduction"]
        ),
        // libFuzzer harness of the theorem-file reader and the expression parser; an
        // ordinary build only replays inputs (Sources/fuzz-inputs/README.md).
        .executableTarget(
            name: "fuzz-inputs",
            dependencies: ["CertifiedIntervals", "ClosedForms", "TheoremFiles", "ClaimDecisions", "CLibFuzzer"],
            exclude: ["README.md", "corpus", "fuzz-inputs.dict"]
        ),
        // Helpers shared by the test targets (a deterministic generator, Jacobi
        // eigenvalues, a float64 erf model, copy-average fixtures); never linked into
        // the products.
        .target(
            name: "CheckerTestSupport",
            dependencies: ["CertifiedIntervals", "TeacherStudent"],
            path: "Tests/CheckerTestSupport"
        ),
        .testTarget(
            name: "CertifiedIntervalsTests",
            dependencies: ["CertifiedIntervals", "CMPFR", "CheckerTestSupport"]
        ),
        .testTarget(
            name: "CertifiedLinearAlgebraTests",
            dependencies: ["CertifiedLinearAlgebra", "CertifiedIntervals", "CheckerTestSupport"]
        ),
        .testTarget(
            name: "TeacherStudentTests",
            dependencies: ["TeacherStudent", "CertifiedLinearAlgebra", "CertifiedIntervals", "CheckerTestSupport"]
        ),
        .testTarget(
            name: "ClaimDecisionsTests",
            dependencies: ["ClaimDecisions", "TheoremFiles", "Reports", "ClosedForms", "CertifiedIntervals",
                           "TeacherStudent", "CertifiedLinearAlgebra", "CheckerTestSupport"]
        ),
        .testTarget(
            name: "VerifyTests",
            dependencies: ["ClaimDecisions", "TheoremFiles", "Reports", "ClosedForms", "CertifiedIntervals", "TeacherStudent", "verify",
                           "CheckerTestSupport"]
        ),
        .testTarget(
            name: "ClosedFormsTests",
            dependencies: ["ClosedForms", "CertifiedIntervals", "CheckerTestSupport"]
        ),
        .testTarget(
            name: "TheoremFilesTests",
            dependencies: ["TheoremFiles", "ClosedForms", "CertifiedIntervals", "Reports", "CheckerTestSupport"]
        ),
        .testTarget(
            name: "ExactArithmeticTests",
            dependencies: ["ExactArithmetic", "ClosedForms", "CertifiedIntervals", "CheckerTestSupport"]
        ),
        .testTarget(
            name: "RangeProofsTests",
            dependencies: ["RangeProofs", "ExactArithmetic", "ClosedForms", "CertifiedIntervals", "CertifiedLinearAlgebra",
                           "CheckerTestSupport"]
        ),
        .testTarget(
            name: "WeightsFilesTests",
            dependencies: ["WeightsFiles"]
        ),
        .testTarget(
            name: "SymmetryReductionTests",
            dependencies: ["SymmetryReduction", "TeacherStudent", "ClosedForms", "CertifiedIntervals",
                           "CertifiedLinearAlgebra", "ExactArithmetic", "RangeProofs", "CheckerTestSupport"]
        ),
        .testTarget(
            name: "ReportsTests",
            dependencies: ["Reports"]
        ),
    ]
)
