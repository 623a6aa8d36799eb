"""References: loading and validation, resolution (verified / as cited, misspellings), CSL
formatting in both languages, BibTeX and CSL-JSON export."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from lessico.citations import Cite, find_citations
from lessico.errors import InputError
from lessico.exports.bibtex import escape, to_bibtex
from lessico.references import (
    CSL_FIELDS,
    CSL_TYPES,
    SHARING_HOSTS,
    cited_as,
    format_bibliography,
    format_plain,
    guess_language,
    is_inferred,
    is_verified,
    load_references,
    make_finder,
    resolve,
    title_keys,
)

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parent.parent
BIB = ROOT / "bibliography"
SOURCES = ROOT / "sources"
BLANK = re.compile(r"\n[ \t]*\n")
VERIFIED = json.loads((BIB / "verified-references.json").read_text(encoding="utf-8"))
RECORD_IDS = {i["id"] for i in VERIFIED}
# the records bibliography/verified-references.json confirms against an authority (custom.verified)
CHECKED = {
    # publisher's or journal's page, or the DOI registry
    "scott_angel1987", "becattini_etal2009", "bianchi_labory2011", "barca_etal2012", "patton_kenney2009",
    "hausmann_etal2008", "belussi_sammarra2010", "oecd2008_fdi", "stiglitz_etal2013",
    # a university repository (IRIS, Università di Torino) for its own author's review of the book
    "cappellin_wink2009",
    # a journal's page: Foreign Affairs' review of the book
    "piore_sabel1984",
    # a library's index of journal contents (SIGNAL, Sciences Po Lyon): the table of contents
    "andreoni_gregory2013",
    # the issuing institution's own site (European Commission; Linea Amica for the Presidency), a regional administration's site
    "ec_industrial_competitiveness_key_challenges", "mict2012", "pcm2013",
    # official gazettes: Normattiva, Gazzetta Ufficiale, EUR-Lex, the Piedmont regional bulletin
    "legge317_1991", "apq_piemonte2001", "ec_rec2003_361", "dl5_2009", "dl179_2012", "legge662_1996",
    # RePEc, with the publisher's metadata
    "asheim_etal2011", "porter2000",
}
CHECKED_BY_INFERENCE = {"becattini_etal2009", "bianchi_labory2011", "barca_etal2012", "patton_kenney2009",
                        "asheim_etal2011", "hausmann_etal2008", "belussi_sammarra2010", "stiglitz_etal2013",
                        "porter2000", "cappellin_wink2009", "mict2012",
                        "piore_sabel1984", "andreoni_gregory2013"}
# identified by inference and not confirmed anywhere: shown "as cited"
INFERRED_UNCHECKED = {"burroni_trigilia2011"}
VERIFIED_AT = {"authority": "SBN OPAC", "identifier": "IT\\ICCU\\X", "url": "https://opac.sbn.it/x"}


@pytest.fixture(scope="module")
def items():
    return load_references(BIB)


def cites_of(source_id: str, text: str, titles=()):
    return [(source_id, "p1", c) for c in find_citations(text, titles=titles)]


# --- loading -----------------------------------------------------------------------------------
def test_load_real(items):
    assert len(items) == 34  # 29 works cited in the sources + 5 laws and standards the glossary follows
    assert len({i["id"] for i in items}) == 34
    assert not any("note" in i for i in items)  # no provenance notes left in the file
    assert {i["id"] for i in items if is_verified(i)} == CHECKED
    assert {i["id"] for i in items if is_verified(i) and is_inferred(i)} == CHECKED_BY_INFERENCE
    assert {i["id"] for i in items if is_inferred(i) and not is_verified(i)} == INFERRED_UNCHECKED
    assert items == VERIFIED  # used as they are


def _bib_dir(tmp_path, content: str, name="refs.json") -> Path:
    d = tmp_path / "bibliography"
    d.mkdir(exist_ok=True)
    (d / name).write_text(content, encoding="utf-8")
    return d


def _one_line_error(excinfo, *parts):
    msg = str(excinfo.value)
    assert "\n" not in msg
    for p in parts:
        assert p in msg, msg


def test_json_syntax_error_names_file_and_line(tmp_path):
    d = _bib_dir(tmp_path, '[\n {"id": "a", "type": "book", "note": "verified: x"},\n {"id": "b",, }\n]')
    with pytest.raises(InputError) as e:
        load_references(d)
    _one_line_error(e, "refs.json", "line 3")


def test_duplicate_id(tmp_path):
    item = {"id": "rossi2009", "type": "book", "note": "verified: x"}
    d = _bib_dir(tmp_path, json.dumps([item], indent=1))
    (d / "more.json").write_text(json.dumps([item], indent=1), encoding="utf-8")
    with pytest.raises(InputError) as e:
        load_references(d)
    _one_line_error(e, "rossi2009", "duplicate", "refs.json", "more.json", "line 3")


@pytest.mark.parametrize(
    "item, expected",
    [
        ({"type": "book", "note": "verified: x"}, "item 1: missing id"),
        ({"id": "x1", "note": "verified: x"}, "x1: missing type"),
        ({"id": "x1", "type": "bok", "note": "verified: x"}, "unknown CSL type"),
        ({"id": "x1", "type": "book", "custom": {"verified": {"authority": "SBN OPAC", "url": "https://opac.sbn.it/x"}}},
         "x1: custom.verified needs authority, identifier and url"),
        ({"id": "x1", "type": "book", "custom": {"verified": {**VERIFIED_AT, "url": "ftp://opac.sbn.it/x"}}},
         "x1: custom.verified.url must be an http or https URL"),
        ({"id": "x1", "type": "book", "custom": {"verified": {**VERIFIED_AT, "url": "https://www.scribd.com/doc/1"}}},
         "x1: custom.verified.url www.scribd.com is a document-sharing site"),
        ({"id": "x1", "type": "book", "custom": {"identification": "guessed"}},
         "x1: custom.identification must be one of: inferred"),
        ({"id": "x1", "type": "book", "custom": ["verified"]}, "x1: custom must be an object"),
        ({"id": "x1", "type": "book", "spellings": ["Rosi"]}, "x1: 'spellings' is not a CSL-JSON field (put it under custom)"),
        ({"id": "x1", "type": "book", "note": "verified: x", "author": [{"given": "A."}]}, "author must be"),
    ],
)
def test_invalid_items(tmp_path, item, expected):
    d = _bib_dir(tmp_path, json.dumps([item]))
    with pytest.raises(InputError) as e:
        load_references(d)
    _one_line_error(e, "refs.json", expected)


def test_not_a_list(tmp_path):
    with pytest.raises(InputError, match="list of items"):
        load_references(_bib_dir(tmp_path, '{"id": "a"}'))


def test_is_verified():
    assert is_verified({"custom": {"verified": VERIFIED_AT}})
    assert is_verified({"custom": {"verified": VERIFIED_AT, "identification": "inferred"}})
    # only custom.verified counts: not a note, not an inferred identification alone
    assert not is_verified({"note": "verified: https://example.org"})
    assert not is_verified({"custom": {"identification": "inferred"}})
    assert not is_verified({})


@pytest.mark.parametrize("host", SHARING_HOSTS)
def test_no_document_sharing_host_is_an_authority(tmp_path, host):
    url = f"https://{host}example/doc/1" if host.endswith(".") else f"https://www.{host}/doc/1"
    item = {"id": "x1", "type": "book", "custom": {"verified": {**VERIFIED_AT, "url": url}}}
    with pytest.raises(InputError) as e:
        load_references(_bib_dir(tmp_path, json.dumps([item])))
    _one_line_error(e, "refs.json", "x1", "document-sharing site")


def test_records_load_without_note_or_custom(tmp_path):
    plain = {"id": "x1", "type": "book", "title": "Uno"}  # identified, not confirmed: shown as cited
    inferred = {"id": "x2", "type": "book", "title": "Due", "custom": {"identification": "inferred"}}
    items = load_references(_bib_dir(tmp_path, json.dumps([plain, inferred])))
    assert items == [plain, inferred]
    assert not any(is_verified(i) for i in items)


# --- the real corpus ---------------------------------------------------------------------------
def _meta():
    return {m["file"]: m["id"] for m in yaml.safe_load((SOURCES / "sources.yml").read_text(encoding="utf-8"))}


@pytest.fixture(scope="module")
def corpus(items):
    """Every citation of the five sources (NBSP -> space), as the pipeline would pass them."""
    finder = make_finder(items)
    out = []
    for name, sid in sorted(_meta().items()):
        text = (SOURCES / name).read_text(encoding="utf-8").replace("\u00a0", " ")
        # one "paragraph" per blank-line separated block is enough for anchors here
        # anchors: one "paragraph" per blank-line separated block is enough here
        for c in finder(text):
            out.append((sid, f"p{len(BLANK.findall(text, 0, c.start)) + 1}", c))
    return out


@pytest.fixture(scope="module")
def bib(corpus, items):
    return resolve(corpus, items, BIB)


@pytest.fixture(scope="module")
def ref(bib, corpus):
    def ref_of(sid, snippet):
        """The reference ids the citations of ``sid`` whose text contains ``snippet`` link to."""
        hits = {bib.links[(s, a, c.start)] for s, a, c in corpus if s == sid and snippet in " ".join(c.text.split())}
        assert hits, snippet
        return hits

    return ref_of


def test_nothing_unresolved_on_real_corpus(bib, corpus):
    assert bib.unresolved == []
    assert bib.ignored == []
    assert len(bib.links) == len(corpus)  # every citation points to an entry


def test_every_record_is_cited(bib):
    assert {i["id"] for i in bib.items if is_verified(i)} == CHECKED
    # a record is there because a source cites it or a glossary definition follows it
    from lessico.concepts import load_concepts
    followed = {r for c in load_concepts(ROOT / "glossary").values() for r in c.references}
    assert all(bib.cited_in.get(i) or i in followed for i in RECORD_IDS)
    assert {i for i in RECORD_IDS if not bib.cited_in.get(i)} == {
        "ec_rec2003_361", "dl5_2009", "dl179_2012", "legge662_1996", "oecd2008_fdi"}
    assert {"ec_rec2003_361", "dl5_2009", "dl179_2012", "legge662_1996", "oecd2008_fdi"} <= followed


def test_counts_of_entries(bib):
    made_from_citations = [i for i in bib.items if i["id"] not in RECORD_IDS]
    by_type = {}
    for i in made_from_citations:
        by_type[i["type"]] = by_type.get(i["type"], 0) + 1
    # 48 works known only from their citations, 7 URLs (1 in 002, 4 Wikipedia links in 003, 2 in 004);
    # the European Commission's page cited in 002 is a record
    assert by_type == {"document": 48, "webpage": 7}
    assert len(bib.items) == 89  # 84 works cited in the sources + 5 the glossary follows
    # not verified: the 55 above and the 11 records no authority confirmed
    assert sum(1 for i in bib.items if not is_verified(i)) == 55 + 11 == 89 - len(CHECKED)


def test_verified_links(ref):
    assert ref("gremi-milieu", "Becattini, 1979") == {"becattini1979"}
    assert ref("bellandi-2013", "Becattini et al.") == {"becattini_etal2009"}
    assert ref("bellandi-2013", "Cappellin et al. (2014)") == {"cappellin_etal2014"}
    assert ref("bellandi-2013", "Cappellin, Wink 2009") == {"cappellin_wink2009"}
    assert ref("bellandi-2013", "Cappellin and Wink, 2009") == {"cappellin_wink2009"}
    assert ref("bellandi-2013", "Burroni, Trigilia, 2011") == {"burroni_trigilia2011"}
    assert ref("bellandi-2013", "Belussi, Sammarra, 2010") == {"belussi_sammarra2010"}
    assert ref("bellandi-2013", "Dunford and Greek, 2005") == {"dunford_greco2005"}
    assert ref("bellandi-2013", "MICT, 2012") == {"mict2012"}
    assert ref("bellandi-2013", "PCM, 2013") == {"pcm2013"}
    assert ref("bellandi-2013", "Industry and Trade") == {"marshall_industry_trade"}
    assert ref("bellandi-2013", "Economics of Industry") == {"marshall_economics_of_industry"}
    assert ref("bellandi-2013", "Destinazione Italia") == {"pcm2013"}
    assert ref("tesi-distretti", "Marshall A.") == {"marshall1890"}
    # the footnote and the in-text citation are the same book
    assert ref("tesi-distretti", "Rossi") == {"rossi2009"}
    assert ref("distretti-culturali", "legge 317/1991") == {"legge317_1991"}
    assert ref("distretti-culturali", "Accordo di Programma Quadro") == {"apq_piemonte2001"}
    # one author is not the four editors of the same year
    assert ref("bellandi-2013", "Cappellin, 2014") == {"cappellin2014"}
    # once as-cited entries, now records: "et al." is the record's three authors
    assert ref("bellandi-2013", "Stiglitz et al., 2013") == {"stiglitz_etal2013"}
    assert ref("bellandi-2013", "Porter, 2000") == {"porter2000"}


def test_verified_records_are_kept(bib):
    original = {i["id"]: i for i in VERIFIED}
    for item in bib.items:
        if item["id"] in original:
            rest = {k: v for k, v in item.items() if k != "custom"}  # custom gains what the build adds
            assert rest == {k: v for k, v in original[item["id"]].items() if k != "custom"}  # every field as in the file
            assert item.get("custom", {}).get("verified") == original[item["id"]].get("custom", {}).get("verified")


def test_misspelling_merge_real(bib, ref):
    ids = ref("bellandi-2013", "Ramella and Tri")
    assert ids == {"ramella_trigilia2010"}  # "Trigilia" twice, "Triglia" once: one work
    entry = next(i for i in bib.items if i["id"] == "ramella_trigilia2010")
    assert entry["author"] == [{"family": "Ramella"}, {"family": "Trigilia"}]  # the frequent spelling
    assert cited_as(entry) == ["Ramella & Triglia"]  # the other form the sources print
    assert bib.spellings["ramella_trigilia2010"] == ["Ramella, Trigilia", "Ramella, Triglia"]
    assert bib.spellings["dunford_greco2005"] == ["Dunford, Greek"]
    assert cited_as(next(i for i in bib.items if i["id"] == "dunford_greco2005")) == ["Dunford & Greek"]


def test_as_cited_entries_hold_only_what_is_cited(bib):
    allowed = {
        "document": {"id", "type", "author", "issued", "year-suffix", "custom"},
        "webpage": {"id", "type", "URL", "custom"},  # the URL is the citation itself
        "legislation": {"id", "type", "title", "issued", "custom"},  # the designation as cited
    }
    for item in bib.items:
        if item["id"] in RECORD_IDS:
            continue
        assert not is_verified(item)
        assert set(item) <= allowed[item["type"]], item
        assert set(item["custom"]) <= {"cited_by", "cited_as"}, item
        assert item["custom"]["cited_by"] and all(re.fullmatch(r"[a-z0-9-]+", s) for s in item["custom"]["cited_by"])
        if item["type"] == "document":
            assert "title" not in item and item["author"] and item["issued"]
    camagni = next(i for i in bib.items if i["id"] == "camagni1991a")
    assert camagni == {
        "id": "camagni1991a",
        "type": "document",
        "author": [{"family": "Camagni"}],
        "issued": {"date-parts": [[1991]]},
        "year-suffix": "a",
        "custom": {"cited_by": ["gremi-milieu"]},
    }
    tattara = next(i for i in bib.items if i["id"] == "tattara_etal2006")
    assert tattara["author"] == [{"literal": "Tattara et al."}]


def test_cited_in_order_and_dedup(bib):
    places = bib.cited_in["bellandi_coltorti2014"]
    assert len(places) == len(set(places)) >= 3
    assert all(s == "bellandi-2013" for s, _ in places)
    anchors = [int(a[1:]) for _, a in places]
    assert anchors == sorted(anchors)
    assert bib.cited_in["rossi2009"][0][0] == "tesi-distretti"


def test_items_sorted_by_author_then_year(bib):
    ids = [i["id"] for i in bib.items]
    assert ids.index("becattini1979") < ids.index("becattini1998") < ids.index("becattini2006")
    assert ids.index("aydalot1986") < ids.index("aydalot_keeble1988") < ids.index("bagnasco1977")
    assert ids.index("gordon1989") < ids.index("gordon1991")


# --- synthetic resolution ----------------------------------------------------------------------
def test_misspelling_merge_synthetic(items, tmp_path):
    """A misspelling merges when a co-author is the same, or when aliases.yml says so."""
    (tmp_path / "aliases.yml").write_text(
        '- name: Beccattini\n  same_as: Becattini\n  reason: a misspelling of Giacomo Becattini\n', encoding="utf-8")
    cites = cites_of("s1", "(Beccattini, 1979; Beccattini e Rulani, 1993)") + cites_of(
        "s2", "Becattini e Rullani (1993) and Becattini and Rullani (1993); also (Rosi, 2001), (Rossi, 2001), (Rossi, 2001)"
    )
    bib = resolve(cites, items, tmp_path)
    assert bib.unresolved == []
    refs = [bib.links[(s, a, c.start)] for s, a, c in cites]
    assert refs[0] == "becattini1979"  # the verified record: aliases.yml declares the spelling
    assert refs[1] == refs[2] == refs[3] == "becattini_rullani1993"
    assert refs[4] == "rosi2001" and refs[5] == refs[6] == "rossi2001"  # a lone misspelling: two works
    entry = next(i for i in bib.items if i["id"] == "becattini_rullani1993")
    assert entry["author"] == [{"family": "Becattini"}, {"family": "Rullani"}]
    assert entry["custom"]["cited_by"] == ["s1", "s2"]
    assert cited_as(entry) == ["Beccattini & Rulani"]
    assert bib.spellings["becattini1979"] == ["Beccattini"]
    # without the alias, "Beccattini, 1979" is another work
    plain = resolve(cites_of("s1", "(Beccattini, 1979)"), items, tmp_path / "none")
    assert list(plain.links.values()) == ["beccattini1979"]


@pytest.mark.parametrize("a, b", [("Conti", "Conte"), ("Romano", "Romani"), ("Sforzi", "Sforza"),
                                  ("Garofoli", "Garofalo")])
def test_different_surnames_same_year_stay_apart(a, b, tmp_path):
    cites = cites_of("s", f"({a}, 2010; {b}, 2010)")
    bib = resolve(cites, [], tmp_path)
    assert len(set(bib.links.values())) == 2
    # with a record of one of them, the other does not resolve to it either
    rec = [{"id": "x", "type": "book", "author": [{"family": a, "given": "M."}], "title": "Uno",
            "issued": {"date-parts": [[2010]]}, "custom": {"verified": {"authority": "SBN OPAC", "identifier": "IT\\ICCU\\X", "url": "https://opac.sbn.it/x"}}}]
    bib = resolve(cites, rec, tmp_path)
    refs = [bib.links[(s, an, c.start)] for s, an, c in cites]
    assert refs[0] == "x" and refs[1] != "x"


def test_misspelling_with_a_shared_coauthor_or_title_merges(tmp_path):
    cites = cites_of("s", "(Conti e Rossi, 2010; Conte e Rossi, 2010)")
    bib = resolve(cites, [], tmp_path)
    assert len(set(bib.links.values())) == 1
    fn = [Cite(0, 10, "x", ("Conti",), "2010", "Il distretto", "footnote"),
          Cite(20, 30, "y", ("Conte",), "2010", "Il distretto", "footnote"),
          Cite(40, 50, "z", ("Conte",), "2010", "Altro libro", "footnote")]
    bib = resolve([("s", "p1", c) for c in fn], [], tmp_path)
    refs = [bib.links[("s", "p1", c.start)] for c in fn]
    assert refs[0] == refs[1] != refs[2]


def test_no_merge_across_years_counts_or_names(items, tmp_path):
    cites = cites_of("s", "(Rossi, 2009; Rossi, 2010; Rossi e Bianchi, 2009; Russo, 2009; Gori, 2009; Nori, 2009)")
    bib = resolve(cites, items, tmp_path)
    refs = [bib.links[(s, a, c.start)] for s, a, c in cites]
    assert len(set(refs)) == 6
    assert refs[0] == "rossi2009"  # the verified Rossi 2009: same name, same year


def test_et_al_matches_a_longer_author_list(items, tmp_path):
    cites = cites_of("s", "(Asheim et al. 2011; Asheim, Boschma e Cooke, 2011; Asheim e Boschma, 2011)")
    bib = resolve(cites, items, tmp_path)
    refs = [bib.links[(s, a, c.start)] for s, a, c in cites]
    assert refs[:2] == ["asheim_etal2011", "asheim_etal2011"]
    assert refs[2] == "asheim_boschma2011"  # two names are not three


def test_ambiguous_and_unknown_title_are_unresolved(tmp_path):
    twins = [
        {"id": "rossi2009a", "type": "book", "author": [{"family": "Rossi"}], "issued": {"date-parts": [[2009]]},
         "title": "Uno", "note": "verified: x"},
        {"id": "rossi2009b", "type": "book", "author": [{"family": "Rossi"}], "issued": {"date-parts": [[2009]]},
         "title": "Due", "note": "verified: y"},
    ]
    c1 = find_citations("(Rossi, 2009)")[0]
    c2 = Cite(0, 9, "Nessun Libro", (), None, "Nessun Libro", "title")
    bib = resolve([("s", "p1", c1), ("s", "p2", c2)], twins, tmp_path)
    assert [(s, a) for s, a, _ in bib.unresolved] == [("s", "p1"), ("s", "p2")]
    assert bib.links == {}
    assert len(bib.items) == 2


def test_ignore_file(items, tmp_path):
    (tmp_path / "ignore.yml").write_text(
        '- text: "Piano Marshall, 1947"\n  reason: the Marshall Plan, a programme, not a work\n', encoding="utf-8"
    )
    cites = cites_of("s", "(Piano Marshall, 1947; Rossi, 2009)")
    assert len(cites) == 2
    bib = resolve(cites, items, tmp_path)
    assert [(c.text, reason) for _, _, c, reason in bib.ignored] == [
        ("Piano Marshall, 1947", "the Marshall Plan, a programme, not a work")
    ]
    assert bib.unresolved == []
    assert list(bib.links.values()) == ["rossi2009"]
    assert not any("piano" in i["id"] for i in bib.items)


def test_ignore_entry_without_reason(items, tmp_path):
    (tmp_path / "ignore.yml").write_text('- text: "Piano Marshall, 1947"\n', encoding="utf-8")
    with pytest.raises(InputError) as e:
        resolve([], items, tmp_path)
    _one_line_error(e, "ignore.yml", "Piano Marshall, 1947", "missing reason")


def test_aliases_file(items, tmp_path):
    (tmp_path / "aliases.yml").write_text(
        '- cite: "Ministero, 2012"\n  ref: mict2012\n  reason: the source names the ministry this way\n',
        encoding="utf-8",
    )
    cites = cites_of("s", "(Ministero, 2012)")
    bib = resolve(cites, items, tmp_path)
    assert list(bib.links.values()) == ["mict2012"]
    (tmp_path / "aliases.yml").write_text('- cite: "X, 2012"\n  ref: nowhere\n  reason: r\n', encoding="utf-8")
    with pytest.raises(InputError, match="unknown reference"):
        resolve(cites, items, tmp_path)
    (tmp_path / "aliases.yml").write_text('- cite: "X, 2012"\n  ref: mict2012\n', encoding="utf-8")
    with pytest.raises(InputError, match="missing reason"):
        resolve(cites, items, tmp_path)


def test_resolve_does_not_modify_items(items, tmp_path):
    before = json.dumps(items, sort_keys=True)
    resolve(cites_of("s", "(Dunford and Greek, 2005; Ramella and Triglia 2010)"), items, tmp_path)
    assert json.dumps(items, sort_keys=True) == before


def test_unmatched_law_and_url_become_as_cited(items, tmp_path):
    cites = cites_of("s", "Con il D.Lgs. 42/2004 (www.example.org/distretti/).")
    bib = resolve(cites, items, tmp_path)
    new = [i for i in bib.items if not is_verified(i)]
    assert {"id": "law_d_lgs_42_2004", "type": "legislation", "title": "D.Lgs. 42/2004",
            "issued": {"date-parts": [[2004]]}, "custom": {"cited_by": ["s"]}} in new
    assert {"id": "url_example_org_distretti", "type": "webpage", "URL": "http://www.example.org/distretti/",
            "custom": {"cited_by": ["s"]}} in new


def test_title_keys(items):
    keys = title_keys(items)
    # the record is in sentence case; running English text prints the title in headline case
    assert "Industry and trade" in keys and "Industry and Trade" in keys
    assert "The Economics of Industry" in keys and "Destinazione Italia" in keys
    # an Italian title only as written
    assert "Controtempo. L'Italia nella crisi mondiale" in keys
    assert not any(k.startswith(("Dal Settore", "Controtempo. L'Italia Nella")) for k in keys)
    assert not any(k.startswith("Legge") for k in keys)


# --- formatting --------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def sample(bib):
    wanted = ("piore_sabel1984", "becattini_etal2009", "brusco1982", "becattini1979", "ramella_trigilia2010",
              "camagni1991a", "tattara_etal2006", "url_noinos_it_azioni_asp")
    return [i for i in bib.items if i["id"] in wanted]


def test_format_book(sample):
    it, en = format_bibliography(sample, "it"), format_bibliography(sample, "en")
    book = "Piore, M. J., {} Sabel, C. F. (1984). <i>The second industrial divide: Possibilities for prosperity</i>. Basic Books."
    assert it["piore_sabel1984"] == book.format("e")  # Italian APA practice: "e"
    assert en["piore_sabel1984"] == book.format("&amp;")
    # an edited book: the editors once, in the author position, with the capitalised label
    assert it["becattini_etal2009"] == (
        "Becattini, G., Bellandi, M., e De Propris, L. (A cura di). (2009). <i>A handbook of industrial "
        "districts</i>. Edward Elgar."
    )
    assert en["becattini_etal2009"] == (
        "Becattini, G., Bellandi, M., &amp; De Propris, L. (Eds.). (2009). <i>A handbook of industrial "
        "districts</i>. Edward Elgar."
    )


def test_format_article(sample):
    article = (
        "Brusco, S. (1982). The Emilian model: Productive decentralisation and social integration. "
        "<i>Cambridge Journal of Economics</i>, <i>6</i>, 167–184."
    )
    assert format_bibliography(sample, "it")["brusco1982"] == article
    assert format_bibliography(sample, "en")["brusco1982"] == article
    # an Italian title keeps its case
    assert format_plain(sample, "en")["becattini1979"] == (
        "Becattini, G. (1979). Dal settore industriale al distretto industriale. Alcune considerazioni "
        "sull'unità d'indagine dell'economia industriale. Rivista di Economia e Politica Industriale."
    )
    # a record no authority confirmed is formatted from its fields all the same
    assert not is_verified(next(i for i in sample if i["id"] == "becattini1979"))


def test_format_as_cited(sample):
    for lang in ("it", "en"):
        html = format_bibliography(sample, lang)
        # family names only: the style's comma before "&"/"e" stays (APA puts it before the last name)
        assert html["ramella_trigilia2010"] == {"it": "Ramella, e Trigilia. (2010).", "en": "Ramella, &amp; Trigilia. (2010)."}[lang]
        assert html["camagni1991a"] == "Camagni. (1991a)."
        assert html["tattara_etal2006"] == "Tattara et al. (2006)."
    # no "Retrieved" without an access date (the page shows these entries by their URL, not like this)
    assert format_plain(sample, "it")["url_noinos_it_azioni_asp"] == "(s.d.). http://www.noinos.it/azioni.asp"
    assert format_plain(sample, "en")["url_noinos_it_azioni_asp"] == "(n.d.). http://www.noinos.it/azioni.asp"


def test_format_covers_every_item_and_escapes(bib):
    for lang in ("it", "en"):
        html = format_bibliography(bib.items, lang)
        assert set(html) == {i["id"] for i in bib.items}
        assert all(v.strip() for v in html.values())
    odd = [{"id": "x", "type": "book", "author": [{"family": "A<b>"}], "title": "Tom & <Jerry>",
            "issued": {"date-parts": [[2000]]}, "note": "verified: x"}]
    out = format_bibliography(odd, "en")["x"]
    assert "&lt;Jerry&gt;" in out and "&amp;" in out and "<b>" not in out


def test_format_unknown_language(sample):
    with pytest.raises(ValueError):
        format_bibliography(sample, "fr")


def test_chicago_title_case_and_quotes(sample):
    """With chicago-author-date, citeproc-py title-cases a title unless the item has a non-English
    ``language`` (added in memory); in English the period goes inside the closing quote."""
    en = format_plain(sample, "en", style="chicago-author-date")
    assert en["becattini1979"].startswith(
        "Becattini, G. 1979. “Dal settore industriale al distretto industriale. Alcune considerazioni"
    )
    assert en["brusco1982"] == (
        "Brusco, Sebastiano. 1982. “The Emilian Model: Productive Decentralisation and Social Integration.” "
        "Cambridge Journal of Economics 6: 167–84."
    )
    it = format_plain(sample, "it", style="chicago-author-date")
    assert it["brusco1982"].startswith("Brusco, Sebastiano. 1982. «The Emilian Model: Productive Decentralisation and Social Integration». ")
    bare = [{k: v for k, v in i.items()} for i in sample if i["id"] == "becattini1979"]
    bare[0]["language"] = "en"  # what happens without the Italian language
    assert "«Dal Settore Industriale" in format_plain(bare, "it", style="chicago-author-date")[
        "becattini1979"
    ]


def test_guess_language():
    assert guess_language("Controtempo. L'Italia nella crisi mondiale") == "it"
    assert guess_language("Milieux innovateurs en Europe") == "fr"
    assert guess_language("The Second Industrial Divide: Possibilities for Prosperity") is None
    assert guess_language("Destinazione Italia") is None


# --- exports -----------------------------------------------------------------------------------
def test_bibtex(bib):
    out = to_bibtex(bib.items)
    assert out.count("\n@") + 1 == len(bib.items)
    assert "@article{brusco1982,\n  author = {Brusco, Sebastiano},\n" in out
    assert "  pages = {167--184}" in out and "annote" not in out and "as cited" not in out
    assert "@book{piore_sabel1984," in out
    assert "@incollection{patton_kenney2009," in out and "  booktitle = {{A handbook of industrial districts}}," in out
    assert "@techreport{hausmann_etal2008," in out
    stiglitz = out[out.index("@techreport{stiglitz_etal2013,"):]
    assert "  number = {6628},\n  institution = {World Bank},\n  type = {Policy Research Working Paper}," in stiglitz
    assert "@misc{legge317_1991," in out
    assert "  editor = {Becattini, Giacomo and Bellandi, Marco and {De Propris}, Lisa},\n" in out
    assert "  author = {{Ministro per la Coesione Territoriale}},\n" in out
    ramella = out[out.index("@misc{ramella_trigilia2010,"):]
    ramella = ramella[: ramella.index("\n}\n") + 3]
    assert ramella == (
        "@misc{ramella_trigilia2010,\n  author = {Ramella and Trigilia},\n"
        "  title = {[Riferimento completo non individuato]},\n  year = {2010}\n}\n"
    )
    assert "  author = {{Tattara} and others},\n" in out


def test_bibtex_escapes_and_only_present_fields():
    item = {"id": "x y", "type": "book", "title": "50% of {A} & B_C #1 ~ $ ^ \\",
            "issued": {"date-parts": [[2001]]}, "URL": "http://e.org/a_b%20c", "note": "verified: here"}
    out = to_bibtex([item])
    assert out == (
        "@book{x_y,\n"
        "  title = {{50\\% of \\{A\\} \\& B\\_C \\#1 \\~{} \\$ \\^{} \\textbackslash{}}},\n"
        "  year = {2001},\n"
        "  url = {http://e.org/a_b%20c},\n"
        "  key = {50\\% of \\{A\\} \\& B\\_C \\#1 \\~{} \\$ \\^{} \\textbackslash{}}\n"
        "}\n"
    )
    assert escape("a\n  b") == "a b"


def test_csl_json_export_round_trips(bib):
    assert json.loads(json.dumps(bib.items, ensure_ascii=False)) == bib.items


# --- the downloads: CSL-JSON against the official schema, RIS read back -------------------------
SCHEMA = json.loads((ROOT / "tests" / "data" / "csl-schema" / "csl-data.json").read_text(encoding="utf-8"))


def test_csl_fields_and_types_are_the_official_schema():
    item = SCHEMA["items"]
    assert CSL_FIELDS == set(item["properties"])
    assert CSL_TYPES == set(item["properties"]["type"]["enum"])


@pytest.fixture(scope="module")
def downloads(bib, tmp_path_factory):
    """The three files as the build writes them into the site root."""
    from types import SimpleNamespace

    from lessico.exports import bibfiles

    out = tmp_path_factory.mktemp("downloads")
    written = bibfiles.write(SimpleNamespace(bib=bib), out, True, "https://example.org/")
    assert written == ["bibliography.bib", "bibliography.ris", "bibliography.json"]
    return out


def test_csl_json_export_is_valid_against_the_official_schema(downloads, bib):
    import jsonschema

    data = json.loads((downloads / "bibliography.json").read_text(encoding="utf-8"))
    errors = [f"{e.json_path}: {e.message}" for e in jsonschema.Draft7Validator(SCHEMA).iter_errors(data)]
    assert errors == []
    assert [i["id"] for i in data] == [i["id"] for i in bib.items]
    assert all(set(i) <= CSL_FIELDS for i in data)
    # language exported (other processors keep Italian titles as they are)
    assert {i["id"]: i.get("language") for i in data if i["id"] in ("becattini1979", "piore_sabel1984")} == {
        "becattini1979": "it", "piore_sabel1984": "en"}
    # no internal source ids; a note only on as-cited entries, the human one (no source here has a title)
    assert not any("cited_by" in i.get("custom", {}) for i in data)
    as_cited = {i["id"] for i in bib.items if "cited_by" in i.get("custom", {})}
    assert {i["id"]: i.get("note") for i in data if "note" in i} == {
        rid: "Riferimento completo non individuato" for rid in as_cited}
    assert {i["language"] for i in data if i["id"] in as_cited} == {"und"}
    # the schema does refuse what the old export had: a custom top-level key
    assert not jsonschema.Draft7Validator(SCHEMA).is_valid([{**data[0], "spellings": ["x"]}])


def parse_ris(raw: bytes) -> list[dict[str, list[str]]]:
    """A minimal RIS reader: TY opens a record, ER closes it; every line is "XX  - value"."""
    text = raw.decode("utf-8")
    assert "\n" not in text.replace("\r\n", ""), "a line not ended by CR LF"
    records, cur = [], None
    for line in text.split("\r\n"):
        if not line:
            continue
        m = re.fullmatch(r"([A-Z][A-Z0-9])  - (.*)", line)
        assert m, line
        tag, value = m.groups()
        if tag == "TY":
            assert cur is None, "TY inside a record"
            cur = {"TY": [value]}
        elif tag == "ER":
            assert cur is not None and line == "ER  - ", line
            records.append(cur)
            cur = None
        else:
            assert cur is not None, f"{tag} outside a record"
            cur.setdefault(tag, []).append(value)
    assert cur is None, "last record not closed"
    return records


def _ris_name(n: dict) -> str:
    return n["literal"] if "literal" in n else ", ".join(x for x in (n["family"], n.get("given")) if x)


def test_ris_export_reads_back_as_the_csl_json(downloads):
    raw = (downloads / "bibliography.ris").read_bytes()
    assert raw.startswith(b"TY  - ") and raw.endswith(b"ER  - \r\n")
    records = parse_ris(raw)
    items = json.loads((downloads / "bibliography.json").read_text(encoding="utf-8"))
    assert len(records) == len(items) == 89
    for rec, item in zip(records, items):
        def one(tag):
            return rec.get(tag, [None])[0]

        assert rec.get("AU", []) == [_ris_name(n) for n in item.get("author", [])], item["id"]
        editors = rec.get("A2" if item["type"] == "chapter" else "ED", [])
        assert editors == [_ris_name(n) for n in item.get("editor", [])], item["id"]
        assert one("TI") == item.get("title", "[Riferimento completo non individuato]" if "note" in item else None)
        assert one("T2") == item.get("container-title")
        year = item["issued"]["date-parts"][0][0] if "issued" in item else None
        assert one("PY") == (str(year) if year else None)
        assert one("PB") == item.get("publisher")
        assert one("VL") == item.get("volume") and one("IS") == item.get("issue")
        if item.get("page"):
            assert "-".join(rec["SP"] + rec.get("EP", [])) == item["page"].replace("–", "-")
        assert one("DO") == item.get("DOI") and one("UR") == item.get("URL")
        assert one("LA") == item["language"]
    # no reference ids, notes, or the sources' internal ids
    assert not any(tag in r for r in records for tag in ("ID", "AB"))
    assert [r["N1"] for r in records if "N1" in r] == [
        [i["note"] if i.get("title") else i["note"].removesuffix("; riferimento completo non individuato")] for i in items if "note" in i]
    text = raw.decode("utf-8")
    for word in ("becattini1979", "camagni1991a", "bellandi-2013", "gremi-milieu", "as cited"):
        assert word not in text


def test_ris_types_and_dates(downloads):
    records = parse_ris((downloads / "bibliography.ris").read_bytes())
    items = json.loads((downloads / "bibliography.json").read_text(encoding="utf-8"))
    by_id = {i["id"]: r for i, r in zip(items, records)}
    assert {k: by_id[k]["TY"] for k in (
        "piore_sabel1984", "becattini_etal2009", "patton_kenney2009", "brusco1982", "hausmann_etal2008",
        "legge317_1991", "url_noinos_it_azioni_asp", "camagni1991a")} == {
        "piore_sabel1984": ["BOOK"], "becattini_etal2009": ["EDBOOK"], "patton_kenney2009": ["CHAP"],
        "brusco1982": ["JOUR"], "hausmann_etal2008": ["RPRT"], "legge317_1991": ["STAT"],
        "url_noinos_it_azioni_asp": ["ELEC"], "camagni1991a": ["GEN"]}
    # a law's full date, a report's number and kind, an edited book's editors (no author)
    assert by_id["legge317_1991"]["DA"] == ["1991/10/05/"]
    assert by_id["stiglitz_etal2013"]["SN"] == ["6628"]
    assert by_id["stiglitz_etal2013"]["M3"] == ["Policy Research Working Paper"]
    assert by_id["stiglitz_etal2013"]["DA"] == ["2013/09//"]
    assert "AU" not in by_id["becattini_etal2009"] and by_id["becattini_etal2009"]["ED"][0] == "Becattini, Giacomo"
    # an institution and an as-cited "et al." are one name each, not split at a comma
    assert by_id["mict2012"]["AU"] == ["Ministro per la Coesione Territoriale"]
    assert by_id["tattara_etal2006"]["AU"] == ["Tattara et al."]
    assert "Rodríguez-Pose, Andrés" in by_id["barca_etal2012"]["AU"]  # UTF-8 as it is


def test_ris_names_and_line_breaks():
    from lessico.exports.ris import to_ris

    item = {"id": "x1", "type": "book", "title": "Due\nrighe,   una riga",
            "author": [{"family": "Propris", "non-dropping-particle": "De", "given": "Lisa"},
                       {"family": "King", "given": "Martin Luther", "suffix": "Jr."}],
            "issued": {"date-parts": [[2001, 5]]}, "page": "7"}
    [rec] = parse_ris(to_ris([item]).encode("utf-8"))
    assert rec == {"TY": ["BOOK"], "AU": ["De Propris, Lisa", "King, Martin Luther, Jr."],
                   "TI": ["Due righe, una riga"], "PY": ["2001"], "DA": ["2001/05//"], "SP": ["7"], "LA": ["und"]}
