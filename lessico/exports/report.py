"""The build report: what the repair removed and what recognition and citation found, per source.

Deterministic (no timings), so that reproducible builds stay byte-identical.
"""
from __future__ import annotations

from ..references import is_verified

import json
from collections import Counter
from pathlib import Path


def report_data(model) -> dict:
    per_source = {}
    linked_cites = Counter(k[0] for k in model.bib.links)
    unresolved = Counter(u[0] for u in model.bib.unresolved)
    for src in model.sources:
        ps = model.passages[src.id]
        found = sum(len(p.cites) for p in ps)
        terms_linked = sum(len({m.concept for m in p.matches}) for p in ps if p.kind not in ("heading", "link"))
        per_source[src.id] = {
            "file": src.meta.file,
            "paragraphs": len(src.paragraphs),
            "footnotes": len(src.footnotes),
            "fixes": dict(sorted(src.fixes.items())),
            "removed": [{"rule": r.rule, "line": r.line, "text": r.text} for r in src.removed],
            "citations": {"found": found, "linked": linked_cites.get(src.id, 0), "unresolved": unresolved.get(src.id, 0)},
            "occurrences": sum(len(p.matches) for p in ps),
            "terms_linked": terms_linked,
        }
    return {
        "concepts": len(model.concepts),
        "concepts_per_theme": dict(sorted(Counter(c.theme for c in model.concepts.values()).items())),
        "references": {
            "total": len(model.bib.items),
            "verified": sum(1 for i in model.bib.items if is_verified(i)),
        },
        "unresolved_citations": [
            {"source": s, "anchor": a, "text": c.text} for s, a, c in model.bib.unresolved
        ],
        "sources": per_source,
    }


def write(model, site_dir: Path, directory_urls: bool = True, site_url: str = "",
          overrides: str | None = None) -> list[str]:
    data = report_data(model)
    (site_dir / "build-report.json").write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
    return ["build-report.json"]
