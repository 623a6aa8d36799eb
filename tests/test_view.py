"""The view layer's contract with Material and Markdown: no copied theme asset names, every Material
asset a built page asks for exists, headings show corpus text without stray backslashes."""
from __future__ import annotations

import json
import re
import string
from pathlib import Path

import markdown
import pytest

from conftest import ROOT
from lessico.templating import md_text

ASSET_REF = re.compile(r'(?:href|src)="([^"#?]*assets/(?:stylesheets|javascripts)/[^"#?]+)"')
HASHED = re.compile(r"\b[\w-]+\.[0-9a-f]{8}\.min\.(?:css|js)\b")


def _site_markdown() -> markdown.Markdown:
    """A Markdown instance with mkdocs.yml's extensions, as MkDocs builds it."""
    from mkdocs.config import load_config

    cfg = load_config(str(ROOT / "mkdocs.yml"))
    return markdown.Markdown(extensions=cfg.markdown_extensions, extension_configs=cfg.mdx_configs)


@pytest.mark.unit
def test_heading_shows_every_punctuation_mark_without_backslash():
    md = _site_markdown()
    for ch in string.punctuation:
        text = f"a{ch}b {ch}c{ch} d"
        html = md.reset().convert(f"## {md_text(text)} {{#x}}")
        shown = re.sub(r"<a class=\"headerlink\".*?</a>", "", html)
        inner = re.fullmatch(r'<h2 id="x">(.*)</h2>', shown, re.S)
        assert inner, f"{ch!r}: {html}"
        visible = inner.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")
        assert visible == text, f"{ch!r}: heading shows {visible!r}, source says {text!r}"


@pytest.mark.unit
def test_no_material_asset_name_in_the_repository():
    hits = []
    for folder in ("overrides", "lessico", "hooks", "docs"):
        for p in (ROOT / folder).rglob("*"):
            if p.is_file() and p.suffix in (".html", ".py", ".md", ".yml", ".css", ".js", ".j2"):
                hits += [f"{p.relative_to(ROOT)}: {m}" for m in HASHED.findall(p.read_text(encoding="utf-8"))]
    hits += [f"mkdocs.yml: {m}" for m in HASHED.findall((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))]
    assert hits == [], f"hashed Material asset names written by hand: {hits}"
    assert not (ROOT / "overrides" / "base.html").exists(), "a copy of Material's base.html is back"


@pytest.mark.build
def test_every_material_asset_a_page_references_exists(site):
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 100
    missing, seen = [], set()
    for page in pages:
        for ref in ASSET_REF.findall(page.read_text(encoding="utf-8")):
            target = (page.parent / ref).resolve() if not ref.startswith("/") else site / ref.lstrip("/")
            seen.add(target)
            if not target.is_file():
                missing.append(f"{page.relative_to(site)} -> {ref}")
    assert missing == [], missing[:10]
    names = {t.name for t in seen}
    # Material's own bundle and stylesheet are among them (the test would pass on no reference at all)
    assert any(n.startswith("bundle.") and n.endswith(".min.js") for n in names), names
    assert any(n.startswith("main.") and n.endswith(".min.css") for n in names), names


@pytest.mark.build
def test_heading_colon_has_no_backslash_on_page_toc_and_search(site):
    for prefix in ("", "en/"):
        html = (site / prefix / "sources" / "distretti-culturali" / "index.html").read_text(encoding="utf-8")
        toc = html.split('<nav class="md-nav md-nav--secondary"', 1)[1].split("</nav>", 1)[0]
        assert re.search(r"Riferimenti:\s", toc), "TOC entry missing"
        assert re.search(r'<h2 id="p9"[^>]*>Riferimenti:<', html), "heading missing"
        assert "Riferimenti\\:" not in html
    for prefix in ("", "en/"):  # one search index per language
        index = json.loads((site / prefix / "search" / "search_index.json").read_text(encoding="utf-8"))
        titles = [d["title"] for d in index["docs"] if d["location"] == "sources/distretti-culturali/#p9"]
        assert titles == ["Riferimenti:"], titles
        assert not [d["title"] for d in index["docs"] if re.search(r"\\[:~^=]", d["title"])]


@pytest.mark.build
def test_languages_of_mkdocs_yml_must_match_the_generated_pages(tmp_path):
    from test_bad_input import assert_stops, make_project
    from conftest import mkdocs_build

    proj = make_project(tmp_path)
    cfg = proj / "mkdocs.yml"
    text = cfg.read_text(encoding="utf-8")
    extra = "        - locale: fr\n          name: Français\n          build: true\n  - offline:"
    cfg.write_text(text.replace("  - offline:", extra, 1), encoding="utf-8")
    proc = mkdocs_build(proj, tmp_path / "site", check=False)
    assert_stops(proc, "ERROR", "mkdocs.yml", "it, en, fr", "lessico/model.py LANGS")
