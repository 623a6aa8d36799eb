"""Link concept terms in hand-written Markdown pages: first occurrence per paragraph.

Never inside front matter, fenced code, headings, HTML blocks, admonition titles, inline code,
existing links (Markdown or HTML, with their text), images, attribute lists, footnote markers or bare URLs.
"""
from __future__ import annotations

import re

from . import SITE_NAME, urls
from .cards import term_card
from .templating import macro

_PROTECTED = re.compile(
    r"`[^`]*`"                       # inline code
    r"|!?\[[^\]]*\]\([^)]*\)"        # links and images
    r"|!?\[[^\]]*\]\[[^\]]*\]"       # reference links
    r"|\[\^[^\]]+\]"                 # footnote markers
    r"|<[aA]\b[^>]*>.*?<[/][aA]>"      # an HTML link with its text (a link in a link is dropped)
    r"|<[^>]+>"                      # inline HTML, autolinks, comments
    r"|\{[^}]*\}"                    # attribute lists
    r"|https?://\S+"                 # bare URLs
    r"|\*\*[^*]+\*\*(?=\])"          # bold text used as link label
    + "|(?i:" + re.escape(SITE_NAME) + ")"  # the site's own name is a title, not a use of its words
)
_FENCE = re.compile(r"^\s*(```|~~~)")


def link_markdown(text: str, lang: str, page_key: str, model, directory_urls: bool, overrides: str | None = None) -> str:
    lines = text.split("\n")
    out: list[str] = []
    fence = None
    in_front = lines[:1] == ["---"]
    in_html = False
    seen: set[str] = set()  # concepts already linked in the current paragraph
    from_url = urls.page_url(page_key, lang, directory_urls)
    term_link = macro("term_link", overrides)
    for i, line in enumerate(lines):
        stripped = line.strip()
        if in_front:
            out.append(line)
            if i > 0 and stripped == "---":
                in_front = False
            continue
        m = _FENCE.match(line)
        if fence:
            out.append(line)
            if m and m.group(1) == fence:
                fence = None
            continue
        if m:
            fence = m.group(1)
            out.append(line)
            continue
        if not stripped:
            seen = set()
            in_html = False
            out.append(line)
            continue
        if in_html or stripped.startswith("<"):
            in_html = True
            out.append(line)
            continue
        if stripped.startswith("#") or stripped.startswith(("!!!", "???", "|", "*[")):
            out.append(line)
            continue
        protected = [(p.start(), p.end()) for p in _PROTECTED.finditer(line)]
        pieces, pos = [], 0
        for hit in model.matcher.find(line, lang):
            if hit.concept in seen or any(hit.start < e and s < hit.end for s, e in protected):
                continue
            seen.add(hit.concept)
            c = model.concepts[hit.concept]
            href = urls.relative(from_url, urls.page_url(urls.concept_key(c.id), lang, directory_urls))
            pieces.append(line[pos:hit.start])
            pieces.append(str(term_link(href, c.labels[lang].definition, line[hit.start:hit.end], term_card(c, lang))))
            pos = hit.end
        pieces.append(line[pos:])
        out.append("".join(pieces))
    return "\n".join(out)
