"""References: load the verified records, resolve citations to them, create the rest "as cited",
and format entries with a CSL processor (citeproc-py), never by hand.

Files in ``bibliography/``:

``*.json``
    CSL-JSON lists. Every item needs ``id`` and ``type``; ids are unique across files
    (case-insensitively: the CSL processor lower-cases them). A record checked against an
    authority says so in ``custom.verified`` (authority, identifier, url); one whose identification
    with the cited work is an inference says ``custom.identification: "inferred"``. Without
    ``custom.verified`` a record is shown "as cited" (see :func:`verification`).
``ignore.yml`` (optional)
    Strings the citation finder takes for citations but that are not: ``- text: "Horizon 2020"``,
    ``reason: …`` (required), optional ``source: <source id>``. A matching citation is dropped
    entirely: no link, no entry, not reported as unresolved.
``aliases.yml`` (optional)
    For the cases no rule can decide: ``- cite: "<cited text>"``, ``ref: <reference id>``,
    ``reason: …`` (required). The cited text is compared with whitespace normalised.

Resolution rules, in order (see :func:`resolve`):

1. aliases.yml;
2. author-year and footnote citations: a record with the same year (and year suffix) whose
   authors (or, for an edited book, editors) are the cited names: same number of names, or the
   cited ones followed by "et al." and at least two names in the record. Names are compared
   case- and accent-insensitively and tolerate misspellings with the same first letter: one
   edit for names of 4 to 6 letters, two for longer ones ("Triglia" is "Trigilia", "Beccattini"
   is "Becattini"), and two in a 5-6 letter name only when every other name of the citation is
   exact ("Dunford and Greek" is Dunford and Greco; a lone "Russo" is not "Rossi"). An
   institution cited by its acronym matches the initials of the record's name ("PCM" =
   Presidenza del Consiglio dei Ministri), and a record whose id is the key the citation would
   get ("mict2012" for "MICT, 2012") is that work. The best score wins; a tie between records
   leaves the citation unresolved (ambiguous);
   A work cited without a year ("Rossi, s.d.", "Bianchi, in corso di stampa") is a record with
   no year, or with a ``status``, and the cited names; "Ibid." / "Ivi" is the work cited just
   before it in the same source (reading order: paragraphs, then notes). An author or an
   institution named with a year in prose is looked for only by the (name, year) pairs of the
   records (:func:`prose_works`), so it always has a record to resolve to;
3. titles: the record whose title (or main title, before a colon) is the cited one;
4. laws: the legislation record with the same number and year, or whose title starts with the
   cited designation ("Accordo di Programma Quadro in materia di beni culturali");
5. URLs: the record with the same URL (scheme, "www." and a final slash ignored).

(An author-year or footnote citation dated after the build year is left unresolved: no entry is
invented for a work that cannot exist yet; it stops --strict unless ``ignore.yml`` lists it.)
Any other author-year, footnote, law or URL citation creates an entry "as cited": the same rules
group citations of one work (merging misspellings), and the entry holds only what the citations
say: ``author`` (family names as cited, the most frequent spelling; "X et al." as one literal
name), ``issued`` (year), ``year-suffix`` when there is one, ``custom.cited_by`` (the citing
sources' ids, never exported) and, when the sources spell the names in more than one way,
``custom.cited_as``. A law has its
cited designation as ``title`` and a URL its ``URL``: nothing else is ever added.
"""
from __future__ import annotations

import copy
import html
import json
import logging
import math
import re
import unicodedata
import warnings
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .citations import ET_AL, Cite
from . import urls, yamlsafe
from .concepts import _CONTROL  # the glossary's rule for control characters: one definition
from .errors import InputError

log = logging.getLogger("lessico.citations")
console = logging.getLogger("mkdocs.plugins.lessico.bibliography")

STYLE = "apa"  # the default; mkdocs.yml may choose another of STYLES (extra: lessico: citation_style)
# the CSL styles the site can use, vendored in lessico/styles/ with their local fixes (see each file's header)
STYLES = {"apa": "apa.csl", "chicago-author-date": "chicago-author-date.csl"}
STYLES_DIR = Path(__file__).parent / "styles"
LOCALES = {"it": "it-IT", "en": "en-US"}
STYLE_FIELD = "extra.lessico.citation_style"  # where mkdocs.yml chooses the style


def citation_style(value, config_file="mkdocs.yml") -> str:
    """The style named in mkdocs.yml (``extra: lessico: citation_style:``), ``STYLE`` when absent;
    anything else is one line naming the file and the field."""
    if value is None:
        return STYLE
    if not isinstance(value, str) or value not in STYLES:
        raise InputError(config_file, f"{STYLE_FIELD}: {value!r} is not a citation style "
                                      f"(expected one of: {', '.join(STYLES)})")
    return value

# CSL 1.0.2 item types
CSL_TYPES = frozenset(
    """article article-journal article-magazine article-newspaper bill book broadcast chapter
    classic collection dataset document entry entry-dictionary entry-encyclopedia event figure
    graphic hearing interview legal_case legislation manuscript map motion_picture musical_score
    pamphlet paper-conference patent performance periodical personal_communication post
    post-weblog regulation report review review-book software song speech standard thesis treaty
    webpage""".split()
)
# the item fields of the official CSL-JSON schema (csl-data.json, v1.0.2): anything else in a
# record ("spellings", "notes") makes the exported bibliography.json invalid; it goes under custom
CSL_FIELDS = frozenset(
    """DOI ISBN ISSN PMCID PMID URL abstract accessed annote archive archive-place archive_collection
    archive_location author authority available-date call-number categories chair chapter-number
    citation-key citation-label citation-number collection-editor collection-number collection-title
    compiler composer container-author container-title container-title-short contributor curator
    custom dimensions director division edition editor editorial-director event event-date
    event-place event-title executive-producer first-reference-note-number genre guest host id
    illustrator interviewer issue issued journalAbbreviation jurisdiction keyword language locator
    medium narrator note number number-of-pages number-of-volumes organizer original-author
    original-date original-publisher original-publisher-place original-title page page-first part
    part-title performer printing producer publisher publisher-place recipient references
    reviewed-author reviewed-genre reviewed-title scale script-writer section series-creator
    shortTitle source status submitted supplement title title-short translator type version volume
    volume-title volume-title-short year-suffix""".split()
)
# the name variables of the CSL-JSON schema (each a list of names, see _names)
_NAME_FIELDS = """author chair collection-editor compiler composer container-author contributor curator
    director editor editorial-director executive-producer guest host interviewer illustrator narrator
    organizer original-author performer producer recipient reviewed-author script-writer series-creator
    translator""".split()


# --- loading --------------------------------------------------------------------------------
RECORD_SUFFIX = ".json"
YAML_FILES = ("aliases.yml", "ignore.yml")  # read by resolve; no other YAML file belongs here


def bibliography_files(bib_dir) -> tuple[list[Path], list[Path]]:
    """The one rule for what ``bibliography/`` may hold: ``(record files, ignored leftovers)``.

    - lower-case ``*.json`` files directly in the folder: CSL-JSON records, read in name order;
    - ``aliases.yml`` and ``ignore.yml``: read by :func:`resolve` (both optional);
    - editor and system leftovers (a name starting with ``.``, ending with ``~``, or ``#x#``,
      ``urls.leftover``): ignored (the caller logs one info line each);
    - a symbolic link, a directory named ``*.json`` or ``*.yml``, an upper- or mixed-case
      extension (``.JSON``), any other ``*.yml``/``*.yaml`` (``aliases.yaml``): refused, one
      line naming it;
    - any other file (``README.md``, notes) and subfolders: not read;
    - no ``*.json`` at all: refused (a deleted records file would silently turn every verified
      work into an "as cited" one)."""
    bib_dir = Path(bib_dir)
    if bib_dir.is_symlink() or not bib_dir.is_dir():
        raise InputError(bib_dir, "must be a folder inside the project (not a symbolic link)")
    files: list[Path] = []
    ignored: list[Path] = []
    for entry in sorted(bib_dir.iterdir(), key=lambda e: e.name):
        name, lower = entry.name, entry.name.lower()
        if urls.leftover(name):
            ignored.append(entry)
        elif lower.endswith((".yml", ".yaml")):
            if name not in YAML_FILES:
                raise InputError(entry, f"not a bibliography file (expected {' or '.join(YAML_FILES)})")
            _plain_file(entry, bib_dir, "a YAML file")
        elif lower.endswith(RECORD_SUFFIX):
            if not name.endswith(RECORD_SUFFIX):
                raise InputError(entry, "the extension must be lower-case '.json' (rename the file)")
            _plain_file(entry, bib_dir, "a CSL-JSON file")
            files.append(entry)
    if not files:  # deleted by mistake; a project without verified records writes "[]"
        raise InputError(bib_dir, "no CSL-JSON file (*.json) found (a file holding [] is an empty bibliography)")
    return files, ignored


def _plain_file(path: Path, folder: Path, what: str) -> None:
    """A bibliography file must be a plain file inside its folder: a symbolic link could publish
    any file of the machine."""
    if why := urls.outside(path, folder):
        raise InputError(path, why)
    if path.is_dir():
        raise InputError(path, f"is a directory, not {what}")


def _read(path: Path) -> str:
    """Strict UTF-8 (a BOM, as some Windows editors write, is dropped)."""
    try:
        data = path.read_bytes()
    except OSError as e:
        raise InputError(path, f"cannot be read ({e.strerror or e})") from None
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as e:
        raise InputError(path, f"not valid UTF-8 at byte {e.start} "
                               f"(0x{data[e.start]:02x}; save the file as UTF-8)") from None


class _NotJSON:
    """NaN, Infinity or a number too large for a float: Python's json accepts them, JSON does not
    (and citeproc prints "(nan)"); kept as a marker so the error names the record and field."""

    def __init__(self, text: str):
        self.text = text


class _Duplicated(dict):
    """An object with a key given twice (json keeps the last value silently)."""
    key: str


def _finite(text: str):
    value = float(text)
    return value if math.isfinite(value) else _NotJSON(text)


def _object(pairs: list[tuple[str, object]]) -> dict:
    out = dict(pairs)
    if len(out) != len(pairs):
        seen: set[str] = set()
        out = _Duplicated(out)
        out.key = next(k for k, _ in pairs if k in seen or seen.add(k))
    return out


def _parse_json(path: Path, raw: str):
    try:
        return json.loads(raw, parse_constant=_NotJSON, parse_float=_finite, object_pairs_hook=_object)
    except json.JSONDecodeError as e:
        raise InputError(path, f"line {e.lineno}, column {e.colno}: invalid JSON: {e.msg}") from None
    except RecursionError:
        raise InputError(path, "invalid JSON: nested too deeply") from None
    except ValueError:  # an integer of thousands of digits
        raise InputError(path, "invalid JSON: a number too long to read") from None


def _kind(value) -> str:
    if isinstance(value, _NotJSON):
        return value.text
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "empty" if not value.strip() else "text"
    return "a list" if isinstance(value, list) else "an object"


def _json_problem(item: dict) -> str | None:
    """What no field of a record may hold, at any depth (``custom`` included): NaN or Infinity,
    a key given twice, a control character. Iterative: nesting deep enough for json is fine."""
    if isinstance(item, _Duplicated):
        return f"duplicate key {item.key!r}"
    stack = [(k, v) for k, v in reversed(item.items())]
    while stack:
        where, value = stack.pop()
        if isinstance(value, _NotJSON):
            return f"{where}: {value.text} is not a finite number (JSON has no NaN or Infinity)"
        if isinstance(value, str) and (m := _CONTROL.search(value)):
            return f"{where} contains a control character (U+{ord(m.group()):04X})"
        if isinstance(value, _Duplicated):
            return f"{where}: duplicate key {value.key!r}"
        if isinstance(value, dict):
            for k, v in reversed(value.items()):
                if m := _CONTROL.search(k):
                    return f"a key in {where} contains a control character (U+{ord(m.group()):04X})"
                stack.append((f"{where}.{k}", v))
        elif isinstance(value, list):
            stack.extend((f"{where}[{n}]", v) for n, v in reversed(list(enumerate(value, 1))))
    return None


# --- the type of every CSL field (csl-data.json v1.0.2; citeproc-py and the exports read them) ---
def _text(field: str, value) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return f"{field} must be text, not {_kind(value)}"
    return None


def _number_or_text(field: str, value) -> str | None:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)) or (
            isinstance(value, str) and not value.strip()):
        return f"{field} must be a number or text, not {_kind(value)}"
    return None


def _flag(field: str, value) -> str | None:
    if not isinstance(value, (bool, int, float, str)):
        return f"{field} must be true, false, a number or text, not {_kind(value)}"
    return None


def _texts(field: str, value) -> str | None:
    if not isinstance(value, list) or any(_text(field, v) for v in value):
        return f"{field} must be a list of text"
    return None


NAME_PARTS = {"family": _text, "given": _text, "dropping-particle": _text, "non-dropping-particle": _text,
              "suffix": _text, "literal": _text, "comma-suffix": _flag, "static-ordering": _flag,
              "parse-names": _flag}


def _names(field: str, value) -> str | None:
    shape = f"{field} must be a list of names with family or literal"
    if not isinstance(value, list) or not all(isinstance(n, dict) for n in value):
        return shape
    for i, name in enumerate(value, 1):
        for part, v in name.items():
            if part not in NAME_PARTS:
                return f"{field}[{i}]: {part!r} is not a CSL name part ({', '.join(NAME_PARTS)})"
            if why := NAME_PARTS[part](f"{field}[{i}].{part}", v):
                return why
        if not (name.get("family") or name.get("literal")):
            return f"{shape} (name {i} has neither)"
    return None


# year, month, day: the range of each and how a message says it (a year outside is a typing error)
DATE_PARTS = (("year", 1000, 2100, "plausible (1000-2100)"), ("month", 1, 12, "1-12"), ("day", 1, 31, "1-31"))
DATE_KEYS = ("date-parts", "literal", "circa", "season", "raw")


def _date_parts(field: str, parts) -> str | None:
    shape = (f"{field}: date-parts must be [[year]], [[year, month]] or [[year, month, day]] of integers "
             "(two of them for a range)")
    if not isinstance(parts, list) or not 1 <= len(parts) <= 2 or not all(
            isinstance(p, list) and 1 <= len(p) <= 3 for p in parts):
        return shape
    for p in parts:
        for x, (what, low, high, expected) in zip(p, DATE_PARTS):
            n = int(x) if isinstance(x, str) and re.fullmatch(r"\d{1,9}", x) else x  # "1990", as Zotero writes it
            if isinstance(n, bool) or not isinstance(n, int):
                return f"{shape}; {x!r} is not a {what} (for an uncertain date write \"circa\": true)"
            if not low <= n <= high:
                return f"{field}: {what} {n} is not {expected}"
    return None


def _date(field: str, value) -> str | None:
    if not isinstance(value, dict):
        return f'{field} must be a date such as {{"date-parts": [[1990]]}}, not {_kind(value)}'
    for key, v in value.items():
        if key not in DATE_KEYS:
            return f"{field}: {key!r} is not a CSL date field ({', '.join(DATE_KEYS)})"
        rule = {"date-parts": _date_parts, "circa": _flag, "season": _number_or_text}.get(key, _text)
        if why := rule(field if key == "date-parts" else f"{field}.{key}", v):
            return why
    if not (value.get("date-parts") or value.get("literal")):
        return f"{field} needs date-parts or literal (the CSL processor does not read raw)"
    return None


def _url(field: str, value) -> str | None:
    return f"{field} {why}" if (why := urls.bad_url(value)) else None


def _doi(field: str, value) -> str | None:
    if not (isinstance(value, str) and re.fullmatch(r"10\.\d{4,9}/\S+", value)):
        shown = repr(value[:40]) if isinstance(value, str) else _kind(value)
        return f"{field} must look like 10.1234/... (the DOI itself, not a link), not {shown}"
    return None


def _language(field: str, value) -> str | None:
    if not (isinstance(value, str) and re.fullmatch(r"[a-z]{2}(-[A-Z]{2})?", value)):
        return f"{field} must be a code such as 'it' or 'en-GB'"
    return None


def _type(field: str, value) -> str | None:
    return None if isinstance(value, str) and value in CSL_TYPES else f"unknown CSL type {value!r}"


_TEXT_FIELDS = """citation-key journalAbbreviation shortTitle abstract annote archive archive_collection
    archive_location archive-place authority call-number citation-label collection-title container-title
    container-title-short dimensions division event event-title event-place genre ISBN ISSN jurisdiction
    keyword medium note original-publisher original-publisher-place original-title part-title PMCID PMID
    publisher publisher-place references reviewed-genre reviewed-title scale section source status title
    title-short version volume-title volume-title-short year-suffix""".split()
_NUMBER_FIELDS = """chapter-number citation-number collection-number edition first-reference-note-number
    issue locator number number-of-pages number-of-volumes page page-first part printing supplement
    volume""".split()
_DATE_FIELDS = "accessed available-date event-date issued original-date submitted".split()
# field -> rule(field, value) -> why it is refused, or None: ONE table for every field of a record
# ("id" and "custom" have their own checks: the id names the record in every message)
FIELD_RULES = {
    **{f: _text for f in _TEXT_FIELDS},
    **{f: _number_or_text for f in _NUMBER_FIELDS},
    **{f: _names for f in _NAME_FIELDS},
    **{f: _date for f in _DATE_FIELDS},
    "categories": _texts, "type": _type, "language": _language, "URL": _url, "DOI": _doi,
}


def _field_problem(item: dict) -> str | None:
    """The first field of ``item`` whose value does not have its CSL type (:data:`FIELD_RULES`)."""
    for field, value in item.items():
        if field in FIELD_RULES and (why := FIELD_RULES[field](field, value)):
            return why
    return None


def _line_of(raw: str, item_id: str) -> int | None:
    m = re.search(r'"id"\s*:\s*' + re.escape(json.dumps(item_id)), raw)
    return raw.count("\n", 0, m.start()) + 1 if m else None


def load_references(bib_dir) -> list[dict]:
    """The CSL items of every record file of ``bib_dir`` (which files: :func:`bibliography_files`),
    validated: every field has its CSL type (:data:`FIELD_RULES`), nothing JSON does not allow
    (NaN, a key given twice), ids unique. Any problem is one line naming the file, the id and
    the field."""
    bib_dir = Path(bib_dir)
    files, ignored = bibliography_files(bib_dir)
    for path in ignored:
        console.info("%s/%s: ignored (an editor or system leftover, not a bibliography file)",
                     bib_dir.name, path.name)
    items: list[dict] = []
    seen: dict[str, Path] = {}
    for path in files:
        raw = _read(path)
        data = _parse_json(path, raw)
        if not isinstance(data, list):
            raise InputError(path, "a CSL-JSON file must hold a list of items")
        for n, item in enumerate(data, 1):
            if not isinstance(item, dict):
                raise InputError(path, f"item {n}: not a JSON object")
            rid = item.get("id")
            if rid is None:
                raise InputError(path, f"item {n}: missing id")
            if not isinstance(rid, str) or not rid.strip():
                raise InputError(path, f"item {n}: id must be text, not {_kind(rid)}")
            line = _line_of(raw, rid)
            where = f"line {line}: {rid}" if line else rid
            if not item.get("type"):
                raise InputError(path, f"{where}: missing type")
            unknown = sorted(set(item) - CSL_FIELDS)
            if unknown:
                raise InputError(path, f"{where}: {unknown[0]!r} is not a CSL-JSON field (put it under custom)")
            if why := _json_problem(item) or _field_problem(item):
                raise InputError(path, f"{where}: {why}")
            key = rid.casefold()
            if key in seen:
                raise InputError(path, f"{where}: duplicate id (also in {seen[key].name})")
            seen[key] = path
            _check_custom(path, where, item)
            items.append(item)
    return items


# hosts that share uploaded documents: never an authority for a bibliographic record
SHARING_HOSTS = ("scribd.", "docslib.", "fdocuments.", "doczz.", "academia.edu", "researchgate.",
                 "studocu.", "slideshare.", "dokumen.", "pdfcoffee.", "issuu.")


# custom.identification: how sure it is that the record is the work the sources cite
IDENTIFICATIONS = ("inferred",)  # from author, year and the citing sentence, not from a reference list


def _check_custom(path: Path, where: str, item: dict) -> None:
    """The record's own fields outside CSL: ``custom.verified`` (authority, identifier and an
    http(s) url that is not a document-sharing site), ``custom.identification`` ("inferred"),
    ``custom.acronym``, ``custom.cited_as`` (a list of spellings)."""
    custom = item.get("custom")
    if custom is not None and not isinstance(custom, dict):
        raise InputError(path, f"{where}: custom must be an object")
    custom = custom or {}
    v = custom.get("verified")
    if v is not None:
        if not isinstance(v, dict) or not all(isinstance(v.get(k), str) and v[k].strip()
                                              for k in ("authority", "identifier", "url")):
            raise InputError(path, f"{where}: custom.verified needs authority, identifier and url")
        if why := urls.bad_url(v["url"]):
            raise InputError(path, f"{where}: custom.verified.url {why}")
        host = re.sub(r"^[a-z]+://", "", v["url"].strip().lower()).split("/")[0]
        if any(h in host for h in SHARING_HOSTS):
            raise InputError(path, f"{where}: custom.verified.url {host} is a document-sharing site, not an authority")
    if "identification" in custom and custom["identification"] not in IDENTIFICATIONS:
        raise InputError(path, f"{where}: custom.identification must be one of: {', '.join(IDENTIFICATIONS)}")
    if "acronym" in custom and not (isinstance(custom["acronym"], str) and custom["acronym"].strip()):
        raise InputError(path, f"{where}: custom.acronym must be a string")
    if "cited_as" in custom and not (isinstance(custom["cited_as"], list)
                                     and all(isinstance(x, str) and x.strip() for x in custom["cited_as"])):
        raise InputError(path, f"{where}: custom.cited_as must be a list of spellings")


def verification(item: dict) -> dict | None:
    """THE rule for "is this reference verified", used by pages and every export.

    Verified means checked against an authority: ``custom.verified`` = {"authority", "identifier",
    "url"}, and the result is that record. Nothing else counts (a free-text ``note`` never does):
    any other record, and every entry made from citations, is shown "as cited".
    """
    v = (item.get("custom") if isinstance(item.get("custom"), dict) else {}).get("verified")
    if isinstance(v, dict) and str(v.get("authority") or "").strip():
        return {k: str(v.get(k) or "").strip() for k in ("authority", "identifier", "url")}
    return None


def is_verified(item: dict) -> bool:
    return verification(item) is not None


def is_as_cited(item: dict) -> bool:
    """An entry the build made from citations alone (no record): authors and year, a law's
    designation or a URL, and the sources that cite it (``custom.cited_by``)."""
    return "cited_by" in (item.get("custom") or {})


def as_cited_label(item: dict) -> str:
    """How a reader names an as-cited entry: "Gordon (1989)", "Garofoli et al. (1991a)", a law's
    designation as cited, or the URL; never an empty field."""
    if item.get("type") == "webpage":
        return item.get("URL", "")
    parts = (item.get("issued") or {}).get("date-parts") or [[]]
    year = f"{parts[0][0]}{item.get('year-suffix', '')}" if parts[0] else ""
    if item.get("type") == "legislation":
        title = item.get("title", "")
        return f"{title} ({year})" if year and year[:4] not in title else title
    names = [a.get("family") or a.get("literal") or "" for a in item.get("author") or []]
    who = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " & " + names[-1] if names else ""
    if names and names[-1].endswith(ET_AL):  # "X et al." is one literal name
        who = ", ".join(names)
    return f"{who} ({year})" if year else who


# CSL type -> (OpenURL metadata format, rft.genre), for COinS (ANSI/NISO Z39.88-2004 KEV)
_COINS_FORMAT = {
    "article-journal": ("journal", "article"), "chapter": ("book", "bookitem"), "book": ("book", "book"),
    "report": ("book", "report"), "legislation": ("dc", None), "webpage": ("dc", None), "document": ("book", "document"),
}


def coins(item: dict) -> str:
    """The entry as a COinS ContextObject (the ``title`` of a ``span.Z3988``), which Zotero and
    other reference managers read from a page: only what the record holds, never an id."""
    from urllib.parse import urlencode
    fmt, genre = _COINS_FORMAT.get(item.get("type"), ("book", "document"))
    kv: list[tuple[str, str]] = [("ctx_ver", "Z39.88-2004"), ("rft_val_fmt", f"info:ofi/fmt:kev:mtx:{fmt}")]
    if genre:
        kv.append(("rft.genre", genre))
    title = item.get("title")
    if title:
        kv.append(({"journal": "rft.atitle", "dc": "rft.title"}.get(fmt, "rft.atitle" if genre == "bookitem" else "rft.btitle"), title))
    container = item.get("container-title")
    if container:
        kv.append(("rft.jtitle" if fmt == "journal" else "rft.btitle", container))
    for a in item.get("author") or []:
        name = a.get("literal") or ", ".join(x for x in (a.get("family"), a.get("given")) if x)
        if name:
            kv.append(("rft.creator" if fmt == "dc" else "rft.au", name))
    parts = (item.get("issued") or {}).get("date-parts") or [[]]
    if parts[0]:
        # date parts are integers or digit strings (as Zotero writes them)
        kv.append(("rft.date", "-".join(f"{int(p):02d}" if i else str(int(p)) for i, p in enumerate(parts[0]))))
    for key, field in (("rft.volume", "volume"), ("rft.issue", "issue"), ("rft.pages", "page"),
                       ("rft.pub", "publisher"), ("rft.place", "publisher-place"), ("rft.isbn", "ISBN")):
        if item.get(field):
            kv.append((key, str(item[field])))
    if item.get("DOI"):
        kv.append(("rft_id", f"info:doi/{item['DOI']}"))
    if item.get("URL"):
        kv.append(("rft_id", item["URL"]))
    return urlencode(kv)


def is_inferred(item: dict) -> bool:
    """The record exists, but that it is the work the sources cite is an inference
    (``custom.identification: "inferred"``): a verified record of this kind is "identified by
    inference", an unverified one stays "as cited"."""
    return (item.get("custom") or {}).get("identification") == "inferred"


def acronym_of(item: dict) -> str | None:
    """The acronym an institutional author is cited by ("MICT"), declared in ``custom.acronym``."""
    acro = (item.get("custom") or {}).get("acronym")
    return str(acro).strip() or None if acro else None


def cited_as(item: dict) -> list[str]:
    """The other spellings of the authors the sources print ("Ramella & Triglia")."""
    return [str(x) for x in ((item.get("custom") or {}).get("cited_as") or [])]


def _load_yaml_list(path: Path, required: tuple[str, ...], optional: tuple[str, ...]) -> list[dict]:
    """``aliases.yml`` or ``ignore.yml`` (optional): a plain file inside its folder, strict UTF-8,
    strict YAML (``yamlsafe``: a key given twice or an alias bomb is an error), a list of
    mappings whose keys are ``required`` or ``optional`` and whose values are text."""
    if not path.exists() and not path.is_symlink():
        return []
    _plain_file(path, path.parent, "a YAML file")
    data = yamlsafe.load(path, _read(path))
    if data is None:
        return []
    if not isinstance(data, list):
        raise InputError(path, "must be a list of entries")
    for n, entry in enumerate(data, 1):
        if not isinstance(entry, dict):
            raise InputError(path, f"entry {n}: not a mapping")
        label = entry.get("text") or entry.get("cite") or entry.get("name")
        label = repr(label) if isinstance(label, str) else f"entry {n}"
        for key in required:
            if not isinstance(entry.get(key), str) or not entry[key].strip():
                raise InputError(path, f"{label}: missing {key}")
        for key, value in entry.items():
            if key not in required + optional:
                raise InputError(path, f"{label}: unknown key {key!r} (expected {', '.join(required + optional)})")
            if not isinstance(value, str) or not value.strip():
                raise InputError(path, f"{label}: {key} must be text")
    return data


# --- names, years, titles -------------------------------------------------------------------
def _fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c)).casefold()


def _key(s: str) -> str:
    """Letters and digits only, folded: the form names are compared in."""
    return "".join(c for c in _fold(s) if c.isalnum())


def _slug(s: str) -> str:
    return "".join(c for c in _fold(s) if c.isascii() and c.isalnum())


def _osa(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance, stopping early above ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


def _acronym(literal: str) -> str:
    return "".join(w[0] for w in re.findall(r"[^\W\d_][\w'’-]*", literal) if w[0].isupper()).casefold()


WEAK = 0.5  # a name two edits away: accepted only when the co-authors match exactly


def _name_score(cited: str, name: str, literal: bool) -> float:
    """3 same name, 2 same by acronym or by last word, 1 a misspelling, WEAK a distant one, 0 no.

    A misspelling keeps the first letter and is at most 1 edit away for names of 4 to 6 letters,
    2 for longer ones ("Triglia"/"Trigilia", "Beccattini"/"Becattini"); shorter names must be
    equal. Two edits in a name of 5 or 6 letters ("Greek"/"Greco") is WEAK.
    """
    c, r = _key(cited), _key(name)
    if not c or not r:
        return 0
    if c == r:
        return 3
    if literal and len(c) >= 2 and c == _acronym(name):
        return 2
    words = cited.split()
    if len(words) > 1 and _key(words[-1]) == r:  # "Alfred Marshall" cites Marshall
        return 2
    shortest = min(len(c), len(r))
    if shortest < 4 or c[0] != r[0]:
        return 0
    limit = 1 if shortest <= 6 else 2
    d = _osa(c, r, 2)
    if d <= limit:
        return 1
    if d == 2 and shortest >= 5:
        return WEAK
    return 0


def names_match(a: tuple[str, ...], a_etal: bool, b: list[tuple[str, bool]], same_names=frozenset(),
                b_etal: bool = False, same_title: bool = False) -> float | None:
    """Score of cited names ``a`` against a record's (or a group's) names ``b`` [(name, is_literal)],
    or None when they are not the same authors.

    Same number of names, or "et al." on one side and more names on the other (compared on the
    names both give); every name must match. A misspelling (edit distance, see
    :func:`_name_score`) is a merge only when something else says it is the same work: another
    name of the citation is exact (a shared co-author: "Ramella and Triglia" is Ramella and
    Trigilia), ``aliases.yml`` declares the two spellings one name (``same_names``), or the
    titles are identical. So "Conti, 2010" and "Conte, 2010" stay two works. A WEAK (two-edit)
    name needs every other name exact.
    """
    if not a or not b:
        return None
    if a_etal and b_etal:
        n = min(len(a), len(b))
    elif a_etal:  # "Becattini et al.": the record has more names than those cited
        if len(b) < 2 or len(b) <= len(a):
            return None
        n = len(a)
    elif b_etal:
        if len(a) < 2 or len(a) <= len(b):
            return None
        n = len(b)
    else:
        if len(a) != len(b):
            return None
        n = len(a)
    scores = []
    for x, (y, lit) in zip(a[:n], b[:n]):
        score = _name_score(x, y, lit)
        if score != 3 and frozenset((_key(x), _key(y))) in same_names:
            score = 3  # declared one name: as good as an exact match
        scores.append(score)
    if not all(scores):
        return None
    weak = [s for s in scores if s == WEAK]
    if weak and (len(weak) > 1 or len(scores) < 2 or any(s not in (3, WEAK) for s in scores)):
        return None
    if any(s in (1, WEAK) for s in scores) and not (same_title or 3 in scores):
        return None  # a misspelling with nothing to corroborate it
    return sum(scores)


def _record_names(item: dict) -> list[tuple[str, bool]]:
    names = item.get("author") or item.get("editor") or []
    out = []
    for n in names:
        if n.get("literal"):
            out.append((n["literal"], True))
        elif n.get("family"):
            fam = n["family"]
            if n.get("non-dropping-particle"):
                fam = f"{n['non-dropping-particle']} {fam}"
            out.append((fam, False))
    return out


def _year_of(item: dict) -> str | None:
    issued = item.get("issued") or {}
    parts = issued.get("date-parts") or []
    if parts and parts[0]:
        return str(parts[0][0])
    m = re.search(r"\b(1[5-9]\d\d|20\d\d)\b", str(issued.get("literal") or issued.get("raw") or ""))
    return m.group(1) if m else None


def _split_year(year: str | None) -> tuple[str | None, str]:
    if not year:
        return None, ""
    return year[:4], year[4:]


_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.I)


def _title_key(title: str) -> str:
    t = " ".join(title.replace("“", " ").replace("”", " ").replace('"', " ").split())
    return _key(_ARTICLE.sub("", t))


def _titles(item: dict) -> list[str]:
    title = " ".join(str(item.get("title") or "").split())
    if not title:
        return []
    out = [title]
    main = re.split(r"\s*:\s+", title, maxsplit=1)[0]
    if main != title:
        out.append(main)
    short = item.get("title-short") or item.get("shortTitle")
    if short:
        out.append(" ".join(str(short).split()))
    return out


# words English headline case leaves in lower case (unless first)
_MINOR = frozenset("a an the and but or nor for so yet as at by in of off on per to up via with from into "
                   "over than".split())


def headline_case(title: str) -> str:
    """An English title as running text prints it ("Industry and Trade"): the records are in
    APA sentence case ("Industry and trade"), so the title finder, which matches case as
    written, looks for both."""
    out, first = [], True
    for w in title.split(" "):
        if w and (first or w.casefold() not in _MINOR):
            w = w[:1].upper() + w[1:]
        out.append(w)
        first = w.endswith((":", ".", "?", "!"))  # a subtitle starts like a title
    return " ".join(out)


def title_keys(items: list[dict]) -> tuple[str, ...]:
    """Titles (full, main title before a colon, short title) of the records that are works, not
    laws: what ``find_citations(text, titles=...)`` looks for in running text. An English title
    is looked for also in headline case."""
    out: list[str] = []
    for item in items:
        if item.get("type") in ("legislation", "bill", "regulation", "webpage"):
            continue
        english = (item.get("language") or "en").startswith("en")
        for t in _titles(item):
            for form in (t, headline_case(t)) if english else (t,):
                if len(form.split()) >= 2 and form not in out:
                    out.append(form)
    return tuple(out)


def prose_works(items: list[dict]) -> tuple[tuple[str, str], ...]:
    """(name, year) of the records an author or an institution named with a year in running text
    may cite ("la Banca d'Italia nel 2004"): the sole author's family name (with its particle) or
    an institution's name, and its declared acronym (``custom.acronym``). Only these, so that a year
    in prose is a citation only where a known work has that name and that year."""
    out: list[tuple[str, str]] = []
    for item in items:
        year = _year_of(item)
        if not year or item.get("type") in _LAW_TYPES:
            continue
        year += str(item.get("year-suffix", ""))
        names = _record_names(item)
        forms = [names[0][0]] if len(names) == 1 else [n for n, literal in names if literal]
        acro = acronym_of(item)
        if acro:
            forms.append(acro)
        out += [(f, year) for f in forms if (f, year) not in out]
    return tuple(out)


def make_finder(items: list[dict]):
    """``find_citations`` with the titles and prose names of ``items``: a one-argument function
    for the pipeline."""
    from .citations import find_citations

    titles = title_keys(items)
    prose = prose_works(items)
    return lambda text: find_citations(text, titles, prose)


def _url_key(url: str) -> str:
    u = url.strip().lower()
    u = re.sub(r"^[a-z]+://", "", u)
    u = re.sub(r"^www\.", "", u)
    return u.rstrip("/")


def _spelling(names: tuple[str, ...], etal: bool) -> str:
    return ", ".join(names) + (" " + ET_AL if etal else "")


def _display(names: tuple[str, ...], etal: bool) -> str:
    """Names as a reader tells them apart: "Ramella & Triglia", "Rossi, Bianchi & Verdi"."""
    if etal:
        return " ".join((*names[:1], ET_AL)) if len(names) == 1 else ", ".join(names) + " " + ET_AL
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " & " + names[-1]


def _gen_id(names: tuple[str, ...], etal: bool, year: str | None) -> str:
    slugs = [_slug(n) or "anon" for n in names] or ["anon"]
    if etal or len(slugs) > 2:
        base = f"{slugs[0]}_etal"
    else:
        base = "_".join(slugs)
    return f"{base}{year or 'nd'}"


# --- the result -----------------------------------------------------------------------------
@dataclass
class Bibliography:
    """Every reference (verified + as cited) and where each citation points."""

    items: list[dict]
    links: dict[tuple[str, str, int], str]  # (source id, anchor, cite start) -> reference id
    cited_in: dict[str, list[tuple[str, str]]]  # reference id -> [(source id, anchor)]
    spellings: dict[str, list[str]]  # reference id -> author spellings seen in the sources
    unresolved: list[tuple[str, str, Cite]]  # not ignored
    ignored: list[tuple[str, str, Cite, str]] = field(default_factory=list)  # + reason


# --- the records, indexed once for every resolver -------------------------------------------
_LAW_TYPES = ("legislation", "bill", "regulation")


@dataclass
class Index:
    """What the resolvers look records up by. ``same_names``: pairs of name keys declared the
    same person's spellings in ``aliases.yml`` (``- name: …, same_as: …``)."""

    records: list[dict]
    names: dict[str, list[tuple[str, bool]]]
    year: dict[str, str | None]
    suffix: dict[str, str]
    titles: dict[str, list[str]]  # title key -> ids
    urls: dict[str, list[str]]  # URL key -> ids
    laws: list[dict]
    acronyms: dict[str, list[str]]  # folded acronym (custom.acronym) -> ids
    aliases: dict[str, str] = field(default_factory=dict)  # cited text -> id
    same_names: frozenset = frozenset()

    @classmethod
    def of(cls, records: list[dict], aliases: dict[str, str] | None = None, same_names=frozenset()) -> "Index":
        titles: dict[str, list[str]] = defaultdict(list)
        urls: dict[str, list[str]] = defaultdict(list)
        acronyms: dict[str, list[str]] = defaultdict(list)
        for r in records:
            if r.get("type") not in _LAW_TYPES:
                for t in _titles(r):
                    titles[_title_key(t)].append(r["id"])
            if r.get("URL"):
                urls[_url_key(r["URL"])].append(r["id"])
            acro = acronym_of(r)
            if acro:
                acronyms[_key(acro)].append(r["id"])
        return cls(
            records=records,
            names={r["id"]: _record_names(r) for r in records},
            year={r["id"]: _split_year(_year_of(r))[0] for r in records},
            suffix={r["id"]: str(r.get("year-suffix", "")) for r in records},
            titles=titles, urls=urls,
            laws=[r for r in records if r.get("type") in _LAW_TYPES],
            acronyms=acronyms, aliases=dict(aliases or {}), same_names=frozenset(same_names),
        )


Match = tuple  # (reference id or None, ambiguous: bool)
NO_MATCH: Match = (None, False)


def _unique(ids: list[str]) -> Match:
    ids = list(dict.fromkeys(ids))
    return (ids[0], False) if len(ids) == 1 else (None, len(ids) > 1)


def _keep_best(score: float | None, best: list, ref) -> None:
    """Keep in ``best`` the [(score, ref)] with the highest score (several on a tie)."""
    if score is None:
        return
    if not best or score > best[0][0]:
        best[:] = [(score, ref)]
    elif score == best[0][0]:
        best.append((score, ref))


def _best(best: list) -> Match:
    return (best[0][1], False) if len(best) == 1 else (None, len(best) > 1)


def _is_acronym(name: str) -> bool:
    return len(name) > 1 and name.isupper() and name.isalpha()


# --- one resolver per citation kind ---------------------------------------------------------
def resolve_alias(cite: Cite, idx: Index) -> Match:
    """aliases.yml names the record for this exact cited text."""
    return idx.aliases.get(" ".join(cite.text.split())), False


def resolve_acronym(cite: Cite, idx: Index) -> Match:
    """An institution cited by its acronym ("MICT, 2012"): the record of that year that declares
    it (``custom.acronym``), whatever its id; failing that, the record whose id is the key the
    citation would get ("mict2012"). Otherwise the author-year resolver decides (initials)."""
    year, suffix = _split_year(cite.year)
    same_year = [r["id"] for r in idx.records if idx.year[r["id"]] == year and idx.suffix[r["id"]] == suffix]
    declared = [rid for rid in idx.acronyms.get(_key(cite.names[0]), []) if rid in same_year]
    if declared:
        return _unique(declared)
    gen = _gen_id(cite.names, cite.et_al, cite.year)
    by_id = [rid for rid in same_year if rid.casefold() == gen
             and names_match(cite.names, cite.et_al, idx.names[rid], idx.same_names) is None]
    return _unique(by_id)


def resolve_author_year(cite: Cite, idx: Index) -> Match:
    """Author-year and footnote references: same year and suffix, the cited names (see
    :func:`names_match`); a footnote's title that agrees with the record's adds to the score."""
    year, suffix = _split_year(cite.year)
    best: list = []
    for r in idx.records:
        rid = r["id"]
        if idx.year[rid] != year or idx.suffix[rid] != suffix:
            continue
        titles = _titles(r)
        same_title = bool(cite.title) and any(
            _title_key(t).startswith(_title_key(cite.title)[:20]) for t in titles)
        score = names_match(cite.names, cite.et_al, idx.names[rid], idx.same_names,
                            same_title=bool(cite.title) and any(_title_key(t) == _title_key(cite.title) for t in titles))
        if score is not None and same_title:
            score += 1  # a footnote's title confirms the record
        _keep_best(score, best, rid)
    return _best(best)


def resolve_undated(cite: Cite, idx: Index) -> Match:
    """A work cited without a year ("Rossi, s.d.", "Bianchi, in corso di stampa"): a record with no
    year, or with a ``status`` (forthcoming, in press), whose authors are the cited names."""
    best: list = []
    for r in idx.records:
        rid = r["id"]
        if idx.year[rid] is not None and not r.get("status"):
            continue
        _keep_best(names_match(cite.names, cite.et_al, idx.names[rid], idx.same_names), best, rid)
    return _best(best)


def resolve_title(cite: Cite, idx: Index) -> Match:
    """A work named by its title; the possessive before it picks among namesakes."""
    ids = list(dict.fromkeys(idx.titles.get(_title_key(cite.title or cite.text), [])))
    if len(ids) > 1 and cite.authors:  # "Marshall’s Industry and Trade"
        ids = [i for i in ids if any(_name_score(cite.authors[0], n, lit) for n, lit in idx.names[i])] or ids
    return _unique(ids)


def resolve_law(cite: Cite, idx: Index) -> Match:
    """The legislation record with the same number (and year), or whose title starts with the
    cited designation."""
    des = cite.title or cite.text
    num = re.search(r"(\d{1,4})\s*/\s*\d{2,4}\b", des) or re.search(r"\b[Nn]\.\s*(\d{1,4})\b", des)
    hits = []
    for r in idx.laws:
        title = str(r.get("title", ""))
        if num:
            if cite.year and _year_of(r) != cite.year:
                continue
            n = num.group(1)
            if re.search(rf"(?:\b[Nn]\.\s*|\b){n}\s*/\s*\d|\b[Nn]\.\s*{n}\b", title):
                hits.append(r["id"])
        elif _key(title).startswith(_key(des)):
            if not cite.year or _year_of(r) == cite.year:
                hits.append(r["id"])
    return (hits[0], False) if len(hits) == 1 else (None, len(hits) > 1)


def resolve_url(cite: Cite, idx: Index) -> Match:
    """The record with the same URL (scheme, "www." and a final slash ignored)."""
    return _unique(idx.urls.get(_url_key(cite.title or cite.text), []))


_WORKS = ("author-year", "footnote", "prose")


@dataclass(frozen=True)
class Resolver:
    """One rule of the registry: it is tried on the citations ``applies`` accepts; the first
    resolver that finds a record (or finds several: ambiguous) decides."""

    name: str
    applies: object  # callable(Cite) -> bool
    match: object  # callable(Cite, Index) -> Match
    reason: str


# Ordered: a citation kind is added here, with its resolver above.
RESOLVERS: tuple[Resolver, ...] = (
    Resolver("alias", lambda c: True, resolve_alias, "an editor's decision beats every rule"),
    Resolver("acronym", lambda c: c.kind in _WORKS and bool(c.year) and len(c.names) == 1 and _is_acronym(c.names[0]),
             resolve_acronym, "an institution's acronym is declared by its record, not guessed from its id"),
    Resolver("author-year", lambda c: c.kind in _WORKS and bool(c.year), resolve_author_year,
             "names and year identify a work"),
    Resolver("undated", lambda c: c.kind in _WORKS and not c.year and bool(c.status) and bool(c.names),
             resolve_undated, "a work cited without a year (s.d., forthcoming) is a record without one"),
    Resolver("title", lambda c: c.kind == "title", resolve_title, "a work named by its title"),
    Resolver("law", lambda c: c.kind == "law", resolve_law, "a law by number and year, or designation"),
    Resolver("url", lambda c: c.kind == "url", resolve_url, "a web page by its address"),
)


def match_citation(cite: Cite, idx: Index, resolvers=RESOLVERS) -> Match:
    """The dispatcher: the first resolver of the registry that decides."""
    for r in resolvers:
        if r.applies(cite):
            ref, ambiguous = r.match(cite, idx)
            if ref is not None or ambiguous:
                return ref, ambiguous
    return NO_MATCH


def refusal(cite: Cite, ambiguous: bool, year: int) -> str | None:
    """Why an unmatched citation gets no as-cited entry (None: it gets one).

    A work dated after the build year cannot exist yet: no entry is invented for it
    ("(Xyzzy, 2098)"); a title that no record has cannot be described; nor can names without
    a year."""
    if ambiguous:
        return "ambiguous"
    if cite.kind in _WORKS and cite.year and int(cite.year[:4]) > year:
        return "year after the build year"
    if cite.kind == "title":
        return "unknown title"
    if cite.kind in _WORKS and not (cite.names and (cite.year or cite.status)):
        return "no author or year"
    return None


# --- as-cited entries: one family per kind --------------------------------------------------
@dataclass
class _Group:
    """The citations of one work not in the verified records."""

    kind: str  # "work", "law", "url"
    names: tuple[str, ...] = ()
    etal: bool = False
    year: str | None = None
    status: str | None = None  # a work without a year: its words as cited ("in corso di stampa")
    key: str = ""  # law designation / URL key
    label: str = ""  # law designation / URL as cited
    members: list[tuple[str, str, Cite]] = field(default_factory=list)
    id: str = ""

    @property
    def titles(self) -> set[str]:
        return {_title_key(c.title) for _, _, c in self.members if c.title}


def _url_group(cite: Cite, groups: list[_Group], idx: Index) -> _Group:
    key = _url_key(cite.title or cite.text)
    return next((g for g in groups if g.kind == "url" and g.key == key), None) or \
        _Group("url", key=key, label=cite.title or cite.text)


def _law_group(cite: Cite, groups: list[_Group], idx: Index) -> _Group:
    label = " ".join((cite.title or cite.text).split())
    key = _key(label)
    return next((g for g in groups if g.kind == "law" and g.key == key and g.year == cite.year), None) or \
        _Group("law", year=cite.year, key=key, label=label)


def _work_group(cite: Cite, groups: list[_Group], idx: Index) -> _Group:
    status = None if cite.year else _status_key(cite.status)
    for g in groups:
        if g.kind == "work" and g.year == cite.year and g.status == status:
            same_title = bool(cite.title) and _title_key(cite.title) in g.titles
            if names_match(cite.names, cite.et_al, [(n, False) for n in g.names], idx.same_names,
                           b_etal=g.etal, same_title=same_title) is not None:
                return g
    return _Group("work", names=cite.names, etal=cite.et_al, year=cite.year, status=status)


def _status_key(status: str | None) -> str | None:
    """"s.d." and "n.d." are one thing (no date); "forthcoming", "in press", "in corso di stampa"
    another; the entry keeps the words as cited."""
    if not status:
        return None
    return "nd" if re.fullmatch(r"[sn]\.\s?d\.", status) else "forthcoming"


def _url_item(g: _Group) -> tuple[str, dict]:
    url = g.label if re.match(r"^[a-z]+://", g.label, re.I) else "http://" + g.label
    return "url_" + re.sub(r"[^a-z0-9]+", "_", g.key)[:60].strip("_"), {"type": "webpage", "URL": url}


def _law_item(g: _Group) -> tuple[str, dict]:
    item = {"type": "legislation", "title": g.label}
    if g.year:
        item["issued"] = {"date-parts": [[int(g.year)]]}
    return "law_" + re.sub(r"[^a-z0-9]+", "_", _fold(g.label))[:60].strip("_"), item


def _work_item(g: _Group) -> tuple[str, dict]:
    # canonical spelling: the most frequent full name list (first seen on a tie)
    forms = [(c.names, c.et_al) for _, _, c in g.members]
    full = [f for f in forms if not f[1]] or forms  # a full author list beats "et al."
    counts = Counter(full)
    top = max(counts.values())
    names, etal = next(f for f in full if counts[f] == top)
    g.names, g.etal = names, etal
    if etal:
        author = [{"family": n} for n in names[:-1]] + [{"literal": f"{names[-1]} {ET_AL}"}]
    else:
        author = [{"literal": n} if n.isupper() and len(n) > 1 else {"family": n} for n in names]
    item = {"type": "document", "author": author}
    year, suffix = _split_year(g.year)
    if year:
        item["issued"] = {"date-parts": [[int(year)]]}
    if suffix:
        item["year-suffix"] = suffix
    if g.status == "forthcoming":  # as the first citation words it: "in corso di stampa", "forthcoming"
        item["status"] = next(c.status for _, _, c in g.members if c.status)
    return _gen_id(names, etal, g.year), item


# cite kind -> (find or start its group, the entry the group becomes)
AS_CITED = {
    "author-year": (_work_group, _work_item),
    "footnote": (_work_group, _work_item),
    "prose": (_work_group, _work_item),
    "law": (_law_group, _law_item),
    "url": (_url_group, _url_item),
}


def _load_aliases(bib_dir: Path, by_id: dict) -> tuple[dict[str, str], frozenset]:
    """``aliases.yml``: ``- cite: <text>, ref: <id>`` (this citation is that record) or
    ``- name: <spelling>, same_as: <spelling>`` (two spellings of one person's name, so that
    citations differing only there are one work); every entry with its ``reason``."""
    path = bib_dir / "aliases.yml"
    entries = _load_yaml_list(path, ("reason",), ("cite", "ref", "name", "same_as"))
    cites: dict[str, str] = {}
    names = set()
    for n, a in enumerate(entries, 1):
        if isinstance(a.get("cite"), str) and isinstance(a.get("ref"), str):
            if a["ref"] not in by_id:
                raise InputError(path, f"{a['cite']!r}: unknown reference {a['ref']!r}")
            cites[" ".join(a["cite"].split())] = a["ref"]
        elif isinstance(a.get("name"), str) and isinstance(a.get("same_as"), str):
            names.add(frozenset((_key(a["name"]), _key(a["same_as"]))))
        else:
            raise InputError(path, f"entry {n}: needs cite and ref, or name and same_as")
    return cites, frozenset(names)


def resolve(cites: list[tuple[str, str, Cite]], items: list[dict], bib_dir, year: int | None = None) -> Bibliography:
    """Link every citation to a reference; create the references "as cited" that are missing.

    ``cites``: (source id, paragraph anchor, cite) in reading order (it gives the order of
    ``cited_in`` and of the sources in an as-cited note). ``items`` are not modified: the
    result holds copies. ``year``: the build year (no work is dated after it); default the
    current year.
    """
    if year is None:
        from datetime import datetime, timezone
        year = datetime.now(timezone.utc).year
    bib_dir = Path(bib_dir)
    ignore = _load_yaml_list(bib_dir / "ignore.yml", ("text", "reason"), ("source",))
    records = [copy.deepcopy(i) for i in items]
    alias_map, same_names = _load_aliases(bib_dir, {r["id"]: r for r in records})
    idx = Index.of(records, alias_map, same_names)
    ignore_map = [(" ".join(e["text"].split()), e.get("source"), e["reason"]) for e in ignore]

    ref_of: dict[int, str] = {}  # index in ``cites`` -> reference id
    groups: list[_Group] = []
    unresolved: list[tuple[str, str, Cite]] = []
    ignored: list[tuple[str, str, Cite, str]] = []
    pending: list[tuple[int, _Group]] = []  # as cited: ids are given once all are grouped
    last: dict[str, object] = {}  # source id -> the reference id or as-cited group cited last

    for i, (source, anchor, cite) in enumerate(cites):
        text = " ".join(cite.text.split())
        hit = next((r for t, s, r in ignore_map if t == text and (not s or s == source)), None)
        if hit is not None:
            ignored.append((source, anchor, cite, hit))
            continue
        if cite.kind == "ibid":  # "Ibid.", "Ivi": the work cited just before in the same source
            prev = last.get(source)
            if isinstance(prev, _Group):
                pending.append((i, prev))
            elif prev is not None:
                ref_of[i] = prev
            else:
                log.info("unresolved citation in %s#%s: %r (nothing cited before)", source, anchor, cite.text)
                unresolved.append((source, anchor, cite))
            continue
        ref, ambiguous = match_citation(cite, idx)
        if ref is not None:
            ref_of[i] = ref
            last[source] = ref
            continue
        why = refusal(cite, ambiguous, year)
        if why or cite.kind not in AS_CITED:
            # info: the MkDocs adapter (site.py) reports each one as a warning naming the file
            log.info("unresolved citation in %s#%s: %r (%s)", source, anchor, cite.text, why or "unknown kind")
            unresolved.append((source, anchor, cite))
            continue
        find_group = AS_CITED[cite.kind][0]
        g = find_group(cite, groups, idx)
        if g not in groups:
            groups.append(g)
        g.members.append((source, anchor, cite))
        pending.append((i, g))
        last[source] = g

    new_items = _as_cited_items(groups, {r["id"].casefold() for r in records})
    ref_of.update({i: g.id for i, g in pending})
    return _assemble(cites, ref_of, records, new_items, groups, unresolved, ignored)


def _as_cited_items(groups: list[_Group], taken: set[str]) -> list[dict]:
    out = []
    for g in groups:
        kind = g.members[0][2].kind
        base, item = AS_CITED[kind][1](g)
        sources = list(dict.fromkeys(s for s, _, _ in g.members))
        item.setdefault("custom", {})["cited_by"] = sources
        rid, n = base, 2
        while rid.casefold() in taken:
            rid, n = f"{base}_{n}", n + 1
        taken.add(rid.casefold())
        g.id = rid
        out.append({"id": rid, **item})
        log.info("as cited: %s (%d citation(s))", rid, len(g.members))
    return out


def _assemble(cites, ref_of, records, new_items, groups, unresolved, ignored) -> Bibliography:
    """Links, cited_in and spellings, in reading order."""
    links: dict[tuple[str, str, int], str] = {}
    cited_in: dict[str, list[tuple[str, str]]] = {}
    seen_forms: dict[str, list[tuple[tuple[str, ...], bool]]] = defaultdict(list)
    for i, (source, anchor, cite) in enumerate(cites):
        rid = ref_of.get(i)
        if rid is None:
            continue
        links[(source, anchor, cite.start)] = rid
        places = cited_in.setdefault(rid, [])
        if (source, anchor) not in places:
            places.append((source, anchor))
        if cite.kind in _WORKS and cite.names:
            form = (cite.names, cite.et_al)
            if form not in seen_forms[rid]:
                seen_forms[rid].append(form)

    all_items = records + new_items
    by_id = {r["id"]: r for r in all_items}
    spellings: dict[str, list[str]] = {}
    as_cited_ids = {g.id for g in groups}
    for rid, forms in seen_forms.items():
        own = [n for n, _ in _record_names(by_id[rid])]
        if not own:
            continue
        differs = any(list(names) != own[: len(names)] or (not etal and len(names) != len(own))
                      for names, etal in forms)
        if rid in as_cited_ids:  # the entry's own form is one of those seen
            differs = len({_spelling(n, e) for n, e in forms}) > 1
        if differs:
            spellings[rid] = list(dict.fromkeys(_spelling(n, e) for n, e in forms))
            custom = by_id[rid].setdefault("custom", {})
            # the forms the sources print, other than the entry's own ("Triglia", "Greek")
            own_form = _display(tuple(own), False)
            seen = [_display(n, e) for n, e in forms]
            custom["cited_as"] = list(dict.fromkeys(
                list(custom.get("cited_as") or []) + [f for f in seen if f != own_form]))
            if len(forms) > 1:
                log.info("merged spellings for %s: %s", rid, "; ".join(spellings[rid]))

    all_items.sort(key=sort_key)
    return Bibliography(all_items, links, cited_in, spellings, unresolved, ignored)


def sort_key(item: dict):
    """APA 7 order (§9.44-9.47): by the authors' family names, name by name (so a one-author work
    comes before the multi-author works of the same first author, and those go by the second
    author); a work without author by its title or URL (leading article dropped); then undated
    works first, then by year; then year suffix and title. Given names break ties after the year,
    as as-cited entries have none."""
    families, given = [], []
    for n in (item.get("author") or item.get("editor") or []):
        if n.get("literal"):
            families.append(_key(n["literal"]))
        else:
            families.append(_key(" ".join(x for x in (n.get("non-dropping-particle"), n.get("family")) if x)))
            given.append(_key(n.get("given") or ""))
    if not families:
        families = [_title_key(str(item.get("title") or "") or _url_key(str(item.get("URL") or "")))]
    year = _year_of(item) or "0000"  # "n.d." comes first
    return (tuple(families), year, str(item.get("year-suffix", "")), tuple(given),
            _title_key(str(item.get("title") or "")), item["id"])


# --- formatting -----------------------------------------------------------------------------
_STOP = {
    "it": set("il lo la i gli le di del della dello dei degli delle nel nella nello nei negli nelle "
              "per con su sul sulla dal dalla al alla alle agli e ed un una uno che tra fra l d dell "
              "nell all sull dall come non dove perché".split()),
    "fr": set("le la les des du de et en un une au aux dans pour sur l d est".split()),
    "de": set("der die das und im in von zur zum für mit des den ein eine".split()),
    "es": set("el la los las de del y en un una por para con".split()),
    "en": set("the of and in for on a an to with by from after at its their how why does".split()),
}


def guess_language(title: str) -> str | None:
    """The language of a title by its function words ("it", "fr", ...), or None for English or
    when there is no evidence. Used to keep the CSL processor from title-casing Italian titles."""
    words = re.findall(r"[^\W\d_]+", _fold(title))
    score = {lang: sum(w in stop for w in words) for lang, stop in _STOP.items()}
    best = max(score, key=lambda k: (score[k], k == "it"))
    if score[best] == 0 or best == "en" or score[best] <= score["en"]:
        return None
    return best


_RAW_KEYS = ("id", "type", "language")


def _escaped(value):
    """HTML-escape every string of a CSL value: citeproc-py's HTML formatter escapes the style's
    own text but passes the data through as it is."""
    if isinstance(value, str):
        return html.escape(value, quote=False)
    if isinstance(value, list):
        return [_escaped(v) for v in value]
    if isinstance(value, dict):
        return {k: _escaped(v) for k, v in value.items()}
    return value


def year_suffixes(items: list[dict]) -> dict[str, str]:
    """APA 7 §9.47 (and Chicago 15.19): works by the same authors in the same year get "a", "b", …
    in the order of their titles (leading article dropped). Only records without a
    ``year-suffix`` of their own, and only where no work of the group has one (an as-cited entry
    keeps the suffix its sources print, "Camagni 1991a"). Returns id -> suffix."""
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for item in items:
        names = item.get("author") or item.get("editor") or []
        year = _year_of(item)
        if not names or not year:
            continue
        who = tuple((_key(n.get("literal") or n.get("family") or ""), _key(n.get("given") or "")) for n in names)
        groups[(who, year)].append(item)
    out: dict[str, str] = {}
    for group in groups.values():
        if len(group) < 2 or any(i.get("year-suffix") for i in group):
            continue
        for n, item in enumerate(sorted(group, key=lambda i: (_title_key(str(i.get("title") or "")), i["id"]))):
            out[item["id"]] = chr(ord("a") + n) if n < 26 else f"a{chr(ord('a') + n - 26)}"
    return out


def _punctuation_in_quote(text: str) -> str:
    """The en-US locale's ``punctuation-in-quote`` option, which citeproc-py does not implement:
    a period or comma that follows a closing quotation mark goes inside it (“Title.”)."""
    return re.sub(r"([”’])([.,])", r"\2\1", text)


_MONTHS_IT = "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre"
_MONTH_DAY_IT = re.compile(rf"\b({'|'.join(_MONTHS_IT.split())}) (\d{{1,2}})\b(?![.,]?\d)")


def _day_month(text: str) -> str:
    """Italian puts the day before the month ("2015, 24 febbraio"); the styles' month-day macros
    print the parts in a fixed order, which CSL cannot vary by language."""
    return _MONTH_DAY_IT.sub(r"\2 \1", text)


def _for_citeproc(item: dict, for_html: bool, suffix: str | None = None) -> dict:
    out = {k: v for k, v in item.items() if k not in ("custom", "note")}
    acronym = acronym_of(item)
    names = out.get("author") or []
    if acronym and names and names[0].get("literal") and acronym not in names[0]["literal"]:
        # the form the reader saw in the text: "Ministro per la Coesione Territoriale (MICT)"
        out["author"] = [dict(names[0], literal=f'{names[0]["literal"]} ({acronym})'), *names[1:]]
    if suffix:
        out["year-suffix"] = suffix
    if "language" not in out and out.get("title"):
        lang = guess_language(str(out["title"]))
        if lang:
            out["language"] = lang
    if for_html:
        out = {k: (v if k in _RAW_KEYS else _escaped(v)) for k, v in out.items()}
    container = out.get("container-title")
    if isinstance(container, str) and str(out.get("language", "en")).startswith("en") and guess_language(container):
        # a journal in another language than its article ("Revue d'économie industrielle" holding an
        # English article) keeps its case: CSL-JSON's nocase span, which citeproc-py and pandoc honour
        out["container-title"] = f'<span class="nocase">{container}</span>'
    return out


@lru_cache(maxsize=8)
def _style(style: str, locale: str):
    from citeproc import CitationStylesStyle

    if style not in STYLES:
        raise ValueError(f"unknown citation style {style!r} (expected one of {', '.join(STYLES)})")
    _memoize_xpath()
    return CitationStylesStyle(str(STYLES_DIR / STYLES[style]), locale=locale, validate=False)


# the citeproc-py release and the fingerprint of the three methods _memoize_xpath wraps (lessico/patching.py)
CITEPROC_PATCHED = ("citeproc-py", "0.11.1", "4735a405762c8e2a")


def _memoize_xpath() -> None:
    """citeproc-py runs an XPath query on the style for every macro call of every entry (~37,000
    queries, about 80 % of the formatting time); the style and locale trees never change, so each
    answer is kept. The element is kept with its answer: its lxml proxy, and so its ``id``, stays
    the same (and is never reused) for the life of the process."""
    from citeproc.model import CitationStylesElement, Parent, Text

    from . import patching

    if getattr(CitationStylesElement, "_lessico_memo", False):
        return
    query = CitationStylesElement.xpath_search
    patching.check("lessico/references.py", "_memoize_xpath", *CITEPROC_PATCHED,
                   [query, Parent.calls_variable, Text.calls_variable])
    memo: dict[tuple[int, str], tuple[object, list]] = {}

    def xpath_search(self, expression):
        hit = memo.get((id(self), expression))
        if hit is None:
            hit = memo[(id(self), expression)] = (self, query(self, expression))
        return list(hit[1])

    xpath_search.__wrapped__, xpath_search.memo = query, memo  # for tests/test_patches.py
    CitationStylesElement.xpath_search = xpath_search
    CitationStylesElement._lessico_memo = True

    # Likewise "does this element (or a macro it calls) use a variable?", asked again for every
    # group of every entry (~87,000 recursive calls): it depends on the style tree alone.
    for cls in (Parent, Text):
        def calls_variable(self, _plain=cls.calls_variable, _memo={}):
            hit = _memo.get(id(self))
            if hit is None:
                hit = _memo[id(self)] = (self, _plain(self))
            return hit[1]
        calls_variable.__wrapped__ = cls.calls_variable
        cls.calls_variable = calls_variable


def _format(items: list[dict], lang: str, fmt, style: str) -> dict[str, str]:
    from citeproc import Citation, CitationItem, CitationStylesBibliography
    from citeproc.formatter import html as html_formatter
    from citeproc.source.json import CiteProcJSON

    if lang not in LOCALES:
        raise ValueError(f"unknown language {lang!r} (expected one of {', '.join(LOCALES)})")
    suffixes = year_suffixes(items)
    data = [_for_citeproc(i, fmt is html_formatter, suffixes.get(i["id"])) for i in items]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # citeproc-py warns about CSL fields it does not use
        source = CiteProcJSON(data)
        bib = CitationStylesBibliography(_style(style, LOCALES[lang]), source, fmt)
        for item in data:
            bib.register(Citation([CitationItem(item["id"])]))
        entries = bib.bibliography()
    lower = {i["id"].lower(): i["id"] for i in items}
    out = {lower[key]: str(entry) for key, entry in zip(bib.keys, entries)}
    if LOCALES[lang] == "en-US":
        out = {k: _punctuation_in_quote(v) for k, v in out.items()}
    elif LOCALES[lang] == "it-IT":
        out = {k: _day_month(v) for k, v in out.items()}
    return out


def format_bibliography(items: list[dict], lang: str, style: str = STYLE) -> dict[str, str]:
    """reference id -> the entry as HTML, formatted by citeproc-py in ``lang`` ("it" or "en").

    ``style`` is a key of ``STYLES``: APA 7th edition (the default) or Chicago 17th edition
    author-date, both vendored in ``lessico/styles/`` with local fixes for citeproc-py and complete
    Italian locales (each file's header lists them). Around the engine, in memory only: year
    suffixes for works by the same authors in the same year (:func:`year_suffixes`); a
    ``language`` guessed from the title when the record has none, so Italian titles are not
    title-cased; a journal in another language than its article protected by a nocase span; in
    English the period and comma inside closing quotes (``punctuation-in-quote``), in Italian the
    day before the month. Every type the corpus uses is tested against expected renderings in
    tests/test_reference_styles.py.
    """
    from citeproc import formatter

    return _format(items, lang, formatter.html, style)


def format_plain(items: list[dict], lang: str, style: str = STYLE) -> dict[str, str]:
    """reference id -> the entry as plain text (tooltips, exports)."""
    from citeproc import formatter

    return _format(items, lang, formatter.plain, style)
