"""The glossary index's A-Z (glossary/): each term with its definition's first sentence, its
equivalent only when it is other words, the labels the filter matches, and a letter bar of every
letter A to Z in which only the letters with terms are links; counts that agree with their number;
the "report an error" address built from the site's repository. Pure functions and the model of
the real glossary, no build."""
from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from lessico import urls
from lessico.i18n import STRINGS, plural, t
from lessico.model import Concept, LangEntry
from lessico.pages import Renderer, index_labels, letter_jumps, shown_equivalent
from lessico.searchindex import first_sentence
from lessico.views import Letter

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parent.parent


def concept(cid, it, en, it_forms=(), en_forms=()):
    return Concept(cid, "district-theory", {"it": LangEntry.plain(it, list(it_forms), f"Definizione di {it}. Seconda frase."),
                                            "en": LangEntry.plain(en, list(en_forms), f"Definition of {en}. Second one.")})


@pytest.mark.parametrize("it, en, shown", [
    ("royalty", "royalty", ""),
    ("Cassa depositi e prestiti", "Cassa Depositi e Prestiti", ""),  # case only
    ("città", "citta", ""),  # accents only
    ("know-how", "know how", ""),  # punctuation only
    ("Cassa Depositi e Prestiti (CDP)", "Cassa Depositi e Prestiti (CDP)", ""),
    ("distretto industriale", "industrial district", "industrial district"),
    ("fordismo", "Fordism", "Fordism"),  # close, but other words
])
def test_the_equivalent_is_printed_only_when_it_is_other_words(it, en, shown):
    c = concept("x", it, en)
    assert shown_equivalent(c, "it", "en") == shown
    assert shown_equivalent(c, "en", "it") == (it if shown else "")


def test_the_filter_matches_the_term_its_other_labels_and_the_equivalent_shown_once_each():
    c = concept("distretto-industriale", "distretto industriale", "industrial district",
                it_forms=["distretti industriali", "Distretti industriali", "distretto"])
    assert index_labels(c, "it", "en") == ["distretto industriale", "distretti industriali", "distretto",
                                           "industrial district"]
    same = concept("royalty", "royalty", "royalty", it_forms=["royalties"])
    assert index_labels(same, "it", "en") == ["royalty", "royalties"]  # the equivalent is the term


def test_the_letter_bar_has_every_letter_and_links_only_those_with_terms():
    letters = [Letter("A", "letter-a", ()), Letter("D", "letter-d", ()), Letter("#", "letter-other", ())]
    bar = letter_jumps(letters)
    assert [j.letter for j in bar] == [chr(c) for c in range(ord("A"), ord("Z") + 1)] + ["#"]
    assert {j.letter: j.href for j in bar if j.href} == {"A": "#letter-a", "D": "#letter-d", "#": "#letter-other"}
    assert next(j for j in bar if j.letter == "B").href is None


@pytest.mark.parametrize("lang, n, text", [
    ("it", 1, "1 termine visibile"), ("it", 0, "0 termini visibili"), ("it", 2, "2 termini visibili"),
    ("en", 1, "1 term shown"), ("en", 0, "0 terms shown"), ("en", 17, "17 terms shown"),
])
def test_counts_agree_with_their_number(lang, n, text):
    assert plural(lang, "filter_count", n) == text


def test_every_count_with_a_singular_has_it_in_both_languages():
    for lang, table in STRINGS.items():
        for key in table:
            if key.endswith("_one"):
                assert "{n}" in table[key[:-4]], (lang, key)
                assert "{n}" not in table[key] and table[key].startswith("1 "), (lang, key)


@pytest.fixture(scope="module")
def model():
    from lessico.build import build_model
    return build_model(ROOT)


@pytest.mark.parametrize("lang", ["it", "en"])
def test_the_real_index_gives_each_term_its_first_sentence_and_no_term_twice(model, lang):
    view = Renderer(model).glossary_view(lang)
    entries = [x for letter in view.letters for x in letter.terms]
    assert len(entries) == len(model.concepts)
    by_term = {x.link.text: x for x in entries}
    for c in model.concepts.values():
        x = by_term[c.labels[lang].term]
        assert x.definition == first_sentence(c.labels[lang].definition)
        assert x.definition and len(x.definition) <= len(c.labels[lang].definition)
        labels = json.loads(x.keys)
        assert labels[0] == c.labels[lang].term
        assert x.other_term.casefold() != x.link.text.casefold()  # never "royalty royalty"
    royalty = by_term["royalty"]
    assert royalty.other_term == "" and json.loads(royalty.keys)[0] == "royalty"
    district = by_term[{"it": "distretto industriale", "en": "industrial district"}[lang]]
    assert district.other_term == {"it": "industrial district", "en": "distretto industriale"}[lang]
    assert district.definition.endswith(".") and district.definition.count(". ") == 0
    linked = [j.letter for j in view.jumps if j.href]
    assert linked == [l.letter for l in view.letters]
    assert len(view.jumps) >= 26


@pytest.mark.parametrize("repo, expected", [
    ("https://github.com/example/lessico", "https://github.com/example/lessico/issues/new?"),
    ("https://github.com/example/lessico.git/", "https://github.com/example/lessico/issues/new?"),
    ("https://gitlab.com/example/lessico", "https://gitlab.com/example/lessico/-/issues/new?"),
    ("https://codeberg.org/example/lessico", "https://codeberg.org/example/lessico/issues/new?"),
])
def test_a_new_issue_address_carries_title_and_body(repo, expected):
    href = urls.new_issue_url(repo, "Errore nella voce «città» (citta)", "Voce: https://x.org/glossary/citta/\n")
    assert href.startswith(expected)
    query = parse_qs(urlsplit(href).query)
    title, body = ("issue[title]", "issue[description]") if "gitlab" in repo else ("title", "body")
    assert query[title] == ["Errore nella voce «città» (citta)"]
    assert query[body] == ["Voce: https://x.org/glossary/citta/\n"]


@pytest.mark.parametrize("repo", [None, "", "  ", "ftp://example.org/repo", "file:///srv/repo"])
def test_no_repository_no_address(repo):
    # no link without a repository, nor to one that is not an http(s) address
    assert urls.new_issue_url(repo, "t", "b") is None


@pytest.mark.parametrize("lang", ["it", "en"])
def test_the_report_link_names_the_entry_and_its_public_page(model, lang):
    r = Renderer(model, site_url="https://lessico.example.org/", repo_url="https://github.com/example/lessico")
    link = r.report_link("distretto-industriale", lang)
    assert link.text == t(lang, "report_error")
    query = parse_qs(urlsplit(link.href).query)
    term = model.concepts["distretto-industriale"].labels[lang].term
    assert term in query["title"][0] and "(distretto-industriale)" in query["title"][0]
    page = "https://lessico.example.org/" + ("en/" if lang == "en" else "") + "glossary/distretto-industriale/"
    assert page in query["body"][0]
    assert Renderer(model).report_link("distretto-industriale", lang) is None
