"""Hostile and broken input (issue 20, rows of shared/reviews/robustness-review.md).

Each test lays a small change over the bad-input fixture project (tests/test_bad_input.py) and runs
``mkdocs build --strict``: either the build stops with a non-zero exit and ONE error line naming
the file and the id or field (never a traceback), or it builds and the hostile text is harmless.
"""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import mkdocs_build
from test_bad_input import assert_builds, assert_stops, make_project, output

pytestmark = pytest.mark.build

PAYLOAD = '</title><script>alert(1)</script>'


def run(tmp_path: Path, edit) -> tuple:
    """Build the fixture project after ``edit(project)``; return (proc, project, site)."""
    proj = make_project(tmp_path)
    edit(proj)
    site = tmp_path / "site"
    return mkdocs_build(proj, site, check=False), proj, site


def append_source(proj: Path, entry: str, name: str = "zz.txt", text: str = "Un paragrafo di prova.\n"):
    if text is not None:
        (proj / "sources" / name).write_text(text, encoding="utf-8")
    with open(proj / "sources" / "sources.yml", "a", encoding="utf-8") as f:
        f.write(entry)


class _Doc(HTMLParser):
    """Collects the <title> text and every <script> element's text."""

    def __init__(self):
        super().__init__()
        self.title, self.scripts, self._in = "", [], None

    def handle_starttag(self, tag, attrs):
        if tag in ("title", "script"):
            self._in = tag
            if tag == "script":
                self.scripts.append("")

    def handle_endtag(self, tag):
        self._in = None

    def handle_data(self, data):
        if self._in == "title":
            self.title += data
        elif self._in == "script":
            self.scripts[-1] += data


def parse(path: Path) -> _Doc:
    d = _Doc()
    d.feed(path.read_text(encoding="utf-8"))
    return d


# --- 1. nothing from input breaks out of <title> ----------------------------------------------
def test_title_breakout_is_text(tmp_path):
    def edit(proj):
        g = proj / "glossary" / "economie-esterne.yml"
        g.write_text(g.read_text(encoding="utf-8").replace(
            "term: economie esterne", f"term: 'economie esterne {PAYLOAD}'").replace(
            "term: external economies", f"term: 'external economies {PAYLOAD}'"), encoding="utf-8")
        append_source(proj, f"- id: zz-src\n  file: zz.txt\n  lang: it\n  kind: paper\n"
                            f"  title: 'Titolo {PAYLOAD}'\n"
                            f"  label: {{it: 'Etichetta {PAYLOAD}', en: 'Label {PAYLOAD}'}}\n"
                            f"  abstract: {{it: 'Sommario {PAYLOAD}', en: 'Abstract {PAYLOAD}'}}\n")

    proc, proj, site = run(tmp_path, edit)
    assert_builds(proc)
    pages = [site / "glossary" / "economie-esterne" / "index.html",
             site / "en" / "glossary" / "economie-esterne" / "index.html",
             site / "sources" / "zz-src" / "index.html",
             site / "en" / "sources" / "zz-src" / "index.html"]
    for page in pages:
        doc = parse(page)
        assert "</title><script>alert(1)</script>" in doc.title, (page, doc.title)
        assert "alert(1)" not in doc.scripts, page  # no <script> element made of the payload
        assert "</title><script>" not in "".join(doc.scripts), page  # JSON-LD keeps "<\\/"
        assert "<title></title>" not in page.read_text(encoding="utf-8"), page
    for page in site.rglob("*.html"):
        assert "alert(1)" not in parse(page).scripts, page


# --- 2. only http/https URLs from input ---------------------------------------------------------
SRC = ("- id: zz-src\n  file: zz.txt\n  lang: it\n  kind: paper\n  title: Prova\n"
       "  abstract:\n    it: Documento di prova.\n    en: A test document.\n")


def test_source_url_javascript_refused(tmp_path):
    proc, _, _ = run(tmp_path, lambda p: append_source(p, SRC + "  url: 'javascript:alert(1)'\n"))
    assert_stops(proc, "ERROR", "sources/sources.yml", "zz-src", "'url'", "http or https")


def test_source_url_data_refused(tmp_path):
    proc, _, _ = run(tmp_path, lambda p: append_source(p, SRC + "  url: 'data:text/html,<b>x</b>'\n"))
    assert_stops(proc, "ERROR", "sources/sources.yml", "zz-src", "'url'", "http or https")


def test_reference_url_javascript_refused(tmp_path):
    def edit(proj):
        path = proj / "bibliography" / "verified-references.json"
        items = json.loads(path.read_text(encoding="utf-8"))
        items[0]["URL"] = "javascript:alert(1)"
        path.write_text(json.dumps(items, indent=1), encoding="utf-8")
        return items[0]["id"]

    proc, _, _ = run(tmp_path, edit)
    assert_stops(proc, "ERROR", "bibliography/verified-references.json", "becattini1979", "URL", "http or https")


def test_reference_verified_on_a_document_sharing_site_refused(tmp_path):
    def edit(proj):
        path = proj / "bibliography" / "verified-references.json"
        items = json.loads(path.read_text(encoding="utf-8"))
        items[0].pop("note", None)
        items[0]["custom"] = {"verified": {"authority": "Scribd", "identifier": "doc 1",
                                           "url": "https://www.scribd.com/document/1"}}
        path.write_text(json.dumps(items, indent=1), encoding="utf-8")

    proc, _, _ = run(tmp_path, edit)
    assert_stops(proc, "ERROR", "bibliography/verified-references.json", "becattini1979",
                 "custom.verified.url www.scribd.com is a document-sharing site")


def test_reference_field_outside_csl_refused(tmp_path):
    def edit(proj):
        path = proj / "bibliography" / "verified-references.json"
        items = json.loads(path.read_text(encoding="utf-8"))
        items[0]["spellings"] = ["Beccattini"]
        path.write_text(json.dumps(items, indent=1), encoding="utf-8")

    proc, _, _ = run(tmp_path, edit)
    assert_stops(proc, "ERROR", "bibliography/verified-references.json", "becattini1979",
                 "'spellings' is not a CSL-JSON field")


# --- 3. reserved ids ----------------------------------------------------------------------------
def test_concept_id_index_refused(tmp_path):
    def edit(proj):
        g = proj / "glossary"
        text = (g / "economie-esterne.yml").read_text(encoding="utf-8")
        (g / "index.yml").write_text(text.replace("id: economie-esterne", "id: index")
                                     .replace("economie esterne", "economie indice")
                                     .replace("external economies", "index economies")
                                     .replace("economia esterna", "economia indice")
                                     .replace("external economy", "index economy"), encoding="utf-8")

    proc, _, _ = run(tmp_path, edit)
    assert_stops(proc, "ERROR", "glossary/index.yml", "'index'", "reserved")


def test_source_id_index_refused(tmp_path):
    proc, _, _ = run(tmp_path, lambda p: append_source(p, SRC.replace("zz-src", "index")))
    assert_stops(proc, "ERROR", "sources/sources.yml", "'index'", "reserved")


# --- 4-5. symlinks and odd files in sources/: the matrix in tests/test_robust_sources.py ------
def test_listed_directory_refused(tmp_path):
    def edit(proj):
        (proj / "sources" / "zz.txt").mkdir()
        append_source(proj, SRC, text=None)

    proc, _, _ = run(tmp_path, edit)
    assert_stops(proc, "ERROR", "sources/zz.txt", "is a directory")


# --- 6. headings show no escaping backslash (the real site) ------------------------------------
def test_heading_has_no_visible_backslash(site):
    for page in (site / "sources" / "distretti-culturali" / "index.html",
                 site / "en" / "sources" / "distretti-culturali" / "index.html"):
        html = page.read_text(encoding="utf-8")
        headings = re.findall(r"<h[1-6][^>]*>(.*?)</h[1-6]>", html, re.S)
        toc = re.findall(r'<a href="#[^"]*" class="md-nav__link">\s*<span class="md-ellipsis">(.*?)</span>', html, re.S)
        assert any("Riferimenti:" in h for h in headings), page
        assert any("Riferimenti:" in t for t in toc), page
        assert "Riferimenti\\:" not in html, page
    index = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "Riferimenti:" in index
    assert "Riferimenti\\\\:" not in index and "Riferimenti\\:" not in index


# --- 8. every warning reaches --strict ----------------------------------------------------------
def test_a_term_shared_across_languages_builds_strictly_and_each_inventory_keeps_its_language(tmp_path):
    """An English term spelled like another concept's Italian term is no collision: each
    language has its own objects.inv (the root one Italian, en/objects.inv English)."""
    import sphobjinv as soi

    def edit(proj):
        (proj / "glossary" / "zz-a.yml").write_text(
            "id: zz-a\ntheme: district-theory\n"
            "it:\n  term: zz prova\n  definition: Una definizione di prova.\n"
            "en:\n  term: economie esterne\n  definition: A test definition.\n"
            "sources: [tesi-distretti]\n", encoding="utf-8")

    proc, _, site = run(tmp_path, edit)
    assert_builds(proc)
    it = {o.name: o.uri for o in soi.Inventory(site / "objects.inv").objects if o.role == "term"}
    en = {o.name: o.uri for o in soi.Inventory(site / "en" / "objects.inv").objects if o.role == "term"}
    assert it["economie esterne"].startswith("glossary/economie-esterne"), it["economie esterne"]
    assert en["economie esterne"].startswith("glossary/zz-a"), en["economie esterne"]


def test_an_export_warning_is_a_mkdocs_warning(caplog):
    """The exports log on "lessico.exports" (lessico/ knows no MkDocs); the adapter re-emits
    their warnings on MkDocs' logger, the one --strict counts."""
    import logging

    import lessico.site  # noqa: F401  (installs the handler)

    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.lessico"):
        logging.getLogger("lessico.exports.sphinx_inv").warning("objects.inv: a test warning")
    assert [(r.name, r.levelname, r.getMessage()) for r in caplog.records
            if r.name == "mkdocs.plugins.lessico"] == [("mkdocs.plugins.lessico", "WARNING", "objects.inv: a test warning")]


# --- deploying: a build without SITE_URL says so, once ------------------------------------------
def test_a_build_without_site_url_says_once_that_urls_use_the_placeholder(tmp_path):
    proc, _, site = run(tmp_path, lambda proj: None)
    assert_builds(proc)
    said = [l for l in output(proc).splitlines() if "SITE_URL is not set" in l]
    assert len(said) == 1 and "https://lessico-distretti.example.org/" in said[0], said


def test_a_build_with_site_url_uses_it_everywhere_and_says_nothing(tmp_path):
    proj = make_project(tmp_path)
    proc = mkdocs_build(proj, tmp_path / "site", check=False,
                        extra_env={"SITE_URL": "https://lessico.example.edu/corso/"})
    assert_builds(proc)
    assert "SITE_URL is not set" not in output(proc)
    terms = json.loads((tmp_path / "site" / "terms.json").read_text(encoding="utf-8"))
    assert terms["site_url"] == "https://lessico.example.edu/corso/"
    for page in (tmp_path / "site").rglob("*.html"):
        if "instructors" in page.parts:  # its examples name the placeholder on purpose (and say so)
            continue
        assert "lessico-distretti.example.org" not in page.read_text(encoding="utf-8"), page
    for export in ("terms.json", "glossary.tbx", "skos.ttl", "bibliography.json"):
        assert "lessico-distretti.example.org" not in (tmp_path / "site" / export).read_text(encoding="utf-8"), export
