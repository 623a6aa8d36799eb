"""The one Jinja environment that renders every generated page (render stage).

Autoescaping is on. Every string a template prints is escaped by ``text.esc`` (the project's
one escaping rule, the same bytes as before the templates: ``&#x27;``, ``&quot;``), through
``finalize``; markupsafe's own escaping (``&#39;``, ``&#34;``) never runs on text, so templates
use loops, not the ``join`` or ``e`` filters. The only values printed as they are are those
wrapped by ``views.trusted_html``.

A site maintainer overrides a template by putting a file of the same name in
``<theme custom_dir>/lessico/`` (``overrides/lessico/`` in mkdocs.yml); ``lessico/site.py``
passes that folder in, since this package does not know MkDocs.
"""
from __future__ import annotations

import json
import re
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from jinja2 import (ChoiceLoader, Environment, FileSystemLoader, PackageLoader, StrictUndefined, TemplateError,
                    TemplateSyntaxError)
from markupsafe import Markup

from .errors import InputError
from .text import esc
from .views import trusted_html

OVERRIDES_SUBDIR = "lessico"  # templates under <custom_dir>/lessico/ replace the package's

# What the site's Markdown undoes a backslash before: Python-Markdown's ESCAPED_CHARS, plus "|"
# (tables extension); "<" and ">" become entities. Escaping anything else leaves a visible
# backslash ("Riferimenti\:"); tests/test_view.py checks the set against mkdocs.yml's extensions.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>])")
_JSON_IN_SCRIPT = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def md_text(text: str) -> str:
    """Escape text for a Markdown heading (the only place corpus text meets Markdown)."""
    return _MD_SPECIAL.sub(r"\\\1", text.replace("&", "&amp;")).replace("\\<", "&lt;").replace("\\>", "&gt;")


def _md_filter(text: str) -> Markup:
    # escaped above for Markdown, which turns the entities back into text: not escaped again
    return trusted_html(md_text(str(text)))


def _json_script(data, sort_keys: bool = True) -> Markup:
    # JSON inside <script>: "<", ">" and "&" as \u escapes, so no text can close the element
    # or open a comment ("</script>", "<!--"), whatever the HTML parser's state
    return trusted_html(json.dumps(data, ensure_ascii=False, sort_keys=sort_keys).translate(_JSON_IN_SCRIPT))


def _front_matter_string(text: str) -> Markup:
    # a JSON string is a YAML double-quoted scalar on one line: the front matter reads it back
    # as the same text, and Markdown never sees it
    return trusted_html(json.dumps(str(text), ensure_ascii=False))


def _one_line(text: str) -> str:
    """Attribute value on one line (escaped by ``finalize`` like any text)."""
    return " ".join(str(text).split())


def _finalize(value):
    if isinstance(value, str) and not isinstance(value, Markup):
        return trusted_html(esc(value))  # escaped here: text.esc is the one escaping rule
    return value  # numbers print as digits; Markup as produced by trusted_html


@lru_cache(maxsize=8)
def environment(overrides: str | None = None) -> Environment:
    """The environment for one overrides folder (``None``: the package's templates only)."""
    loaders = []
    if overrides:
        loaders.append(FileSystemLoader(str(Path(overrides) / OVERRIDES_SUBDIR)))
    loaders.append(PackageLoader("lessico", "templates"))
    env = Environment(loader=ChoiceLoader(loaders), autoescape=True, undefined=StrictUndefined,
                      keep_trailing_newline=True, finalize=_finalize)
    env.filters.update(md=_md_filter, json_script=_json_script, one_line=_one_line,
                       front_matter_string=_front_matter_string)
    return env


def render(name: str, overrides: str | None = None, **context) -> str:
    with _template_errors(name):
        return environment(overrides).get_template(name).render(**context)


def macro(name: str, overrides: str | None = None):
    """A macro of ``macros.html``, for HTML put inside text the templates do not render."""
    with _template_errors("macros.html"):
        return getattr(environment(overrides).get_template("macros.html").module, name)


@contextmanager
def _template_errors(name: str):
    """A broken template (an override with a typo, a field that does not exist) is bad input:
    one line naming the template file and its line, no traceback."""
    try:
        yield
    except TemplateSyntaxError as exc:
        raise InputError(exc.filename or name, f"line {exc.lineno}: {exc.message}") from None
    except TemplateError as exc:
        path, line = name, None
        tb = exc.__traceback__
        while tb is not None:  # Jinja gives template frames the template's file and line
            code = tb.tb_frame.f_code.co_filename
            if code.endswith((".html", ".md")):
                path, line = code, tb.tb_lineno
            tb = tb.tb_next
        raise InputError(path, (f"line {line}: " if line else "") + str(exc.message or exc)) from None


def template_stamp(overrides: str | None) -> tuple:
    """Names, times and sizes of the templates (the package's and the overrides): under
    ``mkdocs serve`` a change renders the pages again, with a fresh environment (``reset``)."""
    folders = [Path(__file__).parent / "templates"] + ([Path(overrides) / OVERRIDES_SUBDIR] if overrides else [])
    return tuple((p.as_posix(), p.stat().st_mtime_ns, p.stat().st_size)
                 for folder in folders for p in sorted(folder.rglob("*")) if p.is_file())


def reset() -> None:
    """Forget the environments, so that an override added since is found (Jinja's cache only
    reloads the files it has already loaded)."""
    environment.cache_clear()
