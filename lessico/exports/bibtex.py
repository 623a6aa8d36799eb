"""BibTeX export of the bibliography (CSL-JSON is ``json.dumps`` of the same items).

A small writer: CSL types map to @book, @collection (an edited book), @article, @incollection,
@techreport, @online (a web page), @legislation (a law or an EU act: a type of biblatex's default
data model, which its standard styles print like @misc) or @misc; only the fields an item has are
written; text is escaped for LaTeX; titles are braced so that BibTeX styles keep their case;
``language`` becomes ``langid``. No provenance note is written: internal notes never reach users.

An entry known only from its citations (``custom.cited_by``) is written as a librarian would:
its authors and year as cited, the title supplied in square brackets
("[Riferimento completo non individuato]") and, in ``addendum``, the human note the caller put
in ``note`` ("Citato in «…»; riferimento completo non individuato"); never the citing sources' ids.
"""
from __future__ import annotations

import re

from ..citations import ET_AL
from ..references import is_as_cited

# the title a describer supplies for a work known only from its citations (brackets: not the work's own)
AS_CITED_TITLE = "[Riferimento completo non individuato]"
AS_CITED_NOTE = "Riferimento completo non individuato"


def beside_title(note: str | None) -> str | None:
    """The as-cited note where the supplied title already says the reference was not found
    (BibTeX, RIS): "Citato in «…»", without repeating "riferimento completo non individuato"."""
    if not note:
        return note
    tail = f"; {AS_CITED_NOTE[0].lower()}{AS_CITED_NOTE[1:]}"
    return note[: -len(tail)] if note.endswith(tail) else note

_TYPES = {
    "book": "book",
    "article": "article",
    "article-journal": "article",
    "article-magazine": "article",
    "article-newspaper": "article",
    "chapter": "incollection",
    "entry-encyclopedia": "incollection",
    "entry-dictionary": "incollection",
    "paper-conference": "incollection",
    "report": "techreport",
    "webpage": "online",
    "post": "online",
    "post-weblog": "online",
    "legislation": "legislation",
    "regulation": "legislation",
    "bill": "legislation",
    "collection": "collection",
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


_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def _date(parts: list) -> str:
    """An ISO 8601 date (biblatex ``date``) from CSL date parts: "1991-10-05", "2013-09", "1989"."""
    return "-".join(f"{int(p):04d}" if i == 0 else f"{int(p):02d}" for i, p in enumerate(parts[:3]))


def _sort_key(item: dict) -> str:
    """What names an authorless entry: its editors' family names, its title, or its address."""
    editors = [n.get("literal") or " ".join(x for x in (n.get("non-dropping-particle"), n.get("family")) if x)
               for n in item.get("editor") or []]
    if editors:
        return editors[0] if len(editors) == 1 else ", ".join(editors[:-1]) + " and " + editors[-1]
    return str(item.get("title") or item.get("URL") or "")


def _entry(item: dict) -> str:
    csl_type = item.get("type", "")
    bib_type = _TYPES.get(csl_type, "misc")
    as_cited = is_as_cited(item)
    if bib_type == "legislation":
        # biblatex's @legislation accepts no field in the default data model (biber
        # --validate-datamodel: "Invalid field 'title' for entrytype 'legislation'"): a law or an
        # EU act is an @misc, its official journal in howpublished
        bib_type = "misc"
    if as_cited and bib_type != "online":
        bib_type = "misc"
    if bib_type == "book" and item.get("editor") and not item.get("author"):
        bib_type = "collection"  # an edited book: biblatex's type, which wants editor, not author
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
    elif as_cited:  # supplied by the describer, in brackets (not braced: not the work's own casing)
        fields.append(("title", escape(AS_CITED_TITLE)))
    law = csl_type in ("legislation", "regulation", "bill")
    if law:
        # what biblatex's @misc has no field for, after the title: the act's number (when its
        # title does not give it) and the article cited
        number = str(item.get("number") or "")
        extra = [x for x in (number if number and number not in str(item.get("title") or "") else "",
                             item.get("section")) if x]
        add("titleaddon", ", ".join(str(x) for x in extra))
    container = item.get("container-title")
    if bib_type == "article":
        add("journal", container)
    elif bib_type == "incollection":
        if container:
            fields.append(("booktitle", "{" + escape(container) + "}"))
    elif law:  # the official journal, with its series and pages: "Official Journal ..., L 124, pp. 36--41"
        where = [escape(x) for x in (container, item.get("volume")) if x]
        if item.get("page") and where:
            where.append("pp. " + re.sub(r"\s*[-–]\s*", "--", escape(item["page"])))
        if where:
            fields.append(("howpublished", ", ".join(where)))
    else:
        add("howpublished", container)
    issued = item.get("issued") or {}
    parts = (issued.get("date-parts") or [[]])[0]
    if parts:
        add("year", parts[0])
        if len(parts) > 1:  # BibTeX's and biber's month macro (jan ... dec), unbraced
            fields.append(("month", _MONTHS[int(parts[1]) - 1]))
            # the full date for biblatex (biber reads date before year and month); BibTeX ignores it
            add("date", _date(parts))
    elif issued.get("literal"):
        add("year", issued["literal"])
    # no field for the "a" of 1991a: biber computes it (extradate) from author and year, and
    # refuses extradate as input ("invalid in data model", biber --validate-datamodel)
    if bib_type not in ("misc", "online"):
        add("volume", item.get("volume"))
    if bib_type == "techreport":
        add("number", item.get("number"))
        publisher = item.get("publisher")
        names = item.get("author") or []
        if not publisher and len(names) == 1 and names[0].get("literal") and not as_cited:
            # a report by an institution, published by it (APA: the publisher is then omitted)
            publisher = names[0]["literal"]
        add("institution", publisher)
        # the report's kind ("Policy Research Working Paper"): CSL genre, or a series in older records
        add("type", item.get("genre") or item.get("collection-title"))
    elif bib_type in ("misc", "online"):
        # the publishing body, or the authority that issued an act ("European Commission")
        add("organization", item.get("publisher") or (item.get("authority") if law else None))
    else:
        if bib_type != "article":
            add("publisher", item.get("publisher"))
        add("number", item.get("issue") or item.get("number"))
        add("series", item.get("collection-title"))
    if bib_type not in ("online",):
        add("address", item.get("publisher-place"))
    if item.get("page") and bib_type not in ("misc", "online"):
        add("pages", re.sub(r"\s*[-–]\s*", "--", str(item["page"])))
    if bib_type not in ("misc", "online", "article"):
        add("isbn", item.get("ISBN"))
    add("doi", item.get("DOI"), raw=True)
    add("url", item.get("URL"), raw=True)
    accessed = ((item.get("accessed") or {}).get("date-parts") or [[]])[0]
    if accessed and item.get("URL"):  # only when the record says when the page was read
        add("urldate", _date(accessed))
    if law:
        add("note", item.get("references"))  # "Convertito, con modificazioni, dalla legge ..."
    if as_cited:  # the human note the caller gives: which sources cite it (bibfiles.as_cited_note)
        add("addendum", item.get("note") if item.get("title") else beside_title(item.get("note")))
    if not item.get("author"):  # BibTeX sorts and labels an authorless entry by its key (biber accepts it)
        add("key", _sort_key(item))
    if item.get("language") and item["language"] != "und":  # biblatex's langid: hyphenation, case
        add("langid", _LANGID.get(item["language"][:2], item["language"]))
    body = ",\n".join(f"  {name} = {{{value}}}" if name != "month" else f"  {name} = {value}"
                      for name, value in fields)
    return f"@{bib_type}{{{_key(item['id'])},\n{body}\n}}\n"


def to_bibtex(items: list[dict]) -> str:
    """All ``items`` (CSL-JSON dicts) as one BibTeX file, in the order given."""
    return "\n".join(_entry(i) for i in items)
