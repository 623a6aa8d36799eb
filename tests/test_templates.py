"""Generated pages come from Jinja templates: escaping, overrides, one place for trusted HTML.

Fast: the templates are rendered from hand-made views; no build. That the templates give the
same bytes as the code they replaced is checked with scripts/compare_builds.py.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from lessico import templating
from lessico.errors import InputError
from lessico.templating import render
from lessico.text import esc
from lessico.views import LangLink, PermalinkView, RedirectView, Segment

pytestmark = pytest.mark.unit

LESSICO = Path(__file__).resolve().parent.parent / "lessico"
HOSTILE = "<script>alert(1)</script> l'\"a\" & <b>"


def redirect(term=HOSTILE, href="../nuovo/"):
    return RedirectView(title="Pagina spostata", lang="it", text="Ora è qui:", href=href, term=term)


def test_autoescape_is_on():
    assert templating.environment().autoescape is True


def test_view_text_is_escaped_with_the_projects_rule():
    html = render("redirect.html", v=redirect())
    assert "<script>alert" not in html and "<b>" not in html
    # text.esc's bytes (&#x27; &quot;), not markupsafe's (&#39; &#34;): the built site stays the same
    assert f'<a href="../nuovo/">{esc(HOSTILE)}</a>' in html


def test_attribute_values_are_escaped_on_one_line():
    html = render("redirect.html", v=redirect(href='x" onmouseover="alert(1)\n y'))
    assert 'href="x&quot; onmouseover=&quot;alert(1) y"' in html
    assert 'onmouseover="' not in html


def test_passage_runs_are_escaped_in_text_and_attributes():
    inline = templating.macro("inline")
    html = str(inline([Segment("text", "<i>a</i> "), Segment("term", "b&c", "../x/", 'def "q"'),
                       Segment("fnref", "1")]))
    assert html == ('&lt;i&gt;a&lt;/i&gt; <a class="lx-term" href="../x/" data-lx-def="def &quot;q&quot;">b&amp;c</a>'
                    '<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup>')


def test_json_in_script_cannot_close_the_element():
    out = templating.environment().from_string("{{ d|json_script }}").render(d={"a": "</script><!--&"})
    assert "</script>" not in out and "<!--" not in out
    assert out == '{"a": "\\u003c/script\\u003e\\u003c!--\\u0026"}'


def test_markdown_heading_filter_escapes_markdown_and_html():
    out = templating.environment().from_string("# {{ t|md }}").render(t="*a* <b> [x](y)")
    assert out == "# \\*a\\* &lt;b&gt; \\[x\\]\\(y\\)"


def test_permalink_page_lists_both_languages():
    view = PermalinkView(title="t", lang="it", other_lang="en", terms=("distretto", "district"),
                         texts=(("it", "Permalink"), ("en", "Permalink")),
                         links=(LangLink("it", "../../glossary/d/", "distretto", "italiano"),
                                LangLink("en", "../../en/glossary/d/", "district", "English")),
                         targets={"it": "../../glossary/d/", "en": "../../en/glossary/d/"})
    html = render("permalink.html", v=view)
    assert '<li lang="en"><a href="../../en/glossary/d/" hreflang="en">district</a> (English)</li>' in html
    assert 'var t={"it": "../../glossary/d/", "en": "../../en/glossary/d/"}' in html
    assert "http-equiv" not in html  # only redirects refresh


def test_an_override_replaces_a_package_template(tmp_path):
    (tmp_path / "lessico").mkdir()
    (tmp_path / "lessico" / "redirect.html").write_text("MOVED {{ v.term }} -> {{ v.href }}\n", encoding="utf-8")
    assert render("redirect.html", str(tmp_path), v=redirect("a<b")) == "MOVED a&lt;b -> ../nuovo/\n"
    # the other templates, and the environment without overrides, are the package's
    assert "<!doctype html>" in render("redirect.html", v=redirect())
    assert "<!doctype html>" in render("permalink.html", str(tmp_path), v=PermalinkView(
        "t", "it", "en", ("a", "b"), (), (), {}))


def test_an_overridden_macro_changes_every_page_that_uses_it(tmp_path):
    (tmp_path / "lessico").mkdir()
    original = (LESSICO / "templates" / "macros.html").read_text(encoding="utf-8")
    (tmp_path / "lessico" / "macros.html").write_text(
        original.replace('<a class="lx-term" ', '<a class="lx-term custom" '), encoding="utf-8")
    link = templating.macro("term_link", str(tmp_path))
    assert str(link("../x/", "d", "t")) == '<a class="lx-term custom" href="../x/" data-lx-def="d">t</a>'


def test_a_broken_override_is_one_line_naming_the_file_and_line(tmp_path):
    (tmp_path / "lessico").mkdir()
    bad = tmp_path / "lessico" / "redirect.html"
    bad.write_text("ok\n{{ v.no_such_field }}\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        render("redirect.html", str(tmp_path), v=redirect())
    assert str(err.value).startswith(f"{bad}: line 2: ")
    assert "no_such_field" in str(err.value) and "\n" not in str(err.value)
    bad.write_text("{% if %}\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"redirect\.html: line 1: "):
        render("redirect.html", str(tmp_path), v=redirect())


# -- where markup may be written ----------------------------------------------------------
ESCAPING_ALLOWED = {"text.py", "templating.py", "maps.py"}  # the rule, the template filters, the SVG builder


def _modules():
    return sorted(p for p in LESSICO.rglob("*.py"))


def _strings(tree: ast.AST):
    """String literals and f-string parts of a module, without its docstrings."""
    docs = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docs.add(id(first.value))
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs:
            yield node.lineno, node.value


def test_escaping_only_in_the_filters_and_the_svg_builder():
    offenders = []
    for path in _modules():
        if path.name in ESCAPING_ALLOWED:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("esc", "attr"):
                offenders.append(f"{path.relative_to(LESSICO)}:{node.lineno}")
    assert offenders == []


@pytest.mark.parametrize("name", ["pages.py", "views.py", "linking.py", "printing.py", "exports/permalinks.py", "exports/moodle.py"])
def test_no_html_is_written_in_the_page_code(name):
    import re
    tag = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*[\s>/]")
    path = LESSICO / name
    found = [(line, s) for line, s in _strings(ast.parse(path.read_text(encoding="utf-8"))) if tag.search(s)]
    assert found == []


def test_markup_is_created_in_one_function_and_called_from_known_places():
    calls = {}
    for path in _modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                fn = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                if fn in ("Markup", "trusted_html", "mark_safe"):
                    calls.setdefault(fn, set()).add(path.relative_to(LESSICO).as_posix())
    assert calls["Markup"] == {"views.py"}
    # a new caller of trusted_html must say in views.trusted_html why its HTML is safe
    assert calls["trusted_html"] == {"templating.py", "pages.py"}
    assert "mark_safe" not in calls
    assert "|safe" not in "".join(p.read_text(encoding="utf-8") for p in (LESSICO / "templates").iterdir())


def test_a_page_with_term_or_citation_links_gets_the_cards_words_once_in_its_language():
    from lessico import site
    page = '<html lang="en" class="no-js"><body><p><a class="lx-cite" href="#x" data-lx-ref="R">A</a></p></body></html>'
    out = site.on_post_page(page)
    assert out.count('id="lx-card-ui"') == 1
    assert '"open": "Open the entry"' in out and '"open_ref": "Go to the bibliography entry"' in out
    assert out.index('id="lx-card-ui"') < out.index("</body>")
    it = site.on_post_page(page.replace('lang="en"', 'lang="it"'))
    assert '"open": "Apri la voce"' in it
    plain = '<html lang="en"><body><p><a href="#x">A</a></p></body></html>'
    assert site.on_post_page(plain) == plain  # no card on the page: nothing added
