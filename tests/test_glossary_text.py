"""The registry's prose as a reader reads it: a folded YAML line that ends in a hyphen ("co-" /
"finance") joins as "co- finance"; every definition and note is free of such breaks."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parent.parent
# "word- word", except a suspended hyphen before a conjunction ("micro- e piccole imprese", "pre- and post-")
BROKEN = re.compile(r"\w- (?!(?:e|ed|o|od|and|or|nor|to) )\w+")


def test_the_rule_finds_a_folded_break_and_spares_a_suspended_hyphen():
    folded = yaml.safe_load("d: >-\n  funds which co-\n  finance policies\n")["d"]
    assert BROKEN.findall(folded) == ["o- finance"]
    assert not BROKEN.search("micro- e piccole imprese; pre- and post-war")


def test_no_definition_or_note_has_a_broken_hyphen():
    bad = []
    for path in sorted((ROOT / "glossary").glob("*.yml")):
        record = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for lang in ("it", "en"):
            for field in ("definition", "note"):
                text = (record.get(lang) or {}).get(field) or ""
                bad += [f"{path.name} {lang}.{field}: {m.group()}" for m in BROKEN.finditer(text)]
    assert bad == []
