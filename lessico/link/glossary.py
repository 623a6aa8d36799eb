"""A published ``terms.json`` (file or http/https URL) read into what a linking tool needs.

Only the fields the linker uses are checked; a bad file stops with one line naming the file and
the field. The matcher is the site's own (``recognition.Matcher``), built from the labels a
course tool may link: never a deprecated term, never a label whose ``autolink`` is false.
"""
from __future__ import annotations

import json
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import InputError
from ..model import LANGS
from ..recognition import Label, Matcher

TIMEOUT = 20  # seconds for a terms.json URL
# the first sentence of a definition, for a tooltip: up to a stop followed by a space and a capital
_SENTENCE = re.compile(r"^(.+?[.!?])(?=\s+[«\"“(]?[A-ZÀ-Ý])", re.S)


@dataclass(frozen=True)
class Target:
    """Where a term links to, in one language."""

    concept: str
    term: str  # preferred term
    url: str
    definition: str

    @property
    def tooltip(self) -> str:
        """The definition's first sentence, on one line."""
        text = " ".join(self.definition.split())
        m = _SENTENCE.match(text)
        return m.group(1) if m else text


@dataclass
class Glossary:
    """The concepts of one language of a terms.json, and a matcher over their linkable labels."""

    source: str
    lang: str
    targets: dict[str, Target]
    matcher: Matcher


def _need(value, kind, where: str, source: str):
    if not isinstance(value, kind):
        names = {dict: "an object", list: "a list", str: "a string", bool: "true or false"}
        raise InputError(source, f"{where} must be {names.get(kind, kind.__name__)}")
    return value


def parse(data, source: str, lang: str | None = None) -> Glossary:
    """Read terms.json data (already decoded JSON) for ``lang`` (default: the file's own)."""
    _need(data, dict, "the file", source)
    if "concepts" not in data:
        raise InputError(source, "no 'concepts': not a terms.json of Lessico dei distretti")
    lang = lang or data.get("default_language") or LANGS[0]
    if lang not in LANGS:
        raise InputError(source, f"language {lang!r} is not one of: {', '.join(LANGS)}")
    targets: dict[str, Target] = {}
    labels: list[Label] = []
    for i, c in enumerate(_need(data["concepts"], list, "'concepts'", source)):
        where = f"concepts[{i}]"
        _need(c, dict, where, source)
        cid = _need(c.get("id"), str, f"{where}.id", source)
        entry = _need(_need(c.get("labels"), dict, f"{where}.labels", source).get(lang), dict,
                      f"{where}.labels.{lang}", source)
        page = _need(_need(c.get("urls"), dict, f"{where}.urls", source).get(lang), dict, f"{where}.urls.{lang}", source)
        targets[cid] = Target(cid, _need(entry.get("term"), str, f"{where}.labels.{lang}.term", source),
                              _need(page.get("url"), str, f"{where}.urls.{lang}.url", source),
                              _need(entry.get("definition"), str, f"{where}.labels.{lang}.definition", source))
        for j, t in enumerate(_need(entry.get("terms"), list, f"{where}.labels.{lang}.terms", source)):
            tw = f"{where}.labels.{lang}.terms[{j}]"
            _need(t, dict, tw, source)
            label = _need(t.get("label"), str, f"{tw}.label", source)
            case_sensitive = _need(t.get("case_sensitive"), bool, f"{tw}.case_sensitive", source)
            if _need(t.get("autolink"), bool, f"{tw}.autolink", source) and t.get("status") != "deprecated":
                labels.append(Label(cid, lang, label, case_sensitive))
    # only this language's labels: --lang picks the labels as well as the pages linked to
    return Glossary(source, lang, targets, Matcher.from_labels(labels))


def read_bytes(source: str) -> bytes:
    """The bytes of a terms.json path or http(s) URL; one-line errors."""
    scheme = urllib.parse.urlsplit(source).scheme.lower()
    if scheme in ("http", "https"):
        try:
            with urllib.request.urlopen(source, timeout=TIMEOUT) as response:
                return response.read()
        except urllib.error.HTTPError as e:
            raise InputError(source, f"cannot download: HTTP {e.code} {e.reason}") from None
        except (urllib.error.URLError, OSError, ValueError) as e:
            reason = getattr(e, "reason", e)
            raise InputError(source, f"cannot download: {reason}") from None
    if len(scheme) > 1:  # not a Windows drive letter
        raise InputError(source, f"only http and https URLs can be read, not {scheme}:")
    try:
        return Path(source).read_bytes()
    except FileNotFoundError:
        raise InputError(source, "no such file") from None
    except OSError as e:
        raise InputError(source, f"cannot read: {e.strerror or e}") from None


def decode(raw: bytes, source: str):
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as e:
        raise InputError(source, f"not UTF-8 (byte {e.start})") from None
    except json.JSONDecodeError as e:
        raise InputError(source, f"not valid JSON: {e.msg} at line {e.lineno}, column {e.colno}") from None


def load(source: str, lang: str | None = None) -> Glossary:
    return parse(decode(read_bytes(source), source), source, lang)


@lru_cache(maxsize=16)
def _cached(source: str, stamp, lang: str | None) -> Glossary:
    return load(source, lang)


def load_cached(source: str, lang: str | None = None) -> Glossary:
    """``load`` once per process (a file is read again when it changes), for build-time use."""
    path = Path(source)
    stamp = None
    if "://" not in source and path.is_file():
        st = path.stat()
        stamp = (st.st_mtime_ns, st.st_size)
    return _cached(source, stamp, lang)
