#!/usr/bin/env bash
# Make sure the Debian packages a step needs are present, installing them when
# we can (root with apt-get); otherwise say exactly what to run.
#   ensure_system.sh tex       TeX Live for the PDF
#   ensure_system.sh browser   Chromium and poppler for the browser and PDF checks, and npm
#                              (for axe-core and the search stemmer the checks compare)
set -euo pipefail
case "${1:-}" in
  tex)
    PKGS="texlive-latex-extra texlive-xetex texlive-fonts-recommended texlive-lang-other latexmk tex-gyre poppler-utils"
    have() {
      command -v latexmk >/dev/null && command -v pdflatex >/dev/null && command -v pdftotext >/dev/null &&
        [ "$(kpsewhich tgtermes.sty bahasai.ldf fncychap.sty | wc -l)" -eq 3 ]
    }
    what="TeX Live is missing; the PDF cannot be built" ;;
  browser)
    PKGS="chromium poppler-utils"
    command -v npm >/dev/null || PKGS="$PKGS nodejs npm"
    have() { [ -x /usr/bin/chromium ] && command -v pdffonts >/dev/null && command -v npm >/dev/null; }
    what="Chromium is missing; the browser checks cannot run" ;;
  *) echo "usage: $0 tex|browser" >&2; exit 2 ;;
esac
if have; then exit 0; fi
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  echo "Installing from Debian: $PKGS"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends $PKGS >/dev/null
  have && exit 0
fi
echo "$what. Install it with:" >&2
echo "  sudo apt-get install -y --no-install-recommends $PKGS" >&2
exit 1
