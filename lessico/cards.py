"""Preview cards: what a term link carries for the card a reader opens on it (docs/assets/lessico.js).

The card shows the concept's term, its term in the other language, its definition and its theme,
with a link to the entry. The data travels in the link's attributes (lessico/templates/macros.html),
so a card needs nothing but the page: it works offline. The card's own words (its "open" link)
are given once per page (``ui_script``).
"""
from __future__ import annotations

from dataclasses import dataclass

from .i18n import t
from .model import LANGS
from .templating import _json_script


@dataclass(frozen=True)
class TermCard:
    term: str        # the concept's term (the link's text may be an inflected form)
    definition: str
    theme: str       # "Tema: Teoria del distretto"
    other: str = ""  # the term in the other language
    other_lang: str = ""


def term_card(concept, lang: str) -> TermCard:
    """The card of a concept in the pages of ``lang``."""
    e = concept.labels[lang]
    other_lang = next((x for x in LANGS if x != lang and x in concept.labels), "")
    other = concept.labels[other_lang].term if other_lang else ""
    return TermCard(e.term, e.definition, t(lang, "card_theme", theme=t(lang, "theme." + concept.theme)),
                    other if other != e.term else "", other_lang if other != e.term else "")


def ui(lang: str) -> dict:
    """The card's words in one language."""
    return {key: t(lang, "card_" + key) for key in ("open", "open_ref")}


def ui_script(lang: str) -> str:
    """The card's words as a JSON element, once per page that has a card."""
    return f'<script type="application/json" id="lx-card-ui">{_json_script(ui(lang))}</script>'
