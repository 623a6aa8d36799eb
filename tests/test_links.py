"""Links judge: every href, src and fragment of every built HTML page resolves inside the site, and
no page points to another host except the reference links a reader expects to leave the site by.

Our own checker (lxml's HTML parser), run over the real site built once by conftest:

* every ``href``/``src``/``xlink:href`` (and the target of a ``<meta http-equiv=refresh>``) that is
  not a fragment-only link resolves to a file of the site, a directory URL to its ``index.html``;
  links are relative (the site is also read from the offline bundle), except on 404.html, which
  the server returns at any depth: there absolute paths are resolved against site_url's path;
* every fragment resolves to an ``id`` (or an ``<a name>``) of the target page;
* links to another host (``http(s)://`` or ``//host``) are allowed only where ALLOWED_EXTERNAL
  says, by page and element/class, never by URL;
* absolute URLs under ``site_url`` are allowed only where they are never loaded (sitemap.xml,
  ``<link rel=canonical|alternate>``), and each of them must map to a built page.
"""
from __future__ import annotations

import gzip
import os
import posixpath
import re
import time
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit

from lxml import etree, html

from conftest import ROOT
import pytest

pytestmark = pytest.mark.build

# site_url as the build sees it: the SITE_URL variable, else mkdocs.yml's default
SITE_URL = os.environ.get("SITE_URL") or re.search(
    r'^site_url:\s*!ENV\s*\[SITE_URL,\s*"([^"]+)"\]', (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M).group(1)
LINK_ATTRS = ("href", "src", "xlink:href", "poster", "data", "action", "formaction")
_REFRESH = re.compile(r"^\s*\d+\s*;\s*url\s*=\s*(.+?)\s*$", re.I)

# Pages with reference links out of the site, and which elements may carry them. A page path is
# matched as a regular expression on the site-relative file name; an element is allowed when it
# (or an ancestor) matches the XPath condition.
ALLOWED_EXTERNAL = [
    # the bibliography: the provenance of a verified record ("verified: <url>") and the links
    # the generator writes as class lx-ext
    (r"(en/)?bibliography/index\.html", "self::a[contains(concat(' ', @class, ' '), ' lx-ext ')]"),
    (r"(en/)?bibliography/index\.html", "self::a[ancestor::*[contains(concat(' ', @class, ' '), ' lx-prov ')]]"),
    # source pages: link lines of the text (class lx-ext) and the document's own URL in its metadata
    (r"(en/)?sources/(?!index\.html)[^/]+/index\.html", "self::a[contains(concat(' ', @class, ' '), ' lx-ext ')]"),
    (r"(en/)?sources/(?!index\.html)[^/]+/index\.html", "self::a[parent::dd[parent::dl[contains(concat(' ', @class, ' '), ' lx-meta ')]]]"),
]
# Absolute site_url references that are never loaded (search engines read them).
NOT_LOADED = "self::link[@rel='canonical' or @rel='alternate']"


def _is_external(url: str) -> bool:
    parts = urlsplit(url)
    return bool(parts.scheme and parts.scheme not in ("data",)) or url.startswith("//")


def _allowed_external(rel: str, el) -> bool:
    return any(re.fullmatch(page, rel) and el.xpath(cond) for page, cond in ALLOWED_EXTERNAL)


def _target_file(site: Path, path: str) -> Path | None:
    """The file a site-root-relative path serves, or None."""
    if path.startswith("/") or ".." in path.split("/"):
        return None
    f = site / path
    if path == "" or path.endswith("/"):
        f = f / "index.html"
    return f if f.is_file() else None


class ParsedSite:
    """Every HTML page of a built tree, parsed once: its ids and its references (shared with
    the offline bundle's check in test_offline.py)."""

    def __init__(self, root: Path):
        self.root = root
        self.pages = sorted(p.relative_to(root).as_posix() for p in root.rglob("*.html"))
        self.trees = {}
        self.ids = {}
        for rel in self.pages:
            data = (root / rel).read_bytes()
            tree = html.document_fromstring(data, parser=html.HTMLParser(encoding="utf-8"))
            self.trees[rel] = tree
            ids = set(tree.xpath("//@id")) | set(tree.xpath("//a/@name"))
            self.ids[rel] = ids

    def refs(self, rel: str):
        """(element, attribute, value) for every reference of one page."""
        tree = self.trees[rel]
        for el in tree.iter():
            if not isinstance(el.tag, str):
                continue
            for name in LINK_ATTRS:
                value = el.get(name)
                if value is not None:
                    yield el, name, value
            if el.tag == "meta" and (el.get("http-equiv") or "").lower() == "refresh":
                m = _REFRESH.match(el.get("content") or "")
                yield el, "content", (m.group(1).strip("'\"") if m else "")
            srcset = el.get("srcset")
            if srcset:
                for cand in srcset.split(","):
                    yield el, "srcset", cand.split()[0]


def check_site(root: Path, site_url: str = SITE_URL) -> tuple[list[str], dict]:
    site = ParsedSite(root)
    site_path = urlsplit(site_url).path or "/"
    broken: list[str] = []
    stats = {"pages": len(site.pages), "refs": 0, "fragments": 0, "external_allowed": 0, "site_url_refs": 0}
    for rel in site.pages:
        base = posixpath.dirname(rel)
        for el, attr_name, value in site.refs(rel):
            stats["refs"] += 1
            where = f"{rel}: <{el.tag} {attr_name}={value!r}>"
            value = value.strip()
            if not value:
                broken.append(f"{where}: empty reference")
                continue
            low = value.lower()
            if low.startswith(("javascript:", "vbscript:")):
                broken.append(f"{where}: script URL")
                continue
            if low.startswith("data:"):
                continue
            if value.startswith(site_url) and el.xpath(NOT_LOADED):
                stats["site_url_refs"] += 1
                url, frag = urldefrag(value[len(site_url):])
                if _target_file(root, unquote(url)) is None:
                    broken.append(f"{where}: site_url address maps to no built page")
                continue
            if _is_external(value):
                if _allowed_external(rel, el):
                    stats["external_allowed"] += 1
                else:
                    broken.append(f"{where}: reference to another host")
                continue
            url, frag = urldefrag(value)
            if url.startswith("/"):
                # an absolute path works only when the site is served at site_url: allowed on the
                # 404 page alone, which the server returns at any depth (Material builds it so)
                if rel != "404.html":
                    broken.append(f"{where}: absolute path (breaks in the offline bundle)")
                    continue
                if not url.startswith(site_path):
                    broken.append(f"{where}: absolute path outside the site ({site_path})")
                    continue
                url = "/" + url[len(site_path):]
                path = posixpath.normpath(unquote(url)).lstrip("/") + ("/" if url.endswith("/") and url != "/" else "")
                target = _target_file(root, path)
                if target is None:
                    broken.append(f"{where}: no such file in the site ({path or 'index.html'})")
                    continue
                target_rel = target.relative_to(root).as_posix()
            elif url:
                path = posixpath.normpath(posixpath.join(base, unquote(url)))
                if url.endswith("/") and not path.endswith("/"):
                    path += "/"
                if path in (".", "./"):
                    path = ""  # the site root
                target = _target_file(root, path)
                if target is None:
                    broken.append(f"{where}: no such file in the site ({path or 'index.html'})")
                    continue
                target_rel = target.relative_to(root).as_posix()
            else:
                target_rel = rel
            if frag or value.endswith("#"):
                stats["fragments"] += 1
                frag = unquote(frag)
                if not target_rel.endswith(".html"):
                    broken.append(f"{where}: fragment on a non-HTML target")
                elif frag not in site.ids[target_rel]:
                    broken.append(f"{where}: no id {frag!r} in {target_rel}")
    return broken, stats


def check_sitemap(root: Path, site_url: str = SITE_URL) -> tuple[list[str], int]:
    """sitemap.xml (and its .gz twin, same content) lists absolute site_url addresses of built pages."""
    broken, n = [], 0
    plain = (root / "sitemap.xml").read_bytes()
    packed = gzip.decompress((root / "sitemap.xml.gz").read_bytes())
    if plain != packed:
        broken.append("sitemap.xml.gz does not hold sitemap.xml")
    for name in ("sitemap.xml", "en/sitemap.xml"):
        if not (root / name).exists():
            continue
        doc = etree.fromstring((root / name).read_bytes())
        for node in doc.iter():
            url = node.text if etree.QName(node).localname == "loc" else node.get("href")
            if url is None or (etree.QName(node).localname not in ("loc", "link")):
                continue
            n += 1
            url = url.strip()
            if not url.startswith(site_url):
                broken.append(f"{name}: {url} is not under site_url {site_url}")
            elif _target_file(root, unquote(url[len(site_url):])) is None:
                broken.append(f"{name}: {url} maps to no built page")
    return broken, n


def test_every_link_and_fragment_resolves_and_stays_on_site(site):
    t0 = time.perf_counter()
    broken, stats = check_site(site)
    elapsed = time.perf_counter() - t0
    print(f"links judge: {stats} in {elapsed:.1f}s")
    assert stats["pages"] > 400 and stats["refs"] > 10000  # the whole site, not a sample
    assert stats["external_allowed"] > 0  # the allowlist is exercised (bibliography, sources)
    assert not broken, f"{len(broken)} broken or off-site references:\n" + "\n".join(broken[:80])


def test_sitemap_lists_only_built_pages(site):
    broken, n = check_sitemap(site)
    assert n > 300
    assert not broken, "\n".join(broken[:50])


def test_checker_catches_what_it_claims(tmp_path):
    """The judge itself: a missing file, a missing fragment and an off-site link are reported,
    an allowed reference link is not."""
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text(
        '<!doctype html><html><body><p id="x">x</p>'
        '<a href="../b/">b</a><a href="#x">ok</a><a href="#nope">bad frag</a>'
        '<a href="../missing.html">missing</a><a href="https://evil.example/">off</a>'
        '<a href="//evil.example/x">off2</a><a href="/a/">absolute</a><img src="pic.png" alt=""></body></html>',
        encoding="utf-8")
    (tmp_path / "a" / "pic.png").write_bytes(b"\x89PNG")
    (tmp_path / "bibliography").mkdir()
    (tmp_path / "bibliography" / "index.html").write_text(
        '<!doctype html><html><body><p class="lx-prov"><a href="https://doi.org/10.1/x">doi</a></p>'
        '<a href="https://other.example/">not allowed</a><a href="../a/#x">ok</a></body></html>', encoding="utf-8")
    broken, stats = check_site(tmp_path)
    text = "\n".join(broken)
    assert "no such file in the site (b/)" in text
    assert "no id 'nope'" in text
    assert "missing.html" in text
    assert "https://evil.example/" in text and "//evil.example/x" in text
    assert "https://other.example/" in text
    assert "<a href='/a/'>: absolute path" in text
    assert "doi.org" not in text
    assert len(broken) == 7, text
    assert stats["external_allowed"] == 1
