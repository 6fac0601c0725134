#!/usr/bin/env bash
# Makes sure pdflatex and the LaTeX packages the reports use are installed, so that
# `make test` can compile every shipped theorem file's LaTeX (Tests/VerifyTests,
# LatexCompileTests). The reports need: booktabs (texlive-latex-recommended), pgfplots
# (texlive-pictures), amsmath, geometry, array (texlive-latex-base). Columns are
# decimal-aligned with `r@{}l` pairs of plain LaTeX, so siunitx (texlive-science, which
# pulls in ~90 MB more: Greek fonts, the recommended fonts) is not needed.
#
# On Debian/Ubuntu as root (or with sudo) it installs what is missing with apt-get,
# without recommended packages (about 66 MB of downloads); anywhere else it says what
# is missing and fails.
set -euo pipefail

packages=(texlive-latex-base texlive-latex-recommended texlive-pictures)
# file kpsewhich must find -> Debian package
checks=(
    "booktabs.sty texlive-latex-recommended"
    "pgfplots.sty texlive-pictures"
    "geometry.sty texlive-latex-base"
)

have_all() {
    command -v pdflatex >/dev/null 2>&1 || return 1
    command -v kpsewhich >/dev/null 2>&1 || return 1
    local check
    for check in "${checks[@]}"; do
        set -- $check
        [ -n "$(kpsewhich "$1" 2>/dev/null)" ] || return 1
    done
    return 0
}

have_all && exit 0

echo "pdflatex or a LaTeX package is missing: installing ${packages[*]} (without recommends)" >&2
"$(dirname "$0")/apt-install.sh" --no-install-recommends "${packages[@]}"
have_all || { echo "error: ${packages[*]} installed but pdflatex or a package is still missing" >&2; exit 1; }
echo "installed ${packages[*]}" >&2
