"""SKOS: the concept scheme as Turtle (``skos.ttl``) and JSON-LD (``skos.jsonld``), via rdflib.

Concept URI = the absolute permalink ``<site_url>t/<id>/`` (fragment-free, the same in the online
and offline builds, and the ``@id`` of the schema.org data in the concept pages). No blank nodes,
so that both serialisations are deterministic (Turtle: rdflib sorts; JSON-LD: sorted here).
"""
from __future__ import annotations

import json
import logging
from pathlib import Path

from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, SKOS

from .. import __version__, urls
from ..i18n import t
from ..concepts import top_concepts
from ..model import LANGS
from .terms import NAME, concept_uri

log = logging.getLogger("lessico.exports")
SCHEMA = Namespace("https://schema.org/")
TTL, JSONLD = "skos.ttl", "skos.jsonld"
CONTEXT = {"skos": str(SKOS), "dct": str(DCTERMS), "foaf": str(FOAF), "schema": str(SCHEMA),
           "rdf": str(RDF)}


def scheme_uri(site_url: str) -> URIRef:
    return URIRef(urls.absolute(site_url, ""))


def theme_uri(site_url: str, theme: str) -> URIRef:
    return URIRef(urls.absolute(site_url, urls.page_url("glossary/index", LANGS[0], True)) + f"#theme-{theme}")


def theme_scheme_uri(site_url: str, theme: str) -> URIRef:
    """A theme is a concept scheme of its own (as EuroVoc's micro-thesauri), part of the glossary's
    scheme, at the theme's section of the glossary index; it carries the theme's top concepts
    (``concepts.top_concepts``) and its concepts are ``inScheme`` it."""
    return theme_uri(site_url, theme)


def _labels(entry, terms) -> list[str]:
    out: list[str] = []
    for x in terms:
        v = " ".join(x.label.split())
        if v and v != entry.term and v not in out:
            out.append(v)
    return out


def alt_labels(entry) -> list[str]:
    """The admitted other terms: never the prefLabel, no repeats (case-sensitive, as in SKOS)."""
    return _labels(entry, entry.admitted)


def hidden_labels(entry) -> list[str]:
    """Inflected forms and deprecated terms: found by search, never displayed (SKOS hiddenLabel)."""
    alts = set(alt_labels(entry))
    return [v for v in _labels(entry, [*entry.forms, *entry.deprecated]) if v not in alts]


def graph(model, directory_urls: bool = True, site_url: str = "") -> Graph:
    g = Graph(bind_namespaces="core")
    for prefix, ns in CONTEXT.items():
        g.bind(prefix, ns)
    scheme = scheme_uri(site_url)
    g.add((scheme, RDF.type, SKOS.ConceptScheme))
    for lang in LANGS:
        g.add((scheme, SKOS.prefLabel, Literal(t(lang, "scheme_title", name=NAME), lang=lang)))
        g.add((scheme, DCTERMS.title, Literal(t(lang, "scheme_title", name=NAME), lang=lang)))
    g.add((scheme, DCTERMS.hasVersion, Literal(__version__)))
    for lang in LANGS:
        index = URIRef(urls.public_url(site_url, "glossary/index", lang))
        g.add((scheme, FOAF.page, index))
        g.add((index, DCTERMS.language, Literal(lang)))
    themes = sorted({c.theme for c in model.concepts.values()})
    tops = top_concepts(model.concepts)
    for theme in themes:
        sub = theme_scheme_uri(site_url, theme)
        g.add((sub, RDF.type, SKOS.ConceptScheme))
        g.add((sub, DCTERMS.isPartOf, scheme))
        g.add((scheme, DCTERMS.hasPart, sub))
        g.add((sub, SKOS.notation, Literal(theme)))
        for lang in LANGS:
            g.add((sub, SKOS.prefLabel, Literal(t(lang, "theme." + theme), lang=lang)))
        for cid in tops.get(theme, []):
            uri = URIRef(concept_uri(site_url, cid))
            g.add((sub, SKOS.hasTopConcept, uri))
            g.add((uri, SKOS.topConceptOf, sub))
    for cid in sorted(model.concepts):
        c = model.concepts[cid]
        uri = URIRef(concept_uri(site_url, cid))
        g.add((uri, RDF.type, SKOS.Concept))
        g.add((uri, SKOS.inScheme, scheme))
        g.add((uri, SKOS.notation, Literal(cid)))
        g.add((uri, SKOS.inScheme, theme_scheme_uri(site_url, c.theme)))
        if not c.broader:
            g.add((scheme, SKOS.hasTopConcept, uri))
            g.add((uri, SKOS.topConceptOf, scheme))
        for lang in LANGS:
            e = c.labels[lang]
            g.add((uri, SKOS.prefLabel, Literal(e.term, lang=lang)))
            for alt in alt_labels(e):
                g.add((uri, SKOS.altLabel, Literal(alt, lang=lang)))
            for hidden in hidden_labels(e):
                g.add((uri, SKOS.hiddenLabel, Literal(hidden, lang=lang)))
            g.add((uri, SKOS.definition, Literal(e.definition, lang=lang)))
            if e.note:
                g.add((uri, SKOS.scopeNote, Literal(e.note, lang=lang)))
            page = URIRef(urls.public_url(site_url, urls.concept_key(cid), lang))
            g.add((uri, FOAF.page, page))
            g.add((page, DCTERMS.language, Literal(lang)))
        for rel, prop in (("broader", SKOS.broader), ("narrower", SKOS.narrower), ("related", SKOS.related)):
            for other in getattr(c, rel):
                g.add((uri, prop, URIRef(concept_uri(site_url, other))))
    return g


def _sort_jsonld(node):
    if isinstance(node, dict):
        return {k: _sort_jsonld(v) for k, v in sorted(node.items())}
    if isinstance(node, list):
        items = [_sort_jsonld(v) for v in node]
        return sorted(items, key=lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True))
    return node


def turtle(g: Graph) -> bytes:
    return g.serialize(format="turtle", encoding="utf-8")


def jsonld(g: Graph) -> bytes:
    data = json.loads(g.serialize(format="json-ld", context=CONTEXT, auto_compact=True))
    context = data.pop("@context", CONTEXT)
    data = _sort_jsonld(data)
    data["@context"] = context
    return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def write(model, site_dir: Path, directory_urls: bool, site_url: str, overrides: str | None = None) -> list[str]:
    g = graph(model, directory_urls, site_url)
    (site_dir / TTL).write_bytes(turtle(g))
    (site_dir / JSONLD).write_bytes(jsonld(g))
    log.debug("SKOS: %d triples", len(g))
    return [TTL, JSONLD]
