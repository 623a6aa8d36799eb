"""A source in a language that is not a language of the site (French): the bad-input base corpus
plus tests/fixtures/french_source/, built with ``mkdocs build --strict``.

What a reader of either site notices: a language note naming French, the French title and text
marked ``lang="fr"`` (screen readers, hyphenation), French spacing kept before « ; : ! ? » and
inside « », and the concepts of the text linked through the labels of both registries. What the
maintainer sees: one info line (not a warning) naming the source and its language.
"""
from __future__ import annotations

import re
import shutil

import pytest

from conftest import mkdocs_build
from test_bad_input import FIXTURES, assert_builds, make_project, output

pytestmark = pytest.mark.build

FRENCH = FIXTURES.parent / "french_source"


def add_french_source(proj):
    shutil.copy2(FRENCH / "milieu-fr.txt", proj / "sources" / "milieu-fr.txt")
    with open(proj / "sources" / "sources.yml", "a", encoding="utf-8") as f:
        f.write("\n" + (FRENCH / "entry.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("french")
    proj = make_project(tmp)
    add_french_source(proj)
    site = tmp / "site"
    proc = mkdocs_build(proj, site, check=False)
    return proc, site


def page(built, lang: str) -> str:
    site = built[1]
    path = site / "sources" / "milieu-fr" / "index.html" if lang == "it" else site / "en" / "sources" / "milieu-fr" / "index.html"
    return path.read_text(encoding="utf-8")


def article(html: str) -> str:
    return html.split('<article', 1)[1].split("</article>", 1)[0]


def test_builds_strict_with_one_info_line(built):
    proc = built[0]
    assert_builds(proc)
    lines = [ln for ln in output(proc).splitlines() if "sources/milieu-fr.txt: written in French (fr)" in ln]
    assert len(lines) == 1 and lines[0].startswith("INFO"), output(proc)


@pytest.mark.parametrize("lang, note, language", [
    ("it", "Il testo originale è in francese", "francese"),
    ("en", "The original text is in French", "French"),
])
def test_page_has_the_language_note_in_both_sites(built, lang, note, language):
    html = article(page(built, lang))
    assert note in html
    assert re.search(rf"<dd>{language}</dd>", html)  # the language row of the record


@pytest.mark.parametrize("lang", ["it", "en"])
def test_title_and_text_are_marked_french(built, lang):
    html = article(page(built, lang))
    assert re.search(r'<h1[^>]* lang="fr"[^>]*>Le milieu innovateur : une notion territoriale', html), html[:600]
    assert re.search(r'<dd lang="fr">Le milieu innovateur : une notion territoriale</dd>', html)
    paras = re.findall(r'<p id="p\d+" class="lx-p"[^>]*>', html)
    assert paras and all('lang="fr"' in p for p in paras), paras
    assert '<p class="lx-abstract"' in html and 'class="lx-abstract" lang' not in html  # the abstract is the site's


def test_french_spacing_is_kept(built):
    text = re.sub(r"<[^>]+>", "", article(page(built, "en")))
    for kept in ("d’entreprises ; il est", "compte-t-il ? Parce", "de « distretto industriale » ;",
                 "d’« industrial district »", "du lieu : une idée", "dynamique !"):
        assert kept in text, kept


@pytest.mark.parametrize("lang", ["it", "en"])
def test_concepts_recognised_through_both_registries(built, lang):
    html = article(page(built, lang))
    linked = dict(re.findall(r'<a class="lx-term" href="[./]*glossary/([a-z-]+)/" data-lx-def="[^"]*"[^>]*>([^<]+)</a>', html))
    assert linked.get("milieu-innovateur") == "milieu innovateur"  # the Italian label
    assert linked.get("distretto-industriale") in ("distretto industriale", "industrial district")
    assert linked.get("economie-esterne") == "external economies"  # an English label only


@pytest.mark.parametrize("lang", ["it", "en"])
def test_concept_page_lists_the_french_source(built, lang):
    site = built[1]
    root = site if lang == "it" else site / "en"
    html = (root / "glossary" / "economie-esterne" / "index.html").read_text(encoding="utf-8")
    assert "sources/milieu-fr/" in html
    assert 'lang="fr"' in html  # its excerpt, in French


def test_terms_json_records_the_language_and_is_valid_against_its_schema(built):
    import json

    import jsonschema

    site = built[1]
    data = json.loads((site / "terms.json").read_text(encoding="utf-8"))
    schema = json.loads((site / "terms.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema, cls=jsonschema.Draft202012Validator)
    assert {s["id"]: s["lang"] for s in data["sources"]}["milieu-fr"] == "fr"


@pytest.mark.parametrize("lang, language", [("it", "francese"), ("en", "French")])
def test_sources_index_names_the_language_and_marks_the_title(built, lang, language):
    site = built[1]
    html = ((site if lang == "it" else site / "en") / "sources" / "index.html").read_text(encoding="utf-8")
    row = html.split('<li id="milieu-fr">', 1)[1].split("</li>", 1)[0]
    assert '<strong lang="fr">Le milieu innovateur : une notion territoriale</strong>' in row
    assert f", {language}.</p>" in row
