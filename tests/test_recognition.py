"""Term recognition: one matcher, longest match, elision, acronyms, odd spaces, exclusions."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from lessico.linking import link_markdown
from lessico.model import Concept, LangEntry
from lessico.recognition import Matcher

pytestmark = pytest.mark.unit


def concept(cid, it, en, it_var=(), en_var=()):
    return Concept(cid, "district-theory", {
        "it": LangEntry.plain(it, list(it_var), f"Definizione di {it}."),
        "en": LangEntry.plain(en, list(en_var), f"Definition of {en}."),
    })


CONCEPTS = {c.id: c for c in [
    concept("distretto-industriale", "distretto industriale", "industrial district",
            ["distretti industriali", "distretto", "distretti"], ["industrial districts"]),
    concept("capitale-composito-nazionale", "capitale composito nazionale", "composite national capital"),
    concept("capitale-sociale", "capitale sociale", "social capital"),
    concept("innovazione", "innovazione tecnologica", "technological innovation", ["innovazione"], ["innovation"]),
    concept("ict", "ICT", "ICT"),
    concept("pmi", "piccole e medie imprese", "small and medium-sized enterprises", ["PMI"], ["SMEs", "SME"]),
    concept("impresa", "cultura d'impresa", "business culture", ["cultura dell'impresa"]),
]}
MATCHER = Matcher(CONCEPTS)


def found(text, lang="it"):
    return [(text[m.start:m.end], m.concept) for m in MATCHER.find(text, lang)]


def test_longest_match_wins():
    assert found("Il distretto industriale di Prato") == [("distretto industriale", "distretto-industriale")]
    assert found("un capitale composito nazionale forte") == [("capitale composito nazionale", "capitale-composito-nazionale")]
    assert found("il distretto e i distretti industriali") == [
        ("distretto", "distretto-industriale"), ("distretti industriali", "distretto-industriale")]


def test_case_insensitive_but_never_inside_a_longer_word():
    assert found("DISTRETTO Industriale") == [("DISTRETTO Industriale", "distretto-industriale")]
    assert found("i distrettuali e i sottodistretti") == []


def test_across_line_breaks_and_odd_spaces():
    assert found("il distretto\nindustriale") == [("distretto\nindustriale", "distretto-industriale")]
    assert found("il distretto\u00a0industriale") == [("distretto\u00a0industriale", "distretto-industriale")]
    assert found("il distretto  \n industriale") == [("distretto  \n industriale", "distretto-industriale")]


def test_italian_elision():
    assert found("dell'innovazione tecnologica") == [("innovazione tecnologica", "innovazione")]
    assert found("all\u2019innovazione") == [("innovazione", "innovazione")]
    assert found("la cultura d\u2019impresa e la cultura dell'impresa") == [
        ("cultura d\u2019impresa", "impresa"), ("cultura dell'impresa", "impresa")]


def test_acronyms_are_case_sensitive_and_whole_word():
    assert found("le PMI e l'ICT") == [("PMI", "pmi"), ("ICT", "ict")]
    assert found("le pmi, l'ict, ICTs e SPMI") == []
    assert found("many SMEs and one SME", "en") == [("SMEs", "pmi"), ("SME", "pmi")]


def test_language_of_the_text_first_then_the_other():
    assert found("industrial districts and innovation", "en") == [
        ("industrial districts", "distretto-industriale"), ("innovation", "innovazione")]
    # an English label inside an Italian text is still recognised (same concept)
    assert found("gli industrial districts") == [("industrial districts", "distretto-industriale")]


MODEL = SimpleNamespace(matcher=MATCHER, concepts=CONCEPTS)


def linked(md, lang="it"):
    return link_markdown(md, lang, "how-to", MODEL, True)


def test_first_occurrence_per_paragraph_is_linked():
    out = linked("Il distretto e il distretto.\n\nUn altro distretto.")
    assert out.count('class="lx-term"') == 2
    assert out.startswith('Il <a class="lx-term" href="../glossary/distretto-industriale/" '
                          'data-lx-def="Definizione di distretto industriale." data-lx-term="distretto industriale" '
                          'data-lx-theme="Tema: Teoria del distretto" data-lx-other="industrial district" '
                          'data-lx-other-in="en">distretto</a> e il distretto.')


@pytest.mark.parametrize("md", [
    "# Il distretto industriale",
    "## Distretto",
    "Vedi [il distretto industriale](glossary/x.md).",
    "Codice: `distretto industriale`.",
    "```\ndistretto industriale\n```",
    "<p>distretto industriale</p>",
    'Un mazzo per tema: <a href="x.apkg">Il distretto industriale</a>.',  # an HTML link's own text
    "Nota[^distretto].",
    "http://example.org/distretto",
    "---\ntitle: distretto\n---\n",
])
def test_never_inside_headings_links_code_html_or_footnotes(md):
    assert 'class="lx-term"' not in linked(md)


def test_linked_page_uses_the_page_language():
    out = linked("The industrial district.", "en")
    assert 'href="../glossary/distretto-industriale/"' in out and "Definition of industrial district." in out


def test_the_site_name_is_not_a_use_of_its_words():
    out = linked("Il *Lessico dei distretti* raccoglie i distretti.")
    assert out.count('class="lx-term"') == 1
    assert out.startswith("Il *Lessico dei distretti* raccoglie i <a ")


def test_every_ui_string_exists_in_every_language():
    from lessico.i18n import STRINGS

    keys = {lang: set(table) for lang, table in STRINGS.items()}
    assert keys["it"] == keys["en"]
    for lang, table in STRINGS.items():
        assert all(value.strip() for value in table.values()), lang
