"""The glossary as pandoc Markdown, one file per language (``glossary-<lang>.md``), for pandoc and Quarto.

A pandoc definition list: each term on its own line as a span whose identifier is the concept id
(``[distretto industriale]{#distretto-industriale}``, so a document that includes the file can
link ``[…](#distretto-industriale)``), then ``:   definition`` and a link to the entry's page.
Quarto writes pandoc's Markdown and includes a file with ``{{< include glossary-it.md >}}``; an
included metadata block would apply to the whole document (Quarto's "Includes" page), so the
file has none: a heading, a comment, the list. No Lua filter, no extension.

Text is escaped for pandoc Markdown (``md_escape``): nothing in a term or definition becomes
markup, a citation, math or a list.
"""
from __future__ import annotations

import re
from pathlib import Path

from .. import urls
from ..i18n import t
from ..model import LANGS
from .latex import ordered
from .terms import NAME

# What pandoc's Markdown (pandoc's default extensions, Quarto's too) may read as markup in running
# text: emphasis, code, links and spans, attributes, raw HTML and entities, math, citations and
# example lists, super/subscript and strikeout, tables, headings, backslash escapes, and double
# quotes (smart quotes would turn them typographic). pandoc accepts a backslash before any ASCII
# punctuation mark.
_MARKUP_RE = re.compile(r"""[\\`*_{}\[\]<>#$^~@|&"]""")
_DASHES_RE = re.compile(r"-(?=-)")  # -- and --- become dashes with smart punctuation
# At the start of a line: a list item, a block quote, a definition marker, a title block.
_LINE_START_RE = re.compile(r"^([-+:>%=]|\d+(?=[.)]))")


def file_name(lang: str) -> str:
    return f"glossary-{lang}.md"


def md_escape(text: str) -> str:
    """Text on one line that pandoc's Markdown reads back as the same text, wherever the line starts."""
    text = " ".join(text.split())
    text = _DASHES_RE.sub(r"\\-", _MARKUP_RE.sub(lambda m: "\\" + m.group(), text))
    m = _LINE_START_RE.match(text)
    if m and m.group(1)[0].isdigit():
        end = m.end()  # "1." and "1)": escape the mark after the number
        return text[:end] + "\\" + text[end:]
    return "\\" + text if m else text


def _url(url: str) -> str:
    """A link destination in angle brackets: spaces and parentheses in a site URL stay part of it."""
    return "<" + url.replace("<", "%3C").replace(">", "%3E") + ">"


def glossary_md(model, lang: str, directory_urls: bool = True, site_url: str = "") -> str:
    ids = ordered(model, lang)
    index = urls.public_url(site_url, "glossary/index", lang)
    lines = [f"# {md_escape(t(lang, 'glossary'))}: {md_escape(NAME)}", "",
             # no shortcode in the comment: Quarto would expand it even there
             f"<!-- {NAME}, {len(ids)} entries: a pandoc definition list. {index} -->", ""]
    open_label = md_escape(t(lang, "moodle_open", name=NAME))
    for cid in ids:
        e = model.concepts[cid].labels[lang]
        page = urls.public_url(site_url, urls.concept_key(cid), lang)
        lines += [f"[{md_escape(e.term)}]{{#{cid}}}", "",
                  f":   {md_escape(e.definition)} [{open_label}]({_url(page)})", ""]
    return "\n".join(lines)


def write(model, site_dir: Path, directory_urls: bool, site_url: str, overrides: str | None = None) -> list[str]:
    out = []
    for lang in LANGS:
        (site_dir / file_name(lang)).write_text(glossary_md(model, lang, directory_urls, site_url),
                                                encoding="utf-8", newline="\n")
        out.append(file_name(lang))
    return out
