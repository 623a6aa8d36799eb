"""A renamed concept keeps its old URLs: the old page and the old permalink redirect to the new id."""
from __future__ import annotations

import shutil

import pytest

from conftest import ROOT, serve
from lessico.build import build_model
from lessico.exports import permalinks

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def renamed_site(site, tmp_path_factory):
    """The real site, plus the redirects written for a concept whose former id is 'distretto-ind'."""
    out = tmp_path_factory.mktemp("renamed") / "site"
    shutil.copytree(site, out)
    model = build_model(ROOT)
    model.concepts["distretto-industriale"].aliases = ["distretto-ind"]
    permalinks.write(model, out, True, "https://lessico-distretti.example.org/")
    server = serve(out)
    yield out, f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.mark.parametrize("old,new", [
    ("glossary/distretto-ind/", "glossary/distretto-industriale/"),
    ("en/glossary/distretto-ind/", "en/glossary/distretto-industriale/"),
])
def test_old_concept_url_redirects_to_the_new_id(renamed_site, new_page, old, new):
    out, base = renamed_site
    html = (out / old / "index.html").read_text(encoding="utf-8")
    assert 'http-equiv="refresh"' in html and 'rel="canonical"' in html
    page = new_page(java_script_enabled=False)  # a meta refresh needs no script
    page.goto(base + old)
    page.wait_for_url(base + new)
    assert page.url == base + new


def test_old_permalink_still_resolves(renamed_site, new_page):
    out, base = renamed_site
    page = new_page(locale="en-US")
    page.goto(base + "t/distretto-ind/")
    page.wait_for_url(base + "en/glossary/distretto-industriale/")
