"""Typed views: the data of each generated page, and no markup (render stage).

Built by pure functions from the model (``pages.py``, ``exports/permalinks.py``) and rendered
by the templates in ``lessico/templates/`` (``templating.py``). Fields hold text, numbers and
hrefs that are already relative; the templates escape all of them. The one exception is a
field typed ``Html``: HTML that the package produced itself from escaped parts, created by
``trusted_html`` and nowhere else.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup

Html = Markup  # a field of this type is printed as it is


def trusted_html(text: str) -> Html:
    """The one place where text is marked as safe HTML. Its callers, and why each is safe:

    * ``templating._finalize``: the text has just been escaped by ``text.esc``;
    * ``templating._md_filter``, ``templating._json_script``: escaped there for a Markdown
      heading or for JSON in a <script>;
    * ``templating._front_matter_string``: a JSON string, which the front matter reads as YAML;
    * ``pages.Renderer.svg`` (the concept and theme maps, ``maps.py``), whose every piece of
      text and every attribute is escaped by the SVG builder;
    * ``pages.Renderer.reference`` (formatted references): citeproc-py's HTML output, built
      from the bibliography's records with their text escaped (``references.py``).
    """
    return Markup(text)


# -- permalink and redirect pages (exports/permalinks.py) -------------------------------
@dataclass(frozen=True)
class LangLink:
    lang: str
    href: str
    term: str
    lang_name: str


@dataclass(frozen=True)
class PermalinkView:
    title: str
    lang: str  # of the page (<html lang>): the default language
    other_lang: str
    terms: tuple[str, str]  # (default language, other language)
    texts: tuple[tuple[str, str], ...]  # (lang, "this is a permalink") per language
    links: tuple[LangLink, ...]
    targets: dict[str, str]  # lang -> relative href, for the script that picks the language
    refresh: str = ""


@dataclass(frozen=True)
class RedirectView:
    title: str
    lang: str
    text: str
    href: str
    term: str

    @property
    def refresh(self) -> str:
        return self.href


# -- pieces shared by the site's pages --------------------------------------------------
@dataclass(frozen=True)
class Link:
    href: str
    text: str | Html  # Html: a formatted reference (``trusted_html``)
    title: str = ""  # tooltip: a concept's definition


@dataclass(frozen=True)
class Segment:
    """A run of a passage's text, plain or inside the one element ``kind`` names."""
    kind: str  # "text", "cite" (resolved citation), "unresolved", "term", "fnref" (text = label)
    text: str
    href: str = ""
    title: str = ""
    card: object = None  # a term's preview card (cards.TermCard)


# -- source page -------------------------------------------------------------------------
@dataclass(frozen=True)
class MetaRow:
    label: str
    text: str  # "" shows the "unknown" label
    kind: str = "text"  # "text", "code" (a file name), "link" (text is the address)
    lang: str = ""  # the text's language where it differs from the page's (a document's own title)


@dataclass(frozen=True)
class SourceBlock:
    """One block of a source's text, in reading order."""
    kind: str  # "heading", "paragraph", "items", "links", "anchor" (a heading repeating the title: its id only)
    anchor: str = ""
    level: int = 0  # heading
    text: str = ""  # heading
    segments: tuple[Segment, ...] = ()  # paragraph
    number: str = ""  # paragraph: n of "pN", for the pilcrow's label
    items: tuple["SourceItem", ...] = ()  # items, links


@dataclass(frozen=True)
class SourceItem:
    anchor: str
    segments: tuple[Segment, ...] = ()  # a list item's text
    href: str = ""  # a link item: the address and its text
    text: str = ""
    cites: tuple[str, ...] = ()  # a link item: hrefs of the bibliography entries it cites
    cite_titles: tuple[str, ...] = ()  # their tooltips, one per href (Renderer.cite_tip)


@dataclass(frozen=True)
class Footnote:
    anchor: str
    segments: tuple[Segment, ...]
    backref: str = ""  # the marker's label where the text has the marker


@dataclass(frozen=True)
class TocEntry:
    """A heading of a long source in its in-page contents list, with the headings under it."""
    anchor: str
    text: str
    children: tuple["TocEntry", ...] = ()


@dataclass(frozen=True)
class SourceView:
    title: str
    lang: str
    text_lang: str  # the text's language where it differs from the page's, else ""
    unknown: str
    meta: tuple[MetaRow, ...]
    abstract_label: str
    abstract: str
    note_title: str
    lang_note: str  # "this text is in Italian", or ""
    para_link: str
    bibliography_label: str
    blocks: tuple[SourceBlock, ...]
    footnotes: tuple[Footnote, ...]
    not_identified: str = ""  # "Autore e anno non identificati", or ""
    provenance_summary: str = ""
    provenance: tuple[MetaRow, ...] = ()  # file name and extraction notes, folded away
    works_cited_title: str = ""
    works_cited_intro: str = ""
    works_cited: tuple[Link, ...] = ()  # each to its bibliography entry; text: the reference
    title_lang: str = ""  # the document's own title, in a language other than the page's: its code
    toc_title: str = ""
    toc: tuple[TocEntry, ...] = ()  # a long source's headings, nested (Material's sidebar is hidden on phones)


@dataclass(frozen=True)
class SourceRow:
    id: str
    href: str
    title: str
    author: str  # "" shows the "unknown" label
    kind: str
    language: str
    abstract: str
    title_lang: str = ""  # the document's own title, in a language other than the page's: its code


@dataclass(frozen=True)
class SourcesIndexView:
    title: str
    intro: str
    unknown: str
    sources: tuple[SourceRow, ...]


# -- bibliography ------------------------------------------------------------------------
@dataclass(frozen=True)
class AsCited:
    """An entry known from citations only: "Gordon (1989) — cited in *<source>*; full
    reference not identified"."""
    label: str
    cited_in: str  # "cited in"
    sources: tuple[Link, ...]  # the citing sources' pages, by title
    missing: str  # "full reference not identified"


@dataclass(frozen=True)
class RefEntry:
    id: str
    text: str | Html
    verified: bool
    badge: str
    state: str = "verified"  # verified | unverified | as-cited: the badge's class
    as_cited: AsCited | None = None  # shown instead of ``text``
    inferred: str = ""  # "identification inferred: ..." or ""
    coins: str = ""  # the COinS ContextObject (reference managers read it from the page)
    authority: str = ""  # where it was checked
    authority_href: str = ""
    identifier: str = ""
    cited_in: tuple[Link, ...] = ()
    spellings: str = ""  # the authors as the sources print them, where that differs ("Dunford & Greek")
    concepts: tuple[Link, ...] = ()
    cite_text: str = ""  # "cite this work": the entry in the site's style, plain text (none for as-cited)
    cite_bibtex: str = ""  # and its BibTeX (exports/bibtex.py)


@dataclass(frozen=True)
class BibliographyView:
    title: str
    intro: str
    download: str
    bibtex_href: str
    csl_href: str
    ris_href: str
    verified_at: str
    cited_in: str
    spellings: str
    concepts: str
    entries: tuple[RefEntry, ...]
    cite_work: str = ""  # the summary of each entry's "cite this work"
    style_name: str = ""  # "APA (7th ed.)": the label of the formatted text
    copy_label: str = ""
    copied_label: str = ""


# -- glossary index ----------------------------------------------------------------------
@dataclass(frozen=True)
class IndexTerm:
    keys: str  # the labels the filter matches, a JSON list: the term first, the shown equivalent last
    link: Link
    other_term: str
    definition: str = ""  # the definition's first sentence


@dataclass(frozen=True)
class Letter:
    letter: str
    ident: str
    terms: tuple[IndexTerm, ...]


@dataclass(frozen=True)
class LetterJump:
    """One letter of the jump bar: a link to its heading, or (no term under it) plain text."""
    letter: str
    href: str | None


@dataclass(frozen=True)
class ThemeSection:
    id: str
    name: str
    count: int
    map: Html | None  # the theme map (SVG), or None
    concepts: tuple[Link, ...]
    more: str = ""  # split index (pages.INDEX_SPLIT): how many of the theme's concepts are not listed


@dataclass(frozen=True)
class GlossaryIndexView:
    title: str
    intro: str
    other_lang: str
    labels: dict[str, str]  # filter_label, filter_hint, filter_none, filter_count, letters, az, by_theme
    letters: tuple[Letter, ...]
    themes: tuple[ThemeSection, ...]
    quiz: Link | None = None  # the self-check page
    print_link: Link | None = None  # the printable glossary (lessico/printing.py)
    jumps: tuple[LetterJump, ...] = ()  # the letter bar: A to Z (and "#"), each linked when it has terms


@dataclass(frozen=True)
class GlossaryLetterView:
    """One letter of the A-Z when the index is split (pages.INDEX_SPLIT): ``glossary/letters/<x>``."""
    title: str
    intro: str
    other_lang: str
    labels: dict[str, str]  # as GlossaryIndexView's
    letter: Letter
    index: Link  # back to the glossary index
    jumps: tuple[LetterJump, ...]  # the letter bar: the other letters' pages, this one's heading


@dataclass(frozen=True)
class HomeStatsView:
    line: str
    entries: tuple[Link, ...]
    themes: tuple[tuple[Link, int], ...]


# -- concept page ------------------------------------------------------------------------
@dataclass(frozen=True)
class Variant:
    label: str
    type: str
    deprecated: bool


@dataclass(frozen=True)
class Relation:
    label: str
    concepts: tuple[Link, ...]


@dataclass(frozen=True)
class Excerpt:
    lang: str  # the source's language where it differs from the page's, else ""
    pre: str  # "… " where the sentence is cut
    before: str
    hit: str
    after: str
    post: str
    link: Link


@dataclass(frozen=True)
class BasisSource:
    """A source the definition follows, named once, with the paragraphs it rests on."""
    title: str
    paragraphs: tuple[Link, ...]


@dataclass(frozen=True)
class SourceUse:
    """One source on a concept page's "in the sources": named once, with its count and the
    excerpts taken from it (each linked by its paragraph only)."""
    source: Link | str  # str: the "other sources" entry, unlinked
    count: str  # "2 occorrenze"
    excerpts: tuple[Excerpt, ...] = ()


@dataclass(frozen=True)
class CopyRow:
    ident: str
    label: str
    value: str


@dataclass(frozen=True)
class ConceptView:
    lang: str
    other_lang: str
    labels: dict[str, str]  # the page's UI strings, by i18n key
    description: str
    term: str
    equivalent: Link
    theme: Link
    grammar: str
    definition: str
    basis: tuple[Link | BasisSource, ...]  # Link: a bibliography entry
    note: str
    variants: tuple[Variant, ...] | None  # None: no section (a concept with no other terms)
    relations: tuple[Relation, ...]
    map: Html | None
    no_occurrence: str
    references: tuple[Link, ...]
    revised: str
    copy_rows: tuple[CopyRow, ...]
    copy_label: str
    copied_label: str
    cite: str
    bibtex: str
    jsonld: dict = field(default_factory=dict)
    search_tags: tuple[str, ...] = ()  # every label of the language: the search ranks the page first for each
    search_boost: float = 1.0  # more occurrences in the sources, higher among pages sharing a label
    report: Link | None = None  # "report an error in this entry": a new issue in the site's repository
    in_sources: tuple[SourceUse, ...] = ()  # each source once: its count and its excerpts


# -- course page (courses/<id>) and the courses index ----------------------------------
@dataclass(frozen=True)
class CourseEntry:
    """One concept of a lecture: its term linked to its page, the other language's term, the
    definition."""
    link: Link  # text: the term
    other_term: str  # "" when it is the same word in both languages
    definition: str


@dataclass(frozen=True)
class LectureView:
    ident: str  # the heading's anchor: lecture-<n>
    heading: str  # "Lezione 2: Le economie esterne …", or "Lezione 2"
    note: str
    entries: tuple[CourseEntry, ...]


@dataclass(frozen=True)
class CourseView:
    lang: str
    other_lang: str
    labels: dict[str, str]  # the page's UI strings, by i18n key
    title: str
    meta: tuple[MetaRow, ...]  # instructor, academic year: where given
    intro: str
    index: Link  # the courses index
    lectures: tuple[LectureView, ...]
    downloads: tuple[Link, ...]
    copy_rows: tuple[CopyRow, ...]
    permalink: str  # printed on paper, where the link box is not


@dataclass(frozen=True)
class CourseRow:
    link: Link
    meta: str  # "Docente · 2026/27", or ""
    size: str  # "7 lezioni, 45 concetti"


@dataclass(frozen=True)
class CoursesIndexView:
    title: str
    intro: str
    courses: tuple[CourseRow, ...]


# -- Moodle glossary export (exports/moodle.py): an entry's definition, as HTML -----------
@dataclass(frozen=True)
class MoodleEntryView:
    abbr: str  # "abbreviation of: …", or ""
    definition: str
    note_label: str
    note: str
    equivalent_label: str
    other_lang: str
    other_term: str
    page_url: str
    open_label: str
