"""Headings: chapters, numbered sections, section words, all-capitals lines, the title."""
from __future__ import annotations

import re

from .base import Ctx, Doc, Rule

_NUM_HEADING = re.compile(r"(\d{1,2}(?:\.\d{1,2})*)(?:\.([A-Z]))?(\.?)\s+(\S.*)")
_ORDINAL = (r"(?i:\d{1,2}|[IVXLC]{1,6}|prim[oa]|second[oa]|terz[oa]|quart[oa]|quint[oa]|sest[oa]|settim[oa]|"
            r"ottav[oa]|non[oa]|decim[oa]|one|two|three|four|five|six|seven|eight|nine|ten|first|second|"
            r"third|fourth|fifth|sixth)")
# "Capitolo primo", "CHAPTER 2", "Parte II: Metodi" (a title after the label needs a separator,
# so that "Part one of the study shows..." stays prose)
_LABELS = r"(?:Capitolo|CAPITOLO|Chapter|CHAPTER|Parte|PARTE|Part|PART)"
_CHAPTER_LABEL = re.compile(_LABELS + r"\s+" + _ORDINAL + r"\.?")
_CHAPTER = re.compile(r"(?:" + _LABELS + r"|Sezione|SEZIONE|Section|SECTION)\s+" + _ORDINAL
                      + r"\b(?:\s*[.:–—-]\s*\S.*)?")
_SECTION_WORDS = re.compile(
    r"(?:Introduzione|Introduction|Premessa|Prefazione|Preface|Abstract|Sommario|Riassunto|Summary|"
    r"Conclusioni|Conclusione|Conclusions?|Concluding remarks|Considerazioni finali|"
    r"Bibliografia|Bibliography|References|Riferimenti(?: bibliografici)?|Sitografia|"
    r"Appendice|Appendix|Ringraziamenti|Acknowledge?ments|Indice|Contents)\s*:?", re.I)
_TERMINAL = re.compile(r"[.!?;:…][)\]\"”’»*]*$")
_SENTENCE_END = re.compile(r"[.!?…][)\]\"”’»*]*$")


def _heading(text: str, ctx: Ctx):
    """(level, chapter_label, wraps) when the line is a heading, else None.

    Levels: 1 for chapters (and, in a document with chapters, for Introduzione/Conclusioni),
    numbered sections by depth with a floor of 2 (``1.`` and ``1.1`` = 2, ``2.2.1`` = 3,
    ``2.2.1.A`` = 4), other section words 2, an all-capitals line 2."""
    if len(text) > 120:  # before splitting: most lines of prose stop here
        return None
    words = text.split()
    if not words or len(words) > 16:
        return None
    if _CHAPTER.fullmatch(text) and not text.endswith((".", ",", ";")) and len(words) <= 12:
        return 1, bool(_CHAPTER_LABEL.fullmatch(text)), True
    if _SECTION_WORDS.fullmatch(text):
        return (1 if ctx.has_chapters else 2), False, False
    m = _NUM_HEADING.fullmatch(text)
    if m:
        num, letter, dot, rest = m.groups()
        depth = num.count(".") + 1 + (1 if letter else 0)
        ok_start = rest[0].isupper() or rest[0] in "«“\"*'’("
        if depth == 1 and not (dot or letter):
            return None  # "1 The original..." is a footnote body or a sentence, not a heading
        if ok_start and not text.endswith((",", ";", ":")) and int(num.split(".")[0]) < 40:
            if text.endswith(".") and len(words) > 6:
                return None
            return max(2, min(4, depth)), False, True
        return None
    if text.islower():  # no capital at all: not an all-capitals line (most lines of prose)
        return None
    letters = "".join(filter(str.isalpha, text))  # C-level loops: this runs on every line
    if len(words) >= 2 and len(letters) >= 8 and sum(map(str.isupper, letters)) >= 0.8 * len(letters):
        if not _SENTENCE_END.search(text):
            return 2, False, False
    return None


def _starts_new(text: str) -> bool:
    t = text.lstrip("«“\"'(‘[*")
    return bool(t) and t[0].isupper()


def mark_chapters(doc: Doc, ctx: Ctx):
    """A document with chapter labels ranks Introduzione/Conclusioni as chapters (level 1)."""
    ctx.has_chapters = any(ln.kind == "text" and _CHAPTER_LABEL.fullmatch(ln.text) for ln in doc.lines)


def title(doc: Doc, ctx: Ctx):
    """A short first paragraph that starts with a capital and ends without punctuation is the
    document's title (level 1)."""
    blocks = doc.blocks
    if len(blocks) < 2 or ctx.mode == "unwrapped":
        return
    b = blocks[0]
    words = b.text.split()
    if b.role == "para" and 3 <= len(words) <= 15 and _starts_new(b.text) and not b.marks \
            and not re.search(r"[.!?;:,]$", b.text):
        b.role, b.level = "heading", 1
        ctx.fix("heading")


RULES = (
    Rule("chapters", 70, "document", mark_chapters,
         "heading levels depend on whether the document is divided into chapters", family="headings"),
    Rule("title", 20, "document", title,
         "a short unpunctuated first paragraph is the document's own title", keys=("heading",),
         family="headings"),
)
