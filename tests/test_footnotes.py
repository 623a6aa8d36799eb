"""Footnotes by rule (issue 18.1): bodies between body lines and a body split across a page
break. (Runs starting at any number, glued markers and numbers that are not notes: test_sources.py.)"""
from __future__ import annotations

import pytest

from lessico.sources import repair

pytestmark = pytest.mark.unit


def double_spaced(*lines: str) -> str:
    return "\n\n".join(lines) + "\n"


def marked(p) -> str:
    t = p.text
    for off, lab in sorted(p.footnotes, reverse=True):
        t = t[:off] + f"[^{lab}]" + t[off:]
    return t


def body(rep) -> str:
    return " ".join(marked(p) for p in rep.paragraphs)


def notes(rep):
    return [(f.label, f.text) for f in rep.footnotes]


def test_bodies_between_body_lines():
    rep = repair(double_spaced(
        "Il distretto vive della fiducia tra le imprese7 e delle reti che le legano.",
        "7 Si veda anche Becattini G., Il distretto industriale, 2000.",
        "Le reti lunghe completano quelle corte8, come mostrano molti studi.",
        "8 Cfr. Trigilia C., Sviluppo locale, 2005.",
        "Il resto del testo continua qui."))
    assert notes(rep) == [("7", "Si veda anche Becattini G., Il distretto industriale, 2000."),
                          ("8", "Cfr. Trigilia C., Sviluppo locale, 2005.")]
    text = body(rep)
    assert "tra le imprese[^7] e delle reti" in text
    assert "quelle corte[^8], come mostrano" in text
    assert "Becattini G." not in text and "Trigilia C." not in text


PAGE_BREAK = (
    "Il distretto vive della fiducia tra le imprese7 e delle reti che le legano, e",
    "_______________",
    "7 Si veda anche Becattini G., Il distretto industriale, 2000, dove la fiducia è descritta come",
    "24",
    " la sua storia ne fa un bene comune che nessuna impresa da sola può produrre e che il",
    "distretto riproduce nel tempo attraverso le sue istituzioni8.",
    "_______________",
)


def test_body_split_across_a_page_break_is_continued():
    rep = repair(double_spaced(*PAGE_BREAK,
                               "il risultato di una lunga storia locale.",
                               "8 Cfr. Trigilia C., Sviluppo locale, 2005."))
    assert notes(rep) == [
        ("7", "Si veda anche Becattini G., Il distretto industriale, 2000, dove la fiducia è descritta come "
              "il risultato di una lunga storia locale."),
        ("8", "Cfr. Trigilia C., Sviluppo locale, 2005.")]
    text = body(rep)
    assert "tra le imprese[^7] e delle reti che le legano, e la sua storia ne fa un bene comune" in text
    assert "attraverso le sue istituzioni[^8]." in text
    assert "storia locale" not in text  # the continuation left the flow with its note


def test_a_finished_note_takes_no_continuation():
    # the note ends its sentence: the line under the next rule is the next note, nothing joins
    lines = list(PAGE_BREAK)
    lines[2] = "7 Si veda anche Becattini G., Il distretto industriale, 2000."
    rep = repair(double_spaced(*lines, "8 Cfr. Trigilia C., Sviluppo locale, 2005."))
    assert notes(rep) == [("7", "Si veda anche Becattini G., Il distretto industriale, 2000."),
                          ("8", "Cfr. Trigilia C., Sviluppo locale, 2005.")]


def test_an_unfinished_note_does_not_swallow_a_new_paragraph():
    # under the next rule a capitalised line that does not go on with the note: it stays text
    rep = repair(double_spaced(*PAGE_BREAK, "Nuovo capoverso dopo la linea.",
                               "8 Cfr. Trigilia C., Sviluppo locale, 2005."))
    assert notes(rep)[0] == ("7", "Si veda anche Becattini G., Il distretto industriale, 2000, dove la "
                                  "fiducia è descritta come")
    assert "Nuovo capoverso dopo la linea." in body(rep)
