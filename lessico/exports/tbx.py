"""``glossary.tbx``: TBX-Basic (TBX v3, ISO 30042:2019, DCA style) for terminology tools.

One conceptEntry per concept (id = concept id) with its subject field (the theme),
cross-references to related concepts and the permalink; one langSec per language with the
definition, the note and one termSec per term: the preferred term first (preferredTerm-admn-sts,
with its part of speech and grammatical gender, and the link to the page in that language), then
every other term of the record with its own type and status. Inflected forms are not terms: they
stay out.

Facts from the official schemas this relies on (tests/data/tbx/SOURCE.txt; checked by
tests/test_tbx_official.py):
- TBXcoreStructV03.rng (LTAC-Global/TBX_Core_RNG 14eb02b): namespace urn:iso:std:iso:30042:ed-2;
  fileDesc is publicationStmt?, titleStmt?, sourceDesc, in that order; conceptEntry/@id is an ID.
- TBX-Basic_DCA.sch (LTAC-Global/TBX-Basic_dialect 317fb29, v1.2.1): <tbx type="TBX-Basic"
  style="dca">; every element in the TBX namespace; termNote only in termSec; subjectField and
  crossReference (ref) at conceptEntry; definition at conceptEntry or langSec;
  externalCrossReference (xref) at conceptEntry, langSec or termSec; a target is an http(s) URI
  or the id of an element of the file. Picklists: termType fullForm, acronym, abbreviation,
  shortForm, variant, phrase; administrativeStatus preferredTerm-, admittedTerm-,
  deprecatedTerm-, supersededTerm-admn-sts; partOfSpeech adjective, noun, other, verb, adverb;
  grammaticalGender masculine, feminine, neuter, other.
- The dialect's DCA example declares both files in xml-model instructions; so does this file.
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
# the schemas a TBX tool should validate against, as in the dialect's own DCA example
SCHEMAS = (
    ("https://raw.githubusercontent.com/LTAC-Global/TBX_Core_RNG/master/TBXcoreStructV03.rng",
     "http://relaxng.org/ns/structure/1.0"),
    ("https://raw.githubusercontent.com/LTAC-Global/TBX-Basic_dialect/master/DCA/TBX-Basic_DCA.sch",
     "http://purl.oclc.org/dsdl/schematron"),
)
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
# model.LangEntry.pos to TBX-Basic partOfSpeech, which has no "phrase"
POS = {"noun": "noun", "adjective": "adjective", "verb": "verb", "phrase": "other"}


def term_type(term) -> str:
    """TBX-Basic termType of the preferred term or of one of the record's (model.TERM_TYPES):
    an all-caps preferred term or abbreviation (GREMI, PMI) is an acronym."""
    if term.kind in ("preferred", "abbreviation") and is_acronym(term.label):
        return "acronym"
    return {"preferred": "fullForm", "synonym": "fullForm", "abbreviation": "abbreviation",
            "spelling-variant": "variant", "short-form": "shortForm"}[term.kind]


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
    _sub(_sub(desc, "sourceDesc"), "p", f"{NAME}: its concept entries, in Italian and English.")
    body = _sub(_sub(root, "text"), "body")
    for cid in sorted(model.concepts):
        c = model.concepts[cid]
        entry = _sub(body, "conceptEntry", id=tbx_id(cid))
        _sub(entry, "descrip", t(LANGS[0], "theme." + c.theme), type="subjectField")
        for rel in ("broader", "narrower", "related"):
            for other in getattr(c, rel):
                _sub(entry, "ref", model.concepts[other].labels[LANGS[0]].term, type="crossReference", target=tbx_id(other))
        _sub(entry, "xref", "Permalink", type="externalCrossReference",
             target=urls.public_permalink(site_url, cid))
        for lang in LANGS:
            e = c.labels[lang]
            sec = _sub(entry, "langSec", lang=lang)
            _sub(sec, "descrip", e.definition, type="definition")
            if e.note:
                _sub(sec, "note", e.note)
            page = urls.public_url(site_url, urls.concept_key(cid), lang)
            grammar = [(k, v) for k, v in (("partOfSpeech", POS.get(e.pos or "")),
                                           ("grammaticalGender", GENDER.get(e.gender or ""))) if v]
            _term_sec(sec, e.term, STATUS["preferred"], term_type(e.preferred), page, grammar)
            for x in e.terms:
                _term_sec(sec, x.label, STATUS[x.status], term_type(x))
    models = b"".join(b'<?xml-model href="%s" type="application/xml" schematypens="%s"?>\n'
                      % (href.encode(), ns.encode()) for href, ns in SCHEMAS)
    return XML_DECL + models + etree.tostring(root, encoding="UTF-8", pretty_print=True)


def write(model, site_dir: Path, directory_urls: bool, site_url: str, overrides: str | None = None) -> list[str]:
    (site_dir / FILE).write_bytes(tbx(model, directory_urls, site_url))
    return [FILE]
