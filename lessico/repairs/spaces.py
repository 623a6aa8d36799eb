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


_SPACE_PUNCT = re.compile(r"(?<=[^\W_]) (?=[,;:!?)\]](?:\s|$)|\.(?:\s|$))")
_SPACE_PUNCT_HINT = re.compile(r" [,;:!?)\].]")  # what every match needs: a fast scan first


def fix_space_before_punct(line: str, ctx: Ctx) -> str:
    """``città .`` -> ``città.``: web pages write ``città&nbsp;.`` and slides ``food ;``."""
    n = len(_SPACE_PUNCT.findall(line)) if _SPACE_PUNCT_HINT.search(line) else 0
    if n:
        ctx.fix("space-punct", n)
        line = _SPACE_PUNCT.sub("", line)
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
         "a space before closing punctuation ('città .') is an extraction artefact",
         keys=("space-punct",), family="spaces"),
)
