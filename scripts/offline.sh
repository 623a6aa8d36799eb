#!/usr/bin/env bash
# Build the offline HTML bundle: Material's offline variant of the site (both languages, --strict),
# trimmed of what is useless over file://, zipped as dist/lessico-dei-distretti-<version>.zip
# with one top-level folder; prints the zip's path and size. Unzip anywhere, open index.html.
# Reproducible: set SOURCE_DATE_EPOCH (default: the last commit's time) for identical bytes.
# Options: --out DIR (instead of dist/), --site DIR (also keep the unzipped bundle there).
# Where Debian's chromium is installed, the printable glossary's PDFs are printed into the bundle
# (scripts/print_pdfs.py, with the Playwright pinned in requirements-dev.txt); without it, the
# bundle has the print pages but no PDFs, and says so.
set -euo pipefail
cd "$(dirname "$0")/.."
export NO_MKDOCS_2_WARNING=1 PIP_DISABLE_PIP_VERSION_CHECK=1
. scripts/setup-env.sh
setup_system
setup_venv
setup_requirements requirements.txt
pdfs=()
if [ -x /usr/bin/chromium ]; then
  .venv/bin/python -m pip install -q $(grep -E '^(playwright|greenlet)==' requirements-dev.txt)
  pdfs=(--pdfs)
else
  echo "offline.sh: /usr/bin/chromium not found, so the bundle has no PDFs of the glossary (Debian: apt-get install chromium)"
fi
exec .venv/bin/python -m lessico.bundle "${pdfs[@]}" "$@"
