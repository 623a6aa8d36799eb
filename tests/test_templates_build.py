"""A template override in overrides/lessico/ reaches the built site; a broken one stops the
build with one line naming the file and its line. The small fixture project of
tests/test_bad_input.py, built with ``mkdocs build --strict``."""
from __future__ import annotations

import pytest

from conftest import mkdocs_build
from test_bad_input import assert_builds, assert_stops, make_project

pytestmark = pytest.mark.build


def test_an_override_in_overrides_lessico_changes_the_built_page(tmp_path):
    proj = make_project(tmp_path)
    (proj / "overrides" / "lessico").mkdir()
    original = (proj / "lessico" / "templates" / "sources_index.md").read_text(encoding="utf-8")
    (proj / "overrides" / "lessico" / "sources_index.md").write_text(
        original.replace("<p>{{ v.intro }}</p>", '<p class="custom-intro">{{ v.intro }} (!)</p>'), encoding="utf-8")
    proc = mkdocs_build(proj, tmp_path / "site", check=False)
    assert_builds(proc)
    for page in ("sources/index.html", "en/sources/index.html"):
        html = (tmp_path / "site" / page).read_text(encoding="utf-8")
        assert '<p class="custom-intro">' in html and " (!)</p>" in html
    # the pages not overridden are the package's
    assert 'class="custom-intro"' not in (tmp_path / "site" / "bibliography" / "index.html").read_text(encoding="utf-8")


def test_a_broken_override_stops_the_build_with_one_line(tmp_path):
    proj = make_project(tmp_path)
    (proj / "overrides" / "lessico").mkdir()
    (proj / "overrides" / "lessico" / "bibliography.md").write_text("# {{ v.title|md }}\n\n{{ v.no_such }}\n",
                                                                    encoding="utf-8")
    proc = mkdocs_build(proj, tmp_path / "site", check=False)
    assert_stops(proc, "ERROR", "overrides/lessico/bibliography.md", "line 3", "no_such")


def test_serve_renders_again_when_an_override_is_added_or_edited(tmp_path):
    from test_serve import BUILD_STARTED, Served, _write

    served = Served(tmp_path)
    try:
        assert served.wait_for("sources/", "lx-source-list"), "serve did not come up:\n" + served.log()
        override = served.project / "overrides" / "lessico" / "sources_index.md"
        override.parent.mkdir()
        original = (served.project / "lessico" / "templates" / "sources_index.md").read_text(encoding="utf-8")
        # a new file: Jinja's cache knows only the package's template, the environment is renewed
        _write(override, original.replace("<p>{{ v.intro }}</p>", '<p class="first-override">{{ v.intro }}</p>'))
        assert served.wait_for("sources/", "first-override"), "a new override was not used:\n" + served.log()
        _write(override, original.replace("<p>{{ v.intro }}</p>", '<p class="second-override">{{ v.intro }}</p>'))
        assert served.wait_for("sources/", "second-override"), "an edited override was not used:\n" + served.log()
        assert served.wait_for_log(BUILD_STARTED, 3) and served.builds() == 3, served.log()
    finally:
        served.stop()
