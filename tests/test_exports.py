"""Exports: unit tests on a small hand-made model, then the real consumers on the built site
(rdflib, Sphinx + intersphinx, lxml, jsonschema, Python-Markdown's abbr with pymdownx.snippets)."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from lxml import etree
from types import SimpleNamespace
from urllib.parse import unquote

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from lessico import urls  # noqa: E402
from lessico.exports import abbr, moodle, skos, sphinx_inv, tbx, terms  # noqa: E402
from lessico.model import LANGS, Concept, LangEntry, Occurrence, Paragraph, Source, SourceMeta  # noqa: E402

pytestmark = pytest.mark.build

SITE_URL = "https://lessico-distretti.example.org/"
EXPORTS = ["terms.json", "terms.schema.json", "skos.ttl", "skos.jsonld", "objects.inv", "en/objects.inv",
           "myst.xref.json", "en/myst.xref.json",
           "moodle-glossary-it.xml", "moodle-glossary-en.xml", "glossary.tbx",
           "abbreviations-it.md", "abbreviations-en.md", "glossary-it.tex", "glossary-en.tex", "glossary-it.md",
           "glossary-en.md", "bibliography.bib", "bibliography.ris", "bibliography.json",
           "flashcards/lessico-dei-distretti-it.tsv", "flashcards/lessico-dei-distretti-en.tsv"]


# --- a small model ----------------------------------------------------------------------------
def small_model():
    def concept(cid, theme, it, en, **rel):
        return Concept(id=cid, theme=theme, labels={"it": LangEntry.plain(*it), "en": LangEntry.plain(*en)}, **rel)

    concepts = {
        "distretto-industriale": concept(
            "distretto-industriale", "district-theory",
            ("distretto industriale", ["distretti industriali", "distretto", "distretti"],
             "Sistema produttivo locale di piccole imprese specializzate.", "Nota di prova <b>con</b> & simboli."),
            ("industrial district", ["industrial districts", "district", "ID", "IDs"],
             "Local production system of small specialised firms.", None),
            narrower=["distretto-marshalliano"], related=["milieu-innovateur"], sources=["s1"], references=["becattini1979"]),
        "distretto-marshalliano": concept(
            "distretto-marshalliano", "district-theory",
            ("distretto marshalliano", ["distretti marshalliani"], "Distretto industriale descritto da Marshall.", None),
            ("Marshallian district", ["Marshallian districts", "marshallian district"], "Industrial district as described by Marshall.", None),
            broader=["distretto-industriale"]),
        "milieu-innovateur": concept(
            "milieu-innovateur", "milieu",
            ("milieu innovateur", ["milieux innovateurs", "milieu"], "Insieme territoriale di relazioni che genera innovazione.", None),
            ("milieu innovateur", ["innovative milieu", "milieu"], "Territorial set of relations that generates innovation.", "A note."),
            related=["distretto-industriale"]),
        "ict": concept(
            "ict", "ict-logistics",
            ("ICT", ["tecnologie dell'informazione e della comunicazione"], "Tecnologie dell'informazione e della comunicazione.", None),
            ("ICT", ["information and communication technologies"], "Information and communication technologies.", None),
            aliases=["tic"]),
    }
    meta = SourceMeta(id="s1", file="000.txt", lang="it", kind="paper", title=None, year=2013)
    src = Source(meta=meta, paragraphs=[Paragraph("p1", "para", "x"), Paragraph("p2", "para", "y")],
                 footnotes=[], removed=[], fixes={})
    occ = {"distretto-industriale": [Occurrence("distretto-industriale", "s1", "p1", 0, 9),
                                     Occurrence("distretto-industriale", "s1", "p1", 20, 29),
                                     Occurrence("distretto-industriale", "s1", "p2", 0, 9)]}
    bib = SimpleNamespace(
        items=[{"id": "becattini1979", "type": "article-journal", "title": "Dal settore industriale al distretto industriale",
                "author": [{"family": "Becattini", "given": "G."}], "issued": {"date-parts": [[1979]]},
                "custom": {"verified": {"authority": "Rivista di Economia e Politica Industriale", "identifier": "1979", "url": "https://example.org/rivista"}}}],
        cited_in={"becattini1979": [("s1", "p2")]})
    return SimpleNamespace(concepts=concepts, sources=[src], occurrences=occ, bib=bib)


@pytest.fixture
def model():
    return small_model()


# --- shared checks ----------------------------------------------------------------------------
def skos_integrity(g) -> list[str]:
    """SKOS integrity: one prefLabel per language, pref/alt disjoint, relation targets in the
    scheme, related symmetric, broader/narrower inverse, every concept in the scheme."""
    from rdflib import RDF
    from rdflib.namespace import SKOS

    problems = []
    from rdflib.namespace import DCTERMS

    # one scheme for the glossary; the themes' schemes (with their top concepts) are its parts
    schemes = {x for x in g.subjects(RDF.type, SKOS.ConceptScheme) if (x, DCTERMS.isPartOf, None) not in g}
    if len(schemes) != 1:
        return [f"{len(schemes)} concept schemes"]
    scheme = schemes.pop()
    concepts = set(g.subjects(RDF.type, SKOS.Concept))
    for lang in LANGS:
        if len([x for x in g.objects(scheme, SKOS.prefLabel) if x.language == lang]) != 1:
            problems.append(f"scheme: prefLabel@{lang}")
    for c in concepts:
        if (c, SKOS.inScheme, scheme) not in g:
            problems.append(f"{c}: not inScheme")
        if len(list(g.objects(c, SKOS.notation))) != 1:
            problems.append(f"{c}: notation")
        for lang in LANGS:
            prefs = {x for x in g.objects(c, SKOS.prefLabel) if x.language == lang}
            alts = {x for x in g.objects(c, SKOS.altLabel) if x.language == lang}
            hidden = {x for x in g.objects(c, SKOS.hiddenLabel) if x.language == lang}
            if (prefs & hidden) or (alts & hidden):  # SKOS: the three label sets are pairwise disjoint
                problems.append(f"{c}: {(prefs | alts) & hidden} also hidden @{lang}")
            if len(prefs) != 1:
                problems.append(f"{c}: {len(prefs)} prefLabel@{lang}")
            if prefs & alts:
                problems.append(f"{c}: {prefs & alts} both pref and alt @{lang}")
            if len([x for x in g.objects(c, SKOS.definition) if x.language == lang]) != 1:
                problems.append(f"{c}: definition@{lang}")
        for prop, inverse in ((SKOS.broader, SKOS.narrower), (SKOS.narrower, SKOS.broader), (SKOS.related, SKOS.related)):
            for target in g.objects(c, prop):
                if target not in concepts:
                    problems.append(f"{c}: {prop} target {target} not in the scheme")
                if (target, inverse, c) not in g:
                    problems.append(f"{c}: {prop} {target} without inverse")
        top = (scheme, SKOS.hasTopConcept, c) in g
        if top != (not list(g.objects(c, SKOS.broader))):
            problems.append(f"{c}: hasTopConcept must be exactly the concepts without broader")
    return problems


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs, self.ids, self.jsonld, self._in_ld = [], set(), [], False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "a" and a.get("href"):
            self.hrefs.append(a["href"])
        self._in_ld = tag == "script" and a.get("type") == "application/ld+json"

    def handle_data(self, data):
        if self._in_ld:
            self.jsonld.append(data)

    def handle_endtag(self, tag):
        self._in_ld = False


def parse_html(path: Path) -> _Links:
    p = _Links()
    p.feed(path.read_text(encoding="utf-8"))
    return p


def site_file(site: Path, path: str) -> Path:
    path = unquote(path.split("#")[0])
    return site / (path + "index.html" if path.endswith("/") or path == "" else path)


def check_url(site: Path, url: str, site_url: str, ids_cache: dict, offline: bool = False) -> str | None:
    """None if ``url`` (absolute under site_url, or site-relative) exists in the built site,
    anchor included; else a description of the problem. Other hosts are not checked. In an
    offline build an absolute URL names the online page (``x/``), which is the file ``x.html``."""
    absolute = bool(re.match(r"^[a-z]+:", url))
    if absolute:
        if not url.startswith(site_url):
            return None
        url = url[len(site_url):]
    path, _, frag = url.partition("#")
    f = site_file(site, path)
    if offline and absolute and not f.is_file() and path.endswith("/"):
        f = site_file(site, path[:-1] + ".html")
    if not f.is_file():
        return f"{url}: no file {f.relative_to(site)}"
    if frag:
        if f not in ids_cache:
            ids_cache[f] = parse_html(f).ids
        if frag not in ids_cache[f]:
            return f"{url}: no element with id '{frag}'"
    return None


# --- unit tests -------------------------------------------------------------------------------
def test_terms_json_shape_and_schema(model):
    import jsonschema

    data = terms.terms_data(model, True, SITE_URL)
    jsonschema.Draft202012Validator.check_schema(terms.schema_data(SITE_URL))
    jsonschema.validate(data, terms.schema_data(SITE_URL), cls=jsonschema.Draft202012Validator)
    c = {x["id"]: x for x in data["concepts"]}["distretto-industriale"]
    assert c["urls"]["it"] == {"path": "glossary/distretto-industriale/", "url": SITE_URL + "glossary/distretto-industriale/"}
    assert c["urls"]["en"]["path"] == "en/glossary/distretto-industriale/"
    assert c["permalink"]["path"] == "t/distretto-industriale/"
    assert c["uri"] == SITE_URL + "t/distretto-industriale/"
    assert c["occurrences"] == [{"source": "s1", "anchor": "p1", "count": 2}, {"source": "s1", "anchor": "p2", "count": 1}]
    assert c["labels"]["it"]["note"].startswith("Nota di prova")
    assert data["references"][0]["cited_in"] == [{"source": "s1", "anchor": "p2"}]
    assert data["sources"][0]["urls"]["en"]["path"] == "en/sources/s1/"
    assert [x["id"] for x in data["concepts"]] == sorted(model.concepts)
    assert terms.dumps(data) == terms.dumps(terms.terms_data(small_model(), True, SITE_URL))


def test_terms_json_offline_urls_end_in_html(model):
    data = terms.terms_data(model, False, SITE_URL)
    c = {x["id"]: x for x in data["concepts"]}["ict"]
    assert c["urls"]["it"]["path"] == "glossary/ict.html"
    assert c["urls"]["en"]["path"] == "en/glossary/ict.html"
    assert data["references"][0]["urls"]["en"]["path"] == "en/bibliography/index.html#becattini1979"


def test_skos_graph_integrity_and_serialisations_agree(model):
    from rdflib import Graph, Literal, URIRef
    from rdflib.compare import isomorphic
    from rdflib.namespace import FOAF, SKOS

    g = skos.graph(model, True, SITE_URL)
    assert skos_integrity(g) == []
    ttl, jld = Graph().parse(data=skos.turtle(g), format="turtle"), Graph().parse(data=skos.jsonld(g), format="json-ld")
    assert isomorphic(ttl, jld) and isomorphic(ttl, g)
    c = URIRef(SITE_URL + "t/milieu-innovateur/")
    assert (c, SKOS.prefLabel, Literal("milieu innovateur", lang="en")) in ttl
    assert (c, SKOS.hiddenLabel, Literal("innovative milieu", lang="en")) in ttl  # a form in the small model
    assert (c, SKOS.notation, Literal("milieu-innovateur")) in ttl
    assert (c, FOAF.page, URIRef(SITE_URL + "en/glossary/milieu-innovateur/")) in ttl
    # the form equal to the preferred term is not a label again; a case variant is (SKOS is case-sensitive)
    d = URIRef(SITE_URL + "t/distretto-marshalliano/")
    assert (d, SKOS.hiddenLabel, Literal("marshallian district", lang="en")) in ttl


def test_site_skos_types_its_labels(site):
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import SKOS

    g = Graph().parse(site / "skos.ttl", format="turtle")
    assert skos_integrity(g) == []
    site_url = json.loads((site / "terms.json").read_text(encoding="utf-8"))["site_url"]
    pmi = URIRef(site_url + "t/piccole-e-medie-imprese/")
    assert (pmi, SKOS.altLabel, Literal("PMI", lang="it")) in g            # an abbreviation: shown
    assert (pmi, SKOS.hiddenLabel, Literal("piccole e medie imprese", lang="it")) in g  # a form: hidden
    sba = URIRef(site_url + "t/small-business-act/")
    assert (sba, SKOS.hiddenLabel, Literal("direttiva SBA", lang="it")) in g  # deprecated: never an altLabel
    assert (sba, SKOS.altLabel, Literal("direttiva SBA", lang="it")) not in g


def test_skos_serialisation_is_deterministic(tmp_path):
    code = ("import sys; sys.path[:0] = [%r, %r]; import test_exports as t; from lessico.exports import skos; "
            "g = skos.graph(t.small_model(), True, t.SITE_URL); "
            "sys.stdout.buffer.write(skos.turtle(g) + b'\\0' + skos.jsonld(g))") % (str(ROOT), str(ROOT / "tests"))
    outs = {subprocess.run([sys.executable, "-c", code], env=dict(os.environ, PYTHONHASHSEED=seed),
                           capture_output=True, check=True).stdout for seed in ("1", "2", "3")}
    assert len(outs) == 1


def test_objects_inv_entries(model):
    import sphobjinv as soi

    inv = soi.Inventory(zlib=sphinx_inv.objects_inv(model, "it"))
    assert inv.project == "Lessico dei distretti"
    got = {o.name: (o.uri, o.dispname_expanded) for o in inv.objects if o.role == "term"}
    assert all(o.domain == "std" and o.role in ("term", "label") for o in inv.objects)
    assert got["distretto industriale"] == ("glossary/distretto-industriale/", "distretto industriale")
    assert got["distretti industriali"][0] == "glossary/distretto-industriale/"
    assert got["ict"][0] == "glossary/ict/"
    assert got["milieu innovateur"][0] == "glossary/milieu-innovateur/"
    assert "industrial district" not in got  # English labels are in en/objects.inv only
    assert all(name == name.lower() for name in got)
    assert len({(o.role, o.name) for o in inv.objects}) == len(inv.objects)
    offline = soi.Inventory(zlib=sphinx_inv.objects_inv(model, "en", directory_urls=False))
    assert {o.name: o.uri for o in offline.objects}["industrial district"] == "glossary/distretto-industriale.html"


def check_moodle(xml: bytes) -> list:
    from lxml import etree

    root = etree.fromstring(xml)
    assert root.tag == "GLOSSARY"
    info = root.find("INFO")
    for tag in ("NAME", "INTRO", "INTROFORMAT", "ALLOWDUPLICATEDENTRIES", "DISPLAYFORMAT", "SHOWSPECIAL",
                "SHOWALPHABET", "SHOWALL", "ALLOWCOMMENTS", "USEDYNALINK", "DEFAULTAPPROVAL",
                "GLOBALGLOSSARY", "ENTBYPAGE", "ENTRIES"):
        assert info.find(tag) is not None, tag
    entries = info.findall("ENTRIES/ENTRY")
    assert entries
    for e in entries:
        for tag in ("CONCEPT", "DEFINITION", "FORMAT", "USEDYNALINK", "CASESENSITIVE", "FULLMATCH", "TEACHERENTRY"):
            assert (e.findtext(tag) or "").strip(), tag
        assert e.findtext("FORMAT") == "1"
        for alias in e.findall("ALIASES/ALIAS"):
            assert (alias.findtext("NAME") or "").strip()
        etree.fromstring(f"<div>{e.findtext('DEFINITION')}</div>")  # the definition is well-formed HTML
    return entries


def test_moodle_xml(model):
    entries = check_moodle(moodle.glossary_xml(model, "en", True, SITE_URL))
    by = {e.findtext("CONCEPT"): e for e in entries}
    d = by["industrial district"]
    # "district" alone is an everyday word: never a course-wide alias (autolink false by default)
    assert [a.findtext("NAME") for a in d.findall("ALIASES/ALIAS")] == ["industrial districts"]
    assert d.findtext("CASESENSITIVE") == "0" and d.findtext("USEDYNALINK") == "1"
    assert 'href="https://lessico-distretti.example.org/en/glossary/distretto-industriale/"' in d.findtext("DEFINITION")
    acr = by["ID"]  # abbreviations: their own case-sensitive entry
    assert acr.findtext("CASESENSITIVE") == "1" and [a.findtext("NAME") for a in acr.findall("ALIASES/ALIAS")] == ["IDs"]
    assert by["ICT"].findtext("CASESENSITIVE") == "1"
    it = {e.findtext("CONCEPT"): e for e in check_moodle(moodle.glossary_xml(model, "it", True, SITE_URL))}
    assert "Nota di prova &lt;b&gt;con&lt;/b&gt; &amp; simboli." in it["distretto industriale"].findtext("DEFINITION")


def check_tbx(data: bytes, model_ids) -> None:
    from lxml import etree

    ns = {"t": "urn:iso:std:iso:30042:ed-2"}
    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    root = etree.fromstring(data)
    assert root.tag == "{urn:iso:std:iso:30042:ed-2}tbx" and root.get("type") == "TBX-Basic" and root.get("style") == "dca"
    assert root.find("t:tbxHeader/t:fileDesc/t:titleStmt/t:title", ns) is not None
    entries = root.findall("t:text/t:body/t:conceptEntry", ns)
    assert sorted(e.get("id") for e in entries) == sorted(tbx.tbx_id(i) for i in model_ids)
    ids = {e.get("id") for e in entries}
    for ref in root.iter("{urn:iso:std:iso:30042:ed-2}ref"):  # TBX-Basic: IDREF, at conceptEntry level
        assert ref.get("type") == "crossReference" and ref.get("target") in ids
        assert etree.QName(ref.getparent()).localname == "conceptEntry"
    for xref in root.iter("{urn:iso:std:iso:30042:ed-2}xref"):  # TBX-Basic: at conceptEntry or termSec, http(s)
        assert xref.get("type") == "externalCrossReference" and re.match(r"https?://.+", xref.get("target"))
        assert etree.QName(xref.getparent()).localname in ("conceptEntry", "termSec")
    for e in entries:
        assert e.find("t:descrip[@type='subjectField']", ns) is not None
        secs = {s.get(xml_lang): s for s in e.findall("t:langSec", ns)}
        assert set(secs) == set(LANGS), e.get("id")
        for lang, s in secs.items():
            assert (s.findtext("t:descrip[@type='definition']", namespaces=ns) or "").strip()
            terms_ = s.findall("t:termSec", ns)
            statuses = [x.findtext("t:termNote[@type='administrativeStatus']", namespaces=ns) for x in terms_]
            assert statuses[0] == "preferredTerm-admn-sts" and statuses.count("preferredTerm-admn-sts") == 1
            assert set(statuses[1:]) <= {"admittedTerm-admn-sts", "deprecatedTerm-admn-sts"}
            assert terms_[0].find("t:xref[@type='externalCrossReference']", ns) is not None


def test_tbx(model):
    data = tbx.tbx(model, True, SITE_URL)
    check_tbx(data, model.concepts)
    assert b'<ref type="crossReference" target="milieu-innovateur">' in data
    assert b"admittedTerm-admn-sts" not in data  # the small model has forms only: never TBX terms


def test_site_moodle_never_autolinks_an_everyday_word(site):
    for lang, word, term in (("en", "district", "industrial district"), ("it", "distretto", "distretto industriale")):
        entries = {e.findtext("CONCEPT"): e for e in
                   etree.fromstring((site / f"moodle-glossary-{lang}.xml").read_bytes()).iter("ENTRY")}
        aliases = {a.findtext("NAME") for e in entries.values() for a in e.iter("ALIAS")}
        assert word not in aliases and word not in entries, word
        assert entries[term].findtext("USEDYNALINK") == "1"
    en = {e.findtext("CONCEPT"): e for e in
          etree.fromstring((site / "moodle-glossary-en.xml").read_bytes()).iter("ENTRY")}
    assert en["cluster"].findtext("USEDYNALINK") == "0"  # a bare word: the entry is there, not linked


@pytest.mark.parametrize("lang", LANGS)
def test_site_moodle_entries_follow_each_labels_flags(site, lang):
    """Entry by entry: Moodle links (USEDYNALINK) only labels whose record allows auto-linking,
    matches case-sensitively exactly the entries made of case-sensitive labels, never a
    deprecated term, and every auto-linkable label of a concept is reachable."""
    from lessico.build import build_model
    model = build_model(ROOT)
    flags = {}
    for c in model.concepts.values():
        for x in c.labels[lang].all_terms:
            flags.setdefault(x.label, []).append(x)
    entries = list(etree.fromstring((site / f"moodle-glossary-{lang}.xml").read_bytes()).iter("ENTRY"))
    linked = set()
    for e in entries:
        names = [e.findtext("CONCEPT")] + [a.findtext("NAME") for a in e.iter("ALIAS")]
        terms = [x for n in names for x in flags[n]]
        assert all(x.status != "deprecated" for x in terms), names
        case = e.findtext("CASESENSITIVE") == "1"
        assert case == all(x.case_sensitive for x in terms), (names, case)
        if e.findtext("USEDYNALINK") == "1":
            assert all(x.autolink for n in names[1:] for x in flags[n]), names
            linked.update(names)
    want = {x.label for c in model.concepts.values() for x in c.labels[lang].all_terms
            if x.autolink and x.status != "deprecated" and c.labels[lang].preferred.autolink}
    assert want <= linked, sorted(want - linked)[:10]


# TBX-Basic's own picklists (TBX-Basic dialect, termType and administrativeStatus data categories)
TBX_TERM_TYPES = {"fullForm", "acronym", "abbreviation", "shortForm", "variant", "phrase"}
TBX_STATUSES = {"preferredTerm-admn-sts", "admittedTerm-admn-sts", "notRecommendedTerm-admn-sts",
                "deprecatedTerm-admn-sts", "supersededTerm-admn-sts"}


def test_tbx_terms_carry_the_records_type_and_status(site):
    from lessico.concepts import load_concepts

    ns = {"t": "urn:iso:std:iso:30042:ed-2"}
    doc = etree.fromstring((site / "glossary.tbx").read_bytes())
    concepts = load_concepts(ROOT / "glossary")
    seen = {}
    for sec in doc.iterfind(".//t:termSec", ns):
        notes = {n.get("type"): n.text for n in sec.iterfind("t:termNote", ns)}
        assert notes["termType"] in TBX_TERM_TYPES and notes["administrativeStatus"] in TBX_STATUSES
        seen[(sec.getparent().get("{http://www.w3.org/XML/1998/namespace}lang"), sec.findtext("t:term", namespaces=ns))] = notes
    for c in concepts.values():
        for lang, e in c.labels.items():
            assert seen[(lang, e.term)]["administrativeStatus"] == "preferredTerm-admn-sts"
            for x in e.terms:
                want = "deprecatedTerm-admn-sts" if x.status == "deprecated" else "admittedTerm-admn-sts"
                assert seen[(lang, x.label)]["administrativeStatus"] == want, (c.id, x.label)
            for f in e.forms:  # inflections are recognised, not terms
                assert (lang, f.label) not in seen, (c.id, f.label)
    assert seen[("it", "PMI")]["termType"] == "acronym"
    assert seen[("it", "direttiva SBA")]["administrativeStatus"] == "deprecatedTerm-admn-sts"
    assert seen[("it", "piccola e media impresa")]["grammaticalGender"] == "feminine"


def render_with_abbreviations(text: str, abbr_file: Path) -> str:
    import markdown

    return markdown.markdown(text, extensions=["abbr", "pymdownx.snippets"],
                             extension_configs={"pymdownx.snippets": {"auto_append": [abbr_file.name],
                                                                      "base_path": [str(abbr_file.parent)],
                                                                      "check_paths": True}})


def test_abbreviations(model, tmp_path):
    text = abbr.abbreviations(model, "en")
    lines = text.rstrip("\n").split("\n\n")  # one definition per paragraph
    labels = [re.match(r"^\*\[(.+?)\]: (.+)$", line).group(1) for line in lines]
    assert len(labels) == len(set(labels)) and lines[0].startswith("*[Information and communication technologies]")
    assert [len(x) for x in labels] == sorted((len(x) for x in labels), reverse=True)
    assert "*[industrial district]: Local production system of small specialised firms." in lines
    assert "*[IDs]: industrial district: Local production system of small specialised firms." in lines
    # the flags: "district" (a bare everyday word) is never given a tooltip; a sentence may
    # start with the term
    assert "district" not in labels and "Industrial district" in labels
    f = tmp_path / "abbreviations-en.md"
    f.write_text(text, encoding="utf-8")
    html = render_with_abbreviations("Industrial districts and the industrial district (ID). A district.", f)
    assert "<abbr" not in html.split("A district")[1]
    assert '<abbr title="Local production system of small specialised firms.">Industrial district</abbr>' not in html  # the plural wins
    assert '<abbr title="industrial district: Local production system of small specialised firms.">Industrial districts</abbr>' in html
    assert '<abbr title="Local production system of small specialised firms.">industrial district</abbr>' in html
    assert '<abbr title="industrial district: Local production system of small specialised firms.">ID</abbr>' in html
    assert "*[" not in html


# --- the built site ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def site_url(site):
    return json.loads((site / "terms.json").read_text(encoding="utf-8"))["site_url"]


def test_exports_exist(site):
    for name in EXPORTS:
        assert (site / name).is_file() and (site / name).stat().st_size > 0, name


def test_site_terms_json_validates(site):
    import jsonschema

    schema = json.loads((site / "terms.schema.json").read_text(encoding="utf-8"))
    data = json.loads((site / "terms.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(data, schema, cls=jsonschema.Draft202012Validator)
    ids = {c["id"] for c in data["concepts"]}
    assert len(ids) == len(list((ROOT / "glossary").glob("*.yml")))
    sources = {s["id"] for s in data["sources"]}
    for c in data["concepts"]:
        assert set(c["broader"] + c["narrower"] + c["related"]) <= ids
        assert {o["source"] for o in c["occurrences"]} <= sources
    assert sum(len(c["occurrences"]) for c in data["concepts"]) > 0
    assert any(r["cited_in"] for r in data["references"])


def test_site_skos(site):
    from rdflib import Graph, URIRef
    from rdflib.compare import isomorphic
    from rdflib.namespace import SKOS

    ttl = Graph().parse(site / "skos.ttl", format="turtle")
    jld = Graph().parse(site / "skos.jsonld", format="json-ld")
    assert len(ttl) > 0 and isomorphic(ttl, jld)
    assert skos_integrity(ttl) == []
    data = json.loads((site / "terms.json").read_text(encoding="utf-8"))
    assert {str(n) for n in ttl.objects(None, SKOS.notation) if URIRef(data["site_url"] + f"t/{n}/") in
            set(ttl.subjects())} == {c["id"] for c in data["concepts"]}


def test_sphinx_intersphinx_resolves_terms(site, base_url, tmp_path):
    import sphobjinv as soi

    inv = {o.name: o for o in soi.Inventory(site / "objects.inv").objects}
    terms_data = json.loads((site / "terms.json").read_text(encoding="utf-8"))
    di = {c["id"]: c for c in terms_data["concepts"]}["distretto-industriale"]
    variant = next(v for v in di["labels"]["it"]["variants"] if v.lower() in inv and " " in v)
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(textwrap.dedent(f"""\
        project = "Test"
        extensions = ["sphinx.ext.intersphinx"]
        intersphinx_mapping = {{"lessico": ({base_url!r}, {str(site / 'objects.inv')!r})}}
        intersphinx_timeout = 1
        """), encoding="utf-8")
    (src / "index.rst").write_text(textwrap.dedent(f"""\
        Test
        ====

        It: :external+lessico:term:`distretto industriale`.

        Variant: :external+lessico:term:`{variant}`.

        Short form: :term:`distretti industriali`.

        Other text: :external+lessico:term:`i distretti <distretto industriale>`.
        """), encoding="utf-8")
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "sphinx", "-W", "--keep-going", "-E", "-b", "html", str(src), str(out)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "undefined label" not in proc.stderr and "not in glossary" not in proc.stderr
    html = (out / "index.html").read_text(encoding="utf-8")
    hrefs = re.findall(r'<a class="reference external" href="([^"]+)"[^>]*>(.*?)</a>', html, re.S)
    got = [h for h, _ in hrefs]
    it_url = base_url + di["urls"]["it"]["path"]
    assert got == [it_url, it_url, it_url, it_url], hrefs
    assert "i distretti" in hrefs[3][1]
    for h in set(got):
        assert site_file(site, h[len(base_url):]).is_file()
    assert "distretto industriale" in hrefs[0][1] and variant in hrefs[1][1]


def test_site_moodle_and_tbx(site):
    data = json.loads((site / "terms.json").read_text(encoding="utf-8"))
    ids = [c["id"] for c in data["concepts"]]
    for lang in LANGS:
        entries = check_moodle((site / f"moodle-glossary-{lang}.xml").read_bytes())
        concepts = {e.findtext("CONCEPT") for e in entries}
        assert {c["labels"][lang]["term"] for c in data["concepts"]} <= concepts
    check_tbx((site / "glossary.tbx").read_bytes(), ids)


def test_site_abbreviations_render(site, tmp_path):
    data = json.loads((site / "terms.json").read_text(encoding="utf-8"))
    di = {c["id"]: c for c in data["concepts"]}["distretto-industriale"]["labels"]
    for lang in LANGS:
        text = (site / f"abbreviations-{lang}.md").read_text(encoding="utf-8")
        lines = text.rstrip("\n").split("\n\n")  # one definition per paragraph
        assert all(re.match(r"^\*\[[^\]]+\]: \S", line) for line in lines)
        labels = [line[2:line.index("]:")] for line in lines]
        assert len(labels) == len(set(labels))
        assert [len(x) for x in labels] == sorted((len(x) for x in labels), reverse=True)
        html = render_with_abbreviations(f"Text: {di[lang]['term']}.", site / f"abbreviations-{lang}.md")
        m = re.search(r'<abbr title="([^"]*)">' + re.escape(di[lang]["term"]) + "</abbr>", html)
        assert m and unescape(m.group(1)) == di[lang]["definition"], html


def export_urls(site: Path) -> list[str]:
    """Every URL of the site that the exports mention."""
    from lxml import etree

    out = []

    def walk(node):
        if isinstance(node, dict):
            for k, v in node.items():
                if k in ("url", "path", "uri") and isinstance(v, str):
                    out.append(v)
                elif k != "csl":
                    walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    data = json.loads((site / "terms.json").read_text(encoding="utf-8"))
    for s in data["sources"]:
        s.pop("url")  # the original document, elsewhere
    walk({k: v for k, v in data.items() if k not in ("site_url",)})
    from rdflib import Graph, URIRef

    for name, fmt in (("skos.ttl", "turtle"), ("skos.jsonld", "json-ld")):
        g = Graph().parse(site / name, format=fmt)
        out += [str(x) for t in g for x in t if isinstance(x, URIRef) and str(x).startswith(data["site_url"])]
    import sphobjinv as soi

    for lang in LANGS:  # each inventory's URIs are relative to its language's root
        out += [urls.prefix(lang) + o.uri_expanded for o in soi.Inventory(site / urls.prefix(lang) / "objects.inv").objects]
        xrefs = json.loads((site / urls.prefix(lang) / "myst.xref.json").read_text(encoding="utf-8"))["references"]
        out += [urls.prefix(lang) + r[key].lstrip("/") for r in xrefs for key in ("url", "data")]
    for lang in LANGS:
        root = etree.fromstring((site / f"moodle-glossary-{lang}.xml").read_bytes())
        for text in [root.findtext("INFO/INTRO")] + [e.findtext("DEFINITION") for e in root.iter("ENTRY")]:
            out += re.findall(r'href="([^"]+)"', text)
    root = etree.fromstring((site / "glossary.tbx").read_bytes())
    out += [x.get("target") for x in root.iter("{urn:iso:std:iso:30042:ed-2}xref")]
    return out


def test_every_export_url_exists(site):
    data = json.loads((site / "terms.json").read_text(encoding="utf-8"))
    found = export_urls(site)
    assert len(found) > 10 * len(data["concepts"])
    cache: dict = {}
    problems = sorted({p for u in found if (p := check_url(site, u, data["site_url"], cache))})
    assert problems == []


def test_concept_pages_embed_defined_term(site, site_url):
    for lang in LANGS:
        page = site / urls.page_url(urls.concept_key("distretto-industriale"), lang) / "index.html"
        blocks = parse_html(page).jsonld
        assert len(blocks) == 1
        data = json.loads(blocks[0])
        assert data["@type"] == "DefinedTerm" and data["termCode"] == "distretto-industriale"
        assert data["inDefinedTermSet"]["@type"] == "DefinedTermSet"
        assert data["inDefinedTermSet"]["inLanguage"] == lang
        names = {n["@language"]: n["@value"] for n in data["name"]}
        assert names == {"it": "distretto industriale", "en": "industrial district"}
        assert data["url"] == site_url + urls.page_url("glossary/distretto-industriale", lang)
        assert data["@id"] == site_url + "t/distretto-industriale/"
        assert check_url(site, data["url"], site_url, {}) is None and check_url(site, data["@id"], site_url, {}) is None


def test_exports_are_deterministic(site, tmp_path):
    """The exports carry no timestamp: rebuilding them from a fresh model gives the same bytes."""
    from lessico.build import build_model
    from lessico.exports import write_all

    data = json.loads((site / "terms.json").read_text(encoding="utf-8"))
    written = write_all(build_model(ROOT), tmp_path, True, data["site_url"])
    assert len(written) == len(set(written)), "an export was written twice"
    out = tmp_path
    for name in EXPORTS:
        assert (out / name).read_bytes() == (site / name).read_bytes(), name


@pytest.fixture(scope="module")
def offline_site(tmp_path_factory):
    from conftest import mkdocs_build

    out = tmp_path_factory.mktemp("offline")
    mkdocs_build(ROOT, out, offline=True)
    return out


def test_offline_exports_use_html_urls(offline_site):
    data = json.loads((offline_site / "terms.json").read_text(encoding="utf-8"))
    assert data["directory_urls"] is False
    c = data["concepts"][0]
    assert c["urls"]["en"]["path"] == f"en/glossary/{c['id']}.html"
    for name in EXPORTS:
        assert (offline_site / name).is_file(), name
    cache: dict = {}
    problems = sorted({p for u in export_urls(offline_site)
                       if (p := check_url(offline_site, u, data["site_url"], cache, offline=True))})
    assert problems == []


# --- the instructors' page ----------------------------------------------------------------------
@pytest.mark.parametrize("lang", LANGS)
def test_instructors_page_python_example_runs(site, base_url, lang):
    """The page's Python example works against the real terms.json (served by the test server)."""
    text = (ROOT / "docs" / f"instructors.{lang}.md").read_text(encoding="utf-8")
    assert text.startswith("# ")
    code = re.search(r"```python\n(import json.*?)```", text, re.S).group(1)
    assert 'BASE = "https://lessico-distretti.example.org/"' in code
    proc = subprocess.run([sys.executable, "-c", code.replace("https://lessico-distretti.example.org/", base_url)],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    data = json.loads((site / "terms.json").read_text(encoding="utf-8"))
    di = {c["id"]: c for c in data["concepts"]}["distretto-industriale"]
    assert di["urls"][lang]["url"] in proc.stdout
    for name in EXPORTS:  # every export the page lists is in the site root
        assert f"`{name}`" in text and (site / name).is_file(), name


def test_instructors_pages_built(site):
    for lang in LANGS:
        page = site / urls.page_url("instructors", lang) / "index.html"
        html = page.read_text(encoding="utf-8")
        assert f'<html lang="{lang}"' in html
        assert ":external+lessico:term:" in html and "intersphinx_mapping" in html
        assert "auto_append" in html and "terms.json" in html


@pytest.mark.unit
@pytest.mark.parametrize("offline, online", [("index.html", ""), ("en/index.html", "en/"),
                                             ("glossary/index.html", "glossary/"), ("en/glossary/cluster.html", "en/glossary/cluster/"),
                                             ("t/cluster/index.html", "t/cluster/"), ("404.html", "404.html")])
def test_offline_page_urls_map_to_the_online_address(offline, online):
    assert urls.online_path(offline) == online


@pytest.mark.unit
def test_exports_written_for_the_offline_bundle_cite_online_pages():
    """The bundle's exports (directory_urls off) link the pages that exist online."""
    model = small_model()
    for data in (moodle.glossary_xml(model, "en", False, "https://x.org/"), tbx.tbx(model, False, "https://x.org/"),
                 terms.dumps(terms.terms_data(model, False, "https://x.org/"))):
        text = data.decode()
        assert "https://x.org/en/glossary/milieu-innovateur/" in text
        assert not re.search(r"https://x\.org/\S*\.html", text)
