"""The concept registry: every validation error answered with one line naming file and field."""
from __future__ import annotations

import re
from pathlib import Path
from textwrap import dedent

import pytest

from lessico.concepts import THEMES, load_concepts
from lessico.errors import InputError

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parent.parent


def concept_yaml(cid, it_term, en_term, *, extra="", it_variants=(), en_variants=(), theme="district-theory",
                 it_def="Definizione di prova.", en_def="Test definition."):
    return dedent(f"""\
        id: {cid}
        theme: {theme}
        it:
          term: {it_term}
          forms: {list(it_variants)}
          definition: {it_def}
        en:
          term: {en_term}
          forms: {list(en_variants)}
          definition: {en_def}
        """) + extra


def registry(tmp_path, files: dict[str, str]) -> Path:
    g = tmp_path / "glossary"
    g.mkdir()
    for name, text in files.items():
        (g / name).write_text(text, encoding="utf-8")
    return g


def error_of(tmp_path, files) -> str:
    with pytest.raises(InputError) as info:
        load_concepts(registry(tmp_path, files))
    message = str(info.value)
    assert "\n" not in message
    return message


def test_real_registry_is_complete_in_both_languages():
    concepts = load_concepts(ROOT / "glossary")
    assert len(concepts) >= 170
    for c in concepts.values():
        assert c.theme in THEMES
        for lang in ("it", "en"):
            assert c.labels[lang].term and c.labels[lang].definition
        # grounded: a passage of a source or a cited authority (a law's concept follows the law)
        assert c.based_on, f"{c.id} names nothing its definition is based on"
        assert c.sources or any("reference" in b for b in c.based_on), f"{c.id} is grounded nowhere"
        assert c.revised, f"{c.id} has no revision date"


def test_relations_get_their_inverses(tmp_path):
    g = registry(tmp_path, {
        "a.yml": concept_yaml("a", "alfa", "alpha", extra="broader: [b]\nrelated: [c]\n"),
        "b.yml": concept_yaml("b", "beta", "beta"),
        "c.yml": concept_yaml("c", "gamma", "gamma"),
    })
    concepts = load_concepts(g)
    assert concepts["b"].narrower == ["a"]
    assert concepts["c"].related == ["a"]


def test_yaml_syntax_error_names_file_and_line(tmp_path):
    msg = error_of(tmp_path, {"a.yml": "id: a\ntheme: policy\nit: [unclosed\n"})
    # the strict loader's one format for every input file (lessico/yamlsafe.py)
    assert re.match(r"glossary/a\.yml: line [34]: YAML syntax error: ", msg), msg


def test_unknown_key(tmp_path):
    msg = error_of(tmp_path, {"a.yml": concept_yaml("a", "alfa", "alpha", extra="colour: red\n")})
    assert msg == "glossary/a.yml: unknown key 'colour'"


def test_missing_language(tmp_path):
    text = "id: a\ntheme: policy\nit:\n  term: alfa\n  definition: Una prova.\n"
    assert error_of(tmp_path, {"a.yml": text}) == "glossary/a.yml: missing language 'en' (concept 'a')"


@pytest.mark.parametrize("field", ["term", "definition"])
def test_missing_or_empty_term_or_definition(tmp_path, field):
    text = concept_yaml("a", "alfa", "alpha").replace(f"  {field}: alpha" if field == "term" else "  definition: Test definition.",
                                                     f"  {field}: ''")
    assert error_of(tmp_path, {"a.yml": text}) == f"glossary/a.yml: 'en.{field}' is missing or empty (concept 'a')"


def test_id_not_a_slug(tmp_path):
    msg = error_of(tmp_path, {"Città.yml": concept_yaml("Città", "città", "city")})
    assert msg == "glossary/Città.yml: id 'Città' is not an ascii slug (a-z, 0-9, '-')"


def test_id_not_the_file_name(tmp_path):
    msg = error_of(tmp_path, {"a.yml": concept_yaml("b", "beta", "beta")})
    assert msg == "glossary/a.yml: id 'b' does not match the file name 'a'"


def test_duplicate_id_in_subfolders(tmp_path):
    g = registry(tmp_path, {})
    for sub in ("one", "two"):
        (g / sub).mkdir()
        (g / sub / "a.yml").write_text(concept_yaml("a", "alfa", "alpha"), encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_concepts(g)
    assert str(info.value) == "glossary/two/a.yml: duplicate id 'a' (also in glossary/one/a.yml)"


def test_relation_to_unknown_id(tmp_path):
    msg = error_of(tmp_path, {"a.yml": concept_yaml("a", "alfa", "alpha", extra="related: [ghost]\n")})
    assert msg == "glossary/a.yml: related: unknown concept id 'ghost'"


def test_variant_claimed_by_two_concepts(tmp_path):
    msg = error_of(tmp_path, {
        "a.yml": concept_yaml("a", "alfa", "alpha", it_variants=["distretti"]),
        "b.yml": concept_yaml("b", "beta", "beta", it_variants=["Distretti"]),
    })
    assert msg == "glossary/b.yml: it label 'Distretti' is also claimed by glossary/a.yml"


def test_broader_cycle(tmp_path):
    msg = error_of(tmp_path, {
        "a.yml": concept_yaml("a", "alfa", "alpha", extra="broader: [b]\n"),
        "b.yml": concept_yaml("b", "beta", "beta", extra="broader: [c]\n"),
        "c.yml": concept_yaml("c", "gamma", "gamma", extra="broader: [a]\n"),
    })
    assert "broader/narrower cycle" in msg and msg.startswith("glossary/")
    assert "a -> b -> c -> a" in msg or "b -> c -> a -> b" in msg or "c -> a -> b -> c" in msg


def test_unknown_theme(tmp_path):
    msg = error_of(tmp_path, {"a.yml": concept_yaml("a", "alfa", "alpha", theme="astrology")})
    assert msg.startswith("glossary/a.yml: theme 'astrology' is not one of:")


def test_non_utf8_concept_file(tmp_path):
    g = registry(tmp_path, {})
    (g / "a.yml").write_bytes(concept_yaml("a", "alfa", "alpha").encode("utf-8") + b"# \xe0\n")
    with pytest.raises(InputError) as info:
        load_concepts(g)
    assert str(info.value).startswith("glossary/a.yml: not valid UTF-8 at byte ")


def test_replaced_id_may_not_be_in_use(tmp_path):
    msg = error_of(tmp_path, {
        "a.yml": concept_yaml("a", "alfa", "alpha", extra="replaces: [b]\n"),
        "b.yml": concept_yaml("b", "beta", "beta"),
    })
    assert msg == "glossary/a.yml: duplicate id 'b' (replaces an id still in use)"
