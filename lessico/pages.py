"""Render every generated page as Markdown text, per language (render stage).

Generated bodies are raw HTML blocks built from escaped corpus text: nothing that arrives in a
source is ever interpreted as Markdown or HTML. Links are relative and built by ``urls``.
"""
from __future__ import annotations

import json
import re
from collections import Counter, defaultdict

from . import SITE_NAME, urls
from .analysis import Passage
from .concepts import THEMES
from .i18n import STRINGS, long_date, t
from .model import LANGS, Concept
from .references import verification
from .text import attr, esc, fold

# What the site's Markdown undoes a backslash before: Python-Markdown's ESCAPED_CHARS, plus "|"
# (tables extension); "<" and ">" become entities. Escaping anything else leaves a visible
# backslash ("Riferimenti\:"); tests/test_view.py checks the set against mkdocs.yml's extensions.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>])")
_SENT_END = re.compile(r"[.!?;][»”\"')]?\s+")
_JSON_IN_SCRIPT = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})
MAX_COUNT_ROWS = 10  # rows of a concept page's "in the sources" table (the rest in one row)


def md_text(text: str) -> str:
    """Escape text for a Markdown heading (the only place corpus text meets Markdown)."""
    return _MD_SPECIAL.sub(r"\\\1", text.replace("&", "&amp;")).replace("\\<", "&lt;").replace("\\>", "&gt;")


class Renderer:
    """Holds the model and per-build lookups; each ``*_page`` method returns Markdown text."""

    def __init__(self, model, directory_urls: bool = True, site_url: str = "", overrides: str | None = None):
        self.m = model
        self.overrides = overrides  # the theme's custom_dir (templating.py)
        self.du = directory_urls
        self.site_url = site_url
        self.src_by_id = {s.id: s for s in model.sources}
        self.ignored = {(s, a, c.start) for s, a, c, _ in getattr(getattr(model, "bib", None), "ignored", [])}

    # -- helpers --------------------------------------------------------------------------
    def url(self, key: str, lang: str) -> str:
        return urls.page_url(key, lang, self.du)

    def href(self, from_key: str, to_key: str, lang: str, frag: str = "", to_lang: str | None = None) -> str:
        target = self.url(to_key, to_lang or lang) + (f"#{frag}" if frag else "")
        return attr(urls.relative(self.url(from_key, lang), target))

    def term(self, cid: str, lang: str) -> str:
        return self.m.concepts[cid].labels[lang].term

    def source_title(self, sid: str, lang: str) -> str:
        meta = self.src_by_id[sid].meta
        if meta.title:
            return meta.title
        if meta.label.get(lang):  # a devised title, bracketed as cataloguers do
            return f"[{meta.label[lang]}]"
        return t(lang, "untitled", file=meta.file)

    def concept_link(self, from_key: str, cid: str, lang: str) -> str:
        c = self.m.concepts[cid]
        return (f'<a href="{self.href(from_key, urls.concept_key(cid), lang)}" '
                f'title="{attr(c.labels[lang].definition)}">{esc(c.labels[lang].term)}</a>')

    # -- inline annotation ----------------------------------------------------------------
    def inline(self, p: Passage, lang: str, from_key: str, link_terms: bool = True) -> str:
        """Escaped passage text with citation links, first-occurrence term links, footnote refs."""
        spans: list[tuple[int, int, str, str]] = []
        for cite in p.cites:
            ref = self.m.bib.links.get((p.source, p.anchor, cite.start))
            if ref:
                tip = self.m.plain[lang].get(ref, "")
                spans.append((cite.start, cite.end,
                              f'<a class="lx-cite" href="{self.href(from_key, "bibliography/index", lang, ref)}" title="{attr(tip)}">',
                              "</a>"))
            elif (p.source, p.anchor, cite.start) not in self.ignored:  # ignored: plain text, by decision
                spans.append((cite.start, cite.end, '<span class="lx-cite-unresolved">', "</span>"))
        if link_terms:
            seen = set()
            marks = [off for off, _ in p.footnotes]
            for m in p.matches:
                if m.concept in seen or any(m.start < off < m.end for off in marks):
                    continue  # a footnote marker inside a term: the marker wins, the term stays text
                seen.add(m.concept)
                c = self.m.concepts[m.concept]
                spans.append((m.start, m.end,
                              f'<a class="lx-term" href="{self.href(from_key, urls.concept_key(c.id), lang)}" '
                              f'title="{attr(c.labels[lang].definition)}">', "</a>"))
        spans.sort()
        points = sorted(p.footnotes)
        out, pos = [], 0
        events = [(s, 0, e, o, c) for s, e, o, c in spans] + [(off, 1, off, lab, "") for off, lab in points]
        events.sort(key=lambda ev: (ev[0], -ev[1]))
        for ev in events:
            start = ev[0]
            if start < pos:
                continue  # overlaps an earlier span: keep the earlier one
            out.append(esc(p.text[pos:start]))
            if ev[1] == 1:
                label = ev[3]
                out.append(f'<sup id="fnref:{attr(label)}"><a class="footnote-ref" href="#fn:{attr(label)}">{esc(label)}</a></sup>')
                pos = start
            else:
                _, _, end, opening, closing = ev
                out.append(opening + esc(p.text[start:end]) + closing)
                pos = end
        out.append(esc(p.text[pos:]))
        return "".join(out)

    # -- source pages ---------------------------------------------------------------------
    def source_page(self, sid: str, lang: str) -> str:
        src = self.src_by_id[sid]
        meta = src.meta
        key = urls.source_key(sid)
        unknown = f'<em>{esc(t(lang, "unknown"))}</em>'
        rows = [
            ("author", esc(meta.author) if meta.author else unknown),
            ("title", esc(meta.title) if meta.title else unknown),
            ("year", esc(str(meta.year)) if meta.year else unknown),
            ("kind", esc(_kind_label(meta.kind, lang))),
            ("language", esc(t(lang, f"lang_name.{meta.lang}"))),
            ("venue", esc(meta.venue) if meta.venue else unknown),
            ("file", f"<code>{esc(meta.file)}</code>"),
            ("provenance", esc(meta.note[lang]) if meta.note.get(lang) else unknown),
        ]
        if meta.url:
            rows.append(("venue", f'<a href="{attr(meta.url)}">{esc(meta.url)}</a>'))
        lines = [f"# {md_text(self.source_title(sid, lang))}", ""]
        lines.append('<dl class="lx-meta">' + "".join(
            f"<dt>{esc(t(lang, k))}</dt><dd>{v}</dd>" for k, v in rows) + "</dl>")
        lines.append("")
        if meta.abstract.get(lang):
            lines += [f'<p class="lx-abstract"><strong>{esc(t(lang, "abstract"))}.</strong> {esc(meta.abstract[lang])}</p>', ""]
        if meta.lang != lang:
            note = t(lang, "text_lang_note", language=t(lang, f"lang_name.{meta.lang}"))
            lines += [f'<div class="admonition note"><p class="admonition-title">{esc(t(lang, "note"))}</p><p>{esc(note)}</p></div>', ""]
        passages = self.m.passages[sid]
        body = [p for p in passages if p.kind != "footnote"]
        i, prev_level = 0, 1
        text_lang = f' lang="{meta.lang}"' if meta.lang != lang else ""
        while i < len(body):
            p = body[i]
            n = p.anchor[1:]
            pilcrow = f'<a class="lx-pilcrow" href="#{p.anchor}" title="{attr(t(lang, "para_link"))}" aria-label="{attr(t(lang, "para_link"))} {n}">¶</a>'
            if p.kind == "heading":
                level = min(6, max(2, p.level + 1), prev_level + 1)  # never skip a level (h1 -> h3)
                prev_level = level
                lines += [f"{'#' * level} {md_text(p.text)} {{#{p.anchor}{' lang=' + meta.lang if text_lang else ''}}}", ""]
                i += 1
            elif p.kind in ("item", "link"):
                kind = p.kind
                items = []
                while i < len(body) and body[i].kind == kind:
                    q = body[i]
                    if kind == "link":
                        href = q.text if re.match(r"(?i)https?://", q.text) else "http://" + q.text
                        refs = [self.m.bib.links.get((q.source, q.anchor, c.start)) for c in q.cites]
                        bib = "".join(
                            f' <a class="lx-cite" href="{self.href(key, "bibliography/index", lang, r)}">'
                            f'{esc(t(lang, "bibliography"))}</a>' for r in refs if r)
                        items.append(f'<li id="{q.anchor}"><a class="lx-ext" href="{attr(href)}">{esc(q.text)}</a>{bib}</li>')
                    else:
                        items.append(f'<li id="{q.anchor}"{text_lang}>{self.inline(q, lang, key)}</li>')
                    i += 1
                cls = "lx-links" if kind == "link" else "lx-items"
                lines += [f'<ul class="{cls}">' + "".join(items) + "</ul>", ""]
            else:
                lines += [f'<p id="{p.anchor}" class="lx-p"{text_lang}>{self.inline(p, lang, key)} {pilcrow}</p>', ""]
                i += 1
        notes = [p for p in passages if p.kind == "footnote"]
        if notes:
            # a back link only where the text has the note's marker (inline() writes it for these kinds)
            marked = {lab for p in body if p.kind not in ("heading", "link") for _, lab in p.footnotes}
            items = "".join(
                f'<li id="{attr(p.anchor)}"{text_lang}><p>{self.inline(p, lang, key)}'
                + (f' <a class="footnote-backref" href="#fnref:{attr(p.anchor[3:])}" title="↩">↩</a>'
                   if p.anchor[3:] in marked else "") + "</p></li>"
                for p in notes)
            lines += [f'<div class="footnote"><hr><ol>{items}</ol></div>', ""]
        return "\n".join(lines)

    def sources_index(self, lang: str) -> str:
        key = "sources/index"
        lines = [f"# {md_text(t(lang, 'sources'))}", "", f"<p>{esc(t(lang, 'sources_intro'))}</p>", ""]
        rows = []
        for src in self.m.sources:
            meta = src.meta
            author = esc(meta.author) if meta.author else f"<em>{esc(t(lang, 'unknown'))}</em>"
            abstract = f"<p>{esc(meta.abstract[lang])}</p>" if meta.abstract.get(lang) else ""
            rows.append(
                f'<li id="{meta.id}"><p><a href="{self.href(key, urls.source_key(meta.id), lang)}">'
                f"<strong>{esc(self.source_title(meta.id, lang))}</strong></a> — {author}; "
                f"{esc(_kind_label(meta.kind, lang))}, "
                f"{esc(t(lang, 'lang_name.' + meta.lang))}.</p>{abstract}</li>")
        lines += ['<ul class="lx-source-list">' + "".join(rows) + "</ul>", ""]
        return "\n".join(lines)

    # -- concept pages --------------------------------------------------------------------
    def excerpt(self, occ, lang: str, from_key: str) -> str:
        p = self.m.passage_index[(occ.source, occ.anchor)]
        text = p.text
        start = 0
        for m in _SENT_END.finditer(text, 0, occ.start):
            start = m.end()
        end_m = _SENT_END.search(text, occ.end)
        end = end_m.end() if end_m else len(text)
        pre, post = "", ""
        if occ.start - start > 220:
            start = text.rfind(" ", 0, occ.start - 200) + 1
            pre = "… "
        if end - occ.end > 220:
            end = text.find(" ", occ.end + 200)
            end = len(text) if end < 0 else end
            post = " …"
        snippet = (pre + esc(text[start:occ.start]) + "<mark>" + esc(text[occ.start:occ.end]) + "</mark>"
                   + esc(text[occ.end:end].rstrip()) + post)
        src = self.src_by_id[occ.source]
        lang_attr = f' lang="{src.meta.lang}"' if src.meta.lang != lang else ""
        frag = occ.anchor
        where = t(lang, "paragraph", n=occ.anchor[1:]) if occ.anchor.startswith("p") else t(lang, "footnotes")
        link = f'<a href="{self.href(from_key, urls.source_key(occ.source), lang, frag)}">{esc(self.source_title(occ.source, lang))}, {esc(where)}</a>'
        return f"<li><blockquote{lang_attr}><p>{snippet}</p></blockquote><p class=\"lx-excerpt-src\">{link}</p></li>"

    def concept_page(self, cid: str, lang: str) -> str:
        c: Concept = self.m.concepts[cid]
        e = c.labels[lang]
        other = next(l for l in LANGS if l != lang)
        key = urls.concept_key(cid)
        lines = ["---", f"description: {json.dumps(e.definition, ensure_ascii=False)}", "---", "",
                 f"# {md_text(e.term)}", ""]
        eq_href = self.href(key, key, lang, to_lang=other)
        lines.append(
            f'<p class="lx-equiv"><span>{esc(t(lang, "equivalent"))}:</span> '
            f'<a href="{eq_href}" hreflang="{other}" lang="{other}">{esc(c.labels[other].term)}</a></p>')
        lines.append(
            f'<p class="lx-theme">{esc(t(lang, "theme"))}: <a href="{self.href(key, "glossary/index", lang, "theme-" + c.theme)}">'
            f'{esc(t(lang, "theme." + c.theme))}</a></p>')
        grammar = [t(lang, f"{k}.{v}") for k, v in (("pos", e.pos), ("gender", e.gender), ("number", e.number)) if v]
        if grammar:
            lines.append(f'<p class="lx-grammar">{esc(t(lang, "grammar"))}: {esc(" ".join(grammar))}</p>')
        lines += ["", f"## {md_text(t(lang, 'definition'))} {{#definition}}", "",
                  f'<p class="lx-definition">{esc(e.definition)}</p>']
        basis = []
        for b in c.based_on:  # the passages and authorities the definition follows
            if "source" in b:
                where = f'{self.source_title(b["source"], lang)}, {t(lang, "paragraph", n=b["paragraph"])}'
                basis.append(f'<a href="{self.href(key, urls.source_key(b["source"]), lang, "p" + str(b["paragraph"]))}">{esc(where)}</a>')
            elif b["reference"] in self.m.bib_ids:
                basis.append(f'<a href="{self.href(key, "bibliography/index", lang, b["reference"])}">'
                             f'{self.m.formatted[lang].get(b["reference"], esc(b["reference"]))}</a>')
        if basis:
            lines.append(f'<p class="lx-def-sources">{esc(t(lang, "definition_sources"))}: {"; ".join(basis)}.</p>')
        if e.note:
            lines += ["", f"## {md_text(t(lang, 'note'))} {{#note}}", "", f'<p class="lx-note">{esc(e.note)}</p>']
        if e.terms:  # forms (plurals, elisions) are only recognised and searched, never shown
            shown = [f'<span lang="{lang}">{esc(x.label)}</span> <span class="lx-term-type">('
                     f'{esc(t(lang, "term_type." + x.kind))}{", " + esc(t(lang, "deprecated")) if x.status == "deprecated" else ""})</span>'
                     for x in [*e.admitted, *e.deprecated]]
            lines += ["", f"## {md_text(t(lang, 'variants'))} {{#variants}}", "",
                      '<p class="lx-variants">' + " · ".join(shown) + "</p>"]
        rel_rows = []
        for rel in ("broader", "narrower", "related"):
            targets = sorted(getattr(c, rel), key=lambda x: fold(self.term(x, lang)))
            if targets:
                links = "".join(f"<li>{self.concept_link(key, x, lang)}</li>" for x in targets)
                rel_rows.append(f'<dt>{esc(t(lang, rel))}</dt><dd><ul>{links}</ul></dd>')
        if rel_rows:
            lines += ["", f"## {md_text(t(lang, 'relations'))} {{#relations}}", "", '<dl class="lx-rel">' + "".join(rel_rows) + "</dl>"]
        if self.m.concept_maps:
            svg = self.m.concept_maps(self, cid, lang)
            if svg:
                # sections that repeat what is indexed elsewhere stay out of the search index
                # (it was 1.9 MB, two thirds concept-page repeats, loaded by every page)
                lines += ["", f"## {md_text(t(lang, 'concept_map'))} {{#map data-search-exclude}}", "", svg]
        lines += ["", f"## {md_text(t(lang, 'in_sources'))} {{#in-sources}}", ""]
        occ = self.m.occurrences.get(cid, [])
        if occ:
            counts = Counter(o.source for o in occ)
            shown = list(counts.items())
            if len(shown) > MAX_COUNT_ROWS:  # a page must not grow with the corpus: the sources
                keep = {s for s, _ in counts.most_common(MAX_COUNT_ROWS)}  # with most occurrences,
                shown = [(s, n) for s, n in shown if s in keep]  # the rest summed in one row
            rows = "".join(
                f'<tr><td><a href="{self.href(key, urls.source_key(s), lang)}">{esc(self.source_title(s, lang))}</a></td>'
                f"<td>{n}</td></tr>" for s, n in shown)
            if len(counts) > len(shown):
                rows += (f'<tr><td>{esc(t(lang, "other_sources", n=len(counts) - len(shown)))}</td>'
                         f"<td>{sum(counts.values()) - sum(n for _, n in shown)}</td></tr>")
            lines.append(f'<table class="lx-counts"><thead><tr><th scope="col">{esc(t(lang, "source_col"))}</th>'
                         f'<th scope="col">{esc(t(lang, "count_col"))}</th></tr></thead><tbody>{rows}</tbody></table>')
            picked, by_src = [], defaultdict(list)
            seen_passages = set()
            for o in occ:
                if (o.source, o.anchor) not in seen_passages:
                    seen_passages.add((o.source, o.anchor))
                    by_src[o.source].append(o)
            while len(picked) < 5 and any(by_src.values()):
                for s in list(by_src):
                    if by_src[s] and len(picked) < 5:
                        picked.append(by_src[s].pop(0))
            lines += ["", f"### {md_text(t(lang, 'excerpts'))} {{#excerpts data-search-exclude}}", "",
                      '<ol class="lx-excerpts">' + "".join(self.excerpt(o, lang, key) for o in picked) + "</ol>"]
        else:
            names = ", ".join(self.source_title(s, lang) for s in c.sources) or t(lang, "unknown")
            lines.append(f"<p>{esc(t(lang, 'no_occurrence', sources=names))}</p>")
        refs = [r for r in c.references if r in self.m.bib_ids]
        if refs:
            items = "".join(
                f'<li><a href="{self.href(key, "bibliography/index", lang, r)}">{self.m.formatted[lang].get(r, esc(r))}</a></li>' for r in refs)
            lines += ["", f"## {md_text(t(lang, 'references'))} {{#references data-search-exclude}}", "", f'<ul class="lx-refs">{items}</ul>']
        if c.revised:
            lines += ["", f'<p class="lx-revised">{esc(t(lang, "revised", date=long_date(lang, c.revised)))}</p>']
        lines += self.link_block(c, lang, key)
        lines.append(self.jsonld(c, lang))
        lines.append("")
        return "\n".join(lines)

    def link_block(self, c: Concept, lang: str, key: str) -> list[str]:
        page = urls.absolute(self.site_url, self.url(key, lang))
        perma = urls.absolute(self.site_url, urls.permalink_url(c.id))
        rows = []
        for label, value, ident in ((t(lang, "page_url"), page, "page"), (t(lang, "permalink"), perma, "perma")):
            rows.append(
                f'<div class="lx-copy-row"><label for="lx-{ident}">{esc(label)}</label>'
                f'<input id="lx-{ident}" class="lx-copy-src" type="text" readonly value="{attr(value)}">'
                f'<button type="button" class="md-button lx-copy" data-copy="lx-{ident}" '
                f'data-done="{attr(t(lang, "copied"))}">{esc(t(lang, "copy"))}</button></div>')
        year = self.m.year
        e = c.labels[lang]
        # author-date, the glossary itself as author (its entries are unsigned)
        if lang == "it":
            cite = f"{SITE_NAME} ({year}), «{e.term}», {page}."
        else:
            cite = f"{SITE_NAME} ({year}). \u201c{e.term}.\u201d {page}."
        bib = (f"@misc{{lessico-{c.id}-{lang},\n  title = {{{e.term}}},\n  booktitle = {{Lessico dei distretti}},\n"
               f"  year = {{{year}}},\n  url = {{{page}}},\n  language = {{{ 'italian' if lang == 'it' else 'english'}}}\n}}")
        return ["", f"## {md_text(t(lang, 'link_term'))} {{#link data-search-exclude}}", "", '<div class="lx-linkbox">' + "".join(rows) + "</div>",
                "", f"## {md_text(t(lang, 'cite_entry'))} {{#cite data-search-exclude}}", "",
                f'<p class="lx-cite-entry">{esc(cite)}</p>',
                f'<pre class="lx-bibtex"><code>{esc(bib)}</code></pre>', ""]

    def jsonld(self, c: Concept, lang: str) -> str:
        other = next(l for l in LANGS if l != lang)
        data = {
            "@context": "https://schema.org",
            "@type": "DefinedTerm",
            "@id": urls.absolute(self.site_url, urls.permalink_url(c.id)),
            "termCode": c.id,
            "name": [{"@language": lang, "@value": c.labels[lang].term}, {"@language": other, "@value": c.labels[other].term}],
            "alternateName": [{"@language": lang, "@value": x.label} for x in c.labels[lang].admitted],
            "description": {"@language": lang, "@value": c.labels[lang].definition},
            "url": urls.absolute(self.site_url, self.url(urls.concept_key(c.id), lang)),
            "inDefinedTermSet": {
                "@type": "DefinedTermSet",
                "@id": urls.absolute(self.site_url, self.url("glossary/index", lang)),
                "name": "Lessico dei distretti",
                "inLanguage": lang,
            },
        }
        # JSON inside <script>: "<", ">" and "&" as \u escapes, so no text can close the element
        # or open a comment ("</script>", "<!--"), whatever the HTML parser's state
        text = json.dumps(data, ensure_ascii=False, sort_keys=True).translate(_JSON_IN_SCRIPT)
        return f'<script type="application/ld+json">{text}</script>'

    # -- glossary index -------------------------------------------------------------------
    def glossary_index(self, lang: str) -> str:
        key = "glossary/index"
        other = next(l for l in LANGS if l != lang)
        concepts = sorted(self.m.concepts.values(), key=lambda c: (fold(c.labels[lang].term), c.id))
        by_letter: dict[str, list[Concept]] = defaultdict(list)
        for c in concepts:
            first = fold(c.labels[lang].term)[:1].upper()
            by_letter[first if first.isalpha() else "#"].append(c)
        letters = sorted(by_letter)
        lines = [f"# {md_text(t(lang, 'glossary'))}", "", f"<p>{esc(t(lang, 'glossary_intro', n=len(concepts)))}</p>", ""]
        lines.append(
            '<div class="lx-filter" role="search">'
            f'<label for="lx-filter-input">{esc(t(lang, "filter_label"))}</label>'
            f'<input id="lx-filter-input" type="search" aria-describedby="lx-filter-hint" aria-controls="lx-az">'
            f'<p id="lx-filter-hint" class="lx-hint">{esc(t(lang, "filter_hint"))}</p>'
            f'<p id="lx-filter-status" class="lx-hint" role="status" aria-live="polite" '
            f'data-none="{attr(t(lang, "filter_none"))}" data-count="{attr(t(lang, "filter_count"))}"></p></div>')
        lines += ["", f'<nav class="lx-letters" aria-label="{attr(t(lang, "letters"))}">' + " ".join(
            f'<a href="#letter-{l.lower() if l != "#" else "other"}">{esc(l)}</a>' for l in letters) + "</nav>", ""]
        lines += [f"## {md_text(t(lang, 'az'))} {{#az-list}}", "", '<div id="lx-az">']
        for l in letters:
            ident = f"letter-{l.lower() if l != '#' else 'other'}"
            items = []
            for c in by_letter[l]:
                e = c.labels[lang]
                keys = " ".join(sorted({fold(x) for x in [e.term, *e.variants]}))
                items.append(
                    f'<li data-k="{attr(keys)}"><a href="{self.href(key, urls.concept_key(c.id), lang)}" '
                    f'title="{attr(e.definition)}">{esc(e.term)}</a> '
                    f'<span class="lx-other" lang="{other}">{esc(c.labels[other].term)}</span></li>')
            lines.append(f'<section class="lx-letter" aria-labelledby="{ident}"><h3 id="{ident}">{esc(l)}</h3>'
                         f'<ul class="lx-terms">{"".join(items)}</ul></section>')
        lines += ["</div>", "", f"## {md_text(t(lang, 'by_theme'))} {{#by-theme}}", ""]
        themes = defaultdict(list)
        for c in concepts:
            themes[c.theme].append(c)
        for th in THEMES:
            if not themes.get(th):
                continue
            lines += [f"### {md_text(t(lang, 'theme.' + th))} ({len(themes[th])}) {{#theme-{th}}}", ""]
            if self.m.theme_maps:
                svg = self.m.theme_maps(self, th, lang)
                if svg:
                    lines += [svg, ""]
            lines += ['<ul class="lx-terms lx-columns">' + "".join(
                f"<li>{self.concept_link(key, c.id, lang)}</li>" for c in themes[th]) + "</ul>", ""]
        return "\n".join(lines)

    # -- bibliography ---------------------------------------------------------------------
    def bibliography_page(self, lang: str) -> str:
        key = "bibliography/index"
        bib = self.m.bib
        lines = [f"# {md_text(t(lang, 'bibliography'))}", "", f"<p>{esc(t(lang, 'bib_intro'))}</p>",
                 f'<p class="lx-downloads">{esc(t(lang, "bib_download"))} '
                 f'<a href="{attr(urls.relative(self.url(key, lang), "bibliography.bib"))}" download>BibTeX</a> · '
                 f'<a href="{attr(urls.relative(self.url(key, lang), "bibliography.json"))}" download>CSL-JSON</a></p>', ""]
        concept_refs = defaultdict(list)
        for c in self.m.concepts.values():
            for r in c.references:
                concept_refs[r].append(c.id)
        for item in bib.items:
            rid = item["id"]
            verified = verification(item)
            badge = (f'<span class="lx-badge lx-verified">{esc(t(lang, "verified"))}</span>' if verified
                     else f'<span class="lx-badge lx-as-cited">{esc(t(lang, "as_cited"))}</span>')
            parts = [f'<div class="lx-ref" id="{attr(rid)}">',
                     f'<p class="lx-ref-text">{self.m.formatted[lang].get(rid, esc(rid))} {badge}</p>']
            if verified and verified["authority"]:  # where it was checked, never the workshop's notes
                where = esc(verified["authority"])
                if verified["url"].startswith(("https://", "http://")):
                    where = f'<a href="{attr(verified["url"])}">{where}</a>'
                ident = f" ({esc(verified['identifier'])})" if verified["identifier"] else ""
                parts.append(f'<p class="lx-prov">{esc(t(lang, "verified_at", where=""))}{where}{ident}</p>')
            cited = bib.cited_in.get(rid, [])
            if cited:
                links = ", ".join(
                    f'<a href="{self.href(key, urls.source_key(s), lang, a)}">{esc(self.source_title(s, lang))}, '
                    f'{esc(t(lang, "paragraph", n=a[1:]) if a.startswith("p") else a)}</a>' for s, a in cited)
                parts.append(f'<p class="lx-cited-in">{esc(t(lang, "cited_in"))}: {links}</p>')
            spell = bib.spellings.get(rid) or []
            if len(spell) > 1:
                parts.append(f'<p class="lx-spellings">{esc(t(lang, "spellings"))}: {esc(", ".join(spell))}</p>')
            if concept_refs.get(rid):
                links = ", ".join(self.concept_link(key, cid, lang) for cid in sorted(concept_refs[rid]))
                parts.append(f'<p class="lx-ref-concepts">{esc(t(lang, "concepts_ref"))}: {links}</p>')
            parts.append("</div>")
            lines += ["".join(parts), ""]
        return "\n".join(lines)

    # -- home stats -----------------------------------------------------------------------
    def home_stats(self, lang: str) -> str:
        key = "index"
        counts = Counter(c.theme for c in self.m.concepts.values())
        verified = sum(1 for i in self.m.bib.items if verification(i))
        items = "".join(
            f'<li><a href="{self.href(key, "glossary/index", lang, "theme-" + th)}">{esc(t(lang, "theme." + th))}</a> '
            f'<span class="lx-count">({counts[th]})</span></li>' for th in THEMES if counts.get(th))
        line = t(lang, "home_stats_line", concepts=len(self.m.concepts), sources=len(self.m.sources),
                 refs=len(self.m.bib.items), verified=verified)
        entry = " · ".join(
            f'<a href="{self.href(key, page, lang, frag)}">{esc(t(lang, label))}</a>'
            for page, frag, label in (("glossary/index", "az-list", "az"), ("glossary/index", "by-theme", "theme_maps"),
                                      ("sources/index", "", "sources"), ("bibliography/index", "", "bibliography")))
        return (f'<div class="lx-home-stats"><p>{esc(line)}</p><p class="lx-entry">{entry}</p>'
                f'<ul class="lx-themes">{items}</ul></div>')


def _kind_label(kind: str, lang: str) -> str:
    """The document kind in the page's language; a kind without a translation is shown as written."""
    return STRINGS[lang].get(f"kind.{kind}", kind)


_URL = re.compile(r"https?://[^\s)\"]+")


def _linkify(text: str) -> str:
    out, pos = [], 0
    for m in _URL.finditer(text):
        url = m.group(0).rstrip(".,;")
        out.append(esc(text[pos:m.start()]))
        out.append(f'<a class="lx-ext" href="{attr(url)}">{esc(url)}</a>')
        pos = m.start() + len(url)
    out.append(esc(text[pos:]))
    return "".join(out)
