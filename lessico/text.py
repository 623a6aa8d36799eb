"""One place for text rules shared by every stage: slugs, normalisation, escaping."""
from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

# Length-preserving map used before matching: every odd space and line break becomes a space,
# typographic apostrophes become ASCII ones (Italian elision is typed both ways).
_MATCH_TABLE = {c: " " for c in "\n\r\t\u00a0\u2007\u202f\u2009\u200a\u2002\u2003\u2004\u2005\u2006\u2008\u205f\u3000"}
_MATCH_TABLE.update({ord("\u2019"): "'", ord("\u2018"): "'", ord("\u02bc"): "'"})
_MATCH_TRANS = str.maketrans({(k if isinstance(k, int) else ord(k)): v for k, v in _MATCH_TABLE.items()})
_MATCH_PAIRS = tuple((chr(k), v) for k, v in _MATCH_TRANS.items())


def is_slug(value: object) -> bool:
    return isinstance(value, str) and bool(SLUG_RE.match(value))


def match_form(text: str) -> str:
    """Length-preserving normal form used for matching: lower case, plain spaces and apostrophes."""
    out = text
    for old, new in _MATCH_PAIRS:  # str.replace is ~8x faster than translate() on long texts
        if old in out:
            out = out.replace(old, new)
    low = out.lower()
    if len(low) != len(out):  # a few characters (e.g. U+0130) grow when lowered: keep positions
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in out)
    return low


def label_key(label: str) -> str:
    """Key under which two labels count as the same (collisions, sorting, filtering)."""
    return " ".join(match_form(label).split())


@lru_cache(maxsize=1 << 16)  # the same terms are folded again for every page that sorts them
def fold(text: str) -> str:
    """Case- and accent-insensitive form ("città" -> "citta"), for the glossary filter and sorting."""
    decomposed = unicodedata.normalize("NFKD", label_key(text))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def is_acronym(label: str) -> bool:
    """ALL-CAPS labels (ICT, PMI, SMEs) match case-sensitively and as whole words."""
    letters = [c for c in label if c.isalpha()]
    upper = sum(1 for c in letters if c.isupper())
    return len(letters) >= 2 and upper >= max(2, len(letters) - 1) and " " not in label.strip()


def esc(text: str) -> str:
    """HTML-escape text from the corpus: nothing in a source is ever interpreted."""
    return html.escape(text, quote=True)


def attr(text: str) -> str:
    """Attribute value: escaped, on one line."""
    return html.escape(" ".join(text.split()), quote=True)


def label_flags(label: str) -> tuple[bool, bool]:
    """Default (case_sensitive, autolink) of a label.

    Two capitals or more (PMI, ICT, SMEs) match case-sensitively; a bare ordinary word that is
    not case-sensitive (district, fiducia) is never auto-linked by course tools, since it would
    be linked in every sentence that uses the word in its everyday sense.
    """
    case_sensitive = sum(1 for ch in label if ch.isupper()) >= 2
    single_word = not any(ch in label for ch in " -'\u2019")
    return case_sensitive, case_sensitive or not single_word
