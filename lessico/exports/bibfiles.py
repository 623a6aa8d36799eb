"""The whole bibliography as downloads: ``bibliography.bib`` (BibTeX), ``bibliography.ris`` (RIS) and
``bibliography.json`` (CSL-JSON, valid against the official schema: CSL variables and ``custom`` only).

Every item carries its ``language`` (the record's; "und", undetermined, for an entry known only
from its citations). An as-cited entry gets a human ``note`` naming the citing sources by their
titles ("Citato in «…»; riferimento completo non individuato"); every other note is dropped, and
the citing sources' ids (``custom.cited_by``) never leave the build. The downloads are one file
for both languages, so the supplied texts are in the site's default language, Italian.
"""
from __future__ import annotations

import json
from pathlib import Path

from ..references import is_as_cited
from .bibtex import AS_CITED_NOTE, to_bibtex
from .ris import to_ris

LANG = "it"  # the language of the texts the downloads supply (the site's default)
UNDETERMINED = "und"  # ISO 639-2 "undetermined": the language of a work known only from its citations


def source_titles(model, lang: str = LANG) -> dict[str, str]:
    """Source id -> the title a reader knows it by: its own, or the devised one in brackets."""
    out = {}
    for s in getattr(model, "sources", None) or []:
        meta = s.meta
        if meta.title:
            out[s.id] = meta.title
        elif meta.label.get(lang):
            out[s.id] = f"[{meta.label[lang]}]"
    return out


def as_cited_note(item: dict, titles: dict[str, str]) -> str:
    """"Citato in «A», «B»; riferimento completo non individuato" (only the sources with a title)."""
    cited = [f"«{titles[s]}»" for s in (item.get("custom") or {}).get("cited_by") or [] if s in titles]
    if not cited:
        return AS_CITED_NOTE
    return f"Citato in {', '.join(cited)}; {AS_CITED_NOTE[0].lower()}{AS_CITED_NOTE[1:]}"


def prepared(items: list[dict], titles: dict[str, str]) -> list[dict]:
    """The items as the writers get them: the human note of an as-cited entry in ``note``, no
    other note, a ``language`` on each. ``custom.cited_by`` stays (the writers use it to know an
    as-cited entry, and never write it)."""
    out = []
    for item in items:
        item = {k: v for k, v in item.items() if k != "note"}
        if is_as_cited(item):
            item["note"] = as_cited_note(item, titles)
            item["language"] = UNDETERMINED
        else:
            item.setdefault("language", UNDETERMINED)
        out.append(item)
    return out


def public(item: dict) -> dict:
    """The CSL-JSON item as users get it: no internal source ids (``custom.cited_by``)."""
    out = dict(item)
    custom = {k: v for k, v in (item.get("custom") or {}).items() if k != "cited_by"}
    if custom:
        out["custom"] = custom
    else:
        out.pop("custom", None)
    return out


def write(model, site_dir: Path, directory_urls: bool, site_url: str, overrides: str | None = None) -> list[str]:
    items = prepared(model.bib.items, source_titles(model))
    (site_dir / "bibliography.bib").write_text(to_bibtex(items), encoding="utf-8")
    # newline="" keeps the CR LF line ends RIS asks for on every platform
    (site_dir / "bibliography.ris").write_text(to_ris(items), encoding="utf-8", newline="")
    (site_dir / "bibliography.json").write_text(
        json.dumps([public(i) for i in items], ensure_ascii=False, indent=1, sort_keys=True) + "\n",
        encoding="utf-8")
    return ["bibliography.bib", "bibliography.ris", "bibliography.json"]
