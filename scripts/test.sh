#!/usr/bin/env bash
# The whole test suite, browser tests included, from a fresh Debian machine with Python 3.11.
# Installs what the tests need: Python packages (in .venv), npm packages (axe-core, vnu-jar)
# and, as root, Debian's chromium and a Java runtime. Where it cannot install something it
# says exactly what is missing and stops: no test is ever skipped silently.
set -euo pipefail
cd "$(dirname "$0")/.."
export NO_MKDOCS_2_WARNING=1 PIP_DISABLE_PIP_VERSION_CHECK=1

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
command -v npm >/dev/null 2>&1 || missing+=(npm)
python3 -c 'import ensurepip, venv' >/dev/null 2>&1 || missing+=(python3-venv)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "test.sh: installing Debian packages: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "test.sh: missing system packages: ${missing[*]}" >&2
    echo "test.sh: install them (Debian: sudo apt-get install ${missing[*]}) and run again." >&2
    exit 2
  fi
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install -q -r requirements-dev.txt
npm ci --no-audit --no-fund --loglevel=error

exec .venv/bin/python -m pytest -p no:cacheprovider "$@" tests
