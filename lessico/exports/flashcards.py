"""Flashcards: Anki decks (``.apkg``, written with genanki) and tab-separated lists for other tools.

One deck for the whole glossary and one per theme, under ``flashcards/``; a deck is a name and a
list of concept ids (``Deck``), so a course's deck is one more ``Deck``. Every concept is one
bilingual note with four cards: Italian term → definition, English term → definition, Italian term
→ English term, English term → Italian term.

Anki recognises a note by its guid: ``genanki.guid_for`` of the concept id, so importing a new
edition (or a theme deck after the whole glossary) updates the same notes instead of adding copies.
Anki only replaces a note whose modification time is newer than its own copy's, so notes carry the
build's date (SOURCE_DATE_EPOCH, else the last commit), which is also what makes two builds of the
same tree byte-identical: the SQLite collection is built in memory and zipped with that date.

The lists (``lessico-dei-distretti-<lang>.tsv``): UTF-8, one concept a line, term, a tab, the
definition; Quizlet's import ("between term and definition: Tab") and Anki's text import read them.
"""
from __future__ import annotations

import csv
import hashlib
import io
import itertools
import sqlite3
import zipfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import genanki

from .. import urls
from ..bundle import source_date_epoch
from ..concepts import THEMES
from ..i18n import t
from ..model import LANGS
from ..templating import render
from .terms import NAME

FOLDER = "flashcards"
STEM = "lessico-dei-distretti"


def _stable_id(key: str) -> int:
    """genanki needs fixed numeric ids for the note type and the decks (Anki merges by them on
    import); a hash of a fixed string keeps them the same in every build, in Anki's usual range."""
    h = int.from_bytes(hashlib.sha256(f"{STEM}/anki/{key}".encode()).digest()[:8], "big")
    return (1 << 30) + h % (1 << 30)


# The note type's fields: per language the preferred term, the other admitted terms, the
# definition, the concept's page and its theme. Names in the language of the field.
FIELDS = {
    "it": ("Termine", "Altri termini", "Definizione", "Pagina", "Tema"),
    "en": ("Term", "Other terms", "Definition", "Page", "Theme"),
}
OPEN = {"it": "Apri la voce", "en": "Open the entry"}
LANG_TAG = {"it": "IT", "en": "EN"}


def _definition_card(lang: str) -> dict:
    term, other, definition, page, theme = FIELDS[lang]
    return {
        "name": f"{LANG_TAG[lang]}: {term} → {definition.lower()}",
        "qfmt": f'<div class="lang">{LANG_TAG[lang]}</div><div class="term">{{{{{term}}}}}</div>',
        "afmt": (f'{{{{FrontSide}}}}<hr id="answer"><div class="definition">{{{{{definition}}}}}</div>'
                 f'{{{{#{other}}}}}<div class="other">{{{{{other}}}}}</div>{{{{/{other}}}}}'
                 f'<div class="meta">{{{{{theme}}}}} · <a href="{{{{{page}}}}}">{OPEN[lang]}</a></div>'),
    }


def _translation_card(src: str, dst: str) -> dict:
    s, d = FIELDS[src][0], FIELDS[dst][0]
    return {
        "name": f"{LANG_TAG[src]} → {LANG_TAG[dst]}",
        "qfmt": f'<div class="lang">{LANG_TAG[src]} → {LANG_TAG[dst]}</div><div class="term">{{{{{s}}}}}</div>',
        "afmt": (f'{{{{FrontSide}}}}<hr id="answer"><div class="lang">{LANG_TAG[dst]}</div>'
                 f'<div class="term">{{{{{d}}}}}</div>'
                 f'<div class="meta"><a href="{{{{{FIELDS[dst][3]}}}}}">{OPEN[dst]}</a></div>'),
    }


CSS = """.card { font-family: sans-serif; font-size: 20px; text-align: center; color: #222; background: #fff; }
.lang { font-size: 12px; letter-spacing: .1em; color: #777; }
.term { font-size: 28px; font-weight: bold; margin: .3em 0; }
.definition { text-align: left; }
.other, .meta { font-size: 15px; color: #555; margin-top: .8em; }
"""
NOTE_TYPE = genanki.Model(
    _stable_id("note-type"), NAME,
    fields=[{"name": f} for lang in LANGS for f in FIELDS[lang]],
    templates=[_definition_card("it"), _definition_card("en"), _translation_card("it", "en"),
               _translation_card("en", "it")],
    css=CSS,
)
CARDS_PER_NOTE = len(NOTE_TYPE.templates)


@dataclass(frozen=True)
class Deck:
    """One deck: its file (under ``flashcards/``), its name in Anki and the concepts it holds."""
    file: str
    name: str
    key: str  # what its fixed Anki id derives from; never changes once published
    concepts: tuple[str, ...]


def decks(model) -> list[Deck]:
    """The whole glossary, then one deck per theme (a theme subdeck of the whole one in Anki)."""
    ids = tuple(sorted(model.concepts))
    out = [Deck(f"{STEM}.apkg", NAME, "glossary", ids)]
    for theme in THEMES:
        label = " · ".join(dict.fromkeys(t(lang, "theme." + theme) for lang in LANGS))
        members = tuple(cid for cid in ids if model.concepts[cid].theme == theme)
        if members:
            out.append(Deck(f"{STEM}-{theme}.apkg", f"{NAME}::{label}", f"theme/{theme}", members))
    return out


def other_terms(e) -> list[str]:
    """The other terms a student learns: the admitted ones (never deprecated terms or forms)."""
    return list(dict.fromkeys(x.label for x in e.admitted if x.label != e.term))


def note_fields(model, cid: str, directory_urls: bool, site_url: str) -> list[str]:
    """The note's fields, as HTML (Anki shows fields as HTML: every text is escaped)."""
    c = model.concepts[cid]
    out = []
    for lang in LANGS:
        e = c.labels[lang]
        page = urls.public_url(site_url, urls.concept_key(cid), lang)
        out += [field(x) for x in (e.term, ", ".join(other_terms(e)), e.definition, " ".join(page.split()),
                                    t(lang, "theme." + c.theme))]
    return out


def field(text: str) -> str:
    """A field's HTML, from its template (the one escaping rule, as for pages)."""
    return render("anki_field.html", value=text)


def note_guid(cid: str) -> str:
    return genanki.guid_for(STEM, cid)


def _ids(model, deck: Deck, epoch: int):
    """The ids genanki takes, in its order: per note, the note's then its cards' (one per card
    type); a note's block is the one its concept has in the whole glossary's deck."""
    position = {cid: i for i, cid in enumerate(sorted(model.concepts))}
    step = 1 + CARDS_PER_NOTE
    return itertools.chain.from_iterable(
        range(epoch * 1000 + position[cid] * step, epoch * 1000 + (position[cid] + 1) * step) for cid in deck.concepts)


def apkg_bytes(model, deck: Deck, directory_urls: bool, site_url: str, epoch: int) -> bytes:
    """The deck as an ``.apkg``: a zip holding the SQLite collection and an empty media list."""
    d = genanki.Deck(_stable_id(deck.key), deck.name)
    for cid in deck.concepts:
        d.add_note(genanki.Note(model=NOTE_TYPE, fields=note_fields(model, cid, directory_urls, site_url),
                                guid=note_guid(cid)))
    conn = sqlite3.connect(":memory:")
    try:
        # what genanki's write_to_file does, with the note and card ids counted from the build
        # date as it counts them for the whole glossary, so a concept's note has the same id in
        # every deck (theme, course) as in the whole one
        genanki.Package(d).write_to_db(conn.cursor(), epoch, _ids(model, deck, epoch))
        conn.commit()
        collection = conn.serialize()
    finally:
        conn.close()
    when = datetime.fromtimestamp(max(epoch, 315532800), timezone.utc).timetuple()[:6]  # zip dates start in 1980
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in (("collection.anki2", collection), ("media", b"{}")):
            z.writestr(zipfile.ZipInfo(name, when), data, compress_type=zipfile.ZIP_DEFLATED)
    return buf.getvalue()


def tsv_file(lang: str) -> str:
    return f"{STEM}-{lang}.tsv"


def tsv_text(model, lang: str) -> str:
    """Term, tab, definition, one concept a line; whitespace folded so each stays on its line."""
    buf = io.StringIO()
    w = csv.writer(buf, delimiter="\t", quoting=csv.QUOTE_NONE, quotechar=None, lineterminator="\n")
    for cid in sorted(model.concepts):
        e = model.concepts[cid].labels[lang]
        w.writerow([" ".join(e.term.split()), " ".join(e.definition.split())])
    return buf.getvalue()


def write(model, site_dir: Path, directory_urls: bool, site_url: str, overrides: str | None = None) -> list[str]:
    folder = Path(site_dir) / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    epoch = source_date_epoch()
    out = []
    for deck in decks(model):
        (folder / deck.file).write_bytes(apkg_bytes(model, deck, directory_urls, site_url, epoch))
        out.append(f"{FOLDER}/{deck.file}")
    for lang in LANGS:
        (folder / tsv_file(lang)).write_text(tsv_text(model, lang), encoding="utf-8", newline="")
        out.append(f"{FOLDER}/{tsv_file(lang)}")
    return out
