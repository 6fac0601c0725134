#!/usr/bin/env bash
# Installs Debian packages with apt-get (as root, or with sudo), without recommended
# packages when the first argument is --no-install-recommends. Shared by
# ensure-system-libraries.sh and ensure-latex.sh; anywhere without apt-get it says
# what to install and fails.
#
#   scripts/apt-install.sh [--no-install-recommends] PACKAGE...
set -euo pipefail

options=()
if [ "${1:-}" = "--no-install-recommends" ]; then options+=("$1"); shift; fi
[ $# -gt 0 ] || { echo "usage: $0 [--no-install-recommends] PACKAGE..." >&2; exit 64; }

if ! command -v apt-get >/dev/null 2>&1; then
    echo "error: apt-get is not available. Install the equivalent of the Debian packages: $*" >&2
    exit 1
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
        echo "error: installing $* needs root (or sudo)." >&2
        echo "       Run: apt-get install -y ${options[*]} $*" >&2
        exit 1
    fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq "${options[@]}" "$@" >/dev/null
