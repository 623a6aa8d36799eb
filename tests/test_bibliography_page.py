"""What a reader sees on the bibliography page and under each source: three honest states
(verified against an authority, a full record not verified, known only as cited), the
librarian's line for an as-cited work, and each source's works cited (issue 14, items 3, 6)."""
from __future__ import annotations

import html
import re

import pytest

from conftest import ROOT
from lessico import urls
from lessico.model import LANGS
from lessico.references import as_cited_label, is_as_cited, verification

pytestmark = pytest.mark.build

STATES = {"it": {"verified": "verificata", "unverified": "non verificata", "as-cited": "come citata"},
          "en": {"verified": "verified", "unverified": "not verified", "as-cited": "as cited"}}
MISSING = {"it": "citato in", "en": "cited in"}
NOT_FOUND = {"it": "riferimento completo non individuato", "en": "full reference not identified"}


def page(site, key, lang):
    return (site / urls.page_url(key, lang) / "index.html").read_text(encoding="utf-8")


def entries(text):
    """id -> the entry's HTML (each entry is one <div class="lx-ref">)."""
    return dict(re.findall(r'<div class="lx-ref" id="([^"]+)">(.*?)</div>', text, re.S))


@pytest.fixture(scope="module")
def model():
    from lessico.build import build_model
    return build_model(ROOT)


def items(model):
    """The entries as the build holds them (the exports drop which sources cite an entry)."""
    return model.bib.items


@pytest.mark.parametrize("lang", LANGS)
def test_each_entry_says_which_of_three_states_it_is_in(site, model, lang):
    got = entries(page(site, "bibliography/index", lang))
    records = {i["id"]: i for i in items(model)}
    assert set(got) == set(records)
    counts = {"verified": 0, "unverified": 0, "as-cited": 0}
    for rid, body in got.items():
        item = records[rid]
        state = "verified" if verification(item) else "as-cited" if is_as_cited(item) else "unverified"
        counts[state] += 1
        badges = re.findall(r'<span class="lx-badge lx-([a-z-]+)">([^<]+)</span>', body)
        assert badges == [(state, STATES[lang][state])], (rid, badges)
    # the re-verified data: 23 against an authority, 11 full records not confirmed, 55 from citations
    assert counts == {"verified": 23, "unverified": 11, "as-cited": 55}, counts


@pytest.mark.parametrize("lang", LANGS)
def test_an_as_cited_work_reads_as_a_librarian_writes_it(site, model, lang):
    got = entries(page(site, "bibliography/index", lang))
    gordon = html.unescape(re.sub(r"<[^>]+>", "", got["gordon1989"]))
    assert gordon.startswith(f"Gordon (1989) — {MISSING[lang]} ["), gordon
    assert f"; {NOT_FOUND[lang]} {STATES[lang]['as-cited']}" in gordon
    for item in items(model):
        if not is_as_cited(item):
            continue
        body = got[item["id"]]
        text = html.unescape(re.sub(r"<[^>]+>", "", body.split("</p>")[0]))
        assert text.startswith(as_cited_label(item) + " — "), text
        # the citing source is named by its title, in italics, and linked to its page
        assert re.search(r'— [^<]*<a href="\.\./(en/)?sources/[a-z0-9-]+/"><em>[^<]+</em></a>', body) or \
            re.search(r'<a href="\.\./sources/[a-z0-9-]+/"><em>', body), body
        # no empty-field punctuation, no internal id
        assert "(s.d.)" not in text and "(n.d.)" not in text and ". ." not in text, text
        assert item["id"] not in text, text


@pytest.mark.parametrize("lang", LANGS)
def test_verified_entries_name_their_authority_in_the_readers_words(site, model, lang):
    got = entries(page(site, "bibliography/index", lang))
    for item in items(model):
        v = verification(item)
        if not v:
            continue
        prov = re.search(r'<p class="lx-prov">(.*?)</p>', got[item["id"]], re.S).group(1)
        assert f'<a href="{html.escape(v["url"])}">' in prov, prov
        assert "publisher:" not in prov and "cited in D." not in prov, prov  # no workshop notes
    assert "RIS</a>" in page(site, "bibliography/index", lang)


@pytest.mark.parametrize("lang", LANGS)
def test_each_source_lists_its_works_cited(site, model, lang):
    """Below the text, every work the text links to, once, in bibliography order."""
    ids = [i["id"] for i in items(model)]
    total = 0
    for sub in sorted((site / ("en/sources" if lang == "en" else "sources")).iterdir()):
        if not (sub / "index.html").is_file():
            continue
        text = (sub / "index.html").read_text(encoding="utf-8")
        body, _, tail = text.partition('id="lx-works-cited"')
        cited_here = set(re.findall(r'href="(?:\.\./)+bibliography/#([^"]+)"', body))
        if not cited_here:
            assert not tail, sub.name
            continue
        assert tail, f"{sub.name}: no works cited section"
        listed = re.findall(r'<li><a href="(?:\.\./)+bibliography/#([^"]+)">', tail)
        assert set(listed) == cited_here and len(listed) == len(cited_here), sub.name
        assert listed == [i for i in ids if i in cited_here], sub.name
        total += len(listed)
    assert total > 50, total


@pytest.mark.parametrize("lang", LANGS)
def test_dois_and_urls_in_a_reference_are_links(site, model, lang):
    got = entries(page(site, "bibliography/index", lang))
    linked = 0
    for item in items(model):
        if is_as_cited(item):
            continue
        text = got[item["id"]].split("</p>")[0]
        bare = re.sub(r'<a class="lx-ext" href="[^"]+">[^<]+</a>', "", text)
        assert not re.search(r"https?://", bare), (item["id"], text)  # every address is a link
        linked += len(re.findall(r'<a class="lx-ext" href="https?://', text))
    assert linked >= 10, linked
    # on a source page the reference is itself a link: no address inside it becomes a second one
    html = (site / urls.page_url(urls.source_key("bellandi-2013"), lang) / "index.html").read_text(encoding="utf-8")
    works = html.split('id="lx-works-cited"')[1]
    assert not re.search(r"<a [^>]*>[^<]*(<(?!/a)[^>]+>[^<]*)*<a ", works.split("</ul>")[0])


@pytest.mark.parametrize("lang", LANGS)
def test_each_record_carries_coins_a_reference_manager_reads_back(site, model, lang):
    """COinS (Z39.88-2004 KEV in span.Z3988, what Zotero detects on a page), parsed back."""
    from urllib.parse import parse_qs

    got = entries(page(site, "bibliography/index", lang))
    n = 0
    for item in items(model):
        spans = re.findall(r'<span class="Z3988" title="([^"]*)"></span>', got[item["id"]])
        if is_as_cited(item):
            assert spans == [], item["id"]  # nothing to import for a work known only as cited
            continue
        assert len(spans) == 1, item["id"]
        kev = parse_qs(html.unescape(spans[0]), strict_parsing=True)
        assert kev["ctx_ver"] == ["Z39.88-2004"]
        titles = kev.get("rft.atitle", []) + kev.get("rft.btitle", []) + kev.get("rft.title", [])
        assert item["title"] in titles, (item["id"], kev)
        names = kev.get("rft.au", []) + kev.get("rft.creator", [])
        for a in item.get("author") or []:
            assert any(a.get("family", a.get("literal", "")) in x for x in names), (item["id"], names)
        year = str(item["issued"]["date-parts"][0][0]) if item.get("issued") else None
        if year:
            assert kev["rft.date"][0].startswith(year), (item["id"], kev["rft.date"])
        if item.get("DOI"):
            assert f"info:doi/{item['DOI']}" in kev["rft_id"]
        assert item["id"] not in spans[0]  # no internal id
        n += 1
    assert n == 34, n


# --- what the reader saw in the text (issue 14, item 4) ---------------------------------------------
CITED_AS = {"it": "Citato nelle fonti come", "en": "Cited in the sources as"}


@pytest.mark.parametrize("lang", LANGS)
def test_an_entry_shows_the_acronym_and_the_spellings_the_sources_print(site, lang):
    found = entries(page(site, "bibliography/index", lang))
    text = {rid: html.unescape(re.sub(r"<[^>]+>", "", body)) for rid, body in found.items()}
    # the acronym a reader met in the text stands beside the institution's name
    assert "Ministro per la Coesione Territoriale (MICT). (2012)" in text["mict2012"]
    assert "Presidenza del Consiglio dei Ministri (PCM). (2013)" in text["pcm2013"]
    # the other spellings the sources print, for a record and for an as-cited work
    assert f"{CITED_AS[lang]}: Dunford & Greek" in text["dunford_greco2005"]
    assert f"{CITED_AS[lang]}: Ramella & Triglia" in text["ramella_trigilia2010"]
    # never the record's own spelling, nor the acronym again
    assert sum(CITED_AS[lang] in t for t in text.values()) == 2
