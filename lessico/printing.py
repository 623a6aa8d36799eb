"""The printable glossary: one page per edition and language, laid out as a handout (render stage).

Editions (``urls.print_key``): the whole glossary, one per theme, and a bilingual one (the page's
language beside the other). Each lists its concepts A to Z (``pages.letter_groups``, the index's
collation) under a heading per letter, each entry with its other terms, grammar, definition,
the other language's term and its relations as "see also". The print stylesheet
(``docs/assets/print.css``) hides the site around it and keeps every entry on one page;
``scripts/print_pdfs.py`` prints each page to a PDF and turns its PDF link on.
"""
from __future__ import annotations

from dataclasses import dataclass

from . import SITE_NAME, urls
from .concepts import THEMES
from .i18n import t
from .model import LANGS, Concept
from .pages import alphabetical, letter_groups, letter_ident
from .views import Link, Variant


@dataclass(frozen=True)
class PrintSide:
    """One language's half of an entry (a single-language edition has one)."""
    lang: str
    term: str
    grammar: str
    variants: tuple[Variant, ...]
    definition: str
    equivalent: str  # the other language's term; "" where the other half shows it (bilingual)
    other_lang: str
    see_also: tuple[Link, ...]  # to the entry on this page, else to the concept's page


@dataclass(frozen=True)
class PrintEntry:
    ident: str  # the concept id: the entry's anchor, which "see also" links lead to
    href: str  # the concept's page
    sides: tuple[PrintSide, ...]


@dataclass(frozen=True)
class PrintLetter:
    letter: str
    ident: str
    entries: tuple[PrintEntry, ...]


@dataclass(frozen=True)
class PrintView:
    lang: str
    title: str
    intro: str
    colophon: str
    bilingual: bool
    columns: tuple[tuple[str, str], ...]  # bilingual: (lang, language name) per half
    labels: dict[str, dict[str, str]]  # lang -> i18n key -> text: each half speaks its own language
    editions: tuple[tuple[Link, bool], ...]  # every edition; True: this one (the screen's menu)
    pdf_href: str  # the PDF beside the page, linked once scripts/print_pdfs.py has written it
    letters: tuple[PrintLetter, ...]


_LABELS = ("variants", "equivalent", "see_also", "deprecated", "print_editions", "print_pdf", "print_hint")


def editions() -> tuple[str, ...]:
    return (urls.PRINT_ALL, *THEMES, urls.PRINT_BILINGUAL)


def _grammar(e, lang: str) -> str:
    return " ".join(t(lang, f"{k}.{v}") for k, v in (("pos", e.pos), ("gender", e.gender), ("number", e.number)) if v)


class PrintPages:
    """The print pages of one language, from the site's ``pages.Renderer`` (its links and model)."""

    def __init__(self, renderer, lang: str):
        self.r = renderer
        self.m = renderer.m
        self.lang = lang
        self.other = next(l for l in LANGS if l != lang)

    def concepts(self, edition: str) -> list[Concept]:
        if edition in (urls.PRINT_ALL, urls.PRINT_BILINGUAL):
            return list(self.m.concepts.values())
        return [c for c in self.m.concepts.values() if c.theme == edition]

    def side(self, key: str, c: Concept, lang: str, shown: set[str], bilingual: bool) -> PrintSide:
        e = c.labels[lang]
        other = next(l for l in LANGS if l != lang)
        targets = {x for rel in ("broader", "narrower", "related") for x in getattr(c, rel)}
        # on this page when the edition has the concept, else on the concept's own page
        see_also = tuple(
            Link(f"#{x.id}" if x.id in shown else self.r.link_href(key, urls.concept_key(x.id), self.lang),
                 x.labels[lang].term)
            for x in alphabetical((self.m.concepts[x] for x in targets), lang))
        return PrintSide(lang, e.term, _grammar(e, lang),
                         tuple(Variant(x.label, t(lang, "term_type." + x.kind), x.status == "deprecated")
                               for x in [*e.admitted, *e.deprecated]),
                         e.definition, "" if bilingual else c.labels[other].term, other, see_also)

    def view(self, edition: str) -> PrintView:
        lang, key = self.lang, urls.print_key(edition)
        bilingual = edition == urls.PRINT_BILINGUAL
        concepts = self.concepts(edition)
        shown = {c.id for c in concepts}
        langs = (lang, self.other) if bilingual else (lang,)
        letters = tuple(
            PrintLetter(l, letter_ident(l), tuple(
                PrintEntry(c.id, self.r.link_href(key, urls.concept_key(c.id), lang),
                           tuple(self.side(key, c, x, shown, bilingual) for x in langs))
                for c in group))
            for l, group in letter_groups(concepts, lang))
        n = len(concepts)
        if bilingual:
            title, intro = t(lang, "print_title_bilingual"), t(lang, "print_intro_bilingual", n=n)
        elif edition == urls.PRINT_ALL:
            title, intro = t(lang, "print_title"), t(lang, "print_intro_all", n=n)
        else:
            theme = t(lang, "theme." + edition)
            title, intro = t(lang, "print_title_theme", theme=theme), t(lang, "print_intro_theme", n=n, theme=theme)
        page = urls.public_url(self.r.site_url, "glossary/index", lang)
        menu = tuple((Link(self.r.link_href(key, urls.print_key(x), lang), self.edition_name(x)), x == edition)
                     for x in editions() if self.concepts(x))
        return PrintView(
            lang, title, intro, t(lang, "print_colophon", name=SITE_NAME, url=page, year=self.m.year), bilingual,
            tuple((x, t(lang, "lang_name." + x)) for x in langs),
            {x: {k: t(x, k) for k in _LABELS} for x in LANGS},
            menu, urls.relative(self.r.url(key, lang), urls.print_pdf(edition, lang)), letters)

    def edition_name(self, edition: str) -> str:
        if edition == urls.PRINT_ALL:
            return t(self.lang, "print_edition_all")
        if edition == urls.PRINT_BILINGUAL:
            return t(self.lang, "print_edition_bilingual")
        return t(self.lang, "theme." + edition)

    def pages(self) -> dict[str, str]:
        """The Markdown files of this language's print pages, by path in the docs folder."""
        out = {}
        for edition in editions():
            if self.concepts(edition):  # a theme no concept has yet gets no page
                out[f"{urls.print_key(edition)}.{self.lang}.md"] = self.r.render("print.md", self.view(edition))
        return out
