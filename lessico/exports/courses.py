"""Each course's own exports, beside its Italian page (``urls.course_files``): its concepts as
a Moodle glossary per language (``moodle.glossary_xml`` with the course), as an Anki deck
(``flashcards.apkg_bytes``: the same notes, guids and note ids as the whole glossary's deck, so
importing either updates the other's cards) and as a CSV.

The CSV (UTF-8 with a byte-order mark, which spreadsheet programs need to read accents; comma
separated, fields quoted where needed): a header row, then one concept a row in the order of the
course: ``lecture`` (its number), then per language (``it``, then ``en``) ``term_<lang>``,
``other_terms_<lang>`` (the admitted other terms, separated by "; "), ``definition_<lang>``,
``link_<lang>`` (the concept's page).
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

from .. import urls
from ..bundle import source_date_epoch
from ..model import LANGS
from . import flashcards, moodle
from .terms import NAME

CSV_COLUMNS = ("lecture", *(f"{col}_{lang}" for lang in LANGS for col in ("term", "other_terms", "definition", "link")))


def deck(course) -> flashcards.Deck:
    title = " · ".join(dict.fromkeys(course.title[lang] for lang in LANGS))
    return flashcards.Deck(Path(urls.course_files(course.id)["anki"]).name, f"{NAME}::{title}",
                           f"course/{course.id}", tuple(course.concepts))


def csv_text(model, course, directory_urls: bool, site_url: str) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")  # RFC 4180
    w.writerow(CSV_COLUMNS)
    for n, lecture in enumerate(course.lectures, 1):
        for cid in lecture.concepts:
            row = [str(n)]
            for lang in LANGS:
                e = model.concepts[cid].labels[lang]
                row += [e.term, "; ".join(flashcards.other_terms(e)), e.definition,
                        urls.public_url(site_url, urls.concept_key(cid), lang)]
            w.writerow(row)
    return "\ufeff" + buf.getvalue()


def write(model, site_dir: Path, directory_urls: bool, site_url: str, overrides: str | None = None) -> list[str]:
    courses = getattr(model, "courses", None) or {}
    epoch = source_date_epoch() if courses else 0
    out = []

    def put(rel: str, data: bytes) -> None:
        path = Path(site_dir) / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        out.append(rel)

    for course in courses.values():
        files = urls.course_files(course.id)
        for lang in LANGS:
            put(files[f"moodle-{lang}"], moodle.glossary_xml(model, lang, directory_urls, site_url, course=course))
        put(files["anki"], flashcards.apkg_bytes(model, deck(course), directory_urls, site_url, epoch))
        put(files["csv"], csv_text(model, course, directory_urls, site_url).encode("utf-8"))
    return out
