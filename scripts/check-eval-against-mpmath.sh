#!/usr/bin/env bash
# Runs `verify eval --json` on random expressions and checks each enclosure against
# mpmath, an independent arbitrary-precision library (Tests/External/eval_vs_mpmath.py).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! python3 -c "import mpmath" >/dev/null 2>&1; then
    echo "mpmath not found: installing it with pip" >&2
    python3 -m pip install --quiet mpmath
fi
swift build --product verify
python3 Tests/External/eval_vs_mpmath.py .build/debug/verify "${EVAL_CASES:-200}"
