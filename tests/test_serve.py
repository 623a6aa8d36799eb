"""`mkdocs serve` (README's first command): every edit, valid or not, gives one rebuild, and the
served site is then whole again: pages, exports, permalinks, and the package's own code."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = pytest.mark.build

BUILD_STARTED = "Building documentation..."  # logged by mkdocs serve once per (re)build
BUILD_FAILED = "An error happened during the rebuild"
CHANGES_SEEN = "Detected file changes"  # logged by the live-reload server before each rebuild
RELOAD = "Reloading browsers"  # logged once per successful rebuild: one reload of every open page
BUILT = "Documentation built"


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


def _write(path: Path, text: str) -> None:
    """Replace the file in one step, as editors do: the watcher sees one change, not two."""
    tmp = path.with_name(path.name + ".tmp-test")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


class Served:
    """A copy of the project under a live ``mkdocs serve --strict`` (as scripts/serve.sh runs it)."""

    def __init__(self, tmp_path: Path):
        self.project = tmp_path / "project"
        self.project.mkdir()
        for name in ("mkdocs.yml", "hooks", "lessico", "docs", "overrides", "sources", "glossary", "bibliography"):
            src = ROOT / name
            (shutil.copytree if src.is_dir() else shutil.copy2)(src, self.project / name)
        self.log_path = tmp_path / "serve.log"
        port = _free_port()
        self.base = f"http://127.0.0.1:{port}/"
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
        env.pop("OFFLINE", None)
        env.pop("SITE_URL", None)
        with open(self.log_path, "wb") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "mkdocs", "serve", "--strict", "-a", f"127.0.0.1:{port}"],
                cwd=self.project, env=env, stdout=log, stderr=subprocess.STDOUT)

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def builds(self) -> int:
        return self.log().count(BUILD_STARTED)

    def wait_for(self, path: str, needle: str, seconds: float = 120) -> bool:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and self.proc.poll() is None:
            if needle in _get(self.base + path):
                return True
            time.sleep(0.5)
        return False

    def wait_for_log(self, needle: str, count: int, seconds: float = 120) -> bool:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and self.proc.poll() is None:
            if self.log().count(needle) >= count:
                return True
            time.sleep(0.5)
        return False

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


@pytest.fixture
def served(tmp_path):
    s = Served(tmp_path)
    yield s
    s.stop()


EXPORTS = ("terms.json", "glossary.tbx", "t/franchising/")  # an export, the TBX file, a permalink


def _assert_whole(served: Served, term: str, stale: str | None, when: str) -> None:
    for path in ("glossary/franchising/", *EXPORTS):
        body = _get(served.base + path)
        assert body, f"{when}: /{path} is not served"
        assert term in body, f"{when}: /{path} does not show the edited term {term!r}"
        if stale:
            assert stale not in body, f"{when}: /{path} still shows {stale!r}"


def test_serve_keeps_every_export_after_valid_and_invalid_edits_with_one_rebuild_each(served):
    assert served.wait_for("glossary/franchising/", "franchising"), "serve did not come up:\n" + served.log()
    for path in EXPORTS:
        assert _get(served.base + path), f"/{path} is not served after the first build"
    assert served.builds() == 1
    concept = served.project / "glossary" / "franchising.yml"
    original = concept.read_text(encoding="utf-8")
    assert '  term: "franchising"\n' in original

    # 1. a valid edit
    _write(concept, original.replace('  term: "franchising"\n', "  term: franchising commerciale\n", 1))
    assert served.wait_for("terms.json", "franchising commerciale"), "no rebuild on a glossary edit"
    _assert_whole(served, "franchising commerciale", None, "after a valid edit")

    # 2. an invalid edit: the rebuild stops with the file's name; the server stays up
    _write(concept, original.replace('  term: "franchising"\n', "  term: [franchising\n", 1))
    assert served.wait_for_log(BUILD_FAILED, 1), "the invalid edit did not fail the rebuild"
    assert "glossary/franchising.yml" in served.log()

    # 3. valid again: every export is back, with the new text
    _write(concept, original.replace('  term: "franchising"\n', "  term: franchising di prova\n", 1))
    assert served.wait_for("terms.json", "franchising di prova"), "no rebuild after fixing the edit"
    _assert_whole(served, "franchising di prova", "franchising commerciale", "after an invalid edit was fixed")

    # 4. a source edit
    source = served.project / "sources" / "004_357725d0f7f9af15.txt"
    _write(source, source.read_text(encoding="utf-8") + "\nUna riga aggiunta per la prova.\n")
    assert served.wait_for("sources/distretti-culturali/", "Una riga aggiunta per la prova"), \
        "no rebuild on a sources/ edit"
    _assert_whole(served, "franchising di prova", None, "after a source edit")

    # 5. an edit that changes no input of the pipeline (the model is reused from its cache)
    config = served.project / "mkdocs.yml"
    _write(config, config.read_text(encoding="utf-8") + "\n# a comment added by the test\n")
    assert served.wait_for_log(BUILD_STARTED, 6), "no rebuild on an mkdocs.yml edit"
    assert served.wait_for_log("Documentation built", 5), "the mkdocs.yml rebuild did not finish"  # 1 failed
    _assert_whole(served, "franchising di prova", None, "after an edit that changes no input")

    # one rebuild per edit: the first build and five edits (MkDocs logs each build it starts)
    assert served.builds() == 6, served.log()


def test_one_glossary_edit_gives_one_rebuild_and_one_browser_reload(served):
    """The first build, then one edit: MkDocs logs one change seen, one build, one reload. A
    second rebuild set off by the build's own writes (the generated docs folder, the cache,
    __pycache__) would be logged right after the first reload, while the server still runs."""
    assert served.wait_for("glossary/franchising/", "franchising"), "serve did not come up:\n" + served.log()
    assert served.log().count(BUILD_STARTED) == 1, "serve built more than once before serving:\n" + served.log()
    assert served.log().count(RELOAD) == 0
    concept = served.project / "glossary" / "franchising.yml"
    original = concept.read_text(encoding="utf-8")
    _write(concept, original.replace('  term: "franchising"\n', "  term: franchising di una volta\n", 1))
    assert served.wait_for_log(RELOAD, 1), "no rebuild after a glossary edit:\n" + served.log()
    assert served.wait_for("glossary/franchising/", "franchising di una volta"), served.log()
    # a rebuild set off by the build itself starts as soon as the reload is logged (the watcher
    # saw the writes during the build); a few seconds of watching the log are ample to see it
    served.wait_for_log(CHANGES_SEEN, 2, seconds=5)
    assert _get(served.base + "terms.json")
    log = served.log()
    assert (log.count(CHANGES_SEEN), log.count(BUILD_STARTED), log.count(RELOAD)) == (1, 2, 1), log
    after_reload = log[log.index(RELOAD):]
    assert CHANGES_SEEN not in after_reload and BUILD_STARTED not in after_reload, log


def test_serve_script_builds_once_before_serving():
    """scripts/serve.sh hands over to ``mkdocs serve --strict``, which builds once and stops on a
    failing first build: no separate ``mkdocs build`` before it."""
    script = (ROOT / "scripts" / "serve.sh").read_text(encoding="utf-8")
    commands = [line.strip() for line in script.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    assert not [c for c in commands if "mkdocs build" in c or "mkdocs\" build" in c], commands
    assert commands[-1].startswith("exec .venv/bin/mkdocs serve --strict"), commands[-1]
