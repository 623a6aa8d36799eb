"""Term candidates for editors (lessico/candidates.py): C-value, patterns, exclusions, stop list."""
from __future__ import annotations

import math

import pytest

from lessico import candidates as C
from lessico.analysis import Passage
from lessico.errors import InputError
from lessico.model import Concept, LangEntry
from lessico.recognition import Match

pytestmark = pytest.mark.unit


def corpus(*paras: str, sid: str = "doc", kind: str = "para") -> dict[str, list[Passage]]:
    return {sid: [Passage(sid, f"p{i}", kind, text) for i, text in enumerate(paras, 1)]}


def run(passages, lang="it", **kw):
    langs = {sid: lang for sid in passages}
    return C.find_candidates(passages, langs, **kw)


def terms(found, lang="it") -> list[str]:
    return [c.term for c in found[lang]]


def concept(cid: str, it: tuple[str, list[str]], en: tuple[str, list[str]]) -> Concept:
    return Concept(cid, "district-theory", {"it": LangEntry.plain(it[0], it[1], "Definizione."),
                                            "en": LangEntry.plain(en[0], en[1], "Definition.")})


# --- C-value ---------------------------------------------------------------------------------
def test_c_value_of_a_term_nested_in_no_other_is_weight_times_frequency():
    freq = {("mercato", "estero"): 3, ("sistema", "locale"): 4, ("sistema", "locale", "lavoro"): 2}
    cv = C.c_values(freq)
    assert cv[("mercato", "estero")] == pytest.approx(math.log2(3) * 3)
    assert cv[("sistema", "locale", "lavoro")] == pytest.approx(math.log2(4) * 2)


def test_c_value_of_a_nested_term_subtracts_the_mean_frequency_of_the_longer_ones():
    freq = {("sistema", "locale"): 7, ("sistema", "locale", "lavoro"): 2, ("grande", "sistema", "locale"): 4}
    cv = C.c_values(freq)
    assert cv[("sistema", "locale")] == pytest.approx(math.log2(3) * (7 - (2 + 4) / 2))


def test_a_term_seen_only_inside_one_longer_term_scores_nothing_and_is_not_listed():
    text = "Il costo del lavoro qualificato cresce. Conta il costo del lavoro qualificato e basta."
    found = run(corpus(text))
    assert terms(found) == ["costo del lavoro qualificato"]
    (c,) = found["it"]
    assert c.frequency == 2 and c.words == 3  # "del" joins the words: it is not one of them
    assert c.cvalue == pytest.approx(math.log2(4) * 2)


def test_a_nested_term_that_also_stands_alone_is_listed_after_the_longer_one():
    found = run(corpus("Il costo del lavoro qualificato sale.", "Il costo del lavoro qualificato scende.",
                       "Il costo del lavoro pesa.", "Il costo del lavoro conta.", "Il costo del lavoro resta."))
    assert terms(found) == ["costo del lavoro", "costo del lavoro qualificato"]
    short, long_ = found["it"]
    assert short.frequency == 5 and short.cvalue == pytest.approx(math.log2(3) * (5 - 2))
    assert short.places == {"doc": ["p1", "p2", "p3", "p4", "p5"]}


# --- patterns --------------------------------------------------------------------------------
def test_italian_noun_phrases_with_di_complements_and_english_ones_with_of():
    it = run(corpus("La divisione del lavoro tra le imprese; la divisione del lavoro cambia."))
    assert terms(it) == ["divisione del lavoro"]
    en = run(corpus("The international division of labour grows. An international division of labour."), "en")
    assert terms(en, "en") == ["international division of labour"]


def test_phrases_stop_at_punctuation_verbs_and_function_words():
    found = run(corpus("Le imprese esportano. Le imprese, esportano: imprese esportano!"))
    assert terms(found) == []  # "imprese esportano": a verb is no term word
    en = run(corpus("Firms should export, and firms should export quickly."), "en")
    assert terms(en, "en") == []  # an auxiliary and an adverb in -ly are no term words


def test_english_phrases_end_on_a_noun_not_on_an_adjective():
    en = run(corpus("Compact industrial districts and compact industrial towns.",
                    "Compact industrial areas."), "en")
    assert "compact industrial" not in terms(en, "en")


def test_single_technical_terms_acronyms_compounds_and_learned_suffixes():
    found = run(corpus("Il know-how delle PMI e la delocalizzazione.", "Il know-how, le PMI, la delocalizzazione.",
                       "L'organizzazione e l'organizzazione."))
    assert set(terms(found)) == {"know-how", "PMI", "delocalizzazione"}  # not the everyday "organizzazione"


def test_text_in_capitals_has_no_acronyms_and_is_shown_in_lower_case():
    found = run(corpus("PIATTAFORME METROPOLITANE E NAZIONALI", "PIATTAFORME METROPOLITANE", kind="heading"))
    assert terms(found) == ["piattaforme metropolitane"]


def test_proper_names_and_citations_are_not_terms():
    found = run(corpus("Lo disse Alfred Marshall nel libro; come Alfred Marshall scrisse (Becattini, 1979).",
                       "Secondo Becattini Giacomo (Becattini, 1979) sì."))
    assert terms(found) == []
    text = "Vedi (Rossi Bianchi, 2001) ora e (Rossi Bianchi, 2001) poi."
    cites = [type("Cite", (), {"start": s, "end": s + 21})() for s in (5, 33)]
    assert text[5:26] == "(Rossi Bianchi, 2001)" and text[33:54] == "(Rossi Bianchi, 2001)"
    p = Passage("doc", "p1", "para", text, cites=cites)
    assert terms(run({"doc": [p]})) == []


def test_a_footnote_marker_between_two_words_breaks_the_phrase():
    text = "Il mercato estero conta; il mercato estero cresce."
    at = text.index("estero") - 1  # the marker stands after "mercato"
    plain = run({"doc": [Passage("doc", "p1", "para", text)]})
    marked = run({"doc": [Passage("doc", "p1", "para", text, footnotes=[(at, "1"), (text.rindex("estero") - 1, "2")])]})
    assert terms(plain) == ["mercato estero"]
    assert terms(marked) == []


@pytest.mark.parametrize("lang, paras", [
    ("it", ["Negli anni '90 la crisi colpì. Nel 2008 la crisi tornò.", "Negli anni '90, nel 2008 la crisi, 1990 e 2001."]),
    ("en", ["In the 1990s the crisis hit. In 2008 the crisis came back.", "In the 1990s, in 2008 the crisis, 1990."]),
])
def test_ordinary_prose_with_years_gives_nothing(lang, paras):
    assert run(corpus(*paras), lang) == {lang: []}


def test_the_first_occurrence_gives_the_context_and_every_paragraph_is_listed_once():
    long_text = ("Questa frase iniziale serve soltanto ad allungare il contesto per vedere il taglio, "
                 "poi viene il mercato estero e la frase prosegue ancora per un bel tratto senza fermarsi mai, "
                 "con altre parole che non servono a niente se non a superare la misura del contesto.")
    found = run(corpus(long_text, "Il mercato estero e il mercato estero."))
    (c,) = found["it"]
    assert c.places == {"doc": ["p1", "p2"]} and c.frequency == 3
    assert "mercato estero" in c.context and c.context.startswith("…") and c.context.endswith("…")
    assert len(c.context) < len(long_text)


# --- exclusions ------------------------------------------------------------------------------
def test_known_labels_and_forms_in_both_languages_are_excluded():
    concepts = {"mercato-estero": concept("mercato-estero", ("mercato estero", ["mercati esteri"]),
                                          ("foreign market", ["foreign markets"])),
                "catena": concept("catena", ("catena di fornitura", []), ("supply chain", ["supply chains"]))}
    known = C.known_labels(concepts)
    text = "Il mercato estero, i mercati esteri, la supply chain; i mercati esteri e la supply chain; la rete corta."
    found = run(corpus(text, "La rete corta."), known=known)
    assert terms(found) == ["rete corta"]


def test_a_known_term_as_the_complement_of_another_word_is_not_a_new_term():
    known = C.known_labels({"d": concept("d", ("distretti industriali", []), ("specific public goods", []))})
    found = run(corpus("Le origini dei distretti industriali; le origini dei distretti industriali.",
                       "Il costo del lavoro e il costo del lavoro."), known=known)
    assert terms(found) == ["costo del lavoro"]
    en = run(corpus("The creation of specific public goods and the creation of specific public goods."), "en",
             known=known)
    assert terms(en, "en") == []


def test_a_candidate_names_the_records_it_holds_or_is_part_of():
    known = C.known_labels({
        "ide": concept("ide", ("investimenti diretti esteri", []), ("foreign direct investment", [])),
        "int": concept("int", ("internazionalizzazione", []), ("internationalisation", [])),
        "imp": concept("imp", ("impresa", ["imprese"]), ("firm", ["firms"])),
    })
    found = run(corpus("Gli investimenti diretti e il processo di internazionalizzazione; gli investimenti diretti "
                       "e il processo di internazionalizzazione; la rete corta e la rete corta."), known=known)
    near = {c.term: c.near for c in found["it"]}
    assert near == {"investimenti diretti": ["ide"], "processo di internazionalizzazione": ["int"], "rete corta": []}
    assert "investimenti" not in near  # a word of a label is not a label: "imprese" would not match "impresa" either
    table = C.table(found)
    assert "near record" in table.splitlines()[1] and " ide " in table


def test_a_deprecated_term_is_known_too():
    c = concept("sistema", ("sistema locale", []), ("local system", []))
    entry = c.labels["it"]
    from lessico.model import Term
    entry.terms.append(Term("sistema localizzato", "synonym", "deprecated", False, True))
    found = run(corpus("Il sistema localizzato e il sistema localizzato."), known=C.known_labels({"sistema": c}))
    assert terms(found) == []


def test_a_candidate_every_occurrence_of_which_lies_in_a_recognised_concept_is_excluded():
    text = "Il tessuto produttivo locale; il tessuto produttivo locale."
    spans = [Match(text.index("tessuto"), text.index("locale") + 6, "tessuto"),
             Match(text.rindex("tessuto"), text.rindex("locale") + 6, "tessuto")]
    covered = run({"doc": [Passage("doc", "p1", "para", text, matches=spans)]})
    assert "tessuto produttivo" not in terms(covered) and "tessuto produttivo locale" not in terms(covered)
    half = run({"doc": [Passage("doc", "p1", "para", text, matches=spans[:1])]})
    assert "tessuto produttivo locale" in terms(half)


def test_the_stop_list_excludes_its_terms_whatever_their_case_and_apostrophes():
    stop = C.parse_stoplist("# a comment\n\nLungo Termine   # trailing comment\nsviluppo dell’economia\n")
    assert stop == {"lungo termine", "sviluppo dell'economia"}
    found = run(corpus("A lungo termine lo sviluppo dell'economia; a lungo termine lo sviluppo dell'economia; "
                       "la rete corta e la rete corta."), stoplist=stop)
    assert terms(found) == ["rete corta"]


def test_the_site_stop_list_is_read_from_the_glossary_folder(tmp_path):
    (tmp_path / "glossary").mkdir()
    assert C.load_stoplist(tmp_path) == set()
    (tmp_path / "glossary" / "candidates-stoplist.txt").write_text("# note\nrete corta\n", encoding="utf-8")
    assert C.load_stoplist(tmp_path) == {"rete corta"}


def test_a_bad_stop_list_is_one_line_naming_the_file(tmp_path):
    (tmp_path / "glossary").mkdir()
    path = tmp_path / "glossary" / "candidates-stoplist.txt"
    path.write_bytes(b"rete corta\n\xff\n")
    with pytest.raises(InputError) as e:
        C.load_stoplist(tmp_path)
    assert str(e.value) == "glossary/candidates-stoplist.txt: not valid UTF-8 at byte 11 (save it as UTF-8)"
    path.unlink()
    outside = tmp_path / "elsewhere.txt"
    outside.write_text("x\n", encoding="utf-8")
    path.symlink_to(outside)
    with pytest.raises(InputError, match=r"^glossary/candidates-stoplist.txt: is a symbolic link"):
        C.load_stoplist(tmp_path)


def test_a_french_source_gives_french_candidates():
    found = run(corpus("Le milieu innovateur et la capacité d'innovation; le milieu innovateur et la capacité "
                       "d'innovation du territoire."), "fr")
    assert terms(found, "fr") == ["capacité d'innovation", "milieu innovateur"]


def test_a_language_without_a_stop_word_list_gives_no_candidates_rather_than_noise():
    found = C.find_candidates(corpus("Der innovative Raum und der innovative Raum."), {"doc": "de"})
    assert found == {}


def test_table_and_json_give_rank_cvalue_frequency_term_sources_context():
    found = run(corpus("Il mercato estero conta.", "Il mercato estero cresce."))
    lines = C.table(found).splitlines()
    assert lines[0] == "== it: 1 term candidates without a record"
    assert lines[1].split() == ["rank", "C-value", "freq", "candidate", "near", "record", "sources", "context"]
    assert lines[2].split()[:7] == ["1", f"{math.log2(3) * 2:.2f}", "2", "mercato", "estero", "-", "doc"]
    assert lines[2].endswith("Il mercato estero conta.")
    import json
    (row,) = json.loads(C.to_json(found))["it"]
    assert row["term"] == "mercato estero" and row["sources"] == {"doc": ["p1", "p2"]} and row["frequency"] == 2
    assert row["near"] == []
