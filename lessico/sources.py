"""Sources: read the corpus, validate its metadata, and run the repair registry that turns each
extracted text into paragraphs with stable anchors.

Pure functions, no MkDocs. The repair rules live in :mod:`lessico.repairs`, one module per family
(spaces, duplicates, layout, footnotes, headings, links), each a named :class:`~lessico.repairs.Rule`
with a priority and a one-line reason; this module only checks the registry (names, priorities,
reasons, counter keys) and runs it: the line stage on every line, then the document stage. Every
rule is *general*; nothing knows about a particular file. Whatever a rule drops is kept in
``Repaired.removed`` (rule, 1-based original line, text) so that the build report can show it:
nothing vanishes unseen.
"""
from __future__ import annotations

import gc
import logging
import os
import re
import reprlib
from dataclasses import dataclass
from pathlib import Path

import yaml

from . import languages, urls, yamlsafe
from .errors import InputError
from .text import is_slug
from .model import LANGS, Footnote, Paragraph, Removal, Source, SourceMeta
from .repairs import Doc, Registry, default_registry
from .repairs.base import Ctx as _Ctx, Line as _Line  # noqa: F401  (names the tests use)
from .repairs.duplicates import (  # noqa: F401  (the rules' pure functions, tested directly)
    fix_doubled_line, fix_doubled_words, fix_overlay_garbage, split_doubled_line, split_overlay_prefix,
    split_overlay_suffix,
)
from .repairs.layout import emit

log = logging.getLogger("lessico.sources")
# What a maintainer must see during a build goes to the console: MkDocs prints the records of its
# "mkdocs.*" loggers only. A logger name, not an import: lessico stays free of MkDocs.
console = logging.getLogger("mkdocs.plugins.lessico.sources")

METADATA_FILE = "sources.yml"
REQUIRED_KEYS = ("id", "file", "lang", "kind")
OPTIONAL_KEYS = ("title", "author", "year", "venue", "url", "note", "abstract", "label")
# Texts written for the site (not facts about the document): one per language.
PER_LANG_KEYS = ("abstract", "label", "note")



# ============================================================================================
# reading and metadata
# ============================================================================================
# A source larger than any real document (the corpus's largest is 75 KB; a whole book is a few MB)
# is refused before it is read. LESSICO_MAX_SOURCE_BYTES raises the limit (the benchmark's
# large-source row uses it).
MAX_SOURCE_BYTES = 20 * 1000 * 1000
# C0 controls other than tab, LF, CR, VT, FF (which are whitespace to the repair), DEL and the C1
# controls: never text. They mean a binary file or a broken conversion, so they stop the build
# (naming line and column) instead of being stripped: a stripped NUL could hide a lost character.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def _max_bytes() -> int:
    try:
        return max(1, int(os.environ.get("LESSICO_MAX_SOURCE_BYTES", MAX_SOURCE_BYTES)))
    except ValueError:
        return MAX_SOURCE_BYTES


def _decode(path: Path, limit: int | None = None) -> str:
    try:
        if path.is_symlink():
            raise InputError(path, "is a symbolic link; inputs must be regular files inside the project")
        if not path.is_file():
            raise InputError(path, "is not a regular file")
        size = path.stat().st_size
        if limit is not None and size > limit:
            raise InputError(path, f"is {size / 1e6:.1f} MB, over the {limit / 1e6:.0f} MB limit for a source "
                                   "(no real document needs more; split it)")
        data = path.read_bytes()
    except OSError as e:
        raise InputError(path, f"cannot read file: {e.strerror or e}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        # the offset tells the maintainer where to look with a hex viewer
        hint = " (it looks like UTF-16: save it as UTF-8)" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else ""
        raise InputError(path, f"not valid UTF-8 at byte {e.start}{hint}") from None
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    m = _CONTROL.search(text)
    if m:
        line = text.count("\n", 0, m.start()) + 1
        col = m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1
        raise InputError(path, f"line {line}, column {col}: control character U+{ord(m.group()):04X} "
                               "(not text: remove it or re-extract the document)")
    return text


def read_text(path) -> str:
    """The text of one source: a regular file (no symlink) of at most ``MAX_SOURCE_BYTES``, strict
    UTF-8 without control characters, BOM dropped, CRLF / CR normalised to LF."""
    path = Path(path)
    text = _decode(path, _max_bytes())
    if not text.strip():
        raise InputError(path, "empty source")
    return text


def _node_line(node) -> int:
    return node.start_mark.line + 1


def _entry_at(root, line: int) -> str:
    """``entry 'id'`` (or ``entry N``) of the top-level list item holding 0-based ``line``."""
    for n, node in enumerate(getattr(root, "value", None) or [], 1):
        if node.start_mark.line <= line <= node.end_mark.line and isinstance(node, yaml.MappingNode):
            ids = [v.value for k, v in node.value if getattr(k, "value", None) == "id"
                   and isinstance(v, yaml.ScalarNode) and v.value]
            return f"entry {ids[0]!r}" if ids else f"entry {n}"
    return "top level"


YEAR_RANGE = (1000, 2100)


def _short(v) -> str:
    return reprlib.repr(v)


def check_folder(sources_dir: Path, listed: set[str]) -> list[str]:
    """The one rule for what else may be in ``sources/`` (returns the ignored names).

    - ``sources.yml`` and the ``.txt`` files it lists: read;
    - editor and system leftovers (a name starting with ``.``, ending with ``~``, or ``#x#``):
      ignored, each with an info line;
    - anything else (an unlisted ``.txt``, an upper-case ``.TXT``, another extension, a directory,
      a symlink): refused, one line naming it."""
    ignored = []
    for entry in sorted(sources_dir.iterdir(), key=lambda e: e.name):
        name = entry.name
        if name == METADATA_FILE or (name in listed and entry.is_file() and not entry.is_symlink()):
            continue
        if urls.leftover(name):
            ignored.append(name)
            continue
        if entry.is_symlink():
            raise InputError(entry, "is a symbolic link; sources must be regular files inside the folder")
        if entry.is_dir():
            raise InputError(entry, "is a directory; the sources folder holds only .txt files and "
                                    f"{METADATA_FILE}")
        if name.endswith(".txt"):
            raise InputError(entry, f"no entry in {METADATA_FILE} (every source file needs one)")
        if name.lower().endswith(".txt"):
            raise InputError(entry, "the extension must be lower-case '.txt' (rename the file)")
        raise InputError(entry, f"not a source: the sources folder holds only .txt files and {METADATA_FILE}")
    return ignored


def load_metadata(sources_dir) -> list[SourceMeta]:
    """``sources.yml`` validated against the folder: every entry complete and unique, every file
    present, every ``.txt`` in the folder listed (nothing silently ignored)."""
    sources_dir = Path(sources_dir)
    path = sources_dir / METADATA_FILE
    if sources_dir.is_symlink() or not sources_dir.is_dir():
        raise InputError(sources_dir, "must be a folder inside the project (not a symbolic link)")
    if path.exists() and (why := urls.outside(path, sources_dir)):
        raise InputError(path, why)
    if not path.is_file() and not path.is_symlink():
        raise InputError(path, "metadata file missing")
    text = _decode(path)
    try:
        # compose first: the node tree keeps line numbers; the strict loader refuses duplicate
        # keys at any depth, which PyYAML's loader would silently collapse to the last value
        data, root = yamlsafe.parse(text)
    except yamlsafe.DuplicateKey as e:
        mark = e.problem_mark
        raise InputError(path, f"line {mark.line + 1}: {_entry_at(e.root, mark.line)}: {e.problem}") from None
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
        who = f"entry {_short(sid)}" if isinstance(sid, str) and sid else f"entry {n}"
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
        if not is_slug(sid):  # the same rule as concept ids (text.is_slug)
            raise InputError(path, f"line {key_lines['id']}: {who}: field 'id' must be an ascii slug (a-z, 0-9, '-')")
        if why := urls.reserved_id(sid):
            raise InputError(path, f"line {key_lines['id']}: {who}: field 'id': {why}")
        if sid in seen_ids:
            raise InputError(path, f"line {key_lines['id']}: {who}: duplicate id {sid!r} "
                                   f"(first at line {seen_ids[sid]})")
        seen_ids[sid] = key_lines["id"]
        if not languages.is_code(entry["lang"]):
            raise InputError(path, f"line {key_lines['lang']}: {who}: field 'lang' is {_short(entry['lang'])}, "
                                   "not an ISO 639-1 code (two lower-case letters: it, en, fr, de, es...)")
        fname = entry["file"]
        if Path(fname).name != fname or fname in (".", ".."):
            raise InputError(path, f"line {key_lines['file']}: {who}: field 'file' must be a file name "
                                   f"in {sources_dir}, got {fname!r}")
        target = sources_dir / fname
        if target.is_symlink():
            raise InputError(path, f"line {key_lines['file']}: {who}: field 'file': {fname!r} is a symbolic "
                                   "link; sources must be regular files inside the folder")
        if target.is_dir():
            raise InputError(f"{sources_dir.name}/{fname}", "is a directory, not a source file")
        if not target.is_file():
            raise InputError(path, f"line {key_lines['file']}: {who}: field 'file': {fname!r} does not exist")
        if fname in seen_files:
            raise InputError(path, f"line {key_lines['file']}: {who}: field 'file': {fname!r} is already "
                                   f"listed by entry {seen_files[fname]!r}")
        seen_files[fname] = sid
        for k in ("title", "author", "venue", "url"):
            v = entry.get(k)
            if v is not None and not isinstance(v, str):
                raise InputError(path, f"line {key_lines[k]}: {who}: field {k!r} must be text or null, "
                                       f"got a {type(v).__name__}")
        for k in ("id", "file", "lang", "kind", "title", "author", "venue", "url"):
            v = entry.get(k)
            if isinstance(v, str) and _CONTROL.search(v):
                raise InputError(path, f"line {key_lines[k]}: {who}: field {k!r} contains a control character")
        if entry.get("url") is not None and (why := urls.bad_url(entry["url"])):
            raise InputError(path, f"line {key_lines['url']}: {who}: field 'url' {why}")
        year = entry.get("year")
        if year is not None and (isinstance(year, bool) or not isinstance(year, int)):
            raise InputError(path, f"line {key_lines['year']}: {who}: field 'year' must be an integer or null, "
                                   f"got {_short(year)}")
        if year is not None and not YEAR_RANGE[0] <= year <= YEAR_RANGE[1]:
            raise InputError(path, f"line {key_lines['year']}: {who}: field 'year' {year} is outside "
                                   f"{YEAR_RANGE[0]}-{YEAR_RANGE[1]}")
        # what a new entry must bring for its page, all of it said in one line: an abstract in
        # each language, and a devised label in each language when the document's own title is
        # unknown (lacking() before _per_lang, which checks the texts that are there)
        untitled = not (entry.get("title") or "").strip()
        if lacks := lacking(entry, untitled):
            raise InputError(path, f"line {line}: {who}: {lacks}")
        texts = {k: _per_lang(entry, k, path, key_lines.get(k, line), who) for k in PER_LANG_KEYS}
        metas.append(SourceMeta(
            id=sid, file=fname, lang=entry["lang"], kind=entry["kind"].strip(),
            title=entry.get("title"), author=entry.get("author"), year=year,
            venue=entry.get("venue"), url=entry.get("url"), note=texts["note"],
            abstract=texts["abstract"], label=texts["label"],
        ))
    for name in check_folder(sources_dir, set(seen_files)):
        console.info("%s/%s: ignored (an editor or system leftover, not a source)", sources_dir.name, name)
    return metas


# What a new entry needs for its page, in the order the message names it: (key, when, why).
NEEDED = (
    ("abstract", lambda untitled: True, "2-4 sentences"),
    ("label", lambda untitled: untitled, "the title is unknown, so the page needs a devised label"),
)


def lacking(entry: dict, untitled: bool) -> str:
    """What ``entry`` lacks of the texts its page needs, as one clause ("" when nothing):
    ``missing 'abstract' (2-4 sentences in each language: it, en); field 'label': missing
    language en (...)``.
    A key absent lacks every language; a mapping lacks the languages it does not give. A value of
    the wrong shape is left to :func:`_per_lang`, which names it."""
    out = []
    for key, when, why in NEEDED:
        if not when(untitled):
            continue
        value = entry.get(key)
        if value is None:
            out.append(f"missing {key!r} ({why} in each language: {', '.join(LANGS)})")
        elif isinstance(value, dict):
            absent = [lg for lg in LANGS if value.get(lg) is None or (isinstance(value[lg], str) and not value[lg].strip())]
            if absent:
                out.append(f"field {key!r}: missing language {', '.join(absent)} "
                           f"({why} in each language: {', '.join(LANGS)})")
    return "; ".join(out)


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
    ctl = [lg for lg in LANGS if _CONTROL.search(value[lg])]
    if ctl:
        raise InputError(path, f"line {line}: {who}: field '{key}.{ctl[0]}' contains a control character")
    return {lg: " ".join(value[lg].split()) for lg in LANGS}


def removal_summary(name: str, removed: list[Removal]) -> str | None:
    """One console line per source that lost anything to a repair: the count, by rule."""
    if not removed:
        return None
    by_rule: dict[str, int] = {}
    for r in removed:
        by_rule[r.rule] = by_rule.get(r.rule, 0) + 1
    rules = ", ".join(f"{k} {v}" for k, v in sorted(by_rule.items()))
    return (f"{name}: {len(removed)} extraction artefact{'s' if len(removed) != 1 else ''} removed "
            f"({rules}); each is listed in build-report.json")


def foreign_note(name: str, lang: str) -> str:
    """The console line for a source written in a language the site's pages are not in."""
    return (f"{name}: written in {languages.name(lang, 'en')} ({lang}), not a language of the site "
            f"({', '.join(LANGS)}): its pages carry a language note and its terms are found with the "
            "labels of both languages")


def load_sources(sources_dir) -> list[Source]:
    """Metadata + read + repair for every document, in metadata order."""
    sources_dir = Path(sources_dir)
    out = []
    for meta in load_metadata(sources_dir):
        try:
            text = read_text(sources_dir / meta.file)
        except InputError as exc:  # name the file as the project does: sources/<file>
            raise InputError(f"{sources_dir.name}/{meta.file}", exc.detail) from None
        rep = repair(text, lang=meta.lang)
        done = ", ".join(f"{k}={v}" for k, v in rep.fixes.items() if v) or "none"
        log.info("source %s (%s): %d paragraphs, %d footnotes, %d removed; fixes: %s",
                 meta.id, meta.file, len(rep.paragraphs), len(rep.footnotes), len(rep.removed), done)
        if not languages.is_ui(meta.lang):
            console.info(foreign_note(f"{sources_dir.name}/{meta.file}", meta.lang))
        summary = removal_summary(f"{sources_dir.name}/{meta.file}", rep.removed)
        if summary:
            console.info(summary)
        out.append(Source(meta=meta, paragraphs=rep.paragraphs, footnotes=rep.footnotes,
                          removed=rep.removed, fixes=rep.fixes))
    return out


# ============================================================================================
# repair: run the registry
# ============================================================================================
@dataclass
class Repaired:
    paragraphs: list[Paragraph]
    footnotes: list[Footnote]
    removed: list[Removal]
    fixes: dict[str, int]


def _checked(reg: Registry) -> Registry:
    problems = reg.problems()
    if problems:  # a programming error in the rules, not bad input
        raise RuntimeError("repair registry: " + "; ".join(problems))
    return reg


REGISTRY = _checked(default_registry())
# Every rule's counter key; all are present in ``fixes`` (0 when the rule never fired) so that the
# build report has a stable shape.
FIX_KEYS = REGISTRY.keys()


def _split_lines(text: str):
    """``text.split("\\n")`` one line at a time: a large source is not held twice."""
    start = 0
    while True:
        end = text.find("\n", start)
        if end < 0:
            yield text[start:]
            return
        yield text[start:end]
        start = end + 1


def repair(text: str, registry: Registry | None = None, *, lang: str = "") -> Repaired:
    """Repair one extracted text; deterministic for a given text (anchors ``p1``, ``p2``...).

    ``lang`` is the text's ISO 639-1 code: the rules that depend on a language's typography read
    it from the context (French keeps its space before ``; : ! ?`` and inside « »)."""
    reg = REGISTRY if registry is None else _checked(registry)
    # A large source makes millions of small objects (a Line per line, a Block per paragraph) and no
    # reference cycles; the cyclic collector would rescan them all again and again as they pile up
    # (a third of the time at 10 MB). Paused here only, and restored as it was.
    paused = gc.isenabled()
    gc.disable()
    try:
        return _repair(text, reg, lang)
    finally:
        if paused:
            gc.enable()


def _repair(text: str, reg: Registry, lang: str = "") -> Repaired:
    ctx = _Ctx(reg.keys(), lang=lang)
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    line_rules = [r.run for r in reg.stage("line")]
    lines: list[_Line] = []
    for no, raw in enumerate(_split_lines(text), 1):
        ln = _Line(no, raw, bool(raw) and raw[0].isspace() and bool(raw.strip()))  # no, text, lead
        for run in line_rules:
            if not ln.text:  # a blank line: nothing for the next rules to see
                break
            run(ln, ctx)
        if not ln.text:
            ln.kind = "blank"
        lines.append(ln)
    doc = Doc(lines=lines)
    for rule in reg.stage("document"):
        rule.run(doc, ctx)
    removed = sorted(ctx.removed, key=lambda r: r.line)  # stable: a line's removals keep their order
    return Repaired(paragraphs=emit(doc.blocks), footnotes=doc.footnotes, removed=removed, fixes=ctx.fixes)
