"""Shared fixtures: the built site (once per session), a local server, real headless Chromium."""
from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
]
MARKERS = {  # each test module says which it is (pytestmark); ./scripts/test.sh -m unit runs the fast ones
    "unit": "pure functions of the pipeline, no build (seconds)",
    "build": "builds the site or a fixture project with mkdocs, or a Python environment",
    "browser": "builds and opens pages in Chromium",
}
EPOCH = "1767225600"  # 2026-01-01: fixed so that builds in tests are reproducible


def pytest_configure(config):
    for name, doc in MARKERS.items():
        config.addinivalue_line("markers", f"{name}: {doc}")


def mkdocs_build(project: Path, site_dir: Path, *, offline: bool = False, extra_env: dict | None = None,
                 check: bool = True) -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH=EPOCH, PYTHONPATH=str(project))
    env.pop("OFFLINE", None)
    if offline:
        env["OFFLINE"] = "true"  # the hook switches to .html URLs as Material's offline plugin does
    env.update(extra_env or {})
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(site_dir)]
    proc = subprocess.run(cmd, cwd=project, env=env, capture_output=True, text=True)
    if check and proc.returncode != 0:
        raise AssertionError(f"mkdocs build failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return proc


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The real site, built once with ``mkdocs build --strict``."""
    out = tmp_path_factory.mktemp("site")
    mkdocs_build(ROOT, out)
    return out


class _Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output clean
        pass


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        # a browser that moves on while a file is still being sent is no error of the site, and its
        # traceback in a passing run reads as a failure; anything else still prints
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            return
        super().handle_error(request, client_address)


def serve(directory: Path, handler_class=_Handler, server_class=_Server):
    handler = functools.partial(handler_class, directory=str(directory))
    server = server_class(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server


@pytest.fixture(scope="session")
def base_url(site):
    server = serve(site)
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Debian's chromium is required for browser tests and was not found at {CHROMIUM}")
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def new_page(browser):
    """Factory: a fresh page with a given browser locale; closed after the test."""
    contexts = []

    def make(locale: str = "it-IT", **kw):
        ctx = browser.new_context(locale=locale, **kw)
        contexts.append(ctx)
        return ctx.new_page()

    yield make
    for ctx in contexts:
        ctx.close()
