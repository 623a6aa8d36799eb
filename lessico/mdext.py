"""Python-Markdown extension: link glossary terms at build time, with a preview tooltip.

    markdown_extensions:
      - lessico.mdext:          # or its entry-point name, "lessico"
          terms: https://example.org/lessico/terms.json   # or a path
          lang: en              # default: the glossary's own (it)

A treeprocessor that runs after the inline patterns, so code, links and headings are elements it
skips (never text it must parse). The first occurrence of each concept per section (a heading
starts one) becomes ``<a class="lessico-term" href=… title=…>``; the tooltip is the browser's own,
the ``title`` attribute with the definition's first sentence (no script, no ``<abbr>``). The
terms are read once per process (``glossary.load_cached``).
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER_RE

from .errors import InputError
from .link.engine import Scan, find_links
from .link.formats import MATH, URL
from .link.glossary import Glossary, load_cached

# elements whose text is never linked; "arithmatex" is pymdownx's math
_SKIP = {"a", "code", "pre", "kbd", "samp", "script", "style", "abbr", "h1", "h2", "h3", "h4", "h5", "h6",
         "svg", "math", "button", "textarea", "title"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_SKIP_CLASSES = {"arithmatex", "math", "lessico-term"}
_PLACEHOLDER = HTML_PLACEHOLDER_RE  # raw HTML that Python-Markdown keeps aside
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)")


class LessicoTreeprocessor(Treeprocessor):
    def __init__(self, md, ext: "LessicoExtension"):
        super().__init__(md)
        self.ext = ext

    def run(self, root: etree.Element):
        glossary = self.ext.glossary()
        self.seen: set[str] = set()
        self._root = root
        self._walk(root, glossary)

    def _walk(self, el: etree.Element, glossary: Glossary) -> None:
        # document order: an element's text, then its children, then its tail
        if el.text and el is not self._root:
            el.text = self._link_into(el, 0, el.text, glossary)
        for child in list(el):
            if child.tag in _HEADINGS:
                self.seen = set()  # a heading starts a section
            skip = child.tag in _SKIP or bool(_SKIP_CLASSES & set((child.get("class") or "").split()))
            if child.tag == "a":  # a term in an existing link counts as its first occurrence
                self.seen.update(m.concept for m in glossary.matcher.find("".join(child.itertext()), glossary.lang))
            if not skip:
                self._walk(child, glossary)
            if child.tail:
                child.tail = self._link_into(el, list(el).index(child) + 1, child.tail, glossary)

    def _raw_protected(self, text: str) -> list[tuple[int, int]]:
        """Raw HTML kept aside by Python-Markdown (placeholders): the tags, and whatever lies
        between an opening tag of an element never linked (<code>, <a>...) and its closing tag."""
        spans, opened = [], None
        for m in _PLACEHOLDER.finditer(text):
            spans.append(m.span())
            n = int(m.group(1))
            blocks = self.md.htmlStash.rawHtmlBlocks
            raw = str(blocks[n]) if n < len(blocks) else ""
            tag = _TAG.match(raw)
            if opened is None and tag and not tag.group(1) and tag.group(2).lower() in _SKIP and not raw.rstrip().endswith("/>"):
                if not re.search(rf"</{tag.group(2)}\s*>\s*$", raw, re.I):  # not a whole element
                    opened = (m.start(), tag.group(2).lower())
            elif opened and tag and tag.group(1) and tag.group(2).lower() == opened[1]:
                spans.append((opened[0], m.end()))
                opened = None
        if opened:
            spans.append((opened[0], len(text)))
        return spans

    def _link_into(self, parent: etree.Element, index: int, text: str, glossary: Glossary) -> str:
        """Link terms of ``text`` (parent.text, or the tail before child ``index``): returns what stays."""
        scan = Scan(protected=[m.span() for m in MATH.finditer(text)] + [m.span() for m in URL.finditer(text)]
                    + self._raw_protected(text))
        links = [l for l in find_links(text, scan, glossary) if l.target.concept not in self.seen]
        if not links:
            return text
        head = text[: links[0].start]
        for n, link in enumerate(links):
            self.seen.add(link.target.concept)
            a = etree.Element("a", {"class": "lessico-term", "href": link.target.url, "title": link.target.tooltip})
            a.text = link.text
            a.tail = text[link.end : links[n + 1].start] if n + 1 < len(links) else text[link.end :]
            parent.insert(index + n, a)
        return head


class LessicoExtension(Extension):
    def __init__(self, **kwargs):
        self.config = {
            "terms": ["", "terms.json of the glossary: a path or an http(s) URL"],
            "lang": ["", "language of the pages: it or en (default: the glossary's)"],
        }
        super().__init__(**kwargs)

    def glossary(self) -> Glossary:
        terms = self.getConfig("terms")
        if not terms:
            raise InputError("lessico.mdext", "the 'terms' option (path or URL of terms.json) is required")
        return load_cached(terms, self.getConfig("lang") or None)

    def extendMarkdown(self, md):
        # after "inline" (20): links, code spans and raw HTML are elements or placeholders by then
        md.treeprocessors.register(LessicoTreeprocessor(md, self), "lessico", 15)


def makeExtension(**kwargs):
    return LessicoExtension(**kwargs)
