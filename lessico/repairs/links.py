"""Links: a URL alone on a line (a hyperlink the extractor pulled out of the text, or a
reference list of addresses) becomes a link item instead of prose."""
from __future__ import annotations

import re

from .base import Ctx, Doc, Rule

_URL_LINE = re.compile(r"\(?((?:https?://|www\.)[^\s()]+(?:\([^\s()]*\)[^\s()]*)*)\)?[.,;]?")


def url_lines(doc: Doc, ctx: Ctx):
    """A line that is only a URL (in brackets, with a final ``.`` ``,`` ``;``) -> a link item."""
    for ln in doc.lines:
        if ln.kind != "text":
            continue
        m = _URL_LINE.fullmatch(ln.text)
        if m:
            ln.kind = "link"
            ln.text = m.group(1)
            ctx.fix("link")


RULES = (
    # after footnotes (a body may end with a URL line: it stops the body) and page numbers, before
    # the roles of the remaining lines (a URL line is never a heading or an item)
    Rule("link", 65, "document", url_lines,
         "a URL alone on a line is a link, not a sentence to rejoin", keys=("link",), family="links"),
)
