"""The offline HTML bundle: build the offline variant, trim it, zip it.

    python -m lessico.bundle [--out dist] [--site DIR]      (scripts/offline.sh runs this)

1. ``mkdocs build --strict`` with ``OFFLINE=true``: Material's offline plugin (listed after
   static-i18n in mkdocs.yml) inlines the search index into ``search/search_index.js``; the hook
   switches to ``.html`` URLs and lists the local worker shim (lessico/site.py).
2. ``prune``: drop what is useless or duplicated when the site is opened over file://
   (each with its reason in ``prune``).
3. ``write_zip``: ``dist/lessico-dei-distretti-<version>.zip`` with one top-level folder of the
   same name; entries sorted, timestamps from SOURCE_DATE_EPOCH (default: the last commit),
   fixed permissions: the same inputs give the same bytes.

This module drives MkDocs as a command (it imports nothing of it), like a user would.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from datetime import datetime, timezone
from pathlib import Path

from . import __version__

NAME = "lessico-dei-distretti"
ROOT = Path(__file__).resolve().parent.parent

DEV_ARTEFACTS = ("__pycache__", ".build", "node_modules", ".git", ".DS_Store", ".pytest_cache")
_SOURCEMAP = re.compile(rb"\n?(//# sourceMappingURL=[^\n]*|/\*# sourceMappingURL=[^*]*\*/)\s*$")


def source_date_epoch(root: Path = ROOT) -> int:
    """SOURCE_DATE_EPOCH if set, else the time of the last commit, else now."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return int(os.environ["SOURCE_DATE_EPOCH"])
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True,
                             text=True, check=True).stdout.strip()
        return int(out)
    except (OSError, subprocess.CalledProcessError, ValueError):
        return int(time.time())


def bundle_name(epoch: int | None = None) -> str:
    """``lessico-dei-distretti-<version>``, or ``-<date>`` when the package has no version."""
    if __version__:
        return f"{NAME}-{__version__}"
    when = datetime.fromtimestamp(epoch if epoch is not None else source_date_epoch(), timezone.utc)
    return f"{NAME}-{when:%Y-%m-%d}"


def build_site(site_dir: Path, root: Path = ROOT, epoch: int | None = None) -> None:
    """The offline variant, as documented by Material: ``OFFLINE=true mkdocs build``."""
    env = dict(os.environ, OFFLINE="true", NO_MKDOCS_2_WARNING="1",
               SOURCE_DATE_EPOCH=str(epoch if epoch is not None else source_date_epoch(root)))
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(root), env.get("PYTHONPATH")]))
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean",
           "-f", str(root / "mkdocs.yml"), "-d", str(site_dir)]
    proc = subprocess.run(cmd, cwd=root, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout + proc.stderr)
        raise SystemExit(f"offline build failed (mkdocs exit {proc.returncode})")


def _search_langs(site: Path) -> list[list[str]]:
    """The languages of each of the bundle's search indexes (one per language: search/ and
    en/search/, lessico/searchindex.py)."""
    indexes = sorted(site.glob("search/search_index.js")) + sorted(site.glob("*/search/search_index.js"))
    if not indexes:
        raise SystemExit(f"{site / 'search' / 'search_index.js'} is missing: is Material's offline plugin enabled (OFFLINE=true)?")
    langs = []
    for js in indexes:
        text = js.read_text(encoding="utf-8")
        data = json.loads(text[text.index("{"):])
        langs.append(list(data.get("config", {}).get("lang") or ["en"]))
    return langs


def _needed_lunr(langs: list[str]) -> set[str]:
    """The files Material's search worker imports for these languages (see its ``importScripts``)."""
    need: set[str] = set()
    for lang in langs:
        if lang == "ja":
            need.add("tinyseg.js")
        if lang in ("hi", "th"):
            need.add("wordcut.js")
        if lang != "en":
            need.add(f"min/lunr.{lang}.min.js")
    if langs != ["en"]:
        need.add("min/lunr.stemmer.support.min.js")
    if len(langs) > 1:
        need.add("min/lunr.multi.min.js")
    return need


def prune(site: Path) -> list[str]:
    """Remove from the built site what is useless or duplicated over file://; return those paths.

    - ``sitemap.xml(.gz)``: the public site's absolute URLs, for search engines (Material's probe
      of it for the language selector is an XHR, which file:// refuses anyway);
    - ``404.html``: shown only by a web server for a missing URL;
    - ``search/search_index.json``: the same index as ``search_index.js``, which is what Material
      loads over file://;
    - ``*.map``: source maps of Material's minified JS/CSS, a developer tool (their
      ``sourceMappingURL`` comments go with them);
    - lunr stemmers of languages the search does not use (its config names the ones it loads);
    - development artefacts (``DEV_ARTEFACTS``), should any ever reach the site.
    """
    site = Path(site)
    removed: list[str] = []

    def drop(path: Path) -> None:
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()
        removed.append(path.relative_to(site).as_posix())

    for path in sorted(site.rglob("*")):
        if not path.exists():
            continue
        rel = path.relative_to(site).as_posix()
        if path.name in DEV_ARTEFACTS or (path.is_file() and path.suffix in (".pyc", ".pyo")):
            drop(path)
        elif path.is_file() and (path.name in ("sitemap.xml", "sitemap.xml.gz", "404.html")
                                 or rel.endswith("search/search_index.json")):
            drop(path)
        elif path.is_file() and path.suffix == ".map":
            owner = path.with_suffix("")  # bundle.x.min.js.map -> bundle.x.min.js
            if owner.is_file():
                data = owner.read_bytes()
                owner.write_bytes(_SOURCEMAP.sub(b"\n", data).rstrip(b"\n") + b"\n")
            drop(path)

    lunr = site / "assets" / "javascripts" / "lunr"
    if lunr.is_dir():
        keep = set().union(*(_needed_lunr(langs) for langs in _search_langs(site)))
        for path in sorted(lunr.rglob("*")):
            if path.is_file() and path.relative_to(lunr).as_posix() not in keep:
                drop(path)
        for path in sorted(lunr.rglob("*"), reverse=True):
            if path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    return removed


def write_zip(site: Path, zip_path: Path, top: str, epoch: int) -> int:
    """Deterministic zip of ``site`` under the folder ``top``; returns the number of files."""
    stamp = datetime.fromtimestamp(max(epoch, 315532800), timezone.utc).timetuple()[:6]  # zip: >= 1980
    zip_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = zip_path.with_name(zip_path.name + ".part")
    files = sorted(p for p in Path(site).rglob("*") if p.is_file())
    dirs = sorted({p.parent for p in files if p.parent != Path(site)})
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        entries = [(f"{top}/", None)]
        entries += [(f"{top}/{d.relative_to(site).as_posix()}/", None) for d in dirs]
        entries += [(f"{top}/{f.relative_to(site).as_posix()}", f) for f in files]
        for name, path in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.create_system = 3  # unix, so that the permissions below are honoured
            if path is None:
                info.external_attr = (0o40755 << 16) | 0x10
                zf.writestr(info, b"")
            else:
                info.external_attr = 0o100644 << 16
                info.compress_type = zipfile.ZIP_DEFLATED  # ZipInfo defaults to stored
                zf.writestr(info, path.read_bytes(), compresslevel=9)
    tmp.replace(zip_path)
    return len(files)


def human(n: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1000 or unit == "GB":
            return f"{n:.1f} {unit}" if unit != "B" else f"{n} B"
        n /= 1000
    return f"{n} B"


def print_pdfs(site: Path, root: Path = ROOT) -> None:
    """The printable glossary's PDFs, beside their pages (scripts/print_pdfs.py, headless Chromium)."""
    proc = subprocess.run([sys.executable, str(root / "scripts" / "print_pdfs.py"), str(site)], cwd=root,
                          capture_output=True, text=True)
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout + proc.stderr)
        raise SystemExit(f"printing the glossary's PDFs failed (exit {proc.returncode})")
    print(proc.stdout.strip().splitlines()[-1])


def make_bundle(out_dir: Path, root: Path = ROOT, site_dir: Path | None = None, pdfs: bool = False) -> dict:
    """Build, prune and zip (with the print pages' PDFs when ``pdfs``); returns a summary (path,
    sizes, counts, seconds)."""
    t0 = time.perf_counter()
    epoch = source_date_epoch(root)
    top = bundle_name(epoch)
    with tempfile.TemporaryDirectory(prefix="lessico-offline-") as tmp:
        site = Path(site_dir) if site_dir else Path(tmp) / top
        if site.is_dir() and any(site.iterdir()) and not (site / "index.html").is_file():
            raise SystemExit(f"{site} is not empty and holds no site: refusing to overwrite it")
        build_site(site, root, epoch)
        t_build = time.perf_counter() - t0
        removed = prune(site)
        if pdfs:
            print_pdfs(site, root)
        unpacked = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
        zip_path = Path(out_dir) / f"{top}.zip"
        count = write_zip(site, zip_path, top, epoch)
    return {"zip": zip_path, "bytes": zip_path.stat().st_size, "unpacked": unpacked, "files": count,
            "removed": removed, "build_seconds": t_build, "seconds": time.perf_counter() - t0}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m lessico.bundle", description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default=str(ROOT / "dist"), help="folder for the zip (default: dist/)")
    ap.add_argument("--site", help="also keep the unzipped bundle in this folder (rebuilt from scratch)")
    ap.add_argument("--pdfs", action="store_true", help="also print the printable glossary to PDFs (needs Chromium)")
    args = ap.parse_args(argv)
    s = make_bundle(Path(args.out), ROOT, Path(args.site) if args.site else None, args.pdfs)
    try:
        shown = s["zip"].resolve().relative_to(Path.cwd())
    except ValueError:
        shown = s["zip"]
    print(f"{shown}  {human(s['bytes'])} ({s['bytes']} bytes; {s['files']} files, "
          f"{human(s['unpacked'])} unpacked; {len(s['removed'])} build files left out)")
    print(f"built in {s['build_seconds']:.1f} s, bundled in {s['seconds']:.1f} s in all")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
