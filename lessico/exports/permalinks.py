"""Language-neutral permalinks ``t/<id>/`` and redirects for replaced ids.

Plain HTML pages with no external request: a tiny script picks the reader's language, and
both links are there for readers without JavaScript.
"""
from __future__ import annotations

from pathlib import Path

from .. import urls
from ..i18n import t
from ..model import LANGS
from ..templating import render
from ..views import LangLink, PermalinkView, RedirectView


def permalink_view(model, cid: str, from_url: str, directory_urls: bool) -> PermalinkView:
    c = model.concepts[cid]
    targets = {lang: urls.relative(from_url, urls.page_url(urls.concept_key(cid), lang, directory_urls)) for lang in LANGS}
    return PermalinkView(
        title=t(LANGS[0], "permalink_title", term=c.labels[LANGS[0]].term),
        lang=LANGS[0], other_lang=LANGS[1],
        terms=(c.labels[LANGS[0]].term, c.labels[LANGS[1]].term),
        texts=tuple((lang, t(lang, "permalink_text")) for lang in LANGS),
        links=tuple(LangLink(lang, targets[lang], c.labels[lang].term, t(lang, "lang_name." + lang)) for lang in LANGS),
        targets=targets)


def course_permalink_view(model, course_id: str, from_url: str, directory_urls: bool) -> PermalinkView:
    """A course's ``t/courses/<id>/``: the concept permalink's page, with the course's titles."""
    course = model.courses[course_id]
    targets = {lang: urls.relative(from_url, urls.page_url(urls.course_key(course_id), lang, directory_urls))
               for lang in LANGS}
    return PermalinkView(
        title=t(LANGS[0], "permalink_title", term=course.title[LANGS[0]]),
        lang=LANGS[0], other_lang=LANGS[1],
        terms=(course.title[LANGS[0]], course.title[LANGS[1]]),
        texts=tuple((lang, t(lang, "course_permalink_text")) for lang in LANGS),
        links=tuple(LangLink(lang, targets[lang], course.title[lang], t(lang, "lang_name." + lang)) for lang in LANGS),
        targets=targets)


def redirect_view(model, cid: str, lang: str, from_url: str, to_url: str) -> RedirectView:
    return RedirectView(title=t(lang, "redirect_title"), lang=lang, text=t(lang, "redirect_text"),
                        href=urls.relative(from_url, to_url), term=model.concepts[cid].labels[lang].term)


def permalink_html(model, cid: str, from_url: str, directory_urls: bool, overrides: str | None = None) -> str:
    return render("permalink.html", overrides, v=permalink_view(model, cid, from_url, directory_urls))


def redirect_html(model, cid: str, lang: str, from_url: str, to_url: str, overrides: str | None = None) -> str:
    return render("redirect.html", overrides, v=redirect_view(model, cid, lang, from_url, to_url))


def _file_for(url: str) -> str:
    return url + "index.html" if url.endswith("/") or url == "" else url


def write(model, site_dir: Path, directory_urls: bool, site_url: str, overrides: str | None = None) -> list[str]:
    written = []

    def put(url: str, html: str):
        path = site_dir / _file_for(url)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html, encoding="utf-8")
        written.append(_file_for(url))

    for cid in model.concepts:
        url = urls.permalink_url(cid, directory_urls)
        put(url, permalink_html(model, cid, url, directory_urls, overrides))
    for course_id in getattr(model, "courses", None) or {}:
        url = urls.course_permalink_url(course_id, directory_urls)
        put(url, render("permalink.html", overrides, v=course_permalink_view(model, course_id, url, directory_urls)))
    for c in model.concepts.values():
        for old in c.aliases:
            url = urls.permalink_url(old, directory_urls)
            put(url, permalink_html(model, c.id, url, directory_urls, overrides))
            for lang in LANGS:
                old_url = urls.page_url(urls.concept_key(old), lang, directory_urls)
                put(old_url, redirect_html(model, c.id, lang, old_url,
                                           urls.page_url(urls.concept_key(c.id), lang, directory_urls), overrides))
    return written
