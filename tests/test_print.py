"""The printable glossary: a page per language for the whole glossary, each theme and a bilingual
edition (lessico/printing.py), printed to PDFs by scripts/print_pdfs.py.

On the real site built once by conftest: every concept of the edition, A to Z in the glossary's
collation, each with its definition and the other language's term; in Chromium's print mode no
site chrome is visible; the PDFs, read back with pdftotext, hold every term of their edition and
split no entry across two pages.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest
from lxml import html

from conftest import ROOT

sys.path.insert(0, str(ROOT))
from lessico import build, urls  # noqa: E402
from lessico.pages import alphabetical  # noqa: E402
from lessico.printing import editions  # noqa: E402
from lessico.text import fold  # noqa: E402

pytestmark = pytest.mark.browser

LANGS = ("it", "en")


@pytest.fixture(scope="module")
def model():
    return build.build_model(ROOT)


def concepts_of(model, edition):
    return [c for c in model.concepts.values() if edition in (urls.PRINT_ALL, urls.PRINT_BILINGUAL) or c.theme == edition]


def page_file(site, edition, lang):
    return site / urls.page_url(urls.print_key(edition), lang) / "index.html"


def one_line(text: str) -> str:
    return " ".join(text.split())


def test_every_edition_has_a_page_in_both_languages(site, model):
    assert len(editions()) == 10  # the whole glossary, 8 themes, bilingual
    for lang in LANGS:
        for edition in editions():
            assert page_file(site, edition, lang).is_file(), (edition, lang)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("edition", ["all", "policy", "bilingual"])
def test_print_page_lists_every_concept_a_to_z_with_definition_and_other_term(site, model, edition, lang):
    other = "en" if lang == "it" else "it"
    doc = html.parse(str(page_file(site, edition, lang))).getroot()
    entries = doc.xpath('//div[@class="lx-pentry"]')
    expected = alphabetical(concepts_of(model, edition), lang)
    assert [e.get("id") for e in entries] == [c.id for c in expected]
    terms = [one_line(e.xpath('.//div[@class="lx-pside"][1]//p[@class="lx-pterm"]/a')[0].text_content()) for e in entries]
    assert [fold(x) for x in terms] == sorted(fold(x) for x in terms)  # A to Z, accents and case folded
    for e, c in zip(entries, expected):
        sides = e.xpath('./div[@class="lx-pside"]')
        assert sides[0].get("lang") == lang
        assert one_line(sides[0].xpath('./p[@class="lx-pdef"]')[0].text_content()) == one_line(c.labels[lang].definition)
        if edition == "bilingual":  # the other language beside it, whole
            assert sides[1].get("lang") == other
            assert one_line(sides[1].xpath('./p[@class="lx-pterm"]')[0].text_content()).startswith(c.labels[other].term)
            assert one_line(sides[1].xpath('./p[@class="lx-pdef"]')[0].text_content()) == one_line(c.labels[other].definition)
        else:
            equiv = sides[0].xpath('./p[@class="lx-pequiv"]/span')[0]
            assert (equiv.get("lang"), equiv.text) == (other, c.labels[other].term)
    # letters head their groups, in order
    letters = [h.text for h in doc.xpath('//section[@class="lx-pletter"]/h2')]
    assert letters == sorted(set(letters)) and letters[0] == "A"


def test_see_also_leads_to_the_entry_on_the_page_or_to_the_concept_page(site, model):
    doc = html.parse(str(page_file(site, "policy", "it"))).getroot()
    ids = {e.get("id") for e in doc.xpath('//div[@class="lx-pentry"]')}
    hrefs = doc.xpath('//p[@class="lx-psee"]/a/@href')
    inside = [h for h in hrefs if h.startswith("#")]
    outside = [h for h in hrefs if not h.startswith("#")]
    assert inside and outside  # a theme's concepts relate to others of other themes
    assert {h[1:] for h in inside} <= ids
    assert all(re.fullmatch(r"\.\./\.\./[a-z0-9-]+/", h) and h.split("/")[2] not in ids for h in outside)
    label = doc.xpath('//p[@class="lx-psee"]')[0].text
    assert label.startswith("Vedi anche: ")


def test_glossary_index_links_the_printable_version(site):
    for lang, text in (("it", "Versione stampabile"), ("en", "Printable version")):
        doc = html.parse(str(site / urls.page_url("glossary/index", lang) / "index.html")).getroot()
        a = doc.xpath('//p[contains(@class, "lx-print-link")]/a')[0]
        assert (a.text, a.get("href")) == (text, "print/")


def test_plain_build_has_no_pdf_link(site):
    """Without scripts/print_pdfs.py no PDF exists, so the link is hidden and has no address."""
    doc = html.parse(str(page_file(site, "all", "it"))).getroot()
    p = doc.xpath('//p[@class="lx-print-pdf"]')[0]
    assert p.get("hidden") is not None and p.xpath("./a/@href") == []
    assert not list(site.rglob("*.pdf"))


CHROME = [".md-header", ".md-tabs", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer", ".md-search",
          ".md-top", ".md-content__button", ".headerlink", ".lx-print-menu"]


@pytest.mark.parametrize("width", [1280, 390])
def test_print_mode_shows_no_site_chrome(base_url, new_page, width):
    page = new_page(viewport={"width": width, "height": 900})
    page.goto(base_url + "glossary/print/bilingual/")
    page.emulate_media(media="print")
    visible = page.evaluate("""(sels) => sels.filter(s => [...document.querySelectorAll(s)].some(
        e => e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden'))""", CHROME)
    assert visible == []
    # what is printed: the title and the entries, two languages side by side even on a narrow screen
    assert page.locator("h1").is_visible()
    first = page.locator(".lx-pentry").first
    sides = first.locator(".lx-pside")
    assert sides.count() == 2
    a, b = sides.nth(0).bounding_box(), sides.nth(1).bounding_box()
    assert b["x"] > a["x"] + a["width"] - 1 and abs(a["y"] - b["y"]) < 1
    assert page.evaluate("getComputedStyle(document.querySelector('.lx-pentry')).breakInside") == "avoid"


@pytest.fixture(scope="module")
def printed(site, tmp_path_factory):
    """A copy of the site with the PDFs printed by the script, as offline.sh does."""
    copy = tmp_path_factory.mktemp("printed") / "site"
    shutil.copytree(site, copy)
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "print_pdfs.py"), str(copy)],
                          capture_output=True, text=True, env={"SOURCE_DATE_EPOCH": "1767225600", "PATH": "/usr/bin:/bin"})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    print("\n" + proc.stdout)  # the page counts (pytest -s shows them)
    return copy


def letters_only(text: str) -> str:
    """Text compared without spaces, punctuation and case: pdftotext joins a word hyphenated at a
    line's end ("co-" "finance") and may drop the hyphen."""
    return re.sub(r"\W+", "", text).casefold()


def pdf_pages(pdf) -> list[str]:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [letters_only(p) for p in out.split("\f")[:-1]]


def test_script_writes_a_pdf_per_print_page_and_links_it(printed):
    pdfs = sorted(printed.rglob("*.pdf"))
    assert len(pdfs) == 20
    doc = html.parse(str(page_file(printed, "bilingual", "en"))).getroot()
    a = doc.xpath('//p[@class="lx-print-pdf"]/a')[0]
    assert doc.xpath('//p[@class="lx-print-pdf"]/@hidden') == []
    assert a.get("href") == "../glossary-bilingual-en.pdf" and (page_file(printed, "bilingual", "en").parent / a.get("href")).is_file()
    assert b"/CreationDate (D:20260101000000" in (printed / "glossary/print/glossario-it.pdf").read_bytes()


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("edition", ["all", "cultural-districts", "bilingual"])
def test_pdf_has_every_term_and_splits_no_entry(printed, model, edition, lang):
    pdf = printed / urls.print_pdf(edition, lang)
    pages = pdf_pages(pdf)
    assert len(pages) > 1
    whole = "".join(pages)
    langs = (lang, "en" if lang == "it" else "it") if edition == "bilingual" else (lang,)
    for c in concepts_of(model, edition):
        for x in langs:
            e = c.labels[x]
            term = letters_only(e.term)
            assert term in whole, (c.id, x)
            # the entry's term and the start of its definition are on one page (two definitions
            # may begin alike: "Strumento di programmazione negoziata con cui…")
            start = letters_only(" ".join(e.definition.split()[:12]))
            where = [i for i, p in enumerate(pages) if start in p and term in p]
            assert where, (c.id, x)
            if edition != "bilingual":  # one column: the whole definition reads on that page
                assert any(letters_only(e.definition) in pages[i] for i in where), (c.id, x)
