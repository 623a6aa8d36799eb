"""The persistent cache (lessico/cache.py, ``.build/cache/``): a warm build writes exactly the bytes
of a cold one, and an edit that leaves the references alone does not run citeproc again."""
from __future__ import annotations

import json
import logging
import re
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, mkdocs_build
from lessico import build, cache, references
from lessico.model import LANGS

PROJECT_PARTS = ("mkdocs.yml", "hooks", "lessico", "docs", "overrides", "sources", "glossary", "bibliography", "courses")
CACHE_LINE = re.compile(r"lessico: cache (\{.*\})")


def _copy(dest: Path) -> Path:
    dest.mkdir(parents=True)
    for name in PROJECT_PARTS:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        elif src.exists():
            shutil.copy2(src, dest / name)
    return dest


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _cache_stats(proc) -> dict:
    found = CACHE_LINE.findall(proc.stdout + proc.stderr)
    assert len(found) == 1, "one cache line per build:\n" + proc.stderr[-3000:]
    return json.loads(found[0])


@pytest.mark.build
def test_warm_build_writes_the_same_bytes_as_a_cold_one(tmp_path):
    project = _copy(tmp_path / "project")
    cold = mkdocs_build(project, tmp_path / "cold", extra_env={"LESSICO_CACHE": "off"})
    assert not (project / ".build" / "cache").exists(), "LESSICO_CACHE=off wrote a cache"
    assert _cache_stats(cold) == {"exports": {"hits": 0, "misses": 1}, "references": {"hits": 0, "misses": 2}}
    filling = mkdocs_build(project, tmp_path / "filling")
    assert _cache_stats(filling) == {"exports": {"hits": 0, "misses": 1}, "references": {"hits": 0, "misses": 2}}
    warm = mkdocs_build(project, tmp_path / "warm")
    # the second build took the references of both languages and every export from the cache
    assert _cache_stats(warm) == {"exports": {"hits": 1, "misses": 0}, "references": {"hits": 2, "misses": 0}}

    a, b, c = _tree(tmp_path / "cold"), _tree(tmp_path / "filling"), _tree(tmp_path / "warm")
    for name in ("skos.ttl", "skos.jsonld", "terms.json", "glossary.tbx", "objects.inv", "bibliography.bib",
                 "t/franchising/index.html", "bibliography/index.html", "en/bibliography/index.html"):
        assert name in a, f"{name} missing from the cold build"
    assert len(a) > 500
    for label, other in (("filling", b), ("warm", c)):
        assert sorted(other) == sorted(a), f"{label}: files differ: {sorted(set(a) ^ set(other))[:20]}"
        differ = [name for name in a if a[name] != other[name]]
        assert not differ, f"{label}: {len(differ)} files differ from the cold build: {differ[:10]}"


@pytest.mark.unit
def test_a_warning_of_the_exports_is_said_again_on_a_cache_hit(tmp_path, monkeypatch, caplog):
    """--strict counts the exports' warnings (on MkDocs' logger): they must be said whether the
    exports ran or came from the cache, and the cached files must be the ones written."""
    from types import SimpleNamespace

    from lessico import exports, site

    runs = []

    def write_all(model, site_dir, directory_urls, site_url, overrides=None):
        runs.append(site_dir)
        (site_dir / "sub").mkdir(parents=True, exist_ok=True)
        (site_dir / "sub" / "export.txt").write_text(f"{site_url} {directory_urls}", encoding="utf-8")
        logging.getLogger("lessico.exports").warning("objects.inv: term 'x' names two concepts (a, b); kept the first")
        return ["sub/export.txt"]

    monkeypatch.setattr(exports, "write_all", write_all)
    project = _project_inputs(tmp_path / "project")
    model = SimpleNamespace(root=project, year=2026, citation_style="apa", cache=cache.Cache(tmp_path / "cache"))
    said = []
    for n in range(2):
        config = SimpleNamespace(site_dir=str(tmp_path / f"site{n}"), use_directory_urls=True,
                                 site_url="https://example.org/", repo_url=None, theme=SimpleNamespace(custom_dir=None))
        caplog.clear()
        with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.lessico"):
            site._write_exports(model, config)
        said.append([r.getMessage() for r in caplog.records if r.name == "mkdocs.plugins.lessico"])
        assert (tmp_path / f"site{n}" / "sub" / "export.txt").read_text(encoding="utf-8") == "https://example.org/ True"
    assert len(runs) == 1, "the second call ran the exports again"
    assert model.cache.stats["exports"] == {"hits": 1, "misses": 1}
    assert said[0] == said[1] == ["objects.inv: term 'x' names two concepts (a, b); kept the first"]


def _project_inputs(dest: Path) -> Path:
    for name in ("sources", "glossary", "bibliography", "courses"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, dest / name)
    return dest


@pytest.mark.unit
def test_a_glossary_edit_does_not_run_citeproc_again_and_a_reference_edit_does(tmp_path, monkeypatch):
    project = _project_inputs(tmp_path / "project")
    calls = []
    real = references.format_bibliography

    def counting(items, lang, *args, **kw):
        calls.append(lang)
        return real(items, lang, *args, **kw)

    monkeypatch.setattr(references, "format_bibliography", counting)
    store = tmp_path / "cache"
    first = build.build_model(project, cache=cache.Cache(store))
    assert sorted(calls) == sorted(LANGS)

    calls.clear()
    concept = project / "glossary" / "franchising.yml"
    concept.write_text(concept.read_text(encoding="utf-8").replace('  term: "franchising"\n',
                                                                   "  term: franchising commerciale\n", 1),
                       encoding="utf-8")
    second = build.build_model(project, cache=cache.Cache(store))
    assert calls == [], "a glossary edit ran citeproc again"
    assert second.concepts["franchising"].labels["it"].term == "franchising commerciale"
    assert second.formatted == first.formatted
    assert list(second.formatted["it"]) == list(first.formatted["it"])  # the order of the entries too

    # a changed reference is a new key: citeproc runs, and the page shows the new title
    bib = project / "bibliography" / "verified-references.json"
    items = json.loads(bib.read_text(encoding="utf-8"))
    item = next(i for i in items if i["id"] == "becattini1979")
    item["title"] += " rivisto"
    bib.write_text(json.dumps(items, ensure_ascii=False, indent=2), encoding="utf-8")
    third = build.build_model(project, cache=cache.Cache(store))
    assert sorted(calls) == sorted(LANGS)
    assert any(" rivisto" in v for v in third.formatted["it"].values())
    assert not any(" rivisto" in v for v in first.formatted["it"].values())


@pytest.mark.unit
def test_a_corrupt_entry_is_computed_again_and_replaced(tmp_path):
    store = cache.Cache(tmp_path)
    assert store.json("demo", ("x",), lambda: {"b": 1, "a": 2}) == {"b": 1, "a": 2}
    (entry,) = (tmp_path / "demo").rglob("*.json")
    entry.write_text("{not json", encoding="utf-8")
    again = cache.Cache(tmp_path)
    assert again.json("demo", ("x",), lambda: {"b": 1, "a": 2}) == {"b": 1, "a": 2}
    assert again.stats == {"demo": {"hits": 0, "misses": 1}}
    third = cache.Cache(tmp_path)
    value = third.json("demo", ("x",), lambda: pytest.fail("computed although stored"))
    assert list(value) == ["b", "a"] and third.stats == {"demo": {"hits": 1, "misses": 0}}


@pytest.mark.unit
def test_the_key_changes_with_the_inputs_and_the_code(monkeypatch):
    k = cache.key("references", [{"id": "a"}], "it", "apa")
    assert k == cache.key("references", [{"id": "a"}], "it", "apa")
    assert k != cache.key("references", [{"id": "a"}], "en", "apa")
    assert k != cache.key("references", [{"id": "b"}], "it", "apa")
    monkeypatch.setattr(cache, "code_version", lambda: "another version of the code")
    assert k != cache.key("references", [{"id": "a"}], "it", "apa")


@pytest.mark.unit
def test_the_cache_keeps_only_the_last_entries(tmp_path):
    store = cache.Cache(tmp_path)
    for n in range(6):
        store.json("demo", (n,), lambda: n, keep=3)
    assert len(list((tmp_path / "demo").rglob("*.json"))) == 3
