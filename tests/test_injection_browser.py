"""Breakout payloads in every place a glossary record or a source's metadata and text reach a
page: a glossary term, other term, definition and note; a source title, label (the devised
title of an untitled source), abstract and paragraph; a bibliography record's title and author.
Payloads: title, script and attribute breakouts, SVG, an HTML comment, Jinja and Markdown syntax. Built into a fixture project (test_bad_input's base
corpus) online and offline, then opened in Chromium: no dialog fires, no element or attribute
comes from the input, and the payload is there as visible text (in the tab title too), on every
generated page type: concept, source, glossary index, sources index, bibliography, permalink and
the redirect of a replaced id.

Contexts covered: HTML text and attributes (the page body, the glossary's ``title`` tooltips),
``<title>`` (Material prints ``page.title | striptags``: overrides/main.html escapes it), the
description ``<meta>`` and the JSON-LD ``<script>`` (lessico/pages.py), the SVG maps
(lessico/maps.py).
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from conftest import mkdocs_build, serve
from test_bad_input import assert_builds, make_project

pytestmark = pytest.mark.browser

TITLE = "</title><script>alert('title')</script>"
SCRIPT = "</script><script>alert('script')</script>"
ATTR = "\"><img src=x onerror=alert('attr')>"
SVG = "<svg onload=alert('svg')></svg>"
COMMENT = "<!--<script>alert('comment')</script>-->"
JINJA = "{{ config.site_name }}{% raw %}"  # a template must print it, never evaluate it
MARKDOWN = "**grassetto** [x](javascript:alert('md'))"  # Markdown must print it, never render it
PAYLOADS = (TITLE, SCRIPT, ATTR, SVG, COMMENT, JINJA, MARKDOWN)

TERM_IT = f"distretto culturale {TITLE}"
DEFINITION = f"Sistema territoriale {SCRIPT} {ATTR} {SVG} {COMMENT} {JINJA} {MARKDOWN} che integra patrimonio e imprese."
OTHER_TERM = f"polo culturale {ATTR}"  # an other term (shown on the concept page, in the index)
NOTE = f"Nota {MARKDOWN} {JINJA}"
ABSTRACT = f"Sommario {TITLE} {MARKDOWN}"
REF_TITLE = f"Dal settore {TITLE} {ATTR} {JINJA}"
SOURCE_TITLE = f"Tesi {TITLE} {ATTR}"
LABEL = f"Pagina {TITLE} {SCRIPT}"
PARAGRAPH = f"Un paragrafo ostile: {TITLE} {SCRIPT} {ATTR} {SVG} {COMMENT} {JINJA} {MARKDOWN} fine."

# (page, text the reader must see on it); the key is the online path
PAGES = {
    "glossary/distretto-culturale/": (TERM_IT, OTHER_TERM),  # concept page: term (h1, <title>), other term
    "en/glossary/distretto-culturale/": (DEFINITION.replace("Sistema territoriale", "Territorial system"), NOTE),
    "sources/tesi-distretti/": SOURCE_TITLE,  # source page: title
    "sources/distretti-culturali/": PARAGRAPH,  # source page: label as title, hostile paragraph
    "glossary/": TERM_IT,  # glossary index with the theme maps (SVG, term tooltips)
    "bibliography/": REF_TITLE,  # a record's title
    "sources/gremi-milieu/": ABSTRACT,  # a source's abstract
    "sources/": SOURCE_TITLE,  # sources index
    "t/distretto-culturale/": "",  # permalink page (redirects to the concept page)
    "glossary/zz-vecchio/": "",  # redirect page of a replaced id
}


def _offline_path(path: str) -> str:
    return path + "index.html" if path.startswith("t/") or path in ("glossary/", "sources/", "bibliography/") \
        else path.rstrip("/") + ".html"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    proj = make_project(tmp_path_factory.mktemp("hostile"))
    g = proj / "glossary" / "distretto-culturale.yml"
    rec = yaml.safe_load(g.read_text(encoding="utf-8"))
    rec["it"]["term"] = TERM_IT
    rec["it"]["definition"] = DEFINITION
    rec["en"]["definition"] = DEFINITION.replace("Sistema territoriale", "Territorial system")
    rec["it"]["terms"] = [{"label": OTHER_TERM, "type": "synonym"}]
    rec["en"]["note"] = NOTE
    rec["replaces"] = ["zz-vecchio"]
    g.write_text(yaml.safe_dump(rec, allow_unicode=True, sort_keys=False), encoding="utf-8")
    s = proj / "sources" / "sources.yml"
    meta = yaml.safe_load(s.read_text(encoding="utf-8"))
    for m in meta:
        if m["id"] == "tesi-distretti":
            m["title"] = SOURCE_TITLE
        if m["id"] == "distretti-culturali":
            del m["title"]
            m["label"] = {"it": LABEL, "en": LABEL}
        if m["id"] == "gremi-milieu":
            m["abstract"]["it"] = ABSTRACT
    s.write_text(yaml.safe_dump(meta, allow_unicode=True, sort_keys=False), encoding="utf-8")
    b = proj / "bibliography" / "verified-references.json"
    refs = json.loads(b.read_text(encoding="utf-8"))
    refs[0]["title"] = REF_TITLE
    refs[0]["author"][0]["family"] = f"Becattini {SVG}"
    b.write_text(json.dumps(refs, ensure_ascii=False), encoding="utf-8")
    with (proj / "sources" / "culturali.txt").open("a", encoding="utf-8") as f:
        f.write(f"\n\n{PARAGRAPH}\n")
    online, offline = proj.parent / "site", proj.parent / "site-offline"
    assert_builds(mkdocs_build(proj, online, check=False))
    assert_builds(mkdocs_build(proj, offline, offline=True, check=False))
    return online, offline


INJECTED = """() => {
  const bad = [];
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      if (/^on/i.test(a.name)) bad.push(el.tagName + '[' + a.name + ']');
    }
  }
  for (const s of document.querySelectorAll('script')) {
    if (s.type === 'application/ld+json') { JSON.parse(s.textContent); continue; }  // data, never run
    if (/alert\\(/.test(s.textContent) || s.src.includes('alert')) bad.push('script: ' + s.textContent.slice(0, 60));
  }
  for (const i of document.querySelectorAll('img[src="x"], svg[onload]')) bad.push(i.outerHTML.slice(0, 60));
  return bad;
}"""


def _check(page, url: str, expected: str):
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(url, wait_until="load")
    page.wait_for_timeout(300)  # let a failed <img> fire onerror (and a redirect page go on)
    page.wait_for_load_state("load")
    assert dialogs == [], f"{url}: a script from the input ran: {dialogs}"
    assert page.evaluate(INJECTED) == [], f"{url}: an element or handler came from the input"
    text = " ".join(page.locator("article").inner_text().split())
    for want in (expected,) if isinstance(expected, str) else expected:
        assert " ".join(want.split()) in text, f"{url}: the input is not visible as text: {want!r}"
    return page.title()


@pytest.mark.parametrize("variant", ["online", "offline"])
def test_breakout_payloads_render_as_text(hostile, browser, variant):
    online, offline = hostile
    server = serve(online) if variant == "online" else None
    try:
        ctx = browser.new_context(locale="it-IT")
        for path, expected in PAGES.items():
            if server:
                url = f"http://127.0.0.1:{server.server_address[1]}/{path}"
            else:
                url = (offline / _offline_path(path)).as_uri()
            page = ctx.new_page()
            title = _check(page, url, expected)
            if path == "glossary/distretto-culturale/":
                assert TITLE in title, f"{url}: the term is not the visible tab title: {title!r}"
            if path == "sources/tesi-distretti/":
                assert SOURCE_TITLE in title, f"{url}: {title!r}"
            if path == "sources/distretti-culturali/":
                assert LABEL in title, f"{url}: the label is not the visible tab title: {title!r}"
            page.close()
        ctx.close()
    finally:
        if server:
            server.shutdown()


def test_meta_and_jsonld_hold_the_payload_inert(hostile):
    """Without a browser: the raw bytes of the head and of the JSON-LD."""
    online, _ = hostile
    html = (online / "glossary" / "distretto-culturale" / "index.html").read_text(encoding="utf-8")
    head = html.split("</head>", 1)[0]
    assert head.count("<title>") == 1 and head.count("</title>") == 1
    desc = re.search(r'<meta name="description" content="([^"]*)">', head)
    assert desc and "&lt;/script&gt;" in desc.group(1)
    ld = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert ld, "no JSON-LD on the concept page"
    assert not set("<>&") & set(ld.group(1)), "raw <, > or & inside the JSON-LD script"
    assert "\\u003c/script\\u003e" in ld.group(1)
