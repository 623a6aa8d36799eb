"""Find in-text citations: one ``Cite`` per cited work, with its own span in the text.

General rules, not a list for this corpus (see ``find_citations``). Every pattern tolerates
line breaks, runs of spaces and no-break spaces where a space may stand, because extraction
damage puts them anywhere; spans always point into the text as given.

Kinds of citation:

``author-year``
    In parentheses: ``(Aydalot, 1986; Perrin, 1986)``, ``(Camagni, 1989 e 1991a, Quévit, 1991)``,
    ``(see e.g. Mastromarino, 2012, pp. 136-146)``, ``(Cappellin, Wink 2009)``, ``(MICT, 2012)``;
    or in running text: ``Bellandi and Coltorti (2014)``, ``Cappellin et al. (2014)``.
    Authors are joined by "e", "and", "&" (and "et", "y", "und") or, inside parentheses, by a bare
    comma; "et al." (or "e altri", "e coll.") may follow; one author may have several years with
    suffixes; a locator (``p. 31``, ``pp. 136-146``, ``: 31``) may follow the year and belongs to
    its span. In running text an author is one capitalised word, with particles ("De Propris",
    "van der Berg"), so "Alfred Marshall (1890)" cites "Marshall".
``footnote``
    A reference line as footnotes give it: ``1 Marshall A., Principles of Economics, 1890.``
    (surname, initials, a title that may contain full stops and commas, the year at the end).
``title``
    A work named by its title in running text (``Alfred Marshall’s Industry and Trade``). Titles
    cannot be guessed from text alone: pass the titles of the known records (``titles=``;
    :func:`lessico.references.title_keys` gives them). A possessive name just before the title
    is kept as its author.
``law``
    ``legge 317/1991``, ``L. n. 317/1991``, ``legge 5 ottobre 1991, n. 317``, ``d.lgs. 42/2004``,
    ``Accordo di Programma Quadro [in materia di …]``.
``url``
    ``http(s)://…``, ``www.…`` and bare ``host.tld/path``; spaces around slashes and after a
    hyphen inside a URL (``ec.europa.eu /  enterprise /  industrial-  policy``) are extraction
    damage and are removed in ``Cite.title``, which holds the URL.

``ibid``
    ``Ibid.``, ``Ibidem``, ``Ivi`` (capitalised, at the start of a note or a parenthesis), with
    an optional locator: the work cited just before (resolved by :func:`lessico.references.resolve`).
``prose``
    An author or an institution of a known record and that record's year in one clause, without
    parentheses: ``come mostra la Banca d'Italia nel 2004``, ``Marshall in 1890``.

A footnote reference may follow a prefix (``Si veda anche``, ``Cfr.``, ``Vedi``, ``See also``),
which is not part of its span; a work without a year is cited ``(Rossi, s.d.)``, ``(OECD, n.d.)``,
``(Bianchi, in corso di stampa)``, ``Rossi (forthcoming)``: year None, the words in ``status``.

Not citations: decades (``(1980s)``, ``late 1990s - early 2000s``), ``(i.e. a pre-crisis
period)``, years in prose (``Up to 2007``, ``in 2013``), ranges (``2001-2011``), section numbers,
months and seasons (``(May 2008)``), programme names (``Horizon 2020``), a year that is followed
by more words inside the parenthesis (``(EU 2020 strategy)``).
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

log = logging.getLogger("lessico.citations")

ET_AL = "et al."


@dataclass(frozen=True)
class Cite:
    """One cited work at ``text[start:end]``.

    authors: names as cited, whitespace-normalised (family names or an institution, e.g. "MICT");
    the last element is ``"et al."`` when the citation abbreviates the author list.
    year: four digits plus an optional suffix letter ("1991a"), or None.
    status: for a work cited without a year, the words that stand for it, as cited ("s.d.",
    "n.d.", "in corso di stampa", "forthcoming", "in press"); None otherwise.
    title: the cited title (footnote, title), the designation (law) or the cleaned URL (url).
    """

    start: int
    end: int
    text: str
    authors: tuple[str, ...]
    year: str | None
    title: str | None
    kind: str
    status: str | None = None  # a work without a year: "n.d." / "s.d.", "forthcoming", "in corso di stampa"

    @property
    def et_al(self) -> bool:
        return bool(self.authors) and self.authors[-1] == ET_AL

    @property
    def names(self) -> tuple[str, ...]:
        """The cited names without the "et al." marker."""
        return self.authors[:-1] if self.et_al else self.authors


# --- building blocks ------------------------------------------------------------------------
_UP = "A-ZÀ-ÖØ-ÞĀĂĄĆĈĊČĎĐĒĔĖĘĚĜĞĠĢĤĦĨĪĬĮİĲĴĶĹĻĽĿŁŃŅŇŊŌŎŐŒŔŖŘŚŜŞŠŢŤŦŨŪŬŮŰŲŴŶŸŹŻŽ"
_L = r"[^\W\d_]"  # any letter
_APOS = "'’"
# one capitalised word: "Becattini", "McCann", "Rodríguez-Pose", "O'Brien", "MICT"; or an
# elided particle glued to it: "d'Italia", "D'Antonio"
_CAPWORD = (
    rf"(?:[dDlL][{_APOS}])?[{_UP}]{_L}*(?:[{_APOS}]{_L}+)?(?:-{_L}+){{0,3}}"
)
# particles that may precede a family name; lower-case ones only where they cannot be an
# Italian preposition (di, da, del, della ... are, so only their capitalised forms count)
_PARTICLE = (
    r"(?:van|von|der|den|de|du|des|dos|das|ten|ter|De|Del|Della|Dei|Degli|Delle|Di|Da|Dal|Dalla|"
    r"Van|Von|Der|Den|Du|Des|La|Le|Lo|Mac|St\.)"
)
_PARTICLE_RE = re.compile(_PARTICLE)
_NAME_RUN = rf"(?:{_PARTICLE}\s+){{0,3}}{_CAPWORD}"  # running text: one word with its particles
_NAME_PAR = rf"(?:{_PARTICLE}\s+){{0,3}}{_CAPWORD}(?:\s+(?:{_PARTICLE}\s+){{0,3}}{_CAPWORD}){{0,3}}"  # in parentheses: up to 4 words
_AND = r"(?:e|and|&|et(?!\s+al)|y|und)"
_ETAL = r"(?:et\.?\s+al(?:ii|\.)?|e\s+al\.|e\s+altri|e\s+coll\.|and\s+others|and\s+colleagues)"
_YEAR = r"(?<![\w/.\-–])(?:1[5-9]\d\d|20\d\d)(?:[a-rt-z](?!\w))?(?![\w'’]|\s*[-–]\s*\d)"
_YEAR_RE = re.compile(_YEAR)
_LOCATOR = (
    r"(?:\s*,?\s*(?:pp?\.|pagg?\.|pag\.|pp|cap\.|capp\.|ch\.|chap\.|chapter|§|fig\.|tab\.|nota|n\.|note)"
    r"\s*\d+[a-z]?(?:\s*[-–—]\s*\d+)?(?:\s*,\s*\d+(?:\s*[-–—]\s*\d+)?)*(?:\s*(?:ff?\.|sgg?\.|ss\.))?"
    r"|\s*:\s*\d+(?:\s*[-–—]\s*\d+)?)"
)
_YEAR_SEP = rf"(?:\s*[,;]\s*|\s+{_AND}\s+|\s*,\s*{_AND}\s+)"

# names that look like authors before a year but are not
_NOT_NAMES = {
    w.casefold()
    for w in """
    January February March April May June July August September October November December
    Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec
    Gennaio Febbraio Marzo Aprile Maggio Giugno Luglio Agosto Settembre Ottobre Novembre Dicembre
    Spring Summer Autumn Fall Winter Primavera Estate Autunno Inverno
    Horizon Europa Europe Agenda Expo Vision Strategy Strategia Industria Industry Programme Program
    Programma Section Sezione Figure Figura Fig Table Tabella Tab Chapter Capitolo Cap Vol Volume
    No Nr Art Article Articolo Legge Law Act Decreto Anno Year Years Anni Since Until Dal Dallo Al
    See Cf Cfr Vedi Vd Also Anche Among Tra Fra In On At By For From To The And Or Of Per Con Su Da
    Di Del Nel Nella Nei Negli Il Lo La Le Gli Un Una Uno Secondo According After Before Up Ad
    Eg Ie Es Ibid Ibidem Id Op Cit Source Sources Fonte Fonti Data Dati Note Nota Total Totale
    Italy Italia Italian Italiano Rome Roma Milano Milan Torino Turin Firenze Florence Europe
    Www Http Https Census Censimento COVID
    However Moreover Furthermore Thus Therefore Hence Indeed Finally First Second Third Instead
    Recently Similarly Likewise Nevertheless Conversely Tuttavia Inoltre Infatti Quindi Dunque
    Invece Infine Recentemente Analogamente Pertanto Comunque Ebbene Oggi Today
    """.split()
}
_PREFIX_WORDS = {w.casefold() for w in "See Cf Cfr Vedi Vd Also Anche Among Tra Fra E.g Eg Ad Es In Per Compare Confronta".split()}


def _ws(s: str) -> str:
    return " ".join(s.split())


# --- author-year ----------------------------------------------------------------------------
_MAX_NAMES = 12  # bounds the work per position: an author list is never longer
_AUTHORS_PAR = (
    rf"(?P<authors>{_NAME_PAR}(?:(?:\s*,\s*|\s*,?\s+{_AND}\s+){_NAME_PAR}){{0,{_MAX_NAMES - 1}}})"
    rf"(?P<etal>\s+{_ETAL})?"
)
_AUTHORS_RUN = (
    rf"(?P<authors>{_NAME_RUN}(?:(?:\s*,\s*{_NAME_RUN}){{0,{_MAX_NAMES - 2}}}\s*,?\s+{_AND}\s+{_NAME_RUN})?)"
    rf"(?P<etal>\s+{_ETAL})?"
)
_YEARS = rf"(?P<years>{_YEAR}(?:{_LOCATOR})?(?:{_YEAR_SEP}{_YEAR}(?:{_LOCATOR})?)*)"
# inside a parenthesis: names, optional comma, years; then the work must end (separator or end)
_WORK_PAR = re.compile(
    rf"(?<![\w{_APOS}-]){_AUTHORS_PAR}\s*,?\s*{_YEARS}(?=\s*(?:[;,)\]]|$|{_AND}\s))"
)
# running text: names followed by a parenthesis that holds only years (and locators)
_WORK_RUN = re.compile(
    rf"(?<![\w{_APOS}-]){_AUTHORS_RUN}\s*\(\s*{_YEARS}\s*\)"
)
# a work cited without a year: "(Rossi, s.d.)", "(OECD, n.d.)", "(Bianchi, in corso di stampa)",
# "Rossi (forthcoming)"
_STATUS = r"(?P<status>[sn]\.\s?d\.|in\s+corso\s+di\s+stampa|in\s+via\s+di\s+pubblicazione|forthcoming|in\s+press)"
_WORK_PAR_ND = re.compile(
    rf"(?<![\w{_APOS}-]){_AUTHORS_PAR}\s*,?\s*{_STATUS}(?=\s*(?:[;,)\]]|$))"
)
_WORK_RUN_ND = re.compile(rf"(?<![\w{_APOS}-]){_AUTHORS_RUN}\s*\(\s*{_STATUS}\s*\)")
_JOIN_SPLIT = re.compile(rf"\s*,\s*{_AND}\s+|\s+{_AND}\s+|\s*,\s*")
_ETAL_RE = re.compile(rf"\s+{_ETAL}$")


def _split_names(authors: str) -> list[str]:
    return [_ws(n) for n in _JOIN_SPLIT.split(authors) if n.strip()]


def _clean_names(names: list[str]) -> list[str] | None:
    """Drop leading words and names that are not authors ("See Rossi", "In Italy, Rossi and
    Bianchi"); reject the citation if a not-name remains (months, "Horizon")."""
    def is_not_name(word: str) -> bool:
        return word.rstrip(".").casefold() in _NOT_NAMES and not _PARTICLE_RE.fullmatch(word)

    names = list(names)
    if names:
        words = names[0].split()
        while len(words) > 1 and (words[0].rstrip(".").casefold() in _PREFIX_WORDS or is_not_name(words[0])):
            words = words[1:]
        names[0] = " ".join(words)
    while len(names) > 1 and all(is_not_name(w) for w in names[0].split()):
        names = names[1:]
    out = []
    for n in names:
        words = n.split()
        if not words or any(is_not_name(w) for w in words):
            return None
        if len(words) == 1 and len(words[0]) < 2:
            return None
        out.append(" ".join(words))
    return out


_YEAR_LOC = re.compile(rf"{_YEAR}(?:{_LOCATOR})?")
_YEAR_SEP_RE = re.compile(_YEAR_SEP)


def _year_spans(m: re.Match) -> list[tuple[int, int, str]]:
    """(start, end, year) of each year in the ``years`` group; a locator belongs to its year."""
    pos, end = m.span("years")
    text = m.string
    out = []
    while pos < end:
        ym = _YEAR_LOC.match(text, pos, end)
        if not ym:
            break
        out.append((ym.start(), ym.end(), _YEAR_RE.match(text, ym.start()).group(0)))
        sep = _YEAR_SEP_RE.match(text, ym.end(), end)
        if not sep:
            break
        pos = sep.end()
    return out


def _author_year(m: re.Match, text: str, narrative: bool) -> list[Cite]:
    names = _clean_names(_split_names(m.group("authors")))
    if not names:
        return []
    authors = tuple(names) + ((ET_AL,) if m.group("etal") else ())
    # start of the first name after dropped prefix words
    first = names[0].split()[0]
    a_start = text.index(first, m.start("authors"))
    years = _year_spans(m)
    cites = []
    for i, (ys, ye, year) in enumerate(years):
        start = a_start if i == 0 else ys
        end = ye
        if narrative and len(years) == 1:
            end = m.end()  # "Bellandi and Coltorti (2014)": the parenthesis belongs to it
        cites.append(Cite(start, end, text[start:end], authors, year, None, "author-year"))
    return cites


_MAX_PAREN = 1500  # a citation parenthesis is never longer; a longer one is scanned this far


def _paren_groups(text: str) -> Iterable[tuple[int, int]]:
    """(start, end) of the content of each parenthesis; an unclosed one runs to a blank line."""
    depth_starts: list[int] = []
    n = len(text)
    for i, ch in enumerate(text):
        if ch == "(":
            depth_starts.append(i + 1)
        elif ch == ")" and depth_starts:
            yield depth_starts.pop(), i
    for s in depth_starts:  # unclosed: up to a blank line or 400 characters
        blank = re.compile(r"\n\s*\n").search(text, s)
        yield s, min(blank.start() if blank else n, s + 400)


def _undated(m: re.Match, text: str, narrative: bool) -> list[Cite]:
    names = _clean_names(_split_names(m.group("authors")))
    if not names:
        return []
    authors = tuple(names) + ((ET_AL,) if m.group("etal") else ())
    start = text.index(names[0].split()[0], m.start("authors"))
    end = m.end() if narrative else m.end("status")
    return [Cite(start, end, text[start:end], authors, None, None, "author-year", _ws(m.group("status")))]


def _find_author_year(text: str) -> list[Cite]:
    out: list[Cite] = []
    for s, e in _paren_groups(text):
        for m in _WORK_PAR.finditer(text, s, min(e, s + _MAX_PAREN)):
            out += _author_year(m, text, narrative=False)
        for m in _WORK_PAR_ND.finditer(text, s, min(e, s + _MAX_PAREN)):
            out += _undated(m, text, narrative=False)
    for m in _WORK_RUN.finditer(text):
        out += _author_year(m, text, narrative=True)
    for m in _WORK_RUN_ND.finditer(text):
        out += _undated(m, text, narrative=True)
    return out


# --- footnote references --------------------------------------------------------------------
_INITIALS = rf"(?:[{_UP}]\.\s*(?:-\s*)?)+"
_FN_AUTHOR = rf"{_NAME_PAR},?\s+{_INITIALS}"
# the words a note may put before its reference: "Si veda anche", "Cfr.", "Vedi", "See also"
_FN_PREFIX = (
    r"(?:(?:[Ss]i\s+vedano|[Ss]i\s+veda|[Vv]edi|[Vv]d\.|[Cc]fr\.?|[Cc]onfronta|[Ss]ee|[Cc]f\.|[Cc]ompare)"
    r"(?:\s+(?:anche|also|inoltre|ad\s+esempio|e\.g\.|for\s+example))?\s*[,:]?\s+)"
)
_FOOTNOTE = re.compile(
    rf"(?m)^[ \t\u00a0]*(?:\d{{1,3}}[ \t\u00a0]+)?{_FN_PREFIX}?"
    rf"(?P<body>(?P<authors>{_FN_AUTHOR}(?:\s*(?:,|;|{_AND})\s*{_FN_AUTHOR})*)\s*"
    rf"(?:\((?:a\s+cura\s+di|eds?\.|a\s+c\.\s+di)\)\s*)?,\s*"
    rf"(?P<title>(?:[^\n]|\n(?![ \t\u00a0]*\n))+?)\s*,\s*(?:(?P<year>{_YEAR})|{_STATUS}))\s*\.?[ \t\u00a0]*(?=\n|$)"
)
_FN_NAME = re.compile(rf"({_NAME_PAR}),?\s+{_INITIALS}")


def _find_footnotes(text: str) -> list[Cite]:
    out = []
    for m in _FOOTNOTE.finditer(text):
        names = _clean_names([_ws(x) for x in _FN_NAME.findall(m.group("authors"))])
        if not names:
            continue
        status = _ws(m.group("status")) if m.group("status") else None
        out.append(Cite(m.start("body"), m.end("body"), m.group("body"), tuple(names),
                        m.group("year"), _ws(m.group("title")), "footnote", status))
    return out


# --- "Ibid.", "Ivi": the work cited just before ---------------------------------------------
# "Ibid." / "Ibidem" / "ibid." anywhere; "Ivi" (an ordinary Italian word in lower case) only
# capitalised at the start of a note or of a parenthesis and followed by a comma or a full stop
_IBID = re.compile(
    rf"(?<![\w.])(?:[Ii]bid\.|[Ii]bidem\b|(?:^|(?<=[(\n]))Ivi(?=\s*[,.]))(?:{_LOCATOR})?"
)


def _find_ibid(text: str) -> list[Cite]:
    return [Cite(m.start(), m.end(), m.group(0), (), None, None, "ibid") for m in _IBID.finditer(text)]


# --- laws -----------------------------------------------------------------------------------
_MONTHS_IT = "gennaio|febbraio|marzo|aprile|maggio|giugno|luglio|agosto|settembre|ottobre|novembre|dicembre"
_ACT = (
    r"(?:[Ll]egge(?:\s+[Rr]egionale)?|L\.(?:\s*[Rr]\.)?|[Dd]ecreto(?:\s+[Ll]egislativo|\s+[Ll]egge|"
    r"\s+[Mm]inisteriale|\s+del\s+[Pp]residente\s+della\s+[Rr]epubblica)?|[Dd]\.\s*[Ll]gs\.?|"
    r"[Dd]\.\s*[Ll]\.|D\.\s*P\.\s*R\.|DPR|D\.\s*M\.|[Ll]aw|Act)"
)
_LAW_NUM = re.compile(
    rf"\b{_ACT}\s+(?:[Nn](?:\.|r\.|um\.)\s*|[Nn]o\.\s*)?(?P<num>\d{{1,4}})\s*/\s*(?P<year>(?:19|20)\d\d|\d\d)\b"
)
_LAW_DATE = re.compile(
    rf"\b{_ACT}\s+(?:(?P<day>\d{{1,2}})\s+(?:{_MONTHS_IT})\s+(?P<year>(?:19|20)\d\d)\s*,?\s*[Nn]\.\s*(?P<num>\d{{1,4}})"
    rf"|[Nn]\.\s*(?P<num2>\d{{1,4}})\s+del(?:l['’]\s*)?\s+(?:\d{{1,2}}\s+(?:{_MONTHS_IT})\s+)?(?P<year2>(?:19|20)\d\d))\b"
)
_INSTRUMENT = re.compile(
    r"(?i)\b(?P<name>accordo\s+di\s+programma\s+quadro|intesa\s+istituzionale\s+di\s+programma|"
    r"patto\s+territoriale|contratto\s+di\s+programma)"
    r"(?P<topic>\s+in\s+materia\s+di(?:\s+(?!tra\b|fra\b|con\b|per\b)[a-zàèéìòù]+){1,4})?"
    r"(?:\s+del\s+(?P<year>(?:19|20)\d\d))?"
)


def _find_laws(text: str) -> list[Cite]:
    out = []
    for m in _LAW_NUM.finditer(text):
        y = m.group("year")
        year = y if len(y) == 4 else ("19" + y if int(y) > 30 else "20" + y)
        out.append(Cite(m.start(), m.end(), m.group(0), (), year, _ws(m.group(0)), "law"))
    for m in _LAW_DATE.finditer(text):
        year = m.group("year") or m.group("year2")
        out.append(Cite(m.start(), m.end(), m.group(0), (), year, _ws(m.group(0)), "law"))
    for m in _INSTRUMENT.finditer(text):
        out.append(Cite(m.start(), m.end(), m.group(0), (), m.group("year"), _ws(m.group(0)), "law"))
    return out


# --- URLs -----------------------------------------------------------------------------------
_URL_PART = r"[\w.~%+=!$&'*:@]+"
# a path segment; "industrial-  policy" (a hyphen, then a line break or spaces) is one segment
_URL_SEG = rf"(?:{_URL_PART}(?:-\s*{_URL_PART})*-?)"
_URL = re.compile(
    rf"(?<![\w@./])(?:"
    rf"(?:https?|ftp)://[^\s<>\"“”«»]+"  # a full URL: up to white space
    rf"|(?:www\.)[\w-]+(?:\.[\w-]+)+(?:/[^\s<>\"“”«»]*)?"  # www.host[/path]
    rf"|[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{{2,6}}(?:\s*/\s*{_URL_SEG})+(?:\s*/)?"  # host/path, damaged
    rf")"
)
_TRAIL = ".,;:!?»”\"'’"


def _trim_url(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in _TRAIL:
        end -= 1
    # a closing parenthesis belongs to the URL only if the URL opened one
    while end > start and text[end - 1] == ")" and text[start:end].count("(") < text[start:end].count(")"):
        end -= 1
        while end > start and text[end - 1] in _TRAIL:
            end -= 1
    return end


def clean_url(raw: str) -> str:
    """Remove extraction damage from a URL: spaces around slashes and after hyphens."""
    s = re.sub(r"\s*/\s*", "/", raw.strip())
    s = re.sub(r"-\s+", "-", s)
    return re.sub(r"\s+", "", s)


def _find_urls(text: str) -> list[Cite]:
    out = []
    for m in _URL.finditer(text):
        end = _trim_url(text, m.start(), m.end())
        raw = text[m.start():end]
        if "/" not in raw and not raw.lower().startswith(("www.", "http")):
            continue
        out.append(Cite(m.start(), end, raw, (), None, clean_url(raw), "url"))
    return out


# --- titles ---------------------------------------------------------------------------------
@lru_cache(maxsize=32)
def _title_regex(titles: tuple[str, ...]) -> re.Pattern | None:
    alts = []
    for t in sorted(set(titles), key=len, reverse=True):
        words = t.split()
        if len(words) < 2:
            continue
        first, rest = words[0], words[1:]
        head = re.escape(first)
        if first in ("The", "A", "An") and rest and rest[0][:1].isupper():
            head = r"(?:(?:The|An?)\s+)?"
            alts.append(head + r"\s+".join(re.escape(w) for w in rest))
        else:
            alts.append(r"\s+".join([head, *(re.escape(w) for w in rest)]))
    if not alts:
        return None
    return re.compile(
        rf"(?:(?P<owner>{_NAME_RUN})[{_APOS}]s\s+)?[“«\"]?(?<![\w-])(?P<title>{'|'.join(alts)})(?![\w-])"
    )


def _find_titles(text: str, titles: tuple[str, ...]) -> list[Cite]:
    rx = _title_regex(titles)
    if rx is None:
        return []
    out = []
    for m in rx.finditer(text):
        owner = m.group("owner")
        s, e = m.span("title")
        out.append(Cite(s, e, text[s:e], (owner,) if owner else (), None, _ws(m.group("title")), "title"))
    return out


# --- an author or an institution with a year in prose -------------------------------------
_PROSE_GAP = r",?(?:[ \t\u00a0\n]+[^\W\d_][\w'’]*,?){0,5}?"  # at most five words, no full stop or parenthesis
_PROSE_YEAR = r"[ \t\u00a0\n]+(?:(?:nel|nell['’]|del|dal|in|of|from|since)[ \t\u00a0\n]*)?"


@lru_cache(maxsize=32)
def _prose_regex(names: tuple[str, ...]) -> re.Pattern | None:
    alts = [r"\s+".join(re.escape(w) for w in n.split()) for n in sorted(set(names), key=len, reverse=True) if n.strip()]
    if not alts:
        return None
    return re.compile(
        rf"(?<![\w-])(?P<name>{'|'.join(alts)})(?![\w-])(?P<etal>\s+{_ETAL})?"
        rf"{_PROSE_GAP}{_PROSE_YEAR}(?P<year>{_YEAR})"
    )


def _find_prose(text: str, works: tuple[tuple[str, str], ...]) -> list[Cite]:
    """``works``: (name, year) of the known records (:func:`lessico.references.prose_works`); a
    name and a year in one clause cite a work only when a record has that name and that year,
    so "nel 2008 la crisi" or "negli anni '90" never do."""
    known = set(works)
    rx = _prose_regex(tuple(sorted({n for n, _ in works})))
    if rx is None:
        return []
    out = []
    for m in rx.finditer(text):
        name, year = _ws(m.group("name")), m.group("year")
        if (name, year) not in known:
            continue
        authors = (name,) + ((ET_AL,) if m.group("etal") else ())
        out.append(Cite(m.start(), m.end(), m.group(0), authors, year, None, "prose"))
    return out


# --- all together ---------------------------------------------------------------------------
_PRIORITY = {"footnote": 0, "url": 1, "law": 2, "author-year": 3, "ibid": 3, "title": 4, "prose": 5}


def find_citations(text: str, titles: Iterable[str] = (), prose: Iterable[tuple[str, str]] = ()) -> list[Cite]:
    """Every cited work in ``text``: sorted by position, spans never overlapping.

    ``titles``: titles of known works to recognise when named in running text (see
    :func:`lessico.references.title_keys`; :func:`lessico.references.make_finder` binds them into
    a one-argument finder); without them no ``title`` citation is found. ``prose``: (name, year)
    of the known works (:func:`lessico.references.prose_works`), for an author or an institution
    named with a year in running text ("come mostra la Banca d'Italia nel 2004"); without them
    no ``prose`` citation is found.
    Where candidates overlap, a footnote reference beats a URL, a law, an author-year citation
    and a title, in that order; the earlier and longer candidate wins among equals.
    """
    cands = _find_footnotes(text) + _find_urls(text) + _find_laws(text) + _find_author_year(text) \
        + _find_ibid(text)
    if titles:
        cands += _find_titles(text, tuple(titles))
    if prose:
        cands += _find_prose(text, tuple(prose))
    cands.sort(key=lambda c: (_PRIORITY[c.kind], c.start, -(c.end - c.start)))
    taken: list[Cite] = []
    for c in cands:
        if c.end <= c.start:
            continue
        if any(c.start < t.end and t.start < c.end for t in taken):
            continue
        taken.append(c)
    taken.sort(key=lambda c: c.start)
    log.debug("%d citations found", len(taken))
    return taken
