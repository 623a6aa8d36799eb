"""Link the first occurrence of each term per section of a text, outside what must not change.

A format (``formats.py``) says which spans are protected (code, math, headings, links, tags,
URLs...), where sections start, and which spans read as other text for matching (an entity,
LaTeX's ``~``). The site's matcher then runs over a view of the whole text in which every
protected span is one opaque character, so a multi-word term across a line break is found, and
nothing inside or across a protected span can be.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from .glossary import Glossary, Target

OPAQUE = "\x00"  # not a letter, digit or space: a word boundary no label can contain
_BLANK_LINE = re.compile(r"\n[ \t\r]*\n")


@dataclass
class Scan:
    protected: list[tuple[int, int]] = field(default_factory=list)
    sections: list[int] = field(default_factory=list)  # offsets where a new section starts
    readings: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, read as)
    # existing links (also protected): a term in one counts as its section's first occurrence,
    # so a second run adds nothing
    linked: list[tuple[int, int]] = field(default_factory=list)


@dataclass(frozen=True)
class Link:
    start: int
    end: int
    line: int  # 1-based line of the start
    text: str  # as written in the file
    target: Target


def _view(text: str, scan: Scan) -> tuple[str, list[int], list[int]]:
    """The text as matched, with the span of the original each of its characters stands for."""
    marks = sorted([(s, e, OPAQUE) for s, e in scan.protected] + list(scan.readings))
    parts: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for s, e, read_as in marks:
        if e <= pos:
            continue  # inside a protected span already taken
        if s < pos:  # overlaps the previous mark: protect the rest of it
            s, read_as = pos, OPAQUE
        parts.append(text[pos:s])
        starts.extend(range(pos, s))
        ends.extend(range(pos + 1, s + 1))
        parts.append(read_as)
        starts.extend([s] * len(read_as))
        ends.extend([e] * len(read_as))
        pos = e
    parts.append(text[pos:])
    starts.extend(range(pos, len(text)))
    ends.extend(range(pos + 1, len(text) + 1))
    return "".join(parts), starts, ends


def find_links(text: str, scan: Scan, glossary: Glossary) -> list[Link]:
    """The links to add: the first occurrence of each concept in each section."""
    view, starts, ends = _view(text, scan)
    sections = sorted(set(scan.sections))
    seen: set[str] = set()
    section = -1
    links: list[Link] = []
    hits = [(starts[m.start], ends[m.end - 1], m.concept, True) for m in glossary.matcher.find(view, glossary.lang)]
    for s, e in scan.linked:
        hits += [(s + m.start, s + m.end, m.concept, False) for m in glossary.matcher.find(text[s:e], glossary.lang)]
    for start, end, concept, new in sorted(hits):
        here = bisect.bisect_right(sections, start)
        if here != section:
            section, seen = here, set()
        if not new:
            seen.add(concept)
            continue
        if concept in seen or _BLANK_LINE.search(text, start, end):
            continue  # a term never runs across paragraphs
        if bisect.bisect_right(sections, end - 1) != here:
            continue
        seen.add(concept)
        links.append(Link(start, end, text.count("\n", 0, start) + 1, text[start:end], glossary.targets[concept]))
    return links


def apply(text: str, links: list[Link], wrap) -> str:
    """``text`` with each link's span replaced by ``wrap(link)``; everything else byte for byte."""
    out, pos = [], 0
    for link in links:
        out.append(text[pos:link.start])
        out.append(wrap(link))
        pos = link.end
    out.append(text[pos:])
    return "".join(out)
