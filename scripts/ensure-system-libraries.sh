#!/usr/bin/env bash
# Makes sure the C libraries the checker links against (GMP and MPFR, with headers)
# are installed. On Debian/Ubuntu as root it installs them with apt-get; anywhere
# else it says what is missing and how to get it, and fails.
set -euo pipefail

have_headers() {
    local dir
    for dir in /usr/include /usr/local/include /usr/include/x86_64-linux-gnu /usr/include/aarch64-linux-gnu; do
        [ -f "$dir/mpfr.h" ] && { [ -f /usr/include/gmp.h ] || [ -f /usr/include/x86_64-linux-gnu/gmp.h ] \
            || [ -f /usr/include/aarch64-linux-gnu/gmp.h ] || [ -f /usr/local/include/gmp.h ]; } && return 0
    done
    return 1
}

if have_headers; then
    exit 0
fi

echo "GMP/MPFR headers not found: installing libgmp-dev and libmpfr-dev" >&2
if ! command -v apt-get >/dev/null 2>&1; then
    echo "error: apt-get is not available. Install GMP and MPFR with their headers" >&2
    echo "       (Debian: libgmp-dev libmpfr-dev; Fedora: gmp-devel mpfr-devel; macOS: brew install mpfr)." >&2
    exit 1
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
        echo "error: installing libgmp-dev and libmpfr-dev needs root (or sudo)." >&2
        echo "       Run: apt-get install -y libgmp-dev libmpfr-dev" >&2
        exit 1
    fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq libgmp-dev libmpfr-dev >/dev/null
have_headers || { echo "error: libgmp-dev/libmpfr-dev installed but headers still missing" >&2; exit 1; }
echo "installed libgmp-dev and libmpfr-dev" >&2
