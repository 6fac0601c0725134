#!/usr/bin/env bash
# Newton's method at 1024 and 4096 bits, before and after: BASE (default 256300d, whose
# Newton steps used a float64 inverse of the Hessian) against the working tree (an MPFR
# inverse at the working precision).
#
#   scripts/newton-convergence.sh [BASE]
#
# Both versions are built in release mode (BASE in a temporary worktree, with the bench
# case added there, since BASE's verify-bench does not have it). Each runs Newton from the
# BFGS point of theorems/critical_types.toml's numerical family (erf, orthonormal teacher,
# copies perturbed by 1/100, seed 7) for (k, n) = (5, 4) and (7, 6) and prints the Newton
# steps and the final max |∂L| (the upper end of its enclosure at the refined point); the
# working tree also prints the residual before each step.
set -euo pipefail
cd "$(dirname "$0")/.."
base=${1:-256300d}
work=$(mktemp -d)
trap 'git worktree remove --force "$work/base" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

git worktree add --detach "$work/base" "$base" >/dev/null 2>&1
cat > "$work/case.swift" <<'EOF'
    case "newton-erf-copies-1024", "newton-erf-copies-4096":
        let bits = name.hasSuffix("1024") ? 1024 : 4096
        var lines: [String] = []
        seconds = try timed {
            for (k, n) in [(5, 4), (7, 6)] {
                let teacher = Configurations.orthonormalTeacher(neurons: k, inputDimension: k, precision: bits)
                let start = NumericalRefinement.perturbedCopies(of: teacher, students: n, perturbation: 0.01, seed: 7)
                let refined = try NumericalRefinement.refine(activation: .standardErf, teacher: teacher,
                                                             weights: start.weights, outputs: start.outputs, precision: bits)
                let final = try DenseEvaluation.lossAndGradient(
                    TeacherStudentProblem(activation: .standardErf, teacher: teacher, student: refined.student),
                    precision: bits).gradientMaxAbs
                lines.append("k=\(k),n=\(n): newton_iterations=\(refined.newtonIterations) "
                             + "final_max_abs_grad<=\(final.upperDecimal(digits: 3))")
            }
        }
        detail = lines.joined(separator: "; ")
EOF
python3 - "$work/base/Sources/verify-bench/main.swift" "$work/case.swift" <<'EOF'
import sys
path, case = sys.argv[1], open(sys.argv[2]).read()
source = open(path).read()
if '"newton-erf-copies-1024"' not in source:
    marker = '    default:\n        FileHandle'
    assert marker in source, "BASE's verify-bench has no default case to insert before"
    open(path, 'w').write(source.replace(marker, case + marker, 1))
EOF
(cd "$work/base" && swift build -c release --product verify-bench >&2)
swift build -c release --product verify-bench >&2

for bench in newton-erf-copies-1024 newton-erf-copies-4096; do
    echo "before ($base):"
    "$work/base/.build/release/verify-bench" "$bench"
    echo "after (working tree):"
    .build/release/verify-bench "$bench"
done
