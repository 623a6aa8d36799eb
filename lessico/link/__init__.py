"""Link glossary terms in an instructor's own files (``lessico link``), from a published terms.json."""
from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from .engine import Link, apply, find_links
from .formats import FORMATS, Format
from .glossary import Glossary, load, load_cached

__all__ = ["Glossary", "Link", "link_text", "format_of", "load", "load_cached"]


def format_of(path: Path) -> Format:
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        kinds = ", ".join(sorted(FORMATS))
        hint = " (save a Word document as a web page, .htm, first)" if path.suffix.lower() in (".docx", ".doc", ".odt") else ""
        raise InputError(path, f"cannot link a {path.suffix or 'suffix-less'} file: use {kinds}{hint}")
    return fmt


def link_text(text: str, fmt: Format, glossary: Glossary) -> tuple[str, list[Link]]:
    """``text`` with its terms linked, and the links added (in order)."""
    links = find_links(text, fmt.scan(text), glossary)
    return apply(text, links, fmt.wrap), links
