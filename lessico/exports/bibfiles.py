"""The whole bibliography as downloads: ``bibliography.bib`` (BibTeX) and ``bibliography.json`` (CSL-JSON)."""
from __future__ import annotations

import json
from pathlib import Path

from .bibtex import to_bibtex


def write(model, site_dir: Path, directory_urls: bool, site_url: str) -> list[str]:
    items = model.bib.items
    (site_dir / "bibliography.bib").write_text(to_bibtex(items), encoding="utf-8")
    (site_dir / "bibliography.json").write_text(
        json.dumps(items, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return ["bibliography.bib", "bibliography.json"]
