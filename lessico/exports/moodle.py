"""Moodle glossary XML, one file per language (``moodle-glossary-<lang>.xml``).

The structure is the one Moodle's own glossary export writes and ``mod/glossary/import.php``
reads: GLOSSARY/INFO with the glossary settings and INFO/ENTRIES/ENTRY, each with CONCEPT,
DEFINITION (HTML, escaped as text), FORMAT (1 = HTML) and the auto-linking flags; variants
become ALIASES, the theme a CATEGORY. Abbreviations (ICT, PMI…) get an entry of their own that
matches case-sensitively, so that auto-linking never turns ordinary words into links.
"""
from __future__ import annotations

from pathlib import Path

from lxml import etree

from .. import urls
from ..i18n import t
from ..model import LANGS
from ..templating import render
from ..views import MoodleEntryView
from .terms import NAME

XML_DECL = b'<?xml version="1.0" encoding="UTF-8"?>\n'

SETTINGS = (  # GLOSSARY/INFO, in the order Moodle's export writes them
    ("INTROFORMAT", "1"),
    ("ALLOWDUPLICATEDENTRIES", "0"),
    ("DISPLAYFORMAT", "dictionary"),
    ("SHOWSPECIAL", "1"),
    ("SHOWALPHABET", "1"),
    ("SHOWALL", "1"),
    ("ALLOWCOMMENTS", "0"),
    ("USEDYNALINK", "1"),
    ("DEFAULTAPPROVAL", "1"),
    ("GLOBALGLOSSARY", "0"),
    ("ENTBYPAGE", "20"),
)


def file_name(lang: str) -> str:
    return f"moodle-glossary-{lang}.xml"


def _sub(parent, tag: str, text: str | None = None):
    el = etree.SubElement(parent, tag)
    if text is not None:
        el.text = text
    return el


def definition_html(c, lang: str, page_url: str, abbr_of: str | None = None) -> str:
    e = c.labels[lang]
    other = next(x for x in LANGS if x != lang)
    return render("moodle_definition.html", v=MoodleEntryView(
        abbr=t(lang, "moodle_abbr", term=abbr_of) if abbr_of else "", definition=e.definition,
        note_label=t(lang, "note"), note=e.note or "", equivalent_label=t(lang, "moodle_equivalent"),
        other_lang=other, other_term=c.labels[other].term, page_url=page_url,
        open_label=t(lang, "moodle_open", name=NAME)))


def _entry(entries, concept: str, aliases: list[str], definition: str, case_sensitive: bool, category: str,
           dynalink: bool = True):
    entry = _sub(entries, "ENTRY")
    _sub(entry, "CONCEPT", concept)
    _sub(entry, "DEFINITION", definition)
    _sub(entry, "FORMAT", "1")
    _sub(entry, "USEDYNALINK", "1" if dynalink else "0")
    _sub(entry, "CASESENSITIVE", "1" if case_sensitive else "0")
    _sub(entry, "FULLMATCH", "1")
    _sub(entry, "TEACHERENTRY", "1")
    if aliases:
        box = _sub(entry, "ALIASES")
        for a in aliases:
            _sub(_sub(box, "ALIAS"), "NAME", a)
    cat = _sub(_sub(entry, "CATEGORIES"), "CATEGORY")
    _sub(cat, "NAME", category)
    _sub(cat, "USEDYNALINK", "0")


def _unique(labels: list[str], exclude: set[str], case_sensitive: bool) -> list[str]:
    out, seen = [], set(exclude)
    for label in labels:
        label = " ".join(label.split())
        key = label if case_sensitive else label.lower()
        if label and key not in seen:
            seen.add(key)
            out.append(label)
    return out


def glossary_xml(model, lang: str, directory_urls: bool = True, site_url: str = "", course=None) -> bytes:
    """The glossary in one language; with ``course`` (a ``model.Course``), only its concepts,
    named after it and introduced by a link to its page (the same entries as the whole one)."""
    root = etree.Element("GLOSSARY")
    info = _sub(root, "INFO")
    if course is None:
        _sub(info, "NAME", f"{NAME} ({t(lang, 'lang_name.' + lang)})")
        home, intro = "glossary/index", t(lang, "moodle_intro", name=NAME)
    else:
        _sub(info, "NAME", f"{course.title[lang]} ({NAME})")
        home, intro = urls.course_key(course.id), t(lang, "moodle_course_intro", course=course.title[lang], name=NAME)
    index = urls.public_url(site_url, home, lang)
    _sub(info, "INTRO", render("moodle_intro.html", text=intro, href=index))
    for tag, value in SETTINGS:
        _sub(info, tag, value)
    entries = _sub(info, "ENTRIES")
    for cid in sorted(model.concepts if course is None else course.concepts):
        c = model.concepts[cid]
        e = c.labels[lang]
        page = urls.public_url(site_url, urls.concept_key(cid), lang)
        category = t(lang, "theme." + c.theme)
        # Moodle links an entry's concept and aliases across a whole course: only the labels the
        # record lets course tools auto-link become aliases, and an entry whose term is a bare
        # everyday word ("cluster", "fiducia") is not auto-linked at all. Deprecated terms never.
        # Moodle links an entry's concept and aliases across a whole course: only the labels the
        # record lets course tools auto-link become aliases, and an entry whose term is a bare
        # everyday word ("cluster", "fiducia") is not auto-linked at all. Deprecated terms never.
        terms = [e.preferred, *(x for x in e.recognised if x.kind != "preferred" and x.autolink)]
        # Moodle's case flag is per entry: the labels matched as written (acronyms, "Regioni",
        # "Destinazione Italia") get an entry of their own, case-sensitive.
        for strict in (False, True):
            group = [x.label for x in terms if x.case_sensitive is strict]
            if not group:
                continue
            head = group[0]
            abbr_of = e.term if strict and head != e.term and not e.preferred.case_sensitive else None
            _entry(entries, head, _unique(group[1:], {head if strict else head.lower()}, strict),
                   definition_html(c, lang, page, abbr_of=abbr_of), strict, category,
                   dynalink=head != e.term or e.preferred.autolink)
    return XML_DECL + etree.tostring(root, encoding="UTF-8", pretty_print=True)


def write(model, site_dir: Path, directory_urls: bool, site_url: str, overrides: str | None = None) -> list[str]:
    out = []
    for lang in LANGS:
        (site_dir / file_name(lang)).write_bytes(glossary_xml(model, lang, directory_urls, site_url))
        out.append(file_name(lang))
    return out
