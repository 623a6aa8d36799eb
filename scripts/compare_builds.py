"""Compare two builds of the site, file by file, byte for byte, grouped by page type.

    python scripts/compare_builds.py OLD_SITE NEW_SITE       # compare two built folders
    python scripts/compare_builds.py --build OLD_REPO NEW_REPO [--offline]
                                                             # build each checkout, then compare

Nothing is ignored: every file only in one build and every file whose bytes differ is listed,
under the page type its path says it is (concept, source, glossary index, ...). Exit status 0
when the builds are identical, 1 otherwise. Builds use a fixed SOURCE_DATE_EPOCH so that two
builds of the same inputs are identical (tests/test_reproducible.py).
"""
from __future__ import annotations

import argparse
import difflib
import os
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

EPOCH = "1767225600"  # the tests' epoch (tests/conftest.py)

# (page type, test on the path relative to the site root, language prefix removed); first match wins
PAGE_TYPES = (
    ("glossary index", lambda p: p in ("glossary/index.html", "glossary.html")),
    ("concept", lambda p: p.startswith("glossary/")),
    ("sources index", lambda p: p in ("sources/index.html", "sources.html")),
    ("source", lambda p: p.startswith("sources/")),
    ("theme map", lambda p: p.startswith(("maps/", "map/", "themes/"))),
    ("bibliography", lambda p: p.startswith("bibliography")),
    ("permalink / redirect", lambda p: p.startswith("t/")),
    ("search index", lambda p: p.startswith("search/")),
    ("theme asset", lambda p: p.startswith("assets/")),
    ("sitemap", lambda p: p.startswith("sitemap")),
    ("other page", lambda p: p.endswith(".html")),
    ("export / other file", lambda p: True),
)


def page_type(rel: str) -> str:
    p = rel[3:] if rel.startswith("en/") else rel
    return next(name for name, test in PAGE_TYPES if test(p))


def files(root: Path) -> dict[str, Path]:
    return {p.relative_to(root).as_posix(): p for p in sorted(root.rglob("*")) if p.is_file()}


def build(repo: Path, out: Path, offline: bool) -> None:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH=EPOCH)
    env.pop("OFFLINE", None)
    if offline:
        env["OFFLINE"] = "true"
    python = repo / ".venv" / "bin" / "python"
    cmd = [str(python if python.exists() else sys.executable), "-m", "mkdocs", "build", "--strict", "-q",
           "-f", str(repo / "mkdocs.yml"), "-d", str(out)]
    subprocess.run(cmd, cwd=repo, env=env, check=True)


def compare(old: Path, new: Path, context: int = 2, max_diff_lines: int = 12) -> int:
    a, b = files(old), files(new)
    groups: dict[str, list[str]] = defaultdict(list)
    for rel in sorted(set(a) | set(b)):
        if rel not in b:
            groups[page_type(rel)].append(f"  only in old: {rel}")
        elif rel not in a:
            groups[page_type(rel)].append(f"  only in new: {rel}")
        elif a[rel].read_bytes() != b[rel].read_bytes():
            lines = [f"  differs: {rel}"]
            try:
                ta = a[rel].read_text(encoding="utf-8").splitlines()
                tb = b[rel].read_text(encoding="utf-8").splitlines()
                diff = list(difflib.unified_diff(ta, tb, lineterm="", n=context))[2:]
                lines += [f"      {d[:200]}" for d in diff[:max_diff_lines]]
                if len(diff) > max_diff_lines:
                    lines.append(f"      ... {len(diff) - max_diff_lines} more diff lines")
            except UnicodeDecodeError:
                lines.append("      (binary)")
            groups[page_type(rel)].append("\n".join(lines))
    total = len(set(a) | set(b))
    if not groups:
        print(f"identical: {total} files")
        return 0
    n = sum(len(v) for v in groups.values())
    print(f"{n} of {total} files differ")
    for name, _ in PAGE_TYPES:
        if groups.get(name):
            print(f"\n== {name}: {len(groups[name])}")
            print("\n".join(groups[name]))
    return 1


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("old", type=Path)
    ap.add_argument("new", type=Path)
    ap.add_argument("--build", action="store_true", help="OLD and NEW are checkouts to build first")
    ap.add_argument("--offline", action="store_true", help="with --build: the offline variant")
    args = ap.parse_args(argv)
    if not args.build:
        return compare(args.old, args.new)
    with tempfile.TemporaryDirectory() as tmp:
        outs = []
        for i, repo in enumerate((args.old, args.new)):
            out = Path(tmp) / f"site{i}"
            build(repo.resolve(), out, args.offline)
            outs.append(out)
        return compare(*outs)


if __name__ == "__main__":
    sys.exit(main())
