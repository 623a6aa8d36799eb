#!/usr/bin/env bash
# Create the environment (or rebuild a broken one), build the site (both languages, strict) and
# serve it with live reload on http://127.0.0.1:8000/ (edits to sources/, glossary/, bibliography/,
# docs/, hooks/ reload).
set -euo pipefail
cd "$(dirname "$0")/.."
export NO_MKDOCS_2_WARNING=1 PIP_DISABLE_PIP_VERSION_CHECK=1
. scripts/setup-env.sh
setup_system
setup_venv
setup_requirements requirements.txt
# no separate build first: serve --strict builds once and stops on a failing first build
exec .venv/bin/mkdocs serve --strict "$@"
