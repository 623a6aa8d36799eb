"""Annotate every source passage once: concept matches and citations (model stage).

The result is language-independent; pages for both languages are rendered from it.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from .model import Occurrence, Source
from .recognition import Match, Matcher


@dataclass
class Passage:
    """A paragraph or footnote of a source with what was found in it."""

    source: str
    anchor: str  # p<N>, or fn:<label> for a footnote
    kind: str
    text: str
    level: int = 0
    footnotes: list[tuple[int, str]] = field(default_factory=list)
    matches: list[Match] = field(default_factory=list)
    cites: list = field(default_factory=list)  # citations.Cite
    # matches under a citation (the citation's link wins in the text): not linked, but the concept
    # occurs there, so they count on its page ("Accordo di Programma Quadro" cited as a document)
    shadowed: list[Match] = field(default_factory=list)


def passages_of(source: Source) -> list[Passage]:
    out = [Passage(source.id, p.anchor, p.kind, p.text, p.level, list(p.footnotes)) for p in source.paragraphs]
    out += [Passage(source.id, f"fn:{f.label}", "footnote", f.text) for f in source.footnotes]
    return out


def annotate(sources: list[Source], matcher: Matcher, find_citations) -> dict[str, list[Passage]]:
    result: dict[str, list[Passage]] = {}
    for src in sources:
        passages = passages_of(src)
        for p in passages:
            p.cites = find_citations(p.text)
            if p.kind == "link":
                continue  # a bare URL line: a reference, but no prose in which to find terms
            taken = [(c.start, c.end) for c in p.cites]
            p.matches, p.shadowed = [], []
            for m in matcher.find(p.text, src.meta.lang):
                under = any(m.start < e and s < m.end for s, e in taken)
                (p.shadowed if under else p.matches).append(m)
        result[src.id] = passages
    return result


def occurrences(passages: dict[str, list[Passage]]) -> dict[str, list[Occurrence]]:
    """Every occurrence of every concept, in document order."""
    occ: dict[str, list[Occurrence]] = defaultdict(list)
    for sid, plist in passages.items():
        for p in plist:
            for m in sorted([*p.matches, *p.shadowed], key=lambda m: m.start):
                occ[m.concept].append(Occurrence(m.concept, sid, p.anchor, m.start, m.end))
    return dict(occ)
