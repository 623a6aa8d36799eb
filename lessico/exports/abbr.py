"""Abbreviation files (``abbreviations-<lang>.md``) for other MkDocs sites.

Markdown ``abbr`` syntax, ``*[term]: definition``, one line per term and variant, longest first,
no duplicates, a blank line between definitions: Python-Markdown parses a run of lines as one
block and tests the rest of the block again after each definition it takes out, so 600
definitions in one block cost seconds on every page (the output is the same). A course site
appends the file to every page with ``pymdownx.snippets`` (``auto_append``) and gets the
glossary definitions as tooltips. Nothing else is in the file: whatever it held would be appended to every page of that site.
"""
from __future__ import annotations

from pathlib import Path

from ..model import LANGS


def file_name(lang: str) -> str:
    return f"abbreviations-{lang}.md"


def _clean(text: str) -> str:
    return " ".join(text.split())


def abbreviations(model, lang: str) -> str:
    """``*[label]: definition`` for every label a course tool may auto-link (its ``autolink``
    flag; never a deprecated term, never a bare everyday word such as "district"). The abbr
    extension matches as written, so a label that is not case-sensitive also gets its
    capitalised form: the term at the start of a sentence keeps its own definition."""
    entries: dict[str, str] = {}  # label -> title
    for cid in sorted(model.concepts):
        e = model.concepts[cid].labels[lang]
        term, definition = _clean(e.term), _clean(e.definition)
        for x in e.recognised:
            if not x.autolink:
                continue
            label = _clean(x.label)
            forms = [label] if x.case_sensitive or not label[:1].islower() else [label, label[0].upper() + label[1:]]
            for form in forms:
                if form and "]" not in form and form not in entries:
                    entries[form] = definition if label == term else f"{term}: {definition}"
    lines = [f"*[{label}]: {title}" for label, title in sorted(entries.items(), key=lambda kv: (-len(kv[0]), kv[0]))]
    return "\n\n".join(lines) + "\n"


def write(model, site_dir: Path, directory_urls: bool, site_url: str, overrides: str | None = None) -> list[str]:
    out = []
    for lang in LANGS:
        (site_dir / file_name(lang)).write_text(abbreviations(model, lang), encoding="utf-8", newline="\n")
        out.append(file_name(lang))
    return out
