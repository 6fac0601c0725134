#!/usr/bin/env bash
# Compares the JSON reports of two versions of the checker on the same theorem files.
#
#   scripts/compare-reports.sh BASE [HEAD]
#
# BASE and HEAD are git revisions (HEAD defaults to the working tree). Both versions are
# built in release mode (BASE in a temporary worktree with its own build folder), both
# verify the theorem files shipped in BASE's theorems/, and the reports are compared
# field by field, ignoring times ("seconds") and fields that BASE did not have (listed
# separately: fields may be added, never changed), and the differences are counted by
# kind: verdicts, enclosures and other values, and prose (details, witnesses). Exits 0
# when every shared field agrees, 1 otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
base=${1:?usage: scripts/compare-reports.sh BASE [HEAD]}
head=${2:-}
work=$(mktemp -d)
trap 'git worktree remove --force "$work/base" >/dev/null 2>&1 || true; [ -n "$head" ] && git worktree remove --force "$work/head" >/dev/null 2>&1; rm -rf "$work"' EXIT

build() { # build DIR → path of the release verify binary
    (cd "$1" && swift build -c release --product verify >&2) && echo "$1/.build/release/verify"
}

git worktree add --detach "$work/base" "$base" >/dev/null 2>&1
base_bin=$(build "$work/base")
if [ -n "$head" ]; then
    git worktree add --detach "$work/head" "$head" >/dev/null 2>&1
    head_bin=$(build "$work/head")
else
    head_bin=$(build "$PWD")
fi

mkdir -p "$work/reports-base" "$work/reports-head"
for file in "$work"/base/theorems/*.toml; do
    "$base_bin" "$file" --quiet --no-progress --json "$work/reports-base/" || true
    "$head_bin" "$file" --quiet --no-progress --json "$work/reports-head/" || true
done

python3 - "$work/reports-base" "$work/reports-head" <<'EOF'
import json, os, sys
base_dir, head_dir = sys.argv[1], sys.argv[2]
ignored = {"seconds"}
differences, added = [], set()

def compare(a, b, path):
    if isinstance(a, dict) and isinstance(b, dict):
        for key in a:
            if key in ignored:
                continue
            if key not in b:
                differences.append(f"{path}.{key}: missing after")
            else:
                compare(a[key], b[key], f"{path}.{key}")
        for key in b:
            if key not in a and key not in ignored:
                added.add(f"{path.split('[')[0]}.{key}")
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            differences.append(f"{path}: {len(a)} entries before, {len(b)} after")
        for i, (x, y) in enumerate(zip(a, b)):
            compare(x, y, f"{path}[{i}]")
    elif a != b:
        differences.append(f"{path}: {a!r} before, {b!r} after")

names = sorted(n for n in os.listdir(base_dir) if n.endswith(".json"))
for name in names:
    head_path = os.path.join(head_dir, name)
    if not os.path.exists(head_path):
        differences.append(f"{name}: no report after")
        continue
    compare(json.load(open(os.path.join(base_dir, name))), json.load(open(head_path)), name)
    print(f"compared {name}")
for field in sorted(added):
    print(f"added field (not compared): {field}")

def category(line):
    path = line.split(":")[0]
    if path.endswith(".verdict"):
        return "verdict"
    if any(part in path for part in (".detail", ".witness", ".worst_bound", ".statement")):
        return "text"
    return "enclosure or value"

by_category = {}
for line in differences:
    by_category.setdefault(category(line), []).append(line)
for name in ("verdict", "enclosure or value", "text"):
    lines = by_category.get(name, [])
    print(f"{len(lines)} differences in {name}s")
    for line in lines[:8 if name != "text" else 3]:
        print(f"  DIFFERENT {line[:300]}")
print(f"{len(names)} reports, {len(differences)} differences (times ignored)")
sys.exit(1 if differences else 0)
EOF
