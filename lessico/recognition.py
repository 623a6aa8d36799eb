"""Find concept occurrences in text with one Aho-Corasick automaton built once per build.

Rules: case-insensitive (acronyms case-sensitive), across line breaks and odd spaces, Italian
elision handled by the apostrophe being a word boundary, never inside a longer word, and the
longest match wins where labels overlap.
"""
from __future__ import annotations

import logging
import re
from typing import Iterable, Iterator, NamedTuple

import ahocorasick

from .model import LANGS, Concept
from .text import is_acronym, label_key, match_form

log = logging.getLogger("lessico.recognition")
_SPACE_RUN = re.compile(r" {2,}")


class Match(NamedTuple):  # a tuple: built ~5x faster than a frozen dataclass, 50,000 times per 5 MB
    start: int
    end: int
    concept: str


_CAPS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ" + "".join(chr(c) for c in range(0xC0, 0xDF) if chr(c).isupper()))
# bytes.translate keeps the Latin-1 capitals and blanks everything else (one byte per character)
_CAPS_TABLE = bytes(b if chr(b) in _CAPS else 0x20 for b in range(256))


def _has_caps_pair(text: str) -> bool:
    """Two adjacent Latin-1 capitals somewhere in ``text`` (C-speed: encode, translate, split)."""
    return any(len(run) > 1 for run in text.encode("latin-1", "replace").translate(_CAPS_TABLE).split())


class Label(NamedTuple):
    """One label that finds a concept: what a matcher is built from (the model or terms.json)."""

    concept: str
    lang: str
    label: str
    case_sensitive: bool


def concept_labels(concepts: dict[str, Concept]) -> Iterator[Label]:
    """The labels of the registry that find concepts in a text, in registry order."""
    for c in concepts.values():
        if not c.link_in_text:
            continue
        for lang in LANGS:
            for term in c.labels[lang].recognised:  # deprecated terms never find the concept
                yield Label(c.id, lang, term.label, term.case_sensitive)


class Matcher:
    """Compiled once from the registry; ``find`` is then used for every text of both languages."""

    def __init__(self, concepts: dict[str, Concept]):
        self._build(concept_labels(concepts))

    @classmethod
    def from_labels(cls, labels: Iterable[Label]) -> "Matcher":
        """A matcher over given labels (e.g. read from a published terms.json), same rules."""
        self = cls.__new__(cls)
        self._build(labels)
        return self

    def _build(self, labels: Iterable[Label]) -> None:
        # key -> {lang: (concept id, exact label or None)}; exact label only for acronyms
        table: dict[str, dict[str, tuple[str, str | None]]] = {}
        for cid, lang, label, case_sensitive in labels:
            key = label_key(label)
            if not key:
                continue
            exact = " ".join(label.split()) if case_sensitive or is_acronym(label) else None
            per_lang = table.setdefault(key, {})
            if lang not in per_lang:
                per_lang[lang] = (cid, exact)
            elif per_lang[lang][0] == cid and per_lang[lang][1] != exact:
                # "GREMI" and "Gremi" on one concept: the plain form lifts case sensitivity
                per_lang[lang] = (cid, None)
        # One pair of automata per reading language, the hit of each label resolved once (its own
        # language's label, else the other's). Labels that match case-sensitively (acronyms) are
        # looked up in the text as written: "ID" then never hits inside "idea", and the
        # case-insensitive automaton is spared millions of in-word hits of two-letter keys.
        self.automata: dict[str, tuple] = {}
        for lang in LANGS:
            plain, exact = ahocorasick.Automaton(), ahocorasick.Automaton()
            for key, per_lang in table.items():
                hit = per_lang.get(lang) or next((per_lang[l] for l in LANGS if l != lang and l in per_lang), None)
                if hit is None:
                    continue
                if hit[1] is None:
                    plain.add_word(key, (len(key), hit[0]))
                else:
                    exact.add_word(hit[1], (len(hit[1]), hit[0]))
            for auto in (plain, exact):
                if len(auto):
                    auto.make_automaton()
            self.automata[lang] = (plain, exact)
        # When every acronym has two adjacent Latin-1 capitals, a text without such a pair cannot
        # hold one and skips the case-sensitive pass (see _has_caps_pair: ~600 MB/s).
        forms = {e for per_lang in table.values() for _, e in per_lang.values() if e}
        self._caps = not forms or all(
            any(a in _CAPS and b in _CAPS for a, b in zip(f, f[1:])) for f in forms)
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
        found: list[tuple[int, int, str]] = []  # (start, -length, concept): sorts leftmost-longest
        # a text in a language of neither registry (a French source) is read with the labels of
        # both, the default language's first where both have the same label
        plain, exact = self.automata.get(lang) or self.automata[LANGS[0]]
        for haystack, auto, idx in ((norm, plain, index), (text, exact, None)):
            if auto.kind != ahocorasick.AHOCORASICK:
                continue  # empty automaton
            if auto is exact and self._caps and not _has_caps_pair(text):
                continue
            # hot loop, word test inlined: a space on each side spares the bounds checks, so a
            # hit ending at end_idx spans padded[end_idx - length + 1 : end_idx + 1] and the
            # unpadded text[end_idx - length : end_idx]
            padded = f" {haystack} "
            hits = []
            for end_idx, (length, cid) in auto.iter(padded):
                ch = padded[end_idx - length]
                if ch.isalnum() or ch == "_":
                    continue
                ch = padded[end_idx + 1]
                if ch.isalnum() or ch == "_":
                    continue
                hits.append((end_idx - length, -length, cid))
            if idx:  # back to positions in ``text`` where runs of spaces were collapsed
                hits = [(idx[s], idx[s - neg - 1] + 1 - idx[s], cid) for s, neg, cid in hits]
                hits = [(s, -span, cid) for s, span, cid in hits]
            found += hits
        found.sort()
        result: list[Match] = []
        reach = -1
        for start, neg, cid in found:
            if start >= reach:
                reach = start - neg
                result.append(Match(start, reach, cid))
        return result
