"""Contexts on concept pages ("in the sources"): whole sentences, never a heading, never cut at a
semicolon; the page's language first; and a concept found in the sources is never said to be
absent. Unit tests of the sentence rule, then the built site."""
from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import pytest

from lessico.pages import is_context, is_defining, sentence_span
from lessico.yamlsafe import load as yaml_load

ROOT = Path(__file__).resolve().parent.parent


def _sentence(text: str, word: str) -> str:
    i = text.index(word)
    lo, hi = sentence_span(text, i, i + len(word))
    return text[lo:hi].strip()


@pytest.mark.unit
def test_a_semicolon_does_not_end_a_context():
    text = ("Il distretto nasce dalla tradizione artigiana (Becattini, 1979; Bagnasco, 1977); "
            "le imprese vi cooperano e competono. Altra frase.")
    assert _sentence(text, "imprese") == ("Il distretto nasce dalla tradizione artigiana (Becattini, 1979; "
                                          "Bagnasco, 1977); le imprese vi cooperano e competono.")


@pytest.mark.unit
@pytest.mark.parametrize("text", [
    "Lo mostrano Becattini et al. nel loro studio sui distretti. Poi altro.",
    "Molti servizi, ad es. La formazione, sono beni pubblici dei distretti. Poi altro.",
    "Secondo S. Brusco i distretti sono sistemi di piccole imprese. Poi altro.",
])
def test_an_abbreviation_or_an_initial_does_not_end_a_context(text):
    assert _sentence(text, "distretti").endswith("distretti.") or _sentence(text, "distretti").endswith("imprese.")
    assert _sentence(text, "distretti").startswith(text.split()[0])


@pytest.mark.unit
def test_headings_and_fragments_are_not_contexts():
    para = SimpleNamespace(kind="paragraph", text="Greenfield")
    heading = SimpleNamespace(kind="heading", text="Il concetto di milieu innovateur nelle ricerche del GREMI")
    sentence = SimpleNamespace(kind="paragraph", text="Un investimento greenfield crea impianti nuovi nel paese.")
    assert not is_context(para, 0, 10)
    assert not is_context(heading, 14, 30)
    assert is_context(sentence, 16, 26)


@pytest.mark.unit
def test_a_defining_sentence_is_recognised_as_such():
    text = ("I distretti crescono. Il distretto industriale, definito da Becattini come entità "
            "socio-territoriale, unisce comunità e imprese. Molti distretti esportano.")
    i = text.index("distretto industriale")
    assert is_defining(text, i, i + 21)
    j = text.index("distretti esportano")
    assert not is_defining(text, j, j + 9)
    en = "By milieu innovateur we refer to the set of relations of a local area. Milieux change."
    assert is_defining(en, 3, 20) and not is_defining(en, en.index("Milieux"), len(en) - 8)


# --- the built site ----------------------------------------------------------------------------
class _Page(HTMLParser):
    """Excerpts (text, lang, source link), the "in the sources" rows, the text of each #pN."""

    def __init__(self):
        super().__init__()
        self.excerpts, self.count_links, self.paras, self.headings = [], [], {}, set()
        self._quote = None
        self._para = None  # (id, depth)
        self._depth = 0
        self._in_counts = False
        self._last = None
        self._sup = 0  # footnote markers are not part of the sentence

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self._depth += 1
        self._sup += tag == "sup"
        if tag == "blockquote" and self._quote is None:
            self._quote = {"lang": a.get("lang"), "text": ""}
        if tag == "p" and "lx-src-use" in (a.get("class") or ""):
            self._in_counts = True  # a source of "in the sources", named once with its count
        if tag == "a" and self._in_counts:
            self.count_links.append(a.get("href", ""))
        if tag == "a" and "lx-excerpt-src" == self._last:
            self.excerpts[-1]["href"] = a.get("href", "")
        if tag == "p" and "lx-excerpt-src" in (a.get("class") or ""):
            self._last = "lx-excerpt-src"
        pid = a.get("id") or ""
        if re.fullmatch(r"p\d+|fn:[\w-]+", pid):
            if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
                self.headings.add(pid)
            elif self._para is None:
                self._para = (pid, self._depth)
                self.paras[pid] = ""

    def handle_endtag(self, tag):
        if tag == "blockquote" and self._quote is not None:
            self.excerpts.append(self._quote)
            self._quote = None
        if tag == "p":
            self._in_counts = False
        if tag == "p" and self._last == "lx-excerpt-src":
            self._last = None
        self._sup -= tag == "sup"
        if self._para and self._depth == self._para[1]:
            self._para = None
        self._depth -= 1

    def handle_data(self, data):
        if self._quote is not None:
            self._quote["text"] += data
        if self._para and not self._sup:
            self.paras[self._para[0]] += data


def _parse(path: Path) -> _Page:
    p = _Page()
    p.feed(path.read_text(encoding="utf-8"))
    return p


def _source_of(href: str) -> str:
    return re.search(r"sources/([^/#.]+)", href).group(1)


@pytest.fixture(scope="module")
def source_langs():
    path = ROOT / "sources" / "sources.yml"
    data = yaml_load(path, path.read_text(encoding="utf-8"))
    items = data.items() if isinstance(data, dict) else [(d["id"], d) for d in data]
    return {sid: meta["lang"] for sid, meta in items}


@pytest.fixture(scope="module")
def sources_html(site):
    return {d.name: _parse(d / "index.html") for d in (site / "sources").iterdir() if d.is_dir()}


def _concept_pages(site):
    for lang, base in (("it", site / "glossary"), ("en", site / "en" / "glossary")):
        for d in sorted(base.iterdir()):
            if (d / "index.html").exists() and (ROOT / "glossary" / f"{d.name}.yml").exists():
                yield lang, d.name, _parse(d / "index.html")


@pytest.mark.build
def test_contexts_are_whole_sentences_never_headings(site, sources_html):
    n, problems = 0, []
    for lang, cid, page in _concept_pages(site):
        for x in page.excerpts:
            n += 1
            sid, anchor = _source_of(x["href"]), x["href"].rsplit("#", 1)[1]
            src = sources_html[sid]
            if anchor in src.headings:
                problems.append(f"{lang}/{cid}: a heading ({sid}#{anchor}) as a context")
                continue
            text = " ".join(unescape(x["text"]).split())
            para = " ".join(src.paras.get(anchor, "").replace("¶", "").split())
            core = text.removeprefix("… ").removesuffix(" …")
            if core not in para:
                problems.append(f"{lang}/{cid}: context not found in {sid}#{anchor}")
            elif text.rstrip().endswith(";") and not para.endswith(core):
                problems.append(f"{lang}/{cid}: cut at a semicolon: …{text[-40:]}")
            if len(core.split()) < 6:
                problems.append(f"{lang}/{cid}: a fragment: {text!r}")
    assert n > 300
    assert not problems, problems[:10]


@pytest.mark.build
def test_pages_show_contexts_in_their_language_first(site, source_langs):
    checked = 0
    for lang, cid, page in _concept_pages(site):
        in_lang = [h for h in page.count_links if source_langs[_source_of(h)] == lang]
        if not page.excerpts:
            continue
        langs = [x["lang"] or lang for x in page.excerpts]
        # the page's language first: no context in the page's language after one in the other
        assert langs == sorted(langs, key=lambda x: x != lang), f"{lang}/{cid}: {langs}"
        for x in page.excerpts:
            assert (source_langs[_source_of(x["href"])] == lang) == (x["lang"] is None), f"{lang}/{cid}"
        if not in_lang:  # only the other language uses the term: every context marked as such
            assert all(x["lang"] and x["lang"] != lang for x in page.excerpts), f"{lang}/{cid}"
        checked += lang == "en" and langs[0] == "en"
    assert checked >= 50  # English pages with English contexts


@pytest.mark.build
def test_a_concept_found_in_the_sources_is_never_said_absent(site):
    it = (site / "glossary" / "accordo-di-programma-quadro" / "index.html").read_text(encoding="utf-8")
    en = (site / "en" / "glossary" / "accordo-di-programma-quadro" / "index.html").read_text(encoding="utf-8")
    assert "non ricorre" not in it and "Accordo di Programma Quadro</mark>" in it
    assert "does not occur" not in en.lower() and "Accordo di Programma Quadro</mark>" in en
    for lang, cid, page in _concept_pages(site):
        html = (site / ("en/" if lang == "en" else "") / "glossary" / cid / "index.html").read_text(encoding="utf-8")
        if page.count_links:
            assert "non ricorre" not in html and "does not occur" not in html.lower(), f"{lang}/{cid}"


@pytest.mark.build
def test_a_concept_not_linked_in_the_texts_is_not_said_absent(site):
    # "impresa" (link_in_text: false) is everywhere in the sources, never marked
    it = (site / "glossary" / "impresa" / "index.html").read_text(encoding="utf-8")
    en = (site / "en" / "glossary" / "impresa" / "index.html").read_text(encoding="utf-8")
    assert "non ricorre" not in it and "non è segnata né contata" in it
    assert "does not occur" not in en and "neither marked nor counted" in en


@pytest.mark.unit
def test_a_term_that_opens_a_sentence_starts_its_context():
    text = "Le imprese crescono in fretta. Distretti industriali e città sono sistemi locali. Fine."
    i = text.index("Distretti")
    assert _sentence(text, "Distretti") == "Distretti industriali e città sono sistemi locali."
    assert sentence_span(text, i, i + 9)[0] == i
