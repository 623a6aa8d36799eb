"""Load and validate the concept registry (``glossary/<id>.yml``) into ``Concept`` objects.

Every problem raises ``InputError`` with one line naming the file and the field; the build
turns it into a clean stop. Inverse relations are derived here, once.
"""
from __future__ import annotations

import datetime
import logging
import math
import re
import reprlib
from pathlib import Path

from . import urls, yamlsafe
from .errors import InputError
from .model import LANGS, STATUSES, TERM_TYPES, Concept, LangEntry, Term
from .text import fold, is_slug, label_flags, label_key
from .urls import reserved_id

log = logging.getLogger("lessico.concepts")
# What a maintainer must see during a build (ignored files) goes to the console: MkDocs prints its
# "mkdocs.*" loggers only. A logger name, not an import: lessico stays free of MkDocs.
console = logging.getLogger("mkdocs.plugins.lessico.glossary")
CONCEPT_SUFFIXES = (".yml", ".yaml")

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
TOP_KEYS = {"id", "theme", "revised", *LANGS, "broader", "narrower", "related", "sources", "references",
            "replaces", "based_on", "matches", "link_in_text"}
LANG_KEYS = {"term", "case_sensitive", "pos", "gender", "number", "terms", "forms", "definition", "note"}
TERM_KEYS = {"label", "type", "status", "case_sensitive", "autolink"}
POS = ("noun", "adjective", "verb", "phrase")
GENDERS = ("m", "f")
NUMBERS = ("singular", "plural")
VOCABULARIES = ("wikidata", "stw")
MATCH_KINDS = ("exact", "close")
# Labels no real term needs: they would link ordinary words across every text.
STOP_LABELS = {
    "it": {"e", "ed", "o", "il", "lo", "la", "i", "gli", "le", "un", "uno", "una", "di", "da", "in", "con",
           "su", "per", "tra", "fra", "a", "al", "che", "non", "si", "del", "della", "dei", "delle", "nel",
           "come", "ma", "anche", "più", "sono", "è", "essere", "fare"},
    "en": {"a", "an", "the", "and", "or", "of", "in", "on", "to", "at", "by", "for", "it", "is", "be",
           "as", "id", "with", "from", "that", "this", "not", "are", "was"},
}
MAX_DEFINITION = 2000
# C0 and C1 controls (tab, newlines and NEL are whitespace) and the two non-characters: a YAML escape
# ("\x01", "\uFFFF") can write them, no term needs them, and XML exports (TBX, Moodle) cannot hold them
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
RELATIONS = ("broader", "narrower", "related")


def _rel(path: Path, root: Path | None) -> str:
    try:
        return path.relative_to(root).as_posix() if root else path.as_posix()
    except ValueError:
        return path.as_posix()


def _check_control(value, where: str, field: str = "") -> None:
    """No control character in any key or text of the file (one check for every field, so none
    reaches a page or an export)."""
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str) and (m := _CONTROL.search(key)):
                raise InputError(where, f"a key {f'in {field!r} ' if field else ''}contains a control "
                                        f"character (U+{ord(m.group()):04X})")
            _check_control(item, where, f"{field}.{key}" if field else str(key))
    elif isinstance(value, list):
        for i, item in enumerate(value, 1):
            _check_control(item, where, f"{field}[{i}]")
    elif isinstance(value, str) and (m := _CONTROL.search(value)):
        raise InputError(where, f"'{field}' contains a control character (U+{ord(m.group()):04X})")


def _str_list(data: dict, key: str, where: str) -> list[str]:
    value = data.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise InputError(where, f"'{key}' must be a list of non-empty strings")
    return [v.strip() for v in value]


def _flag(value, default: bool, where: str, name: str) -> bool:
    if value is None:
        return default
    if not isinstance(value, bool):
        raise InputError(where, f"'{name}' must be true or false")
    return value


def _term(label: str, kind: str, status: str, lang: str, where: str, raw: dict | None = None) -> Term:
    raw = raw or {}
    label = " ".join(label.split())
    letters = sum(1 for ch in label if ch.isalnum())
    default_case, default_link = label_flags(label)
    case_sensitive = _flag(raw.get("case_sensitive"), default_case, where, f"{lang}: {label}: case_sensitive")
    if letters < 2:
        raise InputError(where, f"{lang} label {label!r} is shorter than 2 letters")
    if not case_sensitive and label_key(label) in STOP_LABELS.get(lang, ()):
        raise InputError(where, f"{lang} label {label!r} is a common word, not a term")
    autolink = _flag(raw.get("autolink"), default_link or case_sensitive, where, f"{lang}: {label}: autolink")
    return Term(label, kind, status, case_sensitive, autolink)


def _lang_entry(entry: dict, lang: str, where: str) -> LangEntry:
    for key, allowed in (("pos", POS), ("gender", GENDERS), ("number", NUMBERS)):
        value = entry.get(key)
        if value is not None and value not in allowed:
            raise InputError(where, f"'{lang}.{key}' is {value!r}, not one of: {', '.join(allowed)}")
    if entry.get("gender") and entry.get("pos") not in (None, "noun"):
        raise InputError(where, f"'{lang}.gender' is only for nouns")
    terms = []
    raw_terms = entry.get("terms") or []
    if not isinstance(raw_terms, list):
        raise InputError(where, f"'{lang}.terms' must be a list of {{label, type}} entries")
    for i, raw in enumerate(raw_terms, 1):
        if not isinstance(raw, dict):
            raise InputError(where, f"'{lang}.terms' entry {i} must be a mapping with label and type")
        bad = sorted(set(map(str, raw)) - TERM_KEYS)
        if bad:
            raise InputError(where, f"unknown key '{lang}.terms.{bad[0]}' (entry {i})")
        label = raw.get("label")
        if not isinstance(label, str) or not label.strip():
            raise InputError(where, f"'{lang}.terms' entry {i} has no label")
        kind = raw.get("type")
        if kind not in TERM_TYPES:
            raise InputError(where, f"'{lang}.terms' {label!r}: type {kind!r} is not one of: {', '.join(TERM_TYPES)}")
        status = raw.get("status", "admitted")
        if status not in STATUSES:
            raise InputError(where, f"'{lang}.terms' {label!r}: status {status!r} is not one of: {', '.join(STATUSES)}")
        terms.append(_term(label, kind, status, lang, where, raw))
    forms = []
    raw_forms = entry.get("forms") or []
    if not isinstance(raw_forms, list):
        raise InputError(where, f"'{lang}.forms' must be a list")
    # a string, or {label, case_sensitive, autolink} ("Regioni" vs "regioni"; "IDs" not auto-linked)
    for i, raw in enumerate(raw_forms, 1):
        if isinstance(raw, dict) and set(raw) <= {"label", "case_sensitive", "autolink"} and isinstance(raw.get("label"), str):
            forms.append(_term(raw["label"], "form", "admitted", lang, where, raw))
        elif isinstance(raw, str) and raw.strip():
            forms.append(_term(raw, "form", "admitted", lang, where))
        else:
            raise InputError(where, f"'{lang}.forms' entry {i} must be a label or {{label, case_sensitive, autolink}}")
    preferred = _term(entry["term"], "preferred", "preferred", lang, where,
                      {"case_sensitive": entry.get("case_sensitive")})
    seen: dict[str, str] = {}
    for t in (preferred, *terms, *forms):
        key = label_key(t.label)
        if key in seen:
            raise InputError(where, f"{lang} label {t.label!r} is given twice (as {seen[key]} and as {t.kind})")
        seen[key] = t.kind
    return LangEntry(
        term=preferred.label,
        definition=" ".join(entry["definition"].split()),
        note=" ".join(entry["note"].split()) if entry.get("note") else None,
        terms=terms,
        forms=forms,
        pos=entry.get("pos"),
        gender=entry.get("gender"),
        number=entry.get("number"),
        preferred=preferred,
    )


def _based_on(value, where: str) -> list[dict]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise InputError(where, "'based_on' must be a list of {source, paragraph} or {reference} entries")
    out = []
    for i, item in enumerate(value, 1):
        if isinstance(item, dict) and set(item) == {"reference"} and isinstance(item["reference"], str):
            out.append({"reference": item["reference"]})
        elif (isinstance(item, dict) and set(item) == {"source", "paragraph"} and isinstance(item["source"], str)
              and isinstance(item["paragraph"], int) and not isinstance(item["paragraph"], bool) and item["paragraph"] >= 0):
            out.append({"source": item["source"], "paragraph": item["paragraph"]})
        else:
            raise InputError(where, f"based_on entry {i} must be {{source: <id>, paragraph: <N>}} or {{reference: <id>}}")
    return out


def _matches(value, where: str) -> list[dict]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise InputError(where, "'matches' must be a list of {vocabulary, id, match} entries")
    out = []
    for i, item in enumerate(value, 1):
        if not (isinstance(item, dict) and set(item) == {"vocabulary", "id", "match"}
                and item["vocabulary"] in VOCABULARIES and item["match"] in MATCH_KINDS
                and isinstance(item["id"], str) and item["id"].strip()):
            raise InputError(where, f"matches entry {i} must be {{vocabulary: wikidata|stw, id: <id>, match: exact|close}}")
        out.append(dict(item))
    return out


def read_yaml(path: Path, where: str):
    """The data of one YAML input file (a concept, a course): strict UTF-8, then strict YAML."""
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(where, f"not valid UTF-8 at byte {exc.start} "
                                f"(0x{exc.object[exc.start]:02x}; save the file as UTF-8)") from None
    except OSError as exc:
        raise InputError(where, f"cannot be read ({exc.strerror})") from None
    # strict: a key given twice at any depth is an error (a second 'definition:' would silently
    # replace the first), and aliases cannot expand beyond a bound
    return yamlsafe.load(where, text)


def parse_concept(path: Path, root: Path | None = None) -> Concept:
    where = _rel(path, root)
    data = read_yaml(path, where)
    if not isinstance(data, dict):
        raise InputError(where, "expected a mapping of concept fields")
    _check_control(data, where)
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
        if entry is None:
            raise InputError(where, f"missing language '{lang}' (concept '{cid}')")
        if not isinstance(entry, dict):
            raise InputError(where, f"'{lang}' must be a mapping of fields (term, definition, …) "
                                    f"(concept '{cid}')")
        bad = sorted(set(map(str, entry)) - LANG_KEYS)
        if "variants" in bad:  # the untyped list of the first schema
            raise InputError(where, f"'{lang}.variants' is no longer read: give typed 'terms' and 'forms' (see glossary/README.md)")
        if bad:
            raise InputError(where, f"unknown key '{lang}.{bad[0]}'")
        for field in ("term", "definition"):
            value = entry.get(field)
            if value is not None and not isinstance(value, str):  # 'term: 1991', 'term: yes'
                raise InputError(where, f"'{lang}.{field}' must be text, not {reprlib.repr(value)} "
                                        "(quote it in the file)")
            if not isinstance(value, str) or not value.strip():
                raise InputError(where, f"'{lang}.{field}' is missing or empty (concept '{cid}')")
        note = entry.get("note")
        if note is not None and (not isinstance(note, str) or not note.strip()):
            raise InputError(where, f"'{lang}.note' must be non-empty text when present")
        if len(" ".join(entry["definition"].split())) > MAX_DEFINITION:
            raise InputError(where, f"'{lang}.definition' is longer than {MAX_DEFINITION} characters")
        labels[lang] = _lang_entry(entry, lang, where)
    lists = {key: _str_list(data, key, where) for key in (*RELATIONS, "sources", "references", "replaces")}
    for old in lists["replaces"]:
        if not is_slug(old):
            raise InputError(where, f"replaces: {old!r} is not an ascii slug")
    revised = data.get("revised")
    if isinstance(revised, datetime.date):
        revised = revised.isoformat()
    if revised is not None and not (isinstance(revised, str) and _DATE.match(revised)):
        raise InputError(where, f"revised: {revised!r} is not a date (YYYY-MM-DD)")
    link_in_text = data.get("link_in_text", True)
    if not isinstance(link_in_text, bool):
        raise InputError(where, "'link_in_text' must be true or false")
    return Concept(
        link_in_text=link_in_text,
        revised=revised,
        based_on=_based_on(data.get("based_on"), where),
        matches=_matches(data.get("matches"), where),
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
            for basis in c.based_on:
                if "source" in basis and basis["source"] not in source_ids:
                    raise InputError(c.path, f"based_on: unknown source id '{basis['source']}'")
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
            for label in [t.label for t in entry.all_terms]:
                key = label_key(label)
                other = owner.get(key)
                if other and other != c.id:
                    raise InputError(
                        c.path, f"{lang} label '{label}' is also claimed by {concepts[other].path}"
                    )
                owner[key] = c.id


def concept_files(glossary_dir: Path) -> tuple[list[Path], list[Path]]:
    """What ``glossary/`` holds (``yaml_files``)."""
    return yaml_files(glossary_dir, "concept")


def yaml_files(glossary_dir: Path, kind: str = "concept") -> tuple[list[Path], list[Path]]:
    """The one rule for what an input folder of YAML records (``glossary/``, ``courses/``) may
    hold: ``(record files, ignored leftovers)``; ``kind`` names a record in the messages.

    - ``*.yml`` and ``*.yaml`` files in the folder and its subfolders: record files;
    - editor and system leftovers (a name starting with ``.``, ending with ``~``, or ``#x#``,
      ``urls.leftover``), files or folders: ignored (the caller logs one info line each);
    - a symbolic link, a record file resolving outside the folder, a directory named ``*.yml``,
      an upper- or mixed-case extension (``.YML``, ``.Yaml``): refused, one line naming it;
    - any other file (``README.md``, notes): not a record file, not read.

    Files come in a stable order: ``.yml`` before ``.yaml``, each sorted by path (so a duplicate
    id is reported on the same file every time)."""
    glossary_dir = Path(glossary_dir)
    root = glossary_dir.parent
    if glossary_dir.is_symlink() or not glossary_dir.is_dir():
        raise InputError(_rel(glossary_dir, root), "must be a folder inside the project (not a symbolic link)")
    files: list[Path] = []
    ignored: list[Path] = []
    folders = [glossary_dir]
    while folders:
        folder = folders.pop()
        for entry in sorted(folder.iterdir(), key=lambda e: e.name):
            name = entry.name
            if urls.leftover(name):
                ignored.append(entry)
                continue
            if entry.is_symlink():
                raise InputError(_rel(entry, root), f"is a symbolic link ({glossary_dir.name} files must be plain "
                                                    "files inside the folder)")
            is_concept = name.endswith(CONCEPT_SUFFIXES)
            if entry.is_dir():
                if is_concept:
                    raise InputError(_rel(entry, root), f"is a directory, not a {kind} file")
                folders.append(entry)
            elif is_concept:
                if why := urls.outside(entry, glossary_dir):
                    raise InputError(_rel(entry, root), why)
                files.append(entry)
            elif name.lower().endswith(CONCEPT_SUFFIXES):
                raise InputError(_rel(entry, root), "the extension must be lower-case '.yml' (rename the file)")
    files.sort(key=lambda p: (p.suffix != ".yml", p))
    return files, sorted(ignored)


def load_concepts(glossary_dir: Path, source_ids: set[str] | None = None) -> dict[str, Concept]:
    """Every concept of ``glossary/`` (which files are read: ``concept_files``), validated, with
    inverse relations derived."""
    glossary_dir = Path(glossary_dir)
    root = glossary_dir.parent
    files, ignored = concept_files(glossary_dir)
    for path in ignored:
        console.info("%s: ignored (an editor or system leftover, not a concept file)", _rel(path, root))
    concepts: dict[str, Concept] = {}
    for path in files:
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
    for a, b, lang, why in near_duplicates(concepts):  # a warning: --strict stops on it
        console.warning("%s: %s definition is near-identical to %s's (%s): merge the two records "
                        "(replaces) or define them apart", concepts[b].path, lang, a, why)
    log.info("%d concepts loaded from %s", len(concepts), glossary_dir)
    return dict(sorted(concepts.items()))


def top_concepts(concepts: dict[str, Concept]) -> dict[str, list[str]]:
    """The top concepts of each theme (one rule, used by the SKOS export and its tests): the
    concepts of the theme that have no broader concept in the same theme. A concept whose broader
    concept lies in another theme (``ict`` under ``tecnologie-trasversali``) heads its own theme."""
    out: dict[str, list[str]] = {}
    for cid in sorted(concepts):
        c = concepts[cid]
        if not any(concepts[b].theme == c.theme for b in c.broader if b in concepts):
            out.setdefault(c.theme, []).append(cid)
    return out


# two definitions are near-identical when their word sets overlap this much (Jaccard) or their
# normalised texts are this similar (difflib): two records for one concept, or one copied
NEAR_JACCARD, NEAR_RATIO = 0.8, 0.9
_WORD = re.compile(r"\w+")


def _normal(text: str) -> str:
    return " ".join(_WORD.findall(fold(text).lower()))


def _similar_pairs(words: dict[str, set[str]], threshold: float) -> set[tuple[str, str]]:
    """Every pair of ids whose word sets have a Jaccard index of at least ``threshold``, and some
    more, without comparing every pair (prefix filtering, Chaudhuri et al. 2006): with the words of
    each set in one global order, rarest first, two sets that reach the threshold share a word
    among the first ``n - ceil(threshold * n) + 1`` of each. Linear in the glossary for definitions
    that share few rare words, where comparing every pair was quadratic (hours at ×50)."""
    df: dict[str, int] = {}
    for ws in words.values():
        for w in ws:
            df[w] = df.get(w, 0) + 1
    index: dict[str, list[str]] = {}
    pairs: set[tuple[str, str]] = set()
    for cid in sorted(words, key=lambda c: (len(words[c]), c)):  # shorter sets first: the size filter
        ordered = sorted(words[cid], key=lambda w: (df[w], w))
        n = len(ordered)
        if not n:
            continue
        prefix = ordered[: n - math.ceil(threshold * n) + 1]
        for w in prefix:
            for other in index.get(w, ()):
                if len(words[other]) >= threshold * n:  # a much smaller set cannot reach it
                    pairs.add((min(cid, other), max(cid, other)))
            index.setdefault(w, []).append(cid)
    return pairs


# candidates for the two measures: definitions sharing at least half their words. A pair that
# difflib finds 90 % similar shares far more than that, unless nearly every word differs by a
# letter, which is not a copied definition
NEAR_CANDIDATE = 0.5


def near_duplicates(concepts: dict[str, Concept]) -> list[tuple[str, str, str, str]]:
    """Pairs of records whose definitions in one language are near-identical: ``(id, other id,
    language, measure)``, each pair once, in id order. Labels shared by two records are refused
    outright (``check_labels``). Only the pairs ``_similar_pairs`` proposes are measured."""
    from difflib import SequenceMatcher

    out = []
    ids = sorted(concepts)
    for lang in LANGS:
        texts = {cid: _normal(concepts[cid].labels[lang].definition) for cid in ids}
        words = {cid: set(texts[cid].split()) for cid in ids}
        for a, b in sorted(_similar_pairs(words, NEAR_CANDIDATE)):
            wa, wb = words[a], words[b]
            jac = len(wa & wb) / len(wa | wb)
            if jac >= NEAR_JACCARD:
                out.append((a, b, lang, f"{jac:.0%} of their words in common"))
                continue
            ta, tb = texts[a], texts[b]
            if 2 * min(len(ta), len(tb)) / (len(ta) + len(tb)) < NEAR_RATIO:
                continue  # the ratio cannot reach the threshold
            m = SequenceMatcher(None, ta, tb, autojunk=False)
            if m.real_quick_ratio() >= NEAR_RATIO and m.quick_ratio() >= NEAR_RATIO \
                    and (r := m.ratio()) >= NEAR_RATIO:
                out.append((a, b, lang, f"{r:.0%} similar"))
    return out
