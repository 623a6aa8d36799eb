"""The pandoc glossary converted by pandoc (Debian's) to HTML: one <dt> per concept with its id, its
definition in the <dd> with the link to the entry's page; DOCX converts too; nothing is markup."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import html as lhtml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from lessico import urls  # noqa: E402
from lessico.build import build_model  # noqa: E402
from lessico.exports import pandoc_md  # noqa: E402
from lessico.model import Concept, LangEntry  # noqa: E402

pytestmark = pytest.mark.build
SITE_URL = "https://lessico-distretti.example.org/"


def pandoc(text: str, to: str, out: Path | None = None) -> str:
    assert shutil.which("pandoc"), "pandoc is missing: scripts/test.sh installs it"
    cmd = ["pandoc", "-f", "markdown", "-t", to, "--fail-if-warnings", "--wrap=none"] + (["-o", str(out)] if out else [])
    proc = subprocess.run(cmd, input=text, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


@pytest.fixture(scope="module")
def model():
    return build_model(ROOT)


@pytest.mark.parametrize("lang", ["it", "en"])
def test_html_is_a_definition_list_of_every_concept(model, lang, tmp_path):
    doc = lhtml.fromstring(pandoc(pandoc_md.glossary_md(model, lang, True, SITE_URL), "html5"))
    dl = doc.findall(".//dl")
    assert len(dl) == 1
    items = list(dl[0])
    assert [el.tag for el in items] == ["dt", "dd"] * len(model.concepts)
    ids = []
    for dt, dd in zip(items[::2], items[1::2]):
        cid = dt.find("span").get("id")
        ids.append(cid)
        e = model.concepts[cid].labels[lang]
        assert dt.text_content().replace("\u2019", "'") == e.term.replace("\u2019", "'")
        links = dd.findall(".//a")
        assert len(links) == 1
        assert links[0].get("href") == urls.absolute(SITE_URL, urls.page_url(urls.concept_key(cid), lang, True))
        # smart punctuation makes the apostrophe typographic; nothing else changes
        assert " ".join(dd.text_content().split()).replace("\u2019", "'").startswith(" ".join(e.definition.split()))
    assert ids == pandoc_md.ordered(model, lang)
    pandoc(pandoc_md.glossary_md(model, lang, True, SITE_URL), "docx", tmp_path / "g.docx")
    assert (tmp_path / "g.docx").stat().st_size > 10_000


def test_markup_in_a_record_stays_text():
    hostile = "1. *a* _b_ `c` [d](e) <i>f</i> &amp; $x$ @cit ^s^ ~t~ | g | # h -- \\ {#k} \"q\""
    c = Concept(id="prova-x", theme="milieu", labels={
        "it": LangEntry.plain("- [termine] *x*", [], hostile), "en": LangEntry.plain("test", [], "x")})
    model = type("M", (), {"concepts": {"prova-x": c}})()
    doc = lhtml.fromstring(pandoc(pandoc_md.glossary_md(model, "it"), "html5"))
    dt, dd = doc.find(".//dt"), doc.find(".//dd")
    assert dt.text_content() == "- [termine] *x*"
    assert " ".join(dd.text_content().split()).startswith(hostile)
    assert not dd.findall(".//em") and not dd.findall(".//code") and not dd.findall(".//i")
    assert len(dd.findall(".//a")) == 1
