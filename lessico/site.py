"""The MkDocs adapter: the only module that knows MkDocs' config object.

static-i18n builds the site once per language and calls ``on_config`` again for each; the
model is therefore cached by a fingerprint of the inputs and built once per build.
"""
from __future__ import annotations

import json
import logging
import time
from pathlib import Path

from .errors import InputError

log = logging.getLogger("mkdocs.plugins.lessico")

_state: dict = {"fingerprint": None, "model": None, "exports_done": None}


class _ToMkDocs(logging.Handler):
    """Re-emits the exports' warnings (e.g. the objects.inv term collision) on MkDocs' logger,
    the one ``--strict`` counts; ``lessico/`` itself stays free of MkDocs names."""

    def emit(self, record):
        log.log(record.levelno, record.getMessage())


_exports_log = logging.getLogger("lessico.exports")
if not any(isinstance(h, _ToMkDocs) for h in _exports_log.handlers):
    _exports_log.addHandler(_ToMkDocs(logging.WARNING))
    _exports_log.propagate = False  # said once, on MkDocs' logger
INPUT_DIRS = ("sources", "glossary", "bibliography", "docs")


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


def _linear_search_dedup() -> None:
    """static-i18n 1.3 drops the /en/ search entries identical to a default-language one (same
    title and text, location ending with the other's) by comparing every entry with every other:
    27 s of a 57 s build at 10x the corpus, hours at 50x. Same rule, one pass over a dict."""
    try:
        from mkdocs_static_i18n.reconfigure import ExtendedPlugin
    except ImportError:
        return
    if getattr(ExtendedPlugin, "_lessico_linear", False):
        return

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

    ExtendedPlugin.reconfigure_search_duplicates = reconfigure_search_duplicates
    ExtendedPlugin._lessico_linear = True


def on_config(config):
    from . import build

    root = project_root(config)
    _offline_setup(config)
    _linear_search_dedup()
    gen_dir = root / ".build" / ("docs-offline" if not config.use_directory_urls else "docs")
    fp = (fingerprint(root), config.use_directory_urls, config.site_url)
    if _state["fingerprint"] != fp:
        t0 = time.perf_counter()
        try:
            model = build.build_model(root)
            tree = build.render_tree(model, root / "docs", config.use_directory_urls, config.site_url or "")
        except InputError as exc:
            _fail(exc, root)
        changed = build.write_tree(tree, gen_dir)
        _state.update(fingerprint=fp, model=model, exports_done=None)
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


def on_post_build(config):
    """Exports and language-neutral pages, written once per build into the site root."""
    from . import exports
    from .exports import terms

    _keep_default_404(config)
    model = _state["model"]
    key = (id(model), config.site_dir)
    # once per build (static-i18n ends one build per language), but MkDocs serve empties site_dir
    # before every rebuild while the model is reused: then the exports must be written again
    if model is None or (_state["exports_done"] == key and (Path(config.site_dir) / terms.FILE).exists()):
        return
    t0 = time.perf_counter()
    try:
        exports.write_all(model, Path(config.site_dir), config.use_directory_urls, config.site_url or "")
    except InputError as exc:
        _fail(exc)
    _state["exports_done"] = key
    model.timings["exports"] = time.perf_counter() - t0
    # one parseable line (scripts/benchmark.py reads it): seconds per pipeline stage
    log.info("lessico: stage timings %s", json.dumps({k: round(v, 4) for k, v in model.timings.items()}))
