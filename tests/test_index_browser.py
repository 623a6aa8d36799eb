"""The glossary index and the small things readers noticed, in Chromium: the letter bar (links to
the letters' headings, letters with no term plain text, and the filter leaving as links only the
letters it still shows), the short definitions, the "matched as" note of a filter hit on a label
the entry does not show; the 404 page in both languages, served by a server that answers every
missing address with it (as GitHub Pages and Netlify do); the dark palette's toggle."""
from __future__ import annotations

import http.server
import re

import pytest

from conftest import serve

pytestmark = pytest.mark.browser


def _glossary(new_page, base_url, lang, **kw):
    page = new_page(locale="it-IT" if lang == "it" else "en-US", **kw)
    page.goto(base_url + ("en/" if lang == "en" else "") + "glossary/")
    return page


def _filter(page, text):
    box = page.locator("#lx-filter-input")
    box.fill("")
    box.focus()
    page.keyboard.type(text)


@pytest.mark.parametrize("lang", ["it", "en"])
def test_the_letter_bar_jumps_to_each_letter_and_shows_empty_letters_as_text(new_page, base_url, lang):
    page = _glossary(new_page, base_url, lang)
    bar = page.locator("nav.lx-letters")
    letters = [x.strip() for x in bar.inner_text().split()]
    assert letters[:26] == [chr(c) for c in range(ord("A"), ord("Z") + 1)]
    headings = page.locator("#lx-az .lx-letter h3").all_inner_texts()
    linked = bar.locator("a[href]").all_inner_texts()
    assert linked == headings  # a link for each letter with terms, in order
    plain = bar.locator(".lx-letter-none").all_inner_texts()
    assert plain and set(plain).isdisjoint(headings) and len(plain) + len(linked) == len(letters)
    assert page.locator("nav.lx-letters .lx-letter-none").first.evaluate("e => e.closest('a')") is None
    target = linked[len(linked) // 2]
    bar.locator("a", has_text=re.compile(f"^{re.escape(target)}$")).click()
    assert page.url.endswith(f"#letter-{target.lower()}")
    heading = page.locator(f"#letter-{target.lower()}")
    assert heading.evaluate("h => { const r = h.getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight / 2 }")


def test_the_filter_leaves_as_links_only_the_letters_it_shows(new_page, base_url):
    page = _glossary(new_page, base_url, "it")
    before = page.locator("nav.lx-letters a[href]").count()
    _filter(page, "royalt")
    shown = page.locator("#lx-az li:not([hidden]) > a").all_inner_texts()
    assert shown == ["royalty"]
    assert page.locator("nav.lx-letters a[href]").all_inner_texts() == ["R"]
    _filter(page, "")
    page.keyboard.press("Escape")
    assert page.locator("nav.lx-letters a[href]").count() == before  # all back


@pytest.mark.parametrize("lang", ["it", "en"])
def test_each_term_shows_the_first_sentence_of_its_definition_at_a_readable_size(new_page, base_url, lang):
    page = _glossary(new_page, base_url, lang, viewport={"width": 390, "height": 844})
    items = page.locator("#lx-az li")
    n = items.count()
    assert n > 100
    defs = page.locator("#lx-az li .lx-index-def")
    assert defs.count() == n
    first = defs.first
    text = first.inner_text().strip()
    assert text.endswith(".") and len(text) > 20
    assert first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)") >= 14
    # below its term, not glued to it
    term = items.first.locator("a").first
    assert first.bounding_box()["y"] >= term.bounding_box()["y"] + term.bounding_box()["height"] - 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing overflows on a phone


@pytest.mark.parametrize("lang, query, term, note", [
    ("it", "distr", "atmosfera industriale", "— trovato come «atmosfera distrettuale»"),
    ("it", "distr", "distretto industriale", None),  # the term itself matched: no note
    ("en", "SME", "small and medium-sized enterprise", "— matched \u201cSME\u201d"),
    ("en", "città", "large city", None),  # the Italian equivalent on screen matched
])
def test_a_hit_on_another_term_says_which(new_page, base_url, lang, query, term, note):
    page = _glossary(new_page, base_url, lang)
    _filter(page, query)
    item = page.locator("#lx-az li:not([hidden])").filter(has=page.locator(f'a:text-is("{term}")'))
    assert item.count() == 1, page.locator("#lx-az li:not([hidden]) > a").all_inner_texts()
    matched = item.locator(".lx-matched")
    if note is None:
        assert matched.is_hidden()
    else:
        assert matched.is_visible() and matched.inner_text().strip() == note
    _filter(page, "")  # cleared: no note left anywhere
    assert page.locator("#lx-az .lx-matched:visible").count() == 0


class _PagesHandler(http.server.SimpleHTTPRequestHandler):
    """A static host: a missing address gets the site's 404.html with the status 404."""

    def log_message(self, *args):
        pass

    def send_error(self, code, message=None, explain=None):
        if code != 404:
            return super().send_error(code, message, explain)
        body = (self.server.site / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def host_url(site):
    server = serve(site, _PagesHandler)
    server.site = site
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.mark.parametrize("lang, missing, glossary_link, glossary_url", [
    ("it", "glossary/no-such-term/", "Il glossario dalla A alla Z", "glossary/"),
    ("en", "en/glossary/no-such-term/", "The glossary from A to Z", "en/glossary/"),
])
def test_a_missing_address_gets_the_404_page_in_its_language(new_page, host_url, lang, missing, glossary_link,
                                                           glossary_url):
    page = new_page(locale="it-IT" if lang == "it" else "en-US")
    response = page.goto(host_url + missing)
    assert response.status == 404
    assert page.locator("h1").inner_text().strip() == "Pagina non trovata · Page not found"
    parts = page.locator(".lx-404 > section")
    assert parts.count() == 2
    assert parts.first.get_attribute("lang") == lang  # the address's language first
    first = parts.first
    assert first.locator("a").count() == 2  # the glossary and the home page of its language
    # it has its styles (the assets load from the site root at any depth)
    assert page.locator(".md-header").evaluate("e => getComputedStyle(e).position") in ("sticky", "fixed")
    # search: the button opens the header's search, ready to type
    button = first.locator("button.lx-404-search")
    assert button.is_visible()
    button.click()
    assert page.evaluate("document.getElementById('__search').checked")
    assert page.evaluate("document.activeElement.classList.contains('md-search__input')")
    page.keyboard.press("Escape")
    # the glossary, one click away
    page.goto(host_url + missing)
    page.locator(".lx-404 > section").first.get_by_role("link", name=glossary_link).click()
    page.wait_for_load_state()
    assert page.url == host_url + glossary_url
    assert page.locator("#lx-filter-input").count() == 1


@pytest.mark.parametrize("lang, dark, light", [("it", "Tema scuro", "Tema chiaro"), ("en", "Dark theme", "Light theme")])
def test_the_palette_toggle_switches_to_dark_and_back(new_page, base_url, lang, dark, light):
    page = new_page(locale="it-IT" if lang == "it" else "en-US", color_scheme="light")
    page.goto(base_url + ("en/" if lang == "en" else "") + "glossary/distretto-industriale/")
    scheme = "document.body.getAttribute('data-md-color-scheme')"
    assert page.evaluate(scheme) == "default"
    page.locator(f'label.md-header__button[title="{dark}"]').click()
    assert page.evaluate(scheme) == "slate"
    page.reload()  # the choice is kept
    assert page.evaluate(scheme) == "slate"
    page.locator(f'label.md-header__button[title="{light}"]').click()
    assert page.evaluate(scheme) == "default"


def test_a_reader_whose_system_is_dark_gets_the_dark_palette(new_page, base_url):
    page = new_page(color_scheme="dark")
    page.goto(base_url)
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
