"""The pipeline end to end, without MkDocs: read -> model -> render -> write.

``build_model`` reads everything once per build; ``render_tree`` turns it into the Markdown
pages of both languages; ``write_tree`` writes them (with the hand-written pages) into the
build-private docs folder, touching only files whose content changed.
"""
from __future__ import annotations

import html
import os
import posixpath
import re
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from . import references, urls
from .cache import Cache
from .analysis import Passage, annotate, occurrences
from .concepts import load_concepts
from .courses import load_courses
from .errors import InputError
from .model import LANGS, Concept, Course, Occurrence, Source
from .pages import Renderer
from .printing import PrintPages
from .recognition import Matcher
from .sources import load_sources

HOME_STATS = "<!-- lessico:home-stats -->"
SITE_ROOT = "lx-root:"  # in a hand-written page's raw HTML link: the site root, made relative (exports)
# in a hand-written page's Markdown link: a course page. A project without that course (the test
# corpora, a site without courses/) keeps the link's text, so the page builds under --strict.
COURSE_LINK = re.compile(r"\[([^\]\n]+)\]\(lx-course:([a-z0-9-]+)\)")


@dataclass
class Model:
    root: Path
    sources: list[Source]
    concepts: dict[str, Concept]
    matcher: Matcher
    passages: dict[str, list[Passage]]
    occurrences: dict[str, list[Occurrence]]
    bib: object  # references.Bibliography
    formatted: dict[str, dict[str, str]]  # lang -> ref id -> HTML reference
    plain: dict[str, dict[str, str]]  # lang -> ref id -> plain-text reference (tooltips)
    year: int
    timings: dict[str, float] = field(default_factory=dict)
    concept_maps: object = None  # callable(renderer, cid, lang) -> svg html, or None
    theme_maps: object = None
    courses: dict[str, Course] = field(default_factory=dict)  # courses/<id>.yml, by id
    citation_style: str = "apa"  # references.STYLES key, from mkdocs.yml (extra.lessico.citation_style)
    cache: object = None  # cache.Cache of this build (lessico/cache.py)

    @property
    def bib_ids(self) -> set[str]:
        return {i["id"] for i in self.bib.items}

    @property
    def passage_index(self) -> dict[tuple[str, str], Passage]:
        if not hasattr(self, "_pindex"):
            self._pindex = {(p.source, p.anchor): p for ps in self.passages.values() for p in ps}
        return self._pindex


def build_year() -> int:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    when = datetime.fromtimestamp(int(epoch), timezone.utc) if epoch else datetime.now(timezone.utc)
    return when.year


def build_model(root: Path, citation_style: str = references.STYLE, *, cache: "Cache | None" = None) -> Model:
    """``citation_style``: a key of ``references.STYLES`` (mkdocs.yml's extra.lessico.citation_style).
    ``cache``: where work that depends only on its inputs is kept between builds (the formatted
    references); default the project's ``.build/cache/`` (lessico/cache.py)."""
    root = Path(root)
    cache = Cache.for_project(root) if cache is None else cache
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    sources = load_sources(root / "sources")
    timings["ingestion"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    items = references.load_references(root / "bibliography")
    concepts = load_concepts(root / "glossary", {s.id for s in sources})
    matcher = Matcher(concepts)
    # works named by title in running text ("Industry and Trade") are found by their known titles
    passages = annotate(sources, matcher, references.make_finder(items))
    occ = occurrences(passages)
    timings["recognition"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    cites = [(sid, p.anchor, c) for sid, ps in passages.items() for p in ps for c in p.cites]
    bib = references.resolve(cites, items, root / "bibliography", year=build_year())
    ids = {i["id"] for i in bib.items}
    for c in concepts.values():
        for r in c.references:
            if r not in ids:
                raise InputError(c.path, f"references: unknown bibliography id '{r}'")
    formatted = {lang: format_references(bib.items, lang, cache, citation_style) for lang in LANGS}
    plain = {lang: {k: _strip_tags(v) for k, v in formatted[lang].items()} for lang in LANGS}
    timings["citations"] = time.perf_counter() - t0
    model = Model(root, sources, concepts, matcher, passages, occ, bib, formatted, plain, build_year(), timings,
                  courses=load_courses(root / "courses", concepts), citation_style=citation_style)
    model.cache = cache
    try:
        from . import maps
        model.concept_maps = maps.concept_map
        model.theme_maps = maps.theme_map
    except ImportError:
        pass
    return model


def format_references(items: list[dict], lang: str, cache: Cache, style: str = references.STYLE) -> dict[str, str]:
    """citeproc's HTML references in ``lang`` (the slowest stage), kept in the cache by the hash
    of the items' JSON, the language, the style and the code version (the vendored styles are
    part of it: lessico/styles/): an edit that leaves the cited references alone (a glossary
    entry, a page) does not run citeproc again."""
    return cache.json("references", (items, lang, style),
                      lambda: references.format_bibliography(items, lang, style))


_TAG = re.compile(r"<[^>]+>")


def _strip_tags(html_text: str) -> str:
    return html.unescape(_TAG.sub("", html_text))


def page_key(rel_md: str) -> tuple[str, str | None]:
    """``how-to.it.md`` -> (``how-to``, ``it``)."""
    stem = rel_md[:-3]
    for lang in LANGS:
        if stem.endswith("." + lang):
            return stem[: -len(lang) - 1], lang
    return stem, None


def render_tree(model: Model, docs_dir: Path, directory_urls: bool, site_url: str,
                overrides: str | None = None, repo_url: str = "", index_split: int | None = None) -> dict[str, str]:
    """Every page of the build-private docs folder: generated ones and linked hand-written ones."""
    t0 = time.perf_counter()
    r = Renderer(model, directory_urls, site_url, overrides, repo_url,
                 **({} if index_split is None else {"index_split": index_split}))
    out: dict[str, str] = {}
    for lang in LANGS:
        out[f"glossary/index.{lang}.md"] = r.glossary_index(lang)
        out.update(r.glossary_letter_pages(lang))
        out[f"{urls.QUIZ_KEY}.{lang}.md"] = r.quiz_page(lang)
        out[f"sources/index.{lang}.md"] = r.sources_index(lang)
        out[f"bibliography/index.{lang}.md"] = r.bibliography_page(lang)
        for cid in model.concepts:
            out[f"glossary/{cid}.{lang}.md"] = r.concept_page(cid, lang)
        for src in model.sources:
            out[f"sources/{src.id}.{lang}.md"] = r.source_page(src.id, lang)
        if model.courses:  # no courses/ folder, no course pages (and no empty index)
            out[f"{urls.COURSES_INDEX}.{lang}.md"] = r.courses_index(lang)
            for course_id in model.courses:
                out[f"{urls.course_key(course_id)}.{lang}.md"] = r.course_page(course_id, lang)
        out.update(PrintPages(r, lang).pages())
    from .linking import link_markdown
    for path in sorted(Path(docs_dir).rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(docs_dir).as_posix()
        if rel in out:
            raise InputError(f"docs/{rel}", "a hand-written page has the path of a generated page")
        if rel.endswith(".md"):
            key, lang = page_key(rel)
            try:
                text = path.read_bytes().decode("utf-8")
            except UnicodeDecodeError as exc:
                raise InputError(f"docs/{rel}", f"not valid UTF-8 at byte {exc.start} "
                                                f"(0x{exc.object[exc.start]:02x}; save the page as UTF-8)") from None
            if lang:
                text = text.replace(HOME_STATS, r.home_stats(lang))
                text = text.replace(SITE_ROOT, urls.relative(urls.page_url(key, lang, directory_urls), ""))
                text = COURSE_LINK.sub(lambda m: _course_link(m, rel, model), text)
                text = link_markdown(text, lang, key, model, directory_urls, overrides)
            out[rel] = text
        else:
            out[rel] = path  # static asset: copied as is
    model.timings["pages"] = time.perf_counter() - t0
    return out


def _course_link(m: re.Match, rel: str, model: Model) -> str:
    if m.group(2) not in model.courses:
        return m.group(1)
    return f"[{m.group(1)}]({posixpath.relpath(urls.course_key(m.group(2)) + '.md', posixpath.dirname(rel) or '.')})"


def write_tree(tree: dict[str, object], out_dir: Path) -> int:
    """Write the tree, touching only changed files (so ``mkdocs serve`` does not loop)."""
    out_dir = Path(out_dir)
    changed = 0
    for rel, content in tree.items():
        target = out_dir / rel
        data = content.read_bytes() if isinstance(content, Path) else content.encode("utf-8")
        if target.exists() and target.read_bytes() == data:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        changed += 1
    if out_dir.exists():
        for path in sorted(out_dir.rglob("*"), reverse=True):
            rel = path.relative_to(out_dir).as_posix()
            if path.is_file() and rel not in tree:
                path.unlink()
                changed += 1
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    return changed
