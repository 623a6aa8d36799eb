"""The offline bundle: the documented command (``scripts/offline.sh`` runs ``python -m
lessico.bundle``) writes a zip; unpacked in a temporary folder and opened over file:// in headless
Chromium, every reader interaction works and no request leaves the machine.

The bundle is built once for the module, by the command itself (with OFFLINE and DIRECTORY_URLS
unset: the command alone must be enough), and unzipped once. Every browser test records every
request of its browser context, frames and the search shim's iframe included, and fails on any URL
that is not file:// (data: and blob: URLs are no network and are allowed).
"""
from __future__ import annotations

import hashlib
import json
import os
import posixpath
import re
import subprocess
import sys
import time
import zipfile
from datetime import datetime, timezone
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import unquote, urldefrag, urlsplit

import pytest
import yaml

from conftest import EPOCH, ROOT
from test_links import ParsedSite

sys.path.insert(0, str(ROOT))
from lessico import __version__, bundle as bundler  # noqa: E402

pytestmark = pytest.mark.browser

LOCAL_SCHEMES = ("file://", "data:", "blob:")
# Elements whose URL the browser loads by itself (as opposed to a link a reader may follow).
LOADING = {"script": "src", "img": "src", "iframe": "src", "source": "src", "video": "src",
           "audio": "src", "embed": "src", "object": "data", "track": "src", "input": "src"}
# The only documentation sources the bundle may hold: the abbreviation and pandoc glossary exports
# (instructors' page).
ALLOWED_MD = {"abbreviations-it.md", "abbreviations-en.md", "glossary-it.md", "glossary-en.md"}


# ----------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def offline_zip(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH)
    for name in ("OFFLINE", "DIRECTORY_URLS"):
        env.pop(name, None)
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "lessico.bundle", "--out", str(out)], cwd=ROOT, env=env,
                          capture_output=True, text=True)
    seconds = time.perf_counter() - t0
    assert proc.returncode == 0, f"offline bundle command failed:\n{proc.stdout}\n{proc.stderr}"
    zips = sorted(out.glob("*.zip"))
    assert len(zips) == 1, zips
    print(f"\noffline bundle: {zips[0].name}, {zips[0].stat().st_size} bytes, built in {seconds:.1f} s")
    return SimpleNamespace(path=zips[0], stdout=proc.stdout, seconds=seconds)


@pytest.fixture(scope="module")
def bundle(offline_zip, tmp_path_factory) -> Path:
    """The zip unpacked somewhere else: the folder holding index.html."""
    dest = tmp_path_factory.mktemp("unpacked")
    with zipfile.ZipFile(offline_zip.path) as zf:
        zf.extractall(dest)
    (top,) = list(dest.iterdir())
    return top


class Tour:
    """One browser context over the bundle, recording every request and failure."""

    def __init__(self, browser, root: Path, locale: str = "it-IT"):
        self.root = root
        self.base = root.as_uri() + "/"
        self.requests: list[str] = []
        self.failed: list[tuple[str, str]] = []
        self.errors: list[str] = []
        self.ctx = browser.new_context(locale=locale)
        self.ctx.on("request", lambda r: self.requests.append(r.url))
        self.ctx.on("requestfailed", lambda r: self.failed.append((r.url, r.failure or "")))
        self.page = self.ctx.new_page()
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def url(self, rel: str) -> str:
        return self.base + rel

    def goto(self, rel: str):
        self.page.goto(self.url(rel))
        self.page.wait_for_load_state("load")
        return self.page

    def rel(self) -> str:
        """The current page's path in the bundle (fragment kept, ?h= search highlight dropped)."""
        assert self.page.url.startswith(self.base), self.page.url
        path, frag = urldefrag(self.page.url[len(self.base):])
        path = path.split("?")[0]
        return path + (f"#{frag}" if frag else "")

    def assert_offline(self, min_requests: int = 1):
        remote = sorted({u for u in self.requests if not u.startswith(LOCAL_SCHEMES)})
        assert not remote, f"requests that left the machine: {remote}"
        assert len(self.requests) >= min_requests, "the recorder saw nothing: it is not recording"
        # every file a page loads exists. Expected failures: Material's probes of sitemap.xml next
        # to each language's alternate link (an XHR, which browsers refuse over file://; Material
        # then keeps the plain links, which already point to the same page), and loads cancelled
        # (ERR_ABORTED) because the test moved on to the next page before they ended
        failed = [(u, why) for u, why in self.failed
                  if not u.split("?")[0].endswith("/sitemap.xml") and why != "net::ERR_ABORTED"]
        assert not failed, f"local requests that failed: {failed}"
        assert not self.errors, f"JavaScript errors: {self.errors}"

    def close(self):
        self.ctx.close()


@pytest.fixture
def tour(browser, bundle):
    t = Tour(browser, bundle)
    yield t
    t.close()


def switch_language(page, target: str):
    """Material's language selector, used as a reader would: hover it, pick the language."""
    page.locator(".md-header__option .md-select").first.hover()
    page.locator(f'.md-select__link[hreflang="{target}"]').first.click()
    page.wait_for_load_state("load")


def clean(text: str) -> str:
    return text.replace("¶", "").strip()


# ----------------------------------------------------------------------------- the zip


def test_command_writes_a_named_zip_and_prints_its_path_and_size(offline_zip):
    zip_path = offline_zip.path
    assert zip_path.name == f"lessico-dei-distretti-{__version__}.zip"
    size = zip_path.stat().st_size
    assert zip_path.name in offline_zip.stdout and f"{size} bytes" in offline_zip.stdout, offline_zip.stdout
    assert re.search(r"\d+(\.\d)? MB", offline_zip.stdout)
    assert 500_000 < size < 20_000_000, size  # the whole site, and no runaway copies


def test_zip_has_one_top_folder_sorted_entries_and_fixed_timestamps(offline_zip):
    top = offline_zip.path.stem
    with zipfile.ZipFile(offline_zip.path) as zf:
        infos = zf.infolist()
    names = [i.filename for i in infos]
    assert names[0] == f"{top}/"
    assert all(n.startswith(f"{top}/") for n in names)
    assert names == sorted(names)
    assert f"{top}/index.html" in names and f"{top}/en/index.html" in names
    stamp = datetime.fromtimestamp(int(EPOCH), timezone.utc).timetuple()[:6]
    assert {i.date_time for i in infos} == {stamp}
    assert {i.external_attr >> 16 for i in infos if not i.is_dir()} == {0o100644}


def test_zip_is_reproducible(offline_zip, bundle, tmp_path):
    """The same files give the same bytes (order, timestamps, permissions, compression fixed)."""
    again = tmp_path / offline_zip.path.name
    bundler.write_zip(bundle, again, offline_zip.path.stem, int(EPOCH))
    assert hashlib.sha256(again.read_bytes()).digest() == hashlib.sha256(offline_zip.path.read_bytes()).digest()


def test_no_development_artefacts(bundle):
    bad = []
    for p in sorted(bundle.rglob("*")):
        rel = p.relative_to(bundle).as_posix()
        if any(part in bundler.DEV_ARTEFACTS or part.startswith(".") for part in rel.split("/")):
            bad.append(rel)
        elif p.suffix in (".pyc", ".pyo", ".py", ".yml", ".yaml", ".txt", ".map", ".gz"):
            bad.append(rel)
        elif p.suffix == ".md" and rel not in ALLOWED_MD:
            bad.append(rel)
        elif p.name in ("sitemap.xml", "404.html", "search_index.json"):
            bad.append(rel)  # useless over file:// (see lessico/bundle.py)
    assert not bad, f"development artefacts or files useless offline: {bad}"
    for rel in ("index.html", "en/index.html", "search/search_index.js", "en/search/search_index.js",
                "assets/iframe-worker-shim.js",
                "terms.json", "skos.ttl", "build-report.json", *sorted(ALLOWED_MD)):
        assert (bundle / rel).is_file(), rel
    lunr = sorted(p.relative_to(bundle / "assets/javascripts/lunr").as_posix()
                  for p in (bundle / "assets/javascripts/lunr").rglob("*.js"))
    # one index per language, each stemmed by its own language: no lunr.multi
    assert lunr == ["min/lunr.it.min.js", "min/lunr.stemmer.support.min.js"]
    for js in (bundle / "assets").rglob("*.js"):
        assert b"sourceMappingURL" not in js.read_bytes(), f"{js.name} points to a removed source map"


def test_no_duplicate_copies(bundle):
    """No two paths hold the same bytes. static-i18n builds en/ into the same site and shares
    Material's assets instead of copying them per language: so there is nothing to justify, and
    en/ has no assets/ of its own (its search/ holds the English index, lessico/searchindex.py)."""
    seen: dict[str, list[str]] = {}
    for p in sorted(bundle.rglob("*")):
        if p.is_file():
            seen.setdefault(hashlib.sha256(p.read_bytes()).hexdigest(), []).append(p.relative_to(bundle).as_posix())
    # a merged concept keeps its old permalink (stable URLs): t/<old id>/ and t/<new id>/ are the
    # same page on purpose; every other copy is a waste
    merged = {f"t/{old}/index.html" for p in (Path(__file__).resolve().parent.parent / "glossary").glob("*.yml")
              for old in (yaml.safe_load(p.read_text(encoding="utf-8")).get("replaces") or [])}
    dupes = [paths for paths in seen.values() if len(paths) > 1 and len(set(paths) - merged) != 1]
    assert not dupes, f"identical bytes at several paths: {dupes}"
    assert not (bundle / "en" / "assets").exists()
    assert sorted(p.name for p in (bundle / "en" / "search").iterdir()) == ["search_index.js"]


# ----------------------------------------------------------------------------- static link check


def check_bundle_links(root: Path) -> tuple[list[str], dict]:
    """Every relative href/src of every page resolves to a file of the bundle (never a folder,
    never outside it) and every fragment to an id of its target; a URL to another host is allowed
    only where nothing loads it: a link the reader may follow (<a>) or <link rel=canonical>."""
    site = ParsedSite(root)  # the same parsing and reference list as the online link check
    ids = site.ids
    broken: list[str] = []
    stats = {"pages": len(site.pages), "refs": 0, "fragments": 0, "external_links": 0}
    for rel in site.pages:
        for el, attr, value in site.refs(rel):
            value = value.strip()
            stats["refs"] += 1
            where = f"{rel}: <{el.tag} {attr}={value!r}>"
            parts = urlsplit(value)
            if value.startswith(("data:", "mailto:")):
                continue
            if parts.scheme or value.startswith("//"):
                rels = set((el.get("rel") or "").split())
                if el.tag == "a" or (el.tag == "link" and rels & {"canonical"}):
                    stats["external_links"] += 1
                else:
                    broken.append(f"{where}: loads from another host")
                continue
            url, frag = urldefrag(value)
            target = rel
            if url:
                path = posixpath.normpath(posixpath.join(posixpath.dirname(rel), unquote(url.split("?")[0])))
                if path.startswith("../") or path == ".." or path.startswith("/"):
                    broken.append(f"{where}: outside the bundle")
                    continue
                if not (root / path).is_file():
                    broken.append(f"{where}: no such file in the bundle ({path})")
                    continue
                target = path
            if frag:
                stats["fragments"] += 1
                if target.endswith(".html") and unquote(frag) not in ids[target]:
                    broken.append(f"{where}: no id {unquote(frag)!r} in {target}")
    return broken, stats


def test_internal_links_resolve_inside_the_bundle(bundle):
    broken, stats = check_bundle_links(bundle)
    print(f"offline links: {stats}")
    assert stats["pages"] > 400 and stats["refs"] > 10000 and stats["fragments"] > 1000
    assert not broken, f"{len(broken)} broken references:\n" + "\n".join(broken[:60])


def test_stylesheets_load_nothing_remote(bundle):
    for css in bundle.rglob("*.css"):
        text = css.read_text(encoding="utf-8")
        assert not re.search(r"@import|url\(\s*['\"]?(https?:)?//", text), css


def test_link_checker_catches_what_it_claims(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "p.html").write_text(
        '<html><head><link rel="canonical" href="https://site.example/a/p.html">'
        '<script src="https://cdn.example/x.js"></script></head><body><p id="x"></p>'
        '<a href="#x">ok</a><a href="#nope">bad</a><a href="q.html">missing</a><a href="../a/">folder</a>'
        '<a href="../../out.html">out</a><a href="https://doi.org/10.1/x">doi</a>'
        '<img src="//cdn.example/i.png" alt=""></body></html>', encoding="utf-8")
    broken, stats = check_bundle_links(tmp_path)
    text = "\n".join(broken)
    assert "no id 'nope'" in text and "(a/q.html)" in text and "no such file in the bundle (a)" in text
    assert "outside the bundle" in text and "cdn.example/x.js" in text and "cdn.example/i.png" in text
    assert len(broken) == 6, text
    assert stats["external_links"] == 2


# ----------------------------------------------------------------------------- over file://


def test_navigation_home_glossary_concept_source(tour):
    page = tour.goto("index.html")
    assert page.get_attribute("html", "lang") == "it"
    page.locator('.md-nav--primary a.md-nav__link[href$="glossary/index.html"]').first.click()
    page.wait_for_load_state("load")
    assert tour.rel() == "glossary/index.html"
    page.locator('#lx-az a[href="distretto-industriale.html"]').first.click()
    page.wait_for_load_state("load")
    assert tour.rel() == "glossary/distretto-industriale.html"
    assert clean(page.locator("h1").first.inner_text()).lower() == "distretto industriale"
    link = page.locator('a[href*="../sources/"][href*=".html#p"]').first
    target = link.get_attribute("href")
    link.click()
    page.wait_for_load_state("load")
    assert tour.rel() == posixpath.normpath("glossary/" + target.split("#")[0]) + "#" + target.split("#")[1]
    assert page.locator(f'[id="{target.split("#")[1]}"]').count() == 1
    page.locator('.md-nav--primary a.md-nav__link[href$="bibliography/index.html"]').first.click()
    page.wait_for_load_state("load")
    assert tour.rel() == "bibliography/index.html"
    page.locator(".md-header__button.md-logo").first.click()
    page.wait_for_load_state("load")
    assert tour.rel() == "index.html"
    tour.assert_offline(min_requests=20)


@pytest.mark.parametrize("rel", ["glossary/milieu-innovateur.html", "sources/bellandi-2013.html", "index.html"])
def test_language_switcher_lands_on_the_same_page(tour, rel):
    page = tour.goto(rel)
    assert page.get_attribute("html", "lang") == "it"
    switch_language(page, "en")
    assert tour.rel() == f"en/{rel}"
    assert page.get_attribute("html", "lang") == "en"
    switch_language(page, "it")
    assert tour.rel() == rel
    assert page.get_attribute("html", "lang") == "it"
    tour.assert_offline()


@pytest.mark.parametrize("prefix, query, first", [
    ("", "distretti", "glossary/distretto-industriale.html"),
    ("en/", "districts", "en/glossary/distretto-industriale.html"),
    ("en/", "milieu", "en/glossary/milieu-innovateur.html"),
])
def test_search_answers_in_the_pages_language_over_file(tour, prefix, query, first):
    page = tour.goto(prefix + "glossary/index.html")
    box = page.locator("input.md-search__input")
    box.click()
    page.keyboard.type(query)
    page.locator(".md-search-result__item").first.wait_for(state="visible", timeout=20_000)
    page.wait_for_timeout(300)
    meta = page.locator(".md-search-result__meta").inner_text()
    total = int(re.search(r"\d+", meta).group())
    assert total > 5, meta
    # Material renders results ten at a time as the list scrolls: scroll until all are there
    scroll = page.locator(".md-search__scrollwrap")
    for _ in range(60):
        if page.locator(".md-search-result__item").count() >= total:
            break
        scroll.evaluate("el => el.scrollTo(0, el.scrollHeight)")
        page.wait_for_timeout(100)
    hrefs = page.locator("li.md-search-result__item > a.md-search-result__link").evaluate_all("els => els.map(a => a.href)")
    rels = [h[len(tour.base):].split("?")[0] for h in hrefs if h.startswith(tour.base)]
    assert len(rels) == len(hrefs) and rels
    assert rels[0] == first, rels[:5]
    assert all(r.startswith("en/") == bool(prefix) for r in rels), "a result in the other language"
    # a result opens its page in the bundle
    page.locator(f'li.md-search-result__item > a.md-search-result__link[href*="{first.rsplit("/", 1)[1]}"]').first.click()
    page.wait_for_load_state("load")
    assert tour.rel().split("#")[0] == first
    tour.assert_offline(min_requests=10)
    assert any(u.endswith(f"/{prefix}search/search_index.js") for u in tour.requests)
    assert not any(u.endswith("/en/search/search_index.js") for u in tour.requests) or prefix
    assert any(u.endswith("/assets/iframe-worker-shim.js") for u in tour.requests)
    assert any("/lunr/min/lunr.it.min.js" in u for u in tour.requests) == (not prefix)


def test_term_link_in_a_source_opens_its_preview_card(tour):
    page = tour.goto("sources/gremi-milieu.html")
    term = page.locator('a.lx-term[href$="glossary/milieu-innovateur.html"]').first
    definition = term.get_attribute("data-lx-def")
    assert definition and len(definition) > 40
    term.hover()
    card = page.locator("#lx-card")  # the card's data is in the page: it works from the bundle
    card.wait_for(state="visible")
    assert card.locator(".lx-card-def").inner_text().strip() == definition.strip()
    assert card.locator(".lx-card-go a").get_attribute("href") == term.get_attribute("href")
    term.click()
    page.wait_for_load_state("load")
    assert tour.rel() == "glossary/milieu-innovateur.html"
    tour.assert_offline()


def test_on_a_phone_a_citation_card_opens_from_the_bundle_and_its_link_follows(browser, bundle):
    ctx = browser.new_context(locale="it-IT", has_touch=True, is_mobile=True, viewport={"width": 390, "height": 800})
    try:
        page = ctx.new_page()
        page.goto((bundle / "sources" / "gremi-milieu.html").as_uri())
        cite = page.locator("a.lx-cite", has_text="Aydalot, 1986").first
        cite.scroll_into_view_if_needed()
        cite.tap()  # the first tap previews
        card = page.locator("#lx-card")
        card.wait_for(state="visible")
        assert "Milieux innovateurs en Europe" in card.inner_text()
        assert page.url.endswith("/sources/gremi-milieu.html")
        with page.expect_navigation():
            card.locator(".lx-card-go a").tap()
        assert page.url.endswith("/bibliography/index.html#aydalot1986")
    finally:
        ctx.close()


def test_citation_goes_to_its_entry_and_cited_in_comes_back(tour):
    page = tour.goto("sources/gremi-milieu.html")
    cite = page.locator("a.lx-cite", has_text="Aydalot, 1986").first
    paragraph = cite.evaluate("a => a.closest('[id^=p]').id")
    cite.click()
    page.wait_for_load_state("load")
    assert tour.rel() == "bibliography/index.html#aydalot1986"
    entry = page.locator('[id="aydalot1986"]')
    assert "Milieux innovateurs en Europe" in entry.inner_text()
    back = entry.locator(f'.lx-cited-in a[href="../sources/gremi-milieu.html#{paragraph}"]')
    back.click()
    page.wait_for_load_state("load")
    assert tour.rel() == f"sources/gremi-milieu.html#{paragraph}"
    assert "Aydalot" in page.locator(f'[id="{paragraph}"]').inner_text()
    tour.assert_offline()


@pytest.mark.parametrize("rel, query, expected, absent", [
    ("glossary/index.html", "citta", "grande città", "distretto industriale"),
    ("en/glossary/index.html", "industrial districts", "industrial district", "franchising"),
])
def test_glossary_filter(tour, rel, query, expected, absent):
    page = tour.goto(rel)
    everything = page.locator("#lx-az li > a").count()
    page.locator("#lx-filter-input").fill(query)
    visible = [t.strip() for t in page.locator("#lx-az li:not([hidden]) > a").all_inner_texts()]
    assert expected in visible and absent not in visible
    assert 0 < len(visible) < everything
    assert re.search(r"\d+", page.locator("#lx-filter-status").inner_text())
    page.locator("#lx-filter-input").fill("")
    assert page.locator("#lx-az li:not([hidden]) > a").count() == everything
    tour.assert_offline()


@pytest.mark.parametrize("lang_prefix", ["", "en/"])
def test_exports_are_in_the_bundle_and_their_links_open_them(tour, bundle, lang_prefix):
    terms = json.loads((bundle / "terms.json").read_text(encoding="utf-8"))
    assert len(terms["concepts"]) > 100
    import rdflib
    graph = rdflib.Graph().parse(bundle / "skos.ttl", format="turtle")
    assert len(graph) > 1000
    for name, probe in (("terms.json", '"concepts"'), ("skos.ttl", "skos:Concept")):
        page = tour.goto(f"{lang_prefix}instructors.html")
        link = page.locator(f'a[href$="{name}"]').first
        assert link.evaluate("a => a.href") == tour.url(name)
        link.click()
        page.wait_for_load_state("load")
        assert tour.rel() == name
        assert probe in page.locator("body").inner_text()
    tour.assert_offline()


def test_permalink_sends_to_the_readers_language(browser, bundle):
    for locale, expected in (("it-IT", "glossary/cluster.html"), ("en-GB", "en/glossary/cluster.html")):
        t = Tour(browser, bundle, locale=locale)
        try:
            t.page.goto(t.url("t/cluster/index.html"))
            t.page.wait_for_url(t.url(expected))
            t.assert_offline()
        finally:
            t.close()


def test_zero_requests_to_any_host_on_a_tour_of_every_kind_of_page(browser, bundle):
    """One context through every kind of page of both languages, search included: every request
    it makes is a file:// URL (or data:/blob:), and the recorder demonstrably records."""
    t = Tour(browser, bundle)
    try:
        pages = ["index.html", "how-to.html", "instructors.html", "about.html", "glossary/index.html",
                 "glossary/distretto-industriale.html", "sources/index.html", "sources/tesi-distretti.html",
                 "bibliography/index.html", "t/distretto-industriale/index.html"]
        for rel in pages + [f"en/{p}" for p in pages if not p.startswith("t/")]:
            t.goto(rel)
        t.goto("en/index.html")
        t.page.locator("input.md-search__input").click()
        t.page.keyboard.type("milieu")
        t.page.locator(".md-search-result__item").first.wait_for(state="visible", timeout=20_000)
        t.assert_offline(min_requests=100)
        # the things that would come from a CDN or Google come from the bundle
        kinds = {u.rsplit("/", 1)[-1].split("?")[0] for u in t.requests}
        assert "iframe-worker-shim.js" in kinds and "search_index.js" in kinds
        assert not any("font" in k for k in kinds)
    finally:
        t.close()


def test_addresses_of_the_published_site_are_the_online_ones(bundle):
    """The bundle's pages are ``x.html`` files, but a citation, a copied link or an export that a
    student pastes into a paper must name the page that exists online (``…/glossary/x/``): no
    absolute address on the site's host ends in ``.html`` in any page or text export."""
    host = re.escape(urlsplit(os.environ.get("SITE_URL") or "https://lessico-distretti.example.org/").netloc)
    pattern = re.compile(rf"https?://{host}/[^\s\"'<>)\]}}]*?\.html\b")
    seen, wrong = 0, []
    for path in sorted(bundle.rglob("*")):
        if path.suffix not in {".html", ".json", ".xml", ".ttl", ".tbx", ".bib", ".ris", ".md", ".tex", ".csv", ".tsv"}:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        seen += len(re.findall(rf"https?://{host}/", text))
        wrong += [f"{path.relative_to(bundle)}: {m.group(0)}" for m in pattern.finditer(text)][:3]
    assert seen > 1000, f"only {seen} absolute addresses found: is the host right?"
    assert not wrong, f"{len(wrong)} offline addresses published as online ones, e.g. {wrong[:8]}"


def test_cite_this_entry_in_the_bundle_names_the_online_page(tour):
    page = tour.goto("en/glossary/cluster.html")
    cite = page.locator(".lx-cite-entry").inner_text()
    assert re.search(r"https?://[^ ]+/en/glossary/cluster/\.?$", cite.strip()), cite
    tour.assert_offline()
