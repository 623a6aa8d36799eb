"""The citation resolver, refactored into one resolver per kind, still links every citation of
the real corpus to the same reference as before the refactor.

``tests/data/resolution/`` freezes the resolver's input (the 103 citations the pipeline found in
the five sources at commit f4854da, and the bibliography file of that commit) and its output then
(``expected.json``, written by the pre-refactor ``resolve``). The data files of ``bibliography/``
move on; this fixture does not, so the comparison stays about the code.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from lessico.citations import Cite
from lessico.references import load_references, resolve

pytestmark = pytest.mark.unit

DATA = Path(__file__).resolve().parent / "data" / "resolution"


@pytest.fixture(scope="module")
def frozen():
    cites = [(s, a, Cite(**{**c, "authors": tuple(c["authors"])}))
             for s, a, c in json.loads((DATA / "cites.json").read_text(encoding="utf-8"))]
    expected = json.loads((DATA / "expected.json").read_text(encoding="utf-8"))
    bib = resolve(cites, load_references(DATA / "bibliography"), DATA / "bibliography", year=2026)
    return cites, expected, bib


def test_every_citation_resolves_to_the_same_reference(frozen):
    cites, expected, bib = frozen
    assert len(cites) == 103
    got = [[s, a, st, r] for (s, a, st), r in sorted(bib.links.items())]
    assert got == expected["links"]


def test_same_entries_cited_in_and_spellings(frozen):
    _, expected, bib = frozen
    assert sorted(i["id"] for i in bib.items) == sorted(i["id"] for i in expected["items"])
    assert {k: [list(p) for p in v] for k, v in bib.cited_in.items()} == expected["cited_in"]
    assert bib.spellings == expected["spellings"]
    assert bib.unresolved == [] and expected["unresolved"] == []


def test_as_cited_entries_hold_the_same_data(frozen):
    """Authors, year, suffix, title and URL of every as-cited entry are those of before."""
    _, expected, bib = frozen
    keys = ("type", "author", "issued", "year-suffix", "title", "URL")
    before = {i["id"]: {k: i.get(k) for k in keys} for i in expected["items"]}
    after = {i["id"]: {k: i.get(k) for k in keys} for i in bib.items}
    assert after == before
