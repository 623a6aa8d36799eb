"""`lessico link` on realistic lecture notes (Markdown, an HTML handout, a Beamer file), both languages."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from lessico.cli import main

from conftest import serve

ROOT = Path(__file__).resolve().parent.parent
SITE = "https://corso.example.org/lessico/"
DI_EN = SITE + "en/glossary/distretto-industriale/"
DI_IT = SITE + "glossary/distretto-industriale/"
TACIT_EN = SITE + "en/glossary/conoscenza-tacita/"


@pytest.fixture(scope="module")
def terms(tmp_path_factory) -> Path:
    """The terms.json the site publishes, written by the pipeline's own export."""
    from lessico.build import build_model
    from lessico.exports import terms as export
    path = tmp_path_factory.mktemp("terms") / "terms.json"
    path.write_bytes(export.dumps(export.terms_data(build_model(ROOT), True, SITE)))
    return path


NOTES_EN = """\
---
title: Week 3
---
# Week 3: industrial districts

An industrial district is a local production system. The industrial district
shares tacit knowledge; the district itself and the trust between firms matter.
Marshallian
industrial districts are the classic case.

```python
industrial_district = "tacit knowledge"  # industrial district
```

Inline `industrial district` code, the formula $tacit knowledge = x$ and
[industrial district](https://en.wikipedia.org/wiki/Industrial_district) already linked; see
https://example.org/tacit-knowledge/ for more.

Enter your student id here. Enter your student ID before the exam.

## Readings

Industrial districts again, in a new section.
"""

NOTES_IT = """\
# Lezione 2

Le economie d’agglomerazione e le economie d'agglomerazione sono la stessa cosa.
Il distretto industriale e il distretto
industriale: solo il primo. Il distretto da solo non è un termine.

## Approfondimento

Le economie d'agglomerazione tornano qui, con l’acquisizione d’impresa.
"""


def run(capsys, *args) -> tuple[int, str, str]:
    rc = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return rc, out, err


def linked(out: str) -> list[tuple[str, str]]:
    return re.findall(r"\[([^\]]+)\]\((https://corso[^)]+)\)", out)


@pytest.mark.unit
def test_markdown_english_notes(tmp_path, terms, capsys):
    f = tmp_path / "week3.md"
    f.write_text(NOTES_EN, encoding="utf-8")
    rc, out, err = run(capsys, "link", f, "--terms", terms, "--lang", "en")
    assert rc == 0, err
    links = linked(out)
    # first occurrence per section; the one split over a line break is found and keeps its lines
    assert links == [
        ("industrial district", DI_EN),
        ("local production system", SITE + "en/glossary/sistema-produttivo-locale/"),
        ("tacit knowledge", TACIT_EN),
        ("Marshallian\nindustrial districts", SITE + "en/glossary/distretto-marshalliano/"),
        ("Industrial districts", DI_EN),
    ]
    assert out.count("\n") == NOTES_EN.count("\n")
    assert "The industrial district\n" in out  # second occurrence in the section: left alone
    # heading, front matter, code, math, an existing link, a URL: untouched
    for kept in ("# Week 3: industrial districts\n", "title: Week 3\n",
                 'industrial_district = "tacit knowledge"  # industrial district\n',
                 "`industrial district`", "$tacit knowledge = x$",
                 "[industrial district](https://en.wikipedia.org/wiki/Industrial_district)",
                 "https://example.org/tacit-knowledge/ for more", "## Readings\n"):
        assert kept in out
    # autolink false (district, trust) and case-sensitive "ID" never hit the ordinary words
    assert "the district itself and the trust" in out
    assert "student id here" in out
    assert "Enter your student ID" in out and "IDs" not in " ".join(t for t, _ in linked(out))
    assert err == ""


@pytest.mark.unit
def test_italian_apostrophes_and_line_break(tmp_path, terms, capsys):
    f = tmp_path / "lezione.md"
    f.write_text(NOTES_IT, encoding="utf-8")
    rc, out, err = run(capsys, "link", f, "--terms", terms)  # Italian: the file's default language
    assert rc == 0, err
    links = linked(out)
    agglo = SITE + "glossary/economie-di-agglomerazione/"
    assert links[0] == ("economie d’agglomerazione", agglo)  # typed with ’, the label has '
    assert ("distretto industriale", DI_IT) in links
    assert ("acquisizione d’impresa", SITE + "glossary/acquisizione/") in links
    assert links.count(("economie d'agglomerazione", agglo)) == 1  # once more, in the second section
    assert "e le economie d'agglomerazione sono" in out
    assert "Il distretto da solo" in out  # «distretto» alone may not be auto-linked


@pytest.mark.unit
def test_line_break_term_in_italian_is_linked_when_first(tmp_path, terms, capsys):
    f = tmp_path / "a.md"
    f.write_text("Il distretto\nindustriale di Prato.\n\nAltro paragrafo.\n", encoding="utf-8")
    rc, out, _ = run(capsys, "link", f, "--terms", terms, "--lang", "it")
    assert out == f"Il [distretto\nindustriale]({DI_IT}) di Prato.\n\nAltro paragrafo.\n"


@pytest.mark.unit
def test_never_across_a_paragraph_break(tmp_path, terms, capsys):
    f = tmp_path / "a.md"
    f.write_text("An industrial\n\ndistrict? No.\n", encoding="utf-8")
    rc, out, _ = run(capsys, "link", f, "--terms", terms, "--lang", "en")
    assert rc == 0 and out == "An industrial\n\ndistrict? No.\n"


@pytest.mark.unit
def test_flags_from_terms_json_are_honoured(tmp_path, terms, capsys):
    data = json.loads(terms.read_text(encoding="utf-8"))
    for c in data["concepts"]:
        if c["id"] == "conoscenza-tacita":
            for t in c["labels"]["en"]["terms"]:
                t["autolink"] = False
        if c["id"] == "distretto-industriale":
            for t in c["labels"]["en"]["terms"]:
                t["case_sensitive"] = True
    edited = tmp_path / "terms.json"
    edited.write_text(json.dumps(data), encoding="utf-8")
    f = tmp_path / "a.md"
    f.write_text("Tacit knowledge in the INDUSTRIAL DISTRICT and then the industrial district.\n", encoding="utf-8")
    rc, out, _ = run(capsys, "link", f, "--terms", edited, "--lang", "en")
    assert out == f"Tacit knowledge in the INDUSTRIAL DISTRICT and then the [industrial district]({DI_EN}).\n"
    rc, out, _ = run(capsys, "link", f, "--terms", terms, "--lang", "en")  # the published flags
    assert linked(out) == [("Tacit knowledge", TACIT_EN), ("INDUSTRIAL DISTRICT", DI_EN)]


@pytest.mark.unit
def test_deprecated_term_is_never_linked(tmp_path, terms, capsys):
    f = tmp_path / "a.md"
    f.write_text("Il governo regionale decide.\n", encoding="utf-8")
    rc, out, _ = run(capsys, "link", f, "--terms", terms, "--lang", "it")
    assert out == "Il governo regionale decide.\n"


HANDOUT = """\
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Industrial district handout</title></head>
<body>
<h1>The industrial district</h1>
<p title="industrial district">An industrial&nbsp;district relies on tacit
knowledge. <code>tacit knowledge</code> and <a href="/x">industrial district</a>.</p>
<pre>industrial district</pre>
<!-- industrial district -->
<h2>Again</h2>
<p>The <em>industrial district</em> once more.</p>
</body></html>
"""


class _Anchors(HTMLParser):
    def __init__(self):
        super().__init__()
        self.anchors, self._in = [], None

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self._in = dict(attrs)
            self.anchors.append([self._in, ""])

    def handle_data(self, data):
        if self._in is not None:
            self.anchors[-1][1] += data

    def handle_endtag(self, tag):
        if tag == "a":
            self._in = None


@pytest.mark.unit
def test_html_handout(tmp_path, terms, capsys):
    f = tmp_path / "handout.html"
    f.write_text(HANDOUT, encoding="utf-8")
    out_file = tmp_path / "linked.html"
    rc, out, err = run(capsys, "link", f, "--terms", terms, "--lang", "en", "-o", out_file)
    assert rc == 0 and out == "" and "3 link(s) added" in err
    html = out_file.read_text(encoding="utf-8")
    parser = _Anchors()
    parser.feed(html)
    ours = [(a["href"], text) for a, text in parser.anchors if a.get("class") == "lessico-term"]
    assert ours == [(DI_EN, "industrial\xa0district"), (TACIT_EN, "tacit\nknowledge"), (DI_EN, "industrial district")]
    first = next(a for a, _ in parser.anchors if a.get("class") == "lessico-term")
    assert first["title"].startswith("Local production system") and first["title"].endswith(".")
    for kept in ("<title>Industrial district handout</title>", "<h1>The industrial district</h1>",
                 '<p title="industrial district">', "<code>tacit knowledge</code>",
                 '<a href="/x">industrial district</a>', "<pre>industrial district</pre>",
                 "<!-- industrial district -->"):
        assert kept in html
    assert html.count("\n") == HANDOUT.count("\n")


@pytest.mark.unit
def test_html_from_word_keeps_its_charset(tmp_path, terms, capsys):
    f = tmp_path / "word.htm"
    page = '<html><head><meta http-equiv=Content-Type content="text/html; charset=windows-1252"></head>' \
           "<body><p class=MsoNormal>Le economie d\u2019agglomerazione e la città.</p></body></html>"
    f.write_bytes(page.encode("windows-1252"))
    rc, _, err = run(capsys, "link", f, "--terms", terms, "--lang", "it", "--in-place")
    assert rc == 0, err
    text = f.read_bytes().decode("windows-1252")
    assert f'href="{SITE}glossary/economie-di-agglomerazione/"' in text and "città" in text


BEAMER = r"""\documentclass{beamer}
\usepackage[utf8]{inputenc}
\title{Industrial districts}
\begin{document}
\section{Industrial districts}
\begin{frame}{Industrial districts}
  \frametitle{The industrial district}
  An industrial district shares tacit
  knowledge \cite{becattini1990industrial}.
  The industrial district again.
  % industrial district in a comment
  $industrial~district$ and \verb|tacit knowledge|
  \begin{verbatim}
  industrial district
  \end{verbatim}
  \url{https://example.org/industrial-district}
\end{frame}
\begin{frame}[fragile]{Next}
  \textbf{Industrial~districts} in the next frame.
\end{frame}
\end{document}
"""


@pytest.mark.unit
def test_latex_beamer(tmp_path, terms, capsys):
    f = tmp_path / "slides.tex"
    f.write_text(BEAMER, encoding="utf-8")
    rc, out, err = run(capsys, "link", f, "--terms", terms, "--lang", "en")
    assert rc == 0 and err == ""  # beamer loads hyperref: no warning
    assert re.findall(r"\\href\{([^}]*)\}\{([^}]*)\}", out) == [
        (DI_EN, "industrial district"), (TACIT_EN, "tacit\n  knowledge"), (DI_EN, "Industrial~districts")]
    for kept in (r"\title{Industrial districts}", r"\section{Industrial districts}",
                 r"\begin{frame}{Industrial districts}", r"\frametitle{The industrial district}",
                 r"\cite{becattini1990industrial}", "The industrial district again.",
                 "% industrial district in a comment", r"$industrial~district$", r"\verb|tacit knowledge|",
                 "  industrial district\n  \\end{verbatim}", r"\url{https://example.org/industrial-district}"):
        assert kept in out
    assert out.count("\n") == BEAMER.count("\n")


@pytest.mark.unit
def test_latex_without_hyperref_warns(tmp_path, terms, capsys):
    f = tmp_path / "notes.tex"
    f.write_text("\\documentclass{article}\n\\begin{document}\nAn industrial district.\n\\end{document}\n", encoding="utf-8")
    rc, out, err = run(capsys, "link", f, "--terms", terms, "--lang", "en")
    assert rc == 0 and rf"\href{{{DI_EN}}}{{industrial district}}" in out
    assert err.strip() == f"lessico: warning: {f}: \\href needs \\usepackage{{hyperref}} in the preamble"


@pytest.mark.unit
@pytest.mark.parametrize("name, text", [("week3.md", NOTES_EN), ("handout.html", HANDOUT), ("slides.tex", BEAMER)])
def test_a_second_run_adds_nothing(tmp_path, terms, capsys, name, text):
    f = tmp_path / name
    f.write_text(text, encoding="utf-8")
    assert run(capsys, "link", f, "--terms", terms, "--lang", "en", "--in-place")[0] == 0
    once = f.read_text(encoding="utf-8")
    assert once != text
    rc, out, _ = run(capsys, "link", f, "--terms", terms, "--lang", "en")
    assert rc == 0 and out == once


@pytest.mark.unit
def test_an_existing_link_counts_as_the_first_occurrence(tmp_path, terms, capsys):
    f = tmp_path / "a.md"
    f.write_text("See [tacit knowledge](https://example.org/tk); tacit knowledge again.\n\n# Next\n\nTacit knowledge.\n", encoding="utf-8")
    rc, out, _ = run(capsys, "link", f, "--terms", terms, "--lang", "en")
    assert linked(out) == [("Tacit knowledge", TACIT_EN)] and "; tacit knowledge again." in out


@pytest.mark.unit
def test_dry_run_reports_one_line_per_link(tmp_path, terms, capsys):
    f = tmp_path / "week3.md"
    f.write_text(NOTES_EN, encoding="utf-8")
    rc, out, err = run(capsys, "link", f, "--terms", terms, "--lang", "en", "--dry-run", "--in-place")
    assert rc == 0
    assert out.splitlines() == [
        f'{f}:6: "industrial district" -> {DI_EN}',
        f'{f}:6: "local production system" -> {SITE}en/glossary/sistema-produttivo-locale/',
        f'{f}:7: "tacit knowledge" -> {TACIT_EN}',
        f'{f}:8: "Marshallian industrial districts" -> {SITE}en/glossary/distretto-marshalliano/',
        f'{f}:23: "Industrial districts" -> {DI_EN}',
    ]
    assert f.read_text(encoding="utf-8") == NOTES_EN and not Path(f"{f}.bak").exists()


@pytest.mark.unit
def test_in_place_keeps_a_backup_and_never_overwrites_one(tmp_path, terms, capsys):
    files = [tmp_path / "a.md", tmp_path / "b.md"]
    for f in files:
        f.write_text("Tacit knowledge.\n", encoding="utf-8")
    rc, out, err = run(capsys, "link", *files, "--terms", terms, "--lang", "en", "--in-place")
    assert rc == 0 and out == ""
    for f in files:
        assert f.read_text(encoding="utf-8") == f"[Tacit knowledge]({TACIT_EN}).\n"
        assert Path(f"{f}.bak").read_text(encoding="utf-8") == "Tacit knowledge.\n"
    rc, out, err = run(capsys, "link", files[0], "--terms", terms, "--in-place")
    assert rc == 2 and err == f"lessico: error: {files[0]}.bak: a backup from an earlier run is in the way: move it away first\n"


def _error(capsys, *args) -> str:
    rc, out, err = run(capsys, *args)
    assert rc == 2 and out == ""
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    return err.strip()


@pytest.mark.unit
def test_errors_are_one_line(tmp_path, terms, capsys):
    note = tmp_path / "n.md"
    note.write_text("Tacit knowledge.\n", encoding="utf-8")
    assert _error(capsys, "link", tmp_path / "missing.md", "--terms", terms) == \
        f"lessico: error: {tmp_path / 'missing.md'}: no such file"
    assert _error(capsys, "link", note, "--terms", tmp_path / "none.json") == \
        f"lessico: error: {tmp_path / 'none.json'}: no such file"
    bad = tmp_path / "bad.json"
    bad.write_text("{\"concepts\": [", encoding="utf-8")
    assert _error(capsys, "link", note, "--terms", bad).startswith(f"lessico: error: {bad}: not valid JSON: ")
    bad.write_text(json.dumps({"concepts": [{"id": "x", "labels": {"it": {}}}]}), encoding="utf-8")
    assert _error(capsys, "link", note, "--terms", bad) == f"lessico: error: {bad}: concepts[0].urls must be an object"
    bad.write_text("[]", encoding="utf-8")
    assert _error(capsys, "link", note, "--terms", bad) == f"lessico: error: {bad}: the file must be an object"
    assert _error(capsys, "link", note, "--terms", "http://127.0.0.1:9/terms.json").startswith(
        "lessico: error: http://127.0.0.1:9/terms.json: cannot download: ")
    assert _error(capsys, "link", note, "--terms", f"file://{terms}") == \
        f"lessico: error: file://{terms}: only http and https URLs can be read, not file:"
    doc = tmp_path / "notes.docx"
    doc.write_bytes(b"PK")
    assert "save a Word document as a web page" in _error(capsys, "link", doc, "--terms", terms)
    assert _error(capsys, "link", note, note, "--terms", terms).endswith("several files: use --in-place (or --dry-run), or -o for one file")
    assert _error(capsys, "link", note, "--terms", terms, "-o", note).endswith("is the input file: use --in-place to overwrite it with a backup")
    assert note.read_text(encoding="utf-8") == "Tacit knowledge.\n"


@pytest.mark.unit
def test_terms_from_a_url(tmp_path, terms, capsys):
    shutil.copy(terms, tmp_path / "terms.json")
    server = serve(tmp_path)
    try:
        note = tmp_path / "n.md"
        note.write_text("Tacit knowledge.\n", encoding="utf-8")
        url = f"http://127.0.0.1:{server.server_address[1]}/terms.json"
        rc, out, _ = run(capsys, "link", note, "--terms", url, "--lang", "en")
        assert rc == 0 and out == f"[Tacit knowledge]({TACIT_EN}).\n"
        assert _error(capsys, "link", note, "--terms", url + ".missing") == \
            f"lessico: error: {url}.missing: cannot download: HTTP 404 File not found"
    finally:
        server.shutdown()


@pytest.mark.build
def test_installed_command(tmp_path, terms):
    """pip install of a copy of the project gives a working `lessico` command and the extension's name."""
    project = tmp_path / "project"
    shutil.copytree(ROOT / "lessico", project / "lessico", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, project / name)
    target = tmp_path / "target"
    proc = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
                           "--target", str(target), str(project)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr  # "invalid command 'bdist_wheel'": requirements-dev.txt's wheel
    assert (target / "lessico" / "exports" / "schema" / "terms.schema.json").is_file()
    assert (target / "lessico" / "templates" / "concept.md").is_file()
    note = tmp_path / "n.md"
    note.write_text("# Tacit knowledge\n\nTacit knowledge.\n", encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(target))
    proc = subprocess.run([str(target / "bin" / "lessico"), "link", str(note), "--terms", str(terms), "--lang", "en"],
                          cwd=tmp_path, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == f"# Tacit knowledge\n\n[Tacit knowledge]({TACIT_EN}).\n"
    proc = subprocess.run([str(target / "bin" / "lessico"), "link", str(note), "--terms", str(tmp_path / "x.json")],
                          cwd=tmp_path, env=env, capture_output=True, text=True)
    assert proc.returncode == 2 and proc.stderr == f"lessico: error: {tmp_path / 'x.json'}: no such file\n"
    # the extension by its entry-point name, as markdown_extensions: [lessico] would load it
    code = ("import markdown, lessico, sys; assert lessico.__file__.startswith(sys.argv[2]);"
            "print(markdown.markdown('Tacit knowledge.', extensions=['lessico'],"
            " extension_configs={'lessico': {'terms': sys.argv[1], 'lang': 'en'}}))")
    proc = subprocess.run([sys.executable, "-c", code, str(terms), str(target)], cwd=tmp_path, env=env,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert f'<a class="lessico-term" href="{TACIT_EN}"' in proc.stdout
