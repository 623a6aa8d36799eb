"""The split glossary index on the rendered Markdown of the real glossary (212 concepts), with the
split lowered: letter pages, their offline .html links, the theme lists' cap; at the default split
the real index is rendered exactly as before (no letter pages)."""
from __future__ import annotations

import posixpath
import re

import pytest

from conftest import ROOT
from lessico import build, pages, site, urls
from lessico.errors import InputError

pytestmark = pytest.mark.unit

HREF = re.compile(r'href="([^"]*)"')
AZ_LINK = re.compile(r'<li data-k="[^"]*"><a href="([^"]*)"')
BAR = re.compile(r'<nav class="lx-letters"[^>]*>(.*?)</nav>', re.S)


@pytest.fixture(scope="module")
def model():
    return build.build_model(ROOT)


def tree(model, directory_urls: bool, split: int | None):
    return {k: v for k, v in build.render_tree(model, ROOT / "docs", directory_urls, "", None, "", split).items()
            if isinstance(v, str)}


def test_at_the_default_split_the_real_index_has_no_letter_pages(model):
    assert len(model.concepts) <= pages.INDEX_SPLIT
    default = tree(model, True, None)
    assert not [k for k in default if "/letters/" in k]
    assert default["glossary/index.it.md"] == tree(model, True, len(model.concepts))["glossary/index.it.md"]
    assert 'id="lx-az"' in default["glossary/index.it.md"]


@pytest.mark.parametrize("directory_urls", [True, False])
@pytest.mark.parametrize("lang", ["it", "en"])
def test_split_letter_pages_hold_every_concept_once_and_link_each_other(model, directory_urls, lang):
    t = tree(model, directory_urls, 100)
    letter_keys = sorted(k[: -len(f".{lang}.md")] for k in t if "/letters/" in k and k.endswith(f".{lang}.md"))
    assert letter_keys and all(k.startswith(f"glossary/{urls.LETTERS_NAME}/") for k in letter_keys)
    index = t[f"glossary/index.{lang}.md"]
    assert 'id="lx-az"' not in index and "lx-filter-input" not in index
    index_url = urls.page_url("glossary/index", lang, directory_urls)
    base = posixpath.dirname(index_url)
    bar = {posixpath.normpath(posixpath.join(base, h)) for h in HREF.findall(BAR.search(index).group(1))}
    assert bar == {posixpath.normpath(urls.page_url(k, lang, directory_urls)) for k in letter_keys}
    if not directory_urls:
        assert all(h.endswith(".html") for h in HREF.findall(BAR.search(index).group(1)))
    seen = []
    for k in letter_keys:
        md = t[f"{k}.{lang}.md"]
        here = posixpath.dirname(urls.page_url(k, lang, directory_urls) + ("" if not directory_urls else "x"))
        for h in AZ_LINK.findall(md):
            seen.append(posixpath.normpath(posixpath.join(here, h)))
        assert "lx-filter-input" in md and 'id="lx-az"' in md
    expected = sorted(posixpath.normpath(urls.page_url(urls.concept_key(c), lang, directory_urls)) for c in model.concepts)
    assert sorted(seen) == expected


def test_split_themes_list_their_top_concepts_and_count_the_rest(model, monkeypatch):
    monkeypatch.setattr(pages, "THEME_TOP", 5)
    view = pages.Renderer(model, index_split=100).glossary_view("it")
    assert not view.letters
    for th in view.themes:
        assert th.map is None and len(th.concepts) == min(5, th.count)
        rest = th.count - len(th.concepts)
        if rest > 1:
            assert th.more == f"… e altri {rest} concetti del tema, nelle pagine per lettera."
        elif rest == 1:
            assert th.more == "… e un altro concetto del tema, nelle pagine per lettera."
        else:
            assert th.more == ""
    assert sum(th.count for th in view.themes) == len(model.concepts)


def test_letter_page_titles_in_both_languages(model):
    t = tree(model, True, 100)
    assert t["glossary/letters/c.it.md"].startswith("# Glossario, lettera C\n")
    assert t["glossary/letters/c.en.md"].startswith("# Glossary, letter C\n")
    assert re.search(r"<p>I \d+ concetti il cui termine comincia per C\.</p>", t["glossary/letters/c.it.md"])


def test_a_bad_split_variable_is_one_line_naming_it(monkeypatch):
    monkeypatch.setenv("LESSICO_INDEX_SPLIT", "many")
    with pytest.raises(InputError) as err:
        site.index_split()
    assert str(err.value) == "LESSICO_INDEX_SPLIT: must be a whole number of concepts, got 'many'"
    monkeypatch.setenv("LESSICO_INDEX_SPLIT", "150")
    assert site.index_split() == 150
    monkeypatch.delenv("LESSICO_INDEX_SPLIT")
    assert site.index_split() is None
