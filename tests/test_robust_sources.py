"""Hostile and broken source input (sources/*.txt, sources/sources.yml): one test per row of the
robustness matrix (../shared/reviews/robustness-review.md, rows S1-S31, plus the limits of
issue 20). Each case is laid over the bad-input fixture corpus (tests/test_bad_input.py) and built
with ``mkdocs build --strict``.

Where the build must stop: a non-zero exit, ONE error line naming the file (and the entry, field,
line or byte) and no traceback. Where it must build: the harmless output is asserted on the page.

The rule for other files in ``sources/`` (lessico.sources.check_folder): editor and system
leftovers (a name starting with ``.``, ending with ``~``, or ``#x#``) are ignored with an info
line; anything else that ``sources.yml`` does not list is refused. Control characters are refused,
not stripped (a stripped NUL could hide a lost character); the form feed and vertical tab that
pdftotext writes are whitespace.
"""
from __future__ import annotations

import os

import pytest

from test_bad_input import assert_builds, assert_stops, build, make_project, output
from conftest import mkdocs_build

pytestmark = pytest.mark.build

ENTRY = """\
- id: zz-src
  file: zz.txt
  lang: it
  kind: paper
  title: Un documento aggiunto
  abstract:
    it: Un documento aggiunto per la prova. Serve al test.
    en: A document added for the test. It serves the test.
"""
TEXT = "Il distretto industriale è un sistema di imprese del territorio.\n"


def add_entry(proj, entry: str = ENTRY, text: str | bytes | None = TEXT, name: str = "zz.txt"):
    with open(proj / "sources" / "sources.yml", "a", encoding="utf-8") as f:
        f.write("\n" + entry)
    if text is not None:
        path = proj / "sources" / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")


def entry(**changes) -> str:
    out = ENTRY
    if "id" in changes:
        out = out.replace("- id: zz-src", f"- id: {changes.pop('id')}")
    for key, value in changes.items():
        lines = out.splitlines(keepends=True)
        hit = [i for i, ln in enumerate(lines) if ln.startswith(f"  {key}:")]
        if hit:
            lines[hit[0]] = f"  {key}: {value}\n"
        else:
            lines.append(f"  {key}: {value}\n")
        out = "".join(lines)
    return out


def symlink_passwd(proj):
    os.symlink("/etc/passwd", proj / "sources" / "zz.txt")
    add_entry(proj, text=None)


def symlink_unlisted(proj):
    os.symlink("/etc/passwd", proj / "sources" / "passwd.txt")


def symlink_dir(proj):
    os.symlink("/etc", proj / "sources" / "etcdir")
    add_entry(proj, entry(file="etcdir"), text=None)


def directory_txt(proj):
    (proj / "sources" / "zzdir.txt").mkdir()


def big_source(proj):
    add_entry(proj, text=None)
    with open(proj / "sources" / "zz.txt", "wb") as f:
        f.write((TEXT.encode() * (21_000_000 // len(TEXT.encode()) + 1)))


def orphan(name: str):
    def make(proj):
        (proj / "sources" / name).write_text(TEXT, encoding="utf-8")
    return make


def alias_bomb(proj):
    levels = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    levels += [f"a{k}: &a{k} [" + ", ".join([f"*a{k - 1}"] * 9) + "]" for k in range(1, 9)]
    with open(proj / "sources" / "sources.yml", "a", encoding="utf-8") as f:
        f.write("\n" + ENTRY + "  note:\n" + "".join(f"    {ln}\n" for ln in levels))
    (proj / "sources" / "zz.txt").write_text(TEXT, encoding="utf-8")


def nested_duplicate(proj):
    add_entry(proj, ENTRY.replace("    en: A document", "    it: Seconda copia.\n    en: A document"))


Y = "sources/sources.yml"
# (id, make the case, needles: the file first, then what the one line must say)
STOPS = [
    ("S1-utf16", lambda p: add_entry(p, text="Testo.\n".encode("utf-16")),
     ["sources/zz.txt", "not valid UTF-8 at byte", "UTF-16"]),
    ("S4-latin1", lambda p: add_entry(p, text="città\n".encode("latin-1")), ["sources/zz.txt", "not valid UTF-8 at byte 4"]),
    ("S5-nul", lambda p: add_entry(p, text=b"Il distretto\x00 industriale.\n"),
     ["sources/zz.txt", "line 1, column 13", "U+0000"]),
    ("S6-soh-stx", lambda p: add_entry(p, text=b"Riga uno.\nRiga \x02due\x03.\n"),
     ["sources/zz.txt", "line 2, column 6", "U+0002"]),
    ("S6-c1", lambda p: add_entry(p, text="Testo \u0085 rotto.\n".encode()), ["sources/zz.txt", "U+0085"]),
    ("S7-pdf", lambda p: add_entry(p, text=b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"), ["sources/zz.txt", "not valid UTF-8"]),
    ("S15-symlink-listed", symlink_passwd, [Y, "entry 'zz-src'", "field 'file'", "symbolic link"]),
    ("S15-symlink-unlisted", symlink_unlisted, ["sources/passwd.txt", "symbolic link"]),
    ("S16-symlink-dir", symlink_dir, [Y, "entry 'zz-src'", "field 'file'", "symbolic link"]),
    ("S17-url-javascript", lambda p: add_entry(p, entry(url="'javascript:alert(1)'")),
     [Y, "entry 'zz-src'", "field 'url'", "http or https URL"]),
    ("S18-url-data", lambda p: add_entry(p, entry(url="'data:text/html,<script>alert(1)</script>'")),
     [Y, "entry 'zz-src'", "field 'url'"]),
    ("url-no-host", lambda p: add_entry(p, entry(url="'https://'")), [Y, "field 'url'"]),
    ("title-list", lambda p: add_entry(p, entry(title="[a, b]")), [Y, "entry 'zz-src'", "field 'title'", "list"]),
    ("label-list", lambda p: add_entry(p, entry(title="null", label="[a, b]")), [Y, "entry 'zz-src'", "'label'"]),
    ("S22-duplicate-id", lambda p: add_entry(p, entry(id="tesi-distretti")), [Y, "duplicate id 'tesi-distretti'"]),
    ("duplicate-key-nested", nested_duplicate, [Y, "entry 'zz-src'", "duplicate key 'it'"]),
    ("alias-bomb", alias_bomb, [Y, "aliases expand to more than 100,000 values"]),
    ("S23-lang-unknown", lambda p: add_entry(p, entry(lang="xx")), [Y, "entry 'zz-src'", "field 'lang'", "'xx'", "ISO 639-1"]),
    ("S24-year-text", lambda p: add_entry(p, entry(year="abc")), [Y, "entry 'zz-src'", "field 'year'", "integer"]),
    ("year-nan", lambda p: add_entry(p, entry(year=".nan")), [Y, "entry 'zz-src'", "field 'year'", "nan"]),
    ("year-float", lambda p: add_entry(p, entry(year="2013.5")), [Y, "entry 'zz-src'", "field 'year'"]),
    ("S25-year-huge", lambda p: add_entry(p, entry(year="-99999999999999999999")), [Y, "field 'year'", "outside"]),
    ("S25-year-zero", lambda p: add_entry(p, entry(year="0")), [Y, "field 'year'", "outside"]),
    ("S26-id-index", lambda p: add_entry(p, entry(id="index")), [Y, "field 'id'", "'index' is reserved"]),
    ("id-assets", lambda p: add_entry(p, entry(id="assets")), [Y, "field 'id'", "'assets' is reserved"]),
    ("id-en", lambda p: add_entry(p, entry(id="en")), [Y, "'en' is reserved"]),
    ("S28-orphan-upper-TXT", orphan("extra.TXT"), ["sources/extra.TXT", "lower-case '.txt'"]),
    ("S28-orphan-md", orphan("extra.md"), ["sources/extra.md", "not a source"]),
    ("orphan-txt", orphan("extra.txt"), ["sources/extra.txt", "no entry in sources.yml"]),
    ("S31-directory-txt", directory_txt, ["sources/zzdir.txt", "is a directory"]),
    ("S29-missing-file", lambda p: add_entry(p, text=None), [Y, "entry 'zz-src'", "'zz.txt' does not exist"]),
    ("file-outside", lambda p: add_entry(p, entry(file="../mkdocs.yml"), text=None), [Y, "field 'file'"]),
    ("over-20-MB", big_source, ["sources/zz.txt", "over the 20 MB limit"]),
    ("missing-abstract", lambda p: add_entry(p, "".join(ENTRY.splitlines(keepends=True)[:5])),
     [Y, "entry 'zz-src'", "missing 'abstract'"]),
    ("missing-label", lambda p: add_entry(p, entry(title="null")), [Y, "entry 'zz-src'", "missing 'label'"]),
    ("control-in-title", lambda p: add_entry(p, entry(title='"Titolo\\x07"')), [Y, "field 'title'", "control character"]),
]


@pytest.mark.parametrize("make, needles", [pytest.param(m, n, id=i) for i, m, n in STOPS])
def test_bad_source_input_stops_with_one_line(tmp_path, make, needles):
    proj = make_project(tmp_path)
    make(proj)
    proc = mkdocs_build(proj, tmp_path / "site", check=False)
    line = assert_stops(proc, "ERROR", *needles)
    assert not (tmp_path / "site" / "index.html").exists()  # stopped before writing pages
    print(line)


# --- harmless: built, nothing lost, nothing hidden --------------------------------------------
@pytest.fixture(scope="module")
def harmless(tmp_path_factory):
    """One build with every harmless case at once (each asserted by its own test below)."""
    tmp = tmp_path_factory.mktemp("harmless")
    proj = make_project(tmp)
    src = proj / "sources"
    os.symlink("nobody@host.12345:1700000000", src / ".#tesi.txt")  # an Emacs lock file (dangling link)
    (src / "tesi.txt~").write_text("backup\n", encoding="utf-8")
    (src / "#tesi.txt#").write_text("autosave\n", encoding="utf-8")
    (src / ".DS_Store").write_bytes(b"\x00\x01binary")
    add_entry(proj, text="\ufeffIl distretto è forte. Il distretto è forte.\r\n\r\nMade in Italy, Made in Italy\r\n"
                         "\r\nLavoro e capitale. Lavoro e capitale.\r\n\fPagina\vdue con spazi.\r\n")
    proc = mkdocs_build(proj, tmp / "site", check=False)
    page = (tmp / "site" / "sources" / "zz-src" / "index.html")
    return proc, page.read_text(encoding="utf-8") if page.is_file() else ""


def test_harmless_cases_build_strictly(harmless):
    assert_builds(harmless[0])


@pytest.mark.parametrize("name", [".#tesi.txt", "tesi.txt~", "#tesi.txt#", ".DS_Store"])
def test_editor_leftovers_are_ignored_with_an_info_line(harmless, name):
    lines = [ln for ln in output(harmless[0]).splitlines() if f"sources/{name}: ignored" in ln]
    assert len(lines) == 1 and lines[0].startswith("INFO"), output(harmless[0])
    assert "backup" not in harmless[1] and "autosave" not in harmless[1]


@pytest.mark.parametrize("text", ["Il distretto è forte. Il distretto è forte.", "Made in Italy, Made in Italy",
                                  "Lavoro e capitale. Lavoro e capitale."])
def test_S13_repeated_text_is_kept(harmless, text):
    assert text in harmless[1]


def test_S2_S3_bom_crlf_and_pdf_whitespace(harmless):
    assert "\ufeff" not in harmless[1] and "\r" not in harmless[1]
    assert "Pagina due con spazi." in harmless[1]  # form feed and vertical tab are spaces


def test_removals_reach_the_console(tmp_path):
    proj = make_project(tmp_path)
    add_entry(proj, text="Il testo comincia qui, con una frase.\n\n12\n\nE continua qui.\n")
    proc = mkdocs_build(proj, tmp_path / "site", check=False)
    assert_builds(proc)
    lines = [ln for ln in output(proc).splitlines() if ln.startswith("INFO") and "sources/zz.txt:" in ln]
    assert lines and "1 extraction artefact removed (page-number 1)" in lines[0], output(proc)
