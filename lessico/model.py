"""The model: plain dataclasses shared by every stage."""
from __future__ import annotations

from dataclasses import dataclass, field

LANGS = ("it", "en")  # the first is the default language of the site


# --- sources ---------------------------------------------------------------------------------
@dataclass
class Paragraph:
    """One block of a repaired source, with a stable anchor ``p<N>``.

    kind: ``heading`` (level 1-4), ``para``, ``item`` (list item; level = nesting, 1 based) or
    ``link`` (a stray URL line, text = the URL).
    footnotes: (offset in ``text``, footnote label) — where a footnote marker stands.
    """

    anchor: str
    kind: str
    text: str
    level: int = 0
    footnotes: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class Footnote:
    label: str
    text: str


@dataclass
class Removal:
    """Something the repair dropped, kept for the build report (nothing vanishes unseen)."""

    rule: str  # e.g. "page-number", "duplicate-copy", "overlay-garbage"
    line: int  # 1-based line in the original file
    text: str


@dataclass
class SourceMeta:
    id: str
    file: str
    lang: str
    kind: str
    title: str | None = None
    author: str | None = None
    year: int | None = None
    venue: str | None = None
    url: str | None = None
    note: dict[str, str] = field(default_factory=dict)  # lang -> provenance note
    abstract: dict[str, str] = field(default_factory=dict)  # lang -> text
    label: dict[str, str] = field(default_factory=dict)  # lang -> devised title when title is unknown


@dataclass
class Source:
    meta: SourceMeta
    paragraphs: list[Paragraph]
    footnotes: list[Footnote]
    removed: list[Removal]
    fixes: dict[str, int]  # repair rule -> number of fixes

    @property
    def id(self) -> str:
        return self.meta.id


# --- concepts --------------------------------------------------------------------------------
@dataclass
class LangEntry:
    term: str
    variants: list[str]
    definition: str
    note: str | None = None


@dataclass
class Concept:
    id: str
    theme: str
    labels: dict[str, LangEntry]  # lang -> entry
    broader: list[str] = field(default_factory=list)
    narrower: list[str] = field(default_factory=list)
    related: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)  # former ids that redirect here
    path: str = ""  # registry file, for error messages


# --- recognition -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Occurrence:
    concept: str
    source: str
    anchor: str  # paragraph anchor
    start: int
    end: int  # span in the paragraph text
