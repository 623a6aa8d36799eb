"""Spaces and hyphens: what PDF and web extraction do to the characters between words."""
from __future__ import annotations

import re

from .base import Ctx, Line, Rule

# NBSP, figure space, narrow NBSP, the U+2000 family, ideographic space, tabs and friends
_ODD_SPACE = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t\f\v]")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_HYPHENS = re.compile("[\u2010\u2011]")
_RUN = re.compile(r" {2,}")
# either of the two: most lines hold neither, and one scan finds that out
_ODD_OR_INVISIBLE = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t\f\v"
                               "\u200b\u200c\u200d\u2060\ufeff\u00ad]")


def fix_odd_spaces(line: str, ctx: Ctx) -> str:
    """Odd spaces (NBSP, figure/narrow/thin spaces, tabs) -> one ordinary space; zero-width
    characters and soft hyphens dropped; runs of spaces (justified PDF text) collapsed."""
    if _ODD_OR_INVISIBLE.search(line):
        n = len(_ODD_SPACE.findall(line)) + len(_INVISIBLE.findall(line))
        ctx.fix("odd-space", n)
        line = _INVISIBLE.sub("", line)
        line = _ODD_SPACE.sub(" ", line)
    line = line.strip()
    if "  " in line:
        runs = len(_RUN.findall(line))
        ctx.fix("space-run", runs)  # justified PDF text: "of  industrial  development"
        line = _RUN.sub(" ", line)
    return line


# A language's typography, by ISO 639-1 code: the punctuation written after a space (French
# puts a (narrow) no-break space before ; : ! ? and », and after «). Where a language is listed,
# the repairs keep that space and add it where a line break stood for it (layout.join_sep).
# A language that writes this way is added here, nothing else.
SPACED_BEFORE: dict[str, str] = {"fr": ";:!?»"}
SPACED_AFTER: dict[str, str] = {"fr": "«"}

_CLOSING_PUNCT = ",;:!?)]"


def _space_punct(lang: str) -> tuple[re.Pattern, re.Pattern]:
    """The space-before-punctuation pattern (and its fast hint) for a text in ``lang``."""
    keep = SPACED_BEFORE.get(lang, "")
    closing = re.escape("".join(c for c in _CLOSING_PUNCT if c not in keep))
    return (re.compile(rf"(?<=[^\W_]) (?=[{closing}](?:\s|$)|\.(?:\s|$))"),
            re.compile(rf" [{closing}.]"))


_SPACE_PUNCT = {lang: _space_punct(lang) for lang in ("", *SPACED_BEFORE)}


def fix_space_before_punct(line: str, ctx: Ctx) -> str:
    """``città .`` -> ``città.``: web pages write ``città&nbsp;.`` and slides ``food ;``; a
    French text keeps its space before ``; : ! ?`` (``SPACED_BEFORE``)."""
    pattern, hint = _SPACE_PUNCT.get(ctx.lang) or _SPACE_PUNCT[""]
    n = len(pattern.findall(line)) if hint.search(line) else 0
    if n:
        ctx.fix("space-punct", n)
        line = pattern.sub("", line)
    return line


def fix_odd_hyphens(line: str, ctx: Ctx) -> str:
    """U+2010/U+2011 -> ASCII hyphen, so that search and term recognition see one spelling."""
    n = len(_HYPHENS.findall(line)) if "\u2010" in line or "\u2011" in line else 0
    if n:
        ctx.fix("odd-hyphen", n)
        line = _HYPHENS.sub("-", line)
    return line


def _on_text(fn):
    def run(ln: Line, ctx: Ctx):
        ln.text = fn(ln.text, ctx)
    run.__doc__ = fn.__doc__
    return run


RULES = (
    Rule("odd-space", 100, "line", _on_text(fix_odd_spaces),
         "NBSP, thin spaces, tabs, zero-width characters and justified runs of spaces become one space",
         keys=("odd-space", "space-run"), family="spaces"),
    Rule("odd-hyphen", 90, "line", _on_text(fix_odd_hyphens),
         "U+2010/U+2011 hyphens become '-' so that search and recognition see one spelling",
         keys=("odd-hyphen",), family="spaces"),
    # after the overlay rules, whose garbage tokens ("della , , , p ),") are space-separated
    Rule("space-punct", 50, "line", _on_text(fix_space_before_punct),
         "a space before closing punctuation ('città .') is an extraction artefact, unless the "
         "text's language writes one (French '; : ! ?')",
         keys=("space-punct",), family="spaces"),
)
