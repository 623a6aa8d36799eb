"""The one strict YAML loader every input file goes through (lessico/yamlsafe.py)."""
from __future__ import annotations

import pytest
import yaml

from lessico import yamlsafe
from lessico.errors import InputError

pytestmark = pytest.mark.unit


def test_a_key_given_twice_is_an_error_at_any_depth():
    with pytest.raises(InputError) as e:
        yamlsafe.load("glossary/x.yml", "id: x\nit:\n  term: a\n  definition: uno\n  definition: due\n")
    assert str(e.value) == "glossary/x.yml: line 5: duplicate key 'definition' (first at line 4)"
    with pytest.raises(InputError, match="line 3: duplicate key 'related'"):
        yamlsafe.load("g.yml", "related: [a, b]\nid: x\nrelated: []\n")


def test_an_alias_bomb_stops_before_it_expands():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{k}: &{k} [{', '.join(['*' + p] * 10)}]\n" for p, k in zip("abcdefgh", "bcdefghi"))
    with pytest.raises(InputError, match=r"g\.yml: line \d+: YAML aliases expand to more than 100,000 values"):
        yamlsafe.load("g.yml", bomb)


def test_aliases_that_stay_small_load_as_safe_dump_writes_them():
    data = {"a": ["x", "y"], "b": None}
    data["b"] = data["a"]
    text = yaml.safe_dump(data)
    assert "&" in text  # safe_dump wrote an anchor
    assert yamlsafe.load("g.yml", text) == {"a": ["x", "y"], "b": ["x", "y"]}


def test_tags_that_would_run_code_are_refused():
    with pytest.raises(InputError, match=r"g\.yml: line 1: YAML syntax error: could not determine a constructor"):
        yamlsafe.load("g.yml", "theme: !!python/object/apply:os.system ['true']\n")


def test_syntax_errors_name_the_line():
    with pytest.raises(InputError, match=r"g\.yml: line 2: YAML syntax error"):
        yamlsafe.load("g.yml", "id: x\n\tterm: y\n")
