"""The bibliography downloads as their users' tools read them, over the real site built once
(the session ``site`` fixture of conftest.py):

- ``bibliography.bib`` in biber (the Debian package) through a small biblatex document that
  ``\\nocite{*}``s it: no warning at all; with ``--validate-datamodel``, exactly the warnings
  listed below, and why;
- ``bibliography.json`` against the official CSL-JSON schema (a copy in tests/data/csl-schema), with
  a ``language`` on every item, and through pandoc's citeproc: Italian titles stay in sentence case;
- ``bibliography.ris``: every record TY … ER, LA in each;
- a fault scan over the built pages (bibliography, sources, concepts, both languages) and the three
  downloads: no internal id in what a reader sees, no document-sharing host, no punctuation left
  by an empty field.
"""
from __future__ import annotations

import html as htmllib
import json
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote

import pytest
import yaml
from lxml import html

from conftest import ROOT
from test_references import parse_ris

pytestmark = pytest.mark.build

AS_CITED_TITLE = "[Riferimento completo non individuato]"
# document-sharing sites (scribd, docslib, fdocuments, doczz, academia.edu, studocu): a host name with one of those as a label ("it.scribd.com", "www.academia.edu"), in decoded text
SHARING = re.compile(r"(?<![\w-])(?:[\w-]+\.)*(?:(?:scribd|docslib|fdocuments|doczz|studocu)\.[a-z]{2,}|academia\.edu)",
                     re.I)
SCHEMA = json.loads((ROOT / "tests" / "data" / "csl-schema" / "csl-data.json").read_text(encoding="utf-8"))


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} (Debian package) is required for this test and was not found")
    return path


@pytest.fixture(scope="module")
def items(site) -> list[dict]:
    return json.loads((site / "bibliography.json").read_text(encoding="utf-8"))


def _as_cited(item: dict) -> bool:
    """An entry known only from its citations, as the download marks it: language undetermined."""
    return item.get("language") == "und"


# --- biber ------------------------------------------------------------------------------------
DOCUMENT = r"""\documentclass{article}
\usepackage[T1]{fontenc}
\usepackage[style=authoryear,backend=biber]{biblatex}
\addbibresource{bibliography.bib}
\begin{document}
\nocite{*}
\printbibliography
\end{document}
"""


@pytest.fixture(scope="module")
def biber_run(site, tmp_path_factory):
    """(warnings of ``biber``, warnings of ``biber --validate-datamodel``, the .bbl biber wrote)."""
    work = tmp_path_factory.mktemp("biber")
    shutil.copy(site / "bibliography.bib", work / "bibliography.bib")
    (work / "refs.tex").write_text(DOCUMENT, encoding="utf-8")
    latex = subprocess.run([_tool("pdflatex"), "-draftmode", "-interaction=nonstopmode", "refs.tex"],
                           cwd=work, capture_output=True, text=True, timeout=300)
    assert (work / "refs.bcf").exists(), latex.stdout[-2000:]

    def biber(*args: str) -> list[str]:
        run = subprocess.run([_tool("biber"), *args, "refs"], cwd=work, capture_output=True, text=True,
                             timeout=300)
        assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
        return [line for line in run.stdout.splitlines() if line.startswith(("WARN", "ERROR"))]

    plain = biber()
    bbl = (work / "refs.bbl").read_text(encoding="utf-8")
    validated = biber("--validate-datamodel")
    return plain, validated, bbl


def test_biber_reads_every_entry_without_a_warning(biber_run, items):
    plain, _, bbl = biber_run
    assert plain == []
    entries = re.findall(r"\\entry\{([^}]+)\}\{([a-z]+)\}", bbl)
    assert len(entries) == len(items)
    types = dict(entries)
    assert types["becattini_etal2009"] == "collection"  # an edited book
    assert types["url_noinos_it_azioni_asp"] == "online"
    assert types["legge317_1991"] == "misc" and types["ec_rec2003_361"] == "misc"
    assert types["gordon1989"] == "misc"
    # an as-cited work: its author and year as cited, the supplied title, where it is cited
    gordon = bbl[bbl.index(r"\entry{gordon1989}"):]
    gordon = gordon[: gordon.index(r"\endentry")]
    assert r"\field{title}{[Riferimento completo non individuato]}" in gordon
    assert r"\field{year}{1989}" in gordon
    # the supplied title says the reference was not found; the addendum says where it is cited
    assert "\\field{addendum}{Citato in «[Saggio sul concetto di milieu innovateur (sezione 2)]»}" in gordon
    # a law keeps its full date, the EU act its official journal and number
    legge = bbl[bbl.index(r"\entry{legge317_1991}"):]
    assert r"\field{day}{5}" in legge[: legge.index(r"\endentry")]
    ec = bbl[bbl.index(r"\entry{ec_rec2003_361}"):]
    ec = ec[: ec.index(r"\endentry")]
    assert r"\field{howpublished}{Official Journal of the European Union, L 124, pp. 36\bibrangedash 41}" in ec \
        or r"\field{howpublished}{Official Journal of the European Union, L 124, pp. 36--41}" in ec
    assert r"\field{titleaddon}{2003/361/EC}" in ec


def test_biber_datamodel_warnings_are_only_the_undated_web_pages(biber_run, items):
    """What remains under ``--validate-datamodel``, and why: biblatex's data model wants a date
    for every @online entry, and a web page the sources cite by its address alone has none.
    Nothing is invented to quiet it (no "n.d." as a date): the sources give no date."""
    _, validated, _ = biber_run
    undated_pages = sorted(i["id"] for i in items if i["type"] == "webpage" and "issued" not in i)
    assert len(undated_pages) == 8
    assert sorted(validated) == sorted(
        f"WARN - Datamodel: Entry '{rid}' (bibliography.bib): Missing mandatory field - one of 'date, year' must be defined"
        for rid in undated_pages)


# --- CSL-JSON -----------------------------------------------------------------------------------
def test_csl_json_is_valid_against_the_official_schema(items):
    import jsonschema

    errors = [f"{e.json_path}: {e.message}" for e in jsonschema.Draft7Validator(SCHEMA).iter_errors(items)]
    assert errors == []
    assert all(set(i) <= set(SCHEMA["items"]["properties"]) for i in items)  # no custom top-level key
    assert all(i.get("language") for i in items)
    langs = {i["id"]: i["language"] for i in items}
    assert (langs["becattini1979"], langs["piore_sabel1984"], langs["gordon1989"]) == ("it", "en", "und")
    # an as-cited item says in its note, for a human, where it is cited and what is missing
    notes = {i["id"]: i.get("note") for i in items if _as_cited(i)}
    assert len(notes) > 40
    assert notes["gordon1989"] == ("Citato in «[Saggio sul concetto di milieu innovateur (sezione 2)]»; "
                                   "riferimento completo non individuato")
    assert all(n and n.startswith("Citato in «") and n.endswith("; riferimento completo non individuato")
               for n in notes.values())
    assert not any("note" in i for i in items if not _as_cited(i))  # no internal note on a record


def _pandoc_plain(bibliography: Path, tmp: Path) -> str:
    doc = tmp / "refs.md"
    doc.write_text('---\nnocite: "@*"\nlang: en-US\n---\n', encoding="utf-8")
    run = subprocess.run([_tool("pandoc"), str(doc), "--citeproc", "--bibliography", str(bibliography),
                          "-t", "plain", "--wrap=none"], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0 and run.stderr == "", run.stderr
    return run.stdout


def test_pandoc_keeps_italian_titles_in_sentence_case(site, items, tmp_path):
    out = _pandoc_plain(site / "bibliography.json", tmp_path)
    assert "Dal settore industriale al distretto industriale" in out
    assert "Interventi per l’innovazione e lo sviluppo delle piccole imprese" in out
    assert "Rivista di Economia" in out and "Rivista Di" not in out
    assert "Gordon. 1989." in out  # an as-cited work: only what the sources say
    # the same file without its languages: pandoc title-cases the Italian titles (what the export prevents)
    bare = tmp_path / "bare.json"
    bare.write_text(json.dumps([{k: v for k, v in i.items() if k != "language"} for i in items]), encoding="utf-8")
    assert "Dal Settore Industriale" in _pandoc_plain(bare, tmp_path)


# --- RIS ----------------------------------------------------------------------------------------
def test_ris_records_each_with_type_and_language(site, items):
    records = parse_ris((site / "bibliography.ris").read_bytes())
    assert len(records) == len(items)
    for rec, item in zip(records, items):
        assert rec["LA"] == [item["language"]], item["id"]
        if _as_cited(item):
            assert rec["TY"] == (["ELEC"] if item["type"] == "webpage" else ["GEN"]), item["id"]
            assert rec["TI"] == [item.get("title", AS_CITED_TITLE)]
            # beside the supplied title "[Riferimento completo non individuato]", only where it is cited
            assert rec["N1"] == [item["note"] if item.get("title") else item["note"].removesuffix("; riferimento completo non individuato")]
        else:
            assert "N1" not in rec, item["id"]
    by_title = {r["TI"][0]: r for r in records if "TI" in r}
    assert by_title["A handbook of industrial districts"]["TY"] == ["EDBOOK"]


# --- fault scan ---------------------------------------------------------------------------------
def _pages(site: Path) -> list[Path]:
    pages = []
    for root in (site, site / "en"):
        pages.append(root / "bibliography" / "index.html")
        pages += sorted((root / "sources").glob("*/index.html"))
        pages += sorted(p for p in (root / "glossary").glob("*/index.html")
                        if p.parent.name not in ("print", "self-check"))
    return pages


def _visible(page: Path) -> str:
    """What a reader sees or hovers on a page: its text and its title, alt and aria-label attributes."""
    tree = html.document_fromstring(page.read_bytes(), parser=html.HTMLParser(encoding="utf-8"))
    for bad in tree.xpath("//script | //style | //template"):
        bad.drop_tree()
    body = tree.body
    attrs = [v for el in body.iter() if isinstance(el.tag, str)
             for k, v in el.attrib.items() if k in ("title", "alt", "aria-label")]
    # a BibTeX entry's key ("cite this work" holds the export's own entry) is a citation key, as
    # in the download, not text a reader reads: only its fields are scanned
    return re.sub(r"@\w+\{[^,\s]+,", "@entry{", "\n".join([body.text_content(), *attrs]))


def _internal_ids(items: list[dict]) -> list[str]:
    """The workshop's names: source ids and file names, reference ids. A source id that is a plain
    word ("piattaforme") cannot be told from the word in a text and is left out."""
    sources = yaml.safe_load((ROOT / "sources" / "sources.yml").read_text(encoding="utf-8"))
    names = [s["id"] for s in sources if re.search(r"[-_\d]", s["id"])] + [s["file"] for s in sources]
    return names + [i["id"] for i in items]


def _find_ids(text: str, ids: list[str]) -> list[str]:
    return sorted({i for i in ids if re.search(rf"(?<![\w/.#-]){re.escape(i)}(?![\w-])", text)}
                  | ({"as cited in"} if re.search(r"\bas cited in \w+-\w+", text) else set()))


# punctuation an empty field leaves: "()", ", .", ". ,", a separator at the start or end, ". ."
# (a full stop before a comma is an initial, "Becattini, G., …"; addresses are left out)
EMPTY_FIELD = re.compile(r"\(\s*\)|\[\s*\]|«\s*»|“\s*”|[,;:]\s*[.,;:)]|(?<![.\w])\.\s+\.|^\s*[.,;:)]|[,;:(]\s*$"
                         r"|\s[,;:.](?=\s|$)")
URL = re.compile(r"(?:https?://|www\.)\S+")


def _ref_texts(page: Path) -> list[str]:
    tree = html.document_fromstring(page.read_bytes(), parser=html.HTMLParser(encoding="utf-8"))
    return [" ".join(p.text_content().split()) for p in tree.find_class("lx-ref-text")]


def _export_texts(site: Path) -> dict[str, list[str]]:
    """The values users see in the three downloads (a BibTeX key and a CSL id are not shown)."""
    bib = (site / "bibliography.bib").read_text(encoding="utf-8")
    ris = (site / "bibliography.ris").read_text(encoding="utf-8")
    data = json.loads((site / "bibliography.json").read_text(encoding="utf-8"))

    def values(x):
        if isinstance(x, dict):
            return [v for k, y in x.items() if k != "id" for v in values(y)]
        if isinstance(x, list):
            return [v for y in x for v in values(y)]
        return [str(x)]

    return {
        "bibliography.bib": re.findall(r"^  [a-z]+ = \{(.*)\},?$", bib, re.M),
        "bibliography.ris": [line[6:] for line in ris.split("\r\n") if len(line) > 6],
        "bibliography.json": [v for item in data for v in values(item)],
    }


def test_no_internal_id_in_pages_or_downloads(site, items):
    ids = _internal_ids(items)
    assert "gremi-milieu" in ids and "gordon1989" in ids
    assert _find_ids("Bagnasco, 1977. as cited in gremi-milieu.", ids) == ["as cited in", "gremi-milieu"]
    pages = _pages(site)
    assert len(pages) > 100
    found = {str(p.relative_to(site)): _find_ids(_visible(p), ids) for p in pages}
    assert {k: v for k, v in found.items() if v} == {}
    for name, texts in _export_texts(site).items():
        urls = re.compile(r"https?://\S+")
        assert _find_ids("\n".join(urls.sub("", t) for t in texts), ids) == [], name


def test_no_document_sharing_host_in_pages_or_downloads(site):
    files = _pages(site) + [site / n for n in ("bibliography.bib", "bibliography.ris", "bibliography.json")]
    assert SHARING.findall("https://www.scribd.com/doc/1 e it.Scribd.com, www.academia.edu/x") == [
        "www.scribd.com", "it.Scribd.com", "www.academia.edu"]
    assert SHARING.findall("http%3a%2f%2fdocuments.worldbank.org%2f") == []  # decoded: not fdocuments
    hits = {str(f.relative_to(site)): SHARING.findall(unquote(htmllib.unescape(f.read_text(encoding="utf-8"))))
            for f in files}
    assert {k: v for k, v in hits.items() if v} == {}


def test_no_empty_field_punctuation(site):
    assert EMPTY_FIELD.search("Gordon. (1989). . Recuperato da") and EMPTY_FIELD.search("(s.d.). , 12")
    assert EMPTY_FIELD.search("Becattini, G. (). Titolo") and EMPTY_FIELD.search("Titolo, , Editore")
    assert not EMPTY_FIELD.search("Barberis et al., 2012") and not EMPTY_FIELD.search("Becattini, G., & Dei Ottati, G.")
    bad = {}
    for lang_root in ("", "en/"):
        texts = _ref_texts(site / lang_root / "bibliography" / "index.html")
        assert len(texts) > 80
        bad[f"{lang_root}bibliography"] = [t for t in texts if EMPTY_FIELD.search(URL.sub("", t))]
    for name, texts in _export_texts(site).items():
        bad[name] = [t for t in texts if EMPTY_FIELD.search(URL.sub("", t))]
    assert {k: v for k, v in bad.items() if v} == {}


# --- citation tooltips ----------------------------------------------------------------------------
def test_citation_tooltips_of_as_cited_works_say_where_they_are_cited(site, items):
    as_cited = {i["id"] for i in items if _as_cited(i)}
    expected = {
        "": "Gordon (1989) — citato in «[Saggio sul concetto di milieu innovateur (sezione 2)]»; "
            "riferimento completo non individuato",
        "en/": "Gordon (1989) — cited in “[Paper on the concept of milieu innovateur (section 2)]”; "
               "full reference not identified",
    }
    for root, gordon in expected.items():
        tips: dict[str, set[str]] = {}
        for page in sorted((site / root / "sources").glob("*/index.html")):
            tree = html.document_fromstring(page.read_bytes(), parser=html.HTMLParser(encoding="utf-8"))
            for a in tree.find_class("lx-cite"):
                rid = a.get("href").rpartition("#")[2]
                # what the reader is shown: an in-text citation's preview card (data-lx-ref), or the
                # tooltip of a bare-URL line's link to its entry (title)
                tips.setdefault(rid, set()).add(a.get("data-lx-ref") or a.get("title"))
        assert tips["gordon1989"] == {gordon}
        missing = expected[root].rpartition("; ")[2]
        # every as-cited work cited in a text: its tooltip names where and what is missing, never a bare stub
        cited = as_cited & set(tips)
        assert len(cited) > 40
        assert {rid for rid in cited for tip in tips[rid] if not tip.endswith("; " + missing)
                or " — " not in tip} == set()
        # a verified record's tooltip is its formatted reference
        assert all("—" not in tip for tip in tips["becattini1979"]) and tips["becattini1979"]


def test_bibtex_natbib_warns_about_no_as_cited_entry_but_undated_web_pages(site, items, tmp_path):
    """Classic BibTeX (natbib's plainnat) reads the same file: an authorless entry has a key to
    sort by; an as-cited entry draws no warning but an undated web page's "empty year" (and its
    biblatex type, @online, which plainnat does not define)."""
    shutil.copy(site / "bibliography.bib", tmp_path / "bibliography.bib")
    (tmp_path / "b.tex").write_text(
        "\\documentclass{article}\\usepackage[T1]{fontenc}\\usepackage{natbib}\\begin{document}"
        "\\nocite{*}\\bibliographystyle{plainnat}\\bibliography{bibliography}\\end{document}\n", encoding="utf-8")
    subprocess.run([_tool("pdflatex"), "-draftmode", "-interaction=nonstopmode", "b.tex"], cwd=tmp_path,
                   capture_output=True, timeout=300)
    run = subprocess.run([_tool("bibtex"), "b"], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert "error" not in run.stdout.lower(), run.stdout
    warnings = [line for line in run.stdout.splitlines() if line.startswith("Warning--")]
    assert not [w for w in warnings if "to sort, need author or key" in w]
    undated = {i["id"] for i in items if i["type"] == "webpage" and "issued" not in i}
    for item in items:
        if not _as_cited(item):
            continue
        about = [w for w in warnings if re.search(rf"\b{re.escape(item['id'])}\b", w)]
        allowed = ({f"Warning--empty year in {item['id']}",
                    f'Warning--entry type for "{item["id"]}" isn\'t style-file defined'}
                   if item["id"] in undated else set())
        assert set(about) <= allowed, about
