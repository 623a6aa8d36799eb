"""The MkDocs adapter: the only module that knows MkDocs' config object.

static-i18n builds the site once per language and calls ``on_config`` again for each; the
model is therefore cached by a fingerprint of the inputs and built once per build.
"""
from __future__ import annotations

import json
import logging
import os
import re
import sys
import time
import weakref
from pathlib import Path

from . import cards, references, urls
from .errors import InputError
from .model import LANGS

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
    title and text, location ending with the other's), comparing every entry with every other
    (27 s of a 57 s build at 10x the corpus). The site splits the index per language
    (``split_search_index``), so an English page whose text is the Italian one (a source's
    passages) must keep its entries in the English index: the patched method keeps them all."""
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
        return  # every entry stays: each language gets its own index (split_search_index)

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


def index_split() -> int | None:
    """``LESSICO_INDEX_SPLIT=N``: split the glossary's A-Z by letter above N concepts instead of
    ``pages.INDEX_SPLIT`` (the tests build a small corpus split); unset, the default."""
    value = os.environ.get("LESSICO_INDEX_SPLIT", "").strip()
    if not value:
        return None
    if not value.isdigit():
        raise InputError("LESSICO_INDEX_SPLIT", f"must be a whole number of concepts, got {value[:40]!r}")
    return int(value)


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
    fp = (fingerprint(root), config.use_directory_urls, config.site_url, templating.template_stamp(overrides), style,
          config.repo_url)
    if _state["fingerprint"] != fp:
        t0 = time.perf_counter()
        templating.reset()
        try:
            model = build.build_model(root, style)
            tree = build.render_tree(model, root / "docs", config.use_directory_urls, config.site_url or "", overrides,
                                     config.repo_url or "", index_split())
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
        _log_candidates(model)
    config.docs_dir = str(gen_dir)
    return config


def _log_candidates(model) -> None:
    """One info line for editors: how many term candidates of the sources have no record (never
    a warning: the build is --strict). A bad stop list stops the build like any bad input."""
    from . import candidates

    t0 = time.perf_counter()
    try:
        n = candidates.count(candidates.from_model(model))
    except InputError as exc:
        _fail(exc, model.root)
    model.timings["candidates"] = time.perf_counter() - t0
    log.info("lessico: %d term candidates without a record (python -m lessico candidates)", n)


# Material's base.html writes autocomplete="off" on its two hidden checkboxes (drawer, search),
# which HTML does not allow on a checkbox (tests/test_html_validity.py), outside any block a
# main.html could override.
_CHECKBOX_AUTOCOMPLETE = re.compile(r'(<input class="md-toggle" data-md-toggle="\w+" type="checkbox" id="__\w+") autocomplete="off">')


_HTML_LANG = re.compile(r'<html lang="([a-z]+)"')
_HAS_CARD = re.compile(r'<a class="lx-(?:term|cite)" ')


def card_words(output: str) -> str:
    """A page with preview cards (term and citation links) gets the cards' words in its language,
    once, before </body> (lessico/cards.py, docs/assets/lessico.js)."""
    lang = _HTML_LANG.search(output)
    if not _HAS_CARD.search(output) or not lang or lang.group(1) not in LANGS or "</body>" not in output:
        return output
    head, _, tail = output.rpartition("</body>")
    return head + cards.ui_script(lang.group(1)) + "</body>" + tail


def on_post_page(output: str) -> str:
    """Every rendered page (and the 404 template): Material's markup fixed where no block can."""
    return card_words(_CHECKBOX_AUTOCOMPLETE.sub(r"\1>", output))


def on_page_context(context, page, config) -> None:
    """Offline pages are ``x.html`` files; their canonical address is the online page. The
    template learns the page's language root ("" or "en"), where its search index lies."""
    context["lx_lang_root"] = urls.prefix(language_root(config)).rstrip("/")
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


class _Captured(logging.Handler):
    """The exports' log records while they run, kept with their cached files and said again on a
    hit: a warning (which ``--strict`` counts) is never lost to the cache."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.records: list[list] = []

    def emit(self, record):
        self.records.append([record.levelno, record.getMessage()])


def exports_key(model, config) -> tuple:
    """Everything the exports depend on: the inputs' content, the templates' overrides, the
    build's URLs and year, the citation style, the repository link, and the environment the
    pipeline reads (``LESSICO_*``)."""
    from . import cache

    overrides = template_overrides(config)
    return (cache.tree_digest(model.root, INPUT_DIRS),
            cache.tree_digest(Path(overrides), ["lessico"]) if overrides else [],
            config.use_directory_urls, config.site_url or "", model.year, model.citation_style,
            config.repo_url or "",
            sorted((k, v) for k, v in os.environ.items() if k.startswith("LESSICO_") and k != "LESSICO_CACHE"))


def _write_exports(model, config) -> None:
    """``exports.write_all``, or its files (and log lines) from the cache when nothing they
    depend on changed (an edit of mkdocs.yml, a second build of the same inputs)."""
    from . import exports

    site_dir = Path(config.site_dir)

    def compute():
        captured = _Captured()
        _exports_log.addHandler(captured)
        try:
            written = exports.write_all(model, site_dir, config.use_directory_urls, config.site_url or "",
                                        template_overrides(config))
        finally:
            _exports_log.removeHandler(captured)
        return written, {"log": captured.records}

    from .cache import Cache

    cache = model.cache if model.cache is not None else Cache(None)
    _written, extra, hit = cache.files("exports", exports_key(model, config), site_dir, compute)
    if hit:
        for level, message in extra["log"]:
            _exports_log.log(level, message)


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
        _write_exports(model, config)
    except InputError as exc:
        _fail(exc, project_root(config))
    _state["exported"] = weakref.ref(config)
    model.timings["exports"] = time.perf_counter() - t0
    # one parseable line (scripts/benchmark.py reads it): seconds per pipeline stage
    log.info("lessico: stage timings %s", json.dumps({k: round(v, 4) for k, v in model.timings.items()}))
    if model.cache is not None and model.cache.stats:  # tests/test_cache.py and the benchmark read it
        log.info("lessico: cache %s", json.dumps(model.cache.stats, sort_keys=True))
        model.cache.stats.clear()  # a rebuild that reuses the model counts its own


def language_root(config) -> str:
    """The language of the build being run (static-i18n sets the theme's language per build)."""
    return config.theme["language"]


def split_search_index(config) -> None:
    """After static-i18n has written the combined index (and the offline plugin its script):
    one index per language, each where that language's pages look for it (``search/`` and
    ``en/search/``), with the concept pages' results showing their definition's first sentence."""
    from . import searchindex
    from .model import LANGS

    site_dir = Path(config.site_dir)
    path = site_dir / "search" / "search_index.json"
    model = _state["model"]
    if model is None or not path.is_file():
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    summaries, pages = {}, set()
    for cid, c in model.concepts.items():
        loc = urls.page_url(urls.concept_key(cid), LANGS[0], config.use_directory_urls)
        pages.add(loc)
        for lang in LANGS:
            summaries[(lang, loc)] = searchindex.first_sentence(c.labels[lang].definition)
    parts = searchindex.split(index, LANGS, summaries, frozenset(pages))
    if parts is None:  # a sub-build of one language, or already split
        return
    offline = (site_dir / "search" / "search_index.js").is_file()
    for lang, part in parts.items():
        folder = site_dir / searchindex.folder(lang, LANGS)
        folder.mkdir(parents=True, exist_ok=True)
        data = json.dumps(part, ensure_ascii=False, separators=(",", ":"))
        (folder / "search_index.json").write_text(data, encoding="utf-8")
        if offline:  # what Material's offline plugin writes, per language
            (folder / "search_index.js").write_text(f"var __index = {data}", encoding="utf-8")


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
