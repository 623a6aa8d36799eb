"""README's current performance figures are quoted from benchmarks/results.md (which
scripts/benchmark.py writes), never typed by hand: each figure of the quoted block is there."""
from __future__ import annotations

import re

import pytest

from conftest import ROOT

pytestmark = pytest.mark.unit

START, END = "<!-- figures from benchmarks/results.md -->", "<!-- end of figures -->"
# a figure: a number with its unit (seconds, ratio, sizes, rates, shares)
FIGURE = re.compile(r"(?<![\w.])\d[\d,]*(?:\.\d+)?(?:\s?(?:MB/s|GB|MB|KB|s\b|%)|×)")


def _quoted_block() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Performance"):]
    section = section[:section.index("\n## ", 1)]
    assert START in section and END in section, "README's Performance section has no quoted block"
    return section[section.index(START) + len(START):section.index(END)]


def test_every_figure_the_readme_quotes_is_in_the_results_file():
    results = (ROOT / "benchmarks" / "results.md").read_text(encoding="utf-8")
    figures = FIGURE.findall(_quoted_block())
    assert len(figures) >= 8, f"the quoted block quotes too little: {figures}"
    missing = [f for f in figures if f not in results]
    assert not missing, f"README quotes figures that benchmarks/results.md does not hold: {missing}"


def test_the_figure_pattern_finds_what_a_reader_reads_as_figures():
    found = FIGURE.findall("whole build 4.75 s, ratio 1.35×, 37.9 MB/s, 94.3 KB gzip, 1963 MB, 22.9%, page 3")
    assert found == ["4.75 s", "1.35×", "37.9 MB/s", "94.3 KB", "1963 MB", "22.9%"]
