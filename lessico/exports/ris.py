"""RIS export of the bibliography (``bibliography.ris``), for EndNote, Mendeley, Zotero and the like.

One record per item, in the order given: ``TY  - <type>`` first, ``ER  - `` last, one
``TAG  - value`` per line, lines ended by CR LF as the RIS specification asks; UTF-8. Tags as
Zotero's RIS translator reads and writes them (the de facto reference for RIS field meanings):
editors of a chapter are A2, of a book ED; a report's number is SN and its kind M3; a law's
number M1; a work's kind only for reports (M3 means DOI to some readers). No reference id (``ID``)
and no internal note: internal ids and notes never reach users. An entry known only from its
citations is a generic work (TY GEN; a web page stays ELEC) with the title supplied in brackets
and, in N1, the human note the caller put in ``note`` ("Citato in «…»; riferimento completo non
individuato"); LA on every record ("und" where the language is undetermined).
"""
from __future__ import annotations

import re

from ..references import is_as_cited
from .bibtex import AS_CITED_TITLE, beside_title

EOL = "\r\n"

# CSL type -> RIS type; "book" with editors and no author is an edited book (EDBOOK)
_TYPES = {
    "book": "BOOK",
    "collection": "EDBOOK",
    "chapter": "CHAP",
    "article": "JOUR",
    "article-journal": "JOUR",
    "article-magazine": "MGZN",
    "article-newspaper": "NEWS",
    "paper-conference": "CPAPER",
    "report": "RPRT",
    "thesis": "THES",
    "legislation": "STAT",
    "bill": "BILL",
    "regulation": "STAT",
    "webpage": "ELEC",
    "post-weblog": "BLOG",
    "entry-encyclopedia": "ENCYC",
    "entry-dictionary": "DICT",
    "dataset": "DATA",
    "map": "MAP",
    "patent": "PAT",
}
DEFAULT_TYPE = "GEN"  # an entry known only from its citations ("document") is a generic work


def ris_type(item: dict) -> str:
    csl = item.get("type", "")
    if is_as_cited(item) and csl != "webpage":
        return DEFAULT_TYPE
    if csl == "book" and item.get("editor") and not item.get("author"):
        return "EDBOOK"
    return _TYPES.get(csl, DEFAULT_TYPE)


def _value(value) -> str:
    """One line: RIS has no escape, so line breaks and runs of spaces become one space."""
    return " ".join(str(value).split())


def name(n: dict) -> str:
    """"Family, Given" (particle kept with the family name); an institution, or an as-cited
    "Rossi et al.", is one name without a comma, which RIS readers keep whole."""
    if n.get("literal"):
        return _value(n["literal"])
    family = " ".join(x for x in (n.get("non-dropping-particle"), n.get("family")) if x)
    given = " ".join(x for x in (n.get("given"), n.get("dropping-particle")) if x)
    out = f"{family}, {given}" if given else family
    return f"{out}, {n['suffix']}" if n.get("suffix") else out


def _date(item: dict) -> tuple[str | None, str | None]:
    """(PY, DA): the year, and the full date as RIS writes it ("1991/10/05/") when it has more."""
    issued = item.get("issued") or {}
    parts = (issued.get("date-parts") or [[]])[0]
    if parts:
        year = str(parts[0])
        if len(parts) == 1:
            return year, None
        rest = [f"{int(p):02d}" for p in parts[1:3]]
        return year, "/".join([year, *rest, *[""] * (2 - len(rest))]) + "/"
    m = re.search(r"\b\d{4}\b", str(issued.get("literal") or issued.get("raw") or ""))
    return (m.group(0), None) if m else (None, None)


def _entry(item: dict) -> list[tuple[str, str]]:
    ty = ris_type(item)
    tags: list[tuple[str, str]] = [("TY", ty)]

    def add(tag: str, value) -> None:
        if value not in (None, "", []):
            tags.append((tag, _value(value)))

    for n in item.get("author") or []:
        add("AU", name(n))
    for n in item.get("editor") or []:
        add("A2" if ty == "CHAP" else "ED", name(n))
    as_cited = is_as_cited(item)
    add("TI", item.get("title") or (AS_CITED_TITLE if as_cited else None))
    add("T2", item.get("container-title"))
    add("T3", item.get("collection-title"))
    year, full = _date(item)
    add("PY", year)
    add("DA", full)
    add("ET", item.get("edition"))
    add("VL", item.get("volume"))
    add("IS", item.get("issue"))
    if ty == "RPRT":
        add("SN", item.get("number"))  # the report's number
        add("M3", item.get("genre"))  # its kind ("Policy Research Working Paper")
    elif ty == "STAT":
        add("M1", item.get("number"))  # the act's number ("2003/361/EC")
        add("SE", item.get("section"))
    first, last = _pages(item.get("page"))
    add("SP", first)
    add("EP", last)
    add("PB", item.get("publisher"))
    add("CY", item.get("publisher-place"))
    add("SN", item.get("ISBN"))
    add("SN", item.get("ISSN"))
    add("DO", item.get("DOI"))
    add("UR", item.get("URL"))
    add("LA", item.get("language") or "und")
    if as_cited:
        add("N1", item.get("note") if item.get("title") else beside_title(item.get("note")))
    tags.append(("ER", ""))
    return tags


def _pages(page) -> tuple[str, str]:
    """("167", "184") from "167-184" or "167–184"; a single page is the start page."""
    first, _, last = re.sub(r"\s*[-–]\s*", "-", str(page or "").strip()).partition("-")
    return first, last


def to_ris(items: list[dict]) -> str:
    """All ``items`` (CSL-JSON dicts) as one RIS file, records separated by a blank line."""
    records = ["".join(f"{tag}  - {value}{EOL}" for tag, value in _entry(i)) for i in items]
    return EOL.join(records)
