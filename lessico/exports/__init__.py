"""Exports written into the site root once per build (see ``write_all``)."""
from __future__ import annotations

import logging
from pathlib import Path

log = logging.getLogger("lessico.exports")


def write_all(model, site_dir: Path, directory_urls: bool, site_url: str, overrides: str | None = None) -> list[str]:
    from . import abbr, bibfiles, moodle, permalinks, report, skos, sphinx_inv, tbx, terms

    written = []
    written += report.write(model, site_dir)
    written += permalinks.write(model, site_dir, directory_urls, site_url, overrides)
    for writer in (terms, skos, sphinx_inv, moodle, tbx, abbr, bibfiles):
        written += writer.write(model, site_dir, directory_urls, site_url)
    log.info("exports: %d files written into the site root", len(written))
    return written
