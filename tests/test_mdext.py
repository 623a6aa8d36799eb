"""The Python-Markdown extension ``lessico.mdext``: terms linked at build time, with tooltips."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import markdown
import pytest

from lessico.link import glossary as glossary_mod
from lessico.mdext import LessicoExtension

# the published terms.json and its addresses: the same fixture as the command's tests
from test_link_cli import DI_EN, DI_IT, ROOT, SITE, TACIT_EN, terms  # noqa: E402,F401


NOTES = """\
# Week 3: industrial districts

An industrial district shares tacit
knowledge. The industrial district again; the district and trust.

- a list item on tacit knowledge, already linked above

Inline `industrial district`, <code>tacit knowledge</code>, math $industrial district$ and
[industrial district](https://en.wikipedia.org/wiki/Industrial_district); https://example.org/industrial-district

    industrial district in an indented code block

## Readings

Industrial districts once more.
"""


def render(text: str, terms: Path, lang: str = "en", name: str = "lessico.mdext") -> str:
    return markdown.markdown(text, extensions=[name], extension_configs={name: {"terms": str(terms), "lang": lang}})


def anchors(html: str) -> list[tuple[str, str]]:
    import re
    return re.findall(r'<a class="lessico-term" href="([^"]+)" title="[^"]*">([^<]+)</a>', html)


@pytest.mark.unit
def test_first_occurrence_per_section_and_protected_text(terms):
    html = render(NOTES, terms)
    assert anchors(html) == [(DI_EN, "industrial district"), (TACIT_EN, "tacit\nknowledge"), (DI_EN, "Industrial districts")]
    assert "<h1>Week 3: industrial districts</h1>" in html and "<h2>Readings</h2>" in html
    for kept in ("<code>industrial district</code>", "<code>tacit knowledge</code>", "$industrial district$",
                 '<a href="https://en.wikipedia.org/wiki/Industrial_district">industrial district</a>',
                 "https://example.org/industrial-district", "industrial district in an indented code block",
                 "The industrial district again; the district and trust."):
        assert kept in html


@pytest.mark.unit
def test_tooltip_is_the_first_sentence_of_the_definition(terms):
    html = render("Tacit knowledge.", terms)
    g = glossary_mod.load(str(terms), "en")
    definition = g.targets["conoscenza-tacita"].definition
    tip = g.targets["conoscenza-tacita"].tooltip
    assert tip.endswith(".") and definition.startswith(tip)
    assert f'title="{tip}"' in html
    two = glossary_mod.Target("x", "x", "u", "Firms (e.g. small ones) of one\ntrade. Then more.")
    assert two.tooltip == "Firms (e.g. small ones) of one trade."


@pytest.mark.unit
def test_italian_with_typographic_apostrophe(terms):
    html = render("Le economie d’agglomerazione e il distretto\nindustriale.", terms, lang="it")
    assert anchors(html) == [(SITE + "glossary/economie-di-agglomerazione/", "economie d’agglomerazione"),
                             (DI_IT, "distretto\nindustriale")]


@pytest.mark.unit
def test_an_existing_link_counts_as_the_first_occurrence(terms):
    html = render("See [tacit knowledge](https://example.org/tk); tacit knowledge again.\n\n# Next\n\nTacit knowledge.", terms)
    assert anchors(html) == [(TACIT_EN, "Tacit knowledge")]


@pytest.mark.unit
def test_default_language_is_the_glossary_s(terms):
    html = markdown.markdown("Il distretto industriale.", extensions=[LessicoExtension(terms=str(terms))])
    assert anchors(html) == [(DI_IT, "distretto industriale")]


@pytest.mark.unit
def test_terms_are_read_once_per_process(terms, monkeypatch):
    calls = []
    real = glossary_mod.load
    monkeypatch.setattr(glossary_mod, "load", lambda *a: calls.append(a) or real(*a))
    glossary_mod._cached.cache_clear()
    for _ in range(3):
        render("Tacit knowledge.", terms)
    assert calls == [(str(terms), "en")]


@pytest.mark.unit
def test_missing_terms_is_one_clear_error(tmp_path):
    from lessico.errors import InputError
    with pytest.raises(InputError, match=r"^.*missing\.json: no such file$"):
        render("text", tmp_path / "missing.json")


@pytest.mark.build
def test_in_a_mkdocs_site(tmp_path, terms):
    """Listed under markdown_extensions by its module name, in an ordinary MkDocs site."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text(NOTES, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Course\ntheme: mkdocs\nmarkdown_extensions:\n"
        f"  - lessico.mdext:\n      terms: {terms}\n      lang: en\n", encoding="utf-8")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(ROOT))
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "site")],
                          cwd=tmp_path, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    html = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert anchors(html) == [(DI_EN, "industrial district"), (TACIT_EN, "tacit\nknowledge"), (DI_EN, "Industrial districts")]
