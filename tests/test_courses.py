"""Course files (courses/<id>.yml): each bad input is one line naming the file and the entry;
the course page in both languages; the course's Moodle glossary, Anki deck and CSV read back."""
from __future__ import annotations

import csv
import io
import re
import sys
from html import unescape
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from lessico import urls  # noqa: E402
from lessico.build import build_model  # noqa: E402
from lessico.concepts import load_concepts  # noqa: E402
from lessico.courses import load_courses  # noqa: E402
from lessico.errors import InputError  # noqa: E402
from lessico.exports import courses as course_exports, flashcards, moodle  # noqa: E402
from lessico.model import LANGS  # noqa: E402
from lessico.pages import Renderer  # noqa: E402
from test_exports import check_moodle  # noqa: E402
from test_flashcards import read_apkg  # noqa: E402

pytestmark = pytest.mark.unit
SITE_URL = "https://lessico-distretti.example.org/"
EPOCH = 1767225600

GOOD = """\
title: {it: Corso di prova, en: Test course}
instructor: Maria Rossi
year: "2026/27"
lectures:
  - title: {it: Prima, en: First}
    concepts: [distretto-industriale, fiducia]
    note: {it: Nota «uno», en: Note one}
  - concepts: [milieu-innovateur]
"""


@pytest.fixture(scope="module")
def concepts():
    return load_concepts(ROOT / "glossary")


def project(tmp_path, text: str, name: str = "corso.yml") -> Path:
    folder = tmp_path / "courses"
    folder.mkdir()
    (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_a_good_file(tmp_path, concepts):
    (course,) = load_courses(project(tmp_path, GOOD), concepts).values()
    assert course.id == "corso" and course.title == {"it": "Corso di prova", "en": "Test course"}
    assert course.instructor == "Maria Rossi" and course.year == "2026/27"
    assert [lec.concepts for lec in course.lectures] == [["distretto-industriale", "fiducia"], ["milieu-innovateur"]]
    assert course.lectures[0].note["it"] == "Nota «uno»" and course.lectures[1].title == {}


def test_no_folder_no_courses_and_leftovers_ignored(tmp_path, concepts):
    assert load_courses(tmp_path / "courses", concepts) == {}
    folder = project(tmp_path, GOOD)
    (folder / "README.md").write_text("notes", encoding="utf-8")
    (folder / ".corso.yml.swp").write_text("x", encoding="utf-8")
    assert list(load_courses(folder, concepts)) == ["corso"]


BAD = [
    ("unknown-concept", GOOD.replace("fiducia]", "fiduccia]"), "corso.yml",
     "courses/corso.yml: lecture 1: unknown concept id 'fiduccia' (the ids are the file names in glossary/)"),
    ("twice-across", GOOD.replace("[milieu-innovateur]", "[fiducia]"), "corso.yml",
     "courses/corso.yml: lecture 2: concept 'fiducia' is listed twice (also in lecture 1)"),
    ("twice-same", GOOD.replace("[milieu-innovateur]", "[milieu-innovateur, milieu-innovateur]"), "corso.yml",
     "courses/corso.yml: lecture 2: concept 'milieu-innovateur' is listed twice (also in this lecture)"),
    ("missing-lang-title", GOOD.replace("{it: Corso di prova, en: Test course}", "{it: Corso di prova}"), "corso.yml",
     "courses/corso.yml: 'title' is missing language 'en'"),
    ("missing-lang-note", GOOD.replace("{it: Nota «uno», en: Note one}", "{en: Note one}"), "corso.yml",
     "courses/corso.yml: 'lecture 1: note' is missing language 'it'"),
    ("unknown-key", GOOD.replace("instructor:", "teacher:"), "corso.yml",
     "courses/corso.yml: unknown key 'teacher'"),
    ("unknown-lecture-key", GOOD.replace("  - concepts: [milieu", "  - readings: x\n    concepts: [milieu"), "corso.yml",
     "courses/corso.yml: lecture 2: unknown key 'readings'"),
    ("empty-lecture", GOOD.replace("[milieu-innovateur]", "[]"), "corso.yml",
     "courses/corso.yml: lecture 2 has no concepts (give at least one concept id under 'concepts')"),
    ("bad-id", GOOD, "Corso_1.yml",
     "courses/Corso_1.yml: the file name 'Corso_1' is not an ascii slug (a-z, 0-9, '-'): it is the course's address"),
    ("reserved-id", GOOD, "index.yml", "courses/index.yml: id 'index' is reserved"),
    ("year-type", GOOD.replace('"2026/27"', "2026"), "corso.yml",
     "courses/corso.yml: 'year' is 2026, not an academic year such as '2026/27' (quote it in the file)"),
    ("concept-type", GOOD.replace("[milieu-innovateur]", "[12]"), "corso.yml",
     "courses/corso.yml: lecture 2: concept 1 must be a concept id, not 12"),
    ("lectures-type", GOOD.split("lectures:")[0] + "lectures: tutte\n", "corso.yml",
     "courses/corso.yml: 'lectures' must be a list of lectures, each with its 'concepts'"),
    ("title-type", GOOD.replace("{it: Prima, en: First}", "Prima"), "corso.yml",
     "courses/corso.yml: 'lecture 1: title' must give the text in every language ({it: …, en: …})"),
    ("duplicate-key", GOOD + "year: \"2027/28\"\n", "corso.yml",
     "courses/corso.yml: line 9: duplicate key 'year' (first at line 3)"),
]


@pytest.mark.parametrize("case, text, name, line", BAD, ids=[b[0] for b in BAD])
def test_each_bad_input_is_one_line(tmp_path, concepts, case, text, name, line):
    with pytest.raises(InputError) as exc:
        load_courses(project(tmp_path, text, name), concepts)
    message = str(exc.value).replace(f"{tmp_path}/", "")
    assert "\n" not in message
    assert message.startswith(line), message


# --- the example course, as the build renders and exports it ---------------------------------
@pytest.fixture(scope="module")
def model():
    return build_model(ROOT)


@pytest.fixture(scope="module")
def course(model):
    return model.courses["distretti-intro"]


def test_example_course_is_a_real_path(course):
    assert 6 <= len(course.lectures) <= 8
    assert all(4 <= len(lec.concepts) <= 8 for lec in course.lectures)


@pytest.mark.parametrize("lang", LANGS)
def test_course_page_reads_lecture_by_lecture(model, course, lang):
    page = Renderer(model, True, SITE_URL).course_page(course.id, lang)
    # the copy buttons of the link box say what they do (once a Python method's repr leaked here)
    buttons = re.findall(r'<button type="button" class="md-button lx-copy"[^>]*>([^<]*)</button>', page)
    assert buttons and set(buttons) == {"Copia" if lang == "it" else "Copy"}, buttons
    headings = re.findall(r"^## (.+?) \{#(lecture-\d+)\}$", page, re.M)
    word = "Lezione" if lang == "it" else "Lecture"
    assert [h for _, h in headings] == [f"lecture-{n}" for n in range(1, len(course.lectures) + 1)]
    assert [unescape(t) for t, _ in headings] == [f"{word} {n}: {lec.title[lang]}" for n, lec in
                                                  enumerate(course.lectures, 1)]
    # every concept, in the course's order, with its link and its definition
    entries = re.findall(r'<div class="lx-course-entry"><dt><a href="([^"]+)">([^<]+)</a>.*?<dd>([^<]+)</dd>', page)
    assert len(entries) == len(course.concepts)
    for (href, term, definition), cid in zip(entries, course.concepts):
        e = model.concepts[cid].labels[lang]
        assert href == urls.relative(urls.page_url(urls.course_key(course.id), lang), urls.page_url(urls.concept_key(cid), lang))
        assert unescape(term) == e.term and unescape(definition) == e.definition
    for lec in course.lectures:
        assert lec.note[lang].replace("'", "&#x27;") in page
    for f in urls.course_files(course.id).values():  # the downloads, relative to the page
        assert f'href="{urls.relative(urls.page_url(urls.course_key(course.id), lang), f)}"' in page


def test_moodle_subset_holds_only_the_course(model, course):
    for lang in LANGS:
        entries = check_moodle(moodle.glossary_xml(model, lang, True, SITE_URL, course=course))
        pages = {re.search(r'href="([^"]+)"', e.findtext("DEFINITION")).group(1) for e in entries}
        assert pages == {SITE_URL + urls.page_url(urls.concept_key(c), lang) for c in course.concepts}
    whole = check_moodle(moodle.glossary_xml(model, "it", True, SITE_URL))
    assert len(entries) < len(whole)


def test_deck_has_the_course_notes_with_the_whole_decks_ids(model, course):
    deck = course_exports.deck(course)
    a = read_apkg(flashcards.apkg_bytes(model, deck, True, SITE_URL, EPOCH))
    b = read_apkg(flashcards.apkg_bytes(model, deck, True, SITE_URL, EPOCH))
    assert len(a["notes"]) == len(course.concepts)
    assert len(a["cards"]) == len(course.concepts) * flashcards.CARDS_PER_NOTE
    assert {g: n["id"] for g, n in a["notes"].items()} == {g: n["id"] for g, n in b["notes"].items()}
    whole_deck = flashcards.decks(model)[0]
    whole = read_apkg(flashcards.apkg_bytes(model, whole_deck, True, SITE_URL, EPOCH))["notes"]
    for guid, note in a["notes"].items():
        assert note["id"] == whole[guid]["id"] and note["fields"] == whole[guid]["fields"]
    assert {flashcards.note_guid(c) for c in course.concepts} == set(a["notes"])


def test_csv_parses_back(model, course):
    text = course_exports.csv_text(model, course, True, SITE_URL)
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text[1:])))
    assert list(rows[0]) == list(course_exports.CSV_COLUMNS)
    assert [r["term_it"] for r in rows] == [model.concepts[c].labels["it"].term for c in course.concepts]
    assert [int(r["lecture"]) for r in rows] == [n for n, lec in enumerate(course.lectures, 1) for _ in lec.concepts]
    first = model.concepts[course.concepts[0]]
    assert rows[0]["definition_en"] == first.labels["en"].definition
    assert rows[0]["link_en"] == SITE_URL + urls.page_url(urls.concept_key(first.id), "en")


@pytest.mark.unit
def test_a_hand_written_link_to_a_course_keeps_its_text_where_the_course_is_missing():
    """docs/ pages link the example course as ``[text](lx-course:<id>)``: a link where the course
    exists, the bare text where it does not (a project without courses/ still builds --strict)."""
    from types import SimpleNamespace
    from lessico.build import COURSE_LINK, _course_link
    text = "See [the course](lx-course:distretti-intro)."
    with_course = SimpleNamespace(courses={"distretti-intro": object()})
    assert COURSE_LINK.sub(lambda m: _course_link(m, "instructors.en.md", with_course), text) == \
        "See [the course](courses/distretti-intro.md)."
    assert COURSE_LINK.sub(lambda m: _course_link(m, "instructors.en.md", SimpleNamespace(courses={})), text) == \
        "See the course."
