"""One place for URL building. Paths are language-neutral page keys such as ``glossary/x``,
``glossary/index``, ``sources/x``, ``bibliography/index``, ``index``; the URL derives from the
key (so from the id, never from a label), the language and the directory-URL setting."""
from __future__ import annotations

import posixpath
import re

from .model import LANGS

DEFAULT_LANG = LANGS[0]


def prefix(lang: str) -> str:
    return "" if lang == DEFAULT_LANG else f"{lang}/"


def concept_key(cid: str) -> str:
    return f"glossary/{cid}"


def source_key(sid: str) -> str:
    return f"sources/{sid}"


QUIZ_NAME = "self-check"  # the self-check quiz: a page beside the concepts, so a reserved id
QUIZ_KEY = f"glossary/{QUIZ_NAME}"


def course_key(course_id: str) -> str:
    return f"courses/{course_id}"


COURSES_INDEX = "courses/index"


def course_files(course_id: str) -> dict[str, str]:
    """A course's exports, site-root-relative, beside its Italian page (one place for the page's
    links and the writer): the Moodle glossary per language, the Anki deck, the CSV."""
    base = f"courses/{course_id}/{course_id}"
    return {**{f"moodle-{lang}": f"{base}-moodle-{lang}.xml" for lang in LANGS},
            "anki": f"{base}.apkg", "csv": f"{base}.csv"}


LETTERS_NAME = "letters"  # the glossary A-Z split by letter (pages.INDEX_SPLIT): glossary/letters/<x>


def letter_key(letter: str) -> str:
    """Page key of one letter of the split A-Z: ``glossary/letters/a``; "#" (terms that start with
    no letter) is ``glossary/letters/other``."""
    return f"glossary/{LETTERS_NAME}/{'other' if letter == '#' else letter.lower()}"


PRINT_ALL, PRINT_BILINGUAL = "all", "bilingual"  # the print editions besides one per theme


def print_key(edition: str) -> str:
    """Page key of a print edition: the whole glossary, a theme id or the bilingual edition."""
    return "glossary/print/index" if edition == PRINT_ALL else f"glossary/print/{edition}"


def print_pdf(edition: str, lang: str) -> str:
    """Site-root-relative path of an edition's PDF (scripts/print_pdfs.py writes it), in the
    folder of the language's print pages; the name says the language, since the file travels."""
    name, bilingual = {"it": ("glossario", "bilingue")}.get(lang, ("glossary", "bilingual"))
    tag = "" if edition == PRINT_ALL else f"-{bilingual}" if edition == PRINT_BILINGUAL else f"-{edition}"
    return f"{prefix(lang)}glossary/print/{name}{tag}-{lang}.pdf"


def page_url(key: str, lang: str, directory_urls: bool = True) -> str:
    """Site-root-relative URL of a page: ``glossary/x/`` or ``glossary/x.html`` (offline)."""
    base = prefix(lang)
    if key == "index":
        return base if directory_urls else f"{base}index.html"
    if key.endswith("/index"):
        folder = key[: -len("index")]
        return f"{base}{folder}" if directory_urls else f"{base}{key}.html"
    return f"{base}{key}/" if directory_urls else f"{base}{key}.html"


def permalink_url(cid: str, directory_urls: bool = True) -> str:
    return f"t/{cid}/" if directory_urls else f"t/{cid}/index.html"


def course_permalink_url(course_id: str, directory_urls: bool = True) -> str:
    """A course's language-neutral permalink: ``t/courses/<id>/``, beside the concepts' ``t/<id>/``
    (course ids are their own namespace; no concept may be called ``courses``, RESERVED_IDS)."""
    return f"t/courses/{course_id}/" if directory_urls else f"t/courses/{course_id}/index.html"


def _relpath(path: str, start: str) -> str:
    """``posixpath.relpath`` for site-root-relative paths, without its two ``os.getcwd()`` calls
    (15,000 links per build: this was a tenth of the page rendering)."""
    p = [c for c in posixpath.normpath(path).split("/") if c and c != "."]
    s = [c for c in posixpath.normpath(start).split("/") if c and c != "."]
    if ".." in p or ".." in s or path[:1] == "/" or start[:1] == "/":  # leave those to relpath
        return posixpath.relpath(path, start)
    i, n = 0, min(len(p), len(s))
    while i < n and p[i] == s[i]:
        i += 1
    return "/".join([".."] * (len(s) - i) + p[i:]) or "."


def relative(from_url: str, to_url: str) -> str:
    """Relative link between two site-root-relative URLs (keeps a trailing slash)."""
    start = from_url if from_url.endswith("/") or from_url == "" else posixpath.dirname(from_url) + "/"
    start = start.rstrip("/") or "."
    target, _, frag = to_url.partition("#")
    trail = "/" if target.endswith("/") or target == "" else ""
    rel = _relpath(target.rstrip("/") or ".", start)
    if rel == ".":
        rel = "./" if trail else rel
    elif trail:
        rel += "/"
    return rel + (f"#{frag}" if frag else "")


def absolute(site_url: str, url: str) -> str:
    return site_url.rstrip("/") + "/" + url


def public_url(site_url: str, key: str, lang: str) -> str:
    """The page's address on the published site. Always the directory form: the offline bundle
    (``page.html`` files) cites and exports the online address, which is the one that exists."""
    return absolute(site_url, page_url(key, lang, True))


def online_path(url: str) -> str:
    """The directory form of an offline page URL: ``a/b.html`` -> ``a/b/``, ``a/index.html`` -> ``a/``."""
    if url == "404.html" or not url.endswith(".html"):
        return url
    stem = url[: -len(".html")]
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def public_permalink(site_url: str, cid: str) -> str:
    return absolute(site_url, permalink_url(cid, True))


# --- rules on input (one place, used by the source and bibliography validators) ---------------
URL_SCHEMES = ("http", "https")
# mkdocs.yml's site_url when SITE_URL is not set: an address that cannot be published
PLACEHOLDER_HOST = "lessico-distretti.example.org"


def is_placeholder(site_url: str | None) -> bool:
    from urllib.parse import urlsplit
    return urlsplit(site_url or "").hostname == PLACEHOLDER_HOST


def bad_url(value) -> str | None:
    """Why a URL from an input file cannot be published (None when it can): only absolute
    ``http``/``https`` URLs become links, so ``javascript:`` or ``data:`` never reach a page."""
    from urllib.parse import urlsplit
    if not isinstance(value, str):
        return "must be text"
    parts = urlsplit(value.strip())
    if parts.scheme.lower() not in URL_SCHEMES or not parts.netloc:
        return f"must be an http or https URL, got {value[:60]!r}"
    return None


# Ids a concept or source may not take: generated pages and site folders live at these names
# (``glossary/index``, ``glossary/print/``, ``sources/index``, ``t/``, ``en/``, ``search/``, ``assets/`` …), so a page
# with such an id would silently replace one of them or shadow a folder.
RESERVED_IDS = frozenset({
    "index", "t", "it", "en", "search", "assets", "tags", "404", "sitemap",
    "glossary", "sources", "bibliography", QUIZ_NAME, "courses", "print", LETTERS_NAME,
})


def reserved_id(value) -> str | None:
    """Why ``value`` cannot be a concept, source or course id (None when it can)."""
    if value in RESERVED_IDS:
        return f"id {value!r} is reserved (used by the site for {', '.join(sorted(RESERVED_IDS))})"
    return None


# hidden or lock (.#x, .x.swp, .DS_Store), backup (x~), autosave (#x#): files editors and systems
# leave beside the ones a maintainer writes
_LEFTOVER = re.compile(r"\.|.*~\Z|#.*#\Z")


def leftover(name: str) -> bool:
    """Whether a file name in an input folder is an editor or system leftover: never read, never
    refused (each input folder logs it as ignored)."""
    return bool(_LEFTOVER.match(name))


def outside(path, folder) -> str | None:
    """Why an input file cannot be read (None when it can): a symlink, or a path that resolves
    outside its input folder, could publish any file of the machine (``/etc/passwd``)."""
    from pathlib import Path
    path, folder = Path(path), Path(folder)
    if path.is_symlink():
        return "is a symbolic link (input files must be plain files inside the project)"
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return f"resolves outside {folder.name}/ (input files must stay inside the project)"
    return None


def new_issue_url(repo_url: str | None, title: str, body: str) -> str | None:
    """The address that opens a new issue in the site's repository (MkDocs' ``repo_url``), with
    its title and body filled in; ``None`` without a repository. GitLab's form reads
    ``issue[title]`` and ``issue[description]`` under ``/-/issues/new``; GitHub, Gitea, Forgejo
    and Codeberg read ``title`` and ``body`` under ``/issues/new``."""
    from urllib.parse import urlencode, urlsplit

    if not repo_url or not repo_url.strip() or bad_url(repo_url):
        return None  # only an http(s) repository gets a link (MkDocs already refuses a bare "javascript:")
    base = repo_url.strip().rstrip("/")
    if base.endswith(".git"):
        base = base[:-4]
    if "gitlab" in urlsplit(base).netloc.lower():
        return f"{base}/-/issues/new?" + urlencode({"issue[title]": title, "issue[description]": body})
    return f"{base}/issues/new?" + urlencode({"title": title, "body": body})
