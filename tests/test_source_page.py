"""A source page's record without scaffolding (issue 15, item 4): what is known row by row, what
is not in one line, the file name and extraction notes folded into a provenance block."""
from __future__ import annotations

import re

import pytest
import yaml

from conftest import ROOT
from lessico import urls
from lessico.model import LANGS

pytestmark = pytest.mark.build

MISSING = {"gremi-milieu": {"it": "Autore, titolo, anno e sede non identificati.",
                            "en": "Author, title, year and venue not identified."}}


def meta():
    return {m["id"]: m for m in yaml.safe_load((ROOT / "sources" / "sources.yml").read_text(encoding="utf-8"))}


@pytest.mark.parametrize("lang", LANGS)
def test_record_shows_known_fields_one_line_for_the_rest_and_folds_the_workshop(site, lang):
    for sid, m in meta().items():
        html = (site / urls.page_url(urls.source_key(sid), lang) / "index.html").read_text(encoding="utf-8")
        head, _, rest = html.partition('<details class="lx-provenance">')
        record = head[head.index('<dl class="lx-meta">'):]
        assert "sconosciuto" not in record and "unknown" not in record, sid  # no row of "unknown"
        assert m["file"] not in head, f"{sid}: the file name is shown outside the provenance block"
        provenance = rest.split("</details>")[0]
        assert f"<code>{m['file']}</code>" in provenance, sid
        note = (m.get("note") or {}).get(lang)
        if note:
            assert note.split()[0] in provenance and note.split()[0] not in record.split("</dl>")[0], sid
        for field in ("author", "title"):
            if m.get(field):  # the document's own title in its language, marked where the page's differs
                attr = f' lang="{m["lang"]}"' if field == "title" and m["lang"] != lang else ""
                assert f"<dd{attr}>{m[field]}</dd>" in record, (sid, field)
        if sid in MISSING:
            assert f'<p class="lx-not-identified">{MISSING[sid][lang]}</p>' in record, sid
        if m.get("author") and m.get("title") and m.get("year") and (m.get("venue") or m.get("url")):
            assert "lx-not-identified" not in record, sid


def test_not_identified_agrees_in_gender_and_number():
    from lessico.i18n import not_identified
    assert not_identified("it", ["venue"]) == "Sede non identificata"
    assert not_identified("it", ["year"]) == "Anno non identificato"
    assert not_identified("it", ["author", "year"]) == "Autore e anno non identificati"
    assert not_identified("en", ["author", "title", "year"]) == "Author, title and year not identified"


def test_the_404_page_offers_a_way_on_in_both_languages(site):
    """One 404 page for every missing address (a server cannot know the reader's language)."""
    html = (site / "404.html").read_text(encoding="utf-8")
    assert "Pagina non trovata" in html and '<span lang="en">· Page not found</span>' in html
    assert '<section lang="en">' in html and '<section lang="it">' in html
    body = html.split('class="lx-404"')[1].split("</div>")[0]
    links = re.findall(r'<a href="([^"]+)">', body)
    assert links == ["/glossary/", "/", "/en/glossary/", "/en/"], links
    for href in links:  # each way on exists in the built site
        assert (site / href.lstrip("/") / "index.html").is_file(), href


def test_no_title_repeats_the_site_name(site):
    for page in (site / "index.html", site / "en" / "index.html"):
        title = re.search(r"<title>([^<]*)</title>", page.read_text(encoding="utf-8")).group(1)
        assert title == "Lessico dei distretti", (page, title)
    title = re.search(r"<title>([^<]*)</title>", (site / "en" / "glossary" / "index.html").read_text(encoding="utf-8")).group(1)
    assert title == "Glossary - Lessico dei distretti", title
