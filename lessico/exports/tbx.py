"""``glossary.tbx``: TBX-Basic (TBX v3, ISO 30042:2019, DCA style) for terminology tools.

One conceptEntry per concept (id = concept id) with its subject field (the theme) and
cross-references to related concepts; one langSec per language with the definition, the note,
a link to the concept page, the preferred term (preferredTerm-admn-sts, fullForm, with its part
of speech and grammatical gender) and every other term of the record with its own type (synonym
fullForm, abbreviation acronym or abbreviation, spelling variant variant, short form shortForm)
and status (admittedTerm-admn-sts or deprecatedTerm-admn-sts). Inflected forms are not terms:
they stay out. fileDesc holds publicationStmt, titleStmt, sourceDesc in the order of the
TBX-Basic RNG (LTAC-Global TBX-Basic_dialect), which rejected titleStmt first. The page of each language hangs
on its preferred term (xref externalCrossReference), the permalink on the concept entry. The
levels follow the TBX-Basic schematron (subjectField, ref and xref at conceptEntry; definition at
langSec; xref at termSec); no xml-model instruction, since the published TBX-Basic schemas have
moved to the ed:3.0 namespace.
"""
from __future__ import annotations

from pathlib import Path

from lxml import etree

from .. import __version__, urls
from ..i18n import t
from ..model import LANGS
from ..text import is_acronym
from .terms import NAME

XML_DECL = b'<?xml version="1.0" encoding="UTF-8"?>\n'
FILE = "glossary.tbx"
TBX_NS = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def tbx_id(cid: str) -> str:
    """The conceptEntry id (an XML ID): the concept id, or ``_<id>`` if it starts with a digit."""
    return cid if cid[:1].isalpha() else f"_{cid}"


def _sub(parent, tag: str, text: str | None = None, **attrs):
    el = etree.SubElement(parent, f"{{{TBX_NS}}}{tag}")
    for k, v in attrs.items():
        el.set(XML_LANG if k == "lang" else k, v)
    if text is not None:
        el.text = text
    return el


STATUS = {"preferred": "preferredTerm-admn-sts", "admitted": "admittedTerm-admn-sts",
          "deprecated": "deprecatedTerm-admn-sts"}
GENDER = {"m": "masculine", "f": "feminine"}


def term_type(term) -> str:
    """TBX-Basic termType of a record's term (model.TERM_TYPES)."""
    if term.kind == "abbreviation":
        return "acronym" if is_acronym(term.label) else "abbreviation"
    return {"preferred": "fullForm", "synonym": "fullForm", "spelling-variant": "variant",
            "short-form": "shortForm"}[term.kind]


def _term_sec(lang_sec, term: str, status: str, term_type: str, page: str | None = None, grammar=()):
    sec = _sub(lang_sec, "termSec")
    _sub(sec, "term", term)
    for kind, value in grammar:
        _sub(sec, "termNote", value, type=kind)
    _sub(sec, "termNote", term_type, type="termType")
    _sub(sec, "termNote", status, type="administrativeStatus")
    if page:
        _sub(sec, "xref", NAME, type="externalCrossReference", target=page)


def tbx(model, directory_urls: bool = True, site_url: str = "") -> bytes:
    root = etree.Element(f"{{{TBX_NS}}}tbx", nsmap={None: TBX_NS})
    root.set("type", "TBX-Basic")
    root.set("style", "dca")
    root.set(XML_LANG, LANGS[0])
    header = _sub(root, "tbxHeader")
    desc = _sub(header, "fileDesc")
    _sub(_sub(desc, "publicationStmt"), "p", f"{NAME} {__version__}, {urls.absolute(site_url, '')}")
    _sub(_sub(desc, "titleStmt"), "title", NAME)
    _sub(_sub(desc, "sourceDesc"), "p", "Generated from the concept registry (glossary/<id>.yml) by the lessico build.")
    body = _sub(_sub(root, "text"), "body")
    for cid in sorted(model.concepts):
        c = model.concepts[cid]
        entry = _sub(body, "conceptEntry", id=tbx_id(cid))
        _sub(entry, "descrip", t(LANGS[0], "theme." + c.theme), type="subjectField")
        for rel in ("broader", "narrower", "related"):
            for other in getattr(c, rel):
                _sub(entry, "ref", model.concepts[other].labels[LANGS[0]].term, type="crossReference", target=tbx_id(other))
        _sub(entry, "xref", "Permalink", type="externalCrossReference",
             target=urls.absolute(site_url, urls.permalink_url(cid, directory_urls)))
        for lang in LANGS:
            e = c.labels[lang]
            sec = _sub(entry, "langSec", lang=lang)
            _sub(sec, "descrip", e.definition, type="definition")
            if e.note:
                _sub(sec, "note", e.note)
            page = urls.absolute(site_url, urls.page_url(urls.concept_key(cid), lang, directory_urls))
            grammar = [(k, v) for k, v in (("partOfSpeech", e.pos), ("grammaticalGender", GENDER.get(e.gender or "")))
                       if v]
            _term_sec(sec, e.term, STATUS["preferred"], "fullForm", page, grammar)
            for x in e.terms:
                _term_sec(sec, x.label, STATUS[x.status], term_type(x))
    return XML_DECL + etree.tostring(root, encoding="UTF-8", pretty_print=True)


def write(model, site_dir: Path, directory_urls: bool, site_url: str, overrides: str | None = None) -> list[str]:
    (site_dir / FILE).write_bytes(tbx(model, directory_urls, site_url))
    return [FILE]
