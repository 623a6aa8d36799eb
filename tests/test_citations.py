"""Citation finding: every rule on a real snippet of the corpus and on a synthetic variant."""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from lessico.citations import Cite, clean_url, find_citations
from lessico.references import load_references, title_keys

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "sources"
NBSP = "\u00a0"


def found(text, **kw):
    """(text, authors, year, kind) of each citation, whitespace-normalised."""
    return [(" ".join(c.text.split()), c.authors, c.year, c.kind) for c in find_citations(text, **kw)]


def texts(text, **kw):
    return [" ".join(c.text.split()) for c in find_citations(text, **kw)]


def check_spans(text, cites):
    for c in cites:
        assert text[c.start:c.end] == c.text
    assert [c.start for c in cites] == sorted(c.start for c in cites)
    for a, b in zip(cites, cites[1:]):
        assert a.end <= b.start


# --- author-year in parentheses, several works ------------------------------------------------
GREMI = (
    "Il concetto di *milieu innovateur* sviluppato dal gruppo Gremi (Aydalot, 1986; Perrin, 1986; "
    "Aydalot e Keeble, 1988; Maillat, Crevoisier e Vasserot, 1992; Gordon, 1989 e 1991; Camagni, "
    "1989 e 1991a, Quévit, 1991; Camagni e Quévit, 1992) può essere considerato"
)


def test_several_works_in_one_parenthesis_real():
    cites = find_citations(GREMI)
    check_spans(GREMI, cites)
    assert [(c.text, c.authors, c.year) for c in cites] == [
        ("Aydalot, 1986", ("Aydalot",), "1986"),
        ("Perrin, 1986", ("Perrin",), "1986"),
        ("Aydalot e Keeble, 1988", ("Aydalot", "Keeble"), "1988"),
        ("Maillat, Crevoisier e Vasserot, 1992", ("Maillat", "Crevoisier", "Vasserot"), "1992"),
        ("Gordon, 1989", ("Gordon",), "1989"),
        ("1991", ("Gordon",), "1991"),
        ("Camagni, 1989", ("Camagni",), "1989"),
        ("1991a", ("Camagni",), "1991a"),
        ("Quévit, 1991", ("Quévit",), "1991"),
        ("Camagni e Quévit, 1992", ("Camagni", "Quévit"), "1992"),
    ]
    assert {c.kind for c in cites} == {"author-year"}


def test_several_works_synthetic():
    assert found("(Rossi, 2001; Bianchi, 2003)") == [
        ("Rossi, 2001", ("Rossi",), "2001", "author-year"),
        ("Bianchi, 2003", ("Bianchi",), "2003", "author-year"),
    ]
    # works separated by a bare comma, years joined by "and"
    assert texts("(Smith, 1999 and 2004b, Jones, 2001)") == ["Smith, 1999", "2004b", "Jones, 2001"]


def test_several_years_for_one_author():
    assert found("(Gordon, 1989 e 1991)") == [
        ("Gordon, 1989", ("Gordon",), "1989", "author-year"),
        ("1991", ("Gordon",), "1991", "author-year"),
    ]
    assert found("(Verdi, 2001, 2003b; 2005)") == [
        ("Verdi, 2001", ("Verdi",), "2001", "author-year"),
        ("2003b", ("Verdi",), "2003b", "author-year"),
        ("2005", ("Verdi",), "2005", "author-year"),
    ]


# --- running text -----------------------------------------------------------------------------
def test_running_text_real():
    text = "However, as shown by Bellandi and Coltorti (2014), there are many differences"
    assert found(text) == [("Bellandi and Coltorti (2014)", ("Bellandi", "Coltorti"), "2014", "author-year")]
    assert texts("Drawing on Bellandi  (2011),  we focus") == ["Bellandi (2011)"]
    assert texts("in questo contesto Rullani (2003) paragona l’impresa") == ["Rullani (2003)"]
    assert texts("Moreover, as argued by Corò and Gurisatti (2013), “the contemporary") == [
        "Corò and Gurisatti (2013)"
    ]


def test_running_text_synthetic():
    assert found("Come mostrano Verdi e Neri (1999), il distretto") == [
        ("Verdi e Neri (1999)", ("Verdi", "Neri"), "1999", "author-year")
    ]
    # a given name before the family name is not part of it
    assert found("Alfred Marshall (1890) described") == [("Marshall (1890)", ("Marshall",), "1890", "author-year")]
    # particles stay with the family name
    assert found("as De Propris (2005) argues") == [("De Propris (2005)", ("De Propris",), "2005", "author-year")]
    # several years after a name in running text: one citation per year
    assert texts("Gordon (1989, 1991) argues") == ["Gordon (1989", "1991"]
    # a list with a final "and"
    assert found("Maillat, Crevoisier and Vasserot (1992) show")[0][1] == ("Maillat", "Crevoisier", "Vasserot")


# --- joiners -----------------------------------------------------------------------------------
def test_joiners_real():
    assert found("(Cappellin, Wink 2009), and")[0][:2] == ("Cappellin, Wink 2009", ("Cappellin", "Wink"))
    assert found("(Burroni, Trigilia, 2011; Belussi, Sammarra, 2010)") == [
        ("Burroni, Trigilia, 2011", ("Burroni", "Trigilia"), "2011", "author-year"),
        ("Belussi, Sammarra, 2010", ("Belussi", "Sammarra"), "2010", "author-year"),
    ]
    assert found("(Becattini e Dei Ottati, \n\n2006)")[0][1] == ("Becattini", "Dei Ottati")
    assert found("(Bianchi and Labory 2011; Stiglitz et al., 2013)")[0][1] == ("Bianchi", "Labory")


def test_joiners_synthetic():
    assert found("(Smith & Jones, 2004)")[0][1] == ("Smith", "Jones")
    assert found("(Müller, Schmidt, 2015)")[0][1] == ("Müller", "Schmidt")
    assert found("(García y López, 2012)")[0][1] == ("García", "López")
    assert found("(Rossi, Bianchi, e Verdi, 2020)")[0][1] == ("Rossi", "Bianchi", "Verdi")


# --- et al. ------------------------------------------------------------------------------------
def test_et_al_real():
    cites = find_citations("industrial districts (Becattini et\n\nal., 2009) which recognizes")
    assert len(cites) == 1
    c = cites[0]
    assert c.text == "Becattini et\n\nal., 2009" and c.authors == ("Becattini", "et al.")
    assert c.et_al and c.names == ("Becattini",)
    assert found("published in Cappellin et al. (2014). I gratefully")[0][:2] == (
        "Cappellin et al. (2014)", ("Cappellin", "et al.")
    )
    assert texts("(Rullani et al.\n\n2012).") == ["Rullani et al. 2012"]


def test_et_al_synthetic():
    assert found("(Rossi et al. 2018)")[0][1:3] == (("Rossi", "et al."), "2018")
    assert found("(Rossi e altri, 2018)")[0][1] == ("Rossi", "et al.")
    assert found("(Rossi, Bianchi et al., 2018)")[0][1] == ("Rossi", "Bianchi", "et al.")


# --- breaks, odd spaces ------------------------------------------------------------------------
def test_line_and_page_breaks_real():
    text = "or in high-tech sectors (Ramella\n\n\n\nand Trigilia, 2010) such as design"
    cites = find_citations(text)
    check_spans(text, cites)
    assert found(text) == [("Ramella and Trigilia, 2010", ("Ramella", "Trigilia"), "2010", "author-year")]
    assert texts("private investment (Cappellin,\n\n2014).") == ["Cappellin, 2014"]
    assert texts("Coltorti  and  Venanzi  (2014) argue") == ["Coltorti and Venanzi (2014)"]


def test_nbsp_and_double_spaces_synthetic():
    text = f"(Rossi,{NBSP}2009;  Bianchi{NBSP}e{NBSP}Verdi,\n2011)"
    cites = find_citations(text)
    check_spans(text, cites)
    assert [(c.authors, c.year) for c in cites] == [(("Rossi",), "2009"), (("Bianchi", "Verdi"), "2011")]
    assert found(f"Neri{NBSP}and{NBSP}Blu{NBSP}({NBSP}2007{NBSP})")[0][1] == ("Neri", "Blu")


def test_no_comma_before_year():
    assert found("(Ramella and Triglia 2010). Also")[0][1:3] == (("Ramella", "Triglia"), "2010")
    assert found("(Sterlacchini 2014), possibly")[0][1:3] == (("Sterlacchini",), "2014")
    assert found("(Hausmann et al., 2008; Rullani 2014)")[1][1:3] == (("Rullani",), "2014")
    assert found("(Bruni 1995)")[0][1:3] == (("Bruni",), "1995")


# --- prefixes and locators ---------------------------------------------------------------------
def test_prefix_and_locator_real():
    text = "we recall in particular (see e.g. Mastromarino,  2012, pp. 136-146 ): support"
    cites = find_citations(text)
    assert [(" ".join(c.text.split()), c.authors, c.year) for c in cites] == [
        ("Mastromarino, 2012, pp. 136-146", ("Mastromarino",), "2012")
    ]
    assert found("(see Patton and Kenney,  2009, for the concept of university research centric)") == [
        ("Patton and Kenney, 2009", ("Patton", "Kenney"), "2009", "author-year")
    ]


def test_prefix_and_locator_synthetic():
    assert found("(cfr. Rossi, 2009, p. 31)") == [("Rossi, 2009, p. 31", ("Rossi",), "2009", "author-year")]
    assert found("(See Bianchi, 2010: 45)") == [("Bianchi, 2010: 45", ("Bianchi",), "2010", "author-year")]
    assert found("(vedi anche Verdi 2004, pp. 12-20; Neri 2006)") == [
        ("Verdi 2004, pp. 12-20", ("Verdi",), "2004", "author-year"),
        ("Neri 2006", ("Neri",), "2006", "author-year"),
    ]
    # a page number that looks like a year stays a locator
    assert found("(Blu, 2001, p. 1990)") == [("Blu, 2001, p. 1990", ("Blu",), "2001", "author-year")]


# --- institutional authors ---------------------------------------------------------------------
def test_institutions_real():
    assert found("A recent analysis (Intesa, 2013) shows")[0][1:3] == (("Intesa",), "2013")
    assert found("the Southern regions of Italy) (MICT,  2012). Moreover")[0][1:3] == (("MICT",), "2012")
    assert found("launched by the Italian government in 2013 (PCM, 2013) takes")[0][1:3] == (("PCM",), "2013")


def test_institutions_synthetic():
    assert found("(OECD, 2010)")[0][1] == ("OECD",)
    assert found("(Banca d'Italia, 2009)")[0][1] == ("Banca d'Italia",)
    assert found("(European Commission, 2010; ISTAT, 2011)") == [
        ("European Commission, 2010", ("European Commission",), "2010", "author-year"),
        ("ISTAT, 2011", ("ISTAT",), "2011", "author-year"),
    ]


# --- footnote references -----------------------------------------------------------------------
def test_footnotes_real():
    text = (
        "un’atmosfera industriale \n"
        "                                                             \n"
        "1 Marshall A., Principles of Economics, 1890. \n"
        "2 Fenomeno per cui un’attività economica volta a beneficiare un determinato settore \n"
    )
    cites = find_citations(text)
    check_spans(text, cites)
    assert [(c.text, c.authors, c.year, c.title, c.kind) for c in cites] == [
        ("Marshall A., Principles of Economics, 1890", ("Marshall",), "1890", "Principles of Economics", "footnote")
    ]
    # the title may contain a full stop
    c = find_citations("5 Rossi S., Controtempo. L'Italia nella crisi mondiale, 2009. \n 2.2.1 Modalità")[0]
    assert (c.authors, c.year, c.title, c.kind) == (
        ("Rossi",), "2009", "Controtempo. L'Italia nella crisi mondiale", "footnote"
    )
    # a footnote's text as the repaired source gives it (label apart)
    assert found("Marshall A., Principles of Economics, 1890.")[0][1:] == (("Marshall",), "1890", "footnote")


def test_footnotes_synthetic():
    c = find_citations("3 Porter M. E., The Competitive Advantage of Nations. A study, 1990.")[0]
    assert (c.authors, c.year, c.title) == (("Porter",), "1990", "The Competitive Advantage of Nations. A study")
    c = find_citations("12 Becattini G., Rullani E., Sistema locale e mercato globale, 1993.")[0]
    assert (c.authors, c.year, c.kind) == (("Becattini", "Rullani"), "1993", "footnote")
    c = find_citations("Dei Ottati G., Tra mercato e comunità, Angeli, 1995.")[0]
    assert c.authors == ("Dei Ottati",) and c.year == "1995"
    # an ordinary note is not a reference
    assert find_citations("4 aggregazione volontaria e legalmente riconosciuta, 2004 circa.") == []


# --- works named by title ----------------------------------------------------------------------
@pytest.fixture(scope="module")
def titles():
    return title_keys(load_references(ROOT / "bibliography"))


def test_titles_real(titles):
    text = "external economies that are discussed in Alfred Marshall’s Industry and Trade.\n"
    assert found(text, titles=titles) == [("Industry and Trade", ("Marshall",), None, "title")]
    text = "in the\n\nEconomics  of  Industry,  Marshall  concentrates  in  the  late  Industry  and Trade  a wealth"
    cites = find_citations(text, titles=titles)
    check_spans(text, cites)
    assert [(" ".join(c.text.split()), c.title, c.kind) for c in cites] == [
        ("Economics of Industry", "Economics of Industry", "title"),
        ("Industry and Trade", "Industry and Trade", "title"),
    ]
    text = "The  policy  document  “Destinazione  Italia”  (Destination  Italy)  launched"
    assert found(text, titles=titles) == [("Destinazione Italia", (), None, "title")]
    # without titles nothing is guessed
    assert find_citations(text) == []


def test_titles_synthetic():
    titles = ("The Competitive Advantage of Nations", "Sistema locale e mercato globale")
    text = "Porter’s Competitive Advantage of Nations shows; see also The Competitive Advantage of Nations."
    assert [(c.authors, c.title) for c in find_citations(text, titles=titles)] == [
        (("Porter",), "Competitive Advantage of Nations"),
        ((), "The Competitive Advantage of Nations"),
    ]
    # case matters: prose words are not a title
    assert find_citations("the competitive advantage of nations", titles=titles) == []


# --- laws --------------------------------------------------------------------------------------
def test_laws_real():
    text = "Istituzionalizzati dalla legge 317/1991, sono il meccanismo"
    assert found(text) == [("legge 317/1991", (), "1991", "law")]
    text = "rappresentato dall’Accordo di Programma Quadro in materia di beni culturali tra Stato e Regione"
    c = find_citations(text)[0]
    assert (c.text, c.kind, c.year) == ("Accordo di Programma Quadro in materia di beni culturali", "law", None)


def test_laws_synthetic():
    assert found("ai sensi del D.Lgs. 42/2004")[0][2:] == ("2004", "law")
    assert found("la legge 5 ottobre 1991, n. 317, istituisce")[0] == (
        "legge 5 ottobre 1991, n. 317", (), "1991", "law"
    )
    assert found("con la legge n. 59 del 1997")[0][2:] == ("1997", "law")
    assert found("la L. 140/99 sui distretti")[0][2:] == ("1999", "law")


# --- URLs --------------------------------------------------------------------------------------
def test_urls_real():
    text = "Riferimenti:\n\nwww.noinos.it/azioni.asp  \nwww.comune.torino.it/giunta/linee.htm"
    assert [(c.text, c.kind) for c in find_citations(text)] == [
        ("www.noinos.it/azioni.asp", "url"),
        ("www.comune.torino.it/giunta/linee.htm", "url"),
    ]
    text = "of EU policies\n\n(http://cordis.europa.eu/technology-platforms/).  In  the  next"
    c = find_citations(text)[0]
    assert (c.text, c.title) == ("http://cordis.europa.eu/technology-platforms/",) * 2
    # a URL broken by the extraction, inside a citation parenthesis
    text = (
        "Renaissance (ec.europa.eu /  enterprise /  policies /  industrial-  competitiveness /  industrial-\n\n"
        "policy /  key-  challenges /; Andreoni and Gregory 2013). With"
    )
    cites = find_citations(text)
    check_spans(text, cites)
    assert [(c.kind, c.title if c.kind == "url" else c.authors) for c in cites] == [
        ("url", "ec.europa.eu/enterprise/policies/industrial-competitiveness/industrial-policy/key-challenges/"),
        ("author-year", ("Andreoni", "Gregory")),
    ]
    c = find_citations("http://it.wikipedia.org/wiki/Trasmissione_(telecomunicazioni)\n")[0]
    assert c.text == "http://it.wikipedia.org/wiki/Trasmissione_(telecomunicazioni)"


def test_urls_synthetic():
    assert texts("(see https://example.org/a/b?x=1).") == ["https://example.org/a/b?x=1"]
    assert clean_url("example.org / a-  b /") == "example.org/a-b/"
    assert find_citations("e-mail: marco.bellandi@unifi.it") == []
    assert find_citations("e.g. the S.p.A. form") == []


# --- what is not a citation --------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "the promotion of consortia among district firms (1980s); ii) the national law",
        "(e.g. territorial pacts, late 1990s - early 2000s); iv) the promotion",
        "the promotion of “technological districts” (2000s). Among",
        "the national technology clusters - CTN (since the beginning of 2010s). The",
        "Up to 2007 (i.e. a pre- crisis period), the Italian manufacture",
        "sharply during all the period 2001-2011 in the specialization sector",
        "From 2007 to 2011, the large majority of industrial districts",
        "the global crisis started in 2008 is not caused by",
        "2. Stylized facts on the recent evolution of Italian industries",
        "1.2 La nascita dei distretti industriali in Italia",
        " 2.2.1 Modalità di entrata in un mercato",
        "Tra gli anni ’50 e ’60 vi fu un aumento degli scambi",
        "Section 6 hosts some conclusions (section 3).",
        "siglato nel maggio 2001, prevede lo stanziamento",
        "the programme (Horizon 2020) and the plan (May 2008)",
        "(EU 2020 strategy)",
        "Fondi Comunitari 2014-2020",
        "(Destination  Italy)  launched",
    ],
)
def test_not_citations(text):
    assert find_citations(text) == []


def test_not_citations_synthetic():
    assert find_citations("(anni 1970s)") == []
    assert find_citations("(1990s-2000s)") == []
    assert find_citations("In 1999 (see below) and Italy (2020 onwards)") == []
    # a year in prose next to a real citation: only the citation
    assert texts("in 2013 (PCM, 2013) takes") == ["PCM, 2013"]


# --- the real corpus ---------------------------------------------------------------------------
def _meta():
    return {m["file"]: m["id"] for m in yaml.safe_load((SOURCES / "sources.yml").read_text(encoding="utf-8"))}


def _raw(path: Path) -> str:
    return path.read_text(encoding="utf-8").replace(NBSP, " ")


def _joined(path: Path) -> str:
    """A simple repair: NBSP to space, and a line that goes on with a lower-case word or an
    opening parenthesis is joined to the previous one, across blank lines (footnote lines, which
    start with their number, stay apart)."""
    text = _raw(path)
    return re.sub(r"[ \t]*\n(?:[ \t]*\n)*[ \t]*(?=[a-zà-ù(])", " ", text)


# Counted by hand: every four-digit number in each file was listed with its context and read.
# 000: the 19 works in the two parentheses of the paragraph on the milieu (10 + 4) and the five
#      single ones that follow (Johannisson e Spilling ... Piore e Sabel).
# 001: no year at all.
# 002: 77 four-digit numbers; 57 are author-year citations (49 in parentheses, 7 in running text:
#      Cappellin et al. (2014), 3 x Bellandi and Coltorti (2014), Bellandi (2011), Coltorti and
#      Venanzi (2014), Corò and Gurisatti (2013); plus Becattini et al. 2009 at the end); the other
#      20 are prose years (2008, Up to 2007, 2001-2011, From 2007 to 2011, in 2013 ...) and decades.
# 003: 9 in the text (Becattini 1998; Becattini e Dei Ottati 2006; Rullani (2003) and 2 x
#      (Rullani, 2003); Quintieri 2006; Rossi 2009; Cafaggi 2007; Bottinelli 2011) and 2 footnote
#      references (Marshall 1890, Rossi 2009); "nel 2004" is prose.
# 004: no author-year citation; legge 317/1991 and the Accordo di Programma Quadro; two URLs.
EXPECTED = {
    "000_c325aa9ff2e5e106.txt": {"author-year": 19},
    "001_f72b844dcb2f97d2.txt": {},
    "002_ad299003d648718b.txt": {"author-year": 57, "title": 4, "url": 3},
    "003_c30bacfc00c1949d.txt": {"author-year": 9, "footnote": 2, "url": 5},
    "004_357725d0f7f9af15.txt": {"law": 2, "url": 2},
}


@pytest.mark.parametrize("read", [_raw, _joined], ids=["raw", "joined"])
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_real_sources_counts(name, read, titles):
    text = read(SOURCES / name)
    cites = find_citations(text, titles=titles)
    check_spans(text, cites)
    assert dict(Counter(c.kind for c in cites)) == EXPECTED[name]


def test_real_sources_are_all_listed():
    assert set(_meta()) == set(EXPECTED)


def test_cite_is_frozen():
    c = Cite(0, 4, "x", (), None, None, "url")
    with pytest.raises(Exception):
        c.start = 1  # type: ignore[misc]


def test_running_text_lists_and_sentence_words():
    assert texts("In Italy, Bellandi and Coltorti (2014) show") == ["Bellandi and Coltorti (2014)"]
    assert found("However, Rossi and Bianchi (2009) argue")[0][1] == ("Rossi", "Bianchi")
    assert texts("(See Rossi, 2009) and (In Italia: Verdi, 2010)") == ["Rossi, 2009", "Verdi, 2010"]
    # "in press" and "ibid." are citations (issue 18.2: a work without a year, the work before)
    assert found("Rossi (2009a) e Rossi (in press); (ibid., 2009); (Fig. 3, 2009); (Op. cit., 2009)") == [
        ("Rossi (2009a)", ("Rossi",), "2009a", "author-year"),
        ("Rossi (in press)", ("Rossi",), None, "author-year"),
        ("ibid.", (), None, "ibid"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Aaaa-" * 5000,
        "Aaaa, " * 2000 + "Bbbb and Cccc (" + "x" * 10,
        "(" + "Aaaa Bbbb, " * 3000 + ")",
        "(" + "Aaaa Bbbb, " * 3000,
        "(" + "De " * 3000 + "2009)",
        "Rossi e " * 5000 + "(2009)",
        "ec.europa.eu" + " / a-" * 3000,
        "Rossi A., " + "x. " * 5000 + ", 2009",
    ],
    ids=["hyphens", "names", "pairs", "unclosed", "particles", "and-chain", "url", "footnote"],
)
def test_pathological_text_is_fast(text):
    import time

    t0 = time.perf_counter()
    find_citations(text, titles=("Industry and Trade",))
    assert time.perf_counter() - t0 < 2.0


def test_repaired_sources_if_available(titles):
    """The same counts on the sources as the pipeline repairs them (paragraphs and footnotes;
    stray URL lines are left out: only 004's two reference URLs and 003's link overlays are)."""
    sources = pytest.importorskip("lessico.sources")
    try:
        loaded = sources.load_sources(SOURCES)
    except Exception as e:  # another stage still in progress must not break these tests
        pytest.skip(f"load_sources not usable yet: {e}")
    by_file = {}
    for s in loaded:
        n = Counter()
        for text in [p.text for p in s.paragraphs if p.kind != "link"] + [f.text for f in s.footnotes]:
            n.update(c.kind for c in find_citations(text, titles=titles))
        by_file[s.meta.file] = dict(n)
    expected = {f: {k: v for k, v in e.items() if k != "url"} for f, e in EXPECTED.items()}
    expected["002_ad299003d648718b.txt"]["url"] = 2  # the third is a stray line (kind "link")
    assert by_file == expected


# --- issue 18.2: citation forms -------------------------------------------------------------
def cites(text, **kw):
    out = find_citations(text, **kw)
    check_spans(text, out)
    return [(" ".join(c.text.split()), c.authors, c.year, c.kind, c.status) for c in out]


@pytest.mark.parametrize("prefix", ["Si veda anche", "Si veda", "Cfr.", "Vedi", "Vedi anche", "See also",
                                    "See", "Cf."])
def test_footnote_reference_after_a_prefix(prefix):
    # the form of the corpus's notes ("1 Marshall A., Principles of Economics, 1890.") with a prefix:
    # the prefix is not part of the citation
    text = f"{prefix} Becattini G., Il distretto industriale. Un approccio, 2000."
    assert cites(text) == [("Becattini G., Il distretto industriale. Un approccio, 2000", ("Becattini",), "2000",
                            "footnote", None)]
    assert cites(f"7 {prefix} Marshall A., Industry and Trade, 1919.")[0][:4] == (
        "Marshall A., Industry and Trade, 1919", ("Marshall",), "1919", "footnote")


def test_real_footnote_form_without_prefix_still_found():
    assert cites("1 Marshall A., Principles of Economics, 1890. ") == [
        ("Marshall A., Principles of Economics, 1890", ("Marshall",), "1890", "footnote", None)]


@pytest.mark.parametrize("text, expected", [
    ("(Rossi, s.d.)", ("Rossi, s.d.", ("Rossi",), None, "author-year", "s.d.")),
    ("(OECD, n.d.)", ("OECD, n.d.", ("OECD",), None, "author-year", "n.d.")),
    ("(Bianchi e Verdi, in corso di stampa)", ("Bianchi e Verdi, in corso di stampa", ("Bianchi", "Verdi"), None,
                                              "author-year", "in corso di stampa")),
    ("as Storper (forthcoming) argues", ("Storper (forthcoming)", ("Storper",), None, "author-year", "forthcoming")),
    ("Cfr. Trigilia C., Sviluppo locale, in corso di stampa.",
     ("Trigilia C., Sviluppo locale, in corso di stampa", ("Trigilia",), None, "footnote", "in corso di stampa")),
])
def test_works_without_a_year(text, expected):
    assert cites(text) == [expected]


def test_ibid_and_ivi():
    assert cites("Ibid., p. 12.") == [("Ibid., p. 12", (), None, "ibid", None)]
    assert cites("Ivi, pp. 3-5.") == [("Ivi, pp. 3-5", (), None, "ibid", None)]
    assert cites("come già detto (ibid., p. 4).") == [("ibid., p. 4", (), None, "ibid", None)]
    # "ivi" is also an ordinary word: lower case, or inside a sentence, it is not a citation
    assert cites("sono ivi compresi i soci. Ivi abitano molti artigiani") == []


PROSE = (("Banca d'Italia", "2004"), ("ISTAT", "2011"), ("Marshall", "1890"))


@pytest.mark.parametrize("text, expected", [
    ("come mostra la Banca d'Italia nel 2004, i distretti", ("Banca d'Italia nel 2004", ("Banca d'Italia",), "2004")),
    ("secondo l'ISTAT nel 2011 le imprese", ("ISTAT nel 2011", ("ISTAT",), "2011")),
    ("Marshall in 1890 described", ("Marshall in 1890", ("Marshall",), "1890")),
    ("Marshall, writing in 1890, described", ("Marshall, writing in 1890", ("Marshall",), "1890")),
])
def test_author_or_institution_with_a_year_in_prose(text, expected):
    assert [c[:3] for c in cites(text, prose=PROSE)] == [expected]
    assert cites(text) == []  # without the known works, no prose citation


@pytest.mark.parametrize("text", [
    "negli anni '90 la Banca d'Italia ha cambiato linea",
    "nel 2008 la crisi ha colpito i distretti",
    "in the 1990s Marshall was read again",
    "la Banca d'Italia nel 2005 ha pubblicato",  # no known work of that year
    "la Banca d'Italia. Nel 2004 il distretto",  # another sentence
    "la Banca d'Italia (si veda sopra) nel 2004",  # a parenthesis between
    "Rossi nel 2004 ha mostrato",  # not a known author
])
def test_years_in_prose_that_are_not_citations(text):
    assert cites(text, prose=PROSE) == []


# --- issue 18.2: resolving the new forms ----------------------------------------------------
RECORDS = [
    {"id": "bdi-relazione", "type": "report", "author": [{"literal": "Banca d'Italia"}], "title": "Relazione annuale",
     "issued": {"date-parts": [[2004]]}},
    {"id": "censimento-xyz", "type": "report", "author": [{"literal": "Istituto nazionale di statistica"}],
     "title": "Censimento dell'industria", "issued": {"date-parts": [[2011]]}, "custom": {"acronym": "ISTAT"}},
    {"id": "bec2000", "type": "book", "author": [{"family": "Becattini", "given": "Giacomo"}],
     "title": "Il distretto industriale", "issued": {"date-parts": [[2000]]}},
    {"id": "rossi-appunti", "type": "document", "author": [{"family": "Rossi", "given": "Mario"}], "title": "Appunti"},
]


def _resolved(passages, tmp_path):
    from lessico.references import make_finder, resolve
    find = make_finder(RECORDS)
    cs = [("doc", anchor, c) for anchor, text in passages for c in find(text)]
    bib = resolve(cs, RECORDS, tmp_path, year=2026)
    return [(a, c.kind, " ".join(c.text.split()), bib.links.get(("doc", a, c.start))) for _, a, c in cs], bib


def test_new_forms_resolve_to_their_records(tmp_path):
    got, bib = _resolved([
        ("p1", "Come mostra la Banca d'Italia nel 2004, e come conferma l'ISTAT nel 2011, le imprese (Rossi, s.d.) "
               "crescono (ISTAT, 2011)."),
        ("fn:7", "Si veda anche Becattini G., Il distretto industriale, 2000."),
        ("fn:8", "Ibid., p. 12."),
        ("fn:9", "Cfr. Bianchi L., Le reti lunghe, in corso di stampa."),
        ("fn:10", "Ivi, p. 3."),
    ], tmp_path)
    assert got == [
        ("p1", "prose", "Banca d'Italia nel 2004", "bdi-relazione"),
        ("p1", "prose", "ISTAT nel 2011", "censimento-xyz"),  # the declared acronym, whatever the id
        ("p1", "author-year", "Rossi, s.d.", "rossi-appunti"),  # the record without a year
        ("p1", "author-year", "ISTAT, 2011", "censimento-xyz"),
        ("fn:7", "footnote", "Becattini G., Il distretto industriale, 2000", "bec2000"),
        ("fn:8", "ibid", "Ibid., p. 12", "bec2000"),  # the work of the note before
        ("fn:9", "footnote", "Bianchi L., Le reti lunghe, in corso di stampa", "bianchind"),
        ("fn:10", "ibid", "Ivi, p. 3", "bianchind"),  # an as-cited work, too
    ]
    assert bib.unresolved == []
    entry = next(i for i in bib.items if i["id"] == "bianchind")
    # nothing invented: the names and the words that stand for the date, as cited
    assert entry == {"id": "bianchind", "type": "document", "author": [{"family": "Bianchi"}],
                     "status": "in corso di stampa", "custom": {"cited_by": ["doc"]}}


def test_ibid_with_nothing_before_is_unresolved(tmp_path):
    got, bib = _resolved([("fn:1", "Ibid., p. 4.")], tmp_path)
    assert got == [("fn:1", "ibid", "Ibid., p. 4", None)]
    assert [c.text for _, _, c in bib.unresolved] == ["Ibid., p. 4"]


def test_undated_and_dated_works_of_one_author_stay_apart(tmp_path):
    got, bib = _resolved([("p1", "(Verdi, s.d.; Verdi, 2003; Verdi, n.d.)")], tmp_path)
    assert [r for *_, r in got] == ["verdind", "verdi2003", "verdind"]
    assert "issued" not in next(i for i in bib.items if i["id"] == "verdind")
