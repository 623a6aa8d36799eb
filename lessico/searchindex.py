"""One search index per language, from the combined index Material's search plugin writes.

static-i18n builds both languages into one ``search/search_index.json`` (one lunr configuration
for both, ``lang: [it, en]``), so "Marshall" typed on an English page ranked Italian pages first
and every page loaded both languages' entries. ``split`` gives each language its own index: the
default language's entries at ``search/``, each other language's under ``<lang>/search/`` with
locations relative to that folder (the English pages' search ``base`` is ``en/``), stemmed by its
own lunr language only. Pure functions over the index's JSON; the adapter reads and writes files.
"""
from __future__ import annotations

import re

# sections of a concept page that repeat what other entries index (the related concepts' own
# pages, the source passages) and would outrank the page itself for a term it only mentions
CONCEPT_SECTIONS_DROPPED = ("#relations", "#in-sources")

# a full stop after one of these does not end a sentence (definitions cite laws and sources)
_ABBREVIATIONS = frozenset("""
    art artt cfr ecc es etc ca vol voll pp p n nn cap capp sez ss sg l d dl dlgs lgs dpr rec
    reg dir co prof dott ing sig spa srl s.p.a e.g i.e vs al fig tab ed eds ivi ibid op cit
    mr dr st no inc ltd co corp dec gen
""".split())
_SENTENCE_END = re.compile(r"[.!?](?=\s+[«“\"(]?[A-ZÀ-Ý])")


def first_sentence(text: str) -> str:
    """The first sentence of a definition: up to the first full stop that ends a sentence (not
    one after an abbreviation, an initial or a number such as "2003/361")."""
    text = " ".join(text.split())
    for m in _SENTENCE_END.finditer(text):
        word = re.search(r"([\w.]+)$", text[:m.start()])
        token = word.group(1).lower() if word else ""
        if text[m.start()] == "." and (token in _ABBREVIATIONS or len(token.rstrip(".")) == 1):
            continue
        return text[:m.end()]
    return text


def _lang_of(location: str, others: tuple[str, ...]) -> str | None:
    for lang in others:
        if location == lang or location.startswith(f"{lang}/") or location.startswith(f"{lang}#"):
            return lang
    return None


def split(index: dict, langs: tuple[str, ...], summaries: dict[tuple[str, str], str] | None = None,
          concept_pages: frozenset[str] = frozenset()) -> dict[str, dict] | None:
    """``{lang: index}`` for each of ``langs`` (the first is the default language, at the site
    root); ``None`` when the index does not hold every language (a build of one language only,
    or an index already split).

    ``summaries`` maps (lang, page location relative to the language's root) to the text the
    page's main entry shows in results (a concept's first sentence); ``concept_pages`` are those
    locations, whose repeated sections are left out."""
    summaries = summaries or {}
    default, others = langs[0], tuple(langs[1:])
    docs: dict[str, list[dict]] = {lang: [] for lang in langs}
    for entry in index.get("docs", []):
        lang = _lang_of(entry["location"], others) or default
        entry = dict(entry)
        if lang != default:
            entry["location"] = entry["location"][len(lang) + 1:]
        page, _, section = entry["location"].partition("#")
        if page in concept_pages and section and f"#{section}" in CONCEPT_SECTIONS_DROPPED:
            continue
        if not section and (lang, page) in summaries:
            entry["text"] = summaries[(lang, page)]
        docs[lang].append(entry)
    if any(not d for d in docs.values()):
        return None
    out = {}
    for lang in langs:
        config = dict(index.get("config", {}), lang=[lang])
        out[lang] = {"config": config, "docs": docs[lang]}
    return out


def folder(lang: str, langs: tuple[str, ...]) -> str:
    """Where a language's index lives, relative to the site root."""
    return "search" if lang == langs[0] else f"{lang}/search"
