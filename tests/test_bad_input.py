"""Bad input: each case is a small fixture corpus built into a temporary project (the real
mkdocs.yml, hooks/, lessico/, docs/ and overrides/, plus tests/fixtures/bad_input/base/ with one case
of tests/fixtures/bad_input/cases/ laid over it) with ``mkdocs build --strict``.

Where the build must stop: a non-zero exit and ONE line naming the file (and the line, id or byte
offset), never a traceback. Where it must build (hostile or huge text, citation-looking garbage):
everything the source says is on the page as text, nothing runs, nothing is dropped.

Citation decision (documented here and in lessico/references.py):

* "(Xyzzy, 2999)", "(Foo et al., 19999)", "(1980s)" are not citations to the finder (a year is
  1500-2099; a decade is not a year): they stay plain text, visible, with no link, no bibliography
  entry and no warning;
* an author-year citation the finder takes but that cannot be resolved stops ``--strict`` with a
  one-line warning naming the file and the cited text. "(Xyzzy, 2098)", dated after the build
  year, is one: no work can be cited "as cited" before it exists. Listed in
  ``bibliography/ignore.yml`` with a reason, it builds and stays visible as plain text.
"""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, mkdocs_build, serve

pytestmark = pytest.mark.browser

FIXTURES = ROOT / "tests" / "fixtures" / "bad_input"


def make_project(tmp_path: Path, *cases: str) -> Path:
    proj = tmp_path / "project"
    for name in ("hooks", "lessico", "docs", "overrides"):
        shutil.copytree(ROOT / name, proj / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(ROOT / "mkdocs.yml", proj / "mkdocs.yml")
    for name in ("sources", "glossary", "bibliography"):
        shutil.copytree(FIXTURES / "base" / name, proj / name)
    for case in cases:
        shutil.copytree(FIXTURES / "cases" / case, proj, dirs_exist_ok=True)
    return proj


def build(tmp_path: Path, *cases: str):
    proj = make_project(tmp_path, *cases)
    site = tmp_path / "site"
    proc = mkdocs_build(proj, site, check=False)
    return proc, proj, site


def output(proc) -> str:
    return proc.stdout + proc.stderr


def assert_builds(proc):
    out = output(proc)
    assert proc.returncode == 0, out
    assert "Traceback" not in out
    assert not [l for l in out.splitlines() if l.startswith(("WARNING", "ERROR"))], out


def assert_stops(proc, level: str, *needles: str) -> str:
    """Non-zero exit, no traceback, exactly one ``level`` line, and it holds every needle."""
    out = output(proc)
    assert proc.returncode != 0, out
    assert "Traceback" not in out, out
    lines = [l for l in out.splitlines() if l.startswith(level)]
    assert len(lines) == 1, out
    for needle in needles:
        assert needle in lines[0], f"{needle!r} not in {lines[0]!r}"
    if level == "ERROR":  # the file is named as the project names it, first on the line
        assert lines[0].split("-", 1)[1].strip().startswith(needles[0] + ":"), lines[0]
    return lines[0]


# --- the build stops: one line naming the file ------------------------------------------------
STOPS = [
    pytest.param("malformed-yaml", ["glossary/economie-esterne.yml", "line 5: YAML syntax error"], id="malformed-yaml"),
    pytest.param("unknown-relation", ["glossary/economie-esterne.yml", "related: unknown concept id 'economie-interne'"],
                 id="unknown-relation"),
    pytest.param("duplicate-id", ["glossary/extra/distretto-industriale.yml", "duplicate id 'distretto-industriale'",
                                  "also in glossary/distretto-industriale.yml"], id="duplicate-id"),
    pytest.param("missing-translation", ["glossary/milieu-innovateur.yml", "missing language 'en'"],
                 id="missing-translation"),
    pytest.param("empty-definition", ["glossary/distretto-culturale.yml", "'it.definition' is missing or empty"],
                 id="empty-definition"),
    pytest.param("variant-collision", ["glossary/distretto-marshalliano.yml", "it label 'Distretti Industriali'",
                                       "also claimed by glossary/distretto-industriale.yml"], id="variant-collision"),
    # the fixture writes "città" in Latin-1: the "à" (0xE0) is byte 119 of the file
    pytest.param("non-utf8-source", ["sources/tesi.txt", "not valid UTF-8 at byte 119"], id="non-utf8-source"),
    pytest.param("empty-source", ["sources/piattaforme.txt", "empty source"], id="empty-source"),
    pytest.param("blank-source", ["sources/piattaforme.txt", "empty source"], id="blank-source"),
]


def test_base_fixture_corpus_builds(tmp_path):
    """The base corpus alone is valid: every failure below comes from its case."""
    proc, _, site = build(tmp_path)
    assert_builds(proc)
    assert (site / "sources" / "tesi-distretti" / "index.html").is_file()
    assert (site / "en" / "glossary" / "distretto-industriale" / "index.html").is_file()


@pytest.mark.parametrize("case, needles", STOPS)
def test_bad_input_stops_with_one_line(tmp_path, case, needles):
    proc, _, site = build(tmp_path, case)
    line = assert_stops(proc, "ERROR", *needles)
    assert not (site / "index.html").exists()  # stopped before writing pages
    print(line)


def test_non_utf8_offset_is_the_first_bad_byte():
    data = (FIXTURES / "cases" / "non-utf8-source" / "sources" / "tesi.txt").read_bytes()
    with pytest.raises(UnicodeDecodeError) as err:
        data.decode("utf-8")
    assert err.value.start == 119 and data[119:120] == b"\xe0"


# --- citation-looking garbage ----------------------------------------------------------------
GARBAGE = ["(Xyzzy, 2999)", "(Foo et al., 19999)", "(1980s)"]


def test_unresolvable_citation_stops_strict_build(tmp_path):
    proc, _, _ = build(tmp_path, "citation-garbage")
    line = assert_stops(proc, "WARNING", "sources/tesi.txt", "unresolved citation 'Xyzzy, 2098'")
    out = output(proc)
    assert "Aborted with 1 warnings in strict mode" in out
    for text in ("Xyzzy, 2999", "Foo et al", "1980s"):  # not citations: no warning about them
        assert text not in out
    print(line)


def test_ignored_citation_and_garbage_stay_visible_text(tmp_path, browser):
    proc, proj, site = build(tmp_path, "citation-garbage", "citation-ignored")
    assert_builds(proc)
    bib = json.loads((site / "bibliography.json").read_text(encoding="utf-8"))
    assert not [i for i in bib if re.search(r"xyzzy|foo", json.dumps(i), re.I)], "garbage became a reference"
    report = json.loads((site / "build-report.json").read_text(encoding="utf-8"))
    assert report["unresolved_citations"] == []
    source = (proj / "sources" / "tesi.txt").read_text(encoding="utf-8")
    server = serve(site)
    try:
        ctx = browser.new_context(locale="it-IT")
        page = ctx.new_page()
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/sources/tesi-distretti/")
        text = " ".join(page.locator("article").inner_text().split())
        for literal in GARBAGE + ["(Xyzzy, 2098)"]:
            assert literal in text
        for para in _paragraphs(source):
            assert para in text
        assert page.locator("article a.lx-cite").count() == 0  # nothing linked to the bibliography
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/bibliography/")
        assert "Xyzzy" not in page.locator("article").inner_text()
        ctx.close()
    finally:
        server.shutdown()


# --- hostile text: it builds and is shown as text ---------------------------------------------
LITERALS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(2)>",
    "[click](javascript:alert(3))",
    "**bold**",
    "_corsivo_",
    "# heading",
    "<iframe src=javascript:alert(4)></iframe>",
    "<b>grassetto</b>",
    "&amp; e &lt;tag&gt;",
    "{: .classe }",
    "<!-- commento -->",
]


def _paragraphs(text: str) -> list[str]:
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip()]


@pytest.mark.parametrize("lang, prefix", [("it", ""), ("en", "en/")])
def test_injection_is_rendered_as_text(tmp_path, browser, lang, prefix):
    proc, proj, site = build(tmp_path, "injection")
    assert_builds(proc)
    source = (proj / "sources" / "tesi.txt").read_text(encoding="utf-8")
    for literal in LITERALS:
        assert literal in source  # the fixture says what the test looks for
    server = serve(site)
    try:
        ctx = browser.new_context(locale="it-IT" if lang == "it" else "en-US")
        page = ctx.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/{prefix}sources/tesi-distretti/",
                  wait_until="networkidle")
        page.evaluate("() => new Promise(r => setTimeout(r, 300))")  # let a failed <img> fire onerror
        assert dialogs == [], f"a script from the source ran: {dialogs}"

        content = page.locator(".md-content")
        for selector in ("script", "img", "iframe", "object", "embed", "b",
                         # the page's own "Abstract." label is the one <strong> it writes itself
                         "strong:not(.lx-abstract > strong:first-child)", "[onerror]",
                         "a[href^='javascript:' i]", "[class~='classe']"):
            assert content.locator(selector).count() == 0, f"{selector} element came from the source"
        assert content.locator("h1").count() == 1  # the page title; "# heading" is no heading
        assert content.locator("h1, h2, h3, h4, h5, h6").filter(has_text=re.compile(r"^\s*heading\s*$")).count() == 0

        body = page.locator("article")
        assert body.is_visible()
        text = " ".join(body.inner_text().split())
        for literal in LITERALS:
            assert literal in text, f"{literal!r} is not visible on the page"
        for para in _paragraphs(source):  # no paragraph silently dropped
            assert para in text, f"paragraph missing: {para[:80]!r}"
        assert page.get_by_text("<script>alert(1)</script>", exact=False).first.is_visible()
        ctx.close()
    finally:
        server.shutdown()


# --- a 10 MB source --------------------------------------------------------------------------
# The whole text must reach its page; the time it takes is measured by scripts/benchmark.py.
BIG_SIZE = 10 * 1024 * 1024


def test_ten_megabyte_source_builds_whole(tmp_path):
    meta = yaml.safe_load((ROOT / "sources" / "sources.yml").read_text(encoding="utf-8"))
    real = next(e for e in meta if e["id"] == "tesi-distretti")
    corpus = (ROOT / "sources" / real["file"]).read_bytes()  # the real thesis text, repeated
    data = (corpus * (BIG_SIZE // len(corpus) + 1))[:BIG_SIZE]
    data = data[: data.rfind(b"\n") + 1]  # whole lines only
    proj = make_project(tmp_path)
    (proj / "sources" / "tesi.txt").write_bytes(data)
    assert len(data) > 10_000_000

    # how long it takes is the benchmark's business (a wall-clock bound fails on a busy machine)
    proc = mkdocs_build(proj, tmp_path / "site", check=False)
    assert_builds(proc)
    html = (tmp_path / "site" / "sources" / "tesi-distretti" / "index.html").read_text(encoding="utf-8")
    assert len(html) > BIG_SIZE  # the whole text is on the page
    # the end of the text is there: the last long words inside the last lines (not at a line's
    # edge, where the repair may join a hyphenated word)
    tail = [ln.split()[1:-1] for ln in data.decode("utf-8").splitlines()[-40:]]
    words = [w for ws in tail for w in ws if re.fullmatch(r"[^\W\d_]{7,}", w)][-5:]
    assert len(words) == 5 and all(w in html for w in words), f"the end of the text is missing: {words}"
