"""The MkDocs adapter: the only module that knows MkDocs' config object.

static-i18n builds the site once per language and calls ``on_config`` again for each; the
model is therefore cached by a fingerprint of the inputs and built once per build.
"""
from __future__ import annotations

import json
import logging
import re
import sys
import time
import weakref
from pathlib import Path

from . import references, urls
from .errors import InputError

log = logging.getLogger("mkdocs.plugins.lessico")

# "exported": a weak reference to the config whose build has its exports written (see on_post_build)
_state: dict = {"fingerprint": None, "model": None, "exported": None}


class _ToMkDocs(logging.Handler):
    """Re-emits the exports' warnings (e.g. the objects.inv term collision) on MkDocs' logger,
    the one ``--strict`` counts; ``lessico/`` itself stays free of MkDocs names."""

    def emit(self, record):
        log.log(record.levelno, record.getMessage())


_exports_log = logging.getLogger("lessico.exports")
if not any(isinstance(h, _ToMkDocs) for h in _exports_log.handlers):
    _exports_log.addHandler(_ToMkDocs(logging.WARNING))
    _exports_log.propagate = False  # said once, on MkDocs' logger
INPUT_DIRS = ("sources", "glossary", "bibliography", "docs", "courses")


def project_root(config) -> Path:
    return Path(config.config_file_path).resolve().parent


def fingerprint(root: Path) -> tuple:
    items = []
    for name in INPUT_DIRS:
        for p in sorted((root / name).rglob("*")):
            if p.is_file():
                st = p.stat()
                items.append((p.relative_to(root).as_posix(), st.st_mtime_ns, st.st_size))
    return tuple(items)


def _fail(exc: InputError, root: Path | None = None):
    """One line naming the file (relative to the project) and the id, field, line or byte."""
    from mkdocs.exceptions import PluginError

    message = str(exc)
    if root is not None:
        message = message.replace(f"{root}/", "")
    raise PluginError(message) from None


OFFLINE_SHIM = "assets/iframe-worker-shim.js"  # local copy of the worker shim (docs/assets/)


def _offline_setup(config) -> None:
    """Offline variant: what Material's offline plugin does in its ``on_config``, done before the
    pages are generated (this hook runs first): file URLs ending in ``.html``, so that
    ``OFFLINE=true mkdocs build`` alone is consistent, and the local worker shim instead of the
    CDN one (the plugin adds its CDN URL only when no polyfill named iframe-worker is listed)."""
    plugin = config.plugins.get("material/offline")
    if plugin is None or not plugin.config.enabled:
        return
    config.use_directory_urls = False
    polyfills = config.extra.get("polyfills") or []
    if OFFLINE_SHIM not in polyfills:
        config.extra["polyfills"] = [OFFLINE_SHIM, *polyfills]


# the static-i18n release and the fingerprint of the method _linear_search_dedup replaces (lessico/patching.py)
I18N_PATCHED = ("mkdocs-static-i18n", "1.3.1", "d93022db23f9054d")


def _linear_search_dedup() -> None:
    """static-i18n 1.3 drops the /en/ search entries identical to a default-language one (same
    title and text, location ending with the other's) by comparing every entry with every other:
    27 s of a 57 s build at 10x the corpus, hours at 50x. Same rule, one pass over a dict. One
    difference: upstream removes from the list it is filtering, so it skips the entry after each
    one it drops, and that entry stays even if it too is a copy; here every copy goes. Only two
    copies of one entry next to each other tell them apart (none on this site: a build with
    upstream's method writes the same search index bytes)."""
    from . import patching

    try:
        from mkdocs_static_i18n.reconfigure import ExtendedPlugin
    except ImportError:
        return
    if getattr(ExtendedPlugin, "_lessico_linear", False):
        return
    original = ExtendedPlugin.reconfigure_search_duplicates
    try:
        patching.check("lessico/site.py", "_linear_search_dedup", *I18N_PATCHED, [original])
    except InputError as exc:
        _fail(exc)

    def reconfigure_search_duplicates(self, search_index_entries):
        prefixes = tuple(f"{lang}/" for lang in self.build_languages)
        targets: dict[tuple, list] = {}
        for e in search_index_entries:
            if e["location"].startswith(prefixes):
                targets.setdefault((e["title"], e["text"]), []).append(e)
        drop: set[int] = set()
        for e in search_index_entries:
            if not e["location"].startswith(prefixes):
                for t in targets.get((e["title"], e["text"]), ()):
                    if id(t) not in drop and t["location"].endswith(e["location"]):
                        drop.add(id(t))
        search_index_entries[:] = [e for e in search_index_entries if id(e) not in drop]

    reconfigure_search_duplicates.__wrapped__ = original  # for tests/test_patches.py
    ExtendedPlugin.reconfigure_search_duplicates = reconfigure_search_duplicates
    ExtendedPlugin._lessico_linear = True


def _check_languages(config) -> None:
    """Generated pages exist in ``model.LANGS`` only: mkdocs.yml's i18n languages must be those
    (default first), or a language would be added or dropped without a word."""
    from mkdocs.exceptions import PluginError

    from .model import LANGS

    plugin = config.plugins.get("i18n")
    if plugin is None:
        return
    declared = [lang.locale for lang in plugin.config.languages]
    default = [lang.locale for lang in plugin.config.languages if lang.default]
    if sorted(declared) != sorted(LANGS) or default[:1] != [LANGS[0]]:
        raise PluginError(f"mkdocs.yml: plugins.i18n.languages are {', '.join(declared)} (default "
                          f"{', '.join(default) or 'none'}); the generated pages exist in {', '.join(LANGS)} "
                          f"(default {LANGS[0]}, lessico/model.py LANGS)")


def template_overrides(config) -> str | None:
    """The theme's ``custom_dir`` (``overrides/``): its ``lessico/`` folder overrides the
    templates of the generated pages (lessico/templating.py)."""
    custom = getattr(config.theme, "custom_dir", None)
    return str(Path(custom).resolve()) if custom else None


def on_config(config):
    from . import build, templating

    _check_languages(config)
    if urls.is_placeholder(config.site_url) and not _state.get("placeholder_said"):
        _state["placeholder_said"] = True  # once per build, not once per language
        log.info("lessico: SITE_URL is not set, so page and export URLs use the placeholder %s "
                 "(set SITE_URL to the published address before publishing: README, Publishing the site)",
                 config.site_url)
    root = project_root(config)
    _offline_setup(config)
    _linear_search_dedup()
    gen_dir = root / ".build" / ("docs-offline" if not config.use_directory_urls else "docs")
    overrides = template_overrides(config)
    try:
        style = references.citation_style((config.extra.get("lessico") or {}).get("citation_style"),
                                          Path(config.config_file_path).name)
    except InputError as exc:
        _fail(exc, root)
    fp = (fingerprint(root), config.use_directory_urls, config.site_url, templating.template_stamp(overrides), style)
    if _state["fingerprint"] != fp:
        t0 = time.perf_counter()
        templating.reset()
        try:
            model = build.build_model(root, style)
            tree = build.render_tree(model, root / "docs", config.use_directory_urls, config.site_url or "", overrides)
        except InputError as exc:
            _fail(exc, root)
        changed = build.write_tree(tree, gen_dir)
        _state.update(fingerprint=fp, model=model)
        model.timings["pipeline_total"] = time.perf_counter() - t0
        for item in model.bib.unresolved:
            sid, anchor, cite = item
            src = next(s for s in model.sources if s.id == sid)
            log.warning("sources/%s: unresolved citation '%s' (%s, %s)", src.meta.file, cite.text, sid, anchor)
        log.info("lessico: %d concepts, %d sources, %d references; %d pages written (%d changed) in %.2fs",
                 len(model.concepts), len(model.sources), len(model.bib.items), len(tree), changed,
                 model.timings["pipeline_total"])
    config.docs_dir = str(gen_dir)
    return config


# Material's base.html writes autocomplete="off" on its two hidden checkboxes (drawer, search),
# which HTML does not allow on a checkbox (tests/test_html_validity.py), outside any block a
# main.html could override.
_CHECKBOX_AUTOCOMPLETE = re.compile(r'(<input class="md-toggle" data-md-toggle="\w+" type="checkbox" id="__\w+") autocomplete="off">')


def on_post_page(output: str) -> str:
    """Every rendered page (and the 404 template): Material's markup fixed where no block can."""
    return _CHECKBOX_AUTOCOMPLETE.sub(r"\1>", output)


def on_page_context(page, config) -> None:
    """Offline pages are ``x.html`` files; their canonical address is the online page."""
    if not config.use_directory_urls and page.canonical_url:
        page.canonical_url = urls.absolute(config.site_url, urls.online_path(page.url))


def _keep_default_404(config) -> None:
    """One 404 page serves every path: keep the default language's, which the later builds of
    the other languages (static-i18n) would overwrite at the site root."""
    from .model import LANGS

    page = Path(config.site_dir) / "404.html"
    if not page.exists():
        return
    if config.theme["language"] == LANGS[0]:
        _state["404"] = page.read_bytes()
    elif _state.get("404"):
        page.write_bytes(_state["404"])


def _exports_pending(config) -> bool:
    """Whether this build still needs its exports. Every build starts from a clean site folder
    (``mkdocs serve`` too, at every rebuild, even when the cached model is reused), so the
    exports belong to the build, not to the model; static-i18n's builds of the other languages
    run inside the first one with the same config object and must not write them again."""
    done = _state["exported"]
    return done is None or done() is not config


def on_post_build(config):
    """Exports and language-neutral pages, written once per build into the site root."""
    from . import exports
    from .exports import terms

    _keep_default_404(config)
    model = _state["model"]
    if model is None or not _exports_pending(config):
        return
    t0 = time.perf_counter()
    try:
        exports.write_all(model, Path(config.site_dir), config.use_directory_urls, config.site_url or "",
                          template_overrides(config))
    except InputError as exc:
        _fail(exc, project_root(config))
    _state["exported"] = weakref.ref(config)
    model.timings["exports"] = time.perf_counter() - t0
    # one parseable line (scripts/benchmark.py reads it): seconds per pipeline stage
    log.info("lessico: stage timings %s", json.dumps({k: round(v, 4) for k, v in model.timings.items()}))


def on_serve(server, config) -> None:
    """One rebuild per edit. MkDocs watches ``docs_dir``, which ``on_config`` pointed at the
    generated folder in .build/: the pipeline's own writes there would start a second full
    rebuild after every edit. The hand-written pages are watched instead (the inputs and the
    code through ``watch:`` in mkdocs.yml)."""
    generated = Path(config.docs_dir).resolve()
    root = project_root(config)
    if root / ".build" in generated.parents:
        server.unwatch(str(generated))
        server.watch(str(root / "docs"))
    if (root / "courses").is_dir():  # optional, so not in mkdocs.yml's watch list (it must exist there)
        server.watch(str(root / "courses"))
    # Python would rewrite lessico/__pycache__ after a code edit (hooks/lessico_hooks.py
    # re-imports the package), a write in a watched folder: a second rebuild again.
    sys.dont_write_bytecode = True
