"""The nothing-lost check, shared by the real corpus (test_corpus.py) and the fixture project with a
new document (test_new_document.py): every character of every source, less the artefacts the
build report lists as removed, is on its rendered page, in source order (body, stray links and
footnotes each in order)."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from lessico.model import LANGS

class _Body(HTMLParser):
    """Splits a source page into its streams of source text: body paragraphs (headings, items),
    stray-link lines (which the repair moves after the sentence they interrupted) and footnotes."""

    def __init__(self):
        super().__init__()
        self.streams = {"body": [], "links": [], "notes": []}
        self.stack: list[str | None] = []
        self.title: list[str] = []  # the h1: source text only where the source's first heading is it
        self.heading_in_title = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        target = self.stack[-1] if self.stack else None
        if tag == "ul" and "lx-links" in classes:
            target = "links-list"
        elif re.fullmatch(r"p\d+", a.get("id") or ""):
            target = "links" if target == "links-list" else "body"
        elif tag == "div" and "footnote" in classes:
            target = "notes"
        elif tag == "h1":
            target = "title"
        if "lx-anchor" in classes:  # the source's first heading repeats the title: shown once, in the h1
            self.heading_in_title = True
        if tag not in ("br", "hr", "img", "input", "meta", "link"):
            self.stack.append(target)

    def handle_endtag(self, tag):
        if tag not in ("br", "hr", "img", "input", "meta", "link") and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if self.stack and self.stack[-1] in self.streams:
            self.streams[self.stack[-1]].append(data)
        elif self.stack and self.stack[-1] == "title":
            self.title.append(data)


def _alnum(text: str) -> str:
    return "".join(c for c in text.lower() if c.isalnum())


def _is_subsequence(small: str, big: str) -> bool:
    it = iter(big)
    return all(c in it for c in small)


def _halve(token: str) -> str:
    """ "DIDI" -> "DI", "METROPOLITANEMETROPOLITANE//REGIONALIREGIONALI" -> "METROPOLITANE/REGIONALI"."""
    parts = [x for x in re.split(r"\W+", token) if x]
    if parts and all(len(x) % 2 == 0 and x[: len(x) // 2] * 2 == x for x in parts):
        return "/".join(x[: len(x) // 2] for x in parts)
    return token


def _undouble(line: str, word: str, what: str) -> str:
    """Take one copy out of a doubled word: "A A", "DIDI", "METROPOLITANEMETROPOLITANE//REGIONALIREGIONALI"."""
    for pair in (word + word, word + " " + word):
        if pair in line:
            return line.replace(pair, word, 1)
    for token in line.split():
        parts = [x for x in re.split(r"\W+", token) if x]
        halves = [x[: len(x) // 2] for x in parts]
        if parts and all(x == h + h for x, h in zip(parts, halves)) and _alnum("".join(halves)) == _alnum(word):
            return line.replace(token, "".join(halves), 1)
    raise AssertionError(f"{what}: doubled word not found on its line")


def _remove(line: str, gone: str, what: str) -> str:
    """Take a removed artefact out of its line: as a block, or letter by letter for doubled words
    ("METROPOLITANEMETROPOLITANE//REGIONALIREGIONALI" loses one "METROPOLITANE/REGIONALI")."""
    at = line.find(gone)
    if at >= 0:
        return line[:at] + line[at + len(gone):]
    keep, i = [], 0
    for c in line:
        if i < len(gone) and c == gone[i]:
            i += 1
        else:
            keep.append(c)
    assert i == len(gone), f"{what}: removal not found on its line"
    return "".join(keep)


def _page_streams(html: str) -> tuple[str, str]:
    html = re.sub(r'<a class="lx-pilcrow"[^>]*>.*?</a>', "", html)
    html = re.sub(r'<a class="footnote-backref"[^>]*>.*?</a>', "", html)
    html = re.sub(r'<a class="headerlink"[^>]*>.*?</a>', "", html)
    html = re.sub(r'(<a class="lx-ext"[^>]*>[^<]*</a>)( <a class="lx-cite"[^>]*>[^<]*</a>)+', r"\1", html)
    parser = _Body()
    parser.feed(html)
    if parser.heading_in_title:
        parser.streams["body"][:0] = parser.title
    return {k: _alnum("".join(v)) for k, v in parser.streams.items()}


def check_nothing_lost(model, root: Path, site: Path, lang: str, sources=None) -> None:
    """Assert, for each source of ``model`` (or only those whose id is in ``sources``), that the page
    of ``site`` in ``lang`` shows every character of ``root``/sources/<file> not listed as removed."""
    for src in model.sources:
        if sources is not None and src.id not in sources:
            continue
        raw = [re.sub(r"[\u00a0\u2007\u202f\u2009]", " ", line).replace("\u2010", "-")
               for line in (Path(root) / "sources" / src.meta.file).read_text(encoding="utf-8").split("\n")]
        for r in src.removed:  # the artefacts listed in the build report, and only those
            line = raw[r.line - 1]
            if r.rule == "doubled-words":  # one half of "PROPOSITOPROPOSITO" or "A A"
                raw[r.line - 1] = _undouble(line, r.text, f"{src.id}: {r}")
                continue
            at = line.find(r.text)
            if at >= 0:
                raw[r.line - 1] = line[:at] + line[at + len(r.text):]
            else:
                raw[r.line - 1] = _remove(_alnum(line), _alnum(r.text), f"{src.id}: {r}")
        original = _alnum("".join(raw).replace("*", ""))
        prefix = "" if lang == LANGS[0] else f"{lang}/"
        streams = _page_streams((site / prefix / "sources" / src.id / "index.html").read_text(encoding="utf-8"))
        body = streams["body"]
        assert body and _is_subsequence(body, original), f"{src.id}: page text out of order or not from the source"
        for name in ("links", "notes"):  # moved out of the flow on purpose: each still in source order
            assert _is_subsequence(streams[name], original), f"{src.id}: {name} not from the source"
        shown = sum(len(v) for v in streams.values())
        shown += sum(len(f.label) for f in src.footnotes)  # "1 The original…": the 1 is the list number
        assert shown == len(original), (
            f"{src.id} ({lang}): {len(original) - shown} characters of the source are not on the page")
