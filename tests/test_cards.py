"""Preview cards (docs/assets/lessico.js): a term or a citation opens a card a reader can read, on
hover, on keyboard focus and on a first tap; Escape and a tap outside close it; axe finds nothing
with a card open."""
from __future__ import annotations

import pytest

from conftest import ROOT

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SOURCE = "sources/gremi-milieu/"
TERM = 'a.lx-term[href$="glossary/prossimita/"]'
CITE = "a.lx-cite:text-is('Aydalot, 1986')"
FONT = "e => parseFloat(getComputedStyle(e).fontSize)"


def touch_page(browser, base_url, path, locale="it-IT"):
    ctx = browser.new_context(locale=locale, has_touch=True, is_mobile=True, viewport={"width": 390, "height": 800})
    page = ctx.new_page()
    page.goto(base_url + path)
    return ctx, page


def card_of(page):
    card = page.locator("#lx-card")
    card.wait_for(state="visible")
    return card


def assert_term_card(page, term, lang="it"):
    """The card shows the concept's term, its other-language term, definition and theme, at
    reading size, with a link to the entry; it is the link's description while open."""
    card = card_of(page)
    name, definition = term.get_attribute("data-lx-term"), term.get_attribute("data-lx-def")
    assert card.locator(".lx-card-term strong").inner_text() == name
    other = card.locator(".lx-card-other")
    assert other.get_attribute("lang") == {"it": "en", "en": "it"}[lang] and other.inner_text()
    assert card.locator(".lx-card-def").inner_text() == definition and len(definition) > 40
    assert card.locator(".lx-card-theme").inner_text().startswith({"it": "Tema: ", "en": "Theme: "}[lang])
    go = card.locator(".lx-card-go a")
    assert go.get_attribute("href") == term.get_attribute("href")
    assert go.inner_text().startswith({"it": "Apri la voce", "en": "Open the entry"}[lang])
    for part in (".lx-card-def", ".lx-card-theme", ".lx-card-go a", ".lx-card-term strong"):
        assert card.locator(part).evaluate(FONT) >= 14, part
    assert term.get_attribute("aria-describedby") == "lx-card"
    assert term.get_attribute("title") is None  # no second, Material tooltip
    assert page.locator(".md-tooltip2--active").count() == 0
    box, link = card.bounding_box(), term.bounding_box()
    vw = page.viewport_size["width"]
    assert 0 <= box["x"] and box["x"] + box["width"] <= vw  # within the screen
    assert box["y"] >= link["y"] + link["height"] or box["y"] + box["height"] <= link["y"]  # not over its link
    return card


def test_term_card_opens_on_hover_and_closes_on_escape(new_page, base_url):
    page = new_page()
    page.goto(base_url + SOURCE)
    term = page.locator(TERM).first
    term.hover()
    card = assert_term_card(page, term)
    card.hover()  # the pointer can reach the card's link: it stays open
    assert card.is_visible()
    page.mouse.move(5, 400)  # the pointer leaves: the card closes
    card.wait_for(state="hidden")
    term.hover()
    card.wait_for(state="visible")
    page.keyboard.press("Escape")
    assert page.locator("#lx-card").is_hidden()
    assert term.get_attribute("aria-describedby") is None


def test_term_card_opens_on_focus_tab_reaches_its_link_escape_returns(new_page, base_url):
    page = new_page(locale="en-GB")
    page.goto(base_url + "en/" + SOURCE)
    term = page.locator(TERM).first
    term.focus()
    card = assert_term_card(page, term, "en")
    page.keyboard.press("Tab")  # the card's link comes next: the card stays open
    assert page.evaluate("document.activeElement.closest('#lx-card') !== null")
    assert card.is_visible()
    page.keyboard.press("Escape")
    assert card.is_hidden()
    assert page.evaluate("document.activeElement.matches('a.lx-term')")  # focus back on the term
    assert card.is_hidden()  # and the card stays closed
    assert term.get_attribute("aria-describedby") is None


def test_citation_card_shows_the_full_reference(new_page, base_url):
    page = new_page()
    page.goto(base_url + SOURCE)
    cite = page.locator(CITE).first
    cite.focus()
    card = card_of(page)
    ref = card.locator(".lx-card-ref")
    assert ref.inner_text() == cite.get_attribute("data-lx-ref")
    assert "Milieux innovateurs en Europe" in ref.inner_text()
    assert ref.evaluate(FONT) >= 14
    go = card.locator(".lx-card-go a")
    assert go.get_attribute("href").endswith("bibliography/#aydalot1986")
    assert go.inner_text().startswith("Vai alla voce della bibliografia")
    cite.blur()
    assert card.is_hidden()


def test_first_tap_opens_the_card_tap_outside_closes_link_inside_follows(browser, base_url):
    ctx, page = touch_page(browser, base_url, SOURCE)
    try:
        term = page.locator(TERM).first
        term.scroll_into_view_if_needed()
        term.tap()
        assert_term_card(page, term)
        assert page.url == base_url + SOURCE  # the page stayed
        page.locator("h1").tap()  # a tap outside
        assert page.locator("#lx-card").is_hidden()
        term.tap()
        card = card_of(page)
        with page.expect_navigation():
            card.locator(".lx-card-go a").tap()
        assert page.url == base_url + "glossary/prossimita/"
    finally:
        ctx.close()


def test_citation_on_a_phone_first_tap_previews_second_tap_follows(browser, base_url):
    ctx, page = touch_page(browser, base_url, "en/" + SOURCE, locale="en-GB")
    try:
        cite = page.locator(CITE).first
        cite.scroll_into_view_if_needed()
        cite.tap()
        card = card_of(page)
        assert "Milieux innovateurs en Europe" in card.locator(".lx-card-ref").inner_text()
        assert card.locator(".lx-card-go a").inner_text().startswith("Go to the bibliography entry")
        assert page.url == base_url + "en/" + SOURCE
        page.keyboard.press("Escape")
        assert card.is_hidden()
        cite.tap()
        card_of(page)
        with page.expect_navigation():
            cite.tap()  # the card is open: this tap follows the link
        assert page.url == base_url + "en/bibliography/#aydalot1986"
    finally:
        ctx.close()


@pytest.mark.parametrize("path", ["en/about/", "sources/tesi-distretti/"])
def test_on_a_phone_the_card_stays_on_screen_and_the_page_does_not_widen(browser, base_url, path):
    ctx, page = touch_page(browser, base_url, path)
    try:
        header = page.locator(".md-header").bounding_box()
        for i in range(min(4, page.locator("article a.lx-term").count())):
            term = page.locator("article a.lx-term").nth(i)
            term.scroll_into_view_if_needed()
            term.tap()
            box = card_of(page).bounding_box()
            assert 0 <= box["x"] and box["x"] + box["width"] <= 390, (i, box)
            assert box["y"] >= header["y"] + header["height"], (i, box)  # not under the sticky header
            assert page.evaluate("document.documentElement.scrollWidth") <= 390
            assert page.url == base_url + path
            page.keyboard.press("Escape")  # the card may cover the next term
    finally:
        ctx.close()


@pytest.mark.parametrize("lang, which", [("it", TERM), ("en", CITE)])
def test_no_axe_violation_with_a_card_open(new_page, base_url, lang, which):
    page = new_page(locale="it-IT" if lang == "it" else "en-US")
    page.goto(base_url + ("en/" if lang == "en" else "") + SOURCE, wait_until="load")
    page.locator(which).first.focus()
    card_of(page)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => {
      const r = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
      return {violations: r.violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', ')),
              checked: r.passes.concat(r.incomplete).some(v => v.nodes.some(n => n.target.join(' ').includes('lx-card')))};
    }""")
    assert result["checked"]  # axe looked at the open card
    assert result["violations"] == []


def test_where_no_card_replaces_it_materials_tooltip_is_legible(new_page, base_url):
    """A concept link in a list (a concept's relations) keeps Material's tooltip: 14 px, not 10 px bold."""
    page = new_page()
    page.goto(base_url + "glossary/distretto-industriale/")
    link = page.locator('article a[title][href^="../"]').first  # a related concept
    definition = link.get_attribute("title")
    link.hover()
    tip = page.locator('[role="tooltip"].md-tooltip2--active')
    tip.wait_for(state="visible")
    assert tip.inner_text().strip() == definition.strip()
    inner = tip.locator(".md-tooltip2__inner")
    assert inner.evaluate(FONT) >= 14
    assert inner.evaluate("e => parseInt(getComputedStyle(e).fontWeight)") < 700


def test_the_card_takes_the_dark_palette_too(new_page, base_url):
    """Material's dark scheme (slate): the card is drawn in the page's colours and axe passes it."""
    page = new_page()
    page.goto(base_url + SOURCE, wait_until="load")
    page.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")
    page.locator(TERM).first.focus()
    card = card_of(page)
    body = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert card.evaluate("e => getComputedStyle(e).backgroundColor") == body != "rgb(255, 255, 255)"
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => {
      const r = await axe.run('#lx-card', {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
      return {violations: r.violations.map(v => v.id), contrast: r.passes.some(v => v.id === 'color-contrast')};
    }""")
    assert result == {"violations": [], "contrast": True}


def test_a_citation_in_a_footnote_has_its_card_in_the_notes_not_in_the_footnote_preview(new_page, base_url):
    page = new_page()
    page.goto(base_url + "sources/tesi-distretti/")
    marker = page.locator("a.footnote-ref").first
    marker.hover()
    inside = page.locator(".md-tooltip2--active a.lx-cite").first  # Material's copy of the note
    inside.wait_for(state="visible")
    inside.focus()  # focus opens a card at once (hover waits a moment): none opens here
    assert page.evaluate("document.activeElement.closest('.md-tooltip2') !== null")
    assert page.locator("#lx-card:visible").count() == 0  # no card cut off by the preview's box
    cite = page.locator(".footnote a.lx-cite").first
    cite.hover()
    assert "Principles of economics" in card_of(page).locator(".lx-card-ref").inner_text()


def test_a_link_broken_over_two_lines_is_not_covered_by_its_card(browser, base_url):
    ctx, page = touch_page(browser, base_url, SOURCE)
    try:
        index = page.evaluate("""() => [...document.querySelectorAll('article a.lx-cite, article a.lx-term')]
                                  .findIndex(a => a.getClientRects().length > 1)""")
        assert index >= 0  # at 390 px some link wraps
        link = page.locator("article a.lx-cite, article a.lx-term").nth(index)
        link.scroll_into_view_if_needed()
        link.tap()
        box = card_of(page).bounding_box()
        for r in link.evaluate("a => [...a.getClientRects()].map(r => [r.top, r.bottom, r.left, r.right])"):
            top, bottom, left, right = r
            apart = box["y"] >= bottom or box["y"] + box["height"] <= top \
                or box["x"] >= right or box["x"] + box["width"] <= left
            assert apart, (r, box)
    finally:
        ctx.close()
