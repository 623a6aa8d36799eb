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
