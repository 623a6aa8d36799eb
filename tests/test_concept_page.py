"""A concept page without repetition (issue 15, item 5): relations once, each source once (its
count beside it, its excerpts under it), the definition's basis naming each source once."""
from __future__ import annotations

import re

import pytest

from lessico import urls
from lessico.model import LANGS

pytestmark = pytest.mark.build
PARA = '<span class="lx-para"><a'  # a paragraph of the basis, after its source's name


def section(html, start, end_marker="<h2"):
    i = html.index(start)
    j = html.find(end_marker, i + len(start))
    return html[i:j if j >= 0 else None]


def pages(site, lang):
    root = site / ("en/" if lang == "en" else "") / "glossary"
    return [p for p in sorted(root.glob("*/index.html")) if 'class="lx-definition"' in p.read_text(encoding="utf-8")]


@pytest.mark.parametrize("lang", LANGS)
def test_each_source_once_with_its_count_and_excerpts(site, lang):
    word = {"it": ("occorrenza", "occorrenze"), "en": ("occurrence", "occurrences")}[lang]
    seen = 0
    for path in pages(site, lang):
        html = path.read_text(encoding="utf-8")
        assert 'class="lx-counts"' not in html, path  # no table: the count is never glued to a link
        if 'class="lx-in-sources"' not in html:
            continue
        seen += 1
        part = section(html, 'id="in-sources"')
        sources = re.findall(r'<p class="lx-src-use"><a href="([^"#]+)">', part)
        assert len(sources) == len(set(sources)), path  # each source named once
        for n in re.findall(r'</a> <span class="lx-count">\((\d+) \w+\)</span>', part):
            assert f"({n} {word[0] if n == '1' else word[1]})" in part, (path, n)
        # an excerpt is linked by its paragraph only: the source is named once, above it
        for text in re.findall(r'<p class="lx-excerpt-src"><a href="[^"]+">([^<]+)</a>', part):
            assert re.fullmatch(r"§ \d+|" + ("Note" if lang == "it" else "Notes"), text), (path, text)
        for href in re.findall(r'<p class="lx-excerpt-src"><a href="([^"#]+)#', part):
            assert href in sources, path  # under the source it comes from
        # the definition's basis names each of its sources once, then its paragraphs
        basis = re.search(r'<p class="lx-def-sources">(.*?)</p>', html)
        if basis:
            names = re.findall(r"(?:: |; )(\[[^\]]+\]|[^<;]+?), " + re.escape(PARA), basis.group(1))
            assert len(names) == len(set(names)), (path, names)
    assert seen > 50, seen


@pytest.mark.parametrize("lang", LANGS)
def test_relations_listed_once(site, lang):
    for path in pages(site, lang):
        html = path.read_text(encoding="utf-8")
        if 'id="relations"' not in html:
            continue
        rel = re.search(r'<dl class="lx-rel">(.*?)</dl>', html).group(1)
        links = re.findall(r'<a href="([^"]+)"', rel)
        assert len(links) == len(set(links)), path
        # outside the map, no relation is listed a second time
        rest = re.sub(r'<div class="lx-map-block">.*?</div>\s*\n', "", html.split("</dl>", 1)[1], flags=re.S)
        rest = rest.split('<h2 id="in-sources"')[0]
        for href in links:
            assert f'href="{href}"' not in rest, (path, href)


def test_milieu_innovateur_reads_as_the_review_expects(site):
    html = (site / urls.page_url(urls.concept_key("milieu-innovateur"), "it") / "index.html").read_text(encoding="utf-8")
    part = section(html, 'id="in-sources"')
    assert ('<a href="../../sources/gremi-milieu/">[Saggio sul concetto di milieu innovateur (sezione 2)]</a> '
            '<span class="lx-count">(2 occorrenze)</span>') in part
    assert part.count("Saggio sul concetto") == 1
    basis = re.search(r'<p class="lx-def-sources">(.*?)</p>', html).group(1)
    assert basis.count("Saggio sul concetto") == 1 and '>§ 3</a></span>, <span class="lx-para"><a' in basis


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
def test_an_excerpts_link_lands_on_a_marked_paragraph(new_page, base_url, lang):
    page = new_page("it-IT" if lang == "it" else "en-GB", viewport={"width": 390, "height": 844})
    page.goto(base_url + urls.page_url(urls.concept_key("distretto-industriale"), lang))
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    link = page.locator(".lx-excerpt-src a").first
    target = link.get_attribute("href").split("#")[1]
    link.click()
    page.wait_for_function("t => location.hash === '#' + t", arg=target)
    page.wait_for_timeout(300)
    p = page.locator(f"#{target}")
    assert p.evaluate("e => getComputedStyle(e).outlineStyle") == "solid"
    header = page.locator(".md-header").evaluate("e => e.getBoundingClientRect().bottom")
    assert header <= p.evaluate("e => e.getBoundingClientRect().top") < header + 120


@pytest.mark.parametrize("lang", LANGS)
def test_a_term_absent_from_the_sources_names_them_once(site, lang):
    """"Not found verbatim" does not list again the sources the definition's basis names."""
    plain = {"it": "<p>Il termine non ricorre letteralmente nelle fonti.</p>",
             "en": "<p>The term does not occur verbatim in the sources.</p>"}[lang]
    absent = 0
    for path in pages(site, lang):
        html = path.read_text(encoding="utf-8")
        if 'class="lx-in-sources"' in html:
            continue
        if "uso comune, che nelle fonti non è segnata" in html or "A word in everyday use" in html:
            continue  # an everyday word the sources use but do not mark (link_in_text: false)
        absent += 1
        basis = re.search(r'<p class="lx-def-sources">(.*?)</p>', html)
        if basis and re.search(r'href="[^"]*sources/', basis.group(1)):
            said = re.search(r"<p>(" + plain[3:-4].rstrip(".") + r"[^<]*)</p>", html).group(1)
            named = re.findall(r"(?:: |; )(\[[^\]]+\]|[^<;]+?), " + re.escape(PARA), basis.group(1))
            assert named, (path, basis.group(1))
            assert not any(n in said for n in named), (path, said)  # a source the basis names is not repeated
    assert absent > 5, absent

