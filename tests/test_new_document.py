"""A new document added as a new user would (issue 18, "Done when"): its .txt file and one metadata
entry, laid over a copy of the real project (tests/fixtures/new_document/). The site builds with
--strict, and every footnote, citation and concept of the new text is linked on its page; nothing
of it is lost."""
from __future__ import annotations

import html
import os
import re
import shutil
from pathlib import Path

import pytest

from conftest import EPOCH, ROOT, mkdocs_build
from lessico.model import LANGS
from nothing_lost import check_nothing_lost

pytestmark = pytest.mark.build

FIXTURE = ROOT / "tests" / "fixtures" / "new_document"
NEW = "nuovo-capitolo"


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    proj = tmp_path_factory.mktemp("newdoc") / "project"
    for name in ("hooks", "lessico", "docs", "overrides", "sources", "glossary", "bibliography", "courses"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, proj / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(ROOT / "mkdocs.yml", proj / "mkdocs.yml")
    shutil.copy2(FIXTURE / "sources" / "007_nuovo_capitolo.txt", proj / "sources")
    entry = (FIXTURE / "sources" / "entry.yml").read_text(encoding="utf-8")
    with open(proj / "sources" / "sources.yml", "a", encoding="utf-8") as f:
        f.write("\n" + entry)
    return proj


@pytest.fixture(scope="module")
def site(project, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("newdoc-site")
    mkdocs_build(project, out)  # --strict: raises on any warning (an unresolved citation is one)
    return out


@pytest.fixture(scope="module")
def model(project):
    from lessico.build import build_model
    old = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    try:
        return build_model(project)
    finally:
        if old is None:
            os.environ.pop("SOURCE_DATE_EPOCH")
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old


def page(site: Path, lang: str) -> str:
    prefix = "" if lang == LANGS[0] else f"{lang}/"
    return (site / prefix / "sources" / NEW / "index.html").read_text(encoding="utf-8")


def passages(model):
    return model.passages[NEW]


def test_the_new_document_is_ingested(model):
    src = next(s for s in model.sources if s.id == NEW)
    assert [f.label for f in src.footnotes] == ["7", "8", "9"]
    assert [f.text for f in src.footnotes] == [
        "Si veda anche Marshall A., Principles of Economics, 1890.",
        "Cfr. Brusco S., The Emilian model: productive decentralisation and social integration, 1982.",
        "Ibid., p. 170."]
    text = " ".join(p.text for p in src.paragraphs)
    assert "al luogo prima che al prodotto." in text and "nessuno le insegni. Negli anni" in text
    assert "Marshall A." not in text and "Ibid." not in text  # the notes left the flow
    assert "Le milieu innovateur est un ensemble territorial" in text


@pytest.mark.parametrize("lang", LANGS)
def test_every_footnote_is_linked(model, site, lang):
    html_text = page(site, lang)
    src = next(s for s in model.sources if s.id == NEW)
    marks = [lab for p in src.paragraphs for _, lab in p.footnotes]
    assert marks == ["7", "8", "9"]
    for lab in marks:
        assert f'href="#fn:{lab}"' in html_text and f'id="fn:{lab}"' in html_text, lab
        # the list of notes shows the same numbers as the markers (7, 8, 9), not 1, 2, 3
        assert re.search(rf'<li id="fn:{lab}" value="{lab}"', html_text), lab
        assert re.search(rf'<a class="footnote-ref" href="#fn:{lab}">{lab}</a>', html_text), lab


def test_every_citation_resolves(model):
    got = [(p.anchor, c.kind, " ".join(c.text.split()), model.bib.links.get((NEW, p.anchor, c.start)))
           for p in passages(model) for c in p.cites]
    assert [(k, t, r) for _, k, t, r in got] == [
        ("prose", "Becattini nel 1979", "becattini1979"),  # an author with a year in prose
        ("author-year", "MICT, 2012", "mict2012"),  # the acronym declared by the record
        ("author-year", "Aydalot, 1986", "aydalot1986"),
        ("footnote", "Marshall A., Principles of Economics, 1890", "marshall1890"),  # after "Si veda anche"
        ("footnote", "Brusco S., The Emilian model: productive decentralisation and social integration, 1982",
         "brusco1982"),  # after "Cfr."
        ("ibid", "Ibid., p. 170", "brusco1982"),  # the note before
    ]
    # and nothing else: "Negli anni '90", "nel 2008 la crisi" in the text are years in prose
    assert not [u for u in model.bib.unresolved if u[0] == NEW]


@pytest.mark.parametrize("lang", LANGS)
def test_every_citation_is_linked_on_the_page(model, site, lang):
    html_text = html.unescape(page(site, lang))
    for p in passages(model):
        for c in p.cites:
            rid = model.bib.links[(NEW, p.anchor, c.start)]
            link = re.search(rf'<a class="lx-cite" href="[^"]*bibliography/#{re.escape(rid)}"[^>]*>([^<]*)</a>', html_text)
            assert link, (c.text, rid)
            shown = [" ".join(m.split()) for m in re.findall(
                rf'<a class="lx-cite" href="[^"]*bibliography/#{re.escape(rid)}"[^>]*>([^<]*)</a>', html_text)]
            assert " ".join(c.text.split()) in shown, (c.text, shown)


CONCEPTS = {"distretto-industriale", "economie-esterne", "fiducia", "atmosfera-industriale", "delocalizzazione",
            "filiera", "fondi-strutturali", "capitale-sociale", "milieu-innovateur", "apprendimento-collettivo"}


@pytest.mark.parametrize("lang", LANGS)
def test_every_concept_is_linked_on_the_page(model, site, lang):
    html_text = html.unescape(page(site, lang))
    found = {m.concept for p in passages(model) for m in p.matches}
    assert CONCEPTS <= found, CONCEPTS - found
    for p in passages(model):
        if p.kind == "heading":
            continue  # headings are never linked (ARCHITECTURE.md, "Links per paragraph")
        first = {}
        for m in sorted(p.matches, key=lambda m: m.start):
            first.setdefault(m.concept, m)  # the first occurrence of each concept in a paragraph
        for m in first.values():
            label = p.text[m.start:m.end]
            assert re.search(rf'<a class="lx-term" href="[^"]*glossary/{m.concept}/"[^>]*>{re.escape(label)}</a>',
                             html_text), (p.anchor, label, m.concept)


@pytest.mark.parametrize("lang", LANGS)
def test_nothing_lost_in_the_new_document(model, project, site, lang):
    check_nothing_lost(model, project, site, lang, sources={NEW})
