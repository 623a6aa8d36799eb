# Sourced (not run) by serve.sh, offline.sh and test.sh from the project root, under set -euo pipefail:
# the set-up they share, which heals what a failed or interrupted earlier set-up left behind.
#   setup_system [DEBIAN-PACKAGE...]  python3 >= 3.11 with venv and ensurepip (Debian's python3-venv)
#                                     and the packages given; as root they are installed with apt-get,
#                                     otherwise one line names them with the command, and exit 2
#   setup_venv                        a working .venv: created if absent, rebuilt if broken
#   setup_requirements FILE           FILE's pinned packages installed in .venv
# Messages start with the name of the script that sourced this one.

setup_name="${0##*/}"

setup_fail() {
  echo "$setup_name: $*" >&2
  exit 2
}

setup_system() {
  local missing=("$@")
  if ! command -v python3 >/dev/null 2>&1; then
    missing+=(python3 python3-venv)
  elif ! python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1; then
    setup_fail "Python 3.11 or later is needed, python3 is $(python3 -V 2>&1)."
  elif ! python3 -c 'import ensurepip, venv' >/dev/null 2>&1; then
    missing+=(python3-venv)  # Debian's python3 lacks ensurepip without it, and venv then makes no pip
  fi
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    setup_fail "missing system packages: ${missing[*]}; install them (Debian: sudo apt-get install ${missing[*]}) and run again."
  fi
  echo "$setup_name: installing Debian packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  python3 -c 'import ensurepip, venv' >/dev/null 2>&1 \
    || setup_fail "python3 still has no venv and ensurepip after apt-get install ${missing[*]}."
}

# Broken: no runnable python (missing, or a dangling link after the Python it was made from went away),
# a Python older than 3.11, or no pip (what a venv made without ensurepip looks like).
setup_venv_works() {
  [ -x .venv/bin/python ] && [ -x .venv/bin/pip ] \
    && .venv/bin/python -c 'import sys, pip; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1
}

setup_venv() {
  if [ -e .venv ] || [ -L .venv ]; then
    setup_venv_works && return 0
    echo "$setup_name: .venv is broken (no working Python 3.11+ with pip): rebuilding it"
    rm -rf .venv  # a symlinked .venv loses only the link, never what it points to
  else
    echo "$setup_name: creating the Python environment in .venv"
  fi
  # Made in place, not under another name and then moved: a venv's scripts (bin/pip, activate) hold
  # its absolute path. A failed or interrupted creation is removed instead, so no half .venv is left
  # (and one left by a killed run fails setup_venv_works, so the next run rebuilds it).
  trap 'rm -rf .venv; exit 130' INT TERM
  if ! python3 -m venv .venv || ! setup_venv_works; then
    rm -rf .venv
    trap - INT TERM
    setup_fail "could not create .venv with python3 -m venv (its message is above); nothing was left behind."
  fi
  trap - INT TERM
}

setup_requirements() {
  .venv/bin/python -m pip install -q -r "$1"
}
