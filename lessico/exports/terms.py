"""``terms.json``: the machine-readable glossary, and its JSON Schema ``terms.schema.json``.

Pure: ``terms_data`` takes the model and returns a dict; ``dumps`` gives deterministic bytes
(sorted keys, no timestamps). The schema is a static file published beside the data.
"""
from __future__ import annotations

from ..references import is_verified

import json
import logging
from collections import Counter
from pathlib import Path

from .. import __version__, urls
from ..model import LANGS

log = logging.getLogger("lessico.exports")

NAME = "Lessico dei distretti"
FILE = "terms.json"
SCHEMA_FILE = "terms.schema.json"
SCHEMA_PATH = Path(__file__).with_name("schema") / SCHEMA_FILE
FORMAT_VERSION = 1


def link(site_url: str, path: str, online: str) -> dict:
    """A site page as ``{"path": site-root-relative in this build, "url": absolute, published}``.
    They differ in the offline bundle (``x.html`` files), whose citations use the online address."""
    return {"path": path, "url": urls.absolute(site_url, online)}


def concept_uri(site_url: str, cid: str) -> str:
    """The concept's stable identifier: the absolute permalink ``t/<id>/`` (same in every build)."""
    return urls.public_permalink(site_url, cid)


def page_links(key: str, directory_urls: bool, site_url: str, frag: str = "") -> dict:
    suffix = f"#{frag}" if frag else ""
    return {lang: link(site_url, urls.page_url(key, lang, directory_urls) + suffix, urls.page_url(key, lang) + suffix)
            for lang in LANGS}


def occurrence_counts(model, cid: str) -> list[dict]:
    """``[{source, anchor, count}]`` in document order (first appearance), one row per paragraph."""
    counts = Counter((o.source, o.anchor) for o in model.occurrences.get(cid, []))
    return [{"source": s, "anchor": a, "count": n} for (s, a), n in counts.items()]


def _concept(model, c, directory_urls: bool, site_url: str) -> dict:
    return {
        "id": c.id,
        "uri": concept_uri(site_url, c.id),
        "theme": c.theme,
        "labels": {
            lang: {
                "term": e.term,
                "variants": list(e.variants),
                # every label with what a linking tool needs: kind, status and the two flags
                "terms": [{"label": x.label, "type": x.kind, "status": x.status,
                           "case_sensitive": x.case_sensitive, "autolink": x.autolink} for x in e.all_terms],
                "grammar": {k: v for k, v in (("pos", e.pos), ("gender", e.gender), ("number", e.number)) if v},
                "definition": e.definition,
                "note": e.note,
            }
            for lang, e in ((lang, c.labels[lang]) for lang in LANGS)
        },
        "broader": sorted(c.broader),
        "narrower": sorted(c.narrower),
        "related": sorted(c.related),
        "urls": page_links(urls.concept_key(c.id), directory_urls, site_url),
        "permalink": link(site_url, urls.permalink_url(c.id, directory_urls), urls.permalink_url(c.id)),
        "replaces": sorted(c.aliases),
        "sources": list(c.sources),
        "references": list(c.references),
        "occurrences": occurrence_counts(model, c.id),
    }


def _source(src, directory_urls: bool, site_url: str) -> dict:
    m = src.meta
    return {
        "id": m.id,
        "file": m.file,
        "lang": m.lang,
        "kind": m.kind,
        "title": m.title,
        "author": m.author,
        "year": m.year,
        "venue": m.venue,
        "url": m.url,  # the original document, where known (null otherwise)
        "urls": page_links(urls.source_key(m.id), directory_urls, site_url),
    }


def _reference(bib, item: dict, directory_urls: bool, site_url: str) -> dict:
    rid = item["id"]
    cited = getattr(bib, "cited_in", {}).get(rid, [])
    return {
        "id": rid,
        "csl": item,
        "verified": is_verified(item),
        "cited_in": [{"source": s, "anchor": a} for s, a in cited],
        "urls": page_links("bibliography/index", directory_urls, site_url, rid),
    }


def terms_data(model, directory_urls: bool = True, site_url: str = "") -> dict:
    concepts = [model.concepts[cid] for cid in sorted(model.concepts)]
    return {
        "$schema": urls.absolute(site_url, SCHEMA_FILE),
        "format_version": FORMAT_VERSION,
        "name": NAME,
        "version": __version__,
        "site_url": site_url,
        "languages": list(LANGS),
        "default_language": LANGS[0],
        "directory_urls": directory_urls,
        "concepts": [_concept(model, c, directory_urls, site_url) for c in concepts],
        "sources": [_source(s, directory_urls, site_url) for s in model.sources],
        "references": [_reference(model.bib, i, directory_urls, site_url) for i in model.bib.items],
    }


def dumps(data) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def schema_data(site_url: str = "") -> dict:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    schema["$id"] = urls.absolute(site_url, SCHEMA_FILE)
    return schema


def write(model, site_dir: Path, directory_urls: bool, site_url: str, overrides: str | None = None) -> list[str]:
    (site_dir / FILE).write_bytes(dumps(terms_data(model, directory_urls, site_url)))
    (site_dir / SCHEMA_FILE).write_bytes(dumps(schema_data(site_url)))
    log.debug("terms.json: %d concepts", len(model.concepts))
    return [FILE, SCHEMA_FILE]
