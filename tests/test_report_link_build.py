"""The "report an error in this entry" link on concept pages: present, in both languages, where
mkdocs.yml names the site's repository (repo_url), and absent where it does not. The small
fixture project of tests/test_bad_input.py, built twice with ``mkdocs build --strict``."""
from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from conftest import mkdocs_build
from test_bad_input import assert_builds, make_project

pytestmark = pytest.mark.build

REPO = "https://github.com/example/lessico-distretti"
PAGES = {"it": ("glossary/distretto-industriale/index.html", "Segnala un errore in questa voce", "distretto industriale"),
         "en": ("en/glossary/distretto-industriale/index.html", "Report an error in this entry", "industrial district")}


def _report_links(page_html: str) -> list[tuple[str, str]]:
    return re.findall(r'<p class="lx-report"><a href="([^"]+)">([^<]+)</a></p>', page_html)


def test_concept_pages_link_a_new_issue_when_the_repository_is_configured(tmp_path):
    proj = make_project(tmp_path)
    config = proj / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + f"\nrepo_url: {REPO}\n", encoding="utf-8")
    site = tmp_path / "site"
    assert_builds(mkdocs_build(proj, site, check=False, extra_env={"SITE_URL": "https://lessico.example.org/"}))
    for lang, (path, text, term) in PAGES.items():
        links = _report_links((site / path).read_text(encoding="utf-8"))
        assert len(links) == 1, (lang, links)
        href, shown = links[0]
        assert shown == text
        href = html.unescape(href)
        assert href.startswith(f"{REPO}/issues/new?")
        query = parse_qs(urlsplit(href).query)
        assert query["title"] == [{"it": f"Errore nella voce «{term}» (distretto-industriale)",
                                   "en": f"Error in the entry \u201c{term}\u201d (distretto-industriale)"}[lang]]
        public = "https://lessico.example.org/" + ("en/" if lang == "en" else "") + "glossary/distretto-industriale/"
        assert query["body"][0].startswith(("Voce: " if lang == "it" else "Entry: ") + public + "\n")
    # only concept pages carry it
    assert not _report_links((site / "glossary" / "index.html").read_text(encoding="utf-8"))


def test_no_report_link_without_a_repository(tmp_path):
    proj = make_project(tmp_path)
    assert "repo_url" not in (proj / "mkdocs.yml").read_text(encoding="utf-8")
    site = tmp_path / "site"
    assert_builds(mkdocs_build(proj, site, check=False))
    for path, _, _ in PAGES.values():
        page = (site / path).read_text(encoding="utf-8")
        assert "lx-report" not in page and "issues/new" not in page
        assert "<h1" in page  # the page itself was built
