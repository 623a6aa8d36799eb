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


# --- the abstract, the folded provenance, a long text's own contents list (issue 15, item 4) ----
def page(site, sid, lang):
    return (site / urls.page_url(urls.source_key(sid), lang) / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", LANGS)
def test_every_source_page_shows_its_abstract_in_the_pages_language(site, lang):
    """The home and About pages promise an abstract per source: the page shows the one in its
    own language, above the text, and never the other language's."""
    from lessico.text import esc
    other = next(x for x in LANGS if x != lang)
    label = {"it": "Sintesi", "en": "Abstract"}[lang]
    for sid, m in meta().items():
        html = page(site, sid, lang)
        abstract = " ".join(m["abstract"][lang].split())
        shown = f'<p class="lx-abstract"><strong>{label}.</strong> {esc(abstract)}</p>'
        assert shown in html, sid
        assert html.index(shown) < html.index('class="lx-p"'), f"{sid}: the abstract comes after the text"
        assert esc(" ".join(m["abstract"][other].split())) not in html, sid


@pytest.mark.parametrize("lang", LANGS)
def test_provenance_block_is_folded(site, lang):
    for sid in meta():
        html = page(site, sid, lang)
        assert html.count('<details class="lx-provenance">') == 1, sid  # no `open` attribute


def headings(html):
    """The ids of the text's headings (h2-h6 of the content, in order)."""
    body = html.split('class="md-content"')[1].split("</article>")[0]
    return re.findall(r'<h[2-6][^>]* id="([^"]+)"', body)


@pytest.mark.parametrize("lang", LANGS)
def test_long_sources_have_a_folded_contents_list_of_every_heading(site, lang):
    from lessico.pages import TOC_MIN_HEADINGS
    long = set()
    for sid in meta():
        html = page(site, sid, lang)
        heads = headings(html)
        toc = re.search(r'<details class="lx-toc"><summary>([^<]+)</summary>(.*?)</details>', html, re.S)
        if len(heads) < TOC_MIN_HEADINGS:
            assert toc is None, sid
            continue
        long.add(sid)
        assert toc, f"{sid}: {len(heads)} headings and no contents list"
        assert toc.group(1) == {"it": "Indice del testo", "en": "Contents"}[lang]
        assert re.findall(r'<a href="#([^"]+)"', toc.group(2)) == heads, sid  # every heading, in order
        # under the abstract, before the text
        assert html.index('class="lx-abstract"') < toc.start() < html.index('class="lx-p"'), sid
        # nested as the headings are: the thesis's 2.2.1.A sits three lists deep
        if sid == "tesi-distretti":
            depth = toc.group(2).split('href="#p79"')[0]
            assert depth.count("<ul>") - depth.count("</ul>") == 4, depth[-300:]
    assert long == {"tesi-distretti", "bellandi-2013"}, long


@pytest.mark.parametrize("lang", LANGS)
def test_no_heading_repeats_the_title(site, lang):
    """Bellandi's text opens with its own title: the page's h1 says it once; the anchor stays."""
    for sid in meta():
        html = page(site, sid, lang)
        h1 = re.search(r"<h1[^>]*>([^<]+)", html).group(1).strip()
        body = html.split('class="md-content"')[1]
        again = [h for h in re.findall(r"<h[2-6][^>]*>([^<]+)", body) if h.strip().casefold() == h1.casefold()]
        assert not again, (sid, again)
    assert '<div id="p1" class="lx-anchor"></div>' in page(site, "bellandi-2013", lang)
    if lang == "it":  # the text's other headings still say their language
        assert '<h2 id="p8" lang="en">1. Introduction' in page(site, "bellandi-2013", lang)


# --- in Chromium: a phone, a landing -----------------------------------------------------------
@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
def test_source_pages_fit_a_phone_and_fold_their_contents(new_page, base_url, lang):
    page_ = new_page("it-IT" if lang == "it" else "en-GB", viewport={"width": 390, "height": 844},
                     is_mobile=True, has_touch=True)
    for sid in meta():
        page_.goto(base_url + urls.page_url(urls.source_key(sid), lang))
        sw, cw = page_.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert sw <= cw, f"{sid} ({lang}): {sw} px wide in a {cw} px screen"
        toc = page_.locator("details.lx-toc")
        if toc.count():
            assert toc.is_visible() and not toc.evaluate("d => d.open"), sid
            toc.locator("summary").click()
            first = toc.locator("a").first
            assert first.is_visible()
            target = first.get_attribute("href")
            first.click()
            page_.wait_for_function("h => location.hash === h", arg=target)


@pytest.mark.browser
def test_the_contents_list_gives_way_to_the_sidebar_on_a_wide_screen(new_page, base_url):
    page_ = new_page(viewport={"width": 1280, "height": 900})
    page_.goto(base_url + "sources/tesi-distretti/")
    assert not page_.locator("details.lx-toc").is_visible()
    assert page_.locator(".md-sidebar--secondary nav").first.is_visible()


@pytest.mark.browser
@pytest.mark.parametrize("width", [390, 1280])
def test_a_paragraph_reached_by_a_link_is_marked_below_the_header(new_page, base_url, width):
    page_ = new_page(viewport={"width": width, "height": 844})
    page_.goto(base_url + "sources/tesi-distretti/#p14")
    page_.wait_for_timeout(300)
    target, other = page_.locator("#p14"), page_.locator("#p15")
    style = "e => { const s = getComputedStyle(e); return [s.outlineStyle, s.backgroundColor]; }"
    assert target.evaluate(style)[0] == "solid" and target.evaluate(style)[1] != "rgba(0, 0, 0, 0)"
    assert other.evaluate(style)[0] == "none"  # only the one the link meant
    header = page_.locator(".md-header").evaluate("e => e.getBoundingClientRect().bottom")
    top = target.evaluate("e => e.getBoundingClientRect().top")
    assert header <= top < header + 120, (header, top)  # not hidden under the sticky header
