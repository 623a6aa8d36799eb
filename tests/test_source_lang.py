"""A source in any language (issue 18, item 3): the ISO 639-1 codes (lessico/languages.py), the
metadata validator's messages, the repairs that keep a language's typography (French spacing
before « ; : ! ? » and inside « »), recognition through the labels of both registries, and the
``lang`` attributes and language note of the rendered source page.

The build of a French source, end to end, is tests/test_french_source.py.
"""
from __future__ import annotations

import logging
import re
import shutil

import pytest

from conftest import ROOT
from lessico import languages
from lessico.build import build_model
from lessico.errors import InputError
from lessico.model import LANGS
from lessico.pages import Renderer
from lessico.recognition import Matcher
from lessico.sources import load_metadata, load_sources, repair

pytestmark = pytest.mark.unit

BASE = ROOT / "tests" / "fixtures" / "bad_input" / "base"
FRENCH = ROOT / "tests" / "fixtures" / "french_source"


# --- the codes --------------------------------------------------------------------------------
def test_all_184_iso_639_1_codes_with_a_name_in_each_language():
    assert len(languages.CODES) == 184
    assert all(re.fullmatch("[a-z]{2}", c) for c in languages.CODES)
    for code in languages.CODES:
        for lang in LANGS:
            assert languages.name(code, lang).strip(), (code, lang)


@pytest.mark.parametrize("code, it, en", [
    ("fr", "francese", "French"), ("de", "tedesco", "German"), ("es", "spagnolo", "Spanish"),
    ("en", "inglese", "English"), ("it", "italiano", "Italian"), ("pt", "portoghese", "Portuguese"),
    ("nl", "olandese", "Dutch"),
])
def test_common_languages_are_named_as_each_language_writes_them(code, it, en):
    assert (languages.name(code, "it"), languages.name(code, "en")) == (it, en)


@pytest.mark.parametrize("code, ok", [("fr", True), ("ja", True), ("it", True), ("xx", False), ("fra", False),
                                      ("FR", False), ("fr-FR", False), ("", False), (None, False)])
def test_is_code(code, ok):
    assert languages.is_code(code) is ok


def test_ui_languages_are_the_site_languages():
    assert [c for c in languages.CODES if languages.is_ui(c)] == sorted(LANGS)


# --- the metadata validator -------------------------------------------------------------------
ENTRY = """\
- id: doc-fr
  file: one.txt
  lang: {lang}
  kind: paper
  title: Un titre
  abstract:
    it: Un documento di prova. Serve ai test.
    en: A test document. It serves the tests.
"""


def corpus(tmp_path, lang: str):
    d = tmp_path / "sources"
    d.mkdir()
    (d / "one.txt").write_text("Un texte ; une phrase.\n", encoding="utf-8")
    (d / "sources.yml").write_text(ENTRY.format(lang=lang), encoding="utf-8")
    return d


@pytest.mark.parametrize("lang", ["fr", "de", "es", "pt", "nl", "ja", "en"])
def test_any_iso_code_is_accepted_and_recorded(tmp_path, lang):
    (meta,) = load_metadata(corpus(tmp_path, lang))
    assert meta.lang == lang


@pytest.mark.parametrize("lang", ["xx", "fra", "FR", "fr-FR", "'12'"])
def test_an_unknown_code_is_one_line_naming_file_entry_and_field(tmp_path, lang):
    d = corpus(tmp_path, lang)
    with pytest.raises(InputError) as e:
        load_metadata(d)
    msg = str(e.value)
    assert "\n" not in msg and msg.startswith(f"{d / 'sources.yml'}: line 3: entry 'doc-fr': field 'lang' is ")
    assert "not an ISO 639-1 code" in msg


def test_a_foreign_source_is_one_info_line_and_a_site_language_none(tmp_path, caplog):
    d = corpus(tmp_path, "fr")
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.lessico.sources"):
        load_sources(d)
    lines = [r for r in caplog.records if "written in" in r.getMessage()]
    assert len(lines) == 1 and lines[0].levelno == logging.INFO
    assert lines[0].getMessage().startswith("sources/one.txt: written in French (fr), not a language of the site (it, en)")
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.lessico.sources"):
        load_sources(ROOT / "sources")
    assert not [r for r in caplog.records if "written in" in r.getMessage()]


# --- repairs keep French spacing --------------------------------------------------------------
def texts(text: str, lang: str) -> list[str]:
    return [p.text for p in repair(text, lang=lang).paragraphs]


@pytest.mark.parametrize("text, fr, other", [
    # a real French sentence (Aydalot's milieu innovateur), a space before ; : ! ?
    ("Le milieu est un ensemble territorial ; il est ouvert : pourquoi ? Parce qu’il innove !\n",
     "Le milieu est un ensemble territorial ; il est ouvert : pourquoi ? Parce qu’il innove !",
     "Le milieu est un ensemble territorial; il est ouvert: pourquoi? Parce qu’il innove!"),
    # as French PDFs write it: a no-break space, a narrow no-break space
    ("La proximité compte-t-elle\u00a0? Oui\u202f!\n", "La proximité compte-t-elle ? Oui !",
     "La proximité compte-t-elle? Oui!"),
    # a line break stands for the space inside « » and before ; across lines
    ("Les auteurs parlent de «\nmilieu innovateur\n» et de districts industriels\n; le territoire agit.\n",
     "Les auteurs parlent de « milieu innovateur » et de districts industriels ; le territoire agit.",
     "Les auteurs parlent de «milieu innovateur» et de districts industriels; le territoire agit."),
])
def test_french_spacing_is_kept_and_other_languages_lose_it(text, fr, other):
    assert texts(text, "fr") == [fr]
    assert texts(text, "it") == [other]


def test_french_text_still_loses_a_space_before_a_full_stop_or_comma():
    assert texts("Les districts industriels , les milieux innovateurs .\n", "fr") == [
        "Les districts industriels, les milieux innovateurs."]


def test_the_real_corpus_is_repaired_as_before():
    """Italian and English texts: the language reaches the rules, and changes nothing for them."""
    for src in load_sources(ROOT / "sources"):
        text = (ROOT / "sources" / src.meta.file).read_text(encoding="utf-8")
        assert [p.text for p in repair(text).paragraphs] == [p.text for p in src.paragraphs], src.id


# --- recognition through both registries ------------------------------------------------------
@pytest.fixture(scope="module")
def model(tmp_path_factory):
    proj = tmp_path_factory.mktemp("lang") / "project"
    for name in ("sources", "glossary", "bibliography"):
        shutil.copytree(BASE / name, proj / name)
    shutil.copy2(FRENCH / "milieu-fr.txt", proj / "sources" / "milieu-fr.txt")
    with open(proj / "sources" / "sources.yml", "a", encoding="utf-8") as f:
        f.write("\n" + (FRENCH / "entry.yml").read_text(encoding="utf-8"))
    return build_model(proj)


def test_a_french_text_is_read_with_the_labels_of_both_registries(model):
    matcher = Matcher(model.concepts)
    text = "Le distretto industriale, l’industrial district et les external economies du milieu innovateur."
    found = [(text[m.start:m.end], m.concept) for m in matcher.find(text, "fr")]
    assert found == [("distretto industriale", "distretto-industriale"), ("industrial district", "distretto-industriale"),
                     ("external economies", "economie-esterne"), ("milieu innovateur", "milieu-innovateur")]


def test_the_french_source_is_recorded_with_its_concepts(model):
    src = next(s for s in model.sources if s.id == "milieu-fr")
    assert src.meta.lang == "fr"
    assert {o.source for o in model.occurrences["economie-esterne"]} >= {"milieu-fr"}
    assert {o.source for o in model.occurrences["milieu-innovateur"]} >= {"milieu-fr"}


# --- the rendered Markdown ----------------------------------------------------------------------
@pytest.mark.parametrize("lang, note", [("it", "Il testo originale è in francese"),
                                        ("en", "The original text is in French")])
def test_french_page_has_lang_attributes_and_the_note(model, lang, note):
    md = Renderer(model).source_page("milieu-fr", lang)
    assert md.splitlines()[0] == "# Le milieu innovateur : une notion territoriale {: lang=fr }"
    assert '<dd lang="fr">Le milieu innovateur : une notion territoriale</dd>' in md
    assert f"<dd>{languages.name('fr', lang)}</dd>" in md
    assert note in md
    paras = re.findall(r'<p id="p\d+" class="lx-p"[^>]*>', md)
    assert len(paras) == 2 and all(' lang="fr"' in p for p in paras)
    # the text's own heading repeats the title: the h1 (lang=fr, above) says it, its anchor stays
    assert '<div id="p1" class="lx-anchor"></div>' in md and not re.search(r"^## ", md, re.M)


def test_a_site_language_source_is_marked_only_on_the_other_site(model):
    it_page = Renderer(model).source_page("tesi-distretti", "it")
    en_page = Renderer(model).source_page("tesi-distretti", "en")
    assert 'lang="' not in it_page and "{: lang" not in it_page
    assert en_page.splitlines()[0] == "# Tesi sui distretti {: lang=it }"
    assert re.search(r'<p id="p\d+" class="lx-p" lang="it">', en_page)
