"""The model: plain dataclasses shared by every stage."""
from __future__ import annotations

from dataclasses import dataclass, field

from .text import label_flags

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
TERM_TYPES = ("synonym", "abbreviation", "spelling-variant", "short-form")
STATUSES = ("admitted", "deprecated")


@dataclass(frozen=True)
class Term:
    """One label of a concept in one language, with its terminological data.

    kind: ``preferred``, one of ``TERM_TYPES`` (an other term, shown on the page) or ``form``
    (an inflected or elided form: recognised and searched, never shown; SKOS hiddenLabel).
    status: ``preferred``, ``admitted`` or ``deprecated`` (shown as such, never recognised).
    """

    label: str
    kind: str
    status: str
    case_sensitive: bool
    autolink: bool


@dataclass
class LangEntry:
    term: str
    definition: str
    note: str | None = None
    terms: list[Term] = field(default_factory=list)  # the other terms, in record order
    forms: list[Term] = field(default_factory=list)
    pos: str | None = None  # noun | adjective | verb | phrase
    gender: str | None = None  # m | f (nouns)
    number: str | None = None  # singular | plural (nouns)
    preferred: Term | None = None

    def __post_init__(self) -> None:
        if self.preferred is None:  # built in code (tests, synthetic corpora): default flags
            self.preferred = Term(self.term, "preferred", "preferred", *label_flags(self.term))

    @classmethod
    def plain(cls, term: str, forms: list[str], definition: str, note: str | None = None) -> "LangEntry":
        """An entry whose other labels are all forms, with default flags (tests, synthetic corpora)."""
        return cls(term, definition, note, forms=[Term(f, "form", "admitted", *label_flags(f)) for f in forms])

    @property
    def all_terms(self) -> list[Term]:
        """Preferred term, other terms, forms: every label of this language."""
        return [t for t in (self.preferred, *self.terms, *self.forms) if t is not None]

    @property
    def recognised(self) -> list[Term]:
        """The labels that find the concept in a text: everything but deprecated terms."""
        return [t for t in self.all_terms if t.status != "deprecated"]

    @property
    def variants(self) -> list[str]:
        """Labels other than the preferred term that name the concept (search, inventories)."""
        return [t.label for t in self.recognised if t.kind != "preferred"]

    @property
    def admitted(self) -> list[Term]:
        return [t for t in self.terms if t.status == "admitted"]

    @property
    def deprecated(self) -> list[Term]:
        return [t for t in self.terms if t.status == "deprecated"]


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
    revised: str | None = None  # ISO date the record was last revised (a field: builds stay reproducible)
    based_on: list[dict] = field(default_factory=list)  # {"source", "paragraph"} or {"reference"}
    matches: list[dict] = field(default_factory=list)  # {"vocabulary", "id", "match"}
    # False for a general concept kept for the hierarchy whose labels are everyday words
    # ("impresa", "firm"): it is never linked in the source texts.
    link_in_text: bool = True


# --- courses (courses/<id>.yml) ---------------------------------------------------------------
@dataclass
class Lecture:
    """One lecture of a course: its concepts in reading order; title and note per language."""

    concepts: list[str]
    title: dict[str, str] = field(default_factory=dict)  # lang -> title; empty: "Lecture N"
    note: dict[str, str] = field(default_factory=dict)  # lang -> note


@dataclass
class Course:
    id: str
    title: dict[str, str]  # lang -> title
    lectures: list[Lecture]
    instructor: str | None = None
    year: str | None = None  # academic year, "2026/27"
    path: str = ""  # course file, for error messages

    @property
    def concepts(self) -> list[str]:
        """Every concept of the course, in the order of the lectures."""
        return [cid for lecture in self.lectures for cid in lecture.concepts]


# --- recognition -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Occurrence:
    concept: str
    source: str
    anchor: str  # paragraph anchor
    start: int
    end: int  # span in the paragraph text
