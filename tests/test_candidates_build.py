"""``python -m lessico candidates`` on the real corpus, and the build's info line with the count."""
from __future__ import annotations

import dataclasses
import json
import logging
import os
import subprocess
import sys

import pytest

from lessico import candidates, site
from lessico.build import build_model
from lessico.text import label_key

from conftest import ROOT

pytestmark = pytest.mark.build


def norm(text: str) -> str:
    return " ".join(text.lower().replace("’", "'").replace("\u2010", "-").replace("\u2011", "-").split())


def cli(*args: str, cwd=ROOT) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "lessico", "candidates", *args], cwd=cwd, env=env,
                          capture_output=True, text=True)


@pytest.fixture(scope="module")
def model():
    return build_model(ROOT)


@pytest.fixture(scope="module")
def listed():
    proc = cli("--json")
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    return json.loads(proc.stdout)


def test_the_real_corpus_gives_candidates_in_both_languages_of_its_sources(listed, model):
    langs = {s.meta.lang for s in model.sources}
    assert {"it", "en"} <= langs
    assert set(listed) == langs & set(candidates.STOP)
    for lang in ("it", "en"):
        assert len(listed[lang]) >= 20
        assert any(row["near"] for row in listed[lang]) and any(not row["near"] for row in listed[lang])
        scores = [row["cvalue"] for row in listed[lang]]
        assert scores == sorted(scores, reverse=True) and scores[-1] > 0
        assert all(row["frequency"] >= candidates.MIN_FREQUENCY for row in listed[lang])


def test_every_candidate_is_new_and_points_at_real_paragraphs_of_its_language(listed, model):
    known = candidates.known_labels(model.concepts)
    stop = candidates.load_stoplist(ROOT)
    assert stop  # the site's stop list is read
    lang_of = {s.id: s.meta.lang for s in model.sources}
    for lang, rows in listed.items():
        for row in rows:
            key = label_key(row["term"])
            assert key not in known and key not in stop, row["term"]
            assert not any(ch.isdigit() for ch in row["term"]), row["term"]
            for sid, anchors in row["sources"].items():
                assert lang_of[sid] == lang
                for a in anchors:
                    assert norm(row["term"]) in norm(model.passage_index[(sid, a)].text), (row["term"], sid, a)
            assert norm(row["term"]) in norm(row["context"])
            assert set(row["near"]) <= set(model.concepts)


def test_the_table_shows_both_languages_and_top_limits_each(listed):
    proc = cli("--top", "5")
    assert proc.returncode == 0, proc.stderr
    sections = proc.stdout.split("== ")[1:]
    assert [sec.split(":")[0] for sec in sections] == list(listed)
    for sec, lang in zip(sections, listed):
        head, columns, *rows = sec.strip().splitlines()
        assert head == f"{lang}: {len(listed[lang])} term candidates without a record (top 5)"
        assert columns.split() == ["rank", "C-value", "freq", "candidate", "near", "record", "sources", "context"]
        assert [r.split()[0] for r in rows] == ["1", "2", "3", "4", "5"]
        assert all(listed[lang][i]["term"] in rows[i] for i in range(5))
    only = cli("--lang", "en", "--top", "3", "--json")
    assert list(json.loads(only.stdout)) == ["en"] and len(json.loads(only.stdout)["en"]) == 3


def test_bad_options_are_one_line_and_exit_status_2(tmp_path):
    proc = cli("--lang", "fr")
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr == "lessico: error: --lang: no source in 'fr' (the sources are in it, en)\n"
    proc = cli("--root", str(tmp_path))
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "not a project folder" in proc.stderr and "Traceback" not in proc.stderr


def test_the_build_logs_the_count_as_one_info_line(model, listed, caplog):
    with caplog.at_level(logging.INFO, logger="mkdocs"):
        site._log_candidates(model)
    lines = [r for r in caplog.records if "term candidates" in r.getMessage()]
    assert len(lines) == 1 and lines[0].levelno == logging.INFO
    n = sum(len(rows) for rows in listed.values())
    assert lines[0].getMessage() == f"lessico: {n} term candidates without a record (python -m lessico candidates)"
    assert model.timings["candidates"] > 0


def test_a_bad_stop_list_stops_the_build_with_one_line(tmp_path, model):
    from mkdocs.exceptions import PluginError

    project = tmp_path / "p"
    (project / "glossary").mkdir(parents=True)
    (project / "glossary" / candidates.STOPLIST_FILE.split("/")[1]).write_bytes(b"\xff\n")
    copy = dataclasses.replace(model, root=project, timings={})
    with pytest.raises(PluginError) as e:
        site._log_candidates(copy)
    assert str(e.value) == "glossary/candidates-stoplist.txt: not valid UTF-8 at byte 0 (save it as UTF-8)"
