"""``myst.xref.json``: cross-references for MyST projects (mystmd, Jupyter Book 2), one per language.

mystmd looks for ``<reference url>/myst.xref.json`` before ``objects.inv`` (its documentation,
"Exposing Project Information", gives the format: ``version``, ``myst``, ``references``, each with
``kind``, ``url``, ``data`` and an ``identifier`` or ``html_id``). As with the Sphinx inventories,
the Italian file sits at the site root and the English one under ``en/``; ``url`` and ``data`` are
relative to that root.

mystmd compares the part after ``#`` of ``xref:lessico#…`` with ``identifier`` and ``html_id`` as
written, after URL-encoding (a space becomes ``%20``), so each label has two names: the label as
written (``PMI``, ``SMEs``) and its ``html_id``, lower case with hyphens for spaces and punctuation
and no accents (``capitale-sociale``); each concept also has its id. Every reference is of kind
``page``: mystmd links the page itself, without adding a fragment. ``data`` is a small MyST page
per concept (title: the preferred term; text: the definition), from which mystmd takes the link
text when the author gives none, and MyST sites their hover preview.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from .. import text, urls
from ..model import LANGS
from .sphinx_inv import labels

FILE = "myst.xref.json"
SPEC_VERSION = 3  # the MyST AST version of mystmd 1.8.3; newer mystmd migrates older data
MYST_VERSION = "1.8.3"  # the mystmd the files are tested with (tests/test_inventories.py)


def file_name(lang: str) -> str:
    return f"{urls.prefix(lang)}{FILE}"


def data_name(cid: str, lang: str) -> str:
    return f"{urls.prefix(lang)}myst/{cid}.json"


def html_id(label: str) -> str:
    """``Capitale sociale`` -> ``capitale-sociale``; ``città`` -> ``citta``."""
    return re.sub(r"[^a-z0-9]+", "-", text.fold(label)).strip("-")


def _clean(value: str) -> str:
    return " ".join(value.split())


def references(model, lang: str, directory_urls: bool = True) -> list[dict]:
    def ref(cid: str, identifier: str, hid: str | None) -> dict:
        page = urls.page_url(urls.concept_key(cid), lang, directory_urls)[len(urls.prefix(lang)):]
        out = {"identifier": identifier, "kind": "page", "url": f"/{page}",
               "data": "/" + data_name(cid, lang)[len(urls.prefix(lang)):]}
        if hid and hid != identifier:
            out["html_id"] = hid
        return out

    named = labels(model, lang, file_name(lang))
    by_hid: dict[str, set[str]] = {}
    for _name, cid, label in named:
        by_hid.setdefault(html_id(label), set()).add(cid)
    out = [ref(cid, cid, None) for cid in sorted(model.concepts)]  # ids first: they win
    ids = set(model.concepts)
    for _name, cid, label in named:
        if label == cid:
            continue  # the id's own entry says it already
        hid = html_id(label)
        # a hyphenated form that two concepts (or another concept's id) share would link one at random
        keep = hid and len(by_hid[hid]) == 1 and (hid not in ids or hid == cid)
        out.append(ref(cid, label, hid if keep else None))
    return out


def xref_json(model, lang: str, directory_urls: bool = True) -> str:
    data = {"version": "1", "myst": MYST_VERSION, "references": references(model, lang, directory_urls)}
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def page_data(model, cid: str, lang: str) -> str:
    e = model.concepts[cid].labels[lang]
    term, definition = _clean(e.term), _clean(e.definition)
    data = {"version": SPEC_VERSION, "kind": "Article",
            "frontmatter": {"title": term, "description": definition},
            "mdast": {"type": "root", "children": [{"type": "block", "children": [
                {"type": "paragraph", "children": [{"type": "text", "value": definition}]}]}]}}
    return json.dumps(data, ensure_ascii=False, sort_keys=True) + "\n"


def write(model, site_dir: Path, directory_urls: bool, site_url: str, overrides: str | None = None) -> list[str]:
    out = []
    for lang in LANGS:
        for name, content in [(file_name(lang), xref_json(model, lang, directory_urls)),
                              *((data_name(cid, lang), page_data(model, cid, lang)) for cid in sorted(model.concepts))]:
            path = site_dir / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8", newline="\n")
            out.append(name)
    return out
