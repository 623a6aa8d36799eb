"""The repair rules, in one ordered registry.

Each rule is a :class:`~.base.Rule`: a name, a priority, a stage and a one-line reason, grouped in
modules by family. ``lessico.sources`` only reads, validates and runs this registry.

Where a maintainer adds a rule: write the function in the module of its family (or a new module
listed in ``FAMILIES``), add a ``Rule`` to that module's ``RULES`` with a free priority that
places it in the run order, and test it on a real snippet and a synthetic variant
(tests/test_sources.py). A rule that depends on the text's language reads its ISO 639-1 code in
``ctx.lang`` (a language's typography is data: ``spaces.SPACED_BEFORE``, ``SPACED_AFTER``).
Run order (highest priority first):

- line stage: odd-space 100, odd-hyphen 90, duplicate-copy 80, doubled-words 70,
  overlay-garbage 60, space-punct 50;
- document stage: vocabulary 100, footnotes 90, rule-line 80, page-number 75, chapters 70,
  link 65, line-roles 60, measure 50, paragraphs 40, emphasis 30, title 20.
"""
from __future__ import annotations

from . import duplicates, footnotes, headings, layout, links, spaces
from .base import Ctx, Doc, Line, Registry, Rule

FAMILIES = (spaces, duplicates, layout, footnotes, headings, links)


def default_registry() -> Registry:
    reg = Registry()
    for module in FAMILIES:
        reg.extend(module.RULES)
    return reg


__all__ = ["Ctx", "Doc", "Line", "Registry", "Rule", "FAMILIES", "default_registry"]
