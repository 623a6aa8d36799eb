"""Set-up that heals, and a passing run with no traceback.

scripts/setup-env.sh, the set-up serve.sh, offline.sh and test.sh share, checks python3 and
python3-venv and rebuilds a broken .venv instead of failing on it. Every test runs on a copy of the
scripts in a temporary folder (never on this checkout's .venv) and needs no network: only
`setup_venv` runs, which creates a venv with the pip that Python bundles. Commands that must not
really run here (apt-get, id, an old or a Debian python3) are small stubs put first on PATH.

The tests' local web server (conftest.serve) prints no traceback when a browser drops a connection."""
from __future__ import annotations

import os
import shutil
import socket
import stat
import struct
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from conftest import ROOT, _Handler, _Server, serve

PYTHON3 = shutil.which("python3") or sys.executable  # what the scripts would find on PATH


def project(tmp_path: Path, *scripts: str) -> Path:
    """A tiny project: the shared fragment, the named scripts and a probe.sh that sources it."""
    proj = tmp_path / "proj"
    (proj / "scripts").mkdir(parents=True)
    for name in ("setup-env.sh", *scripts):
        shutil.copy2(ROOT / "scripts" / name, proj / "scripts" / name)
    return proj


def stub(bin_dir: Path, name: str, body: str) -> None:
    bin_dir.mkdir(exist_ok=True)
    path = bin_dir / name
    path.write_text("#!/bin/sh\n" + body + "\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)


def run(proj: Path, body: str, stubs: Path | None = None) -> subprocess.CompletedProcess:
    """`body` in a script sourced like the real ones, so messages start with its name (probe.sh)."""
    probe = proj / "scripts" / "probe.sh"
    probe.write_text('#!/usr/bin/env bash\nset -euo pipefail\ncd "$(dirname "$0")/.."\n'
                     ". scripts/setup-env.sh\n" + body + "\n")
    env = dict(os.environ, PIP_DISABLE_PIP_VERSION_CHECK="1")
    if stubs is not None:
        env["PATH"] = f"{stubs}{os.pathsep}{env['PATH']}"
    return subprocess.run(["bash", str(probe)], cwd=proj, env=env, capture_output=True, text=True)


def works(venv: Path) -> bool:
    """Its python runs and has pip, and bin/pip runs too."""
    python, pip = venv / "bin" / "python", venv / "bin" / "pip"
    if not (python.exists() and pip.exists()):
        return False
    return all(subprocess.run(cmd, capture_output=True).returncode == 0
               for cmd in ([str(python), "-c", "import pip"], [str(pip), "--version"]))


# --- the environment: created, rebuilt, kept -------------------------------------------------

@pytest.mark.build
def test_creates_a_missing_venv_and_then_keeps_it(tmp_path):
    proj = project(tmp_path)
    first = run(proj, "setup_venv")
    assert first.returncode == 0, first.stderr
    assert first.stdout == "probe.sh: creating the Python environment in .venv\n"
    assert works(proj / ".venv")
    (proj / ".venv" / "kept").write_text("")
    again = run(proj, "setup_venv")  # a working .venv is left alone, silently
    assert (again.returncode, again.stdout, again.stderr) == (0, "", "")
    assert (proj / ".venv" / "kept").exists()


def _no_python(venv: Path):  # a .venv with nothing in bin/
    (venv / "bin").mkdir(parents=True)


def _dangling_python(venv: Path):  # the Python it was made from went away (pyenv version removed)
    (venv / "bin").mkdir(parents=True)
    (venv / "bin" / "python").symlink_to("/nonexistent/python3.11")
    (venv / "bin" / "pip").write_text("#!/nonexistent/python3.11\n")


def _no_pip(venv: Path):  # what `python3 -m venv` leaves on Debian without python3-venv
    subprocess.run([PYTHON3, "-m", "venv", "--without-pip", str(venv)], check=True)


@pytest.mark.build
@pytest.mark.parametrize("breakage", [_no_python, _dangling_python, _no_pip], ids=lambda f: f.__name__[1:])
def test_rebuilds_a_broken_venv(tmp_path, breakage):
    proj = project(tmp_path)
    breakage(proj / ".venv")
    assert not works(proj / ".venv")
    proc = run(proj, "setup_venv")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "probe.sh: .venv is broken (no working Python 3.11+ with pip): rebuilding it\n"
    assert works(proj / ".venv")


def _python3_whose_venv_fails(stubs: Path):
    """python3 as on Debian without python3-venv: `-m venv` leaves bin/python behind and fails."""
    stub(stubs, "python3", f"""if [ "$1 $2" = "-m venv" ]; then
  mkdir -p "$3/bin" && ln -s {PYTHON3} "$3/bin/python"
  echo "The virtual environment was not created successfully because ensurepip is not available." >&2
  exit 1
fi
exec {PYTHON3} "$@\"""")


@pytest.mark.unit
def test_a_failed_creation_leaves_no_venv(tmp_path):
    proj, stubs = project(tmp_path), tmp_path / "stubs"
    _python3_whose_venv_fails(stubs)
    proc = run(proj, "setup_venv", stubs)
    assert proc.returncode == 2
    assert proc.stderr.splitlines()[-1] == ("probe.sh: could not create .venv with python3 -m venv "
                                            "(its message is above); nothing was left behind.")
    assert not (proj / ".venv").exists() and not (proj / ".venv").is_symlink()


@pytest.mark.unit
def test_a_broken_symlinked_venv_loses_only_the_link(tmp_path):
    proj, stubs = project(tmp_path), tmp_path / "stubs"
    elsewhere = tmp_path / "elsewhere"
    _no_python(elsewhere)
    (elsewhere / "keep-me").write_text("x")
    (proj / ".venv").symlink_to(elsewhere)
    _python3_whose_venv_fails(stubs)  # the removal is what is tested; a real creation is tested above
    proc = run(proj, "setup_venv", stubs)
    assert "rebuilding it" in proc.stdout
    assert not (proj / ".venv").is_symlink()
    assert (elsewhere / "keep-me").read_text() == "x" and (elsewhere / "bin").is_dir()


# --- the system: python3 >= 3.11 with venv and ensurepip -----------------------------------

def _system_stubs(stubs: Path, *, uid: int, ensurepip: bool):
    """id, apt-get (logs its arguments; `install` makes ensurepip appear) and a python3 whose
    ensurepip is missing until then, like Debian's without python3-venv."""
    stub(stubs, "id", f"echo {uid}")
    stub(stubs, "apt-get", f'echo "$*" >> {stubs}/apt.log\n[ "$1" = install ] && touch {stubs}/installed; exit 0')
    if ensurepip:
        (stubs / "installed").touch()
    stub(stubs, "python3", f"""case "$*" in *ensurepip*) [ -e {stubs}/installed ] || exit 1;; esac
exec {PYTHON3} "$@\"""")


@pytest.mark.unit
def test_without_python3_venv_a_user_is_told_the_command_in_one_line(tmp_path):
    proj, stubs = project(tmp_path), tmp_path / "stubs"
    _system_stubs(stubs, uid=1000, ensurepip=False)
    proc = run(proj, "setup_system chromium", stubs)
    assert proc.returncode == 2
    assert proc.stderr == ("probe.sh: missing system packages: chromium python3-venv; install them "
                           "(Debian: sudo apt-get install chromium python3-venv) and run again.\n")
    assert not (stubs / "apt.log").exists()


@pytest.mark.unit
def test_without_python3_venv_root_installs_it(tmp_path):
    proj, stubs = project(tmp_path), tmp_path / "stubs"
    _system_stubs(stubs, uid=0, ensurepip=False)
    proc = run(proj, "setup_system; echo after", stubs)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "probe.sh: installing Debian packages: python3-venv\nafter\n"
    assert (stubs / "apt.log").read_text() == "update -qq\ninstall -y -qq --no-install-recommends python3-venv\n"


@pytest.mark.unit
def test_with_everything_there_nothing_is_installed(tmp_path):
    proj, stubs = project(tmp_path), tmp_path / "stubs"
    _system_stubs(stubs, uid=0, ensurepip=True)
    proc = run(proj, "setup_system; echo after", stubs)
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "after\n", "")
    assert not (stubs / "apt.log").exists()


@pytest.mark.unit
@pytest.mark.parametrize("script", ["serve.sh", "offline.sh", "test.sh"])
def test_every_script_stops_on_an_old_python_in_one_line(tmp_path, script):
    proj, stubs = project(tmp_path, script), tmp_path / "stubs"
    stub(stubs, "python3", 'case "$1" in -V) echo "Python 3.9.2";; *) exit 1;; esac')  # fails any check
    proc = subprocess.run(["bash", str(proj / "scripts" / script)], cwd=proj, capture_output=True, text=True,
                          env=dict(os.environ, PATH=f"{stubs}{os.pathsep}{os.environ['PATH']}"))
    assert proc.returncode == 2
    assert proc.stderr == f"{script}: Python 3.11 or later is needed, python3 is Python 3.9.2.\n"
    assert not (proj / ".venv").exists()


# --- the tests' web server: a client that goes away is not an error -------------------------

class _Recording(_Server):
    """Records what reached handle_error (so a test knows the disconnect really happened) and
    counts finished requests (so it knows when to look at stderr)."""

    def __init__(self, *args, **kw):
        super().__init__(*args, **kw)
        self.errors: list[BaseException] = []
        self.finished = threading.Semaphore(0)

    def handle_error(self, request, client_address):
        self.errors.append(sys.exc_info()[1])
        super().handle_error(request, client_address)

    def process_request_thread(self, request, client_address):
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.finished.release()


class _Failing(_Handler):
    def do_GET(self):
        raise ValueError("a bug in the server")


def _get_and_drop(port: int, path: str) -> None:
    """GET path, read the start of the answer, then reset the connection as a tab that moves on."""
    with socket.create_connection(("127.0.0.1", port), timeout=60) as sock:
        sock.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
        sock.recv(1)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))


@pytest.mark.unit
def test_a_client_that_disconnects_prints_nothing(tmp_path, capsys):
    with open(tmp_path / "big.bin", "wb") as f:
        f.truncate(64 << 20)  # far more than socket buffers hold: the server is still writing
    server = serve(tmp_path, server_class=_Recording)
    try:
        _get_and_drop(server.server_address[1], "/big.bin")
        assert server.finished.acquire(timeout=60)
    finally:
        server.shutdown()
        server.server_close()
    assert [type(e) for e in server.errors] in ([BrokenPipeError], [ConnectionResetError])
    assert capsys.readouterr().err == ""


@pytest.mark.unit
def test_any_other_server_error_still_prints(tmp_path, capsys):
    server = serve(tmp_path, handler_class=_Failing, server_class=_Recording)
    try:
        _get_and_drop(server.server_address[1], "/")
        assert server.finished.acquire(timeout=60)
    finally:
        server.shutdown()
        server.server_close()
    assert [type(e) for e in server.errors] == [ValueError]
    err = capsys.readouterr().err
    assert "Traceback" in err and "ValueError: a bug in the server" in err
