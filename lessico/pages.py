"""Build the view of every generated page and render it, per language (render stage).

``Renderer`` turns the model into the typed views of ``views.py``; the templates in
``lessico/templates/`` turn a view into Markdown text (``templating.py``), escaping every
string: nothing that arrives in a source is ever interpreted as Markdown or HTML. Links are
relative and built by ``urls``.
"""
from __future__ import annotations

import dataclasses
import html
import json
import math
import re
from collections import Counter, defaultdict

from . import SITE_NAME, languages, maps, urls
from .analysis import Passage
from .cards import term_card
from .concepts import THEMES
from .i18n import STRINGS, long_date, not_identified, plural, t
from .model import LANGS, Concept
from .quiz import quiz_view
from .references import acronym_of, as_cited_label, cited_as, coins, is_as_cited, is_inferred, verification
from .searchindex import first_sentence
from .templating import macro, render
from .text import fold
from .views import (AsCited, BibliographyView, ConceptView, CopyRow, CourseEntry, CourseRow, CoursesIndexView,
                    CourseView, Excerpt, Footnote, GlossaryIndexView, GlossaryLetterView, LectureView,
                    HomeStatsView, IndexTerm, Letter, LetterJump, Link, MetaRow, RefEntry, Relation, Segment,
                    BasisSource, SourceBlock, SourceItem, SourceRow, SourceUse, SourcesIndexView, SourceView, ThemeSection,
                    TocEntry,
                    Variant, trusted_html)

# a context is a whole sentence: it ends at . ! ? (never at a semicolon) before a capital letter,
# not after an abbreviation ("et al.", "ad es.", "art.") or an initial ("S.")
_SENT_END = re.compile(r"[.!?][»”\"')\]]*\s+(?=[«“\"(\[]?[A-ZÀ-Ý])")
_NOT_END = frozenset("al es ecc etc cfr art artt pp p n nn vol cap ca fig tab ed eds ibid cit op vs e.g i.e "
                     "st dr mr prof dott sig".split())
# a sentence that defines or explains a term says so: it is shown before the others of its source
_DEFINING = re.compile(r"\b(defin\w*|si intend\w*|si parla di|consist\w*|ovvero|cioè|refers? to|is called|"
                       r"known as|that is|i\.e\.)", re.IGNORECASE)
# Above INDEX_SPLIT concepts the glossary index stops listing them all (5.7 MB at 7,600 concepts):
# its A-Z becomes one page per letter (urls.letter_key), linked from the index's letter bar, and
# each theme lists its top concepts, at most THEME_TOP, with the count of the others. At or below
# it the index is the one page it always was. LESSICO_INDEX_SPLIT overrides it (lessico/site.py).
INDEX_SPLIT = 400
THEME_TOP = 40
MIN_CONTEXT_WORDS = 6  # fewer words is a title or a fragment, not a sentence that says something


def _sentence_ends(text: str, lo: int = 0, hi: int | None = None):
    hi = len(text) if hi is None else hi
    for m in _SENT_END.finditer(text, lo, hi):
        word = re.search(r"([\w.]+)$", text[:m.start()])
        token = (word.group(1) if word else "").lower()
        if text[m.start()] == "." and (token in _NOT_END or len(token) == 1):
            continue
        yield m


def sentence_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence of ``text`` around ``[start, end)``: from the end of the previous sentence to
    the end of this one (a semicolon does not end a sentence)."""
    lo = 0
    for m in _sentence_ends(text, 0, start + 2):  # the capital after the end may be the term's
        if m.end() <= start:
            lo = m.end()
    hi = next((m.end() for m in _sentence_ends(text, end)), len(text))
    return lo, hi


def is_defining(text: str, start: int, end: int) -> bool:
    """Whether the sentence around ``[start, end)`` defines or explains (``_DEFINING``)."""
    lo, hi = sentence_span(text, start, end)
    return bool(_DEFINING.search(text, lo, hi))


def is_context(passage, start: int, end: int) -> bool:
    """Whether an occurrence can be shown as a context: not in a heading, in a sentence of at least
    ``MIN_CONTEXT_WORDS`` words (a one-word paragraph such as «Greenfield» is a title)."""
    if passage.kind in ("heading", "link"):
        return False
    lo, hi = sentence_span(passage.text, start, end)
    return len(passage.text[lo:hi].split()) >= MIN_CONTEXT_WORDS
MAX_CONTEXTS = 5  # contexts on a concept page
TOC_MIN_HEADINGS = 4  # a source with this many headings gets an in-page contents list
EXCERPT_MIN_WORDS = 8  # shorter passages are excerpts of last resort
MAX_COUNT_ROWS = 10  # rows of a concept page's "in the sources" table (the rest in one row)
_UI = ("definition", "note", "variants", "relations", "concept_map", "in_sources", "excerpts", "references",
       "link_term", "cite_entry", "grammar", "definition_sources", "deprecated", "source_col", "count_col",
       "equivalent", "theme")


def search_boost(occurrences: int) -> float:
    """A concept page's search boost: among pages whose labels all match a query ("distretti"
    matches every kind of district), the one the sources use most comes first; logarithmic, so a
    frequent term does not bury a rare exact one."""
    return round(1 + math.log10(1 + occurrences), 2)


def _names(spelling: str) -> str:
    """"Dunford, Greek" (how the citations index spells a work's authors) as a reader writes it:
    "Dunford & Greek", "Rossi, Bianchi & Verdi"."""
    parts = [p.strip() for p in spelling.split(",") if p.strip()]
    return " & ".join(parts) if len(parts) <= 2 else ", ".join(parts[:-1]) + " & " + parts[-1]


def _cited_as(item: dict, spellings: list[str]) -> str:
    """A record's authors as the sources print them where that differs from the record ("Dunford
    & Greek" for Dunford & Greco; "Triglia" for Trigilia); the acronym already stands in the entry."""
    own = ", ".join(a.get("family") or a.get("literal") or "" for a in item.get("author") or item.get("editor") or [])
    acronym = acronym_of(item)
    seen = [*spellings, *(s.replace(" & ", ", ") for s in cited_as(item))]
    out = [_names(s) for s in dict.fromkeys(seen) if s != own and s != acronym]
    return "; ".join(out)


def _title_lang(meta, lang: str) -> str:
    """The language of a document's own title where a page in ``lang`` must mark it (screen
    readers, hyphenation): the document's, when it has a title and the page is in another
    language; "" for a devised label, which is written in the page's language."""
    return meta.lang if meta.title and meta.lang != lang else ""


class Renderer:
    """Holds the model and per-build lookups; each ``*_page`` method returns Markdown text."""

    def __init__(self, model, directory_urls: bool = True, site_url: str = "", overrides: str | None = None,
                 repo_url: str = "", index_split: int = INDEX_SPLIT):
        self.m = model
        self.index_split = index_split  # more concepts than this: the A-Z is split by letter
        self.du = directory_urls
        self.site_url = site_url
        self.repo_url = repo_url  # MkDocs' repo_url: where readers report an error ("" = nowhere)
        self.overrides = overrides  # the theme's custom_dir (templating.py)
        self.src_by_id = {s.id: s for s in model.sources}
        self._items = {i["id"]: i for i in getattr(getattr(model, "bib", None), "items", [])}
        self.ignored = {(s, a, c.start) for s, a, c, _ in getattr(getattr(model, "bib", None), "ignored", [])}

    def render(self, template: str, view) -> str:
        return render(template, self.overrides, v=view)

    # -- helpers --------------------------------------------------------------------------
    def url(self, key: str, lang: str) -> str:
        return urls.page_url(key, lang, self.du)

    def link_href(self, from_key: str, to_key: str, lang: str, frag: str = "", to_lang: str | None = None) -> str:
        """Relative href from one page to another (not escaped: the templates escape it)."""
        target = self.url(to_key, to_lang or lang) + (f"#{frag}" if frag else "")
        return urls.relative(self.url(from_key, lang), target)

    def term(self, cid: str, lang: str) -> str:
        return self.m.concepts[cid].labels[lang].term

    def source_title(self, sid: str, lang: str) -> str:
        meta = self.src_by_id[sid].meta
        if meta.title:
            return meta.title
        if meta.label.get(lang):  # a devised title, bracketed as cataloguers do
            return f"[{meta.label[lang]}]"
        return t(lang, "untitled", file=meta.file)

    def concept_link(self, from_key: str, cid: str, lang: str) -> Link:
        e = self.m.concepts[cid].labels[lang]
        return Link(self.link_href(from_key, urls.concept_key(cid), lang), e.term, e.definition)

    def reference(self, rid: str, lang: str, link_urls: bool = False):
        """A formatted reference: citeproc-py's HTML, built from the records with their text
        escaped (references.py), so printed as it is; the bare id where there is none.
        ``link_urls``: its DOI and URL become links (only where the reference is not itself
        inside a link: the bibliography page)."""
        formatted = self.m.formatted[lang].get(rid)
        if formatted is None:
            return rid
        return trusted_html(_URL_IN_HTML.sub(_url_link, formatted) if link_urls else formatted)

    def as_cited(self, item: dict, from_key: str, lang: str) -> AsCited:
        """The librarian's line for an entry known from citations only."""
        sources = tuple(Link(self.link_href(from_key, urls.source_key(s), lang), self.source_title(s, lang))
                        for s in item["custom"]["cited_by"] if s in self.src_by_id)
        return AsCited(as_cited_label(item), t(lang, "as_cited_in"), sources, t(lang, "as_cited_missing"))

    def cite_tip(self, rid: str, lang: str) -> str:
        """The tooltip of a citation link: the formatted reference, or for a work known only from
        its citations the librarian's line ("Gordon (1989) — citato in «…»; riferimento completo
        non individuato"), never a bare "Gordon. (1989)."."""
        item = self._items.get(rid)
        if item is None or not is_as_cited(item):
            return self.m.plain[lang].get(rid, "")
        titles = ", ".join(t(lang, "quoted_title", title=self.source_title(s, lang))
                           for s in item["custom"]["cited_by"] if s in self.src_by_id)
        if not titles:
            return f"{as_cited_label(item)} — {t(lang, 'as_cited_missing')}"
        return t(lang, "cite_tip_as_cited", label=as_cited_label(item), sources=titles)

    def works_cited(self, sid: str, lang: str) -> tuple[Link, ...]:
        """The works a source cites, in bibliography order, each linked to its entry."""
        key = urls.source_key(sid)
        cited = {rid for rid, places in self.m.bib.cited_in.items() if any(s == sid for s, _ in places)}
        return tuple(Link(self.link_href(key, "bibliography/index", lang, item["id"]),
                          as_cited_label(item) if is_as_cited(item) else self.reference(item["id"], lang))
                     for item in self.m.bib.items if item["id"] in cited)

    def svg(self, html: str | None):
        """A concept or theme map: SVG and lists whose every text and attribute maps.py escapes."""
        return trusted_html(html) if html else None

    # -- inline annotation ----------------------------------------------------------------
    def inline(self, p: Passage, lang: str, from_key: str, link_terms: bool = True) -> tuple[Segment, ...]:
        """Passage text in runs: citation links, first-occurrence term links, footnote refs."""
        spans: list[tuple[int, int, str, str, str]] = []
        cards = {}  # a term's span -> its preview card
        for cite in p.cites:
            ref = self.m.bib.links.get((p.source, p.anchor, cite.start))
            if ref:
                tip = self.cite_tip(ref, lang)
                spans.append((cite.start, cite.end, "cite", self.link_href(from_key, "bibliography/index", lang, ref), tip))
            elif (p.source, p.anchor, cite.start) not in self.ignored:  # ignored: plain text, by decision
                spans.append((cite.start, cite.end, "unresolved", "", ""))
        if link_terms:
            seen = set()
            marks = [off for off, _ in p.footnotes]
            for m in p.matches:
                if m.concept in seen or any(m.start < off < m.end for off in marks):
                    continue  # a footnote marker inside a term: the marker wins, the term stays text
                seen.add(m.concept)
                c = self.m.concepts[m.concept]
                spans.append((m.start, m.end, "term", self.link_href(from_key, urls.concept_key(c.id), lang),
                              c.labels[lang].definition))
                cards[m.start, m.end] = term_card(c, lang)
        spans.sort()
        points = sorted(p.footnotes)
        out: list[Segment] = []
        pos = 0
        events = [(s, 0, e, k, h, ti) for s, e, k, h, ti in spans] + [(off, 1, off, lab, "", "") for off, lab in points]
        events.sort(key=lambda ev: (ev[0], -ev[1]))
        for start, is_note, end, kind, href, title in events:
            if start < pos:
                continue  # overlaps an earlier span: keep the earlier one
            out.append(Segment("text", p.text[pos:start]))
            if is_note:
                out.append(Segment("fnref", kind))  # kind holds the marker's label
                pos = start
            else:
                out.append(Segment(kind, p.text[start:end], href, title, cards.get((start, end)) if kind == "term" else None))
                pos = end
        out.append(Segment("text", p.text[pos:]))
        return tuple(s for s in out if s.text)

    # -- source pages ---------------------------------------------------------------------
    def source_view(self, sid: str, lang: str) -> SourceView:
        src = self.src_by_id[sid]
        meta = src.meta
        key = urls.source_key(sid)
        # what is known, row by row; what is not, in one line; the workshop (file, extraction
        # notes) folded away below
        known = {"author": meta.author or "", "title": meta.title or "", "year": str(meta.year) if meta.year else "",
                 "venue": meta.venue or ""}
        title_lang = _title_lang(meta, lang)
        rows = [MetaRow(t(lang, f), known[f], lang=title_lang if f == "title" else "")
                for f in ("author", "title", "year") if known[f]]
        rows += [MetaRow(t(lang, "kind"), _kind_label(meta.kind, lang)),
                 MetaRow(t(lang, "language"), languages.name(meta.lang, lang))]
        if known["venue"]:
            rows.append(MetaRow(t(lang, "venue"), known["venue"]))
        if meta.url:
            rows.append(MetaRow(t(lang, "venue"), meta.url, "link"))
        missing = [f for f in ("author", "title", "year", "venue") if not known[f] and not (f == "venue" and meta.url)]
        provenance = (MetaRow(t(lang, "file"), meta.file, "code"),) + (
            (MetaRow(t(lang, "provenance"), meta.note[lang]),) if meta.note.get(lang) else ())
        passages = self.m.passages[sid]
        body = [p for p in passages if p.kind != "footnote"]
        blocks: list[SourceBlock] = []
        i, prev_level = 0, 1
        while i < len(body):
            p = body[i]
            if p.kind == "heading" and not blocks and meta.title and fold(p.text).split() == fold(meta.title).split():
                blocks.append(SourceBlock("anchor", p.anchor))  # the title again: the page's h1 says it
                i += 1
            elif p.kind == "heading":
                level = min(6, max(2, p.level + 1), prev_level + 1)  # never skip a level (h1 -> h3)
                prev_level = level
                blocks.append(SourceBlock("heading", p.anchor, level=level, text=p.text))
                i += 1
            elif p.kind in ("item", "link"):
                kind = p.kind
                items = []
                while i < len(body) and body[i].kind == kind:
                    q = body[i]
                    if kind == "link":
                        href = q.text if re.match(r"(?i)https?://", q.text) else "http://" + q.text
                        refs = [self.m.bib.links.get((q.source, q.anchor, c.start)) for c in q.cites]
                        refs = [r for r in refs if r]
                        items.append(SourceItem(q.anchor, href=href, text=q.text, cites=tuple(
                            self.link_href(key, "bibliography/index", lang, r) for r in refs),
                            cite_titles=tuple(self.cite_tip(r, lang) for r in refs)))
                    else:
                        items.append(SourceItem(q.anchor, self.inline(q, lang, key)))
                    i += 1
                blocks.append(SourceBlock("links" if kind == "link" else "items", items=tuple(items)))
            else:
                blocks.append(SourceBlock("paragraph", p.anchor, segments=self.inline(p, lang, key), number=p.anchor[1:]))
                i += 1
        # a back link only where the text has the note's marker (inline() writes it for these kinds)
        marked = {lab for p in body if p.kind not in ("heading", "link") for _, lab in p.footnotes}
        notes = tuple(Footnote(p.anchor, self.inline(p, lang, key), p.anchor[3:] if p.anchor[3:] in marked else "")
                      for p in passages if p.kind == "footnote")
        works_cited = self.works_cited(sid, lang)
        heads = [(b.level, b.anchor, b.text) for b in blocks if b.kind == "heading"]
        if works_cited:
            heads.append((2, "lx-works-cited", t(lang, "works_cited")))
        toc = _toc_tree(heads) if len(heads) >= TOC_MIN_HEADINGS else ()
        return SourceView(
            title=self.source_title(sid, lang), lang=lang, text_lang=meta.lang if meta.lang != lang else "",
            unknown=t(lang, "unknown"), meta=tuple(rows), abstract_label=t(lang, "abstract"),
            not_identified=not_identified(lang, missing) if missing else "",
            provenance_summary=t(lang, "provenance_summary"), provenance=provenance,
            abstract=meta.abstract.get(lang) or "", note_title=t(lang, "note"),
            lang_note=t(lang, "text_lang_note", language=languages.name(meta.lang, lang)) if meta.lang != lang else "",
            title_lang=title_lang,
            para_link=t(lang, "para_link"), bibliography_label=t(lang, "bibliography"),
            blocks=tuple(blocks), footnotes=notes,
            works_cited_title=t(lang, "works_cited"), works_cited_intro=t(lang, "works_cited_intro"),
            works_cited=works_cited, toc_title=t(lang, "contents"), toc=toc)

    def source_page(self, sid: str, lang: str) -> str:
        return self.render("source.md", self.source_view(sid, lang))

    def sources_index(self, lang: str) -> str:
        key = "sources/index"
        rows = tuple(
            SourceRow(src.meta.id, self.link_href(key, urls.source_key(src.meta.id), lang),
                      self.source_title(src.meta.id, lang), src.meta.author or "", _kind_label(src.meta.kind, lang),
                      languages.name(src.meta.lang, lang), src.meta.abstract.get(lang) or "",
                      _title_lang(src.meta, lang))
            for src in self.m.sources)
        return self.render("sources_index.md", SourcesIndexView(t(lang, "sources"), t(lang, "sources_intro"),
                                                                t(lang, "unknown"), rows))

    # -- concept pages --------------------------------------------------------------------
    def excerpt(self, occ, lang: str, from_key: str) -> Excerpt:
        """A context under its source on a concept page, linked by its paragraph only ("§ 3")."""
        p = self.m.passage_index[(occ.source, occ.anchor)]
        text = p.text
        start, end = sentence_span(text, occ.start, occ.end)
        pre, post = "", ""
        if occ.start - start > 300:  # a very long sentence: cut at a word, marked as cut
            start = text.rfind(" ", 0, occ.start - 280) + 1
            pre = "… "
        if end - occ.end > 300:
            end = text.find(" ", occ.end + 280)
            end = len(text) if end < 0 else end
            post = " …"
        src = self.src_by_id[occ.source]
        where = t(lang, "paragraph", n=occ.anchor[1:]) if occ.anchor.startswith("p") else t(lang, "footnotes")
        link = Link(self.link_href(from_key, urls.source_key(occ.source), lang, occ.anchor), where)
        return Excerpt(src.meta.lang if src.meta.lang != lang else "", pre, text[start:occ.start],
                       text[occ.start:occ.end], text[occ.end:end].rstrip(), post, link)

    def pick_contexts(self, c: Concept, occ, lang: str, n: int = MAX_CONTEXTS) -> list:
        """The occurrences shown as contexts on a concept page: whole sentences, never a heading
        (``is_context``), one per passage. The sources in the page's language come first, then
        those in the other language (marked as such on the page); within each, the passages the
        definition is based on first, then one passage from each source in turn, a sentence that
        defines or explains (``is_defining``) before the others of its source."""
        basis = {(b["source"], f'p{b["paragraph"]}') for b in c.based_on if "source" in b}
        seen = set()
        groups = {same: ([], defaultdict(list)) for same in (True, False)}
        for o in occ:
            key = (o.source, o.anchor)
            if key in seen or not is_context(self.m.passage_index[key], o.start, o.end):
                continue
            seen.add(key)
            first, by_src = groups[self.src_by_id[o.source].meta.lang == lang]
            (first if key in basis else by_src[o.source]).append(o)
        picked: list = []
        for same in (True, False):
            first, by_src = groups[same]
            for sid, items in by_src.items():  # a defining sentence first, then document order
                items.sort(key=lambda o: not is_defining(self.m.passage_index[(o.source, o.anchor)].text,
                                                         o.start, o.end))
            picked += first[:n - len(picked)]
            while len(picked) < n and any(by_src.values()):
                for sid in list(by_src):
                    if by_src[sid] and len(picked) < n:
                        picked.append(by_src[sid].pop(0))
        return picked

    def concept_view(self, cid: str, lang: str) -> ConceptView:
        c: Concept = self.m.concepts[cid]
        e = c.labels[lang]
        other = next(l for l in LANGS if l != lang)
        key = urls.concept_key(cid)
        grammar = [t(lang, f"{k}.{v}") for k, v in (("pos", e.pos), ("gender", e.gender), ("number", e.number)) if v]
        basis: list = []
        grouped: dict[str, list] = {}
        for b in c.based_on:  # the passages and authorities the definition follows
            if "source" in b:  # a source named once, then its paragraphs: "[Tesi …], § 3, § 4"
                para = Link(self.link_href(key, urls.source_key(b["source"]), lang, "p" + str(b["paragraph"])),
                            t(lang, "paragraph", n=b["paragraph"]))
                if b["source"] not in grouped:
                    grouped[b["source"]] = [self.source_title(b["source"], lang)]
                    basis.append(grouped[b["source"]])
                grouped[b["source"]].append(para)
            elif b["reference"] in self.m.bib_ids:
                basis.append(Link(self.link_href(key, "bibliography/index", lang, b["reference"]),
                                  self.reference(b["reference"], lang)))
        # forms (plurals, elisions) are only recognised and searched, never shown
        variants = tuple(Variant(x.label, t(lang, "term_type." + x.kind), x.status == "deprecated")
                         for x in [*e.admitted, *e.deprecated]) if e.terms else None
        relations = []
        for rel in ("broader", "narrower", "related"):
            targets = sorted(getattr(c, rel), key=lambda x: fold(self.term(x, lang)))
            if targets:
                relations.append(Relation(t(lang, rel), tuple(self.concept_link(key, x, lang) for x in targets)))
        svg = self.svg(self.m.concept_maps(self, cid, lang)) if self.m.concept_maps else None
        occ = self.m.occurrences.get(cid, [])
        counts_rows: list = []
        shown: list = []
        picked = []
        if occ:
            counts = Counter(o.source for o in occ)
            shown = list(counts.items())
            if len(shown) > MAX_COUNT_ROWS:  # a page must not grow with the corpus: the sources
                keep = {s for s, _ in counts.most_common(MAX_COUNT_ROWS)}  # with most occurrences,
                shown = [(s, n) for s, n in shown if s in keep]  # the rest summed in one row
            counts_rows = [(Link(self.link_href(key, urls.source_key(s), lang), self.source_title(s, lang)), n)
                           for s, n in shown]
            if len(counts) > len(shown):
                counts_rows.append((plural(lang, "other_sources", len(counts) - len(shown)),
                                    sum(counts.values()) - sum(n for _, n in shown)))
            picked = self.pick_contexts(c, occ, lang)
            order = {(o.source, o.anchor): i for i, o in enumerate(occ)}
            picked.sort(key=lambda o: order[(o.source, o.anchor)])  # each source's excerpts in reading order
        rest = [self.source_title(s, lang) for s in c.sources if s not in grouped]  # not named by the basis
        refs = tuple(Link(self.link_href(key, "bibliography/index", lang, r), self.reference(r, lang))
                     for r in c.references if r in self.m.bib_ids)
        page = urls.public_url(self.site_url, key, lang)
        perma = urls.public_permalink(self.site_url, c.id)
        year = self.m.year
        # author-date, the glossary itself as author (its entries are unsigned)
        if lang == "it":
            cite = f"{SITE_NAME} ({year}), «{e.term}», {page}."
        else:
            cite = f"{SITE_NAME} ({year}). \u201c{e.term}.\u201d {page}."
        bibtex = (f"@misc{{lessico-{c.id}-{lang},\n  title = {{{e.term}}},\n  booktitle = {{Lessico dei distretti}},\n"
                  f"  year = {{{year}}},\n  url = {{{page}}},\n  language = {{{'italian' if lang == 'it' else 'english'}}}\n}}")
        return ConceptView(
            lang=lang, other_lang=other, labels={k: t(lang, k) for k in _UI},
            description=e.definition, term=e.term,
            equivalent=Link(self.link_href(key, key, lang, to_lang=other), c.labels[other].term),
            theme=Link(self.link_href(key, "glossary/index", lang, "theme-" + c.theme), t(lang, "theme." + c.theme)),
            grammar=" ".join(grammar), definition=e.definition, basis=tuple(BasisSource(x[0], tuple(x[1:])) if isinstance(x, list) else x for x in basis), note=e.note or "",
            variants=variants, relations=tuple(relations), map=svg,
            in_sources=tuple(
                SourceUse(where, plural(lang, "occurrences", n),
                          tuple(self.excerpt(o, lang, key) for o in picked
                                if not isinstance(where, str) and o.source == source))
                for (where, n), source in self.sources_in_lang_first(counts_rows, shown, lang)),
            # the sources are named once: by the definition's basis where it has one
            # a concept never linked in the texts ("impresa") is not absent from them: say so
            no_occurrence=t(lang, "not_marked") if not c.link_in_text else (t(lang, "no_occurrence_also" if grouped else "no_occurrence", sources=", ".join(rest))
                           if rest else t(lang, "no_occurrence_basis")),
            references=refs,
            revised=t(lang, "revised", date=long_date(lang, c.revised)) if c.revised else "",
            copy_rows=(CopyRow("page", t(lang, "page_url"), page), CopyRow("perma", t(lang, "permalink"), perma)),
            copy_label=t(lang, "copy"), copied_label=t(lang, "copied"),
            cite=cite, bibtex=bibtex, jsonld=self.jsonld(c, lang),
            search_tags=tuple(dict.fromkeys(x.label for x in e.all_terms)), search_boost=search_boost(len(occ)))

    def sources_in_lang_first(self, counts_rows: list, shown: list, lang: str) -> list:
        """(row, source id) pairs of a concept's "in the sources": the sources written in the page's
        language first (their contexts come first too), each group in the counts' order; the
        "other sources" row last."""
        pairs = list(zip(counts_rows, [s for s, _ in shown] + [""]))
        return sorted(pairs, key=lambda p: (isinstance(p[0][0], str), self.src_by_id[p[1]].meta.lang != lang
                                            if p[1] in self.src_by_id else True))

    def concept_page(self, cid: str, lang: str) -> str:
        return self.render("concept.md", dataclasses.replace(self.concept_view(cid, lang),
                                                             report=self.report_link(cid, lang)))

    def report_link(self, cid: str, lang: str) -> Link | None:
        """"Report an error in this entry": a new issue in the site's repository, its title naming
        the entry (term and id), its body the page's public address; None without a repository."""
        term = self.m.concepts[cid].labels[lang].term
        page = urls.public_url(self.site_url, urls.concept_key(cid), lang)
        href = urls.new_issue_url(self.repo_url, t(lang, "report_title", term=term, id=cid),
                                  t(lang, "report_body", url=page))
        return Link(href, t(lang, "report_error")) if href else None

    def jsonld(self, c: Concept, lang: str) -> dict:
        other = next(l for l in LANGS if l != lang)
        return {
            "@context": "https://schema.org",
            "@type": "DefinedTerm",
            "@id": urls.public_permalink(self.site_url, c.id),
            "termCode": c.id,
            "name": [{"@language": lang, "@value": c.labels[lang].term}, {"@language": other, "@value": c.labels[other].term}],
            "alternateName": [{"@language": lang, "@value": x.label} for x in c.labels[lang].admitted],
            "description": {"@language": lang, "@value": c.labels[lang].definition},
            "url": urls.public_url(self.site_url, urls.concept_key(c.id), lang),
            "inDefinedTermSet": {
                "@type": "DefinedTermSet",
                "@id": urls.public_url(self.site_url, "glossary/index", lang),
                "name": "Lessico dei distretti",
                "inLanguage": lang,
            },
        }

    # -- glossary index -------------------------------------------------------------------
    def split_index(self) -> bool:
        """Whether the A-Z is one page per letter (more concepts than ``index_split``)."""
        return len(self.m.concepts) > self.index_split

    def index_letters(self, key: str, lang: str) -> tuple[Letter, ...]:
        """The A-Z entries grouped by initial, linked from page ``key``."""
        return tuple(self._letter(l, group, key, lang) for l, group in letter_groups(self.m.concepts.values(), lang))

    def _letter(self, letter: str, group: list, key: str, lang: str) -> Letter:
        other = next(l for l in LANGS if l != lang)
        return Letter(letter, letter_ident(letter), tuple(
            IndexTerm(json.dumps(index_labels(c, lang, other), ensure_ascii=False, separators=(",", ":")),
                      self.concept_link(key, c.id, lang),
                      shown_equivalent(c, lang, other),
                      first_sentence(c.labels[lang].definition))
            for c in group))

    def _index_labels(self, lang: str) -> dict[str, str]:
        return {k: t(lang, k) for k in ("filter_label", "filter_hint", "filter_none", "filter_count", "filter_count_one", "letters",
                                        "az", "by_theme", "filter_matched")}

    def glossary_view(self, lang: str) -> GlossaryIndexView:
        key = "glossary/index"
        other = next(l for l in LANGS if l != lang)
        concepts = alphabetical(self.m.concepts.values(), lang)
        split = self.split_index()
        if split:  # the letter bar links the letter pages; the themes list their top concepts
            letters = ()
            jumps = letter_jumps(tuple(Letter(l, letter_ident(l), ()) for l, _ in letter_groups(concepts, lang)),
                                 lambda l: self.link_href(key, urls.letter_key(l.letter), lang))
        else:
            letters = self.index_letters(key, lang)
            jumps = letter_jumps(letters)
        themes = defaultdict(list)
        for c in concepts:
            themes[c.theme].append(c)
        sections = tuple(self._theme_top(key, th, themes[th], lang) if split else
                         ThemeSection(th, t(lang, "theme." + th), len(themes[th]),
                                      self.svg(self.m.theme_maps(self, th, lang)) if self.m.theme_maps else None,
                                      tuple(self.concept_link(key, c.id, lang) for c in themes[th]))
                         for th in THEMES if themes.get(th))
        return GlossaryIndexView(t(lang, "glossary"), t(lang, "glossary_intro", n=len(concepts)), other,
                                 self._index_labels(lang),
                                 letters, sections, Link(self.link_href(key, urls.QUIZ_KEY, lang), t(lang, "quiz_link")),
                                 Link(self.link_href(key, urls.print_key(urls.PRINT_ALL), lang), t(lang, "print_link")),
                                 jumps)

    def _theme_top(self, key: str, theme: str, members: list, lang: str) -> ThemeSection:
        """A theme on the split index: its top concepts (hierarchies' roots first, as in its
        outline), then the others A to Z, at most THEME_TOP, and how many are not listed."""
        roots = maps.theme_tree(self, theme, lang)[0]
        seen = set(roots)
        ordered = roots + [c.id for c in members if c.id not in seen]
        shown = ordered[:THEME_TOP]
        rest = len(ordered) - len(shown)
        return ThemeSection(theme, t(lang, "theme." + theme), len(members), None,
                            tuple(self.concept_link(key, cid, lang) for cid in shown),
                            (t(lang, "theme_more", n=rest) if rest > 1 else t(lang, "theme_more_single") if rest else ""))

    def glossary_index(self, lang: str) -> str:
        return self.render("glossary_index.md", self.glossary_view(lang))

    def letter_view(self, letter: Letter, lang: str, all_letters: tuple[Letter, ...]) -> GlossaryLetterView:
        key = urls.letter_key(letter.letter)
        other = "_other" if letter.letter == "#" else ""
        n = len(letter.terms)
        intro = t(lang, f"letter_intro{other}_single", letter=letter.letter) if n == 1 else \
            t(lang, f"letter_intro{other}", n=n, letter=letter.letter)
        jumps = letter_jumps(all_letters, lambda l: f"#{l.ident}" if l.letter == letter.letter
                             else self.link_href(key, urls.letter_key(l.letter), lang))
        return GlossaryLetterView(t(lang, f"letter_title{other}", letter=letter.letter), intro, next(l for l in LANGS if l != lang),
                                  self._index_labels(lang), letter,
                                  Link(self.link_href(key, "glossary/index", lang), t(lang, "letter_back")), jumps)

    def glossary_letter_pages(self, lang: str) -> dict[str, str]:
        """The split A-Z's pages of one language, by path in the docs folder (none below the split)."""
        if not self.split_index():
            return {}
        groups = letter_groups(self.m.concepts.values(), lang)
        bar = tuple(Letter(l, letter_ident(l), ()) for l, _ in groups)
        out = {}
        for l, group in groups:
            key = urls.letter_key(l)
            out[f"{key}.{lang}.md"] = self.render("glossary_letter.md",
                                                  self.letter_view(self._letter(l, group, key, lang), lang, bar))
        return out

    # -- self-check quiz (quiz.py) --------------------------------------------------------
    def quiz_page(self, lang: str, key: str = urls.QUIZ_KEY, concepts=None) -> str:
        """The quiz on ``concepts`` (default: the whole glossary, in id order), at page ``key``;
        distractors come from the whole glossary."""
        pool = [self.m.concepts[cid] for cid in sorted(self.m.concepts)]
        view = quiz_view(pool if concepts is None else concepts, lang,
                         lambda cid: self.link_href(key, urls.concept_key(cid), lang), pool)
        return self.render("quiz.md", view)

    # -- bibliography ---------------------------------------------------------------------
    def bibliography_view(self, lang: str) -> BibliographyView:
        key = "bibliography/index"
        bib = self.m.bib
        concept_refs = defaultdict(list)
        for c in self.m.concepts.values():
            for r in c.references:
                concept_refs[r].append(c.id)
        entries = []
        for item in bib.items:
            rid = item["id"]
            verified = verification(item)
            authority = verified["authority"] if verified else ""  # where it was checked, never the workshop's notes
            spell = bib.spellings.get(rid) or []
            state = "verified" if verified else "as-cited" if is_as_cited(item) else "unverified"
            entries.append(RefEntry(
                rid, self.reference(rid, lang, link_urls=True), bool(verified),
                t(lang, {"verified": "verified", "as-cited": "as_cited", "unverified": "unverified"}[state]),
                state=state, as_cited=self.as_cited(item, key, lang) if state == "as-cited" else None,
                coins="" if state == "as-cited" else coins(item),  # an as-cited work has no record to import
                inferred=t(lang, "inferred") if is_inferred(item) and verified else "",
                authority=authority,
                authority_href=verified["url"] if authority and verified["url"].startswith(("https://", "http://")) else "",
                identifier=verified["identifier"] if authority and verified["identifier"] else "",
                cited_in=tuple(Link(self.link_href(key, urls.source_key(s), lang, a),
                                    f'{self.source_title(s, lang)}, {t(lang, "paragraph", n=a[1:]) if a.startswith("p") else a}')
                               for s, a in bib.cited_in.get(rid, [])),
                spellings=_cited_as(item, spell),
                concepts=tuple(self.concept_link(key, cid, lang) for cid in sorted(concept_refs.get(rid, []))),
                **self.cite_this(item, lang, state)))
        return BibliographyView(
            t(lang, "bibliography"), t(lang, "bib_intro"), t(lang, "bib_download"),
            urls.relative(self.url(key, lang), "bibliography.bib"), urls.relative(self.url(key, lang), "bibliography.json"),
            urls.relative(self.url(key, lang), "bibliography.ris"),
            t(lang, "verified_at", where=""), t(lang, "cited_in"), t(lang, "spellings"), t(lang, "concepts_ref"),
            tuple(entries), cite_work=t(lang, "cite_work"), style_name=t(lang, f"style_{self.m.citation_style}"),
            copy_label=t(lang, "copy"), copied_label=t(lang, "copied"))

    def cite_this(self, item: dict, lang: str, state: str) -> dict:
        """An entry's "cite this work": its text in the site's style and its BibTeX (the export's
        own function), for a verified or unverified record; nothing for an as-cited work."""
        if state == "as-cited":
            return {}
        from .exports.bibtex import to_bibtex
        return {"cite_text": self.m.plain[lang].get(item["id"], ""), "cite_bibtex": to_bibtex([item]).strip()}

    def bibliography_page(self, lang: str) -> str:
        return self.render("bibliography.md", self.bibliography_view(lang))

    # -- courses (courses/<id>.yml) --------------------------------------------------------
    def course_size(self, course, lang: str) -> dict[str, str]:
        """"7 lezioni", "45 concetti" (singular for one), for the intro and the index."""
        def count(key: str, n: int) -> str:
            return t(lang, f"{key}_one") if n == 1 else t(lang, key, n=n)
        return {"lectures": count("course_lectures", len(course.lectures)),
                "concepts": count("course_concepts", len(course.concepts))}

    def course_view(self, course_id: str, lang: str) -> CourseView:
        course = self.m.courses[course_id]
        other = next(l for l in LANGS if l != lang)
        key = urls.course_key(course_id)
        lectures = []
        for n, lecture in enumerate(course.lectures, 1):
            entries = []
            for cid in lecture.concepts:
                c = self.m.concepts[cid]
                same = fold(c.labels[other].term) == fold(c.labels[lang].term)  # "cluster", "GREMI"
                # no tooltip: the definition is printed right below the term
                link = Link(self.link_href(key, urls.concept_key(cid), lang), c.labels[lang].term)
                entries.append(CourseEntry(link, "" if same else c.labels[other].term,
                                           c.labels[lang].definition))
            heading = (t(lang, "lecture_titled", n=n, title=lecture.title[lang]) if lecture.title
                       else t(lang, "lecture", n=n))
            lectures.append(LectureView(f"lecture-{n}", heading, lecture.note.get(lang, ""), tuple(entries)))
        meta = tuple(MetaRow(t(lang, label), value) for label, value in
                     (("instructor", course.instructor), ("academic_year", course.year)) if value)
        here = self.url(key, lang)
        files = urls.course_files(course_id)
        downloads = tuple(Link(urls.relative(here, files[f"moodle-{x}"]),
                               t(lang, "download_moodle", language=t(lang, f"lang_name.{x}"))) for x in (lang, other))
        downloads += (Link(urls.relative(here, files["anki"]), t(lang, "download_anki")),
                      Link(urls.relative(here, files["csv"]), t(lang, "download_csv")))
        page = urls.public_url(self.site_url, key, lang)
        perma = urls.absolute(self.site_url, urls.course_permalink_url(course_id))
        return CourseView(
            lang=lang, other_lang=other,
            labels={k: t(lang, k) for k in ("lectures", "course_downloads", "course_downloads_intro", "link_course",
                                             "copy", "copied")},
            title=course.title[lang], meta=meta, intro=t(lang, "course_intro", **self.course_size(course, lang)),
            index=Link(self.link_href(key, urls.COURSES_INDEX, lang), t(lang, "all_courses")),
            lectures=tuple(lectures), downloads=downloads,
            copy_rows=(CopyRow("page", t(lang, "page_url"), page), CopyRow("perma", t(lang, "permalink"), perma)),
            permalink=t(lang, "course_online", url=perma))

    def course_page(self, course_id: str, lang: str) -> str:
        return self.render("course.md", self.course_view(course_id, lang))

    def courses_index_view(self, lang: str) -> CoursesIndexView:
        key = urls.COURSES_INDEX
        courses = sorted(self.m.courses.values(), key=lambda c: (fold(c.title[lang]), c.id))
        rows = tuple(CourseRow(Link(self.link_href(key, urls.course_key(c.id), lang), c.title[lang]),
                               " · ".join(x for x in (c.instructor, c.year) if x),
                               t(lang, "course_size", **self.course_size(c, lang)))
                     for c in courses)
        return CoursesIndexView(t(lang, "courses"), t(lang, "courses_intro"), rows)

    def courses_index(self, lang: str) -> str:
        return self.render("courses_index.md", self.courses_index_view(lang))

    # -- home stats -----------------------------------------------------------------------
    def home_stats(self, lang: str) -> str:
        key = "index"
        counts = Counter(c.theme for c in self.m.concepts.values())
        verified = sum(1 for i in self.m.bib.items if verification(i))
        line = t(lang, "home_stats_line", concepts=len(self.m.concepts), sources=len(self.m.sources),
                 refs=len(self.m.bib.items), verified=verified)
        entries = tuple(Link(self.link_href(key, page, lang, frag), t(lang, label))
                        for page, frag, label in (("glossary/index", "az-list", "az"), ("glossary/index", "by-theme", "theme_maps"),
                                                  ("sources/index", "", "sources"), ("bibliography/index", "", "bibliography")))
        themes = tuple((Link(self.link_href(key, "glossary/index", lang, "theme-" + th), t(lang, "theme." + th)), counts[th])
                       for th in THEMES if counts.get(th))
        return self.render("home_stats.html", HomeStatsView(line, entries, themes))


def alphabetical(concepts, lang: str) -> list[Concept]:
    """The concepts A to Z by their term in ``lang``: the glossary's one collation (case and
    accents folded, the id breaking ties), for the index, the theme lists and the print pages."""
    return sorted(concepts, key=lambda c: (fold(c.labels[lang].term), c.id))


def letter_groups(concepts, lang: str) -> list[tuple[str, list[Concept]]]:
    """``alphabetical`` grouped by initial; a term that starts with no letter goes under "#"."""
    by_letter: dict[str, list[Concept]] = defaultdict(list)
    for c in alphabetical(concepts, lang):
        first = fold(c.labels[lang].term)[:1].upper()
        by_letter[first if first.isalpha() else "#"].append(c)
    return [(l, by_letter[l]) for l in sorted(by_letter)]


def letter_ident(letter: str) -> str:
    return f"letter-{letter.lower() if letter != '#' else 'other'}"


def letter_jumps(letters, href=None) -> tuple[LetterJump, ...]:
    """The index's letter bar: every letter A to Z, then any other initial the terms have ("#"
    last); a letter links to its heading (or ``href(letter)``: its page, when the A-Z is split)
    only when terms stand under it."""
    present = {l.letter: l for l in letters}
    order = [chr(c) for c in range(ord("A"), ord("Z") + 1)]
    order += sorted(k for k in present if k not in order and k != "#") + (["#"] if "#" in present else [])
    link = href or (lambda l: f"#{l.ident}")
    return tuple(LetterJump(l, link(present[l]) if l in present else None) for l in order)


def _words(label: str) -> str:
    """A label as its letters and digits only, case and accents folded: "know-how" and "Know how"
    are the same words."""
    return "".join(ch for ch in fold(label) if ch.isalnum())


def shown_equivalent(c: Concept, lang: str, other: str) -> str:
    """The other language's term as the index prints it beside the term: "" when it is the same
    words ("royalty", "cluster", "Cassa Depositi e Prestiti (CDP)"), so no term is printed twice."""
    theirs = c.labels[other].term
    return "" if _words(theirs) == _words(c.labels[lang].term) else theirs


def index_labels(c: Concept, lang: str, other: str) -> list[str]:
    """The labels the index filter matches for a concept, as written: its term, its other terms
    and forms, then the equivalent printed beside it; one of each (case and accents folded)."""
    out: list[str] = []
    seen: set[str] = set()
    for label in [c.labels[lang].term, *c.labels[lang].variants, shown_equivalent(c, lang, other)]:
        if label and fold(label) not in seen:
            seen.add(fold(label))
            out.append(label)
    return out


# an http(s) address in citeproc's HTML text: already escaped (no quote, "<" or raw "&" in it),
# never inside a tag (citeproc writes none with a URL)
def _toc_tree(heads: list[tuple[int, str, str]]) -> tuple[TocEntry, ...]:
    """Nest (level, anchor, text) headings in reading order: each under the last heading of a
    higher level before it (levels never skip one: source_view makes sure)."""
    def build(i: int, level: int) -> tuple[list[TocEntry], int]:
        out: list[TocEntry] = []
        while i < len(heads) and heads[i][0] >= level:
            lv, anchor, text = heads[i]
            children, i = build(i + 1, lv + 1)
            out.append(TocEntry(anchor, text, tuple(children)))
        return out, i
    top = min((h[0] for h in heads), default=2)
    return tuple(build(0, top)[0])


_URL_IN_HTML = re.compile(r"https?://[^\s<>\"']+")


def _url_link(m: re.Match) -> str:
    """The address as a link, without the sentence's closing punctuation; a closing bracket
    stays when the address opened one (DOIs like 10.1016/S0048-7333(99)00049-0)."""
    url, tail = m.group(0), ""
    while url and (url[-1] in ".,;:" or (url[-1] == ")" and url.count("(") < url.count(")"))):
        url, tail = url[:-1], url[-1] + tail
    return str(macro("ext_link")(html.unescape(url))) + tail  # citeproc escaped it; the macro escapes it again


def _kind_label(kind: str, lang: str) -> str:
    """The document kind in the page's language; a kind without a translation is shown as written."""
    return STRINGS[lang].get(f"kind.{kind}", kind)
