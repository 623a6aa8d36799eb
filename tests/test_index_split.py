"""The glossary index split by letter above pages.INDEX_SPLIT concepts (issue 19, scale).

A synthetic corpus ×2 (424 concepts) built with LESSICO_INDEX_SPLIT=200: the A-Z is one page
per letter and language, every concept stands on exactly one of them, the letter bars link them,
every link of those pages resolves, and no glossary page passes 300 KB. Below
the split the index is unchanged: the real site's index tests and tests/test_reproducible.py.
"""
from __future__ import annotations

import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from conftest import ROOT, mkdocs_build
from lessico import synthetic

pytestmark = pytest.mark.build

SPLIT = 200
PAGE_MAX = 300 * 1024
HREF = re.compile(r'href="([^"]*)"')
AZ_LINK = re.compile(r'<li data-k="[^"]*"><a href="([^"]*)"')
LETTER_BAR = re.compile(r'<nav class="lx-letters"[^>]*>(.*?)</nav>', re.S)


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> tuple[Path, int]:
    dest = tmp_path_factory.mktemp("split") / "project"
    corpus = synthetic.make_project(ROOT, dest, 2)
    assert corpus.concepts > SPLIT
    return dest, corpus.concepts


@pytest.fixture(scope="module")
def built(project, tmp_path_factory):
    """Online only (one build keeps the module near a minute): the offline .html links of the same
    pages are checked on the rendered Markdown in tests/test_index_split_unit.py."""
    proj, n = project
    out = tmp_path_factory.mktemp("split-site")
    mkdocs_build(proj, out, extra_env={"LESSICO_INDEX_SPLIT": str(SPLIT)})
    return out, False, proj, n


def page(site: Path, url: str) -> Path:
    return site / (url + "index.html" if url.endswith("/") or url == "" else url)


def resolve(site: Path, from_url: str, href: str) -> str:
    """The site-root-relative URL a relative link of page ``from_url`` points to."""
    base = from_url if from_url.endswith("/") else posixpath.dirname(from_url) + "/"
    target = posixpath.normpath(posixpath.join(base, unquote(urlsplit(href).path)))
    return "" if target == "." else target + ("/" if href.split("#")[0].endswith("/") else "")


def concept_ids(proj: Path) -> set[str]:
    return {p.stem for p in (proj / "glossary").glob("*.yml")}


@pytest.mark.parametrize("lang", ["it", "en"])
def test_the_a_to_z_is_one_page_per_letter_and_every_concept_is_on_exactly_one(built, lang):
    site, offline, proj, n = built
    pre = "" if lang == "it" else "en/"
    index_url = f"{pre}glossary/index.html" if offline else f"{pre}glossary/"
    index = page(site, index_url).read_text(encoding="utf-8")
    assert 'id="lx-az"' not in index  # the index no longer lists every concept
    bar = LETTER_BAR.search(index).group(1)
    letter_urls = [resolve(site, index_url, h) for h in HREF.findall(bar)]
    assert len(letter_urls) >= 10
    for u in letter_urls:
        assert u.startswith(f"{pre}glossary/letters/")
        assert u.endswith(".html") if offline else u.endswith("/")
    found: list[str] = []
    for u in letter_urls:
        html = page(site, u).read_text(encoding="utf-8")
        links = AZ_LINK.findall(html)
        assert links, u
        for h in links:
            target = resolve(site, u, h)
            found.append(target.removeprefix(f"{pre}glossary/").removesuffix(".html").removesuffix("/"))
        # the letter page's own bar links every other letter page, and the index
        own = {resolve(site, u, h) for h in HREF.findall(LETTER_BAR.search(html).group(1)) if not h.startswith("#")}
        assert own == set(letter_urls) - {u}
        assert index_url in {resolve(site, u, h) for h in HREF.findall(html)}
    assert sorted(found) == sorted(concept_ids(proj)) and len(found) == n


def test_every_link_of_the_index_and_letter_pages_resolves(built):
    site, offline, _, _ = built
    pages = [p for p in site.rglob("*.html")
             if "/glossary/letters/" in p.as_posix() or p.relative_to(site).as_posix() in ("glossary/index.html",
                                                                                     "en/glossary/index.html")]
    assert len(pages) >= 22
    for p in pages:
        url = p.relative_to(site).as_posix()
        url = url if offline else url.removesuffix("index.html")
        for h in HREF.findall(p.read_text(encoding="utf-8")):
            if h.startswith(("#", "http:", "https:", "mailto:")):
                continue
            assert page(site, resolve(site, url, h)).exists(), f"{url}: {h}"


def test_no_glossary_page_passes_300_kb(built):
    """The index, the letter pages and the concept pages. Outside this split, and still growing
    with the glossary: the print editions (glossary/print/) and the self-check quiz on the whole
    glossary (glossary/self-check/), 700 KB and 310 KB here; the source pages grow with their
    document, not with the glossary."""
    site, _, _, n = built
    sizes = sorted(((p.stat().st_size, p.relative_to(site).as_posix()) for p in site.rglob("*.html")
                    if "glossary/" in p.as_posix() and not re.search(r"glossary/(print|self-check)/", p.as_posix())),
                   reverse=True)
    assert len(sizes) > 2 * n
    assert sizes[0][0] <= PAGE_MAX, sizes[:5]
    index = (site / "glossary" / "index.html").stat().st_size
    assert index <= PAGE_MAX / 2, index
