"""Link inventories per language, judged by the tools that read them: Sphinx (intersphinx) and
mystmd (Jupyter Book 2, ``node_modules/mystmd``), each building a real project against the built
site served locally; and the abbreviation snippet, one definition per paragraph."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from lessico.exports import abbr, myst_xref, sphinx_inv  # noqa: E402
from test_exports import render_with_abbreviations, small_model  # noqa: E402

pytestmark = pytest.mark.build
MYST = ROOT / "node_modules" / "mystmd" / "dist" / "myst.cjs"


# --- unit: the small model --------------------------------------------------------------------
def test_inventory_per_language():
    import sphobjinv as soi

    m = small_model()
    it = {(o.role, o.name): (o.uri, o.dispname_expanded) for o in soi.Inventory(zlib=sphinx_inv.objects_inv(m, "it")).objects}
    en = {(o.role, o.name): (o.uri, o.dispname_expanded) for o in soi.Inventory(zlib=sphinx_inv.objects_inv(m, "en")).objects}
    assert sphinx_inv.file_name("it") == "objects.inv" and sphinx_inv.file_name("en") == "en/objects.inv"
    # URIs are relative to the language's own root: en/objects.inv + glossary/x/ = en/glossary/x/
    assert it[("term", "distretto industriale")] == ("glossary/distretto-industriale/", "distretto industriale")
    assert en[("term", "industrial district")] == ("glossary/distretto-industriale/", "industrial district")
    assert en[("term", "marshallian district")][1] == "Marshallian district"
    assert ("term", "industrial district") not in it and ("term", "distretto industriale") not in en
    # a label both languages share is in both, each leading to its own language's page
    assert ("term", "ict") in it and ("term", "ict") in en and ("term", "milieu innovateur") in en
    # the concept by its id, display text the preferred term of the language
    assert it[("label", "distretto-industriale")] == ("glossary/distretto-industriale/", "distretto industriale")
    assert en[("label", "distretto-industriale")] == ("glossary/distretto-industriale/", "industrial district")
    assert en[("label", "ict")] == ("glossary/ict/", "ICT")
    # "milieu" names one concept: kept; equal names never repeat
    assert ("term", "milieu") in en
    offline = soi.Inventory(zlib=sphinx_inv.objects_inv(m, "en", directory_urls=False))
    assert {o.name: o.uri for o in offline.objects}["industrial district"] == "glossary/distretto-industriale.html"


def test_myst_xref_references():
    m = small_model()
    data = json.loads(myst_xref.xref_json(m, "en"))
    assert data["version"] == "1" and data["myst"]
    refs = data["references"]
    assert all(r["kind"] == "page" and r["url"].startswith("/glossary/") and r["data"].startswith("/myst/") for r in refs)
    by = {}
    for r in refs:
        for key in (r["identifier"], r.get("html_id")):
            if key:
                by.setdefault(key, set()).add(r["url"])
    assert by["distretto-industriale"] == {"/glossary/distretto-industriale/"}  # the id
    assert by["industrial-district"] == {"/glossary/distretto-industriale/"}  # the term, hyphenated
    assert by["industrial-districts"] == {"/glossary/distretto-industriale/"}  # a plural
    assert by["ID"] == {"/glossary/distretto-industriale/"} and by["ids"] == {"/glossary/distretto-industriale/"}
    assert by["Marshallian district"] == by["marshallian-district"] == {"/glossary/distretto-marshalliano/"}
    assert all(len(urls) == 1 for urls in by.values())  # no name leads to two concepts
    assert myst_xref.html_id("Città d'arte (CdA)") == "citta-d-arte-cda"
    page = json.loads(myst_xref.page_data(m, "distretto-industriale", "it"))
    assert page["frontmatter"]["title"] == "distretto industriale"
    assert "Sistema produttivo locale" in json.dumps(page["mdast"], ensure_ascii=False)


def test_abbreviations_one_definition_per_paragraph(tmp_path):
    m = small_model()
    text = abbr.abbreviations(m, "en")
    paragraphs = text.rstrip("\n").split("\n\n")
    assert len(paragraphs) > 5 and all(re.fullmatch(r"\*\[[^\]\n]+\]: [^\n]+", p) for p in paragraphs), paragraphs
    # the same tooltips as the former file, whose definitions were one block of consecutive lines
    sample = "The industrial district (ID) and Marshallian districts; ICT, milieu innovateur and IDs."
    new, old = tmp_path / "new" / "a.md", tmp_path / "old" / "a.md"
    for path, content in ((new, text), (old, "\n".join(paragraphs) + "\n")):
        path.parent.mkdir()
        path.write_text(content, encoding="utf-8")
    html = render_with_abbreviations(sample, new)
    assert html == render_with_abbreviations(sample, old)
    assert html.count("<abbr ") == 6 and "*[" not in html


# --- the built site: Sphinx --------------------------------------------------------------------
@pytest.fixture(scope="module")
def concepts(site):
    return {c["id"]: c for c in json.loads((site / "terms.json").read_text(encoding="utf-8"))["concepts"]}


def _shared_term(concepts) -> dict:
    """A concept whose preferred term is the same in both languages (cluster, know-how)."""
    return next(c for cid, c in sorted(concepts.items())
                if c["labels"]["it"]["term"].lower() == c["labels"]["en"]["term"].lower())


def _plural(concepts, lang: str, cid: str = "distretto-industriale") -> str:
    labels = concepts[cid]["labels"][lang]
    return next(v for v in labels["variants"] if " " in v and v.lower() != labels["term"].lower())


def test_site_inventories_per_language(site, concepts):
    import sphobjinv as soi

    shared = _shared_term(concepts)
    for lang, prefix in (("it", ""), ("en", "en/")):
        inv = soi.Inventory(site / f"{prefix}objects.inv")
        terms = {o.name: o.uri for o in inv.objects if o.role == "term"}
        ids = {o.name: o.uri for o in inv.objects if o.role == "label"}
        assert set(ids) == set(concepts)
        for cid, c in concepts.items():
            assert terms[c["labels"][lang]["term"].lower()] == ids[cid], cid
            assert (site / prefix / ids[cid] / "index.html").is_file()
        assert terms[shared["labels"][lang]["term"].lower()] == f"glossary/{shared['id']}/"


def test_sphinx_resolves_both_languages(site, base_url, concepts, tmp_path):
    di, shared = concepts["distretto-industriale"], _shared_term(concepts)
    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    # the mapping a lecturer copies from the instructors' page: the site address, or its en/ address
    (src / "conf.py").write_text(textwrap.dedent(f"""\
        project = "Corso"
        extensions = ["sphinx.ext.intersphinx"]
        intersphinx_mapping = {{"lessico": ({base_url!r}, None), "lessico-en": ({base_url + 'en/'!r}, None)}}
        intersphinx_timeout = 5
        """), encoding="utf-8")
    rows = [  # (text in the page, expected URL)
        (f":external+lessico:term:`{di['labels']['it']['term']}`", base_url + di["urls"]["it"]["path"]),
        (f":external+lessico:term:`{_plural(concepts, 'it')}`", base_url + di["urls"]["it"]["path"]),
        (f":external+lessico:term:`{di['labels']['it']['term'].capitalize()}`", base_url + di["urls"]["it"]["path"]),
        (":external+lessico:ref:`distretto-industriale`", base_url + di["urls"]["it"]["path"]),
        (f":external+lessico-en:term:`{di['labels']['en']['term']}`", base_url + di["urls"]["en"]["path"]),
        (f":external+lessico-en:term:`{_plural(concepts, 'en')}`", base_url + di["urls"]["en"]["path"]),
        (":external+lessico-en:ref:`distretto-industriale`", base_url + di["urls"]["en"]["path"]),
        (f":external+lessico-en:term:`{shared['labels']['en']['term']}`", base_url + shared["urls"]["en"]["path"]),
        (f":external+lessico:term:`{shared['labels']['it']['term']}`", base_url + shared["urls"]["it"]["path"]),
    ]
    (src / "index.rst").write_text("Corso\n=====\n\n" + "\n\n".join(f"Link {i}: {t}." for i, (t, _) in enumerate(rows)) + "\n",
                                   encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "sphinx", "-W", "--keep-going", "-E", "-b", "html", str(src), str(out)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    html = (out / "index.html").read_text(encoding="utf-8")
    got = re.findall(r'<a class="reference external" href="([^"]+)"[^>]*>(.*?)</a>', html, re.S)
    assert [h for h, _ in got] == [u for _, u in rows], got
    assert "industrial district" in got[6][1]  # the id entry shows the preferred term of its language
    assert "distretto industriale" in got[3][1]


# --- the built site: mystmd (Jupyter Book 2) ----------------------------------------------------
def test_mystmd_resolves_both_languages(site, base_url, concepts, tmp_path):
    assert MYST.is_file(), "mystmd is missing: run npm ci (package.json lists it)"
    di, shared = concepts["distretto-industriale"], _shared_term(concepts)
    it_url, en_url = base_url + di["urls"]["it"]["path"], base_url + di["urls"]["en"]["path"]
    hyphen = myst_xref.html_id
    sme = concepts["piccole-e-medie-imprese"]
    assert "PMI" in sme["labels"]["it"]["variants"] and "SMEs" in sme["labels"]["en"]["variants"]
    rows = [  # (MyST link, expected URL, expected text or None)
        (f"<xref:lessico#{hyphen(di['labels']['it']['term'])}>", it_url, di["labels"]["it"]["term"]),
        (f"[i distretti](xref:lessico#{hyphen(_plural(concepts, 'it'))})", it_url, "i distretti"),
        ("[PMI](xref:lessico#PMI)", base_url + sme["urls"]["it"]["path"], "PMI"),  # an acronym, as written
        ("<xref:lessico#piccole-e-medie-imprese>", base_url + sme["urls"]["it"]["path"], sme["labels"]["it"]["term"]),
        (f"<xref:lessico-en#{hyphen(di['labels']['en']['term'])}>", en_url, di["labels"]["en"]["term"]),
        (f"[districts](xref:lessico-en#{hyphen(_plural(concepts, 'en'))})", en_url, "districts"),
        ("[SMEs](xref:lessico-en#SMEs)", base_url + sme["urls"]["en"]["path"], "SMEs"),
        ("[firms](xref:lessico-en#smes)", base_url + sme["urls"]["en"]["path"], "firms"),
        ("[the entry](xref:lessico-en#distretto-industriale)", en_url, "the entry"),
        (f"<xref:lessico-en#{hyphen(shared['labels']['en']['term'])}>", base_url + shared["urls"]["en"]["path"], None),
    ]
    proj = tmp_path / "book"
    proj.mkdir()
    (proj / "myst.yml").write_text(textwrap.dedent(f"""\
        version: 1
        project:
          title: Corso
          references:
            lessico: {base_url}
            lessico-en: {base_url}en/
        """), encoding="utf-8")
    body = "\n\n".join(f"Link {i}: {link}" for i, (link, _, _) in enumerate(rows))
    (proj / "index.md").write_text(f"---\ntitle: Corso\nexports:\n  - format: md\n    output: out.md\n---\n\n{body}\n",
                                   encoding="utf-8")
    # the Markdown export needs no site template (the HTML site downloads one): links resolve the same
    env = dict(os.environ, HOME=str(tmp_path), npm_config_cache=str(tmp_path / "npm"))
    proc = subprocess.run(["node", str(MYST), "build", "--md", "--strict"], cwd=proj, env=env,
                          capture_output=True, text=True, timeout=300)
    log = proc.stdout + proc.stderr
    assert proc.returncode == 0, log
    assert "myst references for \"lessico-en\"" in log  # read from en/myst.xref.json, not objects.inv
    assert "not found" not in log and "Unable to resolve" not in log, log
    out = (proj / "out.md").read_text(encoding="utf-8")
    got = re.findall(r"Link \d+: \[([^\]]*)\]\(([^)]+)\)", out)
    assert [u for _, u in got] == [u for _, u, _ in rows], out
    for (text, _), (_, _, expected) in zip(got, rows):
        assert text == (expected if expected is not None else shared["labels"]["en"]["term"]), out


# --- the instructors' page: its examples work as written ----------------------------------------
def _block(text: str, lang: str, contains: str) -> str:
    return next(b for b in re.findall(rf"```{lang}\n(.*?)```", text, re.S) if contains in b)


@pytest.mark.parametrize("lang", ["it", "en"])
def test_instructors_page_examples_resolve(site, base_url, tmp_path, lang):
    """The conf.py, reStructuredText, myst.yml and Markdown examples of the page, pointed at the
    served site: every link resolves, to the page of the language its mapping names."""
    text = (ROOT / "docs" / f"instructors.{lang}.md").read_text(encoding="utf-8")
    host = "https://lessico-distretti.example.org/"

    def local(s: str) -> str:
        return s.replace(host, base_url)

    def expected(key: str) -> str:  # lessico-en -> the English pages; lessico -> the Italian ones
        return base_url + ("en/glossary/" if key.endswith("-en") else "glossary/")

    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    (src / "conf.py").write_text('project = "Corso"\n' + local(_block(text, "python", "intersphinx_mapping")), encoding="utf-8")
    rst = _block(text, "rst", ":external+")
    (src / "index.rst").write_text("Corso\n=====\n\n" + rst.replace("\n", "\n\n"), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "sphinx", "-W", "--keep-going", "-E", "-b", "html", str(src), str(out)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    html = (out / "index.html").read_text(encoding="utf-8")
    got = re.findall(r'<a class="reference external" href="([^"]+)"', html)
    keys = re.findall(r":external\+([\w-]+):", rst)
    assert len(got) == len(keys) >= 4
    for href, key in zip(got, keys):
        assert href.startswith(expected(key)) and (site / href[len(base_url):] / "index.html").is_file(), (href, key)

    proj = tmp_path / "book"
    proj.mkdir()
    (proj / "myst.yml").write_text("version: 1\n" + local(_block(text, "yaml", "references:")), encoding="utf-8")
    md = _block(text, "markdown", "xref:")
    (proj / "index.md").write_text(f"---\ntitle: Corso\nexports:\n  - format: md\n    output: out.md\n---\n\n{md}", encoding="utf-8")
    env = dict(os.environ, HOME=str(tmp_path), npm_config_cache=str(tmp_path / "npm"))
    proc = subprocess.run(["node", str(MYST), "build", "--md", "--strict"], cwd=proj, env=env,
                          capture_output=True, text=True, timeout=300)
    log = proc.stdout + proc.stderr
    assert proc.returncode == 0 and "not found" not in log and "Unable to resolve" not in log, log
    links = re.findall(r"\[([^\]]*)\]\(([^)]+)\)", (proj / "out.md").read_text(encoding="utf-8"))
    keys = re.findall(r"xref:([\w-]+)#", md)
    assert len(links) == len(keys) >= 4
    for (label, href), key in zip(links, keys):
        assert label and href.startswith(expected(key)) and (site / href[len(base_url):] / "index.html").is_file(), (href, key)
