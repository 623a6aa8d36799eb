"""The LaTeX glossaries export compiled by Debian's TeX Live (pdflatex + glossaries-extra) and read
back with pdftotext: every entry of both languages compiles, a \\gls reference prints its term."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from lessico.build import build_model  # noqa: E402
from lessico.exports import latex  # noqa: E402
from lessico.model import Concept, LangEntry  # noqa: E402

pytestmark = pytest.mark.build

DOC = r"""\documentclass{article}
\usepackage[T1]{fontenc}
\usepackage{lmodern}
\usepackage[stylemods]{glossaries-extra}
\loadglsentries{%s}
\pagestyle{empty}  %% no page numbers between the lines of an entry
\begin{document}
Reference: \gls{%s}.
\printunsrtglossary
\end{document}
"""


def typeset(text: str) -> str:
    """What TeX prints for text: the apostrophe is typographic (’), everything else as written."""
    return text.replace("'", "\u2019").replace("\u2026", ". . .")  # pdftotext reads lmodern's … as dots


def squeeze(text: str) -> str:
    return re.sub(r"[\s-]", "", text)


@pytest.fixture(scope="module")
def model():
    return build_model(ROOT)


def compile_text(tmp: Path, tex: str, stem: str, key: str) -> str:
    """Compile a document that loads ``tex`` as ``stem.tex``; return the PDF's text (one line)."""
    for tool in ("pdflatex", "pdftotext"):
        assert shutil.which(tool), f"{tool} is missing: scripts/test.sh installs it (texlive-latex-extra, poppler-utils)"
    (tmp / f"{stem}.tex").write_text(tex, encoding="utf-8")
    (tmp / "doc.tex").write_text(DOC % (stem, key), encoding="utf-8")
    proc = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc.tex"], cwd=tmp,
                          capture_output=True, text=True, errors="replace")
    log = (tmp / "doc.log").read_text(encoding="utf-8", errors="replace") if (tmp / "doc.log").exists() else ""
    assert proc.returncode == 0, "pdflatex failed:\n" + "\n".join(l for l in log.splitlines() if l.startswith("!"))[:2000]
    # a character the fonts lack is only a warning: it would vanish from the handout
    assert "Missing character" not in log
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", "doc.pdf", "-"], cwd=tmp, capture_output=True,
                          text=True, check=True).stdout
    return " ".join(text.split())


@pytest.mark.parametrize("lang", ["it", "en"])
def test_every_entry_compiles_and_prints_its_definition(model, tmp_path, lang):
    text = compile_text(tmp_path, latex.glossary_tex(model, lang, True, "https://example.org/"),
                        f"glossary-{lang}", "distretto-industriale")
    term = model.concepts["distretto-industriale"].labels[lang].term
    assert f"Reference: {term}." in text
    # line breaks may fall in any word, after a hyphen or not: compare without spaces and hyphens
    flat = squeeze(text)
    for cid, c in model.concepts.items():
        e = c.labels[lang]
        assert squeeze(typeset(e.term)) in flat, cid
        assert squeeze(typeset(e.definition)) in flat, cid


def test_special_characters_print_as_written(tmp_path):
    hostile = "A & B 50% $3 #1 a_b {x} ~y^ \\z \"q\" <t> |p| `g' -- ,, '' «c» “d” è ª …"
    c = Concept(id="prova-x", theme="milieu", labels={
        "it": LangEntry.plain("prova & {termine}", [], hostile), "en": LangEntry.plain("test", [], "x")})
    model = type("M", (), {"concepts": {"prova-x": c}})()
    text = compile_text(tmp_path, latex.glossary_tex(model, "it"), "g", "prova-x")
    assert "Reference: prova & {termine}." in text
    assert typeset(hostile) in text


def test_entries_are_in_the_glossary_order_and_keyed_by_id(model):
    tex = latex.glossary_tex(model, "it")
    keys = re.findall(r"^\\newglossaryentry\{([a-z0-9-]+)\}", tex, re.M)
    assert sorted(keys) == sorted(model.concepts)
    assert keys == latex.ordered(model, "it")
    assert tex.startswith("% ") and "\\loadglsentries{glossary-it}" in tex
