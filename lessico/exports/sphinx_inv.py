"""``objects.inv``: one Sphinx inventory (v2, via sphobjinv) per language, so that Sphinx and
Jupyter Book projects can write ``:external+lessico:term:`distretto industriale``` with intersphinx.

Each language's inventory sits at the root of that language's site (``objects.inv`` for Italian,
``en/objects.inv`` for English), with URIs relative to it: a project maps ``lessico`` to the
site address of the language it is written in, and every label leads to the page in that
language. Intersphinx keeps one URI per name, so a single inventory for both languages sent the
English labels shared with Italian (cluster, know-how) to Italian pages.

Entries: one ``std:term`` per linkable label of the language (``labels``), lower case as Sphinx
stores glossary terms, the display name keeping the case; and one ``std:label`` per concept named
by its id (``distretto-industriale``), for tools that cannot handle spaces or case.
"""
from __future__ import annotations

import logging
from pathlib import Path

import sphobjinv as soi

from .. import __version__, urls
from ..model import LANGS
from .terms import NAME

log = logging.getLogger("lessico.exports")


def file_name(lang: str) -> str:
    return f"{urls.prefix(lang)}objects.inv"


def labels(model, lang: str, what: str = "objects.inv") -> list[tuple[str, str, str]]:
    """``(name, concept id, label)`` for every label of ``lang`` that names one concept: name is
    the label lower case with single spaces, unique. Preferred terms come first and win over
    any other label; another label (other term or form, never a deprecated one) that names two
    concepts is left out. ``what`` names the export in the warning about two equal terms."""
    chosen: dict[str, tuple[str, str]] = {}  # name -> (cid, label)
    concepts = [model.concepts[cid] for cid in sorted(model.concepts)]
    for c in concepts:
        term = " ".join(c.labels[lang].term.split())
        name = term.lower()
        if name in chosen:
            if chosen[name][0] != c.id:
                log.warning("%s: term '%s' names two concepts (%s, %s); kept the first",
                            what, term, chosen[name][0], c.id)
            continue
        chosen[name] = (c.id, term)
    others: dict[str, list[tuple[str, str]]] = {}
    for c in concepts:
        for v in c.labels[lang].variants:
            v = " ".join(v.split())
            others.setdefault(v.lower(), []).append((c.id, v))
    for name, hits in others.items():
        if name in chosen or len({cid for cid, _ in hits}) > 1:
            continue  # equals another entry, or ambiguous between concepts: not worth linking
        chosen[name] = hits[0]
    return sorted((name, cid, label) for name, (cid, label) in chosen.items())


def _uri(cid: str, lang: str, directory_urls: bool) -> str:
    """The concept page, relative to the root of the language's site (where its inventory is)."""
    return urls.page_url(urls.concept_key(cid), lang, directory_urls)[len(urls.prefix(lang)):]


def entries(model, lang: str, directory_urls: bool = True) -> list[tuple[str, str, str, str]]:
    """``(role, name, uri, dispname)`` of the inventory of ``lang``."""
    out = [("term", name, _uri(cid, lang, directory_urls), label)
           for name, cid, label in labels(model, lang, file_name(lang))]
    out += [("label", cid, _uri(cid, lang, directory_urls), " ".join(model.concepts[cid].labels[lang].term.split()))
            for cid in sorted(model.concepts)]
    return out


def inventory(model, lang: str, directory_urls: bool = True) -> soi.Inventory:
    inv = soi.Inventory()
    inv.project = NAME
    inv.version = __version__
    for role, name, uri, disp in entries(model, lang, directory_urls):
        inv.objects.append(soi.DataObjStr(name=name, domain="std", role=role, priority="-1",
                                          uri=uri, dispname=disp if disp != name else "-"))
    return inv


def objects_inv(model, lang: str, directory_urls: bool = True) -> bytes:
    return soi.compress(inventory(model, lang, directory_urls).data_file(contract=True))


def write(model, site_dir: Path, directory_urls: bool, site_url: str, overrides: str | None = None) -> list[str]:
    out = []
    for lang in LANGS:
        path = site_dir / file_name(lang)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(objects_inv(model, lang, directory_urls))
        out.append(file_name(lang))
    return out
