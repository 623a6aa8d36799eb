"""PDF overlay damage on one line: a line holding two copies of itself, every word doubled,
a garbled prefix or suffix from a second, damaged text layer. Whatever is dropped is recorded."""
from __future__ import annotations

import re

from .base import Ctx, Line, Rule


def _alnum_positions(s: str) -> list[int]:
    return [i for i, c in enumerate(s) if c.isalnum()]


def _punct_count(s: str) -> int:
    return sum(1 for c in s if not c.isalnum() and not c.isspace())


_SEGMENTS = re.compile(r"\w+|[^\w\s]+")
_NON_ALNUM = re.compile(r"[\W_]+")
_CLOSING = set(".,;:!?)]»”’…")


def split_doubled_line(s: str):
    """``"...radicati nellaIdee trasversali ... radicati nella"`` -> (kept, dropped) or None.

    PDF extraction of slides often yields the text layer twice on one line: a bare copy (no
    punctuation, ASCII spaces) glued to the real one. Detected when the letters and digits of the
    line split into two identical halves *and the halves touch*: no space between the end of the
    first copy and the start of the second, which is the layout's proof of an extraction artefact
    (the cut lies between the halves; a bullet glyph or an opening mark that starts the first copy
    starts the second one too). Halves apart are text the author repeated: kept."""
    if len(s) < 20:  # fewer than 20 letters: the test below, without building them
        return None
    letters = _NON_ALNUM.sub("", s)  # \w is isalnum() plus "_": the same letters, found fast
    n = len(letters)
    if n < 20 or n % 2:
        return None
    h = n // 2
    letters = letters.casefold()
    if letters[:h] != letters[h:]:
        return None
    idx = _alnum_positions(s)
    end1, start2 = idx[h - 1] + 1, idx[h]
    gap = s[end1:start2]
    lead = s[:idx[0]].strip()
    if lead and lead in gap:
        cut = end1 + gap.rfind(lead)
    else:
        ws = re.search(r"\s", gap)
        if ws:
            cut = end1 + ws.start()
        else:  # glued: trailing closing punctuation stays with the first copy
            k = 0
            while k < len(gap) and gap[k] in _CLOSING:
                k += 1
            cut = end1 + k
    if s[cut - 1].isspace() or s[cut].isspace():
        # the copies are apart: a repeated phrase or sentence ("Made in Italy, Made in Italy",
        # "Il distretto è forte. Il distretto è forte.") is the author's, not the extractor's. The
        # extractor glues its second layer to the first ("nellaIdee", "crisi.Le", "di\uf0d8 Smart").
        return None
    first, second = s[:cut].strip(), s[cut:].strip()
    if len(first.split()) < 2 or len(second.split()) < 2:
        return None
    # prefer the copy with punctuation (the real text layer); on a tie the second, which the
    # extractor writes complete
    if _punct_count(first) > _punct_count(second):
        return first, second
    return second, first


def _transfer_elisions(kept: str, other: str) -> str:
    """The copies have the same letters; where the dropped one has an apostrophe between two
    letters and the kept one only a space (``l immaginario`` / ``l'immaginario``), take it."""
    ki, oi = _alnum_positions(kept), _alnum_positions(other)
    if len(ki) != len(oi):
        return kept
    for j in range(len(oi) - 1, 0, -1):  # right to left: earlier positions stay valid
        ogap = other[oi[j - 1] + 1:oi[j]]
        kgap = kept[ki[j - 1] + 1:ki[j]]
        if ogap in ("'", "’") and (kgap == "" or kgap.isspace()):
            kept = kept[:ki[j - 1] + 1] + ogap + kept[ki[j]:]
    return kept


def fix_doubled_line(ln: Line, ctx: Ctx):
    res = split_doubled_line(ln.text)
    if res:
        kept, dropped = res
        kept = _transfer_elisions(kept, dropped)
        ctx.fix("duplicate-copy")
        ctx.drop("duplicate-copy", ln.no, dropped)
        ln.text = kept


def _undouble_token(tok: str):
    """``PROPOSITOPROPOSITO`` -> (``PROPOSITO``, dropped ``PROPOSITO``);
    ``METROPOLITANEMETROPOLITANE//REGIONALIREGIONALI`` -> ``METROPOLITANE/REGIONALI`` (every run of
    letters doubled, punctuation doubled or printed once: ``TERZOTERZO:``); else None."""
    if tok.isalnum():  # a plain word is one segment (\w is isalnum() plus "_"): no regex needed
        m = len(tok) // 2
        return (tok[:m], tok[:m]) if len(tok) % 2 == 0 and tok[:m] == tok[m:] else None
    segs = _SEGMENTS.findall(tok)
    if not segs:
        return None
    if not any(seg[0].isalnum() for seg in segs):  # "‐‐" for "‐"
        m = len(tok) // 2
        return (tok[:m], tok[:m]) if len(tok) % 2 == 0 and tok[:m] == tok[m:] else None
    kept, dropped = [], []
    for seg in segs:
        m = len(seg) // 2
        if len(seg) % 2 == 0 and seg[:m] == seg[m:]:
            kept.append(seg[:m])
            dropped.append(seg[:m])
        elif seg[0].isalnum():
            return None
        else:
            kept.append(seg)
    return "".join(kept), "".join(dropped)


def fix_doubled_words(ln: Line, ctx: Ctx):
    """A line where (nearly) every word is written twice, by an extractor that printed each glyph
    twice (bold simulated by overprinting): ``A A PROPOSITOPROPOSITO DIDI ... -- 11``.
    Each dropped half is recorded separately (rule ``doubled-words``)."""
    toks = ln.text.split(" ")
    if len(toks) < 3:
        return
    out, dropped, doubled = [], [], 0
    i = 0
    while i < len(toks):
        t = toks[i]
        res = _undouble_token(t)
        if res is not None:
            out.append(res[0])
            dropped.append(res[1])
            doubled += 1
            i += 1
        elif i + 1 < len(toks) and toks[i + 1] == t:  # "A A": a one-letter word doubled with a space
            out.append(t)
            dropped.append(t)
            doubled += 2
            i += 2
        else:
            out.append(t)
            i += 1
            if i - doubled > 0.3 * len(toks):  # already too much plain text: stop early
                return
    # the whole line must look like that: a few real words that happen to repeat ("coco") never
    # make 70% of a line
    if doubled < 3 or doubled < 0.7 * len(toks):
        return
    ctx.fix("doubled-words")
    for d in dropped:
        ctx.drop("doubled-words", ln.no, d)
    ln.text = " ".join(out)


# Overlay garbage. A second, damaged text layer of the same line is sometimes extracted too: only
# the "tall" part of the glyphs (ascenders, dots, accents, capitals) before the real text, or only
# the "low" part (descenders, commas) after it. The garbage letters are then a subsequence of the
# real text's letters, which is what validates a cut.
_TALL = set("bdfhijklt" "àèéìíòóùÀÈÉÌÍÒÓÙ" "ABCDEFGHIJKLMNOPQRSTUVWXYZ" "’'(\"«“")
_LOW = set(",.;:()pqgyj")


def _is_subsequence(small: str, big: str) -> bool:
    it = iter(big)
    return all(c in it for c in small)


def _letters(s: str) -> str:
    return "".join(c for c in s if c.isalnum())


def _is_tall_token(tok: str) -> bool:
    return len(tok) <= 4 and all(c in _TALL for c in tok) and any(c.isalpha() for c in tok)


_TOKEN = re.compile(r"\S+")


def split_overlay_prefix(s: str):
    """``"l i di idi i l i di ll i d i lnon solo con tenuta"`` -> (garbage, real) or None.

    The prefix is a run of >= 4 short tokens made only of tall characters; where its last token is
    glued to the real text (``lnon``), the cut is before a capital inside the glued token
    (``iL'intelaiatura``) or else the longest tall prefix that keeps the garbage a subsequence of
    the real text; a private-use bullet glyph always starts the real text."""
    if not s or (s[0] not in _TALL and not s[0].isspace()):  # the first token is not tall
        return None
    n, first_real = 0, None
    for m in _TOKEN.finditer(s):  # only up to the first token that is not tall: most lines stop at 1
        if not _is_tall_token(m.group()):
            first_real = m
            break
        n += 1
    if n < 4 or first_real is None:
        return None
    start, end = first_real.span()
    tok = s[start:end]
    k = 0
    while k < len(tok) and tok[k] in _TALL:
        k += 1
    cut = start
    if 0 < k < len(tok):
        upper = next((j for j in range(1, k + 1) if j < len(tok) and tok[j].isupper()), None)
        if upper is not None:
            cut = start + upper
        else:
            valid = [j for j in range(1, k + 1)
                     if _is_subsequence(_letters(s[:start + j]), _letters(s[start + j:]))]
            cut = start + (max(valid) if valid else 1)
    elif k == len(tok):  # the token is tall but too long to be garbage: it is the real text
        cut = start
    garbage, real = s[:cut].strip(), s[cut:].strip()
    if not real or len(real.split()) < 2:
        return None
    if not _is_subsequence(_letters(garbage), _letters(real)):
        return None
    return garbage, real


def split_overlay_suffix(s: str):
    """``"... ri-personalizzazione), della , , , p ),"`` -> (real, garbage) or None: >= 3 trailing
    tokens of at most 2 low characters (commas, brackets, descender letters), at least one letter,
    whose letters occur in order in the text before them."""
    if not s or s[-1] not in _LOW:  # the last token is not garbage: nothing to split
        return None
    toks = s.split(" ")
    n = 0
    while n < len(toks) and len(toks[-1 - n]) <= 2 and toks[-1 - n] and all(c in _LOW for c in toks[-1 - n]):
        n += 1
    if n < 3 or n >= len(toks):
        return None
    garbage = " ".join(toks[len(toks) - n:])
    real = " ".join(toks[:len(toks) - n])
    gl = _letters(garbage)
    if not gl or not _is_subsequence(gl, _letters(real)):
        return None
    return real, garbage


def fix_overlay_garbage(ln: Line, ctx: Ctx):
    res = split_overlay_prefix(ln.text)
    if res:
        garbage, ln.text = res
        ctx.fix("overlay-garbage")
        ctx.drop("overlay-garbage", ln.no, garbage)
    res = split_overlay_suffix(ln.text)
    if res:
        ln.text, garbage = res
        ctx.fix("overlay-garbage")
        ctx.drop("overlay-garbage", ln.no, garbage)


RULES = (
    Rule("duplicate-copy", 80, "line", fix_doubled_line,
         "slides extracted from PDF carry their text layer twice, the copies glued on one line",
         keys=("duplicate-copy",), family="duplicates"),
    Rule("doubled-words", 70, "line", fix_doubled_words,
         "bold simulated by overprinting makes the extractor write every glyph twice",
         keys=("doubled-words",), family="duplicates"),
    Rule("overlay-garbage", 60, "line", fix_overlay_garbage,
         "a damaged second text layer adds the tall or low strokes of the same line as letters",
         keys=("overlay-garbage",), family="duplicates"),
)
