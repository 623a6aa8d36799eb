"""Load and validate the concept registry (``glossary/<id>.yml``) into ``Concept`` objects.

Every problem raises ``InputError`` with one line naming the file and the field; the build
turns it into a clean stop. Inverse relations are derived here, once.
"""
from __future__ import annotations

import logging
from pathlib import Path

import yaml

from .errors import InputError
from .model import LANGS, Concept, LangEntry
from .text import is_slug, label_key
from .urls import reserved_id

log = logging.getLogger("lessico.concepts")

THEMES = (
    "district-theory",
    "milieu",
    "multi-scale",
    "policy",
    "firm-organisation",
    "internationalisation",
    "ict-logistics",
    "cultural-districts",
)
TOP_KEYS = {"id", "theme", *LANGS, "broader", "narrower", "related", "sources", "references", "replaces"}
LANG_KEYS = {"term", "variants", "definition", "note"}
RELATIONS = ("broader", "narrower", "related")
# libyaml's safe loader when PyYAML has it: ~10x faster than the pure-Python one, same data
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _rel(path: Path, root: Path | None) -> str:
    try:
        return path.relative_to(root).as_posix() if root else path.as_posix()
    except ValueError:
        return path.as_posix()


def _str_list(data: dict, key: str, where: str) -> list[str]:
    value = data.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise InputError(where, f"'{key}' must be a list of non-empty strings")
    return [v.strip() for v in value]


def parse_concept(path: Path, root: Path | None = None) -> Concept:
    where = _rel(path, root)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    except UnicodeDecodeError as exc:
        raise InputError(where, f"not valid UTF-8 at byte {exc.start}") from None
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else "?"
        raise InputError(where, f"YAML syntax error at line {line}: {exc.problem}") from None
    if not isinstance(data, dict):
        raise InputError(where, "expected a mapping of concept fields")
    unknown = sorted(set(map(str, data)) - TOP_KEYS)
    if unknown:
        raise InputError(where, f"unknown key '{unknown[0]}'")
    cid = data.get("id")
    if not is_slug(cid):
        raise InputError(where, f"id {cid!r} is not an ascii slug (a-z, 0-9, '-')")
    if why := reserved_id(cid):  # issue 20: an id like 'index' would replace a generated page
        raise InputError(where, why)
    if cid != path.stem:
        raise InputError(where, f"id '{cid}' does not match the file name '{path.stem}'")
    theme = data.get("theme")
    if theme not in THEMES:
        raise InputError(where, f"theme {theme!r} is not one of: {', '.join(THEMES)}")
    labels = {}
    for lang in LANGS:
        entry = data.get(lang)
        if not isinstance(entry, dict):
            raise InputError(where, f"missing language '{lang}' (concept '{cid}')")
        bad = sorted(set(map(str, entry)) - LANG_KEYS)
        if bad:
            raise InputError(where, f"unknown key '{lang}.{bad[0]}'")
        for field in ("term", "definition"):
            value = entry.get(field)
            if not isinstance(value, str) or not value.strip():
                raise InputError(where, f"'{lang}.{field}' is missing or empty (concept '{cid}')")
        note = entry.get("note")
        if note is not None and (not isinstance(note, str) or not note.strip()):
            raise InputError(where, f"'{lang}.note' must be non-empty text when present")
        labels[lang] = LangEntry(
            term=" ".join(entry["term"].split()),
            variants=_str_list(entry, "variants", where),
            definition=" ".join(entry["definition"].split()),
            note=" ".join(note.split()) if note else None,
        )
    lists = {key: _str_list(data, key, where) for key in (*RELATIONS, "sources", "references", "replaces")}
    for old in lists["replaces"]:
        if not is_slug(old):
            raise InputError(where, f"replaces: {old!r} is not an ascii slug")
    return Concept(
        id=cid,
        theme=theme,
        labels=labels,
        broader=lists["broader"],
        narrower=lists["narrower"],
        related=lists["related"],
        sources=lists["sources"],
        references=lists["references"],
        aliases=lists["replaces"],
        path=where,
    )


def _check_cycles(concepts: dict[str, Concept]) -> None:
    state: dict[str, int] = {}  # 1 = on the stack, 2 = done

    def visit(cid: str, trail: list[str]) -> None:
        state[cid] = 1
        for up in concepts[cid].broader:
            if state.get(up) == 1:
                cycle = trail[trail.index(up):] + [up] if up in trail else [cid, up]
                raise InputError(concepts[cid].path, f"broader/narrower cycle: {' -> '.join(cycle)}")
            if up not in state:
                visit(up, trail + [up])
        state[cid] = 2

    for cid in sorted(concepts):
        if cid not in state:
            visit(cid, [cid])


def link_relations(concepts: dict[str, Concept], source_ids: set[str] | None = None) -> None:
    """Validate relation targets, derive inverses (narrower<->broader, related both ways)."""
    for c in concepts.values():
        for key in RELATIONS:
            for target in getattr(c, key):
                if target not in concepts:
                    raise InputError(c.path, f"{key}: unknown concept id '{target}'")
                if target == c.id:
                    raise InputError(c.path, f"{key}: a concept cannot relate to itself")
        if source_ids is not None:
            for sid in c.sources:
                if sid not in source_ids:
                    raise InputError(c.path, f"sources: unknown source id '{sid}'")
    for c in concepts.values():  # inverses
        for up in c.broader:
            if c.id not in concepts[up].narrower:
                concepts[up].narrower.append(c.id)
        for down in c.narrower:
            if c.id not in concepts[down].broader:
                concepts[down].broader.append(c.id)
        for other in c.related:
            if c.id not in concepts[other].related:
                concepts[other].related.append(c.id)
    for c in concepts.values():
        clash = set(c.broader) & set(c.related) or set(c.narrower) & set(c.related)
        if clash:
            raise InputError(c.path, f"'{sorted(clash)[0]}' is both hierarchical and related")
        for key in RELATIONS:
            setattr(c, key, sorted(set(getattr(c, key))))
    _check_cycles(concepts)


def check_labels(concepts: dict[str, Concept]) -> None:
    """Within one language a label (term or variant) belongs to one concept only."""
    for lang in LANGS:
        owner: dict[str, str] = {}
        for c in sorted(concepts.values(), key=lambda c: c.id):
            entry = c.labels[lang]
            for label in [entry.term, *entry.variants]:
                key = label_key(label)
                other = owner.get(key)
                if other and other != c.id:
                    raise InputError(
                        c.path, f"{lang} variant '{label}' is also claimed by {concepts[other].path}"
                    )
                owner[key] = c.id


def load_concepts(glossary_dir: Path, source_ids: set[str] | None = None) -> dict[str, Concept]:
    glossary_dir = Path(glossary_dir)
    root = glossary_dir.parent
    concepts: dict[str, Concept] = {}
    for path in sorted(glossary_dir.rglob("*.yml")) + sorted(glossary_dir.rglob("*.yaml")):
        c = parse_concept(path, root)
        if c.id in concepts:
            raise InputError(c.path, f"duplicate id '{c.id}' (also in {concepts[c.id].path})")
        concepts[c.id] = c
    if not concepts:
        raise InputError(glossary_dir, "no concept files found")
    aliases: dict[str, str] = {}
    for c in concepts.values():
        for old in c.aliases:
            if old in concepts or old in aliases:
                raise InputError(c.path, f"duplicate id '{old}' (replaces an id still in use)")
            aliases[old] = c.id
    link_relations(concepts, source_ids)
    check_labels(concepts)
    log.info("%d concepts loaded from %s", len(concepts), glossary_dir)
    return dict(sorted(concepts.items()))
