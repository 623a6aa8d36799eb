"""Layout: rule lines and page numbers, bullets and list markers, the document's line width and
paragraph mode, and the rejoining of hard-wrapped lines into paragraphs (hyphenation included).

Linear in the text: a paragraph is built from a list of parts (never re-copied as it grows), and a
join looks only at the tail of the paragraph so far.
"""
from __future__ import annotations

import re
import statistics
from bisect import bisect_right
from dataclasses import dataclass, field

from ..model import Paragraph
from .base import Ctx, Doc, Line, Rule
from .spaces import SPACED_AFTER, SPACED_BEFORE
from .headings import _heading, _starts_new, _TERMINAL

_NUMBER_ALONE = re.compile(r"\d{1,4}")
_RULE_LINE = re.compile(r"[\s_\-–—=*·.]*[_\-–—=]{5,}[\s_\-–—=*·.]*")
_GLYPH_BULLET = re.compile("([\ue000-\uf8ff•◦▪▫‣●○■□►▶➢➤✓✔·])\\s*(.*)")
_DASH_BULLET = re.compile(r"(--?|–|—)\s+(\S.*)")
_LIST_MARK = re.compile(r"(?:[a-h]|[ivx]{1,4}|[A-H])[.)]\s+\S|\((?:[a-h]|[ivx]{1,4}|\d{1,2})\)\s+\S|\d{1,2}\)\s+\S")
_WORD = re.compile(r"(?<![\w-])[^\W\d_]+(?![\w-])")
_COMPOUND = re.compile(r"[^\W\d_]+-[^\W\d_]+")
_LAST_WORD = re.compile(r"[^\W\d_]+$")
_FIRST_WORD = re.compile(r"^[^\W\d_]+")
_HYPHEN_END = re.compile(r"[^\W\d_]-$")
_LETTER = re.compile(r"[^\W\d_]")
_OPEN_END = re.compile(r"[,(\-–—/&.]$")
# the longest word a hyphenation decision looks at: a join reads this much of the paragraph's tail
_TAIL = 200


def _measure(lines: list[Line], ctx: Ctx):
    """Document layout: ``unwrapped`` (one paragraph per line: web text), ``double`` (a blank line
    after nearly every line: blank lines mean nothing) or ``block`` (blank lines end paragraphs).
    ``width`` is the 90th percentile of line lengths: what a full line holds."""
    texts = [ln for ln in lines if ln.kind == "text"]
    if not texts:
        return
    lens = sorted(len(ln.text) for ln in texts)
    ctx.width = float(lens[min(len(lens) - 1, int(0.9 * len(lens)))])
    followed = 0
    for i, ln in enumerate(lines):
        if ln.kind == "text" and i + 1 < len(lines) and lines[i + 1].kind == "blank":
            followed += 1
    if statistics.median(lens) > 200:
        ctx.mode = "unwrapped"
    elif followed > 0.75 * len(texts):
        ctx.mode = "double"
    else:
        ctx.mode = "block"


# lines scanned at once by the vocabulary: one regex call per chunk instead of two per line, and a
# bounded copy of the text
_VOCAB_CHUNK = 4096


def _build_vocab(lines: list[Line], ctx: Ctx):
    texts = [ln.text for ln in lines if ln.kind == "text"]
    for k in range(0, len(texts), _VOCAB_CHUNK):
        # "\n" cannot be inside a word or a compound and counts as the edge of a line for the
        # lookarounds, so the chunk's words are the lines' words, in order
        part = texts[k:k + _VOCAB_CHUNK]
        chunk = "\n".join(part)
        # standalone words only: a fragment before a line-end hyphen must not vouch for itself
        ctx.vocab.update(map(str.casefold, _WORD.findall(chunk)))
        # a compound needs a hyphen: only the few lines with one are scanned (the pattern retries
        # every letter of a word that has none)
        hyphened = "\n".join(t for t in part if "-" in t)
        ctx.compounds.update(map(str.casefold, _COMPOUND.findall(hyphened)))


def _is_blank(lines, i) -> bool:
    return i < 0 or i >= len(lines) or lines[i].kind == "blank"


def _next_content(lines, i, kinds=("text",)):
    j = i + 1
    while j < len(lines) and lines[j].kind not in kinds:
        j += 1
    return j if j < len(lines) else None


def _continues(text: str) -> bool:
    """The line goes on with the sentence before it: lower case or closing punctuation first."""
    return bool(text) and (text[0].islower() or text[0] in ",.;:)]!?»”’")


_PREFIXES = {
    # compound-forming prefixes (it/en): a line-end hyphen after them is a real hyphen. Italian
    # writes iper-, ipo-, ri- solid (iperconnessione), so they are not listed: only a compound
    # written with a hyphen elsewhere in the document keeps it (ri-personalizzazione).
    "multi", "pluri", "inter", "intra", "trans", "extra", "supra", "sovra", "super", "sub", "pre",
    "post", "anti", "semi", "self", "auto", "co", "re", "non", "ex", "neo", "macro", "micro",
    "meso", "socio", "tecno", "techno", "agro", "agri", "bio", "eco", "euro", "hyper",
    "hypo", "mono", "bi", "tri", "cross", "well", "mid", "over", "under", "counter", "pan",
    "proto", "pseudo", "quasi", "tele", "mini", "maxi", "mega", "ultra", "infra", "meta", "geo",
    "e",
}
# short function words after which a line-end hyphen is more likely a syllable break (con-tratto)
_FUNCTION_WORDS = {"con", "per", "tra", "fra", "che", "del", "dei", "nel", "sul", "col", "gli",
                   "the", "and", "for", "but", "are", "was", "not", "dis", "com", "pro"}


def _keep_hyphen(left: str, right: str, ctx: Ctx) -> bool:
    """Is ``left-`` + ``right`` at a line break a compound (keep the hyphen) or a word split by
    hyphenation (drop it)? Evidence in order: the joined word elsewhere in the document -> drop;
    the compound written on one line elsewhere -> keep; a known prefix, a capital or digit on the
    right, or a left part that is a word of its own elsewhere -> keep; otherwise drop."""
    if left.endswith("\n"):  # "$" also matches before a final newline (no line text has one)
        lw = _LAST_WORD.findall(left)
    else:  # the run of letters at the end, read backwards: findall would retry every letter
        m = _FIRST_WORD.match(left[::-1])
        lw = [m.group()[::-1]] if m else []
    m = _FIRST_WORD.match(right[:_TAIL])  # "^": at most one match
    rw = [m.group()] if m else []
    if not lw or not rw:
        return True
    a, b = lw[0].casefold(), rw[0].casefold()
    if ctx.vocab.get(a + b):
        return False
    if f"{a}-{b}" in ctx.compounds:
        return True
    if a in _PREFIXES or rw[0][0].isupper():
        return True
    if len(a) >= 3 and a not in _FUNCTION_WORDS and ctx.vocab.get(a):
        return True
    return False


def _fits(a: Line, b: Line | None, ctx: Ctx) -> bool:
    """Would the first word of ``b`` have fitted at the end of ``a``? Then ``a`` was broken on
    purpose (end of a paragraph, a title, a name). Character counts stand in for widths, so a 5%
    margin is kept: a paragraph whose last line is nearly full is not seen as ended (joined to
    the next one), which loses a break but never splits a sentence."""
    if b is None:
        return True
    word = b.text.split(" ", 1)[0]
    return len(a.text) + 1 + len(word) <= 0.95 * ctx.width


# abbreviations whose full stop ends no sentence ("et al." + "2012)." is one sentence)
_ABBREV = re.compile(r"(?:\bet al|\be\.g|\bi\.e|\betc|\bcfr|\bpp?|\bvol|\bnn?|\beds?|\bca|\bvs|\bfig|"
                     r"\bSig|\bDott|\bDr|\bProf|\bes|\bad es|\bSt|\b[A-Z])\.$")


def _ends_clause(text: str) -> bool:
    return bool(_TERMINAL.search(text)) and not _ABBREV.search(text)


_ROMAN = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"]


def _inline_series(cur_text: str, b_text: str) -> bool:
    """``iii)`` at a line start while ``ii)`` stands inside the current paragraph: an inline
    enumeration that happens to wrap, not a new list item."""
    m = re.match(r"\(?([a-z]{1,4})([.)])", b_text)
    if not m:
        return False
    lab, delim = m.groups()
    if lab in _ROMAN and _ROMAN.index(lab) > 0:
        prev = _ROMAN[_ROMAN.index(lab) - 1]
    elif len(lab) == 1 and lab != "a":
        prev = chr(ord(lab) - 1)
    else:
        return False
    return re.search(rf"(?<=[\s(]){re.escape(prev)}\{delim}\s", cur_text) is not None


def _breaks(cur: Block, a: Line, b: Line, after_b: Line | None, blank: bool, ctx: Ctx) -> bool:
    """Does a new paragraph start at line ``b`` (``a`` is the last line of the current block)?

    - a heading, an item or a list marker (``a.``, ``ii)``) always starts one;
    - a numbered or chapter heading goes on with one short line (at most 3/4 of a full line) that
      ends no clause and is itself a "last line" (the next word would have fitted on it):
      ``3. ... external/internal`` + ``economies and ...``;
    - ``unwrapped`` documents: every line is a paragraph; ``block`` documents: a blank line ends one;
    - otherwise (wrapped text): a line that ends a sentence (or clause: ``;`` ``:``) and is followed
      by a capital ends the paragraph when the next word would have fitted on it (the last line
      of a justified paragraph is short; a full line ending with a full stop is inside a
      paragraph); a short line without final punctuation followed by a capital (a title, an
      author, an affiliation) likewise.
    """
    if b.role == "list" and cur.role != "heading" and _inline_series(cur.text, b.text):
        return False
    if b.role in ("heading", "item", "list"):
        return True
    if cur.role == "heading":
        return not (ctx.mode != "unwrapped" and cur.wraps and not _TERMINAL.search(a.text)
                    and not _TERMINAL.search(b.text) and not (ctx.mode == "block" and blank)
                    and len(b.text) <= 0.75 * ctx.width
                    and (after_b is None or after_b.role != "para" or _fits(b, after_b, ctx)))
    if ctx.mode == "unwrapped":
        return True
    if ctx.mode == "block" and blank:
        return True
    if not _starts_new(b.text) or not _fits(a, b, ctx):
        return False
    if _ends_clause(a.text):
        return True
    return not _OPEN_END.search(a.text)


def rule_lines(doc: Doc, ctx: Ctx):
    """Lines of underscores, dashes or equals signs (footnote rules, separators) leave the text."""
    for ln in doc.lines:
        if ln.kind == "text" and _RULE_LINE.fullmatch(ln.text):
            ln.kind = "removed"
            ctx.fix("rule-line")
            ctx.drop("rule-line", ln.no, ln.text)


def page_numbers(doc: Doc, ctx: Ctx):
    """A number alone next to a blank line is a page (or slide) number; footnote markers were
    taken out before (they stick to their word or have a body)."""
    lines = doc.lines
    for i, ln in enumerate(lines):
        if ln.kind == "text" and _NUMBER_ALONE.fullmatch(ln.text) \
                and (_is_blank(lines, i - 1) or _is_blank(lines, i + 1)):
            ln.kind = "removed"
            ctx.fix("page-number")
            ctx.drop("page-number", ln.no, ln.text)


def line_roles(doc: Doc, ctx: Ctx):
    """Bullets (glyphs, dashes), headings and list markers, each judged after the line before."""
    prev = None
    for ln in doc.lines:
        if ln.kind != "text":
            continue
        m = _GLYPH_BULLET.fullmatch(ln.text)
        if m and m.group(2):
            ln.role, ln.level, ln.text = "item", 1, m.group(2)
            ctx.fix("bullet")
            prev = ln
            continue
        m = _DASH_BULLET.fullmatch(ln.text)
        # a dash starts an item after a finished clause (":" ";" "."), a heading or an item, or
        # when a capital follows it; "logistico\n- produttiva." is a spaced compound, not a list
        if m and (prev is None or prev.role in ("heading", "item") or _TERMINAL.search(prev.text)
                  or m.group(2)[0].isupper()):
            ln.role, ln.level, ln.text = "item", (2 if m.group(1) == "--" else 1), m.group(2)
            ctx.fix("bullet")
            prev = ln
            continue
        h = _heading(ln.text, ctx)
        if h:
            ln.role, ln.level = "heading", h[0]
            ln.chapter_label, ln.wraps = h[1], h[2]
            ctx.fix("heading")
        elif _LIST_MARK.match(ln.text) and (prev is None or prev.role == "heading"
                                            or _TERMINAL.search(prev.text)):
            ln.role = "list"
        prev = ln


def join_sep(tail: str, b: str, ctx: Ctx, count: bool = True) -> tuple[bool, str]:
    """How two wrapped lines join, from the end of the first (``tail``) and the second line:
    (drop the first's final hyphen?, separator). A hyphenated word is rejoined (or its hyphen
    kept, see :func:`_keep_hyphen`); no space before closing punctuation or after an opening one,
    except where the text's language writes one (``spaces.SPACED_BEFORE``, ``SPACED_AFTER``)."""
    if _HYPHEN_END.search(tail[-2:]) and _LETTER.match(b):
        keep = _keep_hyphen(tail[:-1], b, ctx)
        if count:
            ctx.fix("hyphen-kept" if keep else "dehyphenate")
        return (not keep), ""
    if b[0] in SPACED_BEFORE.get(ctx.lang, "") or tail[-1] in SPACED_AFTER.get(ctx.lang, ""):
        return False, " "  # French « texte » and « quoi ? » across a line break
    if b[0] in ",.;:!?)]»”’…" or tail[-1] in "([«“":
        return False, ""
    return False, " "


def _join(a: str, b: str, ctx: Ctx, count: bool = True) -> str:
    """Join two wrapped lines (see :func:`join_sep`)."""
    drop, sep = join_sep(a[-_TAIL:], b, ctx, count)
    return (a[:-1] if drop else a) + sep + b


@dataclass
class Block:
    """A paragraph being built: its text is a list of parts, joined once when it is read."""
    role: str
    level: int
    parts: list
    marks: list
    last: Line
    chapter_label: bool = False
    wraps: bool = False
    length: int = 0
    end_marks: list = field(default_factory=list)  # indices in marks of marks at the very end
    _tail: str | None = None  # the last _TAIL characters, kept as the paragraph grows

    @classmethod
    def start(cls, ln: Line) -> "Block":
        bl = cls(ln.role, ln.level, [ln.text], list(ln.marks), ln, ln.chapter_label, ln.wraps, len(ln.text))
        bl.end_marks = [k for k, (o, _) in enumerate(bl.marks) if o >= bl.length]
        return bl

    @property
    def text(self) -> str:
        if len(self.parts) > 1:
            self.parts = ["".join(self.parts)]
        return self.parts[0] if self.parts else ""

    @text.setter
    def text(self, value: str):
        self.parts = [value]
        self.length = len(value)
        self._tail = None

    def tail(self, n: int = _TAIL) -> str:
        if self._tail is None:
            out, got = [], 0
            for p in reversed(self.parts):
                out.append(p)
                got += len(p)
                if got >= n:
                    break
            self._tail = "".join(reversed(out))[-_TAIL:]
        return self._tail[-n:]

    def append(self, ln: Line, ctx: Ctx):
        """``ln`` continues this paragraph: join it, carry its footnote marks."""
        tail = self.tail()
        drop, sep = join_sep(tail, ln.text, ctx)
        if drop:
            self.parts[-1] = self.parts[-1][:-1]
            self.length -= 1
            tail = tail[:-1]
            # a dropped hyphen shortens the text: a mark after it stays at the word's end
            for k in self.end_marks:
                o, lab = self.marks[k]
                self.marks[k] = (min(o, self.length), lab)
        if sep:
            self.parts.append(sep)
        base = self.length + len(sep)
        self.parts.append(ln.text)
        self.length = base + len(ln.text)
        self._tail = (tail + sep + ln.text)[-_TAIL:]
        if ln.marks:
            first = len(self.marks)
            self.marks += [(o + base, lab) for o, lab in ln.marks]
            self.end_marks = [k for k in range(first, len(self.marks)) if self.marks[k][0] >= self.length]
        elif self.end_marks:  # nearly every line has no mark: nothing to build
            self.end_marks = []


def build_paragraphs(doc: Doc, ctx: Ctx):
    """Lines -> blocks (paragraphs, headings, items, links); see :func:`_breaks`."""
    lines = doc.lines
    blocks: list[Block] = []
    deferred: list[Block] = []
    cur: Block | None = None
    prev_i: int | None = None

    def flush():
        nonlocal cur
        if cur is not None:
            blocks.append(cur)
        blocks.extend(deferred)
        deferred.clear()
        cur = None

    def blank_between(i, j):  # the lines between two consecutive content lines: linear overall
        return any(lines[k].kind == "blank" for k in range(i + 1, j))

    def link_block(ln):
        return Block("link", 0, [ln.text], [], ln, length=len(ln.text))

    for i, ln in enumerate(lines):
        if ln.kind == "link":
            # a URL line inside a running sentence (a hyperlink the extractor pulled out of the
            # text) waits until the paragraph it interrupts is complete
            j = _next_content(lines, i)
            if cur is not None and prev_i is not None and j is not None:
                nb = lines[j]
                after = _next_content(lines, j)
                if not _breaks(cur, lines[prev_i], nb, lines[after] if after is not None else None,
                               blank_between(prev_i, j), ctx):
                    deferred.append(link_block(ln))
                    continue
            flush()
            blocks.append(link_block(ln))
            prev_i = None
            continue
        if ln.kind != "text":
            continue
        after = _next_content(lines, i)
        if cur is None or prev_i is None or _breaks(cur, lines[prev_i], ln, lines[after] if after is not None else None,
                                                    blank_between(prev_i, i), ctx):
            flush()
            cur = Block.start(ln)
        else:
            if cur.role == "heading":
                base = cur.length + (3 if cur.chapter_label else 1)
                cur.text = cur.text + (" – " if cur.chapter_label else " ") + ln.text
                cur.chapter_label = cur.wraps = False  # a heading wraps over two lines at most
                cur.marks += [(o + base, lab) for o, lab in ln.marks]
                cur.end_marks = [k for k, (o, _) in enumerate(cur.marks) if o >= cur.length]
            else:
                cur.append(ln, ctx)
            ctx.fix("line-join")
        cur.last = ln
        prev_i = i
    flush()
    doc.blocks = blocks


_EMPHASIS = re.compile(r"(?<![\w*])\*(?=[^\s*])([^*\n]+?)(?<=[^\s*])\*(?![\w*])")


def strip_emphasis(bl: Block, ctx: Ctx):
    """``*milieu innovateur*`` -> ``milieu innovateur``: the paragraph text is plain (it is
    escaped at render time, so markup would show as stray asterisks). One pass over the text per
    level of nesting; a mark moves left by the asterisks removed before it."""
    text = bl.text
    while "*" in text:
        out, removed, pos = [], [], 0
        for m in _EMPHASIS.finditer(text):
            out += [text[pos:m.start()], m.group(1)]
            removed += [m.start(), m.end() - 1]
            pos = m.end()
            ctx.fix("emphasis-markup")
        if not removed:
            break
        out.append(text[pos:])
        text = "".join(out)
        bl.marks = [(o - bisect_right(removed, o - 1), lab) for o, lab in bl.marks]
    bl.text = text


def emphasis(doc: Doc, ctx: Ctx):
    for bl in doc.blocks:
        if bl.role != "link":
            strip_emphasis(bl, ctx)


def emit(blocks: list[Block]) -> list[Paragraph]:
    out = []
    for n, bl in enumerate(blocks, 1):
        kind = {"para": "para", "list": "para", "heading": "heading", "item": "item", "link": "link"}[bl.role]
        level = bl.level if kind in ("heading", "item") else 0
        out.append(Paragraph(anchor=f"p{n}", kind=kind, text=bl.text, level=level,
                             footnotes=[(o, lab) for o, lab in bl.marks]))
    return out


def vocabulary(doc: Doc, ctx: Ctx):
    _build_vocab(doc.lines, ctx)


def measure(doc: Doc, ctx: Ctx):
    _measure(doc.lines, ctx)


RULES = (
    Rule("vocabulary", 100, "document", vocabulary,
         "hyphenation decisions need the document's own words, counted before any line leaves",
         family="layout"),
    Rule("rule-line", 80, "document", rule_lines,
         "rule lines separate footnotes or sections on the printed page; they are not text",
         keys=("rule-line",), family="layout"),
    Rule("page-number", 75, "document", page_numbers,
         "a number alone beside a blank line is a page or slide number from the layout",
         keys=("page-number",), family="layout"),
    Rule("line-roles", 60, "document", line_roles,
         "bullets, list markers and headings start blocks of their own",
         keys=("bullet", "heading"), family="layout"),
    Rule("measure", 50, "document", measure,
         "whether a line is full, and what a blank line means, depend on the document's layout",
         family="layout"),
    Rule("paragraphs", 40, "document", build_paragraphs,
         "hard-wrapped lines and words hyphenated at a line end are rejoined into paragraphs",
         keys=("dehyphenate", "hyphen-kept", "line-join"), family="layout"),
    Rule("emphasis", 30, "document", emphasis,
         "Markdown emphasis in web text would show as stray asterisks in plain paragraph text",
         keys=("emphasis-markup",), family="layout"),
)


def join_lines(texts: list[str], ctx: Ctx, count: bool = True) -> str:
    """Wrapped lines -> one text, as :func:`_join` would join them pairwise, in linear time."""
    parts: list[str] = []
    tail = ""
    for t in texts:
        if not parts:
            parts.append(t)
            tail = t[-_TAIL:]
            continue
        drop, sep = join_sep(tail, t, ctx, count)
        if drop:
            parts[-1] = parts[-1][:-1]
            tail = tail[:-1]
        parts += [sep, t]
        tail = (tail + sep + t)[-_TAIL:]
    return "".join(parts)
