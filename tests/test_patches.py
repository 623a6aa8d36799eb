"""The two runtime patches of third-party code: each does what the original does (faster), is
applied only to the version and the code it was written for, and otherwise stops the build with
one line saying what to do."""
from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
from citeproc.model import CitationStylesElement, Parent, Text
from mkdocs.exceptions import PluginError
from mkdocs_static_i18n.reconfigure import ExtendedPlugin

from lessico import patching, references, site
from lessico.errors import InputError
from lessico.references import format_bibliography, format_plain, load_references

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parent.parent
PINS = dict(re.findall(r"^([\w.-]+)==(\S+)$", (ROOT / "requirements.txt").read_text(), re.M))


@pytest.fixture
def i18n_original():
    site._linear_search_dedup()
    return ExtendedPlugin.reconfigure_search_duplicates.__wrapped__


@pytest.fixture
def citeproc_originals():
    references._memoize_xpath()
    return {cls: getattr(cls, name).__wrapped__ for cls, name in
            ((CitationStylesElement, "xpath_search"), (Parent, "calls_variable"), (Text, "calls_variable"))}


class _Plugin:  # what the method reads from static-i18n's plugin
    build_languages = ["it", "en"]


def _dedup(method, entries):
    entries = copy.deepcopy(entries)
    method(_Plugin(), entries)
    return entries


# --- the patches do what the originals do -------------------------------------------------------
def e(location: str, title: str, text: str) -> dict:
    return {"location": location, "title": title, "text": text}


def test_search_dedup_keeps_every_entry_for_the_per_language_indexes(i18n_original):
    """Each language gets its own index (lessico/searchindex.py): an English page whose text is
    the Italian one (a source's passages) must stay in the English index, which upstream's
    method would have dropped as a duplicate."""
    # static-i18n stacks the default language's entries first, then the others' (one build each)
    entries = [
        e("", "Lessico", "home"),
        e("sources/a/#p2", "Titolo", "testo della fonte"),
        e("glossary/b/", "Filiera", "testo"),
        e("en/", "Lessico", "home"),
        e("en/sources/a/#p2", "Titolo", "testo della fonte"),  # same passage on the English site
        e("en/glossary/b/", "Supply chain", "text"),
    ]
    assert _dedup(ExtendedPlugin.reconfigure_search_duplicates, entries) == entries
    assert [x["location"] for x in _dedup(i18n_original, entries)] == [
        "", "sources/a/#p2", "glossary/b/", "en/glossary/b/"]


def _unpatched(monkeypatch, originals):
    for cls, original in originals.items():
        monkeypatch.setattr(cls, original.__name__, original)


def test_citeproc_memo_formats_the_same_entries(citeproc_originals, monkeypatch):
    items = load_references(ROOT / "bibliography")
    memoised = {lang: (format_bibliography(items, lang), format_plain(items, lang)) for lang in ("it", "en")}
    _unpatched(monkeypatch, citeproc_originals)
    plain = {lang: (format_bibliography(items, lang), format_plain(items, lang)) for lang in ("it", "en")}
    assert memoised == plain
    assert len(memoised["en"][0]) == len(items)


def test_citeproc_memo_answers_a_repeated_formatting(citeproc_originals, monkeypatch):
    items = load_references(ROOT / "bibliography")[:5]
    format_plain(items, "en")
    patched = CitationStylesElement.xpath_search
    size, calls = len(patched.memo), []

    def counting(self, expression):
        calls.append(expression)
        return patched(self, expression)

    monkeypatch.setattr(CitationStylesElement, "xpath_search", counting)
    format_plain(items, "en")
    assert len(calls) > 100          # citeproc asked again...
    assert len(patched.memo) == size  # ...and every answer came from the memo


# --- the fence -----------------------------------------------------------------------------------
def test_recorded_versions_are_the_pinned_ones_and_the_code_is_the_one_read(i18n_original, citeproc_originals):
    for dist, version, fp in (site.I18N_PATCHED, references.CITEPROC_PATCHED):
        assert PINS[dist] == version, f"requirements.txt pins {dist} {PINS[dist]}: re-check its patch"
    assert patching.fingerprint(i18n_original) == site.I18N_PATCHED[2]
    assert patching.fingerprint(*citeproc_originals.values()) == references.CITEPROC_PATCHED[2]


def test_fingerprint_changes_with_the_code():
    def f(self, entries):
        return entries

    g = f

    def f(self, entries):  # noqa: F811 — same name and signature, other body
        return entries[:]

    def h(self, entries, extra=None):
        return entries

    h.__qualname__ = g.__qualname__
    assert len({patching.fingerprint(g), patching.fingerprint(f), patching.fingerprint(h)}) == 3


def _one_line(message: str, *parts: str) -> None:
    assert "\n" not in message
    for part in parts:
        assert part in message, message


def _unpatched_i18n(monkeypatch, original):
    monkeypatch.setattr(ExtendedPlugin, "reconfigure_search_duplicates", original)
    monkeypatch.setattr(ExtendedPlugin, "_lessico_linear", False)


def test_search_dedup_refuses_another_static_i18n_version(i18n_original, monkeypatch):
    _unpatched_i18n(monkeypatch, i18n_original)
    monkeypatch.setattr(patching, "installed", lambda dist: "1.4.0")
    with pytest.raises(PluginError) as exc:
        site._linear_search_dedup()
    _one_line(str(exc.value), "lessico/site.py: _linear_search_dedup patches mkdocs-static-i18n 1.3.1",
              "1.4.0 is installed", "re-check the patch against 1.4.0")
    assert ExtendedPlugin.reconfigure_search_duplicates is i18n_original  # not patched


def test_search_dedup_refuses_a_changed_method(i18n_original, monkeypatch):
    def reconfigure_search_duplicates(self, search_index_entries):  # what a new release might do
        search_index_entries.clear()

    reconfigure_search_duplicates.__qualname__ = i18n_original.__qualname__
    _unpatched_i18n(monkeypatch, reconfigure_search_duplicates)
    with pytest.raises(PluginError) as exc:
        site._linear_search_dedup()
    _one_line(str(exc.value), "lessico/site.py:", "ExtendedPlugin.reconfigure_search_duplicates is not the code",
              f"expected {site.I18N_PATCHED[2]}", "update its fingerprint")
    assert ExtendedPlugin.reconfigure_search_duplicates is reconfigure_search_duplicates


def _unpatched_citeproc(monkeypatch, originals):
    _unpatched(monkeypatch, originals)
    monkeypatch.setattr(CitationStylesElement, "_lessico_memo", False)


def test_citeproc_memo_refuses_another_citeproc_version(citeproc_originals, monkeypatch):
    _unpatched_citeproc(monkeypatch, citeproc_originals)
    monkeypatch.setattr(patching, "installed", lambda dist: "0.12.0")
    with pytest.raises(InputError) as exc:
        references._memoize_xpath()
    _one_line(str(exc.value), "lessico/references.py: _memoize_xpath patches citeproc-py 0.11.1",
              "0.12.0 is installed")
    assert CitationStylesElement.xpath_search is citeproc_originals[CitationStylesElement]


def test_citeproc_memo_refuses_a_changed_method(citeproc_originals, monkeypatch):
    _unpatched_citeproc(monkeypatch, citeproc_originals)
    monkeypatch.setattr(references, "CITEPROC_PATCHED", ("citeproc-py", "0.11.1", "0" * 16))
    with pytest.raises(InputError) as exc:
        references._memoize_xpath()
    _one_line(str(exc.value), "lessico/references.py:", "Parent.calls_variable, Text.calls_variable is not the code",
              "expected 0000000000000000")
    assert Text.calls_variable is citeproc_originals[Text]
