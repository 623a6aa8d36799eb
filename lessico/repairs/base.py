"""The shapes every repair rule shares: the line and document it works on, the per-document
context (counters, removals, vocabulary, widths) and the ordered registry of rules.

A rule is a named object with a priority, a stage (``line``: one line at a time, before any
document-level pass; ``document``: the whole document) and a one-line reason. The registry runs
the rules of a stage from the highest priority to the lowest, like Python-Markdown's
``Registry``; two rules may not share a name or a priority (the order must be told, not implied).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Iterator

from ..model import Removal

STAGES = ("line", "document")


@dataclass(slots=True)
class Line:
    no: int  # 1-based line in the original
    text: str  # normalised, stripped
    lead: bool  # the original line began with whitespace: pdftotext's mark of a page start
    kind: str = "text"  # text | blank | link | removed | fnbody | marker
    role: str = "para"  # for text lines: para | heading | item | list
    level: int = 0
    chapter_label: bool = False  # "Capitolo primo" alone: its title follows on the next line
    wraps: bool = False  # a numbered or chapter heading, which may be wrapped over two lines
    marks: list | tuple = ()  # [(offset in text, label)]; a shared empty tuple until a mark comes


class Ctx:
    """Per-document state shared by the rules: language, counters, removals, vocabulary, widths.

    Built by the runner with the counter keys the registry declares; a rule that counts under a
    key it did not declare is a programming error (KeyError), not a silent new key."""

    def __init__(self, keys=(), lang: str = ""):
        self.fixes = dict.fromkeys(keys, 0)
        self.lang = lang  # the text's ISO 639-1 code ("" when unknown): for the typography rules
        self._strict = bool(keys)
        self.removed: list[Removal] = []
        self.vocab: Counter = Counter()  # standalone words (not hyphen fragments), casefolded
        self.compounds: set[str] = set()  # hyphenated compounds written on one line
        self.width = 80.0  # a "full" line, in characters (see layout.measure)
        self.mode = "wrapped"
        self.has_chapters = False

    def fix(self, key: str, n: int = 1):
        if self._strict:
            self.fixes[key] += n
        else:
            self.fixes[key] = self.fixes.get(key, 0) + n

    def drop(self, rule: str, line: int, text: str):
        self.removed.append(Removal(rule=rule, line=line, text=text))


@dataclass
class Doc:
    """The document the document-stage rules share: its lines, then its footnotes and blocks."""
    lines: list[Line]
    footnotes: list = field(default_factory=list)
    blocks: list = field(default_factory=list)


@dataclass(frozen=True)
class Rule:
    name: str
    priority: int
    stage: str  # line | document
    run: Callable  # line: (Line, Ctx) -> None; document: (Doc, Ctx) -> None
    reason: str  # one line: why the rule exists (the damage it repairs)
    keys: tuple[str, ...] = ()  # counter keys it reports in ``fixes``
    family: str = ""  # module it belongs to: spaces, duplicates, layout, footnotes, headings, links


class Registry:
    """Rules by name, run in priority order (highest first) within their stage."""

    def __init__(self):
        self._rules: dict[str, Rule] = {}

    def register(self, rule: Rule) -> None:
        self._rules[rule.name] = rule  # validate() reports clashes; a dict keeps the last

    def extend(self, rules) -> None:
        for r in rules:
            if r.name in self._rules:
                raise ValueError(f"repair rule {r.name!r} registered twice")
            self.register(r)

    def deregister(self, name: str) -> None:
        del self._rules[name]

    def __contains__(self, name: str) -> bool:
        return name in self._rules

    def __getitem__(self, name: str) -> Rule:
        return self._rules[name]

    def __len__(self) -> int:
        return len(self._rules)

    def __iter__(self) -> Iterator[Rule]:
        for stage in STAGES:
            yield from self.stage(stage)

    def stage(self, stage: str) -> list[Rule]:
        return sorted((r for r in self._rules.values() if r.stage == stage), key=lambda r: -r.priority)

    def keys(self) -> tuple[str, ...]:
        """Every counter key, in run order, each once."""
        out: dict[str, None] = {}
        for r in self:
            for k in r.keys:
                out.setdefault(k, None)
        return tuple(out)

    def problems(self) -> list[str]:
        """What is wrong with the registry itself (empty when it can run)."""
        out = []
        seen: dict[tuple[str, int], str] = {}
        for r in self._rules.values():
            if r.stage not in STAGES:
                out.append(f"rule {r.name!r}: unknown stage {r.stage!r}")
            if not r.reason.strip() or "\n" in r.reason.strip():
                out.append(f"rule {r.name!r}: the reason must be one non-empty line")
            if not callable(r.run):
                out.append(f"rule {r.name!r}: run is not callable")
            other = seen.setdefault((r.stage, r.priority), r.name)
            if other != r.name:
                out.append(f"rules {other!r} and {r.name!r} share priority {r.priority} ({r.stage}): "
                           "the order must be explicit")
        return out
