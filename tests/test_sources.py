"""The source-repair stage: reading, metadata, and every repair rule.

Each rule is tested twice: on a snippet copied from the real damaged corpus, and on a synthetic
variant (other words, other numbers) that it must handle too — a rule that only works on the seed
text would be a per-file patch.
"""
from __future__ import annotations

import logging
import re
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from lessico.errors import InputError
from lessico.model import LANGS, Paragraph
from lessico.sources import (
    FIX_KEYS, fix_doubled_words, load_metadata, load_sources, read_text, repair, split_doubled_line,
    split_overlay_prefix, split_overlay_suffix,
)

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "sources"
NB = "\u00a0"


def kinds(rep):
    return [(p.kind, p.level, p.text) for p in rep.paragraphs]


def texts(rep, kind=None):
    return [p.text for p in rep.paragraphs if kind is None or p.kind == kind]


def para_with(rep, needle) -> Paragraph:
    found = [p for p in rep.paragraphs if needle in p.text]
    assert found, f"no paragraph contains {needle!r}:\n" + "\n".join(texts(rep))
    return found[0]


def removed(rep, rule):
    return [(r.line, r.text) for r in rep.removed if r.rule == rule]


def double_spaced(*lines: str) -> str:
    """Lines the way 002/003 were extracted: a blank line after every line."""
    return "\n\n".join(lines) + "\n"


# ============================================================================================
# read_text
# ============================================================================================
def test_read_text_normalises_crlf_and_bom(tmp_path):
    f = tmp_path / "a.txt"
    f.write_bytes("\ufeffuno\r\ndue\rtre\n".encode("utf-8"))
    assert read_text(f) == "uno\ndue\ntre\n"


def test_read_text_non_utf8_names_byte_offset(tmp_path):
    f = tmp_path / "latin1.txt"
    f.write_bytes(b"abc citt\xe0 def")
    with pytest.raises(InputError) as e:
        read_text(f)
    assert str(e.value) == f"{f}: not valid UTF-8 at byte 8"


@pytest.mark.parametrize("content", [b"", b"  \n\t\r\n"])
def test_read_text_empty_source(tmp_path, content):
    f = tmp_path / "empty.txt"
    f.write_bytes(content)
    with pytest.raises(InputError, match="empty source") as e:
        read_text(f)
    assert str(f) in str(e.value)


# ============================================================================================
# load_metadata
# ============================================================================================
GOOD_HEAD = """\
- id: doc-one
  file: one.txt
  lang: it
  kind: paper
  title: null
"""
LABEL = """\
  label:
    it: Documento di prova
    en: Test document
"""
ABSTRACT = """\
  abstract:
    it: Un documento di prova. Serve ai test.
    en: A test document. It serves the tests.
"""
# a complete new entry: what a maintainer must write (an abstract, and a label when no title)
GOOD_ENTRY = GOOD_HEAD + LABEL + ABSTRACT


def make_corpus(tmp_path, yml: str, files=("one.txt",)) -> Path:
    d = tmp_path / "sources"
    d.mkdir()
    for name in files:
        (d / name).write_text("Testo di prova.\n", encoding="utf-8")
    (d / "sources.yml").write_text(yml, encoding="utf-8")
    return d


def metadata_error(d) -> str:
    with pytest.raises(InputError) as e:
        load_metadata(d)
    msg = str(e.value)
    assert "\n" not in msg
    assert msg.startswith(str(d / "sources.yml")) or ".txt" in msg
    return msg


def test_real_metadata_loads_in_order():
    metas = load_metadata(SOURCES)
    assert [m.id for m in metas] == ["gremi-milieu", "piattaforme", "bellandi-2013", "tesi-distretti",
                                     "distretti-culturali"]
    b = metas[2]
    assert (b.lang, b.kind, b.author, b.year) == ("en", "paper", "Marco Bellandi", 2013)
    assert metas[0].title is None and metas[0].author is None  # unknown stays unknown


_SENTENCE = re.compile(r"[.!?…][)\]\"”’»]*(?=\s+[«“\"(]*[A-ZÀ-Ý]|$)")


def sentences(text: str) -> int:
    """Sentences of an abstract: a full stop (or ! ? …) followed by a capital or the end."""
    return len(_SENTENCE.findall(text.strip()))


def test_sentence_counter():
    assert sentences("Uno. Due! Tre? «Quattro» è qui.") == 4
    assert sentences("Legge 317/1991, art. 36 e l'Expo 2015.") == 1


def test_every_real_source_has_a_short_abstract_in_each_language():
    """The home and About pages promise an abstract per source: two to four sentences in each
    language, a summary, not the note about the file."""
    for m in load_metadata(SOURCES):
        assert set(m.abstract) == set(LANGS), m.id
        for lg in LANGS:
            n = sentences(m.abstract[lg])
            assert 2 <= n <= 4, (m.id, lg, n, m.abstract[lg])
            assert m.abstract[lg] != m.note.get(lg), (m.id, lg)


def test_metadata_good_minimal(tmp_path):
    d = make_corpus(tmp_path, GOOD_ENTRY)
    (m,) = load_metadata(d)
    assert (m.id, m.file, m.lang, m.kind, m.title) == ("doc-one", "one.txt", "it", "paper", None)
    assert m.abstract == {"it": "Un documento di prova. Serve ai test.", "en": "A test document. It serves the tests."}
    assert m.label == {"it": "Documento di prova", "en": "Test document"}


def test_metadata_abstract_complete(tmp_path):
    d = make_corpus(tmp_path, GOOD_HEAD + LABEL + "  abstract:\n" + "".join(f"    {lg}: testo {lg}\n" for lg in LANGS))
    (m,) = load_metadata(d)
    assert m.abstract == {lg: f"testo {lg}" for lg in LANGS}


def test_metadata_yaml_syntax_error_names_line(tmp_path):
    d = make_corpus(tmp_path, GOOD_ENTRY + "- id: [unclosed\n  file: x\n")
    msg = metadata_error(d)
    assert "YAML syntax error" in msg and re.search(r"line 1[23]\b", msg)


@pytest.mark.parametrize("yml, needles", [
    (GOOD_ENTRY + "  titel: typo\n", ["doc-one", "unknown key 'titel'", "line 12"]),
    (GOOD_ENTRY.replace("  kind: paper\n", ""), ["doc-one", "missing required key 'kind'"]),
    (GOOD_ENTRY.replace("  lang: it\n", ""), ["doc-one", "missing required key 'lang'"]),
    (GOOD_ENTRY.replace("- id: doc-one\n  file", "- file"), ["entry 1", "missing required key 'id'"]),
    (GOOD_ENTRY.replace("lang: it", "lang: xx"), ["line 3", "doc-one", "field 'lang'", "'xx'", "ISO 639-1"]),
    (GOOD_ENTRY.replace("lang: it", "lang: fra"), ["doc-one", "field 'lang'", "'fra'", "ISO 639-1"]),
    (GOOD_ENTRY.replace("lang: it", "lang: FR"), ["doc-one", "field 'lang'", "'FR'", "ISO 639-1"]),
    (GOOD_ENTRY.replace("id: doc-one", "id: Doc_One"), ["Doc_One", "'id'", "slug"]),
    (GOOD_ENTRY.replace("id: doc-one", "id: documento-più"), ["'id'", "slug"]),
    (GOOD_ENTRY + GOOD_ENTRY.replace("one.txt", "two.txt"), ["doc-one", "duplicate id", "line 12"]),
    (GOOD_ENTRY.replace("one.txt", "missing.txt"), ["doc-one", "'file'", "missing.txt", "does not exist"]),
    (GOOD_ENTRY.replace("one.txt", "../one.txt"), ["doc-one", "'file'"]),
    (GOOD_ENTRY + "  year: '2013'\n", ["doc-one", "'year'"]),
    (GOOD_HEAD + LABEL + "  abstract:\n    it: solo italiano\n", ["doc-one", "'abstract'", "missing language en"]),
    (GOOD_HEAD + LABEL + "  abstract: testo\n", ["doc-one", "'abstract'"]),
    # what a new entry lacks, said in one line
    (GOOD_HEAD + LABEL, ["line 1", "doc-one", "missing 'abstract'", "it, en"]),
    (GOOD_HEAD + ABSTRACT, ["line 1", "doc-one", "missing 'label'", "title is unknown"]),
    (GOOD_HEAD.replace("title: null", "title: ''") + ABSTRACT, ["doc-one", "missing 'label'"]),
    # everything it lacks at once, in one line: the abstract and the label, or one language of each
    (GOOD_HEAD, ["line 1", "doc-one", "missing 'abstract' (2-4 sentences in each language: it, en); "
                 "missing 'label' (the title is unknown"]),
    (GOOD_HEAD + "  label:\n    it: Documento\n  abstract:\n    en: A test. It serves.\n",
     ["line 1", "doc-one", "field 'abstract': missing language it (2-4 sentences in each language: it, en); "
      "field 'label': missing language en (the title is unknown"]),
    (GOOD_HEAD + LABEL + "  abstract:\n    it: ''\n    en: A test. It serves.\n",
     ["doc-one", "field 'abstract': missing language it"]),
    (GOOD_ENTRY + "  lang: en\n", ["line 12", "entry 'doc-one'", "duplicate key 'lang'", "first at line 3"]),
    (GOOD_ENTRY.replace("    it: Documento di prova\n", "    it: Documento di prova\n    it: Altro\n"),
     ["line 8", "entry 'doc-one'", "duplicate key 'it'"]),
    ("id: doc-one\nfile: one.txt\n", ["list"]),
])
def test_metadata_errors_name_file_and_field(tmp_path, yml, needles):
    files = ("one.txt", "two.txt") if "two.txt" in yml else ("one.txt",)
    msg = metadata_error(make_corpus(tmp_path, yml, files))
    for n in needles:
        assert n in msg, (n, msg)


def test_metadata_orphan_txt_is_an_error(tmp_path):
    d = make_corpus(tmp_path, GOOD_ENTRY, files=("one.txt", "stray.txt"))
    with pytest.raises(InputError) as e:
        load_metadata(d)
    assert str(e.value).startswith(str(d / "stray.txt")) and "sources.yml" in str(e.value)


def test_metadata_title_instead_of_label(tmp_path):
    (m,) = load_metadata(make_corpus(tmp_path, GOOD_HEAD.replace("title: null", "title: Un titolo") + ABSTRACT))
    assert m.title == "Un titolo" and m.label == {}


def test_metadata_file_missing(tmp_path):
    d = tmp_path / "empty"
    d.mkdir()
    with pytest.raises(InputError, match="sources.yml"):
        load_metadata(d)


# ============================================================================================
# rule: odd spaces
# ============================================================================================
def test_odd_spaces_real():
    rep = repair(" necessità\xa0di\xa0affrontare\xa0le\xa0sfide\xa0della\xa0fase\xa0attuale\n")
    assert texts(rep) == ["necessità di affrontare le sfide della fase attuale"]
    assert rep.fixes["odd-space"] == 7
    # 004: "città&nbsp;." from a web page
    rep = repair("tracciare una nuova immagine della città\xa0. Il distretto culturale\n")
    assert texts(rep) == ["tracciare una nuova immagine della città. Il distretto culturale"]


def test_odd_spaces_synthetic():
    rep = repair("Il\u202fporto\u2009franco\u2007di\u3000Trieste,\tcon   spazi\u200b lunghi\u00a0 e corti .\n")
    assert texts(rep) == ["Il porto franco di Trieste, con spazi lunghi e corti."]
    assert rep.fixes["odd-space"] >= 6 and rep.fixes["space-run"] >= 1


# ============================================================================================
# rule: PDF doubling (duplicate copy, doubled words, overlay garbage)
# ============================================================================================
REAL_DOUBLED = ("Idee trasversali su nuovi modi di intendere la vita e il lavoro e radicati nellaIdee\xa0trasversali"
                "\xa0su\xa0nuovi\xa0modi\xa0di\xa0intendere\xa0la\xa0vita\xa0e\xa0il\xa0lavoro\xa0e\xa0radicati\xa0nella\xa0")


def test_duplicate_copy_real():
    rep = repair(REAL_DOUBLED + "\nricchezza diffusa di competenze nazionali\n")
    assert texts(rep) == ["Idee trasversali su nuovi modi di intendere la vita e il lavoro e radicati nella "
                          "ricchezza diffusa di competenze nazionali"]
    assert removed(rep, "duplicate-copy") == [
        (1, "Idee trasversali su nuovi modi di intendere la vita e il lavoro e radicati nella")]
    # the copy with punctuation wins, whichever side it is on; a bullet glyph stays with its copy
    line = ("\uf0d8 Smart cities e patrimonio culturale: la combinazione contemporanea di\uf0d8 Smart\xa0cities "
            "e\xa0patrimonio\xa0culturale:\xa0la\xa0combinazione\xa0contemporanea\xa0di\xa0")
    kept, dropped = split_doubled_line(line.replace("\xa0", " "))
    assert kept.startswith("\uf0d8 Smart") and dropped.startswith("\uf0d8 Smart")
    rep = repair("Concetto vasti campi territoriali e istituzionali di integrazione di varietà diConcetto:"
                 "\xa0vasti\xa0campi\xa0territoriali\xa0e\xa0istituzionali\xa0di\xa0integrazione\xa0di\xa0varietà\xa0di\xa0\n")
    assert texts(rep) == ["Concetto: vasti campi territoriali e istituzionali di integrazione di varietà di"]


def test_duplicate_copy_real_keeps_elision_of_other_copy():
    rep = repair("storici e della buona cucina catalizzatori per l'immaginario collettivostorici\xa0e\xa0della\xa0buona"
                 "\xa0cucina,\xa0catalizzatori\xa0per\xa0l immaginario\xa0collettivo\xa0\n")
    assert texts(rep) == ["storici e della buona cucina, catalizzatori per l'immaginario collettivo"]


def test_duplicate_copy_synthetic():
    # punctuated copy first this time, other words
    line = "Le reti corte, però, reggono meglio la crisi.Le reti corte però reggono meglio la crisi"
    rep = repair(line + "\n")
    assert texts(rep) == ["Le reti corte, però, reggono meglio la crisi."]
    assert removed(rep, "duplicate-copy") == [(1, "Le reti corte però reggono meglio la crisi")]
    # plain prose that repeats a few words is not a doubled line
    assert split_doubled_line("la crisi della crisi e la crisi della crisi non finisce mai") is None
    assert split_doubled_line("Bora Bora") is None


def test_doubled_words_real():
    line = ("A\xa0A\xa0PROPOSITOPROPOSITO DIDI PIATTAFORMEPIATTAFORME METROPOLITANEMETROPOLITANE//REGIONALIREGIONALI "
            "EE NAZIONALINAZIONALI \u2010\u2010 11")
    rep = repair(line + "\n")
    assert kinds(rep) == [("heading", 2, "A PROPOSITO DI PIATTAFORME METROPOLITANE/REGIONALI E NAZIONALI - 1")]
    assert [t for _, t in removed(rep, "doubled-words")] == [
        "A", "PROPOSITO", "DI", "PIATTAFORME", "METROPOLITANE/REGIONALI", "E", "NAZIONALI", "-", "1"]
    # doubled line + doubled words on the same line (001, line 58)
    rep = repair(line.replace("A\xa0A", "AA").replace("11", "22") + line.replace("11", "22")
                 .replace(" \u2010\u2010", "") + "\n")
    assert texts(rep) == ["A PROPOSITO DI PIATTAFORME METROPOLITANE/REGIONALI E NAZIONALI - 2"]


def test_doubled_words_synthetic():
    rep = repair("CAPITOLOCAPITOLO TERZOTERZO: LELE RETIRETI LUNGHELUNGHE 4242\n")
    assert texts(rep) == ["CAPITOLO TERZO: LE RETI LUNGHE 42"]
    from lessico.sources import _Ctx, _Line
    ln = _Line(no=1, text="il coco e la papaya sono frutti tropicali", lead=False)
    fix_doubled_words(ln, _Ctx())  # one doubled-looking word is not a doubled line
    assert ln.text == "il coco e la papaya sono frutti tropicali"


def test_overlay_prefix_real():
    rep = repair("l i di idi i l i di ll i d i lnon\xa0solo\xa0con\xa0tenuta\xa0pur\xa0necessaria\xa0di\xa0presidi"
                 "\xa0isolati\xa0di\xa0eccellenza\xa0industriale\xa0\nereditati\xa0dalla\xa0ricchezza\n")
    assert texts(rep) == ["non solo con tenuta pur necessaria di presidi isolati di eccellenza industriale "
                          "ereditati dalla ricchezza"]
    assert removed(rep, "overlay-garbage") == [(1, "l i di idi i l i di ll i d i l")]
    # garbage ended by a bullet glyph: the line is a list item
    rep = repair("l d ll i i ittà it li (Mil T i V\uf0a7 alcune\xa0delle\xa0maggiori\xa0città\xa0italiane\xa0(Milano,"
                 "\xa0Torino,\xa0Verona,\xa0…,\xa0\n")
    assert kinds(rep) == [("item", 1, "alcune delle maggiori città italiane (Milano, Torino, Verona, …,")]
    assert split_overlay_prefix("L’i t l i t di t i dit t d ll t di iL’intelaiatura di competenze varie ma "
                                "connesse, ereditate dalla tradizione") == (
        "L’i t l i t di t i dit t d ll t di i",
        "L’intelaiatura di competenze varie ma connesse, ereditate dalla tradizione")


def test_overlay_prefix_synthetic():
    # the tall letters (ascenders, dots, accents, capitals) of another sentence, glued to it
    assert split_overlay_prefix("fili l li di lt litàfiliere locali di alta qualità") == (
        "fili l li di lt lità", "filiere locali di alta qualità")
    assert split_overlay_prefix("T i M il h dit tti t iliTorino e Milano hanno distretti tessili") == (
        "T i M il h dit tti t ili", "Torino e Milano hanno distretti tessili")
    # ordinary prose made of short words is left alone (its letters are no overlay of the rest)
    assert split_overlay_prefix("Il di lì il tè è buono") is None
    assert split_overlay_prefix("E il 1 di lt qualcosa che non torna affatto") is None


def test_overlay_suffix_real():
    line = ("connessione,\xa0automazione,\xa0socializzazione\xa0di\xa0rete,\xa0ri\u2010personalizzazione),\xa0della"
            "\xa0, , , p ),\ncrisi\xa0dei\xa0capitalismi\n")
    rep = repair(line)
    assert texts(rep) == ["connessione, automazione, socializzazione di rete, ri-personalizzazione), della crisi "
                          "dei capitalismi"]
    assert removed(rep, "overlay-garbage") == [(1, ", , , p ),")]


def test_overlay_suffix_synthetic():
    assert split_overlay_suffix("sviluppo (regionale), per gruppi, quasi , ( ), p g q") == (
        "sviluppo (regionale), per gruppi, quasi", ", ( ), p g q")
    # a citation at the end of a line is not garbage
    assert split_overlay_suffix("come si legge in Rossi (p. 31), e in Bianchi (pp. 3-4).") is None
    assert split_overlay_suffix("la lettera p , q e g") is None  # too few low tokens, letters not in order


# ============================================================================================
# rule: bullets
# ============================================================================================
def test_bullets_real_glyphs():
    src = ("\uf0a7 ma\xa0senza\xa0il\xa0fiorire\xa0di\xa0distretti\xa0industriali\xa0specializzati\xa0in\xa0varie\xa0"
           "parti\xa0di\xa0\nfiliere\xa0connesse\xa0entro\xa0le\xa0industrie\n\n"
           "\uf0d8 Altre\xa0applicazioni\xa0possibili:\xa0Welfare\xa0locale\n")
    rep = repair(src)
    assert kinds(rep) == [
        ("item", 1, "ma senza il fiorire di distretti industriali specializzati in varie parti di filiere connesse "
                    "entro le industrie"),
        ("item", 1, "Altre applicazioni possibili: Welfare locale")]


def test_bullets_real_dashes():
    src = double_spaced(
        "Le motivazioni che spingono le imprese a riunirsi in un gruppo sono: ",
        "- la volontà di appropriarsi delle conoscenze su un prodotto o mercato ",
        "presso l’impresa acquisita; ",
        " - la possibilità di crescere dal punto di vista dimensionale molto più ",
        "rapidamente di quanto ci si svilupperebbe da soli; ",
        "-- Agenti di vendita ",
        "Gli agenti sono la forma più comune di coinvolgimento diretto a ",
        "basso costo sui mercati internazionali, sono individui ",
        "indipendenti o imprese che vendono i prodotti dell'azienda. ",
        "organizzazione. Si creano in questo modo relazioni solide con le imprese ",
        "partner, e la gestione ed organizzazione logistico ",
        "- produttiva. ",
    )
    rep = repair(src)
    assert kinds(rep)[:4] == [
        ("para", 0, "Le motivazioni che spingono le imprese a riunirsi in un gruppo sono:"),
        ("item", 1, "la volontà di appropriarsi delle conoscenze su un prodotto o mercato presso l’impresa acquisita;"),
        ("item", 1, "la possibilità di crescere dal punto di vista dimensionale molto più rapidamente di quanto ci si "
                    "svilupperebbe da soli;"),
        ("item", 2, "Agenti di vendita"),
    ]
    # "logistico\n- produttiva." is a spaced compound split by the wrap, not a list item
    assert texts(rep)[-1].endswith("la gestione ed organizzazione logistico - produttiva.")


def test_bullets_synthetic():
    src = ("Tre vantaggi principali:\n\n\uf0b7 costi minori\n\n\u2022 tempi brevi\n\n\uf076 qualità\n\n"
           "Le fasi sono queste:\n-- prima fase\n- seconda fase\n")
    rep = repair(src)
    assert [(k, lv) for k, lv, _ in kinds(rep)] == [("para", 0), ("item", 1), ("item", 1), ("item", 1),
                                                   ("para", 0), ("item", 2), ("item", 1)]
    assert texts(rep, "item") == ["costi minori", "tempi brevi", "qualità", "prima fase", "seconda fase"]
    assert rep.fixes["bullet"] == 5


# ============================================================================================
# rule: words hyphenated across lines
# ============================================================================================
def test_dehyphenation_real():
    rep = repair(" necessità\xa0di\xa0globalizzazione\xa0(iper\u2010\nconnessione,\xa0automazione,\xa0"
                 "ri\u2010personalizzazione)\n")
    # Italian writes "iper-" solid: the line-end hyphen goes; the mid-line compound is the author's
    assert texts(rep) == ["necessità di globalizzazione (iperconnessione, automazione, ri-personalizzazione)"]
    assert (rep.fixes["hyphen-kept"], rep.fixes["dehyphenate"]) == (0, 1)
    rep = repair("le “Città tardo-barocche del Val di Noto”. Una altro esempio.\n")
    assert "tardo-barocche" in texts(rep)[0]
    rep = repair(double_spaced(
        "Marshall attribuì grande importanza alle economie esterne e alle piccole imprese, ",
        "per un’insieme di piccole-",
        "medie imprese di gestire la produzione efficientemente, come avviene "))
    assert "piccole-medie imprese" in texts(rep)[0]


def test_dehyphenation_synthetic():
    rep = repair(double_spaced(
        "Il processo di internaziona-",
        "lizzazione delle imprese richiede una nuova organiz-",
        "zazione e strategie multi-",
        "livello, come mostra il caso dell’Emilia-",
        "Romagna e di tutte le aziende export-",
        "oriented, ma anche export-oriented di nuovo. "))
    assert texts(rep) == ["Il processo di internazionalizzazione delle imprese richiede una nuova organizzazione "
                          "e strategie multi-livello, come mostra il caso dell’Emilia-Romagna e di tutte le "
                          "aziende export-oriented, ma anche export-oriented di nuovo."]
    assert (rep.fixes["dehyphenate"], rep.fixes["hyphen-kept"]) == (2, 3)


# ============================================================================================
# rule: page numbers and footnotes
# ============================================================================================
REAL_003_FOOTNOTES = (
    "un'entità socio-economica costituita da un insieme di imprese, facenti \n\ngeneralmente parte di uno stesso "
    "settore produttivo, localizzato in un'area \n\ncircoscritta, tra le quali vi è collaborazione ma anche "
    "concorrenza»\n1\n. \n\nMarshall attribuì grande importanza alle economie esterne, le quali \n\ngarantiscono una "
    "diffusione delle conoscenze grazie all’agglomerazione di \n\nnumerose imprese di piccole-medie dimensioni nello "
    "stesso territorio. Un \n\nruolo rilevante lo ricoprono anche i mezzi di comunicazione, i mezzi di \n\ntrasporto,"
    " le scoperte scientifiche, i cambiamenti tecnologici, il ruolo dello \n\nstato in relazione all’educazione e il "
    "sistema bancario per la concessione di \n\nfinanziamenti. Questo tipo di economie crea dei legami, un’intesa, tra"
    " i vari \n\nattori dando loro modo di approfondire le collaborazioni e accrescere la \n\nspecializzazione dei "
    "fornitori, lo spillover\n2\n\n delle conoscenze e la \n\nconcentrazione del mercato del lavoro. \n\nL’economista "
    "inglese individuò altri elementi indispensabili per la \n\ncostituzione di un distretto: l’organizzazione del "
    "lavoro fra le imprese, la \n\npresenza di macchinari specializzati e di personale competente, \n\nl’espansione "
    "di attività collaterali alla produzione, un’atmosfera industriale \n\n" + " " * 61 + "\n1 Marshall A., "
    "Principles of Economics, 1890. \n2 Fenomeno per cui un’attività economica volta a beneficiare un determinato "
    "settore o una determinata area \n\nterritoriale produce effetti positivi anche oltre tali ambiti. \n caratterizzata"
    " dalla cooperazione tra lavoratori ed imprenditori per una \n\nproduzione efficiente e propensa alla ricerca. \n")


def marked(p: Paragraph) -> str:
    t = p.text
    for off, lab in sorted(p.footnotes, reverse=True):
        t = t[:off] + f"[^{lab}]" + t[off:]
    return t


def test_footnotes_real_003():
    rep = repair(REAL_003_FOOTNOTES)
    assert [(f.label, f.text) for f in rep.footnotes] == [
        ("1", "Marshall A., Principles of Economics, 1890."),
        ("2", "Fenomeno per cui un’attività economica volta a beneficiare un determinato settore o una determinata "
              "area territoriale produce effetti positivi anche oltre tali ambiti.")]
    p = para_with(rep, "concorrenza»")
    assert marked(p).endswith("vi è collaborazione ma anche concorrenza»[^1].")
    p = para_with(rep, "spillover")
    assert "lo spillover[^2] delle conoscenze e la concentrazione" in marked(p)
    # the body left the flow: the sentence it interrupted goes on
    assert "un’atmosfera industriale caratterizzata dalla cooperazione tra lavoratori" in \
        para_with(rep, "atmosfera industriale").text
    assert not any("Marshall A." in t or "Fenomeno" in t for t in texts(rep))
    assert rep.fixes["footnote"] == 2


def test_footnotes_real_002_glued_marker():
    src = double_spaced(
        "1. Introduction",
        "The present contribution1 draws on a tradition of studies on industrial districts (Becattini et",
        "al., 2009) which recognizes the role and the importance played by various forms of industrial",
        "organization, and focuses on some issues:",
        "f.  without such policies,  the recovery of  employment  opportunities for skilled jobs within the",
        "typical Italian industries (mechanical, fashion, home, food) as well as in new industries more or",
        "1 The original Italian version has been prepared for and published in Cappellin et al. (2014). I gratefully",
        "acknowledge the help given by Dr. Annalisa Caloffi (University of Padua) on this English version.",
        " less linked to the former, is highly uncertain, although several areas and industrial systems will",
        "continue to have success in terms of presence on international markets.")
    rep = repair(src)
    assert [(f.label, f.text) for f in rep.footnotes] == [(
        "1", "The original Italian version has been prepared for and published in Cappellin et al. (2014). I "
             "gratefully acknowledge the help given by Dr. Annalisa Caloffi (University of Padua) on this English "
             "version.")]
    p = para_with(rep, "The present contribution")
    assert marked(p).startswith("The present contribution[^1] draws on")
    assert "(Becattini et al., 2009)" in p.text
    assert "as well as in new industries more or less linked to the former" in para_with(rep, "f. without").text


def test_footnotes_synthetic():
    # other labels, other words; glued and standalone markers; a rule line of underscores; a body
    # wrapped over three lines; a number with no body stays text
    src = double_spaced(
        "Le cooperative agricole del Trentino3 hanno una lunga storia, e la loro",
        "rete di consorzi",
        "4",
        ", attiva dal 1890, conta oggi 120 soci in tutta la provincia di Trento. ",
        "______________________________",
        "3 Si veda la voce Cooperazione in Enciclopedia Treccani, che le descrive come",
        "imprese collettive dei produttori agricoli e ne ricostruisce",
        "la storia.",
        "4 Forme di aggregazione volontaria. ",
        " La provincia ha investito molto nella formazione dei soci. ",
    )
    rep = repair(src)
    assert [f.label for f in rep.footnotes] == ["3", "4"]
    assert rep.footnotes[0].text == ("Si veda la voce Cooperazione in Enciclopedia Treccani, che le descrive come "
                                     "imprese collettive dei produttori agricoli e ne ricostruisce la storia.")
    p = para_with(rep, "cooperative")
    assert marked(p).startswith("Le cooperative agricole del Trentino[^3] hanno una lunga storia, e la loro rete "
                                "di consorzi[^4], attiva dal 1890, conta oggi 120 soci in tutta la provincia di Trento.")
    assert rep.footnotes[1].text == "Forme di aggregazione volontaria."
    assert removed(rep, "rule-line") == [(9, "______________________________")]
    assert "La provincia ha investito molto nella formazione dei soci." in " ".join(texts(rep))


def test_footnote_needs_a_body():
    rep = repair("Il gruppo conta\n7\nsoci fondatori e una sede.\n")
    assert rep.footnotes == [] and all(not p.footnotes for p in rep.paragraphs)
    assert "7" in " ".join(texts(rep))


def test_page_numbers_real():
    src = ("trasmissione e recupero sicuro dei dati stessi. Rientrano nell’ambito \n\n"
           "dati informativi: conversione, elaborazione, protezione, \n\n"
           "mercati obiettivo e si ottiene un maggior controllo sulle operazioni \n\n\n\n24 \n \n\n"
           "aumentando le probabilità di conseguire un successo commerciale \n\nsoddisfacente. \n")
    rep = repair(src)
    assert removed(rep, "page-number") == [(9, "24")]
    assert "controllo sulle operazioni aumentando le probabilità" in texts(rep)[0]
    # 001: slide numbers between blank lines
    rep = repair("(re\u2010interpretazione\xa0della\xa0centralità\xa0delle\xa0città)\n\n2\n\n\n\nSi\xa0può\xa0pensare?\n")
    assert removed(rep, "page-number") == [(3, "2")]


def test_page_numbers_synthetic():
    src = double_spaced(
        "La produzione tessile di Biella è cresciuta negli anni novanta grazie a",
        "nuovi investimenti nelle filature e nelle tintorie della valle, che",
    ) + "\n\n\n117 \n \n\n" + double_spaced(
        "hanno reso il distretto competitivo sui mercati esteri. ",
        "Nel 2001",
        "la crisi ha colpito duramente.")
    rep = repair(src)
    assert removed(rep, "page-number") == [(7, "117")]
    assert "della valle, che hanno reso il distretto" in texts(rep)[0]
    assert "Nel 2001 la crisi" in " ".join(texts(rep))  # a number inside a sentence is not a page


# ============================================================================================
# rule: headings
# ============================================================================================
def test_headings_real():
    src = ("  Introduzione \n\n \n\nLo scopo di questo elaborato è di analizzare le reazioni dei distretti \n\n"
           "industriali italiani di fronte alla sfida della globalizzazione. \n"
           " Capitolo primo \n\nLe origini dei distretti industriali \n\n \n\n1.1 Cenni storici \n\n"
           "Il termine “distretto industriale” fu coniato dall’economista inglese \n\n"
           "Alfred Marshall, verso la fine del XIX secolo, per delineare la struttura \n\n"
           "delle industrie tessili di Lancashire e Sheffield. \n\n"
           "2.3 I distretti industriali come promotori \n\ndell’internazionalizzazione \n\n"
           "I processi di internazionalizzazione delle PMI vanno considerati \n\n"
           "tenendo conto dell’influenza esercitata dalla variabile distrettuale. \n\n"
           " 2.2.1 Modalità di entrata in un mercato \n\nA. Esportazione \n\nB. Insediamento di tipo produttivo \n\n \n\n"
           "2.2.1.A. Esportazione. \n\nLa modalità di ingresso più semplice nei mercati esteri consiste \n\n"
           "nell'esportazione del prodotto. \n\n Conclusioni \n\n \n\nI distretti industriali stanno attraversando "
           "una fase delicata \n\nriconducibile ad un generale peggioramento della congiuntura. \n")
    rep = repair(src)
    assert [(k, lv, t) for k, lv, t in kinds(rep) if k == "heading"] == [
        ("heading", 1, "Introduzione"),
        ("heading", 1, "Capitolo primo – Le origini dei distretti industriali"),
        ("heading", 2, "1.1 Cenni storici"),
        ("heading", 2, "2.3 I distretti industriali come promotori dell’internazionalizzazione"),
        ("heading", 3, "2.2.1 Modalità di entrata in un mercato"),
        ("heading", 4, "2.2.1.A. Esportazione."),
        ("heading", 1, "Conclusioni"),
    ]
    assert "A. Esportazione" in texts(rep, "para") and "B. Insediamento di tipo produttivo" in texts(rep, "para")


def test_headings_real_002_and_000_and_004():
    rep = repair(double_spaced(
        " Territorial  policies  for  industrial  renaissance  and", "innovation", "Marco Bellandi",
        "Industrial districts, cities, and other local reproductive systems",
        "should be considered still as a fundamental structure of multi-",
        "scale policies of industrial development in contemporary Italy.",
        "3. The territorial and organizational scale of external/internal ",
        "economies and specific public goods",
        "Drawing on Bellandi  (2011),  we focus here on the multiplicity  of territorial  scales  for",
        "external economies that are discussed in Alfred Marshall’s Industry and Trade.",
        "5. System-based policies for the industrial revival",
        "Feasible,  “realistic”,  policies  of  industrial  renaissance  in  Italy  should  display  a  set  of",
        "features. First, they should be experimental."))
    assert [(lv, t) for k, lv, t in kinds(rep) if k == "heading"] == [
        (1, "Territorial policies for industrial renaissance and innovation"),
        (2, "3. The territorial and organizational scale of external/internal economies and specific public goods"),
        (2, "5. System-based policies for the industrial revival")]
    rep = repair("…e lo spazio nei processi di sviluppo.\n\n2. Il concetto di *milieu innovateur*\n\n"
                 "Il concetto di *milieu innovateur* sviluppato dal gruppo Gremi (Aydalot, 1986).\n")
    assert kinds(rep)[1] == ("heading", 2, "2. Il concetto di milieu innovateur")
    assert "*" not in "".join(texts(rep)) and rep.fixes["emphasis-markup"] == 2
    rep = repair("Un esempio su tutti.\n\nRiferimenti:\n\nwww.noinos.it/azioni.asp \xa0\n"
                 "www.comune.torino.it/giunta/linee.htm\n")
    assert kinds(rep) == [("para", 0, "Un esempio su tutti."), ("heading", 2, "Riferimenti:"),
                          ("link", 0, "www.noinos.it/azioni.asp"), ("link", 0, "www.comune.torino.it/giunta/linee.htm")]


def test_headings_synthetic():
    src = double_spaced(
        "Chapter 3",
        "Networks beyond the district",
        "3.4 Long supply chains and the *global* buyer",
        "Firms in the Prato district sell through long chains that reach buyers in",
        "every continent and they answer to demands they do not control. ",
        "3.4.2 Logistic platforms",
        "Logistic platforms connect the district to ports and airports across the",
        "whole region of Tuscany, and beyond it. ",
        "APPENDICE STATISTICA",
        "Bibliography",
        "4.1.2.C. Results.",
        "The results are mixed.")
    rep = repair(src)
    assert [(lv, t) for k, lv, t in kinds(rep) if k == "heading"] == [
        (1, "Chapter 3 – Networks beyond the district"),
        (2, "3.4 Long supply chains and the global buyer"),
        (3, "3.4.2 Logistic platforms"),
        (2, "APPENDICE STATISTICA"),
        (1, "Bibliography"),
        (4, "4.1.2.C. Results."),
    ]
    # numbers that start sentences are no headings
    rep = repair(double_spaced("The growth was strong in the first years of the decade and it went on",
                               "2013, in all the sectors of the districts analyzed, increased by 2%.",
                               "1 In this case the result is different."))
    assert all(k != "heading" for k, _, _ in kinds(rep))


# ============================================================================================
# rule: hard-wrapped lines -> paragraphs
# ============================================================================================
def test_unwrap_real_002():
    src = double_spaced(
        "the fact that Italy needs to address the challenges brought by the current phase of globalization",
        "and  by the  crisis  of  capitalism (Becattini,  2011),  as  well  as  by  the  Italian  recession,  by",
        "mobilizing new industrial capabilities in the various regions of the country. We cannot assume",
        "are needed (Bianchi and Labory 2011; Stiglitz et al., 2013) to support high quality, innovation",
        "CompactM”), and support the renewal of strong and widespread private investment (Cappellin,",
        "2014).",
        "In  section 2,  we  start  with  some  stylized  facts  on  the  recent  evolution  of  Italian",
        "(manufacturing) industries. On the one hand, these facts suggest that, in Italy, the systems of",
        "SMEs still have a relative strength, even during the recession started in 2008. On the other",
        "hand, the observation of the stylized facts suggests that there are structural difficulties, which",
        "include the decline of large firm systems in terms of balance sheet or industrial employment.",
        "a. the weak response of Italy to the global crisis started in 2008 is not caused by the weakness of",
        "its SMEs (Coltorti, 2012);",
        "b.  both  in  the  pre-crisis  period,  in  the  core  of  the  crisis,  and  in  the  recent  period  of  great",
        "uncertainty.")
    rep = repair(src)
    got = texts(rep)
    assert len(got) == 4, got
    assert got[0].endswith("private investment (Cappellin, 2014).")
    assert got[1].startswith("In section 2, we start") and got[1].endswith("or industrial employment.")
    assert got[2].startswith("a. the weak response") and got[3].startswith("b. both in the pre-crisis")
    assert rep.fixes["line-join"] >= 10


def test_unwrap_synthetic_double_spaced():
    lines = []
    for n in range(3):
        lines += [f"Paragrafo {n}: la filiera del mobile in Brianza è cresciuta molto negli anni",
                  "ottanta grazie a piccole imprese artigiane molto specializzate nelle fasi",
                  "di lavorazione del legno e della finitura. Un secondo periodo mostra come",
                  "le imprese abbiano reagito alla crisi."]
    rep = repair(double_spaced(*lines))
    assert len(rep.paragraphs) == 3
    assert all(p.text.endswith("reagito alla crisi.") for p in rep.paragraphs)
    # a sentence that ends at the end of a full line stays in its paragraph
    assert "della finitura. Un secondo periodo" in rep.paragraphs[0].text


def test_unwrap_synthetic_blocks_and_unwrapped():
    # blank lines separate paragraphs (single-spaced lines inside)
    rep = repair("Primo blocco che va a capo\nsenza punto finale\n\nSecondo blocco. Con due frasi\nsu due righe.\n")
    assert texts(rep) == ["Primo blocco che va a capo senza punto finale", "Secondo blocco. Con due frasi su due righe."]
    # web text: one long line per paragraph
    long = "Questo è un paragrafo lungo di un articolo web che non va mai a capo. " * 5
    rep = repair(long + "\n" + long.replace("Questo", "Quello") + "\n")
    assert len(rep.paragraphs) == 2


# ============================================================================================
# rule: stray hyperlink lines
# ============================================================================================
def test_links_real_003():
    src = ("\ndati informativi: conversione, immagazzinamento, elaborazione, protezione, \n\ntrasmissione e recupero "
           "sicuro dei dati stessi. Rientrano nell’ambito \n\nhttp://it.wikipedia.org/wiki/Trasmissione_(telecomunicazioni)"
           "\nhttp://it.wikipedia.org/wiki/Storage\nhttp://it.wikipedia.org/wiki/Telecomunicazioni\n\n\n35 \n \n\n"
           "dell’Information Technology anche lo studio, la progettazione, lo sviluppo, \n\nla realizzazione, il supporto "
           "e la gestione dei sistemi informativi. \n")
    rep = repair(src)
    assert kinds(rep) == [
        ("para", 0, "dati informativi: conversione, immagazzinamento, elaborazione, protezione, trasmissione e recupero "
                    "sicuro dei dati stessi. Rientrano nell’ambito dell’Information Technology anche lo studio, la "
                    "progettazione, lo sviluppo, la realizzazione, il supporto e la gestione dei sistemi informativi."),
        ("link", 0, "http://it.wikipedia.org/wiki/Trasmissione_(telecomunicazioni)"),
        ("link", 0, "http://it.wikipedia.org/wiki/Storage"),
        ("link", 0, "http://it.wikipedia.org/wiki/Telecomunicazioni"),
    ]
    assert removed(rep, "page-number") == [(11, "35")]


def test_links_synthetic():
    src = double_spaced("Il portale regionale raccoglie i bandi per le imprese del distretto e",
                        "https://www.regione.example.it/bandi?anno=2024&tipo=pmi",
                        "li aggiorna ogni settimana. ",
                        "(www.example.org/rapporto.pdf)",
                        "Un sito citato nel testo (http://example.org/a) resta nel testo.")
    rep = repair(src)
    assert kinds(rep) == [
        ("para", 0, "Il portale regionale raccoglie i bandi per le imprese del distretto e li aggiorna ogni settimana."),
        ("link", 0, "https://www.regione.example.it/bandi?anno=2024&tipo=pmi"),
        ("link", 0, "www.example.org/rapporto.pdf"),
        ("para", 0, "Un sito citato nel testo (http://example.org/a) resta nel testo."),
    ]


# ============================================================================================
# HTML stays literal text; anchors
# ============================================================================================
def test_html_is_kept_literally():
    src = "Un testo con <script>alert('x')</script> e <b>grassetto</b> & entità &amp;.\n<p>Altro</p>\n"
    rep = repair(src)
    assert " ".join(texts(rep)) == "Un testo con <script>alert('x')</script> e <b>grassetto</b> & entità &amp;. <p>Altro</p>"


def test_anchors_sequential_and_deterministic():
    text = read_text(SOURCES / "003_c30bacfc00c1949d.txt")
    a, b = repair(text), repair(text)
    assert [p.anchor for p in a.paragraphs] == [f"p{i}" for i in range(1, len(a.paragraphs) + 1)]
    assert a == b
    # every kind counts: headings, items and links have anchors too
    assert {p.kind for p in a.paragraphs} == {"heading", "para", "item", "link"}
    for p in a.paragraphs:
        for off, lab in p.footnotes:
            assert 0 < off <= len(p.text) and lab.isdigit()


def test_fixes_have_every_key():
    rep = repair("Una riga.\n")
    assert set(rep.fixes) == set(FIX_KEYS) and not any(rep.fixes.values())


# ============================================================================================
# the real corpus: nothing lost, no prose removed
# ============================================================================================
def _norm_line(s: str) -> str:
    """The test's own normalisation (independent of the module): odd spaces, U+2010."""
    s = re.sub("[\u00a0\u2000-\u200b\u202f\u205f\u3000\t\ufeff]", " ", s)
    s = s.replace("\u2010", "-").replace("\u2011", "-")
    return re.sub(" +", " ", s).strip()


def _doubled(half: str) -> str:
    return "".join(seg + seg for seg in re.findall(r"\w+|[^\w\s]+", half))


def _original_after_removals(text: str, removals) -> str:
    lines = [_norm_line(x) for x in text.split("\n")]
    by_line = defaultdict(list)
    for r in removals:
        by_line[r.line].append(r)
    for no, rs in by_line.items():
        line = lines[no - 1]
        for r in rs:
            if r.rule != "doubled-words":
                assert r.text in line, (no, r, line)  # the Removal names its real line and text
                line = line.replace(r.text, "", 1)
        halves = [r.text for r in rs if r.rule == "doubled-words"]
        if halves:
            toks, out, h, i = line.split(), [], 0, 0
            while i < len(toks):
                t = toks[i]
                if h < len(halves) and t == _doubled(halves[h]):
                    out.append(halves[h])
                    h, i = h + 1, i + 1
                elif h < len(halves) and t == halves[h] and i + 1 < len(toks) and toks[i + 1] == t:
                    out.append(t)
                    h, i = h + 1, i + 2
                else:
                    out.append(t)
                    i += 1
            assert h == len(halves), (no, halves, line)
            line = " ".join(out)
        lines[no - 1] = line
    return "\n".join(lines)


def _words(s: str) -> list[str]:
    s = re.sub(r"(?<=[^\W\d_])-[ \t]*\n(?:[ \t]*\n)*[ \t]*(?=[^\W\d_])", "", s)  # hyphenated line ends
    s = re.sub(r"(?<=\w)-(?=\w)", "", s)  # compounds: "multi-scale" == "multiscale"
    return re.findall(r"[^\W\d_]+|\d+", s.casefold())


def _halve(tok: str) -> str:
    """Undo per-glyph doubling, run by run: "METROPOLITANEMETROPOLITANE//X" -> "METROPOLITANE/X"."""
    out = []
    for seg in re.findall(r"\w+|[^\w\s]+", tok):
        m = len(seg) // 2
        out.append(seg[:m] if len(seg) % 2 == 0 and seg[:m] == seg[m:] else seg)
    return "".join(out)


def _is_subsequence(small, big) -> bool:
    it = iter(big)
    return all(w in it for w in small)


REAL_FILES = sorted(p.name for p in SOURCES.glob("*.txt"))


@pytest.mark.parametrize("name", REAL_FILES)
def test_nothing_lost(name):
    text = read_text(SOURCES / name)
    rep = repair(text)
    orig = _words(_original_after_removals(text, rep.removed))
    body = [w for p in rep.paragraphs if p.kind != "link" for w in _words(marked(p).replace("[^", "").replace("]", ""))]
    links = [w for p in rep.paragraphs if p.kind == "link" for w in _words(p.text)]
    notes = [_words(f"{f.label} {f.text}") for f in rep.footnotes]
    # every word of the original is somewhere in the output, and nothing was invented
    missing = Counter(orig) - Counter(body + links + [w for n in notes for w in n])
    extra = Counter(body + links + [w for n in notes for w in n]) - Counter(orig)
    assert not missing and not extra, (missing, extra)
    # and the running text keeps the original order (footnotes and links are moved out of it)
    assert _is_subsequence(body, orig)
    for n in notes:
        assert _is_subsequence(n, orig)


@pytest.mark.parametrize("name", REAL_FILES)
def test_removals_contain_no_prose(name):
    rep = repair(read_text(SOURCES / name))
    kept = "".join(c for p in rep.paragraphs for c in p.text.casefold() if c.isalnum())
    for r in rep.removed:
        if r.rule == "duplicate-copy":
            # a dropped copy repeats text that is kept (possibly with every word doubled as well)
            letters = "".join(c for c in r.text.casefold() if c.isalnum())
            toks = [_halve(t) for t in r.text.split()]
            toks = [t for i, t in enumerate(toks) if i == 0 or t != toks[i - 1]]  # "A A" -> "A"
            halved = "".join(c for t in toks for c in t.casefold() if c.isalnum())
            assert letters in kept or halved in kept, r
        elif r.rule == "doubled-words":
            assert " " not in r.text and len(r.text) <= 30, r
        elif r.rule == "overlay-garbage":
            assert all(len(t) <= 4 for t in r.text.split()), r
        elif r.rule == "page-number":
            assert r.text.isdigit() and len(r.text) <= 4, r
        elif r.rule == "rule-line":
            assert not any(c.isalnum() for c in r.text), r
        else:
            pytest.fail(f"unknown removal rule {r.rule}")
        long_words = [w for w in re.findall(r"[^\W\d_]+", r.text) if len(w) >= 5]
        assert r.rule in ("duplicate-copy", "doubled-words") or len(long_words) <= 1, r


def test_real_corpus_expectations():
    reps = {n: repair(read_text(SOURCES / n)) for n in REAL_FILES}
    s001 = reps["001_f72b844dcb2f97d2.txt"]
    assert s001.fixes["odd-space"] == 420
    assert not any("\uf0a7" in t or "\uf0d8" in t or "\xa0" in t for t in texts(s001))
    assert len(texts(s001, "item")) == 5
    s002 = reps["002_ad299003d648718b.txt"]
    assert [f.label for f in s002.footnotes] == ["1"]
    assert texts(s002, "link") == ["http://cordis.europa.eu/technology-platforms/"]
    assert not any("  " in t for t in texts(s002))
    s003 = reps["003_c30bacfc00c1949d.txt"]
    assert [f.label for f in s003.footnotes] == [str(i) for i in range(1, 8)]
    assert sorted(int(t) for _, t in removed(s003, "page-number")) == [12, 14, 15, 24, 31, 35]
    assert sum(len(p.footnotes) for p in s003.paragraphs) == 7
    assert len(texts(s003, "link")) == 5
    # headings: wrapped ones rejoined, and no paragraph line swallowed by a heading
    assert [(p.level, p.text) for p in s003.paragraphs if p.kind == "heading"] == [
        (1, "Introduzione"), (1, "Capitolo primo – Le origini dei distretti industriali"),
        (2, "1.1 Cenni storici"), (2, "1.2 La nascita dei distretti industriali in Italia"),
        (2, "1.3 Punti di forza e limiti del modello"), (2, "1.4 I cambiamenti dell’ambiente economico e la crisi"),
        (1, "Capitolo secondo – L’internazionalizzazione dei distretti industriali"),
        (2, "2.1 I gruppi di imprese"), (2, "2.2 I processi di internazionalizzazione e le risposte delle imprese"),
        (3, "2.2.1 Modalità di entrata in un mercato"), (4, "2.2.1.A. Esportazione."),
        (4, "2.2.1.B. Insediamento di tipo produttivo."),
        (2, "2.3 I distretti industriali come promotori dell’internazionalizzazione"),
        (2, "2.4 Evoluzione dei processi di subfornitura"), (2, "2.5 Innovazione tecnologica"), (1, "Conclusioni")]
    assert [(p.level, p.text) for p in s002.paragraphs if p.kind == "heading"] == [
        (1, "Territorial policies for industrial renaissance and innovation"), (2, "1. Introduction"),
        (2, "2. Stylized facts on the recent evolution of Italian industries"),
        (2, "3. The territorial and organizational scale of external/internal economies and specific public goods"),
        (2, "4. Districts and cities, firms and networks in contemporary Italian industries"),
        (2, "5. System-based policies for the industrial revival"), (2, "6. Concluding remarks")]
    # paragraphs start where sentences start (only list markers and slide fragments start lower case)
    for rep in (s002, s003):
        for p in rep.paragraphs:
            if p.kind == "para" and p.text[0].islower():
                assert re.match(r"(?:[a-h]|[ivx]{1,4})[.)] ", p.text), p.text
    s004 = reps["004_357725d0f7f9af15.txt"]
    assert texts(s004, "link") == ["www.noinos.it/azioni.asp", "www.comune.torino.it/giunta/linee.htm"]
    assert "tardo-barocche" in " ".join(texts(s004))
    s000 = reps["000_c325aa9ff2e5e106.txt"]
    assert texts(s000, "heading") == ["2. Il concetto di milieu innovateur"]


def test_load_sources_logs_fix_counts(caplog):
    with caplog.at_level(logging.INFO, logger="lessico.sources"):
        srcs = load_sources(SOURCES)
    assert [s.id for s in srcs] == ["gremi-milieu", "piattaforme", "bellandi-2013", "tesi-distretti",
                                    "distretti-culturali"]
    assert len([r for r in caplog.records if r.name == "lessico.sources"]) == 5
    assert "odd-space=420" in caplog.text


# ============================================================================================
# nothing lost by a repair: only what the layout proves doubled is removed
# ============================================================================================
@pytest.mark.parametrize("line", [
    "Il distretto è forte. Il distretto è forte.",
    "Made in Italy, Made in Italy",
    "Lavoro e capitale. Lavoro e capitale.",
    "Industrial districts matter; industrial districts matter",
])
def test_repeated_phrase_with_a_space_between_is_kept(line):
    rep = repair(line + "\n")
    assert texts(rep) == [line]
    assert rep.removed == [] and rep.fixes["duplicate-copy"] == 0


def test_refrain_lines_are_kept():
    refrain = "Il distretto è forte e la rete lo sostiene"
    rep = repair("\n".join([refrain, "", "Una strofa diversa dalla prima, più lunga.", "", refrain, ""]))
    assert " ".join(texts(rep)).count(refrain) == 2
    assert rep.removed == []


def test_glued_copies_are_still_removed_synthetic():
    # the same sentences glued by the extractor (no space at the junction): an artefact
    rep = repair("Il distretto è forte e coeso.Il distretto è forte e coeso\n")
    assert texts(rep) == ["Il distretto è forte e coeso."]
    assert removed(rep, "duplicate-copy") == [(1, "Il distretto è forte e coeso")]


def test_removals_reported_on_the_console_per_source(tmp_path, caplog):
    d = make_corpus(tmp_path, GOOD_ENTRY)
    (d / "one.txt").write_text("Testo del documento che resta intero.\n\n12\n\nAltro testo.\n", encoding="utf-8")
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.lessico.sources"):
        load_sources(d)
    lines = [r.getMessage() for r in caplog.records if r.name == "mkdocs.plugins.lessico.sources"]
    assert lines == [f"{d.name}/one.txt: 1 extraction artefact removed (page-number 1); "
                     "each is listed in build-report.json"]


# ============================================================================================
# the registry
# ============================================================================================
def test_registry_rules_are_named_ordered_and_explained():
    from lessico.repairs import FAMILIES, default_registry
    reg = default_registry()
    assert reg.problems() == []
    assert {r.family for r in reg} == {"spaces", "duplicates", "layout", "footnotes", "headings", "links"}
    assert len(FAMILIES) == 6
    for r in reg:
        assert r.reason.strip() and "\n" not in r.reason, r.name
    assert [r.name for r in reg.stage("line")] == [
        "odd-space", "odd-hyphen", "duplicate-copy", "doubled-words", "overlay-garbage", "space-punct"]
    assert [r.name for r in reg.stage("document")] == [
        "vocabulary", "footnotes", "rule-line", "page-number", "chapters", "link", "line-roles", "measure",
        "paragraphs", "emphasis", "title"]
    assert set(FIX_KEYS) == {k for r in reg for k in r.keys}


def test_registry_refuses_ambiguous_order_and_undeclared_counters():
    from lessico.repairs import Rule, default_registry
    reg = default_registry()
    reg.register(Rule("twin", 80, "line", lambda ln, ctx: None, "same priority as duplicate-copy"))
    with pytest.raises(RuntimeError, match="share priority 80"):
        repair("testo\n", reg)
    reg = default_registry()
    reg.register(Rule("sloppy", 5, "document", lambda doc, ctx: ctx.fix("no-such-key"), "counts an undeclared key"))
    with pytest.raises(KeyError):
        repair("testo\n", reg)


def test_registry_rule_can_be_removed_and_the_others_still_run():
    from lessico.repairs import default_registry
    reg = default_registry()
    reg.deregister("page-number")
    rep = repair("Testo.\n\n12\n\nAltro testo.\n", reg)
    assert "12" in " ".join(texts(rep)) and "page-number" not in rep.fixes


# ============================================================================================
# footnotes by rule, at any number (issue 18.1)
# ============================================================================================
def _note_excerpt(first: int) -> str:
    """The real 003 snippet's layout (double-spaced, a marker on its own line, one glued before a
    full stop, bodies under a page number) with the labels renumbered from ``first``."""
    a, b = first, first + 1
    return double_spaced(
        "un'entità socio-economica costituita da un insieme di imprese, tra le quali vi è",
        "collaborazione ma anche concorrenza»",
        f"{a}",
        ". Le imprese del distretto condividono il mercato del lavoro e le conoscenze del",
        f"luogo, in un'atmosfera industriale{b}.",
        "Marshall attribuì grande importanza alle economie esterne.",
        "24",
        f"{a} Marshall A., Principles of Economics, 1890.",
        f"{b} Fenomeno per cui un'attività economica produce effetti positivi anche oltre",
        "tali ambiti territoriali.",
    )


@pytest.mark.parametrize("first", [1, 4, 7, 17])
def test_footnotes_run_starts_at_any_number(first):
    rep = repair(_note_excerpt(first))
    assert [(f.label, f.text) for f in rep.footnotes] == [
        (str(first), "Marshall A., Principles of Economics, 1890."),
        (str(first + 1), "Fenomeno per cui un'attività economica produce effetti positivi anche oltre tali "
                         "ambiti territoriali.")]
    p = para_with(rep, "concorrenza»")
    assert f"concorrenza»[^{first}]. Le imprese" in marked(p)
    assert f"atmosfera industriale[^{first + 1}]." in marked(p)  # glued, before the full stop
    body = " ".join(texts(rep))
    assert "Marshall A." not in body and "Fenomeno" not in body  # bodies left the flow


def test_footnote_single_high_label_under_a_rule():
    rep = repair(double_spaced(
        "Il distretto vive della fiducia tra le imprese e della loro parola17.",
        "Le reti lunghe completano quelle corte.",
        "_______________",
        "17 Si veda anche Becattini G., Il distretto industriale, 2000."))
    assert [(f.label, f.text) for f in rep.footnotes] == [("17", "Si veda anche Becattini G., Il distretto "
                                                                  "industriale, 2000.")]
    assert "parola[^17]." in marked(para_with(rep, "fiducia"))


def test_footnote_english_glued_at_a_later_number():
    rep = repair(double_spaced(
        "The present contribution4 draws on a tradition of studies on industrial districts.",
        "Several areas will continue to have success on international markets.",
        "12",
        "4 The original Italian version was published in 2014."))
    assert [f.label for f in rep.footnotes] == ["4"]
    assert marked(para_with(rep, "The present")).startswith("The present contribution[^4] draws")


@pytest.mark.parametrize("src", [
    # a quantity starting a line, a number alone before it: no rule, no page number, no next note
    "Nel distretto operano\n17\nimprese, con\n17 imprese più piccole che lavorano per conto terzi.\n",
    # a list number glued to nothing, a year, a page number
    "I soci fondatori sono stati\n\n1990\n\nnel distretto.\n\n12 Le imprese sono cresciute.\n",
    # a model name glued to a number, and a later line starting with that number
    "La nuova macchina modello5 lavora bene.\nAltre righe del testo seguono qui.\n5 macchine sono state vendute.\n",
])
def test_numbers_that_are_not_footnotes(src):
    rep = repair(src)
    assert rep.footnotes == [] and all(not p.footnotes for p in rep.paragraphs)
    for n in re.findall(r"\d+", src):
        assert n in " ".join(texts(rep)) or n in [r.text for r in rep.removed], n


def test_metadata_accepts_a_plain_alias(tmp_path):
    """safe_dump writes repeated values as anchors and aliases: harmless, so accepted."""
    yml = GOOD_HEAD + "  abstract: &ab\n    it: Una frase. Due frasi.\n    en: One sentence. Two.\n" \
          "  label: *ab\n"
    (m,) = load_metadata(make_corpus(tmp_path, yml))
    assert m.label == m.abstract == {"it": "Una frase. Due frasi.", "en": "One sentence. Two."}


@pytest.mark.unit
@pytest.mark.parametrize("enabled", [True, False])
def test_repair_leaves_the_garbage_collector_as_it_found_it(enabled):
    """repair() pauses the collector for speed (millions of line objects); the caller's setting
    comes back afterwards, also when a rule raises."""
    import gc
    from lessico import sources as src_mod
    was = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        src_mod.repair("Il distretto indu-\nstriale.\n\nSecondo paragrafo.\n")
        assert gc.isenabled() is enabled
        with pytest.raises(AttributeError):  # a rule failing half-way
            src_mod.repair(None)
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()
