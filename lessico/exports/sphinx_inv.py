"""``objects.inv``: a Sphinx inventory (v2, via sphobjinv) so that Sphinx projects can write
``:external+lessico:term:`distretto industriale``` with intersphinx.

One ``std:term`` per preferred term in every language, then the variants that name one concept
only. Names are lower case, as Sphinx stores glossary terms; the display name keeps the case.
URIs are relative to the site root (``glossary/<id>/``, ``en/glossary/<id>/``).
"""
from __future__ import annotations

import logging
from pathlib import Path

import sphobjinv as soi

from .. import __version__, urls
from ..model import LANGS
from .terms import NAME

log = logging.getLogger("lessico.exports")
FILE = "objects.inv"


def term_entries(model, directory_urls: bool = True) -> list[tuple[str, str, str]]:
    """``(name, uri, dispname)`` for every linkable term, name unique (lower case)."""
    chosen: dict[str, tuple[str, str, str]] = {}  # name -> (cid, uri, dispname)
    concepts = [model.concepts[cid] for cid in sorted(model.concepts)]

    def uri(cid: str, lang: str) -> str:
        return urls.page_url(urls.concept_key(cid), lang, directory_urls)

    for lang in LANGS:  # preferred terms first: they win over any variant
        for c in concepts:
            term = " ".join(c.labels[lang].term.split())
            name = term.lower()
            if name in chosen:
                if chosen[name][0] != c.id:
                    log.warning("objects.inv: term '%s' names two concepts (%s, %s); kept the first",
                                term, chosen[name][0], c.id)
                continue
            chosen[name] = (c.id, uri(c.id, lang), term)
    variants: dict[str, list[tuple[str, str, str]]] = {}
    for lang in LANGS:
        for c in concepts:
            for v in c.labels[lang].variants:
                v = " ".join(v.split())
                variants.setdefault(v.lower(), []).append((c.id, uri(c.id, lang), v))
    for name, hits in variants.items():
        if name in chosen or len({cid for cid, _, _ in hits}) > 1:
            continue  # equals another entry, or ambiguous between concepts: not worth linking
        chosen[name] = hits[0]
    return sorted((name, u, disp) for name, (_, u, disp) in chosen.items())


def inventory(model, directory_urls: bool = True) -> soi.Inventory:
    inv = soi.Inventory()
    inv.project = NAME
    inv.version = __version__
    for name, uri, disp in term_entries(model, directory_urls):
        inv.objects.append(soi.DataObjStr(name=name, domain="std", role="term", priority="-1",
                                          uri=uri, dispname=disp if disp != name else "-"))
    return inv


def objects_inv(model, directory_urls: bool = True) -> bytes:
    return soi.compress(inventory(model, directory_urls).data_file(contract=True))


def write(model, site_dir: Path, directory_urls: bool, site_url: str, overrides: str | None = None) -> list[str]:
    (site_dir / FILE).write_bytes(objects_inv(model, directory_urls))
    return [FILE]
