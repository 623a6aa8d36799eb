"""`mkdocs serve` (README's first command) rebuilds when the registry or a source changes."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

from conftest import ROOT


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as resp:
            return resp.read().decode("utf-8")
    except OSError:
        return ""


def _wait_for(url: str, needle: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if needle in _get(url):
            return True
        time.sleep(0.5)
    return False


def _assert_exports(base: str, term: str) -> None:
    """The exports follow every rebuild (issue 20: they were lost after the first edit)."""
    assert _wait_for(base + "terms.json", term, 30), "terms.json missing or stale after a rebuild"
    assert _wait_for(base + "glossary.tbx", term, 30), "glossary.tbx missing or stale after a rebuild"
    assert _wait_for(base + "t/franchising/", "glossary/franchising/", 30), "permalink missing after a rebuild"


def test_serve_reloads_on_edits_to_glossary_and_sources(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    for name in ("mkdocs.yml", "hooks", "lessico", "docs", "overrides", "sources", "glossary", "bibliography"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, project / name)
    port = _free_port()
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"], cwd=project,
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}/"
    try:
        assert _wait_for(base + "glossary/franchising/", "franchising", 90), "serve did not come up"
        concept = project / "glossary" / "franchising.yml"
        concept.write_text(concept.read_text(encoding="utf-8").replace(
            "  term: franchising\n", "  term: franchising commerciale\n", 1), encoding="utf-8")
        assert _wait_for(base + "glossary/franchising/", "franchising commerciale", 60), "no rebuild on glossary/ edit"
        _assert_exports(base, "franchising commerciale")
        source = project / "sources" / "004_357725d0f7f9af15.txt"
        source.write_bytes(source.read_bytes() + "\nUna riga aggiunta per la prova.\n".encode("utf-8"))
        assert _wait_for(base + "sources/distretti-culturali/", "Una riga aggiunta per la prova", 60), \
            "no rebuild on sources/ edit"
        _assert_exports(base, "franchising commerciale")  # still there after a second edit
        concept.write_text(concept.read_text(encoding="utf-8").replace(
            "  term: franchising commerciale\n", "  term: franchising di terzo tipo\n", 1), encoding="utf-8")
        assert _wait_for(base + "glossary/franchising/", "franchising di terzo tipo", 60), "no rebuild on 3rd edit"
        _assert_exports(base, "franchising di terzo tipo")
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
