"""What each kind of file protects, where its sections start, and how a link is written.

Markdown (``[text](url)``), HTML (``<a href title>``) and LaTeX (``\\href{url}{text}``, which
needs hyperref; beamer loads it). Never linked: headings, code, math, existing links, URLs, tags
and their attributes, LaTeX command names and the arguments that are not running text.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Callable

from .engine import Link, Scan

# --- shared ----------------------------------------------------------------------------------
_NO_BLANK = r"(?:[^\n]|\n(?![ \t\r]*\n))"  # any character, but never across a blank line
MATH = re.compile(
    r"\$\$.+?\$\$"
    r"|\\\(.+?\\\)"
    r"|\\\[.+?\\\]"
    r"|(?<![\\$\w])\$(?=[^\s$])" + _NO_BLANK + r"*?(?<=[^\s\\])\$(?!\d)",  # $x$, not "$5 and $6"
    re.S,
)
URL = re.compile(r"\b(?:https?://|ftp://|www\.)[^\s<>\"'`{}\\]+[^\s<>\"'`{}\\.,;:!?)\]]")
HTML_PROTECT = re.compile(
    r"<!--.*?-->"
    r"|<(script|style|pre|code|kbd|samp|var|tt|textarea|title|head|a|h[1-6]|svg|math|button|select|abbr)\b[^>]*>.*?</\1\s*>"
    r"|<[A-Za-z/!?][^>]*>",
    re.S | re.I,
)
HTML_HEADING = re.compile(r"<h[1-6]\b", re.I)
HTML_LINK = re.compile(r"<a\b[^>]*>.*?</a\s*>", re.S | re.I)
MD_LINK = re.compile(r"\[(?:[^\[\]\n]|\n(?![ \t\r]*\n)|\[[^\]\n]*\])*\]\([^)\n]*\)")
ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")


def _spans(pattern: re.Pattern, text: str) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text)]


def _entities(text: str) -> list[tuple[int, int, str]]:
    """``&nbsp;``, ``&#8217;``...: read as the character they stand for."""
    out = []
    for m in ENTITY.finditer(text):
        char = html.unescape(m.group())
        if char != m.group():
            out.append((m.start(), m.end(), char))
    return out


# --- HTML ------------------------------------------------------------------------------------
def scan_html(text: str) -> Scan:
    return Scan(
        protected=_spans(HTML_PROTECT, text) + _spans(MATH, text) + _spans(URL, text),
        sections=[m.start() for m in HTML_HEADING.finditer(text)],
        readings=_entities(text),
        linked=_spans(HTML_LINK, text),
    )


def wrap_html(link: Link) -> str:
    return (f'<a class="lessico-term" href="{html.escape(link.target.url)}" '
            f'title="{html.escape(link.target.tooltip)}">{link.text}</a>')


# --- Markdown --------------------------------------------------------------------------------
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_ATX = re.compile(r"^ {0,3}#{1,6}(?:[ \t]|$)")
_SETEXT = re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$")
_LIST_ITEM = re.compile(r"^ {0,3}(?:[-*+]|\d{1,9}[.)])[ \t]")
_CONTAINER = re.compile(r"^ {0,3}(?:!!!|\?\?\?\+?|===|\[\^[^\]]+\]:)")  # admonitions, tabs, footnotes
_HTML_BLOCK = re.compile(
    r"^ {0,3}<(?:!--|/?(?:div|p|table|thead|tbody|tr|td|th|ul|ol|li|dl|dt|dd|section|article|aside|"
    r"details|summary|figure|figcaption|blockquote|pre|form|iframe|script|style|hr|h[1-6]|nav|header|"
    r"footer|main|center|video|audio|canvas|noscript)\b)", re.I)
_REF_DEF = re.compile(r"^ {0,3}\[([^\]]+)\]:[ \t]*\S.*$")
_ABBR_DEF = re.compile(r"^\*\[[^\]]*\]:.*$")
_MD_INLINE = re.compile(
    r"(`+)(?!`).+?(?<!`)\1(?!`)"                               # inline code
    r"|!?\[(?:[^\[\]\n]|\n(?![ \t\r]*\n)|\[[^\]\n]*\])*\]\([^)\n]*\)"            # links and images
    r"|!?\[(?:[^\[\]\n]|\n(?![ \t\r]*\n)|\[[^\]\n]*\])*\]\[[^\]\n]*\]"           # reference links
    r"|\[\^[^\]]+\]"                                            # footnote markers
    r"|\{[ \t]*[:#.][^}\n]*\}",                                 # attribute lists
    re.S,
)


def _lines(text: str) -> list[tuple[int, str]]:
    """(offset, line without its line ending) for every line."""
    out, pos = [], 0
    for line in text.splitlines(keepends=True):
        out.append((pos, line.rstrip("\r\n")))
        pos += len(line)
    return out


def _indented(line: str) -> bool:
    return line.startswith(("    ", "\t"))


def scan_markdown(text: str) -> Scan:
    scan = Scan(readings=_entities(text))
    lines = _lines(text)
    refs: set[str] = set()
    i = 0
    prev_blank, in_container = True, False
    if lines and lines[0][1] == "---":  # front matter
        end = next((j for j in range(1, len(lines)) if lines[j][1] in ("---", "...")), None)
        if end is not None:
            scan.protected.append((0, lines[end][0] + len(lines[end][1])))
            i = end + 1
    while i < len(lines):
        start, line = lines[i]
        end_of = start + len(line)
        fence = _FENCE.match(line)
        if fence:  # up to the closing fence of the same character, at least as long
            mark = fence.group(1)
            j = i + 1
            while j < len(lines) and not re.match(rf"^ {{0,3}}{re.escape(mark[0])}{{{len(mark)},}}[ \t]*$", lines[j][1]):
                j += 1
            j = min(j, len(lines) - 1)
            scan.protected.append((start, lines[j][0] + len(lines[j][1])))
            i, prev_blank = j + 1, False
            continue
        if not line.strip():
            i, prev_blank = i + 1, True
            continue
        if _indented(line) and prev_blank and not in_container:  # indented code block
            j = i
            while j + 1 < len(lines) and (_indented(lines[j + 1][1]) or not lines[j + 1][1].strip()):
                j += 1
            scan.protected.append((start, lines[j][0] + len(lines[j][1])))
            i, prev_blank = j + 1, False
            continue
        if prev_blank and _HTML_BLOCK.match(line):  # raw HTML: Markdown inside it is not rendered
            j = i
            while j + 1 < len(lines) and lines[j + 1][1].strip():
                j += 1
            scan.protected.append((start, lines[j][0] + len(lines[j][1])))
            i, prev_blank = j + 1, False
            continue
        if not _indented(line):
            in_container = bool(_LIST_ITEM.match(line) or _CONTAINER.match(line)) or (in_container and not prev_blank)
        nxt = lines[i + 1][1] if i + 1 < len(lines) else ""
        ref = _REF_DEF.match(line)
        if _ATX.match(line) or line.lstrip().startswith(("!!!", "???", "===")):
            scan.protected.append((start, end_of))  # a heading, or an admonition or tab title
            if _ATX.match(line):
                scan.sections.append(start)
        elif prev_blank and nxt.strip() and _SETEXT.match(nxt) and not _LIST_ITEM.match(line):
            scan.protected.append((start, lines[i + 1][0] + len(nxt)))
            scan.sections.append(start)
            i, prev_blank = i + 2, False
            continue
        elif ref:
            refs.add(ref.group(1).lower())
            scan.protected.append((start, end_of))
        elif _ABBR_DEF.match(line):
            scan.protected.append((start, end_of))
        i, prev_blank = i + 1, False
    scan.protected += _spans(_MD_INLINE, text) + _spans(HTML_PROTECT, text) + _spans(MATH, text) + _spans(URL, text)
    scan.linked = _spans(MD_LINK, text) + _spans(HTML_LINK, text)
    if refs:  # shortcut reference links: [label] where "[label]: url" is defined
        scan.protected += [m.span() for m in re.finditer(r"\[([^\[\]\n]+)\](?:\[\])?", text) if m.group(1).lower() in refs]
    return scan


def wrap_markdown(link: Link) -> str:
    return f"[{link.text}]({link.target.url})"


# --- LaTeX -----------------------------------------------------------------------------------
_ARG = r"(?:[ \t]*\[[^\]]*\])*(?:[ \t]*\{(?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*\})*"
_VERBATIM = r"verbatim|Verbatim|BVerbatim|lstlisting|minted|comment|tikzpicture|filecontents"
_MATH_ENV = r"equation|align|alignat|flalign|gather|multline|eqnarray|math|displaymath"
# commands whose arguments are not running text (or break with a link inside: moving arguments)
_NOT_TEXT = (
    r"part|chapter|section|subsection|subsubsection|paragraph|subparagraph|frametitle|framesubtitle|"
    r"title|subtitle|author|institute|date|caption|label|ref|eqref|pageref|autoref|nameref|[cC]ref|"
    r"[A-Za-z]*cite[A-Za-z]*|usepackage|RequirePackage|documentclass|includegraphics|input|include|"
    r"url|nolinkurl|href|hyperref|hypertarget|hyperlink|bibliography|bibliographystyle|addbibresource|"
    r"texttt|use[a-z]*theme|setbeamer[a-z]+|definecolor|newcommand|renewcommand|providecommand|"
    r"newenvironment|renewenvironment|DeclareMathOperator|gls[A-Za-z]*|Gls[A-Za-z]*|acr[A-Za-z]*|"
    r"begin|end|item(?=\[)|footnotemark|graphicspath|pgfplots[a-z]*|node"
)
LATEX_PROTECT = re.compile(
    rf"\\begin\{{((?:{_VERBATIM}|{_MATH_ENV})\*?)\}}.*?\\end\{{\1\}}"
    r"|\\verb\*?([^A-Za-z\s]).*?\2"
    r"|\\lstinline(?:\[[^\]]*\])?(?:\{[^}]*\}|([^A-Za-z\s{]).*?\3)"
    + "|" + MATH.pattern +
    rf"|\\(?:{_NOT_TEXT})\*?{_ARG}"
    r"|\\[A-Za-z@]+\*?"
    r"|\\."
    r"|%[^\n]*",  # a comment (\% is taken by the rule above)
    re.S,
)
LATEX_SECTION = re.compile(r"\\(?:part|chapter|section|subsection|subsubsection)\*?[\s\[{]|\\begin\{frame\}|\\frame\{")
_BEGIN_DOCUMENT = re.compile(r"\\begin\{document\}")
_HYPERREF = re.compile(r"\\usepackage(?:\[[^\]]*\])?\{[^}]*\bhyperref\b[^}]*\}|\\documentclass(?:\[[^\]]*\])?\{beamer\}")


def scan_latex(text: str) -> Scan:
    scan = Scan()
    body = _BEGIN_DOCUMENT.search(text)
    if body:  # the preamble is settings, never text
        scan.protected.append((0, body.end()))
    scan.protected += [m.span() for m in LATEX_PROTECT.finditer(text)]
    for m in LATEX_PROTECT.finditer(text):
        if LATEX_SECTION.match(m.group()):
            scan.sections.append(m.start())
        elif m.group().startswith("\\href{"):
            scan.linked.append(m.span())
    # ~ is LaTeX's unbreakable space: "distretto~industriale" is the term
    scan.readings = [(m.start(), m.end(), " ") for m in re.finditer(r"(?<!\\)~", text)]
    return scan


def latex_has_hyperref(text: str) -> bool:
    body = _BEGIN_DOCUMENT.search(text)
    preamble = text[: body.start()] if body else text
    preamble = re.sub(r"(?<!\\)%.*", "", preamble)
    return bool(_HYPERREF.search(preamble))


def wrap_latex(link: Link) -> str:
    url = link.target.url.replace("\\", "/").replace("%", r"\%").replace("#", r"\#")
    return rf"\href{{{url}}}{{{link.text}}}"


# --- registry --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Format:
    name: str
    scan: Callable[[str], Scan]
    wrap: Callable[[Link], str]


FORMATS = {
    ".md": Format("Markdown", scan_markdown, wrap_markdown),
    ".markdown": Format("Markdown", scan_markdown, wrap_markdown),
    ".html": Format("HTML", scan_html, wrap_html),
    ".htm": Format("HTML", scan_html, wrap_html),
    ".tex": Format("LaTeX", scan_latex, wrap_latex),
}
