"""The glossary's hierarchy on the real registry: how much of it is placed in a broader/narrower
structure, the top concepts of each theme (and their SKOS export), and no broader link that makes
a party a kind of an activity or a part a kind of its whole."""
from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from rdflib import RDF, Graph, URIRef
from rdflib.namespace import DCTERMS, SKOS

from lessico.concepts import THEMES, load_concepts, top_concepts
from lessico.exports import skos
from lessico.exports.terms import concept_uri

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parent.parent
SITE = "https://example.org/lessico/"
# issue 13 asks for 85 %: 181 of 212 concepts (85.4 %) are placed, with generic or instance links only
# (part/whole and party/activity pairs stay related); the genus records that carry it (capitale,
# conoscenza, sviluppo economico, politica pubblica, strumento di politica pubblica, ...) rest on
# source passages or a cited definition
MIN_SHARE = 0.85


@pytest.fixture(scope="module")
def concepts():
    return load_concepts(ROOT / "glossary")


def test_share_of_concepts_in_the_hierarchy(concepts):
    placed = [c for c in concepts.values() if c.broader or c.narrower]
    assert len(placed) / len(concepts) >= MIN_SHARE, f"{len(placed)} of {len(concepts)}"


def test_every_theme_has_top_concepts_and_every_other_concept_a_broader_in_its_theme(concepts):
    tops = top_concepts(concepts)
    assert set(tops) == {c.theme for c in concepts.values()} == set(THEMES)
    for theme, ids in tops.items():
        assert ids, theme
        for cid in ids:
            assert not any(concepts[b].theme == theme for b in concepts[cid].broader), cid
    listed = {cid for ids in tops.values() for cid in ids}
    for c in concepts.values():
        if c.id not in listed:
            assert any(concepts[b].theme == c.theme for b in c.broader), c.id
    # a theme's hierarchy has a head: some top concept of each theme has narrower concepts
    for theme, ids in tops.items():
        assert any(concepts[cid].narrower for cid in ids), f"{theme}: no top concept heads a hierarchy"


def test_top_concepts_rule_on_synthetic_records():
    def c(cid, theme, broader=()):
        return SimpleNamespace(id=cid, theme=theme, broader=list(broader))
    reg = {"a": c("a", "policy"), "b": c("b", "policy", ["a"]), "x": c("x", "milieu", ["a"]),
           "y": c("y", "milieu", ["x"])}
    # x's broader concept is in another theme: x heads its own theme
    assert top_concepts(reg) == {"policy": ["a"], "milieu": ["x"]}


def test_skos_export_has_the_top_concepts_of_each_theme(concepts):
    g = skos.graph(SimpleNamespace(concepts=concepts), True, SITE)
    parsed = Graph().parse(data=skos.turtle(g).decode("utf-8"), format="turtle")
    main = skos.scheme_uri(SITE)
    assert (main, RDF.type, SKOS.ConceptScheme) in parsed
    tops = top_concepts(concepts)
    for theme in THEMES:
        sub = skos.theme_scheme_uri(SITE, theme)
        assert (sub, RDF.type, SKOS.ConceptScheme) in parsed
        assert (sub, DCTERMS.isPartOf, main) in parsed
        assert {x.language for x in parsed.objects(sub, SKOS.prefLabel)} == {"it", "en"}
        got = set(parsed.objects(sub, SKOS.hasTopConcept))
        assert got == {URIRef(concept_uri(SITE, cid)) for cid in tops[theme]}, theme
        for uri in got:
            assert (uri, SKOS.topConceptOf, sub) in parsed
        members = set(parsed.subjects(SKOS.inScheme, sub))
        assert members == {URIRef(concept_uri(SITE, c.id)) for c in concepts.values() if c.theme == theme}
    # the glossary's own scheme keeps its top concepts: those with no broader concept at all
    assert set(parsed.objects(main, SKOS.hasTopConcept)) == {
        URIRef(concept_uri(SITE, c.id)) for c in concepts.values() if not c.broader}


# the review's category errors (glossary-review.md § 3.2 and the table): party under activity,
# channel under export mode, part under whole
NOT_BROADER = [
    ("agente", "esportazione-diretta"),  # a party is not a kind of direct exporting
    ("distributore", "esportazione-diretta"),
    ("commercio-elettronico", "esportazione-diretta"),  # a channel, not an export mode
    ("investimenti-diretti-esteri", "insediamento-produttivo"),  # FDI is not a kind of production abroad
    ("marketplace", "e-business"),  # an intermediary is not a kind of business activity
    ("e-business", "ict"),  # the use of a technology is not a kind of technology
    ("capogruppo", "gruppo-di-imprese"),  # a part is not a kind of its whole
    ("impresa-distrettuale", "distretto-industriale"),
    ("beni-culturali", "patrimonio-culturale"),
    ("fiducia", "capitale-sociale"),
    ("capitale-umano", "capitale-composito"),
    ("logistica", "gestione-della-supply-chain"),
]
BROADER = [
    ("agente", "intermediario-commerciale"),
    ("distributore", "intermediario-commerciale"),
    ("commercio-elettronico", "e-business"),
    ("medie-imprese", "piccole-e-medie-imprese"),
    ("capogruppo", "impresa"),
    ("impresa-distrettuale", "impresa"),
    ("greenfield", "investimenti-diretti-esteri"),
    # genus and instance links of issue 13's last round: the child's definition names the genus
    ("capitale-umano", "capitale"),
    ("conoscenza-tacita", "conoscenza"),
    ("sviluppo-locale", "sviluppo-economico"),
    ("politica-industriale", "politica-pubblica"),
    ("legge-317-1991", "strumento-di-politica-pubblica"),  # a law: an instance of a policy instrument
    ("fondi-strutturali", "strumento-di-politica-pubblica"),
    ("destinazione-italia", "politica-industriale"),  # a national plan: an instance of industrial policy
    ("cassa-depositi-e-prestiti", "istituto-nazionale-di-promozione"),
    ("regioni", "ente-territoriale"),
    ("rete-di-imprese", "rete-interorganizzativa"),
]


@pytest.mark.parametrize("child, parent", NOT_BROADER)
def test_review_category_errors_are_not_broader(concepts, child, parent):
    c = concepts[child]
    assert parent not in c.broader
    if child != "investimenti-diretti-esteri":  # FDI reaches production abroad through greenfield
        assert parent in c.related, f"{child} should keep an associative link to {parent}"


@pytest.mark.parametrize("child, parent", BROADER)
def test_true_genus_links(concepts, child, parent):
    assert parent in concepts[child].broader


# the genus a definition opens with says what kind of thing a concept is
PARTY = ("Impresa", "Intermediario", "Ente", "Istituzione", "Istituto", "Soggetto", "Persona", "Rete")
ACTIVITY = ("Modalità", "Processo", "Attività", "Operazione", "Impiego", "Funzione", "Coordinamento",
            "Trasformazione", "Investimento", "Esportazione", "Forma", "Compravendita")


def _genus(c) -> str:
    return c.labels["it"].definition.split()[0]


def test_no_party_under_an_activity(concepts):
    wrong = [(c.id, b) for c in concepts.values() for b in c.broader
             if _genus(c).startswith(PARTY) and _genus(concepts[b]).startswith(ACTIVITY)]
    assert not wrong
