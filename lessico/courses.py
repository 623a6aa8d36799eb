"""Load and validate the course files (``courses/<id>.yml``) into ``Course`` objects.

A course is a reading path through the glossary: a title per language, optionally an instructor
and an academic year, and its lectures in order, each with its concept ids, an optional title
and an optional note (both per language). Which files the folder may hold is the rule of
``glossary/`` (``concepts.yaml_files``); no ``courses/`` folder means no courses. Every problem
is one ``InputError`` line naming the file and the lecture or field.
"""
from __future__ import annotations

import logging
import re
import reprlib
from pathlib import Path

from .concepts import _check_control, _rel, console, read_yaml, yaml_files
from .errors import InputError
from .model import LANGS, Concept, Course, Lecture
from .text import is_slug
from .urls import reserved_id

log = logging.getLogger("lessico.courses")

TOP_KEYS = {"id", "title", "instructor", "year", "lectures"}
LECTURE_KEYS = {"title", "concepts", "note"}
_YEAR = re.compile(r"^(\d{4})/(\d{2})$")  # an academic year: "2026/27"
MAX_TEXT = 2000  # a note, a title: as long as a concept's definition may be


def _text(value, where: str, field: str) -> str:
    if not isinstance(value, str):
        raise InputError(where, f"'{field}' must be text, not {reprlib.repr(value)} (quote it in the file)")
    text = " ".join(value.split())
    if not text:
        raise InputError(where, f"'{field}' is empty")
    if len(text) > MAX_TEXT:
        raise InputError(where, f"'{field}' is longer than {MAX_TEXT} characters")
    return text


def _per_lang(value, where: str, field: str) -> dict[str, str]:
    """A text given in every language of the site: ``{it: …, en: …}``."""
    shape = ", ".join(f"{lang}: …" for lang in LANGS)
    if not isinstance(value, dict):
        raise InputError(where, f"'{field}' must give the text in every language ({{{shape}}})")
    unknown = sorted(set(map(str, value)) - set(LANGS))
    if unknown:
        raise InputError(where, f"'{field}.{unknown[0]}' is not a language of the site ({', '.join(LANGS)})")
    for lang in LANGS:
        if lang not in value:
            raise InputError(where, f"'{field}' is missing language '{lang}'")
    return {lang: _text(value[lang], where, f"{field}.{lang}") for lang in LANGS}


def _year(value, where: str) -> str:
    m = _YEAR.match(value) if isinstance(value, str) else None
    if not m or (int(m.group(1)) + 1) % 100 != int(m.group(2)):
        raise InputError(where, f"'year' is {reprlib.repr(value)}, not an academic year such as '2026/27' "
                                "(quote it in the file)")
    return value


def _lecture(raw, n: int, where: str, concepts: dict[str, Concept], replaced: dict[str, str],
             seen: dict[str, int]) -> Lecture:
    at = f"lecture {n}"
    if not isinstance(raw, dict):
        raise InputError(where, f"{at} must be a mapping with 'concepts' (and optional 'title', 'note')")
    unknown = sorted(set(map(str, raw)) - LECTURE_KEYS)
    if unknown:
        raise InputError(where, f"{at}: unknown key '{unknown[0]}'")
    ids = raw.get("concepts")
    if ids is None or ids == []:
        raise InputError(where, f"{at} has no concepts (give at least one concept id under 'concepts')")
    if not isinstance(ids, list):
        raise InputError(where, f"{at}: 'concepts' must be a list of concept ids")
    for i, cid in enumerate(ids, 1):
        if not isinstance(cid, str):
            raise InputError(where, f"{at}: concept {i} must be a concept id, not {reprlib.repr(cid)}")
        if cid not in concepts:
            hint = (f" (it was replaced by '{replaced[cid]}': use the new id)" if cid in replaced
                    else " (the ids are the file names in glossary/)")
            raise InputError(where, f"{at}: unknown concept id {cid!r}{hint}")
        if cid in seen:
            again = "in this lecture" if seen[cid] == n else f"in lecture {seen[cid]}"
            raise InputError(where, f"{at}: concept '{cid}' is listed twice (also {again})")
        seen[cid] = n
    title = _per_lang(raw["title"], where, f"{at}: title") if "title" in raw else {}
    note = _per_lang(raw["note"], where, f"{at}: note") if "note" in raw else {}
    return Lecture(concepts=list(ids), title=title, note=note)


def parse_course(path: Path, concepts: dict[str, Concept], root: Path | None = None) -> Course:
    where = _rel(path, root)
    data = read_yaml(path, where)
    if not isinstance(data, dict):
        raise InputError(where, "expected a mapping of course fields (title, lectures, …)")
    _check_control(data, where)
    unknown = sorted(set(map(str, data)) - TOP_KEYS)
    if unknown:
        raise InputError(where, f"unknown key '{unknown[0]}'")
    course_id = path.stem  # the page's address: courses/<id>/
    if not is_slug(course_id):
        raise InputError(where, f"the file name {course_id!r} is not an ascii slug (a-z, 0-9, '-'): "
                                "it is the course's address")
    if why := reserved_id(course_id):
        raise InputError(where, why)
    if "id" in data and data["id"] != course_id:
        raise InputError(where, f"id {data['id']!r} does not match the file name '{course_id}'")
    if "title" not in data:
        raise InputError(where, "'title' is missing (give it in every language)")
    title = _per_lang(data["title"], where, "title")
    instructor = _text(data["instructor"], where, "instructor") if data.get("instructor") is not None else None
    year = _year(data["year"], where) if data.get("year") is not None else None
    raw = data.get("lectures")
    if not isinstance(raw, list) or not raw:
        raise InputError(where, "'lectures' must be a list of lectures, each with its 'concepts'")
    replaced = {old: c.id for c in concepts.values() for old in c.aliases}
    seen: dict[str, int] = {}
    lectures = [_lecture(item, n, where, concepts, replaced, seen) for n, item in enumerate(raw, 1)]
    return Course(id=course_id, title=title, lectures=lectures, instructor=instructor, year=year, path=where)


def load_courses(courses_dir: Path, concepts: dict[str, Concept]) -> dict[str, Course]:
    """Every course of ``courses/`` (which files are read: ``concepts.yaml_files``), validated
    against the concepts; no folder, no courses."""
    courses_dir = Path(courses_dir)
    if not courses_dir.exists() and not courses_dir.is_symlink():
        return {}
    root = courses_dir.parent
    files, ignored = yaml_files(courses_dir, "course")
    for path in ignored:
        console.info("%s: ignored (an editor or system leftover, not a course file)", _rel(path, root))
    courses: dict[str, Course] = {}
    for path in files:
        course = parse_course(path, concepts, root)
        if course.id in courses:
            raise InputError(course.path, f"duplicate course id '{course.id}' (also {courses[course.id].path})")
        courses[course.id] = course
    log.info("%d courses loaded from %s", len(courses), courses_dir)
    return dict(sorted(courses.items()))
