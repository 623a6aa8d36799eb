"""BibTeX export of the bibliography (CSL-JSON is ``json.dumps`` of the same items).

A small writer: CSL types map to @book, @article, @incollection, @techreport or @misc; only the
fields an item has are written; text is escaped for LaTeX; titles are braced so that BibTeX
styles keep their case; ``language`` becomes ``langid``. No provenance note is written: internal
notes never reach users.
"""
from __future__ import annotations

import re

from ..citations import ET_AL

_TYPES = {
    "book": "book",
    "collection": "book",
    "article": "article",
    "article-journal": "article",
    "article-magazine": "article",
    "article-newspaper": "article",
    "chapter": "incollection",
    "entry-encyclopedia": "incollection",
    "entry-dictionary": "incollection",
    "paper-conference": "incollection",
    "report": "techreport",
}

_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "%": r"\%",
    "&": r"\&",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "^": r"\^{}",
    "~": r"\~{}",
}
_SPECIAL_RE = re.compile("|".join(re.escape(k) for k in _SPECIAL))


def escape(text) -> str:
    """LaTeX-escape a value and put it on one line."""
    return _SPECIAL_RE.sub(lambda m: _SPECIAL[m.group(0)], " ".join(str(text).split()))


def _verbatim(text) -> str:
    """URLs and DOIs are written as they are; only unbalanced braces are encoded."""
    return " ".join(str(text).split()).replace("{", "%7B").replace("}", "%7D")


def _name(n: dict) -> str:
    if n.get("literal"):
        lit = " ".join(str(n["literal"]).split())
        if lit.endswith(" " + ET_AL):  # an as-cited "Rossi et al."
            return "{" + escape(lit[: -len(ET_AL) - 1]) + "} and others"
        return "{" + escape(lit) + "}"  # an institution: one name, never split
    family = escape(n.get("family", ""))
    particle = n.get("non-dropping-particle")
    if particle:
        family = "{" + escape(particle) + " " + family + "}"
    elif " " in family:
        family = "{" + family + "}"
    given = n.get("given")
    suffix = n.get("suffix")
    if given and suffix:
        return f"{family}, {escape(suffix)}, {escape(given)}"
    return f"{family}, {escape(given)}" if given else family


def _names(names: list[dict]) -> str:
    return " and ".join(_name(n) for n in names)


def _key(item_id: str) -> str:
    return re.sub(r"[^A-Za-z0-9_:.\-]", "_", item_id)


_LANGID = {"it": "italian", "en": "english", "fr": "french", "de": "german", "es": "spanish"}


def _entry(item: dict) -> str:
    csl_type = item.get("type", "")
    bib_type = _TYPES.get(csl_type, "misc")
    fields: list[tuple[str, str]] = []

    def add(name: str, value, raw: bool = False):
        if value is None or value == "" or value == []:
            return
        fields.append((name, _verbatim(value) if raw else escape(value)))

    if item.get("author"):
        fields.append(("author", _names(item["author"])))
    if item.get("editor"):
        fields.append(("editor", _names(item["editor"])))
    if item.get("title"):
        fields.append(("title", "{" + escape(item["title"]) + "}"))
    container = item.get("container-title")
    if container:
        if bib_type == "article":
            add("journal", container)
        elif bib_type == "incollection":
            fields.append(("booktitle", "{" + escape(container) + "}"))
        else:
            add("howpublished", container)
    parts = ((item.get("issued") or {}).get("date-parts") or [[]])[0]
    if parts:
        add("year", parts[0])
        if len(parts) > 1:
            add("month", parts[1])
    elif (item.get("issued") or {}).get("literal"):
        add("year", item["issued"]["literal"])
    # no field for the "a" of 1991a: biber computes it (extradate) from author and year, and
    # refuses extradate as input ("invalid in data model", biber --validate-datamodel)
    add("volume", item.get("volume"))
    if bib_type == "techreport":
        add("number", item.get("number"))
        add("institution", item.get("publisher"))
        # the report's kind ("Policy Research Working Paper"): CSL genre, or a series in older records
        add("type", item.get("genre") or item.get("collection-title"))
    else:
        add("number", item.get("issue") or item.get("number"))
        add("publisher", item.get("publisher"))
        add("series", item.get("collection-title"))
    add("address", item.get("publisher-place"))
    if item.get("page"):
        add("pages", re.sub(r"\s*[-–]\s*", "--", str(item["page"])))
    add("isbn", item.get("ISBN"))
    add("doi", item.get("DOI"), raw=True)
    add("url", item.get("URL"), raw=True)
    if item.get("language"):  # biblatex's langid: hyphenation and case protection per language
        add("langid", _LANGID.get(item["language"][:2], item["language"]))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@{bib_type}{{{_key(item['id'])},\n{body}\n}}\n"


def to_bibtex(items: list[dict]) -> str:
    """All ``items`` (CSL-JSON dicts) as one BibTeX file, in the order given."""
    return "\n".join(_entry(i) for i in items)
