"""A reader's "cite this work" on the bibliography page, in Chromium: collapsed until opened, and each
copy button puts its text (the style's reference, the BibTeX) on the clipboard (issue 14, item 5)."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang,prefix,copied", [("it", "", "Copiato"), ("en", "en/", "Copied")])
def test_cite_this_work_copies_reference_and_bibtex(browser, base_url, lang, prefix, copied):
    ctx = browser.new_context(locale={"it": "it-IT", "en": "en-US"}[lang])
    ctx.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url.rstrip("/"))
    page = ctx.new_page()
    try:
        page.goto(f"{base_url}{prefix}bibliography/")
        entry = page.locator("#piore_sabel1984")
        details = entry.locator("details.lx-cite-this")
        reference = entry.locator("textarea[id^=lx-cite-]")
        assert not reference.is_visible()  # collapsed
        details.locator("summary").click()
        assert reference.is_visible()
        entry.locator('button[data-copy="lx-cite-piore_sabel1984"]').click()
        text = page.evaluate("navigator.clipboard.readText()")
        assert text.startswith("Piore, M. J., ") and "The second industrial divide" in text
        assert text == reference.input_value()
        button = entry.locator('button[data-copy="lx-bibtex-piore_sabel1984"]')
        button.click()
        bibtex = page.evaluate("navigator.clipboard.readText()")
        assert bibtex.startswith("@book{piore_sabel1984,") and bibtex.rstrip().endswith("}")
        assert button.text_content() == copied
    finally:
        ctx.close()
