#!/usr/bin/env bash
# Make sure the TeX Live pieces the PDF needs are present; install them from
# Debian when we can (root with apt-get), otherwise say exactly what to run.
set -euo pipefail
PKGS="texlive-latex-extra texlive-xetex texlive-fonts-recommended texlive-lang-other latexmk tex-gyre poppler-utils"
have_tex() {
  command -v latexmk >/dev/null && command -v pdflatex >/dev/null && command -v pdftotext >/dev/null &&
    [ "$(kpsewhich tgtermes.sty bahasai.ldf fncychap.sty | wc -l)" -eq 3 ]
}
if have_tex; then exit 0; fi
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  echo "Installing TeX Live from Debian: $PKGS"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends $PKGS >/dev/null
  have_tex && exit 0
fi
echo "TeX Live is missing; the PDF cannot be built. Install it with:" >&2
echo "  sudo apt-get install -y --no-install-recommends $PKGS" >&2
exit 1
