"""Permalinks ``t/<id>/`` in a real browser: the reader's language decides the landing page, and
without JavaScript the page offers both links."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

CID = "distretto-industriale"


@pytest.mark.parametrize("locale, lang, path", [
    ("it-IT", "it", f"glossary/{CID}/"),
    ("en-US", "en", f"en/glossary/{CID}/"),
])
def test_permalink_follows_browser_language(new_page, base_url, locale, lang, path):
    page = new_page(locale=locale)
    page.goto(base_url + f"t/{CID}/")
    page.wait_for_url(base_url + path)
    page.wait_for_load_state("load")
    assert page.url == base_url + path
    assert page.get_attribute("html", "lang") == lang
    assert page.locator("h1").first.inner_text().replace("¶", "").strip() == {"it": "distretto industriale", "en": "industrial district"}[lang]


def test_permalink_without_javascript_shows_both_links(new_page, base_url):
    page = new_page(locale="en-US", java_script_enabled=False)
    page.goto(base_url + f"t/{CID}/")
    assert page.url == base_url + f"t/{CID}/"  # no redirect without JavaScript
    links = page.locator("a[hreflang]")
    assert links.count() == 2
    targets = {}
    for i in range(2):
        link = links.nth(i)
        assert link.is_visible()
        targets[link.get_attribute("hreflang")] = link.evaluate("a => a.href")
    assert targets == {"it": base_url + f"glossary/{CID}/", "en": base_url + f"en/glossary/{CID}/"}
    links.and_(page.locator("[hreflang=en]")).click()
    page.wait_for_url(base_url + f"en/glossary/{CID}/")
    assert page.get_attribute("html", "lang") == "en"
