"""Language-neutral permalinks ``t/<id>/`` and redirects for replaced ids.

Plain HTML pages with no external request: a tiny script picks the reader's language, and
both links are there for readers without JavaScript.
"""
from __future__ import annotations

import json
from pathlib import Path

from .. import urls
from ..i18n import t
from ..model import LANGS
from ..text import attr, esc

_STYLE = ("body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;max-width:40rem;margin:3rem auto;"
          "padding:0 1rem;line-height:1.5;color:#1a1a1a;background:#fff}a{color:#1a4f8b}li{margin:.4rem 0}")


def _page(title: str, body: str, script: str = "", refresh: str = "") -> str:
    meta = f'<meta http-equiv="refresh" content="0; url={attr(refresh)}">' if refresh else ""
    canon = f'<link rel="canonical" href="{attr(refresh)}">' if refresh else ""
    js = f"<script>{script}</script>" if script else ""
    return (f'<!doctype html>\n<html lang="{LANGS[0]}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n{meta}{canon}'
            f"<title>{esc(title)}</title>\n<style>{_STYLE}</style>\n{js}</head>\n<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n")


def permalink_html(model, cid: str, from_url: str, directory_urls: bool) -> str:
    c = model.concepts[cid]
    targets = {lang: urls.relative(from_url, urls.page_url(urls.concept_key(cid), lang, directory_urls)) for lang in LANGS}
    links = "".join(
        f'<li lang="{lang}"><a href="{attr(targets[lang])}" hreflang="{lang}">{esc(c.labels[lang].term)}</a> '
        f"({esc(t(lang, 'lang_name.' + lang))})</li>" for lang in LANGS)
    texts = "".join(f'<p lang="{lang}">{esc(t(lang, "permalink_text"))}</p>' for lang in LANGS)
    body = f"<h1>{esc(c.labels[LANGS[0]].term)} / <span lang=\"{LANGS[1]}\">{esc(c.labels[LANGS[1]].term)}</span></h1>\n{texts}\n<ul>{links}</ul>"
    script = (f"(function(){{var t={json.dumps(targets)};var l=((navigator.languages&&navigator.languages[0])||"
              f"navigator.language||'').toLowerCase();location.replace(l.indexOf('{LANGS[0]}')===0?t.{LANGS[0]}:t.{LANGS[1]});}})();")
    return _page(t(LANGS[0], "permalink_title", term=c.labels[LANGS[0]].term), body, script)


def redirect_html(model, cid: str, lang: str, from_url: str, to_url: str) -> str:
    c = model.concepts[cid]
    href = urls.relative(from_url, to_url)
    body = (f"<h1>{esc(t(lang, 'redirect_title'))}</h1>\n<p>{esc(t(lang, 'redirect_text'))} "
            f'<a href="{attr(href)}">{esc(c.labels[lang].term)}</a></p>')
    return _page(t(lang, "redirect_title"), body, refresh=href).replace(f'<html lang="{LANGS[0]}">', f'<html lang="{lang}">')


def _file_for(url: str) -> str:
    return url + "index.html" if url.endswith("/") or url == "" else url


def write(model, site_dir: Path, directory_urls: bool, site_url: str) -> list[str]:
    written = []

    def put(url: str, html: str):
        path = site_dir / _file_for(url)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html, encoding="utf-8")
        written.append(_file_for(url))

    for cid in model.concepts:
        url = urls.permalink_url(cid, directory_urls)
        put(url, permalink_html(model, cid, url, directory_urls))
    for c in model.concepts.values():
        for old in c.aliases:
            url = urls.permalink_url(old, directory_urls)
            put(url, permalink_html(model, c.id, url, directory_urls))
            for lang in LANGS:
                old_url = urls.page_url(urls.concept_key(old), lang, directory_urls)
                put(old_url, redirect_html(model, c.id, lang, old_url,
                                           urls.page_url(urls.concept_key(c.id), lang, directory_urls)))
    return written
