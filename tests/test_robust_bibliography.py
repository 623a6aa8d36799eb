"""Hostile and broken bibliography input (``bibliography/*.json``, ``aliases.yml``, ``ignore.yml``):
one case per row of the robustness matrix (../shared/reviews/robustness-review.md, rows B1-B20),
plus the folder rule and the field types. Each case is laid over the bad-input fixture corpus
(tests/test_bad_input.py) and built with ``mkdocs build --strict``.

Where the build must stop: a non-zero exit, ONE error line naming the file (and the id and field,
or the line), no traceback and nothing written to the site. Where it must build: the harmless
output is asserted on the page, the exports or the console.

The rule for what ``bibliography/`` may hold (lessico.references.bibliography_files, README):
lower-case ``*.json`` files directly in the folder are CSL-JSON records; ``aliases.yml`` and
``ignore.yml`` are read (strict YAML: lessico.yamlsafe); editor and system leftovers (a name
starting with ``.``, ending with ``~``, or ``#x#``: ``lessico.urls.leftover``) are ignored with
one info line each; a symbolic link, a directory named ``*.json``, an upper- or mixed-case
``.JSON`` and any other ``*.yml``/``*.yaml`` are refused; any other file (README.md) and
subfolders are not read. Every CSL field citeproc or the exports read has a type
(lessico.references.FIELD_RULES).

| row  | case                                                      | outcome |
|------|-----------------------------------------------------------|---------|
| B1   | trailing comma                                            | one line (line and column) |
| B2   | empty file                                                | one line |
| B2b  | UTF-8 BOM                                                 | harmless (read, as in glossary/) |
| B3   | ``[`` x 200000                                            | one line (was a RecursionError traceback) |
| B4   | title / author ``</title><script>``, ``<img onerror>``    | harmless (escaped on the page; the    |
|      |                                                           | page types in Chromium: tests/test_injection_browser.py) |
| B5   | no ``issued``                                             | harmless ("s.d." / "n.d.") |
| B5b  | ``"issued": null``                                        | one line (was a traceback) |
| B6   | ``date-parts: [["circa 1990"]]``                          | one line (was a traceback) |
| B6b  | ``date-parts: [[]]``                                      | one line (was a traceback) |
| B6c  | ``date-parts: 1990``                                      | one line (was a traceback) |
| B6d  | ``date-parts: [[NaN]]``; ``1e999``                        | one line (was "(nan)" on the page) |
| B6e  | ``issued: "1990"``                                        | one line |
| B6f  | month 13; year 19900; ``raw`` only; unknown date key      | one line (were silently dropped) |
| B7   | ``family: 123``                                           | one line (was a traceback) |
| B7b  | ``given: 5``                                              | one line (was a traceback) |
| B7c  | unknown name part                                         | one line |
| B8   | title ``42`` / list / object; ``container-title: 5``      | one line (was Python text on the page) |
| B8b  | ``volume`` a list; ``page`` true; ``categories`` a string | one line |
| B9   | ``DOI: javascript:…``                                     | one line (not a DOI) |
| B9b  | ``URL: javascript:…``                                     | covered elsewhere: tests/test_robust.py::test_reference_url_javascript_refused |
| B10  | ``note`` with ``javascript:`` and an attribute breakout   | harmless (a note is never printed nor linked) |
| B11  | id ``x"><img src=x onerror=…>``                           | harmless (escaped) |
| B12  | id ``ab} @misc{evil,``                                    | harmless (BibTeX key sanitised) |
| B13  | duplicate id differing in case                            | one line |
| B14  | aliases.yml malformed / unknown ref / no reason; ignore.yml no reason / not a list | one line |
| B14b | duplicate key, alias bomb in aliases.yml / ignore.yml     | one line (duplicate keys were silently dropped) |
| B14c | ignore.yml: a misspelt key; ``source`` a list             | one line (the entry applied everywhere / nowhere) |
| B15  | aliases.yml / ignore.yml in Latin-1                       | one line naming the byte (was a traceback) |
| B16  | directory named ``zz.json``                               | one line (was a traceback) |
| B16b | directory named ``aliases.yml``                           | one line |
| B17  | a file holding an object                                  | one line |
| B18  | verified-references.json deleted                          | one line: no record file (was silent: every verified work turned "as cited") |
| B19  | author an object; ``type: 5``; ``id: 5``                  | one line |
| B20  | a record nothing cites                                    | harmless (kept and listed)            |
| B21  | a key given twice in a record                             | one line (the first value was silently lost) |
| B22  | control character through a JSON escape                   | one line |
| B23  | symlinked ``.json`` (inside, outside), symlinked aliases.yml, ``bibliography`` a symlink | one line |
| B24  | ``.JSON`` / ``.Json``; ``aliases.yaml``                   | one line (were silently ignored) |
| B25  | editor leftovers, README.md, a subfolder                  | harmless (leftovers: one info line each) |
"""
from __future__ import annotations

import json
import os
import pathlib
import re
import shutil

import pytest

from conftest import mkdocs_build
from test_bad_input import assert_builds, assert_stops, make_project, output

pytestmark = pytest.mark.build

BIB = "bibliography/verified-references.json"
Z = "bibliography/zz.json"
RID = "becattini1979"
DROP = object()  # a field removed from the fixture record


def record(**fields):
    """The fixture record (becattini1979, cited by the fixture sources) with fields changed;
    a field name's ``_`` stands for ``-`` (``container_title``)."""
    def make(proj):
        path = proj / BIB
        items = json.loads(path.read_text(encoding="utf-8"))
        for key, value in fields.items():
            key = key.replace("_", "-")
            if value is DROP:
                items[0].pop(key, None)
            else:
                items[0][key] = value
        path.write_text(json.dumps(items, indent=1), encoding="utf-8")
    return make


def raw_record(old: str, new: str):
    """The fixture file with a piece of its JSON text replaced (what json.dumps cannot write)."""
    def make(proj):
        path = proj / BIB
        text = path.read_text(encoding="utf-8")
        assert old in text  # the fixture still says what the case changes
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return make


def add(text: str | bytes, name: str = "zz.json"):
    def make(proj):
        path = proj / "bibliography" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    return make


def item(rid: str = "zz1", **fields) -> dict:
    out = {"id": rid, "type": "book", "author": [{"family": "Prova", "given": "A."}], "title": "Titolo di prova",
           "issued": {"date-parts": [[1990]]}}
    out.update({k.replace("_", "-"): v for k, v in fields.items()})
    return out


def items(*records) -> str:
    return json.dumps(list(records), indent=1)


def mkdir(name: str):
    def make(proj):
        (proj / "bibliography" / name).mkdir()
    return make


def symlink(target: str, name: str):
    def make(proj):
        os.symlink(target, proj / "bibliography" / name)
    return make


def symlinked_bibliography(proj):
    shutil.move(proj / "bibliography", proj.parent / "real-bibliography")
    os.symlink(proj.parent / "real-bibliography", proj / "bibliography")


def delete(name: str):
    def make(proj):
        (proj / "bibliography" / name).unlink()
    return make


def both(*makes):
    def make(proj):
        for m in makes:
            m(proj)
    return make


def alias_bomb() -> str:
    levels = ["&k0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    levels += ["&k%d [%s]" % (k, ", ".join([f"*k{k - 1}"] * 9)) for k in range(1, 9)]
    return f"- text: x\n  reason: [{', '.join(levels)}]\n  source: [*k8, *k8]\n"


A = "bibliography/aliases.yml"
IG = "bibliography/ignore.yml"
LATIN1 = "- text: \"Horizon 2020\"\n  reason: un programma, non un'opera (città)\n".encode("latin-1")
LATIN1_AT = LATIN1.index("à".encode("latin-1"))
W = f"line 3: {RID}"  # where the fixture record's id is
DATE_PARTS = "issued: date-parts must be [[year]], [[year, month]] or [[year, month, day]]"
# (row id, make the case, needles: the file first, then what the one line must say)
STOPS = [
    ("B1-trailing-comma", raw_record('"note": "verified: fixture record"\n',
                                     '"note": "verified: fixture record",\n'),
     [BIB, "line 10, column 3: invalid JSON"]),
    ("B2-empty-file", add(""), [Z, "line 1, column 1: invalid JSON"]),
    ("B3-deep-nesting", add("[" * 200_000), [Z, "nested too deeply"]),
    ("B5b-issued-null", record(issued=None), [BIB, W, "issued must be a date"]),
    ("B6-date-parts-circa", record(issued={"date-parts": [["circa 1990"]]}), [BIB, W, DATE_PARTS, "'circa 1990'"]),
    ("B6b-date-parts-empty", record(issued={"date-parts": [[]]}), [BIB, W, DATE_PARTS]),
    ("B6c-date-parts-number", record(issued={"date-parts": 1990}), [BIB, W, DATE_PARTS]),
    ("B6d-date-parts-nan", raw_record("[[1979]]", "[[NaN]]"), [BIB, W, "issued", "NaN is not a finite number"]),
    ("B6d-date-parts-infinity", raw_record("[[1979]]", "[[1e999]]"),
     [BIB, W, "issued", "1e999 is not a finite number"]),
    ("B6e-issued-string", record(issued="1990"), [BIB, W, "issued must be a date"]),
    ("B6f-month-13", record(issued={"date-parts": [[1979, 13]]}), [BIB, W, "issued: month 13 is not 1-12"]),
    ("B6f-year-19900", record(issued={"date-parts": [[19900]]}), [BIB, W, "issued: year 19900 is not plausible"]),
    ("B6f-raw-only", record(issued={"raw": "1979"}), [BIB, W, "issued needs date-parts or literal"]),
    ("B6f-unknown-date-key", record(issued={"date-parts": [[1979]], "year": 1979}),
     [BIB, W, "issued: 'year' is not a CSL date field"]),
    ("B7-family-number", record(author=[{"family": 123}]), [BIB, W, "author[1].family must be text, not a number"]),
    ("B7b-given-number", record(author=[{"family": "X", "given": 5}]),
     [BIB, W, "author[1].given must be text, not a number"]),
    ("B7c-unknown-name-part", record(author=[{"family": "X", "first": "Y"}]),
     [BIB, W, "author[1]: 'first' is not a CSL name part"]),
    ("B8-title-number", record(title=42), [BIB, W, "title must be text, not a number"]),
    ("B8-title-list", record(title=["a", "b"]), [BIB, W, "title must be text, not a list"]),
    ("B8-title-object", record(title={"a": 1}), [BIB, W, "title must be text, not an object"]),
    ("B8-container-title-number", record(container_title=5), [BIB, W, "container-title must be text, not a number"]),
    ("B8-title-empty", record(title="  "), [BIB, W, "title must be text, not empty"]),
    ("B8b-volume-list", record(volume=[1]), [BIB, W, "volume must be a number or text, not a list"]),
    ("B8b-page-true", record(page=True), [BIB, W, "page must be a number or text, not true"]),
    ("B8b-categories-string", record(categories="economia"), [BIB, W, "categories must be a list of text"]),
    ("B9-doi-javascript", record(DOI='javascript:alert("B-doi")'),
     [BIB, W, "DOI must look like 10.1234/", "not 'javascript:alert(\"B-doi\")'"]),
    ("B13-duplicate-id-case", add(items(item("BECATTINI1979"))),
     [Z, "line 3: BECATTINI1979: duplicate id (also in verified-references.json)"]),
    ("B14-aliases-malformed", add("- cite: [\n", "aliases.yml"), [A, "line 2: YAML syntax error"]),
    ("B14-aliases-unknown-ref", add("- cite: 'Foo, 1990'\n  ref: nosuch\n  reason: r\n", "aliases.yml"),
     [A, "'Foo, 1990': unknown reference 'nosuch'"]),
    ("B14-aliases-no-reason", add(f"- cite: 'Foo, 1990'\n  ref: {RID}\n", "aliases.yml"),
     [A, "'Foo, 1990': missing reason"]),
    ("B14-ignore-no-reason", add("- text: Horizon 2020\n", "ignore.yml"), [IG, "'Horizon 2020': missing reason"]),
    ("B14-ignore-not-a-list", add("text: Horizon 2020\n", "ignore.yml"), [IG, "must be a list of entries"]),
    ("B14b-ignore-duplicate-key", add("- text: Horizon 2020\n  reason: a\n  reason: b\n", "ignore.yml"),
     [IG, "line 3: duplicate key 'reason' (first at line 2)"]),
    ("B14b-aliases-duplicate-key", add(f"- cite: 'Foo, 1990'\n  cite: 'Bar, 1990'\n  ref: {RID}\n  reason: r\n",
                                       "aliases.yml"), [A, "line 2: duplicate key 'cite'"]),
    ("B14b-ignore-alias-bomb", add(alias_bomb(), "ignore.yml"), [IG, "aliases expand to more than 100,000 values"]),
    ("B14c-ignore-unknown-key", add("- text: Horizon 2020\n  reason: a programme\n  sorce: tesi\n", "ignore.yml"),
     [IG, "'Horizon 2020': unknown key 'sorce' (expected text, reason, source)"]),
    ("B14c-ignore-source-list", add("- text: Horizon 2020\n  reason: a programme\n  source: [tesi]\n", "ignore.yml"),
     [IG, "'Horizon 2020': source must be text"]),
    ("B15-aliases-latin1", add(LATIN1, "aliases.yml"), [A, f"not valid UTF-8 at byte {LATIN1_AT} (0xe0"]),
    ("B15-ignore-latin1", add(LATIN1, "ignore.yml"), [IG, f"not valid UTF-8 at byte {LATIN1_AT} (0xe0"]),
    ("B16-directory-json", mkdir("zz.json"), [Z, "is a directory"]),
    ("B16b-directory-aliases", mkdir("aliases.yml"), [A, "is a directory"]),
    ("B17-object", add('{"id": "zz1", "type": "book"}'), [Z, "a CSL-JSON file must hold a list of items"]),
    ("B18-file-deleted", delete("verified-references.json"), ["bibliography", "no CSL-JSON file (*.json) found"]),
    ("B19-author-object", record(author={"family": "X"}), [BIB, W, "author must be a list of names"]),
    ("B19-type-number", record(type=5), [BIB, W, "unknown CSL type 5"]),
    ("B19-id-number", add('[{"id": 5, "type": "book"}]'), [Z, "item 1: id must be text, not a number"]),
    ("B21-duplicate-key", raw_record('"title": ', '"title": "Primo titolo", "title": '),
     [BIB, W, "duplicate key 'title'"]),
    ("B22-control-character", record(title="Dal settore\u0007 industriale"),
     [BIB, W, "title contains a control character (U+0007)"]),
    ("B23-symlink-outside", symlink("/etc/hostname", "zz.json"), [Z, "symbolic link"]),
    ("B23-symlink-inside", symlink("verified-references.json", "zz.json"), [Z, "symbolic link"]),
    ("B23-symlink-aliases", symlink("/etc/hostname", "aliases.yml"), [A, "symbolic link"]),
    ("B23-symlinked-bibliography", symlinked_bibliography, ["bibliography", "must be a folder inside the project"]),
    ("B24-upper-JSON", add(items(item()), "zz.JSON"), ["bibliography/zz.JSON", "lower-case '.json'"]),
    ("B24-mixed-Json", add(items(item()), "zz.Json"), ["bibliography/zz.Json", "lower-case '.json'"]),
    ("B24-aliases-yaml", add("- cite: x\n", "aliases.yaml"),
     ["bibliography/aliases.yaml", "not a bibliography file (expected aliases.yml or ignore.yml)"]),
]


@pytest.mark.parametrize("make, needles", [pytest.param(m, n, id=i) for i, m, n in STOPS])
def test_bad_bibliography_input_stops_with_one_line(tmp_path, make, needles):
    proj = make_project(tmp_path)
    make(proj)
    site = tmp_path / "site"
    proc = mkdocs_build(proj, site, check=False)
    line = assert_stops(proc, "ERROR", *needles)
    assert not site.exists() or not any(site.rglob("*")), sorted(site.rglob("*"))[:5]
    print(line)


# --- harmless: built, nothing lost, nothing hidden --------------------------------------------
LEFTOVERS = [".#verified-references.json", ".zz-dot.json", "verified-references.json~", "#zz.json#", ".DS_Store"]
HOSTILE_TITLE = "</title><script>alert('B-title')</script><img src=x onerror=alert('B-img')>"
HOSTILE_FAMILY = "<img src=x onerror=alert('B-author')>"
HOSTILE_ID = "x\"><img src=x onerror=alert(\"B-id\")>"
HOSTILE_NOTE = "verified: javascript:alert('B-note') https://ok.example/\"onmouseover=alert('B-over')"


@pytest.fixture(scope="module")
def harmless(tmp_path_factory):
    """One build with every harmless case at once (each asserted by its own test below)."""
    tmp = tmp_path_factory.mktemp("harmless")
    proj = make_project(tmp)
    b = proj / "bibliography"
    os.symlink("nobody@host.12345:1700000000", b / ".#verified-references.json")  # an Emacs lock (dangling)
    (b / ".zz-dot.json").write_text(items(item("zzdot", title="Zzpunto")), encoding="utf-8")
    (b / "verified-references.json~").write_text("[broken", encoding="utf-8")  # a backup: never read
    (b / "#zz.json#").write_text("\x00autosave", encoding="utf-8")
    (b / ".DS_Store").write_bytes(b"\x00\x01binary")
    (b / "README.md").write_text("# Notes on the records\n", encoding="utf-8")  # not a record file, no line
    (b / "old").mkdir()  # a subfolder is not read
    (b / "old" / "zzold.json").write_text("[broken", encoding="utf-8")
    records = [
        item("zzhostile", title=HOSTILE_TITLE, author=[{"family": HOSTILE_FAMILY, "given": "A."}]),  # B4
        item("zzundated", title="Zzsenzadata", issued=DROP),  # B5 (removed below)
        item("zznote", title="Zznota", note=HOSTILE_NOTE),  # B10
        item(HOSTILE_ID, title="Zzidostile"),  # B11
        item("ab} @misc{evil,", title="Zzbibtex"),  # B12
        item("zzuncited", title="Zznoncitato", volume=3, page=12, issue="2",  # B20; numbers where CSL allows
             issued={"date-parts": [["1991", "5"]]}),  # digit strings, as Zotero writes them
    ]
    for r in records:
        if r.get("issued") is DROP:
            del r["issued"]
    (b / "empty.json").write_text("[]\n", encoding="utf-8")  # an empty bibliography file is valid
    # B2b: a UTF-8 BOM and CRLF line ends, as some Windows editors save
    (b / "zz.json").write_bytes(b"\xef\xbb\xbf" + items(*records).replace("\n", "\r\n").encode("utf-8"))
    proc = mkdocs_build(proj, tmp / "site", check=False)
    return proc, tmp / "site"


def bib_page(site, lang: str = "it") -> str:
    path = site / ("en/" if lang == "en" else "") / "bibliography" / "index.html"
    return path.read_text(encoding="utf-8") if path.is_file() else ""


def test_harmless_cases_build_strictly(harmless):
    assert_builds(harmless[0])


@pytest.mark.parametrize("name", LEFTOVERS)
def test_B25_leftovers_are_ignored_with_one_info_line(harmless, name):
    lines = [ln for ln in output(harmless[0]).splitlines() if f"bibliography/{name}: ignored" in ln]
    assert len(lines) == 1 and lines[0].startswith("INFO"), output(harmless[0])


def test_B25_other_files_and_subfolders_are_not_read(harmless):
    proc, site = harmless
    assert "Zznoncitato" in bib_page(site) and "Zzpunto" not in bib_page(site)  # a dotfile is no record file
    assert "README.md" not in output(proc) and "zzold" not in output(proc)


def test_B2b_bom_and_crlf_are_read(harmless):
    assert "Zznoncitato" in bib_page(harmless[1])


def test_B4_hostile_title_and_author_are_text(harmless):
    for lang in ("it", "en"):
        html = bib_page(harmless[1], lang)
        assert "&lt;/title&gt;&lt;script&gt;alert(" in html and "&lt;img src=x onerror=alert(" in html
        assert "<script>alert(" not in html and "<img src=x" not in html


def test_B5_undated_work_says_no_date(harmless):
    assert re.search(r"Prova, A\. \(s\.d\.\)\. <i>Zzsenzadata</i>", bib_page(harmless[1], "it"))
    assert re.search(r"Prova, A\. \(n\.d\.\)\. <i>Zzsenzadata</i>", bib_page(harmless[1], "en"))


def test_B10_note_is_never_printed_nor_linked(harmless):
    proc, site = harmless
    html = bib_page(site)
    assert "Zznota" in html and "B-note" not in html and "onmouseover" not in html
    for path in site.rglob("*.html"):
        assert 'href="javascript:' not in path.read_text(encoding="utf-8"), path


def test_B11_hostile_id_is_escaped(harmless):
    html = bib_page(harmless[1])
    assert "Zzidostile" in html and '<img src=x onerror=alert("B-id")>' not in html


def test_B12_bibtex_key_is_sanitised(harmless):
    bib = (harmless[1] / "bibliography.bib").read_text(encoding="utf-8")
    assert re.search(r"^@book\{ab___misc_evil_,$", bib, re.M), bib
    assert "@misc{evil" not in bib


def test_B20_uncited_record_is_kept_with_its_numbers(harmless):
    assert re.search(r"Prova, A\. \(1991\)\. <i>Zznoncitato</i> \(Vol\. 3", bib_page(harmless[1], "en"))


def test_field_rules_follow_the_csl_schema():
    """Every CSL-JSON field has its rule, of the type the official schema gives it."""
    from lessico import references as r

    schema = json.loads((pathlib.Path(__file__).parent / "data" / "csl-schema" / "csl-data.json")
                        .read_text(encoding="utf-8"))["items"]["properties"]
    assert set(r.FIELD_RULES) | {"id", "custom"} == set(schema) == r.CSL_FIELDS
    by_schema = {"string": r._text, "string number": r._number_or_text}
    for field, spec in schema.items():
        if field in ("id", "custom", "type", "language", "URL", "DOI"):
            continue  # own rules, each a string with a form (tested by the rows above)
        ref = spec.get("$ref") or spec.get("items", {}).get("$ref") or ""
        if ref.endswith("name-variable"):
            expected = r._names
        elif ref.endswith("date-variable"):
            expected = r._date
        elif spec.get("type") == "array":
            expected = r._texts
        else:
            types = spec["type"] if isinstance(spec["type"], list) else [spec["type"]]
            expected = by_schema[" ".join(types)]
        assert r.FIELD_RULES[field] is expected, field
