"""Flashcards: the Anki decks read back as Anki reads them (a zip holding an SQLite collection)
and the tab-separated lists read back with the csv module. Unit tests on a small hand-made model
(marked unit), then the decks of the built site (marked build)."""
from __future__ import annotations

import csv
import io
import json
import posixpath
import re
import sqlite3
import sys
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from lessico import urls  # noqa: E402
from lessico.exports import flashcards  # noqa: E402
from lessico.model import LANGS, Concept, LangEntry, Term  # noqa: E402

SITE_URL = "https://lessico-distretti.example.org/"
EPOCH = 1767225600  # 2026-01-01
STEM = "flashcards/lessico-dei-distretti"


def entry(term, definition, others=(), deprecated=(), forms=()):
    return LangEntry(term, definition,
                     terms=[Term(x, "synonym", "admitted", False, True) for x in others]
                     + [Term(x, "synonym", "deprecated", False, False) for x in deprecated],
                     forms=[Term(x, "form", "admitted", False, True) for x in forms])


def small_model():
    c = {
        "distretto-industriale": Concept("distretto-industriale", "district-theory", {
            "it": entry("distretto industriale", "Sistema produttivo locale\tdi piccole imprese.",
                        others=["distretto"], deprecated=["area-sistema"], forms=["distretti industriali"]),
            "en": entry("industrial district", "Local production system\nof small firms.", others=["district", "ID"])}),
        "distretto-marshalliano": Concept("distretto-marshalliano", "district-theory", {
            "it": entry("distretto marshalliano", "Distretto descritto da Marshall."),
            "en": entry("Marshallian district", "District as described by Marshall.")}),
        "milieu-innovateur": Concept("milieu-innovateur", "milieu", {
            "it": entry("milieu innovateur", "Insieme territoriale di relazioni."),
            "en": entry("innovative milieu", "Territorial set of relations.")}),
        "ict": Concept("ict", "ict-logistics", {
            "it": entry("ICT <tecnologie>", 'Tecnologie <script>alert("x")</script> & reti.'),
            "en": entry("ICT", "Information <b>and</b> communication technologies.")}),
    }
    return SimpleNamespace(concepts=c)


def read_apkg(data: bytes) -> dict:
    """What Anki's importer reads: the zip's members, then the notes, cards and col rows."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = z.namelist()
        media = z.read("media")
        db = sqlite3.connect(":memory:")
        db.deserialize(z.read("collection.anki2"))
    notes = {}
    for nid, guid, mid, mod, flds in db.execute("SELECT id, guid, mid, mod, flds FROM notes"):
        notes[guid] = {"id": nid, "mid": mid, "mod": mod, "fields": flds.split("\x1f")}
    cards = db.execute("SELECT nid, did, ord FROM cards").fetchall()
    decks_json, models_json = db.execute("SELECT decks, models FROM col").fetchone()
    db.close()
    return {"names": names, "media": media, "notes": notes, "cards": cards,
            "decks": json.loads(decks_json), "models": json.loads(models_json)}


def by_term(deck: dict) -> dict:
    return {n["fields"][0]: n for n in deck["notes"].values()}


def write(tmp_path, monkeypatch, model, epoch=EPOCH, name="out") -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(epoch))
    out = tmp_path / name
    written = flashcards.write(model, out, True, SITE_URL)
    assert all((out / w).is_file() for w in written)
    return out


# --- unit tests -------------------------------------------------------------------------------
@pytest.mark.unit
def test_whole_deck_and_theme_decks(tmp_path, monkeypatch):
    out = write(tmp_path, monkeypatch, small_model())
    whole = read_apkg((out / f"{STEM}.apkg").read_bytes())
    assert whole["names"] == ["collection.anki2", "media"] and whole["media"] == b"{}"
    assert len(whole["notes"]) == 4
    assert len(whole["cards"]) == 4 * 4 == len(whole["notes"]) * flashcards.CARDS_PER_NOTE
    # every note has the four cards, one of each type
    per_note = {}
    for nid, _did, ord_ in whole["cards"]:
        per_note.setdefault(nid, []).append(ord_)
    assert sorted(per_note) == sorted(n["id"] for n in whole["notes"].values())
    assert all(sorted(o) == [0, 1, 2, 3] for o in per_note.values())
    (model_json,) = whole["models"].values()
    assert [t["name"] for t in model_json["tmpls"]] == [
        "IT: Termine → definizione", "EN: Term → definition", "IT → EN", "EN → IT"]

    expected = {"district-theory": {"distretto industriale", "distretto marshalliano"},
                "milieu": {"milieu innovateur"}, "ict-logistics": {"ICT &lt;tecnologie&gt;"}}
    for theme, terms in expected.items():
        deck = read_apkg((out / f"{STEM}-{theme}.apkg").read_bytes())
        assert set(by_term(deck)) == terms, theme
        assert len(deck["cards"]) == 4 * len(terms)
    names = {d["name"] for d in read_apkg((out / f"{STEM}-milieu.apkg").read_bytes())["decks"].values()}
    assert "Lessico dei distretti::Milieu innovateur e GREMI · Milieu innovateur and GREMI" in names
    assert not (out / f"{STEM}-policy.apkg").exists()  # no concept in that theme: no empty deck


@pytest.mark.unit
def test_fields_hold_terms_definitions_pages_and_theme(tmp_path, monkeypatch):
    out = write(tmp_path, monkeypatch, small_model())
    note = by_term(read_apkg((out / f"{STEM}.apkg").read_bytes()))["distretto industriale"]
    it_page = SITE_URL + urls.page_url("glossary/distretto-industriale", "it")
    en_page = SITE_URL + urls.page_url("glossary/distretto-industriale", "en")
    assert note["fields"] == [
        # admitted terms only: the deprecated term and the inflected form are not taught
        "distretto industriale", "distretto", "Sistema produttivo locale\tdi piccole imprese.", it_page,
        "Teoria del distretto",
        "industrial district", "district, ID", "Local production system\nof small firms.", en_page, "District theory",
    ]
    assert en_page == "https://lessico-distretti.example.org/en/glossary/distretto-industriale/"


@pytest.mark.unit
def test_html_in_terms_and_definitions_comes_out_escaped(tmp_path, monkeypatch):
    out = write(tmp_path, monkeypatch, small_model())
    note = by_term(read_apkg((out / f"{STEM}.apkg").read_bytes()))["ICT &lt;tecnologie&gt;"]
    it_def, en_def = note["fields"][2], note["fields"][7]
    assert it_def == "Tecnologie &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; reti."
    assert en_def == "Information &lt;b&gt;and&lt;/b&gt; communication technologies."
    assert not any("<" in f for f in note["fields"])


@pytest.mark.unit
def test_a_new_edition_updates_the_same_notes(tmp_path, monkeypatch):
    """Anki matches notes by guid and replaces its copy only with a newer one: the guids stay,
    the modification time is the later build's; note type and deck ids stay too."""
    model = small_model()
    first = read_apkg((write(tmp_path, monkeypatch, model, EPOCH, "a") / f"{STEM}.apkg").read_bytes())
    model.concepts["milieu-innovateur"].labels["en"].definition = "A revised definition."
    later = read_apkg((write(tmp_path, monkeypatch, model, EPOCH + 86400, "b") / f"{STEM}.apkg").read_bytes())
    assert set(first["notes"]) == set(later["notes"])
    assert len(set(first["notes"])) == 4  # one guid per concept
    assert {g: n["fields"][0] for g, n in first["notes"].items()} == {g: n["fields"][0] for g, n in later["notes"].items()}
    assert by_term(later)["milieu innovateur"]["fields"][7] == "A revised definition."
    assert {n["mod"] for n in first["notes"].values()} == {EPOCH}
    assert {n["mod"] for n in later["notes"].values()} == {EPOCH + 86400}
    assert set(first["models"]) == set(later["models"]) and set(first["decks"]) == set(later["decks"])


@pytest.mark.unit
def test_theme_and_course_decks_share_the_notes_of_the_whole_deck(tmp_path, monkeypatch):
    """A concept is the same note in every deck, so importing a theme deck (or a course's) after
    the whole glossary adds no copy; a course deck is just a list of concept ids."""
    model = small_model()
    out = write(tmp_path, monkeypatch, model)
    whole = read_apkg((out / f"{STEM}.apkg").read_bytes())["notes"]
    theme = read_apkg((out / f"{STEM}-district-theory.apkg").read_bytes())["notes"]
    assert set(theme) < set(whole)
    course = flashcards.Deck("corso.apkg", "Lessico dei distretti::Corso", "course/corso", ("ict", "milieu-innovateur"))
    notes = read_apkg(flashcards.apkg_bytes(model, course, True, SITE_URL, EPOCH))["notes"]
    assert {n["fields"][0] for n in notes.values()} == {"ICT &lt;tecnologie&gt;", "milieu innovateur"}
    assert set(notes) < set(whole)
    deck_ids = {flashcards._stable_id(k) for k in ("glossary", "theme/district-theory", "course/corso", "note-type")}
    assert len(deck_ids) == 4


@pytest.mark.unit
def test_same_input_same_bytes(tmp_path, monkeypatch):
    a = write(tmp_path, monkeypatch, small_model(), name="a")
    b = write(tmp_path, monkeypatch, small_model(), name="b")
    files = sorted(p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file())
    assert len(files) == 6  # whole deck, three theme decks, two lists
    for f in files:
        assert (a / f).read_bytes() == (b / f).read_bytes(), f
    with zipfile.ZipFile(a / f"{STEM}.apkg") as z:  # the zip's dates are the build's, not the clock's
        assert {i.date_time for i in z.infolist()} == {(2026, 1, 1, 0, 0, 0)}


@pytest.mark.unit
def test_lists_parse_back_one_concept_a_line(tmp_path, monkeypatch):
    out = write(tmp_path, monkeypatch, small_model())
    for lang in LANGS:
        text = (out / f"{STEM}-{lang}.tsv").read_bytes().decode("utf-8")
        assert not text.startswith("\ufeff")
        rows = list(csv.reader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE))
        assert len(rows) == 4 and all(len(r) == 2 for r in rows)
        got = dict(rows)
        if lang == "it":
            # the tab inside the definition is folded: it would have split the line
            assert got["distretto industriale"] == "Sistema produttivo locale di piccole imprese."
            assert got["ICT <tecnologie>"] == 'Tecnologie <script>alert("x")</script> & reti.'  # plain text
        else:
            assert got["industrial district"] == "Local production system of small firms."
            assert got["innovative milieu"] == "Territorial set of relations."


# --- the built site ---------------------------------------------------------------------------
@pytest.mark.build
def test_site_decks_cover_the_glossary(site):
    concepts = {p.stem for p in (ROOT / "glossary").glob("*.yml")}
    whole = read_apkg((site / f"{STEM}.apkg").read_bytes())
    assert len(whole["notes"]) == len(concepts) > 100
    assert len(whole["cards"]) == 4 * len(concepts)
    themed: dict[str, str] = {}
    counts = {"whole glossary": len(whole["notes"])}
    for path in sorted((site / "flashcards").glob("lessico-dei-distretti-*.apkg")):
        deck = read_apkg(path.read_bytes())
        assert len(deck["cards"]) == 4 * len(deck["notes"]) > 0
        for guid in deck["notes"]:
            assert guid not in themed, f"{guid} in {path.name} and {themed[guid]}"
            themed[guid] = path.name
        assert all(deck["notes"][g]["fields"] == whole["notes"][g]["fields"] for g in deck["notes"])
        counts[path.stem] = len(deck["notes"])
    assert set(themed) == set(whole["notes"])  # every concept in exactly one theme deck
    assert len(counts) == 1 + 8
    print("flashcards, notes per deck (4 cards each):", counts)
    # the Italian and English lists have one line per concept
    for lang in LANGS:
        rows = list(csv.reader(io.StringIO((site / f"{STEM}-{lang}.tsv").read_text(encoding="utf-8")),
                               delimiter="\t", quoting=csv.QUOTE_NONE))
        assert len(rows) == len(concepts) and all(len(r) == 2 and r[0] and r[1] for r in rows)


@pytest.mark.build
@pytest.mark.parametrize("lang", LANGS)
def test_instructors_page_links_every_flashcard_file(site, lang):
    page_url = urls.page_url("instructors", lang)
    html = (site / page_url / "index.html").read_text(encoding="utf-8")
    linked = {posixpath.normpath(posixpath.join(page_url, h))
              for h in re.findall(r'href="([^"]+\.(?:apkg|tsv))"', html)}
    files = {p.relative_to(site).as_posix() for p in (site / "flashcards").iterdir()}
    assert len(files) == 1 + 8 + 2
    assert linked == files
    assert ("File → Importa" if lang == "it" else "File → Import") in html
