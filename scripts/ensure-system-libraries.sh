#!/usr/bin/env bash
# Makes sure the C libraries the checker links against are installed, with headers:
#   GMP and MPFR (interval arithmetic)                 libgmp-dev libmpfr-dev
#   FLINT, Arb, Calcium and Antic (exact arithmetic)   libflint-dev libflint-arb-dev
#                                                      libcalcium-dev libantic-dev
# On Debian/Ubuntu as root (or with sudo) it installs what is missing with apt-get;
# anywhere else it says what is missing and how to get it, and fails.
set -euo pipefail

# header file -> Debian package
checks=(
    "gmp.h libgmp-dev"
    "mpfr.h libmpfr-dev"
    "flint/flint.h libflint-dev"
    "arb.h libflint-arb-dev"
    "calcium/ca.h libcalcium-dev"
    "antic/nf.h libantic-dev"
)
include_dirs=(/usr/include /usr/local/include /usr/include/x86_64-linux-gnu /usr/include/aarch64-linux-gnu)

have_header() {
    local dir
    for dir in "${include_dirs[@]}"; do
        [ -f "$dir/$1" ] && return 0
    done
    return 1
}

missing=()
for check in "${checks[@]}"; do
    set -- $check
    have_header "$1" || missing+=("$2")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "missing C library headers: installing ${missing[*]}" >&2
"$(dirname "$0")/apt-install.sh" "${missing[@]}"
for check in "${checks[@]}"; do
    set -- $check
    have_header "$1" || { echo "error: $2 installed but $1 is still missing" >&2; exit 1; }
done
echo "installed ${missing[*]}" >&2
