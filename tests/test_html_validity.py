"""HTML validity judge: the W3C Nu HTML checker (vnu-jar from node_modules) over EVERY HTML page of
the real build, in one java invocation: zero errors.

Nothing is filtered (FILTERED is empty). An error may be filtered only when it cannot be fixed in
the generator or in a template override (overrides/), and then it is listed in FILTERED with the
reason. Fixed so far, at the cause:

* ``<label for="__toc">`` naming no form control on the 314 concept and source pages (they are out
  of the nav, where Material renders the checkbox): overrides/partials/toc.html;
* a page description quoting "fourth" broke the ``<meta name="description">`` attribute:
  overrides/base.html escapes it;
* a source heading rendered as h3 right after the h1 (skipped level): lessico/pages.py clamps
  heading levels to one below the previous heading;
* ``autocomplete="off"`` on checkboxes: overrides/base.html (before this judge existed).

A canary page with two known errors is checked in the same run: it proves the checker ran, parsed
and reported, so that "no errors" cannot come from a checker that silently checked nothing.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import time
from pathlib import Path

from conftest import ROOT
import pytest

pytestmark = pytest.mark.build

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# (substring of the message, page path regex or None for any page) -> why it cannot be fixed.
FILTERED: dict[tuple[str, str | None], str] = {}

CANARY = ('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>canary</title></head>'
          '<body><label for="nothing">x</label><p id="twice">a</p><p id="twice">b</p></body></html>\n')


def _filtered(msg: dict, site: Path) -> str | None:
    page = msg.get("url", "").removeprefix("file:")
    rel = Path(page).relative_to(site).as_posix() if page.startswith(str(site)) else page
    for (text, where), why in FILTERED.items():
        if text in msg.get("message", "") and (where is None or re.fullmatch(where, rel)):
            return why
    return None


def test_every_page_passes_the_nu_checker(site, tmp_path):
    java = shutil.which("java")
    assert java, "a Java runtime is required for the Nu HTML checker"
    assert VNU.is_file(), f"vnu.jar missing: run npm ci ({VNU})"
    canary_dir = tmp_path / "canary"
    canary_dir.mkdir()
    (canary_dir / "canary.html").write_text(CANARY, encoding="utf-8")
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 400  # the whole site: both languages, concept, source, permalink pages

    t0 = time.perf_counter()
    proc = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", "--skip-non-html", "--verbose",
         str(site), str(canary_dir)],
        capture_output=True, text=True, timeout=600,
    )
    elapsed = time.perf_counter() - t0
    report = json.loads(proc.stderr)  # the JSON report goes to stderr; --verbose lists files on stdout
    checked = {Path(line.strip()).resolve() for line in proc.stdout.splitlines() if line.strip()}
    missing = [p for p in pages if p.resolve() not in checked]
    assert not missing, f"{len(missing)} pages not checked, e.g. {missing[:5]}"

    canary = [m for m in report["messages"] if m.get("url", "").endswith("/canary.html")]
    assert {m["message"][:30] for m in canary} == {
        "Duplicate ID “twice”.", "The value of the “for” attribu"}, canary

    errors, filtered = [], []
    for m in report["messages"]:
        if m.get("url", "").endswith("/canary.html"):
            continue
        # --errors-only leaves "error" and "non-document-error" (a page it could not read): both count
        (filtered if _filtered(m, site) else errors).append(m)
    print(f"Nu checker: {len(pages)} pages in {elapsed:.1f}s, {len(errors)} errors, {len(filtered)} filtered")
    lines = [f"{m['url'].removeprefix('file:' + str(site) + '/')}:{m.get('lastLine')}: {m['message']}"
             f"  [{m.get('extract', '').strip()[:80]!r}]" for m in errors]
    assert not errors, f"{len(errors)} Nu checker errors:\n" + "\n".join(lines[:60])
