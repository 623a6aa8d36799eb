"""Sources: read the corpus, validate its metadata, repair the extraction damage, split into
paragraphs with stable anchors.

Pure functions, no MkDocs. Every repair is a *general* rule (a small named function with a
counter key in ``Repaired.fixes``); nothing here knows about a particular file. Whatever a rule
drops is kept in ``Repaired.removed`` (rule, 1-based original line, text) so that the build report
can show it: nothing vanishes unseen.

The pipeline of :func:`repair`:

1. per line: odd spaces -> space, runs collapsed; typographic hyphens -> ``-``;
2. per line, PDF overlay damage: a line holding two copies of itself (keep the one with more
   punctuation, the second on a tie), every word doubled (``PROPOSITOPROPOSITO DIDI``), a garbled
   prefix of isolated "tall" letters (the ascender layer of the same text) or a garbled suffix of
   descender letters and commas;
3. per document: footnote markers (alone on a line, or glued to a word) paired with their bodies
   ``N Text`` -> :class:`Footnote`; page numbers alone on a line; rule lines; stray URL lines;
4. per document: headings, bullets, list markers, and hard-wrapped lines rejoined into
   paragraphs (heuristics documented on :func:`_breaks`), words hyphenated across lines
   rejoined (:func:`_keep_hyphen`).
"""
from __future__ import annotations

import logging
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import urls
from .errors import InputError
from .model import LANGS, Footnote, Paragraph, Removal, Source, SourceMeta

log = logging.getLogger("lessico.sources")
_notice = logging.getLogger("mkdocs.plugins.lessico")  # shown in MkDocs' output
MAX_SOURCE_BYTES = 20 * 2**20  # no real document is this large; the pipeline is not built for it

METADATA_FILE = "sources.yml"
REQUIRED_KEYS = ("id", "file", "lang", "kind")
OPTIONAL_KEYS = ("title", "author", "year", "venue", "url", "note", "abstract", "label")
# Texts written for the site (not facts about the document): one per language.
PER_LANG_KEYS = ("abstract", "label", "note")
_SLUG = re.compile(r"[a-z0-9-]+")

# Every rule's counter key; all are present in ``fixes`` (0 when the rule never fired) so that the
# build report has a stable shape.
FIX_KEYS = (
    "odd-space", "space-run", "space-punct", "odd-hyphen", "duplicate-copy", "doubled-words", "overlay-garbage",
    "page-number", "rule-line", "footnote", "link", "bullet", "heading", "dehyphenate", "hyphen-kept",
    "line-join", "emphasis-markup",
)


# ============================================================================================
# reading and metadata
# ============================================================================================
def _decode(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as e:
        raise InputError(path, f"cannot read file: {e.strerror or e}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        # the offset tells the maintainer where to look with a hex viewer
        raise InputError(path, f"not valid UTF-8 at byte {e.start}") from None
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def read_text(path) -> str:
    """The text of one source: strict UTF-8, BOM dropped, CRLF / CR normalised to LF."""
    path = Path(path)
    text = _decode(path)
    if not text.strip():
        raise InputError(path, "empty source")
    return text


def _node_line(node) -> int:
    return node.start_mark.line + 1


def load_metadata(sources_dir) -> list[SourceMeta]:
    """``sources.yml`` validated against the folder: every entry complete and unique, every file
    present, every ``.txt`` in the folder listed (nothing silently ignored)."""
    sources_dir = Path(sources_dir)
    path = sources_dir / METADATA_FILE
    if path.exists() and (why := urls.outside(path, sources_dir)):
        raise InputError(path, why)
    if not path.is_file():
        raise InputError(path, "metadata file missing")
    text = _decode(path)
    try:
        # compose first: the node tree keeps line numbers and lets us see duplicate keys, which
        # PyYAML's loader would silently collapse to the last value
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "unknown line"
        raise InputError(path, f"YAML syntax error at {where}: {e.problem or e.context}") from None
    except yaml.YAMLError as e:
        raise InputError(path, f"YAML error: {e}") from None
    if data is None:
        data, root = [], None
    if not isinstance(data, list):
        raise InputError(path, "expected a list of documents at the top level")

    metas: list[SourceMeta] = []
    seen_ids: dict[str, int] = {}
    seen_files: dict[str, str] = {}
    for n, (entry, node) in enumerate(zip(data, root.value if root is not None else []), 1):
        line = _node_line(node)
        if not isinstance(entry, dict):
            raise InputError(path, f"line {line}: entry {n} is not a mapping")
        sid = entry.get("id")
        who = f"entry {sid!r}" if isinstance(sid, str) and sid else f"entry {n}"
        keys = [k.value for k, _ in node.value]
        for k in keys:
            if keys.count(k) > 1:
                raise InputError(path, f"line {line}: {who}: duplicate key {k!r}")
        key_lines = {k.value: _node_line(k) for k, _ in node.value}
        for k in entry:
            if k not in REQUIRED_KEYS and k not in OPTIONAL_KEYS:
                raise InputError(path, f"line {key_lines.get(k, line)}: {who}: unknown key {k!r} "
                                       f"(allowed: {', '.join(REQUIRED_KEYS + OPTIONAL_KEYS)})")
        for k in REQUIRED_KEYS:
            v = entry.get(k)
            if k not in entry:
                raise InputError(path, f"line {line}: {who}: missing required key {k!r}")
            if not isinstance(v, str) or not v.strip():
                raise InputError(path, f"line {key_lines[k]}: {who}: field {k!r} must be a non-empty string")
        if not _SLUG.fullmatch(sid):
            raise InputError(path, f"line {key_lines['id']}: {who}: field 'id' must be an ascii slug [a-z0-9-]+")
        if why := urls.reserved_id(sid):
            raise InputError(path, f"line {key_lines['id']}: {who}: field 'id': {why}")
        if sid in seen_ids:
            raise InputError(path, f"line {key_lines['id']}: {who}: duplicate id {sid!r} "
                                   f"(first at line {seen_ids[sid]})")
        seen_ids[sid] = key_lines["id"]
        if entry["lang"] not in LANGS:
            raise InputError(path, f"line {key_lines['lang']}: {who}: field 'lang' is {entry['lang']!r}, "
                                   f"expected one of {', '.join(LANGS)}")
        fname = entry["file"]
        if Path(fname).name != fname or fname in (".", ".."):
            raise InputError(path, f"line {key_lines['file']}: {who}: field 'file' must be a file name "
                                   f"in {sources_dir}, got {fname!r}")
        if why := urls.outside(sources_dir / fname, sources_dir):
            raise InputError(f"{sources_dir.name}/{fname}", why)
        if (sources_dir / fname).is_dir():
            raise InputError(f"{sources_dir.name}/{fname}", "is a directory, not a source file")
        if not (sources_dir / fname).is_file():
            raise InputError(path, f"line {key_lines['file']}: {who}: field 'file': {fname!r} does not exist")
        if (size := (sources_dir / fname).stat().st_size) > MAX_SOURCE_BYTES:
            raise InputError(f"{sources_dir.name}/{fname}", f"{size:,} bytes: over the "
                                                           f"{MAX_SOURCE_BYTES // 2**20} MB limit for a source")
        if fname in seen_files:
            raise InputError(path, f"line {key_lines['file']}: {who}: field 'file': {fname!r} is already "
                                   f"listed by entry {seen_files[fname]!r}")
        seen_files[fname] = sid
        for k in ("title", "author", "venue", "url"):
            v = entry.get(k)
            if v is not None and not isinstance(v, str):
                raise InputError(path, f"line {key_lines[k]}: {who}: field {k!r} must be text or null")
        if entry.get("url") is not None and (why := urls.bad_url(entry["url"])):
            raise InputError(path, f"line {key_lines['url']}: {who}: field 'url' {why}")
        year = entry.get("year")
        if year is not None and (isinstance(year, bool) or not isinstance(year, int)):
            raise InputError(path, f"line {key_lines['year']}: {who}: field 'year' must be an integer or null")
        texts = {k: _per_lang(entry, k, path, key_lines.get(k, line), who) for k in PER_LANG_KEYS}
        metas.append(SourceMeta(
            id=sid, file=fname, lang=entry["lang"], kind=entry["kind"].strip(),
            title=entry.get("title"), author=entry.get("author"), year=year,
            venue=entry.get("venue"), url=entry.get("url"), note=texts["note"],
            abstract=texts["abstract"], label=texts["label"],
        ))
    listed = set(seen_files)
    for entry in sorted(sources_dir.iterdir()):
        if entry.name in listed or entry.name == METADATA_FILE:
            continue
        if _ignored_name(entry.name):
            _notice.info("lessico: %s/%s ignored (hidden, lock or backup file)", sources_dir.name, entry.name)
            continue
        if entry.suffix.lower() != ".txt":  # a note or README beside the sources: said, not read
            _notice.info("lessico: %s/%s ignored (not a .txt source)", sources_dir.name, entry.name)
            continue
        if entry.suffix != ".txt":
            raise InputError(f"{sources_dir.name}/{entry.name}", "source files must end in lower-case '.txt'")
        if entry.is_dir():
            raise InputError(f"{sources_dir.name}/{entry.name}", "is a directory, not a source file")
        raise InputError(entry, f"no entry in {METADATA_FILE} (every source file needs one)")
    return metas


def _ignored_name(name: str) -> bool:
    """Editor and system droppings never taken for sources: hidden files and lock files
    (``.x.txt``, ``.#x.txt``), backups (``x.txt~``, ``#x.txt#``)."""
    return name.startswith((".", "#")) or name.endswith(("~", "#"))


def _per_lang(entry: dict, key: str, path, line: int, who: str) -> dict[str, str]:
    """A text written for the site in every language: ``{it: ..., en: ...}`` (or absent)."""
    value = entry.get(key)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise InputError(path, f"line {line}: {who}: field {key!r} must map each language "
                               f"({', '.join(LANGS)}) to a text")
    extra = sorted(set(map(str, value)) - set(LANGS))
    missing = [lg for lg in LANGS if lg not in value]
    if extra or missing:
        detail = "; ".join(filter(None, [
            f"missing language {', '.join(missing)}" if missing else "",
            f"unknown language {', '.join(extra)}" if extra else ""]))
        raise InputError(path, f"line {line}: {who}: field {key!r}: {detail}")
    bad = [lg for lg in LANGS if not isinstance(value[lg], str) or not value[lg].strip()]
    if bad:
        raise InputError(path, f"line {line}: {who}: field '{key}.{bad[0]}' must be a non-empty text")
    return {lg: " ".join(value[lg].split()) for lg in LANGS}


def load_sources(sources_dir) -> list[Source]:
    """Metadata + read + repair for every document, in metadata order."""
    sources_dir = Path(sources_dir)
    out = []
    for meta in load_metadata(sources_dir):
        try:
            text = read_text(sources_dir / meta.file)
        except InputError as exc:  # name the file as the project does: sources/<file>
            raise InputError(f"{sources_dir.name}/{meta.file}", exc.detail) from None
        rep = repair(text)
        done = ", ".join(f"{k}={v}" for k, v in rep.fixes.items() if v) or "none"
        log.info("source %s (%s): %d paragraphs, %d footnotes, %d removed; fixes: %s",
                 meta.id, meta.file, len(rep.paragraphs), len(rep.footnotes), len(rep.removed), done)
        out.append(Source(meta=meta, paragraphs=rep.paragraphs, footnotes=rep.footnotes,
                          removed=rep.removed, fixes=rep.fixes))
    return out


# ============================================================================================
# repair: data
# ============================================================================================
@dataclass
class Repaired:
    paragraphs: list[Paragraph]
    footnotes: list[Footnote]
    removed: list[Removal]
    fixes: dict[str, int]


@dataclass
class _Line:
    no: int  # 1-based line in the original
    text: str  # normalised, stripped
    lead: bool  # the original line began with whitespace: pdftotext's mark of a page start
    kind: str = "text"  # text | blank | link | removed | fnbody | marker
    role: str = "para"  # for text lines: para | heading | item | list
    level: int = 0
    chapter_label: bool = False  # "Capitolo primo" alone: its title follows on the next line
    wraps: bool = False  # a numbered or chapter heading, which may be wrapped over two lines
    marks: list = field(default_factory=list)  # [(offset in text, label)]


class _Ctx:
    """Per-document state shared by the rules: counters, removals, vocabulary, widths."""

    def __init__(self):
        self.fixes = dict.fromkeys(FIX_KEYS, 0)
        self.removed: list[Removal] = []
        self.vocab: Counter = Counter()  # standalone words (not hyphen fragments), casefolded
        self.compounds: set[str] = set()  # hyphenated compounds written on one line
        self.width = 80.0  # a "full" line, in characters (see _measure)
        self.mode = "wrapped"
        self.has_chapters = False

    def fix(self, key: str, n: int = 1):
        self.fixes[key] += n

    def drop(self, rule: str, line: int, text: str):
        self.removed.append(Removal(rule=rule, line=line, text=text))


# ============================================================================================
# repair: per-line rules
# ============================================================================================
# NBSP, figure space, narrow NBSP, the U+2000 family, ideographic space, tabs and friends
_ODD_SPACE = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t\f\v]")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_HYPHENS = re.compile("[\u2010\u2011]")


def fix_odd_spaces(line: str, ctx: _Ctx) -> str:
    """Odd spaces (NBSP, figure/narrow/thin spaces, tabs) -> one ordinary space; zero-width
    characters and soft hyphens dropped; runs of spaces (justified PDF text) collapsed."""
    n = len(_ODD_SPACE.findall(line)) + len(_INVISIBLE.findall(line))
    if n:
        ctx.fix("odd-space", n)
        line = _INVISIBLE.sub("", line)
        line = _ODD_SPACE.sub(" ", line)
    line = line.strip()
    runs = len(re.findall(r" {2,}", line))
    if runs:
        ctx.fix("space-run", runs)  # justified PDF text: "of  industrial  development"
        line = re.sub(r" {2,}", " ", line)
    return line


_SPACE_PUNCT = re.compile(r"(?<=[^\W_]) (?=[,;:!?)\]](?:\s|$)|\.(?:\s|$))")


def fix_space_before_punct(line: str, ctx: _Ctx) -> str:
    """``città .`` -> ``città.``: web pages write ``città&nbsp;.`` and slides ``food ;``. Runs
    after the overlay rules, whose garbage tokens (``della , , , p ),``) are space-separated."""
    n = len(_SPACE_PUNCT.findall(line))
    if n:
        ctx.fix("space-punct", n)
        line = _SPACE_PUNCT.sub("", line)
    return line


def fix_odd_hyphens(line: str, ctx: _Ctx) -> str:
    """U+2010/U+2011 -> ASCII hyphen, so that search and term recognition see one spelling."""
    n = len(_HYPHENS.findall(line))
    if n:
        ctx.fix("odd-hyphen", n)
        line = _HYPHENS.sub("-", line)
    return line


def _alnum_positions(s: str) -> list[int]:
    return [i for i, c in enumerate(s) if c.isalnum()]


def _punct_count(s: str) -> int:
    return sum(1 for c in s if not c.isalnum() and not c.isspace())


_CLOSING = set(".,;:!?)]»”’…")


def split_doubled_line(s: str):
    """``"...radicati nellaIdee trasversali ... radicati nella"`` -> (kept, dropped) or None.

    PDF extraction of slides often yields the text layer twice on one line: a bare copy (no
    punctuation, ASCII spaces) glued to the real one. Detected when the letters and digits of the
    line split into two identical halves; the cut lies between the halves (a bullet glyph or an
    opening mark that starts the first copy starts the second one too)."""
    idx = _alnum_positions(s)
    n = len(idx)
    if n < 20 or n % 2:
        return None
    h = n // 2
    letters = "".join(s[i] for i in idx).casefold()
    if letters[:h] != letters[h:]:
        return None
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


def fix_doubled_line(ln: _Line, ctx: _Ctx):
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
    segs = re.findall(r"\w+|[^\w\s]+", tok)
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


def fix_doubled_words(ln: _Line, ctx: _Ctx):
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


def split_overlay_prefix(s: str):
    """``"l i di idi i l i di ll i d i lnon solo con tenuta"`` -> (garbage, real) or None.

    The prefix is a run of >= 4 short tokens made only of tall characters; where its last token is
    glued to the real text (``lnon``), the cut is before a capital inside the glued token
    (``iL'intelaiatura``) or else the longest tall prefix that keeps the garbage a subsequence of
    the real text; a private-use bullet glyph always starts the real text."""
    toks = [(m.start(), m.end()) for m in re.finditer(r"\S+", s)]
    n = 0
    while n < len(toks) and _is_tall_token(s[toks[n][0]:toks[n][1]]):
        n += 1
    if n < 4 or n >= len(toks):
        return None
    start, end = toks[n]
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


def fix_overlay_garbage(ln: _Line, ctx: _Ctx):
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


# ============================================================================================
# repair: line classification (document level)
# ============================================================================================
_NUMBER_ALONE = re.compile(r"\d{1,4}")
_BODY_START = re.compile(r"(\d{1,3})\s+(?=[^\W\d_]|[«“\"(])")
_GLUED_MARK = re.compile(r"(?<=[^\W\d_]{3})(\d{1,2})(?=[\s,.;:!?)\]»”\"’]|$)")
_URL_LINE = re.compile(r"\(?((?:https?://|www\.)[^\s()]+(?:\([^\s()]*\)[^\s()]*)*)\)?[.,;]?")
_RULE_LINE = re.compile(r"[\s_\-–—=*·.]*[_\-–—=]{5,}[\s_\-–—=*·.]*")
_GLYPH_BULLET = re.compile("([\ue000-\uf8ff•◦▪▫‣●○■□►▶➢➤✓✔·])\\s*(.*)")
_DASH_BULLET = re.compile(r"(--?|–|—)\s+(\S.*)")
_LIST_MARK = re.compile(r"(?:[a-h]|[ivx]{1,4}|[A-H])[.)]\s+\S|\((?:[a-h]|[ivx]{1,4}|\d{1,2})\)\s+\S|\d{1,2}\)\s+\S")
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


def _heading(text: str, ctx: _Ctx):
    """(level, chapter_label, wraps) when the line is a heading, else None.

    Levels: 1 for chapters (and, in a document with chapters, for Introduzione/Conclusioni),
    numbered sections by depth with a floor of 2 (``1.`` and ``1.1`` = 2, ``2.2.1`` = 3,
    ``2.2.1.A`` = 4), other section words 2, an all-capitals line 2."""
    words = text.split()
    if not words or len(text) > 120 or len(words) > 16:
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
    letters = [c for c in text if c.isalpha()]
    if len(words) >= 2 and len(letters) >= 8 and sum(c.isupper() for c in letters) >= 0.8 * len(letters):
        if not _SENTENCE_END.search(text):
            return 2, False, False
    return None


def _measure(lines: list[_Line], ctx: _Ctx):
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


def _build_vocab(lines: list[_Line], ctx: _Ctx):
    for ln in lines:
        if ln.kind != "text":
            continue
        # standalone words only: a fragment before a line-end hyphen must not vouch for itself
        for w in re.findall(r"(?<![\w-])[^\W\d_]+(?![\w-])", ln.text):
            ctx.vocab[w.casefold()] += 1
        for c in re.findall(r"[^\W\d_]+-[^\W\d_]+", ln.text):
            ctx.compounds.add(c.casefold())


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


def find_footnotes(lines: list[_Line], ctx: _Ctx) -> list[Footnote]:
    """Pair footnote markers with bodies; bodies leave the flow, markers become ``marks``.

    A body is a line ``N Text``. A marker is the expected next label (1, 2, 3... in order) either
    alone on a line that sticks to the text before it (no blank line between) or whose next
    non-empty line continues the sentence (lower case, ``,`` ``.`` ``)``...), or glued to a word
    (``contribution1``); it only counts when a body with its label follows it: a number with no
    body is a page number or plain text, never a footnote, and a line ``N Text`` with no marker
    before it stays text.
    A body goes on over its wrapped lines until a page start (an indented line in pdftotext
    output), another body, a number alone, or a finished sentence followed by a capital."""
    bodies: dict[int, list[int]] = {}
    for i, ln in enumerate(lines):
        if ln.kind != "text":
            continue
        m = _BODY_START.match(ln.text)
        if m:  # validated below: only a body whose marker precedes it counts
            bodies.setdefault(int(m.group(1)), []).append(i)

    def body_after(label, i):
        for j in bodies.get(label, []):
            if j > i and lines[j].kind == "text":
                return j
        return None

    expected = None
    accepted: list[tuple[int, int]] = []  # (label, body line index)
    for i, ln in enumerate(lines):
        if ln.kind != "text":
            continue
        if _NUMBER_ALONE.fullmatch(ln.text):
            label = int(ln.text)
            if expected is not None and label != expected:
                continue
            if expected is None and label > 3:
                continue
            prev_stuck = i > 0 and lines[i - 1].kind == "text"
            k = _next_content(lines, i)
            next_continues = k is not None and _continues(lines[k].text)
            if not (prev_stuck or next_continues):
                continue
            j = body_after(label, i)
            if j is None:
                continue
            p = i - 1
            while p >= 0 and lines[p].kind != "text":
                p -= 1
            if p < 0:
                continue
            lines[p].marks.append((len(lines[p].text), str(label)))
            ln.kind = "marker"
            accepted.append((label, j))
            lines[j].kind = "fnbody"  # so that it cannot be taken as a marker's line later
            expected = label + 1
            continue
        # glued markers, left to right
        pos = 0
        while True:
            m = _GLUED_MARK.search(ln.text, pos)
            if not m:
                break
            label = int(m.group(1))
            ok = (expected is None and label <= 3) or label == expected
            j = body_after(label, i) if ok and ln.text[m.start() - 1].islower() else None
            if j is None:
                pos = m.end()
                continue
            ln.text = ln.text[:m.start()] + ln.text[m.end():]
            ln.marks.append((m.start(), str(label)))
            accepted.append((label, j))
            lines[j].kind = "fnbody"
            expected = label + 1
            pos = m.start()

    footnotes = []
    body_starts = {j for js in bodies.values() for j in js}
    for label, j in accepted:
        parts = [lines[j].text[_BODY_START.match(lines[j].text).end():]]
        k = j + 1
        while k < len(lines):
            nx = lines[k]
            if nx.kind in ("blank", "removed"):
                k += 1
                continue
            if nx.kind != "text" or nx.lead or k in body_starts or _NUMBER_ALONE.fullmatch(nx.text) \
                    or _URL_LINE.fullmatch(nx.text) or _RULE_LINE.fullmatch(nx.text):
                break
            if _SENTENCE_END.search(parts[-1]) and not _continues(nx.text):
                break
            parts.append(nx.text)
            nx.kind = "fnbody"
            k += 1
        text = parts[0]
        for p in parts[1:]:
            text = _join(text, p, ctx, count=False)
        footnotes.append(Footnote(label=str(label), text=text))
        ctx.fix("footnote")
    return footnotes


def classify(lines: list[_Line], ctx: _Ctx):
    """Rule lines, page numbers, URL lines, bullets, list markers and headings."""
    for i, ln in enumerate(lines):
        if ln.kind != "text":
            continue
        if _RULE_LINE.fullmatch(ln.text):
            ln.kind = "removed"
            ctx.fix("rule-line")
            ctx.drop("rule-line", ln.no, ln.text)
        elif _NUMBER_ALONE.fullmatch(ln.text) and (_is_blank(lines, i - 1) or _is_blank(lines, i + 1)):
            # a number alone between blank lines: a page (or slide) number; footnote markers were
            # taken out before (they stick to their word or have a body)
            ln.kind = "removed"
            ctx.fix("page-number")
            ctx.drop("page-number", ln.no, ln.text)
    ctx.has_chapters = any(ln.kind == "text" and _CHAPTER_LABEL.fullmatch(ln.text) for ln in lines)
    prev = None
    for ln in lines:
        if ln.kind != "text":
            continue
        m = _URL_LINE.fullmatch(ln.text)
        if m:
            ln.kind = "link"
            ln.text = m.group(1)
            ctx.fix("link")
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


# ============================================================================================
# repair: paragraphs
# ============================================================================================
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


def _keep_hyphen(left: str, right: str, ctx: _Ctx) -> bool:
    """Is ``left-`` + ``right`` at a line break a compound (keep the hyphen) or a word split by
    hyphenation (drop it)? Evidence in order: the joined word elsewhere in the document -> drop;
    the compound written on one line elsewhere -> keep; a known prefix, a capital or digit on the
    right, or a left part that is a word of its own elsewhere -> keep; otherwise drop."""
    lw = re.findall(r"[^\W\d_]+$", left)
    rw = re.findall(r"^[^\W\d_]+", right)
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


def _join(a: str, b: str, ctx: _Ctx, count: bool = True) -> str:
    """Join two wrapped lines: rejoin a hyphenated word, no space before closing punctuation."""
    if re.search(r"[^\W\d_]-$", a) and re.match(r"[^\W\d_]", b):
        keep = _keep_hyphen(a[:-1], b, ctx)
        if count:
            ctx.fix("hyphen-kept" if keep else "dehyphenate")
        return a + b if keep else a[:-1] + b
    if b[0] in ",.;:!?)]»”’…" or a[-1] in "([«“":
        return a + b
    return a + " " + b


def _fits(a: _Line, b: _Line | None, ctx: _Ctx) -> bool:
    """Would the first word of ``b`` have fitted at the end of ``a``? Then ``a`` was broken on
    purpose (end of a paragraph, a title, a name). Character counts stand in for widths, so a 5%
    margin is kept: a paragraph whose last line is nearly full is not seen as ended (joined to
    the next one), which loses a break but never splits a sentence."""
    if b is None:
        return True
    word = b.text.split(" ", 1)[0]
    return len(a.text) + 1 + len(word) <= 0.95 * ctx.width


def _starts_new(text: str) -> bool:
    t = text.lstrip("«“\"'(‘[*")
    return bool(t) and t[0].isupper()


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


@dataclass
class _Block:
    role: str
    level: int
    text: str
    marks: list
    last: _Line
    chapter_label: bool = False
    wraps: bool = False


def _breaks(cur: _Block, a: _Line, b: _Line, after_b: _Line | None, blank: bool, ctx: _Ctx) -> bool:
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
    return not re.search(r"[,(\-–—/&.]$", a.text)


def _emit(blocks: list[_Block]) -> list[Paragraph]:
    out = []
    for n, bl in enumerate(blocks, 1):
        kind = {"para": "para", "list": "para", "heading": "heading", "item": "item", "link": "link"}[bl.role]
        level = bl.level if kind in ("heading", "item") else 0
        out.append(Paragraph(anchor=f"p{n}", kind=kind, text=bl.text, level=level,
                             footnotes=[(o, lab) for o, lab in bl.marks]))
    return out


def build_paragraphs(lines: list[_Line], ctx: _Ctx) -> list[_Block]:
    texts = [i for i, ln in enumerate(lines) if ln.kind == "text"]
    next_text = {texts[k]: (texts[k + 1] if k + 1 < len(texts) else None) for k in range(len(texts))}
    blocks: list[_Block] = []
    deferred: list[_Block] = []
    cur: _Block | None = None
    prev_i: int | None = None

    def flush():
        nonlocal cur
        if cur is not None:
            blocks.append(cur)
        blocks.extend(deferred)
        deferred.clear()
        cur = None

    def blank_between(i, j):
        return any(lines[k].kind == "blank" for k in range(i + 1, j))

    for i, ln in enumerate(lines):
        if ln.kind == "link":
            # a URL line inside a running sentence (a hyperlink the extractor pulled out of the
            # text) waits until the paragraph it interrupts is complete
            j = _next_content(lines, i)
            if cur is not None and prev_i is not None and j is not None:
                nb = lines[j]
                after = next_text.get(j)
                if not _breaks(cur, lines[prev_i], nb, lines[after] if after is not None else None,
                               blank_between(prev_i, j), ctx):
                    deferred.append(_Block("link", 0, ln.text, [], ln))
                    continue
            flush()
            blocks.append(_Block("link", 0, ln.text, [], ln))
            prev_i = None
            continue
        if ln.kind != "text":
            continue
        after = next_text.get(i)
        if cur is None or prev_i is None or _breaks(cur, lines[prev_i], ln, lines[after] if after is not None else None,
                                                    blank_between(prev_i, i), ctx):
            flush()
            cur = _Block(ln.role, ln.level, ln.text, list(ln.marks), ln, ln.chapter_label, ln.wraps)
        else:
            if cur.role == "heading":
                sep_text = cur.text + (" – " if cur.chapter_label else " ") + ln.text
                base = len(cur.text) + (3 if cur.chapter_label else 1)
                cur.text = sep_text
                cur.chapter_label = cur.wraps = False  # a heading wraps over two lines at most
            else:
                joined = _join(cur.text, ln.text, ctx)
                base = len(joined) - len(ln.text)
                # a dropped hyphen shortens the text: a mark after it stays at the word's end
                cur.marks = [(min(o, base), lab) for o, lab in cur.marks]
                cur.text = joined
            cur.marks += [(o + base, lab) for o, lab in ln.marks]
            ctx.fix("line-join")
        cur.last = ln
        prev_i = i
    flush()
    return blocks


_EMPHASIS = re.compile(r"(?<![\w*])\*(?=[^\s*])([^*\n]+?)(?<=[^\s*])\*(?![\w*])")


def strip_emphasis(bl: _Block, ctx: _Ctx):
    """``*milieu innovateur*`` -> ``milieu innovateur``: the paragraph text is plain (it is
    escaped at render time, so markup would show as stray asterisks)."""
    while True:
        m = _EMPHASIS.search(bl.text)
        if not m:
            return
        s, e = m.start(), m.end()
        bl.text = bl.text[:s] + m.group(1) + bl.text[e:]
        bl.marks = [(o - (0 if o <= s else 1 if o <= e - 1 else 2), lab) for o, lab in bl.marks]
        ctx.fix("emphasis-markup")


def _title(blocks: list[_Block], ctx: _Ctx):
    """A short first paragraph that starts with a capital and ends without punctuation is the
    document's title (level 1)."""
    if len(blocks) < 2 or ctx.mode == "unwrapped":
        return
    b = blocks[0]
    words = b.text.split()
    if b.role == "para" and 3 <= len(words) <= 15 and _starts_new(b.text) and not b.marks \
            and not re.search(r"[.!?;:,]$", b.text):
        b.role, b.level = "heading", 1
        ctx.fix("heading")


def repair(text: str) -> Repaired:
    """Repair one extracted text; deterministic for a given text (anchors ``p1``, ``p2``...)."""
    ctx = _Ctx()
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines: list[_Line] = []
    for no, raw in enumerate(text.split("\n"), 1):
        lead = bool(raw) and raw[0].isspace() and bool(raw.strip())
        t = fix_odd_hyphens(fix_odd_spaces(raw, ctx), ctx)
        ln = _Line(no=no, text=t, lead=lead, kind="text" if t else "blank")
        if t:
            fix_doubled_line(ln, ctx)
            fix_doubled_words(ln, ctx)
            fix_overlay_garbage(ln, ctx)
            ln.text = fix_space_before_punct(ln.text, ctx)
        lines.append(ln)
    _build_vocab(lines, ctx)
    footnotes = find_footnotes(lines, ctx)
    classify(lines, ctx)
    _measure(lines, ctx)
    blocks = build_paragraphs(lines, ctx)
    for bl in blocks:
        if bl.role != "link":
            strip_emphasis(bl, ctx)
    _title(blocks, ctx)
    removed = sorted(ctx.removed, key=lambda r: r.line)  # stable: a line's removals keep their order
    return Repaired(paragraphs=_emit(blocks), footnotes=footnotes, removed=removed, fixes=ctx.fixes)
