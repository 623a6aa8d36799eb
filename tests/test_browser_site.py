"""What a reader does in the browser: switch language, follow terms and citations, filter, copy."""
from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser


def switch_language(page, target: str):
    """Use Material's language selector as a reader would: open it, pick the language."""
    page.locator(".md-header__option .md-select").first.hover()
    link = page.locator(f'.md-select__link[hreflang="{target}"]')
    link.first.click()
    page.wait_for_load_state()


@pytest.mark.parametrize("source", ["tesi-distretti", "bellandi-2013"])
def test_language_switcher_on_a_source_page_lands_on_the_same_source(new_page, base_url, source):
    page = new_page()
    page.goto(f"{base_url}sources/{source}/")
    assert page.locator("html").get_attribute("lang") == "it"
    switch_language(page, "en")
    assert page.url == f"{base_url}en/sources/{source}/"
    assert page.locator("html").get_attribute("lang") == "en"
    switch_language(page, "it")
    assert page.url == f"{base_url}sources/{source}/"


def test_footnotes_of_the_thesis_render_as_footnotes(new_page, base_url):
    page = new_page()
    page.goto(f"{base_url}sources/tesi-distretti/")
    refs = page.locator("sup a.footnote-ref")
    assert refs.count() >= 7
    first = refs.first
    assert first.inner_text() == "1"
    note = page.locator('.footnote li[id="fn:1"]')
    assert "Principles of Economics" in note.inner_text()
    first.click()
    assert page.url.endswith("#fn:1")
    # the marker sits in running text, not on a line of its own
    para = page.locator('p.lx-p:has(a[href="#fn:1"])')
    assert "elemento" in para.inner_text() or len(para.inner_text()) > 80


def test_term_preview_on_focus_then_concept_page_then_other_language(new_page, base_url):
    page = new_page()
    page.goto(f"{base_url}sources/gremi-milieu/")
    term = page.locator('a.lx-term[href$="glossary/milieu-innovateur/"]').first
    definition = term.get_attribute("data-lx-def")
    term.focus()
    card = page.locator("#lx-card")  # the preview card (tests/test_cards.py)
    card.wait_for(state="visible")
    assert card.locator(".lx-card-def").inner_text().strip() == definition.strip()
    term.click()
    page.wait_for_load_state()
    assert page.url == f"{base_url}glossary/milieu-innovateur/"
    assert page.locator("h1").inner_text().rstrip("¶ \n").lower() == "milieu innovateur"
    switch_language(page, "en")
    assert page.url == f"{base_url}en/glossary/milieu-innovateur/"
    assert page.locator(".lx-definition").inner_text().strip() != ""


def test_term_preview_on_hover(new_page, base_url):
    page = new_page(locale="en-GB")
    page.goto(f"{base_url}en/sources/bellandi-2013/")
    term = page.locator("a.lx-term").first
    definition = term.get_attribute("data-lx-def")
    term.hover()
    card = page.locator("#lx-card")
    card.wait_for(state="visible")
    assert card.locator(".lx-card-def").inner_text().strip() == definition.strip()


def test_citation_links_to_its_entry_and_back_to_the_paragraph(new_page, base_url):
    page = new_page()
    page.goto(f"{base_url}sources/gremi-milieu/")
    cite = page.locator("a.lx-cite", has_text="Aydalot, 1986").first
    paragraph_id = cite.evaluate("a => a.closest('[id^=p]').id")
    cite.click()
    page.wait_for_load_state()
    assert page.url == f"{base_url}bibliography/#aydalot1986"
    entry = page.locator('[id="aydalot1986"]')
    assert "Milieux innovateurs en Europe" in entry.inner_text()
    back = entry.locator(f'.lx-cited-in a[href$="sources/gremi-milieu/#{paragraph_id}"]')
    # the entry the citation led to is marked (:target), the others are not
    marked = "e => getComputedStyle(e).outlineStyle"
    assert entry.evaluate(marked) == "solid"
    assert page.locator(".lx-ref:not(:target)").first.evaluate(marked) == "none"
    back.click()
    page.wait_for_load_state()
    assert page.url == f"{base_url}sources/gremi-milieu/#{paragraph_id}"
    assert "Aydalot" in page.locator(f'[id="{paragraph_id}"]').inner_text()
    assert page.locator(f'[id="{paragraph_id}"]').evaluate(marked) == "solid"  # the paragraph too


@pytest.mark.parametrize("lang,query,expected,absent", [
    ("it", "citta", "grande città", "distretto industriale"),
    ("it", "distretti", "distretto industriale", "franchising"),
    ("en", "industrial districts", "industrial district", "franchising"),
    ("en", "SMES", "small and medium-sized enterprise", "joint venture"),
    ("it", "royalt", "royalty", "franchising"),  # one hit: the count in the singular
])
def test_glossary_filter(new_page, base_url, lang, query, expected, absent):
    page = new_page()
    page.goto(base_url + ("" if lang == "it" else "en/") + "glossary/")
    box = page.locator("#lx-filter-input")
    box.focus()
    page.keyboard.type(query)
    visible = [t.strip() for t in page.locator("#lx-az li:not([hidden]) > a").all_inner_texts()]
    assert expected in visible
    assert absent not in visible
    status = page.locator("#lx-filter-status").inner_text()
    n = len(visible)
    if n == 1:  # singular, agreeing: "1 termine visibile", "1 term shown"
        assert status == {"it": "1 termine visibile", "en": "1 term shown"}[lang], status
    else:
        assert status == {"it": f"{n} termini visibili", "en": f"{n} terms shown"}[lang], status
    page.keyboard.press("Enter")  # jumps to the first result, from the keyboard
    assert page.evaluate("document.activeElement.closest('#lx-az') !== null")


def test_copy_button_puts_the_permalink_on_the_clipboard(browser, base_url):
    ctx = browser.new_context(locale="it-IT")
    ctx.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url.rstrip("/"))
    page = ctx.new_page()
    try:
        page.goto(f"{base_url}glossary/distretto-industriale/")
        page.locator('button[data-copy="lx-perma"]').click()
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied.endswith("/t/distretto-industriale/")
        page.locator('button[data-copy="lx-page"]').click()
        assert page.evaluate("navigator.clipboard.readText()").endswith("/glossary/distretto-industriale/")
    finally:
        ctx.close()


def test_citation_preview_shows_the_formatted_reference(new_page, base_url):
    page = new_page()
    page.goto(f"{base_url}sources/gremi-milieu/")
    cite = page.locator("a.lx-cite", has_text="Aydalot, 1986").first
    reference = cite.get_attribute("data-lx-ref")
    assert "Milieux innovateurs en Europe" in reference
    cite.focus()
    card = page.locator("#lx-card")
    card.wait_for(state="visible")
    assert "Milieux innovateurs en Europe" in card.inner_text()


@pytest.mark.parametrize("path", ["glossary/distretto-industriale/", "sources/tesi-distretti/", "bibliography/",
                                  "en/glossary/distretto-industriale/"])
def test_pages_print_without_chrome_and_with_link_targets(new_page, base_url, path):
    page = new_page()
    page.goto(base_url + path)
    page.emulate_media(media="print")
    for chrome in (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer"):
        assert page.locator(chrome).first.evaluate("e => getComputedStyle(e).display") == "none", chrome
    external = page.locator(".md-content a[href^='http']").first
    if external.count():
        after = external.evaluate("a => getComputedStyle(a, '::after').content")
        assert "http" in after  # the target of an external link is printed after it
    for block in page.locator(".lx-ref, .lx-excerpts li").all()[:3]:
        assert block.evaluate("e => getComputedStyle(e).breakInside") == "avoid"
    assert len(page.pdf()) > 10_000  # Chromium really lays the page out for print


@pytest.mark.parametrize("lang", ["it", "en"])
def test_index_prints_the_equivalent_only_when_it_differs(site, lang):
    html = (site / ("en/" if lang == "en" else "") / "glossary" / "index.html").read_text(encoding="utf-8")
    royalty = re.search(r'<li data-k="[^"]*royalty[^"]*">(.*?)</li>', html).group(1)
    assert 'class="lx-other"' not in royalty, royalty  # not "royalty royalty"
    other = {"it": 'lang="en">industrial district</span>', "en": 'lang="it">distretto industriale</span>'}[lang]
    assert other in html  # a different equivalent is still printed
