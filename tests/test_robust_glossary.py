"""Hostile and broken concept records (glossary/<id>.yml) and hand-written pages (docs/): one case
per row of the robustness matrix (../shared/reviews/robustness-review.md, rows G1-G47 and D1).
Each case is laid over the bad-input fixture corpus (tests/test_bad_input.py) and built with
``mkdocs build --strict``.

Where the build must stop: a non-zero exit, ONE error line naming the file (and the field, id,
line or byte), no traceback and nothing written to the site (no half-written site, no export).
Where it must build: the harmless output is asserted on the page or the console.

The rule for what ``glossary/`` may hold (lessico.concepts.concept_files, glossary/README.md):
``*.yml``/``*.yaml`` in the folder and subfolders are concept files; editor and system leftovers
(a name starting with ``.``, ending with ``~``, or ``#x#``: ``lessico.urls.leftover``, shared with
``sources/``) are ignored with one info line each; a symbolic link, a directory named ``*.yml`` and
an upper- or mixed-case extension are refused; any other file (README.md) is not read.

| row  | case                                            | outcome |
|------|-------------------------------------------------|---------|
| G1   | HTML/JS payloads in definition, note, labels    | covered elsewhere: tests/test_injection_browser.py (Chromium, every page type) |
| G1b  | the same payloads in ``term``                   | covered elsewhere: tests/test_robust.py::test_title_breakout_is_text, tests/test_injection_browser.py |
| G2   | empty label in ``terms`` / ``forms``            | one line |
| G3   | form ``a``                                      | one line (shorter than 2 letters) |
| G4   | forms ``e``, ``il``; en ``the``; synonym ``gli``| one line (shorter than 2 letters / common word) |
| G5   | forms ``-``, ``.``                              | one line (shorter than 2 letters) |
| G6   | the same form twice in one concept              | one line (given twice) |
| G7   | the same label in two concepts                  | covered elsewhere: tests/test_bad_input.py variant-collision, tests/test_concepts.py |
| G8   | en form equal to another concept's it term      | harmless (labels are per language) |
| G9   | term with runs of spaces                        | harmless (normalised) |
| G10  | term of spaces only                             | one line |
| G11  | ``term: 1991`` / ``term: yes``                  | one line (must be text) |
| G12  | a tab in the YAML                               | one line (also tests/test_bad_input.py malformed-yaml, an indentation error) |
| G13  | two ``definition:`` keys                        | one line (duplicate key) |
| G14  | a second ``related:`` at the end                | one line (duplicate key) |
| G15  | ``!!python/object/apply:os.system``             | one line, nothing runs |
| G16  | empty file                                      | one line |
| G17  | a YAML list / a bare scalar                     | one line |
| G18  | id ``Zz-Upper``                                 | one line |
| G19  | id ``città``                                    | one line |
| G20  | file ``zz sp.yml``                              | one line |
| G21  | ``.YML`` / ``.Yaml`` extension                  | one line (was silently ignored) |
| G22  | ``x.yaml`` beside ``x.yml``                     | one line |
| G23  | broader = itself                                | one line |
| G24  | 3-cycle through broader                         | one line |
| G25  | 3-cycle written with narrower                   | one line |
| G26  | theme ``District-Theory`` / ``[district-theory]``| one line |
| G27  | references ``nosuchref`` / ``Becattini1979``    | one line |
| G28  | sources ``nosuch``                              | one line |
| G29  | ``related`` a string                            | one line |
| G30  | ``it: ciao``; unknown keys                      | one line |
| G31  | note ``""`` / note ``5``                        | one line |
| G32  | ``terms`` a string; ``forms`` a nested list; untyped term; old ``variants`` | one line |
| G33  | non-string key ``1: x``                         | one line |
| G34  | replaces own id / ``Bad Id`` / two replace one  | one line |
| G35  | Emacs lock file (dangling symlink ``.#x.yml``)  | harmless (ignored, one info line) |
| G36  | directory named ``zz-dir.yml``                  | one line |
| G37  | billion laughs in a concept (in ``id``; in a top-level key) | one line |
| G38  | control character through a YAML escape (term, definition, label, matches id, key) | one line, no export written |
| G39  | lone surrogate ``"\\ud800"``                    | one line |
| G40  | bidi override U+202E and zero-width space in a note | harmless: accepted and kept (they are text a note may need, e.g. quoted Arabic or Hebrew; escaped like any text) |
| G41  | 5 MB definition                                 | one line (over 2,000 characters) |
| G42  | concept ``id: index``                           | covered elsewhere: tests/test_robust.py::test_concept_id_index_refused |
| G43  | concept ``id: t`` (permalink prefix)            | one line (reserved since the review) |
| G44  | symlink ``zz-link.yml -> /etc/hostname``; a symlinked subfolder; ``glossary`` itself a symlink | one line |
| G45  | dotfile ``.zz-dot.yml``                         | harmless (ignored, one info line) |
| G46  | no concept file                                 | one line |
| G47  | concept in a subfolder                          | harmless (loaded) |
| --   | not UTF-8; UTF-8 with BOM; CRLF; backups, autosaves, README.md | one line naming the byte; harmless |
| D1   | hand-written ``docs/extra.it.md`` in Latin-1    | one line naming the byte |
"""
from __future__ import annotations

import json
import os
import random
import re
import shutil

import pytest

from conftest import mkdocs_build
from test_bad_input import assert_builds, assert_stops, make_project, output

pytestmark = pytest.mark.build

CONCEPT = """\
id: zz-a
theme: policy
it:
  term: zzterm alfa
  definition: Una definizione di prova.
en:
  term: zzterm alpha
  definition: A test definition.
"""


_WORDS = {"it": "mercato impresa rete filiera territorio lavoro capitale sapere politica regione tecnica prodotto".split(),
          "en": "market firm network chain territory labour capital knowledge policy region technique product".split()}


def _definition(cid: str, lang: str) -> str:
    """A definition of its own for each other record: two copies of one definition are
    near-duplicates, which the validator rightly refuses (concepts.near_duplicates)."""
    return " ".join(random.Random(f"{cid}-{lang}").sample(_WORDS[lang], 5)).capitalize() + "."


def concept(cid: str = "zz-a", *, it: str = "", en: str = "", top: str = "", it_term: str = "zzterm alfa",
            en_term: str = "zzterm alpha") -> str:
    """A valid record with lines added under ``it:``, ``en:`` and at the top level."""
    base = CONCEPT if cid == "zz-a" else (CONCEPT.replace("Una definizione di prova.", _definition(cid, "it"))
                                          .replace("A test definition.", _definition(cid, "en")))
    return (base.replace("id: zz-a", f"id: {cid}")
            .replace("  term: zzterm alfa\n", f"  term: {it_term}\n{it}")
            .replace("  term: zzterm alpha\n", f"  term: {en_term}\n{en}") + top)


def add(text: str | bytes, name: str = "zz-a.yml"):
    def make(proj):
        path = proj / "glossary" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    return make


def both(*makes):
    def make(proj):
        for m in makes:
            m(proj)
    return make


def cycle(relation: str):
    """zz-c1 -> zz-c2 -> zz-c3 -> zz-c1 through ``relation``."""
    return both(*(add(concept(f"zz-c{i}", it_term=f"zzciclo {i}", en_term=f"zzcycle {i}",
                              top=f"{relation}: [zz-c{i % 3 + 1}]\n"), f"zz-c{i}.yml") for i in (1, 2, 3)))


def alias_bomb(where: str):
    """Nine aliases of nine aliases ... (9**8 values), in the ``id`` or in a key of its own."""
    levels = ["&k0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    levels += ["&k%d [%s]" % (k, ", ".join([f"*k{k - 1}"] * 9)) for k in range(1, 9)]
    if where == "id":  # the review's case: the anchors inside an allowed key, the bomb in the id
        return concept(it=f"  note: [{', '.join(levels)}]\n").replace("id: zz-a\n", "") + "id: [*k8, *k8]\n"
    return concept() + "".join(f"a{k}: {lv}\n" for k, lv in enumerate(levels))


def symlink(target: str, name: str):
    def make(proj):
        os.symlink(target, proj / "glossary" / name)
    return make


def symlinked_subfolder(proj):
    outside = proj.parent / "elsewhere"
    outside.mkdir()
    (outside / "zz-a.yml").write_text(concept(), encoding="utf-8")
    os.symlink(outside, proj / "glossary" / "sub")


def symlinked_glossary(proj):
    shutil.move(proj / "glossary", proj.parent / "real-glossary")
    os.symlink(proj.parent / "real-glossary", proj / "glossary")


def no_concepts(proj):
    for path in (proj / "glossary").rglob("*.yml"):
        path.unlink()
    (proj / "glossary" / "README.md").write_text("# Notes\n", encoding="utf-8")


def edit(old: str, new: str, name: str = "economie-esterne.yml"):
    def make(proj):
        path = proj / "glossary" / name
        text = path.read_text(encoding="utf-8")
        assert old in text  # the fixture still says what the case changes
        path.write_text(text.replace(old, new), encoding="utf-8")
    return make


def latin1_page(proj):
    (proj / "docs" / "extra.it.md").write_bytes("# Pagina\n\nLa città.\n".encode("latin-1"))


Y = "glossary/zz-a.yml"
E = "glossary/economie-esterne.yml"
MAX = "is longer than 2000 characters"
# (row id, make the case, needles: the file first, then what the one line must say)
STOPS = [
    ("G2-terms-empty-label", add(concept(it="  terms: [{label: '', type: synonym}]\n")),
     [Y, "'it.terms' entry 1 has no label"]),
    ("G2-forms-empty", add(concept(it="  forms: ['']\n")), [Y, "'it.forms' entry 1 must be a label"]),
    ("G3-form-a", add(concept(it="  forms: [a]\n")), [Y, "it label 'a' is shorter than 2 letters"]),
    ("G4-form-e", add(concept(it="  forms: [e]\n")), [Y, "it label 'e' is shorter than 2 letters"]),
    ("G4-form-il", add(concept(it="  forms: [il]\n")), [Y, "it label 'il' is a common word, not a term"]),
    ("G4-en-form-the", add(concept(en="  forms: [the]\n")), [Y, "en label 'the' is a common word"]),
    ("G4-synonym-gli", add(concept(it="  terms: [{label: gli, type: synonym}]\n")),
     [Y, "it label 'gli' is a common word"]),
    ("G5-form-dash", add(concept(it="  forms: ['-']\n")), [Y, "it label '-' is shorter than 2 letters"]),
    ("G5-form-dot", add(concept(it="  forms: ['.']\n")), [Y, "it label '.' is shorter than 2 letters"]),
    ("G6-form-twice", add(concept(it="  forms: [zzforma, zzforma]\n")),
     [Y, "it label 'zzforma' is given twice (as form and as form)"]),
    ("G6-term-as-form", add(concept(it="  forms: [Zzterm Alfa]\n")), [Y, "given twice (as preferred and as form)"]),
    ("G10-term-spaces", add(concept(it_term="'   '")), [Y, "'it.term' is missing or empty"]),
    ("G11-term-number", add(concept(it_term="1991")), [Y, "'it.term' must be text, not 1991"]),
    ("G11-term-yes", add(concept(en_term="yes")), [Y, "'en.term' must be text, not True"]),
    ("G12-tab", add(concept().replace("  definition: Una", "\tdefinition: Una")), [Y, "line 5: YAML syntax error"]),
    ("G13-two-definitions", add(concept(it="  definition: Una seconda definizione.\n")),
     [Y, "line 6: duplicate key 'definition' (first at line 5)"]),
    ("G14-second-related", add(concept(top="related: [economie-esterne]\nsources: []\nrelated: []\n")),
     [Y, "line 11: duplicate key 'related' (first at line 9)"]),
    ("G16-empty-file", add(""), [Y, "expected a mapping of concept fields"]),
    ("G17-list", add("- id: zz-a\n- theme: policy\n"), [Y, "expected a mapping of concept fields"]),
    ("G17-scalar", add("zz-a\n"), [Y, "expected a mapping of concept fields"]),
    ("G18-id-upper", add(concept("Zz-Upper"), "Zz-Upper.yml"),
     ["glossary/Zz-Upper.yml", "id 'Zz-Upper' is not an ascii slug"]),
    ("G19-id-accent", add(concept("città"), "città.yml"),
     ["glossary/città.yml", "id 'città' is not an ascii slug"]),
    ("G20-space-in-name", add(concept("zz-sp"), "zz sp.yml"),
     ["glossary/zz sp.yml", "id 'zz-sp' does not match the file name 'zz sp'"]),
    ("G21-upper-YML", add(concept(), "zz-a.YML"), ["glossary/zz-a.YML", "lower-case '.yml'"]),
    ("G21-mixed-Yaml", add(concept(), "zz-a.Yaml"), ["glossary/zz-a.Yaml", "lower-case '.yml'"]),
    ("G22-yaml-beside-yml", lambda p: shutil.copy(p / E, p / "glossary" / "economie-esterne.yaml"),
     ["glossary/economie-esterne.yaml", "duplicate id 'economie-esterne'", f"also in {E}"]),
    ("G23-broader-itself", add(concept(top="broader: [zz-a]\n")), [Y, "broader: a concept cannot relate to itself"]),
    ("G24-cycle-broader", cycle("broader"),
     ["glossary/zz-c3.yml", "broader/narrower cycle: zz-c1 -> zz-c2 -> zz-c3 -> zz-c1"]),
    ("G25-cycle-narrower", cycle("narrower"),
     ["glossary/zz-c2.yml", "broader/narrower cycle: zz-c1 -> zz-c3 -> zz-c2 -> zz-c1"]),
    ("G26-theme-case", edit("theme: district-theory", "theme: District-Theory"),
     [E, "theme 'District-Theory' is not one of: district-theory, milieu"]),
    ("G26-theme-list", edit("theme: district-theory", "theme: [district-theory]"),
     [E, "theme ['district-theory'] is not one of"]),
    ("G27-unknown-reference", add(concept(top="references: [nosuchref]\n")),
     [Y, "references: unknown bibliography id 'nosuchref'"]),
    ("G27-reference-case", add(concept(top="references: [Becattini1979]\n")),
     [Y, "references: unknown bibliography id 'Becattini1979'"]),
    ("G28-unknown-source", add(concept(top="sources: [nosuch]\n")), [Y, "sources: unknown source id 'nosuch'"]),
    ("G29-related-string", add(concept(top="related: economie-esterne\n")),
     [Y, "'related' must be a list of non-empty strings"]),
    ("G30-lang-string", add(concept().replace("it:\n  term: zzterm alfa\n  definition: Una definizione di prova.\n",
                                              "it: ciao\n")), [Y, "'it' must be a mapping of fields"]),
    ("G30-unknown-top-key", add(concept(top="xx: 1\n")), [Y, "unknown key 'xx'"]),
    ("G30-unknown-lang-key", add(concept(it="  colour: red\n")), [Y, "unknown key 'it.colour'"]),
    ("G31-note-empty", add(concept(it="  note: ''\n")), [Y, "'it.note' must be non-empty text when present"]),
    ("G31-note-number", add(concept(en="  note: 5\n")), [Y, "'en.note' must be non-empty text when present"]),
    ("G32-terms-string", add(concept(it="  terms: zzsinonimo\n")), [Y, "'it.terms' must be a list of {label, type}"]),
    ("G32-forms-nested", add(concept(it="  forms: [[zzuno, zzdue]]\n")), [Y, "'it.forms' entry 1 must be a label"]),
    ("G32-term-untyped", add(concept(it="  terms: [{label: zzsinonimo}]\n")),
     [Y, "'it.terms' 'zzsinonimo': type None is not one of: "]),
    ("G32-old-variants", add(concept(it="  variants: [zzvariante]\n")), [Y, "'it.variants' is no longer read"]),
    ("G33-number-key", add(concept(top="1: x\n")), [Y, "unknown key '1'"]),
    ("G34-replaces-itself", add(concept(top="replaces: [zz-a]\n")),
     [Y, "duplicate id 'zz-a' (replaces an id still in use)"]),
    ("G34-replaces-bad-id", add(concept(top="replaces: [Bad Id]\n")), [Y, "replaces: 'Bad Id' is not an ascii slug"]),
    ("G34-two-replace-one", both(add(concept(top="replaces: [old-x]\n")),
                                 add(concept("zz-b", it_term="zzterm beta", en_term="zzterm beta",
                                             top="replaces: [old-x]\n"), "zz-b.yml")),
     ["glossary/zz-b.yml", "duplicate id 'old-x'"]),
    ("G36-directory-yml", lambda p: (p / "glossary" / "zz-dir.yml").mkdir(), ["glossary/zz-dir.yml", "is a directory"]),
    ("G37-alias-bomb-id", add(alias_bomb("id")), [Y, "aliases expand to more than 100,000 values"]),
    ("G37b-alias-bomb-key", add(alias_bomb("key")), [Y, "aliases expand to more than 100,000 values"]),
    ("G38-control-term", edit("term: economie esterne", 'term: "economie esterne \\x01"'),
     [E, "'it.term' contains a control character (U+0001)"]),
    ("G38-control-definition", add(concept().replace("A test definition.", '"A test\\x1b[31m definition."')),
     [Y, "'en.definition' contains a control character (U+001B)"]),
    ("G38-control-label", add(concept(it='  forms: ["zzforma\\x90"]\n')),
     [Y, "'it.forms[1]' contains a control character (U+0090)"]),
    ("G38-noncharacter-label", add(concept(en='  terms: [{label: "zzterm\\uffff", type: synonym}]\n')),
     [Y, "'en.terms[1].label' contains a control character (U+FFFF)"]),
    ("G38-control-matches-id", add(concept(top='matches: [{vocabulary: wikidata, id: "Q1\\x07", match: exact}]\n')),
     [Y, "'matches[1].id' contains a control character (U+0007)"]),
    ("G38-control-key", add(concept(it='  "zz\\x00": 1\n')),
     [Y, "a key in 'it' contains a control character (U+0000)"]),
    ("G39-lone-surrogate", add(concept(it_term='"zz \\ud800"')), [Y, "YAML syntax error", "Unicode"]),
    ("G41-5MB-definition", add(concept().replace("Una definizione di prova.", "lungo " * 900_000)),
     [Y, f"'it.definition' {MAX}"]),
    ("G43-id-t", add(concept("t"), "t.yml"), ["glossary/t.yml", "id 't' is reserved"]),
    ("G44-symlink-outside", symlink("/etc/hostname", "zz-link.yml"), ["glossary/zz-link.yml", "symbolic link"]),
    ("G44-symlink-inside", symlink("economie-esterne.yml", "zz-link.yml"), ["glossary/zz-link.yml", "symbolic link"]),
    ("G44-symlinked-subfolder", symlinked_subfolder, ["glossary/sub", "symbolic link"]),
    ("G44-symlinked-glossary", symlinked_glossary, ["glossary", "must be a folder inside the project"]),
    ("G46-no-concepts", no_concepts, ["glossary", "no concept files found"]),
    ("not-utf8", add(concept().encode("utf-8").replace(b"prova", "prova à".encode("latin-1"))),
     [Y, "not valid UTF-8 at byte 86 (0xe0"]),
    ("D1-docs-latin1", latin1_page, ["docs/extra.it.md", "not valid UTF-8 at byte 17 (0xe0"]),
]


@pytest.mark.parametrize("make, needles", [pytest.param(m, n, id=i) for i, m, n in STOPS])
def test_bad_glossary_input_stops_with_one_line(tmp_path, make, needles):
    proj = make_project(tmp_path)
    make(proj)
    site = tmp_path / "site"
    proc = mkdocs_build(proj, site, check=False)
    line = assert_stops(proc, "ERROR", *needles)
    # stopped before writing anything: no page and no export (G38: the review's half-written site)
    assert not site.exists() or not any(site.rglob("*")), sorted(site.rglob("*"))[:5]
    print(line)


def test_G15_python_tag_runs_nothing(tmp_path):
    proj = make_project(tmp_path)
    marker = tmp_path / "ran"
    add(concept().replace("theme: policy", f"theme: !!python/object/apply:os.system ['touch {marker}']"))(proj)
    proc = mkdocs_build(proj, tmp_path / "site", check=False)
    assert_stops(proc, "ERROR", Y, "line 2: YAML syntax error: could not determine a constructor")
    assert not marker.exists()


# --- harmless: built, nothing lost, nothing hidden --------------------------------------------
LEFTOVERS = [".#economie-esterne.yml", ".zz-dot.yml", "economie-esterne.yml~", "#economie-esterne.yml#",
             ".hidden", "sub/.DS_Store"]
BIDI = "zznota \u202eabc\u202c con\u200bspazio"


@pytest.fixture(scope="module")
def harmless(tmp_path_factory):
    """One build with every harmless case at once (each asserted by its own test below)."""
    tmp = tmp_path_factory.mktemp("harmless")
    proj = make_project(tmp)
    g = proj / "glossary"
    os.symlink("nobody@host.12345:1700000000", g / ".#economie-esterne.yml")  # G35: Emacs lock (dangling)
    (g / ".zz-dot.yml").write_text(concept("zz-dot", it_term="zzpunto", en_term="zzdot"), encoding="utf-8")  # G45
    (g / "economie-esterne.yml~").write_text("id: [broken\n", encoding="utf-8")  # a backup: never read
    (g / "#economie-esterne.yml#").write_text("\x00autosave", encoding="utf-8")
    (g / ".hidden").mkdir()  # a hidden folder (.git, .obsidian): not walked
    (g / ".hidden" / "zz-h.yml").write_text("id: [broken\n", encoding="utf-8")
    (g / "README.md").write_text("# Notes on the glossary\n", encoding="utf-8")  # not a concept file, no line
    (g / "notes.txt").write_text("appunti\n", encoding="utf-8")
    (g / "sub").mkdir()  # G47: a subfolder is read
    (g / "sub" / ".DS_Store").write_bytes(b"\x00\x01binary")
    (g / "sub" / "zz-sub.yml").write_text(concept("zz-sub", it_term="zzsottocartella", en_term="zzsubfolder"),
                                          encoding="utf-8")
    # G8: an en form equal to another concept's it term; G9: runs of spaces; G40: bidi and zero-width
    (g / "zz-a.yml").write_text(concept(it_term="'   zzspazi    intorno  '", en="  forms: [economie esterne]\n"
                                        f"  note: \"{BIDI}\"\n"), encoding="utf-8")
    # a UTF-8 BOM and CRLF line ends, as some Windows editors save
    (g / "zz-bom.yml").write_bytes(b"\xef\xbb\xbf" + concept("zz-bom", it_term="zzbom", en_term="zzbom")
                                   .replace("\n", "\r\n").encode("utf-8"))
    proc = mkdocs_build(proj, tmp / "site", check=False)
    return proc, tmp / "site"


def page(site, cid: str, lang: str = "it") -> str:
    path = site / ("en/" if lang == "en" else "") / "glossary" / cid / "index.html"
    return path.read_text(encoding="utf-8") if path.is_file() else ""


def test_harmless_cases_build_strictly(harmless):
    assert_builds(harmless[0])


@pytest.mark.parametrize("name", LEFTOVERS)
def test_G35_G45_leftovers_are_ignored_with_one_info_line(harmless, name):
    lines = [ln for ln in output(harmless[0]).splitlines() if f"glossary/{name}: ignored" in ln]
    assert len(lines) == 1 and lines[0].startswith("INFO"), output(harmless[0])


def test_leftovers_and_other_files_are_not_read(harmless):
    proc, site = harmless
    assert not page(site, "zz-dot") and not page(site, "zz-h")  # G45: a dotfile is no concept
    assert "README.md" not in output(proc) and "notes.txt" not in output(proc)  # not concept files, no line


def test_G47_concept_in_a_subfolder_is_loaded(harmless):
    assert "zzsottocartella" in page(harmless[1], "zz-sub")


def test_G9_spaces_in_a_term_are_normalised(harmless):
    html = page(harmless[1], "zz-a")
    assert re.search(r"<h1[^>]*>zzspazi intorno<", html) and "zzspazi  " not in html


def test_G8_a_label_belongs_to_its_language(harmless):
    proc, site = harmless
    terms = {c["id"]: c for c in json.loads((site / "terms.json").read_text(encoding="utf-8"))["concepts"]}
    assert "economie esterne" in [t["label"] for t in terms["zz-a"]["labels"]["en"]["terms"]]  # accepted ...
    # ... and the Italian texts still link the Italian term to its own concept, never to zz-a
    text = (site / "sources" / "tesi-distretti" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<a class="lx-term" href="../../glossary/economie-esterne/"[^>]*>economie esterne</a>', text)
    assert "glossary/zz-a/" not in text


def test_G40_bidi_and_zero_width_are_kept(harmless):
    assert BIDI in page(harmless[1], "zz-a", "en")  # the note, as written (escaped like any text)


def test_bom_and_crlf_are_read(harmless):
    assert "zzbom" in page(harmless[1], "zz-bom")
