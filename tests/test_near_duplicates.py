"""The validator warns about two records for one concept: near-identical definitions in one
language (a warning, so ``mkdocs build --strict`` stops on it), and refuses a label two records
share. Synthetic records, plus the real registry."""
from __future__ import annotations

import logging
from pathlib import Path

import pytest

from lessico.concepts import load_concepts, near_duplicates
from test_concepts import concept_yaml, error_of, registry

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parent.parent
BASE = ("Sistema produttivo locale di piccole e medie imprese specializzate nelle fasi di una stessa "
        "filiera, radicato in una comunità di persone che ne condivide i valori.")
OTHER = "Politica pubblica che sostiene la ricerca e l'innovazione delle imprese di una regione."


def _records(tmp_path, it_a, it_b, en_a="Test definition one.", en_b="Another, quite unrelated text."):
    return registry(tmp_path, {
        "a.yml": concept_yaml("a", "alfa", "alpha", it_def=it_a, en_def=en_a),
        "b.yml": concept_yaml("b", "beta", "beta", it_def=it_b, en_def=en_b),
    })


def _warnings(caplog, g):
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        load_concepts(g)
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]


def test_a_reworded_definition_is_a_near_duplicate(tmp_path, caplog):
    reworded = BASE.replace("piccole e medie imprese", "piccole e medie aziende")
    warnings = _warnings(caplog, _records(tmp_path, BASE, reworded))
    assert len(warnings) == 1
    assert "glossary/b.yml" in warnings[0] and "it definition" in warnings[0] and "a's" in warnings[0]


def test_the_same_words_in_another_order_are_a_near_duplicate(tmp_path):
    words = BASE.rstrip(".").split()
    shuffled = " ".join(words[len(words) // 2:] + words[:len(words) // 2]) + "."
    found = near_duplicates(load_concepts(_records(tmp_path, BASE, shuffled)))
    assert [(a, b, lang) for a, b, lang, _ in found] == [("a", "b", "it")]
    assert "words in common" in found[0][3]


def test_case_accents_and_punctuation_do_not_hide_a_copy(tmp_path):
    copy = BASE.upper().replace("À", "A").replace(",", " ;")
    found = near_duplicates(load_concepts(_records(tmp_path, BASE, copy)))
    assert [(a, b, lang) for a, b, lang, _ in found] == [("a", "b", "it")]


def test_the_english_definitions_are_compared_too(tmp_path):
    en = "Local production system of small firms specialised in the phases of one industry."
    found = near_duplicates(load_concepts(_records(tmp_path, BASE, OTHER, en, en.replace("small", "smaller"))))
    assert [(a, b, lang) for a, b, lang, _ in found] == [("a", "b", "en")]


def test_definitions_that_share_a_genus_are_not_near_duplicates(tmp_path, caplog):
    # same opening, different difference: two concepts of one genus, defined apart
    sibling = ("Sistema produttivo locale di grandi imprese integrate verticalmente, che svolgono al "
               "proprio interno quasi tutte le fasi e si servono del territorio solo come bacino di lavoro.")
    assert not _warnings(caplog, _records(tmp_path, BASE, sibling))
    (tmp_path / "x").mkdir()
    assert not _warnings(caplog, _records(tmp_path / "x", BASE, OTHER))


def test_a_shared_label_is_refused(tmp_path):
    msg = error_of(tmp_path, {
        "a.yml": concept_yaml("a", "alfa", "alpha"),
        "b.yml": concept_yaml("b", "beta", "beta", it_variants=["Alfa"]),
    })
    assert "glossary/b.yml" in msg and "'Alfa'" in msg and "a.yml" in msg


def test_the_real_registry_has_no_near_duplicates():
    assert near_duplicates(load_concepts(ROOT / "glossary")) == []


def test_candidate_pairs_hold_every_pair_at_the_threshold_without_comparing_all():
    """The prefix filter proposes every pair whose word sets reach the threshold (checked against
    all pairs on random sets) and, on a glossary-sized vocabulary, few others: the check stays
    near-linear where comparing every pair made a ×50 build take hours."""
    import itertools
    import random

    from lessico.concepts import NEAR_CANDIDATE, _similar_pairs

    rng = random.Random(7)
    vocab = [f"w{i}" for i in range(60)]
    words = {f"c{i:03d}": set(rng.sample(vocab, rng.randint(1, 12))) for i in range(300)}
    for i in range(0, 40, 2):  # some near copies
        words[f"d{i:03d}"] = set(list(words[f"c{i:03d}"])[:-1]) | {"extra"}
    truth = {(a, b) for a, b in itertools.combinations(sorted(words), 2)
             if len(words[a] & words[b]) / len(words[a] | words[b]) >= NEAR_CANDIDATE}
    assert truth and truth <= _similar_pairs(words, NEAR_CANDIDATE)

    big_vocab = [f"v{i}" for i in range(20_000)]
    common = ["il", "la", "di", "e", "che", "per", "un", "in"]
    many = {f"x{i:04d}": set(rng.sample(big_vocab, 14)) | set(common) for i in range(2_000)}
    proposed = _similar_pairs(many, NEAR_CANDIDATE)
    assert len(proposed) < 10 * len(many)  # a few per record, against 1,999,000 pairs compared before
