#!/usr/bin/env bash
# The whole test suite, browser tests included, from a fresh Debian machine with Python 3.11.
# Installs what the tests need: Python packages (in .venv), npm packages (axe-core, vnu-jar, mystmd)
# and, as root, Debian's chromium, a Java runtime, python3-venv, TeX Live with glossaries and biblatex
# (the LaTeX export is compiled), biber, pandoc and pdftotext (poppler-utils). Where it cannot install
# something it says exactly what is missing and stops: no test is ever skipped silently.
# A broken .venv (from a failed or interrupted set-up) is rebuilt (scripts/setup-env.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
export NO_MKDOCS_2_WARNING=1 PIP_DISABLE_PIP_VERSION_CHECK=1

. scripts/setup-env.sh
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)  # reads the glossary's PDFs back
command -v npm >/dev/null 2>&1 || missing+=(npm)
# texlive-latex-extra brings pdflatex and glossaries-extra; texlive-bibtex-extra brings biblatex
command -v kpsewhich >/dev/null 2>&1 && kpsewhich glossaries-extra.sty >/dev/null 2>&1 || missing+=(texlive-latex-extra)
command -v kpsewhich >/dev/null 2>&1 && kpsewhich biblatex.sty >/dev/null 2>&1 || missing+=(texlive-bibtex-extra)
command -v kpsewhich >/dev/null 2>&1 && kpsewhich lmodern.sty >/dev/null 2>&1 || missing+=(lmodern)  # T1 fonts with text in the PDF
command -v biber >/dev/null 2>&1 || missing+=(biber)
command -v pandoc >/dev/null 2>&1 || missing+=(pandoc)
setup_system "${missing[@]}"  # with python3-venv when that is missing too
setup_venv
setup_requirements requirements-dev.txt
npm ci --no-audit --no-fund --loglevel=error

exec .venv/bin/python -m pytest -p no:cacheprovider "$@" tests
