"""Theme outlines and concept maps as a reader gets them: real Chromium at a phone (390 px) and a
laptop (1280 px) width, both languages.

Theme outlines (glossary index): every concept of every theme that has relations inside it, each
broader link drawn as nesting, labels at least 12 px, no two labels overlapping (the client
rectangles of every link, pairwise). Concept map (SVG): labels at least 12 px as rendered (font
size times the SVG's scale), each label inside its box, no two boxes or labels overlapping, and no
line running through a box (points sampled along every drawn path). axe on these pages is in
test_accessibility.py (glossary index and concept page, both languages).
"""
from __future__ import annotations

from collections import defaultdict

import pytest

from conftest import ROOT

pytestmark = pytest.mark.browser

WIDTHS = [390, 1280]
LANGS = ["it", "en"]
MIN_PX = 12
CONCEPT = "distretto-industriale"  # the concept with the most relations


@pytest.fixture(scope="module")
def model():
    from lessico.build import build_model
    return build_model(ROOT)


def open_page(new_page, base_url, lang, path, width):
    page = new_page(locale="it-IT" if lang == "it" else "en-US", viewport={"width": width, "height": 900})
    page.goto(base_url + ("en/" if lang == "en" else "") + path, wait_until="load")
    return page


OUTLINES = """() => [...document.querySelectorAll('ul.lx-outline')].map(ul => {
  let h = ul.closest('.lx-map-block');
  while (h && h.tagName !== 'H3') h = h.previousElementSibling;
  const items = [];
  const walk = (list, parent) => { for (const li of list.children) {
    const a = li.querySelector(':scope > a');
    const key = new URL(a.href).pathname.replace(/\\/$/, '').split('/').pop();
    items.push([key, parent]);
    for (const sub of li.querySelectorAll(':scope > ul')) walk(sub, key);
  } };
  walk(ul, null);
  return {theme: h.id, items};
})"""

LABELS = """() => {
  const out = [];
  for (const a of document.querySelectorAll('ul.lx-outline a')) {
    const size = parseFloat(getComputedStyle(a).fontSize);
    for (const r of a.getClientRects()) out.push({t: a.textContent, size, l: r.left, t0: r.top, r: r.right, b: r.bottom});
  }
  return out;
}"""


def overlaps(a, b, eps=0.5):
    return a["l"] + eps < b["r"] and b["l"] + eps < a["r"] and a["t0"] + eps < b["b"] and b["t0"] + eps < a["b"]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", LANGS)
def test_theme_outlines_show_every_concept_and_broader_link_legibly(new_page, base_url, model, lang, width):
    page = open_page(new_page, base_url, lang, "glossary/", width)
    outlines = {o["theme"]: o["items"] for o in page.evaluate(OUTLINES)}
    members = defaultdict(set)
    for c in model.concepts.values():
        members[c.theme].add(c.id)
    related_inside = {th for th, ids in members.items()
                      if any(y in ids for x in ids for y in model.concepts[x].broader + model.concepts[x].related)}
    assert {th.removeprefix("theme-") for th in outlines} == related_inside and len(related_inside) >= 6
    for th, items in outlines.items():
        ids = members[th.removeprefix("theme-")]
        assert {key for key, _ in items} == ids, th  # every concept of the theme, nothing else
        nested = {(key, parent) for key, parent in items if parent}
        broader = {(c, b) for c in ids for b in model.concepts[c].broader if b in ids}
        assert nested == broader, th  # every broader link shown as nesting, no other
    # the theme sections' plain lists are gone where an outline lists the same concepts
    assert page.locator("#lx-az ~ h3 + ul.lx-columns, .lx-map-theme + ul.lx-columns").count() == 0
    labels = page.evaluate(LABELS)
    assert len(labels) > 300
    small = [(x["t"], x["size"]) for x in labels if x["size"] < MIN_PX]
    assert not small, small[:5]
    # pairwise: no two label rectangles overlap (a link wrapped over two lines has two rectangles)
    labels.sort(key=lambda x: x["t0"])
    clashes = []
    for i, a in enumerate(labels):
        for b in labels[i + 1:]:
            if b["t0"] >= a["b"]:
                break
            if overlaps(a, b):
                clashes.append((a["t"], b["t"]))
    assert not clashes, clashes[:5]
    # nothing runs off the page sideways
    assert page.evaluate("document.documentElement.scrollWidth") <= width


CONCEPT_MAP = """() => {
  const svg = document.querySelector('svg.lx-map');
  const scale = svg.getScreenCTM().a;
  const box = (r) => ({l: r.left, t0: r.top, r: r.right, b: r.bottom});
  const nodes = [...svg.querySelectorAll('.lx-map-nodes > a, .lx-map-nodes > g')].map(n => ({
    name: n.querySelector('title').textContent,
    rect: box(n.querySelector('rect').getBoundingClientRect()),
    text: box(n.querySelector('text').getBoundingClientRect()),
    size: parseFloat(n.querySelector('text').getAttribute('font-size') || svg.getAttribute('font-size')) * scale,
  }));
  const points = [];
  for (const p of svg.querySelectorAll('.lx-map-edges path[fill="none"]')) {
    const len = p.getTotalLength();
    for (let s = 0; s <= len; s += 1) {
      const pt = p.getPointAtLength(s).matrixTransform(p.getScreenCTM());
      points.push([pt.x, pt.y]);
    }
  }
  return {nodes, points, scale, width: svg.getBoundingClientRect().width};
}"""


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", LANGS)
def test_concept_map_labels_are_legible_inside_their_boxes_and_uncrossed(new_page, base_url, model, lang, width):
    page = open_page(new_page, base_url, lang, f"glossary/{CONCEPT}/", width)
    m = page.evaluate(CONCEPT_MAP)
    c = model.concepts[CONCEPT]
    assert len(m["nodes"]) >= 1 + len(c.broader) + len(c.narrower) + len(c.related)
    assert m["width"] <= width
    small = [(n["name"], round(n["size"], 1)) for n in m["nodes"] if n["size"] < MIN_PX]
    assert not small, small[:5]
    for n in m["nodes"]:  # the label is inside its box (a 1 px rendering tolerance)
        r, t = n["rect"], n["text"]
        assert r["l"] - 1 <= t["l"] and t["r"] <= r["r"] + 1 and r["t0"] - 1 <= t["t0"] and t["b"] <= r["b"] + 1, n["name"]
    for i, a in enumerate(m["nodes"]):
        for b in m["nodes"][i + 1:]:
            assert not overlaps(a["rect"], b["rect"], eps=0), (a["name"], b["name"])
    # no line through a box: every sampled point of every line is outside every box (lines end on
    # a box's edge, hence the margin of 1.5 user units)
    assert len(m["points"]) > 500  # the lines were sampled
    inset = 1.5 * m["scale"]
    crossing = [(n["name"], p) for n in m["nodes"] for p in m["points"]
                if n["rect"]["l"] + inset < p[0] < n["rect"]["r"] - inset and n["rect"]["t0"] + inset < p[1] < n["rect"]["b"] - inset]
    assert not crossing, crossing[:3]
