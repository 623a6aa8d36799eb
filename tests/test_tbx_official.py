"""glossary.tbx against the official TBX-Basic schemas (tests/data/tbx/SOURCE.txt): the core RNG
with lxml's RelaxNG, the DCA Schematron compiled by SchXslt and run by Saxon-HE (the .sch has
queryBinding="xslt2", which lxml's XSLT-1 isoschematron cannot run). Broken copies show that both
checks can fail; the content is compared with the concept records."""
from __future__ import annotations

import copy
import sys
from pathlib import Path

import pytest
from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from lessico.concepts import load_concepts  # noqa: E402
from lessico.exports import tbx  # noqa: E402

pytestmark = pytest.mark.build

DATA = ROOT / "tests" / "data" / "tbx"
T = "urn:iso:std:iso:30042:ed-2"
NS = {"t": T}
SVRL = {"svrl": "http://purl.oclc.org/dsdl/svrl"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def rng_errors(data: bytes) -> list[str]:
    rng = etree.RelaxNG(etree.parse(str(DATA / "TBXcoreStructV03.rng")))
    ok = rng.validate(etree.fromstring(data).getroottree())
    return [] if ok else [f"{e.line}: {e.message}" for e in rng.error_log]


@pytest.fixture(scope="module")
def schematron():
    """A function: TBX bytes -> the SVRL report of the official DCA Schematron."""
    from saxonche import PySaxonProcessor

    with PySaxonProcessor(license=False) as proc:
        xslt = proc.new_xslt30_processor()
        pipeline = xslt.compile_stylesheet(stylesheet_file=str(DATA / "schxslt" / "pipeline-for-svrl.xsl"))
        validator = xslt.compile_stylesheet(
            stylesheet_text=pipeline.transform_to_string(source_file=str(DATA / "TBX-Basic_DCA.sch")))

        def run(data: bytes) -> etree._Element:
            doc = proc.parse_xml(xml_text=data.decode("utf-8"))
            return etree.fromstring(validator.transform_to_string(xdm_node=doc).encode("utf-8"))

        yield run


def failures(svrl) -> list[str]:
    return [f"{f.get('location')}: {f.findtext('svrl:text', namespaces=SVRL).strip()}"
            for f in svrl.iterfind(".//svrl:failed-assert", SVRL)]


@pytest.fixture(scope="module")
def data(site) -> bytes:
    return (site / "glossary.tbx").read_bytes()


def test_built_tbx_passes_the_official_rng_and_schematron(data, schematron):
    assert rng_errors(data) == []
    svrl = schematron(data)
    assert failures(svrl) == []
    assert svrl.find(".//svrl:error", SVRL) is None
    # the rules really ran on the content: every term's status and type was checked against the
    # picklists, every descrip/@type against the allowed data categories
    doc = etree.fromstring(data)
    fired = [r.get("context") for r in svrl.iterfind(".//svrl:fired-rule", SVRL)]
    n_terms = len(doc.findall(".//t:termSec", NS))
    assert fired.count("tbx:termNote[@type='administrativeStatus']") == n_terms
    assert fired.count("tbx:termNote[@type='termType']") == n_terms
    assert fired.count("tbx:descrip/@type") == len(doc.findall(".//t:descrip", NS))


def _edited(data: bytes, edit) -> bytes:
    root = copy.deepcopy(etree.fromstring(data))
    edit(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _title_last(root):
    desc = root.find("t:tbxHeader/t:fileDesc", NS)
    desc.append(desc.find("t:titleStmt", NS))  # after sourceDesc: the order the RNG rejected


def _first(root, path):
    return root.find(path, NS)


def test_broken_copies_fail(data, schematron):
    errors = rng_errors(_edited(data, _title_last))
    assert len(errors) == 1 and "titleStmt" in errors[0]

    def unknown_status(root):
        _first(root, ".//t:termNote[@type='administrativeStatus']").text = "probableTerm-admn-sts"

    def unknown_category(root):
        _first(root, ".//t:descrip[@type='subjectField']").set("type", "subjectFeld")

    def note_outside_termsec(root):
        sec = _first(root, ".//t:langSec")
        sec.insert(1, copy.deepcopy(_first(sec, "t:termSec/t:termNote")))

    for edit, message in ((unknown_status, "/administrativeStatus/ type may be"),
                          (unknown_category, "Permitted type value(s): subjectField, context, definition"),
                          (note_outside_termsec, "termNote is only allowed at the termSec level")):
        broken = _edited(data, edit)
        found = failures(schematron(broken))
        assert len(found) == 1 and message in found[0], (edit.__name__, found)


def test_content_matches_the_records(data):
    concepts = load_concepts(ROOT / "glossary")
    root = etree.fromstring(data)
    entries = {e.get("id"): e for e in root.iterfind("t:text/t:body/t:conceptEntry", NS)}
    assert len(entries) == len(concepts) and set(entries) == {tbx.tbx_id(c) for c in concepts}
    deprecated = 0
    for cid, c in concepts.items():
        secs = {s.get(XML_LANG): s for s in entries[tbx.tbx_id(cid)].iterfind("t:langSec", NS)}
        for lang, e in c.labels.items():
            got = [(s.findtext("t:term", namespaces=NS),
                    s.findtext("t:termNote[@type='termType']", namespaces=NS),
                    s.findtext("t:termNote[@type='administrativeStatus']", namespaces=NS))
                   for s in secs[lang].iterfind("t:termSec", NS)]
            # the preferred term first, then every other term of the record in order; no forms
            assert got[0][0] == e.term and got[0][2] == "preferredTerm-admn-sts", (cid, lang)
            assert [g[0] for g in got[1:]] == [x.label for x in e.terms], (cid, lang)
            for x, (_, kind, status) in zip(e.terms, got[1:]):
                assert status == {"admitted": "admittedTerm-admn-sts",
                                  "deprecated": "deprecatedTerm-admn-sts"}[x.status], (cid, x.label)
                assert kind == tbx.term_type(x)
                deprecated += x.status == "deprecated"
    assert deprecated >= 1  # the corpus has deprecated terms: the check above is not vacuous
    assert root.xpath("count(//t:termNote[. = 'deprecatedTerm-admn-sts'])", namespaces=NS) == deprecated


def test_tbx_names_its_schemas_and_types_acronyms(data):
    head = data.split(b"<tbx ", 1)[0]
    assert b"TBX_Core_RNG/master/TBXcoreStructV03.rng" in head
    assert b"TBX-Basic_dialect/master/DCA/TBX-Basic_DCA.sch" in head
    root = etree.fromstring(data)
    gremi = root.xpath("//t:termSec[t:term = 'GREMI']/t:termNote[@type='termType']/text()", namespaces=NS)
    assert gremi and set(gremi) == {"acronym"}
    # readers of the file never see our file names or build jargon
    assert b".yml" not in data and b"registry" not in data


def test_phrases_and_deprecated_acronyms_are_valid_tbx_basic(schematron):
    """Model values without a TBX-Basic twin (partOfSpeech "phrase") still give a valid file."""
    from types import SimpleNamespace

    from lessico.model import Concept, LangEntry, Term

    it = LangEntry("fare rete", "Collaborare fra imprese.", pos="phrase",
                   terms=[Term("FR", "abbreviation", "deprecated", True, False)])
    en = LangEntry("networking", "Cooperating among firms.", pos="noun", gender=None)
    model = SimpleNamespace(concepts={"1-rete": Concept(id="1-rete", theme="milieu", labels={"it": it, "en": en})})
    data = tbx.tbx(model, True, "https://lessico-distretti.example.org/")
    assert rng_errors(data) == [] and failures(schematron(data)) == []
    root = etree.fromstring(data)
    assert root.find("t:text/t:body/t:conceptEntry", NS).get("id") == "_1-rete"  # an XML ID cannot start with a digit
    assert root.xpath("//t:termSec[t:term='fare rete']/t:termNote[@type='partOfSpeech']/text()", namespaces=NS) == ["other"]
    assert root.xpath("//t:termSec[t:term='FR']/t:termNote/text()", namespaces=NS) == ["acronym", "deprecatedTerm-admn-sts"]
