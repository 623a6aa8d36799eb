"""Exports written into the site root once per build (see ``write_all``)."""
from __future__ import annotations

import json
import logging
from pathlib import Path

log = logging.getLogger("lessico.exports")


def write_all(model, site_dir: Path, directory_urls: bool, site_url: str) -> list[str]:
    from . import report, permalinks

    written = []
    written += report.write(model, site_dir)
    written += permalinks.write(model, site_dir, directory_urls, site_url)
    return written
