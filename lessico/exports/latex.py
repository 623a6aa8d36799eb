"""LaTeX ``glossaries`` entries, one file per language (``glossary-<lang>.tex``).

One ``\\newglossaryentry{<concept id>}{name=…, description=…}`` per concept, in the glossary's
alphabetical order (case and accents ignored, as on the site), so that glossaries-extra's
``\\printunsrtglossary`` prints them in that order with no indexing tool to run. Every TeX special
character of a term or definition is escaped (``tex_escape``); letters, « » and typographic
quotes stay UTF-8, which pdfLaTeX prints with ``fontenc`` T1 (LuaLaTeX and XeLaTeX are untested).

Decisions:
- ``plural`` only where the record's term is itself plural (``number: plural``): glossaries'
  default plural adds "s", and the records do not say which form is the plural of a term.
- no ``see``/``seealso`` for related concepts: glossaries refuses both keys unless the document
  runs ``\\makeglossaries`` (or sets ``seenoindex``), so a file using them would stop the
  simplest document below.
- ``sort`` is the folded term, for documents that sort with makeindex or xindy instead.
"""
from __future__ import annotations

import re
from pathlib import Path

from .. import urls
from ..model import LANGS
from ..text import fold
from .terms import NAME

# The characters TeX gives a meaning to, each as text. A ``{}`` ends a control word without
# eating the following space.
_SPECIAL = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%", "$": r"\$",
    "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
    '"': r"\textquotedbl{}", "<": r"\textless{}", ">": r"\textgreater{}", "|": r"\textbar{}",
    "`": r"\textasciigrave{}",
}
_SPECIAL_RE = re.compile("|".join(re.escape(c) for c in _SPECIAL))
# Pairs the T1 fonts turn into another glyph (ligatures): -- –, '' ”, ,, „. «<<» and «>>» are
# already escaped above.
_LIGATURE_RE = re.compile(r"([-',])(?=\1)")

HEADER = """\
% {title}: the glossary's {n} entries in {language}, for the LaTeX package glossaries.
% Online: {url}
%
% The file is UTF-8 (accented letters, « »): pdfLaTeX needs fontenc T1 and lmodern, as below
% (the set-up tested with TeX Live 2022). The simplest document (no indexing tool to run):
%
%   \\documentclass{{article}}
%   \\usepackage[T1]{{fontenc}}
%   \\usepackage{{lmodern}}
%   \\usepackage[stylemods]{{glossaries-extra}}
%   \\loadglsentries{{{stem}}}
%   \\begin{{document}}
%   ... \\gls{{{example}}} ...
%   \\printunsrtglossary   % every entry; with \\makeglossaries and the makeglossaries tool,
%                         % \\printglossary prints only the entries used in the text
%   \\end{{document}}
%
% The key of each entry is the identifier in the address of its page ({example}).
% \\glspl adds "s" to the term (glossaries' default) except where the term is plural already;
% for another form write \\glslink{{{example}}}{{...}}.
"""


def file_name(lang: str) -> str:
    return f"glossary-{lang}.tex"


def tex_escape(text: str) -> str:
    """Text as TeX prints it: whitespace collapsed, every special character and ligature escaped."""
    text = " ".join(text.split())
    text = _SPECIAL_RE.sub(lambda m: _SPECIAL[m.group()], text)
    return _LIGATURE_RE.sub(r"\1{}", text)


def ordered(model, lang: str) -> list[str]:
    """Concept ids in the glossary's alphabetical order in ``lang``."""
    return sorted(model.concepts, key=lambda cid: (fold(model.concepts[cid].labels[lang].term), cid))


def entry(cid: str, e) -> str:
    fields = [("name", tex_escape(e.term)), ("sort", tex_escape(fold(e.term))),
              ("description", tex_escape(e.definition))]
    if e.number == "plural":
        fields.append(("plural", tex_escape(e.term)))
    body = ",\n  ".join(f"{key}={{{value}}}" for key, value in fields)
    return f"\\newglossaryentry{{{cid}}}{{\n  {body}\n}}\n"


def glossary_tex(model, lang: str, directory_urls: bool = True, site_url: str = "") -> str:
    ids = ordered(model, lang)
    example = "distretto-industriale" if "distretto-industriale" in model.concepts else ids[0]
    head = HEADER.format(title=NAME, n=len(ids), language={"it": "Italian", "en": "English"}.get(lang, lang),
                         url=urls.public_url(site_url, "glossary/index", lang),
                         stem=Path(file_name(lang)).stem, example=example)
    return head + "\n" + "\n".join(entry(cid, model.concepts[cid].labels[lang]) for cid in ids)


def write(model, site_dir: Path, directory_urls: bool, site_url: str, overrides: str | None = None) -> list[str]:
    out = []
    for lang in LANGS:
        (site_dir / file_name(lang)).write_text(glossary_tex(model, lang, directory_urls, site_url), encoding="utf-8", newline="\n")
        out.append(file_name(lang))
    return out
