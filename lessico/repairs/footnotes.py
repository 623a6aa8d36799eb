"""Footnotes: markers (alone on a line, or glued to a word) paired with their bodies ``N Text``."""
from __future__ import annotations

import re
from bisect import bisect_right

from ..model import Footnote
from .base import Ctx, Doc, Line, Rule
from .headings import _SENTENCE_END
from .layout import _NUMBER_ALONE, _RULE_LINE, _continues, _next_content, join_lines
from .links import _URL_LINE

_BODY_START = re.compile(r"(\d{1,3})\s+(?=[^\W\d_]|[«“\"(])")
_DIGIT = re.compile(r"\d")
_GLUED_MARK = re.compile(r"(?<=[^\W\d_]{3})(\d{1,2})(?=[\s,.;:!?)\]»”\"’]|$)")


def _in_note_zone(lines: list[Line], j: int | None, bodies: dict[int, list[int]], label: int) -> bool:
    """Does the body at line ``j`` stand where footnotes stand? Under a rule line or after a page
    number (the foot of a page), or followed within a few lines by the body of the next label (a
    block of notes)."""
    if j is None:
        return False
    p = j - 1
    while p >= 0 and lines[p].kind == "blank":
        p -= 1
    if p >= 0 and (_RULE_LINE.fullmatch(lines[p].text) or _NUMBER_ALONE.fullmatch(lines[p].text)):
        return True
    nxt = bodies.get(label + 1, [])
    k = bisect_right(nxt, j)
    return k < len(nxt) and nxt[k] - j <= 8


_PAGE_SPAN = 240  # lines: a page of pdftotext output, double-spaced, is never longer


def _continuation(lines: list[Line], k: int, body_starts: set[int]) -> list[str]:
    """The rest of a note split across a page break: the first lines under the next page's rule,
    when they go on with the sentence (lower case first) and no note body comes before that rule.
    They leave the flow and join the note, up to the end of its sentence."""
    r = k
    while r < len(lines) and r - k < _PAGE_SPAN:
        if r in body_starts:
            return []
        if lines[r].kind == "text" and _RULE_LINE.fullmatch(lines[r].text):
            break
        r += 1
    else:
        return []
    if r >= len(lines):
        return []
    parts: list[str] = []
    j = r + 1
    while j < len(lines):
        ln = lines[j]
        if ln.kind in ("blank", "removed"):
            j += 1
            continue
        if ln.kind != "text" or j in body_starts or _NUMBER_ALONE.fullmatch(ln.text) \
                or _RULE_LINE.fullmatch(ln.text) or (not parts and not _continues(ln.text)):
            break
        parts.append(ln.text)
        ln.kind = "fnbody"
        if _SENTENCE_END.search(ln.text):
            break
        j += 1
    return parts


def find_footnotes(lines: list[Line], ctx: Ctx) -> list[Footnote]:
    """Pair footnote markers with bodies; bodies leave the flow, markers become ``marks``.

    A body is a line ``N Text``. A marker is the expected next label (N, N+1, N+2... in order) either
    alone on a line that sticks to the text before it (no blank line between) or whose next
    non-empty line continues the sentence (lower case, ``,`` ``.`` ``)``...), or glued to a word
    (``contribution1``); it only counts when a body with its label follows it: a number with no
    body is a page number or plain text, never a footnote, and a line ``N Text`` with no marker
    before it stays text.
    A run of labels may start at any number (an excerpt that begins at a later note): a first label
    of 1-3 needs only its body; a higher first label also needs the body to stand where notes stand
    (see :func:`_in_note_zone`), so that a quantity or a list number that happens to start a later
    line ("17 imprese ...") is not taken for a note.
    A body goes on over its wrapped lines until a page start (an indented line in pdftotext
    output), another body, a number alone, or a finished sentence followed by a capital; a body
    whose sentence is unfinished there goes on under the next page's rule (see
    :func:`_continuation`)."""
    bodies: dict[int, list[int]] = {}
    for i, ln in enumerate(lines):
        if ln.kind != "text":
            continue
        m = _BODY_START.match(ln.text)
        if m:  # validated below: only a body whose marker precedes it counts
            bodies.setdefault(int(m.group(1)), []).append(i)

    def body_after(label, i):
        js = bodies.get(label, [])
        for k in range(bisect_right(js, i), len(js)):  # the first free body after line i
            if lines[js[k]].kind == "text":
                return js[k]
        return None

    expected = None
    accepted: list[tuple[int, int]] = []  # (label, body line index)
    for i, ln in enumerate(lines):
        if ln.kind != "text":
            continue
        if _NUMBER_ALONE.fullmatch(ln.text):
            label = int(ln.text)
            if expected is not None and label != expected:
                continue
            if expected is None and label > 3 and not _in_note_zone(lines, body_after(label, i), bodies, label):
                continue
            prev_stuck = i > 0 and lines[i - 1].kind == "text"
            k = _next_content(lines, i)
            next_continues = k is not None and _continues(lines[k].text)
            if not (prev_stuck or next_continues):
                continue
            j = body_after(label, i)
            if j is None:
                continue
            p = i - 1
            while p >= 0 and lines[p].kind != "text":
                p -= 1
            if p < 0:
                continue
            lines[p].marks = [*lines[p].marks, (len(lines[p].text), str(label))]
            ln.kind = "marker"
            accepted.append((label, j))
            lines[j].kind = "fnbody"  # so that it cannot be taken as a marker's line later
            expected = label + 1
            continue
        # glued markers, left to right
        if not _DIGIT.search(ln.text):  # a marker is a number: one fast scan spares the lookbehind
            continue
        pos = 0
        while True:
            m = _GLUED_MARK.search(ln.text, pos)
            if not m:
                break
            label = int(m.group(1))
            ok = label == expected or (expected is None and (
                label <= 3 or _in_note_zone(lines, body_after(label, i), bodies, label)))
            j = body_after(label, i) if ok and ln.text[m.start() - 1].islower() else None
            if j is None:
                pos = m.end()
                continue
            ln.text = ln.text[:m.start()] + ln.text[m.end():]
            ln.marks = [*ln.marks, (m.start(), str(label))]
            accepted.append((label, j))
            lines[j].kind = "fnbody"
            expected = label + 1
            pos = m.start()

    footnotes = []
    body_starts = {j for js in bodies.values() for j in js}
    for label, j in accepted:
        parts = [lines[j].text[_BODY_START.match(lines[j].text).end():]]
        k = j + 1
        while k < len(lines):
            nx = lines[k]
            if nx.kind in ("blank", "removed"):
                k += 1
                continue
            if nx.kind != "text" or nx.lead or k in body_starts or _NUMBER_ALONE.fullmatch(nx.text) \
                    or _URL_LINE.fullmatch(nx.text) or _RULE_LINE.fullmatch(nx.text):
                break
            if _SENTENCE_END.search(parts[-1]) and not _continues(nx.text):
                break
            parts.append(nx.text)
            nx.kind = "fnbody"
            k += 1
        if not _SENTENCE_END.search(parts[-1]):
            parts += _continuation(lines, k, body_starts)
        text = join_lines(parts, ctx, count=False)
        footnotes.append(Footnote(label=str(label), text=text))
        ctx.fix("footnote")
    return footnotes



def footnotes(doc: Doc, ctx: Ctx):
    doc.footnotes = find_footnotes(doc.lines, ctx)


RULES = (
    # before page numbers and roles: a footnote marker alone on a line looks like a page number,
    # and a body "1 The ..." like a numbered heading
    Rule("footnotes", 90, "document", footnotes,
         "footnote bodies interleaved with the text leave the flow; their markers become links",
         keys=("footnote",), family="footnotes"),
)
