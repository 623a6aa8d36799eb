"""Concept maps: links, labels, relations drawn = relations listed, determinism, contrast, size.

Fast: a handful of hand-made concepts and the real ``Renderer`` over a stand-in model; no build.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from types import SimpleNamespace

import pytest

from lessico import maps
from lessico.concepts import link_relations
from lessico.model import Concept, LangEntry
from lessico.pages import Renderer

pytestmark = pytest.mark.unit

# id -> (theme, it term, en term, broader, related)
DATA = {
    "distretto": ("district-theory", "distretto industriale", "industrial district", ["sistema"], ["cluster", "milieu"]),
    "sistema": ("district-theory", "sistema produttivo locale", "local production system", ["economia"], []),
    "economia": ("district-theory", "economia locale", "local economy", [], []),
    "marshalliano": ("district-theory", "distretto marshalliano", "Marshallian district", ["distretto"], []),
    "cluster": ("district-theory", "cluster", "cluster", [], ["rete"]),
    "rete": ("district-theory", "rete di imprese", "business network", [], []),
    "milieu": ("milieu", "milieu innovateur", "innovative milieu", [], []),
    "strano": ("milieu", "termine <&> \"strano\"", "odd <&> 'term'", [], ["milieu"]),
    "isolato": ("policy", "concetto isolato", "isolated concept", [], []),
}
THEME_OF = {k: v[0] for k, v in DATA.items()}


def make_concepts(data=DATA, order=None):
    concepts = {}
    for cid in order or data:
        theme, it, en, broader, related = data[cid]
        concepts[cid] = Concept(
            id=cid, theme=theme,
            labels={"it": LangEntry.plain(it, [], f"Definizione di {it}."), "en": LangEntry.plain(en, [], f"Definition of {en}.")},
            broader=list(broader), related=list(related), path=f"glossary/{cid}.yml")
    link_relations(concepts)
    return concepts


def renderer(concepts=None, directory_urls=True):
    model = SimpleNamespace(concepts=concepts or make_concepts(), sources=[])
    return Renderer(model, directory_urls)


def parse(block: str) -> ET.Element:
    """The whole block (SVG + legend + list) is well-formed XML: parse it as such."""
    return ET.fromstring(block)


def main_svg(root: ET.Element) -> ET.Element:
    return next(e for e in root.iter("svg") if e.get("class") == "lx-map")


def node_links(root: ET.Element) -> dict[str, str]:
    """href -> label drawn in the node (lines joined; a line-end hyphen joins the word)."""
    out = {}
    for a in main_svg(root).iter("a"):
        lines = [t.text for t in a.iter("tspan")]
        label = ""
        for line in lines:
            label += line[:-1] if line.endswith("-") else (line + " ")
        out[a.get("href")] = label.strip()
    return out


EXPECTED_HREFS = {
    "../sistema/", "../marshalliano/", "../cluster/", "../milieu/",  # first step
    "../economia/", "../rete/", "../strano/",  # second step
}


@pytest.mark.parametrize("lang", ["it", "en"])
def test_concept_map_links_exactly_its_neighbourhood(lang):
    r = renderer()
    root = parse(maps.concept_map(r, "distretto", lang))
    links = node_links(root)
    assert set(links) == EXPECTED_HREFS
    for href, label in links.items():
        cid = href.strip("./")
        assert label == r.term(cid, lang)
    # the focal concept is drawn, bold and not as a link
    svg = main_svg(root)
    focal = [g for g in svg.iter("g") if g.get("class") == "lx-map-focal"]
    assert len(focal) == 1 and " ".join(t.text for t in focal[0].iter("tspan")) == r.term("distretto", lang)
    assert "isolato" not in ET.tostring(root, encoding="unicode")


def test_links_follow_the_url_setting():
    root = parse(maps.concept_map(renderer(directory_urls=False), "distretto", "en"))
    assert set(node_links(root)) == {h.strip("./").rstrip("/") + ".html" for h in EXPECTED_HREFS}


def test_direct_relations_always_all_shown_and_the_budget_holds():
    data = dict(DATA)
    hub_rel = [f"n{i:02d}" for i in range(15)]
    for cid in hub_rel:
        data[cid] = ("policy", f"vicino {cid}", f"neighbour {cid}", [], [])
    data["hub"] = ("policy", "snodo", "hub", ["economia"], hub_rel)
    r = renderer(make_concepts(data))
    first, children = maps.neighbourhood(r, "hub", "it")
    assert not children  # 16 direct relations: no room for a second step
    root = parse(maps.concept_map(r, "hub", "it"))
    assert set(node_links(root)) == {f"../{x}/" for x in hub_rel + ["economia"]}
    # a concept with few relations gets second-step neighbours, at most MAX_NODES in all
    first, children = maps.neighbourhood(r, "rete", "it")
    shown = sum(len(v) for v in first.values()) + sum(len(v) for v in children.values())
    assert 1 < shown <= maps.MAX_NODES
    assert all(len(k) <= maps.MAX_CHILDREN for k in children.values())


@pytest.mark.parametrize("lang", ["it", "en"])
def test_every_node_names_its_relation_and_no_list_repeats_them(lang):
    r = renderer()
    root = parse(maps.concept_map(r, "distretto", lang))
    term = lambda x: r.term(x, lang)  # noqa: E731
    expected = {
        (term("distretto"), "broader", term("sistema")),
        (term("distretto"), "narrower", term("marshalliano")),
        (term("distretto"), "related", term("cluster")),
        (term("distretto"), "related", term("milieu")),
        (term("sistema"), "broader", term("economia")),
        (term("cluster"), "related", term("rete")),
        (term("milieu"), "related", term("strano")),
    }
    # every drawn node names its relation in its accessible name (the <title> of the link)
    drawn = set()
    for a in main_svg(root).iter("a"):
        title = a.find("title").text
        label, _, rel_text = title.partition(" \u2014 ")
        for rel in ("broader", "narrower", "related"):
            prefix = maps.s(lang, f"of.{rel}", t="\x00").split("\x00")[0]
            if rel_text.startswith(prefix):
                anchor = rel_text[len(prefix):-1]
                drawn.add((anchor, rel, label))
    assert drawn == expected
    # the concept page lists the direct relations in text: the map block does not list them again
    assert root.find(".//details") is None
    assert [e.get("class") for e in root] == ["lx-map-wrap", "lx-map-legend"]


def test_output_is_deterministic():
    a = maps.concept_map(renderer(), "distretto", "it")
    b = maps.concept_map(renderer(make_concepts(order=sorted(DATA, reverse=True))), "distretto", "it")
    assert a == b
    assert maps.theme_map(renderer(), "district-theory", "en") == maps.theme_map(
        renderer(make_concepts(order=sorted(DATA, reverse=True))), "district-theory", "en")


def test_concept_without_relations_has_no_map():
    assert maps.concept_map(renderer(), "isolato", "it") == ""


def test_labels_are_escaped():
    r = renderer()
    for lang in ("it", "en"):
        html = maps.concept_map(r, "strano", lang)
        assert "<&>" not in html and "&lt;&amp;&gt;" in html
        root = parse(html)
        focal = next(g for g in main_svg(root).iter("g") if g.get("class") == "lx-map-focal")
        assert " ".join(t.text for t in focal.iter("tspan")) == r.term("strano", lang)
        assert r.term("strano", lang) in main_svg(root).find("title").text


def test_ids_are_prefixed_and_unique_and_the_svg_is_labelled():
    r = renderer()
    blocks = [maps.concept_map(r, "distretto", "it"), maps.concept_map(r, "milieu", "it")]
    ids = []
    for block in blocks:
        svg = main_svg(parse(block))
        assert svg.get("role") == "group"
        label = svg.get("aria-labelledby")
        assert svg.find("title").get("id") == label
        ids += [e.get("id") for e in parse(block).iter() if e.get("id")]
        for a in svg.iter("a"):  # every link has an accessible name
            assert a[0].tag == "title" and a[0].text.strip()
    assert all(i.startswith("map-") for i in ids) and len(ids) == len(set(ids))


def test_colours_pass_wcag_aa():
    for role, (fill, stroke, ink) in maps.PALETTE.items():
        assert maps.contrast(ink, fill) >= 4.5, role  # text on its node
        assert maps.contrast(stroke, maps.PAGE_BG) >= 3, role  # node outline on the page
    for kind, colour in maps.EDGE_COLOURS.items():
        assert maps.contrast(colour, maps.PAGE_BG) >= 3, kind  # lines and arrowheads
    # the colours in the output are the checked ones
    html = maps.concept_map(renderer(), "distretto", "it")
    used = set(re.findall(r'(?:fill|stroke)="(#[0-9a-f]{6})"', html))
    allowed = {c for trio in maps.PALETTE.values() for c in trio} | set(maps.EDGE_COLOURS.values())
    assert used <= allowed
    assert round(maps.contrast("#ffffff", "#000000"), 2) == 21.0
    assert round(maps.contrast("#767676", "#ffffff"), 2) == 4.54


def test_labels_stay_legible_at_phone_width():
    svg = main_svg(parse(maps.concept_map(renderer(), "distretto", "it")))
    vb_width = float(svg.get("viewBox").split()[2])
    font = float(svg.get("font-size"))
    assert float(svg.get("width")) == vb_width  # 1:1 on wide screens, scaled down by max-width
    assert font * maps.PHONE_COLUMN / vb_width >= maps.MIN_PX == 12  # px in a 390 px wide phone's column
    assert 360 <= vb_width <= 760
    # a line that a 10 % wider fallback font would push out of its box is held to its measured width
    inner = maps.COLW - 2 * maps.PAD_X
    held = 0
    for span in svg.iter("tspan"):
        exact = maps.text_width(span.text, maps.FONT, bold=False) / maps.SAFETY
        if span.get("textLength"):
            held += 1
            assert span.get("lengthAdjust") == "spacingAndGlyphs"
            assert float(span.get("textLength")) <= inner
        else:
            assert exact * maps.FALLBACK_WIDER <= inner
    assert held  # the fixture has long enough lines ("sistema produttivo locale")


def test_long_labels_wrap_inside_their_node():
    width = maps.COLW - 2 * maps.PAD_X
    for label in ("approccio locale allo sviluppo regionale", "internazionalizzazione delle imprese",
                  "organisational and territorial variety", "Cassa Integrazione Guadagni (CIG)"):
        lines = maps.wrap(label, width, maps.FONT)
        assert 1 <= len(lines) <= 3
        assert all(maps.text_width(line, maps.FONT) <= width for line in lines)
        joined = "".join(l[:-1] if l.endswith("-") else l + " " for l in lines).strip()
        assert joined == label
    lines = maps.wrap("parola " * 30, width, maps.FONT)
    assert len(lines) == 3 and lines[-1].endswith("\u2026")


def test_concept_map_stays_small():
    data = dict(DATA)
    hub_rel = [f"n{i:02d}" for i in range(15)]
    for cid in hub_rel:
        data[cid] = ("policy", f"concetto vicino numero {cid} con etichetta lunga", f"neighbour {cid}", [], [])
    data["hub"] = ("policy", "snodo", "hub", ["economia", "sistema"], hub_rel)
    html = maps.concept_map(renderer(make_concepts(data)), "hub", "it")
    assert len(html.encode()) < 12_000


def outline(block: str) -> ET.Element:
    root = parse(block)
    assert root.get("class") == "lx-map-block lx-map-theme"
    # concept names the search finds on their own pages: kept out of the search index
    assert root.get("data-search-exclude") == ""
    return next(e for e in root.iter("ul") if e.get("class") == "lx-outline")


def entries(ul: ET.Element):
    """(href of the item's concept, href of the enclosing item's concept or None, item) for every
    item of the outline, at any depth."""
    def walk(node, parent):
        for li in node.findall("li"):
            href = li.find("a").get("href")
            yield href, parent, li
            for sub in li.findall("ul"):
                yield from walk(sub, href)
    yield from walk(ul, None)


def rel_links(li: ET.Element, cls: str) -> list[str]:
    return [a.get("href") for span in li.findall("span") if span.get("class") == cls for a in span.iter("a")]


@pytest.mark.parametrize("lang", ["it", "en"])
def test_theme_outline_has_every_concept_and_every_relation_of_the_theme(lang):
    r = renderer()
    ul = outline(maps.theme_map(r, "district-theory", lang))
    assert ul.get("aria-label") == maps.s(lang, "theme_title", theme=maps.t(lang, "theme.district-theory"))
    items = list(entries(ul))
    theme_ids = {c for c, th in THEME_OF.items() if th == "district-theory"}
    assert {h.rstrip("/") for h, _, _ in items} == theme_ids  # relative to the glossary index
    for href, _, li in items:
        assert li.find("a").text == r.term(href.rstrip("/"), lang)
    # every broader link inside the theme: the narrower concept is an item nested right under it
    nested = {(h.rstrip("/"), p.rstrip("/")) for h, p, _ in items if p}
    expected = {(c, b) for c, (th, _, _, broader, _) in DATA.items() if th == "district-theory"
                for b in broader if THEME_OF[b] == "district-theory"}
    assert nested == expected == {("distretto", "sistema"), ("sistema", "economia"), ("marshalliano", "distretto")}
    # the hierarchy reads top down: economia > sistema > distretto > marshalliano
    chain = [h for h, _, _ in items]
    assert chain[:4] == ["economia/", "sistema/", "distretto/", "marshalliano/"]
    # related concepts of the theme, both ways; another theme's concept is not named
    related = {(h.rstrip("/"), y.rstrip("/")) for h, _, li in items for y in rel_links(li, "lx-out-rel")}
    assert related == {("distretto", "cluster"), ("cluster", "distretto"), ("cluster", "rete"), ("rete", "cluster")}
    assert r.term("milieu", lang) not in ET.tostring(ul, encoding="unicode")
    # the reader is told how to read it, in the page's language
    assert maps.s(lang, "outline_hint") in maps.theme_map(r, "district-theory", lang)


def test_a_concept_under_two_broader_concepts_appears_under_both():
    data = {
        "a": ("policy", "politica", "policy", [], []),
        "b": ("policy", "strumento", "instrument", [], []),
        "c": ("policy", "incentivo", "incentive", ["a", "b"], ["f"]),
        "d": ("policy", "credito d'imposta", "tax credit", ["c"], []),
        "e": ("milieu", "esterno", "outside", [], []),
        "f": ("policy", "figlio di fuori", "child of outside", ["e"], ["a"]),
    }
    r = renderer(make_concepts(data))
    ul = outline(maps.theme_map(r, "policy", "it"))
    items = list(entries(ul))
    # the hierarchies first (by label), then the concepts standing alone in the theme
    assert [h for h, p, _ in items if p is None] == ["a/", "b/", "f/"]
    assert [p for h, p, _ in items if h == "c/"] == ["a/", "b/"]
    first, second = [li for h, _, li in items if h == "c/"]
    # details once (its related concept, its own narrower one), a pointer to the other parent each time
    assert rel_links(first, "lx-out-rel") == ["f/"] and first.find("ul") is not None
    assert rel_links(second, "lx-out-rel") == [] and second.find("ul") is None
    assert rel_links(first, "lx-out-note") == ["b/"] and rel_links(second, "lx-out-note") == ["a/"]
    assert maps.s("it", "also_under") in ET.tostring(first, encoding="unicode")
    assert [p for h, p, _ in items if h == "d/"] == ["c/"]
    # a broader concept in another theme is named as such, with its link
    f = next(li for h, _, li in items if h == "f/")
    assert rel_links(f, "lx-out-note") == ["e/"] and rel_links(f, "lx-out-rel") == ["c/", "a/"]  # « incentivo », « politica »
    assert maps.s("it", "broader_elsewhere") in ET.tostring(f, encoding="unicode")


def test_theme_outline_is_escaped_and_deterministic():
    r = renderer()
    html = maps.theme_map(r, "milieu", "it")
    assert "<&>" not in html and "&lt;&amp;&gt;" in html
    labels = [li.find("a").text for _, _, li in entries(outline(html))]
    assert labels == [r.term("milieu", "it"), r.term("strano", "it")]  # by label: « m » before « t »
    assert html == maps.theme_map(renderer(make_concepts(order=sorted(DATA, reverse=True))), "milieu", "it")


def test_theme_map_falls_back_when_it_would_not_help():
    r = renderer()
    assert maps.theme_map(r, "policy", "it") == ""  # no relation inside the theme: the plain list
    data = {f"c{i:02d}": ("policy", f"termine {i}", f"term {i}", [], [f"c{(i + 1) % 41:02d}"]) for i in range(41)}
    html = maps.theme_map(renderer(make_concepts(data)), "policy", "it")  # 41 concepts: still an outline
    assert len(list(entries(outline(html)))) == 41
