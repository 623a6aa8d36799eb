"""Find concept occurrences in text with one Aho-Corasick automaton built once per build.

Rules: case-insensitive (acronyms case-sensitive), across line breaks and odd spaces, Italian
elision handled by the apostrophe being a word boundary, never inside a longer word, and the
longest match wins where labels overlap.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass

import ahocorasick

from .model import LANGS, Concept
from .text import is_acronym, label_key, match_form

log = logging.getLogger("lessico.recognition")
_SPACE_RUN = re.compile(r" {2,}")


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    concept: str


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


class Matcher:
    """Compiled once from the registry; ``find`` is then used for every text of both languages."""

    def __init__(self, concepts: dict[str, Concept]):
        # key -> {lang: (concept id, exact label or None)}; exact label only for acronyms
        table: dict[str, dict[str, tuple[str, str | None]]] = {}
        for c in concepts.values():
            for lang in LANGS:
                entry = c.labels[lang]
                for label in [entry.term, *entry.variants]:
                    key = label_key(label)
                    if not key:
                        continue
                    exact = " ".join(label.split()) if is_acronym(label) else None
                    per_lang = table.setdefault(key, {})
                    if lang not in per_lang:
                        per_lang[lang] = (c.id, exact)
                    elif per_lang[lang][0] == c.id and per_lang[lang][1] != exact:
                        # "GREMI" and "Gremi" on one concept: the plain form lifts case sensitivity
                        per_lang[lang] = (c.id, None)
        self.automaton = ahocorasick.Automaton()
        for key, per_lang in table.items():
            self.automaton.add_word(key, (len(key), per_lang))
        self.automaton.make_automaton()
        self.size = len(table)
        log.debug("matcher built with %d labels", self.size)

    def find(self, text: str, lang: str) -> list[Match]:
        """Leftmost-longest, non-overlapping matches in ``text`` read as language ``lang``."""
        norm = match_form(text)
        index = None  # position map, only needed when runs of spaces had to be collapsed
        if "  " in norm:
            parts, index, last = [], [], 0
            for m in _SPACE_RUN.finditer(norm):
                parts.append(norm[last : m.start() + 1])
                index.extend(range(last, m.start() + 1))
                last = m.end()
            parts.append(norm[last:])
            index.extend(range(last, len(norm)))
            index.append(len(norm))
            norm = "".join(parts)
        found: list[tuple[int, int, str]] = []
        other = [l for l in LANGS if l != lang]
        for end_idx, (length, per_lang) in self.automaton.iter(norm):
            start, end = end_idx - length + 1, end_idx + 1
            if start > 0 and _is_word(norm[start - 1]):
                continue
            if end < len(norm) and _is_word(norm[end]):
                continue
            hit = per_lang.get(lang) or next((per_lang[l] for l in other if l in per_lang), None)
            if hit is None:
                continue
            cid, exact = hit
            o_start, o_end = (index[start], index[end - 1] + 1) if index else (start, end)
            if exact is not None and " ".join(text[o_start:o_end].split()) != exact:
                continue
            found.append((o_start, o_end, cid))
        found.sort(key=lambda m: (m[0], -(m[1] - m[0])))
        result: list[Match] = []
        reach = -1
        for start, end, cid in found:
            if start >= reach:
                result.append(Match(start, end, cid))
                reach = end
        return result
