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

import logging
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import InputError
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
_SLUG = re.compile(r"[a-z0-9-]+")



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
        if not (sources_dir / fname).is_file():
            raise InputError(path, f"line {key_lines['file']}: {who}: field 'file': {fname!r} does not exist")
        if fname in seen_files:
            raise InputError(path, f"line {key_lines['file']}: {who}: field 'file': {fname!r} is already "
                                   f"listed by entry {seen_files[fname]!r}")
        seen_files[fname] = sid
        for k in ("title", "author", "venue", "url"):
            v = entry.get(k)
            if v is not None and not isinstance(v, str):
                raise InputError(path, f"line {key_lines[k]}: {who}: field {k!r} must be text or null")
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
    for txt in sorted(sources_dir.glob("*.txt")):
        if txt.name not in listed:
            raise InputError(txt, f"no entry in {METADATA_FILE} (every source file needs one)")
    return metas


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


def repair(text: str, registry: Registry | None = None) -> Repaired:
    """Repair one extracted text; deterministic for a given text (anchors ``p1``, ``p2``...)."""
    reg = REGISTRY if registry is None else _checked(registry)
    ctx = _Ctx(reg.keys())
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    line_rules = [r.run for r in reg.stage("line")]
    lines: list[_Line] = []
    for no, raw in enumerate(text.split("\n"), 1):
        ln = _Line(no=no, text=raw, lead=bool(raw) and raw[0].isspace() and bool(raw.strip()))
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
