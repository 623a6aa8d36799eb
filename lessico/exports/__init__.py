"""Exports written into the site root once per build (see ``write_all``).

Each export is a module with ``write(model, site_dir, directory_urls, site_url, overrides)
-> list[str]`` (``overrides``: the folder whose ``lessico/`` templates replace the package's)
(the paths it wrote, relative to the site root), registered once in ``EXPORTS`` under a name.
The order is explicit because it is the order of the console lines and of build-report.json;
no export reads another's output. Adding an export: write the module, add one row here, add it
to the list of files in ARCHITECTURE.md.
"""
from __future__ import annotations

import importlib
import logging
from pathlib import Path

log = logging.getLogger("lessico.exports")

# (name, module under lessico.exports), in the order they run
EXPORTS: tuple[tuple[str, str], ...] = (
    ("build report", "report"),
    ("permalinks and redirects", "permalinks"),
    ("terms.json", "terms"),
    ("SKOS", "skos"),
    ("Sphinx inventories", "sphinx_inv"),
    ("MyST cross-references", "myst_xref"),
    ("Moodle glossary", "moodle"),
    ("TBX", "tbx"),
    ("abbreviation snippet", "abbr"),
    ("LaTeX glossaries", "latex"),
    ("pandoc glossary", "pandoc_md"),
    ("bibliography files", "bibfiles"),
    ("flashcards", "flashcards"),
    ("course exports", "courses"),
)


def write_all(model, site_dir: Path, directory_urls: bool, site_url: str, overrides: str | None = None) -> list[str]:
    written = []
    for _name, module in EXPORTS:
        writer = importlib.import_module(f"{__name__}.{module}")
        written += writer.write(model, site_dir, directory_urls, site_url, overrides)
    log.info("exports: %d files written into the site root", len(written))
    return written
