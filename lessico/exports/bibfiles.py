"""The whole bibliography as downloads: ``bibliography.bib`` (BibTeX), ``bibliography.ris`` (RIS) and
``bibliography.json`` (CSL-JSON, valid against the official schema: CSL variables and ``custom`` only)."""
from __future__ import annotations

import json
from pathlib import Path

from .bibtex import to_bibtex
from .ris import to_ris


def _public(item: dict) -> dict:
    """The item as users get it: no internal source ids (``custom.cited_by``), no free-text note."""
    out = {k: v for k, v in item.items() if k != "note"}
    custom = {k: v for k, v in (item.get("custom") or {}).items() if k != "cited_by"}
    if custom:
        out["custom"] = custom
    else:
        out.pop("custom", None)
    return out


def write(model, site_dir: Path, directory_urls: bool, site_url: str, overrides: str | None = None) -> list[str]:
    items = [_public(i) for i in model.bib.items]
    (site_dir / "bibliography.bib").write_text(to_bibtex(items), encoding="utf-8")
    # newline="" keeps the CR LF line ends RIS asks for on every platform
    (site_dir / "bibliography.ris").write_text(to_ris(items), encoding="utf-8", newline="")
    (site_dir / "bibliography.json").write_text(
        json.dumps(items, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return ["bibliography.bib", "bibliography.ris", "bibliography.json"]
