"""Concept maps: static inline SVG drawn at build time, with a text equivalent (render stage).

Two maps, both plain HTML strings ready to go into a generated page:

* ``concept_map(renderer, cid, lang)`` — one concept and its neighbourhood: the concept in the
  centre, its broader concepts above, narrower below, related left and right; second-step
  neighbours (neighbours of neighbours) further out, within a node budget that always keeps
  every direct relation.
* ``theme_map(renderer, theme, lang)`` — every concept of one theme as an outline: nested lists
  of the broader/narrower hierarchy, each concept a link, its related concepts of the theme as
  links below it. Plain HTML: it reflows at any width with the page's own type size.

Nothing here needs JavaScript: each node is a link (an SVG ``<a>`` in the concept map), relative,
so the maps work over ``file://`` and offline. The layout is pure Python and deterministic (same model, same
bytes). Labels are escaped; ids start with ``map-``. The concept map is followed by a legend;
each of its nodes is a link whose accessible name says how it relates (no list repeats them: the
concept page lists the direct relations in text). The theme outline is text already.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from . import urls
from .i18n import t
from .text import attr, esc, fold

def s(lang: str, key: str, **kw) -> str:
    """A map string: kept with every other UI string in ``i18n.STRINGS`` under ``map.``."""
    return t(lang, "map." + key, **kw)


# --- colours (WCAG AA is checked by the tests) -----------------------------------------------
PAGE_BG = "#ffffff"
TEXT_DARK = "#1a1a1a"
# role -> (fill, stroke, text)
PALETTE: dict[str, tuple[str, str, str]] = {
    "focal": ("#283593", "#1a237e", "#ffffff"),
    "broader": ("#dde8fb", "#1f5fbf", TEXT_DARK),
    "narrower": ("#def2e0", "#2e7d32", TEXT_DARK),
    "related": ("#fdf0cb", "#8f5c00", TEXT_DARK),
    "step2": ("#eeeeee", "#616161", TEXT_DARK),
    "theme": ("#e8eaf6", "#3949ab", TEXT_DARK),
}
EDGE_COLOURS = {"hier": "#37474f", "related": "#8f5c00"}
DASH = "7 4"


def _lum(hex_colour: str) -> float:
    h = hex_colour.lstrip("#")
    out = []
    for i in (0, 2, 4):
        c = int(h[i:i + 2], 16) / 255
        out.append(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
    return 0.2126 * out[0] + 0.7152 * out[1] + 0.0722 * out[2]


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two ``#rrggbb`` colours."""
    la, lb = sorted((_lum(a), _lum(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


# --- text measure and wrapping ---------------------------------------------------------------
# Advance widths (1/1000 em) of Arial/Helvetica/Liberation Sans (metric twins), the font family
# the maps ask for (FONT_FAMILY); SAFETY covers small differences between them and hinting.
_W = {" ": 278, "!": 278, '"': 355, "#": 556, "$": 556, "%": 889, "&": 667, "'": 191, "(": 333,
      ")": 333, "*": 389, "+": 584, ",": 278, "-": 333, ".": 278, "/": 278, ":": 278, ";": 278,
      "<": 584, "=": 584, ">": 584, "?": 556, "@": 1015, "[": 278, "\\": 278, "]": 278, "_": 556,
      "«": 556, "»": 556, "\u2018": 222, "\u2019": 222, "\u201c": 333, "\u201d": 333,
      "\u2013": 556, "\u2014": 1000, "\u2026": 1000}
_W.update(dict.fromkeys("0123456789", 556))
_W.update(zip("abcdefghijklmnopqrstuvwxyz",
              (556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556,
               333, 500, 278, 556, 500, 722, 500, 500, 500)))
_W.update(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ",
              (667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778,
               722, 667, 611, 722, 667, 944, 667, 667, 611)))
SAFETY = 1.04
BOLD = 1.08


def text_width(text: str, size: float, bold: bool = False) -> float:
    total = 0
    for ch in text:
        w = _W.get(ch)
        if w is None:
            base = unicodedata.normalize("NFD", ch)[:1]
            w = _W.get(base, 600)
        total += w
    return total * size / 1000 * SAFETY * (BOLD if bold else 1)


_VOWELS = set("aeiouàèéìòùy")


def _split_word(word: str, width: float, size: float, bold: bool) -> tuple[str, str]:
    """Break a word too long for one line: after an existing hyphen, else before a consonant
    that follows a vowel (a rough syllable boundary), else anywhere; the head gets a hyphen."""
    best = None
    for i in range(len(word) - 1, 1, -1):
        head = word[:i]
        shown = head if head.endswith("-") else head + "-"
        if text_width(shown, size, bold) > width:
            continue
        if head.endswith("-"):
            return head, word[i:]
        nice = (head[-1].lower() in _VOWELS and word[i].lower() not in _VOWELS and len(word) - i >= 3
                and i >= 3)
        if nice:
            return shown, word[i:]
        if best is None:
            best = (shown, word[i:])
    return best or (word[:1], word[1:])


def wrap(text: str, width: float, size: float, max_lines: int = 3, bold: bool = False) -> list[str]:
    """Greedy word wrap into at most ``max_lines`` lines; an overflow ends with an ellipsis."""
    words = text.split()
    lines: list[str] = []
    cur = ""
    while words:
        w = words.pop(0)
        cand = f"{cur} {w}" if cur else w
        if text_width(cand, size, bold) <= width:
            cur = cand
            continue
        if cur:
            lines.append(cur)
            cur = ""
            words.insert(0, w)
            continue
        head, rest = _split_word(w, width, size, bold)  # a single word wider than the line
        lines.append(head)
        words.insert(0, rest)
    if cur:
        lines.append(cur)
    if len(lines) > max_lines:
        last = lines[max_lines - 1]
        while last and text_width(last + "\u2026", size, bold) > width:
            last = last[:-1].rstrip()
        lines = lines[:max_lines - 1] + [last.rstrip("-") + "\u2026"]
    return lines


# --- geometry ---------------------------------------------------------------------------------
FONT = 17          # node labels, user units: 12.2 px in the 358 px column of a 390 px phone
FONT_FAMILY = "Arial, Helvetica, 'Liberation Sans', 'Nimbus Sans', sans-serif"
LINE = 20          # line height
PAD_X, PAD_Y = 5, 7
W = 500            # viewBox width: rendered 1:1 on wide screens, scaled to the column on phones
COLW = 144
MARGIN = 15        # room for the outer lanes of the side columns
GAP = (W - 2 * MARGIN - 3 * COLW) // 2
COLS = (MARGIN + COLW // 2, W // 2, W - MARGIN - COLW // 2)  # centres of the L, C, R columns
ROW_GAP = 40
STACK_GAP = 12
MAX_NODES = 12     # besides the focal concept; direct relations are always all shown
MAX_CHILDREN = 3   # second-step nodes per first-step node
PHONE_COLUMN = 358  # px: content width of Material at a 390 px viewport (0.8rem margins)
MIN_PX = 12        # the smallest label size a reader gets, at PHONE_COLUMN


@dataclass
class Node:
    cid: str
    role: str  # focal, broader, narrower, related, step2
    lines: list[str]
    x: float = 0  # centre
    y: float = 0  # top
    w: float = COLW
    parent: str | None = None
    rel: str | None = None  # relation of this node to its parent (or to the focal concept)

    @property
    def h(self) -> float:
        return 2 * PAD_Y + LINE * len(self.lines)

    @property
    def cy(self) -> float:
        return self.y + self.h / 2

    @property
    def left(self) -> float:
        return self.x - self.w / 2

    @property
    def right(self) -> float:
        return self.x + self.w / 2

    @property
    def bottom(self) -> float:
        return self.y + self.h


@dataclass
class Edge:
    kind: str  # hier or related
    points: list[tuple[float, float]] = field(default_factory=list)
    arrow: tuple | None = None  # tip x, y, direction (up, down, left, right)[, length, half width]
    curve: str | None = None  # a ready path (theme arcs)
    width: float = 2


def _n(v: float) -> str:
    r = round(v, 1)
    return str(int(r)) if r == int(r) else str(r)


def _arrow(x: float, y: float, d: str, a: float = 8, b: float = 4.5) -> str:
    pts = {"up": [(x, y), (x - b, y + a), (x + b, y + a)], "down": [(x, y), (x - b, y - a), (x + b, y - a)],
           "left": [(x, y), (x + a, y - b), (x + a, y + b)], "right": [(x, y), (x - a, y - b), (x - a, y + b)]}[d]
    return "M" + " ".join(f"{_n(px)} {_n(py)}" for px, py in pts) + "Z"


def _edges_svg(edges: list[Edge]) -> str:
    """One path per line style (subpaths: one per edge), one for all the arrowheads."""
    groups: dict[tuple[str, float], list[str]] = {}
    arrows: list[str] = []
    for e in edges:
        pts = [pt for i, pt in enumerate(e.points) if i == 0 or pt != e.points[i - 1]]
        groups.setdefault((e.kind, e.width), []).append(
            e.curve or "M" + " ".join(f"{_n(x)} {_n(y)}" for x, y in pts))
        if e.arrow:
            head = _arrow(*e.arrow)
            if head not in arrows:
                arrows.append(head)
    out = []
    for (kind, width), ds in groups.items():
        dash = f' stroke-dasharray="{DASH}"' if kind == "related" else ""
        out.append(f'<path d="{"".join(ds)}" fill="none" stroke="{EDGE_COLOURS[kind]}" '
                   f'stroke-width="{_n(width)}"{dash}/>')
    if arrows:
        out.append(f'<path d="{"".join(arrows)}" fill="{EDGE_COLOURS["hier"]}"/>')
    return "".join(out)


FALLBACK_WIDER = 1.10  # DejaVu Sans, where Arial and its twins are missing, is ~9 % wider


def _held(line: str, box_w: float, bold: bool) -> str:
    """A line that a wider fallback font would push out of its box is held to the width measured
    here (the metrics of FONT_FAMILY, without SAFETY); shorter lines keep their natural width."""
    exact = text_width(line, FONT, bold) / SAFETY
    if exact * FALLBACK_WIDER <= box_w - 2 * PAD_X:
        return ""
    return f' textLength="{_n(exact)}" lengthAdjust="spacingAndGlyphs"'


def _node_svg(n: Node, href: str | None, title: str, bold: bool = False) -> str:
    fill, stroke, ink = PALETTE[n.role]
    top = n.y + PAD_Y + (LINE + FONT) / 2 - 3  # first baseline
    spans = "".join(f'<tspan x="{_n(n.x)}" y="{_n(top + i * LINE)}"{_held(line, n.w, bold)}>{esc(line)}</tspan>'
                    for i, line in enumerate(n.lines))
    weight = ' font-weight="700"' if bold else ""
    body = (f'<rect x="{_n(n.left)}" y="{_n(n.y)}" width="{_n(n.w)}" height="{_n(n.h)}" rx="6" '
            f'fill="{fill}" stroke="{stroke}"/><text fill="{ink}"{weight} aria-hidden="true">{spans}</text>')
    if href is None:  # the page's own concept: no link, named like an image
        return f'<g class="lx-map-focal" role="img" aria-label="{attr(title)}"><title>{esc(title)}</title>{body}</g>'
    return f'<a href="{href}"><title>{esc(title)}</title>{body}</a>'


def _svg(ident: str, title: str, height: float, edges: list[Edge], nodes: str) -> str:
    h = _n(height)
    return (f'<div class="lx-map-wrap"><svg class="lx-map" role="group" aria-labelledby="{ident}" '
            f'viewBox="0 0 {W} {h}" width="{W}" height="{h}" font-size="{FONT}" font-family="{attr(FONT_FAMILY)}">'
            f'<title id="{ident}">{esc(title)}</title>'
            f'<g class="lx-map-edges">{_edges_svg(edges)}</g>'
            f'<g class="lx-map-nodes" stroke-width="2" text-anchor="middle">{nodes}</g></svg></div>')


def _legend(lang: str, roles: list[str], kinds: list[str]) -> str:
    items = []
    for role in roles:
        fill, stroke, _ = PALETTE[role]
        items.append(f'<li><svg width="22" height="16" aria-hidden="true" focusable="false">'
                     f'<rect x="1" y="1" width="20" height="14" rx="3" fill="{fill}" stroke="{stroke}" stroke-width="2"/>'
                     f'</svg>{esc(s(lang, "role." + role))}</li>')
    for kind in kinds:
        line = Edge(kind, [(1, 8), (28, 8)], (37, 8, "right") if kind == "hier" else None)
        if kind == "related":
            line.points = [(1, 8), (37, 8)]
        items.append(f'<li><svg width="38" height="16" aria-hidden="true" focusable="false">{_edges_svg([line])}</svg>'
                     f'{esc(s(lang, "line." + kind))}</li>')
    return f'<ul class="lx-map-legend" aria-label="{attr(s(lang, "legend"))}">{"".join(items)}</ul>'


# --- the concept map --------------------------------------------------------------------------
def _sorted(r, ids, lang: str) -> list[str]:
    return sorted(ids, key=lambda x: (fold(r.term(x, lang)), x))


_TIER = {  # (relation of the parent to the focal concept, relation of the child to the parent)
    ("broader", "broader"): 0, ("narrower", "narrower"): 0,
    ("broader", "related"): 1, ("narrower", "related"): 1,
    ("related", "broader"): 2, ("related", "narrower"): 2, ("related", "related"): 3,
    ("broader", "narrower"): 4, ("narrower", "broader"): 4,
}


def neighbourhood(r, cid: str, lang: str, cap: int = MAX_NODES):
    """First-step neighbours by relation, and the chosen second-step ones as
    ``{parent: [(relation of the child to the parent, child), ...]}`` (a tree: one parent each)."""
    c = r.m.concepts[cid]
    first = {rel: _sorted(r, getattr(c, rel), lang) for rel in ("broader", "narrower", "related")}
    seen = {cid, *first["broader"], *first["narrower"], *first["related"]}
    budget = cap - (len(seen) - 1)
    children: dict[str, list[tuple[str, str]]] = {}
    if budget > 0:
        cands = []
        order = 0
        for prel in ("broader", "narrower", "related"):
            if prel != "related" and len(first[prel]) > 3:
                continue  # a second row of broader/narrower concepts: no room further out
            for p in first[prel]:
                pc = r.m.concepts[p]
                per_parent = []
                for crel in ("broader", "narrower", "related"):
                    for q in _sorted(r, getattr(pc, crel), lang):
                        if q not in seen:
                            per_parent.append((_TIER[(prel, crel)], q, crel))
                per_parent.sort(key=lambda x: x[0])
                for rank, (tier, q, crel) in enumerate(per_parent):
                    cands.append((tier, rank, order, p, crel, q))
                order += 1
        cands.sort(key=lambda x: x[:3])
        for tier, rank, order, p, crel, q in cands:
            if budget <= 0:
                break
            if q in seen or len(children.get(p, [])) >= MAX_CHILDREN:
                continue
            seen.add(q)
            children.setdefault(p, []).append((crel, q))
            budget -= 1
    return first, children


def _row_xs(count: int) -> list[int]:
    return {1: [COLS[1]], 2: [COLS[0], COLS[2]], 3: list(COLS)}[count]


def _lane_edges(parent: Node, kids: list[Node], side: str) -> list[Edge]:
    """Connect a node to the second-step nodes stacked beside it in the same column, through
    lanes on one side of the column: the nearest child gets the innermost lane (no crossings)."""
    out = []
    sign = -1 if side == "left" else 1
    ox = parent.left if side == "left" else parent.right
    inward = "right" if side == "left" else "left"
    for k, kid in enumerate(kids):
        lx = ox + sign * (5 + 4.5 * k)
        sy = parent.cy + (k - (len(kids) - 1) / 2) * 8
        kind = "related" if kid.rel == "related" else "hier"
        arrow = None
        if kind == "hier":  # into the broader end: the child when broader, else the parent
            arrow = (ox, kid.cy, inward, 5, 3) if kid.rel == "broader" else (ox, sy, inward, 5, 3)
        out.append(Edge(kind, [(ox, sy), (lx, sy), (lx, kid.cy), (ox, kid.cy)], arrow))
    return out


def concept_map(r, cid: str, lang: str) -> str:
    """Inline SVG map of one concept, its legend and its text equivalent ("" without relations).

    Layout, on three columns: broader concepts in a row above the concept, narrower ones in a row
    below (more than three: further rows), related ones stacked left and right of it. Each
    first-step node carries its second-step nodes stacked further out in its own column (above
    a broader concept, below a narrower one, under a related one), joined by side lanes."""
    c = r.m.concepts[cid]
    if not (c.broader or c.narrower or c.related):
        return ""
    key = urls.concept_key(cid)
    first, children = neighbourhood(r, cid, lang)
    width = COLW - 2 * PAD_X

    def mk(x: str, role: str, parent: str | None = None, rel: str | None = None) -> Node:
        return Node(x, role, wrap(r.term(x, lang), width, FONT, bold=role == "focal"), parent=parent, rel=rel)

    focal = mk(cid, "focal")
    nodes: dict[str, Node] = {cid: focal}
    kids_of: dict[str, list[Node]] = {}
    for p, lst in children.items():
        kids_of[p] = [mk(q, "step2", p, crel) for crel, q in lst]
    near = {rel: [mk(x, rel, cid, rel) for x in first[rel]] for rel in ("broader", "narrower")}

    def stack_h(ns: list[Node], gap: float = 8) -> float:
        return sum(n.h + gap for n in ns)

    # side stacks: related concepts alternately left and right, each followed by its children
    stacks: list[list[Node]] = [[], []]
    for i, x in enumerate(first["related"]):
        stacks[i % 2].append(mk(x, "related", cid, "related"))
        stacks[i % 2] += kids_of.get(x, [])

    def side_h(stack: list[Node]) -> float:
        return sum(n.h for n in stack) + sum(8 if n.role == "step2" else STACK_GAP for n in stack[1:])

    y = 10.0
    # top region: rows of broader concepts (the nearest last), their children stacked above them
    b_rows = [near["broader"][i:i + 3] for i in range(0, len(near["broader"]), 3)]
    top_rows_out = list(reversed(b_rows))  # outermost first
    for ri, row in enumerate(top_rows_out):
        above = max((stack_h(kids_of.get(n.cid, [])) for n in row), default=0) if ri == 0 else 0
        row_y = y + above
        for n, x in zip(row, _row_xs(len(row))):
            n.x, n.y = x, row_y
            yy = row_y
            for kid in kids_of.get(n.cid, []):
                yy -= 8 + kid.h
                kid.x, kid.y = x, yy
        y = row_y + max(n.h for n in row) + ROW_GAP
    mid_top = y
    mid_h = max(focal.h, side_h(stacks[0]), side_h(stacks[1]))
    focal.x, focal.y = COLS[1], mid_top + (mid_h - focal.h) / 2
    for side, stack in enumerate(stacks):
        yy = mid_top + (mid_h - side_h(stack)) / 2
        for i, n in enumerate(stack):
            yy += 0 if i == 0 else (8 if n.role == "step2" else STACK_GAP)
            n.x, n.y = COLS[0] if side == 0 else COLS[2], yy
            yy += n.h
    y = mid_top + mid_h + ROW_GAP
    # bottom region: rows of narrower concepts, their children stacked below them
    n_rows = [near["narrower"][i:i + 3] for i in range(0, len(near["narrower"]), 3)]
    for ri, row in enumerate(n_rows):
        bottom = y
        for n, x in zip(row, _row_xs(len(row))):
            n.x, n.y = x, y
            yy = n.bottom
            for kid in kids_of.get(n.cid, []):
                kid.x, kid.y = x, yy + 8
                yy = kid.bottom
            bottom = max(bottom, yy)
        y = bottom + ROW_GAP
    height = y - ROW_GAP + 10
    for group in (*near.values(), *stacks, *kids_of.values()):
        for n in group:
            nodes[n.cid] = n

    edges: list[Edge] = []
    gap_x = {0: (COLS[0] + COLS[1]) / 2, 2: (COLS[1] + COLS[2]) / 2}

    def side_of(n: Node) -> str:  # where a column's lanes run: the outer margin, or the left gap
        return "right" if n.x > COLS[1] else "left"

    # focal -> broader (above) and narrower (below): a trunk, a bus, a drop into each node;
    # rows beyond the first are reached along the column gaps
    for rows, up in ((b_rows, True), (n_rows, False)):
        if not rows:
            continue
        start_y = focal.y if up else focal.bottom
        for ri, row in enumerate(rows):
            bus = (max(n.bottom for n in row) + ROW_GAP / 2) if up else (min(n.y for n in row) - ROW_GAP / 2)
            for n in row:
                end_y = n.bottom if up else n.y
                if ri == 0:
                    pts = [(focal.x, start_y), (focal.x, bus), (n.x, bus), (n.x, end_y)]
                else:  # along the gap beside the column, past the nearer rows
                    first_bus = (max(m.bottom for m in rows[0]) + ROW_GAP / 2) if up else (
                        min(m.y for m in rows[0]) - ROW_GAP / 2)
                    gx = gap_x[0] if n.x <= COLS[1] else gap_x[2]
                    pts = [(focal.x, start_y), (focal.x, first_bus), (gx, first_bus), (gx, bus),
                           (n.x, bus), (n.x, end_y)]
                arrow = (n.x, end_y, "up") if up else (focal.x, focal.bottom, "up")
                edges.append(Edge("hier", pts, arrow))
        for n in rows[0]:  # children exist only when there is a single row
            edges += _lane_edges(n, kids_of.get(n.cid, []), side_of(n))

    # related: a dashed trunk in the gap beside the focal concept, stubs into each node
    for side, stack in enumerate(stacks):
        rel_nodes = [n for n in stack if n.role == "related"]
        if not rel_nodes:
            continue
        gx = gap_x[0] if side == 0 else gap_x[2]
        fx = focal.left if side == 0 else focal.right
        edges.append(Edge("related", [(fx, focal.cy), (gx, focal.cy)]))
        ys = sorted({n.cy for n in rel_nodes} | {focal.cy})
        if len(ys) > 1:
            edges.append(Edge("related", [(gx, ys[0]), (gx, ys[-1])]))
        for n in rel_nodes:
            edges.append(Edge("related", [(gx, n.cy), (n.right if side == 0 else n.left, n.cy)]))
            edges += _lane_edges(n, kids_of.get(n.cid, []), "left" if side == 0 else "right")

    # nodes, in reading order (top to bottom, left to right); the focal concept is not a link
    order = sorted(nodes.values(), key=lambda n: (round(n.y), n.x))
    focal_term = r.term(cid, lang)
    parts = []
    for n in order:
        if n.role == "focal":
            parts.append(_node_svg(n, None, f'{focal_term} ({s(lang, "role.focal")})', bold=True))
            continue
        anchor = focal_term if n.parent == cid else r.term(n.parent, lang)
        title = f'{r.term(n.cid, lang)} \u2014 {s(lang, "of." + n.rel, t=anchor)}'
        parts.append(_node_svg(n, attr(r.link_href(key, urls.concept_key(n.cid), lang)), title))
    title = s(lang, "map_title", term=focal_term)
    ident = f"map-{cid}-title"
    svg = _svg(ident, title, height, edges, "".join(parts))

    roles = ["focal"] + [rl for rl in ("broader", "narrower", "related") if first[rl]]
    roles += ["step2"] if children else []
    kinds = []
    if c.broader or c.narrower or any(rl != "related" for kids in children.values() for rl, _ in kids):
        kinds.append("hier")
    if c.related or any(rl == "related" for kids in children.values() for rl, _ in kids):
        kinds.append("related")
    legend = _legend(lang, roles, kinds)

    # no list of the same relations after it: the page lists the direct ones just above, and each
    # node's accessible name says how it relates (to the concept, or to its first-step neighbour)
    return f'<div class="lx-map-block">{svg}{legend}</div>'


# --- the theme overview: an outline --------------------------------------------------------
# A theme holds up to ~40 concepts, mostly flat (many top concepts) and densely related: drawn as
# a graph it is either very wide (a layered layout: 21 top concepts side by side) or a braid of
# arcs. As an outline it reads at any width: nested lists of the broader/narrower hierarchy, each
# concept a link, its related concepts of the same theme as links on the line below.


def theme_tree(r, theme: str, lang: str):
    """The theme's concepts as a forest: ``(roots, children, inside)`` where ``children[x]`` lists
    the narrower concepts of ``x`` in the theme and ``inside[x]`` maps each relation to the
    concepts of the theme so related to ``x``; every list is sorted by label. A concept with
    several broader concepts in the theme is a child of each; a top concept has none (the model
    has no broader cycles: concepts.py rejects them), so every concept is reached from a root."""
    ids = sorted(x for x, c in r.m.concepts.items() if c.theme == theme)
    members = set(ids)
    inside = {x: {rel: _sorted(r, [y for y in getattr(r.m.concepts[x], rel) if y in members], lang)
                  for rel in ("broader", "narrower", "related")} for x in ids}
    children = {x: inside[x]["narrower"] for x in ids}
    roots = [x for x in _sorted(r, ids, lang) if not inside[x]["broader"]]
    # hierarchies first (the theme's centres), then the concepts standing alone in it
    roots.sort(key=lambda x: not children[x])
    return roots, children, inside


def theme_map(r, theme: str, lang: str) -> str:
    """The outline of one theme ("" when no concept of the theme relates to another of it)."""
    roots, children, inside = theme_tree(r, theme, lang)
    if not any(v for rels in inside.values() for v in rels.values()):
        return ""
    key = "glossary/index"

    def link(x: str) -> str:
        return f'<a href="{attr(r.link_href(key, urls.concept_key(x), lang))}">{esc(r.term(x, lang))}</a>'

    def links(xs: list[str]) -> str:
        return ", ".join(link(x) for x in xs)

    shown: set[str] = set()

    def item(x: str, parent: str | None) -> str:
        out = [f"<li>{link(x)}"]
        others = [p for p in inside[x]["broader"] if p != parent]
        if others and parent is not None:  # a concept in two hierarchies: says where else it is
            out.append(f'<span class="lx-out-note">{esc(s(lang, "also_under"))}: {links(others)}</span>')
        elsewhere = _sorted(r, [p for p in r.m.concepts[x].broader if p not in inside], lang)
        if elsewhere:
            out.append(f'<span class="lx-out-note">{esc(s(lang, "broader_elsewhere"))}: {links(elsewhere)}</span>')
        first = x not in shown
        shown.add(x)
        if first and inside[x]["related"]:
            out.append(f'<span class="lx-out-rel">{esc(s(lang, "rel.related"))}: {links(inside[x]["related"])}</span>')
        if first and children[x]:  # a concept under two broader ones: its narrower ones once
            out.append("<ul>" + "".join(item(y, x) for y in children[x]) + "</ul>")
        return "".join(out) + "</li>"

    body = "".join(item(x, None) for x in roots)
    theme_name = t(lang, "theme." + theme)
    return (f'<div class="lx-map-block lx-map-theme" data-search-exclude=""><p class="lx-hint lx-out-hint">{esc(s(lang, "outline_hint"))}</p>'
            f'<ul class="lx-outline" aria-label="{attr(s(lang, "theme_title", theme=theme_name))}">{body}</ul></div>')
