"""The synthetic corpus generator of the benchmark (lessico/synthetic.py), at small scale.

Speed is not asserted here (scripts/benchmark.py measures it); these tests check that a
generated corpus is valid input: it builds with ``--strict``, its concepts pass the registry's
rules, its citations resolve and its terms are found in its text.
"""
from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from lessico import synthetic
from lessico.concepts import load_concepts
from lessico.model import LANGS
from lessico.sources import load_sources
from lessico.text import is_slug, label_key

pytestmark = pytest.mark.build

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> tuple[Path, synthetic.Corpus]:
    dest = tmp_path_factory.mktemp("syn") / "project"
    return dest, synthetic.make_project(ROOT, dest, scale=2)


def test_scales_documents_and_concepts_together(project):
    dest, corpus = project
    real_docs = len(load_sources(ROOT / "sources"))
    real_concepts = len(list((ROOT / "glossary").glob("*.yml")))
    assert corpus.documents == 2 * real_docs
    assert corpus.concepts == 2 * real_concepts
    assert len(list((dest / "sources").glob("*.txt"))) == corpus.documents
    assert len(list((dest / "glossary").glob("*.yml"))) == corpus.concepts
    assert corpus.citations > 0


def test_generated_registry_is_valid(project):
    dest, _ = project
    sources = load_sources(dest / "sources")  # metadata validated against the folder
    concepts = load_concepts(dest / "glossary", {s.id for s in sources})  # raises on any rule
    generated = [c for c in concepts.values() if not (ROOT / "glossary" / f"{c.id}.yml").exists()]
    assert generated and all(is_slug(c.id) for c in generated)
    assert any(" " in c.labels[lang].term for c in generated for lang in LANGS)  # multi-word terms
    assert sum(len(c.labels["it"].variants) for c in generated) >= len(generated)
    for lang in LANGS:  # one owner per label and language
        owners: dict[str, set[str]] = {}
        for c in concepts.values():
            for x in [c.labels[lang].term, *c.labels[lang].variants]:
                owners.setdefault(label_key(x), set()).add(c.id)
        assert all(len(ids) == 1 for ids in owners.values())


def test_generated_terms_occur_in_the_text(project):
    dest, _ = project
    from lessico.build import build_model

    model = build_model(dest)
    generated = {p.stem for p in (dest / "glossary").glob("*.yml")} - {p.stem for p in (ROOT / "glossary").glob("*.yml")}
    found = {cid for cid in model.occurrences if cid in generated}
    assert len(found) >= len(generated) // 4
    assert not model.bib.unresolved


def test_deterministic(tmp_path):
    a = synthetic.make_project(ROOT, tmp_path / "a", scale=1, seed=3)
    b = synthetic.make_project(ROOT, tmp_path / "b", scale=1, seed=3)
    assert (a.documents, a.concepts, a.text_bytes) == (b.documents, b.concepts, b.text_bytes)
    for f in sorted((tmp_path / "a" / "sources").iterdir()):
        assert f.read_bytes() == (tmp_path / "b" / "sources" / f.name).read_bytes()


def test_concepts_for_recognition_benchmark():
    _, chains = synthetic.vocabulary(ROOT)
    recs = synthetic.concepts_for(random.Random(0), chains, 300)
    assert len(recs) == 300 and len({r["id"] for r in recs}) == 300
    texts = synthetic.sample_text(chains, 20_000)
    assert sum(len(t.encode()) for _, t in texts) >= 20_000
    assert {lang for lang, _ in texts} <= set(LANGS)


def test_generated_project_builds_strict(project, tmp_path):
    dest, _ = project
    site = tmp_path / "site"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env.pop("OFFLINE", None)
    r = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)],
                       cwd=dest, env=env, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-2000:]
    assert (site / "glossary" / "index.html").is_file()
    records = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in (dest / "glossary").glob("*.yml")]
    redirects = sum(len(r.get("replaces") or []) for r in records)  # a merged id keeps its page, a redirect
    assert (site / "glossary" / "self-check" / "index.html").is_file()  # the quiz, beside the concepts
    assert (site / "glossary" / "print" / "index.html").is_file()  # the printable glossary, likewise
    assert len(list((site / "glossary").glob("*/index.html"))) == len(records) + redirects + 2
