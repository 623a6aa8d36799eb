"""Search per language: each language has its own index, stemmed its own way; a concept page
ranks first for its term, its other terms and their inflected forms; a concept result shows the
first sentence of its definition; the index is fetched only when the reader turns to search."""
from __future__ import annotations

import json
import re

import pytest

from lessico import searchindex
from lessico.pages import search_boost

CONFIG = {"lang": ["it", "en"], "separator": "[\\s\\-]+", "pipeline": ["stopWordFilter"], "fields": {}}


def _index(*locations):
    return {"config": CONFIG, "docs": [{"location": loc, "title": loc, "text": "t"} for loc in locations]}


# --- the split (pure) -----------------------------------------------------------------------------
@pytest.mark.unit
def test_split_gives_each_language_its_entries_relative_to_its_root():
    index = _index("", "glossary/a/", "glossary/a/#definition", "en/", "en/glossary/a/", "en/#where-to-start")
    parts = searchindex.split(index, ("it", "en"))
    assert [d["location"] for d in parts["it"]["docs"]] == ["", "glossary/a/", "glossary/a/#definition"]
    assert [d["location"] for d in parts["en"]["docs"]] == ["", "glossary/a/", "#where-to-start"]
    assert parts["it"]["config"]["lang"] == ["it"] and parts["en"]["config"]["lang"] == ["en"]
    assert parts["en"]["config"]["separator"] == CONFIG["separator"]
    assert searchindex.folder("it", ("it", "en")) == "search" and searchindex.folder("en", ("it", "en")) == "en/search"


@pytest.mark.unit
def test_split_refuses_an_index_without_every_language():
    # a one-language sub-build, or an index already split: nothing to do
    assert searchindex.split(_index("", "glossary/a/"), ("it", "en")) is None


@pytest.mark.unit
def test_concept_entries_show_the_summary_and_drop_repeated_sections():
    index = _index("glossary/a/", "glossary/a/#definition", "glossary/a/#relations", "glossary/a/#in-sources",
                   "sources/s/", "sources/s/#relations", "en/glossary/a/", "en/glossary/a/#in-sources")
    parts = searchindex.split(index, ("it", "en"), {("it", "glossary/a/"): "Prima frase.",
                                                    ("en", "glossary/a/"): "First sentence."},
                              frozenset({"glossary/a/"}))
    it = {d["location"]: d["text"] for d in parts["it"]["docs"]}
    assert it == {"glossary/a/": "Prima frase.", "glossary/a/#definition": "t", "sources/s/": "t", "sources/s/#relations": "t"}
    assert {d["location"]: d["text"] for d in parts["en"]["docs"]} == {"glossary/a/": "First sentence."}


@pytest.mark.unit
@pytest.mark.parametrize("text, first", [
    ("Sistema locale. Altro.", "Sistema locale."),
    ("Definita dalla Rec. 2003/361/CE della Commissione. Seconda.", "Definita dalla Rec. 2003/361/CE della Commissione."),
    ("Secondo A. Marshall e cfr. Becattini, un luogo. Poi.", "Secondo A. Marshall e cfr. Becattini, un luogo."),
    ("A place, e.g. Prato, where firms cluster. Next.", "A place, e.g. Prato, where firms cluster."),
    ("Una frase sola senza punto finale", "Una frase sola senza punto finale"),
])
def test_first_sentence_skips_abbreviations_and_initials(text, first):
    assert searchindex.first_sentence(text) == first


@pytest.mark.unit
def test_boost_grows_with_occurrences_but_slowly():
    assert search_boost(0) == 1.0
    assert 1.0 < search_boost(9) < search_boost(99) < 4


# --- the built site -------------------------------------------------------------------------------
def _load(path):
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.build
def test_built_site_has_one_index_per_language(site):
    it, en = _load(site / "search" / "search_index.json"), _load(site / "en" / "search" / "search_index.json")
    assert it["config"]["lang"] == ["it"] and en["config"]["lang"] == ["en"]
    assert not any(d["location"].startswith("en/") for d in it["docs"] + en["docs"])
    def main(index, cid):
        return next(d for d in index["docs"] if d["location"] == f"glossary/{cid}/")
    # the result shows the definition's first sentence, not the page's metadata lines
    assert main(it, "distretto-industriale")["text"].startswith("Sistema produttivo locale in cui")
    assert main(en, "distretto-industriale")["text"].startswith("Local production system in which")
    assert "distretti industriali" in main(it, "distretto-industriale")["tags"]
    assert "industrial districts" in main(en, "distretto-industriale")["tags"]
    # the sources' sections are in both languages' indexes (their text is the same on both sites,
    # which static-i18n would have dropped from the English one as duplicates)
    def sections(index):
        return {d["location"] for d in index["docs"] if re.match(r"sources/[^/]+/#p\d+$", d["location"])}
    assert len(sections(it)) > 20 and sections(it) == sections(en)
    assert not any(re.search(r"glossary/[^/]+/#(relations|in-sources)$", d["location"]) for d in it["docs"] + en["docs"])


# --- in Chromium ----------------------------------------------------------------------------------
def _search(page, query):
    box = page.locator("input.md-search__input")
    box.click()
    page.keyboard.type(query)
    page.locator(".md-search-result__item").first.wait_for(state="visible", timeout=20_000)
    page.wait_for_timeout(300)  # results are replaced once the whole query is typed
    return page.locator("li.md-search-result__item > a.md-search-result__link").evaluate_all(
        "els => els.map(a => new URL(a.href).pathname)")


@pytest.mark.browser
@pytest.mark.parametrize("lang, query, first", [
    ("", "distretti", "/glossary/distretto-industriale/"),
    ("", "distretto industriale", "/glossary/distretto-industriale/"),
    ("", "milieu", "/glossary/milieu-innovateur/"),
    ("en/", "milieu", "/en/glossary/milieu-innovateur/"),
    ("en/", "districts", "/en/glossary/distretto-industriale/"),
    ("en/", "industrial district", "/en/glossary/distretto-industriale/"),
    ("en/", "clusters", "/en/glossary/cluster/"),
])
def test_a_concept_ranks_first_for_its_terms_in_the_readers_language(new_page, base_url, lang, query, first):
    page = new_page("en-GB" if lang else "it-IT")
    page.goto(base_url + lang + "glossary/")
    results = _search(page, query)
    assert results[0] == first, results[:5]
    assert all(r.startswith("/en/") == bool(lang) for r in results), results


@pytest.mark.browser
def test_marshall_from_the_english_pages_finds_english_pages_only(new_page, base_url):
    page = new_page("en-GB")
    page.goto(base_url + "en/sources/")
    results = _search(page, "Marshall")
    assert results and all(r.startswith("/en/") for r in results), results


@pytest.mark.browser
def test_a_concept_result_shows_its_definitions_first_sentence_and_no_forms(new_page, base_url):
    page = new_page("en-GB")
    page.goto(base_url + "en/")
    _search(page, "districts")
    first = page.locator("li.md-search-result__item").first
    assert first.locator("article").first.inner_text().startswith("industrial district\nLocal production system in which")
    assert not first.locator(".md-tags").first.is_visible()  # inflected forms are searched, never shown


@pytest.mark.browser
def test_the_index_is_fetched_only_when_the_reader_turns_to_search(new_page, base_url):
    page = new_page("it-IT")
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(base_url + "glossary/distretto-industriale/", wait_until="load")
    page.wait_for_timeout(1500)
    assert not any("search_index" in u for u in requests)
    results = _search(page, "filiera")
    assert results and any(u.endswith("/search/search_index.json") and "/en/" not in u for u in requests)


@pytest.mark.browser
def test_a_search_address_loads_the_index_at_once(new_page, base_url):
    page = new_page("en-GB")
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(base_url + "en/?q=milieu", wait_until="load")
    page.locator(".md-search-result__item").first.wait_for(state="visible", timeout=20_000)
    assert any(u.endswith("/en/search/search_index.json") for u in requests)
