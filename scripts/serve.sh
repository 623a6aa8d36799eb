#!/usr/bin/env bash
# Create the environment, build the site (both languages, strict) and serve it with live reload
# on http://127.0.0.1:8000/ (edits to sources/, glossary/, bibliography/, docs/, hooks/ reload).
set -euo pipefail
cd "$(dirname "$0")/.."
export NO_MKDOCS_2_WARNING=1 PIP_DISABLE_PIP_VERSION_CHECK=1
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install -q -r requirements.txt
# no separate build first: serve --strict builds once and stops on a failing first build
exec .venv/bin/mkdocs serve --strict "$@"
