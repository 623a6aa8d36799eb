"""Reproducible builds: two ``mkdocs build --strict`` runs of the same tree, both with
SOURCE_DATE_EPOCH (conftest's mkdocs_build sets it), into two different directories, give
byte-identical trees: every file, sitemap.xml and sitemap.xml.gz, the search index and every
export included.

The second build also runs with another hash seed and another time zone than the first (the
session's ``site``), so that set/dict ordering or local time cannot slip into an output unnoticed.
"""
from __future__ import annotations

import gzip
import hashlib
import struct

from conftest import EPOCH, ROOT, mkdocs_build
import pytest

pytestmark = pytest.mark.build


def _tree(root) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _first_difference(a: bytes, b: bytes) -> str:
    i = next((k for k, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    return f"first difference at byte {i}: {a[max(0, i - 60):i + 60]!r} vs {b[max(0, i - 60):i + 60]!r}"


def test_two_builds_are_byte_identical(site, tmp_path):
    other = tmp_path / "second-build"
    mkdocs_build(ROOT, other, extra_env={"PYTHONHASHSEED": "4242", "TZ": "Pacific/Kiritimati"})
    first, second = _tree(site), _tree(other)

    # the outputs the issue names are there, so that they are compared
    for name in ("sitemap.xml", "sitemap.xml.gz", "search/search_index.json", "en/search/search_index.json", "terms.json", "skos.ttl",
                 "objects.inv", "glossary.tbx", "build-report.json", "bibliography.bib", "bibliography.ris",
                 "bibliography.json"):
        assert name in first, f"{name} missing from the build"
    assert len(first) > 500

    only_first = sorted(set(first) - set(second))
    only_second = sorted(set(second) - set(first))
    assert not only_first and not only_second, f"files in one build only: {only_first[:20]} / {only_second[:20]}"
    differ = [name for name in first if first[name] != second[name]]
    details = "\n".join(f"{name}: {_first_difference(first[name], second[name])}" for name in differ[:10])
    assert not differ, f"{len(differ)} of {len(first)} files differ:\n{details}"
    digest = hashlib.sha256(b"".join(n.encode() + b"\0" + first[n] for n in sorted(first))).hexdigest()
    print(f"reproducible: {len(first)} files, {sum(map(len, first.values()))} bytes, tree sha256 {digest[:16]}")


def test_sitemap_gz_carries_the_source_date(site):
    """gzip writes a time stamp into its header: it must be SOURCE_DATE_EPOCH, not the build time."""
    raw = (site / "sitemap.xml.gz").read_bytes()
    assert raw[:2] == b"\x1f\x8b"
    (mtime,) = struct.unpack("<I", raw[4:8])
    assert mtime == int(EPOCH)
    assert gzip.decompress(raw) == (site / "sitemap.xml").read_bytes()
